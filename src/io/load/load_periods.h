/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_periods.h (private to the loader): whether rows are periods
 * or incidents, and the repeated-period check of a table of periods. */
#ifndef INCSTAT_SRC_LOAD_PERIODS_H
#define INCSTAT_SRC_LOAD_PERIODS_H

#include <stdint.h>
#include "incstat/value.h"
#include "io/load/load_priv.h"

/* Decide rows_periods (and rows_evidence, period_key, period_months) from
 * the mapping and the sampled rows.  told: 1 periods, 2 incidents, 0 unsaid
 * (then the structure decides, when recognise); told_by says who told.
 * key (NULL: found from the sample): the entity columns a preset names. */
void incstat_loader_decide_rows_(incstat_loader *ld, int told, const char *told_by,
                                 int recognise, const long *key, size_t n_key);

/* In a table of periods with a key: 1 when the current record's entity and
 * period d were seen on an earlier row (the report keeps the line it
 * repeats), else 0 and the key is remembered.  *oom is set when out of
 * memory. */
int incstat_loader_repeated_period_(incstat_loader *ld, const incstat_date *d, uint64_t line,
                                    int *oom);

void incstat_loader_free_keys_(incstat_loader *ld);

#endif
