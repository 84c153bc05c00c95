/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report.c: the report module, where the statistics and the charts
 * meet in one document.  It owns the report's content and layout: the table
 * is summarised (by year, by year and category, by month) through one filter,
 * the yearly series gets a trend fit, the sections (report_sections.c,
 * report_data.c, report_map.c, and the extension points report_claims.c and
 * report_trends.c) turn them into a model of blocks (report_model.c), and
 * one of two writers lays the model out: PDF with Cairo and Pango
 * (report_pdf.c) or self-contained HTML (report_html.c).  Charts come from
 * src/chart; nothing here reads files or prints.  This file is the public
 * entry (include/incstat/report.h): options, the order of the work, and
 * where the bytes go. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report_internal.h"

static void progress(const incstat_report_options *o, const char *stage)
{
    if (o->progress)
        o->progress(o->progress_ctx, stage);
}

/* One summary of the table through the filter; NULL with *err on failure. */
static incstat_summary *summarise(const incstat_table *t, const incstat_summary_options *base,
                                  const incstat_filter *f, const incstat_by *by, size_t n_by,
                                  incstat_error *err)
{
    incstat_summary_options so = *base;
    memcpy(so.by, by, n_by * sizeof *by);
    so.n_by = n_by;
    incstat_summary *s = NULL;
    if (incstat_summary_from_table(t, &so, f, &s, err) != INCSTAT_OK)
        return NULL;
    return s;
}

/* The names of the table's kept columns (malloc'ed; NULL when out of
 * memory), *n of them. */
static const char **kept_names(const incstat_table *t, size_t *n)
{
    size_t ntext = incstat_table_text_columns(t);
    *n = ntext > INCSTAT_TEXT_COUNT ? ntext - INCSTAT_TEXT_COUNT : 0;
    const char **kept = incstat_malloc((*n ? *n : 1) * sizeof *kept);
    for (size_t k = 0; kept && k < *n; k++)
        kept[k] = incstat_table_text_column_name(t, INCSTAT_TEXT_COUNT + k);
    return kept;
}

/* The filter of the options' where/from/to, bound to the table's kept
 * columns, its fields named as the file names them resolved first.
 * Errors: EINVAL, ENOCOLUMN, ENOMEM. */
static incstat_status make_filter(const incstat_table *t, const incstat_report_options *o,
                                  incstat_filter **out, incstat_error *err)
{
    incstat_filter *f = NULL;
    size_t nkept;
    const char **kept = kept_names(t, &nkept);
    if (!kept)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "report: out of memory");
    incstat_status st = incstat_filter_new(&f, err);
    for (size_t k = 0; !st && k < o->n_where; k++)
        st = incstat_filter_add_where(f, o->where[k], err);
    if (!st && o->from)
        st = incstat_filter_from(f, o->from, err);
    if (!st && o->to)
        st = incstat_filter_to(f, o->to, err);
    const incstat_load_report *rep = incstat_table_report(t); /* NULL: built by hand */
    if (!st) /* "Province=Punjab" is admin1=Punjab */
        st = incstat_filter_resolve(f, rep, kept, nkept, err);
    if (!st && rep) /* "World" beside the regions it sums: its rows alone */
        st = incstat_filter_default_aggregate(f, rep->aggregate_entity, NULL, err);
    if (!st)
        st = incstat_filter_bind(f, kept, nkept, err); /* a misspelt field name */
    incstat_free_mem(kept);
    if (!st && rep) /* "India, Pakistan" names Pakistan, as in summary */
        incstat_filter_set_lists(f, rep->list_fields);
    if (st) {
        incstat_filter_free(f);
        return st;
    }
    *out = f;
    return INCSTAT_OK;
}

/* Why there is nothing to report, in the words of the yearly summary's
 * EEMPTY. */
