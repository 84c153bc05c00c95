/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/xlsx_book.c: the parts of a workbook every sheet shares (see
 * xlsx_book.h): relationships, the workbook's sheet list and date system,
 * the styles' date formats, the shared strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/xlsx_book.h"
#include "io/source/xlsx_cell.h"
#include "io/source/xlsx_xml.h"

#define SMALL_PART ((uint64_t)64 << 20) /* workbook, relationships, styles */
#define DEFAULT_MAX_STRINGS ((uint64_t)4 << 30)
#define THREAD_AT ((uint64_t)1 << 20)    /* inflate on a second thread past this */

static incstat_status oom(const char *file, incstat_error *err)
{
    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "%s: out of memory", file);
}

/* ---- paths ----------------------------------------------------------- */

/* target resolved against the folder of the part source ("xl/workbook.xml"
 * + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml"; an absolute
 * target "/xl/..." from the root; "." and ".." segments folded). */
static char *resolve(const char *source, const char *target)
{
    size_t dir = 0;
    if (target[0] != '/') {
        const char *slash = strrchr(source, '/');
        dir = slash ? (size_t)(slash - source) + 1 : 0;
    }
    size_t tl = strlen(target);
    char *s = incstat_malloc(dir + tl + 1);
    if (!s)
        return NULL;
    memcpy(s, source, dir);
    memcpy(s + dir, target, tl + 1);
    for (char *c = s; *c; c++)
        if (*c == '\\')
            *c = '/';
    /* fold segments in place */
    size_t w = 0, r = 0, n = strlen(s);
    while (r < n) {
        size_t e = r;
        while (e < n && s[e] != '/')
            e++;
        size_t len = e - r;
        if (len == 0 || (len == 1 && s[r] == '.')) {
            /* nothing */
        } else if (len == 2 && s[r] == '.' && s[r + 1] == '.') {
            while (w > 0 && s[w - 1] != '/')
                w--;
            if (w > 0)
                w--;
            while (w > 0 && s[w - 1] != '/')
                w--;
        } else {
            memmove(s + w, s + r, len);
            w += len;
            if (e < n)
                s[w++] = '/';
        }
        r = e + 1;
    }
    while (w > 0 && s[w - 1] == '/')
        w--;
    s[w] = '\0';
    return s;
}

/* ---- relationships ----------------------------------------------------- */

typedef struct {
    char *id, *type, *target; /* type: the last segment of the type URI; target resolved */
} rel;

typedef struct {
    xlsx_xml x;
    const char *source;
    rel *rels;
    size_t n, cap;
} rels_parse;

static void rels_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    rels_parse *rp = user;
    rp->x.since = 0;
    if (strcmp(xlsx_local(name), "Relationship") != 0)
        return;
    const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type"),
               *target = xlsx_attr(atts, "Target"), *mode = xlsx_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    rel *r = incstat_array_room(rp->rels, &rp->cap, rp->n, sizeof *rp->rels, 16);
    if (!r) {
        xlsx_xml_fail(&rp->x, INCSTAT_ENOMEM, "out of memory");
        return;
    }
    rp->rels = r;
    const char *slash = strrchr(type, '/');
    const char *t = slash ? slash + 1 : type;
    r = &rp->rels[rp->n];
    r->id = incstat_strndup(id, strlen(id));
    r->type = incstat_strndup(t, strlen(t));
    r->target = resolve(rp->source, target);
    rp->n++;
    if (!r->id || !r->type || !r->target)
        xlsx_xml_fail(&rp->x, INCSTAT_ENOMEM, "out of memory");
}

static void rels_end(void *user, const XML_Char *name)
{
    (void)name;
    ((xlsx_xml *)user)->since = 0;
}

static void rels_free(rel *rels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        incstat_free_mem(rels[i].id);
        incstat_free_mem(rels[i].type);
        incstat_free_mem(rels[i].target);
    }
    incstat_free_mem(rels);
}

