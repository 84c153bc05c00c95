/* src/cli/schema.c: incstat schema: the mapping incstat would use for a file,
 * as a --schema file with each line's evidence. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const KNOWN[] = {"--help", "--preset", "--map", "--schema", "--keep",
                                    "--encoding", "--delimiter", "--date-order", "--strict",
                                    "--threads", "--quiet", NULL};

static void help(void)
{
    printf("Usage: incstat schema [OPTIONS] FILE\n\n"
           "Prints the mapping incstat would use for FILE as a schema file (the --schema\n"
           "format), each line commented with its evidence: check it once, edit it, and pass\n"
           "it with --schema from then on.\n\n"
           "Load options as for inspect (--preset, --map, --schema, --encoding, ...).\n");
}

int cmd_schema(int argc, char **argv)
{
    cli_load o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        CLI_COMMON_ARGS(&o, NULL, "schema", help, EXIT_OK)
        if (cli_file_arg(&o, "schema", argv[i], KNOWN) != EXIT_OK)
            return EXIT_USAGE;
    }
    if (!o.file)
        return cli_usage_error("schema", "no FILE given");
    incstat_loader *ld;
    incstat_error err;
    if (incstat_loader_open(o.file, &o.load, &ld, &err) != INCSTAT_OK) {
        cli_error(&err);
        return EXIT_DATA;
    }
    /* the whole file: the day/month order is known only at its end */
    if (incstat_loader_drain(ld, cli_threads(&o), 0, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    if (incstat_loader_schema_write(ld, stdout, &err) != INCSTAT_OK) {
        cli_error(&err);
        incstat_loader_free(ld);
        return EXIT_DATA;
    }
    cli_print_report(stderr, incstat_loader_report(ld), o.quiet);
    incstat_loader_free(ld);
    return EXIT_OK;
}
