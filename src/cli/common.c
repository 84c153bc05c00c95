/* src/cli/common.c: options shared by every command that reads a file, and
 * the command line's messages. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "io/encoding.h"

const char *const CLI_LOAD_OPTIONS[] = {
    "--preset", "--map", "--schema", "--keep", "--recode", "--encoding", "--delimiter", "--date-order",
    "--strict", "--quiet", "--decimal", NULL};

const char *cli_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (strcmp(a, name) == 0) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    return NULL;
}

static int is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

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

int cli_choice(const char *cmd, const char *opt, const char *v, const char *const *names)
{
    size_t n = 0;
    for (; names[n]; n++)
        if (strcasecmp(v, names[n]) == 0)
            return (int)n;
    fprintf(stderr, "incstat %s: %s is ", cmd, opt);
    for (size_t k = 0; k < n; k++)
        fprintf(stderr, "%s%s", k == 0 ? "" : k + 1 == n ? " or " : ", ", names[k]);
    fprintf(stderr, ", not '%s'\nTry 'incstat %s --help'.\n", v, cmd);
    return -1;
}

int cli_unknown_option(const char *cmd, const char *arg, const char *const *known)
{
    size_t n = 0;
    while (known[n])
        n++;
    char opt[64];
    snprintf(opt, sizeof opt, "%.*s", (int)strcspn(arg, "="), arg);
    const char *near = incstat_nearest(opt, known, n);
    if (near)
        return cli_usage_error(cmd, "unknown option '%s'; did you mean '%s'?", opt, near);
    return cli_usage_error(cmd, "unknown option '%s'", opt);
}

int cli_file_arg(cli_load *o, const char *cmd, const char *a, const char *const *known)
{
    if (a[0] == '-' && a[1] != '\0')
        return cli_unknown_option(cmd, a, known);
    if (o->file)
        return cli_usage_error(cmd, "one FILE only ('%s' and '%s')", o->file, a);
    o->file = a;
    return EXIT_OK;
}

void cli_error(const incstat_error *err)
{
    fprintf(stderr, "incstat: %s\n", err->message[0] ? err->message : incstat_strerror(err->code));
}

#define NEED(v, name)                                                                    \
    do {                                                                                 \
        if (!(v)) {                                                                      \
            cli_usage_error("", "option %s needs a value", name);                        \
            return ARG_ERROR;                                                            \
        }                                                                                \
    } while (0)

int cli_load_option(cli_load *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    if (is_opt(a, "--preset")) {
        NEED(v = cli_value(argc, argv, i, "--preset"), "--preset");
        o->load.preset = v;
    } else if (is_opt(a, "--map")) {
        NEED(v = cli_value(argc, argv, i, "--map"), "--map");
        if (o->load.n_map == CLI_MAX_LIST) {
            cli_usage_error("", "too many --map options");
            return ARG_ERROR;
        }
        o->map[o->load.n_map++] = v;
        o->load.map = o->map;
    } else if (is_opt(a, "--keep")) {
        NEED(v = cli_value(argc, argv, i, "--keep"), "--keep");
        if (o->load.n_keep == CLI_MAX_LIST) {
            cli_usage_error("", "too many --keep options");
            return ARG_ERROR;
        }
        o->keep[o->load.n_keep++] = v;
        o->load.keep = o->keep;
    } else if (is_opt(a, "--recode")) {
        NEED(v = cli_value(argc, argv, i, "--recode"), "--recode");
        if (o->load.n_recode == CLI_MAX_LIST) {
            cli_usage_error("", "too many --recode options");
            return ARG_ERROR;
        }
        o->recode[o->load.n_recode++] = v;
        o->load.recode = o->recode;
    } else if (is_opt(a, "--schema")) {
        NEED(v = cli_value(argc, argv, i, "--schema"), "--schema");
        o->load.schema_path = v;
    } else if (is_opt(a, "--encoding")) {
        NEED(v = cli_value(argc, argv, i, "--encoding"), "--encoding");
        if (incstat_encoding_from_name(v, &o->load.csv.encoding) != 0) {
            fprintf(stderr, "incstat: unknown encoding '%s' (utf-8, windows-1252, iso-8859-1, "
                            "mac-roman, auto)\n", v);
            return ARG_ERROR;
        }
        o->load.encoding_set = o->load.csv.encoding != INCSTAT_ENCODING_AUTO;
    } else if (is_opt(a, "--delimiter")) {
        NEED(v = cli_value(argc, argv, i, "--delimiter"), "--delimiter");
        if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
            o->load.csv.delimiter = '\t';
        else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r')
            o->load.csv.delimiter = v[0];
        else {
            fprintf(stderr, "incstat: --delimiter takes one character (or 'tab'), not '%s'\n", v);
            return ARG_ERROR;
        }
    } else if (is_opt(a, "--date-order")) {
        NEED(v = cli_value(argc, argv, i, "--date-order"), "--date-order");
        if (strcmp(v, "dmy") == 0)
            o->load.date_order = INCSTAT_DATE_ORDER_DMY;
        else if (strcmp(v, "mdy") == 0)
            o->load.date_order = INCSTAT_DATE_ORDER_MDY;
        else if (strcmp(v, "ymd") == 0)
            o->load.date_order = INCSTAT_DATE_ORDER_YMD;
        else {
            fprintf(stderr, "incstat: --date-order is dmy, mdy or ymd, not '%s'\n", v);
            return ARG_ERROR;
        }
        o->load.date_order_set = 1;
    } else if (is_opt(a, "--decimal")) {
        NEED(v = cli_value(argc, argv, i, "--decimal"), "--decimal");
        if (strcmp(v, ".") != 0 && strcmp(v, ",") != 0) {
            fprintf(stderr, "incstat: --decimal is . or , (the decimal mark), not '%s'\n", v);
            return ARG_ERROR;
        }
        o->load.decimal = v[0];
    } else if (is_opt(a, "--threads")) {
        NEED(v = cli_value(argc, argv, i, "--threads"), "--threads");
        char *end;
        long t = strtol(v, &end, 10);
        if (*end || end == v || t < 1 || t > 64) {
            fprintf(stderr, "incstat: --threads takes a number from 1 to 64, not '%s'\n", v);
            return ARG_ERROR;
        }
        o->threads = (unsigned)t;
    } else if (strcmp(a, "--strict") == 0) {
        o->load.strict = 1;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        o->quiet = 1;
    } else {
        return ARG_NOT_MINE;
    }
    return ARG_TAKEN;
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
