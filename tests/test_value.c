/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_value.c: cell parsers (counts, numbers, dates, calendar).
 *
 * Every input goes through an exact-size heap copy with no NUL after it, so
 * AddressSanitizer reports any read past s + n.  Reference dates that were
 * not worked out by hand (Excel serials) were checked with python3:
 *   datetime(1899, 12, 30) + timedelta(days=serial). */
#include <stdlib.h>
#include "helpers.h"
#include "incstat/util.h"
#include "incstat/value.h"

/* ------------------------------------------------------------ plumbing */

/* An exact-size heap copy of text (no terminator), freed by the caller. */
static char *exact_copy(const char *text, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    memcpy(p, text, n);
    return p;
}

static incstat_value_kind count_codes(const char *text, const double *codes, size_t n_codes,
                                      double *lo, double *be, double *hi)
{
    size_t n = strlen(text);
    char *p = exact_copy(text, n);
    incstat_value_kind k = incstat_value_parse_count(p, n, codes, n_codes, lo, be, hi);
    free(p);
    return k;
}

static incstat_value_kind count(const char *text, double *lo, double *be, double *hi)
{
    return count_codes(text, NULL, 0, lo, be, hi);
}

static incstat_value_kind number(const char *text, double *out)
{
    size_t n = strlen(text);
    char *p = exact_copy(text, n);
    incstat_value_kind k = incstat_value_parse_number(p, n, out);
    free(p);
    return k;
}

static incstat_date_result date_ev(const char *text, incstat_date_order order, incstat_date *out,
                                   incstat_date_evidence *ev)
{
    size_t n = strlen(text);
    char *p = exact_copy(text, n);
    incstat_date_result r = incstat_value_parse_date(p, n, order, out, ev);
    free(p);
    return r;
}

static void expect_number(const char *text, double v)
{
    double lo, be, hi;
    incstat_value_kind k = count(text, &lo, &be, &hi);
    if (k != INCSTAT_VALUE_NUMBER)
        fail_msg("count \"%s\": kind %d, expected NUMBER", text, (int)k);
    assert_close(lo, v, 0);
    assert_close(be, v, 0);
    assert_close(hi, v, 0);
}

static void expect_range(const char *text, double a, double b)
{
    double lo, be, hi;
    incstat_value_kind k = count(text, &lo, &be, &hi);
    if (k != INCSTAT_VALUE_RANGE)
        fail_msg("count \"%s\": kind %d, expected RANGE", text, (int)k);
    assert_close(lo, a, 0);
    assert_close(be, (a + b) / 2, 0);
    assert_close(hi, b, 0);
}

static void expect_open(const char *text, double a)
{
    double lo, be, hi;
    incstat_value_kind k = count(text, &lo, &be, &hi);
    if (k != INCSTAT_VALUE_OPEN)
        fail_msg("count \"%s\": kind %d, expected OPEN", text, (int)k);
    assert_close(lo, a, 0);
    assert_close(be, a, 0);
    assert_nan(hi);
}

static void expect_count_kind(const char *text, incstat_value_kind want)
{
    double lo = 0, be = 0, hi = 0;
    incstat_value_kind k = count(text, &lo, &be, &hi);
    if (k != want)
        fail_msg("count \"%s\": kind %d, expected %d", text, (int)k, (int)want);
    assert_nan(lo);
    assert_nan(be);
    assert_nan(hi);
}

static void expect_real(const char *text, double v)
{
    double out;
    incstat_value_kind k = number(text, &out);
    if (k != INCSTAT_VALUE_NUMBER)
        fail_msg("number \"%s\": kind %d, expected NUMBER", text, (int)k);
    assert_close(out, v, 0);
}

static void expect_real_kind(const char *text, incstat_value_kind want)
{
    double out = 0;
    incstat_value_kind k = number(text, &out);
    if (k != want)
        fail_msg("number \"%s\": kind %d, expected %d", text, (int)k, (int)want);
    assert_nan(out);
}

static void expect_date_ev(const char *text, incstat_date_order order, int y, int m, int d,
                           incstat_date_precision prec, incstat_date_evidence want_ev)
{
    incstat_date out;
    incstat_date_evidence ev;
    incstat_date_result r = date_ev(text, order, &out, &ev);
    if (r != INCSTAT_DATE_OK)
        fail_msg("date \"%s\": result %d, expected OK", text, (int)r);
    if (out.year != y || out.month != m || out.day != d || out.precision != prec)
        fail_msg("date \"%s\": %d-%d-%d prec %d, expected %d-%d-%d prec %d", text,
                 (int)out.year, (int)out.month, (int)out.day, (int)out.precision, y, m, d,
                 (int)prec);
    if (ev != want_ev)
        fail_msg("date \"%s\": evidence %d, expected %d", text, (int)ev, (int)want_ev);
}

