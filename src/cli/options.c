/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/options.c: the shared option tables (load and selection), and what
 * is made from any command's table: the lookup the parser uses, --help, the
 * list incstat help --options prints, the man page's option sections and
 * the bash completion. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

const cli_option CLI_LOAD_TABLE[] = {
    {CLI_ID_PRESET, "--preset", NULL, "NAME",
     "gtd, acled, ucdp-ged, pbc-suicide, pbc-drone, ucdp-cy, ucdp-brd, owid, or none for no "
     "preset and no recognition",
     "detect", "gtd acled ucdp-ged pbc-suicide pbc-drone ucdp-cy ucdp-brd owid none",
     "Detection takes the preset whose columns the header has most of, then recognises every "
     "other field from column names and the cells of the first rows.", 0},
    {CLI_ID_MAP, "--map", NULL, "FIELD=COLUMN",
     "read COLUMN as FIELD (repeatable); FIELD= leaves a field unmapped, COLUMN may be A+B to "
     "sum columns",
     NULL, NULL,
     "FIELD is one of id, date, year, month, day, killed, killed_low, killed_high, injured, "
     "injured_low, injured_high, country, admin1, admin2, city, location, latitude, longitude, "
     "perpetrator, target, type, incidents (a count per row, for tables of periods).",
     CLI_REPEAT},
    {CLI_ID_SCHEMA, "--schema", NULL, "FILE",
     "mapping and parse hints from a schema file (incstat schema writes one)", NULL, NULL,
     "A schema file holds KEY = VALUE lines.", CLI_FILE},
    {CLI_ID_KEEP, "--keep", NULL, "COLUMN",
     "keep another column as text, to group or select by it (repeatable)", NULL, NULL, NULL,
     CLI_REPEAT},
    {CLI_ID_RECODE, "--recode", NULL, "FIELD:FROM=TO",
     "read a text field's value FROM as TO, e.g. admin1:Baluchistan=Balochistan (repeatable); "
     "FIELD may be the column the field is read from",
     NULL, NULL, NULL, CLI_REPEAT},
    {CLI_ID_ENCODING, "--encoding", NULL, "NAME",
     "utf-8, windows-1252, iso-8859-1, mac-roman or auto",
     "auto: UTF-8, and cells that are not UTF-8 in the single-byte encoding their text reads "
     "best in", "utf-8 windows-1252 iso-8859-1 mac-roman auto",
     "The single-byte encoding is chosen once from the first MiB by how plausibly the text "
     "reads (an apostrophe in \"Army's\", accented letters inside words, no control codes or "
     "rare signs inside words); the preset's encoding breaks ties and decides from standard "
     "input.  The load report counts those cells and gives the choice.", 0},
    {CLI_ID_DELIMITER, "--delimiter", NULL, "C", "the field delimiter: , ; | or tab", "detected",
     NULL, NULL, 0},
    {CLI_ID_DATE_ORDER, "--date-order", NULL, NULL, "the order of dates like 6/7/2004",
     "decided from the unambiguous dates", "dmy mdy ymd", NULL, CLI_CHOICE},
    {CLI_ID_DECIMAL, "--decimal", NULL, "MARK",
     "the decimal mark of every number column, . or ,",
     "decided per column from its values, else from the file", ". ,",
     "A column is decided from its first 2,000 values; when they only hold values like 1.600, "
     "a ; file is read with a decimal comma and any other with a point, and the load report "
     "says so.", 0},
    {CLI_ID_STRICT, "--strict", NULL, NULL,
     "a row with a different number of fields than the header is an error", NULL, NULL, NULL, 0},
    {CLI_ID_THREADS, "--threads", NULL, "N",
     "read a large plain file with N threads, 1 to 64; the result is the same as one pass",
     "the number of cores", NULL, NULL, 0},
    {CLI_ID_QUIET, "--quiet", "-q", NULL, "no load report on standard error", NULL, NULL, NULL, 0},
    {CLI_ID_SHEET, "--sheet", NULL, "NAME|N",
     "a workbook's sheet, by its name or its place (1 for the first)",
     "the worksheet whose table is recognised best", NULL,
     "Chart sheets and sheets without a value are skipped; inspect lists the sheets.", 0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

const cli_option CLI_SELECT_TABLE[] = {
    {CLI_ID_BY, "--by", NULL, "KEY",
     "year, month, quarter, a text field (admin1, perpetrator, type, ...) or a column kept "
     "with --keep, or the column a field is read from; twice for a long table",
     "year", "year month quarter country admin1 admin2 city location perpetrator target type",
     NULL, CLI_REPEAT},
    {CLI_ID_WHERE, "--where", NULL, "FIELD=VALUE",
     "keep the rows whose FIELD is VALUE (repeatable: values of one field are ORed, fields "
     "ANDed); FIELD=~TEXT matches a substring; FIELD may be the column the field is read from",
     NULL, NULL,
     "The value is compared as a summary merges spellings: case ignored, blanks collapsed and "
     "trimmed (admin1=FATA matches Fata); in a field that lists several values (UCDP's "
     "location_inc, \"India, Pakistan\") it matches one of them.  When nothing matches, the "
     "message names the values of the field closest to VALUE.  In a table of periods whose "
     "country column also holds World (OWID: World, regions and countries side by side), no "
     "--where on country means country=World, and the load report says so.",
     CLI_REPEAT},
    {CLI_ID_FROM, "--from", NULL, "DATE",
     "from DATE on: a year (2007), a month (2007-03) or a day (2007-03-15)", NULL, NULL, NULL, 0},
    {CLI_ID_TO, "--to", NULL, "DATE", "up to DATE, inclusive, written as for --from", NULL, NULL,
     NULL, 0},
    {CLI_ID_ESTIMATE, "--estimate", NULL, NULL, "which estimate fills killed and injured", "best",
     "low best high", NULL, CLI_CHOICE},
    {CLI_ID_GAP, "--gap", NULL, "YEAR",
     "a year the source does not cover: shown as missing, never 0 (repeatable)", NULL, NULL, NULL,
     CLI_REPEAT},
    {CLI_ID_AS_OF, "--as-of", NULL, "DATE",
     "the source is complete to DATE (2025-04-20, 2025-04, 2025): the period holding it is "
     "partial, earlier ones whole; without it the last period is partial when the data stop "
     "before its end by more than the usual gap between incidents (the 90th percentile of the "
     "gaps between their dates)",
     NULL, NULL,
     "The gaps are in months when most dates are known only to the month; with fewer than ten "
     "gaps, a period is partial when the data stop before its last month, or a month's 15th; "
     "dates known only to the year never make a period partial.  A partial period is not "
     "ranked and not compared with whole ones: its change, rank and deadliest-since are empty, "
     "the headline sets it against the same span of the year before, trend fits leave it out, "
     "and charts mark it (a hatched bar, an open circle not joined to the line) with the same "
     "span of the period before.  A date before the latest incident counted is an error.",
     0},
    {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}};

static const cli_option HELP_OPTION = {0, "--help", "-h", NULL, "this help", NULL, NULL, NULL, 0};

/* ---- lookup ------------------------------------------------------------- */

static int named(const cli_option *o, const char *name, size_t len)
{
    return (strlen(o->name) == len && strncmp(o->name, name, len) == 0) ||
           (o->alias && strlen(o->alias) == len && strncmp(o->alias, name, len) == 0);
}

/* The entry of the shared table t with this id, or NULL. */
static const cli_option *by_id(const cli_option *t, int id)
{
    for (; t->name; t++)
        if (t->id == id)
            return t;
    return NULL;
}

const cli_option *cli_shared(int id)
{
    const cli_option *o = by_id(CLI_SELECT_TABLE, id);
    return o ? o : by_id(CLI_LOAD_TABLE, id);
}

/* Whether c's own table has an entry standing for shared id. */
static int own_has(const cli_command *c, int id)
{
    for (const cli_option *o = c->own; o && o->name; o++)
        if (o->id == id)
            return 1;
    return 0;
}

/* The shared selection options c takes, not counting those its own table
 * stands for. */
static int takes_select(const cli_command *c, const cli_option *s)
{
    return (c->select & CLI_SEL(s->id)) && !own_has(c, s->id);
}

const cli_option *cli_find(const cli_command *c, const char *name, size_t len)
{
    for (const cli_option *o = c->own; o && o->name; o++)
        if (named(o, name, len))
            return o;
    for (const cli_option *o = CLI_SELECT_TABLE; o->name; o++)
        if (takes_select(c, o) && named(o, name, len))
            return o;
    for (const cli_option *o = CLI_LOAD_TABLE; c->load && o->name; o++)
        if (named(o, name, len))
            return o;
    if (named(&HELP_OPTION, name, len))
        return &HELP_OPTION;
    return NULL;
}

/* Every option c takes, in the order --help gives them: its own, the
 * selection options, the load options, --help.  Returns how many (at most
 * cap) went into out. */
static size_t all_options(const cli_command *c, const cli_option **out, size_t cap)
{
    size_t n = 0;
    for (const cli_option *o = c->own; o && o->name && n < cap; o++)
        if (!(o->flags & CLI_REFUSED))
            out[n++] = o;
    for (const cli_option *o = CLI_SELECT_TABLE; o->name && n < cap; o++)
        if (takes_select(c, o))
            out[n++] = o;
    for (const cli_option *o = CLI_LOAD_TABLE; c->load && o->name && n < cap; o++)
        out[n++] = o;
    if (n < cap)
        out[n++] = &HELP_OPTION;
    return n;
}

const char *cli_arg_of(const cli_option *o)
{
    static char joined[160];
    if (o->arg || !(o->flags & CLI_CHOICE))
        return o->arg;
    /* the words joined by | (one table at a time: the callers print it at once) */
    size_t k = 0;
    for (const char *p = o->words; *p && k + 1 < sizeof joined; p++)
        joined[k++] = *p == ' ' ? '|' : *p;
    joined[k] = '\0';
    return joined;
}

int cli_pick(const char *cmd, const cli_option *o, const char *v)
{
    char w[64];
    int n = 0;
    for (const char *p = o->words; *p; n++) {
        size_t len = strcspn(p, " ");
        if (len < sizeof w) {
            memcpy(w, p, len);
            w[len] = '\0';
            if (strcasecmp(v, w) == 0)
                return n;
        }
        p += len;
        p += strspn(p, " ");
    }
    if (!cmd)
        return -1;
    fprintf(stderr, "incstat %s: %s is ", cmd, o->name);
    int k = 0;
    for (const char *p = o->words; *p; k++) {
        size_t len = strcspn(p, " ");
        fprintf(stderr, "%s%.*s", k == 0 ? "" : k + 1 == n ? " or " : ", ", (int)len, p);
        p += len;
        p += strspn(p, " ");
    }
    fprintf(stderr, ", not '%s'\nTry 'incstat %s --help'.\n", v, cmd);
    return -1;
}

/* ---- --help ------------------------------------------------------------- */

enum { HELP_WIDTH = 80, HELP_COLUMN = 24 };

/* text to out, wrapped at HELP_WIDTH: the words go on from column *col,
 * a space between two on one line, a wrapped line starting at column
 * indent. */
static void wrap(FILE *out, const char *text, int *col, int indent)
{
    for (const char *p = text + strspn(text, " "); *p;) {
        size_t len = strcspn(p, " ");
        if (*col > indent && *col + 1 + (int)len > HELP_WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            *col = indent;
        } else if (*col > indent) {
            fputc(' ', out);
            (*col)++;
        }
        fwrite(p, 1, len, out);
        *col += (int)len;
        p += len;
        p += strspn(p, " ");
    }
}

/* Paragraphs: each line of text wrapped from column 0 (an empty line
 * stays empty, one that starts with a space is printed as it is). */
static void paragraph(FILE *out, const char *text)
{
    char line[1024];
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        int col = 0;
        if (line[0] == ' ')
            fputs(line, out); /* set out by hand: a list */
        else
            wrap(out, line, &col, 0);
        fputc('\n', out);
        p += len;
        if (*p == '\n')
            p++;
    }
}

static void help_entry(FILE *out, const cli_option *o)
{
    char head[256];
    const char *arg = cli_arg_of(o);
    snprintf(head, sizeof head, "  %s%s%s%s%s", o->alias ? o->alias : "", o->alias ? ", " : "",
             o->name, arg ? " " : "", arg ? arg : "");
    fputs(head, out);
    int col = (int)strlen(head);
    if (col + 2 > HELP_COLUMN)
        fprintf(out, "\n%*s", HELP_COLUMN, "");
    else
        fprintf(out, "%*s", HELP_COLUMN - col, "");
    col = HELP_COLUMN;
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s%s", o->help, o->dflt ? " (default " : "",
             o->dflt ? o->dflt : "", o->dflt ? ")" : "");
    wrap(out, text, &col, HELP_COLUMN);
    fputc('\n', out);
}

/* "Heading: --a A, --b, --c C" wrapped, for shared options listed by name. */
static void help_brief(FILE *out, const char *heading, const cli_option *const *opts, size_t n)
{
    if (!n)
        return;
    int col = 0;
    wrap(out, heading, &col, 2);
    for (size_t i = 0; i < n; i++) {
        char item[256];
        const char *arg = cli_arg_of(opts[i]);
        snprintf(item, sizeof item, "%s%s%s%s", opts[i]->name, arg ? " " : "", arg ? arg : "",
                 i + 1 < n ? "," : ".");
        /* keep "--name ARG" together on one line */
        if (col + 1 + (int)strlen(item) > HELP_WIDTH) {
            fprintf(out, "\n  ");
            col = 2;
        } else {
            fputc(' ', out);
            col++;
        }
        fputs(item, out);
        col += (int)strlen(item);
    }
    fputc('\n', out);
}

void cli_help(const cli_command *c, FILE *out)
{
    fprintf(out, "Usage: incstat %s %s\n\n", c->name, c->synopsis);
    paragraph(out, c->about);
    const cli_option *brief_sel[16], *brief_load[16];
    size_t nsel = 0, nload = 0;
    int any_own = 0;
    for (const cli_option *o = c->own; o && o->name; o++)
        any_own |= !(o->flags & CLI_REFUSED);
    if (any_own) {
        fprintf(out, "\nOptions:\n");
        for (const cli_option *o = c->own; o && o->name; o++)
            if (!(o->flags & CLI_REFUSED))
                help_entry(out, o);
    }
    if (c->full & CLI_FULL_SELECT)
        fprintf(out, "\nSelection options:\n");
    for (const cli_option *o = CLI_SELECT_TABLE; o->name; o++) {
        if (!takes_select(c, o))
            continue;
        if (c->full & CLI_FULL_SELECT)
            help_entry(out, o);
        else
            brief_sel[nsel++] = o;
    }
    if (c->load && (c->full & CLI_FULL_LOAD)) {
        fprintf(out, "\nLoad options (they may also go before the command):\n");
        for (const cli_option *o = CLI_LOAD_TABLE; o->name; o++)
            help_entry(out, o);
    } else if (c->load) {
        for (const cli_option *o = CLI_LOAD_TABLE; o->name; o++)
            brief_load[nload++] = o;
    }
    if (nsel || nload)
        fputc('\n', out);
    help_brief(out, "Selection options (see incstat help summary):", brief_sel, nsel);
    help_brief(out, "Load options (see incstat help inspect; they may also go before the "
                    "command):", brief_load, nload);
    if (c->epilog) {
        fputc('\n', out);
        paragraph(out, c->epilog);
    }
}

/* Where an option of c comes from: "own", "select", "load" or "help". */
static const char *group_of(const cli_command *c, const cli_option *o)
{
    for (const cli_option *p = c->own; p && p->name; p++)
        if (p == o)
            return "own";
    for (const cli_option *p = CLI_SELECT_TABLE; p->name; p++)
        if (p == o)
            return "select";
    for (const cli_option *p = CLI_LOAD_TABLE; p->name; p++)
        if (p == o)
            return "load";
    return "help";
}

void cli_list_options(const cli_command *c, FILE *out)
{
    const cli_option *all[96];
    size_t n = all_options(c, all, 96);
    for (size_t i = 0; i < n; i++) {
        const char *arg = cli_arg_of(all[i]), *g = group_of(c, all[i]);
        fprintf(out, "%s\t%s\t%s\n", all[i]->name, arg ? arg : "", g);
        if (all[i]->alias)
            fprintf(out, "%s\t%s\t%s\n", all[i]->alias, arg ? arg : "", g);
    }
}

/* ---- the man page ----------------------------------------------------- */

/* Text for roff: backslashes doubled, every '-' a minus (options copy and
 * paste as typed); a line never starts with a control character. */
static void roff(FILE *out, const char *s, int capital)
{
    int line_start = 1, nofill = 0;
    for (; *s; s++) {
        /* lines set out by hand (they start with a space) are not filled */
        if (line_start && (*s == ' ') != nofill) {
            nofill = *s == ' ';
            fputs(nofill ? ".nf\n" : ".fi\n", out);
        }
        if (line_start && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        line_start = 0;
        if (*s == '\n') {
            /* an empty line between paragraphs is a new paragraph */
            fputs(s[1] == '\n' ? "\n.PP" : "", out);
            s += s[1] == '\n';
            fputc('\n', out);
            line_start = 1;
        } else if (*s == '\\') {
            fputs("\\e", out);
        } else if (*s == '-') {
            fputs("\\-", out);
        } else {
            fputc(capital ? toupper((unsigned char)*s) : *s, out);
        }
        capital = 0;
    }
    if (nofill)
        fputs("\n.fi", out);
}

static void man_entry(FILE *out, const cli_option *o)
{
    const char *arg = cli_arg_of(o);
    fputs(".TP\n", out);
    if (arg) {
        fputs(".BI ", out);
        if (o->alias) {
            roff(out, o->alias, 0);
            fputs(" \", \" ", out);
        }
        roff(out, o->name, 0);
        fputs(" \" ", out);
        roff(out, arg, 0);
        fputs("\"\n", out);
    } else {
        fputs(".B ", out);
        if (o->alias) {
            roff(out, o->alias, 0);
            fputs(", ", out);
        }
        roff(out, o->name, 0);
        fputc('\n', out);
    }
    roff(out, o->help, 1);
    if (o->dflt) {
        fputs(" (default ", out);
        roff(out, o->dflt, 0);
        fputc(')', out);
    }
    fputs(".\n", out);
    if (o->more) {
        roff(out, o->more, 0);
        fputc('\n', out);
    }
}

/* "\-\-a, \-\-b and \-\-c" */
static void man_names(FILE *out, const cli_option *const *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(i == 0 ? "" : i + 1 == n ? " and " : ", ", out);
        fputs("\\fB", out);
        roff(out, opts[i]->name, 0);
        fputs("\\fP", out);
    }
}

static void man_command(FILE *out, const cli_command *c)
{
    fprintf(out, ".SS %s\n.B incstat %s\n", c->name, c->name);
    roff(out, c->synopsis, 0);
    fputs("\n.PP\n", out);
    roff(out, c->about, 0);
    fputc('\n', out);
    for (const cli_option *o = c->own; o && o->name; o++)
        if (!(o->flags & CLI_REFUSED))
            man_entry(out, o);
    const cli_option *sel[16];
    size_t nsel = 0;
    for (const cli_option *o = CLI_SELECT_TABLE; o->name; o++)
        if (takes_select(c, o))
            sel[nsel++] = o;
    if (nsel || c->load) {
        fputs(".PP\n", out);
        if (nsel) {
            fputs("Selection options (see SELECTION OPTIONS): ", out);
            man_names(out, sel, nsel);
            fputs(c->load ? "; and the load options.\n" : ".\n", out);
        } else {
            fputs("The load options.\n", out);
        }
    }
    if (c->epilog) {
        fputs(".PP\n", out);
        roff(out, c->epilog, 0);
        fputc('\n', out);
    }
}

void cli_man(FILE *out, const cli_command *const *cmds, size_t n)
{
    fputs(".SH COMMANDS\n", out);
    for (size_t i = 0; i < n; i++)
        man_command(out, cmds[i]);
    fputs(".SS help\n.B incstat help\n.I COMMAND\n.PP\nThe command's options, as "
          "\\fBincstat\\fP \\fICOMMAND\\fP \\fB\\-\\-help\\fP prints them.\n", out);
    fputs(".SH SELECTION OPTIONS\nThese choose and group the rows; each command's section "
          "says which it takes, and they mean the same in each.\n", out);
    for (const cli_option *o = CLI_SELECT_TABLE; o->name; o++)
        man_entry(out, o);
    fputs(".SH LOAD OPTIONS\nThese mean the same in every command, and may also go before "
          "the command\n(\\fBincstat \\-\\-quiet summary\\fP \\fIFILE\\fP).\n", out);
    for (const cli_option *o = CLI_LOAD_TABLE; o->name; o++)
        man_entry(out, o);
}

/* ---- bash completion ----------------------------------------------------- */

/* The case arms completing prev's value for the options in opts (those
 * that take one): their words, a file name, or nothing (a value of the
 * user's own, all in one arm). */
static void completion_values(FILE *out, const cli_option *const *opts, size_t n,
                              const char *indent)
{
    fprintf(out, "%scase $prev in\n", indent);
    int any_free = 0;
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = opts[i];
        if (!cli_arg_of(o))
            continue;
        if (!o->words && !(o->flags & CLI_FILE)) {
            any_free = 1;
            continue;
        }
        fprintf(out, "%s    %s%s%s) ", indent, o->name, o->alias ? "|" : "", o->alias ? o->alias : "");
        if (o->words)
            fprintf(out, "COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", o->words);
        else
            fputs("COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", out);
    }
    if (any_free) {
        fprintf(out, "%s    ", indent);
        int first = 1;
        for (size_t i = 0; i < n; i++)
            if (cli_arg_of(opts[i]) && !opts[i]->words && !(opts[i]->flags & CLI_FILE)) {
                fprintf(out, "%s%s", first ? "" : "|", opts[i]->name);
                first = 0;
            }
        fputs(") return ;;\n", out);
    }
    fprintf(out, "%sesac\n", indent);
}

