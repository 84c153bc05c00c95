/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_data.c: "About the data": what the loader saw in the file
 * (columns, mapping, estimate, rows read and loaded, dates, encodings, cells
 * not understood) and how the rows were selected. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/source/encoding.h"
#include "core/text.h"
#include "report/report_internal.h"

static const char *eol_name(int e)
{
    static const char *const names[] = {"no", "LF", "CRLF", "LF and CRLF", "CR", "LF and CR",
                                        "CRLF and CR", "LF, CRLF and CR"};
    return names[e & 7];
}

static const char *estimate_text(report_doc *d, const report_ctx *c)
{
    const char *desc = report_preset_description(c->rep->preset);
    const char *best = desc ? strstr(desc, "best = ") : NULL;
    switch (c->estimate) {
    case INCSTAT_ESTIMATE_LOW:
        return "low: the lower figure of each incident (its minimum, or the low end of a range)";
    case INCSTAT_ESTIMATE_HIGH:
        return "high: the higher figure of each incident (its maximum, or the high end of a "
               "range; an open-ended figure such as \u201c40+\u201d counts as unknown)";
    default:
        if (best)
            return report_doc_printf(d, "best: %s (%s preset)", best + 7, c->rep->preset);
        return "best: the single figure, or the midpoint of a range such as \u201c2\u20133\u201d";
    }
}

/* An option's value as a shell word (core/text.h), so that a reader can
 * repeat the selection; as given when it is too long to quote here. */
static const char *quoted(const char *v, char *q, size_t cap)
{
    return incstat_shell_quote(v, q, cap) < cap ? q : v;
}

/* Why the last year is partial, and what follows from it. */
static const char *partial_text(report_doc *d, const report_ctx *c)
{
    char a[64], why[320];
    const char *unit;
    double g = incstat_summary_usual_gap(c->yearly, &unit);
    incstat_date e = c->covered_to;
    report_fmt_date(a, sizeof a, e);
    if (c->opt->summary.as_of.precision != INCSTAT_DATE_NONE) {
        snprintf(why, sizeof why, "the source is complete to %s (--as-of), before the end of the "
                 "year", a);
    } else if (strcmp(unit, "days") == 0 && e.precision == INCSTAT_DATE_DAY) {
        /* the silence the rule measures: from the last date to the next year */
        int left = incstat_date_days_in_month(e.year, e.month) - e.day + 1;
        for (int m = e.month + 1; m <= 12; m++)
            left += incstat_date_days_in_month(e.year, m);
        snprintf(why, sizeof why, "the data stop on %s; 1 January %d is %d days later, more than "
                 "the usual gap between incidents (%g days, the 90th percentile of the gaps "
                 "between their dates)", a, (int)e.year + 1, left, g);
    } else if (*unit) {
        snprintf(why, sizeof why, "the data stop in %s; the next year begins %d months later, more "
                 "than the usual gap between dates (%g %s, the 90th percentile of the gaps between "
                 "them)", a, 13 - e.month, g, g == 1 ? "month" : "months");
    } else {
        snprintf(why, sizeof why, "the data stop on %s, before the year's last month (too few "
                 "dates to measure the usual gap between incidents)", a);
    }
    return report_doc_printf(d, "%s: %s; the year is flagged partial, set against the same span of "
                             "the year before in the headline and the charts, hatched, and left "
                             "out of the ranks and the trend fits", c->last, why);
}

/* How many incidents have the killed (injured) unknown, and the years where
 * every one has: a sum of the known figures, unknown where none is. */
