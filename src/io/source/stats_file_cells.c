/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/stats_file_cells.c: a ReadStat value as a cell of rows.h: missing
 * values, value labels, dates and times from display formats, and the text
 * form of every cell. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/utf8.h"
#include "io/source/stats_file_internal.h"

/* ---- arena -------------------------------------------------------------- */

#define BLOCK_MIN (64u * 1024u)

struct sf_block {
    sf_block *next;
    size_t cap, used;
    char data[];
};

char *incstat_sf_arena_alloc_(sf_arena *a, size_t n)
{
    sf_block *b = a->cur;
    while (b && b->cap - b->used < n) {
        /* a block kept from an earlier batch may have room */
        b = b->next;
        if (b)
            b->used = 0;
    }
    if (!b) {
        size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
        if (cap > SIZE_MAX - sizeof *b || !(b = incstat_malloc(sizeof *b + cap)))
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = NULL;
        if (a->cur) {
            /* keep the chain: insert after cur */
            b->next = a->cur->next;
            a->cur->next = b;
        } else {
            a->first = b;
        }
    }
    a->cur = b;
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

void incstat_sf_arena_reset_(sf_arena *a)
{
    a->cur = a->first;
    if (a->cur)
        a->cur->used = 0;
}

void incstat_sf_arena_free_(sf_arena *a)
{
    sf_block *b = a->first;
    while (b) {
        sf_block *n = b->next;
        incstat_free_mem(b);
        b = n;
    }
    a->first = a->cur = NULL;
}

/* ---- kinds -------------------------------------------------------------- */

static int prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* The formats haven reads as dates and times (haven_types.cpp), so that a
 * file reads here as it does in R.  Stata's "%-td" (left-aligned) is the
 * same date as "%td". */
sf_kind incstat_sf_kind_(sf_family f, readstat_type_class_t tc, const char *fmt)
{
    if (tc == READSTAT_TYPE_CLASS_STRING)
        return SF_STRING;
    if (!fmt)
        return SF_NUMBER;
    switch (f) {
    case SF_DTA:
        if (fmt[0] != '%')
            return SF_NUMBER;
        fmt += fmt[1] == '-' ? 2 : 1;
        if (prefix(fmt, "tC") || prefix(fmt, "tc"))
            return SF_DATETIME;
        if (prefix(fmt, "td") || prefix(fmt, "d"))
            return SF_DATE;
        return SF_NUMBER;
    case SF_SAV:
    case SF_POR:
        if (prefix(fmt, "DATETIME"))
            return SF_DATETIME;
        if (prefix(fmt, "DATE") || prefix(fmt, "ADATE") || prefix(fmt, "EDATE") ||
            prefix(fmt, "JDATE") || prefix(fmt, "SDATE"))
            return SF_DATE;
        if (prefix(fmt, "TIME") || prefix(fmt, "DTIME"))
            return SF_TIME;
        return SF_NUMBER;
    case SF_SAS:
        if (prefix(fmt, "DATETIME"))
            return SF_DATETIME;
        if (prefix(fmt, "WEEKDATE") || prefix(fmt, "MMDDYY") || prefix(fmt, "DDMMYY") ||
            prefix(fmt, "YYMMDD") || prefix(fmt, "DATE"))
            return SF_DATE;
        if (prefix(fmt, "TIME") || prefix(fmt, "HHMM"))
            return SF_TIME;
        return SF_NUMBER;
    }
    return SF_NUMBER;
}

/* ---- labels ------------------------------------------------------------- */

static int cmp_num(const void *a, const void *b)
{
    const sf_numlabel *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    /* equal keys keep their order in the file: the first one wins */
    return x->off < y->off ? -1 : x->off > y->off;
}

static int cmp_str_key(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c)
        return c;
    return an < bn ? -1 : an > bn;
}

static int cmp_str(const void *a, const void *b)
{
    const sf_strlabel *x = a, *y = b;
    int c = cmp_str_key(x->key, x->klen, y->key, y->klen);
    if (c)
        return c;
    return x->off < y->off ? -1 : x->off > y->off;
}

