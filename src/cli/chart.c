/* src/cli/chart.c: incstat chart KIND ... -o OUT: one chart to PNG, PDF or
 * SVG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const KINDS[] = {"bar", "line", "range", "stacked", "heatmap", "multiples", NULL};

enum {
    OPT_OUTPUT = CLI_ID_OWN, OPT_FORMAT, OPT_METRIC, OPT_TITLE, OPT_SUBTITLE, OPT_SOURCE,
    OPT_WIDTH, OPT_HEIGHT, OPT_DPI, OPT_THEME, OPT_PALETTE, OPT_TREND, OPT_WINDOW,
    OPT_CHANGEPOINTS, OPT_TOP, OPT_BAND
};

static const cli_option OPTIONS[] = {
    {OPT_OUTPUT, "--output", "-o", "OUT",
     "the file to write, replaced if it exists (written whole, then renamed, so a failure "
     "leaves it as it was), or - for standard output (with --format; PNG and PDF not to a "
     "terminal)", NULL, NULL, NULL, CLI_FILE},
    {OPT_FORMAT, "--format", NULL, NULL, "the image format", "from OUT's extension",
     "png pdf svg", NULL, CLI_CHOICE},
    {OPT_METRIC, "--metric", NULL, NULL, "what is drawn", "killed", "killed injured incidents",
     NULL, CLI_CHOICE},
    {OPT_TITLE, "--title", NULL, "T", "the title", "from the metric and the periods", NULL, NULL,
     0},
    {OPT_SUBTITLE, "--subtitle", NULL, "T", "a line under the title", NULL, NULL, NULL, 0},
    {OPT_SOURCE, "--source", NULL, "T", "the source line",
     "the input file, preset and estimate", NULL, NULL, 0},
    {OPT_WIDTH, "--width", NULL, "W", "the width: pixels for PNG, points for PDF and SVG",
     "1600 px, 800 pt", NULL, NULL, 0},
    {OPT_HEIGHT, "--height", NULL, "H", "the height: pixels for PNG, points for PDF and SVG",
     "900 px, 450 pt", NULL, NULL, 0},
    {OPT_DPI, "--dpi", NULL, "D", "PNG resolution", "144: 1600 px = 800 points", NULL, NULL, 0},
    {OPT_THEME, "--theme", NULL, NULL, "the colours of the background and text", "light",
     "light dark", NULL, CLI_CHOICE},
    {OPT_PALETTE, "--palette", NULL, "okabe-ito|greys|#RRGGBB,...",
     "the series' colours", "okabe-ito", "okabe-ito greys", NULL, 0},
    {OPT_TREND, "--trend", NULL, NULL,
     "line: the fitted trend and its 95% band; auto: the NB spline smooth when it fits better "
     "by AIC, else the negative binomial", "none", "auto poisson negbin ols sen", NULL,
     CLI_CHOICE},
    {OPT_WINDOW, "--window", NULL, "K", "line: a centred moving average over K periods (K odd)",
     NULL, NULL, NULL, 0},
    {OPT_CHANGEPOINTS, "--changepoints", NULL, NULL,
     "line: change points (PELT, NB cost) as segment levels", NULL, NULL, NULL, 0},
    {OPT_TOP, "--top", NULL, "N", "stacked, multiples: the categories shown, 1 to 12, the rest "
     "as Other", "6", NULL, NULL, 0},
    {OPT_BAND, "--band", NULL, NULL, "range: a band instead of error bars", NULL, NULL, NULL, 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

const cli_command CLI_CMD_CHART = {
    "chart", "KIND [OPTIONS] FILE -o OUT",
    "draw a chart (bar, line, range, stacked, heatmap, multiples) to PNG, PDF, SVG",
    "Draws a chart of the summary to OUT; its extension (.png, .pdf, .svg) picks the format.  "
    "KIND is one of:\n"
    "  bar        one bar per period, the peak marked, missing and partial ones shown\n"
    "  line       the series, with --trend, --window and --changepoints\n"
    "  range      the best estimate with its low-high range (--band for a band)\n"
    "  stacked    periods by a category (--by admin1), --top N and Other\n"
    "  heatmap    year x month\n"
    "  multiples  one small panel per category, shared axes (--top N)",
    OPTIONS, CLI_SEL_ALL, 1, 0, "bar line range stacked heatmap multiples", NULL};

typedef struct {
    int kind;
    const char *out;
    int fmt;
    double width, height, dpi;
    chart_summary_args *ca;
    incstat_chart_style *st;
    const char *line_opt, *top_opt; /* an option of line charts, --top, when given */
} chart_parse;

