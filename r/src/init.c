/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The routines R may call, registered: .Call() finds them by symbol, and no
 * other symbol of the library is looked up dynamically. */
#include <R_ext/Rdynload.h>
#include "glue.h"

static const R_CallMethodDef routines[] = {
    {"incstat_r_call", (DL_FUNC)&incstat_r_call, 6},
    {"incstat_r_json", (DL_FUNC)&incstat_r_json, 1},
    {"incstat_r_live", (DL_FUNC)&incstat_r_live, 0},
    {"incstat_r_version", (DL_FUNC)&incstat_r_version, 0},
    {NULL, NULL, 0}};

void R_init_incstat(DllInfo *dll);

void R_init_incstat(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, routines, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
