/* src/cli/alerts.c: incstat alerts: for each group, is the latest complete
 * period far above its recent baseline?  Streams the file into a summary by
 * group and period, then incstat_alerts_from_summary; prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const KNOWN[] = {
    "--by", "--period", "--baseline", "--min-count", "--metric", "--format", "--all",
    "--no-incidents", "--where", "--from", "--to", "--estimate", "--gap", "--as-of", "--threads", "--help",
    "--preset", "--map", "--schema", "--keep", "--encoding", "--delimiter", "--date-order",
    "--strict", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat alerts [OPTIONS] FILE\n\n"
           "For each group and the latest complete period: is the count far above its recent\n"
           "baseline?  Baseline: the K periods before it (periods without incidents are 0\n"
           "within the data's coverage); with m and v their mean and variance, the bound is\n"
           "the 97.5%% quantile of a negative binomial (mean m, size m^2/(v-m)) when v > m,\n"
           "else of a Poisson with mean m.  A count above it is a spike; at least --min-count\n"
           "after a baseline of zeros is new.\n\n"
           "  --by admin1|perpetrator|type|COLUMN   one alert per group (default: the whole file)\n"
           "  --period month|quarter|year   (default month)\n"
           "  --baseline K          periods in the baseline (default 12)\n"
           "  --min-count N         smallest count that is new after zeros (default 3)\n"
           "  --metric incidents|killed     (default incidents)\n"
           "  --format table|json   (default table; the table lists alerts only)\n"
           "  --all                 list every group in the table\n"
           "  --no-incidents        the rows are not incidents (a country-year table)\n"
           "Selection: --where, --from, --to, --estimate, --gap, --as-of (see incstat help summary).\n");
}

typedef struct {
    incstat_alerts_options ao;
    const char *by;
    incstat_by_kind period;
    int json, all;
} alerts_args;

/* Options of this command at argv[*i]: 1 taken, 0 not one, -1 error. */
static int alerts_option(alerts_args *aa, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    char *end;
#define OPT(name) CLI_OPT(a, name)
#define VALUE(name)                                                         \
    if (!(v = cli_value(argc, argv, i, name))) {                            \
        cli_usage_error("alerts", "option %s needs a value", name);         \
        return -1;                                                          \
    }
    if (OPT("--by")) {
        VALUE("--by");
        aa->by = v;
    } else if (OPT("--period")) {
        VALUE("--period");
        static const incstat_by_kind P[] = {INCSTAT_BY_MONTH, INCSTAT_BY_QUARTER, INCSTAT_BY_YEAR};
        int k = cli_choice("alerts", "--period", v, CLI_NAMES("month", "quarter", "year"));
        if (k < 0)
            return -1;
        aa->period = P[k];
    } else if (OPT("--baseline")) {
        VALUE("--baseline");
        long k = strtol(v, &end, 10);
        if (*end || k < 2 || k > 1024) {
            cli_usage_error("alerts", "--baseline takes 2 to 1024 periods, not '%s'", v);
            return -1;
        }
        aa->ao.baseline = (size_t)k;
    } else if (OPT("--min-count")) {
        VALUE("--min-count");
        double x = strtod(v, &end);
        if (*end || !(x >= 1) || !isfinite(x)) {
            cli_usage_error("alerts", "--min-count takes a number >= 1, not '%s'", v);
            return -1;
        }
        aa->ao.min_count = x;
    } else if (OPT("--metric")) {
        VALUE("--metric");
        int k = cli_choice("alerts", "--metric", v, CLI_NAMES("incidents", "killed"));
        if (k < 0)
            return -1;
        aa->ao.metric = k ? INCSTAT_CHECK_KILLED : INCSTAT_CHECK_INCIDENTS;
    } else if (OPT("--format")) {
        VALUE("--format");
        int k = cli_choice("alerts", "--format", v, CLI_NAMES("table", "json"));
        if (k < 0)
            return -1;
        aa->json = k;
    } else if (strcmp(a, "--all") == 0) {
        aa->all = 1;
    } else if (strcmp(a, "--no-incidents") == 0) {
        aa->ao.incidents_unknown = 1;
    } else {
        return 0;
    }
#undef OPT
#undef VALUE
    return 1;
}

static int parse_args(int argc, char **argv, cli_load *o, cli_select *sel, alerts_args *aa)
{
    for (int i = 1; i < argc; i++) {
        /* before the shared parser: --by means a group here */
        int r = alerts_option(aa, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r)
            continue;
        CLI_COMMON_ARGS(o, sel, "alerts", help, -1)
        if (cli_file_arg(o, "alerts", argv[i], KNOWN) != EXIT_OK)
            return EXIT_USAGE;
    }
    if (!o->file)
        return cli_usage_error("alerts", "no FILE given");
    if (aa->ao.incidents_unknown)
        o->load.rows = 1; /* the loader then marks the rows as periods */
    /* counting incidents: the tolls need not be read */
    sel->incidents_only = aa->ao.metric == INCSTAT_CHECK_INCIDENTS;
    if (aa->by && (strcmp(aa->by, "month") == 0 || strcmp(aa->by, "quarter") == 0 ||
                   strcmp(aa->by, "year") == 0))
        return cli_usage_error("alerts", "--by names a group (admin1, perpetrator, type, a "
                                         "column); the period is --period");
    sel->so.n_by = 0;
    if (aa->by)
        sel->so.by[sel->so.n_by++] = (incstat_by){INCSTAT_BY_TEXT, aa->by};
    sel->so.by[sel->so.n_by++] = (incstat_by){aa->period, NULL};
    return EXIT_OK;
}

int cmd_alerts(int argc, char **argv)
{
    cli_load o;
    cli_select sel;
    alerts_args aa;
    memset(&o, 0, sizeof o);
    memset(&sel, 0, sizeof sel);
    memset(&aa, 0, sizeof aa);
    aa.period = INCSTAT_BY_MONTH;
    aa.ao.metric = INCSTAT_CHECK_INCIDENTS;
    int rc = parse_args(argc, argv, &o, &sel, &aa);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc; /* -1: help was asked for */
    incstat_summary *s;
    if ((rc = cli_summarise(&o, &sel, &s, NULL)) != EXIT_OK)
        return rc;
    incstat_alerts *al = NULL;
    incstat_error err;
    if (incstat_alerts_from_summary(s, &aa.ao, &al, &err) != INCSTAT_OK) {
        cli_error(&err);
        /* too short a baseline, no complete period, no such metric */
        rc = err.code == INCSTAT_EDOMAIN ? 4 : err.code == INCSTAT_EINVAL ? EXIT_USAGE : EXIT_DATA;
    } else {
        if (incstat_alerts_write(al, &aa.ao, aa.all, aa.json, stdout, &err) != INCSTAT_OK)
            cli_error(&err);
        const char *why;
        size_t skipped = incstat_alerts_skipped(al, &why);
        if (skipped) /* said even with --quiet: groups left out are never silent */
            fprintf(stderr, "incstat: %zu group%s not checked for want of data (first: %s)\n",
                    skipped, skipped == 1 ? "" : "s", why + (strncmp(why, "alerts: ", 8) ? 0 : 8));
        rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_DATA;
    }
    incstat_alerts_free(al);
    incstat_summary_free(s);
    cli_select_free(&sel);
    return rc;
}
