/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/cli.h: the command line: argv parsed by each command's option
 * table into a call of the library's call layer (src/api), which checks
 * and runs it; here only what belongs to a terminal: messages and exit
 * codes, --help, the man page and completion made from the tables, and the
 * progress line. */
#ifndef INCSTAT_CLI_H
#define INCSTAT_CLI_H

#include <stdio.h>
#include "incstat.h"
#include "api/call_internal.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };
enum { CLI_HELP_SHOWN = -1 };

/* Parse argv[1..argc-1] by the table of c's command into c: options and
 * operands alike go to the call layer (call_take, call_operand).  "--name=value"
 * and "--name value" alike; "--" ends the options.  Returns EXIT_OK, the
 * status after the message (an unknown option names the nearest known one),
 * or CLI_HELP_SHOWN after printing --help. */
int cli_parse(incstat_call *c, int argc, char **argv);

/* Run the command of cmd on argv (argv[0] its name) as the incstat
 * command does: parse, run with the result on standard output and the notes
 * on standard error, say the error; the exit status. */
int cli_run(const call_cmd *cmd, int argc, char **argv);

int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The placeholder of o's value ("KEY", "table|json"), or NULL for a flag. */
const char *cli_arg_of(const cli_option *o);
/* The index of v among o's words (any case), or -1 after the usage error
 * "OPT is a, b or c, not 'v'" (cmd NULL: -1 with no message). */
int cli_pick(const char *cmd, const cli_option *o, const char *v);

/* --help of c to out. */
void cli_help(const cli_command *c, FILE *out);
/* incstat help --options CMD: each option on a line of three tab-separated
 * fields: its name, its value's placeholder ("" for a flag) and where it
 * comes from (own, select, load, help); aliases on lines of their own. */
void cli_list_options(const cli_command *c, FILE *out);
/* incstat help --man: the man page's COMMANDS (of the n in cmds, in that
 * order), SELECTION OPTIONS and LOAD OPTIONS sections. */
void cli_man(FILE *out, const cli_command *const *cmds, size_t n);
/* incstat help --completion: the bash completion script for the n
 * commands in cmds. */
void cli_completion(FILE *out, const cli_command *const *cmds, size_t n);

#endif
