/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_encoding.c: single-byte encodings to UTF-8, UTF-8 validation and
 * sanitising, encoding names (src/encoding.c), and which encoding text reads
 * in (src/io/source/encoding_score.c). */
#include "helpers.h"

#include <stdlib.h>

#include "io/source/encoding.h"

/* Expected UTF-8 for bytes 0x80..0xFF, made independently of src/encoding.c
 * by python3:
 *   for b in range(0x80, 0x100):
 *       try: t = bytes([b]).decode(enc)
 *       except UnicodeDecodeError: t = chr(b)   # cp1252 holes -> C1 (WHATWG)
 *       print('"%s",' % ''.join('\\x%02X' % x for x in t.encode('utf-8')))
 * with enc = 'cp1252', 'latin-1', 'mac_roman'. */
static const char *const expect_cp1252[128] = {
    "\xE2\x82\xAC", "\xC2\x81", "\xE2\x80\x9A", "\xC6\x92",
    "\xE2\x80\x9E", "\xE2\x80\xA6", "\xE2\x80\xA0", "\xE2\x80\xA1",
    "\xCB\x86", "\xE2\x80\xB0", "\xC5\xA0", "\xE2\x80\xB9",
    "\xC5\x92", "\xC2\x8D", "\xC5\xBD", "\xC2\x8F",
    "\xC2\x90", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
    "\xE2\x80\x9D", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94",
    "\xCB\x9C", "\xE2\x84\xA2", "\xC5\xA1", "\xE2\x80\xBA",
    "\xC5\x93", "\xC2\x9D", "\xC5\xBE", "\xC5\xB8",
    "\xC2\xA0", "\xC2\xA1", "\xC2\xA2", "\xC2\xA3",
    "\xC2\xA4", "\xC2\xA5", "\xC2\xA6", "\xC2\xA7",
    "\xC2\xA8", "\xC2\xA9", "\xC2\xAA", "\xC2\xAB",
    "\xC2\xAC", "\xC2\xAD", "\xC2\xAE", "\xC2\xAF",
    "\xC2\xB0", "\xC2\xB1", "\xC2\xB2", "\xC2\xB3",
    "\xC2\xB4", "\xC2\xB5", "\xC2\xB6", "\xC2\xB7",
    "\xC2\xB8", "\xC2\xB9", "\xC2\xBA", "\xC2\xBB",
    "\xC2\xBC", "\xC2\xBD", "\xC2\xBE", "\xC2\xBF",
    "\xC3\x80", "\xC3\x81", "\xC3\x82", "\xC3\x83",
    "\xC3\x84", "\xC3\x85", "\xC3\x86", "\xC3\x87",
    "\xC3\x88", "\xC3\x89", "\xC3\x8A", "\xC3\x8B",
    "\xC3\x8C", "\xC3\x8D", "\xC3\x8E", "\xC3\x8F",
    "\xC3\x90", "\xC3\x91", "\xC3\x92", "\xC3\x93",
    "\xC3\x94", "\xC3\x95", "\xC3\x96", "\xC3\x97",
    "\xC3\x98", "\xC3\x99", "\xC3\x9A", "\xC3\x9B",
    "\xC3\x9C", "\xC3\x9D", "\xC3\x9E", "\xC3\x9F",
    "\xC3\xA0", "\xC3\xA1", "\xC3\xA2", "\xC3\xA3",
    "\xC3\xA4", "\xC3\xA5", "\xC3\xA6", "\xC3\xA7",
    "\xC3\xA8", "\xC3\xA9", "\xC3\xAA", "\xC3\xAB",
    "\xC3\xAC", "\xC3\xAD", "\xC3\xAE", "\xC3\xAF",
    "\xC3\xB0", "\xC3\xB1", "\xC3\xB2", "\xC3\xB3",
    "\xC3\xB4", "\xC3\xB5", "\xC3\xB6", "\xC3\xB7",
    "\xC3\xB8", "\xC3\xB9", "\xC3\xBA", "\xC3\xBB",
    "\xC3\xBC", "\xC3\xBD", "\xC3\xBE", "\xC3\xBF",
};

static const char *const expect_latin1[128] = {
    "\xC2\x80", "\xC2\x81", "\xC2\x82", "\xC2\x83",
    "\xC2\x84", "\xC2\x85", "\xC2\x86", "\xC2\x87",
    "\xC2\x88", "\xC2\x89", "\xC2\x8A", "\xC2\x8B",
    "\xC2\x8C", "\xC2\x8D", "\xC2\x8E", "\xC2\x8F",
    "\xC2\x90", "\xC2\x91", "\xC2\x92", "\xC2\x93",
    "\xC2\x94", "\xC2\x95", "\xC2\x96", "\xC2\x97",
    "\xC2\x98", "\xC2\x99", "\xC2\x9A", "\xC2\x9B",
    "\xC2\x9C", "\xC2\x9D", "\xC2\x9E", "\xC2\x9F",
    "\xC2\xA0", "\xC2\xA1", "\xC2\xA2", "\xC2\xA3",
    "\xC2\xA4", "\xC2\xA5", "\xC2\xA6", "\xC2\xA7",
    "\xC2\xA8", "\xC2\xA9", "\xC2\xAA", "\xC2\xAB",
    "\xC2\xAC", "\xC2\xAD", "\xC2\xAE", "\xC2\xAF",
    "\xC2\xB0", "\xC2\xB1", "\xC2\xB2", "\xC2\xB3",
    "\xC2\xB4", "\xC2\xB5", "\xC2\xB6", "\xC2\xB7",
    "\xC2\xB8", "\xC2\xB9", "\xC2\xBA", "\xC2\xBB",
    "\xC2\xBC", "\xC2\xBD", "\xC2\xBE", "\xC2\xBF",
    "\xC3\x80", "\xC3\x81", "\xC3\x82", "\xC3\x83",
    "\xC3\x84", "\xC3\x85", "\xC3\x86", "\xC3\x87",
    "\xC3\x88", "\xC3\x89", "\xC3\x8A", "\xC3\x8B",
    "\xC3\x8C", "\xC3\x8D", "\xC3\x8E", "\xC3\x8F",
    "\xC3\x90", "\xC3\x91", "\xC3\x92", "\xC3\x93",
    "\xC3\x94", "\xC3\x95", "\xC3\x96", "\xC3\x97",
    "\xC3\x98", "\xC3\x99", "\xC3\x9A", "\xC3\x9B",
    "\xC3\x9C", "\xC3\x9D", "\xC3\x9E", "\xC3\x9F",
    "\xC3\xA0", "\xC3\xA1", "\xC3\xA2", "\xC3\xA3",
    "\xC3\xA4", "\xC3\xA5", "\xC3\xA6", "\xC3\xA7",
    "\xC3\xA8", "\xC3\xA9", "\xC3\xAA", "\xC3\xAB",
    "\xC3\xAC", "\xC3\xAD", "\xC3\xAE", "\xC3\xAF",
    "\xC3\xB0", "\xC3\xB1", "\xC3\xB2", "\xC3\xB3",
    "\xC3\xB4", "\xC3\xB5", "\xC3\xB6", "\xC3\xB7",
    "\xC3\xB8", "\xC3\xB9", "\xC3\xBA", "\xC3\xBB",
    "\xC3\xBC", "\xC3\xBD", "\xC3\xBE", "\xC3\xBF",
};

