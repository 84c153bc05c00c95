/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/call_claim.c: incstat claim: does a sentence about one year hold in this
 * file ("2023, the deadliest year since 2015")?  Parse options, summarise by
 * year, incstat_claim_check (and its incident bootstrap), print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/call_internal.h"

enum {
    OPT_YEAR = CLI_ID_OWN, OPT_HIGHEST_SINCE, OPT_RECORD, OPT_HIGHEST_IN, OPT_MORE_THAN,
    OPT_FEWER_THAN, OPT_RISE_PCT, OPT_METRIC, OPT_FORMAT, OPT_INCLUDE_PARTIAL, OPT_NO_INCIDENTS,
    OPT_BOOT, OPT_SEED
};

static const cli_option OPTIONS[] = {
    {OPT_YEAR, "--year", NULL, "Y", "the year the claim is about (needed)", NULL, NULL, NULL, 0},
    {OPT_HIGHEST_SINCE, "--highest-since", NULL, "YEAR",
     "claim: Y had more than every year after YEAR and before Y", NULL, NULL, NULL, 0},
    {OPT_RECORD, "--record", NULL, NULL, "claim: Y is the highest of all years in the file",
     NULL, NULL, NULL, 0},
    {OPT_HIGHEST_IN, "--highest-in", NULL, "N", "claim: Y is the highest of the N years ending "
     "with Y", NULL, NULL, NULL, 0},
    {OPT_MORE_THAN, "--more-than", NULL, "N", "claim: the figure for Y is more than N", NULL,
     NULL, NULL, 0},
    {OPT_FEWER_THAN, "--fewer-than", NULL, "N", "claim: the figure for Y is fewer than N", NULL,
     NULL, NULL, 0},
    {OPT_RISE_PCT, "--rise-pct", NULL, "P", "claim: Y rose by at least P% over the year before",
     NULL, NULL, NULL, 0},
    {OPT_METRIC, "--metric", NULL, NULL, "the figure the claim is about", "killed",
     "killed injured incidents", NULL, CLI_CHOICE},
    {CLI_ID_ESTIMATE, "--estimate", NULL, NULL, "the estimate the exit status and the test use",
     "best", "low best high", NULL, CLI_CHOICE},
    {OPT_FORMAT, "--format", NULL, NULL, "the output format", "text", "text json", NULL,
     CLI_CHOICE},
    {OPT_INCLUDE_PARTIAL, "--include-partial", NULL, NULL,
     "check a year the data cover only in part", NULL, NULL, NULL, 0},
    {OPT_NO_INCIDENTS, "--no-incidents", NULL, NULL,
     "the rows are not incidents (a country-year table): no incident count, no bootstrap",
     NULL, NULL, NULL, 0},
    {OPT_BOOT, "--boot", NULL, "N", "bootstrap resamples, 100 to 1,000,000", "2000", NULL, NULL,
     0},
    {OPT_SEED, "--seed", NULL, "S", "the bootstrap's seed, a whole number > 0", "1", NULL, NULL,
     0},
    {CLI_ID_BY, "--by", NULL, "KEY", "claims are about years: there is no grouping", NULL, NULL,
     NULL, CLI_REFUSED},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_command CLI_CMD = {
    "claim", "[OPTIONS] --year Y CLAIM FILE",
    "check a claim about a year (highest since, record, more than) on each estimate",
    "Checks a claim about year Y on each estimate the file holds (low, best, high), and tests "
    "Y against its closest competitor (the exact Poisson test, as R's "
    "poisson.test(c(count_Y, count_other)); with incidents, a bootstrap over incidents).  "
    "CLAIM is one of --highest-since, --record, --highest-in, --more-than, --fewer-than and "
    "--rise-pct.",
    OPTIONS, CLI_SEL_ALL & ~CLI_SEL(CLI_ID_BY), 1, 0, NULL,
    "Exit status: 0 holds, 3 does not hold, 4 cannot be checked, 1 data error, 2 usage error."};

typedef struct {
    incstat_claim_options co;
    int have_year, json;
    const char *claim_opt;
    const char *boot_opt;
} claim_args;

static const struct {
    const char *name;
    incstat_claim_kind kind;
} K[] = {{"--highest-since", INCSTAT_CLAIM_HIGHEST_SINCE}, {"--record", INCSTAT_CLAIM_RECORD},
         {"--highest-in", INCSTAT_CLAIM_HIGHEST_IN},       {"--more-than", INCSTAT_CLAIM_MORE_THAN},
         {"--fewer-than", INCSTAT_CLAIM_FEWER_THAN},       {"--rise-pct", INCSTAT_CLAIM_RISE_PCT}};

int call_check_claim(incstat_call *c, const incstat_claim_options *co, const char *name)
{
    if (co->kind == INCSTAT_CLAIM_HIGHEST_SINCE && !(co->arg < co->year)) {
        return call_usage(c, "--highest-since %g is not before --year %d", co->arg, co->year);
    }
    if (co->kind == INCSTAT_CLAIM_HIGHEST_SINCE && co->arg != floor(co->arg)) {
        return call_usage(c, "--highest-since takes a year, not %g", co->arg);
    }
    if (co->kind == INCSTAT_CLAIM_HIGHEST_IN && !(co->arg >= 2 && co->arg == floor(co->arg))) {
        return call_usage(c, "--highest-in takes a whole number of years >= 2, not %g", co->arg);
    }
    if ((co->kind == INCSTAT_CLAIM_MORE_THAN || co->kind == INCSTAT_CLAIM_FEWER_THAN) &&
        co->arg < 0) {
        return call_usage(c, "%s takes a number >= 0", name);
    }
    return CALL_EXIT_OK;
}

int call_parse_claim(incstat_call *c, const char *spec, incstat_claim_options *co)
{
    char kind[32] = "";
    int year, used = 0;
    double arg = 0;
    memset(co, 0, sizeof *co);
    int got = sscanf(spec, "%d %31s %lf %n", &year, kind, &arg, &used);
    for (size_t k = 0; got >= 2 && k < sizeof K / sizeof K[0]; k++) {
        if (strcmp(kind, K[k].name + 2) != 0)
            continue;
        int want = K[k].kind == INCSTAT_CLAIM_RECORD ? 2 : 3;
        if (got != want || (want == 3 && spec[used] != '\0'))
            break;
        co->kind = K[k].kind;
        co->year = year;
        co->arg = arg;
        return call_check_claim(c, co, K[k].name);
    }
    return call_usage(c, "--claim takes YEAR CLAIM [N], e.g. '2023 highest-since 2015', "
                                "'2024 record', '2023 more-than 1600'; not '%s'", spec);
}

static void init(incstat_call *c)
{
    claim_args *ca = c->args;
    ca->co.estimate = INCSTAT_ESTIMATE_BEST;
}

static int take(incstat_call *c, const cli_option *opt, const char *v, const char *v2)
{
    claim_args *ca = c->args;
    char *end;
    (void)v2;
    if (!opt)
        return CALL_NOT_MINE;
    if (opt->id >= OPT_HIGHEST_SINCE && opt->id <= OPT_RISE_PCT) {
        if (ca->claim_opt)
            return call_usage(c, "one claim at a time (%s and %s)", ca->claim_opt,
                                   opt->name);
        ca->claim_opt = opt->name;
        for (size_t k = 0; k < sizeof K / sizeof K[0]; k++)
            if (strcmp(K[k].name, opt->name) == 0)
                ca->co.kind = K[k].kind;
        if (opt->id == OPT_RECORD)
            return CALL_EXIT_OK;
        double x = strtod(v, &end);
        if (*end || end == v || !isfinite(x))
            return call_usage(c, "%s takes a number, not '%s'", opt->name, v);
        ca->co.arg = x;
        return CALL_EXIT_OK;
    }
    switch (opt->id) {
    case OPT_YEAR:
        if (call_parse_year(v, &ca->co.year) != 0)
            return call_usage(c, "--year takes a year, not '%s'", v);
        ca->have_year = 1;
        break;
    case OPT_METRIC:
        ca->co.metric = (incstat_check_metric)cli_pick_word(opt, v, NULL, 0);
        break;
    case CLI_ID_ESTIMATE: {
        static const incstat_estimate E[] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                             INCSTAT_ESTIMATE_HIGH};
        ca->co.estimate = E[cli_pick_word(opt, v, NULL, 0)];
        break;
    }
    case OPT_FORMAT:
        ca->json = cli_pick_word(opt, v, NULL, 0);
        break;
    case OPT_INCLUDE_PARTIAL:
        ca->co.include_partial = 1;
        break;
    case OPT_NO_INCIDENTS:
        ca->co.incidents_unknown = 1;
        c->o.load.rows = 1; /* the loader then marks the rows as periods */
        break;
    case OPT_BOOT:
        if (call_parse_boot(c, v, &ca->co.boot) != CALL_EXIT_OK)
            return CALL_EXIT_USAGE;
        ca->boot_opt = opt->name;
        break;
    case OPT_SEED: {
        unsigned long s = strtoul(v, &end, 10);
        if (*end || end == v || *v == '-' || s == 0)
            return call_usage(c, "--seed takes a whole number > 0, not '%s'", v);
        ca->co.seed = s;
        ca->boot_opt = opt->name;
        break;
    }
    }
    return CALL_EXIT_OK;
}

