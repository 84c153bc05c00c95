# Reference bounds for incstat alerts (tests/test_check.c, tests/cli golden):
# the 97.5% quantile of a negative binomial with the baseline's mean m and
# size m^2/(v-m) when the sample variance v > m, else of a Poisson with mean m.
# Baselines: tests/data/alerts_groups.csv (made by make_alerts_fixture.py),
# 2023-12..2024-11, incidents per month; plus kernel cases.
# Run: Rscript tests/reference/claim/alerts.R > tests/reference/claim/alerts.out
bound <- function(x) {
  m <- mean(x); v <- var(x)
  q <- if (m == 0) 0 else if (v > m) qnbinom(0.975, size = m^2 / (v - m), mu = m) else qpois(0.975, m)
  c(mean = m, var = v, upper = q, negbin = as.numeric(v > m))
}
cases <- list(
  Spike    = c(2, 3, 1, 2, 4, 2, 3, 2, 1, 3, 2, 3),
  Noisy    = c(0, 5, 1, 9, 2, 0, 7, 3, 1, 8, 0, 6),
  New      = rep(0, 12),
  Constant = rep(5, 12),
  # kernel-only cases: heavy overdispersion, a large Poisson mean, m just under v
  Heavy    = c(0, 0, 0, 40, 0, 1, 0, 0, 95, 0, 2, 0),
  Large    = c(1000, 1010, 990, 1005, 995, 1002, 998, 1001, 999, 1000),
  Near     = c(3, 4, 5, 3, 4, 5, 3, 4, 6, 2)
)
cat(sprintf("# %s\n", R.version.string))
for (nm in names(cases)) {
  b <- bound(cases[[nm]])
  cat(sprintf("%-8s mean %.17g var %.17g upper %.17g negbin %d\n", nm, b["mean"], b["var"], b["upper"], b["negbin"]))
}
