/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_panels.c: HEATMAP (a year x month grid with a colour key) and
 * MULTIPLES (one small panel per series, shared axes). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chart/chart_internal.h"

/* ---- heatmap -------------------------------------------------------------- */

static int is_year(const char *s)
{
    return strlen(s) == 4 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
           s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9';
}

/* First row labelled: a year that is a multiple of the stride, if years. */
static size_t year_offset(char *const *labels, size_t n, size_t stride)
{
    if (stride <= 1 || !is_year(labels[0]))
        return 0;
    size_t y0 = (size_t)atoi(labels[0]);
    size_t off = (stride - y0 % stride) % stride;
    return off < n ? off : 0;
}

static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int default_months(const incstat_chart *ch)
{
    if (ch->cols != 12)
        return 0;
    for (size_t j = 0; j < 12; j++)
        if (strcmp(ch->col_labels[j], months[j]) != 0)
            return 0;
    return 1;
}

/* ---- colour classes ----------------------------------------------------------- */

/* The round number (1, 2 or 5 times a power of ten) nearest x on a log
 * scale; x > 0. */
static double nearest_round(double x)
{
    double p = pow(10, floor(log10(x)));
    static const double m[] = {1, 2, 5, 10};
    double best = p, bd = INFINITY;
    for (int k = 0; k < 4; k++) {
        double d = fabs(log(x / (m[k] * p)));
        if (d < bd) {
            bd = d;
            best = m[k] * p;
        }
    }
    return best;
}

/* The smallest round number at least x (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8
 * times a power of ten): where marks start. */
static double round_at_least(double x)
{
    static const double m[] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10};
    double p = pow(10, floor(log10(x)));
    for (int k = 0; k < 11; k++)
        if (m[k] * p >= x * (1 - 1e-9))
            return m[k] * p;
    return 10 * p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define HEAT_SAMPLE 4096

void chart_heat_classes_(const double *v, size_t n, chart_heat_classes *hc)
{
    double pos[HEAT_SAMPLE];
    size_t np = 0, finite = 0, stride = n > HEAT_SAMPLE ? n / HEAT_SAMPLE + 1 : 1;
    memset(hc, 0, sizeof *hc);
    hc->mark = INFINITY;
    hc->integers = 1;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        finite++;
        if (v[i] != floor(v[i]))
            hc->integers = 0;
        if (v[i] <= 0)
            hc->zero = 1;
        else if (i % stride == 0 && np < HEAT_SAMPLE)
            pos[np++] = v[i];
    }
    if (!finite)
        return;
    size_t k = 0;
    if (hc->zero)
        hc->lo[k++] = 0;
    if (!np) {
        hc->n = k;
        return;
    }
    qsort(pos, np, sizeof *pos, cmp_double);
    /* the first positive class starts above 0; the others at round numbers
     * near the quantiles 1/5 .. 4/5 of the values above 0, each above the
     * one before and below the largest value (no empty class) */
    hc->lo[k++] = hc->integers ? 1 : pos[0] < 1 ? pos[0] : 1e-9;
    size_t first_pos = k - 1;
    for (int q = 1; q < 5; q++) {
        double t = pos[(size_t)((double)q / 5 * (double)(np - 1) + 0.5)];
        double b = nearest_round(t);
        if (b > hc->lo[k - 1] && b <= pos[np - 1] && (!hc->integers || b >= 2) &&
            k < CHART_HEAT_MAX_CLASSES)
            hc->lo[k++] = b;
    }
    if (k - first_pos == 1 && !hc->integers)
        hc->lo[first_pos] = pos[0]; /* one class: it starts at the smallest value */
    hc->n = k;
    /* marks: far above the top class's lower bound, at most 8 cells */
    double top = hc->lo[k - 1];
    if (k - first_pos < 2)
        return;
    double t = round_at_least(top * 1.5);
    for (;;) {
        size_t above = 0;
        for (size_t i = 0; i < n; i++)
            above += isfinite(v[i]) && v[i] > t;
        if (above <= 8) {
            if (above) {
                hc->mark = t;
                hc->n_marked = above;
            }
            break;
        }
        t = round_at_least(t * (1 + 1e-6));
    }
}

