/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_statsfile.c: Stata, SPSS and SAS files as rows of typed cells
 * (src/io/stats_file.h).
 *
 *   build/tests/test_statsfile                 the tests
 *   build/tests/test_statsfile --dump FILE...  every cell of each FILE as
 *       "row<TAB>column<TAB>type<TAB>text", what tests/stats/haven_dump.R
 *       writes from haven's reading of the same file */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/internal.h"
#include "io/stats_file.h"
#include "io/stats_file_internal.h"

#define STATS_DIR TEST_DATA_DIR "/stats"

static const char *type_name(incstat_cell_type t)
{
    switch (t) {
    case INCSTAT_CELL_EMPTY: return "empty";
    case INCSTAT_CELL_TEXT: return "text";
    case INCSTAT_CELL_NUMBER: return "number";
    case INCSTAT_CELL_DATE: return "date";
    case INCSTAT_CELL_DATETIME: return "datetime";
    case INCSTAT_CELL_BOOL: return "bool";
    case INCSTAT_CELL_ERROR: return "error";
    }
    return "?";
}

/* A cell's text as the dump writes it: tabs, line breaks and backslashes as
 * spaces (so is haven_dump.R's). */
static void put_clean(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        fputc(c == '\t' || c == '\n' || c == '\r' || c == '\\' ? ' ' : c, out);
    }
}

static int dump(const char *path, FILE *out)
{
    incstat_rows *r = NULL;
    incstat_error err;
    incstat_status st = incstat_statsfile_open(path, NULL, &r, &err);
    if (st) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        uint64_t row = r->ops->row_number(r);
        for (size_t i = 0; i < r->ops->count(r); i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            fprintf(out, "%llu\t%zu\t%s\t", (unsigned long long)row, i, type_name(c->type));
            put_clean(out, c->text, c->len);
            fputc('\n', out);
        }
    }
    for (size_t k = 0; k < r->ops->note_count(r); k++)
        fprintf(stderr, "note: %s\n", r->ops->note(r, k));
    incstat_rows_free(r);
    if (st != INCSTAT_DONE) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
        int bad = 0;
        for (int i = 2; i < argc; i++)
            bad |= dump(argv[i], stdout);
        return bad;
    }
    return 0;
}
