/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_csv.c: the streaming CSV reader (src/csv.c): a canonical dump of
 * every record, the same dump whatever the chunking and buffer size, RFC 4180
 * and what real exports do beyond it, encodings, gzip, allocation failure and
 * line numbers.
 *
 * Fixtures are in tests/data/csv/ (a few bytes each, written with python so
 * the bytes are exact); the big cases are generated in memory. */
#include "helpers.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "incstat/csv.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"

#define CSV_DIR TEST_DATA_DIR "/csv/"
#define S(lit) lit, (sizeof lit - 1)

/* A handle value that a failed open must overwrite with NULL. */
static char not_null_target;
#define NOT_NULL ((incstat_csv *)(void *)&not_null_target)

/* ---- a growable string -------------------------------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_put(sbuf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + n + 1)
            ncap *= 2;
        char *np = realloc(b->p, ncap);
        assert_non_null(np);
        b->p = np;
        b->cap = ncap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_fmt(sbuf *b, const char *fmt, ...) INCSTAT_PRINTF(2, 3);
static void sb_fmt(sbuf *b, const char *fmt, ...)
{
    char tmp[INCSTAT_ERROR_MESSAGE_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof tmp);
    sb_put(b, tmp, (size_t)n);
}

/* Field text, escaped so the dump is unambiguous: \| \n \r \0 \\. */
static void sb_escaped(sbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '|': sb_str(b, "\\|"); break;
        case '\n': sb_str(b, "\\n"); break;
        case '\r': sb_str(b, "\\r"); break;
        case '\0': sb_str(b, "\\0"); break;
        case '\\': sb_str(b, "\\\\"); break;
        default: sb_put(b, s + i, 1);
        }
    }
}

/* ---- the canonical dump ------------------------------------------------- */

/* Everything one read of an input produced.  dump: "L<line>|f1|f2..." per
 * record, records separated by '\n'.  facts: the final status, the error
 * detail and every counter, for comparing two reads of the same input. */
typedef struct {
    char *dump;
    char *facts;
    incstat_status st; /* INCSTAT_DONE after a full read, else the error */
    incstat_error err;
    size_t rows;
    char delim;
    int eols, bom, sep, gz;
} result;

static void result_free(result *r)
{
    free(r->dump);
    free(r->facts);
    memset(r, 0, sizeof *r);
}

/* Read every record of c into r (c is not freed).  A NULL from
 * incstat_csv_field() (allocation failure) ends the read with ENOMEM. */
static void read_all(incstat_csv *c, result *r)
{
    sbuf d = {0}, f = {0};
    incstat_status st;
    memset(&r->err, 0, sizeof r->err);
    sb_put(&d, "", 0);
    r->rows = 0;
    while ((st = incstat_csv_next(c, &r->err)) == INCSTAT_ROW) {
        if (r->rows++)
            sb_str(&d, "\n");
        sb_fmt(&d, "L%llu", (unsigned long long)incstat_csv_line(c));
        size_t nf = incstat_csv_field_count(c);
        for (size_t i = 0; i < nf; i++) {
            size_t n = 12345;
            const char *s = incstat_csv_field(c, i, &n);
            if (!s) {
                st = INCSTAT_ENOMEM;
                r->err.code = INCSTAT_ENOMEM;
                goto out;
            }
            sb_str(&d, "|");
            sb_escaped(&d, s, n);
        }
    }
out:
    r->st = st;
    r->delim = incstat_csv_delimiter(c);
    r->eols = incstat_csv_line_endings(c);
    r->bom = incstat_csv_had_bom(c);
    r->sep = incstat_csv_had_sep_line(c);
    r->gz = incstat_csv_gzip(c);
    uint64_t l1 = 0, l2 = 0, l3 = 0;
    uint64_t n1 = incstat_csv_cp1252_cells(c, &l1);
    uint64_t n2 = incstat_csv_replaced(c, &l2);
    uint64_t n3 = incstat_csv_irregular_quotes(c, &l3);
    sb_fmt(&f, "status=%d", (int)st);
    if (st != INCSTAT_DONE)
        sb_fmt(&f, " err=%d line=%llu col=%llu msg=[%s]", (int)r->err.code,
               (unsigned long long)r->err.line, (unsigned long long)r->err.column, r->err.message);
    sb_fmt(&f, " delim=%d eols=%d bom=%d sep=%d empty=%llu bytes=%llu", r->delim, r->eols, r->bom,
           r->sep, (unsigned long long)incstat_csv_empty_lines(c),
           (unsigned long long)incstat_csv_bytes_read(c));
    sb_fmt(&f, " cp1252=%llu@%llu replaced=%llu@%llu irregular=%llu@%llu", (unsigned long long)n1,
           (unsigned long long)l1, (unsigned long long)n2, (unsigned long long)l2,
           (unsigned long long)n3, (unsigned long long)l3);
    r->dump = d.p;
    r->facts = f.p;
}

/* Open from memory and read everything; opening must succeed. */
static result run_memory(const void *data, size_t len, const char *name,
                         const incstat_csv_options *o)
{
    result r;
    incstat_csv *c = NULL;
    incstat_error err;
    memset(&r, 0, sizeof r);
    incstat_status st = incstat_csv_open_memory(data, len, name, o, &c, &err);
    if (st != INCSTAT_OK)
        fail_msg("open %s: %s", name, err.message);
    read_all(c, &r);
    incstat_csv_free(c);
    return r;
}

/* A source that hands out at most k bytes per call. */
typedef struct {
    const unsigned char *p;
    size_t len, pos, k;
    int calls;
} chunker;

static long long chunk_read(void *ctx, void *buf, size_t cap)
{
    chunker *ch = ctx;
    size_t n = ch->len - ch->pos;
    if (n > ch->k)
        n = ch->k;
    if (n > cap)
        n = cap;
    if (n)
        memcpy(buf, ch->p + ch->pos, n);
    ch->pos += n;
    ch->calls++;
    return (long long)n;
}

static result run_chunked(const void *data, size_t len, size_t k, const char *name,
                          const incstat_csv_options *o)
{
    result r;
    incstat_csv *c = NULL;
    incstat_error err;
    chunker ch = {data, len, 0, k, 0};
    memset(&r, 0, sizeof r);
    incstat_status st = incstat_csv_open_reader(chunk_read, &ch, name, o, &c, &err);
    if (st != INCSTAT_OK)
        fail_msg("open %s (chunk %zu): %s", name, k, err.message);
    read_all(c, &r);
    incstat_csv_free(c);
    return r;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open fixture %s", path);
    sbuf b = {0};
    char tmp[4096];
    size_t n;
    sb_put(&b, "", 0);
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        sb_put(&b, tmp, n);
    fclose(f);
    *len = b.len;
    return (unsigned char *)b.p;
}

/* In-memory gzip of data (one member). */
static unsigned char *gzip_mem(const void *data, size_t len, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return out;
}

#define assert_dump(r, expected)                                                          \
    do {                                                                                  \
        if (strcmp((r).dump, (expected)) != 0)                                            \
            fail_msg("dump differs\n--- got:\n%s\n--- expected:\n%s\n--- (%s)", (r).dump, \
                     (expected), (r).facts);                                              \
    } while (0)

/* ---- fixtures and their dumps ------------------------------------------ */

typedef struct {
    const char *file;
    const char *dump;         /* with default options */
    incstat_status st;        /* INCSTAT_DONE or the error */
    char delim;
    int eols;
    int sniff_sensitive;      /* see test_sniff_window_known_issue */
} fixture;

static const fixture FIXTURES[] = {
    {"basic_lf.csv", "L1|a|b|c\nL2|1|2|3\nL3|4|5|6", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"crlf.csv", "L1|a|b\nL2|1|2\nL3|3|4", INCSTAT_DONE, ',', INCSTAT_EOL_CRLF, 0},
    {"cr_only.csv", "L1|a|b\nL2|1|2\nL3|3|4", INCSTAT_DONE, ',', INCSTAT_EOL_CR, 0},
    {"mixed_eol.csv", "L1|a|b\nL2|1|2\nL3|3|4\nL4|5|6", INCSTAT_DONE, ',',
     INCSTAT_EOL_LF | INCSTAT_EOL_CRLF | INCSTAT_EOL_CR, 0},
    /* breaks inside quotes are data: they do not show in the EOL bits */
    {"quoted.csv",
     "L1|id|text\nL2|1|x,y\nL3|2|say \"hi\"\nL4|3|l1\\nl2\nL6|4|c1\\r\\nc2\nL8|5|r1\\rr2\n"
     "L10|6|\nL11|7|",
     INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"bom.csv", "L1|a|b\nL2|1|2", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"sep_line.csv", "L2|a|b\nL3|1,5|2", INCSTAT_DONE, ';', INCSTAT_EOL_LF, 0},
    {"bom_sep_crlf.csv", "L2|a|b,c\nL3|1|2", INCSTAT_DONE, '|', INCSTAT_EOL_CRLF, 0},
    {"semicolon_quoted.csv", "L1|name|note|n\nL2|Smith, J|a,b,c|1\nL3|Doe, K|x,y|2",
     INCSTAT_DONE, ';', INCSTAT_EOL_LF, 0},
    {"tab.tsv", "L1|a|b|c\nL2|1|2,5|3", INCSTAT_DONE, '\t', INCSTAT_EOL_LF, 0},
    {"pipe.csv", "L1|a|b|c\nL2|1|2|3", INCSTAT_DONE, '|', INCSTAT_EOL_LF, 0},
    {"no_final_newline.csv", "L1|a|b\nL2|1|2", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"empty_lines.csv", "L1|a|b\nL3|1|2\nL6|3|4", INCSTAT_DONE, ',',
     INCSTAT_EOL_LF | INCSTAT_EOL_CRLF, 0},
    {"header_only.csv", "L1|a|b|c", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"empty.csv", "", INCSTAT_DONE, ',', 0, 0},
    {"only_newlines.csv", "", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"empty_quoted.csv", "L1|a|b|c\nL2|||", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"irregular.csv", "L1|a|b\nL2|x\"y|abcd", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"unterminated.csv", "L1|a|b", INCSTAT_EPARSE, ',', INCSTAT_EOL_LF, 0},
    {"nul.csv", "L1|a|b\nL2|x\\0y|p\\0q", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"cp1252.csv", "L1|name|note\nL2|plain|ok\nL3|q|\xE2\x80\x9Chi\xE2\x80\x9D", INCSTAT_DONE,
     ',', INCSTAT_EOL_LF, 0},
    {"utf8.csv", "L1|name|city\nL2|Zo\xC3\xAB|K\xC3\xB8" "benhavn", INCSTAT_DONE, ',',
     INCSTAT_EOL_LF, 0},
    {"multiline.csv", "L1|h1|h2\nL2|1|a\\nb\\nc\nL5|2|x\nL6|3|p\\r\\nq\\rr\nL9|4|y", INCSTAT_DONE,
     ',', INCSTAT_EOL_LF, 0},
    /* AUTO reads these non-UTF-8 cells as Windows-1252 */
    {"macroman.csv", "L1|n\nL2|caf\xC5\xBD", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"latin1.csv", "L1|n\nL2|caf\xC3\xA9", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"utf8_invalid.csv", "L1|a\nL2|x\xC3\xBFy", INCSTAT_DONE, ',', INCSTAT_EOL_LF, 0},
    {"sniff_long_header.csv", "L1|x,y|long_column_name|another|more\nL2|1,5|2|3|4", INCSTAT_DONE,
     ';', INCSTAT_EOL_LF, 1},
};
#define N_FIXTURES (sizeof FIXTURES / sizeof FIXTURES[0])

