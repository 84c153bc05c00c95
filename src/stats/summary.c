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
 * without incidents, marks gaps, and runs the series kernels per category. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/summary.h"
#include "incstat/util.h"
#include "io/dict.h"
#include "core/internal.h"
#include "io/load_internal.h"
#include "io/parallel_internal.h"
#include "stats/summary_internal.h"
#include "io/table_internal.h"
#include "core/sort.h"

#define NO_TIME INT64_MIN

typedef struct {
    int64_t t;          /* time key or NO_TIME */
    uint32_t c[2];      /* category codes (0 when unused or unknown) */
    uint64_t incidents;
    double sum[6];      /* killed low/best/high, injured low/best/high: known values */
    uint64_t unknown[6];
} agg;

typedef struct {
    int64_t t;
    uint32_t c[2];
    uint32_t idx;
} agg_slot;

struct incstat_summary {
    incstat_summary_options opt;
    int time_key;        /* index of the time key in by[], or -1 */
    long text_col[2];    /* text column per key, -1 for time keys */
    incstat_dict dicts[2];
    char *key_names[2];
    size_t nkeys;

    /* The groups, dense in the order first seen, found through an
     * open-addressing index of their keys: a row touches one 24-byte index
     * slot and one group, so a summary of many groups (75,000 by admin1 and
     * month) keeps its working set in cache. */
    agg *pool;
    size_t nused, cap_pool;
    agg_slot *index;     /* idx 0 marks an empty slot, else pool index + 1 */
    size_t nslots;

    uint64_t unplaced;
    incstat_date latest;
    unsigned chunks;     /* parts the input was read in, in parallel */
    /* Streaming by month or quarter, a date like 6/7/2004 cannot be placed
     * until the loader has seen the whole file decide day/month order: such
     * incidents go to amb[0] read day first and amb[1] read month first,
     * and the end keeps the one the file's order picks. */
    incstat_summary *amb[2];

    /* results */
    incstat_summary_row *rows;
    size_t nrows;
    char *labels;        /* arena of labels */
    int finished;
    char notes[8][INCSTAT_SUMMARY_NOTE_MAX]; /* category spellings (summary_spell.c) */
    size_t n_notes;
};

