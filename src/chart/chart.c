/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart.c: the chart description (see include/incstat/chart.h) and the
 * pure helpers: ticks, mapping, number formatting, label placement.
 *
 * The chart module, above stats, owns drawing with Cairo and Pango (which
 * live here and in the report only): the description (chart.c), the frame
 * and dispatch (chart_draw.c), the kinds (chart_periods.c, chart_panels.c)
 * with their labels and annotations (chart_annotate.c) on a shared axis
 * (chart_axes.c) and shared helpers (chart_paint.c), the PNG, PDF and SVG
 * writers (chart_write.c, chart_png.c), and descriptions built from
 * summaries and claims (chart_summary.c, chart_claim.c, private).  It knows
 * nothing of CSV. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart/chart_internal.h"
#include "chart/map_internal.h"
#include "core/utf8.h"

/* ---- description -------------------------------------------------------- */

static const char *const kind_names[] = {"bar", "line", "range", "stacked", "heatmap",
                                         "multiples", "map"};

static const char *kind_name(incstat_chart_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

incstat_status incstat_chart_new(incstat_chart_kind kind, incstat_chart **out,
                                 incstat_error *err)
{
    incstat_clear_error(err);
    if (out)
        *out = NULL;
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: out is NULL");
    if ((unsigned)kind > INCSTAT_CHART_MAP)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: unknown kind %d",
                                 (int)kind);
    incstat_chart *c = incstat_calloc(1, sizeof *c);
    if (!c)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
    c->kind = kind;
    *out = c;
    return INCSTAT_OK;
}

static void free_strings(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        incstat_free_mem(v[i]);
    incstat_free_mem(v);
}

void incstat_chart_free(incstat_chart *c)
{
    if (!c)
        return;
    for (int i = 0; i < INCSTAT_CHART_TEXT_COUNT; i++)
        incstat_free_mem(c->text[i]);
    incstat_free_mem(c->font_family);
    incstat_free_mem(c->pdf_date);
    free_strings(c->periods, c->n_periods);
    incstat_free_mem(c->flags);
    incstat_free_mem(c->unknown);
    for (size_t i = 0; i < c->n_series; i++) {
        incstat_free_mem(c->series[i].name);
        incstat_free_mem(c->series[i].v);
    }
    incstat_free_mem(c->series);
    incstat_free_mem(c->range_lo);
    incstat_free_mem(c->range_hi);
    incstat_free_mem(c->trend);
    incstat_free_mem(c->trend_lo);
    incstat_free_mem(c->trend_hi);
    incstat_free_mem(c->trend_label);
    incstat_free_mem(c->ma);
    incstat_free_mem(c->levels);
    incstat_free_mem(c->levels_label);
    incstat_free_mem(c->ma_label);
    incstat_free_mem(c->same_span_label);
    for (size_t i = 0; i < c->n_markers; i++)
        incstat_free_mem(c->markers[i].label);
    incstat_free_mem(c->markers);
    for (size_t i = 0; i < c->n_windows; i++)
        incstat_free_mem(c->windows[i].label);
    incstat_free_mem(c->windows);
    for (size_t i = 0; i < c->n_thresholds; i++)
        incstat_free_mem(c->thresholds[i].label);
    incstat_free_mem(c->thresholds);
    for (size_t i = 0; i < c->n_labels; i++)
        incstat_free_mem(c->labels[i].label);
    incstat_free_mem(c->labels);
    free_strings(c->row_labels, c->rows);
    free_strings(c->col_labels, c->cols);
    incstat_free_mem(c->grid);
    if (c->map) {
        chart_map_free_(c->map);
        incstat_free_mem(c->map);
    }
    incstat_free_mem(c);
}

incstat_chart_kind incstat_chart_get_kind(const incstat_chart *c)
{
    return c->kind;
}

static incstat_status nomem(incstat_error *err)
{
    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
}

/* Pango warns on stderr about invalid UTF-8; the library never prints, so
 * such text is refused up front. */
static incstat_status check_utf8(const char *s, const char *what, incstat_error *err)
{
    size_t n = strlen(s);
    if (incstat_utf8_valid_prefix((const unsigned char *)s, n) != n)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: %s is not valid UTF-8",
                                 what);
    return INCSTAT_OK;
}

