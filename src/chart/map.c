/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/map.c: a map chart's own description (incstat/map.h): its
 * boundaries (borrowed), options, dot groups and panels of dots and region
 * values.  Every setter copies what it is given and leaves the chart as it
 * was when it fails. */
#include <math.h>
#include <string.h>

#include "chart/chart_internal.h"
#include "chart/map_internal.h"
#include "core/utf8.h"

static incstat_status nomem(incstat_error *err)
{
    return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "map: out of memory");
}

static int utf8_ok(const char *s)
{
    size_t n = strlen(s);
    return incstat_utf8_valid_prefix((const unsigned char *)s, n) == n;
}

static char *dup_str(const char *s)
{
    return incstat_strndup(s, strlen(s));
}

/* The chart's map part, made on first use. */
static incstat_status need_map(incstat_chart *c, chart_map **m, incstat_error *err)
{
    incstat_clear_error(err);
    if (!c)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "map: chart is NULL");
    if (c->kind != INCSTAT_CHART_MAP)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "map: the chart is not a map (INCSTAT_CHART_MAP)");
    if (!c->map && !(c->map = incstat_calloc(1, sizeof *c->map)))
        return nomem(err);
    *m = c->map;
    return INCSTAT_OK;
}

static void panel_free(map_panel *p)
{
    incstat_free_mem(p->label);
    map_store_free_(&p->dots);
    incstat_free_mem(p->values);
    memset(p, 0, sizeof *p);
}

void chart_map_free_(chart_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_panels; i++)
        panel_free(&m->panels[i]);
    for (size_t i = 0; i < m->n_groups; i++)
        incstat_free_mem(m->groups[i]);
    incstat_free_mem(m->groups);
    incstat_free_mem(m->size_label);
    incstat_free_mem(m->value_label);
}

/* The panel dots and values go into: the last one, the first made on
 * demand. */
static map_panel *current(chart_map *m)
{
    if (m->n_panels == 0)
        m->n_panels = 1;
    return &m->panels[m->n_panels - 1];
}

incstat_status incstat_map_set_boundaries(incstat_chart *c, const incstat_boundaries *b,
                                          incstat_error *err)
{
    chart_map *m;
    incstat_status st = need_map(c, &m, err);
    if (st)
        return st;
    if (!b)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "map: boundaries are NULL");
    if (m->bounds && m->bounds != b)
        for (size_t i = 0; i < m->n_panels; i++) { /* values were for the old ones */
            incstat_free_mem(m->panels[i].values);
            m->panels[i].values = NULL;
        }
    m->bounds = b;
    return INCSTAT_OK;
}

incstat_status incstat_map_set_options(incstat_chart *c, const incstat_map_options *o,
                                       incstat_error *err)
{
    chart_map *m;
    incstat_status st = need_map(c, &m, err);
    if (st)
        return st;
    incstat_map_options d;
    memset(&d, 0, sizeof d);
    if (!o)
        o = &d;
    if (!isfinite(o->max_dot) || o->max_dot < 0 || o->max_dot > 200)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "map: max_dot must be 0 to 200 points");
    if ((o->size_label && !utf8_ok(o->size_label)) || (o->value_label && !utf8_ok(o->value_label)))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "map: a label is not valid UTF-8");
    char *sl = o->size_label ? dup_str(o->size_label) : NULL;
    char *vl = o->value_label ? dup_str(o->value_label) : NULL;
    if ((o->size_label && !sl) || (o->value_label && !vl)) {
        incstat_free_mem(sl);
        incstat_free_mem(vl);
        return nomem(err);
    }
    incstat_free_mem(m->size_label);
    incstat_free_mem(m->value_label);
    m->opt = *o;
    m->size_label = sl;
    m->value_label = vl;
    m->opt.size_label = sl;
    m->opt.value_label = vl;
    return INCSTAT_OK;
}

