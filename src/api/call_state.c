/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_state.c: what a running call records: its failure (as the
 * command line would say it), the values it copied, the files it wrote.
 * The lowest file of the call layer: every other calls it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/call_internal.h"
#include "core/internal.h"

/* ---- errors --------------------------------------------------------- */

static void vset(incstat_call *c, incstat_status code, const char *fmt, va_list ap)
{
    c->err.code = code;
    c->err.line = c->err.column = 0;
    vsnprintf(c->err.message, sizeof c->err.message, fmt, ap);
}

int call_usage(incstat_call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(c, INCSTAT_EINVAL, fmt, ap);
    va_end(ap);
    c->usage_form = 1;
    return CALL_EXIT_USAGE;
}

int call_data(incstat_call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(c, INCSTAT_EDOMAIN, fmt, ap);
    va_end(ap);
    c->usage_form = 0;
    return CALL_EXIT_DATA;
}

int call_fail(incstat_call *c, const incstat_error *err, int rc)
{
    c->err = *err;
    if (!c->err.code)
        c->err.code = INCSTAT_EDOMAIN;
    if (!c->err.message[0])
        snprintf(c->err.message, sizeof c->err.message, "%s", incstat_strerror(err->code));
    c->usage_form = 0;
    return rc;
}

const char *call_keep(incstat_call *c, const char *s)
{
    if (!s || c->cli) /* the command line's argv outlives the call */
        return s;
    char **room = incstat_array_room(c->strings, &c->cap_strings, c->n_strings, sizeof *room, 8);
    if (!room)
        return NULL;
    c->strings = room;
    char *copy = incstat_strndup(s, strlen(s));
    if (copy)
        c->strings[c->n_strings++] = copy;
    return copy;
}

void call_wrote(incstat_call *c, const char *path)
{
    if (c->n_written < sizeof c->written / sizeof c->written[0])
        c->written[c->n_written++] = path;
}

