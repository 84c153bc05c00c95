/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_internal.h (private): the chart description and the drawing
 * context shared by the files of src/chart.  Never installed.
 *
 * Who calls whom (no file calls a file above it): chart_write.c -> chart_draw.c
 * (frame, dispatch) -> chart_periods.c, chart_panels.c -> chart_annotate.c
 * (labels, annotations, cut marks) -> chart_axes.c -> chart_paint.c (buffer,
 * colours, text); chart.c (the description, styles, ticks, label placement)
 * calls none of them. */
#ifndef INCSTAT_SRC_CHART_INTERNAL_H
#define INCSTAT_SRC_CHART_INTERNAL_H

#include <pango/pangocairo.h>
#include "incstat/chart.h"
#include "core/internal.h"

#define CHART_PI 3.14159265358979323846

typedef struct {
    char *name;
    double *v;
} chart_series;

typedef struct {
    double pos;
    char *label;
} chart_marker;

/* Annotations of BAR, LINE and RANGE (incstat_chart_add_window, _threshold,
 * _label). */
typedef struct {
    size_t first, last;
    char *label;
} chart_window;

typedef struct {
    double value;
    char *label;
} chart_threshold;

typedef struct {
    size_t period;
    char *label;
} chart_label;

struct incstat_chart {
    incstat_chart_kind kind;
    char *text[INCSTAT_CHART_TEXT_COUNT];
    incstat_chart_style style; /* its strings point to font_family and pdf_date */
    char *font_family;
    char *pdf_date;

    char **periods;
    size_t n_periods;
    unsigned char *flags; /* NULL: none flagged */
    uint64_t *unknown;    /* incidents left out of each period's value; NULL: none */
    chart_series *series;
    size_t n_series;

    double *range_lo, *range_hi; /* RANGE */
    int range_band;

    double *trend, *trend_lo, *trend_hi; /* LINE */
    char *trend_label;
    double *ma;
    char *ma_label;
    double *levels;     /* segment levels between change points, drawn as steps */
    char *levels_label;
    chart_marker *markers;
    size_t n_markers;
    /* BAR, LINE: the period before the partial one over the same span */
    int has_same_span;
    double same_span;
    char *same_span_label; /* "to 25 Nov", by the partial period; may be NULL */

    /* annotations */
    int has_highlight;
    size_t highlight;
    chart_window *windows;
    size_t n_windows;
    chart_threshold *thresholds;
    size_t n_thresholds;
    chart_label *labels;
    size_t n_labels;

    char **row_labels, **col_labels; /* HEATMAP */
    size_t rows, cols;
    double *grid;

    struct chart_map_ *map; /* MAP (map_internal.h) */
};

/* ---- drawing ---------------------------------------------------------------- */

typedef struct {
    double r, g, b;
} chart_rgb;

/* Colours of a theme. */
typedef struct {
    chart_rgb bg, fg, muted, grid, axis, bar, accent, line, missing, other;
    int dark;
} chart_theme;

/* A growable byte buffer; failed latches the first allocation failure. */
typedef struct {
    char *p;
    size_t len, cap;
    int failed;
} chart_buf;

void chart_buf_put(chart_buf *b, const char *s, size_t n);

/* An opaque (RGB24) image surface, drawn and in no error state, as PNG
 * bytes appended to out (chart_png.c).  Errors: ENOMEM; EIO if libpng
 * itself fails. */
incstat_status chart_write_png_(cairo_surface_t *s, chart_buf *out, incstat_error *err);
void chart_buf_str(chart_buf *b, const char *s);
void chart_buf_free(chart_buf *b);

/* A region of the chart. */
typedef struct {
    double x0, y0, x1, y1;
} chart_rect;

/* How a piece of text is set. */
enum { CHART_LEFT = 0, CHART_CENTER, CHART_RIGHT };
enum { CHART_TOP = 0, CHART_MIDDLE, CHART_BOTTOM };

