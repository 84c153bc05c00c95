/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/source/stats_file.c: a statistics file opened as a source of rows
 * (stats_file.h): its format, a first pass for the variables and value
 * labels, the header row, and the rows interface over the records that
 * stats_file_pipe.c parses. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/internal.h"
#include "core/utf8.h"
#include "io/source/stats_file_internal.h"

/* ---- the format --------------------------------------------------------- */

static const unsigned char SAS_MAGIC[32] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81, 0x60,
    0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11};

static int has_ext(const char *path, const char *ext)
{
    size_t n = path ? strlen(path) : 0, e = strlen(ext);
    return n > e && incstat_ascii_casecmp(path + n - e, ext) == 0;
}

/* The format 117 and later begin "<stata_dta><header><release>118": the
 * release, or 0.  Before 117 the first byte is the format (104-116), the
 * second the byte order (1 or 2), the third 1. */
static int dta_release(const unsigned char *h, size_t n)
{
    static const char tag[] = "<stata_dta><header><release>";
    size_t t = sizeof tag - 1;
    if (n >= t + 3 && memcmp(h, tag, t) == 0) {
        int r = 0;
        for (size_t i = t; i < t + 3; i++) {
            if (h[i] < '0' || h[i] > '9')
                return 0;
            r = r * 10 + (h[i] - '0');
        }
        return r;
    }
    if (n >= 4 && h[0] >= 104 && h[0] <= 116 && (h[1] == 1 || h[1] == 2) && h[2] == 1)
        return h[0];
    return 0;
}

/* A portable file's tag "SPSSPORT" follows 456 bytes of splash text and
 * character table, in lines of 80 with line breaks between. */
static int por_tag(const unsigned char *h, size_t n)
{
    char flat[600];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof flat; i++)
        if (h[i] != '\r' && h[i] != '\n')
            flat[k++] = (char)h[i];
    return k >= 464 && memcmp(flat + 456, "SPSSPORT", 8) == 0;
}

const char *incstat_statsfile_sniff(const unsigned char *head, size_t n, const char *path)
{
    if (n >= 4 && (memcmp(head, "$FL2", 4) == 0 || memcmp(head, "$FL3", 4) == 0))
        return "sav";
    if (dta_release(head, n))
        return "dta";
    if (n >= sizeof SAS_MAGIC && memcmp(head, SAS_MAGIC, sizeof SAS_MAGIC) == 0)
        return "sas7bdat";
    if (por_tag(head, n) || has_ext(path, ".por"))
        return "por";
    return NULL;
}

/* ---- the first pass ----------------------------------------------------- */

typedef struct {
    sf_schema *sc;
    int oom;
    int disorder; /* a variable's index was not its place */
    char *label;
    char rs_msg[200];
} meta;

/* s as valid UTF-8, allocated (invalid sequences replaced). */
static char *utf8_dup(const char *s, size_t *len)
{
    size_t n = s ? strlen(s) : 0;
    if (incstat_utf8_valid_prefix((const unsigned char *)s, n) == n) {
        *len = n;
        return incstat_strndup(n ? s : "", n);
    }
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *d = incstat_malloc(3 * n + 1);
    if (!d)
        return NULL;
    *len = incstat_utf8_sanitize((const unsigned char *)s, n, (unsigned char *)d, NULL);
    d[*len] = '\0';
    return d;
}

/* Every handler stops once memory ran out: ReadStat does not stop the
 * parse for every handler's abort (a .sav's value labels go on). */
