/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/value_number.c: the number and count parsers (see incstat/value.h):
 * decimals with thousands groups, counts with ranges, open ends, prefix
 * words and missing codes.
 *
 * Everything here is pure: no allocation, no global mutable state (the only
 * static data are constant tables), and no read past s + n, because cells
 * come straight out of a CSV buffer and are not NUL-terminated.  These run on
 * millions of cells, so each public function tries a fast path for the
 * common shapes ("12", "33.718") before the general parser. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "incstat/value.h"
#include "core/internal.h"
#include "io/load/value_text.h"

/* Bound on the trimmed text: no honest number is longer. */
#define NUM_MAX 256

#define is_missing_token incstat_value_missing_token_

/* --------------------------------------------------------- decimal scan */

/* 10^0..10^22: every one is exactly representable as a double. */
static const double exact_pow10[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Significant digits of a decimal, as an integer string times 10^dexp. */
typedef struct {
    char dig[NUM_MAX + 1];
    size_t nd;
    long dexp;
} decimal;

static void push_int_digit(decimal *d, unsigned char c)
{
    if (d->nd == 0 && c == '0')
        return; /* leading zero */
    if (d->nd < NUM_MAX)
        d->dig[d->nd++] = (char)c;
    else
        d->dexp++; /* unreachable with bounded input; keeps the magnitude */
}

static void push_frac_digit(decimal *d, unsigned char c)
{
    if (d->nd == 0 && c == '0') {
        d->dexp--; /* zero right after the point: only shifts the scale */
        return;
    }
    if (d->nd < NUM_MAX) {
        d->dig[d->nd++] = (char)c;
        d->dexp--;
    }
}

/* Convert D * 10^dexp to the nearest double.  When D <= 2^53 and
 * |dexp| <= 22 both factors are exact and one IEEE multiplication or
 * division rounds correctly.  Otherwise strtod does it on a local copy
 * written as "digitsE<exp>": no decimal point, so the locale cannot matter. */
static double decimal_value(decimal *d)
{
    while (d->nd > 0 && d->dig[d->nd - 1] == '0') {
        d->nd--;
        d->dexp++;
    }
    if (d->nd == 0)
        return 0.0;
    if (d->dexp + (long)d->nd > 400)
        return HUGE_VAL; /* certainly beyond DBL_MAX */
    if (d->dexp + (long)d->nd < -400)
        return 0.0; /* certainly below the smallest subnormal */
    if (d->nd <= 19) {
        uint64_t m = 0;
        for (size_t k = 0; k < d->nd; k++)
            m = m * 10 + (uint64_t)(d->dig[k] - '0');
        if (m <= (UINT64_C(1) << 53) && d->dexp >= -22 && d->dexp <= 22)
            return d->dexp < 0 ? (double)m / exact_pow10[-d->dexp]
                               : (double)m * exact_pow10[d->dexp];
    }
    char buf[NUM_MAX + 16];
    size_t p = 0;
    memcpy(buf, d->dig, d->nd);
    p = d->nd;
    buf[p++] = 'e';
    long e = d->dexp;
    if (e < 0) {
        buf[p++] = '-';
        e = -e;
    }
    char tmp[12];
    size_t t = 0;
    do {
        tmp[t++] = (char)('0' + e % 10);
        e /= 10;
    } while (e);
    while (t)
        buf[p++] = tmp[--t];
    buf[p] = '\0';
    int saved = errno; /* do not leak ERANGE to the caller */
    double v = strtod(buf, NULL);
    errno = saved;
    return v;
}

/* A number format resolved for the scanner: the decimal mark, the group
 * bits that may apply, and the notes the scan gathers. */
typedef struct {
    unsigned char dec;
    unsigned group;
    unsigned notes;
} nfmt;

static nfmt resolve_format(const incstat_number_format *f)
{
    nfmt r = {'.', INCSTAT_GROUP_COMMA | INCSTAT_GROUP_NBSP, 0};
    if (f && f->decimal == ',') {
        r.dec = ',';
        r.group = f->group ? f->group : INCSTAT_GROUP_DOT | INCSTAT_GROUP_NBSP;
        r.group &= ~(unsigned)INCSTAT_GROUP_COMMA;
    } else if (f && f->group) {
        r.group = f->group & ~(unsigned)INCSTAT_GROUP_DOT;
    }
    return r;
}

/* A thousands separator at s[i] that the format accepts: ',', '.', a
 * no-break space, an ASCII space or an apostrophe.  Returns its kind (the
 * first byte, 0xA0 / 0xAF for the no-break spaces, '\'' for U+2019) and
 * width, 0 when none. */
static int group_sep(const unsigned char *s, size_t i, size_t n, unsigned group, size_t *w)
{
    unsigned char c = s[i];
    *w = 1;
    if (c == ',')
        return group & INCSTAT_GROUP_COMMA ? ',' : 0;
    if (c == '.')
        return group & INCSTAT_GROUP_DOT ? '.' : 0;
    if (c == ' ')
        return group & INCSTAT_GROUP_SPACE ? ' ' : 0;
    if (c == '\'')
        return group & INCSTAT_GROUP_APOSTROPHE ? '\'' : 0;
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
        *w = 3; /* U+2019, the typographic apostrophe */
        return group & INCSTAT_GROUP_APOSTROPHE ? '\'' : 0;
    }
    size_t sw = space_at(s, i, n);
    if (sw >= 2 && (group & INCSTAT_GROUP_NBSP)) { /* NBSP or narrow NBSP */
        *w = sw;
        return s[i] == 0xC2 ? 0xA0 : 0xAF;
    }
    return 0;
}

