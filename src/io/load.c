/* src/io/load.c: from CSV records to incidents (see include/incstat/load.h).
 *
 * The loader reads the header, resolves which source column feeds which
 * canonical field (preset, schema file, then --map entries, each overriding
 * the one before), and turns each record into an incstat_incident.  Only the
 * mapped and kept columns are decoded.  Every record after the header ends up
 * either loaded or counted as skipped with its reason; every mapped cell that
 * cannot be parsed is counted against its column with the first line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "incstat/load.h"
#include "incstat/util.h"
#include "io/dict.h"
#include "io/encoding.h"
#include "io/infer.h"
#include "core/internal.h"
#include "io/csv_internal.h"
#include "io/load_internal.h"
#include "io/preset.h"
#include "io/table_internal.h"

enum {
    MF_ID, MF_DATE, MF_YEAR, MF_MONTH, MF_DAY,
    MF_KILLED, MF_KILLED_LOW, MF_KILLED_HIGH,
    MF_INJURED, MF_INJURED_LOW, MF_INJURED_HIGH,
    MF_COUNTRY, MF_ADMIN1, MF_ADMIN2, MF_CITY, MF_LOCATION,
    MF_LATITUDE, MF_LONGITUDE, MF_PERPETRATOR, MF_TARGET, MF_TYPE,
    MF_COUNT
};

static const char *const MF_NAMES[MF_COUNT] = {
    "id", "date", "year", "month", "day",
    "killed", "killed_low", "killed_high",
    "injured", "injured_low", "injured_high",
    "country", "admin1", "admin2", "city", "location",
    "latitude", "longitude", "perpetrator", "target", "type"};

/* canonical text field fed by each mapping field, or -1 */
static const int MF_TEXT[MF_COUNT] = {
    INCSTAT_TEXT_ID, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    INCSTAT_TEXT_COUNTRY, INCSTAT_TEXT_ADMIN1, INCSTAT_TEXT_ADMIN2, INCSTAT_TEXT_CITY,
    INCSTAT_TEXT_LOCATION, -1, -1, INCSTAT_TEXT_PERPETRATOR, INCSTAT_TEXT_TARGET,
    INCSTAT_TEXT_TYPE};

#define MAX_CODES 16
#define MAX_MAP 64

typedef struct {
    int field;
    char *column;
} map_entry;

#define ROW_UNDO_MAX 64
#define PROGRESS_STEP ((uint64_t)8 << 20)

struct incstat_loader {
    incstat_csv *csv;
    incstat_load_report rep;
    size_t ncols;
    /* columns whose unparsed / missing counts the current row raised, undone
     * when the row turns out to be a totals row (not an incident, so its
     * cells are not the data's) */
    size_t undo_unparsed[ROW_UNDO_MAX], undo_missing[ROW_UNDO_MAX];
    size_t n_undo_unparsed, n_undo_missing;
    long col[MF_COUNT];
    unsigned char skip_field[MF_COUNT]; /* not asked for: left unknown */
    size_t n_keep;
    size_t *keep_cols;
    char **keep_names;
    double codes[MAX_CODES];
    size_t n_codes;
    incstat_date_order order;
    int strict, infer;
    char preset[32];
    unsigned threads;       /* a whole-table load may read in this many chunks */
    uint64_t parallel_min;  /* ... when the file has at least this many bytes */

    incstat_incident inc;
    incstat_text *kept_vals;
    char *arena;
    size_t arena_len, arena_cap;
    size_t text_off[INCSTAT_TEXT_COUNT];
    size_t *kept_off;

    double killed_sum;
    uint64_t killed_rows;
    int ambiguous; /* the last incident's date was d/m ambiguous */
    int done;

    /* progress reports */
    void (*progress)(void *, uint64_t, uint64_t);
    void *progress_ctx;
    uint64_t progress_total, progress_next, progress_base;
    unsigned progress_scale; /* a fork of m chunks reports its bytes times m; 0: silent */

    /* a fork reads one chunk of the parent's file (parallel summary): it
     * borrows the parent's names and mapping, and cannot know the killed
     * total above its chunk, so each possible totals row is set aside for
     * the merge to decide */
    int fork;
    struct deferred_total {
        uint64_t line;
        double killed, sum_before;
        uint64_t rows_before;
    } deferred[8];
    size_t n_deferred;
    int deferred_overflow;
};

const char *incstat_skip_reason_name(incstat_skip_reason r)
{
    switch (r) {
    case INCSTAT_SKIP_BLANK: return "blank row";
    case INCSTAT_SKIP_TOTALS: return "totals row";
    case INCSTAT_SKIP_TOO_MANY_FIELDS: return "more fields than the header";
    case INCSTAT_SKIP_HEADER_REPEAT: return "repeated header";
    case INCSTAT_SKIP_COUNT: break;
    }
    return "unknown";
}

const char *incstat_column_type_name(incstat_column_type t)
{
    switch (t) {
    case INCSTAT_TYPE_EMPTY: return "empty";
    case INCSTAT_TYPE_INTEGER: return "integer";
    case INCSTAT_TYPE_NUMBER: return "number";
    case INCSTAT_TYPE_COUNT_RANGE: return "count-range";
    case INCSTAT_TYPE_DATE: return "date";
    case INCSTAT_TYPE_TEXT: return "text";
    }
    return "unknown";
}

size_t incstat_map_field_count(void) { return MF_COUNT; }
const char *incstat_map_field_name(size_t i) { return i < MF_COUNT ? MF_NAMES[i] : NULL; }

