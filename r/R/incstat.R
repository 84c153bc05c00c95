# SPDX-License-Identifier: GPL-3.0-or-later
# The commands, data first, options as the command line names them.

# A path, or a data.frame from read_incidents(): written to a temporary CSV
# in incstat export's columns (which the loader recognises by name), so
# rows the caller dropped or changed count as they are now.
inc_input <- function(data, opts) {
  if (is.character(data) && length(data) == 1 && !is.na(data)) return(list(file = data, opts = opts))
  if (!is.data.frame(data))
    inc_abort("incstat: data must be a file path or a data.frame from read_incidents()",
              "EINVAL", NA_character_, NA_real_, NA_real_)
  f <- tempfile(fileext = ".csv")
  inc_write_export(data, f)
  # a schema that reads it as the load read the file: the same fields
  # (a figure the file did not hold stays unknown, not a column of blanks)
  # and the same kind of rows (a table of periods stays one)
  rep <- attr(data, "load_report")
  if (is.list(rep) && is.data.frame(rep$mapping) && is.null(opts$schema)) {
    fields <- intersect(setdiff(rep$mapping$field, c("date", "year", "month", "day")), names(data))
    schema <- tempfile(fileext = ".schema")
    writeLines(c("preset = none", paste("rows =", if (identical(rep$rows, "periods")) "periods" else "incidents"),
                 if ("date" %in% names(data)) "date = date", paste(fields, "=", fields)), schema)
    opts$schema <- schema
    opts$preset <- NULL
  }
  list(file = f, opts = opts, temp = TRUE)
}

# The data.frame in incstat export's layout: dates as ISO text at their
# precision, unknowns empty.
inc_write_export <- function(data, path) {
  d <- data
  if (all(c("date_precision", "year") %in% names(d))) {
    p <- as.character(d$date_precision)
    iso <- rep(NA_character_, nrow(d))
    y <- p %in% "year"; iso[y] <- sprintf("%d", d$year[y])
    q <- p %in% "quarter"; iso[q] <- sprintf("%d-Q%d", d$year[q], (d$month[q] - 1L) %/% 3L + 1L)
    m <- p %in% "month"; iso[m] <- sprintf("%d-%02d", d$year[m], d$month[m])
    dd <- p %in% "day"; iso[dd] <- format(d$date[dd], "%Y-%m-%d")
    d$date <- iso
  }
  for (n in names(d)) if (is.factor(d[[n]])) d[[n]] <- as.character(d[[n]])
  utils::write.csv(d, path, row.names = FALSE, na = "", fileEncoding = "UTF-8")
}

inc_command <- function(command, data, opts) {
  input <- inc_input(data, opts)
  if (isTRUE(input$temp)) on.exit(unlink(c(input$file, input$opts$schema)), add = TRUE)
  inc_run(command, input$file, input$opts)$value
}

#' Read an incident file into a data.frame
#'
#' @param path a CSV (.gz too), workbook (.xlsx) or Stata, SPSS or SAS file.
#' @param ... load options as the command line names them (preset, map, keep,
#'   schema, sheet, encoding, date_order, decimal, recode, threads) and the
#'   selection (where, from, to).
#' @return a data.frame in incstat export's columns: `date` (Date, NA unless
#'   the day is known), `date_precision` (factor), `year`, `month`, `day`
#'   (integer), the counts (double, NA for unknown), the text fields and kept
#'   columns as factors whose levels are the loader's dictionary, `id` as
#'   character; attribute "load_report" is the load report (a list, as
#'   `incstat inspect --format json`).
read_incidents <- function(path, ...) {
  if (!is.character(path) || length(path) != 1 || is.na(path))
    inc_abort("incstat: path must be one file path", "EINVAL", NA_character_, NA_real_, NA_real_)
  inc_run("export", path, list(...), load = TRUE)
}

#' Yearly (or by group) summary: a data.frame, as `incstat summary --format json`.
inc_summary <- function(data, ...) inc_command("summary", data, list(...))
#' Trend: a list, as `incstat trend --format json`.
inc_trend <- function(data, ...) inc_command("trend", data, list(...))
#' Check a claim about one year: a list, as `incstat claim --format json`
#' (whether the claim holds is its `holds`; no error either way).
inc_claim <- function(data, year = NULL, ...) inc_command("claim", data, c(list(year = year), list(...)))
#' Alerts: a list whose `alerts` is a data.frame, as `incstat alerts --format json`.
inc_alerts <- function(data, ...) inc_command("alerts", data, list(...))
#' The load report (every column typed): a list, as `incstat inspect --format json`.
inc_inspect <- function(data, ...) inc_command("inspect", data, list(...))

#' What changed between two releases: a list, as `incstat diff --format json`.
inc_diff <- function(old, new, ...) {
  a <- inc_input(old, list(...))
  b <- inc_input(new, list(...))
  on.exit(unlink(c(if (isTRUE(a$temp)) c(a$file, a$opts$schema),
                   if (isTRUE(b$temp)) c(b$file, b$opts$schema))), add = TRUE)
  inc_run("diff", c(a$file, b$file), a$opts)$value
}

inc_write <- function(command, data, output, operands_before, opts) {
  input <- inc_input(data, c(list(output = output), opts))
  if (isTRUE(input$temp)) on.exit(unlink(c(input$file, input$opts$schema)), add = TRUE)
  v <- inc_run(command, c(operands_before, input$file), input$opts)$value
  invisible(unlist(v$written))
}

#' Draw a chart (bar, line, range, stacked, heatmap, multiples, claim) to
#' output (.png, .pdf, .svg); returns the path invisibly.
inc_chart <- function(data, kind = "bar", output, ...) inc_write("chart", data, output, kind, list(...))
#' Write a report (.pdf or .html); returns the path invisibly.
inc_report <- function(data, output, ...) inc_write("report", data, output, character(), list(...))
#' Export the loaded incidents (csv, tsv, jsonl, json, sqlite); returns the path invisibly.
inc_export <- function(data, output, ...) inc_write("export", data, output, character(), list(...))
