/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/chart.h: charts of yearly or monthly series, drawn with Cairo and
 * Pango.
 *
 * A chart is a description (periods, series, flags, annotations, texts and a
 * style) held in an opaque incstat_chart.  The library copies everything it
 * is given.  incstat_chart_draw() draws the description onto any cairo_t the
 * caller owns; incstat_chart_write() and incstat_chart_write_stream() make
 * PNG, PDF or SVG output.  Drawing knows nothing of CSV or statistics: the
 * caller computes trends, bands and top-N categories (the report and the
 * command line build their charts from summaries in src/chart/chart_summary.c,
 * which is not part of this API).
 *
 * Kinds and what they use:
 *   BAR        periods + one series (+ flags): one bar per period, value
 *              labels, the peak highlighted and annotated ("2009: 1,146
 *              killed" with the UNIT text), missing periods as a hatched stub
 *              and a footnote, partial periods hatched with a footnote (and
 *              the period before over the same span as a line across its
 *              bar, incstat_chart_set_same_span()); with
 *              incstat_chart_set_range(), whiskers from low to high.
 *   LINE       periods + one or more series (+ flags, trend with band, moving
 *              average, markers for change points); a partial period is an
 *              open circle the line does not reach (and the period before
 *              over the same span an open diamond joined to it by a dashed
 *              segment).
 *   RANGE      periods + one series (best) + incstat_chart_set_range().
 *   STACKED    periods + one series per category, stacked in the order added
 *              (a category named "Other" is drawn in neutral grey).
 *   HEATMAP    incstat_chart_set_grid(): rows (years) x columns (months).
 *   MULTIPLES  periods + one series per panel, shared axes.
 *   MAP        boundaries + dots and/or shaded regions, panel by panel
 *              (incstat/map.h: incstat_map_*).
 *
 * Annotations (BAR, LINE, RANGE), for a chart about one claim ("2023, the
 * deadliest year since 2015, more than 1,600 killed"): one period
 * highlighted (incstat_chart_set_highlight), shaded windows of periods
 * (incstat_chart_add_window), dashed horizontal thresholds
 * (incstat_chart_add_threshold) and labels on periods
 * (incstat_chart_add_label).
 *
 * Text: every string is UTF-8 and drawn by Pango through fontconfig, so any
 * script renders when a font covering it is installed.  The default family
 * list is INCSTAT_CHART_DEFAULT_FONT; characters none of them covers come
 * from fontconfig's fallback for "sans-serif" (e.g. Noto Sans CJK or WenQuanYi
 * for Chinese); with no covering font at all Pango draws hex boxes.
 *
 * Determinism: the same description and style give byte-identical PNG, SVG
 * and PDF output on the same system (same cairo, Pango and fonts).  Glyphs
 * are unhinted with grey antialiasing, so output does not depend on the
 * user's fontconfig hinting settings, and Pango's language is fixed ("en")
 * rather than taken from the locale.  PDFs carry no creation date unless
 * the style gives one; SVG ids that cairo numbers process-wide are
 * renumbered.
 *
 * Memory: Pango and GLib abort the process if they cannot allocate (their
 * policy, not ours); incstat's own allocations report INCSTAT_ENOMEM.
 *
 * Thread safety: distinct charts may be drawn from distinct threads; one chart
 * may be drawn from several threads at once (drawing does not modify it). */
#ifndef INCSTAT_CHART_H
#define INCSTAT_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cairo.h>
#include "incstat/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct incstat_chart incstat_chart;

typedef enum {
    INCSTAT_CHART_BAR = 0,
    INCSTAT_CHART_LINE,
    INCSTAT_CHART_RANGE,
    INCSTAT_CHART_STACKED,
    INCSTAT_CHART_HEATMAP,
    INCSTAT_CHART_MULTIPLES,
    INCSTAT_CHART_MAP           /* boundaries, dots, shaded regions: incstat/map.h */
} incstat_chart_kind;

typedef enum {
    INCSTAT_CHART_FORMAT_AUTO = 0, /* from the file name's extension (.png .pdf .svg) */
    INCSTAT_CHART_FORMAT_PNG,
    INCSTAT_CHART_FORMAT_PDF,
    INCSTAT_CHART_FORMAT_SVG
} incstat_chart_format;

typedef enum {
    INCSTAT_CHART_THEME_LIGHT = 0,
    INCSTAT_CHART_THEME_DARK
} incstat_chart_theme;

/* The texts of a chart; see incstat_chart_set_text(). */
typedef enum {
    INCSTAT_CHART_TEXT_TITLE = 0,
    INCSTAT_CHART_TEXT_SUBTITLE,
    INCSTAT_CHART_TEXT_CAPTION,      /* source line, bottom left, small */
    INCSTAT_CHART_TEXT_Y_LABEL,      /* above the y axis: the unit, e.g. "People killed" */
    INCSTAT_CHART_TEXT_UNIT,         /* word after the peak value: "killed" */
    INCSTAT_CHART_TEXT_PARTIAL_NOTE, /* footnote text after "2017: "; default from the
                                        period label: "partial year", "partial month"
                                        or "partial period" */
    INCSTAT_CHART_TEXT_MISSING_NOTE, /* default "no data" */
    INCSTAT_CHART_TEXT_UNKNOWN_NOTE, /* footnote text after "2023: " for a period whose
                                        values are all NaN but not flagged missing
                                        (the source covers it; its figure is
                                        unknown); default "unknown" */
    INCSTAT_CHART_TEXT_NOTE,         /* a note of the caller's, added to the footnote
                                        after the chart's own ("No change point
                                        found.") */
    INCSTAT_CHART_TEXT_BAND,         /* LINE: the legend of the trend's band; default
                                        "95% confidence band of the fit" */
    INCSTAT_CHART_TEXT_COUNT
} incstat_chart_text;

/* Per-period flags (incstat_chart_set_flags()).  A NaN value is missing
 * whether flagged or not: drawn "n/a" (a hatched stub, a gap in lines); the
 * footnote names flagged periods with MISSING_NOTE, the others with
 * UNKNOWN_NOTE. */
#define INCSTAT_CHART_MISSING 1u
#define INCSTAT_CHART_PARTIAL 2u

#define INCSTAT_CHART_DEFAULT_FONT "DejaVu Sans, Noto Sans, sans-serif"
#define INCSTAT_CHART_PALETTE_MAX 16

/* Presentation.  All-zero means the defaults; incstat_chart_style_defaults()
 * fills the same values explicitly.  The library copies the struct and the
 * strings it points to. */
typedef struct {
    double width;            /* points (1/72 inch); 0 = 800 */
    double height;           /* points; 0 = 480 */
    double dpi;              /* PNG only: pixels = points * dpi / 72 (rounded);
                                0 = 72, one pixel per point */
    incstat_chart_theme theme;
    const char *font_family; /* Pango family list; NULL = INCSTAT_CHART_DEFAULT_FONT */
    double font_size;        /* base text size in points; 0 = from the chart size
                                (sqrt(width * height) / 50, 9..16, on a half-point
                                grid).  Text sizes are rounded to quarter points:
                                Pango and fontconfig cache fonts per size for the
                                life of the process */
    uint32_t palette[INCSTAT_CHART_PALETTE_MAX]; /* 0xRRGGBB categorical colours */
    size_t n_palette;        /* 0 = Okabe-Ito, ordered to alternate light and dark */
    int hide_value_labels;   /* BAR, STACKED: no value labels */
    int hide_peak;           /* BAR: no peak highlight and annotation */
    const char *pdf_date;    /* PDF CreationDate and ModDate, ISO 8601
                                ("2017-11-30T00:00:00Z"); NULL = none written */
} incstat_chart_style;

/* Fill *style with the defaults (explicit values, not zeros). */
void incstat_chart_style_defaults(incstat_chart_style *style);

/* ---- building a description ---------------------------------------------
 * Every setter copies its arguments and leaves the chart unchanged when it
 * fails.  Errors: EINVAL (NULL arguments, wrong kind, length mismatch,
 * invalid UTF-8), ENOMEM. */

/* A new empty chart of the given kind in *out (NULL on failure); free with
 * incstat_chart_free().  Errors: EINVAL (unknown kind, out NULL), ENOMEM. */
incstat_status incstat_chart_new(incstat_chart_kind kind, incstat_chart **out,
                                 incstat_error *err);
/* Frees the chart and every copy it holds; NULL is a no-op. */
void incstat_chart_free(incstat_chart *chart);
/* The kind given to incstat_chart_new(); chart must not be NULL. */
incstat_chart_kind incstat_chart_get_kind(const incstat_chart *chart);

/* Set (or with text NULL, clear) one of the chart's texts. */
incstat_status incstat_chart_set_text(incstat_chart *chart, incstat_chart_text which,
                                      const char *text, incstat_error *err);

/* Copy the style (NULL: back to the defaults). */
incstat_status incstat_chart_set_style(incstat_chart *chart, const incstat_chart_style *style,
                                       incstat_error *err);

/* The x axis: n period labels ("1995", "2015-03"), n >= 1.  Not for HEATMAP.
 * When series exist, n must equal their length. */
incstat_status incstat_chart_set_periods(incstat_chart *chart, const char *const *labels,
                                         size_t n, incstat_error *err);

/* Add a series of n values (n = the number of periods; NaN = missing).
 * BAR and RANGE take one series; LINE, STACKED and MULTIPLES several (a line,
 * a category, a panel each, in the order added).  name may be NULL for BAR and
 * RANGE.  Not for HEATMAP. */
incstat_status incstat_chart_add_series(incstat_chart *chart, const char *name,
                                        const double *values, size_t n, incstat_error *err);

/* Per-period flags (INCSTAT_CHART_MISSING | INCSTAT_CHART_PARTIAL), n = the
 * number of periods.  Not for HEATMAP. */
incstat_status incstat_chart_set_flags(incstat_chart *chart, const unsigned char *flags,
                                       size_t n, incstat_error *err);

/* How many incidents each period's value leaves out because their figure is
 * unknown (n = the number of periods; not for HEATMAP): a value that is the
 * sum of some known figures only.  Its value label (BAR, STACKED: the total;
 * the peak note) is marked "*" and the footnote names it: "* sum of the
 * known figures only: 2021 (1 unknown), 2023 (12 unknown)". */
incstat_status incstat_chart_set_unknown(incstat_chart *chart, const uint64_t *counts, size_t n,
                                         incstat_error *err);

/* RANGE: low and high per period (NaN = unknown).  band != 0 draws a shaded
 * band instead of error bars.  BAR: whiskers from low to high over the bars
 * (band is ignored). */
incstat_status incstat_chart_set_range(incstat_chart *chart, const double *lo,
                                       const double *hi, size_t n, int band,
                                       incstat_error *err);

/* LINE: a fitted trend (fit) with an optional 95% band (lo and hi, both NULL
 * or both given); label for the legend may be NULL ("Trend"), the band's is
 * INCSTAT_CHART_TEXT_BAND.  The y axis makes room for the trend and band up
 * to half the data's span beyond the data (a model that fits badly must not
 * squash the data into a flat line); a band (or a trend without one) that
 * runs further is cut at the plot's edge, and the cut is drawn: small
 * triangles along the edge where it is cut, pointing the way it goes, and a
 * note over them ("band cut: reaches 2,450"). */
incstat_status incstat_chart_set_trend(incstat_chart *chart, const double *fit,
                                       const double *lo, const double *hi, size_t n,
                                       const char *label, incstat_error *err);

/* LINE: a moving average drawn over the series; label may be NULL
 * ("Moving average"). */
incstat_status incstat_chart_set_moving_average(incstat_chart *chart, const double *values,
                                                size_t n, const char *label,
                                                incstat_error *err);

/* LINE: levels (one value per period, e.g. the mean of each segment between
 * change points) drawn as steps: flat across each period, a vertical step
 * where the value changes; label may be NULL ("Levels").  With levels set,
 * markers are drawn as short ticks with their labels above the plot rather
 * than lines across it.  Errors as incstat_chart_set_moving_average. */
incstat_status incstat_chart_set_levels(incstat_chart *chart, const double *values, size_t n,
                                        const char *label, incstat_error *err);

/* BAR, LINE: how far the partial period reaches and what the period before
 * it had over the same span.  label (may be NULL) is drawn by the partial
 * period ("to 25 Nov"); value (NaN: not known) is the period before's figure
 * over the same span: a BAR chart draws it as a line across that period's
 * bar, a LINE chart as an open diamond on that period joined to the partial
 * point by a dashed segment.  A LINE chart never joins a partial period to
 * its neighbours with the series line (a part period would read as a fall),
 * with or without this call.  Applies to the first partial period (flags)
 * that has a period before it.  Errors: EINVAL (NULL chart, other kinds, an
 * infinite value, invalid UTF-8), ENOMEM. */
incstat_status incstat_chart_set_same_span(incstat_chart *chart, double value,
                                           const char *label, incstat_error *err);

/* LINE: a vertical dashed marker (a change point) at period index position
 * (0-based; fractions fall between periods, 9.5 is between the 10th and 11th
 * period) with an optional label. */
incstat_status incstat_chart_add_marker(incstat_chart *chart, double position,
                                        const char *label, incstat_error *err);

/* BAR, LINE, RANGE: period (0-based) is the subject of the chart: its bar (or
 * point) is drawn in the accent colour in place of the peak's highlight (no
 * peak annotation is drawn).  Errors: EINVAL (other kinds, no periods yet,
 * period out of range). */
incstat_status incstat_chart_set_highlight(incstat_chart *chart, size_t period,
                                           incstat_error *err);

/* BAR, LINE, RANGE: a shaded window behind the data over periods first to
 * last (0-based, both included), with label (may be NULL) at its top, e.g.
 * the years a claim compares with.  At most 16.  Errors: EINVAL (other kinds,
 * first > last, last out of range, invalid UTF-8), ELIMIT, ENOMEM. */
incstat_status incstat_chart_add_window(incstat_chart *chart, size_t first, size_t last,
                                        const char *label, incstat_error *err);

/* BAR, LINE, RANGE: a dashed horizontal line at value with label (may be
 * NULL) at its right end; the y axis makes room for it.  At most 16.
 * Errors: EINVAL (other kinds, value not finite, invalid UTF-8), ELIMIT,
 * ENOMEM. */
incstat_status incstat_chart_add_threshold(incstat_chart *chart, double value,
                                           const char *label, incstat_error *err);

/* BAR, LINE, RANGE: a label drawn above period's bar or point (above its
 * whisker or range when it has one), e.g. "2016: 1,100"; it replaces that
 * period's value label and is kept before value labels when they collide.
 * At most 64.  Errors: EINVAL (other kinds, period out of range, label NULL
 * or invalid UTF-8), ELIMIT, ENOMEM. */
incstat_status incstat_chart_add_label(incstat_chart *chart, size_t period, const char *label,
                                       incstat_error *err);

/* HEATMAP: a rows x cols grid, values row-major (NaN = no data), rows
 * labelled row_labels (years), columns col_labels (NULL with cols = 12:
 * "Jan".."Dec").  Replaces any previous grid.
 * The colours are classes, not a continuous scale, so that one outlier
 * cannot turn every other cell the same colour: 0 has a class of its own,
 * the other breaks are round numbers near quantiles of the values above 0
 * (at most 6 classes), and the top class is open-ended ("200 or more");
 * cells far above its lower bound (more than 1.5 times it) show their
 * value, and the footnote says so.  The key lists the classes one per row
 * (or, when the grid leaves no room beside it, in rows under the grid), so
 * its labels never overlap. */
incstat_status incstat_chart_set_grid(incstat_chart *chart, const char *const *row_labels,
                                      size_t rows, const char *const *col_labels, size_t cols,
                                      const double *values, incstat_error *err);

/* ---- drawing ---------------------------------------------------------------- */

/* Draw the chart in the rectangle (0, 0)-(width, height) of cr's user space,
 * with the chart's style (its width and height are ignored here).  cr's
 * state is saved and restored.  Errors: EINVAL (bad size: not finite, not
 * positive, or under 120 x 80), EEMPTY (nothing to draw), ENOMEM, EIO (cr
 * was or went into an error state). */
incstat_status incstat_chart_draw(const incstat_chart *chart, cairo_t *cr, double width,
                                  double height, incstat_error *err);

/* The format a file name asks for by its extension (.png, .pdf, .svg, any
 * case); INCSTAT_CHART_FORMAT_AUTO when it names none (or path is NULL). */
incstat_chart_format incstat_chart_format_of(const char *path);

/* Write the chart to path in fmt (AUTO: from the extension, case-insensitive)
 * with style (NULL: the chart's own).  PDF text is real text.  SVG glyphs
 * are outlines (as cairo makes them); the SVG gets a <title> with the chart's
 * title and a <desc> listing every text drawn, so the text is searchable and
 * read by screen readers.  Errors: EINVAL (unknown extension, bad size: PNG
 * larger than 16384 pixels a side), EEMPTY, ENOMEM, EIO (cannot write; the
 * message names the file). */
incstat_status incstat_chart_write(const incstat_chart *chart, const char *path,
                                   incstat_chart_format fmt, const incstat_chart_style *style,
                                   incstat_error *err);

/* The same to an open stream (for "-o -"); fmt must not be AUTO.  The stream
 * is not closed. */
incstat_status incstat_chart_write_stream(const incstat_chart *chart, FILE *fp,
                                          incstat_chart_format fmt,
                                          const incstat_chart_style *style, incstat_error *err);

/* ---- pure helpers (no allocation, thread-safe) ------------------------------ */

/* Axis ticks: lo, lo + step, ..., hi. */
typedef struct {
    double lo, hi, step;
    size_t n;     /* number of ticks, 2 <= n <= max_ticks */
    int decimals; /* digits after the point that show the step exactly */
} incstat_chart_ticks;

/* "Nice" ticks covering [lo, hi]: step is 1, 2 or 5 times a power of ten, the
 * smallest such that at most max_ticks ticks cover the range.  A zero-width
 * range is widened (0..0 gives 0..1).  Errors: EINVAL (lo or hi not finite,
 * lo > hi, max_ticks < 2, out NULL), ELIMIT (the range overflows doubles). */
incstat_status incstat_chart_nice_ticks(double lo, double hi, size_t max_ticks,
                                        incstat_chart_ticks *out, incstat_error *err);

/* The value of tick i (exact multiples of step; -0 is returned as 0). */
double incstat_chart_tick_value(const incstat_chart_ticks *t, size_t i);

/* Linear map of v from [d0, d1] to [p0, p1] (p1 < p0 is fine: screen y grows
 * downwards).  When d0 == d1 the result is the middle of [p0, p1]; NaN stays
 * NaN. */
double incstat_chart_map(double v, double d0, double d1, double p0, double p1);

/* v with `decimals` digits after the point and a comma every three integer
 * digits ("1,146", "-12,345.6"); "NaN", "inf", "-inf" for those.  decimals is
 * clamped to 0..20.  snprintf semantics: returns the length the full text
 * needs, writes at most size bytes including the NUL. */
size_t incstat_chart_format_number(double v, int decimals, char *buf, size_t size);

/* An axis-aligned box in device units: x0 <= x1, y0 <= y1. */
typedef struct {
    double x0, y0, x1, y1;
} incstat_chart_box;

/* Greedy label placement.  The first n_fixed boxes are obstacles (bars,
 * axis labels): always kept, never compared with each other.  The others are
 * visited in decreasing priority (priority NULL: index order; ties and NaN:
 * lower index first, NaN last) and kept when they stay at least pad away from
 * every box kept so far.  Boxes with NaN or inverted coordinates are dropped.
 * keep[i] gets 1 or 0.  Returns the number of non-fixed boxes kept.  No kept
 * box overlaps another kept box, except fixed ones among themselves.
 * O(n^2); no allocation. */
size_t incstat_chart_place_labels(const incstat_chart_box *boxes, size_t n, size_t n_fixed,
                                  const double *priority, double pad, unsigned char *keep);

/* The smallest stride s in 1, 2, 5, 10, 20, 50, ... such that labels of
 * width label_width, one every s slots of slot_width, are at least gap
 * apart.  0 when no stride works (slot_width not positive or not finite). */
size_t incstat_chart_label_stride(double label_width, double slot_width, double gap);

#ifdef __cplusplus
}
#endif
#endif
