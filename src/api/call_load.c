/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_load.c: the options every command that reads a file shares:
 * the load options (--preset, --map, ...) and the selection options (--by,
 * --where, --from, --to, --estimate, --gap, --as-of), and the step most
 * commands start with: load the file and summarise it (streaming, in
 * parallel on a large plain file).  Also incstat_call_load. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/call_internal.h"
#include "core/internal.h"
#include "io/source/encoding.h"

int call_parse_year(const char *s, int *y)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1000 || v > 2999)
        return -1;
    *y = (int)v;
    return 0;
}

int call_parse_boot(incstat_call *c, const char *v, size_t *boot)
{
    char *end;
    long k = strtol(v, &end, 10);
    if (*end || k < 100 || k > 1000000)
        return call_usage(c, "--boot takes 100 to 1,000,000 resamples, not '%s'", v);
    *boot = (size_t)k;
    return CALL_EXIT_OK;
}

int call_is_field(const char *name)
{
    for (size_t i = 0; i < incstat_map_field_count(); i++)
        if (strcmp(name, incstat_map_field_name(i)) == 0)
            return 1;
    return 0;
}

unsigned call_threads(const incstat_call *c)
{
    if (c->o.threads)
        return c->o.threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores;
}

void call_progress_setup(incstat_call *c)
{
    if (c->o.quiet || !c->progress)
        return;
    c->o.load.progress = c->progress;
    c->o.load.progress_ctx = c->progress_ctx;
}

void call_progress_done(incstat_call *c)
{
    if (c->progress_done)
        c->progress_done();
}

void call_after(incstat_call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t old = c->after ? strlen(c->after) : 0;
    char *p = n > 0 ? realloc(c->after, old + (size_t)n + 1) : NULL;
    if (!p)
        return; /* a note lost to a failed allocation: the error stands */
    va_start(ap, fmt);
    vsnprintf(p + old, (size_t)n + 1, fmt, ap);
    va_end(ap);
    c->after = p;
}

void call_keep_report(incstat_call *c, const incstat_load_report *r)
{
    if (c->cli)
        return; /* the command line has no use for it */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    incstat_status st = incstat_load_report_write(r, INCSTAT_LOAD_REPORT_JSON, f, NULL);
    if (fclose(f) != 0 || st != INCSTAT_OK) {
        free(buf);
        return;
    }
    free(c->report_json);
    c->report_json = buf;
}

void call_report(incstat_call *c, const incstat_load_report *r)
{
    call_keep_report(c, r);
    if (!c->o.quiet)
        incstat_load_report_write(r, INCSTAT_LOAD_REPORT_SHORT, c->log, NULL);
}

/* ---- the load options ------------------------------------------------- */

/* Append v to a list of at most CALL_MAX_LIST. */
static int push(incstat_call *c, const char *opt, const char **list, size_t *n, const char *v)
{
    if (*n == CALL_MAX_LIST)
        return call_usage(c, "too many %s options (at most %d)", opt, CALL_MAX_LIST);
    list[(*n)++] = v;
    return CALL_EXIT_OK;
}

