/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_fields.c: the names the loader gives things: canonical fields
 * (with the aliases users reach for), skip reasons, column types and how a
 * field was mapped.  Its own file because the header resolution, the schema
 * reader and the loader all name fields, and none of them should call
 * another back for it. */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "core/internal.h"
#include "io/load/load_priv.h"

const char *const incstat_load_field_names_[MF_COUNT] = {
    "id", "date", "year", "month", "day",
    "killed", "killed_low", "killed_high",
    "injured", "injured_low", "injured_high",
    "country", "admin1", "admin2", "city", "location",
    "latitude", "longitude", "perpetrator", "target", "type", "incidents", "quarter", "precision"};

const char *incstat_skip_reason_name(incstat_skip_reason r)
{
    switch (r) {
    case INCSTAT_SKIP_BLANK: return "blank row";
    case INCSTAT_SKIP_TOTALS: return "totals row";
    case INCSTAT_SKIP_TOO_MANY_FIELDS: return "more fields than the header";
    case INCSTAT_SKIP_HEADER_REPEAT: return "repeated header";
    case INCSTAT_SKIP_HXL: return "HXL hashtag row";
    case INCSTAT_SKIP_REPEATED_PERIOD: return "repeated period";
    case INCSTAT_SKIP_COUNT: break;
    }
    return "unknown";
}

const char *incstat_column_type_name(incstat_column_type t)
{
    switch (t) {
    case INCSTAT_TYPE_EMPTY: return "empty";
    case INCSTAT_TYPE_INTEGER: return "integer";
    case INCSTAT_TYPE_NUMBER: return "number";
    case INCSTAT_TYPE_COUNT_RANGE: return "count-range";
    case INCSTAT_TYPE_DATE: return "date";
    case INCSTAT_TYPE_TEXT: return "text";
    }
    return "unknown";
}

const char *incstat_map_how_name(incstat_map_how h)
{
    switch (h) {
    case INCSTAT_HOW_PRESET: return "preset";
    case INCSTAT_HOW_NAME: return "name";
    case INCSTAT_HOW_TYPE: return "type";
    case INCSTAT_HOW_MAP: return "map";
    }
    return "unknown";
}

size_t incstat_map_field_count(void) { return MF_COUNT; }
const char *incstat_map_field_name(size_t i) { return i < MF_COUNT ? MF_NAMES[i] : NULL; }

int incstat_load_field_index_(const char *name, size_t n)
{
    for (int i = 0; i < MF_COUNT; i++)
        if (incstat_ascii_ncaseeq(name, n, MF_NAMES[i]))
            return i;
    /* aliases users reach for */
    if (incstat_ascii_ncaseeq(name, n, "killed_best") || incstat_ascii_ncaseeq(name, n, "deaths") ||
        incstat_ascii_ncaseeq(name, n, "fatalities"))
        return MF_KILLED;
    if (incstat_ascii_ncaseeq(name, n, "injured_best") || incstat_ascii_ncaseeq(name, n, "wounded"))
        return MF_INJURED;
    if (incstat_ascii_ncaseeq(name, n, "province") || incstat_ascii_ncaseeq(name, n, "state"))
        return MF_ADMIN1;
    if (incstat_ascii_ncaseeq(name, n, "lat"))
        return MF_LATITUDE;
    if (incstat_ascii_ncaseeq(name, n, "lon") || incstat_ascii_ncaseeq(name, n, "lng"))
        return MF_LONGITUDE;
    return -1;
}

incstat_status incstat_load_bad_field_(const char *what, const char *field, size_t n, incstat_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "%.*s", (int)(n < 60 ? n : 60), field);
    const char *near = incstat_nearest(f, MF_NAMES, MF_COUNT);
    return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                             "%s: unknown field \"%s\"%s%s%s (fields: id, date, year, month, day, "
                             "killed, killed_low, killed_high, injured, injured_low, injured_high, "
                             "country, admin1, admin2, city, location, latitude, longitude, "
                             "perpetrator, target, type, incidents, precision)",
                             what, f, near ? "; did you mean \"" : "", near ? near : "",
                             near ? "\"?" : "");
}

int incstat_loader_column_feeds_(const incstat_loader *ld, size_t c)
{
    for (int f = 0; f < MF_COUNT; f++) {
        if (ld->col[f] == (long)c)
            return 1;
        for (size_t i = 0; ld->n_parts[f] >= 2 && i < ld->n_parts[f]; i++)
            if (ld->parts[f][i] == (long)c)
                return 1;
    }
    return 0;
}
