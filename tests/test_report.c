/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_report.c: the report through include/incstat/report.h: the
 * three ways out (path, stream, callback) give the same bytes, the options
 * reach the document, and every error the header lists is provoked.  The
 * content itself is checked end to end by tests/report/run.sh. */
#include <stdlib.h>
#include <unistd.h>

#include "incstat.h"
#include "core/internal.h" /* incstat_test_fail_alloc_after */
#include "helpers.h"

#define PBC "datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"

typedef struct {
    char *p;
    size_t len;
    int fail; /* the sink refuses */
} mem;

static int to_mem(void *ctx, const void *data, size_t len)
{
    mem *m = ctx;
    if (m->fail)
        return 1;
    char *q = realloc(m->p, m->len + len + 1);
    if (!q)
        return 1;
    memcpy(q + m->len, data, len);
    m->p = q;
    m->len += len;
    m->p[m->len] = '\0';
    return 0;
}

static int contains(const mem *m, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= m->len; i++)
        if (memcmp(m->p + i, s, n) == 0)
            return 1;
    return 0;
}

static int setup(void **state)
{
    incstat_table *t = NULL;
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    if (incstat_load_path(PBC, &lo, &t, NULL) != INCSTAT_OK)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    incstat_table_free(*state);
    return 0;
}

static mem report(const incstat_table *t, const incstat_report_options *o, incstat_status want)
{
    mem m = {0};
    incstat_error err;
    incstat_report_info info;
    incstat_status st = incstat_report_write_to(t, o, to_mem, &m, &info, &err);
    if (st != want)
        fail_msg("status %d (%s), want %d", st, err.message, want);
    if (st == INCSTAT_OK)
        assert_int_equal(info.bytes, m.len);
    return m;
}

static void pdf_and_html(void **state)
{
    const incstat_table *t = *state;
    mem a = report(t, NULL, INCSTAT_OK);
    assert_true(a.len > 1000);
    assert_memory_equal(a.p, "%PDF-", 5);
    mem b = report(t, NULL, INCSTAT_OK); /* no date unless asked: the same bytes */
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.p, b.p, a.len);
    incstat_report_options o;
    memset(&o, 0, sizeof o);
    o.format = INCSTAT_REPORT_HTML;
    mem h = report(t, &o, INCSTAT_OK);
    assert_memory_equal(h.p, "<!DOCTYPE html>", 15);
    assert_true(contains(&h, "About the data"));
    assert_false(contains(&h, "<script"));
    free(a.p);
    free(b.p);
    free(h.p);
}

/* path, FILE* and callback give the same bytes */
static void three_ways_out(void **state)
{
    const incstat_table *t = *state;
    mem m = report(t, NULL, INCSTAT_OK);
    char path[] = "/tmp/incstat_test_reportXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    incstat_report_info info;
    assert_int_equal(incstat_report_write(t, NULL, path, &info, NULL), INCSTAT_OK);
    assert_int_equal(info.bytes, m.len);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = malloc(m.len + 1);
    assert_int_equal(fread(buf, 1, m.len + 1, fp), m.len);
    fclose(fp);
    assert_memory_equal(buf, m.p, m.len);

    fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(incstat_report_write_stream(t, NULL, fp, NULL, NULL), INCSTAT_OK);
    rewind(fp);
    assert_int_equal(fread(buf, 1, m.len + 1, fp), m.len);
    fclose(fp);
    assert_memory_equal(buf, m.p, m.len);
    free(buf);
    free(m.p);
    remove(path);
}

