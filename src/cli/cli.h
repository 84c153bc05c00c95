/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/cli.h: the command line's shared pieces: the parser of the option
 * tables (options.h), the load and selection options every command shares,
 * messages, exit codes. */
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

#include "options.h"

/* What a command's own options and its operands are handed to by
 * cli_parse: opt is the option (v its value, v2 the second of CLI_TWO),
 * or NULL for an operand v.  Returns EXIT_OK, EXIT_USAGE after the message,
 * or CLI_NOT_MINE for an operand cli_parse then takes as the FILE. */
typedef int (*cli_take_fn)(void *ctx, const cli_option *opt, const char *v, const char *v2);
enum { CLI_NOT_MINE = -2, CLI_HELP_SHOWN = -1 };

struct cli_select_;
/* Parse argv[1..argc-1] by c's table: the load options into o, the
 * selection options into sel (NULL when c takes none), its own options and
 * its operands to take(ctx, ...) (take NULL: the one operand is the FILE).
 * "--name=value" and "--name value" alike; "--" ends the options.  Returns
 * EXIT_OK, EXIT_USAGE after the message (an unknown option names the
 * nearest known one), or CLI_HELP_SHOWN after printing --help. */
int cli_parse(const cli_command *c, int argc, char **argv, cli_load *o, struct cli_select_ *sel,
              cli_take_fn take, void *ctx);

/* One load option (id CLI_ID_PRESET to CLI_ID_QUIET) with its value into o;
 * EXIT_OK or EXIT_USAGE after the message. */
int cli_load_apply(cli_load *o, const char *cmd, int id, const char *v);

void cli_error(const incstat_error *err);
/* Whether name is a canonical field (id, date, killed, admin1, ...). */
int cli_is_field(const char *name);
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print the short load report to stderr (unless quiet). */
void cli_print_report(FILE *out, const incstat_load_report *r, int quiet);

/* -o OUT: "-" is standard output.  EXIT_OK, or EXIT_USAGE after the message
 * when OUT names the input file (it would be replaced by what is read from
 * it) or, with binary set (PNG, PDF, SQLite), when OUT is "-" and standard
 * output is a terminal.  format names the format for the message. */
int cli_output_check(const char *cmd, const char *out, const char *input, int binary,
                     const char *format);

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
    unsigned given;            /* the selection options given (CLI_SEL bits) */
    /* storage for the loader's field list */
    const char *fields[4 + CLI_MAX_LIST];
    char wnames[CLI_MAX_LIST][64];
} cli_select;

/* One selection option (id CLI_ID_BY to CLI_ID_AS_OF) with its value into
 * s; EXIT_OK or EXIT_USAGE after the message. */
int cli_select_apply(cli_select *s, const char *cmd, int id, const char *v);
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
/* After a selection that matched nothing: a second pass over o->file
 * names, on stderr, the values nearest to each --where that matches no row
 * (incstat_filter_suggest); from standard input, which is read once, that
 * it cannot. */
void cli_suggest_where(cli_load *o, const char *const *where, size_t nwhere, const char *from,
                       const char *to);
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

/* chart map (chart_map.c): its options, parsed by chart.c's table. */
#include "chart/map_build.h"
typedef struct {
    const char *given;       /* the last map option given, for messages */
    int fill, north_arrow, admin1_from_coords;
    const char *color, *periods, *population, *boundaries, *name_field;
    map_precision precision;
} cli_map_args;
/* One map option (k: its place from --fill on) into ma: EXIT_OK or a usage
 * error. */
int cli_map_option(cli_map_args *ma, const cli_option *opt, int k, const char *v);
/* Draw chart map: EXIT_*. */
int cli_map_chart(cli_load *o, cli_select *sel, cli_map_args *ma, chart_summary_args *ca,
                  incstat_chart_style *st, const char *out, int fmt);
/* The boundaries --boundaries names (NULL or "pakistan": the shipped
 * provinces; "world": the shipped countries) with their attribution set,
 * into *b.  EXIT_OK or EXIT_DATA after the message. */
int cli_read_boundaries(const char *path, const char *name_field, incstat_boundaries **b);
/* so groups incidents without admin1 by the region of b their coordinates
 * fall in (b must outlive the summary's use). */
void cli_place_from_coordinates(incstat_summary_options *so, const incstat_boundaries *b);

/* Each command: its table (options.h) and what runs it. */
extern const cli_command CLI_CMD_INSPECT, CLI_CMD_SUMMARY, CLI_CMD_TREND, CLI_CMD_CHART,
    CLI_CMD_CLAIM, CLI_CMD_ALERTS, CLI_CMD_REPORT, CLI_CMD_SCHEMA, CLI_CMD_EXPORT, CLI_CMD_DIFF;
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
