/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_trend_smooth.c: the trend module's smooth (NB spline) and its
 * negative binomial change points (tests/test_trend.c has the rest).
 *
 * R_SM_* come from tests/reference/trend/make_smooth_refs.R (R 4.2.2,
 * MASS 7.3-58.2, splines): MASS::glm.nb(y ~ splines::ns(year, df = k)
 * [+ offset(log(E))]) driven to convergence, AIC() for every k, the band
 * exp(eta -/+ qnorm(0.975) se(eta)).  Series: PBC v11 killed (max, and the
 * midpoint of min and max) 1995-2016,
 * UCDP organized violence v25.1 Pakistan 1989-2024, New America drone
 * strikes total_high by year 2004-2018, OWID UCDP GED 19.1 Pakistan
 * 1989-2018, PBC killed per attack 2002-2016 (offset log(attacks)).
 * The change-point simulation is seeded (GSL mt19937) and checks issue 14's
 * targets on a smaller sample than bench/trend_cp_sim.c. */
#include "helpers.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "incstat/trend.h"
#include "reference/trend/smooth_refs.inc"

#define REL 1e-6
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static incstat_trend_result *fit(const double *x, const double *y, const double *e, size_t n,
                                 const incstat_trend_options *o)
{
    incstat_trend_result *r = NULL;
    incstat_error err;
    if (incstat_trend_fit(x, y, e, n, o, &r, &err) != INCSTAT_OK)
        fail_msg("incstat_trend_fit: %s", err.message);
    return r;
}

static void check_arr(const double *got, const double *want, size_t n)
{
    assert_non_null(got);
    for (size_t i = 0; i < n; i++)
        assert_close(got[i], want[i], REL);
}

