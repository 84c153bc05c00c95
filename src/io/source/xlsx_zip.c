/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_zip.c: the zip archive of an .xlsx workbook (see xlsx_zip.h):
 * its central directory, and an entry inflated as a stream of chunks, on a
 * second thread when the entry is large. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/internal.h"
#include "io/source/xlsx_zip.h"

#define MAX_ENTRIES 100000u
#define TAIL_MAX (65535u + 22u)   /* the end record and the longest comment */
#define IN_SIZE (1u << 16)        /* compressed bytes read at a time */
#define CHUNK (1u << 18)          /* uncompressed bytes handed out at a time */
#define NSLOT 4                   /* chunks the inflating thread may run ahead */
/* deflate cannot do better than about 1032:1 (a 258-byte match in a few
 * bits); an entry claiming more is damaged or hostile */
#define MAX_RATIO 1032u

struct xlsx_zip {
    int fd;
    uint64_t size;
    char *name;
    xlsx_entry *entries;
    size_t n;
};

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* Exactly n bytes at off: 0, or -1 (errno set; 0 for a short file). */
static int read_at(int fd, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = 0;
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

static incstat_status read_fail(const xlsx_zip *z, incstat_error *err, const char *what)
{
    if (errno)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot read %s: %s", z->name, what,
                                 strerror(errno));
    return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                             "%s: the file ends inside the %s: a damaged or truncated workbook",
                             z->name, what);
}

const char *xlsx_zip_name(const xlsx_zip *z)
{
    return z->name;
}

void xlsx_zip_free(xlsx_zip *z)
{
    if (!z)
        return;
    if (z->fd >= 0)
        close(z->fd);
    for (size_t i = 0; i < z->n; i++)
        incstat_free_mem(z->entries[i].name);
    incstat_free_mem(z->entries);
    incstat_free_mem(z->name);
    incstat_free_mem(z);
}

/* The end of central directory record: the directory's offset, size and
 * entry count, from the zip64 record when the classic one overflows. */
static incstat_status find_directory(xlsx_zip *z, uint64_t *cd_off, uint64_t *cd_size,
                                     uint64_t *count, incstat_error *err)
{
    size_t tail = z->size < TAIL_MAX ? (size_t)z->size : TAIL_MAX;
    unsigned char *buf = incstat_malloc(tail);
    if (!buf)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name);
    uint64_t base = z->size - tail;
    if (read_at(z->fd, buf, tail, base) != 0) {
        incstat_free_mem(buf);
        return read_fail(z, err, "zip directory");
    }
    size_t at = (size_t)-1;
    for (size_t i = tail - 22 + 1; i-- > 0;)
        if (le32(buf + i) == 0x06054b50u) {
            at = i;
            break;
        }
    if (at == (size_t)-1) {
        incstat_free_mem(buf);
        return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                 "%s: not an .xlsx workbook: no zip directory at its end "
                                 "(truncated, or another format)",
                                 z->name);
    }
    const unsigned char *e = buf + at;
    *count = le16(e + 10);
    *cd_size = le32(e + 12);
    *cd_off = le32(e + 16);
    int zip64 = *count == 0xFFFFu || *cd_size == 0xFFFFFFFFu || *cd_off == 0xFFFFFFFFu;
    uint64_t eocd = base + at;
    incstat_free_mem(buf);
    if (zip64 && eocd >= 20) {
        unsigned char loc[20], rec[56];
        if (read_at(z->fd, loc, sizeof loc, eocd - 20) != 0)
            return read_fail(z, err, "zip64 directory locator");
        if (le32(loc) == 0x07064b50u) {
            uint64_t off = le64(loc + 8);
            if (off > z->size || z->size - off < sizeof rec || read_at(z->fd, rec, sizeof rec, off) != 0 ||
                le32(rec) != 0x06064b50u)
                return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                         "%s: its zip64 directory record is missing or damaged",
                                         z->name);
            *count = le64(rec + 32);
            *cd_size = le64(rec + 40);
            *cd_off = le64(rec + 48);
        }
    }
    if (*cd_off > z->size || *cd_size > z->size - *cd_off)
        return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                 "%s: its zip directory points past the end of the file "
                                 "(a damaged or truncated workbook)",
                                 z->name);
    if (*count > MAX_ENTRIES)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "%s: the archive has %llu entries, over the limit of %u", z->name,
                                 (unsigned long long)*count, MAX_ENTRIES);
    return INCSTAT_OK;
}

