/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_dots.c: a map's dots on an image (PNG).  Each dot is a
 * small image of its circle (a sprite), made once per colour and size (to a
 * quarter pixel) and composited at the nearest pixel, straight into the
 * image's pixels by the OVER pixman would do.  Drawing each dot as a path
 * cost 15 s for a million dots; a cairo composite per dot, 0.5 s; this,
 * under 0.1 s, and shared between threads: each thread goes through every
 * dot in the same order and composites only the rows of its own stripes,
 * so every pixel sees the same dots in the same order as on one thread
 * (the same pixels, whatever the number of threads).  Vector output keeps
 * the paths (map_draw.c). */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "chart/map_draw.h"
#include "core/internal.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SPRITE_MAX 512
/* stripes of 16 rows, dealt to the threads in turn: narrow enough that the
 * dots of any part of a map are shared evenly, wide enough that a small dot
 * is mostly one thread's */
#define STRIPE_SHIFT 4
#define MAX_THREADS 64
/* the largest dot's radius, in quarter pixels (a side of 32,770 pixels) */
#define MAX_Q UINT16_MAX

typedef struct {
    unsigned char *data;
    int stride, w, h;
} pixels;

typedef struct {
    uint32_t group;
    int q, hollow; /* radius in quarter pixels */
    cairo_surface_t *s;
    pixels px;
    int *span; /* per row, the first pixel not clear and the one after the last */
} dot_sprite;

/* Each thread's own sprites (cairo objects are not shared between
 * threads); made alike, so alike in every thread. */
typedef struct {
    dot_sprite *s; /* SPRITE_MAX */
    size_t n;
} sprite_cache;

static pixels pixels_of(cairo_surface_t *s)
{
    pixels p = {cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s),
                cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
    return p;
}

/* Where each row of sprite s (side rows) is not clear, so that its corners
 * cost nothing to composite; NULL out of memory (then whole rows). */
static int *sprite_spans(const pixels *s)
{
    int side = s->h;
    int *span = s->data ? incstat_reallocarray(NULL, (size_t)side, 2 * sizeof *span) : NULL;
    for (int y = 0; span && y < side; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(s->data + (size_t)y * (size_t)s->stride);
        int a = 0, b = s->w;
        while (a < s->w && !row[a])
            a++;
        while (b > a && !row[b - 1])
            b--;
        span[2 * y] = a;
        span[2 * y + 1] = b;
    }
    return span;
}

chart_rgb map_group_colour_(const chart_ctx *c, const chart_map *m, uint32_t g)
{
    if (g < m->n_groups && strcmp(m->groups[g], "Other") == 0)
        return c->th.other;
    if (m->n_groups <= 1 && g == 0)
        return c->th.accent;
    return chart_palette(c, g);
}

/* The side of the sprite of a dot of radius q / 4 pixels. */
static int sprite_side(int q)
{
    return (q + 1) / 2 + 3; /* ceil(2 * q / 4) + 3, in integers: a million dots each */
}

/* The sprite of a dot, flushed (its pixels readable); NULL when it cannot
 * be made (out of memory).  Past SPRITE_MAX sprites, *owned is 1 and the
 * caller destroys it.  The dots come largest first, so the sizes only
 * shrink and the sprite sought, if made, is among the last made: searched
 * from the end, a few steps (a million dots searched from the start cost a
 * tenth of the map's time). */
static const dot_sprite *sprite_of(const chart_ctx *c, const chart_map *m, sprite_cache *cache,
                                   uint32_t g, int q, int hollow, dot_sprite *owned)
{
    for (size_t k = cache->n; k-- > 0;) {
        const dot_sprite *d = &cache->s[k];
        if (d->group == g && d->q == q && d->hollow == hollow)
            return d;
    }
    double r = q / 4.0;
    int sd = sprite_side(q);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, sd, sd);
    cairo_t *cr = cairo_create(s);
    chart_rgb col = map_group_colour_(c, m, g);
    cairo_set_source_rgba(cr, col.r, col.g, col.b, hollow ? 0.85 : DOT_ALPHA);
    cairo_arc(cr, sd / 2.0, sd / 2.0, r, 0, 2 * CHART_PI);
    if (hollow) {
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || !cairo_image_surface_get_data(s)) {
        cairo_surface_destroy(s);
        return NULL;
    }
    dot_sprite *d = cache->n < SPRITE_MAX ? &cache->s[cache->n++] : owned;
    *d = (dot_sprite){g, q, hollow, s, pixels_of(s), NULL};
    if (d != owned)
        d->span = sprite_spans(&d->px);
    return d;
}

