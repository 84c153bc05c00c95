/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/common.c: the command line's messages. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "incstat %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'incstat %s --help'.\n", cmd);
    return EXIT_USAGE;
}
