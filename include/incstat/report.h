/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/report.h: the report, one document (PDF or self-contained HTML)
 * composed from a loaded table: the headline for the latest year, the yearly
 * table, charts (yearly bars, killed over time with a trend and change
 * points, a stacked chart by a category, a year x month heatmap), the trend
 * statistics with their intervals, and what the loader saw in the file; or,
 * from a yearly summary alone, the headline, the table and the trend.
 *
 * The table is summarised three times (by year, by year and category, by
 * month) through one filter built from the options' where/from/to.  The same
 * table and options give the same bytes: the PDF carries a date only when
 * the caller gives one.  The library never prints; the caller reads the
 * status, the error and the info. */
#ifndef INCSTAT_REPORT_H
#define INCSTAT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "incstat/check.h"
#include "incstat/error.h"
#include "incstat/load.h"
#include "incstat/summary.h"
#include "incstat/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* incstat/map.h's regions (declared again so this header does not need
 * Cairo's). */
typedef struct incstat_boundaries incstat_boundaries;

typedef enum { INCSTAT_REPORT_PDF = 0, INCSTAT_REPORT_HTML } incstat_report_format;
typedef enum { INCSTAT_REPORT_A4 = 0, INCSTAT_REPORT_LETTER } incstat_report_paper;
/* The trend drawn on the chart and put first in the text: AUTO, the
 * negative-binomial spline smooth when it fits better than the log-linear
 * negative binomial by AIC, else that log-linear trend; NEGBIN and POISSON
 * the log-linear trends themselves.  (AUTO is 0, the value NEGBIN had when
 * it meant what AUTO does.) */
typedef enum {
    INCSTAT_REPORT_AUTO = 0,
    INCSTAT_REPORT_POISSON = 1,
    INCSTAT_REPORT_NEGBIN = 2
} incstat_report_trend;

/* Sections after the title block (which is always there), as bits of
 * incstat_report_options.sections, in the order they appear. */
#define INCSTAT_REPORT_CLAIMS   (1u << 0) /* the claims of incstat_report_options.claims */
#define INCSTAT_REPORT_TABLE    (1u << 1) /* the yearly table */
#define INCSTAT_REPORT_TREND    (1u << 2) /* the trend in words, a chart and numbers */
#define INCSTAT_REPORT_TRENDS   (1u << 3) /* extension point: no content yet (trend shapes) */
#define INCSTAT_REPORT_CATEGORY (1u << 4) /* by category: the stacked chart */
#define INCSTAT_REPORT_MONTH    (1u << 5) /* by month: the heatmap */
#define INCSTAT_REPORT_DATA     (1u << 6) /* about the data: what the loader saw */
#define INCSTAT_REPORT_MAP      (1u << 7) /* where: a map on incstat_report_options.boundaries
                                             (placed before the data section) */
/* What sections = 0 means. */
#define INCSTAT_REPORT_DEFAULT                                                          \
    (INCSTAT_REPORT_TABLE | INCSTAT_REPORT_TREND | INCSTAT_REPORT_CATEGORY |            \
     INCSTAT_REPORT_MONTH | INCSTAT_REPORT_MAP | INCSTAT_REPORT_DATA)

/* Called at each stage of the work ("summaries", "trend", "sections",
 * "layout", "writing"); the string is static. */
typedef void (*incstat_report_progress)(void *ctx, const char *stage);

/* Where a report's bytes go: return 0 when all len bytes were taken,
 * anything else to stop (the report then fails with INCSTAT_EIO). */
typedef int (*incstat_report_sink)(void *ctx, const void *data, size_t len);

/* Options; all-zero (or a NULL pointer) means a PDF on A4 of every default
 * section, the AUTO trend, the stacked chart by admin1 with six
 * categories, the best estimate, every row of the table, no PDF date.  The
 * strings and arrays are borrowed for the duration of the call. */
