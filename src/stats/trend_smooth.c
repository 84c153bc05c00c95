/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_smooth.c: the smooth trend, a negative binomial GLM on a
 * natural cubic spline of x, the same fit as R's
 * MASS::glm.nb(y ~ splines::ns(x, df = k)) (see include/incstat/trend.h).
 *
 * The spline basis is built as splines::ns builds it: cubic B-splines on the
 * knots (x1 x4, interior knots at quantiles, xm x4), the first column
 * dropped (intercept = FALSE), then projected by the QR of the second
 * derivatives at the two boundary knots onto the functions whose second
 * derivative is 0 there.  The fitted values, the band, the deviance and the
 * AIC depend only on the space the columns span, so they equal R's; the
 * coefficients are not reported.  The fit itself is trend_glm.c's IRLS and
 * theta alternation (Poisson start as glm.nb's).  GSL's QR gets views of
 * our own buffers (no allocation inside GSL, no path to its handler). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "stats/trend_internal.h"
#include "core/internal.h"

#define MAX_KNOTS (INCSTAT_TREND_SMOOTH_MAX_DF - 1 + 8)
#define MAX_B (MAX_KNOTS - 4)

/* The knot sequence and the null space of the boundary constraints. */
typedef struct {
    double t[MAX_KNOTS];
    size_t nt;                 /* nIknots + 8 */
    size_t nb;                 /* B-splines: nt - 4 */
    size_t df;                 /* columns of the natural basis: nb - 3 */
    double qr[MAX_B * 2];      /* QR of t(const) (nb - 1) x 2, GSL's packed form */
    double tau[2];
    int span;                  /* index j of the last interval with t[j] < t[j + 1] */
} ns_basis;

/* B-spline i of order k (degree k - 1), its deriv-th derivative at x, on
 * knots t; the order-1 splines are 1 on interval `iv` only (right-closed at
 * the last knot, as splineDesign evaluates there). */
static double bspl(const double *t, size_t i, int k, int deriv, double x, size_t iv)
{
    if (k == 1)
        return deriv == 0 && i == iv ? 1 : 0;
    double a = 0, b = 0, d1 = t[i + k - 1] - t[i], d2 = t[i + k] - t[i + 1];
    if (deriv > 0) {
        if (d1 > 0)
            a = (k - 1) * bspl(t, i, k - 1, deriv - 1, x, iv) / d1;
        if (d2 > 0)
            b = (k - 1) * bspl(t, i + 1, k - 1, deriv - 1, x, iv) / d2;
        return a - b;
    }
    if (d1 > 0)
        a = (x - t[i]) / d1 * bspl(t, i, k - 1, 0, x, iv);
    if (d2 > 0)
        b = (t[i + k] - x) / d2 * bspl(t, i + 1, k - 1, 0, x, iv);
    return a + b;
}

static size_t interval(const ns_basis *ns, double x)
{
    size_t iv = 3;
    for (size_t j = 3; j + 1 < ns->nt; j++)
        if (ns->t[j] < ns->t[j + 1] && x >= ns->t[j])
            iv = j;
    return iv;
}

/* quantile(x, p, type = 7) of sorted x[0..m). */
static double quantile7(const double *x, size_t m, double p)
{
    double h = (double)(m - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= m)
        return x[m - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* The basis for df columns on the used x (m >= 2, increasing).
 * Returns 0, or -1 when the constraint matrix is degenerate. */
static int ns_setup(ns_basis *ns, const double *x, size_t m, size_t df)
{
    size_t nik = df - 1, k = 0;
    for (int r = 0; r < 4; r++)
        ns->t[k++] = x[0];
    for (size_t j = 1; j <= nik; j++)
        ns->t[k++] = quantile7(x, m, (double)j / (double)(nik + 1));
    for (int r = 0; r < 4; r++)
        ns->t[k++] = x[m - 1];
    ns->nt = k;
    ns->nb = k - 4;
    ns->df = df;
    /* t(const) without its first row (intercept = FALSE): (nb - 1) x 2 */
    size_t rows_ = ns->nb - 1;
    double ends[2] = {x[0], x[m - 1]};
    for (int c = 0; c < 2; c++) {
        size_t iv = interval(ns, ends[c]);
        for (size_t i = 1; i < ns->nb; i++)
            ns->qr[(i - 1) * 2 + c] = bspl(ns->t, i, 4, 2, ends[c], iv);
    }
    gsl_matrix_view A = gsl_matrix_view_array(ns->qr, rows_, 2);
    gsl_vector_view T = gsl_vector_view_array(ns->tau, 2);
    /* rows_ = df + 2 >= 3 > 2 and tau has 2 entries: the sizes GSL checks */
    if (gsl_linalg_QR_decomp(&A.matrix, &T.vector) != GSL_SUCCESS)
        return -1;
    return 0;
}

/* The df natural-spline values at x (inside the boundary knots) into out. */
static void ns_eval(const ns_basis *ns, double x, double *out)
{
    double b[MAX_B];
    size_t iv = interval(ns, x);
    for (size_t i = 1; i < ns->nb; i++)
        b[i - 1] = bspl(ns->t, i, 4, 0, x, iv);
    /* qr.qty(qr.const, t(basis)): Q' b, then drop the first two entries */
    gsl_matrix_const_view A = gsl_matrix_const_view_array(ns->qr, ns->nb - 1, 2);
    gsl_vector_const_view T = gsl_vector_const_view_array(ns->tau, 2);
    gsl_vector_view B = gsl_vector_view_array(b, ns->nb - 1);
    gsl_linalg_QR_QTvec(&A.matrix, &T.vector, &B.vector);
    memcpy(out, b + 2, ns->df * sizeof *out);
}

/* One smooth with df columns: a converged fit in f, eta, mu (m each), theta.
 * Returns 0, or -1 when it does not converge or is singular. */
static int fit_df(const trend_rows *d, size_t df, ns_basis *ns, double *X, double *eta,
                  double *mu, double *work, trend_glm_fit *f, double *theta, double *loglik)
{
    size_t p = df + 1;
    if (ns_setup(ns, d->x, d->m, df) != 0)
        return -1;
    for (size_t i = 0; i < d->m; i++) {
        X[i * p] = 1;
        ns_eval(ns, d->x[i], X + i * p + 1);
    }
    trend_design des = {X, p};
    if (trend_irls(d, &des, INFINITY, 1, eta, mu, work, f) != INCSTAT_OK)
        return -1;
    const char *why;
    int alt;
    int r = trend_nb_fit(d, &des, eta, mu, work, f, theta, &alt, &why);
    if (r < 0)
        return -1;
    if (r == 1) {
        /* not overdispersed: the Poisson GLM on the spline (refit, since the
         * alternation may have moved eta) */
        if (trend_irls(d, &des, INFINITY, 1, eta, mu, work, f) != INCSTAT_OK)
            return -1;
        *theta = INFINITY;
        *loglik = trend_pois_loglik(d, mu);
    } else {
        *loglik = trend_nb_loglik(d, mu, *theta);
    }
    return isfinite(*loglik) ? 0 : -1;
}

static void band(const trend_rows *d, const ns_basis *ns, const trend_glm_fit *f, double level,
                 const double *x_all, const double *exposure, size_t n, incstat_trend_smooth *s)
{
    double z = trend_conf_z(level), row[TREND_MAXP];
    size_t p = ns->df + 1;
    for (size_t i = 0; i < n; i++) {
        s->fitted[i] = s->lower[i] = s->upper[i] = NAN;
        if (!(x_all[i] >= d->x[0] && x_all[i] <= d->x[d->m - 1]))
            continue;
        double off = 0;
        if (exposure) {
            if (!(isfinite(exposure[i]) && exposure[i] > 0))
                continue;
            off = log(exposure[i]);
        }
        row[0] = 1;
        ns_eval(ns, x_all[i], row + 1);
        double eta = off, var = 0;
        for (size_t j = 0; j < p; j++)
            eta += row[j] * f->coef[j];
        for (size_t j = 0; j < p; j++)
            for (size_t k = 0; k < p; k++)
                var += row[j] * f->cov[j * p + k] * row[k];
        double se = sqrt(fmax(0, var));
        s->fitted[i] = exp(eta);
        s->lower[i] = exp(eta - z * se);
        s->upper[i] = exp(eta + z * se);
    }
}

incstat_status trend_fit_smooth(const trend_rows *d, const incstat_trend_options *o,
                                double level, const double *x_all, const double *exposure,
                                size_t n, const incstat_trend_glm *negbin,
                                incstat_trend_smooth *s)
{
    size_t m = d->m;
    size_t lo = o->smooth_df ? o->smooth_df : 1;
    size_t hi = o->smooth_df ? o->smooth_df : (m / 4 < 6 ? m / 4 : 6);
    if (hi < 1)
        hi = 1;
    s->auto_df = o->smooth_df == 0;
    s->max_df = (unsigned)hi;
    double sum = 0;
    for (size_t i = 0; i < m; i++)
        sum += d->y[i];
    if (sum == 0) {
        s->status = INCSTAT_EDOMAIN;
        s->note = "all counts are zero: no smooth";
        return INCSTAT_OK;
    }
    if (negbin->status == INCSTAT_EDOMAIN) {
        /* all counts in the first or last period: the log-linear fit has no
         * finite estimate, and a spline has none either (its IRLS only
         * creeps towards means of 0 elsewhere) */
        s->status = INCSTAT_EDOMAIN;
        s->note = negbin->note;
        return INCSTAT_OK;
    }
    if (m < hi + 2) {
        s->status = INCSTAT_EDOMAIN;
        s->note = "too few periods for a smooth with this many degrees of freedom";
        return INCSTAT_OK;
    }
    size_t pmax = hi + 1;
    double *buf = incstat_malloc((m * pmax + 2 * m + trend_irls_work(m, pmax)) * sizeof *buf);
    if (!buf)
        return INCSTAT_ENOMEM;
    double *X = buf, *eta = X + m * pmax, *mu = eta + m, *work = mu + m;
    ns_basis ns;
    trend_glm_fit f;
    size_t best = 0;
    for (size_t k = lo; k <= hi; k++) {
        double theta, ll;
        if (fit_df(d, k, &ns, X, eta, mu, work, &f, &theta, &ll) != 0)
            continue;
        /* R's AIC(glm.nb): -2 loglik + 2 (rank + 1) */
        s->aic_by_df[k] = -2 * ll + 2 * (double)(k + 2);
        if (!best || s->aic_by_df[k] < s->aic_by_df[best])
            best = k;
    }
    incstat_status st = INCSTAT_OK;
    if (!best) {
        s->status = INCSTAT_ENOCONV;
        s->note = o->smooth_df ? "the spline fit did not converge: the log-linear trend stands"
                               : "no spline fit converged: the log-linear trend stands";
        goto done;
    }
    double theta, ll;
    fit_df(d, best, &ns, X, eta, mu, work, &f, &theta, &ll);
    s->fitted = incstat_malloc(n * sizeof *s->fitted);
    s->lower = incstat_malloc(n * sizeof *s->lower);
    s->upper = incstat_malloc(n * sizeof *s->upper);
    if (!s->fitted || !s->lower || !s->upper) {
        st = INCSTAT_ENOMEM;
        goto done;
    }
    band(d, &ns, &f, level, x_all, exposure, n, s);
    s->status = INCSTAT_OK;
    s->note = isinf(theta) ? "not overdispersed: the Poisson GLM on the spline" : NULL;
    s->df = (unsigned)best;
    s->theta = theta;
    s->theta_infinite = isinf(theta);
    s->loglik = ll;
    s->aic = s->aic_by_df[best];
    s->deviance = f.dev;
    /* leads only when it fits better by more than 2 (Burnham and Anderson
     * 2002, p. 70): below that the two fit about as well, and the simpler
     * log-linear trend, one rate, is the one to state */
    s->better_than_loglinear = best > 1 && (negbin->status != INCSTAT_OK ||
                                            !(negbin->aic <= s->aic + 2));
done:
    incstat_free_mem(buf);
    return st;
}
