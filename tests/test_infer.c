/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_infer.c: the column types of inspect (src/infer.c).
 *
 * The fast classifier must give the reference's class for every cell, so
 * this is a differential test: hand-picked edge cases, then seeded random
 * cells from generators aimed at each shortcut's borders (digit counts
 * around 15, dates around the calendar's edges, words that open counts and
 * dates, cells of 63 to 66 bytes, UTF-8), then every cell of the value fuzz
 * corpus.  The row walker is checked the same way against a plain
 * incstat_csv_field + trim + reference walk, on CSV text with quotes,
 * doubled and stray quotes, blanks and non-ASCII cells, and on the CSV fuzz
 * corpus, with the reader's cp1252 and replacement counts compared too.
 *
 * Every cell goes through an exact-size heap copy with nothing after it, so
 * AddressSanitizer (make check SAN=1) reports any read past s + n. */
#include "helpers.h"

#include <dirent.h>
#include <stdlib.h>

#include "incstat/csv.h"
#include "io/load/infer.h"
#include "core/internal.h"

static const char *class_name(incstat_infer_class k)
{
    static const char *const names[] = {"missing", "integer", "number", "range", "date", "text"};
    return (unsigned)k < 6 ? names[k] : "?";
}

/* The cell as C source, for failure messages. */
static const char *shown(const unsigned char *s, size_t n)
{
    static char buf[600];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < sizeof buf; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\')
            buf[o++] = (char)s[i];
        else
            o += (size_t)snprintf(buf + o, sizeof buf - o, "\\x%02X", s[i]);
    }
    buf[o] = '\0';
    return buf;
}

/* classify(text) from a heap copy of exactly n bytes, so that ASan sees any
 * read past the cell */
static incstat_infer_class on_copy(incstat_infer_class (*classify)(const char *, size_t),
                                   const void *text, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    if (n)
        memcpy(p, text, n);
    incstat_infer_class k = classify(p, n);
    free(p);
    return k;
}

static incstat_infer_class fast_class(const void *text, size_t n)
{
    return on_copy(incstat_infer_cell_, text, n);
}

static incstat_infer_class reference_class(const void *text, size_t n)
{
    return on_copy(incstat_infer_cell_reference_, text, n);
}

/* The classes agree; returns the class. */
static incstat_infer_class agree(const void *text, size_t n)
{
    incstat_infer_class f = fast_class(text, n), r = reference_class(text, n);
    if (f != r)
        fail_msg("\"%s\" (%zu bytes): fast %s, reference %s", shown(text, n), n, class_name(f),
                 class_name(r));
    return r;
}

/* ---- hand-picked ---------------------------------------------------------- */

/* What the value parsers' documentation (include/incstat/value.h) says each
 * of these is: a check on the reference itself. */
