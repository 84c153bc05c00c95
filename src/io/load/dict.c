/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/dict.c: string dictionary with open addressing (see dict.h). */
#include <string.h>
#include "io/load/dict.h"
#include "core/internal.h"

static inline uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint64_t load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

uint64_t incstat_hash_bytes(const char *s, size_t n)
{
    /* FNV-1a over 8-byte words, then a final mix: cheap and good enough for
     * category names, which are short.  The last 1 to 7 bytes are read as
     * one word too, with loads that overlap what came before (the length is
     * in the seed): byte by byte they cost a multiply each, and gathered on
     * the stack a stalled load. */
    /* the length spread over the word (times the golden ratio): xored in
     * plain, it cancelled against the short-string word ("12" and "2"
     * hashed alike, since '1' ^ 2 == '2' ^ 1) */
    uint64_t h = 0xcbf29ce484222325ull ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
    const char *p = s;
    size_t m = n;
    for (; m >= 8; p += 8, m -= 8) {
        h = (h ^ load64(p)) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    if (m) {
        uint64_t w;
        if (n >= 8)
            w = load64(s + n - 8);
        else if (n >= 4)
            w = load32(s) | load32(s + n - 4) << 32;
        else
            w = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
                (uint64_t)(unsigned char)s[n - 1] << 16;
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

int incstat_dict_init(incstat_dict *d)
{
    memset(d, 0, sizeof *d);
    d->cap = 16;
    d->e = incstat_big_resize(NULL, 0, d->cap * sizeof *d->e);
    d->nslots = 32;
    d->slots = incstat_big_zeroed(d->nslots * sizeof *d->slots);
    d->arena_cap = 256;
    d->arena = incstat_big_resize(NULL, 0, d->arena_cap);
    if (!d->e || !d->slots || !d->arena) {
        incstat_dict_clear(d);
        return -1;
    }
    /* code 0: the empty string, standing for unknown */
    d->arena[0] = '\0';
    d->arena_len = 1;
    d->e[0].off = 0;
    d->e[0].len = 0;
    d->n = 1;
    return 0;
}

void incstat_dict_clear(incstat_dict *d)
{
    incstat_big_free(d->arena, d->arena ? d->arena_cap : 0);
    incstat_big_free(d->e, d->e ? d->cap * sizeof *d->e : 0);
    incstat_big_free(d->slots, d->slots ? d->nslots * sizeof *d->slots : 0);
    memset(d, 0, sizeof *d);
}

/* A slot holds the code in its low 32 bits and the top 32 bits of the
 * string's hash above them, so a probe that meets other strings rejects them
 * without reading the entries (with a million distinct ids those reads are
 * cache misses, and were a fifth of a table load). */
#define SLOT_CODE(x) ((uint32_t)(x))
#define SLOT_TAG(h) ((h) >> 32)

/* a == b over n bytes; most keys are short, and a call to memcmp cost more
 * than the compare (overlapping word loads cover 4 to 16 bytes) */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y, u, v;
    if (n >= 8 && n <= 16) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&u, a + n - 8, 8);
        memcpy(&v, b + n - 8, 8);
        return x == y && u == v;
    }
    if (n >= 4 && n < 8) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + n - 4, 4);
        memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    return memcmp(a, b, n) == 0;
}

static size_t probe(const incstat_dict *d, const char *s, size_t n, uint64_t h, int *found)
{
    size_t mask = d->nslots - 1, i = (size_t)h & mask;
    for (;;) {
        uint64_t x = d->slots[i];
        uint32_t c = SLOT_CODE(x);
        if (c == 0) {
            *found = 0;
            return i;
        }
        if ((x >> 32) == SLOT_TAG(h) && d->e[c].len == n &&
            same_bytes(d->arena + d->e[c].off, s, n)) {
            *found = 1;
            return i;
        }
        i = (i + 1) & mask;
    }
}

static int rehash(incstat_dict *d, size_t ns)
{
    uint64_t *slots = incstat_big_zeroed(ns * sizeof *slots);
    if (!slots)
        return -1;
    /* hashes are not kept (a million ids would take 8 MiB more): short
     * strings hash faster than their stored hash could be fetched */
    for (uint32_t c = 1; c < d->n; c++) {
        uint64_t h = incstat_hash_bytes(d->arena + d->e[c].off, d->e[c].len);
        size_t i = (size_t)h & (ns - 1);
        while (slots[i])
            i = (i + 1) & (ns - 1);
        slots[i] = (SLOT_TAG(h) << 32) | c;
    }
    incstat_big_free(d->slots, d->nslots * sizeof *d->slots);
    d->slots = slots;
    d->nslots = ns;
    return 0;
}

uint32_t incstat_dict_find(const incstat_dict *d, const char *s, size_t n)
{
    int found;
    if (!d->slots)
        return 0;
    size_t i = probe(d, s, n, incstat_hash_bytes(s, n), &found);
    return found ? SLOT_CODE(d->slots[i]) : 0;
}

