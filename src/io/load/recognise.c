/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/recognise.c: what a file's columns are (see recognise.h).
 *
 * A column is taken for a field when its name says so and its sampled cells
 * agree: a "year" of integers between 1000 and 2999, a "date" of dates, a
 * "country" of text, a death count of numbers.  Names are compared as words,
 * so "Total Died Min", "total_low" and "KilledMax" all read alike.
 *
 * Deaths and injuries come in families: a stem ("killed", "total died",
 * "total") with its estimates (min/low, max/high, best/avg).  The stems are
 * scored and the best family feeds killed, killed_low and killed_high
 * together, so a low from one column and a high from another never mix.
 * A stem naming a subgroup (civilians, militants, US citizens, side a) is
 * never the total; a stem of a rate ("per 100,000") is never summed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/load/recognise.h"
#include "io/load/value_internal.h"

/* ---- words -------------------------------------------------------------- */

/* Bytes of UTF-8 sequences belong to words, so that "Getötete", "Année" and
 * "Tués" stay one word each; fold() lowers ASCII and the Latin-1 capitals
 * (U+00C0..U+00DE but the multiplication sign, second byte 0x80..0x9E after
 * 0xC3), the accents of the European exports whose words the rules list. */
static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static unsigned char fold(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (i > 0 && s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 32);
    return c;
}

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

void incstat_name_words_(const char *name, incstat_words *out)
{
    const unsigned char *s = (const unsigned char *)name;
    out->n = 0;
    size_t len = 0;
    for (size_t i = 0;; i++) {
        unsigned char c = s[i];
        /* a new word at a non-alphanumeric byte and where "killedMax" turns
         * to upper case (not inside "GTD" or "HXL") */
        int boundary = !c || !is_alnum(c) ||
                       (i > 0 && is_upper(c) && is_lower(s[i - 1]));
        if (boundary && len > 0) {
            out->w[out->n][len < INCSTAT_WORD_LEN ? len : INCSTAT_WORD_LEN - 1] = '\0';
            out->n++;
            len = 0;
            if (out->n == INCSTAT_WORDS_MAX)
                return;
        }
        if (!c)
            return;
        if (is_alnum(c)) {
            if (len < INCSTAT_WORD_LEN - 1)
                out->w[out->n][len] = (char)fold(s, i);
            len++;
        }
    }
}

size_t incstat_name_norm_(const char *name, char *buf, size_t cap)
{
    size_t k = 0;
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; s[i] && k + 1 < cap; i++)
        if (is_alnum(s[i]))
            buf[k++] = (char)fold(s, i);
    buf[k] = '\0';
    return k;
}

static int in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

static int has_word(const incstat_words *ws, const char *const *list)
{
    for (size_t i = 0; i < ws->n; i++)
        if (in_list(ws->w[i], list))
            return 1;
    return 0;
}

/* Whether the words name the dead, the injured or a rate (below). */
static int names_casualties(const incstat_words *ws);

/* ---- what the cells say ------------------------------------------------ */

typedef enum { NEED_ANY, NEED_TEXT, NEED_DATE, NEED_COUNT, NEED_YEAR, NEED_MONTH, NEED_DAY,
               NEED_QUARTER, NEED_LAT, NEED_LON, NEED_CODE } need;

static uint32_t nonmissing(const incstat_col_sample *s)
{
    return s->n_int + s->n_num + s->n_range + s->n_date + s->n_text;
}

/* Whether the numbers of a column (with or without some dates) are Excel
 * serial days: the date parser reads them as dates once the column is the
 * date, and a date-named column of such integers is one (issue 13). */
static int serial_days(const incstat_col_sample *s)
{
    uint32_t numeric = s->n_int + s->n_num;
    return numeric > 0 && (numeric + s->n_date) * 2 > nonmissing(s) &&
           s->min >= INCSTAT_EXCEL_MIN && s->max <= INCSTAT_EXCEL_MAX;
}

/* Whether the cells agree with a field's kind; with no sample (standard
 * input) or no value in it, the name decides. */
static int cells_fit(const incstat_col_sample *s, size_t nsampled, need k)
{
    if (!s || nsampled == 0 || k == NEED_ANY)
        return 1;
    uint32_t n = nonmissing(s);
    if (n == 0)
        return k != NEED_DATE && k != NEED_YEAR;
    uint32_t numeric = s->n_int + s->n_num;
    switch (k) {
    case NEED_TEXT: return s->n_text * 2 >= n;
    case NEED_DATE: return s->n_date * 2 > n || serial_days(s);
    case NEED_COUNT: return (numeric + s->n_range) * 2 > n;
    case NEED_YEAR: return s->n_int * 10 >= n * 9 && s->min >= 1000 && s->max <= 2999;
    case NEED_MONTH: /* numbers 0-12, or the months' names */
        return (s->n_int + s->n_month_name) * 10 >= n * 9 &&
               (s->n_int == 0 || (s->min >= 0 && s->max <= 12));
    case NEED_DAY: return s->n_int * 10 >= n * 9 && s->min >= 0 && s->max <= 31;
    case NEED_QUARTER: return s->n_int * 10 >= n * 9 && s->min >= 0 && s->max <= 4;
    case NEED_LAT: return numeric * 10 >= n * 9 && s->min >= -90 && s->max <= 90;
    case NEED_LON: return numeric * 10 >= n * 9 && s->min >= -180 && s->max <= 180;
    case NEED_CODE: return s->n_int * 10 >= n * 9 && s->min >= 0 && s->max <= 9;
    case NEED_ANY: break;
    }
    return 1;
}

