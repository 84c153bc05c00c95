/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_periods.c: the kinds with one slot per period on the x axis:
 * BAR, LINE, RANGE and STACKED (their legend, footnote, bars, lines, bands
 * and markers); the period axis they share with MULTIPLES is chart_axes.c. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart/chart_internal.h"

/* ---- colours and legend ----------------------------------------------------- */

static int is_other(const char *name)
{
    return name && incstat_ascii_casecmp(name, "Other") == 0;
}

/* Category colour: palette in order, skipping "Other", which is grey. */
chart_rgb chart_series_colour(const chart_ctx *c, size_t s)
{
    const incstat_chart *ch = c->chart;
    if (ch->kind == INCSTAT_CHART_STACKED && is_other(ch->series[s].name))
        return c->th.other;
    if ((ch->kind == INCSTAT_CHART_LINE || ch->kind == INCSTAT_CHART_MULTIPLES) &&
        ch->n_series == 1)
        return c->th.line;
    size_t j = 0;
    for (size_t k = 0; k < s; k++)
        j += !(ch->kind == INCSTAT_CHART_STACKED && is_other(ch->series[k].name));
    return chart_palette(c, j);
}

static chart_rgb ma_colour(const chart_ctx *c)
{
    return chart_mix(c->th.fg, c->th.bg, 0.25);
}

/* ---- legend and footnote ---------------------------------------------------- */

size_t chart_period_legend(chart_ctx *c, chart_key *keys, size_t max)
{
    const incstat_chart *ch = c->chart;
    size_t n = 0;
#define KEY(lab, colour, sh)                                                                   \
    do {                                                                                       \
        if (n < max) {                                                                         \
            keys[n].label = (lab);                                                             \
            keys[n].col = (colour);                                                            \
            keys[n].shape = (sh);                                                              \
            n++;                                                                               \
        }                                                                                      \
    } while (0)
    switch (ch->kind) {
    case INCSTAT_CHART_STACKED:
        for (size_t s = 0; s < ch->n_series; s++)
            KEY(ch->series[s].name ? ch->series[s].name : "", chart_series_colour(c, s),
                CHART_KEY_BOX);
        break;
    case INCSTAT_CHART_LINE:
        for (size_t s = 0; s < ch->n_series; s++)
            KEY(ch->series[s].name ? ch->series[s].name : "Series", chart_series_colour(c, s),
                CHART_KEY_POINT);
        if (ch->ma)
            KEY(ch->ma_label ? ch->ma_label : "Moving average", ma_colour(c), CHART_KEY_LINE);
        if (ch->levels)
            KEY(ch->levels_label ? ch->levels_label : "Levels", c->th.muted, CHART_KEY_LINE);
        if (ch->trend)
            KEY(ch->trend_label ? ch->trend_label : "Trend", c->th.accent, CHART_KEY_DASH);
        if (ch->trend_lo) /* whose interval it is: not where single periods fall */
            KEY(ch->text[INCSTAT_CHART_TEXT_BAND] ? ch->text[INCSTAT_CHART_TEXT_BAND]
                                                  : "95% confidence band of the fit",
                c->th.accent, CHART_KEY_BAND);
        if (n == 1) /* one line explains itself */
            n = 0;
        break;
    case INCSTAT_CHART_BAR:
        if (ch->range_lo) {
            KEY(ch->series[0].name ? ch->series[0].name : "Best estimate", c->th.bar,
                CHART_KEY_BOX);
            KEY("Low\u2013high range", c->th.fg, CHART_KEY_WHISKER);
        }
        break;
    case INCSTAT_CHART_RANGE:
        if (ch->range_lo) {
            KEY(ch->series[0].name ? ch->series[0].name : "Best estimate", c->th.line,
                CHART_KEY_POINT);
            KEY("Low\u2013high range", c->th.line, ch->range_band ? CHART_KEY_BAND : CHART_KEY_LINE);
        }
        break;
    default:
        break;
    }
#undef KEY
    return n;
}

/* "2016, 2017" for the periods where pred holds (at most 8, then "..."). */
static size_t list_periods(const incstat_chart *ch, int (*pred)(const incstat_chart *, size_t),
                           chart_buf *out, size_t *first)
{
    size_t count = 0;
    for (size_t i = 0; i < ch->n_periods; i++) {
        if (!pred(ch, i))
            continue;
        if (count == 0)
            *first = i;
        if (count < 8) {
            if (count)
                chart_buf_str(out, ", ");
            chart_buf_str(out, ch->periods[i]);
        } else if (count == 8) {
            chart_buf_str(out, ", \u2026");
        }
        count++;
    }
    return count;
}

/* The first partial period with one before it, whose same-span comparison
 * (incstat_chart_set_same_span) is drawn; n_periods when none. */
