/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/diff.h: what changed between two releases of one dataset.  Records
 * of the old and the new file (incstat/records.h, each loaded with its own
 * encoding, preset and columns) are matched by the canonical id when both
 * files have one, else by a key (date plus location plus city unless the
 * caller names other fields or columns); records that share a key are
 * matched in file order.  Matched records are compared cell by cell on the
 * columns both files have (names compared after trimming spaces), on the
 * decoded source text.  A difference only in surrounding or repeated white
 * space (spaces, tabs, line breaks, no-break spaces) is not a change: such
 * cells are counted, and listed as changes only when asked.  The yearly
 * incidents, killed and injured of both files (as incstat summary counts
 * them) are compared year by year. */
#ifndef INCSTAT_DIFF_H
#define INCSTAT_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "incstat/error.h"
#include "incstat/records.h"
#include "incstat/summary.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options; all-zero means: by id when both files have one, else by date,
 * location and city; white-space-only differences counted, not listed. */
typedef struct {
    /* Key fields or columns: canonical field names (date compares the parsed
     * date, so "18/06/2004" matches "2004-06-18"; others compare the mapped
     * column's text) or header names.  NULL/0: the default. */
    const char *const *key;
    size_t n_key;
    int whitespace; /* 1: list white-space-only differences as changes */
} incstat_diff_options;

/* One differing cell.  Texts are borrowed from the records (not
 * NUL-terminated). */
typedef struct {
    const char *column;          /* the new file's name for it */
    const char *old_text, *new_text;
    size_t old_len, new_len;
    int whitespace;              /* differs only in white space */
} incstat_diff_cell;

/* An added, removed or changed record. */
typedef struct {
    const char *id;              /* the id, or the key's parts joined by " | " */
    size_t old_row, new_row;     /* record indexes; SIZE_MAX where absent */
    uint64_t old_line, new_line; /* 0 where absent */
    incstat_date date;           /* of the new record (the old one when removed) */
    double killed;               /* best estimate, NaN when unknown */
    const incstat_diff_cell *cells; /* changed records: the differing cells */
    size_t n_cells;
    int in_counts;               /* a killed or injured column differs */
} incstat_diff_record;

typedef enum {
    INCSTAT_DIFF_ADDED = 0,
    INCSTAT_DIFF_REMOVED,
    INCSTAT_DIFF_CHANGED
} incstat_diff_kind;

/* A year whose figures differ.  NaN where a figure is unknown. */
typedef struct {
    int year;
    uint64_t incidents_old, incidents_new;
    double killed_old, killed_new, killed_low_old, killed_low_new, killed_high_old,
        killed_high_new, injured_old, injured_new;
} incstat_diff_year;

/* How records were matched. */
typedef struct {
    int by_id;                   /* 1: the canonical id */
    const char *old_key, *new_key; /* the key as named in each file: "S#", "date, City" */
    uint64_t duplicate_keys;     /* keys held by more than one record in a file */
    const char *first_duplicate; /* one of them (display form), NULL when none */
    uint64_t whitespace_cells;   /* cells differing only in white space */
} incstat_diff_match;

typedef struct incstat_diff incstat_diff;

/* Compare.  old_recs and new_recs are borrowed and must outlive the diff;
 * when they hold hashes (incstat_records_load_hashed) the text of the
 * records that differ is read into them (incstat_records_fetch).
 * Errors: ENOCOLUMN (the files share no column: not releases of one dataset;
 * a key field or column one file lacks, nearest name suggested), EINVAL (a
 * record without an id when matching by id: message names file and line and
 * suggests a key), ENOMEM, and those of incstat_records_fetch. */
incstat_status incstat_diff_new(incstat_records *old_recs, incstat_records *new_recs,
                                const incstat_diff_options *opts, incstat_diff **out,
                                incstat_error *err);
void incstat_diff_free(incstat_diff *d);

size_t incstat_diff_count(const incstat_diff *d, incstat_diff_kind kind);
/* Record i of a kind (added and changed in new-file order, removed in
 * old-file order); borrowed. */
const incstat_diff_record *incstat_diff_record_at(const incstat_diff *d, incstat_diff_kind kind,
                                                  size_t i);
/* Columns only in the new file (added) or only in the old (removed), as
 * named there; *names borrowed. */
size_t incstat_diff_columns(const incstat_diff *d, int added, const char *const **names);
/* Years whose incidents, killed (best, low, high) or injured differ. */
size_t incstat_diff_years(const incstat_diff *d, const incstat_diff_year **years);
const incstat_diff_match *incstat_diff_match_info(const incstat_diff *d);

/* One line: "4 added, 0 removed, 8 changed (none in killed or injured);
 * 2017 incidents 17 -> 21, killed 262.5 -> 277.5", into buf (NUL-terminated,
 * truncated to cap). */
void incstat_diff_summary_line(const incstat_diff *d, char *buf, size_t cap);

/* Write the diff: INCSTAT_FORMAT_TABLE (sections for people), _JSON (an
 * object with match, added, removed, changed, columns_added,
 * columns_removed, yearly, summary) or _CSV / _TSV (one row per differing
 * cell, added or removed record, or added or removed column).  Errors: EIO,
 * EINVAL (another format). */
incstat_status incstat_diff_write(const incstat_diff *d, incstat_format fmt, FILE *out,
                                  incstat_error *err);

#ifdef __cplusplus
}
#endif
#endif