/* ======================================================================== */
/* 1. the dump of every fixture, read from memory and from its path         */
/* ======================================================================== */

static void test_dump_helper_escapes(void **state)
{
    (void)state;
    /* '|', '\n', '\r', NUL and '\\' in field text are escaped */
    static const char in[] = "a,b\nx|y,\"m\nn\"\n\"r\rs\",t\\u\n";
    result r = run_memory(in, sizeof in - 1, "esc", NULL);
    assert_dump(r, "L1|a|b\nL2|x\\|y|m\\nn\nL4|r\\rs|t\\\\u");
    assert_int_equal(r.st, INCSTAT_DONE);
    assert_int_equal(r.rows, 3);
    result_free(&r);
}

static void test_fixture_dumps(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_FIXTURES; i++) {
        const fixture *fx = &FIXTURES[i];
        char path[256];
        size_t len;
        snprintf(path, sizeof path, CSV_DIR "%s", fx->file);
        unsigned char *data = slurp(path, &len);

        result r = run_memory(data, len, fx->file, NULL);
        if (strcmp(r.dump, fx->dump) != 0)
            fail_msg("%s: dump\n%s\nexpected\n%s", fx->file, r.dump, fx->dump);
        if (r.st != fx->st)
            fail_msg("%s: status %d, expected %d (%s)", fx->file, r.st, fx->st, r.err.message);
        if (r.delim != fx->delim)
            fail_msg("%s: delimiter '%c', expected '%c'", fx->file, r.delim, fx->delim);
        if (r.eols != fx->eols)
            fail_msg("%s: line endings %d, expected %d", fx->file, r.eols, fx->eols);
        assert_int_equal(r.gz, 0);

        /* the same through the file */
        incstat_csv *c = NULL;
        incstat_error err;
        assert_int_equal(incstat_csv_open_path(path, NULL, &c, &err), INCSTAT_OK);
        assert_string_equal(incstat_csv_name(c), path);
        result rp;
        read_all(c, &rp);
        incstat_csv_free(c);
        assert_string_equal(rp.dump, r.dump);
        assert_int_equal(rp.st, r.st);
        assert_int_equal(rp.delim, r.delim);
        assert_int_equal(rp.eols, r.eols);
        if (r.st == INCSTAT_DONE)
            assert_string_equal(rp.facts, r.facts);
        result_free(&rp);
        result_free(&r);
        free(data);
    }
}

/* ======================================================================== */
/* 2. every chunk size, small buffers: the same dump as from memory          */
/* ======================================================================== */

static const size_t BUFFER_SIZES[] = {0, 16, 17, 31, 64};

/* Read data at every chunk size 1..len with every buffer size in
 * BUFFER_SIZES (base: other options, may be NULL); everything must equal ref. */
static void check_all_chunkings(const char *name, const unsigned char *data, size_t len,
                                const incstat_csv_options *base, const result *ref,
                                int sniff_sensitive, int expect_gz)
{
    size_t kmax = len ? len : 1;
    for (size_t b = 0; b < sizeof BUFFER_SIZES / sizeof BUFFER_SIZES[0]; b++) {
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        if (base)
            o = *base;
        o.buffer_size = BUFFER_SIZES[b];
        if (sniff_sensitive && o.buffer_size)
            o.delimiter = ref->delim; /* see test_sniff_window_known_issue */
        for (size_t k = 1; k <= kmax; k++) {
            result r = run_chunked(data, len, k, name, &o);
            if (strcmp(r.dump, ref->dump) != 0 || strcmp(r.facts, ref->facts) != 0)
                fail_msg("%s: chunk %zu, buffer_size %zu:\n%s\n%s\nexpected\n%s\n%s", name, k,
                         o.buffer_size, r.dump, r.facts, ref->dump, ref->facts);
            if (r.gz != expect_gz)
                fail_msg("%s: chunk %zu: gzip flag %d", name, k, r.gz);
            result_free(&r);
        }
        /* and from memory with this buffer size */
        result r = run_memory(data, len, name, &o);
        if (strcmp(r.dump, ref->dump) != 0 || strcmp(r.facts, ref->facts) != 0)
            fail_msg("%s: memory, buffer_size %zu:\n%s\n%s\nexpected\n%s\n%s", name,
                     o.buffer_size, r.dump, r.facts, ref->dump, ref->facts);
        result_free(&r);
    }
}

static void test_every_chunk_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_FIXTURES; i++) {
        const fixture *fx = &FIXTURES[i];
        char path[256];
        size_t len;
        snprintf(path, sizeof path, CSV_DIR "%s", fx->file);
        unsigned char *data = slurp(path, &len);
        result ref = run_memory(data, len, fx->file, NULL);
        check_all_chunkings(fx->file, data, len, NULL, &ref, fx->sniff_sensitive, 0);
        result_free(&ref);
        free(data);
    }
}

static void test_every_chunk_size_gzip(void **state)
{
    (void)state;
    /* the compressed form of every fixture, fed in every chunk size: gzip
     * members then end at every possible position of a read */
    for (size_t i = 0; i < N_FIXTURES; i++) {
        const fixture *fx = &FIXTURES[i];
        char path[256];
        size_t len, zlen;
        snprintf(path, sizeof path, CSV_DIR "%s", fx->file);
        unsigned char *data = slurp(path, &len);
        unsigned char *z = gzip_mem(data, len, &zlen);
        result ref = run_memory(data, len, fx->file, NULL);
        check_all_chunkings(fx->file, z, zlen, NULL, &ref, fx->sniff_sensitive, 1);
        result_free(&ref);
        free(z);
        free(data);
    }
    /* two members: the second starts at every chunk boundary */
    static const char a[] = "h1,h2\n1,\"x\n", b[] = "y\"\n2,z\n";
    size_t la, lb;
    unsigned char *za = gzip_mem(a, sizeof a - 1, &la), *zb = gzip_mem(b, sizeof b - 1, &lb);
    unsigned char *both = malloc(la + lb);
    assert_non_null(both);
    memcpy(both, za, la);
    memcpy(both + la, zb, lb);
    char plain[sizeof a + sizeof b];
    snprintf(plain, sizeof plain, "%s%s", a, b);
    result ref = run_memory(plain, strlen(plain), "two", NULL);
    assert_dump(ref, "L1|h1|h2\nL2|1|x\\ny\nL4|2|z");
    check_all_chunkings("two", both, la + lb, NULL, &ref, 0, 1);
    result_free(&ref);
    free(both);
    free(za);
    free(zb);
}

static void test_chunked_larger_input(void **state)
{
    (void)state;
    /* the allocation fixture (10 KB cell) at a few chunk sizes */
    size_t len;
    unsigned char *data = slurp(CSV_DIR "alloc.csv", &len);
    result ref = run_memory(data, len, "alloc.csv", NULL);
    assert_int_equal(ref.st, INCSTAT_DONE);
    assert_int_equal(ref.rows, 4);
    static const size_t ks[] = {1, 2, 3, 7, 64, 1000, 4096, 10301, 10302, 20000};
    for (size_t b = 0; b < sizeof BUFFER_SIZES / sizeof BUFFER_SIZES[0]; b++) {
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        o.buffer_size = BUFFER_SIZES[b];
        for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
            result r = run_chunked(data, len, ks[j], "alloc.csv", &o);
            assert_string_equal(r.dump, ref.dump);
            assert_string_equal(r.facts, ref.facts);
            result_free(&r);
        }
    }
    result_free(&ref);
    free(data);
}

/* ======================================================================== */
/* 3. RFC 4180 and beyond                                                    */
/* ======================================================================== */