static const char *const expect_macroman[128] = {
    "\xC3\x84", "\xC3\x85", "\xC3\x87", "\xC3\x89",
    "\xC3\x91", "\xC3\x96", "\xC3\x9C", "\xC3\xA1",
    "\xC3\xA0", "\xC3\xA2", "\xC3\xA4", "\xC3\xA3",
    "\xC3\xA5", "\xC3\xA7", "\xC3\xA9", "\xC3\xA8",
    "\xC3\xAA", "\xC3\xAB", "\xC3\xAD", "\xC3\xAC",
    "\xC3\xAE", "\xC3\xAF", "\xC3\xB1", "\xC3\xB3",
    "\xC3\xB2", "\xC3\xB4", "\xC3\xB6", "\xC3\xB5",
    "\xC3\xBA", "\xC3\xB9", "\xC3\xBB", "\xC3\xBC",
    "\xE2\x80\xA0", "\xC2\xB0", "\xC2\xA2", "\xC2\xA3",
    "\xC2\xA7", "\xE2\x80\xA2", "\xC2\xB6", "\xC3\x9F",
    "\xC2\xAE", "\xC2\xA9", "\xE2\x84\xA2", "\xC2\xB4",
    "\xC2\xA8", "\xE2\x89\xA0", "\xC3\x86", "\xC3\x98",
    "\xE2\x88\x9E", "\xC2\xB1", "\xE2\x89\xA4", "\xE2\x89\xA5",
    "\xC2\xA5", "\xC2\xB5", "\xE2\x88\x82", "\xE2\x88\x91",
    "\xE2\x88\x8F", "\xCF\x80", "\xE2\x88\xAB", "\xC2\xAA",
    "\xC2\xBA", "\xCE\xA9", "\xC3\xA6", "\xC3\xB8",
    "\xC2\xBF", "\xC2\xA1", "\xC2\xAC", "\xE2\x88\x9A",
    "\xC6\x92", "\xE2\x89\x88", "\xE2\x88\x86", "\xC2\xAB",
    "\xC2\xBB", "\xE2\x80\xA6", "\xC2\xA0", "\xC3\x80",
    "\xC3\x83", "\xC3\x95", "\xC5\x92", "\xC5\x93",
    "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x9C", "\xE2\x80\x9D",
    "\xE2\x80\x98", "\xE2\x80\x99", "\xC3\xB7", "\xE2\x97\x8A",
    "\xC3\xBF", "\xC5\xB8", "\xE2\x81\x84", "\xE2\x82\xAC",
    "\xE2\x80\xB9", "\xE2\x80\xBA", "\xEF\xAC\x81", "\xEF\xAC\x82",
    "\xE2\x80\xA1", "\xC2\xB7", "\xE2\x80\x9A", "\xE2\x80\x9E",
    "\xE2\x80\xB0", "\xC3\x82", "\xC3\x8A", "\xC3\x81",
    "\xC3\x8B", "\xC3\x88", "\xC3\x8D", "\xC3\x8E",
    "\xC3\x8F", "\xC3\x8C", "\xC3\x93", "\xC3\x94",
    "\xEF\xA3\xBF", "\xC3\x92", "\xC3\x9A", "\xC3\x9B",
    "\xC3\x99", "\xC4\xB1", "\xCB\x86", "\xCB\x9C",
    "\xC2\xAF", "\xCB\x98", "\xCB\x99", "\xCB\x9A",
    "\xC2\xB8", "\xCB\x9D", "\xCB\x9B", "\xCB\x87",
};

static const char *const *expect_for(incstat_encoding enc)
{
    switch (enc) {
    case INCSTAT_ENCODING_WINDOWS_1252: return expect_cp1252;
    case INCSTAT_ENCODING_ISO_8859_1: return expect_latin1;
    case INCSTAT_ENCODING_MAC_ROMAN: return expect_macroman;
    default: return NULL;
    }
}

static const incstat_encoding single_byte[] = {
    INCSTAT_ENCODING_WINDOWS_1252, INCSTAT_ENCODING_ISO_8859_1, INCSTAT_ENCODING_MAC_ROMAN};
#define N_SINGLE (sizeof single_byte / sizeof single_byte[0])

/* Transcode and compare with an expected byte string. */
static void check_transcode(incstat_encoding enc, const unsigned char *in, size_t n,
                            const unsigned char *want, size_t want_len)
{
    unsigned char *out = malloc(3 * n + 1);
    size_t got;
    assert_non_null(out);
    got = incstat_transcode_to_utf8(enc, in, n, out);
    assert_int_equal(got, want_len);
    assert_memory_equal(out, want, want_len);
    /* The output is valid UTF-8. */
    assert_int_equal(incstat_utf8_valid_prefix(out, got), got);
    free(out);
}

/* ---- transcoding ------------------------------------------------------- */

static void test_every_high_byte(void **state)
{
    size_t e;
    int b;
    (void)state;
    for (e = 0; e < N_SINGLE; e++) {
        const char *const *exp = expect_for(single_byte[e]);
        for (b = 0x80; b <= 0xFF; b++) {
            unsigned char in[1];
            const char *w = exp[b - 0x80];
            in[0] = (unsigned char)b;
            check_transcode(single_byte[e], in, 1, (const unsigned char *)w, strlen(w));
        }
    }
}

