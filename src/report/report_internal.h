/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_internal.h (private): what the sections know while they
 * compose the report (the summaries, the trend fit, the options), and the
 * sections themselves.  report.c makes the context and calls the sections
 * in order; each section adds its blocks to the document.  Never installed. */
#ifndef INCSTAT_SRC_REPORT_INTERNAL_H
#define INCSTAT_SRC_REPORT_INTERNAL_H

/* every public module below the call layer (incstat.h would add it) */
#include "incstat/error.h"
#include "incstat/value.h"
#include "incstat/csv.h"
#include "incstat/table.h"
#include "incstat/load.h"
#include "incstat/series.h"
#include "incstat/filter.h"
#include "incstat/summary.h"
#include "incstat/trend.h"
#include "incstat/check.h"
#include "incstat/util.h"
#include "incstat/chart.h"
#include "incstat/report.h"
#include "incstat/records.h"
#include "incstat/diff.h"
#include "incstat/export.h"
#include "core/internal.h"
#include "chart/chart_summary.h"
#include "report/report_model.h"

typedef struct {
    const incstat_report_options *opt; /* never NULL (defaults filled in) */
    const incstat_load_options *load;  /* never NULL (zeros when not given) */
    const char *input;       /* for chart captions */
    const char *category;    /* the stacked chart's */
    chart_trend_kind trend;  /* the trend drawn and put first */
    incstat_estimate estimate;
    const incstat_load_report *rep;
    const incstat_summary *yearly, *bycat, *monthly;
    /* by year and country, when the category is a place inside a country
     * (admin1, ...) and the table has countries; NULL otherwise */
    const incstat_summary *bycountry;
    /* the chart is by country because the data span several (the caller
     * chose no category): what its note says */
    char country_note[512];
    incstat_error bycat_err, monthly_err; /* why a summary is missing */
    const char *noun;        /* "suicide attacks" */
    const char *first, *last; /* year labels */
    int partial;             /* the last year is covered only in part */
    incstat_date latest;     /* the latest dated incident */
    incstat_date covered_to; /* the date the data are complete to (--as-of, else latest) */
    int injured;             /* the file has an injured column */
    int periods;             /* rows are not incidents (a country-year table) */
    summary_series se;       /* killed by year */
    size_t n_fit;            /* years in the trend fit */
    incstat_trend_result *res; /* NULL when the fit failed */
    incstat_error fit_err;
    const char *cat_subtitle; /* the stacked chart's */
} report_ctx;

/* The sections, in the order of the document (report_sections.c). */
void report_title_section(report_doc *d, const report_ctx *c);
void report_table_section(report_doc *d, const report_ctx *c);
void report_trend_section(report_doc *d, const report_ctx *c);
void report_category_section(report_doc *d, const report_ctx *c);
void report_month_section(report_doc *d, const report_ctx *c);
/* "About the data": what the loader saw (report_data.c). */
void report_data_section(report_doc *d, const report_ctx *c);

/* The claims checked against the data (report_claims.c, incstat claim) and
 * an extension point, empty for now: the shapes of the trends
 * (report_trends.c).  Called when their INCSTAT_REPORT_* bit is set. */
void report_claims_section(report_doc *d, const report_ctx *c);
void report_trends_section(report_doc *d, const report_ctx *c);

/* "By Province (admin1): the 6 largest, the rest as Other"; NULL when out
 * of memory. */
const char *report_category_subtitle(report_doc *d, const report_ctx *c);

#endif
