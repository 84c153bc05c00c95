/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_sections.c: what the report says, section by section:
 * the title block (headline, peak, totals, yearly bars), the yearly table,
 * the trend in words, a chart and numbers, the categories and the months.
 * "About the data" is in report_data.c; report.c calls them in order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

/* The selection as the charts' titles name it: "Pakistan: " or "". */
static const char *selection_prefix(report_doc *d, const report_ctx *c)
{
    chart_summary_args ca;
    char sel[256];
    memset(&ca, 0, sizeof ca);
    ca.where = c->opt->where;
    ca.n_where = c->opt->n_where;
    ca.rep = c->rep;
    chart_summary_selection(&ca, sel, sizeof sel);
    return *sel ? report_doc_printf(d, "%s: ", sel) : "";
}

/* The words after it: "people killed" when a selection comes first, else
 * "People killed". */
static const char *people_killed(const char *prefix)
{
    return *prefix ? "people killed" : "People killed";
}

static void add_chart(report_doc *d, const report_ctx *c, incstat_chart_kind kind,
                      const incstat_summary *s, chart_trend_kind trend, const char *title,
                      const char *alt)
{
    chart_summary_args ca;
    memset(&ca, 0, sizeof ca);
    ca.kind = kind;
    ca.metric = SUMMARY_METRIC_KILLED;
    ca.estimate = c->estimate;
    ca.input = c->input;
    ca.preset = c->rep->preset;
    ca.top = c->opt->top;
    ca.title = title;
    ca.where = c->opt->where;
    ca.n_where = c->opt->n_where;
    ca.rep = c->rep;
    if (kind == INCSTAT_CHART_STACKED) {
        ca.subtitle = c->cat_subtitle;
        ca.by_country = c->bycountry;
        ca.note = c->country_note;
    }
    if (kind == INCSTAT_CHART_LINE) {
        /* the trend and change points only where the fit works: a tiny
         * series still gets its line */
        ca.trend = c->res ? trend : CHART_TREND_NONE;
        ca.changepoints = c->res != NULL;
    }
    incstat_chart *ch = NULL;
    incstat_error err;
    const char *why = NULL;
    if (!s)
        why = report_doc_printf(d, "Chart not drawn: %s", kind == INCSTAT_CHART_HEATMAP
                                                       ? c->monthly_err.message
                                                       : c->bycat_err.message);
    else if (chart_from_summary(&ca, s, &ch, &err) != 0)
        why = report_doc_printf(d, "Chart not drawn: %s", err.message);
    report_block *b = report_doc_add(d, REPORT_CHART, why);
    if (!b) {
        incstat_chart_free(ch);
        return;
    }
    b->chart = ch;
    b->alt = alt;
    b->aspect = 0.56;
    if (kind == INCSTAT_CHART_HEATMAP && s) {
        /* a row a year: a few years make a short chart */
        size_t n = incstat_summary_rows(s);
        int years = n ? incstat_summary_row_at(s, n - 1)->year - incstat_summary_row_at(s, 0)->year + 1
                      : 1;
        double a = (100.0 + 15.0 * years) / 480.0;
        b->aspect = a < 0.3 ? 0.3 : a > 0.68 ? 0.68 : a;
    }
}

/* The headline counts incidents ("... were killed in 1 incident."); rows that
 * are not incidents have none to count, so that clause goes. */
static void drop_incident_count(char *buf)
{
    /* every sentence that counts them: a part year's headline has two */
    char *in = buf;
    while ((in = strstr(in, " killed in ")) != NULL) {
        char *dot = strchr(in + 11, '.');
        if (!dot)
            break;
        memmove(in + 7, dot, strlen(dot) + 1);
        in += 7;
    }
}

/* Years whose count of incidents is unknown (a table of periods with a
 * count missing). */
static size_t incidents_unknown_years(const incstat_summary *s)
{
    size_t n = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        n += !r->missing && (r->unknown & INCSTAT_UNKNOWN_INCIDENTS);
    }
    return n;
}

/* The covered years whose killed (injured 0, 1) is unknown for every
 * incident, as "2022, 2023 and 2024" into buf; their count. */
static size_t unknown_years(const incstat_summary *s, int injured, char *buf, size_t cap)
{
    report_sbuf sb;
    report_sb_init(&sb, buf, cap);
    size_t n = 0, total = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        total += !r->missing && isnan(injured ? r->injured : r->killed);
    }
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (r->missing || !isnan(injured ? r->injured : r->killed))
            continue;
        n++;
        report_sb_add(&sb, "%s%s", n == 1 ? "" : n == total ? " and " : ", ", r->key[0]);
    }
    return n;
}

/* The years of the report: "1995\u20132017" (sep "\u2013") or "1995 to
 * 2017"; a file of one year is "2021", never "2021\u20132021". */
static const char *years(report_doc *d, const report_ctx *c, const char *sep)
{
    if (strcmp(c->first, c->last) == 0)
        return c->first;
    return report_doc_printf(d, "%s%s%s", c->first, sep, c->last);
}

/* "From 1995 to 2017", or "In 2021" for one year. */
static const char *over_years(report_doc *d, const report_ctx *c)
{
    if (strcmp(c->first, c->last) == 0)
        return report_doc_printf(d, "In %s", c->first);
    return report_doc_printf(d, "From %s to %s", c->first, c->last);
}

/* The years the source covers (not gaps in it). */
static size_t covered_years(const incstat_summary *s)
{
    size_t n = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++)
        n += !incstat_summary_row_at(s, i)->missing;
    return n;
}

/* The title block: title, source line, the headline sentences, the peak and
 * the totals, and the yearly bars. */
