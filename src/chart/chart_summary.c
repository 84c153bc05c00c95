/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_summary.c: chart descriptions built from summaries, for the
 * report and the chart command.  The statistics (trend fits, top categories)
 * are computed here, with the stats module; the rest of the chart module only
 * draws. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_summary.h"
#include "core/internal.h"

const char *chart_summary_metric_title(summary_metric m)
{
    return m == SUMMARY_METRIC_INJURED ? "Injured" : m == SUMMARY_METRIC_INCIDENTS ? "Incidents" : "Killed";
}

/* What the chart counts, as its title and axis say it. */
static const char *metric_words(summary_metric m, int capital)
{
    if (m == SUMMARY_METRIC_INCIDENTS)
        return capital ? "Incidents" : "incidents";
    if (m == SUMMARY_METRIC_INJURED)
        return capital ? "People injured" : "people injured";
    return capital ? "People killed" : "people killed";
}

static const char *period_word(double per_year)
{
    return per_year == 12 ? "month" : per_year == 4 ? "quarter" : "year";
}

/* Text appended to a fixed buffer, cut at its end. */
typedef struct {
    char *p;
    size_t cap, len;
} text_buf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void tb_add(text_buf *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (w > 0)
        t->len = t->len + (size_t)w < t->cap ? t->len + (size_t)w : t->cap - 1;
}

const char *chart_summary_selection(const chart_summary_args *ca, char *buf, size_t cap)
{
    text_buf t = {buf, cap, 0};
    if (!cap)
        return buf;
    buf[0] = '\0';
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t k = 0; ca->where && k < ca->n_where; k++) {
        const char *w = ca->where[k], *eq = w ? strchr(w, '=') : NULL;
        if (!eq || !eq[1] || (eq[1] == '~' && !eq[2]))
            continue;
        const char *value = eq[1] == '~' ? eq + 2 : eq + 1;
        size_t flen = (size_t)(eq - w);
        /* values of one field are ORed, fields ANDed */
        int same = prev && prev_len == flen && strncmp(prev, w, flen) == 0;
        tb_add(&t, "%s%s", t.len ? (same ? " or " : ", ") : "", value);
        prev = w;
        prev_len = flen;
    }
    if (!t.len && ca->rep && ca->rep->aggregate_only && ca->rep->aggregate_entity)
        tb_add(&t, "%s", ca->rep->aggregate_entity);
    return buf;
}

/* "2011" when first and last lie in one year (labels YYYY, YYYY-MM,
 * YYYY-Qn), into year (5 bytes); 0 otherwise. */
static int one_year(const char *first, const char *last, char *year)
{
    for (int i = 0; i < 4; i++)
        if (first[i] < '0' || first[i] > '9' || first[i] != last[i])
            return 0;
    memcpy(year, first, 4);
    year[4] = '\0';
    return 1;
}

/* The default title: the selection, what is counted, the period and the
 * span, each year named once: "Pakistan: people killed per year,
 * 1989-2024", "Pakistan, 2011: people killed per month", "People killed in
 * 2011". */
static void default_title(const chart_summary_args *ca, const char *first, const char *last,
                          const char *per, char *buf, size_t cap)
{
    char sel[256], year[5];
    chart_summary_selection(ca, sel, sizeof sel);
    const char *m = metric_words(ca->metric, !*sel);
    text_buf t = {buf, cap, 0};
    buf[0] = '\0';
    int years = strcmp(per, "year") == 0;
    if (one_year(first, last, year)) {
        if (years) /* one period: "in 2011" */
            tb_add(&t, "%s%s%s in %s", sel, *sel ? ": " : "", m, year);
        else
            tb_add(&t, "%s%s%s: %s per %s", sel, *sel ? ", " : "", year,
                   metric_words(ca->metric, 0), per);
        return;
    }
    /* months and quarters span years: the years say it */
    if (!years && strlen(first) >= 4 && strlen(last) >= 4)
        tb_add(&t, "%s%s%s per %s, %.4s\u2013%.4s", sel, *sel ? ": " : "", m, per, first, last);
    else
        tb_add(&t, "%s%s%s per %s, %s\u2013%s", sel, *sel ? ": " : "", m, per, first, last);
}

/* Default texts: title from the selection, the metric and the range, the
 * axis label the unit, caption from the input, the preset and the
 * estimate. */
int chart_summary_texts(incstat_chart *c, const chart_summary_args *ca, const char *first,
                        const char *last, const char *per, incstat_error *err)
{
    char title[512], caption[512];
    default_title(ca, first, last, per, title, sizeof title);
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
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_Y_LABEL, metric_words(ca->metric, 1), err) ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_UNIT, summary_metric_name(ca->metric), err))
        return -1;
    if (ca->subtitle && incstat_chart_set_text(c, INCSTAT_CHART_TEXT_SUBTITLE, ca->subtitle, err))
        return -1;
    return 0;
}

/* A partial last period: how far it reaches ("to 25 Nov", in the footnote
 * too) and, by year, the year before over the same span, so the chart sets
 * like against like (incstat_chart_set_same_span). */
