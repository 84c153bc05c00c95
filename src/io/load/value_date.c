/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/value_date.c: the date parser and the calendar (see incstat/value.h),
 * and the first-word shortcut of the type inference (value_internal.h).
 *
 * Everything here is pure: no allocation, no global mutable state (the only
 * static data are constant tables), and no read past s + n, because cells
 * come straight out of a CSV buffer and are not NUL-terminated.  The public
 * parser tries the common shape ("2023-01-05") before the general one. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "incstat/value.h"
#include "core/internal.h"
#include "io/load/value_internal.h"
#include "io/load/value_text.h"

/* Bound on the trimmed text: no honest date is longer. */
#define DATE_MAX 128

#define is_missing_token incstat_value_missing_token_

/* -------------------------------------------------------------- calendar */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int incstat_date_days_in_month(int year, int month)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && is_leap(year));
}

int incstat_date_valid(int year, int month, int day)
{
    if (year < 1000 || year > 2999)
        return 0;
    return day >= 1 && day <= incstat_date_days_in_month(year, month);
}

/* Proleptic Gregorian date of day z counted from 1970-01-01 (H. Hinnant's
 * civil_from_days, exact for the whole range used here). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ----------------------------------------------------------------- dates */

#define EXCEL_MIN INCSTAT_EXCEL_MIN /* 1927-05-18 */
#define EXCEL_MAX INCSTAT_EXCEL_MAX /* 2199-12-31 */
#define EXCEL_EPOCH 25569L /* serial of 1970-01-01: serials count from 1899-12-30
                             for every serial after the fictitious 1900-02-29 */

static void set_date(incstat_date *out, int y, int m, int d, incstat_date_precision p)
{
    out->year = y;
    out->month = (int8_t)m;
    out->day = (int8_t)d;
    out->precision = (uint8_t)p;
}

/* "38156" or "38156.5" (a time of day in the fraction): 1 and the date when
 * s is an Excel serial, -1 when it has the shape of one but is out of range,
 * 0 when it is something else. */
static int excel_serial(const unsigned char *s, size_t n, incstat_date *out)
{
    size_t i = 0;
    long v = 0;
    while (i < n && is_digit(s[i]) && i < 7)
        v = v * 10 + (s[i++] - '0');
    if (i < 5 || i > 6)
        return 0; /* four digits are a year; others are not serials */
    if (i < n) {
        if (s[i] != '.' || i + 1 == n)
            return 0;
        for (size_t k = i + 1; k < n; k++)
            if (!is_digit(s[k]))
                return 0;
    }
    if (v < EXCEL_MIN || v > EXCEL_MAX)
        return -1;
    int y, m, d;
    civil_from_days(v - EXCEL_EPOCH, &y, &m, &d);
    set_date(out, y, m, d, INCSTAT_DATE_DAY);
    return 1;
}

/* 1 to 2 digits at s[*p] into *v; 1 on success. */
static int time_field(const unsigned char *s, size_t n, size_t *p, int min_digits, int *v)
{
    int k = 0;
    *v = 0;
    while (*p < n && k < 2 && is_digit(s[*p])) {
        *v = *v * 10 + (s[(*p)++] - '0');
        k++;
    }
    return k >= min_digits && !(*p < n && is_digit(s[*p]));
}

/* A time of day "10:30", "10:30:00.5", "10:30 PM", "10:00:00Z",
 * "10:00+02:00", "10:00 UTC".  The date parser ignores it but still insists
 * that it is one, so that junk after a date is not silently accepted. */
