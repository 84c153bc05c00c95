/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/claim.c: checking a claim about one year against a yearly
 * summary (see include/incstat/check.h).  The verdict is taken on each
 * estimate the data hold; the year is compared with its closest competitor
 * by the exact Poisson test of src/stats/trend_compare.c and, with incidents,
 * by its incident bootstrap. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/check.h"
#include "incstat/trend.h"
#include "core/internal.h"
#include "stats/summary_internal.h"

#define NEST 3

const char *incstat_check_metric_name(incstat_check_metric m)
{
    return m == INCSTAT_CHECK_INJURED ? "injured" : m == INCSTAT_CHECK_INCIDENTS ? "incidents"
                                                                                  : "killed";
}

/* ---- the series --------------------------------------------------------- */

/* The metric of row r on estimate e; NaN when the data do not hold it (a
 * period the source does not cover, every toll unknown, or rows that are not
 * incidents and a year without rows: no row is not a zero there). */
static double row_value(const incstat_summary_row *r, incstat_check_metric m, incstat_estimate e,
                        int incidents_unknown)
{
    /* the loader marks a table of periods, and a period without a row in it
     * (killed unknown); the caller's flag alone leaves the row count 0 */
    int marked = (r->unknown & INCSTAT_UNKNOWN_INCIDENTS) != 0;
    if (r->missing || (incidents_unknown && !marked && r->incidents == 0))
        return NAN;
    if (m == INCSTAT_CHECK_INCIDENTS)
        return incidents_unknown || marked ? NAN : (double)r->incidents;
    /* a sum whose every value is unknown is NaN in the summary itself */
    int inj = m == INCSTAT_CHECK_INJURED;
    if (e == INCSTAT_ESTIMATE_LOW)
        return inj ? r->injured_low : r->killed_low;
    if (e == INCSTAT_ESTIMATE_HIGH)
        return inj ? r->injured_high : r->killed_high;
    return inj ? r->injured : r->killed;
}

static double value_at(const incstat_summary *s, size_t i, const incstat_claim_options *o,
                       incstat_estimate e)
{
    return row_value(incstat_summary_row_at(s, i), o->metric, e, o->incidents_unknown);
}

/* Whether estimate e differs from best in some year: the data hold it. */
static int estimate_present(const incstat_summary *s, const incstat_claim_options *o,
                            incstat_estimate e)
{
    if (e == INCSTAT_ESTIMATE_BEST)
        return 1;
    if (o->metric == INCSTAT_CHECK_INCIDENTS)
        return 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        double v = value_at(s, i, o, e), b = value_at(s, i, o, INCSTAT_ESTIMATE_BEST);
        if (!isnan(v) && v != b)
            return 1;
    }
    return 0;
}

static int metric_held(const incstat_summary *s, const incstat_claim_options *o)
{
    for (size_t i = 0; i < incstat_summary_rows(s); i++)
        if (!isnan(value_at(s, i, o, INCSTAT_ESTIMATE_BEST)))
            return 1;
    return 0;
}

/* ---- options ------------------------------------------------------------ */

static incstat_status check_options(const incstat_claim_options *o, incstat_error *err)
{
    switch (o->kind) {
    case INCSTAT_CLAIM_HIGHEST_SINCE:
        if (!(o->arg < o->year) || o->arg != floor(o->arg))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "claim: --highest-since %g is not a year before %d", o->arg,
                                     o->year);
        break;
    case INCSTAT_CLAIM_HIGHEST_IN:
        if (!(o->arg >= 2 && o->arg <= 10000) || o->arg != floor(o->arg))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "claim: --highest-in takes 2 or more years, not %g", o->arg);
        break;
    case INCSTAT_CLAIM_MORE_THAN:
    case INCSTAT_CLAIM_FEWER_THAN:
        if (!(o->arg >= 0) || !isfinite(o->arg))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "claim: the threshold must be a number >= 0, not %g", o->arg);
        break;
    case INCSTAT_CLAIM_RISE_PCT:
        if (!isfinite(o->arg))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: the rise must be a number");
        break;
    case INCSTAT_CLAIM_RECORD:
        break;
    default:
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: no claim given");
    }
    if ((unsigned)o->estimate >= NEST || (unsigned)o->metric > INCSTAT_CHECK_INCIDENTS)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: bad estimate or metric");
    return INCSTAT_OK;
}

