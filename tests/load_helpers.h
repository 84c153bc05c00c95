/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/load_helpers.h: allocation failure at every step of a whole-file load,
 * shared by test_load and test_recognise. */
#ifndef INCSTAT_TEST_LOAD_HELPERS_H
#define INCSTAT_TEST_LOAD_HELPERS_H

#include "helpers.h"
#include "incstat.h"
#include "core/internal.h"

/* Load path with the 1st, 2nd, ... allocation failing until a run allocates
 * less than that: every run gives ENOMEM and no table, or a table whose report
 * recognised at least min_recognised fields (the failure changed nothing). */
static inline void check_load_alloc_failures(const char *path, const incstat_load_options *o,
                                             size_t min_recognised)
{
    for (unsigned long n = 1;; n++) {
        incstat_table *t = NULL;
        incstat_error err;
        incstat_test_fail_alloc_after(n);
        incstat_status st = incstat_load_path(path, o, &t, &err);
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_OK) {
            assert_non_null(t);
            assert_true(incstat_table_report(t)->n_recognised >= min_recognised);
            incstat_table_free(t);
            if (made < n)
                return; /* no allocation failed: done */
            continue;
        }
        assert_int_equal(st, INCSTAT_ENOMEM);
        assert_null(t);
        if (n > 100000)
            fail_msg("runaway");
    }
}

#endif
