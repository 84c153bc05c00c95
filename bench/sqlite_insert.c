/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/sqlite_insert.c: SQLite's insert cost alone, for the export's choice
 * of how rows go in.  Reads a tidy CSV written by `incstat export` (23
 * columns, typed as the export types them) into memory, then inserts every
 * row into a new database with the export's pragmas, either by binding and
 * stepping a prepared INSERT once a row (mode bind) or by one INSERT ...
 * SELECT from a virtual table over the rows in memory (mode vtab), and prints
 * the seconds the inserts took.
 *
 *   build/incstat export --quiet --threads 2 --preset acled BENCH.csv -o /tmp/x.csv
 *   cc -O2 -o /tmp/sqlite_insert bench/sqlite_insert.c -lsqlite3
 *   /tmp/sqlite_insert /tmp/x.csv bind 65536; /tmp/sqlite_insert /tmp/x.csv vtab 65536
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NC 23
typedef struct {
    int kind; /* 0 null, 1 text, 2 integer, 3 real */
    const char *s;
    int n;
    long long i;
    double d;
} val;

static val *rows;
static size_t nrows;
static const char *const TYPES[NC] = {"TEXT", "TEXT", "TEXT", "INTEGER", "INTEGER", "INTEGER",
                                      "REAL", "REAL", "REAL", "REAL", "REAL", "REAL", "TEXT",
                                      "TEXT", "TEXT", "TEXT", "TEXT", "REAL", "REAL", "TEXT",
                                      "TEXT", "TEXT", "TEXT"};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The export's CSV, cut at commas outside quotes (quotes kept: the cost is
 * what is measured, not the text). */
static void load(const char *path)
{
    FILE *f = fopen(path, "r");
    static char line[1 << 16];
    if (!f || !fgets(line, sizeof line, f)) {
        perror(path);
        exit(1);
    }
    size_t cap = 1 << 20;
    rows = malloc(cap * NC * sizeof *rows);
    while (nrows < cap && fgets(line, sizeof line, f)) {
        char *p = strdup(line);
        val *r = rows + nrows * NC;
        size_t c = 0;
        while (c < NC) {
            char *q = p;
            while (*q && *q != ',' && *q != '\n') {
                if (*q == '"')
                    for (q++; *q && *q != '"'; q++)
                        ;
                if (*q)
                    q++;
            }
            char e = *q;
            *q = 0;
            val v = {0, NULL, 0, 0, 0};
            if (*p) {
                if (TYPES[c][0] == 'T')
                    v = (val){1, p, (int)strlen(p), 0, 0};
                else if (TYPES[c][0] == 'I')
                    v = (val){2, NULL, 0, atoll(p), 0};
                else
                    v = (val){3, NULL, 0, 0, atof(p)};
            }
            r[c++] = v;
            p = q + 1;
            if (!e || e == '\n')
                break;
        }
        while (c < NC)
            r[c++] = (val){0, NULL, 0, 0, 0};
        nrows++;
    }
    fclose(f);
}

static void result(sqlite3_context *x, const val *v)
{
    switch (v->kind) {
    case 1: sqlite3_result_text(x, v->s, v->n, SQLITE_STATIC); break;
    case 2: sqlite3_result_int64(x, v->i); break;
    case 3: sqlite3_result_double(x, v->d); break;
    default: sqlite3_result_null(x);
    }
}

static int bind(sqlite3_stmt *s, int i, const val *v)
{
    switch (v->kind) {
    case 1: return sqlite3_bind_text(s, i, v->s, v->n, SQLITE_STATIC);
    case 2: return sqlite3_bind_int64(s, i, v->i);
    case 3: return sqlite3_bind_double(s, i, v->d);
    default: return sqlite3_bind_null(s, i);
    }
}

typedef struct {
    sqlite3_vtab_cursor base;
    size_t r;
} cursor;

