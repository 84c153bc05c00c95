# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python package against the command line: the same numbers on every
shipped dataset, unknowns NaN, errors with line and column, load's dtypes and
its no-copy columns.  INCSTAT_BIN names the incstat to compare with
(default build/incstat)."""
import gc
import json
import math
import os
import subprocess
import weakref

import numpy as np
import pandas as pd
import pytest

import incstat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("INCSTAT_BIN", os.path.join(ROOT, "build", "incstat"))
PBC = os.path.join(ROOT, "datasets", "pbc_suicide_attacks_ver11_2017-11-30.csv")
UCDP = os.path.join(ROOT, "datasets", "ucdp_organized_violence_country_year_v25_1.csv")
UCDP_SCHEMA = UCDP.replace(".csv", ".schema")

# each shipped dataset with the options it is read with (datasets/README.md)
DATASETS = {
    "pbc": (PBC, {}),
    "ucdp_pakistan": (UCDP, {"schema": UCDP_SCHEMA, "where": ["country=Pakistan"]}),
}


def cli_args(options):
    args = []
    for name, v in options.items():
        opt = "--" + name.rstrip("_").replace("_", "-")
        if v is True:
            args.append(opt)
        elif isinstance(v, (list, tuple)) and name == "compare":
            args += [opt] + [str(x) for x in v]
        elif isinstance(v, (list, tuple)):
            for x in v:
                args += [opt, str(x)]
        else:
            args += [opt, str(v)]
    return args


def cli_json(command, files, options, ok=(0,)):
    r = subprocess.run([BIN, command, "--quiet", "--format", "json"] + cli_args(options) + files,
                       capture_output=True, text=True)
    assert r.returncode in ok, r.stderr
    return json.loads(r.stdout)


def same(a, b, where="") -> None:
    """a (from Python) equals b (the CLI's JSON), field by field; NaN ==
    null."""
    if isinstance(b, dict):
        assert isinstance(a, dict) and set(a) == set(b), where
        for k in b:
            same(a[k], b[k], where + "." + k)
    elif isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, "%s[%d]" % (where, i))
    elif b is None:
        assert a is None or (isinstance(a, float) and math.isnan(a)), where
    elif isinstance(b, bool):
        assert bool(a) == b, where
    elif isinstance(b, (int, float)):
        assert float(a) == float(b), "%s: %r != %r" % (where, a, b)
    else:
        assert a == b, where


def frame_rows(df):
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in df.to_dict("records")]


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_summary_same_as_cli(name):
    path, opts = DATASETS[name]
    for extra in ({}, {"estimate": "high"}, {"from_": 2015, "to": 2020}, {"as_of": "2025-06-30", "gap": [2001]}):
        o = dict(opts, **extra)
        df = incstat.summary(path, quiet=True, **o)
        same(frame_rows(df), cli_json("summary", [path], o), name + " summary")


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_trend_same_as_cli(name):
    path, opts = DATASETS[name]
    o = dict(opts, to=2016)
    same(incstat.trend(path, quiet=True, **o), cli_json("trend", [path], o), name + " trend")


def test_trend_compare_same_as_cli():
    o = {"compare": (2012, 2013), "seed": 7, "boot": 500}
    same(incstat.trend(PBC, quiet=True, **o), cli_json("trend", [PBC], o), "compare")


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_claim_same_as_cli(name):
    path, opts = DATASETS[name]
    year = 2016 if name == "pbc" else 2023
    for claim in ({"highest_since": 2012}, {"more_than": 1600}, {"record": True}):
        o = dict(opts, year=year, **claim)
        if name != "pbc":
            o["no_incidents"] = True
        same(incstat.claim(path, quiet=True, **o), cli_json("claim", [path], o, ok=(0, 3, 4)),
             name + " claim")


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_alerts_same_as_cli(name):
    path, opts = DATASETS[name]
    o = dict(opts, period="year", baseline=5, to=2016)
    if name == "pbc":
        o["by"] = "admin1"
    else:
        o.update(no_incidents=True, metric="killed")
    df = incstat.alerts(path, quiet=True, **o)
    want = cli_json("alerts", [path], o)
    same(frame_rows(df), want["alerts"], name + " alerts")


def test_diff_same_as_cli():
    old = os.path.join(ROOT, "tests", "data", "diff", "pbc_suicide_attacks_ver6_2017-10-10.csv")
    same(incstat.diff(old, PBC, quiet=True), cli_json("diff", [old, PBC], {}), "diff")


def test_unknown_is_nan_never_zero():
    # UCDP's country-year table has no incident counts: NaN, not 0
    s = incstat.summary(UCDP, schema=UCDP_SCHEMA, where="country=Pakistan", quiet=True)
    assert s["incidents"].isna().all()
    assert s["injured"].isna().all()
    assert (s["killed"] > 0).all()
    # a PBC year with unknown injured: the row's unknown count is not a 0 figure
    df = incstat.load(PBC)
    assert df["killed_low"].isna().sum() > 0
    assert not (df["killed_low"].fillna(-1) == 0).all()
    assert df["date"].notna().all()


def test_load_dtypes_and_report():
    df = incstat.load(PBC)
    assert len(df) == 496
    assert str(df["date"].dtype) == "datetime64[ns]"
    for col in ("killed", "killed_low", "killed_high", "injured", "latitude"):
        assert df[col].dtype == np.float64
    for col in ("admin1", "city", "type", "id"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype)
    assert df.attrs["load_report"]["rows_loaded"] == 496
    # the loader's sum of killed is the summary's total
    s = incstat.summary(PBC, quiet=True)
    assert df["killed"].sum() == pytest.approx(s["killed"].sum())
    # a selection
    sel = incstat.load(PBC, from_=2017)
    assert len(sel) == 21 and (sel["year"] == 2017).all()


def test_load_no_copy_and_freed():
    df = incstat.load(PBC)
    arr = df["killed"].to_numpy()
    base = arr
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    assert type(base).__name__ == "PyCapsule"
    assert not arr.flags.writeable
    # two columns share the one owner: the table
    b = df["injured"].to_numpy()
    while isinstance(b, np.ndarray) and b.base is not None:
        b = b.base
    assert b is base
    # the frame gone, the capsule (and with it the table) goes when the
    # last array does
    del df, b, base
    gc.collect()
    assert float(np.nansum(arr)) > 0  # still valid while arr lives
    r = weakref.ref(arr)
    del arr
    gc.collect()
    assert r() is None


def test_errors_carry_line_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('date,killed\n2020-01-01,1\n2020-01-02,"2\n')
    with pytest.raises(incstat.Error) as e:
        incstat.summary(bad, map=["date=date", "killed=killed"])
    assert e.value.line == 3 and e.value.column >= 1
    assert "bad.csv" in e.value.message and e.value.file == str(bad)
    assert e.value.exit_status == 1
    assert isinstance(e.value, ValueError)
    # a usage error: the CLI's words
    with pytest.raises(incstat.Error, match="--estimate is low, best or high, not 'mid'") as e:
        incstat.summary(PBC, estimate="mid")
    assert e.value.exit_status == 2
    with pytest.raises(incstat.Error, match="did you mean '--estimate'"):
        incstat.summary(PBC, estimat="high")
    with pytest.raises(incstat.Error, match="cannot open"):
        incstat.load(tmp_path / "missing.csv")
    # a where that matches nothing names the nearest values
    with pytest.raises(incstat.Error) as e:
        incstat.summary(PBC, where="admin1=Pnjab", quiet=True)
    assert "Punjab" in e.value.notes


def test_chart_and_report_write_files(tmp_path):
    png = incstat.chart("bar", PBC, output=tmp_path / "k.png", quiet=True)
    assert png == str(tmp_path / "k.png") and os.path.getsize(png) > 1000
    html = incstat.report(UCDP, output=tmp_path / "r.html", schema=UCDP_SCHEMA,
                          where="country=Pakistan", no_incidents=True, quiet=True)
    assert open(html).read().startswith("<!DOCTYPE html")
    with pytest.raises(TypeError):
        incstat.chart("bar", PBC)


def test_docs_example():
    """docs/python.md's opening example runs and prints the README's figures."""
    text = open(os.path.join(ROOT, "docs", "python.md")).read()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(code.strip().splitlines()) <= 10
    want = text.split("```text\n", 1)[1].split("```", 1)[0]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                               [os.path.dirname(os.path.dirname(incstat.__file__))])))
    finally:
        os.chdir(cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout == want
