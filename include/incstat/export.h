/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/export.h: the loaded incidents as a tidy table for other tools
 * (R, pandas, DuckDB, a database), or a file's records exactly as parsed.
 *
 * The tidy table has one row per incident with the canonical fields
 *   id, date, date_precision, year, month, day, killed, killed_low,
 *   killed_high, injured, injured_low, injured_high, country, admin1, admin2,
 *   city, location, latitude, longitude, perpetrator, target, type
 * then the kept columns (load option keep), in that order.  date is ISO text
 * at its precision (2017, 2017-11, 2017-11-25), date_precision is "year",
 * "month" or "day"; killed and injured are the best estimates.  Unknown is
 * an empty cell in CSV/TSV, null in JSON, NULL in SQLite; never 0.
 *
 * The raw export gives each record after the header as the reader decoded it
 * (quotes removed, doubled quotes undoubled, transcoded to UTF-8): header
 * name to cell text, no trimming, no type conversion, no rows skipped;
 * duplicate header names as the loader names them (Source, Source.2).
 *
 * Text formats are streamed: memory does not grow with the file.  Cells may
 * hold any text, NUL bytes, quotes and line breaks included: CSV and TSV
 * quote such a field (RFC 4180: quotes doubled, the bytes kept); JSON
 * escapes them (\u0000, \", \n).  Numbers are written as the shortest text
 * that reads back as the same double. */
#ifndef INCSTAT_EXPORT_H
#define INCSTAT_EXPORT_H

#include <stdint.h>
#include <stdio.h>
#include "incstat/error.h"
#include "incstat/table.h"
#include "incstat/load.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    INCSTAT_EXPORT_CSV = 0, /* RFC 4180, comma, LF line ends, header first */
    INCSTAT_EXPORT_TSV,     /* the same with tabs */
    INCSTAT_EXPORT_JSONL,   /* JSON Lines: one object per line */
    INCSTAT_EXPORT_JSON,    /* one array of objects */
    INCSTAT_EXPORT_SQLITE   /* a SQLite database: tables incidents and load_report */
} incstat_export_format;

/* Options; all-zero means CSV of the tidy table, every incident. */
typedef struct {
    incstat_export_format format;
    int raw;                      /* the records as parsed (not SQLite) */
    /* Which incidents to write (ignored for raw): keep(keep_ctx, inc) returns
     * non-zero to write inc, 0 to leave it out; NULL writes every incident.
     * inc is borrowed for the call only.  keep may be called from several
     * threads at once (chunks are exported in parallel), so it must not
     * change shared state; a filter of incstat/filter.h bound to the
     * loader's kept columns (incstat_filter_match) is such a predicate. */
    int (*keep)(void *keep_ctx, const incstat_incident *inc);
    void *keep_ctx;
    int force;                    /* incstat_export_path: replace an existing file */
} incstat_export_options;

/* Read the loader to its end, writing each incident (or record) to out.
 * *rows (may be NULL) receives the rows written.  The loader's report is
 * complete afterwards; the caller still owns and frees ld.  Errors: those of
 * incstat_loader_next, EIO (a write failed), EINVAL (SQLite asked for: it
 * needs a path). */
incstat_status incstat_export_stream(incstat_loader *ld, const incstat_export_options *opts,
                                     FILE *out, uint64_t *rows, incstat_error *err);

/* The same into the file path, written whole or not at all: the output goes
 * to a temporary file next to path, renamed over path only once complete
 * (removed on any error).  SQLite: one transaction with prepared statements;
 * the load report goes into table load_report (item, value, line).  Errors:
 * as incstat_export_stream, EIO (path exists and force is 0; the directory
 * cannot be written; SQLite failed, with its message). */
incstat_status incstat_export_path(incstat_loader *ld, const incstat_export_options *opts,
                                   const char *path, uint64_t *rows, incstat_error *err);

/* Name of a format ("csv", "tsv", "jsonl", "json", "sqlite"). */
const char *incstat_export_format_name(incstat_export_format f);

#ifdef __cplusplus
}
#endif
#endif