typedef struct {
    const char *data;
    size_t len;
    char opt_delim;
    const char *dump;
    incstat_status st;
    char delim;
} inline_case;

static const inline_case INLINE[] = {
    /* quoted delimiters, doubled quotes, breaks inside quotes */
    {S("a,b\n\"1,2\",\"3\"\"4\"\n"), 0, "L1|a|b\nL2|1,2|3\"4", INCSTAT_DONE, ','},
    {S("a\n\"\"\"\"\n"), 0, "L1|a\nL2|\"", INCSTAT_DONE, ','},
    {S("a\n\"x\ny\r\nz\rw\"\n"), 0, "L1|a\nL2|x\\ny\\r\\nz\\rw", INCSTAT_DONE, ','},
    {S("a\n\"a\r\"\n"), 0, "L1|a\nL2|a\\r", INCSTAT_DONE, ','},
    /* empty quoted vs empty */
    {S("a,\"\",\n"), 0, "L1|a||", INCSTAT_DONE, ','},
    {S("\"\"\n"), 0, "L1|", INCSTAT_DONE, ','},
    {S(",a,\n"), 0, "L1||a|", INCSTAT_DONE, ','},
    {S(",,\n"), 0, "L1|||", INCSTAT_DONE, ','},
    /* missing final newline, after a delimiter, after a lone CR */
    {S("a,b"), 0, "L1|a|b", INCSTAT_DONE, ','},
    {S("a,"), 0, "L1|a|", INCSTAT_DONE, ','},
    {S("a\r"), 0, "L1|a", INCSTAT_DONE, ','},
    {S("a\n\"q\""), 0, "L1|a\nL2|q", INCSTAT_DONE, ','},
    /* irregular quoting */
    {S("a\n\"a\"\"b\"c\n"), 0, "L1|a\nL2|a\"bc", INCSTAT_DONE, ','},
    {S("a,b\n\"ab\" ,x\n"), 0, "L1|a|b\nL2|ab |x", INCSTAT_DONE, ','},
    {S("a,b\n\"a\"b\"c,d\"e,f\n"), 0, "L1|a|b\nL2|abc,de|f", INCSTAT_DONE, ','},
    {S("a,b\nx\"y\"z,1\n"), 0, "L1|a|b\nL2|x\"y\"z|1", INCSTAT_DONE, ','},
    {S("a,b\n5\",6\"\n"), 0, "L1|a|b\nL2|5\"|6\"", INCSTAT_DONE, ','},
    /* delimiter detection */
    {S("a;b;c\n1;2;3\n"), 0, "L1|a|b|c\nL2|1|2|3", INCSTAT_DONE, ';'},
    {S("a;b\n1,5;2,25\n3,0;4\n"), 0, "L1|a|b\nL2|1,5|2,25\nL3|3,0|4", INCSTAT_DONE, ';'},
    {S("a\tb\n1,5\t2\n"), 0, "L1|a|b\nL2|1,5|2", INCSTAT_DONE, '\t'},
    {S("a|b|c\n1|2|3\n"), 0, "L1|a|b|c\nL2|1|2|3", INCSTAT_DONE, '|'},
    {S("\"a;b\",\"c;d\"\n\"1;2\",\"3\"\n"), 0, "L1|a;b|c;d\nL2|1;2|3", INCSTAT_DONE, ','},
    {S("h;\"x,y,z\"\n1;\"2,3\"\n"), 0, "L1|h|x,y,z\nL2|1|2,3", INCSTAT_DONE, ';'},
    {S("single\n1\n"), 0, "L1|single\nL2|1", INCSTAT_DONE, ','},
    /* a tie: the order , ; TAB | decides */
    {S("a;b,c\n1;2,3\n"), 0, "L1|a;b|c\nL2|1;2|3", INCSTAT_DONE, ','},
    /* an explicit delimiter overrides detection and a sep= line */
    {S("a;b,c\n1;2,3\n"), ';', "L1|a|b,c\nL2|1|2,3", INCSTAT_DONE, ';'},
    {S("a,b,c\n1,2,3\n"), '\t', "L1|a,b,c\nL2|1,2,3", INCSTAT_DONE, '\t'},
    {S("sep=;\na;b,c\n"), ',', "L2|a;b|c", INCSTAT_DONE, ','},
    /* sep= lines */
    {S("SEP=\t\na\tb\n1\t2\n"), 0, "L2|a|b\nL3|1|2", INCSTAT_DONE, '\t'},
    {S("sep=;\r1;2\r"), 0, "L2|1|2", INCSTAT_DONE, ';'},
    {S("sep=;"), 0, "", INCSTAT_DONE, ';'},
    {S("sep=;x,y\n1,2\n"), 0, "L1|sep=;x|y\nL2|1|2", INCSTAT_DONE, ','},
    {S("\xEF\xBB\xBFsep=;\n\na;b\n"), 0, "L3|a|b", INCSTAT_DONE, ';'},
    /* a sep= line cannot name a quote or a line break (nor can the option) */
    {S("sep=\"\na,b\n"), 0, "L1|sep=\"\nL2|a|b", INCSTAT_DONE, ','},
    {S("sep=\n\na,b\n1,2\n"), 0, "L1|sep=\nL3|a|b\nL4|1|2", INCSTAT_DONE, ','},
    {S("sep=\r\na,b\n"), 0, "L1|sep=\nL2|a|b", INCSTAT_DONE, ','},
    /* a BOM that is only a BOM; a BOM not at the start is data */
    {S("\xEF\xBB\xBF"), 0, "", INCSTAT_DONE, ','},
    {S("a\n\xEF\xBB\xBFx\n"), 0, "L1|a\nL2|\xEF\xBB\xBFx", INCSTAT_DONE, ','},
    /* empty lines of every kind are not records */
    {S("\r\n\r\na\r\n\r\n1\r\n"), 0, "L3|a\nL5|1", INCSTAT_DONE, ','},
    {S("\r\ra\r\r1"), 0, "L3|a\nL5|1", INCSTAT_DONE, ','},
    {S("\n"), 0, "", INCSTAT_DONE, ','},
    /* unterminated quote */
    {S("h\n\"ok\nstill\"\n\"bad\n"), 0, "L1|h\nL2|ok\\nstill", INCSTAT_EPARSE, ','},
    {S("\""), 0, "", INCSTAT_EPARSE, ','},
    /* a quote reopened after a closing quote that never closes */
    {S("a\n\"x\"y\"z\nw"), 0, "L1|a", INCSTAT_EPARSE, ','},
    {S("a,b\n1,\"x\"y\"z\n"), 0, "L1|a|b", INCSTAT_EPARSE, ','},
};

static void test_inline_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof INLINE / sizeof INLINE[0]; i++) {
        const inline_case *t = &INLINE[i];
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        o.delimiter = t->opt_delim;
        char name[32];
        snprintf(name, sizeof name, "inline%zu", i);
        result r = run_memory(t->data, t->len, name, &o);
        if (strcmp(r.dump, t->dump) != 0 || r.st != t->st || r.delim != t->delim)
            fail_msg("case %zu: dump\n%s\n%s\nexpected\n%s\nstatus %d delim '%c'", i, r.dump,
                     r.facts, t->dump, t->st, t->delim);
        /* and at every chunk size, with a small buffer */
        check_all_chunkings(name, (const unsigned char *)t->data, t->len, &o, &r, 0, 0);
        result_free(&r);
    }
}

static result run_fixture(const char *file, const incstat_csv_options *o)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, CSV_DIR "%s", file);
    unsigned char *data = slurp(path, &len);
    result r = run_memory(data, len, file, o);
    free(data);
    return r;
}

static void test_line_endings(void **state)
{
    (void)state;
    result r = run_fixture("mixed_eol.csv", NULL);
    assert_int_equal(r.eols, INCSTAT_EOL_LF | INCSTAT_EOL_CRLF | INCSTAT_EOL_CR);
    result_free(&r);
    r = run_fixture("crlf.csv", NULL);
    assert_int_equal(r.eols, INCSTAT_EOL_CRLF);
    result_free(&r);
    r = run_fixture("cr_only.csv", NULL);
    assert_int_equal(r.eols, INCSTAT_EOL_CR);
    result_free(&r);
    r = run_fixture("basic_lf.csv", NULL);
    assert_int_equal(r.eols, INCSTAT_EOL_LF);
    result_free(&r);
    /* a sep= line's ending counts */
    r = run_memory(S("sep=;\r\na;b"), "s", NULL);
    assert_int_equal(r.eols, INCSTAT_EOL_CRLF);
    result_free(&r);
    /* CRLF that arrives split across two reads is still CRLF */
    for (size_t k = 1; k <= 4; k++) {
        r = run_chunked(S("a\r\nb\r\n"), k, "split", NULL);
        assert_dump(r, "L1|a\nL2|b");
        assert_int_equal(r.eols, INCSTAT_EOL_CRLF);
        result_free(&r);
    }
}

static void test_bom_and_sep_line(void **state)
{
    (void)state;
    result r = run_fixture("bom.csv", NULL);
    assert_int_equal(r.bom, 1);
    assert_int_equal(r.sep, 0);
    assert_dump(r, "L1|a|b\nL2|1|2");
    result_free(&r);

    r = run_fixture("basic_lf.csv", NULL);
    assert_int_equal(r.bom, 0);
    result_free(&r);

    /* Excel's sep= line: the delimiter, and physical line numbers */
    r = run_fixture("sep_line.csv", NULL);
    assert_int_equal(r.sep, 1);
    assert_int_equal(r.delim, ';');
    assert_dump(r, "L2|a|b\nL3|1,5|2");
    result_free(&r);

    r = run_fixture("bom_sep_crlf.csv", NULL);
    assert_int_equal(r.bom, 1);
    assert_int_equal(r.sep, 1);
    assert_int_equal(r.delim, '|');
    result_free(&r);

    /* the header's line number, asked directly */
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "sep_line.csv", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_line(c), 2);
    assert_int_equal(incstat_csv_end_line(c), 2);
    assert_int_equal(incstat_csv_delimiter(c), ';');
    assert_int_equal(incstat_csv_had_sep_line(c), 1);
    incstat_csv_free(c);
}