static const char *kind_phrase(const incstat_col_sample *s, size_t nsampled, need k)
{
    if (!s || nsampled == 0)
        return "no rows sampled";
    if (nonmissing(s) == 0)
        return "empty in the sample";
    switch (k) {
    case NEED_TEXT: return "text";
    case NEED_DATE: return s->n_date * 2 > nonmissing(s) ? "dates" : "Excel serial days";
    case NEED_COUNT: return s->n_range ? "counts, some ranges" : "numbers";
    case NEED_YEAR: return "integers 1000-2999";
    case NEED_MONTH: return s->n_month_name ? "month names" : "integers 0-12";
    case NEED_DAY: return "integers 0-31";
    case NEED_QUARTER: return "integers 0-4";
    case NEED_LAT: case NEED_LON: return "coordinates";
    case NEED_CODE: return "integers 0-9";
    case NEED_ANY: break;
    }
    return "any";
}

/* ---- plain fields -------------------------------------------------------- */

/* Per field: whole names (without case or punctuation) that name it, words
 * that name it when they appear, and what its cells must look like. */
typedef struct {
    int field;
    const char *const *names;
    const char *const *words;
    need kind;
    const char *hxl; /* HXL hashtag prefix, or NULL */
} field_rule;

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static const field_rule RULES[] = {
    {MF_DATE, L("date", "eventdate", "datestart", "startdate", "dateofattack", "incidentdate",
                "dateofincident", "eventdatestart", "datum", "fecha"),
     L("date"), NEED_DATE, "#date"},
    /* the year, date and figures in the languages of the European Excel
     * exports the number dialects come from (German, French, Spanish,
     * Italian, Dutch), written as headers are: accents kept, case folded */
    {MF_YEAR, L("year", "iyear", "yearcy", "yr", "jahr", "annee", "année", "ano", "año", "anno",
                "jaar"),
     L("year", "jahr"), NEED_YEAR, "#date+year"},
    {MF_MONTH, L("month", "imonth"), L("month"), NEED_MONTH, "#date+month"},
    {MF_DAY, L("day", "iday"), L("iday"), NEED_DAY, "#date+day"},
    {MF_QUARTER, L("quarter", "qtr", "iquarter", "yearquarter"), L("quarter"), NEED_QUARTER,
     "#date+quarter"},
    {MF_COUNTRY, L("country", "countrytxt", "entity", "countrycy", "countryname", "nation"),
     L("country"), NEED_TEXT, "#country"},
    {MF_ADMIN1, L("province", "state", "provstate", "adm1", "admin1", "provincename", "adm1name"),
     L("province", "admin1", "adm1", "provstate"), NEED_TEXT, "#adm1"},
    {MF_ADMIN2, L("admin2", "adm2", "district", "adm2name"), L("district", "admin2", "adm2"),
     NEED_TEXT, "#adm2"},
    {MF_CITY, L("city", "town", "cityname"), L("city"), NEED_TEXT, "#loc+city"},
    {MF_LOCATION, L("location", "place", "site", "village", "locationinc", "locationname"),
     L("location", "village"), NEED_TEXT, "#loc"},
    {MF_PERPETRATOR, L("perpetrator", "perpetrators", "group", "gname", "actor1", "sidea",
                       "perpetratorgroup", "attacker", "actor"),
     L("perpetrator", "perpetrators", "gname"), NEED_TEXT, "#group"},
    {MF_TARGET, L("target", "targettype", "targtype1txt", "targtype", "sideb", "victim"),
     L("target", "targtype1"), NEED_TEXT, "#target"},
    {MF_TYPE, L("type", "eventtype", "attacktype1txt", "attacktype", "typeofviolence",
                "striketype", "incidenttype", "attacktype1"),
     L("type"), NEED_TEXT, "#event+type"},
    {MF_LATITUDE, L("latitude", "lat", "geolat", "latitud"), L("latitude", "lat"), NEED_LAT,
     "#geo+lat"},
    {MF_LONGITUDE, L("longitude", "lon", "lng", "long", "geolon", "geolong", "longitud"),
     L("longitude", "lon", "lng"), NEED_LON, "#geo+lon"},
    /* how precisely the coordinates place an incident (ACLED, UCDP GED, GTD) */
    {MF_PRECISION, L("geoprecision", "whereprec", "specificity", "locationprecision",
                     "geoprec", "precision"),
     L("geoprecision", "whereprec", "specificity"), NEED_CODE, "#geo+precision"},
    /* a count of incidents: "terror_events", "Number of attacks" (a column
     * of counts: a column of event types or dates fails NEED_COUNT) */
    {MF_INCIDENTS, L("incidents", "events", "attacks", "numberofattacks", "numberofincidents",
                     "numberofevents", "eventcount", "nevents", "nincidents", "nattacks"),
     L("incidents", "events", "attacks"), NEED_COUNT, "#event+num"},
    {MF_ID, L("id", "eventid", "eventidcnty", "s", "sno", "serial", "serialno", "incidentid",
              "eventidno"),
     L("eventid"), NEED_ANY, "#event+id"},
};

static int hxl_matches(const char *tag, const char *prefix)
{
    size_t n = strlen(prefix);
    return tag[0] && incstat_ascii_ncaseeq(tag, n < strlen(tag) ? n : strlen(tag), prefix) &&
           strlen(tag) >= n && (tag[n] == '\0' || tag[n] == '+');
}

