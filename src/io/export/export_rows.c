/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export_rows.c: the row source every export writer reads (the
 * text writers in export.c, the SQLite writer, the reading thread of
 * export_pipe.c): the tidy table's canonical columns, one incident as typed
 * values, and the loader's incidents with the caller's predicate applied. */
#include <math.h>
#include <string.h>

#include "io/export/export_internal.h"

static const struct {
    const char *name, *type;
} CANON[INCSTAT_EXPORT_NCANON] = {
    {"id", "TEXT"},           {"date", "TEXT"},          {"date_precision", "TEXT"},
    {"year", "INTEGER"},      {"month", "INTEGER"},      {"day", "INTEGER"},
    {"killed", "REAL"},       {"killed_low", "REAL"},    {"killed_high", "REAL"},
    {"injured", "REAL"},      {"injured_low", "REAL"},   {"injured_high", "REAL"},
    {"country", "TEXT"},      {"admin1", "TEXT"},        {"admin2", "TEXT"},
    {"city", "TEXT"},         {"location", "TEXT"},      {"latitude", "REAL"},
    {"longitude", "REAL"},    {"perpetrator", "TEXT"},   {"target", "TEXT"},
    {"type", "TEXT"}};

const char *incstat_export_column_(size_t c, const char **sql_type)
{
    if (sql_type)
        *sql_type = CANON[c].type;
    return CANON[c].name;
}

/* ---- values ------------------------------------------------------------- */

static xv text_v(const incstat_text *t)
{
    xv v = {XV_NULL, 0, {.s = NULL}};
    if (t->ptr) {
        v.kind = XV_TEXT;
        v.s = t->ptr;
        v.n = t->len;
    }
    return v;
}

static xv int_v(long long i, int known)
{
    xv v = {known ? XV_INT : XV_NULL, 0, {.i = i}};
    return v;
}

static xv real_v(double d)
{
    xv v = {isfinite(d) ? XV_REAL : XV_NULL, 0, {.d = d}};
    return v;
}

static xv date_v(const incstat_date *d, char *buf)
{
    xv v = {XV_NULL, 0, {.s = buf}};
    int y = (int)d->year;
    if (d->precision == INCSTAT_DATE_NONE || y < 0 || y > 9999)
        return v;
    v.kind = XV_TEXT;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    v.n = 4;
    if (d->precision == INCSTAT_DATE_QUARTER) { /* "2013-Q2" */
        buf[4] = '-';
        buf[5] = 'Q';
        buf[6] = (char)('0' + (d->month - 1) / 3 + 1);
        v.n = 7;
    }
    if (d->precision >= INCSTAT_DATE_MONTH) {
        buf[4] = '-';
        buf[5] = (char)('0' + d->month / 10);
        buf[6] = (char)('0' + d->month % 10);
        v.n = 7;
    }
    if (d->precision >= INCSTAT_DATE_DAY) {
        buf[7] = '-';
        buf[8] = (char)('0' + d->day / 10);
        buf[9] = (char)('0' + d->day % 10);
        v.n = 10;
    }
    return v;
}

void incstat_export_values_(const incstat_incident *inc, xv *v, char *date_buf)
{
    static const char *const PREC[] = {NULL, "year", "quarter", "month", "day"};
    const incstat_date *d = &inc->date;
    int p = d->precision;
    v[0] = text_v(&inc->text[INCSTAT_TEXT_ID]);
    v[1] = date_v(d, date_buf);
    v[2] = (xv){p ? XV_TEXT : XV_NULL, p ? strlen(PREC[p]) : 0, {.s = p ? PREC[p] : NULL}};
    v[3] = int_v(d->year, p >= INCSTAT_DATE_YEAR);
    v[4] = int_v(d->month, p >= INCSTAT_DATE_MONTH);
    v[5] = int_v(d->day, p >= INCSTAT_DATE_DAY);
    v[6] = real_v(inc->num[INCSTAT_NUM_KILLED_BEST]);
    v[7] = real_v(inc->num[INCSTAT_NUM_KILLED_LOW]);
    v[8] = real_v(inc->num[INCSTAT_NUM_KILLED_HIGH]);
    v[9] = real_v(inc->num[INCSTAT_NUM_INJURED_BEST]);
    v[10] = real_v(inc->num[INCSTAT_NUM_INJURED_LOW]);
    v[11] = real_v(inc->num[INCSTAT_NUM_INJURED_HIGH]);
    v[12] = text_v(&inc->text[INCSTAT_TEXT_COUNTRY]);
    v[13] = text_v(&inc->text[INCSTAT_TEXT_ADMIN1]);
    v[14] = text_v(&inc->text[INCSTAT_TEXT_ADMIN2]);
    v[15] = text_v(&inc->text[INCSTAT_TEXT_CITY]);
    v[16] = text_v(&inc->text[INCSTAT_TEXT_LOCATION]);
    v[17] = real_v(inc->num[INCSTAT_NUM_LATITUDE]);
    v[18] = real_v(inc->num[INCSTAT_NUM_LONGITUDE]);
    v[19] = text_v(&inc->text[INCSTAT_TEXT_PERPETRATOR]);
    v[20] = text_v(&inc->text[INCSTAT_TEXT_TARGET]);
    v[21] = text_v(&inc->text[INCSTAT_TEXT_TYPE]);
    for (size_t k = 0; k < inc->n_kept; k++)
        v[INCSTAT_EXPORT_NCANON + k] = text_v(&inc->kept[k]);
}

/* ---- the rows --------------------------------------------------------- */

incstat_status incstat_export_next_(incstat_loader *ld, const incstat_export_options *o,
                                    const incstat_incident **inc, incstat_error *err)
{
    for (;;) {
        incstat_status st = incstat_loader_next(ld, inc, err);
        if (st != INCSTAT_ROW || !o->keep || o->keep(o->keep_ctx, *inc))
            return st;
    }
}
