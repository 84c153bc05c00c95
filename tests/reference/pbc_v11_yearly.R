# Reference: Pakistan Body Count suicide attacks, version 11 -> yearly sums.
# Run: Rscript tests/reference/pbc_v11_yearly.R   (INCSTAT_DATASETS overrides the data dir)
a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
source(file.path(dirname(normalizePath(sub("^--file=", "", a[1]))), "ref_common.R"))
out <- ref_dir()

d <- read_pbc(file.path(data_dir(), "pbc_suicide_attacks_ver11_2017-11-30.csv"))
stopifnot(nrow(d) == 496, ncol(d) == 26)
r <- pbc_rows(d)
pbc_report(r, "ver11")

y <- pbc_yearly(r, 1995:2017)
write_ref(y, file.path(out, "pbc_v11_yearly.csv"))

tot <- rbind(
  cbind(data.frame(period = "1995-2016"), pbc_summary(r[r$year <= 2016, ])),
  cbind(data.frame(period = "1995-2017"), pbc_summary(r)))
write_ref(tot, file.path(out, "pbc_v11_totals.csv"))
print(tot, row.names = FALSE)

# Publisher (Kaggle description, see README.md): 475 attacks, 6,982 killed,
# 17,624 injured, 1995-2016.
pub <- c(attacks = 475, killed = 6982, injured = 17624)
t16 <- tot[1, ]
cat("\nmatches for the publisher's totals (1995-2016):\n")
cat(" attacks  475  : incidents =", t16$incidents, "\n")
for (k in grep("^killed_.*_sum$", names(t16), value = TRUE))
  cat(sprintf(" killed  6982  : %-38s = %s%s\n", k, fmt_num(t16[[k]]), if (t16[[k]] == pub["killed"]) "  <== match" else ""))
for (k in grep("^injured_.*(sum|unknown)$", names(t16), value = TRUE)) if (k != "injured_unknown")
  cat(sprintf(" injured 17624 : %-38s = %s%s\n", k, fmt_num(t16[[k]]), if (t16[[k]] == pub["injured"]) "  <== match" else ""))
