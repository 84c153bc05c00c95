/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_fork.c: loader forks for the parallel reader (parallel.c):
 * a fork reads one chunk with its parent's mapping, and its report is
 * merged back in file order. */
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/load_internal.h"
#include "io/load/load_numfmt.h"
#include "io/load/load_priv.h"

/* ---- forks (parallel summary; load_internal.h) ------------------------- */

incstat_status incstat_loader_fork_(const incstat_loader *p, incstat_csv *csv,
                                    incstat_loader **out, incstat_error *err)
{
    *out = NULL;
    incstat_loader *ld = incstat_calloc(1, sizeof *ld);
    if (!ld) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    ld->fork = 1;
    ld->csv = csv;
    ld->ncols = p->ncols;
    memcpy(ld->col, p->col, sizeof ld->col);
    memcpy(ld->parts, p->parts, sizeof ld->parts);
    memcpy(ld->n_parts, p->n_parts, sizeof ld->n_parts);
    memcpy(ld->max_col, p->max_col, sizeof ld->max_col);
    memcpy(ld->skip_field, p->skip_field, sizeof ld->skip_field);
    memcpy(ld->sum_cols, p->sum_cols, sizeof ld->sum_cols);
    ld->n_sum = p->n_sum;
    ld->n_keep = p->n_keep;
    ld->keep_cols = p->keep_cols;
    ld->keep_names = p->keep_names;
    memcpy(ld->codes, p->codes, sizeof ld->codes);
    ld->n_codes = p->n_codes;
    ld->order = p->order;
    ld->strict = p->strict;
    /* every chunk's first record is checked: only the first chunk's can be
     * all hashtags (an HXL row), and a one-pass read skips it alike */
    ld->hxl_pending = p->hxl_pending;
    ld->recodes = p->recodes; /* borrowed: a fork frees none of them */
    ld->n_recodes = p->n_recodes;
    ld->recode_mask = p->recode_mask;
    ld->infer = p->infer;
    memcpy(ld->preset, p->preset, sizeof ld->preset);
    ld->rep.source = p->rep.source;
    ld->rep.preset = p->rep.preset;
    ld->rep.n_columns = p->rep.n_columns;
    ld->rep.columns = incstat_calloc(p->rep.n_columns ? p->rep.n_columns : 1,
                                     sizeof *ld->rep.columns);
    ld->kept_vals = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_vals);
    ld->kept_off = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_off);
    ld->arena_cap = 1024;
    ld->arena = incstat_malloc(ld->arena_cap);
    if (!ld->rep.columns || !ld->kept_vals || !ld->kept_off || !ld->arena) {
        incstat_loader_free(ld);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < p->rep.n_columns; i++) {
        ld->rep.columns[i].name = p->rep.columns[i].name;
        ld->rep.columns[i].field = p->rep.columns[i].field;
        incstat_loader_numbers_fork_(&ld->rep.columns[i], &p->rep.columns[i]);
    }
    *out = ld;
    return INCSTAT_OK;
}

/* first-line bookkeeping: (count, first) pairs */
static void add_first(uint64_t *count, uint64_t *first, uint64_t n, uint64_t f, uint64_t off)
{
    if (*count == 0 && n)
        *first = f + off;
    *count += n;
}

int incstat_loader_fork_check_(const incstat_loader *w, double *sum_before,
                               uint64_t *rows_before)
{
    /* each row the fork set aside must be a totals row by the whole-file rule */
    if (w->deferred_overflow)
        return -1;
    for (size_t i = 0; i < w->n_deferred; i++) {
        const struct deferred_total *d = &w->deferred[i];
        double sum = *sum_before + d->sum_before;
        uint64_t rows = *rows_before + d->rows_before;
        if (!(rows >= 2 && sum > 0 && d->killed >= 0.5 * sum))
            return -1;
    }
    *sum_before += w->killed_sum;
    *rows_before += w->killed_rows;
    return 0;
}

