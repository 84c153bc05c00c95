/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/text.h (private): text as a reader sees it.  Category labels are
 * compared under one fold, so that the summary's merging of spellings
 * (stats), --where (stats) and --recode (io) agree on what "the same name"
 * is; and every option line the library or the CLI suggests quotes its value
 * with one shell quoter.  Both sit in core, below io and stats.  Never
 * installed. */
#ifndef INCSTAT_SRC_CORE_TEXT_H
#define INCSTAT_SRC_CORE_TEXT_H

#include <stddef.h>

/* The label fold.  Two labels are one when they are equal after:
 *  - every Unicode space (ASCII space, tab, CR, LF, VT, FF, NEL, no-break
 *    U+00A0, Ogham U+1680, U+2000-U+200A, line and paragraph separators
 *    U+2028-U+2029, narrow no-break U+202F, U+205F, ideographic U+3000)
 *    counts as a space, a run of them as one, and none at either end;
 *  - the invisible characters a copy from a web page or a spreadsheet leaves
 *    inside a cell are dropped: soft hyphen U+00AD, zero-width space U+200B,
 *    word joiner U+2060, and the byte-order mark / zero-width no-break space
 *    U+FEFF (zero-width joiners U+200C-U+200D are kept: in Urdu, Persian and
 *    the Indic scripts they change a word);
 *  - letters are lowercased: ASCII, Latin-1 (É is é), Latin Extended-A
 *    (Ā is ā), Latin Extended Additional (Ṣ is ṣ), Greek and Cyrillic.
 * Accents are kept (é is not e), and so is any other character; bytes that
 * are not UTF-8 compare as themselves. */

/* Write the folded s[0..n) to out, NUL-terminated; the fold never lengthens
 * a label, so n + 1 bytes always suffice (a shorter cap cuts it at a
 * character boundary).  Returns the bytes written, without the NUL. */
size_t incstat_label_fold(const char *s, size_t n, char *out, size_t cap);

/* 1 when a[0..an) and b[0..bn) are one label under the fold, else 0.  No
 * copy, no allocation. */
int incstat_label_eq(const char *a, size_t an, const char *b, size_t bn);

/* 1 when the folded needle[0..nn) occurs in the folded hay[0..hn) (an empty
 * or all-space needle occurs everywhere), else 0. */
int incstat_label_contains(const char *hay, size_t hn, const char *needle, size_t nn);

/* How near the label have[0..hn) is to the label want[0..wn), both folded,
 * for "did you mean" lists: 0 one label; 1 have begins with want ("Myanmar
 * (Burma)" for "Myanmar"); 2 one contains the other (have of three bytes
 * or more when it is the shorter); 3 + d for an edit
 * distance d (bytes of the folded labels, a swap of neighbours one edit) of
 * at most a third of want's length, at least 1 and at most 3; -1 not near.
 * A want of fewer than two characters is near only as the same label. */
int incstat_label_nearness(const char *want, size_t wn, const char *have, size_t hn);

/* s[0..n) for a note that names a label, into out (cap bytes, always
 * NUL-terminated when cap > 0): every space other than ' ' and every
 * invisible character of the fold written as <U+00A0>, so that two
 * spellings the fold made one can be told apart on the screen.  Stops before
 * a character that would not fit, ending with "..." when there is room.
 * Returns the bytes written, without the NUL. */
size_t incstat_label_show(const char *s, size_t n, char *out, size_t cap);

/* s as one word for a POSIX shell, into out (cap bytes, NUL-terminated when
 * cap > 0): bare when it is not empty and holds only letters, digits and
 * _ . / , : = + @ % -; otherwise in single quotes, each ' written '\''
 * (nothing is special inside single quotes, so $, `, \, " and ! need no
 * more).  Returns the length of the whole quoted word, as snprintf does: a
 * result >= cap means out was cut. */
size_t incstat_shell_quote(const char *s, char *out, size_t cap);

#endif