static void sprite_cache_free(sprite_cache *cache)
{
    for (size_t j = 0; j < cache->n; j++) {
        cairo_surface_destroy(cache->s[j].s);
        incstat_free_mem(cache->s[j].span);
    }
    incstat_free_mem(cache->s);
}

/* pixman's UN8x4_MUL_UN8: each byte of x times a / 255, rounded as pixman
 * rounds it (t = x * a + 0x80; ((t >> 8) + t) >> 8), two bytes at a time. */
static uint32_t mul_un8x4(uint32_t x, uint32_t a)
{
    uint32_t rb = (x & 0xff00ffu) * a + 0x800080u;
    rb = ((rb + ((rb >> 8) & 0xff00ffu)) >> 8) & 0xff00ffu;
    uint32_t ag = ((x >> 8) & 0xff00ffu) * a + 0x800080u;
    ag = (ag + ((ag >> 8) & 0xff00ffu)) & 0xff00ff00u;
    return rb | ag;
}

#ifdef __SSE2__
/* Two pixels' bytes, as 16-bit lanes, times 255 - their alpha / 255 (the
 * same rounding: t = d * a + 0x80; ((t >> 8) + t) >> 8, under 2^16). */
static __m128i over2(__m128i s16, __m128i d16)
{
    __m128i a = _mm_shufflehi_epi16(_mm_shufflelo_epi16(s16, 0xff), 0xff);
    __m128i ia = _mm_sub_epi16(_mm_set1_epi16(255), a);
    __m128i t = _mm_add_epi16(_mm_mullo_epi16(d16, ia), _mm_set1_epi16(0x80));
    t = _mm_srli_epi16(_mm_add_epi16(t, _mm_srli_epi16(t, 8)), 8);
    return _mm_add_epi16(s16, t);
}

/* OVER of four pixels, as the loop below does one (pixman's SSE2 path
 * does the same). */
static void over4(uint32_t *d, const uint32_t *s)
{
    __m128i z = _mm_setzero_si128();
    __m128i sv = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i dv = _mm_loadu_si128((const __m128i *)(void *)d);
    __m128i lo = over2(_mm_unpacklo_epi8(sv, z), _mm_unpacklo_epi8(dv, z));
    __m128i hi = over2(_mm_unpackhi_epi8(sv, z), _mm_unpackhi_epi8(dv, z));
    _mm_storeu_si128((__m128i *)(void *)d, _mm_packus_epi16(lo, hi));
}
#endif

/* Composite sprite s at (x0, y0) into the pixels of dst within clip (x1,
 * y1 excluded; within dst). */
static void over_rows(const pixels *dst, const pixels *s, const int *span, int x0, int y0,
                      const int clip[4])
{
    int ax = x0 > clip[0] ? x0 : clip[0], bx = x0 + s->w < clip[2] ? x0 + s->w : clip[2];
    int ay = y0 > clip[1] ? y0 : clip[1], by = y0 + s->h < clip[3] ? y0 + s->h : clip[3];
    for (int y = ay; y < by; y++) {
        uint32_t *d = (uint32_t *)(void *)(dst->data + (size_t)y * (size_t)dst->stride);
        const uint32_t *sp =
            (const uint32_t *)(const void *)(s->data + (size_t)(y - y0) * (size_t)s->stride);
        /* the row's pixels that are not clear, within the clip */
        int rx = ax, rz = bx;
        if (span) {
            rx = x0 + span[2 * (y - y0)] > ax ? x0 + span[2 * (y - y0)] : ax;
            rz = x0 + span[2 * (y - y0) + 1] < bx ? x0 + span[2 * (y - y0) + 1] : bx;
        }
        /* OVER, premultiplied (pixman's combine_over_u): each byte
         * s + d * (255 - sa) / 255, which cannot pass 255 (s <= sa, the
         * product <= 255 - sa), so the bytes add without carries; exact
         * also for a clear pixel (d * 255 / 255 is d) and an opaque one
         * (d * 0 is 0) */
        int x = rx;
#ifdef __SSE2__
        for (; x + 4 <= rz; x += 4)
            over4(d + x, sp + (x - x0));
#endif
        for (; x < rz; x++) {
            uint32_t src = sp[x - x0];
            d[x] = src + mul_un8x4(d[x], 255 - (src >> 24));
        }
    }
}

/* clip[] within dst's pixels. */
static void clip_to(const pixels *dst, const int clip[4], int out[4])
{
    out[0] = clip[0] > 0 ? clip[0] : 0;
    out[1] = clip[1] > 0 ? clip[1] : 0;
    out[2] = clip[2] < dst->w ? clip[2] : dst->w;
    out[3] = clip[3] < dst->h ? clip[3] : dst->h;
}

