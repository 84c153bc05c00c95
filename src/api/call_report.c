/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_report.c: incstat report FILE -o report.pdf|report.html: parse the
 * options, load the file, and hand the table to the library's report
 * (include/incstat/report.h, src/report/), which decides what the document
 * says and lays it out; here only the messages and the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/call_internal.h"

enum {
    OPT_OUTPUT = CLI_ID_OWN, OPT_FORMAT, OPT_TITLE, OPT_PAPER, OPT_TREND, OPT_TOP, OPT_CLAIM,
    OPT_NO_INCIDENTS
};

static const cli_option OPTIONS[] = {
    {OPT_OUTPUT, "--output", "-o", "OUT",
     "the file to write, replaced if it exists (written whole, then renamed, so a failure "
     "leaves it as it was), or - for standard output (with --format; PDF not to a terminal)",
     NULL, NULL, NULL, CLI_FILE},
    {OPT_FORMAT, "--format", NULL, NULL, "the document's format", "from OUT's extension",
     "pdf html", NULL, CLI_CHOICE},
    {OPT_TITLE, "--title", NULL, "T", "the report's title", "from the data", NULL, NULL, 0},
    {OPT_PAPER, "--paper", NULL, NULL, "the PDF's page size", "a4", "a4 letter", NULL, CLI_CHOICE},
    {OPT_TREND, "--trend", NULL, NULL,
     "the trend drawn and put first in the text; auto: the negative-binomial spline smooth "
     "when it fits better by AIC, else the log-linear negative binomial", "auto",
     "auto negbin poisson", NULL, CLI_CHOICE},
    {CLI_ID_BY, "--by", NULL, "COLUMN",
     "the stacked chart's category: a text field (perpetrator, type, ...), a column kept with "
     "--keep, or the column a field is read from", "admin1",
     "country admin1 admin2 city location perpetrator target type", NULL, 0},
    {OPT_TOP, "--top", NULL, "N", "the categories in the stacked chart, 1 to 12", "6", NULL, NULL,
     0},
    {OPT_CLAIM, "--claim", NULL, "'YEAR CLAIM [N]'",
     "a Claims section: '2023 highest-since 2015', '2024 record', '2023 more-than 1600' "
     "(repeatable; the claims of incstat claim, without the dashes)", NULL, NULL, NULL,
     CLI_REPEAT},
    {OPT_NO_INCIDENTS, "--no-incidents", NULL, NULL,
     "the rows are not incidents (a country-year table): no incident counts, no category or "
     "month sections", NULL, NULL, NULL, 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "report", "[OPTIONS] FILE -o OUT",
    "one PDF or HTML report: headline, yearly table, charts, trend, data notes",
    "One document with the headline for the latest year, the yearly table, charts (yearly "
    "bars with the peak, killed over time with a trend and change points, a stacked chart by "
    "province or another category, a year x month heatmap), the trend statistics with their "
    "intervals, and what the loader saw in the file.  OUT's extension (.pdf, .html, .htm) "
    "picks the format.",
    OPTIONS, CLI_SEL_ALL, 1, 0, NULL,
    "With SOURCE_DATE_EPOCH set, the PDF carries that date; otherwise none, so the same input "
    "and options give the same bytes."};

typedef struct {
    const char *out, *title, *category;
    int html;      /* -1: from the extension */
    int letter, paper_given, category_given;
    incstat_report_trend trend;
    size_t top;
    incstat_claim_options claims[CALL_MAX_LIST];
    size_t n_claims;
    int no_incidents;
} report_args;


/* SOURCE_DATE_EPOCH as the PDF's date (into buf); NULL when unset or not a
 * number of seconds (said on c->log unless quiet). */
static const char *pdf_date(incstat_call *c, char *buf, size_t cap, int quiet)
{
    const char *v = getenv("SOURCE_DATE_EPOCH");
    const char *d = incstat_report_pdf_date(v, buf, cap);
    if (!d && v && *v && !quiet)
        fprintf(c->log, "incstat report: SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
                        "the PDF gets no date\n", v);
    return d;
}

static void init(incstat_call *c)
{
    report_args *ra = c->args;
    ra->html = -1; /* ra->category NULL: the library's admin1, or country over several */
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    report_args *ra = c->args;
    char *end;
    (void)v2;
    if (!opt)
        return CALL_NOT_MINE;
    switch (opt->id) {
    case OPT_OUTPUT:
        ra->out = v;
        break;
    case OPT_FORMAT:
        ra->html = cli_pick_word(opt, v, NULL, 0);
        break;
    case OPT_TITLE:
        ra->title = v;
        break;
    case OPT_PAPER:
        ra->letter = cli_pick_word(opt, v, NULL, 0);
        ra->paper_given = 1;
        break;
    case OPT_TREND: {
        static const incstat_report_trend T[] = {INCSTAT_REPORT_AUTO, INCSTAT_REPORT_NEGBIN,
                                                 INCSTAT_REPORT_POISSON};
        ra->trend = T[cli_pick_word(opt, v, NULL, 0)];
        break;
    }
    case CLI_ID_BY:
        if (ra->category_given)
            return call_usage(c, "one --by: the stacked chart's category");
        if (strcmp(v, "year") == 0 || strcmp(v, "month") == 0 || strcmp(v, "quarter") == 0)
            return call_usage(c, "--by takes one category column here (admin1, "
                                             "perpetrator, type, or a column kept with --keep), "
                                             "not '%s': the report has its own years and months", v);
        ra->category = v;
        ra->category_given = 1;
        break;
    case OPT_TOP: {
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < 1 || k > 12)
            return call_usage(c, "--top takes 1 to 12 categories, not '%s'", v);
        ra->top = (size_t)k;
        break;
    }
    case OPT_CLAIM:
        if (ra->n_claims == CALL_MAX_LIST)
            return call_usage(c, "at most %d claims", CALL_MAX_LIST);
        if (call_parse_claim(c, v, &ra->claims[ra->n_claims]) != CALL_EXIT_OK)
            return CALL_EXIT_USAGE;
        ra->n_claims++;
        break;
    case OPT_NO_INCIDENTS:
        ra->no_incidents = 1;
        break;
    }
    return CALL_EXIT_OK;
}

