/* src/cli/select.c: the options that choose and group incidents (--by,
 * --where, --from, --to, --estimate, --gap), shared by summary, trend, chart
 * and report, and the step they all start with: load the file and summarise
 * it (streaming, in parallel on a large plain file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_parse_year(const char *s, int *y)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1000 || v > 2999)
        return -1;
    *y = (int)v;
    return 0;
}

static int is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int cli_select_option(cli_select *s, const char *cmd, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
#define VALUE(name)                                                                   \
    do {                                                                              \
        if (!(v = cli_value(argc, argv, i, name))) {                                  \
            cli_usage_error(cmd, "option %s needs a value", name);                   \
            return ARG_ERROR;                                                         \
        }                                                                             \
    } while (0)
    if (is_opt(a, "--by")) {
        VALUE("--by");
        if (s->so.n_by == 2) {
            cli_usage_error(cmd, "at most two --by keys");
            return ARG_ERROR;
        }
        incstat_by *b = &s->so.by[s->so.n_by++];
        if (strcmp(v, "year") == 0)
            b->kind = INCSTAT_BY_YEAR;
        else if (strcmp(v, "month") == 0)
            b->kind = INCSTAT_BY_MONTH;
        else if (strcmp(v, "quarter") == 0)
            b->kind = INCSTAT_BY_QUARTER;
        else {
            b->kind = INCSTAT_BY_TEXT;
            b->column = v;
        }
    } else if (is_opt(a, "--where")) {
        VALUE("--where");
        if (s->nwhere == CLI_MAX_LIST) {
            cli_usage_error(cmd, "too many --where options");
            return ARG_ERROR;
        }
        s->where[s->nwhere++] = v;
    } else if (is_opt(a, "--from")) {
        VALUE("--from");
        s->from = v;
    } else if (is_opt(a, "--to")) {
        VALUE("--to");
        s->to = v;
    } else if (is_opt(a, "--estimate")) {
        VALUE("--estimate");
        if (strcmp(v, "best") == 0)
            s->so.estimate = INCSTAT_ESTIMATE_BEST;
        else if (strcmp(v, "low") == 0)
            s->so.estimate = INCSTAT_ESTIMATE_LOW;
        else if (strcmp(v, "high") == 0)
            s->so.estimate = INCSTAT_ESTIMATE_HIGH;
        else {
            cli_usage_error(cmd, "--estimate is low, best or high, not '%s'", v);
            return ARG_ERROR;
        }
    } else if (is_opt(a, "--gap")) {
        VALUE("--gap");
        int y;
        if (cli_parse_year(v, &y) != 0) {
            cli_usage_error(cmd, "--gap takes a year, not '%s'", v);
            return ARG_ERROR;
        }
        if (s->so.n_gaps < INCSTAT_SUMMARY_MAX_GAPS)
            s->so.gaps[s->so.n_gaps++] = y;
    } else {
        return ARG_NOT_MINE;
    }
#undef VALUE
    return ARG_TAKEN;
}

const char *const CLI_SELECT_OPTIONS[] = {"--by", "--where", "--from", "--to", "--estimate",
                                          "--gap", NULL};

const char *cli_estimate_name(incstat_estimate e)
{
    return e == INCSTAT_ESTIMATE_LOW ? "low" : e == INCSTAT_ESTIMATE_HIGH ? "high" : "best";
}

int cli_summarise(cli_load *o, cli_select *sel, const char *cmd, incstat_summary **out,
                  incstat_loader **ld_out)
{
    incstat_error err;
    incstat_filter *filter = NULL;
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    int rc = EXIT_DATA;
    (void)cmd;
    *out = NULL;
    if (ld_out)
        *ld_out = NULL;
    sel->so.threads = cli_threads(o);

    /* read only the fields the table needs: the counts, and what --by and
     * --where name (kept columns are read anyway) */
    size_t nf = 0;
    sel->fields[nf++] = "killed";
    sel->fields[nf++] = "injured";
    for (size_t k = 0; k < sel->so.n_by; k++)
        if (sel->so.by[k].kind == INCSTAT_BY_TEXT && cli_is_field(sel->so.by[k].column))
            sel->fields[nf++] = sel->so.by[k].column;
    for (size_t k = 0; k < sel->nwhere; k++) {
        size_t len = strcspn(sel->where[k], "=");
        if (len < sizeof sel->wnames[k]) {
            memcpy(sel->wnames[k], sel->where[k], len);
            sel->wnames[k][len] = '\0';
            if (cli_is_field(sel->wnames[k]))
                sel->fields[nf++] = sel->wnames[k];
        }
    }
    if (!sel->all_fields) {
        o->load.fields = sel->fields;
        o->load.n_fields = nf;
    }

    if (incstat_filter_new(&filter, &err) != INCSTAT_OK)
        goto fail;
    for (size_t k = 0; k < sel->nwhere; k++)
        if (incstat_filter_add_where(filter, sel->where[k], &err) != INCSTAT_OK) {
            rc = EXIT_USAGE;
            goto fail;
        }
    if ((sel->from && incstat_filter_from(filter, sel->from, &err) != INCSTAT_OK) ||
        (sel->to && incstat_filter_to(filter, sel->to, &err) != INCSTAT_OK)) {
        rc = EXIT_USAGE;
        goto fail;
    }
    /* a range given as years widens the table to it */
    if (sel->from)
        sel->so.from_year = atoi(sel->from);
    if (sel->to)
        sel->so.to_year = atoi(sel->to);
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK)
        goto fail;
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    if (incstat_filter_bind(filter, kept, nk, &err) != INCSTAT_OK) {
        rc = EXIT_USAGE; /* a misspelt field name */
        goto fail;
    }
    if (incstat_summary_from_loader(ld, &sel->so, filter, &s, &err) != INCSTAT_OK) {
        if (err.code == INCSTAT_ENOCOLUMN)
            rc = EXIT_USAGE; /* --by names no field */
        else if (err.code == INCSTAT_EEMPTY) {
            const incstat_load_report *rep = incstat_loader_report(ld);
            cli_print_report(stderr, rep, o->quiet);
            if (rep->rows_loaded == 0)
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to summarise (%llu rows read, none loaded)",
                         rep->source, (unsigned long long)rep->rows_read);
            else
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to summarise: none of the %llu loaded passed "
                         "--where/--from/--to", rep->source, (unsigned long long)rep->rows_loaded);
        }
        goto fail;
    }
    cli_print_report(stderr, incstat_loader_report(ld), o->quiet);
    if (incstat_summary_unplaced(s) && !o->quiet)
        fprintf(stderr, "  %llu incidents have no date precise enough for this table and are "
                        "not in it\n", (unsigned long long)incstat_summary_unplaced(s));
    sel->filter = filter;
    *out = s;
    if (ld_out)
        *ld_out = ld;
    else
        incstat_loader_free(ld);
    return EXIT_OK;
fail:
    cli_error(&err);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    incstat_filter_free(filter);
    sel->filter = NULL;
    return rc;
}

void cli_select_free(cli_select *sel)
{
    incstat_filter_free(sel->filter);
    sel->filter = NULL;
}
