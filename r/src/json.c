/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON (what the library writes for --format json) to R objects, with
 * jansson, so the package needs no R JSON package.  The mapping:
 *   object                          named list (keys in the order written)
 *   array of objects, same keys     data.frame, one column per key
 *   array of numbers (and nulls)    double vector; nulls are NA
 *   array of strings / booleans     character / logical vector, NA for null
 *   other arrays (mixed, nested)    list
 *   empty array                     list()
 *   number                          double (integers too: one type for every
 *                                   figure, as the CLI prints 2 and 2.5 alike)
 *   null                            NA (logical, as R's NA)
 * A data.frame column follows the array rules over its cells, with a list
 * column where they are mixed or nested. */
#include <string.h>
#include "glue.h"

enum { K_NULL = 0, K_BOOL = 1, K_NUM = 2, K_STR = 4, K_OTHER = 8 };

static int kind_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL: return K_NULL;
    case JSON_TRUE: case JSON_FALSE: return K_BOOL;
    case JSON_INTEGER: case JSON_REAL: return K_NUM;
    case JSON_STRING: return K_STR;
    default: return K_OTHER;
    }
}

static SEXP utf8(const char *s, size_t n)
{
    return Rf_mkCharLenCE(s, (int)n, CE_UTF8);
}

/* One vector of the n values get(src, i): the kinds seen decide its type. */
typedef const json_t *(*getter)(const json_t *src, size_t i, const void *ctx);

static SEXP values_to_sexp(const json_t *src, size_t n, getter get, const void *ctx)
{
    int kinds = 0;
    for (size_t i = 0; i < n; i++)
        kinds |= kind_of(get(src, i, ctx));
    int scalar = kinds == K_NULL || kinds == K_BOOL || kinds == K_NUM || kinds == K_STR;
    if (n == 0 || !scalar) {
        SEXP out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)n));
        for (size_t i = 0; i < n; i++)
            SET_VECTOR_ELT(out, (R_xlen_t)i, incstat_r_json_to_sexp(get(src, i, ctx)));
        UNPROTECT(1);
        return out;
    }
    SEXP out;
    if (kinds == K_NUM) {
        out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
        double *d = REAL(out);
        for (size_t i = 0; i < n; i++) {
            const json_t *v = get(src, i, ctx);
            d[i] = json_is_null(v) ? NA_REAL : json_number_value(v);
        }
    } else if (kinds == K_STR) {
        out = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
        for (size_t i = 0; i < n; i++) {
            const json_t *v = get(src, i, ctx);
            SET_STRING_ELT(out, (R_xlen_t)i, json_is_null(v) ? NA_STRING
                           : utf8(json_string_value(v), json_string_length(v)));
        }
    } else { /* booleans, or nulls alone */
        out = PROTECT(Rf_allocVector(LGLSXP, (R_xlen_t)n));
        int *l = LOGICAL(out);
        for (size_t i = 0; i < n; i++) {
            const json_t *v = get(src, i, ctx);
            l[i] = json_is_null(v) ? NA_LOGICAL : json_is_true(v);
        }
    }
    UNPROTECT(1);
    return out;
}

static const json_t *array_item(const json_t *a, size_t i, const void *ctx)
{
    (void)ctx;
    return json_array_get(a, i);
}

static const json_t *column_item(const json_t *a, size_t i, const void *key)
{
    return json_object_get(json_array_get(a, i), (const char *)key);
}

/* 1 when every element is an object with the keys of the first, in its order. */
static int uniform_objects(const json_t *a)
{
    size_t n = json_array_size(a);
    if (n == 0 || !json_is_object(json_array_get(a, 0)))
        return 0;
    const json_t *first = json_array_get(a, 0);
    for (size_t i = 1; i < n; i++) {
        const json_t *o = json_array_get(a, i);
        if (!json_is_object(o) || json_object_size(o) != json_object_size(first))
            return 0;
        void *p = json_object_iter((json_t *)first), *q = json_object_iter((json_t *)o);
        for (; p && q; p = json_object_iter_next((json_t *)first, p),
                       q = json_object_iter_next((json_t *)o, q))
            if (strcmp(json_object_iter_key(p), json_object_iter_key(q)) != 0)
                return 0;
    }
    return 1;
}

