/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_model.h (private): the report as a list of blocks
 * (title, paragraphs, tables, charts, facts), decided once by the sections
 * (report_sections.c, report_data.c) from the summaries and the trend fit,
 * and laid out by two writers that depend on this model and not on each
 * other: PDF through Cairo and Pango (report_pdf.c) and one self-contained
 * HTML file (report_html.c).  The writers decide nothing about content.
 * The model and the text helpers the sections share are in report_model.c.
 * Never installed. */
#ifndef INCSTAT_SRC_REPORT_MODEL_H
#define INCSTAT_SRC_REPORT_MODEL_H

#include <stddef.h>
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

typedef enum {
    REPORT_TITLE = 0, /* the report's title */
    REPORT_SUBTITLE,  /* one muted line under the title: source, range, estimate */
    REPORT_LEDE,      /* the headline sentences, large */
    REPORT_HEADING,   /* a section heading */
    REPORT_PARA,      /* body text */
    REPORT_NOTE,      /* small muted text (caveats, table notes) */
    REPORT_TABLE,
    REPORT_CHART
} report_block_kind;

/* Cell alignment: left, right, or on the decimal point (the integer part
 * right-aligned, a fraction such as ".5" hanging after it). */
enum { REPORT_LEFT = 0, REPORT_RIGHT, REPORT_DECIMAL };

/* Row styles. */
#define REPORT_ROW_STRONG 1u /* bold (the peak year) */
#define REPORT_ROW_MUTED  2u /* grey (a year the source does not cover) */

typedef struct {
    size_t rows, cols;
    const char **head;      /* cols labels, or NULL for a table without a header */
    const char **cell;      /* rows * cols, row-major; "" for empty */
    unsigned char *align;   /* per column */
    double *weight;         /* per column: share of the width (PDF) */
    unsigned char *row_style; /* per row: REPORT_ROW_* */
    int facts;              /* a two-column label: value list (labels bold) */
    const char *caption;    /* for HTML <caption> and the PDF's accessibility; may be NULL */
} report_table;

typedef struct {
    report_block_kind kind;
    const char *text;       /* TITLE .. NOTE; CHART: the text under the chart when the
                               chart could not be drawn */
    const char *anchor;     /* HEADING: a short id ("trend"); may be NULL */
    report_table *table;    /* TABLE */
    incstat_chart *chart;   /* CHART; NULL when it could not be drawn */
    const char *alt;        /* CHART: a one-line description */
    double aspect;          /* CHART: height / width */
} report_block;

typedef struct {
    const char *title;
    const char *pdf_date;   /* PDF CreationDate/ModDate ("2017-11-30T00:00:00Z") or NULL */
    int letter;             /* PDF paper: 0 = A4, 1 = US letter */
    report_block *blocks;
    size_t n_blocks, cap_blocks;
    /* every string and table the blocks point to, freed together */
    void **owned;
    size_t n_owned, cap_owned;
    int failed;             /* an allocation failed while building */
} report_doc;

/* Where a number cell splits for decimal alignment: the length of its
 * integer part ("2,998" of "2,998.5", "+140" of "+140.4%", all of "36"). */
size_t report_decimal_split(const char *s);

/* The writers: the whole file into *buf (malloc'ed, *len bytes).
 * 0, or -1 with err filled. */
int report_write_pdf(const report_doc *d, char **buf, size_t *len, incstat_error *err);
int report_write_html(const report_doc *d, char **buf, size_t *len, incstat_error *err);

/* ---- building the document (report_model.c) ------------------------------------ */

/* Every builder latches an allocation failure in d->failed and carries on,
 * so the sections check once at the end. */

/* Take ownership of p (freed with the document); NULL (and p freed) when
 * the list cannot grow. */
void *report_doc_own(report_doc *d, void *p);
/* A formatted string owned by the document; "" on failure. */
const char *report_doc_printf(report_doc *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
const char *report_doc_str(report_doc *d, const char *s);
/* A new block at the end; NULL on failure. */
report_block *report_doc_add(report_doc *d, report_block_kind kind, const char *text);
/* A table of rows x cols empty cells (weights 1) owned by the document. */
report_table *report_doc_table(report_doc *d, size_t rows, size_t cols, int with_head);
void report_add_heading(report_doc *d, const char *text, const char *anchor);
void report_add_table(report_doc *d, report_table *t);
/* Frees the blocks, their charts and every owned string; zeroes *d. */
void report_doc_free(report_doc *d);

/* Text built in a fixed buffer: appends are cut at the end, never overrun. */
typedef struct {
    char *p;
    size_t cap, len;
} report_sbuf;
void report_sb_init(report_sbuf *b, char *p, size_t cap);
void report_sb_add(report_sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Numbers in words and tables, into buf (cap bytes). */
#define REPORT_MINUS "\u2212"
extern const char *const REPORT_MONTHS[12];
void report_fmt_num(char *buf, size_t cap, double v, int sign);
void report_fmt_whole(char *buf, size_t cap, double v);
void report_fmt_pct(char *buf, size_t cap, double v, int sign);
void report_fmt_sig(char *buf, size_t cap, double v, int sign);
void report_fmt_ratio(char *buf, size_t cap, double v);
void report_fmt_p(char *buf, size_t cap, double p);
void report_fmt_date(char *buf, size_t cap, incstat_date d);

/* The last component of a path. */
const char *report_base_name(const char *path);
/* What the preset calls an incident ("suicide attacks"). */
const char *report_incident_noun(const char *preset);
/* The preset's description, or NULL. */
const char *report_preset_description(const char *name);
/* Whether a column of the load report is mapped to a field starting with prefix. */
int report_has_field(const incstat_load_report *r, const char *prefix);

#endif
