/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/report/report_trends.c: extension point for a section on the shapes of
 * the trends (change points, a smooth, words for the shape).  It adds
 * nothing yet; the section is asked for with INCSTAT_REPORT_TRENDS and comes
 * after the trend section.  The yearly series and its fit are in report_ctx
 * (se, n_fit, res). */
#include "report/report_internal.h"

void report_trends_section(report_doc *d, const report_ctx *c)
{
    (void)d;
    (void)c;
}
