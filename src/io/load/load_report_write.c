/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_report_write.c: the load report as text for people
 * (incstat_load_report_write, incstat/load.h): the short form every
 * command prints after loading (rows read, loaded and skipped, the preset,
 * and one line per kind of problem with its first line), and the dispatch
 * to inspect's full table and JSON (load_report_inspect.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/source/encoding.h"
#include "io/load/load_report_text.h"

/* The cells that were not valid UTF-8 and the encoding they were read in;
 * why, when the text overruled the preset's encoding or another reads it
 * nearly as well. */
static void not_utf8(FILE *out, const incstat_load_report *r)
{
    const incstat_encoding_choice *c = &r->encoding_choice;
    incstat_encoding enc = c->chosen ? c->chosen : INCSTAT_ENCODING_WINDOWS_1252;
    fprintf(out, "  not valid UTF-8: %llu %s read as %s (first at line %llu)",
            (unsigned long long)r->cp1252_cells, incstat_plural_(r->cp1252_cells, "cell", "cells"),
            incstat_encoding_label(enc), (unsigned long long)r->first_cp1252_line);
    int overruled = c->prior != INCSTAT_ENCODING_AUTO && c->prior != enc;
    if (c->by == INCSTAT_ENCODING_BY_TEXT && (overruled || c->close)) {
        if (overruled)
            fprintf(out, ", not as the preset's %s", incstat_encoding_label(c->prior));
        fprintf(out, "%s (%ld %s to %ld as %s)", c->close ? ", by a close margin" : ": the text reads better so",
                c->score, c->score == 1 || c->score == -1 ? "point" : "points", c->runner_up_score,
                incstat_encoding_label(c->runner_up));
    }
    fprintf(out, "; pass --encoding if that is wrong\n");
}

