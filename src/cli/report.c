/* src/cli/report.c: incstat report FILE -o report.pdf|report.html: parse the
 * options, load the file, and hand the table to the library's report
 * (include/incstat/report.h, src/report/), which decides what the document
 * says and lays it out; here only the messages and the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const char *const KNOWN[] = {
    "--output", "--format", "--title", "--paper", "--trend", "--top", "--by", "--where",
    "--from", "--to", "--estimate", "--gap", "--as-of", "--threads", "--help", "--preset", "--map",
    "--schema", "--keep", "--encoding", "--delimiter", "--date-order", "--strict", "--quiet",
    "--claim", "--no-incidents", NULL};

static void help(void)
{
    printf("Usage: incstat report [OPTIONS] FILE -o OUT\n\n"
           "One document with the headline for the latest year, the yearly table, charts\n"
           "(yearly bars with the peak, killed over time with a trend and change points,\n"
           "a stacked chart by province or another category, a year x month heatmap), the\n"
           "trend statistics with their intervals, and what the loader saw in the file.\n"
           "OUT's extension (.pdf, .html, .htm) picks the format.\n\n"
           "  -o, --output OUT      file to write, or - for standard output (needs --format)\n"
           "  --format pdf|html     (default: from OUT's extension)\n"
           "  --title T             the report's title (default from the data)\n"
           "  --paper a4|letter     PDF page size (default a4)\n"
           "  --trend negbin|poisson   the trend drawn and put first in the text\n"
           "                        (default negbin: negative binomial)\n"
           "  --by COLUMN           the stacked chart's category (default admin1): a field\n"
           "                        (perpetrator, type, ...) or a column kept with --keep\n"
           "  --top N               categories in the stacked chart (default 6, 1 to 12)\n"
           "  --claim 'YEAR CLAIM [N]'  a Claims section: e.g. '2023 highest-since 2015',\n"
           "                        '2024 record', '2023 more-than 1600' (repeatable; the\n"
           "                        claims of incstat claim, without the dashes)\n"
           "  --no-incidents        the rows are not incidents (a country-year table): no\n"
           "                        incident counts, no category or month sections\n"
           "Selection: --where, --from, --to, --estimate, --gap, --as-of (see incstat help summary).\n"
           "Load options: --preset, --map, --schema, --keep, --encoding, --delimiter,\n"
           "  --date-order, --strict, --quiet (see incstat help inspect).\n"
           "With SOURCE_DATE_EPOCH set, the PDF carries that date; otherwise none, so the\n"
           "same input and options give the same bytes.\n");
}

typedef struct {
    const char *out, *title, *category;
    int html;      /* -1: from the extension */
    int letter;
    int poisson;   /* --trend poisson */
    size_t top;
    incstat_claim_options claims[CLI_MAX_LIST];
    size_t n_claims;
    int no_incidents;
} report_args;


/* SOURCE_DATE_EPOCH as the PDF's date (into buf); NULL when unset or not a
 * number of seconds (said on stderr unless quiet). */
static const char *pdf_date(char *buf, size_t cap, int quiet)
{
    const char *v = getenv("SOURCE_DATE_EPOCH");
    const char *d = incstat_report_pdf_date(v, buf, cap);
    if (!d && v && *v && !quiet)
        fprintf(stderr, "incstat report: SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
                        "the PDF gets no date\n", v);
    return d;
}

static int parse_args(int argc, char **argv, cli_load *o, cli_select *sel, report_args *ra)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(o, sel, "report", help, -1)
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name) CLI_VALUE("report", name)
        char *end;
        if (strcmp(a, "-o") == 0 || OPT("--output")) {
            VALUE(a[1] == 'o' ? "-o" : "--output");
            ra->out = v;
        } else if (OPT("--format")) {
            VALUE("--format");
            int k = cli_choice("report", "--format", v, CLI_NAMES("pdf", "html"));
            if (k < 0)
                return EXIT_USAGE;
            ra->html = k;
        } else if (OPT("--title")) {
            VALUE("--title");
            ra->title = v;
        } else if (OPT("--paper")) {
            VALUE("--paper");
            int k = cli_choice("report", "--paper", v, CLI_NAMES("a4", "letter"));
            if (k < 0)
                return EXIT_USAGE;
            ra->letter = k;
        } else if (OPT("--trend")) {
            VALUE("--trend");
            int k = cli_choice("report", "--trend", v, CLI_NAMES("negbin", "poisson"));
            if (k < 0)
                return EXIT_USAGE;
            ra->poisson = k;
        } else if (OPT("--top")) {
            VALUE("--top");
            long k = strtol(v, &end, 10);
            if (*end || end == v || k < 1 || k > 12)
                return cli_usage_error("report", "--top takes 1 to 12 categories, not '%s'", v);
            ra->top = (size_t)k;
        } else if (OPT("--claim")) {
            VALUE("--claim");
            if (ra->n_claims == CLI_MAX_LIST)
                return cli_usage_error("report", "at most %d claims", CLI_MAX_LIST);
            if (cli_parse_claim("report", v, &ra->claims[ra->n_claims]) != 0)
                return EXIT_USAGE;
            ra->n_claims++;
        } else if (strcmp(a, "--no-incidents") == 0) {
            ra->no_incidents = 1;
        } else if (cli_file_arg(o, "report", a, KNOWN) != EXIT_OK) {
            return EXIT_USAGE;
        }
