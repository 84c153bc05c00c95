/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_row.c: the loader's hot path: each record into an incident
 * (see load.c), with every missing or unparsed cell counted against its
 * column and every skipped row against its reason. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "io/load/infer.h"
#include "core/internal.h"
#include "core/text.h"
#include "io/source/csv_internal.h"
#include "io/load/load_internal.h"
#include "io/load/load_numfmt.h"
#include "io/load/load_periods.h"
#include "io/load/load_priv.h"
#include "io/source/rows.h"
#include "io/load/value_internal.h"

/* canonical text field fed by each mapping field, or -1 */
static const int MF_TEXT[MF_COUNT] = {
    INCSTAT_TEXT_ID, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    INCSTAT_TEXT_COUNTRY, INCSTAT_TEXT_ADMIN1, INCSTAT_TEXT_ADMIN2, INCSTAT_TEXT_CITY,
    INCSTAT_TEXT_LOCATION, -1, -1, INCSTAT_TEXT_PERPETRATOR, INCSTAT_TEXT_TARGET,
    INCSTAT_TEXT_TYPE, -1, -1, -1};

/* ---- rows ------------------------------------------------------------- */

static void note_missing(incstat_loader *ld, size_t c)
{
    ld->rep.columns[c].missing++;
    if (ld->n_undo_missing < ROW_UNDO_MAX)
        ld->undo_missing[ld->n_undo_missing++] = c;
}

/* Forget what the current row added to the column reports. */
static void undo_row_notes(incstat_loader *ld)
{
    for (size_t i = 0; i < ld->n_undo_missing; i++)
        ld->rep.columns[ld->undo_missing[i]].missing--;
    for (size_t i = 0; i < ld->n_undo_unparsed; i++) {
        incstat_column_report *cr = &ld->rep.columns[ld->undo_unparsed[i]];
        if (--cr->unparsed == 0) {
            cr->first_unparsed_line = 0;
            cr->first_unparsed[0] = '\0';
        }
    }
    ld->n_undo_missing = ld->n_undo_unparsed = 0;
}