static int map_field_index(const char *name, size_t n)
{
    for (int i = 0; i < MF_COUNT; i++)
        if (incstat_ascii_ncaseeq(name, n, MF_NAMES[i]))
            return i;
    /* aliases users reach for */
    if (incstat_ascii_ncaseeq(name, n, "killed_best") || incstat_ascii_ncaseeq(name, n, "deaths") ||
        incstat_ascii_ncaseeq(name, n, "fatalities"))
        return MF_KILLED;
    if (incstat_ascii_ncaseeq(name, n, "injured_best") || incstat_ascii_ncaseeq(name, n, "wounded"))
        return MF_INJURED;
    if (incstat_ascii_ncaseeq(name, n, "province") || incstat_ascii_ncaseeq(name, n, "state"))
        return MF_ADMIN1;
    if (incstat_ascii_ncaseeq(name, n, "lat"))
        return MF_LATITUDE;
    if (incstat_ascii_ncaseeq(name, n, "lon") || incstat_ascii_ncaseeq(name, n, "lng"))
        return MF_LONGITUDE;
    return -1;
}

/* ---- report ----------------------------------------------------------- */

static void report_free(incstat_load_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n_columns; i++)
        incstat_free_mem(rep->columns[i].name);
    incstat_free_mem(rep->columns);
    incstat_free_mem((void *)rep->source);
    incstat_free_mem((void *)rep->preset);
    memset(rep, 0, sizeof *rep);
}

static void report_free_heap(incstat_load_report *rep)
{
    report_free(rep);
    incstat_free_mem(rep);
}

void incstat_loader_free(incstat_loader *ld)
{
    if (!ld)
        return;
    incstat_csv_free(ld->csv);
    if (ld->fork) { /* names, mapping and kept columns are the parent's */
        incstat_free_mem(ld->rep.columns);
        incstat_free_mem(ld->kept_vals);
        incstat_free_mem(ld->kept_off);
        incstat_free_mem(ld->arena);
        incstat_free_mem(ld);
        return;
    }
    report_free(&ld->rep);
    if (ld->keep_names)
        for (size_t i = 0; i < ld->n_keep; i++)
            incstat_free_mem(ld->keep_names[i]);
    incstat_free_mem(ld->keep_names);
    incstat_free_mem(ld->keep_cols);
    incstat_free_mem(ld->kept_vals);
    incstat_free_mem(ld->kept_off);
    incstat_free_mem(ld->arena);
    incstat_free_mem(ld);
}

/* ---- header ----------------------------------------------------------- */

static long find_column(const incstat_loader *ld, const char *name)
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

static incstat_status read_header(incstat_loader *ld, incstat_error *err)
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

static incstat_status bad_field(const char *what, const char *field, size_t n, incstat_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "%.*s", (int)(n < 60 ? n : 60), field);
    const char *near = incstat_nearest(f, MF_NAMES, MF_COUNT);
    return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                             "%s: unknown field \"%s\"%s%s%s (fields: id, date, year, month, day, "
                             "killed, killed_low, killed_high, injured, injured_low, injured_high, "
                             "country, admin1, admin2, city, location, latitude, longitude, "
                             "perpetrator, target, type)",
                             what, f, near ? "; did you mean \"" : "", near ? near : "",
                             near ? "\"?" : "");
}

static int preset_matches(const incstat_loader *ld, const incstat_preset *p)
{
    for (size_t i = 0; p->signature[i]; i++)
        if (find_column(ld, p->signature[i]) < 0)
            return 0;
    return 1;
}

static incstat_status add_keep(incstat_loader *ld, const char *name, int must_exist,
                               incstat_error *err)
{
    long c = find_column(ld, name);
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
    int field = map_field_index(f, fn);
    if (field < 0)
        return bad_field(what, f, fn, err);
    const char *column = eq + 1;
    if (*column == '\0') {
        ld->col[field] = -1; /* "field=" unmaps */
        return INCSTAT_OK;
    }
    long c = find_column(ld, column);
    if (c < 0)
        return no_column(ld, what, column, err);
    ld->col[field] = c;
    return INCSTAT_OK;
}

/* A schema file: "key = value" lines, '#' comments.  Keys: preset,
 * encoding, delimiter, date-order, keep, missing (comma-separated numbers),
 * and any canonical field name (a mapping). */
typedef struct {
    char preset[32];
    int has_preset;
    char *maps[MAX_MAP];
    size_t n_maps;
    char *keeps[MAX_MAP];
    size_t n_keeps;
} schema;

static void schema_clear(schema *s)
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

