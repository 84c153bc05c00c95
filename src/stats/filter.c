/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/filter.c: incident filters (see include/incstat/filter.h). */
#include <stdio.h>
#include <string.h>
#include "incstat/filter.h"
#include "incstat/util.h"
#include "incstat/value.h"
#include "core/internal.h"
#include "core/text.h"
#include "stats/filter_internal.h"

void incstat_filter_set_lists(incstat_filter *f, unsigned text_fields)
{
    if (f)
        f->lists = text_fields;
}

/* Values are compared under the label fold of core/text.h (case, every
 * Unicode space, invisible characters), the fold under which a summary
 * merges spellings (summary_spell.c): --where admin1=FATA also matches
 * "Fata" and "FATA ", and a value typed with a plain space matches a cell
 * written with a no-break one.  --where FIELD=~TEXT looks for the folded
 * TEXT inside the folded cell. */

/* Whether a list cell ("India, Pakistan"; "A; B") names v among its items. */
static int list_has(const char *s, size_t n, const char *v, size_t vn)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',' && s[j] != ';')
            j++;
        /* the fold trims each item */
        if (incstat_label_eq(s + i, j - i, v, vn))
            return 1;
        i = j + 1;
    }
    return 0;
}

incstat_status incstat_filter_new(incstat_filter **out, incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = incstat_calloc(1, sizeof **out);
    if (!*out)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    return INCSTAT_OK;
}

void incstat_filter_free(incstat_filter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        incstat_free_mem(f->w[i].field);
        incstat_free_mem(f->w[i].value);
    }
    incstat_free_mem(f);
}

incstat_status incstat_filter_add_where(incstat_filter *f, const char *spec, incstat_error *err)
{
    if (!f || !spec)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no filter or condition");
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "--where \"%s\": expected FIELD=VALUE or FIELD=~TEXT", spec);
    if (f->n == MAX_WHERE)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "more than %d --where conditions",
                                 MAX_WHERE);
    where *w = &f->w[f->n];
    memset(w, 0, sizeof *w);
    w->substring = eq[1] == '~';
    const char *v = eq + 1 + w->substring;
    w->field = incstat_strndup(spec, (size_t)(eq - spec));
    w->value = incstat_strndup(v, strlen(v));
    w->value_len = strlen(v);
    w->col = -1;
    if (!w->field || !w->value) {
        incstat_free_mem(w->field);
        incstat_free_mem(w->value);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    f->n++;
    f->bound = 0;
    return INCSTAT_OK;
}

incstat_status incstat_filter_default_aggregate(incstat_filter *f, const char *entity, int *added,
                                                incstat_error *err)
{
    if (added)
        *added = 0;
    if (!f)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no filter");
    if (!entity)
        return INCSTAT_OK;
    for (size_t i = 0; i < f->n; i++)
        if (incstat_ascii_casecmp(f->w[i].field, "country") == 0)
            return INCSTAT_OK; /* the caller chose */
    char spec[96];
    snprintf(spec, sizeof spec, "country=%s", entity);
    incstat_status st = incstat_filter_add_where(f, spec, err);
    if (!st && added)
        *added = 1;
    return st;
}

static incstat_status bound(const char *s, incstat_date *d, const char *what, incstat_error *err)
{
    incstat_date_evidence ev;
    if (!s || incstat_value_parse_date(s, strlen(s), INCSTAT_DATE_ORDER_AUTO, d, &ev) !=
                  INCSTAT_DATE_OK)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "%s \"%s\" is not a year or a date (e.g. 2007 or 2007-03-15)",
                                 what, s ? s : "");
    return INCSTAT_OK;
}

incstat_status incstat_filter_from(incstat_filter *f, const char *date, incstat_error *err)
{
    incstat_status st = bound(date, &f->from, "--from", err);
    if (!st)
        f->has_from = 1;
    return st;
}

incstat_status incstat_filter_to(incstat_filter *f, const char *date, incstat_error *err)
{
    incstat_status st = bound(date, &f->to, "--to", err);
    if (!st)
        f->has_to = 1;
    return st;
}

int incstat_filter_has_range(const incstat_filter *f)
{
    return f && (f->has_from || f->has_to);
}

incstat_status incstat_filter_resolve(incstat_filter *f, const incstat_load_report *r,
                                      const char *const *kept, size_t n_kept, incstat_error *err)
{
    if (!f)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no filter");
    for (size_t i = 0; i < f->n; i++) {
        const char *name;
        incstat_status st =
            incstat_load_report_text_name(r, kept, n_kept, "--where", f->w[i].field, &name, err);
        if (st)
            return st;
        if (strcmp(name, f->w[i].field) == 0)
            continue;
        char *copy = incstat_strndup(name, strlen(name));
        if (!copy)
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        incstat_free_mem(f->w[i].field);
        f->w[i].field = copy;
    }
    f->bound = 0;
    return INCSTAT_OK;
}

