/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_map.c: boundaries from GeoJSON (src/chart/map_geojson.c), the
 * point-in-polygon test and the province crosswalk (map_bounds.c), map
 * charts (map.c, map_draw.c) and the choropleth's numbers (map_build.c).
 *
 * Reference values: which region holds each point comes from R's sf 1.0.9
 * with GEOS 3.11.1 (st_within, planar), by tests/reference/map_pip.R on
 * tests/data/map/regions.geojson; the script prints the table below. */
#include "helpers.h"

#include <stdlib.h>
#include <unistd.h>

#include "incstat.h"
#include "core/internal.h"
#include "chart/map_build.h"
#include "chart/chart_internal.h"
#include "chart/map_internal.h"
#include "core/sort.h"
#include "stats/summary_state.h"

#define REGIONS TEST_DATA_DIR "/map/regions.geojson"
#define PAKISTAN "datasets/pakistan_provinces_ne10m.geojson"
#define PBC "datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/incstat-test-map-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static incstat_boundaries *read_ok(const char *path, const char *field)
{
    incstat_boundaries *b = NULL;
    incstat_error err;
    incstat_status st = incstat_boundaries_read(path, field, &b, &err);
    if (st != INCSTAT_OK)
        fail_msg("%s: %s", path, err.message);
    return b;
}

static incstat_status parse(const char *text, incstat_error *err)
{
    incstat_boundaries *b = NULL;
    incstat_status st = incstat_boundaries_parse(text, strlen(text), NULL, "t.geojson", &b, err);
    assert_true(st == INCSTAT_OK ? b != NULL : b == NULL);
    incstat_boundaries_free(b);
    return st;
}

/* ---- reading ------------------------------------------------------------- */

static void test_read(void **state)
{
    (void)state;
    incstat_boundaries *b = read_ok(REGIONS, NULL);
    assert_int_equal(incstat_boundaries_count(b), 3);
    assert_int_equal(incstat_boundaries_skipped(b), 1); /* "Nowhere": null geometry */
    assert_string_equal(incstat_boundaries_name(b, 0), "Punjab");
    assert_string_equal(incstat_boundaries_name(b, 1), "K.P.");
    assert_null(incstat_boundaries_name(b, 3));
    assert_int_equal(incstat_boundaries_vertices(b), 10 + 10 + 6);
    double box[4];
    incstat_boundaries_bbox(b, INCSTAT_MAP_NONE, box);
    assert_close(box[0], 60.5, 0);
    assert_close(box[1], 24, 0);
    assert_close(box[2], 76, 0);
    assert_close(box[3], 36, 0);
    incstat_boundaries_bbox(b, 1, box); /* the multipolygon's two parts */
    assert_close(box[0], 60.5, 0);
    assert_close(box[3], 36, 0);
    incstat_boundaries_bbox(b, 7, box);
    assert_nan(box[0]);
    incstat_boundaries_free(b);
    /* a number names a region too */
    b = read_ok(REGIONS, "code");
    assert_string_equal(incstat_boundaries_name(b, 2), "5");
    incstat_boundaries_free(b);
    /* the shipped files */
    b = read_ok(PAKISTAN, "name");
    assert_int_equal(incstat_boundaries_count(b), 8);
    incstat_boundaries_free(b);
    b = read_ok("datasets/world_countries_ne110m.geojson", "NAME");
    assert_int_equal(incstat_boundaries_count(b), 177);
    /* Lahore and Kabul */
    assert_string_equal(incstat_boundaries_name(b, incstat_boundaries_locate(b, 74.35, 31.55)),
                        "Pakistan");
    assert_string_equal(incstat_boundaries_name(b, incstat_boundaries_locate(b, 69.2, 34.5)),
                        "Afghanistan");
    incstat_boundaries_free(b);
}

/* ---- point in polygon, against sf -------------------------------------------- */

static void test_locate_sf(void **state)
{
    (void)state;
    /* printed by tests/reference/map_pip.R (sf::st_within) */
    static const struct {
        double lon, lat;
        const char *name;
    } REF[] = {
        {74.3, 31.5, "Punjab"}, {73.0, 30.5, ""},    /* in Punjab's hole */
        {72.5, 30.2, ""},       {71.0, 29.0, "Punjab"},
        {68.0, 34.5, "K.P."},   {62.0, 26.0, "K.P."}, /* the multipolygon's second part */
        {64.0, 26.0, ""},       {67.5, 25.0, "Sind"},
        {66.2, 27.5, ""},       {67.5, 27.0, "Sind"}, /* beside Sind's notch, and in it */
        {80.0, 30.0, ""},       {75.9, 32.9, "Punjab"},
        {74.5, 30.5, "Punjab"}, {66.1, 24.2, ""},
    };
    incstat_boundaries *b = read_ok(REGIONS, NULL);
    for (size_t i = 0; i < sizeof REF / sizeof REF[0]; i++) {
        size_t r = incstat_boundaries_locate(b, REF[i].lon, REF[i].lat);
        const char *got = r == INCSTAT_MAP_NONE ? "" : incstat_boundaries_name(b, r);
        if (strcmp(got, REF[i].name) != 0)
            fail_msg("(%g, %g): '%s', sf says '%s'", REF[i].lon, REF[i].lat, got, REF[i].name);
    }
    assert_int_equal(incstat_boundaries_locate(b, NAN, 30), INCSTAT_MAP_NONE);
    assert_int_equal(incstat_boundaries_locate(NULL, 74, 31), INCSTAT_MAP_NONE);
    incstat_boundaries_free(b);
}

/* A self-intersecting ring (a bow tie) still has an inside by the even-odd
 * rule: both lobes. */
static void test_bowtie(void **state)
{
    (void)state;
    const char *j = "{\"type\":\"Feature\",\"properties\":{\"name\":\"tie\"},\"geometry\":"
                    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}";
    incstat_boundaries *b = NULL;
    assert_int_equal(incstat_boundaries_parse(j, strlen(j), NULL, NULL, &b, NULL), INCSTAT_OK);
    assert_int_equal(incstat_boundaries_locate(b, 0.2, 1.0), 0);
    assert_int_equal(incstat_boundaries_locate(b, 1.8, 1.0), 0);
    assert_int_equal(incstat_boundaries_locate(b, 1.0, 1.8), INCSTAT_MAP_NONE);
    incstat_chart *c = NULL;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_MAP, &c, NULL), INCSTAT_OK);
    assert_int_equal(incstat_map_set_boundaries(c, b, NULL), INCSTAT_OK);
    incstat_error err;
    assert_int_equal(incstat_chart_write(c, tmp_path("tie.png"), 0, NULL, &err), INCSTAT_OK);
    incstat_chart_free(c);
    incstat_boundaries_free(b);
}

/* The bands of latitude (map_rows) answer as walking every polygon does,
 * bit for bit: on random points, on every vertex and on points at every
 * vertex's latitude (where the half-open rule decides), for the shipped
 * boundaries, the test regions (holes, a multipolygon), a bow tie, rings
 * left open, horizontal edges and edges that cross the whole box. */
