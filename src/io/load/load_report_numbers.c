/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_report_numbers.c: the load report's texts on each column's
 * number format: the notes of the short report (a decimal mark only the
 * delimiter decided, values that disagree, counts that cannot be counts),
 * and inspect's table and JSON member of the decision and its evidence. */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "io/load/load_report_text.h"

/* A number as incstat writes it: C locale, '.' decimal, no groups
 * ("1600", "1.6"), into the caller's 40 bytes. */
static const char *number_text(double x, char *buf)
{
    snprintf(buf, 40, "%.15g", x);
    return buf;
}

/* The thousands separators, as messages and as inspect name them. */
static const struct {
    unsigned bit;
    const char *words, *mark;
} group_names[] = {{INCSTAT_GROUP_COMMA, "','", ","},
                   {INCSTAT_GROUP_DOT, "'.'", "."},
                   {INCSTAT_GROUP_SPACE, "spaces", "space"},
                   {INCSTAT_GROUP_NBSP, "no-break spaces", "nbsp"},
                   {INCSTAT_GROUP_APOSTROPHE, "apostrophes", "'"}};
#define N_GROUP_NAMES (sizeof group_names / sizeof group_names[0])

/* "'.' or no-break spaces": the groups a format accepts, for messages. */
static void groups_in_words(incstat_number_format f, char *buf, size_t cap)
{
    size_t n = 0, k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_GROUP_NAMES; i++)
        if (f.group & group_names[i].bit)
            n++;
    for (size_t i = 0; i < N_GROUP_NAMES; i++) {
        if (!(f.group & group_names[i].bit))
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s", k == 0 ? "" : k + 1 == n ? " or " : ", ",
                 group_names[i].words);
        k++;
    }
}

/* What the file's prior rests on: "the 'sep=;' line", "the ',' delimiter". */
static const char *prior_basis(const incstat_load_report *r)
{
    if (r->number_prior == ',')
        return r->sep_line ? "the 'sep=;' line" : "the ';' delimiter";
    return r->delimiter == ',' ? "the ',' delimiter" : "the default";
}

/* Why a count column's ambiguous values were read as they were: the other
 * decimal mark would make some counts fractions, and the file's prior agrees
 * or is outweighed. */
static void print_counts(FILE *out, const incstat_load_report *r, const incstat_number_decision *d)
{
    char other = d->format.decimal == ',' ? '.' : ',';
    uint64_t n = other == ',' ? d->evidence.count_fraction_comma : d->evidence.count_fraction_dot;
    fprintf(out, "with a decimal %s, %llu sampled %s; ", other == ',' ? "comma" : "point",
            (unsigned long long)n, n == 1 ? "count would be a fraction" : "counts would be fractions");
    if (r->number_prior == d->format.decimal)
        fprintf(out, "%s agrees", prior_basis(r));
    else
        fprintf(out, "that outweighs %s", prior_basis(r));
}

/* Where the file's decimal mark comes from, for messages. */
static void print_prior(FILE *out, const incstat_load_report *r)
{
    if (r->number_prior == ',')
        fprintf(out, "decimal comma file, from the %s", r->sep_line ? "'sep=;' line" : "';' delimiter");
    else if (r->delimiter == ',')
        fprintf(out, "decimal point file, from the ',' delimiter");
    else
        fprintf(out, "decimal point, the default");
}

/* A column's number format when it needs saying: a decision only the
 * file's delimiter made, a decimal comma, cells that disagree; and counts
 * that cannot be counts. */