int chart_summary_same_span(incstat_chart *c, const chart_summary_args *ca,
                            const incstat_summary *s, const summary_series *se,
                            incstat_error *err)
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

/* A trend needs 3 known periods: by year, a file of a year or two has too
 * few, and its months would do (the message says how). */
static void suggest_finer(const summary_series *se, size_t nf, incstat_error *err)
{
    size_t known = 0;
    for (size_t i = 0; i < nf; i++)
        known += !isnan(se->y[i]);
    if (err->code != INCSTAT_EDOMAIN && err->code != INCSTAT_EINVAL)
        return;
    if (se->per_year != 1 || known >= 3)
        return;
    size_t len = strlen(err->message);
    snprintf(err->message + len, sizeof err->message - len,
             " (by year; try --by month for a value a month)");
}

/* --changepoints: when the search finds no change, or cannot run, the
 * chart says so (otherwise it would look as if it had not been asked). */
static int changepoint_note(incstat_chart *c, const incstat_trend_result *res, incstat_error *err)
{
    const incstat_trend_changepoints *cp = &res->cp;
    char note[256];
    if (cp->status == INCSTAT_OK && cp->n_segments > 1)
        return 0;
    if (cp->status == INCSTAT_OK)
        snprintf(note, sizeof note, "Change points: none found (PELT, %s cost): one level "
                 "throughout.", cp->cost_kind == INCSTAT_TREND_CP_NEGBIN ? "negative binomial"
                                                                         : "Poisson");
    else
        snprintf(note, sizeof note, "Change points: not searched: %s.",
                 cp->note ? cp->note : incstat_strerror(cp->status));
    return incstat_chart_set_text(c, INCSTAT_CHART_TEXT_NOTE, note, err) ? -1 : 0;
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
        incstat_chart_add_series(c, chart_summary_metric_title(ca->metric), se.y, n, err) ||
        incstat_chart_set_flags(c, se.flags, n, err) ||
        incstat_chart_set_unknown(c, ca->kind == INCSTAT_CHART_RANGE ? se.left_out_range
                                                                      : se.left_out, n, err))
        goto out;
    if (chart_summary_texts(c, ca, se.labels[0], se.labels[n - 1], period_word(se.per_year), err))
        goto out;
    if (chart_summary_same_span(c, ca, s, &se, err))
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
        if (incstat_trend_fit(se.x, se.y, NULL, nf, &to, &res, err) != INCSTAT_OK) {
            suggest_finer(&se, nf, err);
            goto out;
        }
        fit = incstat_calloc(n, sizeof *fit);
        lo = incstat_calloc(n, sizeof *lo);
        hi = incstat_calloc(n, sizeof *hi);
        if (!fit || !lo || !hi)
            goto nomem;
        for (size_t i = 0; i < n; i++)
            fit[i] = lo[i] = hi[i] = NAN;
        const char *label = NULL, *band_label = "95% confidence band of the fit";
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
            band_label = "95% confidence band of the smooth";
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
            if (incstat_chart_set_trend(c, fit, band ? lo : NULL, band ? hi : NULL, n, label, err) ||
                (band && incstat_chart_set_text(c, INCSTAT_CHART_TEXT_BAND, band_label, err)))
                goto out;
        }
        if (ca->changepoints && changepoint_note(c, res, err))
            goto out;
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

static int category_chart(incstat_chart *c, const chart_summary_args *ca,
                          const incstat_summary *s, const char *mix, incstat_error *err);

int chart_summary_place_key(const char *key)
{
    static const char *const PLACES[] = {"admin1", "admin2", "city", "location"};
    for (size_t i = 0; key && i < sizeof PLACES / sizeof PLACES[0]; i++)
        if (strcmp(key, PLACES[i]) == 0)
            return 1;
    return 0;
}

/* "provinces" for admin1 and so on: what the places of a key are called. */
static const char *place_plural(const char *key)
{
    return strcmp(key, "admin1") == 0   ? "provinces"
           : strcmp(key, "admin2") == 0 ? "districts"
           : strcmp(key, "city") == 0   ? "cities"
                                        : "places";
}

size_t chart_summary_countries(const incstat_summary *bc, summary_metric m, char *names,
                               size_t cap)
{
    names[0] = '\0';
    if (incstat_summary_key_count(bc) != 2 || strcmp(incstat_summary_key_name(bc, 1), "country"))
        return 0;
    size_t rows = incstat_summary_rows(bc), nc = 0;
    category *cs = incstat_calloc(rows ? rows : 1, sizeof *cs);
    if (!cs)
        return (size_t)-1;
    for (size_t i = 0; i < rows; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(bc, i);
        double v = summary_metric_value(r, m);
        if (r->missing || !r->key[1] || !*r->key[1] || (r->incidents == 0 && !(v > 0)))
            continue;
        size_t k = 0;
        while (k < nc && strcmp(cs[k].name, r->key[1]) != 0)
            k++;
        if (k == nc)
            cs[nc++] = (category){r->key[1], 0, k};
        if (v > 0)
            cs[k].total += v;
    }
    qsort(cs, nc, sizeof *cs, by_total);
    text_buf t = {names, cap, 0};
    size_t listed = nc <= 4 ? nc : 3;
    for (size_t k = 0; k < listed; k++)
        tb_add(&t, "%s%s", k == 0 ? "" : k + 1 == nc ? " and " : ", ", cs[k].name);
    if (listed < nc)
        tb_add(&t, " and %zu more", nc - listed);
    incstat_free_mem(cs);
    return nc;
}

