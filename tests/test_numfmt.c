/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_numfmt.c: number formats (issue 17): the evidence one cell
 * gives, the decision per column, the parsers in each format, and whole loads
 * of every dialect's fixture (tests/data/numbers) with their exact sums and
 * report fields.  The sums are worked out by hand from the fixtures: each
 * value is written in the comment next to its assertion. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "helpers.h"
#include "load_helpers.h"
#include "incstat.h"
#include "core/internal.h"

#define NUM_DIR TEST_DATA_DIR "/numbers/"

/* ---- plumbing ----------------------------------------------------------- */

/* The evidence of text's cells (separated by '|'), each through an
 * exact-size heap copy so that ASan sees any read past the end. */
static incstat_number_evidence observe(const char *cells)
{
    incstat_number_evidence ev;
    memset(&ev, 0, sizeof ev);
    const char *p = cells;
    for (;;) {
        size_t n = strcspn(p, "|");
        char *c = malloc(n ? n : 1);
        assert_non_null(c);
        memcpy(c, p, n);
        incstat_numfmt_observe(&ev, c, n);
        free(c);
        if (!p[n])
            break;
        p += n + 1;
    }
    return ev;
}

static incstat_number_decision decide(const char *cells, char given, char prior)
{
    incstat_number_evidence ev = observe(cells);
    incstat_number_decision d;
    incstat_numfmt_decide(&ev, given, prior, &d);
    return d;
}

static double count_in(const char *text, char decimal, unsigned group, incstat_value_kind want)
{
    incstat_number_format f = {decimal, group};
    size_t n = strlen(text);
    char *c = malloc(n ? n : 1);
    assert_non_null(c);
    memcpy(c, text, n);
    double best = 0;
    unsigned notes = 99;
    incstat_value_kind k = incstat_value_parse_count_fmt(c, n, &f, NULL, 0, NULL, &best, NULL, &notes);
    free(c);
    if (k != want)
        fail_msg("\"%s\" in '%c': kind %d, expected %d", text, decimal, (int)k, (int)want);
    return best;
}

static incstat_table *load(const char *path, const char *const *map, size_t n_map, char decimal)
{
    incstat_load_options o = {0};
    o.map = map;
    o.n_map = n_map;
    o.decimal = decimal;
    incstat_table *t = NULL;
    incstat_error err;
    if (incstat_load_path(path, &o, &t, &err) != INCSTAT_OK)
        fail_msg("load %s: %s", path, err.message);
    return t;
}

static double col_sum(const incstat_table *t, incstat_num_field f)
{
    const double *x = incstat_table_numbers(t, f);
    double s = 0;
    for (size_t i = 0; i < incstat_table_rows(t); i++)
        if (!isnan(x[i]))
            s += x[i];
    return s;
}

static const incstat_column_report *column(const incstat_table *t, const char *name)
{
    const incstat_load_report *r = incstat_table_report(t);
    for (size_t i = 0; i < r->n_columns; i++)
        if (strcmp(r->columns[i].name, name) == 0)
            return &r->columns[i];
    fail_msg("no column %s", name);
    return NULL;
}

/* ---- evidence ----------------------------------------------------------- */

