/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/alloc.c: the library's one allocation wrapper (see internal.h). */
#if defined(__linux__)
#define _GNU_SOURCE /* mremap */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/internal.h"

/* Big arrays are their own mappings on Linux, except under AddressSanitizer,
 * whose checks need the heap. */
#if defined(__SANITIZE_ADDRESS__)
#define BIG_MAPPED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIG_MAPPED 0
#endif
#endif
#if !defined(BIG_MAPPED) && defined(__linux__)
#define BIG_MAPPED 1
#include <sys/mman.h>
#include <unistd.h>
#elif !defined(BIG_MAPPED)
#define BIG_MAPPED 0
#endif

#ifdef INCSTAT_TESTING
/* Test-only fault injection; absent from the installed library.  Atomic:
 * a parallel read allocates from several threads. */
#include <stdatomic.h>
static atomic_ulong fail_at;
static atomic_ulong count;

unsigned long incstat_test_fail_alloc_after(unsigned long n)
{
    unsigned long made = atomic_exchange(&count, 0);
    atomic_store(&fail_at, n);
    return made;
}

static int should_fail(void)
{
    unsigned long c = atomic_fetch_add(&count, 1) + 1, f = atomic_load(&fail_at);
    return f != 0 && c >= f;
}
#else
static int should_fail(void) { return 0; }
#endif

void *incstat_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *incstat_calloc(size_t count_, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count_ ? count_ : 1, size ? size : 1);
}

void *incstat_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void *incstat_reallocarray(void *p, size_t count_, size_t size)
{
    if (size != 0 && count_ > SIZE_MAX / size)
        return NULL;
    return incstat_realloc(p, count_ * size);
}

void *incstat_array_room(void *p, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return p;
    size_t nc = *cap ? *cap * 2 : first;
    if (nc < *cap) /* doubling wrapped */
        return NULL;
    void *q = incstat_reallocarray(p, nc, size);
    if (q)
        *cap = nc;
    return q;
}

void incstat_free_mem(void *p)
{
    free(p);
}

char *incstat_strndup(const char *s, size_t n)
{
    char *d = incstat_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* ---- big arrays ----------------------------------------------------------
 * A table column or a dictionary of a million-row file grows by doubling.
 * Through realloc each doubling copies the array into fresh pages (glibc
 * raises its mmap threshold after the first big free, so big blocks end up
 * on the heap); on this kind of virtual machine a fresh page costs about as
 * much as parsing a row, and copies and faults were a quarter of a table
 * load.  As their own mappings they grow with mremap, which moves page
 * tables, not bytes, and only pages actually written are ever touched. */

#define BIG_MIN ((size_t)1 << 20)

#if BIG_MAPPED
/* A huge page backs only a whole 2 MiB-aligned stretch of a mapping, and
 * the kernel aligns a fresh mapping so only when its length is a multiple of
 * 2 MiB (6.x kernels): a 7.7 MB chart image got none.  Aligned, and its
 * length rounded up to whole huge pages (else its last 1.7 MB were 430 small
 * pages), its first touch was 0.7 ms where 4 KiB pages took 20 ms (1,900
 * faults on this kind of virtual machine; measured painting a 1600 x 1200
 * image white).  The rounding costs at most the unused tail of one huge
 * page, and only once that page is touched. */
#define HUGE_SIZE ((size_t)2 << 20)

/* the length of the mapping that holds n bytes: whole pages, or whole huge
 * pages from 2 MiB on; 0 on overflow */
static size_t page_round(size_t n)
{
    size_t pg = n >= HUGE_SIZE ? HUGE_SIZE : (size_t)sysconf(_SC_PAGESIZE);
    return n > SIZE_MAX - pg ? 0 : (n + pg - 1) / pg * pg;
}

static void *map_aligned(size_t r)
{
    if (r < HUGE_SIZE || r > SIZE_MAX - HUGE_SIZE)
        return mmap(NULL, r, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *q = mmap(NULL, r + HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (q == MAP_FAILED)
        return q;
    char *p = (char *)(((uintptr_t)q + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1));
    if (p > q)
        munmap(q, (size_t)(p - q));
    munmap(p + r, HUGE_SIZE - (size_t)(p - q)); /* the tail: never empty, p - q < HUGE_SIZE */
    return p;
}

static void *map_new(size_t n)
{
    size_t r = page_round(n);
    if (!r)
        return NULL;
    void *p = map_aligned(r);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    /* huge pages where the system allows them: a dictionary's hash slots are
     * read at random, and with 4 KiB pages nearly every probe of a
     * million-id dictionary was a TLB miss */
    madvise(p, r, MADV_HUGEPAGE);
#endif
    return p;
}
#endif

void *incstat_big_resize(void *p, size_t old_bytes, size_t new_bytes)
{
#if BIG_MAPPED
    if (old_bytes < BIG_MIN && new_bytes < BIG_MIN)
        return incstat_realloc(p, new_bytes);
    if (should_fail())
        return NULL;
    if (old_bytes >= BIG_MIN && new_bytes >= BIG_MIN) {
        size_t o = page_round(old_bytes), n = page_round(new_bytes);
        if (!n)
            return NULL;
        void *q = o == n ? p : mremap(p, o, n, MREMAP_MAYMOVE);
        return q == MAP_FAILED ? NULL : q;
    }
    /* crossing the threshold: copy once between heap and mapping */
    void *q = new_bytes >= BIG_MIN ? map_new(new_bytes) : malloc(new_bytes ? new_bytes : 1);
    if (!q)
        return NULL;
    if (p)
        memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    incstat_big_free(p, old_bytes);
    return q;
#else
    (void)old_bytes;
    return incstat_realloc(p, new_bytes);
#endif
}

void *incstat_big_zeroed(size_t bytes)
{
#if BIG_MAPPED
    if (bytes >= BIG_MIN)
        return should_fail() ? NULL : map_new(bytes); /* fresh mappings read as zero */
#endif
    return incstat_calloc(1, bytes);
}

void incstat_big_free(void *p, size_t bytes)
{
    if (!p)
        return;
#if BIG_MAPPED
    if (bytes >= BIG_MIN) {
        munmap(p, page_round(bytes));
        return;
    }
#else
    (void)bytes;
#endif
    free(p);
}
