/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/select.c: the options that choose and group incidents (--by,
 * --where, --from, --to, --estimate, --gap, --as-of), shared by summary,
 * trend, chart, claim, alerts and report, and the step they all start with:
 * load the file and summarise it (streaming, in parallel on a large plain
 * file). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int cli_select_apply(cli_select *s, const char *cmd, int id, const char *v)
{
    s->given |= CLI_SEL(id);
    switch (id) {
    case CLI_ID_BY: {
        if (s->so.n_by == 2)
            return cli_usage_error(cmd, "at most two --by keys");
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
        break;
    }
    case CLI_ID_WHERE:
        if (s->nwhere == CLI_MAX_LIST)
            return cli_usage_error(cmd, "too many --where options (at most %d)", CLI_MAX_LIST);
        s->where[s->nwhere++] = v;
        break;
    case CLI_ID_FROM:
        s->from = v;
        break;
    case CLI_ID_TO:
        s->to = v;
        break;
    case CLI_ID_ESTIMATE: {
        static const incstat_estimate E[] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                             INCSTAT_ESTIMATE_HIGH};
        int k = cli_pick(cmd, cli_shared(CLI_ID_ESTIMATE), v);
        if (k < 0)
            return EXIT_USAGE;
        s->so.estimate = E[k];
        break;
    }
    case CLI_ID_GAP: {
        int y;
        if (cli_parse_year(v, &y) != 0)
            return cli_usage_error(cmd, "--gap takes a year, not '%s'", v);
        if (s->so.n_gaps == INCSTAT_SUMMARY_MAX_GAPS)
            return cli_usage_error(cmd, "at most %d --gap years", INCSTAT_SUMMARY_MAX_GAPS);
        s->so.gaps[s->so.n_gaps++] = y;
        break;
    }
    case CLI_ID_AS_OF: {
        incstat_date d;
        if (incstat_value_parse_date(v, strlen(v), INCSTAT_DATE_ORDER_YMD, &d, NULL) !=
            INCSTAT_DATE_OK)
            return cli_usage_error(cmd, "--as-of takes a date (2025-04-20, 2025-04 or 2025), "
                                        "not '%s'", v);
        s->so.as_of = d;
        break;
    }
    default:
        return cli_usage_error(cmd, "internal error: option %d", id);
    }
    return EXIT_OK;
}

incstat_status cli_default_aggregate(incstat_filter *f, incstat_loader *ld, incstat_error *err)
{
    int added;
    incstat_status st = incstat_filter_default_aggregate(
        f, incstat_loader_report(ld)->aggregate_entity, &added, err);
    if (!st && added)
        incstat_loader_note_aggregate_only(ld);
    return st;
}

/* Whether name is a column given with --keep (read anyway). */
static int kept(const cli_load *o, const char *name)
{
    for (size_t k = 0; k < o->load.n_keep; k++)
        if (strcasecmp(o->keep[k], name) == 0)
            return 1;
    return 0;
}

void cli_suggest_where(cli_load *o, const char *const *where, size_t nwhere, const char *from,
                       const char *to)
{
    if (!nwhere)
        return;
    if (strcmp(o->file, "-") == 0) {
        fprintf(stderr, "  (standard input is read once: give the file's name to see the "
                        "values nearest to each --where)\n");
        return;
    }
    incstat_loader *ld = NULL;
    incstat_filter *f = NULL;
    incstat_error err;
    char buf[2048];
    const char *const *kept;
    o->load.progress = NULL;
    if (incstat_loader_open(o->file, &o->load, &ld, &err) == INCSTAT_OK &&
        incstat_filter_new_from(where, nwhere, from, to, &f, &err) == INCSTAT_OK) {
        size_t nk = incstat_loader_kept(ld, &kept);
        if (incstat_filter_resolve(f, incstat_loader_report(ld), kept, nk, &err) == INCSTAT_OK &&
            cli_default_aggregate(f, ld, &err) == INCSTAT_OK &&
            incstat_filter_bind(f, kept, nk, &err) == INCSTAT_OK) {
            incstat_filter_set_lists(f, incstat_loader_report(ld)->list_fields);
            if (incstat_filter_suggest(f, ld, buf, sizeof buf, &err) == INCSTAT_OK)
                fputs(buf, stderr);
        }
    }
    incstat_filter_free(f);
    incstat_loader_free(ld);
}

