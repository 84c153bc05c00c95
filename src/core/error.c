/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/error.c: status texts and the error-detail helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/internal.h"

const char *incstat_strerror(incstat_status code)
{
    switch (code) {
    case INCSTAT_OK: return "success";
    case INCSTAT_ENOMEM: return "out of memory";
    case INCSTAT_EIO: return "input/output error";
    case INCSTAT_EPARSE: return "malformed CSV";
    case INCSTAT_EINVAL: return "invalid argument";
    case INCSTAT_ENOCOLUMN: return "no such column";
    case INCSTAT_EEMPTY: return "no data";
    case INCSTAT_ESCHEMA: return "invalid schema";
    case INCSTAT_EDOMAIN: return "statistic undefined for this input";
    case INCSTAT_ENOCONV: return "fit did not converge";
    case INCSTAT_ELIMIT: return "input exceeds a limit";
    case INCSTAT_ROW: return "row available";
    case INCSTAT_DONE: return "no more rows";
    }
    return "unknown status";
}

incstat_status incstat_set_error(incstat_error *err, incstat_status code, uint64_t line,
                                 uint64_t column, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->line = line;
        err->column = column;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void incstat_clear_error(incstat_error *err)
{
    if (err) {
        err->code = INCSTAT_OK;
        err->line = 0;
        err->column = 0;
        err->message[0] = '\0';
    }
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int incstat_ascii_casecmp(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return lower((unsigned char)*a) - lower((unsigned char)*b);
}

int incstat_ascii_ncaseeq(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}
