/* src/stats/summary_state.h (private): a summary's state, shared by its
 * three parts: accumulation and merging (summary.c), finishing into rows
 * with the derived columns and the accessors (summary_finish.c), and the
 * loader and table front ends, serial or in parallel chunks
 * (summary_load.c). */
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
    size_t nrows;
    char *labels;        /* arena of labels */
    int finished;
    char notes[8][INCSTAT_SUMMARY_NOTE_MAX]; /* category spellings (summary_spell.c) */
    size_t n_notes;
};

/* estimate -> sum index */
static const int EST_KILLED[3] = {1, 0, 2};

/* A summary of many groups (75,000 by admin1 and month) misses the cache on
 * almost every row; rows are taken 32 at a time so that the index slots and
 * then the groups they name are fetched together, not one miss after the
 * other.  Each group still gets its rows in file order: sums are the same. */
#define BATCH 32

typedef struct {
    int64_t t[BATCH];
    uint32_t c[BATCH][2];
    uint64_t line[BATCH];
    double num[BATCH][6];
    double ev[BATCH];
    size_t n;
} batch;

/* The index slot of key (t, c0, c1): its own, or the empty one where it
 * would go (summary.c). */
size_t incstat_summary_find_slot_(const incstat_summary *s, int64_t t, uint32_t c0, uint32_t c1);

/* Time key of a date for a period kind; NO_TIME when the date is not
 * precise enough (summary.c). */
int64_t incstat_summary_time_key_(incstat_by_kind kind, const incstat_date *d);

/* An empty summary with s's options and key columns.  Errors: ENOMEM. */
incstat_status incstat_summary_new_like_(const incstat_summary *s, incstat_summary **out,
                                         incstat_error *err);

/* Queue inc into batch b, placing the batch when it is full; flush places
 * what is queued.  Errors: ENOMEM (with the incident's line). */
incstat_status incstat_summary_batch_add_(incstat_summary *s, batch *b,
                                          const incstat_incident *inc, incstat_error *err);
incstat_status incstat_summary_batch_flush_(incstat_summary *s, batch *b, incstat_error *err);

#endif
