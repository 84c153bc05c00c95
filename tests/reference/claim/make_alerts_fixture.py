#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/data/alerts_groups.csv: one incident per row, four groups
(admin1) over 13 months, 2023-12 to 2024-12; the last 12-month baseline is
2023-12..2024-11 and the period checked is 2024-12 (the file ends on
2024-12-31, so that month is complete).  The counts are in COUNTS below and
in tests/reference/claim/alerts.R."""
import sys

COUNTS = {
    # a spike: a quiet baseline, then 12
    "Spike": [2, 3, 1, 2, 4, 2, 3, 2, 1, 3, 2, 3, 11],  # + the closing row: 12
    # noisy, overdispersed counts that stay under the NB bound
    "Noisy": [0, 5, 1, 9, 2, 0, 7, 3, 1, 8, 0, 6, 9],
    # new activity after a baseline of zeros
    "New": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4],
    # a constant baseline: Poisson bound
    "Constant": [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 8],
}
months = [(2023, 12)] + [(2024, m) for m in range(1, 13)]
out = open(sys.argv[1], "w", newline="")
out.write("date,admin1,killed\n")
for g, counts in COUNTS.items():
    for (y, m), c in zip(months, counts):
        for i in range(c):
            day = 1 + (i * 2) % 28
            out.write("%04d-%02d-%02d,%s,%d\n" % (y, m, day, g, 1 + i % 3))
out.write("2024-12-31,Spike,0\n")  # the data reach the end of December
