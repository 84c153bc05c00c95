/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_report_inspect.c: the load report in full, as inspect shows
 * it: the file (preset, encoding, delimiter, line ends, rows, years), the
 * field mapping with its evidence, every column with its type and cells
 * that were not understood; as an aligned table or one JSON object. */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "core/json.h"
#include "io/source/encoding.h"
#include "io/load/load_report_text.h"

static const char *delim_name(char d)
{
    return d == ',' ? "," : d == ';' ? ";" : d == '\t' ? "tab" : d == '|' ? "|" : "other";
}

/* "utf-8"; "mac-roman" as set; or the encoding chosen for the text that
 * is not valid UTF-8 and why: "windows-1252 (not valid UTF-8; by the text:
 * 18 points, mac-roman 7; the preset's is mac-roman)". */
static void print_encoding(FILE *out, const incstat_load_report *r)
{
    const incstat_encoding_choice *c = &r->encoding_choice;
    fprintf(out, "encoding    ");
    if (r->encoding != INCSTAT_ENCODING_AUTO) {
        fprintf(out, "%s", incstat_encoding_name(r->encoding));
    } else if (c->by == INCSTAT_ENCODING_BY_NONE) { /* the caller's fallback, or a hand-made report */
        fprintf(out, "%s", !r->cp1252_cells ? "utf-8"
                           : c->chosen ? incstat_encoding_name(c->chosen) : "windows-1252");
        if (r->cp1252_cells)
            fprintf(out, " (not valid UTF-8%s)", c->chosen ? "; as the caller set" : "");
    } else if (!r->cp1252_cells && !c->bytes) {
        fprintf(out, "utf-8");
    } else {
        fprintf(out, "%s (not valid UTF-8; ", incstat_encoding_name(c->chosen));
        if (c->by == INCSTAT_ENCODING_BY_TEXT) {
            fprintf(out, "by the text: %ld %s, %s %ld%s", c->score,
                    c->score == 1 || c->score == -1 ? "point" : "points",
                    incstat_encoding_name(c->runner_up), c->runner_up_score, c->close ? ", close" : "");
            if (c->prior != INCSTAT_ENCODING_AUTO && c->prior != c->chosen)
                fprintf(out, "; the preset's is %s", incstat_encoding_name(c->prior));
        } else {
            fprintf(out, "%s: %s", c->by == INCSTAT_ENCODING_BY_PRESET ? "the preset's" : "the default",
                    !c->sampled ? "no rows to sample"
                    : c->bytes  ? "the sampled text reads the same in each"
                                : "the sample holds none");
        }
        fprintf(out, ")");
    }
    fprintf(out, "%s\n", r->bom ? ", BOM" : "");
}

static const char *by_name(incstat_encoding_by by)
{
    return by == INCSTAT_ENCODING_BY_TEXT ? "text" : by == INCSTAT_ENCODING_BY_PRESET ? "preset" : "default";
}

/* , "encoding_choice": {...}: only when text that is not valid UTF-8 was
 * read or sampled and the encoding was chosen for it, as preset_tie is only
 * there for a near tie. */
static void json_encoding_choice(FILE *out, const incstat_load_report *r)
{
    const incstat_encoding_choice *c = &r->encoding_choice;
    if (c->by == INCSTAT_ENCODING_BY_NONE || (!r->cp1252_cells && !c->bytes))
        return;
    fprintf(out, ", \"encoding_choice\": {\"chosen\": \"%s\", \"by\": \"%s\", \"prior\": ", incstat_encoding_name(c->chosen),
            by_name(c->by));
    if (c->prior != INCSTAT_ENCODING_AUTO)
        fprintf(out, "\"%s\"", incstat_encoding_name(c->prior));
    else
        fprintf(out, "null");
    fprintf(out, ", \"score\": %ld, \"runner_up\": ", c->score);
    if (c->runner_up != INCSTAT_ENCODING_AUTO)
        fprintf(out, "\"%s\", \"runner_up_score\": %ld", incstat_encoding_name(c->runner_up),
                c->runner_up_score);
    else
        fprintf(out, "null, \"runner_up_score\": null");
    fprintf(out, ", \"close\": %s, \"cells\": %llu, \"bytes\": %llu, \"sampled\": %s}",
            c->close ? "true" : "false", (unsigned long long)c->cells, (unsigned long long)c->bytes,
            c->sampled ? "true" : "false");
}