static size_t same_span_period(const incstat_chart *ch)
{
    for (size_t i = 1; i < ch->n_periods; i++)
        if (chart_period_partial(ch, i))
            return i;
    return ch->n_periods;
}

static int period_not_covered(const incstat_chart *ch, size_t i)
{
    return chart_period_missing(ch, i) && !chart_period_unknown(ch, i);
}

/* "* sum of the known figures only: 2021 (1 unknown), 2023 (12 unknown)"
 * for the values that leave incidents out (at most 8 periods, then "..."). */
static void left_out_note(const incstat_chart *ch, chart_buf *out)
{
    size_t count = 0;
    for (size_t i = 0; i < ch->n_periods; i++) {
        uint64_t k = chart_period_left_out(ch, i);
        if (!k)
            continue;
        if (count == 0)
            chart_buf_str(out, out->len ? ";  * sum of the known figures only: "
                                        : "* sum of the known figures only: ");
        if (count < 8) {
            char num[48];
            snprintf(num, sizeof num, "%s%s (%llu unknown)", count ? ", " : "", ch->periods[i],
                     (unsigned long long)k);
            chart_buf_str(out, num);
        } else if (count == 8) {
            chart_buf_str(out, ", \u2026");
        }
        count++;
    }
}

void chart_period_footnote(chart_ctx *c, chart_buf *out)
{
    const incstat_chart *ch = c->chart;
    size_t first = 0;
    chart_buf part = {0};
    if (list_periods(ch, chart_period_partial, &part, &first)) {
        const char *word = ch->text[INCSTAT_CHART_TEXT_PARTIAL_NOTE];
        if (!word)
            word = chart_partial_word(ch->periods[first]);
        chart_buf_str(out, part.p);
        chart_buf_str(out, ": ");
        chart_buf_str(out, word);
        switch (ch->kind) {
        case INCSTAT_CHART_BAR:
        case INCSTAT_CHART_STACKED:
            chart_buf_str(out, " (hatched)");
            break;
        case INCSTAT_CHART_MULTIPLES:
            chart_buf_str(out, " (dashed)");
            break;
        default:
            chart_buf_str(out, " (open circle, not joined to the line)");
            break;
        }
        size_t sp = same_span_period(ch);
        if (ch->has_same_span && sp < ch->n_periods && isfinite(ch->same_span) &&
            (ch->kind == INCSTAT_CHART_BAR || ch->kind == INCSTAT_CHART_LINE)) {
            chart_buf_str(out, ch->kind == INCSTAT_CHART_BAR ? "; the line across " : "");
            if (ch->kind == INCSTAT_CHART_BAR) {
                chart_buf_str(out, ch->periods[sp - 1]);
                chart_buf_str(out, " marks ");
            } else {
                chart_buf_str(out, "; the open diamond marks ");
            }
            chart_buf_str(out, ch->periods[sp - 1]);
            chart_buf_str(out, " over the same span");
        }
    }
    out->failed |= part.failed;
    chart_buf_free(&part);
    chart_buf miss = {0};
    if (list_periods(ch, period_not_covered, &miss, &first)) {
        const char *word = ch->text[INCSTAT_CHART_TEXT_MISSING_NOTE];
        if (out->len)
            chart_buf_str(out, ";  ");
        chart_buf_str(out, miss.p);
        chart_buf_str(out, ": ");
        chart_buf_str(out, word ? word : "no data");
    }
    out->failed |= miss.failed;
    chart_buf_free(&miss);
    /* the source covers these periods; their figures are unknown, not 0 */
    chart_buf unk = {0};
    if (list_periods(ch, chart_period_unknown, &unk, &first)) {
        const char *word = ch->text[INCSTAT_CHART_TEXT_UNKNOWN_NOTE];
        if (out->len)
            chart_buf_str(out, ";  ");
        chart_buf_str(out, unk.p);
        chart_buf_str(out, ": ");
        chart_buf_str(out, word ? word : "unknown");
    }
    out->failed |= unk.failed;
    chart_buf_free(&unk);
    left_out_note(ch, out);
    const char *note = ch->text[INCSTAT_CHART_TEXT_NOTE];
    if (note && *note) {
        if (out->len)
            chart_buf_str(out, ";  ");
        chart_buf_str(out, note);
    }
}

/* ---- value ranges ------------------------------------------------------------ */

static void extend(double *lo, double *hi, const double *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
}

static void stack_sums(const incstat_chart *ch, size_t i, double *pos, double *neg)
{
    *pos = 0;
    *neg = 0;
    for (size_t s = 0; s < ch->n_series; s++) {
        double v = ch->series[s].v[i];
        if (isfinite(v)) {
            if (v > 0)
                *pos += v;
            else
                *neg += v;
        }
    }
}

static int all_integers(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] != floor(v[i]))
            return 0;
    return 1;
}

/* ---- bars --------------------------------------------------------------------- */

/* Digits for one value label: whole numbers without a decimal point even
 * when other values (midpoint estimates such as 14.5) need one. */
