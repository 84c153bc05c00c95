/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_map.c: the loader's header and mapping: header names, which
 * preset applies, then the schema file, --map and --keep, each overriding
 * the one before (see load.c). */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "io/load/dict.h"
#include "core/internal.h"
#include "core/text.h"
#include "io/source/csv_internal.h"
#include "io/load/load_periods.h"
#include "io/load/load_priv.h"
#include "io/load/preset.h"
#include "io/load/recognise.h"

/* ---- header ----------------------------------------------------------- */

long incstat_loader_find_column_(const incstat_loader *ld, const char *name)
{
    size_t n = strlen(name);
    const char *s = name;
    incstat_trim_cell(&s, &n);
    for (size_t i = 0; i < ld->ncols; i++)
        if (strlen(ld->rep.columns[i].name) == n && memcmp(ld->rep.columns[i].name, s, n) == 0)
            return (long)i;
    for (size_t i = 0; i < ld->ncols; i++)
        if (incstat_ascii_ncaseeq(s, n, ld->rep.columns[i].name))
            return (long)i;
    return -1;
}

/* Header names, trimmed; duplicates become "name.2", "name.3", ...; empty
 * names become "column_N". */
/* A header longer than this is not a header (a binary file, a decompression
 * bomb of one endless record): give up before buffering a gigabyte.  A
 * 100,000-column header is about 1 MB. */
#define MAX_HEADER_BYTES ((size_t)64 << 20)

/* The columns' names from the reader's current record, the header, decoded
 * as the reader now decodes (again once the encoding is chosen, when the
 * header is not ASCII). */
static incstat_status name_columns(incstat_loader *ld, incstat_error *err)
{
    size_t n = ld->ncols;
    for (size_t i = 0; i < n; i++) {
        incstat_free_mem(ld->rep.columns[i].name);
        ld->rep.columns[i].name = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *s = incstat_csv_field(ld->csv, i, &len);
        if (!s)
            return incstat_set_error(err, INCSTAT_ENOMEM, 1, 0, "out of memory");
        incstat_trim_cell(&s, &len);
        char buf[64];
        if (len == 0) {
            snprintf(buf, sizeof buf, "column_%zu", i + 1);
            s = buf;
            len = strlen(buf);
        }
        char *name = incstat_strndup(s, len);
        if (!name)
            return incstat_set_error(err, INCSTAT_ENOMEM, 1, 0, "out of memory");
        ld->rep.columns[i].name = name;
    }
    /* duplicates: the first keeps its name.  Quadratic only in the columns
     * that share a name, via a dictionary of names seen. */
    if (n > 1) {
        incstat_dict seen;
        if (incstat_dict_init(&seen) != 0)
            return incstat_set_error(err, INCSTAT_ENOMEM, 1, 0, "out of memory");
        for (size_t i = 0; i < n; i++) {
            char *name = ld->rep.columns[i].name;
            uint32_t code;
            if (incstat_dict_find(&seen, name, strlen(name)) != 0) {
                size_t base = strlen(name);
                for (unsigned k = 2;; k++) {
                    char *cand = incstat_malloc(base + 24);
                    if (!cand) {
                        incstat_dict_clear(&seen);
                        return incstat_set_error(err, INCSTAT_ENOMEM, 1, 0, "out of memory");
                    }
                    snprintf(cand, base + 24, "%s.%u", name, k);
                    if (incstat_dict_find(&seen, cand, strlen(cand)) == 0) {
                        incstat_free_mem(name);
                        ld->rep.columns[i].name = cand;
                        break;
                    }
                    incstat_free_mem(cand);
                }
            }
            name = ld->rep.columns[i].name;
            if (incstat_dict_intern(&seen, name, strlen(name), &code) != 0) {
                incstat_dict_clear(&seen);
                return incstat_set_error(err, INCSTAT_ENOMEM, 1, 0, "out of memory");
            }
        }
        incstat_dict_clear(&seen);
    }
    return INCSTAT_OK;
}

incstat_status incstat_loader_read_header_(incstat_loader *ld, incstat_error *err)
{
    size_t limit = incstat_csv_set_max_record_(ld->csv, MAX_HEADER_BYTES);
    incstat_status st = incstat_csv_next(ld->csv, err);
    if (limit > MAX_HEADER_BYTES)
        incstat_csv_set_max_record_(ld->csv, limit);
    if (st == INCSTAT_DONE)
        return incstat_set_error(err, INCSTAT_EEMPTY, 1, 0,
                                 "%s: the file is empty (no header row)", ld->rep.source);
    if (st != INCSTAT_ROW)
        return st;
    size_t n = incstat_csv_field_count(ld->csv);
    ld->ncols = n;
    ld->rep.columns = incstat_calloc(n, sizeof *ld->rep.columns);
    if (!ld->rep.columns)
        return incstat_set_error(err, INCSTAT_ENOMEM, 1, 0, "out of memory");
    ld->rep.n_columns = n;
    return name_columns(ld, err);
}

