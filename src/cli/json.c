/* src/cli/json.c: the JSON scalars every command's --format json writes.
 * Their own file: the load report's printer, inspect and the other commands
 * all write JSON, and none should call another back for it. */
#include <math.h>
#include <stdio.h>

#include "cli.h"

void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

void cli_json_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.17g", v);
    else
        fputs("null", out);
}
