/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_draw.c: drawing a MAP chart inside the frame every chart
 * shares (chart_draw.c): the key at the right (or under the map when the
 * map is wide), the panels in a grid, each with its regions, its dots, and
 * (the last) the scale bar; a north arrow when asked.
 *
 * The projection is equirectangular with x scaled by cos(latitude) at the
 * centre of the map (ggplot2's coord_quickmap): one degree of latitude and
 * cos(lat0) degrees of longitude are the same length on the page, true to a
 * few per cent within one country, and the scale bar holds across it. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/map_draw.h"

#define KM_PER_DEGREE 111.32 /* one degree of latitude (WGS 84, mean) */
#define MAX_KEY_GROUPS 12

/* ---- checks, notes and caption -------------------------------------------- */

static size_t total_dots(const chart_map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_panels; i++)
        n += m->panels[i].dots.n;
    return n;
}


incstat_status chart_map_check_(const incstat_chart *ch, incstat_error *err)
{
    const chart_map *m = ch->map;
    if (!m || (!m->bounds && total_dots(m) == 0))
        return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0,
                                 "map: nothing to draw: no boundaries and no dots");
    return INCSTAT_OK;
}

void chart_map_footnote_(chart_ctx *c, chart_buf *out)
{
    const char *note = c->chart->text[INCSTAT_CHART_TEXT_NOTE];
    if (note && *note)
        chart_buf_str(out, note);
}

void chart_map_caption_(chart_ctx *c, chart_buf *out)
{
    const char *cap = c->chart->text[INCSTAT_CHART_TEXT_CAPTION];
    const chart_map *m = c->chart->map;
    const char *attr = m && m->bounds ? incstat_boundaries_attribution(m->bounds) : NULL;
    if (cap && *cap)
        chart_buf_str(out, cap);
    if (attr && *attr) {
        if (out->len)
            chart_buf_str(out, "  ");
        chart_buf_str(out, "Boundaries: ");
        chart_buf_str(out, attr);
    }
    if (out->len || out->failed)
        chart_buf_put(out, "", 1); /* NUL-terminated for the frame */
}

/* The extent: the boundaries', widened to hold every dot (without
 * boundaries, the dots' with a margin). */
static void extent(const chart_map *m, double box[4])
{
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    if (m->bounds)
        incstat_boundaries_bbox(m->bounds, INCSTAT_MAP_NONE, box);
    int dots_only = !m->bounds;
    for (size_t k = 0; k < m->n_panels; k++) {
        const map_store *d = &m->panels[k].dots;
        for (size_t i = 0; i < d->n; i++) {
            box[0] = fmin(box[0], MAP_DOT(d, lon, i));
            box[1] = fmin(box[1], MAP_DOT(d, lat, i));
            box[2] = fmax(box[2], MAP_DOT(d, lon, i));
            box[3] = fmax(box[3], MAP_DOT(d, lat, i));
        }
    }
    double pad = dots_only ? fmax(0.5, 0.05 * fmax(box[2] - box[0], box[3] - box[1])) : 0;
    if (box[2] - box[0] < 1e-6)
        pad = fmax(pad, 0.5);
    box[0] = fmax(box[0] - pad, -180);
    box[2] = fmin(box[2] + pad, 180);
    box[1] = fmax(box[1] - pad, -90);
    box[3] = fmin(box[3] + pad, 90);
    if (box[3] - box[1] < 1e-6) {
        box[1] = fmax(box[1] - 0.5, -90);
        box[3] = fmin(box[3] + 0.5, 90);
    }
}

/* Fit the extent into r, centred. */
static map_proj fit(const double box[4], chart_rect r)
{
    map_proj p;
    memcpy(p.box, box, sizeof p.box);
    p.kx = incstat_map_lon_scale(box);
    double w = (box[2] - box[0]) * p.kx, h = box[3] - box[1];
    double rw = fmax(r.x1 - r.x0, 1), rh = fmax(r.y1 - r.y0, 1);
    p.s = fmin(rw / w, rh / h);
    p.ox = r.x0 + (rw - w * p.s) / 2;
    p.oy = r.y0 + (rh - h * p.s) / 2;
    return p;
}


