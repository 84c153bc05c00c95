/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_totals.c: a publisher's totals row as a check on the load
 * (incstat_load_report.totals).  The row is found and skipped in
 * load_row.c; here the loader sums each count column over the rows it
 * loads, keeps the totals row's cells with the sums of the rows above it,
 * and at the end compares them and names the likeliest cause of a
 * difference.  The figures compared are what the row states, column by
 * column: a PBC row holds "Total Died Min" and "Total Died Mix", never the
 * midpoint the loader derives from them. */
#include <math.h>
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/load/load_priv.h"

/* The end of each cell a role's column is summed at: a low column's low
 * end, a high column's high end, else the best value. */
static int own_end(int role)
{
    return role == TOTALS_INCIDENTS ? 1 : (role % 3 == 1 ? 0 : role % 3 == 2 ? 2 : 1);
}

static int role_field(int role)
{
    return role == TOTALS_INCIDENTS ? MF_INCIDENTS : MF_KILLED + role;
}

/* The column of role r, -1 when it is not read. */
static long role_column(const incstat_loader *ld, int role)
{
    int f = role_field(role);
    return ld->skip_field[f] ? -1 : ld->col[f];
}

/* The roles whose columns are read, listed once (a fork lists its own). */
static void list_active(incstat_loader *ld)
{
    struct incstat_totals_acc_ *t = &ld->tot;
    t->n_active = 0;
    for (int r = 0; r < TOTALS_ROLES; r++)
        if (role_column(ld, r) >= 0)
            t->active[t->n_active++] = (unsigned char)r;
    t->listed = 1;
}

/* A cell other than a plain number: a range, open-ended, or unknown at
 * some end. */
static void add_other(struct incstat_totals_acc_ *t, int r, const double *v)
{
    for (int e = 0; e < 3; e++)
        if (!isnan(v[e]))
            t->ends[r][e] += v[e];
    if (isnan(v[2]) && !isnan(v[0])) /* "40+": no high end */
        t->open[r]++;
}

/* Per loaded row: a plain number costs one add and one bit. */
void incstat_loader_totals_add_(incstat_loader *ld)
{
    struct incstat_totals_acc_ *t = &ld->tot;
    if (INCSTAT_UNLIKELY(!t->listed))
        list_active(ld);
    for (unsigned k = 0; k < t->n_active; k++) {
        int r = t->active[k];
        const double *v = t->cell[r];
        double x = v[1];
        if (INCSTAT_LIKELY(x == v[0] && x == v[2])) { /* false for NaN */
            t->plain[r] += x;
        } else {
            add_other(t, r, v);
            x = v[own_end(r)];
        }
        if (x >= 0 && x < TOTALS_SEEN && (double)(unsigned)x == x)
            t->seen[r][(unsigned)x / 64] |= (uint64_t)1 << ((unsigned)x % 64);
    }
}

/* The sum of role r's cells at end e so far. */
static double sum_at(const struct incstat_totals_acc_ *t, int r, int e)
{
    return t->plain[r] + t->ends[r][e];
}

void incstat_loader_totals_keep_(incstat_loader *ld, uint64_t line)
{
    struct incstat_totals_acc_ *t = &ld->tot;
    t->line = line;
    t->rows_above = ld->rep.rows_loaded;
    memcpy(t->stated, t->cell, sizeof t->stated);
    for (int r = 0; r < TOTALS_ROLES; r++)
        for (int e = 0; e < 3; e++)
            t->above[r][e] = sum_at(t, r, e);
}

void incstat_loader_totals_absorb_(incstat_loader *ld, const incstat_loader *w, uint64_t off)
{
    struct incstat_totals_acc_ *t = &ld->tot;
    const struct incstat_totals_acc_ *s = &w->tot;
    if (s->line) { /* the chunk's last totals row, above it the chunks before */
        t->line = s->line + off;
        t->rows_above = ld->rep.rows_loaded + s->rows_above;
        memcpy(t->stated, s->stated, sizeof t->stated);
        for (int r = 0; r < TOTALS_ROLES; r++)
            for (int e = 0; e < 3; e++)
                t->above[r][e] = sum_at(t, r, e) + s->above[r][e];
    }
    for (int r = 0; r < TOTALS_ROLES; r++) {
        t->plain[r] += s->plain[r];
        for (int e = 0; e < 3; e++)
            t->ends[r][e] += s->ends[r][e];
        t->open[r] += s->open[r];
        for (size_t k = 0; k < TOTALS_SEEN / 64; k++)
            t->seen[r][k] |= s->seen[r][k];
    }
}

