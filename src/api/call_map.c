/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_map.c: chart map: the boundaries (the shipped ones or
 * --boundaries), one pass over the file that both summarises it (by admin1
 * for --fill) and gathers the dots, then the map. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/call_internal.h"

#ifndef INCSTAT_DATADIR
#define INCSTAT_DATADIR "/usr/local/share/incstat"
#endif

#define PAKISTAN_FILE "pakistan_provinces_ne10m.geojson"
#define WORLD_FILE "world_countries_ne110m.geojson"
#define NE_CREDIT "Made with Natural Earth (public domain)"
#define NE_PK_CREDIT                                                                          \
    "Made with Natural Earth (public domain), generalised by the QGIS project; de facto "     \
    "boundaries"

int call_map_option(call_map_args *ma, const cli_option *opt, int k, const char *v)
{
    switch (k) {
    case 0: ma->fill = 1; break;
    case 1: ma->color = v; break;
    case 2: ma->periods = v; break;
    case 3: ma->precision = (map_precision)cli_pick_word(opt, v, NULL, 0); break;
    case 4: ma->population = v; break;
    case 5: ma->boundaries = v; break;
    case 6: ma->name_field = v; break;
    case 7: ma->north_arrow = 1; break;
    case 8: ma->admin1_from_coords = 1; break;
    }
    return CALL_EXIT_OK;
}

/* The shipped file name in c's data folder (the library reads no
 * environment: the command line says where the folder is). */
static int shipped(const incstat_call *c, const char *name, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", c->data_dir ? c->data_dir : INCSTAT_DATADIR, name);
    return access(path, R_OK) == 0;
}

int call_read_boundaries(incstat_call *c, const char *path, const char *name_field,
                         incstat_boundaries **b)
{
    incstat_error err;
    char buf[4096 + 64];
    const char *credit = NULL;
    if (!path || strcmp(path, "pakistan") == 0 || strcmp(path, "world") == 0) {
        int world = path && strcmp(path, "world") == 0;
        if (!shipped(c, world ? WORLD_FILE : PAKISTAN_FILE, buf, sizeof buf))
            return call_data(c, "the shipped boundaries %s are not found (looked in %s): give "
                                "--boundaries FILE", world ? WORLD_FILE : PAKISTAN_FILE,
                             c->data_dir ? c->data_dir : INCSTAT_DATADIR);
        path = buf;
        credit = world ? NE_CREDIT : NE_PK_CREDIT;
        if (!name_field)
            name_field = world ? "NAME" : "name";
    }
    if (incstat_boundaries_read(path, name_field, b, &err) != INCSTAT_OK)
        return call_fail(c, &err, CALL_EXIT_DATA);
    if (!credit) {
        /* a file of the caller's: named, as its licence may require more */
        const char *base = strrchr(path, '/');
        snprintf(buf, sizeof buf, "%s", base ? base + 1 : path);
        credit = buf;
    }
    if (incstat_boundaries_set_attribution(*b, credit, &err) != INCSTAT_OK) {
        incstat_boundaries_free(*b);
        *b = NULL;
        return call_fail(c, &err, CALL_EXIT_DATA);
    }
    return CALL_EXIT_OK;
}

/* --periods 2007-2010,2011-2014 (or single years). */
static int parse_periods(incstat_call *c, const char *v, map_build_args *a)
{
    const char *p = v;
    while (*p) {
        if (a->n_periods == MAP_MAX_PERIODS)
            return call_usage(c, "--periods: at most %d spans", MAP_MAX_PERIODS);
        char *end;
        long y0 = strtol(p, &end, 10), y1 = y0;
        if (end == p)
            goto bad;
        if (*end == '-') {
            p = end + 1;
            y1 = strtol(p, &end, 10);
            if (end == p)
                goto bad;
        }
        if (y0 < 1000 || y1 > 2999 || y1 < y0)
            goto bad;
        a->period_from[a->n_periods] = (int)y0;
        a->period_to[a->n_periods] = (int)y1;
        a->n_periods++;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            goto bad;
    }
    if (a->n_periods)
        return CALL_EXIT_OK;
bad:
    return call_usage(c, "--periods takes spans of years like 2007-2010,2011-2014, not '%s'", v);
}

