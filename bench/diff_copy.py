#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A seeded 'next release' of a bench file for the diff benchmark.

    python3 diff_copy.py IN.csv OUT.csv [--seed 7]

Of IN's records 1% get a changed cell (fatalities + 1 or a note rewritten),
0.1% are removed and 0.1% are added (copies of a record with a new
event_id), everything else is copied as csv.writer writes it.  Prints the
counts (changed, removed, added) on standard error.
"""
import argparse
import csv
import random
import sys

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dst")
ap.add_argument("--seed", type=int, default=7)
a = ap.parse_args()
rng = random.Random(a.seed)
changed = removed = added = 0
with open(a.src, newline="", encoding="utf-8") as f, open(a.dst, "w", newline="", encoding="utf-8") as g:
    r = csv.reader(f)
    w = csv.writer(g, lineterminator="\n")
    header = next(r)
    w.writerow(header)
    fat, notes, eid = header.index("fatalities"), header.index("notes"), header.index("event_id_cnty")
    for row in r:
        x = rng.random()
        if x < 0.001:
            removed += 1
            continue
        if x < 0.011:
            changed += 1
            if rng.random() < 0.5:
                row[fat] = str(int(row[fat] or 0) + 1)
            else:
                row[notes] = row[notes] + " (revised)"
        w.writerow(row)
        if rng.random() < 0.001:
            added += 1
            new = list(row)
            new[eid] = "NEW%07d" % added
            w.writerow(new)
print("changed %d removed %d added %d" % (changed, removed, added), file=sys.stderr)
