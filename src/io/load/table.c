/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/table.c: the columnar incident table (see include/incstat/table.h).
 *
 * The io module, above core, owns everything between a file and this table:
 * the streaming CSV reader (csv.c scanning, csv_source.c sources and
 * opening), text encodings (encoding.c), cell values (value_number.c,
 * value_date.c, value_missing.c: counts, numbers, dates; numfmt.c: how a
 * column writes its numbers), type inference (infer.c), dictionaries (dict.c), the
 * loader with its column recognition and presets (load*.c, preset.c), and
 * parallel reading (parallel.c).  It knows nothing of GSL, statistics or
 * Cairo; its products are the table and the load report. */
#include <math.h>
#include <string.h>

#include "incstat/table.h"
#include "io/load/dict.h"
#include "core/internal.h"
#include "io/load/table_internal.h"

/* A numeric column is stored only once it holds something of its own.
 * Until then it reads as all unknown (a NaN column shared by all such) or as
 * the column it has equalled so far: killed low and high are the killed
 * figure itself when the source gives one number.  An ACLED export (one
 * fatalities figure, no injured column) stores 3 of the 8 columns, a GTD
 * file 4; the first row that differs gives the column its own array. */
#define LATE_ID_MAX 64
#define NUM_OWN (-1)
#define NUM_NAN (-2)

struct incstat_table {
    size_t rows, cap;        /* cap: rows every column has room for */
    incstat_date *dates;
    double *num[INCSTAT_NUM_COUNT]; /* own arrays; NULL until a column needs one */
    signed char num_as[INCSTAT_NUM_COUNT]; /* NUM_OWN, NUM_NAN, or the column it equals */
    double *nan;             /* cap NaNs, while some column reads as unknown */
    size_t nan_cap;
    uint64_t *lines;
    /* each column's own capacity: after a failed growth some columns are
     * larger than cap, and a big array must be freed with its true size */
    size_t dates_cap, num_cap[INCSTAT_NUM_COUNT], lines_cap, *codes_cap;
    size_t ntext;            /* canonical + kept */
    char **kept_names;       /* ntext - INCSTAT_TEXT_COUNT names */
    uint32_t **codes;        /* per text column */
    incstat_dict *dicts;     /* per text column */
    /* incstat_table_append_late_: the id of the last row, looked up when
     * the next row comes (its slot fetched into the cache meanwhile) */
    int late;                /* an id is pending */
    size_t late_row, late_len;
    uint64_t late_hash;
    char late_id[LATE_ID_MAX];
    incstat_load_report *report; /* owned, may be NULL */
    void (*report_free)(incstat_load_report *);
};

static const char *const TEXT_NAMES[INCSTAT_TEXT_COUNT] = {
    "id", "country", "admin1", "admin2", "city", "location", "perpetrator", "target", "type"};
static const char *const NUM_NAMES[INCSTAT_NUM_COUNT] = {
    "killed_low", "killed",  "killed_high", "injured_low",
    "injured",    "injured_high", "latitude", "longitude", "incidents", "precision"};

const char *incstat_text_field_name(incstat_text_field f)
{
    return (unsigned)f < INCSTAT_TEXT_COUNT ? TEXT_NAMES[f] : "";
}

const char *incstat_num_field_name(incstat_num_field f)
{
    return (unsigned)f < INCSTAT_NUM_COUNT ? NUM_NAMES[f] : "";
}

