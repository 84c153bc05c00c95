/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/csv.c: the streaming CSV reader (see include/incstat/csv.h).
 *
 * Design: bytes are read into one growable buffer; a record is scanned from
 * its first byte to its terminator, recording each field as a (start, end,
 * flags) triple relative to the record start.  Nothing is copied or decoded
 * while scanning: only the fields a caller asks for are unquoted and
 * transcoded (incstat_csv_field), so a loader that keeps 5 of 27 columns pays
 * for 5.  When a record runs past the end of the buffered data, the partial
 * record moves to the front, the buffer grows if the record fills it, more is
 * read and the record is scanned again from its start; reading fills the
 * whole free space, so a record is rescanned O(log size) times at most.
 *
 * The structural bytes (quote, delimiter, CR, LF) are ASCII in every encoding
 * we accept, so scanning never needs to know the encoding.
 *
 * This file scans records and decodes fields; csv_source.c reads the bytes
 * and opens readers (their shared state is csv_reader.h). */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "io/source/encoding.h"
#include "core/internal.h"
#include "io/source/csv_reader.h"

/* ---- scanning --------------------------------------------------------- */

enum { SCAN_RECORD, SCAN_MORE, SCAN_ERROR };

/* Room for more fields: 0, -1 at the limit, -2 out of memory.  Apart from
 * push_field so that push_field stays small enough to be inlined where it
 * is called for every field. */
static int grow_fields(incstat_csv *c)
{
    if (c->fields_cap >= c->opt.max_fields)
        return -1;
    size_t ncap = c->fields_cap * 2;
    if (ncap > c->opt.max_fields)
        ncap = c->opt.max_fields;
    size_t *a = incstat_reallocarray(c->fstart, ncap, sizeof *a);
    if (!a)
        return -2;
    c->fstart = a;
    size_t *b = incstat_reallocarray(c->fend, ncap, sizeof *b);
    if (!b)
        return -2;
    c->fend = b;
    unsigned char *f = incstat_realloc(c->fflags, ncap);
    if (!f)
        return -2;
    c->fflags = f;
    c->fields_cap = ncap;
    return 0;
}

static inline int push_field(incstat_csv *c, size_t s, size_t e, unsigned char flags)
{
    size_t k = c->nfields;
    if (INCSTAT_UNLIKELY(k == c->fields_cap)) {
        int r = grow_fields(c);
        if (r)
            return r;
    }
    c->fstart[k] = s;
    c->fend[k] = e;
    c->fflags[k] = flags;
    c->nfields = k + 1;
    return 0;
}

/* Physical line breaks inside a quoted span: LF, CRLF and lone CR each count one. */
static uint64_t count_breaks(const unsigned char *p, const unsigned char *e)
{
    uint64_t n = 0;
    if (!memchr(p, '\r', (size_t)(e - p))) {
        const unsigned char *q = p;
        while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
            n++;
            q++;
        }
        return n;
    }
    for (; p < e; p++) {
        if (*p == '\n')
            n++;
        else if (*p == '\r' && !(p + 1 < e && p[1] == '\n'))
            n++;
    }
    return n;
}

/* Finding the bytes that matter.  Fields in incident files are short, and
 * this search is where the reader spends its time (measured: about half of
 * a yearly summary), so with SSE2 (every x86-64 has it) a 64-byte block is
 * classified at once into two bit masks that later searches in the same
 * block reuse: `quo` marks quotes, CR and LF (what ends a quoted span or
 * must be counted inside one), `del` the delimiter.  Without SSE2 the same
 * searches run byte by byte. */
typedef struct {
    const unsigned char *blk; /* start of the classified block, NULL if none */
    uint64_t del, quo;
    const unsigned char *cls; /* byte classes for the tail and non-SSE2 builds */
#if defined(__SSE2__)
    __m128i vd, vq, vn, vr;
#endif
} scanner;

static void scanner_init(scanner *sc, unsigned char delim, const unsigned char *cls)
{
    sc->blk = NULL;
    sc->del = sc->quo = 0;
    sc->cls = cls;
#if defined(__SSE2__)
    sc->vd = _mm_set1_epi8((char)delim);
    sc->vq = _mm_set1_epi8('"');
    sc->vn = _mm_set1_epi8('\n');
    sc->vr = _mm_set1_epi8('\r');
#else
    (void)delim;
#endif
}

