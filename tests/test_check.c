/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_check.c: claims and alerts (incstat/check.h) against R.
 *
 * R_* values come from tests/reference/claim/claim.R (poisson.test on the
 * UCDP Pakistan totals; "highest since" read off the file with base R) and
 * tests/reference/claim/alerts.R (qnbinom / qpois bounds), R 4.2.2; their
 * outputs are recorded next to the scripts (claim.out, alerts.out). */
#include "helpers.h"
#include <stdlib.h>
#include "incstat.h"
#include "core/internal.h"

#define UCDP "datasets/ucdp_organized_violence_country_year_v25_1.csv"
#define UCDP_SCHEMA "datasets/ucdp_organized_violence_country_year_v25_1.schema"
#define ALERTS TEST_DATA_DIR "/alerts_groups.csv"
#define REL 1e-9

/* poisson.test(c(1178, 1100)): 2023 against 2016 (claim.out) */
#define R_CMP_RATIO 1.0709090909090908
#define R_CMP_LO 0.98558262182271261
#define R_CMP_HI 1.1636918917910917
#define R_CMP_P 0.1066598290349921
/* poisson.test(c(1178, 719)): 2023 against 2022 */
#define R_RISE_RATIO 1.6383866481223923
#define R_RISE_LO 1.4919750533375926
#define R_RISE_HI 1.8001349869393439
#define R_RISE_P 4.2267896533449476e-26

/* ---- building summaries ------------------------------------------------ */

static const char *const ALERTS_MAP[] = {"date=date", "admin1=admin1", "killed=killed"};

/* How tests/data/alerts_groups.csv is read. */
static incstat_load_options alerts_options(void)
{
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    lo.preset = "none";
    lo.map = ALERTS_MAP;
    lo.n_map = 3;
    return lo;
}

/* The summary of path read with lo (NULL: as recognised), through --where
 * and --from (each may be NULL), by by[0..n_by). */
static incstat_summary *summary_of(const char *path, const incstat_load_options *lo,
                                   const char *where, const char *from, const incstat_by *by,
                                   size_t n_by)
{
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(incstat_loader_open(path, lo, &ld, &err), INCSTAT_OK);
    incstat_filter *f = NULL;
    assert_int_equal(incstat_filter_new(&f, &err), INCSTAT_OK);
    if (where)
        assert_int_equal(incstat_filter_add_where(f, where, &err), INCSTAT_OK);
    if (from)
        assert_int_equal(incstat_filter_from(f, from, &err), INCSTAT_OK);
    assert_int_equal(incstat_filter_bind(f, NULL, 0, &err), INCSTAT_OK);
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    for (size_t i = 0; i < n_by; i++)
        so.by[i] = by[i];
    so.n_by = n_by;
    incstat_summary *s = NULL;
    assert_int_equal(incstat_summary_from_loader(ld, &so, f, &s, &err), INCSTAT_OK);
    incstat_loader_free(ld);
    incstat_filter_free(f);
    return s;
}

static incstat_summary *load_summary(const char *path, const char *schema, const char *where,
                                     const incstat_by *by, size_t n_by)
{
    incstat_load_options lo = alerts_options();
    if (schema) {
        memset(&lo, 0, sizeof lo);
        lo.schema_path = schema;
    }
    return summary_of(path, &lo, where, NULL, by, n_by);
}

static incstat_summary *pakistan(void)
{
    return load_summary(UCDP, UCDP_SCHEMA, "country=Pakistan", NULL, 0);
}

static incstat_claim_options claim(incstat_claim_kind kind, int year, double arg)
{
    incstat_claim_options o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.year = year;
    o.arg = arg;
    o.incidents_unknown = 1; /* country-years */
    return o;
}

/* ---- claims ------------------------------------------------------------ */

