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

/* Static English text for a status code; never NULL. */
const char *incstat_strerror(incstat_status code);

#ifdef __cplusplus
}
#endif
#endif
