/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_report_cells.c: the column-name cell of inspect's tables (the
 * mapping and column table in load_report_inspect.c, the number table in
 * load_report_numbers.c), and the text on incidents unknown that the short
 * report and inspect share, in a file of their own so that each calls down
 * to them.  Names are UTF-8; the width counts characters, not bytes, so
 * "Année" pads like "Annee". */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "core/text.h"
#include "io/load/load_report_text.h"

#define NAME_MIN 32
#define NAME_MAX 48

/* Characters (UTF-8 code points) in s. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

size_t incstat_load_report_name_width_(const incstat_load_report *r)
{
    size_t w = NAME_MIN;
    for (size_t i = 0; i < r->n_columns && w < NAME_MAX; i++) {
        size_t n = chars(r->columns[i].name);
        if (n > w)
            w = n < NAME_MAX ? n : NAME_MAX;
    }
    return w;
}

void incstat_load_report_name_cell_(FILE *out, const char *name, size_t width)
{
    size_t n = chars(name);
    if (n <= width) {
        fprintf(out, "%s%*s", name, (int)(width - n), "");
        return;
    }
    /* width - 1 characters, then the ellipsis */
    size_t k = 0, i = 0;
    for (; name[i]; i++) {
        if (((unsigned char)name[i] & 0xC0) != 0x80 && k++ == width - 1)
            break;
    }
    fprintf(out, "%.*s\xE2\x80\xA6", (int)i, name);
}

void incstat_load_report_incidents_unknown_(FILE *out, const incstat_load_report *r)
{
    const char *col = "";
    for (size_t i = 0; i < r->n_mapping; i++)
        if (strcmp(r->mapping[i].field, "incidents") == 0)
            col = r->columns[r->mapping[i].column].name;
    fprintf(out, "unknown in %llu %s: ", (unsigned long long)r->incidents_unknown,
            incstat_plural_(r->incidents_unknown, "row", "rows"));
    if (r->incidents_sum_columns)
        fprintf(out, "a cell of the summed categories is missing");
    else
        fprintf(out, "no count in column \"%s\"", col);
    fprintf(out, " (first %s %llu)\n", incstat_line_word_(r),
            (unsigned long long)r->first_incidents_unknown_line);
}

void incstat_load_report_sums_(FILE *out, const incstat_load_report *r, const char *indent)
{
    for (size_t i = 0; i < r->n_mapping; i++) {
        const incstat_field_mapping *m = &r->mapping[i];
        if (!m->n_parts)
            continue;
        fprintf(out, "%s%s: the sum of ", indent, m->field);
        for (size_t k = 0; k < m->n_parts; k++)
            fprintf(out, "%s\"%s\"", k ? " + " : "", r->columns[m->parts[k]].name);
        fprintf(out, " (%s)", m->evidence);
        if (strstr(m->evidence, "name no measure")) { /* said, and how to undo it */
            char spec[512], quoted[1100];
            size_t len = (size_t)snprintf(spec, sizeof spec, "injured=");
            for (size_t k = 0; k < m->n_parts && len < sizeof spec; k++)
                len += (size_t)snprintf(spec + len, sizeof spec - len, "%s%s", k ? "+" : "",
                                        r->columns[m->parts[k]].name);
            incstat_shell_quote(spec, quoted, sizeof quoted);
            fprintf(out, "; if they count the injured: --map %s --map killed=", quoted);
        }
        if (m->partly_known)
            fprintf(out, "; %llu %s some of them unknown: the sum of the known ones (first at "
                    "%s %llu)", (unsigned long long)m->partly_known,
                    incstat_plural_(m->partly_known, "row with", "rows with"),
                    incstat_line_word_(r), (unsigned long long)m->first_partly_known_line);
        fputc('\n', out);
    }
}

void incstat_load_report_repeats_(FILE *out, const incstat_load_report *r, const char *indent)
{
    uint64_t n = r->skipped[INCSTAT_SKIP_REPEATED_PERIOD];
    if (!n)
        return;
    int entity = r->period_key[0] && strchr(r->period_key, ',');
    fprintf(out, "%s%llu %s the %s of a row above (by %s), not counted: ", indent,
            (unsigned long long)n, incstat_plural_(n, "row repeats", "rows repeat"),
            entity ? "entity and period" : "period",
            r->period_key[0] ? r->period_key : "period");
    for (uint64_t j = 0; j < n && j < INCSTAT_REPORT_EXAMPLES; j++)
        fprintf(out, "%s%s %llu repeats %s %llu", j ? ", " : "", incstat_line_word_(r),
                (unsigned long long)r->skipped_lines[INCSTAT_SKIP_REPEATED_PERIOD][j],
                incstat_line_word_(r), (unsigned long long)r->repeated_first_lines[j]);
    fprintf(out, "%s", n > INCSTAT_REPORT_EXAMPLES ? ", ..." : "");
    if (r->repeated_differ)
        fprintf(out, "; %llu of them %s other figures: the first row stands, check which is right",
                (unsigned long long)r->repeated_differ,
                incstat_plural_(r->repeated_differ, "holds", "hold"));
    else
        fprintf(out, "; each is a copy of the row it repeats");
    fputc('\n', out);
}
