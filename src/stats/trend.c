/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend.c: trend fits over a yearly series (see include/incstat/trend.h):
 * input checks, the driver that runs the methods, least squares and moving
 * averages.  The count models are in trend_glm.c, Mann-Kendall and Sen in
 * trend_rank.c, change points in trend_cp.c, the spline smooth in
 * trend_smooth.c, the two-period comparison and the bootstrap in
 * trend_compare.c, the writers in trend_write.c and trend_shape.c.
 *
 * GSL's error handler.  GSL reports errors through a process-wide handler
 * that aborts by default, and gsl_set_error_handler_off() would change that
 * for the whole program, so the library leaves the handler alone and instead
 * never reaches it: every GSL call below gets arguments it accepts (checked
 * before the call: sizes that match, probabilities inside (0, 1), degrees of
 * freedom >= 1, arguments of psi/trigamma/lngamma > 0 and finite), and
 * nothing that allocates inside GSL is used (matrices and vectors are views
 * of our own incstat_malloc'd buffers; no gsl_*_alloc), since GSL reports a
 * failed allocation through the handler too.  gsl_cdf_beta_Pinv is avoided
 * altogether (trend_compare.c says why). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>

#include "stats/trend_internal.h"
#include "core/internal.h"

#define MAX_ROWS 10000000u
#define MAX_ABS 1e15        /* |x|, |y| and exposures beyond this are refused */

static char *dup_or(const char *s, const char *fallback)
{
    const char *t = s ? s : fallback;
    return incstat_strndup(t, strlen(t));
}

/* ---- least squares ---------------------------------------------------- */

static void fit_ols(const trend_rows *d, double level, incstat_trend_ols *o)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    size_t m = d->m;
    /* m >= 3 and x strictly increasing: gsl_fit_linear has a non-zero Sxx */
    gsl_fit_linear(d->x, 1, d->v, 1, m, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    double mean = 0, sst = 0;
    for (size_t i = 0; i < m; i++)
        mean += d->v[i];
    mean /= (double)m;
    for (size_t i = 0; i < m; i++)
        sst += trend_sqr(d->v[i] - mean);
    o->status = INCSTAT_OK;
    o->note = NULL;
    o->df = (double)(m - 2);
    o->slope = c1;
    o->intercept = c0;
    o->slope_se = sqrt(cov11);
    double t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, o->df);
    o->slope_ci[0] = c1 - t * o->slope_se;
    o->slope_ci[1] = c1 + t * o->slope_se;
    if (o->slope_se > 0)
        o->slope_p = 2 * gsl_cdf_tdist_Q(fabs(c1 / o->slope_se), o->df);
    else
        o->slope_p = c1 != 0 ? 0 : NAN;
    if (sst > 0) {
        o->r2 = 1 - sumsq / sst;
    } else {
        o->r2 = NAN;
        o->note = "constant series: R^2 is undefined";
    }
}

/* ---- driver ----------------------------------------------------------- */

void incstat_trend_result_free(incstat_trend_result *r)
{
    if (!r)
        return;
    incstat_free_mem(r->metric);
    incstat_free_mem(r->unit);
    incstat_free_mem(r->x);
    incstat_free_mem(r->y);
    incstat_trend_glm *g[2] = {&r->poisson, &r->negbin};
    for (int k = 0; k < 2; k++) {
        incstat_free_mem(g[k]->fitted);
        incstat_free_mem(g[k]->lower);
        incstat_free_mem(g[k]->upper);
    }
    incstat_free_mem(r->smooth.fitted);
    incstat_free_mem(r->smooth.lower);
    incstat_free_mem(r->smooth.upper);
    incstat_free_mem(r->cp.segments);
    incstat_free_mem(r);
}