/* Choose how text that is not valid UTF-8 is read (the preset's encoding
 * is the prior), and name the columns again if the header holds such text
 * and was read otherwise. */
static incstat_status choose_encoding(incstat_loader *ld, const char *path,
                                      const incstat_preset *p, incstat_error *err)
{
    incstat_encoding before = incstat_csv_fallback(ld->csv);
    incstat_status st = incstat_loader_choose_encoding_(
        ld, path, p ? p->encoding : INCSTAT_ENCODING_AUTO, err);
    if (st != INCSTAT_OK || incstat_csv_fallback(ld->csv) == before)
        return st;
    incstat_csv_record_view v;
    incstat_csv_record_view_(ld->csv, &v);
    return v.ascii == 1 ? INCSTAT_OK : name_columns(ld, err);
}

/* ---- mapping ---------------------------------------------------------- */

static incstat_status no_column(incstat_loader *ld, const char *what, const char *column,
                                incstat_error *err)
{
    const char **names = incstat_calloc(ld->ncols ? ld->ncols : 1, sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < ld->ncols; i++)
            names[i] = ld->rep.columns[i].name;
        near = incstat_nearest(column, names, ld->ncols);
    }
    incstat_set_error(err, INCSTAT_ENOCOLUMN, 1, 0, "%s:1: %s names column \"%s\", which the header does not have%s%s%s",
                      ld->rep.source, what, column, near ? " (did you mean \"" : "",
                      near ? near : "", near ? "\"?)" : "");
    incstat_free_mem(names);
    return INCSTAT_ENOCOLUMN;
}

static incstat_status add_keep(incstat_loader *ld, const char *name, int must_exist,
                               incstat_error *err)
{
    long c = incstat_loader_find_column_(ld, name);
    if (c < 0)
        return must_exist ? no_column(ld, "--keep", name, err) : INCSTAT_OK;
    for (size_t i = 0; i < ld->n_keep; i++)
        if (ld->keep_cols[i] == (size_t)c)
            return INCSTAT_OK;
    size_t *kc = incstat_reallocarray(ld->keep_cols, ld->n_keep + 1, sizeof *kc);
    if (!kc)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    ld->keep_cols = kc;
    char **kn = incstat_reallocarray(ld->keep_names, ld->n_keep + 1, sizeof *kn);
    if (!kn)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    ld->keep_names = kn;
    const char *cname = ld->rep.columns[c].name;
    kn[ld->n_keep] = incstat_strndup(cname, strlen(cname));
    if (!kn[ld->n_keep])
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    kc[ld->n_keep] = (size_t)c;
    ld->n_keep++;
    if (!ld->rep.columns[c].field)
        ld->rep.columns[c].field = "keep";
    return INCSTAT_OK;
}

/* "killed=A+B+C": the field is the sum of the columns (a column whose own
 * name holds '+' is found whole first).  Only count fields sum. */
static incstat_status apply_sum(incstat_loader *ld, int field, const char *spec,
                                const char *what, incstat_error *err)
{
    if (field < MF_KILLED || field > MF_INJURED_HIGH)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "%s: %s=%s: only killed, injured and their _low and _high "
                                 "can be the sum of columns", what, MF_NAMES[field], spec);
    size_t n = 0;
    for (const char *p = spec; *p;) {
        const char *plus = strchr(p, '+');
        size_t len = plus ? (size_t)(plus - p) : strlen(p);
        char name[256];
        const char *t = p;
        incstat_trim_cell(&t, &len);
        if (len >= 2 && t[0] == '"' && t[len - 1] == '"') { /* a schema's "Name" */
            t++;
            len -= 2;
        }
        if (len == 0 || len >= sizeof name)
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "%s: \"%s\" is not COLUMN+COLUMN+... (an empty or too long "
                                     "name)", what, spec);
        memcpy(name, t, len);
        name[len] = '\0';
        long c = incstat_loader_find_column_(ld, name);
        if (c < 0)
            return no_column(ld, what, name, err);
        if (n == INCSTAT_PARTS_MAX)
            return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0,
                                     "%s: %s sums more than %d columns", what, MF_NAMES[field],
                                     INCSTAT_PARTS_MAX);
        ld->parts[field][n++] = c;
        p = plus ? plus + 1 : p + strlen(p);
    }
    ld->col[field] = ld->parts[field][0];
    ld->n_parts[field] = (unsigned char)n;
    snprintf(ld->evidence[field], sizeof ld->evidence[field], "%s", what);
    return INCSTAT_OK;
}

