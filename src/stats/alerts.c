/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/alerts.c: is the latest complete period of each group far above
 * its recent baseline? (see include/incstat/check.h).  The bound is the 97.5%
 * quantile of a negative binomial with the baseline's mean and variance, or
 * of a Poisson when the baseline is not overdispersed, as R's qnbinom and
 * qpois give it. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "incstat/check.h"
#include "core/internal.h"
#include "stats/summary_internal.h"

#define ALERT_LEVEL 0.975
#define QUANTILE_MAX 2147483647.0

struct incstat_alerts {
    incstat_alert *items;
    size_t n;
    const char *period;
    size_t skipped;                     /* groups that could not be checked */
    char skip_reason[INCSTAT_ERROR_MESSAGE_MAX]; /* the first one's */
};

typedef struct {
    double mu, size; /* size 0: Poisson */
} bound_dist;

static double dist_cdf(const bound_dist *d, unsigned k)
{
    if (d->size == 0)
        return gsl_cdf_poisson_P(k, d->mu);
    return gsl_cdf_negative_binomial_P(k, d->size / (d->size + d->mu), d->size);
}

/* The smallest k with P(X <= k) >= p, with R's fuzz against rounding
 * (qpois.c: p * (1 - 64 DBL_EPSILON)): doubling up from the mean, then
 * bisection.  NaN when the cdf is NaN or k passes 2^31 - 1. */
static double discrete_quantile(const bound_dist *d, double p)
{
    double target = p * (1 - 64 * DBL_EPSILON);
    double lo = -1, hi = floor(d->mu); /* cdf(lo) < target <= cdf(hi) */
    for (;;) {
        double c = dist_cdf(d, (unsigned)hi);
        if (isnan(c))
            return NAN;
        if (c >= target)
            break;
        lo = hi;
        hi = hi < 1 ? 1 : 2 * hi;
        if (hi > QUANTILE_MAX)
            return NAN;
    }
    while (hi - lo > 1) {
        double mid = floor(lo + (hi - lo) / 2);
        double c = dist_cdf(d, (unsigned)mid);
        if (isnan(c))
            return NAN;
        if (c >= target)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

incstat_status incstat_alert_bound(const double *x, size_t n, double *mean, double *var,
                                   double *upper, int *negbin, incstat_error *err)
{
    if (!x || !mean || !var || !upper)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "alerts: NULL argument");
    if (n < 2)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "alerts: a baseline needs 2 or more periods, not %zu", n);
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] >= 0) || !isfinite(x[i]))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "alerts: baseline counts must be finite and >= 0");
        m += x[i];
    }
    m /= (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    double v = ss / (double)(n - 1);
    bound_dist d = {m, v > m ? m * m / (v - m) : 0};
    double q = m == 0 ? 0 : discrete_quantile(&d, ALERT_LEVEL);
    if (isnan(q))
        return incstat_set_error(err, INCSTAT_ENOCONV, 0, 0,
                                 "alerts: the quantile for mean %g and variance %g could not be "
                                 "computed",
                                 m, v);
    *mean = m;
    *var = v;
    *upper = q;
    if (negbin)
        *negbin = d.size > 0;
    return INCSTAT_OK;
}

const char *incstat_alert_kind_name(incstat_alert_kind k)
{
    return k == INCSTAT_ALERT_SPIKE ? "spike" : k == INCSTAT_ALERT_NEW ? "new" : NULL;
}

void incstat_alerts_free(incstat_alerts *a)
{
    if (!a)
        return;
    incstat_free_mem(a->items);
    incstat_free_mem(a);
}

size_t incstat_alerts_count(const incstat_alerts *a)
{
    return a ? a->n : 0;
}

const incstat_alert *incstat_alerts_at(const incstat_alerts *a, size_t i)
{
    return a && i < a->n ? &a->items[i] : NULL;
}

const char *incstat_alerts_period(const incstat_alerts *a)
{
    return a ? a->period : NULL;
}

size_t incstat_alerts_skipped(const incstat_alerts *a, const char **first_reason)
{
    if (first_reason)
        *first_reason = a && a->skipped ? a->skip_reason : NULL;
    return a ? a->skipped : 0;
}