static int valid_time(const unsigned char *s, size_t n)
{
    size_t p = 0, e;
    int h, mi, sec = 0, ampm = 0;
    if (!time_field(s, n, &p, 1, &h) || p >= n || s[p++] != ':' || !time_field(s, n, &p, 2, &mi))
        return 0;
    if (p < n && s[p] == ':') {
        p++;
        if (!time_field(s, n, &p, 2, &sec))
            return 0;
        if (p < n && s[p] == '.') {
            size_t q = ++p;
            while (p < n && is_digit(s[p]))
                p++;
            if (p == q)
                return 0;
        }
    }
    p = skip_spaces(s, p, n);
    if (match_word(s, n, p, "am", &e) || match_word(s, n, p, "pm", &e) ||
        match_word(s, n, p, "a.m.", &e) || match_word(s, n, p, "p.m.", &e)) {
        ampm = 1;
        p = skip_spaces(s, e, n);
    }
    if (p < n && (s[p] == 'Z' || s[p] == 'z')) {
        p++;
    } else {
        if (match_word(s, n, p, "utc", &e) || match_word(s, n, p, "gmt", &e))
            p = e;
        if (p < n && (s[p] == '+' || s[p] == '-')) {
            /* offset +hh, +hhmm or +hh:mm */
            p++;
            if (p + 2 > n || !is_digit(s[p]) || !is_digit(s[p + 1]) ||
                (s[p] - '0') * 10 + (s[p + 1] - '0') > 14)
                return 0;
            p += 2;
            if (p < n && s[p] == ':')
                p++;
            if (p + 2 <= n && is_digit(s[p]) && is_digit(s[p + 1])) {
                if ((s[p] - '0') * 10 + (s[p + 1] - '0') > 59)
                    return 0;
                p += 2;
            }
        }
    }
    if (skip_spaces(s, p, n) != n)
        return 0;
    if (ampm ? (h < 1 || h > 12) : h > 24)
        return 0;
    return mi <= 59 && sec <= 60;
}

/* Cut a trailing time part off s[0..*n): returns 0 when there is a ':' but
 * not a well-formed "<date>T<time>" or "<date> <time>". */
static int cut_time(const unsigned char *s, size_t *n)
{
    const unsigned char *colon = memchr(s, ':', *n);
    if (!colon)
        return 1;
    size_t j = (size_t)(colon - s), k = j;
    while (k > 0 && j - k < 2 && is_digit(s[k - 1]))
        k--;
    if (k == j || k == 0 || !valid_time(s + k, *n - k))
        return 0;
    size_t e = k, w;
    if (s[e - 1] == 'T' || s[e - 1] == 't') {
        e--;
        if (e == 0 || !is_digit(s[e - 1]))
            return 0;
    } else {
        if (!space_before(s, e))
            return 0;
        /* "June 18, 2004, 10:30": drop the spaces and a comma before the time */
        while (e > 0 && ((w = space_before(s, e)) != 0 || s[e - 1] == ','))
            e -= w ? w : 1;
    }
    *n = e;
    return e > 0;
}

/* A number or a month name in a date. */
typedef struct {
    int32_t val;      /* the number, or the month 1-12 */
    uint8_t ndig;     /* digits as written (leading zeros count); 0 for a month */
    uint8_t ordinal;  /* "18th" */
    char sep;         /* separator before it: '-', '/', '.', ',', ' ' or 0 */
} date_tok;

#define DATE_MAX_TOK 6

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
};

static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* 1-12 for a full or three-letter month name ("sept" too), else 0. */
static int month_of(const char *w, size_t len)
{
    if (len < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        const char *name = month_names[m];
        if (memcmp(w, name, 3) != 0)
            continue;
        if (len == 3 || (len == strlen(name) && memcmp(w, name, len) == 0))
            return m + 1;
        if (m == 8 && len == 4 && w[3] == 't')
            return 9; /* "Sept" */
        return 0;
    }
    return 0;
}

/* Whether a and b differ by at most one edit (insert, delete, substitute or
 * swap two neighbours).  Hand-typed weekday names are often misspelt
 * ("Thursay" in the PBC file); the weekday carries no information the rest
 * of the date lacks, so a near miss must not cost the date. */
static int within_one_edit(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        i++;
    if (na == nb) {
        if (i == na)
            return 1;
        if (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
            memcmp(a + i + 2, b + i + 2, na - i - 2) == 0)
            return 1; /* swap */
        return memcmp(a + i + 1, b + i + 1, na - i - 1) == 0; /* substitute */
    }
    if (na + 1 == nb)
        return memcmp(a + i, b + i + 1, na - i) == 0; /* a lacks one letter */
    if (nb + 1 == na)
        return memcmp(a + i + 1, b + i, nb - i) == 0; /* a has one extra */
    return 0;
}

/* A weekday name, full or abbreviated ("Fri", "Tues", "Thurs"), or a full
 * name misspelt by one edit ("Thursay", "Wendesday"). */
