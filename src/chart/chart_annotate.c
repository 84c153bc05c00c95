/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_annotate.c: what the period kinds (chart_periods.c) put
 * over their data besides the data: labels placed clear of each other and
 * of the bars (value labels, and the labels of periods), and the
 * annotations of a chart about one claim: whiskers of a low-high range over
 * bars, shaded windows, dashed thresholds, a highlighted point; and where a
 * trend's band runs beyond the plot, the marks of the cut. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart/chart_internal.h"

/* ---- bars and labels ---------------------------------------------------------- */

double chart_bar_width(const chart_axes *a)
{
    double bw = a->slot * (a->ch->n_periods > 1 ? 0.74 : 0.4);
    if (a->slot - bw < 1)
        bw = a->slot - 1;
    if (bw < a->slot * 0.5)
        bw = a->slot * 0.5;
    return bw;
}


int chart_labels_init(chart_ctx *c, chart_label_set *L, size_t cap)
{
    memset(L, 0, sizeof *L);
    L->box = incstat_reallocarray(NULL, cap, sizeof *L->box);
    L->prio = incstat_reallocarray(NULL, cap, sizeof *L->prio);
    L->keep = incstat_malloc(cap);
    L->text = incstat_reallocarray(NULL, cap, sizeof *L->text);
    L->strs = incstat_reallocarray(NULL, cap, sizeof *L->strs);
    L->col = incstat_reallocarray(NULL, cap, sizeof *L->col);
    L->bold = incstat_reallocarray(NULL, cap, sizeof *L->bold);
    L->size = incstat_reallocarray(NULL, cap, sizeof *L->size);
    L->cap = cap;
    if (!L->box || !L->prio || !L->keep || !L->text || !L->strs || !L->col || !L->bold ||
        !L->size) {
        c->nomem = 1;
        return 0;
    }
    return 1;
}

void chart_labels_free(chart_label_set *L)
{
    incstat_free_mem(L->box);
    incstat_free_mem(L->prio);
    incstat_free_mem(L->keep);
    incstat_free_mem(L->text);
    incstat_free_mem(L->strs);
    incstat_free_mem(L->col);
    incstat_free_mem(L->bold);
    incstat_free_mem(L->size);
}

void chart_labels_fixed(chart_label_set *L, incstat_chart_box b)
{
    if (L->n < L->cap) {
        L->box[L->n] = b;
        L->prio[L->n] = INFINITY;
        L->text[L->n] = NULL;
        L->n++;
        L->n_fixed = L->n;
    }
}

/* A candidate centred on x with its bottom (above) or top (below) at y,
 * kept inside [xmin, xmax]. */
void chart_labels_add(chart_ctx *c, chart_label_set *L, const char *s, const chart_font *f,
                      double x, double y, int above, double xmin, double xmax, double prio,
                      chart_rgb col)
{
    if (L->n >= L->cap)
        return;
    double w, h;
    chart_text_size(c, s, f, &w, &h);
    double x0 = x - w / 2;
    if (x0 + w > xmax)
        x0 = xmax - w;
    if (x0 < xmin)
        x0 = xmin;
    double y0 = above ? y - h : y;
    size_t k = L->n++;
    L->box[k] = (incstat_chart_box){x0, y0, x0 + w, y0 + h};
    L->prio[k] = prio;
    snprintf(L->strs[k], sizeof L->strs[k], "%s", s); /* annotation labels: cut at 95 bytes */
    L->text[k] = L->strs[k];
    L->col[k] = col;
    L->bold[k] = f->bold;
    L->size[k] = f->size;
}

void chart_labels_draw(chart_ctx *c, chart_label_set *L, double pad)
{
    incstat_chart_place_labels(L->box, L->n, L->n_fixed, L->prio, pad, L->keep);
    for (size_t i = L->n_fixed; i < L->n; i++) {
        if (!L->keep[i])
            continue;
        chart_font f = {L->size[i], L->bold[i], 0, 0, CHART_LEFT};
        chart_text(c, L->text[i], &f, L->box[i].x0, L->box[i].y0, CHART_LEFT, CHART_TOP,
                   L->col[i]);
    }
}

