/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_html.c: the report as one self-contained HTML5 file: inline
 * CSS, the charts as inline SVG, no scripts and nothing fetched.  Cairo names
 * the glyphs and clip paths of every SVG alike ("glyph0-1", "clip1"), so each
 * chart's ids, and every reference to them, get a prefix of their own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_model.h"
#include "core/internal.h"

static const char CSS[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#fff;color:#1a1a1a;"
    "font:16px/1.55 \"DejaVu Sans\",\"Noto Sans\",\"Helvetica Neue\",Arial,sans-serif}\n"
    "main{max-width:860px;margin:0 auto;padding:40px 28px 56px}\n"
    "h1{font-size:2rem;line-height:1.2;margin:0 0 .4rem;letter-spacing:-.01em}\n"
    ".sub{color:#5e5e5e;font-size:.85rem;margin:0 0 1.6rem}\n"
    ".lede{font-size:1.2rem;line-height:1.5;margin:0 0 .9rem}\n"
    "h2{font-size:1.3rem;line-height:1.3;margin:2.6rem 0 .9rem;padding-top:.55rem;"
    "border-top:1.5px solid #1a1a1a}\n"
    "p{margin:0 0 .8rem}\n"
    ".note{font-size:.8rem;color:#5e5e5e;line-height:1.45}\n"
    "figure{margin:1.4rem 0 1.2rem}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    ".table-wrap{overflow-x:auto;margin:0 0 .6rem}\n"
    "table{border-collapse:collapse;width:100%;font-size:.8rem;line-height:1.35;"
    "font-variant-numeric:tabular-nums}\n"
    "th,td{padding:4px 7px;vertical-align:top}\n"
    "thead th{color:#5e5e5e;font-weight:700;text-align:left;vertical-align:bottom;"
    "border-bottom:1.5px solid #1a1a1a}\n"
    "tbody td,tbody th{border-bottom:1px solid #e2e2e2}\n"
    "th.r,td.r,th.d{text-align:right}\n"
    "td.d,td.r{text-align:right;white-space:nowrap}\n"
    "td.d .f{display:inline-block;text-align:left}\n"
    "tr.strong td{font-weight:700;background:#fdefe4}\n"
    "tr.muted td{color:#8c8c8c}\n"
    "table.facts{border-top:1.5px solid #1a1a1a}\n"
    "table.facts th{text-align:left;font-weight:700;width:20%;white-space:nowrap}\n"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}\n"
    "footer{margin-top:2.6rem;padding-top:.5rem;border-top:1px solid #ccc;color:#5e5e5e;"
    "font-size:.75rem}\n"
    "@media print{main{max-width:none;padding:0}h2{break-after:avoid}"
    "figure,tr{break-inside:avoid}}\n";

/* The n bytes of s with &, <, >, " and ' escaped; C0 controls other than
 * tab and newline dropped (they are not allowed in HTML text). */
static void esc_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n')
                fputc(c, f);
        }
    }
}

static void esc(FILE *f, const char *s)
{
    if (s)
        esc_n(f, s, strlen(s));
}

/* The same with line breaks kept as <br>. */
static void esc_lines(FILE *f, const char *s)
{
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        esc_n(f, s, nl ? (size_t)(nl - s) : strlen(s));
        if (!nl)
            break;
        fputs("<br>", f);
        s = nl + 1;
    }
}