void incstat_sf_labels_sort_(sf_labelset *s)
{
    for (size_t i = 0; i < s->nnum; i++)
        s->num[i].label = s->text + s->num[i].off;
    for (size_t i = 0; i < s->nstr; i++) {
        s->str[i].label = s->text + s->str[i].off;
        s->str[i].key = s->text + s->str[i].koff;
    }
    if (s->nnum > 1) {
        qsort(s->num, s->nnum, sizeof *s->num, cmp_num);
        size_t k = 1;
        for (size_t i = 1; i < s->nnum; i++)
            if (s->num[i].key != s->num[k - 1].key)
                s->num[k++] = s->num[i];
        s->nnum = k;
    }
    if (s->nstr > 1) {
        qsort(s->str, s->nstr, sizeof *s->str, cmp_str);
        size_t k = 1;
        for (size_t i = 1; i < s->nstr; i++)
            if (cmp_str_key(s->str[i].key, s->str[i].klen, s->str[k - 1].key, s->str[k - 1].klen))
                s->str[k++] = s->str[i];
        s->nstr = k;
    }
}

static const sf_numlabel *find_num(const sf_labelset *s, double x)
{
    size_t lo = 0, hi = s->nnum;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->num[mid].key < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nnum && s->num[lo].key == x ? &s->num[lo] : NULL;
}