/* Apply "field=Column"; what names the origin for messages. */
static incstat_status apply_map(incstat_loader *ld, const char *spec, const char *what,
                                incstat_error *err)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "%s: \"%s\" is not FIELD=COLUMN (e.g. killed=\"Killed Max\")",
                                 what, spec);
    const char *f = spec;
    size_t fn = (size_t)(eq - spec);
    incstat_trim_cell(&f, &fn);
    int field = incstat_load_field_index_(f, fn);
    if (field < 0)
        return incstat_load_bad_field_(what, f, fn, err);
    const char *column = eq + 1;
    ld->how[field] = INCSTAT_HOW_MAP;
    snprintf(ld->evidence[field], sizeof ld->evidence[field], "%s", what);
    if (*column == '\0') {
        ld->col[field] = -1; /* "field=" unmaps, and recognition leaves it */
        return INCSTAT_OK;
    }
    long c = incstat_loader_find_column_(ld, column);
    ld->n_parts[field] = 0;
    if (c < 0 && strchr(column, '+'))
        return apply_sum(ld, field, column, what, err);
    if (c < 0)
        return no_column(ld, what, column, err);
    ld->col[field] = c;
    return INCSTAT_OK;
}

/* Mark the fields the caller did not ask for as skipped. */
incstat_status incstat_loader_select_fields_(incstat_loader *ld, const incstat_load_options *o,
                                    incstat_error *err)
{
    for (int f = 0; f < MF_COUNT; f++)
        ld->skip_field[f] = !(f == MF_ID || f == MF_DATE || f == MF_YEAR || f == MF_MONTH ||
                              f == MF_DAY || f == MF_INCIDENTS || f == MF_QUARTER);
    for (size_t i = 0; i < o->n_fields; i++) {
        const char *name = o->fields[i] ? o->fields[i] : "";
        int f = incstat_load_field_index_(name, strlen(name));
        if (f < 0)
            return incstat_load_bad_field_("fields", name, strlen(name), err);
        ld->skip_field[f] = 0;
        if (f == MF_KILLED || f == MF_INJURED)
            ld->skip_field[f + 1] = ld->skip_field[f + 2] = 0;
    }
    /* low and high combine into best: read the three together */
    for (int f = MF_KILLED; f <= MF_INJURED; f += 3)
        if (!ld->skip_field[f] || !ld->skip_field[f + 1] || !ld->skip_field[f + 2])
            ld->skip_field[f] = ld->skip_field[f + 1] = ld->skip_field[f + 2] = 0;
    return INCSTAT_OK;
}

/* The canonical text field a mapping field feeds, or -1. */
static int text_field(int f)
{
    static const int T[MF_COUNT] = {
        [MF_ID] = INCSTAT_TEXT_ID + 1, [MF_COUNTRY] = INCSTAT_TEXT_COUNTRY + 1,
        [MF_ADMIN1] = INCSTAT_TEXT_ADMIN1 + 1, [MF_ADMIN2] = INCSTAT_TEXT_ADMIN2 + 1,
        [MF_CITY] = INCSTAT_TEXT_CITY + 1, [MF_LOCATION] = INCSTAT_TEXT_LOCATION + 1,
        [MF_PERPETRATOR] = INCSTAT_TEXT_PERPETRATOR + 1, [MF_TARGET] = INCSTAT_TEXT_TARGET + 1,
        [MF_TYPE] = INCSTAT_TEXT_TYPE + 1};
    return f >= 0 && f < MF_COUNT ? T[f] - 1 : -1;
}

incstat_status incstat_loader_add_recode_(incstat_loader *ld, const char *spec, const char *what,
                                          incstat_error *err)
{
    const char *colon = strchr(spec, ':');
    const char *eq = colon ? strchr(colon, '=') : NULL;
    if (!colon || !eq || colon == spec || eq == colon + 1)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "%s: \"%s\" is not FIELD:FROM=TO (e.g. "
                                 "admin1:Baluchistan=Balochistan)", what, spec);
    int f = incstat_load_field_index_(spec, (size_t)(colon - spec));
    if (f < 0 && (size_t)(colon - spec) < 256) {
        /* the file's own name for the column a field is read from */
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(colon - spec), spec);
        long c = incstat_loader_find_column_(ld, name);
        for (int g = 0; c >= 0 && g < MF_COUNT && f < 0; g++)
            if (ld->col[g] == c && ld->n_parts[g] == 0)
                f = g;
        if (c >= 0 && f < 0)
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "%s: \"%s\" is a column incstat does not read as a field; "
                                     "recode names the values of a text field (map the column "
                                     "to one with --map FIELD=COLUMN)", what, name);
    }
    int t = text_field(f);
    if (t < 0)
        return f < 0 ? incstat_load_bad_field_(what, spec, (size_t)(colon - spec), err)
                     : incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                         "%s: %s is not a text field; recode names, not numbers",
                                         what, MF_NAMES[f]);
    struct incstat_recode_ *r = incstat_reallocarray(ld->recodes, ld->n_recodes + 1, sizeof *r);
    if (!r)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    ld->recodes = r;
    r = &ld->recodes[ld->n_recodes];
    r->text = t;
    r->from_len = (size_t)(eq - colon - 1);
    r->to_len = strlen(eq + 1);
    r->from = incstat_strndup(colon + 1, r->from_len);
    r->to = incstat_strndup(eq + 1, r->to_len);
    if (!r->from || !r->to) {
        incstat_free_mem(r->from);
        incstat_free_mem(r->to);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    ld->n_recodes++;
    ld->recode_mask |= 1u << t;
    incstat_load_report *rep = &ld->rep;
    if (rep->n_recode_notes < sizeof rep->recode_notes / sizeof rep->recode_notes[0])
        snprintf(rep->recode_notes[rep->n_recode_notes++], sizeof rep->recode_notes[0],
                 "%s \"%s\" read as \"%s\" (%s)", MF_NAMES[f], r->from, r->to, what);
    return INCSTAT_OK;
}