int call_load_apply(incstat_call *c, int id, const char *v)
{
    call_load *o = &c->o;
    char *end;
    switch (id) {
    case CLI_ID_PRESET:
        o->load.preset = v;
        break;
    case CLI_ID_MAP:
        o->load.map = o->map;
        return push(c, "--map", o->map, &o->load.n_map, v);
    case CLI_ID_KEEP:
        o->load.keep = o->keep;
        return push(c, "--keep", o->keep, &o->load.n_keep, v);
    case CLI_ID_RECODE:
        o->load.recode = o->recode;
        return push(c, "--recode", o->recode, &o->load.n_recode, v);
    case CLI_ID_SCHEMA:
        o->load.schema_path = v;
        break;
    case CLI_ID_SHEET:
        o->load.sheet = v;
        break;
    case CLI_ID_ENCODING:
        if (incstat_encoding_from_name(v, &o->load.csv.encoding) != 0)
            return call_usage(c, "--encoding is utf-8, windows-1252, iso-8859-1, "
                                 "mac-roman or auto, not '%s'", v);
        o->load.encoding_set = o->load.csv.encoding != INCSTAT_ENCODING_AUTO;
        break;
    case CLI_ID_DELIMITER:
        if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
            o->load.csv.delimiter = '\t';
        else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' && v[0] != '\r')
            o->load.csv.delimiter = v[0];
        else
            return call_usage(c, "--delimiter takes one character (or 'tab'), not '%s'", v);
        break;
    case CLI_ID_DATE_ORDER:
        o->load.date_order = strcasecmp(v, "dmy") == 0   ? INCSTAT_DATE_ORDER_DMY
                             : strcasecmp(v, "mdy") == 0 ? INCSTAT_DATE_ORDER_MDY
                                                         : INCSTAT_DATE_ORDER_YMD;
        o->load.date_order_set = 1;
        break;
    case CLI_ID_DECIMAL:
        if (strcmp(v, ".") != 0 && strcmp(v, ",") != 0)
            return call_usage(c, "--decimal is . or , (the decimal mark), not '%s'", v);
        o->load.decimal = v[0];
        break;
    case CLI_ID_THREADS: {
        long t = strtol(v, &end, 10);
        if (*end || end == v || t < 1 || t > 64)
            return call_usage(c, "--threads takes a number from 1 to 64, not '%s'", v);
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
        return call_usage(c, "internal error: option %d", id);
    }
    return CALL_EXIT_OK;
}

int call_output_check(incstat_call *c, const char *out, int binary, const char *format)
{
    const char *input = c->o.file;
    if (strcmp(out, "-") == 0) {
        if (binary && c->out_tty)
            return call_usage(c, "-o - would write %s to the terminal: redirect standard "
                                 "output to a file or a program (> out, | ...)", format);
        return CALL_EXIT_OK;
    }
    struct stat so, si;
    if (input && strcmp(input, "-") != 0 && stat(out, &so) == 0 && stat(input, &si) == 0 &&
        so.st_dev == si.st_dev && so.st_ino == si.st_ino)
        return call_usage(c, "-o names the input FILE: it would be replaced by what is "
                             "read from it; write somewhere else");
    return CALL_EXIT_OK;
}

/* ---- the selection options -------------------------------------------- */

int call_select_apply(incstat_call *c, int id, const char *v)
{
    call_select *s = &c->sel;
    s->given |= CLI_SEL(id);
    switch (id) {
    case CLI_ID_BY: {
        if (s->so.n_by == 2)
            return call_usage(c, "at most two --by keys");
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
        if (s->nwhere == CALL_MAX_LIST)
            return call_usage(c, "too many --where options (at most %d)", CALL_MAX_LIST);
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
        s->so.estimate = E[cli_pick_word(cli_shared(CLI_ID_ESTIMATE), v, NULL, 0)];
        break;
    }
    case CLI_ID_GAP: {
        int y;
        if (call_parse_year(v, &y) != 0)
            return call_usage(c, "--gap takes a year, not '%s'", v);
        if (s->so.n_gaps == INCSTAT_SUMMARY_MAX_GAPS)
            return call_usage(c, "at most %d --gap years", INCSTAT_SUMMARY_MAX_GAPS);
        s->so.gaps[s->so.n_gaps++] = y;
        break;
    }
    case CLI_ID_AS_OF: {
        incstat_date d;
        if (incstat_value_parse_date(v, strlen(v), INCSTAT_DATE_ORDER_YMD, &d, NULL) !=
            INCSTAT_DATE_OK)
            return call_usage(c, "--as-of takes a date (2025-04-20, 2025-04 or 2025), "
                                 "not '%s'", v);
        s->so.as_of = d;
        break;
    }
    default:
        return call_usage(c, "internal error: option %d", id);
    }
    return CALL_EXIT_OK;
}

incstat_status call_default_aggregate(incstat_filter *f, incstat_loader *ld, incstat_error *err)
{
    int added;
    incstat_status st = incstat_filter_default_aggregate(
        f, incstat_loader_report(ld)->aggregate_entity, &added, err);
    if (!st && added)
        incstat_loader_note_aggregate_only(ld);
    return st;
}

/* Whether name is a column given with --keep (read anyway). */
static int kept(const call_load *o, const char *name)
{
    for (size_t k = 0; k < o->load.n_keep; k++)
        if (strcasecmp(o->keep[k], name) == 0)
            return 1;
    return 0;
}

void call_suggest_where(incstat_call *c)
{
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    if (!sel->nwhere)
        return;
    if (strcmp(o->file, "-") == 0) {
        call_after(c, "  (standard input is read once: give the file's name to see the "
                      "values nearest to each --where)\n");
        return;
    }
    incstat_loader *ld = NULL;
    incstat_filter *f = NULL;
    incstat_error err;
    char buf[2048];
    const char *const *kept_names;
    incstat_load_options lo = o->load;
    lo.progress = NULL;
    if (incstat_loader_open(o->file, &lo, &ld, &err) == INCSTAT_OK &&
        incstat_filter_new_from(sel->where, sel->nwhere, sel->from, sel->to, &f, &err) ==
            INCSTAT_OK) {
        size_t nk = incstat_loader_kept(ld, &kept_names);
        if (incstat_filter_resolve(f, incstat_loader_report(ld), kept_names, nk, &err) ==
                INCSTAT_OK &&
            call_default_aggregate(f, ld, &err) == INCSTAT_OK &&
            incstat_filter_bind(f, kept_names, nk, &err) == INCSTAT_OK) {
            incstat_filter_set_lists(f, incstat_loader_report(ld)->list_fields);
            if (incstat_filter_suggest(f, ld, buf, sizeof buf, &err) == INCSTAT_OK)
                call_after(c, "%s", buf);
        }
    }
    incstat_filter_free(f);
    incstat_loader_free(ld);
}

/* The fields the summary reads: the counts, and what --by and --where name
 * (kept columns are read anyway); a name that is neither may be the file's
 * own name for a field, known once the file is open: then every field. */
static void choose_fields(incstat_call *c)
{
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    size_t nf = 0;
    int other_names = 0;
    if (!sel->incidents_only) {
        sel->fields[nf++] = "killed";
        sel->fields[nf++] = "injured";
    }
    for (size_t k = 0; k < sel->so.n_by; k++) {
        const char *col = sel->so.by[k].column;
        if (sel->so.by[k].kind != INCSTAT_BY_TEXT)
            continue;
        if (call_is_field(col))
            sel->fields[nf++] = col;
        else
            other_names |= !kept(o, col);
    }
    for (size_t k = 0; k < sel->nwhere; k++) {
        size_t len = strcspn(sel->where[k], "=");
        if (len < sizeof sel->wnames[k]) {
            memcpy(sel->wnames[k], sel->where[k], len);
            sel->wnames[k][len] = '\0';
            if (call_is_field(sel->wnames[k]))
                sel->fields[nf++] = sel->wnames[k];
            else
                other_names |= !kept(o, sel->wnames[k]);
        }
    }
    if (!sel->all_fields && !other_names) {
        o->load.fields = sel->fields;
        o->load.n_fields = nf;
    }
}

int call_summarise(incstat_call *c, incstat_summary **out, incstat_loader **ld_out)
{
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    incstat_error err;
    incstat_filter *filter = NULL;
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    int rc = CALL_EXIT_DATA, suggest = 0;
    *out = NULL;
    if (ld_out)
        *ld_out = NULL;
    sel->so.threads = call_threads(c);
    choose_fields(c);

    if (incstat_filter_new_from(sel->where, sel->nwhere, sel->from, sel->to, &filter, &err) !=
        INCSTAT_OK) {
        rc = err.code == INCSTAT_ENOMEM ? CALL_EXIT_DATA : CALL_EXIT_USAGE;
        goto fail;
    }
    /* a range given as years widens the table to it */
    if (sel->from)
        sel->so.from_year = atoi(sel->from);
    if (sel->to)
        sel->so.to_year = atoi(sel->to);
    call_progress_setup(c);
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK)
        goto fail;
    /* the file's own column names for its fields ("Province" is admin1) */
    const char *const *kept_names;
    size_t nk = incstat_loader_kept(ld, &kept_names);
    const incstat_load_report *lrep = incstat_loader_report(ld);
    if (incstat_summary_resolve_by(&sel->so, lrep, kept_names, nk, &err) != INCSTAT_OK ||
        incstat_filter_resolve(filter, lrep, kept_names, nk, &err) != INCSTAT_OK) {
        rc = err.code == INCSTAT_ENOMEM ? CALL_EXIT_DATA : CALL_EXIT_USAGE;
        goto fail;
    }
    if (call_default_aggregate(filter, ld, &err) != INCSTAT_OK)
        goto fail;
    if (incstat_filter_bind(filter, kept_names, nk, &err) != INCSTAT_OK) {
        rc = CALL_EXIT_USAGE; /* a misspelt field name */
        goto fail;
    }
    incstat_filter_set_lists(filter, incstat_loader_report(ld)->list_fields);
    incstat_status sst = incstat_summary_from_loader(ld, &sel->so, filter, &s, &err);
    call_progress_done(c);
    if (sst != INCSTAT_OK) {
        if (err.code == INCSTAT_ENOCOLUMN)
            rc = CALL_EXIT_USAGE; /* --by names no field */
        else if (err.code == INCSTAT_EEMPTY) {
            sel->empty = 1;
            const incstat_load_report *rep = incstat_loader_report(ld);
            call_report(c, rep);
            incstat_summary_why_empty(rep, &sel->so, err.message, sizeof err.message);
            suggest = strstr(err.message, "passed --where") != NULL;
        }
        goto fail;
    }
    const incstat_load_report *rep = incstat_loader_report(ld);
    call_report(c, rep);
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
        incstat_summary_write_notes(s, c->log, NULL);
    sel->filter = filter;
    *out = s;
    if (ld_out)
        *ld_out = ld;
    else
        incstat_loader_free(ld);
    return CALL_EXIT_OK;
fail:
    call_progress_done(c);
    call_fail(c, &err, rc);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    incstat_filter_free(filter);
    if (suggest)
        call_suggest_where(c);
    sel->filter = NULL;
    return rc;
}

