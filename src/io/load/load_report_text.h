/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_report_text.h (private): the parts of the load report's text
 * (incstat_load_report_write): the short form and the dispatch
 * (load_report_write.c), inspect's table and JSON (load_report_inspect.c),
 * and the number-format texts both use (load_report_numbers.c). */
#ifndef INCSTAT_SRC_LOAD_REPORT_TEXT_H
#define INCSTAT_SRC_LOAD_REPORT_TEXT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "incstat/load.h"

/* "LF", "CRLF", "LF+CR", ... for the line-ending bits of a report. */
static inline const char *incstat_eol_name_(int e)
{
    static const char *const names[] = {"none", "LF", "CRLF", "LF+CRLF", "CR", "LF+CR",
                                        "CRLF+CR", "LF+CRLF+CR"};
    return names[e & 7];
}

/* "1 cell", "2 cells" */
static inline const char *incstat_plural_(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* What a place in the input is called in the report's text: "line" in a
 * CSV (a physical line), "row" in a workbook (the sheet's row number, as
 * Excel shows it), "record" in a statistics file (its 1-based record). */
static inline const char *incstat_line_word_(const incstat_load_report *r)
{
    const char *f = r->format;
    if (!f || strcmp(f, "csv") == 0)
        return "line";
    return strcmp(f, "xlsx") == 0 ? "row" : "record";
}

/* inspect's column-name cells (load_report_cells.c), the same in every
 * table so the rows stay aligned: the width is the longest column name in
 * characters, at least 32 and at most 48; the cell is the name padded to
 * it, or cut to it with "…" at the end when longer. */
size_t incstat_load_report_name_width_(const incstat_load_report *r);
void incstat_load_report_name_cell_(FILE *out, const char *name, size_t width);

/* "unknown in N rows: <why> (first line L)\n": the rows of a table of
 * periods whose count of incidents is unknown, for the short report and
 * inspect (load_report_cells.c). */
void incstat_load_report_incidents_unknown_(FILE *out, const incstat_load_report *r);

/* "killed: the sum of "A" + "B" + "C" (evidence); N rows with some parts
 * unknown, the sum of the known parts (first line L)\n" for each field
 * that sums columns, each line after indent (load_report_cells.c). */
void incstat_load_report_sums_(FILE *out, const incstat_load_report *r, const char *indent);

/* "repeated period: line 62 repeats the entity and period of line 41 ...\n"
 * (load_report_cells.c); nothing when no row repeated one. */
void incstat_load_report_repeats_(FILE *out, const incstat_load_report *r, const char *indent);

/* The short report's lines (load_report_write.c). */
void incstat_load_report_short_(FILE *out, const incstat_load_report *r);

/* inspect's table and JSON object (load_report_inspect.c). */
void incstat_load_report_table_(FILE *out, const incstat_load_report *r);
void incstat_load_report_json_(FILE *out, const incstat_load_report *r);

/* The number formats (load_report_numbers.c): column c's notes for the short
 * report; inspect's table of every number column (nothing when none); and
 * column c's JSON member (", \"number\": {...}" or null). */
void incstat_load_report_number_notes_(FILE *out, const incstat_load_report *r,
                                       const incstat_column_report *c);
void incstat_load_report_numbers_(FILE *out, const incstat_load_report *r);
void incstat_load_report_number_json_(FILE *out, const incstat_column_report *c);

/* The totals row against the loaded rows (load_report_totals.c): the short
 * report's lines (nothing without a totals row), and inspect's JSON member
 * (", \"totals\": {...}", only when the file has a totals row). */
void incstat_load_report_totals_(FILE *out, const incstat_load_report *r);
void incstat_load_report_totals_json_(FILE *out, const incstat_load_report *r);

#endif
