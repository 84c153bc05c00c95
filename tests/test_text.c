/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/test_text.c: the label fold under which spellings merge and --where
 * and --recode compare, and the shell quoter of every suggested option line
 * (src/core/text.c).  The expected folds are written out by hand from the
 * Unicode code charts (U+00A0 NO-BREAK SPACE, U+202F NARROW NO-BREAK SPACE,
 * U+00C9/U+00E9 E WITH ACUTE, ...); the quoter is checked by handing its
 * output to /bin/sh and reading back what the shell made of it. */
#include "helpers.h"

#include <stdlib.h>

#include "core/text.h"

static const char *fold(const char *s)
{
    static char buf[256];
    size_t n = strlen(s);
    assert_true(n < sizeof buf);
    size_t k = incstat_label_fold(s, n, buf, sizeof buf);
    assert_int_equal(k, strlen(buf));
    assert_true(k <= n); /* the fold never lengthens a label */
    return buf;
}

static int eq(const char *a, const char *b)
{
    return incstat_label_eq(a, strlen(a), b, strlen(b));
}

/* ---- spaces ------------------------------------------------------------- */

static void test_spaces(void **state)
{
    (void)state;
    assert_string_equal(fold("Balochistan Province"), "balochistan province");
    assert_string_equal(fold("Balochistan\xC2\xA0Province"), "balochistan province");   /* NBSP */
    assert_string_equal(fold("Balochistan\xE2\x80\xAFProvince"), "balochistan province"); /* NNBSP */
    assert_string_equal(fold("Balochistan\tProvince"), "balochistan province");
    assert_string_equal(fold("Balochistan  Province"), "balochistan province");
    assert_string_equal(fold("Balochistan \xC2\xA0\t\xE2\x80\xAF Province"), "balochistan province");
    assert_string_equal(fold("  balochistan province \xC2\xA0"), "balochistan province");
    assert_string_equal(fold("\xE3\x80\x80North\xE3\x80\x80Waziristan\xE3\x80\x80"), /* U+3000 */
                        "north waziristan");
    assert_string_equal(fold("a\r\nb"), "a b");
    assert_string_equal(fold("a\xE1\x9A\x80" "b"), "a b");     /* U+1680 Ogham */
    assert_string_equal(fold("a\xE2\x81\x9F" "b"), "a b");     /* U+205F */
    assert_string_equal(fold("a\xE2\x80\xA8" "b"), "a b");     /* U+2028 */
    assert_string_equal(fold("a\xC2\x85" "b"), "a b");         /* U+0085 NEL */
    /* U+2000 EN QUAD ... U+200A HAIR SPACE, each one a space */
    for (unsigned c = 0x2000; c <= 0x200A; c++) {
        char s[8] = {'a', (char)0xE2, (char)0x80, (char)(0x80 | (c & 0x3F)), 'b', 0};
        assert_string_equal(fold(s), "a b");
    }
    /* U+200B follows them and is no space: it vanishes */
    assert_string_equal(fold("a\xE2\x80\x8B" "b"), "ab");
    assert_string_equal(fold(""), "");
    assert_string_equal(fold(" \xC2\xA0\t "), "");
}

static void test_invisible(void **state)
{
    (void)state;
    assert_string_equal(fold("\xEF\xBB\xBF" "Sindh"), "sindh");                    /* BOM */
    assert_string_equal(fold("Sin\xEF\xBB\xBF" "dh"), "sindh");
    assert_string_equal(fold("\xE2\x80\x8B" "Balochistan \xE2\x80\x8BProvince"),  /* ZWSP */
                        "balochistan province");
    assert_string_equal(fold("Balochistan \xE2\x80\x8B Province"), "balochistan province");
    assert_string_equal(fold("Kyber\xC2\xAD" "Pakhtunkhwa"), "kyberpakhtunkhwa");  /* soft hyphen */
    assert_string_equal(fold("a\xE2\x81\xA0" "b"), "ab");                          /* word joiner */
    assert_string_equal(fold("Sindh \xE2\x80\x8B"), "sindh");
    /* ZWNJ (U+200C) spells a different word in Urdu and Persian: kept */
    assert_string_equal(fold("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1"),
                        "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1");
    assert_false(eq("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1", "\xD9\x85\xDB\x8C\xD8\xB1"));
}

