/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_state.h (private): a summary's state, shared by its
 * three parts: accumulation (row by row, in batches from a loader) and
 * merging (summary.c), finishing into rows with the derived columns and the
 * accessors (summary_finish.c), and the front ends over a loader, serial or
 * in parallel chunks, and over a table (summary_load.c). */
#ifndef INCSTAT_SRC_SUMMARY_STATE_H
#define INCSTAT_SRC_SUMMARY_STATE_H

#include <stdint.h>
#include "incstat/summary.h"
#include "io/load/dict.h"

#define NO_TIME INT64_MIN

typedef struct {
    int64_t t;          /* time key or NO_TIME */
    uint32_t c[2];      /* category codes (0 when unused or unknown) */
    uint64_t incidents;
    /* rows without a count of incidents (NaN): one incident each in a list
     * of incidents; in a table of periods, the group's count is unknown */
    uint64_t incidents_unknown;
    uint64_t rows;      /* input rows: a sum whose every row is unknown is unknown */
    double sum[6];      /* killed low/best/high, injured low/best/high: known values */
    uint64_t unknown[6];
    uint16_t months;    /* bit m: a row of month m (a table of months: which months
                           of a year or quarter have a row) */
} agg;

typedef struct {
    int64_t t;
    uint32_t c[2];
    uint32_t idx;
} agg_slot;

/* Slots of a year in the span sums: 0-365 a day (the year laid out as a leap
 * year: 29 February is 59), 366-377 a month (dates known only to the
 * month), 378 the year (dates known only to the year). */
#define SPAN_MONTH 366
#define SPAN_YEAR 378
#define SPAN_SLOTS 379

typedef struct {
    uint64_t w[6]; /* SPAN_YEAR bits: days and months seen */
} span_seen;

struct incstat_summary {
    incstat_summary_options opt;
    int time_key;        /* index of the time key in by[], or -1 */
    long text_col[2];    /* text column per key, -1 for time keys */
    incstat_dict dicts[2];
    char *key_names[2];
    size_t nkeys;
    /* the input's rows are periods (the load report's rows_periods): a
     * period without a row holds no figure, whatever column gives the count */
    int rows_periods;
    /* ... whose rows are months (1) or quarters (2): a year (or quarter)
     * whose months or quarters do not all have a row holds the sum of those
     * that do, with the others missing */
    int period_months;
    /* By month or quarter: the incidents known to their year alone (GTD's
     * imonth 0) are summed by year in this summary, whose rows are their own
     * ("2013-??"), never January's; NULL when there are none.  In that
     * summary, sub_unknown is the kind whose sub-period it stands for (its
     * labels, no fill of the years between, no changes or ranks). */
    struct incstat_summary *sub_rows;
    int sub_unknown;

    /* The groups, dense in the order first seen, found through an
     * open-addressing index of their keys: a row touches one 24-byte index
     * slot and one group, so a summary of many groups (75,000 by admin1 and
     * month) keeps its working set in cache. */
    agg *pool;
    size_t nused, cap_pool;
    agg_slot *index;     /* idx 0 marks an empty slot, else pool index + 1 */
    size_t nslots;

    uint64_t unplaced;
    uint64_t year_only; /* of them, dated to the year alone (in sub_rows) */
    incstat_date latest;
    incstat_date latest_counted; /* of the incidents counted (as_of's check) */
    int first_year, last_year;   /* of the dated incidents counted; 0: none */
    unsigned chunks;     /* parts the input was read in, in parallel */
    /* Streaming by month or quarter, a date like 6/7/2004 cannot be placed
     * until the loader has seen the whole file decide day/month order: such
     * incidents go to amb[0] read day first and amb[1] read month first,
     * and the end keeps the one the file's order picks. */
    incstat_summary *amb[2];

    /* Dates seen, for the usual gap between incidents (summary_span.c):
     * per year from seen_base, bits 0-365 the days (every year laid out as
     * a leap year), 366-377 the months of dates known only to the month.
     * Order-independent and small (48 bytes a year), so a streaming or
     * chunked read needs no list of dates. */
    span_seen *seen;
    int seen_base;
    size_t seen_n;
    uint64_t n_day_dates, n_month_dates; /* dated incidents by precision */
    int seen_oom;        /* a year's bits could not be allocated: finish fails */
    /* Sums by day of the year, for the same-span comparison: kept by a
     * summary by year alone, per year from span_base (NULL until the year
     * has an incident), SPAN_SLOTS aggregates each. */
    int keep_span;
    agg **span;
    int span_base;
    size_t span_n;
    double usual_gap;    /* measured by finish */
    const char *gap_unit;

    /* results */
    incstat_summary_row *rows;
    uint64_t *row_inputs; /* input rows behind each row, for the totals */
    size_t nrows;
    char *labels;        /* arena of labels */
    int finished;
    char notes[8][INCSTAT_SUMMARY_NOTE_MAX]; /* category spellings (summary_spell.c) */
    size_t n_notes;
};

/* estimate -> sum index */
static const int EST_KILLED[3] = {1, 0, 2};


/* The index slot of key (t, c0, c1): its own, or the empty one where it
 * would go (summary.c). */
size_t incstat_summary_find_slot_(const incstat_summary *s, int64_t t, uint32_t c0, uint32_t c1);

/* Time key of a date for a period kind; NO_TIME when the date is not
 * precise enough (summary.c). */
int64_t incstat_summary_time_key_(incstat_by_kind kind, const incstat_date *d);

/* The span slot of a month and day (29 February is 59 in every year). */
static inline int incstat_day_slot_(int month, int day)
{
    static const int before[12] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};
    return before[month - 1] + day - 1;
}

/* a's figures added into d. */
static inline void incstat_agg_add_(agg *d, const agg *a)
{
    d->incidents += a->incidents;
    d->incidents_unknown += a->incidents_unknown;
    d->rows += a->rows;
    d->months |= a->months;
    for (int m = 0; m < 6; m++) {
        d->sum[m] += a->sum[m];
        d->unknown[m] += a->unknown[m];
    }
}

/* summary_days.c: the date d seen (counted or only covered); the span slot
 * an incident dated d counts in (NULL when s keeps no span sums or d has no
 * year to place it; *oom set when out of memory); s's seen dates and span
 * sums added into dst (-1 when out of memory); a date inside the partial
 * period into *d (precision NONE when none; EINVAL when as_of is before the
 * latest incident counted, ENOMEM); both freed. */
void incstat_span_see_(incstat_summary *s, const incstat_date *d);
agg *incstat_span_slot_(incstat_summary *s, const incstat_date *d, int *oom);
int incstat_span_merge_(incstat_summary *dst, const incstat_summary *src);
incstat_status incstat_span_partial_(incstat_summary *s, incstat_date *d, incstat_error *err);
void incstat_span_free_(incstat_summary *s);

/* The row of period t (categories 0) holding the aggregate a (NULL: no row
 * of the input), as finish fills it (summary_finish.c). */
void incstat_summary_fill_row_(const incstat_summary *s, int64_t t, const agg *a,
                               incstat_summary_row *r);

/* An empty summary of the incidents s (by month or quarter) cannot place
 * for want of the month: by year, with s's other keys (summary.c).  Errors:
 * ENOMEM. */
incstat_status incstat_summary_new_sub_(const incstat_summary *s, incstat_summary **out,
                                        incstat_error *err);

/* An empty summary with s's options and key columns.  Errors: ENOMEM. */
incstat_status incstat_summary_new_like_(const incstat_summary *s, incstat_summary **out,
                                         incstat_error *err);


#endif
