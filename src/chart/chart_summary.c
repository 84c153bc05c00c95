/* src/chart/chart_summary.c: chart descriptions built from summaries, for the
 * report and the chart command.  The statistics (trend fits, top categories)
 * are computed here, with the stats module; the rest of the chart module only
 * draws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_summary.h"
#include "core/internal.h"

static const char *metric_title(summary_metric m)
{
    return m == SUMMARY_METRIC_INJURED ? "Injured" : m == SUMMARY_METRIC_INCIDENTS ? "Incidents" : "Killed";
}

static const char *period_word(double per_year)
{
    return per_year == 12 ? "month" : per_year == 4 ? "quarter" : "year";
}

/* Default texts: title from the metric and the range, caption from the
 * input, the preset and the estimate. */
static int set_texts(incstat_chart *c, const chart_summary_args *ca, const char *first,
                     const char *last, const char *per, incstat_error *err)
{
    char title[256], caption[512], ylab[128];
    snprintf(title, sizeof title, "%s per %s, %s\u2013%s", metric_title(ca->metric), per, first,
             last);
    snprintf(ylab, sizeof ylab, "%s per %s", metric_title(ca->metric), per);
    const char *base = ca->input ? strrchr(ca->input, '/') : NULL;
    base = base ? base + 1 : ca->input ? ca->input : "";
    if (ca->metric == SUMMARY_METRIC_INCIDENTS)
        snprintf(caption, sizeof caption, "Source: %s%s%s%s", base,
                 ca->preset ? " (" : "", ca->preset ? ca->preset : "", ca->preset ? ")" : "");
    else
        snprintf(caption, sizeof caption, "Source: %s%s%s%s; %s estimate", base,
                 ca->preset ? " (" : "", ca->preset ? ca->preset : "", ca->preset ? ")" : "",
                 summary_estimate_name(ca->estimate));
    if (incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, ca->title ? ca->title : title, err) ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_CAPTION, ca->source ? ca->source : caption, err) ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_Y_LABEL, ylab, err) ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_UNIT, summary_metric_name(ca->metric), err))
        return -1;
    if (ca->subtitle && incstat_chart_set_text(c, INCSTAT_CHART_TEXT_SUBTITLE, ca->subtitle, err))
        return -1;
    return 0;
}

/* A partial last period: how far it reaches ("to 25 Nov", in the footnote
 * too) and, by year, the year before over the same span, so the chart sets
 * like against like (incstat_chart_set_same_span). */