static void scales_of(chart_ctx *c, const chart_map *m, map_scales *sc)
{
    memset(sc, 0, sizeof *sc);
    size_t nv = m->bounds ? incstat_boundaries_count(m->bounds) : 0;
    size_t total = 0;
    for (size_t k = 0; k < m->n_panels; k++) {
        const map_panel *p = &m->panels[k];
        const map_store *d = &p->dots;
        for (size_t i = 0; i < d->n; i++) {
            if (MAP_DOT(d, size, i) > sc->max_size)
                sc->max_size = MAP_DOT(d, size, i);
            if (MAP_DOT(d, hollow, i))
                sc->any_hollow = 1;
            if (MAP_DOT(d, group, i) >= sc->n_colours)
                sc->n_colours = MAP_DOT(d, group, i) == UINT32_MAX ? UINT32_MAX
                                                                   : MAP_DOT(d, group, i) + 1;
        }
        sc->has_dots |= d->n > 0;
        if (p->values)
            total += nv;
    }
    if (total) {
        double *all = incstat_reallocarray(NULL, total, sizeof *all);
        if (!all) {
            c->nomem = 1;
            return;
        }
        size_t j = 0;
        for (size_t k = 0; k < m->n_panels; k++)
            if (m->panels[k].values)
                for (size_t i = 0; i < nv; i++) {
                    all[j++] = m->panels[k].values[i];
                    sc->any_nan |= isnan(m->panels[k].values[i]);
                }
        chart_heat_classes_(all, total, &sc->hc);
        sc->hc.n_marked = 0;
        sc->has_classes = sc->hc.n > 0 || sc->any_nan;
        incstat_free_mem(all);
    }
}

/* ---- regions -------------------------------------------------------------- */

static void region_path(chart_ctx *c, const map_proj *pj, const incstat_boundaries *b, size_t i)
{
    cairo_t *cr = c->cr;
    const map_region *rg = &b->regions[i];
    for (size_t p = rg->first_poly; p < rg->first_poly + rg->n_polys; p++) {
        const map_polygon *pg = &b->polys[p];
        for (size_t r = pg->first_ring; r < pg->first_ring + pg->n_rings; r++) {
            const map_ring *ring = &b->rings[r];
            double lx = NAN, ly = NAN;
            for (size_t k = 0; k < ring->n; k++) {
                double x = map_px(pj, b->x[ring->first + k]), y = map_py(pj, b->y[ring->first + k]);
                if (k == 0) {
                    cairo_move_to(cr, x, y);
                } else if (fabs(x - lx) + fabs(y - ly) < 0.15 && k + 1 < ring->n) {
                    continue; /* under a fifth of a point: invisible, and costs time */
                } else {
                    cairo_line_to(cr, x, y);
                }
                lx = x;
                ly = y;
            }
            cairo_close_path(cr);
        }
    }
}

/* The hatching of a region with no data, on an image: one tile of the
 * hatching in device pixels, repeated as the fill of the region's path.
 * chart_hatch_rect clips to the region and strokes lines across its box:
 * on the 1600 x 1200 choropleth of the bench file, five regions with no
 * data took 11 ms of that way's 30 (measured drawing the chart 40 times in
 * one process), this way under 1 ms.  The same look: the tint of the
 * missing colour over the land, lines of slope +1 at chart_hatch_rect's
 * spacing and width (the spacing rounded to whole pixels, which a repeated
 * tile needs).  PDF and SVG keep the clipped lines, which stay vectors. */
static cairo_pattern_t *hatch_tile(chart_ctx *c, chart_rgb land)
{
    cairo_t *cr = c->cr;
    double sx = fmax(3.0, c->base * 0.42), sy = 0, lx = fmax(0.6, c->base * 0.09), ly = 0;
    cairo_user_to_device_distance(cr, &sx, &sy);
    cairo_user_to_device_distance(cr, &lx, &ly);
    int t = (int)lround(hypot(sx, sy));
    t = t < 3 ? 3 : t > 512 ? 512 : t; /* 512: a caller's context scaled far up */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, t, t);
    cairo_t *tc = cairo_create(s);
    chart_rgb bg = chart_mix(land, c->th.missing, 0.12);
    cairo_set_source_rgb(tc, bg.r, bg.g, bg.b);
    cairo_paint(tc);
    cairo_set_source_rgb(tc, c->th.missing.r, c->th.missing.g, c->th.missing.b);
    cairo_set_line_width(tc, hypot(lx, ly));
    /* bottom-left to top-right, and its neighbours on either side so the
     * tile's corners join its repeats */
    for (int k = -t; k <= t; k += t) {
        cairo_move_to(tc, k - 1, t + 1);
        cairo_line_to(tc, k + t + 1, -1);
    }
    cairo_stroke(tc);
    cairo_destroy(tc);
    cairo_pattern_t *pat = cairo_pattern_create_for_surface(s);
    cairo_surface_destroy(s);
    cairo_pattern_set_extend(pat, CAIRO_EXTEND_REPEAT);
    cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
    if (cairo_pattern_status(pat) != CAIRO_STATUS_SUCCESS) {
        cairo_pattern_destroy(pat);
        return NULL; /* out of memory: the clipped lines */
    }
    return pat;
}

