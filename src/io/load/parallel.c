/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/parallel.c: reading a large plain file on several cores (see
 * parallel_internal.h).  The data part of the file is cut into chunks at line
 * breaks; each chunk gets its own reader (pread, so nothing is mapped and
 * memory stays a few buffers), loader fork and job state, on its own thread;
 * the states and load reports are then merged in file order.
 *
 * A line break can sit inside a quoted field, so a cut is only a guess.  It
 * is checked, not trusted: the chunk before a cut is read from a known record
 * start (by induction from the header), so it ends exactly at the cut if and
 * only if the cut is a record boundary; otherwise it ends inside an open
 * quote.  Any chunk that fails (a wrong cut, a broken row, a possible totals
 * row that the whole-file rule rejects) sends the caller back to one pass,
 * which gives the same result, or the error with its true line number.  So
 * the parallel result always equals the one-pass result. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/source/csv_internal.h"
#include "core/internal.h"
#include "io/load/load_internal.h"
#include "io/load/parallel_internal.h"

#define MAX_CHUNKS 64
/* below this, threads cost more than they save */
#define MIN_PARALLEL_BYTES (8u << 20)
#define CUT_WINDOW (1u << 18)

typedef struct {
    const incstat_par_job_ *job;
    incstat_loader *ld; /* fork over one chunk */
    void *state;
    incstat_status st;
    incstat_error err;
} chunk;

/* Read a loader to its end, keeping only its report. */
static incstat_status drain(incstat_loader *ld, incstat_error *err)
{
    const incstat_incident *inc;
    incstat_status st;
    while ((st = incstat_loader_next(ld, &inc, err)) == INCSTAT_ROW)
        ;
    return st == INCSTAT_DONE ? INCSTAT_OK : st;
}

static void *run_chunk(void *arg)
{
    chunk *c = arg;
    c->st = c->job->run ? c->job->run(c->job->ctx, c->state, c->ld, &c->err)
                        : drain(c->ld, &c->err);
    return NULL;
}

/* Where to cut near from: just past a LF that most likely ends a record.
 * A LF inside a quoted field would make everything after it read with the
 * quotes inverted, so each candidate is tried: the next records are split
 * with plain quote toggling and must mostly have the header's field count.
 * The guess only has to be good; the merge checks it.  0 when no candidate
 * is found before limit. */
#define TRY_RECORDS 8

static int plausible(const unsigned char *p, const unsigned char *e, unsigned char delim,
                     size_t ncols)
{
    size_t records = 0, good = 0, fields = 1;
    int inq = 0;
    for (; p < e && records < TRY_RECORDS; p++) {
        if (*p == '"')
            inq = !inq;
        else if (!inq && *p == delim)
            fields++;
        else if (!inq && *p == '\n') {
            records++;
            good += fields == ncols;
            fields = 1;
        }
    }
    return records >= 2 && good * 4 >= records * 3;
}

static uint64_t choose_cut(int fd, uint64_t from, uint64_t limit, unsigned char delim,
                           size_t ncols, unsigned char *buf)
{
    for (int window = 0; window < 64 && from < limit; window++) {
        size_t want = limit - from < CUT_WINDOW ? (size_t)(limit - from) : CUT_WINDOW;
        ssize_t r = pread(fd, buf, want, (off_t)from);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        const unsigned char *e = buf + r, *nl = buf;
        while ((nl = memchr(nl, '\n', (size_t)(e - nl))) != NULL) {
            nl++;
            if (plausible(nl, e, delim, ncols))
                return from + (uint64_t)(nl - buf);
        }
        from += (uint64_t)r;
    }
    return 0;
}

static void free_chunks(chunk *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (c[k].state && c[k].job->free_state)
            c[k].job->free_state(c[k].job->ctx, c[k].state);
        incstat_loader_free(c[k].ld);
    }
}

/* Cut points: data, then up to threads - 1 plausible record starts, then
 * size.  Returns the number of chunks (< 2: do not split). */
static size_t plan_cuts(incstat_loader *ld, int fd, uint64_t data, uint64_t size, size_t n,
                        uint64_t *cut, incstat_error *err, incstat_status *st)
{
    size_t m = 0;
    cut[m++] = data;
    unsigned char *buf = incstat_malloc(CUT_WINDOW);
    if (!buf) {
        *st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        return 0;
    }
    incstat_csv *csv = incstat_loader_csv_(ld);
    unsigned char delim = (unsigned char)incstat_csv_delimiter(csv);
    size_t ncols = incstat_loader_report(ld)->n_columns;
    for (size_t k = 1; k < n; k++) {
        uint64_t c = choose_cut(fd, data + (size - data) / n * k, size, delim, ncols, buf);
        if (c > cut[m - 1] && c < size)
            cut[m++] = c;
    }
    incstat_free_mem(buf);
    cut[m] = size;
    return m;
}

/* Whether every chunk succeeded and its set-aside rows are totals rows by the
 * whole-file rule; checked before anything changes, so a fallback starts
 * clean.  ENOMEM in a chunk is returned as such. */