static void test_all_high_bytes_at_once(void **state)
{
    size_t e;
    int b;
    (void)state;
    for (e = 0; e < N_SINGLE; e++) {
        const char *const *exp = expect_for(single_byte[e]);
        unsigned char in[128], want[128 * 3];
        size_t wl = 0;
        for (b = 0x80; b <= 0xFF; b++) {
            size_t l = strlen(exp[b - 0x80]);
            in[b - 0x80] = (unsigned char)b;
            memcpy(want + wl, exp[b - 0x80], l);
            wl += l;
        }
        check_transcode(single_byte[e], in, sizeof in, want, wl);
    }
}

static void test_ascii_identity(void **state)
{
    unsigned char in[128];
    size_t e;
    int b;
    (void)state;
    for (b = 0; b < 128; b++)
        in[b] = (unsigned char)b;
    for (e = 0; e < N_SINGLE; e++)
        check_transcode(single_byte[e], in, sizeof in, in, sizeof in);
    /* Empty input. */
    for (e = 0; e < N_SINGLE; e++)
        check_transcode(single_byte[e], in, 0, in, 0);
}

/* Source pointer misaligned by 0..15, a high byte at every position 0..15 of a
 * mostly ASCII span, spans of several lengths: exercises the 8-byte blocks and
 * the tails around them. */
static void test_alignments(void **state)
{
    static const unsigned char highs[] = {0x80, 0x93, 0xA0, 0xC3, 0xE9, 0xFF};
    unsigned char storage[64 + 16];
    unsigned char want[3 * 64];
    size_t e, align, pos, len, h;
    (void)state;
    for (e = 0; e < N_SINGLE; e++) {
        const char *const *exp = expect_for(single_byte[e]);
        for (align = 0; align < 16; align++) {
            for (len = 1; len <= 40; len++) {
                for (pos = 0; pos < 16 && pos < len; pos++) {
                    for (h = 0; h < sizeof highs; h++) {
                        unsigned char *in = storage + align;
                        size_t k, wl = 0;
                        for (k = 0; k < len; k++) {
                            /* A second high byte 9 positions later (crosses a block). */
                            int high = (k == pos || k == pos + 9);
                            in[k] = high ? highs[(h + k) % sizeof highs]
                                         : (unsigned char)('A' + (k % 26));
                            if (high) {
                                size_t l = strlen(exp[in[k] - 0x80]);
                                memcpy(want + wl, exp[in[k] - 0x80], l);
                                wl += l;
                            } else {
                                want[wl++] = in[k];
                            }
                        }
                        check_transcode(single_byte[e], in, len, want, wl);
                        assert_false(incstat_is_ascii(in, len));
                        /* Lone 0x80..0xBF or a lead without continuation is invalid. */
                        assert_int_equal(incstat_utf8_valid_prefix(in, len), pos);
                        in[pos] = 'x';
                        if (pos + 9 >= len)
                            assert_true(incstat_is_ascii(in, len));
                    }
                }
            }
        }
    }
}