void incstat_load_report_number_notes_(FILE *out, const incstat_load_report *r,
                                       const incstat_column_report *c)
{
    char v1[40], v2[40];
    const incstat_number_decision *d = &c->number;
    char other = d->format.decimal == ',' ? '.' : ',';
    if (c->ambiguous && d->source != INCSTAT_NUMFMT_GIVEN) {
        fprintf(out, "  column \"%s\": %llu %s like \"%s\" read as %s (", c->name,
                (unsigned long long)c->ambiguous, incstat_plural_(c->ambiguous, "value", "values"),
                c->first_ambiguous, number_text(c->first_ambiguous_value, v1));
        if (d->source == INCSTAT_NUMFMT_COUNTS)
            print_counts(out, r, d);
        else
            print_prior(out, r);
        fprintf(out, "); pass --decimal %c if wrong\n", other);
    }
    if (r->number_sample_rows == 0 && c->unparsed && d->source != INCSTAT_NUMFMT_GIVEN &&
        (strchr(c->first_unparsed, ',') || strchr(c->first_unparsed, '.')))
        fprintf(out, "  column \"%s\": read with a decimal %s (the input could not be read "
                     "ahead); pass --decimal %c if \"%s\" is a number\n",
                c->name, d->format.decimal == ',' ? "comma" : "point", other, c->first_unparsed);
    if (d->source == INCSTAT_NUMFMT_MIXED) {
        const incstat_number_evidence *e = &d->evidence;
        uint64_t comma = e->both_comma + e->groups_dot + e->fraction_comma;
        uint64_t dot = e->both_dot + e->groups_comma + e->fraction_dot;
        fprintf(out, "  column \"%s\": its values disagree on the decimal mark (%llu say ',', "
                     "%llu '.'); read with '%c'; pass --decimal %c if wrong\n",
                c->name, (unsigned long long)comma, (unsigned long long)dot, d->format.decimal,
                other);
    } else if (d->source == INCSTAT_NUMFMT_CELLS &&
               (d->format.decimal == ',' ||
                (d->format.group & (INCSTAT_GROUP_SPACE | INCSTAT_GROUP_APOSTROPHE)))) {
        char groups[64];
        groups_in_words(d->format, groups, sizeof groups);
        fprintf(out, "  column \"%s\": numbers read with a decimal %s and %s as thousands "
                     "(from its values)\n",
                c->name, d->format.decimal == ',' ? "comma" : "point", groups);
    }
    if (c->fractions)
        fprintf(out, "  column \"%s\" (%s): %llu %s with a fraction other than a half (first at "
                     "%s %llu: \"%s\"); a count is whole: is the decimal mark right?\n",
                c->name, c->field, (unsigned long long)c->fractions,
                incstat_plural_(c->fractions, "count", "counts"), incstat_line_word_(r),
                (unsigned long long)c->first_fraction_line, c->first_fraction);
    if (c->outlier)
        fprintf(out, "  column \"%s\" (%s): %s at %s %llu is over 1,000 times the median (%s) "
                     "and far above every other value; check it (it is counted)\n",
                c->name, c->field, number_text(c->max, v1), incstat_line_word_(r),
                (unsigned long long)c->max_line,
                number_text(c->median, v2));
}


/* ---- inspect's table and JSON ------------------------------------------ */

static const char *source_name(incstat_numfmt_source s)
{
    switch (s) {
    case INCSTAT_NUMFMT_PLAIN: return "whole";
    case INCSTAT_NUMFMT_CELLS: return "values";
    case INCSTAT_NUMFMT_MIXED: return "majority";
    case INCSTAT_NUMFMT_PRIOR: return "prior";
    case INCSTAT_NUMFMT_GIVEN: return "--decimal";
    case INCSTAT_NUMFMT_COUNTS: return "counts";
    default: return "default";
    }
}

/* The evidence counts, each under the shape it counts. */
typedef struct {
    const char *shape, *key;
    uint64_t n;
} evidence_item;

static size_t evidence_items(const incstat_number_evidence *e, evidence_item *it)
{
    const evidence_item all[] = {
        {"1.234,5", "both_comma", e->both_comma},   {"1,234.5", "both_dot", e->both_dot},
        {"1.234.567", "groups_dot", e->groups_dot}, {"1,234,567", "groups_comma", e->groups_comma},
        {"2,5", "fraction_comma", e->fraction_comma}, {"2.5", "fraction_dot", e->fraction_dot},
        {"1.600", "ambiguous_dot", e->ambiguous_dot}, {"1,600", "ambiguous_comma", e->ambiguous_comma},
        {"1 600", "groups_space", e->groups_space},
        {"1'600", "groups_apostrophe", e->groups_apostrophe},
    };
    memcpy(it, all, sizeof all);
    return sizeof all / sizeof all[0];
}

/* A column inspect describes: one read as numbers whose type or evidence
 * says it holds them. */
static int shows_numbers(const incstat_column_report *c)
{
    const incstat_number_decision *d = &c->number;
    if (d->source == INCSTAT_NUMFMT_DEFAULT || d->evidence.cells == 0)
        return 0;
    return c->type == INCSTAT_TYPE_INTEGER || c->type == INCSTAT_TYPE_NUMBER ||
           c->type == INCSTAT_TYPE_COUNT_RANGE || d->source == INCSTAT_NUMFMT_CELLS ||
           d->source == INCSTAT_NUMFMT_MIXED || d->source == INCSTAT_NUMFMT_PRIOR ||
           d->source == INCSTAT_NUMFMT_COUNTS;
}

