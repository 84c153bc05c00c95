/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/records.h: every loaded incident of a file together with the text
 * of each of its cells, as the reader decoded it (quotes removed, doubled
 * quotes undoubled, transcoded to UTF-8; no trimming, no type conversion).
 * What a release diff compares: the loader's view of a record (its date,
 * killed and injured, whether it has an id) next to its source text.
 * Memory grows with the file (about its size plus 4 bytes a cell). */
#ifndef INCSTAT_RECORDS_H
#define INCSTAT_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/error.h"
#include "incstat/load.h"
#include "incstat/table.h"
#include "incstat/value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct incstat_records incstat_records;

/* Load every incident of path (the loader's options, threads included:
 * a plain file may be read in chunks, with the one-pass result).  Rows the
 * loader skips (blank, totals, repeated header) are not records.  On success
 * *out owns the records.  Errors: those of incstat_load_path. */
incstat_status incstat_records_load(const char *path, const incstat_load_options *opts,
                                    incstat_records **out, incstat_error *err);
void incstat_records_free(incstat_records *r);

/* The same keeping a 64-bit hash of each cell and the text only of the
 * columns mapped to a canonical field and of text_columns (header names, or
 * canonical fields for the columns mapped to them; the key a diff matches
 * on): a fraction of the memory, no copy of the file.  The text of the few
 * records that differ is read with incstat_records_fetch(); until then
 * incstat_records_cell gives "" for the other columns.  The path is read
 * again then, with opts, whose arrays must outlive the records.  From
 * standard input ("-") all the text is kept as by incstat_records_load.
 * Errors: as incstat_records_load. */
incstat_status incstat_records_load_hashed(const char *path, const incstat_load_options *opts,
                                           const char *const *text_columns, size_t n,
                                           incstat_records **out, incstat_error *err);
/* 1 when the records hold hashes (incstat_records_load_hashed of a file). */
int incstat_records_hashed(const incstat_records *r);
/* The ncols cell hashes of record row (borrowed), or NULL when the records
 * hold text.  Equal text gives equal hashes; different text equal hashes
 * with odds of about 1 in 2^64. */
const uint64_t *incstat_records_hashes(const incstat_records *r, size_t row);
/* Read the text of these records (indexes, any order, repeats allowed) from
 * the file again; afterwards incstat_records_cell and _row give their text.  A new fetch replaces the last.
 * No-op for records that hold text.  Errors: those of the loader, EIO (the
 * file changed since it was loaded), ENOMEM. */
incstat_status incstat_records_fetch(incstat_records *r, const size_t *rows, size_t n,
                                     incstat_error *err);

/* Number of records, and of source columns (the header's). */
size_t incstat_records_count(const incstat_records *r);
size_t incstat_records_columns(const incstat_records *r);

/* The load report (borrowed); its columns[] name each source column (duplicate
 * names as the loader gives them: "Source", "Source.2") and the canonical
 * field it feeds. */
const incstat_load_report *incstat_records_report(const incstat_records *r);

/* The decoded text of cell col of record row (not NUL-terminated; *len its
 * length; "" for a cell a short row lacks).  Borrowed until the records are
 * freed.  row and col must be in range. */
const char *incstat_records_cell(const incstat_records *r, size_t row, size_t col, size_t *len);

/* The whole of record row at once: its cells' text back to back from *text,
 * cell c ending at (*ends)[c] bytes from it (cell c starts where c - 1
 * ends; the first at 0).  Both borrowed until the records are freed. */
void incstat_records_row(const incstat_records *r, size_t row, const char **text,
                         const uint32_t **ends);

/* What the loader made of record row: the line where it starts, its date
 * (day/month order resolved over the whole file), killed and injured low,
 * best and high (NaN when unknown), and whether its id is known (1; 0 when
 * the id column is mapped and the cell is blank or a missing token; 1 when
 * no id column is mapped). */
uint64_t incstat_records_line(const incstat_records *r, size_t row);
incstat_date incstat_records_date(const incstat_records *r, size_t row);
double incstat_records_number(const incstat_records *r, size_t row, incstat_num_field f);
int incstat_records_has_id(const incstat_records *r, size_t row);

/* The record as an incident (date and the killed/injured numbers; no text),
 * for a summary.  *inc is overwritten. */
void incstat_records_incident(const incstat_records *r, size_t row, incstat_incident *inc);

#ifdef __cplusplus
}
#endif
#endif