static int label_decimals(double v, int decimals)
{
    return decimals && v != floor(v) ? decimals : 0;
}

/* A value label of a sum that leaves incidents out: "6*" (the footnote
 * says what the mark means). */
static void mark_left_out(const incstat_chart *ch, size_t i, char *num, size_t cap)
{
    size_t l = strlen(num);
    if (chart_period_left_out(ch, i) && l + 1 < cap)
        snprintf(num + l, cap - l, "*");
}

static void draw_bar(chart_ctx *c, const chart_axes *a, chart_label_set *L, const chart_font *vf,
                     const chart_font *af, int decimals)
{
    const incstat_chart *ch = c->chart;
    const double *v = ch->series[0].v;
    size_t n = ch->n_periods;
    double bw = chart_bar_width(a), y0 = chart_axes_y(a, 0);
    size_t peak = n;
    if (!c->style.hide_peak && !ch->has_highlight)
        for (size_t i = 0; i < n; i++)
            if (!chart_period_missing(ch, i) && v[i] > 0 && (peak == n || v[i] > v[peak]))
                peak = i;
    double gap = c->base * 0.3;
    for (size_t i = 0; i < n; i++) {
        double xc = chart_axes_x(a, (double)i);
        if (chart_period_missing(ch, i)) {
            chart_missing_stub(c, a, xc, bw);
            continue;
        }
        double y1 = chart_axes_y(a, v[i]);
        double top = fmin(y0, y1), h = fabs(y1 - y0);
        int accent = i == peak || (ch->has_highlight && ch->highlight == i);
        chart_rgb col = accent ? c->th.accent : c->th.bar;
        if (chart_period_partial(ch, i)) {
            chart_hatch_rect(c, xc - bw / 2, top, bw, h, col, 0.3);
        } else {
            chart_set_colour(c, col, 1);
            cairo_rectangle(c->cr, xc - bw / 2, top, bw, h);
            cairo_fill(c->cr);
        }
        chart_labels_fixed(L, (incstat_chart_box){xc - bw / 2, top, xc + bw / 2, top + h});
    }
    if (ch->range_lo)
        chart_draw_whiskers(c, a, L);
    chart_draw_threshold_lines(c, a);
    /* the period before over the same span: a line across its bar */
    size_t sp = same_span_period(ch);
    if (ch->has_same_span && sp < n && isfinite(ch->same_span) &&
        !chart_period_missing(ch, sp - 1)) {
        double xc = chart_axes_x(a, (double)(sp - 1)), ys = chart_axes_y(a, ch->same_span);
        double half = fmin(bw * 0.62, bw / 2 + c->base * 0.3);
        chart_set_colour(c, c->th.fg, 1);
        cairo_set_line_width(c->cr, fmax(1.2, c->base * 0.16));
        cairo_move_to(c->cr, xc - half, ys);
        cairo_line_to(c->cr, xc + half, ys);
        cairo_stroke(c->cr);
    }
    char num[48], note[160];
    if (peak < n) {
        incstat_chart_format_number(v[peak], label_decimals(v[peak], decimals), num, sizeof num);
        const char *unit = ch->text[INCSTAT_CHART_TEXT_UNIT];
        snprintf(note, sizeof note, "%s: %s%s%s%s", ch->periods[peak], num,
                 unit && *unit ? " " : "", unit ? unit : "",
                 chart_period_left_out(ch, peak) ? "*" : "");
        double xc = chart_axes_x(a, (double)peak);
        double w, h;
        chart_text_size(c, note, af, &w, &h);
        double x0 = fmax(a->left, fmin(xc - w / 2, a->r.x1 - w));
        double yb = chart_axes_y(a, v[peak]) - gap;
        chart_set_colour(c, c->th.bg, 0.85);
        cairo_rectangle(c->cr, x0 - 2, yb - h, w + 4, h);
        cairo_fill(c->cr);
        incstat_chart_box b = chart_text(c, note, af, x0, yb, CHART_LEFT, CHART_BOTTOM,
                                         c->th.accent);
        chart_labels_fixed(L, b);
    }
    chart_place_annotations(c, a, L);
    chart_place_threshold_labels(c, a, L);
    if (c->style.hide_value_labels)
        return;
    chart_font small = *vf;
    for (size_t i = 0; i < n; i++) {
        double xc = chart_axes_x(a, (double)i);
        if (chart_period_missing(ch, i)) {
            double h = chart_stub_height(c, a);
            chart_labels_add(c, L, "n/a", &small, xc, y0 - h - gap * 0.5, 1, a->left, a->r.x1, -1,
                       c->th.muted);
            continue;
        }
        if (i == peak || chart_period_label(ch, i))
            continue;
        incstat_chart_format_number(v[i], label_decimals(v[i], decimals), num, sizeof num);
        mark_left_out(ch, i, num, sizeof num);
        int above = v[i] >= 0;
        double top = ch->range_hi && isfinite(ch->range_hi[i]) ? fmax(v[i], ch->range_hi[i]) : v[i];
        double y = chart_axes_y(a, above ? top : v[i]) + (above ? -gap : gap);
        chart_labels_add(c, L, num, &small, xc, y, above, a->left, a->r.x1, fabs(v[i]), c->th.fg);
        if (i == sp && ch->same_span_label && *ch->same_span_label && above) {
            /* how far the part period reaches, above its value */
            double lh;
            chart_text_size(c, num, &small, NULL, &lh);
            chart_labels_add(c, L, ch->same_span_label, &small, xc, y - lh - c->base * 0.3, 1,
                       a->left, a->r.x1, fabs(v[i]) * 0.999, c->th.muted);
        }
    }
}

