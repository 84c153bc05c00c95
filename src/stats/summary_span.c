/* src/stats/summary_span.c: part periods.  The dates a summary has seen
 * (a bitmap of days per year) give the usual gap between incidents, which
 * says whether the data stop before the last period ends; a yearly summary's
 * sums by day of the year give the comparison of a part year with the same
 * span of the year before, so that a part year is never set against a whole
 * one.
 *
 * Both are kept while the rows stream in any order (a chunk of a parallel
 * read sees its own dates; merging ORs the bitmaps and adds the sums), and
 * both are dense per year: 48 bytes of bits, and SPAN_SLOTS aggregates
 * (about 48 KB) for a year with incidents, which is less than a list of
 * dates once a source has a few hundred incidents a year, and needs no
 * second read of the input (which may be standard input). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/summary.h"
#include "incstat/value.h"
#include "core/internal.h"
#include "core/json.h"
#include "stats/summary_internal.h"
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
static const char *const MONTHS[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

static int day_slot(int month, int day) { return BEFORE[month - 1] + day - 1; }

static void slot_day(int slot, int *month, int *day)
{
    int m = 11;
    while (BEFORE[m] > slot)
        m--;
    *month = m + 1;
    *day = slot - BEFORE[m] + 1;
}

/* Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil). */
static int64_t day_number(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
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
    int bit = d->precision == INCSTAT_DATE_DAY ? day_slot(d->month, d->day) : SPAN_MONTH + d->month - 1;
    b->w[bit / 64] |= 1ull << (bit % 64);
    if (d->precision == INCSTAT_DATE_DAY)
        s->n_day_dates++;
    else
        s->n_month_dates++;
}

int incstat_span_count_(incstat_summary *s, const incstat_date *d, const double *num, double ev)
{
    if (!s->keep_span || !tracked(d))
        return 0;
    if (year_room((void **)&s->span, &s->span_base, &s->span_n, sizeof *s->span, d->year) != 0)
        return -1;
    agg **blk = &s->span[d->year - s->span_base];
    if (!*blk && !(*blk = incstat_calloc(SPAN_SLOTS, sizeof **blk)))
        return -1;
    int slot = d->precision == INCSTAT_DATE_DAY     ? day_slot(d->month, d->day)
               : d->precision == INCSTAT_DATE_MONTH ? SPAN_MONTH + d->month - 1
                                                    : SPAN_YEAR;
    incstat_summary_accumulate_(&(*blk)[slot], num, ev);
    return 0;
}

