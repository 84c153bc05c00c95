/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/stats_read.c: every cell of a statistics file through the rows
 * source (src/io/source/stats_file.h), as the loader will read them: prints the
 * records, the sum of the numbers in the column named by COLUMN, the cells
 * of each type, and the seconds the reading took.
 * usage: stats_read FILE COLUMN */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "io/source/stats_file.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE COLUMN\n", argv[0]);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    incstat_rows *r;
    incstat_error err;
    if (incstat_statsfile_open(argv[1], NULL, &r, &err) != INCSTAT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    incstat_status st;
    size_t col = (size_t)-1;
    unsigned long long records = 0, types[8] = {0}, bytes = 0;
    double sum = 0;
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        size_t n = r->ops->count(r);
        if (r->ops->row_number(r) == 0) {
            for (size_t i = 0; i < n; i++) {
                const incstat_cell *c = r->ops->cell(r, i);
                if (c->len == strlen(argv[2]) && memcmp(c->text, argv[2], c->len) == 0)
                    col = i;
            }
            continue;
        }
        records++;
        for (size_t i = 0; i < n; i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            types[c->type]++;
            bytes += c->len;
            if (i == col && c->type == INCSTAT_CELL_NUMBER)
                sum += c->num;
        }
    }
    if (st != INCSTAT_DONE) {
        fprintf(stderr, "%s\n", err.message);
        incstat_rows_free(r);
        return 1;
    }
    incstat_rows_free(r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%llu records, %s sum %.17g, cells: %llu empty %llu text %llu number %llu date "
           "%llu datetime, %llu bytes of text; %.3f s\n",
           records, argv[2], sum, types[INCSTAT_CELL_EMPTY], types[INCSTAT_CELL_TEXT],
           types[INCSTAT_CELL_NUMBER], types[INCSTAT_CELL_DATE], types[INCSTAT_CELL_DATETIME],
           bytes, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
