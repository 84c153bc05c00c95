/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map_build.c: maps built from incidents and summaries (see
 * map_build.h): the dots gathered as the file streams past, the regions'
 * values from the summary by admin1 (so a choropleth's numbers are the
 * summary's), and the texts: title, the note that counts every incident
 * not drawn as a plain dot, and the caption. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chart/map_build.h"
#include "chart/map_internal.h"
#include "core/internal.h"
#include "core/text.h"

#define NOTE_MAX 1400

double map_rough_from_(const char *column)
{
    if (!column)
        return NAN;
    char k[64];
    size_t j = 0;
    for (const char *p = column; *p && j + 1 < sizeof k; p++)
        if (*p != '_' && *p != ' ')
            k[j++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    k[j] = 0;
    if (strcmp(k, "geoprecision") == 0)
        return 3; /* ACLED: 3 = a larger region, e.g. the province */
    if (strcmp(k, "whereprec") == 0)
        return 4; /* UCDP GED: 4 = admin1, 5 larger, 6 country, 7 waters */
    if (strcmp(k, "specificity") == 0)
        return 4; /* GTD: 4 = admin1 only, 5 unknown */
    return NAN;
}

/* ---- gathering ------------------------------------------------------------ */

static uint32_t intern(map_collect *mc, const incstat_text *t)
{
    if (!t || !t->ptr)
        return UINT32_MAX;
    for (size_t i = 0; i < mc->n_cats; i++)
        if (incstat_label_eq(mc->cats[i], strlen(mc->cats[i]), t->ptr, t->len)) {
            mc->cat_count[i]++;
            return (uint32_t)i;
        }
    if (mc->n_cats == MAP_MAX_CATS)
        return UINT32_MAX - 1; /* beyond the limit: "Other" */
    if (!mc->cats) {
        mc->cats = incstat_calloc(MAP_MAX_CATS, sizeof *mc->cats);
        mc->cat_count = incstat_calloc(MAP_MAX_CATS, sizeof *mc->cat_count);
        if (!mc->cats || !mc->cat_count) {
            mc->failed = 1;
            return UINT32_MAX;
        }
    }
    char *s = incstat_strndup(t->ptr, t->len);
    if (!s) {
        mc->failed = 1;
        return UINT32_MAX;
    }
    mc->cats[mc->n_cats] = s;
    mc->cat_count[mc->n_cats] = 1;
    return (uint32_t)mc->n_cats++;
}

static double metric_of(const map_collect *mc, const incstat_incident *inc)
{
    int base = mc->metric == MAP_METRIC_INJURED ? INCSTAT_NUM_INJURED_LOW : INCSTAT_NUM_KILLED_LOW;
    if (mc->metric == MAP_METRIC_INCIDENTS)
        return 1;
    int off = mc->estimate == INCSTAT_ESTIMATE_LOW ? 0 : mc->estimate == INCSTAT_ESTIMATE_HIGH ? 2 : 1;
    return inc->num[base + off];
}

void map_collect_add_(void *ctx, const incstat_incident *inc)
{
    map_collect *mc = ctx;
    if (mc->failed)
        return;
    mc->seen++;
    double lon = inc->num[INCSTAT_NUM_LONGITUDE], lat = inc->num[INCSTAT_NUM_LATITUDE];
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
        mc->no_coords++;
        return;
    }
    double prec = inc->num[INCSTAT_NUM_PRECISION];
    map_store *d = &mc->dots;
    if (map_store_room_(d, mc->keep_year) != 0) {
        mc->failed = 1;
        return;
    }
    size_t i = d->n++;
    if (mc->outside_grid)
        mc->outside += (uint64_t)map_outside_(mc->outside_grid, lon, lat);
    MAP_DOT(d, lon, i) = lon;
    MAP_DOT(d, lat, i) = lat;
    MAP_DOT(d, size, i) = metric_of(mc, inc);
    int year = inc->date.precision != INCSTAT_DATE_NONE ? inc->date.year : 0;
    if (mc->keep_year)
        MAP_DOT(d, year, i) = year;
    if (year && (!mc->year_min || year < mc->year_min))
        mc->year_min = year;
    if (year > mc->year_max)
        mc->year_max = year;
    MAP_DOT(d, hollow, i) = prec >= 0 && prec < 255 ? (unsigned char)prec : 255;
    MAP_DOT(d, group, i) = UINT32_MAX;
    if (mc->color_col >= 0) {
        const incstat_text *t = mc->color_col < INCSTAT_TEXT_COUNT
                                    ? &inc->text[mc->color_col]
                                    : (size_t)(mc->color_col - INCSTAT_TEXT_COUNT) < inc->n_kept
                                          ? &inc->kept[mc->color_col - INCSTAT_TEXT_COUNT]
                                          : NULL;
        MAP_DOT(d, group, i) = intern(mc, t);
    }
}

void *map_collect_fork_(void *ctx)
{
    const map_collect *mc = ctx;
    map_collect *f = incstat_calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->metric = mc->metric;
    f->estimate = mc->estimate;
    f->color_col = mc->color_col;
    f->color_year = mc->color_year;
    f->keep_year = mc->keep_year;
    f->outside_grid = mc->outside_grid; /* read-only: shared */
    return f;
}

/* from's category k as a category of into (UINT32_MAX: unknown,
 * UINT32_MAX - 1: beyond the limit, as intern gives them). */
static uint32_t rejoin_cat(map_collect *into, const map_collect *from, uint32_t k)
{
    if (k >= from->n_cats)
        return k;
    incstat_text t = {from->cats[k], strlen(from->cats[k])};
    uint32_t c = intern(into, &t);
    if (c < into->n_cats)
        into->cat_count[c] += from->cat_count[k] - 1; /* intern counted one */
    return c;
}

void map_collect_join_(void *into_ctx, void *chunk_ctx)
{
    map_collect *into = into_ctx, *from = chunk_ctx;
    if (into && !into->failed && !from->failed) {
        uint32_t *remap = from->n_cats ? incstat_calloc(from->n_cats, sizeof *remap) : NULL;
        if (from->n_cats && !remap)
            into->failed = 1;
        for (size_t k = 0; remap && k < from->n_cats; k++)
            remap[k] = rejoin_cat(into, from, (uint32_t)k);
        /* from's categories as into's, then its dots after into's (their
         * blocks taken, not copied) */
        map_store *d = &from->dots;
        for (size_t i = 0; remap && !into->failed && i < d->n; i++) {
            uint32_t c = MAP_DOT(d, group, i);
            MAP_DOT(d, group, i) = c < from->n_cats ? remap[c] : c;
        }
        if (!into->failed && map_store_append_(&into->dots, d) != 0)
            into->failed = 1;
        if (!into->failed) {
            if (from->year_min && (!into->year_min || from->year_min < into->year_min))
                into->year_min = from->year_min;
            if (from->year_max > into->year_max)
                into->year_max = from->year_max;
            into->seen += from->seen;
            into->no_coords += from->no_coords;
            into->outside += from->outside;
        }
        incstat_free_mem(remap);
    } else if (into && from->failed) {
        into->failed = 1;
    }
    map_collect_free_(from);
    incstat_free_mem(from);
}

void map_collect_free_(map_collect *mc)
{
    if (!mc)
        return;
    map_store_free_(&mc->dots);
    for (size_t i = 0; i < mc->n_cats; i++)
        incstat_free_mem(mc->cats[i]);
    incstat_free_mem(mc->cats);
    incstat_free_mem(mc->cat_count);
}

/* ---- panels ----------------------------------------------------------------- */

/* The panel of a year: by year from first, or the span holding it; -1 none. */
static long panel_of(const map_build_args *a, int first_year, size_t n_panels, int year)
{
    if (a->by_year) {
        long p = (long)year - first_year;
        return year && p >= 0 && (size_t)p < n_panels ? p : -1;
    }
    if (a->n_periods) {
        for (size_t k = 0; k < a->n_periods; k++)
            if (year >= a->period_from[k] && year <= a->period_to[k])
                return (long)k;
        return -1;
    }
    return 0;
}

static void put(char *buf, size_t cap, const char *fmt, ...) INCSTAT_PRINTF(3, 4);

static void put(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/* ---- the choropleth's values ---------------------------------------------------- */

static double row_value(const map_build_args *a, const incstat_summary_row *r)
{
    switch (a->metric) {
    case MAP_METRIC_INCIDENTS: return (double)r->incidents;
    case MAP_METRIC_INJURED: return r->injured;
    default: return r->killed;
    }
}

int map_region_values_(const incstat_summary *s, const incstat_boundaries *b,
                       const map_build_args *a, int first_year, size_t n_panels,
                       double *values, char *unmatched, size_t cap, int *merged,
                       uint64_t *unknown)
{
    size_t nreg = incstat_boundaries_count(b);
    for (size_t i = 0; i < nreg * n_panels; i++)
        values[i] = NAN;
    if (cap)
        unmatched[0] = 0;
    *merged = 0;
    *unknown = 0;
    int timed = incstat_summary_key_count(s) == 2;
    /* names that match nothing, summed once each */
    char names[32][80];
    uint64_t counts[32];
    size_t nn = 0;
    for (size_t i = 0; i < incstat_summary_rows(s); i++) {
        const incstat_summary_row *r = incstat_summary_row_at(s, i);
        const char *name = r->key[timed ? 1 : 0];
        if (!r->incidents && !(r->unknown & 1))
            continue; /* an empty period */
        if (!name || strcmp(name, "(unknown)") == 0) {
            *unknown += r->incidents;
            continue;
        }
        long p = timed ? panel_of(a, first_year, n_panels, r->year) : 0;
        if (p < 0)
            continue;
        int m = 0;
        size_t reg = incstat_boundaries_find(b, name, strlen(name), &m);
        *merged |= m;
        if (reg == INCSTAT_MAP_NONE) {
            size_t k;
            for (k = 0; k < nn && strcmp(names[k], name) != 0; k++)
                ;
            if (k == nn && nn < 32) {
                snprintf(names[nn], sizeof names[nn], "%s", name);
                counts[nn++] = 0;
            }
            if (k < nn)
                counts[k] += r->incidents;
            continue;
        }
        double v = row_value(a, r);
        double *slot = &values[(size_t)p * nreg + reg];
        if (isnan(*slot))
            *slot = 0;
        if (!isnan(v))
            *slot += v;
    }
    if (a->population)
        for (size_t p = 0; p < n_panels; p++)
            for (size_t r = 0; r < nreg; r++) {
                double pop = a->population[r];
                double *v = &values[p * nreg + r];
                *v = pop > 0 && !isnan(*v) ? *v / pop * 1e5 : NAN;
            }
    for (size_t k = 0; k < nn && cap; k++)
        put(unmatched, cap, "%s%s (%llu)", k ? ", " : "", names[k], (unsigned long long)counts[k]);
    return 0;
}

/* ---- the map ---------------------------------------------------------------------- */

static const char *metric_word(map_metric m)
{
    return m == MAP_METRIC_INJURED ? "injured" : m == MAP_METRIC_INCIDENTS ? "incidents" : "killed";
}

static void count_text(char *buf, size_t cap, uint64_t n)
{
    incstat_grouped_(buf, cap, (double)n, 0);
}

/* The panels' labels and year range. */
static size_t panel_labels(const map_build_args *a, int y0, int y1, char labels[][32])
{
    if (a->by_year) {
        size_t n = 0;
        for (int y = y0; y <= y1 && n < MAP_MAX_PERIODS; y++)
            snprintf(labels[n++], 32, "%d", y);
        return n;
    }
    for (size_t k = 0; k < a->n_periods; k++) {
        if (a->period_from[k] == a->period_to[k])
            snprintf(labels[k], 32, "%d", a->period_from[k]);
        else
            snprintf(labels[k], 32, "%d-%d", a->period_from[k], a->period_to[k]);
    }
    return a->n_periods;
}

static void year_range(const map_collect *mc, const incstat_summary *s, int *y0, int *y1)
{
    *y0 = 0;
    *y1 = 0;
    if (mc) {
        *y0 = mc->year_min;
        *y1 = mc->year_max;
    } else if (s) {
        /* the incidents counted, also when the keys hold no year (a
         * choropleth without panels) */
        incstat_summary_years(s, y0, y1);
    }
}

/* Dot colours: the categories with most incidents (at most 7) and Other, or
 * spans of years. */
typedef struct {
    uint32_t map[MAP_MAX_CATS + 2];
    const char *names[9];
    char spans[6][32];
    size_t n;
    int span_from[6], span_to[6];
} colour_groups;

static void colour_setup(const map_collect *mc, int y0, int y1, colour_groups *cg)
{
    memset(cg, 0, sizeof *cg);
    if (mc->color_year && y0) {
        int n = y1 - y0 + 1, k = n < 6 ? n : 6;
        for (int j = 0; j < k; j++) {
            cg->span_from[j] = y0 + j * n / k;
            cg->span_to[j] = y0 + (j + 1) * n / k - 1;
            if (cg->span_from[j] == cg->span_to[j])
                snprintf(cg->spans[j], sizeof cg->spans[j], "%d", cg->span_from[j]);
            else
                snprintf(cg->spans[j], sizeof cg->spans[j], "%d-%d", cg->span_from[j],
                         cg->span_to[j]);
            cg->names[j] = cg->spans[j];
        }
        cg->n = (size_t)k;
        return;
    }
    if (mc->color_col < 0 || !mc->n_cats)
        return;
    /* the 7 largest */
    size_t top[7], nt = 0;
    for (size_t k = 0; k < 7; k++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < mc->n_cats; i++) {
            int taken = 0;
            for (size_t j = 0; j < nt; j++)
                taken |= top[j] == i;
            if (!taken && (best == SIZE_MAX || mc->cat_count[i] > mc->cat_count[best]))
                best = i;
        }
        if (best == SIZE_MAX)
            break;
        top[nt++] = best;
    }
    for (size_t i = 0; i < MAP_MAX_CATS + 2; i++)
        cg->map[i] = (uint32_t)nt; /* Other */
    for (size_t j = 0; j < nt; j++) {
        cg->map[top[j]] = (uint32_t)j;
        cg->names[j] = mc->cats[top[j]];
    }
    cg->n = nt;
    if (mc->n_cats > nt || 1) {
        cg->names[nt] = "Other"; /* and unknown */
        cg->n = nt + 1;
    }
}

static uint32_t colour_of(const map_collect *mc, const colour_groups *cg, size_t i)
{
    if (mc->color_year && cg->n) {
        for (size_t j = 0; j < cg->n; j++)
            if (MAP_DOT(&mc->dots, year, i) >= cg->span_from[j] &&
                MAP_DOT(&mc->dots, year, i) <= cg->span_to[j])
                return (uint32_t)j;
        return 0;
    }
    if (mc->color_col < 0 || !cg->n)
        return 0;
    uint32_t c = MAP_DOT(&mc->dots, group, i);
    return c < MAP_MAX_CATS ? cg->map[c] : (uint32_t)(cg->n - 1);
}

static int is_rough(const map_build_args *a, const map_collect *mc, size_t i)
{
    unsigned char p = MAP_DOT(&mc->dots, hollow, i);
    return !isnan(a->rough_from) && p != 255 && p >= a->rough_from;
}

/* One panel, its dots made in place from mc's, which the chart takes (a
 * million dots copied cost 29 MB of fresh pages): the colour group over
 * the category, the hollow flag over the precision, the dots left out
 * closed up.  Each dot's index only falls, so every value is read before
 * it is written over.  mc keeps no dots. */
static int take_dots(incstat_chart *c, const map_build_args *a, map_collect *mc,
                     const colour_groups *cg, incstat_error *err)
{
    map_store *d = &mc->dots;
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        int rough = is_rough(a, mc, i);
        if (rough && a->precision == MAP_PRECISION_OMIT)
            continue;
        uint32_t g = colour_of(mc, cg, i);
        MAP_DOT(d, lon, k) = MAP_DOT(d, lon, i);
        MAP_DOT(d, lat, k) = MAP_DOT(d, lat, i);
        MAP_DOT(d, size, k) = MAP_DOT(d, size, i);
        MAP_DOT(d, group, k) = g;
        MAP_DOT(d, hollow, k) = rough && a->precision == MAP_PRECISION_HOLLOW;
        k++;
    }
    map_store_truncate_(d, k);
    return map_adopt_points_(c, d, err);
}

