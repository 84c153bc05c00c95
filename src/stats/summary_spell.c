/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_spell.c: category spellings in a summary by a text field
 * (see summary_internal.h).  A publisher's sheet spells one province
 * "FATA" and "Fata", "Balochistan Province" with a no-break space, or
 * "Baluchistan" and "Balochistan": the first two differ only in case or
 * spacing (the label fold of core/text.h) and are one category, counted
 * under the first spelling seen; the last may be two places, so it is only
 * noted, with the --recode line that would merge it, quoted so that it can
 * be pasted into a shell.  Runs once per summary, over the distinct labels,
 * never over rows. */
#include <stdio.h>
#include <string.h>

#include "incstat/summary.h"
#include "io/load/dict.h"
#include "core/internal.h"
#include "core/sort.h"
#include "core/text.h"
#include "stats/summary_internal.h"

/* at most this many labels are compared pairwise for near-identical ones */
#define NEAR_MAX_LABELS 500
#define NEAR_MAX_LEN 64

typedef struct {
    char *folded; /* arena: one folded label per code, NUL-terminated */
    size_t *off;
} folds;

static int cmp_folded(const void *a, const void *b, void *ctx)
{
    const folds *f = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(f->folded + f->off[x], f->folded + f->off[y]);
    return c ? c : (x > y) - (x < y);
}

/* Edit distance, or limit + 1 once it exceeds limit. */
static size_t distance(const char *a, const char *b, size_t limit)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > NEAR_MAX_LEN || nb > NEAR_MAX_LEN || (na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
    size_t row[NEAR_MAX_LEN + 1], prev[NEAR_MAX_LEN + 1];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        row[0] = i;
        size_t best = row[0];
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (row[j] < best)
                best = row[j];
        }
        if (best > limit)
            return limit + 1;
        memcpy(prev, row, (nb + 1) * sizeof *row);
    }
    return prev[nb];
}

typedef struct {
    char (*lines)[INCSTAT_SUMMARY_NOTE_MAX];
    size_t max, *n;
} notes_out;

static char *next_note(notes_out *o)
{
    return *o->n < o->max ? o->lines[(*o->n)++] : NULL;
}

/* The consonants of a folded label: transliterations of one name differ in
 * their vowels (Baluchistan, Balochistan; Pakhtunkhwa, Pakhtoonkhwa), two
 * names in their consonants (Gambia, Zambia; Iceland, Ireland). */
static void skeleton(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++)
        if (((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) && !strchr("aeiouy", *s))
            out[k++] = *s;
    out[k] = '\0';
}

/* A label as a note shows it: no-break and other unusual spaces visible. */
static const char *shown(const incstat_dict *d, uint32_t c, char *buf, size_t cap)
{
    incstat_label_show(incstat_dict_str(d, c), incstat_dict_len(d, c), buf, cap);
    return buf;
}

/* Whether --recode can name field: the canonical text fields only, not a
 * column kept with --keep. */
static int recodable(const char *field)
{
    for (int t = 0; t < INCSTAT_TEXT_COUNT; t++)
        if (strcmp(field, incstat_text_field_name((incstat_text_field)t)) == 0)
            return 1;
    return 0;
}

/* "field: "I" and "J" look alike; to count them as one: --recode 'field:J=I'",
 * the whole FIELD:FROM=TO one shell word.  A line that does not fit is
 * never cut: the names go first, then the line itself. */
static void note_pair(char *note, const char *field, const incstat_dict *d, uint32_t i,
                      uint32_t j)
{
    char si[72], sj[72];
    shown(d, i, si, sizeof si);
    shown(d, j, sj, sizeof sj);
    if (!recodable(field)) {
        snprintf(note, INCSTAT_SUMMARY_NOTE_MAX, "%s: \"%s\" and \"%s\" look alike (a kept "
                 "column: --recode cannot merge them)", field, si, sj);
        return;
    }
    char spec[3 * INCSTAT_SUMMARY_NOTE_MAX], word[3 * INCSTAT_SUMMARY_NOTE_MAX];
    int len = snprintf(spec, sizeof spec, "%s:%s=%s", field, incstat_dict_str(d, j),
                       incstat_dict_str(d, i));
    size_t qlen = len >= 0 && (size_t)len < sizeof spec
                      ? incstat_shell_quote(spec, word, sizeof word) : sizeof word;
    if (qlen < sizeof word &&
        (size_t)snprintf(note, INCSTAT_SUMMARY_NOTE_MAX, "%s: \"%s\" and \"%s\" look alike; to "
                         "count them as one: --recode %s", field, si, sj, word) <
            INCSTAT_SUMMARY_NOTE_MAX)
        return;
    if (qlen < sizeof word &&
        (size_t)snprintf(note, INCSTAT_SUMMARY_NOTE_MAX, "%s: two spellings look alike; to "
                         "count them as one: --recode %s", field, word) <
            INCSTAT_SUMMARY_NOTE_MAX)
        return;
    snprintf(note, INCSTAT_SUMMARY_NOTE_MAX, "%s: \"%s\" and \"%s\" look alike (too long "
             "for a --recode line here)", field, si, sj);
}