static void test_real_snippets(void **state)
{
    (void)state;
    {
        static const unsigned char in[] = {0x93, 'x', 0x94};
        static const unsigned char want[] = {0xE2, 0x80, 0x9C, 'x', 0xE2, 0x80, 0x9D};
        check_transcode(INCSTAT_ENCODING_WINDOWS_1252, in, sizeof in, want, sizeof want);
    }
    {
        static const unsigned char in[] = {'a', 0xA0, 'b'};
        static const unsigned char want[] = {'a', 0xC2, 0xA0, 'b'};
        check_transcode(INCSTAT_ENCODING_WINDOWS_1252, in, sizeof in, want, sizeof want);
        check_transcode(INCSTAT_ENCODING_ISO_8859_1, in, sizeof in, want, sizeof want);
    }
    {
        /* "Caf\x82 \x80" in cp1252: euro sign and low quote; latin-1 keeps C1. */
        static const unsigned char in[] = {0x80, 0x82};
        static const unsigned char w1252[] = {0xE2, 0x82, 0xAC, 0xE2, 0x80, 0x9A};
        static const unsigned char wlat[] = {0xC2, 0x80, 0xC2, 0x82};
        check_transcode(INCSTAT_ENCODING_WINDOWS_1252, in, sizeof in, w1252, sizeof w1252);
        check_transcode(INCSTAT_ENCODING_ISO_8859_1, in, sizeof in, wlat, sizeof wlat);
    }
    {
        /* WHATWG: the five undefined cp1252 bytes map to C1 controls. */
        static const unsigned char in[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
        static const unsigned char want[] = {0xC2, 0x81, 0xC2, 0x8D, 0xC2, 0x8F,
                                             0xC2, 0x90, 0xC2, 0x9D};
        check_transcode(INCSTAT_ENCODING_WINDOWS_1252, in, sizeof in, want, sizeof want);
    }
    {
        /* Mac Roman: "Caf\x8E" -> "Café"; \xD2 \xD3 curly quotes. */
        static const unsigned char in[] = {'C', 'a', 'f', 0x8E, ' ', 0xD2, 'q', 0xD3};
        static const unsigned char want[] = {'C', 'a', 'f', 0xC3, 0xA9, ' ', 0xE2, 0x80,
                                             0x9C, 'q', 0xE2, 0x80, 0x9D};
        check_transcode(INCSTAT_ENCODING_MAC_ROMAN, in, sizeof in, want, sizeof want);
    }
    {
        /* ISO-8859-1 "\xE9t\xE9" -> "été". */
        static const unsigned char in[] = {0xE9, 't', 0xE9};
        static const unsigned char want[] = {0xC3, 0xA9, 't', 0xC3, 0xA9};
        check_transcode(INCSTAT_ENCODING_ISO_8859_1, in, sizeof in, want, sizeof want);
    }
}

/* ---- validation -------------------------------------------------------- */

typedef struct {
    const char *bytes;
    size_t len;
    size_t prefix; /* expected incstat_utf8_valid_prefix */
    size_t fffd;   /* expected replacements by incstat_utf8_sanitize */
} utf8_case;

#define VALID(s) {s, sizeof(s) - 1, sizeof(s) - 1, 0}
#define INVALID(s, p, r) {s, sizeof(s) - 1, p, r}

static const utf8_case utf8_cases[] = {
    VALID(""),
    VALID("a"),
    VALID("plain ASCII text, longer than sixteen bytes"),
    VALID("\xC2\x80"),                  /* U+0080 first 2-byte */
    VALID("\xDF\xBF"),                  /* U+07FF last 2-byte */
    VALID("\xE0\xA0\x80"),              /* U+0800 first 3-byte */
    VALID("\xED\x9F\xBF"),              /* U+D7FF below surrogates */
    VALID("\xEE\x80\x80"),              /* U+E000 above surrogates */
    VALID("\xEF\xBF\xBD"),              /* U+FFFD */
    VALID("\xEF\xBF\xBF"),              /* U+FFFF */
    VALID("\xF0\x90\x80\x80"),          /* U+10000 first 4-byte */
    VALID("\xF4\x8F\xBF\xBF"),          /* U+10FFFF last */
    VALID("\xF3\xBF\xBF\xBF"),          /* U+FFFFF */
    VALID("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80 ok"),
    VALID("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5"), /* Kuhn: kosme */
    INVALID("\x80", 0, 1),              /* lone continuation */
    INVALID("\xBF", 0, 1),
    INVALID("\x80\xBF\x80\xBF", 0, 4),  /* continuations: one each */
    INVALID("\xC0\x80", 0, 2),          /* overlong NUL */
    INVALID("\xC0\xAF", 0, 2),          /* overlong '/' */
    INVALID("\xC1\xBF", 0, 2),          /* overlong U+007F */
    INVALID("\xE0\x80\x80", 0, 3),      /* overlong 3-byte */
    INVALID("\xE0\x80\xAF", 0, 3),
    INVALID("\xE0\x9F\xBF", 0, 3),      /* overlong U+07FF */
    INVALID("\xED\xA0\x80", 0, 3),      /* U+D800 surrogate */
    INVALID("\xED\xAD\xBF", 0, 3),
    INVALID("\xED\xBF\xBF", 0, 3),      /* U+DFFF */
    INVALID("\xED\xA0\x80\xED\xB0\x80", 0, 6), /* surrogate pair */
    INVALID("\xF0\x80\x80\x80", 0, 4),  /* overlong 4-byte */
    INVALID("\xF0\x80\x80", 0, 3),
    INVALID("\xF0\x8F\xBF\xBF", 0, 4),  /* overlong U+FFFF */
    INVALID("\xF4\x90\x80\x80", 0, 4),  /* U+110000 */
    INVALID("\xF5\x80\x80\x80", 0, 4),
    INVALID("\xF7\xBF\xBF\xBF", 0, 4),
    INVALID("\xF8\x88\x80\x80\x80", 0, 5), /* old 5-byte form */
    INVALID("\xFC\x84\x80\x80\x80\x80", 0, 6), /* old 6-byte form */
    INVALID("\xFE", 0, 1),
    INVALID("\xFF", 0, 1),
    INVALID("\xFE\xFE\xFF\xFF", 0, 4),
    INVALID("\xC2", 0, 1),              /* truncated at end */
    INVALID("\xDF", 0, 1),
    INVALID("\xE1\x80", 0, 1),
    INVALID("\xE0\xA0", 0, 1),
    INVALID("\xEF\xBF", 0, 1),
    INVALID("\xF0\x90\x80", 0, 1),
    INVALID("\xF1\x80\x80", 0, 1),
    INVALID("\xF4\x8F\xBF", 0, 1),
    INVALID("\xC2x", 0, 1),             /* truncated before ASCII */
    INVALID("\xE1\x80x", 0, 1),
    INVALID("\xF1\x80\x80x", 0, 1),
    INVALID("\xC2\xC2\x80", 0, 1),      /* lead then a full sequence */
    INVALID("\xE1\xC2\x80", 0, 1),
    INVALID("abc\xC3", 3, 1),
    INVALID("abcdefgh\xC3\xA9z\xE9z", 11, 1),
    INVALID("0123456789abcdef\xED\xA0\x80", 16, 3),
    /* Unicode Table 3-8: a F1 80 80 E1 80 C2 b 80 c 80 BF d -> 3 + 1 + 2 */
    INVALID("a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d", 1, 6),
};

static void test_validation_cases(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof utf8_cases / sizeof utf8_cases[0]; k++) {
        const utf8_case *c = &utf8_cases[k];
        size_t got = incstat_utf8_valid_prefix((const unsigned char *)c->bytes, c->len);
        if (got != c->prefix)
            fail_msg("case %zu: valid prefix %zu, expected %zu", k, got, c->prefix);
    }
}

/* Reference validator written differently: decode the code point, then
 * reject overlongs, surrogates and values above U+10FFFF by value. */
static size_t ref_seq_len(const unsigned char *s, size_t n)
{
    unsigned long cp, min;
    size_t len, k;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2; cp = s[0] & 0x1Fu; min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3; cp = s[0] & 0x0Fu; min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4; cp = s[0] & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static size_t ref_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t l = ref_seq_len(s + i, n - i);
        if (l == 0)
            return i;
        i += l;
    }
    return n;
}

/* Every 1-, 2- and 3-byte string, and 4-byte strings over interesting
 * continuation values, against the reference. */
static void test_validation_exhaustive(void **state)
{
    static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                          0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF};
    unsigned char buf[4];
    unsigned a, b, c, d;
    (void)state;
    for (a = 0; a < 256; a++) {
        buf[0] = (unsigned char)a;
        assert_int_equal(incstat_utf8_valid_prefix(buf, 1), ref_valid_prefix(buf, 1));
        for (b = 0; b < 256; b++) {
            buf[1] = (unsigned char)b;
            assert_int_equal(incstat_utf8_valid_prefix(buf, 2), ref_valid_prefix(buf, 2));
            for (c = 0; c < 256; c++) {
                buf[2] = (unsigned char)c;
                if (incstat_utf8_valid_prefix(buf, 3) != ref_valid_prefix(buf, 3))
                    fail_msg("%02X %02X %02X", a, b, c);
            }
        }
    }
    for (a = 0xF0; a < 256; a++) {
        buf[0] = (unsigned char)a;
        for (b = 0; b < 256; b++) {
            buf[1] = (unsigned char)b;
            for (c = 0; c < sizeof tails; c++) {
                buf[2] = tails[c];
                for (d = 0; d < sizeof tails; d++) {
                    buf[3] = tails[d];
                    if (incstat_utf8_valid_prefix(buf, 4) != ref_valid_prefix(buf, 4))
                        fail_msg("%02X %02X %02X %02X", a, b, tails[c], tails[d]);
                }
            }
        }
    }
}

