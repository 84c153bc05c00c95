/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_xlsx_scan.c: the worksheet XML scanner (src/io/source/xlsx_scan.c)
 * against expat, its reference:
 *   - tokens: each well-formed document gives the events expat gives
 *     (names, attributes in order, decoded text), fed whole, 1 and 7 bytes at
 *     a time (so that every token is cut at every byte) and in random pieces;
 *     each document expat reads but the scanner does not claim to (a
 *     DOCTYPE, another encoding, non-ASCII names) is handed over (DOUBT);
 *     each malformed document is refused by expat and handed over by the
 *     scanner, however it is cut;
 *   - workbooks: every worksheet of tests/data/xlsx and tests/data/xlsx-suite
 *     read through the scanner (whole chunks, 7-byte and 1-byte pieces, random
 *     pieces) and through expat alone gives the same cells (type, text,
 *     number, place), the same notes and the same error (code and message);
 *     the scanner reads every fixture without handing over, except the one
 *     made malformed on purpose;
 *   - a hand-over after rows were given (XML the scanner leaves to expat, or
 *     malformed XML, far into a sheet): expat reads the part again, the rows
 *     given are not given twice, and the cells and the error are expat's.
 * The fuzz harness (tests/fuzz/fuzz_xlsx.c), replayed by make check, makes
 * the same workbook comparison on every corpus input. */
#include "helpers.h"

#include <dirent.h>
#include <expat.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "core/internal.h"
#include "io/source/xlsx.h"
#include "io/source/xlsx_scan.h"
#include "io/source/xlsx_sheet.h"

/* ---- a growable string -------------------------------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1024;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        assert_non_null(np);
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* ---- events, as both parsers give them ------------------------------------ */

/* Events written one a line: "S name", "A name=value", "E name", "T text"
 * (consecutive text joined, bytes below 0x20 as \xNN). */
typedef struct {
    sbuf out, text;
} events;

static void ev_flush(events *e)
{
    if (!e->text.len)
        return;
    sb_str(&e->out, "T ");
    for (size_t i = 0; i < e->text.len; i++) {
        unsigned char c = (unsigned char)e->text.p[i];
        char hex[8];
        if (c < 0x20 || c == '\\') {
            snprintf(hex, sizeof hex, "\\x%02X", c);
            sb_str(&e->out, hex);
        } else {
            sb_put(&e->out, (const char *)&c, 1);
        }
    }
    sb_str(&e->out, "\n");
    e->text.len = 0;
}

static void ev_start(events *e, const char *name, size_t n)
{
    ev_flush(e);
    sb_str(&e->out, "S ");
    sb_put(&e->out, name, n);
    sb_str(&e->out, "\n");
}

static void ev_attr(events *e, const char *name, size_t n, const char *val, size_t vn)
{
    sb_str(&e->out, "A ");
    sb_put(&e->out, name, n);
    sb_str(&e->out, "=");
    e->text.len = 0;
    for (size_t i = 0; i < vn; i++) { /* values escaped as text is */
        unsigned char c = (unsigned char)val[i];
        char hex[8];
        if (c < 0x20 || c == '\\') {
            snprintf(hex, sizeof hex, "\\x%02X", c);
            sb_str(&e->out, hex);
        } else {
            sb_put(&e->out, (const char *)&c, 1);
        }
    }
    sb_str(&e->out, "\n");
}

static void ev_end(events *e, const char *name, size_t n)
{
    ev_flush(e);
    sb_str(&e->out, "E ");
    sb_put(&e->out, name, n);
    sb_str(&e->out, "\n");
}

static void ev_free(events *e)
{
    free(e->out.p);
    free(e->text.p);
}

static void x_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    ev_start(user, name, strlen(name));
    for (size_t i = 0; atts[i]; i += 2)
        ev_attr(user, atts[i], strlen(atts[i]), atts[i + 1], strlen(atts[i + 1]));
}

