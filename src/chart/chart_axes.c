/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_axes.c: the period axis shared by the period kinds
 * (chart_periods.c) and the panels of MULTIPLES (chart_panels.c): which
 * periods are missing or partial, the x slots and their labels (years,
 * months, wrapped or rotated), the y ticks, grid, baseline and the stub
 * that marks a missing period. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart/chart_internal.h"

/* ---- what a period is ------------------------------------------------------ */

static int flagged(const incstat_chart *ch, size_t i, unsigned flag)
{
    return ch->flags && (ch->flags[i] & flag);
}

/* A period is missing when flagged, or when every series is NaN there. */
int chart_period_missing(const incstat_chart *ch, size_t i)
{
    if (flagged(ch, i, INCSTAT_CHART_MISSING))
        return 1;
    for (size_t s = 0; s < ch->n_series; s++)
        if (!isnan(ch->series[s].v[i]))
            return 0;
    return 1;
}

int chart_period_partial(const incstat_chart *ch, size_t i)
{
    return flagged(ch, i, INCSTAT_CHART_PARTIAL) && !chart_period_missing(ch, i);
}

int chart_period_unknown(const incstat_chart *ch, size_t i)
{
    return !flagged(ch, i, INCSTAT_CHART_MISSING) && chart_period_missing(ch, i);
}

uint64_t chart_period_left_out(const incstat_chart *ch, size_t i)
{
    return ch->unknown && !chart_period_missing(ch, i) ? ch->unknown[i] : 0;
}

/* ---- the period axis -------------------------------------------------------- */

