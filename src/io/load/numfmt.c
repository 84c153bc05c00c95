/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/numfmt.c: how a column writes its numbers (see incstat/value.h).
 *
 * Excel writes CSV in the user's locale: "1.234,5" in Germany and Italy,
 * "1 234,5" with a no-break space in France, "1'234.5" in Switzerland,
 * "1,234.5" in English.  A cell such as "2,5" or "1.234,5" says which mark is
 * the decimal one; "1.600" does not (1.6 or 1600), and read the wrong way it
 * is a factor of 1,000.  So the loader counts what the sampled cells of each
 * column say (incstat_numfmt_observe), decides once per column
 * (incstat_numfmt_decide), reads every cell with that decision, and reports
 * the cells only the file's prior could read.  In a count column the
 * ambiguous cells have one more say: a reading that turns "1,240" killed into
 * 1.24 is evidence against that reading, stronger than the delimiter's
 * prior (incstat_numfmt_observe_count). */
#include <string.h>
#include "incstat/value.h"
#include "io/load/load_numfmt.h" /* incstat_numfmt_whole_or_half_ */
#include "io/load/value_text.h"

#define MAX_MARKS 8
#define MAX_TOKENS 2 /* a range "1.200-1.500" */

/* A mark between two digits, and the digits after it. */
typedef struct {
    char kind; /* '.', ',', ' ' (any space) or '\'' (either apostrophe) */
    size_t digits;
} mark;

/* Width of a mark at s[i] when a digit follows it, else 0. */
static size_t mark_at(const unsigned char *s, size_t i, size_t n, char *kind)
{
    size_t w;
    unsigned char c = s[i];
    if (c == '.' || c == ',' || c == '\'' || c == ' ') {
        *kind = (char)c;
        w = 1;
    } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
        *kind = '\'';
        w = 3;
    } else if ((w = space_at(s, i, n)) >= 2) {
        *kind = ' ';
    } else {
        return 0;
    }
    return i + w < n && is_digit(s[i + w]) ? w : 0;
}

/* Whether every mark from..to-1 is of kind k with three digits after it. */
static int groups_of_three(const mark *m, size_t from, size_t to, char k)
{
    for (size_t j = from; j < to; j++)
        if (m[j].kind != k || m[j].digits != 3)
            return 0;
    return 1;
}

static void count_groups(incstat_number_evidence *ev, char k)
{
    if (k == '.')
        ev->groups_dot++;
    else if (k == ',')
        ev->groups_comma++;
    else if (k == ' ')
        ev->groups_space++;
    else
        ev->groups_apostrophe++;
}

/* What one number token says: lead is the number of digits before the first
 * mark, zero whether that is a lone "0". */
static void classify(incstat_number_evidence *ev, size_t lead, int zero, const mark *m, size_t nm)
{
    if (nm == 0)
        return;
    const mark *last = &m[nm - 1];
    int grouped_lead = lead <= 3 && !zero;
    if (last->kind == '.' || last->kind == ',') {
        char other = last->kind == '.' ? ',' : '.';
        /* the marks before the last one: all groups of three of one kind */
        char gk = nm > 1 ? m[0].kind : 0;
        if (nm > 1 && (!grouped_lead || gk == last->kind || !groups_of_three(m, 0, nm - 1, gk))) {
            if (gk == last->kind && grouped_lead && groups_of_three(m, 0, nm, gk))
                count_groups(ev, gk); /* "1.234.567" */
            return;                   /* otherwise not a number: no evidence */
        }
        if (gk == other) {
            if (last->kind == '.')
                ev->both_dot++;
            else
                ev->both_comma++;
            return;
        }
        if (gk) /* a space or apostrophe group, then the decimal mark */
            count_groups(ev, gk);
        if (last->digits == 3 && !gk && grouped_lead) {
            if (last->kind == '.')
                ev->ambiguous_dot++;
            else
                ev->ambiguous_comma++;
        } else if (last->kind == '.') {
            ev->fraction_dot++;
        } else {
            ev->fraction_comma++;
        }
        return;
    }
    /* only spaces or apostrophes */
    if (grouped_lead && groups_of_three(m, 0, nm, m[0].kind))
        count_groups(ev, m[0].kind);
}

