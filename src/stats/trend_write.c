/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_write.c: trend results as JSON and as a readable table with
 * plain sentences (see include/incstat/trend.h).  Writes as it goes and
 * checks the stream once at the end. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats/trend_internal.h"
#include "core/internal.h"
#include "core/json.h"
#include "stats/summary_internal.h"

/* ---- JSON ------------------------------------------------------------- */

static void jnum(FILE *f, double v)
{
    if (!isfinite(v))
        fputs("null", f);
    else if (v == floor(v) && fabs(v) < 1e15)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.17g", v);
}

static void jstr(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

static void jkey(FILE *f, const char *k, int *first)
{
    fputs(*first ? "" : ", ", f);
    *first = 0;
    jstr(f, k);
    fputs(": ", f);
}

static void jpair(FILE *f, const char *k, double a, double b, int *first)
{
    jkey(f, k, first);
    fputc('[', f);
    jnum(f, a);
    fputs(", ", f);
    jnum(f, b);
    fputc(']', f);
}

static void jarray(FILE *f, const char *k, const double *v, size_t n, int *first)
{
    jkey(f, k, first);
    if (!v) {
        fputs("null", f);
        return;
    }
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        jnum(f, v[i]);
    }
    fputc(']', f);
}

static const char *status_text(incstat_status st)
{
    return st == INCSTAT_OK ? "ok" : incstat_strerror(st);
}

static void jstatus(FILE *f, incstat_status st, const char *note, int *first)
{
    jkey(f, "status", first);
    jstr(f, status_text(st));
    jkey(f, "note", first);
    jstr(f, note);
}

static void json_glm(FILE *f, const incstat_trend_result *r, const incstat_trend_glm *g, int nb)
{
    int first = 1;
    fputc('{', f);
    jstatus(f, g->status, g->note, &first);
    jkey(f, "coef", &first);
    jnum(f, g->coef);
    jkey(f, "se", &first);
    jnum(f, g->se);
    jkey(f, "p_value", &first);
    jnum(f, g->p_value);
    jkey(f, "intercept", &first);
    jnum(f, g->intercept);
    jkey(f, "annual_change_pct", &first);
    jnum(f, g->change_pct);
    jpair(f, "ci_pct", g->ci_pct[0], g->ci_pct[1], &first);
    jkey(f, "deviance", &first);
    jnum(f, g->deviance);
    jkey(f, "dispersion", &first);
    jnum(f, g->dispersion);
    jkey(f, "pearson_chi2", &first);
    jnum(f, g->pearson_chi2);
    if (!nb) {
        jkey(f, "null_deviance", &first);
        jnum(f, g->null_deviance);
        jpair(f, "quasi_ci_pct", g->quasi_ci_pct[0], g->quasi_ci_pct[1], &first);
    } else {
        jkey(f, "theta", &first);
        jnum(f, g->theta);
        jkey(f, "theta_infinite", &first);
        fputs(g->theta_infinite ? "true" : "false", f);
        jkey(f, "theta_se", &first);
        jnum(f, g->theta_se);
        jkey(f, "loglik", &first);
        jnum(f, g->loglik);
    }
    jkey(f, "aic", &first);
    jnum(f, g->aic);
    jkey(f, "iterations", &first);
    fprintf(f, "%d", g->iterations);
    jarray(f, "fitted", g->fitted, r->n, &first);
    jarray(f, "fitted_lo", g->lower, r->n, &first);
    jarray(f, "fitted_hi", g->upper, r->n, &first);
    fputc('}', f);
}

