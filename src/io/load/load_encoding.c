/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_encoding.c: the encoding of the text that is not valid UTF-8,
 * chosen once per file before any cell is decoded (see
 * incstat_encoding_choice in incstat/load.h).  The cells judged are the
 * header's and those of the first MiB after it, read by a second reader as
 * recognition's sample is (load_sample.c), so the loader's own reader and
 * its per-row path are untouched: the choice becomes the reader's
 * fallback, which the parallel chunks and every later sampler inherit. */
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "incstat/load.h"
#include "core/internal.h"
#include "core/utf8.h"
#include "io/source/csv_internal.h"
#include "io/source/encoding.h"
#include "io/load/load_priv.h"

#define ENCODING_SAMPLE_BYTES ((uint64_t)1 << 20)

/* The current record's fields that are not valid UTF-8, into t; the
 * record's size. */
static uint64_t tally_record(incstat_csv *csv, incstat_encoding_tally *t)
{
    incstat_csv_record_view v;
    incstat_csv_record_view_(csv, &v);
    if (v.n == 0)
        return 0;
    uint64_t size = v.end[v.n - 1] - v.start[0] + 1;
    if (v.ascii == 1)
        return size;
    for (size_t i = 0; i < v.n; i++) {
        const unsigned char *s = (const unsigned char *)v.rec + v.start[i];
        size_t n = v.end[i] - v.start[i];
        if ((v.flags[i] & INCSTAT_CSV_QUOTED_) && n >= 2) { /* the quotes are no part of the text */
            s++;
            n -= 2;
        }
        if (!incstat_is_ascii(s, n) && incstat_utf8_valid_prefix(s, n) != n)
            incstat_encoding_tally_add(t, s, n);
    }
    return size;
}

/* Whether bytes [start, start + max) of a plain file (less at its end) are
 * all ASCII, read in blocks without parsing: most files are, and then the
 * sample needs no reader.  0 when unsure (not a plain file, a read error). */
static int plain_sample_ascii(incstat_csv *csv, uint64_t max)
{
    int fd = incstat_csv_plain_fd_(csv);
    if (fd < 0)
        return 0;
    unsigned char buf[1 << 14];
    uint64_t off = incstat_csv_offset_(csv), end = off + max;
    while (off < end) {
        size_t want = end - off < sizeof buf ? (size_t)(end - off) : sizeof buf;
        ssize_t r = pread(fd, buf, want, (off_t)off);
        if (r < 0)
            return 0;
        if (r == 0)
            return 1;
        if (!incstat_is_ascii(buf, (size_t)r))
            return 0;
        off += (uint64_t)r;
    }
    return 1;
}

incstat_status incstat_loader_choose_encoding_(incstat_loader *ld, const char *path,
                                               incstat_encoding prior, incstat_error *err)
{
    incstat_encoding_choice *c = &ld->rep.encoding_choice;
    memset(c, 0, sizeof *c);
    if (incstat_csv_encoding(ld->csv) != INCSTAT_ENCODING_AUTO)
        return INCSTAT_OK; /* set by the caller: nothing to choose */
    incstat_encoding given = incstat_csv_fallback_option_(ld->csv);
    if (given != INCSTAT_ENCODING_AUTO && given != INCSTAT_ENCODING_UTF8) {
        c->chosen = incstat_csv_fallback(ld->csv); /* the caller's, kept */
        return INCSTAT_OK;
    }
    incstat_encoding_tally t;
    memset(&t, 0, sizeof t);
    tally_record(ld->csv, &t); /* the header, still the reader's current record */
    if (plain_sample_ascii(ld->csv, ENCODING_SAMPLE_BYTES)) {
        incstat_encoding_decide(&t, prior, c);
        incstat_csv_set_fallback(ld->csv, c->chosen);
        return INCSTAT_OK;
    }
    incstat_csv *cs;
    incstat_error ignored;
    incstat_status st = incstat_loader_open_sampler_(ld, path, ENCODING_SAMPLE_BYTES, &cs, &ignored);
    if (st == INCSTAT_ENOMEM)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    /* any other error: the main read meets it in its turn */
    int sampled = st == INCSTAT_OK && cs != NULL;
    for (uint64_t bytes = 0; sampled && bytes < ENCODING_SAMPLE_BYTES;) {
        if ((st = incstat_csv_next(cs, &ignored)) != INCSTAT_ROW)
            break;
        bytes += tally_record(cs, &t);
    }
    incstat_csv_free(cs);
    /* out of memory is no verdict on the file: a shorter sample could choose otherwise */
    if (st == INCSTAT_ENOMEM)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_encoding_decide(&t, prior, c);
    c->sampled = sampled;
    incstat_csv_set_fallback(ld->csv, c->chosen);
    return INCSTAT_OK;
}
