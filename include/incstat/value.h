/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/value.h: parsers for the cells of incident files: counts that may be
 * ranges or open-ended, plain numbers, and dates in the many forms real files use.
 * All functions are pure: no allocation, no global state, thread-safe. */
#ifndef INCSTAT_VALUE_H
#define INCSTAT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a cell held. */
typedef enum {
    INCSTAT_VALUE_MISSING = 0, /* empty, NA, N/A, Unknown, -, a preset's missing code */
    INCSTAT_VALUE_NUMBER,      /* a single number */
    INCSTAT_VALUE_RANGE,       /* "2-3": low 2, best 2.5, high 3 */
    INCSTAT_VALUE_OPEN,        /* "40+": low and best 40, high unknown (NaN) */
    INCSTAT_VALUE_INVALID      /* not understood; outputs are NaN */
} incstat_value_kind;

/* Parse a non-negative count cell (killed, injured).  s need not be
 * NUL-terminated.  Accepts leading/trailing ASCII spaces, tabs and UTF-8
 * non-breaking spaces (U+00A0, U+202F); thousands separators ("1,600",
 * "1 600" with NBSP); decimals ("4.5"); ranges "a-b", "a - b", "a to b"
 * (en dash U+2013 too); open-ended "40+" and "more than 40"/"over 40";
 * missing tokens (case-insensitive): "", NA, N/A, n.a., Unknown, unk, none?,
 * "-", "?", "NULL", "nan".  missing_codes (may be NULL when n_codes is 0)
 * lists numbers that mean unknown (GTD's -9 and -99).  Negative numbers that
 * are not missing codes are INVALID.  Numbers that overflow to infinity
 * ("1e400") are INVALID.  For a range whose low exceeds its high the values
 * are returned as written (low > high) and the kind is RANGE: the caller
 * reports it.  On MISSING and INVALID all three outputs are NaN.  Any output
 * pointer may be NULL. */
incstat_value_kind incstat_value_parse_count(const char *s, size_t n,
                                             const double *missing_codes, size_t n_codes,
                                             double *low, double *best, double *high);

/* Parse a plain real number (latitude, longitude, population): optional sign,
 * thousands separators, surrounding spaces/NBSP.  Returns NUMBER, MISSING or
 * INVALID (then *out is NaN).  Infinite or NaN results are INVALID. */
incstat_value_kind incstat_value_parse_number(const char *s, size_t n, double *out);

/* ------------------------------------------------------ number formats */

/* Thousands separators a number format accepts (a bit set). */
enum {
    INCSTAT_GROUP_COMMA = 1,      /* 1,234 */
    INCSTAT_GROUP_DOT = 2,        /* 1.234 */
    INCSTAT_GROUP_NBSP = 4,       /* 1 234 with U+00A0 or U+202F */
    INCSTAT_GROUP_SPACE = 8,      /* 1 234 with an ASCII space */
    INCSTAT_GROUP_APOSTROPHE = 16 /* 1'234 with ' or U+2019 */
};

/* How the numbers of a column are written.  All-zero is what
 * incstat_value_parse_count and incstat_value_parse_number read: decimal
 * point '.', thousands ',' or a no-break space. */
typedef struct {
    char decimal;   /* '.' or ','; 0 means '.' */
    unsigned group; /* INCSTAT_GROUP_* bits; 0 means the other mark of the two
                       and the no-break spaces.  A bit naming the decimal mark
                       itself is ignored. */
} incstat_number_format;

/* Notes on a count cell (incstat_value_parse_count_fmt). */
enum {
    INCSTAT_VALUE_NOTE_EXPONENT = 1 /* written in scientific notation ("1e9") */
};

/* incstat_value_parse_count with the numbers read in format fmt (NULL: the
 * default).  notes (may be NULL) receives INCSTAT_VALUE_NOTE_* bits, 0 when
 * there is nothing to say.  In a decimal-comma format "1.234,5" is 1234.5,
 * "2,5" is 2.5 and "1.600" is 1600; "1.5" is INVALID (a '.' group needs
 * three digits). */
incstat_value_kind incstat_value_parse_count_fmt(const char *s, size_t n,
                                                 const incstat_number_format *fmt,
                                                 const double *missing_codes, size_t n_codes,
                                                 double *low, double *best, double *high,
                                                 unsigned *notes);