/* Scan an unsigned decimal at s[*i..n) in format f: digits with optional
 * thousands groups ("1,600", "1 600" with NBSP), optional fraction (".5",
 * "5.") and optional exponent ("1e3", noted in f->notes).  On success
 * advances *i and returns 1.  Returns 0 when there is no well-formed number
 * (a bad thousands group "1,60" is malformed, not a number followed by
 * junk). */
static int scan_decimal(const unsigned char *s, size_t n, size_t *i, nfmt *f, double *out)
{
    decimal d;
    d.nd = 0;
    d.dexp = 0;
    size_t p = *i, group = 0;
    int sep = 0, int_digits = 0;

    while (p < n) {
        if (is_digit(s[p])) {
            push_int_digit(&d, s[p++]);
            group++;
            int_digits = 1;
            continue;
        }
        size_t w = 0;
        int kind = group_sep(s, p, n, f->group, &w);
        if (!kind || group == 0)
            break;
        /* A group separator needs exactly three digits after it, the same
         * separator throughout and a leading group of at most three. */
        size_t q = p + w;
        int ok = q + 3 <= n && is_digit(s[q]) && is_digit(s[q + 1]) && is_digit(s[q + 2]) &&
                 (q + 3 == n || !is_digit(s[q + 3])) && (sep ? sep == kind : group <= 3);
        if (!ok) {
            if (kind == ',' || kind == '.' || kind == '\'')
                return 0;
            break; /* a space that only ends the number */
        }
        sep = kind;
        push_int_digit(&d, s[q]);
        push_int_digit(&d, s[q + 1]);
        push_int_digit(&d, s[q + 2]);
        p = q + 3;
        group = 3;
    }
    if (p < n && s[p] == f->dec) {
        size_t q = p + 1;
        while (q < n && is_digit(s[q]))
            push_frac_digit(&d, s[q++]);
        if (!int_digits && q == p + 1)
            return 0; /* a lone "." */
        p = q;
    } else if (!int_digits) {
        return 0;
    }
    /* Exponent only when digits follow, so "12e" stays junk after 12. */
    if (p < n && (s[p] | 0x20) == 'e') {
        size_t q = p + 1;
        int neg = 0;
        if (q < n && (s[q] == '+' || s[q] == '-')) {
            neg = s[q] == '-';
            q++;
        }
        if (q < n && is_digit(s[q])) {
            long e = 0;
            while (q < n && is_digit(s[q])) {
                if (e < 100000) /* saturate: the value is 0 or inf anyway */
                    e = e * 10 + (s[q] - '0');
                q++;
            }
            d.dexp += neg ? -e : e;
            p = q;
            f->notes |= INCSTAT_VALUE_NOTE_EXPONENT;
        }
    }
    *out = decimal_value(&d);
    *i = p;
    return 1;
}

