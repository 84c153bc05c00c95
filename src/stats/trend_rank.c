/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_rank.c: Mann-Kendall and Sen's slope (see
 * include/incstat/trend.h): pairwise, rank-based trends on the values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats/trend_internal.h"

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Median of v[0..n) (n >= 1); sorts v. */
static double median_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Tie terms of v (sorted copy in work): sum t(t-1)(2t+5) and sum t(t-1). */
static void ties(const double *v, size_t m, double *work, double *t_var, double *t_d)
{
    memcpy(work, v, m * sizeof *v);
    qsort(work, m, sizeof *work, cmp_double);
    *t_var = *t_d = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && work[j] == work[i])
            j++;
        double t = (double)(j - i);
        *t_var += t * (t - 1) * (2 * t + 5);
        *t_d += t * (t - 1);
        i = j;
    }
}

void trend_fit_mk(const trend_rows *d, double *work, incstat_trend_mk *k)
{
    size_t m = d->m;
    double md = (double)m, s = 0, tv, td;
    for (size_t j = 1; j < m; j++)
        for (size_t i = 0; i < j; i++)
            s += (d->v[j] > d->v[i]) - (d->v[j] < d->v[i]);
    ties(d->v, m, work, &tv, &td);
    double n0 = md * (md - 1) / 2;
    k->s = s;
    k->var_s = (md * (md - 1) * (2 * md + 5) - tv) / 18;
    k->tau_a = s / n0;
    if (!(k->var_s > 0)) {
        k->status = INCSTAT_EDOMAIN;
        k->note = "all values are tied: the Mann-Kendall test is undefined";
        k->z = k->p_value = k->tau = NAN;
        return;
    }
    k->status = INCSTAT_OK;
    k->note = NULL;
    double sg = (s > 0) - (s < 0);
    k->z = sg * (fabs(s) - 1) / sqrt(k->var_s);
    k->p_value = 2 * fmin(0.5, gsl_cdf_ugaussian_Q(fabs(k->z)));
    k->tau = s / (sqrt(n0 - td / 2) * sqrt(n0));
}

/* var_s: Mann-Kendall's variance with ties (computed here if mk was not run). */
void trend_fit_sen(const trend_rows *d, double level, double var_s, double *slopes,
                   double *work, incstat_trend_sen *o)
{
    size_t m = d->m, k = 0;
    for (size_t i = 0; i + 1 < m; i++)
        for (size_t j = i + 1; j < m; j++)
            slopes[k++] = (d->v[j] - d->v[i]) / (d->x[j] - d->x[i]);
    o->n_slopes = k;
    o->slope = median_sort(slopes, k);
    double c = trend_conf_z(level) * sqrt(var_s);
    /* trend::sens.slope: rank.lo = round((k - C)/2), rank.up = round((k + C)/2 + 1),
     * R's round = half to even = rint in the default rounding mode */
    double rlo = rint(((double)k - c) / 2), rup = rint(((double)k + c) / 2 + 1);
    o->ci[0] = rlo >= 1 && rlo <= (double)k ? slopes[(size_t)rlo - 1] : NAN;
    o->ci[1] = rup >= 1 && rup <= (double)k ? slopes[(size_t)rup - 1] : NAN;
    o->ci_defined = !isnan(o->ci[0]) && !isnan(o->ci[1]);
    for (size_t i = 0; i < m; i++)
        work[i] = d->v[i] - o->slope * d->x[i];
    o->intercept = median_sort(work, m);
    o->status = INCSTAT_OK;
    o->note = o->ci_defined ? NULL : "too few points for Sen's confidence interval";
}
