# SPDX-License-Identifier: GPL-3.0-or-later
# The JSON-to-R rules of the C glue (r/src/json.c).
j <- function(s) .Call(incstat:::incstat_r_json, s)

test_that("objects, arrays, scalars", {
  expect_identical(j('{"a": 1, "b": "x", "c": null, "d": true}'),
                   list(a = 1, b = "x", c = NA, d = TRUE))
  expect_identical(j("[1, 2.5, null]"), c(1, 2.5, NA))
  expect_identical(j('["a", null]'), c("a", NA))
  expect_identical(j("[true, null, false]"), c(TRUE, NA, FALSE))
  expect_identical(j("[null, null]"), c(NA, NA))
  expect_identical(j("[]"), list())
  expect_identical(j('[1, "a"]'), list(1, "a"))
  expect_identical(j("[[1, 2], [3]]"), list(c(1, 2), 3))
  expect_identical(j("3"), 3)
  expect_identical(j("9007199254740993"), 9007199254740992) # integers are doubles
})

test_that("an array of objects with the same keys is a data.frame", {
  d <- j('[{"y": 2001, "k": 1.5, "n": "a", "v": [1]}, {"y": 2002, "k": null, "n": null, "v": []}]')
  expect_s3_class(d, "data.frame")
  expect_identical(d$y, c(2001, 2002))
  expect_identical(d$k, c(1.5, NA))
  expect_identical(d$n, c("a", NA))
  expect_identical(d$v, list(1, list()))
  expect_identical(nrow(d), 2L)
  # different keys: a list
  expect_type(j('[{"a": 1}, {"b": 1}]'), "list")
  expect_false(is.data.frame(j('[{"a": 1}, {"b": 1}]')))
})

test_that("UTF-8 text stays UTF-8", {
  x <- j('["Peshawar \\u2013 Khyber"]')
  expect_identical(Encoding(x), "UTF-8")
  expect_identical(x, "Peshawar \u2013 Khyber")
})

test_that("not JSON is an incstat_error", {
  expect_error(j("{"), class = "incstat_error")
})
