/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_zip.h (private): the zip archive an .xlsx workbook is, read
 * through its central directory (zip64 too), and its entries inflated as a
 * stream of chunks, by a second thread for a large entry so that inflating
 * and parsing overlap.  A hostile archive gives an error, never a crash or
 * unbounded work: an entry must inflate to exactly its declared size (and
 * its CRC-32), and a declared size past what deflate can reach from the
 * compressed size (1032:1) is refused before anything is inflated.  Used by
 * the xlsx reader only (xlsx*.c).  Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_ZIP_H
#define INCSTAT_SRC_IO_XLSX_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "incstat/error.h"

typedef struct {
    char *name;         /* '\\' read as '/', no leading '/' */
    uint64_t csize;     /* compressed bytes */
    uint64_t usize;     /* declared uncompressed bytes */
    uint64_t local;     /* offset of the local header */
    uint32_t crc;
    uint16_t method;    /* 0 stored, 8 deflate */
    uint16_t flags;
} xlsx_entry;

typedef struct xlsx_zip xlsx_zip;

/* Open the archive at path and read its directory.  name is how messages
 * name the file (copied).  Errors: EIO (cannot open or read), EPARSE (not a
 * zip; an OLE2 container, which an encrypted workbook or a legacy .xls is,
 * is named as such; a damaged directory), ELIMIT (over 100,000 entries),
 * ENOMEM. */
incstat_status xlsx_zip_open(const char *path, const char *name, xlsx_zip **out,
                             incstat_error *err);
void xlsx_zip_free(xlsx_zip *z);
const char *xlsx_zip_name(const xlsx_zip *z);
/* The entry named part, compared without ASCII case (a part name in a
 * relationship may differ in case from the archive's); NULL when absent. */
const xlsx_entry *xlsx_zip_find(const xlsx_zip *z, const char *part);

/* An entry read as a stream of chunks. */
typedef struct xlsx_stream xlsx_stream;

/* Start reading entry e of z (z must outlive the stream).  threaded: inflate
 * on a second thread, a few chunks ahead of the caller.  Errors: EPARSE
 * (unsupported method, encrypted entry, a local header that does not match,
 * a declared size deflate cannot reach), ENOMEM, EIO. */
incstat_status xlsx_stream_open(xlsx_zip *z, const xlsx_entry *e, int threaded, xlsx_stream **out,
                                incstat_error *err);
/* The next chunk of the entry, borrowed until the next call: *len 0 at the
 * end (after which the size and CRC have been checked).  Errors: EPARSE (a
 * corrupt deflate stream, more or fewer bytes than declared, a CRC
 * mismatch), EIO, ENOMEM; the message names the file and the entry. */
incstat_status xlsx_stream_next(xlsx_stream *s, const unsigned char **data, size_t *len,
                                incstat_error *err);
/* Uncompressed bytes handed out so far. */
uint64_t xlsx_stream_done(const xlsx_stream *s);
void xlsx_stream_free(xlsx_stream *s);

#endif
