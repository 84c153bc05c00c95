/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_load.c: the loader: presets, mappings, schema files, the load
 * report, skipped rows, errors, allocation failure, and the shipped PBC file. */
#include "helpers.h"
#include "load_helpers.h"
#include <stdlib.h>
#include <unistd.h>
#include "incstat.h"
#include "core/internal.h"

#define LOAD_DIR TEST_DATA_DIR "/load/"
#define PBC "datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"

static incstat_table *load(const char *path, const incstat_load_options *o)
{
    incstat_table *t = NULL;
    incstat_error err;
    incstat_status st = incstat_load_path(path, o, &t, &err);
    if (st != INCSTAT_OK)
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

/* ---- presets ---------------------------------------------------------- */

static void test_gtd_preset(void **state)
{
    (void)state;
    incstat_table *t = load(LOAD_DIR "gtd_sample.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "gtd");
    assert_int_equal(r->preset_detected, 1);
    assert_int_equal(incstat_table_rows(t), 5);
    const incstat_date *d = incstat_table_dates(t);
    /* imonth/iday 0 mean unknown: precision drops, never day 0 */
    assert_int_equal(d[0].precision, INCSTAT_DATE_DAY);
    assert_int_equal(d[1].precision, INCSTAT_DATE_MONTH);
    assert_int_equal(d[1].month, 12);
    assert_int_equal(d[2].precision, INCSTAT_DATE_YEAR);
    assert_int_equal(d[2].year, 1994);
    /* -99 and -9 are unknown, blank too */
    const double *k = incstat_table_numbers(t, INCSTAT_NUM_KILLED_BEST);
    const double *w = incstat_table_numbers(t, INCSTAT_NUM_INJURED_BEST);
    assert_close(k[0], 3, 0);
    assert_nan(k[1]);
    assert_nan(k[2]);
    assert_nan(w[2]);
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 11, 0);
    assert_int_equal(r->n_known_gaps, 1);
    assert_int_equal(r->known_gaps[0], 1993);
    long perp = incstat_table_find_text_column(t, "perpetrator");
    assert_string_equal(incstat_table_text(t, (size_t)perp, 2), "Tehrik-i-Taliban Pakistan (TTP)");
    long region = incstat_table_find_text_column(t, "region_txt");
    assert_true(region >= INCSTAT_TEXT_COUNT);
    assert_string_equal(incstat_table_text(t, (size_t)region, 0), "South Asia");
    incstat_table_free(t);
}

static void test_acled_preset(void **state)
{
    (void)state;
    const char *map[] = {"injured=injured"};
    incstat_load_options o = {0};
    o.map = map;
    o.n_map = 1;
    incstat_table *t = load(LOAD_DIR "acled_sample.csv", &o);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "acled");
    assert_int_equal(incstat_table_rows(t), 3);
    const incstat_date *d = incstat_table_dates(t);
    assert_int_equal(d[1].year, 2023);
    assert_int_equal(d[1].month, 2);
    assert_int_equal(d[1].day, 12);
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 88, 0);
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 4, 0);
    /* the embedded line break moves the next record's line */
    assert_int_equal(incstat_table_lines(t)[2], 5);
    assert_string_equal(incstat_table_text(t, INCSTAT_TEXT_ADMIN1, 0), "Khyber Pakhtunkhwa");
    incstat_table_free(t);
}

static void test_ucdp_preset(void **state)
{
    (void)state;
    incstat_table *t = load(LOAD_DIR "ucdp_sample.csv", NULL);
    assert_string_equal(incstat_table_report(t)->preset, "ucdp-ged");
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 133, 0);
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_LOW), 118, 0);
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_HIGH), 188, 0);
    assert_null(incstat_table_text(t, INCSTAT_TEXT_ADMIN2, 2));
    incstat_table_free(t);
}

