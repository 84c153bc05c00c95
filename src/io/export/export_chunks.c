/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export_chunks.c: a text export on several threads (export_internal.h).
 * A plain file in CSV, TSV or JSON Lines is exported in chunks
 * (parallel_internal.h): each chunk formats its rows with its own writer
 * (export_text.c), and the chunks' outputs are joined in file order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"
#include "io/export/export_internal.h"
#include "io/load/load_internal.h"
#include "io/load/parallel_internal.h"

/* ---- in chunks on threads ---------------------------------------------- */

/* A plain file in CSV, TSV or JSON Lines is exported in chunks on threads
 * (parallel_internal.h).  When the output is a regular file, chunk 0 writes
 * straight into it (a fallback to one pass truncates it back); the other
 * chunks write to unlinked temporary files that are copied to the output in
 * file order by the kernel (sendfile).  Memory stays a few buffers; a file
 * that cannot be cut is written in one pass. */
typedef struct {
    const xwriter *main; /* column names, JSON keys, options (borrowed) */
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
    xwriter w;
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
    c->w.ob.b = incstat_malloc(INCSTAT_XOUT_CAP);
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
    incstat_status st = incstat_xwriter_tidy_(&c->w, fork, err);
    if (st)
        return st;
    incstat_xob_flush_(&c->w.ob);
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
    /* flushed first: the header may still be in the stream's buffer */
    if (fd < 0 || fflush(out) != 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    *base = lseek(fd, 0, SEEK_CUR);
    return *base >= 0 && *base == sb.st_size;
}

incstat_status incstat_export_chunks_(xwriter *w, incstat_loader *ld, const char *spill_dir,
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
    incstat_xob_flush_(&w->ob); /* the header, before the chunks' rows */
    par_ctx p = {w, spill_dir, w->ob.out, 0, 0, 0, 0, 0};
    p.direct = direct_output(p.out, &p.base);
    incstat_par_job_ job = {&p, chunk_begin, chunk_run, chunk_first, chunk_merge, chunk_free};
    incstat_status st = incstat_par_run_(ld, threads, min_bytes, &job, &merged, &chunks, err);
    chunk_free(&p, merged);
    if (!st && !chunks && p.direct && p.begun) {
        /* one pass after all: what chunk 0 wrote goes */
        if (fflush(p.out) != 0 || ftruncate(fileno(p.out), p.base) != 0 ||
            fseeko(p.out, p.base, SEEK_SET) != 0)
            st = incstat_set_error(err, INCSTAT_EIO, 0, 0,
                                   "%s: export: error writing the output: %s",
                                   incstat_loader_report(ld)->source, strerror(errno));
    }
    if (st || !chunks)
        return st;
    *done = 1;
    w->rows = p.rows;
    w->ob.failed |= p.failed;
    return INCSTAT_OK;
}
