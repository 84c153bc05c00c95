/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_cp.c: change points in the level of a count series by
 * PELT, with a negative binomial segment cost (the default) or changepoint's
 * Poisson cost.  Why the NB cost, how its dispersion is estimated and how
 * the penalty was chosen: include/incstat/trend.h (incstat_trend_cp_cost). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "stats/trend_internal.h"
#include "core/internal.h"

#define NB_PENALTY_PER_LOGN 3.0 /* default NB penalty: 3 log(n) per change */
#define NO_PRUNE_MAX 1000       /* NB cost with exposures: exact up to this many rows */

/* A segment cost: -2 log-likelihood of rows [s, t) with their own level,
 * up to terms that do not depend on the segmentation. */
typedef struct {
    const trend_rows *d;
    const double *cy, *ce;     /* cumulative sums of y and exposure, m + 1 */
    double theta;              /* INFINITY: Poisson */
    int exposure;              /* some exposure is not 1 */
} cp_cost;

static double seg_cost(const cp_cost *c, size_t s, size_t t)
{
    double S = c->cy[t] - c->cy[s], E = c->ce[t] - c->ce[s];
    if (S == 0)
        return 0;
    if (isinf(c->theta)) {
        /* changepoint's mll_meanvar_poisson with the segment length replaced
         * by its exposure (equal when every exposure is 1) */
        return 2 * S * (log(E) - log(S));
    }
    double th = c->theta, lam = S / E;
    if (!c->exposure) {
        /* n theta log(theta / (theta + mu)) + S log(mu / (theta + mu)), mu = S / n */
        return 2 * (E * th * log1p(lam / th) + S * log1p(th / lam));
    }
    double sum = 0;
    for (size_t i = s; i < t; i++) {
        double mu = lam * c->d->e[i];
        sum += th * log1p(mu / th) + c->d->y[i] * log1p(th / mu);
    }
    return 2 * sum;
}

/* PELT (Killick, Fearnhead & Eckley 2012) laid out as changepoint's
 * PELT_one_func_minseglen.c (same cost, same candidate order, first minimum
 * wins) with one correction: changepoint drops a candidate s at time t as
 * soon as F(s) + C(s, t) > F(t), but that only proves s useless for ends
 * T >= t + min_segment (the split at t must leave a segment of min_segment
 * rows); for T in between s can still be optimal, and changepoint then
 * misses the optimum (PBC killed, min_segment 3).  Here the decision taken
 * at t is applied from t + min_segment on, which keeps PELT exact (the tests
 * compare it with exhaustive optimal partitioning).  With min_segment 1 it
 * is changepoint's rule.  Pruning needs each segment's level to be its
 * maximum likelihood; with prune 0 every candidate is kept.
 * m >= 2 ms.  F, tmp: m + 1 doubles; last, check, pruned: m + 1 size_t.
 * Returns the number of segments (last[] links them from m back to 0). */
static size_t pelt(const cp_cost *c, size_t m, size_t ms, double pen, int prune, double *F,
                   double *tmp, size_t *last, size_t *check, size_t *pruned, double *total)
{
    F[0] = -pen;
    last[0] = 0;
    for (size_t j = ms; j < 2 * ms; j++) {
        F[j] = seg_cost(c, 0, j);
        last[j] = 0;
    }
    size_t nchk = 2;
    check[0] = 0;
    check[1] = ms;
    pruned[0] = pruned[1] = SIZE_MAX;
    for (size_t t = 2 * ms; t <= m; t++) {
        size_t best = 0;
        for (size_t i = 0; i < nchk; i++) {
            size_t s = check[i];
            tmp[i] = F[s] + seg_cost(c, s, t) + pen;
            if (i == 0 || tmp[i] < tmp[best])
                best = i;
        }
        F[t] = tmp[best];
        last[t] = check[best];
        size_t keep = 0;
        for (size_t i = 0; i < nchk; i++) {
            if (prune && tmp[i] > F[t] + pen && pruned[i] == SIZE_MAX)
                pruned[i] = t;
            /* useless from t' = pruned + ms on; the next step is t + 1 */
            if (pruned[i] != SIZE_MAX && pruned[i] + ms <= t + 1)
                continue;
            check[keep] = check[i];
            pruned[keep++] = pruned[i];
        }
        check[keep] = t - (ms - 1);
        pruned[keep++] = SIZE_MAX;
        nchk = keep;
    }
    size_t nseg = 1;
    for (size_t t = m; last[t] != 0; t = last[t])
        nseg++;
    *total = F[m];
    return nseg;
}

/* The NB dispersion by MASS's theta.md: the theta with
 * sum (y - mu)^2 / (mu + mu^2 / theta) = df, by bisection in log theta
 * (the left side grows with theta).  mu: the segment levels of the
 * segmentation in last[].  INFINITY when even the Poisson variance leaves
 * the sum below df (not overdispersed). */
