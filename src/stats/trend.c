/* src/stats/trend.c: trend fits over a yearly series (see include/incstat/trend.h):
 * input checks, least squares, the Poisson and negative binomial log-linear
 * models, Mann-Kendall, Sen's slope, change points and moving averages.
 * The two-period comparison and the bootstrap are in trend_compare.c, the
 * writers in trend_write.c.
 *
 * GSL's error handler.  GSL reports errors through a process-wide handler
 * that aborts by default, and gsl_set_error_handler_off() would change that
 * for the whole program, so the library leaves the handler alone and instead
 * never reaches it: every GSL call below gets arguments it accepts (checked
 * before the call: sizes that match, probabilities inside (0, 1), degrees of
 * freedom >= 1, arguments of psi/trigamma/lngamma > 0 and finite), and
 * nothing that allocates inside GSL is used (matrices and vectors are views
 * of our own incstat_malloc'd buffers; no gsl_*_alloc), since GSL reports a
 * failed allocation through the handler too.  gsl_cdf_beta_Pinv is avoided
 * altogether (trend_compare.c says why).
 *
 * The count models are fitted on centred x for stability; the coefficient on
 * x is unchanged and the intercept is moved back to x = 0, as R reports it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_vector.h>

#include "incstat/trend.h"
#include "core/internal.h"

#define MAX_ROWS 10000000u
#define IRLS_MAXIT 100
#define IRLS_EPS 1e-12      /* relative deviance change (glm.control's test; R's default is
                               1e-8, tighter here so results do not depend on the start) */
#define NB_MAXIT 500        /* alternations between beta and theta */
#define THETA_MAX 1e6       /* above this theta the NB is reported as Poisson */
#define THETA_MIN 1e-10
#define MAX_ABS 1e15        /* |x|, |y| and exposures beyond this are refused */

/* The used rows, in x order. */
typedef struct {
    size_t m;
    double *x, *y, *off, *e, *v; /* x, count, log exposure, exposure, value (y or rate) */
    size_t *row;                 /* index into the caller's arrays */
    double xbar;
} rows;

/* One IRLS fit on centred x: eta = a + b (x - xbar) + off. */
typedef struct {
    double a, b;               /* a at x = xbar */
    double v00, v01, v11;      /* covariance of (a, b) */
    double dev;
    int iter;
} glm_fit;

/* ---- small helpers ---------------------------------------------------- */

static double sqr(double v)
{
    return v * v;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Median of v[0..n) (n >= 1); sorts v. */
static double median_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *dup_or(const char *s, const char *fallback)
{
    const char *t = s ? s : fallback;
    return incstat_strndup(t, strlen(t));
}

static double conf_z(double level)
{
    return gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
}

static void set_glm_nan(incstat_trend_glm *g)
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
    g->theta = g->theta_se = g->loglik = NAN;
    g->fitted = keep[0];
    g->lower = keep[1];
    g->upper = keep[2];
}

/* ---- least squares ---------------------------------------------------- */

static void fit_ols(const rows *d, double level, incstat_trend_ols *o)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    size_t m = d->m;
    /* m >= 3 and x strictly increasing: gsl_fit_linear has a non-zero Sxx */
    gsl_fit_linear(d->x, 1, d->v, 1, m, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    double mean = 0, sst = 0;
    for (size_t i = 0; i < m; i++)
        mean += d->v[i];
    mean /= (double)m;
    for (size_t i = 0; i < m; i++)
        sst += sqr(d->v[i] - mean);
    o->status = INCSTAT_OK;
    o->note = NULL;
    o->df = (double)(m - 2);
    o->slope = c1;
    o->intercept = c0;
    o->slope_se = sqrt(cov11);
    double t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, o->df);
    o->slope_ci[0] = c1 - t * o->slope_se;
    o->slope_ci[1] = c1 + t * o->slope_se;
    if (o->slope_se > 0)
        o->slope_p = 2 * gsl_cdf_tdist_Q(fabs(c1 / o->slope_se), o->df);
    else
        o->slope_p = c1 != 0 ? 0 : NAN;
    if (sst > 0) {
        o->r2 = 1 - sumsq / sst;
    } else {
        o->r2 = NAN;
        o->note = "constant series: R^2 is undefined";
    }
}

/* ---- IRLS for the log-linear models ----------------------------------- */

/* Weighted least squares on sqrt(w) [1, x - xbar] by Householder QR (as
 * glm.fit, through GSL): coef = the solution for the working response z
 * (skipped when coef is NULL), cov = (X'WX)^-1 as {v00, v01, v11}.
 * work: 3 m + 2 doubles.  Returns 0, or -1 if the design is singular. */