/* the current path filled with the tile, in device space (pixel for pixel) */
static void hatch_fill_image(cairo_t *cr, cairo_pattern_t *tile)
{
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_set_source(cr, tile);
    cairo_fill_preserve(cr);
    cairo_restore(cr);
}

/* The hatching of region i (its path current) on PDF and SVG: the land,
 * then lines across the region's box clipped to it; the path current again
 * after. */
static void hatch_clipped(chart_ctx *c, const map_proj *pj, const incstat_boundaries *b,
                          size_t i, chart_rgb land)
{
    cairo_t *cr = c->cr;
    cairo_save(cr);
    chart_set_colour(c, land, 1);
    cairo_fill_preserve(cr);
    double x0, y0, x1, y1;
    cairo_path_extents(cr, &x0, &y0, &x1, &y1);
    /* clip, and clear the path: chart_hatch_rect adds its rectangle to the
     * current path, and under the even-odd rule the region's own outline
     * would cut the hatching out of the region */
    cairo_clip(cr);
    chart_hatch_rect(c, x0, y0, x1 - x0, y1 - y0, c->th.missing, 0.12);
    cairo_restore(cr);
    cairo_new_path(cr); /* the hatching drew paths of its own */
    region_path(c, pj, b, i);
}

static void draw_regions(chart_ctx *c, const map_proj *pj, const chart_map *m,
                         const map_panel *p, const map_scales *sc)
{
    const incstat_boundaries *b = m->bounds;
    cairo_t *cr = c->cr;
    chart_rgb land = chart_mix(c->th.bg, c->th.muted, c->th.dark ? 0.18 : 0.08);
    chart_rgb edge = p->values ? c->th.bg : chart_mix(c->th.bg, c->th.muted, 0.55);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    int image = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
    cairo_pattern_t *tile = NULL;
    /* the outlines are lines of a pixel or two: on an image, cairo's fast
     * antialiasing (16 levels of coverage, not 256) looks the same at 1:1
     * and at 2:1, and stroked the eight provinces in 2.6 ms where the
     * default took 4.9 (measured in one process, 30 times) */
    cairo_antialias_t aa = cairo_get_antialias(cr);
    if (image)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
    for (size_t i = 0; i < b->n_regions; i++) {
        cairo_new_path(cr);
        region_path(c, pj, b, i);
        int no_data = p->values && isnan(p->values[i]);
        if (no_data && image && (tile || (tile = hatch_tile(c, land)) != NULL)) {
            hatch_fill_image(cr, tile);
        } else if (no_data) {
            hatch_clipped(c, pj, b, i, land);
        } else {
            chart_rgb col = land;
            if (p->values)
                col = chart_heat_class_colour(c, &sc->hc, chart_heat_class_of(&sc->hc, p->values[i]));
            chart_set_colour(c, col, 1);
            cairo_fill_preserve(cr);
        }
        /* white between shaded regions; grey around one with no data */
        chart_set_colour(c, no_data ? chart_mix(c->th.bg, c->th.muted, 0.55) : edge, 1);
        cairo_set_line_width(cr, fmax(0.5, c->base * 0.06));
        cairo_stroke(cr);
    }
    cairo_set_antialias(cr, aa);
    if (tile)
        cairo_pattern_destroy(tile);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
}

/* A point to hang region i's label on: the centre of its largest polygon's
 * box, if inside it, else the first of a few points along the box's middle
 * row that is. */
static int label_point(const incstat_boundaries *b, size_t i, double *lon, double *lat)
{
    const map_region *rg = &b->regions[i];
    const map_polygon *best = NULL;
    double area = -1;
    for (size_t p = rg->first_poly; p < rg->first_poly + rg->n_polys; p++) {
        const map_polygon *pg = &b->polys[p];
        double a = (pg->box[2] - pg->box[0]) * (pg->box[3] - pg->box[1]);
        if (a > area) {
            area = a;
            best = pg;
        }
    }
    if (!best)
        return 0;
    double y = (best->box[1] + best->box[3]) / 2;
    static const double at[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8};
    for (int row = 0; row < 3; row++) {
        double yy = row == 0 ? y : best->box[1] + (best->box[3] - best->box[1]) * (row == 1 ? 0.35 : 0.65);
        for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
            double x = best->box[0] + (best->box[2] - best->box[0]) * at[k];
            if (map_polygon_holds_(b, best, x, yy)) {
                *lon = x;
                *lat = yy;
                return 1;
            }
        }
    }
    return 0;
}