static void explain_empty(const incstat_load_report *rep, const incstat_report_options *o,
                          incstat_error *err)
{
    if (err->code != INCSTAT_EEMPTY)
        return;
    const char *rows = incstat_load_report_rows_noun(rep, 0); /* country-years, ... */
    if (rep->rows_loaded == 0)
        snprintf(err->message, sizeof err->message,
                 "%s: no %s to report (%llu rows read, none loaded)", rep->source, rows,
                 (unsigned long long)rep->rows_read);
    else if (!o->n_where && !o->from && !o->to && rep->undated >= rep->rows_loaded)
        snprintf(err->message, sizeof err->message,
                 "%s: no %s to report: none of the %llu loaded rows has a usable "
                 "date (first at line %llu); map the date column (--map date=COLUMN) or "
                 "set --date-order", rep->source, rows, (unsigned long long)rep->rows_loaded,
                 (unsigned long long)rep->first_undated_line);
    else
        snprintf(err->message, sizeof err->message,
                 "%s: no %s to report: none of the %llu loaded passed "
                 "--where/--from/--to", rep->source, rows, (unsigned long long)rep->rows_loaded);
}

/* A category that is a place inside a country (admin1, ...): the same
 * selection by year and country, so the stacked chart can tell a mix of
 * countries; with no category asked for and several countries, the
 * category becomes country.  Nothing when the table has no countries. */
static void by_country(const incstat_table *t, const incstat_report_options *o,
                       const incstat_summary_options *base, const incstat_filter *filter,
                       report_ctx *c)
{
    incstat_by by[2];
    memset(by, 0, sizeof by);
    by[0].kind = INCSTAT_BY_YEAR;
    by[1].kind = INCSTAT_BY_TEXT;
    by[1].column = "country";
    incstat_error err;
    incstat_summary *bc = summarise(t, base, filter, by, 2, &err);
    if (!bc)
        return; /* no country column: nothing to tell */
    char names[256];
    size_t n = chart_summary_countries(bc, SUMMARY_METRIC_KILLED, names, sizeof names);
    if (n >= 2 && n != (size_t)-1 && !o->category) {
        chart_summary_by_country_note(c->category, n, names, c->country_note,
                                      sizeof c->country_note);
        incstat_summary_free((incstat_summary *)c->bycat);
        c->bycat = bc;
        c->category = "country";
        return;
    }
    c->bycountry = bc;
}

/* The three summaries into c.  Errors: ENOCOLUMN (the category), EEMPTY
 * (nothing to report), ENOMEM, and the summaries' own. */
static incstat_status gather(const incstat_table *t, const incstat_report_options *o,
                             const incstat_filter *filter, report_ctx *c,
                             incstat_report_info *info, incstat_error *err)
{
    incstat_summary_options base = o->summary;
    base.n_by = 0;
    if (o->from)
        base.from_year = atoi(o->from);
    if (o->to)
        base.to_year = atoi(o->to);
    incstat_by by[2];
    memset(by, 0, sizeof by);
    by[0].kind = INCSTAT_BY_YEAR;
    incstat_summary *s;
    if (!(s = summarise(t, &base, filter, by, 1, err))) {
        if (incstat_table_report(t)) /* a hand-built table keeps the summary's words */
            explain_empty(c->rep, o, err);
        return err->code;
    }
    c->yearly = s;
    info->unplaced = incstat_summary_unplaced(s);
    by[1].kind = INCSTAT_BY_TEXT;
    by[1].column = c->category;
    /* the category as the file names it ("Province" is admin1) */
    size_t nkept;
    const char **kept = kept_names(t, &nkept);
    incstat_status rs = kept ? incstat_load_report_text_name(incstat_table_report(t), kept, nkept,
                                                             "--by", c->category, &by[1].column,
                                                             &c->bycat_err)
                             : incstat_set_error(&c->bycat_err, INCSTAT_ENOMEM, 0, 0,
                                                 "report: out of memory");
    incstat_free_mem(kept);
    if (rs && !c->periods) {
        *err = c->bycat_err;
        return rs;
    }
    /* rows that are not incidents have no categories or months to show */
    if (!c->periods && !(c->bycat = summarise(t, &base, filter, by, 2, &c->bycat_err))) {
        /* --by names no field; without memory nothing else works either */
        if (c->bycat_err.code == INCSTAT_ENOCOLUMN || c->bycat_err.code == INCSTAT_ENOMEM) {
            *err = c->bycat_err;
            return c->bycat_err.code;
        }
    }
    if (c->bycat && chart_summary_place_key(c->category))
        by_country(t, o, &base, filter, c);
    by[0].kind = INCSTAT_BY_MONTH;
    if (!c->periods && !(c->monthly = summarise(t, &base, filter, by, 1, &c->monthly_err))) {
        if (c->monthly_err.code == INCSTAT_ENOMEM) {
            *err = c->monthly_err;
            return INCSTAT_ENOMEM;
        }
        if (c->monthly_err.code == INCSTAT_EEMPTY)
            snprintf(c->monthly_err.message, sizeof c->monthly_err.message,
                     "no incident has a date precise to the month");
    }

    return INCSTAT_OK;
}

