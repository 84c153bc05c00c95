/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/xlsx_read.c: reads every cell of a workbook's default sheet through
 * the xlsx reader (src/io/source/xlsx.h) and prints the rows, the cells holding a
 * value, by type, and the bytes of their text, for bench/xlsx.sh.
 * Usage: xlsx_read FILE.xlsx */
#include <stdio.h>

#include "io/source/xlsx.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: xlsx_read FILE.xlsx\n");
        return 2;
    }
    incstat_rows *r;
    incstat_error err;
    if (incstat_xlsx_open(argv[1], NULL, &r, &err) != INCSTAT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    unsigned long long rows = 0, cells = 0, bytes = 0, by_type[7] = {0};
    incstat_status st;
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        rows++;
        size_t n = r->ops->count(r);
        for (size_t i = 0; i < n; i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            by_type[c->type]++;
            cells += c->type != INCSTAT_CELL_EMPTY;
            bytes += c->len;
        }
    }
    if (st != INCSTAT_DONE) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%llu rows, %llu cells with a value (text %llu, number %llu, date %llu), %llu bytes of text\n",
           rows, cells, by_type[INCSTAT_CELL_TEXT], by_type[INCSTAT_CELL_NUMBER],
           by_type[INCSTAT_CELL_DATE] + by_type[INCSTAT_CELL_DATETIME], bytes);
    incstat_rows_free(r);
    return 0;
}