/* The zip64 extra field's sizes and offset, for the fields that overflowed. */
static void zip64_extra(xlsx_entry *en, const unsigned char *x, size_t xlen)
{
    size_t i = 0;
    while (i + 4 <= xlen) {
        unsigned id = le16(x + i), len = le16(x + i + 2);
        if (len > xlen - i - 4)
            return;
        if (id == 1) {
            const unsigned char *p = x + i + 4, *end = p + len;
            if (en->usize == 0xFFFFFFFFu && p + 8 <= end) {
                en->usize = le64(p);
                p += 8;
            }
            if (en->csize == 0xFFFFFFFFu && p + 8 <= end) {
                en->csize = le64(p);
                p += 8;
            }
            if (en->local == 0xFFFFFFFFu && p + 8 <= end)
                en->local = le64(p);
            return;
        }
        i += 4 + len;
    }
}

static incstat_status parse_directory(xlsx_zip *z, const unsigned char *cd, size_t size,
                                      uint64_t count, incstat_error *err)
{
    size_t p = 0;
    z->entries = incstat_calloc(count ? (size_t)count : 1, sizeof *z->entries);
    if (!z->entries)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name);
    for (uint64_t k = 0; k < count; k++) {
        if (size - p < 46 || le32(cd + p) != 0x02014b50u)
            return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                     "%s: its zip directory is damaged (entry %llu of %llu)", z->name,
                                     (unsigned long long)k + 1, (unsigned long long)count);
        const unsigned char *h = cd + p;
        size_t nlen = le16(h + 28), xlen = le16(h + 30), clen = le16(h + 32);
        if (size - p - 46 < nlen + xlen + clen)
            return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                     "%s: its zip directory is damaged (entry %llu of %llu)", z->name,
                                     (unsigned long long)k + 1, (unsigned long long)count);
        xlsx_entry *en = &z->entries[z->n];
        en->flags = le16(h + 8);
        en->method = le16(h + 10);
        en->crc = le32(h + 16);
        en->csize = le32(h + 20);
        en->usize = le32(h + 24);
        en->local = le32(h + 42);
        zip64_extra(en, h + 46 + nlen, xlen);
        const char *nm = (const char *)h + 46;
        size_t skip = 0;
        while (skip < nlen && (nm[skip] == '/' || nm[skip] == '\\'))
            skip++;
        if (!(en->name = incstat_strndup(nm + skip, nlen - skip)))
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name);
        z->n++;
        for (char *c = en->name; *c; c++)
            if (*c == '\\') /* some writers use Windows separators */
                *c = '/';
        p += 46 + nlen + xlen + clen;
    }
    return INCSTAT_OK;
}

incstat_status xlsx_zip_open(const char *path, const char *name, xlsx_zip **out,
                             incstat_error *err)
{
    *out = NULL;
    xlsx_zip *z = incstat_calloc(1, sizeof *z);
    if (!z)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", name);
    z->fd = -1;
    if (!(z->name = incstat_strndup(name, strlen(name)))) {
        incstat_free_mem(z);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", name);
    }
    incstat_status st;
    struct stat sb;
    z->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (z->fd < 0 || fstat(z->fd, &sb) != 0) {
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot open: %s", name, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(sb.st_mode)) {
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0,
                               "%s: not a regular file (a workbook is read by seeking)", name);
        goto fail;
    }
    z->size = (uint64_t)sb.st_size;
    unsigned char magic[8] = {0};
    if (z->size >= 8 && read_at(z->fd, magic, 8, 0) == 0 &&
        memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        st = incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                               "%s: an OLE2 container, not an .xlsx zip: a password-protected "
                               "workbook or a legacy .xls; save it from Excel as an unprotected .xlsx",
                               name);
        goto fail;
    }
    if (z->size < 22) {
        st = incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                               "%s: not an .xlsx workbook: %llu bytes is too short for a zip archive",
                               name, (unsigned long long)z->size);
        goto fail;
    }
    uint64_t cd_off = 0, cd_size = 0, count = 0;
    if ((st = find_directory(z, &cd_off, &cd_size, &count, err)) != INCSTAT_OK)
        goto fail;
    unsigned char *cd = incstat_malloc(cd_size ? (size_t)cd_size : 1);
    if (!cd) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", name);
        goto fail;
    }
    if (read_at(z->fd, cd, (size_t)cd_size, cd_off) != 0)
        st = read_fail(z, err, "zip directory");
    else
        st = parse_directory(z, cd, (size_t)cd_size, count, err);
    incstat_free_mem(cd);
    if (st != INCSTAT_OK)
        goto fail;
    *out = z;
    return INCSTAT_OK;