static void rows_agree(const incstat_boundaries *b, unsigned seed)
{
    assert_non_null(b->rows);
    size_t n = 0, inside = 0;
    for (size_t i = 0; i < b->n_pts + 20000; i++) {
        double x, y;
        seed = seed * 1103515245u + 12345u;
        double u = (seed >> 8) / 16777216.0;
        seed = seed * 1103515245u + 12345u;
        double v = (seed >> 8) / 16777216.0;
        if (i < b->n_pts && i % 2) {
            x = b->x[i]; /* a vertex */
            y = b->y[i];
        } else if (i < b->n_pts) {
            x = b->box[0] + u * (b->box[2] - b->box[0]); /* at a vertex's latitude */
            y = b->y[i];
        } else {
            x = b->box[0] - 1 + u * (b->box[2] - b->box[0] + 2);
            y = b->box[1] - 1 + v * (b->box[3] - b->box[1] + 2);
        }
        size_t got = incstat_boundaries_locate(b, x, y), want = map_locate_scan_(b, x, y);
        if (got != want)
            fail_msg("(%.17g, %.17g): %zu from the bands, %zu from the polygons", x, y, got,
                     want);
        n++;
        inside += got != INCSTAT_MAP_NONE;
    }
    /* both answers occur */
    assert_true(inside > 0 && inside < n);
}

static void test_rows_agree(void **state)
{
    (void)state;
    const char *files[][2] = {{"datasets/world_countries_ne110m.geojson", "NAME"},
                              {PAKISTAN, "name"},
                              {REGIONS, NULL}};
    for (size_t f = 0; f < 3; f++) {
        incstat_boundaries *b = read_ok(files[f][0], files[f][1]);
        rows_agree(b, (unsigned)f + 1);
        incstat_boundaries_free(b);
    }
    const char *shapes[] = {
        /* a bow tie */
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"tie\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}",
        /* rings not closed, one a hole; horizontal edges; a second feature
         * overlapping the first (the first in order answers) */
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[0,0],[4,0],[4,4],[0,4]],[[1,1],[3,1],[3,3],[1,3]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"b\"},\"geometry\":{\"type\":"
        "\"MultiPolygon\",\"coordinates\":[[[[2,2],[6,2],[6,6],[2,6],[2,2]]],"
        "[[[-3,-3],[-1,-3],[-1,-1],[-3,-1],[-3,-3]]]]}}]}",
        /* long edges across the whole box, with many short ones */
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"comb\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[0,-80],[0.1,80],[0.2,-80],[0.3,80],[0.4,-80],"
        "[0.5,80],[0.6,-80],[0.7,80],[0.8,-80],[0.8,-81],[0.7,-80.5],[0.6,-81],[0.5,-80.5],"
        "[0.4,-81],[0.3,-80.5],[0.2,-81],[0.1,-80.5],[0,-81],[0,-80]]]}}",
    };
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        incstat_boundaries *b = NULL;
        incstat_error err;
        if (incstat_boundaries_parse(shapes[k], strlen(shapes[k]), NULL, NULL, &b, &err))
            fail_msg("shape %zu: %s", k, err.message);
        rows_agree(b, 100 + (unsigned)k);
        incstat_boundaries_free(b);
    }
}

/* ---- hostile input ------------------------------------------------------------ */

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        incstat_status code;
        const char *says;
    } BAD[] = {
        {"{", INCSTAT_EPARSE, "t.geojson: line 1, column 1"},
        {"[1, 2]", INCSTAT_EPARSE, "holds an object, not an array"},
        {"{\"type\":\"Topology\"}", INCSTAT_EPARSE, "not a FeatureCollection"},
        {"{\"type\":\"FeatureCollection\",\"features\":3}", INCSTAT_EPARSE,
         "\"features\" must be an array"},
        {"{\"type\":\"FeatureCollection\",\"features\":[]}", INCSTAT_EPARSE,
         "no feature has a Polygon"},
        {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
         "{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
         INCSTAT_EPARSE, "features[0].geometry: a Point"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\"x\"}}",
         INCSTAT_EPARSE, ".geometry.coordinates: a polygon must be an array"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
         "[[[0,0],[1,0],[0,0]]]}}",
         INCSTAT_EPARSE, "coordinates[0]: a ring needs at least 4"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
         "[[[0,0],[1e300,0],[1,1],[0,0]]]}}",
         INCSTAT_EPARSE, "coordinates[0][1]: [1e+300, 0] is not a longitude"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
         "[[[0,0],[1e400,0],[1,1],[0,0]]]}}",
         INCSTAT_EPARSE, "real number overflow"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
         "[[[0,0],[NaN,0],[1,1],[0,0]]]}}",
         INCSTAT_EPARSE, "line 1"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
         "[[[0,0],[\"1\",0],[1,1],[0,0]]]}}",
         INCSTAT_EPARSE, "a coordinate must be a number, not a string"},
        {"{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":"
         "[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1]]]]}}",
         INCSTAT_EPARSE, "coordinates[1][0]: a ring needs at least 4"},
        {"{\"type\":\"Feature\",\"properties\":{\"NAME\":\"x\"},\"geometry\":{\"type\":"
         "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}",
         INCSTAT_ENOCOLUMN, "no feature has the property \"name\""},
        {"{\"type\":\"Feature\",\"properties\":{\"name\":\"\xff\"}}", INCSTAT_EPARSE,
         "line 1"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        incstat_error err;
        incstat_status st = parse(BAD[i].json, &err);
        if (st != BAD[i].code || !strstr(err.message, BAD[i].says))
            fail_msg("case %zu: status %d, '%s'; expected %d with '%s'", i, (int)st,
                     err.message, (int)BAD[i].code, BAD[i].says);
    }
    /* nesting 100,000 deep: refused by the parser's depth limit, no stack overflow */
    size_t depth = 100000;
    char *deep = malloc(depth + 1);
    assert_non_null(deep);
    memset(deep, '[', depth);
    deep[depth] = 0;
    incstat_error err;
    assert_int_equal(parse(deep, &err), INCSTAT_EPARSE);
    assert_non_null(strstr(err.message, "maximum parsing depth"));
    free(deep);
    /* files */
    incstat_boundaries *b = (incstat_boundaries *)1;
    assert_int_equal(incstat_boundaries_read("tests/data/map/no-such.geojson", NULL, &b, &err),
                     INCSTAT_EIO);
    assert_null(b);
    assert_non_null(strstr(err.message, "no-such.geojson: cannot open"));
    assert_int_equal(incstat_boundaries_read(NULL, NULL, &b, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_boundaries_parse("{}", 2, NULL, NULL, NULL, &err), INCSTAT_EINVAL);
}

/* 10^6 vertices: read, found in, drawn, all in bounded time (a circle of a
 * million points around Pakistan's centre). */
static void test_million_vertices(void **state)
{
    (void)state;
    size_t n = 1000000;
    size_t cap = n * 40 + 200;
    char *j = malloc(cap);
    assert_non_null(j);
    size_t len = (size_t)snprintf(j, cap, "{\"type\":\"Feature\",\"properties\":{\"name\":"
                                          "\"ring\"},\"geometry\":{\"type\":\"Polygon\","
                                          "\"coordinates\":[[");
    for (size_t i = 0; i <= n; i++) {
        double t = 2 * 3.14159265358979323846 * (double)(i % n) / (double)n;
        len += (size_t)snprintf(j + len, cap - len, "%s[%.7f,%.7f]", i ? "," : "",
                                70 + 5 * cos(t), 30 + 5 * sin(t));
    }
    len += (size_t)snprintf(j + len, cap - len, "]]}}");
    incstat_boundaries *b = NULL;
    incstat_error err;
    assert_int_equal(incstat_boundaries_parse(j, len, NULL, NULL, &b, &err), INCSTAT_OK);
    free(j);
    assert_int_equal(incstat_boundaries_vertices(b), n + 1);
    assert_int_equal(incstat_boundaries_locate(b, 70, 30), 0);
    assert_int_equal(incstat_boundaries_locate(b, 75.5, 30), INCSTAT_MAP_NONE);
    incstat_chart *c = NULL;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_MAP, &c, NULL), INCSTAT_OK);
    assert_int_equal(incstat_map_set_boundaries(c, b, NULL), INCSTAT_OK);
    incstat_chart_style st = {0};
    st.width = 400;
    st.height = 300;
    assert_int_equal(incstat_chart_write(c, tmp_path("million.png"), 0, &st, &err), INCSTAT_OK);
    incstat_chart_free(c);
    incstat_boundaries_free(b);
}

