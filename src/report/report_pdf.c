/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_pdf.c: the report as a PDF: text set with Pango, charts
 * drawn as vectors with incstat_chart_draw() straight onto the page, pages
 * broken where the next line, table row or chart does not fit, page numbers
 * in the footer.  The document is laid out twice: the first pass only
 * measures and counts the pages, so the footer can say "Page 2 of 5". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "report/report_model.h"
#include "core/internal.h"

#define FONT INCSTAT_CHART_DEFAULT_FONT

/* Type sizes in points. */
#define SIZE_TITLE 20.0
#define SIZE_SUB 8.5
#define SIZE_LEDE 12.0
#define SIZE_HEAD 12.5
#define SIZE_BODY 9.3
#define SIZE_NOTE 7.6
#define SIZE_TABLE 7.8
#define SIZE_FOOT 7.2

/* Cell padding in tables. */
#define PAD_X 3.5
#define PAD_Y 2.6

typedef struct {
    double r, g, b;
} rgb;

static const rgb INK = {0.10, 0.10, 0.10};
static const rgb MUTED = {0.37, 0.37, 0.37};
static const rgb FAINT = {0.56, 0.56, 0.56};
static const rgb RULE = {0.78, 0.78, 0.78};
static const rgb HAIR = {0.88, 0.88, 0.88};
static const rgb TINT = {0.992, 0.937, 0.894}; /* the peak row, after the charts' accent */

typedef struct {
    const report_doc *d;
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *pc;
    double pw, ph;              /* the page */
    double x0, x1, top, bottom; /* the text area */
    double y;                   /* top of the next free line */
    int page, pages;            /* 1-based; pages is known in the second pass */
    int draw;                   /* 0: measure only */
    int failed;                 /* a chart could not be drawn */
    incstat_error *err;
} pdf;

static void fail(pdf *p, incstat_status code, const char *msg)
{
    if (p->failed)
        return;
    p->failed = 1;
    if (p->err) {
        memset(p->err, 0, sizeof *p->err);
        p->err->code = code;
        snprintf(p->err->message, sizeof p->err->message, "%s", msg);
    }
}

/* ---- text --------------------------------------------------------------------- */

static PangoLayout *layout(pdf *p, const char *text, double size, int bold, double width,
                           double spacing)
{
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    if (spacing > 0)
        pango_layout_set_line_spacing(l, (float)spacing);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static void layout_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle log;
    pango_layout_get_extents(l, NULL, &log);
    if (w)
        *w = (double)log.width / PANGO_SCALE;
    if (h)
        *h = (double)log.height / PANGO_SCALE;
}

static void colour(pdf *p, rgb c)
{
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
}