int call_read_population(incstat_call *c, const char *path, summary_series *se, double *exposure)
{
    incstat_error err;
    if (incstat_population_read(path, se->x, se->n, exposure, &err) != INCSTAT_OK)
        return call_fail(c, &err, CALL_EXIT_DATA);
    for (size_t i = 0; i < se->n; i++)
        if (!isnan(se->y[i]) && isnan(exposure[i]))
            return call_data(c, "%s: no population for %s", path, se->labels[i]);
    return CALL_EXIT_OK;
}

/* ---- incstat_call_load ---------------------------------------------- */

/* The rows of ld that f matches into a new table. */
static incstat_status load_selected(incstat_loader *ld, incstat_filter *f, incstat_table **out,
                                    incstat_error *err)
{
    const char *const *kept_names;
    size_t nk = incstat_loader_kept(ld, &kept_names);
    incstat_table *t = NULL;
    incstat_status st = incstat_table_new(kept_names, nk, &t, err);
    const incstat_incident *inc;
    while (st == INCSTAT_OK && (st = incstat_loader_next(ld, &inc, err)) == INCSTAT_ROW) {
        st = INCSTAT_OK;
        if (incstat_filter_match(f, inc))
            st = incstat_table_append(t, inc, err);
    }
    if (st != INCSTAT_DONE) {
        incstat_table_free(t);
        return st;
    }
    *out = t;
    return INCSTAT_OK;
}

