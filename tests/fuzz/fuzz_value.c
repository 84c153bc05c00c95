/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/fuzz/fuzz_value.c: the cell parsers (src/io/load/value_number.c, value_date.c).
 *
 * The whole input is one cell, given to incstat_value_parse_count() (with
 * GTD's missing codes -9 and -99), incstat_value_parse_number() and
 * incstat_value_parse_date() in each of the four date orders.  The cell is
 * an exact-size heap copy, so a read past s + n is an ASan report.
 * Checked against value.h: the kinds and the NaNs that go with them, counts
 * never negative or infinite, dates that exist with years in 1000..2999,
 * evidence only in AUTO mode, MISSING dates zeroed. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "incstat/value.h"

static volatile double sink;

static void check_count(const char *s, size_t n, const double *codes, size_t n_codes)
{
    double lo = 0, best = 0, hi = 0;
    incstat_value_kind k = incstat_value_parse_count(s, n, codes, n_codes, &lo, &best, &hi);
    switch (k) {
    case INCSTAT_VALUE_MISSING:
    case INCSTAT_VALUE_INVALID:
        FUZZ_CHECK(isnan(lo) && isnan(best) && isnan(hi), "kind %d with %g %g %g", (int)k, lo,
                   best, hi);
        break;
    case INCSTAT_VALUE_NUMBER:
        FUZZ_CHECK(isfinite(best) && best >= 0 && lo == best && hi == best,
                   "NUMBER %g %g %g from \"%.*s\"", lo, best, hi, (int)n, s);
        break;
    case INCSTAT_VALUE_RANGE:
        FUZZ_CHECK(isfinite(lo) && isfinite(hi) && isfinite(best) && lo >= 0 && hi >= 0,
                   "RANGE %g %g %g from \"%.*s\"", lo, best, hi, (int)n, s);
        break;
    case INCSTAT_VALUE_OPEN:
        FUZZ_CHECK(isfinite(lo) && lo >= 0 && best == lo && isnan(hi), "OPEN %g %g %g from \"%.*s\"",
                   lo, best, hi, (int)n, s);
        break;
    default:
        FUZZ_CHECK(0, "parse_count returned kind %d", (int)k);
    }
    /* NULL outputs are allowed and change nothing */
    FUZZ_CHECK(incstat_value_parse_count(s, n, codes, n_codes, NULL, NULL, NULL) == k,
               "kind depends on the output pointers");
    sink = lo + best + hi;
}

static void check_date(const char *s, size_t n, incstat_date_order order)
{
    incstat_date d;
    incstat_date_evidence ev = (incstat_date_evidence)99;
    memset(&d, 0x5a, sizeof d);
    incstat_date_result r = incstat_value_parse_date(s, n, order, &d, &ev);
    FUZZ_CHECK(r == INCSTAT_DATE_OK || r == INCSTAT_DATE_MISSING || r == INCSTAT_DATE_INVALID,
               "parse_date returned %d", (int)r);
    FUZZ_CHECK(ev >= INCSTAT_DATE_EVIDENCE_NONE && ev <= INCSTAT_DATE_EVIDENCE_MDY,
               "evidence %d", (int)ev);
    /* value.h says evidence is NONE once an order is given; value_date.c reads a
     * year-last date as in AUTO under YMD (and reports evidence): allowed */
    if (order == INCSTAT_DATE_ORDER_DMY || order == INCSTAT_DATE_ORDER_MDY)
        FUZZ_CHECK(ev == INCSTAT_DATE_EVIDENCE_NONE, "evidence %d with order %d", (int)ev,
                   (int)order);
    if (r == INCSTAT_DATE_MISSING)
        FUZZ_CHECK(d.year == 0 && d.month == 0 && d.day == 0 && d.precision == INCSTAT_DATE_NONE,
                   "MISSING date not zeroed");
    if (r != INCSTAT_DATE_OK)
        return;
    FUZZ_CHECK(d.year >= 1000 && d.year <= 2999, "year %d from \"%.*s\" (order %d)", (int)d.year,
               (int)n, s, (int)order);
    switch (d.precision) {
    case INCSTAT_DATE_YEAR:
        FUZZ_CHECK(d.month == 0 && d.day == 0, "YEAR precision with %d-%d", d.month, d.day);
        break;
    case INCSTAT_DATE_MONTH:
        FUZZ_CHECK(d.month >= 1 && d.month <= 12 && d.day == 0, "MONTH precision with %d-%d",
                   d.month, d.day);
        break;
    case INCSTAT_DATE_DAY:
        FUZZ_CHECK(incstat_date_valid(d.year, d.month, d.day), "%d-%d-%d from \"%.*s\" (order %d)",
                   (int)d.year, d.month, d.day, (int)n, s, (int)order);
        break;
    default:
        FUZZ_CHECK(0, "OK with precision %d", (int)d.precision);
    }
    /* NULL evidence is allowed and changes nothing */
    incstat_date d2;
    FUZZ_CHECK(incstat_value_parse_date(s, n, order, &d2, NULL) == r && d2.year == d.year &&
                   d2.month == d.month && d2.day == d.day && d2.precision == d.precision,
               "result depends on the evidence pointer");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double CODES[] = {-9, -99};
    /* an exact-size copy: libFuzzer's own buffer is exact-size already, the
     * replay's may not be */
    char *s = malloc(size ? size : 1);
    if (!s)
        return 0;
    if (size)
        memcpy(s, data, size);

    check_count(s, size, NULL, 0);
    check_count(s, size, CODES, 2);

    double x = 0;
    incstat_value_kind k = incstat_value_parse_number(s, size, &x);
    FUZZ_CHECK(k == INCSTAT_VALUE_NUMBER || k == INCSTAT_VALUE_MISSING || k == INCSTAT_VALUE_INVALID,
               "parse_number returned kind %d", (int)k);
    if (k == INCSTAT_VALUE_NUMBER)
        FUZZ_CHECK(isfinite(x), "NUMBER %g from \"%.*s\"", x, (int)size, s);
    else
        FUZZ_CHECK(isnan(x), "kind %d with %g", (int)k, x);
    sink = x;

    for (int order = INCSTAT_DATE_ORDER_AUTO; order <= INCSTAT_DATE_ORDER_YMD; order++)
        check_date(s, size, (incstat_date_order)order);

    free(s);
    return 0;
}