/* What the sections read off the yearly summary c->yearly, and the trend
 * fitted to it, without a partial last year.  Errors: ENOMEM. */
static incstat_status fit(const incstat_report_options *o, report_ctx *c, incstat_error *err)
{
    const incstat_summary *s = c->yearly;
    progress(o, "trend");
    size_t ny = incstat_summary_rows(s);
    c->noun = report_incident_noun(c->rep->preset);
    c->first = incstat_summary_row_at(s, 0)->key[0];
    c->last = incstat_summary_row_at(s, ny - 1)->key[0];
    c->partial = incstat_summary_row_at(s, ny - 1)->partial;
    c->latest = incstat_summary_latest(s);
    c->covered_to = incstat_summary_covered_to(s);
    /* an injured column whose every cell is unknown (ACLED rows only) holds
     * no injured figure: the report does not promise one */
    incstat_summary_row tot;
    c->injured = report_has_field(c->rep, "injured") &&
                 incstat_summary_total(s, &tot, NULL) == INCSTAT_OK && !isnan(tot.injured);
    if (summary_series_from(s, SUMMARY_METRIC_KILLED, &c->se) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    c->n_fit = c->se.n && (c->se.flags[c->se.n - 1] & SUMMARY_FLAG_PARTIAL) ? c->se.n - 1
                                                                            : c->se.n;
    incstat_trend_options to;
    memset(&to, 0, sizeof to);
    to.metric = "killed";
    to.unit = "year";
    if (incstat_trend_fit(c->se.x, c->se.y, NULL, c->n_fit, &to, &c->res, &c->fit_err) !=
        INCSTAT_OK) {
        if (c->fit_err.code == INCSTAT_ENOMEM) {
            *err = c->fit_err;
            return INCSTAT_ENOMEM;
        }
        c->res = NULL;
    }
    return INCSTAT_OK;
}

/* The sections in the order of the document. */
static void compose(report_doc *d, const report_ctx *c, unsigned sections)
{
    report_title_section(d, c);
    if (sections & INCSTAT_REPORT_CLAIMS)
        report_claims_section(d, c);
    if (sections & INCSTAT_REPORT_TABLE)
        report_table_section(d, c);
    if (sections & INCSTAT_REPORT_TREND)
        report_trend_section(d, c);
    if (sections & INCSTAT_REPORT_TRENDS)
        report_trends_section(d, c);
    if (sections & INCSTAT_REPORT_CATEGORY)
        report_category_section(d, c);
    if (sections & INCSTAT_REPORT_MONTH)
        report_month_section(d, c);
    if (sections & INCSTAT_REPORT_MAP)
        report_map_section(d, c);
    if (sections & INCSTAT_REPORT_DATA)
        report_data_section(d, c);
}

static const incstat_report_options no_options;
static const incstat_load_options no_load;

/* The context's defaults from the options; rep is the load report (NULL for
 * a hand-built table or a summary: then a blank one naming the input). */
static void ctx_init(report_ctx *c, const incstat_report_options *o,
                     const incstat_load_report *rep, incstat_load_report *blank)
{
    memset(c, 0, sizeof *c);
    c->opt = o;
    c->load = o->load ? o->load : &no_load;
    if (!rep) {
        memset(blank, 0, sizeof *blank);
        blank->source = o->input ? o->input : "";
        rep = blank;
    }
    c->rep = rep;
    c->input = o->input ? o->input : c->rep->source;
    c->category = o->category ? o->category : "admin1";
    c->trend = o->trend == INCSTAT_REPORT_POISSON  ? CHART_TREND_POISSON
               : o->trend == INCSTAT_REPORT_NEGBIN ? CHART_TREND_NEGBIN
                                                   : CHART_TREND_AUTO;
    c->estimate = o->summary.estimate;
    c->periods = o->incidents_unknown || (rep->unknown & INCSTAT_UNKNOWN_INCIDENTS);
}

/* The sections of c as a document, laid out into *buf (malloc'ed, *len
 * bytes). */
static incstat_status write_doc(report_ctx *c, unsigned sections, char **buf, size_t *len,
                                incstat_error *err)
{
    const incstat_report_options *o = c->opt;
    report_doc doc;
    memset(&doc, 0, sizeof doc);
    incstat_status st = INCSTAT_OK;
    progress(o, "sections");
    if (c->bycat && (c->cat_subtitle = report_category_subtitle(&doc, c)) == NULL)
        doc.failed = 1;
    doc.pdf_date = o->pdf_date ? report_doc_str(&doc, o->pdf_date) : NULL;
    doc.letter = o->paper == INCSTAT_REPORT_LETTER;
    if (o->n_claims)
        sections |= INCSTAT_REPORT_CLAIMS;
    if (c->periods) /* rows that are periods: no categories or months to show */
        sections &= ~(unsigned)(INCSTAT_REPORT_CATEGORY | INCSTAT_REPORT_MONTH);
    compose(&doc, c, sections);
    if (doc.failed)
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (!st) {
        progress(o, "layout");
        if ((o->format == INCSTAT_REPORT_HTML ? report_write_html(&doc, buf, len, err)
                                              : report_write_pdf(&doc, buf, len, err)) != 0)
            st = err->code;
    }
    report_doc_free(&doc);
    return st;
}

/* The whole document of table t into *buf (malloc'ed, *len bytes); err is
 * not NULL. */
static incstat_status render(const incstat_table *t, const incstat_report_options *opts,
                             char **buf, size_t *len, incstat_report_info *info,
                             incstat_error *err)
{
    const incstat_report_options *o = opts ? opts : &no_options;
    if (!t)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "report: table is NULL");
    report_ctx c;
    incstat_load_report blank;
    ctx_init(&c, o, incstat_table_report(t), &blank);
    unsigned sections = o->sections ? o->sections : INCSTAT_REPORT_DEFAULT;
    if (!incstat_table_report(t))
        sections &= ~INCSTAT_REPORT_DATA; /* a hand-built table: no load to tell of */

    progress(o, "summaries");
    incstat_filter *filter = NULL;
    incstat_status st = make_filter(t, o, &filter, err);
    if (!st)
        st = gather(t, o, filter, &c, info, err);
    if (!st)
        st = fit(o, &c, err);
    if (!st && (sections & INCSTAT_REPORT_MAP))
        st = report_map_gather(t, filter, &c, err);
    if (!st)
        st = write_doc(&c, sections, buf, len, err);
    report_map_free(&c);
    incstat_trend_result_free(c.res);
    summary_series_free(&c.se);
    incstat_summary_free((incstat_summary *)c.yearly);
    incstat_summary_free((incstat_summary *)c.bycat);
    incstat_summary_free((incstat_summary *)c.bycountry);
    incstat_summary_free((incstat_summary *)c.monthly);
    incstat_filter_free(filter);
    return st;
}