static incstat_status read_schema(const char *path, schema *s, incstat_load_options *o,
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
        } else if (map_field_index(key, kn) >= 0) {
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
                                   "delimiter, date-order, keep, missing, or a field name)",
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

/* Mark the fields the caller did not ask for as skipped. */
static incstat_status select_fields(incstat_loader *ld, const incstat_load_options *o,
                                    incstat_error *err)
{
    for (int f = 0; f < MF_COUNT; f++)
        ld->skip_field[f] = !(f == MF_ID || f == MF_DATE || f == MF_YEAR || f == MF_MONTH ||
                              f == MF_DAY);
    for (size_t i = 0; i < o->n_fields; i++) {
        const char *name = o->fields[i] ? o->fields[i] : "";
        int f = map_field_index(name, strlen(name));
        if (f < 0)
            return bad_field("fields", name, strlen(name), err);
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

static incstat_status resolve(incstat_loader *ld, incstat_load_options *o, incstat_error *err)
{
    schema sc;
    memset(&sc, 0, sizeof sc);
    incstat_status st = INCSTAT_OK;
    for (int i = 0; i < MF_COUNT; i++)
        ld->col[i] = -1;
    if (o->schema_path) {
        st = read_schema(o->schema_path, &sc, o, ld, err);
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
            long c = find_column(ld, p->map[i].column);
            int f = map_field_index(p->map[i].field, strlen(p->map[i].field));
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
    schema_clear(&sc);
    return st;
}

/* ---- opening ---------------------------------------------------------- */

incstat_status incstat_loader_open_csv(incstat_csv *csv, const incstat_load_options *opts,
                                       incstat_loader **out, incstat_error *err)
{
    incstat_load_options o;
    incstat_status st;
    if (!out) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no output handle");
    }
    *out = NULL;
    if (!csv)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no reader");
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    incstat_loader *ld = incstat_calloc(1, sizeof *ld);
    if (!ld) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    ld->csv = csv;
    ld->strict = o.strict;
    ld->infer = o.infer_types;
    ld->threads = o.threads;
    ld->parallel_min = o.parallel_min_bytes;
    const char *name = incstat_csv_name(csv);
    ld->rep.source = incstat_strndup(name, strlen(name));
    if (!ld->rep.source) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    ld->progress = o.progress;
    ld->progress_ctx = o.progress_ctx;
    ld->progress_scale = 1;
    if (ld->progress) {
        int fd = incstat_csv_plain_fd_(csv);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
            ld->progress_total = (uint64_t)sb.st_size;
        ld->progress_next = PROGRESS_STEP;
    }
    if ((st = read_header(ld, err)) != INCSTAT_OK)
        goto fail;
    if ((st = resolve(ld, &o, err)) != INCSTAT_OK)
        goto fail;
    if (o.fields && (st = select_fields(ld, &o, err)) != INCSTAT_OK)
        goto fail;
    ld->rep.preset = incstat_strndup(ld->preset, strlen(ld->preset));
    ld->kept_vals = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_vals);
    ld->kept_off = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_off);
    ld->arena_cap = 1024;
    ld->arena = incstat_malloc(ld->arena_cap);
    if (!ld->rep.preset || !ld->kept_vals || !ld->kept_off || !ld->arena) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto fail;
    }
    *out = ld;
    return INCSTAT_OK;
fail:
    incstat_loader_free(ld);
    return st;
}

incstat_status incstat_loader_open(const char *path, const incstat_load_options *opts,
                                   incstat_loader **out, incstat_error *err)
{
    incstat_csv_options co;
    incstat_csv *csv;
    memset(&co, 0, sizeof co);
    if (opts)
        co = opts->csv;
    if (out)
        *out = NULL;
    incstat_status st = incstat_csv_open_path(path, &co, &csv, err);
    if (st)
        return st;
    return incstat_loader_open_csv(csv, opts, out, err);
}

/* ---- rows ------------------------------------------------------------- */

static void note_missing(incstat_loader *ld, size_t c)
{
    ld->rep.columns[c].missing++;
    if (ld->n_undo_missing < ROW_UNDO_MAX)
        ld->undo_missing[ld->n_undo_missing++] = c;
}

/* Forget what the current row added to the column reports. */
static void undo_row_notes(incstat_loader *ld)
{
    for (size_t i = 0; i < ld->n_undo_missing; i++)
        ld->rep.columns[ld->undo_missing[i]].missing--;
    for (size_t i = 0; i < ld->n_undo_unparsed; i++) {
        incstat_column_report *cr = &ld->rep.columns[ld->undo_unparsed[i]];
        if (--cr->unparsed == 0) {
            cr->first_unparsed_line = 0;
            cr->first_unparsed[0] = '\0';
        }
    }
    ld->n_undo_missing = ld->n_undo_unparsed = 0;
}

