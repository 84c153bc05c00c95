/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/preset.c: the built-in dataset presets: how each source's columns map to
 * incstat's canonical fields, what its missing-value codes are, and how each
 * is recognised from its header. */
#include <string.h>
#include "incstat/load.h"
#include "core/internal.h"
#include "io/load/preset.h"

/* GTD: no 1993 (those records were lost); the codebook's split date (0 = unknown month/day), nkill/nwound with
 * -9/-99 for unknown in some numeric fields.  GTD has one count per
 * incident, so low = best = high. */
static const incstat_preset_map GTD_MAP[] = {
    {"id", "eventid"},          {"year", "iyear"},          {"month", "imonth"},
    {"day", "iday"},            {"killed", "nkill"},        {"injured", "nwound"},
    {"country", "country_txt"}, {"admin1", "provstate"},    {"city", "city"},
    {"perpetrator", "gname"},   {"type", "attacktype1_txt"},{"target", "targtype1_txt"},
    {"latitude", "latitude"},   {"longitude", "longitude"}, {"precision", "specificity"},
    {NULL, NULL}};
static const char *const GTD_KEEP[] = {"region_txt", NULL};
static const char *const GTD_SIG[] = {"iyear", "imonth", "iday", "nkill", NULL};
static const double GTD_MISSING[] = {-9, -99};

/* ACLED: one fatality figure (its best estimate); no injured column. */
static const incstat_preset_map ACLED_MAP[] = {
    {"id", "event_id_cnty"},  {"date", "event_date"},   {"year", "year"},
    {"country", "country"},   {"admin1", "admin1"},     {"admin2", "admin2"},
    {"location", "location"}, {"perpetrator", "actor1"},{"type", "event_type"},
    {"killed", "fatalities"}, {"latitude", "latitude"}, {"longitude", "longitude"},
    {"precision", "geo_precision"}, {NULL, NULL}};
static const char *const ACLED_KEEP[] = {"sub_event_type", NULL};
static const char *const ACLED_SIG[] = {"event_date", "fatalities", "actor1", NULL};

/* UCDP GED: best, low and high estimates are the source's own. */
static const incstat_preset_map UCDP_MAP[] = {
    {"id", "id"},               {"date", "date_start"},     {"year", "year"},
    {"country", "country"},     {"admin1", "adm_1"},        {"admin2", "adm_2"},
    {"perpetrator", "side_a"},  {"target", "side_b"},       {"type", "type_of_violence"},
    {"killed", "best"},         {"killed_low", "low"},      {"killed_high", "high"},
    {"latitude", "latitude"},   {"longitude", "longitude"}, {"precision", "where_prec"},
    {NULL, NULL}};
static const char *const UCDP_KEEP[] = {"date_end", "date_prec", NULL};
static const char *const UCDP_SIG[] = {"date_start", "side_a", "best", "low", "high", NULL};

/* Pakistan Body Count suicide attacks: Killed/Injured Min and Max; best is
 * the midpoint when both are known, else the one that is. */
static const incstat_preset_map PBC_SUICIDE_MAP[] = {
    {"id", "S#"},
    {"date", "Date"},
    {"city", "City"},
    {"admin1", "Province"},
    {"location", "Location"},
    {"target", "Target Type"},
    {"type", "Location Category"},
    {"killed_low", "Killed Min"},
    {"killed_high", "Killed Max"},
    {"injured_low", "Injured Min"},
    {"injured_high", "Injured Max"},
    {"latitude", "Latitude"},
    {"longitude", "Longitude"},
    {NULL, NULL}};
static const char *const PBC_SUICIDE_SIG[] = {"Killed Min", "Killed Max", "Blast Day Type", NULL};

/* Pakistan Body Count drone strikes: "Total Died Mix" is the publisher's
 * spelling of the maximum. */
static const incstat_preset_map PBC_DRONE_MAP[] = {
    {"id", "S#"},
    {"date", "Date"},
    {"location", "Location"},
    {"city", "City"},
    {"admin1", "Province"},
    {"killed_low", "Total Died Min"},
    {"killed_high", "Total Died Mix"},
    {"injured_low", "Injured Min"},
    {"injured_high", "Injured Max"},
    {"latitude", "Latitude"},
    {"longitude", "Longitude"},
    {NULL, NULL}};
static const char *const PBC_DRONE_SIG[] = {"Total Died Min", "Total Died Mix", "No of Strike",
                                            NULL};

/* UCDP Organized Violence country-year: one row per country and year; the
 * total over the three types of violence with its own low and high; the
 * per-type totals kept under their names. */
static const incstat_preset_map UCDP_CY_MAP[] = {
    {"country", "country_cy"},
    {"year", "year_cy"},
    {"killed", "cumulative_total_deaths_in_orgvio_best_cy"},
    {"killed_low", "cumulative_total_deaths_in_orgvio_low_cy"},
    {"killed_high", "cumulative_total_deaths_in_orgvio_high_cy"},
    {NULL, NULL}};
static const char *const UCDP_CY_KEEP[] = {"region_cy", "sb_total_deaths_best_cy",
                                           "ns_total_deaths_best_cy", "os_total_deaths_best_cy",
                                           NULL};