static void test_evidence_shapes(void **state)
{
    (void)state;
    incstat_number_evidence e = observe("1.234,5|1,234.5|1.234.567|1,234,567|2,5|33,5000|1.5");
    assert_int_equal(e.cells, 7);
    assert_int_equal(e.both_comma, 1);
    assert_int_equal(e.both_dot, 1);
    assert_int_equal(e.groups_dot, 1);
    assert_int_equal(e.groups_comma, 1);
    assert_int_equal(e.fraction_comma, 2);
    assert_int_equal(e.fraction_dot, 1);
    /* three digits after a lone mark: ambiguous unless the lead rules out a group */
    e = observe("1.600|1,600|0.600|1234.567|12.345|123,456");
    assert_int_equal(e.ambiguous_dot, 2);   /* 1.600, 12.345 */
    assert_int_equal(e.ambiguous_comma, 2); /* 1,600, 123,456 */
    assert_int_equal(e.fraction_dot, 2);    /* 0.600 (no group starts with 0), 1234.567 */
    /* spaces (ASCII, U+00A0, U+202F) and apostrophes (' and U+2019) group */
    e = observe("1 600|1\xC2\xA0" "600|2\xE2\x80\xAF" "500\xE2\x80\xAF" "000|1'234|3\xE2\x80\x99" "456");
    assert_int_equal(e.groups_space, 3);
    assert_int_equal(e.groups_apostrophe, 2);
    /* a group then the decimal mark: the mark is decimal whatever follows */
    e = observe("1 234,5|1'234.5|1\xC2\xA0" "234,567");
    assert_int_equal(e.groups_space, 2);
    assert_int_equal(e.groups_apostrophe, 1);
    assert_int_equal(e.fraction_comma, 2);
    assert_int_equal(e.fraction_dot, 1);
    /* ranges count both ends; signs and prefix words are passed over */
    e = observe("1.200-1.500|-2,5|about 1.600|40+");
    assert_int_equal(e.ambiguous_dot, 3);
    assert_int_equal(e.fraction_comma, 1);
    /* dates, hexadecimal, fractions, junk groups: no evidence */
    e = observe("18.06.2004|2004-06-18|0x10|3/4|1.23.4|1,2345,678|12 34|10:30");
    assert_int_equal(e.both_comma + e.both_dot + e.groups_dot + e.groups_comma +
                         e.fraction_comma + e.ambiguous_dot + e.ambiguous_comma +
                         e.groups_space + e.groups_apostrophe,
                     0);
    assert_int_equal(e.fraction_dot, 0);
    /* empty, NULL and text cells */
    e = observe("|NA|Unknown");
    assert_int_equal(e.cells, 0);
    incstat_numfmt_observe(&e, NULL, 3);
    incstat_numfmt_observe(NULL, "1.5", 3);
    assert_int_equal(e.cells, 0);
}

/* A count column's ambiguous cells, read both ways: a reading that makes a
 * count a fraction other than a half is evidence against it. */
static incstat_number_evidence observe_counts(const char *cells)
{
    incstat_number_evidence ev;
    memset(&ev, 0, sizeof ev);
    const char *p = cells;
    for (;;) {
        size_t n = strcspn(p, "|");
        char *c = malloc(n ? n : 1);
        assert_non_null(c);
        memcpy(c, p, n);
        incstat_numfmt_observe(&ev, c, n);
        incstat_numfmt_observe_count(&ev, c, n);
        free(c);
        if (!p[n])
            break;
        p += n + 1;
    }
    return ev;
}

static void test_count_evidence(void **state)
{
    (void)state;
    /* "1,240" is 1.24 with a decimal comma; "1,000" is 1 and "2,500" is 2.5
     * (a half) either way: no evidence; "1.600" is 1.6 with a point */
    incstat_number_evidence e = observe_counts("1,240|1,000|2,500|1.600|12|2,5|1.200-1.500");
    assert_int_equal(e.count_fraction_comma, 1); /* 1,240 */
    assert_int_equal(e.count_fraction_dot, 2);   /* 1.600; 1.2-1.5 (its low end) */
    /* a cell something else decides gives no count evidence: "2,3" is a
     * decimal comma, wrong for a count, but no reading makes it whole */
    e = observe_counts("2,3|1.234,5|1,234.5|0.600");
    assert_int_equal(e.count_fraction_comma + e.count_fraction_dot, 0);
    incstat_numfmt_observe_count(NULL, "1,240", 5);
    incstat_numfmt_observe_count(&e, NULL, 5);
    assert_int_equal(e.count_fraction_comma + e.count_fraction_dot, 0);

    /* the counts outweigh the prior: "1,240" in a ';' file is 1240 */
    incstat_number_decision d;
    e = observe_counts("1,240|12|2,310|1,105");
    incstat_numfmt_decide(&e, 0, ',', &d);
    assert_int_equal(d.format.decimal, '.');
    assert_int_equal(d.source, INCSTAT_NUMFMT_COUNTS);
    assert_true(d.nondefault); /* its ambiguous cells are counted */
    /* ... and agree with it: "1.870" in a ';' file */
    e = observe_counts("1.870|2.914");
    incstat_numfmt_decide(&e, 0, ',', &d);
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_COUNTS);
    /* both readings make fractions: the one that makes fewer */
    e = observe_counts("1,240|2,310|1.600");
    incstat_numfmt_decide(&e, 0, ',', &d);
    assert_int_equal(d.format.decimal, '.');
    /* as many against each: the prior */
    e = observe_counts("1,240|1.600");
    incstat_numfmt_decide(&e, 0, ',', &d);
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_PRIOR);
    /* only halves and wholes: the prior */
    e = observe_counts("1,500|2,000");
    incstat_numfmt_decide(&e, 0, ',', &d);
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_PRIOR);
    /* cells that decide, and --decimal, still win over the counts */
    e = observe_counts("1,240|2,5");
    incstat_numfmt_decide(&e, 0, ',', &d);
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_CELLS);
    e = observe_counts("1,240");
    incstat_numfmt_decide(&e, ',', '.', &d);
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_GIVEN);
}

