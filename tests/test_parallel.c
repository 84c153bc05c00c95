/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_parallel.c: a summary or a table read in parallel chunks equals
 * the one-pass one, in every row and in the load report, however the cuts
 * fall (inside quoted line breaks, next to blank lines and broken rows), and
 * a file that cannot be split gives the one-pass result or error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "incstat.h"
#include "helpers.h"
#include "core/internal.h"

static char path[64];
/* write_file: the running total is also written as a totals row after this
 * record (0: none) */
static int total_at;

/* A file whose quoted notes often hold line breaks (LF and CRLF), with blank
 * lines, a ragged row, unparsed cells and a publisher's totals row. */
static void write_file(const char *extra_tail, int n)
{
    strcpy(path, "/tmp/incstat_parallel_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("id,date,province,killed,injured,notes\n", f);
    unsigned x = 12345;
    double total = 0;
    for (int i = 1; i <= n; i++) {
        x = x * 1103515245u + 12345u;
        int y = 1990 + (int)(x >> 16) % 30, m = 1 + (int)(x >> 8) % 12, d = 1 + (int)(x >> 4) % 28;
        int k = (int)(x >> 20) % 7;
        total += k;
        const char *prov = (x >> 3) % 3 == 0 ? "Punjab" : (x >> 3) % 3 == 1 ? "Sindh" : "\"Khyber\nPakhtunkhwa\"";
        fprintf(f, "%d,%04d-%02d-%02d,%s,%d,%s,", i, y, m, d, prov, k, (x >> 5) % 4 ? "1" : "");
        switch ((x >> 12) % 6) {
        case 0: fputs("\"line one\nline two, \"\"quoted\"\"\nline three\"\n", f); break;
        case 1: fputs("\"crlf\r\ninside\"\r\n", f); break;
        case 2: fputs("plain\n", f); break;
        case 3: fputs("\"\n\n\n\"\n", f); break;
        case 4: fputs("\"a\",extra\n", f); break; /* a field too many: skipped */
        default: fputs("\"x\"\n\n", f); break;    /* and a blank line */
        }
        if (i % 97 == 0)
            fprintf(f, "%d,sometime,Punjab,many,2,\"note\"\n", n + i); /* unparsed cells */
        if (i == total_at)
            fprintf(f, ",,Total,%.0f,,\n", total);
    }
    if (extra_tail)
        fputs(extra_tail, f);
    else
        fprintf(f, ",,Total,%.0f,,\n", total);
    assert_int_equal(fclose(f), 0);
}

/* Summary (as CSV text) and report of path with the given thread count. */
static unsigned last_chunks;

static incstat_status run(unsigned threads, const char *by, char **text,
                          incstat_load_report *rep, incstat_error *err)
{
    incstat_loader *ld;
    incstat_summary *s = NULL;
    incstat_load_options lo = {0};
    const char *map[] = {"id=id", "date=date", "admin1=province", "killed=killed",
                         "injured=injured"};
    lo.map = map;
    lo.n_map = 5;
    lo.preset = "none";
    incstat_status st = incstat_loader_open(path, &lo, &ld, err);
    if (st)
        return st;
    incstat_summary_options so = {0};
    so.threads = threads;
    so.parallel_min_bytes = 1; /* split even a small file */
    if (by) {
        so.n_by = 2;
        so.by[0].kind = INCSTAT_BY_YEAR;
        so.by[1].kind = INCSTAT_BY_TEXT;
        so.by[1].column = by;
    }
    st = incstat_summary_from_loader(ld, &so, NULL, &s, err);
    last_chunks = st == INCSTAT_OK ? incstat_summary_chunks(s) : 0;
    if (st == INCSTAT_OK) {
        size_t len;
        FILE *m = open_memstream(text, &len);
        assert_int_equal(incstat_summary_write(s, INCSTAT_FORMAT_CSV, m, err), 0);
        fclose(m);
        *rep = *incstat_loader_report(ld);
        rep->columns = NULL; /* compared below through the loader, not kept */
        rep->source = rep->preset = NULL;
    }
    incstat_summary_free(s);
    incstat_loader_free(ld);
    return st;
}

static void same_report(const incstat_load_report *a, const incstat_load_report *b)
{
    assert_int_equal(a->rows_read, b->rows_read);
    assert_int_equal(a->rows_loaded, b->rows_loaded);
    assert_int_equal(a->rows_skipped, b->rows_skipped);
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        assert_int_equal(a->skipped[k], b->skipped[k]);
        for (int j = 0; j < INCSTAT_REPORT_EXAMPLES; j++)
            assert_int_equal(a->skipped_lines[k][j], b->skipped_lines[k][j]);
    }
    assert_int_equal(a->empty_lines, b->empty_lines);
    assert_int_equal(a->line_endings, b->line_endings);
    assert_int_equal(a->bytes, b->bytes);
    assert_int_equal(a->undated, b->undated);
    assert_int_equal(a->first_undated_line, b->first_undated_line);
    assert_int_equal(a->irregular_quotes, b->irregular_quotes);
    assert_int_equal(a->first_irregular_line, b->first_irregular_line);
    assert_int_equal(a->totals_line, b->totals_line);
    /* the totals check: the same rows above the same row, summed alike */
    assert_int_equal(a->totals.line, b->totals.line);
    assert_int_equal(a->totals.rows_above, b->totals.rows_above);
    assert_int_equal(a->totals.n, b->totals.n);
    assert_int_equal(a->totals.disagree, b->totals.disagree);
    for (size_t i = 0; i < a->totals.n; i++) {
        const incstat_totals_figure *x = &a->totals.figures[i], *y = &b->totals.figures[i];
        assert_string_equal(x->field, y->field);
        assert_int_equal(x->column, y->column);
        assert_true(x->stated == y->stated && x->summed == y->summed);
        assert_int_equal(x->cause, y->cause);
    }
    assert_int_equal(a->year_min, b->year_min);
    assert_int_equal(a->year_max, b->year_max);
}

