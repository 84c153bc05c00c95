/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/encoding.h (private): text encodings of input files, transcoded to UTF-8. */
#ifndef INCSTAT_SRC_ENCODING_H
#define INCSTAT_SRC_ENCODING_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/csv.h"  /* incstat_encoding */
#include "incstat/load.h" /* incstat_encoding_choice */
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
/* The name for people ("UTF-8" for AUTO and UTF8, "Windows-1252",
 * "ISO-8859-1", "Mac Roman"). */
const char *incstat_encoding_label(incstat_encoding enc);

/* The character byte b stands for in a single-byte encoding (b itself below
 * 0x80, and for AUTO and UTF8). */
uint32_t incstat_encoding_code_point(incstat_encoding enc, unsigned char b);

/* ---- which single-byte encoding text reads in (encoding_score.c) ---- */

/* The encodings AUTO chooses among, in the order ties go after the prior. */
#define INCSTAT_ENCODING_CANDIDATES 3
extern const incstat_encoding incstat_encoding_candidates[INCSTAT_ENCODING_CANDIDATES];

/* Points for s[0..n) decoded in enc (a candidate): each non-ASCII byte's
 * character scored with its neighbours, positive where it sits as in text
 * ("Army's", "café", a quote at a word's edge), negative where it does not
 * (a capital inside a lowercase word, a C1 control, a rare sign inside a
 * word); ASCII scores nothing.  The ends of s count as word boundaries. */
long incstat_encoding_plausibility(incstat_encoding enc, const unsigned char *s, size_t n);

/* Points over a sample, per candidate; all-zero to start. */
typedef struct {
    long score[INCSTAT_ENCODING_CANDIDATES];
    uint64_t cells, bytes;    /* cells with a non-ASCII byte, and those bytes */
    unsigned char seen[16];   /* a bit for each byte 0x80..0xFF seen */
} incstat_encoding_tally;

/* Add one cell (the caller passes cells that are not valid UTF-8). */
void incstat_encoding_tally_add(incstat_encoding_tally *t, const unsigned char *s, size_t n);

/* The choice from a tally: the best score, ties to prior (a candidate, or
 * AUTO for none) and then to the order of the candidates; by TEXT when
 * another candidate reads the sample differently, else by PRESET (prior
 * set) or DEFAULT.  Sets every field of out; sampled is 1. */
void incstat_encoding_decide(const incstat_encoding_tally *t, incstat_encoding prior,
                             incstat_encoding_choice *out);

#endif
