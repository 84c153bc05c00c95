/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_bounds.c: what boundaries answer once read: their regions,
 * the region a point falls in (even-odd rule, bounding boxes first), and the
 * region a place name from a data file stands for (the category fold of
 * src/core/text.c, then a crosswalk of Pakistan's old and new province
 * names). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "chart/map_build.h"
#include "chart/map_internal.h"
#include "core/internal.h"
#include "core/text.h"

size_t incstat_boundaries_count(const incstat_boundaries *b)
{
    return b ? b->n_regions : 0;
}

const char *incstat_boundaries_name(const incstat_boundaries *b, size_t i)
{
    return b && i < b->n_regions ? b->regions[i].name : NULL;
}

size_t incstat_boundaries_skipped(const incstat_boundaries *b)
{
    return b ? b->skipped : 0;
}

size_t incstat_boundaries_vertices(const incstat_boundaries *b)
{
    return b ? b->n_pts : 0;
}

const char *incstat_boundaries_attribution(const incstat_boundaries *b)
{
    return b ? b->attribution : NULL;
}

void incstat_boundaries_bbox(const incstat_boundaries *b, size_t i, double box[4])
{
    const double *src = !b ? NULL : i == INCSTAT_MAP_NONE ? b->box
                                    : i < b->n_regions    ? b->regions[i].box
                                                          : NULL;
    for (int k = 0; k < 4; k++)
        box[k] = src ? src[k] : NAN;
}

double incstat_map_lon_scale(const double box[4])
{
    for (int k = 0; k < 4; k++)
        if (!isfinite(box[k]))
            return NAN;
    double mid = (box[1] + box[3]) / 2;
    /* near a pole the scale would vanish: keep a map of the Arctic drawable */
    return fmax(cos(mid * 3.14159265358979323846 / 180), 0.05);
}

static int in_box(const double box[4], double x, double y)
{
    return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

int map_polygon_holds_(const incstat_boundaries *b, const map_polygon *p, double x, double y)
{
    if (!in_box(p->box, x, y))
        return 0;
    int inside = 0;
    for (size_t r = p->first_ring; r < p->first_ring + p->n_rings; r++) {
        const double *px = b->x + b->rings[r].first, *py = b->y + b->rings[r].first;
        size_t n = b->rings[r].n;
        /* crossings of a ray to the right of the point; each edge counts
         * once (half-open in y), so a vertex on the ray is not counted
         * twice */
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            if ((py[i] > y) != (py[j] > y)) {
                double xc = px[j] + (y - py[j]) * (px[i] - px[j]) / (py[i] - py[j]);
                if (x < xc)
                    inside = !inside;
            }
        }
    }
    return inside;
}

size_t map_locate_scan_(const incstat_boundaries *b, double lon, double lat)
{
    if (!b || !isfinite(lon) || !isfinite(lat) || !in_box(b->box, lon, lat))
        return INCSTAT_MAP_NONE;
    for (size_t i = 0; i < b->n_regions; i++) {
        const map_region *r = &b->regions[i];
        if (!in_box(r->box, lon, lat))
            continue;
        for (size_t p = r->first_poly; p < r->first_poly + r->n_polys; p++)
            if (map_polygon_holds_(b, &b->polys[p], lon, lat))
                return i;
    }
    return INCSTAT_MAP_NONE;
}

/* ---- bands of latitude ------------------------------------------------------ */

/* The even-odd count of a point counts the edges its ray (to the right)
 * crosses, and a ray at latitude y can only cross an edge whose latitudes
 * span y: so each band of latitude keeps the edges that meet it, in the
 * order of their polygons, and a point walks its band's edges, not every
 * vertex of every polygon whose box holds it.  The crossings are computed
 * as map_polygon_holds_ computes them, edge by edge, so the answers are
 * the same bit for bit (the tests compare the two on many points).  A
 * world of 110m countries: 242,000 of the bench file's million points
 * needed a full walk, which cost a tenth of its dot map. */
typedef struct {
    double yi, yj; /* the latitudes of its ends, copied: most edges of a band
                    * are not crossed, and this tells without reading b */
    uint32_t i;    /* the edge from point prev[i] to point i */
} band_edge;

/* A band's edges of one polygon, edge[first .. the next run's first): a
 * polygon whose box does not hold the point is passed over whole (at the
 * latitudes of Africa, a band of the world's countries has hundreds of
 * edges, of a few dozen polygons). */