/* incstat_value_parse_number with the number read in format fmt (NULL: the
 * default). */
incstat_value_kind incstat_value_parse_number_fmt(const char *s, size_t n,
                                                  const incstat_number_format *fmt, double *out);

/* What the cells of a column say about its number format (numfmt.c): counts
 * of the number tokens seen in them ("1.200-1.500" is two). */
typedef struct {
    uint64_t cells;            /* cells observed that hold a digit */
    uint64_t both_dot;         /* both marks, '.' last: "1,234.5" */
    uint64_t both_comma;       /* both marks, ',' last: "1.234,5" */
    uint64_t groups_dot;       /* '.' twice or more, groups of three: "1.234.567" */
    uint64_t groups_comma;     /* "1,234,567" */
    uint64_t fraction_dot;     /* one '.' followed by other than three digits ("1.5",
                                  "33.5000"), or after 0 or after four digits or more
                                  ("0.500", "1234.567"): a decimal point */
    uint64_t fraction_comma;   /* "2,5", "33,5000" */
    uint64_t ambiguous_dot;    /* "1.600": 1.6 or 1600 */
    uint64_t ambiguous_comma;  /* "1,600" */
    uint64_t groups_space;     /* "1 600" with a space, U+00A0 or U+202F */
    uint64_t groups_apostrophe;/* "1'600" with ' or U+2019 */
    /* a count column's ambiguous cells (incstat_numfmt_observe_count) that a
     * reading would turn into fractions other than halves: a count is whole,
     * so each is evidence against that reading */
    uint64_t count_fraction_dot;   /* "1.240": 1.24 with a decimal point */
    uint64_t count_fraction_comma; /* "1,240": 1.24 with a decimal comma */
} incstat_number_evidence;

/* How a column's number format was decided. */
typedef enum {
    INCSTAT_NUMFMT_DEFAULT = 0, /* not decided: the default format */
    INCSTAT_NUMFMT_PLAIN,       /* the cells showed no mark: the file's prior */
    INCSTAT_NUMFMT_CELLS,       /* the cells decided, all one way */
    INCSTAT_NUMFMT_MIXED,       /* the cells disagreed: the larger side won */
    INCSTAT_NUMFMT_PRIOR,       /* only ambiguous cells ("1.600"): the file's prior */
    INCSTAT_NUMFMT_GIVEN,       /* --decimal or a schema's decimal line */
    INCSTAT_NUMFMT_COUNTS       /* only ambiguous cells, in a count column: the reading
                                   that turns fewer of them into fractions other than
                                   halves ("1,240" is no 1.24 killed), over the prior */
} incstat_numfmt_source;

/* The decision for one column, with what it rests on. */
typedef struct {
    incstat_number_format format;
    incstat_numfmt_source source;
    incstat_number_evidence evidence; /* of the sampled cells */
    int nondefault;  /* 1 when the cells need more than the default reading: a
                        decimal comma, spaces or apostrophes as groups, or a
                        decision only the prior made (ambiguous cells to count) */
} incstat_number_decision;

/* Count what the cell s[0..n) says about the number format into ev.  Pure;
 * never reads past s + n. */
void incstat_numfmt_observe(incstat_number_evidence *ev, const char *s, size_t n);

/* For a cell of a count column (killed, injured, incidents): when it is
 * ambiguous (incstat_numfmt_ambiguous), count into ev's count_fraction_dot
 * and count_fraction_comma the readings that make it a fraction other than
 * a half ("1,240": 1.24 with a decimal comma; "2,500" is 2.5 and "1,000" is
 * 1 either way, no evidence).  Pure; never reads past s + n. */
void incstat_numfmt_observe_count(incstat_number_evidence *ev, const char *s, size_t n);

/* Decide a column's format from its evidence.  given is the decimal mark the
 * user chose ('.' or ','; 0: none); prior is the file's likely mark ('.' or
 * ','), used when the cells cannot decide and no reading makes counts
 * fractions (count_fraction_*; more against one reading than the other
 * decides, source INCSTAT_NUMFMT_COUNTS).  The groups accepted are the mark
 * that is not the decimal one, the no-break spaces, and the ASCII space and
 * apostrophe when the cells show them as groups. */
void incstat_numfmt_decide(const incstat_number_evidence *ev, char given, char prior,
                           incstat_number_decision *out);

