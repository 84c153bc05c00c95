/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/trend.h: trend statistics for a yearly (or monthly) series of
 * counts held in plain arrays: least squares, Poisson and negative binomial
 * log-linear trends, Mann-Kendall and Sen's slope, change points (PELT with a
 * negative binomial or a Poisson cost), a smooth trend (negative binomial
 * GLM on a natural spline), the shape of the series in words, an exact
 * two-period comparison, a bootstrap of the change between two periods, and
 * moving averages.
 *
 * Every method is checked against R (tests/reference/trend/make_refs.R and
 * make_smooth_refs.R): lm, glm(poisson / quasipoisson), MASS::glm.nb,
 * trend::mk.test and trend::sens.slope,
 * changepoint::cpt.meanvar(test.stat = "Poisson"),
 * MASS::glm.nb(y ~ splines::ns(x, df)), poisson.test, stats::filter; the
 * negative binomial change points by a seeded simulation.
 *
 * x is the period (a year, or a fractional year for months), strictly
 * increasing, gaps allowed.  y holds counts; NaN marks a period that is
 * missing: it is left out of every fit and counted in n_dropped (fitted
 * values are still predicted there).  "Per unit" below means per unit of x:
 * per year when x is in years.
 *
 * The library never prints, never exits and keeps no global state; GSL's
 * error handler is never reached (inputs are validated before every GSL call
 * that could invoke it; see src/trend.c). */
#ifndef INCSTAT_TREND_H
#define INCSTAT_TREND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "incstat/error.h"
#include "incstat/filter.h"
#include "incstat/load.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Methods run by incstat_trend_fit (options.methods; 0 = all). */
#define INCSTAT_TREND_OLS          0x01u
#define INCSTAT_TREND_POISSON      0x02u
#define INCSTAT_TREND_NEGBIN       0x04u /* needs the Poisson fit; runs it too */
#define INCSTAT_TREND_MANN_KENDALL 0x08u
#define INCSTAT_TREND_SEN          0x10u
#define INCSTAT_TREND_CHANGEPOINTS 0x20u
#define INCSTAT_TREND_SMOOTH       0x40u /* NB spline smooth; needs the NB fit, runs it */
#define INCSTAT_TREND_ALL          0x7fu
/* Methods that need non-negative counts. */
#define INCSTAT_TREND_COUNT_METHODS \
    (INCSTAT_TREND_POISSON | INCSTAT_TREND_NEGBIN | INCSTAT_TREND_CHANGEPOINTS)

/* Flags about the data (incstat_trend_result.flags). */
#define INCSTAT_TREND_NONINTEGER 0x01u /* some used y are not whole numbers (e.g.
                                          midpoints of low and high): the Poisson,
                                          negative binomial and change-point fits
                                          use them as glm does (quasi-likelihood);
                                          R warns, we flag */
#define INCSTAT_TREND_CONSTANT   0x02u /* all used y are equal (R^2 and Kendall's tau
                                          are undefined) */
#define INCSTAT_TREND_ALL_ZERO   0x04u /* all used y are 0 */
#define INCSTAT_TREND_EXPOSURE   0x08u /* an exposure was given: rates are used */

/* Change-point penalty (per change point, on the scale of -2 log-likelihood). */
typedef enum {
    INCSTAT_TREND_PENALTY_BIC = 0, /* the default: log(n) per change with the Poisson
                                      cost (changepoint's "BIC"/"SIC", one parameter
                                      per segment); 3 log(n) with the negative
                                      binomial cost (see incstat_trend_cp_cost) */
    INCSTAT_TREND_PENALTY_AIC,     /* 2 */
    INCSTAT_TREND_PENALTY_MANUAL   /* options.penalty_value (>= 0) */
} incstat_trend_penalty;

