/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/summary.h: incidents, killed and injured per period (year, month,
 * quarter) or per category, with change from the previous period, rank and
 * "highest since".  A summary accumulates incidents one at a time, so a file
 * can be summarised while it streams (memory grows with the number of
 * periods, not rows), or built from a loaded table. */
#ifndef INCSTAT_SUMMARY_H
#define INCSTAT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "incstat/error.h"
#include "incstat/filter.h"
#include "incstat/load.h"
#include "incstat/series.h"
#include "incstat/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    INCSTAT_BY_YEAR = 0,
    INCSTAT_BY_MONTH,   /* label YYYY-MM */
    INCSTAT_BY_QUARTER, /* label YYYY-Qn */
    INCSTAT_BY_TEXT     /* a canonical text field or kept column */
} incstat_by_kind;

typedef struct {
    incstat_by_kind kind;
    const char *column; /* INCSTAT_BY_TEXT only */
} incstat_by;

/* Which estimate fills killed and injured. */
typedef enum {
    INCSTAT_ESTIMATE_BEST = 0,
    INCSTAT_ESTIMATE_LOW,
    INCSTAT_ESTIMATE_HIGH
} incstat_estimate;

#define INCSTAT_SUMMARY_MAX_GAPS 64

/* Options; all-zero means one row per year, best estimate. */
typedef struct {
    incstat_by by[2];
    size_t n_by;                 /* 0: by year */
    incstat_estimate estimate;
    int gaps[INCSTAT_SUMMARY_MAX_GAPS]; /* years the source is known not to cover */
    size_t n_gaps;
    int from_year, to_year;      /* widen the period range to these (0: the data's) */
    /* from_loader on a plain file (not standard input, not .gz): read it in
     * this many chunks in parallel threads (0 or 1: one pass).  The result
     * is identical; a file that cannot be split safely is read in one pass. */
    unsigned threads;
    uint64_t parallel_min_bytes; /* smallest file split (0: 8 MiB) */
    /* Figures the input does not hold (INCSTAT_UNKNOWN_* bits of load.h):
     * unknown in every row (incidents flagged, killed or injured NaN), never
     * 0.  from_table and from_loader add the load report's own. */
    unsigned unknown;
    /* The date the source is known to be complete to (precision NONE: not
     * given).  The period holding it is partial when it ends later, and
     * every earlier period is whole, whatever the dates of the incidents
     * say; a date known to the month or year reaches the end of it.
     * finish() fails with EINVAL when an incident counted is dated after
     * it (incidents a filter dropped may be). */
    incstat_date as_of;
    /* Where an incident's admin1 is unknown and its coordinates known, the
     * name place(place_ctx, longitude, latitude, &len) returns (NULL: still
     * unknown) groups it by admin1, as if the file said so (summary --by
     * admin1 --admin1-from-coordinates: a point in polygon).  Must be safe
     * to call from several threads (from_loader reads in parallel chunks);
     * the text must stay valid until the summary is freed.  NULL: not used.
     * The loader must read latitude and longitude. */
    const char *(*place)(void *place_ctx, double lon, double lat, size_t *len);
    void *place_ctx;
    /* from_loader and from_table: called with every incident counted
     * (those the filter passes), in file order, with the figures as read
     * (before place);
     * its text is valid during the call only.  Setting it reads the file
     * in one pass.  NULL: not used. */
    void (*observe)(void *observe_ctx, const incstat_incident *inc);
    void *observe_ctx;
    /* With observe, from_loader reads the file in parallel (threads > 1)
     * only when these are set: observe_fork makes an empty context like
     * observe_ctx for one chunk of the file (NULL: out of memory, the
     * summary fails with ENOMEM); observe_join appends the incidents of
     * chunk (a forked context) to into, in file order, then frees chunk
     * (into NULL: chunk is only freed).  Joined in order, the chunks give
     * into what one pass would.  NULL: one pass. */
    void *(*observe_fork)(void *observe_ctx);
    void (*observe_join)(void *into, void *chunk);
} incstat_summary_options;

/* One output row.  Labels are borrowed from the summary.
 *
 * Unknown is never 0: a number the data do not hold is NaN (test it with
 * isnan() before printing; "%.0f" of NaN prints "nan" or "-nan", never a
 * figure).  Each sum (killed, injured and their low and high) adds the known
 * values of the group's incidents; it is NaN when every one of them is
 * unknown, and a sum of some known values when its *_missing count is not 0.
 * A high sum misses the high of an open-ended value ("40+": low and best 40,
 * high unknown): killed_high_missing counts such incidents.  Changes, ranks
 * and "highest since" skip unknown values (NaN, rank 0). */