static void test_delimiter_detection(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        char delim;
    } cases[] = {
        {"basic_lf.csv", ','}, {"semicolon_quoted.csv", ';'}, {"tab.tsv", '\t'},
        {"pipe.csv", '|'},     {"sep_line.csv", ';'},         {"sniff_long_header.csv", ';'},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = run_fixture(cases[i].file, NULL);
        if (r.delim != cases[i].delim)
            fail_msg("%s: delimiter '%c', expected '%c'", cases[i].file, r.delim, cases[i].delim);
        result_free(&r);
    }
    /* commas inside quoted fields of a semicolon file do not count */
    result r = run_fixture("semicolon_quoted.csv", NULL);
    assert_dump(r, "L1|name|note|n\nL2|Smith, J|a,b,c|1\nL3|Doe, K|x,y|2");
    result_free(&r);

    /* explicit delimiter */
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.delimiter = ',';
    r = run_fixture("tab.tsv", &o);
    assert_int_equal(r.delim, ',');
    assert_dump(r, "L1|a\tb\tc\nL2|1\t2|5\t3");
    result_free(&r);
    o.delimiter = ';';
    r = run_fixture("sep_line.csv", &o);
    assert_int_equal(r.delim, ';');
    assert_int_equal(r.sep, 1);
    result_free(&r);
    o.delimiter = '|';
    r = run_fixture("sep_line.csv", &o); /* sep=; still consumed, '|' wins */
    assert_int_equal(r.delim, '|');
    assert_int_equal(r.sep, 1);
    assert_dump(r, "L2|a;b\nL3|1,5;2");
    result_free(&r);

    /* a quote or a line break cannot be the delimiter */
    static const char bad[] = {'"', '\n', '\r'};
    for (size_t i = 0; i < sizeof bad; i++) {
        incstat_csv *c = NOT_NULL; /* must be reset to NULL */
        incstat_error err;
        o.delimiter = bad[i];
        assert_int_equal(incstat_csv_open_memory(S("a\n"), "x", &o, &c, &err), INCSTAT_EINVAL);
        assert_null(c);
        assert_int_equal(err.code, INCSTAT_EINVAL);
    }
}

static void test_empty_inputs(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    /* an empty file: the first next() says DONE, and keeps saying it */
    assert_int_equal(incstat_csv_open_path(CSV_DIR "empty.csv", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    assert_int_equal(incstat_csv_field_count(c), 0);
    assert_int_equal(incstat_csv_empty_lines(c), 0);
    assert_int_equal(incstat_csv_bytes_read(c), 0);
    incstat_csv_free(c);

    /* an empty memory block, and a NULL one of length 0 */
    assert_int_equal(incstat_csv_open_memory(NULL, 0, "null", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    incstat_csv_free(c);

    /* only line breaks */
    assert_int_equal(incstat_csv_open_path(CSV_DIR "only_newlines.csv", NULL, &c, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    assert_int_equal(incstat_csv_empty_lines(c), 3);
    assert_int_equal(incstat_csv_bytes_read(c), 3);
    incstat_csv_free(c);

    /* header only */
    assert_int_equal(incstat_csv_open_path(CSV_DIR "header_only.csv", NULL, &c, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_field_count(c), 3);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    incstat_csv_free(c);

    /* empty lines are counted, later line numbers stay physical */
    result r = run_fixture("empty_lines.csv", NULL);
    assert_dump(r, "L1|a|b\nL3|1|2\nL6|3|4");
    assert_non_null(strstr(r.facts, " empty=4 "));
    result_free(&r);
}

static void test_empty_quoted_vs_empty(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "empty_quoted.csv", NULL, &c, &err),
                     INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_field_count(c), 3);
    size_t n;
    int q;
    const char *s = incstat_csv_field_raw(c, 0, &n, &q);
    assert_int_equal(q, 1);
    assert_int_equal(n, 2);
    assert_memory_equal(s, "\"\"", 2);
    s = incstat_csv_field(c, 0, &n);
    assert_non_null(s);
    assert_int_equal(n, 0);
    s = incstat_csv_field_raw(c, 1, &n, &q);
    assert_int_equal(q, 0);
    assert_int_equal(n, 0);
    s = incstat_csv_field(c, 1, &n);
    assert_non_null(s);
    assert_int_equal(n, 0);
    s = incstat_csv_field_raw(c, 2, &n, &q);
    assert_int_equal(q, 1);
    /* out of range: empty */
    n = 99;
    q = 99;
    s = incstat_csv_field(c, 3, &n);
    assert_non_null(s);
    assert_int_equal(n, 0);
    s = incstat_csv_field_raw(c, 1000, &n, &q);
    assert_non_null(s);
    assert_int_equal(n, 0);
    assert_int_equal(q, 0);
    incstat_csv_free(c);
}

static void test_irregular_quotes(void **state)
{
    (void)state;
    result r = run_fixture("irregular.csv", NULL);
    assert_dump(r, "L1|a|b\nL2|x\"y|abcd");
    assert_non_null(strstr(r.facts, " irregular=1@2"));
    result_free(&r);

    /* counted once per record, first line kept */
    r = run_memory(S("h,i\n1,2\n\"a\"b,c\"d\n3,4\ne\"f,g\n"), "irr", NULL);
    assert_dump(r, "L1|h|i\nL2|1|2\nL3|ab|c\"d\nL4|3|4\nL5|e\"f|g");
    assert_non_null(strstr(r.facts, " irregular=2@3"));
    result_free(&r);

    /* regular quoting is not counted */
    r = run_fixture("quoted.csv", NULL);
    assert_non_null(strstr(r.facts, " irregular=0@0"));
    result_free(&r);

    /* raw bytes keep the quotes */
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "irregular.csv", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    size_t n;
    int q;
    const char *s = incstat_csv_field_raw(c, 1, &n, &q);
    assert_int_equal(n, 6);
    assert_memory_equal(s, "\"ab\"cd", 6);
    assert_int_equal(q, 1);
    s = incstat_csv_field_raw(c, 0, &n, &q);
    assert_int_equal(n, 3);
    assert_int_equal(q, 0);
    uint64_t first = 0;
    assert_int_equal(incstat_csv_irregular_quotes(c, &first), 1);
    assert_int_equal(first, 2);
    incstat_csv_free(c);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    const char *path = CSV_DIR "unterminated.csv";
    assert_int_equal(incstat_csv_open_path(path, NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_EPARSE);
    assert_int_equal(err.code, INCSTAT_EPARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "unterminated"));
    incstat_csv_free(c);

    /* the name given to open_memory, the record's first line, first column */
    result r = run_memory(S("h\n\"ok\nstill\"\n\n\"bad\nx\ny\n"), "mine.csv", NULL);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.err.line, 5);
    assert_int_equal(r.err.column, 1);
    assert_non_null(strstr(r.err.message, "mine.csv"));
    result_free(&r);

    /* third field, after CRLF lines */
    r = run_memory(S("a,b,c\r\n1,2,\"3\r\n"), "crlf.csv", NULL);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.err.line, 2);
    assert_int_equal(r.err.column, 3);
    result_free(&r);

    /* a quote reopened after the closing one and never closed */
    r = run_memory(S("a,b\n1,2\n3,\"x\"y\"z\nw\n"), "reopen.csv", NULL);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.err.line, 3);
    assert_int_equal(r.err.column, 2);
    assert_non_null(strstr(r.err.message, "reopen.csv"));
    result_free(&r);

    /* the same when the input arrives a byte at a time */
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 16;
    r = run_chunked(S("a,b,c\r\n1,2,\"3\r\n"), 1, "crlf.csv", &o);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.err.line, 2);
    assert_int_equal(r.err.column, 3);
    result_free(&r);
}

static void test_max_record_bytes(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_str(&b, "a,b\n");
    for (int i = 0; i < 60; i++)
        sb_str(&b, "x");
    sb_str(&b, "\n"); /* 61 bytes with the terminator: fits in 64 */
    sb_str(&b, "y,\"");
    for (int i = 0; i < 100; i++)
        sb_str(&b, "z");
    sb_str(&b, "\"\n");
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.max_record_bytes = 64;
    result r = run_memory(b.p, b.len, "long.csv", &o);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.err.line, 3);
    assert_non_null(strstr(r.err.message, "long.csv"));
    result_free(&r);

    /* with a small buffer too, and through a reader */
    o.buffer_size = 16;
    r = run_chunked(b.p, b.len, 5, "long.csv", &o);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.err.line, 3);
    result_free(&r);

    /* an unterminated quote with a limit: EPARSE before the end of input */
    o.buffer_size = 0;
    o.max_record_bytes = 1000;
    sbuf u = {0};
    sb_str(&u, "h\n\"");
    for (int i = 0; i < 5000; i++)
        sb_str(&u, "q\n");
    r = run_memory(u.p, u.len, "u.csv", &o);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.err.line, 2);
    result_free(&r);

    /* no limit given: fine */
    r = run_memory(b.p, b.len, "long.csv", NULL);
    assert_int_equal(r.st, INCSTAT_DONE);
    assert_int_equal(r.rows, 3);
    result_free(&r);
    free(b.p);
    free(u.p);
}

