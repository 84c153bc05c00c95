/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/text.c: the label fold and the shell quoter (see text.h).  No
 * allocation, no mutable global state. */
#include <string.h>
#include "core/text.h"

/* A byte that does not start a UTF-8 sequence decodes to RAW + byte: above
 * every code point, so it is equal only to itself. */
#define RAW 0x110000u
#define END 0xFFFFFFFFu

/* The code point at s[*i] (*i < n), *i moved past it. */
static unsigned decode(const unsigned char *s, size_t n, size_t *i)
{
    unsigned c = s[*i];
    size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                  : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (c < 0x80 || need == 0 || n - *i <= need) {
        (*i)++;
        return c < 0x80 ? c : RAW + c;
    }
    unsigned cp = c & (0x3Fu >> need);
    for (size_t k = 1; k <= need; k++) {
        unsigned b = s[*i + k];
        if ((b & 0xC0) != 0x80) {
            (*i)++;
            return RAW + c;
        }
        cp = cp << 6 | (b & 0x3F);
    }
    *i += need + 1;
    return cp;
}

static int is_space(unsigned c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

static int is_invisible(unsigned c)
{
    return c == 0xAD || c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

/* Lowercase within the alphabets named in text.h.  Latin Extended-A pairs
 * capital and small as even and odd code points, except in the stretches
 * U+0139-U+0148 and U+0179-U+017E, where the capital is odd; U+0130 (dotted
 * I) and U+0131 (dotless i) are not a pair and stay as they are. */
static unsigned lower(unsigned c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
            return c;
        if (c == 0x178)
            return 0xFF; /* Ÿ */
        int odd_capital = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        return (c & 1) == (unsigned)odd_capital ? c + 1 : c;
    }
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32; /* Greek */
    if (c >= 0x410 && c <= 0x42F)
        return c + 32; /* Cyrillic А-Я */
    if (c >= 0x400 && c <= 0x40F)
        return c + 80; /* Ѐ-Џ */
    if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF))
        return c | 1;
    return c;
}

/* The next folded character of s[*i..n): a letter lowercased, a run of
 * spaces as one ' ', or END at the end (spaces at the end are the end).
 * Invisible characters are skipped wherever they are.  The caller has
 * skipped the spaces at the start (skip_blank). */
static unsigned next(const unsigned char *s, size_t n, size_t *i)
{
    while (*i < n) {
        unsigned c = decode(s, n, i);
        if (is_invisible(c))
            continue;
        if (!is_space(c))
            return lower(c);
        size_t at = *i;
        while (at < n) {
            size_t j = at;
            unsigned d = decode(s, n, &j);
            if (!is_space(d) && !is_invisible(d))
                break;
            at = j;
        }
        *i = at;
        return at == n ? END : ' ';
    }
    return END;
}

static size_t skip_blank(const unsigned char *s, size_t n, size_t i)
{
    while (i < n) {
        size_t j = i;
        unsigned c = decode(s, n, &j);
        if (!is_space(c) && !is_invisible(c))
            break;
        i = j;
    }
    return i;
}

static size_t encode(unsigned c, char *out)
{
    if (c >= RAW) {
        out[0] = (char)(c - RAW);
        return 1;
    }
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

size_t incstat_label_fold(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = skip_blank(u, n, 0), k = 0;
    if (cap == 0)
        return 0;
    for (;;) {
        unsigned c = next(u, n, &i);
        if (c == END)
            break;
        char buf[4];
        size_t len = encode(c, buf);
        if (k + len >= cap)
            break;
        memcpy(out + k, buf, len);
        k += len;
    }
    out[k] = '\0';
    return k;
}

/* A byte that folds alone and to one byte: visible ASCII, not a space. */
static int plain(unsigned char c)
{
    return c > 0x20 && c < 0x7F;
}

int incstat_label_eq(const char *a, size_t an, const char *b, size_t bn)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    /* Most comparisons (a --where or --recode value against every cell) end
     * at the first letters: settle plain ASCII here, decode only past it. */
    size_t i = 0;
    while (i < an && i < bn && plain(x[i]) && plain(y[i])) {
        if (lower(x[i]) != lower(y[i]))
            return 0;
        i++;
    }
    size_t j = i;
    if (i == 0) {
        i = skip_blank(x, an, 0);
        j = skip_blank(y, bn, 0);
    }
    for (;;) {
        unsigned ca = next(x, an, &i), cb = next(y, bn, &j);
        if (ca != cb)
            return 0;
        if (ca == END)
            return 1;
    }
}

