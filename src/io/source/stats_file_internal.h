/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/stats_file_internal.h (private): the statistics-file reader's
 * parts, shared by its files and nothing else:
 *   stats_file.c        opening: the format, the variables and value labels
 *                       (a first pass), the rows interface;
 *   stats_file_cells.c  a ReadStat value as a cell (numbers, dates, labels);
 *   stats_file_pipe.c   the records, parsed on a thread of their own and
 *                       handed over in batches;
 *   stats_file_io.c     ReadStat's input, buffered (ReadStat's own reads
 *                       a .dta one record per read(2)).
 * Never installed. */
#ifndef INCSTAT_SRC_IO_STATS_FILE_INTERNAL_H
#define INCSTAT_SRC_IO_STATS_FILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <readstat.h>

#include "io/source/stats_file.h"

/* The file families: where their dates count from and in what unit. */
typedef enum { SF_DTA, SF_SAV, SF_POR, SF_SAS } sf_family;

/* What a variable's cells are. */
typedef enum { SF_NUMBER, SF_STRING, SF_DATE, SF_DATETIME, SF_TIME } sf_kind;

/* While a set is read its text grows and moves: the labels hold offsets
 * into it (off, koff), which become pointers once it is whole. */
typedef struct {
    double key;
    const char *label;
    size_t off, len;
} sf_numlabel;

typedef struct {
    const char *key;
    size_t koff, klen;
    const char *label;
    size_t off, len;
} sf_strlabel;

/* A value-label set (Stata's label name, SPSS's label record): sorted by key
 * once the first pass is over. */
typedef struct {
    char *name;
    sf_numlabel *num;
    size_t nnum, num_cap;
    sf_strlabel *str;
    size_t nstr, str_cap;
    char *text;            /* the labels' and string keys' text, one block */
    size_t text_len, text_cap;
} sf_labelset;

typedef struct {
    char *name;
    size_t name_len;
    sf_kind kind;
    const sf_labelset *labels; /* NULL: none */
    char *labels_name;         /* the set's name until it is resolved */
} sf_var;

/* What the records' cells need, fixed after the first pass. */
typedef struct {
    sf_family family;
    int64_t records;       /* what the header says; -1 when it does not */
    sf_var *vars;
    size_t nvar, var_cap;
    sf_labelset *sets;
    size_t nsets, sets_cap;
} sf_schema;

/* Counts the reading thread keeps for the notes. */
typedef struct {
    uint64_t tagged;     /* Stata .a-.z */
    uint64_t user;       /* SPSS user-defined missing values */
    uint64_t replaced;   /* invalid UTF-8 sequences replaced */
    uint64_t nonfinite;  /* an infinite or NaN number not marked missing */
} sf_counts;

/* ---- stats_file_io.c -------------------------------------------------- */

typedef struct sf_io sf_io;
/* A buffered input for a parser; NULL when out of memory.  size: the file's
 * size in bytes once open (0 before). */
sf_io *incstat_sf_io_new_(void);
void incstat_sf_io_free_(sf_io *io);
void incstat_sf_io_install_(sf_io *io, readstat_parser_t *parser);
uint64_t incstat_sf_io_pos_(const sf_io *io);
uint64_t incstat_sf_io_size_(const sf_io *io);

/* ---- stats_file_cells.c ----------------------------------------------- */

/* A text arena that never moves what it gave out: blocks are chained, and
 * reset keeps them for the next batch. */
typedef struct sf_block sf_block;
typedef struct {
    sf_block *first, *cur;
} sf_arena;
char *incstat_sf_arena_alloc_(sf_arena *a, size_t n);
void incstat_sf_arena_reset_(sf_arena *a);
void incstat_sf_arena_free_(sf_arena *a);

/* The kind of a variable of ReadStat type class tc with display format fmt
 * in a file of family f. */
sf_kind incstat_sf_kind_(sf_family f, readstat_type_class_t tc, const char *fmt);

/* Sort a label set once it is whole (keys ascending, the first of equal
 * keys kept). */
void incstat_sf_labels_sort_(sf_labelset *s);

/* Fill *c from value of variable var (the ReadStat variable rv, for its
 * missing values).  Text that is not the label's or the name's goes to a.
 * Returns 0, or -1 when out of memory. */
int incstat_sf_cell_(const sf_schema *sc, const sf_var *var, readstat_variable_t *rv,
                     readstat_value_t value, incstat_cell *c, sf_arena *a, sf_counts *counts);

/* Text forms (buf: at least 40 bytes); each returns the length. */
size_t incstat_sf_number_text_(char *buf, double x);
size_t incstat_sf_float_text_(char *buf, float x, double *value);
size_t incstat_sf_date_text_(char *buf, int64_t days);
size_t incstat_sf_datetime_text_(char *buf, int64_t ms);
size_t incstat_sf_time_text_(char *buf, double seconds);

/* ---- stats_file_pipe.c ------------------------------------------------ */

typedef struct sf_pipe sf_pipe;

/* Start parsing the records of the file at path (format fn) on a thread of
 * its own.  The schema is borrowed until the pipe is freed. */
typedef readstat_error_t (*sf_parse_fn)(readstat_parser_t *, const char *, void *);
incstat_status incstat_sf_pipe_start_(const char *path, sf_parse_fn fn, const char *encoding,
                                      const sf_schema *sc, sf_pipe **out, incstat_error *err);
/* The next record: INCSTAT_ROW with *cells (sc->nvar of them) and *record
 * (1-based), INCSTAT_DONE, or an error naming path and the record. */
incstat_status incstat_sf_pipe_next_(sf_pipe *p, const incstat_cell **cells, uint64_t *record,
                                     incstat_error *err);
/* Bytes of the file parsed when the current batch was handed over. */
uint64_t incstat_sf_pipe_bytes_(const sf_pipe *p);
/* The counts, once next() has returned DONE. */
const sf_counts *incstat_sf_pipe_counts_(const sf_pipe *p);
void incstat_sf_pipe_free_(sf_pipe *p);

/* A ReadStat failure as a status and message: "path: record N: what" (N
 * omitted when 0), with ReadStat's own message where it gave one. */
incstat_status incstat_sf_readstat_error_(incstat_error *err, const char *path, uint64_t record,
                                          readstat_error_t e, const char *detail);

#endif