/* ---- letters ------------------------------------------------------------ */

static void test_case(void **state)
{
    (void)state;
    assert_string_equal(fold("FATA"), "fata");
    assert_string_equal(fold("Khyber PAKHTUNKHWA"), "khyber pakhtunkhwa");
    assert_string_equal(fold("@[`{"), "@[`{"); /* the neighbours of A-Z and a-z */
    assert_string_equal(fold("\xC3\x89" "COLE"), "\xC3\xA9" "cole");         /* É -> é */
    assert_string_equal(fold("\xC3\x91" "UBLE"), "\xC3\xB1" "uble");         /* Ñ -> ñ */
    assert_string_equal(fold("\xC3\x80\xC3\x9E"), "\xC3\xA0\xC3\xBE");      /* À Þ -> à þ */
    assert_string_equal(fold("\xC3\x97\xC3\x9F"), "\xC3\x97\xC3\x9F");      /* × ß unchanged */
    assert_string_equal(fold("\xC5\xB8"), "\xC3\xBF");                        /* Ÿ -> ÿ */
    assert_string_equal(fold("\xC4\x80"), "\xC4\x81");                        /* Ā -> ā */
    assert_string_equal(fold("\xC4\x81"), "\xC4\x81");                        /* ā stays */
    assert_string_equal(fold("\xC5\x81\xC3\xB3" "d\xC5\xBA"), "\xC5\x82\xC3\xB3" "d\xC5\xBA"); /* Łódź */
    assert_string_equal(fold("\xC5\xBD"), "\xC5\xBE");                        /* Ž -> ž */
    assert_string_equal(fold("\xC5\xBE"), "\xC5\xBE");
    assert_string_equal(fold("\xC5\x9E"), "\xC5\x9F");                        /* Ş -> ş */
    assert_string_equal(fold("\xC4\xB0\xC4\xB1"), "\xC4\xB0\xC4\xB1");      /* İ ı: no pair */
    assert_string_equal(fold("\xE1\xB9\xA2"), "\xE1\xB9\xA3");                /* Ṣ -> ṣ */
    assert_string_equal(fold("\xE1\xB8\xA4"), "\xE1\xB8\xA5");                /* Ḥ -> ḥ */
    assert_string_equal(fold("\xCE\x91\xCE\xA9"), "\xCE\xB1\xCF\x89");      /* ΑΩ -> αω */
    assert_string_equal(fold("\xD0\x94\xD0\xAF"), "\xD0\xB4\xD1\x8F");      /* ДЯ -> дя */
    assert_string_equal(fold("\xD0\x81"), "\xD1\x91");                        /* Ё -> ё */
    assert_true(eq("Peshawar", "PESHAWAR"));
    assert_true(eq("\xC3\x89" "cole", "\xC3\xA9" "COLE"));
}

static void test_accents_kept(void **state)
{
    (void)state;
    assert_false(eq("Bogot\xC3\xA1", "Bogota"));
    assert_false(eq("N'Djam\xC3\xA9na", "N'Djamena"));
    assert_false(eq("\xC3\xA9", "e"));
    assert_false(eq("Balochistan", "Baluchistan"));
    assert_false(eq("Sindh", "Sindh Province"));
    assert_false(eq("Sindh", "Sind"));
    assert_false(eq("ab", "a b")); /* a space is a letter's neighbour, not nothing */
}

/* Bytes that are not UTF-8 (an argument typed in Latin-1) equal only
 * themselves and never pass for the character they would be in Latin-1. */