static void expect_day(const char *text, int y, int m, int d)
{
    expect_date_ev(text, INCSTAT_DATE_ORDER_AUTO, y, m, d, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
}

static void expect_date_result(const char *text, incstat_date_order order,
                               incstat_date_result want)
{
    incstat_date out;
    incstat_date_evidence ev = INCSTAT_DATE_EVIDENCE_MDY;
    memset(&out, 0x55, sizeof out);
    incstat_date_result r = date_ev(text, order, &out, &ev);
    if (r != want)
        fail_msg("date \"%s\": result %d, expected %d", text, (int)r, (int)want);
    assert_int_equal(out.year, 0);
    assert_int_equal(out.month, 0);
    assert_int_equal(out.day, 0);
    assert_int_equal(out.precision, INCSTAT_DATE_NONE);
    assert_int_equal(ev, INCSTAT_DATE_EVIDENCE_NONE);
}

static void expect_bad_date(const char *text)
{
    expect_date_result(text, INCSTAT_DATE_ORDER_AUTO, INCSTAT_DATE_INVALID);
}

static void expect_missing_date(const char *text)
{
    expect_date_result(text, INCSTAT_DATE_ORDER_AUTO, INCSTAT_DATE_MISSING);
}

/* -------------------------------------------------------------- counts */

static void test_count_plain(void **state)
{
    (void)state;
    expect_number("0", 0);
    expect_number("12", 12);
    expect_number("123456789012345", 123456789012345.0); /* fast-path limit */
    expect_number("1234567890123456", 1234567890123456.0);
    expect_number("  12 ", 12);
    expect_number("\t12\r\n", 12);
    expect_number("\xC2\xA0" "12", 12);
    expect_number("12\xE2\x80\xAF", 12);
    expect_number("+12", 12);
    expect_number("007", 7);
    expect_number("3.5", 3.5);
    expect_number(".5", 0.5);
    expect_number("5.", 5);
    expect_number("1e3", 1000);
    expect_number("2.5E2", 250);
    expect_number("1e-2", 0.01);
    expect_number("1,600", 1600);
    expect_number("1,600.5", 1600.5);
    expect_number("12,345,678", 12345678);
    expect_number("1\xC2\xA0" "600", 1600);
    expect_number("1\xE2\x80\xAF" "600\xE2\x80\xAF" "000", 1600000);
}

static void test_count_approximate(void **state)
{
    (void)state;
    /* Approximate markers keep the stated figure as a plain NUMBER. */
    expect_number("~40", 40);
    expect_number("~ 40", 40);
    expect_number("about 40", 40);
    expect_number("About 40", 40);
    expect_number("approx. 40", 40);
    expect_number("approx 40", 40);
    expect_number("approximately 40", 40);
    expect_number("c. 40", 40);
    expect_number("c.40", 40);
    expect_number("ca. 40", 40);
    expect_number("circa 40", 40);
    expect_count_kind("aboutt 40", INCSTAT_VALUE_INVALID);
}

static void test_count_ranges(void **state)
{
    (void)state;
    expect_range("2-3", 2, 3);
    expect_range("2 - 3", 2, 3);
    expect_range("2 to 3", 2, 3);
    expect_range("2 TO 3", 2, 3);
    expect_range("2\xE2\x80\x93" "3", 2, 3);       /* en dash */
    expect_range("2 \xE2\x80\x93 3", 2, 3);
    expect_range("2\xE2\x80\x94" "3", 2, 3);       /* em dash */
    expect_range("1,000-2,000", 1000, 2000);
    expect_range("1.5-2.5", 1.5, 2.5);
    expect_range("about 10-20", 10, 20);
    expect_range("3-2", 3, 2); /* low > high is kept; the caller reports it */
    expect_count_kind("2-", INCSTAT_VALUE_INVALID);
    expect_count_kind("2 to", INCSTAT_VALUE_INVALID);
    expect_count_kind("2-3-4", INCSTAT_VALUE_INVALID);
    expect_count_kind("2--3", INCSTAT_VALUE_INVALID);
    expect_count_kind("2-3+", INCSTAT_VALUE_INVALID);
    expect_count_kind("2004-06-18", INCSTAT_VALUE_INVALID);
}

static void test_count_open(void **state)
{
    (void)state;
    expect_open("40+", 40);
    expect_open("40 +", 40);
    expect_open("40 or more", 40);
    expect_open("more than 40", 40);
    expect_open("More Than 40", 40);
    expect_open("over 40", 40);
    expect_open(">40", 40);
    expect_open("> 40", 40);
    expect_open(">=40", 40);
    expect_open("at least 40", 40);
    expect_open("1,600+", 1600);
    expect_count_kind("over 40-50", INCSTAT_VALUE_INVALID);
    expect_count_kind("overall 40", INCSTAT_VALUE_INVALID);
    expect_count_kind("40++", INCSTAT_VALUE_INVALID);
    expect_count_kind("+", INCSTAT_VALUE_INVALID);
    expect_count_kind(">", INCSTAT_VALUE_INVALID);
}

static void test_count_missing(void **state)
{
    (void)state;
    static const char *const tokens[] = {
        "", "   ", "\xC2\xA0", "NA", "na", "N/A", "n/a", "n.a.", "N.A.", "Unknown", "UNKNOWN",
        "unk", "-", "--", " - ", "?", "NULL", "null", "none", "None", "nan", "NaN",
        "not known", "Not Known",
    };
    for (size_t k = 0; k < sizeof tokens / sizeof tokens[0]; k++)
        expect_count_kind(tokens[k], INCSTAT_VALUE_MISSING);

    const double codes[] = {-9, -99};
    double lo, be, hi;
    assert_int_equal(count_codes("-9", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_MISSING);
    assert_nan(lo);
    assert_nan(be);
    assert_nan(hi);
    assert_int_equal(count_codes("-99", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_MISSING);
    assert_int_equal(count_codes("-9.0", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_MISSING);
    assert_int_equal(count_codes(" -9 ", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_MISSING);
    assert_int_equal(count_codes("-8", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_INVALID);
    assert_nan(lo);
    assert_int_equal(count_codes("9", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_NUMBER);
    assert_close(lo, 9, 0);
    assert_int_equal(count_codes("-9-3", codes, 2, &lo, &be, &hi), INCSTAT_VALUE_INVALID);
    /* A positive code applies to the plain number, fast path included. */
    const double big[] = {999};
    assert_int_equal(count_codes("999", big, 1, &lo, &be, &hi), INCSTAT_VALUE_MISSING);
    assert_int_equal(count_codes("999.0", big, 1, &lo, &be, &hi), INCSTAT_VALUE_MISSING);
    assert_int_equal(count_codes("998", big, 1, &lo, &be, &hi), INCSTAT_VALUE_NUMBER);
    /* Without codes, negatives are invalid. */
    expect_count_kind("-9", INCSTAT_VALUE_INVALID);
    expect_count_kind("-9.0", INCSTAT_VALUE_INVALID);
    /* NULL codes with a count is tolerated. */
    assert_int_equal(incstat_value_parse_count("-9", 2, NULL, 3, &lo, &be, &hi),
                     INCSTAT_VALUE_INVALID);
}

static void test_count_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "1,60", "1,6000", "12345,678", "1,600,00", "4,5", ",600", "1,", "12abc", "http://x",
        "inf", "Infinity", "1e400", "1e99999999999", ".", "1.2.3", "12 13", "1e", "1e+",
        "abc", "1 600", "1\xC2\xA0" "60", "1,600\xC2\xA0" "000", "$12", "12%", "\xFF",
        "(12)", "--12",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_count_kind(bad[k], INCSTAT_VALUE_INVALID);
}

static void test_count_null_outputs(void **state)
{
    (void)state;
    assert_int_equal(incstat_value_parse_count("2-3", 3, NULL, 0, NULL, NULL, NULL),
                     INCSTAT_VALUE_RANGE);
    double be;
    assert_int_equal(incstat_value_parse_count("2-3", 3, NULL, 0, NULL, &be, NULL),
                     INCSTAT_VALUE_RANGE);
    assert_close(be, 2.5, 0);
    assert_int_equal(incstat_value_parse_count(NULL, 0, NULL, 0, NULL, &be, NULL),
                     INCSTAT_VALUE_MISSING);
    assert_nan(be);
}

/* Decimal conversion must give the double nearest the text. */
static void test_count_rounding(void **state)
{
    (void)state;
    double v;
    assert_int_equal(number("33.718", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 33.718);
    assert_int_equal(number("0.1", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 0.1);
    assert_int_equal(number("123456.789012345", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 123456.789012345);
    assert_int_equal(number("9007199254740993", &v), INCSTAT_VALUE_NUMBER); /* 2^53 + 1 */
    assert_true(v == 9007199254740992.0);
    assert_int_equal(number("0.30000000000000001665", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 0.30000000000000001665);
    assert_int_equal(number("1.7976931348623157e308", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 1.7976931348623157e308);
    assert_int_equal(number("4.9e-324", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 4.9e-324);
    assert_int_equal(number("1e23", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 1e23);
    assert_int_equal(number("0.000000000000000000000000000001", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 1e-30);
    assert_int_equal(number("1,234,567.891", &v), INCSTAT_VALUE_NUMBER);
    assert_true(v == 1234567.891);
    /* Every 1- to 3-decimal value up to 1000 agrees with the compiler's parse. */
    char buf[32];
    for (int i = 0; i < 1000000; i += 7) {
        int len = snprintf(buf, sizeof buf, "%d.%03d", i / 1000, i % 1000);
        assert_int_equal(incstat_value_parse_number(buf, (size_t)len, &v), INCSTAT_VALUE_NUMBER);
        assert_true(v == strtod(buf, NULL));
    }
}

/* ------------------------------------------------------------- numbers */

static void test_number(void **state)
{
    (void)state;
    expect_real("0", 0);
    expect_real("12", 12);
    expect_real("-33.5", -33.5);
    expect_real("+69.2", 69.2);
    expect_real(" -33.718 ", -33.718);
    expect_real("\xE2\x88\x92" "5", -5); /* U+2212 minus */
    expect_real("1,600", 1600);
    expect_real("-1,600.25", -1600.25);
    expect_real("1\xC2\xA0" "600", 1600);
    expect_real("1e3", 1000);
    expect_real("-1.5e-3", -0.0015);
    expect_real(".5", 0.5);
    expect_real("-.5", -0.5);
    expect_real("5.", 5);
    expect_real_kind("", INCSTAT_VALUE_MISSING);
    expect_real_kind("-", INCSTAT_VALUE_MISSING);
    expect_real_kind("NA", INCSTAT_VALUE_MISSING);
    expect_real_kind("nan", INCSTAT_VALUE_MISSING);
    expect_real_kind("  ", INCSTAT_VALUE_MISSING);
    expect_real_kind("inf", INCSTAT_VALUE_INVALID);
    expect_real_kind("-inf", INCSTAT_VALUE_INVALID);
    expect_real_kind("1e400", INCSTAT_VALUE_INVALID);
    expect_real_kind("-1e400", INCSTAT_VALUE_INVALID);
    expect_real_kind("2-3", INCSTAT_VALUE_INVALID);
    expect_real_kind("40+", INCSTAT_VALUE_INVALID);
    expect_real_kind("--5", INCSTAT_VALUE_INVALID);
    expect_real_kind("+-5", INCSTAT_VALUE_INVALID);
    expect_real_kind("- 5", INCSTAT_VALUE_INVALID);
    expect_real_kind("+", INCSTAT_VALUE_INVALID);
    expect_real_kind("1,60", INCSTAT_VALUE_INVALID);
    expect_real_kind("12abc", INCSTAT_VALUE_INVALID);
    expect_real_kind("~40", INCSTAT_VALUE_INVALID);
    assert_int_equal(incstat_value_parse_number("12", 2, NULL), INCSTAT_VALUE_NUMBER);
}

/* --------------------------------------------------------------- dates */

static void test_date_iso(void **state)
{
    (void)state;
    expect_day("2004-06-18", 2004, 6, 18);
    expect_day("2004/06/18", 2004, 6, 18);
    expect_day("2004-6-8", 2004, 6, 8);
    expect_day("2004.06.18", 2004, 6, 18);
    expect_day("  2004-06-18\xC2\xA0", 2004, 6, 18);
    expect_day("2004-06-18T10:00:00Z", 2004, 6, 18);
    expect_day("2004-06-18T10:00:00.123+02:00", 2004, 6, 18);
    expect_day("2004-06-18T10:00-0500", 2004, 6, 18);
    expect_day("2004-06-18 10:30", 2004, 6, 18);
    expect_day("2004-06-18 10:30 PM", 2004, 6, 18);
    expect_day("2004-06-18 00:00:00 UTC", 2004, 6, 18);
    expect_date_ev("2004-06", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 0, INCSTAT_DATE_MONTH,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("06/2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 0, INCSTAT_DATE_MONTH,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("2004", INCSTAT_DATE_ORDER_AUTO, 2004, 0, 0, INCSTAT_DATE_YEAR,
                   INCSTAT_DATE_EVIDENCE_NONE);
    /* A four-digit first number is year-month-day whatever the order says. */
    expect_date_ev("2004-06-18", INCSTAT_DATE_ORDER_MDY, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("2004/06/18", INCSTAT_DATE_ORDER_DMY, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("04/06/18", INCSTAT_DATE_ORDER_YMD, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_bad_date("2004-06-18T25:00");
    expect_bad_date("2004-06-18 10:30 xyz");
    expect_bad_date("2004-06-18 10:61");
    expect_bad_date("2004-06-18T");
    expect_bad_date("10:30");
    expect_bad_date("2004-06/18");
    expect_bad_date("2004-006-18");
    expect_bad_date("2004-06-18-");
    expect_bad_date("-2004-06-18");
    expect_bad_date("2004-06-18th");
}

static void test_date_numeric_order(void **state)
{
    (void)state;
    expect_date_ev("18/06/2004", INCSTAT_DATE_ORDER_DMY, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("06/18/2004", INCSTAT_DATE_ORDER_MDY, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("6/19/2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 19, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_MDY);
    expect_date_ev("19/6/2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 19, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_DMY);
    expect_date_ev("6/7/2004", INCSTAT_DATE_ORDER_AUTO, 2004, 7, 6, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_AMBIGUOUS);
    expect_date_ev("6/7/04", INCSTAT_DATE_ORDER_AUTO, 2004, 7, 6, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_AMBIGUOUS);
    expect_date_ev("6/7/98", INCSTAT_DATE_ORDER_AUTO, 1998, 7, 6, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_AMBIGUOUS);
    expect_date_ev("1/1/69", INCSTAT_DATE_ORDER_DMY, 1969, 1, 1, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("1/1/68", INCSTAT_DATE_ORDER_DMY, 2068, 1, 1, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("1/1/00", INCSTAT_DATE_ORDER_DMY, 2000, 1, 1, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("18.06.2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_DMY);
    expect_date_ev("06.07.2004", INCSTAT_DATE_ORDER_AUTO, 2004, 7, 6, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_AMBIGUOUS);
    expect_date_ev("18-06-2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_DMY);
    expect_date_ev("18/06/2004 10:30", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 18, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_DMY);
    /* YMD cannot apply with a four-digit year last: read as in AUTO. */
    expect_date_ev("19/6/2004", INCSTAT_DATE_ORDER_YMD, 2004, 6, 19, INCSTAT_DATE_DAY,
                   INCSTAT_DATE_EVIDENCE_DMY);
    /* The order given beats the numbers. */
    expect_date_result("19/6/2004", INCSTAT_DATE_ORDER_MDY, INCSTAT_DATE_INVALID);
    expect_date_result("6/19/2004", INCSTAT_DATE_ORDER_DMY, INCSTAT_DATE_INVALID);
    expect_bad_date("32/01/2004");
    expect_bad_date("13/13/2004");
    expect_bad_date("31/02/2004");
    expect_bad_date("0/1/2004");
    expect_bad_date("1/0/2004");
    expect_bad_date("1/1/204");
    expect_bad_date("1/1/20045");
    expect_bad_date("6/04");
    expect_bad_date("6/7");
    expect_bad_date("1/2/3/2004");
    expect_bad_date("18/06-2004");
    expect_bad_date("18 06 2004");
    expect_bad_date("18,06,2004");
}

static void test_date_month_names(void **state)
{
    (void)state;
    expect_day("18 June 2004", 2004, 6, 18);
    expect_day("18 Jun 2004", 2004, 6, 18);
    expect_day("18 JUNE 2004", 2004, 6, 18);
    expect_day("June 18, 2004", 2004, 6, 18);
    expect_day("Friday, June 18, 2004", 2004, 6, 18);
    expect_day("Fri, 18 Jun 2004", 2004, 6, 18);
    expect_day("Sunday-November 19-1995", 1995, 11, 19);
    expect_day("Saturday-November-25-2017", 2017, 11, 25);
    expect_day("Wednesday-May 8-2002", 2002, 5, 8);
    expect_day("18-Jun-2004", 2004, 6, 18);
    expect_day("18-JUN-04", 2004, 6, 18);
    expect_day("18-jun-98", 1998, 6, 18);
    expect_day("18th June 2004", 2004, 6, 18);
    expect_day("18th of June 2004", 2004, 6, 18);
    expect_day("June 1st, 2004", 2004, 6, 1);
    expect_day("June 22nd 2004", 2004, 6, 22);
    expect_day("June 3rd 2004", 2004, 6, 3);
    expect_day("Sept 5 2004", 2004, 9, 5);
    expect_day("Sept. 5, 2004", 2004, 9, 5);
    expect_day("Jun. 18, 2004", 2004, 6, 18);
    expect_day("2004 June 18", 2004, 6, 18);
    expect_day("2004-Jun-18", 2004, 6, 18);
    expect_day("18June2004", 2004, 6, 18);
    expect_day("18 June 2004 10:30", 2004, 6, 18);
    expect_day("June 18, 2004, 10:30 a.m.", 2004, 6, 18);
    expect_day("18\xC2\xA0June\xC2\xA0" "2004", 2004, 6, 18);
    expect_day("February 29, 2004", 2004, 2, 29);
    expect_day("December 31 1999", 1999, 12, 31);
    /* A weekday that disagrees with the date is ignored (18 June 2004 was a Friday). */
    expect_day("Monday, June 18, 2004", 2004, 6, 18);
    /* Misspelt weekdays (one edit) as hand-typed in the PBC file (S#453). */
    expect_day("Thursay-Aug 27-2015", 2015, 8, 27);
    expect_day("Wendesday, June 18, 2004", 2004, 6, 18);
    expect_day("Satruday 18 June 2004", 2004, 6, 18);
    expect_bad_date("Thirsdee 18 June 2004");
    expect_date_ev("Jun 2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 0, INCSTAT_DATE_MONTH,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("June, 2004", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 0, INCSTAT_DATE_MONTH,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("2004 June", INCSTAT_DATE_ORDER_AUTO, 2004, 6, 0, INCSTAT_DATE_MONTH,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("sep 1995", INCSTAT_DATE_ORDER_MDY, 1995, 9, 0, INCSTAT_DATE_MONTH,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_bad_date("June 2004 2005");
    expect_bad_date("June July 2004");
    expect_bad_date("June 18");
    expect_bad_date("June");
    expect_bad_date("Friday");
    expect_bad_date("Jun 04");
    expect_bad_date("June 31, 2004");
    expect_bad_date("Juné 18, 2004");
    expect_bad_date("Junk 18, 2004");
    expect_bad_date("18 June 2004th");
    expect_bad_date("18thth June 2004");
    expect_bad_date("18 th June 2004");
    expect_bad_date("180 June 2004");
    expect_bad_date("June 18, 2004,");
    expect_bad_date(", June 18, 2004");
    expect_bad_date("Someday, June 18, 2004");
    expect_bad_date("hello");
}

static void test_date_excel(void **state)
{
    (void)state;
    /* python3: datetime(1899,12,30) + timedelta(days=N) */
    expect_day("38156", 2004, 6, 18);
    expect_day("38156.5", 2004, 6, 18);
    expect_day(" 38156.999 ", 2004, 6, 18);
    expect_day("10000", 1927, 5, 18);
    expect_day("109574", 2199, 12, 31);
    expect_day("43831", 2020, 1, 1);
    expect_bad_date("9999.5");
    expect_bad_date("09999");
    expect_bad_date("109575");
    expect_bad_date("999999");
    expect_bad_date("1000000");
    expect_bad_date("38156.");
    expect_bad_date("38156.5.1");
    expect_bad_date("-38156");
    expect_bad_date("25");
    expect_bad_date("123");
}

static void test_date_missing_invalid(void **state)
{
    (void)state;
    static const char *const missing[] = {
        "", "   ", "\xC2\xA0", "NA", "N/A", "Unknown", "unk", "-", "0", " 0 ", "NULL", "?",
    };
    for (size_t k = 0; k < sizeof missing / sizeof missing[0]; k++)
        expect_missing_date(missing[k]);
    static const char *const bad[] = {
        "2023-02-30", "2023-13-01", "2023-00-10", "2023-01-00", "0025-01-01", "0025", "25",
        "hello", "1900-02-29", "2100-02-29", "00", "0.0", "2004-02-30", "2004--06", "2004//",
        "\xE2\x80\x93", "12:00", "2004-06-18\xFF",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_bad_date(bad[k]);
    expect_day("2004-02-29", 2004, 2, 29);
    expect_day("2000-02-29", 2000, 2, 29);

    incstat_date d;
    assert_int_equal(incstat_value_parse_date("2004", 4, INCSTAT_DATE_ORDER_AUTO, NULL, NULL),
                     INCSTAT_DATE_OK);
    assert_int_equal(incstat_value_parse_date(NULL, 0, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_MISSING);
}

static void test_date_year_bounds(void **state)
{
    (void)state;
    expect_date_ev("1000", INCSTAT_DATE_ORDER_AUTO, 1000, 0, 0, INCSTAT_DATE_YEAR,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_date_ev("2999", INCSTAT_DATE_ORDER_AUTO, 2999, 0, 0, INCSTAT_DATE_YEAR,
                   INCSTAT_DATE_EVIDENCE_NONE);
    expect_bad_date("0999");
    expect_bad_date("3000");
    expect_day("1000-01-01", 1000, 1, 1);
    expect_day("2999-12-31", 2999, 12, 31);
    expect_bad_date("0999-12-31");
    expect_bad_date("3000-01-01");
    expect_bad_date("1 Jan 3000");
    expect_bad_date("Dec 0999");
}

/* ------------------------------------------------------------ calendar */

static void test_calendar(void **state)
{
    (void)state;
    assert_int_equal(incstat_date_days_in_month(2004, 2), 29);
    assert_int_equal(incstat_date_days_in_month(2003, 2), 28);
    assert_int_equal(incstat_date_days_in_month(1900, 2), 28);
    assert_int_equal(incstat_date_days_in_month(2000, 2), 29);
    assert_int_equal(incstat_date_days_in_month(2100, 2), 28);
    assert_int_equal(incstat_date_days_in_month(2004, 1), 31);
    assert_int_equal(incstat_date_days_in_month(2004, 4), 30);
    assert_int_equal(incstat_date_days_in_month(2004, 12), 31);
    assert_int_equal(incstat_date_days_in_month(2004, 0), 0);
    assert_int_equal(incstat_date_days_in_month(2004, 13), 0);
    assert_int_equal(incstat_date_days_in_month(2004, -1), 0);

    assert_true(incstat_date_valid(2004, 2, 29));
    assert_false(incstat_date_valid(2003, 2, 29));
    assert_false(incstat_date_valid(1900, 2, 29));
    assert_true(incstat_date_valid(2000, 2, 29));
    assert_false(incstat_date_valid(2100, 2, 29));
    assert_true(incstat_date_valid(1000, 1, 1));
    assert_true(incstat_date_valid(2999, 12, 31));
    assert_false(incstat_date_valid(999, 12, 31));
    assert_false(incstat_date_valid(3000, 1, 1));
    assert_false(incstat_date_valid(2004, 0, 1));
    assert_false(incstat_date_valid(2004, 13, 1));
    assert_false(incstat_date_valid(2004, 1, 0));
    assert_false(incstat_date_valid(2004, 1, 32));
    assert_false(incstat_date_valid(2004, 4, 31));

    /* Every day of 1000..2999 round-trips through the ISO parser. */
    char buf[16];
    for (int y = 1000; y <= 2999; y += 7) {
        for (int m = 1; m <= 12; m++) {
            int dim = incstat_date_days_in_month(y, m);
            for (int d = 1; d <= 31; d++) {
                int len = snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                incstat_date out;
                incstat_date_result r =
                    incstat_value_parse_date(buf, (size_t)len, INCSTAT_DATE_ORDER_AUTO, &out, NULL);
                assert_int_equal(r, d <= dim ? INCSTAT_DATE_OK : INCSTAT_DATE_INVALID);
                assert_int_equal(incstat_date_valid(y, m, d), d <= dim);
            }
        }
    }
}

/* ------------------------------------------------------------ robustness */

/* Slices of a larger buffer: the byte right after the slice is a digit or a
 * letter that would change the answer if it were read. */
static void test_slices(void **state)
{
    (void)state;
    const char *buf = "12345-2004-06-189";
    double lo, be, hi, v;
    assert_int_equal(incstat_value_parse_count(buf, 2, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_NUMBER);
    assert_close(lo, 12, 0);
    assert_int_equal(incstat_value_parse_count(buf + 4, 3, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_RANGE); /* "5-2" */
    assert_close(hi, 2, 0);
    assert_int_equal(incstat_value_parse_number(buf + 1, 2, &v), INCSTAT_VALUE_NUMBER);
    assert_close(v, 23, 0);
    incstat_date d;
    assert_int_equal(incstat_value_parse_date(buf + 6, 10, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_OK);
    assert_int_equal(d.day, 18);
    assert_int_equal(incstat_value_parse_date(buf + 6, 7, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_OK);
    assert_int_equal(d.precision, INCSTAT_DATE_MONTH);
    assert_int_equal(incstat_value_parse_date(buf, 5, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_OK); /* serial 12345 */
    assert_int_equal(incstat_value_parse_date(buf, 0, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_MISSING);

    const char *words = "1,600.5e3 2 to 3xyz";
    assert_int_equal(incstat_value_parse_count(words, 5, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_NUMBER); /* "1,600" */
    assert_close(lo, 1600, 0);
    assert_int_equal(incstat_value_parse_count(words, 4, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_INVALID); /* "1,60" */
    assert_int_equal(incstat_value_parse_count(words, 8, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_INVALID); /* "1,600.5e": 'e' without digits is junk */
    assert_int_equal(incstat_value_parse_count(words, 9, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_NUMBER); /* "1,600.5e3" */
    assert_close(lo, 1600500, 0);
    assert_int_equal(incstat_value_parse_count(words + 10, 6, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_RANGE); /* "2 to 3" before "xyz" */
}

/* Every prefix of many valid cells, as exact-size heap buffers: nothing may
 * crash or read out of bounds, and the answer must be coherent. */
static void test_prefixes(void **state)
{
    (void)state;
    static const char *const cells[] = {
        "1,600.5", "2 - 3", "2\xE2\x80\x93" "3", "more than 40", "approx. 40", "40 or more",
        "1e3", "\xC2\xA0" "12\xE2\x80\xAF", "-9.0", "-33.718", "n.a.", "not known",
        "2004-06-18T10:00:00.5+02:00", "Friday, June 18, 2004, 10:30 p.m.",
        "Sunday-November 19-1995", "18th of June 2004", "38156.5", "6/7/04", "Sept. 5, 2004",
        "2004-06-18 00:00:00 UTC",
    };
    const double codes[] = {-9};
    for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
        size_t len = strlen(cells[c]);
        for (size_t n = 0; n <= len; n++) {
            char *p = exact_copy(cells[c], n);
            double lo, be, hi, v;
            incstat_value_kind k = incstat_value_parse_count(p, n, codes, 1, &lo, &be, &hi);
            if (k == INCSTAT_VALUE_MISSING || k == INCSTAT_VALUE_INVALID) {
                assert_true(isnan(lo) && isnan(be) && isnan(hi));
            } else {
                assert_true(isfinite(lo) && isfinite(be));
                assert_true(k == INCSTAT_VALUE_OPEN ? isnan(hi) : isfinite(hi));
            }
            k = incstat_value_parse_number(p, n, &v);
            assert_true(k == INCSTAT_VALUE_NUMBER ? isfinite(v) : isnan(v));
            for (int order = 0; order <= INCSTAT_DATE_ORDER_YMD; order++) {
                incstat_date d;
                incstat_date_evidence ev;
                incstat_date_result r =
                    incstat_value_parse_date(p, n, (incstat_date_order)order, &d, &ev);
                if (r != INCSTAT_DATE_OK) {
                    assert_int_equal(d.precision, INCSTAT_DATE_NONE);
                    continue;
                }
                assert_true(d.year >= 1000 && d.year <= 2999);
                if (d.precision >= INCSTAT_DATE_MONTH)
                    assert_true(d.month >= 1 && d.month <= 12);
                if (d.precision == INCSTAT_DATE_DAY)
                    assert_true(incstat_date_valid(d.year, d.month, d.day));
            }
            free(p);
        }
    }
}

/* A 1 MB garbage cell is INVALID (and quick), for every parser. */
/* The ISO text of a date at each precision, unknown as "", cut to fit. */
static void test_date_text(void **state)
{
    (void)state;
    char b[16];
    incstat_date d = {2017, 11, 5, INCSTAT_DATE_DAY};
    assert_int_equal(incstat_value_date_text(d, b, sizeof b), 10);
    assert_string_equal(b, "2017-11-05");
    d.precision = INCSTAT_DATE_MONTH;
    assert_int_equal(incstat_value_date_text(d, b, sizeof b), 7);
    assert_string_equal(b, "2017-11");
    d.precision = INCSTAT_DATE_YEAR;
    assert_int_equal(incstat_value_date_text(d, b, sizeof b), 4);
    assert_string_equal(b, "2017");
    d.precision = INCSTAT_DATE_NONE;
    assert_int_equal(incstat_value_date_text(d, b, sizeof b), 0);
    assert_string_equal(b, "");
    d.precision = INCSTAT_DATE_DAY;
    assert_int_equal(incstat_value_date_text(d, b, 5), 10);
    assert_string_equal(b, "2017");
}

static void test_huge(void **state)
{
    (void)state;
    size_t n = (size_t)1 << 20;
    char *p = malloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (char)("0123456789,.-e x"[i % 16]);
    double lo, be, hi, v;
    incstat_date d;
    assert_int_equal(incstat_value_parse_count(p, n, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_INVALID);
    assert_nan(be);
    assert_int_equal(incstat_value_parse_number(p, n, &v), INCSTAT_VALUE_INVALID);
    assert_int_equal(incstat_value_parse_date(p, n, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_INVALID);
    /* All digits, too: a long number is still junk, not a slow parse. */
    memset(p, '7', n);
    assert_int_equal(incstat_value_parse_count(p, n, NULL, 0, &lo, &be, &hi),
                     INCSTAT_VALUE_INVALID);
    assert_int_equal(incstat_value_parse_number(p, n, &v), INCSTAT_VALUE_INVALID);
    assert_int_equal(incstat_value_parse_date(p, n, INCSTAT_DATE_ORDER_AUTO, &d, NULL),
                     INCSTAT_DATE_INVALID);
    /* Just under the number bound a long digit string still parses. */
    assert_int_equal(incstat_value_parse_number(p, 256, &v), INCSTAT_VALUE_NUMBER);
    assert_close(v, 7.777777777777778e255, 1e-15);
    assert_int_equal(incstat_value_parse_number(p, 257, &v), INCSTAT_VALUE_INVALID);
    free(p);
}

/* Random bytes from a small alphabet: never crashes, outputs coherent. */
static void test_fuzz(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789-/.,: +eE~JunjThtsdr\xC2\xA0\xE2\x80\x93";
    uint32_t x = 12345u;
    for (int it = 0; it < 200000; it++) {
        char buf[24];
        x = x * 1664525u + 1013904223u;
        size_t n = (x >> 16) % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            x = x * 1664525u + 1013904223u;
            buf[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
        }
        char *p = exact_copy(buf, n);
        double lo, be, hi, v;
        incstat_value_kind k = incstat_value_parse_count(p, n, NULL, 0, &lo, &be, &hi);
        if (k == INCSTAT_VALUE_NUMBER || k == INCSTAT_VALUE_RANGE)
            assert_true(lo >= 0 && hi >= 0 && isfinite(be));
        k = incstat_value_parse_number(p, n, &v);
        assert_true(k == INCSTAT_VALUE_NUMBER ? isfinite(v) : isnan(v));
        incstat_date d;
        if (incstat_value_parse_date(p, n, INCSTAT_DATE_ORDER_AUTO, &d, NULL) == INCSTAT_DATE_OK)
            assert_true(d.year >= 1000 && d.year <= 2999);
        free(p);
    }
}

/* Day numbers as R counts them: as.numeric(as.Date("2000-03-01")) is 11017,
 * as.Date("1900-01-01") -25567, as.Date("2024-02-29") 19782,
 * as.Date("0000-03-01") -719468 (R 4.2.2); and a day apart everywhere across
 * the leap rules of 1600-2400, checked against incstat_date_days_in_month. */
static void test_days_from_civil(void **state)
{
    (void)state;
    assert_int_equal(incstat_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(incstat_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(incstat_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(incstat_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(incstat_days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(incstat_days_from_civil(0, 3, 1), -719468);
    int64_t prev = incstat_days_from_civil(1600, 1, 1) - 1;
    for (int y = 1600; y <= 2400; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= incstat_date_days_in_month(y, m); d++) {
                int64_t n = incstat_days_from_civil(y, m, d);
                assert_true(n == prev + 1);
                prev = n;
            }
}

int main(void)
{
    const struct CMUnitTest counts[] = {
        cmocka_unit_test(test_count_plain),   cmocka_unit_test(test_count_approximate),
        cmocka_unit_test(test_count_ranges),  cmocka_unit_test(test_count_open),
        cmocka_unit_test(test_count_missing), cmocka_unit_test(test_count_invalid),
        cmocka_unit_test(test_count_null_outputs),
    };
    const struct CMUnitTest numbers[] = {
        cmocka_unit_test(test_number),
        cmocka_unit_test(test_count_rounding),
    };
    const struct CMUnitTest dates[] = {
        cmocka_unit_test(test_date_iso),          cmocka_unit_test(test_date_numeric_order),
        cmocka_unit_test(test_date_month_names),  cmocka_unit_test(test_date_excel),
        cmocka_unit_test(test_date_missing_invalid), cmocka_unit_test(test_date_year_bounds),
    };
    const struct CMUnitTest calendar[] = {
        cmocka_unit_test(test_calendar),
    };
    const struct CMUnitTest robustness[] = {
        cmocka_unit_test(test_slices),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_date_text),
        cmocka_unit_test(test_huge),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_days_from_civil),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("counts", counts, NULL, NULL);
    failed += cmocka_run_group_tests_name("numbers", numbers, NULL, NULL);
    failed += cmocka_run_group_tests_name("dates", dates, NULL, NULL);
    failed += cmocka_run_group_tests_name("calendar", calendar, NULL, NULL);
    failed += cmocka_run_group_tests_name("robustness", robustness, NULL, NULL);
    return failed ? 1 : 0;
}