/* "gtd (detected; 11 of 14 columns; year, month, day recognised by name)" */
static void print_preset(FILE *out, const incstat_load_report *r)
{
    fprintf(out, "preset      %s", r->preset);
    if (r->preset_columns) {
        fprintf(out, " (%s%zu of %zu columns%s%s", r->preset_detected ? "detected; " : "",
               r->preset_matched, r->preset_columns, r->preset_filled[0] ? "; " : "",
               r->preset_filled);
        if (r->preset_tie)
            fprintf(out, "; near tie with %s", r->preset_tie);
        fprintf(out, ")");
    }
    fprintf(out, "\n");
}

/* Every mapped field, its column and the evidence. */
static void print_mapping(FILE *out, const incstat_load_report *r, size_t w)
{
    if (r->format && strcmp(r->format, "csv") != 0)
        fprintf(out, "format      %s\n", r->format);
    if (r->sheets[0])
        fprintf(out, "sheets      %s\n", r->sheets);
    for (size_t k = 0; k < r->n_source_notes; k++)
        fprintf(out, "source      %s\n", r->source_notes[k]);
    fprintf(out, "table       %s\n", !r->rows_periods ? "incidents"
                                      : r->period_months ? "periods: months (a table of figures per "
                                                           "month, not of incidents)"
                                      : r->period_quarters ? "periods: quarters (a table of figures "
                                                             "per quarter, not of incidents)"
                                                           : "periods (a table of figures per "
                                                             "period, not of incidents)");
    if (r->rows_evidence[0]) /* what decided it */
        fprintf(out, "  because   %s\n", r->rows_evidence);
    if (r->aggregate_entity) /* OWID: "World" beside the regions and countries */
        fprintf(out, "aggregate   \"%s\" sums the regions and countries beside it: commands "
                "count its rows only, unless --where country=NAME\n", r->aggregate_entity);
    fprintf(out, "mapping     %zu %s, %zu recognised\n", r->n_mapping,
           r->n_mapping == 1 ? "field" : "fields", r->n_recognised);
    for (size_t i = 0; i < r->n_mapping; i++) {
        const incstat_field_mapping *m = &r->mapping[i];
        fprintf(out, "  %-12s  ", m->field);
        incstat_load_report_name_cell_(out, r->columns[m->column].name, w);
        fprintf(out, "  %-6s  %s\n", incstat_map_how_name(m->how), m->evidence);
    }
    incstat_load_report_sums_(out, r, "sum         ");
    if (r->advice[0])
        fprintf(out, "advice      %s\n", r->advice);
    incstat_load_report_repeats_(out, r, "repeated    ");
    if (r->incidents_unknown) {
        fprintf(out, "incidents   ");
        incstat_load_report_incidents_unknown_(out, r);
    }
    for (size_t i = 0; i < r->n_recode_notes; i++)
        fprintf(out, "recode      %s\n", r->recode_notes[i]);
    if (r->unknown) {
        fprintf(out, "unknown    ");
        if (r->unknown & INCSTAT_UNKNOWN_INCIDENTS)
            fprintf(out, " incidents");
        if (r->unknown & INCSTAT_UNKNOWN_KILLED)
            fprintf(out, " killed");
        if (r->unknown & INCSTAT_UNKNOWN_INJURED)
            fprintf(out, " injured");
        fprintf(out, " (no column for it: shown as unknown, never 0)\n");
    }
}