#if defined(__SSE2__)
static inline void classify(scanner *sc, const unsigned char *p)
{
    uint64_t del = 0, quo = 0;
    for (int k = 0; k < 4; k++) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i q = _mm_or_si128(_mm_cmpeq_epi8(b, sc->vq),
                                 _mm_or_si128(_mm_cmpeq_epi8(b, sc->vn), _mm_cmpeq_epi8(b, sc->vr)));
        del |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, sc->vd)) << (16 * k);
        quo |= (uint64_t)(unsigned)_mm_movemask_epi8(q) << (16 * k);
    }
    sc->blk = p;
    sc->del = del;
    sc->quo = quo;
}
#endif

/* The first byte at or after p (and before e) whose class is in want (1:
 * the delimiter, 2: quote/CR/LF, 3: either); e if none. */
static inline const unsigned char *find_class(scanner *sc, const unsigned char *p,
                                              const unsigned char *e, int want)
{
#if defined(__SSE2__)
    for (;;) {
        if (sc->blk && p >= sc->blk && p < sc->blk + 64) {
            uint64_t m = ((want & 1) ? sc->del : 0) | ((want & 2) ? sc->quo : 0);
            m &= ~0ULL << (p - sc->blk);
            if (m)
                return sc->blk + __builtin_ctzll(m);
            p = sc->blk + 64;
        }
        if (e - p < 64)
            break;
        classify(sc, p);
    }
#endif
    if (want == 3) {
        while (p < e && !sc->cls[*p])
            p++;
    } else {
        while (p < e && *p != '"' && *p != '\n' && *p != '\r')
            p++;
    }
    return p;
}

/* push_field's failure r as the reader's error: SCAN_ERROR. */
static int field_error(incstat_csv *c, int r, incstat_error *err)
{
    if (r == -2)
        incstat_set_error(err, INCSTAT_ENOMEM, c->next_line, c->nfields + 1, "%s: out of memory",
                          c->name);
    else
        incstat_set_error(err, INCSTAT_ELIMIT, c->next_line, c->nfields + 1,
                          "%s:%llu: more than %zu fields in one record", c->name,
                          (unsigned long long)c->next_line, c->opt.max_fields);
    return SCAN_ERROR;
}

/* Scan one record starting at buf[pos].  On SCAN_RECORD, *next is the offset
 * just past its terminator.  SCAN_MORE: the data ends inside the record and
 * the input is not exhausted. */