static void test_pbc_drone_macroman_totals(void **state)
{
    (void)state;
    incstat_table *t = load(LOAD_DIR "drone_macroman.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "pbc-drone");
    assert_int_equal(r->rows_read, 4);
    assert_int_equal(r->rows_loaded, 3);
    assert_int_equal(r->skipped[INCSTAT_SKIP_TOTALS], 1);
    assert_int_equal(r->totals_line, 5);
    assert_int_equal(r->skipped_lines[INCSTAT_SKIP_TOTALS][0], 5);
    /* the totals row's empty cells are not the data's missing values */
    for (size_t c = 0; c < r->n_columns; c++)
        if (strcmp(r->columns[c].name, "Date") == 0 || strcmp(r->columns[c].name, "City") == 0)
            assert_int_equal(r->columns[c].missing, 0);
    /* best = midpoint of min and max; max alone when min is blank */
    const double *k = incstat_table_numbers(t, INCSTAT_NUM_KILLED_BEST);
    assert_close(k[0], 5, 0);
    assert_close(k[1], 2.5, 0);
    assert_close(k[2], 7, 0);
    assert_int_equal(r->line_endings, INCSTAT_EOL_CRLF);
    incstat_table_free(t);
}

/* ---- totals rows as a check (issue 22) ------------------------------------ */

/* The figure of a report's totals check for field, or fail. */
static const incstat_totals_figure *figure(const incstat_load_report *r, const char *field)
{
    for (size_t i = 0; i < r->totals.n; i++)
        if (strcmp(r->totals.figures[i].field, field) == 0)
            return &r->totals.figures[i];
    fail_msg("no totals figure for %s", field);
    return NULL;
}

/* The row states killed min and max and injured; each is the sum of the
 * five rows above it (worked by hand in the comments). */
static void test_totals_agree(void **state)
{
    (void)state;
    incstat_table *t = load(LOAD_DIR "totals_agree.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    const incstat_totals_check *c = &r->totals;
    assert_int_equal(c->line, 7);
    assert_int_equal(c->line, r->totals_line);
    assert_int_equal(c->rows_above, 5);
    assert_int_equal(c->n, 3);
    assert_int_equal(c->disagree, 0);
    const incstat_totals_figure *f = figure(r, "killed_low");
    assert_close(f->stated, 19, 0); /* 2 + 0 + 12 + 4 + 1 */
    assert_close(f->summed, 19, 0);
    assert_int_equal(f->end, 0);
    assert_string_equal(r->columns[f->column].name, "killed_min");
    f = figure(r, "killed_high");
    assert_close(f->summed, 25, 0); /* 3 + 1 + 15 + 4 + 2 */
    assert_int_equal(f->end, 2);
    f = figure(r, "injured");
    assert_close(f->summed, 42, 0); /* 5 + (empty) + 30 + 7 + 0 */
    assert_int_equal(f->cause, INCSTAT_TOTALS_AGREES);
    incstat_table_free(t);

    /* a file without a totals row has no check */
    t = load(LOAD_DIR "ucdp_sample.csv", NULL);
    assert_int_equal(incstat_table_report(t)->totals.line, 0);
    assert_int_equal(incstat_table_report(t)->totals.n, 0);
    incstat_table_free(t);
}

/* Each cause the check names, from fixtures whose differences are worked by
 * hand. */
static void test_totals_disagree(void **state)
{
    (void)state;
    incstat_table *t = load(LOAD_DIR "totals_disagree.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_int_equal(r->totals.line, 8);
    assert_int_equal(r->totals.rows_above, 6);
    assert_int_equal(r->totals.n, 3);
    assert_int_equal(r->totals.disagree, 2);
    /* killed says 31, the rows 2 + 1 + 12 + 4 + 1 + 3 = 23: 31 is the
     * killed_max column's 3 + 2 + 15 + 4 + 2 + 5 */
    const incstat_totals_figure *f = figure(r, "killed");
    assert_close(f->stated, 31, 0);
    assert_close(f->summed, 23, 0);
    assert_int_equal(f->cause, INCSTAT_TOTALS_OTHER_SUM);
    assert_string_equal(r->columns[f->other_column].name, "killed_max");
    assert_int_equal(f->other_end, 2);
    assert_int_equal(figure(r, "killed_high")->cause, INCSTAT_TOTALS_AGREES);
    /* injured says 56, the rows 5 + 11 + 30 + 7 + 3 + 9 = 65: 9 more, the
     * last row's figure */
    f = figure(r, "injured");
    assert_close(f->summed, 65, 0);
    assert_int_equal(f->cause, INCSTAT_TOTALS_ONE_ROW);
    incstat_table_free(t);

    /* a row skipped for its extra fields holds what the total has more of:
     * killed 3 + 1200 + 2 + ("x") + 5 + 0 = 1210 against 1217 (the skipped
     * row's 7); injured 4 + 0 + 1 + 5 + 2 = 12 against 13 */
    incstat_load_options o = {0};
    const char *map[] = {"date=date", "killed=killed", "injured=injured"};
    o.map = map;
    o.n_map = 3;
    t = load(TEST_DATA_DIR "/cli/mixed.csv", &o);
    r = incstat_table_report(t);
    f = figure(r, "killed");
    assert_close(f->stated, 1217, 0);
    assert_close(f->summed, 1210, 0);
    assert_int_equal(f->cause, INCSTAT_TOTALS_NOT_SUMMED);
    assert_int_equal(figure(r, "injured")->cause, INCSTAT_TOTALS_NOT_SUMMED);
    incstat_table_free(t);

    /* a negative cell ("-4") is no count, but a publisher's sheet sums it,
     * as PBC's drone file does in its civilians columns: max 4 + 9 + 3 = 16
     * against 4 - 4 + 9 + 3 = 12; min 2 + 0 + 5 + 1 = 8 agrees */
    const char *civ[] = {"killed_low=civilians_min", "killed_high=civilians_max"};
    o.map = civ;
    o.n_map = 2;
    t = load(LOAD_DIR "totals_negative.csv", &o);
    r = incstat_table_report(t);
    f = figure(r, "killed_high");
    assert_close(f->stated, 12, 0);
    assert_close(f->summed, 16, 0);
    assert_int_equal(f->cause, INCSTAT_TOTALS_NOT_SUMMED);
    assert_int_equal(figure(r, "killed_low")->cause, INCSTAT_TOTALS_AGREES);
    incstat_table_free(t);

    /* "1.870", "2.914", "3.112" read with a decimal point against a total
     * of 7896: a factor of 1,000; the incidents (12 + 15 + 9) agree */
    const char *years[] = {"year=Year"};
    o.map = years;
    o.n_map = 1;
    o.decimal = '.';
    t = load(TEST_DATA_DIR "/numbers/years_total.csv", &o);
    r = incstat_table_report(t);
    f = figure(r, "killed");
    assert_close(f->stated, 7896, 0);
    assert_close(f->summed, 7.896, 1e-12);
    assert_int_equal(f->cause, INCSTAT_TOTALS_THOUSAND);
    f = figure(r, "incidents");
    assert_close(f->summed, 36, 0);
    assert_int_equal(f->cause, INCSTAT_TOTALS_AGREES);
    incstat_table_free(t);
    /* with the decimal mark the counts decide, it agrees */
    o.decimal = 0;
    t = load(TEST_DATA_DIR "/numbers/years_total.csv", &o);
    assert_int_equal(incstat_table_report(t)->totals.disagree, 0);
    incstat_table_free(t);
}

static void test_unknown_preset(void **state)
{
    (void)state;
    incstat_load_options o = {0};
    incstat_table *t = NULL;
    incstat_error err;
    o.preset = "gdt";
    assert_int_equal(incstat_load_path(LOAD_DIR "gtd_sample.csv", &o, &t, &err), INCSTAT_EINVAL);
    assert_null(t);
    assert_non_null(strstr(err.message, "did you mean \"gtd\""));
}

/* ---- mapping ---------------------------------------------------------- */

static void test_custom_map(void **state)
{
    (void)state;
    const char *map[] = {"date=When", "killed=Killed", "injured=Wounded", "admin1=Province",
                         "id=Incident"};
    incstat_load_options o = {0};
    o.map = map;
    o.n_map = 5;
    incstat_table *t = load(LOAD_DIR "custom.csv", &o);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "custom");
    /* 10 records after the header: 7 loaded, blank, too many fields,
     * repeated header, totals */
    assert_int_equal(r->rows_read, 10);
    assert_int_equal(r->rows_loaded, 6);
    assert_int_equal(r->skipped[INCSTAT_SKIP_BLANK], 1);
    assert_int_equal(r->skipped[INCSTAT_SKIP_TOO_MANY_FIELDS], 1);
    assert_int_equal(r->skipped_lines[INCSTAT_SKIP_TOO_MANY_FIELDS][0], 8);
    assert_int_equal(r->skipped[INCSTAT_SKIP_HEADER_REPEAT], 1);
    assert_int_equal(r->skipped[INCSTAT_SKIP_TOTALS], 1);
    assert_int_equal(r->rows_read, r->rows_loaded + r->rows_skipped);
    const double *k = incstat_table_numbers(t, INCSTAT_NUM_KILLED_BEST);
    const double *kh = incstat_table_numbers(t, INCSTAT_NUM_KILLED_HIGH);
    assert_close(k[0], 1600, 0);
    assert_close(k[1], 40, 0); /* 40+: low and best 40 */
    assert_nan(kh[1]);         /* high unknown */
    assert_nan(k[2]);          /* Unknown */
    const double *w = incstat_table_numbers(t, INCSTAT_NUM_INJURED_BEST);
    assert_close(w[0], 2.5, 0); /* 2-3 */
    /* AUTO date order: 6/19/2004 shows month first, so 7/4/2004 is July 4 */
    const incstat_date *d = incstat_table_dates(t);
    assert_int_equal(d[1].month, 7);
    assert_int_equal(d[1].day, 4);
    assert_int_equal(r->date_order_used, INCSTAT_DATE_ORDER_MDY);
    /* 13/13/2005 is not a date: counted against the column, row loaded */
    size_t when = 1;
    assert_int_equal(r->columns[when].unparsed, 1);
    assert_int_equal(r->columns[when].first_unparsed_line, 5);
    assert_string_equal(r->columns[when].first_unparsed, "13/13/2005");
    assert_int_equal(r->undated, 2);
    incstat_table_free(t);
}

static void test_schema_file(void **state)
{
    (void)state;
    incstat_load_options o = {0};
    o.schema_path = LOAD_DIR "custom.schema";
    incstat_table *t = load(LOAD_DIR "custom.csv", &o);
    assert_int_equal(incstat_table_rows(t), 6);
    long notes = incstat_table_find_text_column(t, "Notes");
    assert_true(notes >= 0);
    assert_string_equal(incstat_table_text(t, (size_t)notes, 0), "first");
    const incstat_date *d = incstat_table_dates(t);
    assert_int_equal(d[0].month, 6);
    assert_int_equal(d[0].day, 19);
    incstat_table_free(t);
}

static void test_schema_errors(void **state)
{
    (void)state;
    incstat_load_options o = {0};
    incstat_table *t = NULL;
    incstat_error err;
    o.schema_path = LOAD_DIR "bad.schema";
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_ESCHEMA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "bad.schema:2"));
    assert_non_null(strstr(err.message, "did you mean \"killed\""));
    o.schema_path = LOAD_DIR "missing.schema";
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_EIO);
}

