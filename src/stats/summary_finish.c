/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_finish.c: a summary finished into rows (sorted, the
 * periods without incidents filled in, gaps and the partial last period
 * marked, category spellings merged) with the derived columns (year-on-year
 * change, rank, highest since), and the accessors of the finished rows. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/summary.h"
#include "core/internal.h"
#include "core/sort.h"
#include "stats/summary_internal.h"
#include "stats/summary_state.h"

/* ---- finishing -------------------------------------------------------- */

static int is_gap(const incstat_summary *s, int year)
{
    for (size_t i = 0; i < s->opt.n_gaps; i++)
        if (s->opt.gaps[i] == year)
            return 1;
    return 0;
}

static int key_year(incstat_by_kind kind, int64_t t)
{
    if (kind == INCSTAT_BY_MONTH)
        return (int)((t >= 0 ? t : t - 11) / 12);
    if (kind == INCSTAT_BY_QUARTER)
        return (int)((t >= 0 ? t : t - 3) / 4);
    return (int)t;
}

static int key_sub(incstat_by_kind kind, int64_t t)
{
    if (kind == INCSTAT_BY_MONTH)
        return (int)(t - (int64_t)key_year(kind, t) * 12) + 1;
    if (kind == INCSTAT_BY_QUARTER)
        return (int)(t - (int64_t)key_year(kind, t) * 4) + 1;
    return 0;
}

typedef struct {
    int64_t t;
    uint32_t c[2];
    const agg *a; /* NULL for a filled-in period */
} entry;

static int cmp_code(const incstat_summary *s, size_t k, uint32_t a, uint32_t b)
{
    if (a == b)
        return 0;
    if (a == 0)
        return 1; /* unknown last */
    if (b == 0)
        return -1;
    return strcmp(incstat_dict_str(&s->dicts[k], a), incstat_dict_str(&s->dicts[k], b));
}

static int cmp_entry(const void *pa, const void *pb, void *ctx)
{
    const entry *a = pa, *b = pb;
    const incstat_summary *s = ctx;
    for (size_t k = 0; k < s->nkeys; k++) {
        int c;
        if ((int)k == s->time_key)
            c = (a->t > b->t) - (a->t < b->t);
        else
            c = cmp_code(s, k, a->c[k], b->c[k]);
        if (c)
            return c;
    }
    return 0;
}

/* Within-group order for the series kernels: categories first, then time. */
static int cmp_group_time(const void *pa, const void *pb, void *ctx)
{
    const entry *a = pa, *b = pb;
    const incstat_summary *s = ctx;
    for (size_t k = 0; k < s->nkeys; k++) {
        if ((int)k == s->time_key)
            continue;
        int c = cmp_code(s, k, a->c[k], b->c[k]);
        if (c)
            return c;
    }
    return (a->t > b->t) - (a->t < b->t);
}

static void format_key(const incstat_summary *s, size_t k, const entry *e, char *buf, size_t cap)
{
    if ((int)k == s->time_key) {
        incstat_by_kind kind = s->opt.by[k].kind;
        int y = key_year(kind, e->t), sub = key_sub(kind, e->t);
        if (kind == INCSTAT_BY_MONTH)
            snprintf(buf, cap, "%04d-%02d", y, sub);
        else if (kind == INCSTAT_BY_QUARTER)
            snprintf(buf, cap, "%04d-Q%d", y, sub);
        else
            snprintf(buf, cap, "%d%s", y, s->sub_unknown == INCSTAT_BY_MONTH     ? "-??"
                                         : s->sub_unknown == INCSTAT_BY_QUARTER ? "-Q?"
                                                                                 : "");
    } else {
        snprintf(buf, cap, "%s", e->c[k] ? incstat_dict_str(&s->dicts[k], e->c[k]) : "(unknown)");
    }
}

/* Figures the input does not hold: unknown, not the 0 of an empty sum. */
static void mark_unknown(incstat_summary_row *r, unsigned unknown)
{
    r->unknown = unknown;
    if (unknown & INCSTAT_UNKNOWN_INCIDENTS)
        r->incidents = 0;
    if (unknown & INCSTAT_UNKNOWN_KILLED) {
        r->killed = r->killed_low = r->killed_high = NAN;
        r->killed_missing = r->killed_low_missing = r->killed_high_missing = 0;
    }
    if (unknown & INCSTAT_UNKNOWN_INJURED) {
        r->injured = r->injured_low = r->injured_high = NAN;
        r->injured_missing = r->injured_low_missing = r->injured_high_missing = 0;
    }
}

