/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/claim.c: incstat claim: does a sentence about one year hold in this
 * file ("2023, the deadliest year since 2015")?  Parse options, summarise by
 * year, incstat_claim_check (and its incident bootstrap), print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { EXIT_NOT_HOLD = 3, EXIT_CANNOT = 4 };

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

const cli_command CLI_CMD_CLAIM = {
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
} claim_args;

static const struct {
    const char *name;
    incstat_claim_kind kind;
} K[] = {{"--highest-since", INCSTAT_CLAIM_HIGHEST_SINCE}, {"--record", INCSTAT_CLAIM_RECORD},
         {"--highest-in", INCSTAT_CLAIM_HIGHEST_IN},       {"--more-than", INCSTAT_CLAIM_MORE_THAN},
         {"--fewer-than", INCSTAT_CLAIM_FEWER_THAN},       {"--rise-pct", INCSTAT_CLAIM_RISE_PCT}};

/* The checks the library would refuse, as usage messages; 0 or -1. */
static int check_claim(const char *cmd, const incstat_claim_options *co, const char *name)
{
    if (co->kind == INCSTAT_CLAIM_HIGHEST_SINCE && !(co->arg < co->year)) {
        cli_usage_error(cmd, "--highest-since %g is not before --year %d", co->arg, co->year);
        return -1;
    }
    if (co->kind == INCSTAT_CLAIM_HIGHEST_SINCE && co->arg != floor(co->arg)) {
        cli_usage_error(cmd, "--highest-since takes a year, not %g", co->arg);
        return -1;
    }
    if (co->kind == INCSTAT_CLAIM_HIGHEST_IN && !(co->arg >= 2 && co->arg == floor(co->arg))) {
        cli_usage_error(cmd, "--highest-in takes a whole number of years >= 2, not %g", co->arg);
        return -1;
    }
    if ((co->kind == INCSTAT_CLAIM_MORE_THAN || co->kind == INCSTAT_CLAIM_FEWER_THAN) &&
        co->arg < 0) {
        cli_usage_error(cmd, "%s takes a number >= 0", name);
        return -1;
    }
    return 0;
}

int cli_parse_claim(const char *cmd, const char *spec, incstat_claim_options *co)
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
        return check_claim(cmd, co, K[k].name) == 0 ? 0 : EXIT_USAGE;
    }
    return cli_usage_error(cmd, "--claim takes YEAR CLAIM [N], e.g. '2023 highest-since 2015', "
                                "'2024 record', '2023 more-than 1600'; not '%s'", spec);
}

typedef struct {
    claim_args *ca;
    cli_load *o;
    const char *boot_opt;
} claim_parse;

static int take(void *ctx, const cli_option *opt, const char *v, const char *v2)
{
    claim_parse *cp = ctx;
    claim_args *ca = cp->ca;
    char *end;
    (void)v2;
    if (!opt)
        return CLI_NOT_MINE;
    if (opt->id >= OPT_HIGHEST_SINCE && opt->id <= OPT_RISE_PCT) {
        if (ca->claim_opt)
            return cli_usage_error("claim", "one claim at a time (%s and %s)", ca->claim_opt,
                                   opt->name);
        ca->claim_opt = opt->name;
        for (size_t k = 0; k < sizeof K / sizeof K[0]; k++)
            if (strcmp(K[k].name, opt->name) == 0)
                ca->co.kind = K[k].kind;
        if (opt->id == OPT_RECORD)
            return EXIT_OK;
        double x = strtod(v, &end);
        if (*end || end == v || !isfinite(x))
            return cli_usage_error("claim", "%s takes a number, not '%s'", opt->name, v);
        ca->co.arg = x;
        return EXIT_OK;
    }
    switch (opt->id) {
    case OPT_YEAR:
        if (cli_parse_year(v, &ca->co.year) != 0)
            return cli_usage_error("claim", "--year takes a year, not '%s'", v);
        ca->have_year = 1;
        break;
    case OPT_METRIC:
        ca->co.metric = (incstat_check_metric)cli_pick(NULL, opt, v);
        break;
    case CLI_ID_ESTIMATE: {
        static const incstat_estimate E[] = {INCSTAT_ESTIMATE_LOW, INCSTAT_ESTIMATE_BEST,
                                             INCSTAT_ESTIMATE_HIGH};
        ca->co.estimate = E[cli_pick(NULL, opt, v)];
        break;
    }
    case OPT_FORMAT:
        ca->json = cli_pick(NULL, opt, v);
        break;
    case OPT_INCLUDE_PARTIAL:
        ca->co.include_partial = 1;
        break;
    case OPT_NO_INCIDENTS:
        ca->co.incidents_unknown = 1;
        cp->o->load.rows = 1; /* the loader then marks the rows as periods */
        break;
    case OPT_BOOT:
        if (cli_parse_boot("claim", v, &ca->co.boot) != EXIT_OK)
            return EXIT_USAGE;
        cp->boot_opt = opt->name;
        break;
    case OPT_SEED: {
        unsigned long s = strtoul(v, &end, 10);
        if (*end || end == v || *v == '-' || s == 0)
            return cli_usage_error("claim", "--seed takes a whole number > 0, not '%s'", v);
        ca->co.seed = s;
        cp->boot_opt = opt->name;
        break;
    }
    }
    return EXIT_OK;
}