static void test_ambiguous_cell(void **state)
{
    (void)state;
    assert_true(incstat_numfmt_ambiguous("1.600", 5));
    assert_true(incstat_numfmt_ambiguous("1,600", 5));
    assert_true(incstat_numfmt_ambiguous("1.200-1.500", 11));
    assert_false(incstat_numfmt_ambiguous("1.5", 3));
    assert_false(incstat_numfmt_ambiguous("1.200-2,5", 9)); /* the cell decides */
    assert_false(incstat_numfmt_ambiguous("1600", 4));
    assert_false(incstat_numfmt_ambiguous("0.600", 5));
}

/* ---- decisions ---------------------------------------------------------- */

static void test_decide(void **state)
{
    (void)state;
    /* the cells decide, whatever the prior */
    incstat_number_decision d = decide("1.234,5|12|3", 0, '.');
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_CELLS);
    assert_int_equal(d.format.group, INCSTAT_GROUP_DOT | INCSTAT_GROUP_NBSP);
    d = decide("1,234.5|12", 0, ',');
    assert_int_equal(d.format.decimal, '.');
    assert_int_equal(d.format.group, INCSTAT_GROUP_COMMA | INCSTAT_GROUP_NBSP);
    /* "2,5" and "1.200" in one column: the comma is decimal, "1.200" is 1200 */
    d = decide("2,5|1.200|3", 0, '.');
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_CELLS);
    /* only ambiguous cells: the prior */
    d = decide("1.600|2.914", 0, ',');
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_PRIOR);
    d = decide("1.600|2.914", 0, '.');
    assert_int_equal(d.format.decimal, '.');
    assert_int_equal(d.source, INCSTAT_NUMFMT_PRIOR);
    /* no mark at all */
    d = decide("12|3", 0, ',');
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_PLAIN);
    /* disagreement: the larger side; a tie: the prior */
    d = decide("2,5|3,5|1.5", 0, '.');
    assert_int_equal(d.format.decimal, ',');
    assert_int_equal(d.source, INCSTAT_NUMFMT_MIXED);
    d = decide("2,5|1.5", 0, ',');
    assert_int_equal(d.format.decimal, ',');
    d = decide("2,5|1.5", 0, '.');
    assert_int_equal(d.format.decimal, '.');
    /* given wins over every cell */
    d = decide("2,5|3,5", '.', ',');
    assert_int_equal(d.format.decimal, '.');
    assert_int_equal(d.source, INCSTAT_NUMFMT_GIVEN);
    /* spaces and apostrophes join the groups only when the cells show them */
    d = decide("1 600|2,5", 0, '.');
    assert_int_equal(d.format.group, INCSTAT_GROUP_DOT | INCSTAT_GROUP_NBSP | INCSTAT_GROUP_SPACE);
    d = decide("1'600|2.5", 0, ',');
    assert_int_equal(d.format.decimal, '.');
    assert_int_equal(d.format.group,
                     INCSTAT_GROUP_COMMA | INCSTAT_GROUP_NBSP | INCSTAT_GROUP_APOSTROPHE);
    /* the decision keeps its evidence */
    d = decide("1.234,5|2,5", 0, '.');
    assert_int_equal(d.evidence.both_comma, 1);
    assert_int_equal(d.evidence.fraction_comma, 1);
}

/* ---- parsers in a format ------------------------------------------------ */