/* Choropleth: each region's name and value, where they fit without
 * overlapping (a few regions only: a map of 177 countries is read by its
 * colours). */
static void draw_region_labels(chart_ctx *c, const map_proj *pj, const chart_map *m,
                               const map_panel *p, const map_scales *sc, int one_panel)
{
    const incstat_boundaries *b = m->bounds;
    size_t n = b->n_regions;
    if (n > 16)
        return;
    incstat_chart_box boxes[16];
    double prio[16];
    unsigned char keep[16];
    char text[16][96];
    chart_font f = {c->base * (one_panel ? 0.8 : 0.7), 0, 0, 0, CHART_CENTER};
    size_t k = 0;
    size_t idx[16];
    for (size_t i = 0; i < n; i++) {
        double lon, lat;
        if (!label_point(b, i, &lon, &lat))
            continue;
        char num[48] = "";
        if (p->values && isfinite(p->values[i]))
            incstat_chart_format_number(p->values[i],
                                        p->values[i] == floor(p->values[i]) ? 0 : 1, num,
                                        sizeof num);
        else if (p->values)
            snprintf(num, sizeof num, "no data");
        snprintf(text[k], sizeof text[k], "%s%s%s", b->regions[i].name, num[0] ? "\n" : "",
                 num);
        double w, h;
        chart_text_size(c, text[k], &f, &w, &h);
        double x = map_px(pj, lon), y = map_py(pj, lat);
        boxes[k] = (incstat_chart_box){x - w / 2, y - h / 2, x + w / 2, y + h / 2};
        prio[k] = p->values && isfinite(p->values[i]) ? p->values[i] : 0;
        idx[k] = i;
        k++;
    }
    /* apart by half a letter at least: labels that nearly touch read as one
     * (K.P. and Azad Kashmir); the one with the smaller value gives way */
    incstat_chart_place_labels(boxes, k, 0, prio, c->base * 0.5, keep);
    for (size_t j = 0; j < k; j++) {
        if (!keep[j])
            continue;
        /* dark text on light classes, light on dark: the class colour decides */
        double v = p->values ? p->values[idx[j]] : NAN;
        chart_rgb fill = isnan(v) ? c->th.bg
                                  : chart_heat_class_colour(c, &sc->hc, chart_heat_class_of(&sc->hc, v));
        double lum = 0.2126 * fill.r + 0.7152 * fill.g + 0.0722 * fill.b;
        chart_rgb col = lum < 0.45 ? (chart_rgb){1, 1, 1} : (chart_rgb){0.1, 0.1, 0.1};
        double cx = (boxes[j].x0 + boxes[j].x1) / 2, cy = (boxes[j].y0 + boxes[j].y1) / 2;
        /* a plate of the region's own colour under the text: a label wider
         * than a narrow region (K.P., F.A.T.A.) stays legible where it
         * crosses a border onto a neighbour of another class */
        double mg = c->base * 0.15;
        chart_set_colour(c, fill, 0.85);
        cairo_rectangle(c->cr, boxes[j].x0 - mg, boxes[j].y0 - mg / 2, boxes[j].x1 - boxes[j].x0 + 2 * mg,
                        boxes[j].y1 - boxes[j].y0 + mg);
        cairo_fill(c->cr);
        chart_text(c, text[j], &f, cx, cy, CHART_CENTER, CHART_MIDDLE, col);
    }
}

/* ---- dots ----------------------------------------------------------------- */

/* ---- the dots' order, beside the countries -------------------------------- */

/* The order a panel's dots are drawn in, sorted on a second thread while
 * the calling one draws the countries (a million dots: 30 ms of sorting
 * beside 20 ms of drawing), when they are not placed on threads
 * (map_dots_start_). */
typedef struct {
    const map_panel *p;
    size_t *order; /* NULL until sorted; NULL after: out of memory */
    pthread_t thread;
    int started;
} dots_order;

static void *order_dots(void *arg)
{
    dots_order *o = arg;
    o->order = incstat_reallocarray(NULL, o->p->dots.n, sizeof *o->order);
    if (o->order && map_order_by_size_(&o->p->dots, o->order) != 0) {
        incstat_free_mem(o->order);
        o->order = NULL;
    }
    return NULL;
}

/* Start sorting p's dots: on a thread of their own when the map may use
 * more than one and there are enough to be worth one. */
#define ORDER_THREAD_MIN 100000

