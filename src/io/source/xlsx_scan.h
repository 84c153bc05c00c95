/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_scan.h (private): a hand-written pull scanner for the XML
 * of a worksheet, several times faster than expat on a sheet's regular
 * markup (expat was three quarters of the reader's work).
 *
 * It reads well-formed UTF-8 XML 1.0 without a DOCTYPE, as expat without
 * namespace processing reads it: start and end tags with their qualified
 * names, attributes in any order, either quotes, whitespace inside tags,
 * the five predefined entities and character references decoded, line ends
 * (CR LF, lone CR) read as LF, attribute values normalised (a literal tab,
 * LF, CR or CR LF is one space), CDATA sections as text, comments and
 * processing instructions skipped.  It checks what expat checks: names, end
 * tags that match, duplicate attributes, one root, UTF-8 and XML's
 * characters, "]]>" and "--" where they may not be.
 *
 * What it does not read, or not surely as expat would, it does not guess
 * at: it answers XLSX_TOK_DOUBT, and the caller hands the part to expat,
 * which gives the same events or the exact error with its line and column.
 * Malformed XML always ends in DOUBT, so the scanner needs no error
 * messages of its own; a DOCTYPE, an encoding other than UTF-8, a non-ASCII
 * name, an over-long token also do.
 *
 * Input comes in chunks of any size (xlsx_scan_feed); a token cut by a
 * chunk's end is completed in a carry buffer, bounded by XLSX_SCAN_MAX_CARRY.
 * Tokens point into the chunk or the scanner and are valid until the next
 * call.  No allocation but the carry, the element stack and a scratch
 * buffer, all bounded.  Never installed. */
#ifndef INCSTAT_SRC_IO_XLSX_SCAN_H
#define INCSTAT_SRC_IO_XLSX_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* A single token (a tag, a comment, a CDATA section) longer than this, or
 * text without a tag for twice as long, is handed to expat, which guards
 * its own tokens with XLSX_MAX_TOKEN (64 MiB). */
#define XLSX_SCAN_MAX_CARRY ((size_t)16 << 20)

typedef enum {
    XLSX_TOK_START,  /* a start tag (an empty element's END follows at once) */
    XLSX_TOK_END,    /* an end tag */
    XLSX_TOK_TEXT,   /* character data, decoded; one element's text may come in several */
    XLSX_TOK_NEED,   /* feed the next chunk (or the end: a chunk of length 0) */
    XLSX_TOK_EOF,    /* the end of a well-formed document */
    XLSX_TOK_DOUBT,  /* not read: hand the part to expat (why says what) */
    XLSX_TOK_NOMEM,  /* out of memory */
} xlsx_tok_kind;

typedef struct {
    const char *name;  /* qualified ("x:c") */
    size_t nlen;
    const char *val;   /* decoded and normalised */
    size_t vlen;
} xlsx_scan_attr;

typedef struct {
    xlsx_tok_kind kind;
    const char *name;              /* START, END: the qualified name */
    size_t nlen;
    const xlsx_scan_attr *attrs;   /* START */
    size_t nattr;
    const char *text;              /* TEXT */
    size_t tlen;
    const char *why;               /* DOUBT: static text */
} xlsx_token;

typedef struct xlsx_scan xlsx_scan;

/* A scanner at the start of a document; NULL when out of memory. */
xlsx_scan *xlsx_scan_new(void);
void xlsx_scan_free(xlsx_scan *sc);
/* The next chunk of the document, borrowed until the scanner next answers
 * NEED; len 0 says the document ends.  Call only after NEED (or first). */
void xlsx_scan_feed(xlsx_scan *sc, const void *data, size_t len);
/* The next token (its kind also returned).  After EOF, DOUBT or NOMEM the
 * answer stays the same. */
xlsx_tok_kind xlsx_scan_next(xlsx_scan *sc, xlsx_token *t);

#endif
