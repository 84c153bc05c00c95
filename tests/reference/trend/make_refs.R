# Reference values for the trend module (src/trend*.c, tests/test_trend.c).
#
# Run:   Rscript tests/reference/trend/make_refs.R
# Writes, next to this script:
#   trend_refs.csv  long format: case,quantity,value (every number as %.17g)
#   trend_refs.inc  the same values as C designated initialisers; their text is
#                   pasted into tests/test_trend.c (the tests do not need R)
# and prints the R version and the checks it made.
#
# R calls behind each quantity (y ~ year on the rows whose y is not NA):
#   ols_*       lm(y ~ year); coef(); confint(fit, level = 0.95)["year", ];
#               summary(fit)$r.squared
#   pois_*      glm(y ~ year [+ offset(log(E))], family = poisson,
#                   control = glm.control(epsilon = 1e-14, maxit = 100));
#               summary(fit)$coefficients["year", ]; deviance(fit);
#               sum(residuals(fit, "pearson")^2) / df.residual(fit);
#               quasi: confint.default(glm(..., family = quasipoisson))["year", ];
#               band: exp(eta -/+ qnorm(0.975) * se(eta)) at every year, also
#               the dropped ones (what predict(fit, newdata, type = "link",
#               se.fit = TRUE) computes).
#               Standard errors, the quasi CI and the band use the covariance
#               (X' W X)^-1 at the converged fitted values; summary.glm,
#               confint.default and predict use the working weights of the
#               previous IRLS iterate, which differ by ~1e-8..1e-7 relative:
#               the script prints both differences (all far below 1e-6).
#   nb_*        joint ML of NB2 (see nb_ml below): nlminb start, then
#               alternating glm(family = negative.binomial(theta)) and the root
#               of MASS's theta score to a fixed point; cross-checked with
#               MASS::glm.nb(y ~ year, init.theta = theta), which agrees.
#               SE(theta) = sqrt(1 / info) with MASS theta.ml's info; loglik
#               as glm.nb's loglik (twologlik / 2).  Covariance, CI and band
#               as for Poisson with weights mu / (1 + mu / theta).
#               NOTE: default glm.nb() (no init.theta) diverges on some of
#               these series (theta.ml's unguarded Newton step from the moment
#               estimate leaves for theta -> infinity; e.g. PBC killed: theta
#               1.5e6, loglik -3200.7 against the ML 0.482, -126.35).  The
#               script prints those cases ("DIVERGES").
#   mk_*        trend::mk.test is not installed here: base-R transcription of
#               trend 1.1.3 mk.test/.mkScore/.varmk/.Dfn (GPL, T. Pohlert;
#               source read from the cran/trend repository, R/mk.test.R and
#               R/utilfn.R): S, varS with tie correction, z with continuity
#               correction, p = 2 * min(0.5, pnorm(|z|, lower.tail = FALSE)),
#               tau = S / D (tau-b, equal to cor(year, y, method = "kendall"),
#               checked), tau-a = S / choose(n, 2).
#   sen_*       trend 1.1.3 sens.slope (R/sens.slope.R) with one change: the
#               pairwise slopes divide by the year difference (x[j] - x[i])
#               rather than the row distance (j - i), so gaps in the years
#               count; for gap-free series the two are identical (checked).
#               C = qnorm(0.975) * sqrt(varS); lo = sort(d)[round((k - C)/2)];
#               hi = sort(d)[round((k + C)/2 + 1)] (R's round: half to even);
#               NA when a rank falls outside 1..k (sens.slope itself then
#               returns numeric(0) or NA).
#               intercept = median(y - slope * year) (Conover).
#   cp_*        changepoint::cpt.meanvar(y, test.stat = "Poisson",
#               method = "PELT", penalty = "BIC", minseglen = 2) is not
#               installed: exhaustive optimal partitioning (O(n^2) dynamic
#               programme) with changepoint's own Poisson segment cost
#               (src/cost_general_functions.c mll_meanvar_poisson:
#               2 * S * (log(len) - log(S)), 0 when S = 0; with an exposure E,
#               len becomes sum(E)) and its BIC penalty for Poisson
#               (R/penalty_decision.R with diffparam = 1: log(n) per change).
#               Ties go to the earliest last change, as PELT's min_which.
#               (changepoint's PELT C code prunes a candidate as soon as it
#               is beaten, which is not valid with minseglen > 1 and can miss
#               this optimum; incstat delays the pruning and is exact.)
#   cmp_*       poisson.test(c(a, b), T = c(Ta, Tb)) (stats).
#   ucdp_l90_*  UCDP with 90% intervals (lm confint level = 0.9; Wald with
#               qnorm(0.95); Sen with qnorm(0.95)).
#   boot        per-incident Killed Max of PBC v11 for 2013 and 2014 (the
#               values the C test resamples) and the plain percent change.
#   ma_*        stats::filter(y, rep(1/k, k), sides = 2) (centred) and
#               sides = 1 (trailing).