/* Every allocation of the reader failing in turn: ENOMEM (or, past the
 * reading, boundaries without their bands of latitude), nothing leaked
 * (ASan), then success. */
static void test_alloc_failures(void **state)
{
    (void)state;
    for (unsigned long k = 1;; k++) {
        incstat_boundaries *b = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_boundaries_read(REGIONS, NULL, &b, &err);
        incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            /* the bands of latitude failing leave the boundaries whole,
             * found in by walking every polygon: the same answers */
            assert_int_equal(incstat_boundaries_count(b), 3);
            assert_string_equal(incstat_boundaries_name(b, incstat_boundaries_locate(b, 74.3, 31.5)),
                                "Punjab");
            assert_int_equal(incstat_boundaries_locate(b, 73.0, 30.5), INCSTAT_MAP_NONE);
            int whole = b->rows != NULL;
            incstat_boundaries_free(b);
            assert_true(k > 3);
            if (whole)
                break;
            continue;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        assert_null(b);
        assert_true(k < 1000);
    }
}

/* ---- names ---------------------------------------------------------------------- */

static void test_crosswalk(void **state)
{
    (void)state;
    incstat_boundaries *b = read_ok(PAKISTAN, "name");
    static const struct {
        const char *from, *to;
    } W[] = {
        {"NWFP", "K.P."},          {"N.W.F.P.", "K.P."},
        {"K.P.", "K.P."},          {"kpk", "K.P."},
        {"Khyber Pakhtunkhwa", "K.P."}, {"North-West Frontier Province", "K.P."},
        {"FATA", "F.A.T.A."},      {"F.A.T.A.", "F.A.T.A."},
        {"Federally Administered Tribal Areas", "F.A.T.A."},
        {"Sindh", "Sind"},         {"SIND", "Sind"},
        {"Gilgit-Baltistan", "Northern Areas"}, {"Northern Areas", "Northern Areas"},
        {"Balochistan", "Baluchistan"}, {"Baluchistan", "Baluchistan"},
        {"ICT", "F.C.T."},         {"F.C.T.", "F.C.T."},
        {"Islamabad", "F.C.T."},   {"Capital", "F.C.T."},
        {"Islamabad Capital Territory", "F.C.T."},
        {"AJK", "Azad Kashmir"},   {" punjab ", "Punjab"},
    };
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++) {
        int merged = -1;
        size_t r = incstat_boundaries_find(b, W[i].from, strlen(W[i].from), &merged);
        if (r == INCSTAT_MAP_NONE || strcmp(incstat_boundaries_name(b, r), W[i].to) != 0)
            fail_msg("'%s' found '%s', expected '%s'", W[i].from,
                     r == INCSTAT_MAP_NONE ? "nothing" : incstat_boundaries_name(b, r), W[i].to);
        assert_int_equal(merged, 0);
    }
    assert_int_equal(incstat_boundaries_find(b, "Gilgit", 6, NULL), INCSTAT_MAP_NONE);
    assert_int_equal(incstat_boundaries_find(b, "", 0, NULL), INCSTAT_MAP_NONE);
    incstat_boundaries_free(b);
    /* boundaries without FATA (drawn after 2018): FATA is Khyber Pakhtunkhwa's */
    b = read_ok(REGIONS, NULL);
    int merged = 0;
    size_t r = incstat_boundaries_find(b, "F.A.T.A.", 8, &merged);
    assert_string_equal(incstat_boundaries_name(b, r), "K.P.");
    assert_int_equal(merged, 1);
    incstat_boundaries_free(b);
}

/* ---- the choropleth's numbers are the summary's ------------------------------------ */

static const incstat_summary_row *row_named(const incstat_summary *s, const char *name)
{
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (r->key[0] && strcmp(r->key[0], name) == 0)
            return r;
    }
    fail_msg("no summary row '%s'", name);
    return NULL;
}

