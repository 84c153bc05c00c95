/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_commands.c: the commands, and a call of one by its name
 * (incstat_call_new): the top of the call layer, above each command's
 * file. */
#include <string.h>

#include "api/call_internal.h"
#include "core/internal.h"

static const call_cmd *const COMMANDS[] = {
    &CALL_INSPECT, &CALL_SUMMARY, &CALL_TREND,  &CALL_CHART, &CALL_CLAIM,
    &CALL_ALERTS,  &CALL_REPORT,  &CALL_SCHEMA, &CALL_EXPORT, &CALL_DIFF,
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

const call_cmd *const *call_commands(size_t *n)
{
    *n = NCOMMANDS;
    return COMMANDS;
}

const call_cmd *call_find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, COMMANDS[i]->cli->name) == 0)
            return COMMANDS[i];
    return NULL;
}

incstat_status incstat_call_new(const char *command, incstat_call **out, incstat_error *err)
{
    *out = NULL;
    const call_cmd *cmd = command ? call_find_command(command) : NULL;
    if (!cmd) {
        const char *names[NCOMMANDS];
        for (size_t i = 0; i < NCOMMANDS; i++)
            names[i] = COMMANDS[i]->cli->name;
        const char *near = command ? incstat_nearest(command, names, NCOMMANDS) : NULL;
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "unknown command '%s'%s%s%s",
                                 command ? command : "(null)", near ? "; did you mean '" : "",
                                 near ? near : "", near ? "'?" : "");
    }
    if (!(*out = call_new(cmd, 0)))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    return INCSTAT_OK;
}