a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(a)) dirname(normalizePath(sub("^--file=", "", a[1]))) else getwd()
source(file.path(here, "..", "ref_common.R"))
suppressPackageStartupMessages(library(MASS))
cat(R.version.string, "; MASS", as.character(packageVersion("MASS")), "\n")

refs <- data.frame(case = character(), quantity = character(), value = numeric(),
                   stringsAsFactors = FALSE)
put <- function(case, q, v, arr = length(v) > 1) {
  refs[nrow(refs) + seq_along(v), ] <<- data.frame(
    case = case, quantity = if (arr) paste0(q, "[", seq_along(v) - 1, "]") else q,
    value = as.numeric(v), stringsAsFactors = FALSE)
}
relmax <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

## ---------------------------------------------------------- series
pbc  <- read.csv(file.path(here, "..", "pbc_v11_yearly.csv"))
ucdp <- read.csv(file.path(here, "..", "ucdp_pakistan_yearly.csv"))
gtd  <- read.csv(file.path(here, "..", "gtd_pakistan_yearly.csv"))
p16 <- pbc[pbc$year <= 2016, ]
p02 <- pbc[pbc$year >= 2002 & pbc$year <= 2016, ]

cases <- list(
  pbc_killed = list(x = p16$year, y = p16$killed_max_sum),
  pbc_best   = list(x = p16$year, y = p16$killed_best_sum),
  ucdp       = list(x = ucdp$year, y = ucdp$killed),
  gtd        = list(x = gtd$year, y = gtd$attacks),          # 1993 is NA
  pbc_per_attack = list(x = p02$year, y = p02$killed_max_sum, E = p02$incidents, per = 1),
  synthetic_pop = list(x = 2010:2017, y = c(12, 15, 11, 19, 23, 22, 30, 27),
                       E = c(1523000, 1551200, 1589400, 1620100, 1658800, 1697300,
                             1731900, 1770400), per = 1e5),
  n3         = list(x = c(2001, 2002, 2004), y = c(3, 7, 5)),
  ties       = list(x = 2001:2012, y = c(3, 5, 5, 2, 8, 8, 8, 10, 7, 12, 12, 15)),
  underdispersed = list(x = 2001:2010, y = c(10, 11, 10, 12, 11, 12, 13, 12, 14, 13)),
  constant   = list(x = 2001:2006, y = rep(5, 6)),
  all_zero   = list(x = 2001:2005, y = rep(0, 5)),
  zeros_start = list(x = 2001:2008, y = c(0, 0, 0, 4, 9, 3, 12, 20)))