static const char *unknown_text(report_doc *d, const report_ctx *c)
{
    const incstat_summary *s = c->yearly;
    incstat_summary_row t;
    if (incstat_summary_total(s, &t, NULL) != INCSTAT_OK)
        return "";
    char buf[1024];
    report_sbuf sb;
    report_sb_init(&sb, buf, sizeof buf);
    for (int inj = 0; inj < 2; inj++) {
        if (inj && !report_has_field(c->rep, "injured"))
            break;
        uint64_t miss = inj ? t.injured_missing : t.killed_missing;
        if ((t.unknown & (inj ? INCSTAT_UNKNOWN_INJURED : INCSTAT_UNKNOWN_KILLED)) || !miss)
            continue;
        report_sb_add(&sb, "%s%s unknown for %llu %s", sb.len ? "; " : "", inj ? "injured" : "killed",
                      (unsigned long long)miss, c->periods ? (miss == 1 ? "row" : "rows")
                                                           : (miss == 1 ? "incident" : "incidents"));
        size_t n = 0;
        for (size_t k = 0; k < incstat_summary_rows(s); k++) {
            const incstat_summary_row *r = incstat_summary_row_at(s, k);
            if (!r->missing && isnan(inj ? r->injured : r->killed))
                report_sb_add(&sb, "%s%s", n++ ? ", " : " (for every one in ", r->key[0]);
        }
        if (n)
            report_sb_add(&sb, ")");
    }
    if (!sb.len)
        return "none: every figure the file has is known";
    report_sb_add(&sb, ". Sums add the known figures and say how many they leave out; a year "
                       "with no known figure is unknown, never zero.");
    return report_doc_str(d, buf);
}