/* A preset's column: as written, in any case, then without spaces or
 * punctuation ("Total Died Mix" is "total_died_mix"). */
static long find_column_loose(const incstat_loader *ld, const char *name)
{
    long c = incstat_loader_find_column_(ld, name);
    if (c >= 0)
        return c;
    char a[128], b[128];
    incstat_name_norm_(name, a, sizeof a);
    for (size_t i = 0; i < ld->ncols; i++) {
        incstat_name_norm_(ld->rep.columns[i].name, b, sizeof b);
        if (strcmp(a, b) == 0)
            return (long)i;
    }
    return -1;
}

/* The preset whose columns the header has most of: at least 60% of its
 * map, two columns, and one of its distinctive columns; ties go to the
 * earlier preset, and a runner-up within 10 points is reported. */
static incstat_status detect_preset(incstat_loader *ld, const incstat_preset **out,
                                    incstat_error *err)
{
    *out = NULL;
    incstat_dict norms;
    if (incstat_dict_init(&norms) != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < ld->ncols; i++) {
        char buf[128];
        uint32_t code;
        size_t n = incstat_name_norm_(ld->rep.columns[i].name, buf, sizeof buf);
        if (incstat_dict_intern(&norms, buf, n, &code) != 0) {
            incstat_dict_clear(&norms);
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        }
    }
    double best = 0, second = 0;
    const incstat_preset *bp = NULL, *sp = NULL;
    for (size_t i = 0; incstat_preset_get(i); i++) {
        const incstat_preset *p = incstat_preset_get(i);
        size_t m, t;
        int sig;
        incstat_preset_score_(p, &norms, &m, &t, &sig);
        if (!sig || m < 2 || m * 10 < t * 6)
            continue;
        double sc = (double)m / (double)t;
        if (sc > best) {
            second = best, sp = bp;
            best = sc, bp = p;
        } else if (sc > second) {
            second = sc, sp = p;
        }
    }
    incstat_dict_clear(&norms);
    *out = bp;
    if (bp && sp && second >= best - 0.1)
        ld->rep.preset_tie = sp->name;
    return INCSTAT_OK;
}

/* Fill the fields still without a column by recognition (sampling the
 * first rows for it), and say which of the preset's fields it filled. */
static incstat_status recognise_rest(incstat_loader *ld, const char *path,
                                     const incstat_preset *p, incstat_error *err)
{
    incstat_status st = incstat_loader_sample_(ld, path, err);
    if (st)
        return st;
    const char **names = incstat_calloc(ld->ncols ? ld->ncols : 1, sizeof *names);
    if (!names)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < ld->ncols; i++)
        names[i] = ld->rep.columns[i].name;
    incstat_recognition r;
    incstat_recognition_init_(&r);
    for (int f = 0; f < MF_COUNT; f++) {
        /* "--map field=" keeps a field out of recognition */
        r.col[f] = ld->col[f] < 0 && ld->how[f] == INCSTAT_HOW_MAP ? -2 : ld->col[f];
        r.how[f] = ld->how[f];
        memcpy(r.evidence[f], ld->evidence[f], sizeof r.evidence[f]);
    }
    int rc = incstat_recognise_(names, ld->samples, ld->ncols, ld->nsampled, &r);
    incstat_free_mem(names);
    if (rc != 0)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    char *filled = ld->rep.preset_filled;
    size_t cap = sizeof ld->rep.preset_filled, len = 0;
    for (int f = 0; f < MF_COUNT; f++) {
        int was_unset = ld->col[f] < 0;
        ld->col[f] = r.col[f] < 0 ? -1 : r.col[f];
        if (was_unset && r.n_parts[f] >= 2) {
            memcpy(ld->parts[f], r.parts[f], sizeof ld->parts[f]);
            ld->n_parts[f] = r.n_parts[f];
        }
        ld->how[f] = r.how[f];
        memcpy(ld->evidence[f], r.evidence[f], sizeof r.evidence[f]);
        if (!p || !was_unset || ld->col[f] < 0)
            continue;
        for (size_t i = 0; p->map[i].field; i++)
            if (strcmp(p->map[i].field, MF_NAMES[f]) == 0 && len + 1 < cap)
                len += (size_t)snprintf(filled + len, cap - len, "%s%s", len ? ", " : "",
                                        MF_NAMES[f]);
    }
    if (len && len + 1 < cap)
        snprintf(filled + len, cap - len, " recognised by name");
    ld->subgroup_only[0] = r.subgroup_only[0];
    ld->subgroup_only[1] = r.subgroup_only[1];
    ld->split_left_out[0] = r.split_left_out[0];
    ld->split_left_out[1] = r.split_left_out[1];
    ld->split_unnamed = r.split_unnamed;
    /* a rate (OWID's deaths per 100,000) is kept under its name, never summed;
     * a country code beside the country's name is kept for --where and --by */
    for (size_t i = 0; i < ld->ncols; i++) {
        const char *name = ld->rep.columns[i].name;
        if (ld->rep.columns[i].field || incstat_loader_column_feeds_(ld, i))
            continue;
        /* (a preset keeps the columns it names: its exports stay as they were) */
        if ((incstat_recognise_is_rate_(name) || (!p && incstat_recognise_is_country_code_(name))) &&
            (st = add_keep(ld, name, 0, err)) != INCSTAT_OK)
            return st;
    }
    return INCSTAT_OK;
}

