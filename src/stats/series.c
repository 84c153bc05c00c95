/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/series.c: period-over-period kernels (see include/incstat/series.h). */
#include <math.h>
#include <stdlib.h>
#include "incstat/series.h"

void incstat_series_change(const double *x, size_t n, double *diff, double *pct)
{
    for (size_t i = 0; i < n; i++) {
        double d = NAN, p = NAN;
        if (i > 0 && !isnan(x[i]) && !isnan(x[i - 1])) {
            d = x[i] - x[i - 1];
            if (x[i - 1] != 0)
                p = 100.0 * d / x[i - 1];
        }
        if (diff)
            diff[i] = d;
        if (pct)
            pct[i] = p;
    }
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* Ranks through a sorted copy: rank = 1 + the position of the first value
 * not above x[i] among the values sorted in decreasing order. */
static void rank_sorted(const double *x, size_t n, uint64_t *rank, double *sorted)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            sorted[m++] = x[i];
    qsort(sorted, m, sizeof sorted[0], cmp_desc);
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            rank[i] = 0;
            continue;
        }
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] > x[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        rank[i] = lo + 1;
    }
}

void incstat_series_rank(const double *x, size_t n, uint64_t *rank, double *work)
{
    /* O(n log n) with a workspace (or, for short series, the stack); the
     * quadratic count is only the last resort of a caller without one */
    if (work) {
        rank_sorted(x, n, rank, work);
        return;
    }
    if (n <= 4096) {
        double sorted[4096];
        rank_sorted(x, n, rank, sorted);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            rank[i] = 0;
            continue;
        }
        uint64_t r = 1;
        for (size_t j = 0; j < n; j++)
            if (!isnan(x[j]) && x[j] > x[i])
                r++;
        rank[i] = r;
    }
}

void incstat_series_highest_since(const double *x, size_t n, long *since, size_t *work)
{
    if (!work) {
        for (size_t i = 0; i < n; i++) {
            since[i] = -1;
            if (isnan(x[i]))
                continue;
            for (size_t j = i; j-- > 0;)
                if (!isnan(x[j]) && x[j] >= x[i]) {
                    since[i] = (long)j;
                    break;
                }
        }
        return;
    }
    /* stack of indices with strictly decreasing values: the nearest earlier
     * element >= x[i] is on it */
    size_t top = 0;
    for (size_t i = 0; i < n; i++) {
        since[i] = -1;
        if (isnan(x[i]))
            continue;
        while (top > 0 && x[work[top - 1]] < x[i])
            top--;
        if (top > 0)
            since[i] = (long)work[top - 1];
        work[top++] = i;
    }
}
