/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/fuzz/fuzz_schema.c: the schema-file parser (read_schema() in
 * src/load.c) and the mapping it resolves.
 *
 * The input is the schema file.  The parser reads a path, so each run writes
 * the input to one temporary file (in /dev/shm when there is one) and opens
 * a loader with opts.schema_path over a small fixed CSV held in memory, then
 * reads it to the end.  Checked: a failed open leaves no loader and an error
 * message that names the schema file; a successful one loads every row
 * (rows_loaded + rows_skipped == rows_read). */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "incstat/load.h"

static const char CSV[] =
    "Incident,When,Killed,Wounded,Province,City,Group,Kind,Lat,Lon,Notes\n"
    "1,06/18/2004,12,3-4,Punjab,Lahore,TTP,Bombing,31.5,74.3,first\n"
    "2,2005-02-30,40+,,Sindh,Karachi,Unknown,Armed assault,24.9,67.0,\"impossible, date\"\n"
    "3,13/13/2005,-9,NA,KP,Peshawar,\"T\"\"TP\",Bombing,,,\n"
    ",,,,,,,,,,\n"
    "4,Jun 2006,1 600,about 5,Balochistan,Quetta,LeJ,Kidnapping,30.2,67.0,x,extra\n"
    "Incident,When,Killed,Wounded,Province,City,Group,Kind,Lat,Lon,Notes\n"
    "5,2007,0,0,Punjab,Lahore,TTP,Bombing,1e400,-0,last\n";

static char path[64];

static void remove_path(void)
{
    if (path[0])
        unlink(path);
}

static int write_schema(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/incstat-fuzz-schema-%ld", dir, (long)getpid());
        atexit(remove_path);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = size ? fwrite(data, 1, size, f) : 0;
    if (fclose(f) != 0 || w != size)
        return -1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    incstat_load_options o;
    incstat_error err;
    incstat_csv *csv = NULL;
    incstat_loader *ld = NULL;
    if (write_schema(data, size) != 0) {
        perror(path);
        abort(); /* the harness cannot work: say so loudly */
    }
    memset(&o, 0, sizeof o);
    o.schema_path = path;
    incstat_csv_options co;
    memset(&co, 0, sizeof co);
    co.buffer_size = 4096; /* not 1 MiB: ASan maps and unmaps every large block */
    if (incstat_csv_open_memory(CSV, sizeof CSV - 1, "fixed.csv", &co, &csv, &err) != INCSTAT_OK)
        abort();
    incstat_status st = incstat_loader_open_csv(csv, &o, &ld, &err);
    if (st != INCSTAT_OK) {
        FUZZ_CHECK(ld == NULL, "failed open left a loader");
        FUZZ_CHECK(err.code == st, "err.code %d, status %d", (int)err.code, (int)st);
        FUZZ_CHECK(st == INCSTAT_ESCHEMA || st == INCSTAT_EINVAL || st == INCSTAT_ENOCOLUMN ||
                       st == INCSTAT_EIO,
                   "open returned %d: %s", (int)st, err.message);
        if (st == INCSTAT_ESCHEMA)
            FUZZ_CHECK(strstr(err.message, path) != NULL, "message does not name the schema: %s",
                       err.message);
        return 0;
    }
    const incstat_incident *inc;
    uint64_t n = 0;
    while ((st = incstat_loader_next(ld, &inc, &err)) == INCSTAT_ROW)
        n++;
    FUZZ_CHECK(st == INCSTAT_DONE, "loader_next returned %d: %s", (int)st, err.message);
    const incstat_load_report *rep = incstat_loader_report(ld);
    FUZZ_CHECK(rep->rows_loaded == n, "%llu rows returned, report says %llu loaded",
               (unsigned long long)n, (unsigned long long)rep->rows_loaded);
    FUZZ_CHECK(rep->rows_loaded + rep->rows_skipped == rep->rows_read,
               "%llu loaded + %llu skipped != %llu read", (unsigned long long)rep->rows_loaded,
               (unsigned long long)rep->rows_skipped, (unsigned long long)rep->rows_read);
    const char *const *kept;
    size_t nk = incstat_loader_kept(ld, &kept);
    for (size_t i = 0; i < nk; i++)
        FUZZ_CHECK(kept[i] != NULL, "kept name %zu is NULL", i);
    incstat_loader_free(ld);
    return 0;
}
