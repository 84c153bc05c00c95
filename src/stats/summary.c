/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary.c: per-period and per-category summaries (see
 * include/incstat/summary.h).
 *
 * The stats module, above io, owns the statistics: filters (filter.c),
 * series kernels (series.c, summary_series.c), summaries and their writers
 * (summary*.c), trends, change points and comparisons (trend*.c).  GSL is
 * used here and nowhere else; nothing here draws.
 *
 * Accumulation is a hash map from the group key (time key, category codes)
 * to a small aggregate, so memory grows with the number of groups, never
 * with rows.  finish() turns the map into sorted rows, fills the periods
 * without incidents, marks gaps, and runs the series kernels per category
 * (summary_finish.c); summary_load.c feeds a summary from a loader (in
 * parallel chunks merged here) or a table. */
#include <math.h>
#include <string.h>

#include "incstat/summary.h"
#include "incstat/util.h"
#include "io/load/dict.h"
#include "core/internal.h"
#include "io/load/load_internal.h"
#include "stats/summary_internal.h"
#include "stats/summary_state.h"


/* ---- set-up ----------------------------------------------------------- */

static const char *by_name(incstat_by_kind k)
{
    return k == INCSTAT_BY_MONTH ? "month" : k == INCSTAT_BY_QUARTER ? "quarter" : "year";
}

incstat_status incstat_summary_new(const incstat_summary_options *opts, const char *const *kept,
                                   size_t n_kept, incstat_summary **out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    incstat_summary *s = incstat_calloc(1, sizeof *s);
    if (!s)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (opts)
        s->opt = *opts;
    if (s->opt.n_by == 0) {
        s->opt.n_by = 1;
        s->opt.by[0].kind = INCSTAT_BY_YEAR;
    }
    incstat_status st = INCSTAT_OK;
    if (s->opt.n_by > 2) {
        st = incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "at most two --by keys");
        goto fail;
    }
    if (s->opt.n_gaps > INCSTAT_SUMMARY_MAX_GAPS)
        s->opt.n_gaps = INCSTAT_SUMMARY_MAX_GAPS;
    s->nkeys = s->opt.n_by;
    s->time_key = -1;
    /* the same-span comparison is made on yearly summaries alone */
    s->keep_span = s->opt.n_by == 1 && s->opt.by[0].kind == INCSTAT_BY_YEAR;
    for (size_t k = 0; k < s->nkeys; k++) {
        const incstat_by *b = &s->opt.by[k];
        s->text_col[k] = -1;
        if (b->kind != INCSTAT_BY_TEXT) {
            if (s->time_key >= 0) {
                st = incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                       "only one --by may be a period (year, month or quarter)");
                goto fail;
            }
            s->time_key = (int)k;
            s->key_names[k] = incstat_strndup(by_name(b->kind), strlen(by_name(b->kind)));
        } else {
            const char *name = b->column ? b->column : "";
            for (int t = 0; t < INCSTAT_TEXT_COUNT && s->text_col[k] < 0; t++)
                if (incstat_ascii_casecmp(name, incstat_text_field_name((incstat_text_field)t)) == 0)
                    s->text_col[k] = t;
            for (size_t j = 0; j < n_kept && s->text_col[k] < 0; j++)
                if (strcmp(name, kept[j]) == 0 || incstat_ascii_casecmp(name, kept[j]) == 0)
                    s->text_col[k] = (long)(INCSTAT_TEXT_COUNT + j);
            if (s->text_col[k] < 0) {
                const char *names[INCSTAT_TEXT_COUNT + 3 + 64];
                size_t n = 0;
                for (int t = 0; t < INCSTAT_TEXT_COUNT; t++)
                    names[n++] = incstat_text_field_name((incstat_text_field)t);
                names[n++] = "year";
                names[n++] = "month";
                names[n++] = "quarter";
                for (size_t j = 0; j < n_kept && n < sizeof names / sizeof names[0]; j++)
                    names[n++] = kept[j];
                const char *near = incstat_nearest(name, names, n);
                st = incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                                       "--by: no field \"%s\"%s%s%s (year, month, quarter, a "
                                       "text field such as admin1, or a column kept with --keep)",
                                       name, near ? "; did you mean \"" : "", near ? near : "",
                                       near ? "\"?" : "");
                goto fail;
            }
            s->key_names[k] = incstat_strndup(name, strlen(name));
            if (s->key_names[k] && incstat_dict_init(&s->dicts[k]) != 0) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
                goto fail;
            }
        }
        if (!s->key_names[k]) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
            goto fail;
        }
    }
    s->nslots = 256;
    s->cap_pool = 64;
    s->index = incstat_calloc(s->nslots, sizeof *s->index);
    s->pool = incstat_calloc(s->cap_pool, sizeof *s->pool);
    if (!s->index || !s->pool) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    *out = s;
    return INCSTAT_OK;
