/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_aggregate.c: aggregate rows in a table of periods.  OWID's
 * country-year files list "World" and regions ("South Asia", "Eastern
 * Europe") in the same column as the countries they sum, so a total over
 * every row counts each incident about three times.  A country named
 * "World" marks such a file; its rows are found by reading the country
 * column once at open (period tables are small), and the report names the
 * entity so that a selection can take its rows alone
 * (incstat_filter_default_aggregate). */
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/load_priv.h"

static const char WORLD[] = "World";

/* Whether the cell, without surrounding blanks, is "World" in any case. */
static int is_world(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return incstat_ascii_ncaseeq(s, n, WORLD);
}

incstat_status incstat_loader_find_aggregate_(incstat_loader *ld, const char *path,
                                              incstat_error *err)
{
    long col = ld->col[MF_COUNTRY];
    if (!ld->rep.rows_periods || col < 0)
        return INCSTAT_OK;
    incstat_csv *rd;
    incstat_status st = incstat_loader_open_sampler_(ld, path, UINT64_MAX, &rd, err);
    if (st || !rd) /* standard input: not read twice, nothing found */
        return st;
    while ((st = incstat_csv_next(rd, NULL)) == INCSTAT_ROW) {
        size_t n;
        const char *s = incstat_csv_field(rd, (size_t)col, &n);
        if (s && is_world(s, n)) {
            ld->rep.aggregate_entity = WORLD;
            ld->skip_field[MF_COUNTRY] = 0; /* a selection tells its rows apart */
            break;
        }
    }
    incstat_csv_free(rd);
    /* a broken record is the loader's to report, on its own pass */
    return st == INCSTAT_ENOMEM ? incstat_set_error(err, st, 0, 0, "out of memory") : INCSTAT_OK;
}

void incstat_loader_note_aggregate_only(incstat_loader *ld)
{
    if (ld && ld->rep.aggregate_entity)
        ld->rep.aggregate_only = 1;
}
