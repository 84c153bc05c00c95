/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_recognise.c: the column recogniser (src/io/load/recognise.c) on
 * ambiguous headers, each with the expected choice and why; preset scoring,
 * tables of periods, HXL rows and allocation failure through the loader. */
#include "helpers.h"
#include "load_helpers.h"
#include <stdio.h>
#include <stdlib.h>
#include "incstat.h"
#include "core/internal.h"
#include "io/load/recognise.h"

#define REC_DIR TEST_DATA_DIR "/recognise/"
#define PUB_DIR TEST_DATA_DIR "/published/"

/* A sample of n rows whose every cell in column c is of one kind. */
typedef enum { K_INT, K_NUM, K_DATE, K_TEXT, K_YEAR, K_SERIAL } kind;

static void fill(incstat_col_sample *s, kind k, uint32_t n)
{
    memset(s, 0, sizeof *s);
    switch (k) {
    case K_INT: s->n_int = n; s->min = 0; s->max = 500; break;
    case K_NUM: s->n_num = n; s->min = -10; s->max = 80; break;
    case K_DATE: s->n_date = n; break;
    case K_TEXT: s->n_text = n; break;
    case K_YEAR: s->n_int = n; s->min = 1989; s->max = 2024; break;
    case K_SERIAL: s->n_int = n; s->min = 38156; s->max = 45000; break; /* 2004-2023 */
    }
}

/* Recognise names with kinds; return the recognition. */
static incstat_recognition run(const char *const *names, const kind *kinds, size_t n)
{
    incstat_col_sample *s = calloc(n, sizeof *s);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        fill(&s[i], kinds[i], 10);
    incstat_recognition r;
    incstat_recognition_init_(&r);
    assert_int_equal(incstat_recognise_(names, s, n, 10, &r), 0);
    free(s);
    return r;
}

static void test_words(void **state)
{
    (void)state;
    incstat_words w;
    incstat_name_words_("Total Died Min", &w);
    assert_int_equal(w.n, 3);
    assert_string_equal(w.w[0], "total");
    assert_string_equal(w.w[2], "min");
    incstat_name_words_("KilledMax", &w); /* CamelCase splits */
    assert_int_equal(w.n, 2);
    assert_string_equal(w.w[1], "max");
    incstat_name_words_("GTD_nkill", &w); /* an acronym stays one word */
    assert_int_equal(w.n, 2);
    assert_string_equal(w.w[0], "gtd");
    incstat_name_words_("Temperature(C)", &w);
    assert_int_equal(w.n, 2);
    incstat_name_words_("  ", &w);
    assert_int_equal(w.n, 0);
    char b[32];
    assert_int_equal(incstat_name_norm_("Total Died Mix", b, sizeof b), 12);
    assert_string_equal(b, "totaldiedmix");
    assert_int_equal(incstat_name_norm_("S#", b, sizeof b), 1);
    /* accented letters stay inside their word and fold to lower case, so
     * the European headers match the rules' words */
    incstat_name_words_("Getötete Personen", &w);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.w[0], "getötete");
    incstat_name_words_("ANNÉE", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.w[0], "année");
    assert_int_equal(incstat_name_norm_("Tués (total)", b, sizeof b), 10); /* é is two bytes */
    assert_string_equal(b, "tuéstotal");
    incstat_name_words_("x\xc3\x97y", &w); /* U+00D7, the multiplication sign, is not folded */
    assert_string_equal(w.w[0], "x\xc3\x97y");
}

/* New America: civilians_* come before total_*; a subgroup is never the
 * total, and "total" with an estimate word is the family of deaths. */
static void test_subgroup_before_total(void **state)
{
    (void)state;
    const char *names[] = {"date", "civilians_low", "civilians_high", "civilians_avg",
                           "leaders_killed", "total_low", "total_high", "total_avg"};
    const kind k[] = {K_DATE, K_INT, K_INT, K_NUM, K_INT, K_INT, K_INT, K_NUM};
    incstat_recognition r = run(names, k, 8);
    assert_int_equal(r.col[MF_KILLED], 7);
    assert_int_equal(r.col[MF_KILLED_LOW], 5);
    assert_int_equal(r.col[MF_KILLED_HIGH], 6);
    assert_int_equal(r.col[MF_DATE], 0);
}

/* PBC drone: "Civilians Min/Max" name no measure; "Total Died Min/Mix"
 * (the publisher's Mix for Max) are the totals. */
static void test_pbc_drone_total_died(void **state)
{
    (void)state;
    const char *names[] = {"Civilians Min", "Civilians Max", "Foreigners Min", "Total Died Min",
                           "Total Died Mix", "Injured Min", "Injured Max"};
    const kind k[] = {K_INT, K_INT, K_INT, K_INT, K_INT, K_INT, K_INT};
    incstat_recognition r = run(names, k, 7);
    assert_int_equal(r.col[MF_KILLED], -1);
    assert_int_equal(r.col[MF_KILLED_LOW], 3);
    assert_int_equal(r.col[MF_KILLED_HIGH], 4);
    assert_int_equal(r.col[MF_INJURED_LOW], 5);
    assert_int_equal(r.col[MF_INJURED_HIGH], 6);
}

