/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/recognise.h (private): recognising what a file's columns are, from
 * their names (split into words) confirmed by the cells of a sample of rows,
 * and scoring presets against a header.  Pure functions over names and
 * sample counts: the loader (load_map.c) feeds them, tests/test_recognise.c
 * checks them on ambiguous cases. */
#ifndef INCSTAT_SRC_RECOGNISE_H
#define INCSTAT_SRC_RECOGNISE_H

#include <stddef.h>
#include <stdint.h>

#include "io/load/dict.h"
#include "io/load/load_priv.h"
#include "io/load/preset.h"

#define INCSTAT_WORDS_MAX 16
#define INCSTAT_WORD_LEN 24

/* A name split into lowercase ASCII words: at spaces, punctuation,
 * underscores and lower-to-upper case changes ("Total Died Min",
 * "total_low", "KilledMax", "adm_1").  Words longer than the limit are cut. */
typedef struct {
    char w[INCSTAT_WORDS_MAX][INCSTAT_WORD_LEN];
    size_t n;
} incstat_words;

void incstat_name_words_(const char *name, incstat_words *out);

/* The name without case, spaces or punctuation ("Total Died Mix" ->
 * "totaldiedmix") into buf (cap bytes, NUL-terminated); returns its length. */
size_t incstat_name_norm_(const char *name, char *buf, size_t cap);

/* What the sampled cells of one column look like. */
typedef struct incstat_col_sample_ {
    uint32_t n_missing, n_int, n_num, n_range, n_date, n_text;
    uint32_t n_date_day, n_date_month; /* dates to the day, to the month only */
    uint32_t n_date_quarter;           /* dates to the quarter only ("2013-Q2") */
    uint32_t n_month_name;             /* text cells that name a month ("January") */
    double min, max;      /* of the integer and number cells */
    char hxl[40];         /* the column's HXL hashtag ("#affected+killed"), or "" */
} incstat_col_sample;

/* The recogniser's working state: per field the column (-1: none), how it
 * was chosen (incstat_map_how, 0: not yet) and the evidence. */
typedef struct {
    long col[MF_COUNT];
    unsigned char how[MF_COUNT];
    char evidence[MF_COUNT][96];
    /* a count field that is the sum of columns (a split of the dead or the
     * injured by victim, sex or age with no total column): its columns,
     * parts[f][0] == col[f]; n_parts[f] is 0 for a field of one column */
    long parts[MF_COUNT][INCSTAT_PARTS_MAX];
    unsigned char n_parts[MF_COUNT];
    /* what recognition could not settle, for the load report's advice: a
     * single subgroup named the measure and was not taken for its total
     * (the column, -1 when none), per measure (0 killed, 1 injured) */
    long subgroup_only[2];
    /* the split was read as killed although its columns name no measure
     * (a state-year table of "Civilians, Security, Terrorists") */
    int split_unnamed;
    /* a column that names a group and holds counts but was not read as a
     * part of the split (killed 0, injured 1; -1 when none) */
    long split_left_out[2];
} incstat_recognition;

/* Set every field of r to "no column" (col -1, no parts, no evidence). */
void incstat_recognition_init_(incstat_recognition *r);

/* Fill every field of r still without a column from names (ncols of them)
 * and samples (NULL, or one per column; nsampled rows were read: 0 means
 * names alone decide).  A column already feeding a field is not taken
 * again.  Linear in ncols.  Returns 0, or -1 when out of memory. */
int incstat_recognise_(const char *const *names, const incstat_col_sample *samples,
                       size_t ncols, size_t nsampled, incstat_recognition *r);

/* Closest columns to a field that recognition did not fill (subgroup
 * totals, rates, the wide table's counts): up to max column indices into
 * out; returns how many. */
size_t incstat_recognise_candidates_(const char *const *names, const incstat_col_sample *samples,
                                     size_t ncols, int field, size_t *out, size_t max);

/* A wide table of counts by category: the columns feeding no field
 * (used: one flag per column) when every one holds whole numbers that are
 * not years under a name that names no measure (killed, injured, a rate, a
 * total), at least two of them; up to max indices into out.  Returns how
 * many, or 0 when the table is not one (or has more than max). */
size_t incstat_recognise_category_counts_(const char *const *names,
                                          const incstat_col_sample *samples, size_t ncols,
                                          const unsigned char *used, size_t *out, size_t max);

/* 1 when the name is a rate of deaths or injuries ("Direct conflict death
 * rate", "deaths per 100,000"): kept as a column, never summed. */
int incstat_recognise_is_rate_(const char *name);

/* 1 when the name names a measure (deaths, injuries, a rate, a count of
 * incidents, a total): a column of figures, never an entity's code. */
int incstat_recognise_is_measure_(const char *name);

/* 1 when the name is a country code's (ccode, gwno, iso3, COW and GW codes,
 * "Code"): the country when no column names it, else kept for --where. */
int incstat_recognise_is_country_code_(const char *name);

/* How many of preset p's mapped columns the header has (names compared
 * without case, spaces or punctuation: norms holds incstat_name_norm_ of
 * every column) and how many it maps, and whether one of its signature
 * columns is there. */
void incstat_preset_score_(const incstat_preset *p, const incstat_dict *norms, size_t *matched,
                           size_t *total, int *signature);

#endif
