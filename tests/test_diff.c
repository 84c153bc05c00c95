/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_diff.c: records with their cells (io/records.c) and the release
 * diff (stats/diff.c): the PBC suicide-attack versions 6 and 11 against the
 * independent R reference, and fixtures for each kind of change. */
#include <stdlib.h>

#include "helpers.h"
#include "incstat.h"
#include "core/internal.h"

#define DIR TEST_DATA_DIR "/diff/"
#define V6 DIR "pbc_suicide_attacks_ver6_2017-10-10.csv"
#define V11 "datasets/pbc_suicide_attacks_ver11_2017-11-30.csv"

static incstat_records *load(const char *path, const incstat_load_options *o)
{
    incstat_records *r = NULL;
    incstat_error err;
    incstat_status st = incstat_records_load(path, o, &r, &err);
    if (st != INCSTAT_OK)
        fail_msg("%s: %s", path, err.message);
    return r;
}

/* Diff two files with the default options (or o), failing on error. */
static incstat_diff *diff_files(const char *a, const char *b, const incstat_diff_options *o,
                                incstat_records **ra, incstat_records **rb)
{
    incstat_diff *d = NULL;
    incstat_error err;
    *ra = load(a, NULL);
    *rb = load(b, NULL);
    if (incstat_diff_new(*ra, *rb, o, &d, &err) != INCSTAT_OK)
        fail_msg("diff %s %s: %s", a, b, err.message);
    return d;
}

static void cell_is(const incstat_diff_cell *c, const char *column, const char *o, const char *n)
{
    assert_string_equal(c->column, column);
    assert_int_equal(c->old_len, strlen(o));
    assert_memory_equal(c->old_text, o, c->old_len);
    assert_int_equal(c->new_len, strlen(n));
    assert_memory_equal(c->new_text, n, c->new_len);
}

/* ---- records ------------------------------------------------------------ */

static void test_records_cells(void **state)
{
    (void)state;
    incstat_records *r = load(DIR "old.csv", NULL);
    assert_int_equal(incstat_records_count(r), 6);
    assert_int_equal(incstat_records_columns(r), 12);
    size_t n;
    /* quotes removed, doubled quotes undoubled, the line break kept, no trimming */
    const char *s = incstat_records_cell(r, 0, 10, &n);
    assert_int_equal(n, strlen("Suicide blast in a mosque, \"police lines\""));
    assert_memory_equal(s, "Suicide blast in a mosque, \"police lines\"", n);
    s = incstat_records_cell(r, 3, 10, &n);
    assert_memory_equal(s, "Shooting at a caf\xc3\xa9\ntwo wounded", n);
    s = incstat_records_cell(r, 5, 11, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(s, "  30", 4);
    assert_int_equal(incstat_records_line(r, 4), 7); /* after the two-line record */
    incstat_date d = incstat_records_date(r, 2);
    assert_int_equal(d.year, 2023);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 5);
    assert_close(incstat_records_number(r, 5, INCSTAT_NUM_KILLED_BEST), 30, 0);
    assert_int_equal(incstat_records_has_id(r, 0), 1);
    incstat_records_free(r);

    /* the same bytes in Windows-1252 decode to the same text */
    r = load(DIR "cp1252.csv", NULL);
    s = incstat_records_cell(r, 3, 10, &n);
    assert_memory_equal(s, "Shooting at a caf\xc3\xa9\ntwo wounded", n);
    incstat_records_free(r);

    r = load(DIR "blank_id.csv", NULL);
    assert_int_equal(incstat_records_has_id(r, 2), 0);
    incstat_records_free(r);
    incstat_records_free(NULL);
}

/* Read in chunks on threads, the records are those of one pass. */
static void test_records_parallel(void **state)
{
    (void)state;
    incstat_load_options o;
    memset(&o, 0, sizeof o);
    o.threads = 4;
    o.parallel_min_bytes = 1;
    incstat_records *a = load(V11, NULL), *b = load(V11, &o);
    assert_int_equal(incstat_records_count(a), incstat_records_count(b));
    for (size_t i = 0; i < incstat_records_count(a); i++) {
        assert_int_equal(incstat_records_line(a, i), incstat_records_line(b, i));
        for (size_t c = 0; c < incstat_records_columns(a); c++) {
            size_t n, m;
            const char *x = incstat_records_cell(a, i, c, &n), *y = incstat_records_cell(b, i, c, &m);
            assert_int_equal(n, m);
            assert_memory_equal(x, y, n);
        }
    }
    incstat_records_free(a);
    incstat_records_free(b);
}