int cli_summarise(cli_load *o, cli_select *sel, incstat_summary **out,
                  incstat_loader **ld_out)
{
    incstat_error err;
    incstat_filter *filter = NULL;
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    int rc = EXIT_DATA, suggest = 0;
    *out = NULL;
    if (ld_out)
        *ld_out = NULL;
    sel->so.threads = cli_threads(o);

    /* read only the fields the table needs: the counts, and what --by and
     * --where name (kept columns are read anyway); a name that is neither
     * may be the file's own name for a field, known once the file is open:
     * then every field is read */
    size_t nf = 0;
    int other_names = 0;
    if (!sel->incidents_only) {
        sel->fields[nf++] = "killed";
        sel->fields[nf++] = "injured";
    }
    for (size_t k = 0; k < sel->so.n_by; k++) {
        const char *c = sel->so.by[k].column;
        if (sel->so.by[k].kind != INCSTAT_BY_TEXT)
            continue;
        if (cli_is_field(c))
            sel->fields[nf++] = c;
        else
            other_names |= !kept(o, c);
    }
    for (size_t k = 0; k < sel->nwhere; k++) {
        size_t len = strcspn(sel->where[k], "=");
        if (len < sizeof sel->wnames[k]) {
            memcpy(sel->wnames[k], sel->where[k], len);
            sel->wnames[k][len] = '\0';
            if (cli_is_field(sel->wnames[k]))
                sel->fields[nf++] = sel->wnames[k];
            else
                other_names |= !kept(o, sel->wnames[k]);
        }
    }
    if (!sel->all_fields && !other_names) {
        o->load.fields = sel->fields;
        o->load.n_fields = nf;
    }

    if (incstat_filter_new_from(sel->where, sel->nwhere, sel->from, sel->to, &filter, &err) !=
        INCSTAT_OK) {
        rc = err.code == INCSTAT_ENOMEM ? EXIT_DATA : EXIT_USAGE;
        goto fail;
    }
    /* a range given as years widens the table to it */
    if (sel->from)
        sel->so.from_year = atoi(sel->from);
    if (sel->to)
        sel->so.to_year = atoi(sel->to);
    cli_progress_setup(o);
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK)
        goto fail;
    /* the file's own column names for its fields ("Province" is admin1) */
    const char *const *kept_names;
    size_t nk = incstat_loader_kept(ld, &kept_names);
    const incstat_load_report *lrep = incstat_loader_report(ld);
    if (incstat_summary_resolve_by(&sel->so, lrep, kept_names, nk, &err) != INCSTAT_OK ||
        incstat_filter_resolve(filter, lrep, kept_names, nk, &err) != INCSTAT_OK) {
        rc = err.code == INCSTAT_ENOMEM ? EXIT_DATA : EXIT_USAGE;
        goto fail;
    }
    if (cli_default_aggregate(filter, ld, &err) != INCSTAT_OK)
        goto fail;
    if (incstat_filter_bind(filter, kept_names, nk, &err) != INCSTAT_OK) {
        rc = EXIT_USAGE; /* a misspelt field name */
        goto fail;
    }
    incstat_filter_set_lists(filter, incstat_loader_report(ld)->list_fields);
    incstat_status sst = incstat_summary_from_loader(ld, &sel->so, filter, &s, &err);
    cli_progress_done();
    if (sst != INCSTAT_OK) {
        if (err.code == INCSTAT_ENOCOLUMN)
            rc = EXIT_USAGE; /* --by names no field */
        else if (err.code == INCSTAT_EEMPTY) {
            sel->empty = 1;
            const incstat_load_report *rep = incstat_loader_report(ld);
            cli_print_report(stderr, rep, o->quiet);
            incstat_summary_why_empty(rep, &sel->so, err.message, sizeof err.message);
            suggest = strstr(err.message, "passed --where") != NULL;
        }
        goto fail;
    }
    const incstat_load_report *rep = incstat_loader_report(ld);
    cli_print_report(stderr, rep, o->quiet);
    if ((rep->unknown & INCSTAT_UNKNOWN_KILLED) && (rep->unknown & INCSTAT_UNKNOWN_INCIDENTS) &&
        (rep->unknown & INCSTAT_UNKNOWN_INJURED)) {
        /* nothing to count: every figure would be unknown */
        err.code = INCSTAT_EEMPTY;
        err.line = err.column = 0;
        snprintf(err.message, sizeof err.message, "%.80s: nothing to summarise: %.200s",
                 rep->source, rep->advice);
        goto fail;
    }
    if (!o->quiet)
        incstat_summary_write_notes(s, stderr, NULL);
    sel->filter = filter;
    *out = s;
    if (ld_out)
        *ld_out = ld;
    else
        incstat_loader_free(ld);
    return EXIT_OK;
fail:
    cli_progress_done();
    cli_error(&err);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    incstat_filter_free(filter);
    if (suggest)
        cli_suggest_where(o, sel->where, sel->nwhere, sel->from, sel->to);
    sel->filter = NULL;
    return rc;
}

void cli_select_free(cli_select *sel)
{
    incstat_filter_free(sel->filter);
    sel->filter = NULL;
}

/* ---- series for trend, chart and report ------------------------------- */

int cli_read_population(const char *path, summary_series *se, double *exposure)
{
    incstat_error err;
    if (incstat_population_read(path, se->x, se->n, exposure, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    for (size_t i = 0; i < se->n; i++)
        if (!isnan(se->y[i]) && isnan(exposure[i])) {
            fprintf(stderr, "incstat: %s: no population for %s\n", path, se->labels[i]);
            return EXIT_DATA;
        }
    return EXIT_OK;
}
