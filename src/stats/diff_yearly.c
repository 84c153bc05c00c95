/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/diff_yearly.c: the diff's yearly comparison: a yearly summary of
 * each release's records, compared year by year into the diff's years
 * (incstat_diff_years). */
#include <math.h>
#include <string.h>

#include "incstat/diff.h"
#include "incstat/summary.h"
#include "core/internal.h"
#include "stats/diff_internal.h"

/* A yearly summary of every record (NULL when none is dated). */
static incstat_status year_summary(const incstat_records *r, incstat_summary **out,
                                   incstat_error *err)
{
    incstat_summary *s;
    *out = NULL;
    incstat_status st = incstat_summary_new(NULL, NULL, 0, &s, err);
    if (st)
        return st;
    for (size_t i = 0; i < incstat_records_count(r) && !st; i++) {
        incstat_incident inc;
        incstat_records_incident(r, i, &inc);
        st = incstat_summary_add(s, &inc, err);
    }
    if (!st)
        st = incstat_summary_finish(s, err);
    if (st == INCSTAT_EEMPTY)
        st = INCSTAT_OK;
    else if (!st)
        *out = s;
    if (!*out)
        incstat_summary_free(s);
    return st;
}

static const incstat_summary_row *year_row(const incstat_summary *s, int year)
{
    size_t n = incstat_summary_rows(s);
    if (!s || n == 0)
        return NULL;
    const incstat_summary_row *r0 = incstat_summary_row_at(s, 0);
    long i = (long)year - r0->year;
    if (i < 0 || (size_t)i >= n)
        return NULL;
    const incstat_summary_row *r = incstat_summary_row_at(s, (size_t)i);
    return r->year == year && !r->missing ? r : NULL;
}

static void fill_year(incstat_diff_year *y, const incstat_summary_row *o,
                      const incstat_summary_row *n)
{
    static const incstat_summary_row none; /* a year without records: 0 incidents */
    if (!o)
        o = &none;
    if (!n)
        n = &none;
    y->incidents_old = o->incidents;
    y->incidents_new = n->incidents;
    y->killed_old = o->killed;
    y->killed_new = n->killed;
    y->killed_low_old = o->killed_low;
    y->killed_low_new = n->killed_low;
    y->killed_high_old = o->killed_high;
    y->killed_high_new = n->killed_high;
    y->injured_old = o->injured;
    y->injured_new = n->injured;
    /* a year whose every figure is unknown is NaN in the summary itself, on
     * each estimate: an unknown total, not 0 */
}

static void year_bounds(const incstat_summary *s, int *lo, int *hi)
{
    size_t n = s ? incstat_summary_rows(s) : 0;
    if (!n)
        return;
    int a = incstat_summary_row_at(s, 0)->year, b = incstat_summary_row_at(s, n - 1)->year;
    if (*lo == 0 || a < *lo)
        *lo = a;
    if (b > *hi)
        *hi = b;
}

incstat_status incstat_diff_yearly_(incstat_diff *d, incstat_error *err)
{
    incstat_summary *so = NULL, *sn = NULL;
    incstat_status st;
    if ((st = year_summary(d->old, &so, err)) != INCSTAT_OK ||
        (st = year_summary(d->new_, &sn, err)) != INCSTAT_OK)
        goto done;
    int lo = 0, hi = -1;
    year_bounds(so, &lo, &hi);
    year_bounds(sn, &lo, &hi);
    if (hi >= lo &&
        !(d->years = incstat_reallocarray(NULL, (size_t)(hi - lo + 1), sizeof *d->years))) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto done;
    }
    for (int year = lo; year <= hi; year++) {
        const incstat_summary_row *o = so ? year_row(so, year) : NULL,
                                  *n = sn ? year_row(sn, year) : NULL;
        if (!o && !n)
            continue;
        incstat_diff_year y;
        memset(&y, 0, sizeof y);
        y.year = year;
        fill_year(&y, o, n);
        if (y.incidents_old != y.incidents_new || !incstat_diff_same_(y.killed_old, y.killed_new) ||
            !incstat_diff_same_(y.killed_low_old, y.killed_low_new) ||
            !incstat_diff_same_(y.killed_high_old, y.killed_high_new) || !incstat_diff_same_(y.injured_old, y.injured_new))
            d->years[d->nyears++] = y;
    }
done:
    incstat_summary_free(so);
    incstat_summary_free(sn);
    return st;
}
