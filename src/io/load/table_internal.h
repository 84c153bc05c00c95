/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/table_internal.h (private): what the loader needs of the table beyond
 * its public interface. */
#ifndef INCSTAT_SRC_TABLE_INTERNAL_H
#define INCSTAT_SRC_TABLE_INTERNAL_H

#include "incstat/load.h"
#include "incstat/table.h"

/* The table takes ownership of rep, freed with free_fn. */
void incstat_table_attach_report_(incstat_table *t, incstat_load_report *rep,
                                  void (*free_fn)(incstat_load_report *));
/* Dates, writable: the loader resolves ambiguous day/month orders at the end. */
incstat_date *incstat_table_dates_mut_(incstat_table *t);

/* incstat_table_append with the id's dictionary lookup made when the next
 * row comes, its slot fetched into the cache meanwhile: with a million
 * distinct ids that lookup is a cache miss, and waiting for it was a sixth
 * of a load.  The table is complete (the last id coded) only after
 * incstat_table_flush_.  Errors as incstat_table_append (ENOMEM for a
 * pending id may be reported with the next row). */
incstat_status incstat_table_append_late_(incstat_table *t, const incstat_incident *inc,
                                          incstat_error *err);
incstat_status incstat_table_flush_(incstat_table *t, incstat_error *err);

/* Room for rows rows in all, and in the dictionaries of columns whose values
 * have been mostly distinct so far, for as many more as that many rows would
 * bring.  Errors: ENOMEM. */
incstat_status incstat_table_reserve_(incstat_table *t, size_t rows, incstat_error *err);

/* incstat_table_text with its byte length (no strlen; col and row valid). */
const char *incstat_table_text_len_(const incstat_table *t, size_t col, size_t row, size_t *len);

/* Add off to every row's line number (a chunk's lines made the file's). */
void incstat_table_shift_lines_(incstat_table *t, uint64_t off);

/* Append every row of src (same columns), its text re-coded into t's
 * dictionaries in src's order of first appearance and its line numbers
 * shifted by line_off: the table of a file chunk joined to the chunks before
 * it.  src is emptied (its columns freed as they are copied); free it
 * afterwards.  On ENOMEM t keeps its rows, though its dictionaries may hold
 * extra strings, and src is unchanged. */
incstat_status incstat_table_absorb_(incstat_table *t, incstat_table *src, uint64_t line_off,
                                     incstat_error *err);

#endif