## ---------------------------------------------------------- methods
mk <- function(y) {
  n <- length(y)
  S <- 0
  for (j in 1:n) S <- S + sum(sign(y[j] - y[1:j]))
  t <- table(y); names(t) <- NULL
  varS <- (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5))) / 18
  D <- sqrt(1/2 * n * (n - 1) - 1/2 * sum(t * (t - 1))) * sqrt(1/2 * n * (n - 1))
  z <- sign(S) * (abs(S) - 1) / sqrt(varS)
  list(S = S, varS = varS, z = z, p = 2 * min(0.5, pnorm(abs(z), lower.tail = FALSE)),
       tau = S / D, tau_a = S / choose(n, 2))
}
sen <- function(x, y, varS, by_index = FALSE, level = 0.95) {
  n <- length(y); k <- 0; d <- rep(NA, n * (n - 1) / 2)
  for (i in 1:(n - 1)) for (j in (i + 1):n) {
    k <- k + 1
    d[k] <- (y[j] - y[i]) / (if (by_index) (j - i) else (x[j] - x[i]))
  }
  b <- median(d)
  C <- qnorm(1 - (1 - level) / 2) * sqrt(varS)
  rlo <- round((k - C) / 2); rup <- round((k + C) / 2 + 1)
  sd <- sort(d)
  lo <- if (rlo >= 1 && rlo <= k) sd[rlo] else NA
  hi <- if (rup >= 1 && rup <= k) sd[rup] else NA
  list(slope = b, lo = lo, hi = hi, intercept = median(y - b * x))
}
seg_cost <- function(S, E) if (S == 0) 0 else 2 * S * (log(E) - log(S))
op_changepoints <- function(y, E, pen, m = 2) {
  n <- length(y); cy <- c(0, cumsum(y)); cE <- c(0, cumsum(E))
  F <- rep(NA_real_, n + 1); last <- rep(NA_integer_, n + 1)
  F[1] <- -pen                                  # F(0)
  for (t in m:n) {
    cand <- c(0, if (t - m >= m) m:(t - m))
    v <- sapply(cand, function(s) F[s + 1] + seg_cost(cy[t + 1] - cy[s + 1], cE[t + 1] - cE[s + 1]) + pen)
    w <- which.min(v)                            # first minimum
    F[t + 1] <- v[w]; last[t + 1] <- cand[w]
  }
  cps <- integer(0); t <- n
  while (t > 0) { s <- last[t + 1]; if (s > 0) cps <- c(s, cps); t <- s }
  cps                                            # last row of each segment but the final one
}
# MASS's loglik, score and info for theta (glm.nb / theta.ml bodies), with
# weights 1.  lgamma rather than dnbinom so that non-integer counts work.
nb_loglik <- function(th, mu, y) sum(lgamma(th + y) - lgamma(th) - lgamma(y + 1) + th * log(th) +
                                     y * log(mu + (y == 0)) - (th + y) * log(th + mu))
nb_score <- function(th, mu, y) sum(digamma(th + y) - digamma(th) + log(th) + 1 - log(th + mu) -
                                    (y + th) / (mu + th))
nb_info <- function(th, mu, y) sum(-trigamma(th + y) + trigamma(th) - 1 / th + 2 / (mu + th) -
                                   (y + th) / (mu + th)^2)
# Joint ML (beta, theta): a full nlminb over (a, b, log theta) on centred
# years gives the start, then alternate glm(negative.binomial(theta)) with
# the root of the theta score (uniroot in log theta) to a fixed point.
# MASS::glm.nb(init.theta = that theta) is run as a cross-check.
nb_ml <- function(y, x, off) {
  xc <- x - mean(x)
  nll <- function(p) -nb_loglik(exp(p[3]), exp(p[1] + p[2] * xc + off), y)
  o <- nlminb(c(log(sum(y) / sum(exp(off))), 0, 0), nll,
              control = list(eval.max = 2000, iter.max = 1000, rel.tol = 1e-14))
  th <- exp(o$par[3]); beta <- c(o$par[1] - o$par[2] * mean(x), o$par[2])
  for (i in 1:200) {
    fit <- glm(y ~ x + offset(off), family = negative.binomial(th), start = beta,
               control = glm.control(epsilon = 1e-13, maxit = 200))
    beta <- coef(fit); mu <- fitted(fit)
    th_new <- exp(uniroot(function(t) nb_score(exp(t), mu, y), c(log(th) - 3, log(th) + 3),
                          extendInt = "downX", tol = 1e-15, maxiter = 1000)$root)
    done <- abs(th_new - th) <= 1e-13 * th
    th <- th_new
    if (done) break
  }
  fit <- glm(y ~ x + offset(off), family = negative.binomial(th), start = beta,
             control = glm.control(epsilon = 1e-13, maxit = 200))
  chk <- suppressWarnings(glm.nb(y ~ x + offset(off), init.theta = th))
  list(fit = fit, theta = th, nlminb_loglik = -o$objective, glmnb = chk)
}

# fitted mean and its 95% band on the link scale at every x (also the
# dropped ones), with the covariance V at the converged fit; predict() with
# se.fit (previous-iterate weights) is compared and the difference printed.
band <- function(fit, V, newx, newoff) {
  Xn <- cbind(1, newx)
  eta <- drop(Xn %*% coef(fit)) + newoff
  se <- sqrt(rowSums((Xn %*% V) * Xn))
  p <- predict(fit, newdata = data.frame(x = newx, off = newoff), type = "link", se.fit = TRUE)
  cat(sprintf("    band: predict(se.fit = TRUE) vs at-MLE: eta %.2g, se %.2g\n",
              relmax(p$fit, eta), relmax(p$se.fit, se)))
  z <- qnorm(0.975)
  list(fit = exp(eta), lo = exp(eta - z * se), hi = exp(eta + z * se))
}

