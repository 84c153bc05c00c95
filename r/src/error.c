/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat errors as R conditions, and the external pointers that own the
 * glue's C resources while R may longjmp. */
#include <string.h>
#include "glue.h"

/* Live external pointers the glue made and has not freed yet: the memory
 * test asks it to be back to where it was after gc().  A counter in the
 * glue, not in the library (which has no global state). */
static int live;

void incstat_r_live_add(int d)
{
    live += d;
}

SEXP incstat_r_live(void)
{
    return Rf_ScalarInteger(live);
}

SEXP incstat_r_ptr_new(void *p, R_CFinalizer_t fin)
{
    SEXP ptr = PROTECT(R_MakeExternalPtr(p, R_NilValue, R_NilValue));
    R_RegisterCFinalizerEx(ptr, fin, TRUE);
    live++;
    UNPROTECT(1);
    return ptr;
}

void incstat_r_ptr_release(SEXP ptr, void (*free_fn)(void *))
{
    void *p = R_ExternalPtrAddr(ptr);
    if (!p)
        return;
    R_ClearExternalPtr(ptr);
    free_fn(p);
    live--;
}

/* The input the message names: library messages start "PATH:" or
 * "PATH: line N" for the file they are about. */
static SEXP file_of(const char *msg, SEXP files)
{
    if (!Rf_isString(files))
        return Rf_ScalarString(NA_STRING);
    for (R_xlen_t i = 0; i < XLENGTH(files); i++) {
        const char *f = Rf_translateCharUTF8(STRING_ELT(files, i));
        size_t n = strlen(f);
        if (n && strncmp(msg, f, n) == 0 && msg[n] == ':')
            return Rf_ScalarString(STRING_ELT(files, i));
    }
    if (XLENGTH(files) == 1)
        return Rf_ScalarString(STRING_ELT(files, 0));
    return Rf_ScalarString(NA_STRING);
}

/* The status code's name, as error.h spells it without the prefix. */
static const char *code_name(incstat_status c)
{
    static const char *const names[] = {"OK", "ENOMEM", "EIO", "EPARSE", "EINVAL",
                                        "ENOCOLUMN", "EEMPTY", "ESCHEMA", "EDOMAIN",
                                        "ENOCONV", "ELIMIT"};
    if ((unsigned)c < sizeof names / sizeof names[0])
        return names[c];
    return "unknown";
}

/* Calls incstat:::inc_abort(message, code, file, line, column), which
 * signals the condition with R's stop(), so handlers, tryCatch() and
 * on.exit() see an ordinary R error. */
void incstat_r_abort(const incstat_error *err, SEXP files)
{
    SEXP nsname = PROTECT(Rf_mkString("incstat"));
    SEXP ns = PROTECT(R_FindNamespace(nsname));
    SEXP fn = PROTECT(Rf_findFun(Rf_install("inc_abort"), ns));
    SEXP msg = PROTECT(Rf_mkString(err->message[0] ? err->message : incstat_strerror(err->code)));
    SEXP code = PROTECT(Rf_mkString(code_name(err->code)));
    SEXP file = PROTECT(file_of(err->message, files));
    SEXP line = PROTECT(Rf_ScalarReal(err->line ? (double)err->line : NA_REAL));
    SEXP col = PROTECT(Rf_ScalarReal(err->column ? (double)err->column : NA_REAL));
    SEXP call = PROTECT(Rf_lang6(fn, msg, code, file, line, col));
    Rf_eval(call, ns);
    UNPROTECT(9);
    Rf_error("incstat: %s", err->message); /* not reached: inc_abort stops */
}

void incstat_r_abort_msg(const char *msg)
{
    incstat_error err = {.code = INCSTAT_EINVAL};
    snprintf(err.message, sizeof err.message, "%s", msg);
    incstat_r_abort(&err, R_NilValue);
}

SEXP incstat_r_version(void)
{
    return Rf_mkString(incstat_version());
}