typedef struct {
    uint32_t poly, first;
} band_run;

struct map_rows {
    double y0, span;  /* the box's latitudes, bottom and height */
    uint32_t n;       /* bands */
    uint32_t *start;  /* n + 1: band k's edges are edge[start[k] .. start[k + 1]) */
    band_edge *edge;
    uint32_t *run_start; /* n + 1: band k's runs are run[run_start[k] .. run_start[k + 1]) */
    band_run *run;       /* and one more, whose first ends the last band's edges */
    uint32_t *prev;   /* per point: the one before it in its ring */
    uint32_t *poly;   /* per point: its polygon (while the bands are built) */
    uint32_t *region; /* per polygon: its region */
};

/* The band of latitude y (within the box), monotone in y, so an edge that
 * spans y is in y's band. */
static uint32_t band_of(const map_rows *r, double y)
{
    double k = r->span > 0 ? (y - r->y0) / r->span * r->n : 0;
    return k <= 0 ? 0 : k >= r->n ? r->n - 1 : (uint32_t)k;
}

/* The bands edge i (from prev[i]) is in, [*k0, *k1]; 0 for none: a
 * horizontal edge is never crossed (the count is half-open in y), and an
 * edge of one point (a closed ring's last) is nothing. */
static int edge_bands(const incstat_boundaries *b, const map_rows *r, size_t i, uint32_t *k0,
                      uint32_t *k1)
{
    double ya = b->y[i], yb = b->y[r->prev[i]];
    if (ya == yb)
        return 0;
    *k0 = band_of(r, fmin(ya, yb));
    *k1 = band_of(r, fmax(ya, yb));
    return 1;
}

/* Edges per band, summed (the entries) for n bands. */
static size_t band_entries(const incstat_boundaries *b, map_rows *r, uint32_t n)
{
    r->n = n;
    size_t total = 0;
    uint32_t k0, k1;
    for (size_t i = 0; i < b->n_pts; i++)
        if (edge_bands(b, r, i, &k0, &k1))
            total += k1 - k0 + 1;
    return total;
}

void map_rows_free_(map_rows *r)
{
    if (!r)
        return;
    incstat_free_mem(r->start);
    incstat_free_mem(r->edge);
    incstat_free_mem(r->run_start);
    incstat_free_mem(r->run);
    incstat_free_mem(r->prev);
    incstat_free_mem(r->poly);
    incstat_free_mem(r->region);
    incstat_free_mem(r);
}

/* prev, poly and region of r from b's rings; -1 if a point index would not
 * fit 32 bits (not with INCSTAT_MAP_MAX_VERTICES). */
static int rows_link(const incstat_boundaries *b, map_rows *r)
{
    if (b->n_pts >= UINT32_MAX || b->n_polys >= UINT32_MAX)
        return -1;
    for (size_t g = 0; g < b->n_regions; g++)
        for (size_t p = b->regions[g].first_poly;
             p < b->regions[g].first_poly + b->regions[g].n_polys; p++)
            r->region[p] = (uint32_t)g;
    for (size_t p = 0; p < b->n_polys; p++)
        for (size_t k = b->polys[p].first_ring; k < b->polys[p].first_ring + b->polys[p].n_rings;
             k++) {
            const map_ring *rg = &b->rings[k];
            for (size_t i = rg->first; i < rg->first + rg->n; i++) {
                /* as map_polygon_holds_ pairs them: the first point's
                 * edge comes from the last (nothing when the ring is
                 * closed: the two are equal) */
                r->prev[i] = (uint32_t)(i == rg->first ? rg->first + rg->n - 1 : i - 1);
                r->poly[i] = (uint32_t)p;
            }
        }
    return 0;
}

