/* src/io/export_sqlite.c: the tidy table into a SQLite database: table
 * incidents (typed columns: TEXT, INTEGER, REAL; NULL for unknown) and table
 * load_report (item, value, line).  One transaction through prepared
 * statements.  The database is a temporary file that export.c renames into
 * place only when this succeeded, so it needs no rollback journal on disk:
 * an interrupted export leaves no database at the destination. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/export_internal.h"
#include "io/load_internal.h"

typedef struct {
    sqlite3 *db;
    const char *source;
    incstat_error *err;
} sq;

static incstat_status sq_fail(sq *s, const char *what)
{
    return incstat_set_error(s->err, INCSTAT_EIO, 0, 0, "%s: sqlite export: %s: %s", s->source,
                             what, s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

static incstat_status sq_exec(sq *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? INCSTAT_OK
                                                                   : sq_fail(s, sql);
}

/* SQL text built up; oom set on a failed allocation. */
typedef struct {
    char *b;
    size_t n, cap;
    int oom;
} sql_text;

static void sql_add(sql_text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->n + n + 1 > t->cap) {
        size_t nc = (t->cap + n + 1) * 2;
        char *b = incstat_realloc(t->b, nc);
        if (!b) {
            t->oom = 1;
            return;
        }
        t->b = b;
        t->cap = nc;
    }
    memcpy(t->b + t->n, s, n);
    t->n += n;
    t->b[t->n] = '\0';
}

static void sql_str(sql_text *t, const char *s)
{
    sql_add(t, s, strlen(s));
}

/* An identifier in double quotes, its quotes doubled. */
static void sql_ident(sql_text *t, const char *name)
{
    sql_add(t, "\"", 1);
    for (const char *q = name; *q; q++)
        sql_add(t, *q == '"' ? "\"\"" : q, *q == '"' ? 2 : 1);
    sql_add(t, "\"", 1);
}

/* CREATE TABLE incidents (...) and its prepared INSERT. */
static incstat_status create_table(sq *s, const char *const *kept, size_t nk,
                                   sqlite3_stmt **ins)
{
    sql_text t = {NULL, 0, 0, 0};
    incstat_status st = INCSTAT_OK;
    size_t ncols = INCSTAT_EXPORT_NCANON + nk;
    sql_str(&t, "CREATE TABLE incidents (");
    for (size_t c = 0; c < ncols; c++) {
        const char *type = "TEXT";
        const char *name = c < INCSTAT_EXPORT_NCANON ? incstat_export_column_(c, &type)
                                                     : kept[c - INCSTAT_EXPORT_NCANON];
        sql_ident(&t, name);
        sql_str(&t, " ");
        sql_str(&t, type);
        sql_str(&t, c + 1 < ncols ? ", " : ")");
    }
    if (t.oom)
        goto oom;
    if ((st = sq_exec(s, t.b)) != INCSTAT_OK)
        goto done;
    t.n = 0;
    sql_str(&t, "INSERT INTO incidents VALUES (");
    for (size_t c = 0; c < ncols; c++)
        sql_str(&t, c + 1 < ncols ? "?, " : "?)");
    if (t.oom)
        goto oom;
    if (sqlite3_prepare_v2(s->db, t.b, -1, ins, NULL) != SQLITE_OK)
        st = sq_fail(s, "prepare insert");
    goto done;
oom:
    st = incstat_set_error(s->err, INCSTAT_ENOMEM, 0, 0, "out of memory");
done:
    incstat_free_mem(t.b);
    return st;
}

static int bind_value(sqlite3_stmt *ins, int i, const xv *v)
{
    switch (v->kind) {
    case XV_TEXT: return sqlite3_bind_text64(ins, i, v->s, v->n, SQLITE_STATIC, SQLITE_UTF8);
    case XV_INT: return sqlite3_bind_int64(ins, i, v->i);
    case XV_REAL: return sqlite3_bind_double(ins, i, v->d);
    default: return sqlite3_bind_null(ins, i);
    }
}

static incstat_status insert_one(sq *s, sqlite3_stmt *ins, const xv *v, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++)
        if (bind_value(ins, (int)c + 1, &v[c]) != SQLITE_OK)
            return sq_fail(s, "bind");
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    return rc == SQLITE_DONE ? INCSTAT_OK : sq_fail(s, "insert");
}

/* Every incident, read on this thread (threads 1) or on a second one while
 * this one inserts. */
