/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_export.c: incstat export FILE: the loaded incidents as a tidy table
 * (csv, tsv, jsonl, json, sqlite), or with --raw the records as parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"
#include "incstat/export.h"

enum { OPT_FORMAT = CLI_ID_OWN, OPT_OUTPUT, OPT_RAW, OPT_FORCE };

static const cli_option OPTIONS[] = {
    {OPT_FORMAT, "--format", NULL, NULL, "the table's format", "csv",
     "csv tsv jsonl json sqlite", NULL, CLI_CHOICE},
    {OPT_OUTPUT, "--output", "-o", "OUT",
     "the file to write, replaced if it exists (written whole, then renamed, so a failure "
     "leaves it as it was), or - for standard output as without -o (sqlite needs a file)", NULL,
     NULL, NULL, CLI_FILE},
    {OPT_RAW, "--raw", NULL, NULL,
     "the records exactly as parsed: header name to cell text (csv, tsv, jsonl or json; no "
     "--where, --from or --to)", NULL, NULL, NULL, 0},
    {OPT_FORCE, "--force", NULL, NULL,
     "not needed: -o replaces an existing file (written whole, then renamed)", NULL, NULL, NULL,
     CLI_REFUSED},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "export", "[OPTIONS] FILE",
    "the incidents as a tidy table (csv, tsv, jsonl, json, sqlite), or --raw records",
    "The loaded incidents as a tidy table, one row per incident: id, date, date_precision, "
    "year, month, day, killed, killed_low, killed_high, injured, injured_low, injured_high, "
    "country, admin1, admin2, city, location, latitude, longitude, perpetrator, target, type, "
    "then the columns kept with --keep.  Dates are ISO text at their precision; unknown is "
    "empty (null in JSON, NULL in SQLite).",
    OPTIONS, CLI_SEL(CLI_ID_WHERE) | CLI_SEL(CLI_ID_FROM) | CLI_SEL(CLI_ID_TO), 1, 0, NULL,
    NULL};

/* The filter for --where/--from/--to, bound to the loader's kept columns.
 * CALL_EXIT_OK, or CALL_EXIT_USAGE after the message. */
static int make_filter(incstat_call *c, incstat_loader *ld, incstat_filter **out)
{
    const call_select *sel = &c->sel;
    incstat_error err;
    incstat_filter *f = NULL;
    *out = NULL;
    if (!sel->nwhere && !sel->from && !sel->to && !incstat_loader_report(ld)->aggregate_entity)
        return CALL_EXIT_OK;
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    /* the file's own column names for its fields ("Province" is admin1) */
    if (incstat_filter_new_from(sel->where, sel->nwhere, sel->from, sel->to, &f, &err) != INCSTAT_OK ||
        incstat_filter_resolve(f, incstat_loader_report(ld), kept, nk, &err) != INCSTAT_OK ||
        incstat_filter_bind(f, kept, nk, &err) != INCSTAT_OK) {
        incstat_filter_free(f);
        return call_fail(c, &err, err.code == INCSTAT_ENOMEM ? CALL_EXIT_DATA : CALL_EXIT_USAGE);
    }
    incstat_filter_set_lists(f, incstat_loader_report(ld)->list_fields); /* as in summary */
    *out = f;
    return CALL_EXIT_OK;
}

/* The export's row predicate: the incidents the filter matches. */
static int keep_match(void *filter, const incstat_incident *inc)
{
    return incstat_filter_match(filter, inc);
}

typedef struct {
    incstat_export_options *xo;
    const char *output;
    incstat_export_options xo_;
} export_parse;

static void init(incstat_call *c)
{
    export_parse *ep = c->args;
    ep->xo = &ep->xo_;
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    export_parse *ep = c->args;
    (void)v2;
    if (!opt)
        return CALL_NOT_MINE;
    switch (opt->id) {
    case OPT_FORMAT:
        ep->xo->format = (incstat_export_format)cli_pick_word(opt, v, NULL, 0);
        break;
    case OPT_OUTPUT:
        ep->output = v;
        break;
    case OPT_RAW:
        ep->xo->raw = 1;
        break;
    }
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    export_parse *epp = c->args, ep = *epp;
    incstat_export_options xo = ep.xo_;
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    int prc;
    const char *output = ep.output;
    if (!o->file)
        return call_usage(c, "no FILE given");
    if (xo.format == INCSTAT_EXPORT_SQLITE && (!output || strcmp(output, "-") == 0))
        return call_usage(c, "--format sqlite writes a database file: give -o FILE");
    if (xo.raw && xo.format == INCSTAT_EXPORT_SQLITE)
        return call_usage(c, "--raw writes csv, tsv, jsonl or json");
    if (xo.raw && (sel->nwhere || sel->from || sel->to))
        return call_usage(c, "--raw gives every record: no --where, --from or --to");
    if (!c->cli && (!output || strcmp(output, "-") == 0))
        return call_usage(c, "the call writes a file: give output a file name");
    if (output && (prc = call_output_check(c, output, 0, NULL)) != CALL_EXIT_OK)
        return prc;
    if (output && strcmp(output, "-") == 0)
        output = NULL; /* standard output */
    xo.force = 1; /* -o replaces a file, as every command's -o does */

    incstat_error err;
    incstat_loader *ld = NULL;
    incstat_filter *filter = NULL;
    int rc = CALL_EXIT_DATA;
    o->load.threads = call_threads(c);
    call_progress_setup(c);
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK) {
        call_progress_done(c);
        return call_fail(c, &err, err.code == INCSTAT_ENOCOLUMN || err.code == INCSTAT_EINVAL
                                       ? CALL_EXIT_USAGE : CALL_EXIT_DATA);
    }
    if ((rc = make_filter(c, ld, &filter)) != CALL_EXIT_OK)
        goto done;
    rc = CALL_EXIT_DATA;
    if (filter) {
        xo.keep = keep_match;
        xo.keep_ctx = filter;
    }
    uint64_t rows;
    incstat_status st = output ? incstat_export_path(ld, &xo, output, &rows, &err)
                               : incstat_export_stream(ld, &xo, c->out, &rows, &err);
    call_progress_done(c);
    if (st != INCSTAT_OK) {
        call_fail(c, &err, rc);
        goto done;
    }
    if (!xo.raw)
        call_report(c, incstat_loader_report(ld));
    else
        call_keep_report(c, incstat_loader_report(ld));
    if (output)
        call_wrote(c, output);
    if (!o->quiet && output)
        fprintf(c->log, "incstat: %s: %llu %s written (%s)\n", output, (unsigned long long)rows,
                xo.raw ? "records" : incstat_load_report_rows_noun(incstat_loader_report(ld), rows),
                incstat_export_format_name(xo.format));
    rc = CALL_EXIT_OK;
done:
    incstat_filter_free(filter);
    incstat_loader_free(ld);
    return rc;
}

const call_cmd CALL_EXPORT = {&CLI_CMD, CALL_WRITES, sizeof(export_parse), init, take, run, NULL};
