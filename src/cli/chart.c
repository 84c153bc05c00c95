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
    "--date-order", "--strict", "--quiet", "--year", "--highest-since", "--record",
    "--highest-in", "--more-than", "--fewer-than", "--rise-pct", "--include-partial",
    "--no-incidents", NULL};

/* the library's kinds in order, then the claim chart (a BAR built from
 * claim results) */
static const char *const KINDS[] = {"bar", "line", "range", "stacked", "heatmap", "multiples",
                                    "claim", NULL};
#define KIND_CLAIM 6
#define MAX_CLAIMS 4

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
           "  multiples  one small panel per category, shared axes (--top N)\n"
           "  claim      a claim about one year (--year Y and one or more of the claims of\n"
           "             incstat claim: --highest-since YEAR, --record, --highest-in N,\n"
           "             --more-than N, --fewer-than N, --rise-pct P): the yearly bars\n"
           "             with their low-high range, the year highlighted, the years it is\n"
           "             compared with shaded, thresholds dashed, the verdict in the\n"
           "             subtitle (--include-partial, --no-incidents as for claim)\n\n"
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

/* The claims given to chart claim (their year comes from --year). */
typedef struct {
    incstat_claim_options co[MAX_CLAIMS];
    size_t n;
    int year, have_year, include_partial, no_incidents;
} chart_claims;

/* A claim option at argv[*i]: 1 taken, 0 not one, -1 after a usage error. */
static int claim_option(chart_claims *cc, int argc, char **argv, int *i)
{
    static const struct {
        const char *name;
        incstat_claim_kind kind;
    } K[] = {{"--highest-since", INCSTAT_CLAIM_HIGHEST_SINCE}, {"--record", INCSTAT_CLAIM_RECORD},
             {"--highest-in", INCSTAT_CLAIM_HIGHEST_IN},       {"--more-than", INCSTAT_CLAIM_MORE_THAN},
             {"--fewer-than", INCSTAT_CLAIM_FEWER_THAN},       {"--rise-pct", INCSTAT_CLAIM_RISE_PCT}};
    const char *a = argv[*i];
    for (size_t k = 0; k < sizeof K / sizeof K[0]; k++) {
        if (!CLI_OPT(a, K[k].name))
            continue;
        if (cc->n == MAX_CLAIMS) {
            cli_usage_error("chart", "at most %d claims in one chart", MAX_CLAIMS);
            return -1;
        }
        incstat_claim_options *co = &cc->co[cc->n++];
        memset(co, 0, sizeof *co);
        co->kind = K[k].kind;
        if (K[k].kind == INCSTAT_CLAIM_RECORD)
            return 1;
        const char *v = cli_value(argc, argv, i, K[k].name);
        char *end;
        double x = v ? strtod(v, &end) : NAN;
        if (!v || *end || !isfinite(x)) {
            cli_usage_error("chart", "%s takes a number, not '%s'", K[k].name, v ? v : "");
            return -1;
        }
        co->arg = x;
        return 1;
    }
    if (strcmp(a, "--include-partial") == 0) {
        cc->include_partial = 1;
        return 1;
    }
    if (strcmp(a, "--no-incidents") == 0) {
        cc->no_incidents = 1;
        return 1;
    }
    if (CLI_OPT(a, "--year")) {
        const char *v = cli_value(argc, argv, i, "--year");
        if (!v || cli_parse_year(v, &cc->year) != 0) {
            cli_usage_error("chart", "--year takes a year, not '%s'", v ? v : "");
            return -1;
        }
        cc->have_year = 1;
        return 1;
    }
    return 0;
}

/* A stacked chart or panels by a place inside a country (admin1, ...) of a
 * file with a country column and no --where on one country: the same
 * selection summarised again by year and country, so the chart can tell
 * when it mixes countries.  NULL when not asked for or not possible
 * (standard input cannot be read twice); never an error of its own. */
static incstat_summary *by_country(cli_load *o, cli_select *sel, incstat_loader *ld, int kind)
{
    if ((kind != INCSTAT_CHART_STACKED && kind != INCSTAT_CHART_MULTIPLES) ||
        sel->so.n_by != 2 || !chart_summary_place_key(sel->so.by[1].column) ||
        strcmp(o->file, "-") == 0)
        return NULL;
    for (size_t k = 0; k < sel->nwhere; k++)
        if (strncmp(sel->where[k], "country=", 8) == 0 && sel->where[k][8] != '~')
            return NULL;
    const incstat_load_report *rep = incstat_loader_report(ld);
    int has = 0;
    for (size_t i = 0; i < rep->n_columns; i++)
        has |= rep->columns[i].field && strcmp(rep->columns[i].field, "country") == 0;
    if (!has)
        return NULL;
    incstat_load_options lo = o->load;
    if (lo.fields) { /* the fields read, and country */
        sel->fields[lo.n_fields] = "country";
        lo.n_fields++;
    }
    incstat_summary_options so = sel->so;
    so.by[1].column = "country";
    incstat_loader *l2 = NULL;
    incstat_summary *s = NULL;
    if (incstat_loader_open(o->file, &lo, &l2, NULL) == INCSTAT_OK)
        incstat_summary_from_loader(l2, &so, sel->filter, &s, NULL);
    incstat_loader_free(l2);
    return s;
}