typedef struct {
    double size;   /* points */
    int bold;
    double width;  /* wrap (or ellipsize when max_lines == 1) width; 0 = none */
    int max_lines; /* 0 = any; otherwise ellipsized after that many lines */
    int align;     /* CHART_LEFT/CENTER/RIGHT within width */
} chart_font;

typedef struct {
    cairo_t *cr;
    PangoContext *pctx;
    PangoLayout *layout;
    PangoFontDescription *font;
    const incstat_chart *chart;
    incstat_chart_style style; /* resolved: no zeros left */
    chart_theme th;
    double w, h;
    double base; /* base text size */
    chart_buf *sink; /* SVG: every text drawn, one per line; may be NULL */
    int nomem;
    /* a map's dots counted while the page is drawn (map_dots.c); NULL */
    void *map_prep;
    /* tests (chart_text_boxes_): the boxes of the texts drawn; may be NULL */
    incstat_chart_box *rec;
    size_t rec_max, rec_n;
} chart_ctx;

/* The colours of a theme (chart_paint.c). */
void chart_theme_init(chart_theme *t, incstat_chart_theme which);

/* Style with every zero replaced by its default. */
void chart_resolve_style(const incstat_chart_style *in, incstat_chart_style *out);

/* Size of text set in f (logical extents). */
void chart_text_size(chart_ctx *c, const char *s, const chart_font *f, double *w, double *h);
/* The same, and the number of lines after wrapping. */
int chart_text_lines(chart_ctx *c, const char *s, const chart_font *f, double *w, double *h);
/* Draw text so that its box is aligned at (x, y) by halign/valign; returns
 * the box drawn. */
incstat_chart_box chart_text(chart_ctx *c, const char *s, const chart_font *f, double x,
                             double y, int halign, int valign, chart_rgb col);
/* Draw one line rotated by -45 degrees whose right end is at (x, y) (the
 * text hangs down to the left of it). */
void chart_text_rotated(chart_ctx *c, const char *s, const chart_font *f, double x, double y,
                        chart_rgb col);

void chart_set_colour(chart_ctx *c, chart_rgb col, double alpha);
chart_rgb chart_palette(const chart_ctx *c, size_t i);
chart_rgb chart_mix(chart_rgb a, chart_rgb b, double t);
chart_rgb chart_sequential(const chart_ctx *c, double t);
/* Fill rectangle with diagonal hatching in col over a tint of col. */
void chart_hatch_rect(chart_ctx *c, double x, double y, double w, double h, chart_rgb col,
                      double tint_alpha);
int chart_boxes_overlap(const incstat_chart_box *a, const incstat_chart_box *b);


/* Legend entry and footnote collection (done before the plot region is known). */
typedef enum { CHART_KEY_BOX = 0, CHART_KEY_LINE, CHART_KEY_DASH, CHART_KEY_BAND,
               CHART_KEY_POINT, CHART_KEY_HATCH, CHART_KEY_WHISKER } chart_key_shape;
typedef struct {
    const char *label;
    chart_rgb col;
    chart_key_shape shape;
} chart_key;

/* The period axis (x: one slot per period; y: nice ticks), shared by the
 * period kinds and the panels of MULTIPLES. */
typedef struct {
    chart_ctx *c;
    const incstat_chart *ch;
    chart_rect r;                    /* region given to the layout */
    double left, right, top, bottom; /* the data area */
    double slot;                     /* width of one period */
    double th;                       /* tick text height */
    incstat_chart_ticks t;
    chart_font tf;
    size_t stride, offset; /* x labels shown: offset, offset + stride, ...; stride 0: none */
    int rotate;            /* x labels at 45 degrees */
    double wrap;           /* x labels wrapped to this width (0: not) */
    int kind;              /* period labels: 1 years, 2 "YYYY-MM", 0 other */
} chart_axes;

/* Lay out the axes in r with headroom above the data area for annotations;
 * the y range covers [vmin, vmax]; show_x/show_y: reserve room for labels. */