/* GTD: nkillus and nkillter are subgroups of nkill (exact beats partial),
 * even when they come first. */
static void test_exact_beats_partial(void **state)
{
    (void)state;
    const char *names[] = {"nkillus", "nkillter", "nkill", "nwoundus", "nwound"};
    const kind k[] = {K_INT, K_INT, K_INT, K_INT, K_INT};
    incstat_recognition r = run(names, k, 5);
    assert_int_equal(r.col[MF_KILLED], 2);
    assert_int_equal(r.col[MF_INJURED], 4);
}

/* OWID: a rate per 100,000 is never summed as deaths. */
static void test_rate_never_summed(void **state)
{
    (void)state;
    const char *names[] = {"Entity", "Year", "Direct conflict death rate", "Direct conflict deaths"};
    const kind k[] = {K_TEXT, K_YEAR, K_NUM, K_INT};
    incstat_recognition r = run(names, k, 4);
    assert_int_equal(r.col[MF_KILLED], 3);
    assert_int_equal(r.col[MF_COUNTRY], 0);
    assert_int_equal(r.col[MF_YEAR], 1);
}

/* UCDP country-year without its preset: the cumulative total over the
 * per-type totals (a total word scores), and civilians/parties never. */
static void test_cumulative_total(void **state)
{
    (void)state;
    const char *names[] = {"country_cy", "year_cy", "sb_deaths_civilians_cy",
                           "sb_total_deaths_best_cy", "sb_total_deaths_low_cy",
                           "cumulative_total_deaths_parties_in_orgvio_cy",
                           "cumulative_total_deaths_in_orgvio_best_cy",
                           "cumulative_total_deaths_in_orgvio_high_cy",
                           "cumulative_total_deaths_in_orgvio_low_cy"};
    const kind k[] = {K_TEXT, K_YEAR, K_INT, K_INT, K_INT, K_INT, K_INT, K_INT, K_INT};
    incstat_recognition r = run(names, k, 9);
    assert_int_equal(r.col[MF_KILLED], 6);
    assert_int_equal(r.col[MF_KILLED_HIGH], 7);
    assert_int_equal(r.col[MF_KILLED_LOW], 8);
    assert_int_equal(r.col[MF_COUNTRY], 0);
    assert_int_equal(r.col[MF_YEAR], 1);
}

/* The start of a range is the date, not its end; "Target Type" is the
 * target, "Attack Type" the type; "Blast Day Type" is no day. */
static void test_dates_and_types(void **state)
{
    (void)state;
    const char *names[] = {"date_end", "date_start", "Target Type", "Attack Type",
                           "Blast Day Type"};
    const kind k[] = {K_DATE, K_DATE, K_TEXT, K_TEXT, K_TEXT};
    incstat_recognition r = run(names, k, 5);
    assert_int_equal(r.col[MF_DATE], 1);
    assert_int_equal(r.col[MF_TARGET], 2);
    assert_int_equal(r.col[MF_TYPE], 3);
    assert_int_equal(r.col[MF_DAY], -1);
}

/* The cells confirm the name: a "Year" of text is no year; a "date" of
 * numbers is no date; a column of dates named "When" is the date by type. */
static void test_type_confirms(void **state)
{
    (void)state;
    const char *names[] = {"Year", "date", "When", "Killed"};
    const kind k[] = {K_TEXT, K_INT, K_DATE, K_TEXT};
    incstat_recognition r = run(names, k, 4);
    assert_int_equal(r.col[MF_YEAR], -1);
    assert_int_equal(r.col[MF_DATE], 2);
    assert_int_equal(r.how[MF_DATE], INCSTAT_HOW_TYPE);
    assert_int_equal(r.col[MF_KILLED], -1); /* text cells are no count */
}

/* A field already chosen (preset or --map) keeps its column; a blocked one
 * (col -2: "--map killed=") is left alone. */
static void test_chosen_fields_kept(void **state)
{
    (void)state;
    const char *names[] = {"killed", "Killed Max", "date"};
    const kind k[] = {K_INT, K_INT, K_DATE};
    incstat_col_sample s[3];
    for (size_t i = 0; i < 3; i++)
        fill(&s[i], k[i], 5);
    incstat_recognition r;
    memset(&r, 0, sizeof r);
    for (int f = 0; f < MF_COUNT; f++)
        r.col[f] = -1;
    r.col[MF_KILLED] = -2;
    r.col[MF_DATE] = 0; /* a --map that recognition must not undo */
    r.how[MF_DATE] = INCSTAT_HOW_MAP;
    assert_int_equal(incstat_recognise_(names, s, 3, 5, &r), 0);
    assert_int_equal(r.col[MF_KILLED], -2);
    assert_int_equal(r.col[MF_DATE], 0);
    assert_int_equal(r.how[MF_DATE], INCSTAT_HOW_MAP);
}

