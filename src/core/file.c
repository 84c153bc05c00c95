/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/file.c: a file replaced whole or not at all, as every -o of the
 * command line writes (charts and reports; exports stream through the same
 * kind of temporary file in src/io/export/export.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/internal.h"

/* All of data to fd; 0 or an errno value. */
static int write_all(int fd, const unsigned char *p, size_t left)
{
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

static incstat_status write_through(const char *path, const void *data, size_t len,
                                    incstat_error *err)
{
    int fd = open(path, O_WRONLY);
    int e = fd < 0 ? errno : write_all(fd, data, len);
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    if (e)
        return incstat_set_error(err, INCSTAT_EIO, 0, 0, "cannot write '%s': %s", path,
                                 strerror(e));
    return INCSTAT_OK;
}

incstat_status incstat_file_replace_(const char *path, const void *data, size_t len,
                                     incstat_error *err)
{
    if (!path || !*path || (!data && len))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "no path or no data");
    /* a device or a pipe (/dev/stdout, a FIFO) is written to, not replaced */
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
        return write_through(path, data, len, err);
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
    int e = write_all(fd, data, len);
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
