/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/value_text.h (private): the byte-level grammar the cell parsers
 * share (value_number.c, value_date.c, value_missing.c): digits, letters,
 * the spaces spreadsheets write, words, and the missing tokens.  Inline: the
 * parsers run on millions of cells.  No read past s + n: cells come straight
 * out of a CSV buffer and are not NUL-terminated. */
#ifndef INCSTAT_SRC_VALUE_TEXT_H
#define INCSTAT_SRC_VALUE_TEXT_H

#include <stddef.h>

/* Cells longer than this are rejected before even trimming them, so that a
 * 10 MB garbage cell costs nothing. */
#define RAW_MAX 4096

static inline int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline int is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

static inline unsigned char to_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Width of a space at s[i] (i < n): ASCII blanks, U+00A0 (C2 A0) and
 * U+202F (E2 80 AF), both common in spreadsheet exports; 0 when none. */
static inline size_t space_at(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0xAF)
        return 3;
    return 0;
}

/* Width of a space that ends just before s[j] (j > 0); 0 when none. */
static inline size_t space_before(const unsigned char *s, size_t j)
{
    unsigned char c = s[j - 1];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return 1;
    if (c == 0xA0 && j >= 2 && s[j - 2] == 0xC2)
        return 2;
    if (c == 0xAF && j >= 3 && s[j - 3] == 0xE2 && s[j - 2] == 0x80)
        return 3;
    return 0;
}

static inline size_t skip_spaces(const unsigned char *s, size_t i, size_t n)
{
    size_t w;
    while (i < n && (w = space_at(s, i, n)) != 0)
        i += w;
    return i;
}

static inline void trim(const unsigned char **s, size_t *n)
{
    size_t b = skip_spaces(*s, 0, *n), e = *n, w;
    while (e > b && (w = space_before(*s, e)) != 0)
        e -= w;
    *s += b;
    *n = e - b;
}

/* Case-insensitive match of the lowercase word w at s[i..n).  A word that
 * ends in a letter must not run on into another letter ("over" is not a
 * prefix of "overall").  Sets *end past it. */
static inline int match_word(const unsigned char *s, size_t n, size_t i, const char *w, size_t *end)
{
    size_t k = 0;
    for (; w[k]; k++)
        if (i + k >= n || to_lower(s[i + k]) != (unsigned char)w[k])
            return 0;
    if (is_alpha((unsigned char)w[k - 1]) && i + k < n && is_alpha(s[i + k]))
        return 0;
    *end = i + k;
    return 1;
}

/* 1 when s[0..n) (trimmed) is empty or one of the spellings of "unknown"
 * seen in incident files: NA, N/A, n.a., #N/A, Unknown, unk, -, --, ---, ?,
 * ??, NULL, none, nan, "not known" (any case). */
int incstat_value_missing_token_(const unsigned char *s, size_t n);

/* 1 when the cell w[0..len) (ASCII letters only) opens with the letters of
 * one of the count parser's prefix words ("about", "over", "approx." ...), as
 * the count parser would read it at the start of a cell (value_number.c). */
int incstat_value_count_prefix_(const unsigned char *w, size_t len);

#endif
