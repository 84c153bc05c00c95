/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call.c: the call layer (incstat/call.h): a command with its
 * options by name, run as the command line runs it, its output as JSON.
 * The command line (src/cli) goes through the same calls: call_take for
 * each option it parses, call_run_streams to run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"
#include "core/internal.h"
#include "core/json.h"

/* ---- a call ----------------------------------------------------------- */

incstat_call *call_new(const call_cmd *cmd, int cli)
{
    incstat_call *c = incstat_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cmd = cmd;
    c->cli = cli;
    if (cmd->args_size && !(c->args = incstat_calloc(1, cmd->args_size))) {
        incstat_free_mem(c);
        return NULL;
    }
    if (cmd->init)
        cmd->init(c);
    return c;
}

static int in_table(const cli_option *opt, const cli_option *table)
{
    for (; table->name; table++)
        if (table == opt)
            return 1;
    return 0;
}

int call_take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    if (opt->flags & CLI_REFUSED)
        return call_usage(c, "%s: %s", opt->name, opt->help);
    /* a choice is checked here; the taker compares the word in any case */
    if ((opt->flags & CLI_CHOICE) &&
        cli_pick_word(opt, v, c->err.message, sizeof c->err.message) < 0) {
        char msg[sizeof c->err.message];
        memcpy(msg, c->err.message, sizeof msg);
        return call_usage(c, "%s", msg);
    }
    if (in_table(opt, CLI_SELECT_TABLE))
        return call_select_apply(c, opt->id, v);
    if (in_table(opt, CLI_LOAD_TABLE))
        return call_load_apply(c, opt->id, v);
    return c->cmd->take(c, opt, v, v2);
}

int call_operand(incstat_call *c, const char *v)
{
    int r = c->cmd->take ? c->cmd->take(c, NULL, v, NULL) : CALL_NOT_MINE;
    if (r != CALL_NOT_MINE)
        return r;
    if (c->o.file)
        return call_usage(c, "one FILE only ('%s' and '%s')", c->o.file, v);
    c->o.file = v;
    return CALL_EXIT_OK;
}

int call_run_streams(incstat_call *c)
{
    c->ran = 1;
    c->exit = c->cmd->run(c);
    return c->exit;
}

/* ---- the public calls ------------------------------------------------- */

static incstat_status give(const incstat_call *c, incstat_error *err)
{
    if (err)
        *err = c->err;
    return c->err.code ? c->err.code : INCSTAT_EINVAL;
}

/* "unknown option '--form'; did you mean '--format'?" among every option
 * the command takes. */
int call_unknown_option(incstat_call *c, const char *opt)
{
    const cli_command *cmd = c->cmd->cli;
    const char *names[128];
    size_t n = 0;
    for (const cli_option *o = cmd->own; o && o->name && n < 126; o++)
        if (!(o->flags & CLI_REFUSED))
            names[n++] = o->name;
    for (const cli_option *o = CLI_SELECT_TABLE; o->name && n < 126; o++)
        if (cli_find(cmd, o->name, strlen(o->name)) == o)
            names[n++] = o->name;
    for (const cli_option *o = CLI_LOAD_TABLE; cmd->load && o->name && n < 126; o++)
        names[n++] = o->name;
    names[n++] = "--help";
    const char *near = incstat_nearest(opt, names, n);
    if (near)
        return call_usage(c, "unknown option '%s'; did you mean '%s'?", opt, near);
    return call_usage(c, "unknown option '%s'", opt);
}

/* name as the command line spells it: "--" before it, '_' as '-', one
 * trailing '_' dropped ("from_"). */
static void option_name(const char *name, char *buf, size_t cap)
{
    size_t k = 0, n = strlen(name);
    if (n > 1 && name[n - 1] == '_')
        n--;
    if (strncmp(name, "--", 2) != 0) {
        buf[k++] = '-';
        buf[k++] = '-';
    }
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        buf[k++] = name[i] == '_' ? '-' : name[i];
    buf[k] = '\0';
}

incstat_status incstat_call_set(incstat_call *c, const char *name, const char *value,
                                incstat_error *err)
{
    if (!c || !name)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "incstat_call_set: no call or no name");
    memset(&c->err, 0, sizeof c->err);
    char opt_name[80];
    option_name(name, opt_name, sizeof opt_name);
    const cli_option *opt = cli_find(c->cmd->cli, opt_name, strlen(opt_name));
    /* the short forms (-o, -q) are the command line's */
    if (opt && strcmp(opt->name, opt_name) != 0)
        opt = NULL;
    if (!opt) {
        call_unknown_option(c, opt_name);
        return give(c, err);
    }
    if (opt == &CLI_HELP_OPTION) {
        call_usage(c, "--help is the command line's: incstat help %s", c->cmd->cli->name);
        return give(c, err);
    }
    if (strcmp(opt->name, "--format") == 0 && (c->cmd->flags & CALL_FORMAT_CLI)) {
        call_usage(c, "--format is the command line's: the call gives the JSON");
        return give(c, err);
    }
    if (!cli_takes_value(opt) && value) {
        call_usage(c, "option %s takes no value", opt->name);
        return give(c, err);
    }
    if (cli_takes_value(opt) && !value) {
        call_usage(c, "option %s needs a value", opt->name);
        return give(c, err);
    }
    const char *v = NULL, *v2 = NULL;
    if (opt->flags & CLI_TWO) {
        /* --compare A B: one value "A B" */
        size_t len = strcspn(value, " ");
        char first[64];
        if (value[len] != ' ' || len >= sizeof first) {
            call_usage(c, "option %s takes two values: %s %s", opt->name, opt->name, opt->arg);
            return give(c, err);
        }
        memcpy(first, value, len);
        first[len] = '\0';
        v = call_keep(c, first);
        v2 = call_keep(c, value + len + strspn(value + len, " "));
    } else if (value) {
        v = call_keep(c, value);
    }
    if ((value && !v) || ((opt->flags & CLI_TWO) && !v2))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (call_take(c, opt, v, v2) != CALL_EXIT_OK)
        return give(c, err);
    return INCSTAT_OK;
}

