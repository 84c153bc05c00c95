# SPDX-License-Identifier: GPL-3.0-or-later
# Every shipped dataset gives exactly the CLI's numbers: summary, trend,
# claim and alerts, field by field against `incstat ... --format json`.
skip_without_cli()
skip_if_not_installed("jsonlite")

cases <- list(
  # datasets/pbc_suicide_attacks_ver11_2017-11-30.csv (incidents)
  list("summary", pbc, list()),
  list("summary", pbc, list(by = "admin1")),
  list("summary", pbc, list(estimate = "high", to = 2016)),
  list("summary", pbc, list(by = "month", from = "2016-01-01")),
  list("trend", pbc, list()),
  list("trend", pbc, list(metric = "injured", to = 2016)),
  list("claim", pbc, list(year = 2013, highest_since = 2010)),
  list("claim", pbc, list(year = 2009, more_than = 1000)),
  list("alerts", pbc, list(by = "admin1", period = "year", baseline = 5, to = 2007)),
  list("alerts", pbc, list()),
  # datasets/ucdp_organized_violence_country_year_v25_1.csv (country-years)
  list("summary", ucdp, list(where = "country=Pakistan")),
  list("summary", ucdp, list(where = "country=Pakistan", from = 2019)),
  list("summary", ucdp, list(by = "country", from = 2020)),
  list("trend", ucdp, list(where = "country=Pakistan")),
  list("claim", ucdp, list(where = "country=Pakistan", year = 2023, highest_since = 2015)),
  list("claim", ucdp, list(where = "country=Pakistan", year = 2023, more_than = 1600)),
  list("alerts", ucdp, list(metric = "killed", by = "country", period = "year", to = 2024))
)
fns <- list(summary = inc_summary, trend = inc_trend, claim = inc_claim, alerts = inc_alerts)

for (cs in cases) {
  command <- cs[[1]]; opts <- cs[[3]]
  label <- paste(command, basename(cs[[2]]()), paste(cli_args(opts), collapse = " "))
  test_that(label, {
    raw <- cli_json(command, cs[[2]](), opts)
    got <- do.call(fns[[command]], c(list(cs[[2]]()), opts, list(quiet = TRUE)))
    # trend's model fits: see trend_tolerance() in helper-cli.R
    expect_same_json(got, raw, command, tol = if (command == "trend") trend_tolerance() else 0)
  })
}

test_that("trend is bit for bit the CLI's with GSL's own BLAS (LD_PRELOAD)", {
  cblas <- gslcblas_path()
  skip_if(is.na(cblas), "no libgslcblas.so.0")
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(sprintf("library(incstat, lib.loc = %s)", deparse(dirname(find.package("incstat")))),
               sprintf("source(%s)", deparse(normalizePath("helper-cli.R"))),
               "library(testthat)",
               "for (a in list(list(pbc(), list()), list(ucdp(), list(where = 'country=Pakistan')))) {",
               "  got <- do.call(inc_trend, c(list(a[[1]]), a[[2]], list(quiet = TRUE)))",
               "  expect_same_json(got, cli_json('trend', a[[1]], a[[2]]), 'trend', tol = 0)",
               "}", "cat('exact\\n')"), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                 env = c(sprintf("LD_PRELOAD=%s", cblas), sprintf("INCSTAT_ROOT=%s", inc_root())))
  expect_identical(out[length(out)], "exact", info = paste(out, collapse = "\n"))
})

test_that("a summary is a data.frame of doubles, a trend a list", {
  s <- inc_summary(pbc(), quiet = TRUE)
  expect_s3_class(s, "data.frame")
  expect_type(s$killed, "double")
  expect_type(s$year, "double")
  expect_type(s$partial, "logical")
  expect_type(inc_trend(pbc(), quiet = TRUE), "list")
})

test_that("diff of a release with itself and with a changed copy", {
  raw <- cli_json("diff", c(pbc(), pbc()), list())
  expect_same_json(inc_diff(pbc(), pbc(), quiet = TRUE), raw, "diff")
  # two releases of the PBC list (tests/data/diff: version 6 against 11)
  a <- file.path(inc_root(), "tests", "data", "diff", "pbc_suicide_attacks_ver6_2017-10-10.csv")
  expect_same_json(inc_diff(a, pbc(), quiet = TRUE), cli_json("diff", c(a, pbc()), list()), "diff")
  a <- file.path(inc_root(), "tests", "data", "diff", "old.csv")
  b <- file.path(inc_root(), "tests", "data", "diff", "revised.csv")
  expect_same_json(inc_diff(a, b, quiet = TRUE), cli_json("diff", c(a, b), list()), "diff")
})