/* A table of months summed by year or quarter: the months of the period
 * with no row hold no figure.  The period's killed and injured are the sums
 * of the months that have one, with the others counted as missing (as rows
 * whose figure is unknown), and its count of incidents is unknown. */
static void months_without_row(const incstat_summary *s, const agg *a, incstat_summary_row *r)
{
    incstat_by_kind kind = s->time_key >= 0 ? s->opt.by[s->time_key].kind : INCSTAT_BY_MONTH;
    unsigned want;
    int quarters = s->period_months == 2; /* a quarter's row sets its first month's bit */
    if (kind == INCSTAT_BY_YEAR)
        want = quarters ? 0x492u : 0x1FFEu; /* months 1, 4, 7, 10; or 1..12 */
    else if (kind == INCSTAT_BY_QUARTER && r->sub >= 1 && r->sub <= 4)
        want = (quarters ? 0x2u : 0xEu) << (3 * (r->sub - 1));
    else
        return;
    unsigned have = a->months & want;
    if (have == want)
        return;
    uint64_t gone = (uint64_t)__builtin_popcount(want) - (uint64_t)__builtin_popcount(have);
    if (!(r->unknown & INCSTAT_UNKNOWN_KILLED)) {
        r->killed_missing += gone;
        r->killed_low_missing += gone;
        r->killed_high_missing += gone;
    }
    if (!(r->unknown & INCSTAT_UNKNOWN_INJURED)) {
        r->injured_missing += gone;
        r->injured_low_missing += gone;
        r->injured_high_missing += gone;
    }
    r->months_missing = gone;
    mark_unknown(r, r->unknown | INCSTAT_UNKNOWN_INCIDENTS);
}

static void fill_row(const incstat_summary *s, const entry *e, incstat_summary_row *r);

void incstat_summary_fill_row_(const incstat_summary *s, int64_t t, const agg *a,
                               incstat_summary_row *r)
{
    entry e = {t, {0, 0}, a};
    fill_row(s, &e, r);
}

/* Sum k of a group: the known values, or NaN when every row's is unknown
 * (ACLED rows have no injured: their group's injured is unknown, not 0). */
static double group_sum(const agg *a, int k)
{
    return a->rows > 0 && a->unknown[k] == a->rows ? NAN : a->sum[k];
}

static void fill_row(const incstat_summary *s, const entry *e, incstat_summary_row *r)
{
    memset(r, 0, sizeof *r);
    if (s->time_key >= 0) {
        incstat_by_kind kind = s->opt.by[s->time_key].kind;
        r->year = key_year(kind, e->t);
        r->sub = key_sub(kind, e->t);
        r->missing = is_gap(s, r->year);
    }
    int ek = EST_KILLED[s->opt.estimate];
    if (r->missing) {
        r->killed = r->injured = r->killed_low = r->killed_high = NAN;
        r->injured_low = r->injured_high = NAN;
    } else if (e->a) {
        r->incidents = e->a->incidents;
        r->killed = group_sum(e->a, ek);
        r->injured = group_sum(e->a, 3 + ek);
        r->killed_low = group_sum(e->a, 0);
        r->killed_high = group_sum(e->a, 2);
        r->injured_low = group_sum(e->a, 3);
        r->injured_high = group_sum(e->a, 5);
        r->killed_missing = e->a->unknown[ek];
        r->injured_missing = e->a->unknown[3 + ek];
        r->killed_low_missing = e->a->unknown[0];
        r->killed_high_missing = e->a->unknown[2];
        r->injured_low_missing = e->a->unknown[3];
        r->injured_high_missing = e->a->unknown[5];
    }
    r->killed_yoy = r->killed_yoy_pct = r->incidents_yoy_pct = NAN;
    mark_unknown(r, s->opt.unknown);
    if ((s->rows_periods || (s->opt.unknown & INCSTAT_UNKNOWN_INCIDENTS)) && !e->a)
        /* a table of periods without a row for this one holds no figure for
         * it (OWID leaves out years without attacks), also when a column
         * gives the count of incidents: unknown, not 0 */
        mark_unknown(r, s->opt.unknown | INCSTAT_UNKNOWN_INCIDENTS | INCSTAT_UNKNOWN_KILLED |
                            INCSTAT_UNKNOWN_INJURED);
    else if (s->rows_periods && e->a && e->a->incidents_unknown && !r->missing)
        /* a row of the period whose count of incidents is missing: the
         * period's count is unknown, not a partial sum (nor 1 for the row) */
        mark_unknown(r, r->unknown | INCSTAT_UNKNOWN_INCIDENTS);
    if (s->period_months && e->a && !r->missing)
        months_without_row(s, e->a, r);
}