static int check_args(incstat_call *c, const call_load *o, report_args *ra)
{
    if (!o->file)
        return call_usage(c, "no FILE given");
    if (!ra->out)
        return call_usage(c, "no output given: -o OUT.pdf (or .html, or - with "
                                         "--format)");
    if (!c->cli && strcmp(ra->out, "-") == 0)
        return call_usage(c, "the call writes a file: give output a file name, not '-'");
    if (strcmp(ra->out, "-") == 0 && ra->html < 0)
        return call_usage(c, "-o - needs --format pdf or html");
    if (ra->html < 0) {
        const char *dot = strrchr(ra->out, '.'), *slash = strrchr(ra->out, '/');
        if (dot && slash && dot < slash)
            dot = NULL;
        if (dot && strcasecmp(dot, ".pdf") == 0)
            ra->html = 0;
        else if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
            ra->html = 1;
        else
            return call_usage(c, "cannot tell the format of '%s': name it .pdf or "
                                             ".html, or give --format", ra->out);
    }
    if (ra->paper_given && ra->html)
        return call_usage(c, "--paper does nothing in HTML: it is the PDF's page size");
    if (ra->no_incidents && (ra->category_given || ra->top))
        return call_usage(c, "%s does nothing with --no-incidents, which leaves out "
                                         "the category section", ra->top ? "--top" : "--by");
    return call_output_check(c, ra->out, !ra->html, "PDF");
}

/* Standard output as the report's sink; a failure is the command's to say. */
typedef struct {
    FILE *out;
    int failed;
} out_sink;

