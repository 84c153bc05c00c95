/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/utf8.h (private): UTF-8 validity and ASCII runs, used by the CSV
 * reader (src/io) and by the chart module (which refuses invalid UTF-8 before
 * Pango sees it), so they live in core, below both.  Never installed. */
#ifndef INCSTAT_SRC_CORE_UTF8_H
#define INCSTAT_SRC_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Length of the longest prefix of s[0..n) that is valid UTF-8 (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF).  Returns n when the
 * whole span is valid.  Fast path for ASCII runs. */
size_t incstat_utf8_valid_prefix(const unsigned char *s, size_t n);

/* 1 when s[0..n) holds only bytes < 0x80. */
int incstat_is_ascii(const unsigned char *s, size_t n);

/* Copy s[0..n) to out (at least 3*n bytes) replacing every invalid UTF-8
 * sequence by U+FFFD (one per maximal invalid subpart, as the Unicode
 * standard recommends).  Returns bytes written; *replaced (may be NULL) gets
 * the number of replacements. */
size_t incstat_utf8_sanitize(const unsigned char *s, size_t n, unsigned char *out,
                             size_t *replaced);

/* Inline (not a call into another file) because the transcoder in
 * src/io/source/encoding.c runs it over every byte of a file, as it did when both
 * lived in one file. */
#define INCSTAT_HIGH_MASK UINT64_C(0x8080808080808080)

/* 1 when the 8 bytes at p are all < 0x80.  memcpy: no unaligned or
 * type-punned pointer access; compilers turn it into one load. */
static inline int incstat_block8_is_ascii(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return (w & INCSTAT_HIGH_MASK) == 0;
}

/* Length of the ASCII run at the start of s[0..n).  Sixteen bytes at a
 * time with SSE2: every cell of a file goes through here. */
static inline size_t incstat_ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    while (n - i >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (n - i >= 8 && incstat_block8_is_ascii(s + i))
        i += 8;
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

#endif