/* ---- PBC version 6 -> 11 ------------------------------------------------ */

/* The reference (tests/reference/pbc_v6_v11_diff.csv, written by
 * pbc_v6_yearly.R from R's read.csv of both files): S#493-496 added, S#484
 * and 486-492 changed, in Time, Islamic Date, Influencing Event/Event (a
 * leading no-break space only), Blast Day Type and Targeted Sect; 2017 goes
 * from 17 to 21 incidents, killed best 262.5 -> 277.5, min 224 -> 238, max
 * 301 -> 317, injured best 582 -> 638 (pbc_v6_yearly.csv, pbc_v11_yearly.csv). */
static void test_pbc_v6_v11(void **state)
{
    (void)state;
    incstat_records *a, *b;
    incstat_diff *d = diff_files(V6, V11, NULL, &a, &b);
    const incstat_diff_match *m = incstat_diff_match_info(d);
    assert_int_equal(m->by_id, 1);
    assert_string_equal(m->old_key, "S#");
    assert_int_equal(m->duplicate_keys, 0);
    assert_int_equal(m->whitespace_cells, 1);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_ADDED), 4);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_REMOVED), 0);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_CHANGED), 8);
    static const char *const ADDED[] = {"493", "494", "495", "496"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(incstat_diff_record_at(d, INCSTAT_DIFF_ADDED, i)->id, ADDED[i]);
    const incstat_diff_record *r = incstat_diff_record_at(d, INCSTAT_DIFF_ADDED, 0);
    assert_int_equal(r->date.year, 2017);
    assert_int_equal(r->date.month, 10);
    assert_int_equal(r->date.day, 19);
    static const char *const CHANGED[] = {"484", "486", "487", "488", "489", "490", "491", "492"};
    size_t cells = 0;
    for (size_t i = 0; i < 8; i++) {
        r = incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, i);
        assert_string_equal(r->id, CHANGED[i]);
        assert_int_equal(r->in_counts, 0);
        cells += r->n_cells;
    }
    assert_int_equal(cells, 14); /* the reference's 15 less the white-space one */
    r = incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 0);
    cell_is(&r->cells[0], "Time", "2:30PM", "2:30 PM");
    r = incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 7);
    assert_int_equal(r->n_cells, 3);
    cell_is(&r->cells[1], "Blast Day Type", "", "Working Day");
    assert_null(incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 8));

    const incstat_diff_year *y;
    assert_int_equal(incstat_diff_years(d, &y), 1);
    assert_int_equal(y->year, 2017);
    assert_int_equal(y->incidents_old, 17);
    assert_int_equal(y->incidents_new, 21);
    assert_close(y->killed_old, 262.5, 0);
    assert_close(y->killed_new, 277.5, 0);
    assert_close(y->killed_low_old, 224, 0);
    assert_close(y->killed_low_new, 238, 0);
    assert_close(y->killed_high_old, 301, 0);
    assert_close(y->killed_high_new, 317, 0);
    assert_close(y->injured_old, 582, 0);
    assert_close(y->injured_new, 638, 0);

    char line[512];
    incstat_diff_summary_line(d, line, sizeof line);
    assert_string_equal(line, "4 added, 0 removed, 8 changed (none in killed or injured); 2017 "
                              "incidents 17 -> 21, killed 262.5 -> 277.5, injured 582 -> 638; "
                              "1 more cell differs only in white space (not listed)");
    incstat_diff_free(d);

    /* listed when asked: the reference's 15 cells */
    incstat_diff_options o = {NULL, 0, 1};
    incstat_error err;
    assert_int_equal(incstat_diff_new(a, b, &o, &d, &err), INCSTAT_OK);
    cells = 0;
    for (size_t i = 0; i < 8; i++)
        cells += incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, i)->n_cells;
    assert_int_equal(cells, 15);
    r = incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 4);
    assert_int_equal(r->n_cells, 2);
    cell_is(&r->cells[1], "Influencing Event/Event",
            "\xc2\xa0" "bomb struck in southwestern Chaman province",
            "bomb struck in southwestern Chaman province");
    assert_int_equal(r->cells[1].whitespace, 1);
    incstat_diff_free(d);
    incstat_records_free(a);
    incstat_records_free(b);
}