void chart_axes_layout(chart_ctx *c, chart_axes *a, chart_rect r, double headroom,
                       double vmin, double vmax, int show_x, int show_y);
double chart_axes_x(const chart_axes *a, double i);
double chart_axes_y(const chart_axes *a, double v);
void chart_axes_grid(chart_ctx *c, const chart_axes *a, int show_y);
size_t chart_axes_tick_boxes(chart_ctx *c, const chart_axes *a, incstat_chart_box *out);
void chart_axes_baseline(chart_ctx *c, const chart_axes *a);
void chart_axes_xlabels(chart_ctx *c, const chart_axes *a);
double chart_y_label(chart_ctx *c, chart_rect r);
double chart_stub_height(const chart_ctx *c, const chart_axes *a);
void chart_missing_stub(chart_ctx *c, const chart_axes *a, double xc, double bw);
int chart_period_missing(const incstat_chart *ch, size_t i);
int chart_period_partial(const incstat_chart *ch, size_t i);
/* Missing without the flag: every value NaN where the source has the period. */
int chart_period_unknown(const incstat_chart *ch, size_t i);
/* Incidents period i's value leaves out (incstat_chart_set_unknown); 0 for a
 * missing period. */
uint64_t chart_period_left_out(const incstat_chart *ch, size_t i);
chart_rgb chart_series_colour(const chart_ctx *c, size_t s);

/* ---- labels and annotations over the period kinds (chart_annotate.c) ---- */

/* Labels over a plot: obstacles first (bars, tick labels, placed
 * annotations: n_fixed of them), then candidates with priorities, placed by
 * incstat_chart_place_labels and drawn by chart_labels_draw. */
typedef struct {
    incstat_chart_box *box;
    double *prio;
    unsigned char *keep;
    const char **text; /* candidates only: may point into strs */
    char (*strs)[96];
    chart_rgb *col;
    int *bold;
    double *size;
    size_t n, n_fixed, cap;
} chart_label_set;

/* Room for cap labels; 0 (c->nomem set) when out of memory. */
int chart_labels_init(chart_ctx *c, chart_label_set *L, size_t cap);
void chart_labels_free(chart_label_set *L);
/* An obstacle; call before any candidate is added. */
void chart_labels_fixed(chart_label_set *L, incstat_chart_box b);
/* A candidate centred on x with its bottom (above) or top (below) at y,
 * kept inside [xmin, xmax]; text cut at 95 bytes. */
void chart_labels_add(chart_ctx *c, chart_label_set *L, const char *s, const chart_font *f,
                      double x, double y, int above, double xmin, double xmax, double prio,
                      chart_rgb col);
/* Place the candidates (pad apart) and draw those kept. */
void chart_labels_draw(chart_ctx *c, chart_label_set *L, double pad);
/* The width of a bar in a slot of a. */
double chart_bar_width(const chart_axes *a);

/* The label incstat_chart_add_label gave period i (the last one), or NULL. */
const char *chart_period_label(const incstat_chart *ch, size_t i);
/* BAR with a range: whiskers over each bar, obstacles in L. */
void chart_draw_whiskers(chart_ctx *c, const chart_axes *a, chart_label_set *L);
/* The windows, shaded behind the data up to their labels' row, whose top is
 * label_top and height row_h. */
void chart_draw_windows(chart_ctx *c, const chart_axes *a, double label_top, double row_h);
void chart_draw_threshold_lines(chart_ctx *c, const chart_axes *a);
/* The labels of periods, then of thresholds, each placed clear of what L
 * holds and added to it as an obstacle (so before any candidate). */
void chart_place_annotations(chart_ctx *c, const chart_axes *a, chart_label_set *L);
void chart_place_threshold_labels(chart_ctx *c, const chart_axes *a, chart_label_set *L);
/* LINE, RANGE: the highlighted period's point. */
void chart_highlight_point(chart_ctx *c, const chart_axes *a);
/* LINE: the marks where the band (or trend) is cut at the plot's edge, the
 * note of how far it reaches in the row whose top is label_top. */
