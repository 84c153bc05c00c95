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

void chart_draw_heatmap(chart_ctx *c, chart_rect r)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    size_t R = ch->rows, C = ch->cols;
    double vmin = 0, vmax = -INFINITY;
    int any_nan = 0;
    for (size_t k = 0; k < R * C; k++) {
        double v = ch->grid[k];
        if (isfinite(v)) {
            vmin = fmin(vmin, v);
            vmax = fmax(vmax, v);
        } else {
            any_nan = 1;
        }
    }
    if (!(vmax > vmin))
        vmax = vmin + 1;
    incstat_chart_ticks t;
    if (incstat_chart_nice_ticks(vmin, vmax, 6, &t, NULL))
        t = (incstat_chart_ticks){0, 1, 1, 2, 0};

    chart_font tf = {c->base * 0.85, 0, 0, 0, CHART_LEFT};
    double th;
    chart_text_size(c, "0123456789", &tf, NULL, &th);
    char buf[64];

    /* the key: title, colour bar with ticks, "no data" swatch */
    double tlw = 0;
    for (size_t i = 0; i < t.n; i++) {
        double w;
        incstat_chart_format_number(incstat_chart_tick_value(&t, i), t.decimals, buf, sizeof buf);
        chart_text_size(c, buf, &tf, &w, NULL);
        tlw = fmax(tlw, w);
    }
    double nd_w;
    chart_text_size(c, "no data", &tf, &nd_w, NULL);
    double bar_w = c->base * 0.9;
    double key_w = fmax(bar_w + c->base * 0.5 + tlw, any_nan ? bar_w + c->base * 0.4 + nd_w : 0);
    const char *kt = ch->text[INCSTAT_CHART_TEXT_UNIT];
    if (!kt || !*kt)
        kt = ch->text[INCSTAT_CHART_TEXT_Y_LABEL];
    double key_tw = 0;
    if (kt && *kt) {
        chart_text_size(c, kt, &tf, &key_tw, NULL);
        key_w = fmax(key_w, fmin(key_tw, c->base * 9));
    }
    double key_x = r.x1 - key_w;

    /* rows and columns */
    double rlw = 0;
    for (size_t i = 0; i < R; i++) {
        double w;
        chart_text_size(c, ch->row_labels[i], &tf, &w, NULL);
        rlw = fmax(rlw, w);
    }
    double gx0 = r.x0 + rlw + c->base * 0.6, gx1 = key_x - c->base * 1.5;
    double gy0 = r.y0 + th * 1.35, gy1 = r.y1;
    if (gx1 - gx0 < C)
        gx1 = gx0 + (double)C;
    double cw = (gx1 - gx0) / (double)C;
    double chh = (gy1 - gy0) / (double)R;
    if (chh > cw * 0.9) { /* few rows: not taller than wide */
        chh = cw * 0.9;
        gy1 = gy0 + chh * (double)R;
    }
    double gap = fmax(0.5, fmin(2, fmin(cw, chh) * 0.08));

    for (size_t i = 0; i < R; i++)
        for (size_t j = 0; j < C; j++) {
            double v = ch->grid[i * C + j];
            double x = gx0 + (double)j * cw, y = gy0 + (double)i * chh;
            if (!isfinite(v)) {
                chart_hatch_rect(c, x + gap / 2, y + gap / 2, cw - gap, chh - gap, c->th.missing,
                                 0.12);
                continue;
            }
            chart_set_colour(c, chart_sequential(c, incstat_chart_map(v, t.lo, t.hi, 0, 1)), 1);
            cairo_rectangle(cr, x + gap / 2, y + gap / 2, cw - gap, chh - gap);
            cairo_fill(cr);
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
    double ky = gy0;
    if (kt && *kt) {
        chart_font kf = tf;
        kf.width = key_w;
        kf.max_lines = 2;
        ky = chart_text(c, kt, &kf, key_x, r.y0, CHART_LEFT, CHART_TOP, c->th.muted).y1 +
             th * 0.5 + c->base * 0.3;
        if (ky < gy0)
            ky = gy0;
    }
    double kh = fmin(gy1 - ky, c->base * 14);
    if (any_nan)
        kh = fmin(kh, gy1 - ky - th * 1.6);
    if (kh < th * 2)
        kh = th * 2;
    cairo_pattern_t *pat = cairo_pattern_create_linear(0, ky + kh, 0, ky);
    for (int k = 0; k <= 16; k++) {
        chart_rgb col = chart_sequential(c, k / 16.0);
        cairo_pattern_add_color_stop_rgb(pat, k / 16.0, col.r, col.g, col.b);
    }
    cairo_rectangle(cr, key_x, ky, bar_w, kh);
    cairo_set_source(cr, pat);
    cairo_fill(cr);
    cairo_pattern_destroy(pat);
    cairo_set_line_width(cr, fmax(0.6, c->base * 0.07));
    for (size_t i = 0; i < t.n; i++) {
        double v = incstat_chart_tick_value(&t, i);
        double y = incstat_chart_map(v, t.lo, t.hi, ky + kh, ky);
        chart_set_colour(c, c->th.axis, 1);
        cairo_move_to(cr, key_x + bar_w, y);
        cairo_line_to(cr, key_x + bar_w + c->base * 0.25, y);
        cairo_stroke(cr);
        incstat_chart_format_number(v, t.decimals, buf, sizeof buf);
        chart_text(c, buf, &tf, key_x + bar_w + c->base * 0.4, y, CHART_LEFT, CHART_MIDDLE,
                   c->th.muted);
    }
    if (any_nan) {
        double y = ky + kh + th * 0.8;
        chart_hatch_rect(c, key_x, y, bar_w, th * 0.8, c->th.missing, 0.12);
        chart_text(c, "no data", &tf, key_x + bar_w + c->base * 0.4, y + th * 0.4, CHART_LEFT,
                   CHART_MIDDLE, c->th.muted);
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