incstat_status incstat_call_load(incstat_call *c, incstat_table **out, incstat_error *err)
{
    *out = NULL;
    if (!c)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "incstat_call_load: no call");
    if (!c->o.file)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no FILE given");
    call_select *sel = &c->sel;
    incstat_load_options lo = c->o.load;
    lo.threads = call_threads(c);
    lo.progress = NULL;
    if (!sel->nwhere && !sel->from && !sel->to) {
        incstat_status st = incstat_load_path(c->o.file, &lo, out, err);
        if (st == INCSTAT_OK)
            call_keep_report(c, incstat_table_report(*out));
        return st;
    }
    incstat_loader *ld = NULL;
    incstat_filter *f = NULL;
    const char *const *kept_names;
    incstat_status st = incstat_filter_new_from(sel->where, sel->nwhere, sel->from, sel->to, &f, err);
    if (st == INCSTAT_OK)
        st = incstat_loader_open(c->o.file, &lo, &ld, err);
    if (st == INCSTAT_OK) {
        size_t nk = incstat_loader_kept(ld, &kept_names);
        const incstat_load_report *rep = incstat_loader_report(ld);
        if ((st = incstat_filter_resolve(f, rep, kept_names, nk, err)) == INCSTAT_OK &&
            (st = call_default_aggregate(f, ld, err)) == INCSTAT_OK &&
            (st = incstat_filter_bind(f, kept_names, nk, err)) == INCSTAT_OK) {
            incstat_filter_set_lists(f, rep->list_fields);
            st = load_selected(ld, f, out, err);
        }
    }
    if (st == INCSTAT_OK)
        call_keep_report(c, incstat_loader_report(ld));
    incstat_filter_free(f);
    incstat_loader_free(ld);
    return st;
}