static int starts(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* Copy the <svg> element of one chart, every id and every reference to one
 * prefixed: id="X", href="#X" (also xlink:href), url(#X), and the
 * aria-labelledby/aria-describedby lists. */
static void svg_prefixed(FILE *f, const char *svg, size_t n, const char *prefix)
{
    const char *p = svg, *end = svg + n;
    const char *start = NULL;
    for (const char *q = svg; q + 4 <= end; q++)
        if (memcmp(q, "<svg", 4) == 0) {
            start = q;
            break;
        }
    if (!start)
        return;
    p = start;
    while (p < end) {
        /* attributes are found by their text: the SVG's own text content
         * is escaped (no quotes), so these cannot occur inside it */
        static const char *const ATTR[] = {" id=\"", "href=\"#", "url(#", "aria-labelledby=\"",
                                           "aria-describedby=\""};
        int hit = -1;
        for (int k = 0; k < 5 && hit < 0; k++)
            if (starts(p, end, ATTR[k]))
                hit = k;
        if (hit < 0) {
            fputc(*p++, f);
            continue;
        }
        size_t an = strlen(ATTR[hit]);
        fwrite(p, 1, an, f);
        p += an;
        if (hit >= 3) {
            /* a space-separated list of ids */
            while (p < end && *p != '"') {
                while (p < end && *p == ' ')
                    fputc(*p++, f);
                if (p < end && *p != '"')
                    fputs(prefix, f);
                while (p < end && *p != ' ' && *p != '"')
                    fputc(*p++, f);
            }
        } else {
            fputs(prefix, f);
        }
    }
}

static int chart_svg(FILE *f, const incstat_chart *c, double aspect, int n, incstat_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        memset(err, 0, sizeof *err);
        err->code = INCSTAT_ENOMEM;
        snprintf(err->message, sizeof err->message, "report: out of memory");
        return -1;
    }
    incstat_chart_style st;
    incstat_chart_style_defaults(&st);
    /* points: at the page's width of about 800 CSS pixels the text comes
     * out near the body size */
    st.width = 680;
    st.height = st.width * (aspect > 0 ? aspect : 0.56);
    st.font_size = 12.5;
    incstat_status s = incstat_chart_write_stream(c, m, INCSTAT_CHART_FORMAT_SVG, &st, err);
    if (fclose(m) != 0 && s == INCSTAT_OK) {
        memset(err, 0, sizeof *err);
        err->code = INCSTAT_ENOMEM;
        snprintf(err->message, sizeof err->message, "report: out of memory");
        s = INCSTAT_ENOMEM;
    }
    if (s == INCSTAT_OK) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "c%d-", n);
        svg_prefixed(f, buf, len, prefix);
    }
    incstat_free_mem(buf);
    return s == INCSTAT_OK ? 0 : -1;
}

static void cell(FILE *f, const report_table *t, size_t k, const char *s, int head)
{
    unsigned char al = t->align[k];
    const char *tag = head || (t->facts && k == 0) ? "th" : "td";
    const char *cls = al == REPORT_DECIMAL ? (head ? " class=\"r\"" : " class=\"d\"")
                      : al == REPORT_RIGHT ? " class=\"r\""
                                           : "";
    const char *scope = head ? " scope=\"col\"" : t->facts && k == 0 ? " scope=\"row\"" : "";
    fprintf(f, "<%s%s%s>", tag, scope, cls);
    if (!head && al == REPORT_DECIMAL && *s) {
        size_t il = report_decimal_split(s);
        char *ip = incstat_malloc(il + 1);
        if (ip) {
            memcpy(ip, s, il);
            ip[il] = '\0';
            esc(f, ip);
            incstat_free_mem(ip);
        }
        fputs("<span class=\"f\">", f);
        esc(f, s + il);
        fputs("</span>", f);
    } else {
        esc_lines(f, s);
    }
    fprintf(f, "</%s>", tag);
}

/* Width of the widest fraction in a decimal column, in em, so the integer
 * parts line up. */
static double frac_em(const report_table *t, size_t k)
{
    size_t w = 0;
    for (size_t r = 0; r < t->rows; r++) {
        const char *s = t->cell[r * t->cols + k];
        size_t n = strlen(s + report_decimal_split(s));
        if (n > w)
            w = n;
    }
    return (double)w * 0.62;
}