static void test_is_ascii(void **state)
{
    unsigned char buf[48] = {0};
    size_t align, len, pos;
    (void)state;
    assert_true(incstat_is_ascii(buf, 0));
    for (align = 0; align < 16; align++) {
        for (len = 1; len + align <= sizeof buf; len++) {
            unsigned char *s = buf + align;
            memset(s, 0x7F, len);
            assert_true(incstat_is_ascii(s, len));
            assert_int_equal(incstat_utf8_valid_prefix(s, len), len);
            for (pos = 0; pos < len; pos++) {
                s[pos] = 0x80;
                assert_false(incstat_is_ascii(s, len));
                /* Bytes past n are not looked at. */
                assert_true(incstat_is_ascii(s, pos));
                s[pos] = 0x7F;
            }
        }
    }
}

/* ---- sanitising -------------------------------------------------------- */

static size_t count_fffd(const unsigned char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i + 3 <= n; i++)
        if (s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD)
            c++;
    return c;
}

static void test_sanitize_counts(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof utf8_cases / sizeof utf8_cases[0]; k++) {
        const utf8_case *c = &utf8_cases[k];
        unsigned char out[3 * 64];
        size_t replaced = 999, got;
        assert_true(c->len <= 64);
        got = incstat_utf8_sanitize((const unsigned char *)c->bytes, c->len, out, &replaced);
        if (replaced != c->fffd)
            fail_msg("case %zu: %zu replacements, expected %zu", k, replaced, c->fffd);
        assert_int_equal(incstat_utf8_valid_prefix(out, got), got);
        if (c->fffd == 0) {
            assert_int_equal(got, c->len);
            assert_memory_equal(out, c->bytes, c->len);
        }
        /* None of the inputs holds U+FFFD except the valid one that does. */
        if (strstr(c->bytes, "\xEF\xBF\xBD") == NULL)
            assert_int_equal(count_fffd(out, got), c->fffd);
        /* NULL counter is allowed. */
        assert_int_equal(incstat_utf8_sanitize((const unsigned char *)c->bytes, c->len, out, NULL),
                         got);
    }
}

static void test_sanitize_exact(void **state)
{
    static const unsigned char in[] = "a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d";
    static const unsigned char want[] = "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                                        "b\xEF\xBF\xBD"
                                        "c\xEF\xBF\xBD\xEF\xBF\xBD"
                                        "d";
    static const unsigned char in2[] = "\xF0\x80\x80";
    static const unsigned char want2[] = "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD";
    static const unsigned char in3[] = "x\xE1\x80";
    static const unsigned char want3[] = "x\xEF\xBF\xBD";
    unsigned char out[64];
    size_t r, got;
    (void)state;

    got = incstat_utf8_sanitize(in, sizeof in - 1, out, &r);
    assert_int_equal(r, 6);
    assert_int_equal(got, sizeof want - 1);
    assert_memory_equal(out, want, got);

    got = incstat_utf8_sanitize(in2, sizeof in2 - 1, out, &r);
    assert_int_equal(r, 3);
    assert_int_equal(got, sizeof want2 - 1);
    assert_memory_equal(out, want2, got);

    got = incstat_utf8_sanitize(in3, sizeof in3 - 1, out, &r);
    assert_int_equal(r, 1);
    assert_int_equal(got, sizeof want3 - 1);
    assert_memory_equal(out, want3, got);

    got = incstat_utf8_sanitize(in, 0, out, &r);
    assert_int_equal(got, 0);
    assert_int_equal(r, 0);
}

/* Worst case fits in 3*n (every byte replaced), checked in an exactly sized
 * buffer so ASan sees any overrun; random inputs always come out valid, and
 * a valid input's prefix is kept as is. */
static void test_sanitize_random(void **state)
{
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    int iter;
    (void)state;
    {
        unsigned char in[37], *out = malloc(3 * sizeof in);
        size_t r, got;
        assert_non_null(out);
        memset(in, 0xFF, sizeof in);
        got = incstat_utf8_sanitize(in, sizeof in, out, &r);
        assert_int_equal(got, 3 * sizeof in);
        assert_int_equal(r, sizeof in);
        free(out);
    }
    for (iter = 0; iter < 20000; iter++) {
        unsigned char in[40], *out;
        size_t n, k, r, got, p;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        n = (size_t)(x >> 59) + 1 + (size_t)(x >> 62); /* 1..~35 */
        if (n > sizeof in)
            n = sizeof in;
        for (k = 0; k < n; k++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            /* Biased towards ASCII and the interesting high bytes. */
            in[k] = (x >> 60) < 6 ? (unsigned char)('a' + (x >> 33) % 26)
                                  : (unsigned char)(0x80 + (x >> 33) % 128);
        }
        out = malloc(3 * n);
        assert_non_null(out);
        got = incstat_utf8_sanitize(in, n, out, &r);
        assert_true(got <= 3 * n);
        assert_int_equal(incstat_utf8_valid_prefix(out, got), got);
        p = incstat_utf8_valid_prefix(in, n);
        assert_int_equal(p, ref_valid_prefix(in, n));
        assert_memory_equal(out, in, p);
        assert_int_equal(r == 0, p == n);
        if (r == 0)
            assert_int_equal(got, n);
        free(out);
    }
}

/* ---- names ------------------------------------------------------------- */

