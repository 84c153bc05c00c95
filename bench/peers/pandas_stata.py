#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""pandas peer: read_stata of a whole .dta (every column; value labels as
categoricals and dates converted, read_stata's defaults).  Prints the rows,
the sum of the column COLUMN and the seconds read_stata took.

usage: python3 pandas_stata.py FILE.dta COLUMN
"""
import sys
import time

import pandas as pd

t0 = time.perf_counter()
df = pd.read_stata(sys.argv[1])
t = time.perf_counter() - t0
print(len(df), "%.0f" % df[sys.argv[2]].sum(), "%.3f" % t)