/* Value of s[0..n) when it is plain ASCII digits with at most one decimal
 * mark, and short enough (15 digits < 2^53) for m / 10^k to be exact and
 * correctly rounded: the fast path for "12" and "33.718", most cells of a
 * file. */
static inline int plain_decimal(const unsigned char *s, size_t n, unsigned char mark, double *out)
{
    if (n == 0 || n > 16)
        return 0;
    uint64_t v = 0;
    size_t point = n, digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (d <= 9) {
            v = v * 10 + d;
            digits++;
        } else if (s[i] == mark && point == n) {
            point = i;
        } else {
            return 0;
        }
    }
    if (digits == 0 || digits > 15)
        return 0;
    *out = point == n ? (double)v : (double)v / exact_pow10[n - 1 - point];
    return 1;
}

static int is_code(double v, const double *codes, size_t n_codes)
{
    for (size_t k = 0; k < n_codes; k++)
        if (codes[k] == v) /* numeric: "-9.0" matches -9 */
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- counts */

/* Words that mark an approximate figure.  The figure itself is kept as a
 * plain NUMBER ("~40", "about 40", "approx. 40", "c. 40" all give 40): the
 * source gives no interval, and inventing one would be worse. */
static const char *const approx_prefixes[] = {
    "~", "about", "approximately", "approx.", "approx", "circa", "ca.", "ca", "c.",
    "around", "roughly", "some", "est.",
};

/* Words that mark a lower bound: the count is OPEN at that value. */
static const char *const open_prefixes[] = {
    ">=", ">", "more than", "over", "at least", "greater than", "upwards of",
};

/* Skip one of words (then spaces) at s[i]; returns 1 when one matched. */
static int skip_prefix(const unsigned char *s, size_t n, size_t *i, const char *const *words,
                       size_t n_words)
{
    for (size_t k = 0; k < n_words; k++) {
        size_t e;
        if (match_word(s, n, *i, words[k], &e)) {
            *i = skip_spaces(s, e, n);
            return 1;
        }
    }
    return 0;
}

/* A range separator at s[i]: '-', en dash, em dash or the word "to". */
static int range_sep(const unsigned char *s, size_t n, size_t i, size_t *end)
{
    if (s[i] == '-') {
        *end = i + 1;
        return 1;
    }
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0x93 || s[i + 2] == 0x94)) {
        *end = i + 3;
        return 1;
    }
    return match_word(s, n, i, "to", end);
}

/* Trim a cell for the general parsers: MISSING for a missing token, INVALID
 * when too long, else NUMBER (go on). */
static incstat_value_kind trim_number(const unsigned char **s, size_t *n)
{
    if (*n > RAW_MAX)
        return INCSTAT_VALUE_INVALID;
    trim(s, n);
    if (is_missing_token(*s, *n))
        return INCSTAT_VALUE_MISSING;
    return *n > NUM_MAX ? INCSTAT_VALUE_INVALID : INCSTAT_VALUE_NUMBER;
}