static int scan_record(incstat_csv *c, size_t *next, incstat_error *err)
{
    const unsigned char *base = c->buf + c->pos;
    const unsigned char *p = base, *e = c->buf + c->end;
    const unsigned char delim = (unsigned char)c->delim;
    uint64_t breaks = 0;
    scanner sc;
    scanner_init(&sc, delim, c->cls);
    c->nfields = 0;

    for (;;) {
#if defined(__SSE2__)
        /* Plain fields that end at a delimiter inside the block already
         * classified are taken straight off its bit masks: most fields of
         * an incident file are like that, and the general path below costs
         * three times as much per field.  A field that starts with a quote,
         * holds one, or ends the line shows up as a quote/CR/LF bit and
         * goes the general way. */
        if (sc.blk && p >= sc.blk && p < sc.blk + 64) {
            uint64_t m = (sc.del | sc.quo) & (~0ULL << (p - sc.blk));
            while (m) {
                const unsigned char *q = sc.blk + __builtin_ctzll(m);
                if (*q != delim)
                    break;
                int r = push_field(c, (size_t)(p - base), (size_t)(q - base), 0);
                if (INCSTAT_UNLIKELY(r))
                    return field_error(c, r, err);
                p = q + 1;
                m &= m - 1;
            }
        }
#endif
        const unsigned char *fs = p;
        unsigned char flags = 0;
        if (p < e && *p == '"') {
            /* quoted field: jump from quote to quote */
            flags = F_QUOTED;
            p++;
            for (;;) {
                const unsigned char *q = find_class(&sc, p, e, 2);
                if (q < e && *q != '"') {
                    /* a line break inside the quotes: LF, CRLF, lone CR count one */
                    breaks++;
                    p = q + 1;
                    if (*q == '\r' && p < e && *p == '\n')
                        p++;
                    continue;
                }
                if (q == e) {
                    if (!c->eof)
                        return SCAN_MORE;
                    c->open_quote_at_end = 1;
                    incstat_set_error(err, INCSTAT_EPARSE, c->next_line, c->nfields + 1,
                                      "%s:%llu: column %zu: unterminated quoted field "
                                      "(the quote opened here is never closed before the end "
                                      "of the file)",
                                      c->name, (unsigned long long)c->next_line, c->nfields + 1);
                    return SCAN_ERROR;
                }
                if (q + 1 == e && !c->eof)
                    return SCAN_MORE; /* a doubled quote may continue */
                if (q + 1 < e && q[1] == '"') {
                    flags |= F_DOUBLED;
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            /* after the closing quote: text up to the delimiter is irregular */
            if (p < e && *p != delim && *p != '\n' && *p != '\r') {
                flags |= F_IRREGULAR;
                while (p < e && *p != delim && *p != '\n' && *p != '\r') {
                    if (*p == '"') {
                        /* a quote reopens: skip to its close */
                        const unsigned char *q = memchr(p + 1, '"', (size_t)(e - p - 1));
                        if (!q) {
                            if (!c->eof)
                                return SCAN_MORE;
                            c->open_quote_at_end = 1;
                            incstat_set_error(err, INCSTAT_EPARSE, c->next_line, c->nfields + 1,
                                              "%s:%llu: column %zu: unterminated quoted field "
                                              "(the quote opened here is never closed before "
                                              "the end of the file)",
                                              c->name, (unsigned long long)c->next_line,
                                              c->nfields + 1);
                            return SCAN_ERROR;
                        }
                        breaks += count_breaks(p + 1, q);
                        p = q + 1;
                    } else {
                        p++;
                    }
                }
            }
        } else {
            /* unquoted: run to the next structural byte; a bare quote is data */
            for (;;) {
                p = find_class(&sc, p, e, 3);
                if (p < e && *p == '"') {
                    flags |= F_IRREGULAR;
                    p++;
                    continue;
                }
                break;
            }
        }
        if (p == e && !c->eof)
            return SCAN_MORE;
        int r = push_field(c, (size_t)(fs - base), (size_t)(p - base), flags);
        if (INCSTAT_UNLIKELY(r))
            return field_error(c, r, err);
        if (p == e) {
            /* end of input without a final line break */
            *next = (size_t)(p - c->buf);
            c->end_line = c->next_line + breaks;
            c->next_line += breaks + 1;
            return SCAN_RECORD;
        }
        if (*p == delim) {
            p++;
            continue;
        }
        /* line break */
        if (*p == '\n') {
            c->eols |= INCSTAT_EOL_LF;
            p++;
        } else { /* '\r' */
            if (p + 1 == e && !c->eof)
                return SCAN_MORE;
            if (p + 1 < e && p[1] == '\n') {
                c->eols |= INCSTAT_EOL_CRLF;
                p += 2;
            } else {
                c->eols |= INCSTAT_EOL_CR;
                p++;
            }
        }
        *next = (size_t)(p - c->buf);
        c->end_line = c->next_line + breaks;
        c->next_line += breaks + 1;
        return SCAN_RECORD;
    }
}

static void note_irregular(incstat_csv *c)
{
    for (size_t i = 0; i < c->nfields; i++) {
        if (c->fflags[i] & F_IRREGULAR) {
            if (c->irregular++ == 0)
                c->irregular_first = c->line;
            return;
        }
    }
}

incstat_status incstat_csv_next(incstat_csv *c, incstat_error *err)
{
    if (!c)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no reader");
    if (INCSTAT_UNLIKELY(c->rows)) /* a workbook sheet, a Stata file, ... */
        return incstat_csv_rows_next_(c, err);
    if (!c->started)
        incstat_csv_start_(c);
    for (;;) {
        if (c->pos == c->end) {
            if (c->eof) {
                c->nfields = 0;
                return INCSTAT_DONE;
            }
            incstat_status st = incstat_csv_make_room_(c, err);
            if (st)
                return st;
            continue;
        }
        /* an empty line is not a record */
        unsigned char ch = c->buf[c->pos];
        if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && c->pos + 1 == c->end && !c->eof) {
                incstat_status st = incstat_csv_make_room_(c, err);
                if (st)
                    return st;
                continue;
            }
            if (ch == '\r' && c->pos + 1 < c->end && c->buf[c->pos + 1] == '\n') {
                c->pos += 2;
                c->eols |= INCSTAT_EOL_CRLF;
            } else {
                c->pos++;
                c->eols |= ch == '\n' ? INCSTAT_EOL_LF : INCSTAT_EOL_CR;
            }
            c->empty_lines++;
            c->next_line++;
            continue;
        }
        size_t next = 0; /* set on SCAN_RECORD; 0 quiets -Wmaybe-uninitialized */
        uint64_t saved_line = c->next_line;
        int eols = c->eols;
        c->line = c->next_line;
        int r = scan_record(c, &next, err);
        if (r == SCAN_RECORD) {
            if (INCSTAT_UNLIKELY(c->cut_tail) && c->eof && next == c->end &&
                c->buf[next - 1] != '\n' && c->buf[next - 1] != '\r') {
                c->pos = c->end; /* a record cut by the end of a peek */
                c->nfields = 0;
                return INCSTAT_DONE;
            }
            c->rec = c->pos;
            c->rec_len = c->nfields ? c->fend[c->nfields - 1] : 0;
            c->rec_ascii = -1;
            c->many_calls = c->rec_calls > 4;
            c->rec_calls = 0;
            c->pos = next;
            note_irregular(c);
            return INCSTAT_ROW;
        }
        if (r == SCAN_ERROR)
            return err ? err->code : INCSTAT_EPARSE;
        c->next_line = saved_line;
        c->eols = eols;
        incstat_status st = incstat_csv_make_room_(c, err);
        if (st)
            return st;
    }
}