static void note_alike(notes_out *o, const char *field, const incstat_dict *d, const folds *f,
                       const uint32_t *remap, uint32_t n)
{
    if (n > NEAR_MAX_LABELS)
        return;
    for (uint32_t i = 1; i < n; i++) {
        if (remap[i] != i)
            continue;
        const char *fi = f->folded + f->off[i];
        for (uint32_t j = i + 1; j < n; j++) {
            const char *fj = f->folded + f->off[j];
            size_t len = strlen(fi) < strlen(fj) ? strlen(fi) : strlen(fj);
            if (remap[j] != j || len < 5 || distance(fi, fj, 2) > 2)
                continue;
            char si[NEAR_MAX_LEN + 1], sj[NEAR_MAX_LEN + 1];
            skeleton(fi, si, sizeof si);
            skeleton(fj, sj, sizeof sj);
            if (strcmp(si, sj) != 0 || strncmp(fi, fj, len) == 0) /* Niger, Nigeria */
                continue;
            char *note = next_note(o);
            if (!note)
                return;
            note_pair(note, field, d, i, j);
        }
    }
}

int incstat_spellings_(const incstat_dict *d, const char *field, uint32_t *remap,
                       char (*notes)[INCSTAT_SUMMARY_NOTE_MAX], size_t max_notes,
                       size_t *n_notes)
{
    notes_out o = {notes, max_notes, n_notes};
    uint32_t n = d->n;
    folds f = {NULL, NULL};
    size_t bytes = 0;
    for (uint32_t c = 0; c < n; c++)
        bytes += incstat_dict_len(d, c) + 1;
    f.folded = incstat_malloc(bytes ? bytes : 1);
    f.off = incstat_reallocarray(NULL, n, sizeof *f.off);
    uint32_t *order = incstat_reallocarray(NULL, n, sizeof *order);
    int rc = -1;
    if (!f.folded || !f.off || !order)
        goto out;
    size_t at = 0;
    for (uint32_t c = 0; c < n; c++) {
        f.off[c] = at;
        at += incstat_label_fold(incstat_dict_str(d, c), incstat_dict_len(d, c), f.folded + at,
                                 incstat_dict_len(d, c) + 1) + 1;
        order[c] = c;
        remap[c] = c;
    }
    /* code 0 is "unknown" and never merges */
    if (incstat_sort(order + 1, n - 1, sizeof *order, cmp_folded, &f) != 0)
        goto out;
    int merged = 0;
    for (uint32_t i = 1; i < n;) {
        uint32_t j = i + 1;
        while (j < n && strcmp(f.folded + f.off[order[j]], f.folded + f.off[order[i]]) == 0)
            j++;
        /* order[i..j) fold alike; the smallest code is the first seen */
        for (uint32_t m = i + 1; m < j; m++) {
            remap[order[m]] = order[i];
            merged = 1;
            char *note = next_note(&o);
            char sm[72], si[72];
            if (note)
                snprintf(note, INCSTAT_SUMMARY_NOTE_MAX, "%s: \"%s\" counted with \"%s\" "
                         "(they differ only in case or spacing)", field,
                         shown(d, order[m], sm, sizeof sm), shown(d, order[i], si, sizeof si));
        }
        i = j;
    }
    note_alike(&o, field, d, &f, remap, n);
    rc = merged;
out:
    incstat_free_mem(f.folded);
    incstat_free_mem(f.off);
    incstat_free_mem(order);
    return rc;
}
