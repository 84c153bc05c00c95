/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/json.h (private): the JSON scalars the library's small writers
 * share (the load report, trend comparisons, claims, alerts): a string with
 * quotes, '"' and '\\' escaped and control characters as \u00xx; a number
 * as %.17g (round-trips), null when NaN or infinite. */
#ifndef INCSTAT_SRC_CORE_JSON_H
#define INCSTAT_SRC_CORE_JSON_H

#include <stdio.h>

void incstat_json_str_(FILE *out, const char *s);
void incstat_json_num_(FILE *out, double v);

#endif
