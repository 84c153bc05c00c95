/* src/io/load_schema.c: schema files (docs/schema.md): "key = value"
 * lines read into the mapping the loader resolves (load_map.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "io/encoding.h"
#include "core/internal.h"
#include "io/load_priv.h"

void incstat_load_schema_clear_(incstat_load_schema *s)
{
    for (size_t i = 0; i < s->n_maps; i++)
        incstat_free_mem(s->maps[i]);
    for (size_t i = 0; i < s->n_keeps; i++)
        incstat_free_mem(s->keeps[i]);
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
        if (vn >= 2 && val[0] == '"' && val[vn - 1] == '"') {
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
                                   "delimiter, date-order, decimal, keep, missing, or a field name)",
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