static void check_equal(const char *by)
{
    char *one = NULL;
    incstat_load_report r1, rn;
    incstat_error err;
    assert_int_equal(run(1, by, &one, &r1, &err), INCSTAT_OK);
    assert_true(r1.rows_skipped > 0 && r1.empty_lines > 0 && r1.totals_line > 0);
    /* the total counts the rows skipped for an extra field, which the sums
     * leave out */
    assert_int_equal(r1.totals.line, r1.totals_line);
    assert_true(r1.totals.n == 1 && r1.totals.figures[0].stated > r1.totals.figures[0].summed);
    assert_int_equal(r1.totals.figures[0].cause, INCSTAT_TOTALS_NOT_SUMMED);
    assert_int_equal(last_chunks, 1);
    unsigned split = 0;
    for (unsigned t = 2; t <= 17; t += 3) {
        char *par = NULL;
        assert_int_equal(run(t, by, &par, &rn, &err), INCSTAT_OK);
        if (last_chunks > 1)
            split++;
        assert_string_equal(one, par);
        same_report(&r1, &rn);
        free(par);
    }
    assert_true(split > 0); /* some thread counts did read in parallel */
    free(one);
}

static void test_equal_by_year(void **state)
{
    (void)state;
    write_file(NULL, 3000);
    check_equal(NULL);
    unlink(path);
}

static void test_equal_by_year_and_province(void **state)
{
    (void)state;
    write_file(NULL, 3000);
    check_equal("admin1");
    unlink(path);
}

/* A totals row half way down the file, with rows after it: whichever chunk
 * holds it, it is compared with the rows above it only. */
static void test_totals_row_inside(void **state)
{
    (void)state;
    total_at = 1500;
    write_file("", 3000);
    total_at = 0;
    check_equal(NULL);
    char *one = NULL;
    incstat_load_report r;
    incstat_error err;
    assert_int_equal(run(1, NULL, &one, &r, &err), INCSTAT_OK);
    assert_true(r.totals.rows_above > 1000 && r.totals.rows_above < r.rows_loaded - 1000);
    free(one);
    unlink(path);
}

/* An undated row without an id in the last chunk that is not a totals row
 * (its killed is small): the chunks cannot decide, the one pass loads it. */
static void test_undated_row_not_totals(void **state)
{
    (void)state;
    write_file(",,Punjab,1,,\"late, undated\"\n", 3000);
    char *one = NULL, *par = NULL;
    incstat_load_report r1, r2;
    incstat_error err;
    assert_int_equal(run(1, NULL, &one, &r1, &err), INCSTAT_OK);
    assert_int_equal(r1.totals_line, 0);
    assert_true(r1.undated >= 1);
    assert_int_equal(run(4, NULL, &par, &r2, &err), INCSTAT_OK);
    assert_string_equal(one, par);
    same_report(&r1, &r2);
    free(one);
    free(par);
    unlink(path);
}

/* A broken file: the parallel read reports the one-pass error, with the true
 * line number. */
