/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/csv_reader.h (private): the CSV reader's state, shared by the two
 * halves of the reader: where the bytes come from and how a reader is opened
 * (csv_source.c), and how records are scanned and fields decoded (csv.c).
 * Nothing else includes it.  Never installed. */
#ifndef INCSTAT_SRC_IO_CSV_READER_H
#define INCSTAT_SRC_IO_CSV_READER_H

#include <stdint.h>
#include <zlib.h>

#include "incstat/csv.h"
#include "io/source/csv_internal.h"

#define DEFAULT_BUFFER (1u << 20)
#define DEFAULT_MAX_RECORD ((size_t)1 << 30)
#define DEFAULT_MAX_FIELDS 1000000u
#define GZ_IN_SIZE (1u << 16)
#define SNIFF_LINES 64

enum {
    F_QUOTED = INCSTAT_CSV_QUOTED_,
    F_IRREGULAR = INCSTAT_CSV_IRREGULAR_,
    F_DOUBLED = INCSTAT_CSV_DOUBLED_,
    F_COUNTED = 8
};
enum { SRC_FD, SRC_FN, SRC_MEM, SRC_RANGE, SRC_ROWS };

struct incstat_csv {
    /* where bytes come from */
    int src;
    int fd, own_fd;
    incstat_read_fn fn;
    void *fn_ctx;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    uint64_t range_pos, range_end; /* SRC_RANGE: pread() of fd within these */
    uint64_t range_size;
    int open_quote_at_end;         /* the input ended inside a quoted field */
    int gz;             /* decompressing */
    z_stream zs;
    unsigned char *gz_in;
    int gz_in_eof, gz_done;
    /* One read-ahead for a stream (gzip, a pipe, a read function): the
     * bytes after the header, read once so that the loader's samplers look
     * at them in memory instead of opening the input again (which a pipe
     * cannot do and a gzip file would pay for by inflating again).
     * ahead[0, ahead_len) starts at input offset ahead_base; the main
     * reader takes ahead[ahead_pos, ahead_len) before reading on. */
    unsigned char *ahead;
    size_t ahead_len, ahead_pos;
    uint64_t ahead_base;
    int ahead_done, ahead_eof;
    unsigned ahead_peeks;          /* readers open over ahead */
    struct incstat_csv *ahead_of;  /* a peek: the reader whose ahead it reads */

    char *name;
    incstat_csv_options opt;

    unsigned char *buf;
    size_t cap, pos, end; /* unread data is buf[pos, end) */
    int eof;              /* the source is exhausted */
    int cut_tail;         /* the input stops before the file's end (a peek,
                           * a byte range): a last record with no line end
                           * is cut short, and not given */
    int started;          /* BOM / sep= / delimiter detection done */

    /* current record: fields relative to rec */
    size_t rec;           /* offset of the record in buf */
    size_t rec_len;       /* its length, terminator excluded */
    int rec_ascii;        /* -1 unknown, 1 the whole record is ASCII, 0 not */
    unsigned rec_calls;   /* field() calls on this record */
    int many_calls;       /* the last record had many: check this one whole at once */
    size_t nfields, fields_cap;
    size_t *fstart, *fend;
    unsigned char *fflags;
    uint64_t line, end_line, next_line;

    unsigned char *scratch; /* unquoting and transcoding */
    size_t scratch_cap;
    unsigned char *scratch2;
    size_t scratch2_cap;

    char delim;
    unsigned char cls[256]; /* 1 for bytes that end an unquoted run */
    int eols, bom, sep_line;
    uint64_t empty_lines, bytes_read;
    uint64_t cp1252_cells, cp1252_first;
    uint64_t replaced, replaced_first;
    uint64_t irregular, irregular_first;
    /* SRC_ROWS: a source of typed rows read as records (csv_rows.c) */
    struct incstat_csv_rows_ *rows;
};

/* A reader with the options set and nothing to read yet (csv_source.c). */
incstat_status incstat_csv_new_(incstat_csv **out, const char *name,
                                const incstat_csv_options *opts, incstat_error *err);
/* SRC_ROWS: the next row as the record; freeing what the rows hold
 * (csv_rows.c). */
incstat_status incstat_csv_rows_next_(incstat_csv *c, incstat_error *err);
void incstat_csv_rows_free_(incstat_csv *c);
uint64_t incstat_csv_rows_total_(const incstat_csv *c);
/* The rows state of a reader over src, or (main not NULL) of a peek over
 * main's kept rows; NULL when out of memory.  Whether main's kept rows can
 * still be peeked at. */
struct incstat_rows;
struct incstat_csv_rows_ *incstat_csv_rows_new_(struct incstat_rows *src, const incstat_csv *main);
int incstat_csv_rows_peekable_(const incstat_csv *main);

/* The BOM, the "sep=" line and the delimiter, once, before the first record
 * (csv_source.c). */
void incstat_csv_start_(incstat_csv *c);
/* Make room at the end of the buffer (moving the unread bytes to the front,
 * growing it when a record fills it) and read more.  Errors: ENOMEM,
 * EPARSE (a record over max_record_bytes), EIO (a read or gzip error). */
incstat_status incstat_csv_make_room_(incstat_csv *c, incstat_error *err);

#endif
