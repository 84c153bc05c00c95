# SPDX-License-Identifier: GPL-3.0-or-later
# tests/data/stats/generated/gen.R: the statistics files of this folder,
# written with haven (r-cran-haven 2.5.1).  The files are committed; run
# this only to change them:
#     cd tests/data/stats/generated && Rscript gen.R
# tests/test_statsfile.c checks their cells value by value, and the haven
# comparison reads them as it reads the third-party files.
suppressPackageStartupMessages(library(haven))
utc <- function(s) as.POSIXct(s, tz = "UTC")

# labels_tagged.dta (format 118): value labels on numbers (a double and an
# integer variable), tagged missing values with and without a label, a
# value without a label, dates and date-times, UTF-8 text.
country <- labelled(
  c(1, 2, 3, 4, tagged_na("a"), tagged_na("b"), NA, 1),
  c(Pakistan = 1, Afghanistan = 2, "C\u00f4te d'Ivoire" = 3, refused = tagged_na("a")))
kind <- labelled(c(1L, 2L, 2L, 1L, 3L, NA, 1L, 2L), c(bombing = 1L, shooting = 2L))
labels_tagged <- data.frame(
  event = 1:8,
  country = country,
  kind = kind,
  nkill = c(0, 3, 12.5, tagged_na("z"), 1e6, -2, NA, 0.1),
  day = as.Date(c("2004-06-18", "1960-01-01", "1959-12-31", "1900-02-28", NA,
                  "2024-02-29", "0999-12-31", "2004-06-19")),
  at = utc(c("2004-06-18 14:30:00", "2004-06-18 14:30:05.25", "1960-01-01 00:00:00",
             "1959-12-31 23:59:59", NA, "2024-02-29 00:01:00", "2004-06-18 00:00:00",
             "2038-01-19 03:14:08")),
  place = c("Peshawar", "", "Quetta, Balochistan", "Z\u00fcrich", "\u0628\u0627\u062c\u0648\u0691",
            "a  b", NA, "end"),
  stringsAsFactors = FALSE)
write_dta(labels_tagged, "labels_tagged.dta", version = 14)

# old_cp1252.dta (format 115, Stata 12): text in Windows-1252, which the
# format does not record.  haven writes what R holds (UTF-8), so the text is
# written with stand-ins and the bytes swapped afterwards: "~" is 0xE9 (e
# acute), "^" is 0x80 (the euro sign), "|" is 0xF1 (n tilde).
old <- data.frame(
  city = c("Caf~", "Pe|a", "^100", "plain"),
  rank = labelled(c(1, 2, 3, 1), c("s~ance" = 1, "a|o" = 2)),
  stringsAsFactors = FALSE)
write_dta(old, "old_cp1252.dta", version = 12)
swap <- function(path, from, to) {
  b <- readBin(path, "raw", file.size(path))
  b[b == charToRaw(from)] <- as.raw(to)
  writeBin(b, path)
}
swap("old_cp1252.dta", "~", 0xE9)
swap("old_cp1252.dta", "^", 0x80)
swap("old_cp1252.dta", "|", 0xF1)

# left_aligned_date.dta: a date whose format is "%-td" (left-aligned), a
# date all the same; haven looks for "%td" and reads it as a number
# (tests/data/stats/MANIFEST.md lists the difference)
left <- data.frame(when = as.Date(c("2004-06-18", "1999-12-31")))
attr(left$when, "format.stata") <- "%-td"
write_dta(left, "left_aligned_date.dta", version = 14)

# user_missing.sav: SPSS user-defined missing values (discrete values and a
# range, numbers and strings; SPSS allows a range and one value) and value
# labels; dates, date-times and times.
answer <- labelled_spss(c(1, 2, -9, -8, 950, 3, NA, 899.5),
                        labels = c(yes = 1, no = 2, refused = -9),
                        na_values = -9, na_range = c(900, 1000))
reason <- labelled_spss(c("ok", "unknown", "", "late", "ok", "n/a", "late", "ok"),
                        labels = c("on time" = "ok", "too late" = "late"),
                        na_values = c("unknown", "n/a"))
user_missing <- data.frame(
  answer = answer,
  reason = reason,
  day = as.Date(c("2004-06-18", "1582-10-14", NA, "1970-01-01", "2024-02-29", "1900-01-01",
                  "2004-06-18", "2004-06-18")),
  at = utc(c("2004-06-18 14:30:00", "2004-06-18 14:30:05", NA, "1970-01-01 00:00:00",
             "2024-02-29 23:59:59", "1900-01-01 12:00:00", "2004-06-18 14:30:00.5",
             "1582-10-14 00:00:00")),
  clock = hms::hms(c(0, 3600, 86399, NA, 45296.5, 90000, 59, 1)),
  stringsAsFactors = FALSE)
write_sav(user_missing, "user_missing.sav")

# dates.sas7bdat: SAS dates (DATE9), date-times (DATETIME), times (TIME),
# numbers and text.
sas <- data.frame(
  x = c(1, 2.5, NA, -4),
  day = as.Date(c("2004-06-18", "1960-01-01", NA, "1959-12-31")),
  at = utc(c("2004-06-18 14:30:00", NA, "1960-01-01 00:00:01", "2038-01-19 03:14:08")),
  clock = hms::hms(c(3600, 61, NA, 0)),
  place = c("a", "", "Z\u00fcrich", "Peshawar"),
  stringsAsFactors = FALSE)
write_sas(sas, "dates.sas7bdat")