/* The runs of r's bands (its edges in place); -1 out of memory. */
static int rows_runs(map_rows *r)
{
    size_t n_runs = 0;
    for (uint32_t k = 0; k < r->n; k++)
        for (uint32_t e = r->start[k]; e < r->start[k + 1]; e++)
            n_runs += e == r->start[k] || r->poly[r->edge[e].i] != r->poly[r->edge[e - 1].i];
    r->run_start = incstat_reallocarray(NULL, (size_t)r->n + 1, sizeof *r->run_start);
    r->run = incstat_reallocarray(NULL, n_runs + 1, sizeof *r->run);
    if (!r->run_start || !r->run)
        return -1;
    uint32_t j = 0;
    for (uint32_t k = 0; k < r->n; k++) {
        r->run_start[k] = j;
        for (uint32_t e = r->start[k]; e < r->start[k + 1]; e++)
            if (e == r->start[k] || r->poly[r->edge[e].i] != r->poly[r->edge[e - 1].i])
                r->run[j++] = (band_run){r->poly[r->edge[e].i], e};
    }
    r->run_start[r->n] = j;
    r->run[j] = (band_run){0, r->start[r->n]};
    return 0;
}

void map_rows_build_(incstat_boundaries *b)
{
    map_rows *r = incstat_calloc(1, sizeof *r);
    if (!r || b->n_pts == 0)
        goto fail;
    r->y0 = b->box[1];
    r->span = b->box[3] - b->box[1];
    r->prev = incstat_reallocarray(NULL, b->n_pts, sizeof *r->prev);
    r->poly = incstat_reallocarray(NULL, b->n_pts, sizeof *r->poly);
    r->region = incstat_reallocarray(NULL, b->n_polys ? b->n_polys : 1, sizeof *r->region);
    if (!r->prev || !r->poly || !r->region || rows_link(b, r) != 0)
        goto fail;
    /* as many bands as keep each to a few edges, as long as an edge is in
     * no more than 8 of them on average (2 past a million points): long
     * edges are in many, and a hostile file of long edges gets few bands,
     * not a huge index (24 bytes an entry) */
    uint32_t n = b->n_pts / 4 > 4096 ? 4096 : b->n_pts / 4 ? (uint32_t)(b->n_pts / 4) : 1;
    size_t budget = (b->n_pts > 1000000 ? 2 : 8) * b->n_pts;
    size_t total = band_entries(b, r, n);
    while (n > 1 && total > budget) {
        n /= 2;
        total = band_entries(b, r, n);
    }
    if (total >= UINT32_MAX)
        goto fail;
    r->start = incstat_calloc((size_t)n + 1, sizeof *r->start);
    r->edge = incstat_reallocarray(NULL, total ? total : 1, sizeof *r->edge);
    if (!r->start || !r->edge)
        goto fail;
    uint32_t k0, k1;
    for (size_t i = 0; i < b->n_pts; i++)
        if (edge_bands(b, r, i, &k0, &k1))
            for (uint32_t k = k0; k <= k1; k++)
                r->start[k + 1]++;
    for (uint32_t k = 0; k < n; k++)
        r->start[k + 1] += r->start[k];
    /* points in order, so each band's edges are in the order of their
     * polygons, and the polygons in the order of their regions */
    uint32_t *fill = incstat_reallocarray(NULL, n, sizeof *fill);
    if (!fill)
        goto fail;
    memcpy(fill, r->start, (size_t)n * sizeof *fill);
    for (size_t i = 0; i < b->n_pts; i++)
        if (edge_bands(b, r, i, &k0, &k1))
            for (uint32_t k = k0; k <= k1; k++)
                r->edge[fill[k]++] =
                    (band_edge){b->y[i], b->y[r->prev[i]], (uint32_t)i};
    incstat_free_mem(fill);
    if (rows_runs(r) != 0)
        goto fail;
    incstat_free_mem(r->poly); /* the runs hold what locating needs of it */
    r->poly = NULL;
    b->rows = r;
    return;
fail:
    map_rows_free_(r);
}

/* The first region (in order) with a polygon that holds (x, y), from the
 * edges of y's band, polygon by polygon. */
static size_t rows_locate(const incstat_boundaries *b, const map_rows *r, double x, double y)
{
    uint32_t k = band_of(r, y);
    const double *px = b->x, *py = b->y;
    /* the run after a band's last is the next band's first, or the one
     * that ends them all */
    for (const band_run *u = r->run + r->run_start[k], *end = r->run + r->run_start[k + 1];
         u < end; u++) {
        if (!in_box(b->polys[u->poly].box, x, y))
            continue;
        int inside = 0;
        for (const band_edge *e = r->edge + u->first, *z = r->edge + u[1].first; e < z; e++) {
            if ((e->yi > y) != (e->yj > y)) {
                uint32_t i = e->i, j = r->prev[i];
                double xc = px[j] + (y - py[j]) * (px[i] - px[j]) / (py[i] - py[j]);
                if (x < xc)
                    inside = !inside;
            }
        }
        if (inside)
            return r->region[u->poly];
    }
    return INCSTAT_MAP_NONE;
}

