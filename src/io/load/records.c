/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/records.c: loaded incidents with the decoded text of every cell
 * (incstat/records.h).  Each record's cells go into one arena, back to back,
 * with the end of each cell relative to the record's start; the loader's
 * date and counts go into arrays beside them.  A plain file is read in
 * chunks on threads (parallel_internal.h); the chunks' parts are kept as
 * segments in file order rather than copied into one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/records.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/load_internal.h"
#include "io/load/parallel_internal.h"

#define NNUM 6 /* killed and injured low, best, high: the first six num fields */
#define MAX_SEGS 64

/* The records of one stretch of the file. */
typedef struct {
    size_t rows, cap;
    uint64_t *line;
    incstat_date *date;
    double *num;             /* NNUM per row */
    unsigned char *has_id;
    uint64_t *start;         /* row's first byte in arena */
    uint32_t *end;           /* ncols per row: cell ends relative to start */
    char *arena;
    size_t alen, acap;
    size_t *amb;             /* rows with a day/month-ambiguous date */
    size_t namb, camb;
    size_t ncols;
    int hashed;              /* cells kept as hashes (hash); text only where text_col */
    uint64_t *hash;          /* ncols per row */
    const unsigned char *text_col; /* hashed: columns whose text is kept too */
} seg;

struct incstat_records {
    seg *segs[MAX_SEGS];
    size_t first[MAX_SEGS + 1]; /* row index of each segment's first row */
    size_t nsegs;
    size_t ncols;
    int id_mapped;
    int hashed;              /* text only for fetched rows */
    seg *fetched;            /* their text, in the order of fetched_rows */
    size_t *fetched_rows;    /* ascending record indexes */
    char *path;              /* to read the text again (hashed) */
    unsigned char *text_col; /* hashed: columns whose text is kept (keys) */
    incstat_load_options opts;
    incstat_load_report *rep;
    void (*rep_free)(incstat_load_report *);
};

static size_t end_width(const seg *s)
{
    return s->ncols ? s->ncols : 1;
}

static void seg_free(seg *s)
{
    if (!s)
        return;
    incstat_big_free(s->line, s->cap * sizeof *s->line);
    incstat_big_free(s->date, s->cap * sizeof *s->date);
    incstat_big_free(s->num, s->cap * NNUM * sizeof *s->num);
    incstat_big_free(s->has_id, s->cap * sizeof *s->has_id);
    incstat_big_free(s->start, s->cap * sizeof *s->start);
    incstat_big_free(s->end, s->cap * end_width(s) * sizeof *s->end);
    incstat_big_free(s->hash, s->cap * end_width(s) * sizeof *s->hash);
    incstat_big_free(s->arena, s->acap);
    incstat_free_mem(s->amb);
    incstat_free_mem(s);
}

/* Room for nc rows.  The columns are big mappings (huge pages where the
 * kernel gives them; grown without copying). */
static int seg_grow_rows(seg *s, size_t nc)
{
    if (nc <= s->cap)
        return 0;
    if (nc > SIZE_MAX / (NNUM * sizeof(double) + end_width(s) * sizeof(uint32_t) + 64))
        return -1;
    void *p;
#define GROW(field, per)                                                                \
    if (!(p = incstat_big_resize(s->field, s->cap * (per) * sizeof *s->field,           \
                                 nc * (per) * sizeof *s->field)))                       \
        return -1;                                                                      \
    s->field = p;
    GROW(line, 1)
    GROW(date, 1)
    GROW(num, NNUM)
    GROW(has_id, 1)
    if (s->hashed) {
        GROW(hash, end_width(s))
    }
    GROW(start, 1)
    GROW(end, end_width(s))
#undef GROW
    s->cap = nc;
    return 0;
}

static int seg_text_capacity(seg *s, size_t nc)
{
    if (nc <= s->acap)
        return 0;
    char *a = incstat_big_resize(s->arena, s->acap, nc);
    if (!a)
        return -1;
    s->arena = a;
    s->acap = nc;
    return 0;
}

static int seg_reserve_text(seg *s, size_t n)
{
    if (n <= s->acap - s->alen)
        return 0;
    size_t nc = s->acap ? s->acap : (size_t)1 << 16;
    while (nc - s->alen < n) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    return seg_text_capacity(s, nc);
}

