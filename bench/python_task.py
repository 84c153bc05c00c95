#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""One task of bench/python.sh, in a process of its own; prints the seconds
the task took inside Python (after imports), the peak RSS in MiB, and a
checksum (rows, the sum of killed) that the script compares.

usage: python_task.py TASK IN.csv
  summary        incstat.summary(preset="acled", map=["injured=injured"])
  pandas_groupby pandas.read_csv(usecols=year, fatalities, injured) + groupby("year")
  load           incstat.load(preset="acled")
  pandas_load    pandas.read_csv(usecols=the 13 columns incstat maps, the date parsed,
                 the text columns as category)
"""
import resource
import sys
import time

task, path = sys.argv[1], sys.argv[2]
import pandas as pd  # noqa: E402  (imports are not timed)
import incstat  # noqa: E402

COLS = ["event_id_cnty", "event_date", "year", "fatalities", "injured", "country", "admin1",
        "admin2", "location", "latitude", "longitude", "actor1", "event_type"]
TEXT = ["event_id_cnty", "country", "admin1", "admin2", "location", "actor1", "event_type"]

t0 = time.perf_counter()
if task == "summary":
    s = incstat.summary(path, preset="acled", map=["injured=injured"], quiet=True)
    check = (int(s["incidents"].sum()), float(s["killed"].sum()))
elif task == "pandas_groupby":
    df = pd.read_csv(path, usecols=["year", "fatalities", "injured"])
    g = df.groupby("year").agg(events=("year", "size"), fatalities=("fatalities", "sum"),
                               injured=("injured", "sum"))
    check = (int(g["events"].sum()), float(g["fatalities"].sum()))
elif task == "load":
    df = incstat.load(path, preset="acled", quiet=True)
    check = (len(df), float(df["killed"].sum()))
elif task == "pandas_load":
    df = pd.read_csv(path, usecols=COLS, parse_dates=["event_date"],
                     dtype={c: "category" for c in TEXT})
    check = (len(df), float(df["fatalities"].sum()))
else:
    sys.exit("unknown task " + task)
secs = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("%.3f %.0f %d %.1f" % (secs, peak, check[0], check[1]))