static int parse_palette(const char *v, incstat_chart_style *st)
{
    if (strcmp(v, "okabe-ito") == 0) {
        st->n_palette = 0;
        return 0;
    }
    if (strcmp(v, "greys") == 0) {
        static const uint32_t G[] = {0x252525, 0x636363, 0x969696, 0xbdbdbd, 0x525252, 0xd9d9d9};
        memcpy(st->palette, G, sizeof G);
        st->n_palette = 6;
        return 0;
    }
    size_t n = 0;
    const char *p = v;
    while (*p && n < INCSTAT_CHART_PALETTE_MAX) {
        if (*p == '#')
            p++;
        char *end;
        unsigned long c = strtoul(p, &end, 16);
        if (end - p != 6)
            return -1;
        st->palette[n++] = (uint32_t)c;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            return -1;
    }
    st->n_palette = n;
    return n ? 0 : -1;
}

static int take(void *ctx, const cli_option *opt, const char *v, const char *v2)
{
    chart_parse *cp = ctx;
    chart_summary_args *ca = cp->ca;
    char *end;
    (void)v2;
    if (!opt) {
        if (cp->kind >= 0)
            return CLI_NOT_MINE; /* the FILE */
        for (int k = 0; KINDS[k]; k++)
            if (strcmp(v, KINDS[k]) == 0)
                cp->kind = k;
        if (cp->kind >= 0)
            return EXIT_OK;
        const char *near = incstat_nearest(v, KINDS, 6);
        return cli_usage_error("chart", "unknown chart kind '%s'%s%s%s (bar, line, range, "
                                        "stacked, heatmap, multiples)", v,
                               near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
    switch (opt->id) {
    case OPT_OUTPUT:
        cp->out = v;
        break;
    case OPT_FORMAT: {
        static const int F[] = {INCSTAT_CHART_FORMAT_PNG, INCSTAT_CHART_FORMAT_PDF,
                                INCSTAT_CHART_FORMAT_SVG};
        cp->fmt = F[cli_pick(NULL, opt, v)];
        break;
    }
    case OPT_METRIC:
        summary_parse_metric(v, &ca->metric);
        break;
    case OPT_TITLE:
        ca->title = v;
        break;
    case OPT_SUBTITLE:
        ca->subtitle = v;
        break;
    case OPT_SOURCE:
        ca->source = v;
        break;
    case OPT_WIDTH:
    case OPT_HEIGHT:
    case OPT_DPI: {
        double x = strtod(v, &end);
        if (*end || end == v || !(x >= 36 && x <= 20000))
            return cli_usage_error("chart", "%s takes a number from 36 to 20000, not '%s'",
                                   opt->name, v);
        *(opt->id == OPT_WIDTH ? &cp->width : opt->id == OPT_HEIGHT ? &cp->height : &cp->dpi) = x;
        break;
    }
    case OPT_THEME:
        cp->st->theme = cli_pick(NULL, opt, v) ? INCSTAT_CHART_THEME_DARK : INCSTAT_CHART_THEME_LIGHT;
        break;
    case OPT_PALETTE:
        if (parse_palette(v, cp->st) != 0)
            return cli_usage_error("chart", "--palette is okabe-ito, greys or #RRGGBB,#RRGGBB,..., "
                                            "not '%s'", v);
        break;
    case OPT_TREND: {
        static const chart_trend_kind T[] = {CHART_TREND_AUTO, CHART_TREND_POISSON,
                                             CHART_TREND_NEGBIN, CHART_TREND_OLS, CHART_TREND_SEN};
        ca->trend = T[cli_pick(NULL, opt, v)];
        cp->line_opt = opt->name;
        break;
    }
    case OPT_WINDOW: {
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < 1 || k > 1000 || k % 2 == 0)
            return cli_usage_error("chart", "--window takes an odd number of periods, not '%s'", v);
        ca->window = (size_t)k;
        cp->line_opt = opt->name;
        break;
    }
    case OPT_CHANGEPOINTS:
        ca->changepoints = 1;
        cp->line_opt = opt->name;
        break;
    case OPT_TOP: {
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < 1 || k > 12)
            return cli_usage_error("chart", "--top takes 1 to 12 categories, not '%s'", v);
        ca->top = (size_t)k;
        cp->top_opt = opt->name;
        break;
    }
    case OPT_BAND:
        ca->band = 1;
        break;
    }
    return EXIT_OK;
}

