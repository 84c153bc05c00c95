/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_shape.c: the shape of a series in words, from the spline
 * smooth (or the log-linear trend when the smooth does not fit better), see
 * incstat_trend_describe in include/incstat/trend.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stats/trend_internal.h"
#include "core/internal.h"

#define MAX_TURNS 16
#define MIN_REL 0.3   /* a rise or fall counts when it is 30% of the higher level */
#define MIN_ABS 0.05  /* and at least 5% of the largest level */
#define PLATEAU 0.05  /* years within 5% of a peak or trough belong to it */

typedef struct {
    char *buf;
    size_t cap, len;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) INCSTAT_PRINTF(2, 3);
static void put(sbuf *b, const char *fmt, ...)
{
    if (b->len >= b->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->len = b->len + (size_t)k < b->cap ? b->len + (size_t)k : b->cap;
}

/* A level in words: "about" and two significant digits with thousands
 * separators from 10 on ("about 1,100", "about 40"), one below ("about
 * 3"), "under 1" below 1. */
static void level(char *out, size_t cap, double v)
{
    if (!(v >= 0.95)) {
        snprintf(out, cap, "under 1");
        return;
    }
    snprintf(out, cap, "about ");
    size_t pre = strlen(out);
    out += pre;
    cap -= pre;
    int digits = v >= 10 ? 2 : 1;
    double p = pow(10, floor(log10(v)) - digits + 1);
    double r = floor(v / p + 0.5) * p;
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.0f", r);
    size_t n = strlen(tmp), k = 0;
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = tmp[i];
    }
    out[k] = '\0';
}

const char *trend_period(char *buf, size_t cap, double x, unsigned per)
{
    double y = floor(x + 1e-9);
    int sub = (int)floor((x - y) * per + 0.5) + 1;
    if (per == 4)
        snprintf(buf, cap, "%.0f-Q%d", y, sub);
    else if (per == 12)
        snprintf(buf, cap, "%.0f-%02d", y, sub);
    else
        snprintf(buf, cap, "%.0f", floor(x + 0.5));
    return buf;
}

/* The periods around extreme k whose level is within PLATEAU of it: "2009"
 * or "2009-2010". */
static void span(char *out, size_t cap, const double *x, const double *v, size_t n, size_t k,
                 unsigned per)
{
    size_t a = k, b = k;
    while (a > 0 && fabs(v[a - 1] - v[k]) <= PLATEAU * v[k])
        a--;
    while (b + 1 < n && fabs(v[b + 1] - v[k]) <= PLATEAU * v[k])
        b++;
    char p1[24], p2[24];
    trend_period(p1, sizeof p1, x[a], per);
    trend_period(p2, sizeof p2, x[b], per);
    if (a == b)
        snprintf(out, cap, "%s", p1);
    else
        snprintf(out, cap, per == 1 ? "%s-%s" : "%s to %s", p1, p2);
}

/* Whether going from level a to level b is a rise or fall worth a word. */
static int big(double a, double b, double vmax)
{
    double d = fabs(b - a);
    return d >= MIN_REL * fmax(a, b) && d >= MIN_ABS * vmax;
}

/* Turning points of v (a zigzag filter): the first period, then each peak
 * or trough that the series leaves by a big enough rise or fall, then the
 * last extreme reached.  Returns their number (>= 1). */
static size_t turns(const double *v, size_t n, size_t *t)
{
    double vmax = 0;
    for (size_t i = 0; i < n; i++)
        vmax = fmax(vmax, v[i]);
    size_t k = 0, cand = 0;
    int dir = 0;
    t[k++] = 0;
    for (size_t i = 1; i < n && k < MAX_TURNS - 1; i++) {
        if (dir == 0) {
            if (big(v[0], v[i], vmax)) {
                dir = v[i] > v[0] ? 1 : -1;
                cand = i;
            }
        } else if (dir * (v[i] - v[cand]) > 0) {
            cand = i;
        } else if (big(v[cand], v[i], vmax)) {
            t[k++] = cand;
            dir = -dir;
            cand = i;
        }
    }
    if (dir != 0)
        t[k++] = cand;
    /* start where the first big move starts: the lowest (highest) level
     * before the first peak (trough), not a wobble at the first period */
    if (k >= 2) {
        int up = v[t[1]] > v[0];
        for (size_t i = 1; i < t[1]; i++)
            if (up ? v[i] < v[t[0]] : v[i] > v[t[0]])
                t[0] = i;
    }
    return k;
}

