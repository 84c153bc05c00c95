/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_xml.c: expat fed from a zip entry, for the xlsx reader's
 * parts (see xlsx_xml.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "io/source/xlsx_xml.h"

static void *x_malloc(size_t n)
{
    return incstat_malloc(n);
}

static void *x_realloc(void *p, size_t n)
{
    return incstat_realloc(p, n);
}

static void x_free(void *p)
{
    incstat_free_mem(p);
}

/* Comments and processing instructions only reset the token guard. */
static void on_comment(void *user, const XML_Char *data)
{
    (void)data;
    ((xlsx_xml *)user)->since = 0;
}

static void on_pi(void *user, const XML_Char *target, const XML_Char *data)
{
    (void)target;
    (void)data;
    ((xlsx_xml *)user)->since = 0;
}

incstat_status xlsx_xml_open(xlsx_xml *x, xlsx_zip *z, const xlsx_entry *e, int threaded,
                             void *user, XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler text, incstat_error *err)
{
    static const XML_Memory_Handling_Suite mem = {x_malloc, x_realloc, x_free};
    memset(x, 0, sizeof *x);
    x->file = xlsx_zip_name(z);
    x->part = e->name;
    if (!start) /* the caller reads the stream itself */
        return xlsx_stream_open(z, e, threaded, &x->s, err);
    x->p = XML_ParserCreate_MM(NULL, &mem, NULL);
    if (!x->p)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", x->file);
    XML_SetUserData(x->p, user);
    XML_SetElementHandler(x->p, start, end);
    if (text)
        XML_SetCharacterDataHandler(x->p, text);
    XML_SetCommentHandler(x->p, on_comment);
    XML_SetProcessingInstructionHandler(x->p, on_pi);
    incstat_status st = xlsx_stream_open(z, e, threaded, &x->s, err);
    if (st != INCSTAT_OK) {
        XML_ParserFree(x->p);
        x->p = NULL;
    }
    return st;
}

void xlsx_xml_close(xlsx_xml *x)
{
    if (x->p)
        XML_ParserFree(x->p);
    xlsx_stream_free(x->s);
    x->p = NULL;
    x->s = NULL;
}

void xlsx_xml_fail(xlsx_xml *x, incstat_status code, const char *fmt, ...)
{
    char msg[INCSTAT_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (x->st == INCSTAT_OK) { /* the first error is the one that counts */
        x->st = code;
        incstat_set_error(&x->err, code, 0, 0, "%s: %s: %s", x->file, x->part, msg);
    }
    if (x->p)
        XML_StopParser(x->p, XML_FALSE);
}

static incstat_status xml_error(xlsx_xml *x, incstat_error *err)
{
    if (x->st != INCSTAT_OK) {
        if (err)
            *err = x->err;
        return x->st;
    }
    enum XML_Error code = XML_GetErrorCode(x->p);
    if (code == XML_ERROR_NO_MEMORY)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", x->file);
    unsigned long line = XML_GetCurrentLineNumber(x->p), col = XML_GetCurrentColumnNumber(x->p);
    return incstat_set_error(err, INCSTAT_EPARSE, line, col + 1,
                             "%s: %s: not well-formed XML at line %lu, column %lu: %s "
                             "(a damaged workbook)",
                             x->file, x->part, line, col + 1, XML_ErrorString(code));
}

incstat_status xlsx_xml_run(xlsx_xml *x, incstat_error *err)
{
    for (;;) {
        enum XML_Status rs;
        if (x->suspended) {
            x->suspended = 0;
            rs = XML_ResumeParser(x->p);
        } else {
            if (x->finished)
                return INCSTAT_DONE;
            const unsigned char *d;
            size_t n;
            incstat_status st = xlsx_stream_next(x->s, &d, &n, err);
            if (st != INCSTAT_OK)
                return st;
            if (n) {
                void *buf = XML_GetBuffer(x->p, (int)n);
                if (!buf)
                    return xml_error(x, err);
                memcpy(buf, d, n);
                x->since += n;
                if (x->since > XLSX_MAX_TOKEN)
                    return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                             "%s: %s: an XML tag or comment longer than %llu MiB "
                                             "(a damaged or hostile workbook)",
                                             x->file, x->part,
                                             (unsigned long long)(XLSX_MAX_TOKEN >> 20));
            } else {
                x->finished = 1;
            }
            rs = XML_ParseBuffer(x->p, (int)n, n == 0);
        }
        if (rs == XML_STATUS_SUSPENDED) {
            x->suspended = 1;
            return INCSTAT_ROW;
        }
        if (rs == XML_STATUS_ERROR)
            return xml_error(x, err);
    }
}

const char *xlsx_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(xlsx_local(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t xlsx_unescape(char *s, size_t n)
{
    char *hit = n >= 7 ? memchr(s, '_', n - 6) : NULL;
    if (!hit)
        return n;
    size_t r = (size_t)(hit - s), w = r;
    while (r < n) {
        if (s[r] == '_' && n - r >= 7 && s[r + 1] == 'x' && s[r + 6] == '_') {
            int v = 0, ok = 1;
            for (size_t k = 2; k < 6 && ok; k++) {
                int h = hexval((unsigned char)s[r + k]);
                ok = h >= 0;
                v = v * 16 + h;
            }
            if (ok && v != 0 && !(v >= 0xD800 && v <= 0xDFFF)) {
                if (v < 0x80) {
                    s[w++] = (char)v;
                } else if (v < 0x800) {
                    s[w++] = (char)(0xC0 | (v >> 6));
                    s[w++] = (char)(0x80 | (v & 0x3F));
                } else {
                    s[w++] = (char)(0xE0 | (v >> 12));
                    s[w++] = (char)(0x80 | ((v >> 6) & 0x3F));
                    s[w++] = (char)(0x80 | (v & 0x3F));
                }
                r += 7;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    return w;
}