static const int EST_KILLED[3] = {1, 0, 2};  /* estimate -> sum index */

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
    incstat_free_mem(s->index);
    incstat_free_mem(s->pool);
    incstat_free_mem(s->rows);
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
static size_t find_slot(const incstat_summary *s, int64_t t, uint32_t c0, uint32_t c1)
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
    size_t i = find_slot(s, t, c0, c1);
    if (s->index[i].idx)
        return &s->pool[s->index[i].idx - 1];
    if (s->nused >= UINT32_MAX - 1)
        return NULL;
    if ((s->nused + 1) * 2 > s->nslots) {
        if (grow_index(s) != 0)
            return NULL;
        i = find_slot(s, t, c0, c1);
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
static int64_t time_key(incstat_by_kind kind, const incstat_date *d)
{
    if (d->precision == INCSTAT_DATE_NONE)
        return NO_TIME;
    if (kind == INCSTAT_BY_YEAR)
        return d->year;
    if (d->precision < INCSTAT_DATE_MONTH)
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

/* The latest date the data reach, for the partial-period flag. */
static void note_latest(incstat_summary *s, const incstat_date *d)
{
    if (d->precision >= INCSTAT_DATE_MONTH && date_later(d, &s->latest))
        s->latest = *d;
    else if (d->precision == INCSTAT_DATE_YEAR && d->year > s->latest.year) {
        s->latest.year = d->year;
        s->latest.month = 0;
        s->latest.day = 0;
        s->latest.precision = INCSTAT_DATE_YEAR;
    }
}

void incstat_summary_cover(incstat_summary *s, const incstat_date *d)
{
    if (s && d && !s->finished)
        note_latest(s, d);
}

/* The group keys of inc into *t and c, and its date noted: 1 when it has
 * a place, 0 when its date cannot place it (counted unplaced), -1 when out
 * of memory. */
static int keys_of(incstat_summary *s, const incstat_incident *inc, int64_t *t, uint32_t c[2])
{
    *t = NO_TIME;
    c[0] = c[1] = 0;
    if (s->time_key >= 0) {
        *t = time_key(s->opt.by[s->time_key].kind, &inc->date);
        if (*t == NO_TIME) {
            s->unplaced++;
            return 0;
        }
    }
    for (size_t k = 0; k < s->nkeys; k++) {
        if (s->text_col[k] < 0)
            continue;
        const incstat_text *tx = text_of(inc, s->text_col[k]);
        /* unknown categories form their own group, code 0 ("(unknown)") */
        if (tx && tx->ptr && incstat_dict_intern(&s->dicts[k], tx->ptr, tx->len, &c[k]) != 0)
            return -1;
    }
    note_latest(s, &inc->date);
    return 1;
}

/* ev: the events a row stands for (a period table's count column; NaN: one
 * incident). */
static void accumulate(agg *a, const double *num, double ev)
{
    /* a period table's row counts the incidents its column says */
    a->incidents += isnan(ev) ? 1 : ev > 0 ? (uint64_t)llround(ev) : 0;
    for (int k = 0; k < 6; k++) {
        double v = num[k]; /* killed low/best/high, injured low/best/high */
        if (isnan(v))
            a->unknown[k]++;
        else
            a->sum[k] += v;
    }
}

incstat_status incstat_summary_add(incstat_summary *s, const incstat_incident *inc,
                                   incstat_error *err)
{
    if (!s || !inc)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary or incident");
    int64_t t;
    uint32_t c[2];
    int placed = keys_of(s, inc, &t, c);
    agg *a = placed > 0 ? group_of(s, t, c[0], c[1]) : NULL;
    if (placed < 0 || (placed > 0 && !a))
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    if (a)
        accumulate(a, inc->num, inc->num[INCSTAT_NUM_EVENTS]);
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
    size_t n;
} batch;

static incstat_status flush(incstat_summary *s, batch *b, incstat_error *err)
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
    for (size_t i = 0; i < b->n; i++)
        accumulate(&s->pool[idx[i]], b->num[i], b->ev[i]);
    b->n = 0;
    return INCSTAT_OK;
}

static incstat_status add_batched(incstat_summary *s, batch *b, const incstat_incident *inc,
                                  incstat_error *err)
{
    int placed = keys_of(s, inc, &b->t[b->n], b->c[b->n]);
    if (placed < 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    if (placed == 0)
        return INCSTAT_OK;
    b->line[b->n] = inc->line;
    memcpy(b->num[b->n], inc->num, sizeof b->num[0]);
    b->ev[b->n] = inc->num[INCSTAT_NUM_EVENTS];
    return ++b->n == BATCH ? flush(s, b, err) : INCSTAT_OK;
}

/* An empty summary with s's options and key columns. */
static incstat_status new_like(const incstat_summary *s, incstat_summary **out, incstat_error *err)
{
    /* the key names stand in for the kept-column list; the column bindings
     * are then copied */
    const char *names[2] = {s->key_names[0], s->key_names[1]};
    incstat_status st = incstat_summary_new(&s->opt, names, s->nkeys, out, err);
    if (st == INCSTAT_OK)
        memcpy((*out)->text_col, s->text_col, sizeof s->text_col);
    return st;
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
        d->incidents += a->incidents;
        /* counts are integers or halves, exact in a double whatever the order,
         * so the merged sums equal a single pass */
        for (int k = 0; k < 6; k++) {
            d->sum[k] += a->sum[k];
            d->unknown[k] += a->unknown[k];
        }
    }
    dst->unplaced += src->unplaced;
    note_latest(dst, &src->latest);
    for (int k = 0; k < 2; k++) {
        if (!src->amb[k])
            continue;
        if (!dst->amb[k]) {
            incstat_status st = new_like(dst, &dst->amb[k], err);
            if (st)
                return st;
        }
        incstat_status st = incstat_summary_merge_(dst->amb[k], src->amb[k], err);
        if (st)
            return st;
    }
    return INCSTAT_OK;
}

/* ---- finishing -------------------------------------------------------- */

static int is_gap(const incstat_summary *s, int year)
{
    for (size_t i = 0; i < s->opt.n_gaps; i++)
        if (s->opt.gaps[i] == year)
            return 1;
    return 0;
}

static int key_year(incstat_by_kind kind, int64_t t)
{
    if (kind == INCSTAT_BY_MONTH)
        return (int)((t >= 0 ? t : t - 11) / 12);
    if (kind == INCSTAT_BY_QUARTER)
        return (int)((t >= 0 ? t : t - 3) / 4);
    return (int)t;
}

static int key_sub(incstat_by_kind kind, int64_t t)
{
    if (kind == INCSTAT_BY_MONTH)
        return (int)(t - (int64_t)key_year(kind, t) * 12) + 1;
    if (kind == INCSTAT_BY_QUARTER)
        return (int)(t - (int64_t)key_year(kind, t) * 4) + 1;
    return 0;
}

typedef struct {
    int64_t t;
    uint32_t c[2];
    const agg *a; /* NULL for a filled-in period */
} entry;

static int cmp_code(const incstat_summary *s, size_t k, uint32_t a, uint32_t b)
{
    if (a == b)
        return 0;
    if (a == 0)
        return 1; /* unknown last */
    if (b == 0)
        return -1;
    return strcmp(incstat_dict_str(&s->dicts[k], a), incstat_dict_str(&s->dicts[k], b));
}

static int cmp_entry(const void *pa, const void *pb, void *ctx)
{
    const entry *a = pa, *b = pb;
    const incstat_summary *s = ctx;
    for (size_t k = 0; k < s->nkeys; k++) {
        int c;
        if ((int)k == s->time_key)
            c = (a->t > b->t) - (a->t < b->t);
        else
            c = cmp_code(s, k, a->c[k], b->c[k]);
        if (c)
            return c;
    }
    return 0;
}

/* Within-group order for the series kernels: categories first, then time. */
static int cmp_group_time(const void *pa, const void *pb, void *ctx)
{
    const entry *a = pa, *b = pb;
    const incstat_summary *s = ctx;
    for (size_t k = 0; k < s->nkeys; k++) {
        if ((int)k == s->time_key)
            continue;
        int c = cmp_code(s, k, a->c[k], b->c[k]);
        if (c)
            return c;
    }
    return (a->t > b->t) - (a->t < b->t);
}

static void format_key(const incstat_summary *s, size_t k, const entry *e, char *buf, size_t cap)
{
    if ((int)k == s->time_key) {
        incstat_by_kind kind = s->opt.by[k].kind;
        int y = key_year(kind, e->t), sub = key_sub(kind, e->t);
        if (kind == INCSTAT_BY_MONTH)
            snprintf(buf, cap, "%04d-%02d", y, sub);
        else if (kind == INCSTAT_BY_QUARTER)
            snprintf(buf, cap, "%04d-Q%d", y, sub);
        else
            snprintf(buf, cap, "%d", y);
    } else {
        snprintf(buf, cap, "%s", e->c[k] ? incstat_dict_str(&s->dicts[k], e->c[k]) : "(unknown)");
    }
}

/* Figures the input does not hold: unknown, not the 0 of an empty sum. */
static void mark_unknown(incstat_summary_row *r, unsigned unknown)
{
    r->unknown = unknown;
    if (unknown & INCSTAT_UNKNOWN_INCIDENTS)
        r->incidents = 0;
    if (unknown & INCSTAT_UNKNOWN_KILLED) {
        r->killed = r->killed_low = r->killed_high = NAN;
        r->killed_missing = 0;
    }
    if (unknown & INCSTAT_UNKNOWN_INJURED) {
        r->injured = r->injured_low = r->injured_high = NAN;
        r->injured_missing = 0;
    }
}

static void fill_row(const incstat_summary *s, const entry *e, incstat_summary_row *r)
{
    memset(r, 0, sizeof *r);
    if (s->time_key >= 0) {
        incstat_by_kind kind = s->opt.by[s->time_key].kind;
        r->year = key_year(kind, e->t);
        r->sub = key_sub(kind, e->t);
        r->missing = is_gap(s, r->year);
    }
    int ek = EST_KILLED[s->opt.estimate];
    if (r->missing) {
        r->killed = r->injured = r->killed_low = r->killed_high = NAN;
        r->injured_low = r->injured_high = NAN;
    } else if (e->a) {
        r->incidents = e->a->incidents;
        r->killed = e->a->sum[ek];
        r->injured = e->a->sum[3 + ek];
        r->killed_low = e->a->sum[0];
        r->killed_high = e->a->sum[2];
        r->injured_low = e->a->sum[3];
        r->injured_high = e->a->sum[5];
        r->killed_missing = e->a->unknown[ek];
        r->injured_missing = e->a->unknown[3 + ek];
    }
    r->killed_yoy = r->killed_yoy_pct = r->incidents_yoy_pct = NAN;
    mark_unknown(r, s->opt.unknown);
    if ((s->opt.unknown & INCSTAT_UNKNOWN_INCIDENTS) && !e->a)
        /* a table of periods without a row for this one holds no figure for
         * it (OWID leaves out years without attacks): unknown, not 0 */
        mark_unknown(r, s->opt.unknown | INCSTAT_UNKNOWN_KILLED | INCSTAT_UNKNOWN_INJURED);
}

/* Collect entries: every group seen, plus, with a time key, every period in
 * range for every category combination seen. */
static int collect(incstat_summary *s, entry **out, size_t *n_out)
{
    size_t n = 0, cap = s->nused + 16;
    entry *es = incstat_reallocarray(NULL, cap, sizeof *es);
    if (!es)
        return -1;
    int64_t tmin = INT64_MAX, tmax = INT64_MIN;
    for (size_t i = 0; i < s->nused; i++) {
        es[n].t = s->pool[i].t;
        es[n].c[0] = s->pool[i].c[0];
        es[n].c[1] = s->pool[i].c[1];
        es[n].a = &s->pool[i];
        if (es[n].t < tmin)
            tmin = es[n].t;
        if (es[n].t > tmax)
            tmax = es[n].t;
        n++;
    }
    if (s->time_key >= 0 && n > 0) {
        incstat_by_kind kind = s->opt.by[s->time_key].kind;
        int per = kind == INCSTAT_BY_MONTH ? 12 : kind == INCSTAT_BY_QUARTER ? 4 : 1;
        if (s->opt.from_year && (int64_t)s->opt.from_year * per < tmin)
            tmin = (int64_t)s->opt.from_year * per;
        if (s->opt.to_year && (int64_t)s->opt.to_year * per + per - 1 > tmax)
            tmax = (int64_t)s->opt.to_year * per + per - 1;
        /* distinct category combinations */
        if (incstat_sort(es, n, sizeof *es, cmp_group_time, s) != 0) {
            incstat_free_mem(es);
            return -1;
        }
        size_t ngroups_end = n;
        for (size_t i = 0; i < ngroups_end;) {
            size_t j = i;
            while (j < ngroups_end && es[j].c[0] == es[i].c[0] && es[j].c[1] == es[i].c[1])
                j++;
            /* es[i..j) is one category combination in time order */
            size_t k = i;
            for (int64_t t = tmin; t <= tmax; t++) {
                if (k < j && es[k].t == t) {
                    k++;
                    continue;
                }
                if (n == cap) {
                    if (cap > SIZE_MAX / 4 / sizeof *es) {
                        incstat_free_mem(es);
                        return -1;
                    }
                    cap *= 2;
                    entry *ne = incstat_reallocarray(es, cap, sizeof *es);
                    if (!ne) {
                        incstat_free_mem(es);
                        return -1;
                    }
                    es = ne;
                }
                es[n].t = t;
                es[n].c[0] = es[i].c[0];
                es[n].c[1] = es[i].c[1];
                es[n].a = NULL;
                n++;
            }
            i = j;
        }
    }
    *out = es;
    *n_out = n;
    return 0;
}

static void derive(incstat_summary *s, entry *es, size_t n, double *x, double *y, uint64_t *rk,
                   long *since, size_t *work, double *d, double *p, double *pi, size_t *idx)
{
    /* rows are in output order; idx maps group-time order to row index */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && es[idx[j]].c[0] == es[idx[i]].c[0] && es[idx[j]].c[1] == es[idx[i]].c[1])
            j++;
        size_t m = j - i;
        for (size_t k = 0; k < m; k++) {
            const incstat_summary_row *r = &s->rows[idx[i + k]];
            x[k] = r->missing ? NAN : r->killed;
            y[k] = r->missing || (r->unknown & INCSTAT_UNKNOWN_INCIDENTS) ? NAN
                                                                          : (double)r->incidents;
        }
        incstat_series_rank(x, m, rk, p); /* p is free until the changes below */
        if (s->time_key >= 0) {
            incstat_series_change(x, m, d, p);
            incstat_series_change(y, m, NULL, pi);
            incstat_series_highest_since(x, m, since, work);
        }
        for (size_t k = 0; k < m; k++) {
            incstat_summary_row *r = &s->rows[idx[i + k]];
            r->killed_rank = rk[k];
            if (s->time_key >= 0) {
                r->killed_yoy = d[k];
                r->killed_yoy_pct = p[k];
                r->incidents_yoy_pct = pi[k];
                r->highest_since = since[k] >= 0 ? s->rows[idx[i + (size_t)since[k]]].key[s->time_key]
                                                 : NULL;
            }
        }
        i = j;
    }
}