void report_data_section(report_doc *d, const report_ctx *c)
{
    const incstat_load_report *r = c->rep;
    report_add_heading(d, "About the data", "data");
    report_table *t = report_doc_table(d, 17, 2, 0);
    if (!t)
        return;
    t->facts = 1;
    t->weight[0] = 1.1;
    t->weight[1] = 4.3;
    t->caption = "How the file was read";
    size_t i = 0;
    char a[64], b[64], e[64], buf[2048], q[1024];
    report_sbuf sb;
#define FACT(label, value)                                                             \
    do {                                                                               \
        t->cell[i * 2] = (label);                                                      \
        t->cell[i * 2 + 1] = (value);                                                  \
        i++;                                                                           \
    } while (0)
    report_fmt_num(a, sizeof a, (double)r->bytes, 0);
    FACT("Input file", report_doc_printf(d, "%s (%s bytes%s)", r->source, a, r->gzip ? ", gzip" : ""));

    const char *desc = report_preset_description(r->preset);
    if (strcmp(r->preset, "custom") == 0) {
        report_sb_init(&sb, buf, sizeof buf);
        report_sb_add(&sb, "none: the columns are mapped");
        if (c->load->schema_path)
            report_sb_add(&sb, " by the schema %s", c->load->schema_path);
        for (size_t k = 0; k < c->load->n_map; k++) /* as a reader would type them */
            report_sb_add(&sb, "%s%s", k ? ", " : c->load->schema_path ? " and with --map " : " with --map ",
                   quoted(c->load->map[k], q, sizeof q));
        FACT("Preset", report_doc_str(d, buf));
    } else {
        FACT("Preset", report_doc_printf(d, "%s (%s)%s%s", r->preset,
                                  r->preset_detected ? "detected from the header" : "chosen",
                                  desc ? ": " : "", desc ? desc : ""));
    }
    report_sb_init(&sb, buf, sizeof buf);
    if (r->encoding != INCSTAT_ENCODING_AUTO)
        report_sb_add(&sb, "%s", incstat_encoding_name(r->encoding));
    else if (r->cp1252_cells) {
        const incstat_encoding_choice *ec = &r->encoding_choice;
        report_sb_add(&sb, "UTF-8, but %llu %s not valid UTF-8 and %s read as %s (first at "
                    "line %llu)", (unsigned long long)r->cp1252_cells,
               r->cp1252_cells == 1 ? "cell was" : "cells were",
               r->cp1252_cells == 1 ? "was" : "were",
               incstat_encoding_label(ec->chosen ? ec->chosen : INCSTAT_ENCODING_WINDOWS_1252),
               (unsigned long long)r->first_cp1252_line);
        int overruled = ec->prior != INCSTAT_ENCODING_AUTO && ec->prior != ec->chosen;
        if (ec->by == INCSTAT_ENCODING_BY_TEXT && (ec->close || overruled)) {
            if (overruled)
                report_sb_add(&sb, ", not as the preset's %s", incstat_encoding_label(ec->prior));
            report_sb_add(&sb, "%s (%ld points to %ld as %s)",
                          ec->close ? ", by a close margin" : ": the text reads better so", ec->score,
                          ec->runner_up_score, incstat_encoding_label(ec->runner_up));
        }
    }
    else
        report_sb_add(&sb, "UTF-8");
    if (r->replaced_chars)
        report_sb_add(&sb, "; %llu invalid UTF-8 sequences replaced by U+FFFD (first at line %llu)",
               (unsigned long long)r->replaced_chars, (unsigned long long)r->first_replaced_line);
    if (r->bom)
        report_sb_add(&sb, "; byte order mark");
    FACT("Encoding", report_doc_str(d, buf));
    report_sb_init(&sb, buf, sizeof buf);
    report_sb_add(&sb, "%s%s; %s line ends",
           r->delimiter == ',' ? "comma" : r->delimiter == ';' ? "semicolon"
           : r->delimiter == '\t' ? "tab" : r->delimiter == '|' ? "vertical bar" : "other",
           r->sep_line ? " (from the sep= line)" : "", eol_name(r->line_endings));
    if (r->irregular_quotes)
        report_sb_add(&sb, "; %llu rows with irregular quoting, kept as written (first at line %llu)",
               (unsigned long long)r->irregular_quotes,
               (unsigned long long)r->first_irregular_line);
    FACT("Delimiter", report_doc_str(d, buf));

    report_fmt_num(a, sizeof a, (double)r->rows_read, 0);
    report_fmt_num(b, sizeof b, (double)r->rows_loaded, 0);
    report_fmt_num(e, sizeof e, (double)r->rows_skipped, 0);
    report_sb_init(&sb, buf, sizeof buf);
    report_sb_add(&sb, "%s rows read, %s loaded, %s skipped", a, b, e);
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        if (!r->skipped[k])
            continue;
        report_sb_add(&sb, "\nskipped, %s: %llu (line%s", incstat_skip_reason_name((incstat_skip_reason)k),
               (unsigned long long)r->skipped[k], r->skipped[k] > 1 ? "s" : "");
        for (uint64_t j = 0; j < r->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            report_sb_add(&sb, "%s %llu", j ? "," : "", (unsigned long long)r->skipped_lines[k][j]);
        report_sb_add(&sb, "%s)", r->skipped[k] > INCSTAT_REPORT_EXAMPLES ? ", \u2026" : "");
    }
    if (r->totals_line)
        report_sb_add(&sb, "\nthe publisher's totals row at line %llu is not counted as an incident",
               (unsigned long long)r->totals_line);
    if (r->short_rows)
        report_sb_add(&sb, "\n%llu rows have fewer fields than the header and were loaded with the rest "
                    "unknown (first at line %llu)", (unsigned long long)r->short_rows,
               (unsigned long long)r->first_short_line);
    if (r->empty_lines)
        report_sb_add(&sb, "\n%llu empty lines ignored", (unsigned long long)r->empty_lines);
    FACT("Rows", report_doc_str(d, buf));

    report_sb_init(&sb, buf, sizeof buf);
    for (size_t k = 0; k < c->opt->n_where; k++)
        report_sb_add(&sb, "%s--where %s", k ? ", " : "", quoted(c->opt->where[k], q, sizeof q));
    if (c->opt->from)
        report_sb_add(&sb, "%sfrom %s", sb.len ? ", " : "", c->opt->from);
    if (c->opt->to)
        report_sb_add(&sb, "%sto %s", sb.len ? ", " : "", c->opt->to);
    FACT("Selection", sb.len ? report_doc_str(d, buf) : c->periods ? "every loaded row"
                                                                  : "every loaded incident");

    report_fmt_date(a, sizeof a, c->latest);
    /* one year is "2021", not "2021 to 2021" */
    FACT("Years", strcmp(c->first, c->last) == 0
                      ? report_doc_printf(d, "%s only; the latest %s is dated %s", c->first,
                                          c->periods ? "row" : "incident", a)
                      : report_doc_printf(d, "%s to %s; the latest %s is dated %s", c->first,
                                          c->last, c->periods ? "row" : "incident", a));
    report_sb_init(&sb, buf, sizeof buf);
    const incstat_summary *s = c->yearly;
    for (size_t k = 0; k < incstat_summary_rows(s); k++)
        if (incstat_summary_row_at(s, k)->missing)
            report_sb_add(&sb, "%s%s", sb.len ? ", " : "", incstat_summary_row_at(s, k)->key[0]);
    FACT("Missing years",
         sb.len ? report_doc_printf(d, "%s: not covered by the source; shown as missing, never as zero, "
                                "and left out of the trend fits", buf)
                : c->periods ? "none: every year in the range is covered (the rows are years, not "
                               "incidents: a year without a row would be unknown, not zero)"
                : "none: every year in the range is covered (a year without incidents counts as "
                  "zero)");
    FACT("Partial periods", c->partial ? partial_text(d, c) : "none: the last year is covered to its end");
    FACT("Estimate", estimate_text(d, c));
    FACT("Unknown figures", unknown_text(d, c));
    if (r->low_above_high)
        FACT("Low above high", report_doc_printf(d, "%llu %s a low figure above the high (first at line "
                                             "%llu); kept as written",
                                          (unsigned long long)r->low_above_high,
                                          r->low_above_high == 1 ? "row has" : "rows have",
                                          (unsigned long long)r->first_low_above_high_line));

    report_sb_init(&sb, buf, sizeof buf);
    if (c->load->date_order_set)
        report_sb_add(&sb, "numeric dates read as %s (--date-order)",
               c->load->date_order == INCSTAT_DATE_ORDER_MDY   ? "month/day/year"
               : c->load->date_order == INCSTAT_DATE_ORDER_YMD ? "year/month/day"
                                                                 : "day/month/year");
    else if (r->date_evidence_dmy || r->date_evidence_mdy || r->date_ambiguous)
        report_sb_add(&sb, "numeric dates read as %s, decided from the unambiguous ones (%llu day "
                    "first, %llu month first)",
               r->date_order_used == INCSTAT_DATE_ORDER_MDY ? "month/day" : "day/month",
               (unsigned long long)r->date_evidence_dmy, (unsigned long long)r->date_evidence_mdy);
    else
        report_sb_add(&sb, "no day/month order question arose");
    if (r->date_ambiguous)
        report_sb_add(&sb, "; %llu could be either and follow that order",
               (unsigned long long)r->date_ambiguous);
    if (r->undated)
        report_sb_add(&sb, "; %llu loaded %s no usable date (first at line %llu) and %s not in the "
                    "yearly figures", (unsigned long long)r->undated,
               r->undated == 1 ? "row has" : "rows have", (unsigned long long)r->first_undated_line,
               r->undated == 1 ? "is" : "are");
    FACT("Dates", report_doc_str(d, buf));
    if (c->map_why[0]) /* why the report has no map (report_map.c) */
        FACT("Map", report_doc_printf(d, "none: %s", c->map_why + strlen("No map: ")));
    FACT("Made with", report_doc_printf(d, "incstat %s", incstat_version()));
#undef FACT
    t->rows = i;
    report_add_table(d, t);

    /* cells of mapped columns that were not understood */
    size_t nbad = 0;
    for (size_t k = 0; k < r->n_columns; k++)
        if (r->columns[k].unparsed && r->columns[k].field)
            nbad++;
    if (!nbad) {
        report_doc_add(d, REPORT_NOTE, "Every cell of the columns the report uses was understood.");
        return;
    }
    report_doc_add(d, REPORT_PARA, "Cells that could not be read count as unknown:");
    report_table *u = report_doc_table(d, nbad, 5, 1);
    if (!u)
        return;
    u->head[0] = "Column";
    u->head[1] = "Field";
    u->head[2] = "Cells";
    u->head[3] = "First at line";
    u->head[4] = "First value";
    u->align[2] = REPORT_RIGHT;
    u->align[3] = REPORT_RIGHT;
    u->weight[0] = 1.3;
    u->weight[1] = 1.2;
    u->weight[2] = 0.6;
    u->weight[3] = 0.9;
    u->weight[4] = 3.4;
    u->caption = "Cells not understood, per column";
    size_t j = 0;
    for (size_t k = 0; k < r->n_columns; k++) {
        const incstat_column_report *cr = &r->columns[k];
        if (!cr->unparsed || !cr->field)
            continue;
        report_fmt_num(a, sizeof a, (double)cr->unparsed, 0);
        u->cell[j * 5] = report_doc_str(d, cr->name);
        u->cell[j * 5 + 1] = report_doc_str(d, cr->field);
        u->cell[j * 5 + 2] = report_doc_str(d, a);
        u->cell[j * 5 + 3] = report_doc_printf(d, "%llu", (unsigned long long)cr->first_unparsed_line);
        u->cell[j * 5 + 4] = report_doc_printf(d, "\u201c%s\u201d", cr->first_unparsed);
        j++;
    }
    report_add_table(d, u);
}