static void note_unparsed(incstat_loader *ld, size_t c, uint64_t line, const char *s, size_t n)
{
    incstat_column_report *cr = &ld->rep.columns[c];
    if (ld->n_undo_unparsed < ROW_UNDO_MAX)
        ld->undo_unparsed[ld->n_undo_unparsed++] = c;
    if (cr->unparsed++ == 0) {
        cr->first_unparsed_line = line;
        size_t k = n < sizeof cr->first_unparsed - 1 ? n : sizeof cr->first_unparsed - 1;
        /* do not cut a UTF-8 sequence in half */
        while (k > 0 && k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        memcpy(cr->first_unparsed, s, k);
        cr->first_unparsed[k] = '\0';
    }
}

/* Text of column c in the current record; NULL when absent or out of memory
 * (then *oom is set). */
static const char *cell(incstat_loader *ld, long c, size_t *n, int *oom)
{
    *n = 0;
    if (c < 0 || (size_t)c >= incstat_csv_field_count(ld->csv))
        return "";
    const char *s = incstat_csv_field(ld->csv, (size_t)c, n);
    if (!s) {
        *oom = 1;
        return "";
    }
    incstat_trim_cell(&s, n);
    return s;
}

/* kept_off[k] when the kept cell is not in the arena */
#define KEPT_MISSING SIZE_MAX
#define KEPT_DIRECT (SIZE_MAX - 1)

static int arena_put(incstat_loader *ld, const char *s, size_t n, size_t *off)
{
    if (ld->arena_len + n > ld->arena_cap) {
        size_t nc = ld->arena_cap;
        while (nc < ld->arena_len + n) {
            if (nc > SIZE_MAX / 2)
                return -1;
            nc *= 2;
        }
        char *a = incstat_realloc(ld->arena, nc);
        if (!a)
            return -1;
        ld->arena = a;
        ld->arena_cap = nc;
    }
    memcpy(ld->arena + ld->arena_len, s, n);
    *off = ld->arena_len;
    ld->arena_len += n;
    return 0;
}

/* A count column: low/best/high into v[0..2]. */
static void read_count(incstat_loader *ld, long c, uint64_t line, double v[3], int *oom)
{
    size_t n;
    v[0] = v[1] = v[2] = NAN;
    if (c < 0)
        return;
    const char *s = cell(ld, c, &n, oom);
    incstat_value_kind k = incstat_value_parse_count(s, n, ld->codes, ld->n_codes, &v[0], &v[1], &v[2]);
    if (k == INCSTAT_VALUE_MISSING)
        note_missing(ld, (size_t)c);
    else if (k == INCSTAT_VALUE_INVALID)
        note_unparsed(ld, (size_t)c, line, s, n);
}

static double read_number(incstat_loader *ld, long c, uint64_t line, int *oom)
{
    size_t n;
    double x = NAN;
    if (c < 0)
        return NAN;
    const char *s = cell(ld, c, &n, oom);
    incstat_value_kind k = incstat_value_parse_number(s, n, &x);
    if (k == INCSTAT_VALUE_MISSING)
        note_missing(ld, (size_t)c);
    else if (k == INCSTAT_VALUE_INVALID)
        note_unparsed(ld, (size_t)c, line, s, n);
    return k == INCSTAT_VALUE_NUMBER ? x : NAN;
}

/* Combine a count column (may hold ranges) with explicit low/high columns.
 * Explicit columns win; best is the count column's best, else the midpoint
 * of low and high, else whichever is known. */
static void combine(incstat_loader *ld, long cbest, long clow, long chigh, uint64_t line,
                    double *out_low, double *out_best, double *out_high, int *oom)
{
    double b[3], l[3], h[3];
    read_count(ld, cbest, line, b, oom);
    read_count(ld, clow, line, l, oom);
    read_count(ld, chigh, line, h, oom);
    double low = clow >= 0 ? l[0] : b[0];
    double high = chigh >= 0 ? h[2] : b[2];
    /* an open-ended max ("100+") still says at least 100 */
    if (chigh >= 0 && isnan(high) && !isnan(h[0]))
        high = NAN;
    double best = b[1];
    if (cbest < 0 || isnan(best)) {
        double hb = chigh >= 0 ? (isnan(h[2]) ? h[1] : h[2]) : NAN;
        if (!isnan(low) && !isnan(hb))
            best = (low + hb) / 2;
        else if (!isnan(low))
            best = low;
        else if (!isnan(hb))
            best = hb;
    }
    if (!isnan(low) && !isnan(high) && low > high) {
        if (ld->rep.low_above_high++ == 0)
            ld->rep.first_low_above_high_line = line;
    }
    *out_low = low;
    *out_best = best;
    *out_high = high;
}

static int split_part(incstat_loader *ld, long c, uint64_t line, int lo, int hi, int zero_unknown,
                      int *oom)
{
    size_t n;
    double x;
    if (c < 0)
        return 0;
    const char *s = cell(ld, c, &n, oom);
    incstat_value_kind k = incstat_value_parse_number(s, n, &x);
    if (k == INCSTAT_VALUE_MISSING) {
        note_missing(ld, (size_t)c);
        return 0;
    }
    if (k != INCSTAT_VALUE_NUMBER || x != floor(x) || ((x < lo || x > hi) && !(zero_unknown && x == 0))) {
        note_unparsed(ld, (size_t)c, line, s, n);
        return -1;
    }
    return (int)x;
}

static void read_date(incstat_loader *ld, uint64_t line, incstat_date *d, int *oom)
{
    memset(d, 0, sizeof *d);
    ld->ambiguous = 0;
    if (ld->col[MF_DATE] >= 0) {
        size_t n;
        const char *s = cell(ld, ld->col[MF_DATE], &n, oom);
        incstat_date_evidence ev = INCSTAT_DATE_EVIDENCE_NONE;
        incstat_date_result r = incstat_value_parse_date(s, n, ld->order, d, &ev);
        if (r == INCSTAT_DATE_OK) {
            if (ev == INCSTAT_DATE_EVIDENCE_AMBIGUOUS) {
                ld->rep.date_ambiguous++;
                ld->ambiguous = 1;
            } else if (ev == INCSTAT_DATE_EVIDENCE_DMY) {
                ld->rep.date_evidence_dmy++;
            } else if (ev == INCSTAT_DATE_EVIDENCE_MDY) {
                ld->rep.date_evidence_mdy++;
            }
            return;
        }
        memset(d, 0, sizeof *d);
        if (r == INCSTAT_DATE_MISSING)
            note_missing(ld, (size_t)ld->col[MF_DATE]);
        else
            note_unparsed(ld, (size_t)ld->col[MF_DATE], line, s, n);
    }
    /* split columns, also the fallback when the date cell is unusable */
    if (ld->col[MF_YEAR] >= 0) {
        int y = split_part(ld, ld->col[MF_YEAR], line, 1000, 2999, 0, oom);
        if (y <= 0)
            return;
        int m = split_part(ld, ld->col[MF_MONTH], line, 1, 12, 1, oom);
        int dd = m > 0 ? split_part(ld, ld->col[MF_DAY], line, 1, 31, 1, oom) : 0;
        d->year = y;
        d->precision = INCSTAT_DATE_YEAR;
        if (m > 0) {
            d->month = (int8_t)m;
            d->precision = INCSTAT_DATE_MONTH;
            if (dd > 0 && incstat_date_valid(y, m, dd)) {
                d->day = (int8_t)dd;
                d->precision = INCSTAT_DATE_DAY;
            } else if (dd > 0) {
                note_unparsed(ld, (size_t)ld->col[MF_DAY], line, "", 0);
            }
        }
    }
}

static int row_is_blank(const incstat_csv *csv)
{
    size_t nf = incstat_csv_field_count(csv);
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        int q;
        const char *s = incstat_csv_field_raw(csv, i, &n, &q);
        for (size_t k = 0; k < n; k++)
            if (s[k] != ' ' && s[k] != '\t' && s[k] != '"')
                return 0;
    }
    return 1;
}

