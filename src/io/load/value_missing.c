/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/value_missing.c: the spellings of "unknown" that the cell parsers
 * take for a missing value (see value_text.h). */
#include <stddef.h>
#include "io/load/value_text.h"

typedef struct {
    const char *text; /* lowercase */
    unsigned char len;
} token;

/* Spellings of "unknown" seen in incident files (compared case-insensitively). */
static const token missing_tokens[] = {
    {"na", 2},   {"n/a", 3},  {"n.a.", 4},  {"n.a", 3},     {"#n/a", 4},
    {"unknown", 7}, {"unk", 3}, {"-", 1},   {"--", 2},      {"---", 3},
    {"?", 1},    {"??", 2},   {"null", 4},  {"none", 4},    {"nan", 3},
    {"not known", 9},
};
#define MISSING_TOKEN_MAXLEN 9

int incstat_value_missing_token_(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 1;
    if (n > MISSING_TOKEN_MAXLEN || is_digit(s[0]))
        return 0; /* no token starts with a digit: numbers skip the loop */
    for (size_t t = 0; t < sizeof missing_tokens / sizeof missing_tokens[0]; t++) {
        if (missing_tokens[t].len != n)
            continue;
        size_t k = 0;
        while (k < n && to_lower(s[k]) == (unsigned char)missing_tokens[t].text[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}
