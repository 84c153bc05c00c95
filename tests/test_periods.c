/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_periods.c: what a row is, as a property over generated tables
 * (issue 21).  Each round writes a table of periods from a seeded generator:
 * entities named by numeric codes (COW-like), ISO-like letters, or names,
 * or no entity at all; rows per year, or per month as year and month
 * columns or as "YYYY-M"; some periods left out; with or without a column
 * that counts incidents; deaths in one column or split by victim with no
 * total.  Loaded with no options, the table must be found to be one of
 * periods, and its yearly summary must hold:
 *   - incidents unknown unless a column counts them, then their sum;
 *   - a year with no row at all unknown, never 0;
 *   - killed the sum of the rows (of the parts, for a split);
 *   - a year of a monthly table that lacks months: its months counted as
 *     missing, and no rank.
 * A last round repeats a row and checks it is reported and not counted. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "incstat.h"

#define YEARS 8
#define MAXENT 12

typedef struct {
    int entity_kind; /* 0 none, 1 codes, 2 letters, 3 names */
    int monthly;     /* 0 yearly, 1 year+month columns, 2 "YYYY-M", 3 year+quarter
                        columns, 4 "YYYY-Qn" */
    int counts;      /* a column of incidents */
    int split;       /* deaths split by victim */
    int nent;
    /* reference: per year */
    double killed[YEARS];
    double incidents[YEARS];
    int rows[YEARS];   /* rows in the year */
    unsigned months[YEARS]; /* bit m: some entity has a row for month m */
} table_ref;

static unsigned rng(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7FFF;
}

static void entity_name(const table_ref *t, int e, char *buf, size_t cap)
{
    static const char *const NAMES[] = {"Punjab", "Sindh", "Balochistan", "Khyber", "Kashmir",
                                        "Manipur", "Assam", "Bihar", "Kerala", "Goa",
                                        "Nagaland", "Tripura"};
    if (t->entity_kind == 1)
        snprintf(buf, cap, "%d", 2 + 37 * e);
    else if (t->entity_kind == 2)
        snprintf(buf, cap, "%c%c%c", 'A' + e, 'B' + (e * 3) % 20, 'K');
    else
        snprintf(buf, cap, "%s", NAMES[e]);
}

