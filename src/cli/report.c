/* src/cli/report.c: incstat report FILE -o report.pdf|report.html: the
 * headline, the yearly table, four charts, the trend in words and numbers,
 * and what the loader saw, in one document.  The file is loaded once into a
 * table; three summaries (by year, by year and category, by month) are made
 * from it through the same filter.  This file decides what the report says;
 * report_pdf.c and report_html.c lay it out. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "report.h"
#include "io/encoding.h"

static const char *const KNOWN[] = {
    "--output", "--format", "--title", "--paper", "--trend", "--top", "--by", "--where",
    "--from", "--to", "--estimate", "--gap", "--threads", "--help", "--preset", "--map",
    "--schema", "--keep", "--encoding", "--delimiter", "--date-order", "--strict", "--quiet",
    NULL};

static void help(void)
{
    printf("Usage: incstat report [OPTIONS] FILE -o OUT\n\n"
           "One document with the headline for the latest year, the yearly table, charts\n"
           "(yearly bars with the peak, killed over time with a trend and change points,\n"
           "a stacked chart by province or another category, a year x month heatmap), the\n"
           "trend statistics with their intervals, and what the loader saw in the file.\n"
           "OUT's extension (.pdf, .html, .htm) picks the format.\n\n"
           "  -o, --output OUT      file to write, or - for standard output (needs --format)\n"
           "  --format pdf|html     (default: from OUT's extension)\n"
           "  --title T             the report's title (default from the data)\n"
           "  --paper a4|letter     PDF page size (default a4)\n"
           "  --trend negbin|poisson   the trend drawn and put first in the text\n"
           "                        (default negbin: negative binomial)\n"
           "  --by COLUMN           the stacked chart's category (default admin1): a field\n"
           "                        (perpetrator, type, ...) or a column kept with --keep\n"
           "  --top N               categories in the stacked chart (default 6, 1 to 12)\n"
           "Selection: --where, --from, --to, --estimate, --gap (see incstat help summary).\n"
           "Load options: --preset, --map, --schema, --keep, --encoding, --delimiter,\n"
           "  --date-order, --strict, --quiet (see incstat help inspect).\n"
           "With SOURCE_DATE_EPOCH set, the PDF carries that date; otherwise none, so the\n"
           "same input and options give the same bytes.\n");
}

typedef struct {
    const char *out, *title, *category;
    int html;      /* -1: from the extension */
    int letter;
    cli_trend_kind trend;
    size_t top;
} report_args;

/* ---- the document: blocks and the strings they own ----------------------------- */

static void *doc_own(report_doc *d, void *p)
{
    if (!p) {
        d->failed = 1;
        return NULL;
    }
    if (d->n_owned == d->cap_owned) {
        size_t nc = d->cap_owned ? d->cap_owned * 2 : 64;
        void **q = realloc(d->owned, nc * sizeof *q);
        if (!q) {
            free(p);
            d->failed = 1;
            return NULL;
        }
        d->owned = q;
        d->cap_owned = nc;
    }
    d->owned[d->n_owned++] = p;
    return p;
}

static const char *doc_printf(report_doc *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static const char *doc_printf(report_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        d->failed = 1;
        return "";
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        d->failed = 1;
        return "";
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return doc_own(d, s) ? s : "";
}

static const char *doc_str(report_doc *d, const char *s)
{
    return doc_printf(d, "%s", s ? s : "");
}

static report_block *doc_add(report_doc *d, report_block_kind kind, const char *text)
{
    if (d->n_blocks == d->cap_blocks) {
        size_t nc = d->cap_blocks ? d->cap_blocks * 2 : 32;
        report_block *b = realloc(d->blocks, nc * sizeof *b);
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

static report_table *doc_table(report_doc *d, size_t rows, size_t cols, int with_head)
{
    report_table *t = doc_own(d, calloc(1, sizeof *t));
    if (!t)
        return NULL;
    t->rows = rows;
    t->cols = cols;
    t->cell = doc_own(d, calloc(rows * cols + 1, sizeof *t->cell));
    t->align = doc_own(d, calloc(cols, 1));
    t->weight = doc_own(d, calloc(cols, sizeof *t->weight));
    t->row_style = doc_own(d, calloc(rows + 1, 1));
    if (with_head)
        t->head = doc_own(d, calloc(cols, sizeof *t->head));
    if (!t->cell || !t->align || !t->weight || !t->row_style || (with_head && !t->head))
        return NULL;
    for (size_t i = 0; i < rows * cols; i++)
        t->cell[i] = "";
    for (size_t k = 0; k < cols; k++)
        t->weight[k] = 1;
    return t;
}

static void doc_free(report_doc *d)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        incstat_chart_free(d->blocks[i].chart);
    for (size_t i = 0; i < d->n_owned; i++)
        free(d->owned[i]);
    free(d->owned);
    free(d->blocks);
    memset(d, 0, sizeof *d);
}


/* Text built in a fixed buffer: appends are cut at the end, never overrun. */
typedef struct {
    char *p;
    size_t cap, len;
} sbuf;

static void sb_init(sbuf *b, char *p, size_t cap)
{
    b->p = p;
    b->cap = cap;
    b->len = 0;
    p[0] = '\0';
}

static void sb_add(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sb_add(sbuf *b, const char *fmt, ...)
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

static void add_heading(report_doc *d, const char *text, const char *anchor)
{
    report_block *b = doc_add(d, REPORT_HEADING, text);
    if (b)
        b->anchor = anchor;
}

static void add_table(report_doc *d, report_table *t)
{
    report_block *b = doc_add(d, REPORT_TABLE, NULL);
    if (b)
        b->table = t;
}

/* ---- numbers in words and tables ------------------------------------------------- */

#define MINUS "\u2212"

/* "1,049", "2,998.5" (one decimal only when the value has one), with a sign
 * ("+36", "\u2212474.5") when sign is set; "" for NaN. */
static void fmt_num(char *buf, size_t cap, double v, int sign)
{
    if (isnan(v)) {
        snprintf(buf, cap, "%s", "");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, cap, "%s", v > 0 ? "\u221e" : MINUS "\u221e");
        return;
    }
    double r = round(fabs(v) * 10) / 10;
    char raw[40];
    if (r >= 1e30) { /* beyond any count: no grouping */
        snprintf(buf, cap, "%s%.3g", v < 0 ? MINUS : sign ? "+" : "", r);
        return;
    }
    snprintf(raw, sizeof raw, r == floor(r) ? "%.0f" : "%.1f", r);
    const char *dot = strchr(raw, '.');
    size_t il = dot ? (size_t)(dot - raw) : strlen(raw);
    const char *pre = r == 0 || !sign ? (v < 0 && r != 0 ? MINUS : "") : v > 0 ? "+" : MINUS;
    sbuf sb;
    sb_init(&sb, buf, cap);
    sb_add(&sb, "%s", pre);
    for (size_t i = 0; i < il; i++)
        sb_add(&sb, "%s%c", i && (il - i) % 3 == 0 ? "," : "", raw[i]);
    if (dot)
        sb_add(&sb, "%s", dot);
}

/* Whole numbers, rounded half up as the headline does ("about 278"). */
static void fmt_whole(char *buf, size_t cap, double v)
{
    fmt_num(buf, cap, isfinite(v) ? floor(v + 0.5) : v, 0);
}

/* Percentages as the trend writer gives them: "38%", "4.6%", with a minus. */
static void fmt_pct(char *buf, size_t cap, double v, int sign)
{
    if (isnan(v)) {
        snprintf(buf, cap, "n/a");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, cap, "%s\u221e%%", v > 0 ? "+" : MINUS);
        return;
    }
    double a = fabs(v);
    const char *pre = v < 0 && a >= 0.05 ? MINUS : sign && v > 0 ? "+" : "";
    if (a >= 9.95)
        snprintf(buf, cap, "%s%.0f%%", pre, a);
    else
        snprintf(buf, cap, "%s%.1f%%", pre, a);
}

/* About four significant digits (as the trend writer's table). */
static void fmt_sig(char *buf, size_t cap, double v, int sign)
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
        fmt_num(t, sizeof t, round(a), 0);
    else if (a >= 100)
        snprintf(t, sizeof t, "%.1f", a);
    else if (a == floor(a))
        snprintf(t, sizeof t, "%.0f", a);
    else
        snprintf(t, sizeof t, "%.3g", a);
    snprintf(buf, cap, "%s%s", v < 0 ? MINUS : sign && v > 0 ? "+" : "", t);
}

