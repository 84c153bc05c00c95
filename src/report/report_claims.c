/* src/report/report_claims.c: extension point for a section of claims checked
 * against the data (incstat claim).  It adds nothing yet; the section is
 * asked for with INCSTAT_REPORT_CLAIMS and comes after the title block.
 * What it will need (the claims, their verdicts) goes into
 * incstat_report_options and report_ctx. */
#include "report/report_internal.h"

void report_claims_section(report_doc *d, const report_ctx *c)
{
    (void)d;
    (void)c;
}
