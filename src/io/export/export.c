/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/export/export.c: the export's entry points (incstat/export.h): the
 * format dispatch on top of all writers (text: export_text.c, on threads:
 * export_chunks.c; SQLite: export_sqlite.c), to a stream, or to a path
 * through a temporary file renamed into place only when all went well. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incstat/export.h"
#include "core/internal.h"
#include "io/export/export_internal.h"
#include "io/load/load_internal.h"

const char *incstat_export_format_name(incstat_export_format f)
{
    static const char *const N[] = {"csv", "tsv", "jsonl", "json", "sqlite"};
    return (unsigned)f < 5 ? N[f] : "";
}

static incstat_status stream_(incstat_loader *ld, const incstat_export_options *opts, FILE *out,
                              const char *spill_dir, uint64_t *rows, incstat_error *err)
{
    static const incstat_export_options DEFAULTS;
    const incstat_export_options *o = opts ? opts : &DEFAULTS;
    if (rows)
        *rows = 0;
    if (!ld || !out)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader or output");
    if ((unsigned)o->format > INCSTAT_EXPORT_JSON)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "export: %s needs an output file (-o FILE)",
                                 incstat_export_format_name(o->format));
    const char *source = incstat_loader_report(ld)->source;
    xwriter w;
    incstat_status st = INCSTAT_OK;
    int done;
    if (incstat_xwriter_open_(&w, o, ld, out) != 0) {
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        goto done;
    }
    if ((st = incstat_export_chunks_(&w, ld, spill_dir, &done, err)) != INCSTAT_OK)
        goto done;
    if (!done)
        st = o->raw ? incstat_xwriter_raw_(&w, ld, err) : incstat_xwriter_tidy_(&w, ld, err);
    if (st)
        goto done;
    incstat_xwriter_close_(&w);
    if (w.oom)
        st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    else if (w.ob.failed || fflush(out) != 0 || ferror(out))
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: export: error writing the output: %s",
                               source, strerror(errno));
done:
    if (rows)
        *rows = w.rows;
    incstat_xwriter_free_(&w);
    return st;
}

incstat_status incstat_export_stream(incstat_loader *ld, const incstat_export_options *opts,
                                     FILE *out, uint64_t *rows, incstat_error *err)
{
    const char *dir = getenv("TMPDIR");
    return stream_(ld, opts, out, dir && *dir ? dir : "/tmp", rows, err);
}

/* ---- to a path ---------------------------------------------------------- */

static incstat_status temp_next_to(const char *path, char **tmp, int *fd, incstat_error *err)
{
    size_t n = strlen(path);
    *tmp = incstat_malloc(n + 32);
    if (!*tmp)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    memcpy(*tmp, path, n);
    memcpy(*tmp + n, ".incstat-partial-XXXXXX", sizeof ".incstat-partial-XXXXXX");
    if ((*fd = mkstemp(*tmp)) < 0) {
        int e = errno;
        incstat_free_mem(*tmp);
        *tmp = NULL;
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot write here: %s", path,
                                 strerror(e));
    }
    return INCSTAT_OK;
}

incstat_status incstat_export_path(incstat_loader *ld, const incstat_export_options *opts,
                                   const char *path, uint64_t *rows, incstat_error *err)
{
    static const incstat_export_options DEFAULTS;
    const incstat_export_options *o = opts ? opts : &DEFAULTS;
    if (rows)
        *rows = 0;
    if (!ld || !path || !*path)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no loader or output path");
    /* the options first: a usage error whatever is on disk */
    if (o->raw && o->format == INCSTAT_EXPORT_SQLITE)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "export: the raw records are written as csv, tsv, jsonl or json");
    struct stat sb;
    if (!o->force && stat(path, &sb) == 0)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0,
                                 "%s exists; not replaced without --force", path);
    char *tmp;
    int fd = -1;
    incstat_status st = temp_next_to(path, &tmp, &fd, err);
    if (st)
        return st;
    if (o->format == INCSTAT_EXPORT_SQLITE) {
        close(fd);
        st = incstat_export_sqlite_(ld, o, tmp, rows, err);
    } else {
        FILE *f = fdopen(fd, "w");
        if (!f) {
            close(fd);
            st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s", tmp, strerror(errno));
        } else {
            /* chunks spill next to the output: the same file system */
            char *dir = incstat_strndup(path, strlen(path));
            if (!dir) {
                st = incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
            } else {
                char *slash = strrchr(dir, '/');
                const char *d = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
                st = stream_(ld, o, f, d, rows, err);
                incstat_free_mem(dir);
            }
            if (fclose(f) != 0 && !st)
                st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: error writing: %s", path,
                                       strerror(errno));
        }
    }
    /* mkstemp's 0600 made the usual mode of a data file (the umask cannot
     * be read without changing it, which is the process's, not ours) */
    if (!st && chmod(tmp, 0644) != 0)
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: %s", tmp, strerror(errno));
    if (!st && rename(tmp, path) != 0)
        st = incstat_set_error(err, INCSTAT_EIO, 0, 0, "%s: cannot replace: %s", path,
                               strerror(errno));
    if (st)
        unlink(tmp);
    incstat_free_mem(tmp);
    return st;
}
