/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_priv.h (private to the loader's files: load.c, load_map.c,
 * load_schema.c, load_row.c, load_fork.c): the loader's state and the
 * steps one file hands another. */
#ifndef INCSTAT_SRC_LOAD_PRIV_H
#define INCSTAT_SRC_LOAD_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "incstat/load.h"

enum {
    MF_ID, MF_DATE, MF_YEAR, MF_MONTH, MF_DAY,
    MF_KILLED, MF_KILLED_LOW, MF_KILLED_HIGH,
    MF_INJURED, MF_INJURED_LOW, MF_INJURED_HIGH,
    MF_COUNTRY, MF_ADMIN1, MF_ADMIN2, MF_CITY, MF_LOCATION,
    MF_LATITUDE, MF_LONGITUDE, MF_PERPETRATOR, MF_TARGET, MF_TYPE,
    MF_INCIDENTS, /* a count of incidents per row (a period table's) */
    MF_QUARTER,   /* 1-4 beside a year: a table of quarters */
    MF_PRECISION, /* how precisely the coordinates place it (the source's codes) */
    MF_COUNT
};

/* the canonical field names, in enum order (load.c) */
extern const char *const incstat_load_field_names_[MF_COUNT];
#define MF_NAMES incstat_load_field_names_


#define MAX_CODES 16
/* columns a count field may sum (--map killed=A+B+C) */
#define INCSTAT_PARTS_MAX 8
#define MAX_MAP 64

typedef struct {
    int field;
    char *column;
} map_entry;

/* The totals check's roles: MF_KILLED + r for r < 6 (killed, its low and
 * high, injured, its low and high), then incidents; whole figures below
 * TOTALS_SEEN are remembered, to tell a difference of one row's figure. */
#define TOTALS_ROLES 7
#define TOTALS_INCIDENTS 6
#define TOTALS_SEEN 4096

#define ROW_UNDO_MAX 64
#define PROGRESS_STEP ((uint64_t)8 << 20)

struct incstat_loader {
    incstat_csv *csv;
    incstat_load_report rep;
    size_t ncols;
    /* columns whose unparsed / missing counts the current row raised, undone
     * when the row turns out to be a totals row (not an incident, so its
     * cells are not the data's) */
    size_t undo_unparsed[ROW_UNDO_MAX], undo_missing[ROW_UNDO_MAX];
    size_t n_undo_unparsed, n_undo_missing;
    long col[MF_COUNT];
    /* a count field that is the sum of columns (--map killed=A+B+C, a split
     * by victim with no total): its columns, parts[f][0] == col[f];
     * n_parts[f] < 2 for a field read from one column.  partly[f]: rows
     * where some parts were unknown (the sum is of the known ones) */
    long parts[MF_COUNT][INCSTAT_PARTS_MAX];
    unsigned char n_parts[MF_COUNT];
    uint64_t partly[MF_COUNT], first_partly[MF_COUNT];
    /* recognition's loose ends, for the advice: a subgroup alone named the
     * killed (0) or injured (1) and was left out (its column, else -1); a
     * split whose parts name no measure was read as killed */
    long subgroup_only[2];
    int split_unnamed;
    long split_left_out[2]; /* a column naming a group, not among a split's parts */
    /* a table of periods: the columns that name its entity (none for a
     * table of one series), which with the row's period make its key; a
     * key seen before is a repeated period (load_periods.c) */
    long key_cols[4];
    size_t n_key_cols;
    int check_keys;
    struct incstat_dict_ *keys;
    uint64_t *key_line; /* first line of each key, by its code */
    uint64_t *key_row;  /* a hash of that row's cells (a repeat that copies it) */
    size_t key_line_cap;
    unsigned char skip_field[MF_COUNT]; /* not asked for: left unknown */
    /* recognition (open only): how each field's column was chosen and why,
     * and what the sampled rows after the header look like */
    unsigned char how[MF_COUNT];
    char evidence[MF_COUNT][96];
    struct incstat_col_sample_ *samples; /* one per column, freed after open */
    size_t nsampled;
    /* hashes of the sampled cells, row by row (nsampled x ncols), for
     * narrow files only: whether a row per entity and year holds */
    uint32_t *sample_hash;
    int hxl_pending; /* the first record is an HXL hashtag row: skip it */
    /* --recode: per canonical text field, FROM -> TO pairs (owned by the
     * parent loader; forks borrow them) */
    struct incstat_recode_ {
        int text;
        char *from, *to;
        size_t from_len, to_len;
    } *recodes;
    size_t n_recodes;
    unsigned recode_mask; /* 1 << text field with a recode */
    /* a wide table of counts by category: incidents is the sum of these
     * columns per row (n_sum == 0 for every other file) */
    size_t sum_cols[MAX_MAP];
    size_t n_sum;
    size_t n_keep;
    size_t *keep_cols;
    char **keep_names;
    double codes[MAX_CODES];
    size_t n_codes;
    incstat_date_order order;
    int strict, infer;
    char preset[32];
    unsigned threads;       /* a whole-table load may read in this many chunks */
    uint64_t parallel_min;  /* ... when the file has at least this many bytes */