/* ---- one estimate ------------------------------------------------------- */

/* The window of years the claim compares with: [from, to] (from > to when
 * none).  For a record every other year counts; the caller skips the year. */
static void claim_window(const incstat_claim_result *r, int *from, int *to)
{
    const incstat_claim_options *o = &r->opts;
    *from = 1;
    *to = 0;
    switch (o->kind) {
    case INCSTAT_CLAIM_HIGHEST_SINCE:
        *from = (int)o->arg + 1, *to = o->year - 1;
        break;
    case INCSTAT_CLAIM_HIGHEST_IN:
        *from = o->year - (int)o->arg + 1, *to = o->year - 1;
        break;
    case INCSTAT_CLAIM_RECORD:
        *from = r->first_year, *to = r->last_year;
        break;
    case INCSTAT_CLAIM_RISE_PCT:
        *from = *to = o->year - 1;
        break;
    default:
        break;
    }
}

static void judge(const incstat_summary *s, size_t iy, incstat_estimate e, incstat_claim_result *r)
{
    const incstat_claim_options *o = &r->opts;
    incstat_claim_estimate *ce = &r->est[e];
    size_t n = incstat_summary_rows(s);
    ce->value = value_at(s, iy, o, e);
    ce->other = NAN;
    ce->holds = -1;
    /* highest since: the latest earlier year at least as high */
    for (size_t j = iy; j-- > 0;) {
        double v = value_at(s, j, o, e);
        if (!isnan(v) && !isnan(ce->value) && v >= ce->value) {
            ce->highest_since = incstat_summary_row_at(s, j)->year;
            break;
        }
    }
    if (isnan(ce->value))
        return;
    switch (o->kind) {
    case INCSTAT_CLAIM_HIGHEST_SINCE:
    case INCSTAT_CLAIM_HIGHEST_IN: {
        int since = o->kind == INCSTAT_CLAIM_HIGHEST_IN ? o->year - (int)o->arg : (int)o->arg;
        if (ce->highest_since)
            ce->holds = ce->highest_since <= since;
        else if (since + 1 >= r->first_year)
            ce->holds = 1;
        break; /* otherwise the window reaches before the data: cannot tell */
    }
    case INCSTAT_CLAIM_RECORD:
        ce->holds = 1;
        for (size_t j = 0; j < n; j++) {
            double v = value_at(s, j, o, e);
            if (j != iy && !isnan(v) && v >= ce->value)
                ce->holds = 0;
        }
        break;
    case INCSTAT_CLAIM_MORE_THAN:
        ce->holds = ce->value > o->arg;
        break;
    case INCSTAT_CLAIM_FEWER_THAN:
        ce->holds = ce->value < o->arg;
        break;
    case INCSTAT_CLAIM_RISE_PCT:
        if (iy > 0 && incstat_summary_row_at(s, iy - 1)->year == o->year - 1)
            ce->other = value_at(s, iy - 1, o, e);
        if (ce->other > 0)
            ce->holds = 100 * (ce->value / ce->other - 1) >= o->arg;
        break;
    }
}

/* The highest year of the window on the chosen estimate (the latest among
 * equals), tested against the claim's year. */
