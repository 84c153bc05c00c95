/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_span.c: a year against the same span of the year
 * before (incstat_summary_same_span), from the sums by day of the year a
 * yearly summary keeps (summary_days.c), so that a part year is never set
 * against a whole one.  Its sentences and JSON are written by
 * summary_write.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/summary.h"
#include "incstat/value.h"
#include "core/internal.h"
#include "stats/summary_internal.h"
#include "stats/summary_state.h"

static const char *const MONTHS[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

/* The sums of year y over 1 January to month/day into *sum; *left gets the
 * incidents whose date cannot say whether they fall in it. */
static void span_sum(const incstat_summary *s, int y, int month, int day, int whole, agg *sum,
                     uint64_t *left)
{
    memset(sum, 0, sizeof *sum);
    *left = 0;
    if (y < s->span_base || y - s->span_base >= (int)s->span_n || !s->span[y - s->span_base])
        return;
    const agg *b = s->span[y - s->span_base];
    if (whole) {
        for (int k = 0; k < SPAN_SLOTS; k++)
            incstat_agg_add_(sum, &b[k]);
        return;
    }
    for (int k = 0; k <= incstat_day_slot_(month, day); k++)
        incstat_agg_add_(sum, &b[k]);
    for (int m = 1; m < month; m++)
        incstat_agg_add_(sum, &b[SPAN_MONTH + m - 1]);
    if (day >= incstat_date_days_in_month(y, month))
        incstat_agg_add_(sum, &b[SPAN_MONTH + month - 1]);
    else
        *left += b[SPAN_MONTH + month - 1].incidents;
    *left += b[SPAN_YEAR].incidents;
}

static const incstat_summary_row *year_row(const incstat_summary *s, int year)
{
    for (size_t i = s->nrows; i-- > 0;)
        if (s->rows[i].year == year)
            return &s->rows[i];
    return NULL;
}

incstat_status incstat_summary_same_span(const incstat_summary *s, int year,
                                         incstat_same_span *out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span: no output");
    memset(out, 0, sizeof *out);
    out->killed_change = out->killed_change_pct = out->incidents_change_pct = NAN;
    if (!s || !s->finished || s->nrows == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span: no finished summary");
    if (!s->keep_span)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "same span: needs a summary by year alone");
    const incstat_summary_row *r = NULL, *p;
    int partial = 0;
    for (size_t i = s->nrows; i-- > 0;) {
        partial |= s->rows[i].partial;
        if (!r && !s->rows[i].missing)
            r = &s->rows[i];
    }
    if (year)
        r = year_row(s, year);
    if (!r)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span: no row for year %d", year);
    if (!(p = year_row(s, r->year - 1)))
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0, "same span: no year before %d in the data",
                                 r->year);
    out->year = r->year;
    out->month = 12;
    out->day = 31;
    incstat_date c = incstat_summary_covered_to(s);
    out->whole = !partial || c.precision < INCSTAT_DATE_MONTH;
    if (!out->whole) {
        out->month = c.month;
        /* a month known as a whole ends on its last day in a leap year, so
         * a February reaches the 29th in both years */
        out->day = c.precision == INCSTAT_DATE_DAY ? c.day : (int)incstat_date_days_in_month(2000, c.month);
        out->to_month = c.precision == INCSTAT_DATE_MONTH;
        out->whole = out->month == 12 && out->day == 31;
    }
    const incstat_summary_row *rows[2] = {r, p};
    incstat_summary_row *res[2] = {&out->cur, &out->prev};
    for (int k = 0; k < 2; k++) {
        agg sum;
        int y = rows[k]->year;
        span_sum(s, y, out->month, out->day, out->whole, &sum, &out->left_out[k]);
        /* a year without a row of the input keeps what finish gave it */
        int has = s->index[incstat_summary_find_slot_(s, y, 0, 0)].idx != 0;
        incstat_summary_fill_row_(s, y, has ? &sum : NULL, res[k]);
        res[k]->key[0] = rows[k]->key[0];
        if (!res[k]->missing && out->left_out[k] && sum.incidents == 0) {
            char a[64];
            snprintf(a, sizeof a, "%d", out->day);
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "same span: the dates of %d are known only to the month or "
                                     "the year, so none can be placed from 1 January to %s %s",
                                     y, out->to_month ? "the end of" : a, MONTHS[out->month - 1]);
        }
    }
    double x[2] = {out->prev.killed, out->cur.killed}, d[2], pc[2];
    if (out->prev.missing)
        x[0] = NAN;
    if (out->cur.missing)
        x[1] = NAN;
    incstat_series_change(x, 2, d, pc);
    out->killed_change = d[1];
    out->killed_change_pct = pc[1];
    double yi[2] = {(double)out->prev.incidents, (double)out->cur.incidents};
    if (out->prev.missing || (out->prev.unknown & INCSTAT_UNKNOWN_INCIDENTS))
        yi[0] = NAN;
    if (out->cur.missing || (out->cur.unknown & INCSTAT_UNKNOWN_INCIDENTS))
        yi[1] = NAN;
    incstat_series_change(yi, 2, NULL, pc);
    out->incidents_change_pct = pc[1];
    return INCSTAT_OK;
}