/* The options that do nothing for this kind or format: a usage error, or EXIT_OK. */
static int check_context(const chart_parse *cp)
{
    const char *kind = KINDS[cp->kind];
    if (cp->line_opt && cp->kind != INCSTAT_CHART_LINE)
        return cli_usage_error("chart", "%s does nothing in a %s chart: it draws on a line chart "
                                        "(incstat chart line)", cp->line_opt, kind);
    if (cp->ca->band && cp->kind != INCSTAT_CHART_RANGE)
        return cli_usage_error("chart", "--band does nothing in a %s chart: it draws the range "
                                        "of a range chart (incstat chart range)", kind);
    if (cp->top_opt && cp->kind != INCSTAT_CHART_STACKED && cp->kind != INCSTAT_CHART_MULTIPLES)
        return cli_usage_error("chart", "--top does nothing in a %s chart: it counts the "
                                        "categories of a stacked or multiples chart", kind);
    if (cp->dpi && cp->fmt != INCSTAT_CHART_FORMAT_PNG)
        return cli_usage_error("chart", "--dpi does nothing in %s: it is the resolution of a PNG",
                               cp->fmt == INCSTAT_CHART_FORMAT_PDF ? "a PDF" : "an SVG");
    return EXIT_OK;
}

int cmd_chart(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    chart_summary_args ca;
    incstat_chart_style st;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ca, 0, sizeof ca);
    incstat_chart_style_defaults(&st);
    chart_parse cp = {-1, NULL, INCSTAT_CHART_FORMAT_AUTO, 0, 0, 0, &ca, &st, NULL, NULL};
    int rc = cli_parse(&CLI_CMD_CHART, argc, argv, &o, &sel, take, &cp);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    int kind = cp.kind, fmt = cp.fmt;
    const char *out = cp.out;
    if (kind < 0)
        return cli_usage_error("chart", "no chart KIND given (bar, line, range, stacked, heatmap, "
                                        "multiples)");
    if (!o.file)
        return cli_usage_error("chart", "no FILE given");
    if (!out)
        return cli_usage_error("chart", "no output given: -o OUT.png (or .pdf, .svg, or - with --format)");
    if (strcmp(out, "-") == 0 && fmt == INCSTAT_CHART_FORMAT_AUTO)
        return cli_usage_error("chart", "-o - needs --format png, pdf or svg");
    if (fmt == INCSTAT_CHART_FORMAT_AUTO && !(fmt = incstat_chart_format_of(out)))
        return cli_usage_error("chart", "cannot tell the format of '%s': name it .png, .pdf or "
                                        ".svg, or give --format", out);
    cp.fmt = fmt;
    if ((rc = check_context(&cp)) != EXIT_OK)
        return rc;
    if ((rc = cli_output_check("chart", out, o.file, fmt != INCSTAT_CHART_FORMAT_SVG,
                               fmt == INCSTAT_CHART_FORMAT_PNG ? "PNG" : "PDF")) != EXIT_OK)
        return rc;
    double width = cp.width, height = cp.height, dpi = cp.dpi;
    ca.kind = (incstat_chart_kind)kind;
    chart_summary_grouping(ca.kind, &sel.so); /* the grouping each kind needs, unless given */
    int png = fmt == INCSTAT_CHART_FORMAT_PNG;
    st.dpi = dpi ? dpi : png ? 144 : 72;
    st.width = (width ? width : png ? 1600 : 800) * (png ? 72 / st.dpi : 1);
    st.height = (height ? height : png ? 900 : 450) * (png ? 72 / st.dpi : 1);

    incstat_summary *s;
    incstat_loader *ld;
    rc = cli_summarise(&o, &sel, &s, &ld);
    if (rc != EXIT_OK)
        return rc;
    ca.estimate = sel.so.estimate;
    ca.input = o.file;
    ca.preset = incstat_loader_report(ld)->preset;
    incstat_chart *c = NULL;
    incstat_error err;
    rc = EXIT_DATA;
    if (chart_from_summary(&ca, s, &c, &err) != 0 || incstat_chart_set_style(c, &st, &err) != INCSTAT_OK) {
        cli_error(&err);
        goto done;
    }
    incstat_status ws = strcmp(out, "-") == 0
                            ? incstat_chart_write_stream(c, stdout, (incstat_chart_format)fmt, &st, &err)
                            : incstat_chart_write(c, out, (incstat_chart_format)fmt, &st, &err);
    if (ws != INCSTAT_OK) {
        cli_error(&err);
        goto done;
    }
    rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_DATA;
done:
    incstat_chart_free(c);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    cli_select_free(&sel);
    return rc;
}