static int is_weekday(const char *w, size_t len)
{
    if (len < 3)
        return 0;
    for (int d = 0; d < 7; d++) {
        const char *name = weekday_names[d];
        size_t full = strlen(name);
        if (len <= full && memcmp(w, name, len) == 0 && (len <= 5 || len == full))
            return 1;
    }
    if (len < 5)
        return 0;
    for (int d = 0; d < 7; d++)
        if (within_one_edit(w, len, weekday_names[d], strlen(weekday_names[d])))
            return 1;
    return 0;
}

static int is_ordinal_suffix(const char *w, size_t len)
{
    return len == 2 && (!memcmp(w, "st", 2) || !memcmp(w, "nd", 2) || !memcmp(w, "rd", 2) ||
                        !memcmp(w, "th", 2));
}

/* A date separator at s[i]: its class and width; 0 when s[i] is none. */
static char date_sep(const unsigned char *s, size_t i, size_t n, size_t *w)
{
    if ((*w = space_at(s, i, n)) != 0)
        return ' ';
    *w = 1;
    switch (s[i]) {
    case '-': case '/': case '.': case ',':
        return (char)s[i];
    }
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x93) {
        *w = 3;
        return '-'; /* en dash */
    }
    return 0;
}

/* Split a date into numbers and month names.  Weekday names (and "of") are
 * dropped without checking them against the date: a weekday that disagrees
 * is ignored, as the header says.  Returns the token count, -1 on junk. */
static int tokenize_date(const unsigned char *s, size_t n, date_tok *t)
{
    int nt = 0, started = 0, last_num = 0;
    char punct = 0, gap = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (is_digit(c)) {
            size_t j = i;
            int32_t v = 0;
            while (j < n && is_digit(s[j])) {
                if (j - i >= 9)
                    return -1;
                v = v * 10 + (s[j++] - '0');
            }
            if (nt == DATE_MAX_TOK)
                return -1;
            t[nt].val = v;
            t[nt].ndig = (uint8_t)(j - i);
            t[nt].ordinal = 0;
            t[nt].sep = punct ? punct : gap;
            nt++;
            i = j;
            punct = gap = 0;
            started = last_num = 1;
        } else if (is_alpha(c)) {
            char w[10];
            size_t len = 0;
            while (i < n && is_alpha(s[i])) {
                if (len == sizeof w)
                    return -1; /* longer than "september" */
                w[len++] = (char)to_lower(s[i++]);
            }
            int m, abbrev = 0;
            if (last_num && !gap && !punct && is_ordinal_suffix(w, len)) {
                if (t[nt - 1].ordinal)
                    return -1;
                t[nt - 1].ordinal = 1;
                last_num = 0;
                continue;
            }
            if ((m = month_of(w, len)) != 0) {
                if (nt == DATE_MAX_TOK)
                    return -1;
                t[nt].val = m;
                t[nt].ndig = 0;
                t[nt].ordinal = 0;
                t[nt].sep = punct ? punct : gap;
                nt++;
                abbrev = 1;
            } else if (is_weekday(w, len)) {
                abbrev = 1;
            } else if (!(len == 2 && !memcmp(w, "of", 2))) { /* "18th of June" */
                return -1;
            }
            punct = gap = 0;
            if (abbrev && i < n && s[i] == '.')
                i++; /* abbreviation dot: "Jun.", "Fri." */
            started = 1;
            last_num = 0;
        } else {
            size_t w;
            char k = date_sep(s, i, n, &w);
            if (!k || !started)
                return -1;
            if (k != ' ') {
                if (punct)
                    return -1; /* "18.-06" */
                punct = k;
            }
            gap = ' ';
            i += w;
        }
    }
    return punct ? -1 : nt; /* no trailing "-", "/", "," or "." */
}

/* Two-digit years: 69-99 are 19xx, 00-68 are 20xx. */
static int expand_year(const date_tok *t)
{
    return t->ndig == 2 ? (t->val >= 69 ? 1900 : 2000) + t->val : t->val;
}

static int numeric_sep(char c)
{
    return c == '-' || c == '/' || c == '.';
}