/* ---- annotations (incstat_chart_set_highlight, _add_window, _add_threshold,
 * _add_label) -------------------------------------------------------------------- */

/* The label incstat_chart_add_label gave period i (the last one given), or
 * NULL. */
const char *chart_period_label(const incstat_chart *ch, size_t i)
{
    for (size_t k = ch->n_labels; k-- > 0;)
        if (ch->labels[k].period == i)
            return ch->labels[k].label;
    return NULL;
}

/* The highest value drawn at period i: the series and the range's high;
 * NaN when none is known. */
static double period_top(const incstat_chart *ch, size_t i)
{
    double t = NAN;
    for (size_t s = 0; s < ch->n_series; s++)
        if (isfinite(ch->series[s].v[i]) && !(t >= ch->series[s].v[i]))
            t = ch->series[s].v[i];
    if (ch->range_hi && isfinite(ch->range_hi[i]) && !(t >= ch->range_hi[i]))
        t = ch->range_hi[i];
    return t;
}

/* BAR with a range: whiskers from low to high over each bar, obstacles for
 * the labels. */
void chart_draw_whiskers(chart_ctx *c, const chart_axes *a, chart_label_set *L)
{
    const incstat_chart *ch = c->chart;
    double cap = fmin(chart_bar_width(a) * 0.25, c->base * 0.45);
    cairo_set_line_width(c->cr, fmax(1, c->base * 0.12));
    chart_set_colour(c, c->th.fg, 0.75);
    for (size_t i = 0; i < ch->n_periods; i++) {
        double lo = ch->range_lo[i], hi = ch->range_hi[i];
        if (!isfinite(lo) || !isfinite(hi) || chart_period_missing(ch, i) || lo == hi)
            continue;
        double x = chart_axes_x(a, (double)i);
        double y0 = chart_axes_y(a, lo), y1 = chart_axes_y(a, hi);
        cairo_move_to(c->cr, x, y0);
        cairo_line_to(c->cr, x, y1);
        cairo_move_to(c->cr, x - cap, y0);
        cairo_line_to(c->cr, x + cap, y0);
        cairo_move_to(c->cr, x - cap, y1);
        cairo_line_to(c->cr, x + cap, y1);
        chart_labels_fixed(L, (incstat_chart_box){x - cap, fmin(y0, y1), x + cap, fmax(y0, y1)});
    }
    cairo_stroke(c->cr);
}

static chart_font window_font(const chart_ctx *c)
{
    return (chart_font){c->base * 0.8, 0, 0, 1, CHART_LEFT};
}

/* Shaded windows behind the data, each reaching up to its label, which sits
 * in the row whose top is label_top (above the headroom of the value
 * labels). */
void chart_draw_windows(chart_ctx *c, const chart_axes *a, double label_top, double row_h)
{
    const incstat_chart *ch = c->chart;
    for (size_t k = 0; k < ch->n_windows; k++) {
        const chart_window *w = &ch->windows[k];
        double x0 = chart_axes_x(a, (double)w->first - 0.5);
        double x1 = chart_axes_x(a, (double)w->last + 0.5);
        int labelled = w->label && *w->label;
        double top = labelled ? label_top : a->top;
        chart_set_colour(c, c->th.muted, c->th.dark ? 0.16 : 0.09);
        cairo_rectangle(c->cr, x0, top, x1 - x0, a->bottom - top);
        cairo_fill(c->cr);
        if (!labelled)
            continue;
        chart_font f = window_font(c);
        double tw;
        chart_text_size(c, w->label, &f, &tw, NULL);
        /* centred on the window, inside the plot; ellipsized when wider */
        double room = a->r.x1 - a->left;
        if (tw > room) {
            f.width = room;
            tw = room;
        }
        double xl = fmax(a->left, fmin((x0 + x1) / 2 - tw / 2, a->r.x1 - tw));
        chart_text(c, w->label, &f, xl, top + row_h * 0.08, CHART_LEFT, CHART_TOP, c->th.fg);
    }
}