/* Collect entries: every group seen, plus, with a time key, every period in
 * range for every category combination seen. */
static int collect(incstat_summary *s, entry **out, size_t *n_out)
{
    size_t n = 0, cap = s->nused + 16;
    entry *es = incstat_reallocarray(NULL, cap, sizeof *es);
    if (!es)
        return -1;
    int64_t tmin = INT64_MAX, tmax = INT64_MIN;
    for (size_t i = 0; i < s->nused; i++) {
        es[n].t = s->pool[i].t;
        es[n].c[0] = s->pool[i].c[0];
        es[n].c[1] = s->pool[i].c[1];
        es[n].a = &s->pool[i];
        if (es[n].t < tmin)
            tmin = es[n].t;
        if (es[n].t > tmax)
            tmax = es[n].t;
        n++;
    }
    if (s->time_key >= 0 && n > 0 && !s->sub_unknown) {
        incstat_by_kind kind = s->opt.by[s->time_key].kind;
        int per = kind == INCSTAT_BY_MONTH ? 12 : kind == INCSTAT_BY_QUARTER ? 4 : 1;
        if (s->opt.from_year && (int64_t)s->opt.from_year * per < tmin)
            tmin = (int64_t)s->opt.from_year * per;
        if (s->opt.to_year && (int64_t)s->opt.to_year * per + per - 1 > tmax)
            tmax = (int64_t)s->opt.to_year * per + per - 1;
        /* distinct category combinations */
        if (incstat_sort(es, n, sizeof *es, cmp_group_time, s) != 0) {
            incstat_free_mem(es);
            return -1;
        }
        size_t ngroups_end = n;
        for (size_t i = 0; i < ngroups_end;) {
            size_t j = i;
            while (j < ngroups_end && es[j].c[0] == es[i].c[0] && es[j].c[1] == es[i].c[1])
                j++;
            /* es[i..j) is one category combination in time order */
            size_t k = i;
            for (int64_t t = tmin; t <= tmax; t++) {
                if (k < j && es[k].t == t) {
                    k++;
                    continue;
                }
                if (n == cap) {
                    if (cap > SIZE_MAX / 4 / sizeof *es) {
                        incstat_free_mem(es);
                        return -1;
                    }
                    cap *= 2;
                    entry *ne = incstat_reallocarray(es, cap, sizeof *es);
                    if (!ne) {
                        incstat_free_mem(es);
                        return -1;
                    }
                    es = ne;
                }
                es[n].t = t;
                es[n].c[0] = es[i].c[0];
                es[n].c[1] = es[i].c[1];
                es[n].a = NULL;
                n++;
            }
            i = j;
        }
    }
    *out = es;
    *n_out = n;
    return 0;
}

static void derive(incstat_summary *s, entry *es, size_t n, double *x, double *y, uint64_t *rk,
                   long *since, size_t *work, double *d, double *p, double *pi, size_t *idx)
{
    /* rows are in output order; idx maps group-time order to row index */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && es[idx[j]].c[0] == es[idx[i]].c[0] && es[idx[j]].c[1] == es[idx[i]].c[1])
            j++;
        size_t m = j - i;
        for (size_t k = 0; k < m; k++) {
            const incstat_summary_row *r = &s->rows[idx[i + k]];
            /* a part period is neither ranked nor compared with whole ones,
             * nor a year of a table of months that lacks some months (it sums
             * fewer months than the others) */
            x[k] = r->missing || r->partial || r->months_missing ? NAN : r->killed;
            y[k] = r->missing || r->partial || (r->unknown & INCSTAT_UNKNOWN_INCIDENTS)
                       ? NAN
                       : (double)r->incidents;
        }
        incstat_series_rank(x, m, rk, p); /* p is free until the changes below */
        if (s->time_key >= 0) {
            incstat_series_change(x, m, d, p);
            incstat_series_change(y, m, NULL, pi);
            incstat_series_highest_since(x, m, since, work);
        }
        for (size_t k = 0; k < m; k++) {
            incstat_summary_row *r = &s->rows[idx[i + k]];
            r->killed_rank = rk[k];
            if (s->time_key >= 0) {
                r->killed_yoy = d[k];
                r->killed_yoy_pct = p[k];
                r->incidents_yoy_pct = pi[k];
                r->highest_since = since[k] >= 0 ? s->rows[idx[i + (size_t)since[k]]].key[s->time_key]
                                                 : NULL;
            }
        }
        i = j;
    }
}