static void test_expected(void **state)
{
    (void)state;
    static const struct {
        const char *cell;
        incstat_infer_class k;
    } cases[] = {
        {"", INCSTAT_INFER_MISSING},
        {"NA", INCSTAT_INFER_MISSING},
        {"n/a", INCSTAT_INFER_MISSING},
        {"Unknown", INCSTAT_INFER_MISSING},
        {"-", INCSTAT_INFER_MISSING},
        {"12", INCSTAT_INFER_INTEGER},
        {"00012", INCSTAT_INFER_INTEGER},
        {"-9", INCSTAT_INFER_INTEGER},        /* a negative count is a number to the number parser */
        {"-99", INCSTAT_INFER_INTEGER},
        {"+5", INCSTAT_INFER_INTEGER},
        {"1,600", INCSTAT_INFER_INTEGER},
        {"2004", INCSTAT_INFER_INTEGER},      /* a count before a year */
        {"38156", INCSTAT_INFER_INTEGER},     /* a count before an Excel serial */
        {"12.5", INCSTAT_INFER_NUMBER},
        {"-33.718", INCSTAT_INFER_NUMBER},
        {"12.", INCSTAT_INFER_NUMBER},
        {".5", INCSTAT_INFER_NUMBER},
        {"12.0", INCSTAT_INFER_NUMBER},       /* a '.' is never an integer */
        {"9007199254740993", INCSTAT_INFER_NUMBER}, /* 2^53 + 1: not exact */
        {"9007199254740991", INCSTAT_INFER_INTEGER},
        {"2-3", INCSTAT_INFER_RANGE},
        {"40+", INCSTAT_INFER_RANGE},
        {"about 40", INCSTAT_INFER_INTEGER},
        {"2004-06", INCSTAT_INFER_DATE},      /* a range 2004 to 6, but a date first */
        {"2004-06-18", INCSTAT_INFER_DATE},
        {"2023-02-30", INCSTAT_INFER_TEXT},
        {"0025-01-01", INCSTAT_INFER_TEXT},   /* year before 1000 */
        {"18 June 2004", INCSTAT_INFER_DATE},
        {"Friday, June 18, 2004", INCSTAT_INFER_DATE},
        {"Thursay, June 17, 2004", INCSTAT_INFER_DATE},
        {"1e400", INCSTAT_INFER_TEXT},        /* infinite */
        {"SYR10685", INCSTAT_INFER_TEXT},
        {"Military Forces of Syria (1994-)", INCSTAT_INFER_TEXT},
        {"Kabul", INCSTAT_INFER_TEXT},
        {"n\x0F" "a", INCSTAT_INFER_TEXT},    /* only letters match in any case */
        {"N\x0E" "A\x0E", INCSTAT_INFER_TEXT},
        {"Wednesdayx, June 16, 2004", INCSTAT_INFER_DATE}, /* ten letters, one edit away */
        /* 64 bytes are parsed (the parsers trim the spaces), 65 are text */
        {"12                                                              ", INCSTAT_INFER_INTEGER},
        {"12                                                               ", INCSTAT_INFER_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        incstat_infer_class k = agree(cases[i].cell, strlen(cases[i].cell));
        if (k != cases[i].k)
            fail_msg("\"%s\": %s, expected %s", cases[i].cell, class_name(k),
                     class_name(cases[i].k));
    }
}

static void test_edges(void **state)
{
    (void)state;
    static const char *const cells[] = {
        "", " ", "-", "--", "---", "?", "??", "na", "NA", "Na", "n/a", "N/A", "n.a.", "N.A.",
        "n.a", "#N/A", "null", "NULL", "none", "nan", "unk", "unknown", "UNKNOWN", "not known",
        "0", "-0", "00", "-00012", "9", "-9", "-99", "-9.0", " 12 ", "12 ", "\t12", "+5", "+-5",
        "-+5", "--5", "5-", "5--", "-5-", "-.5", ".5", "5.", "12.", ".", "-.", "1.2.3", "1..2",
        "1,600", "1,60", "1,6000", "16,00", "1 600", "1\xC2\xA0" "600", "1\xE2\x80\xAF" "600",
        "2-3", "2 - 3", "2 to 3", "2\xE2\x80\x93" "3", "3-2", "40+", "40 +", "40 or more",
        "more than 40", "over 40", "at least 40", "about 40", "approx. 40", "approx 40", "c. 40",
        "ca 40", "ca. 40", "~40", ">40", ">=40", "some 40", "est. 40", "circa 40", "around 40",
        "roughly 40", "upwards of 40", "greater than 40", "Approximately 40", "overall 40",
        "1e3", "1E3", "1e", "1e-3", "1e400", "-1e400", "1e-400", "12e", "0x10",
        "2004", "0999", "1000", "2999", "3000", "2004-06", "2004-6", "2004-13", "06/2004",
        "6/2004", "2004/06", "2004-06-18", "2004-6-18", "2004-06-1", "2004/06/18",
        "2004.06.18", "2023-02-28", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29",
        "2023-02-30", "2023-04-31", "2023-00-10", "2023-01-00", "0025-01-01", "9999-12-31",
        "2004-06-18T10:30", "2004-06-18 10:30", "2004-06-18 10:30 PM", "2004-06-18T25:00",
        "2004-06-18-", "-2004-06-18", "2004--06-18", "18/06/2004", "06/18/2004", "6/7/2004",
        "13/13/2004", "18.06.04", "18-Jun-2004", "18-JUN-04", "Jun 2004", "June, 2004",
        "June 18, 2004", "18 June 2004", "18th June 2004", "18th of June 2004",
        "Friday, June 18, 2004", "Fri. June 18 2004", "Thursay, June 17, 2004",
        "Wendesday, June 16, 2004", "Sunday-November 19-1995", "Saturday-November-25-2017",
        "Wednesday, September 18th, 2004, 10:30 a.m.", "Sept 2004", "Sep 2004", "Sept. 2004",
        "May 2004", "MAY2004", "may5", "mar1", "dec 31", "Monday 5", "mon5", "Tues 5",
        "of 2004", "of5", "st5", "th 5", "T10:30", "AT10:30", "a10:30", "A 10:30",
        "38156", "38156.5", "10000", "109574", "109575", "9999", "1000000",
        "SYR10685", "AFG1", "syr", "SYR", "X1", "x", "xx", "Q4", "A1B2",
        "Military Forces of Syria (1994-)", "Police Forces of Niger (1964-)",
        "Abcdefghijk1", "Abcdefghij1", "Approximately40", "approximately 40",
        "xmonday 5", "onday 5", "mondya 5", "mnoday 5", "xxxday 5", "Caday 5",
        "Aboutx 5", "About5", "Over5", "At5", "at 5", "C5", "c 5", "Ca5", "Est5",
        "(1994)", "#5", "'5", "\"5\"", "5 dead", "5 killed", "Killed: 5",
        "123456789012345", "1234567890123456", "12345678901234567", "-123456789012345",
        "-1234567890123456", "000000000000000000001", "12345678901234.5", "123456789012345.6",
        "-12345678901234.5", "9007199254740992", "9007199254740991.0",
        "\xC2\xA0", "\xC2\xA0" "12", "12\xC2\xA0", "caf\xC3\xA9 12", "\xC3\xA9t\xC3\xA9",
        "\xE2\x88\x92" "5", "\xE2\x88\x92" "5.5", "\xFF" "12", "12\xFF", "\x80",
        "12\r", "12\n", "\r\n12", "1\t2", "Mai 2004", "Juni 2004", "\r", " \n ",
        "Wednesdayx, June 16, 2004", "Saturdays June 5 2004", "Xednesday June 16 2004",
        "Onday, June 14, 2004", "Riday June 18 2004", "Fxiday June 18 2004",
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        agree(cells[i], strlen(cells[i]));
    /* NUL bytes are data */
    agree("1\0" "2", 3);
    agree("\0", 1);
    agree("N\0", 2);
}

/* Around CELL_MAX (64): the longest cell that is parsed, and one longer. */
static void test_lengths(void **state)
{
    (void)state;
    char buf[200];
    static const char *const heads[] = {"", "12", "-", "2004-06-18", "June 18, 2004", "SYR1",
                                        "about 40", "x", "1", "1.5"};
    for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
        for (size_t n = 0; n <= 130; n++) {
            size_t hl = strlen(heads[h]);
            for (int fill = 0; fill < 5; fill++) {
                static const char fills[] = "0 a.-";
                memset(buf, fills[fill], sizeof buf);
                memcpy(buf, heads[h], hl < n ? hl : n);
                agree(buf, n);
                /* the only digit at the very end */
                memset(buf, fills[fill] == '0' ? 'a' : fills[fill], n);
                if (n)
                    buf[n - 1] = '7';
                agree(buf, n);
            }
        }
    }
}

/* ---- random --------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64*: fixed seed, the same cells on every run */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static size_t below(size_t n)
{
    return (size_t)(rnd() % n);
}

typedef struct {
    unsigned char b[256];
    size_t n;
} cell;

static void put(cell *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n && c->n < sizeof c->b; i++)
        c->b[c->n++] = (unsigned char)s[i];
}