static const sf_strlabel *find_str(const sf_labelset *s, const char *x, size_t n)
{
    size_t lo = 0, hi = s->nstr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_str_key(s->str[mid].key, s->str[mid].klen, x, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nstr && !cmp_str_key(s->str[lo].key, s->str[lo].klen, x, n) ? &s->str[lo]
                                                                              : NULL;
}

/* ---- text forms --------------------------------------------------------- */

static size_t put_u64(char *buf, uint64_t u)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

static size_t put_2(char *buf, unsigned v)
{
    buf[0] = (char)('0' + v / 10);
    buf[1] = (char)('0' + v % 10);
    return 2;
}

/* The shortest decimal that reads back as x.  Whole numbers (most counts)
 * and numbers of a few decimals (coordinates, rates) without printf: x is
 * u / 10^k for the smallest k where the division gives x back, and since
 * both are exact doubles the division rounds as strtod("u/10^k") does.
 * Anything else: the shortest of 15, 16 or 17 significant digits. */
size_t incstat_sf_number_text_(char *buf, double x)
{
    static const double P10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    double a = fabs(x);
    if (a < 1e15 && x == (double)(int64_t)x) {
        int64_t w = (int64_t)x;
        size_t n = 0;
        if (w < 0) {
            buf[n++] = '-';
            return n + put_u64(buf + n, (uint64_t)(-w));
        }
        return put_u64(buf, (uint64_t)w);
    }
    for (size_t k = 1; a < 1e7 && a >= 1e-4 && k < sizeof P10 / sizeof P10[0]; k++) {
        double s = a * P10[k], r = nearbyint(s);
        if (r / P10[k] != a)
            continue;
        uint64_t u = (uint64_t)r;
        char digits[24];
        size_t nd = put_u64(digits, u), n = 0;
        if (x < 0)
            buf[n++] = '-';
        if (nd <= k) { /* 0.05 */
            buf[n++] = '0';
            buf[n++] = '.';
            for (size_t z = nd; z < k; z++)
                buf[n++] = '0';
            memcpy(buf + n, digits, nd);
            return n + nd;
        }
        memcpy(buf + n, digits, nd - k);
        n += nd - k;
        buf[n++] = '.';
        memcpy(buf + n, digits + nd - k, k);
        return n + k;
    }
    for (int prec = 15; prec <= 17; prec++) {
        int n = snprintf(buf, 40, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x)
            return (size_t)n;
    }
    return 0;
}

/* A float's shortest decimal (6 to 9 digits), and that decimal as a double
 * in *value: Stata's float 3.14 is 3.14, not 3.1400001049041748. */
size_t incstat_sf_float_text_(char *buf, float x, double *value)
{
    if (fabsf(x) < 1e7f && x == (float)(int32_t)x) {
        *value = (double)x;
        return incstat_sf_number_text_(buf, *value);
    }
    int n = 0;
    for (int prec = 6; prec <= 9; prec++) {
        n = snprintf(buf, 40, "%.*g", prec, (double)x);
        if (strtof(buf, NULL) == x)
            break;
    }
    *value = strtod(buf, NULL);
    return (size_t)n;
}

/* Days since 1970-01-01 as a proleptic Gregorian date (H. Hinnant's
 * civil_from_days), the year in 4 digits at least. */
size_t incstat_sf_date_text_(char *buf, int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    unsigned d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    if (m <= 2)
        y++;
    size_t n = 0;
    uint64_t ay = (uint64_t)(y < 0 ? -y : y);
    if (y < 0)
        buf[n++] = '-';
    for (uint64_t p = 1000; p > 1 && ay < p; p /= 10)
        buf[n++] = '0';
    n += put_u64(buf + n, ay);
    buf[n++] = '-';
    n += put_2(buf + n, m);
    buf[n++] = '-';
    n += put_2(buf + n, d);
    return n;
}

/* Milliseconds since 1970-01-01 00:00: "YYYY-MM-DD HH:MM", ":SS" when the
 * seconds are not 0, ".fff" (no trailing zeros) when the milliseconds are
 * not. */
size_t incstat_sf_datetime_text_(char *buf, int64_t ms)
{
    int64_t days = ms / 86400000, rem = ms % 86400000;
    if (rem < 0) {
        rem += 86400000;
        days--;
    }
    size_t n = incstat_sf_date_text_(buf, days);
    unsigned s = (unsigned)(rem / 1000), f = (unsigned)(rem % 1000);
    buf[n++] = ' ';
    n += put_2(buf + n, s / 3600);
    buf[n++] = ':';
    n += put_2(buf + n, s % 3600 / 60);
    if (s % 60 || f) {
        buf[n++] = ':';
        n += put_2(buf + n, s % 60);
    }
    if (f) {
        buf[n++] = '.';
        buf[n++] = (char)('0' + f / 100);
        buf[n++] = (char)('0' + f / 10 % 10);
        buf[n++] = (char)('0' + f % 10);
        while (buf[n - 1] == '0')
            n--;
    }
    return n;
}

/* Seconds as "[-]HH:MM:SS[.ffffff]" (hours may pass 24; the fraction rounded
 * to microseconds, no trailing zeros).  |seconds| < 9e12. */
size_t incstat_sf_time_text_(char *buf, double seconds)
{
    uint64_t us = (uint64_t)llround(fabs(seconds) * 1e6);
    uint64_t s = us / 1000000, f = us % 1000000;
    size_t n = 0;
    if (seconds < 0 && us > 0)
        buf[n++] = '-';
    uint64_t h = s / 3600;
    if (h < 10)
        buf[n++] = '0';
    n += put_u64(buf + n, h);
    buf[n++] = ':';
    n += put_2(buf + n, (unsigned)(s % 3600 / 60));
    buf[n++] = ':';
    n += put_2(buf + n, (unsigned)(s % 60));
    if (f) {
        buf[n++] = '.';
        for (uint64_t p = 100000; p; p /= 10)
            buf[n++] = (char)('0' + f / p % 10);
        while (buf[n - 1] == '0')
            n--;
    }
    return n;
}

/* ---- cells -------------------------------------------------------------- */

/* The epochs: Stata and SAS count from 1960-01-01 (3653 days before 1970),
 * SPSS from 1582-10-14 (141428 days before). */
static int64_t epoch_days(sf_family f)
{
    return f == SF_SAV || f == SF_POR ? 141428 : 3653;
}

static int set_text(incstat_cell *c, incstat_cell_type t, const char *s, size_t n, sf_arena *a)
{
    char *d = incstat_sf_arena_alloc_(a, n ? n : 1);
    if (!d)
        return -1;
    memcpy(d, s, n);
    c->type = t;
    c->text = d;
    c->len = n;
    return 0;
}

static void set_empty(incstat_cell *c)
{
    c->type = INCSTAT_CELL_EMPTY;
    c->text = "";
    c->len = 0;
    c->num = NAN;
}

static int string_cell(const sf_var *var, const char *s, incstat_cell *c, sf_arena *a,
                       sf_counts *counts)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0) {
        set_empty(c);
        return 0;
    }
    c->num = NAN;
    if (var->labels && var->labels->nstr) {
        const sf_strlabel *l = find_str(var->labels, s, n);
        if (l) {
            c->type = INCSTAT_CELL_TEXT;
            c->text = l->label;
            c->len = l->len;
            return 0;
        }
    }
    if (incstat_utf8_valid_prefix((const unsigned char *)s, n) == n)
        return set_text(c, INCSTAT_CELL_TEXT, s, n, a);
    if (n > SIZE_MAX / 3)
        return -1;
    unsigned char *d = (unsigned char *)incstat_sf_arena_alloc_(a, 3 * n);
    if (!d)
        return -1;
    size_t replaced = 0;
    c->type = INCSTAT_CELL_TEXT;
    c->text = (const char *)d;
    c->len = incstat_utf8_sanitize((const unsigned char *)s, n, d, &replaced);
    counts->replaced += replaced;
    return 0;
}

