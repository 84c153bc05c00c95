/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_draw.c: the frame every chart shares (title, subtitle,
 * legend, footnote, caption), the drawing context, and the dispatch to the
 * kinds (chart_periods.c, chart_panels.c); the helpers they share are in
 * chart_paint.c. */
#include <math.h>
#include <string.h>
#include "chart/chart_internal.h"

/* ---- validation ------------------------------------------------------------ */

incstat_status chart_check(const incstat_chart *c, incstat_error *err)
{
    if (!c)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: chart is NULL");
    if (c->kind == INCSTAT_CHART_MAP)
        return chart_map_check_(c, err);
    if (c->kind == INCSTAT_CHART_HEATMAP) {
        if (!c->grid)
            return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0,
                                     "chart: nothing to draw: the heatmap has no grid");
        return INCSTAT_OK;
    }
    if (c->n_series == 0)
        return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0,
                                 "chart: nothing to draw: no series");
    return INCSTAT_OK;
}

/* ---- the frame ------------------------------------------------------------ */

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Title: largest size from 1.5 to 1.1 times base at which it fits two lines;
 * at the smallest size, ellipsized after two lines. */
static double draw_title(chart_ctx *c, const char *title, double x, double y, double width)
{
    static const double scale[] = {1.5, 1.35, 1.2, 1.1};
    chart_font f = {0, 1, width, 0, CHART_LEFT};
    for (size_t i = 0; i < sizeof scale / sizeof scale[0]; i++) {
        f.size = c->base * scale[i];
        if (chart_text_lines(c, title, &f, NULL, NULL) <= 2)
            break;
    }
    f.max_lines = 2;
    return chart_text(c, title, &f, x, y, CHART_LEFT, CHART_TOP, c->th.fg).y1 - y;
}

/* Legend swatch of shape s in a box (x, y, w, h). */
static void draw_key(chart_ctx *c, const chart_key *k, double x, double y, double w, double h)
{
    cairo_t *cr = c->cr;
    double my = y + h / 2;
    switch (k->shape) {
    case CHART_KEY_BOX:
        chart_set_colour(c, k->col, 1);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill(cr);
        break;
    case CHART_KEY_HATCH:
        chart_hatch_rect(c, x, y, w, h, k->col, 0.3);
        break;
    case CHART_KEY_BAND:
        chart_set_colour(c, k->col, 0.18);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill(cr);
        break;
    case CHART_KEY_WHISKER: /* an error bar, turned on its side */
        chart_set_colour(c, k->col, 0.75);
        cairo_set_line_width(cr, fmax(1, c->base * 0.12));
        cairo_move_to(cr, x + w * 0.15, my);
        cairo_line_to(cr, x + w * 0.85, my);
        cairo_move_to(cr, x + w * 0.15, y);
        cairo_line_to(cr, x + w * 0.15, y + h);
        cairo_move_to(cr, x + w * 0.85, y);
        cairo_line_to(cr, x + w * 0.85, y + h);
        cairo_stroke(cr);
        break;
    case CHART_KEY_LINE:
    case CHART_KEY_DASH:
    case CHART_KEY_POINT:
        chart_set_colour(c, k->col, 1);
        cairo_set_line_width(cr, c->base * 0.2);
        if (k->shape == CHART_KEY_DASH) {
            double d[] = {c->base * 0.5, c->base * 0.3};
            cairo_set_dash(cr, d, 2, 0);
        }
        cairo_move_to(cr, x, my);
        cairo_line_to(cr, x + w, my);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        if (k->shape == CHART_KEY_POINT) {
            cairo_arc(cr, x + w / 2, my, c->base * 0.25, 0, 2 * CHART_PI);
            cairo_fill(cr);
        }
        break;
    }
}