/* A checked copy of s into *out (NULL stays NULL). */
static incstat_status dup_text(const char *s, const char *what, char **out, incstat_error *err)
{
    *out = NULL;
    if (!s)
        return INCSTAT_OK;
    incstat_status st = check_utf8(s, what, err);
    if (st)
        return st;
    *out = incstat_strndup(s, strlen(s));
    return *out ? INCSTAT_OK : nomem(err);
}

static incstat_status dup_strings(const char *const *v, size_t n, const char *what, char ***out,
                                  incstat_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!v[i])
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: %s %zu is NULL", what,
                                     i + 1);
        incstat_status st = check_utf8(v[i], what, err);
        if (st)
            return st;
    }
    char **d = incstat_reallocarray(NULL, n, sizeof *d);
    if (!d)
        return nomem(err);
    for (size_t i = 0; i < n; i++) {
        d[i] = incstat_strndup(v[i], strlen(v[i]));
        if (!d[i]) {
            free_strings(d, i);
            return nomem(err);
        }
    }
    *out = d;
    return INCSTAT_OK;
}

/* A copy of n doubles (src NULL: *out NULL). */
static incstat_status dup_doubles(const double *src, size_t n, double **out, incstat_error *err)
{
    *out = NULL;
    if (!src)
        return INCSTAT_OK;
    double *d = incstat_reallocarray(NULL, n, sizeof *d);
    if (!d)
        return nomem(err);
    memcpy(d, src, n * sizeof *d);
    *out = d;
    return INCSTAT_OK;
}

static incstat_status need_chart(const incstat_chart *c, incstat_error *err)
{
    incstat_clear_error(err);
    if (!c)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: chart is NULL");
    return INCSTAT_OK;
}

static incstat_status wrong_kind(const incstat_chart *c, const char *what, incstat_error *err)
{
    return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: %s does not apply to a %s chart",
                             what, kind_name(c->kind));
}

/* The period-length arrays must match the periods. */
static incstat_status need_periods(const incstat_chart *c, size_t n, const char *what,
                                   incstat_error *err)
{
    if (c->kind == INCSTAT_CHART_HEATMAP || c->kind == INCSTAT_CHART_MAP)
        return wrong_kind(c, what, err);
    if (c->n_periods == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: %s: set the periods first", what);
    if (n != c->n_periods)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: %s has %zu values for %zu periods", what, n,
                                 c->n_periods);
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_text(incstat_chart *c, incstat_chart_text which,
                                      const char *text, incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if ((unsigned)which >= INCSTAT_CHART_TEXT_COUNT)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: unknown text %d",
                                 (int)which);
    char *copy;
    if ((st = dup_text(text, "text", &copy, err)))
        return st;
    incstat_free_mem(c->text[which]);
    c->text[which] = copy;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_style(incstat_chart *c, const incstat_chart_style *style,
                                       incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    incstat_chart_style s;
    if (style)
        s = *style;
    else
        memset(&s, 0, sizeof s);
    if (s.n_palette > INCSTAT_CHART_PALETTE_MAX)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: palette has %zu colours (at most %d)", s.n_palette,
                                 INCSTAT_CHART_PALETTE_MAX);
    if ((unsigned)s.theme > INCSTAT_CHART_THEME_DARK)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: unknown theme %d",
                                 (int)s.theme);
    if (!(s.width >= 0) || !(s.height >= 0) || !(s.dpi >= 0) || !(s.font_size >= 0) ||
        !isfinite(s.width) || !isfinite(s.height) || !isfinite(s.dpi) ||
        !isfinite(s.font_size))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: style sizes must be finite and not negative");
    char *font = NULL, *date = NULL;
    if ((st = dup_text(s.font_family, "font family", &font, err)))
        return st;
    if ((st = dup_text(s.pdf_date, "PDF date", &date, err))) {
        incstat_free_mem(font);
        return st;
    }
    incstat_free_mem(c->font_family);
    incstat_free_mem(c->pdf_date);
    c->font_family = font;
    c->pdf_date = date;
    s.font_family = font;
    s.pdf_date = date;
    c->style = s;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_periods(incstat_chart *c, const char *const *labels, size_t n,
                                         incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind == INCSTAT_CHART_HEATMAP || c->kind == INCSTAT_CHART_MAP)
        return wrong_kind(c, "periods", err);
    if (!labels || n == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: no periods");
    if (c->n_series && n != c->n_periods)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: %zu periods for series of %zu values", n,
                                 c->n_periods);
    char **copy;
    if ((st = dup_strings(labels, n, "period label", &copy, err)))
        return st;
    free_strings(c->periods, c->n_periods);
    if (n != c->n_periods) { /* counts of other periods */
        incstat_free_mem(c->unknown);
        c->unknown = NULL;
    }
    c->periods = copy;
    c->n_periods = n;
    return INCSTAT_OK;
}

