/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_statsfile.c: Stata, SPSS and SAS files as rows of typed cells
 * (src/io/source/stats_file.h).
 *
 *   build/tests/test_statsfile                 the tests
 *   build/tests/test_statsfile --dump FILE...  every cell of each FILE as
 *       "row<TAB>column<TAB>type<TAB>text", what tests/stats/haven_dump.R
 *       writes from haven's reading of the same file */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/internal.h"
#include "io/source/stats_file.h"
#include "io/source/stats_file_internal.h"

#define STATS_DIR TEST_DATA_DIR "/stats"

static const char *type_name(incstat_cell_type t)
{
    switch (t) {
    case INCSTAT_CELL_EMPTY: return "empty";
    case INCSTAT_CELL_TEXT: return "text";
    case INCSTAT_CELL_NUMBER: return "number";
    case INCSTAT_CELL_DATE: return "date";
    case INCSTAT_CELL_DATETIME: return "datetime";
    case INCSTAT_CELL_BOOL: return "bool";
    case INCSTAT_CELL_ERROR: return "error";
    }
    return "?";
}

/* A cell's text as the dump writes it: tabs, line breaks and backslashes as
 * spaces (so is haven_dump.R's). */
static void put_clean(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        fputc(c == '\t' || c == '\n' || c == '\r' || c == '\\' ? ' ' : c, out);
    }
}

static int dump(const char *path, FILE *out)
{
    incstat_rows *r = NULL;
    incstat_error err;
    incstat_status st = incstat_statsfile_open(path, NULL, &r, &err);
    if (st) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        uint64_t row = r->ops->row_number(r);
        for (size_t i = 0; i < r->ops->count(r); i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            fprintf(out, "%llu\t%zu\t%s\t", (unsigned long long)row, i, type_name(c->type));
            put_clean(out, c->text, c->len);
            fputc('\n', out);
        }
    }
    for (size_t k = 0; k < r->ops->note_count(r); k++)
        fprintf(stderr, "note: %s\n", r->ops->note(r, k));
    incstat_rows_free(r);
    if (st != INCSTAT_DONE) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static char tmpdir[64];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/incstat_stats_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static incstat_rows *open_ok(const char *path, const incstat_statsfile_options *o)
{
    incstat_rows *r = NULL;
    incstat_error err;
    incstat_status st = incstat_statsfile_open(path, o, &r, &err);
    if (st)
        fail_msg("%s: %s", path, err.message);
    assert_non_null(r);
    return r;
}

/* The next row, which must be there. */
static void next_row(incstat_rows *r)
{
    incstat_error err;
    incstat_status st = r->ops->next(r, &err);
    if (st != INCSTAT_ROW)
        fail_msg("next: %d %s", (int)st, st == INCSTAT_DONE ? "done" : err.message);
}

#define CELL(r, i) ((r)->ops->cell((r), (i)))

static void assert_cell(incstat_rows *r, size_t i, incstat_cell_type t, const char *text)
{
    const incstat_cell *c = CELL(r, i);
    assert_non_null(c);
    if (c->type != t || c->len != strlen(text) || memcmp(c->text, text, c->len) != 0)
        fail_msg("row %llu cell %zu: %s \"%.*s\", expected %s \"%s\"",
                 (unsigned long long)r->ops->row_number(r), i, type_name(c->type), (int)c->len,
                 c->text, type_name(t), text);
}

static void assert_num_cell(incstat_rows *r, size_t i, incstat_cell_type t, const char *text,
                            double num)
{
    assert_cell(r, i, t, text);
    const incstat_cell *c = CELL(r, i);
    if (c->num != num)
        fail_msg("row %llu cell %zu: num %.17g, expected %.17g",
                 (unsigned long long)r->ops->row_number(r), i, c->num, num);
}

static int has_note(incstat_rows *r, const char *text)
{
    for (size_t k = 0; k < r->ops->note_count(r); k++)
        if (strstr(r->ops->note(r, k), text))
            return 1;
    return 0;
}

static void assert_note(incstat_rows *r, const char *text)
{
    if (!has_note(r, text)) {
        for (size_t k = 0; k < r->ops->note_count(r); k++)
            fprintf(stderr, "note: %s\n", r->ops->note(r, k));
        fail_msg("no note with \"%s\"", text);
    }
}

static void assert_done(incstat_rows *r)
{
    incstat_error err;
    incstat_status st = r->ops->next(r, &err);
    if (st != INCSTAT_DONE)
        fail_msg("expected the end, got %d %s", (int)st, st == INCSTAT_ROW ? "row" : err.message);
    /* and it stays over */
    assert_int_equal(r->ops->next(r, &err), INCSTAT_DONE);
    assert_int_equal(r->ops->count(r), 0);
    assert_null(CELL(r, 0));
}

static void copy_prefix(const char *from, const char *to, long n)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    for (long k = 0; n < 0 || k < n; k++) {
        int c = fgetc(in);
        if (c == EOF)
            break;
        fputc(c, out);
    }
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static long file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (long)st.st_size;
}

/* ---- text forms ------------------------------------------------------- */

static void check_number(double x, const char *want)
{
    char buf[48];
    size_t n = incstat_sf_number_text_(buf, x);
    buf[n] = '\0';
    if (strcmp(buf, want) != 0)
        fail_msg("%.17g: \"%s\", expected \"%s\"", x, buf, want);
    assert_true(strtod(buf, NULL) == x);
}

static void test_number_text(void **state)
{
    (void)state;
    check_number(0, "0");
    check_number(-0.0, "0");
    check_number(1234.5, "1234.5");
    check_number(0.1, "0.1");
    check_number(-2, "-2");
    check_number(1e6, "1000000");
    check_number(999999999999999, "999999999999999");
    check_number(1e15, "1e+15");
    check_number(1.0 / 3, "0.3333333333333333");   /* 16 digits are enough */
    check_number(0.1 + 0.2, "0.30000000000000004"); /* 17 are needed */
    check_number(2.5e-7, "2.5e-07");
    check_number(9007199254740993.0, "9007199254740992"); /* 2^53 + 1 is not a double */
    /* a few decimals: the scaled integer, no printf */
    check_number(33.1234, "33.1234");
    check_number(-1000.3, "-1000.3");
    check_number(0.05, "0.05");
    check_number(0.0001, "0.0001");
    check_number(1234567.125, "1234567.125");
    check_number(2.675, "2.675");
    check_number(0.12345678, "0.12345678");
    /* and the rest through printf */
    check_number(12345678.5, "12345678.5");
    check_number(0.123456789, "0.123456789");
    check_number(1e-5, "1e-05");
}

