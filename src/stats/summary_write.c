/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/summary_write.c: summary tables as CSV, TSV, JSON, Markdown and an
 * aligned text table; headline sentences. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/summary.h"
#include "core/internal.h"
#include "core/json.h"
#include "stats/summary_internal.h"

/* Append to buf (cap bytes) at o, cut at the end: the sentence writers' one
 * way to add a clause (buf, cap and o are theirs). */
#define PUT(...)                                                                      \
    do {                                                                              \
        int w_ = snprintf(buf + o, o < cap ? cap - o : 0, __VA_ARGS__);               \
        if (w_ > 0)                                                                   \
            o = o + (size_t)w_ < cap ? o + (size_t)w_ : cap - 1;                      \
    } while (0)

#define NCOLS 20

/* The columns added later go at the end, so a reader of the first ones by
 * position keeps working. */
static const char *const COLS[NCOLS] = {
    "incidents", "killed", "injured", "killed_low", "killed_high", "injured_low",
    "injured_high", "killed_missing", "killed_yoy", "killed_yoy_pct", "incidents_yoy_pct",
    "killed_rank", "highest_since", "injured_missing", "missing", "partial",
    "killed_low_missing", "killed_high_missing", "injured_low_missing", "injured_high_missing"};

/* Plain number: integers without decimals, others with up to 10 significant
 * digits; "" for unknown. */
static void plain(char *buf, size_t cap, double x)
{
    if (isnan(x))
        buf[0] = '\0';
    else if (x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, cap, "%.0f", x);
    else
        snprintf(buf, cap, "%.10g", x);
}

/* A count for prose: grouped, and a fractional estimate (a midpoint of
 * low and high) rounded and said to be approximate: "about 278". */
static void approx(char *buf, size_t cap, double x)
{
    char g[64];
    if (x == floor(x)) {
        incstat_grouped_(buf, cap, x, 0);
        return;
    }
    incstat_grouped_(g, sizeof g, floor(x + 0.5), 0);
    snprintf(buf, cap, "about %s", g);
}

/* A part year: the same span of the year before, or no comparison at all
 * when none can be made (dates known only to the year, no year before). */
static incstat_status partial_headline(const incstat_summary *s, const incstat_summary_row *r,
                                       const char *what, char *buf, size_t cap,
                                       incstat_error *err)
{
    incstat_same_span ss;
    if (incstat_summary_same_span(s, r->year, &ss, NULL) == INCSTAT_OK && !ss.whole)
        return incstat_same_span_text(&ss, what, buf, cap, err);
    char k[80], inc[64], date[16], noun[96];
    approx(k, sizeof k, r->killed);
    incstat_grouped_(inc, sizeof inc, (double)r->incidents, 0);
    incstat_value_date_text(incstat_summary_covered_to(s), date, sizeof date);
    snprintf(noun, sizeof noun, "%s", what && *what ? what : "incidents");
    size_t nl = strlen(noun);
    if (r->incidents == 1 && nl > 1 && noun[nl - 1] == 's')
        noun[nl - 1] = '\0';
    int o = isnan(r->killed)
                ? snprintf(buf, cap, "In %s (data up to %s), the death toll is unknown", r->key[0],
                           date)
                : snprintf(buf, cap, "In %s (data up to %s), %s %s killed", r->key[0], date, k,
                           r->killed == 1 ? "person was" : "people were");
    size_t u = o < 0 ? 0 : (size_t)o < cap ? (size_t)o : cap - 1;
    if (!(r->unknown & INCSTAT_UNKNOWN_INCIDENTS))
        u += (size_t)snprintf(buf + u, cap - u, isnan(r->killed) ? " (%s %s)" : " in %s %s", inc,
                              noun);
    u = u < cap ? u : cap - 1;
    u += (size_t)snprintf(buf + u, cap - u, "; a part year, not compared with whole ones.");
    u = u < cap ? u : cap - 1;
    if (r->killed_missing && !isnan(r->killed))
        snprintf(buf + u, cap - u, " The death toll of %llu %s is unknown.",
                 (unsigned long long)r->killed_missing,
                 r->killed_missing == 1 ? "incident" : "incidents");
    return INCSTAT_OK;
}

/* The label of the latest period before r at least as deadly as r on the
 * low (which 1) or high (2) figures; r->highest_since for equal series;
 * NULL when none is. */
static const char *since_on(const incstat_summary *s, const incstat_summary_row *r, int which)
{
    double v = which == 1 ? r->killed_low : r->killed_high;
    const char *found = NULL;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *q = incstat_summary_row_at(s, i);
        if (q == r)
            return isnan(v) ? r->highest_since : found;
        double w = which == 1 ? q->killed_low : q->killed_high;
        if (!q->missing && !isnan(w) && w >= v)
            found = q->key[0];
    }
    return r->highest_since;
}

