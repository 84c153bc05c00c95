/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/infer.c: the column types of inspect (see infer.h).
 *
 * Every cell of the file passes through here, about 27 million in a
 * million-row ACLED export, so the general parsers (a count that may be a
 * range, then a date in any of its forms) cannot run on each.  A cell is
 * first matched against the shapes that make up nearly every file: empty,
 * names and notes, "12", "-9", "33.718", "2004-06-18", "SYR10685".  Each
 * shortcut is a consequence of the reference rule, argued at the shortcut
 * and checked against it on edge cases and random cells by tests/test_infer.c;
 * anything else goes to the reference. */
#include <math.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "incstat/value.h"
#include "io/source/csv_internal.h"
#include "io/load/infer.h"
#include "io/load/load_numfmt.h"
#include "core/internal.h"
#include "io/load/value_internal.h"

/* Every count and date fits in this ("Wednesday, September 18th, 2004,
 * 10:30 a.m." is 38 bytes): longer cells are text at once. */
#define CELL_MAX 64
/* Digits that plain_decimal reads exactly (10^15 < 2^53). */
#define EXACT_DIGITS 15

/* ---- the reference ---------------------------------------------------- */

incstat_infer_class incstat_infer_cell_reference_(const char *s, size_t n)
{
    double lo, best, hi;
    incstat_date d;
    if (incstat_infer_missing_text_(s, n))
        return INCSTAT_INFER_MISSING;
    int digit = 0;
    for (size_t i = 0; i < n && i <= CELL_MAX && !digit; i++)
        digit = s[i] >= '0' && s[i] <= '9';
    if (!digit || n > CELL_MAX)
        return INCSTAT_INFER_TEXT;
    incstat_value_kind k = incstat_value_parse_count(s, n, NULL, 0, &lo, &best, &hi);
    if (k == INCSTAT_VALUE_NUMBER || (k == INCSTAT_VALUE_INVALID && s[0] == '-' &&
                                      incstat_value_parse_number(s, n, &best) == INCSTAT_VALUE_NUMBER)) {
        if (best == floor(best) && !memchr(s, '.', n) && fabs(best) < 9.007199254740992e15)
            return INCSTAT_INFER_INTEGER;
        return INCSTAT_INFER_NUMBER;
    }
    int date = incstat_value_parse_date(s, n, INCSTAT_DATE_ORDER_AUTO, &d, NULL) == INCSTAT_DATE_OK;
    /* "2004-06" reads as a range 2004 to 6: prefer the date */
    if (k == INCSTAT_VALUE_RANGE || k == INCSTAT_VALUE_OPEN)
        return date ? INCSTAT_INFER_DATE : INCSTAT_INFER_RANGE;
    return date ? INCSTAT_INFER_DATE : INCSTAT_INFER_TEXT;
}

/* ---- shortcuts -------------------------------------------------------- */

static int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

/* The value parsers' letters: ASCII only. */
static int is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

/* Whether the 8 bytes at s hold a digit: x ^ '0' turns digits into 0..9 and
 * every other byte into 10 or more, and the "has a byte below n" test
 * (t - n) & ~t & 0x80 is exact as a yes/no for n <= 128. */
static int word_has_digit(const unsigned char *s)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t x;
    memcpy(&x, s, 8);
    uint64_t t = x ^ (ones * '0');
    return ((t - ones * 10) & ~t & (ones * 0x80)) != 0;
}

/* Whether s[0..n) holds an ASCII digit, reading nothing outside it: the
 * last block overlaps the one before rather than running a byte loop. */
static int has_digit(const unsigned char *s, size_t n)
{
#if defined(__SSE2__)
    if (n >= 16) {
        const __m128i below = _mm_set1_epi8('0' - 1), above = _mm_set1_epi8('9' + 1);
        for (size_t i = 0;; i += 16) {
            if (i + 16 > n)
                i = n - 16;
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* signed compares: bytes from 0x80 are negative, never digits */
            __m128i d = _mm_and_si128(_mm_cmpgt_epi8(b, below), _mm_cmplt_epi8(b, above));
            if (_mm_movemask_epi8(d))
                return 1;
            if (i + 16 == n)
                return 0;
        }
    }
#endif
    if (n >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i + 8 > n)
                i = n - 8;
            if (word_has_digit(s + i))
                return 1;
            if (i + 8 == n)
                return 0;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (is_digit(s[i]))
            return 1;
    return 0;
}