static void test_choropleth_equals_summary(void **state)
{
    (void)state;
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.by[0] = (incstat_by){INCSTAT_BY_TEXT, "admin1"};
    so.n_by = 1;
    incstat_error err;
    assert_int_equal(incstat_loader_open(PBC, &lo, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_resolve_by(&so, incstat_loader_report(ld), NULL, 0, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_summary_from_loader(ld, &so, NULL, &s, &err), INCSTAT_OK);
    incstat_boundaries *b = read_ok(PAKISTAN, "name");
    size_t nreg = incstat_boundaries_count(b);
    double values[16], inc[16];
    char unmatched[256];
    int merged;
    uint64_t unknown;
    map_build_args a;
    memset(&a, 0, sizeof a);
    a.fill = 1;
    assert_int_equal(map_region_values_(s, b, &a, 0, 1, values, unmatched, sizeof unmatched,
                                        &merged, &unknown), 0);
    a.metric = MAP_METRIC_INCIDENTS;
    assert_int_equal(map_region_values_(s, b, &a, 0, 1, inc, unmatched, sizeof unmatched,
                                        &merged, &unknown), 0);
    assert_string_equal(unmatched, "");
    assert_int_equal(merged, 0);
    /* each region: the summary's rows of the names the crosswalk gives it
     * (written out here, not taken from the crosswalk) */
    static const struct {
        const char *region;
        const char *rows[3];
    } X[] = {
        {"Punjab", {"Punjab"}},       {"Sind", {"Sindh"}},
        {"K.P.", {"KPK"}},            {"Baluchistan", {"Baluchistan", "Balochistan"}},
        {"F.A.T.A.", {"FATA"}},       {"F.C.T.", {"Capital"}},
        {"Azad Kashmir", {"AJK"}},    {"Northern Areas", {NULL}},
    };
    for (size_t k = 0; k < sizeof X / sizeof X[0]; k++) {
        size_t r = incstat_boundaries_find(b, X[k].region, strlen(X[k].region), NULL);
        assert_true(r < nreg);
        double killed = X[k].rows[0] ? 0 : NAN, n = X[k].rows[0] ? 0 : NAN;
        for (size_t j = 0; j < 3 && X[k].rows[j]; j++) {
            const incstat_summary_row *row = row_named(s, X[k].rows[j]);
            killed += row->killed;
            n += (double)row->incidents;
        }
        assert_close(values[r], killed, 1e-12);
        assert_close(inc[r], n, 1e-12);
    }
    /* figures from the file as summary --by admin1 prints them */
    assert_close(values[incstat_boundaries_find(b, "Baluchistan", 11, NULL)], 919, 1e-12);
    assert_close(inc[incstat_boundaries_find(b, "K.P.", 4, NULL)], 251, 1e-12);
    incstat_boundaries_free(b);
    incstat_summary_free(s);
    incstat_loader_free(ld);
}

/* --admin1-from-coordinates: the hook places an incident without admin1 by
 * its coordinates (tests/data/map/incidents.csv: the row of line 9 has no
 * province and falls in Punjab's hole, so it stays unknown; none other lacks
 * one). */
static const char *place_cb(void *ctx, double lon, double lat, size_t *len)
{
    size_t r = incstat_boundaries_locate(ctx, lon, lat);
    if (r == INCSTAT_MAP_NONE)
        return NULL;
    *len = strlen(incstat_boundaries_name(ctx, r));
    return incstat_boundaries_name(ctx, r);
}

static void test_place_hook(void **state)
{
    (void)state;
    const char *csv = "date,killed,province,latitude,longitude\n"
                      "2010-01-01,1,,31.5,74.3\n"  /* Punjab */
                      "2010-01-02,2,,30.5,73.0\n"  /* the hole: unknown */
                      "2010-01-03,4,,34.0,68.0\n"  /* K.P. */
                      "2010-01-04,8,Sindh,34.0,68.0\n"; /* its own admin1 wins */
    const char *path = tmp_path("place.csv");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(csv, f);
    fclose(f);
    incstat_boundaries *b = read_ok(REGIONS, NULL);
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.by[0] = (incstat_by){INCSTAT_BY_TEXT, "admin1"};
    so.n_by = 1;
    so.place = place_cb;
    so.place_ctx = b;
    incstat_error err;
    assert_int_equal(incstat_loader_open(path, &lo, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_resolve_by(&so, incstat_loader_report(ld), NULL, 0, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_summary_from_loader(ld, &so, NULL, &s, &err), INCSTAT_OK);
    assert_close(row_named(s, "Punjab")->killed, 1, 0);
    assert_close(row_named(s, "K.P.")->killed, 4, 0);
    assert_close(row_named(s, "Sindh")->killed, 8, 0);
    uint64_t unknown = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->key[0] || strcmp(r->key[0], "(unknown)") == 0)
            unknown += r->incidents;
    }
    assert_int_equal(unknown, 1);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    incstat_boundaries_free(b);
}

/* ---- map descriptions ---------------------------------------------------------------- */

static void test_map_setters(void **state)
{
    (void)state;
    incstat_boundaries *b = read_ok(REGIONS, NULL);
    incstat_chart *c = NULL, *bar = NULL;
    incstat_error err;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_MAP, &c, NULL), INCSTAT_OK);
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_BAR, &bar, NULL), INCSTAT_OK);
    double v[3] = {1, NAN, 3};
    assert_int_equal(incstat_map_set_values(c, v, 3, &err), INCSTAT_EINVAL); /* no boundaries */
    assert_int_equal(incstat_map_set_boundaries(bar, b, &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "not a map"));
    assert_int_equal(incstat_chart_write(c, tmp_path("e.svg"), 0, NULL, &err), INCSTAT_EEMPTY);
    assert_int_equal(incstat_map_set_boundaries(c, b, &err), INCSTAT_OK);
    assert_int_equal(incstat_map_set_values(c, v, 2, &err), INCSTAT_EINVAL);
    v[0] = INFINITY;
    assert_int_equal(incstat_map_set_values(c, v, 3, &err), INCSTAT_EINVAL);
    v[0] = 1;
    assert_int_equal(incstat_map_set_values(c, v, 3, &err), INCSTAT_OK);
    double lon[2] = {74, NAN}, lat[2] = {31, 30};
    assert_int_equal(incstat_map_add_points(c, lon, lat, NULL, NULL, NULL, 2, &err),
                     INCSTAT_EINVAL);
    assert_int_equal(incstat_map_add_points(c, lon, lat, NULL, NULL, NULL, 1, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, (const char *[]){"2001"}, 1, &err),
                     INCSTAT_EINVAL);
    incstat_map_options mo = {0};
    mo.max_dot = -1;
    assert_int_equal(incstat_map_set_options(c, &mo, &err), INCSTAT_EINVAL);
    for (int i = 0; i < 64; i++)
        assert_int_equal(incstat_map_add_panel(c, "p", &err), INCSTAT_OK);
    assert_int_equal(incstat_map_add_panel(c, "one too many", &err), INCSTAT_ELIMIT);
    assert_int_equal(incstat_map_add_panel(c, "\xff", &err), INCSTAT_EINVAL);
    incstat_chart_free(c);
    incstat_chart_free(bar);
    incstat_boundaries_free(b);
}

/* A choropleth's SVG says what it draws: the regions' names and values, the
 * key's classes, "no data", and the boundaries' attribution. */
static void test_map_svg(void **state)
{
    (void)state;
    incstat_boundaries *b = read_ok(REGIONS, NULL);
    incstat_error err;
    assert_int_equal(incstat_boundaries_set_attribution(b, "Test shapes", &err), INCSTAT_OK);
    incstat_chart *c = NULL;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_MAP, &c, NULL), INCSTAT_OK);
    assert_int_equal(incstat_map_set_boundaries(c, b, &err), INCSTAT_OK);
    double v[3] = {1234, NAN, 17};
    assert_int_equal(incstat_map_set_values(c, v, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "Killed", &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("m.svg"), 0, NULL, &err), INCSTAT_OK);
    FILE *f = fopen(tmp_path("m.svg"), "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    assert_non_null(strstr(buf, "Punjab\n1,234"));
    assert_non_null(strstr(buf, "Sind\n17"));
    assert_non_null(strstr(buf, "K.P.\nno data"));
    assert_non_null(strstr(buf, "Boundaries: Test shapes"));
    assert_non_null(strstr(buf, " km\n")); /* the scale bar */
    incstat_chart_free(c);
    incstat_boundaries_free(b);
}

/* Grey pixels (channels within 6 of each other, between 0x60 and 0xC8) of
 * the REGIONS map drawn on an 800 x 480 image with values (NULL: no values,
 * the land plain) */
static size_t grey_pixels(const double *values)
{
    incstat_boundaries *b = read_ok(REGIONS, NULL);
    incstat_error err;
    incstat_chart *c = NULL;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_MAP, &c, NULL), INCSTAT_OK);
    assert_int_equal(incstat_map_set_boundaries(c, b, &err), INCSTAT_OK);
    if (values)
        assert_int_equal(incstat_map_set_values(c, values, 3, &err), INCSTAT_OK);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 480);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(incstat_chart_draw(c, cr, 800, 480, &err), INCSTAT_OK);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    size_t n = 0;
    for (int y = 0; y < 480; y++)
        for (int x = 0; x < 800; x++) {
            uint32_t v = *(const uint32_t *)(px + (size_t)y * stride + (size_t)x * 4);
            int r = (v >> 16) & 255, g = (v >> 8) & 255, bl = v & 255;
            int lo = r < g ? (r < bl ? r : bl) : (g < bl ? g : bl);
            int hi = r > g ? (r > bl ? r : bl) : (g > bl ? g : bl);
            n += hi - lo <= 12 && lo >= 0x60 && hi <= 0xC8;
        }
    cairo_surface_destroy(s);
    incstat_chart_free(c);
    incstat_boundaries_free(b);
    return n;
}

/* A region with no data is hatched inside its outline (the hatching was once
 * cut out of the region by the even-odd rule, leaving it plain): with every
 * value unknown, the map has thousands more grey pixels than the plain land
 * (the hatch lines), beyond what the key's one hatched swatch and the
 * "no data" labels add. */
static void test_no_data_hatched(void **state)
{
    (void)state;
    double nan3[3] = {NAN, NAN, NAN};
    size_t plain = grey_pixels(NULL), hatched = grey_pixels(nan3);
    assert_true(hatched > plain + 5000);
}

/* The choropleth of the PBC file on the shipped provinces: no two texts
 * drawn overlap (region labels among themselves and with the legend, title
 * and notes) at the sizes the command line and the report draw it, and the
 * title names the span of years (as the other charts' titles do) without
 * panels being asked for. */