incstat_status incstat_call_add_file(incstat_call *c, const char *path, incstat_error *err)
{
    if (!c || !path)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "incstat_call_add_file: no call or no path");
    memset(&c->err, 0, sizeof c->err);
    const char *v = call_keep(c, path);
    if (!v)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (call_operand(c, v) != CALL_EXIT_OK)
        return give(c, err);
    return INCSTAT_OK;
}

/* chart, report, export: {"command": "chart", "written": ["OUT"]} */
static void write_written(incstat_call *c)
{
    fputs("{\"command\": ", c->out);
    incstat_json_str_(c->out, c->cmd->cli->name);
    fputs(", \"written\": [", c->out);
    for (size_t i = 0; i < c->n_written; i++) {
        fputs(i ? ", " : "", c->out);
        incstat_json_str_(c->out, c->written[i]);
    }
    fputs("]}\n", c->out);
}

/* Whether the run failed: claim's "does not hold" and "cannot be checked"
 * are answers (the JSON says so), not failures, when nothing went wrong. */
static int failed(const incstat_call *c)
{
    return c->exit != CALL_EXIT_OK && c->err.code != INCSTAT_OK;
}

/* The streams of a run in memory: c->result and c->notes. */
static incstat_status open_streams(incstat_call *c, incstat_error *err)
{
    free(c->result);
    free(c->notes);
    c->result = c->notes = NULL;
    c->out = open_memstream(&c->result, &c->result_len);
    c->log = c->out ? open_memstream(&c->notes, &c->notes_len) : NULL;
    if (!c->log) {
        if (c->out)
            fclose(c->out);
        c->out = NULL;
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    return INCSTAT_OK;
}

/* Closes the streams; nonzero when writing to them failed. */
static int close_streams(incstat_call *c)
{
    int bad = fclose(c->out) != 0;
    bad |= fclose(c->log) != 0;
    c->out = c->log = NULL;
    return bad;
}

incstat_status incstat_call_run(incstat_call *c, char **json, size_t *len, incstat_error *err)
{
    *json = NULL;
    if (len)
        *len = 0;
    if (!c)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "incstat_call_run: no call");
    if (c->ran)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "a call runs once: make a new one");
    memset(&c->err, 0, sizeof c->err);
    /* the command's JSON form */
    if ((c->cmd->flags & CALL_FORMAT_CLI) && c->cmd->json_format) {
        const cli_option *f = cli_find(c->cmd->cli, "--format", 8);
        if (f && call_take(c, f, c->cmd->json_format, NULL) != CALL_EXIT_OK)
            return give(c, err);
    }
    if (open_streams(c, err) != INCSTAT_OK)
        return INCSTAT_ENOMEM;
    call_run_streams(c);
    if (!failed(c) && (c->cmd->flags & CALL_WRITES))
        write_written(c);
    if (close_streams(c) != 0 && !failed(c)) {
        c->exit = CALL_EXIT_DATA;
        incstat_set_error(&c->err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    if (c->after && c->notes) { /* the suggestions, after the rest */
        size_t n = strlen(c->after);
        char *p = realloc(c->notes, c->notes_len + n + 1);
        if (p) {
            memcpy(p + c->notes_len, c->after, n + 1);
            c->notes = p;
            c->notes_len += n;
        }
    }
    if (failed(c))
        return give(c, err);
    *json = c->result;
    if (len)
        *len = c->result_len;
    c->result = NULL;
    return INCSTAT_OK;
}

const char *incstat_call_report_json(const incstat_call *c)
{
    return c ? c->report_json : NULL;
}

const char *incstat_call_notes(const incstat_call *c)
{
    return c && c->notes ? c->notes : "";
}

int incstat_call_exit_status(const incstat_call *c)
{
    return c && c->ran ? c->exit : 0;
}

void incstat_call_free(incstat_call *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_strings; i++)
        incstat_free_mem(c->strings[i]);
    incstat_free_mem(c->strings);
    incstat_filter_free(c->sel.filter);
    incstat_free_mem(c->args);
    free(c->after); /* these three are open_memstream's or realloc's */
    free(c->report_json);
    free(c->notes);
    free(c->result);
    incstat_free_mem(c);
}
