/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_numfmt_cells.c: what the loader notes about number cells as
 * it reads them (load_numfmt.h): cells only the prior reads, fractions other
 * than halves, the two largest values, and inspect's classes in a column
 * with a decimal comma.  Called per cell, from the row path (load_row.c) and
 * the type inference (infer.c); the decision itself is load_numfmt.c's. */
#include <math.h>
#include <string.h>

#include "io/load/load_numfmt.h"

/* Copy a cell into a report's fixed buffer without cutting a UTF-8
 * sequence in half. */
static void copy_cell(char *dst, size_t cap, const char *s, size_t n)
{
    size_t k = n < cap - 1 ? n : cap - 1;
    while (k > 0 && k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    memcpy(dst, s, k);
    dst[k] = '\0';
}

void incstat_loader_note_cell_(incstat_column_report *cr, const char *s, size_t n,
                               const double v[3], int count, uint64_t line)
{
    if (incstat_numfmt_check_ambiguous_(cr, s, n) && incstat_numfmt_ambiguous(s, n) &&
        cr->ambiguous++ == 0) {
        cr->first_ambiguous_line = line;
        cr->first_ambiguous_value = v[0];
        copy_cell(cr->first_ambiguous, sizeof cr->first_ambiguous, s, n);
    }
    if (count && (!incstat_numfmt_whole_or_half_(v[0]) || !incstat_numfmt_whole_or_half_(v[2])) &&
        cr->fractions++ == 0) {
        cr->first_fraction_line = line;
        copy_cell(cr->first_fraction, sizeof cr->first_fraction, s, n);
    }
}

void incstat_loader_track_(incstat_column_report *cr, double x, uint64_t line)
{
    if (isnan(x))
        return;
    if (isnan(cr->max) || x > cr->max) {
        cr->second_max = cr->max;
        cr->max = x;
        cr->max_line = line;
    } else if (isnan(cr->second_max) || x > cr->second_max) {
        cr->second_max = x;
    }
}

/* The class of a cell read in its column's format. */
static incstat_infer_class reclassify(const incstat_column_report *cr, const char *s, size_t n,
                                      incstat_infer_class k)
{
    if (k != INCSTAT_INFER_TEXT && k != INCSTAT_INFER_NUMBER && k != INCSTAT_INFER_INTEGER &&
        k != INCSTAT_INFER_RANGE)
        return k;
    double lo;
    switch (incstat_value_parse_count_fmt(s, n, &cr->number.format, NULL, 0, &lo, NULL, NULL,
                                          NULL)) {
    case INCSTAT_VALUE_NUMBER:
        return lo == floor(lo) ? INCSTAT_INFER_INTEGER : INCSTAT_INFER_NUMBER;
    case INCSTAT_VALUE_RANGE:
    case INCSTAT_VALUE_OPEN:
        return INCSTAT_INFER_RANGE;
    default: /* a negative number ("-33,5") is no count */
        break;
    }
    double x;
    if (incstat_value_parse_number_fmt(s, n, &cr->number.format, &x) == INCSTAT_VALUE_NUMBER)
        return x == floor(x) ? INCSTAT_INFER_INTEGER : INCSTAT_INFER_NUMBER;
    return INCSTAT_INFER_TEXT;
}

incstat_infer_class incstat_numfmt_infer_slow_(incstat_column_report *cr, const char *s, size_t n,
                                               incstat_infer_class k, const incstat_csv *csv)
{
    if (!cr->field && incstat_numfmt_check_ambiguous_(cr, s, n)) {
        double v[3] = {NAN, NAN, NAN};
        incstat_value_parse_count_fmt(s, n, &cr->number.format, NULL, 0, &v[0], &v[1], &v[2], NULL);
        incstat_loader_note_cell_(cr, s, n, v, 0, incstat_csv_line(csv));
    }
    if (cr->number.format.decimal == ',' ||
        (cr->number.format.group & (INCSTAT_GROUP_SPACE | INCSTAT_GROUP_APOSTROPHE)))
        return reclassify(cr, s, n, k);
    return k;
}

/* A byte a decimal comma or a group may begin with: , . space ' and the
 * lead bytes of U+00A0, U+202F and U+2019. */
static int has_mark(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ',' || c == '.' || c == ' ' || c == '\'' || c == 0xC2 || c == 0xE2)
            return 1;
    }
    return 0;
}

incstat_infer_class incstat_numfmt_sample_class_(const char *s, size_t n, incstat_infer_class k)
{
    static const incstat_number_format other[] = {
        {',', INCSTAT_GROUP_DOT | INCSTAT_GROUP_NBSP | INCSTAT_GROUP_SPACE |
                  INCSTAT_GROUP_APOSTROPHE},
        {'.', INCSTAT_GROUP_COMMA | INCSTAT_GROUP_NBSP | INCSTAT_GROUP_SPACE |
                  INCSTAT_GROUP_APOSTROPHE},
    };
    if (k != INCSTAT_INFER_TEXT || !has_mark(s, n))
        return k;
    for (size_t f = 0; f < 2; f++) {
        double lo;
        switch (incstat_value_parse_count_fmt(s, n, &other[f], NULL, 0, &lo, NULL, NULL, NULL)) {
        case INCSTAT_VALUE_NUMBER:
            return lo == floor(lo) ? INCSTAT_INFER_INTEGER : INCSTAT_INFER_NUMBER;
        case INCSTAT_VALUE_RANGE:
        case INCSTAT_VALUE_OPEN:
            return INCSTAT_INFER_RANGE;
        default:
            break;
        }
    }
    return k;
}
