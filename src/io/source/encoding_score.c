/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/encoding_score.c: which single-byte encoding text that is not
 * valid UTF-8 was written in.  Windows-1252, Mac Roman and ISO-8859-1 agree
 * on ASCII and disagree on most other bytes, and every byte is defined in
 * some of them, so the bytes alone cannot say which was meant: 0x92 is an
 * apostrophe in Windows-1252 and an i acute in Mac Roman, and "Army's" and
 * "Armyis" (accented) are both strings.  What differs is how the decoded
 * characters sit among their neighbours.  An apostrophe between a word and
 * its "s", an accented letter inside a word of its own case, a quote mark
 * at the edge of a word are what text looks like; a capital inside a
 * lowercase word ("ArmyÕs", "cafÈ"), a C1 control, or a mathematical sign,
 * dagger or ligature inside a word are what a wrong decoding looks like.
 * Each non-ASCII byte earns points for the character it becomes in each
 * encoding, read with its neighbours in that encoding; over a sample of a
 * file the encoding with the most points wins.  No allocation, no state. */
#include "io/source/encoding.h"

#include <string.h>

const incstat_encoding incstat_encoding_candidates[INCSTAT_ENCODING_CANDIDATES] = {
    INCSTAT_ENCODING_WINDOWS_1252, INCSTAT_ENCODING_MAC_ROMAN, INCSTAT_ENCODING_ISO_8859_1};

/* Points per character (see score_char).  A right apostrophe in a word
 * outweighs the lowercase letter the same byte is in Mac Roman, so one
 * "Army's" in Windows-1252 is 3 against 1: thin evidence, reported as close;
 * a file's worth adds up. */
enum {
    P_APOSTROPHE_WORD = 3,  /* 's 't 'd 'm 'll 're 've, or O', d', l' */
    P_APOSTROPHE_END = 2,   /* after a word: the soldiers' camp, a closing quote */
    P_APOSTROPHE_ELSE = 1,  /* between other letters (Maci'el), before a word ('90s) */
    P_QUOTE_EDGE = 2,       /* a quote mark with a word on one side only */
    P_QUOTE_INSIDE = -1,    /* a quote mark between two letters */
    P_LETTER = 1,           /* an accented letter in a word of its case */
    P_CASE_BREAK = -2,      /* a capital after a lowercase letter: "ArmyÕs" */
    P_LOWER_IN_CAPS = -1,   /* a lowercase letter between capitals: "ARMYíS" */
    P_SPACE = 1,            /* a no-break space */
    P_PUNCT = 1,            /* a dash, ellipsis or bullet not inside a word */
    P_SIGN = 1,             /* a common sign (degree, pound) not beside a letter */
    P_SIGN_BESIDE = 0,      /* ... beside one: 25°C */
    P_SIGN_INSIDE = -2,     /* ... inside a word */
    P_RARE = -1,            /* a rare sign (sum, lozenge, dagger, fi ligature) alone */
    P_RARE_BESIDE = -2,
    P_RARE_INSIDE = -3,
    P_CONTROL = -4          /* a C1 control: no text has one */
};

enum { NOT_LETTER = 0, LOWER = 1, UPPER = 2 };

/* The letters the three encodings hold: Latin-1's, the few Latin
 * Extended-A ones of Windows-1252 and Mac Roman, and Mac Roman's Greek pi
 * and omega and fi/fl ligatures. */
static int letter_case(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return LOWER;
    if (c >= 'A' && c <= 'Z')
        return UPPER;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return UPPER;
    if (c >= 0xDF && c <= 0xFF && c != 0xF7)
        return LOWER;
    switch (c) {
    case 0x152: case 0x160: case 0x178: case 0x17D: case 0x3A9: return UPPER;
    case 0x131: case 0x153: case 0x161: case 0x17E: case 0x192: case 0x3C0: case 0xFB01:
    case 0xFB02: return LOWER;
    }
    return NOT_LETTER;
}

/* Letters that are not letters of running text in the languages these
 * encodings serve (eth and thorn, y diaeresis, dotless i, the florin sign,
 * pi, omega, the ligatures a font makes): scored as rare signs. */
