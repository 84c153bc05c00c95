/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_xml.h (private): expat over an entry of the workbook's zip,
 * as the xlsx reader's parts use it: a parser whose memory goes through the
 * library's allocator, fed chunk by chunk from an xlsx_stream and able to
 * pause (a sheet pauses after each row), with the callbacks' own errors
 * carried out of expat.  Element and attribute names are compared by their
 * local part, so that any namespace prefix ("x:c", "ns:id") and Strict
 * OOXML's namespaces read as the usual ones.  Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_XML_H
#define INCSTAT_SRC_IO_XLSX_XML_H

#include <expat.h>
#include <stddef.h>
#include <stdint.h>

#include "incstat/error.h"
#include "core/internal.h"
#include "io/source/xlsx_zip.h"

/* A single XML token (a tag, a comment) longer than this is refused: expat
 * holds a token whole, and a hostile part could otherwise make it hold
 * gigabytes. */
#define XLSX_MAX_TOKEN ((uint64_t)64 << 20)

/* Every parse's callback data begins with this. */
typedef struct {
    XML_Parser p;
    xlsx_stream *s;
    const char *file;    /* the workbook's name, for messages */
    const char *part;    /* the entry's name */
    incstat_status st;   /* set by xlsx_xml_fail */
    incstat_error err;   /* ... with this */
    uint64_t since;      /* bytes fed since a callback last ran */
    int suspended, finished;
} xlsx_xml;

/* Set up x to parse entry e of z (threaded: inflate on a second thread);
 * user is what the callbacks receive (x itself or the struct it begins).
 * start NULL: no parser, the caller reads x->s itself (the worksheet
 * scanner), and xlsx_xml_fail only records the error.
 * Errors: ENOMEM, and xlsx_stream_open's. */
incstat_status xlsx_xml_open(xlsx_xml *x, xlsx_zip *z, const xlsx_entry *e, int threaded,
                             void *user, XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler text, incstat_error *err);
/* Parse on: INCSTAT_ROW when a callback paused the parser (XML_StopParser
 * with resumable true), INCSTAT_DONE at the end of the entry, or an error:
 * a callback's (xlsx_xml_fail), EPARSE for XML that is not well-formed (line
 * and column of the part), ELIMIT for an over-long token, the stream's. */
incstat_status xlsx_xml_run(xlsx_xml *x, incstat_error *err);
void xlsx_xml_close(xlsx_xml *x);
/* From a callback: stop parsing with this error (message prefixed with the
 * file and the part). */
void xlsx_xml_fail(xlsx_xml *x, incstat_status code, const char *fmt, ...) INCSTAT_PRINTF(3, 4);

/* The local part of an element or attribute name ("x:c" -> "c"). */
static inline const char *xlsx_local(const char *name)
{
    const char *c = name;
    for (const char *p = name; *p; p++)
        if (*p == ':')
            c = p + 1;
    return c;
}

/* The value of the attribute whose local name is local; NULL when absent. */
const char *xlsx_attr(const char **atts, const char *local);

/* Decode Excel's escapes in text, in place: "_x000D_" is U+000D, and
 * "_x005F_" a literal '_' (so "_x005F_x000D_" reads "_x000D_").  NUL and
 * surrogates stay as written.  Returns the new length. */
size_t xlsx_unescape(char *s, size_t n);

#endif