/* Parse entry e whole (it must be small); user begins with an xlsx_xml. */
static incstat_status parse_small(xlsx_shared *sh, const xlsx_entry *e, uint64_t limit, void *user,
                                  XML_StartElementHandler start, XML_EndElementHandler end,
                                  XML_CharacterDataHandler text, incstat_error *err)
{
    xlsx_xml *x = user;
    if (e->usize > limit)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                 "%s: %s: %llu bytes uncompressed, over the limit of %llu MiB",
                                 sh->file, e->name, (unsigned long long)e->usize,
                                 (unsigned long long)(limit >> 20));
    incstat_status st = xlsx_xml_open(x, sh->z, e, e->usize > THREAD_AT, user, start, end, text, err);
    if (st != INCSTAT_OK)
        return st;
    while ((st = xlsx_xml_run(x, err)) == INCSTAT_ROW)
        ;
    xlsx_xml_close(x);
    return st == INCSTAT_DONE ? INCSTAT_OK : st;
}

/* The relationships of part source ("xl/workbook.xml" ->
 * "xl/_rels/workbook.xml.rels"); none when that part is absent. */
static incstat_status read_rels(xlsx_shared *sh, const char *source, rel **out, size_t *n,
                                incstat_error *err)
{
    *out = NULL;
    *n = 0;
    const char *slash = strrchr(source, '/');
    size_t dir = slash ? (size_t)(slash - source) + 1 : 0, len = strlen(source);
    char *path = incstat_malloc(len + 12);
    if (!path)
        return oom(sh->file, err);
    snprintf(path, len + 12, "%.*s_rels/%s.rels", (int)dir, source, source + dir);
    const xlsx_entry *e = xlsx_zip_find(sh->z, path);
    incstat_free_mem(path);
    if (!e)
        return INCSTAT_OK;
    rels_parse rp;
    memset(&rp, 0, sizeof rp);
    rp.source = source;
    incstat_status st = parse_small(sh, e, SMALL_PART, &rp, rels_start, rels_end, NULL, err);
    if (st != INCSTAT_OK) {
        rels_free(rp.rels, rp.n);
        return st;
    }
    *out = rp.rels;
    *n = rp.n;
    return INCSTAT_OK;
}

static const rel *rel_by_type(const rel *rels, size_t n, const char *type)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rels[i].type, type) == 0)
            return &rels[i];
    return NULL;
}

/* ---- the workbook part -------------------------------------------------- */

typedef struct {
    xlsx_xml x;
    xlsx_shared *sh;
    const rel *rels;
    size_t nrels;
    size_t cap;
    int seen_pr;
} book_parse;

static int truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void book_sheet(book_parse *bp, const XML_Char **atts)
{
    xlsx_shared *sh = bp->sh;
    const char *name = xlsx_attr(atts, "name"), *id = xlsx_attr(atts, "id"),
               *state = xlsx_attr(atts, "state");
    xlsx_sheet_ref *s = incstat_array_room(sh->sheets, &bp->cap, sh->nsheets, sizeof *sh->sheets, 8);
    if (!s) {
        xlsx_xml_fail(&bp->x, INCSTAT_ENOMEM, "out of memory");
        return;
    }
    sh->sheets = s;
    s = &sh->sheets[sh->nsheets++];
    memset(s, 0, sizeof *s);
    s->kind = INCSTAT_XLSX_OTHER;
    s->hidden = state && strcmp(state, "veryHidden") == 0 ? 2 : state && strcmp(state, "hidden") == 0;
    if (!name)
        name = "";
    if (!(s->name = incstat_strndup(name, strlen(name)))) {
        xlsx_xml_fail(&bp->x, INCSTAT_ENOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; id && i < bp->nrels; i++) {
        if (strcmp(bp->rels[i].id, id) != 0)
            continue;
        const char *t = bp->rels[i].type;
        if (!xlsx_zip_find(sh->z, bp->rels[i].target))
            break; /* a relationship to a part the archive lacks */
        s->kind = strcmp(t, "worksheet") == 0    ? INCSTAT_XLSX_WORKSHEET
                  : strcmp(t, "chartsheet") == 0 ? INCSTAT_XLSX_CHARTSHEET
                                                 : INCSTAT_XLSX_OTHER;
        if (!(s->part = incstat_strndup(bp->rels[i].target, strlen(bp->rels[i].target))))
            xlsx_xml_fail(&bp->x, INCSTAT_ENOMEM, "out of memory");
        break;
    }
}

static void book_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    book_parse *bp = user;
    bp->x.since = 0;
    const char *local = xlsx_local(name);
    if (strcmp(local, "sheet") == 0) {
        if (bp->sh->nsheets >= 100000)
            xlsx_xml_fail(&bp->x, INCSTAT_ELIMIT, "over 100,000 sheets");
        else
            book_sheet(bp, atts);
    } else if (strcmp(local, "workbookPr") == 0 && !bp->seen_pr) {
        /* the first: an extension's x14:workbookPr comes later and says
         * nothing of dates */
        bp->seen_pr = 1;
        bp->sh->date1904 = truthy(xlsx_attr(atts, "date1904"));
    }
}