static int check_args(incstat_call *c, call_load *o, call_select *sel, claim_args *ca)
{
    if (!o->file)
        return call_usage(c, "no FILE given");
    if (!ca->have_year)
        return call_usage(c, "--year Y is needed: the year the claim is about");
    if (!ca->claim_opt)
        return call_usage(c, "no claim given: --highest-since, --record, --highest-in, "
                                        "--more-than, --fewer-than or --rise-pct");
    if (call_check_claim(c, &ca->co, ca->claim_opt) != CALL_EXIT_OK)
        return CALL_EXIT_USAGE;
    if (ca->boot_opt && (ca->co.incidents_unknown || ca->co.metric == INCSTAT_CHECK_INCIDENTS))
        return call_usage(c, "%s does nothing %s: the bootstrap resamples the "
                                        "incidents' %s", ca->boot_opt,
                               ca->co.incidents_unknown ? "with --no-incidents"
                                                        : "with --metric incidents",
                               ca->co.incidents_unknown ? "figures" : "killed or injured");
    /* the summary carries best in `killed`; --estimate picks the verdict */
    sel->so.estimate = INCSTAT_ESTIMATE_BEST;
    return CALL_EXIT_OK;
}

/* The incident bootstrap needs a second pass over the file. */
static int bootstrap(incstat_call *c, incstat_claim_result *r)
{
    call_load *o = &c->o;
    call_select *sel = &c->sel;
    if (r->status != INCSTAT_CLAIM_OK || !r->compare.present || r->opts.incidents_unknown ||
        r->opts.metric == INCSTAT_CHECK_INCIDENTS || strcmp(o->file, "-") == 0)
        return CALL_EXIT_OK;
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK ||
        incstat_claim_bootstrap(ld, sel->filter, r, &err) != INCSTAT_OK) {
        incstat_loader_free(ld);
        return call_fail(c, &err, CALL_EXIT_DATA);
    }
    incstat_loader_free(ld);
    return CALL_EXIT_OK;
}

