/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/stats_file_io.c: ReadStat's input through a buffer of our own.
 * ReadStat's default input calls read(2) for every record of a .dta (and
 * every few bytes of other files): a million records are a million system
 * calls.  Here a read is a copy out of a 256 KB window of the file, and a
 * seek inside the window moves no data.  The position is also the
 * progress the rows interface reports. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "io/source/stats_file_internal.h"

#define WINDOW (256u * 1024u)

struct sf_io {
    int fd;
    unsigned char *buf;
    size_t len, pos;   /* buf[0, len) holds the file from base; pos: the next byte */
    uint64_t base;
    uint64_t size;
};

sf_io *incstat_sf_io_new_(void)
{
    sf_io *io = incstat_calloc(1, sizeof *io);
    if (!io)
        return NULL;
    io->fd = -1;
    if (!(io->buf = incstat_malloc(WINDOW))) {
        incstat_free_mem(io);
        return NULL;
    }
    return io;
}

void incstat_sf_io_free_(sf_io *io)
{
    if (!io)
        return;
    if (io->fd >= 0)
        close(io->fd);
    incstat_free_mem(io->buf);
    incstat_free_mem(io);
}

static int io_open(const char *path, void *ctx)
{
    sf_io *io = ctx;
    struct stat st;
    io->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (io->fd < 0)
        return -1;
    if (fstat(io->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(io->fd);
        io->fd = -1;
        return -1;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(io->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    io->size = (uint64_t)st.st_size;
    io->base = 0;
    io->len = io->pos = 0;
    return io->fd;
}

static int io_close(void *ctx)
{
    sf_io *io = ctx;
    int r = 0;
    if (io->fd >= 0)
        r = close(io->fd);
    io->fd = -1;
    return r;
}

static readstat_off_t io_seek(readstat_off_t off, readstat_io_flags_t whence, void *ctx)
{
    sf_io *io = ctx;
    int64_t here = (int64_t)(io->base + io->pos), to;
    switch (whence) {
    case READSTAT_SEEK_SET: to = (int64_t)off; break;
    case READSTAT_SEEK_CUR: to = here + (int64_t)off; break;
    case READSTAT_SEEK_END: to = (int64_t)io->size + (int64_t)off; break;
    default: return -1;
    }
    if (to < 0)
        return -1;
    /* ReadStat seeks past the end of a truncated file and finds out on the
     * next read; a seek of its own never fails */
    if ((uint64_t)to >= io->base && (uint64_t)to <= io->base + io->len) {
        io->pos = (size_t)((uint64_t)to - io->base);
    } else {
        io->base = (uint64_t)to;
        io->len = io->pos = 0;
    }
    return (readstat_off_t)to;
}

/* Refill the window from the current position; bytes now available. */
static size_t refill(sf_io *io)
{
    io->base += io->pos;
    io->len = io->pos = 0;
    for (;;) {
        ssize_t r = pread(io->fd, io->buf, WINDOW, (off_t)io->base);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        io->len = (size_t)r;
        return io->len;
    }
}

static ssize_t io_read(void *dst, size_t n, void *ctx)
{
    sf_io *io = ctx;
    unsigned char *d = dst;
    size_t done = 0;
    while (done < n) {
        size_t have = io->len - io->pos;
        if (have == 0) {
            /* a large read goes straight to the caller's buffer */
            if (n - done >= WINDOW) {
                ssize_t r;
                do
                    r = pread(io->fd, d + done, n - done, (off_t)(io->base + io->pos));
                while (r < 0 && errno == EINTR);
                if (r <= 0)
                    break;
                io->base += io->pos + (size_t)r;
                io->len = io->pos = 0;
                done += (size_t)r;
                continue;
            }
            if ((have = refill(io)) == 0)
                break;
        }
        size_t k = n - done < have ? n - done : have;
        memcpy(d + done, io->buf + io->pos, k);
        io->pos += k;
        done += k;
    }
    if (done == 0 && n > 0 && io->fd < 0)
        return -1;
    return (ssize_t)done;
}

static readstat_error_t io_update(long file_size, readstat_progress_handler progress,
                                  void *user_ctx, void *ctx)
{
    sf_io *io = ctx;
    if (!progress || file_size <= 0)
        return READSTAT_OK;
    if (progress((double)(io->base + io->pos) / (double)file_size, user_ctx) !=
        READSTAT_HANDLER_OK)
        return READSTAT_ERROR_USER_ABORT;
    return READSTAT_OK;
}

void incstat_sf_io_install_(sf_io *io, readstat_parser_t *parser)
{
    readstat_set_open_handler(parser, io_open);
    readstat_set_close_handler(parser, io_close);
    readstat_set_seek_handler(parser, io_seek);
    readstat_set_read_handler(parser, io_read);
    readstat_set_update_handler(parser, io_update);
    readstat_set_io_ctx(parser, io);
}

uint64_t incstat_sf_io_pos_(const sf_io *io)
{
    return io ? io->base + io->pos : 0;
}

uint64_t incstat_sf_io_size_(const sf_io *io)
{
    return io ? io->size : 0;
}