static incstat_status insert_rows(sq *s, incstat_loader *ld, const incstat_export_options *o,
                                  sqlite3_stmt *ins, size_t ncols, uint64_t *rows)
{
    unsigned threads;
    uint64_t min_bytes;
    incstat_status st;
    incstat_loader_threads_(ld, &threads, &min_bytes);
    if (threads >= 2) {
        incstat_xpipe_ *p;
        const xv *row;
        if ((st = incstat_xpipe_start_(ld, o, ncols, &p, s->err)) != INCSTAT_OK)
            return st;
        while ((st = incstat_xpipe_next_(p, &row, s->err)) == INCSTAT_ROW &&
               (st = insert_one(s, ins, row, ncols)) == INCSTAT_OK)
            (*rows)++;
        incstat_xpipe_free_(p);
        return st == INCSTAT_DONE ? INCSTAT_OK : st;
    }
    xv *v = incstat_reallocarray(NULL, ncols, sizeof *v);
    if (!v)
        return incstat_set_error(s->err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    char date[16];
    for (;;) {
        const incstat_incident *inc;
        if ((st = incstat_export_next_(ld, o, &inc, s->err)) != INCSTAT_ROW)
            break;
        incstat_export_values_(inc, v, date);
        if ((st = insert_one(s, ins, v, ncols)) != INCSTAT_OK)
            break;
        (*rows)++;
    }
    incstat_free_mem(v);
    return st == INCSTAT_DONE ? INCSTAT_OK : st;
}

static int report_row(sqlite3_stmt *r, const char *item, const char *value, uint64_t line)
{
    sqlite3_bind_text(r, 1, item, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(r, 2, value, -1, SQLITE_TRANSIENT);
    if (line)
        sqlite3_bind_int64(r, 3, (sqlite3_int64)line);
    else
        sqlite3_bind_null(r, 3);
    int rc = sqlite3_step(r);
    sqlite3_reset(r);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int report_count(sqlite3_stmt *r, const char *item, uint64_t n, uint64_t line)
{
    char v[24];
    snprintf(v, sizeof v, "%llu", (unsigned long long)n);
    return report_row(r, item, v, line);
}

/* The load report as (item, value, line) rows: what was read, loaded and
 * skipped and why, each column's unparsed cells. */
static incstat_status write_report(sq *s, const incstat_load_report *rep, uint64_t exported)
{
    sqlite3_stmt *r = NULL;
    if (sq_exec(s, "CREATE TABLE load_report (item TEXT, value TEXT, line INTEGER)") ||
        sqlite3_prepare_v2(s->db, "INSERT INTO load_report VALUES (?, ?, ?)", -1, &r, NULL) !=
            SQLITE_OK)
        return sq_fail(s, "load_report");
    char item[160];
    int bad = report_row(r, "source", rep->source, 0) ||
              report_row(r, "preset", rep->preset ? rep->preset : "", 0) ||
              report_count(r, "bytes", rep->bytes, 0) ||
              report_count(r, "rows_read", rep->rows_read, 0) ||
              report_count(r, "rows_loaded", rep->rows_loaded, 0) ||
              report_count(r, "rows_skipped", rep->rows_skipped, 0) ||
              report_count(r, "rows_exported", exported, 0) ||
              report_count(r, "undated", rep->undated, rep->first_undated_line) ||
              report_count(r, "low_above_high", rep->low_above_high,
                           rep->first_low_above_high_line) ||
              report_count(r, "cp1252_cells", rep->cp1252_cells, rep->first_cp1252_line) ||
              report_count(r, "totals_row", rep->totals_line ? 1 : 0, rep->totals_line);
    for (int k = 0; k < INCSTAT_SKIP_COUNT && !bad; k++) {
        if (!rep->skipped[k])
            continue;
        snprintf(item, sizeof item, "skipped: %s", incstat_skip_reason_name((incstat_skip_reason)k));
        bad = report_count(r, item, rep->skipped[k], rep->skipped_lines[k][0]);
    }
    for (size_t c = 0; c < rep->n_columns && !bad; c++) {
        const incstat_column_report *col = &rep->columns[c];
        if (!col->unparsed)
            continue;
        snprintf(item, sizeof item, "unparsed: %.120s", col->name);
        bad = report_count(r, item, col->unparsed, col->first_unparsed_line);
    }
    sqlite3_finalize(r);
    return bad ? sq_fail(s, "load_report") : INCSTAT_OK;
}

incstat_status incstat_export_sqlite_(incstat_loader *ld, const incstat_export_options *o,
                                      const char *path, uint64_t *rows, incstat_error *err)
{
    sq s = {NULL, incstat_loader_report(ld)->source, err};
    sqlite3_stmt *ins = NULL;
    uint64_t n = 0;
    incstat_status st;
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    /* one connection on one thread: no locking inside SQLite */
    if (sqlite3_open_v2(path, &s.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        st = sq_fail(&s, "open");
        goto done;
    }
    /* the file is a temporary one until renamed: no journal or sync needed
     * for safety, and the whole export is one transaction */
    if ((st = sq_exec(&s, "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; "
                          "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; "
                          "PRAGMA cache_size = -65536; BEGIN")) != INCSTAT_OK ||
        (st = create_table(&s, kept, nk, &ins)) != INCSTAT_OK ||
        (st = insert_rows(&s, ld, o, ins, INCSTAT_EXPORT_NCANON + nk, &n)) != INCSTAT_OK ||
        (st = write_report(&s, incstat_loader_report(ld), n)) != INCSTAT_OK)
        goto done;
    sqlite3_finalize(ins);
    ins = NULL;
    st = sq_exec(&s, "COMMIT");
done:
    sqlite3_finalize(ins);
    if (s.db && sqlite3_close(s.db) != SQLITE_OK && !st)
        st = sq_fail(&s, "close");
    if (rows)
        *rows = n;
    return st;
}