/* ---- from a summary ----------------------------------------------------- */

static double period_count(const incstat_summary_row *r, const incstat_alerts_options *o)
{
    /* rows that are periods: a period without a row is unknown, not 0 (the
     * loader marks it: killed unknown; the caller's flag alone: no row) */
    int marked = (r->unknown & INCSTAT_UNKNOWN_INCIDENTS) != 0;
    if (r->missing || (o->incidents_unknown && !marked && r->incidents == 0))
        return NAN;
    if (o->metric == INCSTAT_CHECK_KILLED)
        return r->killed;
    return marked ? NAN : (double)r->incidents; /* a period whose count is missing */
}

/* Why a period of the baseline has no count. */
static const char *no_data_why(const incstat_summary_row *r, const incstat_alerts_options *o)
{
    if (r->missing)
        return "not covered by the source";
    /* a period without a row has every figure unknown; a row whose count of
     * incidents is missing keeps its killed */
    if (o->metric == INCSTAT_CHECK_INCIDENTS && !(r->unknown & INCSTAT_UNKNOWN_KILLED))
        return "its count of incidents is unknown";
    /* incidents whose every toll is unknown: unknown, not 0 killed */
    if (o->metric == INCSTAT_CHECK_KILLED && !(r->unknown & INCSTAT_UNKNOWN_KILLED) &&
        isnan(r->killed))
        return "the toll of every incident in it is unknown";
    return "no row in the file";
}

static int days_in_month(int y, int m)
{
    static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : D[(m - 1) % 12];
}

/* Whether row r is the period holding the date the data reach, d, and d
 * falls before its end (the summary's own partial flag lets a period pass
 * whose data stop within the usual gap between incidents of its end; an
 * alert needs the whole period, unless --as-of says the source is complete
 * to its end).  A date known to the month or year only counts as reaching
 * the end of it. */
static int cut_short(const incstat_summary_row *r, const incstat_date *d, const char *period)
{
    if (d->precision == INCSTAT_DATE_NONE || r->year != d->year)
        return 0;
    int per = strcmp(period, "year") == 0 ? 12 : strcmp(period, "quarter") == 0 ? 3 : 1;
    int last_month = per == 12 ? 12 : per == 3 ? r->sub * 3 : r->sub;
    if (per != 12 && (d->month - 1) / per != (last_month - 1) / per)
        return 0; /* another period of the year */
    if (d->precision == INCSTAT_DATE_YEAR)
        return 0;
    if (d->month < last_month)
        return 1;
    return d->precision == INCSTAT_DATE_DAY && d->day < days_in_month(d->year, d->month);
}

/* One group's rows [first, end): its latest complete period against the K
 * before it. */
static incstat_status one_group(const incstat_summary *s, size_t first, size_t end, int grouped,
                                const incstat_alerts_options *o, incstat_alert *out,
                                incstat_error *err)
{
    size_t last = end - 1;
    incstat_date latest = incstat_summary_covered_to(s);
    const char *period = incstat_summary_key_name(s, grouped ? 1 : 0);
    if (incstat_summary_row_at(s, last)->partial ||
        cut_short(incstat_summary_row_at(s, last), &latest, period)) {
        if (last == first)
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "alerts: the data cover no complete period");
        last--;
    }
    const incstat_summary_row *r = incstat_summary_row_at(s, last);
    size_t k = o->baseline;
    if (last - first < k)
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "alerts: only %zu period%s before %s, %zu asked (--baseline)",
                                 last - first, last - first == 1 ? "" : "s",
                                 r->key[grouped], k);
    double x[1024];
    for (size_t i = 0; i < k; i++) {
        x[i] = period_count(incstat_summary_row_at(s, last - k + i), o);
        if (isnan(x[i]))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "alerts: %s%s%s has no data (%s), inside the baseline of %s",
                                     grouped ? r->key[0] : "", grouped ? " " : "",
                                     incstat_summary_row_at(s, last - k + i)->key[grouped],
                                     no_data_why(incstat_summary_row_at(s, last - k + i), o),
                                     r->key[grouped]);
    }
    memset(out, 0, sizeof *out);
    out->group = grouped ? r->key[0] : "all";
    out->period = r->key[grouped];
    out->count = period_count(r, o);
    if (isnan(out->count))
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0, "alerts: %s%s%s has no data (%s)",
                                 grouped ? r->key[0] : "", grouped ? " " : "", r->key[grouped],
                                 no_data_why(r, o));
    incstat_status st = incstat_alert_bound(x, k, &out->baseline_mean, &out->baseline_var,
                                            &out->upper, &out->negbin, err);
    if (st)
        return st;
    out->ratio = out->baseline_mean > 0 ? out->count / out->baseline_mean : NAN;
    double mc = o->min_count > 0 ? o->min_count : 3;
    /* after a baseline of zeros the bound is 0: a single event is not news */
    if (out->baseline_mean == 0)
        out->kind = out->count >= mc ? INCSTAT_ALERT_NEW : INCSTAT_ALERT_NONE;
    else
        out->kind = out->count > out->upper ? INCSTAT_ALERT_SPIKE : INCSTAT_ALERT_NONE;
    out->alert = out->kind != INCSTAT_ALERT_NONE;
    return INCSTAT_OK;
}

