/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/stats_file_pipe.c: the records of a statistics file, parsed by
 * ReadStat on a thread of their own and handed to the caller in batches.
 *
 * ReadStat parses a whole file in one call and hands over each value
 * through a callback; the rows interface is pulled a row at a time.  A
 * thread turns the one into the other without holding the file: it fills a
 * ring of NBATCH batches of about BATCH_CELLS cells (their text in each
 * batch's arena) and waits while the caller has not emptied one.  The
 * alternative, ReadStat's row offset and limit, parses the file again from
 * the start for each batch in the SPSS formats (compressed records cannot be
 * skipped): quadratic.  With two cores the parsing and the caller's work
 * overlap. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/stats_file_internal.h"

#define BATCH_CELLS 16384
#define NBATCH 4

typedef struct {
    incstat_cell *cells; /* rows_per_batch * nvar */
    size_t n;            /* rows filled */
    uint64_t first;      /* the record number of row 0 */
    uint64_t bytes;      /* of the file parsed when it was handed over */
    sf_arena arena;
} batch;

struct sf_pipe {
    char *path;
    char *encoding;
    sf_parse_fn parse;
    const sf_schema *sc;
    size_t per_batch;
    batch b[NBATCH];
    size_t head, tail, full; /* ring: next to fill, next to hand out, filled */
    int done, stop;
    incstat_status st;
    incstat_error err;
    pthread_mutex_t mu;
    pthread_cond_t can_fill, can_take;
    pthread_t th;
    int started;

    /* the thread's */
    sf_io *io;
    batch *fill;         /* being filled; NULL: none */
    long obs;            /* ReadStat's index of the record being filled; -1: none */
    incstat_cell *row;
    size_t row_values;   /* values of that record seen so far */
    int oom;
    int quit;            /* out of memory or the caller gone: abort every call */
    sf_counts counts;
    char rs_msg[200];    /* ReadStat's last error message */

    /* the caller's */
    int holding;         /* the caller holds b[tail] */
    size_t row_i;
    uint64_t bytes;
};

static void on_error(const char *msg, void *ctx)
{
    sf_pipe *p = ctx;
    snprintf(p->rs_msg, sizeof p->rs_msg, "%s", msg);
    size_t n = strlen(p->rs_msg);
    while (n && (p->rs_msg[n - 1] == '\n' || p->rs_msg[n - 1] == '.'))
        p->rs_msg[--n] = '\0';
}

/* Hand the batch being filled to the caller. */
static void publish(sf_pipe *p)
{
    batch *b = p->fill;
    p->fill = NULL;
    if (!b || b->n == 0)
        return;
    b->bytes = incstat_sf_io_pos_(p->io);
    pthread_mutex_lock(&p->mu);
    p->head = (p->head + 1) % NBATCH;
    p->full++;
    pthread_cond_signal(&p->can_take);
    pthread_mutex_unlock(&p->mu);
}

/* A new row for record obs (0-based), its cells EMPTY until their values
 * come.  -1 when the caller has gone. */
static int start_row(sf_pipe *p, long obs)
{
    size_t nvar = p->sc->nvar;
    if (p->fill && p->fill->n == p->per_batch)
        publish(p);
    if (!p->fill) {
        pthread_mutex_lock(&p->mu);
        while (p->full == NBATCH && !p->stop)
            pthread_cond_wait(&p->can_fill, &p->mu);
        int stop = p->stop;
        batch *b = &p->b[p->head];
        pthread_mutex_unlock(&p->mu);
        if (stop)
            return -1;
        b->n = 0;
        b->first = (uint64_t)obs + 1;
        incstat_sf_arena_reset_(&b->arena);
        p->fill = b;
    }
    p->row = p->fill->cells + p->fill->n * nvar;
    p->fill->n++;
    for (size_t j = 0; j < nvar; j++) {
        p->row[j].type = INCSTAT_CELL_EMPTY;
        p->row[j].text = "";
        p->row[j].len = 0;
        p->row[j].num = NAN;
    }
    p->obs = obs;
    p->row_values = 0;
    return 0;
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
    sf_pipe *p = ctx;
    if (p->quit)
        return READSTAT_HANDLER_ABORT;
    if (obs != p->obs && start_row(p, obs) != 0) {
        p->quit = 1;
        return READSTAT_HANDLER_ABORT;
    }
    int j = readstat_variable_get_index(v);
    if (j < 0 || (size_t)j >= p->sc->nvar)
        return READSTAT_HANDLER_OK;
    if (incstat_sf_cell_(p->sc, &p->sc->vars[j], v, value, &p->row[j], &p->fill->arena,
                         &p->counts) != 0) {
        p->oom = p->quit = 1;
        return READSTAT_HANDLER_ABORT;
    }
    p->row_values++;
    return READSTAT_HANDLER_OK;
}

incstat_status incstat_sf_readstat_error_(incstat_error *err, const char *path, uint64_t record,
                                          readstat_error_t e, const char *detail)
{
    char where[48] = "";
    if (record)
        snprintf(where, sizeof where, " record %llu:", (unsigned long long)record);
    const char *what = readstat_error_message(e);
    incstat_status code = INCSTAT_EPARSE;
    switch (e) {
    case READSTAT_ERROR_OPEN:
        code = INCSTAT_EIO;
        what = "cannot open it";
        break;
    case READSTAT_ERROR_READ:
    case READSTAT_ERROR_SEEK:
        what = "the file ends early or cannot be read";
        break;
    case READSTAT_ERROR_ROW_COUNT_MISMATCH:
        what = "the file ends early: it has fewer records than its header says";
        break;
    case READSTAT_ERROR_MALLOC:
        code = INCSTAT_ENOMEM;
        what = "out of memory";
        break;
    case READSTAT_ERROR_UNSUPPORTED_CHARSET:
        code = INCSTAT_EINVAL;
        what = "unknown text encoding";
        break;
    default:
        break;
    }
    if (detail && *detail && strcmp(detail, what) != 0)
        return incstat_set_error(err, code, record, 0, "%s:%s %s (%s)", path, where, what, detail);
    return incstat_set_error(err, code, record, 0, "%s:%s %s", path, where, what);
}

/* The record an error belongs to: the one being read, the next one, or
 * none (0) when every record the header announced was read. */
static uint64_t failed_record(sf_pipe *p)
{
    if (p->fill && p->obs >= 0 && p->row_values < p->sc->nvar) {
        p->fill->n--; /* a record read in part is not handed over */
        return (uint64_t)p->obs + 1;
    }
    uint64_t done = p->obs >= 0 ? (uint64_t)p->obs + 1 : 0;
    if (p->sc->records >= 0 && done >= (uint64_t)p->sc->records)
        return 0;
    return done + 1;
}

/* ReadStat builds a .dta's variables, which the values point to, only for
 * a parser with a variable handler. */
static int on_variable(int index, readstat_variable_t *v, const char *val_labels, void *ctx)
{
    (void)index;
    (void)v;
    (void)val_labels;
    (void)ctx;
    return READSTAT_HANDLER_OK;
}

static void *producer(void *arg)
{
    sf_pipe *p = arg;
    incstat_error err;
    incstat_status st = INCSTAT_OK;
    memset(&err, 0, sizeof err);
    readstat_parser_t *parser = readstat_parser_init();
    if (!parser) {
        st = incstat_set_error(&err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    } else {
        readstat_set_variable_handler(parser, on_variable);
        readstat_set_value_handler(parser, on_value);
        readstat_set_error_handler(parser, on_error);
        if (p->encoding)
            readstat_set_file_character_encoding(parser, p->encoding);
        incstat_sf_io_install_(p->io, parser);
        readstat_error_t e = p->parse(parser, p->path, p);
        readstat_parser_free(parser);
        if (p->oom) {
            uint64_t r = failed_record(p);
            st = incstat_set_error(&err, INCSTAT_ENOMEM, r, 0, "%s: record %llu: out of memory",
                                   p->path, (unsigned long long)r);
        } else if (e != READSTAT_OK && !p->stop) {
            st = incstat_sf_readstat_error_(&err, p->path, failed_record(p), e, p->rs_msg);
        }
    }
    if (!p->stop)
        publish(p);
    pthread_mutex_lock(&p->mu);
    p->done = 1;
    p->st = st;
    p->err = err;
    pthread_cond_signal(&p->can_take);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

void incstat_sf_pipe_free_(sf_pipe *p)
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
        incstat_free_mem(p->b[i].cells);
        incstat_sf_arena_free_(&p->b[i].arena);
    }
    incstat_sf_io_free_(p->io);
    incstat_free_mem(p->path);
    incstat_free_mem(p->encoding);
    incstat_free_mem(p);
}

incstat_status incstat_sf_pipe_start_(const char *path, sf_parse_fn fn, const char *encoding,
                                      const sf_schema *sc, sf_pipe **out, incstat_error *err)
{
    *out = NULL;
    sf_pipe *p = incstat_calloc(1, sizeof *p);
    if (!p)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->can_fill, NULL);
    pthread_cond_init(&p->can_take, NULL);
    p->parse = fn;
    p->sc = sc;
    p->obs = -1;
    p->per_batch = sc->nvar < BATCH_CELLS ? BATCH_CELLS / sc->nvar : 1;
    int ok = (p->path = incstat_strndup(path, strlen(path))) != NULL &&
             (!encoding || (p->encoding = incstat_strndup(encoding, strlen(encoding)))) &&
             (p->io = incstat_sf_io_new_()) != NULL;
    for (size_t i = 0; ok && i < NBATCH; i++)
        ok = (p->b[i].cells = incstat_reallocarray(NULL, p->per_batch * sc->nvar,
                                                   sizeof(incstat_cell))) != NULL;
    if (!ok) {
        incstat_sf_pipe_free_(p);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    if (pthread_create(&p->th, NULL, producer, p) != 0) {
        incstat_sf_pipe_free_(p);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: cannot start a thread", path);
    }
    p->started = 1;
    *out = p;
    return INCSTAT_OK;
}

incstat_status incstat_sf_pipe_next_(sf_pipe *p, const incstat_cell **cells, uint64_t *record,
                                     incstat_error *err)
{
    size_t nvar = p->sc->nvar;
    if (p->holding && p->row_i + 1 < p->b[p->tail].n) {
        batch *b = &p->b[p->tail];
        p->row_i++;
        *cells = b->cells + p->row_i * nvar;
        *record = b->first + p->row_i;
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
    p->row_i = 0;
    p->bytes = b->bytes;
    *cells = b->cells;
    *record = b->first;
    return INCSTAT_ROW;
}

uint64_t incstat_sf_pipe_bytes_(const sf_pipe *p)
{
    return p ? p->bytes : 0;
}

const sf_counts *incstat_sf_pipe_counts_(const sf_pipe *p)
{
    return &p->counts;
}