/* 1 when the cell holds a number that reads differently with a decimal point
 * and a decimal comma and nothing in it decides ("1.600", "1,600",
 * "1.200-1.500"), else 0. */
int incstat_numfmt_ambiguous(const char *s, size_t n);

/* How a date is known, from least to most precise (a comparison such as
 * precision >= INCSTAT_DATE_MONTH asks for a month). */
typedef enum {
    INCSTAT_DATE_NONE = 0,    /* unknown */
    INCSTAT_DATE_YEAR = 1,    /* only the year */
    INCSTAT_DATE_QUARTER = 2, /* year and quarter ("2013-Q2"): month holds the
                                 quarter's first month (1, 4, 7 or 10) */
    INCSTAT_DATE_MONTH = 3,   /* year and month */
    INCSTAT_DATE_DAY = 4      /* full date */
} incstat_date_precision;

typedef struct {
    int32_t year;    /* 0 when unknown */
    int8_t month;    /* 1-12, 0 when unknown */
    int8_t day;      /* 1-31, 0 when unknown */
    uint8_t precision; /* incstat_date_precision */
} incstat_date;

/* Order of numeric day/month/year dates such as 6/7/2004. */
typedef enum {
    INCSTAT_DATE_ORDER_AUTO = 0, /* unambiguous ones as written; ambiguous as DMY,
                                    flagged through *ambiguous */
    INCSTAT_DATE_ORDER_DMY,
    INCSTAT_DATE_ORDER_MDY,
    INCSTAT_DATE_ORDER_YMD
} incstat_date_order;

/* Result of incstat_value_parse_date(). */
typedef enum {
    INCSTAT_DATE_OK = 0,       /* *out holds a valid date of some precision */
    INCSTAT_DATE_MISSING,      /* empty or a missing token; *out zeroed */
    INCSTAT_DATE_INVALID       /* not a date, or an impossible one (2023-02-30) */
} incstat_date_result;

/* Evidence about the day/month order seen in one numeric date (AUTO mode). */
typedef enum {
    INCSTAT_DATE_EVIDENCE_NONE = 0, /* not a numeric d/m/y date, or order given */
    INCSTAT_DATE_EVIDENCE_AMBIGUOUS,/* both <= 12: parsed as DMY */
    INCSTAT_DATE_EVIDENCE_DMY,      /* first > 12 */
    INCSTAT_DATE_EVIDENCE_MDY       /* second > 12 */
} incstat_date_evidence;

/* Parse a date cell.  Understands: ISO 2004-06-18, 2004/06/18, 2004-06,
 * 2004 (year precision), with an optional time part (T12:00, " 10:30 PM")
 * that is ignored; numeric D/M/YYYY, M/D/YYYY (per order) with / - . as
 * separators and two-digit years (69-99 -> 19xx, 00-68 -> 20xx); month names
 * full or three-letter in English, any case, in any order with the day and
 * year: "18 June 2004", "June 18, 2004", "Friday, June 18, 2004",
 * "Sunday-November 19-1995", "Saturday-November-25-2017", "18-Jun-2004",
 * "Jun 2004" (month precision), "June, 2004"; weekday names are ignored (not
 * checked); ordinal suffixes "18th".  Excel serial day numbers (an integer or
 * decimal from 10000 to 109574, 1900 date system: 1 = 1900-01-01 and the
 * fictitious 1900-02-29 = 60) become day-precision dates.  Years must lie in
 * 1000..2999; month/day must exist (leap years honoured).  evidence may be
 * NULL.  Never reads past s + n. */
incstat_date_result incstat_value_parse_date(const char *s, size_t n, incstat_date_order order,
                                             incstat_date *out, incstat_date_evidence *evidence);

/* ISO text of d at its precision ("2017", "2017-Q4", "2017-11", "2017-11-25"), or ""
 * when d is unknown, written into buf (cap bytes, NUL-terminated, cut to
 * fit; 11 bytes hold any date).  Returns the length of the full text, as
 * snprintf does.  Never fails. */
size_t incstat_value_date_text(incstat_date d, char *buf, size_t cap);

/* 1 when year/month/day form a real calendar date, else 0. */
int incstat_date_valid(int year, int month, int day);

/* Days in a month (1-12) of a year; 0 for an invalid month. */
int incstat_date_days_in_month(int year, int month);

#ifdef __cplusplus
}
#endif
#endif
