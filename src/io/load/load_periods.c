/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_periods.c: what a row is.  A file is a table of periods when
 * its figures are totals for an entity (a country, a province, a dyad, or
 * none: a table of one series) and a period (a year, or a year and month),
 * and a list of incidents otherwise.  The decision rests on the structure
 * of the sampled rows as well as the names:
 *   - a period: a year column with no date, or a year and a month column,
 *     or a date column whose dates stop at the month ("2011-4");
 *   - no day-level date and no event id;
 *   - one row per entity and period: the key (entity, period) is unique in
 *     the sample, where the entity is the mapped place or actor, or any
 *     column whose values come back period after period (COW's ccode, a
 *     dyad id).
 * In such a table a key seen twice is a repeated period: the row is
 * reported with the line it repeats and not counted (load_row.c calls
 * incstat_loader_repeated_period_). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/dict.h"
#include "io/load/load_periods.h"
#include "io/load/load_priv.h"
#include "io/load/recognise.h"

/* the sampled rows that may repeat a key: a stray copy or a corrected row
 * left in (the load reports every repeat), one in a small table, one in
 * twenty in a larger one */
#define REPEATS_ALLOWED(n) ((n) >= 6 && (n) < 40 ? 1 : (n) / 20)

/* A mix of the hashes of a row's key columns. */
static uint64_t key_hash(const incstat_loader *ld, size_t row, const long *cols, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < n; i++) {
        h ^= ld->sample_hash[row * ld->ncols + (size_t)cols[i]];
        h *= 0x100000001B3u;
        h ^= h >> 29;
    }
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sampled rows whose key (cols) an earlier row has; SIZE_MAX when out of
 * memory. */
static size_t repeats(const incstat_loader *ld, const long *cols, size_t n)
{
    size_t rows = ld->nsampled, dup = 0;
    uint64_t *h = incstat_malloc((rows ? rows : 1) * sizeof *h);
    if (!h)
        return SIZE_MAX;
    for (size_t r = 0; r < rows; r++)
        h[r] = key_hash(ld, r, cols, n);
    qsort(h, rows, sizeof *h, cmp_u64);
    for (size_t r = 1; r < rows; r++)
        dup += h[r] == h[r - 1];
    incstat_free_mem(h);
    return dup;
}

/* Distinct values of column c in the sample. */
static size_t distinct(const incstat_loader *ld, long c)
{
    size_t rows = ld->nsampled, d = 0;
    uint64_t *h = incstat_malloc((rows ? rows : 1) * sizeof *h);
    if (!h)
        return rows;
    for (size_t r = 0; r < rows; r++)
        h[r] = ld->sample_hash[r * ld->ncols + (size_t)c];
    qsort(h, rows, sizeof *h, cmp_u64);
    for (size_t r = 0; r < rows; r++)
        d += r == 0 || h[r] != h[r - 1];
    incstat_free_mem(h);
    return d;
}

static int column_used(const incstat_loader *ld, size_t c)
{
    if (incstat_loader_column_feeds_(ld, c))
        return 1;
    for (size_t i = 0; i < ld->n_sum; i++)
        if (ld->sum_cols[i] == c)
            return 1;
    return 0;
}

/* Whether an unmapped column may name the entity: text, or whole numbers
 * that name no measure (a code), whose values come back: each value on at
 * least two rows on average. */
static int entity_like(const incstat_loader *ld, size_t c)
{
    const incstat_col_sample *s = &ld->samples[c];
    uint32_t known = s->n_int + s->n_num + s->n_range + s->n_date + s->n_text;
    if (known == 0 || s->n_missing * 2 > known || column_used(ld, c))
        return 0;
    if (s->n_text * 2 < known) {
        if (s->n_int != known || incstat_recognise_is_measure_(ld->rep.columns[c].name))
            return 0;
    }
    return distinct(ld, c) * 2 <= ld->nsampled;
}

/* The text fields that may name a table's entity, most telling first. */
static const int ENTITY_FIELDS[] = {MF_COUNTRY, MF_ADMIN1, MF_ADMIN2, MF_CITY, MF_LOCATION,
                                    MF_PERPETRATOR, MF_TARGET, MF_TYPE};
#define N_ENTITY_FIELDS (sizeof ENTITY_FIELDS / sizeof ENTITY_FIELDS[0])

/* Find the entity columns that with the period columns make a key unique
 * in the sample: none, one, or two of them.  Returns how many (0..2) in
 * ent, or -1 when none does (or out of memory). */