/* region,population per line into pop[] (per region of b; NaN unknown). */
static int read_population(incstat_call *c, const char *path, const incstat_boundaries *b, double *pop)
{
    size_t n = incstat_boundaries_count(b);
    for (size_t i = 0; i < n; i++)
        pop[i] = NAN;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return call_data(c, "%s: cannot open", path);
    char line[512];
    unsigned long ln = 0;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        char *comma = strrchr(line, ',');
        if (!comma)
            continue;
        *comma = 0;
        char *end;
        double v = strtod(comma + 1, &end);
        while (*end == '\r' || *end == '\n' || *end == ' ')
            end++;
        if (*end || end == comma + 1 || !(v > 0)) {
            if (ln == 1)
                continue; /* a header */
            fclose(fp);
            return call_data(c, "%s: line %lu: not a population: '%s'", path, ln, comma + 1);
        }
        char *name = line;
        if (*name == '"') {
            name++;
            size_t l = strlen(name);
            if (l && name[l - 1] == '"')
                name[l - 1] = 0;
        }
        size_t r = incstat_boundaries_find(b, name, strlen(name), NULL);
        if (r == INCSTAT_MAP_NONE) {
            fclose(fp);
            return call_data(c, "%s: line %lu: no region '%s' in the boundaries", path, ln, name);
        }
        pop[r] = v;
    }
    fclose(fp);
    return CALL_EXIT_OK;
}

/* summary --admin1-from-coordinates and chart map: the region's name. */
static const char *place_of(void *ctx, double lon, double lat, size_t *len)
{
    const incstat_boundaries *b = ctx;
    size_t r = incstat_boundaries_locate(b, lon, lat);
    if (r == INCSTAT_MAP_NONE)
        return NULL;
    const char *name = incstat_boundaries_name(b, r);
    *len = strlen(name);
    return name;
}

void call_place_from_coordinates(incstat_summary_options *so, const incstat_boundaries *b)
{
    so->place = place_of;
    so->place_ctx = (void *)b;
}

/* The text column --color names: a canonical text field or a kept column
 * (added to --keep); -1 for year; -2 unknown. */
static long colour_column(incstat_call *c, const char *name, int *year)
{
    const call_load *o = &c->o;
    *year = 0;
    if (!name)
        return -1;
    if (strcmp(name, "year") == 0 || strcmp(name, "period") == 0) {
        *year = 1;
        return -1;
    }
    for (int f = 0; f < INCSTAT_TEXT_COUNT; f++)
        if (strcmp(incstat_text_field_name((incstat_text_field)f), name) == 0)
            return f;
    for (size_t k = 0; k < o->load.n_keep; k++)
        if (strcmp(o->keep[k], name) == 0)
            return INCSTAT_TEXT_COUNT + (long)k;
    if (call_load_apply(c, CLI_ID_KEEP, name) != CALL_EXIT_OK)
        return -2;
    return INCSTAT_TEXT_COUNT + (long)o->load.n_keep - 1;
}

