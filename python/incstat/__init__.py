# SPDX-License-Identifier: GPL-3.0-or-later
"""incstat from Python: the same numbers as the incstat command line.

Every function runs libincstat's call layer, which takes the command line's
options by name and gives its JSON, so a figure here is the figure
`incstat COMMAND --format json` prints.  Options are keyword arguments named
as the command line's long options: '-' written '_' (as_of="2025-04"), a
trailing '_' dropped (from_=2019, since `from` is a Python keyword), a list
for an option that repeats (where=["country=Pakistan"]), True for a flag
(record=True), and --compare's two years as a pair (compare=(2022, 2023)).

    >>> import incstat
    >>> s = incstat.summary("ucdp.csv", where="country=Pakistan", from_=2019)
    >>> incstat.claim("ucdp.csv", where="country=Pakistan", year=2023, highest_since=2015)["holds"]

Unknown figures are NaN in DataFrames (None in dicts, as JSON's null), never
0.  Errors raise incstat.Error, with incstat's message, line and column.
"""
import json
import math
import os

import numpy as np
import pandas as pd

from . import _incstat

__all__ = ["Error", "load", "summary", "trend", "claim", "alerts", "diff", "inspect", "schema",
           "chart", "report", "export", "version"]


class Error(ValueError):
    """An error of incstat: what the command line would say, and where.

    Attributes: message (incstat's, naming the file), code (incstat_status
    as a number) and code_name (its text), line and column (1-based; 0 when
    they do not apply), exit_status (the command line's: 2 for a usage
    error, 1 for the data's), file (the file the call read, or None) and
    notes (what the command line would say after the message, such as the
    values nearest to a --where that matched nothing)."""

    def __init__(self, message, code=0, code_name="", line=0, column=0, exit_status=1):
        super().__init__(message)
        self.message = message
        self.code = code
        self.code_name = code_name
        self.line = line
        self.column = column
        self.exit_status = exit_status
        self.file = None
        self.notes = ""


_incstat.set_error(Error)


def version():
    """libincstat's version."""
    return _incstat.version()


