/* src/io/encoding.h (private): text encodings of input files, transcoded to UTF-8. */
#ifndef INCSTAT_SRC_ENCODING_H
#define INCSTAT_SRC_ENCODING_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/csv.h" /* incstat_encoding */
#include "core/utf8.h"  /* validity and sanitising, shared with the charts */

/* Transcode s[0..n) from a single-byte encoding (WINDOWS_1252, ISO_8859_1,
 * MAC_ROMAN) to UTF-8 into out, which must hold at least 3*n bytes.  Bytes
 * that Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) map to the
 * C1 control of the same value, as WHATWG does.  Returns bytes written. */
size_t incstat_transcode_to_utf8(incstat_encoding enc, const unsigned char *s, size_t n,
                                 unsigned char *out);

/* Parse an encoding name, case-insensitively, with the usual aliases:
 * utf-8/utf8; windows-1252/cp1252/win1252/1252; iso-8859-1/latin1/latin-1/
 * iso8859-1/l1; mac-roman/macroman/macintosh/x-mac-roman; auto.  Returns 0 and
 * sets *out, or -1 when unknown. */
int incstat_encoding_from_name(const char *name, incstat_encoding *out);

/* Canonical name ("utf-8", "windows-1252", "iso-8859-1", "mac-roman", "auto"). */
const char *incstat_encoding_name(incstat_encoding enc);

#endif
