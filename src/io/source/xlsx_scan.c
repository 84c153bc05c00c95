/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_scan.c: the worksheet XML scanner (see xlsx_scan.h).
 *
 * One function reads one token from a window of bytes and either gives it
 * (moving the position past it, and only then changing the scanner's
 * state) or says the window ends inside it (NEED, nothing changed).  The
 * driver, xlsx_scan_next, runs that over the chunk fed; a token cut by the
 * chunk's end is copied to the carry, and the next chunk's first bytes are
 * appended to it a little at a time until the token is whole; from there on
 * the chunk is read in place again.  Only the rare tokens cut by a chunk's
 * end are copied.
 *
 * Where XML is malformed or the scanner is not sure expat would read it so,
 * the answer is DOUBT: the scanner never accepts what expat refuses, and
 * what it refuses, expat reads or explains. */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/xlsx_scan.h"

#define SKIP ((xlsx_tok_kind)100) /* internal: consumed, no token; read on */
#define MAX_ATTRS 1024
#define MAX_STACK ((size_t)1 << 20)  /* bytes of open elements' names */
#define MAX_REF 16                   /* "&#x0010FFFF;" and a little more */

struct xlsx_scan {
    /* the chunk fed */
    const unsigned char *chunk;
    size_t clen, cpos;
    int final;
    /* the carry: kold bytes of a cut token, then the chunk's first kapp bytes */
    unsigned char *carry;
    size_t kcap, kold, kapp, kpos;
    int in_carry;
    /* the document */
    int started, root_done, cr, pending_end;
    const char *pname;
    size_t pnlen;
    char *stk;
    size_t slen, scap;
    size_t *soff;
    size_t depth, socap;
    xlsx_scan_attr *attrs;
    unsigned char *adec;
    size_t acap;
    char *scratch;
    size_t xcap;
    char small[8];
    uint64_t since;
    xlsx_tok_kind stuck;
    const char *stuck_why;
    /* byte classes: 0 for the bytes text (attribute values) hold as they are */
    unsigned char tclass[256], aclass[256];
    unsigned char nclass[256]; /* 1: a name's byte; 3: one that may begin it */
    unsigned char sclass[256]; /* 1: white space */
};

/* ---- bytes and characters ---------------------------------------------- */

static int is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Names in ASCII; a name with another character is left to expat. */
static int name_start(unsigned c)
{
    return (unsigned)((c | 0x20) - 'a') < 26 || c == '_' || c == ':';
}

static int name_char(unsigned c)
{
    return name_start(c) || (unsigned)(c - '0') < 10 || c == '-' || c == '.';
}

/* Past the name at *q (its first byte already known to start one): 1, 0
 * when the window ends in it, -1 when a non-ASCII byte follows (a name
 * character, perhaps: expat's).  nclass: 1 for the bytes of names. */
static int scan_name(const unsigned char *nclass, const unsigned char *w, size_t n, size_t *q)
{
    size_t i = *q + 1;
    while (i < n && nclass[w[i]])
        i++;
    if (i == n)
        return 0;
    if (w[i] >= 0x80)
        return -1;
    *q = i;
    return 1;
}

/* The length of the UTF-8 character at w[q] (a byte >= 0x80) that XML
 * allows: 2 to 4; 0 when the window cuts it; -1 when it is not one (overlong,
 * a surrogate, past U+10FFFF, U+FFFE, U+FFFF). */
static int utf8_char(const unsigned char *w, size_t n, size_t q)
{
    unsigned c = w[q], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    for (size_t k = 1; k < len; k++) {
        if (q + k >= n)
            return 0;
        unsigned d = w[q + k];
        if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF))
            return -1;
    }
    if (c == 0xEF && w[q + 1] == 0xBF && w[q + 2] >= 0xBE)
        return -1;
    return (int)len;
}

