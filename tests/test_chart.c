/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_chart.c: the chart library (src/chart*.c): the pure helpers
 * (ticks, mapping, number formatting, label placement, label stride), the
 * description API and its errors, every kind end to end in PNG, SVG and PDF,
 * determinism, reference images, scripts, and allocation failure.
 *
 * Reference images live in tests/data/chart/<kind>.png (400 x 250).  After a
 * deliberate change to the drawing, look at the new images and regenerate
 * them with
 *     INCSTAT_CHART_REGEN=1 build/tests/test_chart
 * The comparison tolerates antialiasing: mean absolute channel difference
 * under 2 and under 1% of pixels with a channel differing by more than 64.
 *
 * PDF text is read back with pdftotext (Debian package poppler-utils) and
 * SVG checked with xmllint (libxml2-utils) when they are installed; those
 * checks are skipped otherwise.  The Chinese text check needs a CJK font
 * (e.g. fonts-noto-cjk or fonts-wqy-microhei) and is skipped without one. */
#include "helpers.h"

#include <cairo.h>
#include <png.h>
#include <float.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incstat.h"
#include "core/internal.h"
#include "chart/chart_internal.h"

#define REF_DIR TEST_DATA_DIR "/chart/"

/* LeakSanitizer reports some 25,000 blocks (about 700 KB) from fontconfig:
 * the patterns, charsets and language sets it builds while Pango asks it for
 * fonts (FcFontSetSort, FcPatternDuplicate, FcCharSetCopy ... below
 * pango_fc_fontset_key / pango_fc_font_map_load_fontset).  Pango's per-thread
 * font map caches these fontsets for the life of the thread and fontconfig's
 * own caches are only released by FcFini(), which Pango never calls; they
 * are allocated once per process, not per chart.  Only fontconfig's library
 * is suppressed, so leaks from incstat (and from cairo or Pango themselves)
 * are still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* ---- small helpers ---------------------------------------------------------- */

static char tmpdir[64];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/incstat_chart_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    unsigned char *p = malloc(cap + 1);
    assert_non_null(p);
    size_t got;
    while ((got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap + 1);
            assert_non_null(p);
        }
    }
    fclose(f);
    p[n] = '\0';
    *len = n;
    return p;
}

static int contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0)
        return 1;
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == (unsigned char)needle[0] && memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

static int have_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* Output of a shell command (at most 1 MiB). */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 20, n = 0, got;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    while (n < cap && (got = fread(buf + n, 1, cap - n, p)) > 0)
        n += got;
    buf[n] = '\0';
    pclose(p);
    return buf;
}

static void assert_same_file(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *pa = slurp(a, &na), *pb = slurp(b, &nb);
    if (na != nb || memcmp(pa, pb, na) != 0)
        fail_msg("%s and %s differ (%zu and %zu bytes)", a, b, na, nb);
    free(pa);
    free(pb);
}

/* ---- test data: Pakistan suicide attacks, made-up but plausible ---------------- */

#define NY 23
static const char *const years[NY] = {"1995", "1996", "1997", "1998", "1999", "2000",
                                      "2001", "2002", "2003", "2004", "2005", "2006",
                                      "2007", "2008", "2009", "2010", "2011", "2012",
                                      "2013", "2014", "2015", "2016", "2017"};
static const double killed[NY] = {15,  NAN, 2,   0,    0,    11,  0,   43,
                                  69,  123, 84,  161,  842,  893, 1146, 1011,
                                  612, 385, 778, 316,  208,  304, 270};
static const char *const provinces[7] = {"Khyber Pakhtunkhwa", "FATA", "Balochistan",
                                         "Punjab", "Sindh", "Islamabad Capital Territory",
                                         "Other"};
static const double shares[7] = {0.42, 0.2, 0.13, 0.13, 0.07, 0.04, 0.01};

static double province_value(size_t p, size_t i)
{
    if (isnan(killed[i]))
        return NAN;
    return round(killed[i] * shares[p] * (1 + 0.35 * sin((double)i * 0.9 + (double)p * 1.7)));
}

#define TRY(call)                                                                          \
    do {                                                                                   \
        st = (call);                                                                       \
        if (st)                                                                            \
            goto fail;                                                                     \
    } while (0)

/* A chart of each kind, built through every setter that applies; frees and
 * returns the status on failure (allocation-failure test). */
static incstat_status build(incstat_chart_kind kind, incstat_chart **out)
{
    incstat_error err;
    incstat_chart *c = NULL;
    incstat_status st;
    unsigned char flags[NY] = {0};
    flags[1] = INCSTAT_CHART_MISSING;
    flags[NY - 1] = INCSTAT_CHART_PARTIAL;
    *out = NULL;
    TRY(incstat_chart_new(kind, &c, &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "Suicide attacks in Pakistan", &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_SUBTITLE, "People killed, 1995\u20132017",
                               &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_CAPTION, "Source: Pakistan Body Count",
                               &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_UNIT, "killed", &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_Y_LABEL, "Killed per year", &err));
    incstat_chart_style style = {0};
    style.width = 400;
    style.height = 250;
    TRY(incstat_chart_set_style(c, &style, &err));
    if (kind == INCSTAT_CHART_HEATMAP) {
        double grid[NY * 12];
        for (size_t i = 0; i < NY; i++)
            for (size_t m = 0; m < 12; m++) {
                double v = killed[i] / 12 * (1 + 0.8 * sin((double)m * 1.3 + (double)i));
                grid[i * 12 + m] = isnan(v) ? NAN : round(fmax(0, v));
            }
        grid[NY * 12 - 1] = NAN;
        TRY(incstat_chart_set_grid(c, years, NY, NULL, 12, grid, &err));
        *out = c;
        return INCSTAT_OK;
    }
    TRY(incstat_chart_set_periods(c, years, NY, &err));
    switch (kind) {
    case INCSTAT_CHART_STACKED:
    case INCSTAT_CHART_MULTIPLES:
        for (size_t p = 0; p < 7; p++) {
            double v[NY];
            for (size_t i = 0; i < NY; i++)
                v[i] = province_value(p, i);
            TRY(incstat_chart_add_series(c, provinces[p], v, NY, &err));
        }
        break;
    default:
        TRY(incstat_chart_add_series(c, "Killed", killed, NY, &err));
        break;
    }
    TRY(incstat_chart_set_flags(c, flags, NY, &err));
    if (kind == INCSTAT_CHART_LINE) {
        double fit[NY], lo[NY], hi[NY], ma[NY];
        for (size_t i = 0; i < NY; i++) {
            double x = (double)i - 14;
            fit[i] = fmax(0, 1000 - 6.5 * x * x);
            lo[i] = fmax(0, fit[i] - 180);
            hi[i] = fit[i] + 180;
            ma[i] = (i > 0 && i + 1 < NY) ? (killed[i - 1] + killed[i] + killed[i + 1]) / 3 : NAN;
        }
        TRY(incstat_chart_set_trend(c, fit, lo, hi, NY, "Trend", &err));
        TRY(incstat_chart_set_moving_average(c, ma, NY, NULL, &err));
        TRY(incstat_chart_add_marker(c, 11.5, "2007", &err));
        TRY(incstat_chart_add_marker(c, 18.5, NULL, &err));
    }
    if (kind == INCSTAT_CHART_RANGE) {
        double lo[NY], hi[NY];
        for (size_t i = 0; i < NY; i++) {
            lo[i] = killed[i] * 0.8;
            hi[i] = killed[i] * 1.3;
        }
        TRY(incstat_chart_set_range(c, lo, hi, NY, 0, &err));
    }
    *out = c;
    return INCSTAT_OK;
fail:
    assert_int_equal(err.code, st);
    incstat_chart_free(c);
    return st;
}

static incstat_chart *make(incstat_chart_kind kind)
{
    incstat_chart *c;
    assert_int_equal(build(kind, &c), INCSTAT_OK);
    return c;
}

static const char *const kind_names[] = {"bar", "line", "range", "stacked", "heatmap",
                                         "multiples"};

/* ---- ticks --------------------------------------------------------------------- */

static void check_ticks(double lo, double hi, size_t max, double elo, double ehi, double estep,
                        size_t en, int edec)
{
    incstat_chart_ticks t;
    incstat_error err;
    assert_int_equal(incstat_chart_nice_ticks(lo, hi, max, &t, &err), INCSTAT_OK);
    assert_close(t.lo, elo, 1e-12);
    assert_close(t.hi, ehi, 1e-12);
    assert_close(t.step, estep, 1e-12);
    assert_int_equal(t.n, en);
    assert_int_equal(t.decimals, edec);
}

/* Expected values worked by hand: raw step (hi - lo) / (max - 1), then the
 * first of 1, 2, 5 x 10^k whose rounded-out range has at most max ticks. */
static void test_ticks_cases(void **state)
{
    (void)state;
    check_ticks(0, 1146, 7, 0, 1200, 200, 7, 0);  /* raw 191: 100 gives 13, 200 gives 7 */
    check_ticks(0, 1146, 6, 0, 1500, 500, 4, 0);  /* 200 gives 7 > 6 */
    check_ticks(0, 0, 6, 0, 1, 0.2, 6, 1);        /* widened to 0..1 */
    check_ticks(5, 5, 6, 4.5, 5.5, 0.5, 3, 1);    /* widened by 10%: 4.5..5.5 */
    check_ticks(-3, -3, 6, -3.4, -2.6, 0.2, 5, 1); /* -3.3..-2.7: 0.1 gives 7 */
    check_ticks(-37, 12, 6, -40, 20, 20, 4, 0);   /* 10 gives -40..20, 7 ticks */
    check_ticks(-1, 1, 5, -1, 1, 0.5, 5, 1);
    check_ticks(0.0001, 0.00047, 5, 0.0001, 0.0005, 0.0001, 5, 4);
    check_ticks(0, 3e12, 5, 0, 3e12, 1e12, 4, 0);
    check_ticks(0.3, 0.7, 5, 0.3, 0.7, 0.1, 5, 1); /* 0.3 / 0.1 is 2.9999999999999996 */
    check_ticks(1e9, 1e9 + 3, 4, 1e9, 1e9 + 3, 1, 4, 0);
    check_ticks(17, 83, 2, 0, 100, 100, 2, 0);

    /* tick values are exact multiples and -0 comes out as 0 */
    incstat_chart_ticks t;
    assert_int_equal(incstat_chart_nice_ticks(-0.3, 0.3, 7, &t, NULL), INCSTAT_OK);
    assert_close(t.step, 0.1, 1e-12);
    assert_true(incstat_chart_tick_value(&t, 3) == 0 && !signbit(incstat_chart_tick_value(&t, 3)));
    assert_close(incstat_chart_tick_value(&t, 6), 0.3, 1e-12);
}

