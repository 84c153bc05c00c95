/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_schema.c: incstat schema: the mapping incstat would use for a file,
 * as a --schema file with each line's evidence. */
#include <stdio.h>
#include <string.h>

#include "api/call_internal.h"

static const cli_command CLI_CMD = {
    "schema", "[OPTIONS] FILE",
    "the mapping incstat recognises in a file, as a --schema file",
    "Prints the mapping incstat would use for FILE as a schema file (the --schema format), "
    "each line commented with its evidence: check it once, edit it, and pass it with --schema "
    "from then on.",
    NULL, 0, 1, 0, NULL, NULL};

static int run(incstat_call *c)
{
    if (!c->o.file)
        return call_usage(c, "no FILE given");
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(c->o.file, &c->o.load, &ld, &err) != INCSTAT_OK)
        return call_fail(c, &err, CALL_EXIT_DATA);
    /* the whole file: the day/month order is known only at its end */
    if (incstat_loader_drain(ld, call_threads(c), 0, &err) != INCSTAT_OK ||
        incstat_loader_schema_write(ld, c->out, &err) != INCSTAT_OK) {
        incstat_loader_free(ld);
        return call_fail(c, &err, CALL_EXIT_DATA);
    }
    call_report(c, incstat_loader_report(ld));
    incstat_loader_free(ld);
    return CALL_EXIT_OK;
}

const call_cmd CALL_SCHEMA = {&CLI_CMD, 0, 0, NULL, NULL, run, NULL};
