#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/report/run.sh BUILD_DIR/incstat: incstat report end to end.
#   PDF: pages, paper size, the text (title, headline, a year, the peak, the
#        data section, the trend sentence), metadata, identical bytes twice;
#   HTML: self-contained (no script, nothing fetched), unique ids, every id
#        reference resolved, four inline SVGs, escaping, balanced tags, and
#        headless Chromium when it is installed;
#   the small fixtures (gaps, tiny series) never crash or leave a blank page;
#   exit codes of the error paths.
# Needs pdfinfo/pdftotext (poppler-utils) and python3; chromium is optional.
# Prints one closing line "report: N passed, N failed, N skipped".
set -u
if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR/incstat" >&2
  exit 2
fi
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
data=$root/datasets/pbc_suicide_attacks_ver11_2017-11-30.csv
fx=$root/tests/data/load
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Under the sanitizers (make SAN=1): a report exits 86 and is caught below
# whatever status the test expects; fontconfig keeps caches to the end of the
# process, so its allocations (only those) are not reported as leaks;
# G_SLICE=always-malloc lets LeakSanitizer see a Pango layout left unfreed.
if nm "$bin" 2>/dev/null | grep -q __asan_init || [[ $bin == */san/* ]]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86:print_stacktrace=1
  export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$root/tests/report/lsan.supp:print_suppressions=0
  export G_SLICE=always-malloc
fi

pass=0 fail=0 skip=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
# check NAME COMMAND...: the command must succeed
check() { local name=$1; shift; if "$@"; then ok; else bad "$name"; fi; }
# status NAME WANT COMMAND...: the command's exit status must be WANT
status() {
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/status.out" 2> "$tmp/status.err"
  local got=$?
  cat "$tmp/status.err" >> "$tmp/all.err"
  if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want ($(head -c 300 "$tmp/status.err"))"; fi
}
# has NAME FILE TEXT: FILE (text, whitespace runs made single spaces) contains TEXT
has() { if grep -qF -- "$3" "$2"; then ok; else bad "$1: no '$3' in $(basename "$2")"; fi; }
flat() { tr -s '[:space:]' ' ' < "$1" > "$2"; }

for tool in pdfinfo pdftotext python3; do
  if ! command -v $tool > /dev/null; then
    echo "report: $tool is missing (apt-get install -y poppler-utils python3)"
    exit 1
  fi
done

# ---- 1. the shipped data ---------------------------------------------------------
status "pdf from the shipped data" 0 "$bin" report "$data" -o "$tmp/report.pdf"
cp "$tmp/status.err" "$tmp/report.err"
status "html from the shipped data" 0 "$bin" report --quiet "$data" -o "$tmp/report.html"
if [ ! -s "$tmp/report.pdf" ] || [ ! -s "$tmp/report.html" ]; then
  echo "report: no report made; stopping"
  echo "report: $pass passed, $((fail+1)) failed, $skip skipped"
  exit 1
fi
# the load report goes to stderr once, and not at all with --quiet
n=$(grep -c "rows read" "$tmp/report.err")
check "load report printed once (got $n)" [ "$n" -eq 1 ]
check "--quiet prints nothing" [ ! -s "$tmp/status.err" ]

# ---- 2. PDF ------------------------------------------------------------------------
pdfinfo "$tmp/report.pdf" > "$tmp/info.txt" 2>&1
pages=$(awk '/^Pages:/ {print $2}' "$tmp/info.txt")
check "at least 2 pages (got ${pages:-none})" [ "${pages:-0}" -ge 2 ]
has "A4 paper" "$tmp/info.txt" "595.276 x 841.89 pts (A4)"
has "PDF title" "$tmp/info.txt" "People killed and injured in suicide attacks, 1995–2017"
check "no date without SOURCE_DATE_EPOCH" bash -c "! grep -q '^CreationDate' '$tmp/info.txt'"
pdftotext "$tmp/report.pdf" "$tmp/report.txt"
flat "$tmp/report.txt" "$tmp/flat.txt"
has "title" "$tmp/flat.txt" "People killed and injured in suicide attacks, 1995–2017"
has "headline for 2017, against the same span of 2016" "$tmp/flat.txt" \
  "1 January to 25 November 2017: about 278 people were killed in 21 suicide attacks. In the same span of 2016, about 344 were killed in 15 suicide attacks. That is 66 fewer (19.2%)."
has "why 2017 is partial" "$tmp/flat.txt" \
  "1 January 2018 is 37 days later, more than the usual gap between incidents (30 days, the 90th percentile of the gaps between their dates)"
has "a year label" "$tmp/flat.txt" "1995"
has "peak annotation" "$tmp/flat.txt" "2010: 1,049"
has "the peak sentence" "$tmp/flat.txt" "The deadliest year was 2010"
has "data section" "$tmp/flat.txt" "rows read"
has "rows read, loaded, skipped" "$tmp/flat.txt" "496 rows read, 496 loaded, 0 skipped"
has "unparsed cell" "$tmp/flat.txt" "Injured Max"
has "trend sentence" "$tmp/flat.txt" "the number killed rose by about 38% a year (95% CI 26% to 52%)"
has "Mann-Kendall" "$tmp/flat.txt" "Mann-Kendall"
has "partial year left out" "$tmp/flat.txt" "2017 is covered only in part"
has "thousands separators in the table" "$tmp/flat.txt" "2,998.5"
has "page numbers" "$tmp/flat.txt" "Page 1 of $pages"
# no page without text
for ((p = 1; p <= ${pages:-0}; p++)); do
  words=$(pdftotext -f $p -l $p "$tmp/report.pdf" - | wc -w)
  check "page $p has text ($words words)" [ "$words" -gt 20 ]
done
# identical bytes twice; with SOURCE_DATE_EPOCH the date is that one
"$bin" report -q "$data" -o "$tmp/again.pdf" 2>> "$tmp/all.err"
check "two runs give identical PDF bytes" cmp -s "$tmp/report.pdf" "$tmp/again.pdf"
SOURCE_DATE_EPOCH=1511827200 "$bin" report -q "$data" -o "$tmp/date1.pdf" 2>> "$tmp/all.err"
SOURCE_DATE_EPOCH=1511827200 "$bin" report -q "$data" -o "$tmp/date2.pdf" 2>> "$tmp/all.err"
check "identical bytes with SOURCE_DATE_EPOCH" cmp -s "$tmp/date1.pdf" "$tmp/date2.pdf"
pdfinfo "$tmp/date1.pdf" > "$tmp/info2.txt" 2>&1
has "CreationDate from SOURCE_DATE_EPOCH" "$tmp/info2.txt" "Nov 28 00:00:00 2017"
# US letter, --trend poisson, and standard output
status "letter" 0 "$bin" report -q --paper letter --trend poisson "$data" -o "$tmp/letter.pdf"
pdfinfo "$tmp/letter.pdf" > "$tmp/info3.txt" 2>&1
has "letter paper" "$tmp/info3.txt" "612 x 792 pts (letter)"
pdftotext "$tmp/letter.pdf" - | tr -s '[:space:]' ' ' > "$tmp/letter.txt"
has "--trend poisson leads with Poisson" "$tmp/letter.txt" "On a Poisson log-linear model"
"$bin" report -q --format pdf "$data" -o - > "$tmp/stdout.pdf" 2>> "$tmp/all.err"
check "-o - writes the same PDF to stdout" cmp -s "$tmp/report.pdf" "$tmp/stdout.pdf"

# ---- 3. HTML -----------------------------------------------------------------------
h=$tmp/report.html
check "no <script" bash -c "! grep -qi '<script' '$h'"
check "no src=\"http" bash -c "! grep -qi 'src=\"http' '$h'"
check "no href=\"http" bash -c "! grep -qi 'href=\"http' '$h'"
check "no external CSS or fonts" bash -c "! grep -qiE '@import|url\\((\"|'\\'')?https?:|<link' '$h'"
n=$(grep -o '<svg' "$h" | wc -l)
check "5 inline SVGs, the map the fifth (got $n)" [ "$n" -eq 5 ]
# the map section: dots on the shipped provinces (the PBC file has
# coordinates), the choropleth when it has provinces only, and none (with
# the reason in "About the data") when the places are not in the boundaries
# or the rows are not incidents
has "map section heading (HTML)" "$h" '<h2>Where</h2>'
has "map title (PDF)" "$tmp/flat.txt" "Where the incidents happened, 1995-2017"
has "map note (PDF)" "$tmp/flat.txt" "493 of 496 incidents drawn, one dot each, area proportional to killed."
has "map boundaries credited (PDF)" "$tmp/flat.txt" "Made with Natural Earth (public domain), generalised by the QGIS project"
"$bin" report -q --format html --map latitude= --map longitude= "$data" -o "$tmp/prov.html" 2>> "$tmp/all.err"
has "choropleth without coordinates" "$tmp/prov.html" ">People killed by province, 1995-2017<"
"$bin" report -q --format html --boundaries world --map latitude= --map longitude= "$data" \
  -o "$tmp/nomap.html" 2>> "$tmp/all.err"
check "no map when no province is a region" bash -c "! grep -q '<h2>Where</h2>' '$tmp/nomap.html'"
has "why no map" "$tmp/nomap.html" "none: no province of the data is a region of the boundaries (Made with Natural Earth (public domain)): AJK (6)"
"$bin" report -q --format html --boundaries "$root/tests/data/map/nowhere.geojson" "$data" \
  -o "$tmp/nofile.html" 2> "$tmp/nofile.err"
has "--boundaries that cannot be read is an error" "$tmp/nofile.err" "nowhere.geojson"
check "no XML declaration inside" bash -c "! grep -q '<?xml' '$h'"
has "charset" "$h" '<meta charset="utf-8">'
has "doctype" "$h" '<!DOCTYPE html>'
has "title element" "$h" '<title>People killed and injured in suicide attacks, 1995–2017</title>'
has "thead" "$h" '<thead>'
has "tbody" "$h" '<tbody>'
"$bin" report -q --format html "$data" -o - > "$tmp/stdout.html" 2>> "$tmp/all.err"
check "-o - writes the same HTML to stdout" cmp -s "$h" "$tmp/stdout.html"
cat > "$tmp/check_html.py" << 'EOF'
# ids unique, every #reference resolved, tags balanced, text escaped
import re, sys
from html.parser import HTMLParser
s = open(sys.argv[1], encoding="utf-8").read()
errors = []
ids = re.findall(r'\sid="([^"]*)"', s)
dups = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) < 5000 else []
if len(ids) != len(set(ids)):
    errors.append("duplicate ids: %s" % (dups[:5] or "many"))
known = set(ids)
refs = re.findall(r'(?:href="#|url\(#)([^")]+)', s)
refs += [t for a in re.findall(r'aria-(?:labelledby|describedby)="([^"]*)"', s) for t in a.split()]
missing = [r for r in refs if r not in known]
if missing:
    errors.append("unresolved references: %s" % missing[:5])
VOID = {"meta", "br", "col", "img", "input", "link", "hr", "wbr", "source", "area", "base",
        "embed", "param", "track"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            errors.append("unbalanced </%s> (open: %s)" % (tag, self.stack[-3:]))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()
p = P()
p.feed(s)
if p.stack:
    errors.append("unclosed: %s" % p.stack[-5:])
for want in sys.argv[2:]:
    if want not in s:
        errors.append("missing %r" % want)
if errors:
    print("; ".join(errors[:6]))
    sys.exit(1)
EOF
check "html: ids unique, references resolved, tags balanced" python3 "$tmp/check_html.py" "$h"
# escaping: a title with markup characters
title='Punjab <2005–2016> & "after" it'
status "html with a title to escape" 0 "$bin" report -q --title "$title" --where admin1=Punjab \
  --from 2005 --to 2016 --by type --top 3 "$data" -o "$tmp/esc.html"
check "html: title escaped" python3 "$tmp/check_html.py" "$tmp/esc.html" \
  '<title>Punjab &lt;2005–2016&gt; &amp; &quot;after&quot; it</title>' \
  '<h1>Punjab &lt;2005–2016&gt; &amp; &quot;after&quot; it</h1>'
check "html: no raw markup from the title" bash -c "! grep -qF '<2005' '$tmp/esc.html'"

# ---- 4. a browser ------------------------------------------------------------------
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v $b > /dev/null; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no chromium (apt-get install -y chromium) for the browser checks"
  skip=$((skip+2))
else
  flags=(--headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir="$tmp/chrome")
  timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$h" > "$tmp/dom.html" 2> "$tmp/chrome.err"
  if [ -s "$tmp/dom.html" ]; then
    check "browser DOM: title, table, four charts and the map" python3 - "$tmp/dom.html" << 'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
need = ["People killed and injured in suicide attacks", "<table", "<thead>", "Year by year",
        "About the data"]
miss = [w for w in need if w not in s]
if miss or s.count("<svg") != 5:
    print("DOM lacks %s, %d svg" % (miss, s.count("<svg")))
    sys.exit(1)
EOF
  else
    bad "browser: no DOM dumped ($(head -c 300 "$tmp/chrome.err"))"
  fi
  timeout 120 "$browser" "${flags[@]}" --screenshot="$tmp/shot.png" --window-size=1200,3000 \
    "file://$h" > /dev/null 2>&1
  sz=$(stat -c %s "$tmp/shot.png" 2> /dev/null || echo 0)
  check "browser screenshot ($sz bytes)" [ "$sz" -gt 50000 ]
fi

# ---- 5. small fixtures: never a crash, never a blank page ------------------------------
run_fixture() { # NAME ARGS...
  local name=$1; shift
  for ext in pdf html; do
    status "fixture $name.$ext" 0 "$bin" report -q "$@" -o "$tmp/fx-$name.$ext"
  done
  local np
  np=$(pdfinfo "$tmp/fx-$name.pdf" 2> /dev/null | awk '/^Pages:/ {print $2}')
  for ((p = 1; p <= ${np:-0}; p++)); do
    local words
    words=$(pdftotext -f $p -l $p "$tmp/fx-$name.pdf" - 2> /dev/null | wc -w)
    check "fixture $name: page $p has text" [ "$words" -gt 20 ]
  done
  check "fixture $name: html" python3 "$tmp/check_html.py" "$tmp/fx-$name.html"
}
# the encoding chosen by the text over the preset's, and why, in the data section
"$bin" report -q --format html "$root/tests/data/encoding/drone_cp1252.csv" -o "$tmp/enc.html" 2>> "$tmp/all.err"
has "data section: encoding chosen by the text" "$tmp/enc.html" \
  "read as Windows-1252 (first at line 4), not as the preset&#39;s Mac Roman: the text reads better so (18 points to 7 as Mac Roman)"
run_fixture gtd "$fx/gtd_sample.csv"
run_fixture gtd-gz "$fx/gtd_sample.csv.gz"
run_fixture acled "$fx/acled_sample.csv"
run_fixture ucdp "$fx/ucdp_sample.csv"
run_fixture drone "$fx/drone_macroman.csv"
run_fixture custom --schema "$fx/custom.schema" "$fx/custom.csv"
pdftotext "$tmp/fx-gtd.pdf" - | tr -s '[:space:]' ' ' > "$tmp/gtd.txt"
has "gtd: no trend, why, and what can be fitted instead" "$tmp/gtd.txt" \
  "No trend is given: a trend needs at least three years with a known toll, and the data have two, 1992 and 1994; incstat trend --by month fits one to the months. 1995 is covered only in part and is left out"
has "gtd: the 1993 gap" "$tmp/gtd.txt" "1993: not covered by the source"
has "gtd: headline" "$tmp/gtd.txt" "1 January to 7 June 1995: 1 person was killed in 1 incident. In the same span of 1994, 7 were killed in 1 incident. That is 6 fewer (85.7%). Left out: 1 incident of 1994, dated only to the month or the year."

# ---- 6. charts of issue 24 ------------------------------------------------------------
# the claims get their chart (from incstat_claim_check's results)
ucdp=$root/datasets/ucdp_organized_violence_country_year_v25_1.csv
status "claims report" 0 "$bin" report -q --where country=Pakistan --claim "2023 highest-since 2015" \
  --claim "2023 more-than 1600" "$ucdp" -o "$tmp/claims.html"
n=$(grep -o '<svg' "$tmp/claims.html" | wc -l)
check "claims: the yearly bars, the claim chart and the trend (3 SVGs, got $n)" [ "$n" -eq 3 ]
has "claims: the window compared" "$tmp/claims.html" "compared: 2016–2022"
has "claims: the year and its range" "$tmp/claims.html" "2023: 1,178 (1,056–1,307)"
has "claims: the threshold" "$tmp/claims.html" "more than 1,600"
has "claims: the chart titles name the selection" "$tmp/claims.html" "Pakistan: people killed per year and the"
# a year alone: no trend chart of one dot, and one line says so
status "one year" 0 "$bin" report -q --from 2011 --to 2011 "$data" -o "$tmp/one.html"
n=$(grep -o '<svg' "$tmp/one.html" | wc -l)
check "one year: bars, stacked, heatmap and map, no trend line (4 SVGs, got $n)" [ "$n" -eq 4 ]
has "one year: says so" "$tmp/one.html" "No trend is given: the data cover one year, 2011, and a trend needs at least three; incstat trend --by month fits one to the months. No trend chart is drawn."
# several countries: by country, and the chart says why
status "countries" 0 "$bin" report -q "$root/tests/data/chart/countries.csv" -o "$tmp/countries.html"
has "countries: by country" "$tmp/countries.html" "By country, not provinces: the data span 4 countries"
status "countries by admin1" 0 "$bin" report -q --by admin1 "$root/tests/data/chart/countries.csv" \
  -o "$tmp/countries1.html"
has "countries by admin1: the mix said" "$tmp/countries1.html" "The provinces of 4 countries are stacked together"

# ---- 7. error paths --------------------------------------------------------------------
status "unknown option exits 2" 2 "$bin" report --bogus "$data" -o "$tmp/x.pdf"
has "unknown option named" "$tmp/status.err" "unknown option '--bogus'"
status "misspelt option suggests" 2 "$bin" report --titel x "$data" -o "$tmp/x.pdf"
has "nearest option" "$tmp/status.err" "did you mean '--title'?"
status "missing -o exits 2" 2 "$bin" report "$data"
status "-o - without --format exits 2" 2 "$bin" report "$data" -o -
status "unknown extension exits 2" 2 "$bin" report "$data" -o "$tmp/x.docx"
status "--paper a3 exits 2" 2 "$bin" report --paper a3 "$data" -o "$tmp/x.pdf"
status "--trend ols exits 2" 2 "$bin" report --trend ols "$data" -o "$tmp/x.pdf"
status "--by year exits 2" 2 "$bin" report --by year "$data" -o "$tmp/x.pdf"
status "--by unknown column exits 2" 2 "$bin" report --by nosuch "$data" -o "$tmp/x.pdf"
status "no FILE exits 2" 2 "$bin" report -o "$tmp/x.pdf"
status "nonexistent file exits 1" 1 "$bin" report "$tmp/nonexistent.csv" -o "$tmp/x.pdf"
check "no output left by a failed run" [ ! -e "$tmp/x.pdf" ]
status "no dated incident exits 1" 1 "$bin" report "$fx/custom.csv" -o "$tmp/x.pdf"
status "unwritable output exits 1" 1 "$bin" report -q "$data" -o "$tmp/no/such/dir/x.pdf"
status "--help exits 0" 0 "$bin" report --help
has "help text" "$tmp/status.out" "Usage: incstat report"

if grep -qE "Sanitizer|runtime error" "$tmp/all.err" 2> /dev/null; then
  bad "sanitizer reports:"
  grep -E -A12 "Sanitizer|runtime error" "$tmp/all.err" | head -60
else
  ok
fi
echo "report: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
