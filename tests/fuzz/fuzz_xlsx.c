/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/fuzz/fuzz_xlsx.c: the .xlsx reader (src/io/source/xlsx*.c), its zip and its
 * XML parts.
 *
 * Byte 0 (mod 6) says what the rest is:
 *   0  a whole workbook file (the zip directory, inflating, every part)
 *   1  the XML of the first worksheet
 *   2  the shared strings' XML
 *   3  the styles' XML
 *   4  the workbook part's XML (its sheet list, the date system)
 *   5  the workbook's relationships
 * For 1-5 the harness builds a workbook around the input (stored entries,
 * right sizes and CRCs, so that mutations reach the XML and not the zip's
 * checks): two worksheets, two shared strings, a date style.  The workbook
 * is written to one temporary file (the reader seeks in a path) in /dev/shm
 * when there is one.  Every worksheet is read to its end.
 *
 * Checked: a failed open leaves no handle and names the file; row numbers
 * grow and stay within Excel's 1,048,576; a row has at most 16,384 cells, the
 * last not empty, and cell(count) is NULL; text is UTF-8 of its length, ""
 * for EMPTY; num is NaN for EMPTY, TEXT and ERROR and a whole 0 or 1 for BOOL,
 * a whole day for DATE; errors are EPARSE, ELIMIT, EIO or ENOMEM and name the
 * file; after DONE or an error, next() says the same again.  And every
 * worksheet reads the same (rows, cells, notes, the error's code, place and
 * message) through the hand-written scanner (the default), through expat
 * alone, and through the scanner fed in random pieces of 1 to 9 bytes. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz.h"
#include "io/source/xlsx.h"

static char path[64];
static volatile unsigned sink;

static void remove_path(void)
{
    if (path[0])
        unlink(path);
}

static const char CT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/"
    "spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><workbookPr date1904=\"0\"/><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"More data\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char WBRELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
    "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/sheet2.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats"
    ".org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship "
    "Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";