for (nm in names(cases)) {
  cs <- cases[[nm]]
  keep <- !is.na(cs$y)
  x <- cs$x[keep]; y <- cs$y[keep]
  E <- if (is.null(cs$E)) rep(1, length(cs$y)) else cs$E
  per <- if (is.null(cs$per)) 1 else cs$per
  Ek <- E[keep]; off <- log(Ek)
  rate <- if (is.null(cs$E)) y else y / Ek * per
  n <- length(y)
  put(nm, "x", cs$x, arr = TRUE); put(nm, "y", cs$y, arr = TRUE)   # the inputs (NA -> NAN)
  if (!is.null(cs$E)) { put(nm, "e", cs$E, arr = TRUE); put(nm, "rate_per", per) }
  put(nm, "n_used", n); put(nm, "n_dropped", sum(!keep))

  ## OLS
  f <- lm(rate ~ x)
  ci <- confint(f, level = 0.95)["x", ]
  put(nm, "ols_slope", coef(f)[2]); put(nm, "ols_intercept", coef(f)[1])
  put(nm, "ols_lo", ci[1]); put(nm, "ols_hi", ci[2])
  put(nm, "ols_se", summary(f)$coefficients["x", 2])
  put(nm, "ols_r2", if (var(rate) == 0) NaN else summary(f)$r.squared)

  ## Poisson
  if (sum(y) > 0) {
    g <- suppressWarnings(glm(y ~ x + offset(off), family = poisson,
                              control = glm.control(epsilon = 1e-14, maxit = 100)))
    gd <- suppressWarnings(glm(y ~ x + offset(off), family = poisson))
    cat(sprintf("%-15s poisson: tight vs default glm max rel diff in coef %.2g\n", nm,
                relmax(coef(gd), coef(g))))
    sc <- summary(g)$coefficients
    z <- qnorm(0.975)
    # covariance at the converged fitted values (summary.glm uses the working
    # weights of the previous iterate; the difference is printed)
    X <- cbind(1, x); mu <- fitted(g)
    V <- solve(crossprod(X, X * mu))
    b <- coef(g)[2]; se <- sqrt(V[2, 2])
    disp <- sum(residuals(g, "pearson")^2) / df.residual(g)
    q <- suppressWarnings(glm(y ~ x + offset(off), family = quasipoisson,
                              control = glm.control(epsilon = 1e-14, maxit = 100)))
    qse <- se * sqrt(disp)
    qci <- b + c(-1, 1) * z * qse
    cat(sprintf("%-15s poisson: summary() vs at-MLE: se %.2g, quasi se %.2g, quasi ci %.2g\n", nm,
                relmax(sc["x", 2], se), relmax(summary(q)$coefficients["x", 2], qse),
                relmax(confint.default(q)["x", ], qci)))
    put(nm, "pois_b", b); put(nm, "pois_se", se)
    put(nm, "pois_intercept", coef(g)[1]); put(nm, "pois_intercept_se", sqrt(V[1, 1]))
    put(nm, "pois_z", b / se); put(nm, "pois_p", 2 * pnorm(-abs(b / se)))
    put(nm, "pois_pct", 100 * (exp(b) - 1))
    put(nm, "pois_lo", 100 * (exp(b - z * se) - 1)); put(nm, "pois_hi", 100 * (exp(b + z * se) - 1))
    put(nm, "pois_dev", deviance(g)); put(nm, "pois_null_dev", g$null.deviance)
    put(nm, "pois_pearson", sum(residuals(g, "pearson")^2))
    put(nm, "pois_disp", disp)
    put(nm, "pois_qlo", 100 * (exp(qci[1]) - 1)); put(nm, "pois_qhi", 100 * (exp(qci[2]) - 1))
    put(nm, "pois_qse", qse)
    bd <- band(g, V, cs$x, log(E))
    put(nm, "pois_fit", bd$fit); put(nm, "pois_fit_lo", bd$lo); put(nm, "pois_fit_hi", bd$hi)

    ## negative binomial
    nbd <- suppressWarnings(glm.nb(y ~ x + offset(off)))
    over <- sum((y - fitted(g))^2 - y)
    put(nm, "nb_overdispersion_score", over)
    if (over > 0) {
      ml <- nb_ml(y, x, off)
      nf <- ml$fit; th <- ml$theta
      ll <- nb_loglik(th, fitted(nf), y)
      cat(sprintf("%-15s negbin : theta %.10g loglik %.12g (nlminb %.12g); glm.nb(init.theta) theta rel diff %.2g coef %.2g\n",
                  nm, th, ll, ml$nlminb_loglik, relmax(ml$glmnb$theta, th), relmax(coef(ml$glmnb), coef(nf))))
      cat(sprintf("%-15s negbin : default glm.nb(): theta %.10g loglik %.12g%s\n", nm, nbd$theta,
                  nbd$twologlik / 2, if (abs(nbd$theta - th) > 1e-4 * th) "   <== DIVERGES from the ML" else ""))
      put(nm, "nb_glmnb_default_theta", nbd$theta)
      X <- cbind(1, x); mu <- fitted(nf)
      V <- solve(crossprod(X, X * (mu / (1 + mu / th))))
      b <- coef(nf)[2]; se <- sqrt(V[2, 2])
      cat(sprintf("%-15s negbin : summary() vs at-MLE se %.2g\n", nm,
                  relmax(summary(nf, dispersion = 1)$coefficients["x", 2], se)))
      put(nm, "nb_b", b); put(nm, "nb_se", se)
      put(nm, "nb_intercept", coef(nf)[1])
      put(nm, "nb_pct", 100 * (exp(b) - 1))
      put(nm, "nb_lo", 100 * (exp(b - z * se) - 1)); put(nm, "nb_hi", 100 * (exp(b + z * se) - 1))
      put(nm, "nb_theta", th); put(nm, "nb_theta_se", sqrt(1 / nb_info(th, mu, y)))
      put(nm, "nb_dev", deviance(nf))
      put(nm, "nb_loglik", ll)
      bd <- band(nf, V, cs$x, log(E))
      put(nm, "nb_fit", bd$fit); put(nm, "nb_fit_lo", bd$lo); put(nm, "nb_fit_hi", bd$hi)
    } else {
      cat(sprintf("%-15s negbin : not overdispersed (score %.4g); glm.nb theta = %.4g, coef vs Poisson %.2g\n",
                  nm, over, nbd$theta, relmax(coef(nbd), coef(g))))
      put(nm, "nb_glmnb_theta", nbd$theta)
    }
  }

  ## Mann-Kendall, Sen
  m <- mk(rate)
  if (m$varS > 0) {
    if (length(unique(x)) == n)
      stopifnot(abs(cor(x, rate, method = "kendall") - m$tau) < 1e-14)
  }
  put(nm, "mk_s", m$S); put(nm, "mk_var", m$varS); put(nm, "mk_z", m$z); put(nm, "mk_p", m$p)
  put(nm, "mk_tau", m$tau); put(nm, "mk_tau_a", m$tau_a)
  s <- sen(x, rate, m$varS)
  if (all(diff(x) == 1)) {
    s2 <- sen(x, rate, m$varS, by_index = TRUE)
    stopifnot(identical(s[1:3], s2[1:3]))
  }
  put(nm, "sen_slope", s$slope); put(nm, "sen_lo", s$lo); put(nm, "sen_hi", s$hi)
  put(nm, "sen_intercept", s$intercept)

  ## change points
  if (n >= 4) {
    cps <- op_changepoints(y, Ek, log(n))
    starts <- c(1, cps + 1); ends <- c(cps, n)
    put(nm, "cp_n", length(cps))
    if (length(cps)) put(nm, "cp_year", x[cps + 1], arr = TRUE)
    put(nm, "seg_mean", mapply(function(a, b) sum(y[a:b]) / sum(Ek[a:b]) * per, starts, ends), arr = TRUE)
  }
}