void map_sprite_over_(cairo_surface_t *dst, cairo_surface_t *sprite, const int *span, int x0,
                      int y0, const int clip[4])
{
    pixels d = pixels_of(dst), s = pixels_of(sprite);
    if (!d.data || !s.data)
        return;
    int cl[4];
    clip_to(&d, clip, cl);
    over_rows(&d, &s, span, x0, y0, cl);
}

/* cairo keeps coordinates in 24.8 fixed point: v as cairo holds it. */
static double as_fixed(double v)
{
    return nearbyint(v * 256) / 256;
}

/* Whether the dots can be written straight into the pixels of the target:
 * an ARGB32 or RGB24 image drawn on directly (no group, no device offset
 * or scale), the operator OVER, no rotation.  If so, the clip rectangle
 * (the panel's, in user space) in device pixels: in[] the pixels it covers
 * wholly, out[] those it touches (the same when it is on whole pixels). */
static int direct_ok(cairo_t *cr, chart_rect clip, int in[4], int out[4])
{
    cairo_surface_t *t = cairo_get_target(cr);
    if (cairo_get_group_target(cr) != t || cairo_surface_get_type(t) != CAIRO_SURFACE_TYPE_IMAGE ||
        cairo_surface_status(t) != CAIRO_STATUS_SUCCESS || cairo_get_operator(cr) != CAIRO_OPERATOR_OVER)
        return 0;
    cairo_format_t f = cairo_image_surface_get_format(t);
    if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24)
        return 0;
    double ox, oy, sx, sy;
    cairo_surface_get_device_offset(t, &ox, &oy);
    cairo_surface_get_device_scale(t, &sx, &sy);
    cairo_matrix_t mx;
    cairo_get_matrix(cr, &mx);
    if (ox != 0 || oy != 0 || sx != 1 || sy != 1 || mx.xy != 0 || mx.yx != 0)
        return 0;
    /* the panel's rectangle within any clip already set */
    double e[4];
    cairo_clip_extents(cr, &e[0], &e[1], &e[2], &e[3]);
    double x0 = fmax(clip.x0, e[0]), y0 = fmax(clip.y0, e[1]);
    double x1 = fmin(clip.x1, e[2]), y1 = fmin(clip.y1, e[3]);
    cairo_user_to_device(cr, &x0, &y0);
    cairo_user_to_device(cr, &x1, &y1);
    if (!(x0 < x1 && y0 < y1) || fabs(x0) > 1e6 || fabs(y0) > 1e6 || fabs(x1) > 1e6 ||
        fabs(y1) > 1e6)
        return 0;
    x0 = as_fixed(x0);
    y0 = as_fixed(y0);
    x1 = as_fixed(x1);
    y1 = as_fixed(y1);
    in[0] = (int)ceil(x0);
    in[1] = (int)ceil(y0);
    in[2] = (int)floor(x1);
    in[3] = (int)floor(y1);
    out[0] = (int)floor(x0);
    out[1] = (int)floor(y0);
    out[2] = (int)ceil(x1);
    out[3] = (int)ceil(y1);
    return 1;
}

/* Where sprite [x0, x0 + side)^2 meets the clip: 0 nowhere (on the image),
 * 1 only pixels the clip covers wholly, 2 a pixel the clip covers in part. */
static int clip_meets(int x0, int y0, int side, const int in[4], const int out[4], int w, int h)
{
    int ax = x0 > out[0] ? x0 : out[0], bx = x0 + side < out[2] ? x0 + side : out[2];
    int ay = y0 > out[1] ? y0 : out[1], by = y0 + side < out[3] ? y0 + side : out[3];
    ax = ax > 0 ? ax : 0;
    ay = ay > 0 ? ay : 0;
    bx = bx < w ? bx : w;
    by = by < h ? by : h;
    if (ax >= bx || ay >= by)
        return 0;
    return ax >= in[0] && bx <= in[2] && ay >= in[1] && by <= in[3] ? 1 : 2;
}

/* ---- where each dot goes -------------------------------------------------- */

/* A dot as drawn: the top left pixel of its sprite, which sprite.  The
 * dots are placed in drawing order first (once, not by every thread: the
 * drawing's slowest part when every thread did it for itself), then drawn
 * from these in sequence. */
typedef struct {
    int32_t x0, y0;         /* x0 OFF_IMAGE: beyond any image */
    uint32_t group : 31, hollow : 1;
    uint16_t q;             /* radius in quarter pixels */
    uint16_t side;          /* of the sprite */
} dot_at;

#define OFF_IMAGE INT32_MIN

typedef struct {
    const map_proj *pj;
    const map_scales *sc;
    cairo_matrix_t mx; /* user space to pixels */
    double scale;      /* pixels per unit of user space */
} dot_place;