static const char *per_word(unsigned per, const char *unit)
{
    return per == 12 ? "month" : per == 4 ? "quarter" : unit;
}

/* A recorded count as the sentences quote it: "7,512", "140.5". */
static void count(char *out, size_t cap, double v)
{
    incstat_grouped_(out, cap, v, 0);
}

/* The curve and what was recorded, at the periods where the curve is
 * finite: m rows of x, fitted v and observed y (NaN where unknown). */
typedef struct {
    size_t m;
    double *x, *v, *y;
    size_t k;               /* turns of v (turns()) */
    size_t t[MAX_TURNS];
    size_t o[MAX_TURNS];    /* the recorded count quoted at each turn */
    int observed;           /* o is usable: every turn has a recorded count,
                               and they rise and fall as v does */
} shape;

/* Whether turn j of the curve is a peak (1) or a trough (0). */
static int is_peak(const shape *sh, size_t j)
{
    const double *v = sh->v;
    const size_t *t = sh->t;
    return j > 0 ? v[t[j]] > v[t[j - 1]] : v[t[0]] > v[t[1]];
}

/* The recorded counts at the turns: for each turn, the highest (at a peak)
 * or lowest (at a trough) count recorded between the midpoints to the
 * turns on either side, so they follow each other in time; the first turn
 * takes the latest of equal counts (where the move starts), the others the
 * earliest; a last turn at the end of the series ("has risen since") the
 * last count recorded.  The smooth is what finds the turns: the counts only
 * give them their figures, and are dropped when they do not rise and fall
 * as the curve does. */
static void observe(shape *sh)
{
    size_t k = sh->k, m = sh->m;
    sh->observed = k >= 2;
    for (size_t j = 0; j < k && sh->observed; j++) {
        size_t lo = j == 0 ? 0 : (sh->t[j - 1] + sh->t[j]) / 2 + 1;
        size_t hi = j + 1 == k ? m - 1 : (sh->t[j] + sh->t[j + 1]) / 2;
        int peak = is_peak(sh, j), found = 0, end = j + 1 == k && sh->t[j] + 1 == m;
        for (size_t i = lo; i <= hi && i < m; i++) {
            double y = sh->y[i];
            if (isnan(y))
                continue;
            double best = found ? sh->y[sh->o[j]] : NAN;
            if (!found || end || (peak ? y > best : y < best) || (j == 0 && y == best)) {
                sh->o[j] = i;
                found = 1;
            }
        }
        if (!found)
            sh->observed = 0;
        else if (j > 0 && !(peak ? sh->y[sh->o[j]] > sh->y[sh->o[j - 1]]
                                 : sh->y[sh->o[j]] < sh->y[sh->o[j - 1]]))
            sh->observed = 0;
    }
}

/* The turns read off the recorded counts: "killed rose from 42 in 2001 to a
 * peak of 7,512 in 2009, fell to 293 in 2019, and has risen since, to 1,885
 * in 2024". */
static void describe_observed(sbuf *b, const incstat_trend_result *r, const shape *sh)
{
    unsigned per = r->per_unit ? r->per_unit : 1;
    size_t k = sh->k;
    char c[48], p[24];
    count(c, sizeof c, sh->y[sh->o[0]]);
    trend_period(p, sizeof p, sh->x[sh->o[0]], per);
    put(b, "%s %s from %s in %s", r->metric, is_peak(sh, 1) ? "rose" : "fell", c, p);
    for (size_t j = 1; j < k; j++) {
        int up = is_peak(sh, j), last = j + 1 == k;
        count(c, sizeof c, sh->y[sh->o[j]]);
        trend_period(p, sizeof p, sh->x[sh->o[j]], per);
        if (j == 1)
            put(b, " to %s%s in %s", last ? "" : up ? "a peak of " : "a low of ", c, p);
        else if (!last || sh->t[j] + 1 < sh->m)
            put(b, "%s %s to %s%s in %s", last ? ", and" : ",", up ? "rose" : "fell",
                up && !last ? "a peak of " : "", c, p);
        else
            put(b, ", and has %s since, to %s in %s", up ? "risen" : "fallen", c, p);
    }
}