fail:
    xlsx_zip_free(z);
    return st;
}

const xlsx_entry *xlsx_zip_find(const xlsx_zip *z, const char *part)
{
    while (*part == '/')
        part++;
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->entries[i].name, part) == 0)
            return &z->entries[i];
    for (size_t i = 0; i < z->n; i++)
        if (incstat_ascii_casecmp(z->entries[i].name, part) == 0)
            return &z->entries[i];
    return NULL;
}

/* ---- streams ------------------------------------------------------------ */

struct xlsx_stream {
    xlsx_zip *z;
    const xlsx_entry *e;
    uint64_t pos, end;   /* the compressed bytes still to read: [pos, end) of the file */
    uint64_t made;       /* uncompressed bytes produced */
    uint64_t handed;     /* ... and handed to the caller */
    uint32_t crc;
    int ended;           /* the deflate stream (or the stored bytes) ended */
    int zinit;
    z_stream zs;
    unsigned char *in;
    unsigned char *slot[NSLOT];
    size_t slot_len[NSLOT];

    int threaded;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t head, count;  /* filled slots: head .. head+count (mod NSLOT) */
    int holding;         /* the caller holds slot head */
    int done, stop;      /* the producer finished (or failed); the caller is leaving */
    incstat_status st;
    incstat_error perr;  /* the producer's error */
};

static void *z_alloc(void *opaque, unsigned items, unsigned size)
{
    (void)opaque;
    return incstat_calloc(items, size);
}

static void z_free(void *opaque, void *p)
{
    (void)opaque;
    incstat_free_mem(p);
}

static incstat_status stream_fail(const xlsx_stream *s, incstat_error *err, incstat_status code,
                                  const char *what)
{
    return incstat_set_error(err, code, 0, 0, "%s: %s: %s", s->z->name, s->e->name, what);
}

/* The end of the entry: the bytes and the CRC-32 must be as declared. */
static incstat_status check_end(xlsx_stream *s, incstat_error *err)
{
    if (s->made != s->e->usize) {
        char msg[160];
        snprintf(msg, sizeof msg, "inflates to %llu bytes, not the %llu its directory declares "
                 "(a damaged workbook)", (unsigned long long)s->made,
                 (unsigned long long)s->e->usize);
        return stream_fail(s, err, INCSTAT_EPARSE, msg);
    }
    if (s->crc != s->e->crc)
        return stream_fail(s, err, INCSTAT_EPARSE,
                           "its CRC-32 does not match its contents (a damaged workbook)");
    return INCSTAT_OK;
}

static incstat_status refill(xlsx_stream *s, incstat_error *err)
{
    uint64_t left = s->end - s->pos;
    size_t n = left < IN_SIZE ? (size_t)left : IN_SIZE;
    if (read_at(s->z->fd, s->in, n, s->pos) != 0) {
        if (errno)
            return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s: cannot read: %s", s->z->name,
                                     s->e->name, strerror(errno));
        return stream_fail(s, err, INCSTAT_EPARSE, "the file ends inside it (a truncated workbook)");
    }
    s->zs.next_in = s->in;
    s->zs.avail_in = (uInt)n;
    s->pos += n;
    return INCSTAT_OK;
}

/* Fill buf with up to cap bytes of the entry: *len 0 once it has ended and
 * been checked.  Never more than one byte past the declared size. */
