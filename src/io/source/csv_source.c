/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/csv_source.c: where the CSV reader's bytes come from (a file, a
 * gzip stream, a caller's read function, memory, a byte range of a file for
 * the parallel reader), the buffer they are read into, and opening and
 * freeing a reader: options, BOM, "sep=" line and delimiter detection.
 * Scanning records and decoding fields is csv.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "io/source/csv_reader.h"
#include "io/source/rows.h"

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
/* More compressed input when inflate has used all it had and the file has
 * more: 0, or -1 on a read error (errno says which; the caller reports it). */
static int gz_refill(incstat_csv *c)
{
    if (c->zs.avail_in != 0 || c->gz_in_eof)
        return 0;
    long long r = raw_read(c, c->gz_in, GZ_IN_SIZE);
    if (r < 0)
        return -1;
    if (r == 0)
        c->gz_in_eof = 1;
    c->zs.next_in = c->gz_in;
    c->zs.avail_in = (uInt)r;
    return 0;
}

static long long gz_read(incstat_csv *c, unsigned char *dst, size_t cap, incstat_error *err)
{
    c->zs.next_out = dst;
    c->zs.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
    while (c->zs.avail_out > 0 && !c->gz_done) {
        if (gz_refill(c) < 0)
            return -1;
        int z = inflate(&c->zs, Z_NO_FLUSH);
        if (z == Z_STREAM_END) {
            /* concatenated members are one stream to gzip(1); when the member
             * ended exactly at the end of the input read so far, read on to
             * learn whether another member follows */
            if (gz_refill(c) < 0)
                return -1;
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

/* Bytes from the input (decompressed when it is gzip): the count, 0 at
 * its end, -1 on a read error (errno), -2 on an error already in err. */
static long long source_read(incstat_csv *c, unsigned char *dst, size_t cap, incstat_error *err)
{
    return c->gz ? gz_read(c, dst, cap, err) : raw_read(c, dst, cap);
}

/* What the read-ahead holds for the main reader, into dst. */
static long long ahead_take(incstat_csv *c, unsigned char *dst, size_t cap)
{
    size_t n = c->ahead_len - c->ahead_pos;
    if (n > cap)
        n = cap;
    memcpy(dst, c->ahead + c->ahead_pos, n);
    c->ahead_pos += n;
    if (c->ahead_pos == c->ahead_len && c->ahead_peeks == 0) {
        /* all taken and no peek reads it: its memory goes back now */
        incstat_free_mem(c->ahead);
        c->ahead = NULL;
        c->ahead_len = c->ahead_pos = 0;
    }
    return (long long)n;
}

/* Read until the buffer is full or the input ends. */
static incstat_status fill(incstat_csv *c, incstat_error *err)
{
    while (c->end < c->cap && !c->eof) {
        long long r;
        if (c->ahead_pos < c->ahead_len) {
            r = ahead_take(c, c->buf + c->end, c->cap - c->end);
            c->end += (size_t)r;
            c->bytes_read += (uint64_t)r;
            /* the read-ahead's last records are parsed before the stream
             * is read on: a read error there is met after them */
            if (c->ahead_pos >= c->ahead_len)
                break;
            continue;
        }
        if (c->ahead_eof)
            r = 0;
        else
            r = source_read(c, c->buf + c->end, c->cap - c->end, err);
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
incstat_status incstat_csv_make_room_(incstat_csv *c, incstat_error *err)
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
void incstat_csv_start_(incstat_csv *c)
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

incstat_status incstat_csv_new_(incstat_csv **out, const char *name,
                                const incstat_csv_options *opts, incstat_error *err)
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
    st = incstat_csv_new_(&c, strcmp(path, "-") == 0 ? "<stdin>" : path, opts, err);
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
    st = incstat_csv_new_(&c, name, opts, err);
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
    if (c->src == SRC_ROWS)
        return incstat_csv_rows_total_(c);
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
    incstat_status st = incstat_csv_new_(&c, like->name, &o, err);
    if (st)
        return st;
    c->src = SRC_RANGE;
    c->fd = like->fd; /* borrowed */
    c->own_fd = 0;
    c->range_pos = start;
    c->range_end = end;
    c->range_size = end - start;
    struct stat sb;
    c->cut_tail = fstat(like->fd, &sb) == 0 && (uint64_t)sb.st_size > end;
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

/* ---- private: one read-ahead (csv_internal.h) --------------------------- */

/* Read up to INCSTAT_CSV_AHEAD_BYTES past what c's buffer holds unread.
 * A read or gzip error ends the read-ahead: the main reader will meet it
 * where it lies and report it with its line. */
static incstat_status read_ahead(incstat_csv *c)
{
    size_t kept = c->end - c->pos, cap = kept + INCSTAT_CSV_AHEAD_BYTES;
    c->ahead_done = 1;
    c->ahead_base = incstat_csv_offset_(c);
    c->ahead = incstat_malloc(cap);
    if (!c->ahead)
        return INCSTAT_ENOMEM;
    memcpy(c->ahead, c->buf + c->pos, kept);
    /* the kept bytes stay in buf for the main reader: it takes only what
     * lies after them */
    c->ahead_len = c->ahead_pos = kept;
    while (c->ahead_len < cap && !c->eof) {
        incstat_error ignored;
        long long r = source_read(c, c->ahead + c->ahead_len, cap - c->ahead_len, &ignored);
        if (r < 0)
            break;
        if (r == 0) {
            c->ahead_eof = 1;
            break;
        }
        c->ahead_len += (size_t)r;
    }
    return INCSTAT_OK;
}

incstat_status incstat_csv_open_ahead_(incstat_csv *c, uint64_t max, incstat_csv **out,
                                       incstat_error *err)
{
    *out = NULL;
    if (!c || c->src == SRC_ROWS || c->src == SRC_RANGE || incstat_csv_plain_fd_(c) >= 0)
        return INCSTAT_OK;
    if (!c->ahead_done && read_ahead(c) != INCSTAT_OK)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", c->name);
    uint64_t at = incstat_csv_offset_(c), skip = at - c->ahead_base;
    if (!c->ahead || at < c->ahead_base || skip >= c->ahead_len)
        return INCSTAT_OK; /* nothing ahead, or all of it taken */
    uint64_t n = c->ahead_len - skip;
    if (n > max)
        n = max;
    incstat_csv *p;
    incstat_csv_options o = c->opt;
    o.delimiter = c->delim;
    o.buffer_size = 1u << 18;
    incstat_status st = incstat_csv_new_(&p, c->name, &o, err);
    if (st)
        return st;
    p->src = SRC_MEM;
    p->mem = c->ahead + skip;
    p->mem_len = (size_t)n;
    p->ahead_of = c;
    p->cut_tail = skip + n < c->ahead_len || !c->ahead_eof;
    c->ahead_peeks++;
    /* it starts at a record: no BOM, sep= line or sniffing */
    p->started = 1;
    set_delimiter(p, c->delim);
    if ((st = fill(p, err)) != INCSTAT_OK) {
        incstat_csv_free(p);
        return st;
    }
    *out = p;
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
    st = incstat_csv_new_(&c, name, opts, err);
    if (st)
        return st;
    c->src = SRC_MEM;
    c->mem = data;
    c->mem_len = len;
    return open_common(c, out, err);
}

/* ---- sources of typed rows (csv_rows.c reads them) ---------------------- */

static incstat_status open_rows_reader(const char *name, incstat_rows *src,
                                       const incstat_csv *main, incstat_csv **out,
                                       incstat_error *err)
{
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.delimiter = ',';
    o.encoding = INCSTAT_ENCODING_UTF8;
    incstat_status st = incstat_csv_new_(out, name, &o, err);
    if (st)
        return st;
    (*out)->rows = incstat_csv_rows_new_(src, main);
    if (!(*out)->rows) {
        incstat_csv_free(*out);
        *out = NULL;
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    (*out)->src = SRC_ROWS;
    (*out)->started = 1;
    (*out)->delim = ',';
    return INCSTAT_OK;
}

incstat_status incstat_csv_open_rows_(incstat_rows *rows, const char *name, incstat_csv **out,
                                      incstat_error *err)
{
    *out = NULL;
    incstat_status st = open_rows_reader(name, rows, NULL, out, err);
    if (st)
        incstat_rows_free(rows);
    return st;
}

incstat_status incstat_csv_open_peek_(const incstat_csv *main, incstat_csv **out,
                                      incstat_error *err)
{
    *out = NULL;
    if (!incstat_csv_rows_peekable_(main))
        return INCSTAT_OK; /* nothing kept to read again */
    return open_rows_reader(main->name, NULL, main, out, err);
}

void incstat_csv_free(incstat_csv *c)
{
    if (!c)
        return;
    incstat_csv_rows_free_(c);
    if (c->ahead_of)
        c->ahead_of->ahead_peeks--;
    incstat_free_mem(c->ahead);
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