## ---------------------------------------------------------- 90% intervals
# UCDP with conf.level 0.90: confint(lm, level = 0.9), the Poisson and NB
# Wald intervals with qnorm(0.95), Sen with qnorm(0.95).
{
  x <- ucdp$year; y <- ucdp$killed; z <- qnorm(0.95)
  put("ucdp_l90", "ols_lo", confint(lm(y ~ x), level = 0.9)["x", 1])
  put("ucdp_l90", "ols_hi", confint(lm(y ~ x), level = 0.9)["x", 2])
  g <- glm(y ~ x, family = poisson, control = glm.control(epsilon = 1e-14, maxit = 100))
  X <- cbind(1, x); V <- solve(crossprod(X, X * fitted(g))); b <- coef(g)[2]
  put("ucdp_l90", "pois_lo", 100 * (exp(b - z * sqrt(V[2, 2])) - 1))
  put("ucdp_l90", "pois_hi", 100 * (exp(b + z * sqrt(V[2, 2])) - 1))
  s90 <- sen(x, y, mk(y)$varS, level = 0.9)
  put("ucdp_l90", "sen_lo", s90$lo); put("ucdp_l90", "sen_hi", s90$hi)
}

## ---------------------------------------------------------- moving averages
ma <- function(y, k, sides) as.numeric(stats::filter(y, rep(1 / k, k), sides = sides))
put("ma", "ucdp_c3", ma(ucdp$killed, 3, 2))
put("ma", "ucdp_t4", ma(ucdp$killed, 4, 1))
put("ma", "gtd_c5", ma(gtd$attacks, 5, 2))

