/* SPDX-License-Identifier: GPL-3.0-or-later */
/* incstat/load.h: from a CSV file to incidents.  The loader reads the header,
 * picks a preset (GTD, ACLED, UCDP GED, Pakistan Body Count) or applies the
 * caller's mapping, and turns each record into an incstat_incident, counting
 * every row it skips and every cell it cannot parse in a load report. */
#ifndef INCSTAT_LOAD_H
#define INCSTAT_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "incstat/csv.h"
#include "incstat/error.h"
#include "incstat/table.h"
#include "incstat/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a row was not loaded. */
typedef enum {
    INCSTAT_SKIP_BLANK = 0,      /* every cell empty */
    INCSTAT_SKIP_TOTALS,         /* a totals row: no id, no date, sums of the rows above */
    INCSTAT_SKIP_TOO_MANY_FIELDS,/* more non-empty fields than the header: misaligned */
    INCSTAT_SKIP_HEADER_REPEAT,  /* the header again (concatenated exports) */
    INCSTAT_SKIP_HXL,            /* an HXL hashtag row (#date+year, #affected+killed) */
    INCSTAT_SKIP_REPEATED_PERIOD,/* a table of periods: the entity and period of a row
                                    above (its figures would be counted twice) */
    INCSTAT_SKIP_COUNT
} incstat_skip_reason;

/* "blank row", "totals row", ...: static text; "unknown" outside the enum. */
const char *incstat_skip_reason_name(incstat_skip_reason r);

/* Inferred type of a column (inspect). */
typedef enum {
    INCSTAT_TYPE_EMPTY = 0, /* no values */
    INCSTAT_TYPE_INTEGER,
    INCSTAT_TYPE_NUMBER,
    INCSTAT_TYPE_COUNT_RANGE, /* numbers with ranges or open-ended values */
    INCSTAT_TYPE_DATE,
    INCSTAT_TYPE_TEXT
} incstat_column_type;

/* "empty", "integer", "number", "count-range", "date", "text": static text;
 * "unknown" outside the enum. */
const char *incstat_column_type_name(incstat_column_type t);

#define INCSTAT_REPORT_EXAMPLES 8

/* How the column feeding a field was chosen. */
typedef enum {
    INCSTAT_HOW_PRESET = 1, /* the preset names it */
    INCSTAT_HOW_NAME,       /* its name (or HXL tag), confirmed by its cells' type */
    INCSTAT_HOW_TYPE,       /* its cells alone (a column of dates under another name) */
    INCSTAT_HOW_MAP         /* --map or a schema file */
} incstat_map_how;

const char *incstat_map_how_name(incstat_map_how h);

/* One field's column and why.  evidence is a short phrase for people
 * ("words total, low; integers", "HXL tag #affected+killed"). */
#define INCSTAT_FIELD_PARTS_MAX 8

typedef struct {
    const char *field;     /* canonical field name (static) */
    size_t column;         /* index into the report's columns (the first part) */
    incstat_map_how how;
    char evidence[96];
    /* A field that is the sum of columns (--map killed=A+B+C, or deaths split
     * by victim, sex or age with no total column): its n_parts columns
     * (n_parts is 0 for a field read from one column).  A row's sum is
     * unknown when every part is; when only some are, it is the sum of the
     * known parts, and partly_known counts such rows (the first at
     * first_partly_known_line). */
    size_t parts[INCSTAT_FIELD_PARTS_MAX];
    size_t n_parts;
    uint64_t partly_known, first_partly_known_line;
} incstat_field_mapping;

#define INCSTAT_MAPPING_MAX 24

/* Why the text that is not valid UTF-8 is read in the encoding it is
 * (incstat_encoding_choice.by). */
typedef enum {
    INCSTAT_ENCODING_BY_NONE = 0, /* nothing was chosen: the encoding was set (option,
                                     schema file), or the caller set csv.fallback
                                     (then chosen is that fallback) */
    INCSTAT_ENCODING_BY_TEXT,     /* the sampled text reads most plausibly in it */
    INCSTAT_ENCODING_BY_PRESET,   /* the sample could not tell (no such text, the
                                     same text in each, or nothing sampled): the
                                     preset's encoding */
    INCSTAT_ENCODING_BY_DEFAULT   /* ... and no preset has one: Windows-1252 */
} incstat_encoding_by;

