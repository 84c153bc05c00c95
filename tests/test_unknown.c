/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_unknown.c: unknown is never 0.  A property test over generated
 * incident lists with missing cells in every measure (killed and injured,
 * best, low and high; whole years and provinces of a measure blank, open-ended
 * highs such as "12+"): every sum the library returns and every format prints
 * (CSV, TSV, JSON, Markdown, the aligned table, the total line, the headline)
 * equals a reference computed here from the generated cells, a sum whose
 * every value is unknown is NaN (empty, null, "unknown") and never 0, and a
 * sum of some known values says how many incidents it leaves out. */
#include "helpers.h"
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "incstat.h"

#define NYEARS 7   /* 2000..2006 */
#define NPROV 3
#define MAXROWS 48
#define NMEAS 6    /* killed low, best, high; injured low, best, high */

static const char *const PROV[NPROV] = {"Punjab", "Sindh", "Balochistan"};
static const char *const MAP[] = {"date=date",           "admin1=province",
                                  "killed=killed",       "killed_low=killed_min",
                                  "killed_high=killed_max", "injured=injured",
                                  "injured_low=injured_min", "injured_high=injured_max"};

/* xorshift64*: the same cases on every machine */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}
static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

/* One generated incident: its cells' values as the reference reads them
 * (NaN unknown) and the text written. */
typedef struct {
    int year, prov;
    double v[NMEAS]; /* killed low/best/high, injured low/best/high */
    char cell[NMEAS][16];
} gen_row;

typedef struct {
    gen_row rows[MAXROWS];
    size_t n;
    int first_year, last_year; /* of the incidents */
} gen_file;

/* A count column's cell: blank, a whole number (0 included: a known 0 must
 * print 0), or for a high an open-ended "N+" (its high unknown, its number
 * still the best's fallback). */
static void gen_cell(gen_row *r, int m, int blank, double *open_number)
{
    *open_number = NAN;
    r->cell[m][0] = '\0';
    r->v[m] = NAN;
    if (blank || below(10) < 3)
        return;
    unsigned x = below(4) == 0 ? 0 : below(60);
    if ((m == 2 || m == 5) && below(5) == 0) {
        snprintf(r->cell[m], sizeof r->cell[m], "%u+", x);
        *open_number = x;
        return;
    }
    snprintf(r->cell[m], sizeof r->cell[m], "%u", x);
    r->v[m] = x;
}

/* The documented rule for best without a best cell: the midpoint of low and
 * high (an open-ended high counting its number), else whichever is known. */
static double best_fallback(double lo, double hi)
{
    if (!isnan(lo) && !isnan(hi))
        return (lo + hi) / 2;
    return !isnan(lo) ? lo : hi;
}

static void generate(gen_file *g)
{
    memset(g, 0, sizeof g[0]);
    g->n = 1 + below(MAXROWS);
    /* a measure blank for a whole year, or a whole province: all-unknown groups */
    int blank_year[NYEARS][NMEAS], blank_prov[NPROV][NMEAS];
    for (int y = 0; y < NYEARS; y++)
        for (int m = 0; m < NMEAS; m++)
            blank_year[y][m] = below(10) < 3;
    for (int p = 0; p < NPROV; p++)
        for (int m = 0; m < NMEAS; m++)
            blank_prov[p][m] = below(10) < 2;
    int skip_year = (int)below(NYEARS); /* a year without incidents: 0, known */
    g->first_year = 9999;
    for (size_t i = 0; i < g->n; i++) {
        gen_row *r = &g->rows[i];
        do
            r->year = 2000 + (int)below(NYEARS);
        while (r->year - 2000 == skip_year && NYEARS > 1);
        r->prov = (int)below(NPROV);
        double open[NMEAS];
        for (int m = 0; m < NMEAS; m++)
            gen_cell(r, m, blank_year[r->year - 2000][m] || blank_prov[r->prov][m], &open[m]);
        for (int base = 0; base < NMEAS; base += 3) {
            /* what the loader makes of the row: best falls back on low and high */
            if (isnan(r->v[base + 1]) && !r->cell[base + 1][0])
                r->v[base + 1] = best_fallback(r->v[base], isnan(r->v[base + 2]) ? open[base + 2]
                                                                                 : r->v[base + 2]);
        }
        if (r->year < g->first_year)
            g->first_year = r->year;
        if (r->year > g->last_year)
            g->last_year = r->year;
    }
}

