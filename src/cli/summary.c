/* src/cli/summary.c: incstat summary: the yearly (or monthly, or per
 * category) table.  Streams the file: rows are not kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *const KNOWN[] = {
    "--by", "--where", "--from", "--to", "--estimate", "--format", "--gap", "--as-of", "--headline",
    "--same-span", "--year",
    "--total", "--threads", "--help", "--preset", "--map", "--schema", "--keep", "--encoding",
    "--delimiter", "--date-order", "--strict", "--quiet", "--recode", NULL};

static void help(void)
{
    printf("Usage: incstat summary [OPTIONS] FILE\n\n"
           "Incidents, killed and injured per period, with change from the previous period,\n"
           "rank and the period each is the highest since.\n\n"
           "  --by KEY              year (default), month, quarter, or a field (admin1,\n"
           "                        perpetrator, type, ...) or kept column; twice for a long table\n"
           "  --where FIELD=VALUE   keep incidents with this value (repeatable; values of one\n"
           "                        field are ORed, fields ANDed); FIELD=~TEXT matches a substring\n"
           "  --from DATE, --to DATE   a year (2007) or a date (2007-03-15), inclusive\n"
           "  --estimate low|best|high which estimate fills killed and injured (default best)\n"
           "  --gap YEAR            a year the source does not cover (shown as missing)\n"
           "  --as-of DATE          the source is complete to DATE (2025-04-20, 2025-04, 2025):\n"
           "                        the period holding it is partial, earlier ones whole; without\n"
           "                        it the last period is partial when the data stop before its\n"
           "                        end by more than the usual gap between incidents (the 90th\n"
           "                        percentile of the gaps between their dates)\n"
           "  --format table|csv|tsv|json|md   (default: table on a terminal, csv otherwise)\n"
           "  --headline            plain sentences about the latest year (or --year Y); a\n"
           "                        partial year is set against the same span of the year before\n"
           "  --same-span           the latest year (or --year Y) against the year before, both\n"
           "                        from 1 January to the day the data reach in a partial last\n"
           "                        year (whole years otherwise); --format json for the figures\n"
           "  --year Y              the year for --headline and --same-span\n"
           "  --total               one line of totals over the periods instead of the table\n"

           "Load options: --preset, --map FIELD=COLUMN, --schema FILE, --keep COLUMN, --threads N,\n"
           "  --recode FIELD:FROM=TO,\n"
           "  --encoding, --delimiter, --date-order, --strict, --quiet (see incstat help inspect)\n");
}

int cmd_summary(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    incstat_error err;
    int headline = 0, same_span = 0, total = 0, year = 0, fmt = -1;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(&o, &sel, "summary", help, EXIT_OK)
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name) CLI_VALUE("summary", name)
        if (OPT("--format")) {
            VALUE("--format");
            static const int F[] = {INCSTAT_FORMAT_TABLE, INCSTAT_FORMAT_CSV, INCSTAT_FORMAT_TSV,
                                    INCSTAT_FORMAT_JSON, INCSTAT_FORMAT_MD};
            int k = cli_choice("summary", "--format", v,
                               CLI_NAMES("table", "csv", "tsv", "json", "md"));
            if (k < 0)
                return EXIT_USAGE;
            fmt = F[k];
        } else if (strcmp(a, "--headline") == 0) {
            headline = 1;
        } else if (strcmp(a, "--same-span") == 0) {
            same_span = 1;
        } else if (strcmp(a, "--total") == 0) {
            total = 1;
        } else if (OPT("--year")) {
            VALUE("--year");
            if (cli_parse_year(v, &year) != 0)
                return cli_usage_error("summary", "--year takes a year, not '%s'", v);
        } else if (cli_file_arg(&o, "summary", a, KNOWN) != EXIT_OK) {
            return EXIT_USAGE;
        }
#undef OPT
#undef VALUE
    }
    if (!o.file)
        return cli_usage_error("summary", "no FILE given");
    if (fmt < 0)
        fmt = isatty(STDOUT_FILENO) ? INCSTAT_FORMAT_TABLE : INCSTAT_FORMAT_CSV;

    incstat_summary *s = NULL;
    int rc = cli_summarise(&o, &sel, &s, NULL);
    if (rc != EXIT_OK)
        return rc;
    rc = EXIT_DATA;
    if (total) {
        if (incstat_summary_write_total(s, stdout, &err) != INCSTAT_OK)
            goto fail;
    } else if (same_span) {
        incstat_same_span ss;
        if (incstat_summary_same_span(s, year, &ss, &err) != INCSTAT_OK)
            goto fail;
        if (fmt == INCSTAT_FORMAT_JSON) {
            if (incstat_same_span_write_json(&ss, stdout, &err) != INCSTAT_OK)
                goto fail;
        } else {
            char buf[2048];
            if (incstat_same_span_text(&ss, "incidents", buf, sizeof buf, &err) != INCSTAT_OK)
                goto fail;
            printf("%s\n", buf);
        }
    } else if (headline) {
        char buf[2048];
        if (incstat_summary_headline(s, year, "incidents", buf, sizeof buf, &err) != INCSTAT_OK)
            goto fail;
        printf("%s\n", buf);
    } else if (incstat_summary_write(s, (incstat_format)fmt, stdout, &err) != INCSTAT_OK) {
        goto fail;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "incstat: error writing the output\n");
        goto done;
    }
    rc = EXIT_OK;
    goto done;
fail:
    cli_error(&err);
done:
    incstat_summary_free(s);
    cli_select_free(&sel);
    return rc;
}