void incstat_load_report_short_(FILE *out, const incstat_load_report *r)
{
    fprintf(out, "incstat: %s: %llu rows read, %llu loaded, %llu skipped", r->source,
            (unsigned long long)r->rows_read, (unsigned long long)r->rows_loaded,
            (unsigned long long)r->rows_skipped);
    fprintf(out, " (preset %s%s", r->preset ? r->preset : "?",
            r->preset_detected ? ", detected" : "");
    /* another release or renamed fields: how much of the preset matched */
    if (r->preset_columns && r->preset_matched < r->preset_columns)
        fprintf(out, ": %zu of %zu columns%s%s", r->preset_matched, r->preset_columns,
                r->preset_filled[0] ? "; " : "", r->preset_filled);
    if (r->preset_tie)
        fprintf(out, "; near tie with %s", r->preset_tie);
    fprintf(out, ", %s)", r->format && strcmp(r->format, "csv") != 0 ? r->format
                                                                      : incstat_eol_name_(r->line_endings));
    if (r->n_recognised)
        fprintf(out, "; %zu %s recognised", r->n_recognised,
                incstat_plural_(r->n_recognised, "field", "fields"));
    fprintf(out, "%s\n", r->rows_periods ? "; rows are periods, not incidents" : "");
    for (size_t k = 0; k < r->n_source_notes; k++) /* a workbook: the sheet, merged cells */
        fprintf(out, "  %s\n", r->source_notes[k]);
    if (r->advice[0] && !(r->unknown & INCSTAT_UNKNOWN_INCIDENTS && r->unknown & INCSTAT_UNKNOWN_KILLED))
        fprintf(out, "  %s\n", r->advice);
    if (r->aggregate_only) /* counted once, not once per region it falls in */
        fprintf(out, "  rows for \"%s\" only: the file also holds regions and countries, which "
                "\"%s\" sums; --where country=NAME for one of them\n", r->aggregate_entity,
                r->aggregate_entity);
    if (r->incidents_unknown) {
        fprintf(out, "  incidents ");
        incstat_load_report_incidents_unknown_(out, r);
    }
    incstat_load_report_sums_(out, r, "  ");
    incstat_load_report_repeats_(out, r, "  ");
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        if (!r->skipped[k] || k == INCSTAT_SKIP_REPEATED_PERIOD)
            continue;
        fprintf(out, "  skipped %llu: %s (%s", (unsigned long long)r->skipped[k],
                incstat_skip_reason_name((incstat_skip_reason)k), incstat_line_word_(r));
        for (uint64_t j = 0; j < r->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            fprintf(out, "%s %llu", j ? "," : "", (unsigned long long)r->skipped_lines[k][j]);
        fprintf(out, "%s)\n", r->skipped[k] > INCSTAT_REPORT_EXAMPLES ? ", ..." : "");
    }
    incstat_load_report_totals_(out, r);
    for (size_t i = 0; i < r->n_columns; i++) {
        const incstat_column_report *c = &r->columns[i];
        if (c->unparsed && c->field)
            fprintf(out, "  column \"%s\" (%s): %llu %s not understood, first at %s %llu: \"%s\"\n",
                    c->name, c->field, (unsigned long long)c->unparsed,
                    incstat_plural_(c->unparsed, "cell", "cells"), incstat_line_word_(r),
                    (unsigned long long)c->first_unparsed_line, c->first_unparsed);
    }
    for (size_t i = 0; i < r->n_columns; i++)
        if (r->columns[i].field || r->columns[i].ambiguous) /* inspect: all columns */
            incstat_load_report_number_notes_(out, r, &r->columns[i]);
    if (r->cp1252_cells)
        not_utf8(out, r);
    if (r->replaced_chars)
        fprintf(out, "  %llu invalid UTF-8 sequences replaced by U+FFFD (first at %s %llu)\n",
                (unsigned long long)r->replaced_chars, incstat_line_word_(r), (unsigned long long)r->first_replaced_line);
    if (r->low_above_high)
        fprintf(out, "  %llu %s a low estimate above the high (first at %s %llu)\n",
                (unsigned long long)r->low_above_high,
                incstat_plural_(r->low_above_high, "row with", "rows with"), incstat_line_word_(r),
                (unsigned long long)r->first_low_above_high_line);
    if (r->short_rows)
        fprintf(out, "  %llu rows with fewer fields than the header, loaded with the rest "
                        "unknown (first at %s %llu)\n",
                (unsigned long long)r->short_rows, incstat_line_word_(r), (unsigned long long)r->first_short_line);
    if (r->irregular_quotes)
        fprintf(out, "  %llu rows with irregular quoting, kept as written (first at line %llu)\n",
                (unsigned long long)r->irregular_quotes, (unsigned long long)r->first_irregular_line);
    if (r->undated)
        fprintf(out, "  %llu loaded %s no usable date (first at %s %llu)\n",
                (unsigned long long)r->undated, incstat_plural_(r->undated, "row has", "rows have"),
                incstat_line_word_(r), (unsigned long long)r->first_undated_line);
    if (r->date_ambiguous)
        fprintf(out, "  %llu dates could be day/month or month/day; read as %s "
                        "(pass --date-order to choose)\n",
                (unsigned long long)r->date_ambiguous,
                r->date_order_used == INCSTAT_DATE_ORDER_MDY ? "month/day" : "day/month");
}

incstat_status incstat_load_report_write(const incstat_load_report *r,
                                         incstat_load_report_style style, FILE *out,
                                         incstat_error *err)
{
    if (!r || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no report or output");
    switch (style) {
    case INCSTAT_LOAD_REPORT_SHORT: incstat_load_report_short_(out, r); break;
    case INCSTAT_LOAD_REPORT_FULL:
        incstat_load_report_table_(out, r);
        incstat_load_report_numbers_(out, r);
        incstat_load_report_short_(out, r);
        break;
    case INCSTAT_LOAD_REPORT_JSON: incstat_load_report_json_(out, r); break;
    default: return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "unknown report style %d", (int)style);
    }
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: error writing the load report: %s",
                                 r->source ? r->source : "input", strerror(errno));
    return INCSTAT_OK;
}
