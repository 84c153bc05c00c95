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
    assert_string_equal(buf, "killed rose from about 78 a year in 1998-2000 to a peak of about "
                             "6,600 in 2010-2011, fell to about 550 in 2019, and has risen "
                             "since 2019 (about 1,400 in 2024)");
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
