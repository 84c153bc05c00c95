/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/util.c: nearest-name suggestions, grouped numbers and the version
 * string. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "incstat/util.h"
#include "core/internal.h"


const char *incstat_version(void)
{
    return INCSTAT_VERSION;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Edit distance counting a swap of neighbours as one edit (optimal string
 * alignment), since "gdt" for "gtd" is the commonest typo; case-insensitive.
 * Names longer than 63 bytes are not compared. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t d[3][64]; /* rows i-2, i-1, i, used cyclically */
    if (la > 63 || lb > 63)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t *cur = d[i % 3], *up = d[(i - 1) % 3], *up2 = d[(i + 1) % 3];
        int ca = lower((unsigned char)a[i - 1]);
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            int cb = lower((unsigned char)b[j - 1]);
            size_t best = up[j - 1] + (ca == cb ? 0 : 1);
            if (up[j] + 1 < best)
                best = up[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
                lower((unsigned char)a[i - 2]) == cb && up2[j - 2] + 1 < best)
                best = up2[j - 2] + 1;
            cur[j] = best;
        }
    }
    return d[la % 3][lb];
}

/* Whether word begins c (ASCII case ignored) with at least two characters
 * besides leading dashes: "--form" begins "--format", "--f" begins nothing. */
static int begins(const char *word, const char *c)
{
    size_t lw = strlen(word), dashes = strspn(word, "-");
    if (lw < dashes + 2 || strlen(c) <= lw)
        return 0;
    for (size_t i = 0; i < lw; i++)
        if (lower((unsigned char)word[i]) != lower((unsigned char)c[i]))
            return 0;
    return 1;
}

const char *incstat_nearest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    if (!word || !candidates)
        return NULL;
    /* a name typed whole in another case, then one typed in part (the
     * shortest it begins: "--form" is "--format" before "--from", one swap
     * away), then edit distance */
    for (size_t i = 0; i < n; i++)
        if (candidates[i] && distance(word, candidates[i]) == 0)
            return candidates[i];
    for (size_t i = 0; i < n; i++)
        if (candidates[i] && begins(word, candidates[i]) &&
            (!best || strlen(candidates[i]) < strlen(best)))
            best = candidates[i];
    if (best)
        return best;
    size_t allowed = strlen(word) / 3;
    if (allowed < 1)
        allowed = 1;
    if (allowed > 3)
        allowed = 3;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t d = distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    if (best_d <= allowed)
        return best;
    /* No whole name is close: try the words of multi-word names, so "Kiled"
     * finds "Killed Max" (the first such name wins). */
    for (size_t i = 0; i < n; i++) {
        const char *c = candidates[i];
        if (!c || !strchr(c, ' '))
            continue;
        char w[64];
        for (const char *p = c; *p;) {
            while (*p == ' ')
                p++;
            size_t len = strcspn(p, " ");
            if (len && len < sizeof w) {
                memcpy(w, p, len);
                w[len] = '\0';
                if (distance(word, w) <= allowed)
                    return c;
            }
            p += len;
        }
    }
    return NULL;
}

void incstat_grouped_(char *buf, size_t cap, double x, int decimals)
{
    char raw[64];
    if (isnan(x)) {
        buf[0] = '\0';
        return;
    }
    if (decimals == 0 && x != floor(x))
        decimals = 1;
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(x));
    char *dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    if (x < 0 && o + 1 < cap)
        buf[o++] = '-';
    for (size_t i = 0; i < intlen && o + 1 < cap; i++) {
        if (i > 0 && (intlen - i) % 3 == 0 && o + 1 < cap)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    for (const char *p = dot; p && *p && o + 1 < cap; p++)
        buf[o++] = *p;
    buf[o] = '\0';
}

int64_t incstat_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
