# SPDX-License-Identifier: GPL-3.0-or-later
# Every C object the glue makes (calls, tables, JSON trees) is owned by an
# external pointer with a finalizer: freed when done, or by the garbage
# collector when an R error cut the call short.  The glue counts the live
# ones; after gc() none is left.  (tests/r.sh also runs a script under
# valgrind.)
skip_without_cli()

live <- function() .Call(incstat:::incstat_r_live)

test_that("nothing stays allocated after calls, loads and errors", {
  gc()
  before <- live()
  for (i in 1:20) {
    inc_summary(pbc(), quiet = TRUE)
    read_incidents(pbc(), quiet = TRUE)
    try(inc_summary("/nonexistent.csv"), silent = TRUE)
    try(inc_summary(pbc(), bye = 1), silent = TRUE)
    try(.Call(incstat:::incstat_r_json, "{\"a\": [1, 2"), silent = TRUE)
  }
  gc()
  expect_identical(live(), before)
  expect_identical(before, 0L)
})

test_that("an interrupt-like R error during conversion frees the tree", {
  # a JSON string with a NUL cannot become an R string: R errors while the
  # tree is being converted, and the finalizer frees it
  expect_error(.Call(incstat:::incstat_r_json, "[\"a\\u0000b\"]"))
  gc()
  expect_identical(live(), 0L)
})