void report_title_section(report_doc *d, const report_ctx *c)
{
    const incstat_summary *s = c->yearly;
    char a[64], b[64], e[64];
    if (c->opt->title)
        d->title = report_doc_str(d, c->opt->title);
    else if (c->periods)
        d->title = report_doc_printf(d, "People killed%s, %s", c->injured ? " and injured" : "",
                                     years(d, c, "\u2013"));
    else
        d->title = report_doc_printf(d, "People killed%s in %s, %s",
                              c->injured ? " and injured" : "", c->noun, years(d, c, "\u2013"));
    report_doc_add(d, REPORT_TITLE, d->title);

    char buf[2048];
    report_sbuf sb;
    report_sb_init(&sb, buf, sizeof buf);
    for (size_t k = 0; k < c->opt->n_where; k++)
        report_sb_add(&sb, "%s%s", k ? ", " : "; where ", c->opt->where[k]);
    report_fmt_date(a, sizeof a, c->covered_to);
    report_doc_add(d, REPORT_SUBTITLE,
            report_doc_printf(d, "Source: %s%s%s%s; %s estimate%s. Data up to %s.",
                       report_base_name(c->rep->source), c->rep->preset ? " (" : "",
                       c->rep->preset ? c->rep->preset : "", c->rep->preset ? ")" : "",
                       summary_estimate_name(c->estimate), buf, a));

    incstat_error err;
    if (incstat_summary_headline(s, 0, c->noun, buf, sizeof buf, &err) == INCSTAT_OK) {
        if (c->periods)
            drop_incident_count(buf);
        report_doc_add(d, REPORT_LEDE, report_doc_str(d, buf));
    }
    else
        report_doc_add(d, REPORT_LEDE, report_doc_printf(d, "No headline for the latest year: %s.", err.message));

    /* the peak, and the totals over the whole range */
    const incstat_summary_row *peak = NULL;
    for (size_t i = 0; i < incstat_summary_rows(s) && !peak; i++)
        if (incstat_summary_row_at(s, i)->killed_rank == 1)
            peak = incstat_summary_row_at(s, i);
    report_sb_init(&sb, buf, sizeof buf);
    const incstat_summary_row *latest = NULL;
    for (size_t i = incstat_summary_rows(s); i-- > 0 && !latest;)
        if (!incstat_summary_row_at(s, i)->missing)
            latest = incstat_summary_row_at(s, i);
    if (peak == latest)
        ; /* the headline already says it is the deadliest */
    else if (peak && peak->killed > 0 && (c->periods || (peak->unknown & INCSTAT_UNKNOWN_INCIDENTS))) {
        report_fmt_whole(a, sizeof a, peak->killed);
        report_sb_add(&sb, "The deadliest year was %s, with about %s %s killed.", peak->key[0], a,
                      peak->killed < 1.5 ? "person" : "people");
    } else if (peak && peak->killed > 0) {
        report_fmt_whole(a, sizeof a, peak->killed);
        report_fmt_num(b, sizeof b, (double)peak->incidents, 0);
        report_sb_add(&sb, "The deadliest year was %s, with about %s %s killed in %s %s.", peak->key[0],
               a, peak->killed < 1.5 ? "person" : "people", b,
               peak->incidents == 1 ? "incident" : c->noun);
    } else if (peak) {
        report_sb_add(&sb, "No deaths are recorded in these data.");
    }
    incstat_summary_row t;
    if (incstat_summary_total(s, &t, &err) == INCSTAT_OK && isnan(t.killed)) {
        /* no incident's toll is known: never "0 people killed" */
        report_fmt_num(a, sizeof a, (double)t.incidents, 0);
        if (c->periods || (t.unknown & INCSTAT_UNKNOWN_INCIDENTS))
            report_sb_add(&sb, "%s%s the number killed is unknown.", sb.len ? " " : "",
                          over_years(d, c));
        else
            report_sb_add(&sb, "%s%s the data record %s %s; the number killed is "
                          "unknown for every one of them.", sb.len ? " " : "", over_years(d, c),
                          a, t.incidents == 1 ? "incident" : c->noun);
    } else if (incstat_summary_total(s, &t, &err) == INCSTAT_OK) {
        report_fmt_num(a, sizeof a, (double)t.incidents, 0);
        report_fmt_whole(b, sizeof b, t.killed);
        if (c->periods)
            report_sb_add(&sb, "%s%s the data record about %s people killed",
                          sb.len ? " " : "", over_years(d, c), b);
        else if (t.unknown & INCSTAT_UNKNOWN_INCIDENTS) /* a year's count is missing */
            report_sb_add(&sb, "%s%s the data record about %s people killed (the "
                          "number of %s is unknown for %zu %s)",
                          sb.len ? " " : "", over_years(d, c), b, c->noun,
                          incidents_unknown_years(s), incidents_unknown_years(s) == 1 ? "year" : "years");
        else
            report_sb_add(&sb, "%s%s the data record %s %s, with about %s people killed",
                   sb.len ? " " : "", over_years(d, c), a, t.incidents == 1 ? "incident" : c->noun,
                   b);
        if (t.killed_low != t.killed_high && isfinite(t.killed_low) && isfinite(t.killed_high)) {
            report_fmt_whole(a, sizeof a, t.killed_low);
            report_fmt_whole(b, sizeof b, t.killed_high);
            report_sb_add(&sb, " (%s on the low figures, %s on the high)", a, b);
        }
        if (c->injured) {
            report_fmt_whole(e, sizeof e, t.injured);
            report_sb_add(&sb, " and %s injured", e);
        }
        report_sb_add(&sb, ".");
        report_fmt_num(a, sizeof a, (double)t.killed_missing, 0);
        report_fmt_num(b, sizeof b, (double)t.injured_missing, 0);
        if (t.killed_missing && c->injured && t.injured_missing)
            report_sb_add(&sb, " The number killed is unknown for %s of them and the number injured "
                        "for %s; they count as incidents but add nothing to the sums.", a, b);
        else if (t.killed_missing)
            report_sb_add(&sb, " The number killed is unknown for %s of them; they count as incidents "
                        "but add nothing to the sums.", a);
        else if (c->injured && t.injured_missing)
            report_sb_add(&sb, " The number injured is unknown for %s of them; they count as "
                        "incidents but add nothing to the sums.", b);
        /* years whose figure is unknown for every incident: not a 0 in any sum */
        char yrs[256];
        if (unknown_years(s, 0, yrs, sizeof yrs))
            report_sb_add(&sb, " The number killed is unknown in %s.", yrs);
        if (c->injured && unknown_years(s, 1, yrs, sizeof yrs))
            report_sb_add(&sb, " The number injured is unknown in %s.", yrs);
    }
    if (sb.len)
        report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));
    add_chart(d, c, INCSTAT_CHART_BAR, s, CHART_TREND_NONE, NULL,
              covered_years(s) == 1
                  ? report_doc_printf(d, "Bar chart of people killed in %s.", c->first)
                  : report_doc_printf(d, "Bar chart of people killed each year, %s, the deadliest "
                                      "year highlighted.", years(d, c, " to ")));
}

/* A sum for the yearly table: "unknown" when no incident's figure is
 * known, marked "*" when it leaves some out (the note counts them). */
