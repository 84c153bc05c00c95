/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load.c: from CSV records to incidents (see include/incstat/load.h).
 *
 * The loader reads the header, resolves which source column feeds which
 * canonical field (preset, schema file, then --map entries, each overriding
 * the one before), and turns each record into an incstat_incident.  Only the
 * mapped and kept columns are decoded.  Every record after the header ends up
 * either loaded or counted as skipped with its reason; every mapped cell that
 * cannot be parsed is counted against its column with the first line.
 *
 * The work is split by responsibility: this file opens and frees a loader;
 * load_map.c reads the header and resolves the mapping (load_schema.c reads
 * and writes schema files, recognise.c and load_sample.c recognise columns);
 * load_row.c turns records into incidents (the hot path); load_fork.c serves
 * the parallel reader; load_fields.c names things. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/load_internal.h"
#include "io/load/load_numfmt.h"
#include "io/load/load_periods.h"
#include "io/source/source.h"
#include "io/source/xlsx.h"
#include "io/load/load_priv.h"

/* ---- report ----------------------------------------------------------- */

static void report_free(incstat_load_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n_columns; i++)
        incstat_free_mem(rep->columns[i].name);
    incstat_free_mem(rep->columns);
    incstat_free_mem((void *)rep->source);
    incstat_free_mem((void *)rep->preset);
    memset(rep, 0, sizeof *rep);
}

static void report_free_heap(incstat_load_report *rep)
{
    report_free(rep);
    incstat_free_mem(rep);
}

void incstat_loader_free(incstat_loader *ld)
{
    if (!ld)
        return;
    incstat_csv_free(ld->csv);
    if (ld->fork) { /* names, mapping and kept columns are the parent's */
        incstat_free_mem(ld->rep.columns);
        incstat_free_mem(ld->kept_vals);
        incstat_free_mem(ld->kept_off);
        incstat_free_mem(ld->arena);
        incstat_free_mem(ld);
        return;
    }
    report_free(&ld->rep);
    incstat_loader_free_keys_(ld);
    for (size_t i = 0; i < ld->n_recodes; i++) {
        incstat_free_mem(ld->recodes[i].from);
        incstat_free_mem(ld->recodes[i].to);
    }
    incstat_free_mem(ld->recodes);
    if (ld->keep_names)
        for (size_t i = 0; i < ld->n_keep; i++)
            incstat_free_mem(ld->keep_names[i]);
    incstat_free_mem(ld->keep_names);
    incstat_free_mem(ld->keep_cols);
    incstat_free_mem(ld->kept_vals);
    incstat_free_mem(ld->kept_off);
    incstat_free_mem(ld->arena);
    incstat_free_mem(ld);
}

/* ---- opening ---------------------------------------------------------- */

static incstat_status open_csv(incstat_csv *csv, const incstat_load_options *opts,
                               const char *path, incstat_loader **out, incstat_error *err)
{
    incstat_load_options o;
    incstat_status st;
    if (!out) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    }
    *out = NULL;
    if (!csv)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no reader");
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    incstat_loader *ld = incstat_calloc(1, sizeof *ld);
    if (!ld) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    ld->csv = csv;
    ld->rep.format = incstat_csv_rows_source_(csv) ? incstat_csv_rows_source_(csv)->ops->format
                                                  : "csv";
    ld->strict = o.strict;
    ld->infer = o.infer_types;
    ld->threads = o.threads;
    ld->parallel_min = o.parallel_min_bytes;
    const char *name = incstat_csv_name(csv);
    ld->rep.source = incstat_strndup(name, strlen(name));
    if (!ld->rep.source) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    ld->progress = o.progress;
    ld->progress_ctx = o.progress_ctx;
    ld->progress_scale = 1;
    if (ld->progress) {
        int fd = incstat_csv_plain_fd_(csv);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
            ld->progress_total = (uint64_t)sb.st_size;
        ld->progress_next = PROGRESS_STEP;
    }
    if ((st = incstat_loader_read_header_(ld, err)) != INCSTAT_OK)
        goto fail;
    st = incstat_loader_resolve_(ld, &o, path, err);
    incstat_free_mem(ld->samples); /* recognition is done with them */
    incstat_free_mem(ld->sample_hash);
    ld->samples = NULL;
    ld->sample_hash = NULL;
    if (st != INCSTAT_OK)
        goto fail;
    if (o.fields && (st = incstat_loader_select_fields_(ld, &o, err)) != INCSTAT_OK)
        goto fail;
    if ((st = incstat_loader_decide_numbers_(ld, o.decimal, path, err)) != INCSTAT_OK)
        goto fail;
    if ((st = incstat_loader_find_aggregate_(ld, path, err)) != INCSTAT_OK)
        goto fail;
    ld->rep.preset = incstat_strndup(ld->preset, strlen(ld->preset));
    ld->kept_vals = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_vals);
    ld->kept_off = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_off);
    ld->arena_cap = 1024;
    ld->arena = incstat_malloc(ld->arena_cap);
    if (!ld->rep.preset || !ld->kept_vals || !ld->kept_off || !ld->arena) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    *out = ld;
    return INCSTAT_OK;
fail:
    incstat_loader_free(ld);
    return st;
}

/* How well a sheet's table is recognised: its fields, and more for the ones
 * a summary rests on (a date or year, the killed). */
static int sheet_score(const incstat_loader *ld)
{
    const incstat_load_report *r = &ld->rep;
    int score = (int)r->n_recognised;
    if (ld->col[MF_DATE] >= 0 || ld->col[MF_YEAR] >= 0)
        score += 10;
    if (!(r->unknown & INCSTAT_UNKNOWN_KILLED))
        score += 10;
    return score;
}