static dot_place place_of(cairo_t *cr, const map_proj *pj, const map_scales *sc)
{
    dot_place dp;
    dp.pj = pj;
    dp.sc = sc;
    cairo_get_matrix(cr, &dp.mx);
    /* device space: the clip and the scale (dpi) stay as they are */
    double one = 1, zero = 0;
    cairo_user_to_device_distance(cr, &one, &zero);
    dp.scale = one;
    return dp;
}

static void place_one(const dot_place *dp, const map_store *d, size_t i, dot_at *a)
{
    double x = map_px(dp->pj, MAP_DOT(d, lon, i)), y = map_py(dp->pj, MAP_DOT(d, lat, i));
    cairo_matrix_transform_point(&dp->mx, &x, &y);
    double q = nearbyint(map_dot_radius(dp->sc, MAP_DOT(d, size, i)) * dp->scale * 4);
    q = q < 0 ? 0 : q > MAX_Q ? MAX_Q : q;
    int side = sprite_side((int)q);
    double fx = floor(x - side / 2.0 + 0.5), fy = floor(y - side / 2.0 + 0.5);
    int on = fabs(fx) < 1e6 && fabs(fy) < 1e6;
    a->x0 = on ? (int32_t)fx : OFF_IMAGE;
    a->y0 = on ? (int32_t)fy : 0;
    a->q = (uint16_t)q;
    a->side = (uint16_t)side;
    a->group = MAP_DOT(d, group, i) & 0x7fffffffu;
    a->hollow = MAP_DOT(d, hollow, i) != 0;
}

/* A dot as the threads draw it, in 8 bytes where dot_at takes 16 (a
 * million dots: 8 MB of places, 2,000 page faults fewer), for images and
 * dots that fit (map_dots_start_ checks): sides under 32,768 pixels, the
 * largest sprite's side at most PX_MAX_SIDE, groups under 32,768.  A dot
 * wholly off the image is marked so, which is all drawing needs of it. */
typedef struct {
    int16_t x0, y0; /* x0 PX_OFF: not on the image */
    uint16_t q;     /* radius in quarter pixels */
    uint16_t gh;    /* group (15 bits), hollow (the top bit) */
} dot_px;

#define PX_OFF INT16_MIN
#define PX_MAX_SIDE 30000

static void place_px(const dot_place *dp, const map_store *d, size_t i, int w, int h, dot_px *o)
{
    dot_at a;
    place_one(dp, d, i, &a);
    int on = a.x0 != OFF_IMAGE && a.x0 > -(int)a.side && a.x0 < w && a.y0 > -(int)a.side &&
             a.y0 < h;
    o->x0 = on ? (int16_t)a.x0 : PX_OFF;
    o->y0 = on ? (int16_t)a.y0 : 0;
    o->q = a.q;
    o->gh = (uint16_t)(a.group | (uint32_t)a.hollow << 15);
}

/* Dots order[k0..k1) of p at at[k0..k1). */
static void place_dots(const dot_place *dp, const map_panel *p, const size_t *order, size_t k0,
                       size_t k1, dot_at *at)
{
    for (size_t k = k0; k < k1; k++)
        place_one(dp, &p->dots, order[k], &at[k]);
}

/* ---- placed in drawing order, in one pass --------------------------------- */

/* Dots of few distinct sizes (counts of people killed: a few hundred) are
 * placed straight in drawing order, reading the panel in sequence: a
 * counting sort over the distinct sizes, stable, on the keys
 * map_order_by_size_ sorts by, so the same order.  A million dots: one
 * array of places (16 MB) where sorting indices, then placing dots read in
 * that order, took 32 MB more and random reads.  The dots are counted in
 * PLACE_PARTS parts of the panel, so that each part has its own places to
 * go to and the parts can be placed by two threads at once (the one that
 * counted, and the caller once the countries are drawn). */
#define DISTINCT_MAX 32768
#define DISTINCT_SHIFT 16 /* 65,536 slots, half full at most */
#define PLACE_PARTS 8

typedef struct {
    uint64_t key; /* 0: empty (map_size_key is never 0) */
    size_t id;    /* the size's index among the distinct ones */
} size_slot;

typedef struct {
    size_slot *slots;
    size_t distinct;
    size_t (*at)[DISTINCT_MAX]; /* [part][id]: where the part's next dot of size id goes */
} map_place_plan;

static size_t slot_of(const size_slot *t, uint64_t key)
{
    size_t h = (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - DISTINCT_SHIFT));
    while (t[h].key && t[h].key != key)
        h = (h + 1) & (((size_t)1 << DISTINCT_SHIFT) - 1);
    return h;
}

