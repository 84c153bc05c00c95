/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/json.c: JSON strings and numbers to a stream (core/json.h). */
#include <math.h>
#include <stdio.h>

#include "core/json.h"

void incstat_json_str_(FILE *out, const char *s)
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

void incstat_json_num_(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.17g", v);
    else
        fputs("null", out);
}
