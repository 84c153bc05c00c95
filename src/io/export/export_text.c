/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export_text.c: the tidy table and the raw records as CSV, TSV, JSON
 * Lines and JSON text through one output buffer (export_internal.h): numbers
 * in their shortest exact text, cells escaped for the format, whole tidy rows
 * written at once.  Rows come from export_rows.c; export.c and
 * export_chunks.c drive the writer. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/internal.h"
#include "io/export/escape.h"
#include "io/export/export_internal.h"
#include "io/load/load_internal.h"

/* u in decimal, two digits a step, written from the end once its length
 * is known (no copy through a buffer: a copy of variable length is a call). */
static size_t put_uint(char *buf, unsigned long long u)
{
    static const char D2[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                             "34353637383940414243444546474849505152535455565758596061626364656667"
                             "6869707172737475767778798081828384858687888990919293949596979899";
    size_t n = 1;
    for (unsigned long long t = u; t >= 10; t /= 10)
        n++;
    char *p = buf + n;
    while (u >= 100) {
        p -= 2;
        memcpy(p, D2 + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, D2 + 2 * u, 2);
    } else {
        *--p = (char)('0' + u);
    }
    return n;
}

/* Counts are whole or halves and coordinates have a few decimals: such a
 * number is written from its integer scaled by a power of ten, which reads
 * back exactly when the division gives x again; anything else goes through
 * printf's 15 or 17 significant digits. */
size_t incstat_export_number_(char *buf, double x)
{
    static const double P10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
    double a = fabs(x);
    if (a < 1e9) {
        long long w = (long long)a; /* a whole number: most counts */
        if ((double)w == a) {
            size_t n = 0;
            if (x < 0)
                buf[n++] = '-';
            return n + put_uint(buf + n, (unsigned long long)w);
        }
        for (size_t k = 1; k < sizeof P10 / sizeof P10[0]; k++) {
            /* s < 1e16 < 2^63: the cast is floor (a call without SSE4.1) */
            double s = a * P10[k], r = (double)(long long)(s + 0.5);
            /* r / 10^k == a needs r within a few ulp of s: the cheap test
             * first, the division only for the k that can pass */
            if (fabs(s - r) > s * 1e-9 || r / P10[k] != a || r >= 1e15)
                continue;
            unsigned long long u = (unsigned long long)r;
            size_t n = 0;
            if (x < 0)
                buf[n++] = '-';
            char digits[24];
            size_t nd = put_uint(digits, u);
            if (nd <= k) { /* 0.05: pad */
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
    }
    int n = snprintf(buf, 32, "%.15g", x);
    if (strtod(buf, NULL) != x)
        n = snprintf(buf, 32, "%.17g", x);
    return (size_t)n;
}

/* ---- output buffer ------------------------------------------------------ */

void incstat_xob_flush_(xobuf *o)
{
    if (o->n && fwrite(o->b, 1, o->n, o->out) != o->n)
        o->failed = 1;
    o->n = 0;
}

/* Room for need more bytes; NULL when a cell is too large for the buffer. */
static char *ob_room(xobuf *o, size_t need)
{
    if (INCSTAT_XOUT_CAP - o->n < need)
        incstat_xob_flush_(o);
    return need <= INCSTAT_XOUT_CAP ? o->b + o->n : NULL;
}

static void ob_put(xobuf *o, const char *s, size_t n)
{
    char *p = ob_room(o, n);
    if (p) {
        memcpy(p, s, n);
        o->n += n;
    } else {
        incstat_xob_flush_(o);
        if (fwrite(s, 1, n, o->out) != n)
            o->failed = 1;
    }
}

/* A text cell, escaped for the format; a huge one through a heap buffer. */
static void ob_text(xobuf *o, const char *s, size_t n, incstat_export_format f, int *oom)
{
    int json = f == INCSTAT_EXPORT_JSON || f == INCSTAT_EXPORT_JSONL;
    size_t room = json ? INCSTAT_JSON_ROOM(n) : INCSTAT_CSV_ROOM(n);
    char *p = ob_room(o, room);
    char *heap = NULL;
    if (!p && !(p = heap = incstat_malloc(room))) {
        *oom = 1;
        return;
    }
    size_t m = json ? incstat_escape_json_(p, s, n)
                    : incstat_escape_csv_(p, s, n, f == INCSTAT_EXPORT_TSV ? '\t' : ',');
    if (heap) {
        ob_put(o, heap, m);
        incstat_free_mem(heap);
    } else {
        o->n += m;
    }
}

static void ob_value(xobuf *o, const xv *v, incstat_export_format f, int *oom)
{
    char num[40];
    size_t n;
    switch (v->kind) {
    case XV_NULL:
        if (f == INCSTAT_EXPORT_JSON || f == INCSTAT_EXPORT_JSONL)
            ob_put(o, "null", 4);
        return;
    case XV_TEXT: ob_text(o, v->s, v->n, f, oom); return;
    case XV_INT:
        n = v->i < 0 ? (num[0] = '-', 1 + put_uint(num + 1, (unsigned long long)-v->i))
                     : put_uint(num, (unsigned long long)v->i);
        ob_put(o, num, n);
        return;
    case XV_REAL: ob_put(o, num, incstat_export_number_(num, v->d)); return;
    }
}

/* ---- rows --------------------------------------------------------------- */

static int is_json(incstat_export_format f)
{
    return f == INCSTAT_EXPORT_JSON || f == INCSTAT_EXPORT_JSONL;
}

static void begin_row(xwriter *w)
{
    if (w->o->format == INCSTAT_EXPORT_JSON)
        ob_put(&w->ob, w->rows ? ",\n" : "\n", w->rows ? 2 : 1);
}

static void end_row(xwriter *w)
{
    if (is_json(w->o->format))
        ob_put(&w->ob, "}", 1);
    if (w->o->format != INCSTAT_EXPORT_JSON)
        ob_put(&w->ob, "\n", 1);
    w->rows++;
}

/* Field i of a row: separator, key, value. */
static void field(xwriter *w, size_t i, const xv *v)
{
    incstat_export_format f = w->o->format;
    if (is_json(f)) {
        ob_put(&w->ob, i ? "," : "{", 1);
        if (i < w->ncols)
            ob_put(&w->ob, w->json_keys[i], w->json_key_len[i]);
        else { /* a raw record with more fields than the header */
            char k[48];
            int n = snprintf(k, sizeof k, "\"column_%zu\":", i + 1);
            ob_put(&w->ob, k, (size_t)n);
        }
    } else if (i) {
        ob_put(&w->ob, f == INCSTAT_EXPORT_TSV ? "\t" : ",", 1);
    }
    ob_value(&w->ob, v, f, &w->oom);
}

/* ---- a whole tidy row at once ------------------------------------------ */

/* Bytes that make a CSV cell need quotes: 1 in every dialect, 2 for the
 * comma, 4 for the tab (masked by the delimiter in use). */
static const unsigned char CSV_SPECIAL[256] = {[0] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1,
                                               [','] = 2, ['\t'] = 4};

/* s[0..n) to p.  Most cells are short, and memcpy of a length known only
 * at run time is a call: up to 16 bytes go as two overlapping moves that
 * read nothing outside s[0..n). */
static inline void copy_text(char *p, const char *s, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(p, &a, 8);
        memcpy(p + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(p, &a, 4);
        memcpy(p + n - 4, &b, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++)
            p[i] = s[i];
    } else {
        memcpy(p, s, n);
    }
}

static char *put_csv_text(char *p, const char *s, size_t n, char delim)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned mask = delim == ',' ? 3 : 5, any = 0;
    for (size_t i = 0; i < n; i++)
        any |= CSV_SPECIAL[u[i]];
    if ((any & mask) || (n && (s[0] == ' ' || s[n - 1] == ' ')))
        return p + incstat_escape_csv_(p, s, n, delim);
    copy_text(p, s, n);
    return p + n;
}

/* Bytes a JSON string must escape: controls, the quote, the backslash. */
static const unsigned char JSON_SPECIAL[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1};

/* Whether s[0..n) needs no escaping in JSON.  This test is most of the cost
 * of a JSON Lines row (measured: a tenth of the whole export done a byte at
 * a time), so 16 bytes at a time with SSE2. */
static int json_plain(const unsigned char *u, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    if (n >= 16) {
        const __m128i ctl = _mm_set1_epi8(0x1F), quo = _mm_set1_epi8('"'),
                      bsl = _mm_set1_epi8('\\');
        __m128i bad = _mm_setzero_si128();
        for (; i + 16 <= n; i += 16) {
            __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_min_epu8(b, ctl), b));
            bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(b, quo), _mm_cmpeq_epi8(b, bsl)));
        }
        if (_mm_movemask_epi8(bad))
            return 0;
    }