/* ---- fields ----------------------------------------------------------- */

size_t incstat_csv_field_count(const incstat_csv *c)
{
    return c ? c->nfields : 0;
}

/* Field i's bytes, quotes included; static so that incstat_csv_field
 * inlines it (with -fPIC a call to an exported function is not inlined). */
static const char *raw_field(const incstat_csv *c, size_t i, size_t *len)
{
    if (!c || i >= c->nfields) {
        *len = 0;
        return "";
    }
    *len = c->fend[i] - c->fstart[i];
    return (const char *)c->buf + c->rec + c->fstart[i];
}

const char *incstat_csv_field_raw(const incstat_csv *c, size_t i, size_t *len, int *quoted)
{
    if (!c || i >= c->nfields) {
        if (len)
            *len = 0;
        if (quoted)
            *quoted = 0;
        return "";
    }
    if (len)
        *len = c->fend[i] - c->fstart[i];
    if (quoted)
        *quoted = (c->fflags[i] & F_QUOTED) != 0;
    return (const char *)c->buf + c->rec + c->fstart[i];
}

static unsigned char *reserve(unsigned char **buf, size_t *cap, size_t need)
{
    if (need > *cap) {
        size_t ncap = need < 256 ? 256 : need;
        unsigned char *nb = incstat_realloc(*buf, ncap);
        if (!nb)
            return NULL;
        *buf = nb;
        *cap = ncap;
    }
    return *buf;
}

/* Remove the quoting of a field: the general rule is that a quote toggles
 * quoted mode and a doubled quote inside it is one quote character. */
static size_t unquote(const unsigned char *s, size_t n, unsigned char *out)
{
    size_t o = 0;
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            if (inq && i + 1 < n && s[i + 1] == '"') {
                out[o++] = '"';
                i++;
            } else {
                inq = !inq;
            }
        } else {
            out[o++] = s[i];
        }
    }
    return o;
}

const char *incstat_csv_field(incstat_csv *c, size_t i, size_t *len)
{
    size_t n;
    const unsigned char *s = (const unsigned char *)raw_field(c, i, &n);
    unsigned char flags = (c && i < c->nfields) ? c->fflags[i] : 0;
    *len = 0;
    if (n == 0)
        return "";
    if (flags & (F_DOUBLED | F_IRREGULAR)) {
        if (!reserve(&c->scratch, &c->scratch_cap, n))
            return NULL;
        if ((flags & F_IRREGULAR) && !(flags & F_QUOTED)) {
            memcpy(c->scratch, s, n); /* a bare quote inside data is data */
        } else {
            n = unquote(s, n, c->scratch);
        }
        s = c->scratch;
    } else if (flags & F_QUOTED) {
        s++;
        n -= 2;
    }
    /* a caller that reads many cells of a record (inspect, export) gets one
     * check per record rather than per cell, from the first cell on once the
     * last record showed it; one that reads a few (summary) does not pay for
     * the whole record */
    if ((++c->rec_calls > 4 || c->many_calls) && c->rec_ascii < 0)
        c->rec_ascii = incstat_is_ascii(c->buf + c->rec, c->rec_len);
    if (c->rec_ascii == 1 || incstat_is_ascii(s, n)) {
        *len = n;
        return (const char *)s;
    }
    incstat_encoding enc = c->opt.encoding;
    if (enc == INCSTAT_ENCODING_AUTO || enc == INCSTAT_ENCODING_UTF8) {
        if (incstat_utf8_valid_prefix(s, n) == n) {
            *len = n;
            return (const char *)s;
        }
        if (enc == INCSTAT_ENCODING_UTF8) {
            size_t rep = 0;
            if (!reserve(&c->scratch2, &c->scratch2_cap, 3 * n))
                return NULL;
            *len = incstat_utf8_sanitize(s, n, c->scratch2, &rep);
            if (!(flags & F_COUNTED)) { /* once per cell, however often it is asked for */
                c->fflags[i] |= F_COUNTED;
                if (c->replaced == 0)
                    c->replaced_first = c->line;
                c->replaced += rep;
            }
            return (const char *)c->scratch2;
        }
        if (!(flags & F_COUNTED)) {
            c->fflags[i] |= F_COUNTED;
            if (c->cp1252_cells++ == 0)
                c->cp1252_first = c->line;
        }
        enc = incstat_csv_fallback(c);
    }
    if (!reserve(&c->scratch2, &c->scratch2_cap, 3 * n))
        return NULL;
    *len = incstat_transcode_to_utf8(enc, s, n, c->scratch2);
    return (const char *)c->scratch2;
}