/* chart claim: the claims checked on the yearly summary s, drawn. */
static int claim_chart(chart_claims *cc, const chart_summary_args *ca, const incstat_summary *s,
                       incstat_estimate estimate, incstat_chart **out, incstat_error *err)
{
    incstat_claim_result r[MAX_CLAIMS];
    for (size_t k = 0; k < cc->n; k++) {
        incstat_claim_options *co = &cc->co[k];
        co->year = cc->year;
        co->metric = ca->metric == SUMMARY_METRIC_INJURED     ? INCSTAT_CHECK_INJURED
                     : ca->metric == SUMMARY_METRIC_INCIDENTS ? INCSTAT_CHECK_INCIDENTS
                                                              : INCSTAT_CHECK_KILLED;
        co->estimate = estimate;
        co->include_partial = cc->include_partial;
        co->incidents_unknown = cc->no_incidents;
        if (incstat_claim_check(s, co, &r[k], err) != INCSTAT_OK)
            return err->code == INCSTAT_EINVAL ? EXIT_USAGE : EXIT_DATA;
    }
    return chart_from_claims(ca, s, r, cc->n, out, err) == 0 ? EXIT_OK : EXIT_DATA;
}

int cmd_chart(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    chart_summary_args ca;
    incstat_chart_style st;
    const char *out = NULL;
    int fmt = INCSTAT_CHART_FORMAT_AUTO, kind = -1;
    incstat_estimate claim_estimate = INCSTAT_ESTIMATE_BEST;
    double width = 0, height = 0, dpi = 0;
    chart_claims cc;
    memset(&cc, 0, sizeof cc);
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ca, 0, sizeof ca);
    incstat_chart_style_defaults(&st);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(&o, &sel, "chart", help, EXIT_OK)
        int cr = claim_option(&cc, argc, argv, &i);
        if (cr < 0)
            return EXIT_USAGE;
        if (cr > 0)
            continue;
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
                const char *near = incstat_nearest(a, KINDS, 7);
                return cli_usage_error("chart", "unknown chart kind '%s'%s%s%s (bar, line, range, "
                                                "stacked, heatmap, multiples, claim)", a,
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
                                        "multiples, claim)");
    if (!o.file)
        return cli_usage_error("chart", "no FILE given");
    if (!out)
        return cli_usage_error("chart", "no output given: -o OUT.png (or .pdf, .svg, or - with --format)");
    if (strcmp(out, "-") == 0 && fmt == INCSTAT_CHART_FORMAT_AUTO)
        return cli_usage_error("chart", "-o - needs --format png, pdf or svg");
    if (fmt == INCSTAT_CHART_FORMAT_AUTO && !(fmt = incstat_chart_format_of(out)))
        return cli_usage_error("chart", "cannot tell the format of '%s': name it .png, .pdf or "
                                        ".svg, or give --format", out);
    if (kind == KIND_CLAIM) {
        if (!cc.have_year)
            return cli_usage_error("chart", "chart claim needs --year Y: the year the claim is about");
        if (!cc.n)
            return cli_usage_error("chart", "chart claim needs a claim: --highest-since, --record, "
                                            "--highest-in, --more-than, --fewer-than or --rise-pct");
        if (sel.so.n_by)
            return cli_usage_error("chart", "claims are about years: no --by");
        if (cc.no_incidents)
            o.load.rows = 1; /* as incstat claim: the rows are periods */
        /* the summary carries best; --estimate picks the verdict */
        claim_estimate = sel.so.estimate;
        sel.so.estimate = INCSTAT_ESTIMATE_BEST;
    } else if (cc.n || cc.have_year || cc.include_partial || cc.no_incidents) {
        return cli_usage_error("chart", "--year and the claim options are for chart claim");
    }
    ca.kind = kind == KIND_CLAIM ? INCSTAT_CHART_BAR : (incstat_chart_kind)kind;
    ca.category_default = 1; /* unless a --by names a category */
    for (size_t k = 0; k < sel.so.n_by; k++)
        if (sel.so.by[k].kind == INCSTAT_BY_TEXT)
            ca.category_default = 0;
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
    ca.estimate = kind == KIND_CLAIM ? claim_estimate : sel.so.estimate;
    ca.input = o.file;
    ca.preset = incstat_loader_report(ld)->preset;
    ca.rep = incstat_loader_report(ld);
    ca.where = sel.where;
    ca.n_where = sel.nwhere;
    incstat_summary *bc = by_country(&o, &sel, ld, kind);
    ca.by_country = bc;
    incstat_chart *c = NULL;
    incstat_error err;
    rc = EXIT_DATA;
    int built = kind == KIND_CLAIM ? claim_chart(&cc, &ca, s, claim_estimate, &c, &err)
                : chart_from_summary(&ca, s, &c, &err) == 0 ? EXIT_OK : EXIT_DATA;
    if (built != EXIT_OK || incstat_chart_set_style(c, &st, &err) != INCSTAT_OK) {
        cli_error(&err);
        rc = built == EXIT_USAGE ? EXIT_USAGE : EXIT_DATA;
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
    incstat_summary_free(bc);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    cli_select_free(&sel);
    return rc;
}