/* Legend entries flowed into rows; returns the height used. */
static double draw_legend(chart_ctx *c, const chart_key *keys, size_t n, double x, double y,
                          double width)
{
    chart_font f = {c->base * 0.9, 0, 0, 0, CHART_LEFT};
    double sw = c->base * 1.3, gap = c->base * 0.4, sep = c->base * 1.2;
    double lh;
    chart_text_size(c, "Ag", &f, NULL, &lh);
    double cx = x, cy = y;
    for (size_t i = 0; i < n; i++) {
        double tw;
        chart_font ef = f;
        chart_text_size(c, keys[i].label, &f, &tw, NULL);
        double maxw = width - sw - gap;
        if (tw > maxw) { /* a name longer than the whole line is ellipsized */
            ef.width = maxw;
            ef.max_lines = 1;
            tw = maxw;
        }
        if (cx > x && cx + sw + gap + tw > x + width) {
            cx = x;
            cy += lh * 1.25;
        }
        draw_key(c, &keys[i], cx, cy + lh * 0.2, sw, lh * 0.6);
        chart_text(c, keys[i].label, &ef, cx + sw + gap, cy, CHART_LEFT, CHART_TOP, c->th.fg);
        cx += sw + gap + tw + sep;
    }
    return n ? cy + lh - y : 0;
}

static void draw_frame(chart_ctx *c)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    double pad = c->base * 1.3;
    double x = pad, y = pad * 0.9, width = c->w - 2 * pad;

    chart_set_colour(c, c->th.bg, 1);
    cairo_rectangle(cr, 0, 0, c->w, c->h);
    cairo_fill(cr);

    const char *title = ch->text[INCSTAT_CHART_TEXT_TITLE];
    const char *subtitle = ch->text[INCSTAT_CHART_TEXT_SUBTITLE];
    if (title && *title)
        y += draw_title(c, title, x, y, width) + c->base * 0.25;
    if (subtitle && *subtitle) {
        /* a long one (a claim's verdicts) a little smaller, on up to 4 lines */
        chart_font f = {c->base * 1.0, 0, width, 0, CHART_LEFT};
        if (chart_text_lines(c, subtitle, &f, NULL, NULL) > 3)
            f.size = c->base * 0.9;
        f.max_lines = f.size < c->base ? 4 : 3;
        y = chart_text(c, subtitle, &f, x, y, CHART_LEFT, CHART_TOP, c->th.muted).y1;
    }
    if ((title && *title) || (subtitle && *subtitle))
        y += c->base * 0.9;

    if (ch->kind != INCSTAT_CHART_HEATMAP && ch->kind != INCSTAT_CHART_MULTIPLES &&
        ch->kind != INCSTAT_CHART_MAP) {
        chart_key keys[1100];
        size_t nk = chart_period_legend(c, keys, sizeof keys / sizeof keys[0]);
        if (nk) {
            y += draw_legend(c, keys, nk, x, y, width) + c->base * 0.8;
        }
    }

    double bottom = c->h - pad * 0.8;
    const char *caption = ch->text[INCSTAT_CHART_TEXT_CAPTION];
    chart_font small = {c->base * 0.8, 0, width, 2, CHART_LEFT};
    chart_buf mapcap = {0};
    if (ch->kind == INCSTAT_CHART_MAP) { /* the caption and the boundaries' attribution */
        chart_map_caption_(c, &mapcap);
        if (mapcap.failed)
            c->nomem = 1;
        caption = mapcap.p;
        small.max_lines = 3;
    }
    if (caption && *caption) {
        double h;
        chart_text_size(c, caption, &small, NULL, &h);
        bottom -= h;
        chart_text(c, caption, &small, x, bottom, CHART_LEFT, CHART_TOP, c->th.muted);
        bottom -= c->base * 0.3;
    }
    chart_buf_free(&mapcap);
    {
        chart_buf note = {0};
        if (ch->kind == INCSTAT_CHART_HEATMAP)
            chart_heatmap_footnote(c, &note);
        else if (ch->kind == INCSTAT_CHART_MAP)
            chart_map_footnote_(c, &note);
        else
            chart_period_footnote(c, &note);
        if (note.failed)
            c->nomem = 1;
        else if (note.len) {
            double h;
            small.max_lines = 5;
            chart_text_size(c, note.p, &small, NULL, &h);
            bottom -= h;
            chart_text(c, note.p, &small, x, bottom, CHART_LEFT, CHART_TOP, c->th.muted);
            bottom -= c->base * 0.3;
        }
        chart_buf_free(&note);
    }
    bottom -= c->base * 0.5;

    chart_rect r = {x, y, c->w - pad, bottom};
    if (r.y1 - r.y0 < c->base * 3) /* tiny charts: overlap rather than invert */
        r.y0 = r.y1 - c->base * 3;
    switch (ch->kind) {
    case INCSTAT_CHART_HEATMAP:
        chart_draw_heatmap(c, r);
        break;
    case INCSTAT_CHART_MULTIPLES:
        chart_draw_multiples(c, r);
        break;
    case INCSTAT_CHART_MAP:
        chart_draw_map_(c, r);
        break;
    default:
        chart_draw_periods(c, r);
        break;
    }
}