static void draw_stacked(chart_ctx *c, const chart_axes *a, chart_label_set *L,
                         const chart_font *vf, int decimals)
{
    const incstat_chart *ch = c->chart;
    size_t n = ch->n_periods;
    double bw = chart_bar_width(a), gap = c->base * 0.3;
    double sep = fmax(0.5, c->base * 0.08);
    for (size_t i = 0; i < n; i++) {
        double xc = chart_axes_x(a, (double)i);
        if (chart_period_missing(ch, i)) {
            chart_missing_stub(c, a, xc, bw);
            continue;
        }
        double pos = 0, neg = 0;
        int partial = chart_period_partial(ch, i);
        for (size_t s = 0; s < ch->n_series; s++) {
            double v = ch->series[s].v[i];
            if (!isfinite(v) || v == 0)
                continue;
            double from = v > 0 ? pos : neg, to = from + v;
            if (v > 0)
                pos = to;
            else
                neg = to;
            double ya = chart_axes_y(a, from), yb = chart_axes_y(a, to);
            double top = fmin(ya, yb), h = fabs(yb - ya);
            chart_rgb col = chart_series_colour(c, s);
            if (partial) {
                chart_hatch_rect(c, xc - bw / 2, top, bw, h, col, 0.35);
            } else {
                chart_set_colour(c, col, 1);
                cairo_rectangle(c->cr, xc - bw / 2, top, bw, h);
                cairo_fill(c->cr);
            }
            /* a hairline of background between segments, for greyscale */
            chart_set_colour(c, c->th.bg, 1);
            cairo_set_line_width(c->cr, sep);
            double ye = v > 0 ? top : top + h;
            cairo_move_to(c->cr, xc - bw / 2, ye);
            cairo_line_to(c->cr, xc + bw / 2, ye);
            cairo_stroke(c->cr);
        }
        double ytop = chart_axes_y(a, pos), ybot = chart_axes_y(a, neg);
        chart_labels_fixed(L, (incstat_chart_box){xc - bw / 2, ytop, xc + bw / 2, ybot});
    }
    if (c->style.hide_value_labels)
        return;
    char num[48];
    for (size_t i = 0; i < n; i++) {
        if (chart_period_missing(ch, i)) {
            double h = chart_stub_height(c, a);
            chart_labels_add(c, L, "n/a", vf, chart_axes_x(a, (double)i),
                       chart_axes_y(a, 0) - h - gap * 0.5, 1, a->left, a->r.x1, -1, c->th.muted);
            continue;
        }
        double pos, neg;
        stack_sums(ch, i, &pos, &neg);
        incstat_chart_format_number(pos + neg, label_decimals(pos + neg, decimals), num, sizeof num);
        mark_left_out(ch, i, num, sizeof num);
        double xc = chart_axes_x(a, (double)i);
        chart_labels_add(c, L, num, vf, xc, chart_axes_y(a, pos) - gap, 1, a->left, a->r.x1, pos,
                   c->th.fg);
    }
}

/* ---- lines ----------------------------------------------------------------------- */

/* Polyline through finite v[i], with gaps at missing periods; with
 * cut_partial, no segment touches a partial period: a part period joined to
 * a whole one reads as a fall (or a rise) that is only the missing days. */
static void polyline(chart_ctx *c, const chart_axes *a, const double *v, int skip_missing,
                     int cut_partial)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    size_t n = ch->n_periods;
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = isfinite(v[i]) && !(skip_missing && chart_period_missing(ch, i));
        if (!ok) {
            open = 0;
            continue;
        }
        double x = chart_axes_x(a, (double)i), y = chart_axes_y(a, v[i]);
        int cut = cut_partial && i > 0 &&
                  (chart_period_partial(ch, i) || chart_period_partial(ch, i - 1));
        if (!open || cut)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
        open = 1;
    }
    cairo_stroke(cr);
}

/* LINE: the period before the partial one over the same span, an open
 * diamond joined to the partial point by a dashed segment: the segment
 * (diamond 0) before the points, so the partial point's open circle covers
 * its end, the diamond (1) after them, over the period's own point. */
