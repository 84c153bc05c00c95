/* src/dict.c: string dictionary with open addressing (see dict.h). */
#include <string.h>
#include "dict.h"
#include "internal.h"

uint64_t incstat_hash_bytes(const char *s, size_t n)
{
    /* FNV-1a over 8-byte words, then a final mix: cheap and good enough for
     * category names, which are short. */
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    while (n--) {
        h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
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
    d->off = incstat_reallocarray(NULL, d->cap, sizeof *d->off);
    d->len = incstat_reallocarray(NULL, d->cap, sizeof *d->len);
    d->hashes = incstat_reallocarray(NULL, d->cap, sizeof *d->hashes);
    d->nslots = 32;
    d->slots = incstat_calloc(d->nslots, sizeof *d->slots);
    d->arena_cap = 256;
    d->arena = incstat_malloc(d->arena_cap);
    if (!d->off || !d->len || !d->hashes || !d->slots || !d->arena) {
        incstat_dict_clear(d);
        return -1;
    }
    /* code 0: the empty string, standing for unknown */
    d->arena[0] = '\0';
    d->arena_len = 1;
    d->off[0] = 0;
    d->len[0] = 0;
    d->hashes[0] = 0;
    d->n = 1;
    return 0;
}

void incstat_dict_clear(incstat_dict *d)
{
    incstat_free_mem(d->arena);
    incstat_free_mem(d->off);
    incstat_free_mem(d->len);
    incstat_free_mem(d->hashes);
    incstat_free_mem(d->slots);
    memset(d, 0, sizeof *d);
}

/* A slot holds the code in its low 32 bits and the top 32 bits of the
 * string's hash above them, so a probe that meets other strings rejects them
 * without reading the per-code arrays (with a million distinct ids those
 * reads are cache misses, and were a fifth of a table load). */
#define SLOT_CODE(x) ((uint32_t)(x))
#define SLOT_TAG(h) ((h) >> 32)

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
        if ((x >> 32) == SLOT_TAG(h) && d->len[c] == n &&
            memcmp(d->arena + d->off[c], s, n) == 0) {
            *found = 1;
            return i;
        }
        i = (i + 1) & mask;
    }
}

static int grow_slots(incstat_dict *d)
{
    size_t ns = d->nslots * 2;
    uint64_t *slots = incstat_calloc(ns, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t c = 1; c < d->n; c++) {
        size_t i = (size_t)d->hashes[c] & (ns - 1);
        while (slots[i])
            i = (i + 1) & (ns - 1);
        slots[i] = (SLOT_TAG(d->hashes[c]) << 32) | c;
    }
    incstat_free_mem(d->slots);
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

int incstat_dict_intern(incstat_dict *d, const char *s, size_t n, uint32_t *code)
{
    int found;
    uint64_t h = incstat_hash_bytes(s, n);
    size_t i = probe(d, s, n, h, &found);
    if (found) {
        *code = SLOT_CODE(d->slots[i]);
        return 0;
    }
    /* keep the load at most 1/2 so probing always ends */
    if ((size_t)(d->n + 1) * 2 > d->nslots) {
        if (grow_slots(d) != 0)
            return -1;
        i = probe(d, s, n, h, &found);
    }
    if (n > UINT32_MAX || d->n == UINT32_MAX)
        return -1;
    if (d->n == d->cap) {
        uint32_t nc = d->cap > UINT32_MAX / 2 ? UINT32_MAX : d->cap * 2;
        size_t *off = incstat_reallocarray(d->off, nc, sizeof *off);
        if (!off)
            return -1;
        d->off = off;
        uint32_t *len = incstat_reallocarray(d->len, nc, sizeof *len);
        if (!len)
            return -1;
        d->len = len;
        uint64_t *hs = incstat_reallocarray(d->hashes, nc, sizeof *hs);
        if (!hs)
            return -1;
        d->hashes = hs;
        d->cap = nc;
    }
    if (d->arena_len + n + 1 > d->arena_cap || d->arena_len + n + 1 < d->arena_len) {
        size_t nc = d->arena_cap;
        while (nc < d->arena_len + n + 1) {
            if (nc > SIZE_MAX / 2)
                return -1;
            nc *= 2;
        }
        char *a = incstat_realloc(d->arena, nc);
        if (!a)
            return -1;
        d->arena = a;
        d->arena_cap = nc;
    }
    uint32_t c = d->n;
    memcpy(d->arena + d->arena_len, s, n);
    d->arena[d->arena_len + n] = '\0';
    d->off[c] = d->arena_len;
    d->len[c] = (uint32_t)n;
    d->hashes[c] = h;
    d->arena_len += n + 1;
    d->slots[i] = (SLOT_TAG(h) << 32) | c;
    d->n++;
    *code = c;
    return 0;
}
