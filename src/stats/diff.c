/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/diff.c: matching two releases' records and comparing them
 * (incstat/diff.h).  Keys of the new file go into one hash table whose
 * entries chain that key's records in file order; the old file's records
 * then walk it in their order and each takes the next unmatched new record
 * of its key, which is what "duplicate keys are matched in file order"
 * means.  Writing is in diff_write.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/diff.h"
#include "incstat/util.h"
#include "core/internal.h"
#include "stats/diff_internal.h"

#define NONE SIZE_MAX

/* ---- keys --------------------------------------------------------------- */

enum { PART_DATE = -1 };

typedef diff_keyspec keyspec;

typedef struct {
    char *text;
    size_t len, cap;
    uint64_t *off; /* n + 1 offsets */
} keyset;

static int is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *w = 1;
        return 1;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2;
        return 1;
    }
    return 0;
}

/* s with runs of white space made one space and none at the ends, into out
 * (room for n bytes); returns its length. */
static size_t squeeze(const char *s, size_t n, char *out)
{
    size_t m = 0, w;
    int pending = 0;
    for (size_t i = 0; i < n;) {
        if (is_space_at(s, n, i, &w)) {
            pending = m > 0;
            i += w;
            continue;
        }
        if (pending)
            out[m++] = ' ';
        pending = 0;
        out[m++] = s[i++];
    }
    return m;
}

int incstat_diff_space_equal_(const char *a, size_t an, const char *b, size_t bn, int *oom)
{
    char *x = incstat_malloc(an + bn + 2);
    if (!x) {
        *oom = 1;
        return 0;
    }
    size_t xn = squeeze(a, an, x), yn = squeeze(b, bn, x + an + 1);
    int eq = xn == yn && memcmp(x, x + an + 1, xn) == 0;
    incstat_free_mem(x);
    return eq;
}

static void trimmed(const char *s, const char **p, size_t *n)
{
    *p = s;
    *n = strlen(s);
    incstat_trim_cell(p, n);
}

/* Column index of name in rep: exact after trimming, then any case; -1. */
static long column_named(const incstat_load_report *rep, const char *name)
{
    const char *q;
    size_t qn;
    trimmed(name, &q, &qn);
    for (int pass = 0; pass < 2; pass++)
        for (size_t c = 0; c < rep->n_columns; c++) {
            const char *p;
            size_t pn;
            trimmed(rep->columns[c].name, &p, &pn);
            if (pn == qn && (pass == 0 ? memcmp(p, q, qn) == 0 : incstat_ascii_ncaseeq(p, pn, q)))
                return (long)c;
        }
    return -1;
}

static long column_of_field(const incstat_load_report *rep, const char *field)
{
    for (size_t c = 0; c < rep->n_columns; c++)
        if (rep->columns[c].field && strcmp(rep->columns[c].field, field) == 0)
            return (long)c;
    return -1;
}

static int has_date(const incstat_load_report *rep)
{
    return column_of_field(rep, "date") >= 0 || column_of_field(rep, "year") >= 0;
}

static int is_field_name(const char *s)
{
    for (size_t i = 0; i < incstat_map_field_count(); i++)
        if (strcmp(s, incstat_map_field_name(i)) == 0)
            return 1;
    return 0;
}

static void desc_add(keyspec *k, const char *s)
{
    size_t used = strlen(k->desc);
    snprintf(k->desc + used, sizeof k->desc - used, "%s%s", used ? ", " : "", s);
}

/* One key part in one file; -2 when the file lacks it. */
static long resolve_part(const incstat_load_report *rep, const char *name)
{
    if (strcmp(name, "date") == 0)
        return PART_DATE;
    long c = is_field_name(name) ? column_of_field(rep, name) : -1;
    return c >= 0 ? c : column_named(rep, name) >= 0 ? column_named(rep, name) : -2;
}

static incstat_status missing_part(const incstat_load_report *rep, const char *name,
                                   incstat_error *err)
{
    const char *names[256];
    size_t n = rep->n_columns < 256 ? rep->n_columns : 256;
    for (size_t i = 0; i < n; i++)
        names[i] = rep->columns[i].name;
    const char *near = incstat_nearest(name, names, n);
    return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                             "%s: no column or field '%s' to match records on%s%s%s",
                             rep->source, name, near ? " (did you mean '" : "",
                             near ? near : "", near ? "'?)" : "");
}