static void note_unparsed(incstat_loader *ld, size_t c, uint64_t line, const char *s, size_t n)
{
    incstat_column_report *cr = &ld->rep.columns[c];
    if (ld->n_undo_unparsed < ROW_UNDO_MAX)
        ld->undo_unparsed[ld->n_undo_unparsed++] = c;
    if (cr->unparsed++ == 0) {
        cr->first_unparsed_line = line;
        size_t k = n < sizeof cr->first_unparsed - 1 ? n : sizeof cr->first_unparsed - 1;
        /* do not cut a UTF-8 sequence in half */
        while (k > 0 && k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        memcpy(cr->first_unparsed, s, k);
        cr->first_unparsed[k] = '\0';
    }
}

/* Text of column c in the current record; NULL when absent or out of memory
 * (then *oom is set). */
static const char *cell(incstat_loader *ld, long c, size_t *n, int *oom)
{
    *n = 0;
    if (c < 0 || (size_t)c >= incstat_csv_field_count(ld->csv))
        return "";
    const char *s = incstat_csv_field(ld->csv, (size_t)c, n);
    if (!s) {
        *oom = 1;
        return "";
    }
    incstat_trim_cell(&s, n);
    return s;
}

/* kept_off[k] when the kept cell is not in the arena */
#define KEPT_MISSING SIZE_MAX
#define KEPT_DIRECT (SIZE_MAX - 1)

static int arena_put(incstat_loader *ld, const char *s, size_t n, size_t *off)
{
    if (ld->arena_len + n > ld->arena_cap) {
        size_t nc = ld->arena_cap;
        while (nc < ld->arena_len + n) {
            if (nc > SIZE_MAX / 2)
                return -1;
            nc *= 2;
        }
        char *a = incstat_realloc(ld->arena, nc);
        if (!a)
            return -1;
        ld->arena = a;
        ld->arena_cap = nc;
    }
    memcpy(ld->arena + ld->arena_len, s, n);
    *off = ld->arena_len;
    ld->arena_len += n;
    return 0;
}

/* A count column: low/best/high into v[0..2]. */
/* A cell a workbook or data file types (rows.h): 1 when it settles the value
 * (a number into *x, or missing: *x NaN), 0 when its text is to be read. */
static int typed_number(incstat_loader *ld, long c, double *x)
{
    int ty = incstat_csv_cell_type_(ld->csv, (size_t)c, x);
    if (INCSTAT_LIKELY(ty == 0))
        return 0; /* CSV: text */
    if (ty == INCSTAT_CELL_EMPTY || ty == INCSTAT_CELL_ERROR) {
        *x = NAN;
        return 1;
    }
    if (ty != INCSTAT_CELL_NUMBER || !isfinite(*x) || *x < 0)
        return 0; /* text, a date, or a sign the text rules judge */
    for (size_t i = 0; i < ld->n_codes; i++)
        if (*x == ld->codes[i]) { /* a preset's code for unknown (GTD's -9) */
            *x = NAN;
            return 1;
        }
    return 1;
}

static void read_count(incstat_loader *ld, long c, uint64_t line, double v[3], int *oom)
{
    size_t n;
    v[0] = v[1] = v[2] = NAN;
    if (c < 0)
        return;
    const char *s = cell(ld, c, &n, oom);
    incstat_column_report *cr = &ld->rep.columns[c];
    double tx;
    if (INCSTAT_UNLIKELY(typed_number(ld, c, &tx))) { /* the file says what it is */
        if (isnan(tx)) {
            note_missing(ld, (size_t)c);
        } else {
            v[0] = v[1] = v[2] = tx;
            incstat_loader_note_count_(cr, s, n, v, line);
        }
        return;
    }
    unsigned notes;
    incstat_value_kind k = incstat_value_parse_count_fmt(s, n, &cr->number.format, ld->codes,
                                                         ld->n_codes, &v[0], &v[1], &v[2], &notes);
    if (k == INCSTAT_VALUE_MISSING) {
        note_missing(ld, (size_t)c);
    } else if (k == INCSTAT_VALUE_INVALID || notes) { /* "1e9" is no count */
        v[0] = v[1] = v[2] = NAN;
        note_unparsed(ld, (size_t)c, line, s, n);
    } else {
        incstat_loader_note_count_(cr, s, n, v, line);
    }
}

/* A count field: its column, or the sum of its parts (--map killed=A+B+C,
 * a split by victim): unknown when every part is, else the sum of the known
 * parts, and a row with some parts unknown is counted as partly known. */
static void read_field(incstat_loader *ld, int f, uint64_t line, double v[3], int *oom)
{
    if (ld->n_parts[f] < 2) {
        read_count(ld, ld->col[f], line, v, oom);
        return;
    }
    double sum[3] = {0, 0, 0};
    size_t known[3] = {0, 0, 0};
    for (size_t i = 0; i < ld->n_parts[f]; i++) {
        double p[3];
        read_count(ld, ld->parts[f][i], line, p, oom);
        for (int k = 0; k < 3; k++)
            if (!isnan(p[k])) {
                sum[k] += p[k];
                known[k]++;
            }
    }
    for (int k = 0; k < 3; k++)
        v[k] = known[k] ? sum[k] : NAN;
    if (known[1] && known[1] < ld->n_parts[f] && ld->partly[f]++ == 0)
        ld->first_partly[f] = line;
}

static double read_number(incstat_loader *ld, long c, uint64_t line, int *oom)
{
    size_t n;
    double x = NAN;
    if (c < 0)
        return NAN;
    const char *s = cell(ld, c, &n, oom);
    incstat_column_report *cr = &ld->rep.columns[c];
    if (INCSTAT_UNLIKELY(incstat_csv_cell_type_(ld->csv, (size_t)c, &x) == INCSTAT_CELL_NUMBER &&
                         isfinite(x))) {
        incstat_loader_note_number_(cr, s, n, x, line);
        return x; /* a number the file types: not read again from text */
    }
    x = NAN;
    incstat_value_kind k = incstat_value_parse_number_fmt(s, n, &cr->number.format, &x);
    if (k == INCSTAT_VALUE_MISSING)
        note_missing(ld, (size_t)c);
    else if (k == INCSTAT_VALUE_INVALID)
        note_unparsed(ld, (size_t)c, line, s, n);
    else
        incstat_loader_note_number_(cr, s, n, x, line);
    return k == INCSTAT_VALUE_NUMBER ? x : NAN;
}

/* Combine a count column (may hold ranges) with explicit low/high columns.
 * Explicit columns win; best is the count column's best, else the midpoint
 * of low and high, else whichever is known.  The three cells as read go to
 * cells[0..2] (best, low, high field) for the totals check; a field that sums
 * columns gives its sum. */
static void combine(incstat_loader *ld, int base, uint64_t line, double *out_low,
                    double *out_best, double *out_high, double (*cells)[3], int *oom)
{
    double *b = cells[0], *l = cells[1], *h = cells[2];
    long cbest = ld->col[base], clow = ld->col[base + 1], chigh = ld->col[base + 2];
    read_field(ld, base, line, b, oom);
    read_field(ld, base + 1, line, l, oom);
    read_field(ld, base + 2, line, h, oom);
    double low = clow >= 0 ? l[0] : b[0];
    double high = chigh >= 0 ? h[2] : b[2];
    /* an open-ended max ("100+") still says at least 100 */
    if (chigh >= 0 && isnan(high) && !isnan(h[0]))
        high = NAN;
    double best = b[1];
    if (cbest < 0 || isnan(best)) {
        double hb = chigh >= 0 ? (isnan(h[2]) ? h[1] : h[2]) : NAN;
        if (!isnan(low) && !isnan(hb))
            best = (low + hb) / 2;
        else if (!isnan(low))
            best = low;
        else if (!isnan(hb))
            best = hb;
    }
    if (!isnan(low) && !isnan(high) && low > high) {
        if (ld->rep.low_above_high++ == 0)
            ld->rep.first_low_above_high_line = line;
    }
    *out_low = low;
    *out_best = best;
    *out_high = high;
}

static int split_part(incstat_loader *ld, long c, uint64_t line, int lo, int hi, int zero_unknown,
                      int *oom)
{
    size_t n;
    double x;
    if (c < 0)
        return 0;
    const char *s = cell(ld, c, &n, oom);
    incstat_value_kind k = incstat_value_parse_number(s, n, &x);
    if (k == INCSTAT_VALUE_MISSING) {
        note_missing(ld, (size_t)c);
        return 0;
    }
    if (k != INCSTAT_VALUE_NUMBER && c == ld->col[MF_MONTH] && incstat_value_month_name_(s, n))
        return incstat_value_month_name_(s, n); /* "January" */
    if (k != INCSTAT_VALUE_NUMBER || x != floor(x) || ((x < lo || x > hi) && !(zero_unknown && x == 0))) {
        note_unparsed(ld, (size_t)c, line, s, n);
        return -1;
    }
    return (int)x;
}

/* The date from year, month and day columns (0 or empty: unknown; the
 * date is then of the year, or of the month).  Returns 1 when a year was
 * read. */
static int read_date_parts(incstat_loader *ld, uint64_t line, incstat_date *d, int *oom)
{
    int y = split_part(ld, ld->col[MF_YEAR], line, 1000, 2999, 0, oom);
    if (y <= 0)
        return 0;
    int m = split_part(ld, ld->col[MF_MONTH], line, 1, 12, 1, oom);
    int dd = m > 0 ? split_part(ld, ld->col[MF_DAY], line, 1, 31, 1, oom) : 0;
    d->year = y;
    d->precision = INCSTAT_DATE_YEAR;
    if (ld->col[MF_MONTH] < 0 && ld->col[MF_QUARTER] >= 0) { /* a table of quarters */
        int q = split_part(ld, ld->col[MF_QUARTER], line, 1, 4, 1, oom);
        if (q > 0) {
            d->month = (int8_t)(3 * q - 2);
            d->precision = INCSTAT_DATE_QUARTER;
        }
        return 1;
    }
    if (m > 0) {
        d->month = (int8_t)m;
        d->precision = INCSTAT_DATE_MONTH;
        if (dd > 0 && incstat_date_valid(y, m, dd)) {
            d->day = (int8_t)dd;
            d->precision = INCSTAT_DATE_DAY;
        } else if (dd > 0) {
            note_unparsed(ld, (size_t)ld->col[MF_DAY], line, "", 0);
        }
    }
    return 1;
}

static void read_date(incstat_loader *ld, uint64_t line, incstat_date *d, int *oom)
{
    memset(d, 0, sizeof *d);
    ld->ambiguous = 0;
    /* year, month and day columns say what they say (GTD's iyear, imonth,
     * iday with 0 for unknown); a date column beside them (a free-text or
     * approximate date) is read only when they give no year */
    int parts_first = ld->col[MF_YEAR] >= 0 && ld->col[MF_MONTH] >= 0 && ld->col[MF_DAY] >= 0;
    if (parts_first && read_date_parts(ld, line, d, oom))
        return;
    if (ld->col[MF_DATE] >= 0) {
        size_t n;
        const char *s = cell(ld, ld->col[MF_DATE], &n, oom);
        double days;
        int ty = incstat_csv_cell_type_(ld->csv, (size_t)ld->col[MF_DATE], &days);
        if (INCSTAT_UNLIKELY(ty == INCSTAT_CELL_DATE || ty == INCSTAT_CELL_DATETIME) &&
            incstat_date_from_days_(floor(days), d) == 0)
            return; /* a date the file types: its day, not its text read again */
        incstat_date_evidence ev = INCSTAT_DATE_EVIDENCE_NONE;
        incstat_date_result r = incstat_value_parse_date(s, n, ld->order, d, &ev);
        if (r == INCSTAT_DATE_OK) {
            if (ev == INCSTAT_DATE_EVIDENCE_AMBIGUOUS) {
                ld->rep.date_ambiguous++;
                ld->ambiguous = 1;
            } else if (ev == INCSTAT_DATE_EVIDENCE_DMY) {
                ld->rep.date_evidence_dmy++;
            } else if (ev == INCSTAT_DATE_EVIDENCE_MDY) {
                ld->rep.date_evidence_mdy++;
            }
            return;
        }
        memset(d, 0, sizeof *d);
        if (r == INCSTAT_DATE_MISSING)
            note_missing(ld, (size_t)ld->col[MF_DATE]);
        else
            note_unparsed(ld, (size_t)ld->col[MF_DATE], line, s, n);
    }
    /* split columns, also the fallback when the date cell is unusable */
    if (!parts_first && ld->col[MF_YEAR] >= 0)
        read_date_parts(ld, line, d, oom);
}

static int row_is_blank(const incstat_csv *csv)
{
    size_t nf = incstat_csv_field_count(csv);
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        int q;
        const char *s = incstat_csv_field_raw(csv, i, &n, &q);
        for (size_t k = 0; k < n; k++)
            if (s[k] != ' ' && s[k] != '\t' && s[k] != '"')
                return 0;
    }
    return 1;
}