typedef struct {
    const incstat_summary *s;
    const entry *es;
} idx_ctx;

static int cmp_idx(const void *pa, const void *pb, void *ctx)
{
    const idx_ctx *c = ctx;
    return cmp_group_time(&c->es[*(const size_t *)pa], &c->es[*(const size_t *)pb], (void *)c->s);
}

/* Re-key every group by code remap[] of key k, merging groups that meet
 * (in the order first seen, so the merged group keeps the earliest place). */
static int remap_key(incstat_summary *s, size_t k, const uint32_t *remap)
{
    agg *old = s->pool;
    agg_slot *old_index = s->index;
    size_t n = s->nused;
    s->pool = incstat_calloc(s->cap_pool, sizeof *s->pool);
    s->index = incstat_calloc(s->nslots, sizeof *s->index);
    if (!s->pool || !s->index) {
        incstat_free_mem(s->pool);
        incstat_free_mem(s->index);
        s->pool = old, s->index = old_index;
        return -1;
    }
    s->nused = 0;
    for (size_t i = 0; i < n; i++) {
        agg a = old[i];
        a.c[k] = remap[a.c[k]];
        size_t j = find_slot(s, a.t, a.c[0], a.c[1]);
        if (!s->index[j].idx) { /* fewer groups than before: no growth */
            s->pool[s->nused++] = a;
            s->index[j] = (agg_slot){a.t, {a.c[0], a.c[1]}, (uint32_t)s->nused};
            continue;
        }
        agg *b = &s->pool[s->index[j].idx - 1];
        b->incidents += a.incidents;
        for (int m = 0; m < 6; m++) {
            b->sum[m] += a.sum[m];
            b->unknown[m] += a.unknown[m];
        }
    }
    incstat_free_mem(old);
    incstat_free_mem(old_index);
    return 0;
}