static void test_choropleth_labels(void **state)
{
    (void)state;
    incstat_loader *ld = NULL;
    incstat_summary *s = NULL;
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.by[0] = (incstat_by){INCSTAT_BY_TEXT, "admin1"};
    so.n_by = 1;
    incstat_error err;
    assert_int_equal(incstat_loader_open(PBC, &lo, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_resolve_by(&so, incstat_loader_report(ld), NULL, 0, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_summary_from_loader(ld, &so, NULL, &s, &err), INCSTAT_OK);
    int y0, y1;
    incstat_summary_years(s, &y0, &y1);
    assert_int_equal(y0, 1995); /* the file's first and last attacks (its report: 1995-2017) */
    assert_int_equal(y1, 2017);
    incstat_boundaries *b = read_ok(PAKISTAN, "name");
    static const double sizes[][2] = {{800, 600}, {1600 * 72 / 144.0, 1200 * 72 / 144.0},
                                      {560, 420}, {420, 320}, {1000, 560}};
    for (int metric = 0; metric < 4; metric++) {
        map_build_args a;
        memset(&a, 0, sizeof a);
        a.fill = 1;
        a.metric = (map_metric)(metric % 3);
        a.input = "pbc.csv";
        if (metric == 3) { /* two panels: smaller maps, smaller labels */
            a.n_periods = 2;
            a.period_from[0] = 2002;
            a.period_to[0] = 2008;
            a.period_from[1] = 2009;
            a.period_to[1] = 2017;
        }
        incstat_chart *c = NULL;
        assert_int_equal(map_build_(&a, NULL, s, b, &c, &err), 0);
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            incstat_chart_box boxes[128];
            size_t n;
            assert_int_equal(chart_text_boxes_(c, sizes[k][0], sizes[k][1], boxes, 128, &n, &err),
                             INCSTAT_OK);
            assert_true(n > 8 && n <= 128);
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++)
                    if (chart_boxes_overlap(&boxes[i], &boxes[j]))
                        fail_msg("metric %d, %gx%g: texts %zu (%g,%g-%g,%g) and %zu (%g,%g-%g,%g) overlap",
                                 metric, sizes[k][0], sizes[k][1], i, boxes[i].x0, boxes[i].y0,
                                 boxes[i].x1, boxes[i].y1, j, boxes[j].x0, boxes[j].y0,
                                 boxes[j].x1, boxes[j].y1);
        }
        assert_int_equal(incstat_chart_write(c, tmp_path("labels.svg"), 0, NULL, &err), INCSTAT_OK);
        FILE *f = fopen(tmp_path("labels.svg"), "rb");
        assert_non_null(f);
        static char buf[1 << 21];
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[got] = 0;
        assert_non_null(strstr(buf, metric == 0 ? ">People killed by province, 1995-2017<"
                                    : metric == 1 ? ">People injured by province, 1995-2017<"
                                    : metric == 2 ? ">Incidents by province, 1995-2017<"
                                                  : ">People killed by province, 2002-2017<"));
        incstat_chart_free(c);
    }
    incstat_boundaries_free(b);
    incstat_summary_free(s);
    incstat_loader_free(ld);
}

/* The dots of a file read in parallel chunks (observe_fork/join) are the
 * dots of one pass, in the same order with the same categories and counts;
 * and the grid that counts the dots outside the boundaries agrees with
 * incstat_boundaries_locate point by point. */
static void collect(unsigned threads, map_collect *mc, incstat_summary **s,
                    const map_outside_grid *grid)
{
    incstat_loader *ld = NULL;
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    lo.threads = threads;
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.threads = threads;
    so.parallel_min_bytes = 1; /* split even this small file */
    memset(mc, 0, sizeof *mc);
    mc->color_col = INCSTAT_TEXT_ADMIN1;
    mc->keep_year = 1;
    mc->outside_grid = grid;
    so.observe = map_collect_add_;
    so.observe_ctx = mc;
    so.observe_fork = map_collect_fork_;
    so.observe_join = map_collect_join_;
    incstat_error err;
    assert_int_equal(incstat_loader_open(PBC, &lo, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_from_loader(ld, &so, NULL, s, &err), INCSTAT_OK);
    incstat_loader_free(ld);
    assert_false(mc->failed);
}

static void test_dots_parallel(void **state)
{
    (void)state;
    map_collect one, par;
    incstat_summary *s1, *s4;
    /* the dots outside these boundaries counted as they are gathered */
    incstat_boundaries *pk = read_ok(PAKISTAN, "name");
    map_outside_grid *grid = map_outside_grid_new_(pk, 0);
    assert_non_null(grid);
    collect(1, &one, &s1, grid);
    collect(4, &par, &s4, grid);
    const map_store *o = &one.dots, *q = &par.dots;
    assert_true(o->n > 400);
    assert_int_equal(q->n, o->n);
    assert_int_equal(par.seen, one.seen);
    /* the span of years, as the years kept give it */
    int y0 = 0, y1 = 0;
    for (size_t i = 0; i < o->n; i++) {
        int y = MAP_DOT(o, year, i);
        if (y && (!y0 || y < y0))
            y0 = y;
        if (y > y1)
            y1 = y;
    }
    assert_true(y0 > 1990 && y1 >= y0);
    assert_int_equal(one.year_min, y0);
    assert_int_equal(one.year_max, y1);
    assert_int_equal(par.year_min, y0);
    assert_int_equal(par.year_max, y1);
    assert_int_equal(par.no_coords, one.no_coords);
    size_t out_pk = 0;
    for (size_t i = 0; i < o->n; i++)
        out_pk += incstat_boundaries_locate(pk, MAP_DOT(o, lon, i), MAP_DOT(o, lat, i)) ==
                  INCSTAT_MAP_NONE;
    assert_true(out_pk > 0); /* a few of the file's points are beyond Pakistan */
    assert_int_equal(one.outside, out_pk);
    assert_int_equal(par.outside, out_pk);
    map_outside_grid_free_(grid);
    incstat_boundaries_free(pk);
    assert_int_equal(par.n_cats, one.n_cats);
    for (size_t k = 0; k < one.n_cats; k++) {
        assert_string_equal(par.cats[k], one.cats[k]);
        assert_int_equal(par.cat_count[k], one.cat_count[k]);
    }
    for (size_t i = 0; i < o->n; i++) { /* NaN sizes compare as bits */
        assert_memory_equal(&MAP_DOT(q, lon, i), &MAP_DOT(o, lon, i), sizeof(double));
        assert_memory_equal(&MAP_DOT(q, lat, i), &MAP_DOT(o, lat, i), sizeof(double));
        assert_memory_equal(&MAP_DOT(q, size, i), &MAP_DOT(o, size, i), sizeof(double));
        assert_int_equal(MAP_DOT(q, year, i), MAP_DOT(o, year, i));
        assert_int_equal(MAP_DOT(q, hollow, i), MAP_DOT(o, hollow, i));
        assert_int_equal(MAP_DOT(q, group, i), MAP_DOT(o, group, i));
    }
    /* the summaries beside them too */
    assert_true(s4->chunks > 1); /* it was read in parallel */
    assert_int_equal(incstat_summary_rows(s4), incstat_summary_rows(s1));

    /* outside the boundaries: the grid against one point at a time, on the
     * file's points and on points spread over and around Pakistan and the
     * world (edges, holes, beyond every box) */
    incstat_boundaries *bs[2] = {read_ok(PAKISTAN, "name"),
                                 read_ok("datasets/world_countries_ne110m.geojson", "NAME")};
    size_t n = 20000;
    double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat);
    assert_non_null(lon);
    assert_non_null(lat);
    uint64_t seed = 12345;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        double u = (double)(seed >> 11) / 9007199254740992.0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        double v = (double)(seed >> 11) / 9007199254740992.0;
        if (i < o->n) {
            lon[i] = MAP_DOT(o, lon, i);
            lat[i] = MAP_DOT(o, lat, i);
        } else if (i % 2) { /* around Pakistan */
            lon[i] = 58 + u * 22;
            lat[i] = 22 + v * 16;
        } else {
            lon[i] = -190 + u * 380;
            lat[i] = -95 + v * 190;
        }
    }
    for (int k = 0; k < 2; k++) {
        size_t want = 0;
        for (size_t i = 0; i < n; i++)
            want += incstat_boundaries_locate(bs[k], lon[i], lat[i]) == INCSTAT_MAP_NONE;
        assert_true(want > 0 && want < n);
        assert_int_equal(map_count_outside_(bs[k], lon, lat, n), want);
        /* and just beside every edge, on both sides, along its length: a
         * cell an edge crosses left unmarked would answer for these by its
         * centre, wrongly on one side */
        const incstat_boundaries *bk = bs[k];
        size_t m = 0, cap = bk->n_pts * 12;
        double *ex = malloc(cap * sizeof *ex), *ey = malloc(cap * sizeof *ey);
        assert_true(ex && ey);
        for (size_t r = 0; r < bk->n_rings; r++) {
            const map_ring *rg = &bk->rings[r];
            for (size_t j = 0; j + 1 < rg->n; j++) {
                double xa = bk->x[rg->first + j], ya = bk->y[rg->first + j];
                double xb = bk->x[rg->first + j + 1], yb = bk->y[rg->first + j + 1];
                for (int f = 1; f <= 3; f++)
                    for (int side = -1; side <= 1; side += 2) {
                        double t = f / 4.0, d = 1e-6 * side;
                        ex[m] = xa + (xb - xa) * t + (ya == yb ? 0 : d);
                        ey[m] = ya + (yb - ya) * t + (ya == yb ? d : -d * (xb - xa != 0));
                        m++;
                    }
            }
        }
        want = 0;
        for (size_t i = 0; i < m; i++)
            want += incstat_boundaries_locate(bk, ex[i], ey[i]) == INCSTAT_MAP_NONE;
        assert_true(m > 1000 && want > 0 && want < m);
        assert_int_equal(map_count_outside_(bk, ex, ey, m), want);
        free(ex);
        free(ey);
        incstat_boundaries_free(bs[k]);
    }
    free(lon);
    free(lat);
    map_collect_free_(&one);
    map_collect_free_(&par);
    incstat_summary_free(s1);
    incstat_summary_free(s4);
}

