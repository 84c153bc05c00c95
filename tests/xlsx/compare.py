#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/xlsx/compare.py OURS READXL KNOWN ROOT: the xlsx reader's cells against R's
readxl's, cell for cell (tests/xlsx/conformance.sh makes both files).

OURS: file, sheet, row, column, type, text (tests/xlsx/dump.c); READXL:
file, sheet, row, column, type, value (tests/xlsx/readxl_dump.R).  Cells agree
when both are text with the same text, numbers with the same double, booleans
alike, or dates (ours date or datetime, readxl's POSIXct) within a
millisecond.  Normalised, as readxl's own choices: our error cells (readxl
reads an error, and the impossible 1900-02-29, as NA) are left out.

KNOWN (tests/data/xlsx-suite/MANIFEST.md) lists the differences that remain,
each explained, as the rows of the table under its heading "Where we differ
from readxl": | file | sheet | cell | reason |, file relative to ROOT
(tests/data), cell "B3", or "*" for every cell of the sheet, or sheet "*" for
the workbook; backquotes are dropped.  A difference not
listed fails, and so does a listed one that no longer happens.
Prints one line per workbook and a closing "xlsx-suite: N passed, N failed".
"""
import math
import os
import re
import sys
from datetime import datetime, timezone


def col_letters(c):
    s = ""
    while c > 0:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def read(path, prefix):
    cells, errors = {}, {}
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for ln in f:
            p = ln.rstrip("\n").split("\t")
            name = os.path.relpath(p[0], prefix)
            if p[1] == "ERROR":
                errors[(name, "*")] = p[2]
            elif p[2] == "ERROR":
                errors[(name, p[1])] = p[3]
            elif p[2] == "NOTE":
                continue
            else:
                cells[(name, p[1], int(p[2]), int(p[3]))] = (p[4], p[5] if len(p) > 5 else "")
    return cells, errors


DATE = re.compile(r"^(-?\d{4,})-(\d\d)-(\d\d)(?: (\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?$")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def days(text):
    m = DATE.match(text)
    if not m:
        return None
    y, mo, d, h, mi, s, frac = m.groups()
    base = (datetime(int(y), int(mo), int(d), tzinfo=timezone.utc) - EPOCH).days
    secs = int(h or 0) * 3600 + int(mi or 0) * 60 + int(s or 0) + float(frac or 0)
    return base + secs / 86400


def agree(ours, theirs):
    ot, ov = ours
    tt, tv = theirs
    if ot in ("date", "datetime"):
        d = days(ov)
        return tt == "date" and d is not None and abs(d - float(tv)) * 86400 < 1.001e-3
    if ot != tt:
        return False
    if ot == "number":
        return float(ov) == float(tv)
    return ov == tv


def main():
    ours_path, theirs_path, known_path, prefix = sys.argv[1:5]
    ours, our_err = read(ours_path, prefix)
    theirs, their_err = read(theirs_path, prefix)
    known = {}
    in_table = False
    with open(known_path, encoding="utf-8") as f:
        for ln in f:
            if ln.startswith("#"):
                in_table = ln.strip().lower() == "## where we differ from readxl"
                continue
            if not in_table or not ln.startswith("|") or ln.startswith("|--") or ln.startswith("| file"):
                continue
            p = [c.strip().strip("`") for c in ln.strip().strip("|").split("|")]
            known[(p[0], p[1], p[2])] = p[3]
    used = set()
    problems = {}

    def differ(name, sheet, cell, what):
        for k in ((name, sheet, cell), (name, sheet, "*"), (name, "*", "*")):
            if k in known:
                used.add(k)
                return
        problems.setdefault(name, []).append("%s!%s: %s" % (sheet, cell, what))

    files = sorted({k[0] for k in ours} | {k[0] for k in theirs} | {k[0] for k in our_err} |
                   {k[0] for k in their_err})
    for key in sorted(set(ours) | set(theirs)):
        name, sheet, row, col = key
        cell = "%s%d" % (col_letters(col), row)
        o, t = ours.get(key), theirs.get(key)
        if o and o[0] == "error":
            o = None  # readxl reads an error as NA
        if o is None and t is None:
            continue
        if (name, sheet) in their_err or (name, "*") in their_err:
            continue  # compared as a whole below
        if o is None:
            differ(name, sheet, cell, "readxl has %s %r, we have nothing" % t)
        elif t is None:
            differ(name, sheet, cell, "we have %s %r, readxl nothing" % o)
        elif not agree(o, t):
            differ(name, sheet, cell, "we have %s %r, readxl %s %r" % (o + t))
    for key in sorted(set(our_err) | set(their_err)):
        name, sheet = key
        if key in our_err and key in their_err:
            continue  # both refuse it
        if key in our_err:
            differ(name, sheet, "*", "we fail (%s), readxl reads it" % our_err[key])
        elif any(k[0] == name and k[1] == sheet for k in ours) or sheet == "*":
            differ(name, sheet, "*", "readxl fails (%s), we read it" % their_err[key])
    passed = failed = 0
    for name in files:
        if name in problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems[name][:12]:
                print("    " + p)
            if len(problems[name]) > 12:
                print("    ... %d more" % (len(problems[name]) - 12))
        else:
            passed += 1
            print("PASS %s" % name)
    stale = [k for k in known if k not in used]
    for k in stale:
        failed += 1
        print("FAIL known difference no longer happens: %s" % "\t".join(k))
    print("xlsx-suite: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
