/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/csv.h: a streaming CSV reader for the files incident datasets really
 * come in.  It reads in chunks (memory grows with the longest record, not with
 * the file), takes RFC 4180 plus what real exports do beyond it, and hands out
 * each record as borrowed field slices. */
#ifndef INCSTAT_CSV_H
#define INCSTAT_CSV_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    INCSTAT_ENCODING_AUTO = 0,    /* UTF-8; a cell that is not valid UTF-8 is read
                                     in the fallback encoding and counted */
    INCSTAT_ENCODING_UTF8,        /* UTF-8; invalid sequences become U+FFFD, counted */
    INCSTAT_ENCODING_WINDOWS_1252,
    INCSTAT_ENCODING_ISO_8859_1,
    INCSTAT_ENCODING_MAC_ROMAN
} incstat_encoding;

/* Line endings seen (a bit set). */
enum {
    INCSTAT_EOL_LF = 1,
    INCSTAT_EOL_CRLF = 2,
    INCSTAT_EOL_CR = 4
};

/* Reader options; all-zero means the defaults. */
typedef struct {
    char delimiter;            /* 0: detect among , ; TAB | (and honour "sep=") */
    incstat_encoding encoding; /* AUTO by default */
    size_t buffer_size;        /* initial read buffer; 0 = 1 MiB */
    size_t max_record_bytes;   /* a larger record is an error; 0 = 1 GiB */
    size_t max_fields;         /* more fields in one record is an error; 0 = 1,000,000 */
    incstat_encoding fallback; /* AUTO only: the encoding of cells that are not
                                  valid UTF-8 (WINDOWS_1252, ISO_8859_1 or
                                  MAC_ROMAN); 0 (or UTF8) = Windows-1252.  The
                                  loader chooses it by how the text reads. */
} incstat_csv_options;

/* Where bytes come from: fill buf with up to cap bytes, return how many (0 at
 * end of input) or -1 on error.  Used for streams the library does not open. */
typedef long long (*incstat_read_fn)(void *ctx, void *buf, size_t cap);

typedef struct incstat_csv incstat_csv;

/* Open a file by path; "-" is standard input; a path ending in ".gz" (or any
 * input starting with the gzip magic bytes) is decompressed.  name (may be
 * NULL) is used in messages instead of the path.  On success *out owns the
 * reader; free it with incstat_csv_free().  Errors: ENOMEM, EIO (with the
 * reason), EINVAL (path or out NULL, a delimiter that is a quote or a line
 * break; the same for the two openers below). */
incstat_status incstat_csv_open_path(const char *path, const incstat_csv_options *opts,
                                     incstat_csv **out, incstat_error *err);

/* Read from a callback; name (copied; may be NULL) is used in messages.  ctx
 * is borrowed and must outlive the reader.  fn returning -1 makes the next
 * read fail with EIO.  Errors: ENOMEM, EINVAL (fn NULL). */
incstat_status incstat_csv_open_reader(incstat_read_fn fn, void *ctx, const char *name,
                                       const incstat_csv_options *opts, incstat_csv **out,
                                       incstat_error *err);

/* Read from memory (borrowed; must outlive the reader); name as above.
 * Errors: ENOMEM, EINVAL (data NULL with len > 0). */
incstat_status incstat_csv_open_memory(const void *data, size_t len, const char *name,
                                       const incstat_csv_options *opts, incstat_csv **out,
                                       incstat_error *err);

/* Closes what the reader opened and frees it; NULL is a no-op. */
void incstat_csv_free(incstat_csv *csv);

/* Advance to the next record.  Returns INCSTAT_ROW when one is available,
 * INCSTAT_DONE at the end, or an error (EPARSE for an unterminated quote at
 * end of input or a record over max_record_bytes, EIO, ENOMEM).  Empty lines
 * are not records; they are counted (incstat_csv_empty_lines()).  The first
 * record is the header: the reader does not treat it specially.  EINVAL
 * for a NULL reader. */
incstat_status incstat_csv_next(incstat_csv *csv, incstat_error *err);

/* Number of fields of the current record (0 before the first record and
 * after the end).  Valid until the next incstat_csv_next(). */
size_t incstat_csv_field_count(const incstat_csv *csv);

/* Field i of the current record as UTF-8 text: quotes removed, doubled quotes
 * undoubled, transcoded from the file's encoding.  *len receives the length.
 * The text is not NUL-terminated in general.  Borrowed: valid until the next
 * call of incstat_csv_next() (another field's text may share scratch space, so
 * copy what you keep before asking for the next field).  i out of range gives
 * an empty string. */
const char *incstat_csv_field(incstat_csv *csv, size_t i, size_t *len);

/* Raw bytes of field i as in the file (quotes still there), and whether it was
 * quoted.  For callers that only need ASCII digits: no transcoding cost. */
const char *incstat_csv_field_raw(const incstat_csv *csv, size_t i, size_t *len, int *quoted);

/* 1-based physical line where the current record starts, and where it ends
 * (they differ when a quoted field holds line breaks); 0 before the first
 * record or for a NULL reader. */
uint64_t incstat_csv_line(const incstat_csv *csv);
uint64_t incstat_csv_end_line(const incstat_csv *csv);

/* Facts gathered so far (0 for a NULL reader): the delimiter in use, the
 * encoding as configured, the line endings seen, whether the input began
 * with a byte-order mark, with an Excel "sep=" line, and was gzip; empty
 * lines skipped; bytes read from the source (compressed bytes for gzip). */
char incstat_csv_delimiter(const incstat_csv *csv);
incstat_encoding incstat_csv_encoding(const incstat_csv *csv); /* as configured */
int incstat_csv_line_endings(const incstat_csv *csv);        /* INCSTAT_EOL_* bits */
int incstat_csv_had_bom(const incstat_csv *csv);
int incstat_csv_had_sep_line(const incstat_csv *csv);
int incstat_csv_gzip(const incstat_csv *csv);
uint64_t incstat_csv_empty_lines(const incstat_csv *csv);
uint64_t incstat_csv_bytes_read(const incstat_csv *csv);
/* AUTO only: cells that were not valid UTF-8 and were read in the fallback
 * encoding (Windows-1252 unless set), and the line of the first one (0 if
 * none).  The name is from when the fallback was always Windows-1252. */
uint64_t incstat_csv_cp1252_cells(const incstat_csv *csv, uint64_t *first_line);
/* UTF8 only: invalid sequences replaced by U+FFFD, and the first line. */
uint64_t incstat_csv_replaced(const incstat_csv *csv, uint64_t *first_line);
/* Records whose quoting was irregular (text after a closing quote, a bare
 * quote inside an unquoted field): kept as written, counted. */
uint64_t incstat_csv_irregular_quotes(const incstat_csv *csv, uint64_t *first_line);
/* The name used in messages. */
const char *incstat_csv_name(const incstat_csv *csv);

/* Change the encoding for fields read from now on (a preset may know its
 * source's encoding once the header is read). */
void incstat_csv_set_encoding(incstat_csv *csv, incstat_encoding enc);
/* Change the fallback (incstat_csv_options.fallback) for fields read from
 * now on, including the current record's; the fallback in use. */
void incstat_csv_set_fallback(incstat_csv *csv, incstat_encoding enc);
incstat_encoding incstat_csv_fallback(const incstat_csv *csv);

#ifdef __cplusplus
}
#endif
#endif