incstat_status incstat_chart_add_series(incstat_chart *c, const char *name,
                                        const double *values, size_t n, incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if ((st = need_periods(c, n, "series", err)))
        return st;
    if (!values)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: series values are NULL");
    if ((c->kind == INCSTAT_CHART_BAR || c->kind == INCSTAT_CHART_RANGE) && c->n_series == 1)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: a %s chart takes one series",
                                 kind_name(c->kind));
    if (c->n_series >= 1024)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "chart: more than 1024 series");
    chart_series s;
    if ((st = dup_text(name, "series name", &s.name, err)))
        return st;
    if ((st = dup_doubles(values, n, &s.v, err))) {
        incstat_free_mem(s.name);
        return st;
    }
    chart_series *ns = incstat_reallocarray(c->series, c->n_series + 1, sizeof *ns);
    if (!ns) {
        incstat_free_mem(s.name);
        incstat_free_mem(s.v);
        return nomem(err);
    }
    c->series = ns;
    c->series[c->n_series++] = s;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_flags(incstat_chart *c, const unsigned char *flags, size_t n,
                                       incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if ((st = need_periods(c, n, "flags", err)))
        return st;
    if (!flags)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: flags are NULL");
    unsigned char *copy = incstat_malloc(n);
    if (!copy)
        return nomem(err);
    memcpy(copy, flags, n);
    incstat_free_mem(c->flags);
    c->flags = copy;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_unknown(incstat_chart *c, const uint64_t *counts, size_t n,
                                         incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if ((st = need_periods(c, n, "unknown counts", err)))
        return st;
    if (!counts)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: unknown counts are NULL");
    uint64_t *copy = incstat_reallocarray(NULL, n, sizeof *copy);
    if (!copy)
        return nomem(err);
    memcpy(copy, counts, n * sizeof *copy);
    incstat_free_mem(c->unknown);
    c->unknown = copy;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_range(incstat_chart *c, const double *lo, const double *hi,
                                       size_t n, int band, incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind != INCSTAT_CHART_RANGE && c->kind != INCSTAT_CHART_BAR)
        return wrong_kind(c, "a low-high range", err);
    if ((st = need_periods(c, n, "range", err)))
        return st;
    if (!lo || !hi)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: range bounds are NULL");
    double *l, *h;
    if ((st = dup_doubles(lo, n, &l, err)))
        return st;
    if ((st = dup_doubles(hi, n, &h, err))) {
        incstat_free_mem(l);
        return st;
    }
    incstat_free_mem(c->range_lo);
    incstat_free_mem(c->range_hi);
    c->range_lo = l;
    c->range_hi = h;
    c->range_band = band != 0;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_trend(incstat_chart *c, const double *fit, const double *lo,
                                       const double *hi, size_t n, const char *label,
                                       incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind != INCSTAT_CHART_LINE)
        return wrong_kind(c, "a trend", err);
    if ((st = need_periods(c, n, "trend", err)))
        return st;
    if (!fit || !lo != !hi)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: trend needs fit, and lo and hi both or neither");
    double *f = NULL, *l = NULL, *h = NULL;
    char *lab = NULL;
    if ((st = dup_text(label, "trend label", &lab, err)) || (st = dup_doubles(fit, n, &f, err)) ||
        (st = dup_doubles(lo, n, &l, err)) || (st = dup_doubles(hi, n, &h, err))) {
        incstat_free_mem(lab);
        incstat_free_mem(f);
        incstat_free_mem(l);
        return st;
    }
    incstat_free_mem(c->trend);
    incstat_free_mem(c->trend_lo);
    incstat_free_mem(c->trend_hi);
    incstat_free_mem(c->trend_label);
    c->trend = f;
    c->trend_lo = l;
    c->trend_hi = h;
    c->trend_label = lab;
    return INCSTAT_OK;
}

/* A LINE overlay of one value per period (moving average, levels). */
static incstat_status set_overlay(incstat_chart *c, const double *values, size_t n,
                                  const char *label, const char *what, double **dst,
                                  char **dst_label, incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind != INCSTAT_CHART_LINE)
        return wrong_kind(c, what, err);
    if ((st = need_periods(c, n, what, err)))
        return st;
    if (!values)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: %s values are NULL", what);
    double *v;
    char *lab;
    if ((st = dup_text(label, what, &lab, err)))
        return st;
    if ((st = dup_doubles(values, n, &v, err))) {
        incstat_free_mem(lab);
        return st;
    }
    incstat_free_mem(*dst);
    incstat_free_mem(*dst_label);
    *dst = v;
    *dst_label = lab;
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_moving_average(incstat_chart *c, const double *values, size_t n,
                                                const char *label, incstat_error *err)
{
    return set_overlay(c, values, n, label, "moving average", c ? &c->ma : NULL,
                       c ? &c->ma_label : NULL, err);
}

incstat_status incstat_chart_set_levels(incstat_chart *c, const double *values, size_t n,
                                        const char *label, incstat_error *err)
{
    return set_overlay(c, values, n, label, "levels", c ? &c->levels : NULL,
                       c ? &c->levels_label : NULL, err);
}

incstat_status incstat_chart_set_same_span(incstat_chart *c, double value, const char *label,
                                           incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind != INCSTAT_CHART_LINE && c->kind != INCSTAT_CHART_BAR)
        return wrong_kind(c, "a same-span value", err);
    if (isinf(value))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: same-span value not finite");
    char *lab;
    if ((st = dup_text(label, "same-span label", &lab, err)))
        return st;
    incstat_free_mem(c->same_span_label);
    c->same_span_label = lab;
    c->same_span = value;
    c->has_same_span = 1;
    return INCSTAT_OK;
}

