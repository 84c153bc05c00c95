/* bench/load_table.c: load the canonical fields of a file into a table
 * (every row kept in memory, columnar), the library's full-load path.
 * usage: load_table FILE */
#include <stdio.h>
#include <incstat.h>

int main(int argc, char **argv)
{
    incstat_table *t;
    incstat_error err;
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    if (incstat_load_path(argv[1], NULL, &t, &err) != INCSTAT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%zu rows\n", incstat_table_rows(t));
    incstat_table_free(t);
    return 0;
}