static void test_error_same_line(void **state)
{
    (void)state;
    write_file("9999,2001-01-01,Sindh,1,1,\"never closed\n", 3000);
    char *t = NULL;
    incstat_load_report r;
    incstat_error e1, e2;
    assert_int_equal(run(1, NULL, &t, &r, &e1), INCSTAT_EPARSE);
    assert_int_equal(run(3, NULL, &t, &r, &e2), INCSTAT_EPARSE);
    assert_int_equal(e1.line, e2.line);
    assert_string_equal(e1.message, e2.message);
    unlink(path);
}

/* Quoted notes that hold lines looking exactly like records: a cut inside
 * them looks plausible, so the chunk before it ends in an open quote and the
 * file is read again in one pass; the result is still the one-pass result. */
static void test_adversarial_cut(void **state)
{
    (void)state;
    strcpy(path, "/tmp/incstat_parallel_XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("id,date,province,killed,injured,notes\n", f);
    for (int i = 1; i <= 400; i++) {
        fprintf(f, "%d,20%02d-01-01,Sindh,%d,1,\"", i, i % 20, i % 5);
        for (int j = 0; j < 20; j++)
            fprintf(f, "%d,2001-01-01,Punjab,9,9,x\n", 100000 + j);
        fputs("\"\n", f);
    }
    fclose(f);
    char *one = NULL;
    incstat_load_report r1, rn;
    incstat_error err;
    assert_int_equal(run(1, NULL, &one, &r1, &err), INCSTAT_OK);
    unsigned fell_back = 0;
    for (unsigned t = 2; t <= 6; t++) {
        char *par = NULL;
        assert_int_equal(run(t, NULL, &par, &rn, &err), INCSTAT_OK);
        fell_back += last_chunks == 1;
        assert_string_equal(one, par);
        same_report(&r1, &rn);
        free(par);
    }
    assert_true(fell_back > 0);
    free(one);
    unlink(path);
}

/* inspect's path: the report alone, every column typed, same in parallel */
static void test_drain_types(void **state)
{
    (void)state;
    write_file(NULL, 3000);
    incstat_load_report reps[2];
    incstat_column_report cols[2][6];
    for (int i = 0; i < 2; i++) {
        incstat_loader *ld;
        incstat_error err;
        incstat_load_options lo = {0};
        lo.infer_types = 1;
        assert_int_equal(incstat_loader_open(path, &lo, &ld, &err), INCSTAT_OK);
        assert_int_equal(incstat_loader_drain(ld, i ? 3 : 1, 1, &err), INCSTAT_OK);
        reps[i] = *incstat_loader_report(ld);
        assert_int_equal(reps[i].n_columns, 6);
        memcpy(cols[i], reps[i].columns, sizeof cols[i]);
        incstat_loader_free(ld);
    }
    same_report(&reps[0], &reps[1]);
    for (int c = 0; c < 6; c++) {
        assert_int_equal(cols[0][c].type, cols[1][c].type);
        assert_int_equal(cols[0][c].n_int, cols[1][c].n_int);
        assert_int_equal(cols[0][c].n_date, cols[1][c].n_date);
        assert_int_equal(cols[0][c].n_text, cols[1][c].n_text);
        assert_int_equal(cols[0][c].missing, cols[1][c].missing);
        assert_int_equal(cols[0][c].unparsed, cols[1][c].unparsed);
        assert_int_equal(cols[0][c].first_unparsed_line, cols[1][c].first_unparsed_line);
    }
    unlink(path);
}

/* ---- a whole table in parallel chunks ------------------------------------ */

/* Rows with d/m-ambiguous dates (month_first: some dates that only read
 * month-first, so the ambiguous ones are swapped at the end), ids repeated
 * across the file (the dictionaries meet the same string in several
 * chunks), a kept column, quoted line breaks, broken and blank rows. */
static void write_table_file(int n, int month_first)
{
    strcpy(path, "/tmp/incstat_partable_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("id,date,province,killed,injured,notes,source\n", f);
    unsigned x = 777;
    for (int i = 1; i <= n; i++) {
        x = x * 1103515245u + 12345u;
        int a = 1 + (int)(x >> 8) % 12, b = 1 + (int)(x >> 4) % 28, y = 1990 + (int)(x >> 16) % 30;
        if (i % 37 == 0)
            b = 13 + b % 15; /* day > 12: tells the order */
        int id = i % 50 == 0 ? i - 999 : i;
        const char *prov = (x >> 3) % 3 == 0 ? "Punjab" : (x >> 3) % 3 == 1 ? "Sindh" : "\"Khyber\nPakhtunkhwa\"";
        if (month_first)
            fprintf(f, "S%d,%d/%d/%d,%s,", id, a, b, y, prov);
        else
            fprintf(f, "S%d,%d/%d/%d,%s,", id, b, a, y, prov);
        /* single figures, and ranges only late in the file: killed low and
         * high equal killed in the first chunks and not in the last */
        if (i > n / 4 * 3 && i % 10 == 0)
            fprintf(f, "%u-%u,", (x >> 20) % 9, (x >> 20) % 9 + 2);
        else
            fprintf(f, "%u,", (x >> 20) % 9);
        fprintf(f, "%s,", (x >> 5) % 4 ? "2-4" : "");
        switch ((x >> 12) % 5) {
        case 0: fputs("\"line one\nline two, \"\"q\"\"\"", f); break;
        case 1: fputs("\"crlf\r\ninside\"", f); break;
        case 2: fputs("plain", f); break;
        case 3: fputs("\"a\",extra", f); break; /* one field too many: skipped */
        default: fputs("\"x\"", f); break;
        }
        fprintf(f, ",src%u\n", (x >> 9) % 200);
        if (i % 211 == 0)
            fputs("\n", f);
    }
    assert_int_equal(fclose(f), 0);
}

/* The test files' mapping, the source column kept, split even when small. */
static const char *const TABLE_MAP[] = {"id=id", "date=date", "admin1=province",
                                        "killed=killed", "injured=injured"};
static const char *const TABLE_KEEP[] = {"source"};

static incstat_status load_table(unsigned threads, incstat_table **t, incstat_error *err)
{
    incstat_load_options lo = {0};
    lo.map = TABLE_MAP;
    lo.n_map = 5;
    lo.keep = TABLE_KEEP;
    lo.n_keep = 1;
    lo.preset = "none";
    lo.threads = threads;
    lo.parallel_min_bytes = 1;
    return incstat_load_path(path, &lo, t, err);
}

static incstat_table *load_with(unsigned threads)
{
    incstat_table *t;
    incstat_error err;
    assert_int_equal(load_table(threads, &t, &err), INCSTAT_OK);
    return t;
}

static int same_number(double a, double b)
{
    return (a != a && b != b) || a == b;
}

static void same_table(const incstat_table *a, const incstat_table *b)
{
    size_t n = incstat_table_rows(a);
    assert_int_equal(n, incstat_table_rows(b));
    const incstat_date *da = incstat_table_dates(a), *db = incstat_table_dates(b);
    const uint64_t *la = incstat_table_lines(a), *lb = incstat_table_lines(b);
    for (size_t r = 0; r < n; r++) {
        assert_int_equal(da[r].year, db[r].year);
        assert_int_equal(da[r].month, db[r].month);
        assert_int_equal(da[r].day, db[r].day);
        assert_int_equal(da[r].precision, db[r].precision);
        assert_int_equal(la[r], lb[r]);
    }
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++) {
        const double *xa = incstat_table_numbers(a, f), *xb = incstat_table_numbers(b, f);
        for (size_t r = 0; r < n; r++)
            assert_true(same_number(xa[r], xb[r]));
    }
    size_t nt = incstat_table_text_columns(a);
    assert_int_equal(nt, incstat_table_text_columns(b));
    for (size_t c = 0; c < nt; c++) {
        /* same codes: first appearances are in the same order */
        assert_int_equal(incstat_table_dict_size(a, c), incstat_table_dict_size(b, c));
        assert_memory_equal(incstat_table_codes(a, c), incstat_table_codes(b, c),
                            n * sizeof(uint32_t));
        for (uint32_t k = 1; k < incstat_table_dict_size(a, c); k++)
            assert_string_equal(incstat_table_dict_text(a, c, k), incstat_table_dict_text(b, c, k));
    }
    same_report(incstat_table_report(a), incstat_table_report(b));
    assert_int_equal(incstat_table_report(a)->date_order_used,
                     incstat_table_report(b)->date_order_used);
}

static void check_table(int n, int month_first)
{
    write_table_file(n, month_first);
    incstat_table *one = load_with(1);
    const incstat_load_report *r = incstat_table_report(one);
    assert_int_equal(r->chunks, 1);
    assert_true(r->rows_skipped > 0 && r->empty_lines > 0 && r->date_ambiguous > 0);
    assert_int_equal(r->date_order_used,
                     month_first ? INCSTAT_DATE_ORDER_MDY : INCSTAT_DATE_ORDER_DMY);
    assert_true(incstat_table_dict_size(one, INCSTAT_TEXT_ID) < incstat_table_rows(one));
    unsigned split = 0;
    for (unsigned t = 2; t <= 8; t += 3) {
        incstat_table *par = load_with(t);
        split += incstat_table_report(par)->chunks > 1;
        same_table(one, par);
        incstat_table_free(par);
    }
    assert_true(split > 0);
    incstat_table_free(one);
    unlink(path);
}

/* Allocation failure at every step of a parallel table load (in the
 * chunks' threads too): ENOMEM, or a table equal to the one-pass one. */
static void test_table_alloc_failure(void **state)
{
    (void)state;
    write_table_file(1500, 0);
    incstat_table *one = load_with(1);
    unsigned long failures = 0;
    for (unsigned long k = 1;; k++) {
        incstat_table *t = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(k);
        incstat_status st = load_table(3, &t, &err);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            same_table(one, t);
            incstat_table_free(t);
            if (made < k)
                break; /* nothing failed: every step was tried */
            continue;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        assert_null(t);
        failures++;
        assert_true(k < 200000);
    }
    assert_true(failures > 20);
    incstat_table_free(one);
    unlink(path);
}

/* Random files of the bytes that matter (quotes, delimiters, both line
 * ends, digits, dashes, slashes): however the cuts fall, a parallel table
 * load gives the one-pass status, and when that is success, its table. */
static void test_table_random_files(void **state)
{
    (void)state;
    static const char alphabet[] = "aaaabbbb1111222200--//,,,,,\"\"\n\n\n\r ";
    unsigned x = 99;
    unsigned ok = 0, failed = 0, split = 0;
    for (int file = 0; file < 60; file++) {
        strcpy(path, "/tmp/incstat_parrand_XXXXXX");
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        assert_non_null(f);
        fputs("id,date,province,killed,injured,notes,source\n", f);
        for (int i = 0; i < 6000; i++) {
            x = x * 1103515245u + 12345u;
            /* mostly well-formed rows, with random bytes in the notes */
            fprintf(f, "E%u,%u/%u/20%02u,P%u,%u,,", x % 5000, 1 + (x >> 8) % 28, 1 + (x >> 4) % 12,
                    (x >> 12) % 24, (x >> 16) % 7, (x >> 20) % 9);
            int len = (int)((x >> 24) % 12);
            for (int j = 0; j < len; j++) {
                x = x * 1103515245u + 12345u;
                char c = alphabet[(x >> 16) % (sizeof alphabet - 1)];
                if (file % 2 && (c == '"' || c == '\n' || c == '\r'))
                    c = 'q'; /* half the files without stray quotes or breaks: those split */
                fputc(c, f);
            }
            fputs(",s\n", f);
        }
        assert_int_equal(fclose(f), 0);
        incstat_table *a = NULL, *b = NULL;
        incstat_error ea, eb;
        incstat_status sa = load_table(1, &a, &ea);
        incstat_status sb = load_table(2 + (unsigned)file % 4, &b, &eb);
        assert_int_equal(sa, sb);
        if (sa == INCSTAT_OK) {
            same_table(a, b);
            split += incstat_table_report(b)->chunks > 1;
            ok++;
        } else {
            assert_string_equal(ea.message, eb.message);
            assert_int_equal(ea.line, eb.line);
            failed++;
        }
        incstat_table_free(a);
        incstat_table_free(b);
        unlink(path);
    }
    assert_true(ok > 0 && failed > 0); /* both kinds of file were made */
    assert_true(split > 0);            /* and some were read in chunks */
    print_message("random files: %u loaded (%u in chunks), %u errors\n", ok, split, failed);
}

static void test_table_month_first(void **state)
{
    (void)state;
    check_table(4000, 1);
}

/* big enough for every column to outgrow the heap (big arrays, incstat
 * internal.h) and for the row guess to size the chunk tables */
static void test_table_large(void **state)
{
    (void)state;
    check_table(300000, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_by_year),
        cmocka_unit_test(test_equal_by_year_and_province),
        cmocka_unit_test(test_undated_row_not_totals),
        cmocka_unit_test(test_totals_row_inside),
        cmocka_unit_test(test_error_same_line),
        cmocka_unit_test(test_adversarial_cut),
        cmocka_unit_test(test_drain_types),
        cmocka_unit_test(test_table_month_first),
        cmocka_unit_test(test_table_alloc_failure),
        cmocka_unit_test(test_table_random_files),
        cmocka_unit_test(test_table_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