void incstat_csv_record_view_(incstat_csv *c, incstat_csv_record_view *out)
{
    /* the caller reads every cell: check the record once, now */
    if (c->rec_ascii < 0)
        c->rec_ascii = incstat_is_ascii(c->buf + c->rec, c->rec_len);
    out->rec = (const char *)c->buf + c->rec;
    out->start = c->fstart;
    out->end = c->fend;
    out->flags = c->fflags;
    out->n = c->nfields;
    out->ascii = c->rec_ascii;
}

/* ---- facts ------------------------------------------------------------ */

uint64_t incstat_csv_line(const incstat_csv *c) { return c ? c->line : 0; }
uint64_t incstat_csv_end_line(const incstat_csv *c) { return c ? c->end_line : 0; }
char incstat_csv_delimiter(const incstat_csv *c) { return c ? c->delim : 0; }
incstat_encoding incstat_csv_encoding(const incstat_csv *c) { return c ? c->opt.encoding : 0; }
int incstat_csv_line_endings(const incstat_csv *c) { return c ? c->eols : 0; }
int incstat_csv_had_bom(const incstat_csv *c) { return c ? c->bom : 0; }
int incstat_csv_had_sep_line(const incstat_csv *c) { return c ? c->sep_line : 0; }
int incstat_csv_gzip(const incstat_csv *c) { return c ? c->gz : 0; }
uint64_t incstat_csv_empty_lines(const incstat_csv *c) { return c ? c->empty_lines : 0; }
uint64_t incstat_csv_bytes_read(const incstat_csv *c) { return c ? c->bytes_read : 0; }
const char *incstat_csv_name(const incstat_csv *c) { return c ? c->name : ""; }

uint64_t incstat_csv_cp1252_cells(const incstat_csv *c, uint64_t *first_line)
{
    if (first_line)
        *first_line = c ? c->cp1252_first : 0;
    return c ? c->cp1252_cells : 0;
}

uint64_t incstat_csv_replaced(const incstat_csv *c, uint64_t *first_line)
{
    if (first_line)
        *first_line = c ? c->replaced_first : 0;
    return c ? c->replaced : 0;
}

uint64_t incstat_csv_irregular_quotes(const incstat_csv *c, uint64_t *first_line)
{
    if (first_line)
        *first_line = c ? c->irregular_first : 0;
    return c ? c->irregular : 0;
}

void incstat_csv_set_encoding(incstat_csv *c, incstat_encoding enc)
{
    if (c)
        c->opt.encoding = enc;
}

void incstat_csv_set_fallback(incstat_csv *c, incstat_encoding enc)
{
    if (c)
        c->opt.fallback = enc;
}

incstat_encoding incstat_csv_fallback_option_(const incstat_csv *c) { return c->opt.fallback; }

incstat_encoding incstat_csv_fallback(const incstat_csv *c)
{
    if (!c)
        return INCSTAT_ENCODING_WINDOWS_1252;
    switch (c->opt.fallback) {
    case INCSTAT_ENCODING_ISO_8859_1:
    case INCSTAT_ENCODING_MAC_ROMAN: return c->opt.fallback;
    default: return INCSTAT_ENCODING_WINDOWS_1252; /* AUTO and UTF8 are not single-byte */
    }
}
