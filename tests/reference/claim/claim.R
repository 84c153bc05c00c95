# Reference values for incstat claim (tests/test_check.c, tests/cli golden):
# UCDP Organized Violence country-year v25.1, Pakistan, total deaths
# (cumulative_total_deaths_in_orgvio_{low,best,high}_cy), read here with base R.
# Run from the project root:
#   Rscript tests/reference/claim/claim.R > tests/reference/claim/claim.out
d <- read.csv("datasets/ucdp_organized_violence_country_year_v25_1.csv")
p <- d[d$country_cy == "Pakistan", ]
p <- p[order(p$year_cy), ]
cat(sprintf("# %s\n", R.version.string))
since <- function(x, years, y) { # the latest earlier year with x >= x[y]
  i <- which(years == y); j <- which(years < y & x >= x[i]); if (length(j)) max(years[j]) else NA }
for (e in c("low", "best", "high")) {
  x <- p[[paste0("cumulative_total_deaths_in_orgvio_", e, "_cy")]]
  cat(sprintf("%-4s 2015 %d 2016 %d 2022 %d 2023 %d 2024 %d; 2023 highest since %d; 2024 highest since %d\n",
              e, x[p$year_cy == 2015], x[p$year_cy == 2016], x[p$year_cy == 2022], x[p$year_cy == 2023],
              x[p$year_cy == 2024], since(x, p$year_cy, 2023), since(x, p$year_cy, 2024)))
}
best <- p$cumulative_total_deaths_in_orgvio_best_cy
w <- p$year_cy > 2015 & p$year_cy < 2023
cat(sprintf("highest 2016-2022 (best): %d in %d\n", max(best[w]), p$year_cy[w][which.max(best[w])]))
show <- function(a, b) {
  t <- poisson.test(c(a, b))
  cat(sprintf("poisson.test(c(%d, %d)): ratio %.17g ci %.17g %.17g p %.17g\n", a, b,
              t$estimate, t$conf.int[1], t$conf.int[2], t$p.value))
}
show(1178, 1100)  # 2023 vs 2016, --highest-since 2015
show(1178, 719)   # 2023 vs 2022, --rise-pct
show(1885, 3639)  # 2024 vs 2014, --highest-since 2010
