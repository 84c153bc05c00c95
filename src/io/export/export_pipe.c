/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export_pipe.c: the tidy table's rows read on a thread of their own
 * and handed to the caller in file order, in batches (export_internal.h).
 * The SQLite export spends about as long inserting as the loader spends
 * reading; with the reading on a second core the two overlap. */
#include <pthread.h>
#include <string.h>

#include "core/internal.h"
#include "io/export/export_internal.h"

#define BATCH_ROWS 512
#define NBATCH 4

typedef struct {
    xv *v;         /* BATCH_ROWS * ncols values; text points into arena */
    char *arena;
    size_t alen, acap;
    size_t n;
} batch;

struct incstat_xpipe_ {
    incstat_loader *ld;
    const incstat_export_options *o;
    size_t ncols;
    batch b[NBATCH];
    size_t head, tail, full; /* ring: next to fill, next to hand out, filled */
    int done, stop, oom;
    incstat_status st;
    incstat_error err;
    pthread_mutex_t mu;
    pthread_cond_t can_fill, can_take;
    pthread_t th;
    int started;
    size_t row;   /* the caller's row in b[tail] */
    int holding;  /* the caller holds b[tail] */
};

/* Room for need more bytes in b's arena.  A larger arena is a new block:
 * the rows already in the batch point into the old one and are moved over
 * (the arenas stop growing after the first batches).  -1: oom. */
static int arena_room(batch *b, size_t ncols, size_t need)
{
    if (need <= b->acap - b->alen)
        return 0;
    size_t nc = b->acap;
    while (nc - b->alen < need)
        nc *= 2;
    char *a = incstat_malloc(nc);
    if (!a)
        return -1;
    if (b->alen)
        memcpy(a, b->arena, b->alen);
    for (size_t k = 0; k < b->n * ncols; k++)
        if (b->v[k].kind == XV_TEXT)
            b->v[k].s = a + (b->v[k].s - b->arena);
    incstat_free_mem(b->arena);
    b->arena = a;
    b->acap = nc;
    return 0;
}

/* Copy one row's values into b, their text into its arena.  -1: oom. */
static int put_row(batch *b, size_t ncols, const xv *v)
{
    size_t need = 0;
    for (size_t c = 0; c < ncols; c++)
        need += v[c].kind == XV_TEXT ? v[c].n : 0;
    if (arena_room(b, ncols, need) != 0)
        return -1;
    xv *d = b->v + b->n * ncols;
    char *a = b->arena + b->alen;
    for (size_t c = 0; c < ncols; c++) {
        d[c] = v[c];
        if (v[c].kind == XV_TEXT) {
            memcpy(a, v[c].s, v[c].n);
            d[c].s = a;
            a += v[c].n;
        }
    }
    b->alen += need;
    b->n++;
    return 0;
}

static void *producer(void *arg)
{
    incstat_xpipe_ *p = arg;
    xv *v = incstat_reallocarray(NULL, p->ncols, sizeof *v);
    char date[16];
    incstat_status st = v ? INCSTAT_ROW : INCSTAT_ENOMEM;
    incstat_error err;
    memset(&err, 0, sizeof err);
    if (!v)
        incstat_set_error(&err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    while (st == INCSTAT_ROW) {
        pthread_mutex_lock(&p->mu);
        while (p->full == NBATCH && !p->stop)
            pthread_cond_wait(&p->can_fill, &p->mu);
        int stop = p->stop;
        batch *b = &p->b[p->head];
        pthread_mutex_unlock(&p->mu);
        if (stop)
            break;
        b->n = b->alen = 0;
        while (b->n < BATCH_ROWS) {
            const incstat_incident *inc;
            st = incstat_export_next_(p->ld, p->o, &inc, &err);
            if (st != INCSTAT_ROW)
                break;
            incstat_export_values_(inc, v, date);
            if (put_row(b, p->ncols, v) != 0) {
                st = incstat_set_error(&err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
                break;
            }
        }
        pthread_mutex_lock(&p->mu);
        if (b->n) {
            p->head = (p->head + 1) % NBATCH;
            p->full++;
        }
        pthread_cond_signal(&p->can_take);
        pthread_mutex_unlock(&p->mu);
    }
    incstat_free_mem(v);
    pthread_mutex_lock(&p->mu);
    p->done = 1;
    p->st = st == INCSTAT_DONE || st == INCSTAT_ROW ? INCSTAT_OK : st;
    p->err = err;
    pthread_cond_signal(&p->can_take);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

void incstat_xpipe_free_(incstat_xpipe_ *p)
{
    if (!p)
        return;
    if (p->started) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_signal(&p->can_fill);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->th, NULL);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->can_fill);
    pthread_cond_destroy(&p->can_take);
    for (size_t i = 0; i < NBATCH; i++) {
        incstat_free_mem(p->b[i].v);
        incstat_free_mem(p->b[i].arena);
    }
    incstat_free_mem(p);
}

incstat_status incstat_xpipe_start_(incstat_loader *ld, const incstat_export_options *o,
                                    size_t ncols, incstat_xpipe_ **out, incstat_error *err)
{
    *out = NULL;
    incstat_xpipe_ *p = incstat_calloc(1, sizeof *p);
    if (!p)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    p->ld = ld;
    p->o = o;
    p->ncols = ncols;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->can_fill, NULL);
    pthread_cond_init(&p->can_take, NULL);
    for (size_t i = 0; i < NBATCH; i++)
        if (!(p->b[i].v = incstat_reallocarray(NULL, (size_t)BATCH_ROWS * ncols, sizeof(xv))) ||
            !(p->b[i].arena = incstat_malloc(p->b[i].acap = 1 << 16))) {
            incstat_xpipe_free_(p);
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        }
    if (pthread_create(&p->th, NULL, producer, p) != 0) {
        incstat_xpipe_free_(p);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "cannot start a thread");
    }
    p->started = 1;
    *out = p;
    return INCSTAT_OK;
}

incstat_status incstat_xpipe_next_(incstat_xpipe_ *p, const xv **row, incstat_error *err)
{
    if (p->holding && p->row < p->b[p->tail].n) {
        *row = p->b[p->tail].v + p->row++ * p->ncols;
        return INCSTAT_ROW;
    }
    pthread_mutex_lock(&p->mu);
    if (p->holding) {
        p->tail = (p->tail + 1) % NBATCH;
        p->full--;
        p->holding = 0;
        pthread_cond_signal(&p->can_fill);
    }
    while (p->full == 0 && !p->done)
        pthread_cond_wait(&p->can_take, &p->mu);
    if (p->full == 0) {
        incstat_status st = p->st;
        if (st && err)
            *err = p->err;
        pthread_mutex_unlock(&p->mu);
        return st ? st : INCSTAT_DONE;
    }
    pthread_mutex_unlock(&p->mu);
    batch *b = &p->b[p->tail];
    p->holding = 1;
    p->row = 1;
    *row = b->v;
    return INCSTAT_ROW;
}