static SEXP data_frame(const json_t *a)
{
    const json_t *first = json_array_get(a, 0);
    size_t ncol = json_object_size(first), nrow = json_array_size(a);
    SEXP df = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)ncol));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)ncol));
    size_t c = 0;
    for (void *it = json_object_iter((json_t *)first); it;
         it = json_object_iter_next((json_t *)first, it), c++) {
        const char *key = json_object_iter_key(it);
        SET_STRING_ELT(names, (R_xlen_t)c, utf8(key, strlen(key)));
        SET_VECTOR_ELT(df, (R_xlen_t)c, values_to_sexp(a, nrow, column_item, key));
    }
    Rf_setAttrib(df, R_NamesSymbol, names);
    SEXP rn = PROTECT(Rf_allocVector(INTSXP, 2)); /* compact row names 1..nrow */
    INTEGER(rn)[0] = NA_INTEGER;
    INTEGER(rn)[1] = -(int)nrow;
    Rf_setAttrib(df, R_RowNamesSymbol, rn);
    Rf_setAttrib(df, R_ClassSymbol, Rf_mkString("data.frame"));
    UNPROTECT(3);
    return df;
}

static SEXP object_list(const json_t *o)
{
    size_t n = json_object_size(o), i = 0;
    SEXP out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)n));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (void *it = json_object_iter((json_t *)o); it;
         it = json_object_iter_next((json_t *)o, it), i++) {
        const char *key = json_object_iter_key(it);
        SET_STRING_ELT(names, (R_xlen_t)i, utf8(key, strlen(key)));
        SET_VECTOR_ELT(out, (R_xlen_t)i, incstat_r_json_to_sexp(json_object_iter_value(it)));
    }
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(2);
    return out;
}

SEXP incstat_r_json_to_sexp(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return object_list(j);
    case JSON_ARRAY:
        if (uniform_objects(j))
            return data_frame(j);
        return values_to_sexp(j, json_array_size(j), array_item, NULL);
    case JSON_STRING: return Rf_ScalarString(utf8(json_string_value(j), json_string_length(j)));
    case JSON_INTEGER: case JSON_REAL: return Rf_ScalarReal(json_number_value(j));
    case JSON_TRUE: return Rf_ScalarLogical(1);
    case JSON_FALSE: return Rf_ScalarLogical(0);
    default: return Rf_ScalarLogical(NA_LOGICAL);
    }
}

static void json_fin(SEXP ptr)
{
    incstat_r_ptr_release(ptr, (void (*)(void *))json_decref);
}

SEXP incstat_r_json_parse(const char *text, size_t len)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        incstat_error err = {.code = INCSTAT_EPARSE, .line = (uint64_t)jerr.line,
                             .column = (uint64_t)jerr.column};
        snprintf(err.message, sizeof err.message, "JSON from the library: %s", jerr.text);
        incstat_r_abort(&err, R_NilValue);
    }
    return incstat_r_json_convert_owned(root);
}

SEXP incstat_r_json_convert_owned(json_t *root)
{
    /* owned by an external pointer while R allocates the result */
    SEXP holder = PROTECT(incstat_r_ptr_new(root, json_fin));
    SEXP out = PROTECT(incstat_r_json_to_sexp(root));
    incstat_r_ptr_release(holder, (void (*)(void *))json_decref);
    UNPROTECT(2);
    return out;
}

/* .Call("incstat_r_json", text): for the tests of the converter */
SEXP incstat_r_json(SEXP text)
{
    if (!Rf_isString(text) || XLENGTH(text) != 1 || STRING_ELT(text, 0) == NA_STRING)
        incstat_r_abort_msg("text must be one string");
    const char *s = Rf_translateCharUTF8(STRING_ELT(text, 0));
    return incstat_r_json_parse(s, strlen(s));
}
