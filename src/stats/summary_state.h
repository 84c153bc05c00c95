/* src/stats/summary_state.h (private to summary.c and summary_load.c): the
 * summary's state, so the inputs (loaders, tables, parallel chunks) live in
 * their own file. */
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

struct incstat_summary {
    incstat_summary_options opt;
    int time_key;        /* index of the time key in by[], or -1 */
    long text_col[2];    /* text column per key, -1 for time keys */
    incstat_dict dicts[2];
    char *key_names[2];
    size_t nkeys;

    agg *slots;          /* open addressing; incidents == 0 && t == 0 marks empty */
    unsigned char *used;
    size_t nslots, nused;

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

/* An empty summary with s's options and key columns (summary.c).  Errors:
 * ENOMEM. */
incstat_status incstat_summary_new_like_(const incstat_summary *s, incstat_summary **out,
                                         incstat_error *err);

#endif
