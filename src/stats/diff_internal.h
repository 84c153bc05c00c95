/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/diff_internal.h (private): the diff's state, shared by its
 * matching (diff.c), its yearly comparison (diff_yearly.c) and its writers
 * (diff_write.c). */
#ifndef INCSTAT_SRC_DIFF_INTERNAL_H
#define INCSTAT_SRC_DIFF_INTERNAL_H

#include <math.h>
#include "incstat/diff.h"

typedef struct {
    incstat_diff_record *v;
    size_t n, cap;
} rec_list;

typedef struct {
    long part[16]; /* column index, or -1 for the parsed date */
    size_t n;
    char desc[256];
} diff_keyspec;

struct incstat_diff {
    incstat_diff_options opt;
    incstat_records *old, *new_;
    rec_list lists[3];            /* by incstat_diff_kind */
    incstat_diff_cell *cells;     /* every changed record's cells, in order */
    size_t ncells, ccells;
    size_t *colmap;               /* old column -> new column, SIZE_MAX if none */
    unsigned char *counts_col;    /* old column feeds killed or injured */
    int same_layout;              /* the same columns in the same order */
    const char **cols_added, **cols_removed;
    size_t n_added_cols, n_removed_cols;
    incstat_diff_year *years;
    size_t nyears;
    incstat_diff_match match;
    diff_keyspec kspec_old, kspec_new;
    size_t dup_rep;
    char *dup_text;
};

/* Whether a and b differ only in white space (runs made one, ends dropped);
 * *oom set when out of memory. */
int incstat_diff_space_equal_(const char *a, size_t an, const char *b, size_t bn, int *oom);
/* d->years from yearly summaries of both files (diff_yearly.c).  Errors:
 * ENOMEM. */
incstat_status incstat_diff_yearly_(incstat_diff *d, incstat_error *err);

/* Whether two figures are the same, unknown (NaN) equal to unknown. */
static inline int incstat_diff_same_(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

#endif