static void puts_(cell *c, const char *s)
{
    put(c, s, strlen(s));
}

static void digits(cell *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char d = (char)('0' + below(10));
        put(c, &d, 1);
    }
}

/* Bytes from the alphabet the brief names, weighted toward digits. */
static void gen_bytes(cell *c)
{
    static const char *const pieces[] = {
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1", "2", "9",
        "-", ".", "/", ",", " ", "+", ":", "T", "e", "a", "n", "A", "N", "u", "k", "j",
        "M", "s", "d", "y", "x", "Z", "\t", "\xC2\xA0", "\xE2\x80\x93", "\xE2\x80\xAF",
        "\xC3\xA9", "\xFF", "#", "~", ">", "=", "(", ")", "\r", "\n",
    };
    size_t len = below(4) == 0 ? below(70) : below(12);
    for (size_t i = 0; i < len; i++)
        puts_(c, pieces[below(sizeof pieces / sizeof pieces[0])]);
}

/* Numbers around the shortcuts' borders: signs, 1 to 20 digits, points. */
static void gen_number(cell *c)
{
    static const char *const signs[] = {"", "", "", "-", "+", "--", "\xE2\x88\x92"};
    puts_(c, signs[below(sizeof signs / sizeof signs[0])]);
    if (below(8) == 0)
        puts_(c, "0000");
    digits(c, below(6) == 0 ? below(4) : 1 + below(20));
    switch (below(6)) {
    case 0:
        puts_(c, ".");
        digits(c, below(18));
        break;
    case 1:
        puts_(c, ",");
        digits(c, below(5));
        break;
    case 2: {
        static const char *const tails[] = {"+", "-", " ", "e", "e5", "e-3", ".", "..", "-3",
                                            " to 5", " or more", "a", "%"};
        puts_(c, tails[below(sizeof tails / sizeof tails[0])]);
        break;
    }
    default:
        break;
    }
}

