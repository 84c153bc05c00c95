/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_claims.c: the "Claims" section: each claim of
 * incstat_report_options.claims checked on the yearly summary
 * (incstat_claim_check), its verdict in words, a table of the estimates and
 * the comparison with the closest competitor.  The incident bootstrap needs a
 * second pass over the file and is left to incstat claim. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

/* The claim as a reader would say it: "2023: the most killed since 2015". */
static const char *claim_words(report_doc *d, const incstat_claim_options *o)
{
    const char *m = incstat_check_metric_name(o->metric);
    const char *most = o->metric == INCSTAT_CHECK_INCIDENTS ? "the most incidents"
                       : o->metric == INCSTAT_CHECK_INJURED ? "the most injured"
                                                             : "the most killed";
    char n[64];
    report_fmt_whole(n, sizeof n, o->arg);
    switch (o->kind) {
    case INCSTAT_CLAIM_HIGHEST_SINCE:
        return report_doc_printf(d, "%d: %s since %.0f", o->year, most, o->arg);
    case INCSTAT_CLAIM_RECORD:
        return report_doc_printf(d, "%d: %s of any year in the data", o->year, most);
    case INCSTAT_CLAIM_HIGHEST_IN:
        return report_doc_printf(d, "%d: %s in %.0f years", o->year, most, o->arg);
    case INCSTAT_CLAIM_MORE_THAN:
        return report_doc_printf(d, "%d: more than %s %s", o->year, n, m);
    case INCSTAT_CLAIM_FEWER_THAN:
        return report_doc_printf(d, "%d: fewer than %s %s", o->year, n, m);
    case INCSTAT_CLAIM_RISE_PCT:
        return report_doc_printf(d, "%d: %s rose by at least %g%% over %d", o->year, m, o->arg,
                                 o->year - 1);
    }
    return "";
}

/* Estimate | value | holds | highest since, one row per estimate held. */
static void estimates_table(report_doc *d, const incstat_claim_result *r, const char *words)
{
    static const incstat_estimate ORDER[3] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                              INCSTAT_ESTIMATE_HIGH};
    static const char *const NAME[3] = {"best", "low", "high"};
    size_t n = 0;
    for (int k = 0; k < 3; k++)
        n += r->est[ORDER[k]].present != 0;
    report_table *t = report_doc_table(d, n, 4, 1);
    if (!t)
        return;
    t->head[0] = "Estimate";
    t->head[1] = report_doc_printf(d, "%s in %d", incstat_check_metric_name(r->opts.metric),
                                   r->opts.year);
    t->head[2] = "Claim holds";
    t->head[3] = "Highest since";
    t->align[1] = REPORT_DECIMAL;
    t->align[3] = REPORT_RIGHT;
    t->caption = words;
    char a[64];
    size_t i = 0;
    for (int k = 0; k < 3; k++) {
        const incstat_claim_estimate *e = &r->est[ORDER[k]];
        if (!e->present)
            continue;
        t->cell[i * 4] = NAME[ORDER[k]];
        report_fmt_num(a, sizeof a, e->value, 0);
        t->cell[i * 4 + 1] = report_doc_str(d, a);
        t->cell[i * 4 + 2] = e->holds == 1 ? "yes" : e->holds == 0 ? "no" : "cannot tell";
        t->cell[i * 4 + 3] = e->highest_since ? report_doc_printf(d, "%d", e->highest_since)
                             : isnan(e->value) ? ""
                                               : "every earlier year";
        if (ORDER[k] == r->opts.estimate)
            t->row_style[i] = REPORT_ROW_STRONG;
        i++;
    }
    report_add_table(d, t);
}

/* One claim chart per year the claims are about (chart_from_claims): the
 * yearly bars with their range, the year, the window compared, the
 * thresholds and the verdicts, drawn from the results of
 * incstat_claim_check. */
static void claims_charts(report_doc *d, const report_ctx *c)
{
    const incstat_report_options *o = c->opt;
    for (size_t k = 0; k < o->n_claims; k++) {
        int seen = 0; /* a year and metric charted already */
        for (size_t j = 0; j < k; j++)
            seen |= o->claims[j].year == o->claims[k].year &&
                    o->claims[j].metric == o->claims[k].metric;
        if (seen)
            continue;
        incstat_claim_result r[8];
        size_t n = 0;
        for (size_t j = k; j < o->n_claims && n < 8; j++) {
            if (o->claims[j].year != o->claims[k].year ||
                o->claims[j].metric != o->claims[k].metric)
                continue;
            incstat_claim_options co = o->claims[j];
            co.incidents_unknown |= c->periods;
            if (incstat_claim_check(c->yearly, &co, &r[n], NULL) == INCSTAT_OK)
                n++;
        }
        if (!n)
            continue;
        chart_summary_args ca;
        memset(&ca, 0, sizeof ca);
        ca.estimate = r[0].opts.estimate;
        ca.input = c->input;
        ca.preset = c->rep->preset;
        ca.where = o->where;
        ca.n_where = o->n_where;
        ca.rep = c->rep;
        incstat_chart *ch = NULL;
        incstat_error err;
        const char *why = NULL;
        if (chart_from_claims(&ca, c->yearly, r, n, &ch, &err) != 0)
            why = report_doc_printf(d, "Chart not drawn: %s", err.message);
        report_block *b = report_doc_add(d, REPORT_CHART, why);
        if (!b) {
            incstat_chart_free(ch);
            return;
        }
        b->chart = ch;
        b->alt = report_doc_printf(d, "Bar chart of the %s each year with %d highlighted, the "
                                   "years it is compared with shaded and the claim's thresholds "
                                   "dashed.", incstat_check_metric_name(r[0].opts.metric),
                                   r[0].opts.year);
        b->aspect = 0.6;
    }
}

void report_claims_section(report_doc *d, const report_ctx *c)
{
    const incstat_report_options *o = c->opt;
    if (!o->n_claims || !o->claims)
        return;
    report_add_heading(d, o->n_claims > 1 ? "Claims" : "Claim", "claims");
    claims_charts(d, c);
    int tested = 0;
    for (size_t k = 0; k < o->n_claims; k++) {
        incstat_claim_options co = o->claims[k];
        co.incidents_unknown |= c->periods;
        incstat_claim_result r;
        incstat_error err;
        const char *words = claim_words(d, &co);
        if (incstat_claim_check(c->yearly, &co, &r, &err) != INCSTAT_OK) {
            report_doc_add(d, REPORT_PARA,
                           report_doc_printf(d, "\u201c%s\u201d cannot be checked: %s.", words,
                                             err.message));
            continue;
        }
        char buf[1024];
        incstat_claim_sentence(&r, buf, sizeof buf);
        report_doc_add(d, REPORT_PARA, report_doc_printf(d, "\u201c%s.\u201d %s", words, buf));
        if (r.status == INCSTAT_CLAIM_OK)
            estimates_table(d, &r, words);
        tested |= r.compare.tested;
    }
    if (tested)
        report_doc_add(d, REPORT_NOTE,
                       "A claim is checked on each estimate the file holds; the exit status of "
                       "incstat claim and the comparison use the best. The comparison is R's "
                       "poisson.test(c(count_year, count_other)) against the highest other year of "
                       "the claim's window: it treats every death as an independent event, so a "
                       "small p says the difference is more than counting noise, not that it is "
                       "large; years with a few mass-casualty attacks vary more than it assumes.");
}
