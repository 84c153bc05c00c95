/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_warm.c: the fonts made ready on a thread while the data
 * load.
 *
 * A process's first text costs fontconfig's start (its configuration parsed,
 * its caches mapped), the match of the family list and the faces opened by
 * FreeType and HarfBuzz: 15 ms on this kind of machine, a quarter of what a
 * chart adds to the summary it draws.  All of that is kept process-wide by
 * fontconfig and cairo, so one short text laid out and drawn on another
 * thread, with a font map of its own (Pango's default map is per thread),
 * leaves the drawing thread's first text at 4 ms (measured with a 100 ms
 * stand-in for the load).  The output does not change: the same fonts are
 * found either way.  The caller joins the thread before drawing: on a big
 * file it has long finished; on a small one the wait is the work the
 * drawing would have done itself. */
#if defined(__linux__)
#define _GNU_SOURCE /* syscall */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <pthread.h>
#include <string.h>

#include "chart/chart_internal.h"
#include "chart/chart_warm.h"

struct chart_warm {
    pthread_t thread;
    char *family;
};

/* the weights and the digits a chart's titles, labels and values use */
static void *warm(void *arg)
{
    chart_warm *w = arg;
#if defined(__linux__)
    /* the lowest priority: the thread takes what the load leaves idle (its
     * serial start, a chunk finishing early) rather than slowing the load's
     * own threads; on Linux a thread's nice value is its own */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
#endif
    PangoFontMap *fm = pango_cairo_font_map_new();
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 32);
    cairo_t *cr = cairo_create(s);
    PangoContext *pc = pango_font_map_create_context(fm);
    /* the drawing's own options (chart_draw.c): the same cairo faces */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(pc, pango_language_from_string("en"));
    PangoLayout *l = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, w->family ? w->family : INCSTAT_CHART_DEFAULT_FONT);
    pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
    pango_layout_set_text(l, "Killed 2023: 1,600", -1);
    for (int bold = 0; bold < 2; bold++) {
        pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(l, fd);
        pango_cairo_show_layout(cr, l);
    }
    pango_font_description_free(fd);
    g_object_unref(l);
    g_object_unref(pc);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    g_object_unref(fm);
    return NULL;
}

chart_warm *chart_warm_start_(const char *family)
{
    chart_warm *w = incstat_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (family && !(w->family = incstat_strndup(family, strlen(family)))) {
        incstat_free_mem(w);
        return NULL;
    }
    if (pthread_create(&w->thread, NULL, warm, w) != 0) {
        incstat_free_mem(w->family);
        incstat_free_mem(w);
        return NULL; /* no warming: the drawing does it, as before */
    }
    return w;
}

void chart_warm_join_(chart_warm *w)
{
    if (!w)
        return;
    pthread_join(w->thread, NULL);
    incstat_free_mem(w->family);
    incstat_free_mem(w);
}
