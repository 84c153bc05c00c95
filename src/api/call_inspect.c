/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_inspect.c: incstat inspect: what the loader sees in a file. */
#include <stdio.h>
#include <string.h>

#include "api/call_internal.h"

enum { OPT_FORMAT = CLI_ID_OWN };

static const cli_option OPTIONS[] = {
    {OPT_FORMAT, "--format", NULL, NULL,
     "the output format: the preset, encoding, delimiter, line endings, the mapping of each "
     "field with its evidence, every column's type with its missing and unparsed cells, each "
     "number column's decimal mark, and the load report",
     "table", "table json", NULL, CLI_CHOICE},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "inspect", "[OPTIONS] FILE",
    "describe a file: preset, encoding, columns and their types, load report",
    "Prints the detected preset, encoding, delimiter and line endings, whether rows are "
    "incidents or periods, every field mapped with its evidence, every column with its "
    "inferred type, missing and unparsed cells, each number column's decimal mark, the year "
    "range and the load report.",
    OPTIONS, 0, 1, CLI_FULL_LOAD, NULL, NULL};

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    (void)v2;
    if (!opt)
        return CALL_NOT_MINE;
    *(int *)c->args = cli_pick_word(opt, v, NULL, 0) == 1; /* --format json */
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    int json = *(int *)c->args;
    if (!c->o.file)
        return call_usage(c, "no FILE given");
    c->o.load.infer_types = 1;
    incstat_loader *ld;
    incstat_error err;
    call_progress_setup(c);
    if (incstat_loader_open(c->o.file, &c->o.load, &ld, &err) != INCSTAT_OK) {
        call_progress_done(c);
        return call_fail(c, &err, CALL_EXIT_DATA);
    }
    incstat_status dst = incstat_loader_drain(ld, call_threads(c), 0, &err);
    call_progress_done(c);
    if (dst != INCSTAT_OK) {
        incstat_loader_free(ld);
        return call_fail(c, &err, CALL_EXIT_DATA);
    }
    const incstat_load_report *r = incstat_loader_report(ld);
    call_keep_report(c, r);
    incstat_status st = incstat_load_report_write(
        r, json ? INCSTAT_LOAD_REPORT_JSON : INCSTAT_LOAD_REPORT_FULL, c->out, &err);
    incstat_loader_free(ld);
    return st == INCSTAT_OK ? CALL_EXIT_OK : call_fail(c, &err, CALL_EXIT_DATA);
}

const call_cmd CALL_INSPECT = {&CLI_CMD, CALL_FORMAT_CLI, sizeof(int), NULL, take, run, "json"};