static int row_is_header(incstat_loader *ld)
{
    size_t nf = incstat_csv_field_count(ld->csv);
    if (nf != ld->ncols || nf == 0)
        return 0;
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        const char *s = incstat_csv_field(ld->csv, i, &n);
        if (!s)
            return 0;
        incstat_trim_cell(&s, &n);
        const char *h = ld->rep.columns[i].name;
        /* duplicate names were renamed: compare up to the suffix */
        size_t hn = strlen(h);
        if (!(n == hn && memcmp(s, h, n) == 0) &&
            !(n < hn && memcmp(s, h, n) == 0 && h[n] == '.'))
            return 0;
    }
    return 1;
}

static int extra_fields_nonempty(const incstat_loader *ld)
{
    size_t nf = incstat_csv_field_count(ld->csv);
    for (size_t i = ld->ncols; i < nf; i++) {
        size_t n;
        int q;
        const char *s = incstat_csv_field_raw(ld->csv, i, &n, &q);
        for (size_t k = 0; k < n; k++)
            if (s[k] != ' ' && s[k] != '\t' && s[k] != '"')
                return 1;
    }
    return 0;
}

static void skip(incstat_loader *ld, incstat_skip_reason r, uint64_t line)
{
    if (ld->rep.skipped[r] < INCSTAT_REPORT_EXAMPLES)
        ld->rep.skipped_lines[r][ld->rep.skipped[r]] = line;
    ld->rep.skipped[r]++;
    ld->rep.rows_skipped++;
}

static void finish_types(incstat_load_report *rep)
{
    for (size_t i = 0; i < rep->n_columns; i++) {
        incstat_column_report *c = &rep->columns[i];
        uint64_t numeric = c->n_int + c->n_num + c->n_range;
        uint64_t total = numeric + c->n_date + c->n_text;
        if (total == 0)
            c->type = INCSTAT_TYPE_EMPTY;
        else if (c->n_date >= numeric && c->n_date >= c->n_text)
            c->type = INCSTAT_TYPE_DATE;
        else if (numeric >= c->n_text)
            c->type = c->n_range ? INCSTAT_TYPE_COUNT_RANGE
                      : c->n_num ? INCSTAT_TYPE_NUMBER : INCSTAT_TYPE_INTEGER;
        else
            c->type = INCSTAT_TYPE_TEXT;
    }
}

static void finish(incstat_loader *ld)
{
    const incstat_csv *csv = ld->csv;
    incstat_load_report *r = &ld->rep;
    r->chunks = 1;
    r->encoding = incstat_csv_encoding(csv);
    r->delimiter = incstat_csv_delimiter(csv);
    r->line_endings = incstat_csv_line_endings(csv);
    r->bom = incstat_csv_had_bom(csv);
    r->sep_line = incstat_csv_had_sep_line(csv);
    r->gzip = incstat_csv_gzip(csv);
    r->bytes = incstat_csv_bytes_read(csv);
    r->empty_lines = incstat_csv_empty_lines(csv);
    r->cp1252_cells = incstat_csv_cp1252_cells(csv, &r->first_cp1252_line);
    r->replaced_chars = incstat_csv_replaced(csv, &r->first_replaced_line);
    r->irregular_quotes = incstat_csv_irregular_quotes(csv, &r->first_irregular_line);
    if (ld->order == INCSTAT_DATE_ORDER_AUTO)
        r->date_order_used = (r->date_evidence_mdy > 0 && r->date_evidence_dmy == 0)
                                 ? INCSTAT_DATE_ORDER_MDY : INCSTAT_DATE_ORDER_DMY;
    if (ld->infer)
        finish_types(r);
}

const incstat_load_report *incstat_loader_report(const incstat_loader *ld)
{
    return ld ? &ld->rep : NULL;
}

size_t incstat_loader_kept(const incstat_loader *ld, const char *const **names)
{
    if (names)
        *names = ld ? (const char *const *)ld->keep_names : NULL;
    return ld ? ld->n_keep : 0;
}

int incstat_loader_last_ambiguous_(const incstat_loader *ld)
{
    return ld->ambiguous;
}

/* Whether the row carries no identifier, for the totals-row rule: the id
 * cell when an id column is mapped; otherwise the first cell must be empty
 * or a word ("Total"), since a number there is most likely an unmapped
 * serial number of a real incident. */
static int row_has_no_id(incstat_loader *ld, const incstat_incident *inc)
{
    if (ld->col[MF_ID] >= 0)
        return !inc->text[INCSTAT_TEXT_ID].ptr;
    size_t n;
    int q;
    const char *f = incstat_csv_field_raw(ld->csv, 0, &n, &q);
    for (size_t i = 0; i < n; i++)
        if (f[i] >= '0' && f[i] <= '9')
            return 0;
    return 1;
}

