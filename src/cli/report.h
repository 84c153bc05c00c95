/* src/cli/report.h (private to the report command): the report as a list of
 * blocks (title, paragraphs, tables, charts, facts), decided once in
 * report.c from the summaries and the trend fit, and laid out by two writers:
 * PDF through Cairo and Pango (report_pdf.c) and one self-contained HTML file
 * (report_html.c).  The writers decide nothing about content. */
#ifndef INCSTAT_CLI_REPORT_H
#define INCSTAT_CLI_REPORT_H

#include <stddef.h>
#include "cli.h"

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

#endif