static int on_metadata(readstat_metadata_t *md, void *ctx)
{
    meta *m = ctx;
    if (m->oom)
        return READSTAT_HANDLER_ABORT;
    m->sc->records = readstat_get_row_count(md);
    const char *label = readstat_get_file_label(md);
    size_t len;
    if (label && *label && !(m->label = utf8_dup(label, &len))) {
        m->oom = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *v, const char *val_labels, void *ctx)
{
    meta *m = ctx;
    sf_schema *sc = m->sc;
    (void)index;
    if (m->oom || m->disorder)
        return READSTAT_HANDLER_ABORT;
    /* the records' values find their variable by this index */
    if (readstat_variable_get_index(v) != (int)sc->nvar) {
        m->disorder = 1;
        return READSTAT_HANDLER_ABORT;
    }
    sf_var *vars = incstat_array_room(sc->vars, &sc->var_cap, sc->nvar, sizeof *vars, 16);
    if (!vars) {
        m->oom = 1;
        return READSTAT_HANDLER_ABORT;
    }
    sc->vars = vars;
    sf_var *var = &vars[sc->nvar];
    memset(var, 0, sizeof *var);
    var->kind = incstat_sf_kind_(sc->family, readstat_variable_get_type_class(v),
                                 readstat_variable_get_format(v));
    sc->nvar++;
    if (!(var->name = utf8_dup(readstat_variable_get_name(v), &var->name_len)) ||
        (val_labels && *val_labels &&
         !(var->labels_name = incstat_strndup(val_labels, strlen(val_labels))))) {
        m->oom = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static sf_labelset *find_set(sf_schema *sc, const char *name)
{
    for (size_t i = 0; i < sc->nsets; i++)
        if (strcmp(sc->sets[i].name, name) == 0)
            return &sc->sets[i];
    return NULL;
}

/* Append s (n bytes, as valid UTF-8) to the set's text; its offset, or
 * (size_t)-1 when out of memory. */
static size_t set_text(sf_labelset *s, const char *t, size_t n, size_t *len)
{
    if (n > (SIZE_MAX - s->text_len) / 3 - 1)
        return (size_t)-1;
    size_t need = s->text_len + 3 * n + 1;
    if (need > s->text_cap) {
        size_t cap = s->text_cap ? s->text_cap : 256;
        while (cap < need)
            cap *= 2;
        char *d = incstat_realloc(s->text, cap);
        if (!d)
            return (size_t)-1;
        s->text = d;
        s->text_cap = cap;
    }
    size_t off = s->text_len;
    if (incstat_utf8_valid_prefix((const unsigned char *)t, n) == n) {
        memcpy(s->text + off, t, n);
        *len = n;
    } else {
        *len = incstat_utf8_sanitize((const unsigned char *)t, n,
                                     (unsigned char *)s->text + off, NULL);
    }
    s->text[off + *len] = '\0';
    s->text_len += *len + 1;
    return off;
}

static int add_label(sf_labelset *s, readstat_value_t value, const char *label)
{
    size_t len, off = set_text(s, label, strlen(label), &len);
    if (off == (size_t)-1)
        return -1;
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        const char *k = readstat_string_value(value);
        size_t klen, koff = set_text(s, k ? k : "", k ? strlen(k) : 0, &klen);
        sf_strlabel *a = incstat_array_room(s->str, &s->str_cap, s->nstr, sizeof *a, 8);
        if (koff == (size_t)-1 || !a)
            return -1;
        s->str = a;
        a[s->nstr++] = (sf_strlabel){.koff = koff, .klen = klen, .off = off, .len = len};
    } else {
        sf_numlabel *a = incstat_array_room(s->num, &s->num_cap, s->nnum, sizeof *a, 8);
        if (!a)
            return -1;
        s->num = a;
        a[s->nnum++] = (sf_numlabel){.key = readstat_double_value(value), .off = off, .len = len};
    }
    return 0;
}

static int on_value_label(const char *val_labels, readstat_value_t value, const char *label,
                          void *ctx)
{
    meta *m = ctx;
    sf_schema *sc = m->sc;
    if (m->oom)
        return READSTAT_HANDLER_ABORT;
    /* a label of a tagged missing value: the value is missing all the same */
    if (readstat_value_is_tagged_missing(value) || readstat_value_is_system_missing(value) ||
        !label)
        return READSTAT_HANDLER_OK;
    sf_labelset *s = find_set(sc, val_labels);
    if (!s) {
        sf_labelset *sets = incstat_array_room(sc->sets, &sc->sets_cap, sc->nsets, sizeof *sets, 8);
        if (!sets) {
            m->oom = 1;
            return READSTAT_HANDLER_ABORT;
        }
        sc->sets = sets;
        s = &sets[sc->nsets];
        memset(s, 0, sizeof *s);
        if (!(s->name = incstat_strndup(val_labels, strlen(val_labels)))) {
            m->oom = 1;
            return READSTAT_HANDLER_ABORT;
        }
        sc->nsets++;
    }
    if (add_label(s, value, label) != 0) {
        m->oom = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

/* In every format but .dta the value labels come before the records: the
 * first value ends the first pass. */
static int on_first_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
    (void)obs;
    (void)v;
    (void)value;
    (void)ctx;
    return READSTAT_HANDLER_ABORT;
}

static void on_meta_error(const char *msg, void *ctx)
{
    meta *m = ctx;
    snprintf(m->rs_msg, sizeof m->rs_msg, "%s", msg);
    size_t n = strlen(m->rs_msg);
    while (n && (m->rs_msg[n - 1] == '\n' || m->rs_msg[n - 1] == '.'))
        m->rs_msg[--n] = '\0';
}

/* ---- the rows ----------------------------------------------------------- */

#define NOTES_MAX 12
#define NOTE_LEN 400

typedef struct {
    incstat_rows base;
    char *path;
    const char *format;
    sf_schema sc;
    incstat_cell *header;
    sf_pipe *pipe;
    int state;              /* 0 before the header, 1 at it, 2 records, 3 over */
    incstat_status last;    /* what next() returned once state is 3 */
    incstat_error last_err;
    const incstat_cell *cur;
    uint64_t record;
    uint64_t size;
    /* notes in place: adding one at the end of the records cannot fail */
    char notes[NOTES_MAX][NOTE_LEN];
    size_t nnotes;
} sf_rows;

static void schema_free(sf_schema *sc)
{
    for (size_t i = 0; i < sc->nvar; i++) {
        incstat_free_mem(sc->vars[i].name);
        incstat_free_mem(sc->vars[i].labels_name);
    }
    incstat_free_mem(sc->vars);
    for (size_t i = 0; i < sc->nsets; i++) {
        incstat_free_mem(sc->sets[i].name);
        incstat_free_mem(sc->sets[i].num);
        incstat_free_mem(sc->sets[i].str);
        incstat_free_mem(sc->sets[i].text);
    }
    incstat_free_mem(sc->sets);
}

static void rows_free(incstat_rows *r)
{
    sf_rows *s = (sf_rows *)r;
    incstat_sf_pipe_free_(s->pipe);
    schema_free(&s->sc);
    incstat_free_mem(s->header);
    incstat_free_mem(s->path);
    incstat_free_mem(s);
}

static void add_note(sf_rows *s, const char *fmt, ...) INCSTAT_PRINTF(2, 3);
static void add_note(sf_rows *s, const char *fmt, ...)
{
    if (s->nnotes == NOTES_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->notes[s->nnotes++], NOTE_LEN, fmt, ap);
    va_end(ap);
}

static void count_notes(sf_rows *s)
{
    const sf_counts *c = incstat_sf_pipe_counts_(s->pipe);
    char n[48];
    if (c->tagged) {
        incstat_grouped_(n, sizeof n, (double)c->tagged, 0);
        add_note(s, "%s tagged missing value%s (.a to .z) read as missing", n,
                 c->tagged == 1 ? "" : "s");
    }
    if (c->user) {
        incstat_grouped_(n, sizeof n, (double)c->user, 0);
        add_note(s, "%s user-defined missing value%s read as missing", n, c->user == 1 ? "" : "s");
    }
    if (c->nonfinite) {
        incstat_grouped_(n, sizeof n, (double)c->nonfinite, 0);
        add_note(s, "%s infinite or NaN number%s read as missing", n, c->nonfinite == 1 ? "" : "s");
    }
    if (c->replaced) {
        incstat_grouped_(n, sizeof n, (double)c->replaced, 0);
        add_note(s, "%s invalid UTF-8 sequence%s in text replaced by U+FFFD", n,
                 c->replaced == 1 ? "" : "s");
    }
}

static incstat_status rows_next(incstat_rows *r, incstat_error *err)
{
    sf_rows *s = (sf_rows *)r;
    switch (s->state) {
    case 0:
        s->state = 1;
        s->cur = s->header;
        s->record = 0;
        return INCSTAT_ROW;
    case 3:
        if (s->last != INCSTAT_DONE && err)
            *err = s->last_err;
        return s->last;
    default:
        break;
    }
    s->state = 2;
    incstat_status st = incstat_sf_pipe_next_(s->pipe, &s->cur, &s->record, &s->last_err);
    if (st == INCSTAT_ROW)
        return st;
    s->state = 3;
    s->cur = NULL;
    s->last = st;
    if (st == INCSTAT_DONE)
        count_notes(s);
    else if (err)
        *err = s->last_err;
    return st;
}

static size_t rows_count(const incstat_rows *r)
{
    const sf_rows *s = (const sf_rows *)r;
    return s->cur ? s->sc.nvar : 0;
}

static const incstat_cell *rows_cell(const incstat_rows *r, size_t i)
{
    const sf_rows *s = (const sf_rows *)r;
    return s->cur && i < s->sc.nvar ? &s->cur[i] : NULL;
}

static uint64_t rows_number(const incstat_rows *r)
{
    return ((const sf_rows *)r)->record;
}

static void rows_where(const incstat_rows *r, size_t i, char *buf, size_t cap)
{
    const sf_rows *s = (const sf_rows *)r;
    if (!cap)
        return;
    if (i < s->sc.nvar && s->state == 1)
        snprintf(buf, cap, "the variable names, variable %s", s->sc.vars[i].name);
    else if (i < s->sc.nvar)
        snprintf(buf, cap, "row %llu, variable %s", (unsigned long long)s->record,
                 s->sc.vars[i].name);
    else
        snprintf(buf, cap, "row %llu", (unsigned long long)s->record);
}

static uint64_t rows_bytes_done(const incstat_rows *r)
{
    const sf_rows *s = (const sf_rows *)r;
    if (s->state == 3)
        return s->size;
    return s->state == 2 ? incstat_sf_pipe_bytes_(s->pipe) : 0;
}

static uint64_t rows_bytes_total(const incstat_rows *r)
{
    return ((const sf_rows *)r)->size;
}

static size_t rows_note_count(const incstat_rows *r)
{
    return ((const sf_rows *)r)->nnotes;
}

static const char *rows_note(const incstat_rows *r, size_t k)
{
    const sf_rows *s = (const sf_rows *)r;
    return k < s->nnotes ? s->notes[k] : NULL;
}

static const incstat_rows_ops OPS_DTA = {"dta", rows_next, rows_count, rows_cell, rows_number,
                                         rows_where, rows_bytes_done, rows_bytes_total,
                                         rows_note_count, rows_note, rows_free};
static const incstat_rows_ops OPS_SAV = {"sav", rows_next, rows_count, rows_cell, rows_number,
                                         rows_where, rows_bytes_done, rows_bytes_total,
                                         rows_note_count, rows_note, rows_free};
static const incstat_rows_ops OPS_POR = {"por", rows_next, rows_count, rows_cell, rows_number,
                                         rows_where, rows_bytes_done, rows_bytes_total,
                                         rows_note_count, rows_note, rows_free};
static const incstat_rows_ops OPS_SAS = {"sas7bdat", rows_next, rows_count, rows_cell,
                                         rows_number, rows_where, rows_bytes_done,
                                         rows_bytes_total, rows_note_count, rows_note, rows_free};

/* ---- opening ------------------------------------------------------------ */

typedef struct {
    const char *name;
    sf_family family;
    sf_parse_fn parse;
    const incstat_rows_ops *ops;
} format_info;

static const format_info FORMATS[] = {
    {"dta", SF_DTA, readstat_parse_dta, &OPS_DTA},
    {"sav", SF_SAV, readstat_parse_sav, &OPS_SAV},
    {"por", SF_POR, readstat_parse_por, &OPS_POR},
    {"sas7bdat", SF_SAS, readstat_parse_sas7bdat, &OPS_SAS},
};

static const format_info *format_named(const char *name)
{
    for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
        if (strcmp(FORMATS[i].name, name) == 0)
            return &FORMATS[i];
    return NULL;
}

/* The file's first bytes, for the format and a .dta's release. */
static incstat_status read_head(const char *path, unsigned char *head, size_t cap, size_t *n,
                                uint64_t *size, incstat_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot open: %s", path,
                                 strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: not a regular file", path);
    }
    *size = (uint64_t)st.st_size;
    *n = fread(head, 1, cap, f);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot read", path);
    return INCSTAT_OK;
}

/* The first pass: variables, value labels, the dataset label. */
static incstat_status read_schema(sf_rows *s, const format_info *fi, const char *encoding,
                                  meta *m, incstat_error *err)
{
    sf_io *io = incstat_sf_io_new_();
    readstat_parser_t *parser = io ? readstat_parser_init() : NULL;
    if (!parser) {
        incstat_sf_io_free_(io);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    readstat_set_metadata_handler(parser, on_metadata);
    readstat_set_variable_handler(parser, on_variable);
    readstat_set_value_label_handler(parser, on_value_label);
    readstat_set_error_handler(parser, on_meta_error);
    if (fi->family != SF_DTA)
        readstat_set_value_handler(parser, on_first_value);
    if (encoding)
        readstat_set_file_character_encoding(parser, encoding);
    incstat_sf_io_install_(io, parser);
    readstat_error_t e = fi->parse(parser, s->path, m);
    readstat_parser_free(parser);
    incstat_sf_io_free_(io);
    if (m->oom)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (m->disorder)
        return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                 "%s: variable %zu does not come in its place", s->path,
                                 s->sc.nvar + 1);
    if (e == READSTAT_ERROR_USER_ABORT && fi->family != SF_DTA)
        e = READSTAT_OK; /* the first value, as asked */
    if (e == READSTAT_ERROR_UNSUPPORTED_CHARSET && encoding)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "%s: unknown text encoding '%s'",
                                 s->path, encoding);
    if (e != READSTAT_OK)
        return incstat_sf_readstat_error_(err, s->path, 0, e, m->rs_msg);
    if (s->sc.nvar == 0)
        return incstat_set_error(err, INCSTAT_EEMPTY, 0, 0, "%s: no variables", s->path);
    return INCSTAT_OK;
}

/* Each variable's label set, and the header row. */
static incstat_status finish_schema(sf_rows *s, incstat_error *err)
{
    sf_schema *sc = &s->sc;
    for (size_t i = 0; i < sc->nsets; i++)
        incstat_sf_labels_sort_(&sc->sets[i]);
    for (size_t i = 0; i < sc->nvar; i++)
        if (sc->vars[i].labels_name)
            sc->vars[i].labels = find_set(sc, sc->vars[i].labels_name);
    if (!(s->header = incstat_reallocarray(NULL, sc->nvar, sizeof *s->header)))
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < sc->nvar; i++)
        s->header[i] = (incstat_cell){.type = sc->vars[i].name_len ? INCSTAT_CELL_TEXT
                                                                   : INCSTAT_CELL_EMPTY,
                                      .text = sc->vars[i].name,
                                      .len = sc->vars[i].name_len,
                                      .num = NAN};
    return INCSTAT_OK;
}

