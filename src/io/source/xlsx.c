/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx.c: a workbook's sheets listed, and one chosen and opened as
 * rows (see xlsx.h). */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/xlsx.h"
#include "io/source/xlsx_book.h"
#include "io/source/xlsx_sheet.h"

struct incstat_xlsx_book {
    xlsx_shared *sh;
    incstat_xlsx_sheet *sheets;
    char (*dims)[48];
    size_t n;
};

void incstat_xlsx_book_free(incstat_xlsx_book *b)
{
    if (!b)
        return;
    xlsx_shared_release(b->sh);
    incstat_free_mem(b->sheets);
    incstat_free_mem(b->dims);
    incstat_free_mem(b);
}

/* Whether worksheet i holds a value, and its dimension, read from the start
 * of its part.  A sheet that cannot be read says it holds cells: opening it
 * then gives the error. */
static incstat_status probe(incstat_xlsx_book *b, size_t i, incstat_error *err)
{
    incstat_rows *r;
    incstat_error perr;
    incstat_status st = xlsx_sheet_open(b->sh, i, 1, NULL, &r, &perr);
    if (st == INCSTAT_OK) {
        st = r->ops->next(r, &perr);
        snprintf(b->dims[i], sizeof b->dims[i], "%s", xlsx_sheet_dimension(r));
        incstat_rows_free(r);
    }
    if (st == INCSTAT_ENOMEM || st == INCSTAT_EIO) {
        if (err)
            *err = perr;
        return st;
    }
    b->sheets[i].has_cells = st != INCSTAT_DONE;
    return INCSTAT_OK;
}

incstat_status incstat_xlsx_book_open(const char *path, incstat_xlsx_book **out,
                                      incstat_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "xlsx: no path given");
    incstat_xlsx_book *b = incstat_calloc(1, sizeof *b);
    if (!b)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", path);
    incstat_status st = xlsx_shared_open(path, path, &b->sh, err);
    if (st != INCSTAT_OK) {
        incstat_xlsx_book_free(b);
        return st;
    }
    b->n = b->sh->nsheets;
    b->sheets = incstat_calloc(b->n ? b->n : 1, sizeof *b->sheets);
    b->dims = incstat_calloc(b->n ? b->n : 1, sizeof *b->dims);
    if (!b->sheets || !b->dims) {
        incstat_xlsx_book_free(b);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", path);
    }
    for (size_t i = 0; i < b->n; i++) {
        const xlsx_sheet_ref *ref = &b->sh->sheets[i];
        incstat_xlsx_sheet *s = &b->sheets[i];
        const xlsx_entry *e = ref->part ? xlsx_zip_find(b->sh->z, ref->part) : NULL;
        s->name = ref->name;
        s->part = ref->part ? ref->part : "";
        s->kind = ref->kind;
        s->hidden = ref->hidden;
        s->dimension = b->dims[i];
        s->bytes = e ? e->usize : 0;
        s->has_cells = -1;
        if (s->kind == INCSTAT_XLSX_WORKSHEET && (st = probe(b, i, err)) != INCSTAT_OK) {
            incstat_xlsx_book_free(b);
            return st;
        }
    }
    *out = b;
    return INCSTAT_OK;
}

size_t incstat_xlsx_book_count(const incstat_xlsx_book *b)
{
    return b ? b->n : 0;
}

const incstat_xlsx_sheet *incstat_xlsx_book_sheet(const incstat_xlsx_book *b, size_t i)
{
    return b && i < b->n ? &b->sheets[i] : NULL;
}

int incstat_xlsx_book_date1904(const incstat_xlsx_book *b)
{
    return b ? b->sh->date1904 : 0;
}

static const char *kind_name(incstat_xlsx_kind k)
{
    return k == INCSTAT_XLSX_CHARTSHEET ? "a chart sheet" : "not a worksheet";
}

/* "Data, Chart1, Notes" (cut short with "..." when long) */
static void sheet_list(const incstat_xlsx_book *b, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < b->n && n + 8 < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s\"%s\"", i ? ", " : "", b->sheets[i].name);
    if (n >= cap && cap > 4)
        memcpy(buf + cap - 4, "...", 4);
}