/* ". nbsp": the groups a format accepts, as inspect lists them. */
static void group_marks(incstat_number_format f, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; i < N_GROUP_NAMES; i++)
        if (f.group & group_names[i].bit) {
            size_t len = strlen(buf);
            snprintf(buf + len, cap - len, "%s%s", len ? " " : "", group_names[i].mark);
        }
}

void incstat_load_report_numbers_(FILE *out, const incstat_load_report *r)
{
    int any = 0;
    for (size_t i = 0; i < r->n_columns; i++)
        any |= shows_numbers(&r->columns[i]);
    if (!any)
        return;
    fprintf(out, "numbers     decided per column from %llu sampled rows; prior: ",
            (unsigned long long)r->number_sample_rows);
    if (r->number_prior == ',')
        fprintf(out, "decimal comma (%s)\n", r->sep_line ? "'sep=;' line" : "';' delimiter");
    else
        fprintf(out, "decimal point\n");
    size_t w = incstat_load_report_name_width_(r);
    fprintf(out, "%-4s  ", "#");
    incstat_load_report_name_cell_(out, "column", w);
    fprintf(out, "  %-7s  %-16s  %-9s  %9s  %s\n", "decimal", "groups", "by", "ambiguous",
            "evidence (values like: count)");
    for (size_t i = 0; i < r->n_columns; i++) {
        const incstat_column_report *c = &r->columns[i];
        if (!shows_numbers(c))
            continue;
        char groups[48];
        group_marks(c->number.format, groups, sizeof groups);
        fprintf(out, "%-4zu  ", i + 1);
        incstat_load_report_name_cell_(out, c->name, w);
        fprintf(out, "  %-7c  %-16s  %-9s  %9llu  ", c->number.format.decimal, groups, source_name(c->number.source),
                (unsigned long long)c->ambiguous);
        evidence_item it[10];
        size_t n = evidence_items(&c->number.evidence, it), shown = 0;
        for (size_t k = 0; k < n; k++)
            if (it[k].n)
                fprintf(out, "%s%s: %llu", shown++ ? ", " : "", it[k].shape,
                        (unsigned long long)it[k].n);
        const incstat_number_evidence *e = &c->number.evidence;
        if (e->count_fraction_comma || e->count_fraction_dot) /* a count column */
            fprintf(out, "%scounts made fractions by ',': %llu, by '.': %llu", shown++ ? "; " : "",
                    (unsigned long long)e->count_fraction_comma,
                    (unsigned long long)e->count_fraction_dot);
        fprintf(out, "%s\n", shown ? "" : "whole numbers only");
    }
    fprintf(out, "\n");
}

void incstat_load_report_number_json_(FILE *out, const incstat_column_report *c)
{
    const incstat_number_decision *d = &c->number;
    fprintf(out, ", \"number\": ");
    if (!shows_numbers(c)) {
        fprintf(out, "null");
        return;
    }
    char groups[48];
    group_marks(d->format, groups, sizeof groups);
    fprintf(out, "{\"decimal\": \"%c\", \"groups\": [", d->format.decimal);
    for (char *g = strtok(groups, " "), *sep = ""; g; g = strtok(NULL, " "), sep = ", ") {
        fprintf(out, "%s\"%s\"", sep, g); /* ASCII names: nothing to escape */
    }
    fprintf(out, "]");
    fprintf(out, ", \"decided_by\": \"%s\", \"ambiguous\": %llu, \"first_ambiguous_line\": %llu, "
                 "\"fractions\": %llu, \"evidence\": {\"cells\": %llu",
            source_name(d->source), (unsigned long long)c->ambiguous,
            (unsigned long long)c->first_ambiguous_line, (unsigned long long)c->fractions,
            (unsigned long long)d->evidence.cells);
    evidence_item it[10];
    size_t n = evidence_items(&d->evidence, it);
    for (size_t k = 0; k < n; k++)
        fprintf(out, ", \"%s\": %llu", it[k].key, (unsigned long long)it[k].n);
    if (d->evidence.count_fraction_comma || d->evidence.count_fraction_dot)
        fprintf(out, ", \"count_fraction_comma\": %llu, \"count_fraction_dot\": %llu",
                (unsigned long long)d->evidence.count_fraction_comma,
                (unsigned long long)d->evidence.count_fraction_dot);
    fprintf(out, "}}");
}