static const char *const UCDP_CY_SIG[] = {"year_cy", "cumulative_total_deaths_in_orgvio_best_cy",
                                          NULL};
static const char *const UCDP_CY_KEY[] = {"country_cy", NULL};

/* UCDP Battle-Related Deaths, one row per dyad and year; location_inc may
 * name several countries ("India, Pakistan"). */
static const incstat_preset_map UCDP_BRD_MAP[] = {
    {"year", "year"},          {"killed", "bd_best"},   {"killed_low", "bd_low"},
    {"killed_high", "bd_high"},{"country", "location_inc"}, {"perpetrator", "side_a"},
    {"target", "side_b"},      {"type", "type_of_conflict"}, {NULL, NULL}};
static const char *const UCDP_BRD_KEEP[] = {"conflict_id", "dyad_id", "region", NULL};
static const char *const UCDP_BRD_SIG[] = {"bd_best", "dyad_id", NULL};
/* one row per dyad and year (a country is in several dyads a year) */
static const char *const UCDP_BRD_KEY[] = {"dyad_id", NULL};

/* Our World in Data grapher downloads: Entity, Code, Year and value
 * columns; the one that names deaths is found by recognition. */
static const incstat_preset_map OWID_MAP[] = {
    {"country", "Entity"}, {"year", "Year"}, {NULL, NULL}};
static const char *const OWID_KEEP[] = {"Code", NULL};
static const char *const OWID_SIG[] = {"Entity", NULL};
static const char *const OWID_KEY[] = {"Entity", NULL};

static const incstat_preset PRESETS[] = {
    {"gtd", "Global Terrorism Database (START): iyear/imonth/iday, nkill, nwound; "
            "-9/-99 unknown; best = the single count",
     GTD_MAP, GTD_KEEP, GTD_SIG, GTD_MISSING, 2, INCSTAT_ENCODING_AUTO, 0, 1993, 0, 0, NULL},
    {"acled", "ACLED export: event_date, fatalities (best = the reported figure), "
              "no injured column",
     ACLED_MAP, ACLED_KEEP, ACLED_SIG, NULL, 0, INCSTAT_ENCODING_AUTO, 0, 0, 0, 0, NULL},
    {"ucdp-ged", "UCDP Georeferenced Event Dataset: best/low/high deaths as published",
     UCDP_MAP, UCDP_KEEP, UCDP_SIG, NULL, 0, INCSTAT_ENCODING_AUTO, 0, 0, 0, 0, NULL},
    {"pbc-suicide", "Pakistan Body Count suicide attacks: Killed/Injured Min and Max; "
                    "best = midpoint of min and max, or the one given",
     PBC_SUICIDE_MAP, NULL, PBC_SUICIDE_SIG, NULL, 0, INCSTAT_ENCODING_AUTO, 0, 0, 0, 0, NULL},
    {"pbc-drone", "Pakistan Body Count drone strikes (Mac Roman): Total Died Min/Mix, "
                  "Injured Min/Max; best = midpoint, or the one given",
     PBC_DRONE_MAP, NULL, PBC_DRONE_SIG, NULL, 0, INCSTAT_ENCODING_MAC_ROMAN, 0, 0, 0, 0, NULL},
    {"ucdp-cy", "UCDP Organized Violence country-year: deaths in all organized violence "
                "(best/low/high) per country and year; rows are periods",
     UCDP_CY_MAP, UCDP_CY_KEEP, UCDP_CY_SIG, NULL, 0, INCSTAT_ENCODING_AUTO, 0, 0, 1, 0,
     UCDP_CY_KEY},
    {"ucdp-brd", "UCDP Battle-Related Deaths dyad-year: bd_best/bd_low/bd_high; "
                 "location_inc may list several countries; rows are periods",
     UCDP_BRD_MAP, UCDP_BRD_KEEP, UCDP_BRD_SIG, NULL, 0, INCSTAT_ENCODING_AUTO, 0, 0, 1,
     1u << INCSTAT_TEXT_COUNTRY, UCDP_BRD_KEY},
    {"owid", "Our World in Data download: Entity, Code, Year and the value column that "
             "names deaths (a rate is kept, never summed); rows are periods",
     OWID_MAP, OWID_KEEP, OWID_SIG, NULL, 0, INCSTAT_ENCODING_AUTO, 0, 0, 1, 0, OWID_KEY},
};

#define N_PRESETS (sizeof PRESETS / sizeof PRESETS[0])

size_t incstat_preset_count(void) { return N_PRESETS; }

const char *incstat_preset_name(size_t i)
{
    return i < N_PRESETS ? PRESETS[i].name : NULL;
}

const char *incstat_preset_description(size_t i)
{
    return i < N_PRESETS ? PRESETS[i].description : NULL;
}

const incstat_preset *incstat_preset_get(size_t i)
{
    return i < N_PRESETS ? &PRESETS[i] : NULL;
}

const incstat_preset *incstat_preset_find(const char *name)
{
    for (size_t i = 0; i < N_PRESETS; i++)
        if (incstat_ascii_casecmp(PRESETS[i].name, name) == 0)
            return &PRESETS[i];
    return NULL;
}