/* Records that hold hashes (and the key columns' text) give the same diff
 * once the differing records' text is read again. */
static void test_hashed(void **state)
{
    (void)state;
    static const char *const PAIRS[][2] = {{V6, V11},
                                           {DIR "old.csv", DIR "revised.csv"},
                                           {DIR "old.csv", DIR "renamed.csv"},
                                           {DIR "old.csv", DIR "cp1252.csv"}};
    for (size_t p = 0; p < 4; p++) {
        incstat_records *a, *b, *ha, *hb;
        incstat_diff_options o = {NULL, 0, 1};
        incstat_diff *d = diff_files(PAIRS[p][0], PAIRS[p][1], &o, &a, &b), *h;
        incstat_error err;
        assert_int_equal(incstat_records_load_hashed(PAIRS[p][0], NULL, NULL, 0, &ha, &err), 0);
        assert_int_equal(incstat_records_load_hashed(PAIRS[p][1], NULL, NULL, 0, &hb, &err), 0);
        assert_int_equal(incstat_records_hashed(ha), 1);
        assert_null(incstat_records_hashes(a, 0));
        assert_int_equal(incstat_diff_new(ha, hb, &o, &h, &err), INCSTAT_OK);
        for (int k = 0; k < 3; k++) {
            size_t n = incstat_diff_count(d, (incstat_diff_kind)k);
            assert_int_equal(incstat_diff_count(h, (incstat_diff_kind)k), n);
            for (size_t i = 0; i < n; i++) {
                const incstat_diff_record *x = incstat_diff_record_at(d, (incstat_diff_kind)k, i),
                                          *y = incstat_diff_record_at(h, (incstat_diff_kind)k, i);
                assert_string_equal(x->id, y->id);
                assert_int_equal(x->n_cells, y->n_cells);
                for (size_t c = 0; c < x->n_cells; c++) {
                    assert_string_equal(x->cells[c].column, y->cells[c].column);
                    assert_int_equal(x->cells[c].new_len, y->cells[c].new_len);
                    assert_memory_equal(x->cells[c].old_text, y->cells[c].old_text,
                                        x->cells[c].old_len);
                    assert_memory_equal(x->cells[c].new_text, y->cells[c].new_text,
                                        x->cells[c].new_len);
                }
            }
        }
        assert_int_equal(incstat_diff_match_info(h)->whitespace_cells,
                         incstat_diff_match_info(d)->whitespace_cells);
        incstat_diff_free(d);
        incstat_diff_free(h);
        incstat_records_free(a);
        incstat_records_free(b);
        incstat_records_free(ha);
        incstat_records_free(hb);
    }
    /* a key column kept as text by name; a fetch of a file that changed */
    static const char *const MAP[] = {"date=When"};
    static const char *const KEY[] = {"Town", "Place"};
    incstat_load_options lo;
    memset(&lo, 0, sizeof lo);
    lo.preset = "none";
    lo.map = MAP;
    lo.n_map = 1;
    incstat_records *a, *b;
    incstat_error err;
    assert_int_equal(incstat_records_load_hashed(DIR "noid_old.csv", &lo, KEY, 2, &a, &err), 0);
    assert_int_equal(incstat_records_load_hashed(DIR "noid_new.csv", &lo, KEY, 2, &b, &err), 0);
    size_t n;
    assert_memory_equal(incstat_records_cell(a, 0, 2, &n), "Wana", 4);
    assert_int_equal(n, 4);
    incstat_records_cell(a, 0, 3, &n); /* not a key: no text until fetched */
    assert_int_equal(n, 0);
    size_t rows[] = {1, 0, 1};
    assert_int_equal(incstat_records_fetch(a, rows, 3, &err), INCSTAT_OK);
    assert_memory_equal(incstat_records_cell(a, 1, 3, &n), "7", 1);
    incstat_diff_options k = {KEY, 2, 0};
    incstat_diff *d;
    assert_int_equal(incstat_diff_new(a, b, &k, &d, &err), INCSTAT_OK);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_CHANGED), 4); /* When, and one Killed */
    incstat_diff_free(d);
    incstat_records_free(a);
    incstat_records_free(b);
}

