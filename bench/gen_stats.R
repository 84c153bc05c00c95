# SPDX-License-Identifier: GPL-3.0-or-later
# bench/gen_stats.R ROWS OUT.dta OUT.sav: a seeded incident file in Stata's
# format (118, what haven writes) and the same in SPSS's (the tagged missing
# values plain missing), for bench/statsfile.sh: an id, a date (%td), a
# country and an event type with value labels, two provinces' worth of
# text, killed and wounded (some missing, a few tagged .a "unknown"),
# coordinates, and a note.  Prints the sum of killed for the check.
suppressPackageStartupMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[1])
set.seed(25)
countries <- c(Pakistan = 1L, Afghanistan = 2L, India = 3L, Iraq = 4L, Syria = 5L,
               Nigeria = 6L, Somalia = 7L, Yemen = 8L)
types <- c(bombing = 1L, shooting = 2L, "armed assault" = 3L, kidnapping = 4L)
admin <- sprintf("Province %02d", 1:40)
killed <- rpois(n, 2)
killed[sample.int(n, n %/% 50)] <- NA
wounded <- as.double(rpois(n, 4))
wounded[sample.int(n, n %/% 100)] <- tagged_na("a")
d <- data.frame(
  event_id = seq_len(n),
  event_date = as.Date("1990-01-01") + sample.int(12000, n, replace = TRUE),
  country = labelled(sample(countries, n, replace = TRUE), countries),
  event_type = labelled(sample(types, n, replace = TRUE), types),
  admin1 = sample(admin, n, replace = TRUE),
  location = sprintf("Town %d", sample.int(5000, n, replace = TRUE)),
  killed = killed,
  wounded = labelled(wounded, c(unknown = tagged_na("a"))),
  latitude = round(runif(n, 20, 40), 4),
  longitude = round(runif(n, 40, 75), 4),
  notes = sprintf("Report %d: %s", seq_len(n), sample(c("attack on a checkpoint",
                  "explosion in a market", "gunmen opened fire", "roadside device"), n,
                  replace = TRUE)),
  stringsAsFactors = FALSE)
write_dta(d, args[2])
d$wounded <- zap_missing(d$wounded)
write_sav(d, args[3])
cat(sum(killed, na.rm = TRUE), "\n")
