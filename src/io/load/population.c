/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/population.c: a year,population table (incstat trend --population)
 * read into the exposures of a series' periods (incstat/load.h). */
#include <math.h>
#include <stdio.h>
#include <strings.h>

#include "incstat/csv.h"
#include "incstat/load.h"
#include "incstat/value.h"
#include "core/internal.h"

/* The columns year and population of the header (any case); -1 if absent. */
static void header_columns(incstat_csv *csv, long *cy, long *cp)
{
    *cy = *cp = -1;
    for (size_t i = 0; i < incstat_csv_field_count(csv); i++) {
        size_t n;
        const char *f = incstat_csv_field(csv, i, &n);
        if (f && n == 4 && strncasecmp(f, "year", 4) == 0)
            *cy = (long)i;
        else if (f && n == 10 && strncasecmp(f, "population", 10) == 0)
            *cp = (long)i;
    }
}

incstat_status incstat_population_read(const char *path, const double *x, size_t n,
                                       double *exposure, incstat_error *err)
{
    if (!path || (n && (!x || !exposure)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "population: NULL argument");
    incstat_csv *csv;
    incstat_status st = incstat_csv_open_path(path, NULL, &csv, err);
    if (st)
        return st;
    long cy = -1, cp = -1;
    st = incstat_csv_next(csv, err);
    if (st == INCSTAT_ROW)
        header_columns(csv, &cy, &cp);
    if (cy < 0 || cp < 0) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_ENOCOLUMN, 1, 0,
                                 "%s:1: the population table needs the columns year and "
                                 "population", path);
    }
    for (size_t i = 0; i < n; i++)
        exposure[i] = NAN;
    while ((st = incstat_csv_next(csv, err)) == INCSTAT_ROW) {
        size_t len;
        double year, pop;
        const char *f = incstat_csv_field(csv, (size_t)cy, &len);
        if (!f || incstat_value_parse_number(f, len, &year) != INCSTAT_VALUE_NUMBER)
            continue;
        f = incstat_csv_field(csv, (size_t)cp, &len);
        if (!f || incstat_value_parse_number(f, len, &pop) != INCSTAT_VALUE_NUMBER || !(pop > 0)) {
            uint64_t line = incstat_csv_line(csv);
            incstat_csv_free(csv);
            return incstat_set_error(err, INCSTAT_EINVAL, line, (uint64_t)cp + 1,
                                     "%s:%llu: column %ld: population must be a positive number",
                                     path, (unsigned long long)line, cp + 1);
        }
        for (size_t i = 0; i < n; i++)
            if ((int)x[i] == (int)year)
                exposure[i] = pop;
    }
    incstat_csv_free(csv);
    return st == INCSTAT_DONE ? INCSTAT_OK : st;
}