static void test_highest_since(void **state)
{
    (void)state;
    incstat_summary *s = pakistan();
    incstat_claim_options o = claim(INCSTAT_CLAIM_HIGHEST_SINCE, 2023, 2015);
    incstat_claim_result r;
    incstat_error err;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_OK);
    assert_int_equal(r.holds, 1);
    /* claim.out: low 1,056 highest since 2016; best 1,178 and high 1,307 since 2015 */
    assert_close(r.est[INCSTAT_ESTIMATE_LOW].value, 1056, 0);
    {
        /* written: the sentence, and the JSON object around it */
        char *buf, sentence[1024];
        size_t len;
        FILE *out = open_memstream(&buf, &len);
        assert_int_equal(incstat_claim_write(&r, 0, out, &err), INCSTAT_OK);
        fclose(out);
        incstat_claim_sentence(&r, sentence, sizeof sentence);
        assert_int_equal(len, strlen(sentence) + 1);
        assert_true(strncmp(buf, sentence, strlen(sentence)) == 0);
        free(buf);
        out = open_memstream(&buf, &len);
        assert_int_equal(incstat_claim_write(&r, 1, out, &err), INCSTAT_OK);
        fclose(out);
        const char *head = "{\"claim\": \"highest-since 2015\", \"year\": 2023, ";
        assert_true(strncmp(buf, head, strlen(head)) == 0);
        assert_non_null(strstr(buf, "\"holds\": true"));
        free(buf);
        assert_int_equal(incstat_claim_write(NULL, 1, stdout, &err), INCSTAT_EINVAL);
    }
    assert_int_equal(r.est[INCSTAT_ESTIMATE_LOW].holds, 0);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_LOW].highest_since, 2016);
    assert_close(r.est[INCSTAT_ESTIMATE_BEST].value, 1178, 0);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_BEST].holds, 1);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_BEST].highest_since, 2015);
    assert_close(r.est[INCSTAT_ESTIMATE_HIGH].value, 1307, 0);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_HIGH].holds, 1);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_HIGH].highest_since, 2015);
    /* the closest competitor in 2016-2022 is 2016 (1,100) */
    assert_true(r.compare.present && r.compare.tested);
    assert_int_equal(r.compare.year, 2016);
    assert_close(r.compare.value, 1100, 0);
    assert_close(r.compare.rate_ratio, R_CMP_RATIO, REL);
    assert_close(r.compare.ci[0], R_CMP_LO, REL);
    assert_close(r.compare.ci[1], R_CMP_HI, REL);
    assert_close(r.compare.p_value, R_CMP_P, REL);
    char buf[1024];
    incstat_claim_sentence(&r, buf, sizeof buf);
    assert_string_equal(buf, "Holds on the best and high figures (the highest since 2015); on the "
                             "low figures 2023 is the highest since 2016. 2023 vs 2016: rate "
                             "ratio 1.07, 95% CI 0.99 to 1.16, p = 0.11: not distinguishable "
                             "from noise.");
    /* on the low estimate the same claim does not hold */
    o.estimate = INCSTAT_ESTIMATE_LOW;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 0);
    /* --highest-in 8 is --highest-since 2015 */
    o = claim(INCSTAT_CLAIM_HIGHEST_IN, 2023, 8);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 1);
    assert_int_equal(r.compare.year, 2016);
    o.arg = 9;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 0);
    assert_int_equal(r.compare.year, 2015);
    incstat_summary_free(s);
}

static void test_thresholds_record_rise(void **state)
{
    (void)state;
    incstat_summary *s = pakistan();
    incstat_claim_result r;
    incstat_error err;
    char buf[1024];
    incstat_claim_options o = claim(INCSTAT_CLAIM_MORE_THAN, 2023, 1600);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 0);
    for (int e = 0; e < 3; e++)
        assert_int_equal(r.est[e].holds, 0);
    assert_false(r.compare.present);
    incstat_claim_sentence(&r, buf, sizeof buf);
    assert_string_equal(buf, "Does not hold: on the low, best and high figures 2023 had 1,056, "
                             "1,178 and 1,307 killed, not more than 1,600.");
    o = claim(INCSTAT_CLAIM_FEWER_THAN, 2023, 1200);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_LOW].holds, 1);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_HIGH].holds, 0);
    /* 2024 is no record: 2009 and 2014 were higher */
    o = claim(INCSTAT_CLAIM_RECORD, 2024, 0);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 0);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_BEST].highest_since, 2015);
    /* +63.8% over 2022 (719): holds for 60%, the test against 2022 as R */
    o = claim(INCSTAT_CLAIM_RISE_PCT, 2023, 60);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 1);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_LOW].holds, 0); /* 1,056 / 673: +56.9% */
    assert_close(r.est[INCSTAT_ESTIMATE_BEST].other, 719, 0);
    assert_int_equal(r.compare.year, 2022);
    assert_close(r.compare.rate_ratio, R_RISE_RATIO, REL);
    assert_close(r.compare.ci[0], R_RISE_LO, REL);
    assert_close(r.compare.ci[1], R_RISE_HI, REL);
    assert_close(r.compare.p_value, R_RISE_P, 1e-6);
    incstat_summary_free(s);
}