/* yyyy-mm-dd and its neighbours, mostly near the calendar's edges. */
static void gen_date(cell *c)
{
    char buf[64];
    int y = below(3) ? 990 + (int)below(2030) : (int)below(10000);
    int m = below(3) ? 1 + (int)below(12) : (int)below(100);
    int d = below(3) ? 27 + (int)below(5) : (int)below(100);
    static const char seps[] = "--------/. ";
    char s1 = seps[below(sizeof seps - 1)], s2 = below(4) ? s1 : seps[below(sizeof seps - 1)];
    snprintf(buf, sizeof buf, "%04d%c%02d%c%02d", y % 10000, s1, m % 100, s2, d % 100);
    puts_(c, buf);
    if (below(6) == 0) {
        static const char *const tails[] = {"T10:30", " 10:30", " 10:30 PM", "Z", "-", " ",
                                            "x", "0", ":"};
        puts_(c, tails[below(sizeof tails / sizeof tails[0])]);
    }
    if (below(10) == 0) { /* cut or shift it */
        if (c->n)
            c->n -= below(c->n);
    }
}

/* Words that open counts and dates, near misses, and other words, then
 * numbers and separators. */
static void gen_words(cell *c)
{
    static const char *const words[] = {
        "January", "jan", "Feb", "February", "mar", "March", "Apr", "may", "MAY", "Jun",
        "june", "jul", "Aug", "Sep", "Sept", "sept", "September", "Oct", "nov", "Dec",
        "December", "Janu", "Marc", "Mon", "Monday", "Tue", "Tues", "Thurs", "Thursday",
        "Thursay", "Wendesday", "Wednesday", "Wed", "Fri", "Friday", "Sat", "Saturday",
        "Sun", "Sunday", "onday", "xmonday", "mondya", "fridya", "sunday", "Xunday",
        "Frida", "Satur", "Wednesdays", "Saturdays", "Septembers", "of", "Of", "st", "nd", "rd", "th", "about", "About", "approx",
        "approximately", "circa", "ca", "c", "around", "roughly", "some", "est", "more",
        "than", "over", "at", "least", "greater", "upwards", "or", "to", "am", "PM", "UTC",
        "GMT", "Z", "T", "NA", "n", "a", "unknown", "Unk", "null", "none", "nan",
        "SYR", "AFG", "YEM", "Military", "Forces", "Police", "Kabul", "abcdefghijk",
        "e", "E", "x", "Q",
    };
    static const char *const glue[] = {"", "", " ", " ", "-", "/", ".", ",", ", ", "(", ")",
                                       ":", "+", "\xC2\xA0", "\xE2\x80\x93"};
    size_t parts = 1 + below(5);
    for (size_t i = 0; i < parts; i++) {
        if (below(2))
            puts_(c, words[below(sizeof words / sizeof words[0])]);
        else
            digits(c, 1 + below(below(5) ? 4 : 12));
        if (i + 1 < parts)
            puts_(c, glue[below(sizeof glue / sizeof glue[0])]);
    }
}