static void test_map_errors(void **state)
{
    (void)state;
    incstat_load_options o = {0};
    incstat_table *t = NULL;
    incstat_error err;
    const char *bad_col[] = {"killed=Kiled"};
    o.map = bad_col;
    o.n_map = 1;
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_ENOCOLUMN);
    assert_non_null(strstr(err.message, "custom.csv"));
    assert_non_null(strstr(err.message, "did you mean \"Killed\""));
    const char *bad_field[] = {"kiled=Killed"};
    o.map = bad_field;
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_EINVAL);
    assert_non_null(strstr(err.message, "did you mean \"killed\""));
    const char *no_eq[] = {"killed"};
    o.map = no_eq;
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_EINVAL);
    o.n_map = 0;
    const char *keep[] = {"Nope"};
    o.keep = keep;
    o.n_keep = 1;
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_ENOCOLUMN);
    assert_null(t);
}

static void test_strict(void **state)
{
    (void)state;
    const char *map[] = {"date=When", "killed=Killed"};
    incstat_load_options o = {0};
    incstat_table *t = NULL;
    incstat_error err;
    o.map = map;
    o.n_map = 2;
    o.strict = 1;
    assert_int_equal(incstat_load_path(LOAD_DIR "custom.csv", &o, &t, &err), INCSTAT_EPARSE);
    assert_int_equal(err.line, 8);
    assert_int_equal(err.column, 7);
    assert_non_null(strstr(err.message, "custom.csv:8"));
    assert_null(t);
}