typedef struct {
    const char *key[2];          /* period or category labels */
    int year;                    /* of the time key, 0 without one */
    int sub;                     /* month 1-12 or quarter 1-4, 0 otherwise */
    int missing;                 /* a period the source does not cover */
    /* the period the data cover only in part (at most one, the period
     * holding incstat_summary_covered_to()): its change, rank and record
     * fields are empty, since a part period is not compared with whole ones
     * (incstat_summary_same_span() compares like with like) */
    int partial;
    uint64_t incidents;
    double killed, injured;      /* the chosen estimate; NaN when unknown */
    double killed_low, killed_high, injured_low, injured_high;
    uint64_t killed_missing;     /* incidents whose chosen killed is unknown (in a
                                    table of periods: rows, and the months of a
                                    table of months that have no row) */
    uint64_t injured_missing;
    uint64_t months_missing;     /* a table of months (or quarters) summed by year or
                                    quarter: the months (quarters) of this period with
                                    no row (their figures are not in the sums) */
    /* incidents whose low or high figure is unknown (equal to the counts
     * above when the data have one figure per incident) */
    uint64_t killed_low_missing, killed_high_missing;
    uint64_t injured_low_missing, injured_high_missing;
    double killed_yoy, killed_yoy_pct, incidents_yoy_pct;
    uint64_t killed_rank;        /* 0 when unranked (missing or partial period) */
    const char *highest_since;   /* label of that period, NULL when none */
    /* INCSTAT_UNKNOWN_* bits: incidents (then incidents is 0 and means
     * nothing: rows of periods without a count, a period without a row, or
     * one holding a row whose count is missing), killed or injured (their
     * figures and missing counts mean nothing) are not in the input */
    unsigned unknown;
} incstat_summary_row;

typedef struct incstat_summary incstat_summary;

/* A new, empty summary in *out (the caller's; incstat_summary_free(), which
 * accepts NULL).  opts is copied (NULL: by year, best estimate).  kept (may
 * be NULL; read during the call) names the input's kept columns, so
 * INCSTAT_BY_TEXT can refer to them.  Errors: ENOMEM, EINVAL (out NULL, more
 * than two keys, two time keys), ENOCOLUMN (unknown column; nearest name
 * suggested). */
incstat_status incstat_summary_new(const incstat_summary_options *opts, const char *const *kept,
                                   size_t n_kept, incstat_summary **out, incstat_error *err);
void incstat_summary_free(incstat_summary *s);

/* Count one incident (its text is copied).  Errors: ENOMEM, EINVAL (s or
 * inc NULL). */
incstat_status incstat_summary_add(incstat_summary *s, const incstat_incident *inc,
                                   incstat_error *err);

/* Say that the data reach this date without counting an incident: an
 * incident that a filter dropped still shows how far the source goes, so the
 * last period is not flagged partial only because of the filter (the
 * from_table and from_loader helpers do this).  Ignored after finish. */
void incstat_summary_cover(incstat_summary *s, const incstat_date *d);

/* Fill empty periods, mark gaps and the partial last period, compute changes,
 * ranks and records.  Call once, after the last add.
 *
 * The last period is partial when the options' as_of falls before its end;
 * without as_of, when the data's latest date falls before the period's end
 * by more than the usual gap between incidents: the 90th percentile of the
 * gaps between consecutive distinct dates in the data (incidents a filter
 * dropped included: they show how far the source goes), counted in days, or
 * in months when most dates are known only to the month.  Fewer than ten
 * gaps measure no usual gap: the period is then partial when the latest
 * date falls before its final month (a month: before its 15th).  Dates
 * known only to the year never make a period partial.
 *
 * Errors: ENOMEM, EEMPTY (nothing to summarise), EINVAL (as_of before the
 * latest incident). */
incstat_status incstat_summary_finish(incstat_summary *s, incstat_error *err);

/* Convenience: summarise a loaded table through a filter (may be NULL; bound
 * to the table's kept columns by the caller) into *out, finished.  Errors:
 * those of new, add and finish. */
incstat_status incstat_summary_from_table(const incstat_table *t,
                                          const incstat_summary_options *opts,
                                          const incstat_filter *filter, incstat_summary **out,
                                          incstat_error *err);

/* Convenience: stream a loader to its end into a summary (rows are not
 * kept), in parallel chunks when opts->threads says so; the loader is read
 * to its end but stays the caller's.  Errors: those of new, add and finish,
 * and the loader's (EPARSE, EIO). */
incstat_status incstat_summary_from_loader(incstat_loader *ld,
                                           const incstat_summary_options *opts,
                                           const incstat_filter *filter, incstat_summary **out,
                                           incstat_error *err);

/* Number of rows (0 before finish). */
size_t incstat_summary_rows(const incstat_summary *s);
/* How many chunks the input was read in (threads); 1 for one pass. */
unsigned incstat_summary_chunks(const incstat_summary *s);
/* Row i, borrowed (labels included) until the summary is freed; NULL when i
 * is out of range. */