typedef struct {
    const incstat_summary *s;
    const entry *es;
} idx_ctx;

static int cmp_idx(const void *pa, const void *pb, void *ctx)
{
    const idx_ctx *c = ctx;
    return cmp_group_time(&c->es[*(const size_t *)pa], &c->es[*(const size_t *)pb], (void *)c->s);
}

/* Re-key every group by code remap[] of key k, merging groups that meet
 * (in the order first seen, so the merged group keeps the earliest place). */
static int remap_key(incstat_summary *s, size_t k, const uint32_t *remap)
{
    agg *old = s->pool;
    agg_slot *old_index = s->index;
    size_t n = s->nused;
    s->pool = incstat_calloc(s->cap_pool, sizeof *s->pool);
    s->index = incstat_calloc(s->nslots, sizeof *s->index);
    if (!s->pool || !s->index) {
        incstat_free_mem(s->pool);
        incstat_free_mem(s->index);
        s->pool = old, s->index = old_index;
        return -1;
    }
    s->nused = 0;
    for (size_t i = 0; i < n; i++) {
        agg a = old[i];
        a.c[k] = remap[a.c[k]];
        size_t j = incstat_summary_find_slot_(s, a.t, a.c[0], a.c[1]);
        if (!s->index[j].idx) { /* fewer groups than before: no growth */
            s->pool[s->nused++] = a;
            s->index[j] = (agg_slot){a.t, {a.c[0], a.c[1]}, (uint32_t)s->nused};
            continue;
        }
        incstat_agg_add_(&s->pool[s->index[j].idx - 1], &a);
    }
    incstat_free_mem(old);
    incstat_free_mem(old_index);
    return 0;
}

/* Categories spelt alike merged, near-identical ones noted (summary_spell.c). */
static int spellings(incstat_summary *s)
{
    for (size_t k = 0; k < s->nkeys; k++) {
        if (s->text_col[k] < 0 || s->dicts[k].n < 3)
            continue;
        uint32_t *remap = incstat_reallocarray(NULL, s->dicts[k].n, sizeof *remap);
        if (!remap)
            return -1;
        int rc = incstat_spellings_(&s->dicts[k], s->key_names[k], remap, s->notes,
                                    sizeof s->notes / sizeof s->notes[0], &s->n_notes);
        if (rc == 1)
            rc = remap_key(s, k, remap);
        incstat_free_mem(remap);
        if (rc < 0)
            return -1;
    }
    return 0;
}

size_t incstat_summary_note_count(const incstat_summary *s) { return s ? s->n_notes : 0; }

const char *incstat_summary_note(const incstat_summary *s, size_t i)
{
    return s && i < s->n_notes ? s->notes[i] : NULL;
}

