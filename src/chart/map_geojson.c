/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_geojson.c: boundaries from GeoJSON (RFC 7946), parsed by
 * jansson.  jansson holds the syntax (strict UTF-8, numbers that overflow a
 * double refused, NaN and Infinity refused as JSON does, nesting limited to
 * 2048 levels, line and column of every syntax error); this file walks the
 * tree and copies the polygons into flat arrays, checking every value and
 * naming where a wrong one is ("features[3].geometry.coordinates[0][17]").
 *
 * jansson allocates with malloc: its allocator can only be swapped
 * process-wide (json_set_alloc_funcs), which a library must not do, so the
 * tree is outside the allocation-failure hook; what is kept is inside it. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "chart/map_internal.h"
#include "core/internal.h"
#include "core/utf8.h"

typedef struct {
    incstat_boundaries *b;
    const char *source;
    incstat_error *err;
    char where[160]; /* "features[3].geometry" */
} gj_ctx;

static incstat_status bad(gj_ctx *g, const char *fmt, ...) INCSTAT_PRINTF(2, 3);

static incstat_status bad(gj_ctx *g, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (g->where[0])
        return incstat_set_error(g->err, INCSTAT_EPARSE, 0, 0, "%s: %s: %s", g->source,
                                 g->where, msg);
    return incstat_set_error(g->err, INCSTAT_EPARSE, 0, 0, "%s: %s", g->source, msg);
}