/* Numbers and ISO dates: the class, or -1 to ask the reference.
 *   [-]D (1 to 15 digits): plain_decimal reads D exactly (or, after '-',
 *     the count parser refuses a negative and the number parser reads it),
 *     an integer below 2^53 without a '.': INTEGER.
 *   [-]D.D (up to 64 bytes): both parsers read it whole and finite (64
 *     digits stay far below DBL_MAX), and it has a '.': NUMBER.
 *   DDDD-DD-DD: the count parser reads 2004, a range sign, 06, then stops
 *     short of the end, so the cell is INVALID as a count and a DATE
 *     exactly when the date parser takes it; the date parser reads three
 *     numbers with the same separator, the first of four digits, as
 *     year-month-day and accepts them when the day exists, as
 *     incstat_date_valid says (iso_fast in value_date.c, and numeric_date behind
 *     it for "2023-02-30" and "0025-01-01", which it refuses: TEXT). */
static int numeric_shape(const unsigned char *s, size_t n)
{
    size_t i = s[0] == '-', p = i;
    while (p < n && is_digit(s[p]))
        p++;
    size_t nd = p - i;
    if (nd == 0)
        return -1;
    if (p == n)
        return nd <= EXACT_DIGITS ? INCSTAT_INFER_INTEGER : -1;
    if (s[p] == '.') {
        size_t q = p + 1;
        while (q < n && is_digit(s[q]))
            q++;
        return q == n && q > p + 1 ? INCSTAT_INFER_NUMBER : -1;
    }
    if (i == 0 && nd == 4 && n == 10 && s[4] == '-' && is_digit(s[5]) && is_digit(s[6]) &&
        s[7] == '-' && is_digit(s[8]) && is_digit(s[9])) {
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        return incstat_date_valid(y, m, d) ? INCSTAT_INFER_DATE : INCSTAT_INFER_TEXT;
    }
    return -1;
}

/* A cell that opens with letters and holds a digit ("SYR10685",
 * "Police Forces of Niger (1964-)"): TEXT when the opening word can begin
 * neither a count nor a date, else -1. */
static int word_shape(const unsigned char *s, size_t n)
{
    size_t k = 0;
    while (k < n && is_alpha(s[k]))
        k++;
    return incstat_value_word_inert_((const char *)s, k) ? INCSTAT_INFER_TEXT : -1;
}

static incstat_infer_class classify(const char *cs, size_t n)
{
    const unsigned char *s = (const unsigned char *)cs;
    int r = -1;
    if (n == 0)
        return INCSTAT_INFER_MISSING;
    if (n > CELL_MAX)
        return INCSTAT_INFER_TEXT; /* no missing word is that long */
    if (is_digit(s[0]) || s[0] == '-')
        r = numeric_shape(s, n);
    else if (!has_digit(s, n)) /* then the reference says missing or text */
        return incstat_infer_missing_text_(cs, n) ? INCSTAT_INFER_MISSING : INCSTAT_INFER_TEXT;
    else if (is_alpha(s[0]))
        r = word_shape(s, n);
    return r >= 0 ? (incstat_infer_class)r : incstat_infer_cell_reference_(cs, n);
}

incstat_infer_class incstat_infer_cell_(const char *s, size_t n)
{
    return classify(s, n);
}

/* ---- rows ------------------------------------------------------------- */


static void tally(incstat_column_report *cr, incstat_infer_class k)
{
    switch (k) {
    case INCSTAT_INFER_MISSING:
        if (!cr->field) /* a mapped column's missing cells are counted as it is read */
            cr->missing++;
        break;
    case INCSTAT_INFER_INTEGER: cr->n_int++; break;
    case INCSTAT_INFER_NUMBER: cr->n_num++; break;
    case INCSTAT_INFER_RANGE: cr->n_range++; break;
    case INCSTAT_INFER_DATE: cr->n_date++; break;
    case INCSTAT_INFER_TEXT: cr->n_text++; break;
    }
}

int incstat_infer_row_(incstat_csv *csv, incstat_column_report *cols, size_t ncols)
{
    incstat_csv_record_view r;
    incstat_csv_record_view_(csv, &r);
    size_t nf = r.n < ncols ? r.n : ncols;
    const unsigned decode = INCSTAT_CSV_IRREGULAR_ | INCSTAT_CSV_DOUBLED_;
    for (size_t i = 0; i < nf; i++) {
        const char *s;
        size_t n;
        if (INCSTAT_LIKELY(r.ascii && !(r.flags[i] & decode))) {
            /* the bytes are the text: no call, and only ASCII blanks to trim */
            s = r.rec + r.start[i];
            n = r.end[i] - r.start[i];
            if (r.flags[i] & INCSTAT_CSV_QUOTED_) {
                s++;
                n -= 2;
            }
            while (n && (s[0] == ' ' || s[0] == '\t')) {
                s++;
                n--;
            }
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
        } else {
            s = incstat_csv_field(csv, i, &n);
            if (!s)
                return -1;
            incstat_trim_cell(&s, &n);
        }
        tally(&cols[i], incstat_numfmt_infer_(&cols[i], s, n, classify(s, n), csv));
    }
    return 0;
}
