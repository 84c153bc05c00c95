/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/trend_years.c: two years compared, as incstat trend --compare
 * shows them: the per-incident values of each year for the bootstrap (a
 * pass over a loader with the filter applied), and the comparison written
 * as text or JSON (incstat/trend.h).  The statistics themselves are in
 * trend_compare.c. */
#include <math.h>
#include <stdio.h>

#include "incstat/trend.h"
#include "core/internal.h"
#include "core/json.h"
#include "stats/summary_internal.h"

/* Append v to the array *dst of *n values (*cap allocated); -1 when out of
 * memory. */
static int push(double **dst, size_t *n, size_t *cap, double v)
{
    double *p = incstat_array_room(*dst, cap, *n, sizeof *p, 256);
    if (!p)
        return -1;
    *dst = p;
    p[(*n)++] = v;
    return 0;
}

incstat_status incstat_trend_year_values(incstat_loader *ld, const incstat_filter *filter,
                                         int field, int year_a, int year_b, double **va,
                                         size_t *na, double **vb, size_t *nb, incstat_error *err)
{
    if (!ld || !va || !na || !vb || !nb || field < -1 || field >= INCSTAT_NUM_COUNT)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "year values: NULL argument or bad field");
    *va = *vb = NULL;
    *na = *nb = 0;
    size_t ca = 0, cb = 0;
    const incstat_incident *inc;
    incstat_status st;
    while ((st = incstat_loader_next(ld, &inc, err)) == INCSTAT_ROW) {
        if (inc->date.precision == INCSTAT_DATE_NONE || (filter && !incstat_filter_match(filter, inc)))
            continue;
        int y = inc->date.year;
        if (y != year_a && y != year_b)
            continue;
        double v = field < 0 ? 1 : inc->num[field];
        int a = y == year_a;
        if (push(a ? va : vb, a ? na : nb, a ? &ca : &cb, v) != 0) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
            break;
        }
    }
    if (st == INCSTAT_DONE)
        return INCSTAT_OK;
    incstat_free_mem(*va);
    incstat_free_mem(*vb);
    *va = *vb = NULL;
    *na = *nb = 0;
    return st;
}

/* ---- writing ----------------------------------------------------------- */

static void write_json(const incstat_trend_years *y, FILE *out)
{
    double a = y->a, b = y->b;
    fprintf(out, "{\"metric\": \"%s\", \"year_a\": %d, \"year_b\": %d, \"a\": ", y->metric,
            y->year_a, y->year_b);
    incstat_json_num_(out, a);
    fprintf(out, ", \"b\": ");
    incstat_json_num_(out, b);
    fprintf(out, ", \"change_pct\": ");
    incstat_json_num_(out, a > 0 ? 100 * (b / a - 1) : NAN);
    fprintf(out, ",\n \"poisson_test\": ");
    if (y->test) {
        fprintf(out, "{\"rate_ratio_b_over_a\": ");
        incstat_json_num_(out, y->test->ratio);
        fprintf(out, ", \"ci\": [");
        incstat_json_num_(out, y->test->ci[0]);
        fprintf(out, ", ");
        incstat_json_num_(out, y->test->ci[1]);
        fprintf(out, "], \"p_value\": ");
        incstat_json_num_(out, y->test->p_value);
        fprintf(out, "}");
    } else {
        fprintf(out, "null");
    }
    fprintf(out, ",\n \"bootstrap\": ");
    if (y->boot) {
        fprintf(out, "{\"change_pct\": ");
        incstat_json_num_(out, y->boot->estimate);
        fprintf(out, ", \"ci_pct\": [");
        incstat_json_num_(out, y->boot->ci[0]);
        fprintf(out, ", ");
        incstat_json_num_(out, y->boot->ci[1]);
        fprintf(out, "], \"resamples\": %zu, \"seed\": %lu, \"incidents_a\": %zu, "
                     "\"incidents_b\": %zu}", y->boot->n_resamples, y->seed, y->n_a, y->n_b);
    } else {
        fprintf(out, "null");
    }
    fprintf(out, "}\n");
}

static void write_text(const incstat_trend_years *y, FILE *out)
{
    char ga[64], gb[64];
    const char *m = y->metric;
    double a = y->a, b = y->b;
    incstat_grouped_(ga, sizeof ga, a, 0);
    incstat_grouped_(gb, sizeof gb, b, 0);
    /* a change from 0 has no percent */
    if (a > 0)
        fprintf(out, "%s %d: %s    %s %d: %s    change %+.1f%%\n", m, y->year_a, ga, m,
                y->year_b, gb, 100 * (b / a - 1));
    else
        fprintf(out, "%s %d: %s    %s %d: %s    change n/a (from 0)\n", m, y->year_a, ga, m,
                y->year_b, gb);
    const incstat_trend_comparison *c = y->test;
    if (c)
        fprintf(out, "exact Poisson test (R poisson.test(c(%.0f, %.0f))): rate ratio %d/%d %.4g, "
                     "95%% CI %.4g to %.4g, p = %.3g\n", floor(b + 0.5), floor(a + 0.5), y->year_b,
                y->year_a, c->ratio, c->ci[0], c->ci[1], c->p_value);
    const incstat_trend_bootstrap *bs = y->boot;
    if (bs)
        fprintf(out, "bootstrap over incidents (%zu resamples, seed %lu, %zu and %zu incidents): "
                     "change %+.1f%%, 95%% CI %+.1f%% to %+.1f%%\n", bs->n_resamples, y->seed,
                y->n_a, y->n_b, bs->estimate, bs->ci[0], bs->ci[1]);
    if (c && bs)
        fprintf(out, "The exact test treats every death as independent; the bootstrap resamples "
                     "whole incidents, so a few mass-casualty attacks widen it.\n");
}

incstat_status incstat_trend_years_write(const incstat_trend_years *y, int json, FILE *out,
                                         incstat_error *err)
{
    if (!y || !out || !y->metric)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "trend years: NULL argument");
    if (json)
        write_json(y, out);
    else
        write_text(y, out);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "trend years: write failed");
    return INCSTAT_OK;
}