static void order_start(dots_order *o, const chart_map *m, const map_panel *p)
{
    o->p = p;
    o->order = NULL;
    o->started = 0;
    if (p->dots.n >= ORDER_THREAD_MIN && m->opt.threads > 1)
        o->started = pthread_create(&o->thread, NULL, order_dots, o) == 0;
}

/* The order, sorted (here, if no thread did it): o->order NULL out of
 * memory or no dots. */
static dots_order *order_finish(dots_order *o)
{
    if (!o->p->dots.n)
        return o;
    if (o->started)
        pthread_join(o->thread, NULL);
    else
        order_dots(o);
    return o;
}

static void draw_dots(chart_ctx *c, const map_proj *pj, const chart_map *m, const map_panel *p,
                      const map_scales *sc, chart_rect clip, dots_order *o)
{
    size_t *order = o->order;
    const map_store *d = &p->dots;
    if (d->n && !order)
        c->nomem = 1;
    if (!d->n || !order)
        return;
    cairo_t *cr = c->cr;
    int outline = d->n <= MAP_OUTLINE_MAX;
    double lw = fmax(0.4, c->base * 0.05);
    cairo_set_line_width(cr, lw);
    uint32_t last_g = UINT32_MAX;
    chart_rgb col = c->th.accent;
    if (outline || map_draw_dot_sprites_(c, pj, m, p, sc, order, clip) != 0) {
        for (size_t k = 0; k < d->n; k++) {
            size_t i = order[k];
            if (MAP_DOT(d, group, i) != last_g) {
                last_g = MAP_DOT(d, group, i);
                col = map_group_colour_(c, m, last_g);
            }
            double x = map_px(pj, MAP_DOT(d, lon, i)), y = map_py(pj, MAP_DOT(d, lat, i)),
                   r = map_dot_radius(sc, MAP_DOT(d, size, i));
            cairo_new_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * CHART_PI);
            if (MAP_DOT(d, hollow, i)) {
                chart_set_colour(c, col, 0.85);
                cairo_stroke(cr);
                continue;
            }
            chart_set_colour(c, col, DOT_ALPHA);
            if (outline) {
                cairo_fill_preserve(cr);
                chart_set_colour(c, chart_mix(col, c->th.fg, 0.25), 0.7);
                cairo_stroke(cr);
            } else {
                cairo_fill(cr);
            }
        }
    }
    incstat_free_mem(o->order);
    o->order = NULL;
}

/* ---- scale bar and north arrow -------------------------------------------- */

static double nice_below(double x)
{
    double p = pow(10, floor(log10(x)));
    return x >= 5 * p ? 5 * p : x >= 2 * p ? 2 * p : p;
}

static void draw_scale_bar(chart_ctx *c, const map_proj *pj, chart_rect r)
{
    double pt_per_km = pj->s / KM_PER_DEGREE;
    double want = (r.x1 - r.x0) * 0.22 / pt_per_km;
    if (!(want > 0) || !isfinite(want))
        return;
    double km = nice_below(want), len = km * pt_per_km;
    double x = r.x0 + c->base * 0.4, y = r.y1 - c->base * 0.5, h = c->base * 0.35;
    cairo_t *cr = c->cr;
    chart_set_colour(c, c->th.fg, 0.85);
    cairo_set_line_width(cr, fmax(0.8, c->base * 0.08));
    cairo_move_to(cr, x, y - h);
    cairo_line_to(cr, x, y);
    cairo_line_to(cr, x + len, y);
    cairo_line_to(cr, x + len, y - h);
    cairo_move_to(cr, x + len / 2, y);
    cairo_line_to(cr, x + len / 2, y - h * 0.6);
    cairo_stroke(cr);
    char num[48], label[64];
    incstat_chart_format_number(km, km < 1 ? 1 : 0, num, sizeof num);
    snprintf(label, sizeof label, "%s km", num);
    chart_font f = {c->base * 0.75, 0, 0, 0, CHART_LEFT};
    chart_text(c, label, &f, x + len + c->base * 0.3, y, CHART_LEFT, CHART_BOTTOM, c->th.fg);
}

static void draw_north(chart_ctx *c, chart_rect r)
{
    cairo_t *cr = c->cr;
    double s = c->base * 0.9, x = r.x1 - s, y = r.y0 + s * 1.6;
    chart_set_colour(c, c->th.fg, 0.85);
    cairo_move_to(cr, x, y - s);
    cairo_line_to(cr, x + s * 0.45, y + s * 0.5);
    cairo_line_to(cr, x, y + s * 0.2);
    cairo_line_to(cr, x - s * 0.45, y + s * 0.5);
    cairo_close_path(cr);
    cairo_fill(cr);
    chart_font f = {c->base * 0.8, 1, 0, 0, CHART_CENTER};
    chart_text(c, "N", &f, x, y - s * 1.1, CHART_CENTER, CHART_BOTTOM, c->th.fg);
}

