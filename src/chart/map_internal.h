/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_internal.h (private): boundaries as read from GeoJSON
 * (map_geojson.c), found in (map_bounds.c) and drawn (map_draw.c), and a
 * map chart's own part of the description (map.c).  Never installed. */
#ifndef INCSTAT_SRC_CHART_MAP_INTERNAL_H
#define INCSTAT_SRC_CHART_MAP_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cairo.h>
#include "incstat/map.h"

/* A ring: n points from first in the point arrays (closed: the last point
 * equals the first, as GeoJSON requires). */
typedef struct {
    size_t first, n;
} map_ring;

/* A polygon: its rings (the first the outer one; any others holes, though
 * the even-odd rule does not need to know which) and their bounding box. */
typedef struct {
    size_t first_ring, n_rings;
    double box[4];
} map_polygon;

typedef struct {
    char *name;
    size_t first_poly, n_polys;
    double box[4];
} map_region;

/* Bands of latitude over the boundaries' box, each with the edges whose
 * latitudes meet it (map_bounds.c): a point's even-odd count needs only the
 * edges of its band. */
typedef struct map_rows map_rows;

struct incstat_boundaries {
    map_region *regions;
    size_t n_regions, cap_regions;
    map_polygon *polys;
    size_t n_polys, cap_polys;
    map_ring *rings;
    size_t n_rings, cap_rings;
    double *x, *y; /* longitude, latitude */
    size_t n_pts, cap_pts;
    size_t skipped; /* features with a null geometry */
    double box[4];
    char *attribution;
    map_rows *rows; /* NULL: every polygon's edges are walked (no memory) */
};

/* (map_bounds.c) b->rows for b as read; left NULL out of memory (the
 * answers are the same, found more slowly).  Freed with b. */
void map_rows_build_(incstat_boundaries *b);
void map_rows_free_(map_rows *r);

/* (map_bounds.c) incstat_boundaries_locate without b->rows: every region's
 * polygons in turn (what the rows must agree with, in the tests). */
size_t map_locate_scan_(const incstat_boundaries *b, double lon, double lat);

/* Even-odd test of (x, y) against polygon p's rings. */
int map_polygon_holds_(const incstat_boundaries *b, const map_polygon *p, double x, double y);

/* The key a place name is compared by (map_bounds.c): folded, dots, hyphens
 * and underscores as spaces, spaces run together; into out (cap bytes). */
size_t map_name_key_(const char *s, size_t n, char *out, size_t cap);

#define MAP_MAX_PANELS 64

/* ---- dots, in blocks (map_store.c) ------------------------------------------ */

/* Dots are kept in blocks of MAP_BLOCK, each block one stretch of memory
 * holding all its columns (carved from the store's slabs), so that adding
 * dots never moves those kept and a store joins another without new memory
 * (map_store.c says why). */
#define MAP_BLOCK_SHIFT 14
#define MAP_BLOCK ((size_t)1 << MAP_BLOCK_SHIFT)

typedef struct {
    double *lon, *lat, *size;
    uint32_t *group;       /* a panel's colour group; while gathered, the category */
    unsigned char *hollow; /* a panel's hollow flag; while gathered, the precision */
    int *year;             /* only while gathered (map_build.h); unused in a panel */
} map_block;

/* n dots in blocks; every block full but the last.  The blocks are carved
 * from slabs of MAP_SLAB bytes (map_store.c), which the store owns. */
typedef struct {
    map_block *b;
    size_t n, n_blocks, cap_blocks;
    unsigned char **slabs;
    size_t n_slabs, cap_slabs;
    size_t slab_used; /* bytes of the last slab given to blocks */
} map_store;

/* Column col of dot i of store s. */
#define MAP_DOT(s, col, i) ((s)->b[(i) >> MAP_BLOCK_SHIFT].col[(i) & (MAP_BLOCK - 1)])

/* Room for dot s->n (a new block when the last is full; with_year: with a
 * year column).  0, or -1 out of memory (s as it was). */
int map_store_room_(map_store *s, int with_year);
/* from's dots after into's, from emptied (its blocks become into's).  0,
 * or -1 out of memory (both as they were). */
int map_store_append_(map_store *into, map_store *from);
/* The first n dots kept, the blocks past them freed. */
void map_store_truncate_(map_store *s, size_t n);
void map_store_free_(map_store *s);

typedef struct {
    char *label;
    map_store dots;
    double *values; /* one per region; NULL: no shading */
} map_panel;

/* The map part of an incstat_chart (chart->map). */
typedef struct chart_map_ {
    const incstat_boundaries *bounds;
    incstat_map_options opt;
    char *size_label, *value_label;
    char **groups;
    size_t n_groups;
    map_panel panels[MAP_MAX_PANELS];
    size_t n_panels;
} chart_map;

void chart_map_free_(chart_map *m);

/* (map.c) incstat_map_add_points of every dot of dots, taken (*dots
 * emptied, its blocks the panel's; copying a million dots cost a twentieth
 * of the map's time).  The caller checked the coordinates (map_collect_add_
 * keeps only valid ones).  0, or -1 with err set (dots as they were). */
int map_adopt_points_(incstat_chart *c, map_store *dots, incstat_error *err);

/* The key dots are ordered by: largest size first as ascending unsigned
 * keys, NaN as -1, -0 tied with 0.  Never 0. */
static inline uint64_t map_size_key(double v)
{
    if (isnan(v))
        v = -1;
    if (v == 0)
        v = 0; /* -0 ties with 0 */
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u = u >> 63 ? ~u : u | (UINT64_C(1) << 63); /* ascending as unsigned */
    return ~u;                                   /* largest first */
}

/* (map_store.c) order[0..s->n): the indices of the dots of s by size,
 * largest first, equal sizes in index order, NaN as -1 (the order dots are
 * drawn in).  0, or -1 out of memory. */
int map_order_by_size_(const map_store *s, size_t *order);

/* (map_draw.c) Composite sprite (ARGB32, premultiplied) with its top left
 * at pixel (x0, y0) of dst (an ARGB32 or RGB24 image) by OVER, as pixman
 * would, into the pixels of clip {x0, y0, x1, y1} (x1, y1 excluded) that
 * are on dst.  span (NULL: whole rows): for each sprite row, the columns
 * [span[2y], span[2y + 1]) outside which it is clear.  The caller flushes
 * both surfaces before and marks dst dirty after. */
void map_sprite_over_(cairo_surface_t *dst, cairo_surface_t *sprite, const int *span, int x0,
                      int y0, const int clip[4]);

#endif
