/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/escape.c: CSV and JSON text for output (escape.h). */
#include <string.h>

#include "core/internal.h"
#include "io/export/escape.h"

static int csv_needs_quotes(const char *s, size_t n, char delim)
{
    if (n && (s[0] == ' ' || s[n - 1] == ' '))
        return 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == delim || c == '"' || c == '\n' || c == '\r' || c == '\0')
            return 1;
    }
    return 0;
}

size_t incstat_escape_csv_(char *dst, const char *s, size_t n, char delim)
{
    if (!csv_needs_quotes(s, n, delim)) {
        memcpy(dst, s, n);
        return n;
    }
    size_t m = 0;
    dst[m++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            dst[m++] = '"';
        dst[m++] = s[i];
    }
    dst[m++] = '"';
    return m;
}

size_t incstat_escape_json_(char *dst, const char *s, size_t n)
{
    static const char HEX[] = "0123456789abcdef";
    size_t m = 0;
    dst[m++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            dst[m++] = (char)c;
            continue;
        }
        dst[m++] = '\\';
        switch (c) {
        case '"': dst[m++] = '"'; break;
        case '\\': dst[m++] = '\\'; break;
        case '\n': dst[m++] = 'n'; break;
        case '\r': dst[m++] = 'r'; break;
        case '\t': dst[m++] = 't'; break;
        default:
            dst[m++] = 'u';
            dst[m++] = '0';
            dst[m++] = '0';
            dst[m++] = HEX[c >> 4];
            dst[m++] = HEX[c & 15];
        }
    }
    dst[m++] = '"';
    return m;
}

static int fput_with(FILE *out, const char *s, size_t n, size_t room,
                     size_t (*fn)(char *, const char *, size_t, char), char delim)
{
    char small[512];
    char *buf = room <= sizeof small ? small : incstat_malloc(room);
    if (!buf)
        return -1;
    size_t m = fn(buf, s, n, delim);
    fwrite(buf, 1, m, out);
    if (buf != small)
        incstat_free_mem(buf);
    return 0;
}

static size_t json_adapter(char *dst, const char *s, size_t n, char delim)
{
    (void)delim;
    return incstat_escape_json_(dst, s, n);
}

int incstat_fput_csv_(FILE *out, const char *s, size_t n, char delim)
{
    return fput_with(out, s, n, INCSTAT_CSV_ROOM(n), incstat_escape_csv_, delim);
}

int incstat_fput_json_(FILE *out, const char *s, size_t n)
{
    return fput_with(out, s, n, INCSTAT_JSON_ROOM(n), json_adapter, 0);
}
