/* src/io/export.c: the tidy table and the raw records as CSV, TSV, JSON Lines
 * and JSON (incstat/export.h), streamed through one output buffer, and the
 * format dispatch on top of all writers: writing to a path through a
 * temporary file, SQLite (export_sqlite.c) or text.  Rows come from
 * export_rows.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "incstat/export.h"
#include "core/internal.h"
#include "io/escape.h"
#include "io/export_internal.h"
#include "io/load_internal.h"
#include "io/parallel_internal.h"

const char *incstat_export_format_name(incstat_export_format f)
{
    static const char *const N[] = {"csv", "tsv", "jsonl", "json", "sqlite"};
    return (unsigned)f < 5 ? N[f] : "";
}

/* u in decimal, two digits a step. */
static size_t put_uint(char *buf, unsigned long long u)
{
    static const char D2[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                             "34353637383940414243444546474849505152535455565758596061626364656667"
                             "6869707172737475767778798081828384858687888990919293949596979899";
    char tmp[24];
    size_t i = sizeof tmp;
    while (u >= 100) {
        unsigned d = (unsigned)(u % 100);
        u /= 100;
        i -= 2;
        memcpy(tmp + i, D2 + 2 * d, 2);
    }
    if (u >= 10) {
        i -= 2;
        memcpy(tmp + i, D2 + 2 * u, 2);
    } else {
        tmp[--i] = (char)('0' + u);
    }
    memcpy(buf, tmp + i, sizeof tmp - i);
    return sizeof tmp - i;
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

#define OUT_CAP ((size_t)1 << 20)

typedef struct {
    char *b;
    size_t n;
    FILE *out;
    int failed;
} obuf;

static void ob_flush(obuf *o)
{
    if (o->n && fwrite(o->b, 1, o->n, o->out) != o->n)
        o->failed = 1;
    o->n = 0;
}

/* Room for need more bytes; NULL when a cell is too large for the buffer. */
static char *ob_room(obuf *o, size_t need)
{
    if (OUT_CAP - o->n < need)
        ob_flush(o);
    return need <= OUT_CAP ? o->b + o->n : NULL;
}

static void ob_put(obuf *o, const char *s, size_t n)
{
    char *p = ob_room(o, n);
    if (p) {
        memcpy(p, s, n);
        o->n += n;
    } else {
        ob_flush(o);
        if (fwrite(s, 1, n, o->out) != n)
            o->failed = 1;
    }
}

/* A text cell, escaped for the format; a huge one through a heap buffer. */
static void ob_text(obuf *o, const char *s, size_t n, incstat_export_format f, int *oom)
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

static void ob_value(obuf *o, const xv *v, incstat_export_format f, int *oom)
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

typedef struct {
    const incstat_export_options *o;
    obuf ob;
    const char *const *names; /* column names */
    size_t ncols;
    char **json_keys;         /* names as JSON keys with ": " */
    size_t *json_key_len;
    uint64_t rows;
    int oom;
} writer;

static int is_json(incstat_export_format f)
{
    return f == INCSTAT_EXPORT_JSON || f == INCSTAT_EXPORT_JSONL;
}

static void begin_row(writer *w)
{
    if (w->o->format == INCSTAT_EXPORT_JSON)
        ob_put(&w->ob, w->rows ? ",\n" : "\n", w->rows ? 2 : 1);
}

static void end_row(writer *w)
{
    if (is_json(w->o->format))
        ob_put(&w->ob, "}", 1);
    if (w->o->format != INCSTAT_EXPORT_JSON)
        ob_put(&w->ob, "\n", 1);
    w->rows++;
}

/* Field i of a row: separator, key, value. */
static void field(writer *w, size_t i, const xv *v)
{
    incstat_export_format f = w->o->format;
    if (is_json(f)) {
        ob_put(&w->ob, i ? ", " : "{", i ? 2 : 1);
        if (i < w->ncols)
            ob_put(&w->ob, w->json_keys[i], w->json_key_len[i]);
        else { /* a raw record with more fields than the header */
            char k[48];
            int n = snprintf(k, sizeof k, "\"column_%zu\": ", i + 1);
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

static char *put_csv_text(char *p, const char *s, size_t n, char delim)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned mask = delim == ',' ? 3 : 5, any = 0;
    for (size_t i = 0; i < n; i++)
        any |= CSV_SPECIAL[u[i]];
    if ((any & mask) || (n && (s[0] == ' ' || s[n - 1] == ' ')))
        return p + incstat_escape_csv_(p, s, n, delim);
    memcpy(p, s, n);
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
    memcpy(p, s, n);
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
static size_t row_room(const writer *w, const xv *v, int json)
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
static int tidy_row(writer *w, const xv *v)
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
                *p++ = ' ';
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

static void write_header(writer *w)
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

static int make_json_keys(writer *w)
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
        memcpy(w->json_keys[i] + m, ": ", 2);
        w->json_key_len[i] = m + 2;
    }
    return 0;
}

static void writer_free(writer *w)
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
static int column_names(writer *w, incstat_loader *ld)
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

static incstat_status run_raw(writer *w, incstat_loader *ld, incstat_error *err)
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

static incstat_status run_tidy(writer *w, incstat_loader *ld, incstat_error *err)
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

/* ---- in chunks on threads ---------------------------------------------- */

/* A plain file in CSV, TSV or JSON Lines is exported in chunks on threads
 * (parallel_internal.h).  When the output is a regular file, chunk 0 writes
 * straight into it (a fallback to one pass truncates it back); the other
 * chunks write to unlinked temporary files that are copied to the output in
 * file order by the kernel (sendfile).  Memory stays a few buffers; a file
 * that cannot be cut is written in one pass. */
typedef struct {
    const writer *main; /* column names, JSON keys, options (borrowed) */
    const char *spill_dir;
    FILE *out;
    int direct;         /* out is a regular file: chunk 0 writes to it */
    off_t base;         /* out's size before the chunks */
    unsigned begun;     /* chunks begun so far */
    uint64_t rows;
    int failed;
} par_ctx;

typedef struct {
    FILE *tmp; /* NULL: this chunk writes to the output */
    writer w;
} chunk_out;

static FILE *spill_file(const char *dir)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/.incstat-export-XXXXXX", dir) >= sizeof path)
        return NULL;
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    unlink(path);
    FILE *f = fdopen(fd, "w+");
    if (!f)
        close(fd);
    return f;
}

static void chunk_free(void *ctx, void *state)
{
    (void)ctx;
    chunk_out *c = state;
    if (!c)
        return;
    if (c->tmp)
        fclose(c->tmp);
    incstat_free_mem(c->w.ob.b);
    incstat_free_mem(c);
}

static incstat_status chunk_begin(void *ctx, void **state, incstat_error *err)
{
    par_ctx *p = ctx;
    chunk_out *c = incstat_calloc(1, sizeof *c);
    if (!c)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    int direct = p->direct && p->begun++ == 0;
    c->w = *p->main;
    c->w.rows = 0;
    c->w.ob.n = 0;
    c->w.ob.b = incstat_malloc(OUT_CAP);
    c->tmp = direct ? NULL : spill_file(p->spill_dir);
    if (!c->w.ob.b || (!direct && !c->tmp)) {
        int e = errno, oom = !c->w.ob.b;
        chunk_free(ctx, c);
        return oom ? incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory")
                   : incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s", p->spill_dir,
                                       strerror(e));
    }
    c->w.ob.out = direct ? p->out : c->tmp;
    *state = c;
    return INCSTAT_OK;
}

static incstat_status chunk_run(void *ctx, void *state, incstat_loader *fork, incstat_error *err)
{
    (void)ctx;
    chunk_out *c = state;
    incstat_status st = run_tidy(&c->w, fork, err);
    if (st)
        return st;
    ob_flush(&c->w.ob);
    if (c->w.oom)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (c->w.ob.failed || fflush(c->w.ob.out) != 0)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s",
                                 c->tmp ? "temporary file" : "output", strerror(errno));
    return INCSTAT_OK;
}