/* The workbook part: from the package's relationships, else where Excel
 * puts it. */
static incstat_status find_workbook(xlsx_shared *sh, const xlsx_entry **wb, incstat_error *err)
{
    rel *rels;
    size_t n;
    incstat_status st = read_rels(sh, "", &rels, &n, err);
    if (st != INCSTAT_OK)
        return st;
    const rel *r = rel_by_type(rels, n, "officeDocument");
    *wb = r ? xlsx_zip_find(sh->z, r->target) : NULL;
    rels_free(rels, n);
    if (!*wb)
        *wb = xlsx_zip_find(sh->z, "xl/workbook.xml");
    if (!*wb)
        return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                 "%s: a zip archive but not an .xlsx workbook: it has no workbook "
                                 "part (xl/workbook.xml)",
                                 sh->file);
    return INCSTAT_OK;
}

static incstat_status read_workbook(xlsx_shared *sh, incstat_error *err)
{
    const xlsx_entry *wb;
    incstat_status st = find_workbook(sh, &wb, err);
    if (st != INCSTAT_OK)
        return st;
    rel *rels;
    size_t n;
    if ((st = read_rels(sh, wb->name, &rels, &n, err)) != INCSTAT_OK)
        return st;
    book_parse bp;
    memset(&bp, 0, sizeof bp);
    bp.sh = sh;
    bp.rels = rels;
    bp.nrels = n;
    st = parse_small(sh, wb, SMALL_PART, &bp, book_start, rels_end, NULL, err);
    const rel *ss = rel_by_type(rels, n, "sharedStrings"), *sy = rel_by_type(rels, n, "styles");
    const char *ssp = ss && xlsx_zip_find(sh->z, ss->target) ? ss->target : "xl/sharedStrings.xml";
    const char *syp = sy && xlsx_zip_find(sh->z, sy->target) ? sy->target : "xl/styles.xml";
    if (st == INCSTAT_OK && xlsx_zip_find(sh->z, ssp) &&
        !(sh->strings_part = incstat_strndup(ssp, strlen(ssp))))
        st = oom(sh->file, err);
    if (st == INCSTAT_OK && xlsx_zip_find(sh->z, syp) &&
        !(sh->styles_part = incstat_strndup(syp, strlen(syp))))
        st = oom(sh->file, err);
    rels_free(rels, n);
    return st;
}

incstat_status xlsx_shared_open(const char *path, const char *name, xlsx_shared **out,
                                incstat_error *err)
{
    *out = NULL;
    xlsx_shared *sh = incstat_calloc(1, sizeof *sh);
    if (!sh)
        return oom(name, err);
    sh->refs = 1;
    incstat_status st;
    if (!(sh->file = incstat_strndup(name, strlen(name))))
        st = oom(name, err);
    else if ((st = xlsx_zip_open(path, name, &sh->z, err)) == INCSTAT_OK)
        st = read_workbook(sh, err);
    if (st != INCSTAT_OK) {
        xlsx_shared_release(sh);
        return st;
    }
    *out = sh;
    return INCSTAT_OK;
}

void xlsx_shared_retain(xlsx_shared *sh)
{
    sh->refs++;
}

void xlsx_shared_release(xlsx_shared *sh)
{
    if (!sh || --sh->refs > 0)
        return;
    for (size_t i = 0; i < sh->nsheets; i++) {
        incstat_free_mem(sh->sheets[i].name);
        incstat_free_mem(sh->sheets[i].part);
    }
    incstat_free_mem(sh->sheets);
    incstat_free_mem(sh->strings_part);
    incstat_free_mem(sh->styles_part);
    incstat_free_mem(sh->xf_date);
    incstat_big_free(sh->sbuf, sh->sbuf_cap);
    incstat_big_free(sh->soff, sh->soff_cap * sizeof *sh->soff);
    xlsx_zip_free(sh->z);
    incstat_free_mem(sh->file);
    incstat_free_mem(sh);
}

