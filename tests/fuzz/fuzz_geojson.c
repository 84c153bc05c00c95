/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/fuzz/fuzz_geojson.c: boundaries from GeoJSON (src/chart/map_geojson.c),
 * then the point-in-polygon test and a small map drawn from them.
 *
 * The input is the GeoJSON text.  Checked: a failure leaves no boundaries
 * and a message that names the source; a success has at least one region,
 * every name valid UTF-8, a bounding box inside -180..180 / -90..90, and
 * draws (as a PNG in memory, 160 x 120) without error when it has at most
 * 20,000 vertices (a bound on the time one input takes). */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "incstat/map.h"

static void draw(const incstat_boundaries *b)
{
    incstat_chart *c = NULL;
    if (incstat_chart_new(INCSTAT_CHART_MAP, &c, NULL) != INCSTAT_OK)
        abort();
    FUZZ_CHECK(incstat_map_set_boundaries(c, b, NULL) == INCSTAT_OK, "set_boundaries");
    double v[4] = {1, 10, NAN, 100};
    size_t n = incstat_boundaries_count(b);
    if (n <= 4)
        FUZZ_CHECK(incstat_map_set_values(c, v, n, NULL) == INCSTAT_OK, "set_values");
    incstat_chart_style st;
    memset(&st, 0, sizeof st);
    st.width = 160;
    st.height = 120;
    FILE *f = fopen("/dev/null", "wb");
    if (!f)
        abort();
    incstat_error err;
    incstat_status s = incstat_chart_write_stream(c, f, INCSTAT_CHART_FORMAT_PNG, &st, &err);
    fclose(f);
    FUZZ_CHECK(s == INCSTAT_OK, "draw: %s", err.message);
    incstat_chart_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    incstat_boundaries *b = NULL;
    incstat_error err;
    incstat_status st = incstat_boundaries_parse((const char *)data, size, NULL, "fuzz.geojson",
                                                 &b, &err);
    if (st != INCSTAT_OK) {
        FUZZ_CHECK(b == NULL, "a failure left boundaries");
        FUZZ_CHECK(err.code == st, "err.code %d, status %d", (int)err.code, (int)st);
        FUZZ_CHECK(strstr(err.message, "fuzz.geojson") != NULL, "message names no source: %s",
                   err.message);
        return 0;
    }
    size_t n = incstat_boundaries_count(b);
    FUZZ_CHECK(n > 0, "success with no region");
    for (size_t i = 0; i < n; i++) {
        const char *name = incstat_boundaries_name(b, i);
        FUZZ_CHECK(name && fuzz_utf8_valid(name, strlen(name)), "region %zu's name", i);
    }
    double box[4];
    incstat_boundaries_bbox(b, INCSTAT_MAP_NONE, box);
    FUZZ_CHECK(box[0] >= -180 && box[2] <= 180 && box[1] >= -90 && box[3] <= 90 &&
                   box[0] <= box[2] && box[1] <= box[3],
               "box %g %g %g %g", box[0], box[1], box[2], box[3]);
    size_t r = incstat_boundaries_locate(b, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
    FUZZ_CHECK(r == INCSTAT_MAP_NONE || r < n, "locate gave %zu of %zu", r, n);
    if (incstat_boundaries_vertices(b) <= 20000)
        draw(b);
    incstat_boundaries_free(b);
    return 0;
}
