/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/diff_write.c: the diff's summary line and its output formats
 * (incstat/diff.h).  The yearly comparison is in diff_yearly.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/diff.h"
#include "core/internal.h"
#include "io/export/escape.h"
#include "stats/diff_internal.h"

/* ---- summary line ------------------------------------------------------- */

static void num(char *buf, size_t cap, double x)
{
    if (isnan(x))
        snprintf(buf, cap, "unknown");
    else
        snprintf(buf, cap, "%.15g", x);
}

#define APPEND(...)                                                       \
    do {                                                                  \
        size_t used_ = strlen(buf);                                       \
        if (used_ < cap)                                                  \
            snprintf(buf + used_, cap - used_, __VA_ARGS__);              \
    } while (0)

static void year_phrase(char *buf, size_t cap, const incstat_diff_year *y)
{
    char a[32], b[32];
    const char *sep = "";
    APPEND("; %d", y->year);
    if (y->incidents_old != y->incidents_new) {
        APPEND(" incidents %llu -> %llu", (unsigned long long)y->incidents_old,
               (unsigned long long)y->incidents_new);
        sep = ",";
    }
    if (!incstat_diff_same_(y->killed_old, y->killed_new)) {
        num(a, sizeof a, y->killed_old);
        num(b, sizeof b, y->killed_new);
        APPEND("%s killed %s -> %s", sep, a, b);
        sep = ",";
    }
    if (!incstat_diff_same_(y->injured_old, y->injured_new)) {
        num(a, sizeof a, y->injured_old);
        num(b, sizeof b, y->injured_new);
        APPEND("%s injured %s -> %s", sep, a, b);
        sep = ",";
    }
    if (!*sep)
        APPEND(" killed low or high estimate");
}

#define SHOWN_YEARS 3

void incstat_diff_summary_line(const incstat_diff *d, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return;
    buf[0] = '\0';
    if (!d)
        return;
    const rec_list *ch = &d->lists[INCSTAT_DIFF_CHANGED];
    size_t in_counts = 0;
    for (size_t i = 0; i < ch->n; i++)
        in_counts += ch->v[i].in_counts != 0;
    APPEND("%zu added, %zu removed, %zu changed (", d->lists[INCSTAT_DIFF_ADDED].n,
           d->lists[INCSTAT_DIFF_REMOVED].n, ch->n);
    if (in_counts)
        APPEND("%zu in killed or injured)", in_counts);
    else
        APPEND("none in killed or injured)");
    for (size_t i = 0; i < d->nyears && i < SHOWN_YEARS; i++)
        year_phrase(buf, cap, &d->years[i]);
    if (d->nyears > SHOWN_YEARS)
        APPEND("; %zu more years differ", d->nyears - SHOWN_YEARS);
    if (d->nyears == 0)
        APPEND("; yearly figures unchanged");
    if (d->n_added_cols || d->n_removed_cols)
        APPEND("; %zu column%s added, %zu removed", d->n_added_cols,
               d->n_added_cols == 1 ? "" : "s", d->n_removed_cols);
    if (d->match.whitespace_cells && !d->opt.whitespace)
        APPEND("; %llu more cell%s differ%s only in white space (not listed)",
               (unsigned long long)d->match.whitespace_cells,
               d->match.whitespace_cells == 1 ? "" : "s",
               d->match.whitespace_cells == 1 ? "s" : "");
}

/* ---- JSON --------------------------------------------------------------- */

static void json_num(FILE *out, double x)
{
    if (isnan(x))
        fputs("null", out);
    else
        fprintf(out, "%.15g", x);
}

static void json_text(FILE *out, const char *s, size_t n, int *oom)
{
    if (incstat_fput_json_(out, s, n) != 0)
        *oom = 1;
}

static void json_str(FILE *out, const char *s, int *oom)
{
    if (!s)
        fputs("null", out);
    else
        json_text(out, s, strlen(s), oom);
}

static void json_date(FILE *out, incstat_date dt)
{
    char b[16];
    if (incstat_value_date_text(dt, b, sizeof b))
        fprintf(out, "\"%s\"", b);
    else
        fputs("null", out);
}