static void write_file(const gen_file *g, const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("date,province,killed,killed_min,killed_max,injured,injured_min,injured_max\n", f);
    /* the best columns first in each triple of the reference: low, best, high */
    static const int ORDER[NMEAS] = {1, 0, 2, 4, 3, 5};
    for (size_t i = 0; i < g->n; i++) {
        const gen_row *r = &g->rows[i];
        fprintf(f, "%d-%02u-%02u,%s", r->year, 1 + below(12), 1 + below(28), PROV[r->prov]);
        for (int k = 0; k < NMEAS; k++)
            fprintf(f, ",%s", r->cell[ORDER[k]]);
        fputc('\n', f);
    }
    fclose(f);
}

/* ---- the reference -------------------------------------------------------------- */

typedef struct {
    uint64_t rows;
    double sum[NMEAS];
    uint64_t miss[NMEAS];
} ref_group;

static void ref_add(ref_group *a, const gen_row *r)
{
    a->rows++;
    for (int m = 0; m < NMEAS; m++) {
        if (isnan(r->v[m]))
            a->miss[m]++;
        else
            a->sum[m] += r->v[m];
    }
}

/* The sum m of a group: NaN when it has rows and every value is unknown. */
static double ref_sum(const ref_group *a, int m)
{
    return a->rows > 0 && a->miss[m] == a->rows ? NAN : a->sum[m];
}

/* The group of a summary row (by year, by province, or both). */
static ref_group ref_of(const gen_file *g, int year, int prov)
{
    ref_group a;
    memset(&a, 0, sizeof a);
    for (size_t i = 0; i < g->n; i++)
        if ((year < 0 || g->rows[i].year == year) && (prov < 0 || g->rows[i].prov == prov))
            ref_add(&a, &g->rows[i]);
    return a;
}

static int prov_of(const char *label)
{
    for (int p = 0; p < NPROV; p++)
        if (strcmp(label, PROV[p]) == 0)
            return p;
    fail_msg("no province \"%s\"", label);
    return -1;
}

static void check_value(double got, double want, const char *what, const char *key)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s of %s = %.17g, expected unknown (NaN)", what, key, got);
    } else if (!(got == want)) {
        fail_msg("%s of %s = %.17g, expected %.17g", what, key, got, want);
    }
}

/* The row's sums and missing counts against the reference, estimate e
 * (0 low, 1 best, 2 high) in killed and injured. */
static void check_row(const incstat_summary_row *r, const ref_group *a, int e, const char *key)
{
    assert_int_equal(r->incidents, a->rows);
    check_value(r->killed, ref_sum(a, e), "killed", key);
    check_value(r->injured, ref_sum(a, 3 + e), "injured", key);
    check_value(r->killed_low, ref_sum(a, 0), "killed_low", key);
    check_value(r->killed_high, ref_sum(a, 2), "killed_high", key);
    check_value(r->injured_low, ref_sum(a, 3), "injured_low", key);
    check_value(r->injured_high, ref_sum(a, 5), "injured_high", key);
    assert_int_equal(r->killed_missing, a->miss[e]);
    assert_int_equal(r->injured_missing, a->miss[3 + e]);
    assert_int_equal(r->killed_low_missing, a->miss[0]);
    assert_int_equal(r->killed_high_missing, a->miss[2]);
    assert_int_equal(r->injured_low_missing, a->miss[3]);
    assert_int_equal(r->injured_high_missing, a->miss[5]);
    /* ranks and changes skip what is unknown */
    if (isnan(r->killed)) {
        assert_int_equal(r->killed_rank, 0);
        assert_true(isnan(r->killed_yoy));
    }
}

/* ---- the printed forms ------------------------------------------------------------ */

static char *write_to_string(const incstat_summary *s, incstat_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    incstat_error err;
    assert_int_equal(incstat_summary_write(s, fmt, f, &err), INCSTAT_OK);
    fclose(f);
    return buf;
}

/* The number a cell prints ("1,234.5*" -> 1234.5, its mark in *marked);
 * NaN for an empty cell. */
