/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_sheet.c: a worksheet as rows of typed cells (see
 * xlsx_sheet.h).  The XML's events (a tag's local name with the attributes
 * a sheet reads, text) build one row; at its end tag the parse stops and
 * next() returns it, so that memory holds one row however long the sheet.
 * The events come from the hand-written scanner (xlsx_scan.h), or from
 * expat: when asked for, or from where the scanner has its doubts, when
 * expat reads the part again from its start without giving again the rows
 * given.  Both feed the same functions, so a cell means the same. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/source/xlsx_cell.h"
#include "io/source/xlsx_scan.h"
#include "io/source/xlsx_sheet.h"
#include "io/source/xlsx_xml.h"

#define MAX_ROW 1048576u
#define MAX_COL 16384u
#define MAX_CELL_TEXT ((size_t)32 << 20) /* Excel stops at 32,767 characters */
#define MAX_ROW_TEXT ((size_t)256 << 20)
#define NO_ARENA ((size_t)-1)
#define MERGED_LISTED 5

enum { T_NUMBER, T_SHARED, T_STR, T_INLINE, T_BOOL, T_ERROR, T_DATE };

typedef struct {
    incstat_rows base;
    xlsx_xml x;
    xlsx_shared *sh;
    const xlsx_entry *e;  /* the sheet's part */
    size_t index;         /* the sheet's place in sh->sheets */
    int probe;
    uint64_t total;       /* the part's size */

    /* the row being built, then given */
    uint32_t row, last_row;
    incstat_cell *cells;
    size_t *aoff;         /* where cell i's text lies in the arena, NO_ARENA when elsewhere */
    size_t ncell, cell_cap;
    size_t nvalues;
    char *arena;
    size_t alen, acap;

    /* the cell being built */
    int in_data, in_row, in_c, in_v, in_is, in_t, rph, got_is;
    uint32_t col, next_col;
    int ctype;
    size_t style;
    char *v;
    size_t vlen, vcap;

    char dimension[48];
    uint64_t merged;
    char merged_refs[MERGED_LISTED][24];
    uint64_t leap;
    char leap_first[24];
    char **notes;
    size_t nnotes, notes_cap;

    /* the parse: the scanner, or expat (forced, or from where the scanner had
     * its doubts: then the rows already given are read again, not given) */
    xlsx_scan *sc;
    int expat;            /* 1: expat parses */
    int expat_only;       /* the caller asked for expat */
    const char *fell_back; /* why the scanner handed over, NULL when it did not */
    uint32_t given_last;  /* the last row given */
    uint32_t skip_through; /* rows up to this one were given before the hand-over */
    int pause;            /* a row is ready */
    const unsigned char *fd; /* the stream's chunk being fed, in pieces of at most feed bytes */
    size_t fn, foff, feed;
    unsigned feed_seed;

    int done;
    incstat_status sticky;
    incstat_error sticky_err;
} xlsx_sheet;

/* ---- references ----------------------------------------------------------- */

static size_t col_letters(char *buf, uint32_t col)
{
    char tmp[8];
    size_t k = 0, n = 0;
    while (col > 0 && k < sizeof tmp) {
        col--;
        tmp[k++] = (char)('A' + col % 26);
        col /= 26;
    }
    while (k)
        buf[n++] = tmp[--k];
    buf[n] = '\0';
    return n;
}

static void cell_ref(char *buf, size_t cap, uint32_t col, uint32_t row)
{
    char letters[8];
    col_letters(letters, col);
    snprintf(buf, cap, "%s%lu", letters, (unsigned long)row);
}

/* "B12" into column and row (either 0 when absent); 1, 0 when ref is not a
 * reference, -1 when it is one past Excel's last cell. */
