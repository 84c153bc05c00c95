/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/sort.c: stable merge sort with context (see sort.h). */
#include <string.h>
#include "core/internal.h"
#include "core/sort.h"

static void merge_pass(const char *src, char *dst, size_t n, size_t size, size_t width,
                       incstat_cmp_fn cmp, void *ctx)
{
    for (size_t lo = 0; lo < n; lo += 2 * width) {
        size_t mid = lo + width < n ? lo + width : n;
        size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
        size_t i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
            /* take from the left on ties: stable */
            if (cmp(src + j * size, src + i * size, ctx) < 0)
                memcpy(dst + (k++) * size, src + (j++) * size, size);
            else
                memcpy(dst + (k++) * size, src + (i++) * size, size);
        }
        if (i < mid)
            memcpy(dst + k * size, src + i * size, (mid - i) * size);
        k += mid - i;
        if (j < hi)
            memcpy(dst + k * size, src + j * size, (hi - j) * size);
    }
}

int incstat_sort(void *base, size_t n, size_t size, incstat_cmp_fn cmp, void *ctx)
{
    if (n < 2)
        return 0;
    char *tmp = incstat_reallocarray(NULL, n, size);
    if (!tmp)
        return -1;
    char *a = base, *b = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        merge_pass(a, b, n, size, width, cmp, ctx);
        char *t = a;
        a = b;
        b = t;
    }
    if (a != base)
        memcpy(base, a, n * size);
    incstat_free_mem(tmp);
    return 0;
}
