/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/chart_map.c: incstat chart map: the boundaries (the shipped ones
 * or --boundaries), one pass over the file that both summarises it (by
 * admin1 for --fill) and gathers the dots, then the map. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef INCSTAT_DATADIR
#define INCSTAT_DATADIR "/usr/local/share/incstat"
#endif

#define PAKISTAN_FILE "pakistan_provinces_ne10m.geojson"
#define WORLD_FILE "world_countries_ne110m.geojson"
#define NE_CREDIT "Made with Natural Earth (public domain)"
#define NE_PK_CREDIT                                                                          \
    "Made with Natural Earth (public domain), generalised by the QGIS project; de facto "     \
    "boundaries"

int cli_map_option(cli_map_args *ma, const cli_option *opt, int k, const char *v)
{
    switch (k) {
    case 0: ma->fill = 1; break;
    case 1: ma->color = v; break;
    case 2: ma->periods = v; break;
    case 3: ma->precision = (map_precision)cli_pick(NULL, opt, v); break;
    case 4: ma->population = v; break;
    case 5: ma->boundaries = v; break;
    case 6: ma->name_field = v; break;
    case 7: ma->north_arrow = 1; break;
    case 8: ma->admin1_from_coords = 1; break;
    }
    return EXIT_OK;
}

/* The shipped file name: $INCSTAT_GEO_DIR, the datasets/ folder of the
 * source tree the program was built in (build/incstat, build/san/incstat),
 * then the installed data folder. */
static int shipped(const char *name, char *path, size_t cap)
{
    const char *env = getenv("INCSTAT_GEO_DIR");
    if (env && *env) {
        snprintf(path, cap, "%s/%s", env, name);
        return access(path, R_OK) == 0;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
        static const char *const up[] = {"/../datasets", "/../../datasets"};
        for (size_t i = 0; i < 2; i++) {
            snprintf(path, cap, "%s%s/%s", exe, up[i], name);
            if (access(path, R_OK) == 0)
                return 1;
        }
    }
    snprintf(path, cap, "%s/%s", INCSTAT_DATADIR, name);
    return access(path, R_OK) == 0;
}

