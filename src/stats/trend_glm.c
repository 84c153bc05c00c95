/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_glm.c: log-link count models fitted by IRLS on any design
 * (the log-linear trends here, the spline smooth in trend_smooth.c), the
 * Poisson and negative binomial log-linear trends, and MASS's theta
 * machinery (see include/incstat/trend.h).
 *
 * GSL's error handler is never reached (see trend.c): the QR calls get
 * views of our own buffers with matching sizes, and psi/trigamma/lngamma get
 * finite arguments > 0.
 *
 * The log-linear models are fitted on centred x for stability; the
 * coefficient on x is unchanged and the intercept is moved back to x = 0,
 * as R reports it. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_vector.h>

#include "stats/trend_internal.h"

#define IRLS_MAXIT 100
#define IRLS_EPS 1e-12      /* relative deviance change (glm.control's test; R's default is
                               1e-8, tighter here so results do not depend on the start) */
#define NB_MAXIT 500        /* alternations between beta and theta */
#define THETA_MAX 1e6       /* above this theta the NB is reported as Poisson */
#define THETA_MIN 1e-10

double trend_conf_z(double level)
{
    return gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
}

void trend_glm_set_nan(incstat_trend_glm *g)
{
    double *keep[3] = {g->fitted, g->lower, g->upper};
    incstat_status st = g->status;
    const char *note = g->note;
    memset(g, 0, sizeof *g);
    g->status = st;
    g->note = note;
    g->coef = g->se = g->z = g->p_value = g->intercept = g->intercept_se = NAN;
    g->change_pct = g->ci_pct[0] = g->ci_pct[1] = NAN;
    g->deviance = g->null_deviance = g->df_residual = g->pearson_chi2 = g->dispersion = NAN;
    g->quasi_se = g->quasi_ci_pct[0] = g->quasi_ci_pct[1] = NAN;
    g->theta = g->theta_se = g->loglik = g->aic = NAN;
    g->fitted = keep[0];
    g->lower = keep[1];
    g->upper = keep[2];
}

/* ---- IRLS --------------------------------------------------------------- */

size_t trend_irls_work(size_t m, size_t p)
{
    return 2 * m + m * p + m + p;
}

/* Weighted least squares on sqrt(w) X by Householder QR (as glm.fit, through
 * GSL): coef = the solution for the working response z (skipped when coef
 * is NULL), cov = (X'WX)^-1.  work: m p + m + p doubles.  Returns 0, or -1
 * if the design is singular: a diagonal of R below 1e-11 of its column's
 * norm, the test of R's dqrdc2 (glm.fit's tol = 1e-11). */
static int wls_qr(const trend_rows *d, const trend_design *X, const double *w, const double *z,
                  double *work, double *coef, double *cov)
{
    size_t m = d->m, p = X->p;
    double *a = work, *rhs = work + m * p, *tau = work + m * p + m;
    double norm[TREND_MAXP] = {0};
    for (size_t i = 0; i < m; i++) {
        double s = sqrt(w[i]);
        for (size_t j = 0; j < p; j++) {
            a[i * p + j] = s * X->X[i * p + j];
            norm[j] += a[i * p + j] * a[i * p + j];
        }
        rhs[i] = z ? s * z[i] : 0;
    }
    gsl_matrix_view A = gsl_matrix_view_array(a, m, p);
    gsl_vector_view T = gsl_vector_view_array(tau, p);
    /* m > p and tau has p entries, which is all these check: no path to
     * GSL's error handler */
    if (gsl_linalg_QR_decomp(&A.matrix, &T.vector) != GSL_SUCCESS)
        return -1;
    for (size_t j = 0; j < p; j++) {
        double r = fabs(a[j * p + j]);
        if (!isfinite(r) || !(r > 1e-11 * sqrt(norm[j])) || r <= 1e-300)
            return -1;
    }
    if (coef) {
        gsl_vector_view B = gsl_vector_view_array(rhs, m);
        if (gsl_linalg_QR_QTvec(&A.matrix, &T.vector, &B.vector) != GSL_SUCCESS)
            return -1;
        for (size_t j = p; j-- > 0;) {
            double s = rhs[j];
            for (size_t k = j + 1; k < p; k++)
                s -= a[j * p + k] * coef[k];
            coef[j] = s / a[j * p + j];
        }
    }
    /* R^-1 (upper triangular) into the upper triangle of cov, then
     * (R'R)^-1 = R^-1 R^-T */
    double ri[TREND_MAXP * TREND_MAXP] = {0};
    for (size_t j = 0; j < p; j++) {
        ri[j * p + j] = 1 / a[j * p + j];
        for (size_t i = j; i-- > 0;) {
            double s = 0;
            for (size_t k = i + 1; k <= j; k++)
                s += a[i * p + k] * ri[k * p + j];
            ri[i * p + j] = -s / a[i * p + i];
        }
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t k = i > j ? i : j; k < p; k++)
                s += ri[i * p + k] * ri[j * p + k];
            cov[i * p + j] = s;
        }
    return 0;
}

