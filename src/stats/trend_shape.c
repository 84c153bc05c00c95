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

/* The sentence from levels v at periods x (n >= 2). */
static void describe_curve(sbuf *b, const incstat_trend_result *r, const double *x,
                           const double *v, size_t n)
{
    unsigned per = r->per_unit ? r->per_unit : 1;
    size_t t[MAX_TURNS];
    size_t k = turns(v, n, t);
    char lv[32], sp[48];
    const char *u = per_word(per, r->unit);
    level(lv, sizeof lv, v[t[0]]);
    span(sp, sizeof sp, x, v, n, t[0], per);
    if (k == 1) {
        put(b, "%s stayed at %s a %s from %s to ", r->metric, lv, u, sp);
        trend_period(sp, sizeof sp, x[n - 1], per);
        put(b, "%s", sp);
        return;
    }
    put(b, "%s %s from %s a %s in %s", r->metric, v[t[1]] > v[t[0]] ? "rose" : "fell", lv,
        u, sp);
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

incstat_status incstat_trend_describe(const incstat_trend_result *r, char *buf, size_t cap,
                                      incstat_error *err)
{
    if (!r || !buf || cap == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend describe: NULL argument");
    sbuf b = {buf, cap, 0};
    buf[0] = '\0';
    const double *v = NULL;
    if (r->smooth.status == INCSTAT_OK && r->smooth.fitted && r->smooth.df > 1 &&
        r->smooth.better_than_loglinear)
        v = r->smooth.fitted;
    if (!v) {
        const incstat_trend_glm *g = r->negbin.status == INCSTAT_OK ? &r->negbin
                                     : r->poisson.status == INCSTAT_OK ? &r->poisson : NULL;
        if (!g)
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend describe: no count model fitted");
        char p0[32];
        double c = g->change_pct;
        snprintf(p0, sizeof p0, fabs(c) >= 9.95 ? "%.0f%%" : "%.1f%%", fabs(c));
        int lv = (int)floor(r->conf_level * 100 + 0.5);
        if (g->ci_pct[0] > 0 || g->ci_pct[1] < 0)
            put(&b, "%s %s by about %s a %s (%d%% CI %+.0f%% to %+.0f%%)", r->metric,
                c > 0 ? "rose" : "fell", p0, r->unit, lv, g->ci_pct[0], g->ci_pct[1]);
        else
            put(&b, "%s shows no clear trend (%s%s a %s, %d%% CI %+.0f%% to %+.0f%%)", r->metric,
                c >= 0 ? "+" : "-", p0, r->unit, lv, g->ci_pct[0], g->ci_pct[1]);
        return INCSTAT_OK;
    }
    /* the smooth at the used periods */
    double *xs = incstat_malloc(r->n * sizeof *xs), *vs = incstat_malloc(r->n * sizeof *vs);
    if (!xs || !vs) {
        incstat_free_mem(xs);
        incstat_free_mem(vs);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++)
        if (isfinite(v[i])) {
            xs[m] = r->x[i];
            vs[m++] = v[i];
        }
    if (m >= 2)
        describe_curve(&b, r, xs, vs, m);
    incstat_free_mem(xs);
    incstat_free_mem(vs);
    return INCSTAT_OK;
}