static int rare_letter(uint32_t c)
{
    switch (c) {
    case 0xD0: case 0xDE: case 0xF0: case 0xFE: case 0xFF: case 0x131: case 0x178:
    case 0x192: case 0x3A9: case 0x3C0: case 0xFB01: case 0xFB02: return 1;
    }
    return 0;
}

/* Letters of one language each (Czech, Slovene, French oe): right where
 * they sit, but no evidence for an encoding on their own. */
static int plain_letter(uint32_t c)
{
    return c == 0x152 || c == 0x153 || c == 0x160 || c == 0x161 || c == 0x17D || c == 0x17E;
}

/* Signs that text uses: currency, degree, copyright, fractions, ordinals. */
static int common_sign(uint32_t c)
{
    switch (c) {
    case 0xA1: case 0xA2: case 0xA3: case 0xA5: case 0xA7: case 0xA9: case 0xAA: case 0xAE:
    case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xB5: case 0xB6: case 0xB7: case 0xB9:
    case 0xBA: case 0xBC: case 0xBD: case 0xBE: case 0xBF: case 0xD7: case 0xF7: case 0x20AC:
    case 0x2122: return 1;
    }
    return 0;
}

static int is_quote(uint32_t c)
{
    return c == 0x201A || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB ||
           c == 0x2039 || c == 0x203A;
}

typedef struct {
    const unsigned char *s;
    size_t n;
    incstat_encoding enc;
} text;

/* The character at i; a space beyond either end, so a cell's edges read
 * as word boundaries. */
static uint32_t char_at(const text *t, size_t i, long k)
{
    if ((k < 0 && i < (size_t)-k) || (k > 0 && i + (size_t)k >= t->n))
        return ' ';
    return incstat_encoding_code_point(t->enc, t->s[(size_t)((long)i + k)]);
}

static int is_wordish(uint32_t c) { return letter_case(c) != NOT_LETTER || (c >= '0' && c <= '9'); }

/* Whether an apostrophe at i between letters is one of English or French:
 * after a one-letter word (O'Brien, d'Alembert, l'Aquila), or before the
 * end of a contraction or possessive ('s 't 'd 'm 'll 're 've). */
static int contraction(const text *t, size_t i)
{
    if (letter_case(char_at(t, i, -2)) == NOT_LETTER)
        return 1;
    char suf[2];
    size_t len = 0;
    for (long k = 1; letter_case(char_at(t, i, k)) != NOT_LETTER; k++) {
        uint32_t c = char_at(t, i, k);
        if (len == 2 || c > 'z')
            return 0;
        suf[len++] = (char)(c | 0x20);
    }
    if (len == 1)
        return suf[0] == 's' || suf[0] == 't' || suf[0] == 'd' || suf[0] == 'm';
    return len == 2 && ((suf[0] == 'l' && suf[1] == 'l') || (suf[0] == 'r' && suf[1] == 'e') ||
                        (suf[0] == 'v' && suf[1] == 'e'));
}

static int score_char(const text *t, size_t i)
{
    uint32_t c = char_at(t, i, 0), p = char_at(t, i, -1), nx = char_at(t, i, 1);
    int lp = letter_case(p), ln = letter_case(nx), lc = letter_case(c);
    int inside = lp && ln, beside = (lp != NOT_LETTER) != (ln != NOT_LETTER);
    if (c >= 0x80 && c <= 0x9F)
        return P_CONTROL;
    if (c == 0xA0)
        return P_SPACE;
    if (c == 0x2019) /* right single quote, the apostrophe */
        return inside ? (contraction(t, i) ? P_APOSTROPHE_WORD : P_APOSTROPHE_ELSE)
               : lp   ? P_APOSTROPHE_END
               : is_wordish(nx) ? P_APOSTROPHE_ELSE : 0;
    if (c == 0x2018) /* left single quote: opens a quotation, or a mistyped apostrophe */
        return inside || (lp && !ln) ? P_APOSTROPHE_ELSE : !lp && is_wordish(nx) ? P_QUOTE_EDGE : 0;
    if (is_quote(c))
        return inside ? P_QUOTE_INSIDE : is_wordish(p) != is_wordish(nx) ? P_QUOTE_EDGE : 0;
    if (c == 0x2013 || c == 0x2014 || c == 0x2026 || c == 0x2022)
        return inside ? 0 : P_PUNCT;
    if (lc != NOT_LETTER && !rare_letter(c)) {
        int plain = plain_letter(c) ? 0 : P_LETTER;
        if (lc == UPPER)
            return lp == LOWER ? P_CASE_BREAK : (lp || ln) ? plain : 0;
        return lp == UPPER && ln == UPPER ? P_LOWER_IN_CAPS : (lp || ln) ? plain : 0;
    }
    if (common_sign(c))
        return inside ? P_SIGN_INSIDE : beside ? P_SIGN_BESIDE : P_SIGN;
    return inside ? P_RARE_INSIDE : beside ? P_RARE_BESIDE : P_RARE;
}