/* Deviance for mu; theta = INFINITY for Poisson (MASS's negative.binomial
 * dev.resids otherwise, including its pmax(1, y)). */
static double deviance(const trend_rows *d, const double *mu, double theta)
{
    double dev = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        if (isinf(theta)) {
            dev += 2 * ((y > 0 ? y * log(y / u) : 0) - (y - u));
        } else {
            dev += 2 * (y * log(fmax(1, y) / u) - (y + theta) * log((y + theta) / (u + theta)));
        }
    }
    return dev;
}

static void linear_predictor(const trend_rows *d, const trend_design *X, const double *coef,
                             double *eta)
{
    for (size_t i = 0; i < d->m; i++) {
        double s = d->off[i];
        for (size_t j = 0; j < X->p; j++)
            s += X->X[i * X->p + j] * coef[j];
        eta[i] = s;
    }
}

incstat_status trend_irls(const trend_rows *d, const trend_design *X, double theta,
                          int start_from_y, double *eta, double *mu, double *work,
                          trend_glm_fit *f)
{
    size_t m = d->m, p = X->p;
    double *w = work, *z = work + m, *qr = work + 2 * m;
    double coef[TREND_MAXP], old[TREND_MAXP];
    double devold = INFINITY;
    int have_old = 0;
    if (start_from_y) {
        /* R's poisson()$initialize: mustart = y + 0.1 */
        for (size_t i = 0; i < m; i++)
            eta[i] = log(d->y[i] + 0.1);
    }
    for (size_t i = 0; i < m; i++)
        mu[i] = exp(eta[i]);
    for (int it = 1; it <= IRLS_MAXIT; it++) {
        for (size_t i = 0; i < m; i++) {
            double u = mu[i];
            w[i] = isinf(theta) ? u : u * theta / (u + theta);
            z[i] = eta[i] - d->off[i] + (d->y[i] - u) / u;
        }
        if (wls_qr(d, X, w, z, qr, coef, f->cov) != 0)
            return INCSTAT_EDOMAIN;
        /* step halving if the deviance is not finite or grows (glm.fit halves
         * only on non-finite deviance; both reach the same maximum) */
        double dev = NAN;
        for (int half = 0; half < 60; half++) {
            int ok = 1;
            linear_predictor(d, X, coef, eta);
            for (size_t i = 0; i < m && ok; i++) {
                mu[i] = exp(eta[i]);
                ok = isfinite(mu[i]) && mu[i] > 0;
            }
            dev = ok ? deviance(d, mu, theta) : NAN;
            if (isfinite(dev) && (it == 1 || !have_old || dev <= devold * (1 + 1e-12) + 1e-12))
                break;
            if (!have_old)
                return INCSTAT_ENOCONV;
            for (size_t j = 0; j < p; j++)
                coef[j] = (coef[j] + old[j]) / 2;
        }
        if (!isfinite(dev))
            return INCSTAT_ENOCONV;
        memcpy(old, coef, p * sizeof *coef);
        have_old = 1;
        f->iter = it;
        if (fabs(dev - devold) / (fabs(dev) + 0.1) < IRLS_EPS) {
            memcpy(f->coef, coef, p * sizeof *coef);
            f->dev = dev;
            /* covariance with the weights of the converged fit (R's summary
             * uses the previous iterate's; they agree to ~1e-8) */
            for (size_t i = 0; i < m; i++)
                w[i] = isinf(theta) ? mu[i] : mu[i] * theta / (mu[i] + theta);
            if (wls_qr(d, X, w, NULL, qr, NULL, f->cov) != 0)
                return INCSTAT_EDOMAIN;
            return INCSTAT_OK;
        }
        devold = dev;
    }
    return INCSTAT_ENOCONV;
}

/* ---- theta ------------------------------------------------------------- */

/* MASS theta.ml's score, written as psi(t + y) - psi(t) - log1p(mu / t) +
 * (mu - y) / (mu + t), which loses less to cancellation for large t. */