size_t chart_heat_class_of(const chart_heat_classes *hc, double x)
{
    if (!isfinite(x) || !hc->n)
        return hc->n;
    size_t k = 0;
    while (k + 1 < hc->n && x >= hc->lo[k + 1])
        k++;
    return k;
}

void chart_heat_class_label(const chart_heat_classes *hc, size_t k, char *buf, size_t cap)
{
    char a[48], b[48];
    if (k >= hc->n) {
        snprintf(buf, cap, "?");
        return;
    }
    if (hc->zero && k == 0) {
        snprintf(buf, cap, "0");
        return;
    }
    double lo = hc->lo[k];
    int first = k == (size_t)(hc->zero ? 1 : 0);
    if (k + 1 == hc->n) { /* open-ended */
        if (first && !hc->integers)
            snprintf(buf, cap, "above 0");
        else {
            incstat_chart_format_number(lo, lo == floor(lo) ? 0 : 1, a, sizeof a);
            snprintf(buf, cap, "%s or more", a);
        }
        return;
    }
    double hi = hc->lo[k + 1];
    if (hc->integers) {
        incstat_chart_format_number(lo, 0, a, sizeof a);
        incstat_chart_format_number(hi - 1, 0, b, sizeof b);
        if (hi - 1 <= lo)
            snprintf(buf, cap, "%s", a);
        else
            snprintf(buf, cap, "%s\u2013%s", a, b);
    } else if (first) {
        incstat_chart_format_number(hi, hi == floor(hi) ? 0 : 1, b, sizeof b);
        snprintf(buf, cap, "under %s", b);
    } else {
        incstat_chart_format_number(lo, lo == floor(lo) ? 0 : 1, a, sizeof a);
        incstat_chart_format_number(hi, hi == floor(hi) ? 0 : 1, b, sizeof b);
        snprintf(buf, cap, "%s to under %s", a, b);
    }
}

/* The colour of class k: 0 alone a light neutral, then the sequential
 * scale from light to dark (on paper). */
chart_rgb chart_heat_class_colour(const chart_ctx *c, const chart_heat_classes *hc, size_t k)
{
    if (hc->zero && k == 0)
        return chart_mix(c->th.bg, c->th.muted, 0.13);
    size_t first = hc->zero ? 1 : 0, m = hc->n - first;
    double t = m > 1 ? 0.1 + 0.9 * (double)(k - first) / (double)(m - 1) : 0.6;
    return chart_sequential(c, t);
}

static int is_dark(chart_rgb x)
{
    return 0.2126 * x.r + 0.7152 * x.g + 0.0722 * x.b < 0.45;
}

void chart_heatmap_footnote(chart_ctx *c, chart_buf *out)
{
    const incstat_chart *ch = c->chart;
    chart_heat_classes hc;
    chart_heat_classes_(ch->grid, ch->rows * ch->cols, &hc);
    if (hc.n_marked) {
        char num[48], s[160];
        incstat_chart_format_number(hc.mark, hc.mark == floor(hc.mark) ? 0 : 1, num, sizeof num);
        snprintf(s, sizeof s, "Cells above %s show their number, or a dot where it does not fit "
                 "(the top class is open-ended).", num);
        chart_buf_str(out, s);
    }
    const char *note = ch->text[INCSTAT_CHART_TEXT_NOTE];
    if (note && *note) {
        if (out->len)
            chart_buf_str(out, "  ");
        chart_buf_str(out, note);
    }
}

/* ---- the key ------------------------------------------------------------------ */

typedef struct {
    char label[CHART_HEAT_MAX_CLASSES + 1][64]; /* the classes, then "no data" */
    size_t n;
    int any_nan;
    double sw, sh;   /* swatch */
    double row_h;    /* one row of the vertical key */
    double label_w;  /* the widest label */
    double title_h;
} heat_key;

static void key_measure(chart_ctx *c, const chart_heat_classes *hc, int any_nan,
                        const chart_font *tf, heat_key *k)
{
    memset(k, 0, sizeof *k);
    for (size_t i = 0; i < hc->n; i++)
        chart_heat_class_label(hc, i, k->label[i], sizeof k->label[i]);
    k->n = hc->n;
    k->any_nan = any_nan;
    if (any_nan)
        snprintf(k->label[k->n++], sizeof k->label[0], "no data");
    double th;
    chart_text_size(c, "0123456789", tf, NULL, &th);
    k->sw = c->base * 1.1;
    k->sh = th * 0.75;
    k->row_h = th * 1.3;
    for (size_t i = 0; i < k->n; i++) {
        double w;
        chart_text_size(c, k->label[i], tf, &w, NULL);
        k->label_w = fmax(k->label_w, w);
    }
}