static void test_io_errors(void **state)
{
    (void)state;
    incstat_table *t = NULL;
    incstat_error err;
    assert_int_equal(incstat_load_path(LOAD_DIR "does-not-exist.csv", NULL, &t, &err), INCSTAT_EIO);
    assert_non_null(strstr(err.message, "does-not-exist.csv"));
    static const char empty[] = "";
    incstat_csv *csv;
    assert_int_equal(incstat_csv_open_memory(empty, 0, "empty.csv", NULL, &csv, &err), INCSTAT_OK);
    incstat_loader *ld;
    assert_int_equal(incstat_loader_open_csv(csv, NULL, &ld, &err), INCSTAT_EEMPTY);
    assert_non_null(strstr(err.message, "empty.csv"));
    static const char unterminated[] = "a,b\n1,\"oops\n2,3\n";
    assert_int_equal(incstat_csv_open_memory(unterminated, sizeof unterminated - 1, "u.csv", NULL,
                                             &csv, &err), INCSTAT_OK);
    const char *map[] = {"killed=b"};
    incstat_load_options o = {0};
    o.map = map;
    o.n_map = 1;
    assert_int_equal(incstat_loader_open_csv(csv, &o, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_load_loader(ld, &t, &err), INCSTAT_EPARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_null(t);
}

static void test_duplicate_headers(void **state)
{
    (void)state;
    static const char data[] = "Source,Source,Source ,date,killed\nA,B,C,2004-01-02,3\n";
    incstat_csv *csv;
    incstat_loader *ld;
    incstat_error err;
    incstat_table *t;
    const char *keep[] = {"Source.3", "Source"};
    incstat_load_options o = {0};
    o.keep = keep;
    o.n_keep = 2;
    o.preset = "none";
    const char *map[] = {"date=date", "killed=killed"};
    o.map = map;
    o.n_map = 2;
    assert_int_equal(incstat_csv_open_memory(data, sizeof data - 1, "dup.csv", NULL, &csv, &err), 0);
    assert_int_equal(incstat_loader_open_csv(csv, &o, &ld, &err), INCSTAT_OK);
    const incstat_load_report *r = incstat_loader_report(ld);
    assert_string_equal(r->columns[0].name, "Source");
    assert_string_equal(r->columns[1].name, "Source.2");
    assert_string_equal(r->columns[2].name, "Source.3");
    assert_int_equal(incstat_load_loader(ld, &t, &err), INCSTAT_OK);
    assert_string_equal(incstat_table_text(t, INCSTAT_TEXT_COUNT + 0, 0), "C");
    assert_string_equal(incstat_table_text(t, INCSTAT_TEXT_COUNT + 1, 0), "A");
    incstat_table_free(t);
}

/* ---- the shipped file ------------------------------------------------- */

static void test_pbc_shipped(void **state)
{
    (void)state;
    incstat_table *t = load(PBC, NULL);
    const incstat_load_report *r = incstat_table_report(t);
    /* MANIFEST: 496 incidents; all dates parse (R reference, tests/reference) */
    assert_string_equal(r->preset, "pbc-suicide");
    assert_int_equal(r->rows_read, 496);
    assert_int_equal(r->rows_loaded, 496);
    assert_int_equal(r->undated, 0);
    assert_int_equal(r->year_min, 1995);
    assert_int_equal(r->year_max, 2017);
    assert_true(r->cp1252_cells > 0); /* Windows-1252 bytes, read as such */
    assert_int_equal(r->line_endings & INCSTAT_EOL_CRLF, INCSTAT_EOL_CRLF);
    /* two rows with min above max: S#129 and S#328 (R reference) */
    assert_int_equal(r->low_above_high, 2);
    /* Killed Max sums to 7299 over 1995-2017; Killed Min 5154 (R reference) */
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_HIGH), 7299, 0);
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_LOW), 5154, 0);
    assert_close(col_sum(t, INCSTAT_NUM_KILLED_BEST), 6660.5, 0);
    assert_close(col_sum(t, INCSTAT_NUM_INJURED_BEST), 15984, 0);
    incstat_table_free(t);
}