/* "smooth": {...} and "shape": "..." */
static void json_smooth(FILE *f, const incstat_trend_result *r, int *first)
{
    jkey(f, "smooth", first);
    if (!(r->methods & INCSTAT_TREND_SMOOTH)) {
        fputs("null", f);
    } else {
        const incstat_trend_smooth *s = &r->smooth;
        int k = 1;
        fputc('{', f);
        jstatus(f, s->status, s->note, &k);
        jkey(f, "model", &k);
        jstr(f, "MASS::glm.nb(y ~ splines::ns(x, df))");
        jkey(f, "df", &k);
        if (s->status == INCSTAT_OK)
            fprintf(f, "%u", s->df);
        else
            fputs("null", f);
        jkey(f, "df_by_aic", &k);
        fputs(s->auto_df ? "true" : "false", f);
        jkey(f, "theta", &k);
        jnum(f, s->theta);
        jkey(f, "aic", &k);
        jnum(f, s->aic);
        jarray(f, "aic_by_df", s->aic_by_df + 1, s->max_df, &k);
        jkey(f, "loglinear_aic", &k);
        jnum(f, r->negbin.aic);
        jkey(f, "better_than_loglinear", &k);
        fputs(s->better_than_loglinear ? "true" : "false", f);
        jarray(f, "fitted", s->fitted, r->n, &k);
        jarray(f, "ci_low", s->lower, r->n, &k);
        jarray(f, "ci_high", s->upper, r->n, &k);
        fputc('}', f);
    }
    char buf[1024];
    jkey(f, "shape", first);
    if (incstat_trend_describe(r, buf, sizeof buf, NULL) == INCSTAT_OK && buf[0])
        jstr(f, buf);
    else
        fputs("null", f);
}

/* The moving average member incstat trend adds: numbers as %.17g. */
static void json_ma(FILE *f, const double *ma, size_t n, size_t window)
{
    fprintf(f, ",\n \"moving_average\": {\"window\": %zu, \"values\": [", window);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        incstat_json_num_(f, ma[i]);
    }
    fputs("]}", f);
}

incstat_status incstat_trend_write_json(const incstat_trend_result *r, FILE *f, incstat_error *err)
{
    return incstat_trend_write_json_ma(r, NULL, 0, 0, f, err);
}