/* After this many rows the whole is guessed from the share of the input
 * they took, and made that big at once: growing by doubling cost more in
 * copies and fresh pages than the reading (as for the table). */
#define GUESS_AFTER 4096

static void seg_reserve_ahead(seg *s, incstat_loader *ld)
{
    double f = incstat_loader_fraction_read_(ld);
    if (f <= 0 || f >= 1)
        return;
    double rows = (double)s->rows / f * 1.05 + 1024, text = (double)s->alen / f * 1.05 + 65536;
    if (rows > 4e9 || text > 1e13)
        return;
    /* a guess: on failure the columns grow as they go */
    if (seg_grow_rows(s, (size_t)rows) == 0)
        seg_text_capacity(s, (size_t)text);
}

/* A 64-bit hash of a cell's text (8 bytes at a time, then mixed): a diff
 * takes cells with equal hashes as equal, at odds of about 1 in 2^64. */
static uint64_t cell_hash(const char *p, size_t n)
{
    const uint64_t m = 0xff51afd7ed558ccdull;
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)n * m);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * m;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    if (n > i)
        memcpy(&w, p + i, n - i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    h *= m;
    return h ^ (h >> 32);
}

/* The current record's cells into s: the bytes themselves when the reader
 * left them as they are (ASCII, no doubled or stray quotes), else decoded. */
static int seg_put_cells(seg *s, incstat_csv *csv)
{
    incstat_csv_record_view v;
    incstat_csv_record_view_(csv, &v);
    uint32_t *end = s->end + s->rows * s->ncols;
    size_t base = s->alen;
    for (size_t i = 0; i < s->ncols; i++) {
        const char *p = "";
        size_t n = 0;
        if (i < v.n) {
            unsigned char f = v.flags[i];
            if (v.ascii && !(f & (INCSTAT_CSV_IRREGULAR_ | INCSTAT_CSV_DOUBLED_))) {
                size_t q = (f & INCSTAT_CSV_QUOTED_) ? 1 : 0;
                p = v.rec + v.start[i] + q;
                n = v.end[i] - v.start[i] - 2 * q;
            } else if (!(p = incstat_csv_field(csv, i, &n))) {
                return -1; /* out of memory decoding it */
            }
        }
        if (s->hashed) {
            s->hash[s->rows * s->ncols + i] = cell_hash(p, n);
            if (!s->text_col[i])
                n = 0;
        }
        if (seg_reserve_text(s, n) != 0 || s->alen + n - base > UINT32_MAX)
            return -1;
        if (n)
            memcpy(s->arena + s->alen, p, n);
        s->alen += n;
        end[i] = (uint32_t)(s->alen - base);
    }
    s->start[s->rows] = base;
    return 0;
}

static int seg_add(seg *s, incstat_loader *ld, const incstat_incident *inc)
{
    if (s->rows == s->cap && seg_grow_rows(s, s->cap ? s->cap * 2 : 1024) != 0)
        return -1;
    if (incstat_loader_last_ambiguous_(ld)) {
        size_t *a = incstat_array_room(s->amb, &s->camb, s->namb, sizeof *a, 256);
        if (!a)
            return -1;
        s->amb = a;
        a[s->namb++] = s->rows;
    }
    if (seg_put_cells(s, incstat_loader_csv_(ld)) != 0)
        return -1;
    size_t r = s->rows;
    s->line[r] = inc->line;
    s->date[r] = inc->date;
    memcpy(s->num + r * NNUM, inc->num, NNUM * sizeof(double));
    s->has_id[r] = inc->text[INCSTAT_TEXT_ID].ptr != NULL;
    s->rows++;
    return 0;
}

/* What each segment keeps: ncols cells a row, as text or hashes. */
typedef struct {
    size_t ncols;
    int hashed;
    const unsigned char *text_col;
} seg_shape;

static incstat_status seg_new(const seg_shape *shape, seg **out, incstat_error *err)
{
    seg *s = incstat_calloc(1, sizeof *s);
    if (!s)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    s->ncols = shape->ncols;
    s->hashed = shape->hashed;
    s->text_col = shape->text_col;
    *out = s;
    return INCSTAT_OK;
}