incstat_status incstat_summary_finish(incstat_summary *s, incstat_error *err)
{
    entry *es = NULL;
    size_t n = 0;
    if (!s)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary");
    if (s->finished)
        return INCSTAT_OK;
    if (s->sub_rows) { /* the rows of the unknown months, by year */
        /* what the input is, known only now (the load report's) */
        incstat_summary *u = s->sub_rows;
        u->opt.unknown = s->opt.unknown;
        u->opt.n_gaps = s->opt.n_gaps;
        memcpy(u->opt.gaps, s->opt.gaps, sizeof u->opt.gaps);
        u->rows_periods = s->rows_periods;
        incstat_status sst = incstat_summary_finish(u, err);
        if (sst)
            return sst;
    }
    if (spellings(s) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (collect(s, &es, &n) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (n == 0) {
        incstat_free_mem(es);
        return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0,
                                 "nothing to summarise: no incident passed the filters%s",
                                 s->unplaced ? " with a usable date" : "");
    }
    if (incstat_sort(es, n, sizeof *es, cmp_entry, s) != 0) {
        incstat_free_mem(es);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    int64_t tpart = NO_TIME;
    incstat_date pdate = {0, 0, 0, INCSTAT_DATE_NONE};
    incstat_status pst = s->time_key >= 0 && !s->sub_unknown ? incstat_span_partial_(s, &pdate, err)
                                                             : INCSTAT_OK;
    if (pst != INCSTAT_OK) {
        incstat_free_mem(es);
        return pst;
    }
    if (pdate.precision != INCSTAT_DATE_NONE)
        tpart = incstat_summary_time_key_(s->opt.by[s->time_key].kind, &pdate);

    /* labels: at most 2 keys of at most 256 bytes each per row */
    s->rows = incstat_calloc(n, sizeof *s->rows);
    s->row_inputs = incstat_calloc(n, sizeof *s->row_inputs);
    s->labels = incstat_malloc(n * 2 * 257);
    double *x = incstat_reallocarray(NULL, n, sizeof *x);
    double *y = incstat_reallocarray(NULL, n, sizeof *y);
    double *d = incstat_reallocarray(NULL, n, sizeof *d);
    double *p = incstat_reallocarray(NULL, n, sizeof *p);
    double *pi = incstat_reallocarray(NULL, n, sizeof *pi);
    uint64_t *rk = incstat_reallocarray(NULL, n, sizeof *rk);
    long *since = incstat_reallocarray(NULL, n, sizeof *since);
    size_t *work = incstat_reallocarray(NULL, n, sizeof *work);
    size_t *idx = incstat_reallocarray(NULL, n, sizeof *idx);
    incstat_status st = INCSTAT_OK;
    if (!s->rows || !s->row_inputs || !s->labels || !x || !y || !d || !p || !pi || !rk || !since ||
        !work || !idx) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        incstat_free_mem(s->rows);
        incstat_free_mem(s->row_inputs);
        incstat_free_mem(s->labels);
        s->rows = NULL;
        s->row_inputs = NULL;
        s->labels = NULL;
        goto out;
    }
    size_t lo = 0;
    for (size_t i = 0; i < n; i++) {
        incstat_summary_row *r = &s->rows[i];
        fill_row(s, &es[i], r);
        s->row_inputs[i] = es[i].a && !r->missing ? es[i].a->rows : 0;
        for (size_t k = 0; k < s->nkeys; k++) {
            char *lab = s->labels + lo;
            format_key(s, k, &es[i], lab, 257);
            r->key[k] = lab;
            lo += strlen(lab) + 1;
        }
    }
    s->nrows = n;
    /* partial: the period the data cover only in part (summary_span.c);
     * periods after it (when the range was widened) are empty, not partial */
    for (size_t i = 0; tpart != NO_TIME && i < n; i++)
        if (es[i].t == tpart)
            s->rows[i].partial = 1;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    idx_ctx ic = {s, es};
    if (incstat_sort(idx, n, sizeof *idx, cmp_idx, &ic) != 0) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto out;
    }
    /* the rows of unknown months stand beside the months: no change, rank
     * or record of their own */
    if (!s->sub_unknown)
        derive(s, es, n, x, y, rk, since, work, d, p, pi, idx);
    s->finished = 1;
out:
    incstat_free_mem(es);
    incstat_free_mem(x);
    incstat_free_mem(y);
    incstat_free_mem(d);
    incstat_free_mem(p);
    incstat_free_mem(pi);
    incstat_free_mem(rk);
    incstat_free_mem(since);
    incstat_free_mem(work);
    incstat_free_mem(idx);
    return st;
}

/* ---- the finished rows ------------------------------------------------ */

size_t incstat_summary_rows(const incstat_summary *s) { return s ? s->nrows : 0; }

/* Add the rows of s into the total out (inputs: the input rows behind
 * them). */