long incstat_encoding_plausibility(incstat_encoding enc, const unsigned char *s, size_t n)
{
    text t = {s, n, enc};
    long sum = 0;
    for (size_t i = 0; i < n; i++) {
        i += incstat_ascii_run(s + i, n - i);
        if (i < n)
            sum += score_char(&t, i);
    }
    return sum;
}

void incstat_encoding_tally_add(incstat_encoding_tally *t, const unsigned char *s, size_t n)
{
    uint64_t high = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 0x80) {
            t->seen[(s[i] - 0x80) / 8] |= (unsigned char)(1u << (s[i] % 8));
            high++;
        }
    if (high == 0)
        return;
    for (int k = 0; k < INCSTAT_ENCODING_CANDIDATES; k++)
        t->score[k] += incstat_encoding_plausibility(incstat_encoding_candidates[k], s, n);
    t->bytes += high;
    t->cells++;
}

/* Whether candidates a and b decode every byte the sample held alike (then
 * their scores are equal and one is not the other's runner-up). */
static int same_reading(const incstat_encoding_tally *t, int a, int b)
{
    for (unsigned v = 0x80; v <= 0xFF; v++)
        if ((t->seen[(v - 0x80) / 8] >> (v % 8) & 1) &&
            incstat_encoding_code_point(incstat_encoding_candidates[a], (unsigned char)v) !=
                incstat_encoding_code_point(incstat_encoding_candidates[b], (unsigned char)v))
            return 0;
    return 1;
}

void incstat_encoding_decide(const incstat_encoding_tally *t, incstat_encoding prior,
                             incstat_encoding_choice *out)
{
    int best = 0, pk = -1;
    for (int k = 0; k < INCSTAT_ENCODING_CANDIDATES; k++)
        if (incstat_encoding_candidates[k] == prior)
            best = pk = k; /* the prior first among equals, then the order of the candidates */
    for (int k = 0; k < INCSTAT_ENCODING_CANDIDATES; k++)
        if (t->score[k] > t->score[best])
            best = k;
    int second = -1;
    for (int k = 0; k < INCSTAT_ENCODING_CANDIDATES; k++)
        if (k != best && !same_reading(t, k, best) &&
            (second < 0 || t->score[k] > t->score[second]))
            second = k;
    memset(out, 0, sizeof *out);
    out->prior = prior;
    out->cells = t->cells;
    out->bytes = t->bytes;
    out->sampled = 1;
    out->chosen = incstat_encoding_candidates[best];
    out->score = t->score[best];
    out->prior_score = pk >= 0 ? t->score[pk] : 0;
    if (second < 0) { /* nothing to judge by: the preset's encoding, else the default */
        out->by = prior != INCSTAT_ENCODING_AUTO ? INCSTAT_ENCODING_BY_PRESET
                                                 : INCSTAT_ENCODING_BY_DEFAULT;
        return;
    }
    out->by = INCSTAT_ENCODING_BY_TEXT;
    out->runner_up = incstat_encoding_candidates[second];
    out->runner_up_score = t->score[second];
    long margin = out->score / 10 > 3 ? out->score / 10 : 3;
    out->close = out->score - out->runner_up_score < margin;
}