/* Rows are periods when the caller, the schema or the preset says so, or
 * when the structure of the sampled rows shows one row per entity and
 * period (load_periods.c).  Then the number of incidents is unknown unless
 * a column counts them; so is any figure with no column. */
static void decide_rows(incstat_loader *ld, const incstat_load_options *o,
                        const incstat_load_schema *sc, const incstat_preset *p, int recognise)
{
    char by[64];
    int told = 0;
    if (o->rows) {
        told = o->rows;
        snprintf(by, sizeof by, "the caller's rows = %s", told == 1 ? "periods" : "incidents");
    } else if (sc->rows) {
        told = sc->rows;
        snprintf(by, sizeof by, "the schema's rows = %s", told == 1 ? "periods" : "incidents");
    } else if (p && p->rows_periods) {
        told = 1;
        snprintf(by, sizeof by, "preset %s (rows are periods)", p->name);
    }
    long key[4];
    int nkey = -1; /* the preset's entity columns, when the header has them all */
    if (p && p->key) {
        nkey = 0;
        for (size_t i = 0; p->key[i] && nkey >= 0 && nkey < 4; i++) {
            long c = find_column_loose(ld, p->key[i]);
            nkey = c < 0 ? -1 : nkey;
            if (c >= 0)
                key[nkey++] = c;
        }
    }
    incstat_loader_decide_rows_(ld, told, by, recognise, nkey >= 0 ? key : NULL,
                                nkey >= 0 ? (size_t)nkey : 0);
    if (ld->rep.rows_periods && ld->col[MF_INCIDENTS] < 0)
        ld->rep.unknown |= INCSTAT_UNKNOWN_INCIDENTS;
    if (ld->col[MF_KILLED] < 0 && ld->col[MF_KILLED_LOW] < 0 && ld->col[MF_KILLED_HIGH] < 0)
        ld->rep.unknown |= INCSTAT_UNKNOWN_KILLED;
    if (ld->col[MF_INJURED] < 0 && ld->col[MF_INJURED_LOW] < 0 && ld->col[MF_INJURED_HIGH] < 0)
        ld->rep.unknown |= INCSTAT_UNKNOWN_INJURED;
}

/* A table of periods with no killed column whose value columns are all
 * counts by category (OWID's GTD attacks by attack type, which partition
 * the attacks): incidents is their sum per row.  Killed and injured stay
 * unknown; "--map incidents=" or a column for incidents keeps it out. */