static void compare(const incstat_summary *s, size_t iy, incstat_claim_result *r)
{
    const incstat_claim_options *o = &r->opts;
    incstat_claim_compare *c = &r->compare;
    c->rate_ratio = c->ci[0] = c->ci[1] = c->p_value = NAN;
    c->boot_change_pct = c->boot_ci[0] = c->boot_ci[1] = NAN;
    c->value = NAN;
    if (r->window_from > r->window_to)
        return;
    for (size_t j = 0; j < incstat_summary_rows(s); j++) {
        int y = incstat_summary_row_at(s, j)->year;
        double v = value_at(s, j, o, o->estimate);
        if (j == iy || y < r->window_from || y > r->window_to || isnan(v))
            continue;
        if (!c->present || v >= c->value) {
            c->present = 1;
            c->year = y;
            c->value = v;
        }
    }
    double a = r->est[o->estimate].value;
    if (!c->present || isnan(a))
        return;
    if (a != floor(a) || c->value != floor(c->value)) {
        snprintf(c->note, sizeof c->note,
                 "the counts are not whole numbers (midpoints of ranges): no exact test");
        return;
    }
    incstat_trend_comparison cmp;
    incstat_error e;
    if (incstat_trend_compare_poisson(a, c->value, 0, 0, 0.95, &cmp, &e) != INCSTAT_OK) {
        snprintf(c->note, sizeof c->note, "no exact test: %.120s", e.message);
        return;
    }
    c->tested = 1;
    c->rate_ratio = cmp.ratio;
    c->ci[0] = cmp.ci[0];
    c->ci[1] = cmp.ci[1];
    c->p_value = cmp.p_value;
}

/* The row of the claim's year, or status NO_DATA / PARTIAL with a reason;
 * (size_t)-1 when there is none. */
static size_t find_year(const incstat_summary *s, incstat_claim_result *r)
{
    const incstat_claim_options *o = &r->opts;
    size_t n = incstat_summary_rows(s), iy = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (incstat_summary_row_at(s, i)->year == o->year)
            iy = i;
    if (!metric_held(s, o)) {
        r->status = INCSTAT_CLAIM_NO_DATA;
        snprintf(r->reason, sizeof r->reason,
                 o->metric == INCSTAT_CHECK_INCIDENTS
                     ? "the rows are not incidents: the data hold no incident count"
                     : "the data hold no %s figures",
                 incstat_check_metric_name(o->metric));
        return (size_t)-1;
    }
    if (iy == (size_t)-1 || incstat_summary_row_at(s, iy)->missing) {
        r->status = INCSTAT_CLAIM_NO_DATA;
        if (iy == (size_t)-1)
            snprintf(r->reason, sizeof r->reason, "the data cover %d to %d, not %d", r->first_year,
                     r->last_year, o->year);
        else
            snprintf(r->reason, sizeof r->reason, "the source does not cover %d", o->year);
        return (size_t)-1;
    }
    if (isnan(value_at(s, iy, o, o->estimate))) {
        r->status = INCSTAT_CLAIM_NO_DATA;
        snprintf(r->reason, sizeof r->reason, "%d has no known %s figure", o->year,
                 incstat_check_metric_name(o->metric));
        return (size_t)-1;
    }
    if (incstat_summary_row_at(s, iy)->partial) {
        char d[16];
        r->covered_to = incstat_summary_covered_to(s);
        incstat_value_date_text(r->covered_to, d, sizeof d);
        if (o->include_partial) {
            r->partial = 1;
            return iy;
        }
        r->status = INCSTAT_CLAIM_PARTIAL;
        snprintf(r->reason, sizeof r->reason,
                 "the data stop at %s, before %d ends (--include-partial checks it anyway)", d,
                 o->year);
        return (size_t)-1;
    }
    return iy;
}

