/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_cell.c: date formats, date serials and the text of numbers
 * and dates for the xlsx reader (see xlsx_cell.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/util.h"
#include "io/source/xlsx_cell.h"

int xlsx_builtin_is_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58) || (id >= 71 && id <= 81);
}

int xlsx_format_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"': /* quoted text */
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
            break;
        case '[': /* [Red], [$-409], [>=100]; but [h] [mm] [ss] are elapsed times */
            if ((p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
                 p[1] == 'S') &&
                (p[2] == ']' || p[2] == p[1]))
                return 1;
            while (p[1] && p[1] != ']')
                p++;
            if (p[1])
                p++;
            break;
        case '\\': /* the next character literally */
        case '_':  /* a space as wide as the next character */
        case '*':  /* the next character repeated to fill */
            if (p[1])
                p++;
            break;
        case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
        case 'h': case 'H': case 's': case 'S':
            return 1;
        default:
            break;
        }
    }
    return 0;
}

/* ---- numbers -------------------------------------------------------- */

static size_t put_int(char *buf, long long v)
{
    char tmp[24];
    size_t n = 0, k = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[n++] = '-';
    while (k)
        buf[n++] = tmp[--k];
    buf[n] = '\0';
    return n;
}

size_t xlsx_number_text(char *buf, double x)
{
    if (x == 0) {
        size_t n = 0;
        if (signbit(x))
            buf[n++] = '-';
        buf[n++] = '0';
        buf[n] = '\0';
        return n;
    }
    if (fabs(x) < 1e15 && x == (double)(long long)x)
        return put_int(buf, (long long)x);
    if (!isfinite(x))
        return (size_t)snprintf(buf, XLSX_CELL_TEXT_MAX, "%s", isnan(x) ? "NaN" : x > 0 ? "Inf" : "-Inf");
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, XLSX_CELL_TEXT_MAX, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return (size_t)n;
}

int xlsx_number_parse(const char *v, size_t n, double *x, int *same)
{
    char tmp[64];
    *same = 0;
    /* the writers of the world pad with spaces now and then */
    while (n && (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || v[0] == '\r')) {
        v++;
        n--;
    }
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
        n--;
    if (n == 0 || n >= sizeof tmp)
        return 0;
    /* canonical: -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])? with at most 15 digits,
     * which is its own shortest form */
    size_t i = v[0] == '-', digits = 0, lead = i;
    int canonical = i < n && !(v[i] == '0' && i + 1 < n && v[i + 1] != '.');
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        digits++;
    if (i == lead)
        canonical = 0;
    if (canonical && i < n && v[i] == '.') {
        size_t f = ++i;
        for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
            digits++;
        if (i == f || v[i - 1] == '0')
            canonical = 0;
    }
    if (i != n || digits > 15)
        canonical = 0;
    if (canonical && !memchr(v, '.', n)) { /* a whole number, most cells: no strtod */
        long long w = 0;
        for (size_t k = v[0] == '-'; k < n; k++)
            w = w * 10 + (v[k] - '0');
        *x = v[0] == '-' ? -(double)w : (double)w;
        *same = !(w == 0 && v[0] == '-');
        return 1;
    }
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    char *end;
    double d = strtod(tmp, &end);
    if (end != tmp + n || !isfinite(d))
        return 0;
    /* strtod also takes "0x1p3", "nan" and "inf": Excel never writes them */
    for (size_t k = 0; k < n; k++)
        if (!((tmp[k] >= '0' && tmp[k] <= '9') || tmp[k] == '-' || tmp[k] == '+' || tmp[k] == '.' ||
              tmp[k] == 'e' || tmp[k] == 'E'))
            return 0;
    *x = d;
    *same = canonical && !(d == 0 && v[0] == '-');
    return 1;
}

/* ---- dates ---------------------------------------------------------- */

/* A day number back to the date (H. Hinnant's civil_from_days; the other way
 * is incstat_days_from_civil). */
static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

#define MS_PER_DAY 86400000.0
#define DAY_MIN (-719162.0) /* 0001-01-01 */
#define DAY_MAX 2932896.0   /* 9999-12-31 */