static void test_cannot_check(void **state)
{
    (void)state;
    incstat_summary *s = pakistan();
    incstat_claim_result r;
    incstat_error err;
    char buf[512];
    /* a year outside the data */
    incstat_claim_options o = claim(INCSTAT_CLAIM_HIGHEST_SINCE, 2030, 2015);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_NO_DATA);
    assert_int_equal(r.holds, -1);
    assert_string_equal(incstat_claim_sentence(&r, buf, sizeof buf),
                        "Cannot be checked: the data cover 1989 to 2024, not 2030.");
    /* a metric the file lacks: no verdict on zeros */
    o = claim(INCSTAT_CLAIM_MORE_THAN, 2023, 10);
    o.metric = INCSTAT_CHECK_INJURED;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_NO_DATA);
    assert_string_equal(r.reason, "the data hold no injured figures");
    o.metric = INCSTAT_CHECK_INCIDENTS;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_NO_DATA);
    /* a window reaching before the data: 1989 is the first year */
    o = claim(INCSTAT_CLAIM_HIGHEST_SINCE, 1989, 1980);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_OK);
    assert_int_equal(r.holds, -1);
    /* bad options */
    o = claim(INCSTAT_CLAIM_HIGHEST_SINCE, 2023, 2023);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "not a year before 2023"));
    o = claim((incstat_claim_kind)0, 2023, 0);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_EINVAL);
    o = claim(INCSTAT_CLAIM_HIGHEST_IN, 2023, 1);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_EINVAL);
    o = claim(INCSTAT_CLAIM_MORE_THAN, 2023, -1);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_claim_check(s, &o, NULL, &err), INCSTAT_EINVAL);
    incstat_summary_free(s);
    /* not a yearly summary */
    incstat_by month = {INCSTAT_BY_MONTH, NULL};
    s = load_summary(ALERTS, NULL, NULL, &month, 1);
    o = claim(INCSTAT_CLAIM_RECORD, 2024, 0);
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_EINVAL);
    incstat_summary_free(s);
}

/* "2024 is the record" on the alerts fixture, checked into *r. */
static void record_2024(const incstat_summary *s, size_t boot, incstat_claim_result *r)
{
    incstat_claim_options o;
    memset(&o, 0, sizeof o);
    o.kind = INCSTAT_CLAIM_RECORD;
    o.year = 2024;
    o.boot = boot;
    incstat_error err;
    assert_int_equal(incstat_claim_check(s, &o, r, &err), INCSTAT_OK);
}