/* n bytes of in (from its start) to out's descriptor, by the kernel when it
 * can (no copy through user space), else by read and write.  -1 on error. */
static int copy_fd(int in, int out, off_t n)
{
    off_t off = 0;
    while (off < n) {
        ssize_t k = sendfile(out, in, &off, (size_t)(n - off));
        if (k > 0)
            continue;
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EINVAL || errno == ENOSYS) && off == 0)
            break; /* not for these descriptors: the plain way */
        return -1;
    }
    char buf[1 << 16];
    while (off < n) {
        ssize_t r = pread(in, buf, sizeof buf, off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        for (ssize_t w = 0; w < r;) {
            ssize_t k = write(out, buf + w, (size_t)(r - w));
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                return -1;
            w += k;
        }
        off += r;
    }
    return 0;
}

/* A finished chunk's rows to the output, in file order. */
static void chunk_copy(par_ctx *p, chunk_out *c)
{
    p->rows += c->w.rows;
    if (!c->tmp)
        return; /* already there */
    off_t n = lseek(fileno(c->tmp), 0, SEEK_END);
    int out = fileno(p->out);
    if (out < 0) { /* a stream with no descriptor (open_memstream) */
        char buf[1 << 16];
        size_t k;
        rewind(c->tmp);
        while ((k = fread(buf, 1, sizeof buf, c->tmp)) > 0)
            if (fwrite(buf, 1, k, p->out) != k)
                p->failed = 1;
        p->failed |= ferror(c->tmp) != 0;
        return;
    }
    if (n < 0 || fflush(p->out) != 0 || copy_fd(fileno(c->tmp), out, n) != 0)
        p->failed = 1;
    /* the stream's idea of its position follows the descriptor's (a pipe
     * has none) */
    if (p->direct && fseeko(p->out, lseek(out, 0, SEEK_CUR), SEEK_SET) != 0)
        p->failed = 1;
}