static void x_end(void *user, const XML_Char *name)
{
    ev_end(user, name, strlen(name));
}

static void x_text(void *user, const XML_Char *s, int len)
{
    events *e = user;
    sb_put(&e->text, s, (size_t)len);
}

/* expat's events for doc: 1 when well-formed. */
static int expat_events(const char *doc, size_t len, events *e)
{
    XML_Parser p = XML_ParserCreate(NULL);
    assert_non_null(p);
    XML_SetUserData(p, e);
    XML_SetElementHandler(p, x_start, x_end);
    XML_SetCharacterDataHandler(p, x_text);
    int ok = XML_Parse(p, doc, (int)len, 1) == XML_STATUS_OK;
    ev_flush(e);
    XML_ParserFree(p);
    return ok;
}

/* The scanner's events for doc, fed in pieces of piece bytes (0: whole;
 * with seed, random pieces of 1 to piece bytes): 1 at EOF, 0 on DOUBT
 * (*why says why). */
static int scan_events(const char *doc, size_t len, size_t piece, unsigned seed, events *e,
                       const char **why)
{
    xlsx_scan *sc = xlsx_scan_new();
    assert_non_null(sc);
    size_t at = 0;
    int result = -1;
    *why = NULL;
    while (result < 0) {
        xlsx_token t;
        switch (xlsx_scan_next(sc, &t)) {
        case XLSX_TOK_START:
            ev_start(e, t.name, t.nlen);
            for (size_t i = 0; i < t.nattr; i++)
                ev_attr(e, t.attrs[i].name, t.attrs[i].nlen, t.attrs[i].val, t.attrs[i].vlen);
            break;
        case XLSX_TOK_END:
            ev_end(e, t.name, t.nlen);
            break;
        case XLSX_TOK_TEXT:
            sb_put(&e->text, t.text, t.tlen);
            break;
        case XLSX_TOK_NEED: {
            size_t k = len - at;
            if (piece) {
                size_t want = piece;
                if (seed) {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    want = 1 + seed % piece;
                }
                if (k > want)
                    k = want;
            }
            xlsx_scan_feed(sc, doc + at, k);
            at += k;
            break;
        }
        case XLSX_TOK_EOF:
            result = 1;
            break;
        case XLSX_TOK_DOUBT:
            *why = t.why;
            result = 0;
            break;
        default:
            fail_msg("scanner: out of memory");
        }
    }
    ev_flush(e);
    xlsx_scan_free(sc);
    return result;
}

static const struct {
    size_t piece;
    unsigned seed;
} FEEDS[] = {{0, 0}, {1, 0}, {7, 0}, {2, 0}, {13, 1u}, {64, 12345u}, {200, 777u}};

/* ---- documents ---------------------------------------------------------------- */

#define SHEET_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

