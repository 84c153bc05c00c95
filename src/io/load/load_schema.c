/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_schema.c: schema files (docs/schema.md): "key = value"
 * lines read into the mapping the loader resolves (load_map.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "io/source/encoding.h"
#include "core/internal.h"
#include "io/load/load_priv.h"

void incstat_load_schema_clear_(incstat_load_schema *s)
{
    for (size_t i = 0; i < s->n_maps; i++)
        incstat_free_mem(s->maps[i]);
    for (size_t i = 0; i < s->n_keeps; i++)
        incstat_free_mem(s->keeps[i]);
    for (size_t i = 0; i < s->n_recodes; i++)
        incstat_free_mem(s->recodes[i]);
    memset(s, 0, sizeof *s);
}

static int parse_order(const char *v, incstat_date_order *o)
{
    if (incstat_ascii_casecmp(v, "dmy") == 0) *o = INCSTAT_DATE_ORDER_DMY;
    else if (incstat_ascii_casecmp(v, "mdy") == 0) *o = INCSTAT_DATE_ORDER_MDY;
    else if (incstat_ascii_casecmp(v, "ymd") == 0) *o = INCSTAT_DATE_ORDER_YMD;
    else if (incstat_ascii_casecmp(v, "auto") == 0) *o = INCSTAT_DATE_ORDER_AUTO;
    else return -1;
    return 0;
}

incstat_status incstat_load_schema_read_(const char *path, incstat_load_schema *s, incstat_load_options *o,
                                  incstat_loader *ld, incstat_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot open schema file", path);
    char line[1024];
    unsigned long no = 0;
    incstat_status st = INCSTAT_OK;
    while (fgets(line, sizeof line, f)) {
        no++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 0, "%s:%lu: line too long", path, no);
            break;
        }
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        const char *p = line;
        size_t pn = n;
        incstat_trim_cell(&p, &pn);
        if (pn == 0 || p[0] == '#')
            continue;
        const char *eq = memchr(p, '=', pn);
        if (!eq) {
            st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 1,
                                   "%s:%lu: expected KEY = VALUE, got \"%.*s\"", path, no,
                                   (int)(pn > 60 ? 60 : pn), p);
            break;
        }
        const char *k = p, *v = eq + 1;
        size_t kn = (size_t)(eq - p), vn = pn - kn - 1;
        incstat_trim_cell(&k, &kn);
        incstat_trim_cell(&v, &vn);
        /* a comment after the value (incstat schema writes one): after a
         * quoted value, or from " #" on */
        {
            /* outside quotes; a sum of quoted names ("A" + "B") has several */
            int inq = 0;
            for (size_t i = 0; i < vn; i++) {
                if (v[i] == '"')
                    inq = !inq;
                else if (!inq && i > 0 && v[i] == '#' && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
                    vn = i;
                    break;
                }
            }
        }
        incstat_trim_cell(&v, &vn);
        char key[64], val[960];
        if (kn >= sizeof key || vn >= sizeof val) {
            st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 1, "%s:%lu: key or value too long",
                                   path, no);
            break;
        }
        memcpy(key, k, kn);
        key[kn] = '\0';
        memcpy(val, v, vn);
        val[vn] = '\0';
        /* values may be quoted to keep surrounding spaces */
        if (vn >= 2 && val[0] == '"' && val[vn - 1] == '"' && !memchr(val + 1, '"', vn - 2)) {
            memmove(val, val + 1, vn - 2);
            val[vn - 2] = '\0';
        }
        if (incstat_ascii_casecmp(key, "preset") == 0) {
            if (strlen(val) >= sizeof s->preset) {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                       "%s:%lu: unknown preset \"%s\"", path, no, val);
                break;
            }
            memcpy(s->preset, val, strlen(val) + 1);
            s->has_preset = 1;
        } else if (incstat_ascii_casecmp(key, "encoding") == 0) {
            if (!o->encoding_set) {
                if (incstat_encoding_from_name(val, &o->csv.encoding) != 0) {
                    st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                           "%s:%lu: unknown encoding \"%s\"", path, no, val);
                    break;
                }
                o->encoding_set = 1;
                incstat_csv_set_encoding(ld->csv, o->csv.encoding);
            }
        } else if (incstat_ascii_casecmp(key, "decimal") == 0) {
            if (strcmp(val, ".") != 0 && strcmp(val, ",") != 0) {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                       "%s:%lu: decimal must be . or ,", path, no);
                break;
            }
            if (!o->decimal) /* --decimal wins */
                o->decimal = val[0];
        } else if (incstat_ascii_casecmp(key, "date-order") == 0 ||
                   incstat_ascii_casecmp(key, "date_order") == 0) {
            if (!o->date_order_set) {
                if (parse_order(val, &o->date_order) != 0) {
                    st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                           "%s:%lu: date-order must be dmy, mdy or ymd", path, no);
                    break;
                }
                o->date_order_set = 1;
            }
        } else if (incstat_ascii_casecmp(key, "delimiter") == 0) {
            /* the reader has started; a schema delimiter must match the file's */
            char d = strcmp(val, "\\t") == 0 || incstat_ascii_casecmp(val, "tab") == 0 ? '\t' : val[0];
            if (vn != 1 && d != '\t') {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                       "%s:%lu: delimiter must be one character", path, no);
                break;
            }
            if (d != incstat_csv_delimiter(ld->csv)) {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                       "%s:%lu: the schema says delimiter '%c' but the file was "
                                       "read with '%c'; pass --delimiter",
                                       path, no, d, incstat_csv_delimiter(ld->csv));
                break;
            }
        } else if (incstat_ascii_casecmp(key, "missing") == 0) {
            char *q = val;
            while (*q) {
                char *end;
                double x = strtod(q, &end);
                if (end == q || ld->n_codes == MAX_CODES) {
                    st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                           "%s:%lu: missing = takes up to %d numbers, separated "
                                           "by commas", path, no, MAX_CODES);
                    break;
                }
                ld->codes[ld->n_codes++] = x;
                q = end;
                while (*q == ',' || *q == ' ')
                    q++;
            }
            if (st)
                break;
        } else if (incstat_ascii_casecmp(key, "rows") == 0) {
            if (incstat_ascii_casecmp(val, "periods") == 0)
                s->rows = 1;
            else if (incstat_ascii_casecmp(val, "incidents") == 0)
                s->rows = 2;
            else {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, (uint64_t)(v - line) + 1,
                                       "%s:%lu: rows must be periods or incidents", path, no);
                break;
            }
        } else if (incstat_ascii_casecmp(key, "recode") == 0) {
            if (s->n_recodes == MAX_MAP) {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 1, "%s:%lu: too many recode lines",
                                       path, no);
                break;
            }
            if (!(s->recodes[s->n_recodes] = incstat_strndup(val, strlen(val)))) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
                break;
            }
            s->n_recodes++;
        } else if (incstat_ascii_casecmp(key, "keep") == 0) {
            if (s->n_keeps == MAX_MAP) {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 1, "%s:%lu: too many keep lines",
                                       path, no);
                break;
            }
            if (!(s->keeps[s->n_keeps] = incstat_strndup(val, strlen(val)))) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
                break;
            }
            s->n_keeps++;
        } else if (incstat_load_field_index_(key, kn) >= 0) {
            if (s->n_maps == MAX_MAP) {
                st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 1, "%s:%lu: too many mappings",
                                       path, no);
                break;
            }
            char *m = incstat_malloc(kn + vn + 2);
            if (!m) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
                break;
            }
            snprintf(m, kn + vn + 2, "%s=%s", key, val);
            s->maps[s->n_maps++] = m;
        } else {
            const char *near = incstat_nearest(key, MF_NAMES, MF_COUNT);
            st = incstat_set_error(err, INCSTAT_ESCHEMA, no, 1,
                                   "%s:%lu: unknown key \"%s\"%s%s%s (keys: preset, encoding, "
                                   "delimiter, date-order, decimal, rows, recode, keep, missing, or a "
                                   "field name)",
                                   path, no, key, near ? "; did you mean \"" : "",
                                   near ? near : "", near ? "\"?" : "");
            break;
        }
    }
    if (!st && ferror(f))
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: read error", path);
    fclose(f);
    return st;
}

