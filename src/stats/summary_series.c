/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_series.c: a summary by one time key read as a series of
 * plain arrays (killed, injured or incidents per year, month or quarter, with
 * the low and high estimates and the missing and partial flags), for the
 * trend fits and the charts of the chart and report code. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/summary_series.h"
#include "core/internal.h"
#include "stats/summary_state.h"

const char *summary_estimate_name(incstat_estimate e)
{
    return e == INCSTAT_ESTIMATE_LOW ? "low" : e == INCSTAT_ESTIMATE_HIGH ? "high" : "best";
}

int summary_parse_metric(const char *v, summary_metric *m)
{
    if (strcmp(v, "killed") == 0)
        *m = SUMMARY_METRIC_KILLED;
    else if (strcmp(v, "injured") == 0)
        *m = SUMMARY_METRIC_INJURED;
    else if (strcmp(v, "incidents") == 0)
        *m = SUMMARY_METRIC_INCIDENTS;
    else
        return -1;
    return 0;
}

const char *summary_metric_name(summary_metric m)
{
    return m == SUMMARY_METRIC_INJURED ? "injured" : m == SUMMARY_METRIC_INCIDENTS ? "incidents" : "killed";
}

double summary_metric_value(const incstat_summary_row *r, summary_metric m)
{
    if (r->missing)
        return NAN;
    if (m == SUMMARY_METRIC_INCIDENTS && (r->unknown & INCSTAT_UNKNOWN_INCIDENTS))
        return NAN; /* rows of periods: no count of incidents */
    return m == SUMMARY_METRIC_INJURED ? r->injured
           : m == SUMMARY_METRIC_INCIDENTS ? (double)r->incidents : r->killed;
}

uint64_t summary_metric_left_out(const incstat_summary_row *r, summary_metric m, int which)
{
    if (r->missing || m == SUMMARY_METRIC_INCIDENTS)
        return 0;
    int inj = m == SUMMARY_METRIC_INJURED;
    if (r->unknown & (inj ? INCSTAT_UNKNOWN_INJURED : INCSTAT_UNKNOWN_KILLED))
        return 0;
    double v = which < 0 ? (inj ? r->injured_low : r->killed_low)
               : which > 0 ? (inj ? r->injured_high : r->killed_high)
                           : (inj ? r->injured : r->killed);
    if (isnan(v))
        return 0;
    return which < 0 ? (inj ? r->injured_low_missing : r->killed_low_missing)
           : which > 0 ? (inj ? r->injured_high_missing : r->killed_high_missing)
                       : (inj ? r->injured_missing : r->killed_missing);
}

uint64_t summary_row_inputs(const incstat_summary *s, size_t i)
{
    return s && s->row_inputs && i < s->nrows ? s->row_inputs[i] : 0;
}

void summary_series_free(summary_series *se)
{
    incstat_free_mem(se->x);
    incstat_free_mem(se->y);
    incstat_free_mem(se->lo);
    incstat_free_mem(se->hi);
    incstat_free_mem(se->labels);
    incstat_free_mem(se->flags);
    incstat_free_mem(se->left_out);
    incstat_free_mem(se->left_out_range);
    memset(se, 0, sizeof *se);
}

int summary_series_from(const incstat_summary *s, summary_metric m, summary_series *se)
{
    memset(se, 0, sizeof *se);
    if (incstat_summary_key_count(s) != 1 || incstat_summary_row_at(s, 0)->year == 0)
        return -1;
    size_t n = incstat_summary_rows(s);
    se->x = incstat_calloc(n, sizeof *se->x);
    se->y = incstat_calloc(n, sizeof *se->y);
    se->lo = incstat_calloc(n, sizeof *se->lo);
    se->hi = incstat_calloc(n, sizeof *se->hi);
    se->labels = incstat_calloc(n, sizeof *se->labels);
    se->flags = incstat_calloc(n, 1);
    se->left_out = incstat_calloc(n, sizeof *se->left_out);
    se->left_out_range = incstat_calloc(n, sizeof *se->left_out_range);
    if (!se->x || !se->y || !se->lo || !se->hi || !se->labels || !se->flags || !se->left_out ||
        !se->left_out_range) {
        summary_series_free(se);
        return -2;
    }
    const char *key = incstat_summary_key_name(s, 0);
    double per = strcmp(key, "month") == 0 ? 12 : strcmp(key, "quarter") == 0 ? 4 : 1;
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        se->x[i] = r->year + (r->sub ? (r->sub - 1) / per : 0);
        se->y[i] = summary_metric_value(r, m);
        se->lo[i] = r->missing || m == SUMMARY_METRIC_INCIDENTS ? se->y[i]
                    : m == SUMMARY_METRIC_INJURED ? r->injured_low : r->killed_low;
        se->hi[i] = r->missing || m == SUMMARY_METRIC_INCIDENTS ? se->y[i]
                    : m == SUMMARY_METRIC_INJURED ? r->injured_high : r->killed_high;
        se->labels[i] = r->key[0];
        se->left_out[i] = summary_metric_left_out(r, m, 0);
        se->left_out_range[i] = se->left_out[i];
        for (int w = -1; w <= 1; w += 2)
            if (summary_metric_left_out(r, m, w) > se->left_out_range[i])
                se->left_out_range[i] = summary_metric_left_out(r, m, w);
        se->flags[i] = (unsigned char)((r->missing ? SUMMARY_FLAG_MISSING : 0) |
                                       (r->partial ? SUMMARY_FLAG_PARTIAL : 0));
    }
    se->n = n;
    se->per_year = per;
    return 0;
}
