/* src/io/csv.c: the streaming CSV reader (see include/incstat/csv.h).
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
 * we accept, so scanning never needs to know the encoding. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "incstat/csv.h"
#include "io/encoding.h"
#include "core/internal.h"
#include "io/csv_internal.h"

#define DEFAULT_BUFFER (1u << 20)
#define DEFAULT_MAX_RECORD ((size_t)1 << 30)
#define DEFAULT_MAX_FIELDS 1000000u
#define GZ_IN_SIZE (1u << 16)
#define SNIFF_LINES 64

enum {
    F_QUOTED = INCSTAT_CSV_QUOTED_,
    F_IRREGULAR = INCSTAT_CSV_IRREGULAR_,
    F_DOUBLED = INCSTAT_CSV_DOUBLED_,
    F_COUNTED = 8
};
enum { SRC_FD, SRC_FN, SRC_MEM, SRC_RANGE };

struct incstat_csv {
    /* where bytes come from */
    int src;
    int fd, own_fd;
    incstat_read_fn fn;
    void *fn_ctx;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    uint64_t range_pos, range_end; /* SRC_RANGE: pread() of fd within these */
    uint64_t range_size;
    int open_quote_at_end;         /* the input ended inside a quoted field */
    int gz;             /* decompressing */
    z_stream zs;
    unsigned char *gz_in;
    int gz_in_eof, gz_done;

    char *name;
    incstat_csv_options opt;

    unsigned char *buf;
    size_t cap, pos, end; /* unread data is buf[pos, end) */
    int eof;              /* the source is exhausted */
    int started;          /* BOM / sep= / delimiter detection done */

    /* current record: fields relative to rec */
    size_t rec;           /* offset of the record in buf */
    size_t rec_len;       /* its length, terminator excluded */
    int rec_ascii;        /* -1 unknown, 1 the whole record is ASCII, 0 not */
    unsigned rec_calls;   /* field() calls on this record */
    size_t nfields, fields_cap;
    size_t *fstart, *fend;
    unsigned char *fflags;
    uint64_t line, end_line, next_line;

    unsigned char *scratch; /* unquoting and transcoding */
    size_t scratch_cap;
    unsigned char *scratch2;
    size_t scratch2_cap;

    char delim;
    unsigned char cls[256]; /* 1 for bytes that end an unquoted run */
    int eols, bom, sep_line;
    uint64_t empty_lines, bytes_read;
    uint64_t cp1252_cells, cp1252_first;
    uint64_t replaced, replaced_first;
    uint64_t irregular, irregular_first;
};

/* ---- sources ---------------------------------------------------------- */

static long long raw_read(incstat_csv *c, void *dst, size_t cap)
{
    if (c->src == SRC_MEM) {
        size_t n = c->mem_len - c->mem_pos;
        if (n > cap)
            n = cap;
        if (n) /* mem may be NULL for an empty input */
            memcpy(dst, c->mem + c->mem_pos, n);
        c->mem_pos += n;
        return (long long)n;
    }
    if (c->src == SRC_FN)
        return c->fn(c->fn_ctx, dst, cap);
    if (c->src == SRC_RANGE) {
        uint64_t left = c->range_end - c->range_pos;
        if (cap > left)
            cap = (size_t)left;
        if (cap == 0)
            return 0;
        for (;;) {
            ssize_t r = pread(c->fd, dst, cap, (off_t)c->range_pos);
            if (r < 0 && errno == EINTR)
                continue;
            if (r > 0)
                c->range_pos += (uint64_t)r;
            return r;
        }
    }
    for (;;) {
        ssize_t r = read(c->fd, dst, cap);
        if (r < 0 && errno == EINTR)
            continue;
        return r;
    }
}

static incstat_status gz_start(incstat_csv *c, incstat_error *err)
{
    c->gz_in = incstat_malloc(GZ_IN_SIZE);
    if (!c->gz_in)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", c->name);
    memset(&c->zs, 0, sizeof c->zs);
    if (inflateInit2(&c->zs, 15 + 32) != Z_OK) {
        incstat_free_mem(c->gz_in);
        c->gz_in = NULL;
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: cannot start gzip decoder", c->name);
    }
    c->gz = 1;
    return INCSTAT_OK;
}