/* ---- the key -------------------------------------------------------------- */

/* Up to three reference values for the dot sizes: round numbers near the
 * largest, a quarter and a sixteenth of it (distinct, above 0). */
static size_t size_refs(double max, double out[3])
{
    size_t n = 0;
    if (!(max > 0))
        return 0;
    static const double frac[] = {1, 0.25, 1.0 / 16};
    for (int k = 0; k < 3; k++) {
        double v = nice_below(max * frac[k]);
        if (max < 1)
            v = max * frac[k];
        if (v <= 0 || (n && v >= out[n - 1]))
            continue;
        if (max >= 1 && v < 1)
            continue;
        out[n++] = v;
    }
    return n;
}

typedef struct {
    chart_font tf, hf;
    double w, row_h;
} key_fmt;

/* The key in a column from (x, y) of width w; returns the height used (draw
 * 0: measure only). */
static double draw_key(chart_ctx *c, const chart_map *m, const map_scales *sc, double x,
                       double y, double w, int draw)
{
    key_fmt k;
    k.tf = (chart_font){c->base * 0.8, 0, w, 2, CHART_LEFT};
    k.hf = (chart_font){c->base * 0.8, 1, w, 2, CHART_LEFT};
    double th;
    chart_text_size(c, "Ag", &k.tf, NULL, &th);
    k.row_h = th * 1.3;
    double y0 = y, gap = c->base * 0.4;
    if (sc->has_classes) {
        const char *title = m->value_label && *m->value_label ? m->value_label : NULL;
        if (title) {
            double h;
            chart_text_size(c, title, &k.hf, NULL, &h);
            if (draw)
                chart_text(c, title, &k.hf, x, y, CHART_LEFT, CHART_TOP, c->th.fg);
            y += h + c->base * 0.2;
        }
        double sw = c->base * 1.1, sh = th * 0.75;
        size_t nrow = sc->hc.n + (sc->any_nan ? 1 : 0);
        chart_font lf = k.tf;
        lf.width = w - sw - gap;
        lf.max_lines = 1;
        for (size_t i = 0; i < nrow; i++) {
            char label[64];
            int nan_row = i == sc->hc.n;
            if (nan_row)
                snprintf(label, sizeof label, "no data");
            else
                chart_heat_class_label(&sc->hc, i, label, sizeof label);
            if (draw) {
                double sy = y + (k.row_h - sh) / 2 - k.row_h * 0.1;
                if (nan_row) {
                    chart_hatch_rect(c, x, sy, sw, sh, c->th.missing, 0.12);
                } else {
                    chart_set_colour(c, chart_heat_class_colour(c, &sc->hc, i), 1);
                    cairo_rectangle(c->cr, x, sy, sw, sh);
                    cairo_fill(c->cr);
                }
                chart_text(c, label, &lf, x + sw + gap, y, CHART_LEFT, CHART_TOP, c->th.muted);
            }
            y += k.row_h;
        }
        y += c->base * 0.6;
    }
    if (sc->has_dots) {
        double refs[3];
        size_t nr = size_refs(sc->max_size, refs);
        const char *title = m->size_label && *m->size_label ? m->size_label : "killed";
        if (nr && sc->max_size > 0) {
            double h;
            chart_text_size(c, title, &k.hf, NULL, &h);
            if (draw)
                chart_text(c, title, &k.hf, x, y, CHART_LEFT, CHART_TOP, c->th.fg);
            y += h + c->base * 0.3;
            double rmax = map_dot_radius(sc, refs[0]);
            for (size_t i = 0; i < nr; i++) {
                double r = map_dot_radius(sc, refs[i]);
                double rowh = fmax(2 * r + c->base * 0.3, k.row_h);
                if (draw) {
                    double cx = x + rmax, cy = y + rowh / 2;
                    cairo_new_path(c->cr);
                    cairo_arc(c->cr, cx, cy, r, 0, 2 * CHART_PI);
                    chart_set_colour(c, c->th.muted, 0.25);
                    cairo_fill_preserve(c->cr);
                    chart_set_colour(c, c->th.muted, 0.9);
                    cairo_set_line_width(c->cr, fmax(0.5, c->base * 0.05));
                    cairo_stroke(c->cr);
                    char num[48];
                    incstat_chart_format_number(refs[i], refs[i] == floor(refs[i]) ? 0 : 1, num,
                                                sizeof num);
                    chart_font lf = k.tf;
                    lf.width = fmax(w - 2 * rmax - gap, c->base * 2);
                    chart_text(c, num, &lf, x + 2 * rmax + gap, cy, CHART_LEFT, CHART_MIDDLE,
                               c->th.muted);
                }
                y += rowh;
            }
            y += c->base * 0.5;
        }
        size_t ng = m->n_groups < MAX_KEY_GROUPS ? m->n_groups : MAX_KEY_GROUPS;
        if (m->n_groups < 2)
            ng = 0;
        double dr = c->base * 0.35;
        chart_font lf = k.tf;
        lf.width = w - 2 * dr - gap;
        lf.max_lines = 1;
        for (size_t g = 0; g < ng; g++) {
            if (draw) {
                cairo_new_path(c->cr);
                cairo_arc(c->cr, x + dr, y + k.row_h / 2 - k.row_h * 0.05, dr, 0, 2 * CHART_PI);
                chart_set_colour(c, map_group_colour_(c, m, (uint32_t)g), 0.8);
                cairo_fill(c->cr);
                chart_text(c, m->groups[g], &lf, x + 2 * dr + gap, y, CHART_LEFT, CHART_TOP,
                           c->th.muted);
            }
            y += k.row_h;
        }
        if (m->n_groups > ng && ng) {
            char more[64];
            snprintf(more, sizeof more, "and %zu more", m->n_groups - ng);
            if (draw)
                chart_text(c, more, &lf, x + 2 * dr + gap, y, CHART_LEFT, CHART_TOP,
                           c->th.muted);
            y += k.row_h;
        }
        if (sc->any_hollow) {
            if (draw) {
                cairo_new_path(c->cr);
                cairo_arc(c->cr, x + dr, y + k.row_h / 2 - k.row_h * 0.05, dr, 0, 2 * CHART_PI);
                chart_set_colour(c, c->th.muted, 0.9);
                cairo_set_line_width(c->cr, fmax(0.5, c->base * 0.06));
                cairo_stroke(c->cr);
                chart_font hf = k.tf;
                hf.width = w - 2 * dr - gap;
                chart_text(c, "place known only roughly", &hf, x + 2 * dr + gap, y, CHART_LEFT,
                           CHART_TOP, c->th.muted);
            }
            double h;
            chart_font hf = k.tf;
            hf.width = w - 2 * dr - gap;
            chart_text_size(c, "place known only roughly", &hf, NULL, &h);
            y += fmax(h, k.row_h);
        }
    }
    return y - y0;
}

