/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_map.c: the report's map ("Where"), drawn on the caller's
 * boundaries (incstat_report_options.boundaries) by the builder chart map
 * uses (src/chart/map_build.c): one dot per incident when the table has
 * coordinates, else the provinces (admin1) shaded by the number killed.
 * When the table has neither, or its places are not in the boundaries,
 * there is no map and report_ctx.map_why says why (the data section says
 * it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* The precision codes' meaning, from the column the loader took them from. */
static double rough_from(const incstat_load_report *rep)
{
    for (size_t i = 0; i < rep->n_mapping; i++)
        if (strcmp(rep->mapping[i].field, "precision") == 0)
            return map_rough_from_(rep->columns[rep->mapping[i].column].name);
    return NAN;
}

/* The summary options of the report's selection, with by as given. */
static void base_options(const report_ctx *c, incstat_summary_options *so, incstat_by by)
{
    *so = c->opt->summary;
    so->n_by = 1;
    so->by[0] = by;
    so->from_year = c->opt->from ? atoi(c->opt->from) : 0;
    so->to_year = c->opt->to ? atoi(c->opt->to) : 0;
    so->observe = NULL;
    so->place = NULL;
}

/* Dots: every incident the filter passes through the collector.  1 when
 * there are dots inside the boundaries, 0 when not (why in c->map_why),
 * -1 with err. */
static int gather_dots(const incstat_table *t, const incstat_filter *filter, report_ctx *c,
                       incstat_error *err)
{
    const incstat_boundaries *b = c->opt->boundaries;
    map_collect *mc = incstat_calloc(1, sizeof *mc);
    if (!mc) {
        incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "report: out of memory");
        return -1;
    }
    mc->metric = MAP_METRIC_KILLED;
    mc->estimate = c->estimate;
    mc->color_col = -1;
    incstat_summary_options so;
    base_options(c, &so, (incstat_by){INCSTAT_BY_YEAR, NULL});
    so.observe = map_collect_add_;
    so.observe_ctx = mc;
    incstat_summary *s = NULL;
    if (incstat_summary_from_table(t, &so, filter, &s, err) != INCSTAT_OK || mc->failed) {
        if (mc->failed)
            incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "report: out of memory");
        map_collect_free_(mc);
        incstat_free_mem(mc);
        return err->code == INCSTAT_ENOMEM ? -1 : 0;
    }
    c->map_sum = s; /* the yearly sums the dots' title reads its span from */
    c->dots = mc;
    const map_store *d = &mc->dots;
    if (d->n == 0)
        return 0; /* coordinates in no row: the provinces, if any */
    size_t inside = 0;
    for (size_t i = 0; i < d->n && !inside; i++)
        inside += incstat_boundaries_locate(b, MAP_DOT(d, lon, i), MAP_DOT(d, lat, i)) !=
                  INCSTAT_MAP_NONE;
    if (!inside) {
        snprintf(c->map_why, sizeof c->map_why,
                 "No map: none of the %zu incidents with coordinates falls inside the "
                 "boundaries (%s).", d->n, incstat_boundaries_attribution(b));
        return 0;
    }
    return 1;
}

/* The provinces: the summary by admin1; 1 when a province of the data is a
 * region of the boundaries, 0 when not (why in c->map_why), -1 with err. */