/* Well-formed: the scanner reads each as expat does. */
static const char *const GOOD[] = {
    SHEET_HEAD "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<dimension ref=\"A1:C2\"/><sheetData><row r=\"1\" spans=\"1:3\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" s=\"2\"><v>38156.5</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>x &amp; y</t></is></c></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
    /* prefixes, attributes in any order, single quotes, whitespace inside tags */
    "<x:worksheet xmlns:x='urn:x'><x:sheetData >\n<x:row\tr = '2' ><x:c t='str' s=\"1\" r='B2'\n>"
    "<x:f>SUM(A1:A2)</x:f><x:v>a&lt;b&gt;c&quot;d&apos;e</x:v></x:c ></x:row></x:sheetData></x:worksheet >",
    /* references, line ends: CR LF and lone CR read as LF, in text and in values */
    "<a><b v=\"1&#9;2&#10;3&#13;4\r\n5\r6\n7\t8\">x&#x41;&#66;&#x10FFFF;&#xe9;\r\ny\rz\n</b></a>",
    /* UTF-8 in text and values, 2, 3 and 4 bytes */
    "<?xml version='1.0'?><a t=\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\">\xC3\xA9t\xC3\xA9 "
    "\xE2\x82\xAC 12 \xF0\x9F\x98\x80 ]] ] >x</a>",
    /* comments, processing instructions, CDATA, a BOM */
    "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- before --><?pi data?><a><!-- in - side --><?x?><b>"
    "<![CDATA[<not a tag> & not &amp; ]] ]>\r\n]]>tail</b><![CDATA[]]></a><!-- after -->\n<?end?>\n",
    /* empty elements, deep nesting, many attributes */
    "<a><b/><c x=\"1\" y=\"2\" z=\"3\" w=\"\" v=''/><d><e><f><g><h/></g></f></e></d></a>",
    /* a long text, a long attribute (longer than the small pieces) */
    "<a><v>0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567"
    "890123456789</v><c r=\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ&amp;&amp;\"/></a>",
    /* names with dots, dashes, digits, colons; whitespace around '=' */
    "<a-b.c:d_e1 f.g-h = \"1\" _i:j='2'>t</a-b.c:d_e1>",
    /* the smallest document; DEL, which XML allows */
    "<a>\x7F</a>",
    "<a/>",
    "  \n<a/>\n\n",
};

/* Read by expat but not claimed by the scanner: handed over. */
static const char *const HANDED[] = {
    "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>",
    "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>x</a>",
    "<\xC3\xA9l\xC3\xA9ment>x</\xC3\xA9l\xC3\xA9ment>",
    "<a \xC3\xA9=\"1\">x</a>",
    "\xFF\xFE<\0a\0/\0>\0",
};

/* Not well-formed: expat refuses, the scanner hands over. */
static const char *const BAD[] = {
    "<a><b></a>",                          /* mismatched tag */
    "<a><b>",                              /* unclosed */
    "<a>x",                                /* truncated */
    "<a>x</a",                             /* truncated in a tag */
    "<a>1 < 2</a>",                        /* a stray '<' */
    "<a>&nbsp;</a>",                       /* undefined entity */
    "<a>&amp</a>",                         /* unterminated reference */
    "<a>&#0;</a>",                         /* not a character */
    "<a>&#xD800;</a>",                     /* a surrogate */
    "<a>&#X41;</a>",                       /* 'X' is not 'x' */
    "<a>]]></a>",                          /* "]]>" in text */
    "<a>\x01</a>",                         /* a control character */
    "<a>\xC3</a>",                         /* cut UTF-8 */
    "<a>\xC0\x80</a>",                     /* overlong UTF-8 */
    "<a>\xED\xA0\x80</a>",                 /* a surrogate in UTF-8 */
    "<a>\xEF\xBF\xBE</a>",                 /* U+FFFE */
    "<a b=\"1\" b=\"2\"/>",                /* a duplicate attribute */
    "<a b=\"1\"c=\"2\"/>",                 /* attributes not apart */
    "<a b=1/>",                            /* no quotes */
    "<a b=\"<\"/>",                        /* '<' in a value */
    "<a b=\"&x;\"/>",                      /* undefined entity in a value */
    "<a b/>",                              /* an attribute without a value */
    "<a/><b/>",                            /* two roots */
    "x<a/>",                               /* text before the root */
    "<a/>x",                               /* text after it */
    "",                                    /* no element */
    "   ",
    "<a><!-- a -- b --></a>",              /* "--" in a comment */
    "<a><?xml version=\"1.0\"?></a>",      /* a declaration not at the start */
    "<a><?XmL x?></a>",
    " <?xml version=\"1.0\"?><a/>",
    "<a></b>",
    "<1a/>",                               /* a name's first character */
    "<a></a >x",
    "<a>< b/></a>",
    "<a><b / ></a>",
    "<a></a></a>",
    "<![CDATA[x]]><a/>",                   /* CDATA outside the root */
    "<a><![CDATA[x</a>",                   /* unterminated CDATA */
};

