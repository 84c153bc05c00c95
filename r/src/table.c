/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A loaded table as an R data.frame, in the columns and order of incstat
 * export: id, date, date_precision, year, month, day, killed, killed_low,
 * killed_high, injured, injured_low, injured_high, the text fields, latitude
 * and longitude where export has them, then the kept columns.
 *   date            Date, NA unless the day is known (coarser dates keep
 *                   their year and month in those columns)
 *   date_precision  factor: year, quarter, month, day; NA when unknown
 *   year/month/day  integer, NA when unknown
 *   numbers         double, NA for unknown (never 0)
 *   id              character (one value per row: a factor would not help)
 *   incidents       after injured_high, only in a table of periods that
 *                   counts incidents per row (export has no such column)
 *   other text      factor whose levels are the table's dictionary in its
 *                   order, and whose codes are the table's codes (0, unknown,
 *                   is NA) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glue.h"

static SEXP factor_of(const incstat_table *t, size_t col, size_t n)
{
    const uint32_t *codes = incstat_table_codes(t, col);
    size_t dict = incstat_table_dict_size(t, col);
    SEXP f = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)n));
    int *v = INTEGER(f);
    for (size_t i = 0; i < n; i++)
        v[i] = codes[i] ? (int)codes[i] : NA_INTEGER;
    SEXP levels = PROTECT(Rf_allocVector(STRSXP, dict > 0 ? (R_xlen_t)dict - 1 : 0));
    for (size_t k = 1; k < dict; k++)
        SET_STRING_ELT(levels, (R_xlen_t)k - 1,
                       Rf_mkCharCE(incstat_table_dict_text(t, col, (uint32_t)k), CE_UTF8));
    Rf_setAttrib(f, R_LevelsSymbol, levels);
    Rf_setAttrib(f, R_ClassSymbol, Rf_mkString("factor"));
    UNPROTECT(2);
    return f;
}

static SEXP character_of(const incstat_table *t, size_t col, size_t n)
{
    const uint32_t *codes = incstat_table_codes(t, col);
    SEXP s = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++)
        SET_STRING_ELT(s, (R_xlen_t)i, codes[i] ? Rf_mkCharCE(incstat_table_dict_text(t, col, codes[i]), CE_UTF8)
                                                : NA_STRING);
    UNPROTECT(1);
    return s;
}

static SEXP numbers_of(const incstat_table *t, incstat_num_field f, size_t n)
{
    const double *x = incstat_table_numbers(t, f);
    SEXP v = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
    double *d = REAL(v);
    for (size_t i = 0; i < n; i++)
        d[i] = x[i] != x[i] ? NA_REAL : x[i]; /* NaN (unknown) is R's NA */
    UNPROTECT(1);
    return v;
}

/* date, date_precision, year, month, day into cols[at..at+5) */
static void dates_of(const incstat_table *t, size_t n, SEXP df, R_xlen_t at)
{
    const incstat_date *d = incstat_table_dates(t);
    SEXP date = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
    SEXP prec = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)n));
    SEXP year = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)n));
    SEXP month = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)n));
    SEXP day = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        int p = d[i].precision;
        REAL(date)[i] = p == INCSTAT_DATE_DAY ? (double)incstat_days_from_civil(d[i].year, d[i].month, d[i].day)
                                              : NA_REAL;
        INTEGER(prec)[i] = p >= INCSTAT_DATE_YEAR && p <= INCSTAT_DATE_DAY ? p : NA_INTEGER;
        INTEGER(year)[i] = p >= INCSTAT_DATE_YEAR ? d[i].year : NA_INTEGER;
        INTEGER(month)[i] = p >= INCSTAT_DATE_QUARTER ? d[i].month : NA_INTEGER;
        INTEGER(day)[i] = p == INCSTAT_DATE_DAY ? d[i].day : NA_INTEGER;
    }
    Rf_setAttrib(date, R_ClassSymbol, Rf_mkString("Date"));
    static const char *const plevels[] = {"year", "quarter", "month", "day"};
    SEXP lv = PROTECT(Rf_allocVector(STRSXP, 4));
    for (int k = 0; k < 4; k++)
        SET_STRING_ELT(lv, k, Rf_mkChar(plevels[k]));
    Rf_setAttrib(prec, R_LevelsSymbol, lv);
    Rf_setAttrib(prec, R_ClassSymbol, Rf_mkString("factor"));
    SEXP cols[] = {date, prec, year, month, day};
    for (int k = 0; k < 5; k++)
        SET_VECTOR_ELT(df, at + k, cols[k]);
    UNPROTECT(6);
}