/* Properties over many ranges: ticks cover the range, n within bounds, the
 * step is 1, 2 or 5 times a power of ten, and the ends are multiples of it. */
static void test_ticks_properties(void **state)
{
    (void)state;
    unsigned long seed = 12345;
    for (int k = 0; k < 20000; k++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        double u1 = (double)(seed >> 11) / 9007199254740992.0;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        double u2 = (double)(seed >> 11) / 9007199254740992.0;
        double scale = pow(10, floor(u1 * 30) - 12);
        double lo = (u1 - 0.3) * scale, hi = lo + u2 * scale * (k % 7 == 0 ? 1e-6 : 1);
        size_t max = 2 + (size_t)(seed >> 60) % 10;
        incstat_chart_ticks t;
        assert_int_equal(incstat_chart_nice_ticks(lo, hi, max, &t, NULL), INCSTAT_OK);
        assert_true(t.n >= 2 && t.n <= max);
        assert_true(t.lo <= lo + t.step * 1e-6 && t.hi >= hi - t.step * 1e-6);
        double mant = t.step / pow(10, floor(log10(t.step) + 1e-9));
        assert_true(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 5) < 1e-9);
        double q = t.lo / t.step;
        assert_true(fabs(q - round(q)) < 1e-6);
        assert_close(t.lo + (double)(t.n - 1) * t.step, t.hi, 1e-9);
    }
}

