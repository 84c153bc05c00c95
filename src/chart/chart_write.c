/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_write.c: PNG, PDF and SVG output of a chart, to a file or a
 * stream.  The whole file is made in memory first, so a failure leaves no
 * half-written output behind (and the SVG can be post-processed). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include "chart/chart_internal.h"
#include "incstat/util.h"

#define PNG_MAX_SIDE 16384

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    chart_buf *b = closure;
    chart_buf_put(b, (const char *)data, len);
    return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static incstat_status surface_error(cairo_surface_t *s, const chart_buf *out, incstat_error *err)
{
    cairo_status_t st = cairo_surface_status(s);
    if (out->failed || st == CAIRO_STATUS_NO_MEMORY)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
    if (st)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "chart: cairo: %s",
                                 cairo_status_to_string(st));
    return INCSTAT_OK;
}

/* Render onto surface s (sized w x h user units after the scale) and finish
 * it. */
static incstat_status render_on(const incstat_chart *chart, const incstat_chart_style *style,
                                cairo_surface_t *s, double scale, double w, double h,
                                chart_buf *sink, const chart_buf *out, incstat_error *err)
{
    incstat_status st = surface_error(s, out, err);
    if (st)
        return st;
    cairo_t *cr = cairo_create(s);
    if (scale != 1)
        cairo_scale(cr, scale, scale);
    st = chart_render(chart, style, cr, w, h, sink, err);
    cairo_destroy(cr);
    if (st)
        return st;
    cairo_surface_flush(s);
    return surface_error(s, out, err);
}

/* ---- SVG post-processing ------------------------------------------------------ */

static void put_escaped(chart_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        switch (ch) {
        case '&': chart_buf_str(b, "&amp;"); break;
        case '<': chart_buf_str(b, "&lt;"); break;
        case '>': chart_buf_str(b, "&gt;"); break;
        case '"': chart_buf_str(b, "&quot;"); break;
        default:
            /* C0 controls other than tab and newline are not XML 1.0 */
            if (ch >= 0x20 || ch == '\t' || ch == '\n')
                chart_buf_put(b, s + i, 1);
            else
                chart_buf_put(b, " ", 1);
        }
    }
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Cairo names each SVG surface group after a process-wide counter
 * ("surface11" the first time, "surface16" the next), so the same chart
 * would differ from one call to the next: renumber "surfaceN" and "imageN" ids
 * in order of first appearance. */
static void renumber_ids(const char *p, size_t n, chart_buf *out)
{
    static const char *const prefixes[] = {"surface", "image"};
    unsigned long map[2][64];
    size_t nmap[2] = {0, 0};
    size_t i = 0, last = 0;
    while (i < n) {
        int hit = -1;
        size_t plen = 0;
        if (p[i] == '"' || p[i] == '#') {
            for (int k = 0; k < 2; k++) {
                plen = strlen(prefixes[k]);
                if (i + 1 + plen < n && memcmp(p + i + 1, prefixes[k], plen) == 0 &&
                    is_digit(p[i + 1 + plen])) {
                    hit = k;
                    break;
                }
            }
        }
        if (hit < 0) {
            i++;
            continue;
        }
        size_t d0 = i + 1 + plen, d1 = d0;
        unsigned long num = 0;
        while (d1 < n && is_digit(p[d1]) && d1 - d0 < 18)
            num = num * 10 + (unsigned long)(p[d1++] - '0');
        size_t k;
        for (k = 0; k < nmap[hit] && map[hit][k] != num; k++)
            ;
        if (k == nmap[hit]) {
            if (k == 64) { /* more than cairo makes for one chart: leave as is */
                i = d1;
                continue;
            }
            map[hit][nmap[hit]++] = num;
        }
        char idbuf[32];
        chart_buf_put(out, p + last, d0 - last);
        snprintf(idbuf, sizeof idbuf, "%zu", k + 1);
        chart_buf_str(out, idbuf);
        last = i = d1;
    }
    chart_buf_put(out, p + last, n - last);
}

