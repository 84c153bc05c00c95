/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/io/load/load_sample.c: the rows recognition looks at.  A second reader
 * reads the first rows after the header (a byte range of a plain file; the
 * bytes read ahead once from a stream: gzip, a pipe, standard input; the
 * rows read ahead from a workbook or statistics file), so the loader's own
 * reader is not moved and the per-row path is not touched.  An HXL hashtag row (second
 * line, every non-empty cell starting with '#') gives each column its tag
 * and is left out of the counts. */
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "incstat/load.h"
#include "incstat/value.h"
#include "core/internal.h"
#include "io/source/csv_internal.h"
#include "io/load/dict.h"
#include "io/load/infer.h"
#include "io/load/load_numfmt.h"
#include "io/load/load_priv.h"
#include "io/load/value_internal.h"
#include "io/load/recognise.h"

#define SAMPLE_BYTES ((uint64_t)1 << 20)
#define SAMPLE_ROWS 200
/* cells classified at most: a 100,000-column header samples two rows */
#define SAMPLE_CELLS ((size_t)2000000)
/* the cells of files this narrow are hashed for the one-row-per-period test */
#define HASH_MAX_COLS 256

incstat_status incstat_loader_open_sampler_(incstat_loader *ld, const char *path,
                                           uint64_t max_bytes, incstat_csv **out,
                                           incstat_error *err)
{
    *out = NULL;
    if (incstat_csv_rows_source_(ld->csv)) /* a sheet: its rows read ahead, once */
        return incstat_csv_open_peek_(ld->csv, out, err);
    int fd = incstat_csv_plain_fd_(ld->csv);
    if (fd >= 0) {
        struct stat sb;
        if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
            return INCSTAT_OK;
        uint64_t start = incstat_csv_offset_(ld->csv), size = (uint64_t)sb.st_size;
        if (start >= size)
            return INCSTAT_OK;
        uint64_t end = size - start > max_bytes ? start + max_bytes : size;
        return incstat_csv_open_range_(ld->csv, start, end, out, err);
    }
    (void)path;
    /* a stream (gzip, a pipe, a read function): its bytes read ahead once */
    return incstat_csv_open_ahead_(ld->csv, max_bytes, out, err);
}

/* Whether the current record is an HXL hashtag row. */
int incstat_load_row_is_hxl_(incstat_csv *csv)
{
    size_t nf = incstat_csv_field_count(csv), tags = 0;
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        const char *s = incstat_csv_field(csv, i, &n);
        if (!s)
            return 0;
        incstat_trim_cell(&s, &n);
        if (n == 0)
            continue;
        if (s[0] != '#' || n < 2 || !((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z')))
            return 0;
        tags++;
    }
    return tags > 0;
}

static void count_cell(incstat_col_sample *cs, const char *s, size_t n)
{
    switch (incstat_numfmt_sample_class_(s, n, incstat_infer_cell_(s, n))) {
    case INCSTAT_INFER_MISSING: cs->n_missing++; return;
    case INCSTAT_INFER_RANGE: cs->n_range++; return;
    case INCSTAT_INFER_DATE: {
        /* how precise: a table of months has no day in any date */
        incstat_date d;
        incstat_date_evidence ev;
        cs->n_date++;
        if (incstat_value_parse_date(s, n, INCSTAT_DATE_ORDER_AUTO, &d, &ev) == INCSTAT_DATE_OK) {
            cs->n_date_day += d.precision == INCSTAT_DATE_DAY;
            cs->n_date_month += d.precision == INCSTAT_DATE_MONTH;
            cs->n_date_quarter += d.precision == INCSTAT_DATE_QUARTER;
        }
        return;
    }
    case INCSTAT_INFER_TEXT:
        cs->n_text++;
        cs->n_month_name += incstat_value_month_name_(s, n) > 0;
        return;
    case INCSTAT_INFER_INTEGER: cs->n_int++; break;
    case INCSTAT_INFER_NUMBER: cs->n_num++; break;
    }
    double x;
    if (incstat_value_parse_number(s, n, &x) == INCSTAT_VALUE_NUMBER) {
        if (cs->n_int + cs->n_num == 1 || x < cs->min)
            cs->min = x;
        if (cs->n_int + cs->n_num == 1 || x > cs->max)
            cs->max = x;
    }
}

incstat_status incstat_loader_sample_(incstat_loader *ld, const char *path, incstat_error *err)
{
    ld->samples = incstat_calloc(ld->ncols ? ld->ncols : 1, sizeof *ld->samples);
    if (!ld->samples)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    incstat_csv *cs;
    incstat_error ignored;
    incstat_status st = incstat_loader_open_sampler_(ld, path, SAMPLE_BYTES, &cs, &ignored);
    if (st == INCSTAT_ENOMEM)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    if (st != INCSTAT_OK || !cs)
        return INCSTAT_OK; /* the main read will meet any other error in its turn */
    size_t max_rows = SAMPLE_CELLS / (ld->ncols ? ld->ncols : 1);
    if (max_rows > SAMPLE_ROWS)
        max_rows = SAMPLE_ROWS;
    if (max_rows < 2)
        max_rows = 2;
    if (ld->ncols <= HASH_MAX_COLS) {
        ld->sample_hash = incstat_calloc(max_rows * ld->ncols, sizeof *ld->sample_hash);
        if (!ld->sample_hash) {
            incstat_csv_free(cs);
            return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
        }
    }
    for (size_t r = 0; r < max_rows;) {
        st = incstat_csv_next(cs, &ignored);
        if (st != INCSTAT_ROW)
            break;
        size_t nf = incstat_csv_field_count(cs);
        if (r == 0 && !ld->hxl_pending && ld->nsampled == 0 && incstat_load_row_is_hxl_(cs)) {
            ld->hxl_pending = 1;
            for (size_t i = 0; i < nf && i < ld->ncols; i++) {
                size_t n;
                const char *s = incstat_csv_field(cs, i, &n);
                if (!s) {
                    st = INCSTAT_ENOMEM;
                    break;
                }
                incstat_trim_cell(&s, &n);
                if (n >= sizeof ld->samples[i].hxl)
                    n = sizeof ld->samples[i].hxl - 1;
                memcpy(ld->samples[i].hxl, s, n);
                ld->samples[i].hxl[n] = '\0';
            }
            if (st == INCSTAT_ENOMEM)
                break;
            continue;
        }
        for (size_t i = 0; i < ld->ncols; i++) {
            size_t n = 0;
            const char *s = i < nf ? incstat_csv_field(cs, i, &n) : "";
            if (!s) {
                st = INCSTAT_ENOMEM;
                break;
            }
            incstat_trim_cell(&s, &n);
            count_cell(&ld->samples[i], s, n);
            if (ld->sample_hash)
                ld->sample_hash[r * ld->ncols + i] = (uint32_t)incstat_hash_bytes(s, n);
        }
        if (st == INCSTAT_ENOMEM)
            break;
        ld->nsampled++;
        r++;
    }
    incstat_csv_free(cs);
    /* out of memory is not a verdict on the file: the same mapping or none */
    if (st == INCSTAT_ENOMEM)
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "out of memory");
    return INCSTAT_OK;
}
