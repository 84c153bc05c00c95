/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_load.c: summaries from a loader (in one pass, or in
 * parallel chunks merged in file order; the rows themselves are added by
 * incstat_summary_feed_ in summary.c) and from a loaded table: the filter
 * applied, the loader's known gaps and unknown figures passed on. */
#include <stdio.h>
#include <string.h>

#include "incstat/summary.h"
#include "core/internal.h"
#include "io/load/load_internal.h"
#include "io/load/parallel_internal.h"
#include "io/load/table_internal.h"
#include "stats/summary_internal.h"
#include "stats/summary_state.h"

/* ---- convenience ------------------------------------------------------ */

incstat_status incstat_summary_from_loader(incstat_loader *ld,
                                           const incstat_summary_options *opts,
                                           const incstat_filter *filter, incstat_summary **out,
                                           incstat_error *err)
{
    if (!ld || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader or output handle");
    *out = NULL;
    if (opts && opts->threads > 1 &&
        (!opts->observe || (opts->observe_fork && opts->observe_join)))
        return incstat_summary_parallel_(ld, opts, filter, out, err);
    return incstat_summary_one_pass_(ld, opts, filter, out, err);
}

incstat_status incstat_summary_end_(incstat_summary *s, const incstat_loader *ld,
                                    incstat_error *err)
{
    /* gaps the source is known to have */
    const incstat_load_report *rep = incstat_loader_report(ld);
    /* the day/month order the whole file decided places the ambiguous dates */
    int pick = rep->date_order_used == INCSTAT_DATE_ORDER_MDY ? 1 : 0;
    if (s->amb[pick]) {
        incstat_status st = incstat_summary_merge_(s, s->amb[pick], err);
        if (st)
            return st;
    }
    for (int k = 0; k < 2; k++) {
        incstat_summary_free(s->amb[k]);
        s->amb[k] = NULL;
    }
    for (size_t i = 0; i < rep->n_known_gaps && s->opt.n_gaps < INCSTAT_SUMMARY_MAX_GAPS; i++)
        s->opt.gaps[s->opt.n_gaps++] = rep->known_gaps[i];
    s->opt.unknown |= rep->unknown;
    s->rows_periods |= rep->rows_periods;
    s->period_months |= rep->period_months ? 1 : rep->period_quarters ? 2 : 0;
    return incstat_summary_finish(s, err);
}

/* ---- in parallel chunks (parallel_internal.h) ---------------------------- */

typedef struct {
    const incstat_summary_options *opts;
    const char *const *kept;
    size_t nk;
    const incstat_filter *filter;
} par_summary;

/* With an observer, each chunk's summary observes into a context of its
 * own (observe_fork), joined to the chunk before it as the summaries merge
 * in file order, and to the caller's at the end. */
static incstat_status par_begin(void *ctx, void **state, incstat_error *err)
{
    par_summary *p = ctx;
    incstat_summary_options o = *p->opts;
    if (o.observe && !(o.observe_ctx = o.observe_fork(p->opts->observe_ctx)))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_status st = incstat_summary_new(&o, p->kept, p->nk, (incstat_summary **)state, err);
    if (st && o.observe)
        o.observe_join(NULL, o.observe_ctx);
    return st;
}

static incstat_status par_feed(void *ctx, void *state, incstat_loader *fork, incstat_error *err)
{
    return incstat_summary_feed_(state, fork, ((par_summary *)ctx)->filter, err);
}

static incstat_status par_merge(void *ctx, void *into, void *from, uint64_t line_off,
                                incstat_error *err)
{
    (void)ctx;
    (void)line_off;
    incstat_summary *a = into, *b = from;
    if (b->opt.observe) {
        b->opt.observe_join(a->opt.observe_ctx, b->opt.observe_ctx);
        b->opt.observe_ctx = NULL;
    }
    return incstat_summary_merge_(a, b, err);
}

static void par_free(void *ctx, void *state)
{
    (void)ctx;
    incstat_summary *s = state;
    if (s && s->opt.observe && s->opt.observe_ctx)
        s->opt.observe_join(NULL, s->opt.observe_ctx);
    incstat_summary_free(s);
}

incstat_status incstat_summary_parallel_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err)
{
    par_summary p = {opts, NULL, 0, filter};
    p.nk = incstat_loader_kept(ld, &p.kept);
    incstat_par_job_ job = {&p, par_begin, par_feed, NULL, par_merge, par_free};
    void *merged;
    unsigned chunks;
    incstat_status st =
        incstat_par_run_(ld, opts->threads, opts->parallel_min_bytes, &job, &merged, &chunks, err);
    if (st)
        return st;
    if (!chunks)
        return incstat_summary_one_pass_(ld, opts, filter, out, err);
    incstat_summary *s = merged;
    if (s->opt.observe) { /* every chunk's incidents, in order, to the caller's */
        s->opt.observe_join(opts->observe_ctx, s->opt.observe_ctx);
        s->opt.observe_ctx = NULL;
        s->opt.observe = NULL;
    }
    if ((st = incstat_summary_end_(s, ld, err)) != INCSTAT_OK) {
        incstat_summary_free(s);
        return st;
    }
    s->chunks = chunks;
    *out = s;
    return INCSTAT_OK;
}

incstat_status incstat_summary_one_pass_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err)
{
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    incstat_summary_options o;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    incstat_summary *s;
    incstat_status st = incstat_summary_new(&o, kept, nk, &s, err);
    if (st)
        return st;
    if ((st = incstat_summary_feed_(s, ld, filter, err)) != INCSTAT_OK)
        goto fail;
    if ((st = incstat_summary_end_(s, ld, err)) != INCSTAT_OK)
        goto fail;
    *out = s;
    return INCSTAT_OK;
fail:
    incstat_summary_free(s);
    *out = NULL;
    return st;
}