static void plan_free(map_place_plan *pl)
{
    if (!pl)
        return;
    incstat_free_mem(pl->slots);
    incstat_free_mem(pl->at);
    incstat_free_mem(pl);
}

/* The first dot of part k of n dots. */
static size_t part_start(size_t n, size_t k)
{
    return n / PLACE_PARTS * k + (k == PLACE_PARTS ? n % PLACE_PARTS : 0);
}

typedef struct {
    uint64_t key;
    size_t id;
} key_id;

static int key_cmp(const void *a, const void *b)
{
    uint64_t x = ((const key_id *)a)->key, y = ((const key_id *)b)->key;
    return (x > y) - (x < y);
}

/* Count d's dots by size and part: the plan, or NULL with *too_many set
 * when the sizes are more than DISTINCT_MAX (or not set: out of memory). */
static map_place_plan *plan_new(const map_store *d, int *too_many)
{
    *too_many = 0;
    map_place_plan *pl = incstat_calloc(1, sizeof *pl);
    key_id *ids = incstat_reallocarray(NULL, DISTINCT_MAX, sizeof *ids);
    if (pl) {
        pl->slots = incstat_calloc((size_t)1 << DISTINCT_SHIFT, sizeof *pl->slots);
        pl->at = incstat_calloc(PLACE_PARTS, sizeof *pl->at);
    }
    if (!pl || !ids || !pl->slots || !pl->at) {
        incstat_free_mem(ids);
        plan_free(pl);
        return NULL;
    }
    for (size_t k = 0; k < PLACE_PARTS && !*too_many; k++)
        for (size_t i = part_start(d->n, k); i < part_start(d->n, k + 1); i++) {
            uint64_t key = map_size_key(MAP_DOT(d, size, i));
            size_slot *sl = &pl->slots[slot_of(pl->slots, key)];
            if (!sl->key) {
                if (pl->distinct == DISTINCT_MAX) {
                    *too_many = 1;
                    break;
                }
                sl->key = key;
                sl->id = pl->distinct;
                ids[pl->distinct++] = (key_id){key, sl->id};
            }
            pl->at[k][sl->id]++;
        }
    if (*too_many) {
        incstat_free_mem(ids);
        plan_free(pl);
        return NULL;
    }
    /* sizes in drawing order, each part's dots of a size after the
     * earlier parts' */
    qsort(ids, pl->distinct, sizeof *ids, key_cmp);
    size_t sum = 0;
    for (size_t r = 0; r < pl->distinct; r++)
        for (size_t k = 0; k < PLACE_PARTS; k++) {
            size_t count = pl->at[k][ids[r].id];
            pl->at[k][ids[r].id] = sum;
            sum += count;
        }
    incstat_free_mem(ids);
    return pl;
}

/* Part k of d's dots at their places on an image of w x h pixels. */
static void place_part(const dot_place *dp, const map_store *d, map_place_plan *pl, size_t k,
                       int w, int h, dot_px *at)
{
    size_t *next = pl->at[k];
    for (size_t i = part_start(d->n, k); i < part_start(d->n, k + 1); i++) {
        size_t id = pl->slots[slot_of(pl->slots, map_size_key(MAP_DOT(d, size, i)))].id;
        place_px(dp, d, i, w, h, &at[next[id]++]);
    }
}

/* ---- on threads ----------------------------------------------------------- */

/* A panel's dots on an image on several threads: placed in drawing order
 * (on a thread of their own, from 100,000 dots, while the caller draws the
 * countries; started before the page is drawn when prepared), then
 * composited in stripes, a stripe per thread in turn. */
struct map_dots_job_ {
    chart_ctx *c;
    const chart_map *m;
    const map_panel *p;
    unsigned threads;
    /* the layout, set by map_dots_start_ (under lock when prepared) */
    map_proj pj;
    map_scales sc;
    cairo_matrix_t mx; /* user space to pixels */
    double scale;      /* pixels per unit of user space */
    pixels dst;        /* the image */
    int clip[4];       /* on the image, whole pixels */
    /* the placing */
    dot_px *at;           /* the dots' places, in drawing order; NULL: out of memory */
    map_place_plan *plan; /* where each part's dots go; NULL: placed already */
    int too_many;         /* sizes too many to count: sorted instead */
    size_t next_part;     /* the next part to place, under lock */
    int planned;          /* at and plan are set, under lock (ready signalled) */
    int prepared;         /* started before the layout (chart_map_prepare_) */
    int go, cancel;       /* the layout is set / the job is not used (under lock) */
    pthread_mutex_t lock;
    pthread_cond_t ready;
    pthread_t thread;
    int started;
};

