/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_xlsx.c: the .xlsx reader (src/io/source/xlsx*.c): date formats, date
 * serials and the text of numbers and dates; the sheets of a workbook listed
 * and chosen; every cell of the fixtures in tests/data/xlsx/ (written by
 * tests/data/xlsx/make.py with xlsxwriter and openpyxl: chart sheets first,
 * the 1904 date system, inline strings, merged header cells, serial 60, a
 * sheet inflated on a second thread); each damaged or hostile workbook's
 * error; allocation failure at every step.  The comparison with R's readxl
 * on other readers' test workbooks is tests/xlsx/conformance.sh. */
#include "helpers.h"

#include <stdlib.h>

#include "core/internal.h"
#include "io/source/xlsx.h"
#include "io/source/xlsx_cell.h"

#define XDIR TEST_DATA_DIR "/xlsx/"

/* ---- a growable string -------------------------------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1024;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        assert_non_null(np);
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_fmt(sbuf *b, const char *fmt, ...) INCSTAT_PRINTF(2, 3);
static void sb_fmt(sbuf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof tmp);
    sb_put(b, tmp, (size_t)n);
}

static const char *TYPE[] = {"empty", "text", "number", "date", "datetime", "bool", "error"};

/* Every row of r: "ROW: A=type:text B=..." (empty cells left out) and, after
 * the rows, each note as "note: ...".  Returns the status that ended it. */
static incstat_status dump_rows(incstat_rows *r, sbuf *b, incstat_error *err)
{
    incstat_status st;
    while ((st = r->ops->next(r, err)) == INCSTAT_ROW) {
        sb_fmt(b, "%llu:", (unsigned long long)r->ops->row_number(r));
        size_t n = r->ops->count(r);
        assert_null(r->ops->cell(r, n));
        if (n)
            assert_int_not_equal(r->ops->cell(r, n - 1)->type, INCSTAT_CELL_EMPTY);
        for (size_t i = 0; i < n; i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            if (c->type == INCSTAT_CELL_EMPTY) {
                assert_int_equal(c->len, 0);
                assert_nan(c->num);
                continue;
            }
            char where[64];
            r->ops->where(r, i, where, sizeof where);
            const char *ref = strchr(where, '!');
            assert_non_null(ref);
            sb_fmt(b, " %.*s=%s:%.*s", (int)strcspn(ref + 1, "0123456789"), ref + 1, TYPE[c->type],
                   (int)c->len, c->text);
            if (c->type == INCSTAT_CELL_TEXT || c->type == INCSTAT_CELL_ERROR)
                assert_nan(c->num);
            else
                assert_false(isnan(c->num));
        }
        sb_put(b, "\n", 1);
    }
    for (size_t k = 0; k < r->ops->note_count(r); k++)
        sb_fmt(b, "note: %s\n", r->ops->note(r, k));
    assert_null(r->ops->note(r, r->ops->note_count(r)));
    return st;
}

/* The dump of the sheet o chooses in file (o NULL: the default). */
static char *dump_file(const char *file, const incstat_xlsx_options *o)
{
    incstat_rows *r = NULL;
    incstat_error err;
    sbuf b = {0};
    incstat_status st = incstat_xlsx_open(file, o, &r, &err);
    if (st != INCSTAT_OK)
        fail_msg("%s: %s", file, err.message);
    st = dump_rows(r, &b, &err);
    if (st != INCSTAT_DONE)
        fail_msg("%s: %s", file, err.message);
    /* after the end, the end again */
    assert_int_equal(r->ops->next(r, &err), INCSTAT_DONE);
    assert_true(r->ops->bytes_total(r) > 0);
    assert_true(r->ops->bytes_done(r) == r->ops->bytes_total(r));
    assert_string_equal(r->ops->format, "xlsx");
    incstat_rows_free(r);
    return b.p;
}

static void assert_dump(const char *file, const incstat_xlsx_options *o, const char *expected)
{
    char *got = dump_file(file, o);
    if (strcmp(got, expected) != 0)
        fail_msg("%s: got\n%s\nexpected\n%s", file, got, expected);
    free(got);
}

/* ---- cell values ---------------------------------------------------------- */