/* Two tables of periods: a row is its entity and period (ccode and year),
 * as the loader found them in the old file. */
static incstat_status period_keys(const incstat_load_report *ro, const incstat_load_report *rn,
                                  keyspec *ko, keyspec *kn, incstat_error *err)
{
    for (size_t i = 0; i < ro->n_entity_columns && i + 1 < sizeof ko->part / sizeof ko->part[0];
         i++) {
        const char *name = ro->columns[ro->entity_columns[i]].name;
        long y = column_named(rn, name);
        if (y < 0)
            return missing_part(rn, name, err);
        ko->part[ko->n++] = (long)ro->entity_columns[i];
        kn->part[kn->n++] = y;
        desc_add(ko, name);
        desc_add(kn, rn->columns[y].name);
    }
    ko->part[ko->n++] = PART_DATE;
    kn->part[kn->n++] = PART_DATE;
    desc_add(ko, "period");
    desc_add(kn, "period");
    return INCSTAT_OK;
}

/* The key in both files, from the options or the default. */
static incstat_status resolve_keys(const incstat_load_report *ro, const incstat_load_report *rn,
                                   const incstat_diff_options *o, keyspec *ko, keyspec *kn,
                                   int *by_id, incstat_error *err)
{
    memset(ko, 0, sizeof *ko);
    memset(kn, 0, sizeof *kn);
    *by_id = 0;
    if (o->n_key == 0) {
        long a = column_of_field(ro, "id"), b = column_of_field(rn, "id");
        if (a >= 0 && b >= 0) {
            *by_id = 1;
            ko->part[ko->n++] = a;
            kn->part[kn->n++] = b;
            desc_add(ko, ro->columns[a].name);
            desc_add(kn, rn->columns[b].name);
            return INCSTAT_OK;
        }
        if (ro->rows_periods && rn->rows_periods && ro->period_key[0] && rn->period_key[0])
            return period_keys(ro, rn, ko, kn, err);
        static const char *const DEF[] = {"date", "location", "city"};
        for (size_t i = 0; i < 3; i++) {
            long x = PART_DATE, y = PART_DATE;
            if (i == 0 && !(has_date(ro) && has_date(rn)))
                continue;
            if (i > 0 && ((x = column_of_field(ro, DEF[i])) < 0 ||
                          (y = column_of_field(rn, DEF[i])) < 0))
                continue;
            ko->part[ko->n++] = x;
            kn->part[kn->n++] = y;
            desc_add(ko, x == PART_DATE ? "date" : ro->columns[x].name);
            desc_add(kn, y == PART_DATE ? "date" : rn->columns[y].name);
        }
        if (ko->n == 0)
            return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                                     "%s and %s have no id, date, location or city in common to "
                                     "match records on; name a key (--key COLUMN,...)",
                                     ro->source, rn->source);
        return INCSTAT_OK;
    }
    if (o->n_key > sizeof ko->part / sizeof ko->part[0])
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "more than %zu key columns",
                                 sizeof ko->part / sizeof ko->part[0]);
    for (size_t i = 0; i < o->n_key; i++) {
        long x = resolve_part(ro, o->key[i]), y = resolve_part(rn, o->key[i]);
        if (x == -2)
            return missing_part(ro, o->key[i], err);
        if (y == -2)
            return missing_part(rn, o->key[i], err);
        ko->part[ko->n++] = x;
        kn->part[kn->n++] = y;
        desc_add(ko, x == PART_DATE ? "date" : ro->columns[x].name);
        desc_add(kn, y == PART_DATE ? "date" : rn->columns[y].name);
        if (x != PART_DATE && ro->columns[x].field && strcmp(ro->columns[x].field, "id") == 0 &&
            y != PART_DATE && rn->columns[y].field && strcmp(rn->columns[y].field, "id") == 0 &&
            o->n_key == 1)
            *by_id = 1;
    }
    return INCSTAT_OK;
}