static int grow_codes(incstat_dict *d, uint32_t need)
{
    if (need <= d->cap)
        return 0;
    uint32_t nc = d->cap ? d->cap : 16;
    while (nc < need)
        nc = nc > UINT32_MAX / 2 ? UINT32_MAX : nc * 2;
    incstat_dict_entry *e = incstat_big_resize(d->e, d->cap * sizeof *e, (size_t)nc * sizeof *e);
    if (!e)
        return -1;
    d->e = e;
    d->cap = nc;
    return 0;
}

static int grow_arena(incstat_dict *d, size_t need)
{
    if (need <= d->arena_cap)
        return 0;
    size_t nc = d->arena_cap ? d->arena_cap : 256;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    char *a = incstat_big_resize(d->arena, d->arena_cap, nc);
    if (!a)
        return -1;
    d->arena = a;
    d->arena_cap = nc;
    return 0;
}

/* Slots for n strings at a load of at most 0.7, so probing always ends and
 * stays short (a slot is 8 bytes: a probe run rarely leaves its cache line);
 * at 1/2, the 1.05 million ids a million-row load reserves for took 4M
 * slots (32 MiB) instead of 2M. */
static int reserve_slots(incstat_dict *d, size_t n)
{
    size_t ns = d->nslots;
    while (n > ns / 10 * 7)
        ns *= 2;
    return ns == d->nslots ? 0 : rehash(d, ns);
}

int incstat_dict_reserve(incstat_dict *d, size_t n, size_t bytes)
{
    if (n >= UINT32_MAX || reserve_slots(d, n) != 0 || grow_codes(d, (uint32_t)n) != 0)
        return -1;
    return bytes > SIZE_MAX - d->arena_len ? -1 : grow_arena(d, d->arena_len + bytes);
}

uint64_t incstat_dict_prefetch(const incstat_dict *d, const char *s, size_t n)
{
    uint64_t h = incstat_hash_bytes(s, n);
#if defined(__GNUC__)
    __builtin_prefetch(&d->slots[(size_t)h & (d->nslots - 1)]);
#endif
    return h;
}

/* intern with the hash already computed (incstat_dict_prefetch) */
int incstat_dict_intern_hashed(incstat_dict *d, const char *s, size_t n, uint64_t h,
                               uint32_t *code)
{
    int found;
    size_t i = probe(d, s, n, h, &found);
    if (found) {
        *code = SLOT_CODE(d->slots[i]);
        return 0;
    }
    if (n > UINT32_MAX || d->n == UINT32_MAX || d->arena_len + n + 1 < d->arena_len)
        return -1;
    if ((size_t)d->n + 1 > d->nslots / 10 * 7) {
        if (reserve_slots(d, (size_t)d->n + 1) != 0)
            return -1;
        i = probe(d, s, n, h, &found);
    }
    if (grow_codes(d, d->n + 1) != 0 || grow_arena(d, d->arena_len + n + 1) != 0)
        return -1;
    uint32_t c = d->n;
    memcpy(d->arena + d->arena_len, s, n);
    d->arena[d->arena_len + n] = '\0';
    d->e[c].off = d->arena_len;
    d->e[c].len = (uint32_t)n;
    d->arena_len += n + 1;
    d->slots[i] = (SLOT_TAG(h) << 32) | c;
    d->n++;
    *code = c;
    return 0;
}

int incstat_dict_intern(incstat_dict *d, const char *s, size_t n, uint32_t *code)
{
    return incstat_dict_intern_hashed(d, s, n, incstat_hash_bytes(s, n), code);
}

int incstat_dict_merge(incstat_dict *d, const incstat_dict *src, uint32_t *remap)
{
    if (incstat_dict_reserve(d, (size_t)d->n + src->n, src->arena_len) != 0)
        return -1;
    remap[0] = 0;
    /* hash a few strings ahead and fetch their slots meanwhile (no rehash
     * happens below: reserved) */
    enum { AHEAD = 8 };
    uint64_t h[AHEAD];
    for (uint32_t c = 1; c < src->n && c <= AHEAD; c++)
        h[c % AHEAD] = incstat_dict_prefetch(d, src->arena + src->e[c].off, src->e[c].len);
    for (uint32_t c = 1; c < src->n; c++) {
        const incstat_dict_entry *x = &src->e[c];
        uint64_t hc = h[c % AHEAD];
        if (c + AHEAD < src->n) {
            const incstat_dict_entry *y = &src->e[c + AHEAD];
            h[c % AHEAD] = incstat_dict_prefetch(d, src->arena + y->off, y->len);
        }
        if (incstat_dict_intern_hashed(d, src->arena + x->off, x->len, hc, &remap[c]) != 0)
            return -1;
    }
    return 0;
}