static incstat_status cairo_error(cairo_status_t s, incstat_error *err)
{
    if (s == CAIRO_STATUS_NO_MEMORY)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: cairo: out of memory");
    return incstat_set_error(err, INCSTAT_EIO, 0, 0, "chart: cairo: %s",
                             cairo_status_to_string(s));
}

/* chart_render, and the boxes of the texts into rec (rec_max of them; may
 * be NULL), their number into *rec_n. */
static incstat_status render(const incstat_chart *chart, const incstat_chart_style *style,
                             cairo_t *cr, double w, double h, chart_buf *sink,
                             incstat_chart_box *rec, size_t rec_max, size_t *rec_n,
                             incstat_error *err)
{
    incstat_status st = chart_check(chart, err);
    if (st)
        return st;
    if (!cr)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: cairo context is NULL");
    if (!isfinite(w) || !isfinite(h) || w < 120 || h < 80 || w > 1e6 || h > 1e6)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: size %g x %g out of range (120 x 80 to 1e6 x 1e6)",
                                 w, h);
    if (cairo_status(cr))
        return cairo_error(cairo_status(cr), err);

    chart_ctx c;
    memset(&c, 0, sizeof c);
    c.cr = cr;
    c.chart = chart;
    c.w = w;
    c.h = h;
    c.sink = sink;
    c.rec = rec;
    c.rec_max = rec_max;
    chart_resolve_style(style, &c.style);
    chart_theme_init(&c.th, c.style.theme);
    c.base = c.style.font_size > 0 ? c.style.font_size : clampd(sqrt(w * h) / 50, 9, 16);
    c.base = floor(c.base * 2 + 0.5) / 2;

    cairo_save(cr);
    c.pctx = pango_cairo_create_context(cr);
    /* unhinted outlines and metrics, grey antialiasing: the same output
     * whatever the user's fontconfig hinting settings say */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(c.pctx, fo);
    cairo_font_options_destroy(fo);
    /* a fixed language, not the locale's, so that fallback fonts and line
     * breaking do not depend on the environment */
    pango_context_set_language(c.pctx, pango_language_from_string("en"));
    c.layout = pango_layout_new(c.pctx);
    /* left-to-right paragraphs whatever script a label starts with (the
     * chart's layout is left to right); right-to-left runs are still
     * reordered and shaped by Pango */
    pango_layout_set_auto_dir(c.layout, FALSE);
    c.font = pango_font_description_new();
    pango_font_description_set_family(c.font, c.style.font_family);

    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    if (chart->kind == INCSTAT_CHART_MAP)
        chart_map_prepare_(&c);
    draw_frame(&c);
    chart_map_release_(&c);
    if (rec_n)
        *rec_n = c.rec_n;

    pango_font_description_free(c.font);
    g_object_unref(c.layout);
    g_object_unref(c.pctx);
    cairo_restore(cr);

    if (c.nomem || (sink && sink->failed))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
    if (cairo_status(cr))
        return cairo_error(cairo_status(cr), err);
    return INCSTAT_OK;
}

incstat_status chart_render(const incstat_chart *chart, const incstat_chart_style *style,
                            cairo_t *cr, double w, double h, chart_buf *sink,
                            incstat_error *err)
{
    return render(chart, style, cr, w, h, sink, NULL, 0, NULL, err);
}

incstat_status chart_text_boxes_(const incstat_chart *chart, double w, double h,
                                 incstat_chart_box *boxes, size_t max, size_t *n,
                                 incstat_error *err)
{
    *n = 0;
    if (!chart)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: chart is NULL");
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
    cairo_t *cr = cairo_create(s);
    incstat_status st = render(chart, &chart->style, cr, w, h, NULL, boxes, max, n, err);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return st;
}

incstat_status incstat_chart_draw(const incstat_chart *chart, cairo_t *cr, double width,
                                  double height, incstat_error *err)
{
    incstat_clear_error(err);
    if (!chart)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: chart is NULL");
    return chart_render(chart, &chart->style, cr, width, height, NULL, err);
}