/* A missing count: NaN where it means nothing (a period the source does not
 * cover, a figure the file has no column for). */
static double missing_count(const incstat_summary_row *r, unsigned bit, uint64_t n)
{
    return r->missing || (r->unknown & bit) ? NAN : (double)n;
}

/* The cell of column c for row r: text into buf. */
static void cell(const incstat_summary_row *r, int c, int table, char *buf, size_t cap)
{
    double v = NAN;
    int is_count = 0;
    switch (c) {
    case 0:
        v = r->missing || (r->unknown & INCSTAT_UNKNOWN_INCIDENTS) ? NAN : (double)r->incidents;
        is_count = 1;
        break;
    case 1: v = r->killed; break;
    case 2: v = r->injured; break;
    case 3: v = r->killed_low; break;
    case 4: v = r->killed_high; break;
    case 5: v = r->injured_low; break;
    case 6: v = r->injured_high; break;
    case 7:
        v = r->missing || (r->unknown & INCSTAT_UNKNOWN_KILLED) ? NAN : (double)r->killed_missing;
        is_count = 1;
        break;
    case 8: v = r->killed_yoy; break;
    case 9: v = r->killed_yoy_pct; break;
    case 10: v = r->incidents_yoy_pct; break;
    case 11: v = r->killed_rank ? (double)r->killed_rank : NAN; break;
    case 12: snprintf(buf, cap, "%s", r->highest_since ? r->highest_since : ""); return;
    case 13:
        v = r->missing || (r->unknown & INCSTAT_UNKNOWN_INJURED) ? NAN : (double)r->injured_missing;
        is_count = 1;
        break;
    case 14: snprintf(buf, cap, "%s", r->missing ? (table ? "yes" : "1") : (table ? "" : "0")); return;
    case 15: snprintf(buf, cap, "%s", r->partial ? (table ? "yes" : "1") : (table ? "" : "0")); return;
    case 16: v = missing_count(r, INCSTAT_UNKNOWN_KILLED, r->killed_low_missing); break;
    case 17: v = missing_count(r, INCSTAT_UNKNOWN_KILLED, r->killed_high_missing); break;
    case 18: v = missing_count(r, INCSTAT_UNKNOWN_INJURED, r->injured_low_missing); break;
    case 19: v = missing_count(r, INCSTAT_UNKNOWN_INJURED, r->injured_high_missing); break;
    default: buf[0] = '\0'; return;
    }
    (void)is_count;
    if (table) {
        if ((c == 9 || c == 10) && !isnan(v)) {
            char g[64];
            incstat_grouped_(g, sizeof g, v, 1);
            snprintf(buf, cap, "%s%s%%", v > 0 ? "+" : "", g);
        } else if (c == 8 && !isnan(v)) {
            char g[64];
            incstat_grouped_(g, sizeof g, v, 0);
            snprintf(buf, cap, "%s%s", v > 0 ? "+" : "", g);
        } else if (c == 11) {
            plain(buf, cap, v);
        } else {
            incstat_grouped_(buf, cap, v, 0);
        }
    } else {
        plain(buf, cap, v);
    }
}