static int parse_ref(const char *ref, size_t len, uint32_t *col, uint32_t *row)
{
    const char *p = ref, *end = ref + len;
    uint64_t c = 0, r = 0;
    size_t nl = 0, nd = 0;
    while (p < end && p[0] == '$')
        p++;
    for (; p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')); p++, nl++)
        if (nl < 8)
            c = c * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
    if (p < end && *p == '$')
        p++;
    for (; p < end && *p >= '0' && *p <= '9'; p++, nd++)
        if (nd < 12)
            r = r * 10 + (uint64_t)(*p - '0');
    if (p != end || (nl == 0 && nd == 0) || (nd && r == 0))
        return 0;
    if (nl > 3 || c > MAX_COL || nd > 7 || r > MAX_ROW)
        return -1;
    *col = (uint32_t)c;
    *row = (uint32_t)r;
    return 1;
}

/* ---- failing from a callback ---------------------------------------------- */

static void cell_fail(xlsx_sheet *s, incstat_status code, const char *fmt, ...) INCSTAT_PRINTF(3, 4);
static void cell_fail(xlsx_sheet *s, incstat_status code, const char *fmt, ...)
{
    char msg[200], ref[24];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cell_ref(ref, sizeof ref, s->col, s->row);
    int first = s->x.st == INCSTAT_OK;
    xlsx_xml_fail(&s->x, code, "cell %s: %s", ref, msg);
    if (first) {
        s->x.err.line = s->row;
        s->x.err.column = s->col;
    }
}

/* ---- the row -------------------------------------------------------------- */

/* Cell col (1-based) of the row, the cells before it made empty. */
static incstat_cell *place(xlsx_sheet *s, uint32_t col)
{
    if (col > s->cell_cap) {
        size_t nc = s->cell_cap ? s->cell_cap : 64;
        while (nc < col)
            nc *= 2;
        incstat_cell *c = incstat_reallocarray(s->cells, nc, sizeof *c);
        if (!c)
            return NULL;
        s->cells = c;
        size_t *a = incstat_reallocarray(s->aoff, nc, sizeof *a);
        if (!a)
            return NULL;
        s->aoff = a;
        s->cell_cap = nc;
    }
    while (s->ncell < col) {
        incstat_cell *e = &s->cells[s->ncell];
        e->type = INCSTAT_CELL_EMPTY;
        e->text = "";
        e->len = 0;
        e->num = NAN;
        s->aoff[s->ncell++] = NO_ARENA;
    }
    return &s->cells[col - 1];
}

/* Copy text into the row's arena for cell col; 0, or -1 when out of memory
 * or over the row's limit (the callback has failed). */
static int arena_put(xlsx_sheet *s, incstat_cell *c, const char *text, size_t len)
{
    if (s->acap - s->alen < len) {
        if (s->alen + len > MAX_ROW_TEXT) {
            cell_fail(s, INCSTAT_ELIMIT, "its row holds more than %zu MiB of text", MAX_ROW_TEXT >> 20);
            return -1;
        }
        size_t nc = s->acap ? s->acap : 4096;
        while (nc - s->alen < len)
            nc *= 2;
        char *a = incstat_realloc(s->arena, nc);
        if (!a) {
            xlsx_xml_fail(&s->x, INCSTAT_ENOMEM, "out of memory");
            return -1;
        }
        s->arena = a;
        s->acap = nc;
    }
    memcpy(s->arena + s->alen, text, len);
    s->aoff[c - s->cells] = s->alen;
    c->len = len;
    s->alen += len;
    return 0;
}

/* Text of spaces, tabs, line ends and no-break spaces alone is blank: no
 * value (as readxl and the loader read it). */
static int blank(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0xA0)
            i++;
        else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return 0;
    }
    return 1;
}

static void set_value(xlsx_sheet *s, incstat_cell *c, incstat_cell_type type, double num,
                      const char *text, size_t len)
{
    c->type = type;
    c->num = num;
    if (arena_put(s, c, text, len) == 0)
        s->nvalues++;
}

static void number_cell(xlsx_sheet *s, incstat_cell *c)
{
    double x;
    int same;
    if (!xlsx_number_parse(s->v, s->vlen, &x, &same)) {
        char shown[40];
        snprintf(shown, sizeof shown, "%.*s", s->vlen > 32 ? 32 : (int)s->vlen, s->v);
        cell_fail(s, INCSTAT_EPARSE, "its value \"%s\" is not a number", shown);
        return;
    }
    char buf[XLSX_CELL_TEXT_MAX];
    if (xlsx_style_is_date(s->sh, s->style)) {
        double days;
        int r = xlsx_serial_days(x, s->sh->date1904, &days), whole;
        if (r == 1) {
            size_t n = xlsx_days_text(buf, days, &whole);
            set_value(s, c, whole ? INCSTAT_CELL_DATE : INCSTAT_CELL_DATETIME, days, buf, n);
            return;
        }
        if (r == 0) { /* 1900-02-29: a day that never was, so missing */
            if (s->leap++ == 0)
                cell_ref(s->leap_first, sizeof s->leap_first, s->col, s->row);
            set_value(s, c, INCSTAT_CELL_ERROR, NAN, "1900-02-29", 10);
            return;
        }
        /* past the years 1..9999: no date, the number stays */
    }
    if (same)
        set_value(s, c, INCSTAT_CELL_NUMBER, x, s->v, s->vlen);
    else
        set_value(s, c, INCSTAT_CELL_NUMBER, x, buf, xlsx_number_text(buf, x));
}