/* ---- fixtures ----------------------------------------------------------- */

/* A toll revised, a note edited, one record deleted, one added, spaces moved. */
static void test_revised(void **state)
{
    (void)state;
    incstat_records *a, *b;
    incstat_diff *d = diff_files(DIR "old.csv", DIR "revised.csv", NULL, &a, &b);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_ADDED), 1);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_REMOVED), 1);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_CHANGED), 2);
    const incstat_diff_record *r = incstat_diff_record_at(d, INCSTAT_DIFF_REMOVED, 0);
    assert_string_equal(r->id, "PAK5");
    assert_int_equal(r->old_line, 7);
    assert_int_equal(r->new_line, 0);
    assert_close(r->killed, 6, 0);
    r = incstat_diff_record_at(d, INCSTAT_DIFF_ADDED, 0);
    assert_string_equal(r->id, "PAK7");
    assert_int_equal(r->new_line, 8);
    r = incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 1);
    assert_string_equal(r->id, "PAK3");
    assert_int_equal(r->in_counts, 1);
    cell_is(&r->cells[0], "fatalities", "5", "7");
    assert_int_equal(incstat_diff_match_info(d)->whitespace_cells, 2);
    const incstat_diff_year *y;
    assert_int_equal(incstat_diff_years(d, &y), 2);
    assert_int_equal(y[0].year, 2023);
    assert_close(y[0].killed_old, 93, 0);
    assert_close(y[0].killed_new, 95, 0);
    assert_nan(y[0].injured_old); /* ACLED has no injured column: unknown, not 0 */
    assert_int_equal(y[1].incidents_old, 2);
    assert_int_equal(y[1].incidents_new, 2);
    assert_close(y[1].killed_new, 34, 0);
    char line[512];
    incstat_diff_summary_line(d, line, sizeof line);
    assert_string_equal(line, "1 added, 1 removed, 2 changed (1 in killed or injured); 2023 "
                              "killed 93 -> 95; 2024 killed 36 -> 34; 2 more cells differ only "
                              "in white space (not listed)");
    incstat_diff_free(d);
    incstat_records_free(a);
    incstat_records_free(b);
}

static void test_columns_renamed_added(void **state)
{
    (void)state;
    incstat_records *a, *b;
    incstat_diff *d = diff_files(DIR "old.csv", DIR "renamed.csv", NULL, &a, &b);
    const char *const *names;
    assert_int_equal(incstat_diff_columns(d, 1, &names), 2);
    assert_string_equal(names[0], "description");
    assert_string_equal(names[1], "source");
    assert_int_equal(incstat_diff_columns(d, 0, &names), 1);
    assert_string_equal(names[0], "notes");
    for (int k = 0; k < 3; k++)
        assert_int_equal(incstat_diff_count(d, (incstat_diff_kind)k), 0);
    const incstat_diff_year *y;
    assert_int_equal(incstat_diff_years(d, &y), 0);
    incstat_diff_free(d);
    incstat_records_free(a);
    incstat_records_free(b);
}

/* The same records in another encoding, or with a publisher's totals row
 * (which the loader skips): nothing changed. */