static void csv_text(FILE *out, const char *s, char delim)
{
    if (delim == '\t') {
        /* TSV cannot quote: tabs and line breaks become spaces */
        for (; *s; s++)
            fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
        return;
    }
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* The rows a table shows: the summary's, then (by month or quarter) those of
 * the incidents known to their year alone, "2013-??". */
static size_t all_rows(const incstat_summary *s)
{
    const incstat_summary *u = incstat_summary_unknown_months(s);
    return incstat_summary_rows(s) + incstat_summary_rows(u);
}

static const incstat_summary_row *any_row(const incstat_summary *s, size_t i)
{
    size_t n = incstat_summary_rows(s);
    return i < n ? incstat_summary_row_at(s, i)
                 : incstat_summary_row_at(incstat_summary_unknown_months(s), i - n);
}

static void write_delimited(const incstat_summary *s, FILE *out, char delim)
{
    size_t nk = incstat_summary_key_count(s);
    for (size_t k = 0; k < nk; k++) {
        if (k)
            fputc(delim, out);
        csv_text(out, incstat_summary_key_name(s, k), delim);
    }
    for (int c = 0; c < NCOLS; c++)
        fprintf(out, "%c%s", delim, COLS[c]);
    fputc('\n', out);
    for (size_t i = 0; i < all_rows(s); i++) {
        const incstat_summary_row *r = any_row(s, i);
        for (size_t k = 0; k < nk; k++) {
            if (k)
                fputc(delim, out);
            csv_text(out, r->key[k], delim);
        }
        for (int c = 0; c < NCOLS; c++) {
            char buf[320];
            cell(r, c, 0, buf, sizeof buf);
            fputc(delim, out);
            if (c == 12)
                csv_text(out, buf, delim);
            else
                fputs(buf, out);
        }
        fputc('\n', out);
    }
}

static void write_json(const incstat_summary *s, FILE *out)
{
    size_t nk = incstat_summary_key_count(s);
    fputs("[\n", out);
    for (size_t i = 0; i < all_rows(s); i++) {
        const incstat_summary_row *r = any_row(s, i);
        fputs("  {", out);
        for (size_t k = 0; k < nk; k++) {
            incstat_json_str_(out, incstat_summary_key_name(s, k));
            fputs(": ", out);
            if (r->year && (int)k == 0 && strcmp(incstat_summary_key_name(s, k), "year") == 0)
                fprintf(out, "%d", r->year);
            else
                incstat_json_str_(out, r->key[k]);
            fputs(", ", out);
        }
        for (int c = 0; c < NCOLS; c++) {
            char buf[320];
            cell(r, c, 0, buf, sizeof buf);
            fprintf(out, "\"%s\": ", COLS[c]);
            if (c == 12)
                r->highest_since ? incstat_json_str_(out, buf) : (void)fputs("null", out);
            else if (c == 14 || c == 15)
                fputs(buf[0] == '1' ? "true" : "false", out);
            else
                fputs(buf[0] ? buf : "null", out);
            if (c + 1 < NCOLS)
                fputs(", ", out);
        }
        fprintf(out, "}%s\n", i + 1 < all_rows(s) ? "," : "");
    }
    fputs("]\n", out);
}

/* Columns shown by the human formats: the main ones, then flags. */
static const int SHOWN[] = {0, 1, 2, 3, 4, 7, 8, 9, 11, 12};
#define NSHOWN (sizeof SHOWN / sizeof SHOWN[0])

static size_t utf8_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(FILE *out, const char *s, size_t width, int right)
{
    size_t w = utf8_width(s);
    if (right)
        for (size_t i = w; i < width; i++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (size_t i = w; i < width; i++)
            fputc(' ', out);
}

/* The count of incidents a figure of the human formats leaves out: a known
 * sum with a count above 0 is a sum of some values only, and is marked.
 * 0 for the other columns and for an unknown figure (an empty cell). */
static uint64_t left_out(const incstat_summary_row *r, int c)
{
    if (r->missing)
        return 0;
    switch (c) {
    case 1: return isnan(r->killed) ? 0 : r->killed_missing;
    case 2: return isnan(r->injured) ? 0 : r->injured_missing;
    case 3: return isnan(r->killed_low) ? 0 : r->killed_low_missing;
    case 4: return isnan(r->killed_high) ? 0 : r->killed_high_missing;
    default: return 0;
    }
}

/* The note of a row: "not covered" or "partial", then the incidents left
 * out of a shown figure whose count no column gives ("unknown: killed_high
 * 2, injured 322"; killed_low and killed_high only where their count is not
 * killed_missing's). */
static void row_note(const incstat_summary_row *r, char *buf, size_t cap)
{
    size_t o = 0;
    int n = snprintf(buf, cap, "%s", r->missing ? "not covered" : r->partial ? "partial" : "");
    o = n > 0 && (size_t)n < cap ? (size_t)n : 0;
    if (r->missing)
        return;
    int kk = !(r->unknown & INCSTAT_UNKNOWN_KILLED), ki = !(r->unknown & INCSTAT_UNKNOWN_INJURED);
    const struct {
        const char *name;
        uint64_t n;
        int shown;
    } u[] = {{"killed_low", r->killed_low_missing, kk && r->killed_low_missing != r->killed_missing},
             {"killed_high", r->killed_high_missing,
              kk && r->killed_high_missing != r->killed_missing},
             {"injured", r->injured_missing, ki}};
    int first = 1;
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        if (!u[i].shown || u[i].n == 0)
            continue;
        n = snprintf(buf + o, cap - o, "%s%s %llu", first ? (o ? "; unknown: " : "unknown: ") : ", ",
                     u[i].name, (unsigned long long)u[i].n);
        if (n > 0 && o + (size_t)n < cap)
            o += (size_t)n;
        first = 0;
    }
}

/* The text of shown column c for row r: the cell, marked when the figure
 * leaves incidents out; in a column with marks the others get a space, so
 * the digits stay aligned. */
static void human_cell(const incstat_summary_row *r, int c, int md, int col_marked, char *buf,
                       size_t cap)
{
    cell(r, c, 1, buf, cap);
    if (!col_marked || !buf[0])
        return;
    size_t l = strlen(buf);
    snprintf(buf + l, cap - l, "%s", left_out(r, c) ? (md ? "\\*" : "*") : (md ? "  " : " "));
}

static void write_human(const incstat_summary *s, FILE *out, int md)
{
    size_t nk = incstat_summary_key_count(s), n = all_rows(s);
    size_t width[2 + NSHOWN + 1];
    int marked[NSHOWN] = {0}, any_mark = 0;
    const char *note = "note";
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < NSHOWN; c++)
            if (left_out(any_row(s, i), SHOWN[c]))
                marked[c] = any_mark = 1;
    for (size_t k = 0; k < nk; k++)
        width[k] = utf8_width(incstat_summary_key_name(s, k));
    for (size_t c = 0; c < NSHOWN; c++)
        width[nk + c] = strlen(COLS[SHOWN[c]]);
    width[nk + NSHOWN] = strlen(note);
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = any_row(s, i);
        for (size_t k = 0; k < nk; k++)
            if (utf8_width(r->key[k]) > width[k])
                width[k] = utf8_width(r->key[k]);
        for (size_t c = 0; c < NSHOWN; c++) {
            char buf[320];
            human_cell(r, SHOWN[c], md, marked[c], buf, sizeof buf);
            if (utf8_width(buf) > width[nk + c])
                width[nk + c] = utf8_width(buf);
        }
        char nt[256];
        row_note(r, nt, sizeof nt);
        if (strlen(nt) > width[nk + NSHOWN])
            width[nk + NSHOWN] = strlen(nt);
    }
    const char *sep = md ? " | " : "  ";
    if (md)
        fputs("| ", out);
    for (size_t k = 0; k < nk; k++) {
        pad(out, incstat_summary_key_name(s, k), width[k], 0);
        fputs(sep, out);
    }
    for (size_t c = 0; c < NSHOWN; c++) {
        pad(out, COLS[SHOWN[c]], width[nk + c], 1);
        fputs(sep, out);
    }
    pad(out, note, width[nk + NSHOWN], 0);
    fputs(md ? " |\n" : "\n", out);
    if (md) {
        fputs("|", out);
        for (size_t k = 0; k < nk; k++) {
            for (size_t i = 0; i < width[k] + 2; i++)
                fputc('-', out);
            fputc('|', out);
        }
        for (size_t c = 0; c < NSHOWN; c++) {
            for (size_t i = 0; i < width[nk + c] + 1; i++)
                fputc('-', out);
            fputs(":|", out);
        }
        for (size_t i = 0; i < width[nk + NSHOWN] + 2; i++)
            fputc('-', out);
        fputs("|\n", out);
    }
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = any_row(s, i);
        if (md)
            fputs("| ", out);
        for (size_t k = 0; k < nk; k++) {
            pad(out, r->key[k], width[k], 0);
            fputs(sep, out);
        }
        for (size_t c = 0; c < NSHOWN; c++) {
            char buf[320];
            human_cell(r, SHOWN[c], md, marked[c], buf, sizeof buf);
            pad(out, buf, width[nk + c], 1);
            fputs(sep, out);
        }
        char nt[256];
        row_note(r, nt, sizeof nt);
        pad(out, nt, width[nk + NSHOWN], 0);
        fputs(md ? " |\n" : "\n", out);
    }
    /* a marked figure is not complete: say what the mark means */
    if (any_mark)
        fprintf(out, "%s%s sum of the known figures only; killed_missing, or the note where it "
                     "names the column, counts the %s left out\n",
                md ? "\n" : "", md ? "\\*" : "*",
                incstat_summary_rows_are_periods_(s) ? "rows (and months with no row)"
                                                     : "incidents");
}