/* ---- the whole ------------------------------------------------------------ */

/* On an image, r moved to the nearest whole pixels: no pixel at the panel's edge
 * is covered in part, so every dot can be composited straight into the
 * pixels (map_dots.c), on threads; vector output keeps r. */
static chart_rect on_pixels(cairo_t *cr, chart_rect r)
{
    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE)
        return r;
    double x0 = r.x0, y0 = r.y0, x1 = r.x1, y1 = r.y1;
    cairo_user_to_device(cr, &x0, &y0);
    cairo_user_to_device(cr, &x1, &y1);
    if (!(fabs(x0) < 1e6 && fabs(y0) < 1e6 && fabs(x1) < 1e6 && fabs(y1) < 1e6))
        return r;
    x0 = nearbyint(x0);
    y0 = nearbyint(y0);
    x1 = nearbyint(x1);
    y1 = nearbyint(y1);
    cairo_device_to_user(cr, &x0, &y0);
    cairo_device_to_user(cr, &x1, &y1);
    chart_rect s = {fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1)};
    return s;
}

static void draw_panel(chart_ctx *c, const chart_map *m, const map_panel *p,
                       const map_scales *sc, const double box[4], chart_rect cell, int last,
                       int first, int one)
{
    chart_rect r = cell;
    if (p->label) {
        chart_font f = {c->base * 0.9, 1, r.x1 - r.x0, 1, CHART_LEFT};
        incstat_chart_box b = chart_text(c, p->label, &f, r.x0, r.y0, CHART_LEFT, CHART_TOP,
                                         c->th.fg);
        r.y0 = b.y1 + c->base * 0.2;
    }
    map_proj pj = fit(box, r);
    chart_rect clip = on_pixels(c->cr, r);
    cairo_save(c->cr);
    cairo_rectangle(c->cr, clip.x0, clip.y0, clip.x1 - clip.x0, clip.y1 - clip.y0);
    cairo_clip(c->cr);
    /* the dots placed (or sorted) beside the countries */
    dots_order o;
    map_dots_job *job = map_dots_start_(c, &pj, m, p, sc, clip);
    if (!job)
        order_start(&o, m, p);
    if (m->bounds)
        draw_regions(c, &pj, m, p, sc);
    if (job)
        map_dots_finish_(job);
    else
        draw_dots(c, &pj, m, p, sc, clip, order_finish(&o)); /* the clip just set; frees o's */
    cairo_restore(c->cr);
    if (m->bounds && p->values && !p->dots.n)
        draw_region_labels(c, &pj, m, p, sc, one);
    chart_rect drawn = {pj.ox, pj.oy, pj.ox + (box[2] - box[0]) * pj.kx * pj.s,
                        pj.oy + (box[3] - box[1]) * pj.s};
    if (last && !m->opt.no_scale_bar)
        draw_scale_bar(c, &pj, drawn);
    if (first && m->opt.north_arrow)
        draw_north(c, drawn);
}