static void show(pdf *p, PangoLayout *l, double x, double y, rgb c)
{
    if (!p->draw)
        return;
    colour(p, c);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

static void hrule(pdf *p, double x0, double x1, double y, double width, rgb c)
{
    if (!p->draw)
        return;
    colour(p, c);
    cairo_set_line_width(p->cr, width);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

/* ---- pages -------------------------------------------------------------------- */

static void footer(pdf *p)
{
    if (!p->draw)
        return;
    char num[64];
    snprintf(num, sizeof num, "Page %d of %d", p->page, p->pages);
    double y = p->bottom + 16;
    hrule(p, p->x0, p->x1, y, 0.5, RULE);
    PangoLayout *r = layout(p, num, SIZE_FOOT, 0, 0, 0);
    double w;
    layout_size(r, &w, NULL);
    show(p, r, p->x1 - w, y + 4, MUTED);
    PangoLayout *l = layout(p, p->d->title, SIZE_FOOT, 0, p->x1 - p->x0 - w - 24, 0);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_height(l, -1); /* one line */
    show(p, l, p->x0, y + 4, MUTED);
    g_object_unref(r);
    g_object_unref(l);
}

static void new_page(pdf *p)
{
    if (p->draw) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = p->top;
}

/* Start a new page unless h more points fit on this one (an empty page takes
 * anything: what does not fit on a whole page is drawn anyway). */
static void need(pdf *p, double h)
{
    if (p->y + h > p->bottom + 0.01 && p->y > p->top + 0.01)
        new_page(p);
}

/* A block of text, broken between lines where the page ends. */
static void text_block(pdf *p, const char *text, double size, int bold, double spacing, rgb c,
                       double space_after)
{
    double width = p->x1 - p->x0;
    PangoLayout *l = layout(p, text, size, bold, width, spacing);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double shift = 0; /* layout y of the first line on this page */
    int first = 1;
    do {
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        double ly = (double)lr.y / PANGO_SCALE, lh = (double)lr.height / PANGO_SCALE;
        double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        if (first || p->y + (ly - shift) + lh > p->bottom + 0.01) {
            if (!first) {
                p->y += ly - shift;
                need(p, lh);
            } else {
                need(p, lh);
            }
            shift = ly;
            first = 0;
        }
        if (p->draw) {
            PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
            colour(p, c);
            cairo_move_to(p->cr, p->x0 + (double)lr.x / PANGO_SCALE, p->y + base - shift);
            pango_cairo_show_layout_line(p->cr, line);
        }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    double h;
    layout_size(l, NULL, &h);
    p->y += h - shift + space_after;
    g_object_unref(l);
}

/* ---- tables ------------------------------------------------------------------- */

typedef struct {
    double *x, *w; /* column left edges and widths */
    double *frac;  /* DECIMAL columns: the widest fraction (".5%") */
} columns;

static void cell_text(pdf *p, const report_table *t, const columns *cs, size_t k,
                      const char *s, int bold, double y, rgb c, int measure_only, double *h)
{
    double cw = cs->w[k] - 2 * PAD_X;
    unsigned char al = t->align[k];
    if (al == REPORT_DECIMAL && s[0]) {
        size_t il = report_decimal_split(s);
        char ip[96];
        snprintf(ip, sizeof ip, "%.*s", (int)(il < sizeof ip ? il : sizeof ip - 1), s);
        PangoLayout *a = layout(p, ip, SIZE_TABLE, bold, 0, 0);
        PangoLayout *b = layout(p, s + il, SIZE_TABLE, bold, 0, 0);
        double wa, ha, wb;
        layout_size(a, &wa, &ha);
        layout_size(b, &wb, NULL);
        double right = cs->x[k] + cs->w[k] - PAD_X - cs->frac[k];
        if (!measure_only) {
            show(p, a, right - wa, y, c);
            show(p, b, right, y, c);
        }
        *h = ha;
        g_object_unref(a);
        g_object_unref(b);
        return;
    }
    PangoLayout *l = layout(p, s, SIZE_TABLE, bold, cw, 0);
    if (al != REPORT_LEFT)
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    layout_size(l, NULL, h);
    if (!measure_only)
        show(p, l, cs->x[k] + PAD_X, y, c);
    g_object_unref(l);
}

/* Height of row r (SIZE_MAX: the header), and draw it at p->y when asked. */
static double table_row(pdf *p, const report_table *t, const columns *cs, size_t r, int draw)
{
    int head = r == (size_t)-1;
    unsigned style = head ? 0 : t->row_style[r];
    double h = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!draw)
                break;
            if ((style & REPORT_ROW_STRONG) && p->draw) {
                cairo_set_source_rgb(p->cr, TINT.r, TINT.g, TINT.b);
                cairo_rectangle(p->cr, p->x0, p->y, p->x1 - p->x0, h);
                cairo_fill(p->cr);
            }
        }
        for (size_t k = 0; k < t->cols; k++) {
            const char *s = head ? t->head[k] : t->cell[r * t->cols + k];
            int bold = head || (style & REPORT_ROW_STRONG) || (t->facts && k == 0);
            rgb c = head ? MUTED : (style & REPORT_ROW_MUTED) ? FAINT : INK;
            double ch;
            if (head && t->align[k] == REPORT_DECIMAL) {
                /* headers of number columns sit flush right */
                PangoLayout *l = layout(p, s, SIZE_TABLE, 1, cs->w[k] - 2 * PAD_X, 0);
                pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
                layout_size(l, NULL, &ch);
                if (pass == 1)
                    show(p, l, cs->x[k] + PAD_X, p->y + h - PAD_Y - ch, c);
                g_object_unref(l);
            } else if (head) {
                PangoLayout *l = layout(p, s, SIZE_TABLE, 1, cs->w[k] - 2 * PAD_X, 0);
                if (t->align[k] != REPORT_LEFT)
                    pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
                layout_size(l, NULL, &ch);
                if (pass == 1)
                    show(p, l, cs->x[k] + PAD_X, p->y + h - PAD_Y - ch, c);
                g_object_unref(l);
            } else {
                cell_text(p, t, cs, k, s, bold, p->y + PAD_Y, c, pass == 0, &ch);
            }
            if (pass == 0 && ch + 2 * PAD_Y > h)
                h = ch + 2 * PAD_Y;
        }
    }
    if (draw) {
        if (head)
            hrule(p, p->x0, p->x1, p->y + h, 0.9, INK);
        else
            hrule(p, p->x0, p->x1, p->y + h, 0.4, HAIR);
    }
    return h;
}

