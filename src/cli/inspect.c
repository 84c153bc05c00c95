/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/inspect.c: incstat inspect: what the loader sees in a file. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

enum { OPT_FORMAT = CLI_ID_OWN };

static const cli_option OPTIONS[] = {
    {OPT_FORMAT, "--format", NULL, NULL,
     "the output format: the preset, encoding, delimiter, line endings, the mapping of each "
     "field with its evidence, every column's type with its missing and unparsed cells, each "
     "number column's decimal mark, and the load report",
     "table", "table json", NULL, CLI_CHOICE},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

const cli_command CLI_CMD_INSPECT = {
    "inspect", "[OPTIONS] FILE",
    "describe a file: preset, encoding, columns and their types, load report",
    "Prints the detected preset, encoding, delimiter and line endings, whether rows are "
    "incidents or periods, every field mapped with its evidence, every column with its "
    "inferred type, missing and unparsed cells, each number column's decimal mark, the year "
    "range and the load report.",
    OPTIONS, 0, 1, CLI_FULL_LOAD, NULL, NULL};

static int take(void *ctx, const cli_option *opt, const char *v, const char *v2)
{
    (void)v2;
    if (!opt)
        return CLI_NOT_MINE;
    *(int *)ctx = cli_pick(NULL, opt, v) == 1; /* --format json */
    return EXIT_OK;
}

int cmd_inspect(int argc, char **argv)
{
    cli_load o;
    int json = 0;
    memset(&o, 0, sizeof o);
    int rc = cli_parse(&CLI_CMD_INSPECT, argc, argv, &o, NULL, take, &json);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
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
    incstat_status st = incstat_load_report_write(
        r, json ? INCSTAT_LOAD_REPORT_JSON : INCSTAT_LOAD_REPORT_FULL, stdout, &err);
    if (st != INCSTAT_OK)
        cli_error(&err);
    incstat_loader_free(ld);
    return st == INCSTAT_OK ? EXIT_OK : EXIT_DATA;
}