static void test_invalid_bytes(void **state)
{
    (void)state;
    assert_true(eq("Bogot\xE1", "Bogot\xE1"));
    assert_false(eq("Bogot\xE1", "Bogot\xC3\xA1"));
    assert_false(eq("\xA0", " "));
    assert_string_equal(fold("A\xFF" "B"), "a\xFF" "b");
    assert_string_equal(fold("A\x80" "B"), "a\x80" "b");
    assert_string_equal(fold("A\xC3"), "a\xC3");            /* cut sequence */
    assert_string_equal(fold("A\xE2\x80"), "a\xE2\x80");
    assert_string_equal(fold("A\xC3" "B"), "a\xC3" "b");
}

/* incstat_label_eq walks both labels without a copy (plain ASCII first,
 * then character by character); it must agree with comparing the folded
 * copies for every pair. */
static void test_eq_agrees_with_fold(void **state)
{
    (void)state;
    static const char *const labels[] = {
        "Balochistan Province", "Balochistan\xC2\xA0Province", "balochistan province ",
        "BALOCHISTAN\xE2\x80\xAFPROVINCE", "Balochistan\tProvince", "\xEF\xBB\xBF" "Balochistan  Province",
        "Baluchistan Province", "BalochistanProvince", "Balochistan Province.", "", " ", "\xC2\xA0",
        "\xC3\x89" "cole", "\xC3\xA9" "cole", "ecole", "a\xE2\x80\x8B" "b", "ab", "a b", "\xFF", "\xC3\xBF",
        "\xC5\xB8", "Sindh", "Sindh\xE3\x80\x80", "Sin dh", "SINDH\xC2\xA0", "Sin  dh", "sIn\tDH",
        " Sindh", "ab\xC3\x89", "AB\xC3\xA9", "AB\xC3\xA9 ", "Sind"};
    size_t n = sizeof labels / sizeof labels[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            char fi[64], fj[64];
            incstat_label_fold(labels[i], strlen(labels[i]), fi, sizeof fi);
            incstat_label_fold(labels[j], strlen(labels[j]), fj, sizeof fj);
            if (eq(labels[i], labels[j]) != (strcmp(fi, fj) == 0))
                fail_msg("labels %zu and %zu: eq %d, folds \"%s\" \"%s\"", i, j,
                         eq(labels[i], labels[j]), fi, fj);
        }
    assert_true(eq(labels[0], labels[5]));
    assert_false(eq(labels[0], labels[7]));
}

static void test_fold_cap(void **state)
{
    (void)state;
    char out[8];
    memset(out, 'x', sizeof out);
    /* "éééé" is 8 bytes: 3 whole characters fit with the NUL, never half of one */
    assert_int_equal(incstat_label_fold("\xC3\x89\xC3\x89\xC3\x89\xC3\x89", 8, out, 7), 6);
    assert_string_equal(out, "\xC3\xA9\xC3\xA9\xC3\xA9");
    assert_int_equal(incstat_label_fold("abc", 3, out, 1), 0);
    assert_string_equal(out, "");
    assert_int_equal(incstat_label_fold("abc", 3, out, 0), 0);
    /* n + 1 bytes always suffice */
    const char *s = "  \xC3\x89  X\xE3\x80\x80Y\xEF\xBB\xBF ";
    size_t n = strlen(s);
    char big[32];
    assert_int_equal(incstat_label_fold(s, n, big, n + 1), strlen("\xC3\xA9 x y"));
    assert_string_equal(big, "\xC3\xA9 x y");
}

static int has(const char *hay, const char *needle)
{
    return incstat_label_contains(hay, strlen(hay), needle, strlen(needle));
}

