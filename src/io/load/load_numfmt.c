/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_numfmt.c: the loader's number formats (load_numfmt.h).
 *
 * The decision is made once per column, before the first row is returned,
 * from the rows after the header read ahead by a second reader over the same
 * file (the parallel reader's ranges), so every cell of the column is read
 * the same way and a plain column costs nothing per cell.  The sample also
 * gives each count column its median, against which a count over 1,000
 * times larger is flagged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/load_numfmt.h"
#include "io/load/load_priv.h"

/* The columns that hold counts: killed, injured and their low and high, and
 * incidents (in a wide table, each of the summed categories). */
static int is_count_column(const incstat_loader *ld, size_t c)
{
    static const int fields[] = {MF_KILLED, MF_KILLED_LOW, MF_KILLED_HIGH, MF_INJURED,
                                 MF_INJURED_LOW, MF_INJURED_HIGH, MF_INCIDENTS};
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
        int f = fields[k];
        if (ld->skip_field[f])
            continue;
        if (ld->col[f] == (long)c)
            return 1;
        for (size_t i = 0; ld->n_parts[f] >= 2 && i < ld->n_parts[f]; i++)
            if (ld->parts[f][i] == (long)c) /* a part of a summed field */
                return 1;
    }
    for (size_t k = 0; k < ld->n_sum && !ld->skip_field[MF_INCIDENTS]; k++)
        if (ld->sum_cols[k] == c)
            return 1;
    return 0;
}

/* The columns read as numbers: the mapped number fields, or all of them. */
static int is_number_column(const incstat_loader *ld, size_t c)
{
    if (ld->infer || is_count_column(ld, c))
        return 1;
    return (ld->col[MF_LATITUDE] == (long)c && !ld->skip_field[MF_LATITUDE]) ||
           (ld->col[MF_LONGITUDE] == (long)c && !ld->skip_field[MF_LONGITUDE]);
}

/* The column whose maximum stands for a count field: its best column, else
 * its high one; -1 when neither is read. */