static void options_reach_the_document(void **state)
{
    const incstat_table *t = *state;
    incstat_report_options o;
    memset(&o, 0, sizeof o);
    o.format = INCSTAT_REPORT_HTML;
    o.title = "Suicide attacks & <others>";
    o.sections = INCSTAT_REPORT_TABLE;
    o.category = "perpetrator";
    mem h = report(t, &o, INCSTAT_OK);
    assert_true(contains(&h, "Suicide attacks &amp; &lt;others&gt;"));
    assert_false(contains(&h, "About the data")); /* only the table asked for */
    free(h.p);

    memset(&o, 0, sizeof o);
    o.paper = INCSTAT_REPORT_LETTER;
    o.pdf_date = "2017-11-30T00:00:00Z";
    mem p = report(t, &o, INCSTAT_OK);
    assert_true(contains(&p, "612 792")); /* US letter, in points */
    assert_true(contains(&p, "/CreationDate (20171130000000Z)"));
    free(p.p);

    /* the trend: AUTO (the default) leads with the spline smooth where it fits
     * better by AIC, as on this file (df 5); NEGBIN is the log-linear negative
     * binomial itself, drawn and put first; POISSON the Poisson one */
    memset(&o, 0, sizeof o);
    o.format = INCSTAT_REPORT_HTML;
    mem a = report(t, &o, INCSTAT_OK);
    assert_true(contains(&a, "The smooth trend is a negative-binomial GLM on a natural spline"));
    assert_true(contains(&a, "and the smooth (negative-binomial spline) trend, 1995"));
    assert_true(contains(&a, "For reference, on a negative-binomial log-linear model"));
    o.trend = INCSTAT_REPORT_NEGBIN;
    mem nb = report(t, &o, INCSTAT_OK);
    assert_false(contains(&nb, "The smooth trend is a negative-binomial GLM"));
    assert_true(contains(&nb, "and the negative-binomial trend, 1995"));
    assert_true(contains(&nb, "On a negative-binomial log-linear model (theta 0.494)"));
    o.trend = INCSTAT_REPORT_POISSON;
    mem po = report(t, &o, INCSTAT_OK);
    assert_false(contains(&po, "On a smooth trend"));
    assert_true(contains(&po, "On a Poisson log-linear model"));
    free(a.p);
    free(nb.p);
    free(po.p);

    /* the extension points add nothing yet */
    memset(&o, 0, sizeof o);
    o.format = INCSTAT_REPORT_HTML;
    mem d = report(t, &o, INCSTAT_OK);
    o.sections = INCSTAT_REPORT_DEFAULT | INCSTAT_REPORT_CLAIMS | INCSTAT_REPORT_TRENDS;
    mem e = report(t, &o, INCSTAT_OK);
    assert_int_equal(d.len, e.len);
    assert_memory_equal(d.p, e.p, d.len);
    free(d.p);
    free(e.p);
}

static const char *stages[8];
static size_t n_stages;

static void note_stage(void *ctx, const char *stage)
{
    (void)ctx;
    if (n_stages < 8)
        stages[n_stages++] = stage;
}

static void progress(void **state)
{
    incstat_report_options o;
    memset(&o, 0, sizeof o);
    o.progress = note_stage;
    n_stages = 0;
    mem m = report(*state, &o, INCSTAT_OK);
    free(m.p);
    assert_int_equal(n_stages, 5);
    assert_string_equal(stages[0], "summaries");
    assert_string_equal(stages[4], "writing");
}

static void expect(const incstat_table *t, const incstat_report_options *o, incstat_status want,
                   const char *text)
{
    mem m = {0};
    incstat_error err;
    incstat_report_info info;
    assert_int_equal(incstat_report_write_to(t, o, to_mem, &m, &info, &err), want);
    assert_int_equal(err.code, want);
    if (!strstr(err.message, text))
        fail_msg("message '%s' lacks '%s'", err.message, text);
    assert_int_equal(m.len, 0); /* nothing written */
    free(m.p);
}