/* Categories spelt alike merged, near-identical ones noted (summary_spell.c). */
static int spellings(incstat_summary *s)
{
    for (size_t k = 0; k < s->nkeys; k++) {
        if (s->text_col[k] < 0 || s->dicts[k].n < 3)
            continue;
        uint32_t *remap = incstat_reallocarray(NULL, s->dicts[k].n, sizeof *remap);
        if (!remap)
            return -1;
        int rc = incstat_spellings_(&s->dicts[k], s->key_names[k], remap, s->notes,
                                    sizeof s->notes / sizeof s->notes[0], &s->n_notes);
        if (rc == 1)
            rc = remap_key(s, k, remap);
        incstat_free_mem(remap);
        if (rc < 0)
            return -1;
    }
    return 0;
}

size_t incstat_summary_note_count(const incstat_summary *s) { return s ? s->n_notes : 0; }

const char *incstat_summary_note(const incstat_summary *s, size_t i)
{
    return s && i < s->n_notes ? s->notes[i] : NULL;
}

incstat_status incstat_summary_finish(incstat_summary *s, incstat_error *err)
{
    entry *es = NULL;
    size_t n = 0;
    if (!s)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary");
    if (s->finished)
        return INCSTAT_OK;
    if (spellings(s) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (collect(s, &es, &n) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (n == 0) {
        incstat_free_mem(es);
        return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0,
                                 "nothing to summarise: no incident passed the filters%s",
                                 s->unplaced ? " with a usable date" : "");
    }
    if (incstat_sort(es, n, sizeof *es, cmp_entry, s) != 0) {
        incstat_free_mem(es);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }

    /* labels: at most 2 keys of at most 256 bytes each per row */
    s->rows = incstat_calloc(n, sizeof *s->rows);
    s->labels = incstat_malloc(n * 2 * 257);
    double *x = incstat_reallocarray(NULL, n, sizeof *x);
    double *y = incstat_reallocarray(NULL, n, sizeof *y);
    double *d = incstat_reallocarray(NULL, n, sizeof *d);
    double *p = incstat_reallocarray(NULL, n, sizeof *p);
    double *pi = incstat_reallocarray(NULL, n, sizeof *pi);
    uint64_t *rk = incstat_reallocarray(NULL, n, sizeof *rk);
    long *since = incstat_reallocarray(NULL, n, sizeof *since);
    size_t *work = incstat_reallocarray(NULL, n, sizeof *work);
    size_t *idx = incstat_reallocarray(NULL, n, sizeof *idx);
    incstat_status st = INCSTAT_OK;
    if (!s->rows || !s->labels || !x || !y || !d || !p || !pi || !rk || !since || !work || !idx) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        incstat_free_mem(s->rows);
        incstat_free_mem(s->labels);
        s->rows = NULL;
        s->labels = NULL;
        goto out;
    }
    size_t lo = 0;
    for (size_t i = 0; i < n; i++) {
        incstat_summary_row *r = &s->rows[i];
        fill_row(s, &es[i], r);
        for (size_t k = 0; k < s->nkeys; k++) {
            char *lab = s->labels + lo;
            format_key(s, k, &es[i], lab, 257);
            r->key[k] = lab;
            lo += strlen(lab) + 1;
        }
    }
    s->nrows = n;
    /* partial: the last period, when the latest dated incident falls before
     * the period's final month (year, quarter) or mid-month (month) */
    if (s->time_key >= 0 && s->latest.precision >= INCSTAT_DATE_MONTH) {
        incstat_by_kind kind = s->opt.by[s->time_key].kind;
        int64_t tlast = time_key(kind, &s->latest);
        int last_month = kind == INCSTAT_BY_YEAR ? 12
                         : kind == INCSTAT_BY_QUARTER ? ((s->latest.month - 1) / 3) * 3 + 3
                                                      : s->latest.month;
        int partial = s->latest.month < last_month ||
                      (kind == INCSTAT_BY_MONTH && s->latest.precision == INCSTAT_DATE_DAY &&
                       s->latest.day < 15);
        /* only the period holding the latest date; periods after it (when
         * the range was widened) are empty, not partial */
        for (size_t i = 0; partial && i < n; i++)
            if (es[i].t == tlast)
                s->rows[i].partial = 1;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    idx_ctx ic = {s, es};
    if (incstat_sort(idx, n, sizeof *idx, cmp_idx, &ic) != 0) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto out;
    }
    derive(s, es, n, x, y, rk, since, work, d, p, pi, idx);
    s->finished = 1;
out:
    incstat_free_mem(es);
    incstat_free_mem(x);
    incstat_free_mem(y);
    incstat_free_mem(d);
    incstat_free_mem(p);
    incstat_free_mem(pi);
    incstat_free_mem(rk);
    incstat_free_mem(since);
    incstat_free_mem(work);
    incstat_free_mem(idx);
    return st;
}

