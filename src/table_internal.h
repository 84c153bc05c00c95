/* src/table_internal.h (private): what the loader needs of the table beyond
 * its public interface. */
#ifndef INCSTAT_SRC_TABLE_INTERNAL_H
#define INCSTAT_SRC_TABLE_INTERNAL_H

#include "incstat/load.h"
#include "incstat/table.h"

/* The table takes ownership of rep, freed with free_fn. */
void incstat_table_attach_report_(incstat_table *t, incstat_load_report *rep,
                                  void (*free_fn)(incstat_load_report *));
/* Dates, writable: the loader resolves ambiguous day/month orders at the end. */
incstat_date *incstat_table_dates_mut_(incstat_table *t);

#endif