void incstat_load_report_table_(FILE *out, const incstat_load_report *r)
{
    fprintf(out, "file        %s%s\n", r->source, r->gzip ? " (gzip)" : "");
    print_preset(out, r);
    if (!r->format || strcmp(r->format, "csv") == 0) { /* a workbook has none of these */
        print_encoding(out, r);
        fprintf(out, "delimiter   %s%s\n", delim_name(r->delimiter),
                r->sep_line ? " (from sep= line)" : "");
        fprintf(out, "line ends   %s\n", incstat_eol_name_(r->line_endings));
    }
    fprintf(out, "bytes       %llu\n", (unsigned long long)r->bytes);
    fprintf(out, "rows        %llu read, %llu loaded, %llu skipped\n", (unsigned long long)r->rows_read,
           (unsigned long long)r->rows_loaded, (unsigned long long)r->rows_skipped);
    if (r->year_min)
        fprintf(out, "years       %d-%d\n", r->year_min, r->year_max);
    else
        fprintf(out, "years       none\n");
    size_t w = incstat_load_report_name_width_(r);
    print_mapping(out, r, w);
    fprintf(out, "\n%-4s  ", "#");
    incstat_load_report_name_cell_(out, "column", w);
    fprintf(out, "  %-12s  %-11s  %9s  %9s  %s\n", "field", "type", "missing", "unparsed",
            "first unparsed");
    for (size_t i = 0; i < r->n_columns; i++) {
        const incstat_column_report *c = &r->columns[i];
        uint64_t numeric = c->n_int + c->n_num + c->n_range;
        uint64_t off = c->field && strcmp(c->field, "keep") != 0 ? c->unparsed
                       : c->type == INCSTAT_TYPE_TEXT || c->type == INCSTAT_TYPE_EMPTY
                           ? 0
                           : c->type == INCSTAT_TYPE_DATE ? numeric + c->n_text
                                                          : c->n_text + c->n_date;
        fprintf(out, "%-4zu  ", i + 1);
        incstat_load_report_name_cell_(out, c->name, w);
        fprintf(out, "  %-12s  %-11s  %9llu  %9llu  %s\n",
               c->field ? c->field : "", incstat_column_type_name(c->type),
               (unsigned long long)c->missing, (unsigned long long)off,
               c->unparsed ? c->first_unparsed : "");
    }
    fprintf(out, "\n");
}

