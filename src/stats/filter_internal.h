/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/filter_internal.h (private): the filter's conditions, shared by
 * filter.c (matching) and filter_suggest.c (what to say when nothing
 * matched).  Never installed. */
#ifndef INCSTAT_SRC_STATS_FILTER_INTERNAL_H
#define INCSTAT_SRC_STATS_FILTER_INTERNAL_H

#include "incstat/filter.h"

#define MAX_WHERE 64

typedef struct {
    char *field;
    char *value;
    size_t value_len;
    int substring;
    long col; /* text field index; kept columns follow the canonical ones */
} where;

struct incstat_filter {
    where w[MAX_WHERE];
    size_t n;
    int has_from, has_to;
    incstat_date from, to;
    int bound;
    unsigned lists; /* text fields whose cells may list several values */
};

/* The text of column col (a text field, then the kept columns) of inc, or
 * NULL. */
const incstat_text *incstat_filter_text_of_(const incstat_incident *inc, long col);
/* Whether inc passes the conditions of f, its dates aside. */
int incstat_filter_match_where_(const incstat_filter *f, const incstat_incident *inc);
/* Whether inc passes the one condition w (bound). */
int incstat_filter_value_matches_(const where *w, const incstat_incident *inc, unsigned lists);

#endif
