/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_claim.c: the claim chart (chart_from_claims in
 * chart_summary.h): a yearly series as bars with their low-high range, and
 * the claims about one of its years drawn from the results of
 * incstat_claim_check (src/stats/claim.c), which this file never
 * recomputes: the year, the window compared, the closest competitor, the
 * year it is the highest since, the thresholds, and the verdicts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_summary.h"
#include "core/internal.h"

static summary_metric claim_metric(incstat_check_metric m)
{
    return m == INCSTAT_CHECK_INJURED     ? SUMMARY_METRIC_INJURED
           : m == INCSTAT_CHECK_INCIDENTS ? SUMMARY_METRIC_INCIDENTS
                                          : SUMMARY_METRIC_KILLED;
}

/* The claim as a reader would say it: "2023: the most killed since 2015". */
static void claim_words(const incstat_claim_options *o, char *buf, size_t cap)
{
    const char *m = incstat_check_metric_name(o->metric);
    char n[64];
    incstat_chart_format_number(o->arg, o->arg == floor(o->arg) ? 0 : 1, n, sizeof n);
    switch (o->kind) {
    case INCSTAT_CLAIM_HIGHEST_SINCE:
        snprintf(buf, cap, "%d: the most %s since %.0f", o->year, m, o->arg);
        break;
    case INCSTAT_CLAIM_RECORD:
        snprintf(buf, cap, "%d: the most %s of any year", o->year, m);
        break;
    case INCSTAT_CLAIM_HIGHEST_IN:
        snprintf(buf, cap, "%d: the most %s in %.0f years", o->year, m, o->arg);
        break;
    case INCSTAT_CLAIM_MORE_THAN:
        snprintf(buf, cap, "%d: more than %s %s", o->year, n, m);
        break;
    case INCSTAT_CLAIM_FEWER_THAN:
        snprintf(buf, cap, "%d: fewer than %s %s", o->year, n, m);
        break;
    case INCSTAT_CLAIM_RISE_PCT:
        snprintf(buf, cap, "%d: %s up at least %s%% on %d", o->year, m, n, o->year - 1);
        break;
    default:
        snprintf(buf, cap, "%d", o->year);
    }
}

/* The index of year y among the series' periods, or n. */
static size_t year_index(const summary_series *se, int y)
{
    for (size_t i = 0; i < se->n; i++)
        if (atoi(se->labels[i]) == y && strlen(se->labels[i]) == 4)
            return i;
    return se->n;
}

/* "2016: 1,100" (with the range when it has one: "2023: 1,178 (1,056-1,307)"),
 * marked "*" as the value labels are when it leaves incidents out. */
static void year_label(const summary_series *se, size_t i, int ranged, int with_range, char *buf,
                       size_t cap)
{
    char v[48], lo[48], hi[48];
    double y = se->y[i];
    if (isnan(y)) {
        snprintf(buf, cap, "%s: unknown", se->labels[i]);
        return;
    }
    incstat_chart_format_number(y, y == floor(y) ? 0 : 1, v, sizeof v);
    if ((ranged ? se->left_out_range[i] : se->left_out[i]) && strlen(v) + 1 < sizeof v)
        strcat(v, "*");
    if (with_range && isfinite(se->lo[i]) && isfinite(se->hi[i]) && se->lo[i] != se->hi[i]) {
        incstat_chart_format_number(se->lo[i], se->lo[i] == floor(se->lo[i]) ? 0 : 1, lo, sizeof lo);
        incstat_chart_format_number(se->hi[i], se->hi[i] == floor(se->hi[i]) ? 0 : 1, hi, sizeof hi);
        snprintf(buf, cap, "%s: %s (%s\u2013%s)", se->labels[i], v, lo, hi);
    } else {
        snprintf(buf, cap, "%s: %s", se->labels[i], v);
    }
}

/* The window of years claim r compares with, as period indices (0 when
 * none is drawn: a record compares with every year, shading them all says
 * nothing). */
static int claim_window(const incstat_claim_result *r, const summary_series *se, size_t *first,
                        size_t *last)
{
    if (r->opts.kind == INCSTAT_CLAIM_RECORD || r->window_from > r->window_to || !se->n)
        return 0;
    size_t f = se->n, l = se->n;
    for (size_t i = 0; i < se->n; i++) {
        int y = atoi(se->labels[i]);
        if (y >= r->window_from && y <= r->window_to) {
            if (f == se->n)
                f = i;
            l = i;
        }
    }
    if (f == se->n)
        return 0;
    *first = f;
    *last = l;
    return 1;
}

