/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/main.c: the incstat command: dispatch to subcommands.
 *
 * The cli module, at the top of the layers, owns the command line.  Each
 * subcommand is the library's call layer's (src/api/call_COMMAND.c): a
 * table of its options that the parser here, the bindings' option names,
 * --help, the man page and the completion are made from, and what runs it;
 * here argv is parsed into a call (parse.c), the result goes to standard
 * output and the notes and errors to standard error.  Nothing here
 * computes what the library could. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* the commands, in the order the usage lists them (the call layer's) */
#define NCOMMANDS 10


static const call_cmd *command_at(size_t i)
{
    size_t n;
    const call_cmd *const *all = call_commands(&n);
    return i < n ? all[i] : NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "Usage: incstat [LOAD OPTIONS] COMMAND [OPTIONS] FILE\n\n"
                 "Incident-level conflict statistics from CSV files, Excel workbooks and\n"
                 "Stata, SPSS or SAS files (GTD, ACLED, UCDP GED, Pakistan Body Count, or\n"
                 "any file described with --map or --schema).\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", command_at(i)->cli->name, command_at(i)->cli->summary);
    fprintf(out, "  %-10s %s\n", "help", "help on a command: incstat help summary");
    fprintf(out, "\nOptions: --help, --version.  The load options (--quiet, --threads, --preset,\n"
                 "--map, ...: incstat help inspect) may also go before the command.\n"
                 "FILE may be '-' (standard input), a .gz file, a workbook (.xlsx), or a\n"
                 ".dta, .sav, .zsav, .por or .sas7bdat file: its first bytes say which.\n"
                 "Exit status: 0 success, 1 data or processing error, 2 usage error\n"
                 "(claim: 0 holds, 3 does not hold, 4 cannot be checked).\n");
}

static const call_cmd *find_command(const char *name)
{
    return call_find_command(name);
}

static int unknown_command(const char *name)
{
    const char *names[NCOMMANDS + 1];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = command_at(i)->cli->name;
    names[NCOMMANDS] = "help";
    const char *near = incstat_nearest(name, names, NCOMMANDS + 1);
    if (near)
        fprintf(stderr, "incstat: unknown command '%s'; did you mean '%s'?\n", name, near);
    else
        fprintf(stderr, "incstat: unknown command '%s'\n", name);
    fprintf(stderr, "Try 'incstat --help'.\n");
    return EXIT_USAGE;
}

/* incstat help [COMMAND]; and, for make docs and the tests, incstat help
 * --man, --completion and --options COMMAND. */
static int help(int argc, char **argv)
{
    if (argc < 3) {
        usage(stdout);
        return EXIT_OK;
    }
    const cli_command *cmds[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++)
        cmds[i] = command_at(i)->cli;
    if (strcmp(argv[2], "--man") == 0) {
        cli_man(stdout, cmds, NCOMMANDS);
        return EXIT_OK;
    }
    if (strcmp(argv[2], "--completion") == 0) {
        cli_completion(stdout, cmds, NCOMMANDS);
        return EXIT_OK;
    }
    int list = strcmp(argv[2], "--options") == 0;
    if (list && argc < 4) {
        fprintf(stderr, "incstat help: --options needs a COMMAND\n");
        return EXIT_USAGE;
    }
    const char *name = argv[list ? 3 : 2];
    const call_cmd *c = find_command(name);
    if (!c)
        return unknown_command(name);
    if (list)
        cli_list_options(c->cli, stdout);
    else
        cli_help(c->cli, stdout);
    return EXIT_OK;
}

/* The load options before the command ("incstat --quiet summary FILE"):
 * how many words they take from argv[1] on (an option and its value), the
 * first word that is not one being the command; -1 after the message when
 * an option before the command is not a load option. */
static int global_options(int argc, char **argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "--version") || !strcmp(a, "-V"))
            break; /* the command's place: main answers them */
        size_t len = strcspn(a, "=");
        const cli_option *opt = NULL;
        for (const cli_option *o = CLI_LOAD_TABLE; o->name && !opt; o++)
            if ((strlen(o->name) == len && strncmp(o->name, a, len) == 0) ||
                (o->alias && strlen(o->alias) == len && strncmp(o->alias, a, len) == 0))
                opt = o;
        if (!opt) {
            fprintf(stderr, "incstat: '%.*s' before the command: only the load options (--quiet, "
                            "--threads, --preset, --map, ...) go there; put it after the "
                            "command's name\nTry 'incstat --help'.\n", (int)len, a);
            return -1;
        }
        i += (cli_arg_of(opt) && a[len] != '=') ? 2 : 1;
    }
    return i - 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    int ng = global_options(argc, argv);
    if (ng < 0)
        return EXIT_USAGE;
    if (1 + ng >= argc) {
        fprintf(stderr, "incstat: no command after the load options\nTry 'incstat --help'.\n");
        return EXIT_USAGE;
    }
    const char *name = argv[1 + ng];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("incstat %s\n", incstat_version());
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0)
        return help(argc - ng, argv + ng);
    const call_cmd *c = find_command(name);
    if (!c)
        return unknown_command(name);
    if (ng == 0)
        return cli_run(c, argc - 1, argv + 1);
    /* the command's own parser reads the load options as if they came after it */
    char **args = malloc((size_t)argc * sizeof *args);
    if (!args) {
        fprintf(stderr, "incstat: out of memory\n");
        return EXIT_DATA;
    }
    args[0] = argv[1 + ng];
    memcpy(args + 1, argv + 1, (size_t)ng * sizeof *args);
    memcpy(args + 1 + ng, argv + 2 + ng, (size_t)(argc - 2 - ng) * sizeof *args);
    int rc = cli_run(c, argc - 1, args);
    free(args);
    return rc;
}