static incstat_status nomem(gj_ctx *g)
{
    return incstat_set_error(g->err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", g->source);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Grow where by a suffix; returns the old length to restore. */
static size_t push_where(gj_ctx *g, const char *fmt, ...) INCSTAT_PRINTF(2, 3);

static size_t push_where(gj_ctx *g, const char *fmt, ...)
{
    size_t len = strlen(g->where);
    va_list ap;
    va_start(ap, fmt);
    if (len < sizeof g->where)
        vsnprintf(g->where + len, sizeof g->where - len, fmt, ap);
    va_end(ap);
    return len;
}

static void pop_where(gj_ctx *g, size_t len)
{
    g->where[len] = 0;
}

static void box_empty(double box[4])
{
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
}

static void box_add(double box[4], double x, double y)
{
    box[0] = fmin(box[0], x);
    box[1] = fmin(box[1], y);
    box[2] = fmax(box[2], x);
    box[3] = fmax(box[3], y);
}

static void box_union(double box[4], const double o[4])
{
    box[0] = fmin(box[0], o[0]);
    box[1] = fmin(box[1], o[1]);
    box[2] = fmax(box[2], o[2]);
    box[3] = fmax(box[3], o[3]);
}

static incstat_status read_ring(gj_ctx *g, const json_t *ring, map_polygon *poly)
{
    incstat_boundaries *b = g->b;
    if (!json_is_array(ring))
        return bad(g, "a ring must be an array of positions, not %s", type_name(ring));
    size_t n = json_array_size(ring);
    if (n < 4)
        return bad(g, "a ring needs at least 4 positions (the last the first again), not %zu",
                   n);
    if (b->n_pts + n > INCSTAT_MAP_MAX_VERTICES)
        return incstat_set_error(g->err, INCSTAT_ELIMIT, 0, 0,
                                 "%s: more than %u vertices (at %s): too detailed to draw; "
                                 "simplify it first (e.g. mapshaper -simplify)",
                                 g->source, INCSTAT_MAP_MAX_VERTICES, g->where);
    while (b->cap_pts < b->n_pts + n) {
        size_t cap = b->cap_pts ? b->cap_pts * 2 : 1024;
        double *x = incstat_reallocarray(b->x, cap, sizeof *x);
        if (!x)
            return nomem(g);
        b->x = x;
        double *y = incstat_reallocarray(b->y, cap, sizeof *y);
        if (!y)
            return nomem(g);
        b->y = y;
        b->cap_pts = cap;
    }
    map_ring *r = incstat_array_room(b->rings, &b->cap_rings, b->n_rings, sizeof *r, 64);
    if (!r)
        return nomem(g);
    b->rings = r;
    for (size_t i = 0; i < n; i++) {
        const json_t *pos = json_array_get(ring, i);
        size_t w = push_where(g, "[%zu]", i);
        if (!json_is_array(pos) || json_array_size(pos) < 2)
            return bad(g, "a position must be an array [longitude, latitude], not %s",
                       json_is_array(pos) ? "a shorter array" : type_name(pos));
        const json_t *jx = json_array_get(pos, 0), *jy = json_array_get(pos, 1);
        if (!json_is_number(jx) || !json_is_number(jy))
            return bad(g, "a coordinate must be a number, not %s",
                       type_name(json_is_number(jx) ? jy : jx));
        double x = json_number_value(jx), y = json_number_value(jy);
        if (!(x >= -180 && x <= 180) || !(y >= -90 && y <= 90))
            return bad(g, "[%.10g, %.10g] is not a longitude (-180 to 180) and latitude "
                          "(-90 to 90)",
                       x, y);
        pop_where(g, w);
        b->x[b->n_pts + i] = x;
        b->y[b->n_pts + i] = y;
        box_add(poly->box, x, y);
    }
    b->rings[b->n_rings].first = b->n_pts;
    b->rings[b->n_rings].n = n;
    b->n_rings++;
    b->n_pts += n;
    poly->n_rings++;
    return INCSTAT_OK;
}

/* A Polygon's coordinates: an array of rings. */
static incstat_status read_polygon(gj_ctx *g, const json_t *rings, map_region *reg)
{
    incstat_boundaries *b = g->b;
    if (!json_is_array(rings))
        return bad(g, "a polygon must be an array of rings, not %s", type_name(rings));
    if (json_array_size(rings) == 0)
        return INCSTAT_OK; /* an empty polygon: nothing to draw, allowed by RFC 7946 */
    map_polygon *p = incstat_array_room(b->polys, &b->cap_polys, b->n_polys, sizeof *p, 16);
    if (!p)
        return nomem(g);
    b->polys = p;
    map_polygon poly = {b->n_rings, 0, {0, 0, 0, 0}};
    box_empty(poly.box);
    for (size_t i = 0; i < json_array_size(rings); i++) {
        size_t w = push_where(g, "[%zu]", i);
        incstat_status st = read_ring(g, json_array_get(rings, i), &poly);
        if (st)
            return st;
        pop_where(g, w);
    }
    b->polys[b->n_polys++] = poly;
    reg->n_polys++;
    box_union(reg->box, poly.box);
    return INCSTAT_OK;
}

/* 1: a polygon was read; 0: a null geometry (skipped). */
static incstat_status read_geometry(gj_ctx *g, const json_t *geom, map_region *reg, int *got)
{
    *got = 0;
    if (!geom || json_is_null(geom))
        return INCSTAT_OK;
    if (!json_is_object(geom))
        return bad(g, "a geometry must be an object, not %s", type_name(geom));
    const json_t *type = json_object_get(geom, "type");
    const json_t *coords = json_object_get(geom, "coordinates");
    if (!json_is_string(type))
        return bad(g, "the geometry has no \"type\"");
    const char *t = json_string_value(type);
    int multi = strcmp(t, "MultiPolygon") == 0;
    if (!multi && strcmp(t, "Polygon") != 0)
        return bad(g, "a %s: boundaries must be a Polygon or MultiPolygon", t);
    if (!coords)
        return bad(g, "the %s has no \"coordinates\"", t);
    size_t w = push_where(g, ".coordinates");
    incstat_status st = INCSTAT_OK;
    if (!multi) {
        st = read_polygon(g, coords, reg);
    } else if (!json_is_array(coords)) {
        st = bad(g, "a MultiPolygon's coordinates must be an array of polygons, not %s",
                 type_name(coords));
    } else {
        for (size_t i = 0; i < json_array_size(coords) && !st; i++) {
            size_t w2 = push_where(g, "[%zu]", i);
            st = read_polygon(g, json_array_get(coords, i), reg);
            if (!st)
                pop_where(g, w2);
        }
    }
    if (st)
        return st;
    pop_where(g, w);
    *got = reg->n_polys > 0;
    return INCSTAT_OK;
}

/* The name property: a string, or a number written as text. */
static incstat_status read_name(gj_ctx *g, const json_t *props, const char *field, char **out,
                                int *found)
{
    *out = NULL;
    const json_t *v = json_is_object(props) ? json_object_get(props, field) : NULL;
    char buf[64];
    const char *s = "";
    if (v && json_is_string(v)) {
        s = json_string_value(v);
        *found = 1;
    } else if (v && json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        s = buf;
        *found = 1;
    } else if (v && json_is_real(v)) {
        snprintf(buf, sizeof buf, "%.15g", json_real_value(v));
        s = buf;
        *found = 1;
    }
    *out = incstat_strndup(s, strlen(s));
    return *out ? INCSTAT_OK : nomem(g);
}

static incstat_status read_feature(gj_ctx *g, const json_t *f, const char *field, int *found)
{
    incstat_boundaries *b = g->b;
    if (!json_is_object(f))
        return bad(g, "a feature must be an object, not %s", type_name(f));
    const json_t *type = json_object_get(f, "type");
    if (!json_is_string(type) || strcmp(json_string_value(type), "Feature") != 0)
        return bad(g, "not a Feature (its \"type\" is %s)",
                   json_is_string(type) ? json_string_value(type) : "missing");
    map_region *r = incstat_array_room(b->regions, &b->cap_regions, b->n_regions, sizeof *r, 16);
    if (!r)
        return nomem(g);
    b->regions = r;
    map_region reg = {NULL, b->n_polys, 0, {0, 0, 0, 0}};
    box_empty(reg.box);
    size_t w = push_where(g, ".geometry");
    int got;
    incstat_status st = read_geometry(g, json_object_get(f, "geometry"), &reg, &got);
    if (st)
        return st;
    pop_where(g, w);
    if (!got) {
        b->skipped++;
        return INCSTAT_OK;
    }
    if ((st = read_name(g, json_object_get(f, "properties"), field, &reg.name, found)))
        return st;
    b->regions[b->n_regions++] = reg;
    box_union(b->box, reg.box);
    return INCSTAT_OK;
}

static incstat_status read_root(gj_ctx *g, const json_t *root, const char *field)
{
    if (!json_is_object(root))
        return bad(g, "a GeoJSON file holds an object, not %s", type_name(root));
    const json_t *type = json_object_get(root, "type");
    const char *t = json_is_string(type) ? json_string_value(type) : NULL;
    int found = 0;
    incstat_status st;
    if (t && strcmp(t, "Feature") == 0) {
        st = read_feature(g, root, field, &found);
    } else if (t && strcmp(t, "FeatureCollection") == 0) {
        const json_t *fs = json_object_get(root, "features");
        if (!json_is_array(fs))
            return bad(g, "\"features\" must be an array, not %s", fs ? type_name(fs) : "missing");
        st = INCSTAT_OK;
        for (size_t i = 0; i < json_array_size(fs) && !st; i++) {
            size_t w = push_where(g, "features[%zu]", i);
            st = read_feature(g, json_array_get(fs, i), field, &found);
            if (!st)
                pop_where(g, w);
        }
    } else {
        return bad(g, "not a FeatureCollection or Feature (its \"type\" is %s)",
                   t ? t : "missing");
    }
    if (st)
        return st;
    if (g->b->n_regions == 0)
        return bad(g, "no feature has a Polygon or MultiPolygon");
    if (!found)
        return incstat_set_error(g->err, INCSTAT_ENOCOLUMN, 0, 0,
                                 "%s: no feature has the property \"%s\" (--name-field) to "
                                 "name its region",
                                 g->source, field);
    return INCSTAT_OK;
}

incstat_status incstat_boundaries_parse(const char *text, size_t len, const char *name_field,
                                        const char *source, incstat_boundaries **out,
                                        incstat_error *err)
{
    incstat_clear_error(err);
    if (out)
        *out = NULL;
    if (!text || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "boundaries: text or out is NULL");
    if (!source)
        source = "GeoJSON";
    if (!name_field)
        name_field = "name";
    if (len > INCSTAT_MAP_MAX_BYTES)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "%s: %zu bytes: boundaries of more than %u bytes are not read",
                                 source, len, INCSTAT_MAP_MAX_BYTES);
    json_error_t je;
    /* JSON_ALLOW_NUL off: names are C strings */
    json_t *root = json_loadb(text, len, 0, &je);
    if (!root)
        return incstat_set_error(err, INCSTAT_EPARSE, (uint64_t)(je.line > 0 ? je.line : 0),
                                 (uint64_t)(je.column > 0 ? je.column : 0),
                                 "%s: line %d, column %d: %s", source, je.line, je.column,
                                 je.text);
    incstat_boundaries *b = incstat_calloc(1, sizeof *b);
    if (!b) {
        json_decref(root);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", source);
    }
    box_empty(b->box);
    gj_ctx g = {b, source, err, ""};
    incstat_status st = read_root(&g, root, name_field);
    json_decref(root);
    if (st) {
        incstat_boundaries_free(b);
        return st;
    }
    map_rows_build_(b);
    *out = b;
    return INCSTAT_OK;
}

incstat_status incstat_boundaries_read(const char *path, const char *name_field,
                                       incstat_boundaries **out, incstat_error *err)
{
    incstat_clear_error(err);
    if (out)
        *out = NULL;
    if (!path || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "boundaries: path or out is NULL");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot open: %s", path,
                                 strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    incstat_status st = INCSTAT_OK;
    for (;;) {
        if (len == cap) {
            if (cap > INCSTAT_MAP_MAX_BYTES) {
                st = incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                       "%s: boundaries of more than %u bytes are not read",
                                       path, INCSTAT_MAP_MAX_BYTES);
                break;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = incstat_realloc(buf, ncap);
            if (!nb) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", path);
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0) {
            if (ferror(fp))
                st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot read: %s", path,
                                       strerror(errno));
            break;
        }
    }
    fclose(fp);
    if (!st)
        st = incstat_boundaries_parse(buf, len, name_field, path, out, err);
    incstat_free_mem(buf);
    return st;
}

void incstat_boundaries_free(incstat_boundaries *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_regions; i++)
        incstat_free_mem(b->regions[i].name);
    incstat_free_mem(b->regions);
    incstat_free_mem(b->polys);
    incstat_free_mem(b->rings);
    incstat_free_mem(b->x);
    incstat_free_mem(b->y);
    incstat_free_mem(b->attribution);
    map_rows_free_(b->rows);
    incstat_free_mem(b);
}

incstat_status incstat_boundaries_set_attribution(incstat_boundaries *b, const char *text,
                                                  incstat_error *err)
{
    incstat_clear_error(err);
    if (!b)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "boundaries: NULL");
    char *copy = NULL;
    if (text) {
        size_t n = strlen(text);
        if (incstat_utf8_valid_prefix((const unsigned char *)text, n) != n)
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "boundaries: the attribution is not valid UTF-8");
        if (!(copy = incstat_strndup(text, n)))
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "boundaries: out of memory");
    }
    incstat_free_mem(b->attribution);
    b->attribution = copy;
    return INCSTAT_OK;
}
