/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/filter.h: which incidents a summary counts: --where FIELD=VALUE
 * (values of one field ORed, fields ANDed; "=~" matches a substring; both
 * ignore case and spacing) and a date range. */
#ifndef INCSTAT_FILTER_H
#define INCSTAT_FILTER_H

#include <stddef.h>
#include "incstat/error.h"
#include "incstat/load.h"
#include "incstat/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct incstat_filter incstat_filter;

/* An empty filter (matches everything) in *out, the caller's to free with
 * incstat_filter_free() (NULL is a no-op).  Errors: ENOMEM. */
incstat_status incstat_filter_new(incstat_filter **out, incstat_error *err);
void incstat_filter_free(incstat_filter *f);

/* Add "FIELD=VALUE" or "FIELD=~TEXT" (spec is copied).  FIELD is a canonical text field or a
 * kept column name, resolved by incstat_filter_bind().  VALUE matches a cell
 * that is the same label once letter case is ignored (ASCII, Latin, Greek,
 * Cyrillic; accents count), every Unicode space (no-break, narrow no-break,
 * tab, U+2000-U+200A, U+3000, ...) is a space, runs of them are collapsed and
 * the ends trimmed, and zero-width spaces and byte-order marks are dropped
 * ("FATA" matches "Fata" and "FATA ", "Balochistan Province" matches it
 * written with a no-break space): the spellings a summary merges; ~TEXT
 * matches a cell containing TEXT under the same rule.  Errors: EINVAL (no
 * '=', f or spec NULL), ELIMIT (too many conditions), ENOMEM. */
incstat_status incstat_filter_add_where(incstat_filter *f, const char *spec, incstat_error *err);

/* Date bounds, inclusive: "2007", "2007-03" or "2007-03-15" (any form
 * incstat_value_parse_date() reads).  Incidents whose date is unknown are
 * excluded once a bound is set; an incident known only to its year or month
 * matches when that year or month overlaps the range.  The bound is kept as
 * parsed (date is not borrowed).  Errors: EINVAL (not a date; the message
 * quotes it). */
incstat_status incstat_filter_from(incstat_filter *f, const char *date, incstat_error *err);
incstat_status incstat_filter_to(incstat_filter *f, const char *date, incstat_error *err);

/* A new filter of nwhere conditions (as incstat_filter_add_where) and the
 * date bounds from and to (as incstat_filter_from/_to; NULL: none), not yet
 * bound: what a command's --where, --from and --to ask for.  *out is the
 * caller's to free; NULL on failure.  Errors: those of the calls it makes
 * (ENOMEM, EINVAL with the message naming the bad condition or date,
 * ELIMIT). */
incstat_status incstat_filter_new_from(const char *const *where, size_t nwhere, const char *from,
                                       const char *to, incstat_filter **out, incstat_error *err);

/* Name each condition's field as the input r with its n_kept kept columns
 * describes it (incstat_load_report_text_name): the file's own column name
 * for a text field ("Province=Punjab") becomes the field (admin1).  Call
 * before incstat_filter_default_aggregate and incstat_filter_bind; r NULL
 * changes nothing.  Errors: ENOCOLUMN (the message says what the name is
 * instead), ENOMEM, EINVAL (f NULL). */
incstat_status incstat_filter_resolve(incstat_filter *f, const incstat_load_report *r,
                                      const char *const *kept, size_t n_kept,
                                      incstat_error *err);

/* After a selection that matched nothing: for each --where condition that
 * no incident of ld matches on its own, a line naming the values of its
 * field nearest to the one asked for ("Myanmar (Burma)" for Myanmar: a
 * label that begins with it first, then one that contains it, then one a
 * few edits away; three at most, with how many rows hold each) into buf
 * (cap bytes, NUL-terminated).  When each condition matches some row, one
 * line says why none passed: no row matches them all, or those that do are
 * outside the dates (f's --from/--to); with no condition, buf is empty.
 * Reads ld to its end: a loader opened afresh on the same input, f bound
 * to its kept columns.  Rows are named with incstat_load_report_rows_noun.
 * Errors: those of incstat_loader_next, ENOMEM, EINVAL (NULL, f not
 * bound). */
incstat_status incstat_filter_suggest(const incstat_filter *f, incstat_loader *ld, char *buf,
                                      size_t cap, incstat_error *err);

/* Resolve field names against the kept column names of the input (kept is
 * read during the call).  Call after the last add and before matching.
 * Errors: ENOCOLUMN (message suggests the nearest name), EINVAL (f NULL). */
incstat_status incstat_filter_bind(incstat_filter *f, const char *const *kept, size_t n_kept,
                                   incstat_error *err);

/* Text fields (bit 1 << incstat_text_field) whose cells may list several
 * values, "India, Pakistan" or "A; B": an exact --where value then also
 * matches one item of the list.  The load report's list_fields says which
 * (UCDP's location_inc). */
void incstat_filter_set_lists(incstat_filter *f, unsigned text_fields);

/* 1 when the incident passes (after a successful bind). */
int incstat_filter_match(const incstat_filter *f, const incstat_incident *inc);

/* A table of periods that also holds aggregate rows (the load report's
 * aggregate_entity, "World", sums the regions and countries listed beside
 * it): when entity is not NULL and f has no condition on country, add
 * country=ENTITY, so each incident is counted once; *added (may be NULL)
 * is 1 when it did (then tell the loader: incstat_loader_note_aggregate_only).
 * A caller's --where country=... stands unchanged.  Call before
 * incstat_filter_bind.  Errors: ENOMEM, ELIMIT, EINVAL (f NULL). */
incstat_status incstat_filter_default_aggregate(incstat_filter *f, const char *entity, int *added,
                                                incstat_error *err);

/* 1 when a date bound is set. */
int incstat_filter_has_range(const incstat_filter *f);

#ifdef __cplusplus
}
#endif
#endif