/* Give the SVG a <title> (the chart's title) and a <desc> (every text drawn,
 * one per line) as the first children of <svg>, with role="img", so the text
 * is searchable and read by screen readers: cairo draws glyphs as outlines. */
static void svg_finish(const incstat_chart *chart, const chart_buf *raw, const chart_buf *sink,
                       chart_buf *out)
{
    const char *p = raw->p ? raw->p : "";
    size_t n = raw->len;
    const char *svg = strstr(p, "<svg");
    const char *gt = svg ? strchr(svg, '>') : NULL;
    if (!gt) { /* not what cairo writes: pass it through */
        renumber_ids(p, n, out);
        return;
    }
    size_t head = (size_t)(gt - p);
    int selfclose = head > 0 && p[head - 1] == '/';
    if (selfclose)
        head--;
    const char *title = chart->text[INCSTAT_CHART_TEXT_TITLE];
    chart_buf_put(out, p, head);
    chart_buf_str(out, " role=\"img\"");
    if (title && *title)
        chart_buf_str(out, " aria-labelledby=\"incstat-title\"");
    chart_buf_str(out, " aria-describedby=\"incstat-desc\">\n");
    if (title && *title) {
        chart_buf_str(out, "<title id=\"incstat-title\">");
        put_escaped(out, title, strlen(title));
        chart_buf_str(out, "</title>\n");
    }
    chart_buf_str(out, "<desc id=\"incstat-desc\">");
    if (sink->len)
        put_escaped(out, sink->p, sink->len - 1); /* without the last newline */
    chart_buf_str(out, "</desc>");
    if (selfclose)
        chart_buf_str(out, "\n</svg>");
    renumber_ids(gt + 1, n - (size_t)(gt + 1 - p), out);
}

/* ---- formats ---------------------------------------------------------------------- */

static incstat_status render_format(const incstat_chart *chart, const incstat_chart_style *in,
                                    incstat_chart_format fmt, chart_buf *out,
                                    incstat_error *err)
{
    incstat_status st = chart_check(chart, err);
    if (st)
        return st;
    incstat_chart_style style;
    chart_resolve_style(in, &style);
    double w = style.width, h = style.height;
    cairo_surface_t *s = NULL;
    switch (fmt) {
    case INCSTAT_CHART_FORMAT_PNG: {
        double scale = style.dpi / 72;
        double pw = round(w * scale), ph = round(h * scale);
        if (!(pw >= 1 && ph >= 1 && pw <= PNG_MAX_SIDE && ph <= PNG_MAX_SIDE))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "chart: PNG of %.0f x %.0f pixels (at most %d a side)", pw,
                                     ph, PNG_MAX_SIDE);
        /* opaque: the chart paints its background; RGB PNGs are smaller and faster.
         * The pixels are a big block of our own (a mapping on huge pages where
         * the system has them), not cairo's calloc: the first touch of a
         * 1600 x 1200 image's 7.7 MB was 1,900 page faults, 20 ms on this kind
         * of virtual machine, a third of a choropleth's drawing */
        int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)pw);
        size_t bytes = (size_t)stride * (size_t)ph;
        unsigned char *pixels = stride > 0 ? incstat_big_zeroed(bytes) : NULL;
        if (!pixels)
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
        s = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, (int)pw, (int)ph,
                                                stride);
        /* user units stay points: the drawing is the same at any dpi */
        st = render_on(chart, &style, s, scale, pw / scale, ph / scale, NULL, out, err);
        if (!st)
            st = chart_write_png_(s, out, err);
        cairo_surface_destroy(s);
        incstat_big_free(pixels, bytes);
        return st;
    }
    case INCSTAT_CHART_FORMAT_PDF: {
        s = cairo_pdf_surface_create_for_stream(to_buf, out, w, h);
        char creator[64];
        snprintf(creator, sizeof creator, "incstat %s", incstat_version());
        const char *title = chart->text[INCSTAT_CHART_TEXT_TITLE];
        if (title)
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
        /* cairo stamps the current time unless told otherwise; an empty date
         * makes cairo 1.16 leave the entries out */
        const char *date = style.pdf_date ? style.pdf_date : "";
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
        st = render_on(chart, &style, s, 1, w, h, NULL, out, err);
        cairo_surface_finish(s);
        if (!st)
            st = surface_error(s, out, err);
        cairo_surface_destroy(s);
        return st;
    }
    case INCSTAT_CHART_FORMAT_SVG: {
        chart_buf raw = {0}, sink = {0};
        s = cairo_svg_surface_create_for_stream(to_buf, &raw, w, h);
        st = render_on(chart, &style, s, 1, w, h, &sink, &raw, err);
        cairo_surface_finish(s);
        if (!st)
            st = surface_error(s, &raw, err);
        cairo_surface_destroy(s);
        if (!st) {
            svg_finish(chart, &raw, &sink, out);
            if (out->failed)
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
        }
        chart_buf_free(&raw);
        chart_buf_free(&sink);
        return st;
    }
    default:
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: unknown format %d",
                                 (int)fmt);
    }
}