/* Segment cost of the change-point search.
 *
 * NEGBIN (the default) is PELT with a negative binomial segment cost: within
 * a segment the counts are NB with mean lambda * exposure and one dispersion
 * theta common to the whole series (var = mu + mu^2 / theta).  Yearly
 * conflict deaths vary tens to hundreds of times more than a Poisson process
 * would, so the Poisson cost takes ordinary year-to-year swings for changes
 * in level (on NB series without any change it finds changes in every
 * series); the NB cost weighs a jump against the spread such counts have.
 * theta is estimated from the data twice, each time by the moment
 * estimator of MASS's theta.md with the degrees of freedom the levels use
 * (sum (y - mu)^2 / (mu + mu^2 / theta) = n - levels): first with a level
 * for each consecutive pair of periods (a shift in level touches one pair
 * only, so it is not counted as spread), then again with the segments that
 * first search found, and the search is run once more with it.  The
 * penalty per change is 3 log(n) (a level and a position per change, and a
 * margin for the estimated theta), calibrated by simulation
 * (bench/trend_cp_sim.c, 2,000 series per cell, seed 20261204: with no
 * change in NB series of 25 years, means 50/300/1000 and theta 0.8/3/10,
 * 7.9% of series show a change on average, 14% in the worst cell (theta
 * 0.8); a 3x shift in the middle third (mean 200, theta 5) is found within
 * a year in 91%; tests/test_trend.c runs a smaller version).  When the
 * counts are not overdispersed (theta infinite) the cost is Poisson's.
 * Without exposures each segment's level is its NB maximum likelihood and
 * PELT is exact; with exposures lambda = sum y / sum exposure (not the NB
 * ML) and every candidate is kept (no pruning, O(n^3)) up to 1,000 rows;
 * beyond, PELT prunes as without exposures, which may then miss the optimum
 * by a little.
 *
 * POISSON is the cost changepoint::cpt.meanvar(test.stat = "Poisson") uses,
 * with the BIC penalty log(n): right for counts that really are Poisson. */
typedef enum {
    INCSTAT_TREND_CP_NEGBIN = 0,
    INCSTAT_TREND_CP_POISSON
} incstat_trend_cp_cost;

/* The smooth's degrees of freedom (options.smooth_df). */
#define INCSTAT_TREND_SMOOTH_AUTO 0    /* pick df in 1..min(6, n / 4) by AIC */
#define INCSTAT_TREND_SMOOTH_MAX_DF 7

/* Options; all-zero means every method, 95% intervals, BIC penalty,
 * negative binomial change-point cost, segments of at least 2 periods,
 * smooth df by AIC, rates per 100,000, metric "value", unit "year".  The
 * library copies what it needs (strings too). */
typedef struct {
    unsigned methods;              /* OR of INCSTAT_TREND_*; 0 = INCSTAT_TREND_ALL */
    double conf_level;             /* 0 = 0.95; otherwise in (0, 1) */
    incstat_trend_penalty penalty;
    double penalty_value;          /* INCSTAT_TREND_PENALTY_MANUAL only */
    size_t min_segment;            /* 0 = 2 (changepoint's default minseglen) */
    double rate_per;               /* with an exposure: rates per this many (0 = 100000) */
    const char *metric;            /* label for the writers; NULL = "value" */
    const char *unit;              /* unit of x for the text writer; NULL = "year" */
    unsigned per_unit;             /* rows per unit of x when x is a fractional
                                      year (12: months, 4: quarters; 0 = 1): the
                                      text names periods "2007-Q3", "2007-03" and
                                      counts them, while changes stay per unit */
    incstat_trend_cp_cost cp_cost; /* change-point segment cost */
    unsigned smooth_df;            /* INCSTAT_TREND_SMOOTH_AUTO or 1..7 */
} incstat_trend_options;

/* Ordinary least squares y ~ x (R: lm, confint).  With an exposure, y is the
 * rate per rate_per.  Fields are NaN when status is not INCSTAT_OK. */
typedef struct {
    incstat_status status;
    const char *note;              /* static text: why status is not OK, or NULL */
    double slope, slope_se, slope_ci[2], slope_p;  /* t interval, n - 2 df */
    double intercept;              /* at x = 0, as R reports it */
    double r2;                     /* NaN for a constant series (flagged) */
    double df;                     /* n - 2 */
} incstat_trend_ols;

/* Log-linear count model log E[y] = a + b x (+ log exposure) fitted by IRLS
 * (R: glm(y ~ x, family = poisson) and MASS::glm.nb).  Standard errors come
 * from (X'WX)^-1 at the converged fit.  The change per unit of x is
 * 100 (exp(b) - 1) %, with the Wald interval 100 (exp(b -/+ z se) - 1).
 * Fields are NaN (arrays NULL) when status is not INCSTAT_OK. */