incstat_status incstat_summary_from_table(const incstat_table *t,
                                          const incstat_summary_options *opts,
                                          const incstat_filter *filter, incstat_summary **out,
                                          incstat_error *err)
{
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    *out = NULL;
    if (!t)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no table");
    size_t ntext = incstat_table_text_columns(t), nk = ntext - INCSTAT_TEXT_COUNT;
    const char *kept[256];
    if (nk > 256)
        nk = 256;
    for (size_t k = 0; k < nk; k++)
        kept[k] = incstat_table_text_column_name(t, INCSTAT_TEXT_COUNT + k);
    incstat_summary *s;
    incstat_status st = incstat_summary_new(opts, kept, nk, &s, err);
    if (st)
        return st;
    incstat_text *kv = incstat_calloc(nk ? nk : 1, sizeof *kv);
    if (!kv) {
        incstat_summary_free(s);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    const incstat_date *dates = incstat_table_dates(t);
    const uint64_t *lines = incstat_table_lines(t);
    size_t rows = incstat_table_rows(t);
    for (size_t r = 0; r < rows; r++) {
        incstat_incident inc;
        memset(&inc, 0, sizeof inc);
        inc.line = lines[r];
        inc.date = dates[r];
        for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
            inc.num[f] = incstat_table_numbers(t, (incstat_num_field)f)[r];
        for (size_t c = 0; c < ntext; c++) {
            incstat_text *dst = c < INCSTAT_TEXT_COUNT ? &inc.text[c]
                                : (c - INCSTAT_TEXT_COUNT < nk ? &kv[c - INCSTAT_TEXT_COUNT] : NULL);
            if (dst)
                dst->ptr = incstat_table_text_len_(t, c, r, &dst->len);
        }
        inc.kept = kv;
        inc.n_kept = nk;
        if (filter && !incstat_filter_match(filter, &inc)) {
            incstat_summary_cover(s, &inc.date);
            continue;
        }
        if ((st = incstat_summary_add(s, &inc, err)) != INCSTAT_OK)
            goto fail;
        if (s->opt.observe)
            s->opt.observe(s->opt.observe_ctx, &inc);
    }
    const incstat_load_report *rep = incstat_table_report(t);
    for (size_t i = 0; rep && i < rep->n_known_gaps && s->opt.n_gaps < INCSTAT_SUMMARY_MAX_GAPS; i++)
        s->opt.gaps[s->opt.n_gaps++] = rep->known_gaps[i];
    if (rep) {
        s->opt.unknown |= rep->unknown;
        s->rows_periods |= rep->rows_periods;
        s->period_months |= rep->period_months ? 1 : rep->period_quarters ? 2 : 0;
    }
    if ((st = incstat_summary_finish(s, err)) != INCSTAT_OK)
        goto fail;
    incstat_free_mem(kv);
    *out = s;
    return INCSTAT_OK;
fail:
    incstat_free_mem(kv);
    incstat_summary_free(s);
    return st;
}

/* ---- when nothing is left ---------------------------------------------- */

/* Whether the table is grouped by a period (then undated rows cannot count). */
static int by_time(const incstat_summary_options *so)
{
    if (!so || so->n_by == 0)
        return 1;
    for (size_t k = 0; k < so->n_by; k++)
        if (so->by[k].kind != INCSTAT_BY_TEXT)
            return 1;
    return 0;
}

const char *incstat_summary_why_empty(const incstat_load_report *rep,
                                      const incstat_summary_options *so, char *buf, size_t cap)
{
    /* the rows named as what they are: incidents, country-years, ... */
    const char *rows = incstat_load_report_rows_noun(rep, 0);
    if (!rep)
        snprintf(buf, cap, "no incidents to summarise");
    else if (rep->rows_loaded == 0)
        snprintf(buf, cap, "%s: no %s to summarise (%llu rows read, none loaded)", rep->source,
                 rows, (unsigned long long)rep->rows_read);
    else if (rep->undated == rep->rows_loaded && by_time(so) &&
             strstr(rep->advice, "no column holds dates"))
        snprintf(buf, cap, "%.80s: no %s to summarise: %.200s", rep->source, rows, rep->advice);
    else if (rep->undated == rep->rows_loaded && by_time(so))
        snprintf(buf, cap,
                 "%s: no %s to summarise: none of the %llu loaded rows has a usable date; "
                 "map the date column with --map date=COLUMN (or --map year=COLUMN)",
                 rep->source, rows, (unsigned long long)rep->rows_loaded);
    else
        snprintf(buf, cap, "%s: no %s to summarise: none of the %llu loaded passed "
                           "--where/--from/--to", rep->source, rows,
                 (unsigned long long)rep->rows_loaded);
    return buf;
}

incstat_status incstat_summary_resolve_by(incstat_summary_options *opts,
                                          const incstat_load_report *r,
                                          const char *const *kept, size_t n_kept,
                                          incstat_error *err)
{
    if (!opts)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary options");
    for (size_t k = 0; k < opts->n_by && k < 2; k++) {
        incstat_by *b = &opts->by[k];
        if (b->kind != INCSTAT_BY_TEXT || !b->column)
            continue;
        const char *name;
        incstat_status st =
            incstat_load_report_text_name(r, kept, n_kept, "--by", b->column, &name, err);
        if (st)
            return st;
        b->column = name;
    }
    return INCSTAT_OK;
}
