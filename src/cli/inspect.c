/* src/cli/inspect.c: incstat inspect: what the loader sees in a file. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "io/encoding.h"

static const char *const KNOWN[] = {"--format", "--help", "--preset", "--map", "--schema", "--keep", "--recode",
                                    "--encoding", "--delimiter", "--date-order", "--strict",
                                    "--threads", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat inspect [OPTIONS] FILE\n\n"
           "Prints the detected preset, encoding, delimiter and line endings, every column\n"
           "with its inferred type, missing and unparsed cells, the year range and the load\n"
           "report.\n\n"
           "  --format table|json   output format (default table)\n"
           "  --preset NAME         gtd, acled, ucdp-ged, pbc-suicide, pbc-drone, ucdp-cy, ucdp-brd,\n"
           "                        owid, none (no preset, no recognition; default: detect)\n"
           "  --map FIELD=COLUMN    map a column to a canonical field (repeatable)\n"
           "  --schema FILE         mapping and parse hints from a schema file\n"
           "  --keep COLUMN         keep another column as text (repeatable)\n"
           "  --recode FIELD:FROM=TO  read a text field's spelling FROM as TO (repeatable)\n"
           "  --encoding NAME       utf-8, windows-1252, iso-8859-1, mac-roman (default: UTF-8,\n"
           "                        cells that are not UTF-8 read as Windows-1252)\n"
           "  --delimiter C         , ; | or tab (default: detect)\n"
           "  --date-order ORDER    dmy, mdy or ymd for dates like 6/7/2004\n"
           "  --decimal , or .      the decimal mark of every number column (default:\n"
           "                        decided per column from its values, else the file)\n"
           "  --strict              a row with a different number of fields is an error\n"
           "  --threads N           read a large plain file with N threads (default: the\n"
           "                        number of cores; the report is the same)\n"
           "  --quiet               no load report on stderr\n");
}

static const char *eol_name(int e)
{
    static const char *const names[] = {"none", "LF", "CRLF", "LF+CRLF", "CR", "LF+CR",
                                        "CRLF+CR", "LF+CRLF+CR"};
    return names[e & 7];
}

static const char *delim_name(char d)
{
    return d == ',' ? "," : d == ';' ? ";" : d == '\t' ? "tab" : d == '|' ? "|" : "other";
}

static const char *encoding_desc(const incstat_load_report *r)
{
    if (r->encoding != INCSTAT_ENCODING_AUTO)
        return incstat_encoding_name(r->encoding);
    return r->cp1252_cells ? "windows-1252 (not valid UTF-8)" : "utf-8";
}

/* "gtd (detected; 11 of 14 columns; year, month, day recognised by name)" */
static void print_preset(const incstat_load_report *r)
{
    printf("preset      %s", r->preset);
    if (r->preset_columns) {
        printf(" (%s%zu of %zu columns%s%s", r->preset_detected ? "detected; " : "",
               r->preset_matched, r->preset_columns, r->preset_filled[0] ? "; " : "",
               r->preset_filled);
        if (r->preset_tie)
            printf("; near tie with %s", r->preset_tie);
        printf(")");
    }
    printf("\n");
}

/* Every mapped field, its column and the evidence. */
static void print_mapping(const incstat_load_report *r)
{
    printf("table       %s\n", r->rows_periods ? "periods (a table of figures per period, "
                                                   "not of incidents)" : "incidents");
    printf("mapping     %zu %s, %zu recognised\n", r->n_mapping,
           r->n_mapping == 1 ? "field" : "fields", r->n_recognised);
    for (size_t i = 0; i < r->n_mapping; i++) {
        const incstat_field_mapping *m = &r->mapping[i];
        printf("  %-12s  %-32s  %-6s  %s\n", m->field, r->columns[m->column].name,
               incstat_map_how_name(m->how), m->evidence);
    }
    if (r->advice[0])
        printf("advice      %s\n", r->advice);
    for (size_t i = 0; i < r->n_recode_notes; i++)
        printf("recode      %s\n", r->recode_notes[i]);
    if (r->unknown) {
        printf("unknown    ");
        if (r->unknown & INCSTAT_UNKNOWN_INCIDENTS)
            printf(" incidents");
        if (r->unknown & INCSTAT_UNKNOWN_KILLED)
            printf(" killed");
        if (r->unknown & INCSTAT_UNKNOWN_INJURED)
            printf(" injured");
        printf(" (no column for it: shown as unknown, never 0)\n");
    }
}