static const char *figure(report_doc *d, double v, uint64_t left_out)
{
    char a[64];
    if (isnan(v))
        return "unknown";
    report_fmt_num(a, sizeof a, v, 0);
    return report_doc_printf(d, "%s%s", a, left_out ? "*" : "");
}

/* The yearly table. */
void report_table_section(report_doc *d, const report_ctx *c)
{
    const incstat_summary *s = c->yearly;
    size_t n = incstat_summary_rows(s);
    int range = 0;
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->missing && r->killed_low != r->killed_high &&
            !(isnan(r->killed_low) && isnan(r->killed_high)))
            range = 1;
    }
    enum { C_YEAR, C_INC, C_KILLED, C_RANGE, C_INJ, C_CHG, C_PCT, C_RANK, C_SINCE, C_NOTE, C_N };
    static const char *const HEAD[C_N] = {"Year", "Incidents", "Killed", "Low\u2013high",
                                          "Injured", "Change", "Change\u00a0%", "Rank",
                                          "Deadliest since", "Note"};
    static const unsigned char ALIGN[C_N] = {REPORT_LEFT, REPORT_RIGHT, REPORT_DECIMAL,
                                             REPORT_RIGHT, REPORT_DECIMAL, REPORT_DECIMAL,
                                             REPORT_DECIMAL, REPORT_RIGHT, REPORT_RIGHT,
                                             REPORT_LEFT};
    static const double WEIGHT[C_N] = {0.75, 1.2, 1.05, 1.4, 1.1, 1.15, 1.15, 0.7, 1.2, 2.3};
    int use[C_N];
    size_t cols = 0;
    /* one year has no change, rank or record: no empty columns for them */
    int one = covered_years(s) == 1;
    for (int k = 0; k < C_N; k++) {
        use[k] = (k != C_RANGE || range) && (k != C_INJ || c->injured) &&
                 (k != C_INC || !c->periods) &&
                 (!one || (k != C_CHG && k != C_PCT && k != C_RANK && k != C_SINCE));
        cols += (size_t)use[k];
    }
    report_add_heading(d, "Year by year", "year-by-year");
    report_table *t = report_doc_table(d, n, cols, 1);
    if (!t)
        return;
    t->caption = c->periods ? report_doc_printf(d, "Killed per year, %s", years(d, c, "\u2013"))
                 : report_doc_printf(d, "Incidents, killed and injured per year, %s",
                                     years(d, c, "\u2013"));
    size_t col = 0;
    for (int k = 0; k < C_N; k++)
        if (use[k]) {
            t->head[col] = HEAD[k];
            t->align[col] = ALIGN[k];
            t->weight[col] = WEIGHT[k];
            col++;
        }
    char a[64];
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        const char *cell[C_N];
        for (int k = 0; k < C_N; k++)
            cell[k] = "";
        cell[C_YEAR] = report_doc_str(d, r->key[0]);
        if (c->periods && !r->missing &&
            (isnan(r->killed) || (!(r->unknown & INCSTAT_UNKNOWN_INCIDENTS) && r->incidents == 0))) {
            /* rows that are years: a year without one is unknown, not 0 */
            cell[C_NOTE] = "no row in the file";
            t->row_style[i] = REPORT_ROW_MUTED;
        } else if (r->missing) {
            cell[C_NOTE] = "not covered by the source";
            t->row_style[i] = REPORT_ROW_MUTED;
        } else {
            report_fmt_num(a, sizeof a,
                           (r->unknown & INCSTAT_UNKNOWN_INCIDENTS) ? NAN : (double)r->incidents, 0);
            cell[C_INC] = report_doc_str(d, a);
            cell[C_KILLED] = figure(d, r->killed, r->killed_missing);
            if (r->killed_low != r->killed_high &&
                !(isnan(r->killed_low) && isnan(r->killed_high))) {
                const char *lo = figure(d, r->killed_low, r->killed_low_missing),
                           *hi = figure(d, r->killed_high, r->killed_high_missing);
                cell[C_RANGE] = report_doc_printf(d, "%s\u2013%s", lo, hi);
            }
            cell[C_INJ] = figure(d, r->injured, r->injured_missing);
            report_fmt_num(a, sizeof a, r->killed_yoy, 1);
            cell[C_CHG] = report_doc_str(d, a);
            if (!isnan(r->killed_yoy_pct)) {
                report_fmt_num(a, sizeof a, r->killed_yoy_pct, 1);
                cell[C_PCT] = report_doc_printf(d, "%s%%", a);
            }
            if (r->killed_rank)
                cell[C_RANK] = report_doc_printf(d, "%llu", (unsigned long long)r->killed_rank);
            if (r->highest_since)
                cell[C_SINCE] = report_doc_str(d, r->highest_since);
            else if (i > 0 && r->killed > 0 && !r->partial) /* a part year holds no record */
                cell[C_SINCE] = "record";
            if (r->killed_rank == 1 && r->killed > 0)
                t->row_style[i] = REPORT_ROW_STRONG;
            char note[256];
            report_sbuf sb;
            report_sb_init(&sb, note, sizeof note);
            if (r->partial && c->covered_to.precision >= INCSTAT_DATE_DAY)
                report_sb_add(&sb, "partial, to %d %.3s", c->covered_to.day,
                              REPORT_MONTHS[(c->covered_to.month - 1) % 12]);
            else if (r->partial && c->covered_to.precision == INCSTAT_DATE_MONTH)
                report_sb_add(&sb, "partial, to %.3s", REPORT_MONTHS[(c->covered_to.month - 1) % 12]);
            else if (r->partial)
                report_sb_add(&sb, "partial");
            if (r->killed_missing)
                report_sb_add(&sb, "%s%llu killed unknown", sb.len ? "; " : "",
                       (unsigned long long)r->killed_missing);
            /* the low and high sums' own counts, where the chosen one's is not theirs */
            if (range && !isnan(r->killed_low) && r->killed_low_missing &&
                r->killed_low_missing != r->killed_missing)
                report_sb_add(&sb, "%s%llu low unknown", sb.len ? "; " : "",
                              (unsigned long long)r->killed_low_missing);
            if (range && !isnan(r->killed_high) && r->killed_high_missing &&
                r->killed_high_missing != r->killed_missing)
                report_sb_add(&sb, "%s%llu high unknown", sb.len ? "; " : "",
                              (unsigned long long)r->killed_high_missing);
            if (c->injured && r->injured_missing && !(r->unknown & INCSTAT_UNKNOWN_INJURED))
                report_sb_add(&sb, "%s%llu injured unknown", sb.len ? "; " : "",
                              (unsigned long long)r->injured_missing);
            cell[C_NOTE] = report_doc_str(d, note);
        }
        col = 0;
        for (int k = 0; k < C_N; k++)
            if (use[k])
                t->cell[i * cols + col++] = cell[k];
    }
    report_add_table(d, t);
    static const char *const ONE = "With one year in the file there is no change from a year "
                                   "before, no rank and no record: those columns are left out.";
    if (c->periods)
        report_doc_add(d, REPORT_NOTE,
            report_doc_printf(d, "Killed is the %s estimate of the rows of each year (the rows are "
                              "not incidents: there is no incident count). %s%s",
                              summary_estimate_name(c->estimate),
                              range ? "Low\u2013high gives the low and the high figures. " : "",
                              one ? ONE
                                  : "Change compares the number killed with the year before; rank "
                                    "and \u201cdeadliest since\u201d as in incstat summary."));
    else
    report_doc_add(d, REPORT_NOTE,
            report_doc_printf(d, "%s %s estimate; an "
                          "incident whose figure is unknown counts in Incidents but adds nothing: "
                          "a sum marked * leaves such incidents out (the note gives how many), "
                          "and a year with no known figure says unknown, never 0. %s%s",
                       c->injured ? "Killed and injured are sums of each incident's"
                                  : "Killed is the sum of each incident's",
                       summary_estimate_name(c->estimate),
                       range ? "Low\u2013high sums the low and the high figures of the "
                               "killed. " : "",
                       one ? ONE
                           : "Change compares the number killed with the year before. Rank 1 is "
                             "the deadliest year (ties share a rank); \u201cdeadliest since\u201d "
                             "is the latest earlier year with at least as many killed, "
                             "\u201crecord\u201d marks a year deadlier than all before it; a "
                             "year whose toll is unknown has no change, rank or record, and the "
                             "others pass over it."));
}

