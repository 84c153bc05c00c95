/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/schema.c: incstat schema: the mapping incstat would use for a file,
 * as a --schema file with each line's evidence. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const cli_command CLI_CMD_SCHEMA = {
    "schema", "[OPTIONS] FILE",
    "the mapping incstat recognises in a file, as a --schema file",
    "Prints the mapping incstat would use for FILE as a schema file (the --schema format), "
    "each line commented with its evidence: check it once, edit it, and pass it with --schema "
    "from then on.",
    NULL, 0, 1, 0, NULL, NULL};

int cmd_schema(int argc, char **argv)
{
    cli_load o;
    memset(&o, 0, sizeof o);
    int rc = cli_parse(&CLI_CMD_SCHEMA, argc, argv, &o, NULL, NULL, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (!o.file)
        return cli_usage_error("schema", "no FILE given");
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(o.file, &o.load, &ld, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    /* the whole file: the day/month order is known only at its end */
    if (incstat_loader_drain(ld, cli_threads(&o), 0, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    if (incstat_loader_schema_write(ld, stdout, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    cli_print_report(stderr, incstat_loader_report(ld), o.quiet);
    incstat_loader_free(ld);
    return EXIT_OK;
}
