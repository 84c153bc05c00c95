/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/csv_rows.c: a source of typed rows (rows.h: a workbook sheet, a
 * Stata or SPSS file) read through the CSV reader's interface, so that the
 * loader, its recognition, number formats, dates, load report and every
 * command work on it unchanged.  Each row's cell texts are laid out as a
 * record (the reader's buffer, field offsets, no quotes), and each cell's
 * type and value are kept beside it (incstat_csv_cell_type_), so a number
 * or a date the file types is not parsed again from text.
 *
 * One read-ahead.  The first rows are kept in memory as they are read, and
 * the samplers the loader opens before its first row (recognition, number
 * formats, aggregates: incstat_csv_open_peek_) read them there instead of
 * opening the file again, which for a workbook would inflate the sheet
 * again.  The main reader takes the kept rows first, then reads on from the
 * source; once it has passed them they are dropped. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/csv_reader.h"
#include "io/source/rows.h"

/* rows kept for the samplers at most (the number formats read 2,000), and
 * their text */
#define AHEAD_ROWS 2100
#define AHEAD_BYTES ((size_t)64 << 20)

typedef struct {
    uint64_t row;          /* the source's row number */
    size_t first, n;       /* its cells: cells[first, first + n) */
} kept_row;

typedef struct {
    incstat_cell_type type;
    double num;
    size_t off, len;       /* its text in the arena */
} kept_cell;

struct incstat_csv_rows_ {
    incstat_rows *src;     /* owned by the main reader; NULL in a peek */
    struct incstat_csv_rows_ *parent; /* a peek's: the main reader's */
    int src_done;          /* the source said DONE */
    int streaming;         /* the kept rows are spent: rows come from src */
    /* the read-ahead (the main reader's) */
    kept_row *rows;
    size_t nrows, cap_rows;
    kept_cell *cells;
    size_t ncells, cap_cells;
    char *arena;
    size_t arena_len, arena_cap;
    size_t cursor;         /* the next kept row this reader returns */
    size_t width;          /* cells in the header: a sheet leaves out a row's
                              trailing empty cells, which come back as empty */
    /* the current row's types and values, beside the record */
    unsigned char *types;
    double *nums;
    size_t cap_cur;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = incstat_reallocarray(*p, n, size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* The current row of the source into the read-ahead; -1 out of memory. */
static int keep_row(struct incstat_csv_rows_ *a)
{
    incstat_rows *r = a->src;
    size_t n = r->ops->count(r), text = 0;
    for (size_t i = 0; i < n; i++)
        text += r->ops->cell(r, i)->len;
    if (grow((void **)&a->rows, &a->cap_rows, a->nrows + 1, sizeof *a->rows) ||
        grow((void **)&a->cells, &a->cap_cells, a->ncells + n, sizeof *a->cells) ||
        grow((void **)&a->arena, &a->arena_cap, a->arena_len + text + 1, 1))
        return -1;
    kept_row *kr = &a->rows[a->nrows++];
    kr->row = r->ops->row_number(r);
    kr->first = a->ncells;
    kr->n = n;
    for (size_t i = 0; i < n; i++) {
        const incstat_cell *cl = r->ops->cell(r, i);
        kept_cell *kc = &a->cells[a->ncells++];
        kc->type = cl->type;
        kc->num = cl->num;
        kc->off = a->arena_len;
        kc->len = cl->len;
        if (cl->len)
            memcpy(a->arena + a->arena_len, cl->text, cl->len);
        a->arena_len += cl->len;
    }
    return 0;
}

/* Read one more row from the source into the read-ahead: INCSTAT_ROW,
 * INCSTAT_DONE (the source is spent, or the read-ahead full), or an error. */
static incstat_status ahead_one(struct incstat_csv_rows_ *a, incstat_error *err)
{
    if (a->src_done || a->nrows >= AHEAD_ROWS || a->arena_len >= AHEAD_BYTES)
        return INCSTAT_DONE;
    incstat_status st = a->src->ops->next(a->src, err);
    if (st == INCSTAT_DONE)
        a->src_done = 1;
    if (st != INCSTAT_ROW)
        return st;
    if (keep_row(a) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    return INCSTAT_ROW;
}

/* Lay n cells out as the reader's record: text back to back, field
 * offsets, no quote flags; types and values beside it. */
static incstat_status set_record(incstat_csv *c, struct incstat_csv_rows_ *a, size_t n,
                                 const kept_cell *kept, const char *arena,
                                 const incstat_rows *src, uint64_t row, size_t width,
                                 incstat_error *err)
{
    size_t all = n < width ? width : n, text = 0;
    for (size_t i = 0; i < n; i++)
        text += kept ? kept[i].len : src->ops->cell(src, i)->len;
    if (grow((void **)&c->buf, &c->cap, text + 1, 1))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (all + 1 > a->cap_cur) { /* types and values: one capacity */
        size_t cc = a->cap_cur ? a->cap_cur : 16;
        while (cc < all + 1)
            cc *= 2;
        unsigned char *ty = incstat_reallocarray(a->types, cc, 1);
        if (ty)
            a->types = ty;
        double *nu = incstat_reallocarray(a->nums, cc, sizeof *nu);
        if (nu)
            a->nums = nu;
        if (!ty || !nu)
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        a->cap_cur = cc;
    }
    if (all + 1 > c->fields_cap) {
        size_t fc = c->fields_cap ? c->fields_cap : 16;
        while (fc < all + 1)
            fc *= 2;
        size_t *fs = incstat_reallocarray(c->fstart, fc, sizeof *fs);
        if (fs)
            c->fstart = fs;
        size_t *fe = incstat_reallocarray(c->fend, fc, sizeof *fe);
        if (fe)
            c->fend = fe;
        unsigned char *ff = incstat_reallocarray(c->fflags, fc, 1);
        if (ff)
            c->fflags = ff;
        if (!fs || !fe || !ff)
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        c->fields_cap = fc;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s;
        size_t len;
        if (kept) {
            s = arena + kept[i].off; /* the main reader's kept text */
            len = kept[i].len;
            a->types[i] = (unsigned char)kept[i].type;
            a->nums[i] = kept[i].num;
        } else {
            const incstat_cell *cl = src->ops->cell(src, i);
            s = cl->text;
            len = cl->len;
            a->types[i] = (unsigned char)cl->type;
            a->nums[i] = cl->num;
        }
        c->fstart[i] = at;
        if (len)
            memcpy(c->buf + at, s, len);
        at += len;
        c->fend[i] = at;
        c->fflags[i] = 0;
    }
    for (size_t i = n; i < all; i++) { /* the trailing cells a sheet leaves out */
        c->fstart[i] = c->fend[i] = at;
        c->fflags[i] = 0;
        a->types[i] = INCSTAT_CELL_EMPTY;
        a->nums[i] = NAN;
    }
    n = all;
    c->buf[at] = '\0';
    c->rec = 0;
    c->rec_len = at;
    c->rec_ascii = -1;
    c->nfields = n;
    c->pos = c->end = 0;
    c->line = row;
    c->end_line = row;
    c->next_line = row + 1;
    return INCSTAT_OK;
}

incstat_status incstat_csv_rows_next_(incstat_csv *c, incstat_error *err)
{
    struct incstat_csv_rows_ *a = c->rows;
    struct incstat_csv_rows_ *m = a->parent ? a->parent : a; /* who keeps the rows */
    if (a == m && !m->width && !m->streaming && m->nrows == 0) {
        /* before the header: read ahead, so that the header is as wide as the
         * widest row kept (a sheet leaves out a row's trailing empty cells,
         * the header's too: a merged header cell, an unnamed last column) */
        incstat_status st;
        while ((st = ahead_one(m, err)) == INCSTAT_ROW)
            ;
        if (st != INCSTAT_DONE)
            return st;
        for (size_t k = 0; k < m->nrows; k++)
            if (m->rows[k].n > m->width)
                m->width = m->rows[k].n;
    }
    for (;;) {
        if (a->cursor < m->nrows && !(a == m && m->streaming)) {
            const kept_row *kr = &m->rows[a->cursor++];
            incstat_status st = set_record(c, a, kr->n, &m->cells[kr->first], m->arena, NULL, kr->row,
                                           m->width, err);
            if (st)
                return st;
            if (c->nfields == 0)
                continue; /* a row of no cells is no record */
            return INCSTAT_ROW;
        }
        if (!m->streaming) { /* more rows into the read-ahead, while it has room */
            incstat_status st = ahead_one(m, err);
            if (st == INCSTAT_ROW)
                continue;
            if (st != INCSTAT_DONE)
                return st;
            if (a != m) /* a peek reads no further than the read-ahead */
                break;
        } else if (a != m) {
            break;
        }
        /* the main reader past the kept rows: they are dropped, and the
         * source read on directly */
        if (!m->streaming) {
            m->streaming = 1;
            incstat_free_mem(m->rows);
            incstat_free_mem(m->cells);
            incstat_free_mem(m->arena);
            m->rows = NULL;
            m->cells = NULL;
            m->arena = NULL;
            m->nrows = m->ncells = m->cap_rows = m->cap_cells = 0;
            m->arena_len = m->arena_cap = 0;
        }
        if (m->src_done)
            break;
        incstat_status st = m->src->ops->next(m->src, err);
        if (st == INCSTAT_DONE) {
            m->src_done = 1;
            break;
        }
        if (st != INCSTAT_ROW)
            return st;
        const incstat_rows *r = m->src;
        st = set_record(c, a, r->ops->count(r), NULL, NULL, r, r->ops->row_number(r), m->width,
                        err);
        if (st)
            return st;
        c->bytes_read = r->ops->bytes_done ? r->ops->bytes_done(r) : 0;
        if (c->nfields == 0)
            continue;
        return INCSTAT_ROW;
    }
    c->nfields = 0;
    c->eof = 1;
    if (a == m && m->src->ops->bytes_done)
        c->bytes_read = m->src->ops->bytes_done(m->src);
    return INCSTAT_DONE;
}

struct incstat_csv_rows_ *incstat_csv_rows_new_(incstat_rows *src, const incstat_csv *main)
{
    struct incstat_csv_rows_ *a = incstat_calloc(1, sizeof *a);
    if (!a)
        return NULL;
    if (main) { /* a peek: the main reader's kept rows, from where it stands */
        a->parent = main->rows;
        a->cursor = main->rows->cursor;
    } else {
        a->src = src;
    }
    return a;
}

int incstat_csv_rows_peekable_(const incstat_csv *main)
{
    return main && main->rows && !main->rows->parent && !main->rows->streaming;
}

int incstat_csv_cell_type_(const incstat_csv *c, size_t i, double *num)
{
    if (INCSTAT_LIKELY(!c->rows) || i >= c->nfields)
        return 0;
    if (num)
        *num = c->rows->nums[i];
    return c->rows->types[i];
}

const incstat_rows *incstat_csv_rows_source_(const incstat_csv *c)
{
    if (!c || !c->rows)
        return NULL;
    return c->rows->parent ? c->rows->parent->src : c->rows->src;
}

uint64_t incstat_csv_rows_total_(const incstat_csv *c)
{
    const incstat_rows *r = incstat_csv_rows_source_(c);
    return r && r->ops->bytes_total ? r->ops->bytes_total(r) : 0;
}

void incstat_csv_rows_free_(incstat_csv *c)
{
    struct incstat_csv_rows_ *a = c->rows;
    if (!a)
        return;
    if (!a->parent)
        incstat_rows_free(a->src);
    incstat_free_mem(a->rows);
    incstat_free_mem(a->cells);
    incstat_free_mem(a->arena);
    incstat_free_mem(a->types);
    incstat_free_mem(a->nums);
    incstat_free_mem(a);
    c->rows = NULL;
}
