/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_rows.c: a source of typed rows (src/io/source/rows.h: what a workbook
 * sheet or a Stata file gives) read through the loader.  A source written
 * here, in memory, stands for them: typed dates, numbers, empty and error
 * cells, and more rows than are read ahead, so the samplers read the kept
 * rows and the main reader then reads on from the source.  Every figure
 * must be what the same table gives as CSV. */
#include <stdlib.h>

#include "helpers.h"
#include "incstat.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/source/rows.h"
#include "io/load/value_internal.h"

/* A generated table: row 0 the header, then n rows of incidents. */
typedef struct {
    incstat_rows base;
    size_t n, at;         /* rows in all, the row given (0: none yet) */
    incstat_cell cells[5];
    char text[5][40];
    int typed;            /* 1: typed cells, 0: every cell text (as a CSV) */
} mem_rows;

static const char *const HEADER[] = {"Date", "Killed", "Injured", "Province", "Note"};
static const char *const PROV[] = {"Punjab", "Sindh", "Balochistan"};

static double killed_of(size_t i) { return (double)((i * 7) % 13); }

static incstat_status mem_next(incstat_rows *r, incstat_error *err)
{
    (void)err;
    mem_rows *m = (mem_rows *)r;
    if (m->at > m->n)
        return INCSTAT_DONE;
    size_t i = m->at++;
    for (int k = 0; k < 5; k++) {
        incstat_cell *c = &m->cells[k];
        c->num = NAN;
        c->type = INCSTAT_CELL_TEXT;
        if (i == 0) {
            snprintf(m->text[k], sizeof m->text[k], "%s", HEADER[k]);
        } else if (k == 0) { /* a date a day apart, from 2004-01-01 (12418) */
            c->type = m->typed ? INCSTAT_CELL_DATE : INCSTAT_CELL_TEXT;
            c->num = 12418.0 + (double)(i * 3);
            incstat_date d;
            incstat_date_from_days_(c->num, &d);
            snprintf(m->text[k], sizeof m->text[k], "%04d-%02d-%02d", (int)d.year, d.month,
                     d.day);
        } else if (k == 1) {
            c->type = m->typed ? INCSTAT_CELL_NUMBER : INCSTAT_CELL_TEXT;
            c->num = killed_of(i);
            snprintf(m->text[k], sizeof m->text[k], "%g", c->num);
        } else if (k == 2) { /* injured: every fifth an error, every seventh empty */
            if (i % 5 == 0) {
                c->type = m->typed ? INCSTAT_CELL_ERROR : INCSTAT_CELL_TEXT;
                snprintf(m->text[k], sizeof m->text[k], "#N/A");
            } else if (i % 7 == 0) {
                c->type = m->typed ? INCSTAT_CELL_EMPTY : INCSTAT_CELL_TEXT;
                m->text[k][0] = '\0';
            } else {
                c->type = m->typed ? INCSTAT_CELL_NUMBER : INCSTAT_CELL_TEXT;
                c->num = 1;
                snprintf(m->text[k], sizeof m->text[k], "1");
            }
        } else if (k == 3) {
            snprintf(m->text[k], sizeof m->text[k], "%s", PROV[i % 3]);
        } else {
            snprintf(m->text[k], sizeof m->text[k], "row %zu", i);
        }
        c->text = m->text[k];
        c->len = strlen(m->text[k]);
    }
    return INCSTAT_ROW;
}

static size_t mem_count(const incstat_rows *r) { (void)r; return 5; }
static const incstat_cell *mem_cell(const incstat_rows *r, size_t i)
{
    return i < 5 ? &((const mem_rows *)r)->cells[i] : NULL;
}
static uint64_t mem_row(const incstat_rows *r) { return ((const mem_rows *)r)->at; }
static void mem_where(const incstat_rows *r, size_t i, char *buf, size_t cap)
{
    snprintf(buf, cap, "Sheet1!%c%llu", (char)('A' + (int)i), (unsigned long long)mem_row(r));
}
static uint64_t mem_done(const incstat_rows *r) { return ((const mem_rows *)r)->at * 40; }
static uint64_t mem_total(const incstat_rows *r) { return (((const mem_rows *)r)->n + 1) * 40; }
static size_t mem_notes(const incstat_rows *r) { (void)r; return 0; }
static const char *mem_note(const incstat_rows *r, size_t k) { (void)r; (void)k; return NULL; }
static void mem_free(incstat_rows *r) { free(r); }

static const incstat_rows_ops MEM_OPS = {"test", mem_next, mem_count, mem_cell, mem_row,
                                         mem_where, mem_done, mem_total, mem_notes, mem_note,
                                         mem_free};

static incstat_rows *mem_open(size_t n, int typed)
{
    mem_rows *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->base.ops = &MEM_OPS;
    m->n = n;
    m->typed = typed;
    return &m->base;
}