void incstat_load_report_json_(FILE *out, const incstat_load_report *r)
{
    fprintf(out, "{\"file\": ");
    incstat_json_str_(out, r->source);
    fprintf(out, ", \"gzip\": %s, \"preset\": ", r->gzip ? "true" : "false");
    incstat_json_str_(out, r->preset);
    fprintf(out, ", \"preset_detected\": %s, \"encoding\": ", r->preset_detected ? "true" : "false");
    const incstat_encoding_choice *ec = &r->encoding_choice;
    incstat_json_str_(out, r->encoding != INCSTAT_ENCODING_AUTO ? incstat_encoding_name(r->encoding)
                           : r->cp1252_cells || ec->bytes
                               ? incstat_encoding_name(ec->chosen ? ec->chosen : INCSTAT_ENCODING_WINDOWS_1252)
                               : "utf-8");
    json_encoding_choice(out, r);
    fprintf(out, ", \"bom\": %s, \"delimiter\": ", r->bom ? "true" : "false");
    char d[2] = {r->delimiter, 0};
    incstat_json_str_(out, d);
    fprintf(out, ", \"line_endings\": \"%s\", \"bytes\": %llu", incstat_eol_name_(r->line_endings),
           (unsigned long long)r->bytes);
    fprintf(out, ", \"rows_read\": %llu, \"rows_loaded\": %llu, \"rows_skipped\": %llu",
           (unsigned long long)r->rows_read, (unsigned long long)r->rows_loaded,
           (unsigned long long)r->rows_skipped);
    fprintf(out, ", \"skipped\": {");
    int first = 1;
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        if (!r->skipped[k])
            continue;
        fprintf(out, "%s", first ? "" : ", ");
        incstat_json_str_(out, incstat_skip_reason_name((incstat_skip_reason)k));
        fprintf(out, ": {\"count\": %llu, \"lines\": [", (unsigned long long)r->skipped[k]);
        for (uint64_t j = 0; j < r->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            fprintf(out, "%s%llu", j ? ", " : "", (unsigned long long)r->skipped_lines[k][j]);
        fprintf(out, "]}");
        first = 0;
    }
    fprintf(out, "}, \"empty_lines\": %llu, \"short_rows\": %llu, \"cp1252_cells\": %llu, "
           "\"replaced_chars\": %llu, \"irregular_quotes\": %llu, \"low_above_high\": %llu, "
           "\"undated\": %llu, \"totals_line\": %llu",
           (unsigned long long)r->empty_lines, (unsigned long long)r->short_rows,
           (unsigned long long)r->cp1252_cells, (unsigned long long)r->replaced_chars,
           (unsigned long long)r->irregular_quotes, (unsigned long long)r->low_above_high,
           (unsigned long long)r->undated, (unsigned long long)r->totals_line);
    incstat_load_report_totals_json_(out, r);
    if (r->year_min)
        fprintf(out, ", \"year_min\": %d, \"year_max\": %d", r->year_min, r->year_max);
    else
        fprintf(out, ", \"year_min\": null, \"year_max\": null");
    fprintf(out, ", \"rows\": \"%s\", \"preset_matched\": %zu, \"preset_columns\": %zu",
           r->rows_periods ? "periods" : "incidents", r->preset_matched, r->preset_columns);
    fprintf(out, ", \"format\": \"%s\"", r->format ? r->format : "csv");
    if (r->sheets[0]) {
        fprintf(out, ", \"sheets\": ");
        incstat_json_str_(out, r->sheets);
    }
    if (r->n_source_notes) {
        fprintf(out, ", \"source_notes\": [");
        for (size_t k = 0; k < r->n_source_notes; k++) {
            fprintf(out, "%s", k ? ", " : "");
            incstat_json_str_(out, r->source_notes[k]);
        }
        fprintf(out, "]");
    }
    fprintf(out, ", \"rows_evidence\": ");
    incstat_json_str_(out, r->rows_evidence);
    fprintf(out, ", \"period_key\": ");
    if (r->period_key[0])
        incstat_json_str_(out, r->period_key);
    else
        fputs("null", out);
    fprintf(out, ", \"period\": %s", !r->rows_periods ? "null"
                                       : r->period_months ? "\"month\""
                                       : r->period_quarters ? "\"quarter\"" : "\"year\"");
    if (r->preset_tie) /* only when another preset scored within 10 points */
        fprintf(out, ", \"preset_tie\": \"%s\"", r->preset_tie);
    if (r->aggregate_entity) /* only when a table of periods holds "World" */
        fprintf(out, ", \"aggregate_entity\": \"%s\"", r->aggregate_entity);
    fprintf(out, ", \"unknown\": [");
    const char *sep = "";
    if (r->unknown & INCSTAT_UNKNOWN_INCIDENTS)
        fprintf(out, "%s\"incidents\"", sep), sep = ", ";
    if (r->unknown & INCSTAT_UNKNOWN_KILLED)
        fprintf(out, "%s\"killed\"", sep), sep = ", ";
    if (r->unknown & INCSTAT_UNKNOWN_INJURED)
        fprintf(out, "%s\"injured\"", sep);
    fprintf(out, "], \"mapping\": [");
    for (size_t i = 0; i < r->n_mapping; i++) {
        const incstat_field_mapping *m = &r->mapping[i];
        fprintf(out, "%s\n  {\"field\": \"%s\", \"column\": ", i ? "," : "", m->field);
        incstat_json_str_(out, r->columns[m->column].name);
        fprintf(out, ", \"how\": \"%s\", \"evidence\": ", incstat_map_how_name(m->how));
        incstat_json_str_(out, m->evidence);
        if (m->n_parts) { /* a sum of columns */
            fprintf(out, ", \"sum_of\": [");
            for (size_t k = 0; k < m->n_parts; k++) {
                fprintf(out, "%s", k ? ", " : "");
                incstat_json_str_(out, r->columns[m->parts[k]].name);
            }
            fprintf(out, "], \"partly_known\": %llu", (unsigned long long)m->partly_known);
        }
        fprintf(out, "}");
    }
    fprintf(out, "]");
    fprintf(out, ", \"repeated_periods\": %llu, \"repeated_differ\": %llu",
            (unsigned long long)r->skipped[INCSTAT_SKIP_REPEATED_PERIOD],
            (unsigned long long)r->repeated_differ);
    fprintf(out, ", \"columns\": [");
    for (size_t i = 0; i < r->n_columns; i++) {
        const incstat_column_report *c = &r->columns[i];
        fprintf(out, "%s\n  {\"name\": ", i ? "," : "");
        incstat_json_str_(out, c->name);
        fprintf(out, ", \"field\": ");
        if (c->field)
            incstat_json_str_(out, c->field);
        else
            fprintf(out, "null");
        fprintf(out, ", \"type\": \"%s\", \"missing\": %llu, \"unparsed\": %llu, "
               "\"first_unparsed_line\": %llu, \"counts\": {\"integer\": %llu, \"number\": %llu, "
               "\"range\": %llu, \"date\": %llu, \"text\": %llu}",
               incstat_column_type_name(c->type), (unsigned long long)c->missing,
               (unsigned long long)c->unparsed, (unsigned long long)c->first_unparsed_line,
               (unsigned long long)c->n_int, (unsigned long long)c->n_num,
               (unsigned long long)c->n_range, (unsigned long long)c->n_date,
               (unsigned long long)c->n_text);
        incstat_load_report_number_json_(out, c);
        fprintf(out, "}");
    }
    fprintf(out, "]}\n");
}