void chart_draw_map_(chart_ctx *c, chart_rect r)
{
    const chart_map *m = c->chart->map;
    map_scales sc;
    scales_of(c, m, &sc);
    if (c->nomem)
        return;
    double box[4];
    extent(m, box);
    size_t np = m->n_panels ? m->n_panels : 1;
    map_panel empty;
    memset(&empty, 0, sizeof empty);

    /* the grid of panels: columns chosen so that each cell's shape is
     * nearest the map's */
    double kx = incstat_map_lon_scale(box);
    double aspect = (box[2] - box[0]) * kx / (box[3] - box[1]); /* width / height */
    int has_key = sc.has_classes || sc.has_dots;
    double key_w = has_key ? fmin(fmax(c->base * 9, (r.x1 - r.x0) * 0.2), c->base * 14) : 0;
    double gapx = c->base * 1.0;
    chart_rect mr = r;
    int key_below = 0;
    if (has_key) {
        double kh = draw_key(c, m, &sc, 0, 0, key_w, 0);
        /* beside the map when it fits the height, else underneath */
        if (kh <= r.y1 - r.y0) {
            mr.x1 = r.x1 - key_w - gapx;
        } else {
            key_below = 1;
        }
    }
    size_t best_cols = 1;
    double best = INFINITY;
    for (size_t cols = 1; cols <= np; cols++) {
        size_t rows = (np + cols - 1) / cols;
        double cw = (mr.x1 - mr.x0 - gapx * (double)(cols - 1)) / (double)cols;
        double chh = (mr.y1 - mr.y0 - c->base * 0.8 * (double)(rows - 1)) / (double)rows;
        if (cw <= 0 || chh <= 0)
            continue;
        /* the scale each panel gets: larger is better */
        double s = fmin(cw / aspect, chh);
        if (-s < best) {
            best = -s;
            best_cols = cols;
        }
    }
    size_t cols = best_cols, rows = (np + cols - 1) / cols;
    double cw = (mr.x1 - mr.x0 - gapx * (double)(cols - 1)) / (double)cols;
    double chh = (mr.y1 - mr.y0 - c->base * 0.8 * (double)(rows - 1)) / (double)rows;
    /* the dots: the largest a fraction of the panel's shorter side */
    double side = fmin(cw, chh);
    sc.rmax = m->opt.max_dot > 0 ? m->opt.max_dot : fmin(fmax(side / 22, 4), 28);
    sc.rmin = fmax(0.9, sc.rmax * 0.08);
    if (key_below) {
        /* the key under the map, in the right half of the space */
        double kh = draw_key(c, m, &sc, 0, 0, key_w, 0);
        mr.y1 = fmax(r.y0 + (r.y1 - r.y0) * 0.4, r.y1 - kh - c->base * 0.5);
        chh = (mr.y1 - mr.y0 - c->base * 0.8 * (double)(rows - 1)) / (double)rows;
        draw_key(c, m, &sc, r.x0, mr.y1 + c->base * 0.5, fmin(r.x1 - r.x0, c->base * 16), 1);
    }
    for (size_t i = 0; i < np; i++) {
        size_t row = i / cols, col = i % cols;
        chart_rect cell = {mr.x0 + (double)col * (cw + gapx),
                           mr.y0 + (double)row * (chh + c->base * 0.8), 0, 0};
        cell.x1 = cell.x0 + cw;
        cell.y1 = cell.y0 + chh;
        const map_panel *p = m->n_panels ? &m->panels[i] : &empty;
        draw_panel(c, m, p, &sc, box, cell, i == np - 1, i == 0, np == 1);
    }
    if (has_key && !key_below)
        draw_key(c, m, &sc, r.x1 - key_w, r.y0, key_w, 1);
}