static void json_record(FILE *out, const incstat_diff_record *r, incstat_diff_kind k, int *oom)
{
    fputs("{\"id\": ", out);
    json_str(out, r->id, oom);
    if (k == INCSTAT_DIFF_CHANGED) {
        fputs(", \"changes\": [", out);
        for (size_t c = 0; c < r->n_cells; c++) {
            const incstat_diff_cell *x = &r->cells[c];
            fputs(c ? ", {\"column\": " : "{\"column\": ", out);
            json_str(out, x->column, oom);
            fputs(", \"old\": ", out);
            json_text(out, x->old_text, x->old_len, oom);
            fputs(", \"new\": ", out);
            json_text(out, x->new_text, x->new_len, oom);
            fputs("}", out);
        }
        fputs("]}", out);
        return;
    }
    fputs(", \"date\": ", out);
    json_date(out, r->date);
    fputs(", \"killed\": ", out);
    json_num(out, r->killed);
    fprintf(out, ", \"line\": %llu}",
            (unsigned long long)(k == INCSTAT_DIFF_ADDED ? r->new_line : r->old_line));
}

static void json_names(FILE *out, const char *const *names, size_t n, int *oom)
{
    fputs("[", out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        json_str(out, names[i], oom);
    }
    fputs("]", out);
}

static void json_year(FILE *out, const incstat_diff_year *y)
{
    fprintf(out, "{\"year\": %d, \"incidents_old\": %llu, \"incidents_new\": %llu, "
                 "\"incidents_change\": %lld",
            y->year, (unsigned long long)y->incidents_old, (unsigned long long)y->incidents_new,
            (long long)y->incidents_new - (long long)y->incidents_old);
    const struct {
        const char *name;
        double o, n;
    } f[] = {{"killed", y->killed_old, y->killed_new},
             {"killed_low", y->killed_low_old, y->killed_low_new},
             {"killed_high", y->killed_high_old, y->killed_high_new},
             {"injured", y->injured_old, y->injured_new}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        fprintf(out, ", \"%s_old\": ", f[i].name);
        json_num(out, f[i].o);
        fprintf(out, ", \"%s_new\": ", f[i].name);
        json_num(out, f[i].n);
        fprintf(out, ", \"%s_change\": ", f[i].name);
        json_num(out, f[i].n - f[i].o);
    }
    fputs("}", out);
}