/* ---- the trend ------------------------------------------------------------------- */

/* "rose by about 38% a year (95% CI 26% to 52%)" */
static void glm_phrase(char *buf, size_t cap, const incstat_trend_glm *g, int lv)
{
    char p0[32], p1[32], p2[32];
    report_fmt_pct(p0, sizeof p0, fabs(g->change_pct), 0);
    report_fmt_pct(p1, sizeof p1, g->ci_pct[0], 0);
    report_fmt_pct(p2, sizeof p2, g->ci_pct[1], 0);
    if (g->ci_pct[0] > 0 || g->ci_pct[1] < 0)
        snprintf(buf, cap, "%s by about %s a year (%d%% CI %s to %s)",
                 g->change_pct > 0 ? "rose" : "fell", p0, lv, p1, p2);
    else
        snprintf(buf, cap, "shows no clear trend: %s%s a year (%d%% CI %s to %s)",
                 g->change_pct >= 0 ? "+" : REPORT_MINUS, p0, lv, p1, p2);
}

static const char *status_note(const char *note, incstat_status st)
{
    return note ? note : incstat_strerror(st);
}

static void trend_table(report_doc *d, const report_ctx *c, int lv)
{
    const incstat_trend_result *r = c->res;
    report_table *t = report_doc_table(d, 7, 4, 1);
    if (!t)
        return;
    t->head[0] = "Method";
    t->head[1] = "Estimate";
    t->head[2] = report_doc_printf(d, "%d%% interval", lv);
    t->head[3] = "Notes";
    t->weight[0] = 1.5;
    t->weight[1] = 1.3;
    t->weight[2] = 1.3;
    t->weight[3] = 2.8;
    t->caption = "Trend statistics on the yearly number killed";
    char a[64], b[64], e[64];
    size_t i = 0;
#define ROW(m, est, ci, note)                                                          \
    do {                                                                               \
        t->cell[i * 4] = (m);                                                          \
        t->cell[i * 4 + 1] = (est);                                                    \
        t->cell[i * 4 + 2] = (ci);                                                     \
        t->cell[i * 4 + 3] = (note);                                                   \
        i++;                                                                           \
    } while (0)
    const incstat_trend_ols *ol = &r->ols;
    if (ol->status == INCSTAT_OK) {
        char r2[32];
        report_fmt_sig(a, sizeof a, ol->slope, 1);
        report_fmt_sig(b, sizeof b, ol->slope_ci[0], 0);
        report_fmt_sig(e, sizeof e, ol->slope_ci[1], 0);
        report_fmt_sig(r2, sizeof r2, ol->r2, 0);
        ROW("Least-squares slope", report_doc_printf(d, "%s a year", a), report_doc_printf(d, "%s to %s", b, e),
            report_doc_printf(d, "R\u00b2 %s", r2));
    } else {
        ROW("Least-squares slope", "n/a", "", status_note(ol->note, ol->status));
    }
    const incstat_trend_glm *gs[2] = {&r->poisson, &r->negbin};
    for (int k = 0; k < 2; k++) {
        const incstat_trend_glm *g = gs[k];
        const char *name = k ? "Negative binomial" : "Poisson";
        if (g->status != INCSTAT_OK) {
            ROW(name, "n/a", "", status_note(g->note, g->status));
            continue;
        }
        report_fmt_pct(a, sizeof a, g->change_pct, 1);
        report_fmt_pct(b, sizeof b, g->ci_pct[0], 0);
        report_fmt_pct(e, sizeof e, g->ci_pct[1], 0);
        const char *note;
        if (!k) {
            char q1[32], q2[32], ds[32];
            report_fmt_pct(q1, sizeof q1, g->quasi_ci_pct[0], 0);
            report_fmt_pct(q2, sizeof q2, g->quasi_ci_pct[1], 0);
            report_fmt_ratio(ds, sizeof ds, g->dispersion);
            note = report_doc_printf(d, "dispersion %s; quasi-Poisson interval %s to %s", ds, q1, q2);
        } else if (g->theta_infinite) {
            note = "not overdispersed: theta infinite, the Poisson fit";
        } else {
            char th[32];
            report_fmt_sig(th, sizeof th, g->theta, 0);
            note = report_doc_printf(d, "theta %s", th);
        }
        ROW(name, report_doc_printf(d, "%s a year", a), report_doc_printf(d, "%s to %s", b, e), note);
    }
    const incstat_trend_mk *m = &r->mk;
    if (m->status == INCSTAT_OK) {
        char z[32], p[32];
        report_fmt_sig(a, sizeof a, m->tau, 0);
        report_fmt_sig(z, sizeof z, m->z, 0);
        report_fmt_p(p, sizeof p, m->p_value);
        ROW("Mann-Kendall", report_doc_printf(d, "tau-b %s", a), "",
            report_doc_printf(d, "S = %.0f, z = %s, %s", m->s, z, p));
    } else {
        ROW("Mann-Kendall", "n/a", "", status_note(m->note, m->status));
    }
    const incstat_trend_sen *sn = &r->sen;
    if (sn->status == INCSTAT_OK) {
        report_fmt_sig(a, sizeof a, sn->slope, 1);
        report_fmt_sig(b, sizeof b, sn->ci[0], 0);
        report_fmt_sig(e, sizeof e, sn->ci[1], 0);
        ROW("Sen's slope", report_doc_printf(d, "%s a year", a),
            sn->ci_defined ? report_doc_printf(d, "%s to %s", b, e) : "",
            sn->note ? sn->note : sn->ci_defined ? "" : "too few years for an interval");
    } else {
        ROW("Sen's slope", "n/a", "", status_note(sn->note, sn->status));
    }
    const incstat_trend_changepoints *cp = &r->cp;
    if (cp->status == INCSTAT_OK && cp->segments) {
        char pen[32];
        report_fmt_sig(pen, sizeof pen, cp->penalty, 0);
        ROW("Change points",
            report_doc_printf(d, "%zu change%s", cp->n_segments - 1, cp->n_segments == 2 ? "" : "s"),
            "", report_doc_printf(d, "PELT, %s cost, penalty %s, segments of at least %zu years%s%s",
                           cp->cost_kind == INCSTAT_TREND_CP_NEGBIN ? "negative binomial"
                                                                    : "Poisson",
                           pen, cp->min_segment, cp->note ? "; " : "", cp->note ? cp->note : ""));
    const incstat_trend_smooth *sm = &r->smooth;
    if (sm->status == INCSTAT_OK) {
        char aic[32], aic1[32];
        report_fmt_sig(aic, sizeof aic, sm->aic, 0);
        report_fmt_sig(aic1, sizeof aic1, r->negbin.aic, 0);
        ROW("Smooth (NB spline)", report_doc_printf(d, "df %u%s", sm->df,
                                                      sm->auto_df ? " by AIC" : ""),
            "", report_doc_printf(d, "AIC %s; log-linear %s", aic, aic1));
    }
    } else {
        ROW("Change points", "n/a", "", status_note(cp->note, cp->status));
    }
#undef ROW
    t->rows = i;
    report_add_table(d, t);
}

