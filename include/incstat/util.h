/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/util.h: small helpers shared by the library and its callers. */
#ifndef INCSTAT_UTIL_H
#define INCSTAT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The candidate nearest to word (ASCII case-insensitive): the one equal to
 * it; else the shortest that word begins, when word has two characters or
 * more besides leading dashes ("--form" gives "--format", not "--from");
 * else the nearest by edit distance, or NULL when none is close enough to be
 * a plausible misspelling (distance more than a third of the word's length,
 * at least 1 and at most 3 allowed).  Returns a pointer into candidates. */
const char *incstat_nearest(const char *word, const char *const *candidates, size_t n);

/* The version of the headers; incstat_version() gives the library's, which
 * can differ when a program runs against another build. */
#define INCSTAT_VERSION_MAJOR 0
#define INCSTAT_VERSION_MINOR 2
#define INCSTAT_VERSION_PATCH 0
#define INCSTAT_VERSION "0.2.0"

/* Library version, "MAJOR.MINOR.PATCH". */
const char *incstat_version(void);

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar
 * (negative before it): what R's Date and numpy's datetime64[D] count, and
 * what the bindings hand over.  month 1-12; the date is not checked (see
 * incstat_date_valid).  H. Hinnant's days_from_civil, exact for any int year. */
int64_t incstat_days_from_civil(int year, int month, int day);

#ifdef __cplusplus
}
#endif
#endif