incstat_status incstat_filter_bind(incstat_filter *f, const char *const *kept, size_t n_kept,
                                   incstat_error *err)
{
    if (!f)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no filter");
    for (size_t i = 0; i < f->n; i++) {
        where *w = &f->w[i];
        w->col = -1;
        for (int t = 0; t < INCSTAT_TEXT_COUNT && w->col < 0; t++)
            if (incstat_ascii_casecmp(w->field, incstat_text_field_name((incstat_text_field)t)) == 0)
                w->col = t;
        for (size_t k = 0; k < n_kept && w->col < 0; k++)
            if (strcmp(w->field, kept[k]) == 0 || incstat_ascii_casecmp(w->field, kept[k]) == 0)
                w->col = (long)(INCSTAT_TEXT_COUNT + k);
        if (w->col < 0) {
            const char *names[INCSTAT_TEXT_COUNT + 64];
            size_t n = 0;
            for (int t = 0; t < INCSTAT_TEXT_COUNT; t++)
                names[n++] = incstat_text_field_name((incstat_text_field)t);
            for (size_t k = 0; k < n_kept && n < sizeof names / sizeof names[0]; k++)
                names[n++] = kept[k];
            const char *near = incstat_nearest(w->field, names, n);
            return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                                     "--where: no field \"%s\"%s%s%s (text fields: id, country, "
                                     "admin1, admin2, city, location, perpetrator, target, type, "
                                     "or a column kept with --keep)",
                                     w->field, near ? "; did you mean \"" : "", near ? near : "",
                                     near ? "\"?" : "");
        }
    }
    f->bound = 1;
    return INCSTAT_OK;
}

const incstat_text *incstat_filter_text_of_(const incstat_incident *inc, long col)
{
    if (col < INCSTAT_TEXT_COUNT)
        return &inc->text[col];
    size_t k = (size_t)col - INCSTAT_TEXT_COUNT;
    return k < inc->n_kept ? &inc->kept[k] : NULL;
}

int incstat_filter_value_matches_(const where *w, const incstat_incident *inc, unsigned lists)
{
    const incstat_text *t = incstat_filter_text_of_(inc, w->col);
    if (!t || !t->ptr)
        return w->value_len == 0 && !w->substring;
    if (w->substring)
        return incstat_label_contains(t->ptr, t->len, w->value, w->value_len);
    if (t->len == w->value_len && memcmp(t->ptr, w->value, t->len) == 0)
        return 1;
    if (incstat_label_eq(t->ptr, t->len, w->value, w->value_len))
        return 1;
    return w->col >= 0 && w->col < INCSTAT_TEXT_COUNT && (lists & (1u << w->col)) &&
           list_has(t->ptr, t->len, w->value, w->value_len);
}

/* Compare an incident date with a bound at the coarser of the two
 * precisions: -1 before, 0 overlapping, 1 after. */
static int date_cmp(const incstat_date *d, const incstat_date *b)
{
    if (d->year != b->year)
        return d->year < b->year ? -1 : 1;
    if (d->precision < INCSTAT_DATE_MONTH || b->precision < INCSTAT_DATE_MONTH)
        return 0;
    if (d->month != b->month)
        return d->month < b->month ? -1 : 1;
    if (d->precision < INCSTAT_DATE_DAY || b->precision < INCSTAT_DATE_DAY)
        return 0;
    return (d->day > b->day) - (d->day < b->day);
}

int incstat_filter_match(const incstat_filter *f, const incstat_incident *inc)
{
    if (!f)
        return 1;
    if (f->has_from || f->has_to) {
        if (inc->date.precision == INCSTAT_DATE_NONE)
            return 0;
        if (f->has_from && date_cmp(&inc->date, &f->from) < 0)
            return 0;
        if (f->has_to && date_cmp(&inc->date, &f->to) > 0)
            return 0;
    }
    return incstat_filter_match_where_(f, inc);
}

int incstat_filter_match_where_(const incstat_filter *f, const incstat_incident *inc)
{
    /* conditions on the same field are ORed; different fields ANDed */
    for (size_t i = 0; i < f->n; i++) {
        int seen_before = 0;
        for (size_t j = 0; j < i; j++)
            if (f->w[j].col == f->w[i].col)
                seen_before = 1;
        if (seen_before)
            continue;
        int any = 0;
        for (size_t j = i; j < f->n && !any; j++)
            if (f->w[j].col == f->w[i].col && incstat_filter_value_matches_(&f->w[j], inc, f->lists))
                any = 1;
        if (!any)
            return 0;
    }
    return 1;
}

incstat_status incstat_filter_new_from(const char *const *conds, size_t nwhere, const char *from,
                                       const char *to, incstat_filter **out, incstat_error *err)
{
    if (!out || (nwhere && !conds))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "filter: NULL argument");
    incstat_filter *f;
    incstat_status st = incstat_filter_new(&f, err);
    *out = NULL;
    for (size_t k = 0; k < nwhere && !st; k++)
        st = incstat_filter_add_where(f, conds[k], err);
    if (!st && from)
        st = incstat_filter_from(f, from, err);
    if (!st && to)
        st = incstat_filter_to(f, to, err);
    if (st) {
        incstat_filter_free(f);
        return st;
    }
    *out = f;
    return INCSTAT_OK;
}