static int gather_provinces(const incstat_table *t, const incstat_filter *filter, report_ctx *c,
                            incstat_error *err)
{
    const incstat_boundaries *b = c->opt->boundaries;
    incstat_summary_options so;
    base_options(c, &so, (incstat_by){INCSTAT_BY_TEXT, "admin1"});
    incstat_summary *s = NULL;
    if (incstat_summary_from_table(t, &so, filter, &s, err) != INCSTAT_OK)
        return err->code == INCSTAT_ENOMEM ? -1 : 0;
    size_t nreg = incstat_boundaries_count(b);
    double *values = incstat_reallocarray(NULL, nreg ? nreg : 1, sizeof *values);
    if (!values) {
        incstat_summary_free(s);
        incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "report: out of memory");
        return -1;
    }
    map_build_args a;
    memset(&a, 0, sizeof a);
    a.fill = 1;
    char unmatched[200];
    int merged;
    uint64_t unknown;
    map_region_values_(s, b, &a, 0, 1, values, unmatched, sizeof unmatched, &merged, &unknown);
    size_t matched = 0;
    for (size_t r = 0; r < nreg; r++)
        matched += !isnan(values[r]);
    incstat_free_mem(values);
    if (!matched) {
        if (unmatched[0])
            snprintf(c->map_why, sizeof c->map_why,
                     "No map: no province of the data is a region of the boundaries (%s): "
                     "%s.", incstat_boundaries_attribution(b), unmatched);
        else
            snprintf(c->map_why, sizeof c->map_why,
                     "No map: no incident has a province (admin1) or coordinates.");
        incstat_summary_free(s);
        return 0;
    }
    c->map_sum = s;
    return 1;
}

incstat_status report_map_gather(const incstat_table *t, const incstat_filter *filter,
                                 report_ctx *c, incstat_error *err)
{
    if (!c->opt->boundaries)
        return INCSTAT_OK;
    c->rough_from = rough_from(c->rep);
    if (c->periods) {
        snprintf(c->map_why, sizeof c->map_why,
                 "No map: the rows are not incidents, so they have no places.");
        return INCSTAT_OK;
    }
    int coords = report_has_field(c->rep, "latitude") && report_has_field(c->rep, "longitude");
    int provinces = report_has_field(c->rep, "admin1");
    if (!coords && !provinces) {
        snprintf(c->map_why, sizeof c->map_why,
                 "No map: the file has neither coordinates (latitude and longitude) nor "
                 "provinces (admin1).");
        return INCSTAT_OK;
    }
    int got = 0;
    if (coords && (got = gather_dots(t, filter, c, err)) < 0)
        return err->code;
    if (got || c->map_why[0])
        return INCSTAT_OK;
    /* no dots at all: the provinces */
    report_map_free(c);
    if (!provinces) {
        snprintf(c->map_why, sizeof c->map_why,
                 "No map: no incident has coordinates, and the file has no provinces "
                 "(admin1).");
        return INCSTAT_OK;
    }
    if (gather_provinces(t, filter, c, err) < 0)
        return err->code;
    return INCSTAT_OK;
}

void report_map_free(report_ctx *c)
{
    if (c->dots) {
        map_collect_free_(c->dots);
        incstat_free_mem(c->dots);
        c->dots = NULL;
    }
    incstat_summary_free(c->map_sum);
    c->map_sum = NULL;
}

void report_map_section(report_doc *d, const report_ctx *c)
{
    if (!c->map_sum || c->map_why[0])
        return;
    int dots = c->dots != NULL;
    report_add_heading(d, "Where", "map");
    map_build_args a;
    memset(&a, 0, sizeof a);
    a.fill = !dots;
    a.metric = MAP_METRIC_KILLED;
    a.input = c->input;
    a.rough_from = c->rough_from;
    a.precision = MAP_PRECISION_HOLLOW;
    a.threads = c->opt->load ? c->opt->load->threads : 0;
    incstat_chart *ch = NULL;
    incstat_error err;
    const char *why = NULL;
    if (map_build_(&a, c->dots, c->map_sum, c->opt->boundaries, &ch, &err) != 0)
        why = report_doc_printf(d, "Map not drawn: %s", err.message);
    report_block *b = report_doc_add(d, REPORT_CHART, why);
    if (!b) {
        incstat_chart_free(ch);
        return;
    }
    b->chart = ch;
    b->alt = dots ? "Map: one dot per incident where it happened, its area by the number "
                    "killed."
                  : "Map: the provinces shaded by the number of people killed in each.";
    b->aspect = 0.75; /* a map is nearer square than a time series */
    report_doc_add(d, REPORT_NOTE,
                   !dots ? "The file gives provinces but no coordinates: each province is "
                           "shaded by the number of people killed in it."
                   : isnan(c->rough_from)
                       ? "Each dot is an incident where the source places it."
                       : "Each dot is an incident where the source places it; a hollow dot "
                         "is one placed only roughly (to the province or the country).");
}