/* The one line in place of the trend when none could be fitted.  Too few
 * years is said plainly, with what can be fitted instead (incstat trend by
 * month), unless the rows are years and have nothing finer. */
static const char *no_trend(report_doc *d, const report_ctx *c, const char *left_out)
{
    size_t known = 0;
    for (size_t i = 0; i < c->n_fit; i++)
        known += !isnan(c->se.y[i]);
    if (c->fit_err.code != INCSTAT_EDOMAIN || known >= 3) {
        const char *why = c->fit_err.message;
        if (strncmp(why, "trend: ", 7) == 0)
            why += 7;
        return report_doc_printf(d, "The trend could not be estimated: %s (years %s to %s).%s", why,
                                 c->first, c->n_fit ? c->se.labels[c->n_fit - 1] : c->last,
                                 left_out);
    }
    const char *finer = c->rep && c->rep->rows_periods && !c->rep->period_months &&
                                !c->rep->period_quarters
                            ? "the rows are years, with nothing finer to fit one to"
                            : "incstat trend --by month fits one to the months";
    size_t covered = covered_years(c->yearly);
    if (covered == 1 && c->partial)
        return report_doc_printf(d, "No trend is given: the data cover only part of %s, and a "
                                 "trend needs at least three whole years; %s.", c->last, finer);
    if (covered == 1)
        return report_doc_printf(d, "No trend is given: the data cover one year, %s, and a trend "
                                 "needs at least three; %s.", c->first, finer);
    /* two years at most: name them */
    const char *have = "none";
    for (size_t i = 0, k = 0; i < c->n_fit; i++)
        if (!isnan(c->se.y[i]))
            have = k++ == 0 ? report_doc_printf(d, "%s, %s", known == 1 ? "only one" : "two",
                                                c->se.labels[i])
                            : report_doc_printf(d, "%s and %s", have, c->se.labels[i]);
    return report_doc_printf(d, "No trend is given: a trend needs at least three years with a "
                             "known toll, and the data have %s; %s.%s", have, finer, left_out);
}