static size_t put_utf8(char *out, unsigned long v)
{
    if (v < 0x80) {
        out[0] = (char)v;
        return 1;
    }
    if (v < 0x800) {
        out[0] = (char)(0xC0 | (v >> 6));
        out[1] = (char)(0x80 | (v & 0x3F));
        return 2;
    }
    if (v < 0x10000) {
        out[0] = (char)(0xE0 | (v >> 12));
        out[1] = (char)(0x80 | ((v >> 6) & 0x3F));
        out[2] = (char)(0x80 | (v & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (v >> 18));
    out[1] = (char)(0x80 | ((v >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((v >> 6) & 0x3F));
    out[3] = (char)(0x80 | (v & 0x3F));
    return 4;
}

/* The reference at w[q] ('&'): its length through ';', with its character's
 * UTF-8 in out (*olen bytes); 0 when the window cuts it; -1 when it is not
 * a predefined entity or a character reference to a character XML allows
 * (without a DOCTYPE, any other entity is undefined: expat's error). */
static int reference(const unsigned char *w, size_t n, size_t q, char out[4], size_t *olen)
{
    size_t e;
    for (e = q + 1;; e++) {
        if (e == q + MAX_REF)
            return -1;
        if (e == n)
            return 0;
        if (w[e] == ';')
            break;
    }
    const char *s = (const char *)w + q + 1;
    size_t len = e - q - 1;
    static const struct {
        const char *name;
        size_t len;
        char c;
    } named[] = {{"amp", 3, '&'}, {"lt", 2, '<'}, {"gt", 2, '>'}, {"quot", 4, '"'}, {"apos", 4, '\''}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
        if (len == named[k].len && memcmp(s, named[k].name, len) == 0) {
            out[0] = named[k].c;
            *olen = 1;
            return (int)(e - q + 1);
        }
    if (len < 2 || s[0] != '#')
        return -1;
    unsigned long v = 0;
    size_t i = 1;
    int hex = s[1] == 'x';
    if (hex)
        i++;
    if (i == len)
        return -1;
    for (; i < len; i++) {
        unsigned c = (unsigned char)s[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return -1;
        v = v * (hex ? 16u : 10u) + d;
        if (v > 0x10FFFF)
            return -1;
    }
    if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
          (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000))
        return -1;
    *olen = put_utf8(out, v);
    return (int)(e - q + 1);
}

/* ---- state ---------------------------------------------------------------- */

static xlsx_tok_kind doubt(xlsx_token *t, const char *why)
{
    t->why = why;
    return XLSX_TOK_DOUBT;
}

static void commit(xlsx_scan *sc, size_t *pos, size_t q)
{
    (void)sc;
    *pos = q;
}

static int room(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = incstat_reallocarray(*p, nc, size);
    if (!np)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static int scratch_room(xlsx_scan *sc, size_t need)
{
    void *p = sc->scratch;
    int r = room(&p, &sc->xcap, need, 1);
    sc->scratch = p;
    return r;
}

/* ---- the prolog ------------------------------------------------------------ */

/* The XML declaration's pseudo-attributes, s to e (before "?>"): 1 when
 * they are version 1.0, then perhaps encoding UTF-8 and standalone. */
static int xml_decl(const unsigned char *s, const unsigned char *e)
{
    static const char *const names[] = {"version", "encoding", "standalone"};
    int next = 0;
    while (s < e) {
        const unsigned char *sp = s;
        while (s < e && is_space(*s))
            s++;
        if (s == e)
            break;
        if (s == sp)
            return 0;
        const unsigned char *nm = s;
        while (s < e && *s >= 'a' && *s <= 'z')
            s++;
        size_t nl = (size_t)(s - nm);
        int which = -1;
        for (int k = next; k < 3 && which < 0; k++)
            if (nl == strlen(names[k]) && memcmp(nm, names[k], nl) == 0)
                which = k;
        if (which < 0 || (next == 0 && which != 0))
            return 0;
        while (s < e && is_space(*s))
            s++;
        if (s == e || *s != '=')
            return 0;
        s++;
        while (s < e && is_space(*s))
            s++;
        if (s == e || (*s != '"' && *s != '\''))
            return 0;
        unsigned char quote = *s++;
        const unsigned char *v = s;
        while (s < e && *s != quote)
            s++;
        if (s == e)
            return 0;
        size_t vl = (size_t)(s - v);
        s++;
        if (which == 0 && !(vl == 3 && memcmp(v, "1.0", 3) == 0))
            return 0;
        if (which == 1 && !(vl == 5 && (v[0] | 0x20) == 'u' && (v[1] | 0x20) == 't' &&
                            (v[2] | 0x20) == 'f' && v[3] == '-' && v[4] == '8'))
            return 0;
        if (which == 2 && !((vl == 3 && memcmp(v, "yes", 3) == 0) || (vl == 2 && memcmp(v, "no", 2) == 0)))
            return 0;
        next = which + 1;
    }
    return next > 0;
}

/* A byte order mark and the XML declaration, at the document's start. */
static xlsx_tok_kind prolog(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                            xlsx_token *t)
{
    size_t p = *pos;
    if (w[p] == 0xEF) {
        if (n - p < 3)
            return XLSX_TOK_NEED;
        if (w[p + 1] != 0xBB || w[p + 2] != 0xBF)
            return doubt(t, "a document that does not start with '<' or a UTF-8 byte order mark");
        p += 3;
    } else if (w[p] == 0xFE || w[p] == 0xFF || w[p] == 0x00) {
        return doubt(t, "a document in UTF-16 or UTF-32");
    }
    /* "<?xml" and a space begin the declaration; as long as the window
     * could still hold one, wait */
    size_t k = 0;
    while (k < 5 && p + k < n && w[p + k] == (unsigned char)"<?xml"[k])
        k++;
    if (p + k == n)
        return XLSX_TOK_NEED;
    if (k == 5 && is_space(w[p + 5])) {
        size_t e = p + 6;
        while (e + 1 < n && !(w[e] == '?' && w[e + 1] == '>'))
            e++;
        if (e + 1 >= n)
            return XLSX_TOK_NEED;
        if (!xml_decl(w + p + 5, w + e))
            return doubt(t, "an XML declaration other than version 1.0 in UTF-8");
        p = e + 2;
    }
    commit(sc, pos, p);
    sc->started = 1;
    return SKIP;
}

/* ---- markup ------------------------------------------------------------------ */

/* Chars of a comment or processing instruction up to its end (end: "--" or
 * "?"), each checked: the position past the end, 0 when the window cuts it,
 * -1 when not well-formed. */
static size_t skip_to(const unsigned char *w, size_t n, size_t q, char end, int *bad)
{
    for (;;) {
        if (q == n)
            return 0;
        unsigned b = w[q];
        if (b == (unsigned char)end) {
            if (q + 1 == n)
                return 0;
            if (end == '-') {
                if (w[q + 1] == '-') {
                    if (q + 2 == n)
                        return 0;
                    if (w[q + 2] != '>') {
                        *bad = 1; /* "--" inside a comment */
                        return 0;
                    }
                    return q + 3;
                }
            } else if (w[q + 1] == '>') {
                return q + 2;
            }
            q++;
        } else if (b < 0x80) {
            if (b < 0x20 && !is_space(b)) {
                *bad = 1;
                return 0;
            }
            q++;
        } else {
            int k = utf8_char(w, n, q);
            if (k <= 0) {
                *bad = k < 0;
                return 0;
            }
            q += (size_t)k;
        }
    }
}

static xlsx_tok_kind comment(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                             xlsx_token *t)
{
    int bad = 0;
    size_t e = skip_to(w, n, *pos + 4, '-', &bad);
    if (bad)
        return doubt(t, "a malformed comment");
    if (!e)
        return XLSX_TOK_NEED;
    commit(sc, pos, e);
    sc->since = 0;
    sc->cr = 0;
    return SKIP;
}

static xlsx_tok_kind pi(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                        xlsx_token *t)
{
    size_t p = *pos, q = p + 2;
    if (q == n)
        return XLSX_TOK_NEED;
    if (!name_start(w[q]))
        return doubt(t, "a malformed processing instruction");
    int r = scan_name(sc->nclass, w, n, &q);
    if (r <= 0)
        return r == 0 ? XLSX_TOK_NEED : doubt(t, "a non-ASCII processing instruction target");
    if (q - p - 2 == 3 && (w[p + 2] | 0x20) == 'x' && (w[p + 3] | 0x20) == 'm' && (w[p + 4] | 0x20) == 'l')
        return doubt(t, "an XML declaration not at the start");
    int bad = 0;
    size_t e;
    if (w[q] == '?') {
        if (q + 1 == n)
            return XLSX_TOK_NEED;
        if (w[q + 1] != '>')
            return doubt(t, "a malformed processing instruction");
        e = q + 2;
    } else if (!is_space(w[q])) {
        return doubt(t, "a malformed processing instruction");
    } else if (!(e = skip_to(w, n, q, '?', &bad))) {
        return bad ? doubt(t, "a malformed processing instruction") : XLSX_TOK_NEED;
    }
    commit(sc, pos, e);
    sc->since = 0;
    sc->cr = 0;
    return SKIP;
}

/* A CDATA section: its text, line ends read as LF, from the scratch. */
static xlsx_tok_kind cdata(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                           xlsx_token *t)
{
    size_t q = *pos + 9, e = q;
    for (;;) {
        if (e + 2 >= n)
            return XLSX_TOK_NEED;
        if (w[e] == ']' && w[e + 1] == ']' && w[e + 2] == '>')
            break;
        e++;
    }
    if (scratch_room(sc, e - q + 1) != 0)
        return XLSX_TOK_NOMEM;
    size_t o = 0;
    while (q < e) {
        unsigned b = w[q];
        if (b == '\r') {
            sc->scratch[o++] = '\n';
            q += q + 1 < e && w[q + 1] == '\n' ? 2 : 1;
        } else if (b < 0x80) {
            if (b < 0x20 && !is_space(b))
                return doubt(t, "a control character");
            sc->scratch[o++] = (char)b;
            q++;
        } else {
            int k = utf8_char(w, e, q);
            if (k <= 0)
                return doubt(t, "bytes that are not UTF-8 in a CDATA section");
            memcpy(sc->scratch + o, w + q, (size_t)k);
            o += (size_t)k;
            q += (size_t)k;
        }
    }
    sc->since += e + 3 - *pos;
    commit(sc, pos, e + 3);
    sc->cr = 0;
    if (o == 0)
        return SKIP;
    t->kind = XLSX_TOK_TEXT;
    t->text = sc->scratch;
    t->tlen = o;
    return XLSX_TOK_TEXT;
}

static xlsx_tok_kind bang(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                          xlsx_token *t)
{
    size_t p = *pos;
    if (n - p < 4)
        return XLSX_TOK_NEED;
    if (w[p + 2] == '-') {
        if (w[p + 3] != '-')
            return doubt(t, "a malformed comment");
        return comment(sc, w, n, pos, t);
    }
    if (w[p + 2] == '[') {
        if (n - p < 9)
            return XLSX_TOK_NEED;
        if (memcmp(w + p, "<![CDATA[", 9) != 0 || sc->depth == 0)
            return doubt(t, "a malformed CDATA section");
        return cdata(sc, w, n, pos, t);
    }
    return doubt(t, "a DOCTYPE or another declaration");
}

/* The attribute value from w[q] (past its opening quote) to its closing
 * quote: that quote's position, 0 when the window cuts it, -1 when not
 * well-formed; *dec set when it must be decoded (a reference, a literal
 * tab or line end). */
static long attr_value(const xlsx_scan *sc, const unsigned char *w, size_t n, size_t q,
                       unsigned quote, int *dec)
{
    for (;;) {
        while (q < n && sc->aclass[w[q]] == 0)
            q++;
        if (q == n)
            return 0;
        unsigned b = w[q];
        if (b == quote)
            return (long)q;
        if (b == '"' || b == '\'') {
            q++;
        } else if (b == '&') {
            char tmp[4];
            size_t ol;
            int k = reference(w, n, q, tmp, &ol);
            if (k <= 0)
                return k == 0 ? 0 : -1;
            q += (size_t)k;
            *dec = 1;
        } else if (b == '\t' || b == '\n' || b == '\r') {
            q++;
            *dec = 1;
        } else if (b >= 0x80) {
            int k = utf8_char(w, n, q);
            if (k <= 0)
                return k == 0 ? 0 : -1;
            q += (size_t)k;
        } else {
            return -1; /* '<' or a control character */
        }
    }
}

/* A value decoded as expat gives it: references resolved, each literal tab,
 * LF, CR or CR LF one space.  out holds n bytes (never more is needed). */
static size_t attr_decode(const unsigned char *v, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = v[i];
        if (b == '&') {
            char tmp[4];
            size_t ol = 0;
            int k = reference(v, n, i, tmp, &ol);
            if (k <= 0) /* checked before: cannot happen */
                k = 1, ol = 0;
            memcpy(out + o, tmp, ol);
            o += ol;
            i += (size_t)k;
        } else if (b == '\r') {
            out[o++] = ' ';
            i += i + 1 < n && v[i + 1] == '\n' ? 2 : 1;
        } else if (b == '\t' || b == '\n') {
            out[o++] = ' ';
            i++;
        } else {
            out[o++] = (char)b;
            i++;
        }
    }
    return o;
}

static xlsx_tok_kind start_tag(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                               xlsx_token *t)
{
    size_t p = *pos, q = p + 1;
    if (!(sc->nclass[w[q]] & 2))
        return doubt(t, "'<' not before a name");
    int r = scan_name(sc->nclass, w, n, &q);
    if (r <= 0)
        return r == 0 ? XLSX_TOK_NEED : doubt(t, "a non-ASCII element name");
    size_t nlen = q - p - 1, na = 0, dtotal = 0;
    int empty = 0;
    for (;;) {
        size_t sp = q;
        while (q < n && sc->sclass[w[q]])
            q++;
        if (q == n)
            return XLSX_TOK_NEED;
        if (w[q] == '>') {
            q++;
            break;
        }
        if (w[q] == '/') {
            if (q + 1 == n)
                return XLSX_TOK_NEED;
            if (w[q + 1] != '>')
                return doubt(t, "'/' not before '>' in a tag");
            q += 2;
            empty = 1;
            break;
        }
        if (q == sp || !(sc->nclass[w[q]] & 2))
            return doubt(t, "a malformed attribute");
        size_t an = q;
        if ((r = scan_name(sc->nclass, w, n, &q)) <= 0)
            return r == 0 ? XLSX_TOK_NEED : doubt(t, "a non-ASCII attribute name");
        size_t alen = q - an;
        while (q < n && sc->sclass[w[q]])
            q++;
        if (q == n)
            return XLSX_TOK_NEED;
        if (w[q] != '=')
            return doubt(t, "an attribute without '='");
        q++;
        while (q < n && sc->sclass[w[q]])
            q++;
        if (q == n)
            return XLSX_TOK_NEED;
        unsigned quote = w[q];
        if (quote != '"' && quote != '\'')
            return doubt(t, "an attribute value without quotes");
        int dec = 0;
        long e = attr_value(sc, w, n, q + 1, quote, &dec);
        if (e <= 0)
            return e == 0 ? XLSX_TOK_NEED : doubt(t, "a malformed attribute value");
        for (size_t k = 0; k < na; k++)
            if (sc->attrs[k].nlen == alen && memcmp(sc->attrs[k].name, w + an, alen) == 0)
                return doubt(t, "a duplicate attribute");
        if (na == MAX_ATTRS)
            return doubt(t, "too many attributes");
        if (na == sc->acap) {
            void *a = sc->attrs;
            size_t cap = sc->acap;
            if (room(&a, &cap, na + 1, sizeof *sc->attrs) != 0)
                return XLSX_TOK_NOMEM;
            sc->attrs = a;
            void *d = incstat_realloc(sc->adec, cap);
            if (!d)
                return XLSX_TOK_NOMEM;
            sc->adec = d;
            sc->acap = cap;
        }
        xlsx_scan_attr *a = &sc->attrs[na];
        a->name = (const char *)w + an;
        a->nlen = alen;
        a->val = (const char *)w + q + 1;
        a->vlen = (size_t)e - q - 1;
        sc->adec[na++] = (unsigned char)dec;
        if (dec)
            dtotal += a->vlen;
        q = (size_t)e + 1;
    }
    if (dtotal) {
        if (scratch_room(sc, dtotal) != 0)
            return XLSX_TOK_NOMEM;
        size_t o = 0;
        for (size_t k = 0; k < na; k++)
            if (sc->adec[k]) {
                xlsx_scan_attr *a = &sc->attrs[k];
                size_t len = attr_decode((const unsigned char *)a->val, a->vlen, sc->scratch + o);
                a->val = sc->scratch + o;
                a->vlen = len;
                o += len;
            }
    }
    if (sc->depth == 0 && sc->root_done)
        return doubt(t, "a second root element");
    if (empty) {
        sc->pending_end = 1;
        sc->pname = (const char *)w + p + 1;
        sc->pnlen = nlen;
    } else {
        if (sc->slen + nlen > sc->scap || sc->depth == sc->socap) {
            if (sc->slen + nlen > MAX_STACK)
                return doubt(t, "elements nested too deep");
            void *s = sc->stk, *o = sc->soff;
            if (room(&s, &sc->scap, sc->slen + nlen, 1) != 0)
                return XLSX_TOK_NOMEM;
            sc->stk = s;
            if (room(&o, &sc->socap, sc->depth + 1, sizeof *sc->soff) != 0)
                return XLSX_TOK_NOMEM;
            sc->soff = o;
        }
        for (size_t k = 0; k < nlen; k++) /* names are short: no call */
            sc->stk[sc->slen + k] = (char)w[p + 1 + k];
        sc->soff[sc->depth++] = sc->slen;
        sc->slen += nlen;
    }
    commit(sc, pos, q);
    sc->since = 0;
    sc->cr = 0;
    t->kind = XLSX_TOK_START;
    t->name = (const char *)w + p + 1;
    t->nlen = nlen;
    t->attrs = sc->attrs;
    t->nattr = na;
    return XLSX_TOK_START;
}

static xlsx_tok_kind end_tag(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                             xlsx_token *t)
{
    size_t p = *pos, q = p + 2;
    if (q == n)
        return XLSX_TOK_NEED;
    if (!(sc->nclass[w[q]] & 2))
        return doubt(t, "'</' not before a name");
    int r = scan_name(sc->nclass, w, n, &q);
    if (r <= 0)
        return r == 0 ? XLSX_TOK_NEED : doubt(t, "a non-ASCII element name");
    size_t nlen = q - p - 2;
    while (q < n && sc->sclass[w[q]])
        q++;
    if (q == n)
        return XLSX_TOK_NEED;
    if (w[q] != '>')
        return doubt(t, "a malformed end tag");
    if (sc->depth == 0)
        return doubt(t, "an end tag without its start");
    size_t top = sc->soff[sc->depth - 1];
    if (sc->slen - top != nlen)
        return doubt(t, "an end tag that does not match its start");
    for (size_t k = 0; k < nlen; k++)
        if (sc->stk[top + k] != (char)w[p + 2 + k])
            return doubt(t, "an end tag that does not match its start");
    sc->depth--;
    sc->slen = top;
    if (sc->depth == 0)
        sc->root_done = 1;
    commit(sc, pos, q + 1);
    sc->since = 0;
    sc->cr = 0;
    t->kind = XLSX_TOK_END;
    t->name = (const char *)w + p + 2;
    t->nlen = nlen;
    return XLSX_TOK_END;
}

/* ---- text ------------------------------------------------------------------ */

/* Character data from *pos: a run of bytes as they are, or one reference or
 * line end decoded (expat, too, gives them apart). */
static xlsx_tok_kind text(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                          xlsx_token *t)
{
    size_t p = *pos, q = p;
    for (;;) {
        while (q < n && sc->tclass[w[q]] == 0)
            q++;
        if (q == n)
            break;
        unsigned b = w[q];
        if (b == '<')
            break;
        if (b == ']') {
            if (n - q < 3)
                break; /* "]]>" is not allowed in text: look further first */
            if (w[q + 1] == ']' && w[q + 2] == '>')
                return doubt(t, "\"]]>\" in text");
            q++;
        } else if (b >= 0x80) {
            int k = utf8_char(w, n, q);
            if (k < 0)
                return doubt(t, "bytes that are not UTF-8");
            if (k == 0)
                break;
            q += (size_t)k;
        } else if (b == '&' || b == '\r') {
            if (q > p)
                break; /* the run before it first */
            size_t len = 1;
            if (b == '&') {
                int k = reference(w, n, q, sc->small, &len);
                if (k <= 0)
                    return k == 0 ? XLSX_TOK_NEED : doubt(t, "an undefined entity or a bad reference");
                commit(sc, pos, q + (size_t)k);
                sc->cr = 0;
            } else {
                sc->small[0] = '\n';
                sc->cr = q + 1 == n; /* a LF in the next chunk belongs to it */
                commit(sc, pos, q + 1 + (q + 1 < n && w[q + 1] == '\n'));
            }
            sc->since += *pos - p;
            t->kind = XLSX_TOK_TEXT;
            t->text = sc->small;
            t->tlen = len;
            return XLSX_TOK_TEXT;
        } else {
            return doubt(t, "a control character");
        }
    }
    if (q == p)
        return XLSX_TOK_NEED;
    commit(sc, pos, q);
    sc->since += q - p;
    sc->cr = 0;
    t->kind = XLSX_TOK_TEXT;
    t->text = (const char *)w + p;
    t->tlen = q - p;
    return XLSX_TOK_TEXT;
}

/* One token from the window w[0..n) at *pos. */
static xlsx_tok_kind scan_token(xlsx_scan *sc, const unsigned char *w, size_t n, size_t *pos,
                                xlsx_token *t)
{
    for (;;) {
        size_t p = *pos;
        xlsx_tok_kind k;
        if (p == n)
            return XLSX_TOK_NEED;
        if (!sc->started) {
            k = prolog(sc, w, n, pos, t);
        } else if (sc->cr && w[p] == '\n') {
            commit(sc, pos, p + 1);
            sc->cr = 0;
            continue;
        } else if (w[p] == '<') {
            if (n - p < 2)
                return XLSX_TOK_NEED;
            unsigned c = w[p + 1];
            if (c == '/')
                k = end_tag(sc, w, n, pos, t);
            else if (c == '?')
                k = pi(sc, w, n, pos, t);
            else if (c == '!')
                k = bang(sc, w, n, pos, t);
            else
                k = start_tag(sc, w, n, pos, t);
        } else if (sc->depth == 0) { /* before or after the root: whitespace only */
            size_t q = p;
            while (q < n && is_space(w[q]))
                q++;
            if (q == p)
                return doubt(t, "text outside the root element");
            commit(sc, pos, q);
            continue;
        } else {
            k = text(sc, w, n, pos, t);
            if (k == XLSX_TOK_TEXT && sc->since > 2 * XLSX_SCAN_MAX_CARRY)
                return doubt(t, "text without a tag for too long");
        }
        if (k != SKIP)
            return k;
    }
}

/* ---- the driver ------------------------------------------------------------- */

static xlsx_tok_kind stick(xlsx_scan *sc, xlsx_token *t, xlsx_tok_kind k, const char *why)
{
    sc->stuck = k;
    sc->stuck_why = why;
    t->kind = k;
    t->why = why;
    return k;
}

static xlsx_tok_kind given(xlsx_scan *sc, xlsx_token *t, xlsx_tok_kind k)
{
    if (k == XLSX_TOK_DOUBT || k == XLSX_TOK_NOMEM)
        return stick(sc, t, k, k == XLSX_TOK_NOMEM ? "out of memory" : t->why);
    t->kind = k;
    return k;
}

/* Copy more of the chunk after the carried bytes: 0, -1 past the limit, -2
 * out of memory. */
static int append(xlsx_scan *sc)
{
    size_t add = sc->kapp > 256 ? sc->kapp : 256;
    if (add > sc->clen - sc->kapp)
        add = sc->clen - sc->kapp;
    size_t need = sc->kold + sc->kapp + add;
    if (need > XLSX_SCAN_MAX_CARRY)
        return -1;
    void *c = sc->carry;
    if (room(&c, &sc->kcap, need, 1) != 0)
        return -2;
    sc->carry = c;
    memcpy(sc->carry + sc->kold + sc->kapp, sc->chunk + sc->kapp, add);
    sc->kapp += add;
    return 0;
}

xlsx_tok_kind xlsx_scan_next(xlsx_scan *sc, xlsx_token *t)
{
    t->why = NULL;
    if (sc->stuck)
        return stick(sc, t, sc->stuck, sc->stuck_why);
    if (sc->pending_end) {
        sc->pending_end = 0;
        if (sc->depth == 0)
            sc->root_done = 1;
        t->kind = XLSX_TOK_END;
        t->name = sc->pname;
        t->nlen = sc->pnlen;
        return XLSX_TOK_END;
    }
    for (;;) {
        xlsx_tok_kind k;
        if (sc->in_carry) {
            size_t wn = sc->kold + sc->kapp;
            k = scan_token(sc, sc->carry, wn, &sc->kpos, t);
            if (sc->kpos >= sc->kold && k != XLSX_TOK_DOUBT && k != XLSX_TOK_NOMEM) {
                /* past the carried bytes: on in the chunk itself */
                sc->in_carry = 0;
                sc->cpos = sc->kpos - sc->kold;
                if (k == XLSX_TOK_NEED)
                    continue;
            }
            if (k != XLSX_TOK_NEED)
                return given(sc, t, k);
            if (sc->kapp < sc->clen) {
                int r = append(sc);
                if (r != 0)
                    return stick(sc, t, r == -2 ? XLSX_TOK_NOMEM : XLSX_TOK_DOUBT,
                                 r == -2 ? "out of memory" : "a token longer than the carry holds");
                continue;
            }
            if (sc->final)
                return stick(sc, t, XLSX_TOK_DOUBT, "the document ends inside a token");
            memmove(sc->carry, sc->carry + sc->kpos, wn - sc->kpos);
            sc->kold = wn - sc->kpos;
            sc->kpos = 0;
            sc->kapp = 0;
            sc->cpos = sc->clen;
            t->kind = XLSX_TOK_NEED;
            return XLSX_TOK_NEED;
        }
        k = scan_token(sc, sc->chunk, sc->clen, &sc->cpos, t);
        if (k != XLSX_TOK_NEED)
            return given(sc, t, k);
        if (sc->cpos == sc->clen) {
            if (!sc->final) {
                t->kind = XLSX_TOK_NEED;
                return XLSX_TOK_NEED;
            }
            if (sc->root_done && sc->depth == 0)
                return stick(sc, t, XLSX_TOK_EOF, NULL);
            return stick(sc, t, XLSX_TOK_DOUBT, "the document ends before its root element does");
        }
        /* a token cut by the chunk's end: carry it */
        size_t cut = sc->clen - sc->cpos;
        if (cut > XLSX_SCAN_MAX_CARRY)
            return stick(sc, t, XLSX_TOK_DOUBT, "a token longer than the carry holds");
        void *c = sc->carry;
        if (room(&c, &sc->kcap, cut, 1) != 0)
            return stick(sc, t, XLSX_TOK_NOMEM, "out of memory");
        sc->carry = c;
        memcpy(sc->carry, sc->chunk + sc->cpos, cut);
        sc->kold = cut;
        sc->kapp = 0;
        sc->kpos = 0;
        sc->in_carry = 1;
        sc->cpos = sc->clen;
        t->kind = XLSX_TOK_NEED;
        return XLSX_TOK_NEED;
    }
}

void xlsx_scan_feed(xlsx_scan *sc, const void *data, size_t len)
{
    sc->chunk = data;
    sc->clen = len;
    sc->cpos = 0;
    sc->kapp = 0;
    sc->final = len == 0;
}

xlsx_scan *xlsx_scan_new(void)
{
    xlsx_scan *sc = incstat_calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    for (unsigned c = 0; c < 256; c++) {
        int plain = c >= 0x20 && c < 0x80;
        sc->tclass[c] = !(plain || c == '\t' || c == '\n') || c == '<' || c == '&' || c == ']';
        sc->aclass[c] = !plain || c == '"' || c == '\'' || c == '<' || c == '&';
        sc->nclass[c] = (unsigned char)(name_start(c) ? 3 : name_char(c));
        sc->sclass[c] = (unsigned char)is_space(c);
    }
    return sc;
}

void xlsx_scan_free(xlsx_scan *sc)
{
    if (!sc)
        return;
    incstat_free_mem(sc->carry);
    incstat_free_mem(sc->stk);
    incstat_free_mem(sc->soff);
    incstat_free_mem(sc->attrs);
    incstat_free_mem(sc->adec);
    incstat_free_mem(sc->scratch);
    incstat_free_mem(sc);
}
