/* src/cli/main.c: the incstat command: dispatch to subcommands.
 *
 * The cli module, at the top of the layers, owns the command line: each
 * subcommand (inspect.c, summary.c, trend.c, chart.c, report.c) parses its
 * options, makes a few library calls and prints; the options every command
 * shares, messages and exit codes are in common.c and select.c.  Nothing
 * here computes what the library could. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"inspect", cmd_inspect, "describe a file: preset, encoding, columns and their types, load report"},
    {"summary", cmd_summary, "incidents, killed and injured per year (month, quarter, category)"},
    {"trend", cmd_trend, "trend statistics: OLS, Poisson, negative binomial, Mann-Kendall, Sen, change points"},
    {"chart", cmd_chart, "draw a chart (bar, line, range, stacked, heatmap, multiples) to PNG, PDF, SVG"},
    {"claim", cmd_claim, "check a claim about a year (highest since, record, more than) on each estimate"},
    {"alerts", cmd_alerts, "is the latest period far above its recent baseline? (per group)"},
    {"report", cmd_report, "one PDF or HTML report: headline, yearly table, charts, trend, data notes"},
    {"schema", cmd_schema, "the mapping incstat recognises in a file, as a --schema file"},
    {"export", cmd_export, "the incidents as a tidy table (csv, tsv, jsonl, json, sqlite), or --raw records"},
    {"diff", cmd_diff, "what changed between two releases: records, cells, columns, yearly figures"},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *out)
{
    fprintf(out, "Usage: incstat COMMAND [OPTIONS] FILE\n\n"
                 "Incident-level conflict statistics from CSV files (GTD, ACLED, UCDP GED,\n"
                 "Pakistan Body Count, or any file described with --map or --schema).\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out, "  %-10s %s\n", "help", "help on a command: incstat help summary");
    fprintf(out, "\nOptions: --help, --version.  FILE may be '-' (standard input) or a .gz file.\n"
                 "Exit status: 0 success, 1 data or processing error, 2 usage error\n"
                 "(claim: 0 holds, 3 does not hold, 4 cannot be checked).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("incstat %s\n", incstat_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return EXIT_OK;
        }
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(argv[2], COMMANDS[i].name) == 0) {
                char *args[] = {argv[2], "--help", NULL};
                return COMMANDS[i].run(2, args);
            }
        cmd = argv[2];
    } else {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(cmd, COMMANDS[i].name) == 0)
                return COMMANDS[i].run(argc - 1, argv + 1);
    }
    const char *names[NCOMMANDS + 1];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = COMMANDS[i].name;
    names[NCOMMANDS] = "help";
    const char *near = incstat_nearest(cmd, names, NCOMMANDS + 1);
    if (near)
        fprintf(stderr, "incstat: unknown command '%s'; did you mean '%s'?\n", cmd, near);
    else
        fprintf(stderr, "incstat: unknown command '%s'\n", cmd);
    fprintf(stderr, "Try 'incstat --help'.\n");
    return EXIT_USAGE;
}
