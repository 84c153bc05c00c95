/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The R package's C glue: what its files share.  Every C resource the glue
 * holds while it allocates R memory is owned by an external pointer with a
 * finalizer, so an R error (a longjmp out of an allocation, an interrupt)
 * never leaks it: the garbage collector frees it. */
#ifndef INCSTAT_R_GLUE_H
#define INCSTAT_R_GLUE_H

#define R_NO_REMAP
#include <Rinternals.h>
#include <jansson.h>
#include <incstat.h>

/* JSON text (len bytes) to R: objects to named lists, arrays of objects
 * with the same keys to data.frames, arrays of scalars to vectors, numbers
 * to double, null to NA.  Signals an incstat_error condition when the text
 * is not JSON (it always is when it comes from the library). */
SEXP incstat_r_json_parse(const char *text, size_t len);
SEXP incstat_r_json_to_sexp(const json_t *j);
/* Converts root and frees it (json_decref), also when R errors on the way. */
SEXP incstat_r_json_convert_owned(json_t *root);

/* Signal the R condition c("incstat_error", "error", "condition") for err
 * (message, code, line, column); files are the inputs of the call (the
 * one the message names becomes the condition's file).  Never returns.
 * The caller holds no C resource outside an external pointer. */
void incstat_r_abort(const incstat_error *err, SEXP files) __attribute__((noreturn));
/* The same for a message of the glue's own (code EINVAL). */
void incstat_r_abort_msg(const char *msg) __attribute__((noreturn));

/* External pointers: wrap p (freed by fin when collected or by
 * incstat_r_ptr_release); the count of live ones, for the memory test. */
SEXP incstat_r_ptr_new(void *p, R_CFinalizer_t fin);
void incstat_r_ptr_release(SEXP ptr, void (*free_fn)(void *));
void incstat_r_live_add(int d);

/* The table as a data.frame (export's columns), and a load report as a
 * list.  The table stays the caller's. */
SEXP incstat_r_table_df(const incstat_table *t);
SEXP incstat_r_report_list(const incstat_load_report *r);

/* .Call entry points */
SEXP incstat_r_call(SEXP command, SEXP files, SEXP names, SEXP values, SEXP load,
                    SEXP data_dir);
SEXP incstat_r_json(SEXP text);
SEXP incstat_r_live(void);
SEXP incstat_r_version(void);

#endif
