/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_days.c: the dates a summary has seen, for its part
 * periods.  A bitmap of days per year gives the usual gap between
 * incidents, which says whether the data stop before the last period ends
 * (or --as-of says so); a yearly summary also keeps sums by day of the year,
 * read by the same-span comparison (summary_span.c).
 *
 * Both are kept while the rows stream in any order (a chunk of a parallel
 * read sees its own dates; merging ORs the bitmaps and adds the sums), and
 * both are dense per year: 48 bytes of bits, and SPAN_SLOTS aggregates
 * (about 48 KB) for a year with incidents, which is less than a list of
 * dates once a source has a few hundred incidents a year, and needs no
 * second read of the input (which may be standard input). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/summary.h"
#include "incstat/util.h"
#include "incstat/value.h"
#include "core/internal.h"
#include "stats/summary_state.h"

/* The usual gap is this quantile of the gaps between consecutive distinct
 * dates.  A missed part year makes a wrong sentence (a fall that is only
 * the missing weeks), a whole year taken for a part one only a same-span
 * comparison that is still right, so the rule leans to "partial": the 90th
 * percentile, not the 95th.  In Pakistan Body Count's suicide attacks the
 * 95th percentile is 43 days and the data stop 37 days before the end of
 * 2017 (the release is dated 30 November), which the 95th would call a
 * whole year; the 90th is 30 days. */
#define GAP_QUANTILE 0.9

/* Fewer gaps than this measure no usual gap (the 90th percentile of nine
 * gaps is the longest of them): a fixed rule decides instead (fixed_rule). */
#define MIN_GAPS 10

/* Years tracked: the parser's dates lie in 1000..2999; a caller's odd year
 * outside this range is counted in the rows but not in gaps or spans. */
#define YEAR_MIN 1
#define YEAR_MAX 9999

static const int BEFORE[12] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};

static void slot_day(int slot, int *month, int *day)
{
    int m = 11;
    while (BEFORE[m] > slot)
        m--;
    *month = m + 1;
    *day = slot - BEFORE[m] + 1;
}

static int tracked(const incstat_date *d)
{
    return d->precision != INCSTAT_DATE_NONE && d->year >= YEAR_MIN && d->year <= YEAR_MAX;
}

/* Room for year y in a dense per-year array (*arr from *base, *n elements of
 * sz bytes; new ones zeroed).  0, or -1 when out of memory. */
static int year_room(void **arr, int *base, size_t *n, size_t sz, int y)
{
    if (*n && y >= *base && y - *base < (int)*n)
        return 0;
    int hi = *n ? *base + (int)*n - 1 : y;
    int lo = *n ? *base : y;
    lo = y < lo ? y : lo;
    hi = y > hi ? y : hi;
    char *p = incstat_calloc((size_t)(hi - lo + 1), sz);
    if (!p)
        return -1;
    if (*n)
        memcpy(p + (size_t)(*base - lo) * sz, *arr, *n * sz);
    incstat_free_mem(*arr);
    *arr = p;
    *base = lo;
    *n = (size_t)(hi - lo + 1);
    return 0;
}

static int seen_bit(const span_seen *b, int bit) { return (int)(b->w[bit / 64] >> (bit % 64)) & 1; }

void incstat_span_see_(incstat_summary *s, const incstat_date *d)
{
    if (s->time_key < 0 || !tracked(d) || d->precision == INCSTAT_DATE_YEAR)
        return;
    if (year_room((void **)&s->seen, &s->seen_base, &s->seen_n, sizeof *s->seen, d->year) != 0) {
        s->seen_oom = 1;
        return;
    }
    span_seen *b = &s->seen[d->year - s->seen_base];
    int bit = d->precision == INCSTAT_DATE_DAY ? incstat_day_slot_(d->month, d->day) : SPAN_MONTH + d->month - 1;
    b->w[bit / 64] |= 1ull << (bit % 64);
    if (d->precision == INCSTAT_DATE_DAY)
        s->n_day_dates++;
    else
        s->n_month_dates++;
}

agg *incstat_span_slot_(incstat_summary *s, const incstat_date *d, int *oom)
{
    if (!s->keep_span || !tracked(d))
        return NULL;
    if (year_room((void **)&s->span, &s->span_base, &s->span_n, sizeof *s->span, d->year) != 0) {
        *oom = 1;
        return NULL;
    }
    agg **blk = &s->span[d->year - s->span_base];
    if (!*blk && !(*blk = incstat_calloc(SPAN_SLOTS, sizeof **blk))) {
        *oom = 1;
        return NULL;
    }
    int slot = d->precision == INCSTAT_DATE_DAY     ? incstat_day_slot_(d->month, d->day)
               : d->precision == INCSTAT_DATE_MONTH ? SPAN_MONTH + d->month - 1
                                                    : SPAN_YEAR;
    return &(*blk)[slot];
}

