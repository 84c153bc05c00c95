/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/error.h: status codes and the error detail every fallible call fills. */
#ifndef INCSTAT_ERROR_H
#define INCSTAT_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible function returns one of these; 0 is success.  INCSTAT_ROW and
 * INCSTAT_DONE are not errors: they are what incstat_csv_next() returns, in the
 * manner of SQLite's SQLITE_ROW / SQLITE_DONE. */
typedef enum {
    INCSTAT_OK = 0,
    INCSTAT_ENOMEM,     /* an allocation failed */
    INCSTAT_EIO,        /* the input could not be opened or read */
    INCSTAT_EPARSE,     /* malformed CSV: unterminated quote, ragged row under strict */
    INCSTAT_EINVAL,     /* an invalid argument or option (bad preset name, bad mapping) */
    INCSTAT_ENOCOLUMN,  /* a mapping names a column the file does not have */
    INCSTAT_EEMPTY,     /* the input has no header or no data */
    INCSTAT_ESCHEMA,    /* a schema file could not be understood */
    INCSTAT_EDOMAIN,    /* a statistic is undefined for this input (too few points, ...) */
    INCSTAT_ENOCONV,    /* an iterative fit did not converge */
    INCSTAT_ELIMIT,     /* an input exceeds a documented limit (too many columns, ...) */
    INCSTAT_ROW = 100,  /* incstat_csv_next(): a record is available */
    INCSTAT_DONE = 101  /* incstat_csv_next(): no more records */
} incstat_status;

#define INCSTAT_ERROR_MESSAGE_MAX 320

/* Detail of the last failure.  line and column are 1-based and 0 when they do
 * not apply; column is the CSV field number.  message is complete on its own
 * (it names the file where one is involved).  No allocation on this path. */
typedef struct {
    incstat_status code;
    uint64_t line;
    uint64_t column;
    char message[INCSTAT_ERROR_MESSAGE_MAX];
} incstat_error;

/* Conventions every public header follows (each declaration says where it
 * differs):
 *   - a fallible function returns incstat_status (INCSTAT_OK, 0, on success)
 *     and takes a last incstat_error *err, which may be NULL; on failure it is
 *     filled (code, line and column where they apply, a message), on success
 *     its contents are unspecified;
 *   - on failure an out-handle (incstat_x **out) is set to NULL and anything
 *     half built is freed; on success the caller owns it and frees it with
 *     the matching incstat_x_free(), which accepts NULL;
 *   - options structs are read during the call (all-zero means the
 *     defaults); strings passed in are copied unless a declaration says they
 *     are borrowed;
 *   - a pointer returned by a getter is borrowed from its object and valid
 *     until the object is changed or freed; getters given a NULL object
 *     return 0, NULL or "" as their type suggests;
 *   - nothing prints, exits or aborts on bad input. */

/* Static English text for a status code ("unknown status" for a value not in
 * the enum); never NULL. */
const char *incstat_strerror(incstat_status code);

#ifdef __cplusplus
}
#endif
#endif
