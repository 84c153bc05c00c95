/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/helpers.h: shared helpers for the cmocka suites. */
#ifndef INCSTAT_TESTS_HELPERS_H
#define INCSTAT_TESTS_HELPERS_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* cmocka 1.1.5 has no double comparison: relative tolerance, with an absolute
 * floor for values near zero.  NaN equals NaN (both unknown). */
#define assert_close(actual, expected, rel)                                              \
    do {                                                                                 \
        double a_ = (actual), e_ = (expected), r_ = (rel);                               \
        if (isnan(e_)) {                                                                 \
            if (!isnan(a_))                                                              \
                fail_msg("%s = %.17g, expected NaN", #actual, a_);                      \
        } else if (!(fabs(a_ - e_) <= r_ * fmax(fabs(e_), 1e-300) || fabs(a_ - e_) < 1e-12)) { \
            fail_msg("%s = %.17g, expected %.17g (rel tol %g)", #actual, a_, e_, r_);     \
        }                                                                                \
    } while (0)

#define assert_nan(x) assert_true(isnan(x))

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "tests/data"
#endif

#endif
