/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/csv_internal.h (private): what the parallel summary needs from the
 * reader: the file behind it, where it is, and readers over byte ranges. */
#ifndef INCSTAT_SRC_CSV_INTERNAL_H
#define INCSTAT_SRC_CSV_INTERNAL_H

#include <stdint.h>
#include "incstat/csv.h"

/* The descriptor of a plain (not compressed, not standard input) file the
 * reader opened itself, or -1. */
int incstat_csv_plain_fd_(const incstat_csv *c);
/* File offset of the first byte not yet consumed (plain files only). */
uint64_t incstat_csv_offset_(const incstat_csv *c);
/* Change the longest record allowed (not below the buffer already held);
 * returns the previous limit. */
size_t incstat_csv_set_max_record_(incstat_csv *c, size_t bytes);
/* Whether p[0..n) lies in the current record's bytes (then it stays valid
 * until the next record, unlike text the reader rewrote into its scratch
 * buffers: unquoted, transcoded). */
int incstat_csv_in_record_(const incstat_csv *c, const char *p, size_t n);
/* Bytes the reader will read in all when known (a plain regular file, a
 * range), else 0; with incstat_csv_offset_ it tells how far a read is. */
uint64_t incstat_csv_size_hint_(const incstat_csv *c);
/* Physical lines consumed so far. */
uint64_t incstat_csv_lines_(const incstat_csv *c);
/* 1 when the reader stopped with an unterminated quote at the input's end. */
int incstat_csv_open_quote_at_end_(const incstat_csv *c);
/* A reader over bytes [start, end) of like's file (which must stay open),
 * with like's delimiter and encoding; the range must begin at a record.
 * Line numbers count from 1 at start. */
incstat_status incstat_csv_open_range_(const incstat_csv *like, uint64_t start, uint64_t end,
                                       incstat_csv **out, incstat_error *err);

/* The fallback as the caller set it (incstat_csv_options.fallback; AUTO when
 * not set), where incstat_csv_fallback gives the one in use. */
incstat_encoding incstat_csv_fallback_option_(const incstat_csv *c);

/* Every cell of every record (type inference), without a call per cell:
 * the current record's field table.  Field i is rec[start[i], end[i]),
 * quotes included.  When ascii is 1 (the whole record is ASCII) a field
 * with neither IRREGULAR nor DOUBLED reads as those bytes less its opening
 * and closing quote, exactly what incstat_csv_field gives; any other field
 * must be read with incstat_csv_field, which decodes it and counts what it
 * replaced.  Borrowed until the next incstat_csv_next. */
enum {
    INCSTAT_CSV_QUOTED_ = 1,    /* the field opens with a quote */
    INCSTAT_CSV_IRREGULAR_ = 2, /* stray quotes */
    INCSTAT_CSV_DOUBLED_ = 4    /* a doubled quote inside the quotes */
};
typedef struct {
    const char *rec;
    const size_t *start, *end;
    const unsigned char *flags; /* INCSTAT_CSV_*_ bits, and others */
    size_t n;
    int ascii;
} incstat_csv_record_view;
void incstat_csv_record_view_(incstat_csv *c, incstat_csv_record_view *out);

/* A source of typed rows (rows.h: a workbook sheet, a statistics file)
 * read through this interface (csv_rows.c); the reader owns rows (also on
 * failure).  Its records are the rows, their fields the cells' texts. */
struct incstat_rows;
incstat_status incstat_csv_open_rows_(struct incstat_rows *rows, const char *name,
                                      incstat_csv **out, incstat_error *err);
/* A second reader over the rows a rows-reader has read ahead, from where
 * it stands (after the header): what the loader's samplers read, so the
 * source is read once.  *out NULL (and OK) when main is not a rows-reader
 * or its rows are spent. */
incstat_status incstat_csv_open_peek_(const incstat_csv *main, incstat_csv **out,
                                      incstat_error *err);
/* A reader over at most max bytes of c's input from where c stands (after
 * the header), read ahead once (INCSTAT_CSV_AHEAD_BYTES) when c reads a
 * stream: gzip, standard input, a pipe, a read function, memory.  *out NULL
 * (and OK) when nothing lies ahead, or c reads a plain file (a byte range
 * reads that) or rows (incstat_csv_open_peek_).  The peek must be freed
 * before c reads on past the read-ahead.  An error while reading ahead ends
 * the read-ahead there: c meets it again, and reports it, where it lies.
 * Errors: ENOMEM. */
#define INCSTAT_CSV_AHEAD_BYTES ((size_t)4 << 20)
incstat_status incstat_csv_open_ahead_(incstat_csv *c, uint64_t max, incstat_csv **out,
                                       incstat_error *err);
/* The type a rows-reader's cell i has (an incstat_cell_type; 0 for a CSV
 * reader's text), with its value in *num. */
int incstat_csv_cell_type_(const incstat_csv *c, size_t i, double *num);
/* The source behind a rows-reader (or its peek), else NULL. */
const struct incstat_rows *incstat_csv_rows_source_(const incstat_csv *c);

#endif