/* One thread's part: every dot, in order, into the rows of its stripes. */
typedef struct {
    const map_dots_job *job;
    int k, n; /* this is thread k of n */
    int nomem;
} dots_part;

static void *draw_part(void *arg)
{
    dots_part *t = arg;
    const map_dots_job *j = t->job;
    sprite_cache cache = {incstat_calloc(SPRITE_MAX, sizeof(dot_sprite)), 0};
    if (!cache.s) {
        t->nomem = 1;
        return NULL;
    }
    const int *cl = j->clip;
    const int n = t->n, h = 1 << STRIPE_SHIFT;
    /* from each stripe, this thread's first (past the last: none); looked
     * up, not worked out with a division per dot */
    int stripes = (cl[3] >> STRIPE_SHIFT) + 1;
    int *own = incstat_reallocarray(NULL, (size_t)stripes + 1, sizeof *own);
    if (!own) {
        sprite_cache_free(&cache);
        t->nomem = 1;
        return NULL;
    }
    own[stripes] = stripes + n;
    for (int s = stripes; s-- > 0;)
        own[s] = s % n == t->k ? s : own[s + 1];
    for (size_t k = 0; k < j->p->dots.n; k++) {
        const dot_px *a = &j->at[k];
        if (a->x0 == PX_OFF)
            continue;
        int side = sprite_side(a->q);
        int ay = a->y0 > cl[1] ? a->y0 : cl[1];
        int by = a->y0 + side < cl[3] ? a->y0 + side : cl[3];
        if (ay >= by || a->x0 >= cl[2] || a->x0 + side <= cl[0])
            continue;
        /* this thread's first stripe from the dot's top */
        int s = own[ay >> STRIPE_SHIFT];
        if (s << STRIPE_SHIFT >= by)
            continue;
        dot_sprite owned = {0};
        const dot_sprite *sp = sprite_of(j->c, j->m, &cache, a->gh & 0x7fffu, a->q, a->gh >> 15,
                                         &owned);
        if (!sp) {
            t->nomem = 1;
            continue;
        }
        for (; s << STRIPE_SHIFT < by; s += n) {
            int rows[4] = {cl[0], s << STRIPE_SHIFT > ay ? s << STRIPE_SHIFT : ay, cl[2],
                           (s << STRIPE_SHIFT) + h < by ? (s << STRIPE_SHIFT) + h : by};
            over_rows(&j->dst, &sp->px, sp->span, a->x0, a->y0, rows);
        }
        if (sp == &owned)
            cairo_surface_destroy(owned.s);
    }
    sprite_cache_free(&cache);
    incstat_free_mem(own);
    return NULL;
}

/* Parts of j's plan placed until none is left (by any thread). */
static void place_parts(map_dots_job *j)
{
    dot_place dp = {&j->pj, &j->sc, j->mx, j->scale};
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t k = j->next_part++;
        pthread_mutex_unlock(&j->lock);
        if (k >= PLACE_PARTS)
            return;
        place_part(&dp, &j->p->dots, j->plan, k, j->dst.w, j->dst.h, j->at);
    }
}

/* The memory of j's places (touched here: on the thread that is
 * otherwise idle while the page is drawn, when prepared) and the count of
 * the dots by size; j->at NULL out of memory. */
static void prep(map_dots_job *j)
{
    const map_store *d = &j->p->dots;
    /* a big block: 8 MB for a million dots, on huge pages where the system
     * has them (2,000 faults of 4 KiB otherwise) */
    dot_px *at = d->n <= SIZE_MAX / sizeof *at ? incstat_big_resize(NULL, 0, d->n * sizeof *at)
                                               : NULL;
    if (at && j->prepared)
        memset(at, 0, d->n * sizeof *at);
    int too_many = 0;
    map_place_plan *plan = at ? plan_new(d, &too_many) : NULL;
    if (!plan && !too_many) {
        incstat_big_free(at, d->n * sizeof *at);
        at = NULL;
    }
    j->at = at;
    j->plan = plan;
    j->too_many = too_many;
}

/* Once the page is laid out: where the sizes are too many, the dots
 * sorted and placed here; else the parts placed, the caller sharing them
 * once it has drawn the countries. */
static void place_rest(map_dots_job *j)
{
    const map_store *d = &j->p->dots;
    if (j->at && j->too_many) {
        dot_place dp = {&j->pj, &j->sc, j->mx, j->scale};
        dot_px *at = j->at;
        size_t *order = incstat_reallocarray(NULL, d->n, sizeof *order);
        if (order && map_order_by_size_(d, order) == 0) {
            for (size_t k = 0; k < d->n; k++)
                place_px(&dp, d, order[k], j->dst.w, j->dst.h, &at[k]);
        } else {
            incstat_big_free(at, d->n * sizeof *at);
            j->at = NULL;
        }
        incstat_free_mem(order);
    }
    pthread_mutex_lock(&j->lock);
    j->planned = 1;
    pthread_cond_broadcast(&j->ready);
    pthread_mutex_unlock(&j->lock);
    if (j->plan)
        place_parts(j);
}

