/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/table.h: incidents in columns.  A table owns its columns: dates,
 * killed/injured (low, best, high), coordinates, and dictionary-encoded text
 * (canonical fields and any columns kept by name).  Built by the loader
 * (incstat/load.h) or by hand with incstat_table_new()/incstat_table_append(). */
#ifndef INCSTAT_TABLE_H
#define INCSTAT_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/error.h"
#include "incstat/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Canonical text fields.  Kept columns follow them as text columns
 * INCSTAT_TEXT_COUNT, INCSTAT_TEXT_COUNT + 1, ... */
typedef enum {
    INCSTAT_TEXT_ID = 0,
    INCSTAT_TEXT_COUNTRY,
    INCSTAT_TEXT_ADMIN1,
    INCSTAT_TEXT_ADMIN2,
    INCSTAT_TEXT_CITY,
    INCSTAT_TEXT_LOCATION,
    INCSTAT_TEXT_PERPETRATOR,
    INCSTAT_TEXT_TARGET,
    INCSTAT_TEXT_TYPE,
    INCSTAT_TEXT_COUNT
} incstat_text_field;

/* Canonical numeric fields; NaN means unknown. */
typedef enum {
    INCSTAT_NUM_KILLED_LOW = 0,
    INCSTAT_NUM_KILLED_BEST,
    INCSTAT_NUM_KILLED_HIGH,
    INCSTAT_NUM_INJURED_LOW,
    INCSTAT_NUM_INJURED_BEST,
    INCSTAT_NUM_INJURED_HIGH,
    INCSTAT_NUM_LATITUDE,
    INCSTAT_NUM_LONGITUDE,
    INCSTAT_NUM_EVENTS,   /* events a row stands for (a period table's count);
                             NaN: the row is one incident */
    INCSTAT_NUM_PRECISION,/* how precisely the coordinates place the incident, in
                             the source's own codes (ACLED geo_precision 1-3, UCDP
                             GED where_prec 1-7, GTD specificity 1-5: larger is
                             rougher); the load report's mapping names the column */
    INCSTAT_NUM_COUNT
} incstat_num_field;

/* A borrowed piece of UTF-8 text (not NUL-terminated).  ptr is NULL when the
 * value is unknown. */
typedef struct {
    const char *ptr;
    size_t len;
} incstat_text;

/* One incident as the loader produces it.  Text is borrowed from the loader
 * and valid until its next row. */
typedef struct {
    uint64_t line;                       /* 1-based line where the record starts */
    incstat_date date;                   /* precision NONE when unknown */
    double num[INCSTAT_NUM_COUNT];       /* NaN when unknown */
    incstat_text text[INCSTAT_TEXT_COUNT];
    const incstat_text *kept;            /* n_kept kept columns, in the order asked */
    size_t n_kept;
} incstat_incident;

typedef struct incstat_table incstat_table;

/* Canonical field names ("id", "country", "admin1", ..., "killed_low", ...):
 * static strings; "" for a value outside the enum. */
const char *incstat_text_field_name(incstat_text_field f);
const char *incstat_num_field_name(incstat_num_field f);

/* An empty table whose kept text columns are named kept[0..n_kept) (names are
 * copied; kept may be NULL when n_kept is 0).  Errors: ENOMEM, EINVAL. */
incstat_status incstat_table_new(const char *const *kept, size_t n_kept, incstat_table **out,
                                 incstat_error *err);
/* Frees the table and everything it owns (the views it handed out too);
 * NULL is a no-op. */
void incstat_table_free(incstat_table *t);

/* Append one incident (its text is copied into the table's dictionaries).
 * inc->n_kept must equal the table's kept count (or be 0).  Errors: ENOMEM. */
incstat_status incstat_table_append(incstat_table *t, const incstat_incident *inc,
                                    incstat_error *err);

/* Number of incidents (rows). */
size_t incstat_table_rows(const incstat_table *t);

/* Borrowed column arrays of incstat_table_rows() entries, valid until the
 * table is changed or freed: the dates, one numeric field (NULL for a field
 * outside the enum), and the 1-based source line of each row. */
const incstat_date *incstat_table_dates(const incstat_table *t);
const double *incstat_table_numbers(const incstat_table *t, incstat_num_field f);
const uint64_t *incstat_table_lines(const incstat_table *t);

/* Text columns: 0..INCSTAT_TEXT_COUNT-1 are canonical, then kept columns.
 * Codes index the column's dictionary; code 0 means unknown.  The count of
 * text columns; a column's name (borrowed; "" when col is out of range). */
size_t incstat_table_text_columns(const incstat_table *t);
const char *incstat_table_text_column_name(const incstat_table *t, size_t col);
/* Text column index by canonical field name or kept column name (exact
 * match first, then ASCII case-insensitive); -1 when there is none. */
long incstat_table_find_text_column(const incstat_table *t, const char *name);
/* The codes of column col, one per row (borrowed; NULL when col is out of
 * range), and the size of its dictionary: codes run 1..size-1 (0 when col is
 * out of range). */
const uint32_t *incstat_table_codes(const incstat_table *t, size_t col);
size_t incstat_table_dict_size(const incstat_table *t, size_t col);
/* The text of a code ("" for code 0 or out of range); NUL-terminated. */
const char *incstat_table_dict_text(const incstat_table *t, size_t col, uint32_t code);
/* Convenience: text of row r in column col (NULL when unknown). */
const char *incstat_table_text(const incstat_table *t, size_t col, size_t row);

/* Year range of the dated rows; returns 0 and sets both when there is one. */
int incstat_table_year_range(const incstat_table *t, int *first, int *last);

#ifdef __cplusplus
}
#endif
#endif