typedef struct {
    incstat_status status;         /* OK; EDOMAIN when no finite estimate exists
                                      (all zero, or all counts at the first or the
                                      last period); ENOCONV */
    const char *note;              /* static text explaining status or the
                                      theta_infinite fallback; NULL otherwise */
    double coef, se, z, p_value;   /* b on x (not centred) and its Wald test */
    double intercept, intercept_se;/* a, at x = 0 */
    double change_pct, ci_pct[2];
    double deviance, null_deviance, df_residual;
    double pearson_chi2, dispersion;   /* dispersion = pearson_chi2 / (n - 2) */
    /* Poisson only (NaN for the negative binomial): quasi-Poisson interval,
     * se * sqrt(dispersion) (R: glm(family = quasipoisson), confint.default) */
    double quasi_se, quasi_ci_pct[2];
    /* null_deviance is Poisson only (NaN for the negative binomial). */
    /* Negative binomial only (NaN for Poisson).  var = mu + mu^2 / theta.
     * When the counts are not overdispersed (the score for overdispersion
     * sum((y - mu)^2 - y) at the Poisson fit is <= 0, or the ML theta exceeds
     * 1e6, where NB and Poisson cannot be told apart) the likelihood grows
     * towards theta = inf: theta = +INFINITY, theta_infinite = 1, note set,
     * and the estimates are the Poisson ones (MASS::glm.nb returns a huge
     * theta and the Poisson coefficients, with warnings).  theta is the joint
     * ML; unlike MASS's theta.ml, whose Newton step from the moment estimate
     * can leave for infinity on strongly overdispersed series (PBC killed:
     * glm.nb() gives theta 1.5e6, loglik -3200.7; the ML is 0.48, -126.3),
     * the root is bracketed. */
    double theta, theta_se;        /* theta_se = sqrt(1 / info) as MASS theta.ml */
    int theta_infinite;
    double loglik;                 /* NB log-likelihood (glm.nb twologlik / 2);
                                      NaN for Poisson */
    double aic;                    /* as R's AIC(): Poisson -2 loglik + 4; NB
                                      -2 loglik + 6 (theta counts), and Poisson's
                                      + 2 when theta is infinite */
    int iterations;                /* IRLS iterations (NB: alternations) */
    /* Fitted mean count and its pointwise band exp(eta -/+ z se(eta)) at every
     * input row (also the dropped ones; NaN where the exposure is unknown).
     * n entries, owned by the result. */
    double *fitted, *lower, *upper;
} incstat_trend_glm;

/* Mann-Kendall test (R: trend::mk.test, continuity = TRUE) on y in x order. */
typedef struct {
    incstat_status status;         /* EDOMAIN when var(S) = 0 (all y tied);
                                      ELIMIT beyond INCSTAT_TREND_MAX_PAIRWISE */
    const char *note;
    double s, var_s;               /* var_s with the tie correction */
    double z, p_value;             /* z = sgn(S)(|S| - 1)/sqrt(var_s); two-sided */
    double tau;                    /* Kendall's tau-b (= cor(x, y, method = "kendall")) */
    double tau_a;                  /* S / (n (n - 1) / 2) */
} incstat_trend_mk;

/* Sen's slope: the median of (y_j - y_i) / (x_j - x_i) over all pairs, so gaps
 * in x count (trend::sens.slope divides by the row distance j - i; the same
 * for series without gaps).  Interval as trend::sens.slope 1.1.3:
 * C = z sqrt(var_s), the sorted slopes at round((N - C)/2) and
 * round((N + C)/2 + 1) (1-based, round half to even as R's round). */
typedef struct {
    incstat_status status;         /* ELIMIT beyond INCSTAT_TREND_MAX_PAIRWISE */
    const char *note;
    double slope;
    double ci[2];                  /* NaN when a rank falls outside 1..N (too few
                                      points): see ci_defined */
    int ci_defined;
    double intercept;              /* median(y - slope x) */
    size_t n_slopes;
} incstat_trend_sen;

/* One segment of the change-point fit: rows [first, last] of the used rows. */
typedef struct {
    double year_start, year_end;   /* x of its first and last row */
    size_t first, last;            /* indices into the input arrays */
    double mean;                   /* mean count (rate per rate_per with an exposure) */
    double total;                  /* sum of y */
} incstat_trend_segment;