/* A workbook with no sheet asked for: of the worksheets that hold a value,
 * the one whose table is recognised best (the first on a tie), as its
 * 1-based place into buf; and the workbook's sheets listed into sheets.
 * Returns 0, or -1 when the book cannot be listed (the open that follows
 * says why). */
static int best_sheet(const char *path, const incstat_load_options *opts, char *buf, size_t cap,
                      char *sheets, size_t scap, char *why, size_t wcap)
{
    incstat_xlsx_book *book;
    if (incstat_xlsx_book_open(path, &book, NULL) != INCSTAT_OK)
        return -1;
    size_t n = incstat_xlsx_book_count(book), cand = 0, best = 0, len = 0, usable_n = 0;
    int best_score = -1;
    for (size_t i = 0; i < n; i++) {
        const incstat_xlsx_sheet *sh = incstat_xlsx_book_sheet(book, i);
        usable_n += sh->kind == INCSTAT_XLSX_WORKSHEET && sh->has_cells == 1;
    }
    for (size_t i = 0; i < n; i++) {
        const incstat_xlsx_sheet *sh = incstat_xlsx_book_sheet(book, i);
        int usable = sh->kind == INCSTAT_XLSX_WORKSHEET && sh->has_cells == 1;
        if (len + 1 < scap)
            len += (size_t)snprintf(sheets + len, scap - len, "%s%zu \"%s\"%s", len ? ", " : "",
                                    i + 1, sh->name,
                                    sh->kind == INCSTAT_XLSX_CHARTSHEET ? " (chart)"
                                    : sh->kind != INCSTAT_XLSX_WORKSHEET ? " (not a worksheet)"
                                    : !usable ? " (no value)" : "");
        if (!usable)
            continue;
        cand++;
        if (usable_n < 2) /* one worksheet of values: nothing to choose */
            continue;
        char place[24];
        snprintf(place, sizeof place, "%zu", i + 1);
        incstat_load_options o;
        memset(&o, 0, sizeof o);
        if (opts)
            o = *opts;
        o.sheet = place;
        o.threads = 1;
        incstat_loader *ld;
        if (incstat_loader_open(path, &o, &ld, NULL) == INCSTAT_OK) {
            int sc = sheet_score(ld);
            if (sc > best_score) {
                best_score = sc;
                best = i + 1;
            }
            incstat_loader_free(ld);
        }
    }
    if (best && cand > 1)
        snprintf(why, wcap, "sheet \"%s\" read: of the %zu worksheets that hold a value, the "
                 "one whose table is recognised best; --sheet NAME for another",
                 incstat_xlsx_book_sheet(book, best - 1)->name, cand);
    incstat_xlsx_book_free(book);
    if (best && cand > 1) /* one worksheet of values: the reader takes it and says so */
        snprintf(buf, cap, "%zu", best);
    return 0;
}

incstat_status incstat_loader_open(const char *path, const incstat_load_options *opts,
                                   incstat_loader **out, incstat_error *err)
{
    incstat_source_options so;
    incstat_csv *csv;
    memset(&so, 0, sizeof so);
    if (opts)
        so.csv = opts->csv, so.sheet = opts->sheet;
    if (out)
        *out = NULL;
    const char *format = incstat_source_format_(path);
    char best[24] = "", sheets[512] = "", why[320] = "";
    if (strcmp(format, "xlsx") == 0 && !so.sheet &&
        best_sheet(path, opts, best, sizeof best, sheets, sizeof sheets, why, sizeof why) == 0 &&
        best[0]) {
        so.sheet = best;
        so.sheet_why = why;
    }
    incstat_status st = incstat_source_open_(path, &so, &csv, err);
    if (st)
        return st;
    st = open_csv(csv, opts, path, out, err);
    if (st == INCSTAT_OK) {
        incstat_load_report *r = &(*out)->rep;
        r->format = format;
        snprintf(r->sheets, sizeof r->sheets, "%s", sheets);
    }
    return st;
}

incstat_status incstat_loader_open_csv(incstat_csv *csv, const incstat_load_options *opts,
                                       incstat_loader **out, incstat_error *err)
{
    return open_csv(csv, opts, NULL, out, err);
}

/* ---- for the whole-file load (load_table.c) ----------------------------- */

incstat_load_report *incstat_loader_take_report_(incstat_loader *ld,
                                                 void (**free_fn)(incstat_load_report *))
{
    incstat_load_report *r = incstat_malloc(sizeof *r);
    if (!r)
        return NULL;
    *r = ld->rep;
    memset(&ld->rep, 0, sizeof ld->rep);
    *free_fn = report_free_heap;
    return r;
}

int incstat_loader_swap_ambiguous_(const incstat_loader *ld)
{
    /* AUTO order: ambiguous dates were read day-first; when the file shows
     * month-first dates and no day-first ones, they were month-first too */
    return ld->rep.date_order_used == INCSTAT_DATE_ORDER_MDY &&
           ld->order == INCSTAT_DATE_ORDER_AUTO;
}

double incstat_loader_fraction_read_(const incstat_loader *ld)
{
    uint64_t total = incstat_csv_size_hint_(ld->csv);
    uint64_t done = incstat_csv_offset_(ld->csv);
    return total && done <= total ? (double)done / (double)total : 0;
}

void incstat_loader_threads_(const incstat_loader *ld, unsigned *threads, uint64_t *min_bytes)
{
    *threads = ld->threads;
    *min_bytes = ld->parallel_min;
}