static double cell_number(const char *c, size_t n, int *marked)
{
    char t[64];
    size_t o = 0;
    *marked = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof t; i++) {
        if (c[i] == '*')
            *marked = 1;
        else if (c[i] != ',' && c[i] != ' ' && c[i] != '\\')
            t[o++] = c[i];
    }
    t[o] = '\0';
    if (!o)
        return NAN;
    char *end;
    double v = strtod(t, &end);
    if (*end)
        fail_msg("cell \"%.*s\" is not a number", (int)n, c);
    return v;
}

static const char *const SUMS[] = {"killed", "injured", "killed_low", "killed_high",
                                   "injured_low", "injured_high"};
static const int SUM_MEAS_BEST[] = {1, 4, 0, 2, 3, 5}; /* of SUMS, best estimate */
static const char *const MISSES[] = {"killed_missing", "injured_missing", "killed_low_missing",
                                     "killed_high_missing", "injured_low_missing",
                                     "injured_high_missing"};

/* The CSV (TSV) text: every sum cell is empty exactly when unknown and
 * equals the reference otherwise; the missing counts too. */
static void check_delimited(const char *text, char delim, const gen_file *g)
{
    char line[4096];
    const char *p = text;
    char head[32][32];
    size_t nh = 0, row = 0;
    while (*p) {
        size_t n = strcspn(p, "\n");
        assert_true(n < sizeof line);
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (p[n] == '\n');
        char *cells[32];
        size_t nc = 0;
        for (char *c = line;;) {
            cells[nc++] = c;
            char *d = strchr(c, delim);
            if (!d)
                break;
            *d = '\0';
            c = d + 1;
        }
        if (row++ == 0) {
            for (size_t i = 0; i < nc; i++)
                snprintf(head[i], sizeof head[i], "%s", cells[i]);
            nh = nc;
            continue;
        }
        assert_int_equal(nc, nh);
        ref_group a = ref_of(g, atoi(cells[0]), -1);
        for (size_t i = 1; i < nc; i++) {
            for (int k = 0; k < 6; k++) {
                if (strcmp(head[i], SUMS[k]) == 0) {
                    double want = ref_sum(&a, SUM_MEAS_BEST[k]);
                    int m;
                    check_value(cells[i][0] ? cell_number(cells[i], strlen(cells[i]), &m) : NAN,
                                want, SUMS[k], cells[0]);
                }
                if (strcmp(head[i], MISSES[k]) == 0)
                    assert_int_equal(strtoull(cells[i], NULL, 10), a.miss[SUM_MEAS_BEST[k]]);
            }
        }
    }
    assert_true(row > 1);
}

/* JSON: null exactly when unknown. */
static void check_json(const char *text, const gen_file *g)
{
    size_t objects = 0;
    for (const char *o = strstr(text, "{\"year\": "); o; o = strstr(o + 1, "{\"year\": ")) {
        int year = atoi(o + 9);
        ref_group a = ref_of(g, year, -1);
        const char *end = strchr(o, '}');
        for (int k = 0; k < 6; k++) {
            char key[48];
            snprintf(key, sizeof key, "\"%s\": ", SUMS[k]);
            const char *v = strstr(o, key);
            assert_true(v && v < end);
            v += strlen(key);
            double want = ref_sum(&a, SUM_MEAS_BEST[k]);
            if (strncmp(v, "null", 4) == 0)
                check_value(NAN, want, SUMS[k], "json");
            else
                check_value(strtod(v, NULL), want, SUMS[k], "json");
        }
        objects++;
    }
    assert_true(objects > 0);
}

/* The aligned table and Markdown: a sum cell is empty exactly when unknown,
 * equals the reference otherwise, and is marked "*" exactly when it leaves
 * incidents out; the note names the injured left out. */