/* Incidents: the partial year, and the bootstrap over incidents. */
static void test_incidents(void **state)
{
    (void)state;
    incstat_summary *s = load_summary(ALERTS, NULL, NULL, NULL, 0);
    incstat_claim_result r;
    incstat_error err;
    record_2024(s, 500, &r);
    assert_int_equal(r.status, INCSTAT_CLAIM_OK); /* the data reach 2024-12-31 */
    assert_int_equal(r.holds, 1);
    assert_int_equal(r.compare.year, 2023);
    incstat_load_options lo = alerts_options();
    incstat_loader *ld;
    assert_int_equal(incstat_loader_open(ALERTS, &lo, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_claim_bootstrap(ld, NULL, &r, &err), INCSTAT_OK);
    incstat_loader_free(ld);
    assert_true(r.compare.boot_done);
    assert_int_equal(r.compare.boot_resamples, 500);
    /* December 2023: 2 + 0 + 0 + 5 incidents; 2024: the other 156 of 163 rows */
    assert_int_equal(r.compare.boot_n_other, 7);
    assert_int_equal(r.compare.boot_n_year, 156);
    assert_true(r.compare.boot_ci[0] <= r.compare.boot_change_pct &&
                r.compare.boot_change_pct <= r.compare.boot_ci[1]);
    /* with rows that are not incidents there is nothing to resample */
    r.opts.incidents_unknown = 1;
    r.compare.boot_done = 0;
    assert_int_equal(incstat_loader_open(ALERTS, &lo, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_claim_bootstrap(ld, NULL, &r, &err), INCSTAT_OK);
    incstat_loader_free(ld);
    assert_false(r.compare.boot_done);
    incstat_summary_free(s);
}

/* Allocation failure at every step of the incident bootstrap gives ENOMEM,
 * never a result. */
static void test_bootstrap_enomem(void **state)
{
    (void)state;
    incstat_summary *s = load_summary(ALERTS, NULL, NULL, NULL, 0);
    incstat_claim_result r;
    incstat_error err;
    record_2024(s, 200, &r);
    incstat_load_options lo = alerts_options();
    int ok = 0;
    for (unsigned long k = 1; k < 200 && !ok; k++) {
        incstat_loader *ld;
        assert_int_equal(incstat_loader_open(ALERTS, &lo, &ld, &err), INCSTAT_OK);
        incstat_claim_result rk = r;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_claim_bootstrap(ld, NULL, &rk, &err);
        incstat_test_fail_alloc_after(0);
        incstat_loader_free(ld);
        if (st == INCSTAT_OK) {
            assert_true(rk.compare.boot_done);
            ok = 1;
        } else {
            assert_int_equal(st, INCSTAT_ENOMEM);
        }
    }
    assert_true(ok);
    incstat_summary_free(s);
}

/* ---- alerts ------------------------------------------------------------ */

typedef struct {
    const char *name;
    double x[12];
    size_t n;
    double mean, var, upper;
    int negbin;
} bound_case;

/* alerts.out */
static const bound_case CASES[] = {
    {"Spike", {2, 3, 1, 2, 4, 2, 3, 2, 1, 3, 2, 3}, 12, 2.3333333333333335, 0.78787878787878785, 6, 0},
    {"Noisy", {0, 5, 1, 9, 2, 0, 7, 3, 1, 8, 0, 6}, 12, 3.5, 11.181818181818182, 12, 1},
    {"New", {0}, 12, 0, 0, 0, 0},
    {"Constant", {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 12, 5, 0, 10, 0},
    {"Heavy", {0, 0, 0, 40, 0, 1, 0, 0, 95, 0, 2, 0}, 12, 11.5, 822.09090909090912, 95, 1},
    {"Large", {1000, 1010, 990, 1005, 995, 1002, 998, 1001, 999, 1000}, 10, 1000,
     28.888888888888889, 1062, 0},
    {"Near", {3, 4, 5, 3, 4, 5, 3, 4, 6, 2}, 10, 3.8999999999999999, 1.4333333333333333, 8, 0},
};

static void test_alert_bound(void **state)
{
    (void)state;
    incstat_error err;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        double m, v, u;
        int nb;
        assert_int_equal(incstat_alert_bound(CASES[i].x, CASES[i].n, &m, &v, &u, &nb, &err),
                         INCSTAT_OK);
        assert_close(m, CASES[i].mean, REL);
        assert_close(v, CASES[i].var, REL);
        if (u != CASES[i].upper)
            fail_msg("%s: upper %g, R says %g", CASES[i].name, u, CASES[i].upper);
        assert_int_equal(nb, CASES[i].negbin);
    }
    double m, v, u, bad[] = {1, -1};
    assert_int_equal(incstat_alert_bound(bad, 1, &m, &v, &u, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_alert_bound(bad, 2, &m, &v, &u, NULL, &err), INCSTAT_EDOMAIN);
    assert_int_equal(incstat_alert_bound(NULL, 2, &m, &v, &u, NULL, &err), INCSTAT_EINVAL);
}

static void test_alerts_groups(void **state)
{
    (void)state;
    incstat_by by[2] = {{INCSTAT_BY_TEXT, "admin1"}, {INCSTAT_BY_MONTH, NULL}};
    incstat_summary *s = load_summary(ALERTS, NULL, NULL, by, 2);
    incstat_alerts_options o;
    memset(&o, 0, sizeof o);
    o.metric = INCSTAT_CHECK_INCIDENTS;
    incstat_alerts *a;
    incstat_error err;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_OK);
    assert_int_equal(incstat_alerts_count(a), 4);
    assert_string_equal(incstat_alerts_period(a), "2024-12");
    static const struct {
        const char *group;
        double count;
        incstat_alert_kind kind;
    } WANT[] = {{"Constant", 8, INCSTAT_ALERT_NONE},
                {"New", 4, INCSTAT_ALERT_NEW},
                {"Noisy", 9, INCSTAT_ALERT_NONE},
                {"Spike", 12, INCSTAT_ALERT_SPIKE}};
    for (size_t i = 0; i < 4; i++) {
        const incstat_alert *x = incstat_alerts_at(a, i);
        assert_string_equal(x->group, WANT[i].group);
        assert_close(x->count, WANT[i].count, 0);
        assert_int_equal(x->kind, WANT[i].kind);
        assert_int_equal(x->alert, WANT[i].kind != INCSTAT_ALERT_NONE);
        /* the same baselines as the kernel cases, bound from R */
        for (size_t k = 0; k < 4; k++)
            if (strcmp(CASES[k].name, x->group) == 0) {
                assert_close(x->baseline_mean, CASES[k].mean, REL);
                assert_close(x->upper, CASES[k].upper, 0);
            }
    }
    assert_nan(incstat_alerts_at(a, 1)->ratio); /* a mean of 0 */
    assert_null(incstat_alerts_at(a, 4));
    /* written: the heading and the two groups with an alert; JSON has all */
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(incstat_alerts_write(a, &o, 0, 0, out, &err), INCSTAT_OK);
    fclose(out);
    const char *head = "2024-12, against the 12 periods before it (incidents): 2 alerts in "
                       "4 groups.\n";
    assert_true(strncmp(buf, head, strlen(head)) == 0);
    assert_non_null(strstr(buf, "\nSpike "));
    assert_null(strstr(buf, "\nNoisy "));
    free(buf);
    out = open_memstream(&buf, &len);
    assert_int_equal(incstat_alerts_write(a, &o, 0, 1, out, &err), INCSTAT_OK);
    fclose(out);
    head = "{\"alerts\": [\n {\"group\": \"Constant\", \"period\": \"2024-12\"";
    assert_true(strncmp(buf, head, strlen(head)) == 0);
    assert_non_null(strstr(buf, "\"kind\": \"new\", \"ratio\": null}"));
    free(buf);
    assert_int_equal(incstat_alerts_write(NULL, &o, 0, 1, stdout, &err), INCSTAT_EINVAL);
    incstat_alerts_free(a);
    /* a new count below --min-count is no alert */
    o.min_count = 5;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_OK);
    assert_int_equal(incstat_alerts_at(a, 1)->kind, INCSTAT_ALERT_NONE);
    incstat_alerts_free(a);
    /* 12 periods before 2024-12 exist, not 13: say how many */
    o.baseline = 13;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_EDOMAIN);
    assert_null(a);
    assert_string_equal(err.message, "alerts: only 12 periods before 2024-12, 13 asked (--baseline)");
    /* rows that are periods: a month without a row is unknown, so the groups
     * with empty months in their baseline (New, Noisy) are skipped */
    o.baseline = 0;
    o.incidents_unknown = 1;
    o.metric = INCSTAT_CHECK_KILLED;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_OK);
    assert_int_equal(incstat_alerts_count(a), 2);
    assert_string_equal(incstat_alerts_at(a, 0)->group, "Constant");
    assert_string_equal(incstat_alerts_at(a, 1)->group, "Spike");
    const char *why;
    assert_int_equal(incstat_alerts_skipped(a, &why), 2);
    assert_string_equal(why, "alerts: New 2023-12 has no data (no row in the file), inside the "
                             "baseline of 2024-12");
    incstat_alerts_free(a);
    o.metric = INCSTAT_CHECK_INCIDENTS;
    o.incidents_unknown = 0;
    o.baseline = 1;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_EINVAL);
    o.baseline = 0;
    o.incidents_unknown = 1;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_EDOMAIN);
    incstat_summary_free(s);
    /* a yearly summary of two years has no 12-year baseline */
    s = load_summary(ALERTS, NULL, NULL, NULL, 0);
    memset(&o, 0, sizeof o);
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_EDOMAIN);
    incstat_summary_free(s);
}

