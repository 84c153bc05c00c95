/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/map_draw.c: the drawing of a choropleth alone, in one process:
 * the shipped Pakistan provinces at 1600 x 1200 pixels (the command line's
 * size), shaded as the bench file shades them (one province with a value,
 * the other seven with no data, hatched) or every province with a value,
 * with the bench file's title, note and caption, written as PNG (or PDF,
 * SVG) RUNS times.  Prints the first time (fonts started, pages fresh) and
 * the best and median of the rest, in ms.  Used by bench/map.sh.
 *
 *   map_draw BOUNDARIES.geojson [png|pdf|svg] [RUNS] [all]            */
#include <incstat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: map_draw BOUNDARIES.geojson [png|pdf|svg] [RUNS] [all]\n");
        return 2;
    }
    const char *fmt = argc > 2 ? argv[2] : "png";
    int runs = argc > 3 ? atoi(argv[3]) : 40;
    int all = argc > 4 && strcmp(argv[4], "all") == 0;
    if (runs < 2)
        runs = 2;
    incstat_error err;
    incstat_boundaries *b = NULL;
    incstat_chart *c = NULL;
    if (incstat_boundaries_read(argv[1], NULL, &b, &err) != INCSTAT_OK ||
        incstat_chart_new(INCSTAT_CHART_MAP, &c, &err) != INCSTAT_OK ||
        incstat_map_set_boundaries(c, b, &err) != INCSTAT_OK) {
        fprintf(stderr, "map_draw: %s\n", err.message);
        return 1;
    }
    size_t n = incstat_boundaries_count(b);
    double *v = malloc(n * sizeof *v);
    double *t = malloc((size_t)runs * sizeof *t);
    if (!v || !t)
        return 1;
    for (size_t i = 0; i < n; i++)
        v[i] = all ? 100.0 * (double)(i + 1) : i == 1 ? 15591 : NAN;
    char out[64];
    snprintf(out, sizeof out, "map_draw.%s", fmt);
    incstat_chart_style st;
    memset(&st, 0, sizeof st);
    st.width = 800; /* points: 1600 x 1200 pixels at 144 dpi */
    st.height = 600;
    st.dpi = 144;
    if (incstat_map_set_values(c, v, n, &err) != INCSTAT_OK ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "People killed by province, 1989-2025",
                               &err) != INCSTAT_OK ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_NOTE,
                               "Not on the map (no region of that name): Adamawa (12919), Al "
                               "Adamawa (4955), Al Amhara (1366), Al Borno (1590), Al Kandahar "
                               "(828), Al Oromia (1200), Al Rakhine (2124), Al Sagaing (3207), Al "
                               "Sahel (3084), Al Tigray (5544), Aleppo (15613), Amhara (6021), "
                               "Anbar (23753), Antioquia (33861), Borno (18664)",
                               &err) != INCSTAT_OK ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_CAPTION,
                               "Source: events_1000000.csv.  Boundaries: Made with Natural Earth",
                               &err) != INCSTAT_OK) {
        fprintf(stderr, "map_draw: %s\n", err.message);
        return 1;
    }
    for (int k = 0; k < runs; k++) {
        double a = now_ms();
        if (incstat_chart_write(c, out, INCSTAT_CHART_FORMAT_AUTO, &st, &err) != INCSTAT_OK) {
            fprintf(stderr, "map_draw: %s\n", err.message);
            return 1;
        }
        t[k] = now_ms() - a;
    }
    qsort(t + 1, (size_t)runs - 1, sizeof *t, by_value);
    printf("first %.1f ms, then best %.1f ms, median %.1f ms (%d runs)\n", t[0], t[1],
           t[1 + (runs - 1) / 2], runs);
    remove(out);
    incstat_chart_free(c);
    incstat_boundaries_free(b);
    free(v);
    free(t);
    return 0;
}
