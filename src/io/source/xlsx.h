/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx.h (private): reading an .xlsx workbook (Office Open XML,
 * Transitional or Strict) as rows of typed cells (io/rows.h), one sheet at a
 * time, streaming: the sheet's XML is inflated on a second thread while the
 * caller's thread parses it, and memory holds the shared strings plus one
 * row.
 *
 * What a cell becomes (rows.h's types):
 *   - a number: NUMBER; with a date format (the built-in date ids, or a
 *     custom format with d, m, y, h or s outside quotes and brackets) DATE
 *     or DATETIME, from the 1900 or the 1904 date system as the workbook
 *     says; serial 60 of the 1900 system, the 1900-02-29 Excel counts but
 *     that never was, is an ERROR cell (read as missing) written
 *     "1900-02-29", and the notes say where;
 *   - a shared string, an inline string (rich text runs joined, phonetic
 *     runs left out) or a formula's string (t="str"): TEXT, with Excel's
 *     "_x000D_" escapes decoded; an empty string is EMPTY;
 *   - a boolean: BOOL "TRUE"/"FALSE"; an error ("#N/A", "#DIV/0!"): ERROR;
 *   - an ISO 8601 date (t="d"): DATE or DATETIME;
 *   - a cell without a value (only a style, or a formula with no cached
 *     value): EMPTY.
 * Cells are placed by their reference (A1, ...), so a sparse row has EMPTY
 * cells between its values; a cell without a reference follows the one
 * before it.  Rows that hold no value are not given: the first row is the
 * sheet's first row with a value (its header), and row_number() is the
 * sheet's own row number, so gaps show.  Merged cells keep their value in
 * the top-left cell (the others are empty, as the file has them); a note
 * says which ranges are merged, once the sheet has been read to its end
 * (a sheet lists its merged ranges after its cells).
 *
 * A malformed or hostile workbook gives an error naming the file, the part
 * and the cell, never a crash: a zip bomb, an entry of the wrong size, XML
 * that is not well-formed, a shared string index out of range, a cell
 * reference past XFD1048576, rows out of order.  Never prints or exits. */
#ifndef INCSTAT_SRC_IO_XLSX_H
#define INCSTAT_SRC_IO_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "incstat/error.h"
#include "io/source/rows.h"

typedef enum {
    INCSTAT_XLSX_WORKSHEET = 0,
    INCSTAT_XLSX_CHARTSHEET,  /* a chart on its own sheet: no cells */
    INCSTAT_XLSX_OTHER,       /* a dialog or macro sheet, or a sheet whose part is missing */
} incstat_xlsx_kind;

typedef struct {
    const char *name;       /* as the workbook names it (UTF-8) */
    const char *part;       /* its part in the archive ("xl/worksheets/sheet1.xml"), "" when the
                               workbook's relationship for it is missing */
    incstat_xlsx_kind kind;
    int hidden;             /* 0 visible, 1 hidden, 2 very hidden */
    const char *dimension;  /* the range the sheet says it uses ("A1:EE200001"), "" when it
                               does not say; a hint written by the producer, not checked */
    int has_cells;          /* 1 when a cell holds a value, 0 when none does, -1 for a chart
                               or other sheet; a shared string counts even when it is "" */
    uint64_t bytes;         /* the part's uncompressed size (0 when missing) */
} incstat_xlsx_sheet;

/* Options; all zero means the defaults. */
typedef struct {
    const char *sheet;      /* the sheet by name (exact, else ignoring ASCII case); NULL: see index */
    size_t index;           /* the sheet by its 1-based place in the workbook; 0 with sheet NULL:
                               the first worksheet that holds a value */
    uint64_t max_strings;   /* refuse a shared-strings part larger than this (uncompressed
                               bytes); 0: 4 GiB */
    const char *why;        /* the note on the sheet taken when the caller chose it (the
                               loader, by recognition); NULL: "taken, as asked" */
    /* for tests: which parser reads the sheet's XML */
    int expat;              /* 1: expat alone; 0: the scanner (xlsx_scan.h), expat where it doubts */
    size_t feed;            /* the scanner is fed at most this many bytes at a time; 0: whole chunks */
    unsigned feed_seed;     /* with feed: random pieces of 1 to feed bytes, from this seed */
} incstat_xlsx_options;

typedef struct incstat_xlsx_book incstat_xlsx_book;

/* Open the workbook at path and list its sheets (each worksheet is read up
 * to its first value, to fill has_cells and dimension).  Errors: EIO (cannot
 * open or read), EPARSE (not an .xlsx zip: an OLE2 file, a password-protected
 * workbook or an .xls is named as such; a damaged archive or XML), ELIMIT,
 * ENOMEM.  The caller frees *out with incstat_xlsx_book_free. */
incstat_status incstat_xlsx_book_open(const char *path, incstat_xlsx_book **out,
                                      incstat_error *err);
void incstat_xlsx_book_free(incstat_xlsx_book *b);
/* The sheets, in the workbook's order; sheet i (0-based) is borrowed from
 * the book, NULL past the count. */
size_t incstat_xlsx_book_count(const incstat_xlsx_book *b);
const incstat_xlsx_sheet *incstat_xlsx_book_sheet(const incstat_xlsx_book *b, size_t i);
/* 1 when the workbook counts dates from 1904 (Excel for the Mac before 2011). */
int incstat_xlsx_book_date1904(const incstat_xlsx_book *b);

/* The rows of the sheet o chooses (o NULL: the defaults).  The rows keep
 * what they need of the book: the book may be freed before them.  The
 * first note names the sheet taken and why.  Errors: EINVAL (no sheet of
 * that name or index, listing the sheets; a chart sheet chosen), EEMPTY (no
 * worksheet holds a value), EPARSE, ELIMIT, EIO, ENOMEM. */
incstat_status incstat_xlsx_book_rows(incstat_xlsx_book *b, const incstat_xlsx_options *o,
                                      incstat_rows **out, incstat_error *err);

/* incstat_xlsx_book_open then incstat_xlsx_book_rows, the book freed. */
incstat_status incstat_xlsx_open(const char *path, const incstat_xlsx_options *o,
                                 incstat_rows **out, incstat_error *err);

#endif