static incstat_status seg_fill(seg *s, incstat_loader *ld, incstat_error *err)
{
    for (;;) {
        if (s->rows == GUESS_AFTER)
            seg_reserve_ahead(s, ld);
        const incstat_incident *inc;
        incstat_status st = incstat_loader_next(ld, &inc, err);
        if (st == INCSTAT_DONE)
            return INCSTAT_OK;
        if (st != INCSTAT_ROW)
            return st;
        if (seg_add(s, ld, inc) != 0)
            return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "%s: out of memory",
                                     incstat_loader_report(ld)->source);
    }
}

/* ---- chunks ------------------------------------------------------------- */

/* A chunk's state: its segment, and the segments of the chunks merged into
 * it (chunk 0 gathers them all, in file order). */
typedef struct {
    seg *segs[MAX_SEGS];
    size_t n;
} part;

static void part_free(part *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        seg_free(p->segs[i]);
    incstat_free_mem(p);
}

static incstat_status job_begin(void *ctx, void **state, incstat_error *err)
{
    part *p = incstat_calloc(1, sizeof *p);
    if (!p)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_status st = seg_new(ctx, &p->segs[0], err);
    if (st) {
        incstat_free_mem(p);
        return st;
    }
    p->n = 1;
    *state = p;
    return INCSTAT_OK;
}

static incstat_status job_run(void *ctx, void *state, incstat_loader *fork, incstat_error *err)
{
    (void)ctx;
    return seg_fill(((part *)state)->segs[0], fork, err);
}

static void shift_lines(seg *s, uint64_t off)
{
    for (size_t i = 0; i < s->rows; i++)
        s->line[i] += off;
}

static void job_first(void *ctx, void *state, uint64_t line_off)
{
    (void)ctx;
    shift_lines(((part *)state)->segs[0], line_off);
}

static incstat_status job_merge(void *ctx, void *into, void *from, uint64_t line_off,
                                incstat_error *err)
{
    (void)ctx;
    (void)err;
    part *a = into, *b = from;
    /* at most MAX_CHUNKS chunks, as many segments as MAX_SEGS */
    shift_lines(b->segs[0], line_off);
    a->segs[a->n++] = b->segs[0];
    b->n = 0;
    return INCSTAT_OK;
}

static void job_free(void *ctx, void *state)
{
    (void)ctx;
    part_free(state);
}

static incstat_status read_parts(incstat_loader *ld, seg_shape *shape, part **out,
                                 incstat_error *err)
{
    incstat_par_job_ job = {shape, job_begin, job_run, job_first, job_merge, job_free};
    return incstat_par_read_(ld, &job, (void **)out, err);
}

/* ---- public ------------------------------------------------------------- */

void incstat_records_free(incstat_records *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsegs; i++)
        seg_free(r->segs[i]);
    seg_free(r->fetched);
    incstat_free_mem(r->fetched_rows);
    incstat_free_mem(r->path);
    incstat_free_mem(r->text_col);
    if (r->rep)
        r->rep_free(r->rep);
    incstat_free_mem(r);
}

/* Hashed: the columns whose text is kept besides the hashes: those the
 * loader maps to a canonical field, and those named (header names, or
 * canonical fields for the columns mapped to them). */
static unsigned char *text_columns(const incstat_load_report *rep, const char *const *names,
                                   size_t n)
{
    unsigned char *m = incstat_calloc(rep->n_columns ? rep->n_columns : 1, 1);
    if (!m)
        return NULL;
    for (size_t c = 0; c < rep->n_columns; c++) {
        const char *f = rep->columns[c].field, *name = rep->columns[c].name;
        m[c] = f && strcmp(f, "keep") != 0;
        for (size_t k = 0; k < n && !m[c]; k++) {
            const char *q = names[k];
            size_t qn = strlen(q), pn = strlen(name);
            incstat_trim_cell(&q, &qn);
            incstat_trim_cell(&name, &pn);
            m[c] = (f && strcmp(f, names[k]) == 0) ||
                   (qn == pn && incstat_ascii_ncaseeq(name, pn, q));
        }
    }
    return m;
}