/* A ratio such as a dispersion: "314", "2.4". */
static void fmt_ratio(char *buf, size_t cap, double v)
{
    if (isfinite(v) && fabs(v) >= 10)
        fmt_num(buf, cap, round(v), 0);
    else
        fmt_sig(buf, cap, v, 0);
}

/* "p = 0.096", "p < 0.001" */
static void fmt_p(char *buf, size_t cap, double p)
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

static const char *MONTHS[] = {"January", "February", "March", "April", "May", "June", "July",
                               "August", "September", "October", "November", "December"};

/* "25 November 2017" */
static void fmt_date(char *buf, size_t cap, incstat_date d)
{
    if (d.precision >= INCSTAT_DATE_DAY)
        snprintf(buf, cap, "%d %s %d", d.day, MONTHS[(d.month - 1) % 12], (int)d.year);
    else if (d.precision == INCSTAT_DATE_MONTH)
        snprintf(buf, cap, "%s %d", MONTHS[(d.month - 1) % 12], (int)d.year);
    else if (d.precision == INCSTAT_DATE_YEAR)
        snprintf(buf, cap, "%d", (int)d.year);
    else
        snprintf(buf, cap, "an unknown date");
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* What the preset calls an incident, for the headline ("suicide attacks"). */
static const char *incident_noun(const char *preset)
{
    if (preset && strcmp(preset, "pbc-suicide") == 0)
        return "suicide attacks";
    if (preset && strcmp(preset, "pbc-drone") == 0)
        return "drone strikes";
    return "incidents";
}

static const char *preset_description(const char *name)
{
    for (size_t i = 0; name && i < incstat_preset_count(); i++)
        if (strcmp(incstat_preset_name(i), name) == 0)
            return incstat_preset_description(i);
    return NULL;
}

static int has_field(const incstat_load_report *r, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < r->n_columns; i++)
        if (r->columns[i].field && strncmp(r->columns[i].field, prefix, n) == 0)
            return 1;
    return 0;
}

/* ---- what the report is about ------------------------------------------------------ */

typedef struct {
    const report_args *ra;
    const cli_load *o;
    const cli_select *sel;
    const incstat_load_report *rep;
    const incstat_summary *yearly, *bycat, *monthly;
    incstat_error bycat_err, monthly_err; /* why a summary is missing */
    const char *noun;        /* "suicide attacks" */
    const char *first, *last; /* year labels */
    int partial;             /* the last year is covered only in part */
    incstat_date latest;
    int injured;             /* the file has an injured column */
    cli_series se;           /* killed by year */
    size_t n_fit;            /* years in the trend fit */
    incstat_trend_result *res; /* NULL when the fit failed */
    incstat_error fit_err;
    const char *cat_subtitle; /* the stacked chart's */
} report_ctx;

static void add_chart(report_doc *d, const report_ctx *c, incstat_chart_kind kind,
                      const incstat_summary *s, cli_trend_kind trend, const char *title,
                      const char *alt)
{
    cli_chart_args ca;
    memset(&ca, 0, sizeof ca);
    ca.kind = kind;
    ca.metric = CLI_METRIC_KILLED;
    ca.estimate = c->sel->so.estimate;
    ca.input = c->o->file;
    ca.preset = c->rep->preset;
    ca.top = c->ra->top;
    ca.title = title;
    if (kind == INCSTAT_CHART_STACKED)
        ca.subtitle = c->cat_subtitle;
    if (kind == INCSTAT_CHART_LINE) {
        /* the trend and change points only where the fit works: a tiny
         * series still gets its line */
        ca.trend = c->res ? trend : CLI_TREND_NONE;
        ca.changepoints = c->res != NULL;
    }
    incstat_chart *ch = NULL;
    incstat_error err;
    const char *why = NULL;
    if (!s)
        why = doc_printf(d, "Chart not drawn: %s", kind == INCSTAT_CHART_HEATMAP
                                                       ? c->monthly_err.message
                                                       : c->bycat_err.message);
    else if (cli_build_chart(&ca, s, &ch, &err) != 0)
        why = doc_printf(d, "Chart not drawn: %s", err.message);
    report_block *b = doc_add(d, REPORT_CHART, why);
    if (!b) {
        incstat_chart_free(ch);
        return;
    }
    b->chart = ch;
    b->alt = alt;
    b->aspect = 0.56;
    if (kind == INCSTAT_CHART_HEATMAP && s) {
        /* a row a year: a few years make a short chart */
        size_t n = incstat_summary_rows(s);
        int years = n ? incstat_summary_row_at(s, n - 1)->year - incstat_summary_row_at(s, 0)->year + 1
                      : 1;
        double a = (100.0 + 15.0 * years) / 480.0;
        b->aspect = a < 0.3 ? 0.3 : a > 0.68 ? 0.68 : a;
    }
}

/* The title block: title, source line, the headline sentences, the peak and
 * the totals, and the yearly bars. */
static void title_section(report_doc *d, const report_ctx *c)
{
    const incstat_summary *s = c->yearly;
    char a[64], b[64], e[64];
    if (c->ra->title)
        d->title = doc_str(d, c->ra->title);
    else
        d->title = doc_printf(d, "People killed%s in %s, %s\u2013%s",
                              c->injured ? " and injured" : "", c->noun, c->first, c->last);
    doc_add(d, REPORT_TITLE, d->title);

    char buf[2048];
    sbuf sb;
    sb_init(&sb, buf, sizeof buf);
    for (size_t k = 0; k < c->sel->nwhere; k++)
        sb_add(&sb, "%s%s", k ? ", " : "; where ", c->sel->where[k]);
    fmt_date(a, sizeof a, c->latest);
    doc_add(d, REPORT_SUBTITLE,
            doc_printf(d, "Source: %s (%s); %s estimate%s. Data up to %s.",
                       base_name(c->rep->source), c->rep->preset,
                       cli_estimate_name(c->sel->so.estimate), buf, a));

    incstat_error err;
    if (incstat_summary_headline(s, 0, c->noun, buf, sizeof buf, &err) == INCSTAT_OK)
        doc_add(d, REPORT_LEDE, doc_str(d, buf));
    else
        doc_add(d, REPORT_LEDE, doc_printf(d, "No headline for the latest year: %s.", err.message));

    /* the peak, and the totals over the whole range */
    const incstat_summary_row *peak = NULL;
    for (size_t i = 0; i < incstat_summary_rows(s) && !peak; i++)
        if (incstat_summary_row_at(s, i)->killed_rank == 1)
            peak = incstat_summary_row_at(s, i);
    sb_init(&sb, buf, sizeof buf);
    const incstat_summary_row *latest = NULL;
    for (size_t i = incstat_summary_rows(s); i-- > 0 && !latest;)
        if (!incstat_summary_row_at(s, i)->missing)
            latest = incstat_summary_row_at(s, i);
    if (peak == latest)
        ; /* the headline already says it is the deadliest */
    else if (peak && peak->killed > 0) {
        fmt_whole(a, sizeof a, peak->killed);
        fmt_num(b, sizeof b, (double)peak->incidents, 0);
        sb_add(&sb, "The deadliest year was %s, with about %s %s killed in %s %s.", peak->key[0],
               a, peak->killed < 1.5 ? "person" : "people", b,
               peak->incidents == 1 ? "incident" : c->noun);
    } else if (peak) {
        sb_add(&sb, "No deaths are recorded in these data.");
    }
    incstat_summary_row t;
    if (incstat_summary_total(s, &t, &err) == INCSTAT_OK) {
        fmt_num(a, sizeof a, (double)t.incidents, 0);
        fmt_whole(b, sizeof b, t.killed);
        sb_add(&sb, "%sFrom %s to %s the data record %s %s, with about %s people killed",
               sb.len ? " " : "", c->first, c->last, a, t.incidents == 1 ? "incident" : c->noun,
               b);
        if (t.killed_low != t.killed_high && isfinite(t.killed_low) && isfinite(t.killed_high)) {
            fmt_whole(a, sizeof a, t.killed_low);
            fmt_whole(b, sizeof b, t.killed_high);
            sb_add(&sb, " (%s on the low figures, %s on the high)", a, b);
        }
        if (c->injured) {
            fmt_whole(e, sizeof e, t.injured);
            sb_add(&sb, " and %s injured", e);
        }
        sb_add(&sb, ".");
        fmt_num(a, sizeof a, (double)t.killed_missing, 0);
        fmt_num(b, sizeof b, (double)t.injured_missing, 0);
        if (t.killed_missing && c->injured && t.injured_missing)
            sb_add(&sb, " The number killed is unknown for %s of them and the number injured "
                        "for %s; they count as incidents but add nothing to the sums.", a, b);
        else if (t.killed_missing)
            sb_add(&sb, " The number killed is unknown for %s of them; they count as incidents "
                        "but add nothing to the sums.", a);
    }
    if (sb.len)
        doc_add(d, REPORT_PARA, doc_str(d, buf));
    add_chart(d, c, INCSTAT_CHART_BAR, s, CLI_TREND_NONE, NULL,
              doc_printf(d, "Bar chart of people killed each year, %s to %s, the deadliest year "
                            "highlighted.", c->first, c->last));
}

