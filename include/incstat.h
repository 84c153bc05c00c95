/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat.h: the whole public API of incstat. */
#ifndef INCSTAT_H
#define INCSTAT_H

#include "incstat/error.h"
#include "incstat/value.h"
#include "incstat/csv.h"
#include "incstat/table.h"
#include "incstat/load.h"
#include "incstat/series.h"
#include "incstat/filter.h"
#include "incstat/summary.h"
#include "incstat/trend.h"
#include "incstat/check.h"
#include "incstat/util.h"
#include "incstat/chart.h"
#include "incstat/report.h"
#include "incstat/records.h"
#include "incstat/diff.h"
#include "incstat/export.h"
#include "incstat/call.h"

#endif