static void chunk_first(void *ctx, void *state, uint64_t line_off)
{
    (void)line_off;
    chunk_copy(ctx, state);
}

static incstat_status chunk_merge(void *ctx, void *into, void *from, uint64_t line_off,
                                  incstat_error *err)
{
    (void)into;
    (void)line_off;
    (void)err;
    chunk_copy(ctx, from);
    return INCSTAT_OK;
}

/* Whether chunk 0 may write straight into out: a regular file, whose size
 * after the header is kept to truncate back to. */
static int direct_output(FILE *out, off_t *base)
{
    struct stat sb;
    int fd = fileno(out);
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || fflush(out) != 0)
        return 0;
    *base = lseek(fd, 0, SEEK_CUR);
    return *base >= 0 && *base == sb.st_size;
}

/* *done: 1 when the rows were written in chunks. */
static incstat_status run_parallel(writer *w, incstat_loader *ld, const char *spill_dir,
                                   int *done, incstat_error *err)
{
    unsigned threads, chunks;
    uint64_t min_bytes;
    void *merged;
    *done = 0;
    if (w->o->raw || w->o->format == INCSTAT_EXPORT_JSON)
        return INCSTAT_OK;
    incstat_loader_threads_(ld, &threads, &min_bytes);
    if (threads < 2)
        return INCSTAT_OK;
    ob_flush(&w->ob); /* the header, before the chunks' rows */
    par_ctx p = {w, spill_dir, w->ob.out, 0, 0, 0, 0, 0};
    p.direct = direct_output(p.out, &p.base);
    incstat_par_job_ job = {&p, chunk_begin, chunk_run, chunk_first, chunk_merge, chunk_free};
    incstat_status st = incstat_par_run_(ld, threads, min_bytes, &job, &merged, &chunks, err);
    chunk_free(&p, merged);
    if (!st && !chunks && p.direct && p.begun) {
        /* one pass after all: what chunk 0 wrote goes */
        if (fflush(p.out) != 0 || ftruncate(fileno(p.out), p.base) != 0 ||
            fseeko(p.out, p.base, SEEK_SET) != 0)
            st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "output: %s", strerror(errno));
    }
    if (st || !chunks)
        return st;
    *done = 1;
    w->rows = p.rows;
    w->ob.failed |= p.failed;
    return INCSTAT_OK;
}

