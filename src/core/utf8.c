/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/utf8.c: UTF-8 validation and sanitising.  No allocation, no
 * mutable global state. */
#include "core/utf8.h"

/* Examine the sequence starting at s[0] (n >= 1, s[0] >= 0x80).  Returns its
 * length when it is a valid UTF-8 sequence; otherwise 0, with *bad set to the
 * length of the maximal invalid subpart (>= 1): the longest prefix that could
 * still begin a valid sequence, or 1 when the lead byte cannot. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char b0 = s[0], lo = 0x80, hi = 0xBF;
    size_t need, k;

    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (b0 == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0)
            lo = 0x90; /* no overlongs */
        else if (b0 == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *bad = 1; /* 80..BF stray continuation, C0 C1 overlong, F5..FF */
        return 0;
    }

    for (k = 1; k <= need; k++) {
        if (k >= n || s[k] < lo || s[k] > hi) {
            *bad = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

size_t incstat_utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t len, bad;
        i += incstat_ascii_run(s + i, n - i);
        if (i == n)
            break;
        len = utf8_seq(s + i, n - i, &bad);
        if (len == 0)
            return i;
        i += len;
    }
    return n;
}

/* Whole records go through here (the CSV reader checks a record once when
 * a caller reads many of its cells), so the high bits of 64 bytes are
 * gathered before one test, rather than one test per 16. */
int incstat_is_ascii(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    for (; n - i >= 64; i += 64) {
        const __m128i *p = (const __m128i *)(const void *)(s + i);
        __m128i a = _mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1));
        __m128i b = _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3));
        if (_mm_movemask_epi8(_mm_or_si128(a, b)))
            return 0;
    }
#endif
    return incstat_ascii_run(s + i, n - i) == n - i;
}

size_t incstat_utf8_sanitize(const unsigned char *s, size_t n, unsigned char *out,
                             size_t *replaced)
{
    size_t i = 0, o = 0, count = 0;

    while (i < n) {
        size_t run = incstat_ascii_run(s + i, n - i), len, bad = 0;
        if (run > 0) {
            memcpy(out + o, s + i, run);
            i += run;
            o += run;
            if (i == n)
                break;
        }
        len = utf8_seq(s + i, n - i, &bad);
        if (len > 0) {
            memcpy(out + o, s + i, len);
            o += len;
            i += len;
        } else {
            /* bad >= 1 input bytes become 3 output bytes: o <= 3*i holds. */
            out[o] = 0xEF;
            out[o + 1] = 0xBF;
            out[o + 2] = 0xBD;
            o += 3;
            i += bad;
            count++;
        }
    }
    if (replaced)
        *replaced = count;
    return o;
}