static void test_well_formed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof GOOD / sizeof GOOD[0]; i++) {
        size_t len = strlen(GOOD[i]);
        events ref = {{0}, {0}};
        assert_int_equal(expat_events(GOOD[i], len, &ref), 1);
        for (size_t f = 0; f < sizeof FEEDS / sizeof FEEDS[0]; f++) {
            events got = {{0}, {0}};
            const char *why;
            int r = scan_events(GOOD[i], len, FEEDS[f].piece, FEEDS[f].seed, &got, &why);
            if (r != 1)
                fail_msg("document %zu, pieces of %zu: handed over (%s)", i, FEEDS[f].piece, why);
            if (strcmp(got.out.p, ref.out.p) != 0)
                fail_msg("document %zu, pieces of %zu:\nscanner:\n%s\nexpat:\n%s", i, FEEDS[f].piece,
                         got.out.p, ref.out.p);
            ev_free(&got);
        }
        ev_free(&ref);
    }
}

static void test_handed_over(void **state)
{
    (void)state;
    static const size_t lens[] = {0, 0, 0, 0, 0, 10};
    for (size_t i = 0; i < sizeof HANDED / sizeof HANDED[0]; i++) {
        size_t len = lens[i] ? lens[i] : strlen(HANDED[i]);
        events ref = {{0}, {0}};
        if (expat_events(HANDED[i], len, &ref) != 1)
            fail_msg("document %zu: expat refuses it", i);
        for (size_t f = 0; f < sizeof FEEDS / sizeof FEEDS[0]; f++) {
            events got = {{0}, {0}};
            const char *why;
            if (scan_events(HANDED[i], len, FEEDS[f].piece, FEEDS[f].seed, &got, &why) != 0)
                fail_msg("document %zu, pieces of %zu: read, not handed over", i, FEEDS[f].piece);
            assert_non_null(why);
            ev_free(&got);
        }
        ev_free(&ref);
    }
}

static void test_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        size_t len = strlen(BAD[i]);
        events ref = {{0}, {0}};
        if (expat_events(BAD[i], len, &ref) != 0)
            fail_msg("document %zu (%s): expat reads it", i, BAD[i]);
        for (size_t f = 0; f < sizeof FEEDS / sizeof FEEDS[0]; f++) {
            events got = {{0}, {0}};
            const char *why;
            if (scan_events(BAD[i], len, FEEDS[f].piece, FEEDS[f].seed, &got, &why) != 0)
                fail_msg("document %zu (%s), pieces of %zu: read", i, BAD[i], FEEDS[f].piece);
            assert_non_null(why);
            /* what came before the fault is what expat gave before it */
            assert_true(strncmp(got.out.p ? got.out.p : "", ref.out.p ? ref.out.p : "",
                                got.out.len) == 0 || got.out.len == 0);
            ev_free(&got);
        }
        ev_free(&ref);
    }
}

/* A long document cut everywhere: every byte boundary, and the carry across
 * many pieces (a tag longer than a piece, text across pieces). */
static void test_long_document(void **state)
{
    (void)state;
    sbuf doc = {0};
    sb_str(&doc, SHEET_HEAD "<worksheet><sheetData>");
    char buf[400];
    for (int r = 1; r <= 300; r++) {
        snprintf(buf, sizeof buf, "<row r=\"%d\"><c r=\"A%d\" t=\"s\"><v>%d</v></c><c r=\"B%d\" s=\"1\">"
                 "<v>%d.25</v></c><c r=\"C%d\" t=\"inlineStr\"><is><t>t&amp;%d\r\n</t></is></c></row>\n",
                 r, r, r % 7, r, r * 3, r, r);
        sb_str(&doc, buf);
    }
    sb_str(&doc, "</sheetData></worksheet>");
    events ref = {{0}, {0}};
    assert_int_equal(expat_events(doc.p, doc.len, &ref), 1);
    for (size_t piece = 1; piece <= 40; piece++) {
        events got = {{0}, {0}};
        const char *why;
        assert_int_equal(scan_events(doc.p, doc.len, piece, 0, &got, &why), 1);
        assert_string_equal(got.out.p, ref.out.p);
        ev_free(&got);
    }
    ev_free(&ref);
    free(doc.p);
}