void report_trend_section(report_doc *d, const report_ctx *c)
{
    report_add_heading(d, "Trend", "trend");
    chart_trend_kind kind = c->trend;
    int smooth_leads = kind == CHART_TREND_AUTO && c->res && c->res->smooth.status == INCSTAT_OK &&
                       c->res->smooth.better_than_loglinear;
    const incstat_trend_glm *drawn = !c->res ? NULL
                                     : kind == CHART_TREND_POISSON ? &c->res->poisson
                                                                 : &c->res->negbin;
    const char *sp = selection_prefix(d, c);
    const char *trend_kind = kind == CHART_TREND_POISSON ? "Poisson"
                             : smooth_leads              ? "smooth (negative-binomial spline)"
                                                         : "negative-binomial";
    /* a trend needs 3 known years: with fewer the chart would be a dot or
     * two, left out (the paragraph below says why) */
    size_t known = 0;
    for (size_t i = 0; i < c->n_fit; i++)
        known += !isnan(c->se.y[i]);
    if (c->res || known >= 3)
        add_chart(d, c, INCSTAT_CHART_LINE, c->yearly, kind,
                  drawn && drawn->status == INCSTAT_OK
                      ? report_doc_printf(d, "%s%s per year and the %s trend, %s\u2013%s", sp,
                                          people_killed(sp), trend_kind, c->first, c->last)
                      : NULL,
                  !c->res ? report_doc_printf(d, "Line chart of people killed %s%s, with no "
                                              "trend fitted.",
                                              covered_years(c->yearly) == 1 ? "in " : "each year, ",
                                              years(d, c, " to "))
                          : report_doc_printf(d, "Line chart of people killed each year with the "
                                              "%s trend, its 95%% confidence band and the change "
                                              "points.", trend_kind));
    const char *left_out = c->partial
                               ? report_doc_printf(d, " %s is covered only in part and is left out: a "
                                               "part year would read as a fall.", c->last)
                               : "";
    if (!c->res) {
        report_doc_add(d, REPORT_PARA,
                       known < 3 ? report_doc_printf(d, "%s No trend chart is drawn.",
                                                     no_trend(d, c, left_out))
                                 : no_trend(d, c, left_out));
        return;
    }
    const incstat_trend_result *r = c->res;
    int lv = (int)floor(r->conf_level * 100 + 0.5);
    char buf[2048], a[64], b[64], e[64], ph[256];
    report_sbuf sb;
    report_sb_init(&sb, buf, sizeof buf);
    report_sb_add(&sb, "The trend is fitted to the number killed each year from %.0f to %.0f (%zu "
                "years", r->from, r->to, r->n_used);
    if (r->n_dropped) {
        /* years not covered, and covered years whose toll is unknown */
        size_t unk = 0;
        for (size_t i = 0; i < c->n_fit; i++)
            unk += isnan(c->se.y[i]) && !(c->se.flags[i] & SUMMARY_FLAG_MISSING);
        size_t gap = r->n_dropped > unk ? r->n_dropped - unk : 0;
        if (gap)
            report_sb_add(&sb, "; %zu not covered by the source", gap);
        if (unk)
            report_sb_add(&sb, "%s %zu whose toll is unknown", gap ? " and" : ";", unk);
        report_sb_add(&sb, " %s left out", r->n_dropped == 1 ? "is" : "are");
    }
    report_sb_add(&sb, ").%s", left_out);
    if (r->flags & INCSTAT_TREND_NONINTEGER)
        report_sb_add(&sb, " Some yearly counts are not whole numbers (they sum midpoints); the count "
                    "models treat them as R's glm does.");
    report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));

    /* the shape first when one log-linear trend does not describe the series */
    const incstat_trend_glm *nb = &r->negbin, *po = &r->poisson;
    if (smooth_leads) {
        char shape[1024];
        if (incstat_trend_describe(r, shape, sizeof shape, NULL) == INCSTAT_OK && shape[0]) {
            /* the log-linear trend against the spline in the AIC bands of
             * Burnham & Anderson (2002, p. 70): worse only when clearly so */
            static const char *const THEN[] = {
                "the rates below describe the series about as well as the shape does",
                "the shape describes the series better, but the rates below are not ruled out",
                "the rates below average over the rises and falls",
                "the rates below average over the rises and falls and describe the series poorly",
                "the rates below average over the rises and falls and do not describe the "
                "series"};
            incstat_trend_aic_band band = incstat_trend_aic_band_of(nb->aic, r->smooth.aic);
            report_fmt_sig(a, sizeof a, r->smooth.aic, 0);
            report_fmt_sig(b, sizeof b, nb->aic, 0);
            report_sb_init(&sb, buf, sizeof buf);
            /* "killed rose ..." -> "The number killed rose ..." */
            if (strncmp(shape, "killed ", 7) == 0)
                report_sb_add(&sb, "The number %s.", shape);
            else
                report_sb_add(&sb, "%c%s.", shape[0] >= 'a' && shape[0] <= 'z' ? shape[0] - 32
                                                                                : shape[0],
                              shape + 1);
            report_sb_add(&sb, " The smooth trend is a negative-binomial GLM on a natural spline "
                          "with %u degrees of freedom%s.", r->smooth.df,
                          r->smooth.auto_df ? ", chosen by AIC" : "");
            if (band != INCSTAT_TREND_AIC_UNKNOWN)
                report_sb_add(&sb, " A single log-linear trend fits %s it (AIC %s against %s, a "
                              "difference of %.1f: %s, by the usual rules of Burnham and "
                              "Anderson, 2002): %s.", incstat_trend_aic_words(band), b, a,
                              nb->aic - r->smooth.aic, incstat_trend_aic_support(band),
                              THEN[band]);
            report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));
        }
    }
    /* the model asked for first, then the other */
    report_sb_init(&sb, buf, sizeof buf);
    if (kind != CHART_TREND_POISSON) {
        if (nb->status == INCSTAT_OK && !nb->theta_infinite) {
            glm_phrase(ph, sizeof ph, nb, lv);
            report_fmt_sig(a, sizeof a, nb->theta, 0);
            report_sb_add(&sb, "%sn a negative-binomial log-linear model (theta %s), the number "
                        "killed %s.", smooth_leads ? "For reference, o" : "O", a, ph);
            /* a spline within 2 of it by AIC fits about as well: the one rate
             * leads, and the comparison is said */
            if (!smooth_leads && r->smooth.status == INCSTAT_OK && r->smooth.df > 1 &&
                r->smooth.aic < nb->aic) {
                char sa[32], sb2[32];
                report_fmt_sig(sa, sizeof sa, r->smooth.aic, 0);
                report_fmt_sig(sb2, sizeof sb2, nb->aic, 0);
                report_sb_add(&sb, " A spline smooth fits about as well (AIC %s against %s, a "
                              "difference of %.1f: too small to separate them, by the usual rules "
                              "of Burnham and Anderson, 2002), so the single rate is given.", sa,
                              sb2, nb->aic - r->smooth.aic);
            }
        } else if (nb->status == INCSTAT_OK) {
            glm_phrase(ph, sizeof ph, nb, lv);
            report_sb_add(&sb, "The counts vary no more than a Poisson process would, so the "
                        "negative-binomial model is the Poisson one: the number killed %s.", ph);
        } else {
            report_sb_add(&sb, "The negative-binomial model could not be fitted: %s.",
                   status_note(nb->note, nb->status));
        }
        if (po->status == INCSTAT_OK && !(nb->status == INCSTAT_OK && nb->theta_infinite)) {
            glm_phrase(ph, sizeof ph, po, lv);
            report_fmt_pct(a, sizeof a, po->quasi_ci_pct[0], 0);
            report_fmt_pct(b, sizeof b, po->quasi_ci_pct[1], 0);
            report_fmt_ratio(e, sizeof e, po->dispersion);
            report_sb_add(&sb, " On a Poisson model it %s, but the yearly counts vary %s times as much "
                        "as that model assumes; allowing for it (quasi-Poisson) the interval is "
                        "%s to %s.", ph, e, a, b);
        }
    } else {
        if (po->status == INCSTAT_OK) {
            glm_phrase(ph, sizeof ph, po, lv);
            report_fmt_pct(a, sizeof a, po->quasi_ci_pct[0], 0);
            report_fmt_pct(b, sizeof b, po->quasi_ci_pct[1], 0);
            report_fmt_ratio(e, sizeof e, po->dispersion);
            report_sb_add(&sb, "On a Poisson log-linear model, the number killed %s. The yearly counts "
                        "vary %s times as much as the model assumes; allowing for that "
                        "(quasi-Poisson) the interval is %s to %s.", ph, e, a, b);
        } else {
            report_sb_add(&sb, "The Poisson model could not be fitted: %s.",
                   status_note(po->note, po->status));
        }
        if (nb->status == INCSTAT_OK && !nb->theta_infinite) {
            glm_phrase(ph, sizeof ph, nb, lv);
            report_sb_add(&sb, " On a negative-binomial model, which allows for that extra variation, "
                        "it %s.", ph);
        }
    }
    report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));

    report_sb_init(&sb, buf, sizeof buf);
    const incstat_trend_mk *m = &r->mk;
    const incstat_trend_sen *sn = &r->sen;
    if (m->status == INCSTAT_OK) {
        report_fmt_p(a, sizeof a, m->p_value);
        report_fmt_sig(b, sizeof b, m->tau, 0);
        if (m->p_value < 0.05)
            report_sb_add(&sb, "The Mann-Kendall test finds a monotonic %s trend (Kendall's tau %s, %s).",
                   m->s > 0 ? "upward" : "downward", b, a);
        else
            report_sb_add(&sb, "The Mann-Kendall test finds no monotonic trend (Kendall's tau %s, %s).",
                   b, a);
    } else {
        report_sb_add(&sb, "The Mann-Kendall test does not apply: %s.", status_note(m->note, m->status));
    }
    if (sn->status == INCSTAT_OK) {
        report_fmt_sig(a, sizeof a, sn->slope, 1);
        report_fmt_sig(b, sizeof b, sn->ci[0], 0);
        report_fmt_sig(e, sizeof e, sn->ci[1], 0);
        if (sn->ci_defined)
            report_sb_add(&sb, " Sen's slope, the median of the slopes between every pair of years, "
                        "puts the change in the yearly number killed at %s a year (%d%% CI %s to "
                        "%s).", a, lv, b, e);
        else
            report_sb_add(&sb, " Sen's slope, the median of the slopes between every pair of years, "
                        "puts the change in the yearly number killed at %s a year (too few years "
                        "for an interval).", a);
    }
    const incstat_trend_ols *ol = &r->ols;
    if (ol->status == INCSTAT_OK) {
        char r2[32];
        report_fmt_sig(a, sizeof a, ol->slope, 1);
        report_fmt_sig(b, sizeof b, ol->slope_ci[0], 0);
        report_fmt_sig(e, sizeof e, ol->slope_ci[1], 0);
        report_fmt_sig(r2, sizeof r2, ol->r2, 0);
        report_sb_add(&sb, " A least-squares line puts %s at %s a year (%d%% CI %s to %s; "
                      "R\u00b2 %s).", sn->status == INCSTAT_OK ? "it" : "the change in the "
                      "yearly number killed", a, lv, b, e, r2);
    }
    report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));

    const incstat_trend_changepoints *cp = &r->cp;
    if (cp->status == INCSTAT_OK && cp->segments) {
        report_sb_init(&sb, buf, sizeof buf);
        if (cp->n_segments == 1) {
            report_sb_add(&sb, "The change-point search (PELT with a %s cost) finds no change in "
                        "level.", cp->cost_kind == INCSTAT_TREND_CP_NEGBIN
                                      ? "negative-binomial" : "Poisson");
        } else {
            report_sb_add(&sb, "The change-point search (PELT with a %s) finds the level "
                        "changing in", cp->cost_kind == INCSTAT_TREND_CP_NEGBIN
                                           ? "negative-binomial cost, which allows for the "
                                             "year-to-year spread of such counts"
                                           : "Poisson cost");
            for (size_t i = 1; i < cp->n_segments; i++) {
                report_fmt_sig(a, sizeof a, cp->segments[i - 1].mean, 0);
                report_fmt_sig(b, sizeof b, cp->segments[i].mean, 0);
                report_sb_add(&sb, "%s %.0f (from %s to %s a year)",
                       i == 1 ? "" : i + 1 == cp->n_segments ? " and" : ",",
                       cp->segments[i].year_start, a, b);
            }
            report_sb_add(&sb, ".");
        }
        /* as incstat trend says: an overdispersed series makes the Poisson
         * cost see every swing as a change */
        if (cp->cost_kind == INCSTAT_TREND_CP_POISSON && po->status == INCSTAT_OK &&
            po->dispersion > 10 && cp->n_segments > 1 + r->n_used / 4) {
            report_fmt_ratio(a, sizeof a, po->dispersion);
            report_sb_add(&sb, " The counts vary far more than a Poisson process would (dispersion %s), "
                        "so these include ordinary year-to-year swings: read only the large "
                        "shifts as changes in level.", a);
        }
        /* the shape above and the change points, where they seem to disagree */
        char why[1024];
        int smooth_better = r->smooth.status == INCSTAT_OK && r->smooth.better_than_loglinear;
        if ((smooth_leads || !smooth_better) &&
            incstat_trend_reconcile(r, why, sizeof why, NULL) == INCSTAT_OK && why[0])
            report_sb_add(&sb, " %s.", why);
        report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));
    }
    trend_table(d, c, lv);
}

