# SPDX-License-Identifier: GPL-3.0-or-later
# tests/stats/haven_dump.R: every statistics file named on the command line,
# read by haven (r-cran-haven) and written as the cells incstat's reader
# gives (src/io/source/stats_file.h), one TSV line per cell:
#     row <TAB> column <TAB> type <TAB> text
# row 0 is the header of variable names, records are 1..n, columns 0..k-1.
# Usage: Rscript haven_dump.R OUTDIR FILE...   (writes OUTDIR/<k>.tsv for the
# k-th FILE, 1-based, and OUTDIR/<k>.err when haven cannot read it).
#
# What is haven's reading and what is the convention both sides follow:
#   - read_dta/read_sav/read_por/read_sas with their defaults (so SPSS
#     user-defined missing values are NA: user_na = FALSE);
#   - zap_missing(): a tagged missing value (.a-.z) is missing even when it
#     has a value label (haven keeps it as a tagged NA, and as_factor() would
#     give it its label);
#   - a labelled value is its label (as_factor(levels = "default")); a value
#     of a labelled variable that has no label stays a number (as_factor
#     would make it the level "3": same text, but it is not a category);
#   - Date -> date "YYYY-MM-DD"; POSIXct -> datetime in UTC, "YYYY-MM-DD
#     HH:MM", ":SS" when the seconds are not 0, ".fff" when the milliseconds
#     are not 0; hms -> text "HH:MM:SS" (".ffffff" when there is a fraction,
#     without trailing zeros); years in 4 digits at least;
#   - numbers with 17 significant digits (the C side compares them as
#     doubles); an empty string is an empty cell.
suppressPackageStartupMessages(library(haven))

args <- commandArgs(trailingOnly = TRUE)
outdir <- args[1]
files <- args[-1]

clean <- function(s) gsub("[\t\n\r\\\\]", " ", s)

two <- function(x) formatC(x, width = 2, flag = "0")

# "YYYY-MM-DD" with the year in 4 digits at least (R's format() writes the
# year 1 as "1")
iso_date <- function(days) {
  lt <- as.POSIXlt(as.Date(days, origin = "1970-01-01"), tz = "UTC")
  y <- lt$year + 1900
  paste0(ifelse(y < 0, sprintf("-%04d", -y), sprintf("%04d", y)), "-",
         two(lt$mon + 1), "-", two(lt$mday))
}

# a time of day or a duration in seconds: "[-]HH:MM:SS[.ffffff]", the
# fraction rounded to microseconds without its trailing zeros (hms's digits,
# but one value at a time: hms pads a whole vector to its longest fraction)
hms_text <- function(v) {
  us <- round(abs(v) * 1e6)
  s <- floor(us / 1e6)
  frac <- us - s * 1e6
  out <- paste0(ifelse(v < 0 & us > 0, "-", ""), two(s %/% 3600), ":",
                two((s %% 3600) %/% 60), ":", two(s %% 60))
  f <- frac != 0
  out[f] <- paste0(out[f], sub("0+$", "", sprintf(".%06d", as.integer(frac[f]))))
  out
}

iso_datetime <- function(v) {
  # v: seconds since 1970-01-01 UTC, rounded to milliseconds
  ms <- round(v * 1000)
  days <- floor(ms / 86400000)
  rem <- ms - days * 86400000
  s <- floor(rem / 1000)
  frac <- rem - s * 1000
  out <- paste0(iso_date(days), " ",
                two(s %/% 3600), ":", two((s %% 3600) %/% 60))
  sec <- s %% 60
  withsec <- sec != 0 | frac != 0
  out[withsec] <- paste0(out[withsec], ":", two(sec[withsec]))
  f <- frac != 0
  out[f] <- paste0(out[f], sub("0+$", "", sprintf(".%03d", as.integer(frac[f]))))
  out
}

column_cells <- function(x) {
  n <- length(x)
  type <- rep("empty", n)
  text <- rep("", n)
  if (is.labelled(x)) {
    x <- zap_missing(x)
    labels <- attr(x, "labels", exact = TRUE)
    v <- vctrs::vec_data(x)
    attributes(v) <- NULL
    m <- match(v, unname(labels), incomparables = NA)
    ok <- !is.na(v)
    lab <- ok & !is.na(m)
    type[lab] <- "text"
    text[lab] <- names(labels)[m[lab]]
    rest <- ok & is.na(m)
    if (is.character(v)) {
      type[rest] <- "text"
      text[rest] <- v[rest]
    } else {
      type[rest] <- "number"
      text[rest] <- sprintf("%.17g", v[rest])
    }
  } else if (inherits(x, "Date")) {
    ok <- !is.na(x)
    type[ok] <- "date"
    text[ok] <- iso_date(floor(as.numeric(x[ok])))
  } else if (inherits(x, "POSIXct")) {
    ok <- !is.na(x)
    type[ok] <- "datetime"
    text[ok] <- iso_datetime(as.numeric(x[ok]))
  } else if (inherits(x, "hms")) {
    ok <- !is.na(x)
    type[ok] <- "text"
    text[ok] <- hms_text(as.numeric(x[ok]))
  } else if (is.character(x)) {
    ok <- !is.na(x)
    type[ok] <- "text"
    text[ok] <- x[ok]
  } else if (is.numeric(x) || is.logical(x)) {
    v <- as.numeric(x)
    attributes(v) <- NULL
    ok <- !is.na(v)
    type[ok] <- "number"
    text[ok] <- sprintf("%.17g", v[ok])
  } else {
    stop("column of class ", paste(class(x), collapse = "/"))
  }
  blank <- type == "text" & text == ""
  type[blank] <- "empty"
  list(type = type, text = clean(text))
}

read_any <- function(f) {
  ext <- tolower(sub(".*\\.", "", f))
  switch(ext,
         dta = read_dta(f),
         sav = , zsav = read_sav(f),
         por = read_por(f),
         sas7bdat = read_sas(f),
         stop("unknown extension ", ext))
}

for (k in seq_along(files)) {
  out <- file.path(outdir, paste0(k, ".tsv"))
  d <- tryCatch(read_any(files[k]), error = function(e) e)
  if (inherits(d, "error")) {
    writeLines(conditionMessage(d), file.path(outdir, paste0(k, ".err")))
    next
  }
  con <- file(out, open = "w", encoding = "UTF-8")
  nm <- names(d)
  writeLines(paste(0, seq_along(nm) - 1, "text", clean(nm), sep = "\t"), con)
  for (j in seq_along(nm)) {
    cells <- column_cells(d[[j]])
    if (length(cells$type))
      writeLines(paste(seq_along(cells$type), j - 1, cells$type, cells$text, sep = "\t"), con)
  }
  close(con)
}
