/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/claim_write.c: a claim's verdict in plain sentences ("Holds on the
 * best and high figures (the highest since 2015); on the low figures 2023 is
 * the highest since 2016.") and its label. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "incstat/check.h"
#include "core/internal.h"
#include "stats/summary_internal.h"

/* low, best, high: the order estimates are named in */
static const incstat_estimate ORDER[3] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                          INCSTAT_ESTIMATE_HIGH};
static const char *const NAME[3] = {"best", "low", "high"}; /* by incstat_estimate */

typedef struct {
    char *buf;
    size_t cap, o;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->buf + t->o, t->o < t->cap ? t->cap - t->o : 0, fmt, ap);
    va_end(ap);
    if (w > 0)
        t->o = t->o + (size_t)w < t->cap ? t->o + (size_t)w : t->cap - 1;
}

/* "a", "a and b", "a, b and c" */
static void put_list(text *t, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(t, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", items[i]);
}

static int highest_kind(incstat_claim_kind k)
{
    return k == INCSTAT_CLAIM_HIGHEST_SINCE || k == INCSTAT_CLAIM_HIGHEST_IN ||
           k == INCSTAT_CLAIM_RECORD;
}

/* What estimate e says, for the verdict: "the highest since 2016",
 * "1,178", "+63.8% over 2022". */
static void detail(const incstat_claim_result *r, incstat_estimate e, char *buf, size_t cap)
{
    const incstat_claim_estimate *ce = &r->est[e];
    char g[64];
    if (highest_kind(r->opts.kind)) {
        if (r->opts.kind == INCSTAT_CLAIM_RECORD && ce->holds == 1 &&
            r->first_year == r->last_year) /* a record of one is no comparison */
            snprintf(buf, cap, "the only year in the file: there is nothing to compare it with");
        else if (r->opts.kind == INCSTAT_CLAIM_RECORD && ce->holds == 1)
            snprintf(buf, cap, "the highest of %d to %d", r->first_year, r->last_year);
        else if (ce->highest_since)
            snprintf(buf, cap, "the highest since %d", ce->highest_since);
        else if (r->opts.kind == INCSTAT_CLAIM_RECORD)
            snprintf(buf, cap, "the highest up to then, but a later year is higher");
        else
            snprintf(buf, cap, "higher than every year before it in the data (from %d)",
                     r->first_year);
    } else if (r->opts.kind == INCSTAT_CLAIM_RISE_PCT) {
        if (ce->other > 0)
            snprintf(buf, cap, "%+.1f%%", 100 * (ce->value / ce->other - 1));
        else
            snprintf(buf, cap, "no known figure above 0 for %d", r->opts.year - 1);
    } else {
        incstat_grouped_(g, sizeof g, ce->value, 0);
        snprintf(buf, cap, "%s", g);
    }
}

/* The estimates with verdict h: their names and details, in order. */
static size_t with_verdict(const incstat_claim_result *r, int h, const char **names,
                           char details[3][128])
{
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        incstat_estimate e = ORDER[k];
        if (!r->est[e].present || r->est[e].holds != h)
            continue;
        names[n] = NAME[e];
        detail(r, e, details[n], sizeof details[n]);
        n++;
    }
    return n;
}

static size_t n_present(const incstat_claim_result *r)
{
    size_t n = 0;
    for (int e = 0; e < 3; e++)
        n += r->est[e].present != 0;
    return n;
}

/* "on the low and best figures " (nothing with one estimate) */
static void put_figures(text *t, const char **names, size_t n, size_t present)
{
    if (present < 2)
        return;
    put(t, "on the ");
    put_list(t, names, n);
    put(t, " figures ");
}

/* "highest" details, estimates grouped by what they say: "on the best and
 * high figures (the highest since 2015)" when they agree, else "on the low
 * figures 2023 is the highest since 2016; on the best figures the highest
 * since 2015". */
static void put_highest(text *t, const incstat_claim_result *r, const char **names,
                        char details[3][128], size_t n, size_t present, int holds)
{
    int done[3] = {0};
    for (size_t i = 0, first = 1; i < n; i++) {
        if (done[i])
            continue;
        const char *same[3];
        size_t m = 0;
        for (size_t j = i; j < n; j++)
            if (!done[j] && strcmp(details[j], details[i]) == 0) {
                same[m++] = names[j];
                done[j] = 1;
            }
        put(t, "%s", first ? "" : "; ");
        put_figures(t, same, m, present);
        if (holds && m == n)
            put(t, "(%s)", details[i]);
        else if (first && !holds)
            put(t, "%d is %s", r->opts.year, details[i]);
        else
            put(t, "%s", details[i]);
        first = 0;
    }
}

/* The values in a list: "1,056 and 1,178 killed", "+56.9% and +63.8% over
 * 2022". */
static void put_values(text *t, const incstat_claim_result *r, char details[3][128], size_t n)
{
    const char *dl[3] = {details[0], details[1], details[2]};
    put_list(t, dl, n);
    if (r->opts.kind == INCSTAT_CLAIM_RISE_PCT)
        put(t, " over %d", r->opts.year - 1);
    else
        put(t, " %s", incstat_check_metric_name(r->opts.metric));
}

