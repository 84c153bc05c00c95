/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_warm.h (private): the fonts made ready on a thread while
 * a command loads its data (chart_warm.c).  Never installed. */
#ifndef INCSTAT_SRC_CHART_WARM_H
#define INCSTAT_SRC_CHART_WARM_H

typedef struct chart_warm chart_warm;

/* Starts a thread that lays out and draws a short text in the fonts of
 * family (a Pango family list; NULL: the charts' default).  NULL when no
 * thread could be started: nothing is lost but the time. */
chart_warm *chart_warm_start_(const char *family);

/* Waits for the thread and frees w; NULL is fine. */
void chart_warm_join_(chart_warm *w);

#endif
