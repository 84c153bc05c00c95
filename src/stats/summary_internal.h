/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_internal.h (private): merging summaries of file chunks. */
#ifndef INCSTAT_SRC_SUMMARY_INTERNAL_H
#define INCSTAT_SRC_SUMMARY_INTERNAL_H

#include "incstat/summary.h"

/* Add src's unfinished aggregates into dst (same options).  Errors: ENOMEM. */
incstat_status incstat_summary_merge_(incstat_summary *dst, const incstat_summary *src,
                                      incstat_error *err);

/* from_loader with worker threads over chunks of a plain file; falls back to
 * one pass when the input cannot be split. */
incstat_status incstat_summary_parallel_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err);

/* from_loader in one pass on the calling thread. */
incstat_status incstat_summary_one_pass_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err);
/* The add loop of one chunk (summary.c): every incident of ld into s (not
 * finished); dates read either way are held apart until the file decides. */
incstat_status incstat_summary_feed_(incstat_summary *s, incstat_loader *ld,
                                     const incstat_filter *filter, incstat_error *err);

/* Category spellings (summary_spell.c), for finish: over the labels of a
 * text key d (field names it), remap[code] (d->n entries) sends labels that
 * differ only in case or spacing to the first spelling seen; notes gets up
 * to max_notes lines saying so, and naming near-identical labels with the
 * --recode line that would merge them (*n_notes counts them).  Returns 1
 * when some label is remapped, 0 when none, -1 when out of memory. */
struct incstat_dict_;
int incstat_spellings_(const struct incstat_dict_ *d, const char *field, uint32_t *remap,
                       char (*notes)[INCSTAT_SUMMARY_NOTE_MAX], size_t max_notes,
                       size_t *n_notes);

/* 1 when the summary's input rows are periods (a table of periods), whose
 * missing counts count rows, not incidents (summary_finish.c). */
int incstat_summary_rows_are_periods_(const incstat_summary *s);

/* Of incstat_summary_unplaced(s), the incidents dated to the year alone,
 * which by month or quarter have rows of their own
 * (incstat_summary_unknown_months). */
uint64_t incstat_summary_year_only_(const incstat_summary *s);

/* 1 when the input is a table of quarters (months_missing counts quarters). */
int incstat_summary_quarters_(const incstat_summary *s);

/* Add the loader's known gaps and finish. */
incstat_status incstat_summary_end_(incstat_summary *s, const incstat_loader *ld,
                                    incstat_error *err);

/* 1 when a finished summary holds no count of incidents at all: every row's
 * incidents unknown (a table of periods without an incidents column), as
 * against one where some periods' counts are missing; 0 otherwise (s NULL
 * or without rows too). */
int incstat_summary_no_incidents_(const incstat_summary *s);

#endif