/* Equal up to rounding: half a unit, the rounding of a total of halves. */
static int same(double a, double b)
{
    return fabs(a - b) <= 0.5 + 1e-9 * fmax(fabs(a), fabs(b));
}

static int thousandfold(double a, double b)
{
    if (!(a > 0 && b > 0))
        return 0;
    double q = a / b;
    return fabs(q / 1000 - 1) < 0.01 || fabs(q * 1000 - 1) < 0.01;
}

/* Another sum of the same measure (killed, injured or incidents) that the
 * figure equals: another column's, or this column's at another end. */
static int other_sum(const incstat_loader *ld, int role, incstat_totals_figure *f)
{
    const struct incstat_totals_acc_ *t = &ld->tot;
    int from = role == TOTALS_INCIDENTS ? role : role / 3 * 3;
    int to = role == TOTALS_INCIDENTS ? role + 1 : from + 3;
    for (int r = from; r < to; r++) {
        long c = role_column(ld, r);
        if (c < 0)
            continue;
        for (int k = 0; k < 3; k++) {
            int e = (own_end(r) + k) % 3; /* its own end first */
            if ((r == role && e == f->end) || !same(f->stated, t->above[r][e]))
                continue;
            f->other_column = (size_t)c;
            f->other_end = e;
            return 1;
        }
    }
    return 0;
}

/* Cells the sums leave out that the row's figure may hold: not understood
 * (either way: a publisher's sheet sums "-4" as -4), or, when the row says
 * more, open-ended at a high end or in rows skipped for their extra
 * fields. */
static int left_out(const incstat_loader *ld, const incstat_totals_figure *f)
{
    if (ld->rep.columns[f->column].unparsed)
        return 1;
    return f->stated > f->summed &&
           ((f->end == 2 && f->open_cells) || ld->rep.skipped[INCSTAT_SKIP_TOO_MANY_FIELDS]);
}

static incstat_totals_cause cause(const incstat_loader *ld, int role, incstat_totals_figure *f)
{
    double d = f->summed - f->stated;
    if (same(f->stated, f->summed))
        return INCSTAT_TOTALS_AGREES;
    if (thousandfold(f->stated, f->summed))
        return INCSTAT_TOTALS_THOUSAND;
    if (other_sum(ld, role, f))
        return INCSTAT_TOTALS_OTHER_SUM;
    if (left_out(ld, f))
        return INCSTAT_TOTALS_NOT_SUMMED;
    if (d > 0 && d < TOTALS_SEEN && d == floor(d) &&
        (ld->tot.seen[role][(size_t)d / 64] >> ((size_t)d % 64) & 1))
        return INCSTAT_TOTALS_ONE_ROW;
    return INCSTAT_TOTALS_UNEXPLAINED;
}

void incstat_loader_totals_finish_(incstat_loader *ld)
{
    const struct incstat_totals_acc_ *t = &ld->tot;
    incstat_totals_check *c = &ld->rep.totals;
    memset(c, 0, sizeof *c);
    if (!t->line)
        return;
    c->line = t->line;
    c->rows_above = t->rows_above;
    for (int r = 0; r < TOTALS_ROLES; r++) {
        long col = role_column(ld, r);
        int e = own_end(r);
        if (col < 0 || isnan(t->stated[r][e]))
            continue;
        incstat_totals_figure *f = &c->figures[c->n++];
        f->column = (size_t)col;
        f->field = MF_NAMES[role_field(r)];
        f->end = e;
        f->stated = t->stated[r][e];
        f->summed = t->above[r][e];
        f->open_cells = t->open[r];
        f->cause = cause(ld, r, f);
        if (f->cause != INCSTAT_TOTALS_AGREES)
            c->disagree++;
    }
}