/* Score of column c for a rule: 0 no, higher better. */
static int rule_score(const field_rule *fr, const char *norm, const incstat_words *ws,
                      const incstat_col_sample *s, size_t nsampled, const char **why)
{
    int score = 0;
    if (s && s->hxl[0] && fr->hxl && hxl_matches(s->hxl, fr->hxl)) {
        score = 60;
        *why = "HXL tag";
    } else if (in_list(norm, fr->names)) {
        score = 50;
        *why = "name";
    } else if (has_word(ws, fr->words)) {
        score = 30 - (int)ws->n;
        *why = "word";
        /* the end of a range is not its start; a "target type" is a target */
        static const char *const END[] = {"end", "stop", "to", NULL};
        if (fr->field == MF_DATE && has_word(ws, END))
            score -= 10;
        static const char *const TARGET[] = {"target", "targtype1", NULL};
        if (fr->field == MF_TYPE && has_word(ws, TARGET))
            return 0;
        /* "People killed in attacks" counts the dead, not the attacks */
        if (fr->field == MF_INCIDENTS && names_casualties(ws))
            return 0;
    }
    if (score <= 0 || !cells_fit(s, nsampled, fr->kind))
        return 0;
    return score;
}

static void set_field(incstat_recognition *r, unsigned char *used, int f, size_t c,
                      unsigned char how, const char *fmt, const char *a, const char *b)
{
    r->col[f] = (long)c;
    r->how[f] = how;
    used[c] = 1;
    snprintf(r->evidence[f], sizeof r->evidence[f], fmt, a, b);
}

static void recognise_plain(const char *const *names, const incstat_col_sample *samples,
                            size_t ncols, size_t nsampled, incstat_recognition *r,
                            unsigned char *used)
{
    size_t nr = sizeof RULES / sizeof RULES[0];
    long best[sizeof RULES / sizeof RULES[0]];
    int bscore[sizeof RULES / sizeof RULES[0]];
    const char *bwhy[sizeof RULES / sizeof RULES[0]];
    for (size_t k = 0; k < nr; k++) {
        best[k] = -1;
        bscore[k] = 0;
        bwhy[k] = "";
    }
    for (size_t c = 0; c < ncols; c++) {
        if (used[c])
            continue;
        incstat_words ws;
        char norm[64];
        incstat_name_words_(names[c], &ws);
        incstat_name_norm_(names[c], norm, sizeof norm);
        const incstat_col_sample *s = samples ? &samples[c] : NULL;
        for (size_t k = 0; k < nr; k++) {
            if (r->col[RULES[k].field] != -1) /* -2: "--map field=" */
                continue;
            const char *why = "";
            int sc = rule_score(&RULES[k], norm, &ws, s, nsampled, &why);
            if (sc > bscore[k]) { /* ties: the first column */
                bscore[k] = sc;
                best[k] = (long)c;
                bwhy[k] = why;
            }
        }
    }
    /* in rule order; a column feeds one field */
    for (size_t k = 0; k < nr; k++) {
        int f = RULES[k].field;
        if (best[k] < 0 || r->col[f] != -1 || used[best[k]])
            continue;
        size_t c = (size_t)best[k];
        const incstat_col_sample *s = samples ? &samples[c] : NULL;
        if (strcmp(bwhy[k], "HXL tag") == 0)
            set_field(r, used, f, c, INCSTAT_HOW_NAME, "HXL tag %s; %s", s->hxl,
                      kind_phrase(s, nsampled, RULES[k].kind));
        else
            set_field(r, used, f, c, INCSTAT_HOW_NAME, "%s; %s",
                      strcmp(bwhy[k], "name") == 0 ? "exact name" : "word in the name",
                      kind_phrase(s, nsampled, RULES[k].kind));
    }
    /* a column of dates under another name ("When"), unless the date comes
     * in parts: GTD's iyear/imonth/iday beside its free-text approxdate */
    if (r->col[MF_DATE] == -1 && r->col[MF_YEAR] < 0 && samples && nsampled > 0) {
        for (size_t c = 0; c < ncols; c++) {
            const incstat_col_sample *s = &samples[c];
            if (!used[c] && nonmissing(s) && s->n_date * 10 >= nonmissing(s) * 9) {
                set_field(r, used, MF_DATE, c, INCSTAT_HOW_TYPE, "%s%s", "dates in the sample",
                          "");
                break;
            }
        }
    }
}

/* ---- deaths and injuries --------------------------------------------------- */

static const char *const KILLED_W[] = {"killed", "kill", "kills", "deaths", "death", "dead",
                                       "died", "fatalities", "fatality", "nkill", "killings",
                                       "bd", "dies", "tote", "getötete", "todesopfer", "tués", "tues",
                                       "morts", "muertos", "morti", "doden", NULL};
static const char *const INJURED_W[] = {"injured", "wounded", "injuries", "injury", "nwound",
                                        "wounds", "hurt", "verletzte", "blessés", "blesses", "heridos",
                                        "feriti", "gewonden", NULL};
static const char *const LOW_W[] = {"min", "minimum", "low", "lower", "lo", "lowest", NULL};
static const char *const HIGH_W[] = {"max", "maximum", "high", "upper", "hi", "highest",
                                     "mix", NULL}; /* "Mix": PBC's spelling of Max */
static const char *const BEST_W[] = {"best", "avg", "average", "mean", "estimate", "est",
                                     "central", NULL};
static const char *const TOTAL_W[] = {"total", "totals", "all", "cumulative", "overall",
                                      NULL};
