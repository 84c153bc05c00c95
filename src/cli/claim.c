/* src/cli/claim.c: incstat claim: does a sentence about one year hold in this
 * file ("2023, the deadliest year since 2015")?  Parse options, summarise by
 * year, incstat_claim_check (and its incident bootstrap), print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { EXIT_NOT_HOLD = 3, EXIT_CANNOT = 4 };

static const char *const KNOWN[] = {
    "--year", "--highest-since", "--record", "--highest-in", "--more-than", "--fewer-than",
    "--rise-pct", "--metric", "--format", "--include-partial", "--no-incidents", "--boot",
    "--seed", "--where", "--from", "--to", "--estimate", "--gap", "--as-of", "--threads", "--help",
    "--preset", "--map", "--schema", "--keep", "--encoding", "--delimiter", "--date-order",
    "--strict", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat claim [OPTIONS] --year Y CLAIM FILE\n\n"
           "Check a claim about year Y on each estimate the file holds (low, best, high), and\n"
           "test Y against its closest competitor (exact Poisson test, as R's\n"
           "poisson.test(c(count_Y, count_other)); with incidents, a bootstrap over incidents).\n\n"
           "CLAIM is one of:\n"
           "  --highest-since YEAR  Y had more than every year after YEAR and before Y\n"
           "  --record              Y is the highest of all years in the file\n"
           "  --highest-in N        Y is the highest of the N years ending with Y\n"
           "  --more-than N, --fewer-than N   the figure for Y\n"
           "  --rise-pct P          Y rose by at least P%% over the year before\n\n"
           "  --metric killed|injured|incidents   (default killed)\n"
           "  --estimate low|best|high   the estimate the exit status and the test use (best)\n"
           "  --format text|json    (default text)\n"
           "  --include-partial     check a year the data cover only in part\n"
           "  --no-incidents        the rows are not incidents (a country-year table): no\n"
           "                        incident count, no bootstrap\n"
           "  --boot N, --seed S    bootstrap resamples (default 2000) and seed (default 1)\n"
           "Selection: --where, --from, --to, --gap, --as-of (see incstat help summary).\n"
           "Exit status: 0 holds, 3 does not hold, 4 cannot be checked, 1 data error, 2 usage.\n");
}

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

/* One of the claim options at argv[*i]: 1 taken, 0 not one, -1 error. */
static int claim_option(claim_args *ca, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    for (size_t k = 0; k < sizeof K / sizeof K[0]; k++) {
        if (!CLI_OPT(a, K[k].name))
            continue;
        if (ca->claim_opt) {
            cli_usage_error("claim", "one claim at a time (%s and %s)", ca->claim_opt, K[k].name);
            return -1;
        }
        ca->claim_opt = K[k].name;
        ca->co.kind = K[k].kind;
        if (K[k].kind == INCSTAT_CLAIM_RECORD)
            return 1;
        const char *v = cli_value(argc, argv, i, K[k].name);
        char *end;
        double x = v ? strtod(v, &end) : NAN;
        if (!v || *end || !isfinite(x)) {
            cli_usage_error("claim", "%s takes a number, not '%s'", K[k].name, v ? v : "");
            return -1;
        }
        ca->co.arg = x;
        return 1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, cli_load *o, cli_select *sel, claim_args *ca)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        CLI_COMMON_ARGS(o, sel, "claim", help, -1)
        int r = claim_option(ca, argc, argv, &i);
        if (r != 0) {
            if (r < 0)
                return EXIT_USAGE;
            continue;
        }
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name) CLI_VALUE("claim", name)
        char *end;
        if (OPT("--year")) {
            VALUE("--year");
            if (cli_parse_year(v, &ca->co.year) != 0)
                return cli_usage_error("claim", "--year takes a year, not '%s'", v);
            ca->have_year = 1;
        } else if (OPT("--metric")) {
            VALUE("--metric");
            int k = cli_choice("claim", "--metric", v, CLI_NAMES("killed", "injured", "incidents"));
            if (k < 0)
                return EXIT_USAGE;
            ca->co.metric = (incstat_check_metric)k;
        } else if (OPT("--format")) {
            VALUE("--format");
            int k = cli_choice("claim", "--format", v, CLI_NAMES("text", "json"));
            if (k < 0)
                return EXIT_USAGE;
            ca->json = k;
        } else if (strcmp(a, "--include-partial") == 0) {
            ca->co.include_partial = 1;
        } else if (strcmp(a, "--no-incidents") == 0) {
            ca->co.incidents_unknown = 1;
            o->load.rows = 1; /* the loader then marks the rows as periods */
        } else if (OPT("--boot")) {
            VALUE("--boot");
            if (cli_parse_boot("claim", v, &ca->co.boot) != EXIT_OK)
                return EXIT_USAGE;
        } else if (OPT("--seed")) {
            VALUE("--seed");
            unsigned long s = strtoul(v, &end, 10);
            if (*end || *v == '-' || s == 0)
                return cli_usage_error("claim", "--seed takes a whole number > 0, not '%s'", v);
            ca->co.seed = s;
        } else if (cli_file_arg(o, "claim", a, KNOWN) != EXIT_OK) {
            return EXIT_USAGE;
        }
#undef OPT
#undef VALUE
    }
    if (!o->file)
        return cli_usage_error("claim", "no FILE given");
    if (!ca->have_year)
        return cli_usage_error("claim", "--year Y is needed: the year the claim is about");
    if (!ca->claim_opt)
        return cli_usage_error("claim", "no claim given: --highest-since, --record, --highest-in, "
                                        "--more-than, --fewer-than or --rise-pct");
    if (check_claim("claim", &ca->co, ca->claim_opt) != 0)
        return EXIT_USAGE;
    for (size_t k = 0; k < sel->so.n_by; k++)
        if (sel->so.by[k].kind != INCSTAT_BY_YEAR)
            return cli_usage_error("claim", "claims are about years: no --by");
    /* the summary carries best in `killed`; --estimate picks the verdict */
    ca->co.estimate = sel->so.estimate;
    sel->so.estimate = INCSTAT_ESTIMATE_BEST;
    sel->so.n_by = 0;
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
        return rc < 0 ? EXIT_OK : rc; /* -1: help was asked for */
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