static void check_human(const char *text, int md, const gen_file *g)
{
    char line[4096];
    const char *p = text;
    size_t ends[32], starts[32], nh = 0, row = 0;
    char head[32][32];
    int legend = 0, marks = 0;
    while (*p) {
        size_t n = strcspn(p, "\n");
        assert_true(n < sizeof line);
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (p[n] == '\n');
        if (!n)
            continue;
        if (line[0] == '*' || strncmp(line, "\\*", 2) == 0) { /* the legend */
            assert_non_null(strstr(line, "sum of the known figures only"));
            legend = 1;
            continue;
        }
        if (md && line[1] == '-')
            continue; /* the rule under the header */
        if (row++ == 0) {
            /* columns: their header's extent (numbers are right-aligned
             * under it; in Markdown, the cells between bars) */
            for (size_t i = 0; i < n;) {
                while (i < n && (line[i] == ' ' || line[i] == '|'))
                    i++;
                if (i >= n)
                    break;
                starts[nh] = i;
                size_t j = i;
                while (j < n && line[j] != ' ' && line[j] != '|')
                    j++;
                snprintf(head[nh], sizeof head[nh], "%.*s", (int)(j - i), line + i);
                ends[nh++] = j;
                i = j;
            }
            continue;
        }
        ref_group a = ref_of(g, atoi(line + (md ? 2 : 0)), -1);
        for (size_t c = 1; c < nh; c++) {
            int k = -1;
            for (int q = 0; q < 4; q++) /* the sums the human forms show */
                if (strcmp(head[c], SUMS[q]) == 0)
                    k = q;
            if (k < 0)
                continue;
            /* the cell: from the end of the previous column to this one's end,
             * or in Markdown between the bars around the header */
            size_t from = ends[c - 1], to = ends[c];
            if (md) {
                while (from < n && line[from] != '|')
                    from++;
                to = ++from;
                while (to < n && line[to] != '|')
                    to++;
            } else {
                while (to < n && line[to] == '*')
                    to++;
            }
            assert_true(to <= n);
            (void)starts;
            int marked;
            double got = cell_number(line + from, to - from, &marked);
            int m = SUM_MEAS_BEST[k];
            double want = ref_sum(&a, m);
            check_value(got, want, head[c], line);
            if (!isnan(want) && marked != (a.miss[m] > 0))
                fail_msg("%s of %.4s: mark %d, %llu left out", head[c], line + (md ? 2 : 0),
                         marked, (unsigned long long)a.miss[m]);
            marks |= marked;
        }
        /* injured has no missing column in these forms: the note counts it */
        char want_note[64];
        snprintf(want_note, sizeof want_note, "injured %llu", (unsigned long long)a.miss[4]);
        if (a.miss[4] && !strstr(line, want_note))
            fail_msg("the note of \"%s\" does not say %s unknown", line, want_note);
    }
    assert_int_equal(legend, marks);
}

/* "2000 to 2006: 12 incidents, 340 killed, unknown injured (...)" */
static void check_total(const incstat_summary *s, const gen_file *g, int e)
{
    ref_group a = ref_of(g, -1, -1);
    incstat_summary_row t;
    incstat_error err;
    assert_int_equal(incstat_summary_total(s, &t, &err), INCSTAT_OK);
    check_row(&t, &a, e, "the total");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(incstat_summary_write_total(s, f, &err), INCSTAT_OK);
    fclose(f);
    for (int k = 0; k < 2; k++) {
        double want = ref_sum(&a, k ? 3 + e : e);
        char phrase[64];
        if (isnan(want))
            snprintf(phrase, sizeof phrase, ", unknown %s", k ? "injured" : "killed");
        else
            snprintf(phrase, sizeof phrase, " %s", k ? "injured" : "killed");
        if (!strstr(buf, phrase))
            fail_msg("total line \"%s\" lacks \"%s\"", buf, phrase);
        if (isnan(want)) {
            snprintf(phrase, sizeof phrase, " 0 %s", k ? "injured" : "killed");
            assert_null(strstr(buf, phrase));
        }
    }
    free(buf);
}

/* Every year's headline: an unknown toll is said to be unknown, never 0. */
static void check_headlines(const incstat_summary *s, const gen_file *g)
{
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        char buf[2048];
        incstat_error err;
        assert_int_equal(incstat_summary_headline(s, r->year, NULL, buf, sizeof buf, &err),
                         INCSTAT_OK);
        ref_group a = ref_of(g, r->year, -1);
        if (isnan(ref_sum(&a, 1))) {
            if (!strstr(buf, "death toll is unknown"))
                fail_msg("year %d: \"%s\"", r->year, buf);
            assert_null(strstr(buf, " 0 people"));
            /* no rank, change or record for an unknown toll */
            assert_null(strstr(buf, "deadliest"));
            assert_null(strstr(buf, "ranks"));
            assert_null(strstr(buf, "than in"));
        } else {
            assert_non_null(strstr(buf, "killed in"));
        }
    }
}

