/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_table.c: a whole file into a table (incstat_load_path,
 * incstat_load_loader), in one pass or in parallel chunks whose tables are
 * joined in file order (parallel_internal.h). */
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/load/load_internal.h"
#include "io/load/parallel_internal.h"
#include "io/load/table_internal.h"

/* The rows loaded so far, and which of them have a day/month-ambiguous date
 * (read day-first; swapped at the end when the file turns out month-first). */
typedef struct {
    incstat_table *t;
    size_t *amb;
    size_t namb, camb;
} part;

static void part_free(part *p)
{
    if (!p)
        return;
    incstat_table_free(p->t);
    incstat_free_mem(p->amb);
    incstat_free_mem(p);
}

static incstat_status part_new(incstat_loader *ld, part **out, incstat_error *err)
{
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    part *p = incstat_calloc(1, sizeof *p);
    if (!p)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_status st = incstat_table_new(kept, nk, &p->t, err);
    if (st) {
        part_free(p);
        return st;
    }
    *out = p;
    return INCSTAT_OK;
}

/* room for n more ambiguous rows */
static int reserve_ambiguous(part *p, size_t n)
{
    if (p->namb + n > p->camb) {
        size_t nc = p->camb ? p->camb : 256;
        while (nc < p->namb + n)
            nc *= 2;
        size_t *a = incstat_reallocarray(p->amb, nc, sizeof *a);
        if (!a)
            return -1;
        p->amb = a;
        p->camb = nc;
    }
    return 0;
}

/* After this many rows the size of the whole is guessed from the share of
 * the input they took, and the table made that big at once: growing a
 * million-row table by doubling costs more in fresh pages than the parse. */
#define GUESS_AFTER 4096

static void reserve_ahead(incstat_loader *ld, part *p)
{
    double f = incstat_loader_fraction_read_(ld);
    if (f <= 0 || f >= 1)
        return;
    double rows = (double)incstat_table_rows(p->t) / f * 1.05 + 1024;
    if (rows > 4e9)
        return;
    incstat_error ignored; /* a guess: on failure the table grows as it goes */
    incstat_table_reserve_(p->t, (size_t)rows, &ignored);
}

/* Every incident of ld into p. */
static incstat_status fill(incstat_loader *ld, part *p, incstat_error *err)
{
    for (;;) {
        if (incstat_table_rows(p->t) == GUESS_AFTER)
            reserve_ahead(ld, p);
        const incstat_incident *inc;
        incstat_status st = incstat_loader_next(ld, &inc, err);
        if (st == INCSTAT_DONE)
            return incstat_table_flush_(p->t, err);
        if (st != INCSTAT_ROW)
            return st;
        if (incstat_loader_last_ambiguous_(ld)) {
            if (reserve_ambiguous(p, 1) != 0)
                return incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
            p->amb[p->namb++] = incstat_table_rows(p->t);
        }
        if ((st = incstat_table_append_late_(p->t, inc, err)) != INCSTAT_OK)
            return st;
    }
}

/* ---- the chunk job ------------------------------------------------------ */

static incstat_status job_begin(void *ctx, void **state, incstat_error *err)
{
    return part_new(ctx, (part **)state, err);
}

static incstat_status job_run(void *ctx, void *state, incstat_loader *fork, incstat_error *err)
{
    (void)ctx;
    return fill(fork, state, err);
}

static void job_first(void *ctx, void *state, uint64_t line_off)
{
    (void)ctx;
    incstat_table_shift_lines_(((part *)state)->t, line_off);
}

static incstat_status job_merge(void *ctx, void *into, void *from, uint64_t line_off,
                                incstat_error *err)
{
    (void)ctx;
    part *a = into, *b = from;
    size_t before = incstat_table_rows(a->t);
    incstat_status st = incstat_table_absorb_(a->t, b->t, line_off, err);
    if (st)
        return st;
    /* the joined chunk's rows are no longer needed: free them now, so the
     * peak is the final table plus one chunk, not every chunk twice */
    incstat_table_free(b->t);
    b->t = NULL;
    if (reserve_ambiguous(a, b->namb) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < b->namb; i++)
        a->amb[a->namb++] = b->amb[i] + before;
    return INCSTAT_OK;
}

static void job_free(void *ctx, void *state)
{
    (void)ctx;
    part_free(state);
}

/* ---- whole-file load ---------------------------------------------------- */

/* The rows read, with the loader finished: in chunks when asked and possible,
 * else in one pass. */
static incstat_status read_all(incstat_loader *ld, part **out, incstat_error *err)
{
    incstat_par_job_ job = {ld, job_begin, job_run, job_first, job_merge, job_free};
    return incstat_par_read_(ld, &job, (void **)out, err);
}

incstat_status incstat_load_loader(incstat_loader *ld, incstat_table **out, incstat_error *err)
{
    part *p = NULL;
    incstat_status st;
    if (!out) {
        incstat_loader_free(ld);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    }
    *out = NULL;
    if (!ld)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader");
    if ((st = read_all(ld, &p, err)) != INCSTAT_OK)
        goto fail;
    if (incstat_loader_swap_ambiguous_(ld)) {
        incstat_date *d = incstat_table_dates_mut_(p->t);
        for (size_t i = 0; i < p->namb; i++) {
            int8_t m = d[p->amb[i]].day;
            d[p->amb[i]].day = d[p->amb[i]].month;
            d[p->amb[i]].month = m;
        }
    }
    void (*free_fn)(incstat_load_report *);
    incstat_load_report *rep = incstat_loader_take_report_(ld, &free_fn);
    if (!rep) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    incstat_table_attach_report_(p->t, rep, free_fn);
    *out = p->t;
    p->t = NULL;
    part_free(p);
    incstat_loader_free(ld);
    return INCSTAT_OK;
fail:
    part_free(p);
    incstat_loader_free(ld);
    return st;
}

incstat_status incstat_load_path(const char *path, const incstat_load_options *opts,
                                 incstat_table **out, incstat_error *err)
{
    incstat_loader *ld;
    if (out)
        *out = NULL;
    incstat_status st = incstat_loader_open(path, opts, &ld, err);
    if (st)
        return st;
    return incstat_load_loader(ld, out, err);
}
