/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/stats_file.h (private): Stata (.dta), SPSS (.sav, .zsav, .por) and
 * SAS (.sas7bdat) files as a source of rows of typed cells (rows.h), read
 * with ReadStat (libreadstat).
 *
 * Row 0 is the header: the variable names, as TEXT cells.  Then one row per
 * record, one cell per variable:
 *   - a number is a NUMBER (a Stata float is the shortest decimal that reads
 *     back to the same float: 3.14, not 3.1400001049041748);
 *   - a value that has a value label is the label's TEXT (both for numbers and
 *     for SPSS strings); a value of a labelled variable without a label
 *     stays what it is;
 *   - dates and times are recognised by the variable's display format, as
 *     haven does: Stata %td and %d are DATE, %tc and %tC DATETIME; SPSS DATE,
 *     ADATE, EDATE, JDATE, SDATE are DATE, DATETIME is DATETIME; SAS DATE,
 *     MMDDYY, DDMMYY, YYMMDD, WEEKDATE are DATE, DATETIME is DATETIME.  A
 *     time of day or a duration (SPSS TIME and DTIME, SAS TIME and HHMM) has
 *     no cell type of its own: it is TEXT "HH:MM:SS" (".ff" when the seconds
 *     have a fraction), as R's hms prints it;
 *   - system missing values, Stata's tagged missing values (.a to .z, even
 *     those with a value label) and SPSS user-defined missing values (values
 *     and ranges, numbers and strings) are EMPTY, as is an empty string;
 *   - text is UTF-8: ReadStat converts it from the file's encoding, and any
 *     sequence still invalid is replaced by U+FFFD (a note counts them).
 *
 * The records are read on a thread of their own, ahead of the caller, a
 * few thousand cells at a time: the file is never held whole (what ReadStat
 * itself keeps is the exception: the long strings (strL) of a .dta).  A
 * .dta is opened with one pass over its header and value labels first (they
 * follow the records in the file), which skips over the records. */
#ifndef INCSTAT_SRC_IO_STATS_FILE_H
#define INCSTAT_SRC_IO_STATS_FILE_H

#include <stddef.h>

#include "incstat/error.h"
#include "io/source/rows.h"

typedef struct {
    /* The text encoding of a .dta older than format 118 (Stata 13 and
     * before), which the file does not record: an iconv name such as
     * "WINDOWS-1251" or "UTF-8".  NULL or "": Windows-1252, what those
     * versions of Stata wrote on Windows and macOS.  Other files say their
     * encoding (a note says when this option was not used). */
    const char *encoding;
    /* NULL or "": the format from the file's first bytes (the .por
     * extension for a portable file, whose first bytes are free text);
     * otherwise one of "dta", "sav", "por", "sas7bdat". */
    const char *format;
} incstat_statsfile_options;

/* Open the statistics file at path and read its variables and value labels;
 * the records are read by the returned source's next().  o may be NULL (the
 * defaults).  On success *out is the source (free with incstat_rows_free());
 * on failure *out is NULL.  Errors: EIO (the file cannot be opened or read),
 * EPARSE (not a statistics file, or a malformed one: the message names the
 * file and what ReadStat says), EINVAL (an unknown format or encoding in o),
 * EEMPTY (a file without variables), ENOMEM.
 *
 * next() fails with EPARSE or EIO naming the file and the record (err->line
 * the record, 1-based, as row_number()), or ENOMEM. */
incstat_status incstat_statsfile_open(const char *path, const incstat_statsfile_options *o,
                                      incstat_rows **out, incstat_error *err);

/* The format of a file from its first n bytes (head; 512 are enough) and its
 * name (path, may be NULL): "dta", "sav", "por" or "sas7bdat"; NULL when it
 * is none of them.  A portable file is recognised by its name (.por) or by
 * the "SPSS PORT FILE" its header usually begins with. */
const char *incstat_statsfile_sniff(const unsigned char *head, size_t n, const char *path);

#endif