static void check_float(float x, const char *want)
{
    char buf[48];
    double v;
    size_t n = incstat_sf_float_text_(buf, x, &v);
    buf[n] = '\0';
    if (strcmp(buf, want) != 0)
        fail_msg("%.9g: \"%s\", expected \"%s\"", (double)x, buf, want);
    assert_true(v == strtod(want, NULL));
    assert_true((float)v == x);
}

static void test_float_text(void **state)
{
    (void)state;
    check_float(3.14f, "3.14");
    check_float(0.1f, "0.1");
    check_float(5.1f, "5.1");
    check_float(-7.0f, "-7");
    check_float(16777216.0f, "16777216");
    check_float(1.17549435e-38f, "1.1754944e-38"); /* FLT_MIN: 8 digits */
    check_float(123456.789f, "123456.79"); /* 8 digits tell it from its neighbours */
}

static void check_date(int64_t days, const char *want)
{
    char buf[48];
    size_t n = incstat_sf_date_text_(buf, days);
    buf[n] = '\0';
    if (strcmp(buf, want) != 0)
        fail_msg("%lld: \"%s\", expected \"%s\"", (long long)days, buf, want);
}

static void test_date_text(void **state)
{
    (void)state;
    /* day numbers from R: as.numeric(as.Date("2004-06-18")) etc. */
    check_date(0, "1970-01-01");
    check_date(-1, "1969-12-31");
    check_date(12587, "2004-06-18");
    check_date(19782, "2024-02-29");
    check_date(-3653, "1960-01-01");
    check_date(-141428, "1582-10-14");
    check_date(-719162, "0001-01-01");
    check_date(-719528, "0000-01-01"); /* R: as.numeric(as.Date("0000-01-01")) */
    check_date(-719529, "-0001-12-31");
    check_date(2932896, "9999-12-31");
    check_date(2932897, "10000-01-01");
}

static void check_datetime(int64_t ms, const char *want)
{
    char buf[48];
    size_t n = incstat_sf_datetime_text_(buf, ms);
    buf[n] = '\0';
    if (strcmp(buf, want) != 0)
        fail_msg("%lld: \"%s\", expected \"%s\"", (long long)ms, buf, want);
}

static void test_datetime_text(void **state)
{
    (void)state;
    check_datetime(0, "1970-01-01 00:00");
    check_datetime(1087569000000, "2004-06-18 14:30");
    check_datetime(1087569005000, "2004-06-18 14:30:05");
    check_datetime(1087569005250, "2004-06-18 14:30:05.25");
    check_datetime(1087569005007, "2004-06-18 14:30:05.007");
    check_datetime(-1000, "1969-12-31 23:59:59");
    check_datetime(-86400000, "1969-12-31 00:00");
}

static void check_time(double s, const char *want)
{
    char buf[48];
    size_t n = incstat_sf_time_text_(buf, s);
    buf[n] = '\0';
    if (strcmp(buf, want) != 0)
        fail_msg("%.17g: \"%s\", expected \"%s\"", s, buf, want);
}

static void test_time_text(void **state)
{
    (void)state;
    check_time(0, "00:00:00");
    check_time(43870.09, "12:11:10.09");
    check_time(45296.5, "12:34:56.5");
    check_time(90000, "25:00:00");
    check_time(-1, "-00:00:01");
    check_time(3.1234567, "00:00:03.123457");
    check_time(360000000, "100000:00:00");
}

static void test_sniff(void **state)
{
    (void)state;
    unsigned char h[600];
    memset(h, ' ', sizeof h);
    memcpy(h, "$FL2", 4);
    assert_string_equal(incstat_statsfile_sniff(h, 4, NULL), "sav");
    memcpy(h, "$FL3", 4);
    assert_string_equal(incstat_statsfile_sniff(h, 4, "x.zsav"), "sav");
    const char *x = "<stata_dta><header><release>119</release>";
    assert_string_equal(incstat_statsfile_sniff((const unsigned char *)x, strlen(x), NULL), "dta");
    const unsigned char old[4] = {115, 2, 1, 0}, bad[4] = {115, 3, 1, 0};
    assert_string_equal(incstat_statsfile_sniff(old, 4, NULL), "dta");
    assert_null(incstat_statsfile_sniff(bad, 4, NULL));
    unsigned char sas[32] = {0};
    const unsigned char magic[] = {0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92,
                                   0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11};
    memcpy(sas + 12, magic, sizeof magic);
    assert_string_equal(incstat_statsfile_sniff(sas, 32, NULL), "sas7bdat");
    /* a portable file: its tag after 456 bytes, line breaks between */
    memset(h, 'A', sizeof h);
    for (size_t i = 80; i + 2 < sizeof h; i += 82) {
        h[i] = '\r';
        h[i + 1] = '\n';
    }
    assert_null(incstat_statsfile_sniff(h, sizeof h, "x.dat"));
    memcpy(h + 456 + 2 * 5, "SPSSPORT", 8);
    assert_string_equal(incstat_statsfile_sniff(h, sizeof h, "x.dat"), "por");
    assert_string_equal(incstat_statsfile_sniff((const unsigned char *)"x", 1, "A.POR"), "por");
    assert_null(incstat_statsfile_sniff((const unsigned char *)"a,b\n1,2\n", 8, "x.csv"));
    assert_null(incstat_statsfile_sniff(h, 0, NULL));
}

/* ---- the generated fixtures (tests/data/stats/generated/gen.R) ------- */

#define GEN STATS_DIR "/generated/"