/* The turns of the fitted curve, named as fitted: "the fitted smooth trend
 * was about 78 a year in 1998-2000, a peak of about 6,600 in 2010-2011, a
 * low of about 550 in 2019 and about 1,400 in 2024". */
static void describe_fitted(sbuf *b, const incstat_trend_result *r, const shape *sh)
{
    unsigned per = r->per_unit ? r->per_unit : 1;
    size_t k = sh->k;
    char lv[32], sp[48];
    level(lv, sizeof lv, sh->v[sh->t[0]]);
    span(sp, sizeof sp, sh->x, sh->v, sh->m, sh->t[0], per);
    put(b, "the fitted smooth trend was %s a %s in %s", lv, per_word(per, r->unit), sp);
    for (size_t j = 1; j < k; j++) {
        int last = j + 1 == k;
        level(lv, sizeof lv, sh->v[sh->t[j]]);
        span(sp, sizeof sp, sh->x, sh->v, sh->m, sh->t[j], per);
        put(b, "%s%s%s in %s", last ? " and " : ", ",
            last ? "" : is_peak(sh, j) ? "a peak of " : "a low of ", lv, sp);
    }
}

/* The sentence when there are no recorded counts to quote at the turns:
 * the fitted curve's turns, named as fitted. */
static void describe_curve(sbuf *b, const incstat_trend_result *r, const shape *sh)
{
    unsigned per = r->per_unit ? r->per_unit : 1;
    const size_t *t = sh->t;
    const double *x = sh->x, *v = sh->v;
    size_t k = sh->k, n = sh->m;
    char lv[32], sp[48];
    const char *u = per_word(per, r->unit);
    level(lv, sizeof lv, v[t[0]]);
    span(sp, sizeof sp, x, v, n, t[0], per);
    put(b, "on the fitted smooth trend, %s %s from %s a %s in %s", r->metric,
        v[t[1]] > v[t[0]] ? "rose" : "fell", lv, u, sp);
    for (size_t j = 1; j < k; j++) {
        size_t i = t[j];
        int up = v[i] > v[t[j - 1]], last = j + 1 == k;
        level(lv, sizeof lv, v[i]);
        span(sp, sizeof sp, x, v, n, i, per);
        if (j == 1) {
            put(b, " to %s%s in %s", last ? "" : up ? "a peak of " : "a low of ", lv, sp);
        } else if (!last || i + 1 < n) {
            put(b, "%s %s to %s%s in %s", last ? ", and" : ",", up ? "rose" : "fell",
                up && !last ? "a peak of " : "", lv, sp);
        } else {
            /* since the end of the previous peak or trough's span */
            char since[24];
            size_t e = t[j - 1];
            while (e + 1 < n && fabs(v[e + 1] - v[t[j - 1]]) <= PLATEAU * v[t[j - 1]])
                e++;
            trend_period(since, sizeof since, x[e], per);
            put(b, ", and has %s since %s (%s in %s)", up ? "risen" : "fallen", since, lv,
                sp);
        }
    }
}

/* A curve with no big rise or fall: the range recorded and the fitted
 * one, "killed stayed between 16 and 73 a year from 2000 to 2021; the
 * fitted smooth trend stayed between about 34 and 46 a year". */
