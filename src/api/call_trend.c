/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_trend.c: incstat trend: trend statistics on the yearly (or
 * monthly) series that summary produces, and the two-year comparison. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"

enum {
    OPT_METRIC = CLI_ID_OWN, OPT_WINDOW, OPT_POPULATION, OPT_PENALTY, OPT_CP_COST, OPT_SMOOTH,
    OPT_MIN_SEGMENT, OPT_COMPARE, OPT_BOOT, OPT_SEED, OPT_FORMAT, OPT_INCLUDE_PARTIAL
};

static const cli_option OPTIONS[] = {
    {OPT_METRIC, "--metric", NULL, NULL, "the series", "killed", "killed injured incidents", NULL,
     CLI_CHOICE},
    {CLI_ID_BY, "--by", NULL, NULL, "the series' period", "year", "year month quarter", NULL,
     CLI_CHOICE},
    {OPT_WINDOW, "--window", NULL, "K", "also a centred moving average over K periods (K odd)",
     NULL, NULL, NULL, 0},
    {OPT_POPULATION, "--population", NULL, "FILE",
     "a year,population table: rates per 100,000, used as the Poisson and negative-binomial "
     "offset", NULL, NULL, NULL, CLI_FILE},
    {OPT_PENALTY, "--penalty", NULL, "bic|aic|X", "the change-point penalty per change",
     "bic: 3 log n with the negbin cost, log n with poisson", "bic aic", NULL, 0},
    {OPT_CP_COST, "--changepoint-cost", NULL, NULL, "the change points' segment cost",
     "negbin: allows for the overdispersion of conflict counts; poisson takes every swing for "
     "a change", "negbin poisson", NULL, CLI_CHOICE},
    {OPT_SMOOTH, "--smooth", NULL, "auto|K", "the smooth trend's spline degrees of freedom",
     "auto: 1 to 6 by AIC", "auto 1 2 3 4 5 6 7", NULL, 0},
    {OPT_MIN_SEGMENT, "--min-segment", NULL, "N", "the shortest segment between change points",
     "2", NULL, NULL, 0},
    {OPT_COMPARE, "--compare", NULL, "A B",
     "year A against year B instead of the fits: the exact Poisson test on the totals and a "
     "bootstrap over incidents of the percent change", NULL, NULL, NULL, CLI_TWO},
    {OPT_BOOT, "--boot", NULL, "N", "--compare's bootstrap resamples, 100 to 1,000,000", "2000",
     NULL, NULL, 0},
    {OPT_SEED, "--seed", NULL, "S", "--compare's bootstrap seed: same seed, same interval", "1",
     NULL, NULL, 0},
    {OPT_FORMAT, "--format", NULL, NULL, "the output format", "table", "table json", NULL,
     CLI_CHOICE},
    {OPT_INCLUDE_PARTIAL, "--include-partial", NULL, NULL,
     "keep a partial last period in the fits, or compare a partial year with --compare", NULL,
     NULL, NULL, 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "trend", "[OPTIONS] FILE",
    "trend statistics: OLS, Poisson, negative binomial, Mann-Kendall, Sen, change points",
    "Trend statistics on the yearly series (or --by month or quarter): least squares, Poisson "
    "and negative-binomial log-linear trends with 95% intervals, Mann-Kendall, Sen's slope, "
    "change points (PELT, negative-binomial cost) and a smooth trend (NB GLM on a natural "
    "spline, as MASS::glm.nb(y ~ ns(year, df))), and the shape in words; or, with --compare, "
    "two years compared.  A last period the data cover only in part is left out unless "
    "--include-partial.",
    OPTIONS, CLI_SEL_ALL, 1, 0, NULL, NULL};

typedef struct {
    summary_metric metric;
    size_t window;
    const char *population;
    incstat_trend_options to;
    int json, include_partial;
    int compare, year_a, year_b;
    size_t boot;
    unsigned long seed;
    const char *fit_opt; /* the last option given that only the fits use */
    const char *boot_opt;
} trend_args;

static int run_compare(incstat_call *c, const trend_args *ta, const summary_series *se)
{
    call_load *o = &c->o;
    call_select *sel = &c->sel;
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
            return call_data(c, "--compare %d %d: %d has no known %s figure", ta->year_a,
                             ta->year_b, year, summary_metric_name(ta->metric));
        return call_data(c, "--compare %d %d: %s is not a covered year of the series",
                         ta->year_a, ta->year_b, isnan(y.a) ? "the first" : "the second");
    }
    /* a part year against a whole one reads as a fall */
    for (size_t i = 0; i < se->n && !ta->include_partial; i++)
        if (((int)se->x[i] == ta->year_a || (int)se->x[i] == ta->year_b) &&
            (se->flags[i] & SUMMARY_FLAG_PARTIAL)) {
            return call_data(c, "--compare %d %d: %d is covered only in part; compare the "
                                "same span of both years (incstat summary --same-span --year %d), "
                                "or add --include-partial", ta->year_a, ta->year_b, (int)se->x[i],
                             (int)se->x[i]);
        }
    if (y.a == 0 && y.b == 0) {
        return call_data(c, "--compare %d %d: 0 %s in both years: there is no change to "
                            "test", ta->year_a, ta->year_b, summary_metric_name(ta->metric));
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
        fprintf(c->log, "incstat: exact test not possible: %s\n", err.message);
    /* the bootstrap's per-incident values: a second pass with the same filter */
    int est = sel->so.estimate == INCSTAT_ESTIMATE_LOW ? 0 : sel->so.estimate == INCSTAT_ESTIMATE_HIGH ? 2 : 1;
    int field = ta->metric == SUMMARY_METRIC_INCIDENTS ? -1 : (ta->metric == SUMMARY_METRIC_INJURED ? 3 : 0) + est;
    incstat_loader *ld = NULL;
    double *va = NULL, *vb = NULL;
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK)
        return call_fail(c, &err, CALL_EXIT_DATA);
    const incstat_load_report *rep = incstat_loader_report(ld);
    int periods = rep->rows_periods;
    if (periods) /* a row per country and year is not an incident to resample */
        fprintf(c->log, "incstat: bootstrap not possible: the rows are %s, not incidents\n",
                incstat_load_report_rows_noun(rep, 2));
    else if (incstat_trend_year_values(ld, sel->filter, field, ta->year_a, ta->year_b, &va, &y.n_a,
                                       &vb, &y.n_b, &err) != INCSTAT_OK) {
        incstat_loader_free(ld);
        return call_fail(c, &err, CALL_EXIT_DATA);
    }
    incstat_loader_free(ld);
    if (!periods && (!y.n_a || !y.n_b))
        fprintf(c->log, "incstat: bootstrap not possible: %d has no incidents to resample\n",
                y.n_a ? ta->year_b : ta->year_a);
    else if (!periods && incstat_trend_bootstrap_change(va, y.n_a, vb, y.n_b, ta->boot, ta->seed,
                                                        0.95, &bs, &err) == INCSTAT_OK)
        y.boot = &bs;
    else if (!periods)
        fprintf(c->log, "incstat: bootstrap not possible: %s\n", err.message);
    free(va);
    free(vb);
    if (incstat_trend_years_write(&y, ta->json, c->out, &err) != INCSTAT_OK)
        return call_fail(c, &err, CALL_EXIT_DATA);
    return CALL_EXIT_OK;
}

