/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/escape.h (private): text for CSV, TSV and JSON output, written
 * into a caller's buffer (the exports and the diff's writers).  Worst-case
 * sizes: CSV/TSV 2n + 2 bytes, JSON 6n + 2. */
#ifndef INCSTAT_SRC_ESCAPE_H
#define INCSTAT_SRC_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#define INCSTAT_CSV_ROOM(n) (2 * (n) + 2)
#define INCSTAT_JSON_ROOM(n) (6 * (n) + 2)

/* s[0..n) as one CSV field with delimiter delim, quoted only when it must
 * be (it holds the delimiter, a quote, CR, LF or NUL, or starts or ends with
 * a space); quotes doubled.  Returns the bytes written. */
size_t incstat_escape_csv_(char *dst, const char *s, size_t n, char delim);

/* s[0..n) as a JSON string with its quotes; control characters (NUL
 * included) as \u00XX or their short forms.  s must be UTF-8.  Returns the
 * bytes written. */
size_t incstat_escape_json_(char *dst, const char *s, size_t n);

/* The same to a stream, for writers of small outputs (the diff).  0, or -1
 * when out of memory. */
int incstat_fput_csv_(FILE *out, const char *s, size_t n, char delim);
int incstat_fput_json_(FILE *out, const char *s, size_t n);

#endif