static int same_span(incstat_chart *c, const chart_summary_args *ca, const incstat_summary *s,
                     const summary_series *se, incstat_error *err)
{
    static const char *const MON[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    size_t n = se->n;
    if (n < 2 || !(se->flags[n - 1] & SUMMARY_FLAG_PARTIAL) ||
        (ca->kind != INCSTAT_CHART_BAR && ca->kind != INCSTAT_CHART_LINE))
        return 0;
    incstat_date d = incstat_summary_covered_to(s);
    char lab[32] = "", note[96];
    if (d.precision == INCSTAT_DATE_DAY)
        snprintf(lab, sizeof lab, "to %d %s", d.day, MON[(d.month - 1) % 12]);
    else if (d.precision == INCSTAT_DATE_MONTH)
        snprintf(lab, sizeof lab, "to %s", MON[(d.month - 1) % 12]);
    double prev = NAN;
    incstat_same_span ss;
    if (incstat_summary_same_span(s, incstat_summary_row_at(s, incstat_summary_rows(s) - 1)->year,
                                  &ss, NULL) == INCSTAT_OK && !ss.whole && !ss.prev.missing)
        prev = ca->metric == SUMMARY_METRIC_INJURED     ? ss.prev.injured
               : ca->metric == SUMMARY_METRIC_INCIDENTS ? ((ss.prev.unknown & INCSTAT_UNKNOWN_INCIDENTS)
                                                               ? NAN
                                                               : (double)ss.prev.incidents)
                                                        : ss.prev.killed;
    snprintf(note, sizeof note, "partial %s, %s", period_word(se->per_year), lab);
    if (*lab && incstat_chart_set_text(c, INCSTAT_CHART_TEXT_PARTIAL_NOTE, note, err))
        return -1;
    if ((*lab || !isnan(prev)) && incstat_chart_set_same_span(c, prev, *lab ? lab : NULL, err))
        return -1;
    return 0;
}

/* bar, line, range: one series by period */
static int build_series_chart(incstat_chart *c, const chart_summary_args *ca, const incstat_summary *s,
                              incstat_error *err)
{
    summary_series se;
    int rc = -1;
    incstat_trend_result *res = NULL;
    double *fit = NULL, *lo = NULL, *hi = NULL, *ma = NULL;
    if (summary_series_from(s, ca->metric, &se) != 0) {
        snprintf(err->message, sizeof err->message, "this chart needs a summary by one period "
                 "(--by year, month or quarter)");
        err->code = INCSTAT_EINVAL;
        return -1;
    }
    size_t n = se.n;
    if (incstat_chart_set_periods(c, se.labels, n, err) ||
        incstat_chart_add_series(c, metric_title(ca->metric), se.y, n, err) ||
        incstat_chart_set_flags(c, se.flags, n, err) ||
        incstat_chart_set_unknown(c, ca->kind == INCSTAT_CHART_RANGE ? se.left_out_range
                                                                      : se.left_out, n, err))
        goto out;
    if (set_texts(c, ca, se.labels[0], se.labels[n - 1], period_word(se.per_year), err))
        goto out;
    if (same_span(c, ca, s, &se, err))
        goto out;
    if (ca->kind == INCSTAT_CHART_RANGE &&
        incstat_chart_set_range(c, se.lo, se.hi, n, ca->band, err))
        goto out;
    if (ca->kind == INCSTAT_CHART_LINE && (ca->trend || ca->changepoints)) {
        /* fit without a partial last period, which would read as a fall */
        size_t nf = n && (se.flags[n - 1] & SUMMARY_FLAG_PARTIAL) ? n - 1 : n;
        incstat_trend_options to;
        memset(&to, 0, sizeof to);
        to.metric = summary_metric_name(ca->metric);
        if (incstat_trend_fit(se.x, se.y, NULL, nf, &to, &res, err) != INCSTAT_OK)
            goto out;
        fit = incstat_calloc(n, sizeof *fit);
        lo = incstat_calloc(n, sizeof *lo);
        hi = incstat_calloc(n, sizeof *hi);
        if (!fit || !lo || !hi)
            goto nomem;
        for (size_t i = 0; i < n; i++)
            fit[i] = lo[i] = hi[i] = NAN;
        const char *label = NULL;
        char lab[128];
        const incstat_trend_glm *g = ca->trend == CHART_TREND_POISSON ? &res->poisson : &res->negbin;
        const incstat_trend_smooth *sm = &res->smooth;
        if (ca->trend == CHART_TREND_AUTO && sm->status == INCSTAT_OK &&
            sm->better_than_loglinear) {
            for (size_t i = 0; i < nf; i++) {
                fit[i] = sm->fitted[i];
                lo[i] = sm->lower[i];
                hi[i] = sm->upper[i];
            }
            snprintf(lab, sizeof lab, "Smooth trend (negative binomial spline, df %u)", sm->df);
            label = lab;
        } else if (ca->trend == CHART_TREND_POISSON || ca->trend == CHART_TREND_NEGBIN ||
                   ca->trend == CHART_TREND_AUTO) {
            if (g->status == INCSTAT_OK) {
                for (size_t i = 0; i < nf; i++) {
                    fit[i] = g->fitted[i];
                    lo[i] = g->lower[i];
                    hi[i] = g->upper[i];
                }
                snprintf(lab, sizeof lab, "%s trend, %+.0f%% a %s",
                         ca->trend == CHART_TREND_POISSON ? "Poisson" : "Negative binomial",
                         g->change_pct, period_word(se.per_year));
                label = lab;
            }
        } else if (ca->trend == CHART_TREND_OLS && res->ols.status == INCSTAT_OK) {
            for (size_t i = 0; i < nf; i++)
                fit[i] = res->ols.intercept + res->ols.slope * se.x[i];
            snprintf(lab, sizeof lab, "Least squares %+.1f a %s", res->ols.slope * se.per_year,
                     period_word(se.per_year));
            label = lab;
        } else if (ca->trend == CHART_TREND_SEN && res->sen.status == INCSTAT_OK) {
            for (size_t i = 0; i < nf; i++)
                fit[i] = res->sen.intercept + res->sen.slope * se.x[i];
            snprintf(lab, sizeof lab, "Sen's slope %+.1f a %s", res->sen.slope * se.per_year,
                     period_word(se.per_year));
            label = lab;
        }
        if (label) {
            int band = ca->trend == CHART_TREND_POISSON || ca->trend == CHART_TREND_NEGBIN ||
                       ca->trend == CHART_TREND_AUTO;
            if (incstat_chart_set_trend(c, fit, band ? lo : NULL, band ? hi : NULL, n, label, err))
                goto out;
        }
        if (ca->changepoints && res->cp.status == INCSTAT_OK) {
            /* the level of each segment as steps, the change years above */
            for (size_t i = 0; i < n; i++)
                fit[i] = NAN;
            for (size_t k = 0; k < res->cp.n_segments; k++)
                for (size_t i = res->cp.segments[k].first; i <= res->cp.segments[k].last; i++)
                    fit[i] = res->cp.segments[k].mean;
            if (res->cp.n_segments > 1 &&
                incstat_chart_set_levels(c, fit, n, res->cp.cost_kind == INCSTAT_TREND_CP_NEGBIN
                                         ? "Levels between change points (NB cost)"
                                         : "Levels between change points (Poisson cost)", err))
                goto out;
            for (size_t k = 1; k < res->cp.n_segments; k++) {
                size_t first = res->cp.segments[k].first;
                char cl[64];
                snprintf(cl, sizeof cl, "%s", se.labels[first]);
                if (incstat_chart_add_marker(c, (double)first - 0.5, cl, err))
                    goto out;
            }
        }
    }
    if (ca->kind == INCSTAT_CHART_LINE && ca->window) {
        ma = incstat_calloc(n, sizeof *ma);
        if (!ma)
            goto nomem;
        char lab[64];
        snprintf(lab, sizeof lab, "%zu-%s moving average", ca->window, period_word(se.per_year));
        if (incstat_trend_moving_average(se.y, n, ca->window, 1, ma, err) ||
            incstat_chart_set_moving_average(c, ma, n, lab, err))
            goto out;
    }
    rc = 0;
    goto out;
nomem:
    err->code = INCSTAT_ENOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
out:
    incstat_free_mem(fit);
    incstat_free_mem(lo);
    incstat_free_mem(hi);
    incstat_free_mem(ma);
    incstat_trend_result_free(res);
    summary_series_free(&se);
    return rc;
}

/* stacked, multiples: periods x categories, top N by total and "Other" */
typedef struct {
    const char *name;
    double total;
    size_t index;
} category;

static int by_total(const void *a, const void *b)
{
    const category *x = a, *y = b;
    if (x->total != y->total)
        return x->total < y->total ? 1 : -1;
    return strcmp(x->name, y->name);
}

static int build_category_chart(incstat_chart *c, const chart_summary_args *ca,
                                const incstat_summary *s, incstat_error *err)
{
    size_t nk = incstat_summary_key_count(s);
    if (nk != 2) {
        err->code = INCSTAT_EINVAL;
        snprintf(err->message, sizeof err->message,
                 "stacked and multiples charts need a period and a category (--by year --by admin1)");
        return -1;
    }
    int tk = incstat_summary_row_at(s, 0)->year ? (strcmp(incstat_summary_key_name(s, 0), "year") == 0 ||
                                                   strcmp(incstat_summary_key_name(s, 0), "month") == 0 ||
                                                   strcmp(incstat_summary_key_name(s, 0), "quarter") == 0 ? 0 : 1)
                                                : -1;
    if (tk < 0) {
        err->code = INCSTAT_EINVAL;
        snprintf(err->message, sizeof err->message, "one --by must be year, month or quarter");
        return -1;
    }
    int ck = 1 - tk;
    size_t rows = incstat_summary_rows(s);
    /* periods in time order, categories by total */
    const char **periods = incstat_calloc(rows, sizeof *periods);
    category *cats = incstat_calloc(rows, sizeof *cats);
    size_t np = 0, nc = 0;
    int rc = -1;
    double *values = NULL;
    unsigned char *flags = NULL;
    uint64_t *left = NULL, *known = NULL; /* per period: incidents left out, and with a known value */
    unsigned char *cell = NULL; /* per series and period: 1 an unknown value in it, 2 a known */
    if (!periods || !cats)
        goto nomem;
    for (size_t i = 0; i < rows; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        size_t p = 0;
        while (p < np && strcmp(periods[p], r->key[tk]) != 0)
            p++;
        if (p == np)
            periods[np++] = r->key[tk];
        size_t k = 0;
        while (k < nc && strcmp(cats[k].name, r->key[ck]) != 0)
            k++;
        if (k == nc) {
            cats[nc].name = r->key[ck];
            cats[nc].index = nc;
            nc++;
        }
        double v = summary_metric_value(r, ca->metric);
        if (!isnan(v))
            cats[k].total += v;
    }
    /* periods sorted (labels are YYYY, YYYY-MM, YYYY-Qn: text order is time order) */
    for (size_t i = 1; i < np; i++)
        for (size_t j = i; j > 0 && strcmp(periods[j - 1], periods[j]) > 0; j--) {
            const char *t = periods[j];
            periods[j] = periods[j - 1];
            periods[j - 1] = t;
        }
    qsort(cats, nc, sizeof *cats, by_total);
    size_t top = ca->top ? ca->top : 6;
    size_t shown = nc > top ? top : nc;
    int other = nc > top;
    size_t ns = shown + (size_t)other;
    values = incstat_calloc(ns * np, sizeof *values);
    flags = incstat_calloc(np, 1);
    left = incstat_calloc(np, sizeof *left);
    known = incstat_calloc(np, sizeof *known);
    cell = incstat_calloc(ns * np, 1);
    if (!values || !flags || !left || !known || !cell)
        goto nomem;
    for (size_t i = 0; i < rows; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        size_t p = 0, k = 0;
        while (strcmp(periods[p], r->key[tk]) != 0)
            p++;
        while (strcmp(cats[k].name, r->key[ck]) != 0)
            k++;
        size_t series = k < shown ? k : shown;
        double v = summary_metric_value(r, ca->metric);
        uint64_t out = summary_metric_left_out(r, ca->metric, 0);
        /* "Other" adds the known values of its categories; a cell is
         * unknown when every category in it is */
        uint64_t in = summary_row_inputs(s, i);
        if (isnan(v)) {
            cell[series * np + p] |= 1;
            left[p] += in; /* every incident of the category */
        } else {
            cell[series * np + p] |= 2;
            values[series * np + p] += v;
            known[p] += in > out ? in - out : 0;
            left[p] += out;
        }
        if (r->missing)
            flags[p] |= SUMMARY_FLAG_MISSING;
        if (r->partial)
            flags[p] |= SUMMARY_FLAG_PARTIAL;
    }
    for (size_t p = 0; p < np; p++) {
        for (size_t k = 0; k < ns; k++)
            if (cell[k * np + p] == 1)
                values[k * np + p] = NAN; /* nothing known in the cell */
        /* a period whose every incident has the figure unknown is unknown,
         * not the 0 of its categories without incidents */
        if (known[p] == 0 && left[p] > 0) {
            for (size_t k = 0; k < ns; k++)
                values[k * np + p] = NAN;
            left[p] = 0;
        }
    }
    if (incstat_chart_set_periods(c, periods, np, err))
        goto out;
    for (size_t k = 0; k < ns; k++) {
        const char *name = k < shown ? cats[k].name : "Other";
        if (!*name)
            name = "(unknown)";
        if (incstat_chart_add_series(c, name, values + k * np, np, err))
            goto out;
    }
    if (incstat_chart_set_flags(c, flags, np, err) || incstat_chart_set_unknown(c, left, np, err))
        goto out;
    const char *per = strcmp(incstat_summary_key_name(s, (size_t)tk), "month") == 0 ? "month"
                      : strcmp(incstat_summary_key_name(s, (size_t)tk), "quarter") == 0 ? "quarter"
                                                                                         : "year";
    if (set_texts(c, ca, periods[0], periods[np - 1], per, err))
        goto out;
    if (!ca->subtitle) {
        char sub[256];
        const char *cat = incstat_summary_key_name(s, (size_t)ck);
        snprintf(sub, sizeof sub, "By %s%s",
                 strcmp(cat, "admin1") == 0 ? "province or state"
                 : strcmp(cat, "admin2") == 0 ? "district"
                 : strcmp(cat, "perpetrator") == 0 ? "perpetrator group"
                 : strcmp(cat, "type") == 0 ? "type of attack" : cat,
                 other ? ": the largest, and the rest as Other" : "");
        if (incstat_chart_set_text(c, INCSTAT_CHART_TEXT_SUBTITLE, sub, err))
            goto out;
    }
    rc = 0;
    goto out;
nomem:
    err->code = INCSTAT_ENOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
out:
    incstat_free_mem(periods);
    incstat_free_mem(cats);
    incstat_free_mem(values);
    incstat_free_mem(flags);
    incstat_free_mem(left);
    incstat_free_mem(known);
    incstat_free_mem(cell);
    return rc;
}

/* heatmap: years x months from a summary by month */
static int build_heatmap(incstat_chart *c, const chart_summary_args *ca, const incstat_summary *s,
                         incstat_error *err)
{
    if (incstat_summary_key_count(s) != 1 || strcmp(incstat_summary_key_name(s, 0), "month") != 0) {
        err->code = INCSTAT_EINVAL;
        snprintf(err->message, sizeof err->message, "a heatmap needs a summary by month (--by month)");
        return -1;
    }
    size_t rows = incstat_summary_rows(s);
    int y0 = incstat_summary_row_at(s, 0)->year, y1 = incstat_summary_row_at(s, rows - 1)->year;
    size_t ny = (size_t)(y1 - y0 + 1);
    double *grid = incstat_malloc(ny * 12 * sizeof *grid);
    char (*labels)[8] = incstat_calloc(ny, sizeof *labels);
    const char **lp = incstat_calloc(ny, sizeof *lp);
    int rc = -1;
    if (!grid || !labels || !lp) {
        err->code = INCSTAT_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ny * 12; i++)
        grid[i] = NAN;
    for (size_t y = 0; y < ny; y++) {
        snprintf(labels[y], sizeof labels[y], "%d", y0 + (int)y);
        lp[y] = labels[y];
    }
    for (size_t i = 0; i < rows; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (r->sub >= 1 && r->sub <= 12)
            grid[(size_t)(r->year - y0) * 12 + (size_t)(r->sub - 1)] = summary_metric_value(r, ca->metric);
    }
    if (incstat_chart_set_grid(c, lp, ny, NULL, 12, grid, err))
        goto out;
    char first[8], last[8];
    snprintf(first, sizeof first, "%d", y0);
    snprintf(last, sizeof last, "%d", y1);
    if (set_texts(c, ca, first, last, "month", err))
        goto out;
    rc = 0;
out:
    incstat_free_mem(grid);
    incstat_free_mem(labels);
    incstat_free_mem(lp);
    return rc;
}

int chart_from_summary(const chart_summary_args *ca, const incstat_summary *s, incstat_chart **out,
                    incstat_error *err)
{
    incstat_chart *c;
    *out = NULL;
    if (incstat_chart_new(ca->kind, &c, err) != INCSTAT_OK)
        return -1;
    int r;
    switch (ca->kind) {
    case INCSTAT_CHART_STACKED:
    case INCSTAT_CHART_MULTIPLES:
        r = build_category_chart(c, ca, s, err);
        break;
    case INCSTAT_CHART_HEATMAP:
        r = build_heatmap(c, ca, s, err);
        break;
    default:
        r = build_series_chart(c, ca, s, err);
        break;
    }
    if (r != 0) {
        incstat_chart_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

void chart_summary_grouping(incstat_chart_kind kind, incstat_summary_options *so)
{
    if (kind == INCSTAT_CHART_HEATMAP && so->n_by == 0) {
        so->n_by = 1;
        so->by[0].kind = INCSTAT_BY_MONTH;
    }
    if (kind != INCSTAT_CHART_STACKED && kind != INCSTAT_CHART_MULTIPLES)
        return;
    if (so->n_by == 0) {
        so->by[so->n_by].kind = INCSTAT_BY_TEXT;
        so->by[so->n_by++].column = "admin1";
    }
    if (so->n_by == 1 && so->by[0].kind == INCSTAT_BY_TEXT) {
        so->by[1] = so->by[0];
        so->by[0].kind = INCSTAT_BY_YEAR;
        so->by[0].column = NULL;
        so->n_by = 2;
    }
}
