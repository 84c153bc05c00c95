/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/api/options.h: one table of options per command, the single source of
 * what a command takes: the command line's parser and the call layer
 * (incstat_call_set) read it, --help prints it, and the man page's option
 * sections and the bash completion are generated from it (incstat help
 * --man, incstat help --completion; make docs), so none of them can
 * disagree.  The tables live in the library (src/api) so that the bindings
 * take exactly the options the command line takes; the types keep the cli_
 * names they were born with: they are the command line's vocabulary. */
#ifndef INCSTAT_API_OPTIONS_H
#define INCSTAT_API_OPTIONS_H

#include <stdio.h>

enum {
    CLI_REPEAT = 1u << 0,  /* may be given more than once */
    CLI_CHOICE = 1u << 1,  /* the value is one of words (any case) */
    CLI_TWO = 1u << 2,     /* takes two values: --compare A B */
    CLI_FILE = 1u << 3,    /* the value names a file (completion) */
    CLI_REFUSED = 1u << 4, /* not an option here: the parser says why (help holds the
                              reason); in no --help, man page or completion */
};

/* One option.  help is a phrase in the style of --help ("the series");
 * the man page starts it with a capital.  words: the values completion
 * offers (and, with CLI_CHOICE, the only ones the parser takes). */
typedef struct {
    int id;            /* shared options: CLI_ID_*; a command's own: from CLI_ID_OWN */
    const char *name;  /* "--format" */
    const char *alias; /* "-o", "-q", or NULL */
    const char *arg;   /* the value's placeholder ("KEY", "A B"); NULL: a flag; with
                          CLI_CHOICE and NULL, the words joined by | */
    const char *help;
    const char *dflt;  /* said after help as "(default DFLT)"; NULL: nothing */
    const char *words;
    const char *more;  /* further text for the man page alone, or NULL */
    unsigned flags;
} cli_option;

enum {
    CLI_ID_NONE = 0,
    /* load options (every command that reads a file) */
    CLI_ID_PRESET, CLI_ID_MAP, CLI_ID_SCHEMA, CLI_ID_KEEP, CLI_ID_RECODE, CLI_ID_ENCODING,
    CLI_ID_DELIMITER, CLI_ID_DATE_ORDER, CLI_ID_DECIMAL, CLI_ID_STRICT, CLI_ID_THREADS,
    CLI_ID_QUIET, CLI_ID_SHEET,
    /* selection options */
    CLI_ID_BY, CLI_ID_WHERE, CLI_ID_FROM, CLI_ID_TO, CLI_ID_ESTIMATE, CLI_ID_GAP, CLI_ID_AS_OF,
    CLI_ID_OWN = 100
};

/* A selection option as a bit of cli_command.select. */
#define CLI_SEL(id) (1u << ((id) - CLI_ID_BY))
#define CLI_SEL_ALL 0x7fu

enum { CLI_FULL_SELECT = 1, CLI_FULL_LOAD = 2 };

typedef struct {
    const char *name;       /* "summary" */
    const char *synopsis;   /* "[OPTIONS] FILE" */
    const char *summary;    /* one line for incstat --help */
    const char *about;      /* what it does: --help and the man page */
    const cli_option *own;  /* its own options, up to an entry whose name is NULL */
    unsigned select;        /* the shared selection options it takes (CLI_SEL bits);
                               an own option with a selection id stands for it */
    int load;               /* 1: it takes the load options */
    unsigned full;          /* CLI_FULL_*: the shared options described in full in
                               its --help (else listed by name) */
    const char *positional; /* completion words for the first operand (chart
                               kinds), or NULL: a file */
    const char *epilog;     /* text after the options, or NULL */
} cli_command;


extern const cli_option CLI_LOAD_TABLE[];
extern const cli_option CLI_SELECT_TABLE[];
/* --help, which every command takes (the command line answers it) */
extern const cli_option CLI_HELP_OPTION;

/* The option of c named name ("--format", "-o"; the part before any '='),
 * or NULL.  Refused entries are found too. */
const cli_option *cli_find(const cli_command *c, const char *name, size_t len);

/* The shared (load or selection) option with this id; NULL if none. */
const cli_option *cli_shared(int id);

/* Whether o takes a value (1) or is a flag (0). */
int cli_takes_value(const cli_option *o);

/* The index of v among o's words (any case), or -1; with msg not NULL,
 * -1 also writes "OPT is a, b or c, not 'v'" into msg[cap]. */
int cli_pick_word(const cli_option *o, const char *v, char *msg, size_t cap);

/* Whether c takes the shared selection option s (its own table may stand
 * for it instead). */
int cli_takes_select(const cli_command *c, const cli_option *s);

#endif
