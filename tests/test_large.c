/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_large.c: sizes past 32 bits are not a special case.  A reader
 * callback makes the input on the fly, so nothing is stored on disk:
 *
 * - more than 4 GiB of CSV (long quoted notes holding line breaks), with the
 *   exact byte count, row count, line numbers of a late unparsed cell and of
 *   a late broken quote checked;
 * - more than 2^31 rows (tiny rows; minutes of work, so only with
 *   INCSTAT_LARGE=1, as `make check-large` does).
 *
 * Skipped under the sanitizers (make check SAN=1): there they take many
 * times as long and check nothing the small tests do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "incstat.h"

/* The input: a header, then rows made from a template, the last one
 * optionally replaced (a broken or unparsed row at the very end). */
typedef struct {
    const char *header;
    char row[2048];
    size_t row_len;
    uint64_t rows, emitted;
    const char *last;     /* NULL: the last row is like the others */
    size_t pos;           /* within the current piece */
    int stage;            /* 0 header, 1 rows, 2 done */
    uint64_t bytes;
} gen;

static long long gen_read(void *ctx, void *buf, size_t cap)
{
    gen *g = ctx;
    size_t out = 0;
    char *b = buf;
    while (out < cap && g->stage < 2) {
        const char *piece;
        size_t len;
        if (g->stage == 0) {
            piece = g->header;
            len = strlen(piece);
        } else if (g->last && g->emitted + 1 == g->rows) {
            piece = g->last;
            len = strlen(piece);
        } else {
            piece = g->row;
            len = g->row_len;
        }
        size_t take = len - g->pos < cap - out ? len - g->pos : cap - out;
        memcpy(b + out, piece + g->pos, take);
        out += take;
        g->pos += take;
        if (g->pos == len) {
            g->pos = 0;
            if (g->stage == 0)
                g->stage = 1;
            else if (++g->emitted == g->rows)
                g->stage = 2;
        }
    }
    g->bytes += out;
    return (long long)out;
}

static int skipped(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#else
    return 0;
#endif
}

/* A summary by year of g's input; *ld (when not NULL) keeps the loader, for
 * its report. */
static incstat_status summarise(gen *g, const char *const *map, size_t n_map,
                                incstat_summary **s, incstat_loader **keep, incstat_error *err)
{
    incstat_csv *csv;
    incstat_loader *ld;
    incstat_csv_options co;
    memset(&co, 0, sizeof co);
    incstat_status st = incstat_csv_open_reader(gen_read, g, "generated", &co, &csv, err);
    if (st)
        return st;
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    lo.preset = "none";
    lo.map = map;
    lo.n_map = n_map;
    if ((st = incstat_loader_open_csv(csv, &lo, &ld, err)) != INCSTAT_OK)
        return st;
    st = incstat_summary_from_loader(ld, NULL, NULL, s, err);
    if (keep)
        *keep = ld;
    else
        incstat_loader_free(ld);
    return st;
}

static void fill_notes(gen *g, const char *lead, size_t notes)
{
    size_t n = (size_t)snprintf(g->row, sizeof g->row, "%s\"", lead);
    for (size_t i = 0; i < notes; i++)
        g->row[n++] = i % 100 == 99 ? '\n' : (char)('a' + i % 26); /* line breaks inside */
    memcpy(g->row + n, "\"\n", 3);
    g->row_len = n + 2;
}

/* 4.4 GB: rows of about a kilobyte, ten line breaks each. */
#define BIG_ROWS 4300000ull
#define NOTES 1000

static void test_over_4gb(void **state)
{
    (void)state;
    if (skipped())
        skip();
    static gen g;
    memset(&g, 0, sizeof g);
    g.header = "id,date,killed,notes\n";
    fill_notes(&g, "x,2001-05-06,3,", NOTES);
    g.rows = BIG_ROWS;
    g.last = "y,2002-01-01,many,\"end\"\n"; /* unparsed, at line 4.3M * 11 + 1 */
    const char *map[] = {"id=id", "date=date", "killed=killed"};
    incstat_summary *s;
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(summarise(&g, map, 3, &s, &ld, &err), INCSTAT_OK);
    const incstat_load_report rep = *incstat_loader_report(ld);
    assert_true(g.bytes > (1ull << 32));
    assert_int_equal(rep.bytes, g.bytes);
    assert_int_equal(rep.rows_read, BIG_ROWS);
    assert_int_equal(rep.rows_loaded, BIG_ROWS);
    const uint64_t lines_per_row = 1 + NOTES / 100;
    uint64_t last_line = 1 + (BIG_ROWS - 1) * lines_per_row + 1;
    int found = 0;
    for (size_t c = 0; c < rep.n_columns; c++)
        if (strcmp(rep.columns[c].name, "killed") == 0) {
            found = 1;
            assert_int_equal(rep.columns[c].unparsed, 1);
            assert_int_equal(rep.columns[c].first_unparsed_line, last_line);
        }
    assert_true(found);
    assert_int_equal(incstat_summary_rows(s), 2);
    const incstat_summary_row *r0 = incstat_summary_row_at(s, 0);
    assert_int_equal(r0->incidents, BIG_ROWS - 1);
    assert_true(r0->killed == 3.0 * (double)(BIG_ROWS - 1));
    incstat_summary_free(s);
    incstat_loader_free(ld);

    /* a quote left open in the last row: the error names its line */
    memset(&g, 0, sizeof g);
    g.header = "id,date,killed,notes\n";
    fill_notes(&g, "x,2001-05-06,3,", NOTES);
    g.rows = BIG_ROWS;
    g.last = "z,2002-01-01,1,\"never closed\n";
    assert_int_equal(summarise(&g, map, 3, &s, NULL, &err), INCSTAT_EPARSE);
    assert_int_equal(err.line, last_line);
    assert_null(s);
}

/* 2^31 + 5 rows of one field: counters of rows, lines and incidents. */
static void test_over_2g_rows(void **state)
{
    (void)state;
    const char *large = getenv("INCSTAT_LARGE");
    if (skipped() || !large || strcmp(large, "1") != 0)
        skip();
    static gen g;
    memset(&g, 0, sizeof g);
    g.header = "year\n";
    strcpy(g.row, "2001\n");
    g.row_len = 5;
    const char *n = getenv("INCSTAT_LARGE_ROWS"); /* to time it on fewer */
    g.rows = n ? strtoull(n, NULL, 10) : (1ull << 31) + 5;
    const char *map[] = {"year=year"};
    incstat_summary *s;
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(summarise(&g, map, 1, &s, &ld, &err), INCSTAT_OK);
    const incstat_load_report rep = *incstat_loader_report(ld);
    assert_int_equal(rep.rows_read, g.rows);
    assert_int_equal(rep.rows_loaded, g.rows);
    assert_int_equal(rep.bytes, 5 + 5 * g.rows);
    assert_int_equal(incstat_summary_rows(s), 1);
    assert_int_equal(incstat_summary_row_at(s, 0)->incidents, g.rows);
    incstat_summary_free(s);
    incstat_loader_free(ld);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_over_4gb),
        cmocka_unit_test(test_over_2g_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
