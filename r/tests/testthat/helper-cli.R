# SPDX-License-Identifier: GPL-3.0-or-later
# The source tree and its incstat program: INCSTAT_ROOT (tests/r.sh sets
# it), else found upward from the test directory.  The CLI is the
# reference every number is compared with.
inc_root <- function() {
  r <- Sys.getenv("INCSTAT_ROOT")
  if (nzchar(r)) return(normalizePath(r))
  d <- normalizePath(getwd())
  while (dirname(d) != d) {
    if (file.exists(file.path(d, "include", "incstat.h"))) return(d)
    d <- dirname(d)
  }
  NA_character_
}
inc_cli <- function() {
  b <- Sys.getenv("INCSTAT_CLI")
  if (nzchar(b)) b else file.path(inc_root(), "build", "incstat")
}
skip_without_cli <- function() {
  skip_if(is.na(inc_root()) || !file.exists(inc_cli()), "no source tree with build/incstat")
}
dataset <- function(name) file.path(inc_root(), "datasets", name)
pbc <- function() dataset("pbc_suicide_attacks_ver11_2017-11-30.csv")
ucdp <- function() dataset("ucdp_organized_violence_country_year_v25_1.csv")

# Options as the R functions take them, as command-line arguments
cli_args <- function(opts) {
  out <- character()
  for (n in names(opts)) {
    v <- opts[[n]]
    flag <- paste0("--", gsub("_", "-", n))
    if (isTRUE(v)) out <- c(out, flag)
    else for (x in v) out <- c(out, flag, format(x, scientific = FALSE))
  }
  out
}

# `incstat COMMAND --quiet --format json OPTIONS FILES` parsed by jsonlite
# (an independent parser: arrays stay lists, so every field is compared)
cli_json <- function(command, files, opts) {
  # claim exits 3 when the claim does not hold, alerts 4 on an alert: the
  # JSON is written all the same
  out <- suppressWarnings(system2(inc_cli(), c(command, "--quiet", "--format", "json", cli_args(opts),
                                               shQuote(files)), stdout = TRUE, stderr = FALSE))
  jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
}

# Every field of the CLI's JSON (raw, from jsonlite) against the binding's
# value (got): objects as named lists, arrays of objects as data.frames,
# null as NA, numbers exactly equal as doubles.
expect_same_json <- function(got, raw, where = "", tol = 0) {
  fail <- function(msg) testthat::fail(sprintf("%s: %s", if (nzchar(where)) where else "top", msg))
  scalar_eq <- function(g, r, w) {
    if (is.null(r)) {
      if (!(length(g) == 1 && is.na(g))) fail(sprintf("%s: CLI null, binding %s", w, format(g)))
      return(invisible())
    }
    if (length(g) != 1 || is.na(g)) return(fail(sprintf("%s: CLI %s, binding %s", w, format(r), format(g))))
    if (is.numeric(r)) ok <- is.double(g) && (identical(g, as.double(r)) ||
                                              (tol > 0 && abs(g - r) <= tol * abs(r)))
    else ok <- identical(g, r)
    if (!ok) fail(sprintf("%s: CLI %s, binding %s", w, format(r, digits = 17), format(g, digits = 17)))
  }
  if (is.list(raw) && !is.null(names(raw))) { # object
    if (!is.list(got) || is.data.frame(got) || !identical(names(got), names(raw)))
      return(fail("an object whose names differ"))
    for (k in names(raw)) expect_same_json(got[[k]], raw[[k]], paste0(where, "$", k), tol)
  } else if (is.list(raw)) { # array
    if (is.data.frame(got)) {
      if (nrow(got) != length(raw)) return(fail("row count"))
      for (i in seq_along(raw)) {
        if (!identical(names(got), names(raw[[i]]))) return(fail(sprintf("row %d: names", i)))
        for (k in names(raw[[i]])) {
          cell <- got[[k]]
          g <- if (is.list(cell)) cell[[i]] else cell[i]
          w <- sprintf("%s[%d, \"%s\"]", where, i, k)
          if (is.list(raw[[i]][[k]])) expect_same_json(g, raw[[i]][[k]], w, tol)
          else scalar_eq(g, raw[[i]][[k]], w)
        }
      }
    } else {
      if (length(got) != length(raw)) return(fail("array length"))
      for (i in seq_along(raw)) {
        g <- if (is.list(got)) got[[i]] else got[i]
        w <- sprintf("%s[%d]", where, i)
        if (is.list(raw[[i]])) expect_same_json(g, raw[[i]], w, tol) else scalar_eq(g, raw[[i]], w)
      }
    }
  } else {
    scalar_eq(got, raw, where)
  }
  testthat::succeed()
  invisible(got)
}

# Trend's model fits go through GSL's BLAS calls (cblas_*).  In an R process
# those symbols come from R's own BLAS (Debian: netlib's libblas.so.3, loaded
# with R before the package, so its cblas_* are found first), which rounds
# differently from GSL's libgslcblas that the CLI uses, and the iterative
# fits (negative binomial) carry the last-digit differences on: the fitted
# figures of the three trend cases agree to a relative 1.5e-11 at most
# (measured), not bit for bit; the test allows 1e-9.  With libgslcblas
# preloaded they are identical (the LD_PRELOAD test).  Everything else
# (sums, ranks, claims, alerts, and every text, null and flag of trend) is
# compared exactly.
trend_tolerance <- function() {
  if (grepl("gslcblas", Sys.getenv("LD_PRELOAD"), fixed = TRUE)) 0 else 1e-9
}
gslcblas_path <- function() {
  for (d in c("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
              Sys.glob("/usr/lib/*-linux-gnu"))) {
    f <- file.path(d, "libgslcblas.so.0")
    if (file.exists(f)) return(f)
  }
  NA_character_
}