static int to_stdout(void *ctx, const void *data, size_t len)
{
    out_sink *sink = ctx;
    sink->failed = fwrite(data, 1, len, sink->out) != len || fflush(sink->out) != 0;
    return sink->failed;
}

/* Whether the report counts the rows of the file's aggregate entity
 * ("World") alone: the library adds country=World when no --where names a
 * country; the same call on a probe filter says whether it will. */
static int aggregate_only(const call_select *sel, const incstat_load_report *rep)
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

static int run(incstat_call *c)
{
    report_args *rap = c->args, ra = *rap;
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    int rc = check_args(c, o, &ra);
    if (rc != CALL_EXIT_OK)
        return rc;

    if (ra.no_incidents)
        o->load.rows = 1; /* the loader then marks the rows as periods */
    /* every field: the category and the where fields are read with the rest */
    o->load.fields = NULL;
    o->load.n_fields = 0;
    o->load.threads = call_threads(c);
    call_progress_setup(c);
    incstat_error err;
    incstat_table *table = NULL;
    incstat_status st = incstat_load_path(o->file, &o->load, &table, &err);
    call_progress_done(c);
    if (st != INCSTAT_OK)
        return call_fail(c, &err, CALL_EXIT_DATA);
    incstat_load_report shown = *incstat_table_report(table); /* to print, not to keep */
    shown.aggregate_only = aggregate_only(sel, &shown);
    call_report(c, &shown);

    char date[32];
    incstat_report_options ro;
    memset(&ro, 0, sizeof ro);
    ro.format = ra.html ? INCSTAT_REPORT_HTML : INCSTAT_REPORT_PDF;
    ro.paper = ra.letter ? INCSTAT_REPORT_LETTER : INCSTAT_REPORT_A4;
    ro.trend = ra.trend;
    ro.title = ra.title;
    ro.category = ra.category;
    ro.top = ra.top;
    ro.summary = sel->so;
    ro.where = sel->where;
    ro.n_where = sel->nwhere;
    ro.from = sel->from;
    ro.to = sel->to;
    ro.input = o->file;
    ro.load = &o->load;
    ro.pdf_date = pdf_date(c, date, sizeof date, o->quiet);
    ro.incidents_unknown = ra.no_incidents;
    ro.claims = ra.claims;
    ro.n_claims = ra.n_claims;

    incstat_report_info info;
    out_sink sink = {c->out, 0};
    if (strcmp(ra.out, "-") == 0)
        st = incstat_report_write_to(table, &ro, to_stdout, &sink, &info, &err);
    else
        st = incstat_report_write(table, &ro, ra.out, &info, &err);
    if (info.unplaced && !o->quiet)
        fprintf(c->log, "  %llu %s %s no date precise enough for this table and %s not in it\n",
                (unsigned long long)info.unplaced,
                incstat_load_report_rows_noun(incstat_table_report(table), info.unplaced),
                info.unplaced == 1 ? "has" : "have", info.unplaced == 1 ? "is" : "are");
    rc = CALL_EXIT_OK;
    if (st != INCSTAT_OK) {
        /* a where, from, to or --by the data cannot answer is a usage error */
        rc = st == INCSTAT_EINVAL || st == INCSTAT_ENOCOLUMN ? CALL_EXIT_USAGE : CALL_EXIT_DATA;
        if (sink.failed)
            call_data(c, "error writing the report to standard output");
        else
            call_fail(c, &err, rc);
        if (st == INCSTAT_EEMPTY && strstr(err.message, "passed --where"))
            call_suggest_where(c);
    } else if (strcmp(ra.out, "-") != 0) {
        call_wrote(c, ra.out);
    }
    incstat_table_free(table);
    return rc;
}

const call_cmd CALL_REPORT = {&CLI_CMD, CALL_WRITES, sizeof(report_args), init, take, run, NULL};
