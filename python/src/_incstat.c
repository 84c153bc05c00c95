/* SPDX-License-Identifier: GPL-3.0-or-later */
/* python/src/_incstat.c: incstat._incstat, the CPython extension under the
 * incstat package: the call layer (incstat/call.h) for the commands, and a
 * loaded table's columns as numpy arrays.  The number columns are the
 * table's own memory (no copy): each array's base is a capsule that owns the
 * table and frees it when the last array is gone.  Everything else (which
 * option means what, the JSON) is the library's; python/incstat/__init__.py
 * turns it into DataFrames. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incstat.h"

static PyObject *Error; /* incstat.Error, set by the Python layer */

/* Raise incstat.Error(message, code, line, column, exit_status). */
static PyObject *raise_error(const incstat_error *err, int exit_status)
{
    PyObject *cls = Error ? Error : PyExc_ValueError;
    PyObject *args = Py_BuildValue("(sisKKi)", err->message[0] ? err->message : incstat_strerror(err->code),
                                   (int)err->code, incstat_strerror(err->code),
                                   (unsigned long long)err->line, (unsigned long long)err->column,
                                   exit_status);
    if (args) {
        PyErr_SetObject(cls, args);
        Py_DECREF(args);
    }
    return NULL;
}

/* options: a sequence of (name, value) with value a str or None; files: a
 * sequence of str.  Into c; NULL after raising. */