incstat_status incstat_chart_add_marker(incstat_chart *c, double position, const char *label,
                                        incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind != INCSTAT_CHART_LINE)
        return wrong_kind(c, "a marker", err);
    if (!isfinite(position))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: marker position not finite");
    if (c->n_markers >= 1024)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "chart: more than 1024 markers");
    char *lab;
    if ((st = dup_text(label, "marker label", &lab, err)))
        return st;
    chart_marker *m = incstat_reallocarray(c->markers, c->n_markers + 1, sizeof *m);
    if (!m) {
        incstat_free_mem(lab);
        return nomem(err);
    }
    c->markers = m;
    c->markers[c->n_markers].pos = position;
    c->markers[c->n_markers].label = lab;
    c->n_markers++;
    return INCSTAT_OK;
}

/* ---- annotations (BAR, LINE, RANGE) ---------------------------------------- */

static int annotated_kind(const incstat_chart *c)
{
    return c->kind == INCSTAT_CHART_BAR || c->kind == INCSTAT_CHART_LINE ||
           c->kind == INCSTAT_CHART_RANGE;
}

/* The checks every annotation shares: the kind, and period (when
 * check_period) among the periods. */
static incstat_status need_annotation(const incstat_chart *c, int check_period, size_t period,
                                      const char *what, incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (!annotated_kind(c))
        return wrong_kind(c, what, err);
    if (c->n_periods == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: %s: set the periods first", what);
    if (check_period && period >= c->n_periods)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: %s: period %zu of %zu", what, period + 1,
                                 c->n_periods);
    return INCSTAT_OK;
}

incstat_status incstat_chart_set_highlight(incstat_chart *c, size_t period, incstat_error *err)
{
    incstat_status st = need_annotation(c, 1, period, "a highlight", err);
    if (st)
        return st;
    c->has_highlight = 1;
    c->highlight = period;
    return INCSTAT_OK;
}

/* Grow an array of n elements of size sz by one (at most max); NULL when
 * full (*full set) or out of memory. */
