/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_store.c: a map's dots kept in blocks (see map_internal.h).
 *
 * Why blocks: on a million dots, fresh memory is the dominant cost (each
 * new page is a fault; on the virtual machines measured, ten microseconds
 * each, 2.6 ms a megabyte).  Arrays grown by realloc are copied each time
 * they double, and the chunks of a file read in parallel were copied again
 * when joined: 60 MB of new pages to keep 33 MB of dots.  Blocks never
 * move: a dot is written once, and joining two stores moves dots only
 * within pages already written (the second store's dots slide down its own
 * blocks to close the gap the first one's last block leaves).
 *
 * Why slabs: a block is under half a megabyte, too small for a huge page,
 * so a million dots were 7,000 page faults of 4 KiB (the dot map of the
 * bench file: 12,850 faults, the bar chart of the same file 2,540).  Blocks
 * are carved from slabs of 2 MiB, each one big block of the library's
 * (a mapping on one huge page where the system has them), and freed with
 * the store; a block given up (truncated, emptied by a join) stays in its
 * slab until then. */
#include <math.h>
#include <string.h>

#include "chart/map_internal.h"
#include "core/internal.h"

/* The bytes of one block's columns, in one allocation (the doubles first,
 * so every column is aligned). */
static size_t block_bytes(int with_year)
{
    return MAP_BLOCK * (3 * sizeof(double) + sizeof(uint32_t) + 1 +
                        (with_year ? sizeof(int) : 0));
}

/* one huge page (incstat_big_zeroed rounds a 2 MiB block to whole huge
 * pages and aligns it): four blocks without years, three with */
#define MAP_SLAB ((size_t)2 << 20)

static int block_new(map_store *s, map_block *b, int with_year)
{
    size_t bytes = block_bytes(with_year);
    if (!s->n_slabs || s->slab_used + bytes > MAP_SLAB) {
        if (s->n_slabs == s->cap_slabs) {
            size_t cap = s->cap_slabs ? s->cap_slabs * 2 : 8;
            unsigned char **sl = incstat_reallocarray(s->slabs, cap, sizeof *sl);
            if (!sl)
                return -1;
            s->slabs = sl;
            s->cap_slabs = cap;
        }
        unsigned char *slab = incstat_big_zeroed(MAP_SLAB);
        if (!slab)
            return -1;
        s->slabs[s->n_slabs++] = slab;
        s->slab_used = 0;
    }
    unsigned char *m = s->slabs[s->n_slabs - 1] + s->slab_used;
    s->slab_used += bytes;
    b->lon = (double *)(void *)m;
    b->lat = b->lon + MAP_BLOCK;
    b->size = b->lat + MAP_BLOCK;
    b->group = (uint32_t *)(void *)(b->size + MAP_BLOCK);
    b->year = with_year ? (int *)(void *)(b->group + MAP_BLOCK) : NULL;
    b->hollow = with_year ? (unsigned char *)(b->year + MAP_BLOCK)
                          : (unsigned char *)(b->group + MAP_BLOCK);
    return 0;
}

int map_store_room_(map_store *s, int with_year)
{
    if (s->n < s->n_blocks * MAP_BLOCK)
        return 0;
    if (s->n_blocks == s->cap_blocks) {
        size_t cap = s->cap_blocks ? s->cap_blocks * 2 : 8;
        map_block *b = incstat_reallocarray(s->b, cap, sizeof *b);
        if (!b)
            return -1;
        s->b = b;
        s->cap_blocks = cap;
    }
    if (block_new(s, &s->b[s->n_blocks], with_year) != 0)
        return -1;
    s->n_blocks++;
    return 0;
}

void map_store_free_(map_store *s)
{
    for (size_t k = 0; k < s->n_slabs; k++)
        incstat_big_free(s->slabs[k], MAP_SLAB);
    incstat_free_mem(s->slabs);
    incstat_free_mem(s->b);
    memset(s, 0, sizeof *s);
}

void map_store_truncate_(map_store *s, size_t n)
{
    if (n >= s->n)
        return;
    s->n_blocks = (n + MAP_BLOCK - 1) / MAP_BLOCK; /* the rest stay in their slabs */
    s->n = n;
}

/* Dots [from, from + n) of block a to [to, to + n) of block b, every
 * column (the same block when sliding down: memmove). */
static void move_dots(map_block *b, size_t to, const map_block *a, size_t from, size_t n)
{
    memmove(b->lon + to, a->lon + from, n * sizeof *b->lon);
    memmove(b->lat + to, a->lat + from, n * sizeof *b->lat);
    memmove(b->size + to, a->size + from, n * sizeof *b->size);
    memmove(b->group + to, a->group + from, n * sizeof *b->group);
    memmove(b->hollow + to, a->hollow + from, n);
    if (b->year && a->year)
        memmove(b->year + to, a->year + from, n * sizeof *b->year);
}

int map_store_append_(map_store *into, map_store *from)
{
    if (!from->n) {
        map_store_free_(from);
        return 0;
    }
    if (into->n_blocks + from->n_blocks > into->cap_blocks) {
        size_t cap = into->n_blocks + from->n_blocks;
        map_block *b = incstat_reallocarray(into->b, cap, sizeof *b);
        if (!b)
            return -1;
        into->b = b;
        into->cap_blocks = cap;
    }
    if (into->n_slabs + from->n_slabs > into->cap_slabs) {
        size_t cap = into->n_slabs + from->n_slabs;
        unsigned char **sl = incstat_reallocarray(into->slabs, cap, sizeof *sl);
        if (!sl)
            return -1;
        into->slabs = sl;
        into->cap_slabs = cap;
    }
    size_t r = into->n % MAP_BLOCK; /* dots in into's last block, if not full */
    if (r == 0) { /* every block full: from's blocks follow as they are */
        memcpy(into->b + into->n_blocks, from->b, from->n_blocks * sizeof *from->b);
        into->n_blocks += from->n_blocks;
    } else {
        /* fill into's last block from from's first; then each of from's
         * blocks takes its own tail down to its start and the next
         * block's head after it */
        size_t gap = MAP_BLOCK - r, left = from->n;
        size_t n0 = left < gap ? left : gap;
        move_dots(&into->b[into->n_blocks - 1], r, &from->b[0], 0, n0);
        left -= n0;
        size_t k = 0;
        for (; left; k++) {
            size_t tail = left < r ? left : r; /* from block k's dots past the gap */
            move_dots(&from->b[k], 0, &from->b[k], gap, tail);
            left -= tail;
            size_t head = k + 1 < from->n_blocks ? (left < gap ? left : gap) : 0;
            if (head)
                move_dots(&from->b[k], r, &from->b[k + 1], 0, head);
            left -= head;
            into->b[into->n_blocks++] = from->b[k];
        }
        /* from's blocks past k were emptied: they stay in their slabs */
    }
    into->n += from->n;
    /* from's slabs follow into's: the last, with room, is from's */
    if (from->n_slabs) {
        memcpy(into->slabs + into->n_slabs, from->slabs, from->n_slabs * sizeof *from->slabs);
        into->n_slabs += from->n_slabs;
        into->slab_used = from->slab_used;
    }
    incstat_free_mem(from->slabs);
    incstat_free_mem(from->b);
    memset(from, 0, sizeof *from);
    return 0;
}

/* ---- the order dots are drawn in ------------------------------------------ */

/* The order to draw dots in: largest first (so small dots stay visible on
 * top of large ones), equal sizes in the order given, NaN as -1.  A stable
 * radix sort (a counting sort per 11-bit digit of each size's key, least
 * significant first): O(n), where a comparison sort of a million dots cost
 * 4% of a map's time.  It keys on the exact size, not the sprite's size
 * class, so the order (and the pixels where dots overlap) is the one a
 * comparison of sizes gives. */
#define RADIX_BITS 11
#define RADIX_PASSES 6 /* 6 * 11 >= 64 */

int map_order_by_size_(const map_store *s, size_t *order)
{
    size_t n = s->n;
    if (n == 0)
        return 0;
    uint64_t *key = incstat_reallocarray(NULL, n, 2 * sizeof *key);
    size_t *tmp = incstat_reallocarray(NULL, n, sizeof *tmp);
    size_t(*count)[1 << RADIX_BITS] = incstat_calloc(RADIX_PASSES, sizeof *count);
    if (!key || !tmp || !count) {
        incstat_free_mem(key);
        incstat_free_mem(tmp);
        incstat_free_mem(count);
        return -1;
    }
    uint64_t *kin = key, *kout = key + n, mask = (1u << RADIX_BITS) - 1;
    size_t *oin = order, *oout = tmp;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        key[i] = map_size_key(MAP_DOT(s, size, i));
        for (int d = 0; d < RADIX_PASSES; d++)
            count[d][(key[i] >> (d * RADIX_BITS)) & mask]++;
    }
    for (int d = 0; d < RADIX_PASSES; d++) {
        size_t *c = count[d], sum = 0;
        if (c[(kin[0] >> (d * RADIX_BITS)) & mask] == n)
            continue; /* one digit for all: this pass would move nothing */
        for (size_t b = 0; b <= mask; b++) {
            size_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++) {
            size_t at = c[(kin[i] >> (d * RADIX_BITS)) & mask]++;
            kout[at] = kin[i];
            oout[at] = oin[i];
        }
        /* the next pass reads what this one wrote */
        uint64_t *kt = kin;
        kin = kout;
        kout = kt;
        size_t *ot = oin;
        oin = oout;
        oout = ot;
    }
    if (oin != order)
        memcpy(order, oin, n * sizeof *order);
    incstat_free_mem(key);
    incstat_free_mem(tmp);
    incstat_free_mem(count);
    return 0;
}