static incstat_status load(const char *path, const incstat_load_options *opts, int hashed,
                           const char *const *names, size_t n_names, incstat_records **out,
                           incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    incstat_load_options o;
    if (opts)
        o = *opts;
    else
        memset(&o, 0, sizeof o);
    /* the text comes from the cells: the loader needs only the numbers
     * (the id and the date it always reads) */
    static const char *const NUMBERS[] = {"killed", "injured"};
    if (!o.fields) {
        o.fields = NUMBERS;
        o.n_fields = 2;
    }
    incstat_loader *ld;
    incstat_status st = incstat_loader_open(path, &o, &ld, err);
    if (st)
        return st;
    incstat_records *r = incstat_calloc(1, sizeof *r);
    part *p = NULL;
    if (!r) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    r->ncols = incstat_loader_report(ld)->n_columns;
    r->hashed = hashed;
    r->opts = o;
    if (hashed && !(r->path = incstat_strndup(path, strlen(path)))) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    if (hashed &&
        !(r->text_col = text_columns(incstat_loader_report(ld), names, n_names))) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    seg_shape shape = {r->ncols, hashed, r->text_col};
    if ((st = read_parts(ld, &shape, &p, err)) != INCSTAT_OK)
        goto fail;
    int swap = incstat_loader_swap_ambiguous_(ld);
    for (size_t i = 0; i < p->n; i++) {
        seg *s = p->segs[i];
        for (size_t k = 0; swap && k < s->namb; k++) {
            incstat_date *d = &s->date[s->amb[k]];
            int8_t m = d->day;
            d->day = d->month;
            d->month = m;
        }
        r->segs[i] = s;
        r->first[i + 1] = r->first[i] + s->rows;
    }
    r->nsegs = p->n;
    p->n = 0;
    part_free(p);
    p = NULL;
    if (!(r->rep = incstat_loader_take_report_(ld, &r->rep_free))) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t c = 0; c < r->rep->n_columns; c++)
        if (r->rep->columns[c].field && strcmp(r->rep->columns[c].field, "id") == 0)
            r->id_mapped = 1;
    incstat_loader_free(ld);
    *out = r;
    return INCSTAT_OK;
fail:
    part_free(p);
    incstat_records_free(r);
    incstat_loader_free(ld);
    return st;
}

incstat_status incstat_records_load(const char *path, const incstat_load_options *opts,
                                    incstat_records **out, incstat_error *err)
{
    return load(path, opts, 0, NULL, 0, out, err);
}

incstat_status incstat_records_load_hashed(const char *path, const incstat_load_options *opts,
                                           const char *const *text_columns, size_t n,
                                           incstat_records **out, incstat_error *err)
{
    /* standard input cannot be read twice */
    int again = path && strcmp(path, "-") != 0;
    return load(path, opts, again, text_columns, n, out, err);
}

int incstat_records_hashed(const incstat_records *r)
{
    return r && r->hashed;
}

size_t incstat_records_count(const incstat_records *r) { return r ? r->first[r->nsegs] : 0; }
size_t incstat_records_columns(const incstat_records *r) { return r ? r->ncols : 0; }
const incstat_load_report *incstat_records_report(const incstat_records *r)
{
    return r ? r->rep : NULL;
}