static void test_ticks_errors(void **state)
{
    (void)state;
    incstat_chart_ticks t;
    incstat_error err;
    assert_int_equal(incstat_chart_nice_ticks(NAN, 1, 5, &t, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "ticks: range is not finite");
    assert_int_equal(incstat_chart_nice_ticks(0, INFINITY, 5, &t, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_nice_ticks(2, 1, 5, &t, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "ticks: low 2 above high 1");
    assert_int_equal(incstat_chart_nice_ticks(0, 1, 1, &t, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "ticks: max_ticks 1 below 2");
    assert_int_equal(incstat_chart_nice_ticks(0, 1, 5, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_nice_ticks(-DBL_MAX, DBL_MAX, 5, &t, &err), INCSTAT_ELIMIT);
    assert_int_equal(err.code, INCSTAT_ELIMIT);
}

/* ---- mapping, numbers, placement, stride ---------------------------------------------- */

static void test_map(void **state)
{
    (void)state;
    assert_close(incstat_chart_map(5, 0, 10, 100, 200), 150, 1e-15);
    assert_close(incstat_chart_map(0, 0, 1200, 300, 100), 300, 1e-15); /* screen y */
    assert_close(incstat_chart_map(1200, 0, 1200, 300, 100), 100, 1e-15);
    assert_close(incstat_chart_map(300, 0, 1200, 300, 100), 250, 1e-15);
    assert_close(incstat_chart_map(-5, 0, 10, 0, 100), -50, 1e-15); /* extrapolates */
    assert_close(incstat_chart_map(3, 7, 7, 10, 20), 15, 1e-15);    /* empty domain */
    assert_nan(incstat_chart_map(NAN, 0, 1, 0, 1));
}

static void check_number(double v, int dec, const char *expect)
{
    char buf[64];
    size_t n = incstat_chart_format_number(v, dec, buf, sizeof buf);
    assert_string_equal(buf, expect);
    assert_int_equal(n, strlen(expect));
}

static void test_format_number(void **state)
{
    (void)state;
    check_number(0, 0, "0");
    check_number(7, 0, "7");
    check_number(100, 0, "100");
    check_number(1000, 0, "1,000");
    check_number(1146, 0, "1,146");
    check_number(1146.4, 0, "1,146");
    check_number(999999.5, 0, "1,000,000"); /* rounding adds a group */
    check_number(1234567.891, 2, "1,234,567.89");
    check_number(-12345.6, 1, "-12,345.6");
    check_number(-0.04, 1, "0.0"); /* no "-0.0" */
    check_number(-0.0, 0, "0");
    check_number(0.0001, 4, "0.0001");
    check_number(1e15, 0, "1,000,000,000,000,000");
    check_number(NAN, 0, "NaN");
    check_number(INFINITY, 0, "inf");
    check_number(-INFINITY, 2, "-inf");
    check_number(2.5, -3, "2");      /* decimals clamped to 0 (round half even) */
    /* truncation: snprintf semantics */
    char small[4];
    assert_int_equal(incstat_chart_format_number(1146, 0, small, sizeof small), 5);
    assert_string_equal(small, "1,1");
    assert_int_equal(incstat_chart_format_number(1146, 0, NULL, 0), 5);
}

static int overlap_padded(const incstat_chart_box *a, const incstat_chart_box *b, double pad)
{
    double h = pad / 2;
    return a->x0 - h < b->x1 + h && b->x0 - h < a->x1 + h && a->y0 - h < b->y1 + h &&
           b->y0 - h < a->y1 + h;
}

static void test_place_labels(void **state)
{
    (void)state;
    /* hand cases: the higher priority of two overlapping boxes wins */
    incstat_chart_box b[4] = {{0, 0, 10, 5}, {8, 0, 18, 5}, {20, 0, 30, 5}, {NAN, 0, 1, 1}};
    double prio[4] = {1, 2, 0, 9};
    unsigned char keep[4];
    assert_int_equal(incstat_chart_place_labels(b, 4, 0, prio, 0, keep), 2);
    assert_int_equal(keep[0], 0);
    assert_int_equal(keep[1], 1);
    assert_int_equal(keep[2], 1);
    assert_int_equal(keep[3], 0); /* NaN box */
    /* pad: 18 and 20 are 2 apart; a pad of 3 drops the third */
    assert_int_equal(incstat_chart_place_labels(b, 3, 0, prio, 3, keep), 1);
    assert_int_equal(keep[1], 1);
    /* no priorities: index order */
    assert_int_equal(incstat_chart_place_labels(b, 3, 0, NULL, 0, keep), 2);
    assert_int_equal(keep[0], 1);
    assert_int_equal(keep[1], 0);
    /* fixed boxes are kept even when they overlap each other, and block */
    incstat_chart_box f[3] = {{0, 0, 10, 10}, {5, 5, 15, 15}, {12, 6, 14, 8}};
    assert_int_equal(incstat_chart_place_labels(f, 3, 2, NULL, 0, keep), 0);
    assert_true(keep[0] && keep[1] && !keep[2]);
    /* inverted box dropped */
    incstat_chart_box inv = {10, 0, 0, 5};
    assert_int_equal(incstat_chart_place_labels(&inv, 1, 0, NULL, 0, keep), 0);

    /* random boxes: kept never overlap (with the pad), every dropped box
     * overlaps a kept one of higher or equal standing (greedy is maximal) */
    unsigned long seed = 99;
    for (int round_ = 0; round_ < 300; round_++) {
        incstat_chart_box bx[60];
        double pr[60];
        unsigned char kp[60];
        size_t n = 1 + (size_t)round_ % 60, nf = (size_t)round_ % 5;
        if (nf > n)
            nf = n;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            double x = (double)(seed >> 40 & 0x3FF), y = (double)(seed >> 20 & 0xFF);
            double w = 5 + (double)(seed >> 8 & 0x3F), h = 3 + (double)(seed >> 2 & 0xF);
            bx[i] = (incstat_chart_box){x, y, x + w, y + h};
            pr[i] = (double)(seed >> 50 & 0xF);
        }
        double pad = (double)(round_ % 4);
        incstat_chart_place_labels(bx, n, nf, pr, pad, kp);
        for (size_t i = 0; i < n; i++) {
            if (i < nf)
                assert_true(kp[i]);
            int blocked = 0;
            for (size_t j = 0; j < n; j++) {
                if (i == j || !kp[j])
                    continue;
                int ov = overlap_padded(&bx[i], &bx[j], pad);
                if (kp[i] && ov && !(i < nf && j < nf))
                    fail_msg("kept boxes %zu and %zu overlap", i, j);
                blocked |= ov;
            }
            if (!kp[i])
                assert_true(blocked);
        }
    }
}

static void test_label_stride(void **state)
{
    (void)state;
    assert_int_equal(incstat_chart_label_stride(30, 40, 0), 1);
    assert_int_equal(incstat_chart_label_stride(30, 20, 5), 2);  /* 35 <= 40 */
    assert_int_equal(incstat_chart_label_stride(30, 10, 5), 5);  /* 35 > 30, <= 50 */
    assert_int_equal(incstat_chart_label_stride(100, 10, 0), 10);
    assert_int_equal(incstat_chart_label_stride(101, 10, 0), 20);
    assert_int_equal(incstat_chart_label_stride(30, 0.001, 0), 50000);
    assert_int_equal(incstat_chart_label_stride(30, 0, 0), 0);
    assert_int_equal(incstat_chart_label_stride(30, NAN, 0), 0);
    assert_int_equal(incstat_chart_label_stride(INFINITY, 10, 0), 0);
}

/* ---- the description API -------------------------------------------------------------- */

static void test_new_and_errors(void **state)
{
    (void)state;
    incstat_error err;
    incstat_chart *c = (incstat_chart *)&err;
    assert_int_equal(incstat_chart_new((incstat_chart_kind)42, &c, &err), INCSTAT_EINVAL);
    assert_null(c);
    assert_string_equal(err.message, "chart: unknown kind 42");
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_BAR, NULL, &err), INCSTAT_EINVAL);
    incstat_chart_free(NULL);

    assert_int_equal(incstat_chart_new(INCSTAT_CHART_BAR, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_get_kind(c), INCSTAT_CHART_BAR);
    double v[3] = {1, 2, 3};
    const char *p3[3] = {"a", "b", "c"};
    assert_int_equal(incstat_chart_add_series(c, NULL, v, 3, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: series: set the periods first");
    assert_int_equal(incstat_chart_set_periods(c, p3, 0, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: no periods");
    const char *bad[2] = {"a", NULL};
    assert_int_equal(incstat_chart_set_periods(c, bad, 2, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: period label 2 is NULL");
    const char *latin1[1] = {"Pe\xf1" "a"};
    assert_int_equal(incstat_chart_set_periods(c, latin1, 1, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: period label is not valid UTF-8");
    assert_int_equal(incstat_chart_set_periods(c, p3, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_series(c, NULL, v, 2, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: series has 2 values for 3 periods");
    assert_int_equal(incstat_chart_add_series(c, NULL, NULL, 3, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_add_series(c, NULL, v, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_series(c, NULL, v, 3, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a bar chart takes one series");
    assert_int_equal(incstat_chart_set_periods(c, p3, 2, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: 2 periods for series of 3 values");
    assert_int_equal(incstat_chart_set_trend(c, v, NULL, NULL, 3, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a trend does not apply to a bar chart");
    assert_int_equal(incstat_chart_set_moving_average(c, v, 3, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_levels(c, v, 3, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: levels does not apply to a bar chart");
    assert_int_equal(incstat_chart_add_marker(c, 1, "x", &err), INCSTAT_EINVAL);
    /* a bar chart takes a range: whiskers */
    assert_int_equal(incstat_chart_set_range(c, v, v, 3, 0, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_grid(c, p3, 1, NULL, 3, v, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a grid does not apply to a bar chart");
    unsigned char fl[3] = {0, 1, 2};
    assert_int_equal(incstat_chart_set_flags(c, fl, 2, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_flags(c, NULL, 3, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_flags(c, fl, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_COUNT, "x", &err),
                     INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "\xff", &err),
                     INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: text is not valid UTF-8");
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "T", &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, NULL, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_text(NULL, INCSTAT_CHART_TEXT_TITLE, "T", &err),
                     INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: chart is NULL");

    incstat_chart_style s;
    incstat_chart_style_defaults(&s);
    assert_close(s.width, 800, 0);
    assert_close(s.dpi, 72, 0);
    assert_int_equal(s.n_palette, 8);
    assert_int_equal(s.palette[0], 0x0072B2);
    assert_string_equal(s.font_family, INCSTAT_CHART_DEFAULT_FONT);
    s.n_palette = INCSTAT_CHART_PALETTE_MAX + 1;
    assert_int_equal(incstat_chart_set_style(c, &s, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: palette has 17 colours (at most 16)");
    s.n_palette = 8;
    s.width = -1;
    assert_int_equal(incstat_chart_set_style(c, &s, &err), INCSTAT_EINVAL);
    s.width = 800;
    s.theme = (incstat_chart_theme)7;
    assert_int_equal(incstat_chart_set_style(c, &s, &err), INCSTAT_EINVAL);
    s.theme = INCSTAT_CHART_THEME_DARK;
    s.font_family = "\xc3";
    assert_int_equal(incstat_chart_set_style(c, &s, &err), INCSTAT_EINVAL);
    s.font_family = "DejaVu Sans";
    assert_int_equal(incstat_chart_set_style(c, &s, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_style(c, NULL, &err), INCSTAT_OK);
    incstat_chart_free(c);

    /* kind-specific errors */
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_HEATMAP, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, p3, 3, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: periods does not apply to a heatmap chart");
    assert_int_equal(incstat_chart_set_grid(c, p3, 1, NULL, 3, v, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message,
                        "chart: 3 columns need column labels (12 default to months)");
    assert_int_equal(incstat_chart_set_grid(c, p3, 0, NULL, 12, v, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_grid(c, p3, 1, p3, 3, v, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_grid(c, p3, 1, p3, 3, v, &err), INCSTAT_OK); /* replace */
    incstat_chart_free(c);

    assert_int_equal(incstat_chart_new(INCSTAT_CHART_LINE, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, p3, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_trend(c, v, v, NULL, 3, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: trend needs fit, and lo and hi both or neither");
    assert_int_equal(incstat_chart_set_trend(c, v, NULL, NULL, 3, "fit", &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_trend(c, v, v, v, 3, NULL, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_moving_average(c, NULL, 3, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_levels(c, NULL, 3, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: levels values are NULL");
    assert_int_equal(incstat_chart_set_levels(c, v, 2, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_levels(c, v, 3, "lv", &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_levels(c, v, 3, NULL, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_marker(c, NAN, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: marker position not finite");
    incstat_chart_free(c);

    assert_int_equal(incstat_chart_new(INCSTAT_CHART_RANGE, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, p3, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_range(c, v, NULL, 3, 0, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: range bounds are NULL");
    incstat_chart_free(c);
}

static void test_draw_errors(void **state)
{
    (void)state;
    incstat_error err;
    incstat_chart *c;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 250);
    cairo_t *cr = cairo_create(s);

    /* nothing to draw */
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_BAR, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_draw(c, cr, 400, 250, &err), INCSTAT_EEMPTY);
    assert_string_equal(err.message, "chart: nothing to draw: no series");
    assert_int_equal(incstat_chart_write(c, tmp_path("e.png"), 0, NULL, &err), INCSTAT_EEMPTY);
    incstat_chart_free(c);
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_HEATMAP, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_draw(c, cr, 400, 250, &err), INCSTAT_EEMPTY);
    assert_string_equal(err.message, "chart: nothing to draw: the heatmap has no grid");
    incstat_chart_free(c);
    assert_int_equal(incstat_chart_draw(NULL, cr, 400, 250, &err), INCSTAT_EINVAL);

    c = make(INCSTAT_CHART_BAR);
    /* bad sizes */
    assert_int_equal(incstat_chart_draw(c, cr, 100, 250, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message,
                        "chart: size 100 x 250 out of range (120 x 80 to 1e6 x 1e6)");
    assert_int_equal(incstat_chart_draw(c, cr, NAN, 250, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_draw(c, cr, 400, INFINITY, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_draw(c, NULL, 400, 250, &err), INCSTAT_EINVAL);
    incstat_chart_style st = {0};
    st.width = 50;
    st.height = 50;
    assert_int_equal(incstat_chart_write(c, tmp_path("small.pdf"), 0, &st, &err), INCSTAT_EINVAL);
    st.width = 20000;
    assert_int_equal(incstat_chart_write(c, tmp_path("huge.png"), 0, &st, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: PNG of 20000 x 50 pixels (at most 16384 a side)");
    st.width = 8000;
    st.height = 5000;
    st.dpi = 216; /* 24000 pixels */
    assert_int_equal(incstat_chart_write(c, tmp_path("huge.png"), 0, &st, &err), INCSTAT_EINVAL);
    assert_int_equal(access(tmp_path("huge.png"), F_OK), -1);

    /* formats and paths */
    assert_int_equal(incstat_chart_write(c, tmp_path("x.jpg"), 0, NULL, &err), INCSTAT_EINVAL);
    assert_true(strstr(err.message, "cannot tell the format of") != NULL);
    assert_true(strstr(err.message, "x.jpg") != NULL);
    assert_int_equal(incstat_chart_write(c, tmp_path("noext"), 0, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_write(c, "/tmp/dir.png/chart", 0, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_write(c, tmp_path("x.png"), (incstat_chart_format)9, NULL, &err),
                     INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_write(c, "/nonexistent-dir/chart.png", 0, NULL, &err),
                     INCSTAT_EIO);
    assert_true(strstr(err.message, "cannot write '/nonexistent-dir/chart.png'") != NULL);
    assert_int_equal(incstat_chart_write(c, NULL, 0, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_write_stream(c, stdout, INCSTAT_CHART_FORMAT_AUTO, NULL, &err),
                     INCSTAT_EINVAL);
    assert_string_equal(err.message,
                        "chart: a stream needs an explicit format (png, pdf or svg)");
    assert_int_equal(incstat_chart_write_stream(c, NULL, INCSTAT_CHART_FORMAT_PNG, NULL, &err),
                     INCSTAT_EINVAL);
    /* upper-case extension is fine */
    assert_int_equal(incstat_chart_write(c, tmp_path("UP.PNG"), 0, NULL, &err), INCSTAT_OK);

    /* a cairo context already in error */
    cairo_t *bad = cairo_create(s);
    cairo_scale(bad, 0, 0); /* invalid matrix */
    cairo_surface_t *sub = cairo_surface_create_similar(s, CAIRO_CONTENT_COLOR, 10, 10);
    cairo_set_source_surface(bad, sub, 0, 0);
    cairo_surface_destroy(sub);
    assert_true(cairo_status(bad) != CAIRO_STATUS_SUCCESS);
    assert_int_equal(incstat_chart_draw(c, bad, 400, 250, &err), INCSTAT_EIO);
    assert_true(strncmp(err.message, "chart: cairo: ", 14) == 0);
    cairo_destroy(bad);

    incstat_chart_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* ---- end to end ------------------------------------------------------------------------- */

static void check_png(const char *path, int w, int h)
{
    size_t n;
    unsigned char *p = slurp(path, &n);
    assert_true(n > 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0);
    free(p);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(s), w);
    assert_int_equal(cairo_image_surface_get_height(s), h);
    cairo_surface_destroy(s);
}

static void check_svg(const char *path, const char *title)
{
    size_t n;
    unsigned char *p = slurp(path, &n);
    assert_true(n > 100);
    assert_true(memcmp(p, "<?xml", 5) == 0);
    assert_true(contains(p, n, "<svg"));
    assert_true(contains(p, n + 0, "</svg>"));
    /* the title is in <title>, and in <desc> with the other texts */
    char want[512];
    snprintf(want, sizeof want, "<title id=\"incstat-title\">%s</title>", title);
    assert_true(contains(p, n, want));
    assert_true(contains(p, n, "<desc id=\"incstat-desc\">"));
    assert_true(contains(p, n, "role=\"img\""));
    free(p);
    if (have_tool("xmllint")) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>&1", path);
        char *out = run(cmd);
        if (*out)
            fail_msg("xmllint %s: %s", path, out);
        free(out);
    }
}

static void check_pdf(const char *path)
{
    size_t n;
    unsigned char *p = slurp(path, &n);
    assert_true(n > 100 && memcmp(p, "%PDF-", 5) == 0);
    assert_true(contains(p + n - 8, 8, "%%EOF"));
    assert_true(contains(p, n, "/Creator (incstat "));
    assert_false(contains(p, n, "/CreationDate")); /* nothing time-dependent */
    free(p);
}

static void test_each_kind(void **state)
{
    (void)state;
    for (int k = 0; k <= INCSTAT_CHART_MULTIPLES; k++) {
        incstat_chart *c = make((incstat_chart_kind)k);
        incstat_error err;
        char name[64];
        snprintf(name, sizeof name, "%s.png", kind_names[k]);
        assert_int_equal(incstat_chart_write(c, tmp_path(name), 0, NULL, &err), INCSTAT_OK);
        check_png(tmp_path(name), 400, 250);
        snprintf(name, sizeof name, "%s.svg", kind_names[k]);
        assert_int_equal(incstat_chart_write(c, tmp_path(name), 0, NULL, &err), INCSTAT_OK);
        check_svg(tmp_path(name), "Suicide attacks in Pakistan");
        snprintf(name, sizeof name, "%s.pdf", kind_names[k]);
        assert_int_equal(incstat_chart_write(c, tmp_path(name), 0, NULL, &err), INCSTAT_OK);
        check_pdf(tmp_path(name));
        /* a dark theme at twice the dpi, size from the style argument */
        incstat_chart_style st = {0};
        st.width = 300;
        st.height = 200;
        st.dpi = 144;
        st.theme = INCSTAT_CHART_THEME_DARK;
        snprintf(name, sizeof name, "%s_dark.png", kind_names[k]);
        assert_int_equal(incstat_chart_write(c, tmp_path(name), INCSTAT_CHART_FORMAT_PNG, &st, &err),
                         INCSTAT_OK);
        check_png(tmp_path(name), 600, 400);
        cairo_surface_t *s = cairo_image_surface_create_from_png(tmp_path(name));
        const unsigned char *px = cairo_image_surface_get_data(s);
        assert_true(px[0] < 64 && px[1] < 64 && px[2] < 64); /* dark background */
        cairo_surface_destroy(s);
        incstat_chart_free(c);
    }
}

static void test_pdf_text(void **state)
{
    (void)state;
    if (!have_tool("pdftotext")) {
        print_message("pdftotext not installed (poppler-utils): skipped\n");
        skip();
    }
    incstat_chart *c = make(INCSTAT_CHART_BAR);
    incstat_chart_style st = {0};
    st.width = 800;
    st.height = 480;
    incstat_error err;
    assert_int_equal(incstat_chart_write(c, tmp_path("text.pdf"), 0, &st, &err), INCSTAT_OK);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' -", tmp_path("text.pdf"));
    char *txt = run(cmd);
    size_t n = strlen(txt);
    const unsigned char *u = (const unsigned char *)txt;
    assert_true(contains(u, n, "Suicide attacks in Pakistan"));
    assert_true(contains(u, n, "2009: 1,146 killed"));
    assert_true(contains(u, n, "1995"));
    assert_true(contains(u, n, "2017"));
    assert_true(contains(u, n, "1,000")); /* a tick label with its separator */
    assert_true(contains(u, n, "Source: Pakistan Body Count"));
    assert_true(contains(u, n, "2017: partial year"));
    assert_true(contains(u, n, "1996: no data"));
    free(txt);

    /* without the peak annotation and value labels; a date when asked */
    st.hide_peak = 1;
    st.hide_value_labels = 1;
    st.pdf_date = "2017-11-30T00:00:00Z";
    assert_int_equal(incstat_chart_write(c, tmp_path("plain.pdf"), 0, &st, &err), INCSTAT_OK);
    snprintf(cmd, sizeof cmd, "pdftotext '%s' -", tmp_path("plain.pdf"));
    txt = run(cmd);
    n = strlen(txt);
    assert_false(contains((const unsigned char *)txt, n, "killed\n"));
    assert_false(contains((const unsigned char *)txt, n, "893"));
    free(txt);
    unsigned char *p = slurp(tmp_path("plain.pdf"), &n);
    /* cairo 1.16 writes the date without the "D:" prefix; later ones with */
    assert_true(contains(p, n, "/CreationDate (") && contains(p, n, "20171130000000Z"));
    assert_true(contains(p, n, "/ModDate ("));
    free(p);
    incstat_chart_free(c);
}

/* Change points as levels (steps) with their years: the key names the
 * levels, the years are written, and the chart draws. */
static void test_levels(void **state)
{
    (void)state;
    incstat_chart *c = make(INCSTAT_CHART_LINE);
    double lv[NY];
    for (size_t i = 0; i < NY; i++)
        lv[i] = i < 12 ? 80 : 700;
    incstat_error err;
    assert_int_equal(incstat_chart_set_levels(c, lv, NY, "Levels between change points", &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("levels.svg"), 0, NULL, &err), INCSTAT_OK);
    check_svg(tmp_path("levels.svg"), "Suicide attacks in Pakistan");
    if (have_tool("pdftotext")) {
        assert_int_equal(incstat_chart_write(c, tmp_path("levels.pdf"), 0, NULL, &err),
                         INCSTAT_OK);
        char cmd[512];
        snprintf(cmd, sizeof cmd, "pdftotext '%s' -", tmp_path("levels.pdf"));
        char *txt = run(cmd);
        size_t n = strlen(txt);
        assert_true(contains((const unsigned char *)txt, n, "Levels between change points"));
        assert_true(contains((const unsigned char *)txt, n, "2007"));
        free(txt);
    }
    incstat_chart_free(c);
}

static void test_determinism(void **state)
{
    (void)state;
    static const char *const ext[] = {"png", "svg", "pdf"};
    for (int k = 0; k <= INCSTAT_CHART_MULTIPLES; k++) {
        incstat_chart *c = make((incstat_chart_kind)k);
        for (int e = 0; e < 3; e++) {
            char a[64], b[64];
            snprintf(a, sizeof a, "det_a_%d.%s", k, ext[e]);
            snprintf(b, sizeof b, "det_b_%d.%s", k, ext[e]);
            assert_int_equal(incstat_chart_write(c, tmp_path(a), 0, NULL, NULL), INCSTAT_OK);
            /* something else in between moves cairo's process-wide counters */
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
            cairo_surface_destroy(s);
            incstat_chart *other = make(INCSTAT_CHART_LINE);
            assert_int_equal(incstat_chart_write(other, tmp_path("other.svg"), 0, NULL, NULL),
                             INCSTAT_OK);
            incstat_chart_free(other);
            assert_int_equal(incstat_chart_write(c, tmp_path(b), 0, NULL, NULL), INCSTAT_OK);
            assert_same_file(tmp_path(a), tmp_path(b));
        }
        incstat_chart_free(c);
    }
}

/* Mean absolute channel difference and share of pixels off by more than 64. */
static void compare_images(const char *ref, const char *got, double *mean, double *bad_share)
{
    cairo_surface_t *a = cairo_image_surface_create_from_png(ref);
    cairo_surface_t *b = cairo_image_surface_create_from_png(got);
    if (cairo_surface_status(a))
        fail_msg("cannot read reference %s (regenerate with INCSTAT_CHART_REGEN=1)", ref);
    assert_int_equal(cairo_surface_status(b), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    assert_int_equal(cairo_image_surface_get_width(b), w);
    assert_int_equal(cairo_image_surface_get_height(b), h);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    const unsigned char *pa = cairo_image_surface_get_data(a);
    const unsigned char *pb = cairo_image_surface_get_data(b);
    double sum = 0;
    size_t bad = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int worst = 0;
            for (int ch = 0; ch < 4; ch++) {
                int d = abs(pa[y * sa + 4 * x + ch] - pb[y * sb + 4 * x + ch]);
                sum += d;
                if (d > worst)
                    worst = d;
            }
            bad += worst > 64;
        }
    *mean = sum / (4.0 * w * h);
    *bad_share = (double)bad / ((double)w * h);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

static void test_reference_images(void **state)
{
    (void)state;
    const char *regen = getenv("INCSTAT_CHART_REGEN");
    for (int k = 0; k <= INCSTAT_CHART_MULTIPLES; k++) {
        incstat_chart *c = make((incstat_chart_kind)k);
        char ref[256], name[64];
        snprintf(ref, sizeof ref, REF_DIR "%s.png", kind_names[k]);
        snprintf(name, sizeof name, "ref_%s.png", kind_names[k]);
        const char *out = regen && *regen == '1' ? ref : tmp_path(name);
        assert_int_equal(incstat_chart_write(c, out, 0, NULL, NULL), INCSTAT_OK);
        incstat_chart_free(c);
        if (out == ref)
            continue;
        double mean, bad;
        compare_images(ref, out, &mean, &bad);
        if (!(mean < 2 && bad < 0.01))
            fail_msg("%s differs from %s: mean %.3f, %.2f%% pixels off by > 64", out, ref,
                     mean, bad * 100);
    }
}

/* A difference the comparison must catch: the same chart with another
 * title. */
static void test_reference_sensitivity(void **state)
{
    (void)state;
    incstat_chart *c = make(INCSTAT_CHART_BAR);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE,
                                            "A different title entirely, longer too", NULL),
                     INCSTAT_OK);
    unsigned char flags[NY] = {0};
    assert_int_equal(incstat_chart_set_flags(c, flags, NY, NULL), INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("changed.png"), 0, NULL, NULL), INCSTAT_OK);
    incstat_chart_free(c);
    if (access(REF_DIR "bar.png", R_OK) != 0)
        skip();
    double mean, bad;
    compare_images(REF_DIR "bar.png", tmp_path("changed.png"), &mean, &bad);
    assert_true(mean >= 2 || bad >= 0.01);
}

/* Blue pixels (the line's colour, Okabe-Ito blue) in the x band [x0, x1)
 * of a PNG, as fractions of its width. */
static size_t blue_pixels(const char *path, double x0, double x1)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    size_t n = 0;
    for (int y = 0; y < h; y++)
        for (int x = (int)(x0 * w); x < (int)(x1 * w); x++) {
            const unsigned char *q = px + (size_t)y * (size_t)stride + 4 * (size_t)x; /* BGRA */
            n += q[0] > q[2] + 80;
        }
    cairo_surface_destroy(s);
    return n;
}

/* A line never joins a partial period: three periods 10, 10, 0, the last
 * partial; between the x of the second (about half the width) and the
 * third (about five sixths) the line's colour is there only when the last
 * period is whole. */
static void test_partial_not_joined(void **state)
{
    (void)state;
    const char *p3[3] = {"2023", "2024", "2025"};
    double v[3] = {10, 10, 0};
    for (int partial = 0; partial < 2; partial++) {
        incstat_chart *c;
        incstat_error err;
        assert_int_equal(incstat_chart_new(INCSTAT_CHART_LINE, &c, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_set_periods(c, p3, 3, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_add_series(c, "Killed", v, 3, &err), INCSTAT_OK);
        unsigned char fl[3] = {0, 0, partial ? INCSTAT_CHART_PARTIAL : 0};
        assert_int_equal(incstat_chart_set_flags(c, fl, 3, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_write(c, tmp_path("joined.png"), 0, NULL, &err), INCSTAT_OK);
        size_t n = blue_pixels(tmp_path("joined.png"), 0.62, 0.72);
        if (partial)
            assert_int_equal(n, 0);
        else
            assert_true(n > 20);
        incstat_chart_free(c);
    }
}

/* A partial last period set against the same span of the one before: the
 * setter's errors, and the footnote (and on the line, the label by the
 * partial point; a bar's label gives way to the value labels around it at
 * this size) in the SVG text. */
static void test_same_span(void **state)
{
    (void)state;
    incstat_error err;
    incstat_chart *c = make(INCSTAT_CHART_STACKED);
    assert_int_equal(incstat_chart_set_same_span(c, 10, "to 25 Nov", &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a same-span value does not apply to a stacked chart");
    incstat_chart_free(c);
    assert_int_equal(incstat_chart_set_same_span(NULL, 10, NULL, &err), INCSTAT_EINVAL);
    for (int k = 0; k < 2; k++) {
        incstat_chart_kind kind = k ? INCSTAT_CHART_LINE : INCSTAT_CHART_BAR;
        c = make(kind);
        assert_int_equal(incstat_chart_set_same_span(c, INFINITY, NULL, &err), INCSTAT_EINVAL);
        assert_int_equal(incstat_chart_set_same_span(c, 300, "to 25\xff", &err), INCSTAT_EINVAL);
        assert_int_equal(incstat_chart_set_same_span(c, 300, "to 25 Nov", &err), INCSTAT_OK);
        char name[64];
        snprintf(name, sizeof name, "same_span_%s.svg", kind_names[kind]);
        assert_int_equal(incstat_chart_write(c, tmp_path(name), 0, NULL, &err), INCSTAT_OK);
        check_svg(tmp_path(name), "Suicide attacks in Pakistan");
        size_t n;
        unsigned char *p = slurp(tmp_path(name), &n);
        assert_true(contains(p, n, kind == INCSTAT_CHART_BAR
                                       ? "the line across 2016 marks 2016 over the same span"
                                       : "the open diamond marks 2016 over the same span"));
        if (kind == INCSTAT_CHART_LINE)
            assert_true(contains(p, n, "to 25 Nov"));
        free(p);
        incstat_chart_free(c);
    }
}

static void test_draw_on_callers_context(void **state)
{
    (void)state;
    incstat_chart *c = make(INCSTAT_CHART_STACKED);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 500, 300);
    cairo_t *cr = cairo_create(s);
    cairo_set_line_width(cr, 7.5);
    cairo_translate(cr, 50, 25); /* the chart goes where the caller says */
    incstat_error err;
    assert_int_equal(incstat_chart_draw(c, cr, 400, 250, &err), INCSTAT_OK);
    assert_close(cairo_get_line_width(cr), 7.5, 0); /* state restored */
    double x = 0, y = 0;
    cairo_user_to_device(cr, &x, &y);
    assert_close(x, 50, 0);
    cairo_surface_flush(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    assert_int_equal(px[10 * stride + 10 * 4 + 3], 0);       /* outside: untouched */
    assert_int_equal(px[100 * stride + 100 * 4 + 3], 255);   /* inside: painted */
    cairo_destroy(cr);
    cairo_surface_destroy(s);

    /* a recording surface works too (any cairo_t) */
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cr = cairo_create(rec);
    assert_int_equal(incstat_chart_draw(c, cr, 640, 400, &err), INCSTAT_OK);
    double x0, y0, w, h;
    cairo_recording_surface_ink_extents(rec, &x0, &y0, &w, &h);
    assert_true(w > 600 && w <= 641 && h > 380 && h <= 401);
    cairo_destroy(cr);
    cairo_surface_destroy(rec);
    incstat_chart_free(c);
}

static void test_stream(void **state)
{
    (void)state;
    incstat_chart *c = make(INCSTAT_CHART_LINE);
    static const struct {
        incstat_chart_format f;
        const char *magic;
    } fm[] = {{INCSTAT_CHART_FORMAT_PNG, "\x89PNG"},
              {INCSTAT_CHART_FORMAT_PDF, "%PDF-"},
              {INCSTAT_CHART_FORMAT_SVG, "<?xml"}};
    for (size_t i = 0; i < 3; i++) {
        FILE *fp = tmpfile();
        assert_non_null(fp);
        assert_int_equal(incstat_chart_write_stream(c, fp, fm[i].f, NULL, NULL), INCSTAT_OK);
        rewind(fp);
        char head[8] = {0};
        assert_true(fread(head, 1, strlen(fm[i].magic), fp) == strlen(fm[i].magic));
        assert_memory_equal(head, fm[i].magic, strlen(fm[i].magic));
        fclose(fp);
    }
    /* a stream that fails */
    FILE *ro = fopen("/dev/full", "wb");
    if (ro) {
        incstat_error err;
        assert_int_equal(incstat_chart_write_stream(c, ro, INCSTAT_CHART_FORMAT_SVG, NULL, &err),
                         INCSTAT_EIO);
        assert_true(strstr(err.message, "cannot write the stream") != NULL);
        fclose(ro);
    }
    incstat_chart_free(c);
}

/* Labels in Urdu (Arabic script) and Chinese go through Pango: the SVG lists
 * them, the PDF carries them as text when a font covers them. */
static void test_scripts(void **state)
{
    (void)state;
    static const char *const urdu = "\u062e\u06cc\u0628\u0631 \u067e\u062e\u062a\u0648\u0646\u062e\u0648\u0627";
    static const char *const chinese = "\u4e2d\u6587";
    const char *p3[3] = {"2015", "2016", "2017"};
    double a[3] = {120, 80, 60}, b[3] = {30, 20, 10};
    incstat_chart *c;
    incstat_error err;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_STACKED, &c, &err), INCSTAT_OK);
    char title[128];
    snprintf(title, sizeof title, "%s & %s <labels>", urdu, chinese);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, title, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, p3, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_series(c, urdu, a, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_series(c, chinese, b, 3, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("scripts.svg"), 0, NULL, &err), INCSTAT_OK);
    char esc[160];
    snprintf(esc, sizeof esc, "%s &amp; %s &lt;labels&gt;", urdu, chinese);
    check_svg(tmp_path("scripts.svg"), esc);
    size_t n;
    unsigned char *p = slurp(tmp_path("scripts.svg"), &n);
    assert_true(contains(p, n, urdu));
    assert_true(contains(p, n, chinese));
    free(p);
    assert_int_equal(incstat_chart_write(c, tmp_path("scripts.png"), 0, NULL, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("scripts.pdf"), 0, NULL, &err), INCSTAT_OK);
    if (have_tool("pdftotext")) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "pdftotext '%s' -", tmp_path("scripts.pdf"));
        char *txt = run(cmd);
        /* DejaVu Sans covers Arabic script (Debian's fonts-dejavu-core) */
        assert_true(contains((const unsigned char *)txt, strlen(txt), urdu));
        char *fc = have_tool("fc-list") ? run("fc-list ':charset=4e2d 6587' family") : NULL;
        if (fc && *fc)
            assert_true(contains((const unsigned char *)txt, strlen(txt), chinese));
        else
            print_message("no CJK font installed: Chinese text check skipped\n");
        free(fc);
        free(txt);
    }
    incstat_chart_free(c);
}

/* Crowded input: many periods, long names, one period, negative values;
 * output must still be produced. */
static void test_crowded_and_edge_cases(void **state)
{
    (void)state;
    incstat_error err;
    incstat_chart *c;
    char lab[120][24];
    const char *labels[120];
    double v[120], w[120];
    for (int i = 0; i < 120; i++) {
        snprintf(lab[i], sizeof lab[i], "%d-%02d", 2008 + i / 12, i % 12 + 1);
        labels[i] = lab[i];
        v[i] = 50 + 40 * sin(i / 5.0);
        w[i] = -v[i] / 3;
    }
    static const incstat_chart_kind kinds[] = {INCSTAT_CHART_BAR, INCSTAT_CHART_LINE,
                                               INCSTAT_CHART_STACKED, INCSTAT_CHART_MULTIPLES};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(incstat_chart_new(kinds[k], &c, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_set_periods(c, labels, 120, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_add_series(c, "A", v, 120, &err), INCSTAT_OK);
        if (kinds[k] != INCSTAT_CHART_BAR)
            assert_int_equal(incstat_chart_add_series(c, "A name far too long to fit anywhere "
                                                         "sensible in a legend or panel title",
                                                      w, 120, &err),
                             INCSTAT_OK);
        assert_int_equal(incstat_chart_write(c, tmp_path("crowded.png"), 0, NULL, &err),
                         INCSTAT_OK);
        incstat_chart_style st = {0};
        st.width = 120;
        st.height = 80; /* the smallest size */
        assert_int_equal(incstat_chart_write(c, tmp_path("tiny.svg"), 0, &st, &err), INCSTAT_OK);
        incstat_chart_free(c);
    }
    /* one period, all missing, all zero */
    const char *one[1] = {"2017"};
    double nan1[1] = {NAN}, zero1[1] = {0};
    for (int k = 0; k < 6; k++) {
        if (k == INCSTAT_CHART_HEATMAP)
            continue;
        for (int z = 0; z < 2; z++) {
            assert_int_equal(incstat_chart_new((incstat_chart_kind)k, &c, &err), INCSTAT_OK);
            assert_int_equal(incstat_chart_set_periods(c, one, 1, &err), INCSTAT_OK);
            assert_int_equal(incstat_chart_add_series(c, NULL, z ? zero1 : nan1, 1, &err),
                             INCSTAT_OK);
            assert_int_equal(incstat_chart_write(c, tmp_path("one.png"), 0, NULL, &err),
                             INCSTAT_OK);
            incstat_chart_free(c);
        }
    }
    /* a heatmap of NaN only, custom columns */
    double g[6] = {NAN, NAN, NAN, NAN, NAN, NAN};
    const char *rows[2] = {"2016", "2017"}, *cols[3] = {"Q1", "Q2", "Q3"};
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_HEATMAP, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_grid(c, rows, 2, cols, 3, g, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("nanheat.pdf"), 0, NULL, &err), INCSTAT_OK);
    incstat_chart_free(c);
}

/* Allocation failure in every description-building call, then in drawing
 * and writing: each failure reports ENOMEM and frees what was built. */
static void test_alloc_failure(void **state)
{
    (void)state;
    for (int k = 0; k <= INCSTAT_CHART_MULTIPLES; k++) {
        unsigned long n;
        for (n = 1; n < 100000; n++) {
            incstat_chart *c;
            incstat_test_fail_alloc_after(n);
            incstat_status st = build((incstat_chart_kind)k, &c);
            incstat_test_fail_alloc_after(0);
            if (st == INCSTAT_OK) {
                incstat_chart_free(c);
                break;
            }
            assert_int_equal(st, INCSTAT_ENOMEM);
            assert_null(c);
        }
        assert_true(n > 10);
    }
    /* a failed setter leaves the chart as it was */
    incstat_chart *c = make(INCSTAT_CHART_BAR);
    incstat_error err;
    assert_int_equal(incstat_chart_write(c, tmp_path("before.svg"), 0, NULL, NULL), INCSTAT_OK);
    incstat_test_fail_alloc_after(1);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "New", &err),
                     INCSTAT_ENOMEM);
    assert_int_equal(incstat_chart_set_periods(c, years, NY, &err), INCSTAT_ENOMEM);
    incstat_test_fail_alloc_after(3);
    assert_int_equal(incstat_chart_set_periods(c, years, NY, &err), INCSTAT_ENOMEM);
    incstat_test_fail_alloc_after(0);
    assert_int_equal(incstat_chart_write(c, tmp_path("after.svg"), 0, NULL, NULL), INCSTAT_OK);
    assert_same_file(tmp_path("before.svg"), tmp_path("after.svg"));

    /* drawing and writing */
    static const char *const ext[] = {"x.png", "x.svg", "x.pdf"};
    for (int k = 0; k <= INCSTAT_CHART_MULTIPLES; k++) {
        incstat_chart *d = make((incstat_chart_kind)k);
        for (int e = 0; e < 3; e++) {
            unsigned long n;
            for (n = 1; n < 100000; n++) {
                incstat_test_fail_alloc_after(n);
                incstat_status st = incstat_chart_write(d, tmp_path(ext[e]), 0, NULL, &err);
                incstat_test_fail_alloc_after(0);
                if (st == INCSTAT_OK)
                    break;
                assert_int_equal(st, INCSTAT_ENOMEM);
                assert_string_equal(err.message, "chart: out of memory");
            }
            assert_true(n > 1);
        }
        incstat_chart_free(d);
    }
    incstat_chart_free(c);
}

/* The format a file name asks for, any case; none for other names. */
static void test_format_of(void **state)
{
    (void)state;
    assert_int_equal(incstat_chart_format_of("plots/a.png"), INCSTAT_CHART_FORMAT_PNG);
    assert_int_equal(incstat_chart_format_of("A.PDF"), INCSTAT_CHART_FORMAT_PDF);
    assert_int_equal(incstat_chart_format_of("x.Svg"), INCSTAT_CHART_FORMAT_SVG);
    assert_int_equal(incstat_chart_format_of("x.jpg"), INCSTAT_CHART_FORMAT_AUTO);
    assert_int_equal(incstat_chart_format_of("dir.png/chart"), INCSTAT_CHART_FORMAT_AUTO);
    assert_int_equal(incstat_chart_format_of(NULL), INCSTAT_CHART_FORMAT_AUTO);
}

/* Unknown is never 0: a period whose values are NaN without the missing flag
 * is "unknown" in the footnote (a flagged one "no data"), and a value that
 * leaves incidents out is marked "*" with its count in the footnote. */
static void test_unknown_values(void **state)
{
    (void)state;
    const char *per[] = {"2001", "2002", "2003", "2004", "2005"};
    const double v[] = {12, NAN, 30, NAN, 7};
    const unsigned char flags[] = {0, 0, 0, INCSTAT_CHART_MISSING, 0};
    const uint64_t left[] = {3, 0, 0, 0, 1};
    incstat_chart *c;
    incstat_error err;
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_BAR, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, per, 5, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_series(c, NULL, v, 5, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_flags(c, flags, 5, &err), INCSTAT_OK);
    /* errors: NULL counts, a length that is not the periods' */
    assert_int_equal(incstat_chart_set_unknown(c, NULL, 5, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_unknown(c, left, 4, &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "4 values for 5 periods"));
    assert_int_equal(incstat_chart_set_unknown(c, left, 5, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_UNIT, "killed", &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("unknown.svg"), 0, NULL, &err), INCSTAT_OK);
    size_t n;
    unsigned char *p = slurp(tmp_path("unknown.svg"), &n);
    assert_true(contains(p, n, "2004: no data"));
    assert_true(contains(p, n, "2002: unknown"));
    assert_true(contains(p, n, "* sum of the known figures only: 2001 (3 unknown), 2005 (1 unknown)"));
    assert_true(contains(p, n, "\n12*\n"));       /* the value label of 2001 */
    assert_true(contains(p, n, "2003: 30 killed\n")); /* the peak leaves nothing out */
    assert_true(contains(p, n, "\nn/a\n"));
    assert_false(contains(p, n, "\n30*"));
    free(p);
    /* the text of the unknown note is the caller's to set */
    assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_UNKNOWN_NOTE, "toll unknown", &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("unknown2.svg"), 0, NULL, &err), INCSTAT_OK);
    p = slurp(tmp_path("unknown2.svg"), &n);
    assert_true(contains(p, n, "2002: toll unknown"));
    free(p);
    /* periods of another length drop the counts */
    const char *per4[] = {"2001", "2002", "2003", "2004"};
    incstat_chart_free(c);
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_LINE, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, per, 5, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_unknown(c, left, 5, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, per4, 4, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_series(c, "x", v, 4, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_write(c, tmp_path("unknown3.svg"), 0, NULL, &err), INCSTAT_OK);
    p = slurp(tmp_path("unknown3.svg"), &n);
    assert_false(contains(p, n, "sum of the known figures"));
    free(p);
    incstat_chart_free(c);
    /* not for a heatmap */
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_HEATMAP, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_unknown(c, left, 5, &err), INCSTAT_EINVAL);
    incstat_chart_free(c);
}

/* -o replaces a file whole or not at all (src/core/file.c): the old bytes
 * are gone when the chart is written, no temporary file is left either way,
 * and a failure (the path is a directory) leaves what was there. */
static void test_write_replaces(void **state)
{
    (void)state;
    incstat_error err;
    incstat_chart *c = make(INCSTAT_CHART_BAR);
    const char *path = tmp_path("again.svg");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("old bytes, longer than nothing", f);
    fclose(f);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(incstat_chart_write(c, path, 0, NULL, &err), INCSTAT_OK);
    size_t len;
    unsigned char *got = slurp(path, &len);
    assert_true(len > 100 && memcmp(got, "<?xml", 5) == 0);
    free(got);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);
    /* a directory where the file would go: EIO, the directory stays */
    const char *dir = tmp_path("dir.svg");
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(incstat_chart_write(c, dir, 0, NULL, &err), INCSTAT_EIO);
    assert_non_null(strstr(err.message, "cannot write '"));
    assert_int_equal(stat(dir, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(rmdir(dir), 0);
    /* a device is written to, not replaced */
    assert_int_equal(incstat_chart_write(c, "/dev/null", INCSTAT_CHART_FORMAT_SVG, NULL, &err),
                     INCSTAT_OK);
    assert_int_equal(stat("/dev/null", &sb), 0);
    assert_true(S_ISCHR(sb.st_mode));
    /* nothing but the chart is left in the directory */
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        assert_null(strstr(e->d_name, "incstat-partial"));
    closedir(d);
    incstat_chart_free(c);
}

/* ---- annotations, cut bands, notes (issue 24) ------------------------------------- */

/* A claim-like bar chart: whiskers, the year highlighted, a window, a
 * threshold and labels; the status of the first failing call. */
static incstat_status build_annotated(incstat_chart **out)
{
    incstat_error err;
    incstat_chart *c = NULL;
    incstat_status st;
    double lo[NY], hi[NY];
    for (size_t i = 0; i < NY; i++) {
        lo[i] = killed[i] * 0.85;
        hi[i] = killed[i] * 1.2;
    }
    *out = NULL;
    TRY(incstat_chart_new(INCSTAT_CHART_BAR, &c, &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, "Suicide attacks in Pakistan", &err));
    TRY(incstat_chart_set_periods(c, years, NY, &err));
    TRY(incstat_chart_add_series(c, "Best estimate", killed, NY, &err));
    TRY(incstat_chart_set_range(c, lo, hi, NY, 0, &err));
    TRY(incstat_chart_set_highlight(c, 18, &err));
    TRY(incstat_chart_add_window(c, 15, 17, "compared: 2010\u20132012", &err));
    TRY(incstat_chart_add_threshold(c, 900, "more than 900", &err));
    TRY(incstat_chart_add_label(c, 18, "2013: 778 (661\u2013934)", &err));
    TRY(incstat_chart_add_label(c, 15, "2010: 1,011", &err));
    TRY(incstat_chart_add_label(c, 14, "2009: 1,146", &err));
    TRY(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_NOTE, "A note of the caller's.", &err));
    *out = c;
    return INCSTAT_OK;
fail:
    assert_int_equal(err.code, st);
    incstat_chart_free(c);
    return st;
}

/* The texts an SVG's <desc> lists (every text drawn), one per line. */
static char *svg_texts(const incstat_chart *c, const char *name)
{
    incstat_error err;
    assert_int_equal(incstat_chart_write(c, tmp_path(name), 0, NULL, &err), INCSTAT_OK);
    size_t n;
    unsigned char *p = slurp(tmp_path(name), &n);
    char *a = strstr((char *)p, "<desc id=\"incstat-desc\">"), *b = a ? strstr(a, "</desc>") : NULL;
    assert_non_null(b);
    *b = '\0';
    char *t = strdup(a + strlen("<desc id=\"incstat-desc\">"));
    free(p);
    return t;
}

static void test_annotations(void **state)
{
    (void)state;
    incstat_error err;
    incstat_chart *c;
    /* errors: the kinds, periods out of range, limits */
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_STACKED, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_periods(c, years, NY, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_highlight(c, 1, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a highlight does not apply to a stacked chart");
    assert_int_equal(incstat_chart_add_threshold(c, 1, NULL, &err), INCSTAT_EINVAL);
    incstat_chart_free(c);
    assert_int_equal(incstat_chart_new(INCSTAT_CHART_LINE, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_window(c, 0, 1, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a window: set the periods first");
    assert_int_equal(incstat_chart_set_periods(c, years, NY, &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_set_range(c, killed, killed, NY, 0, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_set_highlight(c, NY, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a highlight: period 24 of 23");
    assert_int_equal(incstat_chart_add_window(c, 5, 4, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: a window from period 6 to 5");
    assert_int_equal(incstat_chart_add_window(c, 4, NY, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_chart_add_threshold(c, NAN, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: threshold not finite");
    assert_int_equal(incstat_chart_add_label(c, 3, NULL, &err), INCSTAT_EINVAL);
    assert_string_equal(err.message, "chart: label is NULL");
    assert_int_equal(incstat_chart_add_label(c, 3, "\xff", &err), INCSTAT_EINVAL);
    for (int k = 0; k < 16; k++) {
        assert_int_equal(incstat_chart_add_window(c, 1, 2, "w", &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_add_threshold(c, k, "t", &err), INCSTAT_OK);
    }
    assert_int_equal(incstat_chart_add_window(c, 1, 2, "w", &err), INCSTAT_ELIMIT);
    assert_string_equal(err.message, "chart: more than 16 windows");
    assert_int_equal(incstat_chart_add_threshold(c, 1, "t", &err), INCSTAT_ELIMIT);
    for (int k = 0; k < 64; k++)
        assert_int_equal(incstat_chart_add_label(c, 2, "l", &err), INCSTAT_OK);
    assert_int_equal(incstat_chart_add_label(c, 2, "l", &err), INCSTAT_ELIMIT);
    incstat_chart_free(c);

    /* drawn: every annotation's text, the threshold on the axis, the
     * note in the footnote, the legend of the range; the highlighted
     * year's value label replaced by its own */
    assert_int_equal(build_annotated(&c), INCSTAT_OK);
    char *t = svg_texts(c, "annotated.svg");
    assert_non_null(strstr(t, "\n2013: 778 (661\u2013934)\n"));
    assert_non_null(strstr(t, "\n2010: 1,011\n"));
    assert_non_null(strstr(t, "\n2009: 1,146\n"));
    assert_non_null(strstr(t, "\ncompared: 2010\u20132012\n"));
    assert_non_null(strstr(t, "\nmore than 900\n"));
    assert_non_null(strstr(t, "A note of the caller's."));
    assert_non_null(strstr(t, "\nLow\u2013high range\n"));
    assert_null(strstr(t, "\n778\n"));        /* the label says it */
    assert_null(strstr(t, "2009: 1,146 killed")); /* no peak note beside a highlight */
    free(t);
    /* every annotation is clear of every other text */
    incstat_chart_box boxes[256];
    size_t n;
    assert_int_equal(chart_text_boxes_(c, 800, 450, boxes, 256, &n, &err), INCSTAT_OK);
    assert_true(n > 20 && n <= 256);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (chart_boxes_overlap(&boxes[i], &boxes[j]))
                fail_msg("texts %zu and %zu overlap", i, j);
    incstat_chart_free(c);

    /* allocation failure in every annotation call */
    for (unsigned long k = 1; k < 10000; k++) {
        incstat_test_fail_alloc_after(k);
        incstat_status st = build_annotated(&c);
        incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            incstat_chart_free(c);
            break;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
    }
}

/* A band far above the data is cut at the plot's edge and the cut drawn
 * ("band cut: reaches"), one the axis can hold is shown whole; the band's
 * legend is the caller's or "95% confidence band of the fit". */
static void test_band_cut(void **state)
{
    (void)state;
    incstat_error err;
    for (int far = 0; far < 2; far++) {
        incstat_chart *c;
        double fit[NY], lo[NY], hi[NY];
        for (size_t i = 0; i < NY; i++) {
            fit[i] = isnan(killed[i]) ? 300 : killed[i];
            lo[i] = fit[i] * 0.7;
            hi[i] = fit[i] * (far && i == 14 ? 4 : 1.3);
        }
        assert_int_equal(incstat_chart_new(INCSTAT_CHART_LINE, &c, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_set_periods(c, years, NY, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_add_series(c, "Killed", killed, NY, &err), INCSTAT_OK);
        assert_int_equal(incstat_chart_set_trend(c, fit, lo, hi, NY, "Smooth", &err), INCSTAT_OK);
        if (far)
            assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_BAND,
                                                    "95% confidence band of the smooth", &err),
                             INCSTAT_OK);
        char *t = svg_texts(c, "cut.svg");
        if (far) {
            /* 1,146 * 4 = 4,584, beyond half the data's span over it */
            assert_non_null(strstr(t, "\n\u25b2 band cut: reaches 4,584\n"));
            assert_non_null(strstr(t, "\n95% confidence band of the smooth\n"));
        } else {
            assert_null(strstr(t, "cut"));
            assert_non_null(strstr(t, "\n95% confidence band of the fit\n"));
        }
        free(t);
        incstat_chart_free(c);
    }
}

/* The heatmap's classes, worked by hand: zeros alone; the 41 values above
 * 0 (1 .. 40 and 300) have their quintiles at sorted positions 8, 16, 24
 * and 32 (q / 5 * 40, rounded down after adding 0.5): 9, 17, 25 and 33,
 * whose nearest round numbers (1, 2 or 5 times a power of ten, on a log
 * scale) are 10, 20, 20 (dropped: not above the one before) and 50; the
 * marks start at 1.5 x 50 = 75, and only 300 is above. */
static void test_heat_classes(void **state)
{
    (void)state;
    double v[50];
    size_t n = 0;
    for (int i = 0; i < 6; i++)
        v[n++] = 0;
    for (int i = 1; i <= 40; i++)
        v[n++] = i;
    v[n++] = 300;
    v[n++] = NAN;
    chart_heat_classes hc;
    chart_heat_classes_(v, n, &hc);
    assert_true(hc.zero && hc.integers);
    assert_int_equal(hc.n, 5);
    const double want[5] = {0, 1, 10, 20, 50};
    char lab[64];
    static const char *const labels[5] = {"0", "1\u20139", "10\u201319", "20\u201349", "50 or more"};
    for (size_t k = 0; k < 5; k++) {
        assert_true(hc.lo[k] == want[k]);
        chart_heat_class_label(&hc, k, lab, sizeof lab);
        assert_string_equal(lab, labels[k]);
    }
    assert_true(hc.mark == 75);
    assert_int_equal(hc.n_marked, 1);
    assert_int_equal(chart_heat_class_of(&hc, 0), 0);
    assert_int_equal(chart_heat_class_of(&hc, 9), 1);
    assert_int_equal(chart_heat_class_of(&hc, 10), 2);
    assert_int_equal(chart_heat_class_of(&hc, 300), 4);
    assert_int_equal(chart_heat_class_of(&hc, NAN), 5);
    /* midpoints (not whole): "under 10", "10 to under 20" */
    v[7] = 2.5;
    chart_heat_classes_(v, n, &hc);
    assert_false(hc.integers);
    chart_heat_class_label(&hc, 1, lab, sizeof lab);
    assert_string_equal(lab, "under 10");
    chart_heat_class_label(&hc, 2, lab, sizeof lab);
    assert_string_equal(lab, "10 to under 20");
    /* one outlier among many alike does not flatten them: 100 cells of 5
     * to 14 and one of 5,000 take three classes, the outlier the top */
    double w[101];
    for (int i = 0; i < 100; i++)
        w[i] = 5 + i % 10;
    w[100] = 5000;
    chart_heat_classes_(w, 101, &hc);
    assert_false(hc.zero);
    assert_true(hc.n >= 2);
    assert_true(hc.lo[hc.n - 1] <= 10);
    size_t low = chart_heat_class_of(&hc, 5), high = chart_heat_class_of(&hc, 14);
    assert_true(low != high); /* the ordinary cells differ in colour */
    assert_true(hc.mark < 5000 && hc.n_marked == 1);
    /* all zero; nothing finite */
    double z[3] = {0, 0, NAN};
    chart_heat_classes_(z, 3, &hc);
    assert_int_equal(hc.n, 1);
    assert_true(hc.zero);
    chart_heat_classes_(z + 2, 1, &hc);
    assert_int_equal(hc.n, 0);
    /* more than 8 cells far above the top class: the marks start at a
     * higher round number (80 cells of 1 to 5 put the top class at 5; the
     * 20 cells of 100 to 2,000 are all above 7.5; of the round numbers
     * after it, 1,000 leaves 10 cells above, the next, 1,500, leaves 5) */
    double m[100];
    for (int i = 0; i < 80; i++)
        m[i] = 1 + i % 5;
    for (int i = 0; i < 20; i++)
        m[80 + i] = 100 * (i + 1);
    chart_heat_classes_(m, 100, &hc);
    assert_true(hc.lo[hc.n - 1] == 5);
    assert_true(hc.mark == 1500);
    assert_int_equal(hc.n_marked, 5);
}

/* No two texts overlap: legends with many and long entries, and heatmap
 * keys and labels, at three sizes (the layout knows every text's box). */
static void test_no_overlap(void **state)
{
    (void)state;
    static const double sizes[3][2] = {{320, 200}, {560, 340}, {1200, 675}};
    incstat_error err;
    for (int which = 0; which < 4; which++) {
        incstat_chart *c;
        if (which == 0) { /* a line with every overlay in the legend */
            c = make(INCSTAT_CHART_LINE);
            assert_int_equal(incstat_chart_set_text(c, INCSTAT_CHART_TEXT_BAND,
                                                    "95% confidence band of the smooth", &err),
                             INCSTAT_OK);
        } else if (which == 1) { /* stacked: twelve categories with long names */
            assert_int_equal(incstat_chart_new(INCSTAT_CHART_STACKED, &c, &err), INCSTAT_OK);
            assert_int_equal(incstat_chart_set_periods(c, years, NY, &err), INCSTAT_OK);
            for (int k = 0; k < 12; k++) {
                char name[64];
                double v[NY];
                snprintf(name, sizeof name, "%s district %d", k % 2 ? "Khyber Pakhtunkhwa" : "Sindh", k);
                for (size_t i = 0; i < NY; i++)
                    v[i] = isnan(killed[i]) ? NAN : killed[i] / (k + 2);
                assert_int_equal(incstat_chart_add_series(c, name, v, NY, &err), INCSTAT_OK);
            }
        } else { /* heatmaps: PBC-like months, and one outlier in small counts */
            c = make(INCSTAT_CHART_HEATMAP);
            if (which == 3) {
                double g[NY * 12];
                for (size_t i = 0; i < NY * 12; i++)
                    g[i] = (double)(i % 7);
                g[100] = 218;
                assert_int_equal(incstat_chart_set_grid(c, years, NY, NULL, 12, g, &err), INCSTAT_OK);
            }
        }
        for (int k = 0; k < 3; k++) {
            incstat_chart_box boxes[1024];
            size_t n;
            assert_int_equal(chart_text_boxes_(c, sizes[k][0], sizes[k][1], boxes, 1024, &n, &err),
                             INCSTAT_OK);
            assert_true(n > 5 && n <= 1024);
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++)
                    if (chart_boxes_overlap(&boxes[i], &boxes[j]))
                        fail_msg("chart %d at %gx%g: texts %zu and %zu overlap ([%g,%g]-[%g,%g] "
                                 "and [%g,%g]-[%g,%g])", which, sizes[k][0], sizes[k][1], i, j,
                                 boxes[i].x0, boxes[i].y0, boxes[i].x1, boxes[i].y1, boxes[j].x0,
                                 boxes[j].y0, boxes[j].x1, boxes[j].y1);
        }
        incstat_chart_free(c);
    }
}


/* chart_write_png_ compresses the image's two halves at once and joins
 * them into one zlib stream (chart_png.c): every shape of image, flat,
 * striped and noisy (incompressible: several output buffers and IDAT
 * chunks), decodes through libpng to exactly the pixels drawn.  A wrong
 * dictionary for the second half, a wrong Adler-32 or a lost flush fails
 * the decode or the comparison. */
static void test_png_halves(void **state)
{
    (void)state;
    static const int sizes[][2] = {{1, 1}, {1, 2}, {3, 1}, {2, 3}, {5, 7}, {101, 67},
                                   {1600, 37}, {300, 300}, {1200, 700}};
    uint32_t seed = 12345;
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        for (int kind = 0; kind < 3; kind++) {
            int w = sizes[t][0], h = sizes[t][1];
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
            unsigned char *d = cairo_image_surface_get_data(s);
            int stride = cairo_image_surface_get_stride(s);
            cairo_surface_flush(s);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    uint32_t v;
                    if (kind == 0) {
                        v = 0xf0e0d0;
                    } else if (kind == 1) { /* five rows, repeated: each row's match is
                                               * five rows back, across the halves' seam */
                        v = (uint32_t)((y % 5 + 1) * 2654435761u) >> 8;
                        v ^= (uint32_t)(x / 50) * 0x10203;
                    } else {
                        seed = seed * 1664525u + 1013904223u;
                        v = seed >> 8;
                    }
                    ((uint32_t *)(void *)(d + (size_t)y * (size_t)stride))[x] = v;
                }
            cairo_surface_mark_dirty(s);
            chart_buf out = {0};
            incstat_error err;
            assert_int_equal(chart_write_png_(s, &out, &err), INCSTAT_OK);
            png_image img;
            memset(&img, 0, sizeof img);
            img.version = PNG_IMAGE_VERSION;
            assert_true(png_image_begin_read_from_memory(&img, out.p, out.len));
            assert_int_equal(img.width, w);
            assert_int_equal(img.height, h);
            img.format = PNG_FORMAT_RGB;
            unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
            assert_non_null(px);
            assert_true(png_image_finish_read(&img, NULL, px, 0, NULL));
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    uint32_t v = ((uint32_t *)(void *)(d + (size_t)y * (size_t)stride))[x];
                    const unsigned char *q = px + ((size_t)y * (size_t)w + (size_t)x) * 3;
                    if (q[0] != ((v >> 16) & 0xff) || q[1] != ((v >> 8) & 0xff) || q[2] != (v & 0xff))
                        fail_msg("%d x %d kind %d: pixel %d,%d differs", w, h, kind, x, y);
                }
            free(px);
            chart_buf_free(&out);
            cairo_surface_destroy(s);
        }
    }
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_format_of),
        cmocka_unit_test(test_png_halves),
        cmocka_unit_test(test_ticks_cases),
        cmocka_unit_test(test_ticks_properties),
        cmocka_unit_test(test_ticks_errors),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test(test_place_labels),
        cmocka_unit_test(test_label_stride),
        cmocka_unit_test(test_heat_classes),
    };
    const struct CMUnitTest api[] = {
        cmocka_unit_test(test_new_and_errors),
        cmocka_unit_test(test_draw_errors),
        cmocka_unit_test(test_write_replaces),
        cmocka_unit_test(test_alloc_failure),
    };
    const struct CMUnitTest output[] = {
        cmocka_unit_test(test_each_kind),
        cmocka_unit_test(test_pdf_text),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_same_span),
        cmocka_unit_test(test_partial_not_joined),
        cmocka_unit_test(test_unknown_values),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_reference_images),
        cmocka_unit_test(test_reference_sensitivity),
        cmocka_unit_test(test_draw_on_callers_context),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_crowded_and_edge_cases),
        cmocka_unit_test(test_annotations),
        cmocka_unit_test(test_band_cut),
        cmocka_unit_test(test_no_overlap),
    };
    int fails = 0;
    fails += cmocka_run_group_tests_name("chart_pure", pure, NULL, NULL);
    fails += cmocka_run_group_tests_name("chart_api", api, setup_tmp, teardown_tmp);
    fails += cmocka_run_group_tests_name("chart_output", output, setup_tmp, teardown_tmp);
    return fails ? 1 : 0;
}