/* Each panel's dots copied from mc's (by year or span of years). */
static int add_dots(incstat_chart *c, const map_build_args *a, const map_collect *mc,
                    const colour_groups *cg, int y0, size_t n_panels, char labels[][32],
                    uint64_t *not_drawn, incstat_error *err)
{
    const map_store *from = &mc->dots;
    *not_drawn = 0;
    for (size_t p = 0; p < n_panels; p++) {
        map_store d = {0};
        for (size_t i = 0; i < from->n; i++) {
            if (is_rough(a, mc, i) && a->precision == MAP_PRECISION_OMIT)
                continue;
            long pi = n_panels > 1 || a->n_periods
                          ? panel_of(a, y0, n_panels, MAP_DOT(from, year, i))
                          : 0;
            if (pi != (long)p) {
                if (p == 0 && pi < 0)
                    (*not_drawn)++;
                continue;
            }
            if (map_store_room_(&d, 0) != 0) {
                map_store_free_(&d);
                incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "map: out of memory");
                return -1;
            }
            size_t k = d.n++;
            MAP_DOT(&d, lon, k) = MAP_DOT(from, lon, i);
            MAP_DOT(&d, lat, k) = MAP_DOT(from, lat, i);
            MAP_DOT(&d, size, k) = MAP_DOT(from, size, i);
            MAP_DOT(&d, group, k) = colour_of(mc, cg, i);
            MAP_DOT(&d, hollow, k) = is_rough(a, mc, i) && a->precision == MAP_PRECISION_HOLLOW;
        }
        if (((n_panels > 1 || a->n_periods) &&
             incstat_map_add_panel(c, labels[p], err) != INCSTAT_OK) ||
            map_adopt_points_(c, &d, err) != 0) {
            map_store_free_(&d);
            return -1;
        }
    }
    return 0;
}

