/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/options.c: the option tables every command shares (load and
 * selection), and the lookup the command line's parser and the call layer
 * share.  Each command's own table is in its src/api/call_COMMAND.c. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/options.h"

const cli_option CLI_LOAD_TABLE[] = {
    {CLI_ID_PRESET, "--preset", NULL, "NAME",
     "gtd, acled, ucdp-ged, pbc-suicide, pbc-drone, ucdp-cy, ucdp-brd, owid, or none for no "
     "preset and no recognition",
     "detect", "gtd acled ucdp-ged pbc-suicide pbc-drone ucdp-cy ucdp-brd owid none",
     "Detection takes the preset whose columns the header has most of, then recognises every "
     "other field from column names and the cells of the first rows.", 0},
    {CLI_ID_MAP, "--map", NULL, "FIELD=COLUMN",
     "read COLUMN as FIELD (repeatable); FIELD= leaves a field unmapped, COLUMN may be A+B to "
     "sum columns",
     NULL, NULL,
     "FIELD is one of id, date, year, month, day, killed, killed_low, killed_high, injured, "
     "injured_low, injured_high, country, admin1, admin2, city, location, latitude, longitude, "
     "perpetrator, target, type, incidents (a count per row, for tables of periods).",
     CLI_REPEAT},
    {CLI_ID_SCHEMA, "--schema", NULL, "FILE",
     "mapping and parse hints from a schema file (incstat schema writes one)", NULL, NULL,
     "A schema file holds KEY = VALUE lines.", CLI_FILE},
    {CLI_ID_KEEP, "--keep", NULL, "COLUMN",
     "keep another column as text, to group or select by it (repeatable)", NULL, NULL, NULL,
     CLI_REPEAT},
    {CLI_ID_RECODE, "--recode", NULL, "FIELD:FROM=TO",
     "read a text field's value FROM as TO, e.g. admin1:Baluchistan=Balochistan (repeatable); "
     "FIELD may be the column the field is read from",
     NULL, NULL, NULL, CLI_REPEAT},
    {CLI_ID_ENCODING, "--encoding", NULL, "NAME",
     "utf-8, windows-1252, iso-8859-1, mac-roman or auto",
     "auto: UTF-8, and cells that are not UTF-8 in the single-byte encoding their text reads "
     "best in", "utf-8 windows-1252 iso-8859-1 mac-roman auto",
     "The single-byte encoding is chosen once from the first MiB by how plausibly the text "
     "reads (an apostrophe in \"Army's\", accented letters inside words, no control codes or "
     "rare signs inside words); the preset's encoding breaks ties and decides from standard "
     "input.  The load report counts those cells and gives the choice.", 0},
    {CLI_ID_DELIMITER, "--delimiter", NULL, "C", "the field delimiter: , ; | or tab", "detected",
     NULL, NULL, 0},
    {CLI_ID_DATE_ORDER, "--date-order", NULL, NULL, "the order of dates like 6/7/2004",
     "decided from the unambiguous dates", "dmy mdy ymd", NULL, CLI_CHOICE},
    {CLI_ID_DECIMAL, "--decimal", NULL, "MARK",
     "the decimal mark of every number column, . or ,",
     "decided per column from its values, else from the file", ". ,",
     "A column is decided from its first 2,000 values; when they only hold values like 1.600, "
     "a ; file is read with a decimal comma and any other with a point, and the load report "
     "says so.", 0},
    {CLI_ID_STRICT, "--strict", NULL, NULL,
     "a row with a different number of fields than the header is an error", NULL, NULL, NULL, 0},
    {CLI_ID_THREADS, "--threads", NULL, "N",
     "read a large plain file with N threads, 1 to 64; the result is the same as one pass",
     "the number of cores", NULL, NULL, 0},
    {CLI_ID_QUIET, "--quiet", "-q", NULL, "no load report on standard error", NULL, NULL, NULL, 0},
    {CLI_ID_SHEET, "--sheet", NULL, "NAME|N",
     "a workbook's sheet, by its name or its place (1 for the first)",
     "the worksheet whose table is recognised best", NULL,
     "Chart sheets and sheets without a value are skipped; inspect lists the sheets.", 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

const cli_option CLI_SELECT_TABLE[] = {
    {CLI_ID_BY, "--by", NULL, "KEY",
     "year, month, quarter, a text field (admin1, perpetrator, type, ...) or a column kept "
     "with --keep, or the column a field is read from; twice for a long table",
     "year", "year month quarter country admin1 admin2 city location perpetrator target type",
     NULL, CLI_REPEAT},
    {CLI_ID_WHERE, "--where", NULL, "FIELD=VALUE",
     "keep the rows whose FIELD is VALUE (repeatable: values of one field are ORed, fields "
     "ANDed); FIELD=~TEXT matches a substring; FIELD may be the column the field is read from",
     NULL, NULL,
     "The value is compared as a summary merges spellings: case ignored, blanks collapsed and "
     "trimmed (admin1=FATA matches Fata); in a field that lists several values (UCDP's "
     "location_inc, \"India, Pakistan\") it matches one of them.  When nothing matches, the "
     "message names the values of the field closest to VALUE.  In a table of periods whose "
     "country column also holds World (OWID: World, regions and countries side by side), no "
     "--where on country means country=World, and the load report says so.",
     CLI_REPEAT},
    {CLI_ID_FROM, "--from", NULL, "DATE",
     "from DATE on: a year (2007), a month (2007-03) or a day (2007-03-15)", NULL, NULL, NULL, 0},
    {CLI_ID_TO, "--to", NULL, "DATE", "up to DATE, inclusive, written as for --from", NULL, NULL,
     NULL, 0},
    {CLI_ID_ESTIMATE, "--estimate", NULL, NULL, "which estimate fills killed and injured", "best",
     "low best high", NULL, CLI_CHOICE},
    {CLI_ID_GAP, "--gap", NULL, "YEAR",
     "a year the source does not cover: shown as missing, never 0 (repeatable)", NULL, NULL, NULL,
     CLI_REPEAT},
    {CLI_ID_AS_OF, "--as-of", NULL, "DATE",
     "the source is complete to DATE (2025-04-20, 2025-04, 2025): the period holding it is "
     "partial, earlier ones whole; without it the last period is partial when the data stop "
     "before its end by more than the usual gap between incidents (the 90th percentile of the "
     "gaps between their dates)",
     NULL, NULL,
     "The gaps are in months when most dates are known only to the month; with fewer than ten "
     "gaps, a period is partial when the data stop before its last month, or a month's 15th; "
     "dates known only to the year never make a period partial.  A partial period is not "
     "ranked and not compared with whole ones: its change, rank and deadliest-since are empty, "
     "the headline sets it against the same span of the year before, trend fits leave it out, "
     "and charts mark it (a hatched bar, an open circle not joined to the line) with the same "
     "span of the period before.  A date before the latest incident counted is an error.",
     0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

const cli_option CLI_HELP_OPTION = {0, "--help", "-h", NULL, "this help", NULL, NULL, NULL, 0};

/* ---- lookup ------------------------------------------------------------- */

static int named(const cli_option *o, const char *name, size_t len)
{
    return (strlen(o->name) == len && strncmp(o->name, name, len) == 0) ||
           (o->alias && strlen(o->alias) == len && strncmp(o->alias, name, len) == 0);
}

/* The entry of the shared table t with this id, or NULL. */
static const cli_option *by_id(const cli_option *t, int id)
{
    for (; t->name; t++)
        if (t->id == id)
            return t;
    return NULL;
}

const cli_option *cli_shared(int id)
{
    const cli_option *o = by_id(CLI_SELECT_TABLE, id);
    return o ? o : by_id(CLI_LOAD_TABLE, id);
}

/* Whether c's own table has an entry standing for shared id. */
static int own_has(const cli_command *c, int id)
{
    for (const cli_option *o = c->own; o && o->name; o++)
        if (o->id == id)
            return 1;
    return 0;
}

/* The shared selection options c takes, not counting those its own table
 * stands for. */
int cli_takes_select(const cli_command *c, const cli_option *s)
{
    return (c->select & CLI_SEL(s->id)) && !own_has(c, s->id);
}

const cli_option *cli_find(const cli_command *c, const char *name, size_t len)
{
    for (const cli_option *o = c->own; o && o->name; o++)
        if (named(o, name, len))
            return o;
    for (const cli_option *o = CLI_SELECT_TABLE; o->name; o++)
        if (cli_takes_select(c, o) && named(o, name, len))
            return o;
    for (const cli_option *o = CLI_LOAD_TABLE; c->load && o->name; o++)
        if (named(o, name, len))
            return o;
    if (named(&CLI_HELP_OPTION, name, len))
        return &CLI_HELP_OPTION;
    return NULL;
}

int cli_takes_value(const cli_option *o)
{
    return o->arg != NULL || (o->flags & CLI_CHOICE) != 0;
}

int cli_pick_word(const cli_option *o, const char *v, char *msg, size_t cap)
{
    char w[64];
    int n = 0;
    for (const char *p = o->words; *p; n++) {
        size_t len = strcspn(p, " ");
        if (len < sizeof w) {
            memcpy(w, p, len);
            w[len] = '\0';
            if (strcasecmp(v, w) == 0)
                return n;
        }
        p += len;
        p += strspn(p, " ");
    }
    if (!msg || !cap)
        return -1;
    /* "--estimate is low, best or high, not 'mid'" */
    size_t k = 0;
    int i = 0;
    k += (size_t)snprintf(msg, cap, "%s is ", o->name);
    for (const char *p = o->words; *p && k < cap; i++) {
        size_t len = strcspn(p, " ");
        k += (size_t)snprintf(msg + k, cap - k, "%s%.*s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                              (int)len, p);
        p += len;
        p += strspn(p, " ");
    }
    if (k < cap)
        snprintf(msg + k, cap - k, ", not '%s'", v);
    return -1;
}