/* The chart built from gathered dots, taking them: panels by year without
 * the dots' years kept is refused (EINVAL); and every allocation failing in
 * turn, with one panel (the dots taken in place) and with panels by year
 * (copied), gives ENOMEM and no chart, then a chart of every dot (leaks
 * show under ASan). */
static void test_build_taking_failures(void **state)
{
    (void)state;
    incstat_boundaries *pk = read_ok(PAKISTAN, "name");
    map_collect mc;
    incstat_summary *s;
    incstat_chart *c = NULL;
    incstat_error err;
    map_build_args a;
    memset(&a, 0, sizeof a);
    a.rough_from = NAN;
    a.by_year = 1;
    collect(1, &mc, &s, NULL);
    mc.keep_year = 0; /* as a collector set for one panel */
    assert_int_equal(map_build_taking_(&a, &mc, s, pk, &c, &err), -1);
    assert_int_equal(err.code, INCSTAT_EINVAL);
    assert_null(c);
    map_collect_free_(&mc);
    incstat_summary_free(s);
    for (int by_year = 0; by_year < 2; by_year++) {
        int built = 0;
        for (unsigned long k = 1; !built; k++) {
            collect(1, &mc, &s, NULL);
            size_t n = mc.dots.n;
            a.by_year = by_year;
            incstat_test_fail_alloc_after(k);
            int rc = map_build_taking_(&a, &mc, s, pk, &c, &err);
            incstat_test_fail_alloc_after(0);
            if (rc != 0) {
                assert_int_equal(err.code, INCSTAT_ENOMEM);
                assert_null(c);
            } else {
                const chart_map *m = c->map;
                size_t drawn = 0;
                for (size_t p = 0; p < (m->n_panels ? m->n_panels : 1); p++)
                    drawn += m->panels[p].dots.n;
                assert_true(n > 400);
                assert_int_equal(drawn, n); /* PBC's years are all dated */
                built = 1;
            }
            incstat_chart_free(c);
            c = NULL;
            map_collect_free_(&mc);
            incstat_summary_free(s);
            assert_true(k < 2000);
        }
    }
    incstat_boundaries_free(pk);
}

/* A PNG of many dots (past what is drawn on one thread) composited on 1,
 * 2 and 3 threads, each taking stripes of rows, and placed in drawing
 * order beside the countries (counted by size, or sorted when every dot
 * has its own): the same bytes, on one panel and on three (a panel's clip
 * snapped to whole pixels), at a size that is not a multiple of the
 * stripes; and the dots are there (not the map without them). */
static void write_dots(const incstat_boundaries *b, size_t n, size_t panels, unsigned threads,
                       int with_dots, int every_size, const char *path)
{
    incstat_chart *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_MAP, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_map_set_boundaries(c, b, &err), INCSTAT_OK);
    incstat_map_options mo = {0};
    mo.threads = threads;
    assert_int_equal(incstat_map_set_options(c, &mo, &err), INCSTAT_OK);
    double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat);
    double *size = malloc(n * sizeof *size);
    uint32_t *grp = malloc(n * sizeof *grp);
    unsigned char *hol = malloc(n);
    assert_true(lon && lat && size && grp && hol);
    uint64_t seed = 99;
    for (size_t p = 0; p < panels; p++) {
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            double u = (double)(seed >> 11) / 9007199254740992.0;
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            double v = (double)(seed >> 11) / 9007199254740992.0;
            lon[i] = 60 + u * 18; /* over Pakistan and past its box */
            lat[i] = 23 + v * 15;
            /* a few sizes (counts), or each dot its own */
            size[i] = every_size ? u * 50 : i % 97 == 0 ? 40 + (double)(i % 13) : (double)(i % 5);
            grp[i] = (uint32_t)(i % 3);
            hol[i] = i % 11 == 0;
        }
        if (panels > 1) {
            char label[16];
            snprintf(label, sizeof label, "panel %zu", p + 1);
            assert_int_equal(incstat_map_add_panel(c, label, &err), INCSTAT_OK);
        }
        if (with_dots)
            assert_int_equal(incstat_map_add_points(c, lon, lat, size, grp, hol, n, &err),
                             INCSTAT_OK);
    }
    free(lon);
    free(lat);
    free(size);
    free(grp);
    free(hol);
    incstat_chart_style st = {0};
    st.width = 701;
    st.height = 523;
    if (incstat_chart_write(c, path, INCSTAT_CHART_FORMAT_PNG, &st, &err) != INCSTAT_OK)
        fail_msg("%s: %s", path, err.message);
    incstat_chart_free(c);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 22);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 22, f);
    assert_true(*len > 0 && *len < (1 << 22));
    fclose(f);
    return buf;
}

/* Every allocation of drawing many dots on two threads failing in turn
 * (the placements, the sprite caches, the order, the chart's arrays):
 * ENOMEM, nothing leaked (ASan), then the PNG. */
