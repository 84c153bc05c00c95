/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/map.h: boundaries read from GeoJSON, places found in them, and
 * maps drawn as charts.
 *
 * Boundaries (incstat_boundaries) are read once and reused: by any number of
 * maps, and to find the province of a point (incstat_boundaries_locate).
 * They are read-only after incstat_boundaries_read(), so one set may be used
 * from several threads at once.
 *
 * A map is an incstat_chart of kind INCSTAT_CHART_MAP (incstat/chart.h):
 * titles, notes, caption, style and the PNG, PDF and SVG writers are the
 * chart's; the calls here give it its boundaries, its dots and its shaded
 * regions, panel by panel.  What is drawn:
 *   - the boundaries, in a projection that is equirectangular with x scaled
 *     by cos(latitude) at the map's centre (ggplot2's coord_quickmap): true
 *     to a few per cent across one country, not across a continent;
 *   - dots (incstat_map_add_points): area proportional to their size value,
 *     largest first so that small ones stay visible, translucent, coloured
 *     by group, hollow where the place is imprecise, with a key of sizes and
 *     of groups;
 *   - shaded regions (incstat_map_set_values): a choropleth whose colours
 *     are classes with round breaks near quantiles (as HEATMAP's), so that
 *     one outlier cannot turn every other region the same colour; regions
 *     without a value are hatched "no data";
 *   - panels (incstat_map_add_panel): small multiples on shared scales (one
 *     size scale, one set of classes);
 *   - a scale bar; a north arrow when asked (incstat_map_options);
 *   - the boundaries' attribution (incstat_boundaries_set_attribution)
 *     after the chart's caption, so a map never goes out without it. */
#ifndef INCSTAT_MAP_H
#define INCSTAT_MAP_H

#include <stddef.h>
#include <stdint.h>
#include "incstat/chart.h"
#include "incstat/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct incstat_boundaries incstat_boundaries;

/* No region: what incstat_boundaries_locate and _find return for none. */
#define INCSTAT_MAP_NONE ((size_t)-1)

/* Limits of what incstat_boundaries_read accepts (ELIMIT beyond): the
 * vertices of the whole file, and the bytes of the file. */
#define INCSTAT_MAP_MAX_VERTICES 4000000u
#define INCSTAT_MAP_MAX_BYTES (256u * 1024u * 1024u)

/* Read a GeoJSON FeatureCollection (or one Feature) from path: each
 * feature's geometry a Polygon or MultiPolygon (a null geometry is skipped
 * and counted; any other type is an error), its name the string (or
 * number) property name_field (NULL: "name").  Rings are read as given:
 * insides are decided by the even-odd rule over a polygon's rings, so holes
 * are holes whichever way they wind, and a self-intersecting ring still
 * has an inside.  Coordinates are longitude, latitude (WGS 84, as RFC 7946
 * says); a third (height) is ignored.
 * Errors (the message names the file and, for a JSON syntax error, the line
 * and column; for a wrong value, where it is: "features[3].geometry.
 * coordinates[0][17]"): EIO (cannot read), EPARSE (not JSON, nesting deeper
 * than 2048, a number out of range, wrong types, a ring of fewer than 4
 * points, a coordinate outside -180..180 / -90..90 (or NaN), no feature
 * with a polygon), ENOCOLUMN (no feature has name_field), ELIMIT (more than
 * INCSTAT_MAP_MAX_VERTICES vertices or INCSTAT_MAP_MAX_BYTES bytes),
 * EINVAL (path or out NULL), ENOMEM.  *out is the caller's
 * (incstat_boundaries_free). */
incstat_status incstat_boundaries_read(const char *path, const char *name_field,
                                       incstat_boundaries **out, incstat_error *err);

/* The same from text[0..len) in memory; source names it in messages (NULL:
 * "GeoJSON"). */
incstat_status incstat_boundaries_parse(const char *text, size_t len, const char *name_field,
                                        const char *source, incstat_boundaries **out,
                                        incstat_error *err);

/* NULL is a no-op. */
void incstat_boundaries_free(incstat_boundaries *b);

/* The attribution drawn on every map that uses b ("Made with Natural
 * Earth"); copied; NULL clears it.  Errors: EINVAL (b NULL, invalid UTF-8),
 * ENOMEM. */
incstat_status incstat_boundaries_set_attribution(incstat_boundaries *b, const char *text,
                                                  incstat_error *err);
/* The attribution, or NULL. */
const char *incstat_boundaries_attribution(const incstat_boundaries *b);

/* Regions (features with a polygon), their names (borrowed; "" when the
 * feature has no name_field), and the features read without a polygon
 * (null geometry). */
size_t incstat_boundaries_count(const incstat_boundaries *b);
const char *incstat_boundaries_name(const incstat_boundaries *b, size_t i);
size_t incstat_boundaries_skipped(const incstat_boundaries *b);
/* Vertices of every ring. */
size_t incstat_boundaries_vertices(const incstat_boundaries *b);
/* The bounding box: lon0, lat0, lon1, lat1 (region i, or with i =
 * INCSTAT_MAP_NONE all of them). */
void incstat_boundaries_bbox(const incstat_boundaries *b, size_t i, double box[4]);

/* The first region (in file order) whose polygons hold the point, or
 * INCSTAT_MAP_NONE (also for NaN).  Even-odd rule over each polygon's
 * rings, bounding boxes first; a point exactly on an edge may fall either
 * side.  No allocation; thread-safe. */
size_t incstat_boundaries_locate(const incstat_boundaries *b, double lon, double lat);

/* The region a place name from a data file stands for, or INCSTAT_MAP_NONE.
 * Names are compared as the summary compares categories (case, spaces and
 * invisible characters do not count), with dots, hyphens and underscores
 * taken as spaces and run together ("N.W.F.P." is "nwfp"), and then through
 * a crosswalk of Pakistan's old and new province names: NWFP, N.W.F.P.,
 * North-West Frontier (Province), K.P., KP, KPK, Khyber Pakhtunkhwa; FATA,
 * F.A.T.A., Federally Administered Tribal Areas; Sind, Sindh; Northern
 * Areas, Gilgit-Baltistan; Baluchistan, Balochistan; ICT, F.C.T.,
 * Islamabad, Capital, Islamabad Capital Territory; AJK, Azad Kashmir, Azad
 * Jammu and Kashmir.  FATA was merged into Khyber Pakhtunkhwa in 2018: it is
 * its own region when the boundaries have it, and otherwise Khyber
 * Pakhtunkhwa's, with *merged set to 1 (may be NULL).  name need not be
 * NUL-terminated. */
size_t incstat_boundaries_find(const incstat_boundaries *b, const char *name, size_t len,
                               int *merged);

/* ---- maps (charts of kind INCSTAT_CHART_MAP) ----------------------------- */

typedef struct {
    int north_arrow;        /* 1: draw one (maps are north-up; it says nothing else) */
    int no_scale_bar;       /* 1: leave the scale bar out */
    const char *size_label; /* the key of dot sizes: "killed"; NULL = "killed" */
    const char *value_label;/* the key of the classes: "incidents"; NULL = "" */
    double max_dot;         /* radius of the largest dot in points; 0 = from the map's size */
    unsigned threads;       /* the dots of an image (PNG) composited on this many threads,
                             * each a set of stripes of rows (0 or 1: the calling thread
                             * only); the pixels are the same either way */
} incstat_map_options;

/* The boundaries map draws (borrowed: they must outlive the chart; may be
 * shared by many charts).  The map's extent is theirs, widened to hold the
 * dots.  Errors: EINVAL (chart NULL or not a MAP, b NULL). */
incstat_status incstat_map_set_boundaries(incstat_chart *chart, const incstat_boundaries *b,
                                          incstat_error *err);

/* Options (copied; NULL: the defaults).  Errors: EINVAL, ENOMEM. */
incstat_status incstat_map_set_options(incstat_chart *chart, const incstat_map_options *o,
                                       incstat_error *err);

/* The names of the dot groups, in colour order (palette colours 0, 1, ...);
 * a group named "Other" is grey.  Copied.  At most INCSTAT_CHART_PALETTE_MAX
 * distinct colours: further groups repeat them.  Errors: EINVAL, ENOMEM. */
incstat_status incstat_map_set_groups(incstat_chart *chart, const char *const *names, size_t n,
                                      incstat_error *err);

/* Start a new panel labelled label (small multiples); dots and values added
 * after it go into it.  A map without this call has one unlabelled panel.
 * At most 64 panels.  Errors: EINVAL, ELIMIT, ENOMEM. */
incstat_status incstat_map_add_panel(incstat_chart *chart, const char *label,
                                     incstat_error *err);

/* Add n dots to the current panel: lon[i], lat[i] (a dot with either NaN is
 * refused: EINVAL; leave such incidents out and say so in the note), size[i]
 * (NULL: all 1; NaN or below 0 is drawn at the smallest size), group[i]
 * (NULL: all group 0), hollow[i] (NULL: none; 1 draws an outline only: an
 * imprecise place).  Copied.  Errors: EINVAL, ENOMEM. */
incstat_status incstat_map_add_points(incstat_chart *chart, const double *lon, const double *lat,
                                      const double *size, const uint32_t *group,
                                      const unsigned char *hollow, size_t n,
                                      incstat_error *err);

/* Shade the current panel's regions: values[i] for region i of the
 * boundaries (n = incstat_boundaries_count; NaN: no data).  Call after
 * incstat_map_set_boundaries.  Copied.  Errors: EINVAL (no boundaries yet, n
 * differs, an infinite value), ENOMEM. */
incstat_status incstat_map_set_values(incstat_chart *chart, const double *values, size_t n,
                                      incstat_error *err);

/* The projection of a map whose boundaries span box (lon0, lat0, lon1,
 * lat1): the factor by which longitudes are scaled, cos(latitude at the
 * box's centre).  NaN for a box that is not finite. */
double incstat_map_lon_scale(const double box[4]);

#ifdef __cplusplus
}
#endif
#endif
