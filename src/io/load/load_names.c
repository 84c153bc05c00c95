/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_names.c: the words of an input, as its load report knows them:
 * what a name given for a text field means in it (the file's own column
 * name stands for the field it is read into), and what one of its rows is
 * ("incidents", "country-years") for messages. */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/table.h"
#include "incstat/util.h"
#include "core/internal.h"
#include "core/text.h"

/* The canonical text field named name (any case), or NULL. */
static const char *text_field(const char *name)
{
    for (int t = 0; t < INCSTAT_TEXT_COUNT; t++) {
        const char *f = incstat_text_field_name((incstat_text_field)t);
        if (incstat_ascii_casecmp(name, f) == 0)
            return f;
    }
    return NULL;
}

/* The column of r named name: as written, else in any case; -1 if none. */
static long column(const incstat_load_report *r, const char *name)
{
    for (size_t i = 0; i < r->n_columns; i++)
        if (r->columns[i].name && strcmp(r->columns[i].name, name) == 0)
            return (long)i;
    for (size_t i = 0; i < r->n_columns; i++)
        if (r->columns[i].name && incstat_ascii_casecmp(r->columns[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* "no field or column" with the nearest text field, kept column or column. */
static incstat_status not_found(const incstat_load_report *r, const char *what, const char *name,
                                incstat_error *err)
{
    const char *names[INCSTAT_TEXT_COUNT + 3 + 512];
    size_t n = 0;
    int by = strcmp(what, "--by") == 0; /* the periods too */
    if (by) {
        names[n++] = "year";
        names[n++] = "month";
        names[n++] = "quarter";
    }
    for (int t = 0; t < INCSTAT_TEXT_COUNT; t++)
        names[n++] = incstat_text_field_name((incstat_text_field)t);
    for (size_t i = 0; i < r->n_columns && n < sizeof names / sizeof names[0]; i++)
        names[n++] = r->columns[i].name;
    const char *near = incstat_nearest(name, names, n);
    return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                             "%s: no field or column \"%s\"%s%s%s (%s)", what, name,
                             near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "",
                             by ? "year, month, quarter, a text field such as admin1, or a "
                                  "column kept with --keep"
                                : "text fields: id, country, admin1, admin2, city, location, "
                                  "perpetrator, target, type, or a column kept with --keep");
}

incstat_status incstat_load_report_text_name(const incstat_load_report *r,
                                             const char *const *kept, size_t n_kept,
                                             const char *what, const char *name,
                                             const char **out, incstat_error *err)
{
    if (!name || !out || !what || (n_kept && !kept))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "text name: NULL argument");
    const char *f = text_field(name);
    *out = f ? f : name;
    if (f || !r)
        return INCSTAT_OK;
    for (size_t k = 0; k < n_kept; k++)
        if (kept[k] && incstat_ascii_casecmp(name, kept[k]) == 0)
            return INCSTAT_OK; /* a kept column, even one that also feeds a field */
    long c = column(r, name);
    /* a canonical field that is not text (the date, a count), unless a kept
     * column has its name */
    for (size_t i = 0; i < incstat_map_field_count(); i++)
        if (incstat_ascii_casecmp(name, incstat_map_field_name(i)) == 0)
            return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                                     "%s: %s is not a text field (text fields: id, country, "
                                     "admin1, admin2, city, location, perpetrator, target, "
                                     "type, or a column kept with --keep)%s",
                                     what, incstat_map_field_name(i),
                                     strcmp(what, "--where") == 0
                                         ? "; --from and --to select dates" : "");
    if (c < 0)
        return not_found(r, what, name, err);
    const char *fed = r->columns[c].field;
    char q[300];
    incstat_shell_quote(r->columns[c].name, q, sizeof q);
    if (fed && (f = text_field(fed))) {
        *out = f; /* "Province" is admin1 */
        return INCSTAT_OK;
    }
    if (fed)
        return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                                 "%s: \"%s\" is the column read as %s, not a text field; "
                                 "--keep %s keeps its text to group or select by",
                                 what, r->columns[c].name, fed, q);
    return incstat_set_error(err, INCSTAT_ENOCOLUMN, 0, 0,
                             "%s: \"%s\" is a column incstat does not read; --keep %s keeps it "
                             "to group or select by", what, r->columns[c].name, q);
}

const char *incstat_load_report_rows_noun(const incstat_load_report *r, uint64_t n)
{
    int one = n == 1;
    if (!r || !r->rows_periods)
        return one ? "incident" : "incidents";
    if (!r->period_key[0]) /* a table of periods whose key is not known */
        return one ? "row" : "rows";
    int country = 0;
    for (size_t k = 0; k < r->n_entity_columns; k++) {
        size_t c = r->entity_columns[k];
        country |= c < r->n_columns && r->columns[c].field &&
                   strcmp(r->columns[c].field, "country") == 0;
    }
    if (r->n_entity_columns == 1 && country)
        return r->period_months     ? (one ? "country-month" : "country-months")
               : r->period_quarters ? (one ? "country-quarter" : "country-quarters")
                                    : (one ? "country-year" : "country-years");
    if (r->n_entity_columns == 0)
        return r->period_months     ? (one ? "month" : "months")
               : r->period_quarters ? (one ? "quarter" : "quarters")
                                    : (one ? "year" : "years");
    return one ? "row" : "rows";
}