/* 100,000 columns: recognition is linear (one pass per rule family) and
 * finds the one column that matters at the end. */
static void test_wide_header(void **state)
{
    (void)state;
    size_t n = 100000;
    char (*buf)[16] = calloc(n, sizeof *buf);
    const char **names = calloc(n, sizeof *names);
    incstat_col_sample *s = calloc(n, sizeof *s);
    assert_true(buf && names && s);
    for (size_t i = 0; i < n; i++) {
        snprintf(buf[i], sizeof buf[i], "v%zu", i);
        names[i] = buf[i];
        fill(&s[i], K_INT, 2);
    }
    names[n - 2] = "fatalities";
    names[n - 1] = "event_date";
    fill(&s[n - 1], K_DATE, 2);
    incstat_recognition r;
    memset(&r, 0, sizeof r);
    for (int f = 0; f < MF_COUNT; f++)
        r.col[f] = -1;
    assert_int_equal(incstat_recognise_(names, s, n, 2, &r), 0);
    assert_int_equal(r.col[MF_KILLED], (long)(n - 2));
    assert_int_equal(r.col[MF_DATE], (long)(n - 1));
    free(buf);
    free(names);
    free(s);
}

/* ---- through the loader ------------------------------------------------ */

static incstat_table *load(const char *path, const incstat_load_options *o)
{
    incstat_table *t = NULL;
    incstat_error err;
    if (incstat_load_path(path, o, &t, &err) != INCSTAT_OK)
        fail_msg("load %s: %s", path, err.message);
    return t;
}

/* Excel serial days (38156 is 2004-06-18) under a date name are the date;
 * the same integers under another name are not, and small integers under
 * a date name are not serials. */
static void test_excel_serial_date(void **state)
{
    (void)state;
    const char *names[] = {"Population", "Date", "Killed"};
    const kind k[] = {K_SERIAL, K_SERIAL, K_INT};
    incstat_recognition r = run(names, k, 3);
    assert_int_equal(r.col[MF_DATE], 1);
    assert_non_null(strstr(r.evidence[MF_DATE], "Excel serial days"));
    const char *other[] = {"Population", "Killed"};
    r = run(other, k, 2);
    assert_int_equal(r.col[MF_DATE], -1);
    /* through the loader: serials, one with a time of day, and an ISO date */
    incstat_table *t = load(REC_DIR "excel_serial_date.csv", NULL);
    const incstat_date *d = incstat_table_dates(t);
    assert_int_equal(incstat_table_rows(t), 5);
    assert_int_equal(d[0].year, 2004);
    assert_int_equal(d[0].month, 6);
    assert_int_equal(d[0].day, 18);
    assert_int_equal(d[2].year, 2005); /* 38412.5: 2005-03-01 */
    assert_int_equal(d[2].month, 3);
    assert_int_equal(d[2].day, 1);
    assert_int_equal(d[4].year, 2007);
    assert_int_equal(incstat_table_report(t)->undated, 0);
    incstat_table_free(t);
}

/* GTD's fields as year/month/day: still GTD by score, the three filled by
 * name (the issue's example). */
