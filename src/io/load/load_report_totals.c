/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_report_totals.c: the load report's texts on a totals row
 * checked against the loaded rows (incstat_load_report.totals, compared in
 * load_totals.c): one line when the row agrees, a data warning per figure
 * that does not, with both numbers and the likeliest cause; and inspect's
 * JSON member. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "core/json.h"
#include "io/load/load_report_text.h"

static const char *const END_NAMES[3] = {"low", "best", "high"};

/* "1,943", "18.5", "7.896": a figure grouped as the summary's tables
 * write it, with the decimals a fraction other than a half needs (up to
 * three: a difference this small is a decimal mark, not rounding). */
static const char *grouped(double x, char *buf)
{
    int decimals = x == floor(x) ? 0 : 2 * x == floor(2 * x) ? 1 : 3;
    incstat_grouped_(buf, 40, x, decimals);
    size_t n = strlen(buf);
    while (decimals == 3 && n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    return buf;
}

/* The end a column is summed at by its field: a low column's low end, a
 * high column's high end, else the best value. */
static int field_end(const char *field)
{
    size_t n = field ? strlen(field) : 0;
    if (n > 4 && strcmp(field + n - 4, "_low") == 0)
        return 0;
    return n > 5 && strcmp(field + n - 5, "_high") == 0 ? 2 : 1;
}

/* The figures of one measure ("killed": the fields killed, killed_low,
 * killed_high) the row states, as "killed 1,902 (1,800 to 2,000)",
 * "killed 1,943 to 3,658", "397 incidents"; nothing when it states none. */
static int print_measure(FILE *out, const incstat_totals_check *t, const char *measure,
                         int first)
{
    const incstat_totals_figure *e[3] = {NULL, NULL, NULL};
    size_t len = strlen(measure);
    for (size_t i = 0; i < t->n; i++)
        if (strncmp(t->figures[i].field, measure, len) == 0)
            e[t->figures[i].end] = &t->figures[i];
    if (!e[0] && !e[1] && !e[2])
        return 0;
    char a[40], b[40];
    fprintf(out, "%s", first ? "" : ", ");
    if (strcmp(measure, "incidents") == 0) {
        fprintf(out, "%s incidents", grouped(e[1]->stated, a));
        return 1;
    }
    fprintf(out, "%s", measure);
    if (e[1])
        fprintf(out, " %s", grouped(e[1]->stated, a));
    if (e[0] || e[2])
        fprintf(out, "%s", e[1] ? " (" : " ");
    if (e[0] && e[2])
        fprintf(out, "%s to %s", grouped(e[0]->stated, a), grouped(e[2]->stated, b));
    else if (e[0])
        fprintf(out, "at least %s", grouped(e[0]->stated, a));
    else if (e[2])
        fprintf(out, "at most %s", grouped(e[2]->stated, a));
    if (e[1] && (e[0] || e[2]))
        fprintf(out, ")");
    return 1;
}

/* What the sums leave out of a column that the row's larger figure may
 * hold (INCSTAT_TOTALS_NOT_SUMMED). */
static void print_left_out(FILE *out, const incstat_load_report *r, const incstat_totals_figure *f)
{
    const incstat_column_report *c = &r->columns[f->column];
    int more = f->stated > f->summed;
    uint64_t skipped = more ? r->skipped[INCSTAT_SKIP_TOO_MANY_FIELDS] : 0;
    const char *sep = "";
    fprintf(out, "the sums leave out ");
    if (c->unparsed) {
        fprintf(out, "%llu %s not understood (first at %s %llu: \"%s\")",
                (unsigned long long)c->unparsed, incstat_plural_(c->unparsed, "cell", "cells"),
                incstat_line_word_(r), (unsigned long long)c->first_unparsed_line, c->first_unparsed);
        sep = ", ";
    }
    if (more && f->end == 2 && f->open_cells) {
        fprintf(out, "%s%llu open-ended %s (\"40+\") at their unknown high end", sep,
                (unsigned long long)f->open_cells,
                incstat_plural_(f->open_cells, "value", "values"));
        sep = ", ";
    }
    if (skipped)
        fprintf(out, "%s%llu %s with more fields than the header (first at %s %llu)", sep,
                (unsigned long long)skipped, incstat_plural_(skipped, "row", "rows"),
                incstat_line_word_(r), (unsigned long long)r->skipped_lines[INCSTAT_SKIP_TOO_MANY_FIELDS][0]);
}

/* The likeliest cause of one figure's difference. */
static void print_cause(FILE *out, const incstat_load_report *r, const incstat_totals_figure *f)
{
    const char *other = r->columns[f->other_column].name;
    switch (f->cause) {
    case INCSTAT_TOTALS_THOUSAND:
        fprintf(out, "a factor of 1,000: a decimal mark or a unit read differently (--decimal)");
        break;
    case INCSTAT_TOTALS_OTHER_SUM:
        if (f->other_column != f->column && f->other_end == field_end(r->columns[f->other_column].field))
            fprintf(out, "it is the sum of column \"%s\"", other);
        else if (f->other_column != f->column)
            fprintf(out, "it is the sum of column \"%s\" with ranges at their %s end", other,
                    END_NAMES[f->other_end]);
        else if (f->other_end == 0)
            fprintf(out, "it is the column's sum with ranges at their low end and open-ended "
                         "values (\"40+\") at their bound");
        else
            fprintf(out, "it is the column's sum with ranges at their %s end",
                    END_NAMES[f->other_end]);
        break;
    case INCSTAT_TOTALS_NOT_SUMMED:
        print_left_out(out, r, f);
        break;
    case INCSTAT_TOTALS_ONE_ROW:
        fprintf(out, "the difference is one row's figure: a row the total leaves out, or one "
                     "added after it was made");
        break;
    default:
        fprintf(out, "no single cause found: a row corrected or removed after the total was "
                     "made, or a slip in the total");
        break;
    }
}

void incstat_load_report_totals_(FILE *out, const incstat_load_report *r)
{
    const incstat_totals_check *t = &r->totals;
    static const char *const measures[] = {"incidents", "killed", "injured"};
    if (!t->line || t->n == 0)
        return;
    char a[40], b[40], d[40];
    if (t->disagree == 0) {
        fprintf(out, "  the totals row (%s %llu) agrees with the %llu %s above it: ",
                incstat_line_word_(r), (unsigned long long)t->line, (unsigned long long)t->rows_above,
                incstat_plural_(t->rows_above, "row", "rows"));
        for (size_t m = 0, shown = 0; m < 3; m++)
            shown += (size_t)print_measure(out, t, measures[m], shown == 0);
        fprintf(out, "\n");
        return;
    }
    for (size_t i = 0; i < t->n; i++) {
        const incstat_totals_figure *f = &t->figures[i];
        if (f->cause == INCSTAT_TOTALS_AGREES)
            continue;
        double diff = f->stated - f->summed;
        fprintf(out, "  the totals row (%s %llu) disagrees on %s (column \"%s\"): it says %s, "
                     "the %llu %s above it sum to %s (%s %s); ",
                incstat_line_word_(r), (unsigned long long)t->line, f->field, r->columns[f->column].name,
                grouped(f->stated, a), (unsigned long long)t->rows_above,
                incstat_plural_(t->rows_above, "row", "rows"), grouped(f->summed, b),
                grouped(fabs(diff), d), diff > 0 ? "less" : "more");
        print_cause(out, r, f);
        fprintf(out, "\n");
    }
    if (t->disagree < t->n) {
        fprintf(out, "  the totals row (%s %llu) agrees on", incstat_line_word_(r),
                (unsigned long long)t->line);
        for (size_t i = 0, k = 0; i < t->n; i++)
            if (t->figures[i].cause == INCSTAT_TOTALS_AGREES)
                fprintf(out, "%s %s %s", k++ ? "," : "", t->figures[i].field,
                        grouped(t->figures[i].stated, a));
        fprintf(out, "\n");
    }
}

static const char *cause_key(incstat_totals_cause c)
{
    switch (c) {
    case INCSTAT_TOTALS_AGREES: return "agrees";
    case INCSTAT_TOTALS_THOUSAND: return "factor_1000";
    case INCSTAT_TOTALS_OTHER_SUM: return "other_sum";
    case INCSTAT_TOTALS_NOT_SUMMED: return "cells_not_summed";
    case INCSTAT_TOTALS_ONE_ROW: return "one_row";
    default: return "unexplained";
    }
}

void incstat_load_report_totals_json_(FILE *out, const incstat_load_report *r)
{
    const incstat_totals_check *t = &r->totals;
    if (!t->line)
        return;
    fprintf(out, ", \"totals\": {\"line\": %llu, \"rows_above\": %llu, \"agrees\": %s, "
                 "\"figures\": [",
            (unsigned long long)t->line, (unsigned long long)t->rows_above,
            t->disagree ? "false" : "true");
    for (size_t i = 0; i < t->n; i++) {
        const incstat_totals_figure *f = &t->figures[i];
        fprintf(out, "%s{\"field\": \"%s\", \"column\": ", i ? ", " : "", f->field);
        incstat_json_str_(out, r->columns[f->column].name);
        fprintf(out, ", \"end\": \"%s\", \"stated\": %.15g, \"summed\": %.15g, \"cause\": \"%s\"",
                END_NAMES[f->end], f->stated, f->summed, cause_key(f->cause));
        if (f->cause == INCSTAT_TOTALS_OTHER_SUM) {
            fprintf(out, ", \"other_column\": ");
            incstat_json_str_(out, r->columns[f->other_column].name);
            fprintf(out, ", \"other_end\": \"%s\"", END_NAMES[f->other_end]);
        }
        fprintf(out, "}");
    }
    fprintf(out, "]}");
}