static int keyset_put(keyset *k, const char *s, size_t n)
{
    if (n > k->cap - k->len) {
        size_t nc = k->cap ? k->cap : 4096;
        while (nc - k->len < n)
            nc *= 2;
        char *t = incstat_realloc(k->text, nc);
        if (!t)
            return -1;
        k->text = t;
        k->cap = nc;
    }
    if (n)
        memcpy(k->text + k->len, s, n);
    k->len += n;
    return 0;
}

/* Every record's key text: parts (trimmed) separated by 0x1F. */
static incstat_status build_keys(const incstat_records *r, const keyspec *ks, keyset *k,
                                 incstat_error *err)
{
    size_t n = incstat_records_count(r);
    k->off = incstat_reallocarray(NULL, n + 1, sizeof *k->off);
    if (!k->off)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    k->off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t p = 0; p < ks->n; p++) {
            const char *s;
            size_t len;
            char date[16];
            if (ks->part[p] == PART_DATE) {
                len = incstat_value_date_text(incstat_records_date(r, i), date, sizeof date);
                s = date;
            } else {
                s = incstat_records_cell(r, i, (size_t)ks->part[p], &len);
                incstat_trim_cell(&s, &len);
            }
            if ((p && keyset_put(k, "\x1f", 1) != 0) || keyset_put(k, s, len) != 0)
                return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        }
        k->off[i + 1] = k->len;
    }
    return INCSTAT_OK;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h ^ (h >> 29);
}

/* ---- matching ----------------------------------------------------------- */

typedef struct {
    uint64_t h;
    size_t rep;       /* a record with this key: new row, or old row | OLD_BIT */
    size_t cursor;    /* next unmatched new record of this key */
    size_t tail;
    size_t nold, nnew;
} slot;

#define OLD_BIT ((size_t)1 << (sizeof(size_t) * 8 - 1))

typedef struct {
    slot *slots;
    size_t mask;
    size_t *next; /* new row -> next new row of its key */
    const keyset *ko, *kn;
} matcher;

static void key_of(const matcher *m, size_t rep, const char **s, size_t *n)
{
    const keyset *k = (rep & OLD_BIT) ? m->ko : m->kn;
    size_t r = rep & ~OLD_BIT;
    *s = k->text + k->off[r];
    *n = (size_t)(k->off[r + 1] - k->off[r]);
}

/* The slot of key (s, n): found, or empty (rep == NONE). */
static slot *find(matcher *m, const char *s, size_t n, uint64_t h)
{
    for (size_t i = h & m->mask;; i = (i + 1) & m->mask) {
        slot *x = &m->slots[i];
        if (x->rep == NONE)
            return x;
        if (x->h == h) {
            const char *t;
            size_t tn;
            key_of(m, x->rep, &t, &tn);
            if (tn == n && memcmp(t, s, n) == 0)
                return x;
        }
    }
}

static slot *lookup(matcher *m, size_t rep)
{
    const char *s;
    size_t n;
    key_of(m, rep, &s, &n);
    uint64_t h = hash_bytes(s, n);
    slot *x = find(m, s, n, h);
    if (x->rep == NONE) {
        x->h = h;
        x->rep = rep;
        x->cursor = x->tail = NONE;
        x->nold = x->nnew = 0;
    }
    return x;
}