/* Turn the current record into ld->inc.  Returns 1 loaded, 0 skipped, -1 oom. */
static int build(incstat_loader *ld)
{
    incstat_incident *inc = &ld->inc;
    uint64_t line = incstat_csv_line(ld->csv);
    int oom = 0;
    size_t nf = incstat_csv_field_count(ld->csv);

    ld->rep.rows_read++;
    if (nf > ld->ncols && extra_fields_nonempty(ld)) {
        skip(ld, INCSTAT_SKIP_TOO_MANY_FIELDS, line);
        return 0;
    }
    if (row_is_blank(ld->csv)) {
        skip(ld, INCSTAT_SKIP_BLANK, line);
        return 0;
    }
    if (ld->rep.rows_read > 0 && nf == ld->ncols) {
        size_t n0;
        int q;
        const char *f0 = incstat_csv_field_raw(ld->csv, 0, &n0, &q);
        const char *h0 = ld->rep.columns[0].name;
        if (n0 >= strlen(h0) && memcmp(f0 + (q ? 1 : 0), h0, strlen(h0)) == 0 && row_is_header(ld)) {
            skip(ld, INCSTAT_SKIP_HEADER_REPEAT, line);
            return 0;
        }
    }
    if (nf < ld->ncols) {
        if (ld->rep.short_rows++ == 0)
            ld->rep.first_short_line = line;
    }
    if (ld->infer && incstat_infer_row_(ld->csv, ld->rep.columns, ld->ncols) != 0)
        return -1;

    memset(inc, 0, sizeof *inc);
    inc->line = line;
    ld->n_undo_missing = ld->n_undo_unparsed = 0;
    read_date(ld, line, &inc->date, &oom);
    for (int f = 0; f < INCSTAT_NUM_COUNT; f++)
        inc->num[f] = NAN;
    if (!ld->skip_field[MF_KILLED])
        combine(ld, ld->col[MF_KILLED], ld->col[MF_KILLED_LOW], ld->col[MF_KILLED_HIGH], line,
                &inc->num[INCSTAT_NUM_KILLED_LOW], &inc->num[INCSTAT_NUM_KILLED_BEST],
                &inc->num[INCSTAT_NUM_KILLED_HIGH], &oom);
    if (!ld->skip_field[MF_INJURED])
        combine(ld, ld->col[MF_INJURED], ld->col[MF_INJURED_LOW], ld->col[MF_INJURED_HIGH], line,
                &inc->num[INCSTAT_NUM_INJURED_LOW], &inc->num[INCSTAT_NUM_INJURED_BEST],
                &inc->num[INCSTAT_NUM_INJURED_HIGH], &oom);
    if (!ld->skip_field[MF_LATITUDE])
        inc->num[INCSTAT_NUM_LATITUDE] = read_number(ld, ld->col[MF_LATITUDE], line, &oom);
    if (!ld->skip_field[MF_LONGITUDE])
        inc->num[INCSTAT_NUM_LONGITUDE] = read_number(ld, ld->col[MF_LONGITUDE], line, &oom);

    /* text: a cell in the reader's record stays valid until the next one
     * and is pointed at; text the reader rewrote (unquoted, transcoded) is
     * copied into the row arena, and pointed at once the arena is done */
    ld->arena_len = 0;
    const char *direct[INCSTAT_TEXT_COUNT];
    int has_text[INCSTAT_TEXT_COUNT] = {0};
    for (int f = 0; f < MF_COUNT; f++) {
        int t = MF_TEXT[f];
        if (t < 0 || ld->col[f] < 0 || ld->skip_field[f])
            continue;
        size_t n;
        const char *s = cell(ld, ld->col[f], &n, &oom);
        if (incstat_infer_missing_text_(s, n)) {
            note_missing(ld, (size_t)ld->col[f]);
            continue;
        }
        direct[t] = incstat_csv_in_record_(ld->csv, s, n) ? s : NULL;
        if (!direct[t] && arena_put(ld, s, n, &ld->text_off[t]) != 0)
            return -1;
        inc->text[t].len = n;
        has_text[t] = 1;
    }
    for (size_t k = 0; k < ld->n_keep; k++) {
        size_t n;
        const char *s = cell(ld, (long)ld->keep_cols[k], &n, &oom);
        ld->kept_vals[k].ptr = NULL;
        ld->kept_vals[k].len = 0;
        if (incstat_infer_missing_text_(s, n)) {
            if (ld->rep.columns[ld->keep_cols[k]].field == NULL ||
                strcmp(ld->rep.columns[ld->keep_cols[k]].field, "keep") == 0)
                note_missing(ld, ld->keep_cols[k]);
            ld->kept_off[k] = KEPT_MISSING;
            continue;
        }
        ld->kept_vals[k].len = n;
        if (incstat_csv_in_record_(ld->csv, s, n)) {
            ld->kept_vals[k].ptr = s;
            ld->kept_off[k] = KEPT_DIRECT;
        } else if (arena_put(ld, s, n, &ld->kept_off[k]) != 0) {
            return -1;
        }
    }
    if (oom)
        return -1;
    for (int t = 0; t < INCSTAT_TEXT_COUNT; t++)
        if (has_text[t])
            inc->text[t].ptr = direct[t] ? direct[t] : ld->arena + ld->text_off[t];
    for (size_t k = 0; k < ld->n_keep; k++)
        if (ld->kept_off[k] < KEPT_DIRECT)
            ld->kept_vals[k].ptr = ld->arena + ld->kept_off[k];
    inc->kept = ld->kept_vals;
    inc->n_kept = ld->n_keep;

    /* a totals row: no id, no date, and a killed figure as large as the sum of
     * the rows above it (publishers append one to their sheets) */
    double kb = inc->num[INCSTAT_NUM_KILLED_BEST];
    /* undated rows only: the id test reads a cell */
    int candidate = inc->date.precision == INCSTAT_DATE_NONE && !isnan(kb) &&
                    row_has_no_id(ld, inc);
    if (candidate && ld->fork) {
        /* the sum above the chunk is unknown here: the merge decides */
        if (ld->n_deferred < sizeof ld->deferred / sizeof ld->deferred[0]) {
            struct deferred_total *d = &ld->deferred[ld->n_deferred++];
            d->line = line;
            d->killed = kb;
            d->sum_before = ld->killed_sum;
            d->rows_before = ld->killed_rows;
        } else {
            ld->deferred_overflow = 1;
        }
    }
    if (candidate && (ld->fork || (ld->killed_rows >= 2 && ld->killed_sum > 0 &&
                                   kb >= 0.5 * ld->killed_sum))) {
        ld->rep.totals_line = line;
        undo_row_notes(ld);
        skip(ld, INCSTAT_SKIP_TOTALS, line);
        return 0;
    }
    if (!isnan(kb)) {
        ld->killed_sum += kb;
        ld->killed_rows++;
    }
    if (inc->date.precision == INCSTAT_DATE_NONE) {
        if (ld->rep.undated++ == 0)
            ld->rep.first_undated_line = line;
    } else {
        if (ld->rep.year_min == 0 || inc->date.year < ld->rep.year_min)
            ld->rep.year_min = inc->date.year;
        if (inc->date.year > ld->rep.year_max)
            ld->rep.year_max = inc->date.year;
    }
    ld->rep.rows_loaded++;
    return 1;
}