/* Dashed lines at the thresholds. */
void chart_draw_threshold_lines(chart_ctx *c, const chart_axes *a)
{
    const incstat_chart *ch = c->chart;
    if (!ch->n_thresholds)
        return;
    double dash[2] = {c->base * 0.55, c->base * 0.35};
    cairo_set_line_width(c->cr, fmax(1.1, c->base * 0.14));
    chart_set_colour(c, c->th.fg, 0.85);
    cairo_set_dash(c->cr, dash, 2, 0);
    for (size_t k = 0; k < ch->n_thresholds; k++) {
        double y = chart_axes_y(a, ch->thresholds[k].value);
        cairo_move_to(c->cr, a->left, y);
        cairo_line_to(c->cr, a->right, y);
    }
    cairo_stroke(c->cr);
    cairo_set_dash(c->cr, NULL, 0, 0);
}

/* The first box of obstacles L->box[0..L->n) that b overlaps, or L->n. */
static size_t first_overlap(const chart_label_set *L, const incstat_chart_box *b, double pad)
{
    incstat_chart_box x = {b->x0 - pad, b->y0 - pad, b->x1 + pad, b->y1 + pad};
    for (size_t k = 0; k < L->n; k++)
        if (chart_boxes_overlap(&x, &L->box[k]))
            return k;
    return L->n;
}

/* The thresholds' labels, placed after the labels of periods and before
 * any value label (an obstacle for them): above the line, else below it,
 * at the first place from its right end leftwards clear of what L holds
 * (bars, whiskers, labels); at the right end over what is there when none
 * is. */
void chart_place_threshold_labels(chart_ctx *c, const chart_axes *a, chart_label_set *L)
{
    const incstat_chart *ch = c->chart;
    chart_font f = {c->base * 0.8, 1, 0, 0, CHART_LEFT};
    double pad = c->base * 0.25;
    for (size_t k = 0; k < ch->n_thresholds; k++) {
        const char *lab = ch->thresholds[k].label;
        if (!lab || !*lab)
            continue;
        double w, h, y = chart_axes_y(a, ch->thresholds[k].value);
        chart_text_size(c, lab, &f, &w, &h);
        incstat_chart_box pick = {a->right - w - pad, y - h - pad * 0.4, a->right - pad,
                                  y - pad * 0.4};
        int found = 0;
        double step = fmax(a->slot / 2, c->base);
        for (double x1 = a->right - pad; !found && x1 - w >= a->left; x1 -= step)
            for (int below = 0; below < 2 && !found; below++) {
                incstat_chart_box b = {x1 - w, below ? y + pad * 0.4 : y - h - pad * 0.4, x1,
                                       below ? y + pad * 0.4 + h : y - pad * 0.4};
                if (b.y0 >= a->r.y0 && b.y1 <= a->bottom &&
                    first_overlap(L, &b, pad * 0.5) == L->n) {
                    pick = b;
                    found = 1;
                }
            }
        chart_set_colour(c, c->th.bg, 0.85);
        cairo_rectangle(c->cr, pick.x0 - 2, pick.y0, pick.x1 - pick.x0 + 4, pick.y1 - pick.y0);
        cairo_fill(c->cr);
        chart_text(c, lab, &f, pick.x0, pick.y0, CHART_LEFT, CHART_TOP, c->th.fg);
        chart_labels_fixed(L, pick);
    }
}

static chart_font annotation_font(const chart_ctx *c)
{
    return (chart_font){c->base * 0.85, 1, 0, 0, CHART_LEFT};
}

/* The labels of periods (incstat_chart_add_label), placed before any value
 * label and kept as obstacles for them: each as low as it goes above what
 * is drawn at its period, centred on it or running to its left or right,
 * clear of bars, whiskers and the labels placed before it; a label raised
 * well above its period gets a thin leader line down to it.  Call when
 * every entry of L is an obstacle (no candidate added yet). */
