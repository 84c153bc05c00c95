/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/diff.c: incstat diff OLD NEW: what changed between two releases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "incstat/diff.h"

enum { OPT_KEY = CLI_ID_OWN, OPT_WHITESPACE, OPT_FORMAT };

static const cli_option OPTIONS[] = {
    {OPT_KEY, "--key", NULL, "FIELD,...",
     "match records on these fields or columns; records sharing a key are matched in file "
     "order", "the id when both files have one, else date,location,city", NULL, NULL, 0},
    {OPT_WHITESPACE, "--whitespace", NULL, NULL,
     "list cells that differ only in surrounding or repeated white space as changes",
     "counted, not listed", NULL, NULL, 0},
    {OPT_FORMAT, "--format", NULL, NULL, "the output format",
     "table on a terminal, csv otherwise", "table json csv tsv", NULL, CLI_CHOICE},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

const cli_command CLI_CMD_DIFF = {
    "diff", "[OPTIONS] OLD NEW",
    "what changed between two releases: records, cells, columns, yearly figures",
    "What changed between two releases of one dataset: records added, removed and changed "
    "(cell by cell, on the decoded source text), columns added and removed, and the years "
    "whose incidents, killed or injured moved.  The load options apply to both files; each is "
    "detected on its own.",
    OPTIONS, 0, 1, 0, NULL, "Exit status 0 whatever the difference."};

/* "a,b,c" into parts (in place). */
static size_t split_key(char *s, const char **parts, size_t cap)
{
    size_t n = 0;
    for (char *p = strtok(s, ","); p && n < cap; p = strtok(NULL, ","))
        parts[n++] = p;
    return n;
}

/* Each file's cells as hashes, with the text of the key columns; the text
 * of the records that differ is read again when compared. */
static int load(cli_load *o, const incstat_diff_options *dopt, const char *path,
                incstat_records **out)
{
    incstat_error err;
    o->load.threads = cli_threads(o);
    cli_progress_setup(o);
    incstat_status st =
        incstat_records_load_hashed(path, &o->load, dopt->key, dopt->n_key, out, &err);
    cli_progress_done();
    if (st != INCSTAT_OK) {
        cli_error(&err);
        return st == INCSTAT_EINVAL || st == INCSTAT_ENOCOLUMN ? EXIT_USAGE : EXIT_DATA;
    }
    cli_print_report(stderr, incstat_records_report(*out), o->quiet);
    return EXIT_OK;
}

typedef struct {
    const char *files[2];
    const char *keys[16];
    char keybuf[512];
    int fmt;
    incstat_diff_options *dopt;
} diff_parse;

static int take(void *ctx, const cli_option *opt, const char *v, const char *v2)
{
    diff_parse *dp = ctx;
    (void)v2;
    if (!opt) {
        if (dp->files[1])
            return cli_usage_error("diff", "two files only: OLD and NEW");
        dp->files[dp->files[0] ? 1 : 0] = v;
        return EXIT_OK;
    }
    switch (opt->id) {
    case OPT_FORMAT: {
        static const int F[] = {INCSTAT_FORMAT_TABLE, INCSTAT_FORMAT_JSON, INCSTAT_FORMAT_CSV,
                                INCSTAT_FORMAT_TSV};
        dp->fmt = F[cli_pick(NULL, opt, v)];
        break;
    }
    case OPT_KEY:
        snprintf(dp->keybuf, sizeof dp->keybuf, "%s", v);
        dp->dopt->n_key = split_key(dp->keybuf, dp->keys, sizeof dp->keys / sizeof dp->keys[0]);
        dp->dopt->key = dp->keys;
        if (dp->dopt->n_key == 0)
            return cli_usage_error("diff", "--key needs a field or column name");
        break;
    case OPT_WHITESPACE:
        dp->dopt->whitespace = 1;
        break;
    }
    return EXIT_OK;
}

int cmd_diff(int argc, char **argv)
{
    cli_load o;
    incstat_diff_options dopt;
    diff_parse dp;
    memset(&o, 0, sizeof o);
    memset(&dopt, 0, sizeof dopt);
    memset(&dp, 0, sizeof dp);
    dp.fmt = -1;
    dp.dopt = &dopt;
    int rc = cli_parse(&CLI_CMD_DIFF, argc, argv, &o, NULL, take, &dp);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    const char **files = dp.files;
    int fmt = dp.fmt;
    if (!files[1])
        return cli_usage_error("diff", "needs two files: OLD and NEW");
    if (fmt < 0)
        fmt = isatty(STDOUT_FILENO) ? INCSTAT_FORMAT_TABLE : INCSTAT_FORMAT_CSV;

    incstat_records *old_recs = NULL, *new_recs = NULL;
    incstat_diff *d = NULL;
    incstat_error err;
    rc = load(&o, &dopt, files[0], &old_recs);
    if (rc == EXIT_OK)
        rc = load(&o, &dopt, files[1], &new_recs);
    if (rc != EXIT_OK)
        goto done;
    rc = EXIT_DATA;
    incstat_status st = incstat_diff_new(old_recs, new_recs, &dopt, &d, &err);
    if (st != INCSTAT_OK) {
        cli_error(&err);
        /* a --key naming no column is a usage error; files without a common
         * column or an id are the data's */
        if (st == INCSTAT_ENOCOLUMN && dopt.n_key)
            rc = EXIT_USAGE;
        goto done;
    }
    if (incstat_diff_write(d, (incstat_format)fmt, stdout, &err) != INCSTAT_OK) {
        cli_error(&err);
        goto done;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "incstat: error writing the output\n");
        goto done;
    }
    rc = EXIT_OK;
done:
    incstat_diff_free(d);
    incstat_records_free(old_recs);
    incstat_records_free(new_recs);
    return rc;
}