static void test_labels_and_tagged_missing(void **state)
{
    (void)state;
    incstat_rows *r = open_ok(GEN "labels_tagged.dta", NULL);
    assert_string_equal(r->ops->format, "dta");
    assert_int_equal(r->ops->count(r), 0); /* before the first row */
    next_row(r);
    assert_int_equal(r->ops->row_number(r), 0);
    assert_int_equal(r->ops->count(r), 7);
    const char *names[] = {"event", "country", "kind", "nkill", "day", "at", "place"};
    for (size_t i = 0; i < 7; i++)
        assert_cell(r, i, INCSTAT_CELL_TEXT, names[i]);
    assert_null(CELL(r, 7));
    char where[80];
    r->ops->where(r, 3, where, sizeof where);
    assert_string_equal(where, "the variable names, variable nkill");

    next_row(r); /* 1, Pakistan, bombing, 0, 2004-06-18, 2004-06-18 14:30, Peshawar */
    assert_int_equal(r->ops->row_number(r), 1);
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "1", 1);
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "Pakistan");
    assert_nan(CELL(r, 1)->num);
    assert_cell(r, 2, INCSTAT_CELL_TEXT, "bombing");
    assert_num_cell(r, 3, INCSTAT_CELL_NUMBER, "0", 0);
    assert_num_cell(r, 4, INCSTAT_CELL_DATE, "2004-06-18", 12587);
    /* 2004-06-18 14:30 UTC: 1087569000 s = 12587.604166... days */
    assert_num_cell(r, 5, INCSTAT_CELL_DATETIME, "2004-06-18 14:30", 1087569000.0 / 86400);
    assert_cell(r, 6, INCSTAT_CELL_TEXT, "Peshawar");
    r->ops->where(r, 3, where, sizeof where);
    assert_string_equal(where, "row 1, variable nkill");
    r->ops->where(r, 9, where, sizeof where);
    assert_string_equal(where, "row 1");

    next_row(r); /* an empty string is an empty cell; milliseconds */
    assert_cell(r, 4, INCSTAT_CELL_DATE, "1960-01-01");
    assert_cell(r, 5, INCSTAT_CELL_DATETIME, "2004-06-18 14:30:05.25");
    assert_cell(r, 6, INCSTAT_CELL_EMPTY, "");
    assert_nan(CELL(r, 6)->num);

    next_row(r); /* UTF-8 in a label; a half */
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "C\xc3\xb4te d'Ivoire");
    assert_num_cell(r, 3, INCSTAT_CELL_NUMBER, "12.5", 12.5);
    assert_num_cell(r, 4, INCSTAT_CELL_DATE, "1959-12-31", -3654);

    next_row(r); /* 4 has no label: a number; .z is missing */
    assert_num_cell(r, 1, INCSTAT_CELL_NUMBER, "4", 4);
    assert_cell(r, 3, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 5, INCSTAT_CELL_DATETIME, "1959-12-31 23:59:59");
    assert_cell(r, 6, INCSTAT_CELL_TEXT, "Z\xc3\xbcrich");

    next_row(r); /* .a has the label "refused" and is missing all the same */
    assert_cell(r, 1, INCSTAT_CELL_EMPTY, "");
    assert_num_cell(r, 2, INCSTAT_CELL_NUMBER, "3", 3);
    assert_num_cell(r, 3, INCSTAT_CELL_NUMBER, "1000000", 1e6);
    assert_cell(r, 4, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 5, INCSTAT_CELL_EMPTY, "");

    next_row(r); /* .b, no label */
    assert_cell(r, 1, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 2, INCSTAT_CELL_EMPTY, "");
    assert_num_cell(r, 3, INCSTAT_CELL_NUMBER, "-2", -2);
    assert_cell(r, 6, INCSTAT_CELL_TEXT, "a  b");

    next_row(r); /* system missing; the year 999 */
    assert_cell(r, 1, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 3, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 4, INCSTAT_CELL_DATE, "0999-12-31");
    assert_cell(r, 6, INCSTAT_CELL_EMPTY, "");

    next_row(r);
    assert_int_equal(r->ops->row_number(r), 8);
    assert_num_cell(r, 3, INCSTAT_CELL_NUMBER, "0.1", 0.1);
    assert_cell(r, 5, INCSTAT_CELL_DATETIME, "2038-01-19 03:14:08");
    assert_done(r);
    assert_true(r->ops->bytes_done(r) == r->ops->bytes_total(r));
    assert_int_equal(r->ops->bytes_total(r), file_size(GEN "labels_tagged.dta"));
    assert_note(r, "read as a Stata .dta file (format 118)");
    assert_note(r, "value labels read as the text of 2 variables: country, kind");
    assert_note(r, "3 tagged missing values (.a to .z) read as missing");
    assert_false(has_note(r, "Windows-1252")); /* format 118 is UTF-8 */
    incstat_rows_free(r);
}

static void test_old_dta_encoding(void **state)
{
    (void)state;
    /* the default: Windows-1252 (0xE9 e acute, 0xF1 n tilde, 0x80 euro) */
    incstat_rows *r = open_ok(GEN "old_cp1252.dta", NULL);
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "city");
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "Caf\xc3\xa9");
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "s\xc3\xa9" "ance");
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "Pe\xc3\xb1" "a");
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "a\xc3\xb1o");
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "\xe2\x82\xac" "100");
    assert_num_cell(r, 1, INCSTAT_CELL_NUMBER, "3", 3);
    next_row(r);
    assert_done(r);
    assert_note(r, "read as a Stata .dta file (format 115)");
    assert_note(r, "text read as Windows-1252: a .dta before format 118 does not say its "
                   "encoding (the encoding option can name another)");
    incstat_rows_free(r);

    /* the same bytes as Windows-1251: 0xE9 is "й", 0xF1 "с", 0x80 "Ђ" */
    incstat_statsfile_options o = {.encoding = "WINDOWS-1251"};
    r = open_ok(GEN "old_cp1252.dta", &o);
    next_row(r);
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "Caf\xd0\xb9");
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "s\xd0\xb9" "ance");
    next_row(r);
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "\xd0\x82" "100");
    assert_note(r, "text read as WINDOWS-1251: a .dta before format 118 does not say its encoding");
    incstat_rows_free(r);

    /* a format 118 file says its encoding (UTF-8): the option is not used */
    r = open_ok(GEN "labels_tagged.dta", &o);
    next_row(r);
    next_row(r);
    next_row(r);
    next_row(r);
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "C\xc3\xb4te d'Ivoire");
    assert_note(r, "the encoding option was not used: a .dta of format 118 or later is UTF-8");
    incstat_rows_free(r);
}