/* old_match[o]: the new record old record o matches, or NONE. */
static incstat_status match_all(incstat_diff *d, const keyset *ko, const keyset *kn, size_t no,
                                size_t nn, size_t *old_match, incstat_error *err)
{
    matcher m = {NULL, 0, NULL, ko, kn};
    size_t cap = 16;
    while (cap < 2 * (no + nn) + 16)
        cap *= 2;
    m.mask = cap - 1;
    m.slots = incstat_reallocarray(NULL, cap, sizeof *m.slots);
    m.next = incstat_reallocarray(NULL, nn ? nn : 1, sizeof *m.next);
    if (!m.slots || !m.next) {
        incstat_free_mem(m.slots);
        incstat_free_mem(m.next);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < cap; i++)
        m.slots[i].rep = NONE;
    for (size_t j = 0; j < nn; j++) {
        slot *x = lookup(&m, j);
        m.next[j] = NONE;
        if (x->tail == NONE)
            x->cursor = j;
        else
            m.next[x->tail] = j;
        x->tail = j;
        x->nnew++;
    }
    for (size_t o = 0; o < no; o++) {
        slot *x = lookup(&m, o | OLD_BIT);
        x->nold++;
        old_match[o] = x->cursor;
        if (x->cursor != NONE)
            x->cursor = m.next[x->cursor];
    }
    for (size_t i = 0; i < cap; i++) {
        slot *x = &m.slots[i];
        if (x->rep == NONE || (x->nold < 2 && x->nnew < 2))
            continue;
        if (d->match.duplicate_keys++ == 0)
            d->dup_rep = x->rep;
    }
    incstat_free_mem(m.slots);
    incstat_free_mem(m.next);
    return INCSTAT_OK;
}

/* ---- the diff ----------------------------------------------------------- */

static int push_record(incstat_diff *d, incstat_diff_kind k, const incstat_diff_record *r)
{
    rec_list *l = &d->lists[k];
    incstat_diff_record *p = incstat_array_room(l->v, &l->cap, l->n, sizeof *p, 64);
    if (!p)
        return -1;
    l->v = p;
    p[l->n++] = *r;
    return 0;
}

static int push_cell(incstat_diff *d, const incstat_diff_cell *c)
{
    incstat_diff_cell *p = incstat_array_room(d->cells, &d->ccells, d->ncells, sizeof *p, 256);
    if (!p)
        return -1;
    d->cells = p;
    p[d->ncells++] = *c;
    return 0;
}

/* Display form of a key: parts joined by " | ". */
static char *display_key(const keyset *k, size_t row)
{
    const char *s = k->text + k->off[row];
    size_t n = (size_t)(k->off[row + 1] - k->off[row]), m = 0;
    char *out = incstat_malloc(n * 3 + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\x1f') {
            memcpy(out + m, " | ", 3);
            m += 3;
        } else {
            out[m++] = s[i];
        }
    }
    out[m] = '\0';
    return out;
}

static int is_count_field(const char *f)
{
    return f && (strncmp(f, "killed", 6) == 0 || strncmp(f, "injured", 7) == 0);
}

static incstat_status shared_columns(incstat_diff *d, incstat_error *err)
{
    const incstat_load_report *ro = incstat_records_report(d->old),
                              *rn = incstat_records_report(d->new_);
    size_t no = ro->n_columns, nn = rn->n_columns, shared = 0;
    d->colmap = incstat_reallocarray(NULL, no ? no : 1, sizeof *d->colmap);
    d->counts_col = incstat_calloc(no ? no : 1, 1);
    unsigned char *seen = incstat_calloc(nn ? nn : 1, 1);
    d->cols_added = incstat_reallocarray(NULL, nn ? nn : 1, sizeof *d->cols_added);
    d->cols_removed = incstat_reallocarray(NULL, no ? no : 1, sizeof *d->cols_removed);
    if (!d->colmap || !d->counts_col || !seen || !d->cols_added || !d->cols_removed) {
        incstat_free_mem(seen);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    for (size_t c = 0; c < no; c++) {
        long j = -1;
        const char *p;
        size_t pn;
        trimmed(ro->columns[c].name, &p, &pn);
        for (size_t k = 0; k < nn && j < 0; k++) {
            const char *q;
            size_t qn;
            trimmed(rn->columns[k].name, &q, &qn);
            if (!seen[k] && pn == qn && memcmp(p, q, pn) == 0)
                j = (long)k;
        }
        d->colmap[c] = j < 0 ? NONE : (size_t)j;
        if (j < 0) {
            d->cols_removed[d->n_removed_cols++] = ro->columns[c].name;
            continue;
        }
        seen[j] = 1;
        shared++;
        d->counts_col[c] = is_count_field(ro->columns[c].field) ||
                           is_count_field(rn->columns[j].field);
    }
    for (size_t k = 0; k < nn; k++)
        if (!seen[k])
            d->cols_added[d->n_added_cols++] = rn->columns[k].name;
    d->same_layout = no == nn && shared == no;
    for (size_t c = 0; c < no && d->same_layout; c++)
        d->same_layout = d->colmap[c] == c;
    incstat_free_mem(seen);
    if (shared == 0)
        return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                                 "%s and %s have no column in common: they are not two "
                                 "releases of one dataset",
                                 ro->source, rn->source);
    return INCSTAT_OK;
}

