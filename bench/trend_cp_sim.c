/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/trend_cp_sim.c: how often the change-point search raises a false
 * alarm on negative binomial series without a change, and how often it
 * finds a real 3x shift (issue 14's targets).  Public API only.
 *
 *   bash bench/trend_cp_sim.sh build [REPS [COST]]     (builds and runs this)
 *   sim [REPS [COST [PENALTY_PER_LOG_N [MIN_SEGMENT]]]]
 * COST: negbin (default) or poisson; PENALTY_PER_LOG_N 0 = the default.
 * Prints one line per cell: the share of series with >= 1 change point, and
 * for the shift, the share where a change was found within one year of it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "incstat/trend.h"

#define YEARS 25

static int changes(const double *y, size_t n, const incstat_trend_options *o,
                   incstat_trend_result **keep)
{
    double x[200];
    for (size_t i = 0; i < n; i++)
        x[i] = 2000 + (double)i;
    incstat_trend_result *r;
    if (incstat_trend_fit(x, y, NULL, n, o, &r, NULL) != INCSTAT_OK) {
        fprintf(stderr, "fit failed\n");
        exit(1);
    }
    int k = (int)r->cp.n_segments - 1;
    if (keep)
        *keep = r;
    else
        incstat_trend_result_free(r);
    return k;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 1000;
    incstat_trend_options o = {0};
    o.methods = INCSTAT_TREND_CHANGEPOINTS;
    if (argc > 2 && strcmp(argv[2], "poisson") == 0)
        o.cp_cost = INCSTAT_TREND_CP_POISSON;
    double c = argc > 3 ? atof(argv[3]) : 0;
    if (c > 0) {
        o.penalty = INCSTAT_TREND_PENALTY_MANUAL;
        o.penalty_value = c * log((double)YEARS);
    }
    if (argc > 4)
        o.min_segment = (size_t)atoi(argv[4]);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261204);
    const double means[] = {50, 300, 1000}, thetas[] = {0.8, 3, 10};
    double y[YEARS], total = 0, worst = 0;
    printf("no change, %d series per cell, %d years: share with >= 1 change point\n", reps,
           YEARS);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            int alarms = 0;
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < YEARS; i++)
                    y[i] = gsl_ran_negative_binomial(
                        rng, thetas[b] / (thetas[b] + means[a]), thetas[b]);
                alarms += changes(y, YEARS, &o, NULL) > 0;
            }
            double share = (double)alarms / reps;
            total += share / 9;
            worst = fmax(worst, share);
            printf("  mean %5.0f theta %4.1f: %5.1f%%\n", means[a], thetas[b], 100 * share);
        }
    printf("  average %.1f%% (target <= 10%%), worst cell %.1f%% (target <= 20%%)\n",
           100 * total, 100 * worst);
    int found = 0;
    for (int r = 0; r < reps; r++) {
        /* the shift at a year in the middle third, 8..16 */
        int at = 8 + (int)gsl_rng_uniform_int(rng, 9);
        for (int i = 0; i < YEARS; i++)
            y[i] = gsl_ran_negative_binomial(rng, 5 / (5 + (i < at ? 200.0 : 600.0)), 5);
        incstat_trend_result *res;
        changes(y, YEARS, &o, &res);
        for (size_t s = 1; s < res->cp.n_segments; s++)
            if (fabs(res->cp.segments[s].year_start - (2000 + at)) <= 1) {
                found++;
                break;
            }
        incstat_trend_result_free(res);
    }
    printf("3x shift (mean 200 -> 600, theta 5) in the middle third: found within one year "
           "in %.1f%% (target >= 80%%)\n", 100.0 * found / reps);
    gsl_rng_free(rng);
    return 0;
}