static incstat_status check_options(const incstat_trend_options *o, incstat_error *err)
{
    if (o->methods & ~INCSTAT_TREND_ALL)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: unknown method bits 0x%x",
                                 o->methods & ~INCSTAT_TREND_ALL);
    if (o->conf_level != 0 && !(o->conf_level > 0 && o->conf_level < 1))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: confidence level %g is not in (0, 1)", o->conf_level);
    if (o->penalty != INCSTAT_TREND_PENALTY_BIC && o->penalty != INCSTAT_TREND_PENALTY_AIC &&
        o->penalty != INCSTAT_TREND_PENALTY_MANUAL)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: unknown penalty %d",
                                 (int)o->penalty);
    if (o->penalty == INCSTAT_TREND_PENALTY_MANUAL &&
        !(o->penalty_value >= 0 && isfinite(o->penalty_value)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: manual penalty %g must be finite and >= 0",
                                 o->penalty_value);
    if (o->cp_cost != INCSTAT_TREND_CP_NEGBIN && o->cp_cost != INCSTAT_TREND_CP_POISSON)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: unknown change-point cost %d",
                                 (int)o->cp_cost);
    if (o->smooth_df > INCSTAT_TREND_SMOOTH_MAX_DF)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: smooth df %u is not in 1..%d (0 = by AIC)", o->smooth_df,
                                 INCSTAT_TREND_SMOOTH_MAX_DF);
    if (o->rate_per != 0 && !(o->rate_per > 0 && isfinite(o->rate_per)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: rate_per %g must be finite and > 0", o->rate_per);
    return INCSTAT_OK;
}

static incstat_status check_data(const double *x, const double *y, const double *exposure,
                                 size_t n, unsigned methods, double rate_per, size_t *m_out,
                                 incstat_error *err)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || fabs(x[i]) > MAX_ABS)
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: x[%zu] is not a finite number of at most 1e15", i);
        if (i > 0 && !(x[i] > x[i - 1]))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: x must be strictly increasing, but x[%zu] = %.17g "
                                     "follows %.17g",
                                     i, x[i], x[i - 1]);
        if (isnan(y[i]))
            continue;
        if (isinf(y[i]) || fabs(y[i]) > MAX_ABS)
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: the value for %.17g is %s", x[i],
                                     isinf(y[i]) ? "infinite" : "beyond 1e15");
        if (y[i] < 0 && (methods & INCSTAT_TREND_COUNT_METHODS))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: the count for %.17g is negative (%.17g); the "
                                     "Poisson, negative binomial and change-point methods "
                                     "need counts >= 0",
                                     x[i], y[i]);
        if (exposure && !(exposure[i] > 0 && exposure[i] <= MAX_ABS &&
                          isfinite(y[i] / exposure[i] * rate_per)))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: the exposure for %.17g must be > 0 and at most "
                                     "1e15 (and give a finite rate), not %.17g",
                                     x[i], exposure[i]);
        m++;
    }
    if (m < 3)
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "trend: %zu known value%s; a trend needs at least 3", m,
                                 m == 1 ? "" : "s");
    *m_out = m;
    return INCSTAT_OK;
}