/* The segment holding row, and the row's index in it. */
static const seg *locate(const incstat_records *r, size_t row, size_t *i)
{
    size_t lo = 0, hi = r->nsegs;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (r->first[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    *i = row - r->first[lo];
    return r->segs[lo];
}

/* The segment with row's text: its own, or (hashed) the fetched one; NULL
 * when a hashed row's text was not fetched. */
static const seg *text_of(const incstat_records *r, size_t row, size_t *i)
{
    if (!r->hashed)
        return locate(r, row, i);
    size_t lo = 0, hi = r->fetched ? r->fetched->rows : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->fetched_rows[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!r->fetched || lo == r->fetched->rows || r->fetched_rows[lo] != row)
        return locate(r, row, i); /* the key columns' text only */
    *i = lo;
    return r->fetched;
}

const uint64_t *incstat_records_hashes(const incstat_records *r, size_t row)
{
    size_t i;
    const seg *s = locate(r, row, &i);
    return s->hashed ? s->hash + i * s->ncols : NULL;
}

const char *incstat_records_cell(const incstat_records *r, size_t row, size_t col, size_t *len)
{
    size_t i;
    const seg *s = text_of(r, row, &i);
    if (!s) {
        *len = 0;
        return "";
    }
    const uint32_t *end = s->end + i * s->ncols;
    uint32_t b = col ? end[col - 1] : 0;
    *len = end[col] - b;
    return s->arena + s->start[i] + b;
}

void incstat_records_row(const incstat_records *r, size_t row, const char **text,
                         const uint32_t **ends)
{
    size_t i;
    const seg *s = text_of(r, row, &i);
    if (!s) {
        *ends = NULL;
        *text = NULL;
        return;
    }
    *ends = s->end + i * s->ncols;
    *text = s->arena + s->start[i];
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

incstat_status incstat_records_fetch(incstat_records *r, const size_t *rows, size_t n,
                                     incstat_error *err)
{
    if (!r || (n && !rows))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no records");
    if (!r->hashed || n == 0)
        return INCSTAT_OK;
    seg_free(r->fetched);
    incstat_free_mem(r->fetched_rows);
    r->fetched = NULL;
    seg_shape shape = {r->ncols, 0, NULL};
    incstat_status st;
    size_t *want = incstat_reallocarray(NULL, n, sizeof *want);
    if (!want)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    memcpy(want, rows, n * sizeof *want);
    qsort(want, n, sizeof *want, cmp_size);
    size_t m = 0; /* without repeats */
    for (size_t k = 0; k < n; k++)
        if (m == 0 || want[m - 1] != want[k])
            want[m++] = want[k];
    r->fetched_rows = want;
    if ((st = seg_new(&shape, &r->fetched, err)) != INCSTAT_OK)
        return st;
    /* the file read again as the first time (same options, same decoding);
     * records are found by the line they start on */
    incstat_load_options o = r->opts;
    o.threads = 0;
    incstat_loader *ld;
    if ((st = incstat_loader_open(r->path, &o, &ld, err)) != INCSTAT_OK)
        return st;
    incstat_csv *csv = incstat_loader_csv_(ld);
    size_t k = 0;
    while (k < m && (st = incstat_csv_next(csv, err)) == INCSTAT_ROW) {
        uint64_t line = incstat_csv_line(csv);
        if (line < incstat_records_line(r, want[k]))
            continue;
        if (line > incstat_records_line(r, want[k])) {
            st = incstat_set_error(err, INCSTAT_EIO, line, 0,
                                   "%s changed while it was being compared", r->rep->source);
            break;
        }
        seg *f = r->fetched;
        if ((f->rows == f->cap && seg_grow_rows(f, f->cap ? f->cap * 2 : 64) != 0) ||
            seg_put_cells(f, csv) != 0) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, line, 0, "out of memory");
            break;
        }
        f->rows++;
        k++;
    }
    if (st == INCSTAT_ROW || st == INCSTAT_DONE)
        st = k == m ? INCSTAT_OK
                    : incstat_set_error(err, INCSTAT_EIO, 0, 0,
                                        "%s changed while it was being compared",
                                        r->rep->source);
    incstat_loader_free(ld);
    return st;
}

uint64_t incstat_records_line(const incstat_records *r, size_t row)
{
    size_t i;
    const seg *s = locate(r, row, &i);
    return s->line[i];
}

incstat_date incstat_records_date(const incstat_records *r, size_t row)
{
    size_t i;
    const seg *s = locate(r, row, &i);
    return s->date[i];
}

double incstat_records_number(const incstat_records *r, size_t row, incstat_num_field f)
{
    if ((int)f < 0 || (int)f >= NNUM)
        return NAN;
    size_t i;
    const seg *s = locate(r, row, &i);
    return s->num[i * NNUM + (size_t)f];
}

int incstat_records_has_id(const incstat_records *r, size_t row)
{
    size_t i;
    const seg *s = locate(r, row, &i);
    return !r->id_mapped || s->has_id[i];
}

void incstat_records_incident(const incstat_records *r, size_t row, incstat_incident *inc)
{
    size_t i;
    const seg *s = locate(r, row, &i);
    memset(inc, 0, sizeof *inc);
    inc->line = s->line[i];
    inc->date = s->date[i];
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
        inc->num[f] = f < NNUM ? s->num[i * NNUM + (size_t)f] : NAN;
}