/* The fits leave out the periods whose figure is unknown (every incident's
 * unknown): name them, as the partial period is named. */
static void note_unknown(incstat_call *c, const summary_series *se, size_t n, summary_metric m)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(se->y[i]) || (se->flags[i] & SUMMARY_FLAG_MISSING))
            continue;
        if (count < 8)
            fprintf(c->log, "%s%s", count ? ", " : "  ", se->labels[i]);
        else if (count == 8)
            fputs(", ...", c->log);
        count++;
    }
    if (count)
        fprintf(c->log, ": no known %s figure, left out of the fits\n", summary_metric_name(m));
}

/* A yearly series too short for a trend (fewer than 3 known years): say
 * what can be fitted instead.  Rows that are years have nothing finer. */
static void suggest_finer(incstat_call *c, const summary_series *se, const incstat_load_report *rep)
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
        call_after(c, "  the data cover one year, %s", se->labels[first]);
    else
        call_after(c, "  the data cover %zu years, %s to %s", covered, se->labels[first],
                se->labels[last]);
    if (rep && rep->rows_periods && !rep->period_months && !rep->period_quarters)
        call_after(c, ", and the rows are years: there is nothing finer to fit a trend to\n");
    else
        call_after(c, ": --by month (or --by quarter) fits a trend to its months\n");
}

