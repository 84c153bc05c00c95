/* src/cli/diff.c: incstat diff OLD NEW: what changed between two releases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "incstat/diff.h"

static const char *const KNOWN[] = {
    "--key", "--whitespace", "--format", "--threads", "--help", "--preset", "--map", "--schema",
    "--keep", "--encoding", "--delimiter", "--date-order", "--strict", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat diff [OPTIONS] OLD NEW\n\n"
           "What changed between two releases of one dataset: records added, removed and\n"
           "changed (cell by cell, on the decoded source text), columns added and removed,\n"
           "and the years whose incidents, killed or injured moved.  Exit status 0 whatever\n"
           "the difference.\n\n"
           "  --key FIELD,...       match records on these fields or columns (default: the\n"
           "                        id when both files have one, else date,location,city;\n"
           "                        records sharing a key are matched in file order)\n"
           "  --whitespace          list cells that differ only in surrounding or repeated\n"
           "                        white space as changes (default: counted, not listed)\n"
           "  --format table|json|csv|tsv   (default: table on a terminal, csv otherwise)\n\n"
           "Load options (applied to both files; each is detected on its own): --preset,\n"
           "  --map, --schema, --keep, --encoding, --delimiter, --date-order, --strict,\n"
           "  --threads N, --quiet\n");
}

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

int cmd_diff(int argc, char **argv)
{
    cli_load o;
    incstat_diff_options dopt;
    const char *files[2] = {NULL, NULL};
    const char *keys[16];
    char keybuf[512];
    int fmt = -1;
    memset(&o, 0, sizeof o);
    memset(&dopt, 0, sizeof dopt);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(&o, NULL, "diff", help, EXIT_OK)
        if (CLI_OPT(a, "--format")) {
            CLI_VALUE("diff", "--format");
            static const int F[] = {INCSTAT_FORMAT_TABLE, INCSTAT_FORMAT_JSON, INCSTAT_FORMAT_CSV,
                                    INCSTAT_FORMAT_TSV};
            int k = cli_choice("diff", "--format", v, CLI_NAMES("table", "json", "csv", "tsv"));
            if (k < 0)
                return EXIT_USAGE;
            fmt = F[k];
        } else if (CLI_OPT(a, "--key")) {
            CLI_VALUE("diff", "--key");
            snprintf(keybuf, sizeof keybuf, "%s", v);
            dopt.n_key = split_key(keybuf, keys, sizeof keys / sizeof keys[0]);
            dopt.key = keys;
            if (dopt.n_key == 0)
                return cli_usage_error("diff", "--key needs a field or column name");
        } else if (strcmp(a, "--whitespace") == 0) {
            dopt.whitespace = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_unknown_option("diff", a, KNOWN);
        } else if (files[1]) {
            return cli_usage_error("diff", "two files only: OLD and NEW");
        } else {
            files[files[0] ? 1 : 0] = a;
        }
    }
    if (!files[1])
        return cli_usage_error("diff", "needs two files: OLD and NEW");
    if (fmt < 0)
        fmt = isatty(STDOUT_FILENO) ? INCSTAT_FORMAT_TABLE : INCSTAT_FORMAT_CSV;

    incstat_records *old_recs = NULL, *new_recs = NULL;
    incstat_diff *d = NULL;
    incstat_error err;
    int rc = load(&o, &dopt, files[0], &old_recs);
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