static void describe_flat(sbuf *b, const incstat_trend_result *r, const shape *sh)
{
    unsigned per = r->per_unit ? r->per_unit : 1;
    const char *u = per_word(per, r->unit);
    char l1[32], l2[32], fit[96], p1[24], p2[24], c1[48], c2[48];
    double lo = NAN, hi = NAN, vlo = sh->v[0], vhi = sh->v[0];
    for (size_t i = 0; i < sh->m; i++) {
        vlo = fmin(vlo, sh->v[i]);
        vhi = fmax(vhi, sh->v[i]);
        if (!isnan(sh->y[i])) {
            lo = isnan(lo) || sh->y[i] < lo ? sh->y[i] : lo;
            hi = isnan(hi) || sh->y[i] > hi ? sh->y[i] : hi;
        }
    }
    level(l1, sizeof l1, vlo);
    level(l2, sizeof l2, vhi);
    if (strcmp(l1, l2) == 0)
        snprintf(fit, sizeof fit, "at %s a %s", l1, u);
    else
        snprintf(fit, sizeof fit, "between %s and %s a %s", l1, l2 + 6 * (strncmp(l2, "about ", 6) == 0 &&
                                                                            strncmp(l1, "about ", 6) == 0), u);
    trend_period(p1, sizeof p1, sh->x[0], per);
    trend_period(p2, sizeof p2, sh->x[sh->m - 1], per);
    if (isnan(lo)) {
        put(b, "on the fitted smooth trend, %s stayed %s from %s to %s", r->metric, fit, p1, p2);
        return;
    }
    count(c1, sizeof c1, lo);
    count(c2, sizeof c2, hi);
    put(b, "%s stayed between %s and %s a %s from %s to %s; the fitted smooth trend stayed %s",
        r->metric, c1, c2, u, p1, p2, fit);
}

/* The change a period for a change per unit of x: a rise of 30% a year is
 * one of 2.2% a month. */
double trend_pct_per_period(double pct, unsigned per)
{
    if (per <= 1 || !isfinite(pct))
        return pct;
    return 100 * (pow(1 + pct / 100, 1.0 / per) - 1);
}

/* The smooth's curve and the recorded counts at the periods where the
 * curve is finite, and its turns; 1 when there is such a curve, 0 when
 * the log-linear trend stands, -1 when out of memory.  Free sh->x. */
static int shape_of(const incstat_trend_result *r, shape *sh)
{
    memset(sh, 0, sizeof *sh);
    const double *v = NULL;
    if (r->smooth.status == INCSTAT_OK && r->smooth.fitted && r->smooth.df > 1 &&
        r->smooth.better_than_loglinear)
        v = r->smooth.fitted;
    if (!v)
        return 0;
    sh->x = incstat_malloc(3 * (r->n ? r->n : 1) * sizeof *sh->x);
    if (!sh->x)
        return -1;
    sh->v = sh->x + r->n;
    sh->y = sh->v + r->n;
    for (size_t i = 0; i < r->n; i++)
        if (isfinite(v[i])) {
            sh->x[sh->m] = r->x[i];
            sh->v[sh->m] = v[i];
            sh->y[sh->m++] = r->y ? r->y[i] : NAN;
        }
    if (sh->m < 2)
        return 1;
    sh->k = turns(sh->v, sh->m, sh->t);
    observe(sh);
    return 1;
}

/* The log-linear change, when no smooth leads: "killed rose by about 30%
 * a year (95% CI +21% to +40%)"; by month or quarter with the change a
 * month or quarter too. */