static int row_is_header(incstat_loader *ld)
{
    size_t nf = incstat_csv_field_count(ld->csv);
    if (nf != ld->ncols || nf == 0)
        return 0;
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        const char *s = incstat_csv_field(ld->csv, i, &n);
        if (!s)
            return 0;
        incstat_trim_cell(&s, &n);
        const char *h = ld->rep.columns[i].name;
        /* duplicate names were renamed: compare up to the suffix */
        size_t hn = strlen(h);
        if (!(n == hn && memcmp(s, h, n) == 0) &&
            !(n < hn && memcmp(s, h, n) == 0 && h[n] == '.'))
            return 0;
    }
    return 1;
}

static int extra_fields_nonempty(const incstat_loader *ld)
{
    size_t nf = incstat_csv_field_count(ld->csv);
    for (size_t i = ld->ncols; i < nf; i++) {
        size_t n;
        int q;
        const char *s = incstat_csv_field_raw(ld->csv, i, &n, &q);
        for (size_t k = 0; k < n; k++)
            if (s[k] != ' ' && s[k] != '\t' && s[k] != '"')
                return 1;
    }
    return 0;
}

static void skip(incstat_loader *ld, incstat_skip_reason r, uint64_t line)
{
    if (ld->rep.skipped[r] < INCSTAT_REPORT_EXAMPLES)
        ld->rep.skipped_lines[r][ld->rep.skipped[r]] = line;
    ld->rep.skipped[r]++;
    ld->rep.rows_skipped++;
}