incstat_status incstat_table_new(const char *const *kept, size_t n_kept, incstat_table **out,
                                 incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (n_kept && !kept)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "kept column names missing");
    if (n_kept > 100000)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "too many kept columns (%zu)", n_kept);
    incstat_table *t = incstat_calloc(1, sizeof *t);
    if (!t)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    t->ntext = INCSTAT_TEXT_COUNT + n_kept;
    t->kept_names = incstat_calloc(n_kept ? n_kept : 1, sizeof *t->kept_names);
    t->codes = incstat_calloc(t->ntext, sizeof *t->codes);
    t->codes_cap = incstat_calloc(t->ntext, sizeof *t->codes_cap);
    t->dicts = incstat_calloc(t->ntext, sizeof *t->dicts);
    if (!t->kept_names || !t->codes || !t->codes_cap || !t->dicts)
        goto nomem;
    for (size_t i = 0; i < n_kept; i++) {
        const char *k = kept[i] ? kept[i] : "";
        t->kept_names[i] = incstat_strndup(k, strlen(k));
        if (!t->kept_names[i])
            goto nomem;
    }
    for (size_t i = 0; i < t->ntext; i++)
        if (incstat_dict_init(&t->dicts[i]) != 0)
            goto nomem;
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
        t->num_as[f] = NUM_NAN;
    t->num_as[INCSTAT_NUM_KILLED_LOW] = t->num_as[INCSTAT_NUM_KILLED_HIGH] = INCSTAT_NUM_KILLED_BEST;
    t->num_as[INCSTAT_NUM_INJURED_LOW] = t->num_as[INCSTAT_NUM_INJURED_HIGH] =
        INCSTAT_NUM_INJURED_BEST;
    *out = t;
    return INCSTAT_OK;
nomem:
    incstat_table_free(t);
    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
}

void incstat_table_free(incstat_table *t)
{
    if (!t)
        return;
    incstat_big_free(t->dates, t->dates_cap * sizeof *t->dates);
    for (int i = 0; i < INCSTAT_NUM_COUNT; i++)
        incstat_big_free(t->num[i], t->num_cap[i] * sizeof *t->num[i]);
    incstat_big_free(t->nan, t->nan_cap * sizeof *t->nan);
    incstat_big_free(t->lines, t->lines_cap * sizeof *t->lines);
    if (t->codes && t->codes_cap)
        for (size_t i = 0; i < t->ntext; i++)
            incstat_big_free(t->codes[i], t->codes_cap[i] * sizeof *t->codes[i]);
    incstat_free_mem(t->codes_cap);
    if (t->dicts)
        for (size_t i = 0; i < t->ntext; i++)
            incstat_dict_clear(&t->dicts[i]);
    if (t->kept_names)
        for (size_t i = 0; i < t->ntext - INCSTAT_TEXT_COUNT; i++)
            incstat_free_mem(t->kept_names[i]);
    incstat_free_mem(t->kept_names);
    incstat_free_mem(t->codes);
    incstat_free_mem(t->dicts);
    if (t->report && t->report_free)
        t->report_free(t->report);
    incstat_free_mem(t);
}

/* One column to nc rows (never shrinks it). */
static int grow_column(void **col, size_t *cap, size_t elem, size_t nc)
{
    if (*cap >= nc)
        return 0;
    void *np = incstat_big_resize(*col, *cap * elem, nc * elem);
    if (!np)
        return -1;
    *col = np;
    *cap = nc;
    return 0;
}

static int grow_to(incstat_table *t, size_t nc)
{
    if (grow_column((void **)&t->dates, &t->dates_cap, sizeof *t->dates, nc) != 0 ||
        grow_column((void **)&t->lines, &t->lines_cap, sizeof *t->lines, nc) != 0)
        return -1;
    int any_nan = 0;
    for (int i = 0; i < INCSTAT_NUM_COUNT; i++) {
        any_nan |= t->num_as[i] == NUM_NAN;
        if (t->num_as[i] == NUM_OWN &&
            grow_column((void **)&t->num[i], &t->num_cap[i], sizeof *t->num[i], nc) != 0)
            return -1;
    }
    if (any_nan) {
        size_t old = t->nan_cap;
        if (grow_column((void **)&t->nan, &t->nan_cap, sizeof *t->nan, nc) != 0)
            return -1;
        for (size_t r = old; r < t->nan_cap; r++)
            t->nan[r] = NAN;
    }
    for (size_t i = 0; i < t->ntext; i++)
        if (grow_column((void **)&t->codes[i], &t->codes_cap[i], sizeof *t->codes[i], nc) != 0)
            return -1;
    t->cap = nc;
    return 0;
}

/* What column f reads as: its own array, the column it equals, or NaNs. */
static const double *num_view(const incstat_table *t, int f)
{
    int as = t->num_as[f];
    if (as >= 0)
        as = t->num_as[f = as]; /* never a chain: the target is own or NaN */
    return as == NUM_OWN ? t->num[f] : t->nan;
}

