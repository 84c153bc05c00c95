#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/cli/options.py BIN: the options agree everywhere they are written.

The option tables in src/cli (what `BIN help --options CMD` lists) are the
truth; against them, in both directions:
  1. each command's --help names every option the command takes and no other;
  2. the man page (docs/incstat.1): each command's section names its own and
     selection options and no option it does not take; SELECTION OPTIONS and
     LOAD OPTIONS describe exactly the shared options; every option named
     anywhere in it exists, and its EXAMPLES run only options their command
     takes;
  3. the bash completion (docs/incstat.bash, run in bash): `incstat CMD -<TAB>`
     offers exactly the command's options (also after load options given
     before the command), and every value it offers for an option is one the
     command takes;
  4. every --option used after `incstat CMD` (or build/incstat, $(BIN)) in
     README.md, docs/*.md and the Makefile exists for that command, and only
     load options come before the command.  These files are read as they are
     when the test runs.
Prints each disagreement and one closing line "options: N passed, N failed".
"""
import glob
import os
import re
import shlex
import subprocess
import sys

BIN = os.path.abspath(sys.argv[1])
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LONG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
passed = 0
failed = []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)
        print("FAIL " + what)


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True)


# ---- the truth: the tables ------------------------------------------------
usage = run("--help").stdout
COMMANDS = [c for c in re.findall(r"^  ([a-z]+) ", usage.split("Commands:")[1], re.M) if c != "help"]
check(len(COMMANDS) >= 10, "incstat --help lists the commands (%s)" % COMMANDS)
OPTS = {}  # command -> {name: (placeholder, group)}
for c in COMMANDS:
    d = {}
    for line in run("help", "--options", c).stdout.splitlines():
        name, arg, group = line.split("\t")
        d[name] = (arg, group)
    OPTS[c] = d
LOAD = {n for c in COMMANDS for n, (a, g) in OPTS[c].items() if g == "load" and n.startswith("--")}
SELECT = {n for c in COMMANDS for n, (a, g) in OPTS[c].items() if g == "select"}
EVERY = {n for c in COMMANDS for n in OPTS[c]} | {"--version"}


def longs(c, groups=("own", "select", "load")):
    return {n for n, (a, g) in OPTS[c].items() if n.startswith("--") and g in groups}


# ---- 1. --help -------------------------------------------------------------
for c in COMMANDS:
    text = run(c, "--help").stdout
    said = set(LONG.findall(text))
    check(not (said - set(OPTS[c])), "%s --help names options it does not take: %s"
          % (c, sorted(said - set(OPTS[c]))))
    check(not (longs(c) - said), "%s --help leaves out %s" % (c, sorted(longs(c) - said)))

# ---- 2. the man page ------------------------------------------------------------
man = open("docs/incstat.1", encoding="utf-8").read()
man = re.sub(r'^\.\\".*\n', "", man, flags=re.M)  # comments
plain = re.sub(r"\\f[BIRP]|\\&|\\e", "", man).replace("\\-", "-")
sections = re.split(r"^\.SH ", plain, flags=re.M)
sh = {s.split("\n", 1)[0].strip().strip('"'): s for s in sections[1:]}
for name in ("COMMANDS", "SELECTION OPTIONS", "LOAD OPTIONS", "EXAMPLES"):
    check(name in sh, "the man page has a section %s" % name)
sub = {}
for part in re.split(r"^\.SS ", sh.get("COMMANDS", ""), flags=re.M)[1:]:
    sub[part.split("\n", 1)[0].strip()] = part
for c in COMMANDS:
    part = sub.get(c)
    check(part is not None, "the man page has a section for %s" % c)
    if part is None:
        continue
    said = set(LONG.findall(part))
    check(not (said - set(OPTS[c])), "man page, %s: names options it does not take: %s"
          % (c, sorted(said - set(OPTS[c]))))
    want = longs(c, ("own", "select"))
    check(not (want - said), "man page, %s: leaves out %s" % (c, sorted(want - said)))
    if LOAD & set(OPTS[c]):
        check("load options" in part, "man page, %s: says it takes the load options" % c)


def entries(section):
    """The options a section describes: the first word after each .TP."""
    return set(re.findall(r"^\.TP\n\.BI? (?:-\S+(?: \", \" |, ))?(--[a-z0-9-]+)", section, re.M))


check(entries(sh.get("SELECTION OPTIONS", "")) == SELECT,
      "man page: SELECTION OPTIONS describes %s, the tables %s"
      % (sorted(entries(sh.get("SELECTION OPTIONS", ""))), sorted(SELECT)))
check(entries(sh.get("LOAD OPTIONS", "")) == LOAD,
      "man page: LOAD OPTIONS describes %s, the tables %s"
      % (sorted(entries(sh.get("LOAD OPTIONS", ""))), sorted(LOAD)))
unknown = set(LONG.findall(plain)) - EVERY
check(not unknown, "man page names options no command takes: %s" % sorted(unknown))

# ---- 3. the completion ---------------------------------------------------------


def complete(*words):
    """What docs/incstat.bash offers for the last of words."""
    script = ('source docs/incstat.bash; COMP_WORDS=(%s); COMP_CWORD=%d; _incstat; '
              'printf "%%s\\n" "${COMPREPLY[@]}"' % (" ".join(shlex.quote(w) for w in words),
                                                   len(words) - 1))
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True).stdout
    return set(out.split())


for c in COMMANDS:
    lead = ["incstat", c] + (["bar"] if c == "chart" else [])
    got = complete(*lead, "-")
    check(got == set(OPTS[c]), "completion of 'incstat %s -': %s extra, %s missing"
          % (c, sorted(got - set(OPTS[c])), sorted(set(OPTS[c]) - got)))
    got = complete("incstat", "--quiet", "--threads", "2", *lead[1:], "-")
    check(got == set(OPTS[c]), "completion after load options before %s" % c)
    # every value offered is one the command takes (checked up to --help)
    for name, (arg, group) in OPTS[c].items():
        if not arg:
            continue
        offered = complete(*lead, name, "")
        if arg.count("|") and arg == arg.lower():  # a choice: offered exactly
            check(offered == set(arg.split("|")), "completion of %s %s: %s, the table %s"
                  % (c, name, sorted(offered), arg))
        for w in sorted(offered):
            if os.path.exists(w):
                continue  # a file name
            r = run(*lead[1:], name, w, "--help")
            check(r.returncode == 0, "incstat %s %s %s: the completion offers it, the command "
                  "refuses it: %s" % (c, name, w, r.stderr.strip()))
check(complete("incstat", "") >= set(COMMANDS) | LOAD, "completion of the command name")

# ---- 4. the docs ------------------------------------------------------------


def command_texts(path):
    """(line number, text) of each piece of a file that may hold a command."""
    lines = open(path, encoding="utf-8").read().split("\n")
    if path == "Makefile":
        for i, l in enumerate(lines):
            l = l.replace("$(BIN)", "incstat")
            while l.endswith("\\") and i + 1 < len(lines):
                i += 1
                l = l[:-1] + " " + lines[i].replace("$(BIN)", "incstat")
            yield i + 1, l
        return
    fence = None
    para, para_start = [], 0
    for i, l in enumerate(lines + [""]):
        m = re.match(r"\s*(```|~~~)", l)
        if fence:
            if m and m.group(1) == fence:
                fence = None
                continue
            yield i + 1, l
            continue
        if m:
            fence = m.group(1)
            continue
        if re.match(r"\s{4,}\$ ", l) or re.match(r"\s*\$ ", l):
            yield i + 1, l.split("$ ", 1)[1]
        if l.strip():
            if not para:
                para_start = i + 1
            para.append(l)
            continue
        for span in re.findall(r"`([^`]+)`", " ".join(para)):
            yield para_start, span
        para = []


def join_continued(pieces):
    pieces = list(pieces)
    k = 0
    while k < len(pieces):
        n, t = pieces[k]
        while t.rstrip().endswith("\\") and k + 1 < len(pieces):
            k += 1
            t = t.rstrip()[:-1] + " " + pieces[k][1]
        yield n, t
        k += 1


STOP = {"|", "||", ";", "&&", "&", ">", ">>", "<", "2>", ">&", "2>&1", "(", ")"}


def tokens(text):
    try:
        lex = shlex.shlex(text, posix=True, punctuation_chars=";&|<>()")
        lex.whitespace_split = True
        return list(lex)
    except ValueError:
        return text.split()


docs_checked = 0


def check_command(where, toks, k):
    """toks[k] is incstat: the options of the command after it."""
    global docs_checked
    j = k + 1
    while j < len(toks) and toks[j].startswith("-") and toks[j] not in ("-", "--help", "-h",
                                                                         "--version"):
        name = toks[j].split("=")[0]
        found = [OPTS[c][name] for c in COMMANDS if name in OPTS[c] and OPTS[c][name][1] == "load"]
        check(bool(found), "%s: '%s' before the command is not a load option" % (where, name))
        if found:
            j += 2 if found[0][0] and "=" not in toks[j] else 1
        else:  # skip what looks like its value, to check the command after it
            j += 1
            j += j < len(toks) and toks[j] not in OPTS and not toks[j].startswith("-")
    if j >= len(toks) or toks[j] not in OPTS:
        return
    c = toks[j]
    docs_checked += 1
    for t in toks[j + 1:]:
        if t in STOP or t.endswith("incstat"):
            break
        if t.startswith("-") and t != "-":
            name = t.split("=")[0]
            check(name in OPTS[c] or name in ("--help", "-h"),
                  "%s: incstat %s does not take %s" % (where, c, name))


doc_files = ["README.md"] + sorted(glob.glob("docs/*.md")) + ["Makefile"]
for path in doc_files:
    if not os.path.exists(path):
        continue
    for n, text in join_continued(command_texts(path)):
        toks = tokens(text)
        for k, t in enumerate(toks):
            if t == "incstat" or t.endswith("/incstat"):
                check_command("%s:%d" % (path, n), toks, k)
check(docs_checked > 20, "the docs hold commands to check (%d found)" % docs_checked)
# the man page's examples, read the same way
for line in sh.get("EXAMPLES", "").split("\n"):
    toks = tokens(line)
    for k, t in enumerate(toks):
        if t == "incstat":
            check_command("docs/incstat.1 EXAMPLES", toks, k)

print("options: %d passed, %d failed" % (passed, len(failed)))
sys.exit(1 if failed else 0)