/* The same from a yearly summary alone (the caller's). */
static incstat_status render_summary(const incstat_summary *s,
                                     const incstat_report_options *opts, char **buf,
                                     size_t *len, incstat_report_info *info,
                                     incstat_error *err)
{
    const incstat_report_options *o = opts ? opts : &no_options;
    if (!s || incstat_summary_key_count(s) != 1 ||
        strcmp(incstat_summary_key_name(s, 0), "year") != 0 || incstat_summary_rows(s) == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "report: needs a finished summary by year alone");
    report_ctx c;
    incstat_load_report blank;
    ctx_init(&c, o, NULL, &blank);
    c.yearly = s;
    info->unplaced = incstat_summary_unplaced(s);
    unsigned sections = o->sections ? o->sections : INCSTAT_REPORT_DEFAULT;
    /* these need the incidents, not their yearly sums */
    sections &= ~(unsigned)(INCSTAT_REPORT_CATEGORY | INCSTAT_REPORT_MONTH | INCSTAT_REPORT_MAP |
                            INCSTAT_REPORT_DATA);
    incstat_status st = fit(o, &c, err);
    if (!st)
        st = write_doc(&c, sections, buf, len, err);
    incstat_trend_result_free(c.res);
    summary_series_free(&c.se);
    return st;
}