static void test_left_aligned_date(void **state)
{
    (void)state;
    /* "%-td" is a date too (haven reads a number: MANIFEST.md) */
    incstat_rows *r = open_ok(GEN "left_aligned_date.dta", NULL);
    next_row(r);
    next_row(r);
    assert_num_cell(r, 0, INCSTAT_CELL_DATE, "2004-06-18", 12587);
    next_row(r);
    assert_num_cell(r, 0, INCSTAT_CELL_DATE, "1999-12-31", 10956);
    assert_done(r);
    incstat_rows_free(r);
}

static void test_spss_user_missing(void **state)
{
    (void)state;
    incstat_rows *r = open_ok(GEN "user_missing.sav", NULL);
    assert_string_equal(r->ops->format, "sav");
    next_row(r);
    assert_int_equal(r->ops->count(r), 5);
    next_row(r); /* yes, "on time", 2004-06-18, 2004-06-18 14:30, 00:00:00 */
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "yes");
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "on time");
    assert_num_cell(r, 2, INCSTAT_CELL_DATE, "2004-06-18", 12587);
    assert_num_cell(r, 3, INCSTAT_CELL_DATETIME, "2004-06-18 14:30", 1087569000.0 / 86400);
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "00:00:00");
    assert_nan(CELL(r, 4)->num);
    next_row(r); /* "unknown" is a user-missing string; SPSS's first day */
    assert_cell(r, 1, INCSTAT_CELL_EMPTY, "");
    assert_num_cell(r, 2, INCSTAT_CELL_DATE, "1582-10-14", -141428);
    next_row(r); /* -9 is missing though it has the label "refused" */
    assert_cell(r, 0, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 1, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "23:59:59");
    next_row(r); /* -8 is not a missing value here */
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "-8", -8);
    assert_cell(r, 1, INCSTAT_CELL_TEXT, "too late");
    assert_cell(r, 4, INCSTAT_CELL_EMPTY, "");
    next_row(r); /* 950 is in the missing range 900-1000 */
    assert_cell(r, 0, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "12:34:56.5");
    next_row(r); /* "n/a" is missing; a duration past 24 hours */
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "3", 3);
    assert_cell(r, 1, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "25:00:00");
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 3, INCSTAT_CELL_DATETIME, "2004-06-18 14:30:00.5");
    next_row(r); /* 899.5 is just below the range */
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "899.5", 899.5);
    assert_cell(r, 3, INCSTAT_CELL_DATETIME, "1582-10-14 00:00");
    assert_done(r);
    assert_note(r, "4 user-defined missing values read as missing");
    assert_note(r, "value labels read as the text of 2 variables: answer, reason");
    assert_note(r, "in 1 variable: clock");
    incstat_rows_free(r);
}

static void test_sas_dates(void **state)
{
    (void)state;
    incstat_rows *r = open_ok(GEN "dates.sas7bdat", NULL);
    assert_string_equal(r->ops->format, "sas7bdat");
    next_row(r);
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "place");
    next_row(r);
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "1", 1);
    assert_num_cell(r, 1, INCSTAT_CELL_DATE, "2004-06-18", 12587);
    assert_cell(r, 2, INCSTAT_CELL_DATETIME, "2004-06-18 14:30");
    assert_cell(r, 3, INCSTAT_CELL_TEXT, "01:00:00");
    next_row(r);
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "2.5", 2.5);
    assert_num_cell(r, 1, INCSTAT_CELL_DATE, "1960-01-01", -3653);
    assert_cell(r, 2, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 4, INCSTAT_CELL_EMPTY, "");
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_EMPTY, "");
    assert_cell(r, 2, INCSTAT_CELL_DATETIME, "1960-01-01 00:00:01");
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "Z\xc3\xbcrich");
    next_row(r);
    assert_cell(r, 1, INCSTAT_CELL_DATE, "1959-12-31");
    assert_cell(r, 2, INCSTAT_CELL_DATETIME, "2038-01-19 03:14:08");
    assert_done(r);
    assert_note(r, "read as a SAS .sas7bdat file");
    incstat_rows_free(r);
}

/* A Stata float is the decimal it was typed as; a portable file. */
static void test_third_party_files(void **state)
{
    (void)state;
    incstat_rows *r = open_ok(STATS_DIR "/haven/types.dta", NULL);
    next_row(r);
    next_row(r); /* vfloat 3.14 (a float), vdouble 3.14, ..., vdate 1960-01-01 */
    assert_num_cell(r, 0, INCSTAT_CELL_NUMBER, "3.14", 3.14);
    assert_num_cell(r, 1, INCSTAT_CELL_NUMBER, "3.14", 3.14);
    assert_cell(r, 5, INCSTAT_CELL_TEXT, "2");
    assert_cell(r, 6, INCSTAT_CELL_DATE, "1960-01-01");
    assert_cell(r, 7, INCSTAT_CELL_DATETIME, "2015-12-01 03:14:15");
    incstat_rows_free(r);

    r = open_ok(STATS_DIR "/pyreadstat/basic/sample.por", NULL);
    assert_string_equal(r->ops->format, "por");
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "MYCHAR");
    /* pyreadstat's sample.csv: a,1.1,2018-05-06,2018-05-06 10:10:10,Male,low,10:10:10 */
    next_row(r);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "a");
    assert_num_cell(r, 1, INCSTAT_CELL_NUMBER, "1.1", 1.1);
    assert_cell(r, 2, INCSTAT_CELL_DATE, "2018-05-06");
    assert_cell(r, 3, INCSTAT_CELL_DATETIME, "2018-05-06 10:10:10");
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "Male");
    assert_cell(r, 5, INCSTAT_CELL_TEXT, "low");
    assert_cell(r, 6, INCSTAT_CELL_TEXT, "10:10:10");
    assert_note(r, "read as an SPSS portable (.por) file");
    incstat_rows_free(r);
}

/* ---- errors ------------------------------------------------------------- */

