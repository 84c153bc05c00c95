# SPDX-License-Identifier: GPL-3.0-or-later
# The one path into the library: a command of the command line with its
# options by name (incstat/call.h), its JSON converted to R in C.

#' Run any incstat command as the command line does
#'
#' `inc_call("summary", "file.csv", by = "admin1")` is
#' `incstat summary --by admin1 --format json file.csv`, converted to R.
#' @param command "summary", "trend", "claim", "alerts", "diff", "inspect",
#'   "schema", "chart", "report" or "export".
#' @param files the operands: the file (diff: old and new; chart: kind and file).
#' @param ... options named as the command line's long options, in snake_case
#'   (as_of = "2025-04-20"); TRUE for a flag, a vector for a repeatable option.
#' @return the command's JSON as R: named lists, data.frames, vectors.
inc_call <- function(command, files, ...) {
  res <- inc_run(command, files, list(...))
  res$value
}

# list(value, report, notes); notes (what the command line writes on standard
# error: the short load report unless quiet = TRUE) become a message
inc_run <- function(command, files, opts, load = FALSE) {
  o <- inc_options(opts)
  files <- vapply(files, function(f) enc2utf8(path.expand(f)), "", USE.NAMES = FALSE)
  # the shipped boundaries, copied into the package by make r ("" if absent)
  geo <- system.file("extdata", package = "incstat")
  res <- .Call(incstat_r_call, command, files, o$names, o$values, load, geo)
  if (load) return(res) # the data.frame
  if (nzchar(res$notes)) message(sub("\n$", "", res$notes))
  res
}

# Named arguments to option names and values: TRUE is a flag, FALSE and NULL
# leave the option out, a vector repeats it, Dates are ISO, numbers are
# written in full (2015, not 2e+03).
inc_options <- function(opts) {
  nms <- names(opts)
  if (length(opts) && (is.null(nms) || any(!nzchar(nms))))
    inc_abort("incstat: every option must be named (by = \"admin1\", where = \"country=Pakistan\")",
              "EINVAL", NA_character_, NA_real_, NA_real_)
  names <- character()
  values <- character()
  for (i in seq_along(opts)) {
    v <- opts[[i]]
    if (is.null(v) || identical(v, FALSE)) next
    if (isTRUE(v)) {
      names <- c(names, nms[i]); values <- c(values, NA_character_); next
    }
    if (inherits(v, "Date")) v <- format(v, "%Y-%m-%d")
    else if (is.numeric(v)) v <- vapply(v, function(x) format(x, digits = 15, scientific = FALSE), "")
    else if (is.factor(v)) v <- as.character(v)
    if (!is.character(v) || anyNA(v))
      inc_abort(sprintf("incstat: option %s: give TRUE, a string, a number or a Date (no NA)", nms[i]),
                "EINVAL", NA_character_, NA_real_, NA_real_)
    names <- c(names, rep(nms[i], length(v)))
    values <- c(values, enc2utf8(v))
  }
  list(names = names, values = values)
}

# Signalled by the C glue (and here) for every incstat error: a condition of
# class c("incstat_error", "error", "condition") with incstat's message, its
# status code ("EPARSE"), the file it names and the 1-based line and column
# (NA where they do not apply).
inc_abort <- function(message, code, file, line, column) {
  cond <- structure(class = c("incstat_error", "error", "condition"),
                    list(message = message, call = NULL, code = code, file = file,
                         line = line, column = column))
  stop(cond)
}

#' The version of the linked library
incstat_version <- function() .Call(incstat_r_version)