static void test_names(void **state)
{
    static const struct {
        const char *name;
        incstat_encoding enc;
    } ok[] = {
        {"utf-8", INCSTAT_ENCODING_UTF8},
        {"UTF-8", INCSTAT_ENCODING_UTF8},
        {"utf8", INCSTAT_ENCODING_UTF8},
        {"Utf8", INCSTAT_ENCODING_UTF8},
        {"windows-1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"Windows-1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"windows1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"cp1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"CP1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"cp-1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"win1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"1252", INCSTAT_ENCODING_WINDOWS_1252},
        {"iso-8859-1", INCSTAT_ENCODING_ISO_8859_1},
        {"ISO-8859-1", INCSTAT_ENCODING_ISO_8859_1},
        {"iso8859-1", INCSTAT_ENCODING_ISO_8859_1},
        {"iso_8859-1", INCSTAT_ENCODING_ISO_8859_1},
        {"iso88591", INCSTAT_ENCODING_ISO_8859_1},
        {"latin1", INCSTAT_ENCODING_ISO_8859_1},
        {"Latin-1", INCSTAT_ENCODING_ISO_8859_1},
        {"l1", INCSTAT_ENCODING_ISO_8859_1},
        {"L1", INCSTAT_ENCODING_ISO_8859_1},
        {"mac-roman", INCSTAT_ENCODING_MAC_ROMAN},
        {"macroman", INCSTAT_ENCODING_MAC_ROMAN},
        {"MacRoman", INCSTAT_ENCODING_MAC_ROMAN},
        {"macintosh", INCSTAT_ENCODING_MAC_ROMAN},
        {"x-mac-roman", INCSTAT_ENCODING_MAC_ROMAN},
        {"mac", INCSTAT_ENCODING_MAC_ROMAN},
        {"MAC", INCSTAT_ENCODING_MAC_ROMAN},
        {"auto", INCSTAT_ENCODING_AUTO},
        {"AUTO", INCSTAT_ENCODING_AUTO},
    };
    static const char *const bad[] = {"", "utf", "utf-16", "utf-8 ", " utf-8", "latin",
                                      "cp125", "12520", "iso-8859-15", "mac-roman2",
                                      "ascii", "automatic", "l", "l1\n"};
    size_t k;
    (void)state;
    for (k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        /* Start from a different value so a silent no-op is caught. */
        incstat_encoding e = (ok[k].enc == INCSTAT_ENCODING_MAC_ROMAN) ? INCSTAT_ENCODING_UTF8
                                                      : INCSTAT_ENCODING_MAC_ROMAN;
        if (incstat_encoding_from_name(ok[k].name, &e) != 0)
            fail_msg("name \"%s\" not accepted", ok[k].name);
        assert_int_equal(e, ok[k].enc);
    }
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        incstat_encoding e = INCSTAT_ENCODING_UTF8;
        if (incstat_encoding_from_name(bad[k], &e) != -1)
            fail_msg("name \"%s\" accepted", bad[k]);
        assert_int_equal(e, INCSTAT_ENCODING_UTF8); /* untouched */
    }
    {
        incstat_encoding e = INCSTAT_ENCODING_UTF8;
        assert_int_equal(incstat_encoding_from_name(NULL, &e), -1);
    }
}

static void test_canonical_names(void **state)
{
    static const incstat_encoding all[] = {
        INCSTAT_ENCODING_AUTO, INCSTAT_ENCODING_UTF8, INCSTAT_ENCODING_WINDOWS_1252,
        INCSTAT_ENCODING_ISO_8859_1, INCSTAT_ENCODING_MAC_ROMAN};
    size_t k;
    (void)state;
    assert_string_equal(incstat_encoding_name(INCSTAT_ENCODING_AUTO), "auto");
    assert_string_equal(incstat_encoding_name(INCSTAT_ENCODING_UTF8), "utf-8");
    assert_string_equal(incstat_encoding_name(INCSTAT_ENCODING_WINDOWS_1252), "windows-1252");
    assert_string_equal(incstat_encoding_name(INCSTAT_ENCODING_ISO_8859_1), "iso-8859-1");
    assert_string_equal(incstat_encoding_name(INCSTAT_ENCODING_MAC_ROMAN), "mac-roman");
    for (k = 0; k < sizeof all / sizeof all[0]; k++) {
        incstat_encoding e;
        assert_int_equal(incstat_encoding_from_name(incstat_encoding_name(all[k]), &e), 0);
        assert_int_equal(e, all[k]);
    }
}

/* ---- which encoding the text reads in (encoding_score.c) --------------- */

#define W1252 INCSTAT_ENCODING_WINDOWS_1252
#define MACR INCSTAT_ENCODING_MAC_ROMAN
#define LATIN1 INCSTAT_ENCODING_ISO_8859_1

static long points(incstat_encoding enc, const char *s)
{
    return incstat_encoding_plausibility(enc, (const unsigned char *)s, strlen(s));
}

static void test_code_points(void **state)
{
    (void)state;
    /* 0x92: right single quote in Windows-1252, i acute in Mac Roman, a C1
     * control in ISO-8859-1 (the tables of test_every_high_byte) */
    assert_int_equal(incstat_encoding_code_point(W1252, 0x92), 0x2019);
    assert_int_equal(incstat_encoding_code_point(MACR, 0x92), 0xED);
    assert_int_equal(incstat_encoding_code_point(LATIN1, 0x92), 0x92);
    assert_int_equal(incstat_encoding_code_point(MACR, 0xD5), 0x2019);
    assert_int_equal(incstat_encoding_code_point(MACR, 0xF0), 0xF8FF);
    assert_int_equal(incstat_encoding_code_point(W1252, 'a'), 'a');
    assert_int_equal(incstat_encoding_code_point(INCSTAT_ENCODING_AUTO, 0xE9), 0xE9);
}

/* Each expected value is worked by hand from the points in encoding_score.c:
 * an apostrophe ending a contraction or possessive 3, after a word 2, between
 * letters otherwise 1; an accented letter in a word of its case 1; a capital
 * after a lowercase letter -2; a lowercase letter between capitals -1; a quote
 * mark with a word on one side 2; a C1 control -4; a common sign 1 alone, 0
 * beside a letter, -2 inside a word; a rare one -1, -2, -3; a no-break space 1. */