/* 1: every label is a year "YYYY"; 2: every label is "YYYY-MM"; 0: other. */
static int label_kind(const incstat_chart *ch)
{
    int kind = -1;
    for (size_t i = 0; i < ch->n_periods; i++) {
        const char *w = chart_partial_word(ch->periods[i]);
        int k = w[8] == 'y' ? 1 : w[8] == 'm' ? 2 : 0;
        if (kind < 0)
            kind = k;
        else if (kind != k)
            return 0;
    }
    return kind < 0 ? 0 : kind;
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Monthly labels ("YYYY-MM") all in one year: the title names the year, the
 * axis the months. */
static int months_of_one_year(const incstat_chart *ch)
{
    for (size_t i = 0; i < ch->n_periods; i++) {
        int m = digits_value(ch->periods[i] + 5, 2);
        if (strncmp(ch->periods[i], ch->periods[0], 4) != 0 || m < 1 || m > 12)
            return 0;
    }
    return 1;
}

/* The text shown for period i: with a stride of a year or more, monthly
 * labels show the year alone; the months of one year, the month alone. */
static const char *shown_label(const chart_axes *a, size_t i, char *buf)
{
    const char *s = a->ch->periods[i];
    if (a->kind == 2 && a->stride >= 12) {
        memcpy(buf, s, 4);
        buf[4] = '\0';
        return buf;
    }
    if (a->kind == 2 && months_of_one_year(a->ch))
        return month_names[digits_value(s + 5, 2) - 1];
    return s;
}

/* Smallest monthly stride (1, 2, 3, 6, 12, 24, 60, 120, ...) that fits. */
static size_t month_stride(double label_w, double year_w, double slot, double gap)
{
    static const size_t small[] = {1, 2, 3, 6};
    for (size_t k = 0; k < 4; k++)
        if ((double)small[k] * slot >= label_w + gap)
            return small[k];
    size_t years = incstat_chart_label_stride(year_w, slot * 12, gap);
    return years ? years * 12 : 0;
}

/* The first labelled period: years on multiples of the stride, months on
 * January (and on multiples of the year stride). */
static size_t label_offset(const chart_axes *a)
{
    const char *p0 = a->ch->periods[0];
    size_t s = a->stride, n = a->ch->n_periods, off = 0;
    if (s <= 1)
        return 0;
    if (a->kind == 1) {
        int y0 = digits_value(p0, 4);
        off = (s - (size_t)y0 % s) % s;
    } else if (a->kind == 2) {
        int y0 = digits_value(p0, 4), m0 = digits_value(p0 + 5, 2);
        if (m0 < 1 || m0 > 12)
            return 0;
        if (s < 12) {
            off = (s - (size_t)(m0 - 1) % s) % s;
        } else {
            size_t years = s / 12;
            off = (size_t)(12 - (m0 - 1)) % 12;
            int y = y0 + (m0 - 1 + (int)off) / 12;
            for (size_t k = 0; k < years && (size_t)y % years; k++, y++)
                off += 12;
        }
    }
    return off < n ? off : 0;
}

/* Category labels wrapped to width: at most 3 lines each, no word wider
 * than the width.  *h gets the tallest. */
static int wrap_fits(chart_ctx *c, const chart_axes *a, double width, double *h)
{
    if (width < c->base * 2)
        return 0;
    chart_font wf = a->tf;
    wf.width = width;
    wf.align = CHART_CENTER;
    *h = 0;
    for (size_t i = 0; i < a->ch->n_periods; i++) {
        const char *s = a->ch->periods[i];
        /* each word on its own must fit */
        const char *p = s;
        while (*p) {
            while (*p == ' ')
                p++;
            size_t len = strcspn(p, " ");
            if (!len)
                break;
            char word[256];
            if (len >= sizeof word)
                return 0;
            memcpy(word, p, len);
            word[len] = '\0';
            double ww;
            chart_text_size(c, word, &a->tf, &ww, NULL);
            if (ww > width)
                return 0;
            p += len;
        }
        double lw, lh;
        if (chart_text_lines(c, s, &wf, &lw, &lh) > 3)
            return 0;
        *h = fmax(*h, lh);
    }
    return 1;
}

static void format_tick(const chart_axes *a, size_t i, char *buf, size_t size)
{
    incstat_chart_format_number(incstat_chart_tick_value(&a->t, i), a->t.decimals, buf, size);
}

void chart_axes_layout(chart_ctx *c, chart_axes *a, chart_rect r, double headroom,
                       double vmin, double vmax, int show_x, int show_y)
{
    const incstat_chart *ch = c->chart;
    size_t n = ch->n_periods;
    char buf[64];
    memset(&a->t, 0, sizeof a->t);
    a->c = c;
    a->ch = ch;
    a->r = r;
    a->tf = (chart_font){c->base * 0.85, 0, 0, 0, CHART_LEFT};
    a->kind = label_kind(ch);
    chart_text_size(c, "0123456789", &a->tf, NULL, &a->th);
    if (!(vmin <= vmax) || !isfinite(vmin) || !isfinite(vmax)) {
        vmin = 0;
        vmax = 1;
    }
    double mw = 0, yw = 0;
    int short_months = a->kind == 2 && months_of_one_year(ch);
    if (show_x) {
        for (size_t i = 0; i < n; i++) {
            double w;
            chart_text_size(c, short_months ? month_names[digits_value(ch->periods[i] + 5, 2) - 1]
                                            : ch->periods[i],
                            &a->tf, &w, NULL);
            mw = fmax(mw, w);
        }
        if (a->kind == 2)
            chart_text_size(c, "2000", &a->tf, &yw, NULL);
    }
    double gap = c->base * 0.7;
    double xl_h = show_x ? a->th * 1.7 : a->th * 0.6;
    a->rotate = 0;
    a->stride = 1;
    for (int iter = 0; iter < 4; iter++) {
        double used = xl_h;
        a->top = r.y0 + headroom;
        a->bottom = r.y1 - xl_h;
        if (a->bottom - a->top < a->th * 2)
            a->top = a->bottom - a->th * 2;
        double ph = a->bottom - a->top;
        size_t max_ticks = (size_t)fmax(2, fmin(9, floor(ph / (a->th * 2.6)) + 1));
        if (incstat_chart_nice_ticks(vmin, vmax, max_ticks, &a->t, NULL)) {
            a->t.lo = 0;
            a->t.hi = 1;
            a->t.step = 1;
            a->t.n = 2;
            a->t.decimals = 0;
        }
        double ylw = 0;
        if (show_y)
            for (size_t i = 0; i < a->t.n; i++) {
                double w;
                format_tick(a, i, buf, sizeof buf);
                chart_text_size(c, buf, &a->tf, &w, NULL);
                ylw = fmax(ylw, w);
            }
        a->left = r.x0 + (show_y ? ylw + c->base * 0.6 : 0);
        a->right = r.x1;
        a->slot = (a->right - a->left) / (double)n;
        if (!show_x) {
            a->stride = 0;
            break;
        }
        double lw = mw;
        if (a->kind == 2) {
            a->stride = month_stride(mw, yw, a->slot, gap);
            if (a->stride >= 12)
                lw = yw;
        } else {
            a->stride = incstat_chart_label_stride(mw, a->slot, gap);
        }
        a->rotate = 0;
        a->wrap = 0;
        double wrap_h = 0;
        if (a->kind == 0 && a->stride != 1 && wrap_fits(c, a, a->slot - c->base * 0.4, &wrap_h)) {
            a->wrap = a->slot - c->base * 0.4;
            a->stride = 1;
            xl_h = wrap_h + a->th * 0.7;
            if (fabs(xl_h - used) < 0.01)
                break;
            continue;
        }
        if (a->kind == 0 && a->stride != 1) {
            /* category names: turn them 45 degrees if that shows more of them;
             * neighbours are slot * stride / sqrt(2) apart across the text */
            size_t rs = incstat_chart_label_stride(a->th * 1.15 * 1.4142, a->slot, 0);
            if (rs && (a->stride == 0 || rs < a->stride)) {
                a->rotate = 1;
                a->stride = rs;
            }
        }
        if (a->rotate) {
            double reach = (lw + a->th * 0.5) * 0.7071;
            xl_h = reach + a->th * 0.9;
            double need = r.x0 + reach - a->slot / 2 - c->base;
            if (a->left < need) {
                a->left = need;
                a->slot = (a->right - a->left) / (double)n;
            }
        } else {
            double over = lw / 2 - a->slot / 2;
            xl_h = a->th * 1.7;
            if (over > 0) { /* the last label must not run off the right edge */
                a->right = r.x1 - over;
                a->slot = (a->right - a->left) / (double)n;
            }
        }
        if (fabs(xl_h - used) < 0.01)
            break;
    }
    /* the room the labels finally need (the ticks may be from the previous
     * round: they still cover the range) */
    a->bottom = r.y1 - xl_h;
    a->top = r.y0 + headroom;
    if (a->bottom - a->top < a->th * 2)
        a->top = a->bottom - a->th * 2;
    if (a->slot <= 0)
        a->slot = 1e-3;
    a->offset = label_offset(a);
}

double chart_axes_x(const chart_axes *a, double i)
{
    return a->left + (i + 0.5) * a->slot;
}

double chart_axes_y(const chart_axes *a, double v)
{
    return incstat_chart_map(v, a->t.lo, a->t.hi, a->bottom, a->top);
}

void chart_axes_grid(chart_ctx *c, const chart_axes *a, int show_y)
{
    cairo_t *cr = c->cr;
    char buf[64];
    cairo_set_line_width(cr, fmax(0.5, c->base * 0.07));
    chart_set_colour(c, c->th.grid, 1);
    for (size_t i = 0; i < a->t.n; i++) {
        double y = round(chart_axes_y(a, incstat_chart_tick_value(&a->t, i))) + 0.5;
        cairo_move_to(cr, a->left, y);
        cairo_line_to(cr, a->right, y);
    }
    cairo_stroke(cr);
    if (!show_y)
        return;
    for (size_t i = 0; i < a->t.n; i++) {
        format_tick(a, i, buf, sizeof buf);
        chart_text(c, buf, &a->tf, a->left - c->base * 0.6,
                   chart_axes_y(a, incstat_chart_tick_value(&a->t, i)), CHART_RIGHT,
                   CHART_MIDDLE, c->th.muted);
    }
}

/* Boxes of the y tick labels (obstacles for value labels). */
size_t chart_axes_tick_boxes(chart_ctx *c, const chart_axes *a, incstat_chart_box *out)
{
    char buf[64];
    for (size_t i = 0; i < a->t.n; i++) {
        double w, h, y = chart_axes_y(a, incstat_chart_tick_value(&a->t, i));
        format_tick(a, i, buf, sizeof buf);
        chart_text_size(c, buf, &a->tf, &w, &h);
        double x1 = a->left - c->base * 0.6;
        out[i] = (incstat_chart_box){x1 - w, y - h / 2, x1, y + h / 2};
    }
    return a->t.n;
}

/* The zero line, over the data. */
void chart_axes_baseline(chart_ctx *c, const chart_axes *a)
{
    double v = a->t.lo > 0 ? a->t.lo : a->t.hi < 0 ? a->t.hi : 0;
    double y = round(chart_axes_y(a, v)) + 0.5;
    cairo_set_line_width(c->cr, fmax(0.8, c->base * 0.1));
    chart_set_colour(c, c->th.axis, 1);
    cairo_move_to(c->cr, a->left, y);
    cairo_line_to(c->cr, a->right, y);
    cairo_stroke(c->cr);
}

void chart_axes_xlabels(chart_ctx *c, const chart_axes *a)
{
    char buf[8];
    if (!a->stride)
        return;
    double y = a->bottom + a->th * 0.45;
    for (size_t i = a->offset; i < a->ch->n_periods; i += a->stride) {
        const char *s = shown_label(a, i, buf);
        double x = chart_axes_x(a, (double)i);
        /* a small tick under the labelled slot when not every slot is labelled */
        if (a->stride > 1) {
            chart_set_colour(c, c->th.axis, 1);
            cairo_set_line_width(c->cr, fmax(0.6, c->base * 0.07));
            cairo_move_to(c->cr, round(x) + 0.5, a->bottom);
            cairo_line_to(c->cr, round(x) + 0.5, a->bottom + a->th * 0.3);
            cairo_stroke(c->cr);
        }
        if (a->rotate) {
            chart_text_rotated(c, s, &a->tf, x + a->th * 0.3, y + a->th * 0.2, c->th.muted);
        } else if (a->wrap > 0) {
            chart_font wf = a->tf;
            wf.width = a->wrap;
            wf.align = CHART_CENTER;
            chart_text(c, s, &wf, x, y, CHART_CENTER, CHART_TOP, c->th.muted);
        } else
            chart_text(c, s, &a->tf, x, y, CHART_CENTER, CHART_TOP, c->th.muted);
    }
}

/* Y label above the tick labels; returns the height taken. */
double chart_y_label(chart_ctx *c, chart_rect r)
{
    const char *yl = c->chart->text[INCSTAT_CHART_TEXT_Y_LABEL];
    if (!yl || !*yl)
        return 0;
    chart_font f = {c->base * 0.85, 0, r.x1 - r.x0, 1, CHART_LEFT};
    incstat_chart_box b = chart_text(c, yl, &f, r.x0, r.y0, CHART_LEFT, CHART_TOP, c->th.muted);
    return b.y1 - b.y0 + c->base * 0.5;
}

double chart_stub_height(const chart_ctx *c, const chart_axes *a)
{
    return fmin(c->base * 0.4, (a->bottom - a->top) * 0.05);
}

void chart_missing_stub(chart_ctx *c, const chart_axes *a, double xc, double bw)
{
    double h = chart_stub_height(c, a);
    double y0 = chart_axes_y(a, 0 > a->t.lo ? 0 : a->t.lo);
    chart_hatch_rect(c, xc - bw / 2, y0 - h, bw, h, c->th.missing, 0.15);
}