/* A record without an id, when matching by id. */
static incstat_status check_ids(const incstat_records *r, const keyset *k, incstat_error *err)
{
    const incstat_load_report *rep = incstat_records_report(r);
    for (size_t i = 0; i < incstat_records_count(r); i++)
        if (k->off[i + 1] == k->off[i] || !incstat_records_has_id(r, i)) {
            long c = column_of_field(rep, "id");
            uint64_t line = incstat_records_line(r, i);
            return incstat_set_error(err, INCSTAT_EINVAL, line, (uint64_t)c + 1,
                                     "%s:%llu: column %ld (%s): no id, so records cannot be "
                                     "matched by id; match on other columns with --key "
                                     "(e.g. --key date,location,city)",
                                     rep->source, (unsigned long long)line, c + 1,
                                     rep->columns[c].name);
        }
    return INCSTAT_OK;
}

static incstat_diff_record base_record(const incstat_diff *d, const keyset *k, size_t row,
                                       int old, char **id)
{
    incstat_diff_record r;
    const incstat_records *recs = old ? d->old : d->new_;
    memset(&r, 0, sizeof r);
    r.old_row = r.new_row = NONE;
    *id = display_key(k, row);
    r.id = *id;
    r.date = incstat_records_date(recs, row);
    r.killed = incstat_records_number(recs, row, INCSTAT_NUM_KILLED_BEST);
    if (old) {
        r.old_row = row;
        r.old_line = incstat_records_line(recs, row);
    } else {
        r.new_row = row;
        r.new_line = incstat_records_line(recs, row);
    }
    return r;
}

/* Compare a matched pair; pushes a changed record when any cell differs. */
static int compare_pair(incstat_diff *d, const keyset *kn, size_t o, size_t j)
{
    const incstat_load_report *rn = incstat_records_report(d->new_);
    size_t no = incstat_records_columns(d->old), first = d->ncells;
    const char *ta, *tb;
    const uint32_t *ea, *eb;
    incstat_records_row(d->old, o, &ta, &ea);
    incstat_records_row(d->new_, j, &tb, &eb);
    /* most records are unchanged: the same columns in the same order with
     * the same cells is one comparison */
    if (d->same_layout && memcmp(ea, eb, no * sizeof *ea) == 0 &&
        (no == 0 || memcmp(ta, tb, ea[no - 1]) == 0))
        return 0;
    int in_counts = 0, oom = 0;
    for (size_t c = 0; c < no; c++) {
        size_t k = d->colmap[c];
        if (k == NONE)
            continue;
        const char *a = ta + (c ? ea[c - 1] : 0), *b = tb + (k ? eb[k - 1] : 0);
        size_t an = ea[c] - (c ? ea[c - 1] : 0), bn = eb[k] - (k ? eb[k - 1] : 0);
        if (an == bn && memcmp(a, b, an) == 0)
            continue;
        int ws = incstat_diff_space_equal_(a, an, b, bn, &oom);
        if (oom)
            return -1;
        if (ws) {
            d->match.whitespace_cells++;
            if (!d->opt.whitespace)
                continue;
        }
        incstat_diff_cell cell = {rn->columns[k].name, a, b, an, bn, ws};
        if (push_cell(d, &cell) != 0)
            return -1;
        in_counts |= d->counts_col[c];
    }
    if (d->ncells == first)
        return 0;
    char *id;
    incstat_diff_record r = base_record(d, kn, j, 0, &id);
    if (!id)
        return -1;
    r.old_row = o;
    r.old_line = incstat_records_line(d->old, o);
    r.n_cells = d->ncells - first;
    r.cells = (const incstat_diff_cell *)(uintptr_t)first; /* an index until the end */
    r.in_counts = in_counts;
    if (push_record(d, INCSTAT_DIFF_CHANGED, &r) != 0) {
        incstat_free_mem(id);
        return -1;
    }
    return 0;
}