static void test_parse_formats(void **state)
{
    (void)state;
    const unsigned all = 0; /* the format's default groups */
    assert_close(count_in("1.234,5", ',', all, INCSTAT_VALUE_NUMBER), 1234.5, 0);
    assert_close(count_in("2,5", ',', all, INCSTAT_VALUE_NUMBER), 2.5, 0);
    assert_close(count_in("1.600", ',', all, INCSTAT_VALUE_NUMBER), 1600, 0);
    assert_close(count_in("1.234.567", ',', all, INCSTAT_VALUE_NUMBER), 1234567, 0);
    assert_close(count_in("1.200-1.500", ',', all, INCSTAT_VALUE_RANGE), 1350, 0);
    count_in("1.5", ',', all, INCSTAT_VALUE_INVALID);   /* a '.' group needs three digits */
    count_in("1,234.5", ',', all, INCSTAT_VALUE_INVALID);
    assert_close(count_in("1,234.5", '.', all, INCSTAT_VALUE_NUMBER), 1234.5, 0);
    assert_close(count_in("1.600", '.', all, INCSTAT_VALUE_NUMBER), 1.6, 0);
    assert_close(count_in("1,600", '.', all, INCSTAT_VALUE_NUMBER), 1600, 0);
    count_in("1.234,5", '.', all, INCSTAT_VALUE_INVALID);
    /* spaces: no-break ones by default, the ASCII space only when asked */
    assert_close(count_in("1\xC2\xA0" "234,5", ',', all, INCSTAT_VALUE_NUMBER), 1234.5, 0);
    assert_close(count_in("2\xE2\x80\xAF" "500", ',', all, INCSTAT_VALUE_NUMBER), 2500, 0);
    count_in("1 600", ',', all, INCSTAT_VALUE_INVALID);
    assert_close(count_in("1 600", ',', INCSTAT_GROUP_DOT | INCSTAT_GROUP_SPACE,
                          INCSTAT_VALUE_NUMBER), 1600, 0);
    /* apostrophes, ' and U+2019 */
    unsigned ap = INCSTAT_GROUP_COMMA | INCSTAT_GROUP_APOSTROPHE;
    assert_close(count_in("1'234.5", '.', ap, INCSTAT_VALUE_NUMBER), 1234.5, 0);
    assert_close(count_in("3\xE2\x80\x99" "456", '.', ap, INCSTAT_VALUE_NUMBER), 3456, 0);
    count_in("1'234.5", '.', all, INCSTAT_VALUE_INVALID);
    count_in("1'23", '.', ap, INCSTAT_VALUE_INVALID);
    /* a group bit naming the decimal mark is ignored */
    assert_close(count_in("2,5", ',', INCSTAT_GROUP_COMMA | INCSTAT_GROUP_DOT,
                          INCSTAT_VALUE_NUMBER), 2.5, 0);
    /* plain numbers keep their fast path in both formats */
    assert_close(count_in("12", ',', all, INCSTAT_VALUE_NUMBER), 12, 0);
    assert_close(count_in("33,718", ',', all, INCSTAT_VALUE_NUMBER), 33.718, 1e-15);

    double x;
    assert_int_equal(incstat_value_parse_number_fmt("-33,5", 5, &(incstat_number_format){',', 0}, &x),
                     INCSTAT_VALUE_NUMBER);
    assert_close(x, -33.5, 0);
    assert_int_equal(incstat_value_parse_number_fmt("33.5", 4, NULL, &x), INCSTAT_VALUE_NUMBER);
    assert_close(x, 33.5, 0);
    /* the default format is the plain parsers' */
    double lo, be, hi;
    assert_int_equal(incstat_value_parse_count_fmt("1,600", 5, NULL, NULL, 0, &lo, &be, &hi, NULL),
                     incstat_value_parse_count("1,600", 5, NULL, 0, NULL, NULL, NULL));
    assert_close(be, 1600, 0);
}

static void test_notes(void **state)
{
    (void)state;
    unsigned notes = 99;
    double be;
    assert_int_equal(incstat_value_parse_count_fmt("1e9", 3, NULL, NULL, 0, NULL, &be, NULL, &notes),
                     INCSTAT_VALUE_NUMBER);
    assert_int_equal(notes, INCSTAT_VALUE_NOTE_EXPONENT);
    assert_int_equal(incstat_value_parse_count_fmt("12", 2, NULL, NULL, 0, NULL, &be, NULL, &notes),
                     INCSTAT_VALUE_NUMBER);
    assert_int_equal(notes, 0);
    assert_int_equal(incstat_value_parse_count_fmt("12e", 3, NULL, NULL, 0, NULL, &be, NULL, &notes),
                     INCSTAT_VALUE_INVALID);
    assert_int_equal(notes, 0);
}

