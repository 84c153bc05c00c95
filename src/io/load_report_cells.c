/* src/io/load_report_cells.c: the column-name cell of inspect's tables (the
 * mapping and column table in load_report_inspect.c, the number table in
 * load_report_numbers.c), in a file of its own so that both call down to it.
 * Names are UTF-8; the width counts characters, not bytes, so "Année" pads
 * like "Annee". */
#include <stdio.h>

#include "incstat/load.h"
#include "io/load_report_text.h"

#define NAME_MIN 32
#define NAME_MAX 48

/* Characters (UTF-8 code points) in s. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

size_t incstat_load_report_name_width_(const incstat_load_report *r)
{
    size_t w = NAME_MIN;
    for (size_t i = 0; i < r->n_columns && w < NAME_MAX; i++) {
        size_t n = chars(r->columns[i].name);
        if (n > w)
            w = n < NAME_MAX ? n : NAME_MAX;
    }
    return w;
}

void incstat_load_report_name_cell_(FILE *out, const char *name, size_t width)
{
    size_t n = chars(name);
    if (n <= width) {
        fprintf(out, "%s%*s", name, (int)(width - n), "");
        return;
    }
    /* width - 1 characters, then the ellipsis */
    size_t k = 0, i = 0;
    for (; name[i]; i++) {
        if (((unsigned char)name[i] & 0xC0) != 0x80 && k++ == width - 1)
            break;
    }
    fprintf(out, "%.*s\xE2\x80\xA6", (int)i, name);
}