/* ---- writing one ------------------------------------------------------ */

typedef struct {
    char *buf;
    size_t cap, len;
} out_text;

static void put(out_text *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(out_text *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf && o->len < o->cap ? o->buf + o->len : NULL,
                      o->buf && o->len < o->cap ? o->cap - o->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

/* A value as the reader takes it back: quoted when it has spaces at its
 * ends, a '#' or a quote-free comma; names never hold a '"' here. */
static void put_value(out_text *o, const char *v)
{
    int quote = !*v || strchr(v, '#') || strchr(v, ' ') || v[0] == '"';
    put(o, quote ? "\"%s\"" : "%s", v);
}

/* The mapping name of a canonical text field. */
static const char *text_name(int t)
{
    static const char *const N[INCSTAT_TEXT_COUNT] = {"id", "country", "admin1", "admin2", "city",
                                                      "location", "perpetrator", "target", "type"};
    return t >= 0 && t < INCSTAT_TEXT_COUNT ? N[t] : "";
}

/* A schema names one column per field and cannot say a sum: the summed
 * columns as a comment, and the one-column line commented out.  Read back,
 * the schema leaves incidents to recognition, which sums them again. */
static void put_sum(out_text *o, const incstat_load_report *r)
{
    put(o, "# incidents: the sum of %zu columns of counts by category; a schema cannot say a sum,\n"
           "# so with no incidents line incstat sums them again:", r->incidents_sum_columns);
    const char *first = NULL;
    for (size_t c = 0; c < r->n_columns; c++)
        if (r->columns[c].field && strcmp(r->columns[c].field, "incidents") == 0) {
            put(o, "%s ", first ? "," : "");
            put_value(o, r->columns[c].name);
            if (!first)
                first = r->columns[c].name;
        }
    put(o, "\n# to count one column instead:\n# incidents = ");
    put_value(o, first ? first : "COLUMN");
    put(o, "\n");
}

size_t incstat_loader_schema_text(const incstat_loader *ld, char *buf, size_t cap)
{
    out_text o = {buf, cap, 0};
    if (buf && cap)
        buf[0] = '\0';
    if (!ld)
        return 0;
    const incstat_load_report *r = &ld->rep;
    put(&o, "# incstat schema for %s: what incstat recognised, one line per field.\n"
            "# Check it, edit it, and pass it with --schema FILE from then on.\n",
        r->source);
    if (strcmp(r->preset, "custom") != 0) {
        put(&o, "preset = %s", r->preset);
        put(&o, "    # %s: %zu of %zu of its columns%s%s\n",
            r->preset_detected ? "detected" : "given", r->preset_matched, r->preset_columns,
            r->preset_filled[0] ? "; " : "", r->preset_filled);
    } else {
        put(&o, "preset = none    # no preset matched; every field is named below\n");
    }
    put(&o, "rows = %s    # %s\n", r->rows_periods ? "periods" : "incidents",
        !r->rows_periods ? "one incident per row"
        : r->unknown & INCSTAT_UNKNOWN_INCIDENTS ? "figures per period: the number of incidents is unknown"
                                                 : "figures per period");
    if (r->date_evidence_mdy > 0 && r->date_evidence_dmy == 0 && ld->order == INCSTAT_DATE_ORDER_AUTO)
        put(&o, "date-order = mdy    # %llu dates can only be month/day/year\n",
            (unsigned long long)r->date_evidence_mdy);
    for (size_t i = 0; i < r->n_mapping; i++) {
        const incstat_field_mapping *m = &r->mapping[i];
        if (r->incidents_sum_columns && strcmp(m->field, "incidents") == 0) {
            put_sum(&o, r);
            continue;
        }
        put(&o, "%s = ", m->field);
        put_value(&o, r->columns[m->column].name);
        for (size_t k = 1; k < m->n_parts; k++) { /* a sum: "killed = A + B + C" */
            put(&o, " + ");
            put_value(&o, r->columns[m->parts[k]].name);
        }
        put(&o, "    # %s: %s\n", incstat_map_how_name(m->how), m->evidence);
    }
    for (size_t i = 0; i < ld->n_recodes; i++) {
        const struct incstat_recode_ *rc = &ld->recodes[i];
        put(&o, "recode = %s:%s=%s\n", text_name(rc->text),
            rc->from, rc->to);
    }
    if (r->unknown & INCSTAT_UNKNOWN_KILLED)
        put(&o, "# killed: no column found (unknown, never 0)%s%s\n",
            r->advice[0] && !r->incidents_sum_columns ? "; " : "",
            r->incidents_sum_columns ? "" : r->advice);
    if (r->unknown & INCSTAT_UNKNOWN_INJURED)
        put(&o, "# injured: no column (unknown, never 0)\n");
    if (r->unknown & INCSTAT_UNKNOWN_INCIDENTS)
        put(&o, "# incidents: unknown in a table of periods; a column of counts: incidents = COLUMN\n");
    return o.len;
}

incstat_status incstat_loader_schema_write(const incstat_loader *ld, FILE *out,
                                           incstat_error *err)
{
    if (!ld || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "schema: NULL argument");
    size_t n = incstat_loader_schema_text(ld, NULL, 0);
    char *text = incstat_malloc(n + 1);
    if (!text)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_loader_schema_text(ld, text, n + 1);
    fputs(text, out);
    incstat_free_mem(text);
    if (ferror(out))
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "schema: write failed");
    return INCSTAT_OK;
}