## ---------------------------------------------------------- two counts
cmp <- list(pbc_2013_2014 = c(660, 383, 1, 1), gtd_2014_2015 = c(2151, 1243, 1, 1),
            ucdp_2009_2010 = c(7460, 7226, 1, 1), three_zero = c(3, 0, 1, 1),
            zero_seven = c(0, 7, 1, 1), equal = c(5, 5, 1, 1), ten_5000 = c(10, 5000, 1, 1),
            exposure = c(12, 20, 1.2, 1.5))
for (nm in names(cmp)) {
  v <- cmp[[nm]]
  t <- poisson.test(v[1:2], T = v[3:4])
  put(paste0("cmp_", nm), "a", v[1]); put(paste0("cmp_", nm), "b", v[2])
  put(paste0("cmp_", nm), "ta", v[3]); put(paste0("cmp_", nm), "tb", v[4])
  put(paste0("cmp_", nm), "ratio", t$estimate); put(paste0("cmp_", nm), "lo", t$conf.int[1])
  put(paste0("cmp_", nm), "hi", t$conf.int[2]); put(paste0("cmp_", nm), "p", t$p.value)
}

## ---------------------------------------------------------- bootstrap data
d <- read_pbc(file.path(data_dir(), "pbc_suicide_attacks_ver11_2017-11-30.csv"))
r <- pbc_rows(d)
k13 <- r$kmax[!is.na(r$year) & r$year == 2013]
k14 <- r$kmax[!is.na(r$year) & r$year == 2014]
put("boot", "k2013", k13); put("boot", "k2014", k14)
put("boot", "pct", 100 * (sum(k14, na.rm = TRUE) / sum(k13, na.rm = TRUE) - 1))
set.seed(20171130)
a13 <- k13[!is.na(k13)]; a14 <- k14[!is.na(k14)]
bs <- replicate(20000, 100 * (sum(sample(a14, replace = TRUE)) / sum(sample(a13, replace = TRUE)) - 1))
put("boot", "r_ci", quantile(bs, c(0.025, 0.975), type = 7, names = FALSE))

## ---------------------------------------------------------- output
out <- refs
out$value <- ifelse(is.na(refs$value) & !is.nan(refs$value), "NA",
                    sprintf("%.17g", refs$value))
write.table(out, file.path(here, "trend_refs.csv"), sep = ",", quote = FALSE,
            row.names = FALSE, eol = "\n")

cnum <- function(v) ifelse(is.nan(v) | is.na(v), "NAN",
                    ifelse(is.infinite(v), ifelse(v > 0, "INFINITY", "-INFINITY"),
                           sprintf("%.17g", v)))
con <- file(file.path(here, "trend_refs.inc"), "w")
writeLines(c("/* Generated by tests/reference/trend/make_refs.R; see that script for the",
             sprintf(" * R call behind each value.  %s, MASS %s. */", R.version.string,
                     as.character(packageVersion("MASS")))), con)
for (cs in unique(refs$case)) {
  sub <- refs[refs$case == cs, ]
  base <- sub("\\[.*$", "", sub$quantity)
  writeLines(sprintf("/* ---- %s */", cs), con)
  for (q in unique(base)) {
    v <- sub$value[base == q]
    id <- gsub("[^A-Za-z0-9_]", "_", paste0(cs, "_", q))
    if (length(v) == 1 && !grepl("\\[", sub$quantity[base == q][1]))
      writeLines(sprintf("#define R_%s %s", toupper(id), cnum(v)), con)
    else
      writeLines(sprintf("static const double R_%s[%d] = {%s};", toupper(id), length(v),
                         paste(cnum(v), collapse = ", ")), con)
  }
}
close(con)
cat("wrote", nrow(refs), "values\n")