static const char SST[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/"
    "spreadsheetml/2006/main\"><si><t>id</t></si><si><r><t>da</t></r><r><t>te</t></r><rPh><t>x</t>"
    "</rPh></si></sst>";
static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/"
    "spreadsheetml/2006/main\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";
static const char SHEET[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
    "spreadsheetml/2006/main\"><dimension ref=\"A1:C3\"/><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\">"
    "<v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"B3\" "
    "s=\"1\"><v>38156</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"
    "<mergeCells><mergeCell ref=\"A1:A2\"/></mergeCells></worksheet>";

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

/* A zip of stored entries. */
static int write_zip(FILE *f, const char *const *names, const unsigned char *const *data,
                     const size_t *sizes, size_t n)
{
    unsigned long offsets[8], crcs[8], at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        crcs[i] = crc32(0L, data[i], (uInt)sizes[i]);
        offsets[i] = at;
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
        if (sizes[i])
            fwrite(data[i], 1, sizes[i], f);
        at += 30 + nl + sizes[i];
    }
    unsigned long cd = at;
    for (size_t i = 0; i < n; i++) {
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
        put16(f, 0);
        put16(f, 0);
        put16(f, 0);
        put16(f, 0);
        put32(f, 0);
        put32(f, offsets[i]);
        fwrite(names[i], 1, nl, f);
        at += 46 + nl;
    }
    put32(f, 0x06054b50UL);
    put16(f, 0);
    put16(f, 0);
    put16(f, (unsigned)n);
    put16(f, (unsigned)n);
    put32(f, at - cd);
    put32(f, cd);
    put16(f, 0);
    return ferror(f) ? -1 : 0;
}

static int write_input(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/incstat-fuzz-xlsx-%ld.xlsx", dir, (long)getpid());
        atexit(remove_path);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int mode = data[0] % 6, rc;
    data++;
    size--;
    if (mode == 0) {
        rc = size && fwrite(data, 1, size, f) != size ? -1 : 0;
    } else {
        static const char *const names[] = {
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml"};
        const unsigned char *parts[8] = {
            (const unsigned char *)CT, (const unsigned char *)RELS, (const unsigned char *)WB,
            (const unsigned char *)WBRELS, (const unsigned char *)SST, (const unsigned char *)STYLES,
            (const unsigned char *)SHEET, (const unsigned char *)SHEET};
        size_t sizes[8] = {sizeof CT - 1, sizeof RELS - 1, sizeof WB - 1, sizeof WBRELS - 1,
                           sizeof SST - 1, sizeof STYLES - 1, sizeof SHEET - 1, sizeof SHEET - 1};
        static const int slot[6] = {0, 6, 4, 5, 2, 3};
        parts[slot[mode]] = data;
        sizes[slot[mode]] = size;
        rc = write_zip(f, names, parts, sizes, 8);
    }
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

static void check_error(incstat_status st, const incstat_error *err)
{
    FUZZ_CHECK(st == INCSTAT_EPARSE || st == INCSTAT_ELIMIT || st == INCSTAT_EIO ||
                   st == INCSTAT_ENOMEM || st == INCSTAT_EINVAL || st == INCSTAT_EEMPTY,
               "status %d", (int)st);
    FUZZ_CHECK(err->code == st, "err.code %d, status %d", (int)err->code, (int)st);
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL, "message not terminated");
    FUZZ_CHECK(strstr(err->message, path) != NULL, "message does not name the file: %s", err->message);
}

static unsigned read_rows(incstat_rows *r)
{
    unsigned h = 0;
    uint64_t prev = 0;
    incstat_error err;
    incstat_status st;
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        uint64_t row = r->ops->row_number(r);
        FUZZ_CHECK(row > prev && row <= 1048576, "row %llu after %llu", (unsigned long long)row,
                   (unsigned long long)prev);
        prev = row;
        size_t n = r->ops->count(r);
        FUZZ_CHECK(n >= 1 && n <= 16384, "%zu cells in row %llu", n, (unsigned long long)row);
        FUZZ_CHECK(r->ops->cell(r, n) == NULL, "a cell past the count");
        FUZZ_CHECK(r->ops->cell(r, n - 1)->type != INCSTAT_CELL_EMPTY, "a trailing empty cell");
        for (size_t i = 0; i < n; i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            FUZZ_CHECK(c->text != NULL, "NULL text");
            FUZZ_CHECK(fuzz_utf8_valid(c->text, c->len), "cell %zu of row %llu is not UTF-8", i,
                       (unsigned long long)row);
            h += fuzz_touch(c->text, c->len);
            switch (c->type) {
            case INCSTAT_CELL_EMPTY:
                FUZZ_CHECK(c->len == 0 && isnan(c->num), "an EMPTY cell with a value");
                break;
            case INCSTAT_CELL_TEXT:
            case INCSTAT_CELL_ERROR:
                FUZZ_CHECK(c->len > 0 && isnan(c->num), "text or error cell");
                break;
            case INCSTAT_CELL_BOOL:
                FUZZ_CHECK(c->num == 0 || c->num == 1, "a boolean %g", c->num);
                break;
            case INCSTAT_CELL_DATE:
                FUZZ_CHECK(c->num == floor(c->num) && c->len == 10, "a date %.17g \"%.*s\"", c->num,
                           (int)c->len, c->text);
                break;
            case INCSTAT_CELL_DATETIME:
            case INCSTAT_CELL_NUMBER:
                FUZZ_CHECK(isfinite(c->num) && c->len > 0, "a number %g", c->num);
                break;
            default:
                FUZZ_CHECK(0, "cell type %d", (int)c->type);
            }
        }
        char where[80];
        r->ops->where(r, n - 1, where, sizeof where);
        h += fuzz_touch(where, strlen(where));
    }
    if (st == INCSTAT_DONE) {
        FUZZ_CHECK(r->ops->next(r, &err) == INCSTAT_DONE, "a row after DONE");
    } else {
        check_error(st, &err);
        incstat_error again;
        FUZZ_CHECK(r->ops->next(r, &again) == st, "the error did not stick");
    }
    FUZZ_CHECK(r->ops->bytes_done(r) <= r->ops->bytes_total(r), "more bytes done than the part has");
    for (size_t k = 0; k < r->ops->note_count(r); k++)
        h += fuzz_touch(r->ops->note(r, k), strlen(r->ops->note(r, k)));
    return h;
}

/* FNV-1a over everything a sheet's rows say. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t sheet_digest(incstat_xlsx_book *b, size_t index, int expat, size_t feed, unsigned seed)
{
    incstat_xlsx_options o = {0};
    o.index = index;
    o.expat = expat;
    o.feed = feed;
    o.feed_seed = seed;
    incstat_rows *r = NULL;
    incstat_error err;
    uint64_t h = 14695981039346656037ULL;
    incstat_status st = incstat_xlsx_book_rows(b, &o, &r, &err);
    if (st != INCSTAT_OK)
        return mix(mix(h, &st, sizeof st), err.message, strlen(err.message));
    while ((st = r->ops->next(r, &err)) == INCSTAT_ROW) {
        uint64_t row = r->ops->row_number(r);
        size_t n = r->ops->count(r);
        h = mix(mix(h, &row, sizeof row), &n, sizeof n);
        for (size_t i = 0; i < n; i++) {
            const incstat_cell *c = r->ops->cell(r, i);
            h = mix(mix(h, &c->type, sizeof c->type), c->text, c->len);
            if (!isnan(c->num))
                h = mix(h, &c->num, sizeof c->num);
        }
    }
    h = mix(h, &st, sizeof st);
    if (st != INCSTAT_DONE)
        h = mix(mix(mix(h, err.message, strlen(err.message)), &err.line, sizeof err.line), &err.column,
                sizeof err.column);
    for (size_t k = 0; k < r->ops->note_count(r); k++)
        h = mix(h, r->ops->note(r, k), strlen(r->ops->note(r, k)));
    incstat_rows_free(r);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (write_input(data, size) != 0) {
        perror(path);
        abort();
    }
    incstat_xlsx_book *b = (incstat_xlsx_book *)&sink;
    incstat_error err;
    incstat_status st = incstat_xlsx_book_open(path, &b, &err);
    if (st != INCSTAT_OK) {
        FUZZ_CHECK(b == NULL, "failed open left a handle");
        check_error(st, &err);
        return 0;
    }
    unsigned h = 0;
    for (size_t i = 0; i < incstat_xlsx_book_count(b); i++) {
        const incstat_xlsx_sheet *s = incstat_xlsx_book_sheet(b, i);
        h += fuzz_touch(s->name, strlen(s->name)) + fuzz_touch(s->dimension, strlen(s->dimension));
        incstat_xlsx_options o = {0};
        o.index = i + 1;
        incstat_rows *r = NULL;
        st = incstat_xlsx_book_rows(b, &o, &r, &err);
        if (st != INCSTAT_OK) {
            FUZZ_CHECK(r == NULL, "failed rows left a handle");
            check_error(st, &err);
            continue;
        }
        h += read_rows(r);
        incstat_rows_free(r);
        if (s->kind == INCSTAT_XLSX_WORKSHEET) {
            uint64_t scan = sheet_digest(b, i + 1, 0, 0, 0);
            FUZZ_CHECK(scan == sheet_digest(b, i + 1, 1, 0, 0), "sheet %zu: the scanner and expat differ",
                       i + 1);
            FUZZ_CHECK(scan == sheet_digest(b, i + 1, 0, 9, (unsigned)size | 1u),
                       "sheet %zu: the scanner fed in pieces reads otherwise", i + 1);
        }
    }
    incstat_xlsx_book_free(b);
    sink = h;
    return 0;
}
