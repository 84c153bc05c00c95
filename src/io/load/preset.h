/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/preset.h (private): built-in dataset presets. */
#ifndef INCSTAT_SRC_PRESET_H
#define INCSTAT_SRC_PRESET_H

#include <stddef.h>
#include "incstat/csv.h"
#include "incstat/value.h"

typedef struct {
    const char *field;  /* canonical field */
    const char *column; /* header name in the source */
} incstat_preset_map;

typedef struct {
    const char *name;
    const char *description;
    const incstat_preset_map *map;  /* NULL-terminated */
    const char *const *keep;        /* columns kept when present; NULL-terminated or NULL */
    const char *const *signature;   /* distinctive columns: one must be present for the
                                       preset to be detected by score; NULL-terminated */
    const double *missing_codes;
    size_t n_missing_codes;
    incstat_encoding encoding;      /* the source's usual encoding: the prior for text
                                       that is not valid UTF-8, not a rule */
    incstat_date_order date_order;
    int gap_year;                   /* a year the source does not cover, 0 if none */
    int rows_periods;               /* rows are periods (country-years), not incidents */
    unsigned list_fields;           /* text fields whose cells list several values */
    const char *const *key;         /* rows are periods: the columns naming the entity
                                       (one row per entity and year); NULL-terminated
                                       or NULL (then the sample decides) */
} incstat_preset;

const incstat_preset *incstat_preset_get(size_t i);
const incstat_preset *incstat_preset_find(const char *name);

#endif
