/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_paint.c: the drawing helpers every chart kind shares: the
 * growable byte buffer, the themes and colours, hatching, and text set with
 * Pango (measured, wrapped, drawn, rotated, and copied to the SVG text sink).
 * It calls nothing else in the module, so the kinds and the frame can all
 * use it without calling each other. */
#include <math.h>
#include <string.h>
#include "chart/chart_internal.h"

/* ---- growable buffer ---------------------------------------------------- */

void chart_buf_put(chart_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + n + 1) {
            if (ncap > SIZE_MAX / 2) {
                b->failed = 1;
                return;
            }
            ncap *= 2;
        }
        char *np = incstat_realloc(b->p, ncap);
        if (!np) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void chart_buf_str(chart_buf *b, const char *s)
{
    if (!s) { /* the text of a buffer whose allocation failed */
        b->failed = 1;
        return;
    }
    chart_buf_put(b, s, strlen(s));
}

void chart_buf_free(chart_buf *b)
{
    incstat_free_mem(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- colours ------------------------------------------------------------ */

static chart_rgb hex(uint32_t v)
{
    chart_rgb c = {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0};
    return c;
}

void chart_theme_init(chart_theme *t, incstat_chart_theme which)
{
    if (which == INCSTAT_CHART_THEME_DARK) {
        t->bg = hex(0x1C1E22);
        t->fg = hex(0xEDEDED);
        t->muted = hex(0xA9ADB3);
        t->grid = hex(0x383C43);
        t->axis = hex(0x8A8F96);
        t->bar = hex(0x6B9ECB);
        t->accent = hex(0xE69F00);
        t->line = hex(0x56B4E9);
        t->missing = hex(0x80858C);
        t->other = hex(0x7D8288);
        t->dark = 1;
    } else {
        t->bg = hex(0xFFFFFF);
        t->fg = hex(0x1A1A1A);
        t->muted = hex(0x5E5E5E);
        t->grid = hex(0xE4E4E4);
        t->axis = hex(0x6E6E6E);
        t->bar = hex(0x8AB2D6);
        t->accent = hex(0xD55E00);
        t->line = hex(0x0072B2);
        t->missing = hex(0x9A9A9A);
        t->other = hex(0xB4B4B4);
        t->dark = 0;
    }
}

void chart_set_colour(chart_ctx *c, chart_rgb col, double alpha)
{
    if (alpha >= 1)
        cairo_set_source_rgb(c->cr, col.r, col.g, col.b);
    else
        cairo_set_source_rgba(c->cr, col.r, col.g, col.b, alpha);
}

chart_rgb chart_palette(const chart_ctx *c, size_t i)
{
    chart_rgb col = hex(c->style.palette[i % c->style.n_palette]);
    /* Okabe-Ito black is invisible on the dark background */
    if (c->th.dark && col.r + col.g + col.b < 0.3)
        col = hex(0xDDDDDD);
    return col;
}

chart_rgb chart_mix(chart_rgb a, chart_rgb b, double t)
{
    chart_rgb r = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
    return r;
}

/* viridis (matplotlib), nine evenly spaced samples */
static const uint32_t viridis[9] = {0x440154, 0x472C7A, 0x3B518B, 0x2C718E, 0x21908D,
                                    0x27AD81, 0x5CC863, 0xAADC32, 0xFDE725};

chart_rgb chart_sequential(const chart_ctx *c, double t)
{
    if (!(t >= 0))
        t = 0;
    if (t > 1)
        t = 1;
    /* more is darker on paper, brighter on a dark background */
    if (!c->th.dark)
        t = 1 - t;
    double p = t * 8;
    int i = (int)floor(p);
    if (i >= 8)
        i = 7;
    return chart_mix(hex(viridis[i]), hex(viridis[i + 1]), p - i);
}

void chart_hatch_rect(chart_ctx *c, double x, double y, double w, double h, chart_rgb col,
                      double tint_alpha)
{
    cairo_t *cr = c->cr;
    if (w <= 0 || h <= 0)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    chart_set_colour(c, col, tint_alpha);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    double step = fmax(3.0, c->base * 0.42);
    cairo_set_line_width(cr, fmax(0.6, c->base * 0.09));
    chart_set_colour(c, col, 1);
    /* lines of slope +1 in screen space, from bottom-left to top-right */
    for (double k = -h; k < w + h; k += step) {
        cairo_move_to(cr, x + k, y + h);
        cairo_line_to(cr, x + k + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_save(cr);
    cairo_rectangle(cr, x + 0.4, y + 0.4, w - 0.8 > 0 ? w - 0.8 : 0, h - 0.8 > 0 ? h - 0.8 : 0);
    cairo_set_line_width(cr, 0.8);
    chart_set_colour(c, col, 1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- text --------------------------------------------------------------- */

static void set_layout(chart_ctx *c, const char *s, const chart_font *f)
{
    /* sizes on a quarter-point grid: Pango and fontconfig cache fonts per
     * size for the life of the process, so a long-running caller drawing
     * charts of many sizes would otherwise grow without bound */
    double size = floor(f->size * 4 + 0.5) / 4;
    pango_font_description_set_absolute_size(c->font, size * PANGO_SCALE);
    pango_font_description_set_weight(c->font, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->layout, c->font);
    pango_layout_set_text(c->layout, s, -1);
    if (f->width > 0) {
        pango_layout_set_width(c->layout, (int)(f->width * PANGO_SCALE));
        pango_layout_set_wrap(c->layout, PANGO_WRAP_WORD_CHAR);
        if (f->max_lines > 0) {
            pango_layout_set_height(c->layout, -f->max_lines);
            pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
        } else {
            pango_layout_set_height(c->layout, -1);
            pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_NONE);
        }
    } else {
        pango_layout_set_width(c->layout, -1);
        pango_layout_set_height(c->layout, -1);
        pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_NONE);
    }
    pango_layout_set_alignment(c->layout, f->align == CHART_CENTER  ? PANGO_ALIGN_CENTER
                                          : f->align == CHART_RIGHT ? PANGO_ALIGN_RIGHT
                                                                    : PANGO_ALIGN_LEFT);
}

/* Logical extents; x0 is the left edge of the ink-independent box. */
static void layout_box(chart_ctx *c, double *x0, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(c->layout, NULL, &logical);
    *x0 = (double)logical.x / PANGO_SCALE;
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

void chart_text_size(chart_ctx *c, const char *s, const chart_font *f, double *w, double *h)
{
    double x0, tw, thh;
    set_layout(c, s, f);
    layout_box(c, &x0, &tw, &thh);
    if (w)
        *w = tw;
    if (h)
        *h = thh;
}

int chart_text_lines(chart_ctx *c, const char *s, const chart_font *f, double *w, double *h)
{
    chart_text_size(c, s, f, w, h);
    return pango_layout_get_line_count(c->layout);
}

static void sink_text(chart_ctx *c, const char *s)
{
    if (!c->sink || !*s)
        return;
    chart_buf_str(c->sink, s);
    chart_buf_put(c->sink, "\n", 1);
}

incstat_chart_box chart_text(chart_ctx *c, const char *s, const chart_font *f, double x,
                             double y, int halign, int valign, chart_rgb col)
{
    double x0, w, h;
    set_layout(c, s, f);
    layout_box(c, &x0, &w, &h);
    /* with a width, alignment happens inside the layout box */
    double bw = f->width > 0 ? f->width : w;
    double left = halign == CHART_CENTER ? x - bw / 2 : halign == CHART_RIGHT ? x - bw : x;
    double top = valign == CHART_MIDDLE ? y - h / 2 : valign == CHART_BOTTOM ? y - h : y;
    cairo_move_to(c->cr, left, top);
    chart_set_colour(c, col, 1);
    pango_cairo_show_layout(c->cr, c->layout);
    cairo_new_path(c->cr); /* show_layout leaves the current point */
    sink_text(c, s);
    incstat_chart_box b = {left + (f->width > 0 ? x0 : 0), top,
                           left + (f->width > 0 ? x0 : 0) + w, top + h};
    if (c->rec && *s) {
        if (c->rec_n < c->rec_max)
            c->rec[c->rec_n] = b;
        c->rec_n++;
    }
    return b;
}

void chart_text_rotated(chart_ctx *c, const char *s, const chart_font *f, double x, double y,
                        chart_rgb col)
{
    double x0, w, h;
    cairo_save(c->cr);
    cairo_translate(c->cr, x, y);
    cairo_rotate(c->cr, -CHART_PI / 4);
    pango_cairo_update_context(c->cr, c->pctx);
    set_layout(c, s, f);
    pango_layout_context_changed(c->layout);
    layout_box(c, &x0, &w, &h);
    cairo_move_to(c->cr, -w, -h / 2);
    chart_set_colour(c, col, 1);
    pango_cairo_show_layout(c->cr, c->layout);
    cairo_new_path(c->cr);
    cairo_restore(c->cr);
    pango_cairo_update_context(c->cr, c->pctx);
    pango_layout_context_changed(c->layout);
    sink_text(c, s);
}