/* ---- workbooks -------------------------------------------------------------- */

/* Every row and cell of sheet i (1-based), the notes, and the end. */
static void dump_sheet(incstat_xlsx_book *b, size_t i, const incstat_xlsx_options *o, sbuf *out,
                       const char **fell_back)
{
    incstat_rows *r = NULL;
    incstat_error err;
    incstat_xlsx_options opt = *o;
    opt.index = i;
    char line[600];
    *fell_back = NULL;
    incstat_status st = incstat_xlsx_book_rows(b, &opt, &r, &err);
    if (st != INCSTAT_OK) {
        snprintf(line, sizeof line, "open %d %s\n", (int)st, err.message);
        sb_str(out, line);
        return;
    }
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        snprintf(line, sizeof line, "row %llu\n", (unsigned long long)r->ops->row_number(r));
        sb_str(out, line);
        for (size_t k = 0; k < r->ops->count(r); k++) {
            const incstat_cell *c = r->ops->cell(r, k);
            snprintf(line, sizeof line, "%zu %d %.17g ", k, (int)c->type, c->num);
            sb_str(out, line);
            sb_put(out, c->text, c->len);
            sb_str(out, "\n");
        }
    }
    snprintf(line, sizeof line, "end %d %llu %llu %s\n", (int)st,
             st == INCSTAT_DONE ? 0ull : (unsigned long long)err.line,
             st == INCSTAT_DONE ? 0ull : (unsigned long long)err.column, st == INCSTAT_DONE ? "" : err.message);
    sb_str(out, line);
    for (size_t k = 0; k < r->ops->note_count(r); k++) {
        sb_str(out, r->ops->note(r, k));
        sb_str(out, "\n");
    }
    *fell_back = xlsx_sheet_fell_back(r);
    incstat_rows_free(r);
}

static size_t nbooks, nsheets, nhanded;

/* Workbook path through expat and the scanner, fed every way: the same. */
static void compare_book(const char *path)
{
    incstat_xlsx_book *b;
    incstat_error err;
    if (incstat_xlsx_book_open(path, &b, &err) != INCSTAT_OK)
        return; /* the archive or the workbook part: not the sheet's XML */
    nbooks++;
    for (size_t i = 1; i <= incstat_xlsx_book_count(b); i++) {
        const incstat_xlsx_sheet *sh = incstat_xlsx_book_sheet(b, i - 1);
        if (sh->kind != INCSTAT_XLSX_WORKSHEET)
            continue;
        nsheets++;
        incstat_xlsx_options ox = {0};
        ox.expat = 1;
        sbuf ref = {0};
        const char *why;
        dump_sheet(b, i, &ox, &ref, &why);
        for (size_t f = 0; f < sizeof FEEDS / sizeof FEEDS[0]; f++) {
            if (FEEDS[f].piece && FEEDS[f].piece < 7 && sh->bytes > 400000)
                continue; /* byte by byte through megabytes: the small sheets do it */
            incstat_xlsx_options os = {0};
            os.feed = FEEDS[f].piece;
            os.feed_seed = FEEDS[f].seed;
            sbuf got = {0};
            dump_sheet(b, i, &os, &got, &why);
            if (strcmp(got.p, ref.p) != 0) {
                size_t k = 0;
                while (got.p[k] && got.p[k] == ref.p[k])
                    k++;
                size_t from = k > 200 ? k - 200 : 0;
                fail_msg("%s sheet %zu, pieces of %zu: the scanner and expat differ at byte %zu:\n"
                         "scanner: %.400s\nexpat:   %.400s", path, i, FEEDS[f].piece, k,
                         got.p + from, ref.p + from);
            }
            if (why && f == 0) {
                nhanded++;
                /* the fixture malformed on purpose is the only one handed over */
                if (!strstr(path, "bad_xml.xlsx"))
                    fail_msg("%s sheet %zu: handed over to expat (%s)", path, i, why);
            }
            free(got.p);
        }
        free(ref.p);
    }
    incstat_xlsx_book_free(b);
}