size_t incstat_boundaries_locate(const incstat_boundaries *b, double lon, double lat)
{
    if (!b || !isfinite(lon) || !isfinite(lat) || !in_box(b->box, lon, lat))
        return INCSTAT_MAP_NONE;
    return b->rows ? rows_locate(b, b->rows, lon, lat) : map_locate_scan_(b, lon, lat);
}

/* ---- many points: outside every region? ------------------------------------ */

#define GRID_X 1024
#define GRID_Y 512
enum { CELL_MIXED = 0, CELL_IN, CELL_OUT, CELL_UNSEEN };

/* The column or row of coordinate v in [lo, hi] cut in n, clamped to the
 * grid. */
static long grid_index(double v, double lo, double hi, long n)
{
    double f = (v - lo) / (hi - lo) * (double)n;
    return f < 0 ? 0 : f >= (double)n ? n - 1 : (long)f;
}

/* The cell of (x, y) in the grid over box; -1 outside the box. */
static long cell_of(const double box[4], double x, double y)
{
    if (!in_box(box, x, y))
        return -1;
    return grid_index(y, box[1], box[3], GRID_Y) * GRID_X + grid_index(x, box[0], box[2], GRID_X);
}

/* Mark the cells segment (xa, ya)-(xb, yb) may pass through: row by row,
 * the columns its x-range within the row covers, the row and the range
 * widened by a hundredth of a cell so that rounding cannot leave out a
 * cell it touches.  A long diagonal edge marks a band of cells, not its
 * whole box (on the world's boundaries, a third of the cells the boxes
 * marked, and as many fewer points to test one by one). */
static void mark_segment(const double box[4], unsigned char *edge, double xa, double ya,
                         double xb, double yb)
{
    double w = (box[2] - box[0]) / GRID_X, h = (box[3] - box[1]) / GRID_Y;
    double ey = h / 100, ex = w / 100;
    double y0 = fmin(ya, yb), y1 = fmax(ya, yb);
    long r0 = grid_index(y0 - ey, box[1], box[3], GRID_Y);
    long r1 = grid_index(y1 + ey, box[1], box[3], GRID_Y);
    for (long r = r0; r <= r1; r++) {
        /* the part of the segment within the row, widened */
        double lo = fmax(y0, box[1] + (double)r * h - ey);
        double hi = fmin(y1, box[1] + (double)(r + 1) * h + ey);
        double xl, xh;
        if (yb == ya || lo > hi) {
            xl = fmin(xa, xb);
            xh = fmax(xa, xb);
        } else {
            double p = xa + (xb - xa) * ((lo - ya) / (yb - ya));
            double q = xa + (xb - xa) * ((hi - ya) / (yb - ya));
            xl = fmax(fmin(p, q), fmin(xa, xb));
            xh = fmin(fmax(p, q), fmax(xa, xb));
        }
        long c0 = grid_index(xl - ex, box[0], box[2], GRID_X);
        long c1 = grid_index(xh + ex, box[0], box[2], GRID_X);
        memset(edge + r * GRID_X + c0, 1, (size_t)(c1 - c0 + 1));
    }
}

/* A grid over the union of the regions' boxes: a cell no edge touches
 * lies wholly inside or wholly outside every polygon (the even-odd count
 * cannot change without crossing an edge), so its centre answers for
 * every point in it; cells an edge may cross are MIXED and their points
 * are tested one by one. */