static void test_date_formats(void **state)
{
    (void)state;
    /* ECMA-376 18.8.30's built-in ids */
    assert_true(xlsx_builtin_is_date(14));
    assert_true(xlsx_builtin_is_date(22));
    assert_true(xlsx_builtin_is_date(45));
    assert_true(xlsx_builtin_is_date(47));
    assert_false(xlsx_builtin_is_date(0));
    assert_false(xlsx_builtin_is_date(13));
    assert_false(xlsx_builtin_is_date(23));
    assert_false(xlsx_builtin_is_date(49));
    /* custom: letters outside quotes and brackets */
    assert_true(xlsx_format_is_date("yyyy-mm-dd"));
    assert_true(xlsx_format_is_date("dd/mm/yyyy"));
    assert_true(xlsx_format_is_date("h:mm AM/PM"));
    assert_true(xlsx_format_is_date("[h]:mm"));
    assert_true(xlsx_format_is_date("[mm]:ss"));
    assert_true(xlsx_format_is_date("mmmm\" \"yyyy"));
    assert_true(xlsx_format_is_date("[$-409]mmmm\" \"d\", \"yyyy"));
    assert_true(xlsx_format_is_date("[$-411]ggge\"\xE5\xB9\xB4\"m\"\xE6\x9C\x88\"d\"\xE6\x97\xA5\";@"));
    assert_false(xlsx_format_is_date("General"));
    assert_false(xlsx_format_is_date("0.00E+00"));
    assert_false(xlsx_format_is_date("[Red]0"));   /* readxl's color-date-xlsx */
    assert_false(xlsx_format_is_date("[red]0;[Blue]-0"));
    assert_false(xlsx_format_is_date("#,##0.00\\ [$CHF]")); /* currency-formats-xlsx */
    assert_false(xlsx_format_is_date("0.0 \"days\""));
    assert_false(xlsx_format_is_date("\\d0"));
    assert_false(xlsx_format_is_date("_-* #,##0_-;\\-* #,##0_-"));
    assert_false(xlsx_format_is_date("@"));
    assert_false(xlsx_format_is_date("\"unterminated d"));
}

static void check_number_text(double x, const char *expected)
{
    char buf[XLSX_CELL_TEXT_MAX];
    size_t n = xlsx_number_text(buf, x);
    assert_int_equal(n, strlen(expected));
    assert_string_equal(buf, expected);
}

static void check_parse(const char *v, double expected, int same)
{
    double x = -1;
    int s = -1;
    assert_int_equal(xlsx_number_parse(v, strlen(v), &x, &s), 1);
    assert_true(x == expected);
    assert_int_equal(s, same);
}

static void test_numbers(void **state)
{
    (void)state;
    check_number_text(0.1, "0.1");
    check_number_text(1234.5, "1234.5");
    check_number_text(-99, "-99");
    check_number_text(197001000001.0, "197001000001");
    check_number_text(1e20, "1e+20");
    check_number_text(-0.0, "-0");
    check_number_text(1.0 / 3, "0.3333333333333333");      /* 16 digits */
    check_number_text(0.1 + 0.2, "0.30000000000000004");
    check_number_text(1.0 / 1024, "0.0009765625");
    check_parse("1.5", 1.5, 1);
    check_parse("-42", -42, 1);
    check_parse("0.25", 0.25, 1);
    check_parse("1.50", 1.5, 0);          /* a trailing zero: not its shortest form */
    check_parse("007", 7, 0);
    check_parse("1E-3", 0.001, 0);
    check_parse(" 12 ", 12, 1);
    check_parse("1234567890123456", 1234567890123456.0, 0); /* 16 digits: checked by printf */
    check_parse("-0", 0, 0);
    double x;
    int same;
    assert_int_equal(xlsx_number_parse("abc", 3, &x, &same), 0);
    assert_int_equal(xlsx_number_parse("12abc", 5, &x, &same), 0);
    assert_int_equal(xlsx_number_parse("nan", 3, &x, &same), 0);
    assert_int_equal(xlsx_number_parse("inf", 3, &x, &same), 0);
    assert_int_equal(xlsx_number_parse("0x10", 4, &x, &same), 0);
    assert_int_equal(xlsx_number_parse("1e999", 5, &x, &same), 0);
    assert_int_equal(xlsx_number_parse("", 0, &x, &same), 0);
}

