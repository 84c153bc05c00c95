/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_book.h (private): what every sheet of a workbook shares: the
 * archive, the sheets the workbook lists (followed through its
 * relationships to their parts), the date system, the styles' date formats
 * and the shared strings.  Reference-counted, so that the rows of a sheet
 * can outlive the book handle they were opened from (one thread at a time:
 * the count is not atomic).  Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_BOOK_H
#define INCSTAT_SRC_IO_XLSX_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "io/source/xlsx.h"
#include "io/source/xlsx_zip.h"

typedef struct {
    char *name;
    char *part;  /* the entry's name in the archive; NULL when its relationship is missing */
    incstat_xlsx_kind kind;
    int hidden;  /* 0 visible, 1 hidden, 2 very hidden */
} xlsx_sheet_ref;

typedef struct {
    int refs;
    xlsx_zip *z;
    char *file;
    int date1904;
    xlsx_sheet_ref *sheets;
    size_t nsheets;
    char *strings_part, *styles_part; /* NULL when the workbook has none */
    uint64_t max_strings;             /* limit on the shared strings' XML */

    int loaded;                       /* styles and shared strings read */
    unsigned char *xf_date;           /* style index -> 1 when its format is a date */
    size_t nxf;
    char *sbuf;                       /* the shared strings, end to end */
    size_t sbuf_cap;
    uint64_t *soff;                   /* string i is sbuf[soff[i], soff[i+1]) */
    size_t nstr, soff_cap;
} xlsx_shared;

/* Open the workbook at path (name for messages): the archive, the
 * workbook part, its relationships and its sheet list.  Errors: those of
 * xlsx_zip_open, EPARSE (no workbook part, XML that is not well-formed),
 * ELIMIT, ENOMEM. */
incstat_status xlsx_shared_open(const char *path, const char *name, xlsx_shared **out,
                                incstat_error *err);
/* Read the styles and the shared strings, once (later calls return OK at
 * once).  max_strings: the largest shared-strings part read (uncompressed
 * bytes), 0 for the default (4 GiB).  Errors: EPARSE, ELIMIT, ENOMEM, EIO. */
incstat_status xlsx_shared_load(xlsx_shared *sh, uint64_t max_strings, incstat_error *err);
void xlsx_shared_retain(xlsx_shared *sh);
void xlsx_shared_release(xlsx_shared *sh);

/* 1 when style index s shows a date. */
static inline int xlsx_style_is_date(const xlsx_shared *sh, size_t s)
{
    return s < sh->nxf && sh->xf_date[s];
}

#endif