void incstat_load_finish_types_(incstat_load_report *rep)
{
    for (size_t i = 0; i < rep->n_columns; i++) {
        incstat_column_report *c = &rep->columns[i];
        uint64_t numeric = c->n_int + c->n_num + c->n_range;
        uint64_t total = numeric + c->n_date + c->n_text;
        if (total == 0)
            c->type = INCSTAT_TYPE_EMPTY;
        else if (c->n_date >= numeric && c->n_date >= c->n_text)
            c->type = INCSTAT_TYPE_DATE;
        else if (numeric >= c->n_text)
            c->type = c->n_range ? INCSTAT_TYPE_COUNT_RANGE
                      : c->n_num ? INCSTAT_TYPE_NUMBER : INCSTAT_TYPE_INTEGER;
        else
            c->type = INCSTAT_TYPE_TEXT;
    }
}

void incstat_loader_finish_(incstat_loader *ld)
{
    const incstat_csv *csv = ld->csv;
    incstat_load_report *r = &ld->rep;
    r->chunks = 1;
    r->encoding = incstat_csv_encoding(csv);
    r->delimiter = incstat_csv_delimiter(csv);
    r->line_endings = incstat_csv_line_endings(csv);
    r->bom = incstat_csv_had_bom(csv);
    r->sep_line = incstat_csv_had_sep_line(csv);
    r->gzip = incstat_csv_gzip(csv);
    r->bytes = incstat_csv_bytes_read(csv);
    r->empty_lines = incstat_csv_empty_lines(csv);
    r->cp1252_cells = incstat_csv_cp1252_cells(csv, &r->first_cp1252_line);
    r->replaced_chars = incstat_csv_replaced(csv, &r->first_replaced_line);
    r->irregular_quotes = incstat_csv_irregular_quotes(csv, &r->first_irregular_line);
    if (ld->order == INCSTAT_DATE_ORDER_AUTO)
        r->date_order_used = (r->date_evidence_mdy > 0 && r->date_evidence_dmy == 0)
                                 ? INCSTAT_DATE_ORDER_MDY : INCSTAT_DATE_ORDER_DMY;
    if (ld->infer)
        incstat_load_finish_types_(r);
    incstat_loader_numbers_finish_(r);
    /* the rows whose sums are partly known, per summed field */
    for (size_t i = 0; i < r->n_mapping; i++) {
        int f = incstat_load_field_index_(r->mapping[i].field, strlen(r->mapping[i].field));
        if (f >= 0 && r->mapping[i].n_parts) {
            r->mapping[i].partly_known = ld->partly[f];
            r->mapping[i].first_partly_known_line = ld->first_partly[f];
        }
    }
    incstat_loader_totals_finish_(ld);
    /* a workbook's notes: the sheet taken, merged cells (known at its end) */
    const incstat_rows *src = incstat_csv_rows_source_(csv);
    for (size_t k = 0; src && src->ops->note_count && k < src->ops->note_count(src) &&
                       r->n_source_notes < sizeof r->source_notes / sizeof r->source_notes[0];
         k++)
        snprintf(r->source_notes[r->n_source_notes++], sizeof r->source_notes[0], "%s",
                 src->ops->note(src, k));
}

