/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/source.c: what a path holds, and the reader of its rows.  A
 * workbook (.xlsx, an Office Open XML zip) is read sheet by sheet as rows
 * of typed cells (xlsx.h), a statistics file (Stata, SPSS, SAS) through
 * ReadStat (stats_file.h) when the build has it, and anything else as CSV,
 * plain or gzipped.  The file says what it is by its first bytes; the
 * extension only breaks ties (an SPSS portable file has no magic). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/source/source.h"
#include "io/source/stats_file.h"
#include "io/source/xlsx.h"

/* The first bytes of path; 0 when it cannot be read (the CSV reader says
 * why, with its own message). */
static size_t head_of(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && incstat_ascii_ncaseeq(s + n - k, k, suffix);
}

const char *incstat_source_format_(const char *path)
{
    unsigned char head[512];
    if (!path || strcmp(path, "-") == 0)
        return "csv";
    size_t n = head_of(path, head, sizeof head);
    /* Stata, SPSS, SAS: what ReadStat reads */
    const char *stats = incstat_statsfile_sniff(head, n, path);
    if (stats)
        return stats;
    /* a zip: the workbooks of Excel, LibreOffice and Google Sheets */
    if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0)
        return "xlsx";
    /* an OLE2 compound file: an .xls, or an encrypted .xlsx (the reader
     * names it as such) */
    if (n >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0 &&
        (ends_with(path, ".xlsx") || ends_with(path, ".xlsm") || ends_with(path, ".xls")))
        return "xlsx";
    return "csv";
}

incstat_status incstat_source_open_(const char *path, const incstat_source_options *o,
                                    incstat_csv **out, incstat_error *err)
{
    *out = NULL;
    const char *fmt = incstat_source_format_(path);
    if (strcmp(fmt, "xlsx") == 0) {
        incstat_xlsx_options xo;
        memset(&xo, 0, sizeof xo);
        if (o && o->sheet && *o->sheet) {
            /* a number is the sheet's place, unless a sheet has that name */
            char *end;
            unsigned long k = strtoul(o->sheet, &end, 10);
            if (*end == '\0' && k > 0)
                xo.index = (size_t)k;
            else
                xo.sheet = o->sheet;
            xo.why = o->sheet_why;
        }
        incstat_rows *rows;
        incstat_status st = incstat_xlsx_open(path, &xo, &rows, err);
        if (st)
            return st;
        return incstat_csv_open_rows_(rows, path, out, err);
    }
    if (strcmp(fmt, "csv") != 0) { /* dta, sav, por, sas7bdat */
        incstat_statsfile_options so;
        memset(&so, 0, sizeof so);
        so.format = fmt;
        /* an old .dta says nothing of its text: --encoding, else Windows-1252 */
        static const char *const ICONV[] = {
            [INCSTAT_ENCODING_UTF8] = "UTF-8", [INCSTAT_ENCODING_WINDOWS_1252] = "WINDOWS-1252",
            [INCSTAT_ENCODING_ISO_8859_1] = "ISO-8859-1", [INCSTAT_ENCODING_MAC_ROMAN] = "MACINTOSH"};
        if (o && o->csv.encoding != INCSTAT_ENCODING_AUTO &&
            (size_t)o->csv.encoding < sizeof ICONV / sizeof ICONV[0])
            so.encoding = ICONV[o->csv.encoding];
        incstat_rows *rows;
        incstat_status st = incstat_statsfile_open(path, &so, &rows, err);
        if (st)
            return st;
        return incstat_csv_open_rows_(rows, path, out, err);
    }
    return incstat_csv_open_path(path, o ? &o->csv : NULL, out, err);
}