static void test_plausibility_apostrophe(void **state)
{
    (void)state;
    /* the case: 0x92 is "Army’s" in Windows-1252, "Armyís" in Mac Roman */
    assert_int_equal(points(W1252, "Army\x92s"), 3);
    assert_int_equal(points(MACR, "Army\x92s"), 1);
    assert_int_equal(points(LATIN1, "Army\x92s"), -4);
    /* the same text written in Mac Roman (0xD5): "ArmyÕs" in Windows-1252 */
    assert_int_equal(points(MACR, "Army\xD5s"), 3);
    assert_int_equal(points(W1252, "Army\xD5s"), -2);
    assert_int_equal(points(LATIN1, "Army\xD5s"), -2);
    /* contractions and elisions; an apostrophe inside another word is a letter's worth */
    assert_int_equal(points(W1252, "don\x92t"), 3);
    assert_int_equal(points(W1252, "we\x92ll go"), 3);
    assert_int_equal(points(W1252, "O\x92" "Brien"), 3);
    assert_int_equal(points(W1252, "Maci\x92" "el"), 1);
    assert_int_equal(points(W1252, "the soldiers\x92 camp"), 2);
    assert_int_equal(points(W1252, "\x92tis"), 1);
    /* capitals: "ARMY’S", and "ARMYíS" in Mac Roman is a lowercase letter among capitals */
    assert_int_equal(points(W1252, "ARMY\x92S"), 3);
    assert_int_equal(points(MACR, "ARMY\x92S"), -1);
}

static void test_plausibility_letters(void **state)
{
    (void)state;
    /* "café" in Windows-1252 (0xE9): "cafÈ" in Mac Roman */
    assert_int_equal(points(W1252, "caf\xE9"), 1);
    assert_int_equal(points(LATIN1, "caf\xE9"), 1);
    assert_int_equal(points(MACR, "caf\xE9"), -2);
    /* "café" in Mac Roman (0x8E): "cafŽ" in Windows-1252, a control in ISO-8859-1 */
    assert_int_equal(points(MACR, "caf\x8E"), 1);
    assert_int_equal(points(W1252, "caf\x8E"), -2);
    assert_int_equal(points(LATIN1, "caf\x8E"), -4);
    /* ASCII is the same in every encoding: no points */
    assert_int_equal(points(W1252, "Peshawar"), 0);
    assert_int_equal(points(MACR, "Peshawar"), 0);
    assert_int_equal(points(LATIN1, "Peshawar"), 0);
    assert_int_equal(points(W1252, ""), 0);
    /* a letter alone is no evidence: é and È are both words of one letter */
    assert_int_equal(points(W1252, "\xE9"), 0);
    assert_int_equal(points(MACR, "\xE9"), 0);
}

static void test_plausibility_signs(void **state)
{
    (void)state;
    /* quote marks at a word's edges, or two lowercase letters (ìincendiaryî) */
    assert_int_equal(points(W1252, "\x93incendiary\x94"), 4);
    assert_int_equal(points(MACR, "\x93incendiary\x94"), 2);
    assert_int_equal(points(LATIN1, "\x93incendiary\x94"), -8);
    /* single quotes around a word (ëpaybackí in Mac Roman); a quote mark between letters */
    assert_int_equal(points(W1252, "as \x91payback\x92 for"), 4);
    assert_int_equal(points(MACR, "as \x91payback\x92 for"), 2);
    assert_int_equal(points(W1252, "Army\x91s"), 1);
    assert_int_equal(points(W1252, "a\x93" "b"), -1);
    /* 0xB0: degree sign, or infinity; 0xB7 inside a word: middle dot, or the sum sign */
    assert_int_equal(points(W1252, "25\xB0"), 1);
    assert_int_equal(points(MACR, "25\xB0"), -1);
    assert_int_equal(points(W1252, "x\xB7y"), -2);
    assert_int_equal(points(MACR, "x\xB7y"), -3);
    /* 0xD7: multiplication sign, or the lozenge; 0xC4: A diaeresis after a
     * lowercase letter, or the florin sign; 0xDE: the fi ligature (Mac Roman)
     * or thorn, both rare inside a word */
    assert_int_equal(points(W1252, "Mir\xD7" "Ali"), -2);
    assert_int_equal(points(MACR, "Mir\xD7" "Ali"), -3);
    assert_int_equal(points(W1252, "x\xC4y"), -2);
    assert_int_equal(points(MACR, "x\xC4y"), -3);
    assert_int_equal(points(MACR, "of\xDE" "ce"), -3);
    assert_int_equal(points(W1252, "of\xDE" "ce"), -3);
    /* 0xA0 after a word: a no-break space, or a dagger; 0xF0 alone: eth, or
     * Apple's logo */
    assert_int_equal(points(W1252, "Noor\xA0"), 1);
    assert_int_equal(points(MACR, "Noor\xA0"), -2);
    assert_int_equal(points(MACR, "\xF0"), -1);
    assert_int_equal(points(W1252, "\xF0"), -1);
    /* 0x85: an ellipsis in Windows-1252, a control in ISO-8859-1 */
    assert_int_equal(points(W1252, "wait\x85"), 1);
    assert_int_equal(points(LATIN1, "wait\x85"), -4);
}

/* Random bytes in exactly sized buffers (ASan sees any read past either
 * end, as the scorer looks at neighbours): every character scores between
 * -4 and 3, so a string of h non-ASCII bytes between -4h and 3h; the winner
 * of a tally scores at least as much as every candidate. */
static void test_plausibility_random(void **state)
{
    unsigned long long x = 0x2545F4914F6CDD1DULL;
    (void)state;
    incstat_encoding_tally t;
    memset(&t, 0, sizeof t);
    for (int iter = 0; iter < 5000; iter++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = (size_t)(x >> 58); /* 0..63 */
        unsigned char *s = malloc(n ? n : 1);
        assert_non_null(s);
        size_t high = 0;
        for (size_t k = 0; k < n; k++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            /* letters, spaces and high bytes in about equal parts */
            unsigned r = (unsigned)(x >> 33);
            s[k] = r % 3 == 0 ? (unsigned char)(0x80 + (r >> 8) % 128)
                   : r % 3 == 1 ? (unsigned char)('a' + (r >> 8) % 26) : (unsigned char)" .'A9"[(r >> 8) % 5];
            high += s[k] >= 0x80;
        }
        for (int k = 0; k < INCSTAT_ENCODING_CANDIDATES; k++) {
            long p = incstat_encoding_plausibility(incstat_encoding_candidates[k], s, n);
            assert_true(p >= -4 * (long)high && p <= 3 * (long)high);
        }
        incstat_encoding_tally_add(&t, s, n);
        free(s);
    }
    incstat_encoding_choice c;
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    for (int k = 0; k < INCSTAT_ENCODING_CANDIDATES; k++)
        assert_true(c.score >= t.score[k]);
    assert_int_equal(c.by, INCSTAT_ENCODING_BY_TEXT);
    assert_true(c.runner_up != c.chosen && c.runner_up != INCSTAT_ENCODING_AUTO);
}