/* ---- whole loads ---------------------------------------------------------- */

static void test_load_german(void **state)
{
    (void)state;
    const char *map[] = {"date=Datum", "killed=Tote", "injured=Verletzte", "latitude=Breite"};
    incstat_table *t = load(NUM_DIR "de_excel.csv", map, 4, 0);
    const incstat_load_report *r = incstat_table_report(t);
    assert_int_equal(r->number_prior, ',');
    assert_int_equal(r->number_sample_rows, 3);
    /* 2.914 + 12 + 1.600 */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 2914 + 12 + 1600, 0);
    /* 1.234,5 + 3 + 20 */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 1234.5 + 3 + 20, 0);
    /* 50,9375 + 48,1374 + 51,2277 */
    assert_close(col_sum(t, INCSTAT_NUM_LATITUDE), 50.9375 + 48.1374 + 51.2277, 1e-12);
    const incstat_column_report *c = column(t, "Tote");
    /* "2.914" and "1.600" would be 2.914 and 1.6 killed with a point */
    assert_int_equal(c->number.source, INCSTAT_NUMFMT_COUNTS);
    assert_int_equal(c->number.evidence.count_fraction_dot, 2);
    assert_int_equal(c->number.format.decimal, ',');
    assert_int_equal(c->ambiguous, 2);
    assert_int_equal(c->first_ambiguous_line, 3);
    assert_string_equal(c->first_ambiguous, "2.914");
    assert_close(c->first_ambiguous_value, 2914, 0);
    c = column(t, "Verletzte");
    assert_int_equal(c->number.source, INCSTAT_NUMFMT_CELLS);
    assert_int_equal(c->number.evidence.both_comma, 1);
    assert_int_equal(c->ambiguous, 0);
    assert_int_equal(column(t, "Breite")->number.evidence.fraction_comma, 3);
    incstat_table_free(t);

    /* --decimal . reverses it: "2.914" is 2.914 and "1.234,5" not understood */
    t = load(NUM_DIR "de_excel.csv", map, 4, '.');
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 2.914 + 12 + 1.6, 1e-12);
    c = column(t, "Verletzte");
    assert_int_equal(c->number.source, INCSTAT_NUMFMT_GIVEN);
    assert_int_equal(c->unparsed, 1);
    assert_int_equal(column(t, "Tote")->ambiguous, 0); /* given: nothing was guessed */
    incstat_table_free(t);
}

static void test_load_issue_example(void **state)
{
    (void)state;
    const char *map[] = {"year=Jahr", "killed=Getötete"};
    incstat_table *t = load(NUM_DIR "issue_example.csv", map, 2, 0);
    /* 1.870 + 2.914 + 3.112: never 7.896 */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 1870 + 2914 + 3112, 0);
    assert_int_equal(column(t, "Getötete")->ambiguous, 3);
    incstat_table_free(t);
}

static void test_load_swiss_french_english(void **state)
{
    (void)state;
    const char *ch[] = {"date=Datum", "killed=Tote", "injured=Verletzte"};
    incstat_table *t = load(NUM_DIR "ch_swiss.csv", ch, 3, 0);
    /* 1'234 + 12 + 3'456 (U+2019) */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 1234 + 12 + 3456, 0);
    /* 2'500.5 + 3.5 + 1'000 */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 2500.5 + 3.5 + 1000, 0);
    assert_int_equal(column(t, "Verletzte")->number.format.decimal, '.');
    incstat_table_free(t);

    const char *fr[] = {"date=Date", "killed=Tués", "injured=Blessés"};
    t = load(NUM_DIR "fr.csv", fr, 3, 0);
    /* 1 234 (U+00A0) + 2 500 (U+202F) + 1 600 (space) + 7 */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 1234 + 2500 + 1600 + 7, 0);
    /* 1 234,5 + 3,5 + 7 + 2 000,25 */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 1234.5 + 3.5 + 7 + 2000.25, 0);
    const incstat_column_report *c = column(t, "Blessés");
    assert_int_equal(c->fractions, 1); /* 2 000,25 */
    assert_int_equal(c->first_fraction_line, 5);
    assert_true(column(t, "Tués")->number.format.group & INCSTAT_GROUP_SPACE);
    incstat_table_free(t);

    const char *en[] = {"date=date", "killed=killed", "injured=injured"};
    t = load(NUM_DIR "en.csv", en, 3, 0);
    /* "1,234" + 12 + "3,456" */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 1234 + 12 + 3456, 0);
    /* "1,234.5" + 3 + "2,000" */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 1234.5 + 3 + 2000, 0);
    c = column(t, "killed");
    /* "1,234" would be 1.234 killed with a decimal comma */
    assert_int_equal(c->number.source, INCSTAT_NUMFMT_COUNTS);
    assert_int_equal(c->ambiguous, 2);
    incstat_table_free(t);
}