static void test_preset_score(void **state)
{
    (void)state;
    incstat_table *t = load(REC_DIR "gtd_renamed.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "gtd");
    assert_int_equal(r->preset_detected, 1);
    assert_int_equal(r->preset_matched, 11);
    assert_int_equal(r->preset_columns, 14);
    assert_string_equal(r->preset_filled, "year, month, day recognised by name");
    assert_int_equal(r->n_recognised, 14);
    /* -99 is GTD's unknown: the preset's codes still apply */
    const double *k = incstat_table_numbers(t, INCSTAT_NUM_KILLED_BEST);
    assert_true(isnan(k[3]));
    incstat_table_free(t);
    /* another release, a column added and one dropped: 13 of 14 */
    t = load(REC_DIR "gtd_release_plus.csv", NULL);
    assert_string_equal(incstat_table_report(t)->preset, "gtd");
    assert_int_equal(incstat_table_report(t)->preset_matched, 13);
    incstat_table_free(t);
}

/* A header that fits two presets nearly equally: a PBC sheet with both the
 * drone list's Total Died Min/Mix and the suicide list's Killed Min/Max and
 * Target Type.  pbc-drone has all of its 11 columns, pbc-suicide 12 of 13
 * (0.92, within the 0.1 that counts as near): the drone preset is used and
 * the other is named in the load report; a clear winner names none. */
static void test_preset_near_tie(void **state)
{
    (void)state;
    incstat_table *t = load(REC_DIR "pbc_near_tie.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "pbc-drone");
    assert_int_equal(r->preset_detected, 1);
    assert_int_equal(r->preset_matched, 11);
    assert_non_null(r->preset_tie);
    assert_string_equal(r->preset_tie, "pbc-suicide");
    incstat_table_free(t);
    t = load(REC_DIR "gtd_renamed.csv", NULL);
    assert_null(incstat_table_report(t)->preset_tie);
    incstat_table_free(t);
}

/* inspect's tables stay aligned with long and non-ASCII column names: the
 * name cell is as wide as the longest name (at least 32, at most 48
 * characters, not bytes), a longer name cut with an ellipsis, the same
 * width in the mapping, the column table and the number table. */
static void test_inspect_alignment(void **state)
{
    (void)state;
    incstat_table *t = load(REC_DIR "long_names.csv", NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    incstat_error err;
    assert_int_equal(incstat_load_report_write(incstat_table_report(t), INCSTAT_LOAD_REPORT_FULL,
                                               out, &err), INCSTAT_OK);
    fclose(out);
    const char *want[] = {
        "#     column                                            field         type",
        "2     Hostage Taking (Barricade Incident)                             empty",
        "3     R\xC3\xA9gion administrative                                           empty",
        "4     Killed                                            killed        empty",
        "5     People killed in attacks claimed by a group nam\xE2\x80\xA6                empty",
        "  killed        Killed                                            name"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(buf, want[i]))
            fail_msg("no line \"%s\" in the report:\n%.3000s", want[i], buf);
    free(buf);
    incstat_table_free(t);
}

/* UCDP country-year: rows are periods, incidents and injured unknown;
 * Pakistan 2023 is 1,178 (1,056-1,307) as the MANIFEST quotes it. */
static void test_periods(void **state)
{
    (void)state;
    incstat_filter *f;
    incstat_error err;
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_add_where(f, "country=Pakistan", &err), INCSTAT_OK);
    incstat_loader *ld;
    assert_int_equal(incstat_loader_open(PUB_DIR "ucdp_organized_violence_cy_v25_1_pakistan_afghanistan.csv",
                                         NULL, &ld, &err), INCSTAT_OK);
    const incstat_load_report *rep = incstat_loader_report(ld);
    assert_int_equal(rep->rows_periods, 1);
    assert_int_equal(rep->unknown, INCSTAT_UNKNOWN_INCIDENTS | INCSTAT_UNKNOWN_INJURED);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_OK);
    incstat_summary *s;
    assert_int_equal(incstat_summary_from_loader(ld, NULL, f, &s, &err), INCSTAT_OK);
    int seen = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *row = incstat_summary_row_at(s, i);
        assert_true(row->unknown & INCSTAT_UNKNOWN_INCIDENTS);
        assert_true(isnan(row->injured));
        assert_true(isnan(row->incidents_yoy_pct));
        if (row->year == 2023) {
            assert_true(row->killed == 1178 && row->killed_low == 1056 && row->killed_high == 1307);
            seen = 1;
        }
    }
    assert_true(seen);
    incstat_summary_row tot;
    assert_int_equal(incstat_summary_total(s, &tot, &err), INCSTAT_OK);
    assert_true(tot.unknown & INCSTAT_UNKNOWN_INCIDENTS);
    assert_true(isnan(tot.injured));
    incstat_summary_free(s);
    incstat_loader_free(ld);
    incstat_filter_free(f);
}

/* The HXL hashtag row is skipped with its own reason; the tags map the
 * columns whose names say nothing. */