/* The yearly table. */
static void table_section(report_doc *d, const report_ctx *c)
{
    const incstat_summary *s = c->yearly;
    size_t n = incstat_summary_rows(s);
    int range = 0;
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->missing && r->killed_low != r->killed_high)
            range = 1;
    }
    enum { C_YEAR, C_INC, C_KILLED, C_RANGE, C_INJ, C_CHG, C_PCT, C_RANK, C_SINCE, C_NOTE, C_N };
    static const char *const HEAD[C_N] = {"Year", "Incidents", "Killed", "Low\u2013high",
                                          "Injured", "Change", "Change\u00a0%", "Rank",
                                          "Deadliest since", "Note"};
    static const unsigned char ALIGN[C_N] = {REPORT_LEFT, REPORT_RIGHT, REPORT_DECIMAL,
                                             REPORT_RIGHT, REPORT_DECIMAL, REPORT_DECIMAL,
                                             REPORT_DECIMAL, REPORT_RIGHT, REPORT_RIGHT,
                                             REPORT_LEFT};
    static const double WEIGHT[C_N] = {0.75, 1.2, 1.05, 1.4, 1.1, 1.15, 1.15, 0.7, 1.2, 2.3};
    int use[C_N];
    size_t cols = 0;
    for (int k = 0; k < C_N; k++) {
        use[k] = (k != C_RANGE || range) && (k != C_INJ || c->injured);
        cols += (size_t)use[k];
    }
    add_heading(d, "Year by year", "year-by-year");
    report_table *t = doc_table(d, n, cols, 1);
    if (!t)
        return;
    t->caption = doc_printf(d, "Incidents, killed and injured per year, %s\u2013%s", c->first,
                            c->last);
    size_t col = 0;
    for (int k = 0; k < C_N; k++)
        if (use[k]) {
            t->head[col] = HEAD[k];
            t->align[col] = ALIGN[k];
            t->weight[col] = WEIGHT[k];
            col++;
        }
    char a[64], b[64];
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        const char *cell[C_N];
        for (int k = 0; k < C_N; k++)
            cell[k] = "";
        cell[C_YEAR] = doc_str(d, r->key[0]);
        if (r->missing) {
            cell[C_NOTE] = "not covered by the source";
            t->row_style[i] = REPORT_ROW_MUTED;
        } else {
            fmt_num(a, sizeof a, (double)r->incidents, 0);
            cell[C_INC] = doc_str(d, a);
            fmt_num(a, sizeof a, r->killed, 0);
            cell[C_KILLED] = doc_str(d, a);
            if (r->killed_low != r->killed_high) {
                fmt_num(a, sizeof a, r->killed_low, 0);
                fmt_num(b, sizeof b, r->killed_high, 0);
                cell[C_RANGE] = doc_printf(d, "%s\u2013%s", a, b);
            }
            fmt_num(a, sizeof a, r->injured, 0);
            cell[C_INJ] = doc_str(d, a);
            fmt_num(a, sizeof a, r->killed_yoy, 1);
            cell[C_CHG] = doc_str(d, a);
            if (!isnan(r->killed_yoy_pct)) {
                fmt_num(a, sizeof a, r->killed_yoy_pct, 1);
                cell[C_PCT] = doc_printf(d, "%s%%", a);
            }
            if (r->killed_rank)
                cell[C_RANK] = doc_printf(d, "%llu", (unsigned long long)r->killed_rank);
            if (r->highest_since)
                cell[C_SINCE] = doc_str(d, r->highest_since);
            else if (i > 0 && r->killed > 0)
                cell[C_SINCE] = "record";
            if (r->killed_rank == 1 && r->killed > 0)
                t->row_style[i] = REPORT_ROW_STRONG;
            char note[256];
            sbuf sb;
            sb_init(&sb, note, sizeof note);
            if (r->partial && c->latest.precision >= INCSTAT_DATE_DAY)
                sb_add(&sb, "partial, to %d %.3s", c->latest.day, MONTHS[(c->latest.month - 1) % 12]);
            else if (r->partial && c->latest.precision == INCSTAT_DATE_MONTH)
                sb_add(&sb, "partial, to %.3s", MONTHS[(c->latest.month - 1) % 12]);
            else if (r->partial)
                sb_add(&sb, "partial");
            if (r->killed_missing)
                sb_add(&sb, "%s%llu killed unknown", sb.len ? "; " : "",
                       (unsigned long long)r->killed_missing);
            cell[C_NOTE] = doc_str(d, note);
        }
        col = 0;
        for (int k = 0; k < C_N; k++)
            if (use[k])
                t->cell[i * cols + col++] = cell[k];
    }
    add_table(d, t);
    doc_add(d, REPORT_NOTE,
            doc_printf(d, "%s %s estimate; an "
                          "incident whose figure is unknown counts in Incidents but adds nothing "
                          "(the note gives how many such incidents a year has for the killed). "
                          "%sChange compares the number killed with the year before. Rank 1 is "
                          "the deadliest year (ties share a rank); \u201cdeadliest since\u201d is "
                          "the latest earlier year with at least as many killed, "
                          "\u201crecord\u201d marks a year deadlier than all before it.",
                       c->injured ? "Killed and injured are sums of each incident's"
                                  : "Killed is the sum of each incident's",
                       cli_estimate_name(c->sel->so.estimate),
                       range ? "Low\u2013high sums the low and the high figures of the "
                               "killed. " : ""));
}

/* ---- the trend ------------------------------------------------------------------- */

/* "rose by about 38% a year (95% CI 26% to 52%)" */
static void glm_phrase(char *buf, size_t cap, const incstat_trend_glm *g, int lv)
{
    char p0[32], p1[32], p2[32];
    fmt_pct(p0, sizeof p0, fabs(g->change_pct), 0);
    fmt_pct(p1, sizeof p1, g->ci_pct[0], 0);
    fmt_pct(p2, sizeof p2, g->ci_pct[1], 0);
    if (g->ci_pct[0] > 0 || g->ci_pct[1] < 0)
        snprintf(buf, cap, "%s by about %s a year (%d%% CI %s to %s)",
                 g->change_pct > 0 ? "rose" : "fell", p0, lv, p1, p2);
    else
        snprintf(buf, cap, "shows no clear trend: %s%s a year (%d%% CI %s to %s)",
                 g->change_pct >= 0 ? "+" : MINUS, p0, lv, p1, p2);
}

static const char *status_note(const char *note, incstat_status st)
{
    return note ? note : incstat_strerror(st);
}