/* A 'sep=;' incident list whose injured column writes English thousands
 * ("1,240"): the count evidence outweighs the ';' prior, and no count is
 * reported as a fraction. */
static void test_load_semicolon_thousands(void **state)
{
    (void)state;
    incstat_table *t = load(NUM_DIR "semicolon_thousands.csv", NULL, 0, 0);
    const incstat_load_report *r = incstat_table_report(t);
    assert_int_equal(r->number_prior, ',');
    /* 2006: 1,240 + 12 + 2,310 + 0 + 1,105; 2007: 7 + 1,500 + 1,000 + 3,482 */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 4667 + 5989, 0);
    /* 18 + 3 + 2 + 1 + 82 + 5 + 4 + 6 + 9: the killed column has no mark */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 130, 0);
    const incstat_column_report *c = column(t, "injured");
    assert_int_equal(c->number.source, INCSTAT_NUMFMT_COUNTS);
    assert_int_equal(c->number.format.decimal, '.');
    /* 1.24, 2.31, 1.105, 3.482 with a comma; 1,500 and 1,000 are no evidence */
    assert_int_equal(c->number.evidence.count_fraction_comma, 4);
    assert_int_equal(c->number.evidence.count_fraction_dot, 0);
    assert_int_equal(c->ambiguous, 6);
    assert_int_equal(c->fractions, 0);
    assert_int_equal(column(t, "killed")->number.source, INCSTAT_NUMFMT_PLAIN);
    incstat_table_free(t);

    /* --decimal , reads them as the prior would, and the fractions are reported */
    t = load(NUM_DIR "semicolon_thousands.csv", NULL, 0, ',');
    c = column(t, "injured");
    assert_int_equal(c->fractions, 4);
    assert_string_equal(c->first_fraction, "1,240");
    incstat_table_free(t);
}

static void test_load_ambiguous_and_mixed(void **state)
{
    (void)state;
    const char *map[] = {"year=Year", "killed=Killed"};
    incstat_table *t = load(NUM_DIR "semicolon_ambiguous.csv", map, 2, 0);
    /* 1600 + 2914 + 1050 + 3200 + 1001 + 2500 + 4750 + 1200 + 6300 + 1999 + 2020 + 5005 */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 33539, 0);
    const incstat_column_report *c = column(t, "Killed");
    assert_int_equal(c->ambiguous, 12);
    assert_string_equal(c->first_ambiguous, "1.600");
    assert_close(c->first_ambiguous_value, 1600, 0);
    incstat_table_free(t);

    const char *mm[] = {"date=Date", "killed=Killed", "injured=Injured"};
    t = load(NUM_DIR "mixed_marks.csv", mm, 3, 0);
    /* 2,5 + 1.200 + 3 + 1.050 */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 2.5 + 1200 + 3 + 1050, 0);
    /* 1.200 + 3 + 4,5 + 1.300,5 */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 1200 + 3 + 4.5 + 1300.5, 0);
    assert_int_equal(column(t, "Killed")->ambiguous, 0); /* "2,5" decided */
    incstat_table_free(t);

    const char *qc[] = {"date=date", "killed=killed", "injured=injured", "latitude=latitude"};
    t = load(NUM_DIR "quoted_comma.csv", qc, 4, 0);
    /* "2,5" + 3 + "1,5" in a ',' file */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 2.5 + 3 + 1.5, 0);
    /* "1.5" not understood in a decimal-comma column; "2,5" + "3,5" */
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 2.5 + 3.5, 0);
    c = column(t, "injured");
    assert_int_equal(c->number.source, INCSTAT_NUMFMT_MIXED);
    assert_int_equal(c->unparsed, 1);
    /* each column decides for itself: the latitude keeps its point */
    assert_close(col_sum(t, INCSTAT_NUM_LATITUDE), 33.7181 + 34.0151 + 33.6844, 1e-12);
    incstat_table_free(t);
}