const incstat_summary_row *incstat_summary_row_at(const incstat_summary *s, size_t i);
/* Totals over every row (missing periods contribute nothing): incidents,
 * killed, injured, their low and high and their missing counts; a sum is
 * NaN when no incident of any row has a known value for it (as in a row);
 * incidents is unknown (the bit in unknown) when a row's is; key[0] is
 * "total", the change, rank and record fields are empty.  For
 * publishers' own totals ("475 attacks, 6,982 killed").  Errors: EINVAL
 * (not finished). */
incstat_status incstat_summary_total(const incstat_summary *s, incstat_summary_row *out,
                                     incstat_error *err);

/* Name of key column k: "year", "month", "quarter" or the text column
 * (borrowed; "" when k is out of range); the number of keys (1 or 2). */
const char *incstat_summary_key_name(const incstat_summary *s, size_t k);
size_t incstat_summary_key_count(const incstat_summary *s);
/* Incidents not placed in any row: no date (or not precise enough for the
 * period) when grouping by time. */
uint64_t incstat_summary_unplaced(const incstat_summary *s);
/* Latest dated incident seen (for the partial-period flag); precision NONE
 * when none was dated. */
incstat_date incstat_summary_latest(const incstat_summary *s);
/* The first and last year of the incidents counted whose date gives the
 * year, whatever the keys (a summary by admin1 alone has them too): a
 * title's span.  Both 0 when none is dated.  first and last not NULL. */
void incstat_summary_years(const incstat_summary *s, int *first, int *last);
/* The date the data are complete to: the options' as_of when given, else the
 * latest dated incident (precision NONE when none was dated). */
incstat_date incstat_summary_covered_to(const incstat_summary *s);
/* The usual gap between incident dates that finish() measured (the 90th
 * percentile, in days or months; *unit gets "days", "months", or "" when the
 * dates are known only to the year or as_of decided), 0 before finish or
 * with fewer than ten gaps.  unit may be NULL. */
double incstat_summary_usual_gap(const incstat_summary *s, const char **unit);

/* A year against the year before over the same span of days, 1 January to
 * the same month and day in both (incstat_summary_same_span). */
typedef struct {
    int year;                    /* the later year; the earlier is year - 1 */
    int month, day;              /* the span's last day in both years */
    int whole;                   /* the span is the whole year */
    int to_month;                /* the span ends with a month the data know
                                    only to the month: "January to April" */
    /* the figures over the span in year (cur) and year - 1 (prev), as a
     * summary row has them (incidents, killed, injured, low and high, the
     * missing counts and unknown bits; missing for a year the source does
     * not cover); key[0] is the year, the change, rank and record fields
     * are empty */
    incstat_summary_row cur, prev;
    /* incidents of year (0) and year - 1 (1) whose date does not say whether
     * they fall in the span (known only to the month the span ends in, or
     * to the year): in neither figure */
    uint64_t left_out[2];
    double killed_change, killed_change_pct; /* cur against prev; NaN when undefined */
    double incidents_change_pct;
} incstat_same_span;

/* The comparison of year (0: the latest year) with the year before over the
 * same span: to the day the data cover the latest year (covered_to) when
 * that year is partial, else the whole year.  Only for summaries by year
 * alone; the sums by day it reads are kept by those.  Errors: EINVAL (out
 * NULL, not a summary by year alone, not finished, no row for the year),
 * EDOMAIN (no year before it in the data, or the dates of either year are
 * known too roughly to place any incident in the span). */
incstat_status incstat_summary_same_span(const incstat_summary *s, int year,
                                         incstat_same_span *out, incstat_error *err);

/* The comparison in sentences: "1 January to 25 November 2017: about 278
 * people were killed in 21 incidents. In the same span of 2016, 330 were
 * killed in 15 incidents. That is 52 fewer (15.8%)."  what names the
 * incidents as in incstat_summary_headline (NULL: "incidents"); incident
 * counts are left out when unknown, incidents left out of the span and
 * unknown tolls are said.  Written into buf (NUL-terminated, cut to cap).
 * Errors: EINVAL (ss or buf NULL, cap 0). */
incstat_status incstat_same_span_text(const incstat_same_span *ss, const char *what, char *buf,
                                      size_t cap, incstat_error *err);

/* The comparison as one JSON object: year, span (from "01-01", to "MM-DD",
 * whole, to_month), current and previous ({year, missing, incidents,
 * killed, killed_low, killed_high, injured, injured_low, injured_high,
 * killed_missing, left_out}; unknown figures null), killed_change,
 * killed_change_pct, incidents_change_pct and sentence.  Errors: EINVAL
 * (NULL argument), EIO (write failed). */