static void compare_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        names = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(names);
        names[n] = strdup(path);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len > 5 && strcmp(names[i] + len - 5, ".xlsx") == 0)
            compare_book(names[i]);
        else
            compare_dir(names[i]); /* a folder (or a file opendir refuses) */
        free(names[i]);
    }
    free(names);
}

static void test_workbooks(void **state)
{
    (void)state;
    nbooks = nsheets = nhanded = 0;
    compare_dir(TEST_DATA_DIR "/xlsx");
    compare_dir(TEST_DATA_DIR "/xlsx-suite");
    print_message("compared %zu workbooks, %zu worksheets (%zu handed over to expat)\n", nbooks,
                  nsheets, nhanded);
    assert_true(nbooks >= 20);
    assert_int_equal(nhanded, 1); /* bad_xml.xlsx */
}

/* ---- a hand-over far into a sheet -------------------------------------------- */

static void put16(FILE *f, unsigned v)
{
    fputc((int)(v & 0xFF), f);
    fputc((int)((v >> 8) & 0xFF), f);
}

static void put32(FILE *f, unsigned long v)
{
    put16(f, (unsigned)(v & 0xFFFF));
    put16(f, (unsigned)((v >> 16) & 0xFFFF));
}

/* A workbook of stored entries whose one worksheet is sheet. */
static void write_book(const char *path, const char *sheet, size_t sheet_len)
{
    static const char *const names[] = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
    const char *parts[5] = {
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
        "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        sheet};
    size_t sizes[5];
    unsigned long offs[5], crcs[5], at = 0;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < 5; i++) {
        sizes[i] = i == 4 ? sheet_len : strlen(parts[i]);
        size_t nl = strlen(names[i]);
        crcs[i] = crc32(0L, (const unsigned char *)parts[i], (uInt)sizes[i]);
        offs[i] = at;
        put32(f, 0x04034b50UL);
        put16(f, 20);
        put16(f, 0);
        put16(f, 0);
        put32(f, 0);
        put32(f, crcs[i]);
        put32(f, (unsigned long)sizes[i]);
        put32(f, (unsigned long)sizes[i]);
        put16(f, (unsigned)nl);
        put16(f, 0);
        fwrite(names[i], 1, nl, f);
        fwrite(parts[i], 1, sizes[i], f);
        at += 30 + nl + sizes[i];
    }
    unsigned long cd = at;
    for (size_t i = 0; i < 5; i++) {
        size_t nl = strlen(names[i]);
        put32(f, 0x02014b50UL);
        put16(f, 20);
        put16(f, 20);
        put16(f, 0);
        put16(f, 0);
        put32(f, 0);
        put32(f, crcs[i]);
        put32(f, (unsigned long)sizes[i]);
        put32(f, (unsigned long)sizes[i]);
        put16(f, (unsigned)nl);
        for (int k = 0; k < 4; k++)
            put16(f, 0);
        put32(f, 0);
        put32(f, offs[i]);
        fwrite(names[i], 1, nl, f);
        at += 46 + nl;
    }
    put32(f, 0x06054b50UL);
    put16(f, 0);
    put16(f, 0);
    put16(f, 5);
    put16(f, 5);
    put32(f, at - cd);
    put32(f, cd);
    put16(f, 0);
    assert_int_equal(fclose(f), 0);
}

/* Sheets of 10,000 rows (1.3 MB: inflated on a second thread, the hand-over
 * stops it) with, after row 2,500, something the scanner leaves to expat. */
