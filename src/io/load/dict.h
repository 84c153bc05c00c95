/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/dict.h (private): a string dictionary (string -> dense code) used for
 * dictionary-encoded text columns and for group-by keys.  Code 0 is reserved
 * for "unknown"; real strings get 1, 2, ... in order of first appearance. */
#ifndef INCSTAT_SRC_DICT_H
#define INCSTAT_SRC_DICT_H

#include <stddef.h>
#include <stdint.h>

/* What the dictionary knows of one string; one record, so a probe that
 * meets a candidate reads one cache line for its length and place. */
typedef struct {
    size_t off;         /* offset of the string in arena */
    size_t len;         /* its byte length */
} incstat_dict_entry;

/* The growing arrays are big arrays (internal.h): their sizes are kept. */
typedef struct incstat_dict_ {
    char *arena;        /* NUL-terminated strings back to back */
    size_t arena_len, arena_cap;
    incstat_dict_entry *e; /* e[code] */
    uint32_t n;         /* codes in use, including 0 */
    uint32_t cap;
    uint64_t *slots;    /* open addressing: hash tag << 32 | code; 0 when empty */
    size_t nslots;
} incstat_dict;

/* Zero-initialise with incstat_dict_init; 0 on success, -1 out of memory. */
int incstat_dict_init(incstat_dict *d);
void incstat_dict_clear(incstat_dict *d);

/* Code of s[0..n), adding it when new.  Returns 0 and sets *code, or -1 when
 * out of memory or the dictionary is full (2^32 - 1 strings). */
int incstat_dict_intern(incstat_dict *d, const char *s, size_t n, uint32_t *code);

/* The hash of s[0..n), its slot being fetched into the cache meanwhile; then
 * incstat_dict_intern_hashed with it, after other work. */
uint64_t incstat_dict_prefetch(const incstat_dict *d, const char *s, size_t n);
int incstat_dict_intern_hashed(incstat_dict *d, const char *s, size_t n, uint64_t h,
                               uint32_t *code);

/* Room for n strings in all (and bytes more text) without growing; 0 or -1. */
int incstat_dict_reserve(incstat_dict *d, size_t n, size_t bytes);

/* Add src's strings to d in src's code order (so first appearances stay in
 * order when src was read after d), setting remap[code in src] = code in d
 * (remap has src->n entries).  0, or -1 when out of memory. */
int incstat_dict_merge(incstat_dict *d, const incstat_dict *src, uint32_t *remap);

/* Code of s[0..n) or 0 when absent. */
uint32_t incstat_dict_find(const incstat_dict *d, const char *s, size_t n);

static inline const char *incstat_dict_str(const incstat_dict *d, uint32_t code)
{
    return code < d->n ? d->arena + d->e[code].off : "";
}

static inline size_t incstat_dict_len(const incstat_dict *d, uint32_t code)
{
    return code < d->n ? d->e[code].len : 0;
}

uint64_t incstat_hash_bytes(const char *s, size_t n);

#endif
