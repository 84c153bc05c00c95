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

/* Options that choose and group incidents (select.c). */
typedef struct {
    incstat_summary_options so;
    const char *where[CLI_MAX_LIST];
    size_t nwhere;
    const char *from, *to;
    int all_fields;            /* read every field (not only the counts) */
    incstat_filter *filter;    /* built by cli_summarise, freed by cli_select_free */
    /* storage for the loader's field list */
    const char *fields[4 + CLI_MAX_LIST];
    char wnames[CLI_MAX_LIST][64];
} cli_select;

extern const char *const CLI_SELECT_OPTIONS[];
/* Offer argv[*i] to the selection options; ARG_TAKEN, ARG_NOT_MINE or
 * ARG_ERROR (message printed). */
int cli_select_option(cli_select *s, const char *cmd, int argc, char **argv, int *i);
/* Load o->file and summarise it as sel says; prints the load report.
 * Returns EXIT_OK (then *out, and *ld when ld is not NULL, are the caller's
 * to free) or the exit status after printing the error. */
int cli_summarise(cli_load *o, cli_select *sel, const char *cmd, incstat_summary **out,
                  incstat_loader **ld);
void cli_select_free(cli_select *sel);
int cli_parse_year(const char *s, int *y);
const char *cli_estimate_name(incstat_estimate e);

int cmd_inspect(int argc, char **argv);
int cmd_summary(int argc, char **argv);

/* JSON string escaping to out. */
void cli_json_string(FILE *out, const char *s);

#endif