static int wls_qr(const rows *d, const double *w, const double *z, double *work, double *coef,
                  double cov[3])
{
    size_t m = d->m;
    double *a = work, *rhs = work + 2 * m, *tau = work + 3 * m;
    for (size_t i = 0; i < m; i++) {
        double s = sqrt(w[i]);
        a[2 * i] = s;
        a[2 * i + 1] = s * (d->x[i] - d->xbar);
        rhs[i] = z ? s * z[i] : 0;
    }
    gsl_matrix_view A = gsl_matrix_view_array(a, m, 2);
    gsl_vector_view T = gsl_vector_view_array(tau, 2);
    /* the sizes match (tau has min(m, 2) = 2 entries, m >= 3), which is all
     * these two check: no path to GSL's error handler */
    if (gsl_linalg_QR_decomp(&A.matrix, &T.vector) != GSL_SUCCESS)
        return -1;
    double r00 = a[0], r01 = a[1], r11 = a[3];
    if (!isfinite(r00) || !isfinite(r01) || !isfinite(r11) || fabs(r00) == 0 ||
        fabs(r11) <= 1e-300)
        return -1;
    if (coef) {
        gsl_vector_view B = gsl_vector_view_array(rhs, m);
        if (gsl_linalg_QR_QTvec(&A.matrix, &T.vector, &B.vector) != GSL_SUCCESS)
            return -1;
        /* back substitution with the 2 x 2 triangle R */
        coef[1] = rhs[1] / r11;
        coef[0] = (rhs[0] - r01 * coef[1]) / r00;
    }
    /* (R'R)^-1 = R^-1 R^-T with R^-1 = [1/r00, -r01/(r00 r11); 0, 1/r11] */
    double i00 = 1 / r00, i01 = -r01 / (r00 * r11), i11 = 1 / r11;
    cov[0] = i00 * i00 + i01 * i01;
    cov[1] = i01 * i11;
    cov[2] = i11 * i11;
    return 0;
}

/* Deviance for mu; theta = INFINITY for Poisson (MASS's negative.binomial
 * dev.resids otherwise, including its pmax(1, y)). */
static double deviance(const rows *d, const double *mu, double theta)
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

/* IRLS with log link.  eta (m) holds the start on entry (with start_from_y,
 * R's mustart = y + 0.1 is used instead) and the linear predictor on exit;
 * mu (m) the fitted means.  work: 5 m + 2 doubles.  Returns OK, ENOCONV or
 * EDOMAIN. */
static incstat_status irls(const rows *d, double theta, int start_from_y, double *eta, double *mu,
                           double *work, glm_fit *f)
{
    size_t m = d->m;
    double *w = work, *z = work + m, *qr = work + 2 * m; /* qr: 3 m + 2 */
    double coef[2], cov[3];
    double devold = INFINITY;
    if (start_from_y) {
        /* R's poisson()$initialize: mustart = y + 0.1 */
        for (size_t i = 0; i < m; i++)
            eta[i] = log(d->y[i] + 0.1);
    }
    for (size_t i = 0; i < m; i++)
        mu[i] = exp(eta[i]);
    double a_old = NAN, b_old = NAN;
    for (int it = 1; it <= IRLS_MAXIT; it++) {
        for (size_t i = 0; i < m; i++) {
            double u = mu[i];
            w[i] = isinf(theta) ? u : u * theta / (u + theta);
            z[i] = eta[i] - d->off[i] + (d->y[i] - u) / u;
        }
        if (wls_qr(d, w, z, qr, coef, cov) != 0)
            return INCSTAT_EDOMAIN;
        /* step halving if the deviance is not finite or grows (glm.fit halves
         * only on non-finite deviance; both reach the same maximum) */
        double dev = NAN;
        for (int half = 0; half < 60; half++) {
            int ok = 1;
            for (size_t i = 0; i < m && ok; i++) {
                eta[i] = coef[0] + coef[1] * (d->x[i] - d->xbar) + d->off[i];
                mu[i] = exp(eta[i]);
                ok = isfinite(mu[i]) && mu[i] > 0;
            }
            dev = ok ? deviance(d, mu, theta) : NAN;
            if (isfinite(dev) && (it == 1 || isnan(a_old) || dev <= devold * (1 + 1e-12) + 1e-12))
                break;
            if (isnan(a_old))
                return INCSTAT_ENOCONV;
            coef[0] = (coef[0] + a_old) / 2;
            coef[1] = (coef[1] + b_old) / 2;
        }
        if (!isfinite(dev))
            return INCSTAT_ENOCONV;
        a_old = coef[0];
        b_old = coef[1];
        f->iter = it;
        if (fabs(dev - devold) / (fabs(dev) + 0.1) < IRLS_EPS) {
            f->a = coef[0];
            f->b = coef[1];
            f->dev = dev;
            /* covariance with the weights of the converged fit (R's summary
             * uses the previous iterate's; they agree to ~1e-8) */
            for (size_t i = 0; i < m; i++)
                w[i] = isinf(theta) ? mu[i] : mu[i] * theta / (mu[i] + theta);
            if (wls_qr(d, w, NULL, qr, NULL, cov) != 0)
                return INCSTAT_EDOMAIN;
            f->v00 = cov[0];
            f->v01 = cov[1];
            f->v11 = cov[2];
            return INCSTAT_OK;
        }
        devold = dev;
    }
    return INCSTAT_ENOCONV;
}