/* ---- the cases ---------------------------------------------------------------------- */

static incstat_summary *summarise(const char *path, incstat_estimate e, const incstat_by *by,
                                  size_t n_by)
{
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    lo.preset = "none";
    lo.map = MAP;
    lo.n_map = sizeof MAP / sizeof MAP[0];
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(path, &lo, &ld, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    incstat_summary_options so;
    memset(&so, 0, sizeof so);
    so.estimate = e;
    for (size_t k = 0; k < n_by; k++)
        so.by[k] = by[k];
    so.n_by = n_by;
    incstat_summary *s = NULL;
    if (incstat_summary_from_loader(ld, &so, NULL, &s, &err) != INCSTAT_OK)
        fail_msg("%s", err.message);
    incstat_loader_free(ld);
    return s;
}

static void one_case(const gen_file *g, const char *path)
{
    static const incstat_estimate EST[3] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                            INCSTAT_ESTIMATE_HIGH};
    incstat_by year = {INCSTAT_BY_YEAR, NULL}, prov = {INCSTAT_BY_TEXT, "admin1"};
    incstat_by both[2] = {year, prov};
    for (int e = 0; e < 3; e++) {
        /* by year: every period from the first year to the last */
        incstat_summary *s = summarise(path, EST[e], &year, 1);
        assert_int_equal(incstat_summary_rows(s), (size_t)(g->last_year - g->first_year + 1));
        for (size_t i = 0; i < incstat_summary_rows(s); i++) {
            const incstat_summary_row *r = incstat_summary_row_at(s, i);
            ref_group a = ref_of(g, r->year, -1);
            check_row(r, &a, e, r->key[0]);
        }
        if (EST[e] == INCSTAT_ESTIMATE_BEST) {
            char *t = write_to_string(s, INCSTAT_FORMAT_CSV);
            check_delimited(t, ',', g);
            free(t);
            t = write_to_string(s, INCSTAT_FORMAT_TSV);
            check_delimited(t, '\t', g);
            free(t);
            t = write_to_string(s, INCSTAT_FORMAT_JSON);
            check_json(t, g);
            free(t);
            t = write_to_string(s, INCSTAT_FORMAT_TABLE);
            check_human(t, 0, g);
            free(t);
            t = write_to_string(s, INCSTAT_FORMAT_MD);
            check_human(t, 1, g);
            free(t);
            check_headlines(s, g);
        }
        check_total(s, g, e);
        incstat_summary_free(s);
        /* by province, and by year and province */
        s = summarise(path, EST[e], &prov, 1);
        for (size_t i = 0; i < incstat_summary_rows(s); i++) {
            const incstat_summary_row *r = incstat_summary_row_at(s, i);
            ref_group a = ref_of(g, -1, prov_of(r->key[0]));
            check_row(r, &a, e, r->key[0]);
        }
        incstat_summary_free(s);
        s = summarise(path, EST[e], both, 2);
        for (size_t i = 0; i < incstat_summary_rows(s); i++) {
            const incstat_summary_row *r = incstat_summary_row_at(s, i);
            ref_group a = ref_of(g, r->year, prov_of(r->key[1]));
            check_row(r, &a, e, r->key[1]);
        }
        incstat_summary_free(s);
    }
}

static void test_generated_incident_lists(void **state)
{
    (void)state;
    char path[] = "/tmp/incstat_unknown_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    static gen_file g;
    size_t all_unknown = 0, partial = 0;
    rng_state = 0x9E3779B97F4A7C15ull;
    for (int iter = 0; iter < 300; iter++) {
        generate(&g);
        write_file(&g, path);
        one_case(&g, path);
        /* the cases do hold all-unknown groups and sums of some values */
        for (int y = g.first_year; y <= g.last_year; y++) {
            ref_group a = ref_of(&g, y, -1);
            for (int m = 0; m < NMEAS; m++) {
                all_unknown += a.rows && isnan(ref_sum(&a, m));
                partial += a.miss[m] && !isnan(ref_sum(&a, m));
            }
        }
    }
    unlink(path);
    print_message("%zu all-unknown and %zu partial yearly sums checked\n", all_unknown, partial);
    assert_true(all_unknown > 500);
    assert_true(partial > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_incident_lists),
    };
    return cmocka_run_group_tests_name("unknown_sums", tests, NULL, NULL);
}
