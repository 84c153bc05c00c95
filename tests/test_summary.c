/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_summary.c: series kernels, filters and summaries, checked
 * against independent references computed in R (tests/reference/, see its
 * README for the scripts) and hand-worked cases. */
#include "helpers.h"
#include <stdlib.h>
#include "incstat.h"
#include "core/internal.h"

#define PBC "datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"
#define UCDP TEST_DATA_DIR "/published/owid_ucdp_ged191_conflict_deaths_by_country_2019.csv"
#define REF "tests/reference/"

/* ---- a tiny CSV reader for the reference files ------------------------ */

typedef struct {
    char cells[64][24][48];
    size_t rows, cols;
    char head[24][48];
} ref_table;

static void read_ref(const char *path, ref_table *t)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    if (!f)
        fail_msg("cannot open %s", path);
    memset(t, 0, sizeof *t);
    int header = 1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        size_t c = 0;
        for (;;) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            if (header)
                snprintf(t->head[c], sizeof t->head[c], "%.47s", p);
            else
                snprintf(t->cells[t->rows][c], sizeof t->cells[0][0], "%.47s", p);
            c++;
            if (!comma)
                break;
            p = comma + 1;
        }
        if (header) {
            t->cols = c;
            header = 0;
        } else {
            t->rows++;
        }
    }
    fclose(f);
}

static size_t ref_col(const ref_table *t, const char *name)
{
    for (size_t c = 0; c < t->cols; c++)
        if (strcmp(t->head[c], name) == 0)
            return c;
    fail_msg("reference has no column %s", name);
    return 0;
}

static double ref_num(const ref_table *t, size_t r, const char *name)
{
    const char *s = t->cells[r][ref_col(t, name)];
    return *s ? strtod(s, NULL) : NAN;
}

/* ---- kernels ---------------------------------------------------------- */

static void test_series_kernels(void **state)
{
    (void)state;
    /* hand-worked: ties share the smallest rank (1, 2, 2, 4) */
    const double x[] = {5, 9, 7, 7, NAN, 0, 3};
    uint64_t rank[7];
    incstat_series_rank(x, 7, rank, NULL);
    const uint64_t want_rank[] = {4, 1, 2, 2, 0, 6, 5};
    for (int i = 0; i < 7; i++)
        assert_int_equal(rank[i], want_rank[i]);
    /* the same through a workspace, and a long series (the three paths agree) */
    double rw[7];
    incstat_series_rank(x, 7, rank, rw);
    for (int i = 0; i < 7; i++)
        assert_int_equal(rank[i], want_rank[i]);
    enum { LONG = 6000 };
    static double lx[LONG], lw[LONG];
    static uint64_t r1[LONG], r2[LONG];
    for (int i = 0; i < LONG; i++)
        lx[i] = i % 7 == 0 ? NAN : (double)((i * 7919) % 1000);
    incstat_series_rank(lx, LONG, r1, NULL);
    incstat_series_rank(lx, LONG, r2, lw);
    for (int i = 0; i < LONG; i++)
        assert_int_equal(r1[i], r2[i]);
    double d[7], p[7];
    incstat_series_change(x, 7, d, p);
    assert_nan(d[0]);
    assert_close(d[1], 4, 0);
    assert_close(p[1], 80, 1e-12);
    assert_close(d[3], 0, 0);
    assert_nan(d[4]);     /* this one missing */
    assert_nan(d[5]);     /* the previous missing */
    assert_close(d[6], 3, 0);
    assert_nan(p[6]);     /* previous is zero */
    long since[7], since2[7];
    size_t work[7];
    incstat_series_highest_since(x, 7, since, work);
    incstat_series_highest_since(x, 7, since2, NULL);
    const long want_since[] = {-1, -1, 1, 2, -1, 3, 3};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(since[i], want_since[i]);
        assert_int_equal(since2[i], want_since[i]);
    }
}

/* ---- PBC against R ---------------------------------------------------- */