typedef struct {
    incstat_status status;         /* OK once run */
    const char *note;              /* set when fewer than 2 * min_segment rows leave
                                      room for no change: one segment (changepoint
                                      stops with an error there), or when the NB
                                      cost fell back to Poisson's */
    incstat_trend_cp_cost cost_kind; /* the cost used (NEGBIN falls back to
                                      POISSON when theta is infinite) */
    double theta;                  /* NB cost: the dispersion used (estimated with
                                      the first search's segments); +INFINITY when
                                      not overdispersed; NaN for the Poisson cost */
    double theta_initial;          /* NB cost: theta with one mean (first search) */
    double penalty;                /* the penalty used */
    size_t min_segment;
    double cost;                   /* total penalised cost of the optimum */
    incstat_trend_segment *segments; /* n_segments >= 1, owned by the result */
    size_t n_segments;             /* change points = n_segments - 1 */
} incstat_trend_changepoints;

/* The smooth: MASS::glm.nb(y ~ splines::ns(x, df = df) [+ offset(log(E))])
 * on the used rows: a natural cubic spline with df - 1 interior knots at the
 * quantiles (type 7) of the used x and boundary knots at the first and last
 * used x, fitted by the same IRLS and theta alternation as the negative
 * binomial trend.  df = 1 is the log-linear NB trend.  With
 * INCSTAT_TREND_SMOOTH_AUTO every df in 1..min(6, floor(n / 4)) is fitted
 * and the smallest AIC (R's AIC() for glm.nb: -2 loglik + 2 (df + 2)) wins;
 * fits that do not converge are skipped.  fitted, lower and upper hold the
 * mean and the pointwise band exp(eta -/+ z se(eta)) (z = qnorm of the
 * confidence level; se from (X'WX)^-1 at the fit, as predict(se.fit = TRUE)
 * with dispersion 1) at every input row; NaN outside the used x range or
 * where the exposure is unknown.  When theta is infinite (not
 * overdispersed) the fit is the Poisson GLM on the same spline.
 * status ENOCONV with a note when no df converged (then the log-linear trend
 * is what remains), EDOMAIN when there is no finite fit (all counts zero, or
 * all in the first or the last period) or too few rows for a fixed df
 * (df + 2 needed). */
typedef struct {
    incstat_status status;
    const char *note;
    unsigned df;                   /* the df fitted (chosen by AIC with auto) */
    int auto_df;                   /* 1 when df was chosen by AIC */
    double theta;                  /* +INFINITY when not overdispersed */
    int theta_infinite;
    double loglik, aic, deviance;
    double aic_by_df[INCSTAT_TREND_SMOOTH_MAX_DF + 1]; /* [k]: AIC with df k, NaN
                                      when not fitted or not converged */
    unsigned max_df;               /* largest df tried */
    int better_than_loglinear;     /* df > 1 and an AIC more than 2 below the
                                      log-linear NB's (Burnham and Anderson's
                                      "substantial support" line; how much more
                                      is for the words, incstat_trend_aic_band) */
    double *fitted, *lower, *upper;/* n entries each, owned by the result */
} incstat_trend_smooth;

/* Pairwise methods (Mann-Kendall, Sen) are skipped with ELIMIT above this n. */
#define INCSTAT_TREND_MAX_PAIRWISE 2000

/* The whole fit.  Each method block has a status and a note: a method that
 * was not requested has status INCSTAT_EINVAL, note "not requested" and NaN
 * numbers; one that is undefined for the data has its own status (EDOMAIN,
 * ENOCONV, ELIMIT) and a note saying why. */
typedef struct {
    char *metric;                  /* copies of the option strings */
    char *unit;
    unsigned per_unit;             /* from the options (1, 4 or 12) */
    size_t n;                      /* rows passed */
    size_t n_used;                 /* rows with y known */
    size_t n_dropped;              /* rows with y NaN */
    double from, to;               /* first and last x used */
    unsigned methods;              /* the methods that were run */
    unsigned flags;                /* INCSTAT_TREND_NONINTEGER ... */
    double conf_level;
    double rate_per;               /* NaN without an exposure */
    double *x;                     /* copy of the input x (n entries) */
    double *y;                     /* copy of the input y (n entries, NaN where
                                      missing): the counts the sentences quote */
    incstat_trend_ols ols;
    incstat_trend_glm poisson;
    incstat_trend_glm negbin;
    incstat_trend_mk mk;
    incstat_trend_sen sen;
    incstat_trend_changepoints cp;
    incstat_trend_smooth smooth;
} incstat_trend_result;