static void same_span_line(chart_ctx *c, const chart_axes *a, const double *v, chart_rgb col,
                           double lw, int diamond)
{
    const incstat_chart *ch = c->chart;
    size_t p = same_span_period(ch);
    if (!ch->has_same_span || p == ch->n_periods || !isfinite(ch->same_span) || !isfinite(v[p]))
        return;
    cairo_t *cr = c->cr;
    double x0 = chart_axes_x(a, (double)(p - 1)), y0 = chart_axes_y(a, ch->same_span);
    double x1 = chart_axes_x(a, (double)p), y1 = chart_axes_y(a, v[p]);
    double dash[2] = {c->base * 0.35, c->base * 0.25};
    double r = fmin(c->base * 0.34, fmax(1.5, a->slot * 0.24));
    chart_set_colour(c, col, 1);
    if (!diamond) {
        cairo_set_line_width(cr, lw);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, x0, y0);
        cairo_line_to(cr, x1, y1);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        return;
    }
    cairo_move_to(cr, x0, y0 - r);
    cairo_line_to(cr, x0 + r, y0);
    cairo_line_to(cr, x0, y0 + r);
    cairo_line_to(cr, x0 - r, y0);
    cairo_close_path(cr);
    chart_set_colour(c, c->th.bg, 1);
    cairo_fill_preserve(cr);
    chart_set_colour(c, col, 1);
    cairo_set_line_width(cr, fmax(1, r * 0.4));
    cairo_stroke(cr);
}

/* LINE: the partial period's label ("to 25 Nov") by its point: below it
 * when the same-span segment comes from above, else above it. */
static void partial_label(chart_ctx *c, const chart_axes *a, const double *v)
{
    const incstat_chart *ch = c->chart;
    const char *lab = ch->same_span_label;
    size_t p = same_span_period(ch);
    if (!lab || !*lab || p == ch->n_periods || !isfinite(v[p]))
        return;
    chart_font f = {c->base * 0.75, 0, 0, 0, CHART_LEFT};
    double w, h;
    chart_text_size(c, lab, &f, &w, &h);
    int below = ch->has_same_span && isfinite(ch->same_span) && ch->same_span > v[p];
    double x = chart_axes_x(a, (double)p), y = chart_axes_y(a, v[p]);
    double x0 = fmax(a->left, fmin(x - w / 2, a->r.x1 - w));
    if (below)
        chart_text(c, lab, &f, x0, y + c->base * 0.6, CHART_LEFT, CHART_TOP, c->th.muted);
    else
        chart_text(c, lab, &f, x0, y - c->base * 0.6, CHART_LEFT, CHART_BOTTOM, c->th.muted);
}

/* Filled area between lo and hi over runs where both are finite. */
static void band(chart_ctx *c, const chart_axes *a, const double *lo, const double *hi,
                 chart_rgb col, double alpha)
{
    size_t n = c->chart->n_periods;
    size_t i = 0;
    chart_set_colour(c, col, alpha);
    cairo_new_path(c->cr);
    while (i < n) {
        while (i < n && !(isfinite(lo[i]) && isfinite(hi[i])))
            i++;
        size_t j = i;
        while (j < n && isfinite(lo[j]) && isfinite(hi[j]))
            j++;
        if (j > i) {
            double half = j - i == 1 ? a->slot * 0.2 : 0;
            for (size_t k = i; k < j; k++)
                cairo_line_to(c->cr, chart_axes_x(a, (double)k) - (k == i ? half : 0),
                              chart_axes_y(a, hi[k]));
            if (half)
                cairo_line_to(c->cr, chart_axes_x(a, (double)i) + half, chart_axes_y(a, hi[i]));
            if (half)
                cairo_line_to(c->cr, chart_axes_x(a, (double)i) + half, chart_axes_y(a, lo[i]));
            for (size_t k = j; k-- > i;)
                cairo_line_to(c->cr, chart_axes_x(a, (double)k) - (k == i ? half : 0),
                              chart_axes_y(a, lo[k]));
            cairo_close_path(c->cr);
            cairo_fill(c->cr);
        }
        i = j;
    }
}

static void points(chart_ctx *c, const chart_axes *a, const double *v, chart_rgb col)
{
    const incstat_chart *ch = c->chart;
    double rad = fmin(c->base * 0.28, fmax(1.2, a->slot * 0.2));
    if (a->slot < rad * 2.2)
        return; /* too dense: the line alone */
    for (size_t i = 0; i < ch->n_periods; i++) {
        if (!isfinite(v[i]) || chart_period_missing(ch, i))
            continue;
        double x = chart_axes_x(a, (double)i), y = chart_axes_y(a, v[i]);
        cairo_new_sub_path(c->cr);
        cairo_arc(c->cr, x, y, rad, 0, 2 * CHART_PI);
        if (chart_period_partial(ch, i)) {
            chart_set_colour(c, c->th.bg, 1);
            cairo_fill_preserve(c->cr);
            chart_set_colour(c, col, 1);
            cairo_set_line_width(c->cr, fmax(1, rad * 0.45));
            cairo_stroke(c->cr);
        } else {
            chart_set_colour(c, col, 1);
            cairo_fill(c->cr);
        }
    }
}