#endif
    unsigned any = 0;
    for (; i < n; i++)
        any |= JSON_SPECIAL[u[i]];
    return !any;
}

static char *put_json_text(char *p, const char *s, size_t n)
{
    if (!json_plain((const unsigned char *)s, n))
        return p + incstat_escape_json_(p, s, n);
    *p++ = '"';
    copy_text(p, s, n);
    p[n] = '"';
    return p + n + 1;
}

static char *put_int(char *p, long long i)
{
    if (i < 0) {
        *p++ = '-';
        return p + put_uint(p, (unsigned long long)-i);
    }
    return p + put_uint(p, (unsigned long long)i);
}

/* Keys up to this long are copied as a block of this size. */
#define KEY_COPY 32

/* The most a row of v can take: escaped text at its worst, 32 bytes a
 * number, the keys, separators and row ends. */
static size_t row_room(const xwriter *w, const xv *v, int json)
{
    size_t room = 4 + KEY_COPY;
    for (size_t i = 0; i < w->ncols; i++) {
        size_t n = v[i].kind == XV_TEXT ? v[i].n : 0;
        room += json ? w->json_key_len[i] + 2 + (v[i].kind == XV_TEXT ? INCSTAT_JSON_ROOM(n) : 32)
                     : 1 + (v[i].kind == XV_TEXT ? INCSTAT_CSV_ROOM(n) : 32);
    }
    return room;
}