/* Whether a matched pair's shared cells may differ: from their hashes when
 * both records hold hashes, else yes (the text decides). */
static int may_differ(const incstat_diff *d, size_t o, size_t j)
{
    const uint64_t *a = incstat_records_hashes(d->old, o), *b = incstat_records_hashes(d->new_, j);
    if (!a || !b)
        return 1;
    size_t no = incstat_records_columns(d->old);
    for (size_t c = 0; c < no; c++)
        if (d->colmap[c] != NONE && a[c] != b[d->colmap[c]])
            return 1;
    return 0;
}

/* The text of the records to compare, when they hold hashes. */
static incstat_status fetch_pairs(incstat_diff *d, const size_t *cand, size_t n,
                                  const size_t *new_match, incstat_error *err)
{
    if (n == 0 || (!incstat_records_hashed(d->old) && !incstat_records_hashed(d->new_)))
        return INCSTAT_OK;
    size_t *olds = incstat_reallocarray(NULL, n, sizeof *olds);
    if (!olds)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    for (size_t k = 0; k < n; k++)
        olds[k] = new_match[cand[k]];
    if (d->old == d->new_) { /* one set of records compared with itself: equal */
        incstat_free_mem(olds);
        return INCSTAT_OK;
    }
    incstat_status st = incstat_records_fetch(d->old, olds, n, err);
    if (!st)
        st = incstat_records_fetch(d->new_, cand, n, err);
    incstat_free_mem(olds);
    return st;
}

static incstat_status compare_all(incstat_diff *d, const keyset *ko, const keyset *kn,
                                  const size_t *old_match, incstat_error *err)
{
    size_t no = incstat_records_count(d->old), nn = incstat_records_count(d->new_);
    size_t *new_match = incstat_reallocarray(NULL, nn ? nn : 1, sizeof *new_match);
    size_t *cand = incstat_reallocarray(NULL, nn ? nn : 1, sizeof *cand), ncand = 0;
    incstat_status st = INCSTAT_OK;
    if (!new_match || !cand) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < nn; j++)
        new_match[j] = NONE;
    for (size_t o = 0; o < no; o++)
        if (old_match[o] != NONE)
            new_match[old_match[o]] = o;
    for (size_t j = 0; j < nn; j++)
        if (new_match[j] != NONE && may_differ(d, new_match[j], j))
            cand[ncand++] = j;
    if ((st = fetch_pairs(d, cand, ncand, new_match, err)) != INCSTAT_OK)
        goto done;
    int bad = 0;
    for (size_t k = 0; k < ncand && !bad; k++)
        bad = compare_pair(d, kn, new_match[cand[k]], cand[k]) != 0;
    for (size_t j = 0; j < nn && !bad; j++) {
        if (new_match[j] != NONE)
            continue;
        char *id;
        incstat_diff_record r = base_record(d, kn, j, 0, &id);
        bad = !id || push_record(d, INCSTAT_DIFF_ADDED, &r) != 0;
        if (bad)
            incstat_free_mem(id);
    }
    for (size_t o = 0; o < no && !bad; o++) {
        if (old_match[o] != NONE)
            continue;
        char *id;
        incstat_diff_record r = base_record(d, ko, o, 1, &id);
        bad = !id || push_record(d, INCSTAT_DIFF_REMOVED, &r) != 0;
        if (bad)
            incstat_free_mem(id);
    }
    if (bad) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto done;
    }
    /* cell lists are final now: indexes become pointers */
    rec_list *ch = &d->lists[INCSTAT_DIFF_CHANGED];
    for (size_t i = 0; i < ch->n; i++)
        ch->v[i].cells = d->cells + (uintptr_t)ch->v[i].cells;
done:
    incstat_free_mem(new_match);
    incstat_free_mem(cand);
    return st;
}

static void keyset_free(keyset *k)
{
    incstat_free_mem(k->text);
    incstat_free_mem(k->off);
}