incstat_status incstat_summary_write(const incstat_summary *s, incstat_format fmt, FILE *out,
                                     incstat_error *err)
{
    if (!s || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary or stream");
    switch (fmt) {
    case INCSTAT_FORMAT_CSV: write_delimited(s, out, ','); break;
    case INCSTAT_FORMAT_TSV: write_delimited(s, out, '\t'); break;
    case INCSTAT_FORMAT_JSON: write_json(s, out); break;
    case INCSTAT_FORMAT_MD: write_human(s, out, 1); break;
    case INCSTAT_FORMAT_TABLE: write_human(s, out, 0); break;
    default: return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "unknown format");
    }
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "write error");
    return INCSTAT_OK;
}

/* Years in rows [from, to) of a yearly summary whose killed is unknown (not
 * a year the source does not cover): their count, and "2018", "2018 and
 * 2019" or "3 years" into buf. */
static size_t unknown_years(const incstat_summary *s, size_t from, size_t to, char *buf,
                            size_t cap)
{
    size_t n = 0;
    const char *first = NULL, *second = NULL;
    for (size_t i = from; i < to; i++) {
        const incstat_summary_row *q = incstat_summary_row_at(s, i);
        if (q->missing || !isnan(q->killed))
            continue;
        if (n == 0)
            first = q->key[0];
        else if (n == 1)
            second = q->key[0];
        n++;
    }
    if (n == 1)
        snprintf(buf, cap, "%s", first);
    else if (n == 2)
        snprintf(buf, cap, "%s and %s", first, second);
    else
        snprintf(buf, cap, "%zu years", n);
    return n;
}