incstat_status incstat_map_set_groups(incstat_chart *c, const char *const *names, size_t n,
                                      incstat_error *err)
{
    chart_map *m;
    incstat_status st = need_map(c, &m, err);
    if (st)
        return st;
    if (n && !names)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "map: group names are NULL");
    for (size_t i = 0; i < n; i++)
        if (!names[i] || !utf8_ok(names[i]))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "map: group name %zu is NULL or not valid UTF-8", i + 1);
    char **g = n ? incstat_reallocarray(NULL, n, sizeof *g) : NULL;
    if (n && !g)
        return nomem(err);
    for (size_t i = 0; i < n; i++) {
        if (!(g[i] = dup_str(names[i]))) {
            while (i--)
                incstat_free_mem(g[i]);
            incstat_free_mem(g);
            return nomem(err);
        }
    }
    for (size_t i = 0; i < m->n_groups; i++)
        incstat_free_mem(m->groups[i]);
    incstat_free_mem(m->groups);
    m->groups = g;
    m->n_groups = n;
    return INCSTAT_OK;
}

incstat_status incstat_map_add_panel(incstat_chart *c, const char *label, incstat_error *err)
{
    chart_map *m;
    incstat_status st = need_map(c, &m, err);
    if (st)
        return st;
    if (!label || !utf8_ok(label))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "map: a panel label is NULL or not valid UTF-8");
    /* the first call labels the panel made on demand, if it is still unlabelled */
    int reuse = m->n_panels == 1 && !m->panels[0].label;
    if (!reuse && m->n_panels == MAP_MAX_PANELS)
        return incstat_set_error(err, INCSTAT_ELIMIT, 0, 0, "map: at most %d panels",
                                 MAP_MAX_PANELS);
    char *copy = dup_str(label);
    if (!copy)
        return nomem(err);
    if (!reuse)
        m->n_panels++;
    if (m->n_panels == 0)
        m->n_panels = 1;
    m->panels[m->n_panels - 1].label = copy;
    return INCSTAT_OK;
}

incstat_status incstat_map_add_points(incstat_chart *c, const double *lon, const double *lat,
                                      const double *size, const uint32_t *group,
                                      const unsigned char *hollow, size_t n, incstat_error *err)
{
    chart_map *m;
    incstat_status st = need_map(c, &m, err);
    if (st)
        return st;
    if (n == 0)
        return INCSTAT_OK;
    if (!lon || !lat)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0, "map: coordinates are NULL");
    for (size_t i = 0; i < n; i++)
        if (!(lon[i] >= -180 && lon[i] <= 180 && lat[i] >= -90 && lat[i] <= 90))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "map: dot %zu: (%g, %g) is not a longitude and latitude",
                                     i + 1, lon[i], lat[i]);
    map_store *d = &current(m)->dots;
    size_t n0 = d->n;
    if (n > SIZE_MAX / 2 - n0)
        return nomem(err);
    for (size_t i = 0; i < n; i++) {
        if (map_store_room_(d, 0) != 0) {
            map_store_truncate_(d, n0); /* the panel as it was */
            return nomem(err);
        }
        size_t k = d->n++;
        MAP_DOT(d, lon, k) = lon[i];
        MAP_DOT(d, lat, k) = lat[i];
        MAP_DOT(d, size, k) = size ? size[i] : 1;
        MAP_DOT(d, group, k) = group ? group[i] : 0;
        MAP_DOT(d, hollow, k) = hollow ? hollow[i] != 0 : 0;
    }
    return INCSTAT_OK;
}

int map_adopt_points_(incstat_chart *c, map_store *dots, incstat_error *err)
{
    chart_map *m;
    if (need_map(c, &m, err) != INCSTAT_OK)
        return -1;
    if (map_store_append_(&current(m)->dots, dots) != 0) {
        nomem(err);
        return -1;
    }
    return 0;
}

incstat_status incstat_map_set_values(incstat_chart *c, const double *values, size_t n,
                                      incstat_error *err)
{
    chart_map *m;
    incstat_status st = need_map(c, &m, err);
    if (st)
        return st;
    if (!m->bounds)
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "map: values need the boundaries first");
    if (!values || n != incstat_boundaries_count(m->bounds))
        return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                 "map: %zu values for %zu regions", values ? n : 0,
                                 incstat_boundaries_count(m->bounds));
    for (size_t i = 0; i < n; i++)
        if (isinf(values[i]))
            return incstat_set_error(err, INCSTAT_EINVAL, 0, 0,
                                     "map: the value of region %zu is infinite", i + 1);
    double *v = incstat_reallocarray(NULL, n, sizeof *v);
    if (!v)
        return nomem(err);
    memcpy(v, values, n * sizeof *v);
    map_panel *p = current(m);
    incstat_free_mem(p->values);
    p->values = v;
    return INCSTAT_OK;
}
