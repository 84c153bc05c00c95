/* src/cli/summary.c: incstat summary: the yearly (or monthly, or per
 * category) table.  Streams the file: rows are not kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *const KNOWN[] = {
    "--by", "--where", "--from", "--to", "--estimate", "--format", "--gap", "--headline", "--year",
    "--total", "--threads", "--help", "--preset", "--map", "--schema", "--keep", "--encoding", "--delimiter",
    "--date-order", "--strict", "--quiet", NULL};

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
           "  --format table|csv|tsv|json|md   (default: table on a terminal, csv otherwise)\n"
           "  --headline            plain sentences about the latest year (or --year Y)\n"
           "  --year Y              the year for --headline\n"
           "  --total               one line of totals over the periods instead of the table\n"

           "Load options: --preset, --map FIELD=COLUMN, --schema FILE, --keep COLUMN, --threads N,\n"
           "  --encoding, --delimiter, --date-order, --strict, --quiet (see incstat help inspect)\n");
}

static int parse_year(const char *s, int *y)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1000 || v > 2999)
        return -1;
    *y = (int)v;
    return 0;
}

int cmd_summary(int argc, char **argv)
{
    cli_load o;
    incstat_summary_options so;
    incstat_filter *filter = NULL;
    incstat_error err;
    int headline = 0, total = 0, year = 0, fmt = -1;
    const char *where[CLI_MAX_LIST], *from = NULL, *to = NULL;
    size_t nwhere = 0;
    memset(&o, 0, sizeof o);
    memset(&so, 0, sizeof so);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help();
            return EXIT_OK;
        }
        int r = cli_load_option(&o, argc, argv, &i);
        if (r == ARG_ERROR)
            return EXIT_USAGE;
        if (r == ARG_TAKEN)
            continue;
#define OPT(name) (strncmp(a, name, strlen(name)) == 0 && (a[strlen(name)] == '\0' || a[strlen(name)] == '='))
#define VALUE(name)                                                                   \
    if (!(v = cli_value(argc, argv, &i, name)))                                       \
        return cli_usage_error("summary", "option %s needs a value", name);
        if (OPT("--by")) {
            VALUE("--by");
            if (so.n_by == 2)
                return cli_usage_error("summary", "at most two --by keys");
            incstat_by *b = &so.by[so.n_by++];
            if (strcmp(v, "year") == 0)
                b->kind = INCSTAT_BY_YEAR;
            else if (strcmp(v, "month") == 0)
                b->kind = INCSTAT_BY_MONTH;
            else if (strcmp(v, "quarter") == 0)
                b->kind = INCSTAT_BY_QUARTER;
            else {
                b->kind = INCSTAT_BY_TEXT;
                b->column = v;
            }
        } else if (OPT("--where")) {
            VALUE("--where");
            if (nwhere == CLI_MAX_LIST)
                return cli_usage_error("summary", "too many --where options");
            where[nwhere++] = v;
        } else if (OPT("--from")) {
            VALUE("--from");
            from = v;
        } else if (OPT("--to")) {
            VALUE("--to");
            to = v;
        } else if (OPT("--estimate")) {
            VALUE("--estimate");
            if (strcmp(v, "best") == 0)
                so.estimate = INCSTAT_ESTIMATE_BEST;
            else if (strcmp(v, "low") == 0)
                so.estimate = INCSTAT_ESTIMATE_LOW;
            else if (strcmp(v, "high") == 0)
                so.estimate = INCSTAT_ESTIMATE_HIGH;
            else
                return cli_usage_error("summary", "--estimate is low, best or high, not '%s'", v);
        } else if (OPT("--format")) {
            VALUE("--format");
            static const char *const F[] = {"csv", "tsv", "json", "md", "table"};
            fmt = -1;
            for (int k = 0; k < 5; k++)
                if (strcmp(v, F[k]) == 0)
                    fmt = k;
            if (fmt < 0)
                return cli_usage_error("summary", "--format is table, csv, tsv, json or md, not '%s'", v);
        } else if (OPT("--gap")) {
            VALUE("--gap");
            int y;
            if (parse_year(v, &y) != 0)
                return cli_usage_error("summary", "--gap takes a year, not '%s'", v);
            if (so.n_gaps < INCSTAT_SUMMARY_MAX_GAPS)
                so.gaps[so.n_gaps++] = y;
        } else if (strcmp(a, "--headline") == 0) {
            headline = 1;
        } else if (strcmp(a, "--total") == 0) {
            total = 1;
        } else if (OPT("--year")) {
            VALUE("--year");
            if (parse_year(v, &year) != 0)
                return cli_usage_error("summary", "--year takes a year, not '%s'", v);
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_unknown_option("summary", a, KNOWN);
        } else if (o.file) {
            return cli_usage_error("summary", "one FILE only ('%s' and '%s')", o.file, a);
        } else {
            o.file = a;
        }
#undef OPT
#undef VALUE
    }
    if (!o.file)
        return cli_usage_error("summary", "no FILE given");
    so.threads = cli_threads(&o);
    if (fmt < 0)
        fmt = isatty(STDOUT_FILENO) ? INCSTAT_FORMAT_TABLE : INCSTAT_FORMAT_CSV;

    /* read only the fields this table needs: the counts, and what --by and
     * --where name (kept columns are read anyway) */
    const char *fields[2 + 2 + CLI_MAX_LIST];
    char wnames[CLI_MAX_LIST][64];
    size_t nf = 0;
    fields[nf++] = "killed";
    fields[nf++] = "injured";
    for (size_t k = 0; k < so.n_by; k++)
        if (so.by[k].kind == INCSTAT_BY_TEXT && cli_is_field(so.by[k].column))
            fields[nf++] = so.by[k].column;
    for (size_t k = 0; k < nwhere; k++) {
        size_t len = strcspn(where[k], "=");
        if (len < sizeof wnames[k]) {
            memcpy(wnames[k], where[k], len);
            wnames[k][len] = '\0';
            if (cli_is_field(wnames[k]))
                fields[nf++] = wnames[k];
        }
    }
    o.load.fields = fields;
    o.load.n_fields = nf;

    int rc = EXIT_DATA;
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    if (incstat_filter_new(&filter, &err) != INCSTAT_OK)
        goto fail;
    for (size_t k = 0; k < nwhere; k++)
        if (incstat_filter_add_where(filter, where[k], &err) != INCSTAT_OK) {
            rc = EXIT_USAGE;
            goto fail;
        }
    if ((from && incstat_filter_from(filter, from, &err) != INCSTAT_OK) ||
        (to && incstat_filter_to(filter, to, &err) != INCSTAT_OK)) {
        rc = EXIT_USAGE;
        goto fail;
    }
    /* a range given as years widens the table to it */
    if (from)
        so.from_year = atoi(from);
    if (to)
        so.to_year = atoi(to);
    if (incstat_loader_open(o.file, &o.load, &ld, &err) != INCSTAT_OK)
        goto fail;
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    if (incstat_filter_bind(filter, kept, nk, &err) != INCSTAT_OK) {
        rc = EXIT_USAGE; /* a misspelt field name */
        goto fail;
    }
    if (incstat_summary_from_loader(ld, &so, filter, &s, &err) != INCSTAT_OK) {
        if (err.code == INCSTAT_ENOCOLUMN)
            rc = EXIT_USAGE; /* --by names no field */
        else if (err.code == INCSTAT_EEMPTY) {
            const incstat_load_report *rep = incstat_loader_report(ld);
            cli_print_report(stderr, rep, o.quiet);
            if (rep->rows_loaded == 0)
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to summarise (%llu rows read, none loaded)",
                         rep->source, (unsigned long long)rep->rows_read);
            else
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to summarise: none of the %llu loaded passed "
                         "--where/--from/--to", rep->source, (unsigned long long)rep->rows_loaded);
        }
        goto fail;
    }
    cli_print_report(stderr, incstat_loader_report(ld), o.quiet);
    if (incstat_summary_unplaced(s) && !o.quiet)
        fprintf(stderr, "  %llu incidents have no date precise enough for this table and are "
                        "not in it\n", (unsigned long long)incstat_summary_unplaced(s));
    if (total) {
        incstat_summary_row t;
        if (incstat_summary_total(s, &t, &err) != INCSTAT_OK)
            goto fail;
        const incstat_summary_row *a = incstat_summary_row_at(s, 0),
                                  *b = incstat_summary_row_at(s, incstat_summary_rows(s) - 1);
        printf("%s to %s: %s incidents, %s killed, %s injured", a->key[0], b->key[0],
               cli_grouped(t.incidents), cli_grouped_d(t.killed), cli_grouped_d(t.injured));
        if (t.killed_missing || t.injured_missing)
            printf(" (killed unknown for %llu incidents, injured for %llu)",
                   (unsigned long long)t.killed_missing, (unsigned long long)t.injured_missing);
        printf("\n");
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
    incstat_loader_free(ld);
    incstat_filter_free(filter);
    return rc;
}