    incstat_incident inc;
    incstat_text *kept_vals;
    char *arena;
    size_t arena_len, arena_cap;
    size_t text_off[INCSTAT_TEXT_COUNT];
    size_t *kept_off;

    double killed_sum;
    uint64_t killed_rows;
    /* the totals check (load_totals.c): per count column (TOTALS_* roles),
     * the current row's cells (low, best, high), their sums over the loaded
     * rows (of the plain numbers, and of the other cells at each end),
     * open-ended cells, the whole figures seen; and the last totals row's
     * cells with the sums of the rows above it */
    struct incstat_totals_acc_ {
        double cell[TOTALS_ROLES][3];
        double plain[TOTALS_ROLES], ends[TOTALS_ROLES][3];
        uint64_t open[TOTALS_ROLES];
        uint64_t seen[TOTALS_ROLES][TOTALS_SEEN / 64];
        uint64_t line, rows_above;
        double stated[TOTALS_ROLES][3], above[TOTALS_ROLES][3];
        unsigned char active[TOTALS_ROLES]; /* the roles read, listed at the first row */
        unsigned n_active;
        int listed;
    } tot;
    long max_col[2]; /* columns whose largest values are tracked (load_numfmt.c) */
    int ambiguous; /* the last incident's date was d/m ambiguous */
    int done;

    /* progress reports */
    void (*progress)(void *, uint64_t, uint64_t);
    void *progress_ctx;
    uint64_t progress_total, progress_next, progress_base;
    unsigned progress_scale; /* a fork of m chunks reports its bytes times m; 0: silent */

    /* a fork reads one chunk of the parent's file (parallel summary): it
     * borrows the parent's names and mapping, and cannot know the killed
     * total above its chunk, so each possible totals row is set aside for
     * the merge to decide */
    int fork;
    struct deferred_total {
        uint64_t line;
        double killed, sum_before;
        uint64_t rows_before;
    } deferred[8];
    size_t n_deferred;
    int deferred_overflow;
};

/* A schema file: "key = value" lines, '#' comments.  Keys: preset,
 * encoding, delimiter, date-order, keep, missing (comma-separated numbers),
 * and any canonical field name (a mapping). */
typedef struct {
    char preset[32];
    int has_preset;
    char *maps[MAX_MAP];
    size_t n_maps;
    char *keeps[MAX_MAP];
    size_t n_keeps;
    int rows; /* rows = periods (1) or incidents (2); 0 unsaid */
    char *recodes[MAX_MAP];
    size_t n_recodes;
} incstat_load_schema;

