/* src/dict.h (private): a string dictionary (string -> dense code) used for
 * dictionary-encoded text columns and for group-by keys.  Code 0 is reserved
 * for "unknown"; real strings get 1, 2, ... in order of first appearance. */
#ifndef INCSTAT_SRC_DICT_H
#define INCSTAT_SRC_DICT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *arena;        /* NUL-terminated strings back to back */
    size_t arena_len, arena_cap;
    size_t *off;        /* off[code] = offset of the string in arena */
    uint32_t *len;      /* byte length of each string */
    uint32_t n;         /* codes in use, including 0 */
    uint32_t cap;
    uint64_t *slots;    /* open addressing: hash tag << 32 | code; 0 when empty */
    uint64_t *hashes;   /* hash of each code, to rehash without rereading */
    size_t nslots;
} incstat_dict;

/* Zero-initialise with incstat_dict_init; 0 on success, -1 out of memory. */
int incstat_dict_init(incstat_dict *d);
void incstat_dict_clear(incstat_dict *d);

/* Code of s[0..n), adding it when new.  Returns 0 and sets *code, or -1 when
 * out of memory or the dictionary is full (2^32 - 1 strings). */
int incstat_dict_intern(incstat_dict *d, const char *s, size_t n, uint32_t *code);

/* Code of s[0..n) or 0 when absent. */
uint32_t incstat_dict_find(const incstat_dict *d, const char *s, size_t n);

static inline const char *incstat_dict_str(const incstat_dict *d, uint32_t code)
{
    return code < d->n ? d->arena + d->off[code] : "";
}

uint64_t incstat_hash_bytes(const char *s, size_t n);

#endif
