/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_cell.h (private): what an .xlsx cell's value means: which
 * number formats are dates, serials of the 1900 and 1904 date systems as
 * days since 1970 (with Excel's fictitious 1900-02-29), and the text form
 * rows.h promises for numbers and dates.  Pure functions, no allocation.
 * Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_CELL_H
#define INCSTAT_SRC_IO_XLSX_CELL_H

#include <stddef.h>

/* Room for any text these functions write, NUL included. */
#define XLSX_CELL_TEXT_MAX 40

/* 1 when built-in number format id shows a date or a time (ECMA-376
 * 18.8.30: 14-22 and 45-47 everywhere; 27-36 and 50-58 the East Asian
 * dates, 71-81 the Thai ones). */
int xlsx_builtin_is_date(unsigned id);
/* 1 when a custom format code shows a date or time: one of d m y h s (any
 * case) outside quoted text, [brackets] (colours, conditions, locales) and
 * the characters that \, _ and * take literally. */
int xlsx_format_is_date(const char *code);

/* The cell text of x: the shortest decimal that reads back as x ("0.1",
 * "1234.5", "1e+20").  buf holds XLSX_CELL_TEXT_MAX; returns the length. */
size_t xlsx_number_text(char *buf, double x);

/* A cell's <v> as a number: 1 with *x set, 0 when v is not a number.  When
 * v is already its own shortest form (Excel writes most numbers so), *same
 * is set to 1 and the caller may use v as the text. */
int xlsx_number_parse(const char *v, size_t n, double *x, int *same);

/* Days since 1970-01-01 of serial s: 1, or 0 for the day Excel counts but
 * that never was (1900-02-29, serial 60 of the 1900 system), or -1 past the
 * years 1..9999.  Rounded to the millisecond, as Excel keeps times. */
int xlsx_serial_days(double s, int date1904, double *days);
/* Text of a day count: "2004-06-18", or "2004-06-18 14:30", "... 14:30:05",
 * "... 14:30:05.250" with a time of day.  *whole is set to 1 when days has
 * no time of day.  Returns the length. */
size_t xlsx_days_text(char *buf, double days, int *whole);
/* An ISO 8601 date or date-time (a t="d" cell: "2021-01-01",
 * "2021-01-01T12:30:00Z") as days since 1970: 1, or 0 when s is not one. */
int xlsx_iso_days(const char *s, size_t n, double *days);

#endif