/* Give column f its own array holding what it read as for the first rows. */
static int num_own(incstat_table *t, int f)
{
    const double *was = num_view(t, f);
    size_t cap = 0;
    double *a = NULL;
    if (grow_column((void **)&a, &cap, sizeof *a, t->cap) != 0)
        return -1;
    if (t->rows)
        memcpy(a, was, t->rows * sizeof *a);
    t->num[f] = a;
    t->num_cap[f] = cap;
    t->num_as[f] = NUM_OWN;
    return 0;
}

static int same_number(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Before row values v are stored: every column that cannot go on reading as
 * it did gets its own array.  Equal-to columns first, while their targets
 * still read as before this row. */
static int num_prepare(incstat_table *t, const double *v)
{
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++) {
        int as = t->num_as[f];
        if (as >= 0 && !same_number(v[f], v[as]) && num_own(t, f) != 0)
            return -1;
    }
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
        if (t->num_as[f] == NUM_NAN && !isnan(v[f]) && num_own(t, f) != 0)
            return -1;
    return 0;
}

static int reserve_rows(incstat_table *t, size_t need)
{
    if (need <= t->cap)
        return 0;
    size_t nc = t->cap ? t->cap : 1024;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / sizeof(double))
            return -1;
        nc *= 2;
    }
    return grow_to(t, nc);
}

#define PREFETCHED 16

static const incstat_text *text_value(const incstat_incident *inc, size_t i)
{
    return i < INCSTAT_TEXT_COUNT ? &inc->text[i]
           : inc->n_kept ? &inc->kept[i - INCSTAT_TEXT_COUNT] : NULL;
}

/* The pending id into the dictionary, its code into its row. */
static int flush_late(incstat_table *t)
{
    if (!t->late)
        return 0;
    uint32_t code;
    if (incstat_dict_intern_hashed(&t->dicts[INCSTAT_TEXT_ID], t->late_id, t->late_len,
                                   t->late_hash, &code) != 0)
        return -1;
    t->codes[INCSTAT_TEXT_ID][t->late_row] = code;
    t->late = 0;
    return 0;
}

