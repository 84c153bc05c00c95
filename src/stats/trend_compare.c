/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_compare.c: the exact comparison of two Poisson counts (R's
 * poisson.test) and the incident bootstrap of a percent change (see
 * include/incstat/trend.h).
 *
 * GSL's error handler (see also src/trend.c): gsl_cdf_beta_Pinv is not used
 * because, in GSL 2.7, its Newton iteration reports "inverse failed to
 * converge" through the handler (an abort by default) for ordinary inputs
 * such as the Clopper-Pearson bound for 10 events against 5000
 * (betainv.c:181).  The bounds are found here by a bracketed Newton/bisection
 * on gsl_cdf_beta_P / gsl_cdf_beta_Q, which only return NaN when their
 * continued fraction fails (a + b of a few million and more, which the
 * documented limit keeps away; the NaN is still checked).  The generator is
 * a gsl_rng whose state we allocate ourselves (gsl_rng_alloc would report a
 * failed malloc through the handler), and gsl_rng_uniform_int only gets
 * 0 < n <= 2^32 - 1 (mt19937's range). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "incstat/trend.h"
#include "core/internal.h"

#define CMP_MAX_TOTAL 1e6
#define BOOT_MAX 100000000u

/* ---- exact Poisson comparison ----------------------------------------- */

/* x with P(X <= x) = p for X ~ Beta(a, b) (lower = 1), or with
 * P(X > x) = p (lower = 0).  Bracketed Newton in x on [0, 1].  Returns NaN
 * if the cdf does. */
static double beta_quantile(double p, double a, double b, int lower)
{
    double lo = 0, hi = 1, x = a / (a + b);
    for (int it = 0; it < 400; it++) {
        double c = lower ? gsl_cdf_beta_P(x, a, b) - p : p - gsl_cdf_beta_Q(x, a, b);
        if (isnan(c))
            return NAN;
        /* c is increasing in x in both forms */
        if (c > 0)
            hi = x;
        else if (c < 0)
            lo = x;
        else
            return x;
        double dens = gsl_ran_beta_pdf(x, a, b);
        double xn = dens > 0 && isfinite(dens) ? x - c / dens : NAN;
        if (!(xn > lo && xn < hi))
            xn = lo + (hi - lo) / 2;
        if (fabs(xn - x) <= 4e-16 * x || hi - lo <= 4e-16 * hi)
            return xn;
        x = xn;
    }
    return x;
}

/* binom.test's two-sided p-value for x out of n with probability p. */
static double binom_two_sided(unsigned x, unsigned n, double p)
{
    const double rel = 1 + 1e-7;
    double d = gsl_ran_binomial_pdf(x, p, n);
    double mean = n * p;
    if ((double)x == mean)
        return 1;
    double pv;
    if ((double)x < mean) {
        /* y = #{i in [ceil(mean), n] : dbinom(i) <= d rel}; the pmf decreases
         * there, so the set is a tail [i0, n]: binary search for i0 */
        unsigned lo = (unsigned)ceil(mean), hi = n + 1;
        while (lo < hi) {
            unsigned mid = lo + (hi - lo) / 2;
            if (gsl_ran_binomial_pdf(mid, p, n) <= d * rel)
                hi = mid;
            else
                lo = mid + 1;
        }
        unsigned y = n + 1 - lo;
        pv = gsl_cdf_binomial_P(x, p, n) + (y > 0 ? gsl_cdf_binomial_Q(n - y, p, n) : 0);
    } else {
        /* y = #{i in [0, floor(mean)] : dbinom(i) <= d rel}; the pmf
         * increases there: the set is a head [0, i0) */
        unsigned lo = 0, hi = (unsigned)floor(mean) + 1;
        while (lo < hi) {
            unsigned mid = lo + (hi - lo) / 2;
            if (gsl_ran_binomial_pdf(mid, p, n) <= d * rel)
                lo = mid + 1;
            else
                hi = mid;
        }
        unsigned y = lo;
        pv = (y > 0 ? gsl_cdf_binomial_P(y - 1, p, n) : 0) + gsl_cdf_binomial_Q(x - 1, p, n);
    }
    return fmin(1, pv);
}

incstat_status incstat_trend_compare_poisson(double a, double b, double ta, double tb,
                                             double conf_level, incstat_trend_comparison *out,
                                             incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "compare: no output");
    memset(out, 0, sizeof *out);
    out->ratio = out->ci[0] = out->ci[1] = out->p_value = NAN;
    double level = conf_level == 0 ? 0.95 : conf_level;
    if (!(level > 0 && level < 1))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "compare: confidence level %g is not in (0, 1)", conf_level);
    if (ta == 0)
        ta = 1;
    if (tb == 0)
        tb = 1;
    if (!(ta > 0 && isfinite(ta) && tb > 0 && isfinite(tb)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "compare: exposures must be finite and > 0 (%g, %g)", ta, tb);
    if (!(a >= 0 && b >= 0 && isfinite(a) && isfinite(b)) || a != floor(a) || b != floor(b))
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "compare: counts must be whole numbers >= 0, not %g and %g "
                                 "(round estimates first)",
                                 a, b);
    if (a + b == 0)
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "compare: both counts are 0: the rate ratio is undefined");
    if (a + b > CMP_MAX_TOTAL)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "compare: %g events exceed the exact test's limit of %g", a + b,
                                 CMP_MAX_TOTAL);
    out->a = a;
    out->b = b;
    out->ta = ta;
    out->tb = tb;
    out->conf_level = level;
    unsigned ua = (unsigned)a, n = (unsigned)(a + b);
    double p = ta / (ta + tb);
    double alpha = 1 - level;
    /* binom.test's Clopper-Pearson interval for p, mapped to the rate ratio */
    double plo = ua == 0 ? 0 : beta_quantile(alpha / 2, a, b + 1, 1);
    double phi = ua == n ? 1 : beta_quantile(alpha / 2, a + 1, b, 0);
    double pv = binom_two_sided(ua, n, p);
    if (isnan(plo) || isnan(phi) || isnan(pv))
        return incstat_set_error(err, INCSTAT_ENOCONV, 0, 0,
                                 "compare: the incomplete beta function did not converge for "
                                 "%g and %g",
                                 a, b);
    out->ratio = b == 0 ? INFINITY : (a / ta) / (b / tb);
    out->ci[0] = plo / (1 - plo) * tb / ta;
    out->ci[1] = phi == 1 ? INFINITY : phi / (1 - phi) * tb / ta;
    out->p_value = pv;
    return INCSTAT_OK;
}

