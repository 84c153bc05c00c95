/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_sheet.h (private): one worksheet of a workbook as rows of
 * typed cells (io/rows.h), parsed row by row as its part is inflated.  What
 * a cell becomes is described in io/xlsx.h.  Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_SHEET_H
#define INCSTAT_SRC_IO_XLSX_SHEET_H

#include "core/internal.h"
#include "io/source/rows.h"
#include "io/source/xlsx_book.h"

/* The rows of sheet i of sh (a worksheet with a part); they hold a
 * reference to sh.  probe: only find whether a cell holds a value (the
 * first next() says), without the shared strings or the styles, which need
 * not have been loaded.  Errors: ENOMEM, EIO, EPARSE (the stream's). */
incstat_status xlsx_sheet_open(xlsx_shared *sh, size_t i, int probe, incstat_rows **out,
                               incstat_error *err);
/* The sheet's <dimension ref>, as far as the rows have been read; "" when
 * none was seen. */
const char *xlsx_sheet_dimension(const incstat_rows *r);
/* Add a note for the load report (formatted and copied): 0, or -1 when out
 * of memory (the note is then lost, nothing else). */
int xlsx_sheet_note(incstat_rows *r, const char *fmt, ...) INCSTAT_PRINTF(2, 3);

#endif
