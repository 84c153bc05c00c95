/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/parse.c: the parser every command runs, reading the command's
 * option table (src/api/options.h) and handing each option and operand to
 * the call layer, which takes the shared ones and the command's own alike;
 * and the runner that prints what the call writes and says. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The call's failure as the command line says it. */
static void say_error(const incstat_call *c)
{
    const char *cmd = c->cmd->cli->name;
    if (c->usage_form)
        fprintf(stderr, "incstat %s: %s\nTry 'incstat %s --help'.\n", cmd, c->err.message, cmd);
    else
        fprintf(stderr, "incstat: %s\n", c->err.message[0] ? c->err.message
                                                            : incstat_strerror(c->err.code));
    if (c->after)
        fputs(c->after, stderr);
}

int cli_parse(incstat_call *c, int argc, char **argv)
{
    const cli_command *cmd = c->cmd->cli;
    int options_end = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_end || a[0] != '-' || a[1] == '\0') {
            int r = call_operand(c, a);
            if (r != EXIT_OK)
                return r;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_end = 1;
            continue;
        }
        size_t len = strcspn(a, "=");
        const cli_option *opt = cli_find(cmd, a, len);
        if (!opt) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)len, a);
            return call_unknown_option(c, name);
        }
        if (opt == &CLI_HELP_OPTION) {
            cli_help(cmd, stdout);
            return CLI_HELP_SHOWN;
        }
        const char *v = NULL, *v2 = NULL;
        if (opt->flags & CLI_REFUSED) {
            /* the call layer says why */
        } else if (!cli_takes_value(opt)) {
            if (a[len] == '=')
                return call_usage(c, "option %s takes no value", opt->name);
        } else if (opt->flags & CLI_TWO) {
            if (a[len] == '=' || i + 2 >= argc)
                return call_usage(c, "option %s takes two values: %s %s", opt->name, opt->name,
                                  opt->arg);
            v = argv[++i];
            v2 = argv[++i];
        } else if (a[len] == '=') {
            v = a + len + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            return call_usage(c, "option %s needs a value", opt->name);
        }
        int r = call_take(c, opt, v, v2);
        if (r != EXIT_OK)
            return r;
    }
    return EXIT_OK;
}

/* ---- the progress line on a terminal ---------------------------------- */

typedef struct {
    int shown;
} progress_state;

static progress_state progress_st; /* the command line's one progress line */

static void progress_line(void *ctx, uint64_t done, uint64_t total)
{
    progress_state *ps = ctx;
    if (total)
        fprintf(stderr, "\rincstat: reading %3.0f%% (%.0f of %.0f MB)", 100.0 * (double)done / (double)total,
                (double)done / 1e6, (double)total / 1e6);
    else
        fprintf(stderr, "\rincstat: reading %.0f MB", (double)done / 1e6);
    fflush(stderr);
    ps->shown = 1;
}

static void progress_done(void)
{
    if (progress_st.shown) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
        progress_st.shown = 0;
    }
}

int cli_run(const call_cmd *cmd, int argc, char **argv)
{
    incstat_call *c = call_new(cmd, 1);
    if (!c) {
        fprintf(stderr, "incstat: out of memory\n");
        return EXIT_DATA;
    }
    c->out = stdout;
    c->log = stderr;
    c->out_tty = isatty(STDOUT_FILENO);
    /* only for people watching: not when stderr is a file or a pipe */
    if (isatty(STDERR_FILENO)) {
        c->progress = progress_line;
        c->progress_ctx = &progress_st;
        c->progress_done = progress_done;
    }
    int rc = cli_parse(c, argc, argv);
    if (rc == CLI_HELP_SHOWN)
        rc = EXIT_OK;
    else if (rc == EXIT_OK)
        rc = call_run_streams(c);
    if (rc != EXIT_OK && c->err.code)
        say_error(c);
    c->out = c->log = NULL;
    incstat_call_free(c);
    return rc;
}
