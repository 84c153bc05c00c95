#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the part-year fixtures (run from this directory; output is committed).

to_20_april.csv   incidents 2023 to 20 April 2025: 2024 has 341 killed, 120 of them
                  by 20 April; 2025 has 43 killed in 113 incidents (the issue's
                  example); 2023 holds three rough dates (2023-02, 2023-04, 2023).
to_2_december.csv a dense list 2014 to 2 December 2015 (its last incident, the day
                  it was published).
whole_year.csv    2015 to 29 December 2016: a whole last year.
"""
import datetime as dt
import random


def spread(rng, first, last, n, total):
    """n incidents on days drawn from [first, last], killed summing to total."""
    days = (last - first).days
    dates = sorted(first + dt.timedelta(days=rng.randint(0, days)) for _ in range(n))
    dates[0], dates[-1] = first, last
    cuts = sorted(rng.randint(0, total) for _ in range(n - 1))
    killed = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return list(zip(dates, killed))


def write(name, rows):
    with open(name, "w") as f:
        f.write("date,killed,injured\n")
        for d, k in rows:
            f.write("%s,%d,%d\n" % (d if isinstance(d, str) else d.isoformat(), k, k // 2))


rng = random.Random(20250420)
D = dt.date
rows = spread(rng, D(2023, 1, 3), D(2023, 12, 28), 110, 280)
rows += [("2023-02", 4), ("2023-04", 6), ("2023", 2)]
rows += spread(rng, D(2024, 1, 2), D(2024, 4, 20), 40, 120)
rows += spread(rng, D(2024, 4, 21), D(2024, 12, 30), 80, 221)
rows += spread(rng, D(2025, 1, 1), D(2025, 4, 20), 113, 43)
write("to_20_april.csv", rows)

rows = spread(rng, D(2014, 1, 1), D(2014, 12, 31), 200, 310)
rows += spread(rng, D(2015, 1, 2), D(2015, 12, 2), 180, 260)
write("to_2_december.csv", rows)

rows = spread(rng, D(2015, 1, 4), D(2015, 12, 30), 90, 150)
rows += spread(rng, D(2016, 1, 2), D(2016, 12, 29), 95, 170)
write("whole_year.csv", rows)
