/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/load_table.c: load the canonical fields of a file into a table
 * (every row kept in memory, columnar), the library's full-load path.
 * usage: load_table FILE [THREADS]   (THREADS default 1) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <incstat.h>

int main(int argc, char **argv)
{
    incstat_table *t;
    incstat_error err;
    incstat_load_options o;
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s FILE [THREADS]\n", argv[0]);
        return 2;
    }
    memset(&o, 0, sizeof o);
    o.threads = argc == 3 ? (unsigned)strtoul(argv[2], NULL, 10) : 1;
    if (incstat_load_path(argv[1], &o, &t, &err) != INCSTAT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%zu rows\n", incstat_table_rows(t));
    incstat_table_free(t);
    return 0;
}
