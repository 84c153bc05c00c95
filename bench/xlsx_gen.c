/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/xlsx_gen.c: writes a seeded GTD-shaped workbook for bench/xlsx.sh:
 * ROWS rows under a header of the Global Terrorism Database's 135 columns,
 * in its codebook's order (eventid, iyear, imonth, iday, approxdate, ...,
 * nkill, nkillus, nkillter, nwound, ..., related), about 80% of the cells
 * filled: an event id made of the date (as GTD's are), years 1970-2017,
 * months and days, a resolution date (date style), codes and 0/1 flags, 53
 * categorical text columns (countries, regions, attack, target and weapon
 * types with real names; provinces, cities, group names: shared strings
 * with small vocabularies), a unique summary of 60-250 characters per row
 * and three other unique text columns (motive, target1, scite1: shared
 * strings, as Excel stores them), coordinates with six decimals, and
 * skewed counts of the killed and wounded (most events none or a few).
 * Written directly with zlib (deflate, level 6), as one worksheet plus
 * shared strings and styles, so that generating 200,000 rows takes
 * seconds, not the minutes a spreadsheet library would.
 * Usage: xlsx_gen ROWS OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define NCOL 135
#define NVOCAB 40 /* values of each categorical column */

enum { ID, YEAR, MONTH, DAY, DATE, FLAG, CODE, CAT, UNIQUE, LAT, LON, KILL, WOUND, SUB, COUNT, MONEY };

static const struct {
    const char *name;
    int kind;
} COLS[NCOL] = {
    {"eventid", ID}, {"iyear", YEAR}, {"imonth", MONTH}, {"iday", DAY}, {"approxdate", CAT},
    {"extended", FLAG}, {"resolution", DATE}, {"country", CODE}, {"country_txt", CAT},
    {"region", CODE}, {"region_txt", CAT}, {"provstate", CAT}, {"city", CAT}, {"latitude", LAT},
    {"longitude", LON}, {"specificity", CODE}, {"vicinity", FLAG}, {"location", CAT},
    {"summary", UNIQUE}, {"crit1", FLAG}, {"crit2", FLAG}, {"crit3", FLAG}, {"doubtterr", FLAG},
    {"alternative", CODE}, {"alternative_txt", CAT}, {"multiple", FLAG}, {"success", FLAG},
    {"suicide", FLAG}, {"attacktype1", CODE}, {"attacktype1_txt", CAT}, {"attacktype2", CODE},
    {"attacktype2_txt", CAT}, {"attacktype3", CODE}, {"attacktype3_txt", CAT}, {"targtype1", CODE},
    {"targtype1_txt", CAT}, {"targsubtype1", CODE}, {"targsubtype1_txt", CAT}, {"corp1", CAT},
    {"target1", UNIQUE}, {"natlty1", CODE}, {"natlty1_txt", CAT}, {"targtype2", CODE},
    {"targtype2_txt", CAT}, {"targsubtype2", CODE}, {"targsubtype2_txt", CAT}, {"corp2", CAT},
    {"target2", CAT}, {"natlty2", CODE}, {"natlty2_txt", CAT}, {"targtype3", CODE},
    {"targtype3_txt", CAT}, {"targsubtype3", CODE}, {"targsubtype3_txt", CAT}, {"corp3", CAT},
    {"target3", CAT}, {"natlty3", CODE}, {"natlty3_txt", CAT}, {"gname", CAT}, {"gsubname", CAT},
    {"gname2", CAT}, {"gsubname2", CAT}, {"gname3", CAT}, {"gsubname3", CAT}, {"motive", UNIQUE},
    {"guncertain1", FLAG}, {"guncertain2", FLAG}, {"guncertain3", FLAG}, {"individual", FLAG},
    {"nperps", COUNT}, {"nperpcap", COUNT}, {"claimed", FLAG}, {"claimmode", CODE},
    {"claimmode_txt", CAT}, {"claim2", FLAG}, {"claimmode2", CODE}, {"claimmode2_txt", CAT},
    {"claim3", FLAG}, {"claimmode3", CODE}, {"claimmode3_txt", CAT}, {"compclaim", FLAG},
    {"weaptype1", CODE}, {"weaptype1_txt", CAT}, {"weapsubtype1", CODE}, {"weapsubtype1_txt", CAT},
    {"weaptype2", CODE}, {"weaptype2_txt", CAT}, {"weapsubtype2", CODE}, {"weapsubtype2_txt", CAT},
    {"weaptype3", CODE}, {"weaptype3_txt", CAT}, {"weapsubtype3", CODE}, {"weapsubtype3_txt", CAT},
    {"weaptype4", CODE}, {"weaptype4_txt", CAT}, {"weapsubtype4", CODE}, {"weapsubtype4_txt", CAT},
    {"weapdetail", CAT}, {"nkill", KILL}, {"nkillus", SUB}, {"nkillter", SUB}, {"nwound", WOUND},
    {"nwoundus", SUB}, {"nwoundte", SUB}, {"property", FLAG}, {"propextent", CODE},
    {"propextent_txt", CAT}, {"propvalue", MONEY}, {"propcomment", CAT}, {"ishostkid", FLAG},
    {"nhostkid", COUNT}, {"nhostkidus", SUB}, {"nhours", COUNT}, {"ndays", COUNT}, {"divert", CAT},
    {"kidhijcountry", CAT}, {"ransom", FLAG}, {"ransomamt", MONEY}, {"ransomamtus", MONEY},
    {"ransompaid", MONEY}, {"ransompaidus", MONEY}, {"ransomnote", CAT}, {"hostkidoutcome", CODE},
    {"hostkidoutcome_txt", CAT}, {"nreleased", COUNT}, {"addnotes", CAT}, {"scite1", UNIQUE},
    {"scite2", CAT}, {"scite3", CAT}, {"dbsource", CAT}, {"INT_LOG", FLAG}, {"INT_IDEO", FLAG},
    {"INT_MISC", FLAG}, {"INT_ANY", FLAG}, {"related", CAT},
};

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

static const char *COUNTRIES[] = {
    "Afghanistan", "Iraq", "Pakistan", "India", "Colombia", "Philippines", "Peru", "El Salvador",
    "United Kingdom", "Turkey", "Somalia", "Nigeria", "Thailand", "Yemen", "Spain", "Sri Lanka",
    "United States", "Algeria", "France", "Egypt", "Lebanon", "Chile", "Libya", "Syria",
    "Israel", "Russia", "Nepal", "Bangladesh", "Sudan", "Mali", "Cameroon", "Kenya", "Ukraine",
    "Guatemala", "Nicaragua", "South Africa", "Greece", "Italy", "Burundi", "Mozambique"};
static const char *REGIONS[] = {
    "North America", "Central America & Caribbean", "South America", "East Asia", "Southeast Asia",
    "South Asia", "Central Asia", "Western Europe", "Eastern Europe", "Middle East & North Africa",
    "Sub-Saharan Africa", "Australasia & Oceania"};
static const char *ATTACKS[] = {
    "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking",
    "Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown"};
static const char *TARGETS[] = {
    "Business", "Government (General)", "Police", "Military", "Abortion Related", "Airports & Aircraft",
    "Government (Diplomatic)", "Educational Institution", "Food or Water Supply", "Journalists & Media",
    "Maritime", "NGO", "Other", "Private Citizens & Property", "Religious Figures/Institutions",
    "Telecommunication", "Terrorists/Non-State Militia", "Tourists", "Transportation", "Unknown",
    "Utilities", "Violent Political Party"};
static const char *WEAPONS[] = {
    "Biological", "Chemical", "Radiological", "Firearms", "Explosives", "Fake Weapons", "Incendiary",
    "Melee", "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
    "Sabotage Equipment", "Other", "Unknown"};
#define N(a) (sizeof a / sizeof a[0])

/* Value k of categorical column c: real names where GTD's are few and
 * known, otherwise a made-up value of the column. */
static void vocab(char *out, size_t cap, const char *c, long k)
{
    const char *const *list = NULL;
    size_t n = 0;
    if (strcmp(c, "country_txt") == 0 || strncmp(c, "natlty", 6) == 0 || strcmp(c, "kidhijcountry") == 0)
        list = COUNTRIES, n = N(COUNTRIES);
    else if (strcmp(c, "region_txt") == 0)
        list = REGIONS, n = N(REGIONS);
    else if (strncmp(c, "attacktype", 10) == 0)
        list = ATTACKS, n = N(ATTACKS);
    else if (strncmp(c, "targtype", 8) == 0)
        list = TARGETS, n = N(TARGETS);
    else if (strncmp(c, "weaptype", 8) == 0)
        list = WEAPONS, n = N(WEAPONS);
    if (list)
        snprintf(out, cap, "%s", list[(size_t)k % n]);
    else
        snprintf(out, cap, "%s %ld", c, k + 1);
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
    long nstr = 0, cat_of[NCOL], ncat = 0;
    char tmp[512], word[200];
    buf body = {0};
    for (int c = 0; c < NCOL; c++) {
        cat_of[c] = -1;
        if (COLS[c].kind != CAT)
            continue;
        cat_of[c] = ncat++;
        for (long k = 0; k < NVOCAB; k++) {
            vocab(word, sizeof word, COLS[c].name, k);
            puts_(&body, "<si><t>");
            xml_text(&body, word);
            puts_(&body, "</t></si>");
            nstr++;
        }
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

    char ref[24];
    snprintf(tmp, sizeof tmp, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
             "<dimension ref=\"A1:EE%ld\"/><sheetData>", rows + 1);
    puts_(&sheet, tmp);
    for (long r = 0; r <= rows; r++) {
        snprintf(tmp, sizeof tmp, "<row r=\"%ld\" spans=\"1:%d\">", r + 1, NCOL);
        puts_(&sheet, tmp);
        /* the event's date: years 1970-2017 in turn, as GTD's ids count them */
        long year = 1970 + r % 48;
        unsigned month = 1 + next_rand() % 12, day = 1 + next_rand() % 28;
        int nunique = 0;
        for (int c = 0; c < NCOL; c++) {
            int col = c + 1, l = 0;
            char letters[4];
            for (int v = col; v > 0; v = (v - 1) / 26)
                letters[l++] = (char)('A' + (v - 1) % 26);
            for (int k = 0; k < l; k++)
                ref[k] = letters[l - 1 - k];
            snprintf(ref + l, sizeof ref - (size_t)l, "%ld", r + 1);
            if (r == 0) {
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref,
                         COLS[c].name);
                puts_(&sheet, tmp);
                continue;
            }
            int kind = COLS[c].kind;
            if (kind == UNIQUE) /* one of the row's four strings, used or not */
                nunique++;
            if (c > 4 && next_rand() % 100 < 21) /* about 80% filled overall */
                continue;
            unsigned u = next_rand();
            switch (kind) {
            case ID:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%ld%02u%02u%04ld</v></c>", ref, year, month, day,
                         r % 10000);
                break;
            case YEAR:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%ld</v></c>", ref, year);
                break;
            case MONTH:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, month);
                break;
            case DAY:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, day);
                break;
            case DATE: /* a serial of the 1900 system some days after the event */
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" s=\"1\"><v>%ld</v></c>", ref,
                         25569 + (year - 1970) * 365 + (year - 1969) / 4 + (long)(month - 1) * 30 + day +
                             (long)(u % 30));
                break;
            case FLAG:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, u % 4 == 0);
                break;
            case CODE:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, 1 + u % 20);
                break;
            case CAT:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"s\"><v>%ld</v></c>", ref,
                         cat_of[c] * NVOCAB + (long)(u % NVOCAB));
                break;
            case UNIQUE:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\" t=\"s\"><v>%ld</v></c>", ref,
                         first_free + (r - 1) * 4 + (nunique - 1));
                break;
            case LAT:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%.6f</v></c>", ref, (double)(u % 140000000) / 1e6 - 55);
                break;
            case LON:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%.6f</v></c>", ref, (double)(u % 360000000) / 1e6 - 180);
                break;
            case KILL: /* half the events kill no one, a few kill many */
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref,
                         u % 100 < 50 ? 0 : u % 100 < 85 ? 1 + (u >> 8) % 5 : (u >> 8) % 60);
                break;
            case WOUND:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref,
                         u % 100 < 55 ? 0 : u % 100 < 85 ? 1 + (u >> 8) % 10 : (u >> 8) % 150);
                break;
            case SUB:
                snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, u % 100 < 90 ? 0 : 1 + (u >> 8) % 3);
                break;
            case COUNT: /* GTD writes -99 where the number is unknown */
                if (u % 100 < 30)
                    snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>-99</v></c>", ref);
                else
                    snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%u</v></c>", ref, (u >> 8) % 20);
                break;
            default: /* MONEY */
                if (u % 100 < 60)
                    snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>-99</v></c>", ref);
                else
                    snprintf(tmp, sizeof tmp, "<c r=\"%s\"><v>%.1f</v></c>", ref, (double)((u >> 8) % 1000000) / 10);
                break;
            }
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