static void test_encoding_and_totals_row(void **state)
{
    (void)state;
    static const char *const OTHER[] = {DIR "cp1252.csv", DIR "totals.csv"};
    for (size_t f = 0; f < 2; f++) {
        incstat_records *a, *b;
        incstat_diff *d = diff_files(DIR "old.csv", OTHER[f], NULL, &a, &b);
        for (int k = 0; k < 3; k++)
            assert_int_equal(incstat_diff_count(d, (incstat_diff_kind)k), 0);
        const char *const *names;
        assert_int_equal(incstat_diff_columns(d, 1, &names), 0);
        assert_int_equal(incstat_diff_match_info(d)->whitespace_cells, 0);
        incstat_diff_free(d);
        incstat_records_free(a);
        incstat_records_free(b);
    }
}

/* No ids: date (parsed, so other formats match), location, city; a key held
 * twice is matched in file order. */
static void test_key_matching(void **state)
{
    (void)state;
    static const char *const MAP[] = {"date=When", "location=Place", "city=Town",
                                      "killed=Killed"};
    incstat_load_options o;
    memset(&o, 0, sizeof o);
    o.preset = "none";
    o.map = MAP;
    o.n_map = 4;
    incstat_records *a = load(DIR "noid_old.csv", &o), *b = load(DIR "noid_new.csv", &o);
    incstat_diff *d;
    incstat_error err;
    assert_int_equal(incstat_diff_new(a, b, NULL, &d, &err), INCSTAT_OK);
    const incstat_diff_match *m = incstat_diff_match_info(d);
    assert_int_equal(m->by_id, 0);
    assert_string_equal(m->old_key, "date, Place, Town");
    assert_int_equal(m->duplicate_keys, 1);
    assert_string_equal(m->first_duplicate, "2004-06-18 | Bazaar | Wana");
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_ADDED), 1);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_REMOVED), 0);
    /* the second 2004-06-18 record matches the second: 7 -> 8 */
    const incstat_diff_record *r = incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 1);
    assert_int_equal(r->old_line, 3);
    assert_int_equal(r->new_line, 3);
    cell_is(&r->cells[1], "Killed", "7", "8");
    incstat_diff_free(d);

    /* a key naming columns */
    static const char *const KEY[] = {"Town", "Killed"};
    incstat_diff_options k = {KEY, 2, 0};
    assert_int_equal(incstat_diff_new(a, b, &k, &d, &err), INCSTAT_OK);
    assert_string_equal(incstat_diff_match_info(d)->new_key, "Town, Killed");
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_ADDED), 2);   /* Wana 8, Karachi 3 */
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_REMOVED), 1); /* Wana 7 */
    incstat_diff_free(d);

    /* a key column neither file has: the nearest name suggested */
    static const char *const BAD[] = {"Twn"};
    incstat_diff_options bad = {BAD, 1, 0};
    assert_int_equal(incstat_diff_new(a, b, &bad, &d, &err), INCSTAT_ENOCOLUMN);
    assert_null(d);
    assert_non_null(strstr(err.message, "'Twn'"));
    assert_non_null(strstr(err.message, "did you mean 'Town'"));
    incstat_records_free(a);
    incstat_records_free(b);
}

static void test_errors(void **state)
{
    (void)state;
    incstat_records *a = load(DIR "old.csv", NULL), *b = load(DIR "unrelated.csv", NULL);
    incstat_diff *d = (incstat_diff *)1;
    incstat_error err;
    assert_int_equal(incstat_diff_new(a, b, NULL, &d, &err), INCSTAT_ENOCOLUMN);
    assert_null(d);
    assert_non_null(strstr(err.message, "no column in common"));
    incstat_records_free(b);

    b = load(DIR "blank_id.csv", NULL);
    assert_int_equal(incstat_diff_new(a, b, NULL, &d, &err), INCSTAT_EINVAL);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 1);
    assert_non_null(strstr(err.message, "blank_id.csv:4: column 1 (event_id_cnty): no id"));
    assert_non_null(strstr(err.message, "--key"));
    /* with a key the same files compare: the blank-id record's id cell changed */
    static const char *const KEY[] = {"date", "location"};
    incstat_diff_options k = {KEY, 2, 0};
    assert_int_equal(incstat_diff_new(a, b, &k, &d, &err), INCSTAT_OK);
    assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_CHANGED), 1);
    cell_is(&incstat_diff_record_at(d, INCSTAT_DIFF_CHANGED, 0)->cells[0], "event_id_cnty",
            "PAK3", "");
    incstat_diff_free(d);

    assert_int_equal(incstat_diff_new(NULL, b, NULL, &d, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_diff_new(a, b, NULL, NULL, &err), INCSTAT_EINVAL);
    incstat_diff_free(NULL);
    incstat_records_free(a);
    incstat_records_free(b);
}