static void test_random(void **state)
{
    (void)state;
    void (*const gens[])(cell *) = {gen_bytes, gen_number, gen_date, gen_words};
    rng_state = UINT64_C(0x9E3779B97F4A7C15);
    for (size_t g = 0; g < sizeof gens / sizeof gens[0]; g++) {
        for (int i = 0; i < 40000; i++) {
            cell c;
            c.n = 0;
            gens[g](&c);
            agree(c.b, c.n);
            /* and padded to either side of 64 bytes */
            if (i % 16 == 0 && c.n < 60) {
                size_t want = 62 + below(5);
                while (c.n < want)
                    c.b[c.n++] = below(2) ? ' ' : 'a';
                agree(c.b, c.n);
            }
        }
    }
}

/* ---- fuzz corpus ---------------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    unsigned char *p = malloc(cap);
    assert_non_null(p);
    size_t r;
    while ((r = fread(p + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) {
            cap *= 2;
            p = realloc(p, cap);
            assert_non_null(p);
        }
    }
    fclose(f);
    *n = len;
    return p;
}

/* Calls fn on every file of dir; returns how many. */
static size_t each_file(const char *dir, void (*fn)(const unsigned char *, size_t))
{
    DIR *d = opendir(dir);
    size_t files = 0;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n;
        unsigned char *p = slurp(path, &n);
        if (!p)
            continue;
        fn(p, n);
        free(p);
        files++;
    }
    closedir(d);
    return files;
}

static void value_file(const unsigned char *p, size_t n)
{
    agree(p, n);
    /* and its lines, as cells of a file would be */
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '\n') {
            agree(p + start, i - start);
            start = i + 1;
        }
    }
}

static void test_value_corpus(void **state)
{
    (void)state;
    size_t files = each_file("tests/fuzz/corpus/value", value_file);
    assert_true(files > 100); /* the corpus is there: run from the top directory */
}

/* ---- rows ----------------------------------------------------------------- */


#define MAX_COLS 64

/* Tallies of a file's records (the first sets the column count, as a header
 * does), by incstat_infer_row_ or by the plain walk; plus the reader's
 * counts, which must not depend on the walk. */
typedef struct {
    incstat_column_report cols[MAX_COLS];
    uint64_t rows, cp1252, cp1252_first, replaced, replaced_first;
    incstat_status st;
} tallies;