static incstat_status produce(xlsx_stream *s, unsigned char *buf, size_t cap, size_t *len,
                              incstat_error *err)
{
    incstat_status st;
    *len = 0;
    if (s->ended)
        return check_end(s, err);
    uint64_t room = s->e->usize - s->made + 1; /* one more byte shows an overrun */
    if (cap > room)
        cap = (size_t)room;
    if (s->e->method == 0) {
        uint64_t left = s->end - s->pos;
        size_t n = left < cap ? (size_t)left : cap;
        if (n && read_at(s->z->fd, buf, n, s->pos) != 0) {
            if (errno)
                return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s: cannot read: %s",
                                         s->z->name, s->e->name, strerror(errno));
            return stream_fail(s, err, INCSTAT_EPARSE, "the file ends inside it (a truncated workbook)");
        }
        s->pos += n;
        *len = n;
        s->ended = s->pos == s->end;
    } else {
        s->zs.next_out = buf;
        s->zs.avail_out = (uInt)cap;
        while (s->zs.avail_out > 0) {
            if (s->zs.avail_in == 0 && s->pos < s->end && (st = refill(s, err)) != INCSTAT_OK)
                return st;
            int rc = inflate(&s->zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                s->ended = 1;
                break;
            }
            if (rc == Z_BUF_ERROR && s->zs.avail_in == 0 && s->pos < s->end)
                continue; /* more input next time round */
            if (rc == Z_BUF_ERROR)
                return stream_fail(s, err, INCSTAT_EPARSE,
                                   "its compressed data end before the deflate stream does "
                                   "(a damaged workbook)");
            if (rc != Z_OK) {
                char msg[160];
                if (rc == Z_MEM_ERROR)
                    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", s->z->name);
                snprintf(msg, sizeof msg, "corrupt deflate data (%s)",
                         s->zs.msg ? s->zs.msg : "zlib error");
                return stream_fail(s, err, INCSTAT_EPARSE, msg);
            }
        }
        *len = cap - s->zs.avail_out;
    }
    s->made += *len;
    if (s->made > s->e->usize) {
        char msg[200];
        snprintf(msg, sizeof msg, "inflates past the %llu bytes its directory declares "
                 "(a zip bomb or a damaged workbook)", (unsigned long long)s->e->usize);
        return stream_fail(s, err, INCSTAT_EPARSE, msg);
    }
    s->crc = (uint32_t)crc32(s->crc, buf, (uInt)*len);
    if (*len == 0)
        return check_end(s, err);
    return INCSTAT_OK;
}

static void *producer(void *arg)
{
    xlsx_stream *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        while (s->count == NSLOT && !s->stop)
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->stop) {
            pthread_mutex_unlock(&s->mu);
            return NULL;
        }
        size_t idx = (s->head + s->count) % NSLOT;
        pthread_mutex_unlock(&s->mu);

        size_t len = 0;
        incstat_status st = produce(s, s->slot[idx], CHUNK, &len, &s->perr);

        pthread_mutex_lock(&s->mu);
        if (st != INCSTAT_OK) {
            s->st = st;
            s->done = 1;
        } else {
            s->slot_len[idx] = len;
            s->count++;
            if (len == 0) /* the end, pushed as an empty chunk */
                s->done = 1;
        }
        pthread_cond_broadcast(&s->cv);
        int finished = s->done;
        pthread_mutex_unlock(&s->mu);
        if (finished)
            return NULL;
    }
}

void xlsx_stream_free(xlsx_stream *s)
{
    if (!s)
        return;
    if (s->threaded) {
        pthread_mutex_lock(&s->mu);
        s->stop = 1;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        pthread_join(s->thread, NULL);
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
    }
    if (s->zinit)
        inflateEnd(&s->zs);
    for (size_t i = 0; i < NSLOT; i++)
        incstat_free_mem(s->slot[i]);
    incstat_free_mem(s->in);
    incstat_free_mem(s);
}

/* The local header: where the data begin, and that it is the entry the
 * directory describes. */
static incstat_status locate_data(xlsx_stream *s, incstat_error *err)
{
    const xlsx_entry *e = s->e;
    unsigned char h[30];
    if (e->local > s->z->size || s->z->size - e->local < sizeof h)
        return stream_fail(s, err, INCSTAT_EPARSE,
                           "its local header lies past the end of the file (a damaged workbook)");
    if (read_at(s->z->fd, h, sizeof h, e->local) != 0)
        return read_fail(s->z, err, "zip entry header");
    if (le32(h) != 0x04034b50u)
        return stream_fail(s, err, INCSTAT_EPARSE,
                           "no local header where the directory says (a damaged workbook)");
    uint64_t data = e->local + sizeof h + le16(h + 26) + le16(h + 28);
    if (data > s->z->size || s->z->size - data < e->csize)
        return stream_fail(s, err, INCSTAT_EPARSE,
                           "its compressed data run past the end of the file (a truncated workbook)");
    s->pos = data;
    s->end = data + e->csize;
    return INCSTAT_OK;
}