int call_map_chart(incstat_call *c, call_map_args *ma, chart_summary_args *ca,
                   incstat_chart_style *st, const char *out, int fmt)
{
    call_select *sel = &c->sel;
    map_build_args a;
    memset(&a, 0, sizeof a);
    a.fill = ma->fill;
    a.metric = ca->metric == SUMMARY_METRIC_INJURED     ? MAP_METRIC_INJURED
               : ca->metric == SUMMARY_METRIC_INCIDENTS ? MAP_METRIC_INCIDENTS
                                                        : MAP_METRIC_KILLED;
    a.title = ca->title;
    a.subtitle = ca->subtitle;
    a.source = ca->source;
    a.input = c->o.file;
    a.north_arrow = ma->north_arrow;
    a.threads = call_threads(c);
    a.precision = ma->precision;
    int rc;
    if (ma->periods && (rc = parse_periods(c, ma->periods, &a)) != CALL_EXIT_OK)
        return rc;
    /* --by year: panels; any other --by is not a map's */
    for (size_t k = 0; k < sel->so.n_by; k++) {
        if (sel->so.by[k].kind == INCSTAT_BY_YEAR && !a.n_periods)
            a.by_year = 1;
        else
            return call_usage(c, "chart map takes --by year (a panel per year) or --periods, "
                                 "not another --by");
    }
    if (ma->population && !ma->fill)
        return call_usage(c, "--population gives rates of the provinces: it needs --fill admin1");
    if (ma->admin1_from_coords && !ma->fill)
        return call_usage(c, "--admin1-from-coordinates counts provinces: it needs --fill admin1");
    if (ma->color && ma->fill)
        return call_usage(c, "--color colours the dots: not with --fill");
    map_collect mc;
    memset(&mc, 0, sizeof mc);
    mc.metric = a.metric;
    mc.estimate = sel->so.estimate;
    mc.color_col = colour_column(c, ma->color, &mc.color_year);
    if (mc.color_col == -2)
        return CALL_EXIT_USAGE;
    if (ma->color && !mc.color_year && mc.color_col < 0)
        return call_usage(c, "--color takes year or a field, not '%s'", ma->color);
    mc.keep_year = a.by_year || a.n_periods || mc.color_year;

    incstat_boundaries *b = NULL;
    if ((rc = call_read_boundaries(c, ma->boundaries, ma->name_field, &b)) != CALL_EXIT_OK)
        return rc;
    double *pop = NULL;
    incstat_summary *s = NULL;
    incstat_loader *ld = NULL;
    incstat_chart *ch = NULL;
    map_outside_grid *grid = NULL;
    incstat_error err;
    if (ma->population) {
        pop = calloc(incstat_boundaries_count(b), sizeof *pop);
        if (!pop) {
            rc = call_data(c, "out of memory");
            goto done;
        }
        if ((rc = read_population(c, ma->population, b, pop)) != CALL_EXIT_OK)
            goto done;
        a.population = pop;
    }
    /* one pass: the summary (by admin1 for the shading, by year otherwise)
     * and, for dots, every incident through the observer */
    /* the shading needs the counts and admin1 (call_summarise reads what
     * --by names); dots and places from coordinates the places too, and
     * the dots their precision and the field they are coloured by: only
     * these are read */
    sel->n_extra = 0;
    if (!ma->fill || ma->admin1_from_coords) {
        sel->extra[sel->n_extra++] = "latitude";
        sel->extra[sel->n_extra++] = "longitude";
    }
    if (!ma->fill) {
        sel->extra[sel->n_extra++] = "precision";
        if (ma->color && !mc.color_year)
            sel->extra[sel->n_extra++] = ma->color;
    }
    sel->so.n_by = 0;
    if (ma->fill) {
        if (a.by_year || a.n_periods)
            sel->so.by[sel->so.n_by++] = (incstat_by){INCSTAT_BY_YEAR, NULL};
        sel->so.by[sel->so.n_by++] = (incstat_by){INCSTAT_BY_TEXT, "admin1"};
        if (ma->admin1_from_coords)
            call_place_from_coordinates(&sel->so, b);
    } else {
        sel->so.observe = map_collect_add_;
        sel->so.observe_ctx = &mc;
        /* the dots outside the boundaries counted by each chunk as it
         * gathers them (out of memory: counted after, serially) */
        if (b)
            grid = map_outside_grid_new_(b, 0);
        mc.outside_grid = grid;
        /* in parallel: each chunk gathers its dots, joined in file order */
        sel->so.observe_fork = map_collect_fork_;
        sel->so.observe_join = map_collect_join_;
    }
    if ((rc = call_summarise(c, &s, &ld)) != CALL_EXIT_OK)
        goto done;
    if (mc.failed) {
        rc = call_data(c, "out of memory");
        goto done;
    }
    /* the precision codes' meaning, from the column the loader took */
    a.rough_from = NAN;
    const incstat_load_report *rep = incstat_loader_report(ld);
    for (size_t i = 0; i < rep->n_mapping; i++)
        if (strcmp(rep->mapping[i].field, "precision") == 0)
            a.rough_from = map_rough_from_(rep->columns[rep->mapping[i].column].name);
    if (!ma->fill && mc.dots.n == 0) {
        rc = call_data(c, "%s: no incident has coordinates (latitude and longitude): nothing to "
                          "draw as dots; --fill admin1 shades the provinces", c->o.file);
        goto done;
    }
    rc = CALL_EXIT_DATA;
    if (map_build_taking_(&a, ma->fill ? NULL : &mc, s, b, &ch, &err) != 0 ||
        incstat_chart_set_style(ch, st, &err) != INCSTAT_OK) {
        call_fail(c, &err, rc);
        goto done;
    }
    incstat_status ws = strcmp(out, "-") == 0
                            ? incstat_chart_write_stream(ch, c->out, (incstat_chart_format)fmt, st, &err)
                            : incstat_chart_write(ch, out, (incstat_chart_format)fmt, st, &err);
    if (ws != INCSTAT_OK) {
        call_fail(c, &err, rc);
        goto done;
    }
    call_wrote(c, out);
    rc = fflush(c->out) == 0 ? CALL_EXIT_OK : call_data(c, "error writing the output");
done:
    /* the summary options point at b and mc: not past this call */
    sel->so.place = NULL;
    sel->so.observe = NULL;
    sel->so.observe_fork = NULL;
    sel->so.observe_join = NULL;
    incstat_chart_free(ch);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    map_collect_free_(&mc);
    map_outside_grid_free_(grid); /* before b, which it points at */
    incstat_boundaries_free(b);
    free(pop);
    return rc;
}