static void init(incstat_call *c)
{
    trend_args *ta = c->args;
    ta->boot = 2000;
    ta->seed = 1;
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    trend_args *ta = c->args;
    trend_args *tp = ta;
    char *end;
    if (!opt)
        return CALL_NOT_MINE;
    switch (opt->id) {
    case CLI_ID_BY:
        if (c->sel.so.n_by)
            return call_usage(c, "one --by: the series' period");
        return call_select_apply(c, CLI_ID_BY, v);
    case OPT_METRIC:
        summary_parse_metric(v, &ta->metric); /* a choice: checked by the parser */
        break;
    case OPT_WINDOW: {
        long k = strtol(v, &end, 10);
        if (*end || k < 1 || k > 1000 || k % 2 == 0)
            return call_usage(c, "--window takes an odd number of periods, not '%s'", v);
        ta->window = (size_t)k;
        break;
    }
    case OPT_POPULATION:
        ta->population = v;
        break;
    case OPT_PENALTY:
        if (strcmp(v, "bic") == 0) {
            ta->to.penalty = INCSTAT_TREND_PENALTY_BIC;
        } else if (strcmp(v, "aic") == 0) {
            ta->to.penalty = INCSTAT_TREND_PENALTY_AIC;
        } else {
            double p = strtod(v, &end);
            if (*end || end == v || !(p >= 0) || !isfinite(p))
                return call_usage(c, "--penalty is bic, aic or a number >= 0, not '%s'", v);
            ta->to.penalty = INCSTAT_TREND_PENALTY_MANUAL;
            ta->to.penalty_value = p;
        }
        break;
    case OPT_CP_COST:
        ta->to.cp_cost = cli_pick_word(opt, v, NULL, 0) == 0 ? INCSTAT_TREND_CP_NEGBIN
                                                     : INCSTAT_TREND_CP_POISSON;
        break;
    case OPT_SMOOTH:
        if (strcmp(v, "auto") == 0) {
            ta->to.smooth_df = INCSTAT_TREND_SMOOTH_AUTO;
        } else {
            long k = strtol(v, &end, 10);
            if (*end || end == v || k < 1 || k > INCSTAT_TREND_SMOOTH_MAX_DF)
                return call_usage(c, "--smooth is auto or 1 to %d degrees of "
                                       "freedom, not '%s'", INCSTAT_TREND_SMOOTH_MAX_DF, v);
            ta->to.smooth_df = (unsigned)k;
        }
        break;
    case OPT_MIN_SEGMENT: {
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < 1 || k > 1000)
            return call_usage(c, "--min-segment takes a number of periods, not '%s'", v);
        ta->to.min_segment = (size_t)k;
        break;
    }
    case OPT_COMPARE:
        if (call_parse_year(v, &ta->year_a) != 0 || call_parse_year(v2, &ta->year_b) != 0)
            return call_usage(c, "--compare takes two years, e.g. --compare 2022 2023");
        if (ta->year_a == ta->year_b)
            return call_usage(c, "--compare takes two different years, not %d twice",
                                   ta->year_a);
        ta->compare = 1;
        break;
    case OPT_BOOT:
        if (call_parse_boot(c, v, &ta->boot) != CALL_EXIT_OK)
            return CALL_EXIT_USAGE;
        break;
    case OPT_SEED: {
        unsigned long s = strtoul(v, &end, 10);
        if (*end || end == v || *v == '-')
            return call_usage(c, "--seed takes a whole number, not '%s'", v);
        ta->seed = s;
        break;
    }
    case OPT_FORMAT:
        ta->json = cli_pick_word(opt, v, NULL, 0);
        break;
    case OPT_INCLUDE_PARTIAL:
        ta->include_partial = 1;
        break;
    }
    if (opt->id == OPT_WINDOW || opt->id == OPT_POPULATION || opt->id == OPT_PENALTY ||
        opt->id == OPT_CP_COST || opt->id == OPT_SMOOTH || opt->id == OPT_MIN_SEGMENT)
        tp->fit_opt = opt->name;
    if (opt->id == OPT_BOOT || opt->id == OPT_SEED)
        tp->boot_opt = opt->name;
    return CALL_EXIT_OK;
}