incstat_status incstat_summary_headline(const incstat_summary *s, int year, const char *what,
                                        char *buf, size_t cap, incstat_error *err)
{
    if (!s || !buf || cap == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no summary or buffer");
    buf[0] = '\0';
    size_t n = incstat_summary_rows(s);
    if (incstat_summary_key_count(s) != 1 || n == 0 ||
        strcmp(incstat_summary_key_name(s, 0), "year") != 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "headlines need a summary by year alone");
    const incstat_summary_row *r = NULL;
    if (year) {
        for (size_t i = 0; i < n; i++)
            if (incstat_summary_row_at(s, i)->year == year)
                r = incstat_summary_row_at(s, i);
        if (!r)
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no row for year %d", year);
    } else {
        for (size_t i = n; i-- > 0 && !r;)
            if (!incstat_summary_row_at(s, i)->missing)
                r = incstat_summary_row_at(s, i);
    }
    if (!r || r->missing)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "year %d is not covered by the source",
                                 year);
    if (r->partial)
        return partial_headline(s, r, what, buf, cap, err);
    char k[80], inc[64], d[80], p[64], noun[96];
    approx(k, sizeof k, r->killed);
    incstat_grouped_(inc, sizeof inc, (double)r->incidents, 0);
    size_t o = 0;
    /* "1 incident", "21 incidents": the caller's plural noun, made singular */
    snprintf(noun, sizeof noun, "%s", what && *what ? what : "incidents");
    size_t nl = strlen(noun);
    if (r->incidents == 1 && nl > 1 && noun[nl - 1] == 's')
        noun[nl - 1] = '\0';
    PUT("In %s, ", r->key[0]);
    if (isnan(r->killed) && (r->unknown & INCSTAT_UNKNOWN_INCIDENTS))
        PUT("the death toll is unknown.");
    else if (isnan(r->killed)) /* every incident's toll unknown: not 0 killed */
        PUT("%s %s %s recorded; %s death toll is unknown.", inc, noun,
            r->incidents == 1 ? "was" : "were", r->incidents == 1 ? "its" : "their");
    else if (r->unknown & INCSTAT_UNKNOWN_INCIDENTS) /* rows of periods: no count of incidents */
        PUT("%s %s killed.", k, r->killed == 1 ? "person was" : "people were");
    else
        PUT("%s %s killed in %s %s.", k, r->killed == 1 ? "person was" : "people were", inc,
            noun);
    if (!isnan(r->killed_yoy)) {
        approx(d, sizeof d, fabs(r->killed_yoy));
        const incstat_summary_row *prev = NULL;
        for (size_t i = 0; i < n; i++)
            if (incstat_summary_row_at(s, i) == r && i > 0)
                prev = incstat_summary_row_at(s, i - 1);
        if (r->killed_yoy == 0)
            PUT(" That is the same as in %s.", prev ? prev->key[0] : "the year before");
        else if (!isnan(r->killed_yoy_pct)) {
            incstat_grouped_(p, sizeof p, fabs(r->killed_yoy_pct), 1);
            PUT(" That is %s %s (%s%%) than in %s.", d, r->killed_yoy > 0 ? "more" : "fewer", p,
                prev ? prev->key[0] : "the year before");
        } else {
            PUT(" That is %s %s than in %s.", d, r->killed_yoy > 0 ? "more" : "fewer",
                prev ? prev->key[0] : "the year before");
        }
    }
    char unk[64];
    size_t ri = 0;
    while (incstat_summary_row_at(s, ri) != r)
        ri++;
    if (!isnan(r->killed) && ri > 0 && unknown_years(s, ri - 1, ri, unk, sizeof unk))
        PUT(" The toll of %s is unknown: no change can be given.", unk);
    /* the range of the years ranked: a part year at the end is not one */
    size_t ranked = 0, last_whole = n - 1;
    for (size_t i = 0; i < n; i++)
        if (incstat_summary_row_at(s, i)->killed_rank)
            ranked++;
    while (last_whole > 0 && incstat_summary_row_at(s, last_whole)->partial)
        last_whole--;
    const char *from = incstat_summary_row_at(s, 0)->key[0],
               *to = incstat_summary_row_at(s, last_whole)->key[0];
    /* ranks skip the years whose toll is unknown: say which */
    size_t nu = unknown_years(s, 0, n, unk, sizeof unk);
    char skipped[128] = "";
    if (nu)
        snprintf(skipped, sizeof skipped, "; %s, whose toll is unknown, %s not ranked", unk,
                 nu == 1 ? "is" : "are");
    /* a file of one year has no other to rank it against (nor has one
     * whole year beside a part year, which is not ranked) */
    size_t covered = 0, whole = 0;
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *q = incstat_summary_row_at(s, i);
        covered += !q->missing;
        whole += !q->missing && !q->partial;
    }
    if (r->killed_rank == 1 && covered == 1)
        PUT(" It is the only year in the file.");
    else if (r->killed_rank == 1 && ranked == 1 && !nu && whole == 1)
        PUT(" It is the only whole year in the file.");
    else if (r->killed_rank == 1 && ranked == 1)
        PUT(" It is the only year with a known toll (%s to %s%s).", from, to, skipped);
    else if (r->killed_rank == 1)
        PUT(" It is the deadliest year of the %zu on record (%s to %s%s).", ranked, from, to,
            skipped);
    else if (r->killed_rank)
        PUT(" It ranks %llu of %zu years (%s to %s%s) by deaths.",
            (unsigned long long)r->killed_rank, ranked, from, to, skipped);
    /* "deadliest since 2014" only says something when it beats the year
     * before; when the year before was deadlier the change already says so */
    const incstat_summary_row *before = NULL;
    for (size_t i = 1; i < n; i++)
        if (incstat_summary_row_at(s, i) == r)
            before = incstat_summary_row_at(s, i - 1);
    if (isnan(r->killed))
        ; /* an unknown toll is no record, and has no "highest since" */
    else if (r->highest_since && r->killed_rank != 1 && before && before->key[0] &&
             strcmp(r->highest_since, before->key[0]) != 0) {
        PUT(" It is the deadliest year since %s", r->highest_since);
        /* a claim holds on one estimate and not another: say where the low
         * and high figures put it when they differ */
        for (int e = 0; e < 2; e++) {
            const char *since = since_on(s, r, e ? 2 : 1);
            if (since == r->highest_since || (since && strcmp(since, r->highest_since) == 0))
                continue;
            if (since)
                PUT(" (since %s on the %s figures)", since, e ? "high" : "low");
            else
                PUT(" (the deadliest on record on the %s figures)", e ? "high" : "low");
        }
        /* "highest since" passes over the years whose toll is unknown */
        size_t si = 0;
        while (si < ri && strcmp(incstat_summary_row_at(s, si)->key[0], r->highest_since) != 0)
            si++;
        size_t nb = unknown_years(s, si + 1, ri, unk, sizeof unk);
        if (nb)
            PUT(" (the toll of %s, in between, is unknown)", unk);
        PUT(".");
    }
    else if (!r->highest_since && r->killed_rank != 1 && before) {
        PUT(" It was the deadliest year on record at the time");
        if (unknown_years(s, 0, ri, unk, sizeof unk))
            PUT(" (the toll of %s, before it, is unknown)", unk);
        PUT(".");
    }
    if (r->killed_missing && !isnan(r->killed))
        PUT(" The death toll of %llu %s is unknown.", (unsigned long long)r->killed_missing,
            r->killed_missing == 1 ? "incident" : "incidents");
    return INCSTAT_OK;
}