static void key_swatch(chart_ctx *c, const chart_heat_classes *hc, const heat_key *k, size_t i,
                       double x, double y)
{
    if (k->any_nan && i == k->n - 1) {
        chart_hatch_rect(c, x, y, k->sw, k->sh, c->th.missing, 0.12);
        return;
    }
    chart_set_colour(c, chart_heat_class_colour(c, hc, i), 1);
    cairo_rectangle(c->cr, x, y, k->sw, k->sh);
    cairo_fill(c->cr);
}

/* The key flowed in rows from (x, y) across width (when the grid leaves no
 * room for it beside it); returns the height used (draw 0: measure only). */
static double key_rows(chart_ctx *c, const chart_heat_classes *hc, const heat_key *k,
                       const chart_font *tf, double x, double y, double width, int draw)
{
    double cx = x, cy = y, gap = c->base * 0.4, sep = c->base * 1.0;
    for (size_t i = 0; i < k->n; i++) {
        double w;
        chart_text_size(c, k->label[i], tf, &w, NULL);
        if (cx > x && cx + k->sw + gap + w > x + width) {
            cx = x;
            cy += k->row_h;
        }
        if (draw) {
            key_swatch(c, hc, k, i, cx, cy + (k->row_h - k->sh) / 2 - k->row_h * 0.1);
            chart_text(c, k->label[i], tf, cx + k->sw + gap, cy, CHART_LEFT, CHART_TOP,
                       c->th.muted);
        }
        cx += k->sw + gap + w + sep;
    }
    return cy + k->row_h - y;
}

