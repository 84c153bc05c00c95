/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/fuzz/fuzz_csv.c: the streaming CSV reader (src/csv.c).
 *
 * Byte 0 chooses the reader options, the rest is the file:
 *   bits 0-2  delimiter: detect, ',', ';', TAB, '|', ' ', '"' (refused), detect
 *   bits 3-5  encoding: AUTO, UTF-8, Windows-1252, ISO-8859-1, Mac Roman (5-7: AUTO)
 *   bits 6-7  buffer: 16 bytes, 64 bytes, 4 KiB, or 100 bytes with a 256-byte
 *             record limit and at most 16 fields (the ELIMIT/EPARSE paths)
 * Every record is read to the end; every field through incstat_csv_field()
 * and incstat_csv_field_raw().  Checked: fields are well-formed UTF-8, an
 * index out of range is the empty string, line numbers grow, the reader's
 * facts can be read at any time. */
#include <string.h>

#include "fuzz.h"
#include "incstat/csv.h"

static volatile unsigned sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char DELIMS[8] = {0, ',', ';', '\t', '|', ' ', '"', 0};
    incstat_csv_options o;
    incstat_error err;
    incstat_csv *csv = NULL;
    if (size < 1)
        return 0;
    memset(&o, 0, sizeof o);
    o.delimiter = DELIMS[data[0] & 7];
    unsigned enc = (data[0] >> 3) & 7;
    o.encoding = enc <= 4 ? (incstat_encoding)enc : INCSTAT_ENCODING_AUTO;
    switch (data[0] >> 6) {
    case 0: o.buffer_size = 16; break;
    case 1: o.buffer_size = 64; break;
    case 2: o.buffer_size = 4096; break;
    default:
        o.buffer_size = 100;
        o.max_record_bytes = 256;
        o.max_fields = 16;
        break;
    }
    data++;
    size--;

    incstat_status st = incstat_csv_open_memory(size ? data : NULL, size, "fuzz.csv", &o, &csv, &err);
    if (st != INCSTAT_OK) {
        FUZZ_CHECK(csv == NULL, "failed open left a handle");
        FUZZ_CHECK(err.code == st, "err.code %d, status %d", (int)err.code, (int)st);
        return 0;
    }
    uint64_t prev_end = 0;
    unsigned h = 0;
    while ((st = incstat_csv_next(csv, &err)) == INCSTAT_ROW) {
        uint64_t line = incstat_csv_line(csv), end = incstat_csv_end_line(csv);
        FUZZ_CHECK(line >= 1 && end >= line, "record lines %llu..%llu", (unsigned long long)line,
                   (unsigned long long)end);
        FUZZ_CHECK(line > prev_end, "record at line %llu after one ending at %llu",
                   (unsigned long long)line, (unsigned long long)prev_end);
        prev_end = end;
        size_t nf = incstat_csv_field_count(csv);
        FUZZ_CHECK(nf >= 1, "a record with no fields at line %llu", (unsigned long long)line);
        if (o.max_fields)
            FUZZ_CHECK(nf <= o.max_fields, "%zu fields over the limit %zu", nf, o.max_fields);
        for (size_t i = 0; i < nf; i++) {
            size_t len = 0, rlen = 0;
            int quoted = -1;
            const char *raw = incstat_csv_field_raw(csv, i, &rlen, &quoted);
            FUZZ_CHECK(quoted == 0 || quoted == 1, "quoted = %d", quoted);
            FUZZ_CHECK(raw != NULL || rlen == 0, "NULL raw field with length %zu", rlen);
            if (raw)
                h += fuzz_touch(raw, rlen);
            const char *f = incstat_csv_field(csv, i, &len);
            FUZZ_CHECK(f != NULL || len == 0, "NULL field with length %zu", len);
            if (f) {
                h += fuzz_touch(f, len);
                FUZZ_CHECK(fuzz_utf8_valid(f, len),
                           "field %zu of the record at line %llu is not UTF-8 (encoding %u)", i,
                           (unsigned long long)line, enc);
            }
        }
        size_t len = 99;
        const char *f = incstat_csv_field(csv, nf, &len);
        FUZZ_CHECK(f != NULL && len == 0, "field out of range is not the empty string");
        f = incstat_csv_field(csv, (size_t)-1, &len);
        FUZZ_CHECK(f != NULL && len == 0, "field SIZE_MAX is not the empty string");
    }
    FUZZ_CHECK(st == INCSTAT_DONE || st == INCSTAT_EPARSE || st == INCSTAT_ELIMIT ||
                   st == INCSTAT_EIO,
               "incstat_csv_next returned %d", (int)st);
    if (st != INCSTAT_DONE) {
        FUZZ_CHECK(err.code == st, "err.code %d, status %d", (int)err.code, (int)st);
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL, "message not terminated");
        FUZZ_CHECK(strstr(err.message, "fuzz.csv") != NULL, "message does not name the input: %s",
                   err.message);
    }
    /* after the end the reader stays at the end */
    if (st == INCSTAT_DONE)
        FUZZ_CHECK(incstat_csv_next(csv, &err) == INCSTAT_DONE, "a record after DONE");
    uint64_t first = 0;
    h += (unsigned)incstat_csv_delimiter(csv) + (unsigned)incstat_csv_encoding(csv) +
         (unsigned)incstat_csv_line_endings(csv) + (unsigned)incstat_csv_had_bom(csv) +
         (unsigned)incstat_csv_had_sep_line(csv) + (unsigned)incstat_csv_gzip(csv) +
         (unsigned)incstat_csv_empty_lines(csv) + (unsigned)incstat_csv_bytes_read(csv) +
         (unsigned)incstat_csv_cp1252_cells(csv, &first) + (unsigned)incstat_csv_replaced(csv, &first) +
         (unsigned)incstat_csv_irregular_quotes(csv, &first);
    h += fuzz_touch(incstat_csv_name(csv), strlen(incstat_csv_name(csv)));
    sink = h;
    incstat_csv_free(csv);
    return 0;
}
