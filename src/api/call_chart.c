/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_chart.c: incstat chart KIND ... -o OUT: one chart to PNG, PDF or
 * SVG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"

/* the library's kinds in order, then the claim chart (a BAR built from
 * claim results) */
static const char *const KINDS[] = {"bar", "line", "range", "stacked", "heatmap", "multiples",
                                    "claim", "map", NULL};
#define KIND_CLAIM 6
#define KIND_MAP 7
#define MAX_CLAIMS 4

enum {
    OPT_OUTPUT = CLI_ID_OWN, OPT_FORMAT, OPT_METRIC, OPT_TITLE, OPT_SUBTITLE, OPT_SOURCE,
    OPT_WIDTH, OPT_HEIGHT, OPT_DPI, OPT_THEME, OPT_PALETTE, OPT_TREND, OPT_WINDOW,
    OPT_CHANGEPOINTS, OPT_TOP, OPT_BAND, OPT_YEAR, OPT_HIGHEST_SINCE, OPT_RECORD,
    OPT_HIGHEST_IN, OPT_MORE_THAN, OPT_FEWER_THAN, OPT_RISE_PCT, OPT_INCLUDE_PARTIAL,
    OPT_NO_INCIDENTS, OPT_FILL, OPT_COLOR, OPT_PERIODS, OPT_PRECISION, OPT_POPULATION,
    OPT_BOUNDARIES, OPT_NAME_FIELD, OPT_NORTH_ARROW, OPT_ADMIN1_FROM_COORDS
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
    {OPT_YEAR, "--year", NULL, "Y", "claim: the year the claims are about", NULL, NULL, NULL, 0},
    {OPT_HIGHEST_SINCE, "--highest-since", NULL, "YEAR",
     "claim: the year is the highest since YEAR (as incstat claim)", NULL, NULL, NULL,
     CLI_REPEAT},
    {OPT_RECORD, "--record", NULL, NULL, "claim: the year is the highest on record", NULL, NULL,
     NULL, CLI_REPEAT},
    {OPT_HIGHEST_IN, "--highest-in", NULL, "N", "claim: the highest in N years", NULL, NULL,
     NULL, CLI_REPEAT},
    {OPT_MORE_THAN, "--more-than", NULL, "N", "claim: more than N (a dashed line at N)", NULL,
     NULL, NULL, CLI_REPEAT},
    {OPT_FEWER_THAN, "--fewer-than", NULL, "N", "claim: fewer than N (a dashed line at N)", NULL,
     NULL, NULL, CLI_REPEAT},
    {OPT_RISE_PCT, "--rise-pct", NULL, "P", "claim: a rise of at least P percent on the year "
     "before", NULL, NULL, NULL, CLI_REPEAT},
    {OPT_INCLUDE_PARTIAL, "--include-partial", NULL, NULL,
     "claim: check a part year as it stands", NULL, NULL, NULL, 0},
    {OPT_NO_INCIDENTS, "--no-incidents", NULL, NULL,
     "claim: the rows are periods (a country-year table): no incident counts", NULL, NULL, NULL,
     0},
    {OPT_FILL, "--fill", NULL, NULL,
     "map: shade the provinces (a choropleth of the summary by admin1) instead of dots",
     NULL, "admin1", NULL, CLI_CHOICE},
    {OPT_COLOR, "--color", NULL, "FIELD",
     "map: colour the dots by year (spans of years) or a category (admin1, type, "
     "perpetrator, target, ...: the 7 largest and Other)", "one colour", NULL, NULL, 0},
    {OPT_PERIODS, "--periods", NULL, "Y1-Y2,...",
     "map: one panel per span of years (2007-2010,2011-2014) on shared scales; --by year "
     "gives one per year", NULL, NULL, NULL, 0},
    {OPT_PRECISION, "--precision", NULL, NULL,
     "map: incidents placed only roughly (ACLED geo_precision 3, GED where_prec 4 or more, "
     "GTD specificity 4 or more) drawn hollow, left out, or drawn as the others",
     "hollow", "hollow omit all", NULL, CLI_CHOICE},
    {OPT_POPULATION, "--population", NULL, "FILE",
     "map --fill: rates per 100,000 people from a CSV of region,population (names as the "
     "boundaries or the data spell them)", NULL, NULL, NULL, CLI_FILE},
    {OPT_BOUNDARIES, "--boundaries", NULL, "FILE",
     "map: the regions, a GeoJSON file of Polygons and MultiPolygons (pakistan or world: the "
     "shipped Natural Earth files)", "pakistan", NULL, NULL, CLI_FILE},
    {OPT_NAME_FIELD, "--name-field", NULL, "FIELD",
     "map: the property of each feature that names its region",
     "name (NAME for world)", NULL, NULL, 0},
    {OPT_NORTH_ARROW, "--north-arrow", NULL, NULL, "map: draw a north arrow", NULL, NULL, NULL,
     0},
    {OPT_ADMIN1_FROM_COORDS, "--admin1-from-coordinates", NULL, NULL,
     "map --fill: an incident with coordinates and no province is counted in the region its "
     "point falls in", NULL, NULL, NULL, 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "chart", "KIND [OPTIONS] FILE -o OUT",
    "draw a chart (bar, line, range, stacked, heatmap, multiples, map) to PNG, PDF, SVG",
    "Draws a chart of the summary to OUT; its extension (.png, .pdf, .svg) picks the format.  "
    "KIND is one of:\n"
    "  bar        one bar per period, the peak marked, missing and partial ones shown\n"
    "  line       the series, with --trend, --window and --changepoints\n"
    "  range      the best estimate with its low-high range (--band for a band)\n"
    "  stacked    periods by a category (--by admin1), --top N and Other\n"
    "  heatmap    year x month\n"
    "  multiples  one small panel per category, shared axes (--top N)\n"
    "  claim      a claim about one year (--year Y and up to 4 of --highest-since YEAR,\n"
    "             --record, --highest-in N, --more-than N, --fewer-than N, --rise-pct P, as\n"
    "             for incstat claim): the yearly bars with their low-high range, the year\n"
    "             highlighted, the years it is compared with shaded, thresholds dashed, the\n"
    "             verdict in the subtitle; written whatever the verdict (incstat claim exits\n"
    "             3 or 4)\n"
    "  map        where: one dot per incident (area by --metric, --color by a field), or\n"
    "             with --fill admin1 the provinces shaded; --by year or --periods for\n"
    "             panels; --boundaries any GeoJSON (default: Pakistan's provinces)",
    OPTIONS, CLI_SEL_ALL, 1, 0, "bar line range stacked heatmap multiples claim map", NULL};

/* The claims given to chart claim (their year comes from --year). */
typedef struct {
    incstat_claim_options co[MAX_CLAIMS];
    size_t n;
    int year, have_year, include_partial, no_incidents;
} chart_claims;

typedef struct {
    int kind;
    const char *out;
    int fmt;
    double width, height, dpi;
    chart_summary_args *ca;
    incstat_chart_style *st;
    const char *line_opt, *top_opt; /* an option of line charts, --top, when given */
    chart_claims *cc;
    chart_summary_args ca_;
    incstat_chart_style st_;
    chart_claims cc_;
    call_map_args ma; /* chart map's options */
} chart_parse;

static void init(incstat_call *c)
{
    chart_parse *cp = c->args;
    cp->kind = -1;
    cp->fmt = INCSTAT_CHART_FORMAT_AUTO;
    incstat_chart_style_defaults(&cp->st_);
    cp->ca = &cp->ca_;
    cp->st = &cp->st_;
    cp->cc = &cp->cc_;
}

/* A claim option into cc: CALL_EXIT_OK or a usage error. */
static int claim_option(incstat_call *c, chart_claims *cc, const cli_option *opt, const char *v)
{
    static const struct {
        int id;
        incstat_claim_kind kind;
    } K[] = {{OPT_HIGHEST_SINCE, INCSTAT_CLAIM_HIGHEST_SINCE}, {OPT_RECORD, INCSTAT_CLAIM_RECORD},
             {OPT_HIGHEST_IN, INCSTAT_CLAIM_HIGHEST_IN},       {OPT_MORE_THAN, INCSTAT_CLAIM_MORE_THAN},
             {OPT_FEWER_THAN, INCSTAT_CLAIM_FEWER_THAN},       {OPT_RISE_PCT, INCSTAT_CLAIM_RISE_PCT}};
    switch (opt->id) {
    case OPT_INCLUDE_PARTIAL:
        cc->include_partial = 1;
        return CALL_EXIT_OK;
    case OPT_NO_INCIDENTS:
        cc->no_incidents = 1;
        return CALL_EXIT_OK;
    case OPT_YEAR:
        if (call_parse_year(v, &cc->year) != 0)
            return call_usage(c, "--year takes a year, not '%s'", v);
        cc->have_year = 1;
        return CALL_EXIT_OK;
    }
    for (size_t k = 0; k < sizeof K / sizeof K[0]; k++) {
        if (opt->id != K[k].id)
            continue;
        if (cc->n == MAX_CLAIMS)
            return call_usage(c, "at most %d claims in one chart", MAX_CLAIMS);
        incstat_claim_options *co = &cc->co[cc->n++];
        memset(co, 0, sizeof *co);
        co->kind = K[k].kind;
        if (K[k].kind == INCSTAT_CLAIM_RECORD)
            return CALL_EXIT_OK;
        char *end;
        double x = strtod(v, &end);
        if (*end || end == v || !isfinite(x))
            return call_usage(c, "%s takes a number, not '%s'", opt->name, v);
        co->arg = x;
        return CALL_EXIT_OK;
    }
    return CALL_EXIT_OK;
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

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    chart_parse *cp = c->args;
    chart_summary_args *ca = cp->ca;
    char *end;
    (void)v2;
    if (!opt) {
        if (cp->kind >= 0)
            return CALL_NOT_MINE; /* the FILE */
        for (int k = 0; KINDS[k]; k++)
            if (strcmp(v, KINDS[k]) == 0)
                cp->kind = k;
        if (cp->kind >= 0)
            return CALL_EXIT_OK;
        const char *near = incstat_nearest(v, KINDS, 8);
        return call_usage(c, "unknown chart kind '%s'%s%s%s (bar, line, range, "
                                        "stacked, heatmap, multiples, claim, map)", v,
                               near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
    switch (opt->id) {
    case OPT_OUTPUT:
        cp->out = v;
        break;
    case OPT_FORMAT: {
        static const int F[] = {INCSTAT_CHART_FORMAT_PNG, INCSTAT_CHART_FORMAT_PDF,
                                INCSTAT_CHART_FORMAT_SVG};
        cp->fmt = F[cli_pick_word(opt, v, NULL, 0)];
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
            return call_usage(c, "%s takes a number from 36 to 20000, not '%s'",
                                   opt->name, v);
        *(opt->id == OPT_WIDTH ? &cp->width : opt->id == OPT_HEIGHT ? &cp->height : &cp->dpi) = x;
        break;
    }
    case OPT_THEME:
        cp->st->theme = cli_pick_word(opt, v, NULL, 0) ? INCSTAT_CHART_THEME_DARK : INCSTAT_CHART_THEME_LIGHT;
        break;
    case OPT_PALETTE:
        if (parse_palette(v, cp->st) != 0)
            return call_usage(c, "--palette is okabe-ito, greys or #RRGGBB,#RRGGBB,..., "
                                            "not '%s'", v);
        break;
    case OPT_TREND: {
        static const chart_trend_kind T[] = {CHART_TREND_AUTO, CHART_TREND_POISSON,
                                             CHART_TREND_NEGBIN, CHART_TREND_OLS, CHART_TREND_SEN};
        ca->trend = T[cli_pick_word(opt, v, NULL, 0)];
        cp->line_opt = opt->name;
        break;
    }
    case OPT_WINDOW: {
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < 1 || k > 1000 || k % 2 == 0)
            return call_usage(c, "--window takes an odd number of periods, not '%s'", v);
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
            return call_usage(c, "--top takes 1 to 12 categories, not '%s'", v);
        ca->top = (size_t)k;
        cp->top_opt = opt->name;
        break;
    }
    case OPT_BAND:
        ca->band = 1;
        break;
    case OPT_FILL:
    case OPT_COLOR:
    case OPT_PERIODS:
    case OPT_PRECISION:
    case OPT_POPULATION:
    case OPT_BOUNDARIES:
    case OPT_NAME_FIELD:
    case OPT_NORTH_ARROW:
    case OPT_ADMIN1_FROM_COORDS:
        cp->ma.given = opt->name;
        return call_map_option(&cp->ma, opt, opt->id - OPT_FILL, v);
    default:
        return claim_option(c, cp->cc, opt, v);
    }
    return CALL_EXIT_OK;
}

/* A stacked chart or panels by a place inside a country (admin1, ...) of a
 * file with a country column and no --where on one country: the same
 * selection summarised again by year and country, so the chart can tell
 * when it mixes countries.  NULL when not asked for or not possible
 * (standard input cannot be read twice); never an error of its own. */
static incstat_summary *by_country(incstat_call *c, incstat_loader *ld, int kind)
{
    call_load *o = &c->o;
    call_select *sel = &c->sel;
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
            return err->code == INCSTAT_EINVAL ? CALL_EXIT_USAGE : CALL_EXIT_DATA;
    }
    return chart_from_claims(ca, s, r, cc->n, out, err) == 0 ? CALL_EXIT_OK : CALL_EXIT_DATA;
}

/* The options that do nothing for this kind or format: a usage error, or CALL_EXIT_OK. */
static int check_context(incstat_call *c, const chart_parse *cp)
{
    const char *kind = KINDS[cp->kind];
    if (cp->line_opt && cp->kind != INCSTAT_CHART_LINE)
        return call_usage(c, "%s does nothing in a %s chart: it draws on a line chart "
                                        "(incstat chart line)", cp->line_opt, kind);
    if (cp->ca->band && cp->kind != INCSTAT_CHART_RANGE)
        return call_usage(c, "--band does nothing in a %s chart: it draws the range "
                                        "of a range chart (incstat chart range)", kind);
    if (cp->top_opt && cp->kind != INCSTAT_CHART_STACKED && cp->kind != INCSTAT_CHART_MULTIPLES)
        return call_usage(c, "--top does nothing in a %s chart: it counts the "
                                        "categories of a stacked or multiples chart", kind);
    if (cp->ma.given && cp->kind != KIND_MAP)
        return call_usage(c, "%s does nothing in a %s chart: it is for chart map", cp->ma.given,
                          kind);
    const chart_claims *cc = cp->cc;
    if (cp->kind != KIND_CLAIM && (cc->n || cc->have_year || cc->include_partial || cc->no_incidents))
        return call_usage(c, "--year and the claim options do nothing in a %s chart: "
                                        "they are for chart claim", kind);
    if (cp->dpi && cp->fmt != INCSTAT_CHART_FORMAT_PNG)
        return call_usage(c, "--dpi does nothing in %s: it is the resolution of a PNG",
                               cp->fmt == INCSTAT_CHART_FORMAT_PDF ? "a PDF" : "an SVG");
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    chart_parse *cpp = c->args, cp = *cpp;
    chart_summary_args ca = cp.ca_;
    incstat_chart_style st = cp.st_;
    chart_claims cc = cp.cc_;
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    cp.ca = &ca;
    cp.st = &st;
    cp.cc = &cc;
    int rc;
    int kind = cp.kind, fmt = cp.fmt;
    const char *out = cp.out;
    if (kind < 0)
        return call_usage(c, "no chart KIND given (bar, line, range, stacked, heatmap, "
                                        "multiples, claim, map)");
    if (!o->file)
        return call_usage(c, "no FILE given");
    if (!out)
        return call_usage(c, "no output given: -o OUT.png (or .pdf, .svg, or - with --format)");
    if (!c->cli && strcmp(out, "-") == 0)
        return call_usage(c, "the call writes a file: give output a file name, not '-'");
    if (strcmp(out, "-") == 0 && fmt == INCSTAT_CHART_FORMAT_AUTO)
        return call_usage(c, "-o - needs --format png, pdf or svg");
    if (fmt == INCSTAT_CHART_FORMAT_AUTO && !(fmt = incstat_chart_format_of(out)))
        return call_usage(c, "cannot tell the format of '%s': name it .png, .pdf or "
                                        ".svg, or give --format", out);
    cp.fmt = fmt;
    if ((rc = check_context(c, &cp)) != CALL_EXIT_OK)
        return rc;
    if ((rc = call_output_check(c, out, fmt != INCSTAT_CHART_FORMAT_SVG,
                                fmt == INCSTAT_CHART_FORMAT_PNG ? "PNG" : "PDF")) != CALL_EXIT_OK)
        return rc;
    double width = cp.width, height = cp.height, dpi = cp.dpi;
    if (kind == KIND_MAP) {
        int png = fmt == INCSTAT_CHART_FORMAT_PNG;
        st.dpi = dpi ? dpi : png ? 144 : 72;
        /* a map is nearer square than a time series */
        st.width = (width ? width : png ? 1600 : 800) * (png ? 72 / st.dpi : 1);
        st.height = (height ? height : png ? 1200 : 600) * (png ? 72 / st.dpi : 1);
        return call_map_chart(c, &cp.ma, &ca, &st, out, fmt);
    }
    incstat_estimate claim_estimate = INCSTAT_ESTIMATE_BEST;
    if (kind == KIND_CLAIM) {
        if (!cc.have_year)
            return call_usage(c, "chart claim needs --year Y: the year the claim is about");
        if (!cc.n)
            return call_usage(c, "chart claim needs a claim: --highest-since, --record, "
                                            "--highest-in, --more-than, --fewer-than or --rise-pct");
        if (sel->so.n_by)
            return call_usage(c, "claims are about years: no --by");
        if (cc.no_incidents)
            o->load.rows = 1; /* as incstat claim: the rows are periods */
        /* the summary carries best; --estimate picks the verdict */
        claim_estimate = sel->so.estimate;
        sel->so.estimate = INCSTAT_ESTIMATE_BEST;
    }
    ca.kind = kind == KIND_CLAIM ? INCSTAT_CHART_BAR : (incstat_chart_kind)kind;
    ca.category_default = 1; /* unless a --by names a category */
    for (size_t k = 0; k < sel->so.n_by; k++)
        if (sel->so.by[k].kind == INCSTAT_BY_TEXT)
            ca.category_default = 0;
    chart_summary_grouping(ca.kind, &sel->so); /* the grouping each kind needs, unless given */
    int png = fmt == INCSTAT_CHART_FORMAT_PNG;
    st.dpi = dpi ? dpi : png ? 144 : 72;
    st.width = (width ? width : png ? 1600 : 800) * (png ? 72 / st.dpi : 1);
    st.height = (height ? height : png ? 900 : 450) * (png ? 72 / st.dpi : 1);

    incstat_summary *s;
    incstat_loader *ld;
    rc = call_summarise(c, &s, &ld);
    if (rc != CALL_EXIT_OK)
        return rc;
    ca.estimate = kind == KIND_CLAIM ? claim_estimate : sel->so.estimate;
    ca.input = o->file;
    ca.preset = incstat_loader_report(ld)->preset;
    ca.rep = incstat_loader_report(ld);
    ca.where = sel->where;
    ca.n_where = sel->nwhere;
    incstat_summary *bc = by_country(c, ld, kind);
    ca.by_country = bc;
    incstat_chart *ch = NULL;
    incstat_error err;
    rc = CALL_EXIT_DATA;
    int built = kind == KIND_CLAIM ? claim_chart(&cc, &ca, s, claim_estimate, &ch, &err)
                : chart_from_summary(&ca, s, &ch, &err) == 0 ? CALL_EXIT_OK : CALL_EXIT_DATA;
    if (built != CALL_EXIT_OK || incstat_chart_set_style(ch, &st, &err) != INCSTAT_OK) {
        rc = call_fail(c, &err, built == CALL_EXIT_USAGE ? CALL_EXIT_USAGE : CALL_EXIT_DATA);
        goto done;
    }
    incstat_status ws = strcmp(out, "-") == 0
                            ? incstat_chart_write_stream(ch, c->out, (incstat_chart_format)fmt, &st, &err)
                            : incstat_chart_write(ch, out, (incstat_chart_format)fmt, &st, &err);
    if (ws != INCSTAT_OK) {
        call_fail(c, &err, rc);
        goto done;
    }
    call_wrote(c, out);
    rc = fflush(c->out) == 0 ? CALL_EXIT_OK : call_data(c, "error writing the output");
done:
    incstat_chart_free(ch);
    incstat_summary_free(bc);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    return rc;
}

const call_cmd CALL_CHART = {&CLI_CMD, CALL_WRITES, sizeof(chart_parse), init, take, run, NULL};
