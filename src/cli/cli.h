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
    const char *recode[CLI_MAX_LIST];
    const char *file;
    int quiet;
    unsigned threads; /* --threads; 0: not given */
    int format; /* command specific */
} cli_load;

/* A progress line on stderr while a file loads, when stderr is a terminal
 * and not --quiet; cli_progress_done() clears it. */
void cli_progress_setup(cli_load *o);
void cli_progress_done(void);

/* --threads, or the number of cores. */
unsigned cli_threads(const cli_load *o);

/* Result of offering one argument to the shared parser. */
enum { ARG_NOT_MINE = 0, ARG_TAKEN = 1, ARG_ERROR = -1, ARG_HELP = 2 };

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
/* The index of v among the NULL-terminated names (any case: "PDF", "A4");
 * -1 after a usage error
 * "OPT is a, b or c, not 'v'" (then exit with EXIT_USAGE). */
int cli_choice(const char *cmd, const char *opt, const char *v, const char *const *names);
#define CLI_NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print the short load report to stderr (unless quiet). */
void cli_print_report(FILE *out, const incstat_load_report *r, int quiet);

/* Known options of the shared parser (for suggestions). */
extern const char *const CLI_LOAD_OPTIONS[];

/* Option matching inside a command's argument loop (a, argv, argc, i and v
 * in scope): "--name" or "--name=value"; the value, or a usage error. */
#define CLI_OPT(a, name) \
    (strncmp(a, name, strlen(name)) == 0 && (a[strlen(name)] == '\0' || a[strlen(name)] == '='))
#define CLI_VALUE(cmd, name)                                                          \
    if (!(v = cli_value(argc, argv, &i, name)))                                       \
        return cli_usage_error(cmd, "option %s needs a value", name);

/* The arguments every command treats alike, at argv[*i] (select.c): ARG_HELP for --help
 * and -h; the load options (and, with sel not NULL, the selection options):
 * ARG_TAKEN, or ARG_ERROR after the message; else ARG_NOT_MINE. */
struct cli_select_;
int cli_common_arg(cli_load *o, struct cli_select_ *sel, const char *cmd, int argc, char **argv,
                   int *i);
/* The same inside a command's argument loop (argc, argv and i in scope):
 * help() printed and help_rc returned, usage errors returned, options taken
 * continue the loop; the command's own options come after it. */
#define CLI_COMMON_ARGS(o, sel, cmd, help, help_rc)                                       \
    {                                                                                      \
        int r_ = cli_common_arg(o, sel, cmd, argc, argv, &i);                              \
        if (r_ == ARG_HELP) {                                                              \
            help();                                                                        \
            return help_rc;                                                                \
        }                                                                                  \
        if (r_ == ARG_ERROR)                                                               \
            return EXIT_USAGE;                                                             \
        if (r_ == ARG_TAKEN)                                                               \
            continue;                                                                      \
    }
/* An argument none of the command's options took: an unknown option (with
 * the nearest of known), a second FILE, or the FILE (into o->file).
 * EXIT_OK when it was the FILE, else EXIT_USAGE after the message. */
int cli_file_arg(cli_load *o, const char *cmd, const char *a, const char *const *known);

/* Options that choose and group incidents (select.c). */
typedef struct cli_select_ {
    incstat_summary_options so;
    const char *where[CLI_MAX_LIST];
    size_t nwhere;
    const char *from, *to;
    int all_fields;            /* read every field (not only the counts) */
    incstat_filter *filter;    /* built by cli_summarise, freed by cli_select_free */
    int empty;                 /* set by cli_summarise: nothing passed the selection */
    int incidents_only;        /* only incidents are counted: killed and injured not read */
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
/* A file with aggregate rows ("World" beside regions and countries): with
 * no --where on country, count the World rows alone and say so in the
 * load report (incstat_filter_default_aggregate). */
incstat_status cli_default_aggregate(incstat_filter *f, incstat_loader *ld, incstat_error *err);
int cli_summarise(cli_load *o, cli_select *sel, incstat_summary **out,
                  incstat_loader **ld);
void cli_select_free(cli_select *sel);
/* A load or selection option at argv[*i]: ARG_TAKEN, ARG_NOT_MINE or
 * ARG_ERROR (message printed). */
int cli_shared_option(cli_load *o, cli_select *sel, const char *cmd, int argc, char **argv,
                      int *i);
int cli_parse_year(const char *s, int *y);
/* --boot's value (100 to 1,000,000 resamples) into *boot: EXIT_OK, or
 * EXIT_USAGE after the message. */
int cli_parse_boot(const char *cmd, const char *v, size_t *boot);

/* The series of a summary and the charts built from summaries live in the
 * library (src/stats/summary_series.h, src/chart/chart_summary.h), where the
 * report uses them too; the commands call them by their names. */
#include "stats/summary_series.h"
#include "chart/chart_summary.h"
/* A year,population table into exposure[] (per row of se).  EXIT_*. */
int cli_read_population(const char *path, summary_series *se, double *exposure);

int cmd_inspect(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_claim(int argc, char **argv);
/* A claim written "YEAR KIND [N]" ("2023 highest-since 2015", "2024 record")
 * into *co; 0, or EXIT_USAGE after the message. */
int cli_parse_claim(const char *cmd, const char *spec, incstat_claim_options *co);
int cmd_alerts(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