static double text_width(pdf *p, const char *s, size_t n, int bold)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), s);
    PangoLayout *l = layout(p, buf, SIZE_TABLE, bold, 0, 0);
    double w;
    layout_size(l, &w, NULL);
    g_object_unref(l);
    return w;
}

/* The widest word of s. */
static double word_width(pdf *p, const char *s, int bold)
{
    double w = 0;
    while (*s) {
        size_t n = strcspn(s, " \n");
        if (n) {
            double x = text_width(p, s, n, bold);
            if (x > w)
                w = x;
        }
        s += n;
        s += strspn(s, " \n");
    }
    return w;
}

/* Column widths: each column at least as wide as its widest number or word
 * (headers break only between words), and what is left shared out by the
 * table's weights.  When even that does not fit, the weights alone. */
static int table_columns(pdf *p, const report_table *t, columns *cs)
{
    cs->x = incstat_calloc(t->cols, sizeof *cs->x);
    cs->w = incstat_calloc(t->cols, sizeof *cs->w);
    cs->frac = incstat_calloc(t->cols, sizeof *cs->frac);
    double *need_w = incstat_calloc(t->cols, sizeof *need_w);
    if (!cs->x || !cs->w || !cs->frac || !need_w) {
        incstat_free_mem(need_w);
        return -1;
    }
    double *natural = incstat_calloc(t->cols, sizeof *natural);
    if (!natural) {
        incstat_free_mem(need_w);
        return -1;
    }
    double width = p->x1 - p->x0, sum_w = 0, sum_need = 0;
    for (size_t k = 0; k < t->cols; k++) {
        double m = t->head ? word_width(p, t->head[k], 1) : 0, ip = 0;
        for (size_t r = 0; r < t->rows; r++) {
            const char *s = t->cell[r * t->cols + k];
            int bold = (t->row_style[r] & REPORT_ROW_STRONG) || (t->facts && k == 0);
            if (t->align[k] == REPORT_DECIMAL) {
                size_t il = report_decimal_split(s);
                double a = text_width(p, s, il, 1), f = text_width(p, s + il, strlen(s + il), 1);
                if (a > ip)
                    ip = a;
                if (f > cs->frac[k])
                    cs->frac[k] = f;
            } else if (t->align[k] == REPORT_RIGHT) {
                double x = text_width(p, s, strlen(s), bold);
                if (x > m)
                    m = x;
            } else {
                double x = word_width(p, s, bold), line = text_width(p, s, strlen(s), bold);
                if (x > m)
                    m = x;
                if (line > natural[k])
                    natural[k] = line;
            }
        }
        if (ip + cs->frac[k] > m)
            m = ip + cs->frac[k];
        need_w[k] = m + 2 * PAD_X + 0.5;
        natural[k] = natural[k] + 2 * PAD_X + 0.5 > need_w[k] ? natural[k] + 2 * PAD_X + 0.5
                                                              : need_w[k];
        sum_need += need_w[k];
        sum_w += t->weight[k] > 0 ? t->weight[k] : 1;
    }
    double extra = width - sum_need, x = p->x0;
    if (extra >= 0) {
        /* text columns first, up to their one-line width, so notes wrap
         * less; then everyone by weight */
        for (size_t k = 0; k < t->cols; k++)
            cs->w[k] = need_w[k];
        for (int round = 0; round < 4 && extra > 0.5; round++) {
            double want = 0;
            for (size_t k = 0; k < t->cols; k++)
                if (natural[k] > cs->w[k])
                    want += t->weight[k] > 0 ? t->weight[k] : 1;
            if (want == 0)
                break;
            double given = 0;
            for (size_t k = 0; k < t->cols; k++) {
                if (natural[k] <= cs->w[k])
                    continue;
                double share = extra * (t->weight[k] > 0 ? t->weight[k] : 1) / want;
                double add = share < natural[k] - cs->w[k] ? share : natural[k] - cs->w[k];
                cs->w[k] += add;
                given += add;
            }
            extra -= given;
        }
        for (size_t k = 0; k < t->cols; k++)
            cs->w[k] += extra * (t->weight[k] > 0 ? t->weight[k] : 1) / sum_w;
    } else {
        for (size_t k = 0; k < t->cols; k++)
            cs->w[k] = width * (t->weight[k] > 0 ? t->weight[k] : 1) / sum_w;
    }
    for (size_t k = 0; k < t->cols; k++) {
        cs->x[k] = x;
        x += cs->w[k];
    }
    incstat_free_mem(natural);
    incstat_free_mem(need_w);
    return 0;
}

