/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/series.h: kernels over a yearly (or monthly) series held in plain
 * arrays: change from the previous period, rank, and "highest since".  They
 * never allocate.  NaN marks a period that is missing (not covered). */
#ifndef INCSTAT_SERIES_H
#define INCSTAT_SERIES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* diff[i] = x[i] - x[i-1]; pct[i] = 100 * diff[i] / x[i-1].  Element 0, and
 * any element where x[i] or x[i-1] is NaN, gets NaN; pct is NaN when
 * x[i-1] is 0.  Either output may be NULL.  Element strides are 1. */
void incstat_series_change(const double *x, size_t n, double *diff, double *pct);

/* rank[i] = 1 + the number of non-NaN elements greater than x[i] (ties share
 * the smallest rank: 1, 2, 2, 4); 0 for NaN elements.  work (n doubles, may
 * be NULL) keeps it O(n log n) for long series (without it, series longer
 * than 4096 take O(n^2)). */
void incstat_series_rank(const double *x, size_t n, uint64_t *rank, double *work);

/* since[i] = the largest j < i with x[j] >= x[i] (NaN elements skipped), or
 * -1 when x[i] is the highest so far or NaN.  O(n) with a monotonic stack
 * kept in the caller's workspace of n size_t (may be NULL: then O(n^2)). */
void incstat_series_highest_since(const double *x, size_t n, long *since, size_t *work);

#ifdef __cplusplus
}
#endif
#endif
