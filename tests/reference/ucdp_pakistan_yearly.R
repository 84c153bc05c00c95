# Reference: OWID / UCDP GED 19.1 deaths, Pakistan -> yearly series statistics.
# Run: Rscript tests/reference/ucdp_pakistan_yearly.R   (INCSTAT_DATASETS overrides the data dir)
a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
source(file.path(dirname(normalizePath(sub("^--file=", "", a[1]))), "ref_common.R"))
out <- ref_dir()

u <- read.csv(file.path(data_dir(), "owid_ucdp_ged191_conflict_deaths_by_country_2019.csv"),
              check.names = FALSE, stringsAsFactors = FALSE)
p <- u[u$Entity == "Pakistan", ]
p <- p[order(p$Year), ]
stopifnot(nrow(p) == 30, all(diff(p$Year) == 1))   # 1989-2018, no gaps
killed <- as.numeric(p[[3]])
s <- series_stats(p$Year, killed)
res <- data.frame(year = p$Year, killed = killed, change = s$change,
                  yoy_pct = s$yoy_pct, rank = s$rank, highest_since = s$highest_since)
write_ref(res, file.path(out, "ucdp_pakistan_yearly.csv"))
print(res, row.names = FALSE, digits = 17)