static void *place_all(void *arg)
{
    map_dots_job *j = arg;
    prep(j);
    place_rest(j);
    return NULL;
}

/* A prepared job's thread: prepared, then waiting for the layout (or to
 * be let go). */
static void *prepared_all(void *arg)
{
    map_dots_job *j = arg;
    prep(j);
    pthread_mutex_lock(&j->lock);
    while (!j->go && !j->cancel)
        pthread_cond_wait(&j->ready, &j->lock);
    int go = j->go;
    pthread_mutex_unlock(&j->lock);
    if (go)
        place_rest(j);
    return NULL;
}

/* Below this many dots, no thread of their own for placing them. */
#define PLACE_THREAD_MIN 100000

static map_dots_job *job_new(chart_ctx *c, const chart_map *m, const map_panel *p, unsigned n)
{
    map_dots_job *j = incstat_calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->c = c;
    j->m = m;
    j->p = p;
    j->threads = n;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->ready, NULL);
    return j;
}

static void job_free(map_dots_job *j)
{
    plan_free(j->plan);
    incstat_big_free(j->at, j->p->dots.n * sizeof *j->at);
    pthread_cond_destroy(&j->ready);
    pthread_mutex_destroy(&j->lock);
    incstat_free_mem(j);
}

static unsigned threads_of(const chart_map *m)
{
    return m->opt.threads < MAX_THREADS ? m->opt.threads : MAX_THREADS;
}

void chart_map_prepare_(chart_ctx *c)
{
    const chart_map *m = c->chart->map;
    c->map_prep = NULL;
    if (!m || m->n_panels != 1 || m->panels[0].dots.n < PLACE_THREAD_MIN ||
        threads_of(m) < 2 ||
        cairo_surface_get_type(cairo_get_target(c->cr)) != CAIRO_SURFACE_TYPE_IMAGE)
        return;
    map_dots_job *j = job_new(c, m, &m->panels[0], threads_of(m));
    if (!j)
        return; /* map_dots_start_ tries again, and says */
    j->prepared = 1;
    if (pthread_create(&j->thread, NULL, prepared_all, j) != 0) {
        job_free(j);
        return;
    }
    j->started = 1;
    c->map_prep = j;
}

/* A prepared job let go, unused. */
static void prepared_cancel(map_dots_job *j)
{
    pthread_mutex_lock(&j->lock);
    j->cancel = 1;
    pthread_cond_broadcast(&j->ready);
    pthread_mutex_unlock(&j->lock);
    pthread_join(j->thread, NULL);
    job_free(j);
}

void chart_map_release_(chart_ctx *c)
{
    if (c->map_prep)
        prepared_cancel(c->map_prep);
    c->map_prep = NULL;
}

map_dots_job *map_dots_start_(chart_ctx *c, const map_proj *pj, const chart_map *m,
                              const map_panel *p, const map_scales *sc, chart_rect clip)
{
    cairo_t *cr = c->cr;
    unsigned n = threads_of(m);
    map_dots_job *prepared = c->map_prep && ((map_dots_job *)c->map_prep)->p == p
                                 ? c->map_prep
                                 : NULL;
    if (prepared)
        c->map_prep = NULL;
    int in[4], out[4];
    pixels dst = pixels_of(cairo_get_target(cr));
    dot_place dp = place_of(cr, pj, sc);
    /* what a dot_px holds */
    double qmax = nearbyint(fmax(sc->rmin, sc->rmax) * dp.scale * 4);
    if (n < 2 || p->dots.n <= MAP_OUTLINE_MAX ||
        cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE ||
        !direct_ok(cr, clip, in, out) || memcmp(in, out, sizeof in) != 0 ||
        dst.w > INT16_MAX || dst.h > INT16_MAX || sc->n_colours > 0x8000u ||
        sprite_side((int)fmin(fmax(qmax, 0), MAX_Q)) > PX_MAX_SIDE) {
        if (prepared)
            prepared_cancel(prepared);
        return NULL;
    }
    map_dots_job *j = prepared ? prepared : job_new(c, m, p, n);
    if (!j) {
        c->nomem = 1;
        return NULL;
    }
    pthread_mutex_lock(&j->lock);
    j->pj = *pj;
    j->sc = *sc;
    j->mx = dp.mx;
    j->scale = dp.scale;
    j->dst = dst;
    clip_to(&dst, in, j->clip);
    j->go = 1;
    pthread_cond_broadcast(&j->ready);
    pthread_mutex_unlock(&j->lock);
    if (!prepared && p->dots.n >= PLACE_THREAD_MIN)
        j->started = pthread_create(&j->thread, NULL, place_all, j) == 0;
    return j;
}