static incstat_status stream_(incstat_loader *ld, const incstat_export_options *opts, FILE *out,
                              const char *spill_dir, uint64_t *rows, incstat_error *err)
{
    static const incstat_export_options DEFAULTS;
    const incstat_export_options *o = opts ? opts : &DEFAULTS;
    if (rows)
        *rows = 0;
    if (!ld || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader or output");
    if ((unsigned)o->format > INCSTAT_EXPORT_JSON)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "export: %s needs an output file (-o FILE)",
                                 incstat_export_format_name(o->format));
    const char *source = incstat_loader_report(ld)->source;
    writer w;
    memset(&w, 0, sizeof w);
    w.o = o;
    w.ob.out = out;
    incstat_status st = INCSTAT_OK;
    int done;
    if (!(w.ob.b = incstat_malloc(OUT_CAP)) || column_names(&w, ld) != 0 ||
        (is_json(o->format) && make_json_keys(&w) != 0)) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto done;
    }
    write_header(&w);
    if ((st = run_parallel(&w, ld, spill_dir, &done, err)) != INCSTAT_OK)
        goto done;
    if (!done)
        st = o->raw ? run_raw(&w, ld, err) : run_tidy(&w, ld, err);
    if (st)
        goto done;
    if (o->format == INCSTAT_EXPORT_JSON)
        ob_put(&w.ob, w.rows ? "\n]\n" : "]\n", w.rows ? 3 : 2);
    ob_flush(&w.ob);
    if (w.oom)
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    else if (w.ob.failed || fflush(out) != 0 || ferror(out))
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: export: error writing the output: %s",
                               source, strerror(errno));
done:
    if (rows)
        *rows = w.rows;
    writer_free(&w);
    return st;
}

incstat_status incstat_export_stream(incstat_loader *ld, const incstat_export_options *opts,
                                     FILE *out, uint64_t *rows, incstat_error *err)
{
    const char *dir = getenv("TMPDIR");
    return stream_(ld, opts, out, dir && *dir ? dir : "/tmp", rows, err);
}

/* ---- to a path ---------------------------------------------------------- */

static incstat_status temp_next_to(const char *path, char **tmp, int *fd, incstat_error *err)
{
    size_t n = strlen(path);
    *tmp = incstat_malloc(n + 32);
    if (!*tmp)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    memcpy(*tmp, path, n);
    memcpy(*tmp + n, ".incstat-partial-XXXXXX", sizeof ".incstat-partial-XXXXXX");
    if ((*fd = mkstemp(*tmp)) < 0) {
        int e = errno;
        incstat_free_mem(*tmp);
        *tmp = NULL;
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot write here: %s", path,
                                 strerror(e));
    }
    return INCSTAT_OK;
}

incstat_status incstat_export_path(incstat_loader *ld, const incstat_export_options *opts,
                                   const char *path, uint64_t *rows, incstat_error *err)
{
    static const incstat_export_options DEFAULTS;
    const incstat_export_options *o = opts ? opts : &DEFAULTS;
    if (rows)
        *rows = 0;
    if (!ld || !path || !*path)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader or output path");
    /* the options first: a usage error whatever is on disk */
    if (o->raw && o->format == INCSTAT_EXPORT_SQLITE)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "export: the raw records are written as csv, tsv, jsonl or json");
    struct stat sb;
    if (!o->force && stat(path, &sb) == 0)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0,
                                 "%s exists; not replaced without --force", path);
    char *tmp;
    int fd = -1;
    incstat_status st = temp_next_to(path, &tmp, &fd, err);
    if (st)
        return st;
    if (o->format == INCSTAT_EXPORT_SQLITE) {
        close(fd);
        st = incstat_export_sqlite_(ld, o, tmp, rows, err);
    } else {
        FILE *f = fdopen(fd, "w");
        if (!f) {
            close(fd);
            st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s", tmp, strerror(errno));
        } else {
            /* chunks spill next to the output: the same file system */
            char *dir = incstat_strndup(path, strlen(path));
            if (!dir) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
            } else {
                char *slash = strrchr(dir, '/');
                const char *d = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
                st = stream_(ld, o, f, d, rows, err);
                incstat_free_mem(dir);
            }
            if (fclose(f) != 0 && !st)
                st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: error writing: %s", path,
                                       strerror(errno));
        }
    }
    /* mkstemp's 0600 made the usual mode of a data file (the umask cannot
     * be read without changing it, which is the process's, not ours) */
    if (!st && chmod(tmp, 0644) != 0)
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s", tmp, strerror(errno));
    if (!st && rename(tmp, path) != 0)
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot replace: %s", path,
                               strerror(errno));
    if (st)
        unlink(tmp);
    incstat_free_mem(tmp);
    return st;
}