/* With the encoding AUTO, a cell that is valid UTF-8 is read as UTF-8 and any
 * other in one single-byte encoding, chosen once for the file from the cells
 * that are not valid UTF-8 among the first MiB after the header (and the
 * header): each is decoded in Windows-1252, Mac Roman and ISO-8859-1, and the
 * text that reads most like text wins (an apostrophe in "Army's", accented
 * letters inside words of their case, no C1 controls or mathematical signs
 * inside words).  The preset's encoding (pbc-drone: Mac Roman) breaks ties
 * and decides when the sample cannot.  Scores are points over the sample;
 * a candidate that reads the sample exactly as another is not a runner-up. */
typedef struct {
    incstat_encoding chosen;    /* AUTO when by is NONE, unless the caller's fallback */
    incstat_encoding_by by;
    incstat_encoding prior;     /* the preset's encoding; AUTO when it has none */
    incstat_encoding runner_up; /* the best other reading; AUTO when none differs */
    int close;                  /* 1: runner_up scored within the margin (3 points,
                                   or a tenth of the winner's) */
    long score, runner_up_score, prior_score; /* points over the sample */
    uint64_t cells, bytes;      /* sampled cells not valid UTF-8, their non-ASCII bytes */
    int sampled;                /* 0: nothing after the header was sampled (an
                                   input of a header alone): the prior decides */
} incstat_encoding_choice;

/* Figures an input does not hold (incstat_load_report.unknown): shown as
 * unknown (empty in CSV, null in JSON), never as 0. */
enum {
    INCSTAT_UNKNOWN_INCIDENTS = 1, /* rows are periods, not incidents */
    INCSTAT_UNKNOWN_KILLED = 2,    /* no killed column */
    INCSTAT_UNKNOWN_INJURED = 4    /* no injured column */
};

/* What happened to one source column. */
typedef struct {
    char *name;            /* as addressable: duplicates get ".2", ".3" */
    const char *field;     /* canonical field it feeds, "keep", or NULL */
    uint64_t missing;      /* empty or missing-token cells */
    uint64_t unparsed;     /* cells of a mapped number/date column not understood */
    uint64_t first_unparsed_line;
    char first_unparsed[48]; /* the first such value, truncated, for messages */
    /* type inference (only when asked for) */
    incstat_column_type type;
    uint64_t n_int, n_num, n_range, n_date, n_text;
    /* How its numbers are written, decided once from the sampled rows (the
     * mapped number columns; with infer_types, every column): source
     * INCSTAT_NUMFMT_DEFAULT when the column is not read as numbers. */
    incstat_number_decision number;
    uint64_t ambiguous;           /* cells read by the prior alone ("1.600") */
    uint64_t first_ambiguous_line;
    char first_ambiguous[24];     /* the first such cell, truncated */
    double first_ambiguous_value; /* ... as it was read */
    /* Counts that cannot be counts (killed and injured columns); they stay
     * in the sums.  Scientific notation ("1e9") is counted as unparsed. */
    uint64_t fractions;           /* a fraction other than a half ("2.3") */
    uint64_t first_fraction_line;
    char first_fraction[24];
    double median;                /* of the positive values sampled; NaN when none */
    double max;                   /* the largest value loaded (the field's best
                                     estimate); NaN when none */
    double second_max;            /* the next largest; NaN when none */
    uint64_t max_line;
    int outlier;                  /* 1: max is over 1,000 times the median and
                                     over 100 times second_max */
} incstat_column_report;

/* How a totals row's figure compares with the sum of its column over the
 * loaded rows above it, and the likeliest cause of a difference. */
typedef enum {
    INCSTAT_TOTALS_AGREES = 0,  /* equal up to rounding (half a unit) */
    INCSTAT_TOTALS_UNEXPLAINED, /* no single cause found */
    INCSTAT_TOTALS_THOUSAND,    /* a factor of 1,000 apart: a decimal mark or a unit */
    INCSTAT_TOTALS_OTHER_SUM,   /* the figure is the sum of another column, or of this
                                   column's ranges at one end (other_column, other_end) */
    INCSTAT_TOTALS_NOT_SUMMED,  /* the sums leave out cells the row may count: not
                                   understood (a sheet sums "-4"), or, when the row
                                   says more, open-ended ("40+") or in rows skipped
                                   with more fields than the header */
    INCSTAT_TOTALS_ONE_ROW      /* the rows sum to more by exactly one row's figure */
} incstat_totals_cause;

/* One figure of a totals row: a count column's cell, against the same
 * column's cells summed over the loaded rows above the row. */