static void shared_cell(xlsx_sheet *s, incstat_cell *c)
{
    if (s->probe) { /* the strings are not loaded: any index is a value */
        s->nvalues++;
        return;
    }
    uint64_t idx = 0;
    size_t i = 0, n = s->vlen;
    while (i < n && s->v[i] == ' ')
        i++;
    size_t d = i;
    for (; i < n && s->v[i] >= '0' && s->v[i] <= '9'; i++)
        if (idx < ((uint64_t)1 << 40))
            idx = idx * 10 + (uint64_t)(s->v[i] - '0');
    while (i < n && s->v[i] == ' ')
        i++;
    if (i == d || i != n) {
        cell_fail(s, INCSTAT_EPARSE, "its shared string index \"%.*s\" is not a number",
                  n > 32 ? 32 : (int)n, s->v);
        return;
    }
    const xlsx_shared *sh = s->sh;
    if (idx >= sh->nstr) {
        cell_fail(s, INCSTAT_EPARSE,
                  "shared string %llu is out of range: the workbook has %zu (a damaged workbook)",
                  (unsigned long long)idx, sh->nstr);
        return;
    }
    uint64_t a = sh->soff[idx], b = sh->soff[idx + 1];
    if (a == b || blank(sh->sbuf + a, (size_t)(b - a)))
        return; /* "" is no value */
    c->type = INCSTAT_CELL_TEXT;
    c->text = sh->sbuf + a;
    c->len = (size_t)(b - a);
    c->num = NAN;
    s->nvalues++;
}

static void finish_cell(xlsx_sheet *s)
{
    incstat_cell *c = place(s, s->col);
    if (!c) {
        xlsx_xml_fail(&s->x, INCSTAT_ENOMEM, "out of memory");
        return;
    }
    /* a column given twice: the later value counts */
    c->type = INCSTAT_CELL_EMPTY;
    c->text = "";
    c->len = 0;
    c->num = NAN;
    s->aoff[s->col - 1] = NO_ARENA;
    if (s->vlen == 0)
        return;
    switch (s->ctype) {
    case T_NUMBER:
        number_cell(s, c);
        break;
    case T_SHARED:
        shared_cell(s, c);
        break;
    case T_STR:
    case T_INLINE:
        s->vlen = xlsx_unescape(s->v, s->vlen);
        if (!blank(s->v, s->vlen))
            set_value(s, c, INCSTAT_CELL_TEXT, NAN, s->v, s->vlen);
        break;
    case T_BOOL:
        if ((s->vlen == 1 && s->v[0] == '1') || (s->vlen == 4 && memcmp(s->v, "true", 4) == 0))
            set_value(s, c, INCSTAT_CELL_BOOL, 1, "TRUE", 4);
        else if ((s->vlen == 1 && s->v[0] == '0') || (s->vlen == 5 && memcmp(s->v, "false", 5) == 0))
            set_value(s, c, INCSTAT_CELL_BOOL, 0, "FALSE", 5);
        else
            cell_fail(s, INCSTAT_EPARSE, "a boolean cell holding \"%.*s\", not 0 or 1",
                      s->vlen > 32 ? 32 : (int)s->vlen, s->v);
        break;
    case T_ERROR:
        set_value(s, c, INCSTAT_CELL_ERROR, NAN, s->v, s->vlen);
        break;
    case T_DATE: {
        double days;
        char buf[XLSX_CELL_TEXT_MAX];
        int whole;
        if (xlsx_iso_days(s->v, s->vlen, &days)) {
            size_t n = xlsx_days_text(buf, days, &whole);
            set_value(s, c, whole ? INCSTAT_CELL_DATE : INCSTAT_CELL_DATETIME, days, buf, n);
        } else if (!blank(s->v, s->vlen)) {
            set_value(s, c, INCSTAT_CELL_TEXT, NAN, s->v, s->vlen);
        }
        break;
    }
    default:
        break;
    }
}

/* ---- the events: a tag's local name, the attributes the sheet reads ------- */

/* A piece of the document: p NULL when absent. */
typedef struct {
    const char *p;
    size_t n;
} xstr;

/* The attributes a sheet reads, by local name, as expat's callbacks found
 * them: a row's first r, a cell's last r, t and s, and the first ref. */
typedef struct {
    xstr r_first, r_last, t, s, ref;
} sheet_atts;