/* ---- a table of periods with a count of incidents missing -------------- */

#define PERIODS_ONE TEST_DATA_DIR "/periods/events_empty_cell.csv"
#define PERIODS_TWO TEST_DATA_DIR "/periods/events_empty_two_countries.csv"

/* Pakistan 2011's count of incidents is missing: alerts and claims on
 * incidents take that year as unknown, never 0 (nor 1), and the other years'
 * counts stay usable, also when the unknown year is the first row. */
static void test_periods_incidents_unknown(void **state)
{
    (void)state;
    incstat_by by[2] = {{INCSTAT_BY_TEXT, "country"}, {INCSTAT_BY_YEAR, NULL}};
    incstat_summary *s = summary_of(PERIODS_TWO, NULL, NULL, NULL, by, 2);
    incstat_alerts_options o;
    memset(&o, 0, sizeof o);
    o.metric = INCSTAT_CHECK_INCIDENTS;
    o.baseline = 2;
    incstat_alerts *a;
    incstat_error err;
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_OK);
    assert_int_equal(incstat_alerts_count(a), 1);
    assert_string_equal(incstat_alerts_at(a, 0)->group, "Afghanistan");
    assert_close(incstat_alerts_at(a, 0)->count, 33, 0);
    assert_close(incstat_alerts_at(a, 0)->baseline_mean, 29, 0); /* (30 + 28) / 2 */
    const char *why;
    assert_int_equal(incstat_alerts_skipped(a, &why), 1);
    assert_string_equal(why, "alerts: Pakistan 2011 has no data (its count of incidents is "
                             "unknown), inside the baseline of 2012");
    incstat_alerts_free(a);
    incstat_summary_free(s);

    /* from 2011 on, the first row is the unknown one: still a count to
     * watch, with 2011 unknown in the baseline (not "the rows are not
     * incidents") */
    s = summary_of(PERIODS_ONE, NULL, NULL, "2011", NULL, 0);
    assert_true(incstat_summary_row_at(s, 0)->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    assert_int_equal(incstat_alerts_from_summary(s, &o, &a, &err), INCSTAT_EDOMAIN);
    assert_string_equal(err.message, "alerts: 2011 has no data (its count of incidents is "
                                     "unknown), inside the baseline of 2013");
    /* a claim on 2013's incidents compares with 2012 (9 -> 14); one on 2011
     * cannot be checked */
    incstat_claim_options co;
    memset(&co, 0, sizeof co);
    co.metric = INCSTAT_CHECK_INCIDENTS;
    co.kind = INCSTAT_CLAIM_MORE_THAN;
    co.year = 2013;
    co.arg = 10;
    incstat_claim_result r;
    assert_int_equal(incstat_claim_check(s, &co, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_OK);
    assert_int_equal(r.holds, 1);
    co.year = 2011;
    assert_int_equal(incstat_claim_check(s, &co, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_NO_DATA);
    assert_string_equal(r.reason, "2011 has no known incidents figure");
    incstat_summary_free(s);
}

/* Allocation failure at every step of an alerts run gives ENOMEM. */
static void test_alerts_enomem(void **state)
{
    (void)state;
    incstat_by by[2] = {{INCSTAT_BY_TEXT, "admin1"}, {INCSTAT_BY_MONTH, NULL}};
    incstat_summary *s = load_summary(ALERTS, NULL, NULL, by, 2);
    incstat_alerts_options o;
    memset(&o, 0, sizeof o);
    for (unsigned long k = 1; k < 10; k++) {
        incstat_alerts *a = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_alerts_from_summary(s, &o, &a, &err);
        incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            incstat_alerts_free(a);
            break;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        assert_null(a);
    }
    incstat_summary_free(s);
}

/* A yearly summary of incidents made by hand: year, killed (NaN unknown). */
static incstat_summary *hand_summary(const int *year, const double *killed, size_t n)
{
    incstat_summary *s;
    incstat_error err;
    assert_int_equal(incstat_summary_new(NULL, NULL, 0, &s, &err), INCSTAT_OK);
    for (size_t i = 0; i < n; i++) {
        incstat_incident inc;
        memset(&inc, 0, sizeof inc);
        inc.line = i + 2;
        inc.date.year = year[i];
        inc.date.month = 12;
        inc.date.day = 31;
        inc.date.precision = INCSTAT_DATE_DAY;
        for (int k = 0; k < INCSTAT_NUM_COUNT; k++)
            inc.num[k] = NAN;
        inc.num[INCSTAT_NUM_KILLED_LOW] = inc.num[INCSTAT_NUM_KILLED_BEST] =
            inc.num[INCSTAT_NUM_KILLED_HIGH] = killed[i];
        assert_int_equal(incstat_summary_add(s, &inc, &err), INCSTAT_OK);
    }
    assert_int_equal(incstat_summary_finish(s, &err), INCSTAT_OK);
    return s;
}

/* Years whose every toll is unknown are skipped by claims and alerts, and
 * they say so; never read as 0 killed. */
static void test_unknown_years_skipped(void **state)
{
    (void)state;
    /* 2019 and 2021: every toll unknown; 2020: one of two unknown (a sum of 4) */
    const int year[] = {2018, 2019, 2019, 2020, 2020, 2021, 2022, 2023};
    const double killed[] = {9, NAN, NAN, 4, NAN, NAN, 6, 8};
    incstat_summary *s = hand_summary(year, killed, 8);
    incstat_claim_result r;
    incstat_error err;
    char buf[512];
    incstat_claim_options o = claim(INCSTAT_CLAIM_RECORD, 2023, 0);
    o.incidents_unknown = 0;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_OK);
    assert_int_equal(r.holds, 0); /* 2018's 9 beats 8; the unknown years count for nothing */
    assert_int_equal(r.unknown_in_window, 2);
    assert_int_equal(r.uncovered_in_window, 0);
    assert_non_null(strstr(incstat_claim_sentence(&r, buf, sizeof buf),
                           "2 years in the window have no known killed figure and were skipped."));
    /* a year whose toll is unknown: no verdict, not "fewer than 5" */
    o = claim(INCSTAT_CLAIM_FEWER_THAN, 2019, 5);
    o.incidents_unknown = 0;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.status, INCSTAT_CLAIM_NO_DATA);
    assert_string_equal(r.reason, "2019 has no known killed figure");
    /* a sum of some known values is a value: 2020 had 4 known */
    o = claim(INCSTAT_CLAIM_MORE_THAN, 2020, 3);
    o.incidents_unknown = 0;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.holds, 1);
    assert_close(r.est[INCSTAT_ESTIMATE_BEST].value, 4, 0);
    /* 2022's 6 is the highest since 2018 (9): 2020's 4 is lower, and 2019
     * and 2021 are skipped and counted */
    o = claim(INCSTAT_CLAIM_HIGHEST_SINCE, 2022, 2018);
    o.incidents_unknown = 0;
    assert_int_equal(incstat_claim_check(s, &o, &r, &err), INCSTAT_OK);
    assert_int_equal(r.est[INCSTAT_ESTIMATE_BEST].highest_since, 2018);
    assert_int_equal(r.holds, 1);
    assert_int_equal(r.unknown_in_window, 2); /* 2019 and 2021 */
    /* alerts: a baseline period whose toll is unknown is named, not a 0 */
    incstat_alerts_options ao;
    memset(&ao, 0, sizeof ao);
    ao.metric = INCSTAT_CHECK_KILLED;
    ao.baseline = 3;
    incstat_alerts *al = NULL;
    assert_int_equal(incstat_alerts_from_summary(s, &ao, &al, &err), INCSTAT_EDOMAIN);
    assert_null(al);
    assert_string_equal(err.message, "alerts: 2021 has no data (the toll of every incident in "
                                     "it is unknown), inside the baseline of 2023");
    incstat_summary_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_highest_since),
        cmocka_unit_test(test_thresholds_record_rise),
        cmocka_unit_test(test_cannot_check),
        cmocka_unit_test(test_unknown_years_skipped),
        cmocka_unit_test(test_incidents),
        cmocka_unit_test(test_bootstrap_enomem),
        cmocka_unit_test(test_alert_bound),
        cmocka_unit_test(test_alerts_groups),
        cmocka_unit_test(test_alerts_enomem),
        cmocka_unit_test(test_periods_incidents_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
