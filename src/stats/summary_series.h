/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_series.h (private): a summary by one time key as plain
 * arrays, shared by the chart builder (src/chart/chart_summary.c), the
 * report and the trend and chart commands.  Never installed. */
#ifndef INCSTAT_SRC_STATS_SUMMARY_SERIES_H
#define INCSTAT_SRC_STATS_SUMMARY_SERIES_H

#include <stddef.h>
#include <stdint.h>
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
    uint64_t *left_out;   /* incidents y leaves out (their figure unknown) */
    uint64_t *left_out_range; /* the most that y, lo or hi leaves out */
    const char **labels;  /* borrowed from the summary */
    unsigned char *flags; /* SUMMARY_FLAG_* */
    double per_year;      /* periods per year: 1, 4 or 12 */
} summary_series;

/* "killed", "injured", "incidents" into *m: 0, or -1 for another name. */
int summary_parse_metric(const char *v, summary_metric *m);
const char *summary_metric_name(summary_metric m);
/* The metric of one row; NaN for a missing period. */
double summary_metric_value(const incstat_summary_row *r, summary_metric m);
/* Incidents the metric of r leaves out because their figure is unknown, on
 * the low (which -1), chosen (0) or high (1) estimate: a known sum of some
 * values only when above 0; 0 for an unknown sum, a period not covered, a
 * figure the file has no column for, and incidents. */
uint64_t summary_metric_left_out(const incstat_summary_row *r, summary_metric m, int which);
/* Input rows behind row i of a finished summary (0 for a period filled in,
 * or not covered): a group of rows whose figures are all unknown is unknown,
 * one without rows is 0. */
uint64_t summary_row_inputs(const incstat_summary *s, size_t i);
/* 0, -1 (not a summary by one time key), -2 (out of memory).  On success
 * *se owns its arrays (summary_series_free); its labels are borrowed from s. */
int summary_series_from(const incstat_summary *s, summary_metric m, summary_series *se);
/* Frees the arrays and zeroes *se. */
void summary_series_free(summary_series *se);

#endif