static void check_serial(double serial, int date1904, const char *expected)
{
    double days;
    char buf[XLSX_CELL_TEXT_MAX];
    int whole;
    assert_int_equal(xlsx_serial_days(serial, date1904, &days), 1);
    xlsx_days_text(buf, days, &whole);
    assert_string_equal(buf, expected);
    assert_int_equal(whole, strchr(expected, ' ') == NULL);
}

static void test_date_serials(void **state)
{
    (void)state;
    double d;
    /* the 1900 system, by Excel's own display of these serials */
    check_serial(1, 0, "1900-01-01");
    check_serial(59, 0, "1900-02-28");
    assert_int_equal(xlsx_serial_days(60, 0, &d), 0);    /* 1900-02-29 never was */
    assert_int_equal(xlsx_serial_days(60.75, 0, &d), 0);
    check_serial(61, 0, "1900-03-01");
    check_serial(25569, 0, "1970-01-01");
    check_serial(38156, 0, "2004-06-18");
    check_serial(38156.6041666667, 0, "2004-06-18 14:30");
    check_serial(38156.6042245370, 0, "2004-06-18 14:30:05");
    check_serial(38156.5 + 0.25 / 86400, 0, "2004-06-18 12:00:00.25");
    check_serial(0.5, 0, "1899-12-31 12:00");             /* a time alone, as readxl reads it */
    check_serial(44196.999999999, 0, "2021-01-01");       /* rounds up to midnight */
    check_serial(44196.99999999, 0, "2020-12-31 23:59:59.999");
    check_serial(2958465, 0, "9999-12-31");
    /* the 1904 system: 1462 days later */
    check_serial(0, 1, "1904-01-01");
    check_serial(36694, 1, "2004-06-18");
    check_serial(42735, 1, "2021-01-01");                 /* calamine's date_1904 */
    assert_int_equal(xlsx_serial_days(60, 1, &d), 1);
    assert_int_equal(xlsx_serial_days(2958466, 0, &d), -1);
    assert_int_equal(xlsx_serial_days(-800000, 0, &d), -1);
    assert_int_equal(xlsx_serial_days(NAN, 0, &d), -1);
    /* ISO 8601 (t="d") */
    assert_int_equal(xlsx_iso_days("2021-01-01", 10, &d), 1);
    assert_close(d, 18628, 0);
    assert_int_equal(xlsx_iso_days("2021-01-01T10:10:10Z", 20, &d), 1);
    assert_close(d, 18628 + 36610.0 / 86400, 1e-12);
    assert_int_equal(xlsx_iso_days("2021-01-01T10:10:10.5+02:00", 27, &d), 1);
    assert_close(d, 18628 + 36610.5 / 86400, 1e-12);
    assert_int_equal(xlsx_iso_days("2021-02-30", 10, &d), 0);
    assert_int_equal(xlsx_iso_days("2021-01-01T25:00", 16, &d), 0);
    assert_int_equal(xlsx_iso_days("2021-1-1", 8, &d), 0);
    assert_int_equal(xlsx_iso_days("2021-01-01x", 11, &d), 0);
}

/* ---- workbooks -------------------------------------------------------------- */

