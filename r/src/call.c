/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every inc_*() function is one call of the library's call layer
 * (incstat/call.h): the command line's command and options by name, its JSON
 * converted to R.  read_incidents() is the same call's load. */
#include <stdlib.h>
#include <string.h>
#include <incstat/call.h>
#include "glue.h"

static void call_fin(SEXP ptr)
{
    incstat_r_ptr_release(ptr, (void (*)(void *))incstat_call_free);
}

static const char *utf8_at(SEXP s, R_xlen_t i)
{
    return Rf_translateCharUTF8(STRING_ELT(s, i));
}

/* A call of command with the options names[i]=values[i] (NA: a flag) and
 * the operands files, owned by an external pointer (PROTECTed by the
 * caller).  Errors become R conditions. */
static SEXP call_prepare(SEXP command, SEXP files, SEXP names, SEXP values, SEXP data_dir)
{
    if (!Rf_isString(command) || XLENGTH(command) != 1 || !Rf_isString(files) ||
        !Rf_isString(names) || !Rf_isString(values) || XLENGTH(names) != XLENGTH(values))
        incstat_r_abort_msg("internal: bad arguments to the call");
    incstat_call *c = NULL;
    incstat_error err;
    if (incstat_call_new(utf8_at(command, 0), &c, &err) != INCSTAT_OK)
        incstat_r_abort(&err, files);
    SEXP ptr = PROTECT(incstat_r_ptr_new(c, call_fin));
    /* the package's copy of the shipped boundaries (inst/extdata), for maps */
    if (Rf_isString(data_dir) && XLENGTH(data_dir) == 1 && STRING_ELT(data_dir, 0) != NA_STRING &&
        *CHAR(STRING_ELT(data_dir, 0)) &&
        incstat_call_set_data_dir(c, utf8_at(data_dir, 0), &err) != INCSTAT_OK)
        incstat_r_abort(&err, files);
    for (R_xlen_t i = 0; i < XLENGTH(names); i++) {
        SEXP v = STRING_ELT(values, i);
        if (incstat_call_set(c, utf8_at(names, i), v == NA_STRING ? NULL : utf8_at(values, i),
                             &err) != INCSTAT_OK)
            incstat_r_abort(&err, files);
    }
    for (R_xlen_t i = 0; i < XLENGTH(files); i++)
        if (incstat_call_add_file(c, utf8_at(files, i), &err) != INCSTAT_OK)
            incstat_r_abort(&err, files);
    UNPROTECT(1);
    return ptr;
}

/* JSON text owned by the library object, or malloc'd, to R. */
static SEXP parse_text(const char *text, size_t len)
{
    return text ? incstat_r_json_parse(text, len) : R_NilValue;
}

/* Run: list(value = the JSON as R, report = the load report (list or NULL),
 * notes = what the command line would write on standard error). */
static SEXP call_run(SEXP ptr, SEXP files)
{
    incstat_call *c = R_ExternalPtrAddr(ptr);
    char *json = NULL;
    size_t len = 0;
    incstat_error err;
    if (incstat_call_run(c, &json, &len, &err) != INCSTAT_OK)
        incstat_r_abort(&err, files);
    /* the text goes into a jansson tree and is freed before R allocates */
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_DECODE_ANY, &jerr);
    free(json);
    if (!root) {
        incstat_error e = {.code = INCSTAT_EPARSE, .line = (uint64_t)jerr.line,
                           .column = (uint64_t)jerr.column};
        snprintf(e.message, sizeof e.message, "the library's JSON: %s", jerr.text);
        incstat_r_abort(&e, files);
    }
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 3));
    SET_VECTOR_ELT(out, 0, incstat_r_json_convert_owned(root));
    const char *rep = incstat_call_report_json(c);
    SET_VECTOR_ELT(out, 1, parse_text(rep, rep ? strlen(rep) : 0));
    const char *notes = incstat_call_notes(c);
    SET_VECTOR_ELT(out, 2, Rf_ScalarString(Rf_mkCharCE(notes ? notes : "", CE_UTF8)));
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, 3));
    SET_STRING_ELT(nm, 0, Rf_mkChar("value"));
    SET_STRING_ELT(nm, 1, Rf_mkChar("report"));
    SET_STRING_ELT(nm, 2, Rf_mkChar("notes"));
    Rf_setAttrib(out, R_NamesSymbol, nm);
    UNPROTECT(2);
    return out;
}

static void table_fin(SEXP ptr)
{
    incstat_r_ptr_release(ptr, (void (*)(void *))incstat_table_free);
}

/* Load: the table as a data.frame with attribute "load_report". */
static SEXP call_load(SEXP ptr, SEXP files)
{
    incstat_call *c = R_ExternalPtrAddr(ptr);
    incstat_table *t = NULL;
    incstat_error err;
    if (incstat_call_load(c, &t, &err) != INCSTAT_OK)
        incstat_r_abort(&err, files);
    SEXP holder = PROTECT(incstat_r_ptr_new(t, table_fin));
    SEXP df = PROTECT(incstat_r_table_df(t));
    const char *rep = incstat_call_report_json(c);
    if (rep)
        Rf_setAttrib(df, Rf_install("load_report"), parse_text(rep, strlen(rep)));
    else if (incstat_table_report(t))
        Rf_setAttrib(df, Rf_install("load_report"), incstat_r_report_list(incstat_table_report(t)));
    incstat_r_ptr_release(holder, (void (*)(void *))incstat_table_free);
    UNPROTECT(2);
    return df;
}

SEXP incstat_r_call(SEXP command, SEXP files, SEXP names, SEXP values, SEXP load,
                    SEXP data_dir)
{
    SEXP ptr = PROTECT(call_prepare(command, files, names, values, data_dir));
    SEXP out = PROTECT(Rf_asLogical(load) == 1 ? call_load(ptr, files) : call_run(ptr, files));
    incstat_r_ptr_release(ptr, (void (*)(void *))incstat_call_free);
    UNPROTECT(2);
    return out;
}