static const char *const SUBGROUP_W[] = {
    "civilian", "civilians", "children", "child", "women", "woman", "militant", "militants",
    "foreigner", "foreigners", "foreign", "us", "usa", "american", "americans", "perpetrator",
    "perpetrators", "perps", "unknown", "leader", "leaders", "parties", "party", "security",
    "police", "military", "soldiers", "terrorists", "a", "b", "govt", "government", "ter", "te",
    "nsgroup", "nonstate", "students", "journalists", "combatants",
    "sb", "ns", "os", /* UCDP: state-based, non-state, one-sided: parts of the total */
    /* the victims' side, sex and age (a split's parts, never its total) */
    "civ", "noncombatants", "enforcement", "officer", "officers", "policemen", "army", "troops",
    "forces", "sf", "personnel", "paramilitary", "terrorist", "insurgent", "insurgents", "rebel",
    "rebels", "attacker", "attackers", "shooter", "shooters", "gunmen", "extremists", "other",
    "others", "unidentified", "male", "males", "men", "man", "boys", "female", "females",
    "girls", "adult", "adults", "minor", "minors", "kids",
    NULL};
static const char *const RATE_W[] = {"rate", "per", "percent", "pct", "share", "ratio",
                                     "capita", "100000", "100k", "proportion", NULL};
static int names_casualties(const incstat_words *ws)
{
    return has_word(ws, KILLED_W) || has_word(ws, INJURED_W) || has_word(ws, RATE_W);
}

/* filler words that say nothing */
static const char *const FILLER_W[] = {"in", "of", "the", "and", "number", "no", "num", "n",
                                       "people", "persons", "cy", "orgvio", NULL};

enum { EST_NONE, EST_BEST, EST_LOW, EST_HIGH };

typedef struct {
    int measure;   /* MF_KILLED, MF_INJURED or -1 */
    int est;
    int subgroup, rate, total, weak;
    int score;
    char stem[96]; /* words less estimates, joined */
} count_col;

static void classify_count(const char *name, count_col *cc)
{
    incstat_words ws;
    incstat_name_words_(name, &ws);
    memset(cc, 0, sizeof *cc);
    cc->measure = -1;
    int others = 0, exact = 0;
    for (size_t i = 0; i < ws.n; i++) {
        const char *w = ws.w[i];
        int is_est = 0;
        if (in_list(w, KILLED_W)) {
            cc->measure = MF_KILLED;
            exact = ws.n == 1;
        } else if (in_list(w, INJURED_W)) {
            cc->measure = MF_INJURED;
            exact = ws.n == 1;
        } else if (strncmp(w, "nkill", 5) == 0 || strncmp(w, "nwound", 6) == 0) {
            /* GTD's nkillus, nkillter, nwoundte: a subgroup of nkill */
            cc->measure = w[1] == 'k' ? MF_KILLED : MF_INJURED;
            cc->subgroup = 1;
        } else if (in_list(w, LOW_W)) {
            cc->est = EST_LOW, is_est = 1;
        } else if (in_list(w, HIGH_W)) {
            cc->est = EST_HIGH, is_est = 1;
        } else if (in_list(w, BEST_W)) {
            cc->est = EST_BEST, is_est = 1;
        } else if (in_list(w, TOTAL_W)) {
            cc->total = 1;
        } else if (in_list(w, SUBGROUP_W)) {
            cc->subgroup = 1;
        } else if (in_list(w, RATE_W)) {
            cc->rate = 1;
        } else if (!in_list(w, FILLER_W)) {
            others++;
        }
        if (!is_est) {
            size_t k = strlen(cc->stem);
            snprintf(cc->stem + k, sizeof cc->stem - k, "%s%s", k ? " " : "", w);
        }
    }
    if (cc->measure < 0 && cc->est != EST_NONE && others == 0 && !cc->subgroup && !cc->rate) {
        /* "total_low", "best": an estimate of something unnamed, the total
         * of a table of deaths (New America, UCDP GED) */
        cc->measure = MF_KILLED;
        cc->weak = 1;
    }
    if (cc->measure < 0)
        return;
    cc->score = cc->weak ? (cc->total ? 20 : 15) : 40 + (exact ? 5 : 0) + (cc->total ? 10 : 0);
    cc->score -= 2 * others;
}

int incstat_recognise_is_rate_(const char *name)
{
    count_col cc;
    classify_count(name, &cc);
    return cc.rate && (cc.measure >= 0 || strstr(cc.stem, "death") != NULL);
}

int incstat_recognise_is_measure_(const char *name)
{
    count_col cc;
    incstat_words ws;
    static const char *const COUNT_W[] = {"incidents", "events", "attacks", "count", "total",
                                          "sum", "number", "population", NULL};
    classify_count(name, &cc);
    incstat_name_words_(name, &ws);
    return cc.measure >= 0 || cc.rate || has_word(&ws, COUNT_W);
}

static int count_usable(const count_col *cc)
{
    return cc->measure >= 0 && !cc->subgroup && !cc->rate;
}

/* The measure an HXL tag counts (#affected+killed, #affected+wounded+max)
 * and its estimate, or -1. */
static int hxl_count(const char *tag, int *est)
{
    int m = -1;
    *est = EST_NONE;
    if (strstr(tag, "+killed") || strstr(tag, "+dead") || strstr(tag, "+deaths"))
        m = MF_KILLED;
    else if (strstr(tag, "+wounded") || strstr(tag, "+injured"))
        m = MF_INJURED;
    if (strstr(tag, "+min"))
        *est = EST_LOW;
    else if (strstr(tag, "+max"))
        *est = EST_HIGH;
    return m;
}

