/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/cli/options.c: what is made from any command's option table (the
 * tables are the library's: src/api/options.c and each call_COMMAND.c):
 * --help, the list incstat help --options prints, the man page's option
 * sections and the bash completion. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

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
        if (cli_takes_select(c, o))
            out[n++] = o;
    for (const cli_option *o = CLI_LOAD_TABLE; c->load && o->name && n < cap; o++)
        out[n++] = o;
    if (n < cap)
        out[n++] = &CLI_HELP_OPTION;
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
    char msg[512];
    int k = cli_pick_word(o, v, cmd ? msg : NULL, sizeof msg);
    if (k < 0 && cmd)
        cli_usage_error(cmd, "%s", msg);
    return k;
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
        if (!cli_takes_select(c, o))
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
        if (cli_takes_select(c, o))
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
    const cli_option *load[32] = {NULL};
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