/* Levels as steps: flat across each period (half a period either side),
 * vertical where the level changes. */
static void steps(chart_ctx *c, const chart_axes *a, const double *v, double lw)
{
    cairo_t *cr = c->cr;
    size_t n = c->chart->n_periods;
    chart_set_colour(c, c->th.muted, 0.95);
    cairo_set_line_width(cr, lw);
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            open = 0;
            continue;
        }
        double y = chart_axes_y(a, v[i]);
        double x0 = chart_axes_x(a, (double)i - 0.5), x1 = chart_axes_x(a, (double)i + 0.5);
        if (open)
            cairo_line_to(cr, x0, y);
        else
            cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x1, y);
        open = 1;
    }
    cairo_stroke(cr);
}

static void markers(chart_ctx *c, const chart_axes *a, double row_h)
{
    const incstat_chart *ch = c->chart;
    cairo_t *cr = c->cr;
    chart_font f = {c->base * 0.8, 0, 0, 0, CHART_LEFT};
    incstat_chart_box kept[64];
    size_t nk = 0;
    double dash[2] = {c->base * 0.4, c->base * 0.3};
    for (size_t m = 0; m < ch->n_markers; m++) {
        double pos = ch->markers[m].pos;
        if (pos < -0.5 || pos > (double)ch->n_periods - 0.5)
            continue; /* outside the axis */
        double x = round(chart_axes_x(a, pos)) + 0.5;
        chart_set_colour(c, c->th.muted, 1);
        cairo_set_line_width(cr, fmax(0.7, c->base * 0.09));
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, x, a->top - row_h * 0.2);
        /* with levels the steps show the change: a tick, not a line across */
        cairo_line_to(cr, x, ch->levels ? a->top + row_h * 0.4 : a->bottom);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        const char *lab = ch->markers[m].label;
        if (!lab || !*lab)
            continue;
        double w, h;
        chart_text_size(c, lab, &f, &w, &h);
        /* to the right of the line, or to its left near the right edge; in
         * the first of two rows where it fits */
        double x0 = x + c->base * 0.3;
        if (x0 + w > a->r.x1)
            x0 = x - c->base * 0.3 - w;
        for (int row = 0; row < 2; row++) {
            double y0 = a->top - row_h * (2 - row);
            incstat_chart_box b = {x0, y0, x0 + w, y0 + h};
            /* keep a space's width between neighbouring labels */
            incstat_chart_box padded = {x0 - c->base * 0.4, y0, x0 + w + c->base * 0.4, y0 + h};
            int ok = b.x0 >= a->r.x0 - 1;
            for (size_t k = 0; k < nk && ok; k++)
                if (chart_boxes_overlap(&padded, &kept[k]))
                    ok = 0;
            if (ok) {
                chart_text(c, lab, &f, x0, y0, CHART_LEFT, CHART_TOP, c->th.muted);
                if (nk < sizeof kept / sizeof kept[0])
                    kept[nk++] = b;
                break;
            }
        }
    }
}

/* "n/a" just above the zero line of missing periods, where it fits. */
static void missing_marks(chart_ctx *c, const chart_axes *a)
{
    const incstat_chart *ch = c->chart;
    chart_font f = {c->base * 0.75, 0, 0, 0, CHART_LEFT};
    double w;
    chart_text_size(c, "n/a", &f, &w, NULL);
    if (w > a->slot * 1.8)
        return;
    double y = chart_axes_y(a, a->t.lo > 0 ? a->t.lo : 0) - c->base * 0.25;
    size_t last = SIZE_MAX;
    for (size_t i = 0; i < ch->n_periods; i++)
        if (chart_period_missing(ch, i) && (last == SIZE_MAX || (double)(i - last) * a->slot > w * 1.3)) {
            chart_text(c, "n/a", &f, chart_axes_x(a, (double)i), y, CHART_CENTER, CHART_BOTTOM,
                       c->th.muted);
            last = i;
        }
}

/* ---- the period kinds --------------------------------------------------------------- */

/* The values the y axis covers: the data, ranges, overlays and thresholds,
 * and the trend and its band up to half the data's span beyond them.
 * *cut: the trend or band reaches beyond that (it may still fit the axis's
 * round numbers; chart_draw_cuts decides). */