static void assert_open_fails(const char *path, const incstat_statsfile_options *o,
                              incstat_status code, const char *text)
{
    incstat_rows *r = (incstat_rows *)&r; /* not NULL: the call must clear it */
    incstat_error err;
    incstat_status st = incstat_statsfile_open(path, o, &r, &err);
    if (st != code)
        fail_msg("%s: status %d, expected %d (%s)", path, (int)st, (int)code,
                 st ? err.message : "");
    assert_null(r);
    assert_int_equal(err.code, code);
    if (!strstr(err.message, text))
        fail_msg("message \"%s\" has no \"%s\"", err.message, text);
}

static void test_open_errors(void **state)
{
    (void)state;
    assert_open_fails(STATS_DIR "/none.dta", NULL, INCSTAT_EIO,
                      STATS_DIR "/none.dta: cannot open: No such file or directory");
    assert_open_fails(STATS_DIR, NULL, INCSTAT_EIO, "stats: not a regular file");
    assert_open_fails(STATS_DIR "/generated/gen.R", NULL, INCSTAT_EPARSE,
                      "gen.R: not a Stata (.dta), SPSS (.sav, .zsav, .por) or SAS (.sas7bdat) "
                      "file");
    copy_prefix(GEN "labels_tagged.dta", tmp_path("empty.dta"), 0);
    assert_open_fails(tmp_path("empty.dta"), NULL, INCSTAT_EPARSE, "empty.dta: not a Stata");
    incstat_statsfile_options o = {.format = "xlsx"};
    assert_open_fails(GEN "labels_tagged.dta", &o, INCSTAT_EINVAL,
                      "unknown statistics file format 'xlsx' (dta, sav, por, sas7bdat)");
    /* a .dta read as SPSS: ReadStat's own words */
    o.format = "sav";
    assert_open_fails(GEN "labels_tagged.dta", &o, INCSTAT_EPARSE, "labels_tagged.dta: ");
    o = (incstat_statsfile_options){.encoding = "NO-SUCH-ENCODING"};
    assert_open_fails(GEN "old_cp1252.dta", &o, INCSTAT_EINVAL,
                      "old_cp1252.dta: unknown text encoding 'NO-SUCH-ENCODING'");
    /* the header cut short */
    copy_prefix(GEN "labels_tagged.dta", tmp_path("head.dta"), 300);
    assert_open_fails(tmp_path("head.dta"), NULL, INCSTAT_EPARSE,
                      "head.dta: the file ends early or cannot be read");
    incstat_error err;
    incstat_rows *r = NULL;
    assert_int_equal(incstat_statsfile_open(NULL, NULL, &r, &err), INCSTAT_EINVAL);
    assert_null(r);
}

/* Every cell of every row as dump() writes it, in one string. */
static char *dump_string(const char *path, const incstat_statsfile_options *o, incstat_status *st,
                         incstat_error *err, int notes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    incstat_rows *r = NULL;
    *st = incstat_statsfile_open(path, o, &r, err);
    if (*st == INCSTAT_OK) {
        while ((*st = r->ops->next(r, err)) == INCSTAT_ROW)
            for (size_t i = 0; i < r->ops->count(r); i++) {
                const incstat_cell *c = r->ops->cell(r, i);
                fprintf(out, "%llu\t%zu\t%s\t%.17g\t", (unsigned long long)r->ops->row_number(r),
                        i, type_name(c->type), c->num);
                put_clean(out, c->text, c->len);
                fputc('\n', out);
            }
        for (size_t k = 0; notes && k < r->ops->note_count(r); k++)
            fprintf(out, "note: %s\n", r->ops->note(r, k));
        incstat_rows_free(r);
    }
    fclose(out);
    return buf;
}

/* Keep the lines of column 0 of a dump. */
static void only_first_column(char *dump)
{
    char *w = dump;
    for (char *line = dump; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        char *tab = memchr(line, '\t', n);
        if (tab && tab[1] == '0' && tab[2] == '\t') {
            memmove(w, line, n);
            w += n;
        }
        line += n;
    }
    *w = '\0';
}

/* Records cut short: the complete ones come as they are in the whole file,
 * then an error naming the file and the record. */
static void check_truncated(const char *from, const char *name, long keep, uint64_t min_good,
                            uint64_t max_good, int first_column)
{
    const char *path = tmp_path(name);
    copy_prefix(from, path, keep);
    incstat_status st;
    incstat_error err;
    char *whole = dump_string(from, NULL, &st, &err, 0);
    assert_int_equal(st, INCSTAT_DONE);
    char *cut = dump_string(path, NULL, &st, &err, 0);
    if (st != INCSTAT_EPARSE)
        fail_msg("%s: %d, expected EPARSE", name, (int)st);
    uint64_t good = err.line - 1;
    if (good < min_good || good > max_good)
        fail_msg("%s: %llu complete records, expected %llu to %llu", name,
                 (unsigned long long)good, (unsigned long long)min_good,
                 (unsigned long long)max_good);
    /* the rows given are the whole file's first rows */
    if (first_column) {
        only_first_column(cut);
        only_first_column(whole);
    }
    assert_memory_equal(cut, whole, strlen(cut));
    char next[32];
    snprintf(next, sizeof next, "\n%llu\t", (unsigned long long)good + 1);
    assert_non_null(strstr(whole, next));
    assert_null(strstr(cut, next));
    char want[160];
    snprintf(want, sizeof want, "%s: record %llu: the file ends early", path,
             (unsigned long long)good + 1);
    if (strstr(err.message, want) != err.message)
        fail_msg("\"%s\", expected \"%s...\"", err.message, want);
    free(whole);
    free(cut);

    /* and it stays failed */
    incstat_rows *r = open_ok(path, NULL);
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW)
        ;
    assert_int_equal(st, INCSTAT_EPARSE);
    memset(&err, 0, sizeof err);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_EPARSE);
    assert_int_equal(err.line, good + 1);
    incstat_rows_free(r);
}