/* ---- bootstrap -------------------------------------------------------- */

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* R's quantile type 7 of sorted v[0..n) (n >= 1); +inf values allowed. */
static double quantile7(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    if (lo + 1 >= n || frac == 0)
        return v[lo];
    if (isinf(v[lo + 1]))
        return v[lo + 1];
    return v[lo] + frac * (v[lo + 1] - v[lo]);
}

/* Known values of v into dst; returns the count, or (size_t)-1 on a
 * negative or infinite value. */
static size_t known(const double *v, size_t n, double *dst, double *sum)
{
    size_t k = 0;
    *sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        if (!(v[i] >= 0) || isinf(v[i]))
            return (size_t)-1;
        dst[k++] = v[i];
        *sum += v[i];
    }
    return k;
}

incstat_status incstat_trend_bootstrap_change(const double *values_a, size_t na,
                                              const double *values_b, size_t nb,
                                              size_t n_resamples, unsigned long seed,
                                              double conf_level,
                                              incstat_trend_bootstrap *out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "bootstrap: no output");
    memset(out, 0, sizeof *out);
    out->estimate = out->ci[0] = out->ci[1] = NAN;
    if ((na > 0 && !values_a) || (nb > 0 && !values_b))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "bootstrap: NULL values");
    double level = conf_level == 0 ? 0.95 : conf_level;
    if (!(level > 0 && level < 1))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "bootstrap: confidence level %g is not in (0, 1)", conf_level);
    size_t reps = n_resamples ? n_resamples : 2000;
    if (reps > BOOT_MAX)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "bootstrap: %zu resamples exceed the limit of %u", reps,
                                 BOOT_MAX);
    if (na > 0xffffffffu || nb > 0xffffffffu)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "bootstrap: more than 2^32 - 1 incidents in a period");
    if (na + nb > SIZE_MAX / sizeof(double) - 1 || reps > SIZE_MAX / sizeof(double))
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "bootstrap: sizes overflow");

    double *a = incstat_malloc((na + nb) * sizeof *a);
    double *rep = incstat_malloc(reps * sizeof *rep);
    void *state = incstat_malloc(gsl_rng_mt19937->size);
    incstat_status st = INCSTAT_OK;
    if (!a || !rep || !state) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto done;
    }
    double *b = a + na, sa, sb;
    size_t ka = known(values_a, na, a, &sa), kb = known(values_b, nb, b, &sb);
    if (ka == (size_t)-1 || kb == (size_t)-1) {
        st = incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                               "bootstrap: values must be finite and >= 0");
        goto done;
    }
    out->n_dropped_a = na - ka;
    out->n_dropped_b = nb - kb;
    if (ka == 0 || kb == 0) {
        st = incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                               "bootstrap: period %s has no known value", ka == 0 ? "A" : "B");
        goto done;
    }
    if (sa == 0) {
        st = incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                               "bootstrap: period A totals 0: the percent change is undefined");
        goto done;
    }
    out->estimate = 100 * (sb / sa - 1);
    /* a gsl_rng on our own state buffer: no allocation inside GSL, nothing
     * shared between calls */
    gsl_rng r = {gsl_rng_mt19937, state};
    gsl_rng_set(&r, seed);
    size_t k = 0;
    for (size_t i = 0; i < reps; i++) {
        double ta = 0, tb = 0;
        for (size_t j = 0; j < ka; j++)
            ta += a[gsl_rng_uniform_int(&r, (unsigned long)ka)];
        for (size_t j = 0; j < kb; j++)
            tb += b[gsl_rng_uniform_int(&r, (unsigned long)kb)];
        if (ta == 0 && tb == 0) {
            out->n_undefined++;
            continue;
        }
        if (ta == 0)
            out->n_infinite++;
        rep[k++] = ta == 0 ? INFINITY : 100 * (tb / ta - 1);
    }
    out->n_resamples = reps;
    out->conf_level = level;
    if (k == 0) {
        st = incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                               "bootstrap: every resample had zero in both periods");
        goto done;
    }
    qsort(rep, k, sizeof *rep, cmp_double);
    out->ci[0] = quantile7(rep, k, (1 - level) / 2);
    out->ci[1] = quantile7(rep, k, 1 - (1 - level) / 2);
done:
    incstat_free_mem(a);
    incstat_free_mem(rep);
    incstat_free_mem(state);
    return st;
}