static void test_dots_alloc_failures(void **state)
{
    (void)state;
    incstat_boundaries *b = read_ok(PAKISTAN, "name");
    /* few dots (paths), and enough to be counted and placed on a thread
     * started before the page is drawn */
    for (size_t n = 5000; n <= 100000; n += 95000) {
    double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat);
    assert_true(lon && lat);
    for (size_t i = 0; i < n; i++) {
        lon[i] = 61 + (double)(i % 100) * 0.15;
        lat[i] = 24 + (double)(i / 100) * 0.0125;
    }
    int drawn = 0;
    for (unsigned long k = 1; !drawn; k++) {
        incstat_error err;
        incstat_chart *c = NULL;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_chart_new(INCSTAT_CHART_MAP, &c, &err);
        incstat_map_options mo = {0};
        mo.threads = 2;
        if (!st)
            st = incstat_map_set_boundaries(c, b, &err);
        if (!st)
            st = incstat_map_set_options(c, &mo, &err);
        if (!st)
            st = incstat_map_add_points(c, lon, lat, NULL, NULL, NULL, n, &err);
        incstat_chart_style sty = {0};
        sty.width = 300;
        sty.height = 200;
        if (!st)
            st = incstat_chart_write(c, tmp_path("oom.png"), INCSTAT_CHART_FORMAT_PNG, &sty, &err);
        incstat_test_fail_alloc_after(0);
        incstat_chart_free(c);
        if (st != INCSTAT_OK && st != INCSTAT_ENOMEM)
            fail_msg("allocation %lu failing: status %d, %s", k, (int)st, err.message);
        drawn = st == INCSTAT_OK;
        assert_true(k < 2000);
    }
    free(lon);
    free(lat);
    }
    incstat_boundaries_free(b);
}

static void test_dots_threads(void **state)
{
    (void)state;
    incstat_boundaries *b = read_ok(PAKISTAN, "name");
    for (size_t panels = 1; panels <= 3; panels += 2)
        for (int every_size = 0; every_size < 2; every_size++) {
            /* one panel: enough dots that they are also placed on a thread
             * of their own while the countries are drawn; every size its
             * own: too many to count, sorted instead */
            size_t n = panels == 1 ? 100000 : 30000, len1, len;
            write_dots(b, n, panels, 1, 1, every_size, tmp_path("t1.png"));
            char *one = slurp(tmp_path("t1.png"), &len1);
            for (unsigned t = 2; t <= 3; t++) {
                write_dots(b, n, panels, t, 1, every_size, tmp_path("tn.png"));
                char *many = slurp(tmp_path("tn.png"), &len);
                if (len != len1 || memcmp(one, many, len) != 0)
                    fail_msg("%zu panel(s)%s: the PNG on %u threads differs from one thread's",
                             panels, every_size ? ", every dot its own size" : "", t);
                free(many);
            }
            write_dots(b, n, panels, 2, 0, every_size, tmp_path("t0.png"));
            char *none = slurp(tmp_path("t0.png"), &len);
            assert_true(len != len1 || memcmp(one, none, len) != 0);
            free(none);
            free(one);
        }
    incstat_boundaries_free(b);
}

/* Dots first..first + n into s, each dot's every column from its index. */
static void store_fill(map_store *s, size_t first, size_t n, int with_year)
{
    for (size_t j = 0; j < n; j++) {
        assert_int_equal(map_store_room_(s, with_year), 0);
        size_t i = s->n++, v = first + j;
        MAP_DOT(s, lon, i) = (double)v;
        MAP_DOT(s, lat, i) = -(double)v;
        MAP_DOT(s, size, i) = (double)v / 2;
        MAP_DOT(s, group, i) = (uint32_t)v;
        MAP_DOT(s, hollow, i) = (unsigned char)(v % 251);
        if (with_year)
            MAP_DOT(s, year, i) = (int)v;
    }
}

/* Joining stores (chunks of a file read in parallel): every dot where one
 * store filled in sequence would have it, whatever the first store's last
 * block holds (empty, one dot, full, nearly full) and however many blocks
 * the second has; the blocks all full but the last. */
static void test_store_append(void **state)
{
    (void)state;
    const size_t B = MAP_BLOCK;
    const size_t as[] = {0, 1, B - 1, B, B + 5, 2 * B + B / 2};
    const size_t bs[] = {0, 1, B / 2, B - 1, B, B + 1, 3 * B + 7};
    for (int year = 0; year < 2; year++)
        for (size_t x = 0; x < sizeof as / sizeof *as; x++)
            for (size_t y = 0; y < sizeof bs / sizeof *bs; y++) {
                map_store a = {0}, b = {0};
                store_fill(&a, 0, as[x], year);
                store_fill(&b, as[x], bs[y], year);
                assert_int_equal(map_store_append_(&a, &b), 0);
                assert_int_equal(b.n, 0);
                assert_null(b.b);
                size_t n = as[x] + bs[y];
                assert_int_equal(a.n, n);
                assert_int_equal(a.n_blocks, (n + B - 1) / B);
                for (size_t i = 0; i < n; i++) {
                    if (MAP_DOT(&a, lon, i) != (double)i || MAP_DOT(&a, lat, i) != -(double)i ||
                        MAP_DOT(&a, size, i) != (double)i / 2 ||
                        MAP_DOT(&a, group, i) != (uint32_t)i ||
                        MAP_DOT(&a, hollow, i) != (unsigned char)(i % 251) ||
                        (year && MAP_DOT(&a, year, i) != (int)i))
                        fail_msg("dot %zu of %zu + %zu (year %d) out of place", i, as[x], bs[y],
                                 year);
                }
                /* more dots after a join go where they belong */
                store_fill(&a, n, 3, year);
                assert_true(MAP_DOT(&a, lon, n + 2) == (double)(n + 2));
                map_store_truncate_(&a, n / 2);
                assert_int_equal(a.n_blocks, (n / 2 + B - 1) / B);
                map_store_free_(&a);
            }
}

/* The dots' drawing order (a radix sort) against the comparison the map
 * sorted by before: larger first, ties in index order, NaN as -1, -0 and 0
 * tied; on sizes with many ties (counts), fractions, negatives and NaN. */
static int by_size_desc(const void *a, const void *b, void *ctx)
{
    const double *s = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = isnan(s[i]) ? -1 : s[i], y = isnan(s[j]) ? -1 : s[j];
    if (x != y)
        return x < y ? 1 : -1;
    return (i > j) - (i < j);
}

/* A store whose blocks' sizes are size[0..n) (the other columns unset). */
static map_store sizes_store(double *size, size_t n, map_block *blocks)
{
    map_store s = {.b = blocks, .n = n, .n_blocks = (n + MAP_BLOCK - 1) / MAP_BLOCK};
    for (size_t k = 0; k < s.n_blocks; k++)
        blocks[k] = (map_block){NULL, NULL, size + k * MAP_BLOCK, NULL, NULL, NULL};
    return s;
}

