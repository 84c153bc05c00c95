/* src/cli/cli.h: the command line's shared pieces: option parsing for the
 * load options every command takes, messages, exit codes. */
#ifndef INCSTAT_CLI_H
#define INCSTAT_CLI_H

#include <stdio.h>
#include "incstat.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

#define CLI_MAX_LIST 64

/* Options every command that reads a file accepts. */
typedef struct {
    incstat_load_options load;
    const char *map[CLI_MAX_LIST];
    const char *keep[CLI_MAX_LIST];
    const char *file;
    int quiet;
    unsigned threads; /* --threads; 0: not given */
    int format; /* command specific */
} cli_load;

/* --threads, or the number of cores. */
unsigned cli_threads(const cli_load *o);

/* Result of offering one argument to the shared parser. */
enum { ARG_NOT_MINE = 0, ARG_TAKEN = 1, ARG_ERROR = -1 };

/* argv[*i] is an option; if it is a load option, consume it (and its value)
 * and return ARG_TAKEN. */
int cli_load_option(cli_load *o, int argc, char **argv, int *i);

/* The value of an option given as "--name value" or "--name=value". */
const char *cli_value(int argc, char **argv, int *i, const char *name);

/* Report an unknown option with the nearest known one; returns EXIT_USAGE. */
int cli_unknown_option(const char *cmd, const char *arg, const char *const *known);

void cli_error(const incstat_error *err);
/* Whether name is a canonical field (id, date, killed, admin1, ...). */
int cli_is_field(const char *name);
/* Numbers with thousands separators, for messages (a few buffers rotate:
 * up to four in one printf). */
const char *cli_grouped(uint64_t n);
const char *cli_grouped_d(double x);
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print the short load report to stderr (unless quiet). */
void cli_print_report(FILE *out, const incstat_load_report *r, int quiet);

/* Known options of the shared parser (for suggestions). */
extern const char *const CLI_LOAD_OPTIONS[];

int cmd_inspect(int argc, char **argv);
int cmd_summary(int argc, char **argv);

/* JSON string escaping to out. */
void cli_json_string(FILE *out, const char *s);

#endif