/* "a, b, c and 4 more" of the variables that pass keep(); 0 when none. */
static size_t list_vars(const sf_schema *sc, int (*keep)(const sf_var *), char *buf, size_t cap)
{
    size_t n = 0, shown = 0, len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sc->nvar; i++) {
        if (!keep(&sc->vars[i]))
            continue;
        n++;
        if (shown < 6 && len + sc->vars[i].name_len + 3 < cap / 2) {
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", shown ? ", " : "",
                                    sc->vars[i].name);
            shown++;
        }
    }
    if (n > shown)
        snprintf(buf + len, cap - len, " and %zu more", n - shown);
    return n;
}

static int is_labelled(const sf_var *v) { return v->labels != NULL; }
static int is_time(const sf_var *v) { return v->kind == SF_TIME; }

static void open_notes(sf_rows *s, const format_info *fi, int release, const char *encoding,
                       int encoding_unused, const meta *m)
{
    char list[256];
    size_t n;
    switch (fi->family) {
    case SF_DTA:
        add_note(s, "read as a Stata .dta file (format %d)", release);
        if (release < 118)
            add_note(s, "text read as %s: a .dta before format 118 does not say its encoding%s",
                     encoding ? encoding : "Windows-1252",
                     encoding ? "" : " (the encoding option can name another)");
        break;
    case SF_SAV:
        add_note(s, "read as an SPSS .sav file");
        break;
    case SF_POR:
        add_note(s, "read as an SPSS portable (.por) file");
        break;
    case SF_SAS:
        add_note(s, "read as a SAS .sas7bdat file");
        break;
    }
    if (encoding_unused)
        add_note(s, "the encoding option was not used: %s",
                 fi->family == SF_DTA ? "a .dta of format 118 or later is UTF-8"
                                      : "the file says its encoding");
    if (m->label)
        add_note(s, "dataset label: %s", m->label);
    if ((n = list_vars(&s->sc, is_labelled, list, sizeof list)))
        add_note(s, "value labels read as the text of %zu variable%s: %s", n, n == 1 ? "" : "s",
                 list);
    if ((n = list_vars(&s->sc, is_time, list, sizeof list)))
        add_note(s, "times of day and durations read as text \"HH:MM:SS\" in %zu variable%s: %s", n,
                 n == 1 ? "" : "s", list);
}