static int in_load(const cli_option *o)
{
    for (const cli_option *p = CLI_LOAD_TABLE; p->name; p++)
        if (p == o)
            return 1;
    return 0;
}

void cli_completion(FILE *out, const cli_command *const *cmds, size_t ncmds)
{
    fputs("# bash completion for incstat (installed as share/bash-completion/completions/incstat).\n"
          "# Generated by 'incstat help --completion' from the option tables in src/cli\n"
          "# (make docs): do not edit.\n"
          "_incstat()\n{\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    local i=1 cmd= at=0 opts\n"
          "    # the command: the first word that is not a load option or its value\n"
          "    while [ $i -lt $COMP_CWORD ]; do\n"
          "        case ${COMP_WORDS[i]} in\n            ", out);
    int first = 1;
    for (const cli_option *o = CLI_LOAD_TABLE; o->name; o++)
        if (cli_arg_of(o)) {
            fprintf(out, "%s%s", first ? "" : "|", o->name);
            first = 0;
        }
    fputs(") i=$((i+2)) ;;\n"
          "            -*) i=$((i+1)) ;;\n"
          "            *) cmd=${COMP_WORDS[i]}; at=$i; break ;;\n"
          "        esac\n    done\n"
          "    # a load option's value, the same before the command and after it\n", out);
    const cli_option *load[32];
    size_t nload = 0;
    for (const cli_option *o = CLI_LOAD_TABLE; o->name; o++)
        load[nload++] = o;
    completion_values(out, load, nload, "    ");
    fputs("    if [ -z \"$cmd\" ]; then\n", out);
    fputs("        COMPREPLY=($(compgen -W \"", out);
    for (size_t i = 0; i < ncmds; i++)
        fprintf(out, "%s ", cmds[i]->name);
    fputs("help --help --version", out);
    for (size_t i = 0; i < nload; i++)
        fprintf(out, " %s%s%s", load[i]->name, load[i]->alias ? " " : "",
                load[i]->alias ? load[i]->alias : "");
    fputs("\" -- \"$cur\"))\n        return\n    fi\n    case $cmd in\n", out);
    for (size_t i = 0; i < ncmds; i++) {
        const cli_command *c = cmds[i];
        const cli_option *all[96];
        size_t n = all_options(c, all, 96);
        fprintf(out, "        %s)\n", c->name);
        if (c->positional)
            fprintf(out, "            if [ $COMP_CWORD -eq $((at+1)) ]; then\n"
                         "                COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n"
                         "                return\n            fi\n", c->positional);
        const cli_option *own[96];
        size_t nown = 0;
        for (size_t k = 0; k < n; k++)
            if (!in_load(all[k]))
                own[nown++] = all[k];
        completion_values(out, own, nown, "            ");
        fputs("            opts=\"", out);
        for (size_t k = 0; k < n; k++)
            fprintf(out, "%s%s%s%s", k ? " " : "", all[k]->alias ? all[k]->alias : "",
                    all[k]->alias ? " " : "", all[k]->name);
        fputs("\" ;;\n", out);
    }
    fputs("        help)\n            COMPREPLY=($(compgen -W \"", out);
    for (size_t i = 0; i < ncmds; i++)
        fprintf(out, "%s%s", i ? " " : "", cmds[i]->name);
    fputs("\" -- \"$cur\"))\n            return ;;\n"
          "        *) return ;;\n    esac\n"
          "    if [[ $cur == -* ]]; then\n"
          "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
          "    else\n"
          "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          "    fi\n}\n"
          "complete -o filenames -F _incstat incstat\n", out);
}
