/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/threads.c: one function run on several items at once, the one
 * way the library starts and joins its worker threads (the parallel load,
 * a map's dots). */
#include <pthread.h>

#include "core/internal.h"

void incstat_run_parallel_(void *(*fn)(void *), void *items, size_t size, size_t n)
{
    char *at = items;
    pthread_t *th = n > 1 ? incstat_reallocarray(NULL, n, sizeof *th) : NULL;
    unsigned char *started = n > 1 ? incstat_calloc(n, 1) : NULL;
    for (size_t k = 1; th && started && k < n; k++)
        started[k] = pthread_create(&th[k], NULL, fn, at + k * size) == 0;
    if (n > 0)
        fn(at);
    for (size_t k = 1; k < n; k++) {
        if (th && started && started[k])
            pthread_join(th[k], NULL);
        else
            fn(at + k * size); /* not started: here, after */
    }
    incstat_free_mem(th);
    incstat_free_mem(started);
}