static void agg_add(agg *d, const agg *a)
{
    d->incidents += a->incidents;
    d->incidents_unknown += a->incidents_unknown;
    for (int m = 0; m < 6; m++) {
        d->sum[m] += a->sum[m];
        d->unknown[m] += a->unknown[m];
    }
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
            agg_add(&(*blk)[k], &src->span[i][k]);
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
            (*pos)[(*n)++] = day_number(y, m, d);
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

/* The last day of the period of time key t. */
static incstat_date period_end(incstat_by_kind kind, int64_t t)
{
    incstat_date d = {0, 12, 31, INCSTAT_DATE_DAY};
    if (kind == INCSTAT_BY_MONTH) {
        d.year = (int32_t)((t >= 0 ? t : t - 11) / 12);
        d.month = (int8_t)(t - (int64_t)d.year * 12 + 1);
    } else if (kind == INCSTAT_BY_QUARTER) {
        d.year = (int32_t)((t >= 0 ? t : t - 3) / 4);
        d.month = (int8_t)((t - (int64_t)d.year * 4) * 3 + 3);
    } else {
        d.year = (int32_t)t;
    }
    d.day = (int8_t)incstat_date_days_in_month(d.year, d.month);
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

static int64_t day_of_date(const incstat_date *d) { return day_number(d->year, d->month, d->day); }

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

incstat_status incstat_span_partial_(incstat_summary *s, int64_t *t, incstat_error *err)
{
    *t = NO_TIME;
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
        int64_t k = incstat_summary_time_key_(kind, &end);
        incstat_date pe = period_end(kind, k);
        if (day_of_date(&end) < day_of_date(&pe))
            *t = k;
        return INCSTAT_OK;
    }
    if (s->latest.precision < INCSTAT_DATE_MONTH)
        return INCSTAT_OK; /* years alone say nothing of a part year */
    int days = s->n_day_dates > 0 && s->n_day_dates >= s->n_month_dates;
    double g = usual_gap(s, days);
    if (g < 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    int64_t k = incstat_summary_time_key_(kind, &s->latest);
    if (g == 0) {
        if (fixed_rule(kind, &s->latest))
            *t = k;
        return INCSTAT_OK;
    }
    s->usual_gap = g;
    s->gap_unit = days ? "days" : "months";
    incstat_date pe = period_end(kind, k);
    int64_t last, end;
    if (days) {
        /* a latest date known to the month counts from the month's first day */
        incstat_date first = day_of(s->latest, 0);
        last = day_of_date(&first);
        end = day_of_date(&pe) + 1;
    } else {
        last = (int64_t)s->latest.year * 12 + s->latest.month - 1;
        end = (int64_t)pe.year * 12 + pe.month;
    }
    /* the silence after the last date, to the first day (month) the next
     * period would start, is longer than the usual gap */
    if ((double)(end - last) > g)
        *t = k;
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

/* ---- the same span of two years --------------------------------------- */

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
            agg_add(sum, &b[k]);
        return;
    }
    for (int k = 0; k <= day_slot(month, day); k++)
        agg_add(sum, &b[k]);
    for (int m = 1; m < month; m++)
        agg_add(sum, &b[SPAN_MONTH + m - 1]);
    if (day >= incstat_date_days_in_month(y, month))
        agg_add(sum, &b[SPAN_MONTH + month - 1]);
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

/* "1 January to 25 November 2017", "January to April 2025". */
static void span_label(const incstat_same_span *ss, const char *year, char *buf, size_t cap)
{
    if (ss->to_month && ss->month == 1)
        snprintf(buf, cap, "January %s", year);
    else if (ss->to_month)
        snprintf(buf, cap, "January to %s %s", MONTHS[ss->month - 1], year);
    else if (ss->month == 1 && ss->day == 1)
        snprintf(buf, cap, "1 January %s", year);
    else
        snprintf(buf, cap, "1 January to %d %s %s", ss->day, MONTHS[ss->month - 1], year);
}

incstat_status incstat_same_span_text(const incstat_same_span *ss, const char *what, char *buf,
                                      size_t cap, incstat_error *err)
{
    if (!ss || !buf || cap == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span text: NULL argument");
    buf[0] = '\0';
    size_t o = 0;
#define PUT(...)                                                                      \
    do {                                                                              \
        int w_ = snprintf(buf + o, o < cap ? cap - o : 0, __VA_ARGS__);               \
        if (w_ > 0)                                                                   \
            o = o + (size_t)w_ < cap ? o + (size_t)w_ : cap - 1;                      \
    } while (0)
    const incstat_summary_row *rows[2] = {&ss->cur, &ss->prev};
    char span[96], k[80], n[64], noun[96];
    span_label(ss, ss->cur.key[0] ? ss->cur.key[0] : "", span, sizeof span);
    for (int i = 0; i < 2; i++) {
        const incstat_summary_row *r = rows[i];
        if (i == 0)
            PUT("%s: ", span);
        else if (r->missing) {
            PUT(" The source does not cover %s.", r->key[0]);
            break;
        } else
            PUT(" In the same span of %s, ", r->key[0]);
        if (isnan(r->killed)) {
            PUT("the number killed is unknown.");
            continue;
        }
        incstat_approx_(k, sizeof k, r->killed);
        if (i == 0)
            PUT("%s %s killed", k, r->killed == 1 ? "person was" : "people were");
        else
            PUT("%s %s killed", k, r->killed == 1 ? "was" : "were");
        if (!(r->unknown & INCSTAT_UNKNOWN_INCIDENTS)) {
            snprintf(noun, sizeof noun, "%s", what && *what ? what : "incidents");
            size_t nl = strlen(noun);
            if (r->incidents == 1 && nl > 1 && noun[nl - 1] == 's')
                noun[nl - 1] = '\0';
            incstat_grouped_(n, sizeof n, (double)r->incidents, 0);
            PUT(" in %s %s", n, noun);
        }
        PUT(".");
    }
    if (!isnan(ss->killed_change)) {
        char d[80], p[64];
        incstat_approx_(d, sizeof d, fabs(ss->killed_change));
        if (ss->killed_change == 0)
            PUT(" That is the same number.");
        else if (!isnan(ss->killed_change_pct)) {
            incstat_grouped_(p, sizeof p, fabs(ss->killed_change_pct), 1);
            PUT(" That is %s %s (%s%%).", d, ss->killed_change > 0 ? "more" : "fewer", p);
        } else
            PUT(" That is %s more.", d);
    }
    if (ss->left_out[0] || ss->left_out[1]) {
        uint64_t a = ss->left_out[0], b = ss->left_out[1];
        if (a && b)
            PUT(" Left out: %llu %s of %s and %llu of %s, dated only to the month or the year.",
                (unsigned long long)a, a == 1 ? "incident" : "incidents", ss->cur.key[0],
                (unsigned long long)b, ss->prev.key[0]);
        else
            PUT(" Left out: %llu %s of %s, dated only to the month or the year.",
                (unsigned long long)(a + b), a + b == 1 ? "incident" : "incidents",
                a ? ss->cur.key[0] : ss->prev.key[0]);
    }
    for (int i = 0; i < 2; i++) {
        uint64_t m = rows[i]->missing ? 0 : rows[i]->killed_missing;
        if (m)
            PUT(" The death toll of %llu %s of %s is unknown.", (unsigned long long)m,
                m == 1 ? "incident" : "incidents", rows[i]->key[0]);
    }
#undef PUT
    return INCSTAT_OK;
}

/* One year's figures over the span, as JSON; unknown figures null. */
static void json_year(FILE *out, const incstat_summary_row *r, uint64_t left_out)
{
    int inc_known = !r->missing && !(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    fprintf(out, "{\"year\": %d, \"missing\": %s, \"incidents\": ", r->year,
            r->missing ? "true" : "false");
    if (inc_known)
        fprintf(out, "%llu", (unsigned long long)r->incidents);
    else
        fputs("null", out);
    const double v[6] = {r->killed, r->killed_low, r->killed_high, r->injured, r->injured_low,
                         r->injured_high};
    static const char *const NAMES[6] = {"killed", "killed_low", "killed_high", "injured",
                                         "injured_low", "injured_high"};
    for (int k = 0; k < 6; k++) {
        fprintf(out, ", \"%s\": ", NAMES[k]);
        incstat_json_num_(out, r->missing ? NAN : v[k]);
    }
    fprintf(out, ", \"killed_missing\": %llu, \"left_out\": %llu}",
            (unsigned long long)(r->missing ? 0 : r->killed_missing), (unsigned long long)left_out);
}

incstat_status incstat_same_span_write_json(const incstat_same_span *ss, FILE *out,
                                            incstat_error *err)
{
    if (!ss || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span: NULL argument");
    fprintf(out, "{\"year\": %d, \"span\": {\"from\": \"01-01\", \"to\": \"%02d-%02d\", "
                 "\"whole\": %s, \"to_month\": %s},\n \"current\": ",
            ss->year, ss->month, ss->day, ss->whole ? "true" : "false",
            ss->to_month ? "true" : "false");
    json_year(out, &ss->cur, ss->left_out[0]);
    fputs(",\n \"previous\": ", out);
    json_year(out, &ss->prev, ss->left_out[1]);
    fputs(",\n \"killed_change\": ", out);
    incstat_json_num_(out, ss->killed_change);
    fputs(", \"killed_change_pct\": ", out);
    incstat_json_num_(out, ss->killed_change_pct);
    fputs(", \"incidents_change_pct\": ", out);
    incstat_json_num_(out, ss->incidents_change_pct);
    char buf[2048];
    incstat_same_span_text(ss, NULL, buf, sizeof buf, NULL);
    fputs(",\n \"sentence\": ", out);
    incstat_json_str_(out, buf);
    fputs("}\n", out);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "same span: write failed");
    return INCSTAT_OK;
}
