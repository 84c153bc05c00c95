# Reference: OWID / GTD 2018 attacks by type, Pakistan -> attacks per year and
# yearly series statistics.
# Run: Rscript tests/reference/gtd_pakistan_yearly.R   (INCSTAT_DATASETS overrides the data dir)
#
# gtd_pakistan_yearly.csv        : every year of the range 1970-2017; 1993 is
#     missing (GTD lost 1993) -> NA; the other years without a row (no attacks
#     recorded, OWID omits them) -> 0.  in_file says whether a row exists.
# gtd_pakistan_yearly_gaps_na.csv: same range, but every year without a row is
#     treated as missing (NA), for a loader that does not assume absent = zero.
# gtd_pakistan_yearly_rows_only.csv: only the years that have a row; change,
#     yoy, highest_since against the previous calendar year (NA if that year
#     has no row), rank among these rows.
a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
source(file.path(dirname(normalizePath(sub("^--file=", "", a[1]))), "ref_common.R"))
out <- ref_dir()

g <- read.csv(file.path(data_dir(), "owid_gtd2018_attacks_by_type_country_year.csv"),
              check.names = FALSE, stringsAsFactors = FALSE)
stopifnot(identical(names(g)[1:2], c("Entity", "Year")))
p <- g[g$Entity == "Pakistan", ]
p <- p[order(p$Year), ]
types <- names(g)[-(1:2)]
attacks <- rowSums(as.matrix(p[types]))
stopifnot(!anyNA(attacks))

years <- seq(min(p$Year), max(p$Year))
absent <- setdiff(years, p$Year)
cat("Pakistan rows:", nrow(p), " range", range(p$Year), "\n")
cat("attack-type columns:", paste(types, collapse = " | "), "\n")
cat("years absent inside the range:", paste(absent, collapse = " "), "\n")

build <- function(val, in_file) {
  s <- series_stats(years, val)
  data.frame(year = years, in_file = as.integer(in_file), attacks = val,
             change = s$change, yoy_pct = s$yoy_pct, rank = s$rank,
             highest_since = s$highest_since)
}
in_file <- years %in% p$Year
v <- ifelse(in_file, attacks[match(years, p$Year)], 0); v[years == 1993] <- NA
main <- build(v, in_file)
write_ref(main, file.path(out, "gtd_pakistan_yearly.csv"))
print(main, row.names = FALSE, digits = 17)

v2 <- ifelse(in_file, attacks[match(years, p$Year)], NA)
write_ref(build(v2, in_file), file.path(out, "gtd_pakistan_yearly_gaps_na.csv"))

ro <- build(v2, in_file)[in_file, ]
ro$rank <- rank(-ro$attacks, ties.method = "min")
ro$in_file <- NULL
write_ref(ro, file.path(out, "gtd_pakistan_yearly_rows_only.csv"))
