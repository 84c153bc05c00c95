#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the starting corpus of the xlsx harness (tests/fuzz/fuzz_xlsx.c) into
# OUT/xlsx/: the small workbooks of tests/data/xlsx and tests/data/xlsx-suite
# whole (mode byte 0), and their sheets, shared strings, styles, workbook
# parts and relationships (mode bytes 1-5).  The committed corpus
# (tests/fuzz/corpus/xlsx/) was made from these by fuzzing and -merge=1.
# Usage: tests/fuzz/seed_xlsx.sh OUT
set -eu
out=${1:?usage: seed_xlsx.sh OUT}
cd "$(dirname "$0")/../.."
mkdir -p "$out/xlsx"
python3 - "$out/xlsx" <<'PY'
import glob, os, sys, zipfile
out = sys.argv[1]
n = 0
def put(mode, data):
    global n
    n += 1
    with open(os.path.join(out, "seed-%d" % n), "wb") as f:
        f.write(bytes([mode]) + data)
files = sorted(glob.glob("tests/data/xlsx/*.xlsx") + glob.glob("tests/data/xlsx-suite/**/*.xlsx", recursive=True))
for p in files:
    raw = open(p, "rb").read()
    if len(raw) <= 16384:
        put(0, raw)
    try:
        z = zipfile.ZipFile(p)
    except Exception:
        continue
    for i in z.infolist():
        name = i.filename.replace("\\", "/").lower()
        if i.file_size > 16384:
            continue
        mode = (1 if "worksheets/" in name and name.endswith(".xml") else
                2 if name.endswith("sharedstrings.xml") else
                3 if name.endswith("styles.xml") else
                4 if name.endswith("workbook.xml") else
                5 if name.endswith("workbook.xml.rels") else None)
        if mode is not None:
            try:
                put(mode, z.read(i))
            except Exception:
                pass
print("seeded %d inputs under %s" % (n, out))
PY
