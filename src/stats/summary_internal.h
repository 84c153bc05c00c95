/* src/stats/summary_internal.h (private): merging summaries of file chunks. */
#ifndef INCSTAT_SRC_SUMMARY_INTERNAL_H
#define INCSTAT_SRC_SUMMARY_INTERNAL_H

#include "incstat/summary.h"

/* Add src's unfinished aggregates into dst (same options).  Errors: ENOMEM. */
incstat_status incstat_summary_merge_(incstat_summary *dst, const incstat_summary *src,
                                      incstat_error *err);

/* from_loader with worker threads over chunks of a plain file; falls back to
 * one pass when the input cannot be split. */
incstat_status incstat_summary_parallel_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err);

/* from_loader in one pass on the calling thread. */
incstat_status incstat_summary_one_pass_(incstat_loader *ld, const incstat_summary_options *opts,
                                         const incstat_filter *filter, incstat_summary **out,
                                         incstat_error *err);
/* The add loop of one chunk: every incident of ld into s (not finished). */
incstat_status incstat_summary_feed_(incstat_summary *s, incstat_loader *ld,
                                     const incstat_filter *filter, incstat_error *err);

/* Add the loader's known gaps and finish. */
incstat_status incstat_summary_end_(incstat_summary *s, const incstat_loader *ld,
                                    incstat_error *err);

/* x with thousands separators ("1,178"; "2,453.5" with decimals 1, and a
 * fractional x gets at least one decimal); "" for NaN. */
void incstat_grouped_(char *buf, size_t cap, double x, int decimals);

#endif