static void trend_table(report_doc *d, const report_ctx *c, int lv)
{
    const incstat_trend_result *r = c->res;
    report_table *t = doc_table(d, 6, 4, 1);
    if (!t)
        return;
    t->head[0] = "Method";
    t->head[1] = "Estimate";
    t->head[2] = doc_printf(d, "%d%% interval", lv);
    t->head[3] = "Notes";
    t->weight[0] = 1.5;
    t->weight[1] = 1.3;
    t->weight[2] = 1.3;
    t->weight[3] = 2.8;
    t->caption = "Trend statistics on the yearly number killed";
    char a[64], b[64], e[64];
    size_t i = 0;
#define ROW(m, est, ci, note)                                                          \
    do {                                                                               \
        t->cell[i * 4] = (m);                                                          \
        t->cell[i * 4 + 1] = (est);                                                    \
        t->cell[i * 4 + 2] = (ci);                                                     \
        t->cell[i * 4 + 3] = (note);                                                   \
        i++;                                                                           \
    } while (0)
    const incstat_trend_ols *ol = &r->ols;
    if (ol->status == INCSTAT_OK) {
        char r2[32];
        fmt_sig(a, sizeof a, ol->slope, 1);
        fmt_sig(b, sizeof b, ol->slope_ci[0], 0);
        fmt_sig(e, sizeof e, ol->slope_ci[1], 0);
        fmt_sig(r2, sizeof r2, ol->r2, 0);
        ROW("Least-squares slope", doc_printf(d, "%s a year", a), doc_printf(d, "%s to %s", b, e),
            doc_printf(d, "R\u00b2 %s", r2));
    } else {
        ROW("Least-squares slope", "n/a", "", status_note(ol->note, ol->status));
    }
    const incstat_trend_glm *gs[2] = {&r->poisson, &r->negbin};
    for (int k = 0; k < 2; k++) {
        const incstat_trend_glm *g = gs[k];
        const char *name = k ? "Negative binomial" : "Poisson";
        if (g->status != INCSTAT_OK) {
            ROW(name, "n/a", "", status_note(g->note, g->status));
            continue;
        }
        fmt_pct(a, sizeof a, g->change_pct, 1);
        fmt_pct(b, sizeof b, g->ci_pct[0], 0);
        fmt_pct(e, sizeof e, g->ci_pct[1], 0);
        const char *note;
        if (!k) {
            char q1[32], q2[32], ds[32];
            fmt_pct(q1, sizeof q1, g->quasi_ci_pct[0], 0);
            fmt_pct(q2, sizeof q2, g->quasi_ci_pct[1], 0);
            fmt_ratio(ds, sizeof ds, g->dispersion);
            note = doc_printf(d, "dispersion %s; quasi-Poisson interval %s to %s", ds, q1, q2);
        } else if (g->theta_infinite) {
            note = "not overdispersed: theta infinite, the Poisson fit";
        } else {
            char th[32];
            fmt_sig(th, sizeof th, g->theta, 0);
            note = doc_printf(d, "theta %s", th);
        }
        ROW(name, doc_printf(d, "%s a year", a), doc_printf(d, "%s to %s", b, e), note);
    }
    const incstat_trend_mk *m = &r->mk;
    if (m->status == INCSTAT_OK) {
        char z[32], p[32];
        fmt_sig(a, sizeof a, m->tau, 0);
        fmt_sig(z, sizeof z, m->z, 0);
        fmt_p(p, sizeof p, m->p_value);
        ROW("Mann-Kendall", doc_printf(d, "tau-b %s", a), "",
            doc_printf(d, "S = %.0f, z = %s, %s", m->s, z, p));
    } else {
        ROW("Mann-Kendall", "n/a", "", status_note(m->note, m->status));
    }
    const incstat_trend_sen *sn = &r->sen;
    if (sn->status == INCSTAT_OK) {
        fmt_sig(a, sizeof a, sn->slope, 1);
        fmt_sig(b, sizeof b, sn->ci[0], 0);
        fmt_sig(e, sizeof e, sn->ci[1], 0);
        ROW("Sen's slope", doc_printf(d, "%s a year", a),
            sn->ci_defined ? doc_printf(d, "%s to %s", b, e) : "",
            sn->note ? sn->note : sn->ci_defined ? "" : "too few years for an interval");
    } else {
        ROW("Sen's slope", "n/a", "", status_note(sn->note, sn->status));
    }
    const incstat_trend_changepoints *cp = &r->cp;
    if (cp->status == INCSTAT_OK && cp->segments) {
        char pen[32];
        fmt_sig(pen, sizeof pen, cp->penalty, 0);
        ROW("Change points",
            doc_printf(d, "%zu change%s", cp->n_segments - 1, cp->n_segments == 2 ? "" : "s"),
            "", doc_printf(d, "PELT, Poisson cost, penalty %s, segments of at least %zu years%s%s",
                           pen, cp->min_segment, cp->note ? "; " : "", cp->note ? cp->note : ""));
    } else {
        ROW("Change points", "n/a", "", status_note(cp->note, cp->status));
    }
#undef ROW
    t->rows = i;
    add_table(d, t);
}

static void trend_section(report_doc *d, const report_ctx *c)
{
    add_heading(d, "Trend", "trend");
    cli_trend_kind kind = c->ra->trend;
    const incstat_trend_glm *drawn = !c->res ? NULL
                                     : kind == CLI_TREND_POISSON ? &c->res->poisson
                                                                 : &c->res->negbin;
    add_chart(d, c, INCSTAT_CHART_LINE, c->yearly, kind,
              drawn && drawn->status == INCSTAT_OK
                  ? doc_printf(d, "Killed per year and the %s trend, %s\u2013%s",
                               kind == CLI_TREND_POISSON ? "Poisson" : "negative-binomial",
                               c->first, c->last)
                  : NULL,
              doc_printf(d, "Line chart of people killed each year with the %s trend, its 95%% "
                            "band and the change points.",
                         kind == CLI_TREND_POISSON ? "Poisson" : "negative-binomial"));
    const char *left_out = c->partial
                               ? doc_printf(d, " %s is covered only in part and is left out: a "
                                               "part year would read as a fall.", c->last)
                               : "";
    if (!c->res) {
        const char *why = c->fit_err.message;
        if (strncmp(why, "trend: ", 7) == 0)
            why += 7;
        doc_add(d, REPORT_PARA,
                doc_printf(d, "The trend could not be estimated: %s (years %s to %s).%s", why,
                           c->first, c->n_fit ? c->se.labels[c->n_fit - 1] : c->last, left_out));
        return;
    }
    const incstat_trend_result *r = c->res;
    int lv = (int)floor(r->conf_level * 100 + 0.5);
    char buf[2048], a[64], b[64], e[64], ph[256];
    sbuf sb;
    sb_init(&sb, buf, sizeof buf);
    sb_add(&sb, "The trend is fitted to the number killed each year from %.0f to %.0f (%zu "
                "years", r->from, r->to, r->n_used);
    if (r->n_dropped)
        sb_add(&sb, "; %zu not covered by the source %s left out", r->n_dropped,
               r->n_dropped == 1 ? "is" : "are");
    sb_add(&sb, ").%s", left_out);
    if (r->flags & INCSTAT_TREND_NONINTEGER)
        sb_add(&sb, " Some yearly counts are not whole numbers (they sum midpoints); the count "
                    "models treat them as R's glm does.");
    doc_add(d, REPORT_PARA, doc_str(d, buf));

    /* the model asked for first, then the other */
    const incstat_trend_glm *nb = &r->negbin, *po = &r->poisson;
    sb_init(&sb, buf, sizeof buf);
    if (kind == CLI_TREND_NEGBIN) {
        if (nb->status == INCSTAT_OK && !nb->theta_infinite) {
            glm_phrase(ph, sizeof ph, nb, lv);
            fmt_sig(a, sizeof a, nb->theta, 0);
            sb_add(&sb, "On a negative-binomial log-linear model (theta %s), the number killed "
                        "%s.", a, ph);
        } else if (nb->status == INCSTAT_OK) {
            glm_phrase(ph, sizeof ph, nb, lv);
            sb_add(&sb, "The counts vary no more than a Poisson process would, so the "
                        "negative-binomial model is the Poisson one: the number killed %s.", ph);
        } else {
            sb_add(&sb, "The negative-binomial model could not be fitted: %s.",
                   status_note(nb->note, nb->status));
        }
        if (po->status == INCSTAT_OK && !(nb->status == INCSTAT_OK && nb->theta_infinite)) {
            glm_phrase(ph, sizeof ph, po, lv);
            fmt_pct(a, sizeof a, po->quasi_ci_pct[0], 0);
            fmt_pct(b, sizeof b, po->quasi_ci_pct[1], 0);
            fmt_ratio(e, sizeof e, po->dispersion);
            sb_add(&sb, " On a Poisson model it %s, but the yearly counts vary %s times as much "
                        "as that model assumes; allowing for it (quasi-Poisson) the interval is "
                        "%s to %s.", ph, e, a, b);
        }
    } else {
        if (po->status == INCSTAT_OK) {
            glm_phrase(ph, sizeof ph, po, lv);
            fmt_pct(a, sizeof a, po->quasi_ci_pct[0], 0);
            fmt_pct(b, sizeof b, po->quasi_ci_pct[1], 0);
            fmt_ratio(e, sizeof e, po->dispersion);
            sb_add(&sb, "On a Poisson log-linear model, the number killed %s. The yearly counts "
                        "vary %s times as much as the model assumes; allowing for that "
                        "(quasi-Poisson) the interval is %s to %s.", ph, e, a, b);
        } else {
            sb_add(&sb, "The Poisson model could not be fitted: %s.",
                   status_note(po->note, po->status));
        }
        if (nb->status == INCSTAT_OK && !nb->theta_infinite) {
            glm_phrase(ph, sizeof ph, nb, lv);
            sb_add(&sb, " On a negative-binomial model, which allows for that extra variation, "
                        "it %s.", ph);
        }
    }
    doc_add(d, REPORT_PARA, doc_str(d, buf));

    sb_init(&sb, buf, sizeof buf);
    const incstat_trend_mk *m = &r->mk;
    const incstat_trend_sen *sn = &r->sen;
    if (m->status == INCSTAT_OK) {
        fmt_p(a, sizeof a, m->p_value);
        fmt_sig(b, sizeof b, m->tau, 0);
        if (m->p_value < 0.05)
            sb_add(&sb, "The Mann-Kendall test finds a monotonic %s trend (Kendall's tau %s, %s).",
                   m->s > 0 ? "upward" : "downward", b, a);
        else
            sb_add(&sb, "The Mann-Kendall test finds no monotonic trend (Kendall's tau %s, %s).",
                   b, a);
    } else {
        sb_add(&sb, "The Mann-Kendall test does not apply: %s.", status_note(m->note, m->status));
    }
    if (sn->status == INCSTAT_OK) {
        fmt_sig(a, sizeof a, sn->slope, 1);
        fmt_sig(b, sizeof b, sn->ci[0], 0);
        fmt_sig(e, sizeof e, sn->ci[1], 0);
        if (sn->ci_defined)
            sb_add(&sb, " Sen's slope, the median of the slopes between every pair of years, is "
                        "%s killed a year (%d%% CI %s to %s).", a, lv, b, e);
        else
            sb_add(&sb, " Sen's slope, the median of the slopes between every pair of years, is "
                        "%s killed a year (too few years for an interval).", a);
    }
    const incstat_trend_ols *ol = &r->ols;
    if (ol->status == INCSTAT_OK) {
        char r2[32];
        fmt_sig(a, sizeof a, ol->slope, 1);
        fmt_sig(b, sizeof b, ol->slope_ci[0], 0);
        fmt_sig(e, sizeof e, ol->slope_ci[1], 0);
        fmt_sig(r2, sizeof r2, ol->r2, 0);
        sb_add(&sb, " A least-squares line gives %s killed a year (%d%% CI %s to %s; R\u00b2 %s).",
               a, lv, b, e, r2);
    }
    doc_add(d, REPORT_PARA, doc_str(d, buf));

    const incstat_trend_changepoints *cp = &r->cp;
    if (cp->status == INCSTAT_OK && cp->segments) {
        sb_init(&sb, buf, sizeof buf);
        if (cp->n_segments == 1) {
            sb_add(&sb, "The change-point search (PELT with a Poisson cost) finds no change in "
                        "level.");
        } else {
            sb_add(&sb, "The change-point search (PELT with a Poisson cost) finds the level "
                        "changing in");
            for (size_t i = 1; i < cp->n_segments; i++) {
                fmt_sig(a, sizeof a, cp->segments[i - 1].mean, 0);
                fmt_sig(b, sizeof b, cp->segments[i].mean, 0);
                sb_add(&sb, "%s %.0f (from %s to %s a year)",
                       i == 1 ? "" : i + 1 == cp->n_segments ? " and" : ",",
                       cp->segments[i].year_start, a, b);
            }
            sb_add(&sb, ".");
        }
        /* as incstat trend says: an overdispersed series makes the Poisson
         * cost see every swing as a change */
        if (po->status == INCSTAT_OK && po->dispersion > 10 &&
            cp->n_segments > 1 + r->n_used / 4) {
            fmt_ratio(a, sizeof a, po->dispersion);
            sb_add(&sb, " The counts vary far more than a Poisson process would (dispersion %s), "
                        "so these include ordinary year-to-year swings: read only the large "
                        "shifts as changes in level.", a);
        }
        doc_add(d, REPORT_PARA, doc_str(d, buf));
    }
    trend_table(d, c, lv);
}