incstat_status incstat_same_span_write_json(const incstat_same_span *ss, FILE *out,
                                            incstat_error *err);

/* By month or quarter: the incidents known to their year alone (GTD's
 * imonth 0, a date like "2013"), which no month holds, summed by year in
 * rows of their own whose time label is "2013-??" (by quarter "2013-Q?"),
 * with the summary's other keys; never counted in January.  They have no
 * change, rank or record, and incstat_summary_total and the written tables
 * include them (after the other rows).  A finished summary borrowed from
 * s, or NULL when there are none (or s is not by month or quarter). */
const incstat_summary *incstat_summary_unknown_months(const incstat_summary *s);

/* Notes on category spellings made at finish (grouping by a text field):
 * "admin1: \"Fata\" counted with \"FATA\" (they differ only in case or
 * spacing)", "admin1: \"Baluchistan\" and \"Balochistan\" look alike; to count
 * them as one: --recode admin1:Baluchistan=Balochistan", the value of the
 * --recode line quoted for a POSIX shell when it needs it
 * (--recode 'admin1:Baluchistan Province=Balochistan Province').  The count,
 * and each note (borrowed from the summary; NULL out of range). */
#define INCSTAT_SUMMARY_NOTE_MAX 384
size_t incstat_summary_note_count(const incstat_summary *s);
const char *incstat_summary_note(const incstat_summary *s, size_t i);

/* Output formats. */
typedef enum {
    INCSTAT_FORMAT_CSV = 0,
    INCSTAT_FORMAT_TSV,
    INCSTAT_FORMAT_JSON,
    INCSTAT_FORMAT_MD,
    INCSTAT_FORMAT_TABLE /* aligned, thousands separators */
} incstat_format;

/* Write the table to out (the caller's stream, not closed).  Unknown numbers
 * are empty in CSV/TSV, null in JSON.  Errors: EIO (write failed), EINVAL
 * (s or out NULL, an unknown format). */
incstat_status incstat_summary_write(const incstat_summary *s, incstat_format fmt, FILE *out,
                                     incstat_error *err);

/* One line of the totals over every row (incstat summary --total): "2002 to
 * 2017: 496 incidents, 6,988 killed, 15,142 injured", a figure the source
 * does not hold as "unknown" (never 0), then how many incidents had the
 * killed or injured unknown.  Errors: EINVAL (s or out NULL, s not
 * finished), EIO (write failed). */
incstat_status incstat_summary_write_total(const incstat_summary *s, FILE *out,
                                           incstat_error *err);

/* The notes a summary has for people, one indented line each: the category
 * spellings (incstat_summary_note) and the incidents left out for want of a
 * precise date (incstat_summary_unplaced).  Nothing when there are none.
 * Errors: EINVAL (s or out NULL), EIO. */
incstat_status incstat_summary_write_notes(const incstat_summary *s, FILE *out,
                                           incstat_error *err);

/* The text keys of opts->by named as the input r with its n_kept kept
 * columns describes them (incstat_load_report_text_name with "--by"): the
 * file's own column name for a text field ("Province") becomes the field
 * (admin1).  r NULL changes nothing.  Errors: ENOCOLUMN (the message says
 * what the name is instead), EINVAL (opts NULL). */
incstat_status incstat_summary_resolve_by(incstat_summary_options *opts,
                                          const incstat_load_report *r,
                                          const char *const *kept, size_t n_kept,
                                          incstat_error *err);

/* Why a summary of a load with report rep and options so came out empty
 * (incstat_summary_from_loader returned EEMPTY), in one message naming the
 * source: no rows loaded, no column of dates (the loader's advice), no
 * usable date in any row, or none passed the filters.  Written into buf
 * (NUL-terminated, cut to cap); returns buf. */
const char *incstat_summary_why_empty(const incstat_load_report *rep,
                                      const incstat_summary_options *so, char *buf, size_t cap);

/* Plain sentences about one year (0 = the latest year the source covers)
 * into
 * buf (NUL-terminated, truncated to cap): the killed total (fractional
 * estimates rounded, "about 278"), its change from the year before, its rank,
 * the year it is the deadliest since, incidents (what names them, e.g.
 * "suicide attacks"; NULL for "incidents") and unknown tolls.  Ranks count
 * whole years only.  A partial year is compared with the same span of the
 * year before (incstat_same_span_text), never with a whole year; when no
 * such comparison can be made, it is not compared at all.  Only for
 * summaries by year alone.  Errors: EINVAL (no such year, a year the source
 * does not cover, or not a yearly summary). */
incstat_status incstat_summary_headline(const incstat_summary *s, int year, const char *what,
                                        char *buf, size_t cap, incstat_error *err);

#ifdef __cplusplus
}
#endif
#endif