static void test_contains(void **state)
{
    (void)state;
    assert_true(has("Khyber Pakhtunkhwa", "PAKHTUN"));
    assert_true(has("Khyber\xC2\xA0Pakhtunkhwa", "khyber pakh"));
    assert_true(has("Khyber  Pakhtunkhwa", "r\xE2\x80\xAFp"));
    assert_true(has("Khyber Pakhtunkhwa", "  khyber "));
    assert_true(has("Khyber Pakhtunkhwa", "hwa"));
    assert_true(has("\xC3\x89" "cole Normale", "\xC3\xA9" "COLE N"));
    assert_true(has("Bal\xE2\x80\x8B" "ochistan", "lochi"));
    assert_true(has("anything", ""));
    assert_true(has("anything", " \xC2\xA0"));
    assert_true(has("", ""));
    assert_false(has("", "a"));
    assert_false(has("Khyber Pakhtunkhwa", "kpk"));
    assert_false(has("Khyber Pakhtunkhwa", "khyberpakh"));
    assert_false(has("Bogota", "Bogot\xC3\xA1"));
    assert_false(has("Bogot\xC3\xA1", "\xA1")); /* never from inside a character */
    assert_false(has("Sind", "Sindh"));
}

/* For valid UTF-8, "contains" is strstr over the folded copies: labels
 * glued from fragments by a fixed generator (an LCG, so every run checks
 * the same 20,000 pairs). */
static void test_contains_agrees_with_fold(void **state)
{
    (void)state;
    static const char *const frag[] = {
        "a", "B", "k", "KH", " ", "  ", "\t", "\xC2\xA0", "\xE2\x80\xAF", "\xE3\x80\x80", "\xEF\xBB\xBF",
        "\xE2\x80\x8B", "\xC3\x89", "\xC3\xA9", "e", "'", "\xD0\x94", "\xD0\xB4", "-"};
    size_t nf = sizeof frag / sizeof frag[0];
    unsigned long r = 12345;
    for (int t = 0; t < 20000; t++) {
        char h[128] = "", v[64] = "";
        for (int part = 0; part < 2; part++) {
            char *s = part ? v : h;
            size_t cap = part ? sizeof v : sizeof h;
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            int len = (int)(r >> 33) % (part ? 4 : 9);
            for (int k = 0; k < len; k++) {
                r = r * 6364136223846793005UL + 1442695040888963407UL;
                const char *f = frag[(r >> 33) % nf];
                if (strlen(s) + strlen(f) < cap)
                    strcat(s, f);
            }
        }
        char fh[128], fv[64];
        incstat_label_fold(h, strlen(h), fh, sizeof fh);
        incstat_label_fold(v, strlen(v), fv, sizeof fv);
        int want = strstr(fh, fv) != NULL;
        if (has(h, v) != want)
            fail_msg("\"%s\" in \"%s\": %d, folded \"%s\" in \"%s\": %d", v, h, has(h, v), fv, fh,
                     want);
    }
}

/* ---- how a note shows a label ------------------------------------------- */

static void test_show(void **state)
{
    (void)state;
    char out[64];
    const char *s = "Balochistan\xC2\xA0Province";
    assert_int_equal(incstat_label_show(s, strlen(s), out, sizeof out), 27);
    assert_string_equal(out, "Balochistan<U+00A0>Province");
    s = "\xEF\xBB\xBF" "a\tb \xE2\x80\xAF" "c\xE2\x80\x8B\xC3\xA9";
    incstat_label_show(s, strlen(s), out, sizeof out);
    assert_string_equal(out, "<U+FEFF>a<U+0009>b <U+202F>c<U+200B>\xC3\xA9");
    /* cut with dots, never inside a character */
    s = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
    incstat_label_show(s, strlen(s), out, 9);
    assert_string_equal(out, "\xC3\xA9\xC3\xA9...");
    incstat_label_show("abcdefghij", 10, out, 8);
    assert_string_equal(out, "abcd...");
    incstat_label_show("abc", 3, out, 3);
    assert_true(strlen(out) < 3);
}

/* ---- the shell quoter --------------------------------------------------- */