/* ---- styles ------------------------------------------------------------- */

typedef struct {
    unsigned id;
    int date;
} custom_fmt;

typedef struct {
    xlsx_xml x;
    xlsx_shared *sh;
    custom_fmt *fmts;
    size_t nfmt, fmt_cap;
    unsigned *xf_fmt;   /* the cellXfs' format ids */
    size_t nxf, xf_cap;
    int in_xfs;
} styles_parse;

static void styles_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    styles_parse *sp = user;
    sp->x.since = 0;
    const char *local = xlsx_local(name);
    if (strcmp(local, "numFmt") == 0) {
        const char *id = xlsx_attr(atts, "numFmtId"), *code = xlsx_attr(atts, "formatCode");
        if (!id || !code)
            return;
        custom_fmt *f = incstat_array_room(sp->fmts, &sp->fmt_cap, sp->nfmt, sizeof *f, 16);
        if (!f) {
            xlsx_xml_fail(&sp->x, INCSTAT_ENOMEM, "out of memory");
            return;
        }
        sp->fmts = f;
        sp->fmts[sp->nfmt].id = (unsigned)strtoul(id, NULL, 10);
        sp->fmts[sp->nfmt].date = xlsx_format_is_date(code);
        sp->nfmt++;
    } else if (strcmp(local, "cellXfs") == 0) {
        sp->in_xfs = 1;
    } else if (sp->in_xfs && strcmp(local, "xf") == 0) {
        const char *id = xlsx_attr(atts, "numFmtId");
        unsigned *x = incstat_array_room(sp->xf_fmt, &sp->xf_cap, sp->nxf, sizeof *x, 32);
        if (!x) {
            xlsx_xml_fail(&sp->x, INCSTAT_ENOMEM, "out of memory");
            return;
        }
        sp->xf_fmt = x;
        sp->xf_fmt[sp->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
    }
}

static void styles_end(void *user, const XML_Char *name)
{
    styles_parse *sp = user;
    sp->x.since = 0;
    if (strcmp(xlsx_local(name), "cellXfs") == 0)
        sp->in_xfs = 0;
}

static incstat_status read_styles(xlsx_shared *sh, incstat_error *err)
{
    const xlsx_entry *e = sh->styles_part ? xlsx_zip_find(sh->z, sh->styles_part) : NULL;
    if (!e)
        return INCSTAT_OK;
    styles_parse sp;
    memset(&sp, 0, sizeof sp);
    sp.sh = sh;
    incstat_status st = parse_small(sh, e, SMALL_PART, &sp, styles_start, styles_end, NULL, err);
    if (st == INCSTAT_OK && sp.nxf) {
        if (!(sh->xf_date = incstat_malloc(sp.nxf))) {
            st = oom(sh->file, err);
        } else {
            sh->nxf = sp.nxf;
            for (size_t i = 0; i < sp.nxf; i++) {
                int date = -1;
                /* a custom format may redefine a built-in id: the last word is the file's */
                for (size_t k = sp.nfmt; k-- > 0 && date < 0;)
                    if (sp.fmts[k].id == sp.xf_fmt[i])
                        date = sp.fmts[k].date;
                sh->xf_date[i] = (unsigned char)(date < 0 ? xlsx_builtin_is_date(sp.xf_fmt[i]) : date);
            }
        }
    }
    incstat_free_mem(sp.fmts);
    incstat_free_mem(sp.xf_fmt);
    return st;
}

/* ---- shared strings ----------------------------------------------------- */

typedef struct {
    xlsx_xml x;
    xlsx_shared *sh;
    size_t used;      /* bytes of sbuf in use */
    size_t si_start;  /* where the current string began */
    int in_si, in_t, in_rph;
} strings_parse;

static int strings_room(strings_parse *sp, size_t more)
{
    xlsx_shared *sh = sp->sh;
    if (sh->sbuf_cap - sp->used >= more)
        return 1;
    size_t want = sh->sbuf_cap ? sh->sbuf_cap : 1 << 16;
    while (want - sp->used < more) {
        if (want > SIZE_MAX / 2)
            return 0;
        want *= 2;
    }
    char *b = incstat_big_resize(sh->sbuf, sh->sbuf_cap, want);
    if (!b)
        return 0;
    sh->sbuf = b;
    sh->sbuf_cap = want;
    return 1;
}