/* Decompress into dst; 0 at the end of the last gzip member. */
static long long gz_read(incstat_csv *c, unsigned char *dst, size_t cap, incstat_error *err)
{
    c->zs.next_out = dst;
    c->zs.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
    while (c->zs.avail_out > 0 && !c->gz_done) {
        if (c->zs.avail_in == 0 && !c->gz_in_eof) {
            long long r = raw_read(c, c->gz_in, GZ_IN_SIZE);
            if (r < 0)
                return -1;
            if (r == 0)
                c->gz_in_eof = 1;
            c->zs.next_in = c->gz_in;
            c->zs.avail_in = (uInt)r;
        }
        int z = inflate(&c->zs, Z_NO_FLUSH);
        if (z == Z_STREAM_END) {
            /* concatenated members are one stream to gzip(1); when the member
             * ended exactly at the end of the input read so far, read on to
             * learn whether another member follows */
            if (c->zs.avail_in == 0 && !c->gz_in_eof) {
                long long r = raw_read(c, c->gz_in, GZ_IN_SIZE);
                if (r < 0)
                    return -1;
                if (r == 0)
                    c->gz_in_eof = 1;
                c->zs.next_in = c->gz_in;
                c->zs.avail_in = (uInt)r;
            }
            if (c->zs.avail_in == 0 && c->gz_in_eof)
                c->gz_done = 1;
            else
                inflateReset(&c->zs);
        } else if (z == Z_BUF_ERROR && c->zs.avail_in == 0 && c->gz_in_eof) {
            incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: gzip data is truncated", c->name);
            return -2;
        } else if (z != Z_OK && z != Z_BUF_ERROR) {
            incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: corrupt gzip data (%s)", c->name,
                              c->zs.msg ? c->zs.msg : "inflate failed");
            return -2;
        }
    }
    return (long long)((unsigned char *)c->zs.next_out - dst);
}

/* Read until the buffer is full or the input ends. */
static incstat_status fill(incstat_csv *c, incstat_error *err)
{
    while (c->end < c->cap && !c->eof) {
        long long r;
        if (c->gz)
            r = gz_read(c, c->buf + c->end, c->cap - c->end, err);
        else
            r = raw_read(c, c->buf + c->end, c->cap - c->end);
        if (r == -2)
            return INCSTAT_EIO;
        if (r < 0)
            return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: read error: %s", c->name,
                                     strerror(errno));
        if (r == 0)
            c->eof = 1;
        c->end += (size_t)r;
        c->bytes_read += (uint64_t)r;
    }
    return INCSTAT_OK;
}

/* Make room: drop consumed bytes, grow if the unread part fills the buffer. */
static incstat_status make_room(incstat_csv *c, incstat_error *err)
{
    if (c->pos > 0) {
        memmove(c->buf, c->buf + c->pos, c->end - c->pos);
        c->end -= c->pos;
        c->pos = 0;
    }
    if (c->end == c->cap) {
        if (c->cap >= c->opt.max_record_bytes)
            return incstat_set_error(err, INCSTAT_EPARSE, c->next_line, 0,
                                     "%s:%llu: a record is longer than %zu bytes "
                                     "(an unterminated quote?)",
                                     c->name, (unsigned long long)c->next_line,
                                     c->opt.max_record_bytes);
        size_t ncap = c->cap * 2;
        if (ncap > c->opt.max_record_bytes)
            ncap = c->opt.max_record_bytes;
        unsigned char *nb = incstat_realloc(c->buf, ncap);
        if (!nb)
            return incstat_set_error(err, INCSTAT_ENOMEM, c->next_line, 0, "%s: out of memory",
                                     c->name);
        c->buf = nb;
        c->cap = ncap;
    }
    return fill(c, err);
}

/* ---- set-up ----------------------------------------------------------- */

static void set_delimiter(incstat_csv *c, char d)
{
    c->delim = d;
    memset(c->cls, 0, sizeof c->cls);
    c->cls[(unsigned char)d] = 1;
    c->cls['\n'] = 1;
    c->cls['\r'] = 1;
    c->cls['"'] = 1;
}

static const char CANDIDATES[] = {',', ';', '\t', '|'};

/* Count candidate delimiters outside quotes in the first lines of the
 * buffered data; pick the one whose count is the same on most lines (ties:
 * the larger count, then the order above). */
