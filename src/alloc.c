/* src/alloc.c: the library's one allocation wrapper (see internal.h). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#ifdef INCSTAT_TESTING
/* Test-only fault injection; absent from the installed library. */
static unsigned long fail_at;
static unsigned long count;

unsigned long incstat_test_fail_alloc_after(unsigned long n)
{
    unsigned long made = count;
    count = 0;
    fail_at = n;
    return made;
}

static int should_fail(void)
{
    count++;
    return fail_at != 0 && count >= fail_at;
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