/* Run the methods of opts (may be NULL) on n rows.  exposure may be NULL;
 * otherwise exposure[i] must be finite and > 0 wherever y[i] is known: the
 * count models use the offset log(exposure), the other methods the rate
 * y / exposure * rate_per.  A method that is undefined for these data (e.g.
 * Poisson on all zeros) gets its own status and note; the call still
 * succeeds.  *out receives a result the caller frees with
 * incstat_trend_result_free; it is NULL on failure.
 * Errors: EINVAL (NULL pointers, bad options), EDOMAIN (x not finite or not
 * strictly increasing; y infinite; negative y with a count method; |x|, |y|
 * or an exposure beyond 1e15; an exposure that is not > 0 or gives an
 * infinite rate; fewer than 3 known y), ELIMIT (n > 10,000,000), ENOMEM. */
incstat_status incstat_trend_fit(const double *x, const double *y, const double *exposure,
                                 size_t n, const incstat_trend_options *opts,
                                 incstat_trend_result **out, incstat_error *err);

/* Free a result; NULL is safe. */
void incstat_trend_result_free(incstat_trend_result *r);

/* One JSON object, one line:
 *   {"metric", "unit", "from", "to", "n" (used), "n_rows", "n_dropped",
 *    "conf_level", "rate_per", "flags": ["noninteger", "constant", "all_zero",
 *    "exposure"], "x": [...],
 *    "ols": {"status", "note", "slope", "slope_ci": [lo, hi], "slope_se",
 *            "slope_p", "intercept", "r2"},
 *    "poisson": {"status", "note", "coef", "se", "p_value", "intercept",
 *                "annual_change_pct", "ci_pct": [lo, hi], "deviance",
 *                "dispersion", "pearson_chi2", "null_deviance",
 *                "quasi_ci_pct": [lo, hi], "iterations", "fitted": [...],
 *                "fitted_lo": [...], "fitted_hi": [...]},
 *    "negbin": {as poisson, but "theta", "theta_infinite", "theta_se",
 *               "loglik" instead of null_deviance and quasi_ci_pct},
 *    "mann_kendall": {"status", "note", "s", "var_s", "z", "p_value", "tau",
 *                     "tau_a"},
 *    "sen": {"status", "note", "slope", "ci": [lo, hi], "intercept"},
 *    "changepoints": [{"year", "mean_before", "mean_after"}, ...],
 *    "segments": [{"from", "to", "mean", "total"}, ...],
 *    "changepoint_method" ("PELT, negative binomial cost" or "PELT, Poisson
 *    cost"), "changepoint_cost" ("negbin" or "poisson"),
 *    "changepoint_dispersion" (theta used; null for Poisson),
 *    "changepoint_dispersion_initial", "changepoint_note",
 *    "changepoint_penalty", "changepoint_min_segment",
 *    "smooth": {"status", "note", "model", "df", "df_by_aic", "theta", "aic",
 *               "aic_by_df": [df 1, 2, ...], "loglinear_aic",
 *               "better_than_loglinear", "fitted": [...], "ci_low": [...],
 *               "ci_high": [...]},
 *    "shape": the sentence of incstat_trend_describe, or null}
 * A method that was not run is null (the change-point keys: "changepoints"
 * null, the others absent).  "annual_change_pct" is per unit of x; "poisson"
 * and "negbin" also carry "aic".
 * Numbers round-trip (integers plainly, others %.17g); non-finite ones are
 * null; status is "ok" or incstat_strerror's text.
 * Errors: EINVAL (NULL), EIO (write failed). */
incstat_status incstat_trend_write_json(const incstat_trend_result *r, FILE *out,
                                        incstat_error *err);

