/* src/cli/trend.c: incstat trend: trend statistics on the yearly (or
 * monthly) series that summary produces, and the two-year comparison. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const KNOWN[] = {
    "--metric", "--window", "--population", "--penalty", "--min-segment", "--format",
    "--changepoint-cost", "--smooth",
    "--compare", "--boot", "--seed", "--include-partial", "--by", "--where", "--from", "--to",
    "--estimate", "--gap", "--as-of", "--threads", "--help", "--preset", "--map", "--schema", "--keep",
    "--encoding", "--delimiter", "--date-order", "--strict", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat trend [OPTIONS] FILE\n\n"
           "Trend statistics on the yearly series (or --by month|quarter): least squares,\n"
           "Poisson and negative-binomial log-linear trends with 95%% intervals, Mann-Kendall,\n"
           "Sen's slope, change points (PELT, negative binomial cost) and a smooth trend (NB\n"
           "GLM on a natural spline, as MASS::glm.nb(y ~ ns(year, df))), and the shape in\n"
           "words.  A last period the data cover only in part is left out unless\n"
           "--include-partial.\n\n"
           "  --metric killed|injured|incidents   the series (default killed)\n"
           "  --window K            also a centred moving average over K periods (K odd)\n"
           "  --population FILE     year,population table: rates per 100,000, used as the\n"
           "                        Poisson and negative-binomial offset\n"
           "  --penalty bic|aic|X   change-point penalty per change (default bic: 3 log n with\n"
           "                        the negbin cost, log n with poisson)\n"
           "  --changepoint-cost negbin|poisson\n"
           "                        segment cost (default negbin: allows for the overdispersion\n"
           "                        of conflict counts; poisson takes every swing for a change)\n"
           "  --smooth auto|K       spline degrees of freedom (default auto: 1..6 by AIC)\n"
           "  --min-segment N       shortest segment between change points (default 2)\n"
           "  --compare A B         year A against year B: exact Poisson test on the totals and\n"
           "                        a bootstrap over incidents of the percent change\n"
           "  --boot N              bootstrap resamples (default 2000)\n"
           "  --seed S              bootstrap seed (default 1); same seed, same interval\n"
           "  --format table|json   (default table)\n"
           "  --include-partial     keep a partial last period in the fits\n"
           "Selection: --by month|quarter, --where, --from, --to, --estimate, --gap, --as-of\n"
           "  (see incstat help summary).  Load options: see incstat help inspect.\n");
}

typedef struct {
    summary_metric metric;
    size_t window;
    const char *population;
    incstat_trend_options to;
    int json, include_partial;
    int compare, year_a, year_b;
    size_t boot;
    unsigned long seed;
} trend_args;

static int run_compare(cli_load *o, cli_select *sel, const trend_args *ta, const summary_series *se)
{
    incstat_trend_years y = {summary_metric_name(ta->metric), ta->year_a, ta->year_b, NAN, NAN,
                             NULL, NULL, ta->seed, 0, 0};
    for (size_t i = 0; i < se->n; i++) {
        if ((int)se->x[i] == ta->year_a && se->per_year == 1)
            y.a = se->y[i];
        if ((int)se->x[i] == ta->year_b && se->per_year == 1)
            y.b = se->y[i];
    }
    if (isnan(y.a) || isnan(y.b)) {
        /* a covered year whose every figure is unknown is not a 0 to test */
        int year = isnan(y.a) ? ta->year_a : ta->year_b;
        int known_year = 0;
        for (size_t i = 0; i < se->n; i++)
            if ((int)se->x[i] == year && se->per_year == 1 && !(se->flags[i] & SUMMARY_FLAG_MISSING))
                known_year = 1;
        if (known_year)
            fprintf(stderr, "incstat: --compare %d %d: %d has no known %s figure\n", ta->year_a,
                    ta->year_b, year, summary_metric_name(ta->metric));
        else
            fprintf(stderr, "incstat: --compare %d %d: %s is not a covered year of the series\n",
                    ta->year_a, ta->year_b, isnan(y.a) ? "the first" : "the second");
        return EXIT_DATA;
    }
    incstat_error err;
    incstat_trend_comparison cmp;
    incstat_trend_bootstrap bs;
    /* the exact test needs whole counts: a midpoint estimate (x.5) is rounded;
     * B against A: a ratio above 1 is a rise */
    if (incstat_trend_compare_poisson(floor(y.b + 0.5), floor(y.a + 0.5), 0, 0, 0.95, &cmp, &err) ==
        INCSTAT_OK)
        y.test = &cmp;
    else
        fprintf(stderr, "incstat: exact test not possible: %s\n", err.message);
    /* the bootstrap's per-incident values: a second pass with the same filter */
    int est = sel->so.estimate == INCSTAT_ESTIMATE_LOW ? 0 : sel->so.estimate == INCSTAT_ESTIMATE_HIGH ? 2 : 1;
    int field = ta->metric == SUMMARY_METRIC_INCIDENTS ? -1 : (ta->metric == SUMMARY_METRIC_INJURED ? 3 : 0) + est;
    incstat_loader *ld = NULL;
    double *va = NULL, *vb = NULL;
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK ||
        incstat_trend_year_values(ld, sel->filter, field, ta->year_a, ta->year_b, &va, &y.n_a, &vb,
                                  &y.n_b, &err) != INCSTAT_OK) {
        incstat_loader_free(ld);
        cli_error(&err);
        return EXIT_DATA;
    }
    incstat_loader_free(ld);
    if (incstat_trend_bootstrap_change(va, y.n_a, vb, y.n_b, ta->boot, ta->seed, 0.95, &bs, &err) ==
        INCSTAT_OK)
        y.boot = &bs;
    else
        fprintf(stderr, "incstat: bootstrap not possible: %s\n", err.message);
    free(va);
    free(vb);
    if (incstat_trend_years_write(&y, ta->json, stdout, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

/* The fits leave out the periods whose figure is unknown (every incident's
 * unknown): name them, as the partial period is named. */
static void note_unknown(const summary_series *se, size_t n, summary_metric m)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(se->y[i]) || (se->flags[i] & SUMMARY_FLAG_MISSING))
            continue;
        if (count < 8)
            fprintf(stderr, "%s%s", count ? ", " : "  ", se->labels[i]);
        else if (count == 8)
            fputs(", ...", stderr);
        count++;
    }
    if (count)
        fprintf(stderr, ": no known %s figure, left out of the fits\n", summary_metric_name(m));
}