int incstat_span_merge_(incstat_summary *dst, const incstat_summary *src)
{
    for (size_t i = 0; i < src->seen_n; i++) {
        const span_seen *b = &src->seen[i];
        int y = src->seen_base + (int)i, any = 0;
        for (int k = 0; k < 6; k++)
            any |= b->w[k] != 0;
        if (!any)
            continue;
        if (year_room((void **)&dst->seen, &dst->seen_base, &dst->seen_n, sizeof *dst->seen, y))
            return -1;
        for (int k = 0; k < 6; k++)
            dst->seen[y - dst->seen_base].w[k] |= b->w[k];
    }
    dst->n_day_dates += src->n_day_dates;
    dst->n_month_dates += src->n_month_dates;
    dst->seen_oom |= src->seen_oom;
    for (size_t i = 0; i < src->span_n; i++) {
        if (!src->span[i])
            continue;
        int y = src->span_base + (int)i;
        if (year_room((void **)&dst->span, &dst->span_base, &dst->span_n, sizeof *dst->span, y))
            return -1;
        agg **blk = &dst->span[y - dst->span_base];
        if (!*blk && !(*blk = incstat_calloc(SPAN_SLOTS, sizeof **blk)))
            return -1;
        for (int k = 0; k < SPAN_SLOTS; k++)
            incstat_agg_add_(&(*blk)[k], &src->span[i][k]);
    }
    return 0;
}

void incstat_span_free_(incstat_summary *s)
{
    for (size_t i = 0; i < s->span_n; i++)
        incstat_free_mem(s->span[i]);
    incstat_free_mem(s->span);
    incstat_free_mem(s->seen);
    s->span = NULL;
    s->seen = NULL;
    s->span_n = s->seen_n = 0;
}

/* ---- the partial period ----------------------------------------------- */