static void test_max_fields(void **state)
{
    (void)state;
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.max_fields = 3;
    result r = run_memory(S("a,b,c\n1,2,3,4\n"), "f.csv", &o);
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.st, INCSTAT_ELIMIT);
    assert_int_equal(r.err.line, 2);
    assert_non_null(strstr(r.err.message, "f.csv"));
    result_free(&r);

    /* a limit above the initial field array */
    sbuf b = {0};
    for (int i = 0; i < 100; i++)
        sb_fmt(&b, "%sc%d", i ? "," : "", i);
    sb_str(&b, "\n");
    for (int i = 0; i < 101; i++)
        sb_fmt(&b, "%s%d", i ? "," : "", i);
    sb_str(&b, "\n");
    o.max_fields = 100;
    r = run_memory(b.p, b.len, "f.csv", &o);
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.st, INCSTAT_ELIMIT);
    assert_int_equal(r.err.line, 2);
    result_free(&r);
    o.max_fields = 101;
    r = run_memory(b.p, b.len, "f.csv", &o);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.st, INCSTAT_DONE);
    result_free(&r);
    free(b.p);
}

static void test_many_columns(void **state)
{
    (void)state;
    /* 100,000 columns in the header, default options */
    sbuf b = {0};
    for (int i = 0; i < 100000; i++)
        sb_fmt(&b, "%sc%d", i ? "," : "", i);
    sb_str(&b, "\n");
    for (int i = 0; i < 100000; i++)
        sb_fmt(&b, "%s%d", i ? "," : "", i);
    sb_str(&b, "\n");
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_memory(b.p, b.len, "wide", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_field_count(c), 100000);
    size_t n;
    const char *s = incstat_csv_field(c, 99999, &n);
    assert_int_equal(n, 6);
    assert_memory_equal(s, "c99999", 6);
    s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 2);
    assert_memory_equal(s, "c0", 2);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_field_count(c), 100000);
    s = incstat_csv_field(c, 54321, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(s, "54321", 5);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    assert_int_equal(incstat_csv_delimiter(c), ',');
    incstat_csv_free(c);
    free(b.p);
}

static void test_huge_cell(void **state)
{
    (void)state;
    /* a 10 MB quoted cell with delimiters, doubled quotes and line breaks */
    const size_t units = 10u * 1024 * 1024 / 10;
    static const char unit_raw[] = "ab,\"\"cd\n12"; /* 11 bytes raw */
    static const char unit_txt[] = "ab,\"cd\n12";   /* 10 bytes of text */
    sbuf in = {0}, want = {0};
    sb_str(&in, "h1,h2\nx,\"");
    for (size_t i = 0; i < units; i++) {
        sb_put(&in, unit_raw, sizeof unit_raw - 1);
        sb_put(&want, unit_txt, sizeof unit_txt - 1);
    }
    sb_str(&in, "\"\nlast,");
    /* and a 10 MB unquoted cell at the end, without a final newline */
    size_t plain_at = in.len;
    for (size_t i = 0; i < units; i++)
        sb_put(&in, "0123456789", 10);
    size_t plain_len = in.len - plain_at;

    for (int pass = 0; pass < 2; pass++) {
        incstat_csv *c = NULL;
        incstat_error err;
        chunker ch = {(const unsigned char *)in.p, in.len, 0, 1u << 16, 0};
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        if (pass == 0) {
            assert_int_equal(incstat_csv_open_memory(in.p, in.len, "huge", NULL, &c, &err),
                             INCSTAT_OK);
        } else {
            o.buffer_size = 16; /* grows twenty times */
            assert_int_equal(incstat_csv_open_reader(chunk_read, &ch, "huge", &o, &c, &err),
                             INCSTAT_OK);
        }
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
        assert_int_equal(incstat_csv_line(c), 2);
        assert_int_equal(incstat_csv_end_line(c), 2 + units);
        size_t n;
        const char *s = incstat_csv_field(c, 1, &n);
        assert_non_null(s);
        assert_int_equal(n, want.len);
        assert_true(memcmp(s, want.p, n) == 0);
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
        assert_int_equal(incstat_csv_line(c), 3 + units);
        s = incstat_csv_field(c, 1, &n);
        assert_int_equal(n, plain_len);
        assert_true(memcmp(s, in.p + plain_at, n) == 0);
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
        assert_int_equal(incstat_csv_bytes_read(c), in.len);
        incstat_csv_free(c);
    }
    free(in.p);
    free(want.p);
}

static void test_only_quotes(void **state)
{
    (void)state;
    /* 1 MB of '"': an even count is one field of doubled quotes */
    const size_t n_even = 1000000;
    char *q = malloc(n_even + 1);
    assert_non_null(q);
    memset(q, '"', n_even + 1);
    for (int pass = 0; pass < 2; pass++) {
        incstat_csv *c = NULL;
        incstat_error err;
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        chunker ch = {(const unsigned char *)q, n_even, 0, 4096, 0};
        if (pass == 0) {
            assert_int_equal(incstat_csv_open_memory(q, n_even, "q", NULL, &c, &err), INCSTAT_OK);
        } else {
            o.buffer_size = 16;
            assert_int_equal(incstat_csv_open_reader(chunk_read, &ch, "q", &o, &c, &err),
                             INCSTAT_OK);
        }
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
        assert_int_equal(incstat_csv_field_count(c), 1);
        size_t n;
        const char *s = incstat_csv_field(c, 0, &n);
        assert_non_null(s);
        assert_int_equal(n, (n_even - 2) / 2);
        assert_true(memcmp(s, q, n) == 0);
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
        incstat_csv_free(c);
    }
    /* an odd count never closes: EPARSE at line 1, column 1 */
    result r = run_memory(q, n_even + 1, "odd", NULL);
    assert_int_equal(r.st, INCSTAT_EPARSE);
    assert_int_equal(r.err.line, 1);
    assert_int_equal(r.err.column, 1);
    assert_int_equal(r.rows, 0);
    result_free(&r);
    free(q);
}

static void test_nul_bytes(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "nul.csv", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_field_count(c), 2);
    size_t n;
    const char *s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "x\0y", 3);
    s = incstat_csv_field(c, 1, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "p\0q", 3);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    incstat_csv_free(c);
}

static void test_long_cr_line(void **state)
{
    (void)state;
    /* one line of 3 MB ended by a lone CR */
    sbuf b = {0};
    size_t fields = 0;
    while (b.len < 3u * 1024 * 1024) {
        sb_fmt(&b, "%sf%06zu", fields ? "," : "", fields);
        fields++;
    }
    sb_str(&b, "\r");
    for (int pass = 0; pass < 2; pass++) {
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        result r;
        if (pass == 0) {
            r = run_memory(b.p, b.len, "cr", NULL);
        } else {
            o.buffer_size = 16;
            r = run_chunked(b.p, b.len, 1u << 16, "cr", &o);
        }
        assert_int_equal(r.st, INCSTAT_DONE);
        assert_int_equal(r.rows, 1);
        assert_int_equal(r.eols, INCSTAT_EOL_CR);
        assert_int_equal(strlen(r.dump), strlen("L1|") + b.len - 1);
        char last[32];
        snprintf(last, sizeof last, "|f%06zu", fields - 1);
        assert_string_equal(r.dump + strlen(r.dump) - strlen(last), last);
        result_free(&r);
    }
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_memory(b.p, b.len, "cr", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_field_count(c), fields);
    assert_int_equal(incstat_csv_end_line(c), 1);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    incstat_csv_free(c);
    free(b.p);
}

static long long failing_read(void *ctx, void *buf, size_t cap)
{
    int *calls = ctx;
    (void)buf;
    (void)cap;
    if ((*calls)++ == 0) {
        memcpy(buf, "a,b\n1,2\n", cap < 8 ? cap : 8);
        return (long long)(cap < 8 ? cap : 8);
    }
    return -1;
}

