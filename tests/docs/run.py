#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Doc tests: every `$ ` example in README.md and docs/*.md runs, and prints
what the page shows.

Usage (from anywhere; paths are the repository's):
  tests/docs/run.py BIN [PAGE.md ...]         run the examples with BIN as `incstat`
  UPDATE=1 tests/docs/run.py BIN [PAGE.md ...] rewrite the shown outputs in place
  tests/docs/run.py --embed DIR [PAGE.md ...]  run only the blocks marked embed,
                                               in DIR (tests/embed.sh)

What is an example.  A fenced code block (``` or ~~~, indented or not) whose
lines start with `$ ` is a session: each `$ ` line is a command (a line
ending in a backslash continues on the next), and the lines up to the next
`$ ` line or the end of the block are what it prints, standard output and
standard error together, in the order written.  Only such blocks run; a
block of C, of a schema or of plain `make` lines does not.  An HTML comment
on the line just before the fence changes that:
  <!-- doctest: skip REASON -->  the block is not run (a benchmark record,
                                 with its date: it was measured, not re-run)
  <!-- doctest: embed -->        run by tests/embed.sh only (--embed), after
                                 `make install` into a temporary prefix
A `$ incstat ` line outside a fenced block is an error: it could not be
tested.  So is a relative link to a file that does not exist, or to an
anchor that no heading of the page it names has (GitHub's anchors).

How the output is compared.  Trailing white space on each line and blank
lines at the end are ignored.  A line `...` alone in the shown output
elides: the part before it must begin the output, the part after it end
it, and any part between two `...` lines must occur in between, in order.
A command with no output shown must exit with status 0; its output is not
compared (a chart or a report written to a file).  With output shown, the
exit status is not checked: show it with `echo $?`.

How it runs.  All the sessions of one page run in order in one bash
process (a variable or a file one block makes is there for the next), in a
fresh directory holding symbolic links to the repository's datasets/,
tests/ and bench/, and an empty plots/, so the examples' paths are those
of the repository root and nothing they write lands in the tree.  `incstat`
is BIN, through a directory put first on PATH.  Standard input is
/dev/null, LC_ALL is C.UTF-8 and TZ is UTC.  With --embed, PATH is left as
it is (the page says what to add), the variables that would point a build
or a run at the library (LD_LIBRARY_PATH, PKG_CONFIG_PATH, LIBRARY_PATH,
CPATH, C_INCLUDE_PATH) are removed, and PREFIX (from the environment) is
the one variable kept: the page tells the user to set it.

UPDATE=1 replaces each differing output with the real one.  Where the shown
output elides, the parts before the first and after the last `...` are
redrawn with as many lines as they had; a middle part that is no longer in
the output is dropped (and said).  A command that shows no output and fails
cannot be updated: it is reported.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
MARKER = re.compile(r"^\s*<!--\s*doctest:\s*(skip|embed)\b(.*?)-->\s*$")
ELIDE = "..."
BEGIN = "@@doctest-begin@@"
END = "@@doctest-end@@"
TIMEOUT = 900  # seconds for one page


class Command:
    def __init__(self, page, line, text, out_start, out_end, indent):
        self.page = page
        self.line = line            # 1-based line of the `$ `
        self.text = text            # the command, continuation lines joined by \n
        self.out_start = out_start  # 0-based index of the first output line
        self.out_end = out_end      # one past the last output line
        self.indent = indent        # the block's indentation
        self.expected = []          # shown output lines (indentation removed)


class Block:
    def __init__(self, line, mode, reason):
        self.line = line
        self.mode = mode            # "run", "skip" or "embed"
        self.reason = reason
        self.commands = []


def dedent(s, indent):
    return s[len(indent):] if s.startswith(indent) else s.lstrip()


def parse(page, lines):
    """The fenced blocks of a page with `$ ` commands, and the errors found."""
    blocks, errors = [], []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].lstrip().startswith("$ incstat "):
                errors.append("%s:%d: an example outside a fenced block (not tested)" % (page, i + 1))
            i += 1
            continue
        indent, fence = m.group(1), m.group(2)
        mode, reason = "run", ""
        if i > 0:
            mk = MARKER.match(lines[i - 1])
            if mk:
                mode, reason = mk.group(1), mk.group(2).strip()
        start = i + 1
        j = start
        close = re.compile(r"^\s*" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence))
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = [dedent(l, indent) for l in lines[start:j]]
        block = Block(i + 1, mode, reason)
        k = 0
        while k < len(body):
            if not body[k].startswith("$ "):
                if not block.commands and body[k].strip():
                    # text before the first command: not a session
                    if any(b.startswith("$ ") for b in body):
                        errors.append("%s:%d: output before the first command of the block"
                                      % (page, start + k + 1))
                    break
                k += 1
                continue
            first = k
            text = body[k][2:]
            while text.endswith("\\") and k + 1 < len(body):
                k += 1
                text += "\n" + body[k]
            k += 1
            out_start = k
            while k < len(body) and not body[k].startswith("$ "):
                k += 1
            cmd = Command(page, start + first + 1, text, start + out_start, start + k, indent)
            cmd.expected = body[out_start:k]
            block.commands.append(cmd)
        if block.commands:
            blocks.append(block)
        i = j + 1
    return blocks, errors


LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading):
    """The anchor GitHub gives a heading."""
    h = heading.strip().lower()
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def anchors(lines):
    out, seen, fence = set(), {}, None
    for l in lines:
        m = FENCE.match(l)
        if m:
            if fence is None:
                fence = m.group(2)[0]
            elif m.group(2)[0] == fence and not m.group(3).strip():
                fence = None
            continue
        if fence is None and l.startswith("#"):
            a = slug(l.lstrip("#"))
            n = seen.get(a, 0)
            seen[a] = n + 1
            out.add(a if n == 0 else "%s-%d" % (a, n))
    return out


def check_links(page, lines):
    """Relative links must reach a file, and an anchor a heading of it."""
    errors, fence = [], None
    here = os.path.dirname(os.path.join(ROOT, page))
    for n, l in enumerate(lines):
        m = FENCE.match(l)
        if m:
            if fence is None:
                fence = m.group(2)[0]
            elif m.group(2)[0] == fence and not m.group(3).strip():
                fence = None
            continue
        if fence is not None:
            continue
        for target in LINK.findall(l):
            if re.match(r"^[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            full = os.path.normpath(os.path.join(here, path)) if path else os.path.join(ROOT, page)
            if not os.path.exists(full):
                errors.append("%s:%d: link to %s: no such file" % (page, n + 1, target))
                continue
            if anchor and full.endswith(".md"):
                with open(full, encoding="utf-8") as f:
                    if anchor not in anchors(f.read().split("\n")):
                        errors.append("%s:%d: link to %s: no such heading" % (page, n + 1, target))
    return errors


def trim(lines):
    lines = [l.rstrip() for l in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def pieces(expected):
    out, cur = [], []
    for l in expected:
        if l == ELIDE:
            out.append(cur)
            cur = []
        else:
            cur.append(l)
    out.append(cur)
    return out


def matches(expected, actual):
    exp = trim(expected)
    act = trim(actual)
    ps = pieces(exp)
    if len(ps) == 1:
        return exp == act
    first, last = ps[0], ps[-1]
    if len(first) + len(last) > len(act):
        return False
    if act[:len(first)] != first or (last and act[len(act) - len(last):] != last):
        return False
    pos, stop = len(first), len(act) - len(last)
    for p in ps[1:-1]:
        found = -1
        for s in range(pos, stop - len(p) + 1):
            if act[s:s + len(p)] == p:
                found = s
                break
        if found < 0:
            return False
        pos = found + len(p)
    return True


def updated(expected, actual):
    """The shown output redrawn from the real one; a note when a middle part went."""
    exp = trim(expected)
    act = trim(actual)
    ps = pieces(exp)
    if len(ps) == 1:
        return act, None
    first, last = ps[0], ps[-1]
    if len(first) + len(last) >= len(act):
        return act, "the output is now too short to elide: shown whole"
    new = act[:len(first)]
    pos, stop = len(first), len(act) - len(last)
    note = None
    for p in ps[1:-1]:
        found = -1
        for s in range(pos, stop - len(p) + 1):
            if act[s:s + len(p)] == p:
                found = s
                break
        if found < 0:
            note = "a middle part of the shown output is no longer printed: dropped"
            continue
        new += [ELIDE] + p
        pos = found + len(p)
    new += [ELIDE] + act[stop:]
    return new, note


def script(commands):
    """One bash script running every command, each framed by markers."""
    # the markers' printf must not hide the status from an `echo $?` that follows
    out = ["__doctest_rc() { return $1; }", "__doctest_s=0"]
    for n, c in enumerate(commands):
        out.append("printf '%s %d\\n'" % (BEGIN, n))
        out.append("__doctest_rc $__doctest_s")
        out.append("{\n%s\n} 2>&1" % c.text)
        out.append("__doctest_s=$?")
        out.append("printf '\\n%s %d %%d\\n' \"$__doctest_s\"" % (END, n))
    return "\n".join(out) + "\n"


def run_page(commands, cwd, env):
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-c", script(commands)], cwd=cwd,
                          env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=TIMEOUT)
    text = proc.stdout.decode("utf-8", "replace")
    results = {}
    for n in range(len(commands)):
        b = text.find("%s %d\n" % (BEGIN, n))
        e = text.find("\n%s %d " % (END, n))
        if b < 0 or e < 0:
            results[n] = (None, [])
            continue
        body = text[b + len("%s %d\n" % (BEGIN, n)):e]
        status_line = text[e + 1:text.find("\n", e + 1)]
        status = int(status_line.split()[-1])
        results[n] = (status, body.split("\n") if body else [])
    return results


def workdir(bin_path):
    d = tempfile.mkdtemp(prefix="incstat-doctest.")
    for name in ("datasets", "tests", "bench"):
        os.symlink(os.path.join(ROOT, name), os.path.join(d, name))
    os.mkdir(os.path.join(d, "plots"))
    shim = os.path.join(d, ".bin")
    os.mkdir(shim)
    if bin_path:
        os.symlink(os.path.abspath(bin_path), os.path.join(shim, "incstat"))
    return d, shim


def main(argv):
    embed_dir = None
    args = argv[1:]
    if args and args[0] == "--embed":
        if len(args) < 2:
            print(__doc__)
            return 2
        embed_dir, args = os.path.abspath(args[1]), args[2:]
        bin_path = None
    else:
        if not args:
            print(__doc__)
            return 2
        bin_path, args = args[0], args[1:]
        if not os.access(bin_path, os.X_OK):
            print("docs: %s is not an executable" % bin_path)
            return 2
    pages = args or ["README.md"] + sorted(
        os.path.join("docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md"))
    update = os.environ.get("UPDATE") == "1"

    ran = failed = skipped = other = 0
    problems = []
    for page in pages:
        path = os.path.join(ROOT, page)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        blocks, errors = parse(page, lines)
        problems += errors
        if not embed_dir:
            problems += check_links(page, lines)
        want = "embed" if embed_dir else "run"
        commands = []
        for b in blocks:
            if b.mode == want:
                commands += b.commands
            elif b.mode == "skip":
                skipped += len(b.commands)
            else:
                other += len(b.commands)
        if not commands:
            continue
        if embed_dir:
            cwd = embed_dir
            env = {k: v for k, v in os.environ.items()
                   if k not in ("LD_LIBRARY_PATH", "PKG_CONFIG_PATH", "LIBRARY_PATH", "CPATH",
                                "C_INCLUDE_PATH")}
        else:
            cwd, shim = workdir(bin_path)
            env = dict(os.environ)
            env["PATH"] = shim + os.pathsep + env.get("PATH", "/usr/bin:/bin")
        env["LC_ALL"] = "C.UTF-8"
        env["TZ"] = "UTC"
        try:
            results = run_page(commands, cwd, env)
        finally:
            if not embed_dir:
                shutil.rmtree(cwd, ignore_errors=True)
        edits = []
        for n, c in enumerate(commands):
            ran += 1
            status, actual = results[n]
            where = "%s:%d: $ %s" % (page, c.line, c.text.split("\n")[0])
            if status is None:
                failed += 1
                problems.append("%s\n  did not finish (the page's shell stopped before it)" % where)
                continue
            if not trim(c.expected):
                if status != 0:
                    failed += 1
                    problems.append("%s\n  shows no output but exits with status %d:\n%s"
                                    % (where, status, "\n".join("  | " + l for l in actual[-20:])))
                continue
            if matches(c.expected, actual):
                continue
            if update:
                new, note = updated(c.expected, actual)
                edits.append((c, new))
                print("docs: updated %s" % where + ("; " + note if note else ""))
                continue
            failed += 1
            exp = trim(c.expected)
            act = trim(actual)
            diff = "\n".join("  - " + l for l in exp[:40]) + "\n" + \
                "\n".join("  + " + l for l in act[:40])
            problems.append("%s\n  prints other than the page shows (- shown, + printed):\n%s"
                            % (where, diff))
        if edits:
            for c, new in sorted(edits, key=lambda e: -e[0].out_start):
                lines[c.out_start:c.out_end] = [(c.indent + l) if l else "" for l in new]
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))

    for p in problems:
        print("FAIL " + p)
    others = len(problems) - failed
    what = "embed examples" if embed_dir else "examples"
    print("docs: %d %s run, %d failed; %d in blocks marked skip, %d left to %s%s"
          % (ran, what, failed, skipped, other,
             "the doc tests" if embed_dir else "tests/embed.sh",
             "; %d other problems (links, untestable examples)" % others if others else ""))
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
