/* src/stats/summary_series.h (private): a summary by one time key as plain
 * arrays, shared by the chart builder (src/chart/chart_summary.c), the
 * report and the trend and chart commands.  Never installed. */
#ifndef INCSTAT_SRC_STATS_SUMMARY_SERIES_H
#define INCSTAT_SRC_STATS_SUMMARY_SERIES_H

#include <stddef.h>
#include "incstat/summary.h"

/* "best", "low" or "high". */
const char *summary_estimate_name(incstat_estimate e);

/* Which number of a summary row a series holds. */
typedef enum { SUMMARY_METRIC_KILLED = 0, SUMMARY_METRIC_INJURED, SUMMARY_METRIC_INCIDENTS } summary_metric;
#define SUMMARY_FLAG_MISSING 1u
#define SUMMARY_FLAG_PARTIAL 2u

/* A yearly (monthly, quarterly) series read off a summary by one time key. */
typedef struct {
    size_t n;
    double *x;            /* year, or year + fraction for months and quarters */
    double *y, *lo, *hi;  /* the metric (NaN for a missing period), its low and high */
    const char **labels;  /* borrowed from the summary */
    unsigned char *flags; /* SUMMARY_FLAG_* */
    double per_year;      /* periods per year: 1, 4 or 12 */
} summary_series;

/* "killed", "injured", "incidents" into *m: 0, or -1 for another name. */
int summary_parse_metric(const char *v, summary_metric *m);
const char *summary_metric_name(summary_metric m);
/* The metric of one row; NaN for a missing period. */
double summary_metric_value(const incstat_summary_row *r, summary_metric m);
/* 0, -1 (not a summary by one time key), -2 (out of memory).  On success
 * *se owns its arrays (summary_series_free); its labels are borrowed from s. */
int summary_series_from(const incstat_summary *s, summary_metric m, summary_series *se);
/* Frees the arrays and zeroes *se. */
void summary_series_free(summary_series *se);

#endif