/* x (finite) of a date or time variable; 1 when it was out of range and the
 * cell is to be a plain number. */
static int dated_cell(const sf_schema *sc, const sf_var *var, double x, incstat_cell *c,
                      char *buf, size_t *n)
{
    const double day_ms = 86400000.0;
    double ms; /* since 1970 */
    if (var->kind == SF_TIME) {
        if (fabs(x) >= 9e12)
            return 1;
        c->type = INCSTAT_CELL_TEXT;
        c->num = NAN;
        *n = incstat_sf_time_text_(buf, x);
        return 0;
    }
    int dates_in_days = sc->family == SF_DTA || sc->family == SF_SAS;
    if (var->kind == SF_DATE)
        ms = (dates_in_days ? floor(x) : floor(x / 86400.0)) * day_ms;
    else
        ms = sc->family == SF_DTA ? x : x * 1000.0;
    ms = nearbyint(ms) - (double)epoch_days(sc->family) * day_ms;
    if (!(fabs(ms) < 9e18))
        return 1;
    int64_t ims = (int64_t)ms;
    if (var->kind == SF_DATE) {
        int64_t days = ims / 86400000;
        c->type = INCSTAT_CELL_DATE;
        c->num = (double)days;
        *n = incstat_sf_date_text_(buf, days);
    } else {
        c->type = INCSTAT_CELL_DATETIME;
        c->num = ms / day_ms;
        *n = incstat_sf_datetime_text_(buf, ims);
    }
    return 0;
}

int incstat_sf_cell_(const sf_schema *sc, const sf_var *var, readstat_variable_t *rv,
                     readstat_value_t value, incstat_cell *c, sf_arena *a, sf_counts *counts)
{
    if (readstat_value_is_tagged_missing(value)) {
        counts->tagged++;
        set_empty(c);
        return 0;
    }
    if (readstat_value_is_system_missing(value)) {
        set_empty(c);
        return 0;
    }
    /* user-defined missing values are SPSS's alone */
    if ((sc->family == SF_SAV || sc->family == SF_POR) && rv &&
        readstat_value_is_defined_missing(value, rv)) {
        counts->user++;
        set_empty(c);
        return 0;
    }
    readstat_type_t t = readstat_value_type(value);
    if (t == READSTAT_TYPE_STRING || t == READSTAT_TYPE_STRING_REF)
        return string_cell(var, readstat_string_value(value), c, a, counts);
    double x = readstat_double_value(value);
    if (!isfinite(x)) {
        counts->nonfinite++;
        set_empty(c);
        return 0;
    }
    if (var->labels && var->labels->nnum) {
        const sf_numlabel *l = find_num(var->labels, x);
        if (l) {
            c->type = INCSTAT_CELL_TEXT;
            c->text = l->label;
            c->len = l->len;
            c->num = NAN;
            return 0;
        }
    }
    char buf[48];
    size_t n;
    if (var->kind == SF_NUMBER || var->kind == SF_STRING ||
        dated_cell(sc, var, x, c, buf, &n) != 0) {
        c->type = INCSTAT_CELL_NUMBER;
        if (t == READSTAT_TYPE_FLOAT) {
            n = incstat_sf_float_text_(buf, readstat_float_value(value), &c->num);
        } else {
            c->num = x;
            n = incstat_sf_number_text_(buf, x);
        }
    }
    char *d = incstat_sf_arena_alloc_(a, n);
    if (!d)
        return -1;
    memcpy(d, buf, n);
    c->text = d;
    c->len = n;
    return 0;
}
