/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/xlsx/dump.c: every worksheet of each workbook named, as the xlsx
 * reader gives it (src/io/source/xlsx.h), one value per line:
 *
 *   file TAB sheet TAB row TAB column TAB type TAB text
 *
 * type is number, text, date, datetime, bool or error; text is the cell's
 * text form with TAB, CR, LF and backslash written \t \r \n \\.  A sheet that
 * cannot be read gives one line "file TAB sheet TAB ERROR TAB message"; a
 * workbook that cannot be opened "file TAB ERROR TAB message".  With
 * --notes, each sheet's notes follow as "file TAB sheet TAB NOTE TAB text".  Used by tests/xlsx/conformance.sh (against R's readxl) and for
 * looking at a workbook by hand.
 * Usage: xlsx_dump [--notes] FILE.xlsx... */
#include <stdio.h>
#include <string.h>

#include "io/source/xlsx.h"

static const char *type_name(incstat_cell_type t)
{
    switch (t) {
    case INCSTAT_CELL_TEXT: return "text";
    case INCSTAT_CELL_NUMBER: return "number";
    case INCSTAT_CELL_DATE: return "date";
    case INCSTAT_CELL_DATETIME: return "datetime";
    case INCSTAT_CELL_BOOL: return "bool";
    case INCSTAT_CELL_ERROR: return "error";
    default: return "empty";
    }
}

static void put_escaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\t': fputs("\\t", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        default: putchar(s[i]);
        }
    }
}

static void dump_sheet(const char *path, incstat_xlsx_book *b, size_t i, int notes)
{
    const incstat_xlsx_sheet *sh = incstat_xlsx_book_sheet(b, i);
    incstat_xlsx_options o = {0};
    o.index = i + 1;
    incstat_rows *r;
    incstat_error err;
    incstat_status st = incstat_xlsx_book_rows(b, &o, &r, &err);
    if (st == INCSTAT_OK) {
        while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
            size_t n = r->ops->count(r);
            for (size_t c = 0; c < n; c++) {
                const incstat_cell *cell = r->ops->cell(r, c);
                if (cell->type == INCSTAT_CELL_EMPTY)
                    continue;
                printf("%s\t", path);
                put_escaped(sh->name, strlen(sh->name));
                printf("\t%llu\t%zu\t%s\t", (unsigned long long)r->ops->row_number(r), c + 1,
                       type_name(cell->type));
                put_escaped(cell->text, cell->len);
                putchar('\n');
            }
        }
        if (notes)
            for (size_t k = 0; k < r->ops->note_count(r); k++) {
                printf("%s\t", path);
                put_escaped(sh->name, strlen(sh->name));
                printf("\tNOTE\t%s\n", r->ops->note(r, k));
            }
        incstat_rows_free(r);
    }
    if (st != INCSTAT_DONE) {
        printf("%s\t", path);
        put_escaped(sh->name, strlen(sh->name));
        printf("\tERROR\t%s\n", err.message);
    }
}

int main(int argc, char **argv)
{
    int notes = 0, status = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--notes") == 0) {
            notes = 1;
            continue;
        }
        incstat_xlsx_book *b;
        incstat_error err;
        if (incstat_xlsx_book_open(argv[a], &b, &err) != INCSTAT_OK) {
            printf("%s\tERROR\t%s\n", argv[a], err.message);
            status = 1;
            continue;
        }
        for (size_t i = 0; i < incstat_xlsx_book_count(b); i++)
            if (incstat_xlsx_book_sheet(b, i)->kind == INCSTAT_XLSX_WORKSHEET)
                dump_sheet(argv[a], b, i, notes);
        incstat_xlsx_book_free(b);
    }
    return status;
}
