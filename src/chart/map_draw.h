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
    uint32_t n_colours; /* groups used */
} map_scales;

static inline double map_dot_radius(const map_scales *sc, double v)
{
    if (!(v > 0) || !(sc->max_size > 0))
        return sc->rmin;
    return fmax(sc->rmin, sc->rmax * sqrt(v / sc->max_size));
}

/* (map_dots.c) The colour of dot group g. */
chart_rgb map_group_colour_(const chart_ctx *c, const chart_map *m, uint32_t g);

/* (map_dots.c) Panel p's dots in order[0..p->n) on an image target (PNG)
 * within clip (user space, the clip just set): each a small image of its
 * circle composited at the nearest pixel.  spare: NULL, or p->n *
 * MAP_ORDER_SCRATCH words free to write (the sort's scratch), for the dots'
 * places.  0, or -1 when the target is not one this draws on (the caller
 * draws paths); c->nomem set out of memory. */
int map_draw_dot_sprites_(chart_ctx *c, const map_proj *pj, const chart_map *m,
                          const map_panel *p, const map_scales *sc, const size_t *order,
                          uint64_t *spare, chart_rect clip);

#endif
