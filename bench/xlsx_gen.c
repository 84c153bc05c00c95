/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/xlsx_gen.c: writes a seeded GTD-shaped workbook for bench/xlsx.sh:
 * ROWS rows of 135 columns under a header, about 80% of the cells filled:
 * an event id, year/month/day, a date (date style), 26 categorical text
 * columns (countries, provinces, cities, attack and weapon types, group
 * names: shared strings with small vocabularies), a unique free-text summary
 * of 60-250 characters per row and 3 other long text columns (shared
 * strings, as Excel stores them), coordinates with six decimals, and whole
 * and fractional counts.  Written directly with zlib (deflate, level 6), as
 * one worksheet plus shared strings and styles, so that generating 200,000
 * rows takes seconds, not the minutes a spreadsheet library would.
 * Usage: xlsx_gen ROWS OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define NCOL 135
#define NTEXT 26

static unsigned long long rng = 88172645463325252ULL;

static unsigned next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

/* ---- a growable buffer, deflated as a zip entry ---------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        while (b->len + n > b->cap)
            b->cap = b->cap ? b->cap * 2 : 1 << 20;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            perror("realloc");
            exit(1);
        }
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

typedef struct {
    FILE *f;
    unsigned long at;
    struct {
        char name[64];
        unsigned long crc, csize, usize, off;
    } e[16];
    int n;
} zip;

static void w16(FILE *f, unsigned v)
{
    fputc((int)(v & 255), f);
    fputc((int)(v >> 8 & 255), f);
}

static void w32(FILE *f, unsigned long v)
{
    w16(f, (unsigned)(v & 0xFFFF));
    w16(f, (unsigned)(v >> 16 & 0xFFFF));
}

static void add(zip *z, const char *name, const char *data, size_t len)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&s, (uLong)len);
    unsigned char *out = malloc(cap);
    s.next_in = (unsigned char *)data;
    s.avail_in = (uInt)len;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    if (deflate(&s, Z_FINISH) != Z_STREAM_END) {
        fprintf(stderr, "deflate failed\n");
        exit(1);
    }
    size_t csize = cap - s.avail_out;
    deflateEnd(&s);
    int i = z->n++;
    snprintf(z->e[i].name, sizeof z->e[i].name, "%s", name);
    z->e[i].crc = crc32(0L, (const unsigned char *)data, (uInt)len);
    z->e[i].csize = csize;
    z->e[i].usize = len;
    z->e[i].off = z->at;
    size_t nl = strlen(name);
    w32(z->f, 0x04034b50UL);
    w16(z->f, 20);
    w16(z->f, 0);
    w16(z->f, 8);
    w32(z->f, 0);
    w32(z->f, z->e[i].crc);
    w32(z->f, csize);
    w32(z->f, len);
    w16(z->f, (unsigned)nl);
    w16(z->f, 0);
    fwrite(name, 1, nl, z->f);
    fwrite(out, 1, csize, z->f);
    z->at += 30 + nl + csize;
    free(out);
}

static void finish(zip *z)
{
    unsigned long cd = z->at;
    for (int i = 0; i < z->n; i++) {
        size_t nl = strlen(z->e[i].name);
        w32(z->f, 0x02014b50UL);
        w16(z->f, 20);
        w16(z->f, 20);
        w16(z->f, 0);
        w16(z->f, 8);
        w32(z->f, 0);
        w32(z->f, z->e[i].crc);
        w32(z->f, z->e[i].csize);
        w32(z->f, z->e[i].usize);
        w16(z->f, (unsigned)nl);
        for (int k = 0; k < 4; k++)
            w16(z->f, 0);
        w32(z->f, 0);
        w32(z->f, z->e[i].off);
        fwrite(z->e[i].name, 1, nl, z->f);
        z->at += 46 + nl;
    }
    w32(z->f, 0x06054b50UL);
    w16(z->f, 0);
    w16(z->f, 0);
    w16(z->f, (unsigned)z->n);
    w16(z->f, (unsigned)z->n);
    w32(z->f, z->at - cd);
    w32(z->f, cd);
    w16(z->f, 0);
}

/* ---- the workbook ---------------------------------------------------------- */

static const char *WORDS[] = {
    "armed", "assailants", "attacked", "a", "police", "checkpoint", "in", "the", "district", "of",
    "near", "market", "village", "claimed", "responsibility", "for", "incident", "explosive",
    "device", "detonated", "killing", "civilians", "and", "wounding", "several", "soldiers",
    "convoy", "mosque", "school", "unknown", "gunmen", "opened", "fire", "on", "bus", "passengers",
    "were", "kidnapped", "later", "released", "province", "capital", "security", "forces",
    "suspected", "militants", "Taliban", "al-Shabaab", "Boko", "Haram", "(ISIL)", "café", "Kunduz"};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

