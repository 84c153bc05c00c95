/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/sort.h (private): a stable merge sort with a context argument (qsort
 * has none, and a global would make the library unsafe across threads). */
#ifndef INCSTAT_SRC_SORT_H
#define INCSTAT_SRC_SORT_H

#include <stddef.h>

typedef int (*incstat_cmp_fn)(const void *a, const void *b, void *ctx);

/* Sort n elements of size bytes; 0 on success, -1 when out of memory (the
 * array is then unchanged). */
int incstat_sort(void *base, size_t n, size_t size, incstat_cmp_fn cmp, void *ctx);

#endif
