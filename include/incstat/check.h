/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/check.h: checking a claim about one year ("the deadliest year since
 * 2015", "more than 1,600 killed") against a yearly summary, and alerts: is the
 * latest complete period of each group far above its recent baseline?
 *
 * Both read a finished incstat_summary (incstat/summary.h), so they stream:
 * the file is summarised as it is read and only the per-period totals are
 * kept.  Results are plain structs the caller prints. */
#ifndef INCSTAT_CHECK_H
#define INCSTAT_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "incstat/error.h"
#include "incstat/filter.h"
#include "incstat/load.h"
#include "incstat/summary.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a claim or an alert counts. */
typedef enum {
    INCSTAT_CHECK_KILLED = 0,
    INCSTAT_CHECK_INJURED,
    INCSTAT_CHECK_INCIDENTS
} incstat_check_metric;

/* "killed", "injured", "incidents". */
const char *incstat_check_metric_name(incstat_check_metric m);

/* ---- claims ------------------------------------------------------------ */

typedef enum {
    INCSTAT_CLAIM_HIGHEST_SINCE = 1, /* arg: a year before `year` */
    INCSTAT_CLAIM_RECORD,            /* the highest of every year in the data */
    INCSTAT_CLAIM_HIGHEST_IN,        /* arg: N, the N years ending with `year` */
    INCSTAT_CLAIM_MORE_THAN,         /* arg: the threshold */
    INCSTAT_CLAIM_FEWER_THAN,        /* arg: the threshold */
    INCSTAT_CLAIM_RISE_PCT           /* arg: percent rise over the year before */
} incstat_claim_kind;

/* Whether a claim can be checked at all. */
typedef enum {
    INCSTAT_CLAIM_OK = 0,
    INCSTAT_CLAIM_PARTIAL, /* the data stop before the year ends */
    INCSTAT_CLAIM_NO_DATA  /* the year (or the metric) has no data */
} incstat_claim_status;

/* Options; zero means: killed, best estimate, partial years refused, incidents
 * known, 2000 bootstrap resamples, seed 1. */
typedef struct {
    incstat_claim_kind kind;
    int year;
    double arg;                  /* see incstat_claim_kind */
    incstat_check_metric metric;
    incstat_estimate estimate;   /* the one `holds` and the comparison use */
    int include_partial;         /* check a year the data cover only in part */
    int incidents_unknown;       /* rows are not incidents (a country-year table) */
    size_t boot;                 /* bootstrap resamples (0: 2000) */
    unsigned long seed;          /* bootstrap seed (0: 1) */
} incstat_claim_options;

/* One estimate's verdict.  holds: 1, 0, or -1 when it cannot be told (value
 * unknown, or the window reaches before the data). */
typedef struct {
    int present;       /* the data hold this estimate */
    double value;      /* NaN when unknown */
    int holds;
    int highest_since; /* the latest earlier year at least as high; 0 when no
                          earlier year is (highest of the data so far) */
    double other;      /* rise-pct: the year before's value; NaN otherwise */
} incstat_claim_estimate;

/* The exact Poisson test of `year` against the closest competitor (the
 * highest other year in the claim's window, or the year before for a rise),
 * as R's poisson.test(c(count_year, count_other)) gives it; with incidents,
 * a bootstrap over incidents of the percent change. */
typedef struct {
    int present;                /* a competitor year exists */
    int year;
    double value;               /* its value on the chosen estimate */
    int tested;                 /* the exact test ran (whole counts) */
    double rate_ratio, ci[2], p_value;
    int boot_done;              /* the incident bootstrap ran */
    double boot_change_pct, boot_ci[2];
    size_t boot_resamples, boot_n_year, boot_n_other;
    char note[160];             /* why a test was skipped; "" otherwise */
} incstat_claim_compare;

typedef struct {
    incstat_claim_options opts;
    incstat_claim_status status;
    int holds;                     /* on opts.estimate: 1, 0, -1 (cannot tell) */
    incstat_claim_estimate est[3]; /* indexed by INCSTAT_ESTIMATE_LOW/BEST/HIGH */
    int first_year, last_year;     /* the data's years */
    int window_from, window_to;    /* the comparison window (0 when none) */
    size_t uncovered_in_window;    /* gap years inside the window (skipped) */
    size_t unknown_in_window;      /* covered years inside the window whose figure
                                      on opts.estimate is unknown (skipped) */
    incstat_claim_compare compare;
    char reason[160];              /* status other than OK: why */
    /* the year is covered only in part and was checked anyway
     * (include_partial): its figures run to covered_to */
    int partial;
    incstat_date covered_to;
} incstat_claim_result;

/* Check a claim on a finished yearly summary (incstat_summary_options with no
 * `by` or by year alone).  *out is filled (no allocation).  A year the data
 * do not reach, a partial year, or a metric the data lack is not an error:
 * out->status says so and no verdict is given.  The incident bootstrap is
 * not run here (see incstat_claim_bootstrap).
 * Errors: EINVAL (no output, not a yearly summary, no such claim kind, a
 * highest-since year not before the year, N < 2, a negative threshold). */
incstat_status incstat_claim_check(const incstat_summary *s, const incstat_claim_options *opts,
                                   incstat_claim_result *out, incstat_error *err);

/* The incident bootstrap of out->compare: reads ld to its end, taking the
 * incidents that pass filter (may be NULL) in out's year and its competitor's,
 * and resamples them (as incstat_trend_bootstrap_change).  Does nothing (OK)
 * when there is no competitor, the status is not OK or incidents are
 * unknown; a bootstrap that is undefined leaves boot_done 0 with a note.
 * Errors: the loader's, ENOMEM. */
incstat_status incstat_claim_bootstrap(incstat_loader *ld, const incstat_filter *filter,
                                       incstat_claim_result *out, incstat_error *err);

/* The verdict as one or two plain sentences into buf (NUL-terminated,
 * truncated to cap); returns buf. */
const char *incstat_claim_sentence(const incstat_claim_result *r, char *buf, size_t cap);

/* A short label of the claim ("highest-since 2015", "more-than 1600") into
 * buf; returns buf. */
const char *incstat_claim_label(const incstat_claim_options *o, char *buf, size_t cap);

/* ---- alerts ------------------------------------------------------------ */

typedef enum { INCSTAT_ALERT_NONE = 0, INCSTAT_ALERT_SPIKE, INCSTAT_ALERT_NEW } incstat_alert_kind;

/* Options; zero means: 12 baseline periods, min count 3, and killed (the
 * zero metric; incstat alerts asks for incidents by default). */
typedef struct {
    size_t baseline;             /* K periods before the latest complete one */
    double min_count;            /* "new": at least this after a baseline of zeros */
    incstat_check_metric metric; /* incidents or killed (of the summary's estimate) */
    int incidents_unknown;       /* rows are not incidents: metric incidents refused */
} incstat_alerts_options;

/* One group's latest complete period. */
typedef struct {
    const char *group;   /* borrowed from the summary; "all" without a group key */
    const char *period;  /* borrowed: "2024-12", "2024-Q4", "2024" */
    double count;
    double baseline_mean, baseline_var; /* sample variance, n - 1 */
    double upper;        /* 97.5% quantile of NB(mean, size m^2/(v-m)) or Poisson(m) */
    int negbin;          /* the bound is negative binomial (v > m) */
    int alert;
    incstat_alert_kind kind;
    double ratio;        /* count / mean; NaN when the mean is 0 */
} incstat_alert;

typedef struct incstat_alerts incstat_alerts;

/* Alerts from a finished summary by period (month, quarter or year) alone,
 * or by one text key then the period.  Periods without incidents are 0
 * within the data's coverage; a period the source does not cover (or, with
 * incidents_unknown, a period without a row) makes the baseline too short.
 * By groups, a group that cannot be checked is skipped and counted
 * (incstat_alerts_skipped); the call fails only when no group can be.
 * Errors: EINVAL (bad options, wrong keys), EDOMAIN (fewer baseline periods
 * than asked: the message says how many; no complete period; a metric the
 * data lack), ENOMEM.  *out is the caller's (incstat_alerts_free). */
incstat_status incstat_alerts_from_summary(const incstat_summary *s,
                                           const incstat_alerts_options *opts,
                                           incstat_alerts **out, incstat_error *err);
void incstat_alerts_free(incstat_alerts *a);
size_t incstat_alerts_count(const incstat_alerts *a);
/* Borrowed; valid until the alerts (and their summary) are freed. */
const incstat_alert *incstat_alerts_at(const incstat_alerts *a, size_t i);
/* The latest complete period's label. */
const char *incstat_alerts_period(const incstat_alerts *a);
/* Groups skipped for want of data, and why the first was (borrowed; NULL
 * when none was). */
size_t incstat_alerts_skipped(const incstat_alerts *a, const char **first_reason);

/* The kernel: the upper bound for a count after the baseline x[0..n)
 * (n >= 2): mean, sample variance and the 97.5% quantile as above.
 * Errors: EINVAL (n < 2, NULL), EDOMAIN (negative or non-finite values). */
incstat_status incstat_alert_bound(const double *x, size_t n, double *mean, double *var,
                                   double *upper, int *negbin, incstat_error *err);

/* "spike", "new" or NULL. */
const char *incstat_alert_kind_name(incstat_alert_kind k);

/* ---- written out ------------------------------------------------------ */

/* The verdict r to out: json 0, the sentence of incstat_claim_sentence and a
 * newline; json 1, one object {"claim" (incstat_claim_label), "year",
 * "metric", "status" ("ok", "partial", "no-data"), "holds" (true, false or
 * null), "holds_on" (the estimates it holds on), "estimates": {"low",
 * "best", "high": {"value", "holds", "highest_since"}}, "compare": {"year",
 * "value", "rate_ratio", "ci", "p_value"} or null, "sentence"}, unknown
 * numbers null.  Errors: EINVAL (NULL), EIO (write failed). */
incstat_status incstat_claim_write(const incstat_claim_result *r, int json, FILE *out,
                                   incstat_error *err);

/* The alerts al (computed with opts, whose baseline and metric the heading
 * names; NULL: the defaults) to out: json 0, a heading line ("2017-10,
 * against the 12 periods before it (incidents): 1 alert in 8 groups.") and a
 * table of the groups with an alert (all of them when all is non-zero);
 * json 1, {"alerts": [{"group", "period", "count", "baseline_mean",
 * "baseline_var", "upper", "alert", "kind", "ratio"}, ...]} with every
 * group.  Errors: EINVAL (NULL), EIO (write failed). */
incstat_status incstat_alerts_write(const incstat_alerts *al, const incstat_alerts_options *opts,
                                    int all, int json, FILE *out, incstat_error *err);

#ifdef __cplusplus
}
#endif
#endif