/* A family given by HXL tags: 1 when it filled the fields. */
static int counts_from_hxl(const incstat_col_sample *samples, size_t ncols, size_t nsampled,
                           incstat_recognition *r, unsigned char *used, int measure)
{
    long slot[4] = {-1, -1, -1, -1};
    int found = 0;
    for (size_t c = 0; samples && c < ncols; c++) {
        int est;
        if (used[c] || !samples[c].hxl[0] || hxl_count(samples[c].hxl, &est) != measure)
            continue;
        if (slot[est] < 0)
            slot[est] = (long)c, found = 1;
    }
    const long pick[3] = {slot[EST_NONE], slot[EST_LOW], slot[EST_HIGH]};
    for (int k = 0; k < 3; k++)
        if (pick[k] >= 0)
            set_field(r, used, measure + k, (size_t)pick[k], INCSTAT_HOW_NAME, "HXL tag %s; %s",
                      samples[pick[k]].hxl, kind_phrase(&samples[pick[k]], nsampled, NEED_COUNT));
    return found;
}

static void recognise_counts(const char *const *names, const incstat_col_sample *samples,
                             size_t ncols, size_t nsampled, incstat_recognition *r,
                             unsigned char *used, int measure)
{
    int base = measure; /* MF_KILLED or MF_INJURED; +1 low, +2 high */
    if (r->col[base] != -1 || r->col[base + 1] != -1 || r->col[base + 2] != -1)
        return; /* the preset or --map chose this family (-2: "--map killed=") */
    if (counts_from_hxl(samples, ncols, nsampled, r, used, measure))
        return;
    /* the best stem: the first column of the best score names it */
    long lead = -1;
    int lead_score = 0;
    count_col cc;
    for (size_t c = 0; c < ncols; c++) {
        if (used[c])
            continue;
        classify_count(names[c], &cc);
        if (cc.measure != measure || !count_usable(&cc) ||
            !cells_fit(samples ? &samples[c] : NULL, nsampled, NEED_COUNT))
            continue;
        if (cc.score > lead_score) {
            lead_score = cc.score;
            lead = (long)c;
        }
    }
    if (lead < 0)
        return;
    count_col lc;
    classify_count(names[lead], &lc);
    long slot[4] = {-1, -1, -1, -1};
    for (size_t c = (size_t)lead; c < ncols; c++) {
        if (used[c])
            continue;
        classify_count(names[c], &cc);
        if (cc.measure != measure || !count_usable(&cc) || strcmp(cc.stem, lc.stem) != 0 ||
            !cells_fit(samples ? &samples[c] : NULL, nsampled, NEED_COUNT))
            continue;
        if (slot[cc.est] < 0)
            slot[cc.est] = (long)c;
    }
    /* a stem also found before the lead column (same score, earlier) was
     * the lead: nothing to scan there */
    long best = slot[EST_NONE] >= 0 ? slot[EST_NONE] : slot[EST_BEST];
    const long pick[3] = {best, slot[EST_LOW], slot[EST_HIGH]};
    for (int k = 0; k < 3; k++) {
        if (pick[k] < 0)
            continue;
        const incstat_col_sample *s = samples ? &samples[pick[k]] : NULL;
        char words[64];
        snprintf(words, sizeof words, "words \"%.40s\"%s", lc.stem[0] ? lc.stem : "(estimate)",
                 k == 0 ? "" : k == 1 ? " + low" : " + high");
        set_field(r, used, base + k, (size_t)pick[k], INCSTAT_HOW_NAME, "%s; %s", words,
                  kind_phrase(s, nsampled, NEED_COUNT));
    }
}

/* ---- splits: the dead or the injured by victim, sex or age --------------- */

/* A file with no total column may split a measure into disjoint parts:
 * "Number of Civilian Injured" and "Number of Enforcement Injured" (a list
 * of mass shootings), "Civilians, Security, Terrorists" (a state-year table
 * of deaths).  The total is their sum when the parts cover the victims: the
 * civilians with the security forces or the militants (or both, and an
 * "unknown" part), male with female, adults with children.  A single part
 * (only the civilians) is a subgroup and never the total. */
enum { DIM_ROLE, DIM_SEX, DIM_AGE, DIM_COUNT };
enum { ROLE_CIVILIANS, ROLE_SECURITY, ROLE_MILITANTS, ROLE_UNKNOWN };

typedef struct {
    const char *w;
    int dim, cat;
} category_word;