const incstat_load_report *incstat_loader_report(const incstat_loader *ld)
{
    return ld ? &ld->rep : NULL;
}

size_t incstat_loader_kept(const incstat_loader *ld, const char *const **names)
{
    if (names)
        *names = ld ? (const char *const *)ld->keep_names : NULL;
    return ld ? ld->n_keep : 0;
}

int incstat_loader_last_ambiguous_(const incstat_loader *ld)
{
    return ld->ambiguous;
}

/* Whether the row carries no identifier, for the totals-row rule: the id
 * cell when an id column is mapped; otherwise the first cell must be empty
 * or a word ("Total"), since a number there is most likely an unmapped
 * serial number of a real incident. */
static int row_has_no_id(incstat_loader *ld, const incstat_incident *inc)
{
    if (ld->col[MF_ID] >= 0)
        return !inc->text[INCSTAT_TEXT_ID].ptr;
    size_t n;
    int q;
    const char *f = incstat_csv_field_raw(ld->csv, 0, &n, &q);
    for (size_t i = 0; i < n; i++)
        if (f[i] >= '0' && f[i] <= '9')
            return 0;
    return 1;
}

/* --recode: the value a spelling is read as.  FROM matches under the label
 * fold (core/text.h), as --where does: a summary counts the spellings that
 * fold alike as one, so a recode must take all of them or it would split
 * them again; and a line pasted from a note whose no-break space became a
 * plain one still matches.  The exact comparison first: it settles most. */