static void test_list_sheets(void **state)
{
    (void)state;
    incstat_xlsx_book *b = NULL;
    incstat_error err;
    assert_int_equal(incstat_xlsx_book_open(XDIR "gtd_like.xlsx", &b, &err), INCSTAT_OK);
    assert_int_equal(incstat_xlsx_book_count(b), 5);
    assert_int_equal(incstat_xlsx_book_date1904(b), 0);
    static const struct {
        const char *name, *part, *dim;
        incstat_xlsx_kind kind;
        int hidden, has_cells;
    } want[] = {
        {"Chart killed", "xl/chartsheets/sheet1.xml", "", INCSTAT_XLSX_CHARTSHEET, 0, -1},
        {"Chart wounded", "xl/chartsheets/sheet2.xml", "", INCSTAT_XLSX_CHARTSHEET, 0, -1},
        {"Empty", "xl/worksheets/sheet1.xml", "A1", INCSTAT_XLSX_WORKSHEET, 0, 0},
        {"Incidents", "xl/worksheets/sheet2.xml", "A3:L10", INCSTAT_XLSX_WORKSHEET, 0, 1},
        {"Notes", "xl/worksheets/sheet3.xml", "A1", INCSTAT_XLSX_WORKSHEET, 1, 1},
    };
    for (size_t i = 0; i < 5; i++) {
        const incstat_xlsx_sheet *s = incstat_xlsx_book_sheet(b, i);
        assert_non_null(s);
        assert_string_equal(s->name, want[i].name);
        assert_string_equal(s->part, want[i].part);
        assert_string_equal(s->dimension, want[i].dim);
        assert_int_equal(s->kind, want[i].kind);
        assert_int_equal(s->hidden, want[i].hidden);
        assert_int_equal(s->has_cells, want[i].has_cells);
        assert_true(s->bytes > 0);
    }
    assert_null(incstat_xlsx_book_sheet(b, 5));
    /* rows outlive the book they came from */
    incstat_rows *r = NULL;
    assert_int_equal(incstat_xlsx_book_rows(b, NULL, &r, &err), INCSTAT_OK);
    incstat_xlsx_book_free(b);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    assert_int_equal(r->ops->row_number(r), 3);
    incstat_rows_free(r);
    /* the getters take NULL */
    assert_int_equal(incstat_xlsx_book_count(NULL), 0);
    assert_null(incstat_xlsx_book_sheet(NULL, 0));
    incstat_xlsx_book_free(NULL);
    incstat_rows_free(NULL);
}

static const char GTD_INCIDENTS[] =
    "3: A=text:eventid B=text:iyear C=text:imonth D=text:iday E=text:date F=text:country_txt "
    "G=text:nkill H=text:nwound I=text:summary J=text:doubtterr K=text:success L=text:propvalue\n"
    "4: A=number:197001000001 B=number:1970 C=number:7 D=number:2 E=date:1970-07-02 "
    "F=text:Dominican Republic G=number:1 H=number:0 I=text:1/1/1970: Unknown African American "
    "assailants fired several bullets at police. J=number:0 K=bool:TRUE L=number:-99\n"
    "5: A=number:197001000002 B=number:1970 C=number:0 D=number:0 F=text:Mexico G=number:0 "
    "J=number:0 K=bool:TRUE\n"
    "6: A=number:201712310032 B=number:2017 C=number:12 D=number:31 E=date:2017-12-31 F=text:Iraq "
    "G=number:2.5 H=number:7 I=text:Tab\there, \"quotes\", <angle> & ampersand; na\xC3\xAFve "
    "caf\xC3\xA9 \xE2\x80\x93 \xC3\xBCn\xC3\xAF\x63\xC3\xB6\x64\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC "
    "J=number:1 K=bool:FALSE L=number:3.14159\n"
    "9: H=number:12 J=text:x\n"
    "10: A=error:#N/A B=text:ab\n";

static void test_gtd_like(void **state)
{
    (void)state;
    /* the default: chart sheets and the empty sheet are passed over */
    char expected[4096];
    snprintf(expected, sizeof expected, "%s%s", GTD_INCIDENTS,
             "note: sheet \"Incidents\" (4 of 5) taken: the first worksheet that holds a value; "
             "skipped: \"Chart killed\" (a chart sheet), \"Chart wounded\" (a chart sheet), "
             "\"Empty\" (no value)\n");
    assert_dump(XDIR "gtd_like.xlsx", NULL, expected);
    /* the same by name and by index */
    incstat_xlsx_options o = {0};
    o.sheet = "Incidents";
    snprintf(expected, sizeof expected, "%s%s", GTD_INCIDENTS,
             "note: sheet \"Incidents\" (4 of 5) taken, as asked\n");
    assert_dump(XDIR "gtd_like.xlsx", &o, expected);
    o.sheet = NULL;
    o.index = 4;
    assert_dump(XDIR "gtd_like.xlsx", &o, expected);
    /* a name in another case, a hidden sheet */
    o.index = 0;
    o.sheet = "NOTES";
    assert_dump(XDIR "gtd_like.xlsx", &o,
                "1: A=text:hidden notes\nnote: sheet \"Notes\" (5 of 5) taken, as asked\n");
    /* an empty worksheet chosen gives no rows */
    o.sheet = "Empty";
    assert_dump(XDIR "gtd_like.xlsx", &o, "note: sheet \"Empty\" (3 of 5) taken, as asked\n");
}