static const category_word CATEGORY_W[] = {
    {"civilian", DIM_ROLE, ROLE_CIVILIANS}, {"civilians", DIM_ROLE, ROLE_CIVILIANS},
    {"civ", DIM_ROLE, ROLE_CIVILIANS}, {"noncombatants", DIM_ROLE, ROLE_CIVILIANS},
    {"security", DIM_ROLE, ROLE_SECURITY}, {"police", DIM_ROLE, ROLE_SECURITY},
    {"policemen", DIM_ROLE, ROLE_SECURITY}, {"enforcement", DIM_ROLE, ROLE_SECURITY},
    {"military", DIM_ROLE, ROLE_SECURITY}, {"army", DIM_ROLE, ROLE_SECURITY},
    {"soldiers", DIM_ROLE, ROLE_SECURITY}, {"troops", DIM_ROLE, ROLE_SECURITY},
    {"forces", DIM_ROLE, ROLE_SECURITY}, {"sf", DIM_ROLE, ROLE_SECURITY},
    {"officer", DIM_ROLE, ROLE_SECURITY}, {"officers", DIM_ROLE, ROLE_SECURITY},
    {"personnel", DIM_ROLE, ROLE_SECURITY}, {"paramilitary", DIM_ROLE, ROLE_SECURITY},
    {"govt", DIM_ROLE, ROLE_SECURITY}, {"government", DIM_ROLE, ROLE_SECURITY},
    {"militant", DIM_ROLE, ROLE_MILITANTS}, {"militants", DIM_ROLE, ROLE_MILITANTS},
    {"terrorist", DIM_ROLE, ROLE_MILITANTS}, {"terrorists", DIM_ROLE, ROLE_MILITANTS},
    {"insurgent", DIM_ROLE, ROLE_MILITANTS}, {"insurgents", DIM_ROLE, ROLE_MILITANTS},
    {"rebel", DIM_ROLE, ROLE_MILITANTS}, {"rebels", DIM_ROLE, ROLE_MILITANTS},
    {"perpetrator", DIM_ROLE, ROLE_MILITANTS}, {"perpetrators", DIM_ROLE, ROLE_MILITANTS},
    {"perps", DIM_ROLE, ROLE_MILITANTS}, {"attacker", DIM_ROLE, ROLE_MILITANTS},
    {"attackers", DIM_ROLE, ROLE_MILITANTS}, {"shooter", DIM_ROLE, ROLE_MILITANTS},
    {"shooters", DIM_ROLE, ROLE_MILITANTS}, {"gunmen", DIM_ROLE, ROLE_MILITANTS},
    {"extremists", DIM_ROLE, ROLE_MILITANTS}, {"combatants", DIM_ROLE, ROLE_MILITANTS},
    {"unknown", DIM_ROLE, ROLE_UNKNOWN}, {"unidentified", DIM_ROLE, ROLE_UNKNOWN},
    {"other", DIM_ROLE, ROLE_UNKNOWN}, {"others", DIM_ROLE, ROLE_UNKNOWN},
    {"specified", DIM_ROLE, ROLE_UNKNOWN}, {"unspecified", DIM_ROLE, ROLE_UNKNOWN},
    {"unattributed", DIM_ROLE, ROLE_UNKNOWN}, {"undetermined", DIM_ROLE, ROLE_UNKNOWN},
    {"male", DIM_SEX, 0}, {"males", DIM_SEX, 0}, {"men", DIM_SEX, 0}, {"man", DIM_SEX, 0},
    {"boys", DIM_SEX, 0}, {"female", DIM_SEX, 1}, {"females", DIM_SEX, 1},
    {"women", DIM_SEX, 1}, {"woman", DIM_SEX, 1}, {"girls", DIM_SEX, 1},
    {"adult", DIM_AGE, 0}, {"adults", DIM_AGE, 0}, {"child", DIM_AGE, 1},
    {"children", DIM_AGE, 1}, {"minor", DIM_AGE, 1}, {"minors", DIM_AGE, 1},
    {"kids", DIM_AGE, 1}};

/* What a column is as a part of a split: its measure (MF_KILLED,
 * MF_INJURED, or -1 when its name names none: "Civilians"), estimate, and
 * the one category it names; ok 0 when it is no part (no category, two,
 * or other words: "Civilians killed in Punjab"). */
typedef struct {
    int ok, measure, est, dim, cat;
} split_part;

/* Whether word i is the initials of the words before it: SATP's "Security
 * Forces (SF)", "Terrorists/Insurgents/Extremists (TIE)". */
static int initials_of(const incstat_words *ws, size_t i)
{
    size_t n = strlen(ws->w[i]);
    if (n < 2 || n > i)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (ws->w[i - n + k][0] != ws->w[i][k])
            return 0;
    return 1;
}

static void classify_part(const char *name, split_part *p)
{
    incstat_words ws;
    incstat_name_words_(name, &ws);
    memset(p, 0, sizeof *p);
    p->measure = -1;
    p->dim = -1;
    int others = 0;
    for (size_t i = 0; i < ws.n; i++) {
        const char *w = ws.w[i];
        const category_word *cw = NULL;
        for (size_t k = 0; k < sizeof CATEGORY_W / sizeof CATEGORY_W[0]; k++)
            if (strcmp(w, CATEGORY_W[k].w) == 0)
                cw = &CATEGORY_W[k];
        if (cw) {
            if (p->dim >= 0 && (p->dim != cw->dim || p->cat != cw->cat))
                return; /* "women and children": two categories */
            p->dim = cw->dim, p->cat = cw->cat;
        } else if (in_list(w, KILLED_W)) {
            p->measure = MF_KILLED;
        } else if (in_list(w, INJURED_W)) {
            p->measure = MF_INJURED;
        } else if (in_list(w, LOW_W)) {
            p->est = EST_LOW;
        } else if (in_list(w, HIGH_W)) {
            p->est = EST_HIGH;
        } else if (in_list(w, BEST_W)) {
            p->est = EST_BEST;
        } else if (!in_list(w, FILLER_W) && !in_list(w, TOTAL_W) && strcmp(w, "not") != 0 &&
                   !initials_of(&ws, i)) {
            others++;
        }
    }
    if (p->est == EST_BEST)
        p->est = EST_NONE; /* the best estimate fills the field itself */
    p->ok = p->dim >= 0 && others == 0;
}

/* Whether the categories present (bits) cover a dimension's victims. */
static int split_complete(int dim, unsigned bits)
{
    if (dim == DIM_ROLE)
        return (bits & (1u << ROLE_CIVILIANS)) &&
               (bits & ((1u << ROLE_SECURITY) | (1u << ROLE_MILITANTS)));
    return bits == 3u;
}

static const char *const DIM_NAME[DIM_COUNT] = {"victim", "sex", "age"};

/* The columns of measure m (or, named, 0: of no measure) that split it by
 * one dimension, per estimate: cols[est][...], n[est].  Returns the
 * dimension, or -1 when no estimate's parts are complete. */
