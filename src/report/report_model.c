/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_model.c: the report's model: the document (blocks, and
 * the strings and tables they own, freed together), and the text helpers the
 * sections share (numbers in words and tables, dates, names).  The writers
 * use only the model's types and report_decimal_split(). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_model.h"
#include "core/internal.h"

/* ---- the document: blocks and the strings they own ----------------------------- */

void *report_doc_own(report_doc *d, void *p)
{
    if (!p) {
        d->failed = 1;
        return NULL;
    }
    if (d->n_owned == d->cap_owned) {
        size_t nc = d->cap_owned ? d->cap_owned * 2 : 64;
        void **q = incstat_realloc(d->owned, nc * sizeof *q);
        if (!q) {
            incstat_free_mem(p);
            d->failed = 1;
            return NULL;
        }
        d->owned = q;
        d->cap_owned = nc;
    }
    d->owned[d->n_owned++] = p;
    return p;
}

const char *report_doc_printf(report_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        d->failed = 1;
        return "";
    }
    char *s = incstat_malloc((size_t)n + 1);
    if (!s) {
        d->failed = 1;
        return "";
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return report_doc_own(d, s) ? s : "";
}

const char *report_doc_str(report_doc *d, const char *s)
{
    return report_doc_printf(d, "%s", s ? s : "");
}

report_block *report_doc_add(report_doc *d, report_block_kind kind, const char *text)
{
    if (d->n_blocks == d->cap_blocks) {
        size_t nc = d->cap_blocks ? d->cap_blocks * 2 : 32;
        report_block *b = incstat_realloc(d->blocks, nc * sizeof *b);
        if (!b) {
            d->failed = 1;
            return NULL;
        }
        d->blocks = b;
        d->cap_blocks = nc;
    }
    report_block *b = &d->blocks[d->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = text;
    return b;
}

report_table *report_doc_table(report_doc *d, size_t rows, size_t cols, int with_head)
{
    report_table *t = report_doc_own(d, incstat_calloc(1, sizeof *t));
    if (!t)
        return NULL;
    t->rows = rows;
    t->cols = cols;
    t->cell = report_doc_own(d, incstat_calloc(rows * cols + 1, sizeof *t->cell));
    t->align = report_doc_own(d, incstat_calloc(cols, 1));
    t->weight = report_doc_own(d, incstat_calloc(cols, sizeof *t->weight));
    t->row_style = report_doc_own(d, incstat_calloc(rows + 1, 1));
    if (with_head)
        t->head = report_doc_own(d, incstat_calloc(cols, sizeof *t->head));
    if (!t->cell || !t->align || !t->weight || !t->row_style || (with_head && !t->head))
        return NULL;
    for (size_t i = 0; i < rows * cols; i++)
        t->cell[i] = "";
    for (size_t k = 0; k < cols; k++)
        t->weight[k] = 1;
    return t;
}

void report_doc_free(report_doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        incstat_chart_free(d->blocks[i].chart);
    for (size_t i = 0; i < d->n_owned; i++)
        incstat_free_mem(d->owned[i]);
    incstat_free_mem(d->owned);
    incstat_free_mem(d->blocks);
    memset(d, 0, sizeof *d);
}

/* ---- text in a fixed buffer ---------------------------------------------------- */

void report_sb_init(report_sbuf *b, char *p, size_t cap)
{
    b->p = p;
    b->cap = cap;
    b->len = 0;
    p[0] = '\0';
}

void report_sb_add(report_sbuf *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap - 1;
}

void report_add_heading(report_doc *d, const char *text, const char *anchor)
{
    report_block *b = report_doc_add(d, REPORT_HEADING, text);
    if (b)
        b->anchor = anchor;
}

void report_add_table(report_doc *d, report_table *t)
{
    report_block *b = report_doc_add(d, REPORT_TABLE, NULL);
    if (b)
        b->table = t;
}

/* ---- numbers in words and tables ------------------------------------------------- */

/* "1,049", "2,998.5" (one decimal only when the value has one), with a sign
 * ("+36", "\u2212474.5") when sign is set; "" for NaN. */
void report_fmt_num(char *buf, size_t cap, double v, int sign)
{
    if (isnan(v)) {
        snprintf(buf, cap, "%s", "");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, cap, "%s", v > 0 ? "\u221e" : REPORT_MINUS "\u221e");
        return;
    }
    double r = round(fabs(v) * 10) / 10;
    char raw[40];
    if (r >= 1e30) { /* beyond any count: no grouping */
        snprintf(buf, cap, "%s%.3g", v < 0 ? REPORT_MINUS : sign ? "+" : "", r);
        return;
    }
    snprintf(raw, sizeof raw, r == floor(r) ? "%.0f" : "%.1f", r);
    const char *dot = strchr(raw, '.');
    size_t il = dot ? (size_t)(dot - raw) : strlen(raw);
    const char *pre = r == 0 || !sign ? (v < 0 && r != 0 ? REPORT_MINUS : "") : v > 0 ? "+" : REPORT_MINUS;
    report_sbuf sb;
    report_sb_init(&sb, buf, cap);
    report_sb_add(&sb, "%s", pre);
    for (size_t i = 0; i < il; i++)
        report_sb_add(&sb, "%s%c", i && (il - i) % 3 == 0 ? "," : "", raw[i]);
    if (dot)
        report_sb_add(&sb, "%s", dot);
}

