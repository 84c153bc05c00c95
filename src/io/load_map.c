/* src/io/load_map.c: the loader's header and mapping: header names, which
 * preset applies, then the schema file, --map and --keep, each overriding
 * the one before (see load.c). */
#include <stdio.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "io/dict.h"
#include "core/internal.h"
#include "io/csv_internal.h"
#include "io/load_priv.h"
#include "io/preset.h"

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

static int preset_matches(const incstat_loader *ld, const incstat_preset *p)
{
    for (size_t i = 0; p->signature[i]; i++)
        if (incstat_loader_find_column_(ld, p->signature[i]) < 0)
            return 0;
    return 1;
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
    if (*column == '\0') {
        ld->col[field] = -1; /* "field=" unmaps */
        return INCSTAT_OK;
    }
    long c = incstat_loader_find_column_(ld, column);
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
                              f == MF_DAY);
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

incstat_status incstat_loader_resolve_(incstat_loader *ld, incstat_load_options *o, incstat_error *err)
{
    incstat_load_schema sc;
    memset(&sc, 0, sizeof sc);
    incstat_status st = INCSTAT_OK;
    for (int i = 0; i < MF_COUNT; i++)
        ld->col[i] = -1;
    if (o->schema_path) {
        st = incstat_load_schema_read_(o->schema_path, &sc, o, ld, err);
        if (st)
            goto out;
    }
    const char *pname = o->preset && *o->preset ? o->preset : sc.has_preset ? sc.preset : "auto";
    const incstat_preset *p = NULL;
    if (incstat_ascii_casecmp(pname, "auto") == 0) {
        for (size_t i = 0; incstat_preset_get(i); i++)
            if (preset_matches(ld, incstat_preset_get(i))) {
                p = incstat_preset_get(i);
                ld->rep.preset_detected = 1;
                break;
            }
    } else if (incstat_ascii_casecmp(pname, "none") != 0) {
        p = incstat_preset_find(pname);
        if (!p) {
            const char *names[16];
            size_t n = 0;
            for (; incstat_preset_get(n) && n < 16; n++)
                names[n] = incstat_preset_get(n)->name;
            const char *near = incstat_nearest(pname, names, n);
            st = incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                   "unknown preset \"%s\"%s%s%s (presets: gtd, acled, ucdp-ged, "
                                   "pbc-suicide, pbc-drone, none)",
                                   pname, near ? "; did you mean \"" : "", near ? near : "",
                                   near ? "\"?" : "");
            goto out;
        }
    }
    if (p) {
        snprintf(ld->preset, sizeof ld->preset, "%s", p->name);
        for (size_t i = 0; p->map[i].field; i++) {
            long c = incstat_loader_find_column_(ld, p->map[i].column);
            int f = incstat_load_field_index_(p->map[i].field, strlen(p->map[i].field));
            if (c >= 0 && f >= 0)
                ld->col[f] = c; /* a preset column absent from a trimmed export is fine */
        }
        for (size_t i = 0; p->keep && p->keep[i]; i++)
            if ((st = add_keep(ld, p->keep[i], 0, err)) != INCSTAT_OK)
                goto out;
        for (size_t i = 0; i < p->n_missing_codes && ld->n_codes < MAX_CODES; i++)
            ld->codes[ld->n_codes++] = p->missing_codes[i];
        if (!o->encoding_set && p->encoding != INCSTAT_ENCODING_AUTO)
            incstat_csv_set_encoding(ld->csv, p->encoding);
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
    for (int f = 0; f < MF_COUNT; f++)
        if (ld->col[f] >= 0)
            ld->rep.columns[ld->col[f]].field = MF_NAMES[f];
    ld->order = o->date_order;
    ld->rep.date_order_used = o->date_order ? o->date_order : INCSTAT_DATE_ORDER_DMY;
out:
    incstat_load_schema_clear_(&sc);
    return st;
}