/* The general count parser: kind plus first (and for ranges second) value. */
static incstat_value_kind count_kind(const unsigned char *s, size_t n, nfmt *f,
                                     const double *codes, size_t n_codes, double *a, double *b)
{
    incstat_value_kind early = trim_number(&s, &n);
    if (early != INCSTAT_VALUE_NUMBER)
        return early;

    size_t i = 0;
    int open = 0;
    if (!is_digit(s[0])) { /* the prefix words: skipped for plain numbers */
        skip_prefix(s, n, &i, approx_prefixes, sizeof approx_prefixes / sizeof approx_prefixes[0]);
        open = skip_prefix(s, n, &i, open_prefixes, sizeof open_prefixes / sizeof open_prefixes[0]);
    }
    if (i >= n)
        return INCSTAT_VALUE_INVALID;
    if (s[i] == '+') {
        i++;
    } else if (s[i] == '-') {
        /* A negative count is only ever a missing code (GTD's -9, -99). */
        size_t p = i + 1;
        double v;
        if (!scan_decimal(s, n, &p, f, &v) || p != n)
            return INCSTAT_VALUE_INVALID;
        return is_code(-v, codes, n_codes) ? INCSTAT_VALUE_MISSING : INCSTAT_VALUE_INVALID;
    }
    if (!scan_decimal(s, n, &i, f, a) || isinf(*a))
        return INCSTAT_VALUE_INVALID;
    i = skip_spaces(s, i, n);
    if (i == n) {
        if (open)
            return INCSTAT_VALUE_OPEN;
        return is_code(*a, codes, n_codes) ? INCSTAT_VALUE_MISSING : INCSTAT_VALUE_NUMBER;
    }
    size_t e;
    if (s[i] == '+' || match_word(s, n, i, "or more", &e)) {
        i = s[i] == '+' ? i + 1 : e;
        return skip_spaces(s, i, n) == n ? INCSTAT_VALUE_OPEN : INCSTAT_VALUE_INVALID;
    }
    if (open || !range_sep(s, n, i, &e))
        return INCSTAT_VALUE_INVALID;
    i = skip_spaces(s, e, n);
    if (i >= n || !scan_decimal(s, n, &i, f, b) || isinf(*b))
        return INCSTAT_VALUE_INVALID;
    return skip_spaces(s, i, n) == n ? INCSTAT_VALUE_RANGE : INCSTAT_VALUE_INVALID;
}

/* Both public count parsers, each with its own inlined copy: the plain one
 * is on the inference's path for every cell and pays no extra call. */
static inline incstat_value_kind parse_count(const char *s, size_t n,
                                             const incstat_number_format *fmt,
                                             const double *missing_codes, size_t n_codes,
                                             double *low, double *best, double *high,
                                             unsigned *notes)
{
    const unsigned char *u = (const unsigned char *)s;
    double a = NAN, b = NAN, lo = NAN, be = NAN, hi = NAN;
    incstat_value_kind kind;
    unsigned char dec = fmt && fmt->decimal == ',' ? ',' : '.';
    unsigned note = 0;

    if (!missing_codes)
        n_codes = 0;
    if (!u && n) {
        kind = INCSTAT_VALUE_INVALID;
    } else if (n == 0) {
        kind = INCSTAT_VALUE_MISSING;
    } else if (INCSTAT_LIKELY(plain_decimal(u, n, dec, &a))) {
        kind = is_code(a, missing_codes, n_codes) ? INCSTAT_VALUE_MISSING : INCSTAT_VALUE_NUMBER;
    } else { /* the whole format only here: the fast path needs only the mark */
        nfmt f = resolve_format(fmt);
        kind = count_kind(u, n, &f, missing_codes, n_codes, &a, &b);
        if (kind != INCSTAT_VALUE_INVALID && kind != INCSTAT_VALUE_MISSING)
            note = f.notes;
    }
    if (notes)
        *notes = note;

    switch (kind) {
    case INCSTAT_VALUE_NUMBER:
        lo = be = hi = a;
        break;
    case INCSTAT_VALUE_RANGE:
        lo = a;
        hi = b;
        be = a / 2 + b / 2; /* halves first: no overflow near DBL_MAX */
        break;
    case INCSTAT_VALUE_OPEN:
        lo = be = a;
        break;
    case INCSTAT_VALUE_MISSING:
    case INCSTAT_VALUE_INVALID:
        break;
    }
    if (low)
        *low = lo;
    if (best)
        *best = be;
    if (high)
        *high = hi;
    return kind;
}

