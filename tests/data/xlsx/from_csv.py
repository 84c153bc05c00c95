#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/data/xlsx/from_csv.py: workbooks that hold the same tables as CSV files of the
tree, for the test that a workbook summarises to the same numbers as its CSV
(tests/cli/cases.sh).  Run with Debian's python3-xlsxwriter from the repository's root:
    /usr/bin/python3 tests/data/xlsx/from_csv.py
Numbers are written as numbers, everything else as text; the data sheet comes after
chart sheets and an empty sheet, so the reader must find it."""
import csv
import xlsxwriter

def number(s):
    try:
        v = float(s)
    except ValueError:
        return None
    return int(v) if v.is_integer() and "." not in s else v

def workbook(src, dst, encoding, numeric, chart_first):
    rows = list(csv.reader(open(src, encoding=encoding, newline="")))
    wb = xlsxwriter.Workbook(dst)
    if chart_first:
        cs = wb.add_chartsheet("Chart")
    wb.add_worksheet("Empty")
    ws = wb.add_worksheet("Data")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            v = number(cell) if r > 0 and rows[0][c] in numeric else None
            if v is not None:
                ws.write_number(r, c, v)
            elif cell != "":
                ws.write_string(r, c, cell)
    if chart_first:
        ch = wb.add_chart({"type": "column"})
        ch.add_series({"values": "=Data!$B$2:$B$5"})
        cs.set_chart(ch)
    wb.close()

workbook("tests/data/shapes/gtd_date_parts.csv", "tests/data/xlsx/gtd_parts.xlsx", "utf-8",
         {"eventid", "iyear", "imonth", "iday", "extended", "nkill", "nwound"}, True)
workbook("datasets/pbc_suicide_attacks_ver11_2017-11-30.csv", "tests/data/xlsx/pbc.xlsx",
         "cp1252", {"S#", "Killed Min", "Killed Max", "Injured Min", "Injured Max",
                    "Latitude", "Longitude", "Temperature(C)", "Temperature(F)"}, True)