/* Write a table; fill the reference.  Returns the path (static buffer). */
static const char *write_table(unsigned seed, table_ref *t, int repeat_row)
{
    static char path[64];
    unsigned s = seed;
    memset(t, 0, sizeof *t);
    t->entity_kind = (int)(rng(&s) % 4);
    t->monthly = (int)(rng(&s) % 5);
    t->counts = (int)(rng(&s) % 2);
    t->split = (int)(rng(&s) % 2);
    t->nent = t->entity_kind ? 2 + (int)(rng(&s) % (MAXENT - 2)) : 1;
    snprintf(path, sizeof path, "/tmp/incstat_periods_%d_%u.csv", (int)getpid(), seed);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    if (t->entity_kind)
        fprintf(f, "%s,", t->entity_kind == 1 ? "ccode" : t->entity_kind == 2 ? "iso3" : "state");
    static const char *const PERIOD[] = {"year", "year,month", "period", "year,quarter", "period"};
    fprintf(f, "%s", PERIOD[t->monthly]);
    if (t->counts)
        fprintf(f, ",events");
    fprintf(f, "%s\n", t->split ? ",Civilians,Security,Militants" : ",deaths");
    int gap = 1 + (int)(rng(&s) % (YEARS - 2)); /* a year no entity has */
    char first[256] = "";
    for (int e = 0; e < t->nent; e++) {
        char name[32];
        entity_name(t, e, name, sizeof name);
        for (int y = 0; y < YEARS; y++) {
            if (y == gap)
                continue;
            int nsub = t->monthly >= 3 ? 4 : t->monthly ? 12 : 1;
            for (int m = 1; m <= nsub; m++) {
                /* some periods of some entities have no row (not the first
                 * entity's, so each kept year has rows) */
                if (e > 0 && rng(&s) % 7 == 0)
                    continue;
                /* the first entity lacks two months (a quarter) of one year */
                if (t->monthly && e == 0 && y == 2 &&
                    (m == (t->monthly >= 3 ? 2 : 5) || m == (t->monthly >= 3 ? 2 : 9)))
                    continue;
                char line[256];
                int len = 0;
                if (t->entity_kind)
                    len += snprintf(line + len, sizeof line - len, "%s,", name);
                if (t->monthly == 2)
                    len += snprintf(line + len, sizeof line - len, "%d-%d", 2000 + y, m);
                else if (t->monthly == 4)
                    len += snprintf(line + len, sizeof line - len, "%d-Q%d", 2000 + y, m);
                else if (t->monthly == 1 || t->monthly == 3)
                    len += snprintf(line + len, sizeof line - len, "%d,%d", 2000 + y, m);
                else
                    len += snprintf(line + len, sizeof line - len, "%d", 2000 + y);
                int ev = 1 + (int)(rng(&s) % 40);
                if (t->counts)
                    len += snprintf(line + len, sizeof line - len, ",%d", ev);
                int k[3] = {(int)(rng(&s) % 90), (int)(rng(&s) % 30), (int)(rng(&s) % 60)};
                if (t->split)
                    len += snprintf(line + len, sizeof line - len, ",%d,%d,%d", k[0], k[1], k[2]);
                else
                    len += snprintf(line + len, sizeof line - len, ",%d", k[0] + k[1] + k[2]);
                fprintf(f, "%s\n", line);
                if (!first[0])
                    snprintf(first, sizeof first, "%s", line);
                t->killed[y] += k[0] + k[1] + k[2];
                t->incidents[y] += ev;
                t->rows[y]++;
                t->months[y] |= 1u << (t->monthly >= 3 ? 3 * m - 2 : m); /* a quarter: its first month */
            }
        }
    }
    if (repeat_row) /* the first row again, other figures: reported, not counted */
        fprintf(f, "%s9\n", first);
    fclose(f);
    t->rows[gap] = 0;
    return path;
}

static void check_round(unsigned seed)
{
    table_ref t;
    const char *path = write_table(seed, &t, 0);
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(path, NULL, &ld, &err) != INCSTAT_OK)
        fail_msg("seed %u: %s", seed, err.message);
    incstat_summary *s;
    if (incstat_summary_from_loader(ld, NULL, NULL, &s, &err) != INCSTAT_OK)
        fail_msg("seed %u: %s", seed, err.message);
    const incstat_load_report *rep = incstat_loader_report(ld);
    if (!rep->rows_periods)
        fail_msg("seed %u (entity %d, monthly %d): not a table of periods: %s", seed,
                 t.entity_kind, t.monthly, rep->rows_evidence);
    assert_int_equal(rep->period_months, t.monthly == 1 || t.monthly == 2);
    assert_int_equal(rep->period_quarters, t.monthly >= 3);
    assert_int_equal(rep->rows_skipped, 0);
    assert_int_equal(incstat_summary_rows(s), YEARS);
    for (int y = 0; y < YEARS; y++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, (size_t)y);
        assert_int_equal(r->year, 2000 + y);
        if (t.rows[y] == 0) { /* no row: unknown, never 0 */
            assert_true(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
            assert_nan(r->killed);
            assert_int_equal(r->killed_rank, 0);
            continue;
        }
        if (!(fabs(r->killed - t.killed[y]) < 1e-9))
            fail_msg("seed %u year %d: killed %.17g, reference %.17g", seed, 2000 + y, r->killed,
                     t.killed[y]);
        /* months with no row at all: the first entity lacks two in one year,
         * the others may have them */
        unsigned all = t.monthly >= 3 ? 0x492u : 0x1FFEu;
        int lacks = t.monthly && t.months[y] != all;
        if (lacks)
            assert_int_equal(r->months_missing, (unsigned)__builtin_popcount(all) -
                                                    (unsigned)__builtin_popcount(t.months[y]));
        if (!t.counts || lacks) {
            assert_true(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
        } else {
            assert_false(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
            assert_int_equal(r->incidents, (uint64_t)t.incidents[y]);
        }
        if (t.monthly && !lacks)
            assert_int_equal(r->months_missing, 0);
        if (t.monthly && r->months_missing)
            assert_int_equal(r->killed_rank, 0);
    }
    incstat_summary_free(s);
    incstat_loader_free(ld);
    remove(path);
}

static void test_generated_tables(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 120; seed++)
        check_round(seed);
}

