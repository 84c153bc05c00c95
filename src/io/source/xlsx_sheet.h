/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_sheet.h (private): one worksheet of a workbook as rows of
 * typed cells (io/rows.h), parsed row by row as its part is inflated.  What
 * a cell becomes is described in io/xlsx.h.  Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_SHEET_H
#define INCSTAT_SRC_IO_XLSX_SHEET_H

#include "core/internal.h"
#include "io/source/rows.h"
#include "io/source/xlsx.h"
#include "io/source/xlsx_book.h"

/* The rows of sheet i of sh (a worksheet with a part); they hold a
 * reference to sh.  probe: only find whether a cell holds a value (the
 * first next() says), without the shared strings or the styles, which need
 * not have been loaded.  o (may be NULL): its expat, feed and feed_seed
 * (the parser, for tests).  The XML is read by the scanner (xlsx_scan.h),
 * and by expat from where the scanner has its doubts.  Errors: ENOMEM, EIO,
 * EPARSE (the stream's). */
incstat_status xlsx_sheet_open(xlsx_shared *sh, size_t i, int probe, const incstat_xlsx_options *o,
                               incstat_rows **out, incstat_error *err);
/* Why the scanner handed the sheet r over to expat (static text), NULL when
 * it did not (or r is not a sheet's rows, or expat was asked for). */
const char *xlsx_sheet_fell_back(const incstat_rows *r);
/* The sheet's <dimension ref>, as far as the rows have been read; "" when
 * none was seen. */
const char *xlsx_sheet_dimension(const incstat_rows *r);
/* Add a note for the load report (formatted and copied): 0, or -1 when out
 * of memory (the note is then lost, nothing else). */
int xlsx_sheet_note(incstat_rows *r, const char *fmt, ...) INCSTAT_PRINTF(2, 3);

#endif
