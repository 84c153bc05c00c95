/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_draw.h (private): what drawing a map (map_draw.c) shares
 * with compositing its dots on an image (map_dots.c): the projection, the
 * scales the panels share, the colour of a group.  Never installed. */
#ifndef INCSTAT_SRC_CHART_MAP_DRAW_H
#define INCSTAT_SRC_CHART_MAP_DRAW_H

#include <math.h>
#include <stdint.h>

#include "chart/chart_internal.h"
#include "chart/map_internal.h"

#define DOT_ALPHA 0.55

/* ---- the projection ------------------------------------------------------- */

typedef struct {
    double box[4]; /* lon0, lat0, lon1, lat1 drawn */
    double kx;     /* cos(latitude at the centre) */
    double s;      /* points per projected degree */
    double ox, oy; /* page position of (box[0], box[3]) */
} map_proj;

static inline double map_px(const map_proj *p, double lon)
{
    return p->ox + (lon - p->box[0]) * p->kx * p->s;
}

static inline double map_py(const map_proj *p, double lat)
{
    return p->oy + (p->box[3] - lat) * p->s;
}

/* ---- scales shared by the panels ------------------------------------------ */

typedef struct {
    double max_size; /* the largest dot value (0: none) */
    double rmax, rmin;
    chart_heat_classes hc;
    int has_classes, any_nan, any_hollow, has_dots;
    uint32_t n_colours; /* groups used: the largest group + 1 (UINT32_MAX at most) */
} map_scales;

static inline double map_dot_radius(const map_scales *sc, double v)
{
    if (!(v > 0) || !(sc->max_size > 0))
        return sc->rmin;
    return fmax(sc->rmin, sc->rmax * sqrt(v / sc->max_size));
}

/* Dots drawn with an outline: only a few (at a million, outlines cost a
 * tenth of the time and only darken the whole). */
#define MAP_OUTLINE_MAX 20000

/* (map_dots.c) The colour of dot group g. */
chart_rgb map_group_colour_(const chart_ctx *c, const chart_map *m, uint32_t g);

/* (map_dots.c) Panel p's dots in order[0..p->dots.n) on an image target
 * (PNG) within clip (user space, the clip just set), on this thread: each
 * a small image of its circle composited at the nearest pixel.  0, or -1
 * when the target is not one this draws on (the caller draws paths);
 * c->nomem set out of memory. */
int map_draw_dot_sprites_(chart_ctx *c, const map_proj *pj, const chart_map *m,
                          const map_panel *p, const map_scales *sc, const size_t *order,
                          chart_rect clip);

/* (map_dots.c) A panel's dots on an image on several threads: placed in
 * drawing order (on a thread of their own, from 100,000 dots, while the
 * caller draws the countries), then composited in stripes, a stripe per
 * thread in turn. */
typedef struct map_dots_job_ map_dots_job; /* (map_dots.c) */

/* The job for panel p, within clip (user space, the clip just set): the
 * one chart_map_prepare_ started, or a new one; NULL when the dots are not
 * drawn this way (few dots, one thread, or a target not written to
 * directly: the caller sorts and draws them itself; c->nomem set when out
 * of memory).  Finish it with map_dots_finish_. */
map_dots_job *map_dots_start_(chart_ctx *c, const map_proj *pj, const chart_map *m,
                              const map_panel *p, const map_scales *sc, chart_rect clip);
/* Composite j's dots (c->nomem set out of memory); j freed. */
void map_dots_finish_(map_dots_job *j);

#endif