incstat_status incstat_statsfile_open(const char *path, const incstat_statsfile_options *o,
                                      incstat_rows **out, incstat_error *err)
{
    *out = NULL;
    if (!path)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no file named");
    const char *want = o && o->format && *o->format ? o->format : NULL;
    const char *encoding = o && o->encoding && *o->encoding ? o->encoding : NULL;
    const format_info *fi = NULL;
    if (want && !(fi = format_named(want)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "unknown statistics file format '%s' (dta, sav, por, sas7bdat)",
                                 want);
    unsigned char head[1024];
    size_t n = 0;
    uint64_t size = 0;
    incstat_status st = read_head(path, head, sizeof head, &n, &size, err);
    if (st)
        return st;
    if (!fi) {
        const char *name = incstat_statsfile_sniff(head, n, path);
        if (!name)
            return incstat_set_error(err, INCSTAT_EPARSE, 0, 0,
                                     "%s: not a Stata (.dta), SPSS (.sav, .zsav, .por) or SAS "
                                     "(.sas7bdat) file",
                                     path);
        fi = format_named(name);
    }
    /* the encoding option is for the .dta files that do not say theirs */
    int release = fi->family == SF_DTA ? dta_release(head, n) : 0;
    int encoding_unused = encoding && !(fi->family == SF_DTA && release && release < 118);
    if (encoding_unused)
        encoding = NULL;

    sf_rows *s = incstat_calloc(1, sizeof *s);
    if (!s)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    s->base.ops = fi->ops;
    s->format = fi->name;
    s->size = size;
    s->sc.family = fi->family;
    s->sc.records = -1;
    meta m = {.sc = &s->sc};
    if (!(s->path = incstat_strndup(path, strlen(path))))
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (!st)
        st = read_schema(s, fi, encoding, &m, err);
    if (!st)
        st = finish_schema(s, err);
    if (!st)
        st = incstat_sf_pipe_start_(path, fi->parse, encoding, &s->sc, &s->pipe, err);
    if (!st)
        open_notes(s, fi, release, encoding, encoding_unused, &m);
    incstat_free_mem(m.label);
    if (st) {
        rows_free(&s->base);
        return st;
    }
    *out = &s->base;
    return INCSTAT_OK;
}