static void test_hand_over_late(void **state)
{
    (void)state;
    static const struct {
        const char *insert; /* after row 2,500 */
        incstat_status end; /* what expat makes of it */
        const char *message;
    } cases[] = {
        /* well-formed, but a name the scanner does not read: the rows go on */
        {"<x:\xC3\xA9tiquette a=\"1\"/>", INCSTAT_DONE, NULL},
        {"<?xml-stylesheet x?><!-- \xC3\xA9 --><row r=\"2501\"><\xC3\xA9/></row>", INCSTAT_DONE, NULL},
        /* malformed: the error is expat's, with its line and column */
        {"<row r=\"2501\"><c><v>1</w></c></row>", INCSTAT_EPARSE, "not well-formed XML at line 2502, "},
        {"<row r=\"2501\"><c t=\"s\" t=\"n\"><v>1</v></c></row>", INCSTAT_EPARSE, "duplicate attribute"},
        {"<row r=\"2501\"><c><v>&nbsp;</v></c></row>", INCSTAT_EPARSE, "undefined entity"},
        {"<row r=\"2501\"><c><v>1 < 2</v></c></row>", INCSTAT_EPARSE, "not well-formed"},
    };
    char path[64];
    snprintf(path, sizeof path, "/tmp/incstat-test-scan-%ld.xlsx", (long)getpid());
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        sbuf sheet = {0};
        char buf[300];
        sb_str(&sheet, SHEET_HEAD "<worksheet><sheetData>");
        for (int r = 1; r <= 10000; r++) {
            if (r == 2501)
                sb_str(&sheet, cases[k].insert);
            snprintf(buf, sizeof buf, "\n<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"B%d\" "
                     "t=\"inlineStr\"><is><t>row %d of a sheet long enough to span chunks</t></is></c>"
                     "</row>", r + (r >= 2501), r + (r >= 2501), r, r + (r >= 2501), r);
            sb_str(&sheet, buf);
        }
        sb_str(&sheet, "</sheetData></worksheet>");
        write_book(path, sheet.p, sheet.len);
        incstat_xlsx_book *b;
        incstat_error err;
        assert_int_equal(incstat_xlsx_book_open(path, &b, &err), INCSTAT_OK);
        incstat_xlsx_options ox = {0}, os = {0};
        ox.expat = 1;
        sbuf ref = {0}, got = {0};
        const char *why;
        dump_sheet(b, 1, &ox, &ref, &why);
        dump_sheet(b, 1, &os, &got, &why);
        assert_non_null(why); /* the scanner handed over */
        assert_string_equal(got.p, ref.p);
        /* each row once, in order, up to the end or the error */
        incstat_rows *r;
        os.index = 1;
        assert_int_equal(incstat_xlsx_book_rows(b, &os, &r, &err), INCSTAT_OK);
        uint64_t n = 0, prev = 0;
        incstat_status st;
        while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
            assert_true(r->ops->row_number(r) > prev);
            prev = r->ops->row_number(r);
            n++;
        }
        if (st != cases[k].end)
            fail_msg("case %zu: status %d: %s", k, (int)st, st == INCSTAT_DONE ? "" : err.message);
        if (cases[k].message) {
            if (!strstr(err.message, cases[k].message) || !strstr(err.message, "xl/worksheets/sheet1.xml"))
                fail_msg("case %zu: %s", k, err.message);
            assert_int_equal(n, 2500);
        } else {
            assert_int_equal(n, 10000);
        }
        incstat_rows_free(r);
        incstat_xlsx_book_free(b);
        free(sheet.p);
        free(ref.p);
        free(got.p);
    }
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed),
        cmocka_unit_test(test_handed_over),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_long_document),
        cmocka_unit_test(test_workbooks),
        cmocka_unit_test(test_hand_over_late),
    };
    return cmocka_run_group_tests_name("xlsx_scan", tests, NULL, NULL);
}
