/* src/load_internal.h (private): loader details other modules use. */
#ifndef INCSTAT_SRC_LOAD_INTERNAL_H
#define INCSTAT_SRC_LOAD_INTERNAL_H

#include "incstat/load.h"

/* 1 when the incident last returned had a day/month-ambiguous date. */
int incstat_loader_last_ambiguous_(const incstat_loader *ld);

#endif
