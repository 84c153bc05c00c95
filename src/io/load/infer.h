/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/infer.h (private): the column types of inspect (load option
 * infer_types): every cell of every record is classified and counted in its
 * column's report. */
#ifndef INCSTAT_SRC_INFER_H
#define INCSTAT_SRC_INFER_H

#include <stddef.h>
#include "incstat/csv.h"
#include "incstat/load.h"
#include "core/internal.h"

/* What one cell looks like. */
typedef enum {
    INCSTAT_INFER_MISSING,
    INCSTAT_INFER_INTEGER,
    INCSTAT_INFER_NUMBER,
    INCSTAT_INFER_RANGE,
    INCSTAT_INFER_DATE,
    INCSTAT_INFER_TEXT
} incstat_infer_class;

/* The class of a cell, trimmed as the loader trims.  Decides the common
 * shapes ("12", "-9", "33.7", "2004-06-18", names) without the value
 * parsers and hands the rest to incstat_infer_cell_reference_, whose answer
 * it always gives. */
incstat_infer_class incstat_infer_cell_(const char *s, size_t n);

/* The definition: the count parser, then the date parser.  Slow; kept to
 * check incstat_infer_cell_ against and to decide what it does not. */
incstat_infer_class incstat_infer_cell_reference_(const char *s, size_t n);

/* Count the first ncols cells of csv's current record into cols (a cell
 * missing in a column mapped to a field is that field's to count).  Returns
 * 0, or -1 when out of memory. */
int incstat_infer_row_(incstat_csv *csv, incstat_column_report *cols, size_t ncols);

/* 1 when a trimmed text cell means "unknown": empty, -, --, ?, NA, N/A,
 * n.a., NULL, Unknown (any case).  Inline: the loader asks it of every text
 * cell and inspect of every cell, and by length the common case (a longer
 * name) costs one compare. */
static inline int incstat_infer_missing_text_(const char *s, size_t n)
{
    switch (n) {
    case 0: return 1;
    case 1: return s[0] == '-' || s[0] == '?';
    case 2: return (s[0] == '-' && s[1] == '-') || incstat_ascii_ncaseeq(s, n, "na");
    case 3: return incstat_ascii_ncaseeq(s, n, "n/a");
    case 4: return incstat_ascii_ncaseeq(s, n, "n.a.") || incstat_ascii_ncaseeq(s, n, "null");
    case 7: return incstat_ascii_ncaseeq(s, n, "unknown");
    default: return 0;
    }
}

#endif
