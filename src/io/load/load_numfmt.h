/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_numfmt.h (private to the loader's files): the number format of
 * each column, decided once from the rows after the header (load_numfmt.c),
 * and what the loader notes about number cells as it reads them. */
#ifndef INCSTAT_SRC_LOAD_NUMFMT_H
#define INCSTAT_SRC_LOAD_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#include <math.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/load/infer.h"

/* Rows read ahead to decide the formats. */
#define INCSTAT_NUMFMT_SAMPLE_ROWS 2000

/* Decide the format of each number column: the mapped number fields, and
 * with infer_types every column.  given is --decimal ('.', ',' or 0).  The
 * rows are read ahead with a second reader over the same plain file, or over
 * path opened again when compressed; standard input and library readers are
 * decided by the delimiter's prior alone.  Sets the columns'
 * number, median, max and second_max and the report's number_prior and
 * number_sample_rows.  Errors: ENOMEM, EIO. */
incstat_status incstat_loader_decide_numbers_(incstat_loader *ld, char given, const char *path,
                                              incstat_error *err);

/* The slow part of incstat_loader_note_count_ and _number_. */
void incstat_loader_note_cell_(incstat_column_report *cr, const char *s, size_t n,
                               const double v[3], int count, uint64_t line);

/* x is a whole number or a half ("2.5": the midpoint of a range). */
static inline int incstat_numfmt_whole_or_half_(double x)
{
    double y = 2 * x;
    return !(y < 4503599627370496.0 && y > -4503599627370496.0) || (double)(int64_t)y == y;
}

/* A column whose cells did not decide its format (only ambiguous cells, or
 * none with a mark in the sample, or no sample) counts each cell that only
 * the prior, or the count evidence, reads: one with a mark three digits from
 * its end. */
static inline int incstat_numfmt_check_ambiguous_(const incstat_column_report *cr,
                                                  const char *s, size_t n)
{
    return n >= 5 && (s[n - 4] == '.' || s[n - 4] == ',') &&
           (cr->number.source <= INCSTAT_NUMFMT_PLAIN ||
            cr->number.source == INCSTAT_NUMFMT_PRIOR ||
            cr->number.source == INCSTAT_NUMFMT_COUNTS);
}

/* After a count cell s[0..n) at line was read as v (low, best, high):
 * ambiguous cells and fractions other than halves. */
static inline void incstat_loader_note_count_(incstat_column_report *cr, const char *s, size_t n,
                                              const double v[3], uint64_t line)
{
    if (INCSTAT_UNLIKELY(incstat_numfmt_check_ambiguous_(cr, s, n) ||
                         !incstat_numfmt_whole_or_half_(v[0]) ||
                         (v[2] != v[0] && !incstat_numfmt_whole_or_half_(v[2]))))
        incstat_loader_note_cell_(cr, s, n, v, 1, line);
}

/* After a number cell (latitude, longitude) was read as x: ambiguous cells. */
static inline void incstat_loader_note_number_(incstat_column_report *cr, const char *s, size_t n,
                                               double x, uint64_t line)
{
    if (INCSTAT_UNLIKELY(incstat_numfmt_check_ambiguous_(cr, s, n))) {
        double v[3] = {x, x, x};
        incstat_loader_note_cell_(cr, s, n, v, 0, line);
    }
}

/* inspect (infer_types): the class of a cell in a column whose numbers are
 * not written the default way ("2,5" is a number in a decimal-comma column,
 * "1.600" an integer), and the cells of an unread column whose sample held
 * only ambiguous values that the prior reads.  One test per cell on the
 * other columns. */
incstat_infer_class incstat_numfmt_infer_slow_(incstat_column_report *cr, const char *s, size_t n,
                                               incstat_infer_class k, const incstat_csv *csv);

static inline incstat_infer_class incstat_numfmt_infer_(incstat_column_report *cr, const char *s,
                                                        size_t n, incstat_infer_class k,
                                                        const incstat_csv *csv)
{
    if (INCSTAT_UNLIKELY(cr->number.nondefault))
        return incstat_numfmt_infer_slow_(cr, s, n, k, csv);
    return k;
}

/* Recognition's sample (load_sample.c): the class of a cell that the default
 * reader takes for text but a decimal comma, or space or apostrophe groups,
 * read as a number ("2,5", "1.234,5", "1'234"): the column's format is not
 * decided yet, so either reading counts. */
incstat_infer_class incstat_numfmt_sample_class_(const char *s, size_t n, incstat_infer_class k);

/* x (at line) against the two largest values of cr so far. */
void incstat_loader_track_(incstat_column_report *cr, double x, uint64_t line);

/* A loaded row: its killed and injured best values against the largest so
 * far of the columns that feed them (ld->max_col).  Inline: the common row
 * is below the second largest and costs two compares. */
#define INCSTAT_LOADER_TRACK_MAX_(ld, inc)                                                   \
    do {                                                                                  \
        for (int k_ = 0; k_ < 2; k_++) {                                                  \
            long c_ = (ld)->max_col[k_];                                                  \
            double x_ = (inc)->num[k_ ? INCSTAT_NUM_INJURED_BEST : INCSTAT_NUM_KILLED_BEST]; \
            if (c_ >= 0 && INCSTAT_UNLIKELY(x_ == x_ &&                                   \
                                            !(x_ <= (ld)->rep.columns[c_].second_max)))    \
                incstat_loader_track_(&(ld)->rep.columns[c_], x_, (inc)->line);           \
        }                                                                                 \
    } while (0)

/* At the end of the input: flag the outliers. */
void incstat_loader_numbers_finish_(incstat_load_report *rep);

/* A fork reads its chunk with the parent's decisions. */
void incstat_loader_numbers_fork_(incstat_column_report *fork, const incstat_column_report *parent);

/* Add a fork's column notes (lines shifted by off) to the parent's. */
void incstat_loader_numbers_absorb_(incstat_column_report *c, const incstat_column_report *s,
                                    uint64_t off);

#endif