static const char *recode(const incstat_loader *ld, int t, const char *s, size_t *n)
{
    for (int fold = 0; fold < 2; fold++)
        for (size_t i = 0; i < ld->n_recodes; i++) {
            const struct incstat_recode_ *r = &ld->recodes[i];
            if (r->text == t && (fold ? incstat_label_eq(r->from, r->from_len, s, *n)
                                      : r->from_len == *n && memcmp(r->from, s, *n) == 0)) {
                *n = r->to_len;
                return r->to;
            }
        }
    return s;
}

/* The row's count of incidents: its column's, or in a wide table of counts
 * by category the sum of its categories.  In a table of periods a missing
 * cell (or one among the categories) makes the count unknown, and the report
 * counts such rows; in a list of incidents NaN means the row is one. */
static double read_incidents(incstat_loader *ld, uint64_t line, int *oom)
{
    double v = 0;
    if (ld->n_sum)
        for (size_t i = 0; i < ld->n_sum; i++)
            v += read_number(ld, (long)ld->sum_cols[i], line, oom);
    else
        v = read_number(ld, ld->col[MF_INCIDENTS], line, oom);
    if (isnan(v) && ld->rep.rows_periods && ld->rep.incidents_unknown++ == 0)
        ld->rep.first_incidents_unknown_line = line;
    return v;
}