static void columns_free(columns *cs)
{
    incstat_free_mem(cs->x);
    incstat_free_mem(cs->w);
    incstat_free_mem(cs->frac);
}

/* Height of the header and the first two rows, to keep a heading with them. */
static double table_start(pdf *p, const report_table *t)
{
    columns cs;
    memset(&cs, 0, sizeof cs);
    double h = 0;
    if (table_columns(p, t, &cs) == 0) {
        if (t->head)
            h += table_row(p, t, &cs, (size_t)-1, 0);
        for (size_t r = 0; r < t->rows && r < 2; r++)
            h += table_row(p, t, &cs, r, 0);
    } else {
        fail(p, INCSTAT_ENOMEM, "report: out of memory");
    }
    columns_free(&cs);
    return h;
}

static void table_block(pdf *p, const report_table *t)
{
    columns cs;
    memset(&cs, 0, sizeof cs);
    if (table_columns(p, t, &cs) != 0) {
        columns_free(&cs);
        fail(p, INCSTAT_ENOMEM, "report: out of memory");
        return;
    }
    double hh = t->head ? table_row(p, t, &cs, (size_t)-1, 0) : 0;
    for (size_t r = 0; r < t->rows; r++) {
        double rh = table_row(p, t, &cs, r, 0);
        if (r == 0 || p->y + rh > p->bottom + 0.01) {
            /* a new page repeats the header */
            need(p, hh + rh);
            if (t->head) {
                table_row(p, t, &cs, (size_t)-1, 1);
                p->y += hh;
            } else {
                hrule(p, p->x0, p->x1, p->y, 0.9, INK);
            }
        }
        table_row(p, t, &cs, r, 1);
        p->y += rh;
    }
    p->y += 10;
    columns_free(&cs);
}

/* ---- charts, headings, the document ------------------------------------------------- */

static double chart_height(const pdf *p, const report_block *b)
{
    return (p->x1 - p->x0) * (b->aspect > 0 ? b->aspect : 0.56);
}

static void chart_block(pdf *p, const report_block *b)
{
    if (!b->chart) {
        text_block(p, b->text, SIZE_NOTE, 0, 1.3, MUTED, 10);
        return;
    }
    double w = p->x1 - p->x0, h = chart_height(p, b);
    need(p, h);
    if (p->draw) {
        incstat_error err;
        cairo_save(p->cr);
        cairo_translate(p->cr, p->x0, p->y);
        incstat_status st = incstat_chart_draw(b->chart, p->cr, w, h, &err);
        cairo_restore(p->cr);
        if (st != INCSTAT_OK && !p->failed) {
            p->failed = 1;
            if (p->err)
                *p->err = err;
        }
    }
    p->y += h + 12;
}

/* What the block after a heading needs on the same page. */
static double first_height(pdf *p, const report_block *b)
{
    switch (b->kind) {
    case REPORT_CHART:
        return b->chart ? chart_height(p, b) : 30;
    case REPORT_TABLE:
        return table_start(p, b->table);
    default: {
        PangoLayout *l = layout(p, b->text, SIZE_BODY, 0, p->x1 - p->x0, 1.35);
        double h;
        layout_size(l, NULL, &h);
        int lines = pango_layout_get_line_count(l);
        g_object_unref(l);
        return lines > 3 ? h * 3 / lines : h;
    }
    }
}

static void heading_block(pdf *p, const report_block *b, const report_block *next)
{
    PangoLayout *l = layout(p, b->text, SIZE_HEAD, 1, p->x1 - p->x0, 0);
    double h;
    layout_size(l, NULL, &h);
    double gap = p->y > p->top + 0.01 ? 16 : 0;
    need(p, gap + 6 + h + 7 + (next ? first_height(p, next) : 0));
    if (p->y > p->top + 0.01)
        p->y += gap;
    hrule(p, p->x0, p->x1, p->y, 0.8, INK);
    p->y += 6;
    show(p, l, p->x0, p->y, INK);
    if (p->draw) {
        char link[96];
        snprintf(link, sizeof link, "page=%d pos=[%.1f %.1f]", p->page, p->x0, p->y - 6);
        cairo_pdf_surface_add_outline(p->surface, CAIRO_PDF_OUTLINE_ROOT, b->text, link, 0);
    }
    p->y += h + 7;
    g_object_unref(l);
}