static int setup(incstat_call *c, PyObject *options, PyObject *files)
{
    incstat_error err;
    PyObject *seq = PySequence_Fast(options, "options must be a sequence of (name, value)");
    if (!seq)
        return -1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(seq, i);
        const char *name, *value = NULL;
        PyObject *v;
        if (!PyArg_ParseTuple(pair, "sO", &name, &v)) {
            Py_DECREF(seq);
            return -1;
        }
        if (v != Py_None && !(value = PyUnicode_AsUTF8(v))) {
            Py_DECREF(seq);
            return -1;
        }
        if (incstat_call_set(c, name, value, &err) != INCSTAT_OK) {
            Py_DECREF(seq);
            raise_error(&err, 2);
            return -1;
        }
    }
    Py_DECREF(seq);
    seq = PySequence_Fast(files, "files must be a sequence of str");
    if (!seq)
        return -1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        const char *path = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i));
        if (!path) {
            Py_DECREF(seq);
            return -1;
        }
        if (incstat_call_add_file(c, path, &err) != INCSTAT_OK) {
            Py_DECREF(seq);
            raise_error(&err, 2);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

static PyObject *str_or_none(const char *s)
{
    if (s)
        return PyUnicode_FromString(s);
    Py_RETURN_NONE;
}

/* call(command, options, files[, data_dir]) -> (json, load_report_json or
 * None, notes); data_dir: the folder of the shipped boundaries, or None */
static PyObject *py_call(PyObject *self, PyObject *args)
{
    const char *command, *data_dir = NULL;
    PyObject *options, *files;
    (void)self;
    if (!PyArg_ParseTuple(args, "sOO|z", &command, &options, &files, &data_dir))
        return NULL;
    incstat_call *c;
    incstat_error err;
    if (incstat_call_new(command, &c, &err) != INCSTAT_OK)
        return raise_error(&err, 2);
    if (incstat_call_set_data_dir(c, data_dir, &err) != INCSTAT_OK) {
        incstat_call_free(c);
        return raise_error(&err, 2);
    }
    if (setup(c, options, files) != 0) {
        incstat_call_free(c);
        return NULL;
    }
    char *json = NULL;
    size_t len = 0;
    incstat_status st;
    Py_BEGIN_ALLOW_THREADS
    st = incstat_call_run(c, &json, &len, &err);
    Py_END_ALLOW_THREADS
    PyObject *out = NULL;
    if (st != INCSTAT_OK) {
        raise_error(&err, incstat_call_exit_status(c));
        /* the notes (the nearest values to a --where) go with the error */
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        if (value) {
            PyObject *notes = PyUnicode_FromString(incstat_call_notes(c));
            if (notes) {
                PyObject_SetAttrString(value, "notes", notes);
                Py_DECREF(notes);
            }
        }
        PyErr_Restore(type, value, tb);
    } else {
        out = Py_BuildValue("(s#NN)", json, (Py_ssize_t)len, str_or_none(incstat_call_report_json(c)),
                            PyUnicode_FromString(incstat_call_notes(c)));
    }
    free(json);
    incstat_call_free(c);
    return out;
}

static void free_table(PyObject *capsule)
{
    incstat_table_free(PyCapsule_GetPointer(capsule, "incstat.table"));
}

/* A read-only array of n elements of type at data, kept alive by owner. */
static PyObject *borrowed_array(const void *data, npy_intp n, int type, PyObject *owner)
{
    PyObject *a = PyArray_SimpleNewFromData(1, &n, type, (void *)data);
    if (!a)
        return NULL;
    PyArray_CLEARFLAGS((PyArrayObject *)a, NPY_ARRAY_WRITEABLE);
    Py_INCREF(owner);
    if (PyArray_SetBaseObject((PyArrayObject *)a, owner) != 0) {
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

static int put(PyObject *d, const char *key, PyObject *v)
{
    if (!v)
        return -1;
    int r = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return r;
}

/* The dates: days since 1970-01-01 of the day-precise ones (NaT for the
 * others), and year, month, day as float (NaN unknown), precision codes. */
static int add_dates(PyObject *d, const incstat_table *t, npy_intp n)
{
    PyObject *day = PyArray_SimpleNew(1, &n, NPY_INT64);
    PyObject *yr = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    PyObject *mo = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    PyObject *dy = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    PyObject *pr = PyArray_SimpleNew(1, &n, NPY_INT8);
    if (!day || !yr || !mo || !dy || !pr) {
        Py_XDECREF(day); Py_XDECREF(yr); Py_XDECREF(mo); Py_XDECREF(dy); Py_XDECREF(pr);
        return -1;
    }
    const incstat_date *dates = incstat_table_dates(t);
    int64_t *pday = PyArray_DATA((PyArrayObject *)day);
    double *py = PyArray_DATA((PyArrayObject *)yr), *pm = PyArray_DATA((PyArrayObject *)mo),
           *pd = PyArray_DATA((PyArrayObject *)dy);
    int8_t *pp = PyArray_DATA((PyArrayObject *)pr);
    for (npy_intp i = 0; i < n; i++) {
        incstat_date x = dates[i];
        int full = x.precision == INCSTAT_DATE_DAY && x.year && x.month && x.day;
        pday[i] = full ? incstat_days_from_civil(x.year, x.month, x.day) : INT64_MIN; /* NaT */
        py[i] = x.year ? x.year : NAN;
        /* a quarter's month is its first: not a month of the incident */
        pm[i] = x.month && x.precision >= INCSTAT_DATE_MONTH ? x.month : NAN;
        pd[i] = x.day ? x.day : NAN;
        pp[i] = (int8_t)x.precision;
    }
    if (put(d, "date_days", day) || put(d, "year", yr) || put(d, "month", mo) ||
        put(d, "day", dy) || put(d, "date_precision", pr))
        return -1;
    return 0;
}

/* A text column: codes - 1 as int32 (-1 unknown, as pandas' categories) and
 * the dictionary's texts. */
static PyObject *text_column(const incstat_table *t, size_t col, npy_intp n)
{
    PyObject *codes = PyArray_SimpleNew(1, &n, NPY_INT32);
    size_t nd = incstat_table_dict_size(t, col);
    PyObject *cats = PyList_New(nd > 0 ? (Py_ssize_t)nd - 1 : 0);
    if (!codes || !cats) {
        Py_XDECREF(codes);
        Py_XDECREF(cats);
        return NULL;
    }
    const uint32_t *src = incstat_table_codes(t, col);
    int32_t *dst = PyArray_DATA((PyArrayObject *)codes);
    for (npy_intp i = 0; i < n; i++)
        dst[i] = (int32_t)src[i] - 1;
    for (size_t k = 1; k < nd; k++) {
        PyObject *s = PyUnicode_DecodeUTF8(incstat_table_dict_text(t, col, (uint32_t)k),
                                           (Py_ssize_t)strlen(incstat_table_dict_text(t, col, (uint32_t)k)),
                                           "replace");
        if (!s) {
            Py_DECREF(codes);
            Py_DECREF(cats);
            return NULL;
        }
        PyList_SET_ITEM(cats, (Py_ssize_t)k - 1, s);
    }
    return Py_BuildValue("(NN)", codes, cats);
}

/* load(options, files) -> dict: "numbers": {name: float64 array (the
 * table's memory)}, "text": [(name, codes, categories)], the date arrays,
 * "rows", "report" (JSON). */
static PyObject *py_load(PyObject *self, PyObject *args)
{
    PyObject *options, *files;
    (void)self;
    if (!PyArg_ParseTuple(args, "OO", &options, &files))
        return NULL;
    incstat_call *c;
    incstat_error err;
    if (incstat_call_new("summary", &c, &err) != INCSTAT_OK)
        return raise_error(&err, 2);
    if (setup(c, options, files) != 0) {
        incstat_call_free(c);
        return NULL;
    }
    incstat_table *t = NULL;
    incstat_status st;
    Py_BEGIN_ALLOW_THREADS
    st = incstat_call_load(c, &t, &err);
    Py_END_ALLOW_THREADS
    if (st != INCSTAT_OK) {
        incstat_call_free(c);
        return raise_error(&err, 1);
    }
    PyObject *report = str_or_none(incstat_call_report_json(c));
    incstat_call_free(c);
    PyObject *capsule = PyCapsule_New(t, "incstat.table", free_table);
    if (!capsule) {
        incstat_table_free(t);
        Py_XDECREF(report);
        return NULL;
    }
    npy_intp n = (npy_intp)incstat_table_rows(t);
    PyObject *d = PyDict_New(), *nums = PyDict_New(), *texts = PyList_New(0);
    int bad = !d || !nums || !texts || !report;
    for (int f = 0; !bad && f < INCSTAT_NUM_COUNT; f++) {
        const double *col = incstat_table_numbers(t, (incstat_num_field)f);
        PyObject *a = n ? borrowed_array(col, n, NPY_DOUBLE, capsule)
                        : PyArray_SimpleNew(1, &n, NPY_DOUBLE);
        bad = put(nums, incstat_num_field_name((incstat_num_field)f), a) != 0;
    }
    for (size_t col = 0; !bad && col < incstat_table_text_columns(t); col++) {
        PyObject *tc = text_column(t, col, n);
        PyObject *item = tc ? Py_BuildValue("(sN)", incstat_table_text_column_name(t, col), tc) : NULL;
        bad = !item || PyList_Append(texts, item) != 0;
        Py_XDECREF(item);
    }
    if (!bad)
        bad = add_dates(d, t, n) || put(d, "rows", PyLong_FromSsize_t(n));
    if (!bad) {
        Py_INCREF(nums);
        Py_INCREF(texts);
        Py_INCREF(report);
        bad = put(d, "numbers", nums) || put(d, "text", texts) || put(d, "report", report);
    }
    Py_XDECREF(nums);
    Py_XDECREF(texts);
    Py_XDECREF(report);
    Py_DECREF(capsule); /* the arrays hold it now */
    if (bad) {
        Py_XDECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *py_set_error(PyObject *self, PyObject *cls)
{
    (void)self;
    Py_XDECREF(Error);
    Py_INCREF(cls);
    Error = cls;
    Py_RETURN_NONE;
}

static PyObject *py_version(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    return PyUnicode_FromString(incstat_version());
}

static PyMethodDef METHODS[] = {
    {"call", py_call, METH_VARARGS, "call(command, options, files) -> (json, report_json, notes)"},
    {"load", py_load, METH_VARARGS, "load(options, files) -> dict of columns"},
    {"set_error", py_set_error, METH_O, "the exception class to raise"},
    {"version", py_version, METH_NOARGS, "libincstat's version"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "incstat._incstat",
                                    "incstat's library, called as its command line is", -1,
                                    METHODS, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__incstat(void)
{
    import_array();
    return PyModule_Create(&MODULE);
}