/* Turn the current record into ld->inc.  Returns 1 loaded, 0 skipped, -1 oom. */
static int build(incstat_loader *ld)
{
    incstat_incident *inc = &ld->inc;
    uint64_t line = incstat_csv_line(ld->csv);
    int oom = 0;
    size_t nf = incstat_csv_field_count(ld->csv);

    ld->rep.rows_read++;
    if (nf > ld->ncols && extra_fields_nonempty(ld)) {
        skip(ld, INCSTAT_SKIP_TOO_MANY_FIELDS, line);
        return 0;
    }
    if (row_is_blank(ld->csv)) {
        skip(ld, INCSTAT_SKIP_BLANK, line);
        return 0;
    }
    if (ld->hxl_pending) { /* only the first record can be the HXL row */
        ld->hxl_pending = 0;
        if (incstat_load_row_is_hxl_(ld->csv)) {
            ld->rep.hxl_line = line;
            skip(ld, INCSTAT_SKIP_HXL, line);
            return 0;
        }
    }
    if (ld->rep.rows_read > 0 && nf == ld->ncols) {
        size_t n0;
        int q;
        const char *f0 = incstat_csv_field_raw(ld->csv, 0, &n0, &q);
        const char *h0 = ld->rep.columns[0].name;
        if (n0 >= strlen(h0) && memcmp(f0 + (q ? 1 : 0), h0, strlen(h0)) == 0 && row_is_header(ld)) {
            skip(ld, INCSTAT_SKIP_HEADER_REPEAT, line);
            return 0;
        }
    }
    if (nf < ld->ncols) {
        if (ld->rep.short_rows++ == 0)
            ld->rep.first_short_line = line;
    }
    if (ld->infer && incstat_infer_row_(ld->csv, ld->rep.columns, ld->ncols) != 0)
        return -1;

    memset(inc, 0, sizeof *inc);
    inc->line = line;
    ld->n_undo_missing = ld->n_undo_unparsed = 0;
    read_date(ld, line, &inc->date, &oom);
    if (ld->check_keys && incstat_loader_repeated_period_(ld, &inc->date, line, &oom)) {
        /* its figures would be counted twice: reported with the line it repeats */
        undo_row_notes(ld);
        skip(ld, INCSTAT_SKIP_REPEATED_PERIOD, line);
        return 0;
    }
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
        inc->num[f] = NAN;
    if (!ld->skip_field[MF_KILLED])
        combine(ld, MF_KILLED, line, &inc->num[INCSTAT_NUM_KILLED_LOW],
                &inc->num[INCSTAT_NUM_KILLED_BEST], &inc->num[INCSTAT_NUM_KILLED_HIGH],
                &ld->tot.cell[MF_KILLED - MF_KILLED], &oom);
    if (!ld->skip_field[MF_INJURED])
        combine(ld, MF_INJURED, line, &inc->num[INCSTAT_NUM_INJURED_LOW],
                &inc->num[INCSTAT_NUM_INJURED_BEST], &inc->num[INCSTAT_NUM_INJURED_HIGH],
                &ld->tot.cell[MF_INJURED - MF_KILLED], &oom);
    if (!ld->skip_field[MF_LATITUDE])
        inc->num[INCSTAT_NUM_LATITUDE] = read_number(ld, ld->col[MF_LATITUDE], line, &oom);
    if (!ld->skip_field[MF_LONGITUDE])
        inc->num[INCSTAT_NUM_LONGITUDE] = read_number(ld, ld->col[MF_LONGITUDE], line, &oom);
    if (ld->col[MF_PRECISION] >= 0 && !ld->skip_field[MF_PRECISION])
        inc->num[INCSTAT_NUM_PRECISION] = read_number(ld, ld->col[MF_PRECISION], line, &oom);
    if (ld->col[MF_INCIDENTS] >= 0 && !ld->skip_field[MF_INCIDENTS]) {
        double v = inc->num[INCSTAT_NUM_EVENTS] = read_incidents(ld, line, &oom);
        double *c = ld->tot.cell[TOTALS_INCIDENTS];
        c[0] = c[1] = c[2] = v;
    }

    /* text: a cell in the reader's record stays valid until the next one
     * and is pointed at; text the reader rewrote (unquoted, transcoded) is
     * copied into the row arena, and pointed at once the arena is done */
    ld->arena_len = 0;
    const char *direct[INCSTAT_TEXT_COUNT];
    int has_text[INCSTAT_TEXT_COUNT] = {0};
    for (int f = 0; f < MF_COUNT; f++) {
        int t = MF_TEXT[f];
        if (t < 0 || ld->col[f] < 0 || ld->skip_field[f])
            continue;
        size_t n;
        const char *s = cell(ld, ld->col[f], &n, &oom);
        if (ld->recode_mask & (1u << t))
            s = recode(ld, t, s, &n);
        if (incstat_infer_missing_text_(s, n)) {
            note_missing(ld, (size_t)ld->col[f]);
            continue;
        }
        direct[t] = incstat_csv_in_record_(ld->csv, s, n) ? s : NULL;
        if (!direct[t] && arena_put(ld, s, n, &ld->text_off[t]) != 0)
            return -1;
        inc->text[t].len = n;
        has_text[t] = 1;
    }
    for (size_t k = 0; k < ld->n_keep; k++) {
        size_t n;
        const char *s = cell(ld, (long)ld->keep_cols[k], &n, &oom);
        ld->kept_vals[k].ptr = NULL;
        ld->kept_vals[k].len = 0;
        if (incstat_infer_missing_text_(s, n)) {
            if (ld->rep.columns[ld->keep_cols[k]].field == NULL ||
                strcmp(ld->rep.columns[ld->keep_cols[k]].field, "keep") == 0)
                note_missing(ld, ld->keep_cols[k]);
            ld->kept_off[k] = KEPT_MISSING;
            continue;
        }
        ld->kept_vals[k].len = n;
        if (incstat_csv_in_record_(ld->csv, s, n)) {
            ld->kept_vals[k].ptr = s;
            ld->kept_off[k] = KEPT_DIRECT;
        } else if (arena_put(ld, s, n, &ld->kept_off[k]) != 0) {
            return -1;
        }
    }
    if (oom)
        return -1;
    for (int t = 0; t < INCSTAT_TEXT_COUNT; t++)
        if (has_text[t])
            inc->text[t].ptr = direct[t] ? direct[t] : ld->arena + ld->text_off[t];
    for (size_t k = 0; k < ld->n_keep; k++)
        if (ld->kept_off[k] < KEPT_DIRECT)
            ld->kept_vals[k].ptr = ld->arena + ld->kept_off[k];
    inc->kept = ld->kept_vals;
    inc->n_kept = ld->n_keep;

    /* a totals row: no id, no date, and a killed figure as large as the sum of
     * the rows above it (publishers append one to their sheets) */
    double kb = inc->num[INCSTAT_NUM_KILLED_BEST];
    /* undated rows only: the id test reads a cell */
    int candidate = inc->date.precision == INCSTAT_DATE_NONE && !isnan(kb) &&
                    row_has_no_id(ld, inc);
    if (candidate && ld->fork) {
        /* the sum above the chunk is unknown here: the merge decides */
        if (ld->n_deferred < sizeof ld->deferred / sizeof ld->deferred[0]) {
            struct deferred_total *d = &ld->deferred[ld->n_deferred++];
            d->line = line;
            d->killed = kb;
            d->sum_before = ld->killed_sum;
            d->rows_before = ld->killed_rows;
        } else {
            ld->deferred_overflow = 1;
        }
    }
    if (candidate && (ld->fork || (ld->killed_rows >= 2 && ld->killed_sum > 0 &&
                                   kb >= 0.5 * ld->killed_sum))) {
        ld->rep.totals_line = line;
        incstat_loader_totals_keep_(ld, line);
        undo_row_notes(ld);
        skip(ld, INCSTAT_SKIP_TOTALS, line);
        return 0;
    }
    if (!isnan(kb)) {
        ld->killed_sum += kb;
        ld->killed_rows++;
    }
    if (inc->date.precision == INCSTAT_DATE_NONE) {
        if (ld->rep.undated++ == 0)
            ld->rep.first_undated_line = line;
    } else {
        if (ld->rep.year_min == 0 || inc->date.year < ld->rep.year_min)
            ld->rep.year_min = inc->date.year;
        if (inc->date.year > ld->rep.year_max)
            ld->rep.year_max = inc->date.year;
    }
    incstat_loader_totals_add_(ld);
    ld->rep.rows_loaded++;
    INCSTAT_LOADER_TRACK_MAX_(ld, inc);
    return 1;
}

