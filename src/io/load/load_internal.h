/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_internal.h (private): loader details other modules use. */
#ifndef INCSTAT_SRC_LOAD_INTERNAL_H
#define INCSTAT_SRC_LOAD_INTERNAL_H

#include "incstat/load.h"

/* 1 when the incident last returned had a day/month-ambiguous date. */
int incstat_loader_last_ambiguous_(const incstat_loader *ld);

/* Parallel reading (parallel.c).  A fork reads one chunk (csv, which it takes over) with
 * the parent's mapping; its report uses chunk-local line numbers. */
incstat_status incstat_loader_fork_(const incstat_loader *parent, incstat_csv *csv,
                                    incstat_loader **out, incstat_error *err);
/* Before the chunks: the parent's report takes what its reader saw of the
 * header part. */
void incstat_loader_begin_parallel_(incstat_loader *ld);
/* Whether the rows a finished fork set aside as totals rows are totals rows
 * by the whole-file rule, given the killed sum and count of the rows before
 * its chunk (advanced past the chunk on success).  -1: they are not, and the
 * file must be read in one pass. */
int incstat_loader_fork_check_(const incstat_loader *fork, double *sum_before,
                               uint64_t *rows_before);
/* Add a finished fork's report (lines shifted by off) to the parent's, in
 * file order. */
void incstat_loader_absorb_(incstat_loader *ld, const incstat_loader *fork, uint64_t off);
/* After the last fork: the parent is finished, as if it had read the file. */
void incstat_loader_end_parallel_(incstat_loader *ld, uint64_t bytes, unsigned chunks);
incstat_csv *incstat_loader_csv_(incstat_loader *ld);
/* 1 when the input must be read in one pass (a table of periods whose keys
 * are checked for repeats across the whole file). */
int incstat_loader_one_pass_(const incstat_loader *ld);
/* Let a fork report progress as the parent would (scale: chunks; base:
 * bytes before its chunk). */
void incstat_loader_fork_progress_(incstat_loader *fork, const incstat_loader *parent,
                                   unsigned scale, uint64_t base);

/* The whole-file load (load_table.c): the report moved out of the loader,
 * to be freed with *free_fn; NULL when out of memory. */
incstat_load_report *incstat_loader_take_report_(incstat_loader *ld,
                                                 void (**free_fn)(incstat_load_report *));
/* 1 when the dates read day-first as ambiguous were month-first (the file,
 * read to its end, shows month-first dates and the order was not given). */
int incstat_loader_swap_ambiguous_(const incstat_loader *ld);
/* How much of its input the loader has read, 0 to 1; 0 when unknown
 * (standard input, .gz). */
double incstat_loader_fraction_read_(const incstat_loader *ld);
/* The threads and minimum file size for a parallel load (load options). */
void incstat_loader_threads_(const incstat_loader *ld, unsigned *threads, uint64_t *min_bytes);

#endif