static incstat_status append(incstat_table *t, const incstat_incident *inc, int late,
                             incstat_error *err)
{
    if (!t || !inc)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no table or incident");
    size_t nkept = t->ntext - INCSTAT_TEXT_COUNT;
    if (inc->n_kept != 0 && inc->n_kept != nkept)
        return incstat_set_error(err, INCSTAT_EINVAL, inc->line, 0,
                                 "incident has %zu kept values, table has %zu columns",
                                 inc->n_kept, nkept);
    if (reserve_rows(t, t->rows + 1) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    size_t r = t->rows;
    /* hash every value and fetch its slot first, then look them up: the
     * cache misses of a large dictionary (ids) overlap instead of queueing */
    uint64_t h[PREFETCHED];
    for (size_t i = 0; i < t->ntext && i < PREFETCHED; i++) {
        const incstat_text *tx = text_value(inc, i);
        if (tx && tx->ptr)
            h[i] = incstat_dict_prefetch(&t->dicts[i], tx->ptr, tx->len);
    }
    /* codes in order of first appearance: the pending id goes in first */
    if (flush_late(t) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    for (size_t i = 0; i < t->ntext; i++) {
        const incstat_text *tx = text_value(inc, i);
        uint32_t code = 0;
        if (tx && tx->ptr) {
            uint64_t hi = i < PREFETCHED ? h[i] : incstat_hash_bytes(tx->ptr, tx->len);
            if (i == INCSTAT_TEXT_ID && late && tx->len <= LATE_ID_MAX) {
                memcpy(t->late_id, tx->ptr, tx->len);
                t->late_len = tx->len;
                t->late_hash = hi;
                t->late_row = r;
                t->late = 1;
            } else if (incstat_dict_intern_hashed(&t->dicts[i], tx->ptr, tx->len, hi, &code) != 0) {
                t->late = 0;
                return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
            }
        }
        t->codes[i][r] = code;
    }
    if (num_prepare(t, inc->num) != 0) {
        t->late = 0;
        return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
    }
    t->dates[r] = inc->date;
    for (int i = 0; i < INCSTAT_NUM_COUNT; i++)
        if (t->num_as[i] == NUM_OWN)
            t->num[i][r] = inc->num[i];
    t->lines[r] = inc->line;
    t->rows++;
    return INCSTAT_OK;
}

incstat_status incstat_table_append(incstat_table *t, const incstat_incident *inc,
                                    incstat_error *err)
{
    return append(t, inc, 0, err);
}

incstat_status incstat_table_append_late_(incstat_table *t, const incstat_incident *inc,
                                          incstat_error *err)
{
    return append(t, inc, 1, err);
}

incstat_status incstat_table_flush_(incstat_table *t, incstat_error *err)
{
    if (flush_late(t) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    return INCSTAT_OK;
}

incstat_status incstat_table_reserve_(incstat_table *t, size_t rows, incstat_error *err)
{
    if (rows <= t->rows)
        return INCSTAT_OK;
    if (reserve_rows(t, rows) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    /* a column of mostly distinct values (ids) will grow its dictionary in
     * step with the rows */
    double scale = t->rows ? (double)rows / (double)t->rows : 0;
    for (size_t i = 0; i < t->ntext && t->rows; i++) {
        incstat_dict *d = &t->dicts[i];
        if ((size_t)d->n * 2 < t->rows)
            continue;
        double n = (double)d->n * scale, bytes = (double)d->arena_len * (scale - 1);
        if (n < 4e9 && bytes < 1e15 && incstat_dict_reserve(d, (size_t)n, (size_t)bytes) != 0)
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    return INCSTAT_OK;
}

void incstat_table_shift_lines_(incstat_table *t, uint64_t off)
{
    for (size_t r = 0; r < t->rows; r++)
        t->lines[r] += off;
}

/* Each column of src is freed as soon as it is copied: pages given back are
 * reused for the next, and fresh pages are what a load spends most on. */
#define MOVE_COLUMN(dst, srcp, scap, n)                                                 \
    do {                                                                                \
        memcpy((dst), (srcp), (n) * sizeof *(srcp));                                   \
        incstat_big_free((srcp), (scap) * sizeof *(srcp));                             \
        (srcp) = NULL;                                                                  \
        (scap) = 0;                                                                     \
    } while (0)

incstat_status incstat_table_absorb_(incstat_table *t, incstat_table *src, uint64_t line_off,
                                     incstat_error *err)
{
    if (src->rows > SIZE_MAX - t->rows || reserve_rows(t, t->rows + src->rows) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    size_t r = t->rows, n = src->rows;
    /* a number column reading as unknown or as another goes on doing so if
     * it does in src too; else it gets its own array (equal-to first) */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < INCSTAT_NUM_COUNT; i++) {
            int as = t->num_as[i];
            if ((pass == 0 ? as >= 0 : as == NUM_NAN) && src->num_as[i] != as &&
                num_own(t, i) != 0)
                return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        }
    /* text first: it can fail, and src must stay whole until it cannot */
    uint32_t **remap = incstat_calloc(t->ntext, sizeof *remap);
    int bad = !remap;
    for (size_t i = 0; i < t->ntext && !bad; i++) {
        remap[i] = incstat_reallocarray(NULL, src->dicts[i].n, sizeof *remap[i]);
        bad = !remap[i] || incstat_dict_merge(&t->dicts[i], &src->dicts[i], remap[i]) != 0;
    }
    if (!bad) {
        for (size_t i = 0; i < t->ntext; i++) {
            const uint32_t *from = src->codes[i];
            uint32_t *to = t->codes[i] + r;
            for (size_t k = 0; k < n; k++)
                to[k] = remap[i][from[k]];
            incstat_big_free(src->codes[i], src->codes_cap[i] * sizeof *src->codes[i]);
            src->codes[i] = NULL;
            src->codes_cap[i] = 0;
            incstat_dict_clear(&src->dicts[i]);
        }
        MOVE_COLUMN(t->dates + r, src->dates, src->dates_cap, n);
        for (int i = 0; i < INCSTAT_NUM_COUNT; i++)
            if (t->num_as[i] == NUM_OWN && n)
                memcpy(t->num[i] + r, num_view(src, i), n * sizeof *t->num[i]);
        for (int i = 0; i < INCSTAT_NUM_COUNT; i++) { /* after: views may share them */
            incstat_big_free(src->num[i], src->num_cap[i] * sizeof *src->num[i]);
            src->num[i] = NULL;
            src->num_cap[i] = 0;
            src->num_as[i] = NUM_NAN;
        }
        for (size_t k = 0; k < n; k++)
            t->lines[r + k] = src->lines[k] + line_off;
        incstat_big_free(src->lines, src->lines_cap * sizeof *src->lines);
        src->lines = NULL;
        src->lines_cap = 0;
        src->rows = src->cap = 0;
        t->rows += n;
    }
    for (size_t i = 0; remap && i < t->ntext; i++)
        incstat_free_mem(remap[i]);
    incstat_free_mem(remap);
    return bad ? incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory") : INCSTAT_OK;
}

size_t incstat_table_rows(const incstat_table *t) { return t ? t->rows : 0; }
const incstat_date *incstat_table_dates(const incstat_table *t) { return t ? t->dates : NULL; }
const uint64_t *incstat_table_lines(const incstat_table *t) { return t ? t->lines : NULL; }

const double *incstat_table_numbers(const incstat_table *t, incstat_num_field f)
{
    return (t && (unsigned)f < INCSTAT_NUM_COUNT) ? num_view(t, (int)f) : NULL;
}

size_t incstat_table_text_columns(const incstat_table *t) { return t ? t->ntext : 0; }

const char *incstat_table_text_column_name(const incstat_table *t, size_t col)
{
    if (!t || col >= t->ntext)
        return "";
    return col < INCSTAT_TEXT_COUNT ? TEXT_NAMES[col] : t->kept_names[col - INCSTAT_TEXT_COUNT];
}

long incstat_table_find_text_column(const incstat_table *t, const char *name)
{
    if (!t || !name)
        return -1;
    for (size_t i = 0; i < t->ntext; i++)
        if (strcmp(incstat_table_text_column_name(t, i), name) == 0)
            return (long)i;
    for (size_t i = 0; i < t->ntext; i++)
        if (incstat_ascii_casecmp(incstat_table_text_column_name(t, i), name) == 0)
            return (long)i;
    return -1;
}

const uint32_t *incstat_table_codes(const incstat_table *t, size_t col)
{
    return (t && col < t->ntext) ? t->codes[col] : NULL;
}

size_t incstat_table_dict_size(const incstat_table *t, size_t col)
{
    return (t && col < t->ntext) ? t->dicts[col].n : 0;
}

const char *incstat_table_dict_text(const incstat_table *t, size_t col, uint32_t code)
{
    if (!t || col >= t->ntext)
        return "";
    return incstat_dict_str(&t->dicts[col], code);
}

const char *incstat_table_text(const incstat_table *t, size_t col, size_t row)
{
    if (!t || col >= t->ntext || row >= t->rows)
        return NULL;
    uint32_t c = t->codes[col][row];
    return c ? incstat_dict_str(&t->dicts[col], c) : NULL;
}

const char *incstat_table_text_len_(const incstat_table *t, size_t col, size_t row, size_t *len)
{
    uint32_t c = t->codes[col][row];
    *len = c ? incstat_dict_len(&t->dicts[col], c) : 0;
    return c ? incstat_dict_str(&t->dicts[col], c) : NULL;
}

int incstat_table_year_range(const incstat_table *t, int *first, int *last)
{
    int lo = 0, hi = 0, any = 0;
    for (size_t r = 0; t && r < t->rows; r++) {
        if (t->dates[r].precision == INCSTAT_DATE_NONE)
            continue;
        int y = t->dates[r].year;
        if (!any || y < lo)
            lo = y;
        if (!any || y > hi)
            hi = y;
        any = 1;
    }
    if (!any)
        return -1;
    if (first)
        *first = lo;
    if (last)
        *last = hi;
    return 0;
}

void incstat_table_attach_report_(incstat_table *t, incstat_load_report *rep,
                                  void (*free_fn)(incstat_load_report *))
{
    t->report = rep;
    t->report_free = free_fn;
}

const incstat_load_report *incstat_table_report(const incstat_table *t)
{
    return t ? t->report : NULL;
}

incstat_date *incstat_table_dates_mut_(incstat_table *t) { return t->dates; }
