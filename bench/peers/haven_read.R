#!/usr/bin/env Rscript
# SPDX-License-Identifier: GPL-3.0-or-later
# haven peer: read_dta / read_sav of a whole statistics file (every column,
# value labels kept as labelled vectors, dates as Date).  Prints the rows,
# the sum of the column COLUMN and the seconds read_*() took.
# usage: Rscript haven_read.R FILE COLUMN [factor]
#   factor: also as_factor() the labelled columns (labels as text, as incstat gives them)
suppressPackageStartupMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
f <- args[1]
t0 <- proc.time()[["elapsed"]]
d <- if (grepl("\\.dta$", f)) read_dta(f) else read_sav(f)
if (length(args) >= 3 && args[3] == "factor") d <- as_factor(d)
t <- proc.time()[["elapsed"]] - t0
cat(nrow(d), format(sum(as.numeric(d[[args[2]]]), na.rm = TRUE), scientific = FALSE), sprintf("%.3f", t), "\n")
