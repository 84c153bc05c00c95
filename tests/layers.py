#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/layers.py BUILD_DIR: the source tree keeps its layers.

1. Includes: a file in src/MODULE/ includes only its own module and the
   modules below it: cli -> report -> chart -> stats -> io -> core.  Private
   headers are named by their folder ("io/load/dict.h"); public headers count as
   their module's (incstat/chart.h is chart's, incstat.h, the umbrella, is
   the report's: it includes report.h).  GSL only in stats, Cairo and Pango
   only in chart and report, and chart includes nothing of io.
2. Calls: no two files call each other in a circle.  The call graph between
   files comes from the object files under BUILD_DIR/src: a file calls another
   when it has an undefined symbol (nm) that the other defines.  Calls go
   down the layers as well: a module's file never calls a file of a module
   above it.
Prints what it finds and one closing line "layers: N passed, N failed".
"""
import glob
import os
import re
import subprocess
import sys

ORDER = ["core", "io", "stats", "chart", "report", "api", "cli"]
# io's own folders, lowest first: the sources of rows, the loader, export
IO_ORDER = ["source", "load", "export"]
IO_RANK = {m: i for i, m in enumerate(IO_ORDER)}
RANK = {m: i for i, m in enumerate(ORDER)}
# public header -> the module that implements it
PUBLIC = {
    "error": "core", "util": "core",
    "value": "io", "csv": "io", "table": "io", "load": "io", "records": "io", "export": "io",
    "series": "stats", "filter": "stats", "summary": "stats", "trend": "stats", "check": "stats", "diff": "stats",
    "chart": "chart", "report": "report", "call": "api",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SYSTEM = re.compile(r'^\s*#\s*include\s+<([^>]+)>', re.M)
# What a module must not include even from below it: GSL lives in stats
# only; Cairo and Pango in chart and the report; the charts know nothing of
# CSV (no private io header, no csv.h).
FORBIDDEN = {
    "core": [r"^gsl/", r"^cairo", r"^pango"],
    "io": [r"^gsl/", r"^cairo", r"^pango"],
    "stats": [r"^cairo", r"^pango"],
    "chart": [r"^io/", r"^incstat/csv\.h$"],
}


def module_of_include(name, own):
    if name == "incstat.h":
        return "api"
    m = re.match(r"incstat/(\w+)\.h$", name)
    if m:
        return PUBLIC.get(m.group(1))
    if "/" not in name:
        return own  # a header next to the file
    top = name.split("/", 1)[0]
    return top if top in RANK else None


def check_includes(root):
    bad = []
    paths = glob.glob(os.path.join(root, "src", "*", "*.[ch]"))
    paths += glob.glob(os.path.join(root, "src", "io", "*", "*.[ch]"))
    for path in sorted(paths):
        rel = os.path.relpath(path, os.path.join(root, "src")).split(os.sep)
        own = rel[0]
        sub = rel[1] if own == "io" and len(rel) == 3 else None
        if own not in RANK:
            bad.append(f"{path}: folder {own} is not a module ({', '.join(ORDER)})")
            continue
        text = open(path, encoding="utf-8", errors="replace").read()
        for inc in INCLUDE.findall(text) + SYSTEM.findall(text):
            for pat in FORBIDDEN.get(own, []):
                if re.search(pat, inc):
                    bad.append(f"{path}: {own} must not include {inc}")
        for inc in INCLUDE.findall(text):
            mod = module_of_include(inc, own)
            if mod is None:
                if inc.startswith("incstat/"):
                    bad.append(f"{path}: includes {inc}, a public header this check does "
                               "not know (add it to PUBLIC in tests/layers.py)")
                continue
            if RANK[mod] > RANK[own]:
                bad.append(f"{path}: {own} includes {inc} ({mod}, a layer above)")
            # inside io: the sources, then the loader, then export
            m = re.match(r"io/(\w+)/", inc)
            if sub and m and m.group(1) in IO_RANK and IO_RANK[m.group(1)] > IO_RANK[sub]:
                bad.append(f"{path}: io/{sub} includes {inc} (io/{m.group(1)}, above it)")
        if own == "io" and not sub:
            bad.append(f"{path}: a file of io sits in a folder: io/source, io/load or io/export")
    return bad


def call_graph(build):
    defined, undefined = {}, {}
    objs = sorted(glob.glob(os.path.join(build, "src", "*", "*.o")) +
                  glob.glob(os.path.join(build, "src", "io", "*", "*.o")))
    for obj in objs:
        src = os.path.relpath(obj, build)[:-2] + ".c"
        out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        undefined[src] = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDBRV":
                defined[parts[2]] = src
            elif len(parts) == 2 and parts[0] == "U":
                undefined[src].add(parts[1])
    graph = {f: {} for f in undefined}
    for f, syms in undefined.items():
        for s in syms:
            g = defined.get(s)
            if g and g != f:
                graph[f].setdefault(g, []).append(s)
    return graph


def cycles(graph):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def check_calls(build):
    graph = call_graph(build)
    if not graph:
        return [f"no object files under {build}/src (build first)"]
    bad = []
    for comp in cycles(graph):
        bad.append("files call each other in a circle: " + ", ".join(comp))
        for a in comp:
            for b, syms in sorted(graph[a].items()):
                if b in comp:
                    bad.append(f"  {a} -> {b}: {', '.join(sorted(syms)[:6])}")
    for a, calls in sorted(graph.items()):
        ma = a.split("/")[1]
        for b, syms in sorted(calls.items()):
            mb = b.split("/")[1]
            if ma in RANK and mb in RANK and RANK[mb] > RANK[ma]:
                bad.append(f"{a} ({ma}) calls {b} ({mb}, a layer above): "
                           + ", ".join(sorted(syms)[:6]))
            # inside io: a source never calls the loader or export, the
            # loader never calls export
            pa, pb = a.split("/"), b.split("/")
            if ma == mb == "io" and len(pa) > 3 and len(pb) > 3:
                sa, sb = pa[2], pb[2]
                if sa in IO_RANK and sb in IO_RANK and IO_RANK[sb] > IO_RANK[sa]:
                    bad.append(f"{a} (io/{sa}) calls {b} (io/{sb}, above it): "
                               + ", ".join(sorted(syms)[:6]))
    return bad


def main():
    if len(sys.argv) != 2:
        print("usage: tests/layers.py BUILD_DIR", file=sys.stderr)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = sys.argv[1]
    passed = failed = 0
    for name, problems in (("includes", check_includes(root)), ("calls", check_calls(build))):
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print("  " + p)
        else:
            passed += 1
            print(f"PASS {name}")
    print(f"layers: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
