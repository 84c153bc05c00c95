/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_internal.h (private): what the trend files share.
 *   trend.c         input checks, the driver, least squares, moving averages
 *   trend_glm.c     IRLS for log-link count models on any design (Poisson and
 *                   negative binomial), the log-linear trends
 *   trend_rank.c    Mann-Kendall and Sen's slope
 *   trend_cp.c      change points (PELT, Poisson or negative binomial cost)
 *   trend_smooth.c  natural cubic spline basis and the NB spline smooth
 *   trend_shape.c   the shape of the series in words
 * Never installed. */
#ifndef INCSTAT_SRC_TREND_INTERNAL_H
#define INCSTAT_SRC_TREND_INTERNAL_H

#include <stddef.h>
#include "incstat/trend.h"

#define TREND_MAXP 8 /* columns of a GLM design: intercept + spline df <= 7 */

/* The used rows (y known), in x order. */
typedef struct {
    size_t m;
    double *x, *y, *off, *e, *v; /* x, count, log exposure, exposure, value (y or rate) */
    size_t *row;                 /* index into the caller's arrays */
    double xbar;
} trend_rows;

/* A design matrix for the count models: m rows of p columns, row-major. */
typedef struct {
    const double *X;
    size_t p;
} trend_design;

/* One converged IRLS fit: eta = X coef + offset. */
typedef struct {
    double coef[TREND_MAXP];
    double cov[TREND_MAXP * TREND_MAXP]; /* (X'WX)^-1, p x p row-major */
    double dev;
    int iter;
} trend_glm_fit;

static inline double trend_sqr(double v)
{
    return v * v;
}

/* qnorm(1 - (1 - level) / 2). */
double trend_conf_z(double level);

/* Doubles of work trend_irls needs for m rows and p columns. */
size_t trend_irls_work(size_t m, size_t p);

/* IRLS with log link on design X (theta = INFINITY for Poisson, else the
 * negative binomial with that theta).  eta (m) holds the start on entry
 * (with start_from_y, R's mustart = y + 0.1 instead) and the linear
 * predictor on exit, mu (m) the fitted means.  Returns OK, ENOCONV or
 * EDOMAIN (singular design). */
incstat_status trend_irls(const trend_rows *d, const trend_design *X, double theta,
                          int start_from_y, double *eta, double *mu, double *work,
                          trend_glm_fit *f);

/* The negative binomial by alternating IRLS and the ML theta (as glm.nb),
 * from a converged Poisson fit in eta/mu (and f).  On return 0: *theta
 * finite, f, eta and mu the NB fit; 1: not overdispersed (theta infinite),
 * f, eta and mu still the Poisson fit; -1: failed, *why says why. */
int trend_nb_fit(const trend_rows *d, const trend_design *X, double *eta, double *mu,
                 double *work, trend_glm_fit *f, double *theta, int *alternations,
                 const char **why);

/* Log-likelihoods at mu (with the constant terms, as R's logLik). */
double trend_nb_loglik(const trend_rows *d, const double *mu, double theta);
double trend_pois_loglik(const trend_rows *d, const double *mu);
/* MASS theta.ml's score and information in theta at fixed mu. */
double trend_nb_score(const trend_rows *d, const double *mu, double theta);
double trend_nb_info(const trend_rows *d, const double *mu, double theta);
/* ML theta at fixed mu: 0 found, 1 no finite maximum below 1e6, -1 none. */
int trend_theta_ml(const trend_rows *d, const double *mu, double start, double *theta);

/* The log-linear trends (trend_glm.c).  eta, mu: m doubles; work:
 * trend_irls_work(m, 2); design: 2 m doubles. */
void trend_fit_poisson(const trend_rows *d, double level, const double *x_all,
                       const double *exposure, size_t n, double *design, double *eta, double *mu,
                       double *work, incstat_trend_glm *g);
void trend_fit_negbin(const trend_rows *d, double level, const double *x_all,
                      const double *exposure, size_t n, const incstat_trend_glm *pois,
                      double *design, double *eta, double *mu, double *work,
                      incstat_trend_glm *g);
void trend_glm_set_nan(incstat_trend_glm *g);

/* Mann-Kendall and Sen (trend_rank.c); work: m doubles, slopes m (m-1)/2. */
void trend_fit_mk(const trend_rows *d, double *work, incstat_trend_mk *k);
void trend_fit_sen(const trend_rows *d, double level, double var_s, double *slopes,
                   double *work, incstat_trend_sen *o);

/* Change points (trend_cp.c).  Returns OK or ENOMEM. */
incstat_status trend_fit_cp(const trend_rows *d, const incstat_trend_options *o, double rate_per,
                            incstat_trend_changepoints *cp);

/* A period for prose (trend_shape.c): "2007" by year; "2007-Q3" and
 * "2007-03" when x is a fractional year by quarter or month
 * (x = year + (sub - 1) / per).  Returns buf. */
const char *trend_period(char *buf, size_t cap, double x, unsigned per);

/* A change of pct % per unit of x as the change per period when there are
 * per periods to the unit (trend_shape.c): 30% a year is 2.2% a month. */
double trend_pct_per_period(double pct, unsigned per);

/* The spline smooth (trend_smooth.c).  Returns OK or ENOMEM; a fit that
 * fails is reported in s->status. */
incstat_status trend_fit_smooth(const trend_rows *d, const incstat_trend_options *o,
                                double level, const double *x_all, const double *exposure,
                                size_t n, const incstat_trend_glm *negbin,
                                incstat_trend_smooth *s);

#endif