void incstat_diff_free(incstat_diff *d)
{
    if (!d)
        return;
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < d->lists[k].n; i++)
            incstat_free_mem((char *)d->lists[k].v[i].id);
        incstat_free_mem(d->lists[k].v);
    }
    incstat_free_mem(d->cells);
    incstat_free_mem(d->colmap);
    incstat_free_mem(d->counts_col);
    incstat_free_mem(d->cols_added);
    incstat_free_mem(d->cols_removed);
    incstat_free_mem(d->years);
    incstat_free_mem(d->dup_text);
    incstat_free_mem(d);
}

incstat_status incstat_diff_new(incstat_records *old_recs, incstat_records *new_recs,
                                const incstat_diff_options *opts, incstat_diff **out,
                                incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (!old_recs || !new_recs)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no records to compare");
    incstat_diff *d = incstat_calloc(1, sizeof *d);
    if (!d)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (opts)
        d->opt = *opts;
    d->old = old_recs;
    d->new_ = new_recs;
    d->dup_rep = NONE;
    keyset ko = {0}, kn = {0};
    size_t *old_match = NULL;
    const incstat_load_report *ro = incstat_records_report(old_recs),
                              *rn = incstat_records_report(new_recs);
    size_t no = incstat_records_count(old_recs), nn = incstat_records_count(new_recs);
    incstat_status st;
    if ((st = shared_columns(d, err)) != INCSTAT_OK ||
        (st = resolve_keys(ro, rn, &d->opt, &d->kspec_old, &d->kspec_new, &d->match.by_id,
                           err)) != INCSTAT_OK ||
        (st = build_keys(old_recs, &d->kspec_old, &ko, err)) != INCSTAT_OK ||
        (st = build_keys(new_recs, &d->kspec_new, &kn, err)) != INCSTAT_OK)
        goto fail;
    if (d->match.by_id && ((st = check_ids(old_recs, &ko, err)) != INCSTAT_OK ||
                           (st = check_ids(new_recs, &kn, err)) != INCSTAT_OK))
        goto fail;
    d->match.old_key = d->kspec_old.desc;
    d->match.new_key = d->kspec_new.desc;
    if (!(old_match = incstat_reallocarray(NULL, no ? no : 1, sizeof *old_match))) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    if ((st = match_all(d, &ko, &kn, no, nn, old_match, err)) != INCSTAT_OK ||
        (st = compare_all(d, &ko, &kn, old_match, err)) != INCSTAT_OK ||
        (st = incstat_diff_yearly_(d, err)) != INCSTAT_OK)
        goto fail;
    if (d->dup_rep != NONE) {
        d->dup_text = display_key((d->dup_rep & OLD_BIT) ? &ko : &kn, d->dup_rep & ~OLD_BIT);
        if (!d->dup_text) {
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
            goto fail;
        }
        d->match.first_duplicate = d->dup_text;
    }
    incstat_free_mem(old_match);
    keyset_free(&ko);
    keyset_free(&kn);
    *out = d;
    return INCSTAT_OK;
fail:
    incstat_free_mem(old_match);
    keyset_free(&ko);
    keyset_free(&kn);
    incstat_diff_free(d);
    return st;
}

/* ---- access ------------------------------------------------------------- */

size_t incstat_diff_count(const incstat_diff *d, incstat_diff_kind kind)
{
    return d && (unsigned)kind < 3 ? d->lists[kind].n : 0;
}

const incstat_diff_record *incstat_diff_record_at(const incstat_diff *d, incstat_diff_kind kind,
                                                  size_t i)
{
    if (!d || (unsigned)kind >= 3 || i >= d->lists[kind].n)
        return NULL;
    return &d->lists[kind].v[i];
}

size_t incstat_diff_columns(const incstat_diff *d, int added, const char *const **names)
{
    if (!d) {
        *names = NULL;
        return 0;
    }
    *names = added ? d->cols_added : d->cols_removed;
    return added ? d->n_added_cols : d->n_removed_cols;
}

size_t incstat_diff_years(const incstat_diff *d, const incstat_diff_year **years)
{
    *years = d ? d->years : NULL;
    return d ? d->nyears : 0;
}

const incstat_diff_match *incstat_diff_match_info(const incstat_diff *d)
{
    return d ? &d->match : NULL;
}