/* The category key's spellings, for the note: what --recode merged (the
 * load report), what the summary merged or found alike (its notes, without
 * the key's name), and where a near-identical spelling went ("Balochistan"
 * is in Other while "Baluchistan" is shown). */
static void spelling_note(text_buf *t, const chart_summary_args *ca, const incstat_summary *s,
                          const char *key, const category *cats, size_t nc, size_t shown)
{
    size_t klen = strlen(key), start = t->len;
    for (size_t i = 0; ca->rep && i < ca->rep->n_recode_notes; i++) {
        const char *n = ca->rep->recode_notes[i];
        if (strncmp(n, key, klen) == 0 && n[klen] == ' ')
            tb_add(t, "%s%s", t->len > start ? "; " : "Spellings: ", n + klen + 1);
    }
    for (size_t i = 0; i < incstat_summary_note_count(s); i++) {
        const char *n = incstat_summary_note(s, i);
        if (strncmp(n, key, klen) != 0 || n[klen] != ':')
            continue;
        tb_add(t, "%s%s", t->len > start ? "; " : "Spellings: ", n + klen + 2);
        if (!strstr(n, "look alike"))
            continue;
        /* the two quoted names: say which went into Other */
        const char *q[4] = {NULL};
        const char *p = n;
        for (int k = 0; k < 4 && (p = strchr(p, '"')); k++)
            q[k] = ++p;
        if (!q[3])
            continue;
        for (int k = 0; k < 2; k++) {
            size_t len = (size_t)(q[2 * k + 1] - 1 - q[2 * k]);
            for (size_t j = shown; j < nc; j++)
                if (strlen(cats[j].name) == len && strncmp(cats[j].name, q[2 * k], len) == 0)
                    tb_add(t, " (\"%.*s\" is in Other here)", (int)len, q[2 * k]);
        }
    }
    if (t->len > start)
        tb_add(t, ".");
}

const char *chart_summary_by_country_note(const char *key, size_t n, const char *names,
                                          char *buf, size_t cap)
{
    snprintf(buf, cap, "By country, not %s: the data span %zu countries (%s); --where "
             "country=NAME draws one country's %s.", place_plural(key), n, names,
             place_plural(key));
    return buf;
}

static int build_category_chart(incstat_chart *c, const chart_summary_args *ca,
                                const incstat_summary *s, incstat_error *err)
{
    /* a place inside a country over several countries: by country when the
     * caller chose no category, else said in the note */
    char cnames[256] = "", mix[512] = "";
    const char *key = incstat_summary_key_count(s) == 2 ? incstat_summary_key_name(s, 1) : NULL;
    size_t ncountries = 0;
    if (ca->by_country && chart_summary_place_key(key)) {
        ncountries = chart_summary_countries(ca->by_country, ca->metric, cnames, sizeof cnames);
        if (ncountries == (size_t)-1) {
            err->code = INCSTAT_ENOMEM;
            snprintf(err->message, sizeof err->message, "out of memory");
            return -1;
        }
    }
    if (ncountries >= 2 && ca->category_default) {
        chart_summary_by_country_note(key, ncountries, cnames, mix, sizeof mix);
        return category_chart(c, ca, ca->by_country, mix, err);
    }
    if (ncountries >= 2)
        snprintf(mix, sizeof mix, "%s %s of %zu countries%s (%s); --by country compares the "
                 "countries, --where country=NAME draws one.",
                 ca->kind == INCSTAT_CHART_MULTIPLES ? "The panels are the" : "The",
                 place_plural(key), ncountries,
                 ca->kind == INCSTAT_CHART_MULTIPLES ? "" : " are stacked together", cnames);
    return category_chart(c, ca, s, mix, err);
}

/* stacked, multiples from s, with mix (may be "") first in the note */
static int category_chart(incstat_chart *c, const chart_summary_args *ca,
                          const incstat_summary *s, const char *mix, incstat_error *err)
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
    if (chart_summary_texts(c, ca, periods[0], periods[np - 1], per, err))
        goto out;
    {
        char note[2048];
        text_buf t = {note, sizeof note, 0};
        note[0] = '\0';
        if (ca->note && *ca->note)
            tb_add(&t, "%s ", ca->note);
        tb_add(&t, "%s", mix);
        if (t.len)
            tb_add(&t, " ");
        spelling_note(&t, ca, s, incstat_summary_key_name(s, (size_t)ck), cats, nc, shown);
        while (t.len && note[t.len - 1] == ' ')
            note[--t.len] = '\0';
        if (t.len && incstat_chart_set_text(c, INCSTAT_CHART_TEXT_NOTE, note, err))
            goto out;
    }
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
    if (chart_summary_texts(c, ca, first, last, "month", err))
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