typedef struct {
    size_t column;          /* index into the report's columns */
    const char *field;      /* "killed", "killed_low", ..., "incidents" (static) */
    int end;                /* what of each cell is summed: 0 the low end (a low
                               column), 1 the best value, 2 the high end */
    double stated, summed;  /* stated: the totals row's cell */
    uint64_t open_cells;    /* the column's open-ended cells ("40+"), whose high
                               end is unknown and not summed */
    incstat_totals_cause cause;
    size_t other_column;    /* INCSTAT_TOTALS_OTHER_SUM: the column summed ... */
    int other_end;          /* ... at this end (0 low, 1 best, 2 high) */
} incstat_totals_figure;

#define INCSTAT_TOTALS_MAX 7

/* A publisher's totals row checked against the loaded rows (the last one
 * when a file has several): the loader keeps what the row says in each
 * count column it reads (killed, injured, their low and high, incidents)
 * and compares it with the sum of the loaded rows above it, whatever a
 * command later filters. */
typedef struct {
    uint64_t line;          /* the totals row; 0 when none (then n is 0) */
    uint64_t rows_above;    /* loaded rows above it: the rows summed */
    size_t n;               /* figures the row states (non-empty count cells) */
    incstat_totals_figure figures[INCSTAT_TOTALS_MAX];
    size_t disagree;        /* figures whose cause is not INCSTAT_TOTALS_AGREES */
} incstat_totals_check;