static void test_reader_errors(void **state)
{
    (void)state;
    incstat_csv *c = NOT_NULL;
    incstat_error err;
    int calls = 0;
    /* a read error is EIO naming the input */
    incstat_status st = incstat_csv_open_reader(failing_read, &calls, "flaky", NULL, &c, &err);
    if (st == INCSTAT_OK) {
        while ((st = incstat_csv_next(c, &err)) == INCSTAT_ROW)
            ;
        incstat_csv_free(c);
    } else {
        assert_null(c);
    }
    assert_int_equal(st, INCSTAT_EIO);
    assert_non_null(strstr(err.message, "flaky"));

    /* argument checks */
    c = NOT_NULL;
    assert_int_equal(incstat_csv_open_reader(NULL, NULL, "x", NULL, &c, &err), INCSTAT_EINVAL);
    assert_null(c);
    assert_int_equal(incstat_csv_open_memory(NULL, 3, "x", NULL, &c, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_csv_open_path(NULL, NULL, &c, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_csv_open_path("x", NULL, NULL, &err), INCSTAT_EINVAL);
    assert_int_equal(incstat_csv_next(NULL, &err), INCSTAT_EINVAL);
    incstat_csv_free(NULL);

    /* the default name */
    assert_int_equal(incstat_csv_open_memory(S("a\n"), NULL, NULL, &c, &err), INCSTAT_OK);
    assert_string_equal(incstat_csv_name(c), "<input>");
    incstat_csv_free(c);
}

/* ======================================================================== */
/* 4. encodings                                                             */
/* ======================================================================== */

/* AUTO with another fallback: cells not valid UTF-8 in Mac Roman, valid ones
 * as UTF-8; a change of fallback applies to the current record too. */
static void test_auto_fallback(void **state)
{
    (void)state;
    static const char text[] = "a,b\nArmy\xD5s,caf\xC3\xA9\n";
    incstat_csv_options o = {0};
    o.fallback = INCSTAT_ENCODING_MAC_ROMAN;
    incstat_csv *c = NULL;
    incstat_error err;
    size_t n;
    const char *s;
    assert_int_equal(incstat_csv_open_memory(text, sizeof text - 1, "fb", &o, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_fallback(c), INCSTAT_ENCODING_MAC_ROMAN);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 8);
    assert_memory_equal(s, "Army\xE2\x80\x99s", 8);
    s = incstat_csv_field(c, 1, &n); /* valid UTF-8 stays as it is */
    assert_int_equal(n, 5);
    assert_memory_equal(s, "caf\xC3\xA9", 5);
    incstat_csv_set_fallback(c, INCSTAT_ENCODING_WINDOWS_1252);
    s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 7);
    assert_memory_equal(s, "Army\xC3\x95s", 7); /* Õ */
    uint64_t first = 0;
    assert_int_equal(incstat_csv_cp1252_cells(c, &first), 1); /* counted once */
    assert_int_equal(first, 2);
    /* not a single-byte encoding: Windows-1252 */
    incstat_csv_set_fallback(c, INCSTAT_ENCODING_UTF8);
    assert_int_equal(incstat_csv_fallback(c), INCSTAT_ENCODING_WINDOWS_1252);
    incstat_csv_free(c);
    assert_int_equal(incstat_csv_fallback(NULL), INCSTAT_ENCODING_WINDOWS_1252);
}

static void test_auto_cp1252(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "cp1252.csv", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_encoding(c), INCSTAT_ENCODING_AUTO);
    size_t n;
    const char *s;
    while (incstat_csv_next(c, &err) == INCSTAT_ROW) {
        if (incstat_csv_line(c) == 3) {
            s = incstat_csv_field(c, 1, &n);
            assert_int_equal(n, 8);
            assert_memory_equal(s, "\xE2\x80\x9Chi\xE2\x80\x9D", 8);
            s = incstat_csv_field(c, 0, &n);
            assert_int_equal(n, 1);
        } else {
            for (size_t i = 0; i < incstat_csv_field_count(c); i++)
                assert_non_null(incstat_csv_field(c, i, &n));
        }
    }
    uint64_t first = 0;
    assert_int_equal(incstat_csv_cp1252_cells(c, &first), 1);
    assert_int_equal(first, 3);
    /* a cell is counted once however often it is asked for */
    incstat_csv_free(c);
    assert_int_equal(incstat_csv_open_path(CSV_DIR "cp1252.csv", NULL, &c, &err), INCSTAT_OK);
    while (incstat_csv_next(c, &err) == INCSTAT_ROW)
        for (int k = 0; k < 3; k++)
            for (size_t i = 0; i < incstat_csv_field_count(c); i++)
                assert_non_null(incstat_csv_field(c, i, &n));
    assert_int_equal(incstat_csv_cp1252_cells(c, &first), 1);
    assert_int_equal(first, 3);
    assert_int_equal(incstat_csv_replaced(c, &first), 0);
    assert_int_equal(first, 0);
    incstat_csv_free(c);

    /* a doubled quote in a Windows-1252 cell: unquoted, then transcoded */
    result r = run_memory(S("a,b\n\"\x93\"\"q\"\"\x94\",\x80\n"), "dq", NULL);
    assert_dump(r, "L1|a|b\nL2|\xE2\x80\x9C\"q\"\xE2\x80\x9D|\xE2\x82\xAC");
    assert_non_null(strstr(r.facts, " cp1252=2@2 "));
    result_free(&r);
}

static void test_auto_utf8(void **state)
{
    (void)state;
    result r = run_fixture("utf8.csv", NULL);
    assert_dump(r, "L1|name|city\nL2|Zo\xC3\xAB|K\xC3\xB8" "benhavn");
    assert_non_null(strstr(r.facts, " cp1252=0@0 replaced=0@0 "));
    result_free(&r);
    /* 4-byte sequences and a quoted UTF-8 cell */
    r = run_memory(S("a\n\"\xF0\x9F\x98\x80 \xE2\x82\xAC\"\n"), "u", NULL);
    assert_dump(r, "L1|a\nL2|\xF0\x9F\x98\x80 \xE2\x82\xAC");
    assert_non_null(strstr(r.facts, " cp1252=0@0 "));
    result_free(&r);
}

static void test_utf8_mode_replaces(void **state)
{
    (void)state;
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.encoding = INCSTAT_ENCODING_UTF8;
    result r = run_fixture("utf8_invalid.csv", &o);
    assert_dump(r, "L1|a\nL2|x\xEF\xBF\xBDy");
    assert_non_null(strstr(r.facts, " cp1252=0@0 replaced=1@2 "));
    result_free(&r);

    r = run_memory(S("a,b\nok,\xC3\xA9\n\xFF\xFE,\"\xC3\"\n"), "u", &o);
    assert_dump(r, "L1|a|b\nL2|ok|\xC3\xA9\nL3|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD");
    assert_non_null(strstr(r.facts, " replaced=3@3 "));
    result_free(&r);

    incstat_csv *c = NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "utf8_invalid.csv", &o, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_encoding(c), INCSTAT_ENCODING_UTF8);
    /* counted once however often the cell is asked for */
    while (incstat_csv_next(c, &err) == INCSTAT_ROW)
        for (int k = 0; k < 3; k++) {
            size_t n;
            assert_non_null(incstat_csv_field(c, 0, &n));
        }
    uint64_t first = 0;
    assert_int_equal(incstat_csv_replaced(c, &first), 1);
    assert_int_equal(first, 2);
    incstat_csv_free(c);
}

static void test_single_byte_encodings(void **state)
{
    (void)state;
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.encoding = INCSTAT_ENCODING_MAC_ROMAN;
    result r = run_fixture("macroman.csv", &o);
    assert_dump(r, "L1|n\nL2|caf\xC3\xA9");
    assert_non_null(strstr(r.facts, " cp1252=0@0 "));
    result_free(&r);

    o.encoding = INCSTAT_ENCODING_ISO_8859_1;
    r = run_fixture("latin1.csv", &o);
    assert_dump(r, "L1|n\nL2|caf\xC3\xA9");
    result_free(&r);
    /* 0x80-0x9F are C1 controls in ISO 8859-1, not cp1252 punctuation */
    r = run_memory(S("n\n\x93\n"), "l1", &o);
    assert_dump(r, "L1|n\nL2|\xC2\x93");
    result_free(&r);

    o.encoding = INCSTAT_ENCODING_WINDOWS_1252;
    r = run_memory(S("n\n\x80\xE9\n"), "w", &o);
    assert_dump(r, "L1|n\nL2|\xE2\x82\xAC\xC3\xA9");
    assert_non_null(strstr(r.facts, " cp1252=0@0 "));
    result_free(&r);
    /* valid UTF-8 under an explicit single-byte encoding is transcoded byte by byte */
    r = run_memory(S("n\n\xC3\xA9\n"), "w", &o);
    assert_dump(r, "L1|n\nL2|\xC3\x83\xC2\xA9");
    result_free(&r);
}

static void test_set_encoding_after_header(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    size_t n;
    const char *s;
    assert_int_equal(incstat_csv_open_path(CSV_DIR "macroman.csv", NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 1);
    assert_memory_equal(s, "n", 1);
    incstat_csv_set_encoding(c, INCSTAT_ENCODING_MAC_ROMAN);
    assert_int_equal(incstat_csv_encoding(c), INCSTAT_ENCODING_MAC_ROMAN);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(s, "caf\xC3\xA9", 5);
    /* changing it again re-decodes the same field differently */
    incstat_csv_set_encoding(c, INCSTAT_ENCODING_AUTO);
    s = incstat_csv_field(c, 0, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(s, "caf\xC5\xBD", 5);
    uint64_t first;
    assert_int_equal(incstat_csv_cp1252_cells(c, &first), 1);
    assert_int_equal(first, 2);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    incstat_csv_free(c);
}

/* ======================================================================== */
/* 5. gzip                                                                  */
/* ======================================================================== */

static char tmpdir[64];

static int gz_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/incstat_test_csv_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int gz_teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"one.csv.gz", "two.gz", "trunc.csv.gz", "tail.gz",
                                        "big.gz", "corrupt.gz"};
    char path[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    return rmdir(tmpdir);
}

static void tmp_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

static void write_gz(const char *path, const char *mode, const void *data, size_t len)
{
    gzFile g = gzopen(path, mode);
    assert_non_null(g);
    if (len)
        assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
}

static result run_path(const char *path, const incstat_csv_options *o)
{
    result r;
    incstat_csv *c = NULL;
    memset(&r, 0, sizeof r);
    incstat_status st = incstat_csv_open_path(path, o, &c, &r.err);
    if (st != INCSTAT_OK) {
        r.st = st;
        r.dump = strdup("");
        r.facts = strdup("");
        return r;
    }
    read_all(c, &r);
    incstat_csv_free(c);
    return r;
}

/* Pseudo-random CSV text of about len bytes. */
static char *make_text(size_t len, size_t *out_len)
{
    sbuf b = {0};
    uint32_t x = 12345;
    sb_str(&b, "id,name,value\n");
    for (size_t i = 1; b.len < len; i++) {
        x = x * 1103515245u + 12345u;
        sb_fmt(&b, "%zu,\"n%08x, \"\"q\"\"\",%u.%02u\n", i, (unsigned)x, (unsigned)(x >> 20),
               (unsigned)(x % 100));
    }
    *out_len = b.len;
    return b.p;
}

static void test_gzip_file(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "one.csv.gz");
    size_t len;
    unsigned char *data = slurp(CSV_DIR "quoted.csv", &len);
    write_gz(path, "wb", data, len);
    result plain = run_fixture("quoted.csv", NULL);
    result r = run_path(path, NULL);
    if (r.st != INCSTAT_DONE)
        fail_msg("%s: %s", path, r.err.message);
    assert_int_equal(r.gz, 1);
    assert_string_equal(r.dump, plain.dump);
    assert_string_equal(r.facts, plain.facts); /* bytes_read counts decompressed bytes */
    result_free(&r);
    /* a small buffer */
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 16;
    r = run_path(path, &o);
    assert_int_equal(r.st, INCSTAT_DONE);
    assert_string_equal(r.dump, plain.dump);
    result_free(&r);
    result_free(&plain);
    free(data);

    /* an empty gzip file */
    write_gz(path, "wb", "", 0);
    r = run_path(path, NULL);
    assert_int_equal(r.st, INCSTAT_DONE);
    assert_int_equal(r.rows, 0);
    assert_int_equal(r.gz, 1);
    result_free(&r);
}

