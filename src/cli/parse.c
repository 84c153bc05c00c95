/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/parse.c: the parser every command runs, reading the command's
 * option table (options.h): the shared load and selection options go to
 * common.c and select.c, the command's own to the command. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* "unknown option '--form'; did you mean '--format'?" among every option c
 * takes. */
static int unknown_option(const cli_command *c, const char *arg, size_t len)
{
    const char *names[128];
    size_t n = 0;
    for (const cli_option *o = c->own; o && o->name && n < 126; o++)
        if (!(o->flags & CLI_REFUSED))
            names[n++] = o->name;
    for (const cli_option *o = CLI_SELECT_TABLE; o->name && n < 126; o++)
        if (cli_find(c, o->name, strlen(o->name)) == o)
            names[n++] = o->name;
    for (const cli_option *o = CLI_LOAD_TABLE; c->load && o->name && n < 126; o++)
        names[n++] = o->name;
    names[n++] = "--help";
    char opt[64];
    snprintf(opt, sizeof opt, "%.*s", (int)len, arg);
    const char *near = incstat_nearest(opt, names, n);
    if (near)
        return cli_usage_error(c->name, "unknown option '%s'; did you mean '%s'?", opt, near);
    return cli_usage_error(c->name, "unknown option '%s'", opt);
}

static int take_operand(const cli_command *c, cli_load *o, const char *a)
{
    if (!o)
        return cli_usage_error(c->name, "no operand expected, not '%s'", a);
    if (o->file)
        return cli_usage_error(c->name, "one FILE only ('%s' and '%s')", o->file, a);
    o->file = a;
    return EXIT_OK;
}

static int in_table(const cli_option *opt, const cli_option *table)
{
    for (; table->name; table++)
        if (table == opt)
            return 1;
    return 0;
}

int cli_parse(const cli_command *c, int argc, char **argv, cli_load *o, cli_select *sel,
              cli_take_fn take, void *ctx)
{
    int options_end = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_end || a[0] != '-' || a[1] == '\0') {
            int r = take ? take(ctx, NULL, a, NULL) : CLI_NOT_MINE;
            if (r == CLI_NOT_MINE)
                r = take_operand(c, o, a);
            if (r != EXIT_OK)
                return r;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_end = 1;
            continue;
        }
        size_t len = strcspn(a, "=");
        const cli_option *opt = cli_find(c, a, len);
        if (!opt)
            return unknown_option(c, a, len);
        if (opt->flags & CLI_REFUSED)
            return cli_usage_error(c->name, "%s: %s", opt->name, opt->help);
        if (strcmp(opt->name, "--help") == 0) {
            cli_help(c, stdout);
            return CLI_HELP_SHOWN;
        }
        const char *v = NULL, *v2 = NULL;
        if (!cli_arg_of(opt)) {
            if (a[len] == '=')
                return cli_usage_error(c->name, "option %s takes no value", opt->name);
        } else if (opt->flags & CLI_TWO) {
            if (a[len] == '=' || i + 2 >= argc)
                return cli_usage_error(c->name, "option %s takes two values: %s %s", opt->name,
                                       opt->name, opt->arg);
            v = argv[++i];
            v2 = argv[++i];
        } else if (a[len] == '=') {
            v = a + len + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            return cli_usage_error(c->name, "option %s needs a value", opt->name);
        }
        /* a choice is checked here; the taker compares the word in any case */
        if ((opt->flags & CLI_CHOICE) && cli_pick(c->name, opt, v) < 0)
            return EXIT_USAGE;
        int r;
        if (in_table(opt, CLI_SELECT_TABLE))
            r = cli_select_apply(sel, c->name, opt->id, v);
        else if (in_table(opt, CLI_LOAD_TABLE))
            r = cli_load_apply(o, c->name, opt->id, v);
        else
            r = take ? take(ctx, opt, v, v2) : cli_usage_error(c->name, "%s: not handled", opt->name);
        if (r != EXIT_OK)
            return r;
    }
    return EXIT_OK;
}