static int is_period_key(const char *name)
{
    return strcmp(name, "month") == 0 || strcmp(name, "quarter") == 0 || strcmp(name, "year") == 0;
}

incstat_status incstat_alerts_from_summary(const incstat_summary *s,
                                           const incstat_alerts_options *opts,
                                           incstat_alerts **out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "alerts: no output handle");
    *out = NULL;
    incstat_alerts_options o = opts ? *opts : (incstat_alerts_options){0};
    if (!o.baseline)
        o.baseline = 12;
    if (!s)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "alerts: no summary");
    if (o.baseline < 2 || o.baseline > 1024)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "alerts: the baseline takes 2 to 1024 periods, not %zu",
                                 o.baseline);
    if (o.metric == INCSTAT_CHECK_INJURED)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "alerts: the metric is incidents or killed");
    if (incstat_summary_no_incidents_(s))
        o.incidents_unknown = 1; /* the loader found a table of periods */
    if (o.metric == INCSTAT_CHECK_INCIDENTS && o.incidents_unknown)
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "alerts: the rows are not incidents: no incident count to watch "
                                 "(--metric killed)");
    size_t nk = incstat_summary_key_count(s), n = incstat_summary_rows(s);
    if (!(nk == 1 || nk == 2) || !is_period_key(incstat_summary_key_name(s, nk - 1)) ||
        (nk == 2 && is_period_key(incstat_summary_key_name(s, 0))))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "alerts: needs a summary by period, or by a group then period");
    if (n == 0)
        return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0, "alerts: no periods");
    incstat_alerts *a = incstat_calloc(1, sizeof *a);
    size_t groups = 1;
    for (size_t i = 1; nk == 2 && i < n; i++)
        groups += strcmp(incstat_summary_row_at(s, i)->key[0],
                         incstat_summary_row_at(s, i - 1)->key[0]) != 0;
    if (!a || !(a->items = incstat_calloc(groups, sizeof *a->items))) {
        incstat_alerts_free(a);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    for (size_t first = 0; first < n;) {
        size_t end = first + 1;
        while (nk == 2 && end < n &&
               strcmp(incstat_summary_row_at(s, end)->key[0],
                      incstat_summary_row_at(s, first)->key[0]) == 0)
            end++;
        if (nk == 1)
            end = n;
        incstat_error gerr;
        incstat_status st = one_group(s, first, end, nk == 2, &o, &a->items[a->n], &gerr);
        /* a group without the data for its baseline is skipped and counted;
         * the others are still checked */
        if (st == INCSTAT_EDOMAIN && nk == 2) {
            if (!a->skipped++)
                memcpy(a->skip_reason, gerr.message, sizeof a->skip_reason);
        } else if (st) {
            if (err)
                *err = gerr;
            incstat_alerts_free(a);
            return st;
        } else {
            a->n++;
        }
        first = end;
    }
    if (a->n == 0) {
        /* no group could be checked: the first one's reason */
        incstat_status st = incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0, "%s", a->skip_reason);
        incstat_alerts_free(a);
        return st;
    }
    a->period = a->items[0].period;
    *out = a;
    return INCSTAT_OK;
}
