/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/internal.h (private): allocation wrapper, error helpers, small utilities
 * shared by the library's modules.  Never installed.
 *
 * The core module, at the bottom of the layers (cli -> report -> chart ->
 * stats -> io -> core), owns what every other module needs and nothing that
 * knows about incidents: the one allocation wrapper with its test hook for
 * failing the Nth allocation (alloc.c), status codes and error filling
 * (error.c), sorting (sort.c), UTF-8 validity (utf8.c), running one function
 * on several threads (threads.c) and small string and number utilities
 * (util.c).  It depends on the C library alone. */
#ifndef INCSTAT_SRC_INTERNAL_H
#define INCSTAT_SRC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/error.h"

#if defined(__GNUC__)
#define INCSTAT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define INCSTAT_LIKELY(x) __builtin_expect(!!(x), 1)
#define INCSTAT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define INCSTAT_PRINTF(a, b)
#define INCSTAT_LIKELY(x) (x)
#define INCSTAT_UNLIKELY(x) (x)
#endif

/* Every allocation of the library goes through these, so that tests can make
 * the Nth one fail.  The hook exists only in builds with INCSTAT_TESTING (the
 * test suite's copy of the library): the installed library has no global
 * state. */
void *incstat_malloc(size_t n);
void *incstat_calloc(size_t count, size_t size);
void *incstat_realloc(void *p, size_t n);
void incstat_free_mem(void *p);
char *incstat_strndup(const char *s, size_t n);

/* Arrays that may grow to many megabytes (table columns, dictionaries): the
 * caller passes the size it asked for last time (0 with p NULL), and frees
 * with the same.  Failures are injected like the others. */
void *incstat_big_resize(void *p, size_t old_bytes, size_t new_bytes);
void *incstat_big_zeroed(size_t bytes);
void incstat_big_free(void *p, size_t bytes);

/* realloc of count*size with overflow check; NULL on overflow or failure. */
void *incstat_reallocarray(void *p, size_t count, size_t size);

/* Room for one more element in the array p of *cap elements of size bytes,
 * n of them used: p itself while n < *cap, else p grown to twice *cap (to
 * first when empty) with *cap updated.  NULL when out of memory (p is then
 * still valid and *cap unchanged). */
void *incstat_array_room(void *p, size_t *cap, size_t n, size_t size, size_t first);

#ifdef INCSTAT_TESTING
/* Make allocation number n (1-based, counted from this call) fail; 0 turns
 * failures off.  Returns the number of allocations made since the last call. */
unsigned long incstat_test_fail_alloc_after(unsigned long n);
#endif

/* x with thousands separators ("1,178"; "2,453.5" with decimals 1, and a
 * fractional x gets at least one decimal); "" for NaN.  For the tables and
 * sentences of the summary and the load report (util.c). */
void incstat_grouped_(char *buf, size_t cap, double x, int decimals);

/* A cell as the loader reads it: spaces, tabs and UTF-8 NBSP dropped at both
 * ends.  Inline: the loader and inspect call it on every cell. */
static inline void incstat_trim_cell(const char **s, size_t *n)
{
    for (;;) {
        if (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
            (*s)++;
            (*n)--;
        } else if (*n >= 2 && (unsigned char)(*s)[0] == 0xC2 && (unsigned char)(*s)[1] == 0xA0) {
            *s += 2;
            *n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
            (*n)--;
        else if (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2 &&
                 (unsigned char)(*s)[*n - 1] == 0xA0)
            *n -= 2;
        else
            break;
    }
}

/* Fill err (if not NULL) and return code. */
incstat_status incstat_set_error(incstat_error *err, incstat_status code, uint64_t line,
                                 uint64_t column, const char *fmt, ...) INCSTAT_PRINTF(5, 6);
void incstat_clear_error(incstat_error *err);

/* Replace the file at path with the len bytes of data, whole or not at
 * all: they go to a temporary file beside it (same file system), which is
 * renamed over path once written and closed; on failure path is as it was
 * and the temporary file is gone.  The new file gets mode 0644, as a data
 * file usually has.  A path that is a device or a pipe (/dev/stdout, a
 * FIFO) is written to as it is.  Errors: EIO (message names path and the
 * reason), ENOMEM.  src/core/file.c. */
incstat_status incstat_file_replace_(const char *path, const void *data, size_t len,
                                     incstat_error *err);

/* Case-insensitive ASCII comparisons. */
int incstat_ascii_casecmp(const char *a, const char *b);
int incstat_ascii_ncaseeq(const char *a, size_t an, const char *b);

/* (threads.c) fn on each of n items (item k at items + k * size): item 0
 * on the calling thread, the others each on a thread of its own, all
 * joined on return.  An item whose thread cannot be started (or every
 * one, without memory for the handles) runs on the calling thread after
 * the others: fn must give the same result in any order (the items write
 * disjoint memory). */
void incstat_run_parallel_(void *(*fn)(void *), void *items, size_t size, size_t n);

#endif
