/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/fuzz/fuzz_summary.c: the whole summary path, as `incstat summary`
 * takes it: incstat_csv_open_memory() -> incstat_loader_open_csv() (preset
 * auto, no type inference) -> incstat_summary_from_loader() -> every output
 * format, the totals and the headline.
 *
 * The input is the file.  It is summarised three times:
 *   1. by year, every mapped field read, no filter;
 *   2. by month, only the fields the CLI would read, through a filter like
 *      --where admin1=~a --where type=Bombing --where type=~attack
 *      --from 2000-03 --to 2016;
 *   3. by quarter and country (a long table).
 * Checked: rows loaded + skipped == rows read; the rows add up to the
 * totals; by year without a filter every loaded incident is in a row or
 * counted as unplaced. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "incstat/filter.h"
#include "incstat/load.h"
#include "incstat/summary.h"

static FILE *devnull;

/* Formats from first to last (formatting hundreds of rows five times would
 * be most of the time spent per input). */
static void write_formats(const incstat_summary *s, int first, int last)
{
    incstat_error err;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    for (int f = first; f <= last; f++) {
        incstat_status st = incstat_summary_write(s, (incstat_format)f, devnull, &err);
        FUZZ_CHECK(st == INCSTAT_OK, "write format %d: %d %s", f, (int)st, err.message);
    }
}

static void check_totals(const incstat_summary *s)
{
    incstat_summary_row t;
    incstat_error err;
    incstat_status st = incstat_summary_total(s, &t, &err);
    FUZZ_CHECK(st == INCSTAT_OK, "total: %d %s", (int)st, err.message);
    uint64_t inc = 0, km = 0;
    size_t n = incstat_summary_rows(s);
    FUZZ_CHECK(n > 0, "a finished summary with no rows");
    /* by month or quarter, the rows of the incidents dated to the year alone
     * count in the total too */
    const incstat_summary *u = incstat_summary_unknown_months(s);
    size_t nu = incstat_summary_rows(u);
    for (size_t i = 0; i < n + nu; i++) {
        const incstat_summary_row *r = i < n ? incstat_summary_row_at(s, i)
                                             : incstat_summary_row_at(u, i - n);
        FUZZ_CHECK(r != NULL, "row %zu of %zu is NULL", i, n);
        for (size_t k = 0; k < incstat_summary_key_count(s); k++)
            FUZZ_CHECK(r->key[k] != NULL, "row %zu key %zu is NULL", i, k);
        FUZZ_CHECK(!(r->killed < 0) && !(r->injured < 0), "row %zu: killed %g injured %g", i,
                   r->killed, r->injured);
        if (!r->missing) {
            inc += r->incidents;
            km += r->killed_missing;
        }
    }
    FUZZ_CHECK(inc == t.incidents, "rows add up to %llu incidents, total says %llu",
               (unsigned long long)inc, (unsigned long long)t.incidents);
    FUZZ_CHECK(km == t.killed_missing, "rows add up to %llu killed_missing, total says %llu",
               (unsigned long long)km, (unsigned long long)t.killed_missing);
}