incstat_status incstat_claim_check(const incstat_summary *s, const incstat_claim_options *opts,
                                   incstat_claim_result *out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: no output");
    memset(out, 0, sizeof *out);
    out->holds = -1;
    for (int e = 0; e < NEST; e++) {
        out->est[e].value = out->est[e].other = NAN;
        out->est[e].holds = -1;
    }
    out->compare.value = out->compare.rate_ratio = out->compare.p_value = NAN;
    if (!s || !opts)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: no summary or options");
    out->opts = *opts;
    if (incstat_summary_no_incidents_(s))
        out->opts.incidents_unknown = 1; /* the loader found a table of periods */
    if (!out->opts.boot)
        out->opts.boot = 2000;
    if (!out->opts.seed)
        out->opts.seed = 1;
    incstat_status st = check_options(opts, err);
    if (st)
        return st;
    size_t n = incstat_summary_rows(s);
    if (incstat_summary_key_count(s) != 1 || n == 0 ||
        strcmp(incstat_summary_key_name(s, 0), "year") != 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: needs a summary by year alone");
    out->first_year = incstat_summary_row_at(s, 0)->year;
    out->last_year = incstat_summary_row_at(s, n - 1)->year;
    claim_window(out, &out->window_from, &out->window_to);
    for (int y = out->window_from; y <= out->window_to; y++)
        for (size_t i = 0; i < n; i++) {
            const incstat_summary_row *r = incstat_summary_row_at(s, i);
            if (r->year != y || y == opts->year)
                continue;
            if (r->missing)
                out->uncovered_in_window++;
            else if (isnan(value_at(s, i, &out->opts, opts->estimate)))
                out->unknown_in_window++; /* skipped too, and said so */
        }
    size_t iy = find_year(s, out);
    if (iy == (size_t)-1)
        return INCSTAT_OK;
    for (int e = 0; e < NEST; e++) {
        out->est[e].present = estimate_present(s, opts, (incstat_estimate)e);
        judge(s, iy, (incstat_estimate)e, out);
    }
    out->holds = out->est[opts->estimate].holds;
    compare(s, iy, out);
    return INCSTAT_OK;
}

/* ---- the incident bootstrap -------------------------------------------- */

typedef struct {
    double *v;
    size_t n, cap;
} vec;

static int vec_push(vec *x, double v)
{
    if (x->n == x->cap) {
        size_t nc = x->cap ? 2 * x->cap : 256;
        double *p = incstat_reallocarray(x->v, nc, sizeof *p);
        if (!p)
            return -1;
        x->v = p;
        x->cap = nc;
    }
    x->v[x->n++] = v;
    return 0;
}

/* The incident's value of the metric on the estimate. */
static double incident_value(const incstat_incident *inc, const incstat_claim_options *o)
{
    if (o->metric == INCSTAT_CHECK_INCIDENTS)
        return 1;
    int base = o->metric == INCSTAT_CHECK_INJURED ? INCSTAT_NUM_INJURED_LOW : INCSTAT_NUM_KILLED_LOW;
    int off = o->estimate == INCSTAT_ESTIMATE_LOW ? 0 : o->estimate == INCSTAT_ESTIMATE_HIGH ? 2 : 1;
    return inc->num[base + off];
}

incstat_status incstat_claim_bootstrap(incstat_loader *ld, const incstat_filter *filter,
                                       incstat_claim_result *out, incstat_error *err)
{
    if (!ld || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: no loader or result");
    incstat_claim_compare *c = &out->compare;
    /* an incident count is the same in every resample: nothing to bootstrap */
    if (out->status != INCSTAT_CLAIM_OK || !c->present || out->opts.incidents_unknown ||
        out->opts.metric == INCSTAT_CHECK_INCIDENTS)
        return INCSTAT_OK;
    vec a = {0}, b = {0};
    const incstat_incident *inc;
    incstat_status st;
    while ((st = incstat_loader_next(ld, &inc, err)) == INCSTAT_ROW) {
        if (inc->date.precision == INCSTAT_DATE_NONE || (filter && !incstat_filter_match(filter, inc)))
            continue;
        vec *dst = inc->date.year == out->opts.year ? &a : inc->date.year == c->year ? &b : NULL;
        if (dst && vec_push(dst, incident_value(inc, &out->opts)) != 0) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
            break;
        }
    }
    if (st == INCSTAT_DONE) {
        st = INCSTAT_OK;
        incstat_trend_bootstrap bs;
        incstat_error e;
        /* from the competitor to the claim's year: a rise is positive */
        if (incstat_trend_bootstrap_change(b.v, b.n, a.v, a.n, out->opts.boot, out->opts.seed,
                                           0.95, &bs, &e) == INCSTAT_OK) {
            c->boot_done = 1;
            c->boot_change_pct = bs.estimate;
            c->boot_ci[0] = bs.ci[0];
            c->boot_ci[1] = bs.ci[1];
            c->boot_resamples = bs.n_resamples;
            c->boot_n_year = a.n;
            c->boot_n_other = b.n;
        } else if (e.code == INCSTAT_ENOMEM) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        } else if (!c->note[0]) {
            snprintf(c->note, sizeof c->note, "no incident bootstrap: %.110s", e.message);
        }
    }
    incstat_free_mem(a.v);
    incstat_free_mem(b.v);
    return st;
}