static void print_table(const incstat_load_report *r)
{
    printf("file        %s%s\n", r->source, r->gzip ? " (gzip)" : "");
    print_preset(r);
    printf("encoding    %s%s\n", encoding_desc(r), r->bom ? ", BOM" : "");
    printf("delimiter   %s%s\n", delim_name(r->delimiter), r->sep_line ? " (from sep= line)" : "");
    printf("line ends   %s\n", eol_name(r->line_endings));
    printf("bytes       %llu\n", (unsigned long long)r->bytes);
    printf("rows        %llu read, %llu loaded, %llu skipped\n", (unsigned long long)r->rows_read,
           (unsigned long long)r->rows_loaded, (unsigned long long)r->rows_skipped);
    if (r->year_min)
        printf("years       %d-%d\n", r->year_min, r->year_max);
    else
        printf("years       none\n");
    print_mapping(r);
    printf("\n%-4s  %-32s  %-12s  %-11s  %9s  %9s  %s\n", "#", "column", "field", "type", "missing",
           "unparsed", "first unparsed");
    for (size_t i = 0; i < r->n_columns; i++) {
        const incstat_column_report *c = &r->columns[i];
        uint64_t numeric = c->n_int + c->n_num + c->n_range;
        uint64_t off = c->field && strcmp(c->field, "keep") != 0 ? c->unparsed
                       : c->type == INCSTAT_TYPE_TEXT || c->type == INCSTAT_TYPE_EMPTY
                           ? 0
                           : c->type == INCSTAT_TYPE_DATE ? numeric + c->n_text
                                                          : c->n_text + c->n_date;
        printf("%-4zu  %-32s  %-12s  %-11s  %9llu  %9llu  %s\n", i + 1, c->name,
               c->field ? c->field : "", incstat_column_type_name(c->type),
               (unsigned long long)c->missing, (unsigned long long)off,
               c->unparsed ? c->first_unparsed : "");
    }
    printf("\n");
}