static int check_args(incstat_call *c, const call_load *o, const call_select *sel,
                      const trend_args *ta)
{
    const trend_args *tp = ta;
    if (!o->file)
        return call_usage(c, "no FILE given");
    if (ta->compare && tp->fit_opt)
        return call_usage(c, "%s does nothing with --compare, which tests two years "
                                        "instead of fitting trends", tp->fit_opt);
    if (!ta->compare && tp->boot_opt)
        return call_usage(c, "%s does nothing without --compare: only the comparison "
                                        "of two years is bootstrapped", tp->boot_opt);
    if (ta->compare && sel->so.n_by && sel->so.by[0].kind != INCSTAT_BY_YEAR)
        return call_usage(c, "--compare compares years: no --by month or quarter");
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    trend_args *tap = c->args, ta = *tap;
    int rc = check_args(c, &c->o, &c->sel, &ta);
    if (rc != CALL_EXIT_OK)
        return rc;
    incstat_summary *s;
    incstat_loader *ld;
    if ((rc = call_summarise(c, &s, &ld)) != CALL_EXIT_OK)
        return rc;
    summary_series se;
    double *exposure = NULL, *ma = NULL;
    incstat_trend_result *res = NULL;
    incstat_error err;
    incstat_status st;
    rc = CALL_EXIT_DATA;
    if (summary_series_from(s, ta.metric, &se) != 0) {
        rc = call_data(c, "out of memory");
        goto done;
    }
    if (ta.compare) {
        rc = run_compare(c, &ta, &se);
        goto done;
    }
    /* a partial last period would read as a fall: leave it out */
    size_t n = se.n;
    if (!ta.include_partial && n > 0 && (se.flags[n - 1] & SUMMARY_FLAG_PARTIAL)) {
        if (!c->o.quiet)
            fprintf(c->log, "  %s is covered only in part and left out of the fits "
                            "(--include-partial keeps it)\n", se.labels[n - 1]);
        n--;
    }
    if (!c->o.quiet)
        note_unknown(c, &se, n, ta.metric);
    if (ta.population) {
        exposure = calloc(se.n ? se.n : 1, sizeof *exposure);
        if (!exposure) {
            rc = call_data(c, "out of memory");
            goto done;
        }
        if ((rc = call_read_population(c, ta.population, &se, exposure)) != CALL_EXIT_OK)
            goto done;
    }
    ta.to.metric = summary_metric_name(ta.metric);
    ta.to.unit = "year"; /* x is in years: changes are per year, periods named by per_unit */
    ta.to.per_unit = (unsigned)se.per_year;
    if (incstat_trend_fit(se.x, se.y, exposure, n, &ta.to, &res, &err) != INCSTAT_OK) {
        call_fail(c, &err, CALL_EXIT_DATA);
        size_t known = 0;
        for (size_t i = 0; i < n; i++)
            known += !isnan(se.y[i]);
        if (err.code == INCSTAT_EDOMAIN && known < 3)
            suggest_finer(c, &se, incstat_loader_report(ld));
        goto done;
    }
    if (ta.window) {
        ma = calloc(n ? n : 1, sizeof *ma);
        if (!ma) {
            rc = call_data(c, "out of memory");
            goto done;
        }
        if (incstat_trend_moving_average(se.y, n, ta.window, 1, ma, &err) != INCSTAT_OK) {
            call_fail(c, &err, rc);
            goto done;
        }
    }
    st = ta.json ? incstat_trend_write_json_ma(res, ma, n, ta.window, c->out, &err)
                 : incstat_trend_write_text(res, c->out, &err);
    if (!st && !ta.json)
        st = incstat_trend_write_notes(res, ta.to.cp_cost, ma, (const char *const *)se.labels, n,
                                       ta.window, c->out, &err);
    if (st) {
        call_fail(c, &err, rc);
        goto done;
    }
    rc = fflush(c->out) == 0 ? CALL_EXIT_OK : call_data(c, "error writing the output");
done:
    free(exposure);
    free(ma);
    incstat_trend_result_free(res);
    summary_series_free(&se);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    return rc;
}

const call_cmd CALL_TREND = {&CLI_CMD, CALL_FORMAT_CLI, sizeof(trend_args), init, take, run,
                             "json"};