static void value_range(const incstat_chart *ch, double *vmin_out, double *vmax_out, int *cut)
{
    size_t n = ch->n_periods;
    double vmin = 0, vmax = 0;
    *cut = 0;
    if (ch->kind == INCSTAT_CHART_STACKED) {
        for (size_t i = 0; i < n; i++) {
            double pos, neg;
            stack_sums(ch, i, &pos, &neg);
            vmin = fmin(vmin, neg);
            vmax = fmax(vmax, pos);
        }
    } else {
        for (size_t s = 0; s < ch->n_series; s++)
            extend(&vmin, &vmax, ch->series[s].v, n);
        extend(&vmin, &vmax, ch->range_lo, n);
        extend(&vmin, &vmax, ch->range_hi, n);
        extend(&vmin, &vmax, ch->ma, n);
        extend(&vmin, &vmax, ch->levels, n);
        for (size_t k = 0; k < ch->n_thresholds; k++)
            extend(&vmin, &vmax, &ch->thresholds[k].value, 1);
        /* A fitted trend and its band may widen the axis, but by at most half
         * the data's span: a model that fits badly (a rise and fall fitted
         * with one exponential) must not squash the data into a flat line.
         * What runs beyond is cut at the plot's edge, and drawn so. */
        double tmin = vmin, tmax = vmax, span = vmax - vmin > 0 ? vmax - vmin : 1;
        extend(&tmin, &tmax, ch->trend, n);
        extend(&tmin, &tmax, ch->trend_lo, n);
        extend(&tmin, &tmax, ch->trend_hi, n);
        *cut = tmax > vmax + span / 2 || tmin < vmin - span / 2;
        vmin = fmax(tmin, vmin - span / 2);
        vmax = fmin(tmax, vmax + span / 2);
    }
    if (vmin == vmax)
        vmax = vmin + 1;
    *vmin_out = vmin;
    *vmax_out = vmax;
}