static void test_where(void **state)
{
    (void)state;
    incstat_rows *r = NULL;
    incstat_error err;
    char buf[64];
    assert_int_equal(incstat_xlsx_open(XDIR "gtd_like.xlsx", NULL, &r, &err), INCSTAT_OK);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    r->ops->where(r, 1, buf, sizeof buf);
    assert_string_equal(buf, "Incidents!B3");
    r->ops->where(r, 26, buf, sizeof buf);
    assert_string_equal(buf, "Incidents!AA3");
    r->ops->where(r, 1, buf, 5); /* cut short, terminated */
    assert_string_equal(buf, "Inci");
    incstat_rows_free(r);
    /* a sheet name that needs quotes, as a formula writes it */
    incstat_xlsx_options o = {0};
    o.sheet = "Chart killed";
    assert_int_equal(incstat_xlsx_open(XDIR "gtd_like.xlsx", &o, &r, &err), INCSTAT_EINVAL);
    o.sheet = NULL;
    assert_int_equal(incstat_xlsx_open(TEST_DATA_DIR "/xlsx-suite/calamine/no-header.xlsx", &o, &r, &err),
                     INCSTAT_OK);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    r->ops->where(r, 0, buf, sizeof buf);
    assert_string_equal(buf, "'Feuille 1'!A3"); /* its first row with a value */
    incstat_rows_free(r);
}