/* Estimates, intervals and band shared by both count models. */
static void glm_report(const rows *d, const glm_fit *f, double level, const double *x_all,
                       const double *exposure, size_t n, incstat_trend_glm *g)
{
    double z = conf_z(level);
    g->status = INCSTAT_OK;
    g->coef = f->b;
    g->se = sqrt(f->v11);
    g->z = g->coef / g->se;
    g->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(g->z));
    g->intercept = f->a - f->b * d->xbar;
    g->intercept_se = sqrt(fmax(0, f->v00 - 2 * d->xbar * f->v01 + d->xbar * d->xbar * f->v11));
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
        double eta = f->a + f->b * dx + off;
        double se = sqrt(fmax(0, f->v00 + 2 * dx * f->v01 + dx * dx * f->v11));
        g->fitted[i] = exp(eta);
        g->lower[i] = exp(eta - z * se);
        g->upper[i] = exp(eta + z * se);
    }
}

/* Whether the log-linear MLE exists: some count > 0 away from the first
 * row and some away from the last (otherwise the slope runs to +/-inf). */
static const char *glm_undefined(const rows *d)
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

static incstat_status fit_poisson(const rows *d, double level, const double *x_all,
                                  const double *exposure, size_t n, double *eta, double *mu,
                                  double *work, incstat_trend_glm *g)
{
    glm_fit f;
    const char *why = glm_undefined(d);
    if (why) {
        g->status = INCSTAT_EDOMAIN;
        g->note = why;
        set_glm_nan(g);
        return g->status;
    }
    incstat_status st = irls(d, INFINITY, 1, eta, mu, work, &f);
    if (st != INCSTAT_OK) {
        g->status = st;
        g->note = st == INCSTAT_ENOCONV ? "Poisson IRLS did not converge"
                                        : "Poisson fit is singular";
        set_glm_nan(g);
        return st;
    }
    glm_report(d, &f, level, x_all, exposure, n, g);
    double pearson = 0, sy = 0, se_ = 0, nulldev = 0;
    for (size_t i = 0; i < d->m; i++) {
        pearson += sqr(d->y[i] - mu[i]) / mu[i];
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
    double z = conf_z(level);
    g->quasi_se = g->se * sqrt(g->dispersion);
    g->quasi_ci_pct[0] = 100 * expm1(g->coef - z * g->quasi_se);
    g->quasi_ci_pct[1] = 100 * expm1(g->coef + z * g->quasi_se);
    g->theta = g->theta_se = g->loglik = NAN;
    g->theta_infinite = 0;
    return INCSTAT_OK;
}

/* ---- negative binomial ------------------------------------------------ */

/* MASS theta.ml's score, written as psi(t + y) - psi(t) - log1p(mu / t) +
 * (mu - y) / (mu + t), which loses less to cancellation for large t. */
static double nb_score(const rows *d, const double *mu, double t)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += gsl_sf_psi(t + y) - gsl_sf_psi(t) - log1p(u / t) + (u - y) / (u + t);
    }
    return s;
}

/* MASS theta.ml's info (minus the derivative of the score). */
static double nb_info(const rows *d, const double *mu, double t)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += -gsl_sf_psi_1(t + y) + gsl_sf_psi_1(t) - 1 / t + 2 / (u + t) - (y + t) / sqr(u + t);
    }
    return s;
}

/* glm.nb's loglik. */
static double nb_loglik(const rows *d, const double *mu, double t)
{
    double s = 0;
    for (size_t i = 0; i < d->m; i++) {
        double y = d->y[i], u = mu[i];
        s += gsl_sf_lngamma(t + y) - gsl_sf_lngamma(t) - gsl_sf_lngamma(y + 1) + t * log(t) +
             y * log(u + (y == 0)) - (t + y) * log(t + u);
    }
    return s;
}

/* ML theta for fixed mu: root of the score in log theta, bracketed and then
 * Newton steps kept inside the bracket (MASS's plain Newton from the moment
 * estimate can leave for infinity on strongly overdispersed series).
 * Returns 0 (finite, *theta set), 1 (no finite maximum below THETA_MAX), -1
 * (no root found). */