/* Scan one number token at s[*i] (a digit): its marks, then classify. */
static void scan_token(incstat_number_evidence *ev, const unsigned char *s, size_t n, size_t *i)
{
    mark m[MAX_MARKS];
    size_t nm = 0, p = *i, lead = 0, run = 0;
    int zero = s[p] == '0';
    for (;;) {
        while (p < n && is_digit(s[p])) {
            p++;
            run++;
        }
        if (nm == 0)
            lead = run;
        else
            m[nm - 1].digits = run;
        char k;
        size_t w = p < n ? mark_at(s, p, n, &k) : 0;
        if (!w || nm == MAX_MARKS)
            break;
        m[nm].kind = k;
        m[nm++].digits = 0;
        p += w;
        run = 0;
    }
    *i = p;
    if (p < n && ((s[p] | 0x20) == 'x' || s[p] == '/'))
        return; /* "0x10", "3/4": not a decimal */
    classify(ev, lead, zero && lead == 1, m, nm);
}

void incstat_numfmt_observe(incstat_number_evidence *ev, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!ev || !u || n == 0 || n > RAW_MAX)
        return;
    size_t i = 0;
    int tokens = 0;
    while (i < n && tokens < MAX_TOKENS) {
        if (!is_digit(u[i])) {
            i++;
            continue;
        }
        if (tokens++ == 0)
            ev->cells++;
        scan_token(ev, u, n, &i);
    }
}

/* Whether the count cell s[0..n) read with decimal mark dec is a fraction
 * other than a half at either end. */
static int count_fraction(const char *s, size_t n, char dec)
{
    incstat_number_format f = {dec, (dec == ',' ? INCSTAT_GROUP_DOT : INCSTAT_GROUP_COMMA) |
                                         INCSTAT_GROUP_NBSP};
    double lo, hi;
    unsigned notes;
    incstat_value_kind k =
        incstat_value_parse_count_fmt(s, n, &f, NULL, 0, &lo, NULL, &hi, &notes);
    if ((k != INCSTAT_VALUE_NUMBER && k != INCSTAT_VALUE_RANGE && k != INCSTAT_VALUE_OPEN) ||
        notes)
        return 0;
    return !incstat_numfmt_whole_or_half_(lo) || (hi == hi && !incstat_numfmt_whole_or_half_(hi));
}

void incstat_numfmt_observe_count(incstat_number_evidence *ev, const char *s, size_t n)
{
    if (!ev || !s || !incstat_numfmt_ambiguous(s, n))
        return;
    ev->count_fraction_dot += (uint64_t)count_fraction(s, n, '.');
    ev->count_fraction_comma += (uint64_t)count_fraction(s, n, ',');
}

void incstat_numfmt_decide(const incstat_number_evidence *ev, char given, char prior,
                           incstat_number_decision *out)
{
    memset(out, 0, sizeof *out);
    out->evidence = *ev;
    uint64_t comma = ev->both_comma + ev->groups_dot + ev->fraction_comma;
    uint64_t dot = ev->both_dot + ev->groups_comma + ev->fraction_dot;
    char dec;
    if (given == '.' || given == ',') {
        dec = given;
        out->source = INCSTAT_NUMFMT_GIVEN;
    } else if (comma || dot) {
        dec = comma > dot ? ',' : dot > comma ? '.' : prior;
        out->source = comma && dot ? INCSTAT_NUMFMT_MIXED : INCSTAT_NUMFMT_CELLS;
    } else if (ev->count_fraction_comma != ev->count_fraction_dot) {
        /* a count is whole: the reading that makes fewer of them fractions */
        dec = ev->count_fraction_comma < ev->count_fraction_dot ? ',' : '.';
        out->source = INCSTAT_NUMFMT_COUNTS;
    } else {
        dec = prior;
        out->source = ev->ambiguous_dot || ev->ambiguous_comma ? INCSTAT_NUMFMT_PRIOR
                                                               : INCSTAT_NUMFMT_PLAIN;
    }
    if (dec != ',')
        dec = '.';
    out->format.decimal = dec;
    out->format.group = (dec == ',' ? INCSTAT_GROUP_DOT : INCSTAT_GROUP_COMMA) | INCSTAT_GROUP_NBSP;
    if (ev->groups_space)
        out->format.group |= INCSTAT_GROUP_SPACE;
    if (ev->groups_apostrophe)
        out->format.group |= INCSTAT_GROUP_APOSTROPHE;
    out->nondefault = dec == ',' || ev->groups_space || ev->groups_apostrophe ||
                      out->source == INCSTAT_NUMFMT_PRIOR ||
                      out->source == INCSTAT_NUMFMT_COUNTS;
}

int incstat_numfmt_ambiguous(const char *s, size_t n)
{
    incstat_number_evidence ev;
    memset(&ev, 0, sizeof ev);
    incstat_numfmt_observe(&ev, s, n);
    return (ev.ambiguous_dot || ev.ambiguous_comma) &&
           !(ev.both_comma + ev.groups_dot + ev.fraction_comma + ev.both_dot + ev.groups_comma +
             ev.fraction_dot);
}