#define CHECK_SMOOTH(P, E, RATE)                                                          \
    do {                                                                                  \
        size_t n_ = N_OF(R_SM_##P##_X);                                                  \
        incstat_trend_options o_ = {0};                                                  \
        o_.rate_per = RATE;                                                              \
        incstat_trend_result *res_ = fit(R_SM_##P##_X, R_SM_##P##_Y, E, n_, &o_);           \
        assert_int_equal(res_->smooth.status, INCSTAT_OK);                                 \
        assert_int_equal(res_->smooth.df, R_SM_##P##_DF);                                  \
        assert_true(res_->smooth.auto_df);                                                 \
        assert_int_equal(res_->smooth.max_df, N_OF(R_SM_##P##_AIC));                       \
        for (size_t k_ = 0; k_ < N_OF(R_SM_##P##_AIC); k_++)                             \
            assert_close(res_->smooth.aic_by_df[k_ + 1], R_SM_##P##_AIC[k_], REL);         \
        assert_close(res_->smooth.aic, R_SM_##P##_AICMIN, REL);                            \
        assert_close(res_->smooth.theta, R_SM_##P##_THETA, REL);                           \
        check_arr(res_->smooth.fitted, R_SM_##P##_FIT, n_);                                \
        check_arr(res_->smooth.lower, R_SM_##P##_LO, n_);                                  \
        check_arr(res_->smooth.upper, R_SM_##P##_HI, n_);                                  \
        /* df 1 is the log-linear NB trend */                                            \
        assert_close(res_->negbin.aic, R_SM_##P##_AIC[0], REL);                            \
        incstat_trend_result_free(res_);                                                   \
        o_.smooth_df = R_SM_##P##_K3;                                                    \
        o_.methods = INCSTAT_TREND_SMOOTH;                                               \
        res_ = fit(R_SM_##P##_X, R_SM_##P##_Y, E, n_, &o_);                                \
        assert_int_equal(res_->smooth.status, INCSTAT_OK);                                 \
        assert_int_equal(res_->smooth.df, R_SM_##P##_K3);                                  \
        assert_false(res_->smooth.auto_df);                                                \
        assert_close(res_->smooth.theta, R_SM_##P##_K3_THETA, REL);                        \
        check_arr(res_->smooth.fitted, R_SM_##P##_K3_FIT, n_);                             \
        check_arr(res_->smooth.lower, R_SM_##P##_K3_LO, n_);                               \
        check_arr(res_->smooth.upper, R_SM_##P##_K3_HI, n_);                               \
        incstat_trend_result_free(res_);                                                   \
    } while (0)

static void test_smooth_pbc(void **state)
{
    (void)state;
    CHECK_SMOOTH(PBC_KILLED, NULL, 0);
}

/* midpoints of low and high (x.5): glm.nb takes them as they are */
static void test_smooth_pbc_best(void **state)
{
    (void)state;
    CHECK_SMOOTH(PBC_BEST, NULL, 0);
}

static void test_smooth_ucdp(void **state)
{
    (void)state;
    CHECK_SMOOTH(UCDP_V25, NULL, 0);
}

static void test_smooth_drone(void **state)
{
    (void)state;
    CHECK_SMOOTH(NA_DRONE, NULL, 0);
}

static void test_smooth_owid(void **state)
{
    (void)state;
    CHECK_SMOOTH(OWID_UCDP, NULL, 0);
}

static void test_smooth_offset(void **state)
{
    (void)state;
    CHECK_SMOOTH(PBC_PER_ATTACK, R_SM_PBC_PER_ATTACK_E, 1);
}

/* ---- negative binomial change points --------------------------------- */

static size_t n_changes(const double *y, size_t n, incstat_trend_result **keep)
{
    double x[64];
    for (size_t i = 0; i < n; i++)
        x[i] = 2000 + (double)i;
    incstat_trend_options o = {0};
    o.methods = INCSTAT_TREND_CHANGEPOINTS;
    incstat_trend_result *r = fit(x, y, NULL, n, &o);
    size_t k = r->cp.n_segments - 1;
    if (keep)
        *keep = r;
    else
        incstat_trend_result_free(r);
    return k;
}

/* Issue 14's targets on 150 series per cell (bench/trend_cp_sim.c runs
 * 2,000): no change in NB series of 25 years -> at most 10% with a change
 * on average and 20% in any cell; a 3x shift in the middle third found
 * within a year in at least 80%. */
static void test_cp_simulation(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 14);
    const double means[] = {50, 300, 1000}, thetas[] = {0.8, 3, 10};
    double y[25], total = 0;
    const int reps = 150;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            int alarms = 0;
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < 25; i++)
                    y[i] = gsl_ran_negative_binomial(rng, thetas[b] / (thetas[b] + means[a]),
                                                     thetas[b]);
                alarms += n_changes(y, 25, NULL) > 0;
            }
            double share = (double)alarms / reps;
            if (share > 0.20)
                fail_msg("mean %g theta %g: %.1f%% of series with a change", means[a],
                         thetas[b], 100 * share);
            total += share / 9;
        }
    assert_true(total <= 0.10);
    int found = 0;
    for (int r = 0; r < reps; r++) {
        int at = 8 + (int)gsl_rng_uniform_int(rng, 9);
        for (int i = 0; i < 25; i++)
            y[i] = gsl_ran_negative_binomial(rng, 5 / (5 + (i < at ? 200.0 : 600.0)), 5);
        incstat_trend_result *res;
        n_changes(y, 25, &res);
        for (size_t s = 1; s < res->cp.n_segments; s++)
            if (fabs(res->cp.segments[s].year_start - (2000 + at)) <= 1) {
                found++;
                break;
            }
        incstat_trend_result_free(res);
    }
    assert_true(found >= 0.8 * reps);
    gsl_rng_free(rng);
}

/* A clean break in 2021 is found exactly, with both costs; PBC killed
 * 1995-2016 has between one and four changes with the NB cost (eight with
 * the Poisson cost); the JSON names the method, penalty and dispersion. */
static void test_cp_clean_break_and_pbc(void **state)
{
    (void)state;
    const double x[] = {2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023,
                        2024};
    const double y[] = {102, 97, 110, 95, 104, 99, 101, 108, 96, 412, 388, 405, 397};
    incstat_trend_options o = {0};
    o.methods = INCSTAT_TREND_CHANGEPOINTS;
    for (int c = 0; c < 2; c++) {
        o.cp_cost = c ? INCSTAT_TREND_CP_POISSON : INCSTAT_TREND_CP_NEGBIN;
        incstat_trend_result *r = fit(x, y, NULL, N_OF(x), &o);
        assert_int_equal(r->cp.n_segments, 2);
        assert_true(r->cp.segments[1].year_start == 2021);
        incstat_trend_result_free(r);
    }
    o.cp_cost = INCSTAT_TREND_CP_NEGBIN;
    incstat_trend_result *r = fit(R_SM_PBC_KILLED_X, R_SM_PBC_KILLED_Y, NULL, 22, &o);
    assert_true(r->cp.n_segments >= 2 && r->cp.n_segments <= 5);
    assert_int_equal(r->cp.cost_kind, INCSTAT_TREND_CP_NEGBIN);
    assert_true(r->cp.theta > 0 && isfinite(r->cp.theta));
    assert_close(r->cp.penalty, 3 * log(22), 1e-15);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(incstat_trend_write_json(r, f, NULL), INCSTAT_OK);
    fclose(f);
    assert_non_null(strstr(buf, "\"changepoint_method\": \"PELT, negative binomial cost\""));
    assert_non_null(strstr(buf, "\"changepoint_dispersion\": "));
    assert_non_null(strstr(buf, "\"changepoint_penalty\": "));
    free(buf);
    incstat_trend_result_free(r);
    o.cp_cost = INCSTAT_TREND_CP_POISSON;
    r = fit(R_SM_PBC_KILLED_X, R_SM_PBC_KILLED_Y, NULL, 22, &o);
    assert_int_equal(r->cp.n_segments, 9); /* 8 changes */
    assert_true(isnan(r->cp.theta));
    incstat_trend_result_free(r);
    /* not overdispersed: the NB cost falls back to Poisson's, and says so */
    const double flat[] = {10, 11, 10, 12, 11, 12, 13, 12, 14, 13};
    o.cp_cost = INCSTAT_TREND_CP_NEGBIN;
    r = fit(x, flat, NULL, N_OF(flat), &o);
    assert_int_equal(r->cp.cost_kind, INCSTAT_TREND_CP_POISSON);
    assert_true(isinf(r->cp.theta));
    assert_non_null(r->cp.note);
    incstat_trend_result_free(r);
}

/* The NB cost written out independently: -2 log-likelihood of rows [s, t)
 * with level lambda = sum y / sum e, up to terms that do not depend on the
 * segmentation. */
static double nb_cost(const double *y, const double *e, size_t s, size_t t, double th)
{
    double sy = 0, se = 0, c = 0;
    for (size_t i = s; i < t; i++) {
        sy += y[i];
        se += e ? e[i] : 1;
    }
    if (sy == 0)
        return 0;
    for (size_t i = s; i < t; i++) {
        double mu = sy / se * (e ? e[i] : 1);
        c += -2 * (th * log(th / (th + mu)) + y[i] * log(mu / (th + mu)));
    }
    return c;
}

/* The final segmentation is the exact optimum for the theta it reports:
 * exhaustive optimal partitioning with that theta and penalty (segments of
 * at least 2) gives the same first rows. */
static void check_nb_optimal(const double *y, const double *e, size_t m)
{
    double x[64], F[65];
    size_t last[65];
    assert_true(m <= 64);
    for (size_t i = 0; i < m; i++)
        x[i] = 1990 + (double)i;
    incstat_trend_options o = {0};
    o.methods = INCSTAT_TREND_CHANGEPOINTS;
    o.rate_per = 1;
    incstat_trend_result *r = fit(x, y, e, m, &o);
    double th = r->cp.theta, pen = r->cp.penalty;
    if (!(isfinite(th))) {
        incstat_trend_result_free(r);
        return;
    }
    F[0] = -pen;
    for (size_t t = 2; t <= m; t++) {
        int have = 0;
        for (size_t s = 0; s + 2 <= t; s++) {
            if (s == 1)
                continue;
            double v = F[s] + nb_cost(y, e, s, t, th) + pen;
            if (!have || v < F[t] - 1e-9 * fabs(F[t])) {
                F[t] = v;
                last[t] = s;
                have = 1;
            }
        }
    }
    size_t starts[64], k = 0;
    for (size_t t = m; t > 0; t = last[t])
        starts[k++] = last[t];
    assert_int_equal(r->cp.n_segments, k);
    for (size_t i = 0; i < k; i++)
        assert_int_equal(r->cp.segments[i].first, starts[k - 1 - i]);
    incstat_trend_result_free(r);
}

static void test_cp_nb_exact(void **state)
{
    (void)state;
    check_nb_optimal(R_SM_PBC_KILLED_Y, NULL, 22);
    check_nb_optimal(R_SM_UCDP_V25_Y, NULL, 36);
    check_nb_optimal(R_SM_NA_DRONE_Y, NULL, 15);
    check_nb_optimal(R_SM_PBC_PER_ATTACK_Y, R_SM_PBC_PER_ATTACK_E, 15);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 7);
    double y[40], e[40];
    for (int rep = 0; rep < 40; rep++) {
        size_t m = 8 + (size_t)rep % 30;
        double mean = 20 + 300 * gsl_rng_uniform(rng);
        for (size_t i = 0; i < m; i++) {
            if (gsl_rng_uniform(rng) < 0.15)
                mean = 20 + 300 * gsl_rng_uniform(rng);
            e[i] = 0.5 + gsl_rng_uniform_int(rng, 4);
            y[i] = gsl_ran_negative_binomial(rng, 2 / (2 + mean * e[i]), 2);
        }
        check_nb_optimal(y, NULL, m);
        check_nb_optimal(y, e, m);
    }
    gsl_rng_free(rng);
}

/* ---- bad input for the smooth and the words ---------------------------- */

static void assert_no_nan_json(const incstat_trend_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(incstat_trend_write_json(r, f, NULL), INCSTAT_OK);
    assert_int_equal(incstat_trend_write_text(r, f, NULL), INCSTAT_OK);
    fclose(f);
    assert_null(strstr(buf, "nan"));
    assert_null(strstr(buf, "NaN"));
    free(buf);
}

static incstat_trend_result *fit_all(const double *x, const double *y, size_t n)
{
    incstat_trend_options o = {0};
    o.metric = "killed";
    return fit(x, y, NULL, n, &o);
}

static void test_smooth_bad_input(void **state)
{
    (void)state;
    const double x[] = {2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012};
    /* short series: 3 to 5 years give df 1 only (floor(n / 4) = 1) */
    const double y5[] = {4, 9, 3, 12, 20};
    for (size_t n = 3; n <= 5; n++) {
        incstat_trend_result *r = fit_all(x, y5, n);
        assert_int_equal(r->smooth.status, INCSTAT_OK);
        assert_int_equal(r->smooth.df, 1);
        assert_false(r->smooth.better_than_loglinear);
        assert_no_nan_json(r);
        incstat_trend_result_free(r);
    }
    /* a fixed df too large for the series */
    incstat_trend_options o = {0};
    o.smooth_df = 5;
    incstat_trend_result *r = fit(x, y5, NULL, 5, &o);
    assert_int_equal(r->smooth.status, INCSTAT_EDOMAIN);
    assert_non_null(r->smooth.note);
    assert_no_nan_json(r);
    incstat_trend_result_free(r);
    /* all zeros */
    const double zero[12] = {0};
    r = fit_all(x, zero, 12);
    assert_int_equal(r->smooth.status, INCSTAT_EDOMAIN);
    assert_null(r->smooth.fitted);
    assert_no_nan_json(r);
    incstat_trend_result_free(r);
    /* one huge year, leading and trailing zeros, a gap, midpoints */
    const double huge[] = {12, 15, 9, 14, 11, 20000, 13, 10, 16, 12, 14, 11};
    const double zeros[] = {0, 0, 0, 5, 40, 160, 300, 210, 90, 20, 0, 0};
    const double gap[] = {30, 41, NAN, 55, 80, 120, NAN, 260, 240, 180, 150, 140};
    const double half[] = {3.5, 7, 12.5, 30, 61.5, 90, 140.5, 120, 95.5, 60, 41.5, 30};
    const double *ys[] = {huge, zeros, gap, half};
    for (size_t k = 0; k < N_OF(ys); k++) {
        r = fit_all(x, ys[k], 12);
        if (r->smooth.status == INCSTAT_OK) {
            assert_non_null(r->smooth.fitted);
            for (size_t i = 0; i < 12; i++)
                if (!isnan(ys[k][i]))
                    assert_true(isfinite(r->smooth.fitted[i]) &&
                                r->smooth.lower[i] <= r->smooth.fitted[i] &&
                                r->smooth.fitted[i] <= r->smooth.upper[i]);
        } else {
            assert_non_null(r->smooth.note);
        }
        char buf[512];
        assert_int_equal(incstat_trend_describe(r, buf, sizeof buf, NULL), INCSTAT_OK);
        assert_true(strlen(buf) > 10);
        assert_null(strstr(buf, "nan"));
        assert_no_nan_json(r);
        incstat_trend_result_free(r);
    }
    /* counts only in the last year: no finite fit, said so, no number */
    const double last[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6};
    r = fit_all(x, last, 12);
    assert_int_equal(r->smooth.status, INCSTAT_EDOMAIN);
    assert_non_null(strstr(r->smooth.note, "last period"));
    assert_null(r->smooth.fitted);
    char words[256];
    assert_int_equal(incstat_trend_describe(r, words, sizeof words, NULL), INCSTAT_EDOMAIN);
    assert_no_nan_json(r);
    incstat_trend_result_free(r);
    /* the gap is still predicted (inside the range) */
    r = fit_all(x, gap, 12);
    assert_true(isfinite(r->smooth.fitted[2]));
    incstat_trend_result_free(r);
    /* not overdispersed: the Poisson GLM on the spline */
    const double under[] = {10, 11, 10, 12, 11, 12, 13, 12, 14, 13, 14, 15};
    r = fit_all(x, under, 12);
    assert_int_equal(r->smooth.status, INCSTAT_OK);
    assert_true(r->smooth.theta_infinite);
    assert_no_nan_json(r);
    incstat_trend_result_free(r);
    /* bad option */
    o.smooth_df = 8;
    incstat_error err;
    assert_int_equal(incstat_trend_fit(x, y5, NULL, 5, &o, &r, &err), INCSTAT_EINVAL);
    assert_null(r);
}

/* The words: rise, peak and fall with years and levels. */
static void test_describe(void **state)
{
    (void)state;
    char buf[512];
    incstat_trend_result *r = fit_all(R_SM_UCDP_V25_X, R_SM_UCDP_V25_Y, 36);
    assert_int_equal(incstat_trend_describe(r, buf, sizeof buf, NULL), INCSTAT_OK);
    /* the turns are the smooth's (R_SM_UCDP_V25_FIT: lowest 77.6 in 1999, highest
     * 6,601 in 2010, lowest after it 553 in 2019); the counts quoted are the
     * recorded ones around them (R_SM_UCDP_V25_Y: 42 in 2001, 7,512 in 2009, 293
     * in 2019, 1,885 in 2024), and the fitted levels are named as fitted */
    assert_true(R_SM_UCDP_V25_Y[2001 - 1989] == 42 && R_SM_UCDP_V25_Y[2009 - 1989] == 7512 &&
                R_SM_UCDP_V25_Y[2019 - 1989] == 293 && R_SM_UCDP_V25_Y[2024 - 1989] == 1885);
    assert_string_equal(buf, "killed rose from 42 in 2001 to a peak of 7,512 in 2009, fell to 293 "
                             "in 2019, and has risen since, to 1,885 in 2024; the fitted smooth "
                             "trend was about 78 a year in 1998-2000, a peak of about 6,600 in "
                             "2010-2011, a low of about 550 in 2019 and about 1,400 in 2024");
    assert_int_equal(incstat_trend_describe(r, buf, 8, NULL), INCSTAT_OK);
    assert_int_equal(strlen(buf), 7);
    assert_int_equal(incstat_trend_describe(NULL, buf, 8, NULL), INCSTAT_EINVAL);
    incstat_trend_result_free(r);
    /* a plain rise: the log-linear trend */
    const double x[] = {2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008};
    const double y[] = {10, 13, 17, 22, 29, 38, 49, 64};
    r = fit_all(x, y, 8);
    assert_int_equal(incstat_trend_describe(r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_non_null(strstr(buf, "killed rose by about 30% a year"));
    incstat_trend_result_free(r);
}

/* A result built by hand: a smooth that leads, with these fitted levels
 * and recorded counts (y may hold NaN), and change points at cps (years,
 * up > 0 or down < 0 from the segment before) when ncp >= 0; ncp < 0 runs
 * none. */
typedef struct {
    incstat_trend_result r;
    double x[12], v[12], y[12];
    incstat_trend_segment seg[4];
} hand;

static void hand_new(hand *h, const double *v, const double *y, int ncp, const int *cp_year,
                     const int *cp_up)
{
    memset(h, 0, sizeof *h);
    incstat_trend_result *r = &h->r;
    r->metric = "killed";
    r->unit = "year";
    r->per_unit = 1;
    r->n = r->n_used = 12;
    r->conf_level = 0.95;
    for (size_t i = 0; i < 12; i++) {
        h->x[i] = 2001 + (double)i;
        h->v[i] = v[i];
        h->y[i] = y[i];
    }
    r->x = h->x;
    r->y = h->y;
    r->methods = INCSTAT_TREND_ALL;
    r->smooth.status = INCSTAT_OK;
    r->smooth.df = 3;
    r->smooth.better_than_loglinear = 1;
    r->smooth.fitted = h->v;
    r->negbin.status = r->poisson.status = INCSTAT_EDOMAIN;
    r->cp.status = ncp < 0 ? INCSTAT_EINVAL : INCSTAT_OK;
    if (ncp < 0)
        return;
    double level = 50;
    h->seg[0].year_start = 2001;
    h->seg[0].mean = level;
    for (int k = 0; k < ncp; k++) {
        level *= cp_up[k] > 0 ? 3 : 1 / 3.0;
        h->seg[k + 1].year_start = cp_year[k];
        h->seg[k + 1].mean = level;
    }
    r->cp.segments = h->seg;
    r->cp.n_segments = (size_t)ncp + 1;
}

/* The shape's sentence and the reconciliation on hand-built curves: counts
 * read around the smooth's turns, the fallback to the fitted curve when a
 * turn has no count or the counts do not rise and fall with the curve, a
 * flat curve, and the change points set against the shape (issue 24). */
static void test_describe_hand(void **state)
{
    (void)state;
    /* turns at 2001 (trough), 2005 (peak), 2009 (trough), 2012 (end) */
    const double v[12] = {10, 20, 40, 80, 120, 100, 60, 30, 20, 25, 40, 60};
    const double y[12] = {12, 18, 45, 70, 131, 95, 64, 27, 17, 30, 38, 66};
    char buf[1024];
    hand h;
    hand_new(&h, v, y, 0, NULL, NULL);
    assert_int_equal(incstat_trend_describe(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "killed rose from 12 in 2001 to a peak of 131 in 2005, fell to 17 in "
                             "2009, and has risen since, to 66 in 2012; the fitted smooth trend "
                             "was about 10 a year in 2001, a peak of about 120 in 2005, a low of "
                             "about 20 in 2009 and about 60 in 2012");
    /* no change point at all: said not to contradict the shape */
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "This does not contradict the rises and falls above: the search "
                             "looks for sudden shifts between steady levels, weighed against how "
                             "widely the counts vary from year to year, and they are gradual or "
                             "within that spread");
    /* a change up in 2003 matches the first rise; the fall and the last rise
     * have none */
    const int year1[] = {2003}, up1[] = {1};
    hand_new(&h, v, y, 1, year1, up1);
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "The change points mark only sudden shifts, large against how "
                             "widely the counts vary from year to year: the fall from 2005 to "
                             "2009 and the rise since 2009 are gradual or within that spread, "
                             "not such a shift");
    /* every move with its change point: nothing to reconcile */
    const int year3[] = {2003, 2007, 2011}, up3[] = {1, -1, 1};
    hand_new(&h, v, y, 3, year3, up3);
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "");
    /* a change point up where the curve falls does not match the fall */
    const int year_wrong[] = {2003, 2007, 2011}, up_wrong[] = {1, 1, 1};
    hand_new(&h, v, y, 3, year_wrong, up_wrong);
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_non_null(strstr(buf, ": the fall from 2005 to 2009 is gradual"));
    /* no change-point search run: nothing said */
    hand_new(&h, v, y, -1, NULL, NULL);
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "");

    /* the peak's counts unknown: the fitted curve alone, named as fitted */
    double y_gap[12];
    memcpy(y_gap, y, sizeof y_gap);
    for (int i = 3; i <= 6; i++)
        y_gap[i] = NAN;
    hand_new(&h, v, y_gap, 0, NULL, NULL);
    assert_int_equal(incstat_trend_describe(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "on the fitted smooth trend, killed rose from about 10 a year in 2001 "
                             "to a peak of about 120 in 2005, fell to about 20 in 2009, and has "
                             "risen since 2009 (about 60 in 2012)");
    /* counts that do not fall with the curve (17 in 2009 replaced by 140):
     * the fitted curve again, never a "fall" to a higher count */
    double y_odd[12];
    memcpy(y_odd, y, sizeof y_odd);
    y_odd[7] = y_odd[8] = y_odd[9] = 140;
    hand_new(&h, v, y_odd, 0, NULL, NULL);
    assert_int_equal(incstat_trend_describe(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_non_null(strstr(buf, "on the fitted smooth trend, killed rose from about 10"));

    /* a flat curve: the range recorded and the range fitted */
    const double vf[12] = {40, 42, 44, 45, 44, 42, 41, 40, 39, 40, 41, 43};
    const double yf[12] = {31, 55, 47, 38, 52, 36, 44, 29, 49, 41, 33, 50};
    hand_new(&h, vf, yf, 0, NULL, NULL);
    assert_int_equal(incstat_trend_describe(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "killed stayed between 29 and 55 a year from 2001 to 2012; the fitted "
                             "smooth trend stayed between about 39 and 45 a year");
    /* a flat curve is no rise or fall to reconcile */
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "");

    /* bad arguments */
    assert_int_equal(incstat_trend_reconcile(NULL, buf, sizeof buf, NULL), INCSTAT_EINVAL);
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, 0, NULL), INCSTAT_EINVAL);
    assert_int_equal(incstat_trend_reconcile(&h.r, NULL, 8, NULL), INCSTAT_EINVAL);
}

/* Without a smooth that leads, the change points against one log-linear
 * trend: a clear rise and no shift, shifts both ways under no clear trend,
 * one shift under no clear trend, a fall against a clear rise. */
static void test_reconcile_loglinear(void **state)
{
    (void)state;
    const double v[12] = {0};
    hand h;
    char buf[512];
    /* a clear rise, no change point */
    hand_new(&h, v, v, 0, NULL, NULL);
    h.r.smooth.status = INCSTAT_EDOMAIN;
    h.r.negbin.status = INCSTAT_OK;
    h.r.negbin.change_pct = 12;
    h.r.negbin.ci_pct[0] = 3.8;
    h.r.negbin.ci_pct[1] = 20;
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "This fits a steady rise: the search looks for sudden shifts between "
                             "steady levels, weighed against how widely the counts vary from year "
                             "to year, and a gradual rise is not one");
    /* a fall in 2010 against that rise */
    const int y1[] = {2010}, down[] = {-1};
    hand_new(&h, v, v, 1, y1, down);
    h.r.smooth.status = INCSTAT_EDOMAIN;
    h.r.negbin.status = INCSTAT_OK;
    h.r.negbin.change_pct = 12;
    h.r.negbin.ci_pct[0] = 3.8;
    h.r.negbin.ci_pct[1] = 20;
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "The steady rise averages over the whole series: the level also fell "
                             "in 2010");
    /* no clear trend, shifts up and down */
    const int y2[] = {2004, 2009}, ud[] = {1, -1};
    hand_new(&h, v, v, 2, y2, ud);
    h.r.smooth.status = INCSTAT_EDOMAIN;
    h.r.negbin.status = INCSTAT_OK;
    h.r.negbin.change_pct = -2;
    h.r.negbin.ci_pct[0] = -8.7;
    h.r.negbin.ci_pct[1] = 5.3;
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "One steady trend shows no clear change because the level moved both "
                             "ways: it averages the shifts up and down");
    /* no clear trend, one shift up */
    h.r.cp.n_segments = 2;
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "One steady rate of change fits a sudden shift poorly, which is why "
                             "the log-linear trend is unclear while the shift is not");
    /* no clear trend and no shift: they agree, nothing said */
    h.r.cp.n_segments = 1;
    assert_int_equal(incstat_trend_reconcile(&h.r, buf, sizeof buf, NULL), INCSTAT_OK);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest smooth[] = {
        cmocka_unit_test(test_smooth_pbc),
        cmocka_unit_test(test_smooth_pbc_best),
        cmocka_unit_test(test_smooth_ucdp),
        cmocka_unit_test(test_smooth_drone),
        cmocka_unit_test(test_smooth_owid),
        cmocka_unit_test(test_smooth_offset),
        cmocka_unit_test(test_smooth_bad_input),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_describe_hand),
        cmocka_unit_test(test_reconcile_loglinear),
    };
    const struct CMUnitTest cp[] = {
        cmocka_unit_test(test_cp_simulation),
        cmocka_unit_test(test_cp_clean_break_and_pbc),
        cmocka_unit_test(test_cp_nb_exact),
    };
    int fails = cmocka_run_group_tests_name("trend_smooth", smooth, NULL, NULL);
    fails += cmocka_run_group_tests_name("trend_changepoints_negbin", cp, NULL, NULL);
    return fails;
}