static incstat_status describe_loglinear(sbuf *b, const incstat_trend_result *r,
                                         incstat_error *err)
{
    const incstat_trend_glm *g = r->negbin.status == INCSTAT_OK ? &r->negbin
                                 : r->poisson.status == INCSTAT_OK ? &r->poisson : NULL;
    if (!g)
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "trend describe: no count model fitted");
    unsigned per = r->per_unit ? r->per_unit : 1;
    char p0[32], pp[64] = "", ci_unit[32] = "";
    double c = g->change_pct;
    int clear = g->ci_pct[0] > 0 || g->ci_pct[1] < 0;
    snprintf(p0, sizeof p0, fabs(c) >= 9.95 ? "%.0f%%" : "%.1f%%", fabs(c));
    if (per > 1) {
        /* "38% a year or 3.9% a month", the interval a year */
        double cm = trend_pct_per_period(c, per);
        snprintf(pp, sizeof pp, fabs(cm) >= 9.95 ? " or %s%.0f%% a %s" : " or %s%.1f%% a %s",
                 clear ? "" : cm < 0 ? "-" : "+", fabs(cm), per_word(per, r->unit));
        snprintf(ci_unit, sizeof ci_unit, " a %s", r->unit);
    }
    int lv = (int)floor(r->conf_level * 100 + 0.5);
    if (clear)
        put(b, "%s %s by about %s a %s%s (%d%% CI %+.0f%% to %+.0f%%%s)", r->metric,
            c > 0 ? "rose" : "fell", p0, r->unit, pp, lv, g->ci_pct[0], g->ci_pct[1], ci_unit);
    else
        put(b, "%s shows no clear trend (%s%s a %s%s, %d%% CI %+.0f%% to %+.0f%%%s)", r->metric,
            c >= 0 ? "+" : "-", p0, r->unit, pp, lv, g->ci_pct[0], g->ci_pct[1], ci_unit);
    return INCSTAT_OK;
}