static void test_hxl(void **state)
{
    (void)state;
    incstat_table *t = load(REC_DIR "hxl_hdx.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_int_equal(r->skipped[INCSTAT_SKIP_HXL], 1);
    assert_int_equal(r->hxl_line, 2);
    assert_int_equal(incstat_table_rows(t), 3);
    int killed = 0;
    for (size_t i = 0; i < r->n_mapping; i++)
        if (strcmp(r->mapping[i].field, "killed") == 0) {
            assert_string_equal(r->columns[r->mapping[i].column].name, "Figure A");
            killed = 1;
        }
    assert_true(killed);
    incstat_table_free(t);
}

/* A wide table of counts by category: incidents is their sum; the advice
 * names the columns and the --map line that counts one. */
static void test_wide_table_advice(void **state)
{
    (void)state;
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(incstat_loader_open(PUB_DIR "owid_gtd2018_attacks_by_type_country_year.csv",
                                         NULL, &ld, &err), INCSTAT_OK);
    const incstat_load_report *r = incstat_loader_report(ld);
    assert_non_null(strstr(r->advice, "the sum of 9 columns of counts by category"));
    assert_non_null(strstr(r->advice, "--map incidents=Assassination counts one"));
    assert_int_equal(r->incidents_sum_columns, 9);
    incstat_loader_free(ld);
    /* --preset none: no recognition, no advice */
    incstat_load_options o = {0};
    o.preset = "none";
    assert_int_equal(incstat_loader_open(PUB_DIR "owid_gtd2018_attacks_by_type_country_year.csv",
                                         &o, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_loader_report(ld)->n_mapping, 0);
    assert_string_equal(incstat_loader_report(ld)->advice, "");
    incstat_loader_free(ld);
}

/* A table of periods whose country column also holds "World" and regions
 * (OWID): the World rows alone are counted unless the caller's --where names
 * a country.  tests/data/recognise/owid_attacks_world.csv is
 * owid_attacks_by_type.csv with "South Asia" (Pakistan's rows), "Middle
 * East & North Africa" (Yemen's) and "World" (their sums, by hand): World
 * 83, 86, 134 for 2010-2012 (all rows would give three times as much);
 * Pakistan 83, 71, 109 as in test_wide_table_sum. */
static void world_years(const char *where, const uint64_t want[3], int aggregate_only)
{
    incstat_loader *ld;
    incstat_error err;
    incstat_filter *f = NULL;
    assert_int_equal(incstat_loader_open(REC_DIR "owid_attacks_world.csv", NULL, &ld, &err),
                     INCSTAT_OK);
    assert_string_equal(incstat_loader_report(ld)->aggregate_entity, "World");
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    if (where)
        assert_int_equal(incstat_filter_add_where(f, where, &err), INCSTAT_OK);
    int added = -1;
    assert_int_equal(incstat_filter_default_aggregate(
                         f, incstat_loader_report(ld)->aggregate_entity, &added, &err),
                     INCSTAT_OK);
    assert_int_equal(added, aggregate_only);
    if (added)
        incstat_loader_note_aggregate_only(ld);
    assert_int_equal(incstat_loader_report(ld)->aggregate_only, aggregate_only);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_OK);
    incstat_summary *s = NULL;
    assert_int_equal(incstat_summary_from_loader(ld, NULL, f, &s, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_rows(s), 3);
    for (size_t i = 0; i < 3; i++) {
        const incstat_summary_row *row = incstat_summary_row_at(s, i);
        assert_int_equal(row->year, 2010 + (int)i);
        assert_int_equal(row->incidents, want[i]);
    }
    incstat_summary_free(s);
    incstat_filter_free(f);
    incstat_loader_free(ld);
}

static void test_world_rows_only(void **state)
{
    (void)state;
    static const uint64_t world[3] = {83, 86, 134}, pakistan[3] = {83, 71, 109};
    world_years(NULL, world, 1);
    world_years("country=Pakistan", pakistan, 0);
    world_years("COUNTRY=pakistan", pakistan, 0); /* field names in any case */
    /* no World in the column: nothing found, nothing added */
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(incstat_loader_open(REC_DIR "owid_attacks_by_type.csv", NULL, &ld, &err),
                     INCSTAT_OK);
    assert_null(incstat_loader_report(ld)->aggregate_entity);
    incstat_filter *f = NULL;
    int added = -1;
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_default_aggregate(f, NULL, &added, &err), INCSTAT_OK);
    assert_int_equal(added, 0);
    incstat_filter_free(f);
    incstat_loader_free(ld);
}

/* The sums, row by row, of the fixture with the OWID header: 9 columns of
 * counts by category feed incidents (evidence "name", every column's field
 * is incidents), killed and injured stay unknown, and a missing cell makes
 * that row's incidents unknown and is counted in the report.  The expected
 * sums are the rows of tests/data/recognise/owid_attacks_by_type.csv added
 * by hand: 83, 71, 109, 15, 25; tests/data/load/owid_attacks_missing.csv
 * is that file with Pakistan 2011's Bombing/Explosion cell (30) empty. */
static void test_wide_table_sum(void **state)
{
    (void)state;
    static const double want[2][5] = {{83, 71, 109, 15, 25}, {83, NAN, 109, 15, 25}};
    static const char *const files[2] = {REC_DIR "owid_attacks_by_type.csv",
                                         REC_DIR "../load/owid_attacks_missing.csv"};
    for (int k = 0; k < 2; k++) {
        incstat_loader *ld;
        incstat_error err;
        assert_int_equal(incstat_loader_open(files[k], NULL, &ld, &err), INCSTAT_OK);
        const incstat_load_report *r = incstat_loader_report(ld);
        assert_int_equal(r->rows_periods, 1);
        assert_int_equal(r->incidents_sum_columns, 9);
        assert_int_equal(r->unknown, INCSTAT_UNKNOWN_KILLED | INCSTAT_UNKNOWN_INJURED);
        int found = 0;
        for (size_t i = 0; i < r->n_mapping; i++)
            if (strcmp(r->mapping[i].field, "incidents") == 0) {
                assert_int_equal(r->mapping[i].how, INCSTAT_HOW_NAME);
                assert_string_equal(r->mapping[i].evidence, "sum of 9 count columns by category");
                found = 1;
            }
        assert_true(found);
        for (size_t c = 2; c < r->n_columns; c++)
            assert_string_equal(r->columns[c].field, "incidents");
        const incstat_incident *inc;
        size_t n = 0;
        incstat_status st;
        while ((st = incstat_loader_next(ld, &inc, &err)) == INCSTAT_ROW) {
            assert_true(n < 5);
            double e = want[k][n++], got = inc->num[INCSTAT_NUM_EVENTS];
            if (isnan(e))
                assert_true(isnan(got));
            else
                assert_true(got == e);
            assert_true(isnan(inc->num[INCSTAT_NUM_KILLED_BEST]));
            assert_true(isnan(inc->num[INCSTAT_NUM_INJURED_BEST]));
        }
        assert_int_equal(st, INCSTAT_DONE);
        assert_int_equal(n, 5);
        r = incstat_loader_report(ld);
        assert_int_equal(r->incidents_unknown, k);
        assert_int_equal(r->first_incidents_unknown_line, k ? 3 : 0);
        incstat_loader_free(ld);
    }
    /* --map incidents=COLUMN counts one column; "--map incidents=" none */
    const char *maps[2] = {"incidents=Assassination", "incidents="};
    for (int k = 0; k < 2; k++) {
        incstat_load_options o = {0};
        o.map = &maps[k];
        o.n_map = 1;
        incstat_loader *ld;
        incstat_error err;
        assert_int_equal(incstat_loader_open(files[0], &o, &ld, &err), INCSTAT_OK);
        const incstat_load_report *r = incstat_loader_report(ld);
        assert_int_equal(r->incidents_sum_columns, 0);
        assert_int_equal((r->unknown & INCSTAT_UNKNOWN_INCIDENTS) != 0, k);
        const incstat_incident *inc;
        assert_int_equal(incstat_loader_next(ld, &inc, &err), INCSTAT_ROW);
        if (k == 0)
            assert_true(inc->num[INCSTAT_NUM_EVENTS] == 12);
        incstat_loader_free(ld);
    }
}

/* A summary by province counts FATA, Fata and fata as one under the first
 * spelling, "North  Waziristan" with "North Waziristan", and only notes
 * Baluchistan/Balochistan (two places could be spelt that close). */
static void test_spellings(void **state)
{
    (void)state;
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(incstat_loader_open(REC_DIR "spellings.csv", NULL, &ld, &err), INCSTAT_OK);
    incstat_summary_options so = {0};
    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_TEXT;
    so.by[0].column = "admin1";
    incstat_summary *s;
    assert_int_equal(incstat_summary_from_loader(ld, &so, NULL, &s, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_rows(s), 4);
    const incstat_summary_row *r = incstat_summary_row_at(s, 2);
    assert_string_equal(r->key[0], "FATA");
    assert_int_equal(r->incidents, 3);
    assert_close(r->killed, 12, 1e-12);
    assert_int_equal(incstat_summary_note_count(s), 4);
    int alike = 0;
    for (size_t i = 0; i < incstat_summary_note_count(s); i++)
        alike += strstr(incstat_summary_note(s, i),
                        "--recode admin1:Balochistan=Baluchistan") != NULL;
    assert_int_equal(alike, 1);
    assert_null(incstat_summary_note(s, 99));
    incstat_summary_free(s);
    incstat_loader_free(ld);
}

/* --where on a text field matches the spellings a summary merges: case and
 * blanks (runs collapsed, ends trimmed) ignored, as in summary_spell.c; in a
 * list field each item the same way.  Nothing looser: "FATA2" and "FA TA"
 * are other labels. */
static int where_matches(const char *spec, const char *cell, unsigned lists)
{
    incstat_filter *f;
    incstat_error err;
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_add_where(f, spec, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_OK);
    incstat_filter_set_lists(f, lists);
    incstat_incident inc;
    memset(&inc, 0, sizeof inc);
    inc.text[INCSTAT_TEXT_ADMIN1].ptr = cell;
    inc.text[INCSTAT_TEXT_ADMIN1].len = strlen(cell);
    inc.text[INCSTAT_TEXT_COUNTRY] = inc.text[INCSTAT_TEXT_ADMIN1];
    int m = incstat_filter_match(f, &inc);
    incstat_filter_free(f);
    return m;
}

static void test_where_spellings(void **state)
{
    (void)state;
    assert_true(where_matches("admin1=FATA", "FATA", 0));
    assert_true(where_matches("admin1=FATA", "Fata", 0));
    assert_true(where_matches("admin1=FATA", "FATA ", 0));
    assert_true(where_matches("admin1=fata", " Fata\t", 0));
    assert_true(where_matches("admin1=North Waziristan", "north  WAZIRISTAN", 0));
    assert_false(where_matches("admin1=FATA", "FATA2", 0));
    assert_false(where_matches("admin1=FATA", "FA TA", 0));
    assert_false(where_matches("admin1=FATA", "", 0));
    assert_false(where_matches("admin1=Baluchistan", "Balochistan", 0));
    unsigned country = 1u << INCSTAT_TEXT_COUNTRY;
    assert_true(where_matches("country=pakistan", "India,  PAKISTAN ", country));
    assert_false(where_matches("country=Pakistan", "India, Pakistani", country));
    /* through the loader: FATA, Fata and fata are 3 incidents, 12 killed */
    incstat_filter *f;
    incstat_error err;
    incstat_loader *ld;
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_add_where(f, "admin1=FATA", &err), INCSTAT_OK);
    assert_int_equal(incstat_loader_open(REC_DIR "spellings.csv", NULL, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_OK);
    incstat_summary *s;
    assert_int_equal(incstat_summary_from_loader(ld, NULL, f, &s, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_rows(s), 1);
    assert_int_equal(incstat_summary_row_at(s, 0)->incidents, 3);
    assert_close(incstat_summary_row_at(s, 0)->killed, 12, 1e-12);
    incstat_summary_free(s);
    incstat_loader_free(ld);
    incstat_filter_free(f);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    /* each recognises at least 5 fields when nothing fails */
    check_load_alloc_failures(REC_DIR "hxl_hdx.csv", NULL, 5);
    check_load_alloc_failures(REC_DIR "year_and_date.csv", NULL, 5);
    check_load_alloc_failures(REC_DIR "gtd_renamed.csv", NULL, 5);
}


/* ---- splits, subgroups and codes (issue 21) ---------------------------- */

/* Injured split by victim with no total (a list of mass shootings): the sum
 * of the parts; the total of the dead is taken as it is. */
static void test_split_named(void **state)
{
    (void)state;
    const char *names[] = {"Date", "Number of Civilian Injured", "Number of Enforcement Injured",
                           "Total Number of Fatalities", "Number of Civilian Fatalities"};
    const kind k[] = {K_DATE, K_INT, K_INT, K_INT, K_INT};
    incstat_recognition r = run(names, k, 5);
    assert_int_equal(r.col[MF_INJURED], 1);
    assert_int_equal(r.n_parts[MF_INJURED], 2);
    assert_int_equal(r.parts[MF_INJURED][1], 2);
    assert_non_null(strstr(r.evidence[MF_INJURED], "split by victim"));
    assert_int_equal(r.col[MF_KILLED], 3); /* the total, never a part */
    assert_int_equal(r.n_parts[MF_KILLED], 0);
}

/* One subgroup alone is never the total: unknown, and named for the advice. */
static void test_subgroup_only(void **state)
{
    (void)state;
    const char *names[] = {"Date", "Number of Enforcement Injured", "Killed"};
    const kind k[] = {K_DATE, K_INT, K_INT};
    incstat_recognition r = run(names, k, 3);
    assert_int_equal(r.col[MF_INJURED], -1);
    assert_int_equal(r.subgroup_only[1], 1);
    assert_int_equal(r.col[MF_KILLED], 2);
    /* the security forces and the militants without the civilians: incomplete */
    const char *names2[] = {"date", "Security Killed", "Terrorists Killed"};
    r = run(names2, (const kind[]){K_DATE, K_INT, K_INT}, 3);
    assert_int_equal(r.col[MF_KILLED], -1);
    assert_int_equal(r.subgroup_only[0], 1);
}

/* Parts that name no measure (a state-year table of deaths): killed, said so;
 * with the publisher's "Total" beside them, that column. */
static void test_split_unnamed(void **state)
{
    (void)state;
    const char *names[] = {"State", "Year", "Civilians", "Security Forces", "Terrorists"};
    const kind k[] = {K_TEXT, K_YEAR, K_INT, K_INT, K_INT};
    incstat_recognition r = run(names, k, 5);
    assert_int_equal(r.n_parts[MF_KILLED], 3);
    assert_int_equal(r.parts[MF_KILLED][2], 4);
    assert_true(r.split_unnamed);
    assert_non_null(strstr(r.evidence[MF_KILLED], "name no measure"));
    const char *names2[] = {"State", "Year", "Civilians", "SF", "Terrorists", "Total"};
    r = run(names2, (const kind[]){K_TEXT, K_YEAR, K_INT, K_INT, K_INT, K_INT}, 6);
    assert_int_equal(r.col[MF_KILLED], 5);
    assert_int_equal(r.n_parts[MF_KILLED], 0);
}

/* By sex, and by victim with low and high estimates. */
static void test_split_sex_and_estimates(void **state)
{
    (void)state;
    const char *names[] = {"date", "killed_male", "killed_female"};
    incstat_recognition r = run(names, (const kind[]){K_DATE, K_INT, K_INT}, 3);
    assert_int_equal(r.n_parts[MF_KILLED], 2);
    const char *names2[] = {"date", "civilians_low", "civilians_high", "militants_low",
                            "militants_high"};
    r = run(names2, (const kind[]){K_DATE, K_INT, K_INT, K_INT, K_INT}, 5);
    assert_int_equal(r.col[MF_KILLED], -1);
    assert_int_equal(r.n_parts[MF_KILLED_LOW], 2);
    assert_int_equal(r.parts[MF_KILLED_LOW][1], 3);
    assert_int_equal(r.n_parts[MF_KILLED_HIGH], 2);
    /* "women and children" is two groups at once: no part */
    const char *names3[] = {"date", "civilians killed", "women and children killed",
                            "police killed"};
    r = run(names3, (const kind[]){K_DATE, K_INT, K_INT, K_INT}, 4);
    assert_int_equal(r.n_parts[MF_KILLED], 2);
    assert_int_equal(r.parts[MF_KILLED][1], 3);
}

/* A country given by its COW code; a count of events named by a word. */
static void test_country_code(void **state)
{
    (void)state;
    const char *names[] = {"ccode", "year", "terror_events", "terror_killed"};
    incstat_recognition r = run(names, (const kind[]){K_INT, K_YEAR, K_INT, K_INT}, 4);
    assert_int_equal(r.col[MF_COUNTRY], 0);
    assert_non_null(strstr(r.evidence[MF_COUNTRY], "country code"));
    assert_int_equal(r.col[MF_INCIDENTS], 2);
    assert_int_equal(r.col[MF_KILLED], 3);
    /* beside the country's name, the name wins */
    const char *names2[] = {"iso3", "country", "year", "deaths"};
    r = run(names2, (const kind[]){K_TEXT, K_TEXT, K_YEAR, K_INT}, 4);
    assert_int_equal(r.col[MF_COUNTRY], 1);
    assert_true(incstat_recognise_is_country_code_("GWNO"));
    assert_false(incstat_recognise_is_country_code_("country"));
}

/* GTD's split date beside its free-text approxdate: no date by type. */
static void test_date_parts_first(void **state)
{
    (void)state;
    const char *names[] = {"iyear", "imonth", "iday", "approxdate", "nkill"};
    incstat_col_sample s[5];
    fill(&s[0], K_YEAR, 10);
    fill(&s[1], K_INT, 10);
    s[1].max = 12;
    fill(&s[2], K_INT, 10);
    s[2].max = 31;
    fill(&s[3], K_DATE, 10);
    fill(&s[4], K_INT, 10);
    incstat_recognition r;
    incstat_recognition_init_(&r);
    assert_int_equal(incstat_recognise_(names, s, 5, 10, &r), 0);
    assert_int_equal(r.col[MF_YEAR], 0);
    assert_int_equal(r.col[MF_MONTH], 1);
    assert_int_equal(r.col[MF_DAY], 2);
    assert_int_equal(r.col[MF_DATE], -1);
}

int main(void)
{
    const struct CMUnitTest names[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_split_named),
        cmocka_unit_test(test_subgroup_only),
        cmocka_unit_test(test_split_unnamed),
        cmocka_unit_test(test_split_sex_and_estimates),
        cmocka_unit_test(test_country_code),
        cmocka_unit_test(test_date_parts_first),
        cmocka_unit_test(test_subgroup_before_total),
        cmocka_unit_test(test_pbc_drone_total_died),
        cmocka_unit_test(test_exact_beats_partial),
        cmocka_unit_test(test_rate_never_summed),
        cmocka_unit_test(test_cumulative_total),
        cmocka_unit_test(test_dates_and_types),
        cmocka_unit_test(test_type_confirms),
        cmocka_unit_test(test_excel_serial_date),
        cmocka_unit_test(test_chosen_fields_kept),
        cmocka_unit_test(test_wide_header),
    };
    const struct CMUnitTest loader[] = {
        cmocka_unit_test(test_preset_score),
        cmocka_unit_test(test_preset_near_tie),
        cmocka_unit_test(test_inspect_alignment),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_hxl),
        cmocka_unit_test(test_wide_table_advice),
        cmocka_unit_test(test_wide_table_sum),
        cmocka_unit_test(test_world_rows_only),
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_where_spellings),
        cmocka_unit_test(test_alloc_failure),
    };
    int fails = 0;
    fails += cmocka_run_group_tests_name("recognise_names", names, NULL, NULL);
    fails += cmocka_run_group_tests_name("recognise_loader", loader, NULL, NULL);
    return fails ? 1 : 0;
}