/* A yearly series too short for a trend (fewer than 3 known years): say
 * what can be fitted instead.  Rows that are years have nothing finer. */
static void suggest_finer(const summary_series *se, const incstat_load_report *rep)
{
    if (se->per_year != 1)
        return;
    size_t covered = 0, first = 0, last = 0;
    for (size_t i = 0; i < se->n; i++)
        if (!(se->flags[i] & SUMMARY_FLAG_MISSING)) {
            if (!covered++)
                first = i;
            last = i;
        }
    if (!covered)
        return;
    if (covered == 1)
        fprintf(stderr, "  the data cover one year, %s", se->labels[first]);
    else
        fprintf(stderr, "  the data cover %zu years, %s to %s", covered, se->labels[first],
                se->labels[last]);
    if (rep && rep->rows_periods && !rep->period_months && !rep->period_quarters)
        fputs(", and the rows are years: there is nothing finer to fit a trend to\n", stderr);
    else
        fputs(": --by month (or --by quarter) fits a trend to its months\n", stderr);
}

static int parse_args(int argc, char **argv, cli_load *o, cli_select *sel, trend_args *ta)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(o, sel, "trend", help, -1)
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name) CLI_VALUE("trend", name)
        char *end;
        if (OPT("--metric")) {
            VALUE("--metric");
            if (summary_parse_metric(v, &ta->metric) != 0)
                return cli_usage_error("trend", "--metric is killed, injured or incidents, not '%s'", v);
        } else if (OPT("--window")) {
            VALUE("--window");
            long k = strtol(v, &end, 10);
            if (*end || k < 1 || k > 1000 || k % 2 == 0)
                return cli_usage_error("trend", "--window takes an odd number of periods, not '%s'", v);
            ta->window = (size_t)k;
        } else if (OPT("--population")) {
            VALUE("--population");
            ta->population = v;
        } else if (OPT("--penalty")) {
            VALUE("--penalty");
            if (strcmp(v, "bic") == 0)
                ta->to.penalty = INCSTAT_TREND_PENALTY_BIC;
            else if (strcmp(v, "aic") == 0)
                ta->to.penalty = INCSTAT_TREND_PENALTY_AIC;
            else {
                double p = strtod(v, &end);
                if (*end || !(p >= 0) || !isfinite(p))
                    return cli_usage_error("trend", "--penalty is bic, aic or a number >= 0, not '%s'", v);
                ta->to.penalty = INCSTAT_TREND_PENALTY_MANUAL;
                ta->to.penalty_value = p;
            }
        } else if (OPT("--changepoint-cost")) {
            VALUE("--changepoint-cost");
            int k = cli_choice("trend", "--changepoint-cost", v, CLI_NAMES("negbin", "poisson"));
            if (k < 0)
                return EXIT_USAGE;
            ta->to.cp_cost = k == 0 ? INCSTAT_TREND_CP_NEGBIN : INCSTAT_TREND_CP_POISSON;
        } else if (OPT("--smooth")) {
            VALUE("--smooth");
            if (strcmp(v, "auto") == 0) {
                ta->to.smooth_df = INCSTAT_TREND_SMOOTH_AUTO;
            } else {
                long k = strtol(v, &end, 10);
                if (*end || k < 1 || k > INCSTAT_TREND_SMOOTH_MAX_DF)
                    return cli_usage_error("trend", "--smooth is auto or 1 to %d degrees of "
                                           "freedom, not '%s'", INCSTAT_TREND_SMOOTH_MAX_DF, v);
                ta->to.smooth_df = (unsigned)k;
            }
        } else if (OPT("--min-segment")) {
            VALUE("--min-segment");
            long k = strtol(v, &end, 10);
            if (*end || k < 1 || k > 1000)
                return cli_usage_error("trend", "--min-segment takes a number of periods, not '%s'", v);
            ta->to.min_segment = (size_t)k;
        } else if (OPT("--format")) {
            VALUE("--format");
            int k = cli_choice("trend", "--format", v, CLI_NAMES("table", "json"));
            if (k < 0)
                return EXIT_USAGE;
            ta->json = k;
        } else if (strcmp(a, "--compare") == 0) {
            if (i + 2 >= argc || cli_parse_year(argv[i + 1], &ta->year_a) != 0 ||
                cli_parse_year(argv[i + 2], &ta->year_b) != 0)
                return cli_usage_error("trend", "--compare takes two years, e.g. --compare 2022 2023");
            ta->compare = 1;
            i += 2;
        } else if (OPT("--boot")) {
            VALUE("--boot");
            if (cli_parse_boot("trend", v, &ta->boot) != EXIT_OK)
                return EXIT_USAGE;
        } else if (OPT("--seed")) {
            VALUE("--seed");
            unsigned long s = strtoul(v, &end, 10);
            if (*end || *v == '-')
                return cli_usage_error("trend", "--seed takes a whole number, not '%s'", v);
            ta->seed = s;
        } else if (strcmp(a, "--include-partial") == 0) {
            ta->include_partial = 1;
        } else if (cli_file_arg(o, "trend", a, KNOWN) != EXIT_OK) {
            return EXIT_USAGE;
        }