static int write_json(const incstat_diff *d, FILE *out)
{
    static const char *const KEYS[] = {"added", "removed", "changed"};
    int oom = 0;
    const incstat_diff_match *m = &d->match;
    fprintf(out, "{\n  \"match\": {\"by\": \"%s\", \"old_key\": ", m->by_id ? "id" : "key");
    json_str(out, m->old_key, &oom);
    fputs(", \"new_key\": ", out);
    json_str(out, m->new_key, &oom);
    fprintf(out, ", \"duplicate_keys\": %llu, \"first_duplicate\": ",
            (unsigned long long)m->duplicate_keys);
    json_str(out, m->first_duplicate, &oom);
    fprintf(out, ", \"whitespace_cells\": %llu, \"whitespace_listed\": %s},\n",
            (unsigned long long)m->whitespace_cells, d->opt.whitespace ? "true" : "false");
    for (int k = 0; k < 3; k++) {
        fprintf(out, "  \"%s\": [", KEYS[k]);
        for (size_t i = 0; i < d->lists[k].n; i++) {
            fputs(i ? ",\n    " : "\n    ", out);
            json_record(out, &d->lists[k].v[i], (incstat_diff_kind)k, &oom);
        }
        fputs(d->lists[k].n ? "\n  ],\n" : "],\n", out);
    }
    fputs("  \"columns_added\": ", out);
    json_names(out, d->cols_added, d->n_added_cols, &oom);
    fputs(",\n  \"columns_removed\": ", out);
    json_names(out, d->cols_removed, d->n_removed_cols, &oom);
    fputs(",\n  \"yearly\": [", out);
    for (size_t i = 0; i < d->nyears; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        json_year(out, &d->years[i]);
    }
    fputs(d->nyears ? "\n  ],\n" : "],\n", out);
    char line[1024];
    incstat_diff_summary_line(d, line, sizeof line);
    fputs("  \"summary\": ", out);
    json_str(out, line, &oom);
    fputs("\n}\n", out);
    return oom ? -1 : 0;
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_row(FILE *out, char sep, const char *change, const char *id, const char *column,
                    const char *o, size_t on, const char *n, size_t nn, uint64_t lo, uint64_t ln,
                    int *oom)
{
    fprintf(out, "%s%c", change, sep);
    if (id && incstat_fput_csv_(out, id, strlen(id), sep) != 0)
        *oom = 1;
    fputc(sep, out);
    if (column && incstat_fput_csv_(out, column, strlen(column), sep) != 0)
        *oom = 1;
    fputc(sep, out);
    if (o && incstat_fput_csv_(out, o, on, sep) != 0)
        *oom = 1;
    fputc(sep, out);
    if (n && incstat_fput_csv_(out, n, nn, sep) != 0)
        *oom = 1;
    fputc(sep, out);
    if (lo)
        fprintf(out, "%llu", (unsigned long long)lo);
    fputc(sep, out);
    if (ln)
        fprintf(out, "%llu", (unsigned long long)ln);
    fputc('\n', out);
}

static int write_csv(const incstat_diff *d, FILE *out, char sep)
{
    int oom = 0;
    fprintf(out, "change%cid%ccolumn%cold%cnew%cold_line%cnew_line\n", sep, sep, sep, sep, sep,
            sep);
    for (size_t i = 0; i < d->n_removed_cols; i++)
        csv_row(out, sep, "column_removed", NULL, d->cols_removed[i], NULL, 0, NULL, 0, 0, 0,
                &oom);
    for (size_t i = 0; i < d->n_added_cols; i++)
        csv_row(out, sep, "column_added", NULL, d->cols_added[i], NULL, 0, NULL, 0, 0, 0, &oom);
    const rec_list *l = &d->lists[INCSTAT_DIFF_REMOVED];
    for (size_t i = 0; i < l->n; i++)
        csv_row(out, sep, "removed", l->v[i].id, NULL, NULL, 0, NULL, 0, l->v[i].old_line, 0, &oom);
    l = &d->lists[INCSTAT_DIFF_ADDED];
    for (size_t i = 0; i < l->n; i++)
        csv_row(out, sep, "added", l->v[i].id, NULL, NULL, 0, NULL, 0, 0, l->v[i].new_line, &oom);
    l = &d->lists[INCSTAT_DIFF_CHANGED];
    for (size_t i = 0; i < l->n; i++)
        for (size_t c = 0; c < l->v[i].n_cells; c++) {
            const incstat_diff_cell *x = &l->v[i].cells[c];
            csv_row(out, sep, x->whitespace ? "whitespace" : "changed", l->v[i].id, x->column,
                    x->old_text, x->old_len, x->new_text, x->new_len, l->v[i].old_line,
                    l->v[i].new_line, &oom);
        }
    return oom ? -1 : 0;
}

/* ---- table -------------------------------------------------------------- */

/* A cell for people: quoted, line breaks shown as \n, long text cut. */
static void show_cell(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    size_t shown = n > 120 ? 117 : n;
    for (size_t i = 0; i < shown; i++) {
        char c = s[i];
        if (c == '\n')
            fputs("\\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if ((unsigned char)c < 0x20)
            fprintf(out, "\\x%02x", (unsigned char)c);
        else
            fputc(c, out);
    }
    fputs(shown < n ? "...\"" : "\"", out);
}

static void table_records(FILE *out, const incstat_diff *d, incstat_diff_kind k)
{
    static const char *const TITLE[] = {"added", "removed", "changed"};
    const rec_list *l = &d->lists[k];
    fprintf(out, "\n%s (%zu)\n", TITLE[k], l->n);
    if (k != INCSTAT_DIFF_CHANGED && l->n)
        fprintf(out, "  %-24s %-10s %8s  %s\n", "id", "date", "killed", "line");
    for (size_t i = 0; i < l->n; i++) {
        const incstat_diff_record *r = &l->v[i];
        char date[16], kb[32];
        incstat_value_date_text(r->date, date, sizeof date);
        if (k != INCSTAT_DIFF_CHANGED) {
            num(kb, sizeof kb, r->killed);
            fprintf(out, "  %-24s %-10s %8s  %llu\n", r->id, date[0] ? date : "-", kb,
                    (unsigned long long)(k == INCSTAT_DIFF_ADDED ? r->new_line : r->old_line));
            continue;
        }
        fprintf(out, "  %s (line %llu -> %llu)\n", r->id, (unsigned long long)r->old_line,
                (unsigned long long)r->new_line);
        for (size_t c = 0; c < r->n_cells; c++) {
            const incstat_diff_cell *x = &r->cells[c];
            fprintf(out, "    %s%s: ", x->column, x->whitespace ? " (white space)" : "");
            show_cell(out, x->old_text, x->old_len);
            fputs(" -> ", out);
            show_cell(out, x->new_text, x->new_len);
            fputc('\n', out);
        }
    }
}

static void table_names(FILE *out, const char *title, const char *const *names, size_t n)
{
    fprintf(out, "%s:", title);
    if (!n)
        fputs(" none", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s \"%s\"", i ? "," : "", names[i]);
    fputc('\n', out);
}

static void table_years(FILE *out, const incstat_diff *d)
{
    fprintf(out, "\nyearly (%zu year%s differ%s)\n", d->nyears, d->nyears == 1 ? "" : "s",
            d->nyears == 1 ? "s" : "");
    if (!d->nyears)
        return;
    fprintf(out, "  %-6s %-16s %-22s %-22s %-22s %s\n", "year", "incidents", "killed",
            "killed_low", "killed_high", "injured");
    for (size_t i = 0; i < d->nyears; i++) {
        const incstat_diff_year *y = &d->years[i];
        char c[5][64], a[24], b[24];
        snprintf(c[0], sizeof c[0], "%llu -> %llu", (unsigned long long)y->incidents_old,
                 (unsigned long long)y->incidents_new);
        const double v[4][2] = {{y->killed_old, y->killed_new},
                                {y->killed_low_old, y->killed_low_new},
                                {y->killed_high_old, y->killed_high_new},
                                {y->injured_old, y->injured_new}};
        for (int k = 0; k < 4; k++) {
            num(a, sizeof a, v[k][0]);
            num(b, sizeof b, v[k][1]);
            snprintf(c[k + 1], sizeof c[k + 1], "%s -> %s", a, b);
        }
        fprintf(out, "  %-6d %-16s %-22s %-22s %-22s %s\n", y->year, c[0], c[1], c[2], c[3],
                c[4]);
    }
}

static void write_table(const incstat_diff *d, FILE *out)
{
    const incstat_diff_match *m = &d->match;
    char line[1024];
    if (m->by_id)
        fprintf(out, "records matched by id (%s", m->old_key);
    else
        fprintf(out, "records matched by key (%s", m->old_key);
    if (strcmp(m->old_key, m->new_key) != 0)
        fprintf(out, " / %s", m->new_key);
    fputs(")", out);
    if (m->duplicate_keys)
        fprintf(out, "; %llu key%s held by more than one record, matched in file order "
                     "(first: %s)",
                (unsigned long long)m->duplicate_keys, m->duplicate_keys == 1 ? "" : "s",
                m->first_duplicate);
    fputc('\n', out);
    incstat_diff_summary_line(d, line, sizeof line);
    fprintf(out, "%s\n", line);
    for (int k = 0; k < 3; k++)
        table_records(out, d, (incstat_diff_kind)k);
    fputc('\n', out);
    table_names(out, "columns added", d->cols_added, d->n_added_cols);
    table_names(out, "columns removed", d->cols_removed, d->n_removed_cols);
    table_years(out, d);
}

incstat_status incstat_diff_write(const incstat_diff *d, incstat_format fmt, FILE *out,
                                  incstat_error *err)
{
    if (!d || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no diff or output");
    int r = 0;
    switch (fmt) {
    case INCSTAT_FORMAT_TABLE: write_table(d, out); break;
    case INCSTAT_FORMAT_JSON: r = write_json(d, out); break;
    case INCSTAT_FORMAT_CSV: r = write_csv(d, out, ','); break;
    case INCSTAT_FORMAT_TSV: r = write_csv(d, out, '\t'); break;
    default: return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "diff: no such output format");
    }
    if (r != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "error writing the diff");
    return INCSTAT_OK;
}