/* Compose from a table or (t NULL) a summary and hand the bytes to sink. */
static incstat_status write_via(const incstat_table *t, const incstat_summary *s,
                                const incstat_report_options *opts, incstat_report_sink sink,
                                void *sink_ctx, incstat_report_info *info, incstat_error *err)
{
    incstat_report_info own;
    incstat_error local; /* the steps below always have an error to fill */
    if (!info)
        info = &own;
    if (!err)
        err = &local;
    memset(info, 0, sizeof *info);
    incstat_clear_error(err);
    if (!sink)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "report: no sink to write to");
    char *buf = NULL;
    size_t len = 0;
    incstat_status st = t || !s ? render(t, opts, &buf, &len, info, err)
                                : render_summary(s, opts, &buf, &len, info, err);
    if (!st) {
        if (opts && opts->progress)
            opts->progress(opts->progress_ctx, "writing");
        if (sink(sink_ctx, buf, len) != 0)
            st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "error writing the report");
        else
            info->bytes = len;
    }
    incstat_free_mem(buf);
    return st;
}

incstat_status incstat_report_write_to(const incstat_table *t, const incstat_report_options *opts,
                                       incstat_report_sink sink, void *sink_ctx,
                                       incstat_report_info *info, incstat_error *err)
{
    return write_via(t, NULL, opts, sink, sink_ctx, info, err);
}

incstat_status incstat_report_write_summary_to(const incstat_summary *yearly,
                                               const incstat_report_options *opts,
                                               incstat_report_sink sink, void *sink_ctx,
                                               incstat_report_info *info, incstat_error *err)
{
    if (!yearly) {
        if (info)
            memset(info, 0, sizeof *info);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "report: needs a finished summary by year alone");
    }
    return write_via(NULL, yearly, opts, sink, sink_ctx, info, err);
}

static int to_stream(void *ctx, const void *data, size_t len)
{
    FILE *fp = ctx;
    return fwrite(data, 1, len, fp) != len || fflush(fp) != 0;
}

incstat_status incstat_report_write_stream(const incstat_table *t,
                                           const incstat_report_options *opts, FILE *fp,
                                           incstat_report_info *info, incstat_error *err)
{
    if (!fp) {
        if (info)
            memset(info, 0, sizeof *info);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "report: stream is NULL");
    }
    return incstat_report_write_to(t, opts, to_stream, fp, info, err);
}

/* The file is written only once the document is made, and replaced whole
 * or not at all: a report that fails leaves the file as it was. */
typedef struct {
    const char *path;
    incstat_error err;
} file_sink;

static int to_file(void *ctx, const void *data, size_t len)
{
    file_sink *fs = ctx;
    return incstat_file_replace_(fs->path, data, len, &fs->err) != INCSTAT_OK;
}

incstat_status incstat_report_write(const incstat_table *t, const incstat_report_options *opts,
                                    const char *path, incstat_report_info *info,
                                    incstat_error *err)
{
    if (!path) {
        if (info)
            memset(info, 0, sizeof *info);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "report: path is NULL");
    }
    file_sink fs;
    memset(&fs, 0, sizeof fs);
    fs.path = path;
    incstat_status st = incstat_report_write_to(t, opts, to_file, &fs, info, err);
    if (st == INCSTAT_EIO && fs.err.code)
        return incstat_set_error(err, fs.err.code, 0, 0, "%s", fs.err.message);
    return st;
}

const char *incstat_report_pdf_date(const char *epoch, char *buf, size_t cap)
{
    if (!epoch || !*epoch || !buf || cap < 21)
        return NULL;
    char *end;
    errno = 0;
    long long secs = strtoll(epoch, &end, 10);
    struct tm tm;
    time_t tt = (time_t)secs;
    if (*end || errno || secs < 0 || (long long)tt != secs || !gmtime_r(&tt, &tm))
        return NULL;
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}