/* Whole numbers, rounded half up as the headline does ("about 278"). */
void report_fmt_whole(char *buf, size_t cap, double v)
{
    report_fmt_num(buf, cap, isfinite(v) ? floor(v + 0.5) : v, 0);
}

/* Percentages as the trend writer gives them: "38%", "4.6%", with a minus. */
void report_fmt_pct(char *buf, size_t cap, double v, int sign)
{
    if (isnan(v)) {
        snprintf(buf, cap, "n/a");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, cap, "%s\u221e%%", v > 0 ? "+" : REPORT_MINUS);
        return;
    }
    double a = fabs(v);
    const char *pre = v < 0 && a >= 0.05 ? REPORT_MINUS : sign && v > 0 ? "+" : "";
    if (a >= 9.95)
        snprintf(buf, cap, "%s%.0f%%", pre, a);
    else
        snprintf(buf, cap, "%s%.1f%%", pre, a);
}

/* About four significant digits (as the trend writer's table). */
void report_fmt_sig(char *buf, size_t cap, double v, int sign)
{
    char t[40];
    double a = fabs(v);
    if (isnan(v)) {
        snprintf(buf, cap, "n/a");
        return;
    }
    if (isinf(v))
        snprintf(t, sizeof t, "\u221e");
    else if (a != 0 && (a < 1e-3 || a >= 1e7))
        snprintf(t, sizeof t, "%.3g", a);
    else if (a >= 1000)
        report_fmt_num(t, sizeof t, round(a), 0);
    else if (a >= 100)
        snprintf(t, sizeof t, "%.1f", a);
    else if (a == floor(a))
        snprintf(t, sizeof t, "%.0f", a);
    else
        snprintf(t, sizeof t, "%.3g", a);
    snprintf(buf, cap, "%s%s", v < 0 ? REPORT_MINUS : sign && v > 0 ? "+" : "", t);
}

/* A ratio such as a dispersion: "314", "2.4". */
void report_fmt_ratio(char *buf, size_t cap, double v)
{
    if (isfinite(v) && fabs(v) >= 10)
        report_fmt_num(buf, cap, round(v), 0);
    else
        report_fmt_sig(buf, cap, v, 0);
}

/* "p = 0.096", "p < 0.001" */
void report_fmt_p(char *buf, size_t cap, double p)
{
    if (isnan(p))
        snprintf(buf, cap, "p n/a");
    else if (p < 0.001)
        snprintf(buf, cap, "p < 0.001");
    else if (p < 0.01)
        snprintf(buf, cap, "p = %.3f", p);
    else
        snprintf(buf, cap, "p = %.2f", p);
}

size_t report_decimal_split(const char *s)
{
    const char *dot = strchr(s, '.');
    if (dot)
        return (size_t)(dot - s);
    size_t n = strlen(s);
    while (n > 0 && !(s[n - 1] >= '0' && s[n - 1] <= '9'))
        n--;
    return n ? n : strlen(s);
}

const char *const REPORT_MONTHS[12] = {"January", "February", "March", "April", "May", "June", "July",
                               "August", "September", "October", "November", "December"};

/* "25 November 2017" */
void report_fmt_date(char *buf, size_t cap, incstat_date d)
{
    if (d.precision >= INCSTAT_DATE_DAY)
        snprintf(buf, cap, "%d %s %d", d.day, REPORT_MONTHS[(d.month - 1) % 12], (int)d.year);
    else if (d.precision == INCSTAT_DATE_MONTH)
        snprintf(buf, cap, "%s %d", REPORT_MONTHS[(d.month - 1) % 12], (int)d.year);
    else if (d.precision == INCSTAT_DATE_YEAR)
        snprintf(buf, cap, "%d", (int)d.year);
    else
        snprintf(buf, cap, "an unknown date");
}

const char *report_base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* What the preset calls an incident, for the headline ("suicide attacks"). */
const char *report_incident_noun(const char *preset)
{
    if (preset && strcmp(preset, "pbc-suicide") == 0)
        return "suicide attacks";
    if (preset && strcmp(preset, "pbc-drone") == 0)
        return "drone strikes";
    return "incidents";
}

const char *report_preset_description(const char *name)
{
    for (size_t i = 0; name && i < incstat_preset_count(); i++)
        if (strcmp(incstat_preset_name(i), name) == 0)
            return incstat_preset_description(i);
    return NULL;
}

int report_has_field(const incstat_load_report *r, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < r->n_columns; i++)
        if (r->columns[i].field && strncmp(r->columns[i].field, prefix, n) == 0)
            return 1;
    return 0;
}