static int find_split(const char *const *names, const incstat_col_sample *samples, size_t ncols,
                      size_t nsampled, const unsigned char *used, int m, int named,
                      long cols[4][INCSTAT_PARTS_MAX], size_t n[4], long *single)
{
    int found = -1;
    *single = -1;
    for (int dim = 0; dim < DIM_COUNT && found < 0; dim++) {
        unsigned bits[4] = {0};
        int clash = 0;
        memset(n, 0, 4 * sizeof n[0]);
        for (size_t c = 0; c < ncols; c++) {
            split_part p;
            if (used[c])
                continue;
            classify_part(names[c], &p);
            if (!p.ok || p.dim != dim || p.measure != (named ? m : -1) ||
                !cells_fit(samples ? &samples[c] : NULL, nsampled, NEED_COUNT))
                continue;
            if (*single < 0)
                *single = (long)c;
            if (bits[p.est] & (1u << p.cat))
                clash = 1; /* two columns of one part: which is it? */
            bits[p.est] |= 1u << p.cat;
            if (n[p.est] < INCSTAT_PARTS_MAX)
                cols[p.est][n[p.est]++] = (long)c;
        }
        if (clash)
            continue;
        for (int e = 0; e < 4; e++)
            if (n[e] >= 2 && split_complete(dim, bits[e]))
                found = dim;
        if (found >= 0)
            for (int e = 0; e < 4; e++)
                if (!split_complete(dim, bits[e]))
                    n[e] = 0; /* an incomplete estimate is no total */
    }
    return found;
}

/* A column named only "Total" (beside a split whose parts name no measure). */
static long bare_total(const char *const *names, const incstat_col_sample *samples, size_t ncols,
                       size_t nsampled, const unsigned char *used)
{
    for (size_t c = 0; c < ncols; c++) {
        incstat_words ws;
        incstat_name_words_(names[c], &ws);
        int total = 0, other = 0;
        for (size_t i = 0; i < ws.n; i++) {
            if (in_list(ws.w[i], TOTAL_W))
                total = 1;
            else if (!in_list(ws.w[i], FILLER_W))
                other = 1;
        }
        if (!used[c] && total && !other &&
            cells_fit(samples ? &samples[c] : NULL, nsampled, NEED_COUNT))
            return (long)c;
    }
    return -1;
}

static void recognise_split(const char *const *names, const incstat_col_sample *samples,
                            size_t ncols, size_t nsampled, incstat_recognition *r,
                            unsigned char *used, int measure)
{
    int base = measure;
    if (r->col[base] != -1 || r->col[base + 1] != -1 || r->col[base + 2] != -1)
        return;
    long cols[4][INCSTAT_PARTS_MAX], single;
    size_t n[4];
    int named = 1;
    int dim = find_split(names, samples, ncols, nsampled, used, measure, 1, cols, n, &single);
    r->subgroup_only[measure == MF_INJURED] = dim < 0 ? single : -1;
    if (dim < 0 && measure == MF_KILLED && single < 0 && samples && nsampled > 0) {
        /* parts that name no measure: deaths, the figure such tables give */
        named = 0;
        dim = find_split(names, samples, ncols, nsampled, used, measure, 0, cols, n, &single);
    }
    if (dim < 0)
        return;
    if (!named) {
        long t = bare_total(names, samples, ncols, nsampled, used);
        r->split_unnamed = 1;
        if (t >= 0) { /* the publisher's own total beside its parts */
            char w[64];
            snprintf(w, sizeof w, "\"%.40s\"", names[t]);
            set_field(r, used, base, (size_t)t, INCSTAT_HOW_NAME,
                      "the total beside a split by %s; %s", DIM_NAME[dim], w);
            return;
        }
    }
    static const int EST_SLOT[3] = {EST_NONE, EST_LOW, EST_HIGH};
    for (int k = 0; k < 3; k++) {
        size_t np = n[EST_SLOT[k]];
        if (np < 2)
            continue;
        int f = base + k;
        for (size_t i = 0; i < np; i++) {
            r->parts[f][i] = cols[EST_SLOT[k]][i];
            used[cols[EST_SLOT[k]][i]] = 1;
        }
        r->n_parts[f] = (unsigned char)np;
        r->col[f] = cols[EST_SLOT[k]][0];
        r->how[f] = INCSTAT_HOW_NAME;
        snprintf(r->evidence[f], sizeof r->evidence[f], "split by %s, no total column%s",
                 DIM_NAME[dim], named ? "" : "; they name no measure: read as killed");
    }
    /* a column that names a group and counts but is not among the parts (a
     * name the rules could not read whole): said, never summed silently */
    for (size_t c = 0; c < ncols; c++) {
        split_part p;
        if (used[c] || !cells_fit(samples ? &samples[c] : NULL, nsampled, NEED_COUNT))
            continue;
        classify_part(names[c], &p);
        if (p.dim >= 0 && !p.ok && (p.measure == measure || (!named && p.measure < 0))) {
            r->split_left_out[measure == MF_INJURED] = (long)c;
            break;
        }
    }
}

/* ---- country codes ------------------------------------------------------ */

int incstat_recognise_is_country_code_(const char *name)
{
    static const char *const CODES[] = {
        "ccode", "ccodecow", "cowcode", "cowc", "cow", "cowccode", "gwno", "gwcode", "gwnoa",
        "gwnob", "gwnoloc", "gwid", "iso3", "iso3c", "iso", "iso2", "iso2c", "isocode",
        "iso3code", "isoalpha3", "countrycode", "ctrycode", "countryid", "ccodealp", "stateabb",
        "code", "gwnocy", NULL};
    char norm[64];
    incstat_name_norm_(name, norm, sizeof norm);
    return in_list(norm, CODES);
}