int cli_read_boundaries(const char *path, const char *name_field, incstat_boundaries **b)
{
    incstat_error err;
    char buf[PATH_MAX + 64];
    const char *credit = NULL;
    if (!path || strcmp(path, "pakistan") == 0 || strcmp(path, "world") == 0) {
        int world = path && strcmp(path, "world") == 0;
        if (!shipped(world ? WORLD_FILE : PAKISTAN_FILE, buf, sizeof buf)) {
            fprintf(stderr, "incstat: the shipped boundaries %s are not found (looked in "
                            "$INCSTAT_GEO_DIR, datasets/ and %s): give --boundaries FILE\n",
                    world ? WORLD_FILE : PAKISTAN_FILE, INCSTAT_DATADIR);
            return EXIT_DATA;
        }
        path = buf;
        credit = world ? NE_CREDIT : NE_PK_CREDIT;
        if (!name_field)
            name_field = world ? "NAME" : "name";
    }
    if (incstat_boundaries_read(path, name_field, b, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    if (!credit) {
        /* a file of the caller's: named, as its licence may require more */
        const char *base = strrchr(path, '/');
        snprintf(buf, sizeof buf, "%s", base ? base + 1 : path);
        credit = buf;
    }
    if (incstat_boundaries_set_attribution(*b, credit, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_boundaries_free(*b);
        *b = NULL;
        return EXIT_DATA;
    }
    return EXIT_OK;
}

/* --periods 2007-2010,2011-2014 (or single years). */
static int parse_periods(const char *v, map_build_args *a)
{
    const char *p = v;
    while (*p) {
        if (a->n_periods == MAP_MAX_PERIODS)
            return cli_usage_error("chart", "--periods: at most %d spans", MAP_MAX_PERIODS);
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
        return EXIT_OK;
bad:
    return cli_usage_error("chart", "--periods takes spans of years like 2007-2010,2011-2014, "
                                    "not '%s'", v);
}

/* region,population per line into pop[] (per region of b; NaN unknown). */
static int read_population(const char *path, const incstat_boundaries *b, double *pop)
{
    size_t n = incstat_boundaries_count(b);
    for (size_t i = 0; i < n; i++)
        pop[i] = NAN;
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "incstat: %s: cannot open\n", path);
        return EXIT_DATA;
    }
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
            fprintf(stderr, "incstat: %s: line %lu: not a population: '%s'\n", path, ln,
                    comma + 1);
            fclose(fp);
            return EXIT_DATA;
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
            fprintf(stderr, "incstat: %s: line %lu: no region '%s' in the boundaries\n", path,
                    ln, name);
            fclose(fp);
            return EXIT_DATA;
        }
        pop[r] = v;
    }
    fclose(fp);
    return EXIT_OK;
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

void cli_place_from_coordinates(incstat_summary_options *so, const incstat_boundaries *b)
{
    so->place = place_of;
    so->place_ctx = (void *)b;
}

/* The text column --color names: a canonical text field or a kept column
 * (added to --keep); -1 for year; -2 unknown. */
static long colour_column(cli_load *o, const char *name, int *year)
{
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
    if (cli_load_apply(o, "chart", CLI_ID_KEEP, name) != EXIT_OK)
        return -2;
    return INCSTAT_TEXT_COUNT + (long)o->load.n_keep - 1;
}

int cli_map_chart(cli_load *o, cli_select *sel, cli_map_args *ma, chart_summary_args *ca,
                  incstat_chart_style *st, const char *out, int fmt)
{
    map_build_args a;
    memset(&a, 0, sizeof a);
    a.fill = ma->fill;
    a.metric = ca->metric == SUMMARY_METRIC_INJURED     ? MAP_METRIC_INJURED
               : ca->metric == SUMMARY_METRIC_INCIDENTS ? MAP_METRIC_INCIDENTS
                                                        : MAP_METRIC_KILLED;
    a.title = ca->title;
    a.subtitle = ca->subtitle;
    a.source = ca->source;
    a.input = o->file;
    a.north_arrow = ma->north_arrow;
    a.precision = ma->precision;
    int rc;
    if (ma->periods && (rc = parse_periods(ma->periods, &a)) != EXIT_OK)
        return rc;
    /* --by year: panels; any other --by is not a map's */
    for (size_t k = 0; k < sel->so.n_by; k++) {
        if (sel->so.by[k].kind == INCSTAT_BY_YEAR && !a.n_periods)
            a.by_year = 1;
        else
            return cli_usage_error("chart", "chart map takes --by year (a panel per year) or "
                                            "--periods, not another --by");
    }
    if (ma->population && !ma->fill)
        return cli_usage_error("chart", "--population gives rates of the provinces: it needs "
                                        "--fill admin1");
    if (ma->admin1_from_coords && !ma->fill)
        return cli_usage_error("chart", "--admin1-from-coordinates counts provinces: it needs "
                                        "--fill admin1");
    if (ma->color && ma->fill)
        return cli_usage_error("chart", "--color colours the dots: not with --fill");
    map_collect mc;
    memset(&mc, 0, sizeof mc);
    mc.metric = a.metric;
    mc.estimate = sel->so.estimate;
    mc.color_col = colour_column(o, ma->color, &mc.color_year);
    if (mc.color_col == -2)
        return EXIT_USAGE;
    if (ma->color && !mc.color_year && mc.color_col < 0)
        return cli_usage_error("chart", "--color takes year or a field, not '%s'", ma->color);

    incstat_boundaries *b = NULL;
    if ((rc = cli_read_boundaries(ma->boundaries, ma->name_field, &b)) != EXIT_OK)
        return rc;
    double *pop = NULL;
    incstat_summary *s = NULL;
    incstat_loader *ld = NULL;
    incstat_chart *c = NULL;
    incstat_error err;
    rc = EXIT_DATA;
    if (ma->population) {
        pop = calloc(incstat_boundaries_count(b), sizeof *pop);
        if (!pop || (rc = read_population(ma->population, b, pop)) != EXIT_OK) {
            rc = EXIT_DATA;
            goto done;
        }
        a.population = pop;
    }
    /* one pass: the summary (by admin1 for the shading, by year otherwise)
     * and, for dots, every incident through the observer */
    /* the shading needs the counts and admin1 (cli_summarise reads what
     * --by names); dots and places from coordinates need every field */
    sel->all_fields = !ma->fill || ma->admin1_from_coords;
    sel->so.n_by = 0;
    if (ma->fill) {
        if (a.by_year || a.n_periods)
            sel->so.by[sel->so.n_by++] = (incstat_by){INCSTAT_BY_YEAR, NULL};
        sel->so.by[sel->so.n_by++] = (incstat_by){INCSTAT_BY_TEXT, "admin1"};
        if (ma->admin1_from_coords)
            cli_place_from_coordinates(&sel->so, b);
    } else {
        sel->so.observe = map_collect_add_;
        sel->so.observe_ctx = &mc;
    }
    if ((rc = cli_summarise(o, sel, &s, &ld)) != EXIT_OK)
        goto done;
    rc = EXIT_DATA;
    if (mc.failed) {
        fprintf(stderr, "incstat: out of memory\n");
        goto done;
    }
    /* the precision codes' meaning, from the column the loader took */
    a.rough_from = NAN;
    const incstat_load_report *rep = incstat_loader_report(ld);
    for (size_t i = 0; i < rep->n_mapping; i++)
        if (strcmp(rep->mapping[i].field, "precision") == 0)
            a.rough_from = map_rough_from_(rep->columns[rep->mapping[i].column].name);
    if (!ma->fill && mc.n == 0) {
        fprintf(stderr, "incstat: %s: no incident has coordinates (latitude and longitude): "
                        "nothing to draw as dots; --fill admin1 shades the provinces\n",
                o->file);
        goto done;
    }
    if (map_build_(&a, ma->fill ? NULL : &mc, s, b, &c, &err) != 0 ||
        incstat_chart_set_style(c, st, &err) != INCSTAT_OK) {
        cli_error(&err);
        goto done;
    }
    incstat_status ws = strcmp(out, "-") == 0
                            ? incstat_chart_write_stream(c, stdout, (incstat_chart_format)fmt, st, &err)
                            : incstat_chart_write(c, out, (incstat_chart_format)fmt, st, &err);
    if (ws != INCSTAT_OK) {
        cli_error(&err);
        goto done;
    }
    rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_DATA;
done:
    incstat_chart_free(c);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    cli_select_free(sel);
    map_collect_free_(&mc);
    incstat_boundaries_free(b);
    free(pop);
    return rc;
}