/* One tidy row written straight into the output buffer: the room is made
 * once for the whole row, so no field checks for space (field() does, and
 * costs twice as much).  0, or -1 when the row is larger than the buffer
 * (the caller then writes it field by field). */
static int tidy_row(xwriter *w, const xv *v)
{
    incstat_export_format f = w->o->format;
    int json = is_json(f);
    char delim = f == INCSTAT_EXPORT_TSV ? '\t' : ',';
    char *p = ob_room(&w->ob, row_room(w, v, json)), *start = p;
    if (!p)
        return -1;
    if (f == INCSTAT_EXPORT_JSON) {
        if (w->rows)
            *p++ = ',';
        *p++ = '\n';
    }
    for (size_t i = 0; i < w->ncols; i++) {
        if (json) {
            if (i) {
                *p++ = ',';
            } else {
                *p++ = '{';
            }
            /* a fixed-size copy is two moves, not a call; the bytes past
             * the key are overwritten by what follows */
            if (w->json_key_len[i] <= KEY_COPY)
                memcpy(p, w->json_keys[i], KEY_COPY);
            else
                memcpy(p, w->json_keys[i], w->json_key_len[i]);
            p += w->json_key_len[i];
        } else if (i) {
            *p++ = delim;
        }
        switch (v[i].kind) {
        case XV_NULL:
            if (json) {
                memcpy(p, "null", 4);
                p += 4;
            }
            break;
        case XV_TEXT:
            p = json ? put_json_text(p, v[i].s, v[i].n) : put_csv_text(p, v[i].s, v[i].n, delim);
            break;
        case XV_INT: p = put_int(p, v[i].i); break;
        case XV_REAL: p += incstat_export_number_(p, v[i].d); break;
        }
    }
    if (json)
        *p++ = '}';
    if (f != INCSTAT_EXPORT_JSON)
        *p++ = '\n';
    w->ob.n += (size_t)(p - start);
    w->rows++;
    return 0;
}

static void write_header(xwriter *w)
{
    incstat_export_format f = w->o->format;
    if (f == INCSTAT_EXPORT_JSON)
        ob_put(&w->ob, "[", 1);
    if (is_json(f))
        return;
    for (size_t i = 0; i < w->ncols; i++) {
        xv v = {XV_TEXT, strlen(w->names[i]), {.s = w->names[i]}};
        if (i)
            ob_put(&w->ob, f == INCSTAT_EXPORT_TSV ? "\t" : ",", 1);
        ob_value(&w->ob, &v, f, &w->oom);
    }
    ob_put(&w->ob, "\n", 1);
}