static incstat_encoding_tally tally_of(const char *const *cells, size_t n)
{
    incstat_encoding_tally t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < n; i++)
        incstat_encoding_tally_add(&t, (const unsigned char *)cells[i], strlen(cells[i]));
    return t;
}

static void test_decide(void **state)
{
    (void)state;
    incstat_encoding_choice c;
    /* one "Army’s" overrules the preset's Mac Roman, by a close margin (3 to 1) */
    const char *army[] = {"Army\x92s camp", "Peshawar"};
    incstat_encoding_tally t = tally_of(army, 2);
    assert_int_equal(t.cells, 1); /* ASCII cells are not counted */
    assert_int_equal(t.bytes, 1);
    incstat_encoding_decide(&t, MACR, &c);
    assert_int_equal(c.by, INCSTAT_ENCODING_BY_TEXT);
    assert_int_equal(c.chosen, W1252);
    assert_int_equal(c.score, 3);
    assert_int_equal(c.runner_up, MACR);
    assert_int_equal(c.runner_up_score, 1);
    assert_int_equal(c.prior, MACR);
    assert_int_equal(c.prior_score, 1);
    assert_int_equal(c.close, 1);
    assert_int_equal(c.sampled, 1);
    /* "café" in Windows-1252: ISO-8859-1 reads it the same, so Mac Roman is
     * the runner-up, 3 points behind: not close */
    const char *cafe[] = {"caf\xE9"};
    t = tally_of(cafe, 1);
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.chosen, W1252);
    assert_int_equal(c.runner_up, MACR);
    assert_int_equal(c.runner_up_score, -2);
    assert_int_equal(c.close, 0);
    assert_int_equal(c.prior, INCSTAT_ENCODING_AUTO);
    /* a tie goes to the prior, else to Windows-1252 */
    const char *e[] = {"\xE9"};
    t = tally_of(e, 1);
    incstat_encoding_decide(&t, MACR, &c);
    assert_int_equal(c.by, INCSTAT_ENCODING_BY_TEXT);
    assert_int_equal(c.chosen, MACR);
    assert_int_equal(c.runner_up, W1252);
    assert_int_equal(c.close, 1);
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.chosen, W1252);
    assert_int_equal(c.runner_up, MACR);
    /* nothing to judge by: no such text, or text every candidate reads alike (£) */
    t = tally_of(army + 1, 1);
    incstat_encoding_decide(&t, MACR, &c);
    assert_int_equal(c.by, INCSTAT_ENCODING_BY_PRESET);
    assert_int_equal(c.chosen, MACR);
    assert_int_equal(c.runner_up, INCSTAT_ENCODING_AUTO);
    assert_int_equal(c.bytes, 0);
    const char *pound[] = {"\xA3" "5"};
    t = tally_of(pound, 1);
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.by, INCSTAT_ENCODING_BY_DEFAULT);
    assert_int_equal(c.chosen, W1252);
    assert_int_equal(c.bytes, 1);
    incstat_encoding_decide(&t, MACR, &c);
    assert_int_equal(c.by, INCSTAT_ENCODING_BY_PRESET);
    assert_int_equal(c.chosen, MACR);
}

static void test_decide_margin(void **state)
{
    (void)state;
    incstat_encoding_choice c;
    incstat_encoding_tally t;
    memset(&t, 0, sizeof t);
    t.seen[(0xE9 - 0x80) / 8] = 1u << (0xE9 % 8); /* é: every candidate reads it apart from Mac Roman */
    t.cells = t.bytes = 20;
    /* close within 3 points or a tenth of the winner's, whichever is more */
    t.score[0] = 40, t.score[1] = 35, t.score[2] = 40;
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.chosen, W1252);
    assert_int_equal(c.runner_up, MACR);
    assert_int_equal(c.close, 0);
    t.score[1] = 37;
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.close, 1);
    t.score[0] = t.score[2] = 5, t.score[1] = 2;
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.close, 0);
    t.score[1] = 3;
    incstat_encoding_decide(&t, INCSTAT_ENCODING_AUTO, &c);
    assert_int_equal(c.close, 1);
}

int main(void)
{
    const struct CMUnitTest transcode[] = {
        cmocka_unit_test(test_every_high_byte),
        cmocka_unit_test(test_all_high_bytes_at_once),
        cmocka_unit_test(test_ascii_identity),
        cmocka_unit_test(test_alignments),
        cmocka_unit_test(test_real_snippets),
    };
    const struct CMUnitTest validate[] = {
        cmocka_unit_test(test_validation_cases),
        cmocka_unit_test(test_validation_exhaustive),
        cmocka_unit_test(test_is_ascii),
    };
    const struct CMUnitTest sanitize[] = {
        cmocka_unit_test(test_sanitize_counts),
        cmocka_unit_test(test_sanitize_exact),
        cmocka_unit_test(test_sanitize_random),
    };
    const struct CMUnitTest names[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_canonical_names),
    };
    const struct CMUnitTest plausibility[] = {
        cmocka_unit_test(test_code_points),
        cmocka_unit_test(test_plausibility_apostrophe),
        cmocka_unit_test(test_plausibility_letters),
        cmocka_unit_test(test_plausibility_signs),
        cmocka_unit_test(test_plausibility_random),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_decide_margin),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("encoding_transcode", transcode, NULL, NULL);
    failed += cmocka_run_group_tests_name("encoding_validate", validate, NULL, NULL);
    failed += cmocka_run_group_tests_name("encoding_sanitize", sanitize, NULL, NULL);
    failed += cmocka_run_group_tests_name("encoding_names", names, NULL, NULL);
    failed += cmocka_run_group_tests_name("encoding_plausibility", plausibility, NULL, NULL);
    return failed == 0 ? 0 : 1;
}