#undef OPT
#undef VALUE
    }
    if (!o->file)
        return cli_usage_error("trend", "no FILE given");
    for (size_t k = 0; k < sel->so.n_by; k++)
        if (sel->so.by[k].kind == INCSTAT_BY_TEXT || sel->so.n_by > 1)
            return cli_usage_error("trend", "--by takes year, month or quarter here (one series)");
    return EXIT_OK;
}

int cmd_trend(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    trend_args ta;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ta, 0, sizeof ta);
    ta.boot = 2000;
    ta.seed = 1;
    int rc = parse_args(argc, argv, &o, &sel, &ta);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc; /* -1: help was asked for */

    incstat_summary *s;
    incstat_loader *ld;
    if ((rc = cli_summarise(&o, &sel, &s, &ld)) != EXIT_OK)
        return rc;
    summary_series se;
    double *exposure = NULL, *ma = NULL;
    incstat_trend_result *res = NULL;
    incstat_error err;
    incstat_status st;
    rc = EXIT_DATA;
    if (summary_series_from(s, ta.metric, &se) != 0) {
        fprintf(stderr, "incstat: out of memory\n");
        goto done;
    }
    if (ta.compare) {
        rc = run_compare(&o, &sel, &ta, &se);
        goto done;
    }
    /* a partial last period would read as a fall: leave it out */
    size_t n = se.n;
    if (!ta.include_partial && n > 0 && (se.flags[n - 1] & SUMMARY_FLAG_PARTIAL)) {
        if (!o.quiet)
            fprintf(stderr, "  %s is covered only in part and left out of the fits "
                            "(--include-partial keeps it)\n", se.labels[n - 1]);
        n--;
    }
    if (!o.quiet)
        note_unknown(&se, n, ta.metric);
    if (ta.population) {
        exposure = calloc(se.n ? se.n : 1, sizeof *exposure);
        if (!exposure || (rc = cli_read_population(ta.population, &se, exposure)) != EXIT_OK) {
            rc = EXIT_DATA;
            goto done;
        }
    }
    ta.to.metric = summary_metric_name(ta.metric);
    ta.to.unit = "year"; /* x is in years: changes are per year, periods named by per_unit */
    ta.to.per_unit = (unsigned)se.per_year;
    if (incstat_trend_fit(se.x, se.y, exposure, n, &ta.to, &res, &err) != INCSTAT_OK) {
        cli_error(&err);
        size_t known = 0;
        for (size_t i = 0; i < n; i++)
            known += !isnan(se.y[i]);
        if (err.code == INCSTAT_EDOMAIN && known < 3)
            suggest_finer(&se, incstat_loader_report(ld));
        goto done;
    }
    if (ta.window) {
        ma = calloc(n ? n : 1, sizeof *ma);
        if (!ma || incstat_trend_moving_average(se.y, n, ta.window, 1, ma, &err) != INCSTAT_OK) {
            cli_error(&err);
            goto done;
        }
    }
    st = ta.json ? incstat_trend_write_json_ma(res, ma, n, ta.window, stdout, &err)
                 : incstat_trend_write_text(res, stdout, &err);
    if (!st && !ta.json)
        st = incstat_trend_write_notes(res, ta.to.cp_cost, ma, (const char *const *)se.labels, n,
                                       ta.window, stdout, &err);
    if (st) {
        cli_error(&err);
        goto done;
    }
    rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_DATA;
done:
    free(exposure);
    free(ma);
    incstat_trend_result_free(res);
    summary_series_free(&se);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    cli_select_free(&sel);
    return rc;
}