static void tally_file(const unsigned char *p, size_t n, incstat_encoding enc, char delim,
                       int fast, tallies *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < MAX_COLS; i++)
        t->cols[i].field = i % 3 == 1 ? "killed" : NULL; /* a mapped column's missing cells are not counted */
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.encoding = enc;
    o.delimiter = delim;
    o.buffer_size = 64; /* records that straddle refills */
    incstat_csv *csv;
    assert_int_equal(incstat_csv_open_memory(p, n, "t.csv", &o, &csv, NULL), INCSTAT_OK);
    size_t ncols = 0;
    incstat_status st;
    while ((st = incstat_csv_next(csv, NULL)) == INCSTAT_ROW) {
        size_t nf = incstat_csv_field_count(csv);
        if (t->rows++ == 0)
            ncols = nf < MAX_COLS ? nf : MAX_COLS;
        if (fast) {
            assert_int_equal(incstat_infer_row_(csv, t->cols, ncols), 0);
            continue;
        }
        for (size_t i = 0; i < nf && i < ncols; i++) {
            size_t len;
            const char *s = incstat_csv_field(csv, i, &len);
            assert_non_null(s);
            incstat_trim_cell(&s, &len);
            incstat_infer_class k = reference_class(s, len);
            incstat_column_report *cr = &t->cols[i];
            switch (k) {
            case INCSTAT_INFER_MISSING: cr->missing += !cr->field; break;
            case INCSTAT_INFER_INTEGER: cr->n_int++; break;
            case INCSTAT_INFER_NUMBER: cr->n_num++; break;
            case INCSTAT_INFER_RANGE: cr->n_range++; break;
            case INCSTAT_INFER_DATE: cr->n_date++; break;
            case INCSTAT_INFER_TEXT: cr->n_text++; break;
            }
        }
    }
    t->st = st;
    t->cp1252 = incstat_csv_cp1252_cells(csv, &t->cp1252_first);
    t->replaced = incstat_csv_replaced(csv, &t->replaced_first);
    incstat_csv_free(csv);
}

static void rows_agree_with(const unsigned char *p, size_t n, incstat_encoding enc, char delim)
{
    tallies a, b;
    tally_file(p, n, enc, delim, 1, &a);
    tally_file(p, n, enc, delim, 0, &b);
    assert_int_equal(a.st, b.st);
    assert_int_equal(a.rows, b.rows);
    assert_int_equal(a.cp1252, b.cp1252);
    assert_int_equal(a.cp1252_first, b.cp1252_first);
    assert_int_equal(a.replaced, b.replaced);
    assert_int_equal(a.replaced_first, b.replaced_first);
    for (size_t i = 0; i < MAX_COLS; i++) {
        const incstat_column_report *x = &a.cols[i], *y = &b.cols[i];
        if (x->missing != y->missing || x->n_int != y->n_int || x->n_num != y->n_num ||
            x->n_range != y->n_range || x->n_date != y->n_date || x->n_text != y->n_text)
            fail_msg("column %zu of \"%s\": walker %llu/%llu/%llu/%llu/%llu/%llu, plain "
                     "%llu/%llu/%llu/%llu/%llu/%llu (missing/int/num/range/date/text)",
                     i, shown(p, n < 200 ? n : 200), (unsigned long long)x->missing,
                     (unsigned long long)x->n_int, (unsigned long long)x->n_num,
                     (unsigned long long)x->n_range, (unsigned long long)x->n_date,
                     (unsigned long long)x->n_text, (unsigned long long)y->missing,
                     (unsigned long long)y->n_int, (unsigned long long)y->n_num,
                     (unsigned long long)y->n_range, (unsigned long long)y->n_date,
                     (unsigned long long)y->n_text);
    }
}

static void rows_agree(const unsigned char *p, size_t n)
{
    rows_agree_with(p, n, INCSTAT_ENCODING_AUTO, 0);
    rows_agree_with(p, n, INCSTAT_ENCODING_UTF8, 0);
    rows_agree_with(p, n, INCSTAT_ENCODING_WINDOWS_1252, ',');
}