static void table(FILE *f, const report_table *t)
{
    fprintf(f, "<div class=\"table-wrap\"><table%s>\n", t->facts ? " class=\"facts\"" : "");
    if (t->caption) {
        fputs("<caption class=\"vh\">", f);
        esc(f, t->caption);
        fputs("</caption>\n", f);
    }
    if (t->head) {
        fputs("<thead><tr>", f);
        for (size_t k = 0; k < t->cols; k++)
            cell(f, t, k, t->head[k], 1);
        fputs("</tr></thead>\n", f);
    }
    fputs("<tbody>\n", f);
    for (size_t r = 0; r < t->rows; r++) {
        unsigned st = t->row_style[r];
        fputs(st & REPORT_ROW_STRONG ? "<tr class=\"strong\">"
              : st & REPORT_ROW_MUTED ? "<tr class=\"muted\">"
                                      : "<tr>",
              f);
        for (size_t k = 0; k < t->cols; k++)
            cell(f, t, k, t->cell[r * t->cols + k], 0);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
}

int report_write_html(const report_doc *d, char **buf, size_t *len, incstat_error *err)
{
    *buf = NULL;
    *len = 0;
    FILE *f = open_memstream(buf, len);
    if (!f) {
        memset(err, 0, sizeof *err);
        err->code = INCSTAT_ENOMEM;
        snprintf(err->message, sizeof err->message, "report: out of memory");
        return -1;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", f);
    fprintf(f, "<meta name=\"generator\" content=\"incstat %s\">\n<title>", incstat_version());
    esc(f, d->title);
    fprintf(f, "</title>\n<style>\n%s", CSS);
    /* each decimal column's fraction slot: per table and column */
    size_t nt = 0;
    for (size_t i = 0; i < d->n_blocks; i++) {
        const report_table *t = d->blocks[i].kind == REPORT_TABLE ? d->blocks[i].table : NULL;
        if (!t)
            continue;
        nt++;
        for (size_t k = 0; k < t->cols; k++)
            if (t->align[k] == REPORT_DECIMAL)
                fprintf(f, "#t%zu td:nth-child(%zu) .f{width:%.2fem}\n", nt, k + 1,
                        frac_em(t, k));
    }
    fprintf(f, "@page{size:%s;margin:16mm}\n", d->letter ? "letter" : "A4");
    fputs("</style>\n</head>\n<body>\n<main>\n", f);
    int charts = 0, rc = 0;
    nt = 0;
    int in_header = 0, in_section = 0;
    for (size_t i = 0; i < d->n_blocks && rc == 0; i++) {
        const report_block *b = &d->blocks[i];
        switch (b->kind) {
        case REPORT_TITLE:
            fputs("<header>\n<h1>", f);
            esc(f, b->text);
            fputs("</h1>\n", f);
            in_header = 1;
            break;
        case REPORT_SUBTITLE:
            fputs("<p class=\"sub\">", f);
            esc(f, b->text);
            fputs("</p>\n", f);
            break;
        case REPORT_LEDE:
            fputs("<p class=\"lede\">", f);
            esc_lines(f, b->text);
            fputs("</p>\n", f);
            break;
        case REPORT_HEADING:
            if (in_header) {
                fputs("</header>\n", f);
                in_header = 0;
            }
            fputs(in_section ? "</section>\n<section" : "<section", f);
            in_section = 1;
            if (b->anchor) {
                fputs(" id=\"", f);
                esc(f, b->anchor);
                fputs("\"", f);
            }
            fputs(">\n<h2>", f);
            esc(f, b->text);
            fputs("</h2>\n", f);
            break;
        case REPORT_PARA:
        case REPORT_NOTE:
            fputs(b->kind == REPORT_NOTE ? "<p class=\"note\">" : "<p>", f);
            esc_lines(f, b->text);
            fputs("</p>\n", f);
            break;
        case REPORT_TABLE:
            nt++;
            fprintf(f, "<div id=\"t%zu\">\n", nt);
            table(f, b->table);
            fputs("</div>\n", f);
            break;
        case REPORT_CHART:
            if (!b->chart) {
                fputs("<p class=\"note\">", f);
                esc(f, b->text);
                fputs("</p>\n", f);
                break;
            }
            fputs("<figure>\n", f);
            rc = chart_svg(f, b->chart, b->aspect, ++charts, err);
            if (b->alt) {
                fputs("\n<figcaption class=\"vh\">", f);
                esc(f, b->alt);
                fputs("</figcaption>", f);
            }
            fputs("\n</figure>\n", f);
            break;
        }
    }
    if (in_header)
        fputs("</header>\n", f);
    if (in_section)
        fputs("</section>\n", f);
    fprintf(f, "<footer>Made with incstat %s.</footer>\n</main>\n</body>\n</html>\n",
            incstat_version());
    int bad = ferror(f);
    if (fclose(f) != 0)
        bad = 1;
    if (rc != 0 || bad) {
        if (rc == 0) {
            memset(err, 0, sizeof *err);
            err->code = INCSTAT_ENOMEM;
            snprintf(err->message, sizeof err->message, "report: out of memory");
        }
        incstat_free_mem(*buf);
        *buf = NULL;
        *len = 0;
        return -1;
    }
    return 0;
}
