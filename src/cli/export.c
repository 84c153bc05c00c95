/* src/cli/export.c: incstat export FILE: the loaded incidents as a tidy table
 * (csv, tsv, jsonl, json, sqlite), or with --raw the records as parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "incstat/export.h"

static const char *const KNOWN[] = {
    "--format", "--raw", "--force", "--output", "--where", "--from", "--to", "--threads",
    "--help", "--preset", "--map", "--schema", "--keep", "--encoding", "--delimiter",
    "--date-order", "--strict", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat export [OPTIONS] FILE\n\n"
           "The loaded incidents as a tidy table, one row per incident: id, date,\n"
           "date_precision, year, month, day, killed, killed_low, killed_high, injured,\n"
           "injured_low, injured_high, country, admin1, admin2, city, location, latitude,\n"
           "longitude, perpetrator, target, type, then the columns kept with --keep.  Dates\n"
           "are ISO text at their precision; unknown is empty (null in JSON, NULL in SQLite).\n\n"
           "  --format csv|tsv|jsonl|json|sqlite   (default csv)\n"
           "  -o FILE, --output FILE   write FILE whole or not at all (a temporary file\n"
           "                        renamed when complete); sqlite needs it\n"
           "  --force               replace FILE if it exists\n"
           "  --raw                 the records exactly as parsed: header name to cell text\n"
           "                        (csv, tsv, jsonl or json; no --where, --from, --to)\n"
           "  --where FIELD=VALUE, --from DATE, --to DATE   as in incstat summary\n\n"
           "Load options: --preset, --map, --schema, --keep, --encoding, --delimiter,\n"
           "  --date-order, --strict, --quiet\n");
}

typedef struct {
    const char *where[CLI_MAX_LIST];
    size_t nwhere;
    const char *from, *to;
} selection;

/* The filter for --where/--from/--to, bound to the loader's kept columns.
 * EXIT_OK, or EXIT_USAGE after the message. */
static int make_filter(const selection *sel, incstat_loader *ld, incstat_filter **out)
{
    incstat_error err;
    incstat_filter *f = NULL;
    *out = NULL;
    if (!sel->nwhere && !sel->from && !sel->to && !incstat_loader_report(ld)->aggregate_entity)
        return EXIT_OK;
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    if (incstat_filter_new_from(sel->where, sel->nwhere, sel->from, sel->to, &f, &err) != INCSTAT_OK ||
        incstat_filter_bind(f, kept, nk, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_filter_free(f);
        return err.code == INCSTAT_ENOMEM ? EXIT_DATA : EXIT_USAGE;
    }
    incstat_filter_set_lists(f, incstat_loader_report(ld)->list_fields); /* as in summary */
    *out = f;
    return EXIT_OK;
}

/* The export's row predicate: the incidents the filter matches. */
static int keep_match(void *filter, const incstat_incident *inc)
{
    return incstat_filter_match(filter, inc);
}

int cmd_export(int argc, char **argv)
{
    cli_load o;
    selection sel;
    incstat_export_options xo;
    const char *output = NULL;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&xo, 0, sizeof xo);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(&o, NULL, "export", help, EXIT_OK)
        if (CLI_OPT(a, "--format")) {
            CLI_VALUE("export", "--format");
            int k = cli_choice("export", "--format", v,
                               CLI_NAMES("csv", "tsv", "jsonl", "json", "sqlite"));
            if (k < 0)
                return EXIT_USAGE;
            xo.format = (incstat_export_format)k;
        } else if (strcmp(a, "-o") == 0 || CLI_OPT(a, "--output")) {
            if (!(v = cli_value(argc, argv, &i, strcmp(a, "-o") == 0 ? "-o" : "--output")))
                return cli_usage_error("export", "option %s needs a value", a);
            output = v;
        } else if (strcmp(a, "--force") == 0) {
            xo.force = 1;
        } else if (strcmp(a, "--raw") == 0) {
            xo.raw = 1;
        } else if (CLI_OPT(a, "--where")) {
            CLI_VALUE("export", "--where");
            if (sel.nwhere == CLI_MAX_LIST)
                return cli_usage_error("export", "too many --where options");
            sel.where[sel.nwhere++] = v;
        } else if (CLI_OPT(a, "--from")) {
            CLI_VALUE("export", "--from");
            sel.from = v;
        } else if (CLI_OPT(a, "--to")) {
            CLI_VALUE("export", "--to");
            sel.to = v;
        } else if (cli_file_arg(&o, "export", a, KNOWN) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (!o.file)
        return cli_usage_error("export", "no FILE given");
    if (xo.format == INCSTAT_EXPORT_SQLITE && !output)
        return cli_usage_error("export", "--format sqlite writes a database file: give -o FILE");
    if (xo.raw && xo.format == INCSTAT_EXPORT_SQLITE)
        return cli_usage_error("export", "--raw writes csv, tsv, jsonl or json");
    if (xo.raw && (sel.nwhere || sel.from || sel.to))
        return cli_usage_error("export", "--raw gives every record: no --where, --from or --to");

    incstat_error err;
    incstat_loader *ld = NULL;
    incstat_filter *filter = NULL;
    int rc = EXIT_DATA;
    o.load.threads = cli_threads(&o);
    cli_progress_setup(&o);
    if (incstat_loader_open(o.file, &o.load, &ld, &err) != INCSTAT_OK) {
        cli_progress_done();
        cli_error(&err);
        return err.code == INCSTAT_ENOCOLUMN || err.code == INCSTAT_EINVAL ? EXIT_USAGE
                                                                           : EXIT_DATA;
    }
    if ((rc = make_filter(&sel, ld, &filter)) != EXIT_OK)
        goto done;
    rc = EXIT_DATA;
    if (filter) {
        xo.keep = keep_match;
        xo.keep_ctx = filter;
    }
    uint64_t rows;
    incstat_status st = output ? incstat_export_path(ld, &xo, output, &rows, &err)
                               : incstat_export_stream(ld, &xo, stdout, &rows, &err);
    cli_progress_done();
    if (st != INCSTAT_OK) {
        cli_error(&err);
        goto done;
    }
    if (!xo.raw)
        cli_print_report(stderr, incstat_loader_report(ld), o.quiet);
    if (!o.quiet && output)
        fprintf(stderr, "incstat: %s: %llu %s written (%s)\n", output, (unsigned long long)rows,
                xo.raw ? "records" : "incidents", incstat_export_format_name(xo.format));
    rc = EXIT_OK;
done:
    incstat_filter_free(filter);
    incstat_loader_free(ld);
    return rc;
}
