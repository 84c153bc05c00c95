/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_alerts.c: incstat alerts: for each group, is the latest complete
 * period far above its recent baseline?  Streams the file into a summary by
 * group and period, then incstat_alerts_from_summary; prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"

enum {
    OPT_PERIOD = CLI_ID_OWN, OPT_BASELINE, OPT_MIN_COUNT, OPT_METRIC, OPT_FORMAT, OPT_ALL,
    OPT_NO_INCIDENTS
};

static const cli_option OPTIONS[] = {
    {CLI_ID_BY, "--by", NULL, "GROUP",
     "one alert per group: admin1, perpetrator, type, another text field or a kept column",
     "the whole file as one group", "country admin1 admin2 city location perpetrator target type",
     NULL, 0},
    {OPT_PERIOD, "--period", NULL, NULL, "the period counted", "month", "month quarter year",
     NULL, CLI_CHOICE},
    {OPT_BASELINE, "--baseline", NULL, "K", "the periods in the baseline, 2 to 1024", "12", NULL,
     NULL, 0},
    {OPT_MIN_COUNT, "--min-count", NULL, "N", "the smallest count that is new after zeros", "3",
     NULL, NULL, 0},
    {OPT_METRIC, "--metric", NULL, NULL, "what is counted", "incidents", "incidents killed", NULL,
     CLI_CHOICE},
    {OPT_FORMAT, "--format", NULL, NULL,
     "the output format: the table lists the groups with an alert, JSON every group", "table",
     "table json", NULL, CLI_CHOICE},
    {OPT_ALL, "--all", NULL, NULL, "list every group in the table", NULL, NULL, NULL, 0},
    {OPT_NO_INCIDENTS, "--no-incidents", NULL, NULL,
     "the rows are not incidents (a country-year table)", NULL, NULL, NULL, 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "alerts", "[OPTIONS] FILE",
    "is the latest period far above its recent baseline? (per group)",
    "For each group and the latest complete period: is the count far above its recent "
    "baseline?  The baseline is the K periods before it (periods without incidents are 0 "
    "within the data's coverage); with m and v their mean and variance, the bound is the "
    "97.5% quantile of a negative binomial (mean m, size m^2/(v-m)) when v > m, else of a "
    "Poisson with mean m.  A count above it is a spike; at least --min-count after a baseline "
    "of zeros is new.",
    OPTIONS, CLI_SEL_ALL, 1, 0, NULL,
    "Exit status 4 when there are fewer baseline periods than asked."};

typedef struct {
    incstat_alerts_options ao;
    const char *by;
    incstat_by_kind period;
    int json, all;
} alerts_args;

static void init(incstat_call *c)
{
    alerts_args *aa = c->args;
    aa->period = INCSTAT_BY_MONTH;
    aa->ao.metric = INCSTAT_CHECK_INCIDENTS;
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    alerts_args *aa = c->args;
    char *end;
    (void)v2;
    if (!opt)
        return CALL_NOT_MINE;
    switch (opt->id) {
    case CLI_ID_BY:
        if (strcmp(v, "month") == 0 || strcmp(v, "quarter") == 0 || strcmp(v, "year") == 0)
            return call_usage(c, "--by names a group (admin1, perpetrator, type, a "
                                             "column); the period is --period");
        if (aa->by)
            return call_usage(c, "one --by: the groups");
        aa->by = v;
        break;
    case OPT_PERIOD: {
        static const incstat_by_kind P[] = {INCSTAT_BY_MONTH, INCSTAT_BY_QUARTER, INCSTAT_BY_YEAR};
        aa->period = P[cli_pick_word(opt, v, NULL, 0)];
        break;
    }
    case OPT_BASELINE: {
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < 2 || k > 1024)
            return call_usage(c, "--baseline takes 2 to 1024 periods, not '%s'", v);
        aa->ao.baseline = (size_t)k;
        break;
    }
    case OPT_MIN_COUNT: {
        double x = strtod(v, &end);
        if (*end || end == v || !(x >= 1) || !isfinite(x))
            return call_usage(c, "--min-count takes a number >= 1, not '%s'", v);
        aa->ao.min_count = x;
        break;
    }
    case OPT_METRIC:
        aa->ao.metric = cli_pick_word(opt, v, NULL, 0) ? INCSTAT_CHECK_KILLED : INCSTAT_CHECK_INCIDENTS;
        break;
    case OPT_FORMAT:
        aa->json = cli_pick_word(opt, v, NULL, 0);
        break;
    case OPT_ALL:
        aa->all = 1;
        break;
    case OPT_NO_INCIDENTS:
        aa->ao.incidents_unknown = 1;
        break;
    }
    return CALL_EXIT_OK;
}

static int check_args(incstat_call *c, call_load *o, call_select *sel, alerts_args *aa)
{
    if (!o->file)
        return call_usage(c, "no FILE given");
    if (aa->all && aa->json)
        return call_usage(c, "--all does nothing with --format json, which lists "
                                         "every group");
    if ((sel->given & CLI_SEL(CLI_ID_ESTIMATE)) && aa->ao.metric == INCSTAT_CHECK_INCIDENTS)
        return call_usage(c, "--estimate does nothing with --metric incidents: it "
                                         "picks the killed figure (--metric killed)");
    if (aa->ao.incidents_unknown)
        o->load.rows = 1; /* the loader then marks the rows as periods */
    /* counting incidents: the tolls need not be read */
    sel->incidents_only = aa->ao.metric == INCSTAT_CHECK_INCIDENTS;
    sel->so.n_by = 0;
    if (aa->by)
        sel->so.by[sel->so.n_by++] = (incstat_by){INCSTAT_BY_TEXT, aa->by};
    sel->so.by[sel->so.n_by++] = (incstat_by){aa->period, NULL};
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    alerts_args *aap = c->args, aa = *aap;
    int rc = check_args(c, &c->o, &c->sel, &aa);
    if (rc != CALL_EXIT_OK)
        return rc;
    incstat_summary *s;
    if ((rc = call_summarise(c, &s, NULL)) != CALL_EXIT_OK)
        return rc;
    incstat_alerts *al = NULL;
    incstat_error err;
    if (incstat_alerts_from_summary(s, &aa.ao, &al, &err) != INCSTAT_OK) {
        /* too short a baseline, no complete period, no such metric */
        rc = call_fail(c, &err, err.code == INCSTAT_EDOMAIN ? CALL_EXIT_CANNOT
                                : err.code == INCSTAT_EINVAL ? CALL_EXIT_USAGE : CALL_EXIT_DATA);
    } else {
        int wrote = incstat_alerts_write(al, &aa.ao, aa.all, aa.json, c->out, &err) == INCSTAT_OK;
        const char *why;
        size_t skipped = incstat_alerts_skipped(al, &why);
        if (skipped) /* said even with --quiet: groups left out are never silent */
            fprintf(c->log, "incstat: %zu group%s not checked for want of data (first: %s)\n",
                    skipped, skipped == 1 ? "" : "s", why + (strncmp(why, "alerts: ", 8) ? 0 : 8));
        rc = !wrote ? call_fail(c, &err, CALL_EXIT_DATA)
             : fflush(c->out) == 0 ? CALL_EXIT_OK : call_data(c, "error writing the output");
    }
    incstat_alerts_free(al);
    incstat_summary_free(s);
    return rc;
}

const call_cmd CALL_ALERTS = {&CLI_CMD, CALL_FORMAT_CLI, sizeof(alerts_args), init, take, run,
                              "json"};
