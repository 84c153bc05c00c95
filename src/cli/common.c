/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/common.c: options shared by every command that reads a file, and
 * the command line's messages. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "io/source/encoding.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "incstat %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'incstat %s --help'.\n", cmd);
    return EXIT_USAGE;
}

void cli_error(const incstat_error *err)
{
    fprintf(stderr, "incstat: %s\n", err->message[0] ? err->message : incstat_strerror(err->code));
}

/* Append v to a list of at most CLI_MAX_LIST; EXIT_USAGE when full. */
static int push(const char *cmd, const char *opt, const char **list, size_t *n, const char *v)
{
    if (*n == CLI_MAX_LIST)
        return cli_usage_error(cmd, "too many %s options (at most %d)", opt, CLI_MAX_LIST);
    list[(*n)++] = v;
    return EXIT_OK;
}

int cli_load_apply(cli_load *o, const char *cmd, int id, const char *v)
{
    char *end;
    switch (id) {
    case CLI_ID_PRESET:
        o->load.preset = v;
        break;
    case CLI_ID_MAP:
        o->load.map = o->map;
        return push(cmd, "--map", o->map, &o->load.n_map, v);
    case CLI_ID_KEEP:
        o->load.keep = o->keep;
        return push(cmd, "--keep", o->keep, &o->load.n_keep, v);
    case CLI_ID_RECODE:
        o->load.recode = o->recode;
        return push(cmd, "--recode", o->recode, &o->load.n_recode, v);
    case CLI_ID_SCHEMA:
        o->load.schema_path = v;
        break;
    case CLI_ID_SHEET:
        o->load.sheet = v;
        break;
    case CLI_ID_ENCODING:
        if (incstat_encoding_from_name(v, &o->load.csv.encoding) != 0)
            return cli_usage_error(cmd, "--encoding is utf-8, windows-1252, iso-8859-1, "
                                        "mac-roman or auto, not '%s'", v);
        o->load.encoding_set = o->load.csv.encoding != INCSTAT_ENCODING_AUTO;
        break;
    case CLI_ID_DELIMITER:
        if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
            o->load.csv.delimiter = '\t';
        else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r')
            o->load.csv.delimiter = v[0];
        else
            return cli_usage_error(cmd, "--delimiter takes one character (or 'tab'), not '%s'", v);
        break;
    case CLI_ID_DATE_ORDER:
        o->load.date_order = strcasecmp(v, "dmy") == 0   ? INCSTAT_DATE_ORDER_DMY
                             : strcasecmp(v, "mdy") == 0 ? INCSTAT_DATE_ORDER_MDY
                                                         : INCSTAT_DATE_ORDER_YMD;
        o->load.date_order_set = 1;
        break;
    case CLI_ID_DECIMAL:
        if (strcmp(v, ".") != 0 && strcmp(v, ",") != 0)
            return cli_usage_error(cmd, "--decimal is . or , (the decimal mark), not '%s'", v);
        o->load.decimal = v[0];
        break;
    case CLI_ID_THREADS: {
        long t = strtol(v, &end, 10);
        if (*end || end == v || t < 1 || t > 64)
            return cli_usage_error(cmd, "--threads takes a number from 1 to 64, not '%s'", v);
        o->threads = (unsigned)t;
        break;
    }
    case CLI_ID_STRICT:
        o->load.strict = 1;
        break;
    case CLI_ID_QUIET:
        o->quiet = 1;
        break;
    default:
        return cli_usage_error(cmd, "internal error: option %d", id);
    }
    return EXIT_OK;
}

int cli_output_check(const char *cmd, const char *out, const char *input, int binary,
                     const char *format)
{
    if (strcmp(out, "-") == 0) {
        if (binary && isatty(STDOUT_FILENO))
            return cli_usage_error(cmd, "-o - would write %s to the terminal: redirect standard "
                                        "output to a file or a program (> out, | ...)", format);
        return EXIT_OK;
    }
    struct stat so, si;
    if (input && strcmp(input, "-") != 0 && stat(out, &so) == 0 && stat(input, &si) == 0 &&
        so.st_dev == si.st_dev && so.st_ino == si.st_ino)
        return cli_usage_error(cmd, "-o names the input FILE: it would be replaced by what is "
                                    "read from it; write somewhere else");
    return EXIT_OK;
}

void cli_print_report(FILE *out, const incstat_load_report *r, int quiet)
{
    if (!quiet)
        incstat_load_report_write(r, INCSTAT_LOAD_REPORT_SHORT, out, NULL);
}

int cli_is_field(const char *name)
{
    for (size_t i = 0; i < incstat_map_field_count(); i++)
        if (strcmp(name, incstat_map_field_name(i)) == 0)
            return 1;
    return 0;
}

int cli_parse_boot(const char *cmd, const char *v, size_t *boot)
{
    char *end;
    long k = strtol(v, &end, 10);
    if (*end || k < 100 || k > 1000000)
        return cli_usage_error(cmd, "--boot takes 100 to 1,000,000 resamples, not '%s'", v);
    *boot = (size_t)k;
    return EXIT_OK;
}

unsigned cli_threads(const cli_load *o)
{
    if (o->threads)
        return o->threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores;
}


/* ---- progress on a terminal ------------------------------------------- */

typedef struct {
    int shown;
} progress_state;

static progress_state progress_st; /* the CLI's one progress line */

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

void cli_progress_setup(cli_load *o)
{
    /* only for people watching: not when stderr is a file or a pipe */
    if (o->quiet || !isatty(STDERR_FILENO))
        return;
    o->load.progress = progress_line;
    o->load.progress_ctx = &progress_st;
}

void cli_progress_done(void)
{
    if (progress_st.shown) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
        progress_st.shown = 0;
    }
}