static void *grow(void *p, size_t n, size_t sz, size_t max, int *full)
{
    *full = n >= max;
    return *full ? NULL : incstat_reallocarray(p, n + 1, sz);
}

incstat_status incstat_chart_add_window(incstat_chart *c, size_t first, size_t last,
                                        const char *label, incstat_error *err)
{
    incstat_status st = need_annotation(c, 1, last, "a window", err);
    if (st)
        return st;
    if (first > last)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: a window from period %zu to %zu", first + 1, last + 1);
    char *lab;
    int full;
    if ((st = dup_text(label, "window label", &lab, err)))
        return st;
    chart_window *w = grow(c->windows, c->n_windows, sizeof *w, 16, &full);
    if (!w) {
        incstat_free_mem(lab);
        return full ? incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "chart: more than 16 windows")
                    : nomem(err);
    }
    c->windows = w;
    c->windows[c->n_windows++] = (chart_window){first, last, lab};
    return INCSTAT_OK;
}

incstat_status incstat_chart_add_threshold(incstat_chart *c, double value, const char *label,
                                           incstat_error *err)
{
    incstat_status st = need_annotation(c, 0, 0, "a threshold", err);
    if (st)
        return st;
    if (!isfinite(value))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: threshold not finite");
    char *lab;
    int full;
    if ((st = dup_text(label, "threshold label", &lab, err)))
        return st;
    chart_threshold *t = grow(c->thresholds, c->n_thresholds, sizeof *t, 16, &full);
    if (!t) {
        incstat_free_mem(lab);
        return full ? incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                        "chart: more than 16 thresholds")
                    : nomem(err);
    }
    c->thresholds = t;
    c->thresholds[c->n_thresholds++] = (chart_threshold){value, lab};
    return INCSTAT_OK;
}

incstat_status incstat_chart_add_label(incstat_chart *c, size_t period, const char *label,
                                       incstat_error *err)
{
    incstat_status st = need_annotation(c, 1, period, "a label", err);
    if (st)
        return st;
    if (!label)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: label is NULL");
    char *lab;
    int full;
    if ((st = dup_text(label, "label", &lab, err)))
        return st;
    chart_label *l = grow(c->labels, c->n_labels, sizeof *l, 64, &full);
    if (!l) {
        incstat_free_mem(lab);
        return full ? incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "chart: more than 64 labels")
                    : nomem(err);
    }
    c->labels = l;
    c->labels[c->n_labels++] = (chart_label){period, lab};
    return INCSTAT_OK;
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

incstat_status incstat_chart_set_grid(incstat_chart *c, const char *const *row_labels,
                                      size_t rows, const char *const *col_labels, size_t cols,
                                      const double *values, incstat_error *err)
{
    incstat_status st = need_chart(c, err);
    if (st)
        return st;
    if (c->kind != INCSTAT_CHART_HEATMAP)
        return wrong_kind(c, "a grid", err);
    if (!row_labels || !values || rows == 0 || cols == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: empty grid");
    if (!col_labels && cols != 12)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: %zu columns need column labels (12 default to months)",
                                 cols);
    if (rows > SIZE_MAX / cols || rows * cols > SIZE_MAX / sizeof(double))
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "chart: grid too large");
    char **rl = NULL, **cl = NULL;
    double *g = NULL;
    if ((st = dup_strings(row_labels, rows, "row label", &rl, err)))
        return st;
    if ((st = dup_strings(col_labels ? col_labels : month_abbr, cols, "column label", &cl,
                          err)) ||
        (st = dup_doubles(values, rows * cols, &g, err))) {
        free_strings(rl, rows);
        free_strings(cl, cols);
        return st;
    }
    free_strings(c->row_labels, c->rows);
    free_strings(c->col_labels, c->cols);
    incstat_free_mem(c->grid);
    c->row_labels = rl;
    c->col_labels = cl;
    c->rows = rows;
    c->cols = cols;
    c->grid = g;
    return INCSTAT_OK;
}

/* ---- style -------------------------------------------------------------- */

/* Okabe & Ito (2008), ordered so that neighbours in a stack differ in
 * lightness too (readable in greyscale): blue, orange, bluish green, reddish
 * purple, sky blue, vermillion, yellow, black. */
static const uint32_t okabe_ito[8] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
                                      0x56B4E9, 0xD55E00, 0xF0E442, 0x000000};