incstat_status incstat_trend_describe(const incstat_trend_result *r, char *buf, size_t cap,
                                      incstat_error *err)
{
    if (!r || !buf || cap == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend describe: NULL argument");
    sbuf b = {buf, cap, 0};
    buf[0] = '\0';
    shape sh;
    int got = shape_of(r, &sh);
    if (got < 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (got == 0)
        return describe_loglinear(&b, r, err);
    if (sh.m >= 2) {
        if (sh.k == 1) {
            describe_flat(&b, r, &sh);
        } else if (sh.observed) {
            describe_observed(&b, r, &sh);
            put(&b, "; ");
            describe_fitted(&b, r, &sh);
        } else {
            describe_curve(&b, r, &sh);
        }
    }
    incstat_free_mem(sh.x);
    return INCSTAT_OK;
}

/* ---- the shape against the change points ------------------------------ */

/* Whether change point i (1-based segment) moves up. */
static int cp_up(const incstat_trend_changepoints *cp, size_t i)
{
    return cp->segments[i].mean > cp->segments[i - 1].mean;
}

/* The rises and falls of the smooth that no change point of the same
 * direction falls in (within a period of either end): "the rise from 2019
 * to 2024" or "the rise since 2019" into b, joined with "and"; their
 * number. */
static size_t unmatched_moves(sbuf *b, const incstat_trend_result *r, const shape *sh)
{
    const incstat_trend_changepoints *cp = &r->cp;
    unsigned per = r->per_unit ? r->per_unit : 1;
    double slack = 1.0 / per + 1e-9;
    size_t idx[MAX_TURNS], nu = 0;
    for (size_t j = 1; j < sh->k; j++) {
        size_t a = sh->t[j - 1], z = sh->t[j];
        if (sh->observed) {
            a = sh->o[j - 1] < a ? sh->o[j - 1] : a;
            z = sh->o[j] > z ? sh->o[j] : z;
        }
        int up = is_peak(sh, j), matched = 0;
        for (size_t i = 1; i < cp->n_segments && !matched; i++) {
            double xc = cp->segments[i].year_start;
            matched = cp_up(cp, i) == up && xc >= sh->x[a] - slack && xc <= sh->x[z] + slack;
        }
        if (!matched)
            idx[nu++] = j;
    }
    for (size_t q = 0; q < nu; q++) {
        size_t j = idx[q];
        size_t a = sh->observed ? sh->o[j - 1] : sh->t[j - 1];
        size_t z = sh->observed ? sh->o[j] : sh->t[j];
        char p1[24], p2[24];
        trend_period(p1, sizeof p1, sh->x[a], per);
        trend_period(p2, sizeof p2, sh->x[z], per);
        put(b, "%s%s ", q == 0 ? "" : q + 1 == nu ? " and " : ", ",
            is_peak(sh, j) ? "the rise" : "the fall");
        if (j + 1 == sh->k && sh->t[j] + 1 == sh->m)
            put(b, "since %s", p1);
        else
            put(b, "from %s to %s", p1, p2);
    }
    return nu;
}

/* The change points against one log-linear trend: a steady change with
 * no shift found, shifts that one steady change averages away, or a shift
 * against the direction of the steady change. */
static void reconcile_loglinear(sbuf *b, const incstat_trend_result *r, const char *spread)
{
    const incstat_trend_changepoints *cp = &r->cp;
    const incstat_trend_glm *g =
        r->negbin.status == INCSTAT_OK && !r->negbin.theta_infinite ? &r->negbin
        : r->poisson.status == INCSTAT_OK                           ? &r->poisson
                                                                    : NULL;
    if (!g)
        return;
    unsigned per = r->per_unit ? r->per_unit : 1;
    int clear = g->ci_pct[0] > 0 || g->ci_pct[1] < 0, rise = g->change_pct > 0;
    size_t ups = 0, downs = 0;
    for (size_t i = 1; i < cp->n_segments; i++)
        cp_up(cp, i) ? ups++ : downs++;
    if (clear && ups + downs == 0) {
        put(b, "This fits a steady %s: the search looks for sudden shifts between steady "
               "levels, weighed against how widely the counts vary %s, and a gradual %s is "
               "not one",
            rise ? "rise" : "fall", spread, rise ? "rise" : "fall");
    } else if (!clear && ups && downs) {
        put(b, "One steady trend shows no clear change because the level moved both ways: it "
               "averages the shifts up and down");
    } else if (!clear && ups + downs) {
        put(b, "One steady rate of change fits a sudden shift poorly, which is why the "
               "log-linear trend is unclear while the shift is not");
    } else if (clear && (rise ? downs : ups)) {
        put(b, "The steady %s averages over the whole series: the level also %s in", rise ? "rise" : "fall",
            rise ? "fell" : "rose");
        size_t n = rise ? downs : ups, q = 0;
        for (size_t i = 1; i < cp->n_segments; i++) {
            if (cp_up(cp, i) == rise)
                continue;
            char p[24];
            trend_period(p, sizeof p, cp->segments[i].year_start, per);
            put(b, "%s %s", q == 0 ? "" : q + 1 == n ? " and" : ",", p);
            q++;
        }
    }
}

incstat_status incstat_trend_reconcile(const incstat_trend_result *r, char *buf, size_t cap,
                                       incstat_error *err)
{
    if (!r || !buf || cap == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend reconcile: NULL argument");
    sbuf b = {buf, cap, 0};
    buf[0] = '\0';
    const incstat_trend_changepoints *cp = &r->cp;
    if (!(r->methods & INCSTAT_TREND_CHANGEPOINTS) || cp->status != INCSTAT_OK || !cp->segments)
        return INCSTAT_OK;
    unsigned per = r->per_unit ? r->per_unit : 1;
    const char *spread = per == 12 ? "from month to month"
                         : per == 4 ? "from quarter to quarter"
                                    : "from year to year";
    shape sh;
    int got = shape_of(r, &sh);
    if (got < 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (got == 0) {
        reconcile_loglinear(&b, r, spread);
        return INCSTAT_OK;
    }
    if (sh.m >= 2 && sh.k >= 2) {
        if (cp->n_segments == 1) {
            int up = is_peak(&sh, 1);
            const char *moves = sh.k == 2   ? (up ? "rise" : "fall")
                                : sh.k == 3 ? (up ? "rise and fall" : "fall and rise")
                                            : "rises and falls";
            put(&b, "This does not contradict the %s above: the search looks for sudden shifts "
                    "between steady levels, weighed against how widely the counts vary %s, and "
                    "%s gradual or within that spread",
                moves, spread, sh.k == 2 ? "it is" : "they are");
        } else {
            char list[512];
            sbuf lb = {list, sizeof list, 0};
            list[0] = '\0';
            size_t nu = unmatched_moves(&lb, r, &sh);
            if (nu)
                put(&b, "The change points mark only sudden shifts, large against how widely "
                        "the counts vary %s: %s %s gradual or within that spread, not such a "
                        "shift",
                    spread, list, nu == 1 ? "is" : "are");
        }
    }
    incstat_free_mem(sh.x);
    return INCSTAT_OK;
}