static void take_att(sheet_atts *a, const char *local, size_t ln, const char *v, size_t vn)
{
    xstr x = {v, vn};
    if (ln == 1 && local[0] == 'r') {
        if (!a->r_first.p)
            a->r_first = x;
        a->r_last = x;
    } else if (ln == 1 && local[0] == 't') {
        a->t = x;
    } else if (ln == 1 && local[0] == 's') {
        a->s = x;
    } else if (ln == 3 && memcmp(local, "ref", 3) == 0 && !a->ref.p) {
        a->ref = x;
    }
}

static int is(const char *name, size_t n, const char *lit, size_t ln)
{
    return n == ln && memcmp(name, lit, ln) == 0;
}
#define IS(name, n, lit) is(name, n, lit, sizeof lit - 1)

static int shown(size_t n, size_t most)
{
    return (int)(n < most ? n : most);
}

static void start_row(xlsx_sheet *s, xstr r)
{
    uint64_t n = 0;
    if (r.p) {
        const char *p = r.p, *end = r.p + r.n;
        while (p < end && *p >= '0' && *p <= '9' && n <= MAX_ROW)
            n = n * 10 + (uint64_t)(*p++ - '0');
        if (p != end || p == r.p || n == 0 || n > MAX_ROW) {
            int bad = p != end || p == r.p || n == 0;
            s->col = 0;
            s->row = s->last_row + 1;
            xlsx_xml_fail(&s->x, bad ? INCSTAT_EPARSE : INCSTAT_ELIMIT,
                          "row number \"%.*s\" is %s", shown(r.n, 20), r.p,
                          bad ? "not a row number" : "past Excel's last row, 1048576");
            return;
        }
    } else {
        n = (uint64_t)s->last_row + 1;
        if (n > MAX_ROW) {
            xlsx_xml_fail(&s->x, INCSTAT_ELIMIT, "more rows than Excel's 1048576");
            return;
        }
    }
    if (n <= s->last_row) {
        xlsx_xml_fail(&s->x, INCSTAT_EPARSE, "row %llu comes after row %lu: rows out of order "
                      "(a damaged workbook)", (unsigned long long)n, (unsigned long)s->last_row);
        return;
    }
    s->row = s->last_row = (uint32_t)n;
    s->in_row = 1;
    s->ncell = 0;
    s->alen = 0;
    s->nvalues = 0;
    s->next_col = 1;
}

static int cell_type(xstr t)
{
    if (!t.p || IS(t.p, t.n, "n"))
        return T_NUMBER;
    if (IS(t.p, t.n, "s"))
        return T_SHARED;
    if (IS(t.p, t.n, "str"))
        return T_STR;
    if (IS(t.p, t.n, "inlineStr"))
        return T_INLINE;
    if (IS(t.p, t.n, "b"))
        return T_BOOL;
    if (IS(t.p, t.n, "e"))
        return T_ERROR;
    if (IS(t.p, t.n, "d"))
        return T_DATE;
    return -1;
}

static void start_cell(xlsx_sheet *s, const sheet_atts *a)
{
    xstr r = a->r_last, t = a->t, st = a->s;
    s->col = s->next_col;
    if (r.p) {
        uint32_t col = 0, row = 0;
        int k = parse_ref(r.p, r.n, &col, &row);
        if (k <= 0 || col == 0) {
            xlsx_xml_fail(&s->x, INCSTAT_EPARSE, "row %lu: cell reference \"%.*s\" is %s",
                          (unsigned long)s->row, shown(r.n, 20), r.p,
                          k < 0 ? "past Excel's last cell, XFD1048576" : "not a cell reference");
            return;
        }
        if (row && row != s->row) {
            s->col = col;
            cell_fail(s, INCSTAT_EPARSE, "it lies in row %lu of the file (a damaged workbook)",
                      (unsigned long)s->row);
            return;
        }
        s->col = col;
    }
    if (s->col > MAX_COL) {
        xlsx_xml_fail(&s->x, INCSTAT_EPARSE, "row %lu: a cell past Excel's last column, XFD",
                      (unsigned long)s->row);
        return;
    }
    s->next_col = s->col + 1;
    s->style = 0;
    if (st.p)
        for (size_t i = 0; i < st.n && st.p[i] >= '0' && st.p[i] <= '9' && s->style < MAX_COL * 64; i++)
            s->style = s->style * 10 + (size_t)(st.p[i] - '0');
    s->ctype = cell_type(t);
    if (s->ctype < 0) {
        cell_fail(s, INCSTAT_EPARSE, "unknown cell type t=\"%.*s\"", shown(t.n, 20), t.p);
        return;
    }
    s->in_c = 1;
    s->got_is = 0;
    s->vlen = 0;
}