double trend_nb_score(const trend_rows *d, const double *mu, double t)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += gsl_sf_psi(t + y) - gsl_sf_psi(t) - log1p(u / t) + (u - y) / (u + t);
    }
    return s;
}

double trend_nb_info(const trend_rows *d, const double *mu, double t)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += -gsl_sf_psi_1(t + y) + gsl_sf_psi_1(t) - 1 / t + 2 / (u + t) -
             (y + t) / trend_sqr(u + t);
    }
    return s;
}

/* glm.nb's loglik (twologlik / 2). */
double trend_nb_loglik(const trend_rows *d, const double *mu, double t)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += gsl_sf_lngamma(t + y) - gsl_sf_lngamma(t) - gsl_sf_lngamma(y + 1) + t * log(t) +
             y * log(u + (y == 0)) - (t + y) * log(t + u);
    }
    return s;
}

/* R's poisson()$aic / -2 (dpois with lgamma for non-integer y). */
double trend_pois_loglik(const trend_rows *d, const double *mu)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += (y > 0 ? y * log(u) : 0) - u - gsl_sf_lngamma(y + 1);
    }
    return s;
}

/* ML theta for fixed mu: root of the score in log theta, bracketed and then
 * Newton steps kept inside the bracket (MASS's plain Newton from the moment
 * estimate can leave for infinity on strongly overdispersed series). */
int trend_theta_ml(const trend_rows *d, const double *mu, double start, double *theta)
{
    double lo, hi, t;
    if (!(start > 0) || !isfinite(start))
        start = 1;
    t = log(fmin(fmax(start, THETA_MIN * 10), THETA_MAX / 10));
    if (trend_nb_score(d, mu, exp(t)) > 0) {
        /* the score is +inf at theta -> 0 when some y > 0: look upwards */
        lo = t;
        for (double step = 1;; step *= 2) {
            hi = fmin(lo + step, log(THETA_MAX));
            if (trend_nb_score(d, mu, exp(hi)) <= 0)
                break;
            if (hi >= log(THETA_MAX))
                return 1;
            lo = hi;
        }
    } else {
        hi = t;
        for (double step = 1;; step *= 2) {
            lo = fmax(hi - step, log(THETA_MIN));
            if (trend_nb_score(d, mu, exp(lo)) > 0)
                break;
            if (lo <= log(THETA_MIN))
                return -1;
            hi = lo;
        }
    }
    /* lo: score > 0, hi: score <= 0; Newton in log theta, bisection when a
     * step leaves the bracket */
    t = (lo + hi) / 2;
    for (int it = 0; it < 300; it++) {
        double th = exp(t), s = trend_nb_score(d, mu, th);
        if (s > 0)
            lo = t;
        else
            hi = t;
        double info = trend_nb_info(d, mu, th);
        double tn = (info > 0 && isfinite(info)) ? t + s / (info * th) : NAN;
        if (!(tn > lo && tn < hi))
            tn = (lo + hi) / 2;
        if (fabs(tn - t) <= 1e-15 * fmax(1, fabs(t)) || hi - lo <= 1e-15 * fmax(1, fabs(t))) {
            *theta = exp(tn);
            return 0;
        }
        t = tn;
    }
    *theta = exp(t);
    return 0;
}