/* The dots of d outside every region of b, a block at a time. */
static uint64_t count_outside(const incstat_boundaries *b, const map_store *d)
{
    uint64_t n = 0;
    for (size_t k = 0; k < d->n_blocks; k++) {
        size_t in_block = k + 1 < d->n_blocks ? MAP_BLOCK : d->n - k * MAP_BLOCK;
        n += map_count_outside_(b, d->b[k].lon, d->b[k].lat, in_block);
    }
    return n;
}

/* map_build_ and map_build_taking_: take, when not NULL, is mc, whose
 * arrays a single panel may take. */
static int build(const map_build_args *a, const map_collect *mc, map_collect *take,
                 const incstat_summary *s, const incstat_boundaries *b, incstat_chart **out,
                 incstat_error *err)
{
    *out = NULL;
    incstat_chart *c = NULL;
    char note[NOTE_MAX] = "", title[256], cap[512], num[48], num2[48];
    double *values = NULL;
    int y0, y1;
    if (mc && !a->fill && !mc->keep_year && (a->by_year || a->n_periods || mc->color_year)) {
        incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                          "map: panels and colours by year need the dots' years (keep_year)");
        return -1;
    }
    year_range(a->fill ? NULL : mc, s, &y0, &y1);
    char labels[MAP_MAX_PERIODS][32];
    size_t n_panels = 1;
    if (a->by_year || a->n_periods) {
        if (a->by_year && (!y0 || y1 - y0 + 1 > MAP_MAX_PERIODS)) {
            incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                              "map: --by year needs 1 to %d years with dates (the data span "
                              "%d-%d); give --periods or --from and --to",
                              MAP_MAX_PERIODS, y0, y1);
            return -1;
        }
        n_panels = panel_labels(a, y0, y1, labels);
    }
    if (incstat_chart_new(INCSTAT_CHART_MAP, &c, err) != INCSTAT_OK)
        return -1;
    if (b && incstat_map_set_boundaries(c, b, err) != INCSTAT_OK)
        goto fail;
    incstat_map_options mo;
    memset(&mo, 0, sizeof mo);
    mo.north_arrow = a->north_arrow;
    mo.threads = a->threads;
    mo.size_label = metric_word(a->metric);
    char vlabel[96];
    snprintf(vlabel, sizeof vlabel, "%s%s", a->fill && a->metric == MAP_METRIC_INCIDENTS ? "Incidents" : a->metric == MAP_METRIC_INJURED ? "Injured" : a->metric == MAP_METRIC_INCIDENTS ? "Incidents" : "Killed",
             a->population ? " per 100,000 people" : "");
    mo.value_label = vlabel;
    if (incstat_map_set_options(c, &mo, err) != INCSTAT_OK)
        goto fail;

    if (a->fill) {
        size_t nreg = incstat_boundaries_count(b);
        values = incstat_reallocarray(NULL, nreg * n_panels, sizeof *values);
        if (!values) {
            incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "map: out of memory");
            goto fail;
        }
        char unmatched[600];
        int merged;
        uint64_t unknown;
        map_region_values_(s, b, a, y0, n_panels, values, unmatched, sizeof unmatched, &merged,
                           &unknown);
        for (size_t p = 0; p < n_panels; p++) {
            if (n_panels > 1 || a->n_periods)
                if (incstat_map_add_panel(c, labels[p], err) != INCSTAT_OK)
                    goto fail;
            if (incstat_map_set_values(c, values + p * nreg, nreg, err) != INCSTAT_OK)
                goto fail;
        }
        if (unmatched[0])
            put(note, sizeof note, "Not on the map (no region of that name): %s. ", unmatched);
        if (unknown) {
            count_text(num, sizeof num, unknown);
            put(note, sizeof note, "%s %s without a province %s not on the map. ", num,
                unknown == 1 ? "incident" : "incidents", unknown == 1 ? "is" : "are");
        }
        if (merged)
            put(note, sizeof note,
                "FATA (merged into Khyber Pakhtunkhwa in 2018) is counted in %s: the "
                "boundaries have no FATA. ",
                "Khyber Pakhtunkhwa");
    } else if (mc) {
        colour_groups cg;
        colour_setup(mc, y0, y1, &cg);
        if (cg.n > 1 && incstat_map_set_groups(c, cg.names, cg.n, err) != INCSTAT_OK)
            goto fail;
        /* every incident not drawn as a plain dot inside the boundaries
         * (counted before the dots are made, which may take mc's arrays) */
        uint64_t outside = !b                ? 0
                           : mc->outside_grid ? mc->outside
                                              : count_outside(b, &mc->dots);
        uint64_t rough_n = 0, n_dots = mc->dots.n, not_drawn = 0;
        for (size_t i = 0; i < mc->dots.n; i++)
            rough_n += is_rough(a, mc, i);
        if (take && n_panels == 1 && !a->n_periods ? take_dots(c, a, take, &cg, err)
                                                   : add_dots(c, a, mc, &cg, y0, n_panels, labels,
                                                              &not_drawn, err))
            goto fail;
        count_text(num, sizeof num,
                   n_dots - (a->precision == MAP_PRECISION_OMIT ? rough_n : 0) - not_drawn);
        count_text(num2, sizeof num2, mc->seen);
        put(note, sizeof note, "%s of %s incidents drawn, one dot each, area proportional to %s. ",
            num, num2, metric_word(a->metric));
        if (mc->no_coords) {
            count_text(num, sizeof num, mc->no_coords);
            put(note, sizeof note, "%s without coordinates %s not drawn. ", num,
                mc->no_coords == 1 ? "is" : "are");
        }
        if (rough_n && a->precision != MAP_PRECISION_ALL) {
            count_text(num, sizeof num, rough_n);
            put(note, sizeof note, "%s placed only roughly (province or country) %s %s. ", num,
                rough_n == 1 ? "is" : "are",
                a->precision == MAP_PRECISION_OMIT ? "left out" : "drawn hollow");
        }
        if (outside) {
            count_text(num, sizeof num, outside);
            put(note, sizeof note, "%s %s outside the boundaries drawn. ", num,
                outside == 1 ? "falls" : "fall");
        }
        if (not_drawn) {
            count_text(num, sizeof num, not_drawn);
            put(note, sizeof note, "%s %s in no panel's years. ", num,
                not_drawn == 1 ? "falls" : "fall");
        }
    }
    size_t nl = strlen(note);
    while (nl && note[nl - 1] == ' ')
        note[--nl] = 0;
    if (a->title)
        snprintf(title, sizeof title, "%s", a->title);
    else if (a->fill)
        snprintf(title, sizeof title, "%s%s by province%s%s", a->where_note ? a->where_note : "",
                 a->metric == MAP_METRIC_INCIDENTS ? "Incidents" : a->metric == MAP_METRIC_INJURED ? "People injured" : "People killed",
                 y0 ? ", " : "", "");
    else
        snprintf(title, sizeof title, "%sWhere the incidents happened", a->where_note ? a->where_note : "");
    /* the span drawn: the data's years, within the panels' spans */
    int ty0 = y0, ty1 = y1;
    for (size_t k = 0; k < a->n_periods; k++) {
        if (k == 0 || a->period_from[k] < ty0)
            ty0 = a->period_from[k];
        if (k == 0 || a->period_to[k] > ty1)
            ty1 = a->period_to[k];
    }
    if (a->n_periods && y0) {
        ty0 = ty0 > y0 ? ty0 : y0;
        ty1 = ty1 < y1 ? ty1 : y1;
    }
    if (!a->title && y0 && ty0 <= ty1) {
        size_t tl = strlen(title);
        if (ty0 == ty1)
            snprintf(title + tl, sizeof title - tl, "%s%d", a->fill ? "" : ", ", ty0);
        else
            snprintf(title + tl, sizeof title - tl, "%s%d-%d", a->fill ? "" : ", ", ty0, ty1);
    }
    if (a->source)
        snprintf(cap, sizeof cap, "%s", a->source);
    else
        snprintf(cap, sizeof cap, "Source: %s.", a->input ? a->input : "the input file");
    if (incstat_chart_set_text(c, INCSTAT_CHART_TEXT_TITLE, title, err) != INCSTAT_OK ||
        (a->subtitle &&
         incstat_chart_set_text(c, INCSTAT_CHART_TEXT_SUBTITLE, a->subtitle, err) != INCSTAT_OK) ||
        incstat_chart_set_text(c, INCSTAT_CHART_TEXT_CAPTION, cap, err) != INCSTAT_OK ||
        (note[0] && incstat_chart_set_text(c, INCSTAT_CHART_TEXT_NOTE, note, err) != INCSTAT_OK))
        goto fail;
    incstat_free_mem(values);
    *out = c;
    return 0;
fail:
    incstat_free_mem(values);
    incstat_chart_free(c);
    return -1;
}

int map_build_(const map_build_args *a, const map_collect *mc, const incstat_summary *s,
               const incstat_boundaries *b, incstat_chart **out, incstat_error *err)
{
    return build(a, mc, NULL, s, b, out, err);
}

int map_build_taking_(const map_build_args *a, map_collect *mc, const incstat_summary *s,
                      const incstat_boundaries *b, incstat_chart **out, incstat_error *err)
{
    return build(a, mc, mc, s, b, out, err);
}