void chart_draw_heatmap(chart_ctx *c, chart_rect r)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    size_t R = ch->rows, C = ch->cols;
    int any_nan = 0;
    for (size_t k = 0; k < R * C; k++)
        any_nan |= !isfinite(ch->grid[k]);
    chart_heat_classes hc;
    chart_heat_classes_(ch->grid, R * C, &hc);

    chart_font tf = {c->base * 0.85, 0, 0, 0, CHART_LEFT};
    double th;
    chart_text_size(c, "0123456789", &tf, NULL, &th);
    heat_key key;
    key_measure(c, &hc, any_nan, &tf, &key);
    const char *kt = ch->text[INCSTAT_CHART_TEXT_UNIT];
    if (!kt || !*kt)
        kt = ch->text[INCSTAT_CHART_TEXT_Y_LABEL];
    int titled = kt && *kt;

    /* the key beside the grid when its rows fit the height, else in rows
     * under the grid: its labels never overlap */
    double key_w = key.sw + c->base * 0.4 + key.label_w;
    chart_font kf = tf;
    kf.width = fmax(key_w, c->base * 6);
    kf.max_lines = 2;
    double title_h = 0;
    if (titled) {
        chart_text_size(c, kt, &kf, NULL, &title_h);
        title_h += c->base * 0.3;
    }
    int beside = title_h + (double)key.n * key.row_h <= r.y1 - r.y0 &&
                 key_w <= (r.x1 - r.x0) * 0.35;
    double key_x = r.x1, below_h = 0;
    if (beside) {
        key_w = fmax(key_w, titled ? fmin(kf.width, c->base * 9) : 0);
        key_x = r.x1 - key_w;
    } else {
        chart_font one = tf;
        double tw = 0;
        if (titled)
            chart_text_size(c, kt, &one, &tw, NULL);
        double kx = r.x0 + tw + c->base;
        below_h = c->base * 0.6 + key_rows(c, &hc, &key, &tf, kx, 0, r.x1 - kx, 0);
    }

    /* rows and columns */
    double rlw = 0;
    for (size_t i = 0; i < R; i++) {
        double w;
        chart_text_size(c, ch->row_labels[i], &tf, &w, NULL);
        rlw = fmax(rlw, w);
    }
    double gx0 = r.x0 + rlw + c->base * 0.6, gx1 = beside ? key_x - c->base * 1.5 : r.x1;
    double gy0 = r.y0 + th * 1.35, gy1 = r.y1 - below_h;
    if (gx1 - gx0 < C)
        gx1 = gx0 + (double)C;
    if (gy1 - gy0 < R)
        gy1 = gy0 + (double)R;
    double cw = (gx1 - gx0) / (double)C;
    double chh = (gy1 - gy0) / (double)R;
    if (chh > cw * 0.9) { /* few rows: not taller than wide */
        chh = cw * 0.9;
        gy1 = gy0 + chh * (double)R;
    }
    double gap = fmax(0.5, fmin(2, fmin(cw, chh) * 0.08));

    chart_font mf = {fmin(c->base * 0.7, chh * 0.62), 1, 0, 0, CHART_LEFT};
    for (size_t i = 0; i < R; i++)
        for (size_t j = 0; j < C; j++) {
            double v = ch->grid[i * C + j];
            double x = gx0 + (double)j * cw, y = gy0 + (double)i * chh;
            if (!isfinite(v)) {
                chart_hatch_rect(c, x + gap / 2, y + gap / 2, cw - gap, chh - gap, c->th.missing,
                                 0.12);
                continue;
            }
            chart_rgb col = chart_heat_class_colour(c, &hc, chart_heat_class_of(&hc, v));
            chart_set_colour(c, col, 1);
            cairo_rectangle(cr, x + gap / 2, y + gap / 2, cw - gap, chh - gap);
            cairo_fill(cr);
            if (!(v > hc.mark))
                continue;
            /* an outlier: its number in the cell, or a dot where it does not fit */
            char num[48];
            double w, h;
            incstat_chart_format_number(v, v == floor(v) ? 0 : 1, num, sizeof num);
            chart_text_size(c, num, &mf, &w, &h);
            /* light on a dark cell, dark on a light one, whatever the theme */
            chart_rgb light = c->th.dark ? c->th.fg : c->th.bg, dark = c->th.dark ? c->th.bg : c->th.fg;
            chart_rgb ink = is_dark(col) ? light : dark;
            if (mf.size >= c->base * 0.55 && w <= cw - gap - 2 && h <= chh - gap) {
                chart_text(c, num, &mf, x + cw / 2, y + chh / 2, CHART_CENTER, CHART_MIDDLE, ink);
            } else {
                chart_set_colour(c, ink, 1);
                cairo_arc(cr, x + cw / 2, y + chh / 2, fmax(1, fmin(cw, chh) * 0.2), 0,
                          2 * CHART_PI);
                cairo_fill(cr);
            }
        }

    /* column labels above; shortened to one letter when months do not fit */
    double clw = 0;
    for (size_t j = 0; j < C; j++) {
        double w;
        chart_text_size(c, ch->col_labels[j], &tf, &w, NULL);
        clw = fmax(clw, w);
    }
    size_t cs = incstat_chart_label_stride(clw, cw, c->base * 0.4);
    int initials = 0;
    if (cs != 1 && default_months(ch)) {
        double w;
        chart_text_size(c, "M", &tf, &w, NULL);
        if (incstat_chart_label_stride(w, cw, c->base * 0.2) == 1) {
            initials = 1;
            cs = 1;
        }
    }
    for (size_t j = 0; cs && j < C; j += cs) {
        char one[2] = {ch->col_labels[j][0], '\0'};
        chart_text(c, initials ? one : ch->col_labels[j], &tf, gx0 + ((double)j + 0.5) * cw,
                   gy0 - th * 0.2, CHART_CENTER, CHART_BOTTOM, c->th.muted);
    }
    /* row labels on the left, thinned when rows are thinner than text */
    size_t rs = incstat_chart_label_stride(th, chh, c->base * 0.1);
    for (size_t i = year_offset(ch->row_labels, R, rs); rs && i < R; i += rs)
        chart_text(c, ch->row_labels[i], &tf, gx0 - c->base * 0.5,
                   gy0 + ((double)i + 0.5) * chh, CHART_RIGHT, CHART_MIDDLE, c->th.muted);

    /* the key */
    if (!beside) {
        double ky = gy1 + c->base * 0.6, kx = r.x0;
        if (titled) {
            chart_font one = tf;
            double tw;
            chart_text_size(c, kt, &one, &tw, NULL);
            chart_text(c, kt, &one, kx, ky, CHART_LEFT, CHART_TOP, c->th.muted);
            kx += tw + c->base;
        }
        key_rows(c, &hc, &key, &tf, kx, ky, r.x1 - kx, 1);
        return;
    }
    double ky = r.y0;
    if (titled) {
        kf.width = key_w;
        ky = chart_text(c, kt, &kf, key_x, r.y0, CHART_LEFT, CHART_TOP, c->th.muted).y1 +
             c->base * 0.3;
    }
    for (size_t i = 0; i < key.n; i++) {
        double y = ky + (double)i * key.row_h;
        key_swatch(c, &hc, &key, i, key_x, y + (key.row_h - key.sh) / 2 - key.row_h * 0.1);
        chart_text(c, key.label[i], &tf, key_x + key.sw + c->base * 0.4, y, CHART_LEFT, CHART_TOP,
                   c->th.muted);
    }
}