int trend_nb_fit(const trend_rows *d, const trend_design *X, double *eta, double *mu,
                 double *work, trend_glm_fit *f, double *theta_out, int *alternations,
                 const char **why)
{
    /* score test for overdispersion at the Poisson fit: with
     * sum((y - mu)^2 - y) <= 0 the NB likelihood rises towards theta = inf */
    double over = 0, moment = 0;
    for (size_t i = 0; i < d->m; i++) {
        over += trend_sqr(d->y[i] - mu[i]) - d->y[i];
        moment += trend_sqr(d->y[i] / mu[i] - 1);
    }
    double theta = NAN;
    int r = over > 0 ? trend_theta_ml(d, mu, (double)d->m / moment, &theta) : 1;
    int it = 0;
    *why = NULL;
    if (r == 1)
        return 1; /* eta, mu and f are still the Poisson fit */
    while (r == 0) {
        /* from the previous fit.  An intermediate theta can be far off (a
         * spline's Poisson fit puts means near 0 next to large counts, and
         * the first theta is then tiny): IRLS may only creep towards means
         * of 0 there, so a fit that ran out of iterations is still a step
         * for the next theta; only the last fit must converge. */
        incstat_status st = trend_irls(d, X, theta, 0, eta, mu, work, f);
        int usable = st != INCSTAT_EDOMAIN;
        for (size_t i = 0; i < d->m && usable; i++)
            usable = isfinite(mu[i]) && mu[i] > 0;
        if (!usable) {
            /* the warm start overshot (a tiny first theta): from the data */
            st = trend_irls(d, X, theta, 1, eta, mu, work, f);
            usable = st != INCSTAT_EDOMAIN;
            for (size_t i = 0; i < d->m && usable; i++)
                usable = isfinite(mu[i]) && mu[i] > 0;
        }
        if (!usable) {
            *why = st == INCSTAT_EDOMAIN ? "negative binomial fit is singular"
                                         : "negative binomial IRLS did not converge";
            return -1;
        }
        double t2;
        r = trend_theta_ml(d, mu, theta, &t2);
        if (r != 0)
            break;
        int done = fabs(log(t2 / theta)) < 1e-12;
        theta = t2;
        if (done || ++it >= NB_MAXIT)
            break;
    }
    if (r < 0 || it >= NB_MAXIT) {
        *why = "negative binomial: theta did not converge";
        return -1;
    }
    if (r == 1) {
        /* theta ran away during the alternation: not overdispersed after all */
        return 1;
    }
    if (trend_irls(d, X, theta, 0, eta, mu, work, f) != INCSTAT_OK) {
        *why = "negative binomial IRLS did not converge";
        return -1;
    }
    *theta_out = theta;
    *alternations = it + 1;
    return 0;
}

/* ---- the log-linear trends ------------------------------------------- */

static void loglinear_design(const trend_rows *d, double *X, trend_design *des)
{
    for (size_t i = 0; i < d->m; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = d->x[i] - d->xbar;
    }
    des->X = X;
    des->p = 2;
}

/* Estimates, intervals and band shared by both count models. */
static void glm_report(const trend_rows *d, const trend_glm_fit *f, double level,
                       const double *x_all, const double *exposure, size_t n,
                       incstat_trend_glm *g)
{
    double z = trend_conf_z(level);
    double a = f->coef[0], b = f->coef[1], v00 = f->cov[0], v01 = f->cov[1], v11 = f->cov[3];
    g->status = INCSTAT_OK;
    g->coef = b;
    g->se = sqrt(v11);
    g->z = g->coef / g->se;
    g->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(g->z));
    g->intercept = a - b * d->xbar;
    g->intercept_se = sqrt(fmax(0, v00 - 2 * d->xbar * v01 + d->xbar * d->xbar * v11));
    g->change_pct = 100 * expm1(g->coef);
    g->ci_pct[0] = 100 * expm1(g->coef - z * g->se);
    g->ci_pct[1] = 100 * expm1(g->coef + z * g->se);
    g->deviance = f->dev;
    g->df_residual = (double)(d->m - 2);
    g->iterations = f->iter;
    for (size_t i = 0; i < n; i++) {
        double off = 0;
        if (exposure)
            off = isfinite(exposure[i]) && exposure[i] > 0 ? log(exposure[i]) : NAN;
        double dx = x_all[i] - d->xbar;
        double eta = a + b * dx + off;
        double se = sqrt(fmax(0, v00 + 2 * dx * v01 + dx * dx * v11));
        g->fitted[i] = exp(eta);
        g->lower[i] = exp(eta - z * se);
        g->upper[i] = exp(eta + z * se);
    }
}

/* Whether the log-linear MLE exists: some count > 0 away from the first
 * row and some away from the last (otherwise the slope runs to +/-inf). */
static const char *glm_undefined(const trend_rows *d)
{
    int early = 0, late = 0;
    double sum = 0;
    for (size_t i = 0; i < d->m; i++) {
        sum += d->y[i];
        if (d->y[i] > 0 && i + 1 < d->m)
            early = 1;
        if (d->y[i] > 0 && i > 0)
            late = 1;
    }
    if (sum == 0)
        return "all counts are zero: the log-linear trend has no finite estimate";
    if (!early)
        return "all counts fall in the last period: the log-linear trend is +infinite";
    if (!late)
        return "all counts fall in the first period: the log-linear trend is -infinite";
    return NULL;
}