void incstat_chart_style_defaults(incstat_chart_style *s)
{
    memset(s, 0, sizeof *s);
    s->width = 800;
    s->height = 480;
    s->dpi = 72;
    s->theme = INCSTAT_CHART_THEME_LIGHT;
    s->font_family = INCSTAT_CHART_DEFAULT_FONT;
    memcpy(s->palette, okabe_ito, sizeof okabe_ito);
    s->n_palette = 8;
}

void chart_resolve_style(const incstat_chart_style *in, incstat_chart_style *out)
{
    incstat_chart_style d;
    incstat_chart_style_defaults(&d);
    *out = *in;
    if (out->width <= 0)
        out->width = d.width;
    if (out->height <= 0)
        out->height = d.height;
    if (out->dpi <= 0)
        out->dpi = d.dpi;
    if (!out->font_family || !*out->font_family)
        out->font_family = d.font_family;
    if (out->n_palette == 0) {
        memcpy(out->palette, d.palette, sizeof d.palette);
        out->n_palette = d.n_palette;
    }
}

const char *chart_partial_word(const char *label)
{
    size_t n = strlen(label), digits = 0;
    while (digits < n && label[digits] >= '0' && label[digits] <= '9')
        digits++;
    if (digits == 4 && n == 4)
        return "partial year";
    if (digits == 4 && n == 7 && (label[4] == '-' || label[4] == '/'))
        return "partial month";
    return "partial period";
}

/* ---- pure helpers ------------------------------------------------------- */

incstat_status incstat_chart_nice_ticks(double lo, double hi, size_t max_ticks,
                                        incstat_chart_ticks *out, incstat_error *err)
{
    incstat_clear_error(err);
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "ticks: out is NULL");
    memset(out, 0, sizeof *out);
    if (!isfinite(lo) || !isfinite(hi))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "ticks: range is not finite");
    if (lo > hi)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "ticks: low %g above high %g", lo,
                                 hi);
    if (max_ticks < 2)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "ticks: max_ticks %zu below 2",
                                 max_ticks);
    if (max_ticks > 1000)
        max_ticks = 1000;
    if (lo == hi) {
        /* 0..0 -> 0..1; otherwise a band around the value that keeps zero on
         * the side it was */
        if (lo == 0) {
            hi = 1;
        } else {
            double d = fabs(lo) * 0.1;
            if (lo > 0) {
                hi = lo + d;
                lo = lo - d;
            } else {
                lo = lo - d;
                hi = hi + d;
            }
        }
    }
    /* half-differences so that -DBL_MAX..DBL_MAX does not overflow */
    double raw = (hi / 2 - lo / 2) * 2 / (double)(max_ticks - 1);
    if (!isfinite(raw) || raw <= 0)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "ticks: range too wide");
    double mag = pow(10, floor(log10(raw)));
    if (mag == 0)
        mag = DBL_MIN;
    static const double mult[] = {1, 2, 5};
    for (int k = 0; k < 40; k++, mag *= 10) {
        for (int j = 0; j < 3; j++) {
            double step = mult[j] * mag;
            if (!isfinite(step))
                return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "ticks: range too wide");
            /* tolerance: 0.3 / 0.1 is 2.9999999999999996 */
            double k0 = floor(lo / step + 1e-9), k1 = ceil(hi / step - 1e-9);
            double count = k1 - k0 + 1;
            if (count > (double)max_ticks)
                continue;
            double tlo = k0 * step, thi = k1 * step;
            if (!isfinite(tlo) || !isfinite(thi))
                return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "ticks: range too wide");
            if (count < 2) { /* lo and hi on one tick: cannot happen after widening */
                thi = tlo + step;
                count = 2;
            }
            out->lo = tlo == 0 ? 0 : tlo;
            out->hi = thi == 0 ? 0 : thi;
            out->step = step;
            out->n = (size_t)count;
            double e = floor(log10(step) + 1e-9);
            out->decimals = e >= 0 ? 0 : (int)-e;
            return INCSTAT_OK;
        }
    }
    return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "ticks: no step found");
}

double incstat_chart_tick_value(const incstat_chart_ticks *t, size_t i)
{
    double k0 = floor(t->lo / t->step + 0.5);
    double v = (k0 + (double)i) * t->step;
    return v == 0 ? 0 : v;
}