/* The elements whose attributes count; for the others none is looked at. */
static int wants_atts(const xlsx_sheet *s, const char *n, size_t len)
{
    if (s->in_c)
        return 0;
    if (s->in_row)
        return IS(n, len, "c");
    if (s->in_data)
        return IS(n, len, "row");
    return IS(n, len, "dimension") || IS(n, len, "mergeCell");
}

static void ev_start(xlsx_sheet *s, const char *n, size_t len, const sheet_atts *a)
{
    if (s->in_c) {
        if (IS(n, len, "v"))
            s->in_v = 1;
        else if (IS(n, len, "is")) {
            /* an inline string is its <is>, whatever <v> may say */
            s->in_is = s->got_is = 1;
            s->vlen = 0;
        }
        else if (s->in_is && IS(n, len, "rPh"))
            s->rph++;
        else if (s->in_is && IS(n, len, "t"))
            s->in_t = 1;
    } else if (s->in_row) {
        if (IS(n, len, "c"))
            start_cell(s, a);
    } else if (s->in_data) {
        if (IS(n, len, "row"))
            start_row(s, a->r_first);
    } else if (IS(n, len, "sheetData")) {
        s->in_data = 1;
    } else if (IS(n, len, "dimension")) {
        xstr ref = a->ref;
        snprintf(s->dimension, sizeof s->dimension, "%.*s", ref.p ? shown(ref.n, sizeof s->dimension) : 0,
                 ref.p ? ref.p : "");
    } else if (IS(n, len, "mergeCell")) {
        xstr ref = a->ref;
        if (ref.p && s->merged < MERGED_LISTED)
            snprintf(s->merged_refs[s->merged], sizeof s->merged_refs[0], "%.*s",
                     shown(ref.n, sizeof s->merged_refs[0]), ref.p);
        s->merged += ref.p != NULL;
    }
}

static void end_row(xlsx_sheet *s)
{
    s->in_row = 0;
    while (s->ncell && s->cells[s->ncell - 1].type == INCSTAT_CELL_EMPTY)
        s->ncell--;
    if (s->nvalues == 0 || s->row <= s->skip_through)
        return; /* no value, or given before expat took over: not a row the caller sees */
    for (size_t i = 0; i < s->ncell; i++)
        if (s->aoff[i] != NO_ARENA)
            s->cells[i].text = s->arena + s->aoff[i];
    s->pause = 1;
    s->given_last = s->row;
    if (s->expat)
        XML_StopParser(s->x.p, XML_TRUE);
}

static void ev_end(xlsx_sheet *s, const char *n, size_t len)
{
    if (s->in_c) {
        if (IS(n, len, "v")) {
            s->in_v = 0;
        } else if (IS(n, len, "t")) {
            s->in_t = 0;
        } else if (IS(n, len, "rPh")) {
            if (s->rph)
                s->rph--;
        } else if (IS(n, len, "is")) {
            s->in_is = 0;
        } else if (IS(n, len, "c")) {
            s->in_c = s->in_v = s->in_is = s->in_t = s->rph = 0;
            finish_cell(s);
        }
    } else if (s->in_row) {
        if (IS(n, len, "row"))
            end_row(s);
    } else if (s->in_data && IS(n, len, "sheetData")) {
        s->in_data = 0;
    }
}

static void ev_text(xlsx_sheet *s, const char *text, size_t n)
{
    if (!((s->in_v && !s->got_is) || (s->in_t && !s->rph)) || n == 0)
        return;
    if (s->vcap - s->vlen < n) {
        if (s->vlen + n > MAX_CELL_TEXT) {
            cell_fail(s, INCSTAT_ELIMIT, "it holds more than %zu MiB of text", MAX_CELL_TEXT >> 20);
            return;
        }
        size_t nc = s->vcap ? s->vcap : 256;
        while (nc - s->vlen < n)
            nc *= 2;
        char *v = incstat_realloc(s->v, nc);
        if (!v) {
            xlsx_xml_fail(&s->x, INCSTAT_ENOMEM, "out of memory");
            return;
        }
        s->v = v;
        s->vcap = nc;
    }
    memcpy(s->v + s->vlen, text, n);
    s->vlen += n;
}

/* The local part of a qualified name ("x:c" -> "c"), as xlsx_local. */
static const char *local_part(const char *name, size_t *len)
{
    size_t i = *len;
    while (i > 0 && name[i - 1] != ':')
        i--;
    *len -= i;
    return name + i;
}