incstat_status incstat_loader_next(incstat_loader *ld, const incstat_incident **inc,
                                   incstat_error *err)
{
    if (!ld || !inc)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader");
    *inc = NULL;
    if (ld->done)
        return INCSTAT_DONE;
    for (;;) {
        incstat_status st = incstat_csv_next(ld->csv, err);
        if (ld->progress && ld->progress_scale) {
            uint64_t done = incstat_csv_bytes_read(ld->csv);
            if (done >= ld->progress_next || st == INCSTAT_DONE) {
                uint64_t shown = ld->progress_base + done * ld->progress_scale;
                if (ld->progress_total && shown > ld->progress_total)
                    shown = ld->progress_total;
                ld->progress(ld->progress_ctx, shown, ld->progress_total);
                ld->progress_next = done + PROGRESS_STEP;
            }
        }
        if (st == INCSTAT_DONE) {
            ld->done = 1;
            incstat_loader_finish_(ld);
            return INCSTAT_DONE;
        }
        if (st != INCSTAT_ROW)
            return st;
        if (ld->strict && incstat_csv_field_count(ld->csv) != ld->ncols) {
            uint64_t line = incstat_csv_line(ld->csv);
            size_t nf = incstat_csv_field_count(ld->csv);
            return incstat_set_error(err, INCSTAT_EPARSE, line, nf < ld->ncols ? nf : ld->ncols + 1,
                                     "%s:%llu: column %zu: the row has %zu fields, the header "
                                     "has %zu (strict mode)",
                                     ld->rep.source, (unsigned long long)line,
                                     nf < ld->ncols ? nf : ld->ncols + 1, nf, ld->ncols);
        }
        int r = build(ld);
        if (r < 0)
            return incstat_set_error(err, INCSTAT_ENOMEM, incstat_csv_line(ld->csv), 0,
                                     "%s: out of memory", ld->rep.source);
        if (r == 1) {
            *inc = &ld->inc;
            return INCSTAT_ROW;
        }
    }
}

