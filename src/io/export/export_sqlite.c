/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export_sqlite.c: the tidy table into a SQLite database: table
 * incidents (typed columns: TEXT, INTEGER, REAL; NULL for unknown) and table
 * load_report (item, value, line).  One transaction through prepared
 * statements.  The database is a temporary file that export.c renames into
 * place only when this succeeded, so it needs no rollback journal on disk:
 * an interrupted export leaves no database at the destination. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/source/encoding.h"
#include "io/export/export_internal.h"
#include "io/load/load_internal.h"

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

/* CREATE TABLE incidents (...): the canonical columns typed, the kept ones
 * as text. */
static incstat_status create_table(sq *s, const char *const *kept, size_t nk)
{
    sql_text t = {NULL, 0, 0, 0};
    incstat_status st;
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
    st = t.oom ? incstat_set_error(s->err, INCSTAT_ENOMEM, 0, 0, "out of memory")
               : sq_exec(s, t.b);
    incstat_free_mem(t.b);
    return st;
}

/* ---- the rows, as a virtual table ---------------------------------------
 *
 * The incidents go in by one statement, INSERT INTO incidents SELECT * FROM
 * incstat_rows, where incstat_rows is an eponymous virtual table over the
 * loader's rows registered on this connection only.  A prepared INSERT
 * stepped and reset once a row spends more in the statement's start and end
 * than in the insert: 1M rows of the bench file go in 1.4 to 2.5 times as
 * fast through the virtual table (bench/sqlite_insert.c). */

/* The row source behind the virtual table: the loader's rows, read on a
 * second thread (pipe) or on this one. */
typedef struct {
    incstat_loader *ld;
    const incstat_export_options *o;
    incstat_xpipe_ *pipe; /* NULL: read here */
    size_t ncols;
    xv *v;                /* this thread's row (no pipe) */
    char date[16];
    const xv *row;        /* the current row */
    int started, eof;
    incstat_status st;    /* the loader's error, reported instead of SQLite's */
    incstat_error err;
} feed;

/* The next row into f->row; SQLITE_OK (f->eof at the end) or SQLITE_ERROR
 * with the loader's error kept in f. */
static int feed_next(feed *f)
{
    incstat_status st;
    if (f->pipe) {
        st = incstat_xpipe_next_(f->pipe, &f->row, &f->err);
    } else {
        const incstat_incident *inc;
        st = incstat_export_next_(f->ld, f->o, &inc, &f->err);
        if (st == INCSTAT_ROW) {
            incstat_export_values_(inc, f->v, f->date);
            f->row = f->v;
        }
    }
    if (st == INCSTAT_ROW)
        return SQLITE_OK;
    f->eof = 1;
    if (st == INCSTAT_DONE)
        return SQLITE_OK;
    f->st = st;
    return SQLITE_ERROR;
}

typedef struct {
    sqlite3_vtab base;
    feed *f;
} feed_vtab;

typedef struct {
    sqlite3_vtab_cursor base;
    feed *f;
} feed_cursor;

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **errmsg)
{
    (void)argc;
    (void)argv;
    (void)errmsg;
    feed *f = aux;
    sql_text t = {NULL, 0, 0, 0};
    char col[32];
    sql_str(&t, "CREATE TABLE x(");
    for (size_t c = 0; c < f->ncols; c++) {
        snprintf(col, sizeof col, "c%zu%s", c, c + 1 < f->ncols ? ", " : ")");
        sql_str(&t, col);
    }
    if (t.oom) { /* ours, reported as such rather than as SQLite's */
        incstat_free_mem(t.b);
        f->st = incstat_set_error(&f->err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        return SQLITE_NOMEM;
    }
    feed_vtab *vt = sqlite3_malloc(sizeof *vt);
    int rc = vt ? sqlite3_declare_vtab(db, t.b) : SQLITE_NOMEM;
    incstat_free_mem(t.b);
    if (rc != SQLITE_OK) {
        sqlite3_free(vt);
        return rc;
    }
    memset(vt, 0, sizeof *vt);
    vt->f = f;
    *out = &vt->base;
    return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

static int vt_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    (void)vt;
    info->estimatedCost = 1e9;
    return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    feed_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->f = ((feed_vtab *)vt)->f;
    *out = &c->base;
    return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *c)
{
    sqlite3_free(c);
    return SQLITE_OK;
}

/* The rows are read once: a second scan finds none. */
static int vt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                     sqlite3_value **argv)
{
    (void)idx;
    (void)idx_str;
    (void)argc;
    (void)argv;
    feed *f = ((feed_cursor *)cur)->f;
    if (f->started) {
        f->eof = 1;
        return SQLITE_OK;
    }
    f->started = 1;
    return feed_next(f);
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
    return feed_next(((feed_cursor *)cur)->f);
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
    return ((feed_cursor *)cur)->f->eof;
}