/* The sheet o asks for: its index, or an error. */
static incstat_status choose(const incstat_xlsx_book *b, const incstat_xlsx_options *o,
                             size_t *idx, incstat_error *err)
{
    char list[200];
    const char *file = b->sh->file;
    if (o->sheet) {
        size_t i = 0;
        while (i < b->n && strcmp(b->sheets[i].name, o->sheet) != 0)
            i++;
        if (i == b->n)
            for (i = 0; i < b->n && incstat_ascii_casecmp(b->sheets[i].name, o->sheet) != 0;)
                i++;
        if (i == b->n) {
            sheet_list(b, list, sizeof list);
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "%s has no sheet named \"%s\"; its "
                                     "sheets: %s", file, o->sheet, b->n ? list : "none");
        }
        *idx = i;
    } else if (o->index) {
        if (o->index > b->n) {
            sheet_list(b, list, sizeof list);
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "%s has %zu sheet%s, so no sheet %zu; "
                                     "its sheets: %s", file, b->n, b->n == 1 ? "" : "s", o->index,
                                     b->n ? list : "none");
        }
        *idx = o->index - 1;
    } else {
        size_t i = 0;
        while (i < b->n && !(b->sheets[i].kind == INCSTAT_XLSX_WORKSHEET && b->sheets[i].has_cells == 1))
            i++;
        if (i == b->n)
            return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0, "%s: no worksheet holds a value "
                                     "(%zu sheet%s)", file, b->n, b->n == 1 ? "" : "s");
        *idx = i;
        return INCSTAT_OK;
    }
    const incstat_xlsx_sheet *s = &b->sheets[*idx];
    if (s->kind != INCSTAT_XLSX_WORKSHEET)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "%s: sheet \"%s\" is %s: it holds no cells",
                                 file, s->name, s->part[0] ? kind_name(s->kind)
                                                           : "missing from the archive");
    return INCSTAT_OK;
}

/* The first note: the sheet taken, and why. */
static int sheet_taken_note(const incstat_xlsx_book *b, const incstat_xlsx_options *o, size_t idx,
                            incstat_rows *r)
{
    const incstat_xlsx_sheet *s = &b->sheets[idx];
    if ((o->sheet || o->index) && o->why)
        return xlsx_sheet_note(r, "%s", o->why);
    if (o->sheet || o->index)
        return xlsx_sheet_note(r, "sheet \"%s\" (%zu of %zu) taken, as asked", s->name, idx + 1, b->n);
    char skipped[300] = "";
    size_t n = 0;
    for (size_t i = 0; i < idx && n < sizeof skipped; i++) {
        const incstat_xlsx_sheet *k = &b->sheets[i];
        n += (size_t)snprintf(skipped + n, sizeof skipped - n, "%s\"%s\" (%s)",
                              i ? ", " : "; skipped: ", k->name,
                              k->kind == INCSTAT_XLSX_WORKSHEET ? "no value"
                              : k->kind == INCSTAT_XLSX_CHARTSHEET ? "a chart sheet"
                                                                  : "not a worksheet");
    }
    if (n >= sizeof skipped)
        memcpy(skipped + sizeof skipped - 4, "...", 4);
    return xlsx_sheet_note(r, "sheet \"%s\" (%zu of %zu) taken: the first worksheet that holds a "
                           "value%s", s->name, idx + 1, b->n, skipped);
}

incstat_status incstat_xlsx_book_rows(incstat_xlsx_book *b, const incstat_xlsx_options *o,
                                      incstat_rows **out, incstat_error *err)
{
    static const incstat_xlsx_options defaults = {0};
    if (out)
        *out = NULL;
    if (!b || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "xlsx: no workbook given");
    if (!o)
        o = &defaults;
    size_t idx = 0;
    incstat_status st = choose(b, o, &idx, err);
    if (st == INCSTAT_OK)
        st = xlsx_shared_load(b->sh, o->max_strings, err);
    if (st != INCSTAT_OK)
        return st;
    incstat_rows *r;
    if ((st = xlsx_sheet_open(b->sh, idx, 0, o, &r, err)) != INCSTAT_OK)
        return st;
    if (sheet_taken_note(b, o, idx, r) != 0) {
        incstat_rows_free(r);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", b->sh->file);
    }
    *out = r;
    return INCSTAT_OK;
}

incstat_status incstat_xlsx_open(const char *path, const incstat_xlsx_options *o,
                                 incstat_rows **out, incstat_error *err)
{
    incstat_xlsx_book *b;
    if (out)
        *out = NULL;
    incstat_status st = incstat_xlsx_book_open(path, &b, err);
    if (st != INCSTAT_OK)
        return st;
    st = incstat_xlsx_book_rows(b, o, out, err);
    incstat_xlsx_book_free(b);
    return st;
}