/* Dates made of numbers only: 2004, 2004-06, 06/2004, 2004-06-18, 18/06/2004. */
static incstat_date_result numeric_date(const date_tok *t, int nt, incstat_date_order order,
                                        incstat_date *out, incstat_date_evidence *ev)
{
    for (int k = 0; k < nt; k++)
        if (t[k].ordinal)
            return INCSTAT_DATE_INVALID;
    if (nt == 1) {
        if (t[0].ndig != 4 || !incstat_date_valid(t[0].val, 1, 1))
            return INCSTAT_DATE_INVALID;
        set_date(out, t[0].val, 0, 0, INCSTAT_DATE_YEAR);
        return INCSTAT_DATE_OK;
    }
    if (nt == 2) {
        int y, m;
        if (!numeric_sep(t[1].sep))
            return INCSTAT_DATE_INVALID;
        if (t[0].ndig == 4 && t[1].ndig <= 2) {
            y = t[0].val;
            m = t[1].val;
        } else if (t[1].ndig == 4 && t[0].ndig <= 2) {
            m = t[0].val;
            y = t[1].val;
        } else {
            return INCSTAT_DATE_INVALID;
        }
        if (!incstat_date_valid(y, m, 1))
            return INCSTAT_DATE_INVALID;
        set_date(out, y, m, 0, INCSTAT_DATE_MONTH);
        return INCSTAT_DATE_OK;
    }
    if (nt != 3 || !numeric_sep(t[1].sep) || t[2].sep != t[1].sep || t[1].ndig > 2)
        return INCSTAT_DATE_INVALID;
    int y, m, d;
    if (t[0].ndig == 4) {
        /* A four-digit first number is ISO year-month-day, whatever the order. */
        if (t[2].ndig > 2)
            return INCSTAT_DATE_INVALID;
        y = t[0].val;
        m = t[1].val;
        d = t[2].val;
    } else if (t[0].ndig > 2) {
        return INCSTAT_DATE_INVALID;
    } else if (order == INCSTAT_DATE_ORDER_YMD && t[2].ndig <= 2) {
        y = expand_year(&t[0]);
        m = t[1].val;
        d = t[2].val;
    } else if (t[2].ndig == 2 || t[2].ndig == 4) {
        /* D/M/Y or M/D/Y.  YMD cannot apply with the year last: such a
         * date is read as in AUTO. */
        int a = t[0].val, b = t[1].val;
        y = expand_year(&t[2]);
        if (order == INCSTAT_DATE_ORDER_MDY) {
            m = a;
            d = b;
        } else if (order == INCSTAT_DATE_ORDER_DMY) {
            d = a;
            m = b;
        } else if (a > 12 && b <= 12) {
            *ev = INCSTAT_DATE_EVIDENCE_DMY;
            d = a;
            m = b;
        } else if (b > 12 && a <= 12) {
            *ev = INCSTAT_DATE_EVIDENCE_MDY;
            m = a;
            d = b;
        } else if (a <= 12) {
            *ev = INCSTAT_DATE_EVIDENCE_AMBIGUOUS;
            d = a;
            m = b;
        } else {
            return INCSTAT_DATE_INVALID;
        }
    } else {
        return INCSTAT_DATE_INVALID;
    }
    if (!incstat_date_valid(y, m, d))
        return INCSTAT_DATE_INVALID;
    set_date(out, y, m, d, INCSTAT_DATE_DAY);
    return INCSTAT_DATE_OK;
}

/* Dates with a month name: "18 June 2004", "June 18, 2004", "Jun 2004",
 * "18-JUN-04".  The year is the four-digit number; when neither has four
 * digits it is the last one and must have two. */
static incstat_date_result named_month_date(const date_tok *t, int nt, int month_at,
                                            incstat_date *out)
{
    const date_tok *num[2];
    int nn = 0;
    for (int k = 0; k < nt; k++) {
        if (k == month_at)
            continue;
        if (nn == 2)
            return INCSTAT_DATE_INVALID;
        num[nn++] = &t[k];
    }
    int m = t[month_at].val;
    if (nn == 1) {
        if (num[0]->ndig != 4 || num[0]->ordinal || !incstat_date_valid(num[0]->val, m, 1))
            return INCSTAT_DATE_INVALID;
        set_date(out, num[0]->val, m, 0, INCSTAT_DATE_MONTH);
        return INCSTAT_DATE_OK;
    }
    if (nn != 2)
        return INCSTAT_DATE_INVALID;
    const date_tok *yt, *dt;
    if (num[0]->ndig == 4 && num[1]->ndig != 4) {
        yt = num[0];
        dt = num[1];
    } else if (num[1]->ndig == 4 && num[0]->ndig != 4) {
        yt = num[1];
        dt = num[0];
    } else if (num[1]->ndig == 2) {
        yt = num[1];
        dt = num[0];
    } else {
        return INCSTAT_DATE_INVALID;
    }
    if (yt->ordinal || dt->ndig > 2)
        return INCSTAT_DATE_INVALID;
    int y = expand_year(yt);
    if (!incstat_date_valid(y, m, dt->val))
        return INCSTAT_DATE_INVALID;
    set_date(out, y, m, dt->val, INCSTAT_DATE_DAY);
    return INCSTAT_DATE_OK;
}