static void test_truncated_records(void **state)
{
    (void)state;
    /* old_cp1252.dta (format 115): 4 records of a str5 and a double (13
     * bytes each), then the value labels, whose table "rank" (the last
     * "rank" in the file) follows its 4-byte length. */
    long size = file_size(GEN "old_cp1252.dta");
    FILE *f = fopen(GEN "old_cp1252.dta", "rb");
    assert_non_null(f);
    char *buf = malloc((size_t)size);
    assert_int_equal(fread(buf, 1, (size_t)size, f), size);
    fclose(f);
    long labels = -1;
    for (long i = 0; i + 4 < size; i++)
        if (memcmp(buf + i, "rank", 4) == 0)
            labels = i;
    free(buf);
    assert_true(labels > 0);
    long data = labels - 4 - 4 * 13;
    /* the value labels are gone with the end of the file: the first
     * column, the text, is compared */
    check_truncated(GEN "old_cp1252.dta", "cut2.dta", data + 2 * 13 + 5, 2, 2, 1);
    check_truncated(GEN "old_cp1252.dta", "cut0.dta", data + 3, 0, 0, 1);
    /* an SPSS file (485 records) cut in the middle of its records */
    const char *large = STATS_DIR "/pyreadstat/basic/sample_large.sav";
    check_truncated(large, "cut.sav", file_size(large) / 2 + 3, 200, 260, 0);
}

/* ---- many records, written with ReadStat's writer ------------------------ */

static ssize_t write_file(const void *data, size_t len, void *ctx)
{
    if (len == 0) /* ReadStat writes nothing from NULL for a file without variables */
        return 0;
    return (ssize_t)fwrite(data, 1, len, ctx) == (ssize_t)len ? (ssize_t)len : -1;
}

/* n records of id (int32, 1..n), x (double id / 4), kind (int8 labelled
 * 1 "one" / 2 "two", 0 unlabelled), day (%td, id days after 1960-01-01),
 * name (str12 "r<id>"). */
static void write_many(const char *path, long n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_file);
    readstat_label_set_t *ls = readstat_add_label_set(w, READSTAT_TYPE_INT8, "kinds");
    readstat_label_int32_value(ls, 1, "one");
    readstat_label_int32_value(ls, 2, "two");
    readstat_variable_t *id = readstat_add_variable(w, "id", READSTAT_TYPE_INT32, 0);
    readstat_variable_t *x = readstat_add_variable(w, "x", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_t *kind = readstat_add_variable(w, "kind", READSTAT_TYPE_INT8, 0);
    readstat_variable_set_label_set(kind, ls);
    readstat_variable_t *day = readstat_add_variable(w, "day", READSTAT_TYPE_INT32, 0);
    readstat_variable_set_format(day, "%td");
    readstat_variable_t *name = readstat_add_variable(w, "name", READSTAT_TYPE_STRING, 12);
    readstat_writer_set_file_format_version(w, 118);
    assert_int_equal(readstat_begin_writing_dta(w, f, n), READSTAT_OK);
    char s[32];
    for (long i = 1; i <= n; i++) {
        readstat_begin_row(w);
        readstat_insert_int32_value(w, id, (int32_t)i);
        readstat_insert_double_value(w, x, (double)i / 4);
        readstat_insert_int8_value(w, kind, (int8_t)(i % 3));
        readstat_insert_int32_value(w, day, (int32_t)i);
        snprintf(s, sizeof s, "r%ld", i);
        readstat_insert_string_value(w, name, s);
        readstat_end_row(w);
    }
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    assert_int_equal(fclose(f), 0);
}

static void test_no_variables_no_records(void **state)
{
    (void)state;
    /* a .dta without variables */
    const char *path = tmp_path("novars.dta");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_file);
    assert_int_equal(readstat_begin_writing_dta(w, f, 0), READSTAT_OK);
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    assert_int_equal(fclose(f), 0);
    assert_open_fails(path, NULL, INCSTAT_EEMPTY, "novars.dta: no variables");

    /* variables and no records: the header, then the end */
    path = tmp_path("norecords.dta");
    write_many(path, 0);
    incstat_rows *r = open_ok(path, NULL);
    next_row(r);
    assert_int_equal(r->ops->count(r), 5);
    assert_cell(r, 0, INCSTAT_CELL_TEXT, "id");
    assert_done(r);
    incstat_rows_free(r);
}

static void test_many_records(void **state)
{
    (void)state;
    const long n = 100000; /* some 150 batches of 3,276 records */
    const char *path = tmp_path("many.dta");
    write_many(path, n);
    incstat_rows *r = open_ok(path, NULL);
    next_row(r);
    assert_cell(r, 4, INCSTAT_CELL_TEXT, "name");
    assert_int_equal(r->ops->bytes_done(r), 0);
    uint64_t last_bytes = 0, total = r->ops->bytes_total(r);
    assert_int_equal(total, file_size(path));
    char buf[48];
    for (long i = 1; i <= n; i++) {
        next_row(r);
        assert_int_equal(r->ops->row_number(r), i);
        assert_int_equal(r->ops->count(r), 5);
        const incstat_cell *c = CELL(r, 0);
        if (c->type != INCSTAT_CELL_NUMBER || c->num != (double)i)
            fail_msg("record %ld: id %.17g", i, c->num);
        c = CELL(r, 1);
        assert_true(c->num == (double)i / 4);
        snprintf(buf, sizeof buf, "%.*s", (int)c->len, c->text);
        assert_true(strtod(buf, NULL) == c->num);
        c = CELL(r, 2);
        if (i % 3 == 0)
            assert_true(c->type == INCSTAT_CELL_NUMBER && c->num == 0);
        else
            assert_cell(r, 2, INCSTAT_CELL_TEXT, i % 3 == 1 ? "one" : "two");
        c = CELL(r, 3);
        assert_true(c->type == INCSTAT_CELL_DATE && c->num == (double)(i - 3653));
        snprintf(buf, sizeof buf, "r%ld", i);
        assert_cell(r, 4, INCSTAT_CELL_TEXT, buf);
        uint64_t b = r->ops->bytes_done(r);
        assert_true(b >= last_bytes && b <= total);
        last_bytes = b;
    }
    assert_true(last_bytes > total / 2); /* progress moved */
    assert_done(r);
    assert_int_equal(r->ops->bytes_done(r), total);
    incstat_rows_free(r);

    /* the caller stops early, with the reading thread waiting on it */
    r = open_ok(path, NULL);
    for (int i = 0; i < 10; i++)
        next_row(r);
    nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
    incstat_rows_free(r);
    /* or before the first row */
    r = open_ok(path, NULL);
    incstat_rows_free(r);
}