static const char *quote(const char *s)
{
    static char buf[256];
    size_t n = incstat_shell_quote(s, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_int_equal(n, strlen(buf));
    return buf;
}

static void test_quote_words(void **state)
{
    (void)state;
    assert_string_equal(quote("admin1:Fata=FATA"), "admin1:Fata=FATA");
    assert_string_equal(quote("date=event_date"), "date=event_date");
    assert_string_equal(quote("a-b.c/d,e+f@g%h_i"), "a-b.c/d,e+f@g%h_i");
    assert_string_equal(quote("admin1:Balochistan Province=Baluchistan Province"),
                        "'admin1:Balochistan Province=Baluchistan Province'");
    assert_string_equal(quote("killed=People killed"), "'killed=People killed'");
    assert_string_equal(quote("it's"), "'it'\\''s'");
    assert_string_equal(quote("N'Djamena"), "'N'\\''Djamena'");
    assert_string_equal(quote("'"), "''\\'''");
    assert_string_equal(quote("$HOME"), "'$HOME'");
    assert_string_equal(quote("a\\b"), "'a\\b'");
    assert_string_equal(quote("wow!"), "'wow!'");
    assert_string_equal(quote("\"q\""), "'\"q\"'");
    assert_string_equal(quote("`id`"), "'`id`'");
    assert_string_equal(quote("*"), "'*'");
    assert_string_equal(quote("~root"), "'~root'");
    assert_string_equal(quote("=x"), "'=x'"); /* zsh expands =word */
    assert_string_equal(quote("a;b"), "'a;b'");
    assert_string_equal(quote("N'Djam\xC3\xA9na"), "'N'\\''Djam\xC3\xA9na'");
    assert_string_equal(quote("Bogot\xC3\xA1"), "'Bogot\xC3\xA1'");
    assert_string_equal(quote(""), "''");
}

static void test_quote_cap(void **state)
{
    (void)state;
    char out[6];
    /* like snprintf: the full length comes back, the buffer holds a prefix */
    assert_int_equal(incstat_shell_quote("it's a", out, sizeof out), strlen("'it'\\''s a'"));
    assert_int_equal(strlen(out), sizeof out - 1);
    assert_int_equal(incstat_shell_quote("abcdef", out, sizeof out), 6);
    assert_string_equal(out, "abcde");
    assert_int_equal(incstat_shell_quote("abc", out, 0), 3);
}

/* What /bin/sh makes of the quoted word must be the original, byte for
 * byte: the proof that a suggested line can be pasted. */
static void test_quote_through_sh(void **state)
{
    (void)state;
    static const char *const words[] = {
        "admin1:Balochistan Province=Baluchistan Province", "it's", "''", "a'b'c", "$HOME",
        "${x:-y}", "$(id)", "`id`", "a\\b", "\\", "wow!", "!!", "\"q\"", "*", "?", "[a]",
        "~", "a;b|c&d", "<x>", "#x", "x y  z", "tab\there", "new\nline", "%s %d", "-n",
        "N'Djam\xC3\xA9na", "Balochistan\xC2\xA0Province", "=x", "^x", "{a,b}", "",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char q[256], cmd[512], got[256];
        assert_true(incstat_shell_quote(words[i], q, sizeof q) < sizeof q);
        snprintf(cmd, sizeof cmd, "printf '%%s' %s", q);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        size_t n = fread(got, 1, sizeof got - 1, p);
        got[n] = '\0';
        assert_int_equal(pclose(p), 0);
        if (strcmp(got, words[i]) != 0)
            fail_msg("word %zu: quoted as %s, the shell read \"%s\"", i, q, got);
    }
}

/* ---- the nearest name (incstat_nearest, src/core/util.c) ---------------- */

#include "incstat/util.h"

static void test_nearest_prefix_first(void **state)
{
    (void)state;
    /* the case: "--form" is one swap from "--from" but begins
     * "--format", which is what was meant */
    const char *const opts[] = {"--from", "--to", "--format", "--force", "--estimate"};
    assert_string_equal(incstat_nearest("--form", opts, 5), "--format");
    /* "--fo" begins both --format and --force: the shorter */
    assert_string_equal(incstat_nearest("--fo", opts, 5), "--force");
    /* one letter after the dashes is not enough to go by */
    assert_null(incstat_nearest("--f", opts, 5));
    assert_string_equal(incstat_nearest("--t", opts, 5), "--to"); /* one letter missing */
    /* a name typed whole, in another case, is itself */
    assert_string_equal(incstat_nearest("--FROM", opts, 5), "--from");
    /* without a prefix match, edit distance as before */
    assert_string_equal(incstat_nearest("--estimat", opts, 5), "--estimate");
    assert_string_equal(incstat_nearest("--ot", opts, 5), "--to");
    assert_null(incstat_nearest("--quiet", opts, 5));
    /* columns: "Kill" begins "Killed Max" (before, nothing was close enough) */
    const char *const cols[] = {"Date", "Killed Max", "Killed Min", "Province"};
    assert_string_equal(incstat_nearest("kill", cols, 4), "Killed Max");
    assert_string_equal(incstat_nearest("Provnice", cols, 4), "Province");
    assert_string_equal(incstat_nearest("Kiled", cols, 4), "Killed Max"); /* a word of it */
    /* a word longer than every candidate begins none */
    assert_null(incstat_nearest("Provinces of Pakistan", cols, 4));
    /* NULL candidates are skipped */
    const char *const holes[] = {NULL, "summary", NULL};
    assert_string_equal(incstat_nearest("sum", holes, 3), "summary");
    assert_null(incstat_nearest(NULL, holes, 3));
}

/* how near a cell's label is to a --where value (incstat_label_nearness) */
static void test_label_nearness(void **state)
{
    (void)state;
#define NEAR(w, h) incstat_label_nearness(w, strlen(w), h, strlen(h))
    /* the case: UCDP writes "Myanmar (Burma)" */
    assert_int_equal(NEAR("Myanmar", "Myanmar (Burma)"), 1);
    assert_int_equal(NEAR("myanmar", "Myanmar (Burma)"), 1); /* under the fold */
    assert_int_equal(NEAR("FATA", "Fata"), 0);
    assert_int_equal(NEAR("Balochistan\xc2\xa0Province", "balochistan province"), 0);
    assert_int_equal(NEAR("Burma", "Myanmar (Burma)"), 2);
    assert_int_equal(NEAR("Khyber Pakhtunkhwa Province", "Khyber Pakhtunkhwa"), 2);
    assert_int_equal(NEAR("North Waziristan", "NW"), -1); /* too short to be inside */
    assert_int_equal(NEAR("Baluchistan", "Balochistan"), 4);  /* one edit */
    assert_int_equal(NEAR("Pakistn", "Pakistan"), 4);
    assert_int_equal(NEAR("Paksitan", "Pakistan"), 4);        /* a swap is one edit */
    assert_int_equal(NEAR("Punjab", "Sindh"), -1);
    assert_int_equal(NEAR("Iran", "Iraq"), 4);                /* 4 letters allow 1 */
    assert_int_equal(NEAR("Iran", "Oman"), -1);               /* ... not 2 */
    assert_int_equal(NEAR("K", "KPK"), -1);                   /* one letter: itself only */
    assert_int_equal(NEAR("K", "k"), 0);
    assert_int_equal(NEAR("Myanmar", ""), -1);
#undef NEAR
}

int main(void)
{
    const struct CMUnitTest fold_tests[] = {
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_invisible),
        cmocka_unit_test(test_case),
        cmocka_unit_test(test_accents_kept),
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_eq_agrees_with_fold),
        cmocka_unit_test(test_fold_cap),
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_contains_agrees_with_fold),
        cmocka_unit_test(test_show),
    };
    const struct CMUnitTest quote_tests[] = {
        cmocka_unit_test(test_quote_words),
        cmocka_unit_test(test_quote_cap),
        cmocka_unit_test(test_quote_through_sh),
    };
    const struct CMUnitTest nearest_tests[] = {
        cmocka_unit_test(test_nearest_prefix_first),
        cmocka_unit_test(test_label_nearness),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("text_label_fold", fold_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("text_nearest", nearest_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("text_shell_quote", quote_tests, NULL, NULL);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