/* ---- by category, by month ------------------------------------------------------- */

typedef struct {
    const char *name;
    double killed;
} cat_total;

static int by_killed(const void *a, const void *b)
{
    const cat_total *x = a, *y = b;
    if (x->killed != y->killed)
        return x->killed < y->killed ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* Two names that differ in about one letter ("Baluchistan", "Balochistan"). */
static int near_spelling(const char *x, const char *y)
{
    size_t lx = strlen(x), ly = strlen(y);
    if (lx < 5 || lx != ly || (x[0] | 32) != (y[0] | 32))
        return 0;
    size_t diff = 0;
    for (size_t q = 0; q < lx; q++)
        diff += (x[q] | 32) != (y[q] | 32);
    return diff == 1;
}

void report_category_section(report_doc *d, const report_ctx *c)
{
    const char *col = c->category;
    int admin1 = strcmp(col, "admin1") == 0;
    report_add_heading(d, admin1 ? "By province or region" : report_doc_printf(d, "By %s", col), "by-category");
    const incstat_summary *s = c->bycat;
    if (!s) {
        add_chart(d, c, INCSTAT_CHART_STACKED, NULL, CHART_TREND_NONE, NULL, NULL);
        return;
    }
    /* totals per category, to say where most deaths were */
    size_t n = incstat_summary_rows(s);
    cat_total *ct = incstat_calloc(n ? n : 1, sizeof *ct);
    if (!ct) {
        d->failed = 1;
        return;
    }
    size_t nc = 0;
    double all = 0;
    int known = 0;
    uint64_t left_out = 0; /* incidents whose toll is unknown: in no share */
    for (size_t i = 0; i < n; i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->missing && !(r->unknown & INCSTAT_UNKNOWN_KILLED))
            left_out += r->killed_missing;
        if (r->missing || isnan(r->killed))
            continue;
        const char *name = r->key[1] ? r->key[1] : "";
        size_t k = 0;
        while (k < nc && strcmp(ct[k].name, name) != 0)
            k++;
        if (k == nc)
            ct[nc++].name = name;
        ct[k].killed += r->killed;
        all += r->killed;
        known |= *name != '\0';
    }
    if (!known) {
        report_doc_add(d, REPORT_PARA,
                report_doc_printf(d, "The file gives no %s for its incidents, so there is no breakdown "
                              "by it (choose another column with --by).", col));
        incstat_free_mem(ct);
        return;
    }
    const char *sp = selection_prefix(d, c);
    add_chart(d, c, INCSTAT_CHART_STACKED, s, CHART_TREND_NONE,
              report_doc_printf(d, "%s%s per year by %s, %s", sp, people_killed(sp),
                         admin1 ? "province or region" : col, years(d, c, "\u2013")),
              report_doc_printf(d, "Stacked bar chart of people killed each year by %s.", col));
    qsort(ct, nc, sizeof *ct, by_killed);
    if (all > 0) {
        char buf[1024], a[64];
        report_sbuf sb;
        report_sb_init(&sb, buf, sizeof buf);
        size_t shown = 0;
        for (size_t k = 0; k < nc && shown < 3 && ct[k].killed > 0; k++) {
            report_fmt_whole(a, sizeof a, ct[k].killed);
            const char *name = *ct[k].name ? ct[k].name : "(not given)";
            int last = shown == 2 || k + 1 == nc || ct[k + 1].killed <= 0;
            if (shown == 0)
                report_sb_add(&sb, "Most people were killed in %s (about %s, %.0f%% of the total)", name,
                       a, 100 * ct[k].killed / all);
            else
                report_sb_add(&sb, "%s%s (%s, %.0f%%)", last ? " and " : ", ", name, a,
                       100 * ct[k].killed / all);
            shown++;
        }
        report_sb_add(&sb, ".");
        if (left_out && !c->periods)
            report_sb_add(&sb, " The toll of %llu %s is unknown and in none of these figures.",
                          (unsigned long long)left_out, left_out == 1 ? "incident" : c->noun);
        if (admin1) {
            /* spelling variants of one name split a place */
            const char *x = NULL, *y = NULL;
            for (size_t i = 0; i < nc && !x; i++)
                for (size_t j = i + 1; j < nc && !x; j++)
                    if (near_spelling(ct[i].name, ct[j].name)) {
                        x = ct[i].name;
                        y = ct[j].name;
                    }
            if (x)
                report_sb_add(&sb, " Names are shown as the source spells them: %s and %s may be one "
                            "place spelt two ways.", x, y);
        }
        report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));
    }
    incstat_free_mem(ct);
}