static void test_choose_errors(void **state)
{
    (void)state;
    incstat_rows *r = (incstat_rows *)&r;
    incstat_error err;
    incstat_xlsx_options o = {0};
    o.sheet = "Nope";
    assert_int_equal(incstat_xlsx_open(XDIR "gtd_like.xlsx", &o, &r, &err), INCSTAT_EINVAL);
    assert_null(r);
    assert_int_equal(err.code, INCSTAT_EINVAL);
    assert_string_equal(err.message, XDIR "gtd_like.xlsx has no sheet named \"Nope\"; its sheets: "
                        "\"Chart killed\", \"Chart wounded\", \"Empty\", \"Incidents\", \"Notes\"");
    o.sheet = NULL;
    o.index = 6;
    assert_int_equal(incstat_xlsx_open(XDIR "gtd_like.xlsx", &o, &r, &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "has 5 sheets, so no sheet 6"));
    o.index = 2;
    assert_int_equal(incstat_xlsx_open(XDIR "gtd_like.xlsx", &o, &r, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, XDIR "gtd_like.xlsx: sheet \"Chart wounded\" is a chart sheet: "
                        "it holds no cells");
    /* no worksheet with a value */
    assert_int_equal(incstat_xlsx_open(TEST_DATA_DIR "/xlsx-suite/calamine/empty_sheet.xlsx", NULL, &r,
                                       &err), INCSTAT_EEMPTY);
    assert_non_null(strstr(err.message, "no worksheet holds a value"));
    assert_int_equal(incstat_xlsx_open(NULL, NULL, &r, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_xlsx_book_rows(NULL, NULL, &r, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_xlsx_open(XDIR "no-such.xlsx", NULL, &r, &err), INCSTAT_EIO);
    assert_non_null(strstr(err.message, "no-such.xlsx: cannot open"));
    assert_int_equal(incstat_xlsx_open(XDIR, NULL, &r, &err), INCSTAT_EIO);
    assert_non_null(strstr(err.message, "not a regular file"));
}

static void test_date1904(void **state)
{
    (void)state;
    assert_dump(XDIR "date1904.xlsx", NULL,
                "1: A=text:date B=text:datetime C=text:time D=text:number\n"
                "2: A=date:2004-06-18 B=datetime:2004-06-18 14:30:05 C=datetime:1904-01-01 12:00 "
                "D=number:38156\n"
                "3: A=date:1904-01-01 B=datetime:2024-02-29 23:59 D=number:0.1\n"
                "note: sheet \"Dates\" (1 of 1) taken: the first worksheet that holds a value\n");
    incstat_rows *r;
    incstat_error err;
    assert_int_equal(incstat_xlsx_open(XDIR "date1904.xlsx", NULL, &r, &err), INCSTAT_OK);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    /* 2004-06-18 is day 12587 since 1970-01-01 */
    assert_close(r->ops->cell(r, 0)->num, 12587, 0);
    assert_close(r->ops->cell(r, 1)->num, 12587 + (14 * 3600 + 30 * 60 + 5) / 86400.0, 1e-12);
    assert_close(r->ops->cell(r, 3)->num, 38156, 0);
    incstat_rows_free(r);
}

static void test_inline_strings(void **state)
{
    (void)state;
    assert_dump(XDIR "inline.xlsx", NULL,
                "1: A=text:name B=text:note C=text:n\n"
                "2: A=text:Peshawar B=text:line one\nline two C=number:3\n"
                "3: A=text:  padded   B=text:_x000D_ literal C=number:4\n"
                "4: A=text:\xC3\x9Cr\xC3\xBCmqi C=number:5\n"
                "note: sheet \"Inline\" (1 of 1) taken: the first worksheet that holds a value\n");
}

static void test_merged(void **state)
{
    (void)state;
    assert_dump(XDIR "merged.xlsx", NULL,
                "1: A=text:Incident B=text:Casualties\n"
                "2: B=text:killed C=text:wounded\n"
                "3: A=text:I-1 B=number:3 C=number:4\n"
                "4: A=text:I-2 B=number:0 C=number:1\n"
                "note: sheet \"Merged\" (1 of 1) taken: the first worksheet that holds a value\n"
                "note: sheet \"Merged\": 2 merged ranges (A1:A2, B1:C1): each value stays in the "
                "top-left cell of its range, the other cells are empty\n");
}

static void test_leap_and_formats(void **state)
{
    (void)state;
    assert_dump(XDIR "leap1900.xlsx", NULL,
                "1: A=text:serial B=text:as date C=text:quoted D=text:coloured E=text:elapsed\n"
                "2: A=number:59 B=date:1900-02-28 C=number:12.5 D=number:7 "
                "E=datetime:1900-01-01 06:00\n"
                "3: A=number:60 B=error:1900-02-29\n"
                "4: A=number:61 B=date:1900-03-01\n"
                "5: A=number:1 B=date:1900-01-01\n"
                "6: A=number:0.5 B=datetime:1899-12-31 12:00\n"
                "note: sheet \"Leap\" (1 of 1) taken: the first worksheet that holds a value\n"
                "note: sheet \"Leap\": 1 date cell (the first B3) on 1900-02-29, a day Excel counts but "
                "that never was (serial 60 of the 1900 date system): read as missing\n");
}

static void test_stored(void **state)
{
    (void)state;
    assert_dump(XDIR "stored.xlsx", NULL,
                "1: A=text:a\n2: A=number:1\n"
                "note: sheet \"S\" (1 of 1) taken: the first worksheet that holds a value\n");
}

/* 30,000 rows: inflated on a second thread, parsed across many chunks. */
static void test_big(void **state)
{
    (void)state;
    incstat_rows *r;
    incstat_error err;
    assert_int_equal(incstat_xlsx_open(XDIR "big.xlsx", NULL, &r, &err), INCSTAT_OK);
    assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    assert_int_equal(r->ops->count(r), 4);
    assert_memory_equal(r->ops->cell(r, 3)->text, "place", 5);
    static const char *places[] = {"Karachi", "Quetta", "Peshawar", "Lahore", "Kabul"};
    uint64_t rows = 0, blanks = 0, prev = 1;
    double ids = 0;
    incstat_status st;
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        uint64_t n = r->ops->row_number(r);
        assert_int_equal(n, prev + 1);
        prev = n;
        rows++;
        const incstat_cell *id = r->ops->cell(r, 0), *killed = r->ops->cell(r, 2),
                           *place = r->ops->cell(r, 3);
        assert_int_equal(id->type, INCSTAT_CELL_NUMBER);
        assert_true(id->num == (double)(n - 1));
        ids += id->num;
        blanks += killed->type == INCSTAT_CELL_EMPTY;
        assert_int_equal(place->len, strlen(places[(n - 1) % 5]));
        assert_memory_equal(place->text, places[(n - 1) % 5], place->len);
    }
    assert_int_equal(st, INCSTAT_DONE);
    assert_int_equal(rows, 30000);
    assert_int_equal(blanks, 30000 / 7);
    assert_true(ids == 30000.0 * 30001 / 2);
    assert_true(r->ops->bytes_done(r) == r->ops->bytes_total(r));
    assert_true(r->ops->bytes_total(r) > (1u << 20));
    incstat_rows_free(r);
    /* freed halfway: the inflating thread is stopped */
    assert_int_equal(incstat_xlsx_open(XDIR "big.xlsx", NULL, &r, &err), INCSTAT_OK);
    for (int i = 0; i < 100; i++)
        assert_int_equal(r->ops->next(r, &err), INCSTAT_ROW);
    incstat_rows_free(r);
}

/* ---- damaged and hostile workbooks ------------------------------------------ */

typedef struct {
    const char *file;
    incstat_status code;   /* from the open, or from next() when rows is set */
    int rows;              /* rows given before the error */
    const char *message;   /* the message after the file name */
    uint64_t line, column; /* a cell's row and column, 0 when none */
} hostile_case;

static void test_hostile(void **state)
{
    (void)state;
    static const hostile_case cases[] = {
        {"bad_shared_index.xlsx", INCSTAT_EPARSE, 0,
         ": xl/worksheets/sheet1.xml: cell B1: shared string 7 is out of range: the workbook has 2 "
         "(a damaged workbook)", 1, 2},
        {"bad_ref_col.xlsx", INCSTAT_EPARSE, 0,
         ": xl/worksheets/sheet1.xml: row 1: cell reference \"XFE1\" is past Excel's last cell, "
         "XFD1048576", 0, 0},
        {"bad_ref_row.xlsx", INCSTAT_ELIMIT, 1,
         ": xl/worksheets/sheet1.xml: row number \"1048577\" is past Excel's last row, 1048576", 0, 0},
        {"bad_order.xlsx", INCSTAT_EPARSE, 1,
         ": xl/worksheets/sheet1.xml: row 3 comes after row 5: rows out of order (a damaged "
         "workbook)", 0, 0},
        {"bad_number.xlsx", INCSTAT_EPARSE, 1,
         ": xl/worksheets/sheet1.xml: cell C2: its value \"12abc\" is not a number", 2, 3},
        {"bad_bool.xlsx", INCSTAT_EPARSE, 0,
         ": xl/worksheets/sheet1.xml: cell A1: a boolean cell holding \"maybe\", not 0 or 1", 1, 1},
        {"bad_row_cell.xlsx", INCSTAT_EPARSE, 0,
         ": xl/worksheets/sheet1.xml: cell A2: it lies in row 2 of the file (a damaged workbook)", 2, 1},
        {"bad_xml.xlsx", INCSTAT_EPARSE, 1,
         ": xl/worksheets/sheet1.xml: not well-formed XML at line 1, column 193: mismatched tag (a "
         "damaged workbook)", 1, 193},
        {"bad_size.xlsx", INCSTAT_EPARSE, 0,
         ": xl/worksheets/sheet1.xml: inflates past the 224 bytes its directory declares (a zip "
         "bomb or a damaged workbook)", 0, 0},
        {"bad_bomb.xlsx", INCSTAT_EPARSE, 0,
         ": xl/worksheets/sheet1.xml: inflates past the 100 bytes its directory declares (a zip "
         "bomb or a damaged workbook)", 0, 0},
        {"bad_crc.xlsx", INCSTAT_EPARSE, 2,
         ": xl/worksheets/sheet1.xml: its CRC-32 does not match its contents (a damaged workbook)", 0, 0},
        {"bad_ratio.xlsx", INCSTAT_EPARSE, -1,
         ": xl/worksheets/sheet1.xml: declares 4294967280 bytes from 159 compressed, more than "
         "deflate can give (a zip bomb or a damaged workbook)", 0, 0},
        {"bad_truncated.xlsx", INCSTAT_EPARSE, -1,
         ": not an .xlsx workbook: no zip directory at its end (truncated, or another format)", 0, 0},
        {"bad_ole2.xlsx", INCSTAT_EPARSE, -1,
         ": an OLE2 container, not an .xlsx zip: a password-protected workbook or a legacy .xls; "
         "save it from Excel as an unprotected .xlsx", 0, 0},
        {"bad_noworkbook.xlsx", INCSTAT_EPARSE, -1,
         ": a zip archive but not an .xlsx workbook: it has no workbook part (xl/workbook.xml)", 0, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const hostile_case *c = &cases[k];
        char path[256], expected[INCSTAT_ERROR_MESSAGE_MAX + 256];
        snprintf(path, sizeof path, XDIR "%s", c->file);
        snprintf(expected, sizeof expected, "%s%s", path, c->message);
        incstat_rows *r = (incstat_rows *)&r;
        incstat_error err;
        memset(&err, 0, sizeof err);
        incstat_status st = incstat_xlsx_open(path, NULL, &r, &err);
        if (c->rows < 0) {
            assert_int_equal(st, c->code);
            assert_null(r);
        } else {
            if (st != INCSTAT_OK)
                fail_msg("%s: %s", c->file, err.message);
            int rows = 0;
            while ((st = r->ops->next(r, &err)) == INCSTAT_ROW)
                rows++;
            if (st != c->code)
                fail_msg("%s: status %d, expected %d: %s", c->file, (int)st, (int)c->code, err.message);
            assert_int_equal(rows, c->rows);
            /* the error sticks */
            incstat_error again;
            assert_int_equal(r->ops->next(r, &again), c->code);
            assert_string_equal(again.message, err.message);
            incstat_rows_free(r);
        }
        assert_int_equal(err.code, c->code);
        if (strcmp(err.message, expected) != 0)
            fail_msg("%s:\n  got      %s\n  expected %s", c->file, err.message, expected);
        assert_int_equal(err.line, c->line);
        assert_int_equal(err.column, c->column);
    }
}

/* A shared-strings part over options.max_strings is refused before it is read. */
static void test_strings_limit(void **state)
{
    (void)state;
    incstat_rows *r;
    incstat_error err;
    incstat_xlsx_options o = {0};
    o.max_strings = 100;
    assert_int_equal(incstat_xlsx_open(XDIR "gtd_like.xlsx", &o, &r, &err), INCSTAT_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(err.message, "gtd_like.xlsx: xl/sharedStrings.xml: the shared strings are "));
    assert_non_null(strstr(err.message, "over the limit of 100 (options.max_strings)"));
}

/* ---- allocation failure ----------------------------------------------------- */

static void alloc_failure(const char *file)
{
    char *expected = dump_file(file, NULL);
    int succeeded = 0;
    for (unsigned long n = 1; n < 100000 && !succeeded; n++) {
        incstat_rows *r = NULL;
        incstat_error err;
        sbuf b = {0};
        incstat_test_fail_alloc_after(n);
        incstat_status st = incstat_xlsx_open(file, NULL, &r, &err);
        if (st == INCSTAT_OK) {
            st = dump_rows(r, &b, &err);
            incstat_rows_free(r);
        } else {
            assert_null(r);
        }
        incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_DONE) {
            if (strcmp(b.p ? b.p : "", expected) != 0)
                fail_msg("%s, allocation %lu failing: got\n%s", file, n, b.p ? b.p : "");
            succeeded = 1;
        } else if (st != INCSTAT_ENOMEM) {
            fail_msg("%s, allocation %lu failing: status %d: %s", file, n, (int)st, err.message);
        } else {
            assert_int_equal(err.code, INCSTAT_ENOMEM);
            if (!strstr(err.message, "out of memory"))
                fail_msg("%s, allocation %lu failing: %s", file, n, err.message);
        }
        free(b.p);
    }
    assert_true(succeeded);
    free(expected);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    alloc_failure(XDIR "gtd_like.xlsx");
    alloc_failure(XDIR "merged.xlsx");
    alloc_failure(XDIR "inline.xlsx");
    alloc_failure(XDIR "leap1900.xlsx");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_formats),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_date_serials),
        cmocka_unit_test(test_list_sheets),
        cmocka_unit_test(test_gtd_like),
        cmocka_unit_test(test_where),
        cmocka_unit_test(test_choose_errors),
        cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_inline_strings),
        cmocka_unit_test(test_merged),
        cmocka_unit_test(test_leap_and_formats),
        cmocka_unit_test(test_stored),
        cmocka_unit_test(test_big),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_strings_limit),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