void map_dots_finish_(map_dots_job *j)
{
    chart_ctx *c = j->c;
    if (j->started) {
        /* share the placing, once the dots are counted */
        pthread_mutex_lock(&j->lock);
        while (!j->planned)
            pthread_cond_wait(&j->ready, &j->lock);
        pthread_mutex_unlock(&j->lock);
        if (j->plan)
            place_parts(j);
        pthread_join(j->thread, NULL);
    } else {
        place_all(j);
    }
    if (!j->at) {
        c->nomem = 1;
        job_free(j);
        return;
    }
    cairo_surface_t *target = cairo_get_target(c->cr);
    dots_part t[MAX_THREADS];
    for (unsigned k = 0; k < j->threads; k++)
        t[k] = (dots_part){j, (int)k, (int)j->threads, 0};
    cairo_surface_flush(target);
    incstat_run_parallel_(draw_part, t, sizeof *t, j->threads);
    cairo_surface_mark_dirty(target);
    for (unsigned k = 0; k < j->threads; k++)
        c->nomem |= t[k].nomem;
    job_free(j);
}

/* ---- on one thread -------------------------------------------------------- */

/* Straight into the pixels where the clip covers them wholly; dots on the
 * clip's partly covered edge pixels through cairo (a clip not on whole
 * pixels), as are all dots on an image cairo does not let be written to
 * directly.  The dots are placed a block at a time. */
#define BLOCK 4096

static void draw_on_one(chart_ctx *c, const chart_map *m, const map_panel *p,
                        const size_t *order, const dot_place *dp, chart_rect clip)
{
    cairo_t *cr = c->cr;
    sprite_cache cache = {incstat_calloc(SPRITE_MAX, sizeof(dot_sprite)), 0};
    dot_at *at = incstat_reallocarray(NULL, BLOCK, sizeof *at);
    if (!cache.s || !at) {
        incstat_free_mem(cache.s);
        incstat_free_mem(at);
        c->nomem = 1;
        return;
    }
    int in[4], out[4];
    int direct = direct_ok(cr, clip, in, out), pending = 0; /* pixels written, not told */
    cairo_surface_t *target = cairo_get_target(cr);
    pixels dst = direct ? pixels_of(target) : (pixels){0};
    int cl[4] = {0};
    if (direct) {
        cairo_surface_flush(target);
        clip_to(&dst, in, cl);
    }
    cairo_save(cr);
    size_t n = p->dots.n;
    for (size_t k = 0; k < n; k++) {
        if (k % BLOCK == 0)
            place_dots(dp, p, order + k, 0, n - k < BLOCK ? n - k : BLOCK, at);
        const dot_at *a = &at[k % BLOCK];
        if (a->x0 == OFF_IMAGE)
            continue;
        dot_sprite owned = {0};
        const dot_sprite *s = sprite_of(c, m, &cache, a->group, a->q, a->hollow, &owned);
        if (!s) {
            c->nomem = 1;
            continue;
        }
        int side = a->side;
        int meets = direct ? clip_meets(a->x0, a->y0, side, in, out, dst.w, dst.h) : 2;
        if (meets == 1) {
            over_rows(&dst, &s->px, s->span, a->x0, a->y0, cl);
            pending = 1;
        } else if (meets != 0) {
            if (pending) {
                cairo_surface_mark_dirty(target);
                pending = 0;
            }
            cairo_identity_matrix(cr);
            cairo_set_source_surface(cr, s->s, a->x0, a->y0);
            cairo_rectangle(cr, a->x0, a->y0, side, side);
            cairo_fill(cr);
            cairo_restore(cr);
            cairo_save(cr);
            if (direct)
                cairo_surface_flush(target);
        }
        if (s == &owned)
            cairo_surface_destroy(owned.s);
    }
    if (pending)
        cairo_surface_mark_dirty(target);
    cairo_restore(cr);
    sprite_cache_free(&cache);
    incstat_free_mem(at);
}

int map_draw_dot_sprites_(chart_ctx *c, const map_proj *pj, const chart_map *m,
                          const map_panel *p, const map_scales *sc, const size_t *order,
                          chart_rect clip)
{
    cairo_t *cr = c->cr;
    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE)
        return -1;
    dot_place dp = place_of(cr, pj, sc);
    draw_on_one(c, m, p, order, &dp, clip);
    return 0;
}