/* ---- the same span of two years ----------------------------------------- */

static const char *const MONTHS[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

/* "1 January to 25 November 2017", "January to April 2025". */
static void span_label(const incstat_same_span *ss, const char *year, char *buf, size_t cap)
{
    if (ss->to_month && ss->month == 1)
        snprintf(buf, cap, "January %s", year);
    else if (ss->to_month)
        snprintf(buf, cap, "January to %s %s", MONTHS[ss->month - 1], year);
    else if (ss->month == 1 && ss->day == 1)
        snprintf(buf, cap, "1 January %s", year);
    else
        snprintf(buf, cap, "1 January to %d %s %s", ss->day, MONTHS[ss->month - 1], year);
}

incstat_status incstat_same_span_text(const incstat_same_span *ss, const char *what, char *buf,
                                      size_t cap, incstat_error *err)
{
    if (!ss || !buf || cap == 0)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span text: NULL argument");
    buf[0] = '\0';
    size_t o = 0;
    const incstat_summary_row *rows[2] = {&ss->cur, &ss->prev};
    char span[96], k[80], n[64], noun[96];
    span_label(ss, ss->cur.key[0] ? ss->cur.key[0] : "", span, sizeof span);
    for (int i = 0; i < 2; i++) {
        const incstat_summary_row *r = rows[i];
        if (i == 0)
            PUT("%s: ", span);
        else if (r->missing) {
            PUT(" The source does not cover %s.", r->key[0]);
            break;
        } else
            PUT(" In the same span of %s, ", r->key[0]);
        if (isnan(r->killed)) { /* every toll unknown: never 0 killed */
            PUT("the death toll is unknown.");
            continue;
        }
        approx(k, sizeof k, r->killed);
        if (i == 0)
            PUT("%s %s killed", k, r->killed == 1 ? "person was" : "people were");
        else
            PUT("%s %s killed", k, r->killed == 1 ? "was" : "were");
        if (!(r->unknown & INCSTAT_UNKNOWN_INCIDENTS)) {
            snprintf(noun, sizeof noun, "%s", what && *what ? what : "incidents");
            size_t nl = strlen(noun);
            if (r->incidents == 1 && nl > 1 && noun[nl - 1] == 's')
                noun[nl - 1] = '\0';
            incstat_grouped_(n, sizeof n, (double)r->incidents, 0);
            PUT(" in %s %s", n, noun);
        }
        PUT(".");
    }
    if (!isnan(ss->killed_change)) {
        char d[80], p[64];
        approx(d, sizeof d, fabs(ss->killed_change));
        if (ss->killed_change == 0)
            PUT(" That is the same number.");
        else if (!isnan(ss->killed_change_pct)) {
            incstat_grouped_(p, sizeof p, fabs(ss->killed_change_pct), 1);
            PUT(" That is %s %s (%s%%).", d, ss->killed_change > 0 ? "more" : "fewer", p);
        } else
            PUT(" That is %s more.", d);
    }
    if (ss->left_out[0] || ss->left_out[1]) {
        uint64_t a = ss->left_out[0], b = ss->left_out[1];
        if (a && b)
            PUT(" Left out: %llu %s of %s and %llu of %s, dated only to the month or the year.",
                (unsigned long long)a, a == 1 ? "incident" : "incidents", ss->cur.key[0],
                (unsigned long long)b, ss->prev.key[0]);
        else
            PUT(" Left out: %llu %s of %s, dated only to the month or the year.",
                (unsigned long long)(a + b), a + b == 1 ? "incident" : "incidents",
                a ? ss->cur.key[0] : ss->prev.key[0]);
    }
    for (int i = 0; i < 2; i++) {
        uint64_t m = rows[i]->missing ? 0 : rows[i]->killed_missing;
        if (m)
            PUT(" The death toll of %llu %s of %s is unknown.", (unsigned long long)m,
                m == 1 ? "incident" : "incidents", rows[i]->key[0]);
    }
    return INCSTAT_OK;
}

/* One year's figures over the span, as JSON; unknown figures null. */
static void json_year(FILE *out, const incstat_summary_row *r, uint64_t left_out)
{
    int inc_known = !r->missing && !(r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    fprintf(out, "{\"year\": %d, \"missing\": %s, \"incidents\": ", r->year,
            r->missing ? "true" : "false");
    if (inc_known)
        fprintf(out, "%llu", (unsigned long long)r->incidents);
    else
        fputs("null", out);
    const double v[6] = {r->killed, r->killed_low, r->killed_high, r->injured, r->injured_low,
                         r->injured_high};
    static const char *const NAMES[6] = {"killed", "killed_low", "killed_high", "injured",
                                         "injured_low", "injured_high"};
    for (int k = 0; k < 6; k++) {
        fprintf(out, ", \"%s\": ", NAMES[k]);
        incstat_json_num_(out, r->missing ? NAN : v[k]);
    }
    fprintf(out, ", \"killed_missing\": %llu, \"left_out\": %llu}",
            (unsigned long long)(r->missing ? 0 : r->killed_missing), (unsigned long long)left_out);
}

incstat_status incstat_same_span_write_json(const incstat_same_span *ss, FILE *out,
                                            incstat_error *err)
{
    if (!ss || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "same span: NULL argument");
    fprintf(out, "{\"year\": %d, \"span\": {\"from\": \"01-01\", \"to\": \"%02d-%02d\", "
                 "\"whole\": %s, \"to_month\": %s},\n \"current\": ",
            ss->year, ss->month, ss->day, ss->whole ? "true" : "false",
            ss->to_month ? "true" : "false");
    json_year(out, &ss->cur, ss->left_out[0]);
    fputs(",\n \"previous\": ", out);
    json_year(out, &ss->prev, ss->left_out[1]);
    fputs(",\n \"killed_change\": ", out);
    incstat_json_num_(out, ss->killed_change);
    fputs(", \"killed_change_pct\": ", out);
    incstat_json_num_(out, ss->killed_change_pct);
    fputs(", \"incidents_change_pct\": ", out);
    incstat_json_num_(out, ss->incidents_change_pct);
    char buf[2048];
    incstat_same_span_text(ss, NULL, buf, sizeof buf, NULL);
    fputs(",\n \"sentence\": ", out);
    incstat_json_str_(out, buf);
    fputs("}\n", out);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "same span: write failed");
    return INCSTAT_OK;
}

/* ---- totals and notes ------------------------------------------------- */

incstat_status incstat_summary_write_total(const incstat_summary *s, FILE *out,
                                           incstat_error *err)
{
    incstat_summary_row t;
    if (!out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "summary total: NULL argument");
    incstat_status st = incstat_summary_total(s, &t, err);
    if (st)
        return st;
    const incstat_summary_row *a = incstat_summary_row_at(s, 0),
                              *b = incstat_summary_row_at(s, incstat_summary_rows(s) - 1);
    char inc[64], killed[64], injured[64];
    incstat_grouped_(inc, sizeof inc, (double)t.incidents, 0);
    incstat_grouped_(killed, sizeof killed, t.killed, 0);
    incstat_grouped_(injured, sizeof injured, t.injured, 0);
    /* a figure the file does not hold is "unknown", never 0 */
    fprintf(out, "%s to %s: %s incidents, %s killed, %s injured", a->key[0], b->key[0],
            (t.unknown & INCSTAT_UNKNOWN_INCIDENTS) ? "unknown" : inc,
            isnan(t.killed) ? "unknown" : killed, isnan(t.injured) ? "unknown" : injured);
    /* how many incidents a sum of known figures leaves out; an unknown sum
     * leaves out all of them and says so itself */
    uint64_t km = isnan(t.killed) ? 0 : t.killed_missing,
             im = isnan(t.injured) ? 0 : t.injured_missing;
    if (km && im)
        fprintf(out, " (killed unknown for %llu incident%s, injured for %llu)",
                (unsigned long long)km, km == 1 ? "" : "s", (unsigned long long)im);
    else if (km || im)
        fprintf(out, " (%s unknown for %llu incident%s)", km ? "killed" : "injured",
                (unsigned long long)(km + im), km + im == 1 ? "" : "s");
    fprintf(out, "\n");
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "summary total: write failed");
    return INCSTAT_OK;
}