void incstat_loader_absorb_(incstat_loader *ld, const incstat_loader *w, uint64_t off)
{
    incstat_load_report *r = &ld->rep;
    const incstat_load_report *s = &w->rep;
    incstat_loader_totals_absorb_(ld, w, off); /* before the fork's rows count */
    r->rows_read += s->rows_read;
    r->rows_loaded += s->rows_loaded;
    r->rows_skipped += s->rows_skipped;
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        for (uint64_t j = 0; j < s->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            if (r->skipped[k] + j < INCSTAT_REPORT_EXAMPLES)
                r->skipped_lines[k][r->skipped[k] + j] = s->skipped_lines[k][j] + off;
        r->skipped[k] += s->skipped[k];
    }
    r->empty_lines += s->empty_lines;
    r->bytes += s->bytes;
    r->line_endings |= s->line_endings;
    add_first(&r->short_rows, &r->first_short_line, s->short_rows, s->first_short_line, off);
    add_first(&r->cp1252_cells, &r->first_cp1252_line, s->cp1252_cells, s->first_cp1252_line, off);
    add_first(&r->replaced_chars, &r->first_replaced_line, s->replaced_chars,
              s->first_replaced_line, off);
    add_first(&r->irregular_quotes, &r->first_irregular_line, s->irregular_quotes,
              s->first_irregular_line, off);
    add_first(&r->low_above_high, &r->first_low_above_high_line, s->low_above_high,
              s->first_low_above_high_line, off);
    add_first(&r->undated, &r->first_undated_line, s->undated, s->first_undated_line, off);
    add_first(&r->incidents_unknown, &r->first_incidents_unknown_line, s->incidents_unknown,
              s->first_incidents_unknown_line, off);
    for (int f = 0; f < MF_COUNT; f++)
        add_first(&ld->partly[f], &ld->first_partly[f], w->partly[f], w->first_partly[f], off);
    r->date_ambiguous += s->date_ambiguous;
    r->date_evidence_dmy += s->date_evidence_dmy;
    r->date_evidence_mdy += s->date_evidence_mdy;
    if (s->hxl_line)
        r->hxl_line = s->hxl_line + off;
    if (s->totals_line)
        r->totals_line = s->totals_line + off;
    if (s->year_min && (r->year_min == 0 || s->year_min < r->year_min))
        r->year_min = s->year_min;
    if (s->year_max > r->year_max)
        r->year_max = s->year_max;
    for (size_t i = 0; i < r->n_columns; i++) {
        incstat_column_report *c = &r->columns[i];
        const incstat_column_report *sc = &s->columns[i];
        c->missing += sc->missing;
        if (c->unparsed == 0 && sc->unparsed) {
            c->first_unparsed_line = sc->first_unparsed_line + off;
            memcpy(c->first_unparsed, sc->first_unparsed, sizeof c->first_unparsed);
        }
        c->unparsed += sc->unparsed;
        c->n_int += sc->n_int;
        c->n_num += sc->n_num;
        c->n_range += sc->n_range;
        c->n_date += sc->n_date;
        c->n_text += sc->n_text;
        incstat_loader_numbers_absorb_(c, sc, off);
    }
    ld->killed_sum += w->killed_sum;
    ld->killed_rows += w->killed_rows;
}

void incstat_loader_end_parallel_(incstat_loader *ld, uint64_t bytes, unsigned chunks)
{
    incstat_load_report *r = &ld->rep;
    r->bytes = bytes;
    r->chunks = chunks;
    if (ld->order == INCSTAT_DATE_ORDER_AUTO)
        r->date_order_used = (r->date_evidence_mdy > 0 && r->date_evidence_dmy == 0)
                                 ? INCSTAT_DATE_ORDER_MDY : INCSTAT_DATE_ORDER_DMY;
    if (ld->infer)
        incstat_load_finish_types_(r);
    incstat_loader_numbers_finish_(r);
    incstat_loader_totals_finish_(ld);
    ld->done = 1;
}

void incstat_loader_begin_parallel_(incstat_loader *ld)
{
    incstat_loader_finish_(ld); /* what the header part of the file says: encoding, BOM, line ends */
}

incstat_csv *incstat_loader_csv_(incstat_loader *ld)
{
    return ld->csv;
}

int incstat_loader_one_pass_(const incstat_loader *ld)
{
    return ld->check_keys;
}

void incstat_loader_fork_progress_(incstat_loader *fork, const incstat_loader *parent,
                                   unsigned scale, uint64_t base)
{
    fork->progress = parent->progress;
    fork->progress_ctx = parent->progress_ctx;
    fork->progress_total = parent->progress_total;
    fork->progress_scale = scale;
    fork->progress_base = base;
    fork->progress_next = PROGRESS_STEP;
}