int chart_from_claims(const chart_summary_args *ca_in, const incstat_summary *s,
                      const incstat_claim_result *r, size_t n, incstat_chart **out,
                      incstat_error *err)
{
    *out = NULL;
    if (!n || !r || !s) {
        err->code = INCSTAT_EINVAL;
        snprintf(err->message, sizeof err->message, "a claim chart needs a claim");
        return -1;
    }
    for (size_t k = 1; k < n; k++)
        if (r[k].opts.year != r[0].opts.year || r[k].opts.metric != r[0].opts.metric) {
            err->code = INCSTAT_EINVAL;
            snprintf(err->message, sizeof err->message,
                     "the claims of one chart are about one year and one metric");
            return -1;
        }
    if (incstat_summary_key_count(s) != 1 || strcmp(incstat_summary_key_name(s, 0), "year") != 0) {
        err->code = INCSTAT_EINVAL;
        snprintf(err->message, sizeof err->message, "a claim chart needs a summary by year alone");
        return -1;
    }
    chart_summary_args ca = *ca_in;
    ca.kind = INCSTAT_CHART_BAR;
    ca.metric = claim_metric(r[0].opts.metric);
    summary_series se;
    if (summary_series_from(s, ca.metric, &se) != 0) {
        err->code = INCSTAT_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return -1;
    }
    incstat_chart *c = NULL;
    int rc = -1;
    size_t np = se.n;
    int ranged = 0; /* whiskers where the low and high figures differ */
    for (size_t i = 0; i < np; i++)
        ranged |= isfinite(se.lo[i]) && isfinite(se.hi[i]) && se.lo[i] != se.hi[i];
    if (incstat_chart_new(INCSTAT_CHART_BAR, &c, err) != INCSTAT_OK)
        goto out;
    if (incstat_chart_set_periods(c, se.labels, np, err) ||
        incstat_chart_add_series(c, ranged ? "Best estimate" : chart_summary_metric_title(ca.metric), se.y, np,
                                 err) ||
        incstat_chart_set_flags(c, se.flags, np, err) ||
        incstat_chart_set_unknown(c, ranged ? se.left_out_range : se.left_out, np, err) ||
        (ranged && incstat_chart_set_range(c, se.lo, se.hi, np, 0, err)) ||
        chart_summary_texts(c, &ca, se.labels[0], se.labels[np - 1], "year", err))
        goto out;

    /* the year, the years it is compared with, the year it is the highest
     * since, the thresholds: each once, from the claims' own results */
    char lab[160], words[128];
    size_t iy = year_index(&se, r[0].opts.year);
    if (iy < np) {
        year_label(&se, iy, ranged, ranged, lab, sizeof lab);
        if (incstat_chart_set_highlight(c, iy, err) || incstat_chart_add_label(c, iy, lab, err))
            goto out;
    }
    int labelled[2] = {0, 0}; /* the compare and since years, by index below */
    size_t done[2 * 4] = {0};
    size_t nd = 0;
    for (size_t k = 0; k < n; k++) {
        const incstat_claim_result *x = &r[k];
        size_t f, l;
        if (claim_window(x, &se, &f, &l)) {
            int dup = 0;
            for (size_t d = 0; d + 1 < nd; d += 2)
                dup |= done[d] == f && done[d + 1] == l;
            if (!dup && nd + 2 <= sizeof done / sizeof done[0]) {
                done[nd++] = f;
                done[nd++] = l;
                if (f == l)
                    snprintf(lab, sizeof lab, "compared: %s", se.labels[f]);
                else
                    snprintf(lab, sizeof lab, "compared: %s\u2013%s", se.labels[f], se.labels[l]);
                if (incstat_chart_add_window(c, f, l, lab, err))
                    goto out;
            }
        }
        if (x->opts.kind == INCSTAT_CLAIM_MORE_THAN || x->opts.kind == INCSTAT_CLAIM_FEWER_THAN) {
            char num[64];
            incstat_chart_format_number(x->opts.arg, x->opts.arg == floor(x->opts.arg) ? 0 : 1,
                                        num, sizeof num);
            snprintf(lab, sizeof lab, "%s %s", x->opts.kind == INCSTAT_CLAIM_MORE_THAN
                                                   ? "more than" : "fewer than", num);
            if (incstat_chart_add_threshold(c, x->opts.arg, lab, err))
                goto out;
        }
        if (x->status != INCSTAT_CLAIM_OK)
            continue;
        /* the closest competitor in the window */
        size_t ic = x->compare.present ? year_index(&se, x->compare.year) : np;
        if (ic < np && ic != iy && !labelled[0]) {
            year_label(&se, ic, ranged, 0, lab, sizeof lab);
            if (incstat_chart_add_label(c, ic, lab, err))
                goto out;
            labelled[0] = 1;
        }
        /* the latest earlier year at least as high, on the estimate asked */
        int since = x->est[x->opts.estimate].highest_since;
        size_t is = since &&
                            (x->opts.kind == INCSTAT_CLAIM_HIGHEST_SINCE ||
                             x->opts.kind == INCSTAT_CLAIM_HIGHEST_IN ||
                             x->opts.kind == INCSTAT_CLAIM_RECORD)
                        ? year_index(&se, since)
                        : np;
        if (is < np && is != ic && is != iy && !labelled[1]) {
            year_label(&se, is, ranged, 0, lab, sizeof lab);
            if (incstat_chart_add_label(c, is, lab, err))
                goto out;
            labelled[1] = 1;
        }
    }
    /* the verdicts, in the library's words, under the title */
    if (!ca.subtitle) {
        char sub[2048], verdict[1024];
        size_t len = 0;
        sub[0] = '\0';
        for (size_t k = 0; k < n && len + 1 < sizeof sub; k++) {
            claim_words(&r[k].opts, words, sizeof words);
            incstat_claim_sentence(&r[k], verdict, sizeof verdict);
            int w = snprintf(sub + len, sizeof sub - len, "%s\u201c%s.\u201d %s", k ? " " : "",
                             words, verdict);
            len = w < 0 ? len : len + (size_t)w < sizeof sub ? len + (size_t)w : sizeof sub - 1;
        }
        if (incstat_chart_set_text(c, INCSTAT_CHART_TEXT_SUBTITLE, sub, err))
            goto out;
    }
    if (chart_summary_same_span(c, &ca, s, &se, err))
        goto out;
    rc = 0;
out:
    summary_series_free(&se);
    if (rc) {
        incstat_chart_free(c);
        c = NULL;
    }
    *out = c;
    return rc;
}