incstat_status incstat_loader_next(incstat_loader *ld, const incstat_incident **inc,
                                   incstat_error *err)
{
    if (!ld || !inc)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader");
    *inc = NULL;
    if (ld->done)
        return INCSTAT_DONE;
    for (;;) {
        incstat_status st = incstat_csv_next(ld->csv, err);
        if (ld->progress && ld->progress_scale) {
            uint64_t done = incstat_csv_bytes_read(ld->csv);
            if (done >= ld->progress_next || st == INCSTAT_DONE) {
                uint64_t shown = ld->progress_base + done * ld->progress_scale;
                if (ld->progress_total && shown > ld->progress_total)
                    shown = ld->progress_total;
                ld->progress(ld->progress_ctx, shown, ld->progress_total);
                ld->progress_next = done + PROGRESS_STEP;
            }
        }
        if (st == INCSTAT_DONE) {
            ld->done = 1;
            finish(ld);
            return INCSTAT_DONE;
        }
        if (st != INCSTAT_ROW)
            return st;
        if (ld->strict && incstat_csv_field_count(ld->csv) != ld->ncols) {
            uint64_t line = incstat_csv_line(ld->csv);
            size_t nf = incstat_csv_field_count(ld->csv);
            return incstat_set_error(err, INCSTAT_EPARSE, line, nf < ld->ncols ? nf : ld->ncols + 1,
                                     "%s:%llu: column %zu: the row has %zu fields, the header "
                                     "has %zu (strict mode)",
                                     ld->rep.source, (unsigned long long)line,
                                     nf < ld->ncols ? nf : ld->ncols + 1, nf, ld->ncols);
        }
        int r = build(ld);
        if (r < 0)
            return incstat_set_error(err, INCSTAT_ENOMEM, incstat_csv_line(ld->csv), 0,
                                     "%s: out of memory", ld->rep.source);
        if (r == 1) {
            *inc = &ld->inc;
            return INCSTAT_ROW;
        }
    }
}

/* ---- for the whole-file load (load_table.c) ----------------------------- */

incstat_load_report *incstat_loader_take_report_(incstat_loader *ld,
                                                 void (**free_fn)(incstat_load_report *))
{
    incstat_load_report *r = incstat_malloc(sizeof *r);
    if (!r)
        return NULL;
    *r = ld->rep;
    memset(&ld->rep, 0, sizeof ld->rep);
    *free_fn = report_free_heap;
    return r;
}

int incstat_loader_swap_ambiguous_(const incstat_loader *ld)
{
    /* AUTO order: ambiguous dates were read day-first; when the file shows
     * month-first dates and no day-first ones, they were month-first too */
    return ld->rep.date_order_used == INCSTAT_DATE_ORDER_MDY &&
           ld->order == INCSTAT_DATE_ORDER_AUTO;
}

double incstat_loader_fraction_read_(const incstat_loader *ld)
{
    uint64_t total = incstat_csv_size_hint_(ld->csv);
    uint64_t done = incstat_csv_offset_(ld->csv);
    return total && done <= total ? (double)done / (double)total : 0;
}

void incstat_loader_threads_(const incstat_loader *ld, unsigned *threads, uint64_t *min_bytes)
{
    *threads = ld->threads;
    *min_bytes = ld->parallel_min;
}

/* ---- forks (parallel summary; load_internal.h) ------------------------- */

incstat_status incstat_loader_fork_(const incstat_loader *p, incstat_csv *csv,
                                    incstat_loader **out, incstat_error *err)
{
    *out = NULL;
    incstat_loader *ld = incstat_calloc(1, sizeof *ld);
    if (!ld) {
        incstat_csv_free(csv);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    ld->fork = 1;
    ld->csv = csv;
    ld->ncols = p->ncols;
    memcpy(ld->col, p->col, sizeof ld->col);
    memcpy(ld->skip_field, p->skip_field, sizeof ld->skip_field);
    ld->n_keep = p->n_keep;
    ld->keep_cols = p->keep_cols;
    ld->keep_names = p->keep_names;
    memcpy(ld->codes, p->codes, sizeof ld->codes);
    ld->n_codes = p->n_codes;
    ld->order = p->order;
    ld->strict = p->strict;
    ld->infer = p->infer;
    memcpy(ld->preset, p->preset, sizeof ld->preset);
    ld->rep.source = p->rep.source;
    ld->rep.preset = p->rep.preset;
    ld->rep.n_columns = p->rep.n_columns;
    ld->rep.columns = incstat_calloc(p->rep.n_columns ? p->rep.n_columns : 1,
                                     sizeof *ld->rep.columns);
    ld->kept_vals = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_vals);
    ld->kept_off = incstat_calloc(ld->n_keep ? ld->n_keep : 1, sizeof *ld->kept_off);
    ld->arena_cap = 1024;
    ld->arena = incstat_malloc(ld->arena_cap);
    if (!ld->rep.columns || !ld->kept_vals || !ld->kept_off || !ld->arena) {
        incstat_loader_free(ld);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < p->rep.n_columns; i++) {
        ld->rep.columns[i].name = p->rep.columns[i].name;
        ld->rep.columns[i].field = p->rep.columns[i].field;
    }
    *out = ld;
    return INCSTAT_OK;
}