static void add_rows(const incstat_summary *s, incstat_summary_row *out, uint64_t *inputs_)
{
    uint64_t inputs = 0;
    for (size_t i = 0; i < s->nrows; i++) {
        const incstat_summary_row *r = &s->rows[i];
        if (r->missing)
            continue;
        inputs += s->row_inputs[i];
        out->incidents += r->incidents;
        /* a row's unknown sum adds nothing; its missing count says why */
        out->killed += isnan(r->killed) ? 0 : r->killed;
        out->injured += isnan(r->injured) ? 0 : r->injured;
        out->killed_low += isnan(r->killed_low) ? 0 : r->killed_low;
        out->killed_high += isnan(r->killed_high) ? 0 : r->killed_high;
        out->injured_low += isnan(r->injured_low) ? 0 : r->injured_low;
        out->injured_high += isnan(r->injured_high) ? 0 : r->injured_high;
        out->killed_missing += r->killed_missing;
        out->injured_missing += r->injured_missing;
        out->killed_low_missing += r->killed_low_missing;
        out->killed_high_missing += r->killed_high_missing;
        out->injured_low_missing += r->injured_low_missing;
        out->injured_high_missing += r->injured_high_missing;
        /* a period whose count is unknown makes the total unknown */
        out->unknown |= r->unknown & INCSTAT_UNKNOWN_INCIDENTS;
    }
    *inputs_ += inputs;
}

incstat_status incstat_summary_total(const incstat_summary *s, incstat_summary_row *out,
                                     incstat_error *err)
{
    if (!s || !out || !s->finished)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no finished summary");
    memset(out, 0, sizeof *out);
    out->key[0] = "total";
    out->killed_yoy = out->killed_yoy_pct = out->incidents_yoy_pct = NAN;
    uint64_t inputs = 0;
    add_rows(s, out, &inputs);
    if (s->sub_rows) /* the incidents of unknown months count too */
        add_rows(s->sub_rows, out, &inputs);
    /* every input row unknown: the total is unknown too, not the 0 of the
     * periods without incidents */
    if (inputs > 0) {
        if (out->killed_missing == inputs)
            out->killed = NAN;
        if (out->injured_missing == inputs)
            out->injured = NAN;
        if (out->killed_low_missing == inputs)
            out->killed_low = NAN;
        if (out->killed_high_missing == inputs)
            out->killed_high = NAN;
        if (out->injured_low_missing == inputs)
            out->injured_low = NAN;
        if (out->injured_high_missing == inputs)
            out->injured_high = NAN;
    }
    mark_unknown(out, s->opt.unknown | out->unknown);
    return INCSTAT_OK;
}

int incstat_summary_no_incidents_(const incstat_summary *s)
{
    size_t n = incstat_summary_rows(s);
    for (size_t i = 0; i < n; i++)
        if (!(s->rows[i].unknown & INCSTAT_UNKNOWN_INCIDENTS))
            return 0;
    return n > 0;
}

unsigned incstat_summary_chunks(const incstat_summary *s)
{
    return s ? (s->chunks ? s->chunks : 1) : 0;
}

const incstat_summary_row *incstat_summary_row_at(const incstat_summary *s, size_t i)
{
    return (s && i < s->nrows) ? &s->rows[i] : NULL;
}

const char *incstat_summary_key_name(const incstat_summary *s, size_t k)
{
    return (s && k < s->nkeys) ? s->key_names[k] : "";
}

size_t incstat_summary_key_count(const incstat_summary *s) { return s ? s->nkeys : 0; }
uint64_t incstat_summary_unplaced(const incstat_summary *s) { return s ? s->unplaced : 0; }

incstat_date incstat_summary_latest(const incstat_summary *s)
{
    incstat_date d;
    memset(&d, 0, sizeof d);
    return s ? s->latest : d;
}

void incstat_summary_years(const incstat_summary *s, int *first, int *last)
{
    *first = s ? s->first_year : 0;
    *last = s ? s->last_year : 0;
}

int incstat_summary_rows_are_periods_(const incstat_summary *s)
{
    return s->rows_periods;
}

const incstat_summary *incstat_summary_unknown_months(const incstat_summary *s)
{
    return s && s->finished && s->sub_rows && s->sub_rows->nrows ? s->sub_rows : NULL;
}

uint64_t incstat_summary_year_only_(const incstat_summary *s)
{
    return s ? s->year_only : 0;
}

int incstat_summary_quarters_(const incstat_summary *s)
{
    return s && s->period_months == 2;
}