incstat_chart_format incstat_chart_format_of(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!dot || (slash && dot < slash))
        return INCSTAT_CHART_FORMAT_AUTO;
    return !incstat_ascii_casecmp(dot, ".png")   ? INCSTAT_CHART_FORMAT_PNG
           : !incstat_ascii_casecmp(dot, ".pdf") ? INCSTAT_CHART_FORMAT_PDF
           : !incstat_ascii_casecmp(dot, ".svg") ? INCSTAT_CHART_FORMAT_SVG
                                                 : INCSTAT_CHART_FORMAT_AUTO;
}

static incstat_status format_of(const char *path, incstat_chart_format *fmt, incstat_error *err)
{
    *fmt = incstat_chart_format_of(path);
    if (*fmt == INCSTAT_CHART_FORMAT_AUTO)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: cannot tell the format of '%s' from its extension "
                                 "(.png, .pdf or .svg)",
                                 path);
    return INCSTAT_OK;
}

static const incstat_chart_style *style_or_own(const incstat_chart *chart,
                                               const incstat_chart_style *style)
{
    return style ? style : &chart->style;
}

incstat_status incstat_chart_write(const incstat_chart *chart, const char *path,
                                   incstat_chart_format fmt, const incstat_chart_style *style,
                                   incstat_error *err)
{
    incstat_clear_error(err);
    if (!chart || !path)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: chart or path is NULL");
    incstat_status st;
    if (fmt == INCSTAT_CHART_FORMAT_AUTO && (st = format_of(path, &fmt, err)))
        return st;
    chart_buf out = {0};
    st = render_format(chart, style_or_own(chart, style), fmt, &out, err);
    /* replaced whole or not at all: a failure leaves the file as it was */
    incstat_error fe;
    if (!st && (st = incstat_file_replace_(path, out.p, out.len, &fe)) != INCSTAT_OK)
        incstat_set_error(err, st, 0, 0, "chart: %s", fe.message);
    chart_buf_free(&out);
    return st;
}

incstat_status incstat_chart_write_stream(const incstat_chart *chart, FILE *fp,
                                          incstat_chart_format fmt,
                                          const incstat_chart_style *style, incstat_error *err)
{
    incstat_clear_error(err);
    if (!chart || !fp)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "chart: chart or stream is NULL");
    if (fmt == INCSTAT_CHART_FORMAT_AUTO)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "chart: a stream needs an explicit format (png, pdf or svg)");
    chart_buf out = {0};
    incstat_status st = render_format(chart, style_or_own(chart, style), fmt, &out, err);
    if (!st && (fwrite(out.p, 1, out.len, fp) != out.len || fflush(fp) != 0))
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "chart: cannot write the stream: %s",
                               strerror(errno));
    chart_buf_free(&out);
    return st;
}