static char sniff_delimiter(const unsigned char *p, size_t n)
{
    size_t counts[SNIFF_LINES][4];
    size_t lines = 0, i = 0;
    int inq = 0;
    memset(counts, 0, sizeof counts);
    while (i < n && lines < SNIFF_LINES) {
        unsigned char ch = p[i++];
        if (ch == '"') {
            inq = !inq;
        } else if (!inq && (ch == '\n' || ch == '\r')) {
            if (ch == '\r' && i < n && p[i] == '\n')
                i++;
            lines++;
        } else if (!inq) {
            for (int k = 0; k < 4; k++)
                if (ch == (unsigned char)CANDIDATES[k])
                    counts[lines][k]++;
        }
    }
    if (lines < SNIFF_LINES && i == n)
        lines++; /* last line without terminator */
    int best = 0;
    size_t best_score = 0, best_count = 0;
    for (int k = 0; k < 4; k++) {
        size_t h = counts[0][k], score = 0;
        if (h == 0)
            continue;
        for (size_t l = 1; l < lines; l++)
            if (counts[l][k] == h)
                score++;
        if (score > best_score || (score == best_score && h > best_count)) {
            best = k;
            best_score = score;
            best_count = h;
        }
    }
    return CANDIDATES[best];
}

/* BOM, an Excel "sep=X" first line, delimiter detection. */
static void start(incstat_csv *c)
{
    unsigned char *p = c->buf + c->pos;
    size_t n = c->end - c->pos;
    c->started = 1;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        c->bom = 1;
        c->pos += 3;
        p += 3;
        n -= 3;
    }
    if (n >= 5 && (p[0] == 's' || p[0] == 'S') && (p[1] == 'e' || p[1] == 'E') &&
        (p[2] == 'p' || p[2] == 'P') && p[3] == '=' && p[4] != '"' && p[4] != '\n' &&
        p[4] != '\r') { /* like the delimiter option, never a quote or line break */
        size_t k = 5;
        if (k == n || p[k] == '\n' || p[k] == '\r') {
            if (!c->opt.delimiter)
                c->opt.delimiter = (char)p[4];
            c->sep_line = 1;
            if (k < n && p[k] == '\r') {
                k++;
                c->eols |= INCSTAT_EOL_CR;
                if (k < n && p[k] == '\n') {
                    k++;
                    c->eols = (c->eols & ~INCSTAT_EOL_CR) | INCSTAT_EOL_CRLF;
                }
            } else if (k < n && p[k] == '\n') {
                k++;
                c->eols |= INCSTAT_EOL_LF;
            }
            c->pos += k;
            c->next_line++;
            p += k;
            n -= k;
        }
    }
    set_delimiter(c, c->opt.delimiter ? c->opt.delimiter : sniff_delimiter(p, n));
}

static incstat_status csv_new(incstat_csv **out, const char *name, const incstat_csv_options *opts,
                              incstat_error *err)
{
    incstat_csv *c = incstat_calloc(1, sizeof *c);
    *out = NULL;
    if (!c)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (opts)
        c->opt = *opts;
    if (!c->opt.buffer_size)
        c->opt.buffer_size = DEFAULT_BUFFER;
    if (c->opt.buffer_size < 16)
        c->opt.buffer_size = 16;
    if (!c->opt.max_record_bytes)
        c->opt.max_record_bytes = DEFAULT_MAX_RECORD;
    /* the buffer never outgrows the record limit: a record that does not
     * fit in a full buffer of max_record_bytes is the error */
    if (c->opt.max_record_bytes < 16)
        c->opt.max_record_bytes = 16;
    if (c->opt.buffer_size > c->opt.max_record_bytes)
        c->opt.buffer_size = c->opt.max_record_bytes;
    if (!c->opt.max_fields)
        c->opt.max_fields = DEFAULT_MAX_FIELDS;
    if (c->opt.delimiter == '"' || c->opt.delimiter == '\n' || c->opt.delimiter == '\r') {
        incstat_free_mem(c);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "the delimiter cannot be a quote or a line break");
    }
    c->fd = -1;
    c->next_line = 1;
    c->name = incstat_strndup(name ? name : "<input>", strlen(name ? name : "<input>"));
    c->cap = c->opt.buffer_size;
    c->buf = incstat_malloc(c->cap);
    /* push_field() checks the limit only when the arrays are full */
    c->fields_cap = c->opt.max_fields < 64 ? c->opt.max_fields : 64;
    c->fstart = incstat_reallocarray(NULL, c->fields_cap, sizeof *c->fstart);
    c->fend = incstat_reallocarray(NULL, c->fields_cap, sizeof *c->fend);
    c->fflags = incstat_malloc(c->fields_cap);
    if (!c->name || !c->buf || !c->fstart || !c->fend || !c->fflags) {
        incstat_csv_free(c);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    *out = c;
    return INCSTAT_OK;
}

