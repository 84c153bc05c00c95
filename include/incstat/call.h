/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/call.h: run a command as the command line runs it, with its
 * options by name, and get what it writes as JSON.
 *
 * This is the layer the Python and R bindings stand on: the options are the
 * command line's own (the same tables its parser, --help and man page are
 * made from), checked by the same code with the same messages, and the JSON
 * is byte for byte what `incstat COMMAND --format json OPTIONS FILE` writes,
 * so every language gets the same number.
 *
 *     incstat_call *c;
 *     char *json;
 *     size_t len;
 *     incstat_call_new("summary", &c, &err);
 *     incstat_call_set(c, "where", "country=Pakistan", &err);
 *     incstat_call_set(c, "from", "2019", &err);
 *     incstat_call_add_file(c, "ucdp.csv", &err);
 *     if (incstat_call_run(c, &json, &len, &err) == INCSTAT_OK) { ...; free(json); }
 *     incstat_call_free(c);
 */
#ifndef INCSTAT_CALL_H
#define INCSTAT_CALL_H

#include <stddef.h>

#include "incstat/error.h"
#include "incstat/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct incstat_call incstat_call;

/* A call of command: "summary", "trend", "claim", "alerts", "diff",
 * "inspect" (the load report), "schema", "chart", "report" or "export".
 * Errors: EINVAL (no such command: the message names the nearest), ENOMEM. */
incstat_status incstat_call_new(const char *command, incstat_call **out, incstat_error *err);

/* Set one option: name is a long option of the command as the command line
 * spells it, without "--" ("by", "where", "as-of"); '_' is read as '-'
 * ("as_of"), and one trailing '_' is dropped ("from_", for languages where
 * from is a keyword).  value is NULL for a flag ("record", "quiet").  An
 * option that can repeat (where, map, keep, ...) is set once per value;
 * --compare's two years are one value "A B".  The value is copied.
 * Errors: EINVAL with the command line's message (an unknown name names the
 * nearest option; a value the command line refuses; an option that only the
 * command line has, such as format for a command whose result is the JSON);
 * ENOMEM. */
incstat_status incstat_call_set(incstat_call *c, const char *name, const char *value,
                                incstat_error *err);

/* Add an operand, as the command line takes them: FILE (diff: OLD, then
 * NEW; chart: KIND, then FILE).  The path is copied.  Errors: EINVAL (one
 * operand too many, an unknown chart kind), ENOMEM. */
incstat_status incstat_call_add_file(incstat_call *c, const char *path, incstat_error *err);

/* The folder of the data files that ship with incstat and that options
 * name by a word: the boundaries of chart map, summary
 * --admin1-from-coordinates and the report's map ("pakistan", the default,
 * and "world").  The library reads no environment: the command line sets
 * this from $INCSTAT_GEO_DIR or the datasets/ folder beside the program.
 * dir is copied; NULL (the default) is the installed folder
 * ($(PREFIX)/share/incstat, fixed when the library is built).  Errors:
 * EINVAL (no call), ENOMEM. */
incstat_status incstat_call_set_data_dir(incstat_call *c, const char *dir, incstat_error *err);

/* Run the call.  On success *json (malloc'd: the caller frees it with
 * free()) holds *len bytes plus a terminating NUL: byte for byte what
 * `incstat COMMAND --format json OPTIONS FILE` writes on standard output
 * (schema: the schema file's text; chart, report, export: the object
 * {"command": "chart", "written": ["OUT"]} naming the file written, with
 * the output named by the "output" option).  claim succeeds whether or not
 * the claim holds (the JSON says which).  len may be NULL.  A call runs
 * once.  Errors: the command line's, with its message (file, line and
 * column where they apply): EINVAL for what the command line calls a usage
 * error, EIO, EPARSE, EEMPTY, EDOMAIN, ... for the data; on failure *json
 * is NULL. */
incstat_status incstat_call_run(incstat_call *c, char **json, size_t *len, incstat_error *err);

/* After a run: the load report of the (last) file read as JSON, as
 * `incstat inspect --format json` gives it for that load; NULL before a run
 * or when no file was opened.  Borrowed from c. */
const char *incstat_call_report_json(const incstat_call *c);

/* After a run: what the command line writes on standard error besides its
 * error message (the short load report unless the quiet option is set,
 * notes on the data), as text; "" when nothing.  Borrowed from c. */
const char *incstat_call_notes(const incstat_call *c);

/* After a run that failed: the command line's exit status for it (2 for a
 * usage error, 1 for the data's, 3 and 4 for claim and alerts as documented
 * in the man page); 0 after a success or before a run. */
int incstat_call_exit_status(const incstat_call *c);

/* Load the call's FILE with its load options into a table, keeping the rows
 * its where, from and to select (the other options are not used; on a call
 * of any command).  The caller frees the table with incstat_table_free().
 * incstat_call_report_json() then gives the load report.  Errors: as
 * incstat_call_run's. */
incstat_status incstat_call_load(incstat_call *c, incstat_table **out, incstat_error *err);

/* Frees the call and what it holds; NULL is a no-op. */
void incstat_call_free(incstat_call *c);

#ifdef __cplusplus
}
#endif
#endif