def _value(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def _options(kwargs):
    """Keyword arguments as (name, value) pairs for the call layer."""
    out = []
    for name, v in kwargs.items():
        if v is None or v is False:
            continue
        if name.rstrip("_") == "compare" and isinstance(v, (list, tuple)):
            out.append((name, " ".join(_value(x) for x in v)))
        elif isinstance(v, (list, tuple)):
            out.extend((name, _value(x)) for x in v)
        else:
            out.append((name, _value(v)))
    return out


def _call(command, files, kwargs):
    files = [os.fspath(f) for f in files]
    try:
        return _incstat.call(command, _options(kwargs), files)
    except Error as e:
        e.file = files[-1] if files else None
        raise


def _report(text):
    return json.loads(text) if text else None


def _frame(rows):
    """A DataFrame of JSON rows: numbers float64 with NaN for null (the
    year int64), booleans bool, text object."""
    df = pd.DataFrame.from_records(rows)
    for col in df.columns:
        vals = [v for v in df[col] if v is not None]
        if vals and all(isinstance(v, bool) for v in vals) and len(vals) == len(df):
            df[col] = df[col].astype(bool)
        elif vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            if col == "year" and len(vals) == len(df):
                df[col] = df[col].astype("int64")
            else:
                df[col] = pd.to_numeric(df[col].map(lambda v: math.nan if v is None else v),
                                        downcast=None).astype("float64")
        elif not vals:
            df[col] = np.full(len(df), math.nan)
    return df


def _attrs(df, report, notes):
    df.attrs["load_report"] = _report(report)
    df.attrs["notes"] = notes
    return df


def summary(path, **options):
    """incstat summary: the table by year (or by= month, quarter, a
    category), as a DataFrame with the JSON's fields and values; the load
    report and the notes in .attrs.  With same_span=True, a dict."""
    text, report, notes = _call("summary", [path], options)
    data = json.loads(text)
    if isinstance(data, dict):
        data["load_report"] = _report(report)
        return data
    return _attrs(_frame(data), report, notes)


def trend(path, **options):
    """incstat trend: the fits (or, with compare=(A, B), the two years
    compared) as the JSON's dict."""
    text, report, notes = _call("trend", [path], options)
    return json.loads(text)


def claim(path, **options):
    """incstat claim: the verdict on each estimate as the JSON's dict
    ("holds" is True, False or None when it cannot be checked)."""
    text, report, notes = _call("claim", [path], options)
    return json.loads(text)


def alerts(path, **options):
    """incstat alerts: one row per group (every group, as the JSON lists
    them), the JSON's other fields in .attrs."""
    text, report, notes = _call("alerts", [path], options)
    data = json.loads(text)
    df = _frame(data.pop("alerts"))
    df.attrs.update(data)
    return _attrs(df, report, notes)


def diff(old, new, **options):
    """incstat diff OLD NEW: what changed, as the JSON's dict."""
    text, report, notes = _call("diff", [old, new], options)
    return json.loads(text)


def inspect(path, **options):
    """incstat inspect: the load report, as the JSON's dict."""
    text, report, notes = _call("inspect", [path], options)
    return json.loads(text)


def schema(path, **options):
    """incstat schema: the mapping recognised in path, as schema file text."""
    text, report, notes = _call("schema", [path], options)
    return text


def _written(command, operands, output, options):
    if output is None:
        raise TypeError(command + "() needs output=: the file to write")
    options = dict(options, output=os.fspath(output))
    text, report, notes = _call(command, operands, options)
    return json.loads(text)["written"][0]


def chart(kind, path, output=None, **options):
    """incstat chart KIND: draws to output (.png, .pdf or .svg); returns its path."""
    return _written("chart", [kind, path], output, options)


def report(path, output=None, **options):
    """incstat report: writes the report to output (.pdf or .html); returns its path."""
    return _written("report", [path], output, options)


def export(path, output=None, **options):
    """incstat export: writes the tidy table to output; returns its path."""
    return _written("export", [path], output, options)


_PRECISION = ["", "year", "quarter", "month", "day"]
_NUMBERS = ["killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high",
            "latitude", "longitude"]


def load(path, **options):
    """The incidents of path as a DataFrame of the canonical columns.

    Load options (preset, map, keep, schema, ...) and the selection options
    where, from_ and to apply.  Columns: id, date (datetime64, NaT unless
    the day is known), date_precision (category: year, quarter, month,
    day), year, month, day (float, NaN unknown), killed, killed_low,
    killed_high, injured, injured_low, injured_high, latitude, longitude,
    incidents (a table of periods' count per row) as float64 with NaN for
    unknown, the text fields and the kept columns as category.  The number
    columns are the library's memory, not a copy (read-only arrays).  The
    load report is df.attrs["load_report"]."""
    try:
        cols = _incstat.load(_options(options), [os.fspath(path)])
    except Error as e:
        e.file = os.fspath(path)
        raise
    nums = cols["numbers"]
    data = {}
    text = {name: pd.Categorical.from_codes(codes, categories=cats)
            for name, (codes, cats) in cols["text"]}
    data["id"] = text.pop("id")
    data["date"] = cols["date_days"].view("datetime64[D]").astype("datetime64[ns]")
    data["date_precision"] = pd.Categorical.from_codes(
        cols["date_precision"].astype("int8") - 1, categories=_PRECISION[1:])
    for k in ("year", "month", "day"):
        data[k] = cols[k]
    names = {"killed_best": "killed", "injured_best": "injured"}
    for name, arr in nums.items():
        data[names.get(name, name)] = arr
    data.update(text)
    df = pd.DataFrame(data, copy=False)
    df.attrs["load_report"] = _report(cols["report"])
    return df