/* ---- small multiples ---------------------------------------------------------- */

void chart_draw_multiples(chart_ctx *c, chart_rect r)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    size_t n = ch->n_series, np = ch->n_periods;
    double vmin = 0, vmax = 0;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < np; i++)
            if (isfinite(ch->series[s].v[i])) {
                vmin = fmin(vmin, ch->series[s].v[i]);
                vmax = fmax(vmax, ch->series[s].v[i]);
            }
    if (vmin == vmax)
        vmax = vmin + 1;
    r.y0 += chart_y_label(c, r);

    chart_font tf = {c->base * 0.78, 0, 0, 0, CHART_LEFT};
    chart_font titlef = {c->base * 0.92, 1, 0, 1, CHART_LEFT};
    double th, tth;
    chart_text_size(c, "0123456789", &tf, NULL, &th);
    chart_text_size(c, "Ag", &titlef, NULL, &tth);
    double gx = c->base * 1.4, gy = c->base * 1.0;

    /* columns: panels near 1.6:1, at least 7 base sizes wide */
    size_t cols = 1;
    double best = INFINITY;
    for (size_t cc = 1; cc <= n; cc++) {
        size_t rr = (n + cc - 1) / cc;
        double pw = (r.x1 - r.x0 - gx * (double)(cc - 1)) / (double)cc;
        double ph = (r.y1 - r.y0 - gy * (double)(rr - 1)) / (double)rr;
        if (cc > 1 && pw < c->base * 7)
            break;
        double score = fabs(log((pw / ph) / 1.6));
        if (score < best) {
            best = score;
            cols = cc;
        }
    }
    size_t rows = (n + cols - 1) / cols;
    double ph = (r.y1 - r.y0 - gy * (double)(rows - 1)) / (double)rows;
    double plot_h = ph - tth - c->base * 0.35 - th * 1.5;
    size_t max_ticks = (size_t)fmax(2, fmin(4, floor(plot_h / (th * 2.4)) + 1));
    incstat_chart_ticks t;
    if (incstat_chart_nice_ticks(vmin, vmax, max_ticks, &t, NULL))
        t = (incstat_chart_ticks){0, 1, 1, 2, 0};
    char buf[64];
    double ylw = 0;
    for (size_t i = 0; i < t.n; i++) {
        double w;
        incstat_chart_format_number(incstat_chart_tick_value(&t, i), t.decimals, buf, sizeof buf);
        chart_text_size(c, buf, &tf, &w, NULL);
        ylw = fmax(ylw, w);
    }
    double x0 = r.x0 + ylw + c->base * 0.5;
    double pw = (r.x1 - x0 - gx * (double)(cols - 1)) / (double)cols;
    double lw = fmax(1.1, c->base * 0.15);
    char num[48];

    for (size_t s = 0; s < n; s++) {
        size_t row = s / cols, col = s % cols;
        double px = x0 + (double)col * (pw + gx), py = r.y0 + (double)row * (ph + gy);
        const double *v = ch->series[s].v;
        chart_font pf = titlef;
        pf.width = pw;
        chart_text(c, ch->series[s].name ? ch->series[s].name : "", &pf, px, py, CHART_LEFT,
                   CHART_TOP, c->th.fg);

        chart_axes a;
        memset(&a, 0, sizeof a);
        a.c = c;
        a.ch = ch;
        a.r = (chart_rect){px, py, px + pw, py + ph};
        a.left = px;
        a.right = px + pw;
        a.top = py + tth + c->base * 0.35 + th * 0.5;
        a.bottom = py + ph - th * 1.5;
        a.slot = pw / (double)np;
        a.th = th;
        a.t = t;
        a.tf = tf;
        chart_axes_grid(c, &a, col == 0);
        chart_rgb lc = c->th.line;

        /* area under the line over runs of present periods */
        double y0 = chart_axes_y(&a, 0);
        size_t i = 0;
        while (i < np) {
            while (i < np && (chart_period_missing(ch, i) || !isfinite(v[i])))
                i++;
            size_t j = i;
            while (j < np && !chart_period_missing(ch, j) && isfinite(v[j]))
                j++;
            if (j > i) {
                cairo_move_to(cr, chart_axes_x(&a, (double)i), y0);
                for (size_t k = i; k < j; k++)
                    cairo_line_to(cr, chart_axes_x(&a, (double)k), chart_axes_y(&a, v[k]));
                cairo_line_to(cr, chart_axes_x(&a, (double)(j - 1)), y0);
                cairo_close_path(cr);
                chart_set_colour(c, lc, 0.22);
                cairo_fill(cr);
                double dash[2] = {c->base * 0.3, c->base * 0.2};
                cairo_set_line_width(cr, lw);
                chart_set_colour(c, lc, 1);
                for (size_t k = i + 1; k < j; k++) {
                    int dashed = chart_period_partial(ch, k) || chart_period_partial(ch, k - 1);
                    cairo_set_dash(cr, dashed ? dash : NULL, dashed ? 2 : 0, 0);
                    cairo_move_to(cr, chart_axes_x(&a, (double)(k - 1)),
                                  chart_axes_y(&a, v[k - 1]));
                    cairo_line_to(cr, chart_axes_x(&a, (double)k), chart_axes_y(&a, v[k]));
                    cairo_stroke(cr);
                }
                cairo_set_dash(cr, NULL, 0, 0);
                if (j - i == 1) {
                    cairo_arc(cr, chart_axes_x(&a, (double)i), chart_axes_y(&a, v[i]), lw * 1.2,
                              0, 2 * CHART_PI);
                    cairo_fill(cr);
                }
            }
            i = j;
        }
        chart_axes_baseline(c, &a);

        /* the panel's peak: a dot and its value */
        size_t pk = np;
        for (size_t k = 0; k < np; k++)
            if (isfinite(v[k]) && !chart_period_missing(ch, k) && (pk == np || v[k] > v[pk]))
                pk = k;
        if (pk < np && v[pk] > 0) {
            double x = chart_axes_x(&a, (double)pk), y = chart_axes_y(&a, v[pk]);
            chart_set_colour(c, c->th.accent, 1);
            cairo_arc(cr, x, y, lw * 1.5, 0, 2 * CHART_PI);
            cairo_fill(cr);
            int dec = v[pk] == floor(v[pk]) ? 0 : 1;
            incstat_chart_format_number(v[pk], dec, num, sizeof num);
            double w, h;
            chart_text_size(c, num, &tf, &w, &h);
            double lx = fmax(a.left, fmin(x - w / 2, a.right - w));
            double ly = y - h - lw * 1.5;
            if (ly < py + tth) /* no room above: beside the dot */
                ly = y - h / 2, lx = x + lw * 2 + w <= a.right ? x + lw * 2 : x - lw * 2 - w;
            chart_text(c, num, &tf, lx, ly, CHART_LEFT, CHART_TOP, c->th.fg);
        }
        /* first and last period under the panel */
        double ly = a.bottom + th * 0.3;
        chart_text(c, ch->periods[0], &tf, a.left, ly, CHART_LEFT, CHART_TOP, c->th.muted);
        if (np > 1) {
            double w0, w1;
            chart_text_size(c, ch->periods[0], &tf, &w0, NULL);
            chart_text_size(c, ch->periods[np - 1], &tf, &w1, NULL);
            if (w0 + w1 + c->base < pw)
                chart_text(c, ch->periods[np - 1], &tf, a.right, ly, CHART_RIGHT, CHART_TOP,
                           c->th.muted);
        }
    }
}
