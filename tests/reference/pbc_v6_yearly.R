# Reference: Pakistan Body Count suicide attacks, version 6 -> yearly sums,
# and the release diff against version 11.
# Run: Rscript tests/reference/pbc_v6_yearly.R   (INCSTAT_DATASETS overrides the data dir)
a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
source(file.path(dirname(normalizePath(sub("^--file=", "", a[1]))), "ref_common.R"))
out <- ref_dir()

d6  <- read_pbc(file.path(data_dir(), "pbc_suicide_attacks_ver6_2017-10-10.csv"))
d11 <- read_pbc(file.path(data_dir(), "pbc_suicide_attacks_ver11_2017-11-30.csv"))
stopifnot(nrow(d6) == 492, ncol(d6) == 26, identical(names(d6), names(d11)))
r6 <- pbc_rows(d6); r11 <- pbc_rows(d11)
pbc_report(r6, "ver6")

y6 <- pbc_yearly(r6, 1995:2017)
write_ref(y6, file.path(out, "pbc_v6_yearly.csv"))
tot <- rbind(
  cbind(data.frame(period = "1995-2016"), pbc_summary(r6[r6$year <= 2016, ])),
  cbind(data.frame(period = "1995-2017"), pbc_summary(r6)))
write_ref(tot, file.path(out, "pbc_v6_totals.csv"))
print(tot, row.names = FALSE)

# Year-level diff v11 - v6 (only the columns asked for)
y11 <- pbc_yearly(r11, 1995:2017)
cols <- c("incidents", "killed_min_sum", "killed_max_sum")
dy <- cbind(year = y6$year, y11[cols] - y6[cols])
cat("\nyears where v11 differs from v6 (v11 - v6):\n")
print(dy[rowSums(dy[cols] != 0) > 0, ], row.names = FALSE)

# Row-level diff keyed on S# (written to pbc_v6_v11_diff.csv)
rows <- list()
for (s in union(d6$`S#`, d11$`S#`)) {
  a6 <- d6[d6$`S#` == s, ]; a11 <- d11[d11$`S#` == s, ]
  if (!nrow(a6))  { rows[[length(rows) + 1]] <- data.frame(sn = s, change = "added in v11", field = "", v6 = "", v11 = a11$Date); next }
  if (!nrow(a11)) { rows[[length(rows) + 1]] <- data.frame(sn = s, change = "removed in v11", field = "", v6 = a6$Date, v11 = ""); next }
  for (k in setdiff(names(d6), "S#")) if (!identical(a6[[k]], a11[[k]]))
    rows[[length(rows) + 1]] <- data.frame(sn = s, change = "changed", field = k, v6 = a6[[k]], v11 = a11[[k]])
}
df <- do.call(rbind, rows)
write.csv(df, file.path(out, "pbc_v6_v11_diff.csv"), row.names = FALSE, fileEncoding = "UTF-8")
cat("\nrow diff: added", paste(df$sn[df$change == "added in v11"], collapse = " "),
    "; changed rows", paste(unique(df$sn[df$change == "changed"]), collapse = " "),
    "; changed fields", paste(unique(df$field[df$change == "changed"]), collapse = ", "), "\n")