static void xml_text(buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            puts_(b, "&amp;");
        else if (*s == '<')
            puts_(b, "&lt;");
        else if (*s == '>')
            puts_(b, "&gt;");
        else
            put(b, s, 1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xlsx_gen ROWS OUT.xlsx\n");
        return 2;
    }
    long rows = atol(argv[1]);
    zip z = {0};
    if (!(z.f = fopen(argv[2], "wb"))) {
        perror(argv[2]);
        return 1;
    }
    /* the shared strings: categorical vocabularies first, then one summary
     * and three notes per row */
    buf sst = {0}, sheet = {0};
    long nvocab = NTEXT * 40, nstr = 0;
    char tmp[512];
    buf body = {0};
    for (long i = 0; i < nvocab; i++) {
        snprintf(tmp, sizeof tmp, "<si><t>Category %ld of column %ld, value %ld</t></si>", i % 40,
                 i / 40, i);
        puts_(&body, tmp);
        nstr++;
    }
    long first_free = nstr;
    for (long r = 0; r < rows; r++) {
        for (int k = 0; k < 4; k++) {
            puts_(&body, "<si><t>");
            int len = k == 0 ? 60 + (int)(next_rand() % 190) : 20 + (int)(next_rand() % 60), n = 0;
            snprintf(tmp, sizeof tmp, "%ld/%d: ", r + 1, k);
            puts_(&body, tmp);
            while (n < len) {
                const char *w = WORDS[next_rand() % NWORDS];
                xml_text(&body, w);
                put(&body, " ", 1);
                n += (int)strlen(w) + 1;
            }
            puts_(&body, "</t></si>");
            nstr++;
        }
    }
    snprintf(tmp, sizeof tmp, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst "
             "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"%ld\" "
             "uniqueCount=\"%ld\">", nstr, nstr);
    puts_(&sst, tmp);
    put(&sst, body.p, body.len);
    puts_(&sst, "</sst>");
    free(body.p);

    /* column kinds: 0 id, 1-3 year/month/day, 4 date, 5..30 categorical, 31
     * summary, 32-34 notes, 35-36 coordinates, the rest counts */
    char ref[16];
    snprintf(tmp, sizeof tmp, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
             "<dimension ref=\"A1:EE%ld\"/><sheetData>", rows + 1);
    puts_(&sheet, tmp);
    for (long r = 0; r <= rows; r++) {
        snprintf(tmp, sizeof tmp, "<row r=\"%ld\" spans=\"1:%d\">", r + 1, NCOL);
        puts_(&sheet, tmp);
        for (int c = 0; c < NCOL; c++) {
            int col = c + 1, l = 0;
            char letters[4];
            for (int v = col; v > 0; v = (v - 1) / 26)
                letters[l++] = (char)('A' + (v - 1) % 26);
            for (int k = 0; k < l; k++)
                ref[k] = letters[l - 1 - k];
            snprintf(ref + l, sizeof ref - (size_t)l, "%ld", r + 1);
            if (r == 0) {
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"inlineStr\"><is><t>col%d</t></is></c>", ref, c);
                puts_(&sheet, tmp);
                continue;
            }
            if (c > 4 && next_rand() % 100 < 21) /* about 80% filled overall */
                continue;
            if (c == 0)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%ld</v></c>", ref, 197000000000L + r);
            else if (c == 1)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%ld</v></c>", ref, 1970 + r % 48);
            else if (c == 2)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, 1 + next_rand() % 12);
            else if (c == 3)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, 1 + next_rand() % 28);
            else if (c == 4)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" s=\"1\"><v>%u</v></c>", ref, 25569 + next_rand() % 17532);
            else if (c <= 30)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"s\"><v>%ld</v></c>", ref,
                         (long)(c - 5) * 40 + (long)(next_rand() % 40));
            else if (c <= 34)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"s\"><v>%ld</v></c>", ref,
                         first_free + (r - 1) * 4 + (c - 31));
            else if (c <= 36)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%.6f</v></c>", ref,
                         (double)(next_rand() % 180000000) / 1e6 - 90);
            else if (c % 3 == 0)
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%.1f</v></c>", ref, (next_rand() % 2000) / 10.0);
            else
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, next_rand() % 50);
            puts_(&sheet, tmp);
        }
        puts_(&sheet, "</row>");
    }
    puts_(&sheet, "</sheetData></worksheet>");

    static const char CT[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas."
        "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\""
        "application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
        "ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\""
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override "
        "PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
        "officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-"
        "officedocument.spreadsheetml.styles+xml\"/></Types>";
    static const char RELS[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://"
        "schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
        "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/"
        "workbook.xml\"/></Relationships>";
    static const char WB[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas."
        "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
        "</sheets></workbook>";
    static const char WBRELS[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://"
        "schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
        "schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/"
        "sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\""
        "styles.xml\"/></Relationships>";
    static const char STYLES[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://"
        "schemas.openxmlformats.org/spreadsheetml/2006/main\"><fonts count=\"1\"><font><sz val=\"11\"/>"
        "</font></fonts><fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
        "<borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" "
        "fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" "
        "fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" "
        "borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
    add(&z, "[Content_Types].xml", CT, sizeof CT - 1);
    add(&z, "_rels/.rels", RELS, sizeof RELS - 1);
    add(&z, "xl/workbook.xml", WB, sizeof WB - 1);
    add(&z, "xl/_rels/workbook.xml.rels", WBRELS, sizeof WBRELS - 1);
    add(&z, "xl/styles.xml", STYLES, sizeof STYLES - 1);
    add(&z, "xl/sharedStrings.xml", sst.p, sst.len);
    add(&z, "xl/worksheets/sheet1.xml", sheet.p, sheet.len);
    finish(&z);
    fprintf(stderr, "%s: %ld rows x %d columns; sheet %zu bytes, shared strings %zu bytes (%ld strings)\n",
            argv[2], rows, NCOL, sheet.len, sst.len, nstr);
    free(sst.p);
    free(sheet.p);
    return fclose(z.f) == 0 ? 0 : 1;
}
