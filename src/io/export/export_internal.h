/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export_internal.h (private): what the export's writers share.
 * export_rows.c is the row source (the tidy table's columns, one row of it
 * as typed values, the kept incidents); export_pipe.c reads it on a thread;
 * export_text.c writes it as text, export_chunks.c does so on threads,
 * export_sqlite.c into a database; export.c dispatches by format on top. */
#ifndef INCSTAT_SRC_EXPORT_INTERNAL_H
#define INCSTAT_SRC_EXPORT_INTERNAL_H

#include "incstat/export.h"
#include <stdio.h>

#include "incstat/table.h"

/* The canonical columns, before the kept ones. */
#define INCSTAT_EXPORT_NCANON 22

typedef enum { XV_NULL = 0, XV_TEXT, XV_INT, XV_REAL } xv_kind;

/* One value of a row: 24 bytes, since the pipe copies rows by the
 * thousand. */
typedef struct {
    xv_kind kind;
    size_t n;          /* XV_TEXT: its length */
    union {
        const char *s; /* XV_TEXT (not NUL-terminated) */
        long long i;   /* XV_INT */
        double d;      /* XV_REAL */
    };
} xv;

/* Name and SQL type ("TEXT", "INTEGER", "REAL") of canonical column c. */
const char *incstat_export_column_(size_t c, const char **sql_type);

/* The canonical values of inc into v[0..NCANON), then its kept columns.
 * Text is borrowed from inc, the date's text written into date_buf (16
 * bytes). */
void incstat_export_values_(const incstat_incident *inc, xv *v, char *date_buf);

/* Shortest text of x (export.c) that reads back as x (finite x); returns its length
 * (at most 32 bytes written). */
size_t incstat_export_number_(char *buf, double x);

/* The loader's records (raw) or incidents (filtered) one at a time, for
 * both writers: INCSTAT_ROW with *inc (tidy) set, INCSTAT_DONE, or an error. */
incstat_status incstat_export_next_(incstat_loader *ld, const incstat_export_options *o,
                                    const incstat_incident **inc, incstat_error *err);

/* The rows of ld (filtered as o says) read on a thread of their own and
 * handed out in file order (export_pipe.c).  ld must not be used until the
 * pipe is freed.  Errors: ENOMEM. */
typedef struct incstat_xpipe_ incstat_xpipe_;
incstat_status incstat_xpipe_start_(incstat_loader *ld, const incstat_export_options *o,
                                    size_t ncols, incstat_xpipe_ **out, incstat_error *err);
/* The next row's ncols values, borrowed until the next call: INCSTAT_ROW,
 * INCSTAT_DONE, or the loader's error. */
incstat_status incstat_xpipe_next_(incstat_xpipe_ *p, const xv **row, incstat_error *err);
/* Stop the reading (at any point) and free. */
void incstat_xpipe_free_(incstat_xpipe_ *p);

/* The SQLite writer (export_sqlite.c): every incident into a new database at
 * path (which must not exist).  Errors: EIO with SQLite's message, and those
 * of the loader. */
incstat_status incstat_export_sqlite_(incstat_loader *ld, const incstat_export_options *o,
                                      const char *path, uint64_t *rows, incstat_error *err);

/* ---- the text writer (export_text.c) ---------------------------------- */

#define INCSTAT_XOUT_CAP ((size_t)1 << 20)

/* The output buffer: flushed to out when full; failed on a write error. */
typedef struct {
    char *b;
    size_t n;
    FILE *out;
    int failed;
} xobuf;

/* A text export in progress: the format, the columns, the rows written. */
typedef struct {
    const incstat_export_options *o;
    xobuf ob;
    const char *const *names; /* column names */
    size_t ncols;
    char **json_keys;         /* names as JSON keys with their ':' */
    size_t *json_key_len;
    uint64_t rows;
    int oom;
} xwriter;

/* The buffer's bytes to its stream. */
void incstat_xob_flush_(xobuf *o);
/* A writer for ld's columns in o's format to out, its header written.  0, or
 * -1 when out of memory (then free it all the same). */
int incstat_xwriter_open_(xwriter *w, const incstat_export_options *o, incstat_loader *ld,
                          FILE *out);
/* Every tidy row of ld / every raw record, into w.  A write error or
 * allocation failure is left in w (ob.failed, oom); the loader's errors are
 * returned. */
incstat_status incstat_xwriter_tidy_(xwriter *w, incstat_loader *ld, incstat_error *err);
incstat_status incstat_xwriter_raw_(xwriter *w, incstat_loader *ld, incstat_error *err);
/* The end of the output (JSON's closing bracket), flushed. */
void incstat_xwriter_close_(xwriter *w);
void incstat_xwriter_free_(xwriter *w);

/* ---- on threads (export_chunks.c) -------------------------------------- */

/* The tidy rows of ld written in chunks on threads when the file can be cut
 * (*done 1), the temporary files in spill_dir; otherwise nothing is done and
 * *done is 0.  Errors: those of the loader, EIO, ENOMEM. */
incstat_status incstat_export_chunks_(xwriter *w, incstat_loader *ld, const char *spill_dir,
                                      int *done, incstat_error *err);

#endif
