/* src/cli/chart.c: incstat chart KIND ... -o OUT: one chart to PNG, PDF or
 * SVG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const KNOWN[] = {
    "--output", "--format", "--metric", "--title", "--subtitle", "--source", "--width",
    "--height", "--dpi", "--theme", "--palette", "--trend", "--window", "--changepoints",
    "--top", "--band", "--by", "--where", "--from", "--to", "--estimate", "--gap", "--as-of", "--threads",
    "--help", "--preset", "--map", "--schema", "--keep", "--encoding", "--delimiter",
    "--date-order", "--strict", "--quiet", NULL};

static const char *const KINDS[] = {"bar", "line", "range", "stacked", "heatmap", "multiples", NULL};

static void help(void)
{
    printf("Usage: incstat chart KIND [OPTIONS] FILE -o OUT\n\n"
           "Draw a chart of the summary to OUT; its extension (.png, .pdf, .svg) picks the\n"
           "format (--format overrides; -o - writes to standard output).\n\n"
           "Kinds:\n"
           "  bar        one bar per period, the peak marked, missing and partial periods shown\n"
           "  line       the series, with --trend, --window and --changepoints\n"
           "  range      best estimate with its low-high range (--band for a band)\n"
           "  stacked    periods by a category (--by year --by admin1), --top N and Other\n"
           "  heatmap    year x month\n"
           "  multiples  one small panel per category, shared axes (--top N)\n\n"
           "  -o, --output OUT      file to write, or - for standard output\n"
           "  --format png|pdf|svg  (default: from OUT's extension)\n"
           "  --metric killed|injured|incidents   (default killed)\n"
           "  --title T, --subtitle T, --source T   texts (the source line defaults to the\n"
           "                        input file, preset and estimate)\n"
           "  --width W, --height H  pixels for PNG (default 1600 x 900), points for PDF and\n"
           "                        SVG (default 800 x 450)\n"
           "  --dpi D               PNG resolution (default 144: 1600 px = 800 points)\n"
           "  --theme light|dark    --palette okabe-ito|greys|#RRGGBB,#RRGGBB,...\n"
           "  --trend auto|poisson|negbin|ols|sen   line: the fitted trend (and its 95%% band);\n"
           "                        auto: the NB spline smooth when it fits better by AIC\n"
           "  --window K            line: centred moving average over K periods\n"
           "  --changepoints        line: change points (PELT, NB cost) as segment levels\n"
           "  --top N               stacked, multiples: categories shown (default 6)\n"
           "  --band                range: a band instead of error bars\n"
           "Selection: --by, --where, --from, --to, --estimate, --gap, --as-of (incstat help\n"
           "summary).\n"
           "Load options: see incstat help inspect.\n");
}

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

int cmd_chart(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    chart_summary_args ca;
    incstat_chart_style st;
    const char *out = NULL;
    int fmt = INCSTAT_CHART_FORMAT_AUTO, kind = -1;
    double width = 0, height = 0, dpi = 0;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ca, 0, sizeof ca);
    incstat_chart_style_defaults(&st);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(&o, &sel, "chart", help, EXIT_OK)
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name) CLI_VALUE("chart", name)
        char *end;
        if (strcmp(a, "-o") == 0 || OPT("--output")) {
            VALUE(a[1] == 'o' ? "-o" : "--output");
            out = v;
        } else if (OPT("--format")) {
            VALUE("--format");
            static const int F[] = {INCSTAT_CHART_FORMAT_PNG, INCSTAT_CHART_FORMAT_PDF,
                                    INCSTAT_CHART_FORMAT_SVG};
            int k = cli_choice("chart", "--format", v, CLI_NAMES("png", "pdf", "svg"));
            if (k < 0)
                return EXIT_USAGE;
            fmt = F[k];
        } else if (OPT("--metric")) {
            VALUE("--metric");
            if (summary_parse_metric(v, &ca.metric) != 0)
                return cli_usage_error("chart", "--metric is killed, injured or incidents, not '%s'", v);
        } else if (OPT("--title")) {
            VALUE("--title");
            ca.title = v;
        } else if (OPT("--subtitle")) {
            VALUE("--subtitle");
            ca.subtitle = v;
        } else if (OPT("--source")) {
            VALUE("--source");
            ca.source = v;
        } else if (OPT("--width") || OPT("--height") || OPT("--dpi")) {
            const char *name = OPT("--width") ? "--width" : OPT("--height") ? "--height" : "--dpi";
            VALUE(name);
            double x = strtod(v, &end);
            if (*end || !(x >= 36 && x <= 20000))
                return cli_usage_error("chart", "%s takes a number from 36 to 20000, not '%s'", name, v);
            *(name[2] == 'w' ? &width : name[2] == 'h' ? &height : &dpi) = x;
        } else if (OPT("--theme")) {
            VALUE("--theme");
            int k = cli_choice("chart", "--theme", v, CLI_NAMES("light", "dark"));
            if (k < 0)
                return EXIT_USAGE;
            st.theme = k ? INCSTAT_CHART_THEME_DARK : INCSTAT_CHART_THEME_LIGHT;
        } else if (OPT("--palette")) {
            VALUE("--palette");
            if (parse_palette(v, &st) != 0)
                return cli_usage_error("chart", "--palette is okabe-ito, greys or #RRGGBB,#RRGGBB,..., "
                                                "not '%s'", v);
        } else if (OPT("--trend")) {
            VALUE("--trend");
            static const chart_trend_kind T[] = {CHART_TREND_POISSON, CHART_TREND_NEGBIN, CHART_TREND_OLS,
                                          CHART_TREND_SEN, CHART_TREND_AUTO};
            int k = cli_choice("chart", "--trend", v, CLI_NAMES("poisson", "negbin", "ols", "sen", "auto"));
            if (k < 0)
                return EXIT_USAGE;
            ca.trend = T[k];
        } else if (OPT("--window")) {
            VALUE("--window");
            long k = strtol(v, &end, 10);
            if (*end || k < 1 || k > 1000 || k % 2 == 0)
                return cli_usage_error("chart", "--window takes an odd number of periods, not '%s'", v);
            ca.window = (size_t)k;
        } else if (strcmp(a, "--changepoints") == 0) {
            ca.changepoints = 1;
        } else if (OPT("--top")) {
            VALUE("--top");
            long k = strtol(v, &end, 10);
            if (*end || k < 1 || k > 12)
                return cli_usage_error("chart", "--top takes 1 to 12 categories, not '%s'", v);
            ca.top = (size_t)k;
        } else if (strcmp(a, "--band") == 0) {
            ca.band = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_unknown_option("chart", a, KNOWN);
        } else if (kind < 0) {
            for (int k = 0; KINDS[k]; k++)
                if (strcmp(a, KINDS[k]) == 0)
                    kind = k;
            if (kind < 0) {
                const char *near = incstat_nearest(a, KINDS, 6);
                return cli_usage_error("chart", "unknown chart kind '%s'%s%s%s (bar, line, range, "
                                                "stacked, heatmap, multiples)", a,
                                       near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            }
        } else if (o.file) {
            return cli_usage_error("chart", "one FILE only ('%s' and '%s')", o.file, a);
        } else {
            o.file = a;
        }
#undef OPT
#undef VALUE
    }
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
    ca.kind = (incstat_chart_kind)kind;
    chart_summary_grouping(ca.kind, &sel.so); /* the grouping each kind needs, unless given */
    int png = fmt == INCSTAT_CHART_FORMAT_PNG;
    st.dpi = dpi ? dpi : png ? 144 : 72;
    st.width = (width ? width : png ? 1600 : 800) * (png ? 72 / st.dpi : 1);
    st.height = (height ? height : png ? 900 : 450) * (png ? 72 / st.dpi : 1);

    incstat_summary *s;
    incstat_loader *ld;
    int rc = cli_summarise(&o, &sel, &s, &ld);
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