incstat_status incstat_trend_fit(const double *x, const double *y, const double *exposure,
                                 size_t n, const incstat_trend_options *opts,
                                 incstat_trend_result **out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: no output handle");
    *out = NULL;
    if (n > 0 && (!x || !y))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: x or y is NULL");
    if (n > MAX_ROWS)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "trend: %zu rows exceed the limit of %u", n, MAX_ROWS);
    incstat_trend_options o = {0};
    if (opts)
        o = *opts;
    incstat_status st = check_options(&o, err);
    if (st != INCSTAT_OK)
        return st;
    unsigned methods = o.methods ? o.methods : INCSTAT_TREND_ALL;
    if (methods & INCSTAT_TREND_SMOOTH)
        methods |= INCSTAT_TREND_NEGBIN;
    if (methods & INCSTAT_TREND_NEGBIN)
        methods |= INCSTAT_TREND_POISSON;
    double level = o.conf_level ? o.conf_level : 0.95;
    double rate_per = exposure ? (o.rate_per ? o.rate_per : 100000) : 1;
    size_t m = 0;
    st = check_data(x, y, exposure, n, methods, rate_per, &m, err);
    if (st != INCSTAT_OK)
        return st;

    incstat_trend_result *r = incstat_calloc(1, sizeof *r);
    double *buf = NULL;
    size_t *zbuf = NULL;
    if (!r)
        goto nomem;
    r->poisson.status = r->negbin.status = INCSTAT_EINVAL;
    r->metric = dup_or(o.metric, "value");
    r->unit = dup_or(o.unit, "year");
    r->per_unit = o.per_unit ? o.per_unit : 1;
    r->x = incstat_malloc(n * sizeof *r->x);
    r->y = incstat_malloc(n * sizeof *r->y);
    if (!r->metric || !r->unit || !r->x || !r->y)
        goto nomem;
    if (n) {
        memcpy(r->x, x, n * sizeof *x);
        memcpy(r->y, y, n * sizeof *y);
    }
    r->n = n;
    r->n_used = m;
    r->n_dropped = n - m;
    r->methods = methods;
    r->conf_level = level;
    r->rate_per = exposure ? rate_per : NAN;

    /* one work block: rows (5 m doubles), eta, mu (2 m), design (2 m), irls
     * work; the pairwise slopes, change points and smooth get their own */
    size_t nd = 5 * m + 2 * m + 2 * m + trend_irls_work(m, 2);
    buf = incstat_malloc(nd * sizeof *buf);
    zbuf = incstat_malloc(m * sizeof *zbuf);
    if (!buf || !zbuf)
        goto nomem;
    trend_rows d;
    d.m = m;
    d.x = buf;
    d.y = buf + m;
    d.off = buf + 2 * m;
    d.e = buf + 3 * m;
    d.v = buf + 4 * m;
    d.row = zbuf;
    double *eta = buf + 5 * m, *mu = buf + 6 * m, *design = buf + 7 * m, *work = buf + 9 * m;
    size_t k = 0;
    d.xbar = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]))
            continue;
        d.x[k] = x[i];
        d.y[k] = y[i];
        d.e[k] = exposure ? exposure[i] : 1;
        d.off[k] = exposure ? log(exposure[i]) : 0;
        d.v[k] = exposure ? y[i] / exposure[i] * rate_per : y[i];
        d.row[k] = i;
        k++;
        d.xbar += (x[i] - d.xbar) / (double)k; /* running mean: no overflow */
    }
    r->from = d.x[0];
    r->to = d.x[m - 1];
    int allzero = 1, constant = 1;
    for (size_t i = 0; i < m; i++) {
        if (d.y[i] != floor(d.y[i]))
            r->flags |= INCSTAT_TREND_NONINTEGER;
        if (d.y[i] != 0)
            allzero = 0;
        if (d.v[i] != d.v[0])
            constant = 0;
    }
    if (allzero)
        r->flags |= INCSTAT_TREND_ALL_ZERO;
    if (constant)
        r->flags |= INCSTAT_TREND_CONSTANT;
    if (exposure)
        r->flags |= INCSTAT_TREND_EXPOSURE;

    /* every method's block starts "not run" */
    r->ols.status = r->mk.status = r->sen.status = r->cp.status = INCSTAT_EINVAL;
    r->smooth.status = INCSTAT_EINVAL;
    r->ols.note = r->mk.note = r->sen.note = r->cp.note = r->poisson.note = r->negbin.note =
        r->smooth.note = "not requested";
    trend_glm_set_nan(&r->poisson);
    trend_glm_set_nan(&r->negbin);
    r->ols.slope = r->ols.slope_se = r->ols.slope_ci[0] = r->ols.slope_ci[1] = NAN;
    r->ols.slope_p = r->ols.intercept = r->ols.r2 = r->ols.df = NAN;
    r->mk.s = r->mk.var_s = r->mk.z = r->mk.p_value = r->mk.tau = r->mk.tau_a = NAN;
    r->sen.slope = r->sen.ci[0] = r->sen.ci[1] = r->sen.intercept = NAN;
    r->cp.penalty = r->cp.cost = r->cp.theta = r->cp.theta_initial = NAN;
    r->smooth.theta = r->smooth.loglik = r->smooth.aic = r->smooth.deviance = NAN;
    for (size_t j = 0; j <= INCSTAT_TREND_SMOOTH_MAX_DF; j++)
        r->smooth.aic_by_df[j] = NAN;

    if (methods & INCSTAT_TREND_OLS)
        fit_ols(&d, level, &r->ols);
    if (methods & INCSTAT_TREND_POISSON) {
        incstat_trend_glm *g[2] = {&r->poisson, &r->negbin};
        for (int j = 0; j < ((methods & INCSTAT_TREND_NEGBIN) ? 2 : 1); j++) {
            g[j]->fitted = incstat_malloc(n * sizeof *g[j]->fitted);
            g[j]->lower = incstat_malloc(n * sizeof *g[j]->lower);
            g[j]->upper = incstat_malloc(n * sizeof *g[j]->upper);
            if (!g[j]->fitted || !g[j]->lower || !g[j]->upper)
                goto nomem;
        }
        trend_fit_poisson(&d, level, x, exposure, n, design, eta, mu, work, &r->poisson);
        if (r->poisson.status != INCSTAT_OK) {
            /* no fitted values without a fit */
            for (int j = 0; j < 2; j++) {
                incstat_free_mem(g[j]->fitted);
                incstat_free_mem(g[j]->lower);
                incstat_free_mem(g[j]->upper);
                g[j]->fitted = g[j]->lower = g[j]->upper = NULL;
            }
        }
        if (methods & INCSTAT_TREND_NEGBIN) {
            trend_fit_negbin(&d, level, x, exposure, n, &r->poisson, design, eta, mu, work,
                             &r->negbin);
            if (r->negbin.status != INCSTAT_OK && r->negbin.fitted) {
                incstat_free_mem(r->negbin.fitted);
                incstat_free_mem(r->negbin.lower);
                incstat_free_mem(r->negbin.upper);
                r->negbin.fitted = r->negbin.lower = r->negbin.upper = NULL;
            }
        }
    }
    if (methods & (INCSTAT_TREND_MANN_KENDALL | INCSTAT_TREND_SEN)) {
        if (m > INCSTAT_TREND_MAX_PAIRWISE) {
            if (methods & INCSTAT_TREND_MANN_KENDALL) {
                r->mk.status = INCSTAT_ELIMIT;
                r->mk.note = "too many points for the pairwise Mann-Kendall statistic";
            }
            if (methods & INCSTAT_TREND_SEN) {
                r->sen.status = INCSTAT_ELIMIT;
                r->sen.note = "too many points for Sen's pairwise slopes";
            }
        } else {
            incstat_trend_mk mk;
            trend_fit_mk(&d, work, &mk);
            if (methods & INCSTAT_TREND_MANN_KENDALL)
                r->mk = mk;
            if (methods & INCSTAT_TREND_SEN) {
                double *slopes = incstat_malloc(m * (m - 1) / 2 * sizeof *slopes);
                if (!slopes)
                    goto nomem;
                trend_fit_sen(&d, level, mk.var_s, slopes, work, &r->sen);
                incstat_free_mem(slopes);
            }
        }
    }
    if (methods & INCSTAT_TREND_CHANGEPOINTS) {
        if (trend_fit_cp(&d, &o, rate_per, &r->cp) != INCSTAT_OK)
            goto nomem;
    }
    if (methods & INCSTAT_TREND_SMOOTH) {
        if (trend_fit_smooth(&d, &o, level, x, exposure, n, &r->negbin, &r->smooth) !=
            INCSTAT_OK)
            goto nomem;
    }
    incstat_free_mem(buf);
    incstat_free_mem(zbuf);
    *out = r;
    return INCSTAT_OK;
nomem:
    incstat_free_mem(buf);
    incstat_free_mem(zbuf);
    incstat_trend_result_free(r);
    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
}

/* ---- moving average --------------------------------------------------- */

incstat_status incstat_trend_moving_average(const double *y, size_t n, size_t window,
                                            int centred, double *out, incstat_error *err)
{
    if (n > 0 && (!y || !out))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "moving average: NULL array");
    if (window == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "moving average: window is 0");
    if (centred && window % 2 == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "moving average: a centred window must be odd, not %zu",
                                 window);
    size_t half = window / 2;
    for (size_t i = 0; i < n; i++) {
        /* window [lo, lo + window) */
        out[i] = NAN;
        size_t lo;
        if (centred) {
            if (i < half || i + half >= n)
                continue;
            lo = i - half;
        } else {
            if (i + 1 < window)
                continue;
            lo = i + 1 - window;
        }
        double s = 0;
        size_t j;
        for (j = 0; j < window && !isnan(y[lo + j]); j++)
            s += y[lo + j];
        if (j == window)
            out[i] = s / (double)window;
    }
    return INCSTAT_OK;
}