static int make_json_keys(xwriter *w)
{
    w->json_keys = incstat_calloc(w->ncols ? w->ncols : 1, sizeof *w->json_keys);
    w->json_key_len = incstat_calloc(w->ncols ? w->ncols : 1, sizeof *w->json_key_len);
    if (!w->json_keys || !w->json_key_len)
        return -1;
    for (size_t i = 0; i < w->ncols; i++) {
        size_t n = strlen(w->names[i]);
        /* at least KEY_COPY bytes: tidy_row copies short keys whole */
        size_t cap = INCSTAT_JSON_ROOM(n) + 2;
        if (!(w->json_keys[i] = incstat_calloc(1, cap > KEY_COPY ? cap : KEY_COPY)))
            return -1;
        size_t m = incstat_escape_json_(w->json_keys[i], w->names[i], n);
        w->json_keys[i][m] = ':';
        w->json_key_len[i] = m + 1;
    }
    return 0;
}

void incstat_xwriter_free_(xwriter *w)
{
    for (size_t i = 0; w->json_keys && i < w->ncols; i++)
        incstat_free_mem(w->json_keys[i]);
    incstat_free_mem(w->json_keys);
    incstat_free_mem(w->json_key_len);
    incstat_free_mem((void *)w->names);
    incstat_free_mem(w->ob.b);
}

/* ---- the loop ----------------------------------------------------------- */

/* Column names: the canonical ones and the kept, or (raw) the header's. */
static int column_names(xwriter *w, incstat_loader *ld)
{
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    const incstat_load_report *rep = incstat_loader_report(ld);
    w->ncols = w->o->raw ? rep->n_columns : INCSTAT_EXPORT_NCANON + nk;
    const char **names = incstat_calloc(w->ncols ? w->ncols : 1, sizeof *names);
    if (!names)
        return -1;
    for (size_t i = 0; i < w->ncols; i++)
        names[i] = w->o->raw ? rep->columns[i].name
                   : i < INCSTAT_EXPORT_NCANON ? incstat_export_column_(i, NULL)
                                               : kept[i - INCSTAT_EXPORT_NCANON];
    w->names = names;
    return 0;
}

incstat_status incstat_xwriter_raw_(xwriter *w, incstat_loader *ld, incstat_error *err)
{
    incstat_csv *csv = incstat_loader_csv_(ld);
    for (;;) {
        incstat_status st = incstat_csv_next(csv, err);
        if (st == INCSTAT_DONE)
            return INCSTAT_OK;
        if (st != INCSTAT_ROW)
            return st;
        begin_row(w);
        size_t nf = incstat_csv_field_count(csv);
        for (size_t i = 0; i < nf; i++) {
            xv v = {XV_TEXT, 0, {.s = NULL}};
            v.s = incstat_csv_field(csv, i, &v.n);
            field(w, i, &v);
        }
        if (is_json(w->o->format) && nf == 0)
            ob_put(&w->ob, "{", 1);
        end_row(w);
        if (w->oom || w->ob.failed)
            return INCSTAT_OK;
    }
}

incstat_status incstat_xwriter_tidy_(xwriter *w, incstat_loader *ld, incstat_error *err)
{
    xv *v = incstat_reallocarray(NULL, w->ncols, sizeof *v);
    if (!v)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    char date[16];
    incstat_status st;
    for (;;) {
        const incstat_incident *inc;
        st = incstat_export_next_(ld, w->o, &inc, err);
        if (st != INCSTAT_ROW)
            break;
        incstat_export_values_(inc, v, date);
        if (tidy_row(w, v) != 0) {
            begin_row(w);
            for (size_t i = 0; i < w->ncols; i++)
                field(w, i, &v[i]);
            end_row(w);
        }
        if (w->oom || w->ob.failed)
            break;
    }
    incstat_free_mem(v);
    return st == INCSTAT_DONE || st == INCSTAT_ROW ? INCSTAT_OK : st;
}

/* ---- the writer's life -------------------------------------------------- */

int incstat_xwriter_open_(xwriter *w, const incstat_export_options *o, incstat_loader *ld,
                          FILE *out)
{
    memset(w, 0, sizeof *w);
    w->o = o;
    w->ob.out = out;
    if (!(w->ob.b = incstat_malloc(INCSTAT_XOUT_CAP)) || column_names(w, ld) != 0 ||
        (is_json(o->format) && make_json_keys(w) != 0))
        return -1;
    write_header(w);
    return 0;
}

void incstat_xwriter_close_(xwriter *w)
{
    if (w->o->format == INCSTAT_EXPORT_JSON)
        ob_put(&w->ob, w->rows ? "\n]\n" : "]\n", w->rows ? 3 : 2);
    incstat_xob_flush_(&w->ob);
}