/* The outputs: JSON keys and escapes, CSV rows. */
static void test_write(void **state)
{
    (void)state;
    incstat_records *a, *b;
    incstat_diff_options o = {NULL, 0, 1};
    incstat_diff *d = diff_files(DIR "old.csv", DIR "revised.csv", &o, &a, &b);
    char *buf;
    size_t len;
    incstat_error err;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(incstat_diff_write(d, INCSTAT_FORMAT_JSON, f, &err), INCSTAT_OK);
    fclose(f);
    static const char *const KEYS[] = {"\"match\"", "\"added\"", "\"removed\"", "\"changed\"",
                                       "\"columns_added\"", "\"columns_removed\"", "\"yearly\"",
                                       "\"summary\""};
    const char *at = buf;
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) { /* in this order */
        const char *k = strstr(at, KEYS[i]);
        if (!k)
            fail_msg("no %s after %zu bytes of %s", KEYS[i], (size_t)(at - buf), buf);
        at = k;
    }
    assert_non_null(strstr(buf, "{\"column\": \"fatalities\", \"old\": \"5\", \"new\": \"7\"}"));
    assert_non_null(strstr(buf, "{\"id\": \"PAK5\", \"date\": \"2024-01-10\", \"killed\": 6, "
                                "\"line\": 7}"));
    assert_non_null(strstr(buf, "\"injured_old\": null"));
    free(buf);

    f = open_memstream(&buf, &len);
    assert_int_equal(incstat_diff_write(d, INCSTAT_FORMAT_CSV, f, &err), INCSTAT_OK);
    fclose(f);
    assert_string_equal(buf, "change,id,column,old,new,old_line,new_line\n"
                             "removed,PAK5,,,,7,\n"
                             "added,PAK7,,,,,8\n"
                             "changed,PAK2,notes,Clash near the border,"
                             "Clash near the Iranian border,3,3\n"
                             "changed,PAK3,fatalities,5,7,4,4\n"
                             "whitespace,PAK6,notes,Blast at a rally,\"Blast  at a rally \",8,7\n"
                             "whitespace,PAK6,fatalities,\"  30\",30,8,7\n");
    free(buf);
    assert_int_equal(incstat_diff_write(d, INCSTAT_FORMAT_MD, stdout, &err), INCSTAT_EINVAL);
    incstat_diff_free(d);
    incstat_records_free(a);
    incstat_records_free(b);
}

/* Allocation failure at every step of loading and diffing: ENOMEM, nothing
 * leaked (ASan), and the same diff once memory is back. */
static void test_alloc_failure(void **state)
{
    (void)state;
    unsigned long failures = 0;
    for (unsigned long k = 1;; k++) {
        incstat_records *a = NULL, *b = NULL;
        incstat_diff *d = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_records_load(DIR "old.csv", NULL, &a, &err);
        if (!st)
            st = incstat_records_load(DIR "revised.csv", NULL, &b, &err);
        if (!st)
            st = incstat_diff_new(a, b, NULL, &d, &err);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (!st) {
            assert_int_equal(incstat_diff_count(d, INCSTAT_DIFF_CHANGED), 2);
            assert_true(made < k);
        } else {
            assert_int_equal(st, INCSTAT_ENOMEM);
            failures++;
        }
        incstat_diff_free(d);
        incstat_records_free(a);
        incstat_records_free(b);
        if (!st)
            break;
    }
    assert_true(failures > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_cells),
        cmocka_unit_test(test_records_parallel),
        cmocka_unit_test(test_pbc_v6_v11),
        cmocka_unit_test(test_hashed),
        cmocka_unit_test(test_revised),
        cmocka_unit_test(test_columns_renamed_added),
        cmocka_unit_test(test_encoding_and_totals_row),
        cmocka_unit_test(test_key_matching),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