void chart_draw_cuts(chart_ctx *c, const chart_axes *a, double label_top);

/* Period kinds: the legend entries (up to max) and the footnote (into buf). */
size_t chart_period_legend(chart_ctx *c, chart_key *keys, size_t max);
void chart_period_footnote(chart_ctx *c, chart_buf *out);
void chart_draw_periods(chart_ctx *c, chart_rect r);
void chart_draw_heatmap(chart_ctx *c, chart_rect r);
/* (map_dots.c) Before a map is drawn: its dots counted, and their places'
 * memory made, on a thread of their own while the page is drawn (a single
 * panel of 100,000 dots or more, on an image, when the map may use
 * threads).  After: anything not used let go. */
void chart_map_prepare_(chart_ctx *c);
void chart_map_release_(chart_ctx *c);

/* The colour classes of a heatmap (chart_panels.c): class k holds values
 * from lo[k] (included) up to lo[k + 1] (the last is open-ended); with
 * zero, class 0 holds exactly 0 (and anything below).  mark: cells above
 * it show their value (INFINITY: none do).  n = 0 when no value is
 * finite. */
#define CHART_HEAT_MAX_CLASSES 7
typedef struct {
    double lo[CHART_HEAT_MAX_CLASSES];
    size_t n;
    int zero;
    int integers; /* every finite value is whole: "10-19" rather than "10-20" */
    double mark;
    size_t n_marked;
} chart_heat_classes;

/* Classes for the n values v (NaN skipped): 0 its own class, the other
 * breaks round numbers (1, 2 or 5 times a power of ten) near the quantiles
 * of the values above 0, at most 5 of them, the top class open-ended; marks
 * the values above 1.5 times the top class's lower bound, raised to a
 * round number so that at most 8 cells are marked.  No allocation for n up
 * to 4096 values (more are sampled). */
void chart_heat_classes_(const double *v, size_t n, chart_heat_classes *out);
/* The class of value x (NaN: n). */
size_t chart_heat_class_of(const chart_heat_classes *hc, double x);
/* The colour of class k: 0 alone a light neutral, then the sequential
 * scale from light to dark (on paper). */
chart_rgb chart_heat_class_colour(const chart_ctx *c, const chart_heat_classes *hc, size_t k);
/* The label of class k into buf: "0", "1-9", "under 10", "100 or more". */
void chart_heat_class_label(const chart_heat_classes *hc, size_t k, char *buf, size_t cap);
/* HEATMAP's footnote (the marked cells, the caller's note) into out. */
void chart_heatmap_footnote(chart_ctx *c, chart_buf *out);

/* Tests: every horizontal text a chart draws, as boxes in drawing order
 * (rotated labels are left out).  The chart is drawn w x h on a recording
 * surface; *n gets how many were drawn (only the first max are stored).
 * Errors as incstat_chart_draw. */
incstat_status chart_text_boxes_(const incstat_chart *chart, double w, double h,
                                 incstat_chart_box *boxes, size_t max, size_t *n,
                                 incstat_error *err);
void chart_draw_multiples(chart_ctx *c, chart_rect r);
/* MAP (map_draw.c): checked, footnote, drawn. */
incstat_status chart_map_check_(const incstat_chart *ch, incstat_error *err);
void chart_map_footnote_(chart_ctx *c, chart_buf *out);
void chart_map_caption_(chart_ctx *c, chart_buf *out);
void chart_draw_map_(chart_ctx *c, chart_rect r);

/* Validation and rendering shared by draw and write; sink may be NULL. */
incstat_status chart_check(const incstat_chart *chart, incstat_error *err);
incstat_status chart_render(const incstat_chart *chart, const incstat_chart_style *style,
                            cairo_t *cr, double w, double h, chart_buf *sink,
                            incstat_error *err);

/* Period label "2017" -> "partial year" etc. */
const char *chart_partial_word(const char *label);

#endif