/* The load report.  Owned by the loader or table it came from. */
typedef struct {
    const char *source;        /* file name used in messages */
    const char *preset;        /* "gtd", "acled", ..., or "custom" */
    int preset_detected;       /* 1 when detected from the header */
    incstat_encoding encoding; /* as configured (AUTO unless set) */
    incstat_encoding_choice encoding_choice; /* AUTO: how text not valid UTF-8 is read */
    char delimiter;
    int line_endings;          /* INCSTAT_EOL_* bits */
    int bom, sep_line, gzip;
    uint64_t bytes;
    uint64_t rows_read;        /* records after the header */
    uint64_t rows_loaded;
    uint64_t rows_skipped;
    uint64_t skipped[INCSTAT_SKIP_COUNT];
    uint64_t skipped_lines[INCSTAT_SKIP_COUNT][INCSTAT_REPORT_EXAMPLES]; /* first lines */
    uint64_t empty_lines;      /* physical empty lines (not rows) */
    uint64_t short_rows, first_short_line;   /* fewer fields than the header: loaded */
    uint64_t cp1252_cells, first_cp1252_line;/* AUTO: cells not valid UTF-8, read in
                                                encoding_choice.chosen (the name is
                                                from when that was always Windows-1252) */
    uint64_t replaced_chars, first_replaced_line; /* UTF-8: invalid bytes replaced */
    uint64_t irregular_quotes, first_irregular_line;
    uint64_t low_above_high, first_low_above_high_line; /* data warning */
    uint64_t undated, first_undated_line;    /* loaded rows with no usable date */
    uint64_t date_ambiguous;   /* AUTO date order: d/m vs m/d undecidable */
    uint64_t date_evidence_dmy, date_evidence_mdy;
    incstat_date_order date_order_used; /* order applied to ambiguous dates */
    uint64_t totals_line;      /* line of a recognised totals row, 0 if none */
    int year_min, year_max;    /* of loaded rows; 0 when none dated */
    unsigned chunks;           /* parallel chunks the data was read in; 1: one pass */
    char number_prior;         /* the decimal mark the file suggests: ',' for a ';'
                                  file (Excel in most of Europe), else '.' */
    uint64_t number_sample_rows; /* rows sampled to decide the number formats (a
                                  stream's are read ahead once); 0 when there was
                                  none: the prior decides */
    int known_gaps[8];         /* years the source is known not to cover (GTD: 1993) */
    size_t n_known_gaps;
    size_t n_columns;
    incstat_column_report *columns;
    /* recognition: every mapped field with its column and evidence, in
     * field order; how many of them were recognised (not --map); the
     * preset's score (columns of its map present / in its map) and which
     * of its fields were filled by recognition; a near tie with another
     * preset; whether rows are periods (country-years), not incidents */
    incstat_field_mapping mapping[INCSTAT_MAPPING_MAX];
    size_t n_mapping, n_recognised;
    size_t preset_matched, preset_columns;
    char preset_filled[96];       /* "year, month, day recognised by name", or "" */
    const char *preset_tie;       /* the other preset's name (static), or NULL */
    int rows_periods;             /* 1: a period table (rows = periods) */
    /* what decided the kind of rows, for people ("one row per ccode and
     * year in 111 sampled rows; no day-level date; no event id"), and the
     * columns of a table of periods' key ("ccode, year"; "" when unknown) */
    char rows_evidence[192];
    char period_key[96];
    int period_months;            /* 1: a table of periods whose rows are months */
    int period_quarters;          /* 1: ... whose rows are quarters */
    /* the columns of that key that name the entity (none for a table of one
     * series), beside the period (the date, from its year/month columns) */
    size_t entity_columns[4];
    size_t n_entity_columns;
    /* rows of a table of periods whose entity and period a row above already
     * had (skipped: INCSTAT_SKIP_REPEATED_PERIOD), with the line each of the
     * first ones repeats (beside skipped_lines) and how many of them held
     * other figures than the row they repeat */
    uint64_t repeated_first_lines[INCSTAT_REPORT_EXAMPLES];
    uint64_t repeated_differ;
    unsigned list_fields;         /* text fields (1 << incstat_text_field) whose cells
                                     may list several values ("India, Pakistan") */
    unsigned unknown;             /* INCSTAT_UNKNOWN_* bits */
    uint64_t hxl_line;            /* line of a skipped HXL hashtag row, 0 if none */
    /* what recognition could not decide, with the columns that came
     * closest and the --map line to write ("" when all is found) */
    char advice[768];
    /* category spellings: values merged by --recode or because they differ
     * only in case or spacing, and near-identical ones left apart */
    char recode_notes[4][160];
    size_t n_recode_notes;
    /* a wide table of counts by category (OWID's GTD attacks by attack
     * type): incidents is the sum of this many columns per row (each one's
     * field is "incidents"; 0 for every other file) */
    size_t incidents_sum_columns;
    /* a table of periods: the rows whose count of incidents is unknown (the
     * incidents cell, or a cell of the summed categories, missing or not a
     * number), and the first one's line; 0 for a list of incidents, whose
     * rows are one incident each */
    uint64_t incidents_unknown, first_incidents_unknown_line;
    /* a table of periods whose country column also holds "World" (any
     * case), and so the regions and countries it sums (OWID): "World"
     * (static), else NULL; a stream's rows (standard input, .gz, a
     * workbook) are searched as far as they were read ahead.
     * aggregate_only: 1 when the caller's selection took that entity's rows
     * alone (incstat_loader_note_aggregate_only), which the report says */
    const char *aggregate_entity;
    int aggregate_only;
    /* the totals row (totals_line) against the loaded rows */
    incstat_totals_check totals;
    /* what the file is: "csv", "xlsx" (static); a workbook's sheets ("1
     * \"Chart\" (chart), 2 \"Data\" (taken), ..."; "" for a CSV) and the
     * source's notes: the sheet taken and why, merged cells, a date that
     * never was */
    const char *format;
    char sheets[512];
    char source_notes[4][320];
    size_t n_source_notes;
} incstat_load_report;

