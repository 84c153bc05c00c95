/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_internal.h: what a call holds, and the pieces each command's
 * file (call_COMMAND.c) and the command line share.
 *
 * A command is its option table, what takes each option (checking it, with
 * the command line's message) and what runs it: the result to c->out, notes
 * to c->log.  The command line parses argv by the table and hands each
 * option to call_take, then runs with c->out = stdout and c->log = stderr;
 * incstat_call_set does the same by name, and incstat_call_run with both
 * streams in memory.  Inside, the commands keep the command line's exit
 * statuses (CALL_EXIT_*) as their return values; a failure's message is in
 * c->err. */
#ifndef INCSTAT_API_CALL_INTERNAL_H
#define INCSTAT_API_CALL_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "incstat.h"
#include "api/options.h"

enum {
    CALL_EXIT_OK = 0, CALL_EXIT_DATA = 1, CALL_EXIT_USAGE = 2, CALL_EXIT_NOT_HOLD = 3,
    CALL_EXIT_CANNOT = 4,
    CALL_NOT_MINE = -2 /* a take: an operand the command does not take itself (the FILE) */
};

#define CALL_MAX_LIST 64

/* Options every command that reads a file accepts. */
typedef struct {
    incstat_load_options load;
    const char *map[CALL_MAX_LIST];
    const char *keep[CALL_MAX_LIST];
    const char *recode[CALL_MAX_LIST];
    const char *file;
    int quiet;
    unsigned threads; /* --threads; 0: not given */
} call_load;

/* Options that choose and group incidents. */
typedef struct {
    incstat_summary_options so;
    const char *where[CALL_MAX_LIST];
    size_t nwhere;
    const char *from, *to;
    int all_fields;            /* read every field (not only the counts) */
    incstat_filter *filter;    /* built by call_summarise, freed with the call */
    int empty;                 /* set by call_summarise: nothing passed the selection */
    int incidents_only;        /* only incidents are counted: killed and injured not read */
    unsigned given;            /* the selection options given (CLI_SEL bits) */
    /* storage for the loader's field list */
    const char *fields[5 + CALL_MAX_LIST];
    char wnames[CALL_MAX_LIST][64];
} call_select;

typedef struct call_cmd call_cmd;

enum {
    CALL_FORMAT_CLI = 1u << 0, /* --format is the command line's: the call gives JSON */
    CALL_WRITES = 1u << 1,     /* writes files (-o): the call's JSON names them */
};

struct call_cmd {
    const cli_command *cli; /* its option table, help and synopsis */
    unsigned flags;         /* CALL_* */
    size_t args_size;       /* its own options' struct, zeroed, then init */
    void (*init)(incstat_call *c);
    /* one own option (opt; v its value, v2 the second of CLI_TWO) or an
     * operand (opt NULL): a CALL_EXIT_* status, or CALL_NOT_MINE for an
     * operand that is the FILE */
    int (*take)(incstat_call *c, const cli_option *opt, const char *v, const char *v2);
    /* after the options: check them together and run; a CALL_EXIT_* status */
    int (*run)(incstat_call *c);
    /* the --format value that makes the output JSON (CALL_FORMAT_CLI) */
    const char *json_format;
};

struct incstat_call {
    const call_cmd *cmd;
    call_load o;
    call_select sel;
    void *args; /* the command's own options */
    char **strings; /* the values, copied */
    size_t n_strings, cap_strings;
    FILE *out, *log;    /* the result and the notes while running */
    int out_tty;        /* out is a terminal (the command line's default formats) */
    int cli;            /* run by the command line */
    void (*progress)(void *ctx, uint64_t done, uint64_t total); /* the command line's */
    void *progress_ctx;
    void (*progress_done)(void);
    incstat_error err;
    int exit;           /* CALL_EXIT_* of the run */
    int usage_form;     /* err is a usage error of the command line ("incstat CMD: ...") */
    char *after;        /* notes said after the error message (malloc'd), or NULL */
    char *report_json;  /* the load report as JSON (malloc'd), or NULL */
    char *notes;        /* incstat_call_notes (malloc'd by the log's memstream), or NULL */
    size_t notes_len;
    char *result;       /* the library's run: c->out's memstream */
    size_t result_len;
    const char *written[2];
    size_t n_written;
    int ran;
};

/* The commands. */
extern const call_cmd CALL_SUMMARY, CALL_TREND, CALL_CLAIM, CALL_ALERTS, CALL_DIFF,
    CALL_INSPECT, CALL_SCHEMA, CALL_CHART, CALL_REPORT, CALL_EXPORT;
/* The command named name, or NULL. */
const call_cmd *call_find_command(const char *name);
/* The n commands, in the order the command line lists them. */
const call_cmd *const *call_commands(size_t *n);

/* A call of cmd (the command line's: cli 1, no copies of the values it
 * takes from argv).  NULL when out of memory. */
incstat_call *call_new(const call_cmd *cmd, int cli);
/* One option of c's table with its value(s): the shared ones go to the load
 * and selection options, the command's own to its take.  CALL_EXIT_*; the
 * message in c->err. */
int call_take(incstat_call *c, const cli_option *opt, const char *v, const char *v2);
/* A usage error naming the option nearest to opt ("--form"). */
int call_unknown_option(incstat_call *c, const char *opt);
/* An operand (FILE, KIND): CALL_EXIT_*. */
int call_operand(incstat_call *c, const char *v);
/* Run c writing to c->out and c->log (set by the caller): CALL_EXIT_*. */
int call_run_streams(incstat_call *c);

/* ---- for the commands' files ---------------------------------------- */

/* A usage error: the message (as the command line says it after "incstat
 * CMD: ") into c->err; returns CALL_EXIT_USAGE. */
int call_usage(incstat_call *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A data error with this message ("incstat: MSG" on the command line);
 * returns CALL_EXIT_DATA. */
int call_data(incstat_call *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The failure err (said as "incstat: MESSAGE"); returns rc. */
int call_fail(incstat_call *c, const incstat_error *err, int rc);

/* A copy of s that lives as long as c; NULL when out of memory. */
const char *call_keep(incstat_call *c, const char *s);

/* One load option (id CLI_ID_PRESET to CLI_ID_SHEET) with its value. */
int call_load_apply(incstat_call *c, int id, const char *v);
/* One selection option (id CLI_ID_BY to CLI_ID_AS_OF) with its value. */
int call_select_apply(incstat_call *c, int id, const char *v);
/* Load c's file and summarise it as c->sel says (the load report and notes
 * to c->log).  CALL_EXIT_OK: *out (and *ld when ld is not NULL) are the
 * caller's; else the status, with the message in c->err. */
int call_summarise(incstat_call *c, incstat_summary **out, incstat_loader **ld);
/* The progress line while c's file loads (the command line's, on a
 * terminal), and its end. */
void call_progress_setup(incstat_call *c);
void call_progress_done(incstat_call *c);
/* --threads, or the number of cores. */
unsigned call_threads(const incstat_call *c);
/* The short load report to c->log (unless quiet), and the report kept as
 * JSON for incstat_call_report_json. */
void call_report(incstat_call *c, const incstat_load_report *r);
/* Keep r as JSON only. */
void call_keep_report(incstat_call *c, const incstat_load_report *r);
/* A note said after the error message (the command line prints c->after
 * after it; the library's notes end with it). */
void call_after(incstat_call *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* After a selection that matched nothing: the values nearest to each
 * --where, said after the error (c->after). */
void call_suggest_where(incstat_call *c);
/* A file with aggregate rows ("World" beside regions and countries): with
 * no --where on country, count the World rows alone and say so in the load
 * report. */
incstat_status call_default_aggregate(incstat_filter *f, incstat_loader *ld, incstat_error *err);
/* -o OUT: "-" is c->out.  CALL_EXIT_OK, or a usage error when OUT names the
 * input file or, with binary set, when OUT is "-" and c->out a terminal. */
int call_output_check(incstat_call *c, const char *out, int binary, const char *format);
/* Note that the call wrote path (for the JSON of chart, report, export). */
void call_wrote(incstat_call *c, const char *path);

int call_parse_year(const char *s, int *y);
int call_parse_boot(incstat_call *c, const char *v, size_t *boot);
/* Whether name is a canonical field (id, date, killed, admin1, ...). */
int call_is_field(const char *name);
/* A claim written "YEAR KIND [N]" into *co: CALL_EXIT_OK or a usage error. */
int call_parse_claim(incstat_call *c, const char *spec, incstat_claim_options *co);
/* The claim options' checks the library would refuse, as usage errors. */
int call_check_claim(incstat_call *c, const incstat_claim_options *co, const char *name);

#include "stats/summary_series.h"
#include "chart/chart_summary.h"
/* A year,population table into exposure[] (per row of se): CALL_EXIT_*. */
int call_read_population(incstat_call *c, const char *path, summary_series *se, double *exposure);

#endif