static incstat_summary *summarise(const char *path, const incstat_load_options *lo,
                                  const incstat_summary_options *so, const char *const *where,
                                  size_t nwhere, const char *from, const char *to)
{
    incstat_loader *ld;
    incstat_filter *f;
    incstat_summary *s = NULL;
    incstat_error err;
    if (incstat_loader_open(path, lo, &ld, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    for (size_t i = 0; i < nwhere; i++)
        assert_int_equal(incstat_filter_add_where(f, where[i], &err), INCSTAT_OK);
    if (from)
        assert_int_equal(incstat_filter_from(f, from, &err), INCSTAT_OK);
    if (to)
        assert_int_equal(incstat_filter_to(f, to, &err), INCSTAT_OK);
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    if (incstat_filter_bind(f, kept, nk, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    if (incstat_summary_from_loader(ld, so, f, &s, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    incstat_filter_free(f);
    incstat_loader_free(ld);
    return s;
}

static void test_pbc_against_r(void **state)
{
    (void)state;
    static ref_table ref;
    read_ref(REF "pbc_v11_yearly.csv", &ref);
    incstat_summary_options so = {0};
    incstat_summary *s = summarise(PBC, NULL, &so, NULL, 0, NULL, NULL);
    /* 1995..2017 with empty years filled by zeros, as in the reference */
    assert_int_equal(incstat_summary_rows(s), ref.rows);
    for (size_t i = 0; i < ref.rows; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        assert_int_equal(r->year, (int)ref_num(&ref, i, "year"));
        assert_int_equal(r->incidents, (uint64_t)ref_num(&ref, i, "incidents"));
        assert_close(r->killed, ref_num(&ref, i, "killed_best_sum"), 1e-12);
        assert_close(r->killed_low, ref_num(&ref, i, "killed_min_sum"), 1e-12);
        assert_close(r->killed_high, ref_num(&ref, i, "killed_max_sum"), 1e-12);
        assert_close(r->injured, ref_num(&ref, i, "injured_best_sum"), 1e-12);
        assert_close(r->injured_high, ref_num(&ref, i, "injured_max_sum_openended_as_unknown"),
                     1e-12);
        assert_int_equal(r->killed_missing, (uint64_t)ref_num(&ref, i, "killed_unknown"));
        /* the incidents each sum leaves out: a high sum misses the open-ended */
        assert_close(r->injured_low, ref_num(&ref, i, "injured_min_sum"), 1e-12);
        assert_int_equal(r->killed_low_missing, (uint64_t)ref_num(&ref, i, "killed_min_unknown"));
        assert_int_equal(r->killed_high_missing, (uint64_t)ref_num(&ref, i, "killed_max_unknown"));
        assert_int_equal(r->injured_low_missing,
                         (uint64_t)ref_num(&ref, i, "injured_min_unknown"));
        assert_int_equal(r->injured_high_missing,
                         (uint64_t)ref_num(&ref, i, "injured_max_unknown_openended"));
        assert_int_equal(r->injured_missing, (uint64_t)ref_num(&ref, i, "injured_unknown"));
    }
    /* the data ends on 2017-11-25: 2017 is partial, nothing else */
    assert_int_equal(incstat_summary_row_at(s, ref.rows - 1)->partial, 1);
    assert_int_equal(incstat_summary_row_at(s, ref.rows - 2)->partial, 0);
    incstat_summary_free(s);
}

static void test_pbc_publisher_totals(void **state)
{
    (void)state;
    /* "475 suicide bombing attacks in Pakistan that killed an estimated 6,982
     * and injured 17,624 people" (publisher, 1995-2016): the Max columns */
    incstat_summary_options so = {0};
    so.estimate = INCSTAT_ESTIMATE_HIGH;
    incstat_summary *s = summarise(PBC, NULL, &so, NULL, 0, NULL, "2016");
    uint64_t inc = 0;
    double killed = 0, injured = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        assert_true(r->year <= 2016);
        inc += r->incidents;
        killed += r->killed;
        injured += r->injured;
    }
    /* --to 2016 drops the 2017 rows, but the data reach 2017: 2016 is whole */
    assert_int_equal(incstat_summary_row_at(s, incstat_summary_rows(s) - 1)->partial, 0);
    assert_int_equal(inc, 475);
    assert_close(killed, 6982, 0);
    assert_close(injured, 17624, 0);
    incstat_summary_free(s);
}

static void test_pbc_headline(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    incstat_summary *s = summarise(PBC, NULL, &so, NULL, 0, NULL, NULL);
    char buf[1024];
    incstat_error err;
    /* latest year: partial (the data stop 37 days before its end, the usual
     * gap is 30 days), so it is set against 2016 to 25 November (343.5
     * killed: the attack of 26 November 2016 is after the span), not the
     * whole of 2016 (345.5); best = midpoints, rounded in prose; a part year
     * is not ranked */
    assert_int_equal(incstat_summary_headline(s, 0, "suicide attacks", buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "1 January to 25 November 2017: about 278 people were killed in 21 "
                             "suicide attacks. In the same span of 2016, about 344 were killed "
                             "in 15 suicide attacks. That is 66 fewer (19.2%).");
    const char *unit;
    assert_close(incstat_summary_usual_gap(s, &unit), 30, 0);
    assert_string_equal(unit, "days");
    /* whole years are ranked among the 22 whole ones */
    assert_int_equal(incstat_summary_headline(s, 2010, NULL, buf, sizeof buf, &err), 0);
    assert_non_null(strstr(buf, "deadliest year of the 22 on record (1995 to 2016)"));
    assert_non_null(strstr(buf, "The death toll of 2 incidents is unknown."));
    assert_int_equal(incstat_summary_headline(s, 2000, "attacks", buf, sizeof buf, &err), 0);
    assert_non_null(strstr(buf, "3 people were killed in 1 attack."));
    incstat_summary_free(s);
}

/* ---- a publisher's own series ----------------------------------------- */

static void test_ucdp_series_against_r(void **state)
{
    (void)state;
    static ref_table ref;
    read_ref(REF "ucdp_pakistan_yearly.csv", &ref);
    const char *map[] = {"year=Year",
                         "killed=Violent deaths in conflicts and one-sided violence (UCDP 2019)",
                         "country=Entity"};
    incstat_load_options lo = {0};
    lo.map = map;
    lo.n_map = 3;
    lo.preset = "none";
    const char *where[] = {"country=Pakistan"};
    incstat_summary_options so = {0};
    incstat_summary *s = summarise(UCDP, &lo, &so, where, 1, NULL, NULL);
    assert_int_equal(incstat_summary_rows(s), ref.rows);
    for (size_t i = 0; i < ref.rows; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        assert_int_equal(r->year, (int)ref_num(&ref, i, "year"));
        assert_close(r->killed, ref_num(&ref, i, "killed"), 0);
        assert_close(r->killed_yoy, ref_num(&ref, i, "change"), 1e-12);
        assert_close(r->killed_yoy_pct, ref_num(&ref, i, "yoy_pct"), 1e-12);
        assert_int_equal(r->killed_rank, (uint64_t)ref_num(&ref, i, "rank"));
        double hs = ref_num(&ref, i, "highest_since");
        if (isnan(hs))
            assert_null(r->highest_since);
        else
            assert_int_equal(atoi(r->highest_since), (int)hs);
        assert_int_equal(r->partial, 0); /* year-only dates: no partial flag */
    }
    /* the headline reads off the same table */
    char buf[1024];
    incstat_error err;
    assert_int_equal(incstat_summary_headline(s, 2014, "events", buf, sizeof buf, &err), 0);
    assert_non_null(strstr(buf, "In 2014, 3,614 people were killed"));
    assert_non_null(strstr(buf, "712 more (24.5%) than in 2013"));
    assert_non_null(strstr(buf, "ranks 4 of 30"));
    assert_non_null(strstr(buf, "deadliest year since 2010"));
    assert_int_equal(incstat_summary_headline(s, 1950, NULL, buf, sizeof buf, &err), INCSTAT_EINVAL);
    incstat_summary_free(s);
}

/* ---- gaps, filters, keys ---------------------------------------------- */

static void test_gtd_gap_and_range(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    incstat_summary *s = summarise(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &so, NULL, 0,
                                   NULL, NULL);
    /* 1992, 1993 (not covered by GTD), 1994, 1995 */
    assert_int_equal(incstat_summary_rows(s), 4);
    const incstat_summary_row *r93 = incstat_summary_row_at(s, 1);
    assert_int_equal(r93->year, 1993);
    assert_int_equal(r93->missing, 1);
    assert_nan(r93->killed);
    assert_int_equal(r93->killed_rank, 0);
    const incstat_summary_row *r94 = incstat_summary_row_at(s, 2);
    assert_nan(r94->killed_yoy); /* the year before is missing, not zero */
    assert_close(r94->killed, 7, 0);
    assert_int_equal(r94->killed_missing, 1);
    incstat_summary_free(s);

    /* a --gap and a widened range */
    so.gaps[0] = 1995;
    so.n_gaps = 1;
    so.from_year = 1990;
    s = summarise(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &so, NULL, 0, "1990", NULL);
    assert_int_equal(incstat_summary_rows(s), 6);
    assert_int_equal(incstat_summary_row_at(s, 0)->year, 1990);
    assert_int_equal(incstat_summary_row_at(s, 0)->incidents, 0);
    assert_int_equal(incstat_summary_row_at(s, 0)->missing, 0);
    assert_int_equal(incstat_summary_row_at(s, 5)->missing, 1);
    incstat_summary_free(s);
}

static void test_filters(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    /* Province values of one field ORed: Sindh or Punjab */
    const char *w1[] = {"admin1=Sindh", "admin1=Punjab"};
    incstat_summary *s = summarise(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &so, w1, 2, NULL, NULL);
    uint64_t n = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++)
        n += incstat_summary_row_at(s, i)->incidents;
    assert_int_equal(n, 2);
    incstat_summary_free(s);
    /* substring, case-insensitive, ANDed with another field */
    const char *w2[] = {"admin1=~khyber", "city=Bannu"};
    s = summarise(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &so, w2, 2, NULL, NULL);
    assert_int_equal(incstat_summary_rows(s), 1);
    assert_int_equal(incstat_summary_row_at(s, 0)->incidents, 1);
    assert_close(incstat_summary_row_at(s, 0)->killed, 7, 0);
    incstat_summary_free(s);
    /* a date range: 1992-06 .. 1994-03-04 keeps the December 1992 (month
     * precision), the 1994 year-only and the 1994-03-04 incidents */
    s = summarise(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &so, NULL, 0, "1992-06", "1994-03-04");
    n = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++)
        n += incstat_summary_row_at(s, i)->incidents;
    assert_int_equal(n, 3);
    incstat_summary_free(s);
}

static void test_filter_errors(void **state)
{
    (void)state;
    incstat_filter *f;
    incstat_error err;
    assert_int_equal(incstat_filter_new(&f, &err), 0);
    assert_int_equal(incstat_filter_add_where(f, "admin1", &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_filter_from(f, "soon", &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "--from"));
    assert_int_equal(incstat_filter_add_where(f, "admn1=Sindh", &err), 0);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_ENOCOLUMN);
    assert_non_null(strstr(err.message, "did you mean \"admin1\""));
    incstat_filter_free(f);
    /* the options at once: a bad condition or date fails whole, *out NULL */
    const char *conds[] = {"admin1=Sindh", "city"};
    assert_int_equal(incstat_filter_new_from(conds, 2, NULL, NULL, &f, &err), INCSTAT_EINVAL);
    assert_null(f);
    assert_int_equal(incstat_filter_new_from(conds, 1, "2001", "later", &f, &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "later"));
    assert_int_equal(incstat_filter_new_from(conds, 1, "2001", "2003", &f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_OK);
    incstat_filter_free(f);
}

static void test_by_keys(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    so.n_by = 2;
    so.by[0].kind = INCSTAT_BY_YEAR;
    so.by[1].kind = INCSTAT_BY_TEXT;
    so.by[1].column = "admin1";
    incstat_summary *s = summarise(TEST_DATA_DIR "/load/acled_sample.csv", NULL, &so, NULL, 0,
                                   NULL, NULL);
    /* years 2022-2023 x 3 provinces, every combination present */
    assert_int_equal(incstat_summary_rows(s), 6);
    assert_string_equal(incstat_summary_key_name(s, 1), "admin1");
    const incstat_summary_row *r = incstat_summary_row_at(s, 0);
    assert_string_equal(r->key[0], "2022");
    assert_string_equal(r->key[1], "Balochistan");
    assert_int_equal(r->incidents, 0);
    /* Punjab 2022 -> 2023: 0 killed both years, but the data stop in
     * February 2023: a part year, not compared with 2022 */
    r = incstat_summary_row_at(s, 5);
    assert_string_equal(r->key[1], "Punjab");
    assert_int_equal(r->partial, 1);
    assert_true(isnan(r->killed_yoy));
    assert_int_equal(r->killed_rank, 0);
    r = incstat_summary_row_at(s, 2);
    assert_string_equal(r->key[1], "Punjab");
    assert_int_equal(r->killed_rank, 1);
    incstat_summary_free(s);

    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_MONTH;
    s = summarise(TEST_DATA_DIR "/load/acled_sample.csv", NULL, &so, NULL, 0, NULL, NULL);
    assert_int_equal(incstat_summary_rows(s), 3); /* 2022-12, 2023-01, 2023-02 */
    assert_string_equal(incstat_summary_row_at(s, 0)->key[0], "2022-12");
    assert_string_equal(incstat_summary_row_at(s, 2)->key[0], "2023-02");
    assert_int_equal(incstat_summary_row_at(s, 2)->partial, 1); /* ends 12 Feb */
    incstat_summary_free(s);

    so.by[0].kind = INCSTAT_BY_QUARTER;
    s = summarise(TEST_DATA_DIR "/load/acled_sample.csv", NULL, &so, NULL, 0, NULL, NULL);
    assert_int_equal(incstat_summary_rows(s), 2);
    assert_string_equal(incstat_summary_row_at(s, 0)->key[0], "2022-Q4");
    assert_string_equal(incstat_summary_row_at(s, 1)->key[0], "2023-Q1");
    incstat_summary_free(s);

    /* unknown column, two time keys */
    incstat_error err;
    so.by[0].kind = INCSTAT_BY_TEXT;
    so.by[0].column = "admn1";
    assert_int_equal(incstat_summary_new(&so, NULL, 0, &s, &err), INCSTAT_ENOCOLUMN);
    assert_non_null(strstr(err.message, "admin1"));
    so.n_by = 2;
    so.by[0].kind = INCSTAT_BY_YEAR;
    so.by[1].kind = INCSTAT_BY_MONTH;
    assert_int_equal(incstat_summary_new(&so, NULL, 0, &s, &err), INCSTAT_EINVAL);
    assert_null(s);
}

static void test_write_formats(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    incstat_summary *s = summarise(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &so, NULL, 0,
                                   NULL, NULL);
    char *buf = NULL;
    size_t len = 0;
    incstat_error err;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(incstat_summary_write(s, INCSTAT_FORMAT_CSV, f, &err), 0);
    fclose(f);
    const char *want_head =
        "year,incidents,killed,injured,killed_low,killed_high,injured_low,injured_high,"
        "killed_missing,killed_yoy,killed_yoy_pct,incidents_yoy_pct,killed_rank,highest_since,";
    assert_int_equal(strncmp(buf, want_head, strlen(want_head)), 0);
    assert_non_null(strstr(buf, "\n1992,2,3,14,3,3,14,14,1,,,,2,,0,0,0,1,1,0,0\n"));
    assert_non_null(strstr(buf, "\n1993,,,,,,,,,,,,,,,1,0,,,,\n"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(incstat_summary_write(s, INCSTAT_FORMAT_JSON, f, &err), 0);
    fclose(f);
    assert_non_null(strstr(buf, "{\"year\": 1993, \"incidents\": null, \"killed\": null"));
    free(buf);
    incstat_summary_free(s);
}

static void test_summary_alloc_failure(void **state)
{
    (void)state;
    incstat_table *t;
    incstat_error err;
    assert_int_equal(incstat_load_path(TEST_DATA_DIR "/load/acled_sample.csv", NULL, &t, &err), 0);
    incstat_summary_options so = {0};
    so.n_by = 2;
    so.by[0].kind = INCSTAT_BY_MONTH;
    so.by[1].kind = INCSTAT_BY_TEXT;
    so.by[1].column = "admin1";
    for (unsigned long n = 1;; n++) {
        incstat_summary *s = NULL;
        incstat_test_fail_alloc_after(n);
        incstat_status st = incstat_summary_from_table(t, &so, NULL, &s, &err);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            assert_int_equal(incstat_summary_rows(s), 9);
            incstat_summary_free(s);
            if (made < n)
                break;
            continue;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        assert_null(s);
        assert_true(n < 10000);
    }
    incstat_table_free(t);
}

/* ---- a table of periods with a count of incidents missing -------------- */

#define PERIODS_ONE TEST_DATA_DIR "/periods/events_empty_cell.csv"
#define PERIODS_TWO TEST_DATA_DIR "/periods/events_empty_two_countries.csv"

/* A country-year table (country,year,events,deaths) whose events cell is
 * empty for Pakistan 2011: that year's incidents are unknown (never the 1 a
 * row of incidents counts, nor a partial sum), killed stays known, and the
 * changes from or to it are unknown; streamed and from a table, the same. */
static void check_periods_one(const incstat_summary *s)
{
    assert_int_equal(incstat_summary_rows(s), 4); /* 2010-2013 */
    const incstat_summary_row *r = incstat_summary_row_at(s, 1);
    assert_string_equal(r->key[0], "2011");
    assert_true(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    assert_false(r->unknown & INCSTAT_UNKNOWN_KILLED);
    assert_close(r->killed, 35, 0);
    assert_close(r->killed_yoy, -5, 0); /* 40 -> 35: killed is unaffected */
    assert_nan(r->incidents_yoy_pct);
    assert_nan(incstat_summary_row_at(s, 2)->incidents_yoy_pct); /* 2012 from the unknown 2011 */
    r = incstat_summary_row_at(s, 3);
    assert_false(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    assert_int_equal(r->incidents, 14);
    assert_close(r->incidents_yoy_pct, 100.0 * (14 - 9) / 9, 1e-12); /* 9 -> 14 by hand */
    assert_int_equal(incstat_summary_row_at(s, 0)->incidents, 12);
    incstat_summary_row t;
    incstat_error err;
    assert_int_equal(incstat_summary_total(s, &t, &err), INCSTAT_OK);
    assert_true(t.unknown & INCSTAT_UNKNOWN_INCIDENTS); /* not 12 + 9 + 14 (+ 1) */
    assert_close(t.killed, 148, 0);
}

static void test_periods_incidents_unknown(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    incstat_summary *s = summarise(PERIODS_ONE, NULL, &so, NULL, 0, NULL, NULL);
    check_periods_one(s);
    char *buf;
    size_t len;
    incstat_error err;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(incstat_summary_write_total(s, out, &err), INCSTAT_OK);
    fclose(out);
    assert_string_equal(buf, "2010 to 2013: unknown incidents, 148 killed, unknown injured\n");
    free(buf);
    incstat_summary_free(s);

    incstat_table *t;
    assert_int_equal(incstat_load_path(PERIODS_ONE, NULL, &t, &err), INCSTAT_OK);
    const incstat_load_report *rep = incstat_table_report(t);
    assert_true(rep->rows_periods);
    assert_int_equal(rep->incidents_unknown, 1);
    assert_int_equal(rep->first_incidents_unknown_line, 3);
    assert_int_equal(incstat_summary_from_table(t, &so, NULL, &s, &err), INCSTAT_OK);
    check_periods_one(s);
    incstat_summary_free(s);
    incstat_table_free(t);
}

/* Two countries, Pakistan's 2011 count missing ("NA"): Pakistan's group and
 * the 2011 total are unknown, Afghanistan's group is known (30 + 28 + 33). */
static void test_periods_incidents_unknown_groups(void **state)
{
    (void)state;
    incstat_summary_options so = {0};
    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_TEXT;
    so.by[0].column = "country";
    incstat_summary *s = summarise(PERIODS_TWO, NULL, &so, NULL, 0, NULL, NULL);
    assert_int_equal(incstat_summary_rows(s), 2);
    const incstat_summary_row *r = incstat_summary_row_at(s, 0);
    assert_string_equal(r->key[0], "Afghanistan");
    assert_false(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    assert_int_equal(r->incidents, 91);
    r = incstat_summary_row_at(s, 1);
    assert_string_equal(r->key[0], "Pakistan");
    assert_true(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    assert_close(r->killed, 97, 0);
    incstat_summary_free(s);

    /* by year: the 2011 total over both countries is unknown; asked for two
     * threads, a table of periods is still read in one pass (every row's
     * entity and period is checked against every row above it) */
    so.n_by = 0;
    for (unsigned threads = 1; threads <= 2; threads++) {
        so.threads = threads;
        so.parallel_min_bytes = 1; /* split even this small file */
        s = summarise(PERIODS_TWO, NULL, &so, NULL, 0, NULL, NULL);
        assert_int_equal(incstat_summary_chunks(s), 1);
        assert_int_equal(incstat_summary_rows(s), 3);
        assert_int_equal(incstat_summary_row_at(s, 0)->incidents, 42);
        assert_true(incstat_summary_row_at(s, 1)->unknown & INCSTAT_UNKNOWN_INCIDENTS);
        assert_close(incstat_summary_row_at(s, 1)->killed, 136, 0);
        assert_int_equal(incstat_summary_row_at(s, 2)->incidents, 42);
        assert_nan(incstat_summary_row_at(s, 2)->incidents_yoy_pct);
        incstat_summary_free(s);
    }
    so.threads = 0;

    /* by country and year: only Pakistan 2011 is unknown */
    so.n_by = 2;
    so.by[1].kind = INCSTAT_BY_YEAR;
    s = summarise(PERIODS_TWO, NULL, &so, NULL, 0, NULL, NULL);
    assert_int_equal(incstat_summary_rows(s), 6);
    for (size_t i = 0; i < 6; i++) {
        r = incstat_summary_row_at(s, i);
        int unknown = strcmp(r->key[0], "Pakistan") == 0 && strcmp(r->key[1], "2011") == 0;
        assert_int_equal((r->unknown & INCSTAT_UNKNOWN_INCIDENTS) != 0, unknown);
    }
    incstat_summary_free(s);
}

/* ---- totals, notes, why empty ------------------------------------------- */

static char *stream_text(incstat_status (*fn)(const incstat_summary *, FILE *, incstat_error *),
                         const incstat_summary *s)
{
    char *buf;
    size_t len;
    incstat_error err;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(fn(s, out, &err), INCSTAT_OK);
    fclose(out);
    return buf;
}

/* The GTD fixture: 5 incidents 1992-1995, two tolls unknown (-99 and a
 * blank), one injured unknown; the gap year 1993 holds no figure. */
static void test_total_notes(void **state)
{
    (void)state;
    incstat_loader *ld;
    incstat_summary *s;
    incstat_error err;
    assert_int_equal(incstat_loader_open(TEST_DATA_DIR "/load/gtd_sample.csv", NULL, &ld, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_summary_from_loader(ld, NULL, NULL, &s, &err), INCSTAT_OK);
    char *t = stream_text(incstat_summary_write_total, s);
    assert_string_equal(t, "1992 to 1995: 5 incidents, 11 killed, 16 injured (killed unknown "
                           "for 2 incidents, injured for 1)\n");
    free(t);
    t = stream_text(incstat_summary_write_notes, s);
    assert_string_equal(t, "");
    free(t);
    assert_int_equal(incstat_summary_write_total(NULL, stdout, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_summary_write_notes(NULL, stdout, &err), INCSTAT_EINVAL);
    incstat_summary_free(s);
    incstat_loader_free(ld);
}

static void test_why_empty(void **state)
{
    (void)state;
    incstat_load_report rep;
    memset(&rep, 0, sizeof rep);
    rep.source = "x.csv";
    rep.rows_read = 3;
    char buf[INCSTAT_ERROR_MESSAGE_MAX];
    assert_string_equal(incstat_summary_why_empty(&rep, NULL, buf, sizeof buf),
                        "x.csv: no incidents to summarise (3 rows read, none loaded)");
    rep.rows_loaded = rep.undated = 3;
    assert_non_null(strstr(incstat_summary_why_empty(&rep, NULL, buf, sizeof buf),
                           "none of the 3 loaded rows has a usable date"));
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_TEXT;
    so.by[0].column = "admin1";
    assert_string_equal(incstat_summary_why_empty(&rep, &so, buf, sizeof buf),
                        "x.csv: no incidents to summarise: none of the 3 loaded passed "
                        "--where/--from/--to");
}


/* ---- the file's own names (tests/data/names, written for these tests) ---- */

#define NAMES_INC TEST_DATA_DIR "/names/incidents.csv"
#define NAMES_CY TEST_DATA_DIR "/names/country_year.csv"

static incstat_loader *open_names(const char *path, const char *const *keep, size_t n_keep)
{
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    lo.keep = keep;
    lo.n_keep = n_keep;
    incstat_loader *ld = NULL;
    incstat_error err;
    if (incstat_loader_open(path, &lo, &ld, &err) != INCSTAT_OK)
        fail_msg("%s: %s", path, err.message);
    return ld;
}

/* --by, --where: a column's own name stands for the field it is read into,
 * or the message says what the column is instead */
static void test_text_names(void **state)
{
    (void)state;
    const char *keep[] = {"Weather"};
    incstat_loader *ld = open_names(NAMES_INC, keep, 1);
    const incstat_load_report *r = incstat_loader_report(ld);
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    const char *out;
    incstat_error err;
#define NAME(n) incstat_load_report_text_name(r, kept, nk, "--by", n, &out, &err)
    assert_int_equal(NAME("Province"), INCSTAT_OK);
    assert_string_equal(out, "admin1");
    assert_int_equal(NAME("district"), INCSTAT_OK); /* any case */
    assert_string_equal(out, "admin2");
    assert_int_equal(NAME("ADMIN1"), INCSTAT_OK);
    assert_string_equal(out, "admin1");
    assert_int_equal(NAME("weather"), INCSTAT_OK); /* a kept column stands as it is */
    assert_string_equal(out, "weather");
    assert_int_equal(NAME("fatalities"), INCSTAT_ENOCOLUMN);
    assert_string_equal(err.message, "--by: \"fatalities\" is the column read as killed, not a "
                                     "text field; --keep fatalities keeps its text to group or "
                                     "select by");
    assert_int_equal(NAME("Notes"), INCSTAT_ENOCOLUMN);
    assert_string_equal(err.message, "--by: \"Notes\" is a column incstat does not read; --keep "
                                     "Notes keeps it to group or select by");
    assert_int_equal(NAME("Provnce"), INCSTAT_ENOCOLUMN);
    assert_non_null(strstr(err.message, "no field or column \"Provnce\"; did you mean "
                                        "\"Province\"? (year, month, quarter,"));
    assert_int_equal(NAME("yaer"), INCSTAT_ENOCOLUMN); /* --by names the periods too */
    assert_non_null(strstr(err.message, "did you mean \"year\"?"));
    assert_int_equal(incstat_load_report_text_name(r, kept, nk, "--where", "date", &out, &err),
                     INCSTAT_ENOCOLUMN);
    assert_non_null(strstr(err.message, "--where: date is not a text field"));
    assert_non_null(strstr(err.message, "; --from and --to select dates"));
    assert_int_equal(incstat_load_report_text_name(NULL, NULL, 0, "--by", "Anything", &out, &err),
                     INCSTAT_OK); /* a hand-built table: the name as given */
    assert_string_equal(out, "Anything");
    assert_int_equal(incstat_load_report_text_name(r, NULL, 0, "--by", NULL, &out, &err),
                     INCSTAT_EINVAL);
#undef NAME
    /* the summary's keys and the filter's fields, resolved the same way */
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.n_by = 2;
    so.by[0].kind = INCSTAT_BY_YEAR;
    so.by[1].kind = INCSTAT_BY_TEXT;
    so.by[1].column = "Province";
    assert_int_equal(incstat_summary_resolve_by(&so, r, kept, nk, &err), INCSTAT_OK);
    assert_string_equal(so.by[1].column, "admin1");
    so.by[1].column = "Notes";
    assert_int_equal(incstat_summary_resolve_by(&so, r, kept, nk, &err), INCSTAT_ENOCOLUMN);
    assert_int_equal(incstat_summary_resolve_by(NULL, r, kept, nk, &err), INCSTAT_EINVAL);
    incstat_filter *f;
    const char *w[] = {"Province=punjab", "District=Lahore"};
    assert_int_equal(incstat_filter_new_from(w, 2, NULL, NULL, &f, &err), INCSTAT_OK);
    incstat_test_fail_alloc_after(1); /* the field's new name is a copy */
    assert_int_equal(incstat_filter_resolve(f, r, kept, nk, &err), INCSTAT_ENOMEM);
    incstat_test_fail_alloc_after(0);
    assert_int_equal(incstat_filter_resolve(f, r, kept, nk, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_bind(f, kept, nk, &err), INCSTAT_OK);
    const incstat_incident *inc;
    size_t matched = 0;
    while (incstat_loader_next(ld, &inc, &err) == INCSTAT_ROW)
        matched += incstat_filter_match(f, inc);
    assert_int_equal(matched, 2); /* N4 and N8 */
    incstat_filter_free(f);
    const char *bad[] = {"Notes=road"};
    assert_int_equal(incstat_filter_new_from(bad, 1, NULL, NULL, &f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_resolve(f, r, kept, nk, &err), INCSTAT_ENOCOLUMN);
    assert_non_null(strstr(err.message, "--where: \"Notes\" is a column incstat does not read"));
    incstat_filter_free(f);
    incstat_loader_free(ld);
}

/* what a row is, for messages */
static void test_rows_noun(void **state)
{
    (void)state;
    incstat_loader *ld = open_names(NAMES_INC, NULL, 0);
    assert_string_equal(incstat_load_report_rows_noun(incstat_loader_report(ld), 1), "incident");
    assert_string_equal(incstat_load_report_rows_noun(incstat_loader_report(ld), 8), "incidents");
    incstat_loader_free(ld);
    ld = open_names(NAMES_CY, NULL, 0);
    assert_string_equal(incstat_load_report_rows_noun(incstat_loader_report(ld), 1), "country-year");
    assert_string_equal(incstat_load_report_rows_noun(incstat_loader_report(ld), 0), "country-years");
    incstat_loader_free(ld);
    incstat_load_report rep;
    memset(&rep, 0, sizeof rep);
    rep.rows_periods = 1; /* a table of periods whose key is not known */
    assert_string_equal(incstat_load_report_rows_noun(&rep, 2), "rows");
    snprintf(rep.period_key, sizeof rep.period_key, "year");
    rep.period_months = 1; /* one series of months */
    assert_string_equal(incstat_load_report_rows_noun(&rep, 2), "months");
    assert_string_equal(incstat_load_report_rows_noun(NULL, 2), "incidents");
}

/* The line incstat_filter_suggest writes for the filter of conds (and
 * from), the file read afresh. */
static const char *suggest(const char *path, const char *const *conds, size_t n, const char *from)
{
    static char buf[1024];
    incstat_loader *ld = open_names(path, NULL, 0);
    const incstat_load_report *r = incstat_loader_report(ld);
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    incstat_filter *f;
    incstat_error err;
    assert_int_equal(incstat_filter_new_from(conds, n, from, NULL, &f, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_resolve(f, r, kept, nk, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_bind(f, kept, nk, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_suggest(f, ld, buf, sizeof buf, &err), INCSTAT_OK);
    incstat_filter_free(f);
    incstat_loader_free(ld);
    return buf;
}

/* --where with nothing matching names the nearest values that exist */
static void test_where_suggestions(void **state)
{
    (void)state;
    const char *myanmar[] = {"Entity=Myanmar"};
    assert_string_equal(suggest(NAMES_CY, myanmar, 1, NULL),
                        "  --where country=Myanmar matches no country-year; did you mean "
                        "\"Myanmar (Burma)\" (3 country-years)?\n");
    /* ranked by nearness before rows: one swap away (1 row), then a letter
     * and a swap (2 rows) */
    const char *bal[] = {"admin1=Baluchistna"};
    assert_string_equal(suggest(NAMES_INC, bal, 1, NULL),
                        "  --where admin1=Baluchistna matches no incident; did you mean "
                        "\"Baluchistan\" (1 incident) or \"Balochistan\" (2 incidents)?\n");
    const char *ba[] = {"admin1=Bal"};
    assert_string_equal(suggest(NAMES_INC, ba, 1, NULL),
                        "  --where admin1=Bal matches no incident; did you mean \"Balochistan\" "
                        "(2 incidents) or \"Baluchistan\" (1 incident)?\n");
    const char *none[] = {"admin1=Atlantis"};
    assert_string_equal(suggest(NAMES_INC, none, 1, NULL),
                        "  --where admin1=Atlantis matches no incident, and no value of admin1 "
                        "is near it\n");
    /* one line per field that nothing matches; a field one of whose values
     * matches has none */
    const char *two[] = {"admin1=Sindh", "admin1=Sindhh", "admin2=Karachy"};
    assert_string_equal(suggest(NAMES_INC, two, 3, NULL),
                        "  --where admin2=Karachy matches no incident; did you mean \"Karachi\" "
                        "(1 incident)?\n");
    /* each matches alone: none all together, or none within the dates */
    const char *both[] = {"admin1=Punjab", "admin2=Quetta"};
    assert_string_equal(suggest(NAMES_INC, both, 2, NULL),
                        "  each --where matches some incidents on its own, but none matches all "
                        "of them\n");
    const char *sindh[] = {"admin1=Sindh"};
    assert_string_equal(suggest(NAMES_INC, sindh, 1, "2023"),
                        "  the --where conditions match 1 incident, none of them within "
                        "--from/--to\n");
    incstat_error err;
    char buf[8];
    assert_int_equal(incstat_filter_suggest(NULL, NULL, buf, sizeof buf, &err), INCSTAT_EINVAL);
    /* out of memory at any step: ENOMEM, nothing leaked (SAN=1), until it works */
    unsigned long n;
    for (n = 1; n < 1000; n++) {
        char out[512];
        incstat_loader *ld = open_names(NAMES_CY, NULL, 0);
        const char *const *kept;
        size_t nk = incstat_loader_kept(ld, &kept);
        incstat_filter *f;
        assert_int_equal(incstat_filter_new_from(myanmar, 1, NULL, NULL, &f, &err), INCSTAT_OK);
        assert_int_equal(incstat_filter_resolve(f, incstat_loader_report(ld), kept, nk, &err),
                         INCSTAT_OK);
        assert_int_equal(incstat_filter_bind(f, kept, nk, &err), INCSTAT_OK);
        incstat_test_fail_alloc_after(n);
        incstat_status st = incstat_filter_suggest(f, ld, out, sizeof out, &err);
        incstat_test_fail_alloc_after(0);
        incstat_filter_free(f);
        incstat_loader_free(ld);
        if (st == INCSTAT_OK) {
            assert_non_null(strstr(out, "Myanmar (Burma)"));
            break;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
    }
    assert_true(n > 1 && n < 1000);
}

/* ---- part years --------------------------------------------------------- */

/* One incident on y-m-d (m or d 0: known only to the year or month), with
 * killed as every estimate and injured unknown. */
static void add_on(incstat_summary *s, int y, int m, int d, double killed)
{
    incstat_incident inc;
    memset(&inc, 0, sizeof inc);
    inc.date.year = y;
    inc.date.month = (int8_t)m;
    inc.date.day = (int8_t)d;
    inc.date.precision = d ? INCSTAT_DATE_DAY : m ? INCSTAT_DATE_MONTH : INCSTAT_DATE_YEAR;
    for (int k = 0; k < INCSTAT_NUM_COUNT; k++)
        inc.num[k] = NAN;
    inc.num[INCSTAT_NUM_KILLED_LOW] = inc.num[INCSTAT_NUM_KILLED_BEST] =
        inc.num[INCSTAT_NUM_KILLED_HIGH] = killed;
    incstat_error err;
    assert_int_equal(incstat_summary_add(s, &inc, &err), INCSTAT_OK);
}

static incstat_summary *new_summary(incstat_by_kind kind, const incstat_date *as_of)
{
    incstat_summary_options so = {0};
    so.n_by = 1;
    so.by[0].kind = kind;
    if (as_of)
        so.as_of = *as_of;
    incstat_summary *s;
    incstat_error err;
    assert_int_equal(incstat_summary_new(&so, NULL, 0, &s, &err), INCSTAT_OK);
    return s;
}

static int last_partial(const incstat_summary *s)
{
    return incstat_summary_row_at(s, incstat_summary_rows(s) - 1)->partial;
}

/* days since 2000-01-01 to a date, by the calendar (for the generators) */
static void date_of(int n, int *y, int *m, int *d)
{
    *y = 2000, *m = 1, *d = 1;
    while (n-- > 0) {
        int dim = (*m == 2) ? ((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0 ? 29 : 28)
                  : (*m == 4 || *m == 6 || *m == 9 || *m == 11) ? 30 : 31;
        if (++*d > dim) {
            *d = 1;
            if (++*m > 12)
                *m = 1, ++*y;
        }
    }
}

/* An incident every `step` days from 2014-01-01 (day 5114 after
 * 2000-01-01) to the last day at or before (ly, lm, ld), in order or from
 * the end backwards; returns the summary finished. */
static incstat_summary *every(int step, int ly, int lm, int ld, int backwards, incstat_by_kind kind,
                              const incstat_date *as_of, incstat_status want)
{
    incstat_summary *s = new_summary(kind, as_of);
    int days[1200], n = 0;
    for (int k = 5114;; k += step) {
        int y, m, d;
        date_of(k, &y, &m, &d);
        if (y * 10000 + m * 100 + d > ly * 10000 + lm * 100 + ld)
            break;
        days[n++] = k;
    }
    for (int i = 0; i < n; i++) {
        int y, m, d;
        date_of(days[backwards ? n - 1 - i : i], &y, &m, &d);
        add_on(s, y, m, d, 1);
    }
    incstat_error err;
    assert_int_equal(incstat_summary_finish(s, &err), want);
    return s;
}

/* The list, dated to the start of December 2015 and published then;
 * the old rule (before December) called 2015 whole.  An incident every 3
 * days from 1 January 2014 stops on 1 December 2015: the usual gap is 3
 * days, the silence to 1 January 31: partial.  Every 3 days to 31 December:
 * whole, in any order.  An incident every 50 days stops on 2 December too,
 * but there a silence of 30 days is within the usual gap: whole; every 40
 * days it stops on 12 November, 50 days short of the next year: partial. */
static void test_partial_by_usual_gap(void **state)
{
    (void)state;
    const char *unit;
    incstat_summary *s = every(3, 2015, 12, 2, 0, INCSTAT_BY_YEAR, NULL, INCSTAT_OK);
    assert_int_equal(incstat_summary_latest(s).day, 1);
    assert_int_equal(incstat_summary_rows(s), 2);
    assert_int_equal(last_partial(s), 1);
    assert_close(incstat_summary_usual_gap(s, &unit), 3, 0);
    assert_string_equal(unit, "days");
    assert_int_equal(incstat_summary_row_at(s, 0)->killed_rank, 1);
    assert_int_equal(incstat_summary_row_at(s, 1)->killed_rank, 0); /* a part year: unranked */
    assert_nan(incstat_summary_row_at(s, 1)->killed_yoy);
    assert_null(incstat_summary_row_at(s, 1)->highest_since);
    incstat_summary_free(s);
    for (int back = 0; back < 2; back++) {
        s = every(3, 2015, 12, 31, back, INCSTAT_BY_YEAR, NULL, INCSTAT_OK);
        assert_int_equal(incstat_summary_latest(s).day, 31);
        assert_int_equal(last_partial(s), 0);
        assert_false(isnan(incstat_summary_row_at(s, 1)->killed_yoy));
        incstat_summary_free(s);
    }
    /* by month: December 2015 stops on the 1st, 30 days short: partial */
    s = every(3, 2015, 12, 2, 1, INCSTAT_BY_MONTH, NULL, INCSTAT_OK);
    assert_string_equal(incstat_summary_row_at(s, incstat_summary_rows(s) - 1)->key[0], "2015-12");
    assert_int_equal(last_partial(s), 1);
    incstat_summary_free(s);
    s = every(50, 2015, 12, 31, 0, INCSTAT_BY_YEAR, NULL, INCSTAT_OK);
    assert_int_equal(incstat_summary_latest(s).day, 2);
    assert_close(incstat_summary_usual_gap(s, NULL), 50, 0);
    assert_int_equal(last_partial(s), 0);
    incstat_summary_free(s);
    s = every(40, 2015, 12, 31, 0, INCSTAT_BY_YEAR, NULL, INCSTAT_OK);
    assert_int_equal(incstat_summary_latest(s).day, 22);
    assert_int_equal(last_partial(s), 0);
    incstat_summary_free(s);
    s = every(40, 2015, 12, 2, 0, INCSTAT_BY_YEAR, NULL, INCSTAT_OK);
    assert_int_equal(incstat_summary_latest(s).month, 11);
    assert_int_equal(incstat_summary_latest(s).day, 12);
    assert_int_equal(last_partial(s), 1);
    incstat_summary_free(s);
}

/* --as-of decides both ways: a later date makes the list to 1 December
 * whole, a day of December after the data's last partial to it; one before
 * the latest incident is refused. */
static void test_partial_as_of(void **state)
{
    (void)state;
    incstat_date later = {2015, 12, 31, INCSTAT_DATE_DAY};
    incstat_summary *s = every(3, 2015, 12, 2, 0, INCSTAT_BY_YEAR, &later, INCSTAT_OK);
    assert_int_equal(last_partial(s), 0);
    assert_int_equal(incstat_summary_covered_to(s).day, 31);
    incstat_summary_free(s);
    incstat_date month = {2016, 1, 0, INCSTAT_DATE_MONTH}; /* January 2016 has no row */
    s = every(3, 2015, 12, 2, 0, INCSTAT_BY_YEAR, &month, INCSTAT_OK);
    assert_int_equal(incstat_summary_rows(s), 2);
    assert_int_equal(last_partial(s), 0);
    incstat_summary_free(s);
    incstat_date dec = {2015, 12, 5, INCSTAT_DATE_DAY};
    s = every(50, 2015, 12, 31, 0, INCSTAT_BY_YEAR, &dec, INCSTAT_OK); /* whole by the gap */
    assert_int_equal(last_partial(s), 1);
    assert_int_equal(incstat_summary_covered_to(s).day, 5);
    incstat_summary_free(s);
    incstat_date early = {2015, 11, 30, INCSTAT_DATE_DAY};
    s = every(3, 2015, 12, 2, 0, INCSTAT_BY_YEAR, &early, INCSTAT_EINVAL);
    incstat_error err;
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "as-of 2015-11-30 is before the latest incident, 2015-12-01");
    incstat_summary_free(s);
}

/* Dates known to the month: the gap is counted in months; known to the
 * year: never partial without --as-of; too few dates: the fixed rule. */
static void test_partial_rough_dates(void **state)
{
    (void)state;
    const char *unit;
    incstat_summary *s = new_summary(INCSTAT_BY_YEAR, NULL);
    for (int m = 1; m <= 23; m++) /* January 2020 to November 2021 */
        add_on(s, 2020 + (m - 1) / 12, (m - 1) % 12 + 1, 0, 2);
    assert_int_equal(incstat_summary_finish(s, NULL), INCSTAT_OK);
    assert_int_equal(last_partial(s), 1); /* 2 months to January 2022, the usual gap 1 */
    assert_close(incstat_summary_usual_gap(s, &unit), 1, 0);
    assert_string_equal(unit, "months");
    incstat_summary_free(s);
    s = new_summary(INCSTAT_BY_YEAR, NULL);
    for (int m = 1; m <= 24; m++)
        add_on(s, 2020 + (m - 1) / 12, (m - 1) % 12 + 1, 0, 2);
    assert_int_equal(incstat_summary_finish(s, NULL), INCSTAT_OK);
    assert_int_equal(last_partial(s), 0);
    incstat_summary_free(s);
    s = new_summary(INCSTAT_BY_YEAR, NULL);
    for (int y = 2000; y <= 2020; y++)
        add_on(s, y, 0, 0, 1);
    assert_int_equal(incstat_summary_finish(s, NULL), INCSTAT_OK);
    assert_int_equal(last_partial(s), 0);
    assert_close(incstat_summary_usual_gap(s, &unit), 0, 0);
    assert_string_equal(unit, "");
    incstat_summary_free(s);
    /* three dates: the fixed rule (before the year's last month) */
    s = new_summary(INCSTAT_BY_YEAR, NULL);
    add_on(s, 2019, 5, 1, 1);
    add_on(s, 2020, 3, 1, 1);
    add_on(s, 2020, 12, 5, 1);
    assert_int_equal(incstat_summary_finish(s, NULL), INCSTAT_OK);
    assert_int_equal(last_partial(s), 0);
    incstat_summary_free(s);
}

/* The same span, hand-worked: 2024 holds 10 killed on 5 January, 20 on 29
 * February, 40 on 20 April, 80 on 21 April and 3 known only to April, 5
 * only to March, 7 only to the year; 2025 holds 1 on 1 January, 2 on 20
 * April (the data stop there, whole lists around it: partial by the fixed
 * rule).  To 20 April: 2025 has 3; 2024 has 10 + 20 + 40 + 5 = 75, with
 * the April and the year-only incidents left out. */
static void test_same_span(void **state)
{
    (void)state;
    incstat_summary *s = new_summary(INCSTAT_BY_YEAR, NULL);
    add_on(s, 2024, 4, 21, 80);
    add_on(s, 2024, 1, 5, 10);
    add_on(s, 2025, 4, 20, 2);
    add_on(s, 2024, 2, 29, 20);
    add_on(s, 2024, 4, 0, 3);
    add_on(s, 2024, 3, 0, 5);
    add_on(s, 2024, 0, 0, 7);
    add_on(s, 2024, 4, 20, 40);
    add_on(s, 2025, 1, 1, 1);
    incstat_error err;
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(last_partial(s), 1);
    incstat_same_span ss;
    assert_int_equal(incstat_summary_same_span(s, 0, &ss, &err), INCSTAT_OK);
    assert_int_equal(ss.year, 2025);
    assert_int_equal(ss.month, 4);
    assert_int_equal(ss.day, 20);
    assert_false(ss.whole);
    assert_close(ss.cur.killed, 3, 0);
    assert_int_equal(ss.cur.incidents, 2);
    assert_close(ss.prev.killed, 75, 0);
    assert_int_equal(ss.prev.incidents, 4);
    assert_int_equal(ss.left_out[0], 0);
    assert_int_equal(ss.left_out[1], 2);
    assert_close(ss.killed_change, -72, 0);
    assert_close(ss.killed_change_pct, -96, 1e-12);
    assert_close(ss.incidents_change_pct, -50, 1e-12);
    char buf[1024];
    assert_int_equal(incstat_same_span_text(&ss, "attacks", buf, sizeof buf, &err), INCSTAT_OK);
    assert_string_equal(buf, "1 January to 20 April 2025: 3 people were killed in 2 attacks. In "
                             "the same span of 2024, 75 were killed in 4 attacks. That is 72 "
                             "fewer (96.0%). Left out: 2 incidents of 2024, dated only to the "
                             "month or the year.");
    /* the headline says the same, and ranks no part year */
    assert_int_equal(incstat_summary_headline(s, 0, "attacks", buf, sizeof buf, &err), INCSTAT_OK);
    assert_non_null(strstr(buf, "In the same span of 2024, 75 were killed in 4 attacks."));
    assert_int_equal(incstat_summary_headline(s, 2024, NULL, buf, sizeof buf, &err), INCSTAT_OK);
    /* 2025 is a part year, not ranked: 2024 is the one whole year */
    assert_non_null(strstr(buf, "It is the only whole year in the file."));
    assert_null(strstr(buf, "deadliest year of the 1"));
    incstat_summary_free(s);

    /* a span ending on 29 February: all of February 2023 against it */
    s = new_summary(INCSTAT_BY_YEAR, NULL);
    add_on(s, 2023, 2, 28, 4);
    add_on(s, 2023, 3, 1, 8);
    add_on(s, 2024, 2, 29, 1);
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_same_span(s, 0, &ss, &err), INCSTAT_OK);
    assert_int_equal(ss.day, 29);
    assert_close(ss.prev.killed, 4, 0);
    assert_close(ss.cur.killed, 1, 0);
    /* errors: a year without a year before, a year not in the data */
    assert_int_equal(incstat_summary_same_span(s, 2023, &ss, &err), INCSTAT_EDOMAIN);
    assert_string_equal(err.message, "same span: no year before 2023 in the data");
    assert_int_equal(incstat_summary_same_span(s, 2030, &ss, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_summary_same_span(s, 0, NULL, &err), INCSTAT_EINVAL);
    incstat_summary_free(s);

    /* dates known only to the year cannot be placed in a span */
    incstat_date as_of = {2021, 4, 20, INCSTAT_DATE_DAY};
    s = new_summary(INCSTAT_BY_YEAR, &as_of);
    add_on(s, 2020, 0, 0, 5);
    add_on(s, 2021, 0, 0, 6);
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(last_partial(s), 1);
    assert_int_equal(incstat_summary_same_span(s, 0, &ss, &err), INCSTAT_EDOMAIN);
    /* so the headline sets the part year against nothing */
    assert_int_equal(incstat_summary_headline(s, 0, NULL, buf, sizeof buf, &err), INCSTAT_OK);
    assert_string_equal(buf, "In 2021 (data up to 2021-04-20), 6 people were killed in 1 "
                             "incident; a part year, not compared with whole ones.");
    incstat_summary_free(s);

    /* not by year alone */
    s = new_summary(INCSTAT_BY_MONTH, NULL);
    add_on(s, 2021, 3, 2, 1);
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_same_span(s, 0, &ss, &err), INCSTAT_EINVAL);
    incstat_summary_free(s);
}

/* A file of one year: nothing to rank it against, said so (issue 24), and
 * a year alone among years whose toll is unknown. */
static void test_one_year_headline(void **state)
{
    (void)state;
    incstat_date as_of = {2021, 12, 31, INCSTAT_DATE_DAY};
    incstat_summary *s = new_summary(INCSTAT_BY_YEAR, &as_of);
    add_on(s, 2021, 1, 14, 3);
    add_on(s, 2021, 8, 30, 19);
    incstat_error err;
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(last_partial(s), 0);
    char buf[512];
    assert_int_equal(incstat_summary_headline(s, 0, NULL, buf, sizeof buf, &err), INCSTAT_OK);
    assert_string_equal(buf, "In 2021, 22 people were killed in 2 incidents. It is the only "
                             "year in the file.");
    incstat_summary_free(s);

    /* 2019 and 2020 covered, their toll unknown: 2021 is the one ranked */
    s = new_summary(INCSTAT_BY_YEAR, &as_of);
    add_on(s, 2019, 5, 1, NAN);
    add_on(s, 2020, 6, 2, NAN);
    add_on(s, 2021, 7, 3, 4);
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(incstat_summary_headline(s, 0, NULL, buf, sizeof buf, &err), INCSTAT_OK);
    assert_non_null(strstr(buf, " It is the only year with a known toll (2019 to 2021; 2019 and "
                                "2020, whose toll is unknown, are not ranked)."));
    assert_null(strstr(buf, "of the 1"));
    incstat_summary_free(s);
}

/* Months known as a whole: "January to April", the whole month in both years. */
static void test_same_span_months(void **state)
{
    (void)state;
    incstat_summary *s = new_summary(INCSTAT_BY_YEAR, NULL);
    for (int m = 1; m <= 12; m++)
        add_on(s, 2023, m, 0, m); /* 1 + 2 + 3 + 4 = 10 to April */
    for (int m = 1; m <= 4; m++)
        add_on(s, 2024, m, 0, 2 * m);
    incstat_error err;
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    assert_int_equal(last_partial(s), 1);
    incstat_same_span ss;
    assert_int_equal(incstat_summary_same_span(s, 0, &ss, &err), INCSTAT_OK);
    assert_true(ss.to_month);
    assert_close(ss.prev.killed, 10, 0);
    assert_close(ss.cur.killed, 20, 0);
    char buf[512];
    assert_int_equal(incstat_same_span_text(&ss, NULL, buf, sizeof buf, &err), INCSTAT_OK);
    assert_string_equal(buf, "January to April 2024: 20 people were killed in 4 incidents. In the "
                             "same span of 2023, 10 were killed in 4 incidents. That is 10 more "
                             "(100.0%).");
    incstat_summary_free(s);
}

/* Read in parallel chunks, the days seen and the span sums merge to what one
 * pass gives: the same partial flag, usual gap and same-span figures. */
static void test_same_span_chunks(void **state)
{
    (void)state;
    incstat_summary *one, *par;
    incstat_summary_options so = {0};
    one = summarise(PBC, NULL, &so, NULL, 0, NULL, NULL);
    so.threads = 3;
    so.parallel_min_bytes = 1;
    par = summarise(PBC, NULL, &so, NULL, 0, NULL, NULL);
    assert_true(incstat_summary_chunks(par) > 1);
    assert_int_equal(last_partial(one), 1);
    assert_int_equal(last_partial(par), 1);
    assert_close(incstat_summary_usual_gap(par, NULL), incstat_summary_usual_gap(one, NULL), 0);
    for (int y = 1996; y <= 2017; y++) {
        incstat_same_span a, b;
        assert_int_equal(incstat_summary_same_span(one, y, &a, NULL), INCSTAT_OK);
        assert_int_equal(incstat_summary_same_span(par, y, &b, NULL), INCSTAT_OK);
        assert_int_equal(a.cur.incidents, b.cur.incidents);
        assert_close(a.cur.killed, b.cur.killed, 0);
        assert_close(a.prev.killed_high, b.prev.killed_high, 0);
        assert_int_equal(a.prev.killed_missing, b.prev.killed_missing);
    }
    /* the whole of 2016 to 25 November: the attack of 26 November is after it */
    incstat_same_span c;
    assert_int_equal(incstat_summary_same_span(one, 2017, &c, NULL), INCSTAT_OK);
    assert_close(c.prev.killed, 343.5, 0);
    assert_close(incstat_summary_row_at(one, incstat_summary_rows(one) - 2)->killed, 345.5, 0);
    incstat_summary_free(one);
    incstat_summary_free(par);
}

/* Every allocation of the days seen and the span sums may fail: ENOMEM,
 * nothing leaked (ASan), and the summary made once they do not. */
static void test_part_years_alloc_failure(void **state)
{
    (void)state;
    incstat_table *t;
    incstat_error err;
    assert_int_equal(incstat_load_path(TEST_DATA_DIR "/partyear/to_20_april.csv", NULL, &t, &err), 0);
    for (unsigned long n = 1;; n++) {
        incstat_summary *s = NULL;
        incstat_test_fail_alloc_after(n);
        incstat_status st = incstat_summary_from_table(t, NULL, NULL, &s, &err);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            assert_int_equal(last_partial(s), 1);
            incstat_same_span ss;
            assert_int_equal(incstat_summary_same_span(s, 0, &ss, &err), INCSTAT_OK);
            assert_close(ss.prev.killed, 120, 0);
            incstat_summary_free(s);
            if (made < n)
                break;
            continue;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        assert_null(s);
        assert_true(n < 10000);
    }
    incstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest kernels[] = {
        cmocka_unit_test(test_series_kernels),
    };
    const struct CMUnitTest references[] = {
        cmocka_unit_test(test_pbc_against_r),
        cmocka_unit_test(test_pbc_publisher_totals),
        cmocka_unit_test(test_pbc_headline),
        cmocka_unit_test(test_ucdp_series_against_r),
    };
    const struct CMUnitTest behaviour[] = {
        cmocka_unit_test(test_gtd_gap_and_range),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_filter_errors),
        cmocka_unit_test(test_by_keys),
        cmocka_unit_test(test_write_formats),
        cmocka_unit_test(test_summary_alloc_failure),
        cmocka_unit_test(test_total_notes),
        cmocka_unit_test(test_why_empty),
        cmocka_unit_test(test_text_names),
        cmocka_unit_test(test_rows_noun),
        cmocka_unit_test(test_where_suggestions),
        cmocka_unit_test(test_periods_incidents_unknown),
        cmocka_unit_test(test_periods_incidents_unknown_groups),
    };
    const struct CMUnitTest part_years[] = {
        cmocka_unit_test(test_partial_by_usual_gap),
        cmocka_unit_test(test_partial_as_of),
        cmocka_unit_test(test_partial_rough_dates),
        cmocka_unit_test(test_same_span),
        cmocka_unit_test(test_same_span_months),
        cmocka_unit_test(test_one_year_headline),
        cmocka_unit_test(test_same_span_chunks),
        cmocka_unit_test(test_part_years_alloc_failure),
    };
    int fails = 0;
    fails += cmocka_run_group_tests_name("series_kernels", kernels, NULL, NULL);
    fails += cmocka_run_group_tests_name("summary_references", references, NULL, NULL);
    fails += cmocka_run_group_tests_name("summary_behaviour", behaviour, NULL, NULL);
    fails += cmocka_run_group_tests_name("part_years", part_years, NULL, NULL);
    return fails ? 1 : 0;
}