incstat_value_kind incstat_value_parse_count_fmt(const char *s, size_t n,
                                                 const incstat_number_format *fmt,
                                                 const double *missing_codes, size_t n_codes,
                                                 double *low, double *best, double *high,
                                                 unsigned *notes)
{
    return parse_count(s, n, fmt, missing_codes, n_codes, low, best, high, notes);
}

incstat_value_kind incstat_value_parse_count(const char *s, size_t n, const double *missing_codes,
                                             size_t n_codes, double *low, double *best,
                                             double *high)
{
    return parse_count(s, n, NULL, missing_codes, n_codes, low, best, high, NULL);
}

/* --------------------------------------------------------------- numbers */

static incstat_value_kind number_kind(const unsigned char *s, size_t n, nfmt *f, double *out)
{
    incstat_value_kind early = trim_number(&s, &n);
    if (early != INCSTAT_VALUE_NUMBER)
        return early;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    } else if (n >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) {
        neg = 1; /* U+2212 MINUS SIGN, as typeset tables write it */
        i = 3;
    }
    double v;
    if (!scan_decimal(s, n, &i, f, &v) || i != n || !isfinite(v))
        return INCSTAT_VALUE_INVALID;
    *out = neg ? -v : v;
    return INCSTAT_VALUE_NUMBER;
}

static inline incstat_value_kind parse_number(const char *s, size_t n,
                                              const incstat_number_format *fmt, double *out)
{
    const unsigned char *u = (const unsigned char *)s;
    double v = NAN;
    incstat_value_kind kind;
    unsigned char dec = fmt && fmt->decimal == ',' ? ',' : '.';

    if (!u && n) {
        kind = INCSTAT_VALUE_INVALID;
    } else if (n == 0) {
        kind = INCSTAT_VALUE_MISSING;
    } else if (INCSTAT_LIKELY(plain_decimal(u, n, dec, &v))) {
        kind = INCSTAT_VALUE_NUMBER;
    } else {
        nfmt f = resolve_format(fmt);
        kind = number_kind(u, n, &f, &v);
    }
    if (kind != INCSTAT_VALUE_NUMBER)
        v = NAN;
    if (out)
        *out = v;
    return kind;
}

incstat_value_kind incstat_value_parse_number_fmt(const char *s, size_t n,
                                                  const incstat_number_format *fmt, double *out)
{
    return parse_number(s, n, fmt, out);
}

incstat_value_kind incstat_value_parse_number(const char *s, size_t n, double *out)
{
    return parse_number(s, n, NULL, out);
}

/* ------------------------------------------------------ type inference */

/* What a cell's first word rules out (value_internal.h, value_date.c).  This
 * restates count_kind's treatment of a leading word: a change there must be
 * made here too, and tests/test_infer.c, which compares the shortcut with the
 * parsers on many cells, fails until it is. */

/* Letters a prefix word opens with: 6 for "approx.", 0 for "~". */
static size_t leading_letters(const char *w)
{
    size_t k = 0;
    while (is_alpha((unsigned char)w[k]))
        k++;
    return k;
}

/* match_word compares byte by byte and will not stop inside a run of
 * letters, so at the start of a cell a prefix word can match only when the
 * letters it opens with are the cell's whole leading run. */
static int opens_with_prefix(const unsigned char *w, size_t len, const char *const *words,
                             size_t n_words)
{
    for (size_t k = 0; k < n_words; k++) {
        if (to_lower(w[0]) != (unsigned char)words[k][0])
            continue; /* the words are lowercase */
        size_t m = leading_letters(words[k]);
        size_t i = 0;
        while (i < m && i < len && to_lower(w[i]) == (unsigned char)words[k][i])
            i++;
        if (m == len && i == m)
            return 1;
    }
    return 0;
}

int incstat_value_count_prefix_(const unsigned char *w, size_t len)
{
    return opens_with_prefix(w, len, approx_prefixes,
                             sizeof approx_prefixes / sizeof approx_prefixes[0]) ||
           opens_with_prefix(w, len, open_prefixes, sizeof open_prefixes / sizeof open_prefixes[0]);
}