static void test_gzip_two_members(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "two.gz");
    write_gz(path, "wb", S("a,b\n1,\"x\n"));
    write_gz(path, "ab", S("y\"\n2,z\n"));
    result r = run_path(path, NULL);
    if (r.st != INCSTAT_DONE)
        fail_msg("%s: %s", path, r.err.message);
    assert_int_equal(r.gz, 1);
    assert_dump(r, "L1|a|b\nL2|1|x\\ny\nL4|2|z");
    result_free(&r);
}

static void test_gzip_large(void **state)
{
    (void)state;
    /* compressed data larger than the decoder's 64 KiB input block */
    char path[128];
    tmp_path(path, sizeof path, "big.gz");
    size_t len;
    char *text = make_text(600000, &len);
    gzFile g = gzopen(path, "wb1");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, text, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 65536);
    result plain = run_memory(text, len, path, NULL);
    assert_int_equal(plain.st, INCSTAT_DONE);
    result r = run_path(path, NULL);
    if (r.st != INCSTAT_DONE)
        fail_msg("%s: %s", path, r.err.message);
    assert_string_equal(r.dump, plain.dump);
    assert_string_equal(r.facts, plain.facts);
    result_free(&r);
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 100;
    r = run_path(path, &o);
    assert_int_equal(r.st, INCSTAT_DONE);
    assert_string_equal(r.dump, plain.dump);
    result_free(&r);
    result_free(&plain);
    free(text);
}

static void test_gzip_truncated(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "trunc.csv.gz");
    size_t len;
    char *text = make_text(20000, &len);
    write_gz(path, "wb", text, len);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    off_t full = sb.st_size;

    /* cut in the middle, cut in the trailer, cut after the header */
    const off_t cuts[] = {full / 2, full - 4, full - 1, 12};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_gz(path, "wb", text, len);
        assert_int_equal(truncate(path, cuts[i]), 0);
        for (int small = 0; small < 2; small++) {
            incstat_csv_options o;
            memset(&o, 0, sizeof o);
            o.buffer_size = small ? 64 : 0;
            result r = run_path(path, &o);
            if (r.st != INCSTAT_EIO)
                fail_msg("cut at %lld: status %d", (long long)cuts[i], r.st);
            assert_non_null(strstr(r.err.message, path));
            assert_non_null(strstr(r.err.message, "truncated"));
            /* the rows before the cut were correct */
            result plain = run_memory(text, len, path, NULL);
            assert_true(strncmp(plain.dump, r.dump, strlen(r.dump)) == 0);
            result_free(&plain);
            result_free(&r);
        }
    }

    /* corrupt data */
    tmp_path(path, sizeof path, "corrupt.gz");
    write_gz(path, "wb", text, len);
    size_t zlen;
    unsigned char *z = slurp(path, &zlen);
    for (size_t i = 20; i < 60 && i < zlen; i++)
        z[i] ^= 0x5A;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(z, 1, zlen, f), zlen);
    fclose(f);
    result r = run_path(path, NULL);
    assert_int_equal(r.st, INCSTAT_EIO);
    assert_non_null(strstr(r.err.message, path));
    result_free(&r);
    free(z);

    /* garbage after a member that is not another member */
    tmp_path(path, sizeof path, "tail.gz");
    write_gz(path, "wb", S("a\n1\n"));
    f = fopen(path, "ab");
    assert_non_null(f);
    fputs("garbage!", f);
    fclose(f);
    r = run_path(path, NULL);
    assert_int_equal(r.st, INCSTAT_EIO);
    assert_non_null(strstr(r.err.message, path));
    result_free(&r);
    free(text);
}

static void test_missing_file(void **state)
{
    (void)state;
    const char *path = CSV_DIR "does_not_exist.csv";
    incstat_csv *c = NOT_NULL;
    incstat_error err;
    assert_int_equal(incstat_csv_open_path(path, NULL, &c, &err), INCSTAT_EIO);
    assert_null(c);
    assert_int_equal(err.code, INCSTAT_EIO);
    assert_non_null(strstr(err.message, path));
    /* a directory cannot be read */
    assert_int_equal(incstat_csv_open_path(CSV_DIR, NULL, &c, &err), INCSTAT_EIO);
    assert_null(c);
    assert_non_null(strstr(err.message, CSV_DIR));
}

/* ======================================================================== */
/* 6. allocation failure                                                     */
/* ======================================================================== */

static void alloc_failure_loop(const incstat_csv_options *o, int chunked)
{
    const char *path = CSV_DIR "alloc.csv";
    size_t len;
    unsigned char *data = slurp(path, &len);
    result ref = run_memory(data, len, path, o);
    assert_int_equal(ref.st, INCSTAT_DONE);
    assert_int_equal(ref.rows, 4);
    unsigned long n;
    int failures = 0;
    for (n = 1; n < 100000; n++) {
        incstat_test_fail_alloc_after(n);
        incstat_csv *c = NULL;
        incstat_error err;
        memset(&err, 0, sizeof err);
        chunker ch = {data, len, 0, 333, 0};
        incstat_status st = chunked
                                ? incstat_csv_open_reader(chunk_read, &ch, path, o, &c, &err)
                                : incstat_csv_open_path(path, o, &c, &err);
        result r;
        memset(&r, 0, sizeof r);
        if (st == INCSTAT_OK) {
            read_all(c, &r);
            incstat_csv_free(c);
            st = r.st;
        } else {
            assert_null(c);
        }
        unsigned long made = incstat_test_fail_alloc_after(0);
        if (st == INCSTAT_DONE) {
            assert_string_equal(r.dump, ref.dump);
        } else {
            if (st != INCSTAT_ENOMEM)
                fail_msg("failing allocation %lu: status %d (%s)", n, st, err.message);
            failures++;
        }
        result_free(&r);
        if (made < n) {
            /* no allocation failed: this run must be the full read */
            assert_int_equal(st, INCSTAT_DONE);
            break;
        }
    }
    assert_true(n < 100000);
    assert_true(failures > 3);
    incstat_test_fail_alloc_after(0);
    result_free(&ref);
    free(data);
}

static void test_alloc_failure_default(void **state)
{
    (void)state;
    alloc_failure_loop(NULL, 0);
}

static void test_alloc_failure_small_buffer(void **state)
{
    (void)state;
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 16;
    alloc_failure_loop(&o, 1);
    o.encoding = INCSTAT_ENCODING_UTF8;
    alloc_failure_loop(&o, 0);
}

/* ======================================================================== */
/* 7. line numbers                                                           */
/* ======================================================================== */

static void test_line_numbers(void **state)
{
    (void)state;
    incstat_csv *c = NULL;
    incstat_error err;
    static const uint64_t want[][2] = {{1, 1}, {2, 4}, {5, 5}, {6, 8}, {9, 9}};
    for (int small = 0; small < 2; small++) {
        incstat_csv_options o;
        memset(&o, 0, sizeof o);
        o.buffer_size = small ? 16 : 0;
        assert_int_equal(incstat_csv_open_path(CSV_DIR "multiline.csv", &o, &c, &err),
                         INCSTAT_OK);
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
            assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
            assert_int_equal(incstat_csv_line(c), want[i][0]);
            assert_int_equal(incstat_csv_end_line(c), want[i][1]);
        }
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
        incstat_csv_free(c);
    }

    /* records spanning lines, empty lines, a sep= line, CR-only */
    static const char in[] = "sep=,\r\n"          /* 1 */
                             "a,b\r\n"            /* 2 */
                             "\r\n"               /* 3 */
                             "1,\"x\r\ny\n\rz\"\r" /* 4-7 */
                             "\n"                 /* (CRLF ends line 7) */
                             "\r"                 /* 8: empty */
                             "2,\"\"\"\n\"\"\"\n" /* 9-10 */
                             "3,w";               /* 11 */
    assert_int_equal(incstat_csv_open_memory(in, sizeof in - 1, "ln", NULL, &c, &err),
                     INCSTAT_OK);
    static const uint64_t want2[][2] = {{2, 2}, {4, 7}, {9, 10}, {11, 11}};
    for (size_t i = 0; i < sizeof want2 / sizeof want2[0]; i++) {
        assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
        assert_int_equal(incstat_csv_line(c), want2[i][0]);
        assert_int_equal(incstat_csv_end_line(c), want2[i][1]);
    }
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_DONE);
    assert_int_equal(incstat_csv_empty_lines(c), 2);
    incstat_csv_free(c);

    /* the same by every chunk size */
    result ref = run_memory(in, sizeof in - 1, "ln", NULL);
    assert_dump(ref, "L2|a|b\nL4|1|x\\r\\ny\\n\\rz\nL9|2|\"\\n\"\nL11|3|w");
    check_all_chunkings("ln", (const unsigned char *)in, sizeof in - 1, NULL, &ref, 0, 0);
    result_free(&ref);

    /* the line of the first cp1252 / replaced / irregular cell counts
     * physical lines, including those inside quotes */
    result r = run_memory(S("h\n\"a\nb\"\n\"c\"d\n\x93\n"), "ln2", NULL);
    assert_non_null(strstr(r.facts, " cp1252=1@5 "));
    assert_non_null(strstr(r.facts, " irregular=1@4"));
    result_free(&r);
}

