/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/stats/check_write.c: claims and alerts written for people and as JSON
 * (incstat_claim_write, incstat_alerts_write in incstat/check.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incstat/check.h"
#include "core/internal.h"
#include "core/json.h"
#include "stats/summary_internal.h"

/* ---- a claim ------------------------------------------------------------ */

static const char *holds_json(int h)
{
    return h == 1 ? "true" : h == 0 ? "false" : "null";
}

static void claim_json(FILE *out, const incstat_claim_result *r, const char *sentence)
{
    static const char *const STATUS[] = {"ok", "partial", "no-data"};
    static const incstat_estimate ORDER[] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                             INCSTAT_ESTIMATE_HIGH};
    static const char *const NAME[] = {"best", "low", "high"};
    char label[64];
    fprintf(out, "{\"claim\": ");
    incstat_json_str_(out, incstat_claim_label(&r->opts, label, sizeof label));
    fprintf(out, ", \"year\": %d, \"metric\": \"%s\", \"status\": \"%s\", \"holds\": %s,\n",
           r->opts.year, incstat_check_metric_name(r->opts.metric), STATUS[r->status],
           holds_json(r->holds));
    fprintf(out, " \"holds_on\": [");
    int first = 1;
    for (int k = 0; k < 3; k++)
        if (r->est[ORDER[k]].present && r->est[ORDER[k]].holds == 1) {
            fprintf(out, "%s\"%s\"", first ? "" : ", ", NAME[ORDER[k]]);
            first = 0;
        }
    fprintf(out, "],\n \"estimates\": {");
    for (int k = 0; k < 3; k++) {
        const incstat_claim_estimate *e = &r->est[ORDER[k]];
        fprintf(out, "%s\"%s\": {\"value\": ", k ? ", " : "", NAME[ORDER[k]]);
        incstat_json_num_(out, e->present ? e->value : NAN);
        fprintf(out, ", \"holds\": %s, \"highest_since\": ", e->present ? holds_json(e->holds) : "null");
        if (e->present && e->highest_since)
            fprintf(out, "%d}", e->highest_since);
        else
            fprintf(out, "null}");
    }
    fprintf(out, "},\n \"compare\": ");
    const incstat_claim_compare *c = &r->compare;
    if (c->present) {
        fprintf(out, "{\"year\": %d, \"value\": ", c->year);
        incstat_json_num_(out, c->value);
        fprintf(out, ", \"rate_ratio\": ");
        incstat_json_num_(out, c->rate_ratio);
        fprintf(out, ", \"ci\": ");
        if (c->tested) {
            fprintf(out, "[");
            incstat_json_num_(out, c->ci[0]);
            fprintf(out, ", ");
            incstat_json_num_(out, c->ci[1]);
            fprintf(out, "]");
        } else {
            fprintf(out, "null");
        }
        fprintf(out, ", \"p_value\": ");
        incstat_json_num_(out, c->p_value);
        fprintf(out, "}");
    } else {
        fprintf(out, "null");
    }
    fprintf(out, ",\n \"sentence\": ");
    incstat_json_str_(out, sentence);
    fprintf(out, "}\n");
}

incstat_status incstat_claim_write(const incstat_claim_result *r, int json, FILE *out,
                                   incstat_error *err)
{
    if (!r || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "claim: NULL argument");
    char sentence[1024];
    incstat_claim_sentence(r, sentence, sizeof sentence);
    if (json)
        claim_json(out, r, sentence);
    else
        fprintf(out, "%s\n", sentence);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "claim: write failed");
    return INCSTAT_OK;
}

/* ---- alerts ------------------------------------------------------------- */

static void alerts_json(FILE *out, const incstat_alerts *al)
{
    fprintf(out, "{\"alerts\": [");
    for (size_t i = 0; i < incstat_alerts_count(al); i++) {
        const incstat_alert *x = incstat_alerts_at(al, i);
        fprintf(out, "%s\n {\"group\": ", i ? "," : "");
        incstat_json_str_(out, x->group);
        fprintf(out, ", \"period\": ");
        incstat_json_str_(out, x->period);
        fprintf(out, ", \"count\": ");
        incstat_json_num_(out, x->count);
        fprintf(out, ", \"baseline_mean\": ");
        incstat_json_num_(out, x->baseline_mean);
        fprintf(out, ", \"baseline_var\": ");
        incstat_json_num_(out, x->baseline_var);
        fprintf(out, ", \"upper\": ");
        incstat_json_num_(out, x->upper);
        fprintf(out, ", \"alert\": %s, \"kind\": ", x->alert ? "true" : "false");
        if (x->kind)
            fprintf(out, "\"%s\"", incstat_alert_kind_name(x->kind));
        else
            fprintf(out, "null");
        fprintf(out, ", \"ratio\": ");
        incstat_json_num_(out, x->ratio);
        fprintf(out, "}");
    }
    fprintf(out, "\n]}\n");
}

static void alerts_table(FILE *out, const incstat_alerts *al, const incstat_alerts_options *o,
                         int all)
{
    size_t n = incstat_alerts_count(al), shown = 0, alerts = 0, w = 5;
    for (size_t i = 0; i < n; i++) {
        const incstat_alert *x = incstat_alerts_at(al, i);
        alerts += x->alert != 0;
        if ((x->alert || all) && strlen(x->group) > w)
            w = strlen(x->group);
    }
    if (w > 40)
        w = 40;
    fprintf(out, "%s, against the %zu periods before it (%s): %zu alert%s in %zu group%s.\n",
           incstat_alerts_period(al), o->baseline ? o->baseline : 12,
           o->metric == INCSTAT_CHECK_KILLED ? "killed" : "incidents", alerts,
           alerts == 1 ? "" : "s", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const incstat_alert *x = incstat_alerts_at(al, i);
        if (!x->alert && !all)
            continue;
        if (shown++ == 0)
            fprintf(out, "\n%-*s  %-8s  %8s  %9s  %10s  %6s  %6s  %s\n", (int)w, "group", "period", "count",
                   "base mean", "base var", "upper", "ratio", "alert");
        char ratio[32], count[64];
        incstat_grouped_(count, sizeof count, x->count, 0);
        snprintf(ratio, sizeof ratio, isnan(x->ratio) ? "" : "%.2f", x->ratio);
        fprintf(out, "%-*.*s  %-8s  %8s  %9.2f  %10.2f  %6.0f  %6s  %s\n", (int)w, (int)w, x->group,
               x->period, count, x->baseline_mean, x->baseline_var, x->upper,
               ratio, x->kind ? incstat_alert_kind_name(x->kind) : "-");
    }
}

incstat_status incstat_alerts_write(const incstat_alerts *al, const incstat_alerts_options *opts,
                                    int all, int json, FILE *out, incstat_error *err)
{
    static const incstat_alerts_options DEFAULTS;
    if (!al || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "alerts: NULL argument");
    if (json)
        alerts_json(out, al);
    else
        alerts_table(out, al, opts ? opts : &DEFAULTS, all);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "alerts: write failed");
    return INCSTAT_OK;
}