void chart_draw_periods(chart_ctx *c, chart_rect r)
{
    const incstat_chart *ch = c->chart;
    size_t n = ch->n_periods;
    double vmin, vmax;
    int maybe_cut;
    value_range(ch, &vmin, &vmax, &maybe_cut);

    r.y0 += chart_y_label(c, r);
    chart_font vf = {c->base * 0.78, 0, 0, 0, CHART_LEFT};
    chart_font af = {c->base * 0.85, 1, 0, 0, CHART_LEFT};
    double vh, ah, mh;
    chart_text_size(c, "0", &vf, NULL, &vh);
    chart_text_size(c, "0", &af, NULL, &ah);
    double headroom = vh * 0.6;
    int labelled = !c->style.hide_value_labels;
    if (ch->kind == INCSTAT_CHART_BAR) {
        if (labelled)
            headroom = fmax(headroom, vh * (ch->same_span_label ? 2 : 1) + c->base * 0.3);
        if (!c->style.hide_peak)
            headroom = fmax(headroom, ah + c->base * 0.35);
    } else if (ch->kind == INCSTAT_CHART_STACKED && labelled) {
        headroom = fmax(headroom, vh + c->base * 0.3);
    }
    if (ch->n_labels)
        headroom = fmax(headroom, ah + c->base * 0.6);
    chart_font mf = {c->base * 0.8, 0, 0, 0, CHART_LEFT};
    chart_text_size(c, "0", &mf, NULL, &mh);
    double row_h = mh + c->base * 0.15;
    int any_marker_label = 0;
    for (size_t m = 0; m < ch->n_markers; m++)
        any_marker_label |= ch->markers[m].label && *ch->markers[m].label;
    if (ch->n_markers)
        headroom = fmax(headroom, any_marker_label ? 2 * row_h + c->base * 0.3 : c->base * 0.5);
    /* rows above the value labels: the windows' labels, then the cut's */
    int window_labels = 0;
    for (size_t k = 0; k < ch->n_windows; k++)
        window_labels |= ch->windows[k].label && *ch->windows[k].label;
    double below_rows = headroom;
    double win_row_h = window_labels ? row_h + c->base * 0.25 : 0;
    double cut_row_h = maybe_cut && ch->kind == INCSTAT_CHART_LINE ? row_h : 0;
    headroom += win_row_h + cut_row_h;

    chart_axes a;
    chart_axes_layout(c, &a, r, headroom, vmin, vmax, 1, 1);
    if (ch->n_windows)
        chart_draw_windows(c, &a, a.top - below_rows - win_row_h, win_row_h);
    chart_axes_grid(c, &a, 1);

    int decimals = 0;
    for (size_t s = 0; s < ch->n_series; s++)
        if (!all_integers(ch->series[s].v, n))
            decimals = 1;

    cairo_t *cr = c->cr;
    double lw = fmax(1.2, c->base * 0.18);
    chart_label_set L;
    if (!chart_labels_init(c, &L, 4 * n + a.t.n + ch->n_labels + ch->n_thresholds + 2)) {
        chart_labels_free(&L);
        return;
    }
    L.n_fixed = chart_axes_tick_boxes(c, &a, L.box);
    L.n = L.n_fixed;
    for (size_t i = 0; i < L.n; i++)
        L.prio[i] = INFINITY;
    switch (ch->kind) {
    case INCSTAT_CHART_BAR:
    case INCSTAT_CHART_STACKED:
        if (ch->kind == INCSTAT_CHART_BAR)
            draw_bar(c, &a, &L, &vf, &af, decimals);
        else
            draw_stacked(c, &a, &L, &vf, decimals);
        chart_axes_baseline(c, &a);
        break;
    case INCSTAT_CHART_LINE:
        if (ch->n_markers)
            markers(c, &a, row_h);
        cairo_save(cr);
        cairo_rectangle(cr, a.left, a.top, a.right - a.left, a.bottom - a.top);
        cairo_clip(cr);
        if (ch->trend_lo)
            band(c, &a, ch->trend_lo, ch->trend_hi, c->th.accent, 0.14);
        cairo_restore(cr);
        chart_axes_baseline(c, &a);
        cairo_set_line_width(cr, lw);
        for (size_t s = 0; s < ch->n_series; s++) {
            chart_set_colour(c, chart_series_colour(c, s), 1);
            polyline(c, &a, ch->series[s].v, ch->n_series == 1, 1);
        }
        if (ch->levels)
            steps(c, &a, ch->levels, lw * 1.4);
        if (ch->ma) {
            cairo_set_line_width(cr, lw * 1.6);
            chart_set_colour(c, ma_colour(c), 0.9);
            polyline(c, &a, ch->ma, 0, 0);
        }
        if (ch->trend) {
            double dash[2] = {c->base * 0.6, c->base * 0.35};
            cairo_save(cr);
            cairo_rectangle(cr, a.left, a.top, a.right - a.left, a.bottom - a.top);
            cairo_clip(cr);
            cairo_set_line_width(cr, lw * 1.1);
            chart_set_colour(c, c->th.accent, 1);
            cairo_set_dash(cr, dash, 2, 0);
            polyline(c, &a, ch->trend, 0, 0);
            cairo_set_dash(cr, NULL, 0, 0);
            cairo_restore(cr);
            chart_draw_cuts(c, &a, a.top - below_rows - win_row_h - cut_row_h);
        }
        if (ch->n_series)
            same_span_line(c, &a, ch->series[0].v, chart_series_colour(c, 0), lw, 0);
        for (size_t s = 0; s < ch->n_series; s++)
            points(c, &a, ch->series[s].v, chart_series_colour(c, s));
        chart_highlight_point(c, &a);
        if (ch->n_series) {
            same_span_line(c, &a, ch->series[0].v, chart_series_colour(c, 0), lw, 1);
            partial_label(c, &a, ch->series[0].v);
        }
        missing_marks(c, &a);
        break;
    case INCSTAT_CHART_RANGE: {
        const double *v = ch->series[0].v;
        chart_axes_baseline(c, &a);
        if (ch->range_lo && ch->range_band) {
            band(c, &a, ch->range_lo, ch->range_hi, c->th.line, 0.2);
            cairo_set_line_width(cr, lw);
            chart_set_colour(c, c->th.line, 1);
            polyline(c, &a, v, 1, 1);
        } else if (ch->range_lo) {
            double cap = fmin(a.slot * 0.22, c->base * 0.45);
            cairo_set_line_width(cr, fmax(1, c->base * 0.13));
            chart_set_colour(c, c->th.line, 0.85);
            for (size_t i = 0; i < n; i++) {
                double lo = ch->range_lo[i], hi = ch->range_hi[i];
                if (!isfinite(lo) || !isfinite(hi) || chart_period_missing(ch, i))
                    continue;
                double x = chart_axes_x(&a, (double)i);
                double y0 = chart_axes_y(&a, lo), y1 = chart_axes_y(&a, hi);
                cairo_move_to(cr, x, y0);
                cairo_line_to(cr, x, y1);
                cairo_move_to(cr, x - cap, y0);
                cairo_line_to(cr, x + cap, y0);
                cairo_move_to(cr, x - cap, y1);
                cairo_line_to(cr, x + cap, y1);
            }
            cairo_stroke(cr);
        }
        points(c, &a, v, c->th.line);
        chart_highlight_point(c, &a);
        missing_marks(c, &a);
        break;
    }
    default:
        break;
    }
    if (ch->kind != INCSTAT_CHART_BAR && ch->kind != INCSTAT_CHART_STACKED) {
        /* BAR draws these over its bars, before its value labels */
        chart_draw_threshold_lines(c, &a);
        chart_place_annotations(c, &a, &L);
        chart_place_threshold_labels(c, &a, &L);
    }
    chart_labels_draw(c, &L, c->base * 0.2);
    chart_labels_free(&L);
    chart_axes_xlabels(c, &a);
}