static long max_column(const incstat_loader *ld, int best)
{
    if (ld->skip_field[best])
        return -1;
    return ld->col[best] >= 0 ? ld->col[best] : ld->col[best + 2];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The positive values of one count column in the sample, read both ways
 * (v[0] with a decimal point, v[1] with a decimal comma) until the format is
 * decided, for its median. */
typedef struct {
    long col;
    double *v[2];
    size_t n[2];
} median_acc;

static void collect(const incstat_loader *ld, median_acc *m, const char *s, size_t n)
{
    const unsigned any = INCSTAT_GROUP_COMMA | INCSTAT_GROUP_DOT | INCSTAT_GROUP_NBSP |
                         INCSTAT_GROUP_SPACE | INCSTAT_GROUP_APOSTROPHE;
    for (int k = 0; k < 2; k++) {
        incstat_number_format f = {k ? ',' : '.', any};
        double best;
        unsigned notes;
        if (incstat_value_parse_count_fmt(s, n, &f, ld->codes, ld->n_codes, NULL, &best, NULL,
                                          &notes) != INCSTAT_VALUE_INVALID &&
            !notes && best > 0) /* as the loader counts them: not "1e9" */
            m->v[k][m->n[k]++] = best;
    }
}

static double median_of(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : v[n / 2 - 1] / 2 + v[n / 2] / 2;
}

/* What the sample looks for in a column. */
enum { COL_NONE, COL_NUMBER, COL_COUNT };

/* Read up to INCSTAT_NUMFMT_SAMPLE_ROWS rows after the header: the number
 * columns' evidence into ev (kind[c]: COL_*), the count columns' values into
 * m[0..nm). */
static incstat_status sample_rows(incstat_loader *ld, const char *path,
                                  const unsigned char *kind, incstat_number_evidence *ev,
                                  median_acc *m, size_t nm, incstat_error *err)
{
    incstat_csv *rd;
    incstat_status st = incstat_loader_open_sampler_(ld, path, UINT64_MAX, &rd, err);
    if (st || !rd)
        return st;
    uint64_t rows = 0;
    while (rows < INCSTAT_NUMFMT_SAMPLE_ROWS && (st = incstat_csv_next(rd, NULL)) == INCSTAT_ROW) {
        rows++;
        size_t nf = incstat_csv_field_count(rd);
        for (size_t c = 0; c < ld->ncols && c < nf; c++) {
            if (kind[c] == COL_NONE)
                continue;
            size_t n;
            const char *s = incstat_csv_field(rd, c, &n);
            if (!s)
                continue;
            incstat_numfmt_observe(&ev[c], s, n);
            if (kind[c] == COL_COUNT)
                incstat_numfmt_observe_count(&ev[c], s, n);
            for (size_t k = 0; k < nm; k++)
                if (m[k].col == (long)c)
                    collect(ld, &m[k], s, n);
        }
    }
    incstat_csv_free(rd);
    ld->rep.number_sample_rows = rows;
    /* a sample cut short by a broken record still decides: the loader
     * reports the record itself */
    return st == INCSTAT_ENOMEM ? incstat_set_error(err, st, 0, 0, "out of memory") : INCSTAT_OK;
}

/* The killed and injured columns whose medians are wanted (one when they
 * are the same column). */
static size_t median_columns(const incstat_loader *ld, median_acc *m)
{
    size_t nm = 0;
    long cols[2] = {max_column(ld, MF_KILLED), max_column(ld, MF_INJURED)};
    for (int k = 0; k < 2; k++)
        if (cols[k] >= 0 && !(nm == 1 && m[0].col == cols[k]))
            m[nm++].col = cols[k];
    return nm;
}

incstat_status incstat_loader_decide_numbers_(incstat_loader *ld, char given, const char *path,
                                              incstat_error *err)
{
    incstat_load_report *r = &ld->rep;
    r->number_prior = incstat_csv_delimiter(ld->csv) == ';' ? ',' : '.';
    for (size_t c = 0; c < ld->ncols; c++) {
        r->columns[c].median = r->columns[c].max = r->columns[c].second_max = NAN;
        r->columns[c].first_ambiguous_value = NAN;
    }
    ld->max_col[0] = max_column(ld, MF_KILLED);
    ld->max_col[1] = max_column(ld, MF_INJURED);
    if (ld->max_col[1] == ld->max_col[0])
        ld->max_col[1] = -1;
    median_acc m[2];
    memset(m, 0, sizeof m);
    size_t nm = median_columns(ld, m);
    incstat_number_evidence *ev = incstat_calloc(ld->ncols ? ld->ncols : 1, sizeof *ev);
    unsigned char *kind = incstat_calloc(ld->ncols ? ld->ncols : 1, 1);
    incstat_status st = ev && kind ? INCSTAT_OK : INCSTAT_ENOMEM;
    for (size_t c = 0; !st && c < ld->ncols; c++)
        kind[c] = is_count_column(ld, c) ? COL_COUNT : is_number_column(ld, c) ? COL_NUMBER
                                                                                : COL_NONE;
    for (size_t k = 0; k < nm && !st; k++)
        for (int j = 0; j < 2 && !st; j++)
            if (!(m[k].v[j] = incstat_malloc(INCSTAT_NUMFMT_SAMPLE_ROWS * sizeof(double))))
                st = INCSTAT_ENOMEM;
    if (st)
        st = incstat_set_error(err, st, 0, 0, "out of memory");
    if (!st)
        st = sample_rows(ld, path, kind, ev, m, nm, err);
    for (size_t c = 0; !st && c < ld->ncols; c++)
        if (kind[c] != COL_NONE)
            incstat_numfmt_decide(&ev[c], given, r->number_prior, &r->columns[c].number);
    for (size_t k = 0; k < nm; k++) {
        int j = r->columns[m[k].col].number.format.decimal == ',';
        if (!st)
            r->columns[m[k].col].median = median_of(m[k].v[j], m[k].n[j]);
        incstat_free_mem(m[k].v[0]);
        incstat_free_mem(m[k].v[1]);
    }
    incstat_free_mem(ev);
    incstat_free_mem(kind);
    return st;
}

void incstat_loader_numbers_finish_(incstat_load_report *rep)
{
    for (size_t i = 0; i < rep->n_columns; i++) {
        incstat_column_report *c = &rep->columns[i];
        c->outlier = c->median > 0 && c->max > 1000 * c->median &&
                     !(c->second_max * 100 >= c->max);
    }
}

void incstat_loader_numbers_fork_(incstat_column_report *fork, const incstat_column_report *parent)
{
    fork->number = parent->number;
    fork->median = parent->median;
    fork->max = fork->second_max = fork->first_ambiguous_value = NAN;
}

void incstat_loader_numbers_absorb_(incstat_column_report *c, const incstat_column_report *s,
                                    uint64_t off)
{
    if (s->ambiguous && c->ambiguous == 0) {
        c->first_ambiguous_line = s->first_ambiguous_line + off;
        c->first_ambiguous_value = s->first_ambiguous_value;
        memcpy(c->first_ambiguous, s->first_ambiguous, sizeof c->first_ambiguous);
    }
    c->ambiguous += s->ambiguous;
    if (s->fractions && c->fractions == 0) {
        c->first_fraction_line = s->first_fraction_line + off;
        memcpy(c->first_fraction, s->first_fraction, sizeof c->first_fraction);
    }
    c->fractions += s->fractions;
    /* the fork's two largest against the parent's, in file order */
    if (!isnan(s->max)) {
        double second = s->second_max;
        incstat_loader_track_(c, s->max, s->max_line + off);
        if (!isnan(second))
            incstat_loader_track_(c, second, 0);
    }
}