/* ======================================================================== */
/* known issue: delimiter detection depends on buffer_size                   */
/* ======================================================================== */

static void test_sniff_window_known_issue(void **state)
{
    (void)state;
    /* The delimiter is detected from the first buffer's worth of data.  When
     * buffer_size is smaller than the first lines, detection can change:
     * "x,y;long_column_name;another;more\n1,5;2;3;4\n" gives ';' with the
     * default buffer and ',' with buffer_size 16.  The fixture is excluded
     * from the small-buffer detection runs above; this test documents it. */
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 16;
    result r = run_fixture("sniff_long_header.csv", &o);
#ifdef INCSTAT_CSV_EXPECT_SNIFF_FIX
    assert_int_equal(r.delim, ';');
#else
    if (r.delim == ';')
        print_message("sniff window no longer depends on buffer_size: "
                      "drop sniff_sensitive from the fixture table\n");
    else
        assert_int_equal(r.delim, ',');
#endif
    result_free(&r);
}

/* ---- one read-ahead of a stream (csv_internal.h) ------------------------- */

/* A stream of n records "i,row i" under a header, given in chunks of
 * uneven sizes; fail_at: a read error once that many bytes are given. */
typedef struct {
    char *data;
    size_t len, at, fail_at;
    unsigned calls;
} stream_src;

static long long stream_read(void *ctx, void *buf, size_t cap)
{
    stream_src *s = ctx;
    size_t n = 1 + (size_t)(s->calls++ * 7919u) % 65521u;
    if (s->fail_at && s->at >= s->fail_at) {
        errno = EIO;
        return -1;
    }
    if (n > cap)
        n = cap;
    if (n > s->len - s->at)
        n = s->len - s->at;
    memcpy(buf, s->data + s->at, n);
    s->at += n;
    return (long long)n;
}

static void stream_make(stream_src *s, size_t rows)
{
    memset(s, 0, sizeof *s);
    s->data = malloc(rows * 40 + 32);
    assert_non_null(s->data);
    s->len = (size_t)sprintf(s->data, "id,text\n");
    for (size_t i = 0; i < rows; i++)
        s->len += (size_t)sprintf(s->data + s->len, "%zu,row %zu of the stream\n", i, i);
}

/* Count the records of rd, checking that they run 0, 1, 2, ... whole: a
 * peek that ends inside a record does not give the cut record. */
static size_t count_in_order(incstat_csv *rd)
{
    size_t n = 0;
    incstat_status st;
    while ((st = incstat_csv_next(rd, NULL)) == INCSTAT_ROW) {
        size_t len;
        const char *f = incstat_csv_field(rd, 0, &len);
        assert_non_null(f);
        char want[32];
        snprintf(want, sizeof want, "%zu", n);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(f, want, len);
        n++;
    }
    assert_int_equal(st, INCSTAT_DONE);
    return n;
}

static void test_read_ahead_stream(void **state)
{
    (void)state;
    /* about 8 MiB: twice the read-ahead, so the main reader takes what was
     * read ahead and then reads on from the stream */
    const size_t rows = 280000;
    stream_src s;
    stream_make(&s, rows);
    assert_true(s.len > 2 * INCSTAT_CSV_AHEAD_BYTES);
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 4096;
    incstat_csv *c, *p, *q;
    incstat_error err;
    assert_int_equal(incstat_csv_open_reader(stream_read, &s, "stream", &o, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW); /* the header */
    /* a peek limited to 1,000 bytes, and one to all that was read ahead */
    assert_int_equal(incstat_csv_open_ahead_(c, 1000, &p, &err), INCSTAT_OK);
    assert_non_null(p);
    size_t np = count_in_order(p);
    assert_true(np > 10 && np < 60);
    assert_int_equal(incstat_csv_open_ahead_(c, UINT64_MAX, &q, &err), INCSTAT_OK);
    assert_non_null(q);
    size_t nq = count_in_order(q);
    assert_true(nq > 100000 && nq < rows);
    /* the stream was read once: only the read-ahead and the main buffer */
    assert_true(s.at <= 4096 + INCSTAT_CSV_AHEAD_BYTES + 65521);
    incstat_csv_free(p);
    incstat_csv_free(q);
    /* the main reader: every record once, in order */
    assert_int_equal(count_in_order(c), rows);
    assert_int_equal(s.at, s.len);
    /* all taken, no peek open: nothing left ahead */
    assert_int_equal(incstat_csv_open_ahead_(c, UINT64_MAX, &p, &err), INCSTAT_OK);
    assert_null(p);
    incstat_csv_free(c);

    /* a plain file reads byte ranges: no peek from the read-ahead */
    char path[] = "/tmp/incstat_ahead_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, s.data, 1000), 1000);
    close(fd);
    assert_int_equal(incstat_csv_open_path(path, NULL, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_open_ahead_(c, UINT64_MAX, &p, &err), INCSTAT_OK);
    assert_null(p);
    incstat_csv_free(c);
    unlink(path);
    free(s.data);
}

/* A read error inside the read-ahead ends it there; the main reader meets
 * the error where it lies and reports it. */
static void test_read_ahead_error(void **state)
{
    (void)state;
    stream_src s;
    stream_make(&s, 20000);
    s.fail_at = 200000;
    incstat_csv_options o;
    memset(&o, 0, sizeof o);
    o.buffer_size = 4096;
    incstat_csv *c, *p;
    incstat_error err;
    assert_int_equal(incstat_csv_open_reader(stream_read, &s, "stream", &o, &c, &err), INCSTAT_OK);
    assert_int_equal(incstat_csv_next(c, &err), INCSTAT_ROW);
    assert_int_equal(incstat_csv_open_ahead_(c, UINT64_MAX, &p, &err), INCSTAT_OK);
    assert_non_null(p);
    size_t np = 0;
    while (incstat_csv_next(p, NULL) == INCSTAT_ROW)
        np++;
    assert_true(np > 1000);
    incstat_csv_free(p);
    incstat_status st;
    size_t n = 0;
    while ((st = incstat_csv_next(c, &err)) == INCSTAT_ROW)
        n++;
    assert_int_equal(st, INCSTAT_EIO);
    assert_true(n >= np);
    assert_non_null(strstr(err.message, "stream: read error"));
    incstat_csv_free(c);
    free(s.data);
}

int main(void)
{
    const struct CMUnitTest dump_tests[] = {
        cmocka_unit_test(test_dump_helper_escapes),
        cmocka_unit_test(test_fixture_dumps),
    };
    const struct CMUnitTest chunk_tests[] = {
        cmocka_unit_test(test_every_chunk_size),
        cmocka_unit_test(test_every_chunk_size_gzip),
        cmocka_unit_test(test_chunked_larger_input),
    };
    const struct CMUnitTest rfc_tests[] = {
        cmocka_unit_test(test_inline_cases),
        cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_bom_and_sep_line),
        cmocka_unit_test(test_delimiter_detection),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_empty_quoted_vs_empty),
        cmocka_unit_test(test_irregular_quotes),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_max_record_bytes),
        cmocka_unit_test(test_max_fields),
        cmocka_unit_test(test_many_columns),
        cmocka_unit_test(test_huge_cell),
        cmocka_unit_test(test_only_quotes),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_long_cr_line),
        cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_sniff_window_known_issue),
    };
    const struct CMUnitTest encoding_tests[] = {
        cmocka_unit_test(test_auto_cp1252),
        cmocka_unit_test(test_auto_fallback),
        cmocka_unit_test(test_auto_utf8),
        cmocka_unit_test(test_utf8_mode_replaces),
        cmocka_unit_test(test_single_byte_encodings),
        cmocka_unit_test(test_set_encoding_after_header),
    };
    const struct CMUnitTest gzip_tests[] = {
        cmocka_unit_test(test_gzip_file),
        cmocka_unit_test(test_gzip_two_members),
        cmocka_unit_test(test_gzip_large),
        cmocka_unit_test(test_gzip_truncated),
        cmocka_unit_test(test_missing_file),
    };
    const struct CMUnitTest alloc_tests[] = {
        cmocka_unit_test(test_alloc_failure_default),
        cmocka_unit_test(test_alloc_failure_small_buffer),
    };
    const struct CMUnitTest line_tests[] = {
        cmocka_unit_test(test_line_numbers),
    };
    const struct CMUnitTest ahead_tests[] = {
        cmocka_unit_test(test_read_ahead_stream),
        cmocka_unit_test(test_read_ahead_error),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("csv_dump", dump_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csv_chunking", chunk_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csv_rfc4180_and_beyond", rfc_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csv_encodings", encoding_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csv_gzip", gzip_tests, gz_setup, gz_teardown);
    failed += cmocka_run_group_tests_name("csv_alloc_failure", alloc_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csv_line_numbers", line_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csv_read_ahead", ahead_tests, NULL, NULL);
    return failed ? 1 : 0;
}