static int theta_ml(const rows *d, const double *mu, double start, double *theta)
{
    double lo, hi, t;
    if (!(start > 0) || !isfinite(start))
        start = 1;
    t = log(fmin(fmax(start, THETA_MIN * 10), THETA_MAX / 10));
    if (nb_score(d, mu, exp(t)) > 0) {
        /* the score is +inf at theta -> 0 when some y > 0: look upwards */
        lo = t;
        for (double step = 1;; step *= 2) {
            hi = fmin(lo + step, log(THETA_MAX));
            if (nb_score(d, mu, exp(hi)) <= 0)
                break;
            if (hi >= log(THETA_MAX))
                return 1;
            lo = hi;
        }
    } else {
        hi = t;
        for (double step = 1;; step *= 2) {
            lo = fmax(hi - step, log(THETA_MIN));
            if (nb_score(d, mu, exp(lo)) > 0)
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
        double th = exp(t), s = nb_score(d, mu, th);
        if (s > 0)
            lo = t;
        else
            hi = t;
        double info = nb_info(d, mu, th);
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

static incstat_status fit_negbin(const rows *d, double level, const double *x_all,
                                 const double *exposure, size_t n, const incstat_trend_glm *pois,
                                 double *eta, double *mu, double *work, incstat_trend_glm *g)
{
    /* eta and mu hold the Poisson fit */
    if (pois->status != INCSTAT_OK) {
        g->status = pois->status;
        g->note = pois->note;
        set_glm_nan(g);
        return g->status;
    }
    /* score test for overdispersion at the Poisson fit: with
     * sum((y - mu)^2 - y) <= 0 the NB likelihood rises towards theta = inf */
    double over = 0, moment = 0;
    for (size_t i = 0; i < d->m; i++) {
        over += sqr(d->y[i] - mu[i]) - d->y[i];
        moment += sqr(d->y[i] / mu[i] - 1);
    }
    double theta = NAN;
    int r = over > 0 ? theta_ml(d, mu, (double)d->m / moment, &theta) : 1;
    glm_fit f;
    int it = 0;
    while (r == 0) {
        incstat_status st = irls(d, theta, 0, eta, mu, work, &f);
        if (st != INCSTAT_OK) {
            g->status = st;
            g->note = "negative binomial IRLS did not converge";
            set_glm_nan(g);
            return st;
        }
        double t2;
        r = theta_ml(d, mu, theta, &t2);
        if (r != 0)
            break;
        int done = fabs(log(t2 / theta)) < 1e-12;
        theta = t2;
        if (done || ++it >= NB_MAXIT)
            break;
    }
    if (r < 0 || it >= NB_MAXIT) {
        g->status = INCSTAT_ENOCONV;
        g->note = "negative binomial: theta did not converge";
        set_glm_nan(g);
        return g->status;
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
        g->note = "not overdispersed: theta is infinite and the estimates are Poisson's";
        return INCSTAT_OK;
    }
    incstat_status st = irls(d, theta, 0, eta, mu, work, &f);
    if (st != INCSTAT_OK) {
        g->status = st;
        g->note = "negative binomial IRLS did not converge";
        set_glm_nan(g);
        return st;
    }
    f.iter = it + 1;
    glm_report(d, &f, level, x_all, exposure, n, g);
    double pearson = 0;
    for (size_t i = 0; i < d->m; i++)
        pearson += sqr(d->y[i] - mu[i]) / (mu[i] + mu[i] * mu[i] / theta);
    g->pearson_chi2 = pearson;
    g->dispersion = pearson / g->df_residual;
    g->null_deviance = NAN;
    g->quasi_se = g->quasi_ci_pct[0] = g->quasi_ci_pct[1] = NAN;
    g->theta = theta;
    double info = nb_info(d, mu, theta);
    g->theta_se = info > 0 ? sqrt(1 / info) : NAN;
    g->theta_infinite = 0;
    g->loglik = nb_loglik(d, mu, theta);
    g->note = info > 0 ? NULL : "theta's information is not positive: no standard error";
    return INCSTAT_OK;
}

/* ---- Mann-Kendall and Sen --------------------------------------------- */

/* Tie terms of v (sorted copy in work): sum t(t-1)(2t+5) and sum t(t-1). */
static void ties(const double *v, size_t m, double *work, double *t_var, double *t_d)
{
    memcpy(work, v, m * sizeof *v);
    qsort(work, m, sizeof *work, cmp_double);
    *t_var = *t_d = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && work[j] == work[i])
            j++;
        double t = (double)(j - i);
        *t_var += t * (t - 1) * (2 * t + 5);
        *t_d += t * (t - 1);
        i = j;
    }
}

static void fit_mk(const rows *d, double *work, incstat_trend_mk *k)
{
    size_t m = d->m;
    double md = (double)m, s = 0, tv, td;
    for (size_t j = 1; j < m; j++)
        for (size_t i = 0; i < j; i++)
            s += (d->v[j] > d->v[i]) - (d->v[j] < d->v[i]);
    ties(d->v, m, work, &tv, &td);
    double n0 = md * (md - 1) / 2;
    k->s = s;
    k->var_s = (md * (md - 1) * (2 * md + 5) - tv) / 18;
    k->tau_a = s / n0;
    if (!(k->var_s > 0)) {
        k->status = INCSTAT_EDOMAIN;
        k->note = "all values are tied: the Mann-Kendall test is undefined";
        k->z = k->p_value = k->tau = NAN;
        return;
    }
    k->status = INCSTAT_OK;
    k->note = NULL;
    double sg = (s > 0) - (s < 0);
    k->z = sg * (fabs(s) - 1) / sqrt(k->var_s);
    k->p_value = 2 * fmin(0.5, gsl_cdf_ugaussian_Q(fabs(k->z)));
    k->tau = s / (sqrt(n0 - td / 2) * sqrt(n0));
}

/* var_s: Mann-Kendall's variance with ties (computed here if mk was not run). */
static incstat_status fit_sen(const rows *d, double level, double var_s, double *slopes,
                              double *work, incstat_trend_sen *o)
{
    size_t m = d->m, k = 0;
    for (size_t i = 0; i + 1 < m; i++)
        for (size_t j = i + 1; j < m; j++)
            slopes[k++] = (d->v[j] - d->v[i]) / (d->x[j] - d->x[i]);
    o->n_slopes = k;
    o->slope = median_sort(slopes, k);
    double c = conf_z(level) * sqrt(var_s);
    /* trend::sens.slope: rank.lo = round((k - C)/2), rank.up = round((k + C)/2 + 1),
     * R's round = half to even = rint in the default rounding mode */
    double rlo = rint(((double)k - c) / 2), rup = rint(((double)k + c) / 2 + 1);
    o->ci[0] = rlo >= 1 && rlo <= (double)k ? slopes[(size_t)rlo - 1] : NAN;
    o->ci[1] = rup >= 1 && rup <= (double)k ? slopes[(size_t)rup - 1] : NAN;
    o->ci_defined = !isnan(o->ci[0]) && !isnan(o->ci[1]);
    for (size_t i = 0; i < m; i++)
        work[i] = d->v[i] - o->slope * d->x[i];
    o->intercept = median_sort(work, m);
    o->status = INCSTAT_OK;
    o->note = o->ci_defined ? NULL : "too few points for Sen's confidence interval";
    return INCSTAT_OK;
}

/* ---- change points ---------------------------------------------------- */

/* changepoint's mll_meanvar_poisson with the segment length replaced by the
 * segment's exposure (equal when every exposure is 1). */
static double seg_cost(double s, double e)
{
    return s == 0 ? 0 : 2 * s * (log(e) - log(s));
}

/* PELT (Killick, Fearnhead & Eckley 2012) laid out as changepoint's
 * PELT_one_func_minseglen.c (same cost, same candidate order, first minimum
 * wins) with one correction: changepoint drops a candidate s at time t as
 * soon as F(s) + C(s, t) > F(t), but that only proves s useless for ends
 * T >= t + min_segment (the split at t must leave a segment of min_segment
 * rows); for T in between s can still be optimal, and changepoint then
 * misses the optimum (PBC killed, min_segment 3).  Here the decision taken
 * at t is applied from t + min_segment on, which keeps PELT exact (the tests
 * compare it with exhaustive optimal partitioning).  With min_segment 1 it
 * is changepoint's rule.
 * wd: 4 (m + 1) doubles; wz: 3 (m + 1) size_t. */
static incstat_status fit_cp(const rows *d, const incstat_trend_options *o, double rate_per,
                             double *wd, size_t *wz, incstat_trend_changepoints *cp)
{
    size_t m = d->m, ms = o->min_segment ? o->min_segment : 2;
    double pen;
    switch (o->penalty) {
    case INCSTAT_TREND_PENALTY_AIC: pen = 2; break;
    case INCSTAT_TREND_PENALTY_MANUAL: pen = o->penalty_value; break;
    default: pen = log((double)m); break;
    }
    cp->penalty = pen;
    cp->min_segment = ms;
    double *cy = wd, *ce = wd + (m + 1), *F = wd + 2 * (m + 1), *tmp = wd + 3 * (m + 1);
    size_t *last = wz, *check = wz + (m + 1), *pruned = wz + 2 * (m + 1);
    cy[0] = ce[0] = 0;
    for (size_t i = 0; i < m; i++) {
        cy[i + 1] = cy[i] + d->y[i];
        ce[i + 1] = ce[i] + d->e[i];
    }
    size_t nseg = 1;
    if (m < 2 * ms) {
        /* no room for a change: one segment (changepoint stops with an error) */
        last[m] = 0;
        F[m] = seg_cost(cy[m], ce[m]);
        cp->note = "series too short for a change point with this minimum segment";
    } else {
        cp->note = NULL;
        F[0] = -pen;
        last[0] = 0;
        for (size_t j = ms; j < 2 * ms; j++) {
            F[j] = seg_cost(cy[j], ce[j]);
            last[j] = 0;
        }
        size_t nchk = 2;
        check[0] = 0;
        check[1] = ms;
        pruned[0] = pruned[1] = SIZE_MAX;
        for (size_t t = 2 * ms; t <= m; t++) {
            size_t best = 0;
            for (size_t i = 0; i < nchk; i++) {
                size_t s = check[i];
                tmp[i] = F[s] + seg_cost(cy[t] - cy[s], ce[t] - ce[s]) + pen;
                if (i == 0 || tmp[i] < tmp[best])
                    best = i;
            }
            F[t] = tmp[best];
            last[t] = check[best];
            size_t keep = 0;
            for (size_t i = 0; i < nchk; i++) {
                if (tmp[i] > F[t] + pen && pruned[i] == SIZE_MAX)
                    pruned[i] = t;
                /* useless from t' = pruned + ms on; the next step is t + 1 */
                if (pruned[i] != SIZE_MAX && pruned[i] + ms <= t + 1)
                    continue;
                check[keep] = check[i];
                pruned[keep++] = pruned[i];
            }
            check[keep] = t - (ms - 1);
            pruned[keep++] = SIZE_MAX;
            nchk = keep;
        }
        for (size_t t = m; last[t] != 0; t = last[t])
            nseg++;
    }
    cp->cost = F[m];
    cp->segments = incstat_calloc(nseg, sizeof *cp->segments);
    if (!cp->segments)
        return INCSTAT_ENOMEM;
    cp->n_segments = nseg;
    size_t end = m;
    for (size_t k = nseg; k-- > 0;) {
        size_t start = last[end];
        incstat_trend_segment *sg = &cp->segments[k];
        sg->first = d->row[start];
        sg->last = d->row[end - 1];
        sg->year_start = d->x[start];
        sg->year_end = d->x[end - 1];
        sg->total = cy[end] - cy[start];
        sg->mean = sg->total / (ce[end] - ce[start]) * rate_per;
        end = start;
    }
    cp->status = INCSTAT_OK;
    return INCSTAT_OK;
}

/* ---- driver ----------------------------------------------------------- */

void incstat_trend_result_free(incstat_trend_result *r)
{
    if (!r)
        return;
    incstat_free_mem(r->metric);
    incstat_free_mem(r->unit);
    incstat_free_mem(r->x);
    incstat_trend_glm *g[2] = {&r->poisson, &r->negbin};
    for (int k = 0; k < 2; k++) {
        incstat_free_mem(g[k]->fitted);
        incstat_free_mem(g[k]->lower);
        incstat_free_mem(g[k]->upper);
    }
    incstat_free_mem(r->cp.segments);
    incstat_free_mem(r);
}

static incstat_status check_options(const incstat_trend_options *o, incstat_error *err)
{
    if (o->methods & ~INCSTAT_TREND_ALL)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: unknown method bits 0x%x",
                                 o->methods & ~INCSTAT_TREND_ALL);
    if (o->conf_level != 0 && !(o->conf_level > 0 && o->conf_level < 1))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: confidence level %g is not in (0, 1)", o->conf_level);
    if (o->penalty != INCSTAT_TREND_PENALTY_BIC && o->penalty != INCSTAT_TREND_PENALTY_AIC &&
        o->penalty != INCSTAT_TREND_PENALTY_MANUAL)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: unknown penalty %d",
                                 (int)o->penalty);
    if (o->penalty == INCSTAT_TREND_PENALTY_MANUAL &&
        !(o->penalty_value >= 0 && isfinite(o->penalty_value)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: manual penalty %g must be finite and >= 0",
                                 o->penalty_value);
    if (o->rate_per != 0 && !(o->rate_per > 0 && isfinite(o->rate_per)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "trend: rate_per %g must be finite and > 0", o->rate_per);
    return INCSTAT_OK;
}

static incstat_status check_data(const double *x, const double *y, const double *exposure,
                                 size_t n, unsigned methods, double rate_per, size_t *m_out,
                                 incstat_error *err)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || fabs(x[i]) > MAX_ABS)
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: x[%zu] is not a finite number of at most 1e15", i);
        if (i > 0 && !(x[i] > x[i - 1]))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: x must be strictly increasing, but x[%zu] = %.17g "
                                     "follows %.17g",
                                     i, x[i], x[i - 1]);
        if (isnan(y[i]))
            continue;
        if (isinf(y[i]) || fabs(y[i]) > MAX_ABS)
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: the value for %.17g is %s", x[i],
                                     isinf(y[i]) ? "infinite" : "beyond 1e15");
        if (y[i] < 0 && (methods & INCSTAT_TREND_COUNT_METHODS))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: the count for %.17g is negative (%.17g); the "
                                     "Poisson, negative binomial and change-point methods "
                                     "need counts >= 0",
                                     x[i], y[i]);
        if (exposure && !(exposure[i] > 0 && exposure[i] <= MAX_ABS &&
                          isfinite(y[i] / exposure[i] * rate_per)))
            return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                     "trend: the exposure for %.17g must be > 0 and at most "
                                     "1e15 (and give a finite rate), not %.17g",
                                     x[i], exposure[i]);
        m++;
    }
    if (m < 3)
        return incstat_set_error(err, INCSTAT_EDOMAIN, 0, 0,
                                 "trend: %zu known value%s; a trend needs at least 3", m,
                                 m == 1 ? "" : "s");
    *m_out = m;
    return INCSTAT_OK;
}