/* Loader options; all-zero means the defaults. */
typedef struct {
    const char *preset;        /* NULL or "" or "auto": detect (best-scoring preset,
                                  then recognition by name and type); "none": no
                                  preset and no recognition */
    const char *const *map;    /* "field=Column" pairs (override the preset) */
    size_t n_map;
    const char *schema_path;   /* a schema file (see docs/schema.md); may be NULL */
    const char *const *keep;   /* extra columns to keep as text, by header name */
    size_t n_keep;
    incstat_date_order date_order; /* AUTO unless set (a preset may set it) */
    int date_order_set;        /* 1: date_order was given by the user */
    incstat_csv_options csv;   /* delimiter, encoding (AUTO unless set), buffers */
    int encoding_set;          /* 1: csv.encoding was given by the user */
    int strict;                /* a row with a different field count is an error */
    int infer_types;           /* type every column (inspect); slower */
    const char *name;          /* name for messages; default the path */
    /* A workbook (.xlsx): the sheet to read, by name or by its 1-based place
     * ("2"); NULL: of the worksheets that hold a value, the one whose table
     * is recognised best (the load report names it).  Ignored for a CSV. */
    const char *sheet;
    /* Canonical fields the caller will read ("killed" also brings killed_low
     * and killed_high; likewise "injured"); NULL reads every mapped field.
     * The id and the date are always read.  Fields left out stay unknown
     * (NaN, NULL) and are not parsed, which makes a yearly summary of a wide
     * file several times faster.  Unknown names: EINVAL. */
    const char *const *fields;
    size_t n_fields;
    /* Called now and then (every 8 MiB of input) with the bytes read so far
     * and the input's size (0 when unknown: standard input, .gz), for a
     * progress display; NULL for none.  In a parallel read it is called from
     * the thread reading the first chunk, with that chunk's share scaled to
     * the whole file. */
    void (*progress)(void *ctx, uint64_t bytes_done, uint64_t bytes_total);
    void *progress_ctx;
    /* incstat_load_path / incstat_load_loader: read a plain file in up to
     * this many chunks on as many threads (0 or 1: one pass on the calling
     * thread).  The table and report are the same either way: chunks are
     * cut at checked record boundaries and a file that cannot be cut safely
     * is read in one pass.  Files under parallel_min_bytes (0: 8 MiB) are
     * read in one pass. */
    unsigned threads;
    uint64_t parallel_min_bytes;
    /* "rows = periods" (1) or "incidents" (2) as a schema would; 0: decide
     * from the columns */
    int rows;
    /* "FIELD:FROM=TO": a text field's value FROM read as TO (spellings:
     * "admin1:Baluchistan=Balochistan"); FROM matches the values that are one
     * label with it as --where compares them (case and spacing ignored, see
     * filter.h); schema files add "recode" lines.
     * Errors at open: EINVAL (not FIELD:FROM=TO, or not a text field). */
    const char *const *recode;
    size_t n_recode;
    /* The decimal mark of every number column, '.' or ','; 0 decides per
     * column from its cells (the report says how).  A schema's "decimal"
     * line sets it when this is 0. */
    char decimal;
} incstat_load_options;

typedef struct incstat_loader incstat_loader;

/* Open path ("-" = stdin, ".gz" decompressed), read the header and resolve
 * the mapping.  Errors: EIO, ENOMEM, EEMPTY (no header), EINVAL (unknown
 * preset or field), ENOCOLUMN (a mapping or --keep names a missing column;
 * the message lists the nearest header name), ESCHEMA. */
incstat_status incstat_loader_open(const char *path, const incstat_load_options *opts,
                                   incstat_loader **out, incstat_error *err);
/* The same over a reader the caller opened; the loader takes ownership of csv
 * (also on failure). */
incstat_status incstat_loader_open_csv(incstat_csv *csv, const incstat_load_options *opts,
                                       incstat_loader **out, incstat_error *err);
/* Frees the loader and its reader (the incidents and report it handed out
 * go with it); NULL is a no-op. */
void incstat_loader_free(incstat_loader *ld);

/* Next incident: INCSTAT_ROW with *inc filled (borrowed, valid until the next
 * call), INCSTAT_DONE, or an error (EPARSE with line and column, EIO, ENOMEM). */
incstat_status incstat_loader_next(incstat_loader *ld, const incstat_incident **inc,
                                   incstat_error *err);

/* Report so far (complete after DONE).  Borrowed from the loader. */
const incstat_load_report *incstat_loader_report(const incstat_loader *ld);

/* Record in the loader's report that the caller counts the rows of its
 * aggregate_entity alone (incstat_filter_default_aggregate added the
 * condition), so the load report says so.  No-op when the report names no
 * aggregate entity or ld is NULL. */
void incstat_loader_note_aggregate_only(incstat_loader *ld);

/* Names of the kept columns, in order (borrowed). */
size_t incstat_loader_kept(const incstat_loader *ld, const char *const **names);

/* Read the rest of the input for its report alone (what inspect does),
 * with up to threads threads on a plain file of at least min_bytes (0: 8 MiB;
 * see incstat_summary_options threads; same report either way).  Errors: as
 * incstat_loader_next. */
incstat_status incstat_loader_drain(incstat_loader *ld, unsigned threads, uint64_t min_bytes,
                                    incstat_error *err);

/* Load a whole file into a table.  On success *out owns the table, whose
 * report is incstat_table_report().  Errors as above. */
incstat_status incstat_load_path(const char *path, const incstat_load_options *opts,
                                 incstat_table **out, incstat_error *err);

/* Load from an open loader (consumes it; frees it in all cases). */
incstat_status incstat_load_loader(incstat_loader *ld, incstat_table **out, incstat_error *err);

/* The report of the load that built the table (NULL for hand-built tables). */
const incstat_load_report *incstat_table_report(const incstat_table *t);

