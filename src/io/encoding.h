/* src/io/encoding.h (private): text encodings of input files, transcoded to UTF-8. */
#ifndef INCSTAT_SRC_ENCODING_H
#define INCSTAT_SRC_ENCODING_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/csv.h" /* incstat_encoding */

/* Length of the longest prefix of s[0..n) that is valid UTF-8 (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF).  Returns n when the
 * whole span is valid.  Fast path for ASCII runs. */
size_t incstat_utf8_valid_prefix(const unsigned char *s, size_t n);

/* 1 when s[0..n) holds only bytes < 0x80. */
int incstat_is_ascii(const unsigned char *s, size_t n);

/* Transcode s[0..n) from a single-byte encoding (WINDOWS_1252, ISO_8859_1,
 * MAC_ROMAN) to UTF-8 into out, which must hold at least 3*n bytes.  Bytes
 * that Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) map to the
 * C1 control of the same value, as WHATWG does.  Returns bytes written. */
size_t incstat_transcode_to_utf8(incstat_encoding enc, const unsigned char *s, size_t n,
                                 unsigned char *out);

/* Copy s[0..n) to out (at least 3*n bytes) replacing every invalid UTF-8
 * sequence by U+FFFD (one per maximal invalid subpart, as the Unicode
 * standard recommends).  Returns bytes written; *replaced (may be NULL) gets
 * the number of replacements. */
size_t incstat_utf8_sanitize(const unsigned char *s, size_t n, unsigned char *out,
                             size_t *replaced);

/* Parse an encoding name, case-insensitively, with the usual aliases:
 * utf-8/utf8; windows-1252/cp1252/win1252/1252; iso-8859-1/latin1/latin-1/
 * iso8859-1/l1; mac-roman/macroman/macintosh/x-mac-roman; auto.  Returns 0 and
 * sets *out, or -1 when unknown. */
int incstat_encoding_from_name(const char *name, incstat_encoding *out);

/* Canonical name ("utf-8", "windows-1252", "iso-8859-1", "mac-roman", "auto"). */
const char *incstat_encoding_name(incstat_encoding enc);

#endif
