/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_build.h (private): maps built from incidents (dots) and from
 * a summary by admin1 (a choropleth), for the chart command and the report
 * (src/chart/map_build.c).  Never installed. */
#ifndef INCSTAT_SRC_CHART_MAP_BUILD_H
#define INCSTAT_SRC_CHART_MAP_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/chart.h"
#include "incstat/map.h"
#include "incstat/summary.h"
#include "incstat/table.h"
#include "chart/map_internal.h"

/* What a dot's size and a region's value count. */
typedef enum { MAP_METRIC_KILLED = 0, MAP_METRIC_INJURED, MAP_METRIC_INCIDENTS } map_metric;

/* How imprecise places are drawn. */
typedef enum { MAP_PRECISION_HOLLOW = 0, MAP_PRECISION_OMIT, MAP_PRECISION_ALL } map_precision;

#define MAP_MAX_CATS 4096
#define MAP_MAX_PERIODS 64

typedef struct map_outside_grid map_outside_grid; /* (below) */

/* The incidents a dot map draws, gathered one by one (map_collect_add_ is
 * an incstat_summary_options.observe callback). */
typedef struct {
    /* set before collecting */
    map_metric metric;
    incstat_estimate estimate;
    long color_col;      /* text field or kept column to colour by; -1: none */
    int color_year;      /* colour by spans of years */
    int keep_year;       /* each dot's year kept (panels, colour by year); the
                          * span of years is kept whatever this says */
    /* gathered: the dots, with their year, their category in group (an
     * index into cats; UINT32_MAX: unknown) and their precision code in
     * hollow (255: unknown) */
    map_store dots;
    int year_min, year_max; /* of the dots with a year; 0: none has one */
    char **cats;
    uint64_t *cat_count;
    size_t n_cats;
    uint64_t seen, no_coords;
    /* set before collecting to count the dots outside the boundaries as
     * they are gathered (each chunk its own, in parallel); NULL: map_build_
     * counts them afterwards */
    const map_outside_grid *outside_grid;
    uint64_t outside; /* with outside_grid: the dots no region holds */
    int failed; /* out of memory: the map is not drawn */
} map_collect;

void map_collect_add_(void *ctx, const incstat_incident *inc);
/* The observe_fork and observe_join of incstat_summary_options: a dot map
 * read in parallel chunks, joined in file order (the same dots, counts and
 * categories in the same order as one pass). */
void *map_collect_fork_(void *ctx);
void map_collect_join_(void *into, void *chunk);
void map_collect_free_(map_collect *mc);
/* (map_bounds.c) A grid over boundaries b (kept, not copied) of cells known
 * to be wholly inside or outside every region, for map_outside_: the same
 * answer as incstat_boundaries_locate() == INCSTAT_MAP_NONE, faster.
 * one_by_one: no grid (worth it only for thousands of points), every
 * point located.  Read-only once built: threads may share it.  NULL: out
 * of memory. */
map_outside_grid *map_outside_grid_new_(const incstat_boundaries *b, int one_by_one);
int map_outside_(const map_outside_grid *og, double lon, double lat);
void map_outside_grid_free_(map_outside_grid *og);
/* (map_bounds.c) How many of the n points (lon[i], lat[i]) no region holds: as
 * incstat_boundaries_locate() one by one, through a grid of cells known to
 * be wholly inside or outside. */
size_t map_count_outside_(const incstat_boundaries *b, const double *lon, const double *lat,
                          size_t n);

/* The precision codes from which a source's place is rough (province or
 * worse), by the name of the column that holds them: ACLED geo_precision 3,
 * UCDP GED where_prec 4, GTD specificity 4; NaN when the name is not one of
 * these (the codes' meaning is not known). */
double map_rough_from_(const char *column);

typedef struct {
    int fill;                /* 1: a choropleth of the summary by admin1 */
    map_metric metric;
    const char *title, *subtitle, *source; /* NULL: defaults */
    const char *input;       /* for the default caption */
    const char *place_word;  /* "incidents" */
    /* panels: by year (by_year) or by spans of years */
    int by_year;
    int period_from[MAP_MAX_PERIODS], period_to[MAP_MAX_PERIODS];
    size_t n_periods;
    /* choropleth: population per region (NaN unknown; NULL: counts, not rates) */
    const double *population;
    int north_arrow;
    unsigned threads; /* for the dots (incstat_map_options.threads) */
    double rough_from;       /* precision codes >= this are rough (NaN: none are known) */
    map_precision precision;
    const char *where_note; /* the selection, for the title; may be NULL */
} map_build_args;

/* The regions' values from a finished summary whose keys are admin1, or
 * year and admin1 (a time key first): values[p * nreg + r] for panel p
 * (n_panels of them: by year from first_year, or the spans of a; 1 without
 * panels), NaN for a region no row names.  Names are matched by
 * incstat_boundaries_find.  unmatched (cap bytes) gets the names that
 * match no region with their incidents ("Foo (3)"), merged the note of FATA
 * counted in Khyber Pakhtunkhwa; *unknown the incidents without admin1.
 * 0, or -1 out of memory. */
int map_region_values_(const incstat_summary *s, const incstat_boundaries *b,
                       const map_build_args *a, int first_year, size_t n_panels,
                       double *values, char *unmatched, size_t cap, int *merged,
                       uint64_t *unknown);

/* The map: dots from mc (may be NULL with fill) or the choropleth of s (may
 * be NULL without fill), on b, into *out (the caller's).  0, or -1 with err
 * filled. */
int map_build_(const map_build_args *a, const map_collect *mc, const incstat_summary *s,
               const incstat_boundaries *b, incstat_chart **out, incstat_error *err);
/* map_build_, the chart taking mc's dot arrays where it can (one panel):
 * mc may be left with no dots, and is still the caller's to free. */
int map_build_taking_(const map_build_args *a, map_collect *mc, const incstat_summary *s,
                      const incstat_boundaries *b, incstat_chart **out, incstat_error *err);

#endif