int xlsx_serial_days(double s, int date1904, double *days)
{
    if (!isfinite(s))
        return -1;
    double d;
    if (date1904) {
        d = s - 24107; /* serial 0 is 1904-01-01 */
    } else if (s >= 61) {
        d = s - 25569; /* serial 1 would be 1899-12-31 had 1900 not been taken for a leap year */
    } else if (s >= 60) {
        return 0;      /* 1900-02-29 */
    } else {
        d = s - 25568; /* serial 1 is 1900-01-01 */
    }
    /* to the millisecond: Excel keeps no finer time, and 0.1 s as a
     * fraction of a day is not exact in binary */
    double whole = floor(d), ms = floor((d - whole) * MS_PER_DAY + 0.5);
    d = whole + ms / MS_PER_DAY;
    if (d < DAY_MIN || d >= DAY_MAX + 1)
        return -1;
    *days = d;
    return 1;
}

static size_t put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return 2;
}

size_t xlsx_days_text(char *buf, double days, int *whole)
{
    double w = floor(days);
    long ms = (long)floor((days - w) * MS_PER_DAY + 0.5);
    if (ms >= 86400000L) {
        w += 1;
        ms -= 86400000L;
    }
    long y;
    int m, d;
    civil_from_days((long)w, &y, &m, &d);
    size_t n = (size_t)snprintf(buf, XLSX_CELL_TEXT_MAX, "%04ld-", y);
    n += put2(buf + n, m);
    buf[n++] = '-';
    n += put2(buf + n, d);
    *whole = ms == 0;
    if (ms) {
        long sec = ms / 1000, frac = ms % 1000;
        buf[n++] = ' ';
        n += put2(buf + n, (int)(sec / 3600));
        buf[n++] = ':';
        n += put2(buf + n, (int)(sec / 60 % 60));
        if (sec % 60 || frac) {
            buf[n++] = ':';
            n += put2(buf + n, (int)(sec % 60));
        }
        if (frac) {
            n += (size_t)snprintf(buf + n, XLSX_CELL_TEXT_MAX - n, ".%03ld", frac);
            while (buf[n - 1] == '0') /* ".250" -> ".25" */
                n--;
        }
    }
    buf[n] = '\0';
    return n;
}

/* n digits at s[*p] into *v: 1 on success. */
static int digits(const char *s, size_t len, size_t *p, size_t n, long *v)
{
    *v = 0;
    for (size_t k = 0; k < n; k++, (*p)++) {
        if (*p >= len || s[*p] < '0' || s[*p] > '9')
            return 0;
        *v = *v * 10 + (s[*p] - '0');
    }
    return 1;
}

static int days_in_month(long y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return dm[m - 1] + (m == 2 && leap);
}

int xlsx_iso_days(const char *s, size_t n, double *days)
{
    size_t p = 0;
    long y, mo, d, h = 0, mi = 0, se = 0;
    double frac = 0;
    if (!digits(s, n, &p, 4, &y) || p >= n || s[p++] != '-' || !digits(s, n, &p, 2, &mo) ||
        p >= n || s[p++] != '-' || !digits(s, n, &p, 2, &d))
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (int)mo))
        return 0;
    if (p < n && (s[p] == 'T' || s[p] == ' ')) {
        p++;
        if (!digits(s, n, &p, 2, &h) || p >= n || s[p++] != ':' || !digits(s, n, &p, 2, &mi))
            return 0;
        if (p < n && s[p] == ':') {
            p++;
            if (!digits(s, n, &p, 2, &se))
                return 0;
            if (p < n && s[p] == '.') {
                double scale = 0.1;
                size_t f = ++p;
                for (; p < n && s[p] >= '0' && s[p] <= '9'; p++, scale /= 10)
                    frac += (s[p] - '0') * scale;
                if (p == f)
                    return 0;
            }
        }
        if (h > 23 || mi > 59 || se > 59)
            return 0;
        if (p < n && s[p] == 'Z') /* a time zone is a note on a wall clock: kept as written */
            p++;
        else if (p + 6 == n && (s[p] == '+' || s[p] == '-') && s[p + 3] == ':')
            p = n;
    }
    if (p != n)
        return 0;
    double sec = (double)(h * 3600 + mi * 60 + se) + frac;
    double ms = floor(sec * 1000 + 0.5);
    *days = (double)incstat_days_from_civil((int)y, (int)mo, (int)d) + ms / MS_PER_DAY;
    return 1;
}