static int cmp_gap(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Whether month m (1-12) of year block b was seen, to the day or the month. */
static int month_seen(const span_seen *b, int m)
{
    if (seen_bit(b, SPAN_MONTH + m - 1))
        return 1;
    int end = m == 12 ? 366 : BEFORE[m];
    for (int k = BEFORE[m - 1]; k < end; k++)
        if (seen_bit(b, k))
            return 1;
    return 0;
}

/* The positions (day numbers, or months since year 0) of the distinct dates
 * seen, in order, into *pos (*n of them; malloc'ed).  0 or -1. */
static int positions(const incstat_summary *s, int days, int64_t **pos, size_t *n)
{
    size_t cap = 0;
    for (size_t i = 0; i < s->seen_n; i++)
        for (int k = 0; k < 6; k++)
            cap += (size_t)__builtin_popcountll(s->seen[i].w[k]);
    *n = 0;
    *pos = incstat_reallocarray(NULL, cap ? cap : 1, sizeof **pos);
    if (!*pos)
        return -1;
    for (size_t i = 0; i < s->seen_n; i++) {
        const span_seen *b = &s->seen[i];
        int y = s->seen_base + (int)i;
        if (!days) {
            for (int m = 1; m <= 12; m++)
                if (month_seen(b, m))
                    (*pos)[(*n)++] = (int64_t)y * 12 + m - 1;
            continue;
        }
        for (int k = 0; k < SPAN_MONTH; k++) {
            if (!seen_bit(b, k))
                continue;
            int m, d;
            slot_day(k, &m, &d);
            (*pos)[(*n)++] = incstat_days_from_civil(y, m, d);
        }
    }
    return 0;
}

/* The GAP_QUANTILE of the gaps between consecutive distinct dates (nearest
 * rank), in days or months; 0 with fewer than MIN_GAPS gaps; -1 when out of
 * memory. */
static double usual_gap(const incstat_summary *s, int days)
{
    int64_t *pos;
    size_t n;
    if (positions(s, days, &pos, &n) != 0)
        return -1;
    if (n < MIN_GAPS + 1) {
        incstat_free_mem(pos);
        return 0;
    }
    for (size_t i = 0; i + 1 < n; i++)
        pos[i] = pos[i + 1] - pos[i];
    qsort(pos, n - 1, sizeof *pos, cmp_gap);
    size_t rank = (size_t)ceil(GAP_QUANTILE * (double)(n - 1));
    double g = (double)pos[rank ? rank - 1 : 0];
    incstat_free_mem(pos);
    return g;
}

/* The last day of the period (kind) holding the day date d. */
static incstat_date period_end(incstat_by_kind kind, incstat_date d)
{
    if (kind == INCSTAT_BY_YEAR)
        d.month = 12;
    else if (kind == INCSTAT_BY_QUARTER)
        d.month = (int8_t)(((d.month - 1) / 3) * 3 + 3);
    d.day = (int8_t)incstat_date_days_in_month(d.year, d.month);
    d.precision = INCSTAT_DATE_DAY;
    return d;
}

/* The first (last 0) or last (1) day a date of any precision may stand for. */
static incstat_date day_of(incstat_date d, int last)
{
    if (d.precision == INCSTAT_DATE_YEAR)
        d.month = last ? 12 : 1;
    if (d.precision != INCSTAT_DATE_DAY)
        d.day = (int8_t)(last ? incstat_date_days_in_month(d.year, d.month) : 1);
    d.precision = INCSTAT_DATE_DAY;
    return d;
}

static int64_t day_of_date(const incstat_date *d) { return incstat_days_from_civil(d->year, d->month, d->day); }

/* The rule for data too few to measure a usual gap: partial when the latest
 * date falls before the period's final month (year, quarter) or before the
 * 15th (month). */
static int fixed_rule(incstat_by_kind kind, const incstat_date *latest)
{
    int last_month = kind == INCSTAT_BY_YEAR      ? 12
                     : kind == INCSTAT_BY_QUARTER ? ((latest->month - 1) / 3) * 3 + 3
                                                  : latest->month;
    return latest->month < last_month || (kind == INCSTAT_BY_MONTH &&
                                          latest->precision == INCSTAT_DATE_DAY && latest->day < 15);
}

incstat_status incstat_span_partial_(incstat_summary *s, incstat_date *t, incstat_error *err)
{
    memset(t, 0, sizeof *t);
    s->usual_gap = 0;
    s->gap_unit = "";
    if (s->seen_oom)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_by_kind kind = s->opt.by[s->time_key].kind;
    if (s->opt.as_of.precision != INCSTAT_DATE_NONE) {
        incstat_date end = day_of(s->opt.as_of, 1);
        if (!incstat_date_valid(end.year, end.month, end.day))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "as-of: not a date");
        /* incidents a filter dropped may lie later: --to 2016-06-30 with
         * --as-of 2016-06-30 asks what the data said then */
        if (s->latest_counted.precision != INCSTAT_DATE_NONE) {
            incstat_date first = day_of(s->latest_counted, 0);
            if (day_of_date(&first) > day_of_date(&end)) {
                char a[16], b[16];
                incstat_value_date_text(s->opt.as_of, a, sizeof a);
                incstat_value_date_text(s->latest_counted, b, sizeof b);
                return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                         "as-of %s is before the latest incident, %s", a, b);
            }
        }
        incstat_date pe = period_end(kind, end);
        if (day_of_date(&end) < day_of_date(&pe))
            *t = end;
        return INCSTAT_OK;
    }
    if (s->latest.precision < INCSTAT_DATE_MONTH)
        return INCSTAT_OK; /* years alone say nothing of a part year */
    int days = s->n_day_dates > 0 && s->n_day_dates >= s->n_month_dates;
    double g = usual_gap(s, days);
    if (g < 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (g == 0) {
        if (fixed_rule(kind, &s->latest))
            *t = s->latest;
        return INCSTAT_OK;
    }
    s->usual_gap = g;
    s->gap_unit = days ? "days" : "months";
    /* a latest date known to the month counts from the month's first day */
    incstat_date first = day_of(s->latest, 0);
    incstat_date pe = period_end(kind, first);
    int64_t last, end;
    if (days) {
        last = day_of_date(&first);
        end = day_of_date(&pe) + 1;
    } else {
        last = (int64_t)s->latest.year * 12 + s->latest.month - 1;
        end = (int64_t)pe.year * 12 + pe.month;
    }
    /* the silence after the last date, to the first day (month) the next
     * period would start, is longer than the usual gap */
    if ((double)(end - last) > g)
        *t = s->latest;
    return INCSTAT_OK;
}

incstat_date incstat_summary_covered_to(const incstat_summary *s)
{
    incstat_date d;
    memset(&d, 0, sizeof d);
    if (!s)
        return d;
    return s->opt.as_of.precision != INCSTAT_DATE_NONE ? s->opt.as_of : s->latest;
}

double incstat_summary_usual_gap(const incstat_summary *s, const char **unit)
{
    if (unit)
        *unit = s && s->finished && s->gap_unit ? s->gap_unit : "";
    return s && s->finished ? s->usual_gap : 0;
}

