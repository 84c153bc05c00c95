/* src/core/file.c: a file replaced whole or not at all, as every -o of the
 * command line writes (charts and reports; exports stream through the same
 * kind of temporary file in src/io/export.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"

incstat_status incstat_file_replace_(const char *path, const void *data, size_t len,
                                     incstat_error *err)
{
    if (!path || !*path || (!data && len))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no path or no data");
    static const char suffix[] = ".incstat-partial-XXXXXX";
    size_t n = strlen(path);
    char *tmp = incstat_malloc(n + sizeof suffix);
    if (!tmp)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    memcpy(tmp, path, n);
    memcpy(tmp + n, suffix, sizeof suffix);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        incstat_free_mem(tmp);
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "cannot write '%s': %s", path,
                                 strerror(e));
    }
    const unsigned char *p = data;
    size_t left = len;
    int e = 0;
    while (left && !e) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            e = w < 0 ? errno : EIO;
        else {
            p += w;
            left -= (size_t)w;
        }
    }
    if (close(fd) != 0 && !e)
        e = errno;
    /* mkstemp's 0600 made the usual mode of a data file */
    if (!e && chmod(tmp, 0644) != 0)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e)
        unlink(tmp);
    incstat_free_mem(tmp);
    if (e)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "cannot write '%s': %s", path,
                                 strerror(e));
    return INCSTAT_OK;
}