/* Summarise data once with these options and filter. */
static void run(const uint8_t *data, size_t size, const incstat_summary_options *so,
                const char *const *where, size_t n_where, const char *from, const char *to,
                const char *const *fields, size_t n_fields)
{
    incstat_load_options o;
    incstat_error err;
    incstat_csv *csv = NULL;
    incstat_loader *ld = NULL;
    incstat_filter *filter = NULL;
    incstat_summary *s = NULL;
    memset(&o, 0, sizeof o);
    o.preset = "auto";
    o.fields = fields;
    o.n_fields = n_fields;
    /* a 4 KiB first buffer instead of 1 MiB: ASan maps and unmaps every
     * large block, which would make this harness ten times slower */
    incstat_csv_options co;
    memset(&co, 0, sizeof co);
    co.buffer_size = 4096;
    if (incstat_csv_open_memory(size ? data : NULL, size, "fuzz.csv", &co, &csv, &err) != INCSTAT_OK)
        return;
    incstat_status st = incstat_loader_open_csv(csv, &o, &ld, &err);
    if (st != INCSTAT_OK) {
        FUZZ_CHECK(ld == NULL, "failed open left a loader");
        FUZZ_CHECK(st == INCSTAT_EEMPTY || st == INCSTAT_EPARSE || st == INCSTAT_ELIMIT ||
                       st == INCSTAT_EIO || st == INCSTAT_ENOCOLUMN,
                   "loader_open_csv returned %d: %s", (int)st, err.message);
        FUZZ_CHECK(strstr(err.message, "fuzz.csv") != NULL, "message does not name the input: %s",
                   err.message);
        return;
    }
    if (n_where || from || to) {
        if (incstat_filter_new(&filter, &err) != INCSTAT_OK)
            abort();
        for (size_t i = 0; i < n_where; i++)
            if (incstat_filter_add_where(filter, where[i], &err) != INCSTAT_OK)
                abort();
        if ((from && incstat_filter_from(filter, from, &err) != INCSTAT_OK) ||
            (to && incstat_filter_to(filter, to, &err) != INCSTAT_OK))
            abort();
        const char *const *kept;
        size_t nk = incstat_loader_kept(ld, &kept);
        st = incstat_filter_bind(filter, kept, nk, &err);
        FUZZ_CHECK(st == INCSTAT_OK, "bind canonical fields: %d %s", (int)st, err.message);
    }
    st = incstat_summary_from_loader(ld, so, filter, &s, &err);
    const incstat_load_report *rep = incstat_loader_report(ld);
    if (st == INCSTAT_OK) {
        FUZZ_CHECK(s != NULL, "OK without a summary");
        check_totals(s);
        /* every format for the yearly table, one (by the input's size) otherwise */
        if (so->n_by == 1 && so->by[0].kind == INCSTAT_BY_YEAR)
            write_formats(s, INCSTAT_FORMAT_CSV, INCSTAT_FORMAT_TABLE);
        else
            write_formats(s, (int)(size % 5), (int)(size % 5));
        incstat_summary_row t;
        incstat_summary_total(s, &t, &err);
        /* rows count one incident each unless they are periods or a
         * column counts them */
        int counted = !(rep->unknown & INCSTAT_UNKNOWN_INCIDENTS);
        for (size_t i = 0; i < rep->n_mapping; i++)
            counted &= strcmp(rep->mapping[i].field, "incidents") != 0;
        if (so->n_by == 1 && so->by[0].kind == INCSTAT_BY_YEAR && !filter && counted) {
            FUZZ_CHECK(t.incidents + incstat_summary_unplaced(s) == rep->rows_loaded,
                       "%llu in rows + %llu unplaced != %llu loaded",
                       (unsigned long long)t.incidents,
                       (unsigned long long)incstat_summary_unplaced(s),
                       (unsigned long long)rep->rows_loaded);
            char buf[512];
            /* EINVAL is allowed: the latest year may be one the source does not cover */
            st = incstat_summary_headline(s, 0, NULL, buf, sizeof buf, &err);
            FUZZ_CHECK(st == INCSTAT_OK || st == INCSTAT_EINVAL, "headline: %d %s", (int)st,
                       err.message);
            if (st == INCSTAT_OK)
                FUZZ_CHECK(memchr(buf, '\0', sizeof buf) != NULL, "headline not terminated");
        }
        incstat_summary_free(s);
    } else {
        FUZZ_CHECK(s == NULL, "failed summary left a handle");
        FUZZ_CHECK(st == INCSTAT_EEMPTY || st == INCSTAT_EPARSE || st == INCSTAT_ELIMIT ||
                       st == INCSTAT_EIO,
                   "summary_from_loader returned %d: %s", (int)st, err.message);
        if (st != INCSTAT_EEMPTY)
            FUZZ_CHECK(strstr(err.message, "fuzz.csv") != NULL,
                       "message does not name the input: %s", err.message);
    }
    if (st == INCSTAT_OK || st == INCSTAT_EEMPTY)
        FUZZ_CHECK(rep->rows_loaded + rep->rows_skipped == rep->rows_read,
                   "%llu loaded + %llu skipped != %llu read", (unsigned long long)rep->rows_loaded,
                   (unsigned long long)rep->rows_skipped, (unsigned long long)rep->rows_read);
    incstat_filter_free(filter);
    incstat_loader_free(ld);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const WHERE[] = {"admin1=~a", "type=Bombing", "type=~attack"};
    static const char *const FIELDS[] = {"killed", "injured", "admin1", "type"};
    incstat_summary_options so;

    memset(&so, 0, sizeof so);
    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_YEAR;
    run(data, size, &so, NULL, 0, NULL, NULL, NULL, 0);

    memset(&so, 0, sizeof so);
    so.n_by = 1;
    so.by[0].kind = INCSTAT_BY_MONTH;
    so.from_year = 2000;
    so.to_year = 2016;
    run(data, size, &so, WHERE, 3, "2000-03", "2016", FIELDS, 4);

    memset(&so, 0, sizeof so);
    so.n_by = 2;
    so.by[0].kind = INCSTAT_BY_QUARTER;
    so.by[1].kind = INCSTAT_BY_TEXT;
    so.by[1].column = "country";
    so.estimate = INCSTAT_ESTIMATE_HIGH;
    run(data, size, &so, NULL, 0, NULL, NULL, NULL, 0);
    return 0;
}
