/* src/stats/summary_state.h (private): a summary's state, shared by its
 * three parts: accumulation (row by row, in batches from a loader) and
 * merging (summary.c), finishing into rows with the derived columns and the
 * accessors (summary_finish.c), and the front ends over a loader, serial or
 * in parallel chunks, and over a table (summary_load.c). */
#ifndef INCSTAT_SRC_SUMMARY_STATE_H
#define INCSTAT_SRC_SUMMARY_STATE_H

#include <stdint.h>
#include "incstat/summary.h"
#include "io/dict.h"

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
} agg;

typedef struct {
    int64_t t;
    uint32_t c[2];
    uint32_t idx;
} agg_slot;

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

    /* The groups, dense in the order first seen, found through an
     * open-addressing index of their keys: a row touches one 24-byte index
     * slot and one group, so a summary of many groups (75,000 by admin1 and
     * month) keeps its working set in cache. */
    agg *pool;
    size_t nused, cap_pool;
    agg_slot *index;     /* idx 0 marks an empty slot, else pool index + 1 */
    size_t nslots;

    uint64_t unplaced;
    incstat_date latest;
    unsigned chunks;     /* parts the input was read in, in parallel */
    /* Streaming by month or quarter, a date like 6/7/2004 cannot be placed
     * until the loader has seen the whole file decide day/month order: such
     * incidents go to amb[0] read day first and amb[1] read month first,
     * and the end keeps the one the file's order picks. */
    incstat_summary *amb[2];

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

/* An empty summary with s's options and key columns.  Errors: ENOMEM. */
incstat_status incstat_summary_new_like_(const incstat_summary *s, incstat_summary **out,
                                         incstat_error *err);


#endif