typedef struct {
    incstat_report_format format;
    incstat_report_paper paper;   /* PDF only */
    incstat_report_trend trend;
    const char *title;            /* NULL: from the data ("People killed in ...") */
    unsigned sections;            /* INCSTAT_REPORT_* bits; 0: INCSTAT_REPORT_DEFAULT */
    const char *category;         /* the stacked chart's category: a text field
                                     (admin1, perpetrator, type, ...) or a kept
                                     column; NULL: "admin1" */
    size_t top;                   /* categories in the stacked chart, 1 to 12; 0: 6 */
    incstat_summary_options summary; /* estimate and gaps; its by, n_by,
                                        from_year and to_year are set by the report */
    const char *const *where;     /* FIELD=VALUE or FIELD=~TEXT (incstat_filter_add_where) */
    size_t n_where;
    const char *from, *to;        /* date bounds (incstat_filter_from/to); NULL: none */
    const char *input;            /* the file named in chart captions; NULL: the
                                     load report's source */
    const incstat_load_options *load; /* how the table was loaded (schema, map,
                                         date order), told in "About the data";
                                         may be NULL */
    const char *pdf_date;         /* "YYYY-MM-DDTHH:MM:SSZ" for the PDF's
                                     creation and modification dates; NULL: none */
    incstat_report_progress progress; /* may be NULL */
    void *progress_ctx;
    /* The rows are not incidents (a country-year table): no incident counts,
     * no category or month sections, and nothing said about incidents. */
    int incidents_unknown;
    /* Claims checked in a "Claims" section after the title block (each with
     * incstat_claim_check on the yearly summary; its metric and estimate as
     * given); the section is added when n_claims > 0.  Borrowed. */
    const incstat_claim_options *claims;
    size_t n_claims;
    /* The regions of the map section (incstat_boundaries_read; borrowed):
     * one dot per incident when the table has coordinates, else the
     * provinces (admin1) shaded by the number killed; no map, and a line in
     * "About the data" saying why, when the table has neither or its places
     * are not in the boundaries.  NULL: no map section. */
    const incstat_boundaries *boundaries;
} incstat_report_options;

/* What the caller may want to tell the user; filled as far as the report got,
 * also when it fails. */
typedef struct {
    uint64_t unplaced; /* incidents whose date is too imprecise for the yearly
                          table: they are not in it */
    size_t bytes;      /* bytes written */
} incstat_report_info;

/* Compose the report of table t (not modified) as opts says (may be NULL) and
 * write it to path, created or truncated; nothing is created when the report
 * cannot be composed, and a file half written is removed.  info (may be
 * NULL) receives what the caller may want to print.  A table built by hand
 * (no load report) gets no "About the data" section, and its source is named
 * by opts->input.
 * Returns INCSTAT_OK, or an error with err (may be NULL) filled:
 *   EINVAL: opts or path NULL or a where/from/to the filter refuses;
 *   ENOCOLUMN: a where field or the category names no field or kept column
 *     (the message suggests the nearest name);
 *   EEMPTY: no incident to report (none loaded, none dated, or none
 *     passed the filter; the message says which);
 *   ENOMEM; EIO: the file cannot be written (message with the reason) or
 *     Cairo fails. */
incstat_status incstat_report_write(const incstat_table *t, const incstat_report_options *opts,
                                    const char *path, incstat_report_info *info,
                                    incstat_error *err);

/* The same into the caller's open stream fp (not closed, flushed at the
 * end).  EIO when writing or flushing fails; EINVAL when fp is NULL. */
incstat_status incstat_report_write_stream(const incstat_table *t,
                                           const incstat_report_options *opts, FILE *fp,
                                           incstat_report_info *info, incstat_error *err);

/* The same through a callback: the whole document is composed first, then
 * handed to sink in one or more calls.  EIO when sink returns non-zero;
 * EINVAL when sink is NULL. */
incstat_status incstat_report_write_to(const incstat_table *t, const incstat_report_options *opts,
                                       incstat_report_sink sink, void *sink_ctx,
                                       incstat_report_info *info, incstat_error *err);

/* The report of a summary alone: yearly must be a finished summary by year
 * alone (incstat_summary_from_loader() makes one while a file streams, rows
 * not kept).  The document has the title block, the yearly table and the
 * trend (and the extension points when asked for); the category, month and
 * data sections need the incidents and are left out whatever
 * opts->sections says.  opts->where, from and to only describe how the
 * summary was made (they are named in the subtitle); opts->input names the
 * source.  Written through sink as incstat_report_write_to().  Errors:
 * EINVAL (yearly or sink NULL, not a finished summary by year), ENOMEM, EIO
 * (the sink refused). */
incstat_status incstat_report_write_summary_to(const incstat_summary *yearly,
                                               const incstat_report_options *opts,
                                               incstat_report_sink sink, void *sink_ctx,
                                               incstat_report_info *info, incstat_error *err);

/* A PDF date (pdf_date above) from a number of seconds since 1970 as text
 * (the SOURCE_DATE_EPOCH convention of reproducible builds), written into buf
 * (cap bytes, 21 needed).  Returns buf, or NULL when epoch is NULL, empty,
 * not a whole number of seconds, negative or out of range. */
const char *incstat_report_pdf_date(const char *epoch, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