/* ---- convenience ------------------------------------------------------ */

incstat_status incstat_summary_from_loader(incstat_loader *ld,
                                           const incstat_summary_options *opts,
                                           const incstat_filter *filter, incstat_summary **out,
                                           incstat_error *err)
{
    if (!ld || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader or output handle");
    *out = NULL;
    if (opts && opts->threads > 1)
        return incstat_summary_parallel_(ld, opts, filter, out, err);
    return incstat_summary_one_pass_(ld, opts, filter, out, err);
}

/* An incident whose date reads either day/month or month/day. */
static incstat_status add_ambiguous(incstat_summary *s, const incstat_incident *inc,
                                    incstat_error *err)
{
    for (int k = 0; k < 2; k++) {
        if (!s->amb[k]) {
            incstat_status st = new_like(s, &s->amb[k], err);
            if (st)
                return st;
        }
    }
    incstat_incident swapped = *inc;
    swapped.date.day = inc->date.month;
    swapped.date.month = inc->date.day;
    incstat_status st = incstat_summary_add(s->amb[0], inc, err);
    return st ? st : incstat_summary_add(s->amb[1], &swapped, err);
}

incstat_status incstat_summary_feed_(incstat_summary *s, incstat_loader *ld,
                                     const incstat_filter *filter, incstat_error *err)
{
    int by_sub_year = s->time_key >= 0 && s->opt.by[s->time_key].kind != INCSTAT_BY_YEAR;
    batch b;
    b.n = 0;
    for (;;) {
        const incstat_incident *inc;
        incstat_status st = incstat_loader_next(ld, &inc, err);
        if (st == INCSTAT_DONE)
            return flush(s, &b, err);
        if (st != INCSTAT_ROW)
            return st;
        if (filter && !incstat_filter_match(filter, inc)) {
            incstat_summary_cover(s, &inc->date);
            continue;
        }
        if (by_sub_year && incstat_loader_last_ambiguous_(ld))
            st = add_ambiguous(s, inc, err);
        else
            st = add_batched(s, &b, inc, err);
        if (st != INCSTAT_OK)
            return st;
    }
}

incstat_status incstat_summary_end_(incstat_summary *s, const incstat_loader *ld,
                                    incstat_error *err)
{
    /* gaps the source is known to have */
    const incstat_load_report *rep = incstat_loader_report(ld);
    /* the day/month order the whole file decided places the ambiguous dates */
    int pick = rep->date_order_used == INCSTAT_DATE_ORDER_MDY ? 1 : 0;
    if (s->amb[pick]) {
        incstat_status st = incstat_summary_merge_(s, s->amb[pick], err);
        if (st)
            return st;
    }
    for (int k = 0; k < 2; k++) {
        incstat_summary_free(s->amb[k]);
        s->amb[k] = NULL;
    }
    for (size_t i = 0; i < rep->n_known_gaps && s->opt.n_gaps < INCSTAT_SUMMARY_MAX_GAPS; i++)
        s->opt.gaps[s->opt.n_gaps++] = rep->known_gaps[i];
    s->opt.unknown |= rep->unknown;
    return incstat_summary_finish(s, err);
}

/* ---- in parallel chunks (parallel_internal.h) ---------------------------- */

typedef struct {
    const incstat_summary_options *opts;
    const char *const *kept;
    size_t nk;
    const incstat_filter *filter;
} par_summary;

static incstat_status par_begin(void *ctx, void **state, incstat_error *err)
{
    par_summary *p = ctx;
    return incstat_summary_new(p->opts, p->kept, p->nk, (incstat_summary **)state, err);
}

static incstat_status par_feed(void *ctx, void *state, incstat_loader *fork, incstat_error *err)
{
    return incstat_summary_feed_(state, fork, ((par_summary *)ctx)->filter, err);
}

static incstat_status par_merge(void *ctx, void *into, void *from, uint64_t line_off,
                                incstat_error *err)
{
    (void)ctx;
    (void)line_off;
    return incstat_summary_merge_(into, from, err);
}

static void par_free(void *ctx, void *state)
{
    (void)ctx;
    incstat_summary_free(state);
}

incstat_status incstat_summary_parallel_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err)
{
    par_summary p = {opts, NULL, 0, filter};
    p.nk = incstat_loader_kept(ld, &p.kept);
    incstat_par_job_ job = {&p, par_begin, par_feed, NULL, par_merge, par_free};
    void *merged;
    unsigned chunks;
    incstat_status st =
        incstat_par_run_(ld, opts->threads, opts->parallel_min_bytes, &job, &merged, &chunks, err);
    if (st)
        return st;
    if (!chunks)
        return incstat_summary_one_pass_(ld, opts, filter, out, err);
    incstat_summary *s = merged;
    if ((st = incstat_summary_end_(s, ld, err)) != INCSTAT_OK) {
        incstat_summary_free(s);
        return st;
    }
    s->chunks = chunks;
    *out = s;
    return INCSTAT_OK;
}