static int find_entity(const incstat_loader *ld, const long *period, size_t np, long ent[2])
{
    long cand[N_ENTITY_FIELDS + 64];
    size_t nc = 0;
    long key[6];
    memcpy(key, period, np * sizeof *key);
    size_t r = repeats(ld, key, np);
    if (r == SIZE_MAX)
        return -1;
    if (r <= REPEATS_ALLOWED(ld->nsampled))
        return 0;
    for (size_t k = 0; k < N_ENTITY_FIELDS; k++)
        if (ld->col[ENTITY_FIELDS[k]] >= 0)
            cand[nc++] = ld->col[ENTITY_FIELDS[k]];
    for (size_t c = 0; c < ld->ncols && nc < sizeof cand / sizeof cand[0]; c++)
        if (entity_like(ld, c))
            cand[nc++] = (long)c;
    for (size_t i = 0; i < nc; i++) {
        key[np] = cand[i];
        r = repeats(ld, key, np + 1);
        if (r == SIZE_MAX)
            return -1;
        if (r <= REPEATS_ALLOWED(ld->nsampled)) {
            ent[0] = cand[i];
            return 1;
        }
    }
    /* a pair: a country and an attack type, a province and a group */
    for (size_t i = 0; i < nc; i++)
        for (size_t j = i + 1; j < nc; j++) {
            key[np] = cand[i];
            key[np + 1] = cand[j];
            r = repeats(ld, key, np + 2);
            if (r == SIZE_MAX)
                return -1;
            if (r <= REPEATS_ALLOWED(ld->nsampled)) {
                ent[0] = cand[i];
                ent[1] = cand[j];
                return 2;
            }
        }
    return -1;
}

/* The period columns of the rows, or why there are none (a day-level date,
 * an event id): np (0 when the rows are incidents) and *months. */
static size_t period_columns(const incstat_loader *ld, long period[2], int *months,
                             const char **why)
{
    *months = 0; /* 1 months, 2 quarters */
    if (ld->col[MF_ID] >= 0) {
        *why = "an event id column";
        return 0;
    }
    if (ld->col[MF_DATE] >= 0) {
        const incstat_col_sample *s = ld->samples ? &ld->samples[ld->col[MF_DATE]] : NULL;
        if (!s || s->n_date == 0 || s->n_date_day > 0 || s->n_int + s->n_num > 0) {
            *why = "dates to the day";
            return 0;
        }
        period[0] = ld->col[MF_DATE];
        *months = s->n_date_month > 0 ? 1 : s->n_date_quarter > 0 ? 2 : 0;
        return 1;
    }
    if (ld->col[MF_YEAR] < 0) {
        *why = "no year or date column";
        return 0;
    }
    if (ld->col[MF_DAY] >= 0) {
        *why = "a day column";
        return 0;
    }
    period[0] = ld->col[MF_YEAR];
    if (ld->col[MF_MONTH] >= 0) {
        period[1] = ld->col[MF_MONTH];
        *months = 1;
        return 2;
    }
    if (ld->col[MF_QUARTER] >= 0) {
        period[1] = ld->col[MF_QUARTER];
        *months = 2;
        return 2;
    }
    return 1;
}

static void key_names(incstat_loader *ld, const long *ent, int ne, const long *period,
                      size_t np)
{
    incstat_load_report *r = &ld->rep;
    size_t len = 0, cap = sizeof r->period_key;
    r->period_key[0] = '\0';
    for (int i = 0; i < ne && len + 1 < cap; i++)
        len += (size_t)snprintf(r->period_key + len, cap - len, "%s%s", len ? ", " : "",
                                r->columns[ent[i]].name);
    for (size_t i = 0; i < np && len + 1 < cap; i++)
        len += (size_t)snprintf(r->period_key + len, cap - len, "%s%s", len ? ", " : "",
                                r->columns[period[i]].name);
}

/* Set the key the load checks for repeats. */
static void use_key(incstat_loader *ld, const long *ent, int ne)
{
    ld->n_key_cols = (size_t)ne;
    ld->rep.n_entity_columns = (size_t)ne;
    for (int i = 0; i < ne; i++) {
        ld->key_cols[i] = ent[i];
        ld->rep.entity_columns[i] = (size_t)ent[i];
    }
    ld->check_keys = 1;
}