incstat_status incstat_trend_write_json_ma(const incstat_trend_result *r, const double *ma,
                                           size_t n, size_t window, FILE *f, incstat_error *err)
{
    if (!r || !f)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend JSON: NULL argument");
    int first = 1;
    fputc('{', f);
    jkey(f, "metric", &first);
    jstr(f, r->metric);
    jkey(f, "unit", &first);
    jstr(f, r->unit);
    jkey(f, "from", &first);
    jnum(f, r->from);
    jkey(f, "to", &first);
    jnum(f, r->to);
    jkey(f, "n", &first);
    fprintf(f, "%zu", r->n_used);
    jkey(f, "n_rows", &first);
    fprintf(f, "%zu", r->n);
    jkey(f, "n_dropped", &first);
    fprintf(f, "%zu", r->n_dropped);
    jkey(f, "conf_level", &first);
    jnum(f, r->conf_level);
    jkey(f, "rate_per", &first);
    jnum(f, r->rate_per);
    jkey(f, "flags", &first);
    {
        static const struct { unsigned bit; const char *name; } F[] = {
            {INCSTAT_TREND_NONINTEGER, "noninteger"},
            {INCSTAT_TREND_CONSTANT, "constant"},
            {INCSTAT_TREND_ALL_ZERO, "all_zero"},
            {INCSTAT_TREND_EXPOSURE, "exposure"}};
        int ff = 1;
        fputc('[', f);
        for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
            if (r->flags & F[i].bit) {
                fputs(ff ? "" : ", ", f);
                ff = 0;
                jstr(f, F[i].name);
            }
        fputc(']', f);
    }
    jarray(f, "x", r->x, r->n, &first);

    jkey(f, "ols", &first);
    if (r->methods & INCSTAT_TREND_OLS) {
        const incstat_trend_ols *o = &r->ols;
        int k = 1;
        fputc('{', f);
        jstatus(f, o->status, o->note, &k);
        jkey(f, "slope", &k);
        jnum(f, o->slope);
        jpair(f, "slope_ci", o->slope_ci[0], o->slope_ci[1], &k);
        jkey(f, "slope_se", &k);
        jnum(f, o->slope_se);
        jkey(f, "slope_p", &k);
        jnum(f, o->slope_p);
        jkey(f, "intercept", &k);
        jnum(f, o->intercept);
        jkey(f, "r2", &k);
        jnum(f, o->r2);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    jkey(f, "poisson", &first);
    if (r->methods & INCSTAT_TREND_POISSON)
        json_glm(f, r, &r->poisson, 0);
    else
        fputs("null", f);
    jkey(f, "negbin", &first);
    if (r->methods & INCSTAT_TREND_NEGBIN)
        json_glm(f, r, &r->negbin, 1);
    else
        fputs("null", f);

    jkey(f, "mann_kendall", &first);
    if (r->methods & INCSTAT_TREND_MANN_KENDALL) {
        const incstat_trend_mk *m = &r->mk;
        int k = 1;
        fputc('{', f);
        jstatus(f, m->status, m->note, &k);
        jkey(f, "s", &k);
        jnum(f, m->s);
        jkey(f, "var_s", &k);
        jnum(f, m->var_s);
        jkey(f, "z", &k);
        jnum(f, m->z);
        jkey(f, "p_value", &k);
        jnum(f, m->p_value);
        jkey(f, "tau", &k);
        jnum(f, m->tau);
        jkey(f, "tau_a", &k);
        jnum(f, m->tau_a);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    jkey(f, "sen", &first);
    if (r->methods & INCSTAT_TREND_SEN) {
        const incstat_trend_sen *s = &r->sen;
        int k = 1;
        fputc('{', f);
        jstatus(f, s->status, s->note, &k);
        jkey(f, "slope", &k);
        jnum(f, s->slope);
        jpair(f, "ci", s->ci[0], s->ci[1], &k);
        jkey(f, "intercept", &k);
        jnum(f, s->intercept);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    jkey(f, "changepoints", &first);
    if ((r->methods & INCSTAT_TREND_CHANGEPOINTS) && r->cp.segments) {
        const incstat_trend_changepoints *c = &r->cp;
        fputc('[', f);
        for (size_t i = 1; i < c->n_segments; i++) {
            int k = 1;
            fputs(i > 1 ? ", {" : "{", f);
            jkey(f, "year", &k);
            jnum(f, c->segments[i].year_start);
            jkey(f, "mean_before", &k);
            jnum(f, c->segments[i - 1].mean);
            jkey(f, "mean_after", &k);
            jnum(f, c->segments[i].mean);
            fputc('}', f);
        }
        fputs("], ", f);
        jstr(f, "segments");
        fputs(": [", f);
        for (size_t i = 0; i < c->n_segments; i++) {
            int k = 1;
            fputs(i ? ", {" : "{", f);
            jkey(f, "from", &k);
            jnum(f, c->segments[i].year_start);
            jkey(f, "to", &k);
            jnum(f, c->segments[i].year_end);
            jkey(f, "mean", &k);
            jnum(f, c->segments[i].mean);
            jkey(f, "total", &k);
            jnum(f, c->segments[i].total);
            fputc('}', f);
        }
        fputs("]", f);
        int k = 0;
        jkey(f, "changepoint_method", &k);
        jstr(f, c->cost_kind == INCSTAT_TREND_CP_NEGBIN ? "PELT, negative binomial cost"
                                                        : "PELT, Poisson cost");
        jkey(f, "changepoint_cost", &k);
        jstr(f, c->cost_kind == INCSTAT_TREND_CP_NEGBIN ? "negbin" : "poisson");
        jkey(f, "changepoint_dispersion", &k);
        jnum(f, c->theta);
        jkey(f, "changepoint_dispersion_initial", &k);
        jnum(f, c->theta_initial);
        jkey(f, "changepoint_note", &k);
        jstr(f, c->note);
        jkey(f, "changepoint_penalty", &k);
        jnum(f, c->penalty);
        fputs(", ", f);
        jstr(f, "changepoint_min_segment");
        fprintf(f, ": %zu", c->min_segment);
    } else {
        fputs("null", f);
    }
    json_smooth(f, r, &first);
    if (ma)
        json_ma(f, ma, n, window);
    fputs("}\n", f);
    if (ferror(f))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "trend JSON: write failed");
    return INCSTAT_OK;
}

/* ---- text ------------------------------------------------------------- */

/* A percentage for prose: "12%", "4.3%", "-0.8%". */
static void pct(char *buf, size_t cap, double v)
{
    if (!isfinite(v))
        snprintf(buf, cap, "%s", v > 0 ? "+inf%" : "n/a");
    else if (fabs(v) >= 9.95)
        snprintf(buf, cap, "%.0f%%", v);
    else
        snprintf(buf, cap, "%.1f%%", v);
}

/* A number with about 4 significant digits for the table. */
static void num(char *buf, size_t cap, double v)
{
    if (v == 0)
        v = 0; /* no "-0" */
    if (isnan(v))
        snprintf(buf, cap, "n/a");
    else if (isinf(v))
        snprintf(buf, cap, "%sinf", v > 0 ? "" : "-");
    else if (v != 0 && (fabs(v) < 1e-3 || fabs(v) >= 1e7))
        snprintf(buf, cap, "%.3g", v);
    else if (v == floor(v) || fabs(v) >= 1000)
        snprintf(buf, cap, "%.0f", v);
    else if (fabs(v) >= 100)
        snprintf(buf, cap, "%.1f", v);
    else
        snprintf(buf, cap, "%.4g", v);
}

static void row(FILE *f, const char *method, const char *est, const char *ci, const char *note)
{
    fprintf(f, "  %-26s %-25s %-26s %s\n", method, est, ci, note);
}

/* A slope for the table: "+61.25 a year" on yearly counts; on counts by
 * month or quarter, whose slope is still per unit of x, "-1.855 a month
 * per year": the monthly count changes by that much a year. */
static void slope_cell(char *buf, size_t cap, double slope, const char *v,
                       const incstat_trend_result *r)
{
    unsigned per = r->per_unit ? r->per_unit : 1;
    if (per == 1)
        snprintf(buf, cap, "%s%s a %s", slope > 0 ? "+" : "", v, r->unit);
    else
        snprintf(buf, cap, "%s%s a %s per %s", slope > 0 ? "+" : "", v,
                 per == 12 ? "month" : "quarter", r->unit);
}

static void glm_row(FILE *f, const char *name, const incstat_trend_glm *g, const char *unit,
                    int nb)
{
    char e[64], c[96], n[160], a[32], b[32];
    if (g->status != INCSTAT_OK) {
        row(f, name, "n/a", "", g->note ? g->note : status_text(g->status));
        return;
    }
    pct(a, sizeof a, g->change_pct);
    snprintf(e, sizeof e, "%s%s a %s", g->change_pct > 0 ? "+" : "", a, unit);
    pct(a, sizeof a, g->ci_pct[0]);
    pct(b, sizeof b, g->ci_pct[1]);
    snprintf(c, sizeof c, "[%s, %s]", a, b);
    if (!nb) {
        char q1[32], q2[32], dsp[32];
        pct(q1, sizeof q1, g->quasi_ci_pct[0]);
        pct(q2, sizeof q2, g->quasi_ci_pct[1]);
        num(dsp, sizeof dsp, g->dispersion);
        snprintf(n, sizeof n, "dispersion %s; quasi-Poisson CI [%s, %s]", dsp, q1, q2);
    } else if (g->theta_infinite) {
        snprintf(n, sizeof n, "not overdispersed: theta infinite (= Poisson)");
    } else {
        char th[32];
        num(th, sizeof th, g->theta);
        snprintf(n, sizeof n, "theta %s", th);
    }
    row(f, name, e, c, n);
}

/* The unit of a level (a segment's mean): " a year", " a month", or with
 * an exposure " per 100000 a year". */
static void level_unit(char *buf, size_t cap, const incstat_trend_result *r, const char *rows)
{
    if (r->flags & INCSTAT_TREND_EXPOSURE) {
        char a[32];
        num(a, sizeof a, r->rate_per);
        snprintf(buf, cap, " per %s a %s", a, rows);
    } else {
        snprintf(buf, cap, " a %s", rows);
    }
}

/* The log-linear trend against the spline that leads, by the AIC bands of
 * incstat_trend_aic_band (Burnham & Anderson 2002, p. 70): only a clear
 * difference earns the warning, and under 2 they fit about as well. */
static void aic_sentence(FILE *f, const char *est, const char *model, double aic_line,
                         double aic_smooth)
{
    static const char *const THEN[] = {
        "a steady change describes the series as well as the shape above",
        "the shape above describes the series better, but a steady change is not ruled out",
        "it averages over the rises and falls",
        "it averages over the rises and falls and describes the series poorly",
        "it averages over the rises and falls and does not describe the series"};
    incstat_trend_aic_band band = incstat_trend_aic_band_of(aic_line, aic_smooth);
    char a1[32], a2[32];
    num(a1, sizeof a1, aic_line);
    num(a2, sizeof a2, aic_smooth);
    if (band == INCSTAT_TREND_AIC_UNKNOWN) {
        fprintf(f, "One log-linear trend (%s; %s): AIC %s against the spline's %s.\n", est,
                model, a1, a2);
        return;
    }
    int warn = band >= INCSTAT_TREND_AIC_CLEARLY;
    fprintf(f, "%s log-linear trend (%s; %s) fits %s the spline (AIC %s against %s, a "
               "difference of %.1f: %s): %s.\n",
            warn ? "Warning: one" : "One", est, model, incstat_trend_aic_words(band), a1, a2,
            aic_line - aic_smooth, incstat_trend_aic_support(band), THEN[band]);
}

incstat_status incstat_trend_write_text(const incstat_trend_result *r, FILE *f, incstat_error *err)
{
    char p1[32], p2[32];
    unsigned per = r->per_unit ? r->per_unit : 1;
    const char *rows = per == 12 ? "month" : per == 4 ? "quarter" : r->unit;
    if (!r || !f)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend text: NULL argument");
    char e[96], c[96], n[160], a[32], b[32];
    const char *u = r->unit;
    int lv = (int)floor(r->conf_level * 100 + 0.5);
    fprintf(f, "Trend of %s, %s to %s: %zu %ss", r->metric,
            trend_period(p1, sizeof p1, r->from, per), trend_period(p2, sizeof p2, r->to, per),
            r->n_used, rows);
    if (r->n_dropped)
        fprintf(f, " (%zu missing, left out)", r->n_dropped);
    fputs("\n", f);
    if (r->flags & INCSTAT_TREND_EXPOSURE) {
        num(a, sizeof a, r->rate_per);
        fprintf(f, "Rates per %s of the exposure; count models use log(exposure) as offset.\n",
                a);
    }
    if (r->flags & INCSTAT_TREND_NONINTEGER)
        fputs("Some counts are not whole numbers (estimates): the count models treat them as "
              "glm does.\n",
              f);
    snprintf(c, sizeof c, "%d%% CI", lv);
    row(f, "method", "estimate", c, "notes");
    if (r->methods & INCSTAT_TREND_OLS) {
        const incstat_trend_ols *o = &r->ols;
        num(a, sizeof a, o->slope);
        slope_cell(e, sizeof e, o->slope, a, r);
        num(a, sizeof a, o->slope_ci[0]);
        num(b, sizeof b, o->slope_ci[1]);
        snprintf(c, sizeof c, "[%s, %s]", a, b);
        num(a, sizeof a, o->r2);
        snprintf(n, sizeof n, "R^2 %s", a);
        row(f, "least-squares slope", e, c, n);
    }
    if (r->methods & INCSTAT_TREND_POISSON)
        glm_row(f, "Poisson change", &r->poisson, u, 0);
    if (r->methods & INCSTAT_TREND_NEGBIN)
        glm_row(f, "negative binomial change", &r->negbin, u, 1);
    if (r->methods & INCSTAT_TREND_MANN_KENDALL) {
        const incstat_trend_mk *m = &r->mk;
        if (m->status == INCSTAT_OK) {
            num(a, sizeof a, m->tau);
            snprintf(e, sizeof e, "tau-b %s", a);
            num(a, sizeof a, m->z);
            num(b, sizeof b, m->p_value);
            snprintf(n, sizeof n, "S = %.0f, z = %s, p = %s", m->s, a, b);
            row(f, "Mann-Kendall", e, "", n);
        } else {
            row(f, "Mann-Kendall", "n/a", "", m->note ? m->note : status_text(m->status));
        }
    }
    if (r->methods & INCSTAT_TREND_SEN) {
        const incstat_trend_sen *s = &r->sen;
        if (s->status == INCSTAT_OK) {
            num(a, sizeof a, s->slope);
            slope_cell(e, sizeof e, s->slope, a, r);
            num(a, sizeof a, s->ci[0]);
            num(b, sizeof b, s->ci[1]);
            snprintf(c, sizeof c, "[%s, %s]", a, b);
            row(f, "Sen's slope", e, c, s->note ? s->note : "");
        } else {
            row(f, "Sen's slope", "n/a", "", s->note ? s->note : status_text(s->status));
        }
    }
    if ((r->methods & INCSTAT_TREND_CHANGEPOINTS) && r->cp.segments) {
        const incstat_trend_changepoints *cp = &r->cp;
        snprintf(e, sizeof e, "%zu change%s", cp->n_segments - 1,
                 cp->n_segments == 2 ? "" : "s");
        num(a, sizeof a, cp->penalty);
        if (cp->cost_kind == INCSTAT_TREND_CP_NEGBIN) {
            num(b, sizeof b, cp->theta);
            snprintf(n, sizeof n, "PELT, negative binomial cost (theta %s), penalty %s, "
                     "segments >= %zu", b, a, cp->min_segment);
        } else {
            snprintf(n, sizeof n, "PELT, Poisson cost, penalty %s, segments >= %zu", a,
                     cp->min_segment);
        }
        row(f, "change points", e, "", n);
        char lu[64];
        level_unit(lu, sizeof lu, r, rows);
        for (size_t i = 0; i < cp->n_segments; i++) {
            const incstat_trend_segment *s = &cp->segments[i];
            num(a, sizeof a, s->mean);
            fprintf(f, "    %s to %s: mean %s%s\n",
                    trend_period(p1, sizeof p1, s->year_start, per),
                    trend_period(p2, sizeof p2, s->year_end, per), a, lu);
        }
    }

    if (r->methods & INCSTAT_TREND_SMOOTH) {
        const incstat_trend_smooth *sm = &r->smooth;
        if (sm->status == INCSTAT_OK) {
            snprintf(e, sizeof e, "df %u%s", sm->df, sm->auto_df ? " (by AIC)" : "");
            num(a, sizeof a, sm->aic);
            num(b, sizeof b, r->negbin.aic);
            if (sm->theta_infinite)
                snprintf(n, sizeof n, "Poisson (not overdispersed), AIC %s (log-linear %s)", a, b);
            else {
                char th[32];
                num(th, sizeof th, sm->theta);
                snprintf(n, sizeof n, "theta %s, AIC %s (log-linear %s)", th, a, b);
            }
            row(f, "NB spline smooth", e, "", n);
        } else {
            row(f, "NB spline smooth", "n/a", "", sm->note ? sm->note : status_text(sm->status));
        }
    }

    /* sentences: the shape from the smooth when it fits better than one
     * log-linear trend; else the negative binomial when it was fitted and the
     * counts are overdispersed, else Poisson, else least squares */
    fputs("\n", f);
    int smooth_leads = (r->methods & INCSTAT_TREND_SMOOTH) && r->smooth.status == INCSTAT_OK &&
                       r->smooth.better_than_loglinear;
    if (smooth_leads) {
        char shape[1024];
        if (incstat_trend_describe(r, shape, sizeof shape, NULL) == INCSTAT_OK)
            fprintf(f, "%s.\n", shape);
    }
    const incstat_trend_glm *g = NULL;
    const char *model = NULL;
    if ((r->methods & INCSTAT_TREND_NEGBIN) && r->negbin.status == INCSTAT_OK &&
        !r->negbin.theta_infinite) {
        g = &r->negbin;
        model = "negative binomial";
    } else if ((r->methods & INCSTAT_TREND_POISSON) && r->poisson.status == INCSTAT_OK) {
        g = &r->poisson;
        model = "Poisson";
    }
    if (g && smooth_leads) {
        char p0[32], pm[64] = "", est[256];
        pct(p0, sizeof p0, g->change_pct);
        pct(p1, sizeof p1, g->ci_pct[0]);
        pct(p2, sizeof p2, g->ci_pct[1]);
        if (per > 1) {
            /* "-39% a year or -4.0% a month, 95% CI ... a year" */
            double cm = trend_pct_per_period(g->change_pct, per);
            pct(a, sizeof a, cm);
            snprintf(pm, sizeof pm, " or %s%s a %s", cm > 0 ? "+" : "", a, rows);
        }
        snprintf(est, sizeof est, "%s%s a %s%s, %d%% CI %s to %s%s%s", g->change_pct > 0 ? "+" : "",
                 p0, u, pm, lv, p1, p2, per > 1 ? " a " : "", per > 1 ? u : "");
        aic_sentence(f, est, model, r->negbin.aic, r->smooth.aic);
    } else if (g) {
        char p0[32], pm[64] = "";
        pct(p0, sizeof p0, fabs(g->change_pct));
        pct(p1, sizeof p1, g->ci_pct[0]);
        pct(p2, sizeof p2, g->ci_pct[1]);
        if (per > 1) {
            /* the same change a month or quarter, and the interval's unit */
            double cm = trend_pct_per_period(g->change_pct, per);
            pct(a, sizeof a, fabs(cm));
            snprintf(pm, sizeof pm, " or %s%s a %s", g->ci_pct[0] > 0 || g->ci_pct[1] < 0
                     ? "" : cm >= 0 ? "+" : "-", a, rows);
        }
        if (g->ci_pct[0] > 0 || g->ci_pct[1] < 0)
            fprintf(f, "%s %s by about %s a %s%s (%d%% CI %s to %s%s%s; %s model).\n", r->metric,
                    g->change_pct > 0 ? "rose" : "fell", p0, u, pm, lv, p1, p2,
                    per > 1 ? " a " : "", per > 1 ? u : "", model);
        else
            fprintf(f, "%s shows no clear trend: %s%s a %s%s (%d%% CI %s to %s%s%s; %s model).\n",
                    r->metric, g->change_pct >= 0 ? "+" : "-", p0, u, pm, lv, p1, p2,
                    per > 1 ? " a " : "", per > 1 ? u : "", model);
        /* a spline a little below it by AIC (within 2) fits about as well:
         * the one rate is given, and the comparison said */
        const incstat_trend_smooth *sm = &r->smooth;
        if ((r->methods & INCSTAT_TREND_SMOOTH) && sm->status == INCSTAT_OK && sm->df > 1 &&
            r->negbin.status == INCSTAT_OK && sm->aic < r->negbin.aic) {
            num(a, sizeof a, sm->aic);
            num(b, sizeof b, r->negbin.aic);
            num(c, sizeof c, r->negbin.aic - sm->aic);
            fprintf(f, "A spline smooth fits about as well (AIC %s against %s, a difference of %s: "
                       "too small to separate them), so the single rate above is given.\n",
                    a, b, c);
        }
    } else if ((r->methods & INCSTAT_TREND_OLS) && r->ols.status == INCSTAT_OK) {
        num(a, sizeof a, fabs(r->ols.slope));
        num(b, sizeof b, r->ols.slope_ci[0]);
        num(c, sizeof c, r->ols.slope_ci[1]);
        if (per > 1)
            fprintf(f, "%s a %s changed by about %s%s a %s (%d%% CI %s to %s; least squares).\n",
                    r->metric, rows, r->ols.slope >= 0 ? "+" : "-", a, u, lv, b, c);
        else
            fprintf(f, "%s changed by about %s%s a %s (%d%% CI %s to %s; least squares).\n",
                    r->metric, r->ols.slope >= 0 ? "+" : "-", a, u, lv, b, c);
    }
    if ((r->methods & INCSTAT_TREND_MANN_KENDALL) && r->mk.status == INCSTAT_OK) {
        const incstat_trend_mk *m = &r->mk;
        num(a, sizeof a, m->p_value);
        if (m->p_value < 0.05)
            fprintf(f, "The Mann-Kendall test finds a monotonic %s trend (p = %s).\n",
                    m->s > 0 ? "upward" : "downward", a);
        else
            fprintf(f, "The Mann-Kendall test finds no monotonic trend (p = %s).\n", a);
    }
    if ((r->methods & INCSTAT_TREND_CHANGEPOINTS) && r->cp.segments) {
        const incstat_trend_changepoints *cp = &r->cp;
        if (cp->n_segments == 1) {
            fputs("No change in level was found.", f);
        } else {
            char lu[64];
            level_unit(lu, sizeof lu, r, rows);
            fputs(cp->cost_kind == INCSTAT_TREND_CP_NEGBIN
                      ? "Allowing for how widely such counts vary, the level changed in"
                      : "The level changed in", f);
            for (size_t i = 1; i < cp->n_segments; i++) {
                num(a, sizeof a, cp->segments[i - 1].mean);
                num(b, sizeof b, cp->segments[i].mean);
                fprintf(f, "%s %s (from %s to %s%s)",
                        i == 1 ? "" : i + 1 == cp->n_segments ? " and" : ",",
                        trend_period(p1, sizeof p1, cp->segments[i].year_start, per), a, b, lu);
            }
            fputs(".", f);
        }
        char why[1024];
        if (incstat_trend_reconcile(r, why, sizeof why, NULL) == INCSTAT_OK && why[0])
            fprintf(f, " %s.", why);
        fputs("\n", f);
    }
    if (ferror(f))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "trend text: write failed");
    return INCSTAT_OK;
}

/* ---- notes after the text ------------------------------------------- */

incstat_status incstat_trend_write_notes(const incstat_trend_result *r,
                                         incstat_trend_cp_cost asked_cost, const double *ma,
                                         const char *const *labels, size_t n, size_t window,
                                         FILE *f, incstat_error *err)
{
    if (!r || !f || (ma && n && !labels))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend notes: NULL argument");
    /* the Poisson cost takes every wobble of an overdispersed series for a
     * change in level: say how to ask for fewer */
    if (r->cp.status == INCSTAT_OK && r->poisson.status == INCSTAT_OK &&
        r->cp.cost_kind == INCSTAT_TREND_CP_POISSON && asked_cost == INCSTAT_TREND_CP_POISSON &&
        r->poisson.dispersion > 10 && r->cp.n_segments > 1 + r->n_used / 4)
        fprintf(f, "\nThe counts vary far more than a Poisson process would (dispersion %.0f), so "
                   "the Poisson-cost change points include ordinary year-to-year swings; the "
                   "default --changepoint-cost negbin allows for that.\n",
                r->poisson.dispersion);
    if (ma) {
        fprintf(f, "\nMoving average over %zu %ss (centred):\n", window, r->unit ? r->unit : "period");
        for (size_t i = 0; i < n; i++) {
            if (isnan(ma[i]))
                continue;
            char g[64];
            incstat_grouped_(g, sizeof g, floor(ma[i] * 10 + 0.5) / 10, 0);
            fprintf(f, "  %s  %s\n", labels[i], g);
        }
    }
    if (ferror(f))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "trend notes: write failed");
    return INCSTAT_OK;
}