/* ---- allocation failures ------------------------------------------------ */

/* With the 1st, 2nd, ... allocation failing, a reading fails with ENOMEM (in
 * open or in next) or gives exactly the rows and notes of a clean one. */
static void check_alloc_failures(const char *path)
{
    incstat_status st;
    incstat_error err;
    char *want = dump_string(path, NULL, &st, &err, 1);
    assert_int_equal(st, INCSTAT_DONE);
    for (unsigned long n = 1;; n++) {
        incstat_test_fail_alloc_after(n);
        char *got = dump_string(path, NULL, &st, &err, 1);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_DONE) {
            assert_string_equal(got, want);
            free(got);
            if (made < n)
                break; /* no allocation failed: every one has been tried */
            continue;
        }
        if (st != INCSTAT_ENOMEM)
            fail_msg("%s, allocation %lu failing: %d %s", path, n, (int)st, err.message);
        assert_non_null(strstr(err.message, "out of memory"));
        free(got);
        if (n > 100000)
            fail_msg("runaway");
    }
    free(want);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    check_alloc_failures(GEN "labels_tagged.dta");
    check_alloc_failures(GEN "user_missing.sav");
    check_alloc_failures(STATS_DIR "/pyreadstat/basic/sample.por");
}

/* ---- the same cells as haven ------------------------------------------- */

/* Every file under tests/data/stats is read by haven (tests/stats/haven_dump.R)
 * and here, and compared cell by cell: type and text, numbers as doubles.
 * A Stata float is the decimal it was typed as here (3.14) and the float's
 * exact value in haven (3.1400001049041748): equal when haven's value is a
 * float and ours is that float's shortest decimal.  Differences that are
 * meant are listed in tests/data/stats/MANIFEST.md, lines "differs FILE ROWS
 * COLUMNS REASON" (ROWS and COLUMNS "3", "1-2" or "*"); a listed difference
 * that no longer occurs fails too. */

typedef struct {
    char file[128];
    long r0, r1, c0, c1;
    int used;
} differs;

static int parse_range(const char *s, long *a, long *b)
{
    if (strcmp(s, "*") == 0) {
        *a = 0;
        *b = LONG_MAX;
        return 0;
    }
    char *end;
    *a = strtol(s, &end, 10);
    *b = *end == '-' ? strtol(end + 1, &end, 10) : *a;
    return *end ? -1 : 0;
}

static size_t read_differs(differs *d, size_t cap)
{
    FILE *f = fopen(STATS_DIR "/MANIFEST.md", "r");
    assert_non_null(f);
    char line[512];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        char file[128], rows[32], cols[32];
        if (strncmp(line, "differs ", 8) != 0)
            continue;
        if (sscanf(line + 8, "%127s %31s %31s", file, rows, cols) != 3 || n == cap)
            fail_msg("MANIFEST.md: bad line %s", line);
        memset(&d[n], 0, sizeof d[n]);
        snprintf(d[n].file, sizeof d[n].file, "%s", file);
        if (parse_range(rows, &d[n].r0, &d[n].r1) || parse_range(cols, &d[n].c0, &d[n].c1))
            fail_msg("MANIFEST.md: bad range in %s", line);
        n++;
    }
    fclose(f);
    return n;
}

static int listed(differs *d, size_t nd, const char *rel, long row, long col)
{
    for (size_t k = 0; k < nd; k++)
        if (strcmp(d[k].file, rel) == 0 && row >= d[k].r0 && row <= d[k].r1 &&
            col >= d[k].c0 && col <= d[k].c1) {
            d[k].used = 1;
            return 1;
        }
    return 0;
}

static int stats_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".dta") || !strcmp(dot, ".sav") || !strcmp(dot, ".zsav") ||
                   !strcmp(dot, ".por") || !strcmp(dot, ".sas7bdat"));
}

static void find_files(const char *dir, char ***files, size_t *n)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            find_files(path, files, n);
        } else if (stats_ext(e->d_name)) {
            *files = realloc(*files, (*n + 1) * sizeof **files);
            (*files)[(*n)++] = strdup(path);
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
    char type[16];
    char *text;
} rcell;

/* haven's cells of one file: grid[row * ncols + col]. */
typedef struct {
    rcell *grid;
    long nrows, ncols;
} rfile;

static void read_r(const char *path, rfile *rf)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    typedef struct {
        long row, col;
        char type[16];
        char *text;
    } entry;
    entry *e = NULL;
    size_t n = 0;
    rf->nrows = rf->ncols = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL,
             *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
        if (!t3)
            fail_msg("%s: bad line %s", path, line);
        e = realloc(e, (n + 1) * sizeof *e);
        e[n].row = atol(line);
        e[n].col = atol(t1 + 1);
        snprintf(e[n].type, sizeof e[n].type, "%.*s", (int)(t3 - t2 - 1), t2 + 1);
        e[n].text = strdup(t3 + 1);
        if (e[n].row + 1 > rf->nrows)
            rf->nrows = e[n].row + 1;
        if (e[n].col + 1 > rf->ncols)
            rf->ncols = e[n].col + 1;
        n++;
    }
    free(line);
    fclose(f);
    rf->grid = calloc((size_t)(rf->nrows * rf->ncols) + 1, sizeof *rf->grid);
    for (size_t k = 0; k < n; k++) {
        rcell *c = &rf->grid[e[k].row * rf->ncols + e[k].col];
        memcpy(c->type, e[k].type, sizeof c->type);
        c->text = e[k].text;
    }
    free(e);
}

static void free_r(rfile *rf)
{
    for (long k = 0; k < rf->nrows * rf->ncols; k++)
        free(rf->grid[k].text);
    free(rf->grid);
}