static void print_json(const incstat_load_report *r)
{
    printf("{\"file\": ");
    cli_json_string(stdout, r->source);
    printf(", \"gzip\": %s, \"preset\": ", r->gzip ? "true" : "false");
    cli_json_string(stdout, r->preset);
    printf(", \"preset_detected\": %s, \"encoding\": ", r->preset_detected ? "true" : "false");
    cli_json_string(stdout, r->encoding != INCSTAT_ENCODING_AUTO ? incstat_encoding_name(r->encoding)
                            : r->cp1252_cells ? "windows-1252" : "utf-8");
    printf(", \"bom\": %s, \"delimiter\": ", r->bom ? "true" : "false");
    char d[2] = {r->delimiter, 0};
    cli_json_string(stdout, d);
    printf(", \"line_endings\": \"%s\", \"bytes\": %llu", eol_name(r->line_endings),
           (unsigned long long)r->bytes);
    printf(", \"rows_read\": %llu, \"rows_loaded\": %llu, \"rows_skipped\": %llu",
           (unsigned long long)r->rows_read, (unsigned long long)r->rows_loaded,
           (unsigned long long)r->rows_skipped);
    printf(", \"skipped\": {");
    int first = 1;
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        if (!r->skipped[k])
            continue;
        printf("%s", first ? "" : ", ");
        cli_json_string(stdout, incstat_skip_reason_name((incstat_skip_reason)k));
        printf(": {\"count\": %llu, \"lines\": [", (unsigned long long)r->skipped[k]);
        for (uint64_t j = 0; j < r->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            printf("%s%llu", j ? ", " : "", (unsigned long long)r->skipped_lines[k][j]);
        printf("]}");
        first = 0;
    }
    printf("}, \"empty_lines\": %llu, \"short_rows\": %llu, \"cp1252_cells\": %llu, "
           "\"replaced_chars\": %llu, \"irregular_quotes\": %llu, \"low_above_high\": %llu, "
           "\"undated\": %llu, \"totals_line\": %llu",
           (unsigned long long)r->empty_lines, (unsigned long long)r->short_rows,
           (unsigned long long)r->cp1252_cells, (unsigned long long)r->replaced_chars,
           (unsigned long long)r->irregular_quotes, (unsigned long long)r->low_above_high,
           (unsigned long long)r->undated, (unsigned long long)r->totals_line);
    if (r->year_min)
        printf(", \"year_min\": %d, \"year_max\": %d", r->year_min, r->year_max);
    else
        printf(", \"year_min\": null, \"year_max\": null");
    printf(", \"rows\": \"%s\", \"preset_matched\": %zu, \"preset_columns\": %zu",
           r->rows_periods ? "periods" : "incidents", r->preset_matched, r->preset_columns);
    printf(", \"unknown\": [");
    const char *sep = "";
    if (r->unknown & INCSTAT_UNKNOWN_INCIDENTS)
        printf("%s\"incidents\"", sep), sep = ", ";
    if (r->unknown & INCSTAT_UNKNOWN_KILLED)
        printf("%s\"killed\"", sep), sep = ", ";
    if (r->unknown & INCSTAT_UNKNOWN_INJURED)
        printf("%s\"injured\"", sep);
    printf("], \"mapping\": [");
    for (size_t i = 0; i < r->n_mapping; i++) {
        const incstat_field_mapping *m = &r->mapping[i];
        printf("%s\n  {\"field\": \"%s\", \"column\": ", i ? "," : "", m->field);
        cli_json_string(stdout, r->columns[m->column].name);
        printf(", \"how\": \"%s\", \"evidence\": ", incstat_map_how_name(m->how));
        cli_json_string(stdout, m->evidence);
        printf("}");
    }
    printf("]");
    printf(", \"columns\": [");
    for (size_t i = 0; i < r->n_columns; i++) {
        const incstat_column_report *c = &r->columns[i];
        printf("%s\n  {\"name\": ", i ? "," : "");
        cli_json_string(stdout, c->name);
        printf(", \"field\": ");
        if (c->field)
            cli_json_string(stdout, c->field);
        else
            printf("null");
        printf(", \"type\": \"%s\", \"missing\": %llu, \"unparsed\": %llu, "
               "\"first_unparsed_line\": %llu, \"counts\": {\"integer\": %llu, \"number\": %llu, "
               "\"range\": %llu, \"date\": %llu, \"text\": %llu}",
               incstat_column_type_name(c->type), (unsigned long long)c->missing,
               (unsigned long long)c->unparsed, (unsigned long long)c->first_unparsed_line,
               (unsigned long long)c->n_int, (unsigned long long)c->n_num,
               (unsigned long long)c->n_range, (unsigned long long)c->n_date,
               (unsigned long long)c->n_text);
        cli_json_number_format(stdout, c);
        printf("}");
    }
    printf("]}\n");
}

int cmd_inspect(int argc, char **argv)
{
    cli_load o;
    int json = 0;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help();
            return EXIT_OK;
        }
        int r = cli_load_option(&o, argc, argv, &i);
        if (r == ARG_ERROR)
            return EXIT_USAGE;
        if (r == ARG_TAKEN)
            continue;
        if (strncmp(a, "--format", 8) == 0 && (a[8] == '\0' || a[8] == '=')) {
            const char *v = cli_value(argc, argv, &i, "--format");
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "table") != 0))
                return cli_usage_error("inspect", "--format is table or json");
            json = strcmp(v, "json") == 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_unknown_option("inspect", a, KNOWN);
        } else if (o.file) {
            return cli_usage_error("inspect", "one FILE only ('%s' and '%s')", o.file, a);
        } else {
            o.file = a;
        }
    }
    if (!o.file)
        return cli_usage_error("inspect", "no FILE given");
    o.load.infer_types = 1;
    incstat_loader *ld;
    incstat_error err;
    cli_progress_setup(&o);
    if (incstat_loader_open(o.file, &o.load, &ld, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    incstat_status dst = incstat_loader_drain(ld, cli_threads(&o), 0, &err);
    cli_progress_done();
    if (dst != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    const incstat_load_report *r = incstat_loader_report(ld);
    if (json) {
        print_json(r);
    } else {
        print_table(r);
        cli_print_number_formats(stdout, r);
        cli_print_report(stdout, r, 0);
    }
    incstat_loader_free(ld);
    return EXIT_OK;
}
