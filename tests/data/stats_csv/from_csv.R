# SPDX-License-Identifier: GPL-3.0-or-later
# tests/data/stats_csv/from_csv.R: Stata and SPSS files that hold the same tables as CSV files
# of the tree, for the test that they summarise to the same numbers (tests/cli/cases.sh).
# Run from the repository's root with Debian's r-cran-haven:
#     Rscript tests/data/stats_csv/from_csv.R
# Columns whose every cell is a number are written as numbers, the rest as text.
library(haven)
conv <- function(src, dst_dta, dst_sav, encoding) {
  d <- read.csv(src, colClasses = "character", check.names = FALSE, encoding = encoding,
                fileEncoding = encoding, na.strings = character(0))
  for (n in names(d)) {
    v <- d[[n]]
    num <- suppressWarnings(as.numeric(v))
    if (all(!is.na(num) | v == "")) d[[n]] <- num
    else d[[n]][d[[n]] == ""] <- NA
  }
  # Stata names: letters, digits and _ only
  names(d) <- make.unique(gsub("[^A-Za-z0-9_]", "_", names(d)))
  write_dta(d, dst_dta, version = 15)
  if (!is.null(dst_sav)) write_sav(d, dst_sav)
}
conv("tests/data/shapes/gtd_date_parts.csv", "tests/data/stats_csv/gtd_parts.dta",
     "tests/data/stats_csv/gtd_parts.sav", "UTF-8")
conv("datasets/pbc_suicide_attacks_ver11_2017-11-30.csv", "tests/data/stats_csv/pbc.dta", NULL,
     "WINDOWS-1252")