static double theta_moment(const cp_cost *c, size_t m, const size_t *last, size_t nseg)
{
    const trend_rows *d = c->d;
    double df = (double)m - (double)nseg;
    if (!(df > 0))
        return INFINITY;
    /* pearson(theta) over rows with mu > 0 (rows of an all-zero segment add 0) */
    double lo = log(1e-8), hi = log(1e8);
    for (int it = 0; it < 200; it++) {
        double th = it == 0 ? INFINITY : exp((lo + hi) / 2), sum = 0;
        for (size_t t = m; t > 0; t = last[t]) {
            size_t s = last[t];
            double lam = (c->cy[t] - c->cy[s]) / (c->ce[t] - c->ce[s]);
            for (size_t i = s; i < t && lam > 0; i++) {
                double mu = lam * d->e[i];
                sum += trend_sqr(d->y[i] - mu) / (mu + (isinf(th) ? 0 : mu * mu / th));
            }
        }
        if (it == 0) {
            if (sum <= df)
                return INFINITY;
            continue;
        }
        if (sum > df)
            hi = (lo + hi) / 2;
        else
            lo = (lo + hi) / 2;
        if (hi - lo < 1e-12)
            break;
    }
    return exp((lo + hi) / 2);
}

static double default_penalty(const incstat_trend_options *o, size_t m)
{
    switch (o->penalty) {
    case INCSTAT_TREND_PENALTY_AIC: return 2;
    case INCSTAT_TREND_PENALTY_MANUAL: return o->penalty_value;
    default:
        return (o->cp_cost == INCSTAT_TREND_CP_POISSON ? 1 : NB_PENALTY_PER_LOGN) *
               log((double)m);
    }
}

incstat_status trend_fit_cp(const trend_rows *d, const incstat_trend_options *o, double rate_per,
                            incstat_trend_changepoints *cp)
{
    size_t m = d->m, ms = o->min_segment ? o->min_segment : 2;
    double pen = default_penalty(o, m);
    cp->penalty = pen;
    cp->min_segment = ms;
    cp->cost_kind = o->cp_cost;
    cp->theta = cp->theta_initial = NAN;
    cp->note = NULL;
    double *wd = incstat_malloc(4 * (m + 1) * sizeof *wd);
    size_t *wz = incstat_malloc(3 * (m + 1) * sizeof *wz);
    if (!wd || !wz) {
        incstat_free_mem(wd);
        incstat_free_mem(wz);
        return INCSTAT_ENOMEM;
    }
    double *cy = wd, *ce = wd + (m + 1), *F = wd + 2 * (m + 1), *tmp = wd + 3 * (m + 1);
    size_t *last = wz, *check = wz + (m + 1), *pruned = wz + 2 * (m + 1);
    cp_cost c = {d, cy, ce, INFINITY, 0};
    cy[0] = ce[0] = 0;
    for (size_t i = 0; i < m; i++) {
        cy[i + 1] = cy[i] + d->y[i];
        ce[i + 1] = ce[i] + d->e[i];
        if (d->e[i] != 1)
            c.exposure = 1;
    }
    size_t nseg = 1;
    last[m] = 0;
    if (o->cp_cost == INCSTAT_TREND_CP_NEGBIN) {
        /* first, the dispersion within consecutive pairs of rows (the last
         * three together when m is odd): a level shift touches one pair
         * only, so it is not taken for spread */
        size_t k = 1;
        if (m >= 4) {
            k = m / 2;
            for (size_t t = 2; t <= m; t += 2)
                last[t] = t - 2;
            if (m % 2)
                last[m] = m - 3;
        }
        c.theta = cp->theta_initial = theta_moment(&c, m, last, k);
        last[m] = 0;
    }
    if (m < 2 * ms) {
        /* no room for a change: one segment (changepoint stops with an error) */
        F[m] = seg_cost(&c, 0, m);
        cp->note = "series too short for a change point with this minimum segment";
    } else {
        /* exact search without pruning up to NO_PRUNE_MAX rows (O(n^3) with
         * exposures); beyond, PELT's pruning is kept and may miss the
         * optimum by a little */
        int prune = !(c.exposure && !isinf(c.theta)) || m > NO_PRUNE_MAX;
        nseg = pelt(&c, m, ms, pen, prune, F, tmp, last, check, pruned, &F[m]);
        if (o->cp_cost == INCSTAT_TREND_CP_NEGBIN && !isinf(c.theta)) {
            /* again, with the dispersion around the levels just found */
            c.theta = theta_moment(&c, m, last, nseg);
            prune = !(c.exposure && !isinf(c.theta)) || m > NO_PRUNE_MAX;
            nseg = pelt(&c, m, ms, pen, prune, F, tmp, last, check, pruned, &F[m]);
        }
    }
    if (o->cp_cost == INCSTAT_TREND_CP_NEGBIN) {
        cp->theta = c.theta;
        if (isinf(c.theta)) {
            cp->cost_kind = INCSTAT_TREND_CP_POISSON;
            cp->note = "not overdispersed around the segment levels: Poisson cost";
        }
    }
    cp->cost = F[m];
    incstat_status st = INCSTAT_OK;
    cp->segments = incstat_calloc(nseg, sizeof *cp->segments);
    if (!cp->segments) {
        st = INCSTAT_ENOMEM;
        goto done;
    }
    cp->n_segments = nseg;
    size_t end = m;
    for (size_t k = nseg; k-- > 0;) {
        size_t start = last[end];
        incstat_trend_segment *sg = &cp->segments[k];
        sg->first = d->row[start];
        sg->last = d->row[end - 1];
        sg->year_start = d->x[start];
        sg->year_end = d->x[end - 1];
        sg->total = cy[end] - cy[start];
        sg->mean = sg->total / (ce[end] - ce[start]) * rate_per;
        end = start;
    }
    cp->status = INCSTAT_OK;
done:
    incstat_free_mem(wd);
    incstat_free_mem(wz);
    return st;
}
