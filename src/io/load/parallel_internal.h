/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/parallel_internal.h (private): reading a large plain file in chunks on
 * several threads, for any job that can merge per-chunk results in file
 * order (a summary, a table, the load report alone). */
#ifndef INCSTAT_SRC_PARALLEL_INTERNAL_H
#define INCSTAT_SRC_PARALLEL_INTERNAL_H

#include "incstat/load.h"

/* What a job does with each chunk.  A chunk's state is made on the calling
 * thread, filled on a worker thread (run reads the fork to its end), then
 * merged into chunk 0's state in file order on the calling thread.  Every
 * callback may be NULL when the job has no state (the report alone). */
typedef struct {
    void *ctx;
    incstat_status (*begin)(void *ctx, void **state, incstat_error *err);
    incstat_status (*run)(void *ctx, void *state, incstat_loader *fork, incstat_error *err);
    /* Chunk 0's state before any merge; line_off is the number of lines
     * before it (the header), to turn its chunk-local line numbers into
     * file lines. */
    void (*first)(void *ctx, void *state, uint64_t line_off);
    /* from (chunk k >= 1) into into (chunk 0); line_off is the number of
     * lines before chunk k.  May take from's contents; from is freed
     * afterwards. */
    incstat_status (*merge)(void *ctx, void *into, void *from, uint64_t line_off,
                            incstat_error *err);
    void (*free_state)(void *ctx, void *state);
} incstat_par_job_;

/* Read the rest of ld's input in up to threads chunks.  On success *merged is
 * the merged state of every chunk (the caller owns it; NULL for a stateless
 * job), *chunks the number of chunks, and ld is finished as if it had read
 * the file.  *chunks == 0 means nothing was done and ld is untouched: the
 * input cannot be split (not a regular file, too small, CR-only lines) or a
 * chunk failed (a cut inside a quoted field, a broken row, a totals row the
 * whole-file rule rejects); the caller then reads it in one pass, which gives
 * the same result or the error with its true line number.  Errors: ENOMEM. */
incstat_status incstat_par_run_(incstat_loader *ld, unsigned threads, uint64_t min_bytes,
                                const incstat_par_job_ *job, void **merged, unsigned *chunks,
                                incstat_error *err);

/* The job over the rest of ld: in chunks when the file can be cut
 * (incstat_par_run_ with ld's thread settings), else in one pass on ld
 * itself (begin, then run on ld; a job without run just reads ld to its
 * end).  *merged is the job's state either way (the caller owns it; NULL for
 * a stateless job).  Errors: those of the job and the loader, ENOMEM. */
incstat_status incstat_par_read_(incstat_loader *ld, const incstat_par_job_ *job, void **merged,
                                 incstat_error *err);

#endif