/* A readable table of every method that was run, then plain sentences.
 * Every rate names its unit and period: slopes "+32.77 a year" (by month or
 * quarter "-7.076 a month per year": the monthly count changes by that much
 * a year), segment means "mean 598.1 a year" ("a month", "per 100000 a
 * year" with an exposure).  When the spline smooth fits better than one
 * log-linear trend (by AIC), the shape first (incstat_trend_describe), then
 * the log-linear change set against the spline in the AIC bands of
 * incstat_trend_aic_band: "One log-linear trend (...) fits about as well as
 * the spline (AIC 183.1 against 182.2, a difference of 1.0: too small to
 * separate them): ...", and from "clearly worse" on a "Warning: one
 * log-linear trend (...) fits far worse than the spline (AIC 255.6 against
 * 231.7, a difference of 23.9: essentially no support for it): it averages
 * over the rises and falls and does not describe the series." line;
 * otherwise the change per unit from the negative binomial when the counts
 * are overdispersed (else Poisson, else least squares), e.g. "killed rose by
 * about 39% a year (95% CI 26% to 53%; negative binomial model)." or "...
 * shows no clear trend: ..." when the interval spans 0 (by month also the
 * change a month: "-35% a year or -3.6% a month").  Then the Mann-Kendall
 * verdict at 5%, the change points with their levels, and the sentence of
 * incstat_trend_reconcile where the two seem to disagree.
 * Errors: EINVAL, EIO. */
incstat_status incstat_trend_write_text(const incstat_trend_result *r, FILE *out,
                                        incstat_error *err);

/* The shape of the series in one sentence (no final full stop) into buf
 * (cap bytes, always terminated, cut if too small).  When the smooth fits
 * better than the log-linear trend (smooth.better_than_loglinear), its
 * turning points: where the series rose, peaked, fell and rose again.  The
 * turns are the smooth's (a rise or fall counts when it is at least 30% of
 * the higher level and 5% of the highest); the figures quoted at them are
 * the recorded counts (y), the highest or lowest recorded between the
 * midpoints to the neighbouring turns, and then the fitted levels, named as
 * fitted: "killed rose from 42 in 2001 to a peak of 7,512 in 2009, fell to
 * 293 in 2019, and has risen since, to 1,885 in 2024; the fitted smooth
 * trend was about 78 a year in 1998-2000, a peak of about 6,600 in
 * 2010-2011, a low of about 550 in 2019 and about 1,400 in 2024" (fitted
 * levels rounded to two digits; periods within 5% of a fitted peak named
 * with it).  When a turn has no recorded count, or the counts do not rise
 * and fall as the smooth does, the fitted curve alone: "on the fitted
 * smooth trend, killed rose from about 78 a year in ...".  A smooth with no
 * such rise or fall: "killed stayed between 16 and 73 a year from 2000 to
 * 2021; the fitted smooth trend stayed between about 31 and 47 a year".
 * Otherwise the log-linear change per unit (negative binomial, else
 * Poisson; by month or quarter also per period).  Levels are counts per
 * period, not rates.
 * Errors: EINVAL (NULL, cap 0), EDOMAIN (no count model fitted), ENOMEM. */
incstat_status incstat_trend_describe(const incstat_trend_result *r, char *buf, size_t cap,
                                      incstat_error *err);

/* The shape and the change points in words where they seem to disagree
 * (no final full stop; "" when they do not), into buf (cap bytes, always
 * terminated, cut if too small): a smooth that rises and falls while no
 * change in level is found ("This does not contradict the rises and falls
 * above: the search looks for sudden shifts between steady levels, weighed
 * against how widely the counts vary from year to year, and those rises and
 * falls are gradual or within that spread"); rises or falls of the smooth
 * with no change point of their direction near them ("The change points
 * mark only sudden shifts, ...: the rise since 2019 is gradual or within
 * that spread, not such a shift"); and without a leading smooth, a clear
 * steady change with no shift found, shifts both ways or one shift under a
 * log-linear trend that shows no clear change, or a shift against the
 * steady change.  The smooth leads as in incstat_trend_describe.
 * Errors: EINVAL (NULL, cap 0), ENOMEM. */
incstat_status incstat_trend_reconcile(const incstat_trend_result *r, char *buf, size_t cap,
                                       incstat_error *err);

/* Two models compared by AIC, in the usual bands of the difference
 * d = aic - best between a model and the better one (Burnham, K. P. &
 * Anderson, D. R. (2002), Model Selection and Multimodel Inference, 2nd ed.,
 * Springer, p. 70: d <= 2, substantial support for both; 4 to 7,
 * considerably less support for the worse; over 10, essentially none; the
 * bands between, 2 to 4 and 7 to 10, are named on the same scale). */