/* ---- by category, by month ------------------------------------------------------- */

typedef struct {
    const char *name;
    double killed;
} cat_total;

static int by_killed(const void *a, const void *b)
{
    const cat_total *x = a, *y = b;
    if (x->killed != y->killed)
        return x->killed < y->killed ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* Two names that differ in about one letter ("Baluchistan", "Balochistan"). */
static int near_spelling(const char *x, const char *y)
{
    size_t lx = strlen(x), ly = strlen(y);
    if (lx < 5 || lx != ly || (x[0] | 32) != (y[0] | 32))
        return 0;
    size_t diff = 0;
    for (size_t q = 0; q < lx; q++)
        diff += (x[q] | 32) != (y[q] | 32);
    return diff == 1;
}

static void category_section(report_doc *d, const report_ctx *c)
{
    const char *col = c->ra->category;
    int admin1 = strcmp(col, "admin1") == 0;
    add_heading(d, admin1 ? "By province or region" : doc_printf(d, "By %s", col), "by-category");
    const incstat_summary *s = c->bycat;
    if (!s) {
        add_chart(d, c, INCSTAT_CHART_STACKED, NULL, CLI_TREND_NONE, NULL, NULL);
        return;
    }
    /* totals per category, to say where most deaths were */
    size_t n = incstat_summary_rows(s);
    cat_total *ct = calloc(n ? n : 1, sizeof *ct);
    if (!ct) {
        d->failed = 1;
        return;
    }
    size_t nc = 0;
    double all = 0;
    int known = 0;
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (r->missing || isnan(r->killed))
            continue;
        const char *name = r->key[1] ? r->key[1] : "";
        size_t k = 0;
        while (k < nc && strcmp(ct[k].name, name) != 0)
            k++;
        if (k == nc)
            ct[nc++].name = name;
        ct[k].killed += r->killed;
        all += r->killed;
        known |= *name != '\0';
    }
    if (!known) {
        doc_add(d, REPORT_PARA,
                doc_printf(d, "The file gives no %s for its incidents, so there is no breakdown "
                              "by it (choose another column with --by).", col));
        free(ct);
        return;
    }
    add_chart(d, c, INCSTAT_CHART_STACKED, s, CLI_TREND_NONE,
              doc_printf(d, "Killed per year by %s, %s\u2013%s",
                         admin1 ? "province or region" : col, c->first, c->last),
              doc_printf(d, "Stacked bar chart of people killed each year by %s.", col));
    qsort(ct, nc, sizeof *ct, by_killed);
    if (all > 0) {
        char buf[1024], a[64];
        sbuf sb;
        sb_init(&sb, buf, sizeof buf);
        size_t shown = 0;
        for (size_t k = 0; k < nc && shown < 3 && ct[k].killed > 0; k++) {
            fmt_whole(a, sizeof a, ct[k].killed);
            const char *name = *ct[k].name ? ct[k].name : "(not given)";
            int last = shown == 2 || k + 1 == nc || ct[k + 1].killed <= 0;
            if (shown == 0)
                sb_add(&sb, "Most people were killed in %s (about %s, %.0f%% of the total)", name,
                       a, 100 * ct[k].killed / all);
            else
                sb_add(&sb, "%s%s (%s, %.0f%%)", last ? " and " : ", ", name, a,
                       100 * ct[k].killed / all);
            shown++;
        }
        sb_add(&sb, ".");
        if (admin1) {
            /* spelling variants of one name split a place */
            const char *x = NULL, *y = NULL;
            for (size_t i = 0; i < nc && !x; i++)
                for (size_t j = i + 1; j < nc && !x; j++)
                    if (near_spelling(ct[i].name, ct[j].name)) {
                        x = ct[i].name;
                        y = ct[j].name;
                    }
            if (x)
                sb_add(&sb, " Names are shown as the source spells them: %s and %s may be one "
                            "place spelt two ways.", x, y);
        }
        doc_add(d, REPORT_PARA, doc_str(d, buf));
    }
    free(ct);
}

static void month_section(report_doc *d, const report_ctx *c)
{
    add_heading(d, "By month", "by-month");
    const incstat_summary *s = c->monthly;
    add_chart(d, c, INCSTAT_CHART_HEATMAP, s, CLI_TREND_NONE, NULL,
              "Heat map of people killed in each month: years down, months across.");
    if (!s)
        return;
    const incstat_summary_row *top = NULL;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->missing && !isnan(r->killed) && (!top || r->killed > top->killed))
            top = r;
    }
    char buf[512], a[64];
    sbuf sb;
    sb_init(&sb, buf, sizeof buf);
    if (top && top->killed > 0 && top->sub >= 1 && top->sub <= 12) {
        fmt_whole(a, sizeof a, top->killed);
        sb_add(&sb, "The deadliest month was %s %d, with about %s %s killed in %llu %s.",
               MONTHS[top->sub - 1], top->year, a, top->killed < 1.5 ? "person" : "people",
               (unsigned long long)top->incidents, top->incidents == 1 ? "incident" : c->noun);
    }
    uint64_t un = incstat_summary_unplaced(s);
    if (un)
        sb_add(&sb, "%s%llu %s no month in %s date and %s not in the heat map.",
               sb.len ? " " : "", (unsigned long long)un,
               un == 1 ? "incident has" : "incidents have", un == 1 ? "its" : "their",
               un == 1 ? "is" : "are");
    if (sb.len)
        doc_add(d, REPORT_PARA, doc_str(d, buf));
}