void trend_fit_poisson(const trend_rows *d, double level, const double *x_all,
                       const double *exposure, size_t n, double *design, double *eta, double *mu,
                       double *work, incstat_trend_glm *g)
{
    trend_glm_fit f;
    trend_design des;
    const char *why = glm_undefined(d);
    if (why) {
        g->status = INCSTAT_EDOMAIN;
        g->note = why;
        trend_glm_set_nan(g);
        return;
    }
    loglinear_design(d, design, &des);
    incstat_status st = trend_irls(d, &des, INFINITY, 1, eta, mu, work, &f);
    if (st != INCSTAT_OK) {
        g->status = st;
        g->note = st == INCSTAT_ENOCONV ? "Poisson IRLS did not converge"
                                        : "Poisson fit is singular";
        trend_glm_set_nan(g);
        return;
    }
    glm_report(d, &f, level, x_all, exposure, n, g);
    double pearson = 0, sy = 0, se_ = 0, nulldev = 0;
    for (size_t i = 0; i < d->m; i++) {
        pearson += trend_sqr(d->y[i] - mu[i]) / mu[i];
        sy += d->y[i];
        se_ += d->e[i];
    }
    /* intercept-only Poisson with offset: mu_i = e_i sum(y) / sum(e) */
    for (size_t i = 0; i < d->m; i++) {
        double u = d->e[i] * sy / se_, y = d->y[i];
        nulldev += 2 * ((y > 0 ? y * log(y / u) : 0) - (y - u));
    }
    g->null_deviance = nulldev;
    g->pearson_chi2 = pearson;
    g->dispersion = pearson / g->df_residual;
    double z = trend_conf_z(level);
    g->quasi_se = g->se * sqrt(g->dispersion);
    g->quasi_ci_pct[0] = 100 * expm1(g->coef - z * g->quasi_se);
    g->quasi_ci_pct[1] = 100 * expm1(g->coef + z * g->quasi_se);
    g->theta = g->theta_se = g->loglik = NAN;
    g->aic = -2 * trend_pois_loglik(d, mu) + 2 * 2;
    g->theta_infinite = 0;
}

void trend_fit_negbin(const trend_rows *d, double level, const double *x_all,
                      const double *exposure, size_t n, const incstat_trend_glm *pois,
                      double *design, double *eta, double *mu, double *work,
                      incstat_trend_glm *g)
{
    /* eta and mu hold the Poisson fit */
    if (pois->status != INCSTAT_OK) {
        g->status = pois->status;
        g->note = pois->note;
        trend_glm_set_nan(g);
        return;
    }
    trend_design des;
    loglinear_design(d, design, &des);
    trend_glm_fit f;
    double theta = NAN;
    int alt = 0;
    const char *why;
    int r = trend_nb_fit(d, &des, eta, mu, work, &f, &theta, &alt, &why);
    if (r < 0) {
        g->status = INCSTAT_ENOCONV;
        g->note = why;
        trend_glm_set_nan(g);
        return;
    }
    if (r == 1) {
        /* not overdispersed: the Poisson fit is the limit */
        double *keep[3] = {g->fitted, g->lower, g->upper};
        *g = *pois;
        g->fitted = keep[0];
        g->lower = keep[1];
        g->upper = keep[2];
        memcpy(g->fitted, pois->fitted, n * sizeof *g->fitted);
        memcpy(g->lower, pois->lower, n * sizeof *g->lower);
        memcpy(g->upper, pois->upper, n * sizeof *g->upper);
        g->quasi_se = g->quasi_ci_pct[0] = g->quasi_ci_pct[1] = NAN;
        g->null_deviance = NAN;
        g->theta = INFINITY;
        g->theta_se = NAN;
        g->theta_infinite = 1;
        g->loglik = NAN;
        /* glm.nb's AIC at a huge theta: Poisson's plus 2 for theta */
        g->aic = pois->aic + 2;
        g->note = "not overdispersed: theta is infinite and the estimates are Poisson's";
        return;
    }
    f.iter = alt;
    glm_report(d, &f, level, x_all, exposure, n, g);
    double pearson = 0;
    for (size_t i = 0; i < d->m; i++)
        pearson += trend_sqr(d->y[i] - mu[i]) / (mu[i] + mu[i] * mu[i] / theta);
    g->pearson_chi2 = pearson;
    g->dispersion = pearson / g->df_residual;
    g->null_deviance = NAN;
    g->quasi_se = g->quasi_ci_pct[0] = g->quasi_ci_pct[1] = NAN;
    g->theta = theta;
    double info = trend_nb_info(d, mu, theta);
    g->theta_se = info > 0 ? sqrt(1 / info) : NAN;
    g->theta_infinite = 0;
    g->loglik = trend_nb_loglik(d, mu, theta);
    g->aic = -2 * g->loglik + 2 * 3;
    g->note = info > 0 ? NULL : "theta's information is not positive: no standard error";
}