static int run(incstat_call *c)
{
    claim_args *cap = c->args, ca = *cap;
    int rc = check_args(c, &c->o, &c->sel, &ca);
    if (rc != CALL_EXIT_OK)
        return rc;
    incstat_summary *s;
    if ((rc = call_summarise(c, &s, NULL)) != CALL_EXIT_OK)
        return c->sel.empty ? CALL_EXIT_CANNOT : rc; /* an empty group: nothing to check */
    incstat_claim_result r;
    incstat_error err;
    if (incstat_claim_check(s, &ca.co, &r, &err) != INCSTAT_OK) {
        rc = call_fail(c, &err, err.code == INCSTAT_EINVAL ? CALL_EXIT_USAGE : CALL_EXIT_DATA);
    } else if ((rc = bootstrap(c, &r)) == CALL_EXIT_OK) {
        rc = r.status != INCSTAT_CLAIM_OK || r.holds < 0 ? CALL_EXIT_CANNOT
             : r.holds ? CALL_EXIT_OK : CALL_EXIT_NOT_HOLD;
        if (incstat_claim_write(&r, ca.json, c->out, &err) != INCSTAT_OK)
            rc = call_fail(c, &err, CALL_EXIT_DATA);
        else if (fflush(c->out) != 0)
            rc = call_data(c, "error writing the output");
    }
    incstat_summary_free(s);
    return rc;
}

const call_cmd CALL_CLAIM = {&CLI_CMD, CALL_FORMAT_CLI, sizeof(claim_args), init, take, run,
                             "json"};