static incstat_status sum_categories(incstat_loader *ld, incstat_error *err)
{
    incstat_load_report *r = &ld->rep;
    if (!r->rows_periods || ld->col[MF_INCIDENTS] >= 0 || ld->how[MF_INCIDENTS] == INCSTAT_HOW_MAP ||
        !(r->unknown & INCSTAT_UNKNOWN_KILLED) || !ld->samples)
        return INCSTAT_OK;
    const char **names = incstat_calloc(ld->ncols ? ld->ncols : 1, sizeof *names);
    unsigned char *used = incstat_calloc(ld->ncols ? ld->ncols : 1, 1);
    if (!names || !used) {
        incstat_free_mem(names);
        incstat_free_mem(used);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < ld->ncols; i++)
        names[i] = r->columns[i].name;
    for (int f = 0; f < MF_COUNT; f++) {
        if (ld->col[f] >= 0)
            used[ld->col[f]] = 1;
        for (size_t i = 0; ld->n_parts[f] >= 2 && i < ld->n_parts[f]; i++)
            used[ld->parts[f][i]] = 1;
    }
    for (size_t i = 0; i < ld->n_keep; i++)
        used[ld->keep_cols[i]] = 1;
    size_t n = incstat_recognise_category_counts_(names, ld->samples, ld->ncols, used,
                                                  ld->sum_cols, MAX_MAP);
    incstat_free_mem(names);
    incstat_free_mem(used);
    if (n == 0)
        return INCSTAT_OK;
    ld->n_sum = n;
    r->incidents_sum_columns = n;
    ld->col[MF_INCIDENTS] = (long)ld->sum_cols[0];
    ld->how[MF_INCIDENTS] = INCSTAT_HOW_NAME;
    snprintf(ld->evidence[MF_INCIDENTS], sizeof ld->evidence[MF_INCIDENTS],
             "sum of %zu count columns by category", n);
    r->unknown &= ~(unsigned)INCSTAT_UNKNOWN_INCIDENTS;
    return INCSTAT_OK;
}

/* Quote up to three columns into buf: "A", "B", "C". */
static size_t quote_columns(const incstat_loader *ld, const size_t *cols, size_t n, char *buf,
                            size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len + 1 < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s\"%s\"", i ? ", " : "",
                                ld->rep.columns[cols[i]].name);
    return len < cap ? len : cap - 1;
}

/* "--map FIELD=COLUMN" with the value quoted as one shell word, so the
 * line can be pasted; COLUMN as a placeholder when there is no column or
 * its name would not fit. */
static const char *map_line(const char *field, const char *column, char *out, size_t cap)
{
    char spec[300], word[400];
    int n = snprintf(spec, sizeof spec, "%s=%s", field, column ? column : "COLUMN");
    if (!column || n < 0 || (size_t)n >= sizeof spec ||
        incstat_shell_quote(spec, word, sizeof word) >= sizeof word)
        snprintf(word, sizeof word, "%s=COLUMN", field);
    snprintf(out, cap, "--map %s", word);
    return out;
}

/* A measure only a subgroup names ("Number of Enforcement Injured" with no
 * total and no other part): it stays unknown, and the advice says how to
 * take the column for the total if it is one.  Returns the bytes written. */
static size_t subgroup_advice(incstat_loader *ld, int k, size_t len)
{
    incstat_load_report *r = &ld->rep;
    const char *field = k ? "injured" : "killed";
    const char *name = r->columns[ld->subgroup_only[k]].name;
    char line[420];
    int n = snprintf(r->advice + len, sizeof r->advice - len,
                     "%s%s: only \"%s\" names the %s, and it counts one group, not the total: "
                     "left unknown; %s if it is the total", len ? "; " : "", field, name, field,
                     map_line(field, name, line, sizeof line));
    return n < 0 ? 0 : (size_t)n < sizeof r->advice - len ? (size_t)n : sizeof r->advice - len - 1;
}

/* A column that names a group beside a split but is not one of its parts:
 * the --map line that adds it, if it is one. */
static size_t left_out_advice(incstat_loader *ld, int k, size_t len)
{
    incstat_load_report *r = &ld->rep;
    int f = k ? MF_INJURED : MF_KILLED;
    char spec[512], line[600];
    size_t n = (size_t)snprintf(spec, sizeof spec, "%s", "");
    for (size_t i = 0; i < ld->n_parts[f] && n < sizeof spec; i++)
        n += (size_t)snprintf(spec + n, sizeof spec - n, "%s%s", i ? "+" : "",
                              r->columns[ld->parts[f][i]].name);
    if (n < sizeof spec)
        snprintf(spec + n, sizeof spec - n, "+%s", r->columns[ld->split_left_out[k]].name);
    int w = snprintf(r->advice + len, sizeof r->advice - len,
                     "%s%s: \"%s\" names a group but is not summed with the parts (its name "
                     "was not read whole); %s if it is one", len ? "; " : "", MF_NAMES[f],
                     r->columns[ld->split_left_out[k]].name, map_line(MF_NAMES[f], spec, line,
                                                                      sizeof line));
    return w < 0 ? 0 : (size_t)w < sizeof r->advice - len ? (size_t)w : sizeof r->advice - len - 1;
}

/* What a careful reader needs when a field the summaries rest on is not
 * found: the columns closest to it and the exact --map line. */
