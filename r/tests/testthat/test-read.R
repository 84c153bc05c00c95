# SPDX-License-Identifier: GPL-3.0-or-later
# read_incidents(): column classes, unknowns as NA, the values of the CLI's
# own export of the same file, the load report.
skip_without_cli()

cli_export <- function(path, opts = list()) {
  f <- tempfile(fileext = ".csv")
  on.exit(unlink(f))
  system2(inc_cli(), c("export", "--quiet", cli_args(opts), shQuote(path), "-o", f))
  utils::read.csv(f, colClasses = "character", na.strings = "", encoding = "UTF-8")
}

test_that("column classes", {
  d <- read_incidents(pbc(), quiet = TRUE)
  expect_s3_class(d, "data.frame")
  expect_equal(nrow(d), 496)
  expect_s3_class(d$date, "Date")
  expect_s3_class(d$date_precision, "factor")
  expect_identical(levels(d$date_precision), c("year", "quarter", "month", "day"))
  for (n in c("year", "month", "day")) expect_type(d[[n]], "integer")
  for (n in c("killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high",
              "latitude", "longitude")) expect_type(d[[n]], "double")
  for (n in c("country", "admin1", "city", "location", "perpetrator", "target", "type"))
    expect_s3_class(d[[n]], "factor")
  expect_type(d$id, "character")
  expect_identical(names(d)[1:6], c("id", "date", "date_precision", "year", "month", "day"))
})

test_that("every value equals the CLI's export of the same file", {
  for (f in c(pbc(), ucdp())) {
    d <- read_incidents(f, quiet = TRUE)
    e <- cli_export(f)
    expect_identical(names(d), names(e))
    expect_equal(nrow(d), nrow(e))
    for (n in names(e)) {
      got <- d[[n]]
      want <- e[[n]]
      if (n == "date") {
        # Date only where the day is known; export writes coarser dates too
        day <- d$date_precision %in% "day"
        expect_identical(format(got[day], "%Y-%m-%d"), want[day])
        expect_true(all(is.na(got[!day])))
      } else if (is.numeric(got)) {
        expect_identical(as.double(got), as.double(want), label = n)
      } else {
        expect_identical(as.character(got), want, label = n)
      }
    }
  }
})

test_that("unknowns are NA, never 0", {
  d <- read_incidents(pbc(), quiet = TRUE)
  e <- cli_export(pbc())
  expect_true(any(is.na(d$killed_low)))
  expect_identical(is.na(d$killed_low), is.na(e$killed_low))
  expect_identical(is.na(d$injured), is.na(e$injured))
  u <- read_incidents(ucdp(), quiet = TRUE)
  expect_true(all(is.na(u$injured)))       # UCDP holds no injured figure
  expect_true(all(is.na(u$date)))          # years only
  expect_true(all(u$date_precision == "year"))
  s <- inc_summary(ucdp(), where = "country=Pakistan", quiet = TRUE)
  expect_true(all(is.na(s$incidents)))     # rows are country-years, not incidents
  expect_true(all(is.na(s$injured)))
  expect_false(any(s$killed == 0, na.rm = TRUE) && all(is.na(s$killed)))
})

test_that("factor levels are the loader's dictionary; codes match the text", {
  d <- read_incidents(pbc(), quiet = TRUE)
  e <- cli_export(pbc())
  expect_identical(as.character(d$admin1), e$admin1)
  expect_false(anyDuplicated(levels(d$admin1)) > 0)
  expect_true(all(levels(d$admin1) %in% e$admin1))
})

test_that("the load report is an attribute, as incstat inspect --format json", {
  skip_if_not_installed("jsonlite")
  d <- read_incidents(pbc(), quiet = TRUE)
  rep <- attr(d, "load_report")
  expect_type(rep, "list")
  expect_equal(rep$rows_loaded, 496)
  expect_true(is.character(rep$preset))
})

test_that("load options and the selection apply", {
  d <- read_incidents(ucdp(), where = "country=Pakistan", from = 2019, quiet = TRUE)
  expect_true(all(d$country == "Pakistan"))
  expect_identical(sort(unique(d$year)), 2019:2024)
  k <- read_incidents(pbc(), keep = "Province", quiet = TRUE)
  expect_true("Province" %in% names(k))
  expect_s3_class(k$Province, "factor")
})

test_that("a data.frame from read_incidents gives the file's numbers", {
  skip_if_not_installed("jsonlite")
  d <- read_incidents(pbc(), quiet = TRUE)
  expect_same_json(inc_summary(d, quiet = TRUE), cli_json("summary", pbc(), list()), "summary")
  u <- read_incidents(ucdp(), where = "country=Pakistan", quiet = TRUE)
  expect_same_json(inc_summary(u, quiet = TRUE),
                   cli_json("summary", ucdp(), list(where = "country=Pakistan")), "summary")
  # rows dropped in R are dropped from the summary
  late <- d[!is.na(d$year) & d$year >= 2010, ]
  s <- inc_summary(late, quiet = TRUE)
  expect_identical(s$year, as.double(2010:2017))
  expect_identical(s$incidents, as.double(table(late$year)))
})