/* ---- expat's callbacks -------------------------------------------------------- */

static void on_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    xlsx_sheet *s = user;
    s->x.since = 0;
    const char *n = xlsx_local(name);
    size_t len = strlen(n);
    sheet_atts a;
    memset(&a, 0, sizeof a);
    if (wants_atts(s, n, len))
        for (size_t i = 0; atts[i]; i += 2) {
            const char *an = xlsx_local(atts[i]);
            take_att(&a, an, strlen(an), atts[i + 1], strlen(atts[i + 1]));
        }
    ev_start(s, n, len, &a);
}

static void on_end(void *user, const XML_Char *name)
{
    xlsx_sheet *s = user;
    s->x.since = 0;
    const char *n = xlsx_local(name);
    ev_end(s, n, strlen(n));
}

static void on_text(void *user, const XML_Char *text, int len)
{
    if (len > 0)
        ev_text(user, text, (size_t)len);
}

/* ---- notes ------------------------------------------------------------------ */

static int add_note(xlsx_sheet *s, const char *text)
{
    char **n = incstat_array_room(s->notes, &s->notes_cap, s->nnotes, sizeof *n, 4);
    if (!n)
        return -1;
    s->notes = n;
    if (!(s->notes[s->nnotes] = incstat_strndup(text, strlen(text))))
        return -1;
    s->nnotes++;
    return 0;
}

int xlsx_sheet_note(incstat_rows *r, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return add_note((xlsx_sheet *)r, buf);
}

static const char *sheet_name(const xlsx_sheet *s)
{
    return s->sh->sheets[s->index].name;
}