static void strings_start(void *user, const XML_Char *name, const XML_Char **atts)
{
    strings_parse *sp = user;
    (void)atts;
    sp->x.since = 0;
    const char *local = xlsx_local(name);
    if (strcmp(local, "si") == 0) {
        sp->in_si = 1;
        sp->si_start = sp->used;
    } else if (sp->in_si && strcmp(local, "rPh") == 0) {
        sp->in_rph++;
    } else if (sp->in_si && strcmp(local, "t") == 0) {
        sp->in_t = 1;
    }
}

static void strings_end(void *user, const XML_Char *name)
{
    strings_parse *sp = user;
    xlsx_shared *sh = sp->sh;
    sp->x.since = 0;
    const char *local = xlsx_local(name);
    if (strcmp(local, "t") == 0) {
        sp->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        if (sp->in_rph)
            sp->in_rph--;
    } else if (sp->in_si && strcmp(local, "si") == 0) {
        sp->in_si = 0;
        if (sp->used > sp->si_start) /* sbuf is NULL while every string is "" */
            sp->used = sp->si_start + xlsx_unescape(sh->sbuf + sp->si_start, sp->used - sp->si_start);
        /* soff has nstr + 1 entries: room for one more */
        if (sh->nstr + 2 > sh->soff_cap) {
            size_t nc = sh->soff_cap ? sh->soff_cap * 2 : 1024;
            uint64_t *o = incstat_big_resize(sh->soff, sh->soff_cap * sizeof *o, nc * sizeof *o);
            if (!o) {
                xlsx_xml_fail(&sp->x, INCSTAT_ENOMEM, "out of memory");
                return;
            }
            sh->soff = o;
            sh->soff_cap = nc;
        }
        sh->soff[sh->nstr] = sp->si_start;
        sh->soff[++sh->nstr] = sp->used;
    }
}

static void strings_text(void *user, const XML_Char *s, int len)
{
    strings_parse *sp = user;
    if (!sp->in_t || sp->in_rph || len <= 0)
        return;
    if (!strings_room(sp, (size_t)len)) {
        xlsx_xml_fail(&sp->x, INCSTAT_ENOMEM, "out of memory");
        return;
    }
    memcpy(sp->sh->sbuf + sp->used, s, (size_t)len);
    sp->used += (size_t)len;
}

static incstat_status read_strings(xlsx_shared *sh, uint64_t limit, incstat_error *err)
{
    const xlsx_entry *e = sh->strings_part ? xlsx_zip_find(sh->z, sh->strings_part) : NULL;
    if (!e)
        return INCSTAT_OK;
    strings_parse sp;
    memset(&sp, 0, sizeof sp);
    sp.sh = sh;
    incstat_status st = parse_small(sh, e, limit, &sp, strings_start, strings_end, strings_text, err);
    if (st == INCSTAT_ELIMIT && e->usize > limit)
        incstat_set_error(err, st, 0, 0,
                          "%s: %s: the shared strings are %llu bytes uncompressed, over the limit "
                          "of %llu (options.max_strings)",
                          sh->file, e->name, (unsigned long long)e->usize,
                          (unsigned long long)limit);
    return st;
}

incstat_status xlsx_shared_load(xlsx_shared *sh, uint64_t max_strings, incstat_error *err)
{
    if (sh->loaded)
        return INCSTAT_OK;
    incstat_status st = read_styles(sh, err);
    if (st == INCSTAT_OK)
        st = read_strings(sh, max_strings ? max_strings : DEFAULT_MAX_STRINGS, err);
    if (st != INCSTAT_OK) {
        incstat_free_mem(sh->xf_date);
        sh->xf_date = NULL;
        sh->nxf = 0;
        incstat_big_free(sh->sbuf, sh->sbuf_cap);
        incstat_big_free(sh->soff, sh->soff_cap * sizeof *sh->soff);
        sh->sbuf = NULL;
        sh->soff = NULL;
        sh->sbuf_cap = sh->soff_cap = sh->nstr = 0;
        return st;
    }
    sh->loaded = 1;
    return INCSTAT_OK;
}
