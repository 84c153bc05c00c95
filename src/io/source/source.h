/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/source.h (private): what a path holds and the reader of its
 * rows (source.c). */
#ifndef INCSTAT_SRC_IO_SOURCE_SOURCE_H
#define INCSTAT_SRC_IO_SOURCE_SOURCE_H

#include "incstat/csv.h"
#include "incstat/error.h"

typedef struct {
    incstat_csv_options csv; /* for a CSV file */
    const char *sheet;       /* a workbook's sheet: its name, or its 1-based place;
                                NULL: the first worksheet that holds a value */
    const char *sheet_why;   /* why that sheet, when the caller chose it (for the
                                load report); NULL: the user asked for it */
} incstat_source_options;

/* "xlsx", "dta", "sav", "por", "sas7bdat" or "csv" (standard input, a plain
 * or gzipped CSV, anything else), from the first bytes of path. */
const char *incstat_source_format_(const char *path);

/* The reader of path's rows: a workbook's sheet through csv_rows.c, else
 * the CSV reader.  Errors: those of the readers (EIO, EPARSE, EINVAL for a
 * sheet the workbook lacks, EEMPTY, ENOMEM). */
incstat_status incstat_source_open_(const char *path, const incstat_source_options *o,
                                    incstat_csv **out, incstat_error *err);

#endif