/* The notes only the whole sheet can give: merged ranges, 1900-02-29. */
static int end_notes(xlsx_sheet *s)
{
    char buf[512];
    if (s->merged) {
        size_t n = (size_t)snprintf(buf, sizeof buf, "sheet \"%s\": %llu merged range%s (", sheet_name(s),
                                    (unsigned long long)s->merged, s->merged == 1 ? "" : "s");
        for (size_t k = 0; k < s->merged && k < MERGED_LISTED && n < sizeof buf; k++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", k ? ", " : "", s->merged_refs[k]);
        if (n < sizeof buf)
            snprintf(buf + n, sizeof buf - n, "%s): each value stays in the top-left cell of its "
                     "range, the other cells are empty",
                     s->merged > MERGED_LISTED ? ", ..." : "");
        if (add_note(s, buf) != 0)
            return -1;
    }
    if (s->leap) {
        snprintf(buf, sizeof buf, "sheet \"%s\": %llu date cell%s (the first %s) on 1900-02-29, a day "
                 "Excel counts but that never was (serial 60 of the 1900 date system): read as "
                 "missing", sheet_name(s), (unsigned long long)s->leap, s->leap == 1 ? "" : "s",
                 s->leap_first);
        if (add_note(s, buf) != 0)
            return -1;
    }
    return 0;
}

/* ---- the parse ------------------------------------------------------------------ */

/* Open the part for the scanner or for expat.  A probe stops at the first
 * value: inflating far ahead would be waste. */
static incstat_status parse_open(xlsx_sheet *s, incstat_error *err)
{
    int threaded = !s->probe && s->e->usize > (1u << 20);
    if (s->expat)
        return xlsx_xml_open(&s->x, s->sh->z, s->e, threaded, s, on_start, on_end, on_text, err);
    if (!(s->sc = xlsx_scan_new()))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", s->sh->file);
    return xlsx_xml_open(&s->x, s->sh->z, s->e, threaded, s, NULL, NULL, NULL, err);
}

/* The scanner has its doubts (XML it does not read, or malformed XML):
 * expat reads the part again from its start, and gives the same rows, or
 * the exact error with its line and column.  The rows given already are
 * read again but not given, and what the sheet counts is counted afresh. */
static incstat_status hand_over(xlsx_sheet *s, const char *why, incstat_error *err)
{
    s->fell_back = why;
    xlsx_scan_free(s->sc);
    s->sc = NULL;
    xlsx_xml_close(&s->x);
    s->skip_through = s->given_last;
    s->row = s->last_row = 0;
    s->in_data = s->in_row = s->in_c = s->in_v = s->in_is = s->in_t = s->rph = s->got_is = 0;
    s->ncell = s->vlen = 0;
    s->dimension[0] = '\0';
    s->merged = s->leap = 0;
    s->leap_first[0] = '\0';
    s->fd = NULL;
    s->fn = s->foff = 0;
    s->expat = 1;
    return parse_open(s, err);
}

/* The scanner's next piece of the part: the stream's chunk, or (tests) a
 * piece of it. */
static incstat_status feed(xlsx_sheet *s, incstat_error *err)
{
    if (s->foff == s->fn) {
        const unsigned char *d;
        size_t n;
        incstat_status st = xlsx_stream_next(s->x.s, &d, &n, err);
        if (st != INCSTAT_OK)
            return st;
        s->fd = d;
        s->fn = n;
        s->foff = 0;
        if (n == 0) {
            xlsx_scan_feed(s->sc, d, 0);
            return INCSTAT_OK;
        }
    }
    size_t k = s->fn - s->foff;
    if (s->feed) {
        size_t piece = s->feed;
        if (s->feed_seed) { /* xorshift: sizes from 1 to feed */
            s->feed_seed ^= s->feed_seed << 13;
            s->feed_seed ^= s->feed_seed >> 17;
            s->feed_seed ^= s->feed_seed << 5;
            piece = 1 + s->feed_seed % s->feed;
        }
        if (k > piece)
            k = piece;
    }
    xlsx_scan_feed(s->sc, s->fd + s->foff, k);
    s->foff += k;
    return INCSTAT_OK;
}

static void scan_start(xlsx_sheet *s, const xlsx_token *t)
{
    size_t len = t->nlen;
    const char *n = local_part(t->name, &len);
    static const sheet_atts none;
    if (!t->nattr || !wants_atts(s, n, len)) {
        ev_start(s, n, len, &none);
        return;
    }
    sheet_atts a;
    memset(&a, 0, sizeof a);
    for (size_t i = 0; i < t->nattr; i++) {
        size_t al = t->attrs[i].nlen;
        const char *an = local_part(t->attrs[i].name, &al);
        take_att(&a, an, al, t->attrs[i].val, t->attrs[i].vlen);
    }
    ev_start(s, n, len, &a);
}

/* Parse on to the next row: INCSTAT_ROW, INCSTAT_DONE, or an error. */
static incstat_status parse_run(xlsx_sheet *s, incstat_error *err)
{
    if (s->expat) {
        incstat_status st = xlsx_xml_run(&s->x, err);
        s->pause = 0;
        return st;
    }
    for (;;) {
        xlsx_token t;
        incstat_status st;
        size_t len;
        const char *n;
        switch (xlsx_scan_next(s->sc, &t)) {
        case XLSX_TOK_START:
            scan_start(s, &t);
            break;
        case XLSX_TOK_END:
            len = t.nlen;
            n = local_part(t.name, &len);
            ev_end(s, n, len);
            break;
        case XLSX_TOK_TEXT:
            ev_text(s, t.text, t.tlen);
            break;
        case XLSX_TOK_NEED:
            if ((st = feed(s, err)) != INCSTAT_OK)
                return st;
            continue;
        case XLSX_TOK_EOF:
            return INCSTAT_DONE;
        case XLSX_TOK_NOMEM:
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", s->sh->file);
        case XLSX_TOK_DOUBT:
        default:
            if ((st = hand_over(s, t.why, err)) != INCSTAT_OK)
                return st;
            return parse_run(s, err);
        }
        if (s->x.st != INCSTAT_OK) {
            if (err)
                *err = s->x.err;
            return s->x.st;
        }
        if (s->pause) {
            s->pause = 0;
            return INCSTAT_ROW;
        }
    }
}

/* ---- the rows interface ------------------------------------------------------ */

static incstat_status sheet_next(incstat_rows *r, incstat_error *err)
{
    xlsx_sheet *s = (xlsx_sheet *)r;
    if (s->sticky != INCSTAT_OK) {
        if (err)
            *err = s->sticky_err;
        return s->sticky;
    }
    if (s->done)
        return INCSTAT_DONE;
    s->ncell = 0;
    incstat_status st = parse_run(s, &s->sticky_err);
    if (st == INCSTAT_ROW)
        return st;
    if (st == INCSTAT_DONE) {
        s->done = 1;
        if (s->probe || end_notes(s) == 0)
            return INCSTAT_DONE;
        st = incstat_set_error(&s->sticky_err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", s->sh->file);
    }
    s->ncell = 0;
    s->sticky = st;
    if (err)
        *err = s->sticky_err;
    return st;
}

static size_t sheet_count(const incstat_rows *r)
{
    return ((const xlsx_sheet *)r)->ncell;
}

static const incstat_cell *sheet_cell(const incstat_rows *r, size_t i)
{
    const xlsx_sheet *s = (const xlsx_sheet *)r;
    return i < s->ncell ? &s->cells[i] : NULL;
}

static uint64_t sheet_row_number(const incstat_rows *r)
{
    return ((const xlsx_sheet *)r)->row;
}

/* A sheet name as a formula writes it: 'My data'!B12 when it needs quotes. */
static void sheet_where(const incstat_rows *r, size_t i, char *buf, size_t cap)
{
    const xlsx_sheet *s = (const xlsx_sheet *)r;
    const char *name = sheet_name(s);
    int plain = name[0] != '\0' && !(name[0] >= '0' && name[0] <= '9');
    for (const char *p = name; *p && plain; p++)
        plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                *p == '_' || *p == '.' || (unsigned char)*p >= 0x80;
    char ref[24];
    cell_ref(ref, sizeof ref, i + 1 <= MAX_COL ? (uint32_t)(i + 1) : MAX_COL, s->row);
    if (!cap)
        return;
    if (plain) {
        snprintf(buf, cap, "%s!%s", name, ref);
        return;
    }
    size_t n = 0;
    buf[n++] = '\'';
    for (const char *p = name; *p && n + 2 < cap; p++) {
        if (*p == '\'')
            buf[n++] = '\'';
        buf[n++] = *p;
    }
    snprintf(buf + n, cap - n, "'!%s", ref);
}

static uint64_t sheet_bytes_done(const incstat_rows *r)
{
    const xlsx_sheet *s = (const xlsx_sheet *)r;
    return s->x.s ? xlsx_stream_done(s->x.s) : 0;
}

static uint64_t sheet_bytes_total(const incstat_rows *r)
{
    return ((const xlsx_sheet *)r)->total;
}

static size_t sheet_note_count(const incstat_rows *r)
{
    return ((const xlsx_sheet *)r)->nnotes;
}

static const char *sheet_note(const incstat_rows *r, size_t k)
{
    const xlsx_sheet *s = (const xlsx_sheet *)r;
    return k < s->nnotes ? s->notes[k] : NULL;
}

static void sheet_free(incstat_rows *r)
{
    xlsx_sheet *s = (xlsx_sheet *)r;
    xlsx_xml_close(&s->x);
    xlsx_scan_free(s->sc);
    for (size_t i = 0; i < s->nnotes; i++)
        incstat_free_mem(s->notes[i]);
    incstat_free_mem(s->notes);
    incstat_free_mem(s->cells);
    incstat_free_mem(s->aoff);
    incstat_free_mem(s->arena);
    incstat_free_mem(s->v);
    xlsx_shared_release(s->sh);
    incstat_free_mem(s);
}

static const incstat_rows_ops SHEET_OPS = {
    "xlsx", sheet_next, sheet_count, sheet_cell, sheet_row_number, sheet_where,
    sheet_bytes_done, sheet_bytes_total, sheet_note_count, sheet_note, sheet_free,
};

const char *xlsx_sheet_dimension(const incstat_rows *r)
{
    return ((const xlsx_sheet *)r)->dimension;
}

const char *xlsx_sheet_fell_back(const incstat_rows *r)
{
    return r && r->ops == &SHEET_OPS ? ((const xlsx_sheet *)r)->fell_back : NULL;
}

incstat_status xlsx_sheet_open(xlsx_shared *sh, size_t i, int probe, const incstat_xlsx_options *o,
                               incstat_rows **out, incstat_error *err)
{
    *out = NULL;
    const xlsx_entry *e = sh->sheets[i].part ? xlsx_zip_find(sh->z, sh->sheets[i].part) : NULL;
    if (!e)
        return incstat_set_error(err, INCSTAT_EPARSE, 0, 0, "%s: sheet %s has no part in the archive",
                                 sh->file, sh->sheets[i].name);
    xlsx_sheet *s = incstat_calloc(1, sizeof *s);
    if (!s)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", sh->file);
    s->base.ops = &SHEET_OPS;
    s->sh = sh;
    xlsx_shared_retain(sh);
    s->index = i;
    s->probe = probe;
    s->e = e;
    s->total = e->usize;
    if (o) {
        s->expat = s->expat_only = o->expat;
        s->feed = o->feed;
        s->feed_seed = o->feed_seed;
    }
    incstat_status st = parse_open(s, err);
    if (st != INCSTAT_OK) {
        sheet_free(&s->base);
        return st;
    }
    *out = &s->base;
    return INCSTAT_OK;
}