/* ---- about the data ------------------------------------------------------------------- */

static const char *eol_name(int e)
{
    static const char *const names[] = {"no", "LF", "CRLF", "LF and CRLF", "CR", "LF and CR",
                                        "CRLF and CR", "LF, CRLF and CR"};
    return names[e & 7];
}

static const char *estimate_text(report_doc *d, const report_ctx *c)
{
    const char *desc = preset_description(c->rep->preset);
    const char *best = desc ? strstr(desc, "best = ") : NULL;
    switch (c->sel->so.estimate) {
    case INCSTAT_ESTIMATE_LOW:
        return "low: the lower figure of each incident (its minimum, or the low end of a range)";
    case INCSTAT_ESTIMATE_HIGH:
        return "high: the higher figure of each incident (its maximum, or the high end of a "
               "range; an open-ended figure such as \u201c40+\u201d counts as unknown)";
    default:
        if (best)
            return doc_printf(d, "best: %s (%s preset)", best + 7, c->rep->preset);
        return "best: the single figure, or the midpoint of a range such as \u201c2\u20133\u201d";
    }
}

static void data_section(report_doc *d, const report_ctx *c)
{
    const incstat_load_report *r = c->rep;
    add_heading(d, "About the data", "data");
    report_table *t = doc_table(d, 16, 2, 0);
    if (!t)
        return;
    t->facts = 1;
    t->weight[0] = 1.1;
    t->weight[1] = 4.3;
    t->caption = "How the file was read";
    size_t i = 0;
    char a[64], b[64], e[64], buf[2048];
    sbuf sb;
#define FACT(label, value)                                                             \
    do {                                                                               \
        t->cell[i * 2] = (label);                                                      \
        t->cell[i * 2 + 1] = (value);                                                  \
        i++;                                                                           \
    } while (0)
    fmt_num(a, sizeof a, (double)r->bytes, 0);
    FACT("Input file", doc_printf(d, "%s (%s bytes%s)", r->source, a, r->gzip ? ", gzip" : ""));

    const char *desc = preset_description(r->preset);
    if (strcmp(r->preset, "custom") == 0) {
        sb_init(&sb, buf, sizeof buf);
        sb_add(&sb, "none: the columns are mapped");
        if (c->o->load.schema_path)
            sb_add(&sb, " by the schema %s", c->o->load.schema_path);
        for (size_t k = 0; k < c->o->load.n_map; k++)
            sb_add(&sb, "%s%s", k ? ", " : c->o->load.schema_path ? " and with --map " : " with --map ",
                   c->o->map[k]);
        FACT("Preset", doc_str(d, buf));
    } else {
        FACT("Preset", doc_printf(d, "%s (%s)%s%s", r->preset,
                                  r->preset_detected ? "detected from the header" : "chosen",
                                  desc ? ": " : "", desc ? desc : ""));
    }
    sb_init(&sb, buf, sizeof buf);
    if (r->encoding != INCSTAT_ENCODING_AUTO)
        sb_add(&sb, "%s", incstat_encoding_name(r->encoding));
    else if (r->cp1252_cells)
        sb_add(&sb, "UTF-8, but %llu %s not valid UTF-8 and %s read as Windows-1252 (first at "
                    "line %llu)", (unsigned long long)r->cp1252_cells,
               r->cp1252_cells == 1 ? "cell was" : "cells were",
               r->cp1252_cells == 1 ? "was" : "were", (unsigned long long)r->first_cp1252_line);
    else
        sb_add(&sb, "UTF-8");
    if (r->replaced_chars)
        sb_add(&sb, "; %llu invalid UTF-8 sequences replaced by U+FFFD (first at line %llu)",
               (unsigned long long)r->replaced_chars, (unsigned long long)r->first_replaced_line);
    if (r->bom)
        sb_add(&sb, "; byte order mark");
    FACT("Encoding", doc_str(d, buf));
    sb_init(&sb, buf, sizeof buf);
    sb_add(&sb, "%s%s; %s line ends",
           r->delimiter == ',' ? "comma" : r->delimiter == ';' ? "semicolon"
           : r->delimiter == '\t' ? "tab" : r->delimiter == '|' ? "vertical bar" : "other",
           r->sep_line ? " (from the sep= line)" : "", eol_name(r->line_endings));
    if (r->irregular_quotes)
        sb_add(&sb, "; %llu rows with irregular quoting, kept as written (first at line %llu)",
               (unsigned long long)r->irregular_quotes,
               (unsigned long long)r->first_irregular_line);
    FACT("Delimiter", doc_str(d, buf));

    fmt_num(a, sizeof a, (double)r->rows_read, 0);
    fmt_num(b, sizeof b, (double)r->rows_loaded, 0);
    fmt_num(e, sizeof e, (double)r->rows_skipped, 0);
    sb_init(&sb, buf, sizeof buf);
    sb_add(&sb, "%s rows read, %s loaded, %s skipped", a, b, e);
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        if (!r->skipped[k])
            continue;
        sb_add(&sb, "\nskipped, %s: %llu (line%s", incstat_skip_reason_name((incstat_skip_reason)k),
               (unsigned long long)r->skipped[k], r->skipped[k] > 1 ? "s" : "");
        for (uint64_t j = 0; j < r->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            sb_add(&sb, "%s %llu", j ? "," : "", (unsigned long long)r->skipped_lines[k][j]);
        sb_add(&sb, "%s)", r->skipped[k] > INCSTAT_REPORT_EXAMPLES ? ", \u2026" : "");
    }
    if (r->totals_line)
        sb_add(&sb, "\nthe publisher's totals row at line %llu is not counted as an incident",
               (unsigned long long)r->totals_line);
    if (r->short_rows)
        sb_add(&sb, "\n%llu rows have fewer fields than the header and were loaded with the rest "
                    "unknown (first at line %llu)", (unsigned long long)r->short_rows,
               (unsigned long long)r->first_short_line);
    if (r->empty_lines)
        sb_add(&sb, "\n%llu empty lines ignored", (unsigned long long)r->empty_lines);
    FACT("Rows", doc_str(d, buf));

    sb_init(&sb, buf, sizeof buf);
    for (size_t k = 0; k < c->sel->nwhere; k++)
        sb_add(&sb, "%s--where %s", k ? ", " : "", c->sel->where[k]);
    if (c->sel->from)
        sb_add(&sb, "%sfrom %s", sb.len ? ", " : "", c->sel->from);
    if (c->sel->to)
        sb_add(&sb, "%sto %s", sb.len ? ", " : "", c->sel->to);
    FACT("Selection", sb.len ? doc_str(d, buf) : "every loaded incident");

    fmt_date(a, sizeof a, c->latest);
    FACT("Years", doc_printf(d, "%s to %s; the latest incident is dated %s", c->first, c->last, a));
    sb_init(&sb, buf, sizeof buf);
    const incstat_summary *s = c->yearly;
    for (size_t k = 0; k < incstat_summary_rows(s); k++)
        if (incstat_summary_row_at(s, k)->missing)
            sb_add(&sb, "%s%s", sb.len ? ", " : "", incstat_summary_row_at(s, k)->key[0]);
    FACT("Missing years",
         sb.len ? doc_printf(d, "%s: not covered by the source; shown as missing, never as zero, "
                                "and left out of the trend fits", buf)
                : "none: every year in the range is covered (a year without incidents counts as "
                  "zero)");
    FACT("Partial periods",
         c->partial ? doc_printf(d, "%s: the data stop on %s, before the end of the year; the "
                                    "year is flagged partial, hatched in the charts and left out "
                                    "of the trend fits", c->last, a)
                    : "none: the last year is covered to its end");
    FACT("Estimate", estimate_text(d, c));
    if (r->low_above_high)
        FACT("Low above high", doc_printf(d, "%llu %s a low figure above the high (first at line "
                                             "%llu); kept as written",
                                          (unsigned long long)r->low_above_high,
                                          r->low_above_high == 1 ? "row has" : "rows have",
                                          (unsigned long long)r->first_low_above_high_line));

    sb_init(&sb, buf, sizeof buf);
    if (c->o->load.date_order_set)
        sb_add(&sb, "numeric dates read as %s (--date-order)",
               c->o->load.date_order == INCSTAT_DATE_ORDER_MDY   ? "month/day/year"
               : c->o->load.date_order == INCSTAT_DATE_ORDER_YMD ? "year/month/day"
                                                                 : "day/month/year");
    else if (r->date_evidence_dmy || r->date_evidence_mdy || r->date_ambiguous)
        sb_add(&sb, "numeric dates read as %s, decided from the unambiguous ones (%llu day "
                    "first, %llu month first)",
               r->date_order_used == INCSTAT_DATE_ORDER_MDY ? "month/day" : "day/month",
               (unsigned long long)r->date_evidence_dmy, (unsigned long long)r->date_evidence_mdy);
    else
        sb_add(&sb, "no day/month order question arose");
    if (r->date_ambiguous)
        sb_add(&sb, "; %llu could be either and follow that order",
               (unsigned long long)r->date_ambiguous);
    if (r->undated)
        sb_add(&sb, "; %llu loaded %s no usable date (first at line %llu) and %s not in the "
                    "yearly figures", (unsigned long long)r->undated,
               r->undated == 1 ? "row has" : "rows have", (unsigned long long)r->first_undated_line,
               r->undated == 1 ? "is" : "are");
    FACT("Dates", doc_str(d, buf));
    FACT("Made with", doc_printf(d, "incstat %s", incstat_version()));
#undef FACT
    t->rows = i;
    add_table(d, t);

    /* cells of mapped columns that were not understood */
    size_t nbad = 0;
    for (size_t k = 0; k < r->n_columns; k++)
        if (r->columns[k].unparsed && r->columns[k].field)
            nbad++;
    if (!nbad) {
        doc_add(d, REPORT_NOTE, "Every cell of the columns the report uses was understood.");
        return;
    }
    doc_add(d, REPORT_PARA, "Cells that could not be read count as unknown:");
    report_table *u = doc_table(d, nbad, 5, 1);
    if (!u)
        return;
    u->head[0] = "Column";
    u->head[1] = "Field";
    u->head[2] = "Cells";
    u->head[3] = "First at line";
    u->head[4] = "First value";
    u->align[2] = REPORT_RIGHT;
    u->align[3] = REPORT_RIGHT;
    u->weight[0] = 1.3;
    u->weight[1] = 1.2;
    u->weight[2] = 0.6;
    u->weight[3] = 0.9;
    u->weight[4] = 3.4;
    u->caption = "Cells not understood, per column";
    size_t j = 0;
    for (size_t k = 0; k < r->n_columns; k++) {
        const incstat_column_report *cr = &r->columns[k];
        if (!cr->unparsed || !cr->field)
            continue;
        fmt_num(a, sizeof a, (double)cr->unparsed, 0);
        u->cell[j * 5] = doc_str(d, cr->name);
        u->cell[j * 5 + 1] = doc_str(d, cr->field);
        u->cell[j * 5 + 2] = doc_str(d, a);
        u->cell[j * 5 + 3] = doc_printf(d, "%llu", (unsigned long long)cr->first_unparsed_line);
        u->cell[j * 5 + 4] = doc_printf(d, "\u201c%s\u201d", cr->first_unparsed);
        j++;
    }
    add_table(d, u);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "By Province (admin1): the 6 largest, the rest as Other" */
static const char *category_subtitle(report_doc *d, const incstat_summary *s,
                                     const incstat_load_report *rep, const report_args *ra)
{
    size_t n = incstat_summary_rows(s), distinct = 0;
    const char **names = malloc((n ? n : 1) * sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *k = incstat_summary_row_at(s, i)->key[1];
        names[i] = k ? k : "";
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || strcmp(names[i], names[i - 1]) != 0;
    free(names);
    const char *col = NULL;
    for (size_t i = 0; i < rep->n_columns && !col; i++)
        if (rep->columns[i].field && strcmp(rep->columns[i].field, ra->category) == 0)
            col = rep->columns[i].name;
    size_t top = ra->top ? ra->top : 6;
    char more[96] = "";
    if (distinct > top)
        snprintf(more, sizeof more, ": the %zu largest, the rest as Other", top);
    if (col && strcmp(col, ra->category) != 0)
        return doc_printf(d, "By %s (%s)%s", col, ra->category, more);
    return doc_printf(d, "By %s%s", ra->category, more);
}

/* ---- the command ------------------------------------------------------------------ */

/* SOURCE_DATE_EPOCH as an ISO 8601 date for the PDF; NULL when unset. */
static const char *pdf_date(report_doc *d, int quiet)
{
    const char *v = getenv("SOURCE_DATE_EPOCH");
    if (!v || !*v)
        return NULL;
    char *end;
    errno = 0;
    long long secs = strtoll(v, &end, 10);
    struct tm tm;
    time_t tt = (time_t)secs;
    if (*end || errno || secs < 0 || (long long)tt != secs || !gmtime_r(&tt, &tm)) {
        if (!quiet)
            fprintf(stderr, "incstat report: SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
                            "the PDF gets no date\n", v);
        return NULL;
    }
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return doc_str(d, buf);
}

static int parse_args(int argc, char **argv, cli_load *o, cli_select *sel, report_args *ra)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help();
            return -1;
        }
        int r = cli_shared_option(o, sel, "report", argc, argv, &i);
        if (r == ARG_ERROR)
            return EXIT_USAGE;
        if (r == ARG_TAKEN)
            continue;
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name) CLI_VALUE("report", name)
        char *end;
        if (strcmp(a, "-o") == 0 || OPT("--output")) {
            VALUE(a[1] == 'o' ? "-o" : "--output");
            ra->out = v;
        } else if (OPT("--format")) {
            VALUE("--format");
            int k = cli_choice("report", "--format", v, CLI_NAMES("pdf", "html"));
            if (k < 0)
                return EXIT_USAGE;
            ra->html = k;
        } else if (OPT("--title")) {
            VALUE("--title");
            ra->title = v;
        } else if (OPT("--paper")) {
            VALUE("--paper");
            int k = cli_choice("report", "--paper", v, CLI_NAMES("a4", "letter"));
            if (k < 0)
                return EXIT_USAGE;
            ra->letter = k;
        } else if (OPT("--trend")) {
            VALUE("--trend");
            int k = cli_choice("report", "--trend", v, CLI_NAMES("negbin", "poisson"));
            if (k < 0)
                return EXIT_USAGE;
            ra->trend = k ? CLI_TREND_POISSON : CLI_TREND_NEGBIN;
        } else if (OPT("--top")) {
            VALUE("--top");
            long k = strtol(v, &end, 10);
            if (*end || end == v || k < 1 || k > 12)
                return cli_usage_error("report", "--top takes 1 to 12 categories, not '%s'", v);
            ra->top = (size_t)k;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_unknown_option("report", a, KNOWN);
        } else if (o->file) {
            return cli_usage_error("report", "one FILE only ('%s' and '%s')", o->file, a);
        } else {
            o->file = a;
        }