/* A table of months summed by year or quarter: the periods some of whose
 * months have no row, on one line (the first eight). */
static void write_months_missing(const incstat_summary *s, FILE *out)
{
    size_t shown = 0, n = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++)
        n += incstat_summary_row_at(s, i)->months_missing > 0;
    if (!n)
        return;
    fprintf(out, "  %s with no row in the table: ",
            incstat_summary_quarters_(s) ? "quarters" : "months");
    for (size_t i = 0; i < incstat_summary_rows(s) && shown < 8; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->months_missing)
            continue;
        fprintf(out, "%s%s%s%s %llu", shown ? ", " : "", r->key[0], r->key[1] ? " " : "",
                r->key[1] ? r->key[1] : "", (unsigned long long)r->months_missing);
        shown++;
    }
    fprintf(out, "%s; those periods sum the %s that have a row (counted as missing), "
            "and are not ranked or compared\n", n > shown ? ", ..." : "",
            incstat_summary_quarters_(s) ? "quarters" : "months");
}

incstat_status incstat_summary_write_notes(const incstat_summary *s, FILE *out,
                                           incstat_error *err)
{
    if (!s || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "summary notes: NULL argument");
    for (size_t i = 0; i < incstat_summary_note_count(s); i++)
        fprintf(out, "  %s\n", incstat_summary_note(s, i));
    uint64_t year_only = incstat_summary_year_only_(s);
    uint64_t unplaced = incstat_summary_unplaced(s) - year_only;
    if (year_only) {
        int q = 0; /* by quarter, else by month */
        for (size_t k = 0; k < incstat_summary_key_count(s); k++)
            q |= strcmp(incstat_summary_key_name(s, k), "quarter") == 0;
        int one = year_only == 1;
        const incstat_summary *u = incstat_summary_unknown_months(s);
        const incstat_summary_row *first = incstat_summary_row_at(u, 0);
        const char *label = "";
        for (size_t k = 0; first && k < incstat_summary_key_count(s); k++)
            if (strcmp(incstat_summary_key_name(s, k), q ? "quarter" : "month") == 0)
                label = first->key[k];
        fprintf(out, "  %llu %s dated to the year alone: no %s holds %s; a table shows %s in "
                     "rows of %s own (%s%s), never in %s\n",
                (unsigned long long)year_only,
                incstat_summary_rows_are_periods_(s) ? (one ? "row is" : "rows are")
                                                     : (one ? "incident is" : "incidents are"),
                q ? "quarter" : "month", one ? "it" : "them", one ? "it" : "them",
                one ? "its" : "their", label, incstat_summary_rows(u) > 1 ? ", ..." : "",
                q ? "the first quarter" : "January");
    }
    if (unplaced) /* the rows named as what they are */
        fprintf(out, "  %llu %s no date precise enough for this table and %s not in it\n",
                (unsigned long long)unplaced,
                incstat_summary_rows_are_periods_(s) ? (unplaced == 1 ? "row has" : "rows have")
                : unplaced == 1                      ? "incident has"
                                                     : "incidents have",
                unplaced == 1 ? "is" : "are");
    write_months_missing(s, out);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "summary notes: write failed");
    return INCSTAT_OK;
}