int incstat_label_contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    const unsigned char *h = (const unsigned char *)hay, *v = (const unsigned char *)needle;
    size_t start = skip_blank(v, nn, 0), j0 = start;
    if (start == nn)
        return 1;
    unsigned first = next(v, nn, &j0);
    for (size_t at = 0; at < hn; at++) {
        if ((h[at] & 0xC0) == 0x80)
            continue; /* inside a character */
        if (plain(h[at]) && lower(h[at]) != first)
            continue; /* the common case, without decoding */
        size_t i = at, j = start;
        for (;;) {
            unsigned cv = next(v, nn, &j);
            if (cv == END)
                return 1;
            if (next(h, hn, &i) != cv)
                break;
        }
    }
    return 0;
}

/* Edit distance of a[0..la) and b[0..lb), a swap of neighbours one edit
 * (optimal string alignment); more than limit when it is. */
static size_t edits(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
    size_t d[3][64];
    if (la > 63 || lb > 63)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t *cur = d[i % 3], *up = d[(i - 1) % 3], *up2 = d[(i + 1) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = up[j - 1] + (a[i - 1] != b[j - 1]);
            if (up[j] + 1 < best)
                best = up[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                up2[j - 2] + 1 < best)
                best = up2[j - 2] + 1;
            cur[j] = best;
        }
    }
    return d[la % 3][lb];
}

int incstat_label_nearness(const char *want, size_t wn, const char *have, size_t hn)
{
    char w[256], h[256];
    size_t lw = incstat_label_fold(want, wn, w, sizeof w);
    size_t lh = incstat_label_fold(have, hn, h, sizeof h);
    if (lw == lh && memcmp(w, h, lw) == 0)
        return 0;
    if (lw < 2 || lh == 0)
        return -1;
    if (lh > lw && memcmp(h, w, lw) == 0)
        return 1;
    if (lh > lw ? strstr(h, w) != NULL : lh >= 3 && strstr(w, h) != NULL)
        return 2;
    size_t allowed = lw / 3 < 1 ? 1 : lw / 3 > 3 ? 3 : lw / 3;
    size_t d = edits(w, lw, h, lh, allowed);
    return d <= allowed ? 3 + (int)d : -1;
}

static int shell_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("_./,:=+@%-", c));
}

size_t incstat_shell_quote(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    int bare = n > 0 && s[0] != '=';
    for (size_t i = 0; i < n && bare; i++)
        bare = shell_safe((unsigned char)s[i]);
    size_t k = 0;
#define PUT(ch)                 \
    do {                        \
        if (k + 1 < cap)        \
            out[k] = (ch);      \
        k++;                    \
    } while (0)
    if (!bare)
        PUT('\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' && !bare) {
            PUT('\'');
            PUT('\\');
            PUT('\'');
        }
        PUT(s[i]);
    }
    if (!bare)
        PUT('\'');
#undef PUT
    if (cap)
        out[k < cap ? k : cap - 1] = '\0';
    return k;
}

size_t incstat_label_show(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        unsigned c = decode(u, n, &i);
        char buf[16];
        size_t len;
        if (c != ' ' && (is_space(c) || is_invisible(c))) {
            static const char hex[] = "0123456789ABCDEF";
            memcpy(buf, "<U+", 3);
            buf[3] = hex[c >> 12 & 15];
            buf[4] = hex[c >> 8 & 15];
            buf[5] = hex[c >> 4 & 15];
            buf[6] = hex[c & 15];
            buf[7] = '>';
            len = 8;
        } else {
            len = i - at;
            memcpy(buf, s + at, len);
        }
        if (k + len >= cap) {
            if (cap > 4) {
                size_t keep = k;
                while (keep > 0 && keep + 4 > cap)
                    keep--;
                /* back to a character boundary before the dots */
                while (keep > 0 && keep < k && ((unsigned char)out[keep] & 0xC0) == 0x80)
                    keep--;
                memcpy(out + keep, "...", 3);
                k = keep + 3;
            }
            break;
        }
        memcpy(out + k, buf, len);
        k += len;
    }
    out[k] = '\0';
    return k;
}
