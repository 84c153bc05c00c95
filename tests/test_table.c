/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_table.c: the table's number columns are stored only when they
 * hold something of their own, and read the same either way: killed low and
 * high equal to killed until a row differs, columns unknown until a row has
 * a value, from the first row or the last; under allocation failure at any
 * step an append fails cleanly and the rows before it stay intact. */
#include <stdlib.h>
#include "helpers.h"
#include "incstat.h"
#include "core/internal.h"
#include "io/load/table_internal.h"

#define ROWS 5000

/* Row i's value of field f in the reference. */
static double expected(int f, size_t i)
{
    double best = (double)(i % 7);
    switch (f) {
    case INCSTAT_NUM_KILLED_BEST: return best;
    case INCSTAT_NUM_KILLED_LOW: return i == 4000 ? best - 1 : best; /* differs once, late */
    case INCSTAT_NUM_KILLED_HIGH: return i == 0 ? best + 1 : best;   /* differs at once */
    case INCSTAT_NUM_INJURED_BEST: return NAN;                       /* never known */
    case INCSTAT_NUM_INJURED_LOW: return NAN;
    case INCSTAT_NUM_INJURED_HIGH: return i == ROWS - 1 ? 9 : NAN;   /* known in the last row only */
    case INCSTAT_NUM_LATITUDE: return i >= 1500 ? 30.5 + (double)i / 1e4 : NAN;
    default: return 70.25; /* longitude: always */
    }
}

static incstat_status append_row(incstat_table *t, size_t i, incstat_error *err)
{
    incstat_incident inc;
    memset(&inc, 0, sizeof inc);
    inc.line = i + 2;
    inc.date.year = (int16_t)(2000 + i % 20);
    inc.date.precision = INCSTAT_DATE_YEAR;
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
        inc.num[f] = expected(f, i);
    char id[16];
    snprintf(id, sizeof id, "E%zu", i);
    inc.text[INCSTAT_TEXT_ID].ptr = id;
    inc.text[INCSTAT_TEXT_ID].len = strlen(id);
    return incstat_table_append(t, &inc, err);
}

static void check_rows(const incstat_table *t, size_t n)
{
    assert_int_equal(incstat_table_rows(t), n);
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++) {
        const double *x = incstat_table_numbers(t, (incstat_num_field)f);
        if (n == 0)
            continue; /* no rows: no array needed */
        assert_non_null(x);
        for (size_t i = 0; i < n; i++) {
            double e = expected(f, i);
            if (isnan(e))
                assert_nan(x[i]);
            else
                assert_true(x[i] == e);
        }
    }
    for (size_t i = 0; i < n; i++)
        assert_int_equal(incstat_table_lines(t)[i], i + 2);
}

static void test_lazy_columns(void **state)
{
    (void)state;
    incstat_table *t;
    incstat_error err;
    assert_int_equal(incstat_table_new(NULL, 0, &t, &err), INCSTAT_OK);
    for (size_t i = 0; i < ROWS; i++) {
        assert_int_equal(append_row(t, i, &err), INCSTAT_OK);
        if (i == 1000) {
            check_rows(t, i + 1);
            /* not stored while equal: low reads as the killed column itself */
            assert_ptr_equal(incstat_table_numbers(t, INCSTAT_NUM_KILLED_LOW),
                             incstat_table_numbers(t, INCSTAT_NUM_KILLED_BEST));
            assert_ptr_equal(incstat_table_numbers(t, INCSTAT_NUM_INJURED_LOW),
                             incstat_table_numbers(t, INCSTAT_NUM_INJURED_BEST));
        }
    }
    check_rows(t, ROWS);
    assert_ptr_not_equal(incstat_table_numbers(t, INCSTAT_NUM_KILLED_LOW),
                         incstat_table_numbers(t, INCSTAT_NUM_KILLED_BEST));
    incstat_table_free(t);
}

/* Allocation failure at every step of building the table: the failing
 * append reports ENOMEM and what was appended before reads back intact. */
static void test_alloc_failure(void **state)
{
    (void)state;
    incstat_test_fail_alloc_after(0);
    unsigned long failures = 0;
    for (unsigned long k = 1;; k++) {
        incstat_table *t = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(k);
        incstat_status st = incstat_table_new(NULL, 0, &t, &err);
        size_t n = 0;
        while (st == INCSTAT_OK && n < ROWS) {
            st = append_row(t, n, &err);
            if (st == INCSTAT_OK)
                n++;
        }
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            check_rows(t, ROWS);
            incstat_table_free(t);
            assert_true(made < k); /* no allocation left to fail */
            break;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        failures++;
        if (t) {
            check_rows(t, n);
            /* and it goes on once memory is back */
            for (; n < ROWS; n++)
                assert_int_equal(append_row(t, n, &err), INCSTAT_OK);
            check_rows(t, ROWS);
            incstat_table_free(t);
        }
    }
    assert_true(failures > 10);
}

/* The loader's append with the id looked up one row late gives the same
 * codes as the plain append: ids repeated near and far, ids too long to be
 * held back, rows without an id. */
static void test_late_ids(void **state)
{
    (void)state;
    incstat_table *a, *b;
    incstat_error err;
    assert_int_equal(incstat_table_new(NULL, 0, &a, &err), INCSTAT_OK);
    assert_int_equal(incstat_table_new(NULL, 0, &b, &err), INCSTAT_OK);
    char id[200];
    for (size_t i = 0; i < 3000; i++) {
        incstat_incident inc;
        memset(&inc, 0, sizeof inc);
        inc.line = i + 2;
        for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
            inc.num[f] = NAN;
        size_t k = i % 5 == 0 ? i / 2 : i % 7 == 0 ? i - 1 : i; /* repeats */
        if (i % 11 == 0)
            memset(id, 'x', 100), snprintf(id + 100, 20, "%zu", k); /* longer than held */
        else
            snprintf(id, sizeof id, "ID%zu", k);
        if (i % 13 != 0) {
            inc.text[INCSTAT_TEXT_ID].ptr = id;
            inc.text[INCSTAT_TEXT_ID].len = strlen(id);
        }
        assert_int_equal(incstat_table_append(a, &inc, &err), INCSTAT_OK);
        assert_int_equal(incstat_table_append_late_(b, &inc, &err), INCSTAT_OK);
    }
    assert_int_equal(incstat_table_flush_(b, &err), INCSTAT_OK);
    size_t n = incstat_table_rows(a);
    assert_int_equal(incstat_table_rows(b), n);
    assert_int_equal(incstat_table_dict_size(a, INCSTAT_TEXT_ID), incstat_table_dict_size(b, INCSTAT_TEXT_ID));
    assert_memory_equal(incstat_table_codes(a, INCSTAT_TEXT_ID), incstat_table_codes(b, INCSTAT_TEXT_ID),
                        n * sizeof(uint32_t));
    incstat_table_free(a);
    incstat_table_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lazy_columns),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_late_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
