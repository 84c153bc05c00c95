# SPDX-License-Identifier: GPL-3.0-or-later
# Errors are conditions of class incstat_error with incstat's message, its
# code, the file, line and column.
skip_without_cli()

catch <- function(expr) tryCatch(expr, incstat_error = function(e) e)

test_that("a malformed file: line and column", {
  f <- file.path(inc_root(), "tests", "data", "cli", "unterminated.csv")
  e <- catch(inc_summary(f, map = c("date=date", "killed=killed"), quiet = TRUE))
  expect_s3_class(e, c("incstat_error", "error", "condition"), exact = TRUE)
  expect_identical(e$code, "EPARSE")
  expect_equal(e$line, 3)
  expect_equal(e$column, 2)
  expect_identical(e$file, f)
  expect_match(conditionMessage(e), "unterminated quoted field", fixed = TRUE)
  # the same from the loader
  e2 <- catch(read_incidents(f, map = c("date=date", "killed=killed")))
  expect_s3_class(e2, "incstat_error")
  expect_equal(c(e2$line, e2$column), c(3, 2))
})

test_that("a missing file, an unknown option, a bad value", {
  e <- catch(inc_summary("/nonexistent/x.csv"))
  expect_s3_class(e, "incstat_error")
  expect_identical(e$code, "EIO")
  expect_match(conditionMessage(e), "/nonexistent/x.csv", fixed = TRUE)
  expect_true(is.na(e$line))
  e <- catch(inc_summary(pbc(), bye = "admin1", quiet = TRUE))
  expect_identical(e$code, "EINVAL")
  expect_match(conditionMessage(e), "by", fixed = TRUE) # names the nearest option
  e <- catch(inc_summary(pbc(), estimate = "middle", quiet = TRUE))
  expect_identical(e$code, "EINVAL")
  expect_error(inc_summary(pbc(), "admin1"), class = "incstat_error") # unnamed
  expect_error(inc_summary(pbc(), by = NA), class = "incstat_error")
  expect_error(read_incidents(c("a", "b")), class = "incstat_error")
})

test_that("the same message as the command line", {
  f <- file.path(inc_root(), "tests", "data", "cli", "unterminated.csv")
  cli <- suppressWarnings(system2(inc_cli(), c("summary", "--map", "date=date", "--map",
                                               "killed=killed", shQuote(f)),
                                  stdout = FALSE, stderr = TRUE))
  e <- catch(inc_summary(f, map = c("date=date", "killed=killed")))
  expect_identical(paste0("incstat: ", conditionMessage(e)), cli[length(cli)])
})

test_that("a claim that does not hold is not an error", {
  c <- inc_claim(ucdp(), year = 2023, more_than = 1600, where = "country=Pakistan", quiet = TRUE)
  expect_false(c$holds)
})

test_that("tryCatch and withCallingHandlers see an ordinary R error", {
  seen <- FALSE
  r <- tryCatch(withCallingHandlers(inc_trend("/nonexistent.csv"),
                                    error = function(e) seen <<- TRUE),
                error = function(e) "caught")
  expect_true(seen)
  expect_identical(r, "caught")
})