static void render(pdf *p)
{
    const report_doc *d = p->d;
    p->page = 1;
    p->y = p->top;
    for (size_t i = 0; i < d->n_blocks && !p->failed; i++) {
        const report_block *b = &d->blocks[i];
        switch (b->kind) {
        case REPORT_TITLE:
            text_block(p, b->text, SIZE_TITLE, 1, 1.05, INK, 5);
            break;
        case REPORT_SUBTITLE:
            text_block(p, b->text, SIZE_SUB, 0, 1.25, MUTED, 14);
            break;
        case REPORT_LEDE:
            text_block(p, b->text, SIZE_LEDE, 0, 1.3, INK, 8);
            break;
        case REPORT_HEADING:
            heading_block(p, b, i + 1 < d->n_blocks ? &d->blocks[i + 1] : NULL);
            break;
        case REPORT_PARA:
            text_block(p, b->text, SIZE_BODY, 0, 1.35, INK, 7);
            break;
        case REPORT_NOTE:
            text_block(p, b->text, SIZE_NOTE, 0, 1.3, MUTED, 12);
            break;
        case REPORT_TABLE:
            table_block(p, b->table);
            break;
        case REPORT_CHART:
            chart_block(p, b);
            break;
        }
    }
    footer(p);
}

typedef struct {
    char *p;
    size_t len, cap;
    int failed;
} membuf;

/* Out of memory, the bytes are dropped but cairo is told they were written:
 * cairo 1.16 crashes finishing a PDF with an outline once its stream is in
 * error (seen with a failure at the first write), and the document is
 * thrown away anyway (report_write_pdf checks failed). */
static cairo_status_t to_mem(void *closure, const unsigned char *data, unsigned int n)
{
    membuf *m = closure;
    if (m->failed)
        return CAIRO_STATUS_SUCCESS;
    if (m->len + n > m->cap) {
        size_t nc = m->cap ? m->cap : 65536;
        while (nc < m->len + n)
            nc *= 2;
        char *q = incstat_realloc(m->p, nc);
        if (!q) {
            m->failed = 1;
            return CAIRO_STATUS_SUCCESS;
        }
        m->p = q;
        m->cap = nc;
    }
    memcpy(m->p + m->len, data, n);
    m->len += n;
    return CAIRO_STATUS_SUCCESS;
}

int report_write_pdf(const report_doc *d, char **buf, size_t *len, incstat_error *err)
{
    membuf mb = {0};
    *buf = NULL;
    *len = 0;
    double pw = d->letter ? 612 : 595.276, ph = d->letter ? 792 : 841.89;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_mem, &mb, pw, ph);
    char creator[64];
    snprintf(creator, sizeof creator, "incstat %s", incstat_version());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
    /* cairo stamps the current time unless told otherwise; an empty date
     * makes cairo 1.16 leave the entries out, so two runs give the same
     * bytes */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                   d->pdf_date ? d->pdf_date : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, d->pdf_date ? d->pdf_date : "");
    cairo_t *cr = cairo_create(s);
    PangoContext *pc = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(pc, 72);
    /* unhinted metrics, as the charts: the layout does not depend on the
     * user's fontconfig settings */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);

    pdf p;
    memset(&p, 0, sizeof p);
    p.d = d;
    p.surface = s;
    p.cr = cr;
    p.pc = pc;
    p.pw = pw;
    p.ph = ph;
    p.x0 = 56;
    p.x1 = pw - 56;
    p.top = 54;
    p.bottom = ph - 66;
    p.err = err;
    render(&p); /* measure: how many pages */
    if (!p.failed) {
        p.pages = p.page;
        p.draw = 1;
        render(&p);
    }
    g_object_unref(pc);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (p.failed) {
        incstat_free_mem(mb.p);
        return -1;
    }
    if (cs != CAIRO_STATUS_SUCCESS || mb.failed) {
        incstat_free_mem(mb.p);
        if (err) {
            memset(err, 0, sizeof *err);
            err->code = mb.failed || cs == CAIRO_STATUS_NO_MEMORY ? INCSTAT_ENOMEM : INCSTAT_EIO;
            snprintf(err->message, sizeof err->message, "report: PDF: %s",
                     mb.failed ? "out of memory" : cairo_status_to_string(cs));
        }
        return -1;
    }
    *buf = mb.p;
    *len = mb.len;
    return 0;
}