incstat_status xlsx_stream_open(xlsx_zip *z, const xlsx_entry *e, int threaded, xlsx_stream **out,
                                incstat_error *err)
{
    *out = NULL;
    xlsx_stream *s = incstat_calloc(1, sizeof *s);
    if (!s)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name);
    s->z = z;
    s->e = e;
    incstat_status st;
    if (e->flags & 1) {
        st = stream_fail(s, err, INCSTAT_EPARSE, "the entry is encrypted");
        goto fail;
    }
    if (e->method != 0 && e->method != 8) {
        char msg[120];
        snprintf(msg, sizeof msg, "compression method %u is not supported (only stored and deflate)",
                 (unsigned)e->method);
        st = stream_fail(s, err, INCSTAT_EPARSE, msg);
        goto fail;
    }
    if ((e->method == 0 && e->usize != e->csize) ||
        (e->method == 8 && e->usize / MAX_RATIO > e->csize + 64)) {
        char msg[240];
        snprintf(msg, sizeof msg, "declares %llu bytes from %llu compressed, more than deflate can "
                 "give (a zip bomb or a damaged workbook)",
                 (unsigned long long)e->usize, (unsigned long long)e->csize);
        st = stream_fail(s, err, INCSTAT_EPARSE, msg);
        goto fail;
    }
    if ((st = locate_data(s, err)) != INCSTAT_OK)
        goto fail;
    size_t nslots = threaded ? NSLOT : 1;
    for (size_t i = 0; i < nslots; i++)
        if (!(s->slot[i] = incstat_malloc(CHUNK))) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name);
            goto fail;
        }
    if (e->method == 8) {
        if (!(s->in = incstat_malloc(IN_SIZE))) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name);
            goto fail;
        }
        s->zs.zalloc = z_alloc;
        s->zs.zfree = z_free;
        int rc = inflateInit2(&s->zs, -MAX_WBITS);
        if (rc != Z_OK) {
            st = rc == Z_MEM_ERROR
                     ? incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", z->name)
                     : incstat_set_error(err, INCSTAT_EIO, 0, 0,
                                         "%s: cannot start the deflate decoder", z->name);
            goto fail;
        }
        s->zinit = 1;
    }
    s->crc = (uint32_t)crc32(0L, Z_NULL, 0);
    if (threaded) {
        if (pthread_mutex_init(&s->mu, NULL) != 0) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: cannot create a lock", z->name);
            goto fail;
        }
        if (pthread_cond_init(&s->cv, NULL) != 0) {
            pthread_mutex_destroy(&s->mu);
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: cannot create a lock", z->name);
            goto fail;
        }
        if (pthread_create(&s->thread, NULL, producer, s) != 0) {
            pthread_cond_destroy(&s->cv);
            pthread_mutex_destroy(&s->mu);
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: cannot start a thread", z->name);
            goto fail;
        }
        s->threaded = 1;
    }
    *out = s;
    return INCSTAT_OK;
fail:
    xlsx_stream_free(s);
    return st;
}

incstat_status xlsx_stream_next(xlsx_stream *s, const unsigned char **data, size_t *len,
                                incstat_error *err)
{
    *data = NULL;
    *len = 0;
    if (!s->threaded) {
        incstat_status st = produce(s, s->slot[0], CHUNK, len, err);
        if (st == INCSTAT_OK) {
            *data = s->slot[0];
            s->handed += *len;
        }
        return st;
    }
    pthread_mutex_lock(&s->mu);
    if (s->holding) {
        s->head = (s->head + 1) % NSLOT;
        s->count--;
        s->holding = 0;
        pthread_cond_broadcast(&s->cv);
    }
    while (s->count == 0 && !s->done)
        pthread_cond_wait(&s->cv, &s->mu);
    incstat_status st = INCSTAT_OK;
    if (s->count > 0) {
        *data = s->slot[s->head];
        *len = s->slot_len[s->head];
        if (*len > 0) /* the empty end chunk stays, so later calls end too */
            s->holding = 1;
        s->handed += *len;
    } else {
        st = s->st;
        if (err)
            *err = s->perr;
    }
    pthread_mutex_unlock(&s->mu);
    return st;
}

uint64_t xlsx_stream_done(const xlsx_stream *s)
{
    return s->handed;
}