incstat_status incstat_trend_fit(const double *x, const double *y, const double *exposure,
                                 size_t n, const incstat_trend_options *opts,
                                 incstat_trend_result **out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: no output handle");
    *out = NULL;
    if (n > 0 && (!x || !y))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend: x or y is NULL");
    if (n > MAX_ROWS)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "trend: %zu rows exceed the limit of %u", n, MAX_ROWS);
    incstat_trend_options o = {0};
    if (opts)
        o = *opts;
    incstat_status st = check_options(&o, err);
    if (st != INCSTAT_OK)
        return st;
    unsigned methods = o.methods ? o.methods : INCSTAT_TREND_ALL;
    if (methods & INCSTAT_TREND_NEGBIN)
        methods |= INCSTAT_TREND_POISSON;
    double level = o.conf_level ? o.conf_level : 0.95;
    double rate_per = exposure ? (o.rate_per ? o.rate_per : 100000) : 1;
    size_t m = 0;
    st = check_data(x, y, exposure, n, methods, rate_per, &m, err);
    if (st != INCSTAT_OK)
        return st;

    incstat_trend_result *r = incstat_calloc(1, sizeof *r);
    double *buf = NULL;
    size_t *zbuf = NULL;
    if (!r)
        goto nomem;
    r->poisson.status = r->negbin.status = INCSTAT_EINVAL;
    r->metric = dup_or(o.metric, "value");
    r->unit = dup_or(o.unit, "year");
    r->per_unit = o.per_unit ? o.per_unit : 1;
    r->x = incstat_malloc(n * sizeof *r->x);
    if (!r->metric || !r->unit || !r->x)
        goto nomem;
    if (n)
        memcpy(r->x, x, n * sizeof *x);
    r->n = n;
    r->n_used = m;
    r->n_dropped = n - m;
    r->methods = methods;
    r->conf_level = level;
    r->rate_per = exposure ? rate_per : NAN;

    /* one work block: rows (5 m doubles), eta, mu (2 m), irls work (5 m + 2,
     * rounded up to 6 m + 4),
     * change points (4 (m + 1)); the pairwise slopes get their own */
    size_t nd = 5 * m + 2 * m + 6 * m + 4 + 4 * (m + 1);
    buf = incstat_malloc(nd * sizeof *buf);
    zbuf = incstat_malloc((4 * m + 3) * sizeof *zbuf);
    if (!buf || !zbuf)
        goto nomem;
    rows d;
    d.m = m;
    d.x = buf;
    d.y = buf + m;
    d.off = buf + 2 * m;
    d.e = buf + 3 * m;
    d.v = buf + 4 * m;
    d.row = zbuf;
    double *eta = buf + 5 * m, *mu = buf + 6 * m, *work = buf + 7 * m;
    double *cpw = work + 6 * m + 4;
    size_t *cpz = zbuf + m; /* 3 (m + 1) */
    size_t k = 0;
    d.xbar = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]))
            continue;
        d.x[k] = x[i];
        d.y[k] = y[i];
        d.e[k] = exposure ? exposure[i] : 1;
        d.off[k] = exposure ? log(exposure[i]) : 0;
        d.v[k] = exposure ? y[i] / exposure[i] * rate_per : y[i];
        d.row[k] = i;
        k++;
        d.xbar += (x[i] - d.xbar) / (double)k; /* running mean: no overflow */
    }
    r->from = d.x[0];
    r->to = d.x[m - 1];
    int allzero = 1, constant = 1;
    for (size_t i = 0; i < m; i++) {
        if (d.y[i] != floor(d.y[i]))
            r->flags |= INCSTAT_TREND_NONINTEGER;
        if (d.y[i] != 0)
            allzero = 0;
        if (d.v[i] != d.v[0])
            constant = 0;
    }
    if (allzero)
        r->flags |= INCSTAT_TREND_ALL_ZERO;
    if (constant)
        r->flags |= INCSTAT_TREND_CONSTANT;
    if (exposure)
        r->flags |= INCSTAT_TREND_EXPOSURE;

    /* every method's block starts "not run" */
    r->ols.status = r->mk.status = r->sen.status = r->cp.status = INCSTAT_EINVAL;
    r->ols.note = r->mk.note = r->sen.note = r->cp.note = r->poisson.note = r->negbin.note =
        "not requested";
    set_glm_nan(&r->poisson);
    set_glm_nan(&r->negbin);
    r->ols.slope = r->ols.slope_se = r->ols.slope_ci[0] = r->ols.slope_ci[1] = NAN;
    r->ols.slope_p = r->ols.intercept = r->ols.r2 = r->ols.df = NAN;
    r->mk.s = r->mk.var_s = r->mk.z = r->mk.p_value = r->mk.tau = r->mk.tau_a = NAN;
    r->sen.slope = r->sen.ci[0] = r->sen.ci[1] = r->sen.intercept = NAN;
    r->cp.penalty = r->cp.cost = NAN;

    if (methods & INCSTAT_TREND_OLS)
        fit_ols(&d, level, &r->ols);
    if (methods & INCSTAT_TREND_POISSON) {
        incstat_trend_glm *g[2] = {&r->poisson, &r->negbin};
        for (int j = 0; j < ((methods & INCSTAT_TREND_NEGBIN) ? 2 : 1); j++) {
            g[j]->fitted = incstat_malloc(n * sizeof *g[j]->fitted);
            g[j]->lower = incstat_malloc(n * sizeof *g[j]->lower);
            g[j]->upper = incstat_malloc(n * sizeof *g[j]->upper);
            if (!g[j]->fitted || !g[j]->lower || !g[j]->upper)
                goto nomem;
        }
        fit_poisson(&d, level, x, exposure, n, eta, mu, work, &r->poisson);
        if (r->poisson.status != INCSTAT_OK) {
            /* no fitted values without a fit */
            for (int j = 0; j < 2; j++) {
                incstat_free_mem(g[j]->fitted);
                incstat_free_mem(g[j]->lower);
                incstat_free_mem(g[j]->upper);
                g[j]->fitted = g[j]->lower = g[j]->upper = NULL;
            }
        }
        if (methods & INCSTAT_TREND_NEGBIN) {
            fit_negbin(&d, level, x, exposure, n, &r->poisson, eta, mu, work, &r->negbin);
            if (r->negbin.status != INCSTAT_OK && r->negbin.fitted) {
                incstat_free_mem(r->negbin.fitted);
                incstat_free_mem(r->negbin.lower);
                incstat_free_mem(r->negbin.upper);
                r->negbin.fitted = r->negbin.lower = r->negbin.upper = NULL;
            }
        }
    }
    if (methods & (INCSTAT_TREND_MANN_KENDALL | INCSTAT_TREND_SEN)) {
        if (m > INCSTAT_TREND_MAX_PAIRWISE) {
            if (methods & INCSTAT_TREND_MANN_KENDALL) {
                r->mk.status = INCSTAT_ELIMIT;
                r->mk.note = "too many points for the pairwise Mann-Kendall statistic";
            }
            if (methods & INCSTAT_TREND_SEN) {
                r->sen.status = INCSTAT_ELIMIT;
                r->sen.note = "too many points for Sen's pairwise slopes";
            }
        } else {
            incstat_trend_mk mk;
            fit_mk(&d, work, &mk);
            if (methods & INCSTAT_TREND_MANN_KENDALL)
                r->mk = mk;
            if (methods & INCSTAT_TREND_SEN) {
                double *slopes = incstat_malloc(m * (m - 1) / 2 * sizeof *slopes);
                if (!slopes)
                    goto nomem;
                fit_sen(&d, level, mk.var_s, slopes, work, &r->sen);
                incstat_free_mem(slopes);
            }
        }
    }
    if (methods & INCSTAT_TREND_CHANGEPOINTS) {
        if (fit_cp(&d, &o, rate_per, cpw, cpz, &r->cp) != INCSTAT_OK)
            goto nomem;
    }
    incstat_free_mem(buf);
    incstat_free_mem(zbuf);
    *out = r;
    return INCSTAT_OK;
nomem:
    incstat_free_mem(buf);
    incstat_free_mem(zbuf);
    incstat_trend_result_free(r);
    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
}

/* ---- moving average --------------------------------------------------- */

incstat_status incstat_trend_moving_average(const double *y, size_t n, size_t window,
                                            int centred, double *out, incstat_error *err)
{
    if (n > 0 && (!y || !out))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "moving average: NULL array");
    if (window == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "moving average: window is 0");
    if (centred && window % 2 == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "moving average: a centred window must be odd, not %zu",
                                 window);
    size_t half = window / 2;
    for (size_t i = 0; i < n; i++) {
        /* window [lo, lo + window) */
        out[i] = NAN;
        size_t lo;
        if (centred) {
            if (i < half || i + half >= n)
                continue;
            lo = i - half;
        } else {
            if (i + 1 < window)
                continue;
            lo = i + 1 - window;
        }
        double s = 0;
        size_t j;
        for (j = 0; j < window && !isnan(y[lo + j]); j++)
            s += y[lo + j];
        if (j == window)
            out[i] = s / (double)window;
    }
    return INCSTAT_OK;
}