/* First read.  Two bytes are peeked for the gzip magic (a pipe cannot be
 * rewound); compressed input then goes through the decoder. */
static incstat_status prime(incstat_csv *c, incstat_error *err)
{
    while (c->end < 2 && !c->eof) {
        long long r = raw_read(c, c->buf + c->end, 2 - c->end);
        if (r < 0)
            return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: read error: %s", c->name,
                                     strerror(errno));
        if (r == 0)
            c->eof = 1;
        c->end += (size_t)r;
    }
    if (c->end == 2 && c->buf[0] == 0x1f && c->buf[1] == 0x8b) {
        incstat_status st = gz_start(c, err);
        if (st)
            return st;
        memcpy(c->gz_in, c->buf, 2);
        c->zs.next_in = c->gz_in;
        c->zs.avail_in = 2;
        c->gz_in_eof = c->eof;
        c->eof = 0;
        c->end = 0;
    } else {
        c->bytes_read = c->end;
    }
    return fill(c, err);
}

static incstat_status open_common(incstat_csv *c, incstat_csv **out, incstat_error *err)
{
    incstat_status st = prime(c, err);
    if (st) {
        incstat_csv_free(c);
        return st;
    }
    *out = c;
    return INCSTAT_OK;
}

incstat_status incstat_csv_open_path(const char *path, const incstat_csv_options *opts,
                                     incstat_csv **out, incstat_error *err)
{
    incstat_csv *c;
    incstat_status st;
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (!path)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no path given");
    st = csv_new(&c, strcmp(path, "-") == 0 ? "<stdin>" : path, opts, err);
    if (st)
        return st;
    c->src = SRC_FD;
    if (strcmp(path, "-") == 0) {
        c->fd = 0;
    } else {
        c->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (c->fd < 0) {
            int e = errno;
            incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot open: %s", path, strerror(e));
            incstat_csv_free(c);
            return INCSTAT_EIO;
        }
        c->own_fd = 1;
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(c->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    return open_common(c, out, err);
}

incstat_status incstat_csv_open_reader(incstat_read_fn fn, void *ctx, const char *name,
                                       const incstat_csv_options *opts, incstat_csv **out,
                                       incstat_error *err)
{
    incstat_csv *c;
    incstat_status st;
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (!fn)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no read function");
    st = csv_new(&c, name, opts, err);
    if (st)
        return st;
    c->src = SRC_FN;
    c->fn = fn;
    c->fn_ctx = ctx;
    return open_common(c, out, err);
}

/* ---- private: parallel chunks (csv_internal.h) ------------------------- */

int incstat_csv_plain_fd_(const incstat_csv *c)
{
    return c && c->src == SRC_FD && !c->gz && c->own_fd ? c->fd : -1;
}

uint64_t incstat_csv_offset_(const incstat_csv *c)
{
    return c->bytes_read - (c->end - c->pos);
}

int incstat_csv_in_record_(const incstat_csv *c, const char *p, size_t n)
{
    const char *r = (const char *)c->buf + c->rec;
    return p >= r && p + n <= r + c->rec_len;
}

uint64_t incstat_csv_size_hint_(const incstat_csv *c)
{
    struct stat sb;
    if (c->src == SRC_RANGE)
        return c->range_size;
    if (c->src == SRC_FD && !c->gz && fstat(c->fd, &sb) == 0 && S_ISREG(sb.st_mode))
        return (uint64_t)sb.st_size;
    return 0;
}

size_t incstat_csv_set_max_record_(incstat_csv *c, size_t bytes)
{
    size_t old = c->opt.max_record_bytes;
    if (bytes >= 16 && bytes >= c->cap)
        c->opt.max_record_bytes = bytes;
    return old;
}

uint64_t incstat_csv_lines_(const incstat_csv *c)
{
    return c->next_line - 1;
}

int incstat_csv_open_quote_at_end_(const incstat_csv *c)
{
    return c->open_quote_at_end;
}

incstat_status incstat_csv_open_range_(const incstat_csv *like, uint64_t start, uint64_t end,
                                       incstat_csv **out, incstat_error *err)
{
    incstat_csv *c;
    incstat_csv_options o = like->opt;
    o.delimiter = like->delim;
    o.buffer_size = 1u << 18; /* two readers share the cache: smaller buffers */
    incstat_status st = csv_new(&c, like->name, &o, err);
    if (st)
        return st;
    c->src = SRC_RANGE;
    c->fd = like->fd; /* borrowed */
    c->own_fd = 0;
    c->range_pos = start;
    c->range_end = end;
    c->range_size = end - start;
    /* a chunk starts at a record: no BOM, sep= line or sniffing */
    c->started = 1;
    set_delimiter(c, like->delim);
    st = fill(c, err);
    if (st) {
        incstat_csv_free(c);
        return st;
    }
    *out = c;
    return INCSTAT_OK;
}

incstat_status incstat_csv_open_memory(const void *data, size_t len, const char *name,
                                       const incstat_csv_options *opts, incstat_csv **out,
                                       incstat_error *err)
{
    incstat_csv *c;
    incstat_status st;
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (!data && len)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no data");
    st = csv_new(&c, name, opts, err);
    if (st)
        return st;
    c->src = SRC_MEM;
    c->mem = data;
    c->mem_len = len;
    return open_common(c, out, err);
}

void incstat_csv_free(incstat_csv *c)
{
    if (!c)
        return;
    if (c->gz)
        inflateEnd(&c->zs);
    if (c->own_fd && c->fd >= 0)
        close(c->fd);
    incstat_free_mem(c->gz_in);
    incstat_free_mem(c->name);
    incstat_free_mem(c->buf);
    incstat_free_mem(c->fstart);
    incstat_free_mem(c->fend);
    incstat_free_mem(c->fflags);
    incstat_free_mem(c->scratch);
    incstat_free_mem(c->scratch2);
    incstat_free_mem(c);
}

/* ---- scanning --------------------------------------------------------- */

enum { SCAN_RECORD, SCAN_MORE, SCAN_ERROR };

static int push_field(incstat_csv *c, size_t s, size_t e, unsigned char flags)
{
    if (INCSTAT_UNLIKELY(c->nfields == c->fields_cap)) {
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
    }
    c->fstart[c->nfields] = s;
    c->fend[c->nfields] = e;
    c->fflags[c->nfields] = flags;
    c->nfields++;
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
        if (INCSTAT_UNLIKELY(r)) {
            if (r == -2)
                incstat_set_error(err, INCSTAT_ENOMEM, c->next_line, c->nfields + 1,
                                  "%s: out of memory", c->name);
            else
                incstat_set_error(err, INCSTAT_ELIMIT, c->next_line, c->nfields + 1,
                                  "%s:%llu: more than %zu fields in one record", c->name,
                                  (unsigned long long)c->next_line, c->opt.max_fields);
            return SCAN_ERROR;
        }
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
    if (!c->started)
        start(c);
    for (;;) {
        if (c->pos == c->end) {
            if (c->eof) {
                c->nfields = 0;
                return INCSTAT_DONE;
            }
            incstat_status st = make_room(c, err);
            if (st)
                return st;
            continue;
        }
        /* an empty line is not a record */
        unsigned char ch = c->buf[c->pos];
        if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && c->pos + 1 == c->end && !c->eof) {
                incstat_status st = make_room(c, err);
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
        size_t next;
        uint64_t saved_line = c->next_line;
        int eols = c->eols;
        c->line = c->next_line;
        int r = scan_record(c, &next, err);
        if (r == SCAN_RECORD) {
            c->rec = c->pos;
            c->rec_len = c->nfields ? c->fend[c->nfields - 1] : 0;
            c->rec_ascii = -1;
            c->rec_calls = 0;
            c->pos = next;
            note_irregular(c);
            return INCSTAT_ROW;
        }
        if (r == SCAN_ERROR)
            return err ? err->code : INCSTAT_EPARSE;
        c->next_line = saved_line;
        c->eols = eols;
        incstat_status st = make_room(c, err);
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
    /* a caller that reads many cells of a record (inspect) gets one check
     * per record rather than per cell; one that reads a few (summary) does
     * not pay for the whole record */
    if (c->rec_ascii < 0 && ++c->rec_calls > 4)
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
        enc = INCSTAT_ENCODING_WINDOWS_1252;
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