void chart_place_annotations(chart_ctx *c, const chart_axes *a, chart_label_set *L)
{
    const incstat_chart *ch = c->chart;
    chart_font f = annotation_font(c);
    double gap = c->base * 0.3, pad = c->base * 0.15;
    for (size_t i = 0; i < ch->n_periods; i++) {
        const char *lab = chart_period_label(ch, i);
        if (!lab || !*lab)
            continue;
        double top = period_top(ch, i);
        double anchor = chart_axes_y(a, isfinite(top) && top > 0 ? top : 0) - gap;
        if (ch->kind != INCSTAT_CHART_BAR)
            anchor -= c->base * 0.3; /* clear of the point */
        double w, h, x = chart_axes_x(a, (double)i);
        chart_text_size(c, lab, &f, &w, &h);
        double lo = a->left, hi = a->r.x1 - w;
        double opt[3] = {x - w / 2, x + a->slot * 0.35 - w, x - a->slot * 0.35};
        incstat_chart_box best = {0, 0, 0, 0};
        int found = 0;
        for (int o = 0; o < 3; o++) {
            double x0 = fmax(lo, fmin(opt[o], hi));
            double bottom = anchor;
            for (int step = 0; step < 64 && bottom - h >= a->r.y0; step++) {
                incstat_chart_box b = {x0, bottom - h, x0 + w, bottom};
                size_t k = first_overlap(L, &b, pad);
                if (k == L->n) {
                    if (!found || b.y1 > best.y1 + 0.5) {
                        best = b;
                        found = 1;
                    }
                    break;
                }
                bottom = fmin(bottom, L->box[k].y0 - pad * 2 - 0.01);
            }
        }
        if (!found) { /* no room anywhere: at the top, over what is there */
            double x0 = fmax(lo, fmin(opt[0], hi));
            best = (incstat_chart_box){x0, a->r.y0, x0 + w, a->r.y0 + h};
        }
        if (best.y1 < anchor - h * 0.5) { /* raised: a leader down to its period */
            chart_set_colour(c, c->th.muted, 0.8);
            cairo_set_line_width(c->cr, fmax(0.6, c->base * 0.06));
            cairo_move_to(c->cr, x, best.y1 + 1);
            cairo_line_to(c->cr, x, anchor + gap * 0.6);
            cairo_stroke(c->cr);
        }
        chart_set_colour(c, c->th.bg, 0.85);
        cairo_rectangle(c->cr, best.x0 - 1, best.y0, best.x1 - best.x0 + 2, best.y1 - best.y0);
        cairo_fill(c->cr);
        chart_rgb col = ch->has_highlight && ch->highlight == i ? c->th.accent : c->th.fg;
        chart_text(c, lab, &f, best.x0, best.y0, CHART_LEFT, CHART_TOP, col);
        chart_labels_fixed(L, best);
    }
}

/* LINE, RANGE: the highlighted period's point, larger and in the accent
 * colour, over the others. */
void chart_highlight_point(chart_ctx *c, const chart_axes *a)
{
    const incstat_chart *ch = c->chart;
    if (!ch->has_highlight || !ch->n_series)
        return;
    size_t i = ch->highlight;
    double v = ch->series[0].v[i];
    if (!isfinite(v) || chart_period_missing(ch, i))
        return;
    double rad = fmin(c->base * 0.45, fmax(2, a->slot * 0.3));
    cairo_new_sub_path(c->cr);
    cairo_arc(c->cr, chart_axes_x(a, (double)i), chart_axes_y(a, v), rad, 0, 2 * CHART_PI);
    chart_set_colour(c, c->th.accent, 1);
    cairo_fill_preserve(c->cr);
    chart_set_colour(c, c->th.bg, 1);
    cairo_set_line_width(c->cr, fmax(0.8, rad * 0.25));
    cairo_stroke(c->cr);
}

/* ---- a trend cut at the plot's edge ------------------------------------------------- */

/* LINE: what runs beyond the plot: the band, or the trend line when it has
 * no band. */