static void advise(incstat_loader *ld)
{
    incstat_load_report *r = &ld->rep;
    const char **names = incstat_calloc(ld->ncols ? ld->ncols : 1, sizeof *names);
    if (!names)
        return;
    for (size_t i = 0; i < ld->ncols; i++)
        names[i] = r->columns[i].name;
    size_t cand[3], n = 0, len = 0;
    char q[300], line[420];
    if (ld->col[MF_DATE] < 0 && ld->col[MF_YEAR] < 0) {
        n = incstat_recognise_candidates_(names, ld->samples, ld->ncols, MF_DATE, cand, 3);
        quote_columns(ld, cand, n, q, sizeof q);
        len += (size_t)snprintf(r->advice + len, sizeof r->advice - len,
                                "no column holds dates or years%s%s; map one with %s (or "
                                "--map year=COLUMN)", n ? "; closest: " : "", q,
                                map_line("date", n ? r->columns[cand[0]].name : NULL, line,
                                         sizeof line));
    }
    if (ld->n_sum && len + 2 < sizeof r->advice) {
        quote_columns(ld, ld->sum_cols, ld->n_sum < 2 ? ld->n_sum : 2, q, sizeof q);
        const char *c0 = r->columns[ld->sum_cols[0]].name;
        snprintf(r->advice + len, sizeof r->advice - len,
                 "%sincidents: the sum of %zu columns of counts by category (%s, ...); "
                 "%s counts one", len ? "; " : "", ld->n_sum, q,
                 map_line("incidents", c0, line, sizeof line));
    } else if ((r->unknown & INCSTAT_UNKNOWN_KILLED) && ld->subgroup_only[0] >= 0 &&
               len + 2 < sizeof r->advice) {
        len += subgroup_advice(ld, 0, len);
    } else if ((r->unknown & INCSTAT_UNKNOWN_KILLED) && len + 2 < sizeof r->advice) {
        n = incstat_recognise_candidates_(names, ld->samples, ld->ncols, MF_KILLED, cand, 3);
        quote_columns(ld, cand, n, q, sizeof q);
        int counts = n && !strstr(q, "kill") && !strstr(q, "death") && !strstr(q, "Death");
        const char *field = counts && r->rows_periods ? "incidents" : "killed";
        snprintf(r->advice + len, sizeof r->advice - len,
                 "%sno column names the killed%s%s; %s with %s", len ? "; " : "",
                 n ? (counts ? "; the columns are counts by category: " : "; closest: ") : "",
                 q, counts ? "count one" : "map one",
                 map_line(field, n ? r->columns[cand[0]].name : NULL, line, sizeof line));
    }
    if ((r->unknown & INCSTAT_UNKNOWN_INJURED) && ld->subgroup_only[1] >= 0 &&
        len + 2 < sizeof r->advice)
        len += subgroup_advice(ld, 1, len);
    for (int k = 0; k < 2; k++)
        if (ld->split_left_out[k] >= 0 && ld->n_parts[k ? MF_INJURED : MF_KILLED] >= 2 &&
            len + 2 < sizeof r->advice)
            len += left_out_advice(ld, k, len);
    incstat_free_mem(names);
}

static void fill_mapping(incstat_loader *ld)
{
    incstat_load_report *r = &ld->rep;
    r->n_mapping = r->n_recognised = 0;
    for (int f = 0; f < MF_COUNT && r->n_mapping < INCSTAT_MAPPING_MAX; f++) {
        if (ld->col[f] < 0)
            continue;
        incstat_field_mapping *m = &r->mapping[r->n_mapping++];
        m->field = MF_NAMES[f];
        m->column = (size_t)ld->col[f];
        m->how = ld->how[f] ? (incstat_map_how)ld->how[f] : INCSTAT_HOW_MAP;
        memcpy(m->evidence, ld->evidence[f], sizeof m->evidence);
        m->n_parts = ld->n_parts[f] >= 2 ? ld->n_parts[f] : 0;
        for (size_t i = 0; i < m->n_parts; i++)
            m->parts[i] = (size_t)ld->parts[f][i];
        r->n_recognised += m->how != INCSTAT_HOW_MAP;
    }
}