/* first-line bookkeeping: (count, first) pairs */
static void add_first(uint64_t *count, uint64_t *first, uint64_t n, uint64_t f, uint64_t off)
{
    if (*count == 0 && n)
        *first = f + off;
    *count += n;
}

int incstat_loader_fork_check_(const incstat_loader *w, double *sum_before,
                               uint64_t *rows_before)
{
    /* each row the fork set aside must be a totals row by the whole-file rule */
    if (w->deferred_overflow)
        return -1;
    for (size_t i = 0; i < w->n_deferred; i++) {
        const struct deferred_total *d = &w->deferred[i];
        double sum = *sum_before + d->sum_before;
        uint64_t rows = *rows_before + d->rows_before;
        if (!(rows >= 2 && sum > 0 && d->killed >= 0.5 * sum))
            return -1;
    }
    *sum_before += w->killed_sum;
    *rows_before += w->killed_rows;
    return 0;
}

void incstat_loader_absorb_(incstat_loader *ld, const incstat_loader *w, uint64_t off)
{
    incstat_load_report *r = &ld->rep;
    const incstat_load_report *s = &w->rep;
    r->rows_read += s->rows_read;
    r->rows_loaded += s->rows_loaded;
    r->rows_skipped += s->rows_skipped;
    for (int k = 0; k < INCSTAT_SKIP_COUNT; k++) {
        for (uint64_t j = 0; j < s->skipped[k] && j < INCSTAT_REPORT_EXAMPLES; j++)
            if (r->skipped[k] + j < INCSTAT_REPORT_EXAMPLES)
                r->skipped_lines[k][r->skipped[k] + j] = s->skipped_lines[k][j] + off;
        r->skipped[k] += s->skipped[k];
    }
    r->empty_lines += s->empty_lines;
    r->bytes += s->bytes;
    r->line_endings |= s->line_endings;
    add_first(&r->short_rows, &r->first_short_line, s->short_rows, s->first_short_line, off);
    add_first(&r->cp1252_cells, &r->first_cp1252_line, s->cp1252_cells, s->first_cp1252_line, off);
    add_first(&r->replaced_chars, &r->first_replaced_line, s->replaced_chars,
              s->first_replaced_line, off);
    add_first(&r->irregular_quotes, &r->first_irregular_line, s->irregular_quotes,
              s->first_irregular_line, off);
    add_first(&r->low_above_high, &r->first_low_above_high_line, s->low_above_high,
              s->first_low_above_high_line, off);
    add_first(&r->undated, &r->first_undated_line, s->undated, s->first_undated_line, off);
    r->date_ambiguous += s->date_ambiguous;
    r->date_evidence_dmy += s->date_evidence_dmy;
    r->date_evidence_mdy += s->date_evidence_mdy;
    if (s->totals_line)
        r->totals_line = s->totals_line + off;
    if (s->year_min && (r->year_min == 0 || s->year_min < r->year_min))
        r->year_min = s->year_min;
    if (s->year_max > r->year_max)
        r->year_max = s->year_max;
    for (size_t i = 0; i < r->n_columns; i++) {
        incstat_column_report *c = &r->columns[i];
        const incstat_column_report *sc = &s->columns[i];
        c->missing += sc->missing;
        if (c->unparsed == 0 && sc->unparsed) {
            c->first_unparsed_line = sc->first_unparsed_line + off;
            memcpy(c->first_unparsed, sc->first_unparsed, sizeof c->first_unparsed);
        }
        c->unparsed += sc->unparsed;
        c->n_int += sc->n_int;
        c->n_num += sc->n_num;
        c->n_range += sc->n_range;
        c->n_date += sc->n_date;
        c->n_text += sc->n_text;
    }
    ld->killed_sum += w->killed_sum;
    ld->killed_rows += w->killed_rows;
}

void incstat_loader_end_parallel_(incstat_loader *ld, uint64_t bytes, unsigned chunks)
{
    incstat_load_report *r = &ld->rep;
    r->bytes = bytes;
    r->chunks = chunks;
    if (ld->order == INCSTAT_DATE_ORDER_AUTO)
        r->date_order_used = (r->date_evidence_mdy > 0 && r->date_evidence_dmy == 0)
                                 ? INCSTAT_DATE_ORDER_MDY : INCSTAT_DATE_ORDER_DMY;
    if (ld->infer)
        finish_types(r);
    ld->done = 1;
}

void incstat_loader_begin_parallel_(incstat_loader *ld)
{
    finish(ld); /* what the header part of the file says: encoding, BOM, line ends */
}

incstat_csv *incstat_loader_csv_(incstat_loader *ld)
{
    return ld->csv;
}

void incstat_loader_fork_progress_(incstat_loader *fork, const incstat_loader *parent,
                                   unsigned scale, uint64_t base)
{
    fork->progress = parent->progress;
    fork->progress_ctx = parent->progress_ctx;
    fork->progress_total = parent->progress_total;
    fork->progress_scale = scale;
    fork->progress_base = base;
    fork->progress_next = PROGRESS_STEP;
}