static const double *cut_hi(const incstat_chart *ch)
{
    return ch->trend_hi ? ch->trend_hi : ch->trend;
}

static const double *cut_lo(const incstat_chart *ch)
{
    return ch->trend_lo ? ch->trend_lo : ch->trend;
}

/* 1 where period i runs above the plot, -1 below, else 0. */
static int cut_side(const chart_axes *a, const incstat_chart *ch, size_t i)
{
    const double *hi = cut_hi(ch), *lo = cut_lo(ch);
    double eps = (a->t.hi - a->t.lo) * 1e-9;
    if (hi && isfinite(hi[i]) && hi[i] > a->t.hi + eps)
        return 1;
    if (lo && isfinite(lo[i]) && lo[i] < a->t.lo - eps)
        return -1;
    return 0;
}

/* Where the band (or trend) is cut: small triangles at the plot's edge over
 * each run of periods beyond it, pointing the way it goes, and above the
 * plot (label_top: the top of the row kept for it) how far it reaches:
 * "band cut: reaches 2,450".  A cut edge must not read as a bound the band
 * levels off at. */
void chart_draw_cuts(chart_ctx *c, const chart_axes *a, double label_top)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    size_t n = ch->n_periods;
    double s = fmin(c->base * 0.6, fmax(2.5, a->slot * 0.4));
    chart_font f = {c->base * 0.78, 0, 0, 0, CHART_LEFT};
    incstat_chart_box kept[16];
    size_t nk = 0;
    for (size_t i = 0; i < n;) {
        int side = cut_side(a, ch, i);
        if (!side) {
            i++;
            continue;
        }
        size_t j = i;
        double reach = side > 0 ? -INFINITY : INFINITY;
        const double *v = side > 0 ? cut_hi(ch) : cut_lo(ch);
        while (j < n && cut_side(a, ch, j) == side) {
            reach = side > 0 ? fmax(reach, v[j]) : fmin(reach, v[j]);
            j++;
        }
        double y = side > 0 ? a->top : a->bottom;
        double x0 = chart_axes_x(a, (double)i) - (i == j - 1 ? a->slot * 0.3 : 0);
        double x1 = chart_axes_x(a, (double)(j - 1)) + (i == j - 1 ? a->slot * 0.3 : 0);
        chart_set_colour(c, c->th.accent, 1);
        /* a triangle every period, or fewer when periods are narrow */
        size_t every = a->slot >= s * 2.2 ? 1 : (size_t)ceil(s * 2.2 / a->slot);
        for (size_t k = i; k < j; k += every) {
            double x = chart_axes_x(a, (double)k);
            cairo_move_to(cr, x, y + side * 1.0);
            cairo_line_to(cr, x - s / 2, y + side * (1.0 + s * 0.9));
            cairo_line_to(cr, x + s / 2, y + side * (1.0 + s * 0.9));
            cairo_close_path(cr);
        }
        cairo_fill(cr);
        /* how far it reaches: above the plot for the top, inside it over
         * the triangles for the bottom */
        char num[48], lab[96];
        incstat_chart_format_number(reach, fabs(reach) < 10 && reach != floor(reach) ? 1 : 0, num,
                                    sizeof num);
        snprintf(lab, sizeof lab, "%s %s cut: reaches %s", side > 0 ? "\u25b2" : "\u25bc",
                 ch->trend_lo ? "band" : "trend", num);
        double w, h;
        chart_text_size(c, lab, &f, &w, &h);
        double lx = fmax(a->left, fmin((x0 + x1) / 2 - w / 2, a->r.x1 - w));
        double ly = side > 0 ? label_top : y - s * 1.2 - h;
        incstat_chart_box b = {lx, ly, lx + w, ly + h};
        int clear = 1;
        for (size_t k = 0; k < nk && clear; k++)
            clear = !chart_boxes_overlap(&b, &kept[k]);
        if (clear) {
            chart_text(c, lab, &f, lx, ly, CHART_LEFT, CHART_TOP, c->th.accent);
            if (nk < 16)
                kept[nk++] = b;
        }
        i = j;
    }
}