typedef enum {
    INCSTAT_TREND_AIC_UNKNOWN = -1, /* an AIC is not finite, or aic < best */
    INCSTAT_TREND_AIC_AS_WELL = 0,  /* d <= 2: about as well */
    INCSTAT_TREND_AIC_SOMEWHAT,     /* 2 < d < 4: somewhat worse */
    INCSTAT_TREND_AIC_CLEARLY,      /* 4 <= d <= 7: clearly worse */
    INCSTAT_TREND_AIC_MUCH,         /* 7 < d <= 10: much worse */
    INCSTAT_TREND_AIC_NO_SUPPORT    /* d > 10: far worse, essentially no support */
} incstat_trend_aic_band;

/* The band of a model with AIC aic against a better one with AIC best. */
incstat_trend_aic_band incstat_trend_aic_band_of(double aic, double best);

/* How the worse model fits, to put before "the other model": "about as
 * well as", "somewhat worse than", "clearly worse than", "much worse than",
 * "far worse than"; NULL for INCSTAT_TREND_AIC_UNKNOWN.  Static text. */
const char *incstat_trend_aic_words(incstat_trend_aic_band band);

/* What the difference leaves the worse model, for after "a difference of
 * 5.4: ": "too small to separate them", "some support left for it",
 * "considerably less support for it", "little support for it",
 * "essentially no support for it"; NULL for INCSTAT_TREND_AIC_UNKNOWN. */
const char *incstat_trend_aic_support(incstat_trend_aic_band band);

/* Exact comparison of two Poisson counts a and b observed over exposures
 * ta and tb (0 = 1), as R's poisson.test(c(a, b), T = c(ta, tb)): a binomial
 * test of a out of a + b with p = ta / (ta + tb), two-sided p-value as
 * binom.test (sum of the probabilities <= d (1 + 1e-7)), rate ratio
 * (a / ta) / (b / tb) with the Clopper-Pearson interval mapped by
 * p / (1 - p) * tb / ta.  ratio and hi are +INFINITY when b = 0. */
typedef struct {
    double a, b, ta, tb;
    double ratio, ci[2], p_value;
    double conf_level;
} incstat_trend_comparison;

/* Errors: EINVAL (out NULL, conf_level outside (0, 1), bad exposure),
 * EDOMAIN (a or b negative, not whole, or a + b = 0), ELIMIT (a + b > 1e6:
 * GSL's incomplete beta loses convergence above about 2e6), ENOCONV. */
incstat_status incstat_trend_compare_poisson(double a, double b, double ta, double tb,
                                             double conf_level, incstat_trend_comparison *out,
                                             incstat_error *err);

/* Bootstrap of the percent change in the total between two periods over
 * incidents: values_a (period A) and values_b (period B) are per-incident
 * counts; each resample draws na incidents of A and nb of B with
 * replacement and computes 100 (sum B* / sum A* - 1).  Percentile interval
 * (R's quantile type 7).  NaN values are unknowns: dropped and counted.
 * The generator is GSL's mt19937 seeded with seed for this call only (seed 0
 * means GSL's default seed 4357): the same inputs and seed give the same
 * result. */
typedef struct {
    double estimate;               /* 100 (sum B / sum A - 1) on the data */
    double ci[2];                  /* may be +INFINITY when resamples of A sum to 0 */
    size_t n_resamples;
    size_t n_infinite;             /* resamples with sum A* = 0 < sum B* */
    size_t n_undefined;            /* resamples with sum A* = sum B* = 0: dropped */
    size_t n_dropped_a, n_dropped_b; /* NaN inputs */
    double conf_level;
} incstat_trend_bootstrap;

/* n_resamples 0 = 2000.  Errors: EINVAL (NULL arrays with n > 0, out NULL,
 * conf_level), EDOMAIN (no known value in a period, negative or infinite
 * values, sum of A = 0, every resample undefined), ELIMIT (more than
 * 100,000,000 resamples or 2^32 - 1 incidents), ENOMEM. */
