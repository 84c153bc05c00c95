/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/value_internal.h (private): what the type inference (infer.c) needs to
 * know about the cell parsers' grammar to skip them safely. */
#ifndef INCSTAT_SRC_VALUE_INTERNAL_H
#define INCSTAT_SRC_VALUE_INTERNAL_H

#include <stddef.h>

#include "incstat/value.h"

/* 1 when a cell that begins with the ASCII letters w[0..len) followed by a
 * byte that is not an ASCII letter (or by nothing) is neither a count nor a
 * date, whatever follows: w is not the letters a count's prefix word opens
 * with ("about", "over", "approx" of "approx.") and not a word a date may
 * begin with (a month or weekday name, misspellings included, or "of").
 * 0 when it may be either. */
int incstat_value_word_inert_(const char *w, size_t len);

/* The Excel serial day numbers the date parser reads ("38156" is 2004-06-18):
 * 1927-05-18 to 2199-12-31.  Recognition takes a date-named column of such
 * integers for the date. */
/* The month a cell names, in English, whole or by its first three letters,
 * any case ("January", "jan", "Sept"), trimmed; 1-12, or 0 when it names
 * none.  A month column of a table of months may hold names. */
int incstat_value_month_name_(const char *s, size_t n);

/* The date of day days counted from 1970-01-01 (a typed date of a workbook
 * or data file, rows.h) into *out, day precision; 0, or -1 outside the
 * years 1000-2999 the parser takes. */
int incstat_date_from_days_(double days, incstat_date *out);

#define INCSTAT_EXCEL_MIN 10000L
#define INCSTAT_EXCEL_MAX 109574L

#endif