/* How incstat_load_report_write lays the report out. */
typedef enum {
    INCSTAT_LOAD_REPORT_SHORT = 0, /* what a command prints after loading: one line of
                                      rows read, loaded and skipped with the preset,
                                      then one indented line per kind of problem */
    INCSTAT_LOAD_REPORT_FULL,      /* incstat inspect's table: the file, the mapping
                                      with its evidence, every column, the number
                                      formats, then the short report */
    INCSTAT_LOAD_REPORT_JSON       /* incstat inspect --format json: one object */
} incstat_load_report_style;

/* Write the load report r (from incstat_loader_report, incstat_table_report
 * or incstat_records_report) to out in the given style; r is only read, out
 * stays the caller's (not closed, not flushed).  The library prints nothing
 * itself: this is how a program shows the report.  Returns INCSTAT_OK;
 * EINVAL (r or out NULL, an unknown style), EIO (out has its error flag set
 * after writing). */
incstat_status incstat_load_report_write(const incstat_load_report *r,
                                         incstat_load_report_style style, FILE *out,
                                         incstat_error *err);

/* A year,population table (CSV with a header naming the columns year and
 * population, any case, any order, other columns ignored) at path, read into
 * the exposures of n periods: exposure[i] gets the population of the year
 * (int)x[i] (x in years, so months and quarters take their year's), NaN
 * when the table has none.  Rows whose year is not a number are skipped.
 * Errors: EINVAL (NULL pointers with n > 0; a population that is not a
 * positive number: line and column set, message "PATH:LINE: column C: ..."),
 * ENOCOLUMN (no year or population column), and those of opening and reading
 * the CSV (EIO, EPARSE, ENOMEM). */
incstat_status incstat_population_read(const char *path, const double *x, size_t n,
                                       double *exposure, incstat_error *err);

/* Presets: count, and the name and one-line description of each (static
 * text; NULL when i >= incstat_preset_count()). */
size_t incstat_preset_count(void);
const char *incstat_preset_name(size_t i);
const char *incstat_preset_description(size_t i);

/* The schema file (the --schema format) incstat would use for the file
 * the loader opened: its preset, rows and every mapped field, each line
 * commented with its evidence, into buf (NUL-terminated, truncated to cap).
 * Returns the length it needed. */
size_t incstat_loader_schema_text(const incstat_loader *ld, char *buf, size_t cap);

/* The same schema text written whole to out (the caller's stream, not
 * closed).  Errors: EINVAL (NULL), ENOMEM, EIO (write failed). */
incstat_status incstat_loader_schema_write(const incstat_loader *ld, FILE *out,
                                           incstat_error *err);

/* What a name given for a text field (--by, --where) means in the input r
 * describes: a canonical text field (any case) stands for itself, and so
 * does a kept column (kept names the n_kept of them: incstat_loader_kept);
 * the name of a column the loader reads into a text field stands for that
 * field ("Province" gives "admin1").  On success *out is the name to group
 * or select by (static, or name itself); with r NULL, name itself.  what
 * names the option in messages ("--by").
 * Errors: ENOCOLUMN, the message saying what the name is instead: a
 * column read as a number or date field, a column not read (--keep keeps
 * it), a field that is not text, or nothing of the file (with the nearest
 * field or column); EINVAL (name, out or what NULL). */
incstat_status incstat_load_report_text_name(const incstat_load_report *r,
                                             const char *const *kept, size_t n_kept,
                                             const char *what, const char *name,
                                             const char **out, incstat_error *err);

/* What one row of the input r describes is, for messages about n of them:
 * "incident(s)"; in a table of periods "country-year(s)" or
 * "country-month(s)" (one row per country and period), "year(s)" or
 * "month(s)" (one series), else "row(s)".  Static. */
const char *incstat_load_report_rows_noun(const incstat_load_report *r, uint64_t n);

/* Canonical fields a mapping may name: "id", "date", "year", "month", "day",
 * "killed", "killed_low", "killed_high", "injured", "injured_low",
 * "injured_high", "country", "admin1", "admin2", "city", "location",
 * "latitude", "longitude", "perpetrator", "target", "type", "incidents" (a
 * count of incidents per row, for tables of periods): the count, and each
 * name (static; NULL when i is out of range). */
size_t incstat_map_field_count(void);
const char *incstat_map_field_name(size_t i);

#ifdef __cplusplus
}
#endif
#endif