/* A repeated (entity, period): skipped, reported with the line it repeats,
 * and the summary holds the first row's figures. */
static void test_repeated_period(void **state)
{
    (void)state;
    for (unsigned seed = 200; seed < 230; seed++) {
        table_ref t;
        const char *path = write_table(seed, &t, 1);
        incstat_loader *ld;
        incstat_error err;
        assert_int_equal(incstat_loader_open(path, NULL, &ld, &err), INCSTAT_OK);
        incstat_summary *s;
        assert_int_equal(incstat_summary_from_loader(ld, NULL, NULL, &s, &err), INCSTAT_OK);
        const incstat_load_report *rep = incstat_loader_report(ld);
        assert_true(rep->rows_periods);
        assert_int_equal(rep->skipped[INCSTAT_SKIP_REPEATED_PERIOD], 1);
        assert_int_equal(rep->repeated_first_lines[0], 2);
        assert_int_equal(rep->repeated_differ, 1);
        const incstat_summary_row *r = incstat_summary_row_at(s, 0);
        assert_close(r->killed, t.killed[0], 0);
        incstat_summary_free(s);
        incstat_loader_free(ld);
        remove(path);
    }
}

/* By month, an incident dated to the year alone (GTD's imonth 0) is in a
 * row of its own, "2013-??", never in January, and in the total; by year it
 * is in its year. */
static void test_year_alone_by_month(void **state)
{
    (void)state;
    const char *path = TEST_DATA_DIR "/shapes/gtd_date_parts.csv";
    incstat_summary_options so = {0};
    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_MONTH;
    for (int by_year = 0; by_year < 2; by_year++) {
        incstat_loader *ld;
        incstat_error err;
        assert_int_equal(incstat_loader_open(path, NULL, &ld, &err), INCSTAT_OK);
        incstat_summary *s;
        assert_int_equal(incstat_summary_from_loader(ld, by_year ? NULL : &so, NULL, &s, &err),
                         INCSTAT_OK);
        const incstat_summary *u = incstat_summary_unknown_months(s);
        incstat_summary_row t;
        assert_int_equal(incstat_summary_total(s, &t, &err), INCSTAT_OK);
        assert_int_equal(t.incidents, 6);
        assert_close(t.killed, 16, 0);
        if (by_year) {
            assert_null(u);
        } else {
            assert_non_null(u);
            assert_int_equal(incstat_summary_rows(u), 1);
            const incstat_summary_row *r = incstat_summary_row_at(u, 0);
            assert_string_equal(r->key[0], "2013-??");
            assert_int_equal(r->incidents, 1);
            assert_close(r->killed, 1, 0);
            assert_int_equal(r->killed_rank, 0);
            /* January holds the two incidents of January only */
            const incstat_summary_row *jan = incstat_summary_row_at(s, 0);
            assert_string_equal(jan->key[0], "2013-01");
            assert_int_equal(jan->incidents, 2);
        }
        incstat_summary_free(s);
        incstat_loader_free(ld);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_tables),
        cmocka_unit_test(test_repeated_period),
        cmocka_unit_test(test_year_alone_by_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