#undef OPT
#undef VALUE
    }
    if (!o->file)
        return cli_usage_error("report", "no FILE given");
    if (!ra->out)
        return cli_usage_error("report", "no output given: -o OUT.pdf (or .html, or - with "
                                         "--format)");
    if (strcmp(ra->out, "-") == 0 && ra->html < 0)
        return cli_usage_error("report", "-o - needs --format pdf or html");
    if (ra->html < 0) {
        const char *dot = strrchr(ra->out, '.'), *slash = strrchr(ra->out, '/');
        if (dot && slash && dot < slash)
            dot = NULL;
        if (dot && strcasecmp(dot, ".pdf") == 0)
            ra->html = 0;
        else if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
            ra->html = 1;
        else
            return cli_usage_error("report", "cannot tell the format of '%s': name it .pdf or "
                                             ".html, or give --format", ra->out);
    }
    /* --by chooses the stacked chart's category: the report's other
     * summaries are by year and by month */
    if (sel->so.n_by > 1 || (sel->so.n_by == 1 && sel->so.by[0].kind != INCSTAT_BY_TEXT))
        return cli_usage_error("report", "--by takes one category column here (admin1, "
                                         "perpetrator, type, or a column kept with --keep)");
    if (sel->so.n_by == 1)
        ra->category = sel->so.by[0].column;
    sel->so.n_by = 0;
    return EXIT_OK;
}

/* Standard output as the report's sink; a failure is the command's to say. */
static int to_stdout(void *ctx, const void *data, size_t len)
{
    int *failed = ctx;
    *failed = fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0;
    return *failed;
}

/* Whether the report counts the rows of the file's aggregate entity
 * ("World") alone: the library adds country=World when no --where names a
 * country; the same call on a probe filter says whether it will. */
static int aggregate_only(const cli_select *sel, const incstat_load_report *rep)
{
    incstat_filter *f = NULL;
    incstat_error err;
    int added = 0;
    if (!rep || !rep->aggregate_entity || incstat_filter_new(&f, &err) != INCSTAT_OK)
        return 0;
    for (size_t k = 0; k < sel->nwhere; k++) /* a bad one is the report's to refuse */
        (void)incstat_filter_add_where(f, sel->where[k], &err);
    (void)incstat_filter_default_aggregate(f, rep->aggregate_entity, &added, &err);
    incstat_filter_free(f);
    return added;
}

int cmd_report(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    report_args ra;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ra, 0, sizeof ra);
    ra.html = -1; /* ra.category NULL: the library's admin1, or country over several */
    int rc = parse_args(argc, argv, &o, &sel, &ra);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc; /* -1: help was asked for */

    if (ra.no_incidents)
        o.load.rows = 1; /* the loader then marks the rows as periods */
    /* every field: the category and the where fields are read with the rest */
    o.load.fields = NULL;
    o.load.n_fields = 0;
    o.load.threads = cli_threads(&o);
    cli_progress_setup(&o);
    incstat_error err;
    incstat_table *table = NULL;
    incstat_status st = incstat_load_path(o.file, &o.load, &table, &err);
    cli_progress_done();
    if (st != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    incstat_load_report shown = *incstat_table_report(table); /* to print, not to keep */
    shown.aggregate_only = aggregate_only(&sel, &shown);
    cli_print_report(stderr, &shown, o.quiet);

    char date[32];
    incstat_report_options ro;
    memset(&ro, 0, sizeof ro);
    ro.format = ra.html ? INCSTAT_REPORT_HTML : INCSTAT_REPORT_PDF;
    ro.paper = ra.letter ? INCSTAT_REPORT_LETTER : INCSTAT_REPORT_A4;
    ro.trend = ra.poisson ? INCSTAT_REPORT_POISSON : INCSTAT_REPORT_NEGBIN;
    ro.title = ra.title;
    ro.category = ra.category;
    ro.top = ra.top;
    ro.summary = sel.so;
    ro.where = sel.where;
    ro.n_where = sel.nwhere;
    ro.from = sel.from;
    ro.to = sel.to;
    ro.input = o.file;
    ro.load = &o.load;
    ro.pdf_date = pdf_date(date, sizeof date, o.quiet);
    ro.incidents_unknown = ra.no_incidents;
    ro.claims = ra.claims;
    ro.n_claims = ra.n_claims;

    incstat_report_info info;
    int stdout_failed = 0;
    if (strcmp(ra.out, "-") == 0)
        st = incstat_report_write_to(table, &ro, to_stdout, &stdout_failed, &info, &err);
    else
        st = incstat_report_write(table, &ro, ra.out, &info, &err);
    if (info.unplaced && !o.quiet)
        fprintf(stderr, "  %llu incidents have no date precise enough for this table and are "
                        "not in it\n", (unsigned long long)info.unplaced);
    rc = EXIT_OK;
    if (st != INCSTAT_OK) {
        if (stdout_failed)
            fprintf(stderr, "incstat: error writing the report to standard output\n");
        else
            cli_error(&err);
        /* a where, from, to or --by the data cannot answer is a usage error */
        rc = st == INCSTAT_EINVAL || st == INCSTAT_ENOCOLUMN ? EXIT_USAGE : EXIT_DATA;
    }
    incstat_table_free(table);
    return rc;
}
