# SPDX-License-Identifier: GPL-3.0-or-later
# tests/xlsx/readxl_dump.R OUT FILE...: every worksheet of each workbook as R's
# readxl reads it, one value per line, for tests/xlsx/conformance.sh:
#
#   file TAB sheet TAB row TAB column TAB type TAB value
#
# type: number (value %.17g), text, bool (TRUE/FALSE), date (value: days
# since 1970-01-01, %.17g); blanks and readxl's NA (an error cell, the
# impossible 1900-02-29) are left out.  A sheet readxl cannot read:
# "file TAB sheet TAB ERROR TAB message"; a workbook: "file TAB ERROR TAB message".
#
# read_excel is asked for the sheet from A1 (range = cell_limits(c(1, 1),
# c(NA, NA))) so that row and column are the sheet's own, with
# col_names = FALSE, col_types = "list" (each cell keeps its own type: no
# column type guessing) and trim_ws = FALSE (the cell as stored).
suppressPackageStartupMessages(library(readxl))
args <- commandArgs(trailingOnly = TRUE)
out <- file(args[1], open = "w", encoding = "UTF-8")
esc <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  s <- gsub("\r", "\\r", s, fixed = TRUE)
  gsub("\n", "\\n", s, fixed = TRUE)
}
line <- function(...) writeLines(paste(..., sep = "\t"), out, useBytes = TRUE)
for (f in args[-1]) {
  sheets <- tryCatch(excel_sheets(f), error = function(e) e)
  if (inherits(sheets, "error")) {
    line(f, "ERROR", esc(conditionMessage(sheets)))
    next
  }
  for (s in sheets) {
    d <- tryCatch(suppressWarnings(suppressMessages(
      read_excel(f, sheet = s, col_names = FALSE, col_types = "list", trim_ws = FALSE,
                 range = cellranger::cell_limits(c(1, 1), c(NA, NA)),
                 .name_repair = "minimal"))),
      error = function(e) e)
    if (inherits(d, "error")) {
      line(f, esc(s), "ERROR", esc(conditionMessage(d)))
      next
    }
    for (j in seq_along(d)) {
      col <- d[[j]]
      for (i in seq_along(col)) {
        v <- col[[i]]
        if (is.null(v) || length(v) != 1 || is.na(v)) next
        if (inherits(v, "POSIXct")) {
          line(f, esc(s), i, j, "date", sprintf("%.17g", as.numeric(v) / 86400))
        } else if (is.logical(v)) {
          line(f, esc(s), i, j, "bool", if (v) "TRUE" else "FALSE")
        } else if (is.numeric(v)) {
          line(f, esc(s), i, j, "number", sprintf("%.17g", v))
        } else {
          line(f, esc(s), i, j, "text", esc(enc2utf8(as.character(v))))
        }
      }
    }
  }
}
close(out)