static void grid_build(const incstat_boundaries *b, const double box[4], unsigned char *g,
                       uint32_t *stack)
{
    memset(g, CELL_MIXED, (size_t)GRID_X * GRID_Y);
    unsigned char *edge = g; /* marked 1 where an edge may pass, then classified */
    for (size_t r = 0; r < b->n_rings; r++) {
        const map_ring *rg = &b->rings[r];
        for (size_t k = 0; k < rg->n; k++) {
            size_t a = rg->first + k, z = rg->first + (k + 1) % rg->n;
            if (!(isfinite(b->x[a]) && isfinite(b->y[a]) && isfinite(b->x[z]) &&
                  isfinite(b->y[z])))
                continue;
            mark_segment(box, edge, b->x[a], b->y[a], b->x[z], b->y[z]);
        }
    }
    /* two cells side by side that no edge's box touches: no edge crosses
     * their union, so their centres are inside or outside alike; one
     * locate answers for each patch of such cells (a flood fill), so the
     * grid can be fine (few points in MIXED cells) and still cheap */
    double w = (box[2] - box[0]) / GRID_X, h = (box[3] - box[1]) / GRID_Y;
    for (long c = 0; c < GRID_X * GRID_Y; c++)
        g[c] = edge[c] == 1 ? CELL_MIXED : CELL_UNSEEN;
    for (long c = 0; c < GRID_X * GRID_Y; c++) {
        if (g[c] != CELL_UNSEEN)
            continue;
        double x = box[0] + (c % GRID_X + 0.5) * w, y = box[1] + (c / GRID_X + 0.5) * h;
        unsigned char v = incstat_boundaries_locate(b, x, y) == INCSTAT_MAP_NONE ? CELL_OUT : CELL_IN;
        if (!stack) {
            g[c] = v; /* no memory for the fill: cell by cell */
            continue;
        }
        size_t top = 0;
        g[c] = v;
        stack[top++] = (uint32_t)c;
        while (top) {
            long k = stack[--top], kx = k % GRID_X, ky = k / GRID_X;
            long nb[4] = {kx > 0 ? k - 1 : -1, kx + 1 < GRID_X ? k + 1 : -1,
                          ky > 0 ? k - GRID_X : -1, ky + 1 < GRID_Y ? k + GRID_X : -1};
            for (int j = 0; j < 4; j++)
                if (nb[j] >= 0 && g[nb[j]] == CELL_UNSEEN) {
                    g[nb[j]] = v;
                    stack[top++] = (uint32_t)nb[j];
                }
        }
    }
}

struct map_outside_grid {
    const incstat_boundaries *b;
    double box[4];    /* the union of the regions' boxes */
    unsigned char *g; /* GRID_X * GRID_Y cells; NULL: every point located */
};

map_outside_grid *map_outside_grid_new_(const incstat_boundaries *b, int one_by_one)
{
    map_outside_grid *og = incstat_calloc(1, sizeof *og);
    if (!og)
        return NULL;
    og->b = b;
    double *box = og->box;
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    for (size_t i = 0; i < b->n_regions; i++) {
        box[0] = fmin(box[0], b->regions[i].box[0]);
        box[1] = fmin(box[1], b->regions[i].box[1]);
        box[2] = fmax(box[2], b->regions[i].box[2]);
        box[3] = fmax(box[3], b->regions[i].box[3]);
    }
    /* no area: one by one (so also without memory for the grid) */
    if (!one_by_one && box[2] > box[0] && box[3] > box[1])
        og->g = incstat_malloc((size_t)GRID_X * GRID_Y);
    if (og->g) {
        /* each cell is pushed at most once */
        uint32_t *stack = incstat_reallocarray(NULL, (size_t)GRID_X * GRID_Y, sizeof *stack);
        grid_build(b, box, og->g, stack);
        incstat_free_mem(stack);
    }
    return og;
}

int map_outside_(const map_outside_grid *og, double lon, double lat)
{
    if (og->g) {
        long c = cell_of(og->box, lon, lat);
        if (c < 0)
            return 1; /* beyond every region's box */
        if (og->g[c] != CELL_MIXED)
            return og->g[c] == CELL_OUT;
    }
    return incstat_boundaries_locate(og->b, lon, lat) == INCSTAT_MAP_NONE;
}

void map_outside_grid_free_(map_outside_grid *og)
{
    if (!og)
        return;
    incstat_free_mem(og->g);
    incstat_free_mem(og);
}

size_t map_count_outside_(const incstat_boundaries *b, const double *lon, const double *lat,
                          size_t n)
{
    /* a few points: one by one; out of memory: the same, more slowly */
    map_outside_grid *og = map_outside_grid_new_(b, n < 4096);
    size_t out = 0;
    for (size_t i = 0; i < n; i++)
        out += og ? map_outside_(og, lon[i], lat[i])
                  : incstat_boundaries_locate(b, lon[i], lat[i]) == INCSTAT_MAP_NONE;
    map_outside_grid_free_(og);
    return out;
}

