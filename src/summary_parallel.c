/* src/summary_parallel.c: a yearly summary of a large plain file on several
 * cores.  The data part of the file is cut into chunks at line breaks; each
 * chunk gets its own reader (pread, so nothing is mapped and memory stays a
 * few buffers), loader fork and summary, on its own thread; the summaries and
 * load reports are then merged in file order.
 *
 * A line break can sit inside a quoted field, so a cut is only a guess.  It
 * is checked, not trusted: the chunk before a cut is read from a known record
 * start (by induction from the header), so it ends exactly at the cut if and
 * only if the cut is a record boundary; otherwise it ends inside an open
 * quote.  Any chunk that fails (a wrong cut, a broken row, a possible totals
 * row that the whole-file rule rejects) makes the whole file be read again
 * in one pass, which gives the same result, or the error with its true line
 * number.  So the parallel result always equals the one-pass result. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incstat/summary.h"
#include "csv_internal.h"
#include "internal.h"
#include "load_internal.h"
#include "summary_internal.h"

#define MAX_CHUNKS 64
/* below this, threads cost more than they save */
#define MIN_PARALLEL_BYTES (8u << 20)
#define CUT_WINDOW (1u << 18)

typedef struct {
    incstat_loader *ld; /* fork over one chunk */
    incstat_summary *s;
    const incstat_filter *filter;
    incstat_status st;
    incstat_error err;
    pthread_t thread;
    int started;
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
    c->st = c->s ? incstat_summary_feed_(c->s, c->ld, c->filter, &c->err) : drain(c->ld, &c->err);
    return NULL;
}

/* The one-pass path: a summary, or (out NULL) just the report. */
static incstat_status one_pass(incstat_loader *ld, const incstat_summary_options *opts,
                               const incstat_filter *filter, incstat_summary **out,
                               incstat_error *err)
{
    return out ? incstat_summary_one_pass_(ld, opts, filter, out, err) : drain(ld, err);
}

incstat_status incstat_loader_drain(incstat_loader *ld, unsigned threads, uint64_t min_bytes,
                                    incstat_error *err)
{
    if (!ld)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader");
    incstat_summary_options o;
    memset(&o, 0, sizeof o);
    o.threads = threads;
    o.parallel_min_bytes = min_bytes;
    return threads > 1 ? incstat_summary_parallel_(ld, &o, NULL, NULL, err) : drain(ld, err);
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
        incstat_summary_free(c[k].s);
        incstat_loader_free(c[k].ld);
    }
}

incstat_status incstat_summary_parallel_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err)
{
    incstat_csv *csv = incstat_loader_csv_(ld);
    int fd = incstat_csv_plain_fd_(csv);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return one_pass(ld, opts, filter, out, err);
    uint64_t size = (uint64_t)sb.st_size, data = incstat_csv_offset_(csv);
    /* CR-only line ends give no LF to cut at */
    uint64_t min = opts->parallel_min_bytes ? opts->parallel_min_bytes : MIN_PARALLEL_BYTES;
    if (size < data || size - data < min ||
        incstat_csv_line_endings(csv) == INCSTAT_EOL_CR)
        return one_pass(ld, opts, filter, out, err);

    size_t n = opts->threads < MAX_CHUNKS ? opts->threads : MAX_CHUNKS;
    uint64_t cut[MAX_CHUNKS + 1];
    size_t m = 0;
    cut[m++] = data;
    unsigned char *buf = incstat_malloc(CUT_WINDOW);
    if (!buf)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    unsigned char delim = (unsigned char)incstat_csv_delimiter(csv);
    size_t ncols = incstat_loader_report(ld)->n_columns;
    for (size_t k = 1; k < n; k++) {
        uint64_t c = choose_cut(fd, data + (size - data) / n * k, size, delim, ncols, buf);
        if (c > cut[m - 1] && c < size)
            cut[m++] = c;
    }
    incstat_free_mem(buf);
    cut[m] = size;
    if (m < 2)
        return one_pass(ld, opts, filter, out, err);

    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    chunk ch[MAX_CHUNKS];
    memset(ch, 0, sizeof ch);
    incstat_status st = INCSTAT_OK;
    for (size_t k = 0; k < m && !st; k++) {
        incstat_csv *cc;
        ch[k].filter = filter;
        if ((st = incstat_csv_open_range_(csv, cut[k], cut[k + 1], &cc, err)) != INCSTAT_OK ||
            (st = incstat_loader_fork_(ld, cc, &ch[k].ld, err)) != INCSTAT_OK ||
            (out && (st = incstat_summary_new(opts, kept, nk, &ch[k].s, err)) != INCSTAT_OK))
            break;
    }
    if (st) {
        free_chunks(ch, m);
        return st;
    }
    /* chunk 0 speaks for all in progress reports: the chunks are of equal size */
    incstat_loader_fork_progress_(ch[0].ld, ld, (unsigned)m, data);
    /* chunk 0 on this thread, the rest on their own; a thread that cannot
     * be started runs here afterwards */
    for (size_t k = 1; k < m; k++)
        ch[k].started = pthread_create(&ch[k].thread, NULL, run_chunk, &ch[k]) == 0;
    run_chunk(&ch[0]);
    for (size_t k = 1; k < m; k++) {
        if (ch[k].started)
            pthread_join(ch[k].thread, NULL);
        else
            run_chunk(&ch[k]);
    }

    /* check every chunk before changing anything, so a fallback starts clean */
    int again = 0;
    double sum = 0;
    uint64_t rows = 0;
    for (size_t k = 0; k < m && !again; k++) {
        if (ch[k].st != INCSTAT_OK) {
            if (ch[k].st == INCSTAT_ENOMEM) {
                if (err)
                    *err = ch[k].err;
                st = INCSTAT_ENOMEM;
                break;
            }
            again = 1; /* a wrong cut, or a real error: one pass tells which */
        } else if (incstat_loader_fork_check_(ch[k].ld, &sum, &rows) != 0) {
            again = 1;
        }
    }
    if (st || again) {
        free_chunks(ch, m);
        return st ? st : one_pass(ld, opts, filter, out, err);
    }

    incstat_loader_begin_parallel_(ld);
    uint64_t off = incstat_csv_lines_(csv);
    for (size_t k = 0; k < m; k++) {
        incstat_loader_absorb_(ld, ch[k].ld, off);
        off += incstat_csv_lines_(incstat_loader_csv_(ch[k].ld));
        if (out && k > 0 && (st = incstat_summary_merge_(ch[0].s, ch[k].s, err)) != INCSTAT_OK)
            break;
    }
    incstat_loader_end_parallel_(ld, size);
    if (!out) {
        free_chunks(ch, m);
        return INCSTAT_OK;
    }
    incstat_summary *s = ch[0].s;
    ch[0].s = NULL;
    free_chunks(ch, m);
    if (!st)
        st = incstat_summary_end_(s, ld, err);
    if (st) {
        incstat_summary_free(s);
        return st;
    }
    incstat_summary_set_chunks_(s, (unsigned)m);
    *out = s;
    return INCSTAT_OK;
}
