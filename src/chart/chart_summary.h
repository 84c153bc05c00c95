/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_summary.h (private): chart descriptions built from
 * summaries (src/chart/chart_summary.c), for the report and the chart
 * command.  Never installed. */
#ifndef INCSTAT_SRC_CHART_SUMMARY_H
#define INCSTAT_SRC_CHART_SUMMARY_H

#include <stddef.h>
#include "incstat/chart.h"
#include "incstat/check.h"
#include "incstat/load.h"
#include "incstat/summary.h"
#include "incstat/trend.h"
#include "stats/summary_series.h"

/* The fitted trend a LINE chart draws. */
typedef enum { CHART_TREND_NONE = 0, CHART_TREND_POISSON, CHART_TREND_NEGBIN, CHART_TREND_OLS,
               CHART_TREND_SEN,
               CHART_TREND_AUTO /* the NB spline smooth when it fits better than the
                                   log-linear NB trend by AIC, else that trend */
} chart_trend_kind;

/* What to draw; zero fields take the defaults. */
typedef struct {
    incstat_chart_kind kind;
    summary_metric metric;
    incstat_estimate estimate;
    const char *title, *subtitle, *source; /* NULL: defaults */
    const char *input, *preset;            /* for the default caption */
    chart_trend_kind trend;                /* line */
    int changepoints;                      /* line */
    size_t window;                         /* line: moving average */
    size_t top;                            /* stacked, multiples: 0 = 6 */
    int band;                              /* range */
    /* the selection, named in the default title ("Pakistan: people killed
     * per year, 1989-2024"): --where FIELD=VALUE names VALUE, FIELD=~TEXT
     * names TEXT; may be NULL */
    const char *const *where;
    size_t n_where;
    /* the load report (may be NULL): the categories --recode merged are
     * named in the stacked chart's note, and a table of periods whose
     * aggregate rows alone were counted ("World") names that entity */
    const incstat_load_report *rep;
    /* stacked, multiples by a place inside a country (admin1, admin2, city,
     * location): the same selection summarised by year and country (may
     * be NULL).  When it holds several countries the chart says so; with
     * category_default (the caller chose no category) it is drawn by
     * country instead. */
    const incstat_summary *by_country;
    int category_default;
    const char *note; /* the caller's, first in the chart's note; may be NULL */
} chart_summary_args;

/* A chart of s as ca says into *out (the caller's, incstat_chart_free).
 * 0, or -1 with err (not NULL) filled: EINVAL (the summary has the wrong
 * keys for the kind), ENOMEM, or an error of the trend fit or the chart. */
int chart_from_summary(const chart_summary_args *ca, const incstat_summary *s,
                       incstat_chart **out, incstat_error *err);

/* A claim chart (BAR): the yearly series of s (a finished summary by year
 * alone, best estimate in its killed and injured) with whiskers from the low
 * to the high figures where they differ, the year of the claims r[0..n)
 * highlighted and labelled with its figure, the window each compares with
 * shaded and labelled, the year closest to it in the window and the year it
 * is the highest since labelled, each threshold (more-than, fewer-than) a
 * dashed line, and the verdicts (incstat_claim_sentence) in the subtitle.
 * Every claim must be about one year and checked on s (incstat_claim_check);
 * the chart draws from their results and computes no verdict itself.  The
 * metric is the claims'; ca->kind is ignored.  0, or -1 with err filled:
 * EINVAL (no claim, claims about different years or metrics, s not by year
 * alone), ENOMEM, or an error of the chart. */
int chart_from_claims(const chart_summary_args *ca, const incstat_summary *s,
                      const incstat_claim_result *r, size_t n, incstat_chart **out,
                      incstat_error *err);

/* Shared by the builders (chart_summary.c, chart_claim.c): "Killed",
 * "Injured" or "Incidents" (a series' name); the default texts of a chart
 * of periods first to last, each per (title, axis label, caption, unit)
 * and the caller's; a partial last period's reach and the period before
 * over the same span.  0, or -1 with err filled. */
const char *chart_summary_metric_title(summary_metric m);
int chart_summary_texts(incstat_chart *c, const chart_summary_args *ca, const char *first,
                        const char *last, const char *per, incstat_error *err);
int chart_summary_same_span(incstat_chart *c, const chart_summary_args *ca,
                            const incstat_summary *s, const summary_series *se,
                            incstat_error *err);

/* The selection named by ca->where (and ca->rep's aggregate entity) into buf,
 * "" when none: "Pakistan", "Punjab, Lahore", "Pakistan or India".
 * Returns buf. */
const char *chart_summary_selection(const chart_summary_args *ca, char *buf, size_t cap);

/* Whether a category (a --by text key) is a place inside a country, whose
 * names mean little across several countries. */
int chart_summary_place_key(const char *key);

/* The countries of bc, a summary by year and country, with an incident or a
 * figure (of metric m) in them: their number, and the largest into names
 * ("Pakistan, Yemen, Myanmar and Syria", "A, B, C and 5 more"; cap bytes).
 * 0 when bc is not such a summary; (size_t)-1 out of memory. */
size_t chart_summary_countries(const incstat_summary *bc, summary_metric m, char *names,
                               size_t cap);

/* The note of a chart drawn by country in place of key (admin1, ...)
 * because the data span n countries (names as above) into buf; returns
 * buf. */
const char *chart_summary_by_country_note(const char *key, size_t n, const char *names,
                                          char *buf, size_t cap);

/* The grouping chart kind needs when the caller gave none in so: a heatmap
 * by month; stacked and small multiples by year and admin1 (or by year and
 * the one text key given). */
void chart_summary_grouping(incstat_chart_kind kind, incstat_summary_options *so);

#endif