/* A country given by a code (COW's ccode, Gleditsch-Ward's gwno, ISO's
 * iso3), when no column names the country: its values are the labels
 * --where, --by and --recode use. */
static void recognise_country_code(const char *const *names, const incstat_col_sample *samples,
                                   size_t ncols, size_t nsampled, incstat_recognition *r,
                                   unsigned char *used)
{
    if (r->col[MF_COUNTRY] != -1)
        return;
    for (size_t c = 0; c < ncols; c++) {
        const incstat_col_sample *s = samples ? &samples[c] : NULL;
        if (used[c] || !incstat_recognise_is_country_code_(names[c]))
            continue;
        if (s && nsampled > 0 && nonmissing(s) == 0)
            continue;
        int numeric = s && nsampled > 0 && s->n_int * 10 >= nonmissing(s) * 9;
        set_field(r, used, MF_COUNTRY, c, INCSTAT_HOW_NAME, "a country code (\"%s\"); %s",
                  names[c], numeric ? "integers, read as labels" : "codes");
        return;
    }
}

void incstat_recognition_init_(incstat_recognition *r)
{
    memset(r, 0, sizeof *r);
    for (int f = 0; f < MF_COUNT; f++)
        r->col[f] = -1;
    r->subgroup_only[0] = r->subgroup_only[1] = -1;
    r->split_left_out[0] = r->split_left_out[1] = -1;
}

int incstat_recognise_(const char *const *names, const incstat_col_sample *samples,
                       size_t ncols, size_t nsampled, incstat_recognition *r)
{
    unsigned char *used = incstat_calloc(ncols ? ncols : 1, 1);
    if (!used)
        return -1;
    for (int f = 0; f < MF_COUNT; f++)
        if (r->col[f] >= 0 && (size_t)r->col[f] < ncols)
            used[r->col[f]] = 1;
    /* HXL tags first: they say what a column is in so many words */
    recognise_counts(names, samples, ncols, nsampled, r, used, MF_KILLED);
    recognise_counts(names, samples, ncols, nsampled, r, used, MF_INJURED);
    recognise_split(names, samples, ncols, nsampled, r, used, MF_INJURED);
    recognise_split(names, samples, ncols, nsampled, r, used, MF_KILLED);
    recognise_plain(names, samples, ncols, nsampled, r, used);
    recognise_country_code(names, samples, ncols, nsampled, r, used);
    incstat_free_mem(used);
    return 0;
}

size_t incstat_recognise_candidates_(const char *const *names, const incstat_col_sample *samples,
                                     size_t ncols, int field, size_t *out, size_t max)
{
    static const char *const WHEN_W[] = {"date", "year", "time", "when", "day", "month",
                                         "period", NULL};
    size_t n = 0;
    count_col cc;
    if (field == MF_DATE) {
        for (size_t c = 0; c < ncols && n < max; c++) {
            incstat_words ws;
            incstat_name_words_(names[c], &ws);
            if (has_word(&ws, WHEN_W))
                out[n++] = c;
        }
        return n;
    }
    /* first the columns that name the measure (subgroups, rates), then any
     * column of whole numbers that are not years (a wide table's counts) */
    for (int pass = 0; pass < 2 && n < max; pass++)
        for (size_t c = 0; c < ncols && n < max; c++) {
            const incstat_col_sample *s = samples ? &samples[c] : NULL;
            classify_count(names[c], &cc);
            int hit = pass == 0 ? cc.measure == field
                                : cc.measure < 0 && s && nonmissing(s) &&
                                      s->n_int * 10 >= nonmissing(s) * 9 &&
                                      !(s->min >= 1000 && s->max <= 2999);
            if (hit)
                out[n++] = c;
        }
    return n;
}

static int norm_present(const incstat_dict *norms, const char *name)
{
    char buf[128];
    size_t n = incstat_name_norm_(name, buf, sizeof buf);
    return incstat_dict_find(norms, buf, n) != 0;
}

void incstat_preset_score_(const incstat_preset *p, const incstat_dict *norms, size_t *matched,
                           size_t *total, int *signature)
{
    *matched = *total = 0;
    *signature = 0;
    for (size_t i = 0; p->map[i].field; i++) {
        (*total)++;
        *matched += (size_t)norm_present(norms, p->map[i].column);
    }
    for (size_t i = 0; p->signature[i]; i++)
        *signature |= norm_present(norms, p->signature[i]);
}

/* A wide table of counts by category (OWID's GTD attacks by attack type):
 * every column that feeds no field (used[c] == 0) holds whole numbers that
 * are not years and names no measure (no killed, injured, rate, total), and
 * there are at least two.  Then the categories partition the events, and
 * their sum per row is the number of incidents. */
size_t incstat_recognise_category_counts_(const char *const *names,
                                          const incstat_col_sample *samples, size_t ncols,
                                          const unsigned char *used, size_t *out, size_t max)
{
    size_t n = 0;
    if (!samples)
        return 0;
    for (size_t c = 0; c < ncols; c++) {
        if (used[c])
            continue;
        const incstat_col_sample *s = &samples[c];
        count_col cc;
        classify_count(names[c], &cc);
        uint32_t known = nonmissing(s);
        if (s->n_int + s->n_num + s->n_range == 0)
            continue; /* text (OWID's Code) or empty: not a value column */
        if (cc.measure >= 0 || cc.rate || cc.total || known == 0 || s->n_int != known ||
            s->min < 0 || (s->min >= 1000 && s->max <= 2999) || n == max)
            return 0;
        out[n++] = c;
    }
    return n >= 2 ? n : 0;
}