static void test_order_by_size(void **state)
{
    (void)state;
    size_t n = 50000;
    double *size = malloc(n * sizeof *size);
    size_t *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    assert_non_null(size);
    assert_non_null(want);
    assert_non_null(got);
    for (int kind = 0; kind < 3; kind++) {
        uint64_t seed = 99 + (uint64_t)kind;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            uint64_t r = seed >> 33;
            if (kind == 0) /* counts: mostly 0 and 1, a long tail */
                size[i] = r % 10 < 6 ? (double)(r % 2) : (double)(r % 3000);
            else if (kind == 1) /* everything at once */
                size[i] = r % 7 == 0   ? NAN
                          : r % 7 == 1 ? -0.0
                          : r % 7 == 2 ? -1.0
                          : r % 7 == 3 ? -(double)(r % 50) / 4
                                       : (double)(r % 100000) / 7;
            else /* all equal: the order given */
                size[i] = 3;
        }
        for (size_t i = 0; i < n; i++)
            want[i] = i;
        assert_int_equal(incstat_sort(want, n, sizeof *want, by_size_desc, size), 0);
        map_block blocks[8];
        map_store st = sizes_store(size, n, blocks);
        assert_int_equal(map_order_by_size_(&st, got), 0);
        assert_memory_equal(got, want, n * sizeof *got);
    }
    map_block blocks[8];
    map_store st = sizes_store(size, 0, blocks);
    assert_int_equal(map_order_by_size_(&st, got), 0); /* nothing to order */
    st = sizes_store(size, 1, blocks);
    assert_int_equal(map_order_by_size_(&st, got), 0);
    assert_int_equal(got[0], 0);
    free(size);
    free(want);
    free(got);
}

/* map_sprite_over_ against cairo: the same sprites composited by
 * cairo_set_source_surface + fill (clipped) and written straight into the
 * pixels give identical bytes, on RGB24 and ARGB32, for dots as the map
 * makes them and for sprites of every alpha, partly off the image and
 * across the clip's edges, with and without the rows' spans (no byte
 * differs: not even by 1, pixman's rounding is the same). */
static uint64_t lcg(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
    return *seed >> 33;
}

static cairo_surface_t *test_sprite(int kind, uint64_t *seed, int *side)
{
    int sd = kind == 3 ? 9 : 5 + (int)(lcg(seed) % 20);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, sd, sd);
    if (kind == 3) { /* noise: every alpha, premultiplied */
        cairo_surface_flush(s);
        unsigned char *px = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        for (int y = 0; y < sd; y++)
            for (int x = 0; x < sd; x++) {
                uint32_t a = (uint32_t)(lcg(seed) % 256), v = a << 24;
                for (int sh = 0; sh < 24; sh += 8)
                    v |= (uint32_t)(a ? lcg(seed) % (a + 1) : 0) << sh;
                memcpy(px + (size_t)y * (size_t)stride + 4 * (size_t)x, &v, 4);
            }
        cairo_surface_mark_dirty(s);
    } else { /* a dot as the map draws it: filled at 0.55, or hollow at 0.85 */
        cairo_t *cr = cairo_create(s);
        cairo_set_source_rgba(cr, (double)(lcg(seed) % 256) / 255, (double)(lcg(seed) % 256) / 255,
                              (double)(lcg(seed) % 256) / 255, kind == 2 ? 0.85 : 0.55);
        cairo_arc(cr, sd / 2.0, sd / 2.0, (sd - 3) / 2.0, 0, 2 * 3.14159265358979323846);
        if (kind == 2)
            cairo_stroke(cr);
        else
            cairo_fill(cr);
        cairo_destroy(cr);
    }
    cairo_surface_flush(s);
    *side = sd;
    return s;
}

static void test_sprite_over(void **state)
{
    (void)state;
    cairo_format_t fmts[2] = {CAIRO_FORMAT_RGB24, CAIRO_FORMAT_ARGB32};
    for (int f = 0; f < 2; f++) {
        int w = 120, h = 90;
        cairo_surface_t *a = cairo_image_surface_create(fmts[f], w, h);
        cairo_surface_t *b = cairo_image_surface_create(fmts[f], w, h);
        /* the same background in both: a gradient, translucent on ARGB32 */
        cairo_surface_t *both[2] = {a, b};
        for (int k = 0; k < 2; k++) {
            cairo_t *cr = cairo_create(both[k]);
            cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, w, h);
            cairo_pattern_add_color_stop_rgba(g, 0, 0.95, 0.9, 0.8, f ? 0.3 : 1);
            cairo_pattern_add_color_stop_rgba(g, 1, 0.1, 0.3, 0.5, 1);
            cairo_set_source(cr, g);
            cairo_paint(cr);
            cairo_pattern_destroy(g);
            cairo_destroy(cr);
        }
        cairo_t *cr = cairo_create(a);
        uint64_t seed = 7 + (uint64_t)f;
        for (int i = 0; i < 3000; i++) {
            int side;
            cairo_surface_t *s = test_sprite(i % 4, &seed, &side);
            int x0 = (int)(lcg(&seed) % (uint64_t)(w + 2 * side)) - side;
            int y0 = (int)(lcg(&seed) % (uint64_t)(h + 2 * side)) - side;
            /* a clip: mostly the whole image and beyond, sometimes a part */
            int clip[4] = {-5, -5, w + 5, h + 5};
            if (i % 3 == 0) {
                clip[0] = (int)(lcg(&seed) % 60);
                clip[1] = (int)(lcg(&seed) % 45);
                clip[2] = clip[0] + 1 + (int)(lcg(&seed) % 60);
                clip[3] = clip[1] + 1 + (int)(lcg(&seed) % 45);
            }
            cairo_save(cr);
            cairo_rectangle(cr, clip[0], clip[1], clip[2] - clip[0], clip[3] - clip[1]);
            cairo_clip(cr);
            cairo_set_source_surface(cr, s, x0, y0);
            cairo_rectangle(cr, x0, y0, side, side);
            cairo_fill(cr);
            cairo_restore(cr);
            /* the rows' spans, as the map makes them, every other time */
            int span[2 * 32];
            const unsigned char *sd = cairo_image_surface_get_data(s);
            int ss = cairo_image_surface_get_stride(s);
            for (int y = 0; y < side; y++) {
                const uint32_t *row = (const uint32_t *)(const void *)(sd + (size_t)y * (size_t)ss);
                int lo = 0, hi = side;
                while (lo < side && !row[lo])
                    lo++;
                while (hi > lo && !row[hi - 1])
                    hi--;
                span[2 * y] = lo;
                span[2 * y + 1] = hi;
            }
            cairo_surface_flush(b);
            map_sprite_over_(b, s, i % 2 ? span : NULL, x0, y0, clip);
            cairo_surface_mark_dirty(b);
            cairo_surface_destroy(s);
        }
        cairo_destroy(cr);
        cairo_surface_flush(a);
        cairo_surface_flush(b);
        const unsigned char *pa = cairo_image_surface_get_data(a);
        const unsigned char *pb = cairo_image_surface_get_data(b);
        int stride = cairo_image_surface_get_stride(a);
        size_t differ = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                uint32_t u, v;
                memcpy(&u, pa + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
                memcpy(&v, pb + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
                differ += u != v; /* all four bytes, RGB24's unused one too */
            }
        assert_int_equal(differ, 0);
        cairo_surface_destroy(a);
        cairo_surface_destroy(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_locate_sf),
        cmocka_unit_test(test_bowtie),
        cmocka_unit_test(test_rows_agree),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_million_vertices),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_crosswalk),
        cmocka_unit_test(test_choropleth_equals_summary),
        cmocka_unit_test(test_place_hook),
        cmocka_unit_test(test_map_setters),
        cmocka_unit_test(test_map_svg),
        cmocka_unit_test(test_no_data_hatched),
        cmocka_unit_test(test_choropleth_labels),
        cmocka_unit_test(test_dots_parallel),
        cmocka_unit_test(test_dots_threads),
        cmocka_unit_test(test_dots_alloc_failures),
        cmocka_unit_test(test_store_append),
        cmocka_unit_test(test_build_taking_failures),
        cmocka_unit_test(test_order_by_size),
        cmocka_unit_test(test_sprite_over),
    };
    return cmocka_run_group_tests_name("map", tests, setup_dir, teardown_dir);
}