static int all_good(chunk *ch, size_t m, incstat_error *err, incstat_status *st)
{
    double sum = 0;
    uint64_t rows = 0;
    for (size_t k = 0; k < m; k++) {
        if (ch[k].st == INCSTAT_ENOMEM) {
            if (err)
                *err = ch[k].err;
            *st = INCSTAT_ENOMEM;
            return 0;
        }
        /* a wrong cut, or a real error: one pass tells which */
        if (ch[k].st != INCSTAT_OK || incstat_loader_fork_check_(ch[k].ld, &sum, &rows) != 0)
            return 0;
    }
    return 1;
}

incstat_status incstat_par_run_(incstat_loader *ld, unsigned threads, uint64_t min_bytes,
                                const incstat_par_job_ *job, void **merged, unsigned *chunks,
                                incstat_error *err)
{
    *merged = NULL;
    *chunks = 0;
    incstat_csv *csv = incstat_loader_csv_(ld);
    int fd = incstat_csv_plain_fd_(csv);
    struct stat sb;
    /* a table of periods checks every key against every row before it:
     * one pass (such tables are small) */
    if (threads < 2 || fd < 0 || incstat_loader_one_pass_(ld) || fstat(fd, &sb) != 0 ||
        !S_ISREG(sb.st_mode))
        return INCSTAT_OK;
    uint64_t size = (uint64_t)sb.st_size, data = incstat_csv_offset_(csv);
    /* CR-only line ends give no LF to cut at */
    uint64_t min = min_bytes ? min_bytes : MIN_PARALLEL_BYTES;
    if (size < data || size - data < min || incstat_csv_line_endings(csv) == INCSTAT_EOL_CR)
        return INCSTAT_OK;

    uint64_t cut[MAX_CHUNKS + 1];
    incstat_status st = INCSTAT_OK;
    size_t m = plan_cuts(ld, fd, data, size, threads < MAX_CHUNKS ? threads : MAX_CHUNKS, cut,
                         err, &st);
    if (m < 2)
        return st;

    chunk ch[MAX_CHUNKS];
    memset(ch, 0, sizeof ch);
    for (size_t k = 0; k < m && !st; k++) {
        incstat_csv *cc;
        ch[k].job = job;
        if ((st = incstat_csv_open_range_(csv, cut[k], cut[k + 1], &cc, err)) != INCSTAT_OK ||
            (st = incstat_loader_fork_(ld, cc, &ch[k].ld, err)) != INCSTAT_OK ||
            (job->begin && (st = job->begin(job->ctx, &ch[k].state, err)) != INCSTAT_OK))
            break;
    }
    if (st) {
        free_chunks(ch, m);
        return st;
    }
    /* chunk 0 speaks for all in progress reports: the chunks are of equal size */
    incstat_loader_fork_progress_(ch[0].ld, ld, (unsigned)m, data);
    incstat_run_parallel_(run_chunk, ch, sizeof *ch, m);
    if (!all_good(ch, m, err, &st)) {
        free_chunks(ch, m);
        return st;
    }

    incstat_loader_begin_parallel_(ld);
    uint64_t off = incstat_csv_lines_(csv);
    if (job->first)
        job->first(job->ctx, ch[0].state, off);
    for (size_t k = 0; k < m && !st; k++) {
        incstat_loader_absorb_(ld, ch[k].ld, off);
        if (k > 0 && job->merge)
            st = job->merge(job->ctx, ch[0].state, ch[k].state, off, err);
        off += incstat_csv_lines_(incstat_loader_csv_(ch[k].ld));
    }
    incstat_loader_end_parallel_(ld, size, (unsigned)m);
    if (st) { /* ENOMEM while merging: ld is spent, nothing to fall back on */
        free_chunks(ch, m);
        return st;
    }
    *merged = ch[0].state;
    ch[0].state = NULL;
    free_chunks(ch, m);
    *chunks = (unsigned)m;
    return INCSTAT_OK;
}

/* ---- in chunks, else in one pass ---------------------------------------- */

incstat_status incstat_par_read_(incstat_loader *ld, const incstat_par_job_ *job, void **merged,
                                 incstat_error *err)
{
    unsigned threads, chunks;
    uint64_t min_bytes;
    incstat_loader_threads_(ld, &threads, &min_bytes);
    incstat_status st = incstat_par_run_(ld, threads, min_bytes, job, merged, &chunks, err);
    if (st || chunks)
        return st;
    void *state = NULL;
    if (job->begin && (st = job->begin(job->ctx, &state, err)) != INCSTAT_OK)
        return st;
    st = job->run ? job->run(job->ctx, state, ld, err) : drain(ld, err);
    if (st) {
        if (state && job->free_state)
            job->free_state(job->ctx, state);
        return st;
    }
    *merged = state;
    return INCSTAT_OK;
}

/* ---- the report alone (inspect) ----------------------------------------- */

incstat_status incstat_loader_drain(incstat_loader *ld, unsigned threads, uint64_t min_bytes,
                                    incstat_error *err)
{
    if (!ld)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader");
    static const incstat_par_job_ report_only = {NULL, NULL, NULL, NULL, NULL, NULL};
    void *none;
    unsigned chunks;
    incstat_status st = incstat_par_run_(ld, threads, min_bytes, &report_only, &none, &chunks, err);
    if (st || chunks)
        return st;
    return drain(ld, err);
}