static incstat_date_result parse_date(const unsigned char *s, size_t n, incstat_date_order order,
                                      incstat_date *out, incstat_date_evidence *ev)
{
    if (n > RAW_MAX)
        return INCSTAT_DATE_INVALID;
    trim(&s, &n);
    /* "0" is GTD's "unknown" in date fields */
    if (is_missing_token(s, n) || (n == 1 && s[0] == '0'))
        return INCSTAT_DATE_MISSING;
    if (n > DATE_MAX)
        return INCSTAT_DATE_INVALID;
    int r = excel_serial(s, n, out);
    if (r)
        return r > 0 ? INCSTAT_DATE_OK : INCSTAT_DATE_INVALID;
    if (!cut_time(s, &n))
        return INCSTAT_DATE_INVALID;

    date_tok t[DATE_MAX_TOK];
    int nt = tokenize_date(s, n, t);
    if (nt <= 0)
        return INCSTAT_DATE_INVALID;
    int month_at = -1;
    for (int k = 0; k < nt; k++) {
        if (t[k].ndig != 0)
            continue;
        if (month_at >= 0)
            return INCSTAT_DATE_INVALID; /* two month names */
        month_at = k;
    }
    if (month_at < 0)
        return numeric_date(t, nt, order, out, ev);
    return named_month_date(t, nt, month_at, out);
}

/* "2023-01-05" exactly: the shape of most date cells.  Returns 1 and fills
 * out when s has that shape and is a valid date, else 0. */
static int iso_fast(const unsigned char *s, size_t n, incstat_date *out)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    int v[8];
    static const unsigned char pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int k = 0; k < 8; k++) {
        v[k] = s[pos[k]] - '0';
        if ((unsigned)v[k] > 9u)
            return 0;
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    int m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (!incstat_date_valid(y, m, d))
        return 0;
    set_date(out, y, m, d, INCSTAT_DATE_DAY);
    return 1;
}

/* A quarter: "2013-Q2", "2013Q2", "2013 Q2", "2013/q2", "Q2 2013", "Q2-2013"
 * (a year of four digits, Q or q, a digit 1-4, at most one separator of
 * space, '-', '/' or '.' between them).  1 and *out set (quarter precision,
 * month the quarter's first) when s is one. */
static int parse_quarter(const unsigned char *u, size_t n, incstat_date *out)
{
    while (n && (u[n - 1] == ' ' || u[n - 1] == '\t'))
        n--;
    while (n && (*u == ' ' || *u == '\t'))
        u++, n--;
    int year = -1, q = -1;
    size_t i = 0;
    for (int part = 0; part < 2; part++) {
        if (i < n && (u[i] == 'Q' || u[i] == 'q')) {
            if (q >= 0 || i + 1 >= n || u[i + 1] < '1' || u[i + 1] > '4')
                return 0;
            q = u[i + 1] - '0';
            i += 2;
        } else {
            if (year >= 0 || i + 4 > n)
                return 0;
            int y = 0;
            for (size_t k = 0; k < 4; k++) {
                if (u[i + k] < '0' || u[i + k] > '9')
                    return 0;
                y = y * 10 + (u[i + k] - '0');
            }
            year = y;
            i += 4;
        }
        if (part == 0 && i < n && (u[i] == ' ' || u[i] == '-' || u[i] == '/' || u[i] == '.'))
            i++;
    }
    if (i != n || year < 1000 || year > 2999 || q < 1)
        return 0;
    set_date(out, year, 3 * q - 2, 0, INCSTAT_DATE_QUARTER);
    return 1;
}