/* 1 when our cell is haven's. */
static int same_cell(const incstat_cell *c, const rcell *h)
{
    if (!h->text || strcmp(type_name(c->type), h->type) != 0)
        return 0;
    if (c->type != INCSTAT_CELL_NUMBER)
        return strlen(h->text) == c->len && memcmp(h->text, c->text, c->len) == 0;
    char ours[64];
    snprintf(ours, sizeof ours, "%.*s", (int)c->len, c->text);
    double v = strtod(ours, NULL), hv = strtod(h->text, NULL);
    if (v != c->num) /* the text is the number */
        return 0;
    if (v == hv)
        return 1;
    if ((double)(float)hv != hv)
        return 0;
    char buf[48];
    double dec;
    incstat_sf_float_text_(buf, (float)hv, &dec);
    return v == dec;
}

/* Compare one file; the number of unexplained differences. */
static long compare_file(const char *path, const char *tsv, differs *d, size_t nd)
{
    const char *rel = path + strlen(STATS_DIR) + 1;
    rfile rf;
    read_r(tsv, &rf);
    incstat_rows *r = open_ok(path, NULL);
    incstat_error err;
    incstat_status st;
    long bad = 0, cells = 0, rows = 0;
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        long row = (long)r->ops->row_number(r);
        rows++;
        if ((long)r->ops->count(r) != rf.ncols) {
            fprintf(stderr, "%s row %ld: %zu cells, haven %ld\n", rel, row, r->ops->count(r),
                    rf.ncols);
            bad++;
            continue;
        }
        for (long col = 0; col < rf.ncols; col++) {
            const incstat_cell *c = CELL(r, (size_t)col);
            const rcell *h = row < rf.nrows ? &rf.grid[row * rf.ncols + col] : NULL;
            cells++;
            if (h && same_cell(c, h))
                continue;
            if (listed(d, nd, rel, row, col))
                continue;
            if (bad++ < 20)
                fprintf(stderr, "%s row %ld column %ld: %s \"%.*s\", haven %s \"%s\"\n", rel, row,
                        col, type_name(c->type), (int)c->len, c->text, h ? h->type : "nothing",
                        h && h->text ? h->text : "");
        }
    }
    if (st != INCSTAT_DONE) {
        fprintf(stderr, "%s: %s\n", rel, err.message);
        bad++;
    }
    if (rows != rf.nrows && !listed(d, nd, rel, rows, -1)) {
        fprintf(stderr, "%s: %ld rows, haven %ld\n", rel, rows, rf.nrows);
        bad++;
    }
    fprintf(stderr, "haven: %s: %ld rows, %ld cells, %ld unexplained differences\n", rel, rows,
            cells, bad);
    incstat_rows_free(r);
    free_r(&rf);
    return bad;
}

static int have_haven(void)
{
    return system("Rscript -e 'suppressPackageStartupMessages(library(haven))' "
                  ">/dev/null 2>&1") == 0;
}

static void test_same_as_haven(void **state)
{
    (void)state;
    if (!have_haven()) {
        fprintf(stderr, "test_statsfile: Rscript with haven (r-cran-haven) not found: "
                        "the comparison with haven is skipped\n");
        skip();
    }
    char **files = NULL;
    size_t n = 0;
    find_files(STATS_DIR, &files, &n);
    assert_true(n >= 30);
    qsort(files, n, sizeof *files, cmp_str);
    char outdir[300];
    snprintf(outdir, sizeof outdir, "%s/haven", tmpdir);
    assert_int_equal(mkdir(outdir, 0755), 0);

    char **argv = calloc(n + 4, sizeof *argv);
    argv[0] = "Rscript";
    argv[1] = "tests/stats/haven_dump.R";
    argv[2] = outdir;
    for (size_t k = 0; k < n; k++)
        argv[3 + k] = files[k];
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(argv);

    differs d[64];
    size_t nd = read_differs(d, 64);
    long bad = 0;
    for (size_t k = 0; k < n; k++) {
        char tsv[400], errf[400];
        snprintf(tsv, sizeof tsv, "%s/%zu.tsv", outdir, k + 1);
        snprintf(errf, sizeof errf, "%s/%zu.err", outdir, k + 1);
        if (access(errf, F_OK) == 0) {
            fprintf(stderr, "haven cannot read %s\n", files[k]);
            bad++;
        } else {
            bad += compare_file(files[k], tsv, d, nd);
        }
        free(files[k]);
    }
    free(files);
    for (size_t k = 0; k < nd; k++)
        if (!d[k].used) {
            fprintf(stderr, "MANIFEST.md lists a difference in %s that is not there\n",
                        d[k].file);
            bad++;
        }
    if (bad)
        fail_msg("%ld differences from haven's reading, or stale MANIFEST.md lines (above)", bad);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
        int bad = 0;
        for (int i = 2; i < argc; i++)
            bad |= dump(argv[i], stdout);
        return bad;
    }
    const struct CMUnitTest text_tests[] = {
        cmocka_unit_test(test_number_text),
        cmocka_unit_test(test_float_text),
        cmocka_unit_test(test_date_text),
        cmocka_unit_test(test_datetime_text),
        cmocka_unit_test(test_time_text),
        cmocka_unit_test(test_sniff),
    };
    const struct CMUnitTest file_tests[] = {
        cmocka_unit_test(test_labels_and_tagged_missing),
        cmocka_unit_test(test_old_dta_encoding),
        cmocka_unit_test(test_left_aligned_date),
        cmocka_unit_test(test_spss_user_missing),
        cmocka_unit_test(test_sas_dates),
        cmocka_unit_test(test_third_party_files),
    };
    const struct CMUnitTest error_tests[] = {
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_truncated_records),
        cmocka_unit_test(test_alloc_failures),
    };
    const struct CMUnitTest stream_tests[] = {
        cmocka_unit_test(test_no_variables_no_records),
        cmocka_unit_test(test_many_records),
    };
    const struct CMUnitTest haven_tests[] = {
        cmocka_unit_test(test_same_as_haven),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("text forms", text_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("files", file_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("errors", error_tests, setup_tmp, teardown_tmp);
    failed += cmocka_run_group_tests_name("streaming", stream_tests, setup_tmp, teardown_tmp);
    failed += cmocka_run_group_tests_name("haven", haven_tests, setup_tmp, teardown_tmp);
    return failed;
}
