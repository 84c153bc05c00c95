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
    /* latest year: partial, says where the data stop; best = midpoints, rounded in prose;
     * 2016 (345.5) was deadlier, so no "deadliest since 2016" */
    assert_int_equal(incstat_summary_headline(s, 0, "suicide attacks", buf, sizeof buf, &err), 0);
    assert_non_null(strstr(buf, "In 2017 (data up to 2017-11-25), about 278 people were killed "
                                "in 21 suicide attacks."));
    assert_non_null(strstr(buf, "68 fewer (19.7%) than in 2016"));
    assert_null(strstr(buf, "since"));
    assert_int_equal(incstat_summary_headline(s, 2010, NULL, buf, sizeof buf, &err), 0);
    assert_non_null(strstr(buf, "deadliest year of the 23 on record (1995 to 2017)"));
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
    /* Punjab 2022 -> 2023: 0 killed both years */
    r = incstat_summary_row_at(s, 5);
    assert_string_equal(r->key[1], "Punjab");
    assert_close(r->killed_yoy, 0, 0);
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

    /* by year: the 2011 total over both countries is unknown; the same read
     * in two chunks in parallel (the unknown row in the first, merged) */
    so.n_by = 0;
    for (unsigned threads = 1; threads <= 2; threads++) {
        so.threads = threads;
        so.parallel_min_bytes = 1; /* split even this small file */
        s = summarise(PERIODS_TWO, NULL, &so, NULL, 0, NULL, NULL);
        assert_int_equal(incstat_summary_chunks(s), threads);
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
        cmocka_unit_test(test_periods_incidents_unknown),
        cmocka_unit_test(test_periods_incidents_unknown_groups),
    };
    int fails = 0;
    fails += cmocka_run_group_tests_name("series_kernels", kernels, NULL, NULL);
    fails += cmocka_run_group_tests_name("summary_references", references, NULL, NULL);
    fails += cmocka_run_group_tests_name("summary_behaviour", behaviour, NULL, NULL);
    return fails ? 1 : 0;
}