fail:
    incstat_summary_free(s);
    return st;
}

void incstat_summary_free(incstat_summary *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < 2; k++) {
        if (s->dicts[k].arena)
            incstat_dict_clear(&s->dicts[k]);
        incstat_free_mem(s->key_names[k]);
    }
    incstat_summary_free(s->amb[0]);
    incstat_summary_free(s->amb[1]);
    incstat_summary_free(s->sub_rows);
    incstat_span_free_(s);
    incstat_free_mem(s->index);
    incstat_free_mem(s->pool);
    incstat_free_mem(s->rows);
    incstat_free_mem(s->row_inputs);
    incstat_free_mem(s->labels);
    incstat_free_mem(s);
}

/* ---- accumulation ----------------------------------------------------- */

static uint64_t key_hash(int64_t t, uint32_t c0, uint32_t c1)
{
    uint64_t h = (uint64_t)t * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)c0 << 32 | c1) * 0xC2B2AE3D27D4EB4Full;
    /* murmur3's finaliser: the low bits the mask keeps depend on every key bit */
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return h;
}

/* The index slot of key (t, c0, c1): its own, or the empty one where it
 * would go. */
size_t incstat_summary_find_slot_(const incstat_summary *s, int64_t t, uint32_t c0, uint32_t c1)
{
    size_t mask = s->nslots - 1, i = (size_t)key_hash(t, c0, c1) & mask;
    while (s->index[i].idx) {
        const agg_slot *k = &s->index[i];
        if (k->t == t && k->c[0] == c0 && k->c[1] == c1)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

static int grow_index(incstat_summary *s)
{
    size_t ns = s->nslots * 2;
    agg_slot *index = incstat_calloc(ns, sizeof *index);
    if (!index)
        return -1;
    for (size_t i = 0; i < s->nslots; i++) {
        const agg_slot *k = &s->index[i];
        if (!k->idx)
            continue;
        size_t j = (size_t)key_hash(k->t, k->c[0], k->c[1]) & (ns - 1);
        while (index[j].idx)
            j = (j + 1) & (ns - 1);
        index[j] = *k;
    }
    incstat_free_mem(s->index);
    s->index = index;
    s->nslots = ns;
    return 0;
}

/* The group of key (t, c0, c1), made empty when new; NULL when out of
 * memory. */
static agg *group_of(incstat_summary *s, int64_t t, uint32_t c0, uint32_t c1)
{
    size_t i = incstat_summary_find_slot_(s, t, c0, c1);
    if (s->index[i].idx)
        return &s->pool[s->index[i].idx - 1];
    if (s->nused >= UINT32_MAX - 1)
        return NULL;
    if ((s->nused + 1) * 2 > s->nslots) {
        if (grow_index(s) != 0)
            return NULL;
        i = incstat_summary_find_slot_(s, t, c0, c1);
    }
    if (s->nused == s->cap_pool) {
        agg *p = incstat_reallocarray(s->pool, s->cap_pool * 2, sizeof *p);
        if (!p)
            return NULL;
        s->pool = p;
        s->cap_pool *= 2;
    }
    agg *a = &s->pool[s->nused++];
    memset(a, 0, sizeof *a);
    a->t = t;
    a->c[0] = c0;
    a->c[1] = c1;
    s->index[i] = (agg_slot){t, {c0, c1}, (uint32_t)s->nused};
    return a;
}

/* Time key of a date for the summary's period kind; NO_TIME when the date
 * is not precise enough. */
int64_t incstat_summary_time_key_(incstat_by_kind kind, const incstat_date *d)
{
    if (d->precision == INCSTAT_DATE_NONE)
        return NO_TIME;
    if (kind == INCSTAT_BY_YEAR)
        return d->year;
    /* a quarter places by quarter, not by month */
    if (d->precision < (kind == INCSTAT_BY_QUARTER ? INCSTAT_DATE_QUARTER : INCSTAT_DATE_MONTH))
        return NO_TIME;
    if (kind == INCSTAT_BY_MONTH)
        return (int64_t)d->year * 12 + (d->month - 1);
    return (int64_t)d->year * 4 + (d->month - 1) / 3;
}

static const incstat_text *text_of(const incstat_incident *inc, long col)
{
    if (col < INCSTAT_TEXT_COUNT)
        return &inc->text[col];
    size_t k = (size_t)col - INCSTAT_TEXT_COUNT;
    return k < inc->n_kept ? &inc->kept[k] : NULL;
}

static int date_later(const incstat_date *a, const incstat_date *b)
{
    if (a->year != b->year)
        return a->year > b->year;
    if (a->month != b->month)
        return a->month > b->month;
    return a->day > b->day;
}

/* d into *latest when later. */
static void later_of(incstat_date *latest, const incstat_date *d)
{
    if (d->precision >= INCSTAT_DATE_MONTH && date_later(d, latest))
        *latest = *d;
    else if (d->precision == INCSTAT_DATE_YEAR && d->year > latest->year) {
        latest->year = d->year;
        latest->month = 0;
        latest->day = 0;
        latest->precision = INCSTAT_DATE_YEAR;
    }
}

/* The span of years counted: y0 (and y1, when not 0) widen it. */
static void years_of(incstat_summary *s, int y0, int y1)
{
    if (!y1)
        y1 = y0;
    if (y0 && (!s->first_year || y0 < s->first_year))
        s->first_year = y0;
    if (y1 > s->last_year)
        s->last_year = y1;
}

/* The latest date the data reach, for the partial-period flag. */
static void note_latest(incstat_summary *s, const incstat_date *d) { later_of(&s->latest, d); }

void incstat_summary_cover(incstat_summary *s, const incstat_date *d)
{
    if (s && d && !s->finished) {
        note_latest(s, d);
        incstat_span_see_(s, d);
    }
}

/* The group keys of inc into *t and c, and its date noted: 1 when it has
 * a place, 2 when it belongs in the rows of its year's unknown months (by
 * month or quarter, a date of the year alone), 0 when its date cannot place
 * it (counted unplaced), -1 when out of memory. */
static int keys_of(incstat_summary *s, const incstat_incident *inc, int64_t *t, uint32_t c[2])
{
    *t = NO_TIME;
    c[0] = c[1] = 0;
    if (s->time_key >= 0) {
        incstat_by_kind kind = s->opt.by[s->time_key].kind;
        *t = incstat_summary_time_key_(kind, &inc->date);
        if (*t == NO_TIME) {
            /* known to the year alone: its own row, by month or quarter */
            s->unplaced++;
            if (inc->date.precision == INCSTAT_DATE_YEAR && !s->sub_unknown &&
                (kind == INCSTAT_BY_MONTH || kind == INCSTAT_BY_QUARTER)) {
                s->year_only++;
                return 2;
            }
            return 0;
        }
    }
    for (size_t k = 0; k < s->nkeys; k++) {
        if (s->text_col[k] < 0)
            continue;
        const incstat_text *tx = text_of(inc, s->text_col[k]);
        incstat_text placed;
        if (tx && !tx->ptr && s->text_col[k] == INCSTAT_TEXT_ADMIN1 && s->opt.place &&
            !isnan(inc->num[INCSTAT_NUM_LATITUDE]) && !isnan(inc->num[INCSTAT_NUM_LONGITUDE])) {
            /* the province from the coordinates (a point in polygon) */
            placed.ptr = s->opt.place(s->opt.place_ctx, inc->num[INCSTAT_NUM_LONGITUDE],
                                      inc->num[INCSTAT_NUM_LATITUDE], &placed.len);
            tx = &placed;
        }
        /* unknown categories form their own group, code 0 ("(unknown)") */
        if (tx && tx->ptr && incstat_dict_intern(&s->dicts[k], tx->ptr, tx->len, &c[k]) != 0)
            return -1;
    }
    note_latest(s, &inc->date);
    later_of(&s->latest_counted, &inc->date);
    years_of(s, inc->date.precision >= INCSTAT_DATE_YEAR ? inc->date.year : 0, 0);
    incstat_span_see_(s, &inc->date);
    return 1;
}

/* The month of a date known to the month (a quarter: its first month), else
 * 0. */
static int month_of(const incstat_date *d)
{
    return d->precision >= INCSTAT_DATE_QUARTER ? d->month : 0;
}

/* ev: the events a row stands for (a period table's count column; NaN: one
 * incident, or, in a table of periods, an unknown count: which of the two is
 * decided when the summary is finished, by the load report's rows_periods). */
static void accumulate(agg *a, const double *num, double ev, int month)
{
    if (month >= 1 && month <= 12)
        a->months |= (uint16_t)(1u << month);
    /* a period table's row counts the incidents its column says */
    a->incidents += isnan(ev) ? 1 : ev > 0 ? (uint64_t)llround(ev) : 0;
    a->incidents_unknown += isnan(ev);
    a->rows++;
    for (int k = 0; k < 6; k++) {
        double v = num[k]; /* killed low/best/high, injured low/best/high */
        if (isnan(v))
            a->unknown[k]++;
        else
            a->sum[k] += v;
    }
}

/* The incident's figures into the same-span sums (summary_days.c) too;
 * -1 when out of memory. */
static int span_count(incstat_summary *s, const incstat_date *d, const double *num, double ev)
{
    int oom = 0;
    agg *a = incstat_span_slot_(s, d, &oom);
    if (a)
        accumulate(a, num, ev, month_of(d));
    return oom ? -1 : 0;
}

/* An incident known to its year alone, by month or quarter: into the
 * summary of such incidents by year (made on first use). */
static incstat_status add_sub_unknown(incstat_summary *s, const incstat_incident *inc,
                                      incstat_error *err)
{
    if (!s->sub_rows) {
        incstat_status st = incstat_summary_new_sub_(s, &s->sub_rows, err);
        if (st)
            return st;
    }
    return incstat_summary_add(s->sub_rows, inc, err);
}

incstat_status incstat_summary_add(incstat_summary *s, const incstat_incident *inc,
                                   incstat_error *err)
{
    if (!s || !inc)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary or incident");
    int64_t t;
    uint32_t c[2];
    int placed = keys_of(s, inc, &t, c);
    if (placed == 2)
        return add_sub_unknown(s, inc, err);
    agg *a = placed > 0 ? group_of(s, t, c[0], c[1]) : NULL;
    if (placed < 0 || (placed > 0 && !a) ||
        (a && span_count(s, &inc->date, inc->num, inc->num[INCSTAT_NUM_EVENTS]) != 0))
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    if (a)
        accumulate(a, inc->num, inc->num[INCSTAT_NUM_EVENTS], month_of(&inc->date));
    return INCSTAT_OK;
}

/* ---- batches: the streaming path -------------------------------------- */

/* A summary of many groups (75,000 by admin1 and month) misses the cache on
 * almost every row; rows are taken 32 at a time so that the index slots and
 * then the groups they name are fetched together, not one miss after the
 * other.  Each group still gets its rows in file order: sums are the same. */
#define BATCH 32

typedef struct {
    int64_t t[BATCH];
    uint32_t c[BATCH][2];
    uint64_t line[BATCH];
    double num[BATCH][6];
    double ev[BATCH];
    uint8_t month[BATCH];
    agg *span[BATCH]; /* the same-span slot (summary_days.c) or NULL; blocks never move */
    size_t n;
} batch;

static incstat_status incstat_summary_batch_flush_(incstat_summary *s, batch *b, incstat_error *err)
{
    size_t idx[BATCH];
    for (size_t i = 0; i < b->n; i++) {
        size_t h = (size_t)key_hash(b->t[i], b->c[i][0], b->c[i][1]) & (s->nslots - 1);
        __builtin_prefetch(&s->index[h]);
    }
    for (size_t i = 0; i < b->n; i++) {
        agg *a = group_of(s, b->t[i], b->c[i][0], b->c[i][1]);
        if (!a) {
            b->n = 0;
            return incstat_set_error(err, INCSTAT_ENOMEM, b->line[i], 0, "out of memory");
        }
        idx[i] = (size_t)(a - s->pool); /* the pool may move while the batch is placed */
        __builtin_prefetch(a, 1);
    }
    for (size_t i = 0; i < b->n; i++) {
        accumulate(&s->pool[idx[i]], b->num[i], b->ev[i], b->month[i]);
        if (b->span[i])
            accumulate(b->span[i], b->num[i], b->ev[i], b->month[i]);
    }
    b->n = 0;
    return INCSTAT_OK;
}

static incstat_status incstat_summary_batch_add_(incstat_summary *s, batch *b, const incstat_incident *inc,
                                  incstat_error *err)
{
    int placed = keys_of(s, inc, &b->t[b->n], b->c[b->n]);
    if (placed < 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    if (placed == 0)
        return INCSTAT_OK;
    if (placed == 2) /* few: not worth a batch */
        return add_sub_unknown(s, inc, err);
    /* the same-span slot of a day is a cache miss too: fetched now, summed
     * at the flush */
    int oom = 0;
    agg *sp = incstat_span_slot_(s, &inc->date, &oom);
    if (oom)
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    if (sp) {
        __builtin_prefetch(sp, 1);
        __builtin_prefetch((const char *)sp + 64, 1);
    }
    b->span[b->n] = sp;
    b->line[b->n] = inc->line;
    memcpy(b->num[b->n], inc->num, sizeof b->num[0]);
    b->ev[b->n] = inc->num[INCSTAT_NUM_EVENTS];
    b->month[b->n] = (uint8_t)month_of(&inc->date);
    return ++b->n == BATCH ? incstat_summary_batch_flush_(s, b, err) : INCSTAT_OK;
}

/* An empty summary with s's options and key columns. */
incstat_status incstat_summary_new_like_(const incstat_summary *s, incstat_summary **out, incstat_error *err)
{
    /* the key names stand in for the kept-column list; the column bindings
     * are then copied */
    const char *names[2] = {s->key_names[0], s->key_names[1]};
    incstat_status st = incstat_summary_new(&s->opt, names, s->nkeys, out, err);
    if (st == INCSTAT_OK)
        memcpy((*out)->text_col, s->text_col, sizeof s->text_col);
    return st;
}

incstat_status incstat_summary_new_sub_(const incstat_summary *s, incstat_summary **out,
                                        incstat_error *err)
{
    incstat_summary_options o = s->opt;
    int kind = o.by[s->time_key].kind;
    o.by[s->time_key].kind = INCSTAT_BY_YEAR;
    o.as_of.precision = INCSTAT_DATE_NONE; /* no part periods among them */
    const char *names[2] = {s->key_names[0], s->key_names[1]};
    incstat_status st = incstat_summary_new(&o, names, s->nkeys, out, err);
    if (st == INCSTAT_OK) {
        memcpy((*out)->text_col, s->text_col, sizeof s->text_col);
        (*out)->sub_unknown = kind;
        (*out)->rows_periods = s->rows_periods;
    }
    return st;
}

/* ---- from a loader ------------------------------------------------------ */

/* An incident whose date reads either day/month or month/day, counted
 * (cover_only 0) or only seen, as a filter dropped it (1). */
static incstat_status add_ambiguous(incstat_summary *s, const incstat_incident *inc,
                                    int cover_only, incstat_error *err)
{
    for (int k = 0; k < 2; k++) {
        if (!s->amb[k]) {
            incstat_status st = incstat_summary_new_like_(s, &s->amb[k], err);
            if (st)
                return st;
        }
    }
    incstat_incident swapped = *inc;
    swapped.date.day = inc->date.month;
    swapped.date.month = inc->date.day;
    if (cover_only) {
        incstat_summary_cover(s->amb[0], &inc->date);
        incstat_summary_cover(s->amb[1], &swapped.date);
        return INCSTAT_OK;
    }
    incstat_status st = incstat_summary_add(s->amb[0], inc, err);
    return st ? st : incstat_summary_add(s->amb[1], &swapped, err);
}

incstat_status incstat_summary_feed_(incstat_summary *s, incstat_loader *ld,
                                     const incstat_filter *filter, incstat_error *err)
{
    /* by year too: the days seen and the span sums need the day and month */
    int by_time = s->time_key >= 0;
    batch b;
    b.n = 0;
    for (;;) {
        const incstat_incident *inc;
        incstat_status st = incstat_loader_next(ld, &inc, err);
        if (st == INCSTAT_DONE)
            return incstat_summary_batch_flush_(s, &b, err);
        if (st != INCSTAT_ROW)
            return st;
        int ambiguous = by_time && incstat_loader_last_ambiguous_(ld);
        if (filter && !incstat_filter_match(filter, inc)) {
            if (!ambiguous)
                incstat_summary_cover(s, &inc->date);
            else if ((st = add_ambiguous(s, inc, 1, err)) != INCSTAT_OK)
                return st;
            continue;
        }
        if (s->opt.observe)
            s->opt.observe(s->opt.observe_ctx, inc);
        if (ambiguous)
            st = add_ambiguous(s, inc, 0, err);
        else
            st = incstat_summary_batch_add_(s, &b, inc, err);
        if (st != INCSTAT_OK)
            return st;
    }
}

/* ---- merging (parallel chunks) --------------------------------------- */

incstat_status incstat_summary_merge_(incstat_summary *dst, const incstat_summary *src,
                                      incstat_error *err)
{
    for (size_t i = 0; i < src->nused; i++) {
        const agg *a = &src->pool[i];
        uint32_t c[2] = {0, 0};
        for (size_t k = 0; k < 2; k++) {
            if (a->c[k] == 0)
                continue; /* unknown stays unknown */
            const char *label = incstat_dict_str(&src->dicts[k], a->c[k]);
            if (incstat_dict_intern(&dst->dicts[k], label, incstat_dict_len(&src->dicts[k], a->c[k]), &c[k]) != 0)
                return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        }
        agg *d = group_of(dst, a->t, c[0], c[1]);
        if (!d)
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        /* counts are integers or halves, exact in a double whatever the order,
         * so the merged sums equal a single pass */
        incstat_agg_add_(d, a);
    }
    if (src->sub_rows) {
        if (!dst->sub_rows) {
            incstat_status st = incstat_summary_new_sub_(dst, &dst->sub_rows, err);
            if (st)
                return st;
        }
        incstat_status st = incstat_summary_merge_(dst->sub_rows, src->sub_rows, err);
        if (st)
            return st;
    }
    dst->unplaced += src->unplaced;
    dst->year_only += src->year_only;
    note_latest(dst, &src->latest);
    later_of(&dst->latest_counted, &src->latest_counted);
    years_of(dst, src->first_year, src->last_year);
    if (incstat_span_merge_(dst, src) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    for (int k = 0; k < 2; k++) {
        if (!src->amb[k])
            continue;
        if (!dst->amb[k]) {
            incstat_status st = incstat_summary_new_like_(dst, &dst->amb[k], err);
            if (st)
                return st;
        }
        incstat_status st = incstat_summary_merge_(dst->amb[k], src->amb[k], err);
        if (st)
            return st;
    }
    return INCSTAT_OK;
}