#undef OPT
#undef VALUE
    }
    if (!o->file)
        return cli_usage_error("report", "no FILE given");
    if (!ra->out)
        return cli_usage_error("report", "no output given: -o OUT.pdf (or .html, or - with "
                                         "--format)");
    if (strcmp(ra->out, "-") == 0 && ra->html < 0)
        return cli_usage_error("report", "-o - needs --format pdf or html");
    if (ra->html < 0) {
        const char *dot = strrchr(ra->out, '.'), *slash = strrchr(ra->out, '/');
        if (dot && slash && dot < slash)
            dot = NULL;
        if (dot && strcasecmp(dot, ".pdf") == 0)
            ra->html = 0;
        else if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
            ra->html = 1;
        else
            return cli_usage_error("report", "cannot tell the format of '%s': name it .pdf or "
                                             ".html, or give --format", ra->out);
    }
    /* --by chooses the stacked chart's category: the report's other
     * summaries are by year and by month */
    if (sel->so.n_by > 1 || (sel->so.n_by == 1 && sel->so.by[0].kind != INCSTAT_BY_TEXT))
        return cli_usage_error("report", "--by takes one category column here (admin1, "
                                         "perpetrator, type, or a column kept with --keep)");
    if (sel->so.n_by == 1)
        ra->category = sel->so.by[0].column;
    sel->so.n_by = 0;
    return EXIT_OK;
}

