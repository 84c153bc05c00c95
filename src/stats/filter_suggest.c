/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/filter_suggest.c: what to say when a selection matched nothing:
 * the values of a --where field nearest to the one asked for (UCDP writes
 * "Myanmar (Burma)"; --where country=Myanmar finds nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/filter.h"
#include "core/internal.h"
#include "core/text.h"
#include "io/load/dict.h"
#include "stats/filter_internal.h"

enum { SUGGEST = 3 };

/* The distinct values one condition's column holds, with their counts. */
typedef struct {
    int matched;      /* some row passes the condition alone */
    incstat_dict values;
    uint64_t *count;  /* by code */
    size_t cap;
} seen;

static int count_value(seen *s, const char *p, size_t n)
{
    uint32_t code;
    if (incstat_dict_intern(&s->values, p, n, &code) != 0)
        return -1;
    if (code >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        while (cap <= code)
            cap *= 2;
        uint64_t *c = incstat_realloc(s->count, cap * sizeof *c);
        if (!c)
            return -1;
        memset(c + s->cap, 0, (cap - s->cap) * sizeof *c);
        s->count = c;
        s->cap = cap;
    }
    s->count[code]++;
    return 0;
}

/* The value of inc in w's column: each item of a list cell on its own. */
static int note(seen *s, const where *w, const incstat_incident *inc, unsigned lists)
{
    const incstat_text *t = incstat_filter_text_of_(inc, w->col);
    if (!t || !t->ptr || !t->len)
        return 0;
    int list = w->col >= 0 && w->col < INCSTAT_TEXT_COUNT && (lists & (1u << w->col));
    size_t i = 0;
    while (i < t->len) {
        size_t j = i;
        while (list && j < t->len && t->ptr[j] != ',' && t->ptr[j] != ';')
            j++;
        if (!list)
            j = t->len;
        const char *p = t->ptr + i;
        size_t n = j - i;
        incstat_trim_cell(&p, &n);
        if (n && count_value(s, p, n) != 0)
            return -1;
        i = j + 1;
    }
    return 0;
}

/* The line for condition w: its nearest values, best first. */
static void say(const where *w, const seen *s, const incstat_load_report *rep, char *buf,
                size_t cap, size_t *len)
{
    uint32_t best[SUGGEST];
    int score[SUGGEST];
    size_t nb = 0;
    for (uint32_t code = 1; code < s->values.n; code++) {
        int sc = incstat_label_nearness(w->value, w->value_len, incstat_dict_str(&s->values, code),
                                        incstat_dict_len(&s->values, code));
        if (sc < 0)
            continue;
        /* insertion by score, then by more rows, then by first seen */
        size_t at = nb;
        while (at > 0 && (score[at - 1] > sc ||
                          (score[at - 1] == sc && s->count[best[at - 1]] < s->count[code])))
            at--;
        if (at >= SUGGEST)
            continue;
        size_t last = nb < SUGGEST ? nb : SUGGEST - 1;
        memmove(best + at + 1, best + at, (last - at) * sizeof *best);
        memmove(score + at + 1, score + at, (last - at) * sizeof *score);
        best[at] = code;
        score[at] = sc;
        if (nb < SUGGEST)
            nb++;
    }
    const char *noun = incstat_load_report_rows_noun(rep, 0);
    size_t k = *len;
#define ADD(...)                                                                      \
    do {                                                                              \
        if (k < cap) {                                                                \
            int r_ = snprintf(buf + k, cap - k, __VA_ARGS__);                         \
            k += r_ > 0 ? (size_t)r_ : 0;                                             \
        }                                                                             \
    } while (0)
    ADD("  --where %s=%s%s matches no %s", w->field, w->substring ? "~" : "", w->value,
        incstat_load_report_rows_noun(rep, 1));
    if (!nb)
        ADD(", and no value of %s is near it\n", w->field);
    for (size_t i = 0; i < nb; i++) {
        char shown[160];
        incstat_label_show(incstat_dict_str(&s->values, best[i]),
                           incstat_dict_len(&s->values, best[i]), shown, sizeof shown);
        uint64_t c = s->count[best[i]];
        ADD("%s\"%s\" (%llu %s)%s", i == 0 ? "; did you mean " : i + 1 == nb ? " or " : ", ",
            shown, (unsigned long long)c, c == 1 ? incstat_load_report_rows_noun(rep, 1) : noun,
            i + 1 == nb ? "?\n" : "");
    }
#undef ADD
    *len = k < cap ? k : cap ? cap - 1 : 0;
}

incstat_status incstat_filter_suggest(const incstat_filter *f, incstat_loader *ld, char *buf,
                                      size_t cap, incstat_error *err)
{
    if (!f || !ld || !buf || !cap)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "suggest: NULL argument");
    buf[0] = '\0';
    if (f->n && !f->bound)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "suggest: the filter is not bound");
    seen *s = incstat_calloc(f->n ? f->n : 1, sizeof *s);
    if (!s)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_status st = INCSTAT_OK;
    for (size_t i = 0; i < f->n && !st; i++)
        if (incstat_dict_init(&s[i].values) != 0)
            st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    const incstat_incident *inc;
    uint64_t together = 0; /* rows that pass every condition, dates aside */
    while (!st && (st = incstat_loader_next(ld, &inc, err)) == INCSTAT_ROW) {
        st = INCSTAT_OK;
        together += incstat_filter_match_where_(f, inc);
        for (size_t i = 0; i < f->n && !st; i++) {
            if (s[i].matched)
                continue;
            if (incstat_filter_value_matches_(&f->w[i], inc, f->lists))
                s[i].matched = 1;
            else if (note(&s[i], &f->w[i], inc, f->lists) != 0)
                st = incstat_set_error(err, INCSTAT_ENOMEM, inc->line, 0, "out of memory");
        }
    }
    if (st == INCSTAT_DONE) {
        st = INCSTAT_OK;
        size_t len = 0;
        /* one line per condition that nothing matches; conditions on one
         * field are ORed, so one of them matching clears the field */
        const incstat_load_report *rep = incstat_loader_report(ld);
        for (size_t i = 0; i < f->n; i++) {
            int field_matched = 0;
            for (size_t j = 0; j < f->n; j++)
                field_matched |= f->w[j].col == f->w[i].col && s[j].matched;
            if (!field_matched)
                say(&f->w[i], &s[i], rep, buf, cap, &len);
        }
        /* each matches on its own: together, or the dates, exclude all */
        if (!len && f->n && !together)
            snprintf(buf, cap, "  each --where matches some %s on its own, but none matches "
                               "all of them\n", incstat_load_report_rows_noun(rep, 0));
        else if (!len && f->n && (f->has_from || f->has_to))
            snprintf(buf, cap, "  the --where conditions match %llu %s, none of them within "
                               "--from/--to\n", (unsigned long long)together,
                     incstat_load_report_rows_noun(rep, together));
    }
    for (size_t i = 0; i < f->n; i++) {
        incstat_dict_clear(&s[i].values);
        incstat_free_mem(s[i].count);
    }
    incstat_free_mem(s);
    return st;
}