void report_month_section(report_doc *d, const report_ctx *c)
{
    report_add_heading(d, "By month", "by-month");
    const incstat_summary *s = c->monthly;
    add_chart(d, c, INCSTAT_CHART_HEATMAP, s, CHART_TREND_NONE, NULL,
              "Heat map of people killed in each month: years down, months across.");
    if (!s)
        return;
    const incstat_summary_row *top = NULL;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        if (!r->missing && !isnan(r->killed) && (!top || r->killed > top->killed))
            top = r;
    }
    char buf[512], a[64];
    report_sbuf sb;
    report_sb_init(&sb, buf, sizeof buf);
    if (top && top->killed > 0 && top->sub >= 1 && top->sub <= 12) {
        report_fmt_whole(a, sizeof a, top->killed);
        report_sb_add(&sb, "The deadliest month was %s %d, with about %s %s killed in %llu %s.",
               REPORT_MONTHS[top->sub - 1], top->year, a, top->killed < 1.5 ? "person" : "people",
               (unsigned long long)top->incidents, top->incidents == 1 ? "incident" : c->noun);
    }
    uint64_t un = incstat_summary_unplaced(s);
    if (un)
        report_sb_add(&sb, "%s%llu %s no month in %s date and %s not in the heat map.",
               sb.len ? " " : "", (unsigned long long)un,
               un == 1 ? "incident has" : "incidents have", un == 1 ? "its" : "their",
               un == 1 ? "is" : "are");
    if (sb.len)
        report_doc_add(d, REPORT_PARA, report_doc_str(d, buf));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "By Province (admin1): the 6 largest, the rest as Other" */
const char *report_category_subtitle(report_doc *d, const report_ctx *c)
{
    const incstat_summary *s = c->bycat;
    const incstat_load_report *rep = c->rep;
    size_t n = incstat_summary_rows(s), distinct = 0;
    const char **names = incstat_malloc((n ? n : 1) * sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *k = incstat_summary_row_at(s, i)->key[1];
        names[i] = k ? k : "";
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || strcmp(names[i], names[i - 1]) != 0;
    incstat_free_mem(names);
    const char *col = NULL;
    for (size_t i = 0; i < rep->n_columns && !col; i++)
        if (rep->columns[i].field && strcmp(rep->columns[i].field, c->category) == 0)
            col = rep->columns[i].name;
    size_t top = c->opt->top ? c->opt->top : 6;
    char more[96] = "";
    if (distinct > top)
        snprintf(more, sizeof more, ": the %zu largest, the rest as Other", top);
    if (col && strcmp(col, c->category) != 0)
        return report_doc_printf(d, "By %s (%s)%s", col, c->category, more);
    return report_doc_printf(d, "By %s%s", c->category, more);
}