incstat_status incstat_trend_bootstrap_change(const double *values_a, size_t na,
                                              const double *values_b, size_t nb,
                                              size_t n_resamples, unsigned long seed,
                                              double conf_level,
                                              incstat_trend_bootstrap *out, incstat_error *err);

/* Moving average of y (consecutive periods; a missing period is a NaN row)
 * into out (n entries, may not alias y; never allocates).  centred: window
 * must be odd, out[i] = mean(y[i - k/2 .. i + k/2]) (stats::filter sides = 2);
 * otherwise trailing, out[i] = mean(y[i - k + 1 .. i]) (sides = 1).  out[i]
 * is NaN where the window runs off either end or contains a NaN.
 * Errors: EINVAL (NULL pointers with n > 0, window 0, even window when
 * centred). */
incstat_status incstat_trend_moving_average(const double *y, size_t n, size_t window,
                                            int centred, double *out, incstat_error *err);

/* ---- two years compared (incstat trend --compare) ---------------------- */

/* The per-incident values of years year_a and year_b, for
 * incstat_trend_bootstrap_change: reads ld to its end (the caller still owns
 * and frees ld), keeping the dated incidents that filter (NULL: all) matches.
 * field is the incstat_num_field read per incident (killed best, injured
 * low, ...), or -1 to count each incident as 1.  On success *va and *vb hold
 * *na and *nb values (NULL when none), allocated with malloc: the caller
 * frees them with free().  On failure they are NULL.  Errors: EINVAL (NULL
 * pointers, field out of range), those of incstat_loader_next, ENOMEM. */
incstat_status incstat_trend_year_values(incstat_loader *ld, const incstat_filter *filter,
                                         int field, int year_a, int year_b, double **va,
                                         size_t *na, double **vb, size_t *nb, incstat_error *err);

/* Two years compared: their totals, the exact Poisson test of B against A
 * and the bootstrap over incidents of the percent change.  Everything is
 * borrowed from the caller. */
typedef struct {
    const char *metric;                    /* "killed", "injured", "incidents" */
    int year_a, year_b;
    double a, b;                           /* the two years' totals */
    const incstat_trend_comparison *test;  /* B against A; NULL: not possible */
    const incstat_trend_bootstrap *boot;   /* NULL: not possible */
    unsigned long seed;                    /* the bootstrap's seed */
    size_t n_a, n_b;                       /* incidents of each year */
} incstat_trend_years;

/* Write the comparison to out: json 0, three lines for people ("killed 2022:
 * 1,234    killed 2023: 1,500    change +21.6%", or "change n/a (from 0)" when
 * a is 0; the test, the bootstrap)
 * and a sentence on why the two intervals differ when both are there;
 * json 1, one object {"metric", "year_a", "year_b", "a", "b",
 * "change_pct", "poisson_test": {"rate_ratio_b_over_a", "ci", "p_value"} or
 * null, "bootstrap": {"change_pct", "ci_pct", "resamples", "seed",
 * "incidents_a", "incidents_b"} or null}.  Errors: EINVAL (NULL), EIO. */
incstat_status incstat_trend_years_write(const incstat_trend_years *y, int json, FILE *out,
                                         incstat_error *err);

/* ---- what incstat trend adds to a fit --------------------------------- */

/* incstat_trend_write_json's object with one more member, "moving_average":
 * {"window": window, "values": [n values, null where unknown]}, before its
 * end; ma NULL writes the object alone (n and window ignored).  Errors:
 * EINVAL, EIO. */
incstat_status incstat_trend_write_json_ma(const incstat_trend_result *r, const double *ma,
                                           size_t n, size_t window, FILE *out,
                                           incstat_error *err);

/* The lines incstat trend prints after incstat_trend_write_text: a note when
 * change points were fitted with the Poisson cost on counts far more
 * dispersed than Poisson (asked_cost is the cost the caller asked for: the
 * note only when that was Poisson), and, when ma is not NULL, the centred
 * moving average over window periods, one "  LABEL  VALUE" line per known
 * value (labels[i] names period i, n of them).  Errors: EINVAL, EIO. */
incstat_status incstat_trend_write_notes(const incstat_trend_result *r,
                                         incstat_trend_cp_cost asked_cost, const double *ma,
                                         const char *const *labels, size_t n, size_t window,
                                         FILE *out, incstat_error *err);

#ifdef __cplusplus
}
#endif
#endif
