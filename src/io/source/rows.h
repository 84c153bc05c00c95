/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/rows.h (private): a source of rows of typed cells, what a workbook
 * sheet (xlsx) or a statistics file (Stata, SPSS, SAS) gives the loader; a
 * CSV file gives rows of text cells through its own reader (csv.h).  The
 * first row a source gives is its header (the column names, as TEXT cells).
 *
 * A cell keeps the type the file says it has: a number stays a number, a
 * date a date, so the loader does not parse them again from text.  Every
 * cell also has a text form (what a person would read in the cell, and what
 * the loader falls back on): a number in the shortest decimal that reads
 * back to the same double ("1234.5", "0.1"), a date "2004-06-18", a date
 * and time "2004-06-18 14:30:00" (seconds dropped when 0: "... 14:30"), a
 * boolean "TRUE" or "FALSE", an error as the file writes it ("#N/A").
 * Text is UTF-8, not NUL-terminated, and valid until the next call to
 * next() (or free()). */
#ifndef INCSTAT_SRC_ROWS_H
#define INCSTAT_SRC_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "incstat/error.h"

typedef enum {
    INCSTAT_CELL_EMPTY = 0, /* no value: an absent or blank cell, a system missing
                               value, a tagged or user-defined missing value */
    INCSTAT_CELL_TEXT,      /* text (a value label is the label's text) */
    INCSTAT_CELL_NUMBER,    /* num holds it */
    INCSTAT_CELL_DATE,      /* num: days since 1970-01-01 (a whole number) */
    INCSTAT_CELL_DATETIME,  /* num: days since 1970-01-01, the time of day as the fraction */
    INCSTAT_CELL_BOOL,      /* num: 0 or 1 */
    INCSTAT_CELL_ERROR      /* an error value ("#N/A", "#DIV/0!"): the loader reads it as
                               missing */
} incstat_cell_type;

typedef struct {
    incstat_cell_type type;
    const char *text; /* the text form (see above); "" for EMPTY */
    size_t len;
    double num;       /* NUMBER, DATE, DATETIME, BOOL; NaN otherwise */
} incstat_cell;

typedef struct incstat_rows incstat_rows;

typedef struct {
    const char *format; /* "xlsx", "dta", "sav", "por", "sas7bdat" */
    /* The next row: INCSTAT_ROW, INCSTAT_DONE, or an error (EPARSE with the
     * row and column where they apply, EIO, ENOMEM, ELIMIT). */
    incstat_status (*next)(incstat_rows *r, incstat_error *err);
    /* Cells in the current row (a sheet's trailing empty cells may be left
     * out), and cell i (NULL past the count). */
    size_t (*count)(const incstat_rows *r);
    const incstat_cell *(*cell)(const incstat_rows *r, size_t i);
    /* The current row's number in the file, 1-based: a sheet's row number
     * (the header row's too), a data file's row (the header of names is 0,
     * its first record 1). */
    uint64_t (*row_number)(const incstat_rows *r);
    /* Where cell i of the current row is, for messages: "Data!B12",
     * "row 12, variable nkill"; written into buf (NUL-terminated). */
    void (*where)(const incstat_rows *r, size_t i, char *buf, size_t cap);
    /* Bytes of the input consumed so far (progress), and the input's size;
     * 0 when unknown. */
    uint64_t (*bytes_done)(const incstat_rows *r);
    uint64_t (*bytes_total)(const incstat_rows *r);
    /* Notes for the load report (merged cells, the sheet taken, ...): the
     * count, and note k as one line of text (borrowed until free). */
    size_t (*note_count)(const incstat_rows *r);
    const char *(*note)(const incstat_rows *r, size_t k);
    void (*free)(incstat_rows *r);
} incstat_rows_ops;

/* Every source begins with its ops; the rest is its own. */
struct incstat_rows {
    const incstat_rows_ops *ops;
};

static inline void incstat_rows_free(incstat_rows *r)
{
    if (r)
        r->ops->free(r);
}

#endif