incstat_status incstat_summary_one_pass_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err)
{
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    incstat_summary_options o;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    incstat_summary *s;
    incstat_status st = incstat_summary_new(&o, kept, nk, &s, err);
    if (st)
        return st;
    if ((st = incstat_summary_feed_(s, ld, filter, err)) != INCSTAT_OK)
        goto fail;
    if ((st = incstat_summary_end_(s, ld, err)) != INCSTAT_OK)
        goto fail;
    *out = s;
    return INCSTAT_OK;
fail:
    incstat_summary_free(s);
    *out = NULL;
    return st;
}

incstat_status incstat_summary_from_table(const incstat_table *t,
                                          const incstat_summary_options *opts,
                                          const incstat_filter *filter, incstat_summary **out,
                                          incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (!t)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no table");
    size_t ntext = incstat_table_text_columns(t), nk = ntext - INCSTAT_TEXT_COUNT;
    const char *kept[256];
    if (nk > 256)
        nk = 256;
    for (size_t k = 0; k < nk; k++)
        kept[k] = incstat_table_text_column_name(t, INCSTAT_TEXT_COUNT + k);
    incstat_summary *s;
    incstat_status st = incstat_summary_new(opts, kept, nk, &s, err);
    if (st)
        return st;
    incstat_text *kv = incstat_calloc(nk ? nk : 1, sizeof *kv);
    if (!kv) {
        incstat_summary_free(s);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    const incstat_date *dates = incstat_table_dates(t);
    const uint64_t *lines = incstat_table_lines(t);
    size_t rows = incstat_table_rows(t);
    for (size_t r = 0; r < rows; r++) {
        incstat_incident inc;
        memset(&inc, 0, sizeof inc);
        inc.line = lines[r];
        inc.date = dates[r];
        for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
            inc.num[f] = incstat_table_numbers(t, (incstat_num_field)f)[r];
        for (size_t c = 0; c < ntext; c++) {
            incstat_text *dst = c < INCSTAT_TEXT_COUNT ? &inc.text[c]
                                : (c - INCSTAT_TEXT_COUNT < nk ? &kv[c - INCSTAT_TEXT_COUNT] : NULL);
            if (dst)
                dst->ptr = incstat_table_text_len_(t, c, r, &dst->len);
        }
        inc.kept = kv;
        inc.n_kept = nk;
        if (filter && !incstat_filter_match(filter, &inc)) {
            incstat_summary_cover(s, &inc.date);
            continue;
        }
        if ((st = incstat_summary_add(s, &inc, err)) != INCSTAT_OK)
            goto fail;
    }
    const incstat_load_report *rep = incstat_table_report(t);
    for (size_t i = 0; rep && i < rep->n_known_gaps && s->opt.n_gaps < INCSTAT_SUMMARY_MAX_GAPS; i++)
        s->opt.gaps[s->opt.n_gaps++] = rep->known_gaps[i];
    if (rep)
        s->opt.unknown |= rep->unknown;
    if ((st = incstat_summary_finish(s, err)) != INCSTAT_OK)
        goto fail;
    incstat_free_mem(kv);
    *out = s;
    return INCSTAT_OK;
fail:
    incstat_free_mem(kv);
    incstat_summary_free(s);
    return st;
}

size_t incstat_summary_rows(const incstat_summary *s) { return s ? s->nrows : 0; }

incstat_status incstat_summary_total(const incstat_summary *s, incstat_summary_row *out,
                                     incstat_error *err)
{
    if (!s || !out || !s->finished)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no finished summary");
    memset(out, 0, sizeof *out);
    out->key[0] = "total";
    out->killed_yoy = out->killed_yoy_pct = out->incidents_yoy_pct = NAN;
    for (size_t i = 0; i < s->nrows; i++) {
        const incstat_summary_row *r = &s->rows[i];
        if (r->missing)
            continue;
        out->incidents += r->incidents;
        out->killed += r->killed;
        out->injured += r->injured;
        out->killed_low += r->killed_low;
        out->killed_high += r->killed_high;
        out->injured_low += r->injured_low;
        out->injured_high += r->injured_high;
        out->killed_missing += r->killed_missing;
        out->injured_missing += r->injured_missing;
    }
    mark_unknown(out, s->opt.unknown);
    return INCSTAT_OK;
}

unsigned incstat_summary_chunks(const incstat_summary *s)
{
    return s ? (s->chunks ? s->chunks : 1) : 0;
}

const incstat_summary_row *incstat_summary_row_at(const incstat_summary *s, size_t i)
{
    return (s && i < s->nrows) ? &s->rows[i] : NULL;
}

const char *incstat_summary_key_name(const incstat_summary *s, size_t k)
{
    return (s && k < s->nkeys) ? s->key_names[k] : "";
}

size_t incstat_summary_key_count(const incstat_summary *s) { return s ? s->nkeys : 0; }
uint64_t incstat_summary_unplaced(const incstat_summary *s) { return s ? s->unplaced : 0; }

incstat_date incstat_summary_latest(const incstat_summary *s)
{
    incstat_date d;
    memset(&d, 0, sizeof d);
    return s ? s->latest : d;
}