static void test_rows(void **state)
{
    (void)state;
    static const char *const files[] = {
        "id,date,killed,note,lat\n"
        "SYR1,2004-06-18,12,\"Kabul, \"\"north\"\"\",33.7\n"
        "AFG2, 2004-06-19 ,-9,plain text,-33.5\n"
        "\"YEM3\",\"18 June 2004\",\"2-3\",\" quoted \",NA\n"
        "X4,2023-02-30,40+,x\"y,\n"
        "X5,,\t7\t,caf\xC3\xA9 12,\xC2\xA0" "12\xC2\xA0\n"
        "X6,2004-06,n/a,caf\xE9,1,600\n"
        "X7,\"2004-06-18\"x,\"\",\"\"\"\",\"a\"b\"c\"\n"
        "\"\r\",\" \r \",\"\n12\",\"\r\n\",\"\t\"\n"
        "short\n"
        "\n"
        "X8,2004-06-18,1,2,3,4,5,6\n",
        "a;b;c\r\n1;2;3\r\n\"4\";\"5\"\"\";6\r\n\xFF;\xC3;\xE2\x80\r\n",
        "only\n1\n\n-\nNA\n2004-06-18\n\"Friday, June 18, 2004\"\n",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        rows_agree((const unsigned char *)files[i], strlen(files[i]));
}

static void test_rows_random(void **state)
{
    (void)state;
    void (*const gens[])(cell *) = {gen_bytes, gen_number, gen_date, gen_words};
    rng_state = UINT64_C(0xD1B54A32D192ED03);
    for (int f = 0; f < 60; f++) {
        size_t cols = 1 + below(30);
        size_t cap = 80 * (cols + 1) * (2 * sizeof ((cell *)0)->b + 4) + 16, len = 0;
        unsigned char *p = malloc(cap);
        assert_non_null(p);
        for (int r = 0; r < 80; r++) {
            for (size_t k = 0; k < cols + (below(10) == 0); k++) {
                cell c;
                c.n = 0;
                gens[below(4)](&c);
                /* quote it when it must be, and sometimes when not */
                int q = below(4) == 0 || memchr(c.b, ',', c.n) || memchr(c.b, '"', c.n) ||
                        memchr(c.b, '\n', c.n) || memchr(c.b, '\r', c.n);
                assert_true(len + 2 * c.n + 4 < cap);
                if (k)
                    p[len++] = ',';
                if (q)
                    p[len++] = '"';
                for (size_t i = 0; i < c.n; i++) {
                    if (q && c.b[i] == '"')
                        p[len++] = '"';
                    p[len++] = c.b[i];
                }
                if (q)
                    p[len++] = '"';
            }
            p[len++] = '\n';
        }
        rows_agree(p, len);
        free(p);
    }
}

static void test_csv_corpus(void **state)
{
    (void)state;
    size_t files = each_file("tests/fuzz/corpus/csv", rows_agree);
    assert_true(files > 100);
}

/* The walker's one error: a cell that must be decoded into memory it cannot
 * get. */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char text[] = "a,b\n\"x\"\"y\",\"caf\xE9\"\n";
    incstat_column_report cols[2];
    int failed = 0;
    for (unsigned long k = 1; k < 50; k++) {
        incstat_csv *csv;
        memset(cols, 0, sizeof cols);
        if (incstat_csv_open_memory(text, sizeof text - 1, "t.csv", NULL, &csv, NULL) != INCSTAT_OK)
            continue;
        incstat_status st = incstat_csv_next(csv, NULL);
        st = st == INCSTAT_ROW ? incstat_csv_next(csv, NULL) : st;
        if (st != INCSTAT_ROW) {
            incstat_csv_free(csv);
            continue;
        }
        incstat_test_fail_alloc_after(k);
        int r = incstat_infer_row_(csv, cols, 2);
        unsigned long made = incstat_test_fail_alloc_after(0);
        incstat_csv_free(csv);
        if (r == -1) {
            failed = 1;
        } else {
            assert_int_equal(r, 0);
            assert_int_equal(cols[0].n_text + cols[1].n_text, 2);
            if (made < k)
                break; /* every allocation of the row succeeded */
        }
    }
    assert_true(failed);
}

int main(void)
{
    const struct CMUnitTest cells[] = {
        cmocka_unit_test(test_expected),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_value_corpus),
    };
    const struct CMUnitTest rows[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_rows_random),
        cmocka_unit_test(test_csv_corpus),
        cmocka_unit_test(test_out_of_memory),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("cells", cells, NULL, NULL);
    failed += cmocka_run_group_tests_name("rows", rows, NULL, NULL);
    return failed ? 1 : 0;
}