static void put_verdict(text *t, const incstat_claim_result *r)
{
    const char *names[3];
    char details[3][128];
    size_t present = n_present(r);
    int highest = highest_kind(r->opts.kind);
    size_t nh = with_verdict(r, 1, names, details);
    if (nh) {
        int mixed = 0;
        for (size_t i = 1; i < nh; i++)
            mixed |= strcmp(details[i], details[0]) != 0;
        put(t, mixed ? "Holds: " : "Holds ");
        if (highest) {
            put_highest(t, r, names, details, nh, present, 1);
        } else {
            put_figures(t, names, nh, present);
            put(t, "(");
            put_values(t, r, details, nh);
            put(t, ")");
        }
    }
    size_t nn = with_verdict(r, 0, names, details);
    if (nn) {
        put(t, nh ? "; " : "Does not hold: ");
        if (highest) {
            put_highest(t, r, names, details, nn, present, 0);
        } else {
            put_figures(t, names, nn, present);
            put(t, "%d %s ", r->opts.year,
                r->opts.kind == INCSTAT_CLAIM_RISE_PCT ? "changed by" : "had");
            put_values(t, r, details, nn);
            char g[64];
            incstat_grouped_(g, sizeof g, r->opts.arg, 0);
            if (r->opts.kind == INCSTAT_CLAIM_RISE_PCT)
                put(t, ", less than the %+g%% claimed", r->opts.arg);
            else
                put(t, ", not %s than %s",
                    r->opts.kind == INCSTAT_CLAIM_MORE_THAN ? "more" : "fewer", g);
        }
    }
    size_t nu = with_verdict(r, -1, names, details);
    if (nu) {
        put(t, nh || nn ? "; " : "Cannot be told: ");
        put_figures(t, names, nu, present);
        if (nh || nn)
            put(t, "it cannot be told (");
        if (highest)
            put(t, "the data begin in %d", r->first_year);
        else
            put(t, "%d has no known figure above 0", r->opts.year - 1);
        put(t, "%s", nh || nn ? ")" : "");
    }
    put(t, ".");
}

static void put_compare(text *t, const incstat_claim_result *r)
{
    const incstat_claim_compare *c = &r->compare;
    if (c->tested) {
        put(t, " %d vs %d: rate ratio %.2f, 95%% CI %.2f to %.2f, ", r->opts.year, c->year,
            c->rate_ratio, c->ci[0], c->ci[1]);
        if (c->p_value < 0.001)
            put(t, "p < 0.001");
        else
            put(t, "p = %.2g", c->p_value);
        /* the exact test treats each death as independent: say what a small
         * p means and what it does not */
        put(t, c->p_value < 0.05 ? ": more than chance variation in independent counts."
                                 : ": not distinguishable from noise.");
    }
    if (c->boot_done)
        put(t, " Over incidents (bootstrap, %zu resamples): %+.1f%%, 95%% CI %+.1f%% to %+.1f%%%s",
            c->boot_resamples, c->boot_change_pct, c->boot_ci[0], c->boot_ci[1],
            c->boot_ci[0] > 0 || c->boot_ci[1] < 0 ? "." : ", which includes no change.");
    if (c->note[0])
        put(t, " (%d vs %d: %s.)", r->opts.year, c->year, c->note);
    if (r->uncovered_in_window)
        put(t, " %zu year%s in the window %s not covered by the source and %s skipped.",
            r->uncovered_in_window, r->uncovered_in_window > 1 ? "s" : "",
            r->uncovered_in_window > 1 ? "are" : "is", r->uncovered_in_window > 1 ? "were" : "was");
    if (r->unknown_in_window && r->opts.kind != INCSTAT_CLAIM_RISE_PCT) /* the verdict says it */
        put(t, " %zu year%s in the window %s no known %s figure and %s skipped.",
            r->unknown_in_window, r->unknown_in_window > 1 ? "s" : "",
            r->unknown_in_window > 1 ? "have" : "has", incstat_check_metric_name(r->opts.metric),
            r->unknown_in_window > 1 ? "were" : "was");
}

const char *incstat_claim_sentence(const incstat_claim_result *r, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return buf;
    text t = {buf, cap, 0};
    buf[0] = '\0';
    if (!r)
        return buf;
    if (r->status != INCSTAT_CLAIM_OK) {
        put(&t, "Cannot be checked: %s.", r->reason);
        return buf;
    }
    if (r->partial) {
        /* checked anyway: say the figures are a part year's */
        static const char *const M[12] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
        const incstat_date *d = &r->covered_to;
        if (d->precision == INCSTAT_DATE_DAY)
            put(&t, "%d is covered only to %d %s: ", r->opts.year, d->day, M[(d->month - 1) % 12]);
        else if (d->precision == INCSTAT_DATE_MONTH)
            put(&t, "%d is covered only to %s: ", r->opts.year, M[(d->month - 1) % 12]);
        else
            put(&t, "%d is covered only in part: ", r->opts.year);
        put(&t, "its figures are a part year's, set against whole years. ");
    }
    put_verdict(&t, r);
    put_compare(&t, r);
    return buf;
}

const char *incstat_claim_label(const incstat_claim_options *o, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return buf;
    static const char *const KIND[] = {"", "highest-since", "record", "highest-in", "more-than",
                                       "fewer-than", "rise-pct"};
    unsigned k = (unsigned)o->kind <= INCSTAT_CLAIM_RISE_PCT ? (unsigned)o->kind : 0;
    if (o->kind == INCSTAT_CLAIM_RECORD || k == 0)
        snprintf(buf, cap, "%s", KIND[k]);
    else
        snprintf(buf, cap, "%s %g", KIND[k], o->arg);
    return buf;
}