static incstat_summary *summarise(size_t n, int typed, incstat_loader **ld_out)
{
    incstat_csv *csv;
    incstat_error err;
    assert_int_equal(incstat_csv_open_rows_(mem_open(n, typed), "sheet.xlsx", &csv, &err),
                     INCSTAT_OK);
    incstat_loader *ld;
    if (incstat_loader_open_csv(csv, NULL, &ld, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    incstat_summary *s;
    if (incstat_summary_from_loader(ld, NULL, NULL, &s, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    *ld_out = ld;
    return s;
}

/* Typed rows and the same rows as text give the same summary; the samplers
 * read the kept rows (recognition found the date, counts and province). */
static void test_typed_as_text(void **state)
{
    (void)state;
    const size_t sizes[] = {3, 150, 2500, 5000}; /* below and past the read-ahead */
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        size_t n = sizes[z];
        double killed = 0, injured = 0;
        uint64_t inj_missing = 0;
        for (size_t i = 1; i <= n; i++) {
            killed += killed_of(i);
            if (i % 5 == 0 || i % 7 == 0)
                inj_missing++;
            else
                injured += 1;
        }
        for (int typed = 0; typed < 2; typed++) {
            incstat_loader *ld;
            incstat_summary *s = summarise(n, typed, &ld);
            const incstat_load_report *rep = incstat_loader_report(ld);
            assert_int_equal(rep->rows_read, n);
            assert_int_equal(rep->rows_loaded, n);
            assert_int_equal(rep->n_recognised >= 4, 1);
            incstat_summary_row t;
            incstat_error err;
            assert_int_equal(incstat_summary_total(s, &t, &err), INCSTAT_OK);
            assert_int_equal(t.incidents, n);
            assert_close(t.killed, killed, 0);
            assert_close(t.injured, injured, 0);
            assert_int_equal(t.injured_missing, inj_missing);
            /* the first row's year: 2004 */
            assert_int_equal(incstat_summary_row_at(s, 0)->year, 2004);
            incstat_summary_free(s);
            incstat_loader_free(ld);
        }
    }
}

/* A peek reads the kept rows from where the main reader stands and leaves
 * it there; once the main reader is past them, there is nothing to peek. */
static void test_peek(void **state)
{
    (void)state;
    incstat_csv *csv, *pk;
    incstat_error err;
    assert_int_equal(incstat_csv_open_rows_(mem_open(10, 1), "s", &csv, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(csv, &err), INCSTAT_ROW); /* the header */
    size_t len;
    const char *f1 = incstat_csv_field(csv, 1, &len);
    assert_int_equal(len, 6);
    assert_memory_equal(f1, "Killed", 6);
    assert_int_equal(incstat_csv_open_peek_(csv, &pk, &err), INCSTAT_OK);
    assert_non_null(pk);
    size_t rows = 0;
    while (incstat_csv_next(pk, &err) == INCSTAT_ROW)
        rows++;
    assert_int_equal(rows, 10);
    incstat_csv_free(pk);
    /* the main reader: row 2 of the sheet, its cells typed */
    assert_int_equal(incstat_csv_next(csv, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_line(csv), 2);
    double x;
    assert_int_equal(incstat_csv_cell_type_(csv, 0, &x), INCSTAT_CELL_DATE);
    assert_int_equal(incstat_csv_cell_type_(csv, 1, &x), INCSTAT_CELL_NUMBER);
    assert_close(x, killed_of(1), 0);
    for (rows = 1; incstat_csv_next(csv, &err) == INCSTAT_ROW; rows++)
        ;
    assert_int_equal(rows, 10);
    assert_int_equal(incstat_csv_open_peek_(csv, &pk, &err), INCSTAT_OK);
    assert_null(pk); /* spent */
    /* a CSV reader has no kept rows and no types */
    incstat_csv *plain;
    assert_int_equal(incstat_csv_open_memory("a,b\n1,2\n", 8, "m", NULL, &plain, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_csv_open_peek_(plain, &pk, &err), INCSTAT_OK);
    assert_null(pk);
    assert_int_equal(incstat_csv_next(plain, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_cell_type_(plain, 0, &x), 0);
    incstat_csv_free(plain);
    incstat_csv_free(csv);
}

/* Allocation failures anywhere give ENOMEM and leak nothing (the source
 * itself allocates with malloc: only the library's allocations fail). */
static void test_alloc_failure(void **state)
{
    (void)state;
    for (unsigned long k = 1;; k++) {
        incstat_csv *csv = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_csv_open_rows_(mem_open(30, 1), "s", &csv, &err);
        incstat_loader *ld = NULL;
        incstat_summary *s = NULL;
        if (st == INCSTAT_OK)
            st = incstat_loader_open_csv(csv, NULL, &ld, &err);
        if (st == INCSTAT_OK)
            st = incstat_summary_from_loader(ld, NULL, NULL, &s, &err);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st != INCSTAT_OK)
            assert_int_equal(st, INCSTAT_ENOMEM);
        incstat_summary_free(s);
        incstat_loader_free(ld);
        if (st == INCSTAT_OK && made < k)
            break;
        if (k > 100000)
            fail_msg("runaway");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typed_as_text),
        cmocka_unit_test(test_peek),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