static void errors(void **state)
{
    const incstat_table *t = *state;
    incstat_report_options o;
    memset(&o, 0, sizeof o);
    incstat_error err;

    assert_int_equal(incstat_report_write_to(NULL, NULL, to_mem, NULL, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_report_write_to(t, NULL, NULL, NULL, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_report_write(t, NULL, NULL, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_report_write_stream(t, NULL, NULL, NULL, &err), INCSTAT_EINVAL);

    o.category = "nosuch";
    expect(t, &o, INCSTAT_ENOCOLUMN, "no field or column \"nosuch\"");
    /* the file's own name for a field is the field; a column it does not
     * read says so */
    o.category = "Province";
    mem prov = report(t, &o, INCSTAT_OK);
    free(prov.p);
    o.category = "Time";
    expect(t, &o, INCSTAT_ENOCOLUMN, "\"Time\" is a column incstat does not read; --keep Time");
    o.category = NULL;
    const char *where[] = {"nosuch=1"};
    o.where = where;
    o.n_where = 1;
    expect(t, &o, INCSTAT_ENOCOLUMN, "nosuch");
    where[0] = "noequals";
    expect(t, &o, INCSTAT_EINVAL, "FIELD=VALUE");
    o.n_where = 0;
    o.from = "2030";
    expect(t, &o, INCSTAT_EEMPTY, "none of the 496 loaded passed");
    o.from = NULL;

    mem m = {0};
    m.fail = 1;
    assert_int_equal(incstat_report_write_to(t, &o, to_mem, &m, NULL, &err), INCSTAT_EIO);

    incstat_report_info info;
    assert_int_equal(incstat_report_write(t, NULL, "/nonexistent/dir/r.pdf", &info, &err),
                     INCSTAT_EIO);
    assert_string_equal(err.message,
                        "cannot write '/nonexistent/dir/r.pdf': No such file or directory");
    assert_int_equal(info.bytes, 0);
}

/* A table built by hand has no load report: no data section, the source
 * named by input. */
static void hand_built_table(void **state)
{
    (void)state;
    incstat_table *t = NULL;
    assert_int_equal(incstat_table_new(NULL, 0, &t, NULL), INCSTAT_OK);
    static const int years[] = {2015, 2016, 2017, 2018};
    static const double killed[] = {12, 40, 7.5, 22};
    for (size_t i = 0; i < 4; i++) {
        incstat_incident inc;
        memset(&inc, 0, sizeof inc);
        inc.line = i + 2;
        inc.date.year = years[i];
        inc.date.month = 6;
        inc.date.day = 1;
        inc.date.precision = INCSTAT_DATE_DAY;
        for (int k = 0; k < INCSTAT_NUM_COUNT; k++)
            inc.num[k] = NAN;
        inc.num[INCSTAT_NUM_KILLED_LOW] = inc.num[INCSTAT_NUM_KILLED_BEST] =
            inc.num[INCSTAT_NUM_KILLED_HIGH] = killed[i];
        assert_int_equal(incstat_table_append(t, &inc, NULL), INCSTAT_OK);
    }
    assert_null(incstat_table_report(t));
    incstat_report_options o;
    memset(&o, 0, sizeof o);
    o.format = INCSTAT_REPORT_HTML;
    o.input = "my_records";
    mem h = report(t, &o, INCSTAT_OK);
    assert_true(contains(&h, "Source: my_records; best estimate"));
    assert_false(contains(&h, "About the data"));
    free(h.p);
    incstat_table_free(t);
}

/* The report of a yearly summary alone: title, table and trend; the same
 * title block as the table's report. */
static void from_summary(void **state)
{
    const incstat_table *t = *state;
    incstat_summary *s = NULL;
    assert_int_equal(incstat_summary_from_table(t, NULL, NULL, &s, NULL), INCSTAT_OK);
    incstat_report_options o;
    memset(&o, 0, sizeof o);
    o.format = INCSTAT_REPORT_HTML;
    o.input = PBC;
    mem m = {0};
    incstat_error err;
    assert_int_equal(incstat_report_write_summary_to(s, &o, to_mem, &m, NULL, &err), INCSTAT_OK);
    /* the part year against the same span of 2016, not the whole of it */
    assert_true(contains(&m, "1 January to 25 November 2017: about 278 people were killed"));
    assert_true(contains(&m, "In the same span of 2016, about 344 were killed"));
    assert_true(contains(&m, "id=\"trend\""));
    assert_false(contains(&m, "About the data"));
    assert_false(contains(&m, "id=\"data\""));
    free(m.p);

    o.format = INCSTAT_REPORT_PDF;
    memset(&m, 0, sizeof m);
    assert_int_equal(incstat_report_write_summary_to(s, &o, to_mem, &m, NULL, &err), INCSTAT_OK);
    assert_memory_equal(m.p, "%PDF-", 5);
    free(m.p);
    incstat_summary_free(s);

    /* by month is not a yearly summary */
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.by[0].kind = INCSTAT_BY_MONTH;
    so.n_by = 1;
    assert_int_equal(incstat_summary_from_table(t, &so, NULL, &s, NULL), INCSTAT_OK);
    memset(&m, 0, sizeof m);
    assert_int_equal(incstat_report_write_summary_to(s, &o, to_mem, &m, NULL, &err),
                     INCSTAT_EINVAL);
    assert_int_equal(m.len, 0);
    incstat_summary_free(s);
    assert_int_equal(incstat_report_write_summary_to(NULL, &o, to_mem, &m, NULL, &err),
                     INCSTAT_EINVAL);
}

/* Allocation failure at every step of a report (PDF and HTML) of a small
 * file: ENOMEM and nothing written, never a crash or a leak (under ASan),
 * until the step count passes the allocations a report makes. */
static incstat_status one_report(const incstat_table *t, const incstat_summary *s,
                                 const incstat_report_options *o, mem *m, incstat_error *err)
{
    return s ? incstat_report_write_summary_to(s, o, to_mem, m, NULL, err)
             : incstat_report_write_to(t, o, to_mem, m, NULL, err);
}

static void allocation_failures(void **state)
{
    (void)state;
    incstat_table *t = NULL;
    incstat_summary *s = NULL;
    assert_int_equal(incstat_load_path("tests/data/load/acled_sample.csv", NULL, &t, NULL),
                     INCSTAT_OK);
    assert_int_equal(incstat_summary_from_table(t, NULL, NULL, &s, NULL), INCSTAT_OK);
    /* PDF and HTML of the table, PDF of the summary */
    for (int pass = 0; pass < 3; pass++) {
        incstat_report_options o;
        memset(&o, 0, sizeof o);
        o.format = pass == 1 ? INCSTAT_REPORT_HTML : INCSTAT_REPORT_PDF;
        const incstat_summary *src = pass == 2 ? s : NULL;
        mem whole = {0};
        assert_int_equal(one_report(t, src, &o, &whole, NULL), INCSTAT_OK);
        unsigned long n;
        for (n = 1;; n++) {
            mem m = {0};
            incstat_error err;
            incstat_test_fail_alloc_after(n);
            incstat_status st = one_report(t, src, &o, &m, &err);
            unsigned long made = incstat_test_fail_alloc_after(0);
            if (st == INCSTAT_OK) {
                if (made >= n) /* a failure was injected, and swallowed */
                    fail_msg("allocation %lu of %lu failed and the report succeeded", n, made);
                assert_int_equal(m.len, whole.len);
                assert_memory_equal(m.p, whole.p, m.len);
                free(m.p);
                break;
            }
            if (st != INCSTAT_ENOMEM)
                fail_msg("allocation %lu failed: status %d (%s), want ENOMEM", n, st,
                         err.message);
            assert_int_equal(m.len, 0);
            free(m.p);
        }
        assert_true(n > 20);
        free(whole.p);
    }
    incstat_summary_free(s);
    incstat_table_free(t);
}

/* SOURCE_DATE_EPOCH's seconds as the PDF date; anything else none. */
static void pdf_date_text(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(incstat_report_pdf_date("1511827200", buf, sizeof buf),
                        "2017-11-28T00:00:00Z");
    assert_null(incstat_report_pdf_date("soon", buf, sizeof buf));
    assert_null(incstat_report_pdf_date("-5", buf, sizeof buf));
    assert_null(incstat_report_pdf_date("", buf, sizeof buf));
    assert_null(incstat_report_pdf_date(NULL, buf, sizeof buf));
    assert_null(incstat_report_pdf_date("1511827200", buf, 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pdf_and_html),
        cmocka_unit_test(pdf_date_text),
        cmocka_unit_test(three_ways_out),
        cmocka_unit_test(options_reach_the_document),
        cmocka_unit_test(progress),
        cmocka_unit_test(errors),
        cmocka_unit_test(hand_built_table),
        cmocka_unit_test(from_summary),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