static void test_load_odd_counts(void **state)
{
    (void)state;
    const char *map[] = {"date=date", "killed=killed"};
    incstat_table *t = load(NUM_DIR "odd_counts.csv", map, 2, 0);
    /* 3+4+2+5+3+2914000+4+2.3+2.5: "1e9" and "0x10" are not counted */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 2914025.8, 1e-12);
    const incstat_column_report *c = column(t, "killed");
    assert_int_equal(c->unparsed, 2);
    assert_string_equal(c->first_unparsed, "1e9");
    assert_int_equal(c->fractions, 1); /* 2.3; 2.5 is a half */
    assert_int_equal(c->first_fraction_line, 11);
    /* median of the positive sampled values 2 2.3 2.5 3 3 4 4 5 2914000: 3 */
    assert_close(c->median, 3, 0);
    assert_close(c->max, 2914000, 0);
    assert_close(c->second_max, 5, 0);
    assert_int_equal(c->max_line, 7);
    assert_int_equal(c->outlier, 1);
    incstat_table_free(t);

    /* the shipped PBC file: no outlier, no fraction but the halves */
    t = load("datasets/pbc_suicide_attacks_ver11_2017-11-30.csv", NULL, 0, 0);
    c = column(t, "Killed Max");
    assert_int_equal(c->outlier, 0);
    assert_int_equal(c->fractions, 0);
    incstat_table_free(t);
}

/* A ';' file of n rows ("1.600"-style killed) written to a temporary file. */
static char *write_big(size_t n)
{
    char *path = strdup("/tmp/incstat_numfmt_XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "date;killed\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "2013-01-%02zu;%zu.%03zu\n", i % 28 + 1, i % 7 + 1, i % 1000);
    fclose(f);
    return path;
}

/* A parallel load reads every chunk with the decision made once, and its
 * report counts as the one-pass load's does. */
static void test_parallel_same(void **state)
{
    (void)state;
    char *path = write_big(60000);
    const char *map[] = {"date=date", "killed=killed"};
    incstat_load_options o = {0};
    o.map = map;
    o.n_map = 2;
    incstat_table *one = NULL, *par = NULL;
    assert_int_equal(incstat_load_path(path, &o, &one, NULL), INCSTAT_OK);
    o.threads = 2;
    o.parallel_min_bytes = 1;
    assert_int_equal(incstat_load_path(path, &o, &par, NULL), INCSTAT_OK);
    assert_true(incstat_table_report(par)->chunks > 1);
    assert_close(col_sum(par, INCSTAT_NUM_KILLED_BEST), col_sum(one, INCSTAT_NUM_KILLED_BEST), 0);
    const incstat_column_report *a = column(one, "killed"), *b = column(par, "killed");
    /* every value ("1.000" to "7.999") has three digits after its point: all
     * 60,000 are read as thousands (a point would make most of them
     * fractions, and the ';' prior agrees), and counted */
    assert_int_equal(a->ambiguous, 60000);
    assert_int_equal(b->ambiguous, a->ambiguous);
    assert_int_equal(b->first_ambiguous_line, a->first_ambiguous_line);
    assert_close(b->max, a->max, 0);
    assert_int_equal(b->max_line, a->max_line);
    assert_int_equal(b->outlier, a->outlier);
    incstat_table_free(one);
    incstat_table_free(par);
    unlink(path);
    free(path);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    const char *map[] = {"date=Datum", "killed=Tote", "injured=Verletzte"};
    incstat_load_options o = {0};
    o.map = map;
    o.n_map = 3;
    check_load_alloc_failures(NUM_DIR "de_excel.csv", &o, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evidence_shapes),
        cmocka_unit_test(test_count_evidence),
        cmocka_unit_test(test_ambiguous_cell),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_parse_formats),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_load_german),
        cmocka_unit_test(test_load_issue_example),
        cmocka_unit_test(test_load_swiss_french_english),
        cmocka_unit_test(test_load_semicolon_thousands),
        cmocka_unit_test(test_load_ambiguous_and_mixed),
        cmocka_unit_test(test_load_odd_counts),
        cmocka_unit_test(test_parallel_same),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