double incstat_chart_map(double v, double d0, double d1, double p0, double p1)
{
    if (isnan(v))
        return v;
    if (d0 == d1)
        return p0 + (p1 - p0) / 2;
    return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
}

size_t incstat_chart_format_number(double v, int decimals, char *buf, size_t size)
{
    char tmp[400], out[560];
    size_t n = 0;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 20)
        decimals = 20;
    if (isnan(v)) {
        strcpy(out, "NaN");
        n = 3;
    } else if (isinf(v)) {
        strcpy(out, v < 0 ? "-inf" : "inf");
        n = strlen(out);
    } else {
        int len = snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v));
        if (len < 0 || (size_t)len >= sizeof tmp)
            len = 0;
        int nonzero = 0;
        for (int i = 0; i < len; i++)
            if (tmp[i] >= '1' && tmp[i] <= '9')
                nonzero = 1;
        if (v < 0 && nonzero) /* no "-0" */
            out[n++] = '-';
        int intlen = 0;
        while (intlen < len && tmp[intlen] != '.')
            intlen++;
        for (int i = 0; i < intlen; i++) {
            if (i > 0 && (intlen - i) % 3 == 0)
                out[n++] = ',';
            out[n++] = tmp[i];
        }
        for (int i = intlen; i < len; i++)
            out[n++] = tmp[i];
        out[n] = '\0';
    }
    if (size) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(buf, out, c);
        buf[c] = '\0';
    }
    return n;
}

int chart_boxes_overlap(const incstat_chart_box *a, const incstat_chart_box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static int box_valid(const incstat_chart_box *b)
{
    return !isnan(b->x0) && !isnan(b->x1) && !isnan(b->y0) && !isnan(b->y1) &&
           b->x0 <= b->x1 && b->y0 <= b->y1;
}

size_t incstat_chart_place_labels(const incstat_chart_box *boxes, size_t n, size_t n_fixed,
                                  const double *priority, double pad, unsigned char *keep)
{
    /* keep[] doubles as the state: 0 undecided, 1 kept, 2 dropped */
    enum { UNDECIDED = 0, KEPT = 1, DROPPED = 2 };
    double half = (isfinite(pad) && pad > 0) ? pad / 2 : 0;
    size_t kept = 0;
    if (n_fixed > n)
        n_fixed = n;
    for (size_t i = 0; i < n; i++)
        keep[i] = !box_valid(&boxes[i]) ? DROPPED : i < n_fixed ? KEPT : UNDECIDED;
    for (;;) {
        size_t best = n;
        for (size_t i = n_fixed; i < n; i++) {
            if (keep[i] != UNDECIDED)
                continue;
            if (best == n)
                best = i;
            else if (priority) {
                double p = priority[i], q = priority[best];
                if ((!isnan(p) && isnan(q)) || p > q)
                    best = i;
            }
        }
        if (best == n)
            break;
        incstat_chart_box a = boxes[best];
        a.x0 -= half;
        a.x1 += half;
        a.y0 -= half;
        a.y1 += half;
        int ok = 1;
        for (size_t j = 0; j < n && ok; j++) {
            if (keep[j] != KEPT)
                continue;
            incstat_chart_box b = boxes[j];
            b.x0 -= half;
            b.x1 += half;
            b.y0 -= half;
            b.y1 += half;
            if (chart_boxes_overlap(&a, &b))
                ok = 0;
        }
        keep[best] = ok ? KEPT : DROPPED;
        kept += ok;
    }
    for (size_t i = 0; i < n; i++)
        keep[i] = keep[i] == KEPT;
    return kept;
}

size_t incstat_chart_label_stride(double label_width, double slot_width, double gap)
{
    if (!(slot_width > 0) || !isfinite(slot_width) || isnan(label_width))
        return 0;
    if (!(gap >= 0))
        gap = 0;
    double need = label_width + gap;
    static const size_t mult[] = {1, 2, 5};
    for (size_t p = 1; p <= (size_t)1e15; p *= 10)
        for (int j = 0; j < 3; j++) {
            size_t s = mult[j] * p;
            if ((double)s * slot_width >= need)
                return s;
        }
    return 0;
}
