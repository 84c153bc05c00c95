/* src/chart/chart_summary.h (private): chart descriptions built from
 * summaries (src/chart/chart_summary.c), for the report and the chart
 * command.  Never installed. */
#ifndef INCSTAT_SRC_CHART_SUMMARY_H
#define INCSTAT_SRC_CHART_SUMMARY_H

#include <stddef.h>
#include "incstat/chart.h"
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
} chart_summary_args;

/* A chart of s as ca says into *out (the caller's, incstat_chart_free).
 * 0, or -1 with err (not NULL) filled: EINVAL (the summary has the wrong
 * keys for the kind), ENOMEM, or an error of the trend fit or the chart. */
int chart_from_summary(const chart_summary_args *ca, const incstat_summary *s,
                       incstat_chart **out, incstat_error *err);

/* The grouping chart kind needs when the caller gave none in so: a heatmap
 * by month; stacked and small multiples by year and admin1 (or by year and
 * the one text key given). */
void chart_summary_grouping(incstat_chart_kind kind, incstat_summary_options *so);

#endif