/* Text is handed over without a copy: SQLite builds the record from it
 * before it asks for the next row. */
static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i)
{
    const xv *v = &((feed_cursor *)cur)->f->row[i];
    switch (v->kind) {
    case XV_TEXT: sqlite3_result_text64(ctx, v->s, v->n, SQLITE_STATIC, SQLITE_UTF8); break;
    case XV_INT: sqlite3_result_int64(ctx, v->i); break;
    case XV_REAL: sqlite3_result_double(ctx, v->d); break;
    default: sqlite3_result_null(ctx); break;
    }
    return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    (void)cur;
    *rowid = 0;
    return SQLITE_OK;
}

/* xCreate NULL: eponymous only, nothing is written to any schema. */
static const sqlite3_module FEED_MODULE = {
    .iVersion = 1,
    .xCreate = NULL,
    .xConnect = vt_connect,
    .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect,
    .xDestroy = vt_disconnect,
    .xOpen = vt_open,
    .xClose = vt_close,
    .xFilter = vt_filter,
    .xNext = vt_next,
    .xEof = vt_eof,
    .xColumn = vt_column,
    .xRowid = vt_rowid,
};

/* Every incident, read on this thread (threads 1) or on a second one while
 * this one inserts. */
static incstat_status insert_rows(sq *s, incstat_loader *ld, const incstat_export_options *o,
                                  size_t ncols, uint64_t *rows)
{
    unsigned threads;
    uint64_t min_bytes;
    incstat_status st = INCSTAT_OK;
    feed f;
    memset(&f, 0, sizeof f);
    f.ld = ld;
    f.o = o;
    f.ncols = ncols;
    incstat_loader_threads_(ld, &threads, &min_bytes);
    if (threads >= 2)
        st = incstat_xpipe_start_(ld, o, ncols, &f.pipe, s->err);
    else if (!(f.v = incstat_reallocarray(NULL, ncols, sizeof *f.v)))
        st = incstat_set_error(s->err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (st)
        return st;
    if (sqlite3_create_module_v2(s->db, "incstat_rows", &FEED_MODULE, &f, NULL) != SQLITE_OK)
        st = sq_fail(s, "rows module");
    else if (sqlite3_exec(s->db, "INSERT INTO incidents SELECT * FROM incstat_rows", NULL, NULL,
                          NULL) != SQLITE_OK)
        st = f.st ? f.st : sq_fail(s, "insert");
    if (f.st && s->err)
        *s->err = f.err;
    else if (!st)
        *rows = (uint64_t)sqlite3_changes64(s->db);
    incstat_xpipe_free_(f.pipe);
    incstat_free_mem(f.v);
    return st;
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
    /* cp1252_cells counts the cells not valid UTF-8 whatever they were read as */
    if (!bad && rep->cp1252_cells)
        bad = report_row(r, "cp1252_cells_read_as",
                         incstat_encoding_name(rep->encoding_choice.chosen ? rep->encoding_choice.chosen
                                                                          : INCSTAT_ENCODING_WINDOWS_1252),
                         rep->first_cp1252_line);
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
        (st = create_table(&s, kept, nk)) != INCSTAT_OK ||
        (st = insert_rows(&s, ld, o, INCSTAT_EXPORT_NCANON + nk, &n)) != INCSTAT_OK ||
        (st = write_report(&s, incstat_loader_report(ld), n)) != INCSTAT_OK)
        goto done;
    st = sq_exec(&s, "COMMIT");
done:
    if (s.db && sqlite3_close(s.db) != SQLITE_OK && !st)
        st = sq_fail(&s, "close");
    if (rows)
        *rows = n;
    return st;
}