static int parse_args(int argc, char **argv, cli_load *o, cli_select *sel, claim_args *ca)
{
    claim_parse cp = {ca, o, NULL};
    ca->co.estimate = INCSTAT_ESTIMATE_BEST;
    int rc = cli_parse(&CLI_CMD_CLAIM, argc, argv, o, sel, take, &cp);
    if (rc != EXIT_OK)
        return rc;
    if (!o->file)
        return cli_usage_error("claim", "no FILE given");
    if (!ca->have_year)
        return cli_usage_error("claim", "--year Y is needed: the year the claim is about");
    if (!ca->claim_opt)
        return cli_usage_error("claim", "no claim given: --highest-since, --record, --highest-in, "
                                        "--more-than, --fewer-than or --rise-pct");
    if (check_claim("claim", &ca->co, ca->claim_opt) != 0)
        return EXIT_USAGE;
    if (cp.boot_opt && (ca->co.incidents_unknown || ca->co.metric == INCSTAT_CHECK_INCIDENTS))
        return cli_usage_error("claim", "%s does nothing %s: the bootstrap resamples the "
                                        "incidents' %s", cp.boot_opt,
                               ca->co.incidents_unknown ? "with --no-incidents"
                                                        : "with --metric incidents",
                               ca->co.incidents_unknown ? "figures" : "killed or injured");
    /* the summary carries best in `killed`; --estimate picks the verdict */
    sel->so.estimate = INCSTAT_ESTIMATE_BEST;
    return EXIT_OK;
}

/* The incident bootstrap needs a second pass over the file. */
static int bootstrap(cli_load *o, cli_select *sel, incstat_claim_result *r)
{
    if (r->status != INCSTAT_CLAIM_OK || !r->compare.present || r->opts.incidents_unknown ||
        r->opts.metric == INCSTAT_CHECK_INCIDENTS || strcmp(o->file, "-") == 0)
        return EXIT_OK;
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(o->file, &o->load, &ld, &err) != INCSTAT_OK ||
        incstat_claim_bootstrap(ld, sel->filter, r, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    incstat_loader_free(ld);
    return EXIT_OK;
}

int cmd_claim(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    claim_args ca;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&ca, 0, sizeof ca);
    int rc = parse_args(argc, argv, &o, &sel, &ca);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    incstat_summary *s;
    if ((rc = cli_summarise(&o, &sel, &s, NULL)) != EXIT_OK)
        return sel.empty ? EXIT_CANNOT : rc; /* an empty group: nothing to check */
    incstat_claim_result r;
    incstat_error err;
    if (incstat_claim_check(s, &ca.co, &r, &err) != INCSTAT_OK) {
        cli_error(&err);
        rc = err.code == INCSTAT_EINVAL ? EXIT_USAGE : EXIT_DATA;
    } else if ((rc = bootstrap(&o, &sel, &r)) == EXIT_OK) {
        rc = r.status != INCSTAT_CLAIM_OK || r.holds < 0 ? EXIT_CANNOT
             : r.holds ? EXIT_OK : EXIT_NOT_HOLD;
        if (incstat_claim_write(&r, ca.json, stdout, &err) != INCSTAT_OK || fflush(stdout) != 0)
            rc = EXIT_DATA;
    }
    incstat_summary_free(s);
    cli_select_free(&sel);
    return rc;
}