incstat_date_result incstat_value_parse_date(const char *s, size_t n, incstat_date_order order,
                                             incstat_date *out, incstat_date_evidence *evidence)
{
    const unsigned char *u = (const unsigned char *)s;
    incstat_date scratch;
    incstat_date_evidence ev = INCSTAT_DATE_EVIDENCE_NONE;
    incstat_date_result r;

    if (!out)
        out = &scratch;
    set_date(out, 0, 0, 0, INCSTAT_DATE_NONE);
    if (!u && n)
        r = INCSTAT_DATE_INVALID;
    else if (n == 0)
        r = INCSTAT_DATE_MISSING;
    else if (INCSTAT_LIKELY(iso_fast(u, n, out)))
        r = INCSTAT_DATE_OK;
    else if (n <= 12 && parse_quarter(u, n, out))
        r = INCSTAT_DATE_OK;
    else
        r = parse_date(u, n, order, out, &ev);
    if (r != INCSTAT_DATE_OK) {
        set_date(out, 0, 0, 0, INCSTAT_DATE_NONE);
        ev = INCSTAT_DATE_EVIDENCE_NONE;
    }
    if (evidence)
        *evidence = ev;
    return r;
}

/* ------------------------------------------------------ type inference */

/* What a cell's first word rules out (value_internal.h).  This restates
 * count_kind's (value_number.c) and tokenize_date's treatment of a leading
 * word: a change there must be made here too, and tests/test_infer.c, which
 * compares the shortcut with the parsers on many cells, fails until it is. */

/* Cheap necessary conditions for the slow checks below.  month_of needs a
 * month's first three letters; is_weekday needs a weekday's first two (a
 * prefix of the name), or five letters or more that keep the first letter
 * or the "day" ending (one edit cannot change both). */
static int may_be_month(const char *w, size_t len)
{
    if (len < 3)
        return 0;
    for (int m = 0; m < 12; m++)
        if (w[0] == month_names[m][0] && w[1] == month_names[m][1] && w[2] == month_names[m][2])
            return 1;
    return 0;
}

static int may_be_weekday(const char *w, size_t len)
{
    if (len < 3)
        return 0;
    for (int d = 0; d < 7; d++)
        if (w[0] == weekday_names[d][0] && (w[1] == weekday_names[d][1] || len >= 5))
            return 1;
    return len >= 5 && w[len - 3] == 'd' && w[len - 2] == 'a' && w[len - 1] == 'y';
}

int incstat_value_word_inert_(const char *w, size_t len)
{
    const unsigned char *u = (const unsigned char *)w;
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!is_alpha(u[i]))
            return 0;
    /* count_kind: a letter that opens no prefix word fails scan_decimal */
    if (incstat_value_count_prefix_(u, len))
        return 0;
    /* tokenize_date: the first word, read whole (a time cut off the end
     * never reaches into it), must be a month, a weekday or "of", and a run
     * of more than ten letters is junk at once */
    if (len > 10)
        return 1;
    char lw[10];
    for (size_t i = 0; i < len; i++)
        lw[i] = (char)to_lower(u[i]);
    if (len == 2 && !memcmp(lw, "of", 2))
        return 0;
    return !(may_be_month(lw, len) && month_of(lw, len)) &&
           !(may_be_weekday(lw, len) && is_weekday(lw, len));
}

size_t incstat_value_date_text(incstat_date d, char *buf, size_t cap)
{
    switch (d.precision) {
    case INCSTAT_DATE_YEAR: return (size_t)snprintf(buf, cap, "%04d", (int)d.year);
    case INCSTAT_DATE_QUARTER:
        return (size_t)snprintf(buf, cap, "%04d-Q%d", (int)d.year, (d.month - 1) / 3 + 1);
    case INCSTAT_DATE_MONTH: return (size_t)snprintf(buf, cap, "%04d-%02d", (int)d.year, d.month);
    case INCSTAT_DATE_DAY:
        return (size_t)snprintf(buf, cap, "%04d-%02d-%02d", (int)d.year, d.month, d.day);
    default: if (cap) buf[0] = '\0'; return 0;
    }
}

int incstat_value_month_name_(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '.'))
        n--;
    char w[10];
    if (n < 3 || n > sizeof w)
        return 0;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)to_lower((unsigned char)s[i]);
    return month_of(w, n);
}

int incstat_date_from_days_(double days, incstat_date *out)
{
    if (!(days >= -719162 && days <= 376200)) /* 0001-01-01 .. 2999-12-31 */
        return -1;
    int y, m, d;
    civil_from_days((long)days, &y, &m, &d);
    if (y < 1000 || y > 2999)
        return -1;
    set_date(out, y, m, d, INCSTAT_DATE_DAY);
    return 0;
}