incstat_status incstat_loader_resolve_(incstat_loader *ld, incstat_load_options *o,
                                       const char *path, incstat_error *err)
{
    incstat_load_schema sc;
    memset(&sc, 0, sizeof sc);
    incstat_status st = INCSTAT_OK;
    for (int i = 0; i < MF_COUNT; i++)
        ld->col[i] = -1;
    ld->subgroup_only[0] = ld->subgroup_only[1] = -1;
    ld->split_left_out[0] = ld->split_left_out[1] = -1;
    if (o->schema_path) {
        st = incstat_load_schema_read_(o->schema_path, &sc, o, ld, err);
        if (st)
            goto out;
    }
    const char *pname = o->preset && *o->preset ? o->preset : sc.has_preset ? sc.preset : "auto";
    const incstat_preset *p = NULL;
    int recognise = incstat_ascii_casecmp(pname, "none") != 0;
    if (incstat_ascii_casecmp(pname, "auto") == 0) {
        if ((st = detect_preset(ld, &p, err)) != INCSTAT_OK)
            goto out;
        ld->rep.preset_detected = p != NULL;
    } else if (recognise) {
        p = incstat_preset_find(pname);
        if (!p) {
            const char *names[16];
            size_t n = 0;
            for (; incstat_preset_get(n) && n < 16; n++)
                names[n] = incstat_preset_get(n)->name;
            const char *near = incstat_nearest(pname, names, n);
            st = incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                   "unknown preset \"%s\"%s%s%s (presets: gtd, acled, ucdp-ged, "
                                   "pbc-suicide, pbc-drone, ucdp-cy, ucdp-brd, owid, none)",
                                   pname, near ? "; did you mean \"" : "", near ? near : "",
                                   near ? "\"?" : "");
            goto out;
        }
    }
    if ((st = choose_encoding(ld, path, p, err)) != INCSTAT_OK)
        goto out;
    if (p) {
        snprintf(ld->preset, sizeof ld->preset, "%s", p->name);
        for (size_t i = 0; p->map[i].field; i++) {
            long c = find_column_loose(ld, p->map[i].column);
            int f = incstat_load_field_index_(p->map[i].field, strlen(p->map[i].field));
            /* the precision column came in later releases and extracts
             * often drop it: its absence does not make a file less the
             * preset's */
            if (f == MF_PRECISION && c < 0)
                continue;
            ld->rep.preset_columns++;
            if (c >= 0 && f >= 0) { /* a column absent from another release is fine */
                ld->col[f] = c;
                ld->how[f] = INCSTAT_HOW_PRESET;
                snprintf(ld->evidence[f], sizeof ld->evidence[f], "the column of preset %s", p->name);
                ld->rep.preset_matched++;
            }
        }
        for (size_t i = 0; p->keep && p->keep[i]; i++)
            if ((st = add_keep(ld, p->keep[i], 0, err)) != INCSTAT_OK)
                goto out;
        for (size_t i = 0; i < p->n_missing_codes && ld->n_codes < MAX_CODES; i++)
            ld->codes[ld->n_codes++] = p->missing_codes[i];
        ld->rep.list_fields = p->list_fields;
        if (p->gap_year)
            ld->rep.known_gaps[ld->rep.n_known_gaps++] = p->gap_year;
        if (!o->date_order_set && p->date_order != INCSTAT_DATE_ORDER_AUTO)
            o->date_order = p->date_order;
    } else {
        snprintf(ld->preset, sizeof ld->preset, "custom");
    }
    for (size_t i = 0; i < sc.n_maps; i++)
        if ((st = apply_map(ld, sc.maps[i], o->schema_path, err)) != INCSTAT_OK)
            goto out;
    for (size_t i = 0; i < o->n_map; i++)
        if ((st = apply_map(ld, o->map[i] ? o->map[i] : "", "--map", err)) != INCSTAT_OK)
            goto out;
    for (size_t i = 0; i < sc.n_keeps; i++)
        if ((st = add_keep(ld, sc.keeps[i], 1, err)) != INCSTAT_OK)
            goto out;
    for (size_t i = 0; i < o->n_keep; i++)
        if ((st = add_keep(ld, o->keep[i] ? o->keep[i] : "", 1, err)) != INCSTAT_OK)
            goto out;
    if (recognise && (st = recognise_rest(ld, path, p, err)) != INCSTAT_OK)
        goto out;
    decide_rows(ld, o, &sc, p, recognise);
    if (recognise && (st = sum_categories(ld, err)) != INCSTAT_OK)
        goto out;
    if (recognise)
        advise(ld);
    /* after recognition: a recode may name the column a field was found in */
    for (size_t i = 0; i < sc.n_recodes; i++)
        if ((st = incstat_loader_add_recode_(ld, sc.recodes[i], o->schema_path, err)) != INCSTAT_OK)
            goto out;
    for (size_t i = 0; i < o->n_recode; i++)
        if ((st = incstat_loader_add_recode_(ld, o->recode[i] ? o->recode[i] : "", "--recode",
                                             err)) != INCSTAT_OK)
            goto out;
    for (int f = 0; f < MF_COUNT; f++)
        if (ld->col[f] >= 0)
            ld->rep.columns[ld->col[f]].field = MF_NAMES[f];
    for (size_t i = 0; i < ld->n_sum; i++)
        ld->rep.columns[ld->sum_cols[i]].field = MF_NAMES[MF_INCIDENTS];
    for (int f = 0; f < MF_COUNT; f++)
        for (size_t i = 0; ld->n_parts[f] >= 2 && i < ld->n_parts[f]; i++)
            ld->rep.columns[ld->parts[f][i]].field = MF_NAMES[f];
    fill_mapping(ld);
    ld->order = o->date_order;
    ld->rep.date_order_used = o->date_order ? o->date_order : INCSTAT_DATE_ORDER_DMY;
out:
    incstat_load_schema_clear_(&sc);
    return st;
}