void incstat_loader_decide_rows_(incstat_loader *ld, int told, const char *told_by,
                                 int recognise, const long *key, size_t n_key)
{
    incstat_load_report *r = &ld->rep;
    long period[2] = {-1, -1}, ent[2] = {-1, -1};
    int months = 0;
    const char *why = NULL;
    size_t np = period_columns(ld, period, &months, &why);
    int sampled = ld->samples && ld->sample_hash && ld->nsampled >= 2;
    int ne = -1;
    if (key && np && n_key <= 2) { /* the preset knows its entity */
        for (size_t i = 0; i < n_key; i++)
            ent[i] = key[i];
        ne = (int)n_key;
    } else if (np && sampled) {
        ne = find_entity(ld, period, np, ent);
    }
    int periods;
    if (told) {
        periods = told == 1;
        snprintf(r->rows_evidence, sizeof r->rows_evidence, "%s", told_by);
    } else if (!recognise) {
        periods = 0;
        snprintf(r->rows_evidence, sizeof r->rows_evidence, "recognition is off (--preset none)");
    } else if (np && !sampled) {
        /* nothing sampled (standard input): a year by name with no date,
         * month or id is a table of years, as before a sample could say */
        periods = np == 1 && ld->col[MF_DATE] < 0 && ld->how[MF_YEAR] != INCSTAT_HOW_MAP;
        snprintf(r->rows_evidence, sizeof r->rows_evidence, "%s",
                 periods ? "a year column with no date, month or event id (nothing sampled)"
                         : "no rows sampled to show one row per period");
    } else if (np && ne >= 0) {
        periods = 1;
        key_names(ld, ent, ne, period, np);
        snprintf(r->rows_evidence, sizeof r->rows_evidence,
                 "one row per %s (%s) in %zu sampled rows; no day-level date; no event id",
                 ne ? "entity and period" : "period", r->period_key, ld->nsampled);
    } else if (np) {
        periods = 0;
        snprintf(r->rows_evidence, sizeof r->rows_evidence,
                 "periods repeat in the sample with no column to tell the rows apart");
    } else {
        periods = 0;
        snprintf(r->rows_evidence, sizeof r->rows_evidence, "%s", why);
    }
    r->rows_periods = periods;
    if (periods) {
        r->period_months = months == 1;
        r->period_quarters = months == 2;
        if (np && ne >= 0) {
            if (!r->period_key[0])
                key_names(ld, ent, ne, period, np);
            use_key(ld, ent, ne);
        }
    }
}

/* ---- repeated periods at load ------------------------------------------ */

/* A hash of every cell of the current record (trimmed): whether a repeat
 * is a copy of the row it repeats. */
static uint64_t row_hash(incstat_loader *ld, int *oom)
{
    uint64_t h = 0;
    size_t nf = incstat_csv_field_count(ld->csv);
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        const char *s = incstat_csv_field(ld->csv, i, &n);
        if (!s) {
            *oom = 1;
            return 0;
        }
        incstat_trim_cell(&s, &n);
        h = (h ^ incstat_hash_bytes(s, n)) * 0x100000001B3u;
        h ^= h >> 31;
    }
    return h;
}

int incstat_loader_repeated_period_(incstat_loader *ld, const incstat_date *d, uint64_t line,
                                    int *oom)
{
    if (!ld->check_keys || d->precision == INCSTAT_DATE_NONE)
        return 0;
    if (!ld->keys) {
        ld->keys = incstat_calloc(1, sizeof *ld->keys);
        if (!ld->keys || incstat_dict_init(ld->keys) != 0) {
            incstat_free_mem(ld->keys);
            ld->keys = NULL;
            *oom = 1;
            return 0;
        }
    }
    char buf[512];
    size_t len = 0;
    for (size_t i = 0; i < ld->n_key_cols; i++) {
        size_t n;
        const char *s = incstat_csv_field(ld->csv, (size_t)ld->key_cols[i], &n);
        if ((size_t)ld->key_cols[i] >= incstat_csv_field_count(ld->csv))
            s = "", n = 0;
        if (!s) {
            *oom = 1;
            return 0;
        }
        incstat_trim_cell(&s, &n);
        for (size_t k = 0; k < n && len + 2 < sizeof buf; k++) {
            char c = s[k];
            buf[len++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
        buf[len++] = '\x1f';
    }
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%d-%d-%d", d->year,
                            d->precision >= INCSTAT_DATE_QUARTER ? d->month : 0,
                            d->precision >= INCSTAT_DATE_DAY ? d->day : 0);
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    uint32_t before = ld->keys->n, code;
    if (incstat_dict_intern(ld->keys, buf, len, &code) != 0) {
        *oom = 1;
        return 0;
    }
    if (code >= ld->key_line_cap) {
        size_t cap = ld->key_line_cap ? ld->key_line_cap * 2 : 256;
        while (cap <= code)
            cap *= 2;
        uint64_t *kl = incstat_reallocarray(ld->key_line, cap, sizeof *kl);
        if (kl)
            ld->key_line = kl;
        uint64_t *kr = incstat_reallocarray(ld->key_row, cap, sizeof *kr);
        if (kr)
            ld->key_row = kr;
        if (!kl || !kr) {
            *oom = 1;
            return 0;
        }
        ld->key_line_cap = cap;
    }
    uint64_t rh = row_hash(ld, oom);
    if (ld->keys->n > before) { /* new */
        ld->key_line[code] = line;
        ld->key_row[code] = rh;
        return 0;
    }
    uint64_t k = ld->rep.skipped[INCSTAT_SKIP_REPEATED_PERIOD];
    if (k < INCSTAT_REPORT_EXAMPLES)
        ld->rep.repeated_first_lines[k] = ld->key_line[code];
    ld->rep.repeated_differ += rh != ld->key_row[code];
    return 1;
}

void incstat_loader_free_keys_(incstat_loader *ld)
{
    if (ld->keys)
        incstat_dict_clear(ld->keys);
    incstat_free_mem(ld->keys);
    incstat_free_mem(ld->key_line);
    incstat_free_mem(ld->key_row);
    ld->keys = NULL;
    ld->key_line = ld->key_row = NULL;
}