static int x_connect(sqlite3 *db, void *a, int argc, const char *const *argv, sqlite3_vtab **out,
                     char **e)
{
    (void)a, (void)argc, (void)argv, (void)e;
    char sql[512] = "CREATE TABLE x(";
    for (int c = 0; c < NC; c++)
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql), "c%d%s", c, c + 1 < NC ? "," : ")");
    *out = sqlite3_malloc(sizeof **out);
    memset(*out, 0, sizeof **out);
    return sqlite3_declare_vtab(db, sql);
}
static int x_best(sqlite3_vtab *t, sqlite3_index_info *i) { (void)t; i->estimatedCost = 1e9; return 0; }
static int x_disconnect(sqlite3_vtab *t) { sqlite3_free(t); return 0; }
static int x_open(sqlite3_vtab *t, sqlite3_vtab_cursor **c)
{
    (void)t;
    *c = sqlite3_malloc(sizeof(cursor));
    memset(*c, 0, sizeof(cursor));
    return 0;
}
static int x_close(sqlite3_vtab_cursor *c) { sqlite3_free(c); return 0; }
static int x_filter(sqlite3_vtab_cursor *c, int a, const char *b, int n, sqlite3_value **v)
{
    (void)a, (void)b, (void)n, (void)v;
    ((cursor *)c)->r = 0;
    return 0;
}
static int x_next(sqlite3_vtab_cursor *c) { ((cursor *)c)->r++; return 0; }
static int x_eof(sqlite3_vtab_cursor *c) { return ((cursor *)c)->r >= nrows; }
static int x_column(sqlite3_vtab_cursor *c, sqlite3_context *x, int i)
{
    result(x, rows + ((cursor *)c)->r * NC + i);
    return 0;
}
static int x_rowid(sqlite3_vtab_cursor *c, sqlite3_int64 *r) { *r = (sqlite3_int64)((cursor *)c)->r; return 0; }
static const sqlite3_module MODULE = {.iVersion = 1, .xConnect = x_connect, .xBestIndex = x_best,
                                      .xDisconnect = x_disconnect, .xDestroy = x_disconnect,
                                      .xOpen = x_open, .xClose = x_close, .xFilter = x_filter,
                                      .xNext = x_next, .xEof = x_eof, .xColumn = x_column,
                                      .xRowid = x_rowid};

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: sqlite_insert EXPORT.csv bind|vtab PAGE_SIZE\n");
        return 2;
    }
    load(argv[1]);
    const char *db_path = "/tmp/incstat_sqlite_insert.db";
    remove(db_path);
    sqlite3 *db;
    sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                    NULL);
    char sql[1024];
    snprintf(sql, sizeof sql, "PRAGMA page_size = %d; PRAGMA journal_mode = OFF; "
             "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; "
             "PRAGMA cache_size = -65536; BEGIN", atoi(argv[3]));
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    strcpy(sql, "CREATE TABLE incidents(");
    for (int c = 0; c < NC; c++)
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql), "c%d %s%s", c, TYPES[c],
                 c + 1 < NC ? "," : ")");
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    double t0 = now();
    if (strcmp(argv[2], "bind") == 0) {
        strcpy(sql, "INSERT INTO incidents VALUES(");
        for (int c = 0; c < NC; c++)
            strcat(sql, c + 1 < NC ? "?," : "?)");
        sqlite3_stmt *s;
        sqlite3_prepare_v2(db, sql, -1, &s, NULL);
        for (size_t r = 0; r < nrows; r++) {
            for (int c = 0; c < NC; c++)
                bind(s, c + 1, rows + r * NC + c);
            if (sqlite3_step(s) != SQLITE_DONE)
                return fprintf(stderr, "%s\n", sqlite3_errmsg(db)), 1;
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
    } else {
        sqlite3_create_module(db, "feed", &MODULE, NULL);
        if (sqlite3_exec(db, "INSERT INTO incidents SELECT * FROM feed", NULL, NULL, NULL))
            return fprintf(stderr, "%s\n", sqlite3_errmsg(db)), 1;
    }
    double t1 = now();
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    printf("%s, page %s: %zu rows inserted in %.3f s, commit and close %.3f s\n", argv[2], argv[3],
           nrows, t1 - t0, now() - t1);
    remove(db_path);
    return 0;
}