static int write_all(const char *path, const char *buf, size_t len)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
            fprintf(stderr, "incstat: error writing the report to standard output\n");
            return EXIT_DATA;
        }
        return EXIT_OK;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "incstat: cannot write '%s': %s\n", path, strerror(errno));
        return EXIT_DATA;
    }
    int bad = fwrite(buf, 1, len, fp) != len;
    bad |= fclose(fp) != 0;
    if (bad) {
        fprintf(stderr, "incstat: cannot write '%s': %s\n", path, strerror(errno));
        remove(path);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

/* One summary of the table through the filter; NULL with *err on failure. */
static incstat_summary *summarise(const incstat_table *t, const incstat_summary_options *base,
                                  const incstat_filter *f, const incstat_by *by, size_t n_by,
                                  incstat_error *err)
{
    incstat_summary_options so = *base;
    memcpy(so.by, by, n_by * sizeof *by);
    so.n_by = n_by;
    incstat_summary *s = NULL;
    if (incstat_summary_from_table(t, &so, f, &s, err) != INCSTAT_OK)
        return NULL;
    return s;
}

int cmd_report(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    report_args ra;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ra, 0, sizeof ra);
    ra.html = -1;
    ra.trend = CLI_TREND_NEGBIN;
    ra.category = "admin1";
    int rc = parse_args(argc, argv, &o, &sel, &ra);
    if (rc < 0)
        return EXIT_OK;
    if (rc != EXIT_OK)
        return rc;

    incstat_error err;
    incstat_table *table = NULL;
    incstat_filter *filter = NULL;
    incstat_summary *yearly = NULL, *bycat = NULL, *monthly = NULL;
    report_doc doc;
    report_ctx c;
    memset(&doc, 0, sizeof doc);
    memset(&c, 0, sizeof c);
    char *out = NULL;
    size_t out_len = 0;

    /* every field: the category and the where fields are read with the rest */
    o.load.fields = NULL;
    o.load.n_fields = 0;
    o.load.threads = cli_threads(&o);
    cli_progress_setup(&o);
    incstat_status lst = incstat_load_path(o.file, &o.load, &table, &err);
    cli_progress_done();
    if (lst != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    const incstat_load_report *rep = incstat_table_report(table);
    cli_print_report(stderr, rep, o.quiet);

    rc = EXIT_USAGE;
    if (incstat_filter_new(&filter, &err) != INCSTAT_OK) {
        rc = EXIT_DATA;
        goto fail;
    }
    for (size_t k = 0; k < sel.nwhere; k++)
        if (incstat_filter_add_where(filter, sel.where[k], &err) != INCSTAT_OK)
            goto fail;
    if ((sel.from && incstat_filter_from(filter, sel.from, &err) != INCSTAT_OK) ||
        (sel.to && incstat_filter_to(filter, sel.to, &err) != INCSTAT_OK))
        goto fail;
    size_t ntext = incstat_table_text_columns(table);
    size_t nkept = ntext > INCSTAT_TEXT_COUNT ? ntext - INCSTAT_TEXT_COUNT : 0;
    const char *kept[CLI_MAX_LIST + 1];
    if (nkept > CLI_MAX_LIST)
        nkept = CLI_MAX_LIST;
    for (size_t k = 0; k < nkept; k++)
        kept[k] = incstat_table_text_column_name(table, INCSTAT_TEXT_COUNT + k);
    if (incstat_filter_bind(filter, kept, nkept, &err) != INCSTAT_OK)
        goto fail; /* a misspelt field name */

    incstat_summary_options base = sel.so;
    base.n_by = 0;
    if (sel.from)
        base.from_year = atoi(sel.from);
    if (sel.to)
        base.to_year = atoi(sel.to);
    rc = EXIT_DATA;
    incstat_by by[2];
    memset(by, 0, sizeof by);
    by[0].kind = INCSTAT_BY_YEAR;
    if (!(yearly = summarise(table, &base, filter, by, 1, &err))) {
        if (err.code == INCSTAT_EEMPTY) {
            if (rep->rows_loaded == 0)
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to report (%llu rows read, none loaded)", rep->source,
                         (unsigned long long)rep->rows_read);
            else if (!sel.nwhere && !sel.from && !sel.to && rep->undated >= rep->rows_loaded)
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to report: none of the %llu loaded rows has a usable "
                         "date (first at line %llu); map the date column (--map date=COLUMN) or "
                         "set --date-order", rep->source, (unsigned long long)rep->rows_loaded,
                         (unsigned long long)rep->first_undated_line);
            else
                snprintf(err.message, sizeof err.message,
                         "%s: no incidents to report: none of the %llu loaded passed "
                         "--where/--from/--to", rep->source, (unsigned long long)rep->rows_loaded);
        }
        goto fail;
    }
    if (incstat_summary_unplaced(yearly) && !o.quiet)
        fprintf(stderr, "  %llu incidents have no date precise enough for this table and are "
                        "not in it\n", (unsigned long long)incstat_summary_unplaced(yearly));
    by[1].kind = INCSTAT_BY_TEXT;
    by[1].column = ra.category;
    if (!(bycat = summarise(table, &base, filter, by, 2, &c.bycat_err))) {
        if (c.bycat_err.code == INCSTAT_ENOCOLUMN) {
            err = c.bycat_err;
            rc = EXIT_USAGE; /* --by names no field */
            goto fail;
        }
        if (c.bycat_err.code == INCSTAT_ENOMEM) {
            err = c.bycat_err;
            goto fail;
        }
    }
    by[0].kind = INCSTAT_BY_MONTH;
    if (!(monthly = summarise(table, &base, filter, by, 1, &c.monthly_err))) {
        if (c.monthly_err.code == INCSTAT_ENOMEM) {
            err = c.monthly_err;
            goto fail;
        }
        if (c.monthly_err.code == INCSTAT_EEMPTY)
            snprintf(c.monthly_err.message, sizeof c.monthly_err.message,
                     "no incident has a date precise to the month");
    }

    /* the trend on the yearly series, without a partial last year */
    c.ra = &ra;
    c.o = &o;
    c.sel = &sel;
    c.rep = rep;
    c.yearly = yearly;
    c.bycat = bycat;
    c.monthly = monthly;
    c.noun = incident_noun(rep->preset);
    size_t ny = incstat_summary_rows(yearly);
    c.first = incstat_summary_row_at(yearly, 0)->key[0];
    c.last = incstat_summary_row_at(yearly, ny - 1)->key[0];
    c.partial = incstat_summary_row_at(yearly, ny - 1)->partial;
    c.latest = incstat_summary_latest(yearly);
    c.injured = has_field(rep, "injured");
    if (cli_series_from(yearly, CLI_METRIC_KILLED, &c.se) != 0) {
        fprintf(stderr, "incstat: out of memory\n");
        goto done;
    }
    c.n_fit = c.se.n && (c.se.flags[c.se.n - 1] & CLI_FLAG_PARTIAL) ? c.se.n - 1 : c.se.n;
    incstat_trend_options to;
    memset(&to, 0, sizeof to);
    to.metric = "killed";
    to.unit = "year";
    if (incstat_trend_fit(c.se.x, c.se.y, NULL, c.n_fit, &to, &c.res, &c.fit_err) != INCSTAT_OK) {
        if (c.fit_err.code == INCSTAT_ENOMEM) {
            err = c.fit_err;
            goto fail;
        }
        c.res = NULL;
    }

    if (bycat && (c.cat_subtitle = category_subtitle(&doc, bycat, rep, &ra)) == NULL)
        doc.failed = 1;
    doc.pdf_date = pdf_date(&doc, o.quiet);
    doc.letter = ra.letter;
    title_section(&doc, &c);
    table_section(&doc, &c);
    trend_section(&doc, &c);
    category_section(&doc, &c);
    month_section(&doc, &c);
    data_section(&doc, &c);
    if (doc.failed) {
        fprintf(stderr, "incstat: out of memory\n");
        goto done;
    }
    if ((ra.html ? report_write_html(&doc, &out, &out_len, &err)
                 : report_write_pdf(&doc, &out, &out_len, &err)) != 0)
        goto fail;
    rc = write_all(ra.out, out, out_len);
    goto done;
fail:
    cli_error(&err);
done:
    free(out);
    doc_free(&doc);
    incstat_trend_result_free(c.res);
    cli_series_free(&c.se);
    incstat_summary_free(yearly);
    incstat_summary_free(bycat);
    incstat_summary_free(monthly);
    incstat_filter_free(filter);
    incstat_table_free(table);
    return rc;
}
