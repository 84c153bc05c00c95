#!/usr/bin/env Rscript
# SPDX-License-Identifier: GPL-3.0-or-later
# The R package's yearly summary (bench/r.sh): the per-year table written in
# the peers' format for bench/peers/check.py.
# usage: Rscript incstat_r.R R_LIB IN.csv OUT.csv THREADS
args <- commandArgs(trailingOnly = TRUE)
library(incstat, lib.loc = args[1])
s <- inc_summary(args[2], preset = "acled", map = "injured=injured", threads = as.integer(args[4]),
                 quiet = TRUE)
write.csv(data.frame(year = s$year, events = s$incidents, fatalities = s$killed, injured = s$injured),
          args[3], row.names = FALSE)