SEXP incstat_r_table_df(const incstat_table *t)
{
    /* export's order: numbers, then text, with latitude/longitude after location */
    static const incstat_num_field counts[] = {
        INCSTAT_NUM_KILLED_BEST, INCSTAT_NUM_KILLED_LOW, INCSTAT_NUM_KILLED_HIGH,
        INCSTAT_NUM_INJURED_BEST, INCSTAT_NUM_INJURED_LOW, INCSTAT_NUM_INJURED_HIGH};
    static const char *const count_names[] = {"killed", "killed_low", "killed_high",
                                              "injured", "injured_low", "injured_high"};
    size_t n = incstat_table_rows(t);
    size_t ntext = incstat_table_text_columns(t);
    /* id + 5 date columns + 6 counts + (text - id) + 2 coordinates */
    const double *events = incstat_table_numbers(t, INCSTAT_NUM_EVENTS);
    int has_events = 0;
    for (size_t i = 0; i < n && !has_events; i++)
        has_events = events[i] == events[i];
    R_xlen_t ncol = (R_xlen_t)(1 + 5 + 6 + has_events + (ntext - 1) + 2), c = 0;
    SEXP df = PROTECT(Rf_allocVector(VECSXP, ncol));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, ncol));
    SET_VECTOR_ELT(df, c, character_of(t, INCSTAT_TEXT_ID, n));
    SET_STRING_ELT(names, c++, Rf_mkChar("id"));
    dates_of(t, n, df, c);
    static const char *const dnames[] = {"date", "date_precision", "year", "month", "day"};
    for (int k = 0; k < 5; k++)
        SET_STRING_ELT(names, c++, Rf_mkChar(dnames[k]));
    for (int k = 0; k < 6; k++) {
        SET_VECTOR_ELT(df, c, numbers_of(t, counts[k], n));
        SET_STRING_ELT(names, c++, Rf_mkChar(count_names[k]));
    }
    if (has_events) { /* a table of periods with a count of incidents per row */
        SET_VECTOR_ELT(df, c, numbers_of(t, INCSTAT_NUM_EVENTS, n));
        SET_STRING_ELT(names, c++, Rf_mkChar("incidents"));
    }
    for (size_t col = 1; col < ntext; col++) {
        SET_VECTOR_ELT(df, c, factor_of(t, col, n));
        SET_STRING_ELT(names, c++, Rf_mkCharCE(incstat_table_text_column_name(t, col), CE_UTF8));
        if (col == INCSTAT_TEXT_LOCATION) {
            SET_VECTOR_ELT(df, c, numbers_of(t, INCSTAT_NUM_LATITUDE, n));
            SET_STRING_ELT(names, c++, Rf_mkChar("latitude"));
            SET_VECTOR_ELT(df, c, numbers_of(t, INCSTAT_NUM_LONGITUDE, n));
            SET_STRING_ELT(names, c++, Rf_mkChar("longitude"));
        }
    }
    Rf_setAttrib(df, R_NamesSymbol, names);
    SEXP rn = PROTECT(Rf_allocVector(INTSXP, 2));
    INTEGER(rn)[0] = NA_INTEGER;
    INTEGER(rn)[1] = -(int)n;
    Rf_setAttrib(df, R_RowNamesSymbol, rn);
    Rf_setAttrib(df, R_ClassSymbol, Rf_mkString("data.frame"));
    UNPROTECT(3);
    return df;
}

/* The load report as the list incstat inspect --format json describes. */
SEXP incstat_r_report_list(const incstat_load_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        incstat_r_abort_msg("the load report: out of memory");
    incstat_error err = {.code = INCSTAT_ENOMEM, .message = "the load report: out of memory"};
    incstat_status st = incstat_load_report_write(r, INCSTAT_LOAD_REPORT_JSON, m, &err);
    if (fclose(m) != 0 && st == INCSTAT_OK)
        st = INCSTAT_ENOMEM;
    if (st != INCSTAT_OK) {
        free(buf);
        incstat_r_abort(&err, R_NilValue);
    }
    /* buf is parsed into a jansson tree (owned by a pointer) and freed
     * before any R allocation */
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_DECODE_ANY, &jerr);
    free(buf);
    if (!root)
        incstat_r_abort_msg("the load report is not JSON");
    return incstat_r_json_convert_owned(root);
}