/* ---- names -------------------------------------------------------------- */

size_t map_name_key_(const char *s, size_t n, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    char tmp[256];
    size_t m = incstat_label_fold(s, n, tmp, sizeof tmp);
    size_t k = 0;
    int space = 1; /* drop leading spaces */
    for (size_t i = 0; i < m && k + 1 < cap; i++) {
        char ch = tmp[i];
        if (ch == '.') /* "N.W.F.P." is "nwfp", "K.P." is "kp" */
            continue;
        if (ch == '-' || ch == '_' || ch == ' ' || ch == ',') {
            if (!space)
                out[k++] = ' ';
            space = 1;
            continue;
        }
        out[k++] = ch;
        space = 0;
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = 0;
    return k;
}

/* The crosswalk: each name (as a key) and the province it is today.  FATA
 * is its own entry; incstat_boundaries_find falls back to Khyber
 * Pakhtunkhwa for it. */
enum { PK_NONE = 0, PK_KP, PK_FATA, PK_SINDH, PK_GB, PK_BALOCHISTAN, PK_ICT, PK_PUNJAB, PK_AJK };

static const struct {
    const char *key;
    int province;
} CROSSWALK[] = {
    {"kp", PK_KP},
    {"kpk", PK_KP},
    {"nwfp", PK_KP},
    {"khyber pakhtunkhwa", PK_KP},
    {"khyber pakhtoonkhwa", PK_KP},
    {"khyber pakhtunkhwa province", PK_KP},
    {"north west frontier", PK_KP},
    {"north west frontier province", PK_KP},
    {"fata", PK_FATA},
    {"federally administered tribal areas", PK_FATA},
    {"tribal areas", PK_FATA},
    {"sind", PK_SINDH},
    {"sindh", PK_SINDH},
    {"northern areas", PK_GB},
    {"gilgit baltistan", PK_GB},
    {"baluchistan", PK_BALOCHISTAN},
    {"balochistan", PK_BALOCHISTAN},
    {"ict", PK_ICT},
    {"fct", PK_ICT},
    {"islamabad", PK_ICT},
    {"capital", PK_ICT},
    {"islamabad capital territory", PK_ICT},
    {"federal capital territory", PK_ICT},
    {"punjab", PK_PUNJAB},
    {"ajk", PK_AJK},
    {"azad kashmir", PK_AJK},
    {"azad jammu and kashmir", PK_AJK},
    {"azad jammu & kashmir", PK_AJK},
};

static int province_of(const char *key)
{
    for (size_t i = 0; i < sizeof CROSSWALK / sizeof CROSSWALK[0]; i++)
        if (strcmp(CROSSWALK[i].key, key) == 0)
            return CROSSWALK[i].province;
    return PK_NONE;
}

static size_t find_key(const incstat_boundaries *b, const char *key, int prov)
{
    char rk[256];
    /* the same name first, then the same province under another name */
    for (size_t i = 0; i < b->n_regions; i++) {
        map_name_key_(b->regions[i].name, strlen(b->regions[i].name), rk, sizeof rk);
        if (strcmp(rk, key) == 0)
            return i;
    }
    if (prov == PK_NONE)
        return INCSTAT_MAP_NONE;
    for (size_t i = 0; i < b->n_regions; i++) {
        map_name_key_(b->regions[i].name, strlen(b->regions[i].name), rk, sizeof rk);
        if (province_of(rk) == prov)
            return i;
    }
    return INCSTAT_MAP_NONE;
}

size_t incstat_boundaries_find(const incstat_boundaries *b, const char *name, size_t len,
                               int *merged)
{
    if (merged)
        *merged = 0;
    if (!b || !name)
        return INCSTAT_MAP_NONE;
    char key[256];
    map_name_key_(name, len, key, sizeof key);
    if (!key[0])
        return INCSTAT_MAP_NONE;
    int prov = province_of(key);
    size_t i = find_key(b, key, prov);
    if (i == INCSTAT_MAP_NONE && prov == PK_FATA) {
        /* merged into Khyber Pakhtunkhwa in 2018: boundaries drawn since
         * have no FATA */
        i = find_key(b, "khyber pakhtunkhwa", PK_KP);
        if (i != INCSTAT_MAP_NONE && merged)
            *merged = 1;
    }
    return i;
}
