/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_diff.c: incstat diff OLD NEW: what changed between two releases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"
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

static const cli_command CLI_CMD = {
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
static int load(incstat_call *c, const incstat_diff_options *dopt, const char *path,
                incstat_records **out)
{
    incstat_error err;
    c->o.load.threads = call_threads(c);
    call_progress_setup(c);
    incstat_status st =
        incstat_records_load_hashed(path, &c->o.load, dopt->key, dopt->n_key, out, &err);
    call_progress_done(c);
    if (st != INCSTAT_OK)
        return call_fail(c, &err, st == INCSTAT_EINVAL || st == INCSTAT_ENOCOLUMN ? CALL_EXIT_USAGE
                                                                                 : CALL_EXIT_DATA);
    call_report(c, incstat_records_report(*out));
    return CALL_EXIT_OK;
}

typedef struct {
    const char *files[2];
    const char *keys[16];
    char keybuf[512];
    int fmt;
    incstat_diff_options *dopt;
    incstat_diff_options dopt_;
} diff_parse;

static void init(incstat_call *c)
{
    diff_parse *dp = c->args;
    dp->fmt = -1;
    dp->dopt = &dp->dopt_;
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    diff_parse *dp = c->args;
    (void)v2;
    if (!opt) {
        if (dp->files[1])
            return call_usage(c, "two files only: OLD and NEW");
        dp->files[dp->files[0] ? 1 : 0] = v;
        return CALL_EXIT_OK;
    }
    switch (opt->id) {
    case OPT_FORMAT: {
        static const int F[] = {INCSTAT_FORMAT_TABLE, INCSTAT_FORMAT_JSON, INCSTAT_FORMAT_CSV,
                                INCSTAT_FORMAT_TSV};
        dp->fmt = F[cli_pick_word(opt, v, NULL, 0)];
        break;
    }
    case OPT_KEY:
        snprintf(dp->keybuf, sizeof dp->keybuf, "%s", v);
        dp->dopt->n_key = split_key(dp->keybuf, dp->keys, sizeof dp->keys / sizeof dp->keys[0]);
        dp->dopt->key = dp->keys;
        if (dp->dopt->n_key == 0)
            return call_usage(c, "--key needs a field or column name");
        break;
    case OPT_WHITESPACE:
        dp->dopt->whitespace = 1;
        break;
    }
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    diff_parse *dpp = c->args, dp = *dpp;
    incstat_diff_options dopt = dp.dopt_;
    int rc;
    const char **files = dp.files;
    int fmt = dp.fmt;
    if (!files[1])
        return call_usage(c, "needs two files: OLD and NEW");
    if (fmt < 0)
        fmt = c->out_tty ? INCSTAT_FORMAT_TABLE : INCSTAT_FORMAT_CSV;

    incstat_records *old_recs = NULL, *new_recs = NULL;
    incstat_diff *d = NULL;
    incstat_error err;
    rc = load(c, &dopt, files[0], &old_recs);
    if (rc == CALL_EXIT_OK)
        rc = load(c, &dopt, files[1], &new_recs);
    if (rc != CALL_EXIT_OK)
        goto done;
    rc = CALL_EXIT_DATA;
    incstat_status st = incstat_diff_new(old_recs, new_recs, &dopt, &d, &err);
    if (st != INCSTAT_OK) {
        /* a --key naming no column is a usage error; files without a common
         * column or an id are the data's */
        rc = call_fail(c, &err, st == INCSTAT_ENOCOLUMN && dopt.n_key ? CALL_EXIT_USAGE : rc);
        goto done;
    }
    if (incstat_diff_write(d, (incstat_format)fmt, c->out, &err) != INCSTAT_OK) {
        call_fail(c, &err, rc);
        goto done;
    }
    if (fflush(c->out) != 0) {
        call_data(c, "error writing the output");
        goto done;
    }
    rc = CALL_EXIT_OK;
done:
    incstat_diff_free(d);
    incstat_records_free(old_recs);
    incstat_records_free(new_recs);
    return rc;
}

const call_cmd CALL_DIFF = {&CLI_CMD, CALL_FORMAT_CLI, sizeof(diff_parse), init, take, run, "json"};
