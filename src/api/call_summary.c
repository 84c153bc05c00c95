/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_summary.c: incstat summary: the yearly (or monthly, or per
 * category) table.  Streams the file: rows are not kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"

enum { OPT_FORMAT = CLI_ID_OWN, OPT_HEADLINE, OPT_SAME_SPAN, OPT_YEAR, OPT_TOTAL };

static const cli_option OPTIONS[] = {
    {OPT_FORMAT, "--format", NULL, NULL, "the table's format",
     "table on a terminal, csv otherwise", "table csv tsv json md", NULL, CLI_CHOICE},
    {OPT_HEADLINE, "--headline", NULL, NULL,
     "plain sentences about the latest year (or --year Y) instead of the table; a partial "
     "year is set against the same span of the year before",
     NULL, NULL,
     "For a partial year: \"1 January to 20 April 2025: 43 people were killed in 113 "
     "incidents. In the same span of 2024, 120 were killed in 40 incidents. That is 77 fewer "
     "(64.2%).\"", 0},
    {OPT_SAME_SPAN, "--same-span", NULL, NULL,
     "the latest year (or --year Y) against the year before, both from 1 January to the day "
     "the data reach in a partial last year (whole years otherwise); with --format json, the "
     "figures of both years, the changes and the sentence",
     NULL, NULL,
     "Incidents dated only to the month the span ends in, or only to the year, are left out "
     "and counted.", 0},
    {OPT_YEAR, "--year", NULL, "Y", "the year for --headline and --same-span", "the latest",
     NULL, NULL, 0},
    {OPT_TOTAL, "--total", NULL, NULL, "one line of totals over the periods instead of the table",
     NULL, NULL, NULL, 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "summary", "[OPTIONS] FILE",
    "incidents, killed and injured per year (month, quarter, category)",
    "Incidents, killed and injured per period (or category), with the change from the "
    "previous period, the rank, and the period each is the highest since.",
    OPTIONS, CLI_SEL_ALL, 1, CLI_FULL_SELECT, NULL, NULL};

typedef struct {
    int headline, same_span, total, fmt, y;
    const char *year; /* as given */
} summary_args;

static void init(incstat_call *c)
{
    summary_args *sa = c->args;
    sa->fmt = -1;
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    summary_args *sa = c->args;
    (void)v2;
    if (!opt)
        return CALL_NOT_MINE;
    switch (opt->id) {
    case OPT_FORMAT: {
        static const int F[] = {INCSTAT_FORMAT_TABLE, INCSTAT_FORMAT_CSV, INCSTAT_FORMAT_TSV,
                                INCSTAT_FORMAT_JSON, INCSTAT_FORMAT_MD};
        sa->fmt = F[cli_pick_word(opt, v, NULL, 0)];
        break;
    }
    case OPT_HEADLINE:
        sa->headline = 1;
        break;
    case OPT_SAME_SPAN:
        sa->same_span = 1;
        break;
    case OPT_TOTAL:
        sa->total = 1;
        break;
    case OPT_YEAR:
        if (call_parse_year(v, &sa->y) != 0)
            return call_usage(c, "--year takes a year, not '%s'", v);
        sa->year = v;
        break;
    }
    return CALL_EXIT_OK;
}

/* The options that do nothing together: a usage error, or CALL_EXIT_OK. */
static int check_context(incstat_call *c, const summary_args *sa)
{
    if (sa->headline + sa->same_span + sa->total > 1)
        return call_usage(c, "--headline, --same-span and --total each replace the "
                                          "table: give one of them");
    if (sa->year && !sa->headline && !sa->same_span)
        return call_usage(c, "--year %s does nothing without --headline or "
                                          "--same-span (--from %s --to %s keeps that year of "
                                          "the table)", sa->year, sa->year, sa->year);
    if (sa->fmt >= 0 && (sa->headline || sa->total))
        return call_usage(c, "--format does nothing with %s, which writes %s",
                               sa->headline ? "--headline" : "--total",
                               sa->headline ? "sentences" : "one line");
    if (sa->fmt >= 0 && sa->same_span && sa->fmt != INCSTAT_FORMAT_JSON)
        return call_usage(c, "--same-span writes a sentence, or with --format json "
                                          "its figures: no other --format");
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    incstat_error err;
    int rc;
    const summary_args *sap = c->args, sa = *sap;
    if (!c->o.file)
        return call_usage(c, "no FILE given");
    if ((rc = check_context(c, &sa)) != CALL_EXIT_OK)
        return rc;
    int year = sa.y, fmt = sa.fmt, headline = sa.headline, same_span = sa.same_span, total = sa.total;
    if (fmt < 0)
        fmt = c->out_tty ? INCSTAT_FORMAT_TABLE : INCSTAT_FORMAT_CSV;

    incstat_summary *s = NULL;
    rc = call_summarise(c, &s, NULL);
    if (rc != CALL_EXIT_OK)
        return rc;
    rc = CALL_EXIT_DATA;
    if (total) {
        if (incstat_summary_write_total(s, c->out, &err) != INCSTAT_OK)
            goto fail;
    } else if (same_span) {
        incstat_same_span ss;
        if (incstat_summary_same_span(s, year, &ss, &err) != INCSTAT_OK)
            goto fail;
        if (fmt == INCSTAT_FORMAT_JSON) {
            if (incstat_same_span_write_json(&ss, c->out, &err) != INCSTAT_OK)
                goto fail;
        } else {
            char buf[2048];
            if (incstat_same_span_text(&ss, "incidents", buf, sizeof buf, &err) != INCSTAT_OK)
                goto fail;
            fprintf(c->out, "%s\n", buf);
        }
    } else if (headline) {
        char buf[2048];
        if (incstat_summary_headline(s, year, "incidents", buf, sizeof buf, &err) != INCSTAT_OK)
            goto fail;
        fprintf(c->out, "%s\n", buf);
    } else if (incstat_summary_write(s, (incstat_format)fmt, c->out, &err) != INCSTAT_OK) {
        goto fail;
    }
    if (fflush(c->out) != 0) {
        rc = call_data(c, "error writing the output");
        goto done;
    }
    rc = CALL_EXIT_OK;
    goto done;
fail:
    call_fail(c, &err, rc);
done:
    incstat_summary_free(s);
    return rc;
}

const call_cmd CALL_SUMMARY = {&CLI_CMD, CALL_FORMAT_CLI, sizeof(summary_args), init, take, run,
                               "json"};