/* load_map.c: add one "FIELD:FROM=TO"; what names its origin. */
incstat_status incstat_loader_add_recode_(incstat_loader *ld, const char *spec, const char *what,
                                          incstat_error *err);

/* Field index of a mapping name (canonical or an alias), or -1. */
int incstat_load_field_index_(const char *name, size_t n);
/* EINVAL for an unknown field name, with the nearest one. */
incstat_status incstat_load_bad_field_(const char *what, const char *field, size_t n,
                                       incstat_error *err);

/* load_fields.c: whether column c feeds a field (or is a part of a summed one). */
int incstat_loader_column_feeds_(const incstat_loader *ld, size_t c);

/* load_map.c: the header, then the mapping (preset, schema, --map, --keep). */
long incstat_loader_find_column_(const incstat_loader *ld, const char *name);
incstat_status incstat_loader_read_header_(incstat_loader *ld, incstat_error *err);
/* path (may be NULL) lets recognition sample a compressed file. */
incstat_status incstat_loader_resolve_(incstat_loader *ld, incstat_load_options *o,
                                       const char *path, incstat_error *err);
incstat_status incstat_loader_select_fields_(incstat_loader *ld, const incstat_load_options *o,
                                             incstat_error *err);

/* load_schema.c: read a schema file into s (options it sets go into o). */
incstat_status incstat_load_schema_read_(const char *path, incstat_load_schema *s,
                                         incstat_load_options *o, incstat_loader *ld,
                                         incstat_error *err);
void incstat_load_schema_clear_(incstat_load_schema *s);

/* load_sample.c: classify the cells of the first rows after the header
 * (ld->samples, ld->nsampled), and note an HXL row (ld->hxl_pending);
 * path (may be NULL) reopens a compressed file.  Errors: ENOMEM. */
incstat_status incstat_loader_sample_(incstat_loader *ld, const char *path, incstat_error *err);
/* Whether the reader's current record is an HXL hashtag row. */
int incstat_load_row_is_hxl_(incstat_csv *csv);

/* load_row.c: the report's closing figures (what the reader saw, types). */
void incstat_loader_finish_(incstat_loader *ld);
void incstat_load_finish_types_(incstat_load_report *rep);

/* load_sample.c: a second reader at the first row after the header: over at
 * most max_bytes of a plain file, or the file opened again (compressed); NULL
 * in *out (and INCSTAT_OK) for standard input and library readers. */
incstat_status incstat_loader_open_sampler_(incstat_loader *ld, const char *path,
                                           uint64_t max_bytes, incstat_csv **out,
                                           incstat_error *err);

/* load_totals.c: the totals check.  Add the row in ld->tot.cell to the
 * sums (a loaded row); keep it as the totals row at line (a skipped one); a
 * fork's sums and totals row into its parent's (before the fork's rows are
 * counted in); compare, into ld->rep.totals. */
void incstat_loader_totals_add_(incstat_loader *ld);
void incstat_loader_totals_keep_(incstat_loader *ld, uint64_t line);
void incstat_loader_totals_absorb_(incstat_loader *ld, const incstat_loader *fork, uint64_t off);
void incstat_loader_totals_finish_(incstat_loader *ld);

/* load_encoding.c: when the reader's encoding is AUTO, choose the fallback
 * for cells that are not valid UTF-8 from the header (the reader's current
 * record) and the first MiB after it, prior (a candidate or AUTO) breaking
 * ties; set it on the reader and record it in rep.encoding_choice.  From
 * standard input only the header is judged.  Errors: ENOMEM. */
incstat_status incstat_loader_choose_encoding_(incstat_loader *ld, const char *path,
                                               incstat_encoding prior, incstat_error *err);

/* load_aggregate.c: in a table of periods, whether the country column holds
 * "World" (any case): then rep.aggregate_entity is "World".  Errors: ENOMEM. */
incstat_status incstat_loader_find_aggregate_(incstat_loader *ld, const char *path,
                                              incstat_error *err);

#endif
