/* src/cli/inspect.c: incstat inspect: what the loader sees in a file. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const KNOWN[] = {"--format", "--help", "--preset", "--map", "--schema", "--keep", "--recode",
                                    "--encoding", "--delimiter", "--date-order", "--strict",
                                    "--threads", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat inspect [OPTIONS] FILE\n\n"
           "Prints the detected preset, encoding, delimiter and line endings, every column\n"
           "with its inferred type, missing and unparsed cells, the year range and the load\n"
           "report.\n\n"
           "  --format table|json   output format (default table)\n"
           "  --preset NAME         gtd, acled, ucdp-ged, pbc-suicide, pbc-drone, ucdp-cy, ucdp-brd,\n"
           "                        owid, none (no preset, no recognition; default: detect)\n"
           "  --map FIELD=COLUMN    map a column to a canonical field (repeatable)\n"
           "  --schema FILE         mapping and parse hints from a schema file\n"
           "  --keep COLUMN         keep another column as text (repeatable)\n"
           "  --recode FIELD:FROM=TO  read a text field's spelling FROM as TO (repeatable)\n"
           "  --encoding NAME       utf-8, windows-1252, iso-8859-1, mac-roman (default: UTF-8,\n"
           "                        cells that are not UTF-8 read in Windows-1252, Mac Roman\n"
           "                        or ISO-8859-1, whichever their text reads best in)\n"
           "  --delimiter C         , ; | or tab (default: detect)\n"
           "  --date-order ORDER    dmy, mdy or ymd for dates like 6/7/2004\n"
           "  --decimal , or .      the decimal mark of every number column (default:\n"
           "                        decided per column from its values, else the file)\n"
           "  --strict              a row with a different number of fields is an error\n"
           "  --threads N           read a large plain file with N threads (default: the\n"
           "                        number of cores; the report is the same)\n"
           "  --quiet               no load report on stderr\n");
}

int cmd_inspect(int argc, char **argv)
{
    cli_load o;
    int json = 0;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        CLI_COMMON_ARGS(&o, NULL, "inspect", help, EXIT_OK)
        if (strncmp(a, "--format", 8) == 0 && (a[8] == '\0' || a[8] == '=')) {
            const char *v = cli_value(argc, argv, &i, "--format");
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "table") != 0))
                return cli_usage_error("inspect", "--format is table or json");
            json = strcmp(v, "json") == 0;
        } else if (cli_file_arg(&o, "inspect", a, KNOWN) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (!o.file)
        return cli_usage_error("inspect", "no FILE given");
    o.load.infer_types = 1;
    incstat_loader *ld;
    incstat_error err;
    cli_progress_setup(&o);
    if (incstat_loader_open(o.file, &o.load, &ld, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    incstat_status dst = incstat_loader_drain(ld, cli_threads(&o), 0, &err);
    cli_progress_done();
    if (dst != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    const incstat_load_report *r = incstat_loader_report(ld);
    incstat_status st = incstat_load_report_write(
        r, json ? INCSTAT_LOAD_REPORT_JSON : INCSTAT_LOAD_REPORT_FULL, stdout, &err);
    if (st != INCSTAT_OK)
        cli_error(&err);
    incstat_loader_free(ld);
    return st == INCSTAT_OK ? EXIT_OK : EXIT_DATA;
}