/* ---- allocation failure ----------------------------------------------- */

static void test_alloc_failure(void **state)
{
    (void)state;
    /* custom_macroman.csv: the header is named again once Mac Roman is chosen */
    const char *files[] = {LOAD_DIR "custom.csv", LOAD_DIR "drone_macroman.csv",
                           LOAD_DIR "gtd_sample.csv", TEST_DATA_DIR "/encoding/custom_macroman.csv"};
    for (size_t f = 0; f < 4; f++) {
        incstat_load_options o = {0};
        o.schema_path = f == 0 ? LOAD_DIR "custom.schema" : NULL;
        check_load_alloc_failures(files[f], &o, 0);
    }
}

/* ---- the report as text -------------------------------------------- */

static char *report_text(const incstat_load_report *r, incstat_load_report_style style)
{
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    incstat_error err;
    assert_int_equal(incstat_load_report_write(r, style, out, &err), INCSTAT_OK);
    fclose(out);
    return buf;
}

/* The short report, inspect's table (which ends with the short report) and
 * its JSON, as the CLI goldens show them for this file. */
static void test_report_write(void **state)
{
    (void)state;
    incstat_table *t = load(LOAD_DIR "gtd_sample.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    char *s = report_text(r, INCSTAT_LOAD_REPORT_SHORT);
    assert_string_equal(s, "incstat: " LOAD_DIR "gtd_sample.csv: 5 rows read, 5 loaded, 0 skipped "
                           "(preset gtd, detected, CRLF); 14 fields recognised\n");
    char *full = report_text(r, INCSTAT_LOAD_REPORT_FULL);
    const char *head = "file        " LOAD_DIR "gtd_sample.csv\n";
    assert_true(strncmp(full, head, strlen(head)) == 0);
    assert_string_equal(full + strlen(full) - strlen(s), s);
    free(full);
    free(s);
    s = report_text(r, INCSTAT_LOAD_REPORT_JSON);
    head = "{\"file\": \"" LOAD_DIR "gtd_sample.csv\", \"gzip\": false, \"preset\": \"gtd\"";
    assert_true(strncmp(s, head, strlen(head)) == 0);
    assert_string_equal(s + strlen(s) - 3, "]}\n");
    free(s);
    incstat_error err;
    assert_int_equal(incstat_load_report_write(NULL, INCSTAT_LOAD_REPORT_SHORT, stdout, &err),
                     INCSTAT_EINVAL);
    assert_int_equal(incstat_load_report_write(r, (incstat_load_report_style)9, stdout, &err),
                     INCSTAT_EINVAL);
    assert_int_equal(err.code, INCSTAT_EINVAL);
    incstat_table_free(t);
}

/* A year,population table into the exposures of yearly and monthly
 * periods; a year the table lacks is NaN; a missing column and a bad
 * population are errors naming the file and line. */
static void test_population(void **state)
{
    (void)state;
    const double x[] = {2005, 2006.5, 1900};
    double e[3];
    incstat_error err;
    assert_int_equal(incstat_population_read(TEST_DATA_DIR "/cli/pakistan_population.csv", x, 3, e,
                                             &err),
                     INCSTAT_OK);
    assert_true(e[0] > 1e8);
    assert_true(e[1] > e[0]);
    assert_nan(e[2]);
    assert_int_equal(incstat_population_read(TEST_DATA_DIR "/cli/us_dates.csv", x, 3, e, &err),
                     INCSTAT_ENOCOLUMN);
    assert_int_equal(err.line, 1);
    assert_int_equal(incstat_population_read(NULL, x, 3, e, &err), INCSTAT_EINVAL);
}

/* The schema written to a stream is the schema text, whole. */
static void test_schema_write(void **state)
{
    (void)state;
    incstat_loader *ld;
    incstat_error err;
    assert_int_equal(incstat_loader_open(LOAD_DIR "gtd_sample.csv", NULL, &ld, &err), INCSTAT_OK);
    char text[4096];
    size_t n = incstat_loader_schema_text(ld, text, sizeof text);
    assert_true(n > 0 && n < sizeof text);
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(incstat_loader_schema_write(ld, out, &err), INCSTAT_OK);
    fclose(out);
    assert_string_equal(buf, text);
    free(buf);
    assert_int_equal(incstat_loader_schema_write(NULL, stdout, &err), INCSTAT_EINVAL);
    incstat_loader_free(ld);
}

/* ---- encodings by plausibility (issue 21) ------------------------------ */

#define ENC_DIR TEST_DATA_DIR "/encoding/"

/* The same text in Windows-1252 and Mac Roman under a header of no preset:
 * each is read in its own encoding, header included. */
static void test_encoding_by_text(void **state)
{
    (void)state;
    static const char *const keep[] = {"notes"};
    static const char *const files[] = {ENC_DIR "custom_cp1252.csv", ENC_DIR "custom_macroman.csv"};
    static const incstat_encoding want[] = {INCSTAT_ENCODING_WINDOWS_1252, INCSTAT_ENCODING_MAC_ROMAN};
    for (int f = 0; f < 2; f++) {
        incstat_load_options o = {0};
        o.keep = keep;
        o.n_keep = 1;
        incstat_table *t = load(files[f], &o);
        const incstat_load_report *r = incstat_table_report(t);
        const incstat_encoding_choice *c = &r->encoding_choice;
        assert_int_equal(r->encoding, INCSTAT_ENCODING_AUTO);
        assert_int_equal(c->by, INCSTAT_ENCODING_BY_TEXT);
        assert_int_equal(c->chosen, want[f]);
        assert_int_equal(c->runner_up, want[1 - f]);
        assert_int_equal(c->prior, INCSTAT_ENCODING_AUTO);
        assert_int_equal(c->close, 0);
        assert_int_equal(c->sampled, 1);
        assert_int_equal(c->cells, 5); /* the header's "Région" and four notes */
        assert_true(c->score > c->runner_up_score);
        assert_string_equal(r->columns[3].name, "R\xC3\xA9gion");
        long notes = incstat_table_find_text_column(t, "notes");
        assert_true(notes >= 0);
        assert_string_equal(incstat_table_text(t, (size_t)notes, 0),
                            "Army\xE2\x80\x99s camp near the border");
        assert_string_equal(incstat_table_text(t, (size_t)notes, 1),
                            "A \xE2\x80\x9C" "compound\xE2\x80\x9D of a commander");
        incstat_table_free(t);
    }
}

/* The drone list's preset says Mac Roman; the older release's text is
 * Windows-1252 and reads so: the prior gives way.  --encoding still wins. */
static void test_encoding_preset_prior(void **state)
{
    (void)state;
    incstat_table *t = load(ENC_DIR "drone_cp1252.csv", NULL);
    const incstat_load_report *r = incstat_table_report(t);
    assert_string_equal(r->preset, "pbc-drone");
    assert_int_equal(r->encoding_choice.by, INCSTAT_ENCODING_BY_TEXT);
    assert_int_equal(r->encoding_choice.chosen, INCSTAT_ENCODING_WINDOWS_1252);
    assert_int_equal(r->encoding_choice.prior, INCSTAT_ENCODING_MAC_ROMAN);
    assert_int_equal(r->encoding_choice.prior_score, r->encoding_choice.runner_up_score);
    assert_string_equal(incstat_table_text(t, INCSTAT_TEXT_LOCATION, 2), "Officers\xE2\x80\x99 Colony");
    incstat_table_free(t);

    incstat_load_options o = {0};
    o.csv.encoding = INCSTAT_ENCODING_MAC_ROMAN;
    o.encoding_set = 1;
    t = load(ENC_DIR "drone_cp1252.csv", &o);
    r = incstat_table_report(t);
    assert_int_equal(r->encoding, INCSTAT_ENCODING_MAC_ROMAN);
    assert_int_equal(r->encoding_choice.by, INCSTAT_ENCODING_BY_NONE);
    assert_string_equal(incstat_table_text(t, INCSTAT_TEXT_LOCATION, 2), "Officers\xC3\xAD Colony");
    incstat_table_free(t);
}

/* A fallback the caller sets is kept, like --encoding: nothing is chosen. */
static void test_encoding_caller_fallback(void **state)
{
    (void)state;
    static const char *const keep[] = {"notes"};
    incstat_load_options o = {0};
    o.keep = keep;
    o.n_keep = 1;
    o.csv.fallback = INCSTAT_ENCODING_MAC_ROMAN;
    incstat_table *t = load(ENC_DIR "custom_cp1252.csv", &o);
    const incstat_load_report *r = incstat_table_report(t);
    assert_int_equal(r->encoding, INCSTAT_ENCODING_AUTO);
    assert_int_equal(r->encoding_choice.by, INCSTAT_ENCODING_BY_NONE);
    assert_int_equal(r->encoding_choice.chosen, INCSTAT_ENCODING_MAC_ROMAN);
    assert_int_equal(r->cp1252_cells, 5);
    long notes = incstat_table_find_text_column(t, "notes");
    assert_string_equal(incstat_table_text(t, (size_t)notes, 0), "Army\xC3\xADs camp near the border");
    char *text = report_text(r, INCSTAT_LOAD_REPORT_FULL);
    assert_non_null(strstr(text, "encoding    mac-roman (not valid UTF-8; as the caller set)\n"));
    assert_non_null(strstr(text, "not valid UTF-8: 5 cells read as Mac Roman (first at line 1); pass"));
    free(text);
    incstat_table_free(t);
}

/* A reader over memory (like a pipe or a read function, it is read once):
 * its bytes are read ahead once and judged as the same bytes in a file
 * are: the encoding by the text, not by the preset alone. */
static void test_encoding_sampled_from_memory(void **state)
{
    (void)state;
    static const char text[] =
        "S#,Date,Location,City,Province,Total Died Min,Total Died Mix,Injured Min,Injured Max,"
        "Longitude,Latitude\r\n"
        "1,\"Friday, June 18, 2004\",Officers\x92 Colony,Bannu,KPK,1,2,,,70.6,33.0\r\n";
    char path[] = "/tmp/incstat_enc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    incstat_csv *csv;
    incstat_loader *ld, *lf;
    incstat_error err;
    assert_int_equal(incstat_csv_open_memory(text, sizeof text - 1, "mem", NULL, &csv, &err), INCSTAT_OK);
    assert_int_equal(incstat_loader_open_csv(csv, NULL, &ld, &err), INCSTAT_OK);
    assert_int_equal(incstat_loader_open(path, NULL, &lf, &err), INCSTAT_OK);
    const incstat_encoding_choice *c = &incstat_loader_report(ld)->encoding_choice;
    const incstat_encoding_choice *f = &incstat_loader_report(lf)->encoding_choice;
    assert_int_equal(c->sampled, 1);
    assert_int_equal(c->by, f->by);
    assert_int_equal(c->by, INCSTAT_ENCODING_BY_TEXT);
    assert_int_equal(c->chosen, f->chosen);
    assert_int_equal(c->chosen, INCSTAT_ENCODING_WINDOWS_1252);
    const incstat_incident *inc, *inf;
    assert_int_equal(incstat_loader_next(ld, &inc, &err), INCSTAT_ROW);
    assert_int_equal(incstat_loader_next(lf, &inf, &err), INCSTAT_ROW);
    const incstat_text *loc = &inc->text[INCSTAT_TEXT_LOCATION];
    assert_int_equal(loc->len, strlen("Officers\xE2\x80\x99 Colony"));
    assert_memory_equal(loc->ptr, "Officers\xE2\x80\x99 Colony", loc->len);
    assert_int_equal(inf->text[INCSTAT_TEXT_LOCATION].len, loc->len);
    assert_memory_equal(inf->text[INCSTAT_TEXT_LOCATION].ptr, loc->ptr, loc->len);
    incstat_loader_free(ld);
    incstat_loader_free(lf);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest presets[] = {
        cmocka_unit_test(test_gtd_preset),
        cmocka_unit_test(test_report_write),
        cmocka_unit_test(test_population),
        cmocka_unit_test(test_schema_write),
        cmocka_unit_test(test_acled_preset),
        cmocka_unit_test(test_ucdp_preset),
        cmocka_unit_test(test_pbc_drone_macroman_totals),
        cmocka_unit_test(test_totals_agree),
        cmocka_unit_test(test_totals_disagree),
        cmocka_unit_test(test_unknown_preset),
    };
    const struct CMUnitTest mapping[] = {
        cmocka_unit_test(test_custom_map),
        cmocka_unit_test(test_schema_file),
        cmocka_unit_test(test_schema_errors),
        cmocka_unit_test(test_map_errors),
        cmocka_unit_test(test_strict),
        cmocka_unit_test(test_io_errors),
        cmocka_unit_test(test_duplicate_headers),
    };
    const struct CMUnitTest encodings[] = {
        cmocka_unit_test(test_encoding_by_text),
        cmocka_unit_test(test_encoding_preset_prior),
        cmocka_unit_test(test_encoding_sampled_from_memory),
        cmocka_unit_test(test_encoding_caller_fallback),
    };
    const struct CMUnitTest shipped[] = {
        cmocka_unit_test(test_pbc_shipped),
        cmocka_unit_test(test_alloc_failure),
    };
    int fails = 0;
    fails += cmocka_run_group_tests_name("load_presets", presets, NULL, NULL);
    fails += cmocka_run_group_tests_name("load_mapping", mapping, NULL, NULL);
    fails += cmocka_run_group_tests_name("load_encodings", encodings, NULL, NULL);
    fails += cmocka_run_group_tests_name("load_shipped", shipped, NULL, NULL);
    return fails ? 1 : 0;
}
