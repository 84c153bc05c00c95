# SPDX-License-Identifier: GPL-3.0-or-later
# Cases for tests/cli/run.sh: t NAME STATUS [STDIN] -- ARGS...
PBC=datasets/pbc_suicide_attacks_ver11_2017-11-30.csv
MIX=tests/data/cli/mixed.csv
MIXMAP=(--map date=date --map killed=killed --map injured=injured --map admin1=province)

# help and version
t help_flag 0 -- --help
t help_cmd_summary 0 -- help summary
t help_cmd_inspect 0 -- help inspect
t summary_help 0 -- summary --help
t inspect_help 0 -- inspect --help
t version 0 -- --version

# usage errors: exit 2, a hint on stderr
t no_args 2 -- 
t unknown_command 2 -- sumary $PBC
t unknown_option 2 -- summary --estimat high $PBC
t missing_file_arg 2 -- summary
t missing_option_value 2 -- summary $PBC --from
t bad_estimate 2 -- summary --estimate mid $PBC
t bad_format 2 -- summary --format xml $PBC
t format_any_case 0 -- summary --quiet --format MD --from 2015 $PBC
t format_tsv 0 -- summary --quiet --format tsv --from 2015 $PBC
t trend_bad_format 2 -- trend --format csv $PBC
t chart_bad_theme 2 -- chart bar --theme blue $PBC -o x.png
t report_bad_paper 2 -- report --paper a5 $PBC -o x.pdf
t bad_by 2 -- summary --by yaer $PBC
t two_files 2 -- summary $PBC $MIX
t help_unknown 2 -- help sumary

# data errors: exit 1, file/line/column in the message
t no_such_file 1 -- summary tests/data/cli/no_such_file.csv
t unterminated 1 -- summary --map date=date --map killed=killed tests/data/cli/unterminated.csv
t map_missing_column 1 -- summary --map killed=Kiled $PBC
t where_unknown_field 2 -- summary --where admn1=Punjab $PBC
t unknown_preset 1 -- summary --preset gdt tests/data/load/gtd_sample.csv
t bad_schema 1 -- summary --schema tests/data/load/bad.schema tests/data/load/custom.csv
t empty_file 1 -- summary tests/data/csv/empty.csv
t header_only 1 -- summary --map date=a tests/data/csv/header_only.csv

# inspect
t inspect_pbc 0 -- inspect $PBC
t inspect_json 0 -- inspect --format json tests/data/load/gtd_sample.csv
t inspect_gz 0 -- inspect tests/data/load/gtd_sample.csv.gz
t inspect_macroman 0 -- inspect tests/data/load/drone_macroman.csv

# summary on the shipped file
t summary_csv 0 -- summary $PBC
t summary_table 0 -- summary --format table $PBC
t summary_json 0 -- summary --format json --from 2014 $PBC
t summary_md 0 -- summary --format md --from 2010 --to 2016 $PBC
t summary_tsv 0 -- summary --format tsv --to 2000 $PBC
t publisher_totals 0 -- summary --estimate high --to 2016 $PBC
t summary_low 0 -- summary --estimate low --from 2015 $PBC
t headline 0 -- summary --headline $PBC
t headline_year 0 -- summary --headline --year 2013 $PBC
t by_admin1 0 -- summary --by admin1 $PBC
t by_year_admin1 0 -- summary --by year --by admin1 --from 2015 $PBC
t by_quarter 0 -- summary --by quarter --from 2016 $PBC
t by_kept_column 0 -- summary --keep "Location Category" --by "Location Category" $PBC
t where_substring 0 -- summary --where admin1=~khyber --where admin1=KPK --from 2012 $PBC
t where_and 0 -- summary --where admin1=Punjab --where city=Lahore $PBC
t quiet 0 -- summary --quiet --from 2017 $PBC

# other sources and inputs
t stdin 0 $MIX -- summary "${MIXMAP[@]}" -
t mixed_rows 0 -- summary "${MIXMAP[@]}" $MIX
t mixed_by_month 0 -- summary "${MIXMAP[@]}" --by month $MIX
t gtd_gap 0 -- summary tests/data/load/gtd_sample.csv.gz
t gtd_extra_gap 0 -- summary --gap 1994 tests/data/load/gtd_sample.csv
t schema 0 -- summary --schema tests/data/load/custom.schema tests/data/load/custom.csv
t ucdp_country_year 0 -- summary --preset none --map year=Year --map "killed=Violent deaths in conflicts and one-sided violence (UCDP 2019)" --map country=Entity --where country=Pakistan --from 2005 tests/data/published/owid_ucdp_ged191_conflict_deaths_by_country_2019.csv
t publisher_total_line 0 -- summary --estimate high --to 2016 --total $PBC
t bad_threads 2 -- summary --threads 0 $PBC
t threads_same 0 -- summary --threads 4 $PBC
check threads_equal_one_pass "cmp -s $golden/threads_same.out $golden/summary_csv.out"
# day/month order decided by the whole file, even when streaming by month
t month_us_dates 0 -- summary --by month --map date=date --map killed=killed tests/data/cli/us_dates.csv
t month_day_first 0 -- summary --by month --map date=date --map killed=killed tests/data/cli/day_first_dates.csv

# trend
t trend_table 0 -- trend $PBC
t trend_json 0 -- trend --format json --to 2016 $PBC
t trend_compare 0 -- trend --compare 2012 2013 $PBC
t trend_compare_json 0 -- trend --compare 2012 2013 --format json --seed 7 --boot 500 $PBC
t trend_window_penalty 0 -- trend --window 3 --penalty 200 $PBC
t trend_window_json 0 -- trend --window 3 --format json --quiet $PBC
t trend_injured_population 0 -- trend --metric injured --population tests/data/cli/pakistan_population.csv $PBC
t trend_incidents_monthly 0 -- trend --metric incidents --by quarter --from 2007 --to 2016 $PBC
t trend_small 0 -- trend "${MIXMAP[@]}" $MIX
t trend_bad_metric 2 -- trend --metric deaths $PBC
t trend_even_window 2 -- trend --window 4 $PBC
t trend_by_text 2 -- trend --by admin1 $PBC
t trend_compare_uncovered 1 -- trend --compare 1990 2013 $PBC
t trend_compare_bad 2 -- trend --compare 2013 $PBC
t trend_population_missing_year 1 -- trend --population tests/data/cli/us_dates.csv $PBC
t trend_cost_poisson_smooth3 0 -- trend --changepoint-cost poisson --smooth 3 $PBC
t trend_bad_smooth 2 -- trend --smooth 9 $PBC
t trend_bad_cost 2 -- trend --changepoint-cost normal $PBC

# chart: the files are checked for type and size; what they show is in tests/test_chart.c
t chart_bar_png 0 -- chart bar --quiet $PBC -o $tmp/bar.png
check chart_bar_png_size "python3 -c \"import struct,sys; d=open('$tmp/bar.png','rb').read(24); sys.exit(not (d[:8]==b'\\x89PNG\\r\\n\\x1a\\n' and struct.unpack('>II', d[16:24])==(1600,900)))\""
t chart_line_pdf 0 -- chart line --trend negbin --changepoints --window 3 --quiet $PBC -o $tmp/line.pdf
t chart_line_auto_levels 0 -- chart line --trend auto --changepoints --quiet $PBC -o $tmp/line_auto.svg
check chart_line_pdf_magic "head -c 5 $tmp/line.pdf | grep -q '%PDF-'"
t chart_stacked_svg 0 -- chart stacked --by admin1 --top 4 --quiet $PBC -o $tmp/stacked.svg
check chart_stacked_svg_title "grep -q '<title[^>]*>People killed per year' $tmp/stacked.svg"
t chart_heatmap_stdout_size 0 -- chart heatmap --quiet --format png --width 800 --height 500 --dpi 72 $PBC -o $tmp/heat.png
check chart_heatmap_dims "python3 -c \"import struct,sys; d=open('$tmp/heat.png','rb').read(24); sys.exit(struct.unpack('>II', d[16:24])!=(800,500))\""
t chart_range 0 -- chart range --band --quiet --from 2005 $PBC -o $tmp/range.svg
t chart_multiples 0 -- chart multiples --quiet --top 3 $PBC -o $tmp/mult.png
t chart_deterministic_a 0 -- chart bar --quiet $PBC -o $tmp/a.svg
t chart_deterministic_b 0 -- chart bar --quiet $PBC -o $tmp/b.svg
check chart_svg_identical "cmp -s $tmp/a.svg $tmp/b.svg"
t chart_unknown_kind 2 -- chart bra $PBC -o x.png
t chart_no_output 2 -- chart bar $PBC
t chart_bad_extension 2 -- chart bar $PBC -o x.gif
t chart_stdout_needs_format 2 -- chart bar $PBC -o -
t chart_bad_trend 2 -- chart line --trend loess $PBC -o x.png
t chart_unwritable 1 -- chart bar --quiet $PBC -o /nonexistent/dir/x.png

# charts a researcher can paste into a paper (issue 24): golden SVGs.  The
# glyph outlines are left out of the comparison (they are the font's and
# most of the bytes); where each glyph goes, every shape and colour, and the
# texts drawn (<desc>) are compared.
# svg NAME: $tmp/NAME.svg, written by case NAME, against tests/cli/golden/NAME.svg
svg() {
  python3 - "$tmp/$1.svg" > "$tmp/$1.norm.svg" <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
sys.stdout.write(re.sub(r'(<symbol[^>]*>).*?(</symbol>)', r'\1\2', s, flags=re.S))
PY
  if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp/$1.norm.svg" "$golden/$1.svg"; fi
  check "$1_svg" "cmp -s $tmp/$1.norm.svg $golden/$1.svg"
}
UCDPC=datasets/ucdp_organized_violence_country_year_v25_1.csv
CTRY=tests/data/chart/countries.csv
# a band the axis cannot hold is cut, and the cut drawn; the legend says whose band it is
t chart24_band_cut 0 -- chart line --quiet --trend auto --from 2005 $PBC -o $tmp/chart24_band_cut.svg
svg chart24_band_cut
check chart24_band_cut_words "grep -q 'band cut: reaches 1,635' $tmp/chart24_band_cut.svg && grep -q '95% confidence band of the smooth' $tmp/chart24_band_cut.svg"
# --changepoints that find none say so
t chart24_no_change 0 -- chart line --quiet --changepoints --from 2012 $PBC -o $tmp/chart24_no_change.svg
svg chart24_no_change
check chart24_no_change_words "grep -q 'Change points: none found (PELT, negative binomial cost)' $tmp/chart24_no_change.svg"
# titles name the selection and the measure, a single year once; the axis the unit
t chart24_title_where 0 -- chart bar --quiet --where country=Pakistan $UCDPC -o $tmp/chart24_title_where.svg
svg chart24_title_where
check chart24_title_where_words "grep -q '<title id=\"incstat-title\">Pakistan: people killed per year, 1989–2024</title>' $tmp/chart24_title_where.svg"
t chart24_title_one_year_months 0 -- chart line --quiet --by month --where admin1=Punjab --from 2011 --to 2011 $PBC -o $tmp/chart24_title_one_year_months.svg
svg chart24_title_one_year_months
check chart24_title_one_year_months_words "grep -q '>Punjab, 2011: people killed per month<' $tmp/chart24_title_one_year_months.svg"
t chart24_title_one_year 0 -- chart bar --quiet --from 2011 --to 2011 $PBC -o $tmp/chart24_title_one_year.svg
svg chart24_title_one_year
check chart24_title_one_year_words "grep -q '>People killed in 2011<' $tmp/chart24_title_one_year.svg && ! grep -q '2011–2011' $tmp/chart24_title_one_year.svg"
# a trend of one year: what would give one
t chart24_line_one_year 1 -- chart line --quiet --trend auto --from 2011 --to 2011 $PBC -o $tmp/never.svg
# heatmap classes: 0 alone, round breaks, an open top class, outliers with their number
t chart24_heatmap 0 -- chart heatmap --quiet $PBC -o $tmp/chart24_heatmap.svg
svg chart24_heatmap
t chart24_heatmap_small 0 -- chart heatmap --quiet --width 420 --height 260 $PBC -o $tmp/chart24_heatmap_small.svg
svg chart24_heatmap_small
# spellings merged, and alike, named in the picture
t chart24_stacked_spellings 0 -- chart stacked --quiet --by admin1 --top 5 $PBC -o $tmp/chart24_stacked_spellings.svg
svg chart24_stacked_spellings
check chart24_stacked_spellings_words "grep -q 'Spellings: &quot;Fata&quot; counted with &quot;FATA&quot;' $tmp/chart24_stacked_spellings.svg && grep -q '(&quot;Balochistan&quot; is in Other here)' $tmp/chart24_stacked_spellings.svg"
t chart24_stacked_recode 0 -- chart stacked --quiet --by admin1 --top 5 --recode admin1:Balochistan=Baluchistan $PBC -o $tmp/chart24_stacked_recode.svg
svg chart24_stacked_recode
check chart24_stacked_recode_words "grep -q '&quot;Balochistan&quot; read as &quot;Baluchistan&quot; (--recode)' $tmp/chart24_stacked_recode.svg"
# several countries: by country unless a category is asked for, then said
t chart24_stacked_countries 0 -- chart stacked --quiet $CTRY -o $tmp/chart24_stacked_countries.svg
svg chart24_stacked_countries
check chart24_stacked_countries_words "grep -q 'By country, not provinces: the data span 4 countries' $tmp/chart24_stacked_countries.svg"
t chart24_stacked_countries_admin1 0 -- chart stacked --quiet --by admin1 $CTRY -o $tmp/chart24_stacked_countries_admin1.svg
svg chart24_stacked_countries_admin1
check chart24_stacked_countries_admin1_words "grep -q 'The provinces of 4 countries are stacked together (Myanmar, Yemen, Syria and Pakistan)' $tmp/chart24_stacked_countries_admin1.svg"
t chart24_multiples_countries 0 -- chart multiples --quiet --by admin1 $CTRY -o $tmp/chart24_multiples_countries.svg
svg chart24_multiples_countries
t chart24_stacked_one_country 0 -- chart stacked --quiet --where country=Pakistan $CTRY -o $tmp/chart24_stacked_one_country.svg
check chart24_stacked_one_country_words "! grep -q 'stacked together\|data span' $tmp/chart24_stacked_one_country.svg"
# the claim chart: the seed's claim, a record with PBC's low-high range, a part year
t chart24_claim_seed 0 -- chart claim --quiet --year 2023 --highest-since 2015 --more-than 1600 --from 2010 --where country=Pakistan $UCDPC -o $tmp/chart24_claim_seed.svg
svg chart24_claim_seed
check chart24_claim_seed_words "grep -q 'compared: 2016–2022' $tmp/chart24_claim_seed.svg && grep -q '2023: 1,178 (1,056–1,307)' $tmp/chart24_claim_seed.svg && grep -q '2016: 1,100' $tmp/chart24_claim_seed.svg && grep -q '2015: 2,454' $tmp/chart24_claim_seed.svg && grep -q 'more than 1,600' $tmp/chart24_claim_seed.svg && grep -q 'Does not hold' $tmp/chart24_claim_seed.svg"
t chart24_claim_record 0 -- chart claim --quiet --year 2009 --record $PBC -o $tmp/chart24_claim_record.svg
svg chart24_claim_record
t chart24_claim_partial 0 -- chart claim --quiet --year 2017 --highest-since 2013 --fewer-than 300 $PBC -o $tmp/chart24_claim_partial.svg
svg chart24_claim_partial
check chart24_claim_partial_words "grep -q 'Cannot be checked: the data stop at 2017-11-25' $tmp/chart24_claim_partial.svg && grep -qx 'fewer than 300' $tmp/chart24_claim_partial.svg"
t chart24_claim_no_year 2 -- chart claim --quiet --highest-since 2015 $UCDPC -o $tmp/never.svg
t chart24_claim_no_claim 2 -- chart claim --quiet --year 2023 $UCDPC -o $tmp/never.svg
t chart24_claim_options_on_bar 2 -- chart bar --quiet --year 2023 $PBC -o $tmp/never.svg
t chart24_claim_by 2 -- chart claim --quiet --year 2013 --record --by month $PBC -o $tmp/never.svg
t chart24_claim_bad_since 2 -- chart claim --quiet --year 2013 --highest-since 2014 $PBC -o $tmp/never.svg
t chart24_claim_too_many 2 -- chart claim --quiet --year 2013 --record --record --record --record --record $PBC -o $tmp/never.svg
check chart24_no_file_on_error "test ! -e $tmp/never.svg"

# a progress line only when stderr is a terminal (the goldens above show none
# in a pipe); script(1) gives a terminal
if command -v script > /dev/null; then
  check progress_on_terminal "script -qec '$bin summary $PBC > /dev/null' $tmp/pty.out > /dev/null 2>&1; grep -q 'reading 100%' $tmp/pty.out"
  check no_progress_when_quiet "script -qec '$bin summary --quiet $PBC > /dev/null' $tmp/pty2.out > /dev/null 2>&1; ! grep -q 'reading' $tmp/pty2.out"
fi

# once found by the hostile-input work (tests/hostile/known/README.md)
t known_totals_without_id 0 -- summary --map date=date --map killed=killed tests/hostile/known/totals_without_id.csv
t known_no_date_mapped 1 -- summary --preset none tests/hostile/known/no_date_mapped.csv
t known_no_date_recognised 0 -- summary tests/hostile/known/no_date_mapped.csv
t known_month_span_rank 0 -- summary --total --by month --map id=id --map date=date --map killed=killed tests/hostile/known/month_span_groups.csv
# a header record over 64 MiB (here 100 MB of zeros, 100 KB compressed) stops
# with exit 1 and a message, without buffering the whole record
check header_limit "head -c 100000000 /dev/zero | gzip -1 > $tmp/zeros.csv.gz; \
  $bin inspect $tmp/zeros.csv.gz > /dev/null 2> $tmp/zeros.err; [ \$? = 1 ] && grep -q 'longer than 67108864 bytes' $tmp/zeros.err"

# claim: the 2023 peak in UCDP's country-year totals (exit 0 holds, 3 does
# not, 4 cannot be checked); values against tests/reference/claim/claim.out
UCDP=datasets/ucdp_organized_violence_country_year_v25_1.csv
UCDPS=(--schema datasets/ucdp_organized_violence_country_year_v25_1.schema --no-incidents --where country=Pakistan)
t claim_highest_since 0 -- claim --quiet --year 2023 --highest-since 2015 "${UCDPS[@]}" $UCDP
t claim_highest_since_json 0 -- claim --quiet --year 2023 --highest-since 2015 --format json "${UCDPS[@]}" $UCDP
t claim_more_than 3 -- claim --quiet --year 2023 --more-than 1600 "${UCDPS[@]}" $UCDP
t claim_more_than_json 3 -- claim --quiet --year 2023 --more-than 1600 --format json "${UCDPS[@]}" $UCDP
t claim_highest_in 3 -- claim --quiet --year 2023 --highest-in 9 "${UCDPS[@]}" $UCDP
t claim_record 3 -- claim --quiet --year 2024 --record "${UCDPS[@]}" $UCDP
t claim_rise_low 3 -- claim --quiet --year 2023 --rise-pct 60 --estimate low "${UCDPS[@]}" $UCDP
t claim_fewer_than 0 -- claim --quiet --year 2023 --fewer-than 1200 "${UCDPS[@]}" $UCDP
t claim_incidents_bootstrap 3 -- claim --quiet --year 2014 --highest-since 2012 --boot 500 $PBC
t claim_partial 4 -- claim --quiet --year 2017 --highest-since 2012 $PBC
t claim_partial_included 3 -- claim --quiet --year 2017 --highest-since 2012 --include-partial --boot 500 $PBC
t claim_year_outside 4 -- claim --quiet --year 2030 --highest-since 2015 "${UCDPS[@]}" $UCDP
t claim_injured_missing 4 -- claim --quiet --year 2023 --more-than 10 --metric injured "${UCDPS[@]}" $UCDP
t claim_incidents_missing 4 -- claim --quiet --year 2023 --record --metric incidents --format json "${UCDPS[@]}" $UCDP
t claim_empty_group 4 -- claim --quiet --year 2023 --record --schema datasets/ucdp_organized_violence_country_year_v25_1.schema --where country=Atlantis $UCDP
t claim_since_not_before 2 -- claim --year 2023 --highest-since 2023 "${UCDPS[@]}" $UCDP
t claim_two_claims 2 -- claim --year 2023 --highest-since 2015 --record "${UCDPS[@]}" $UCDP
t claim_no_claim 2 -- claim --year 2023 "${UCDPS[@]}" $UCDP
t claim_no_year 2 -- claim --record "${UCDPS[@]}" $UCDP
t claim_by 2 -- claim --year 2023 --record --by month $PBC
t claim_help 0 -- claim --help

# alerts: tests/data/alerts_groups.csv (a spike, noisy counts under the NB
# bound, new activity after zeros, a constant baseline); bounds from
# tests/reference/claim/alerts.out
AL=tests/data/alerts_groups.csv
ALMAP=(--map date=date --map admin1=admin1 --map killed=killed)
t alerts_groups 0 -- alerts --quiet --by admin1 "${ALMAP[@]}" $AL
t alerts_groups_all 0 -- alerts --quiet --by admin1 --all "${ALMAP[@]}" $AL
t alerts_groups_json 0 -- alerts --quiet --by admin1 --format json "${ALMAP[@]}" $AL
t alerts_killed 0 -- alerts --quiet --by admin1 --metric killed --all "${ALMAP[@]}" $AL
t alerts_min_count 0 -- alerts --quiet --by admin1 --min-count 5 --all "${ALMAP[@]}" $AL
t alerts_whole_file 0 -- alerts --quiet --all $PBC
t alerts_quarter 0 -- alerts --quiet --by admin1 --period quarter --baseline 8 $PBC
t alerts_short_baseline 4 -- alerts --quiet --by admin1 --baseline 13 "${ALMAP[@]}" $AL
t alerts_baseline_zero 2 -- alerts --baseline 0 $PBC
t alerts_by_period 2 -- alerts --by month $PBC
t alerts_no_incidents 4 -- alerts --quiet --period year --no-incidents "${UCDPS[@]}" $UCDP
t alerts_help 0 -- alerts --help
# UCDP's country-years: countries without a row in the baseline are skipped and counted
t alerts_ucdp_countries 0 -- alerts --no-incidents --metric killed --by country --period year --baseline 10 --schema datasets/ucdp_organized_violence_country_year_v25_1.schema $UCDP

# the report of a country-year table with a Claims section: the verdicts as
# incstat claim gives them, no incident count, no category or month section
check report_claims_country_year "$bin report --quiet --no-incidents --claim '2023 highest-since 2015' \
  --claim '2023 more-than 1600' ${UCDPS[*]} $UCDP -o $tmp/claims.html && \
  grep -q 'Holds on the best and high figures (the highest since 2015); on the low figures 2023 is the highest since 2016.' $tmp/claims.html && \
  grep -q 'not more than 1,600' $tmp/claims.html && grep -q 'In 2024, 1,885 people were killed. That is' $tmp/claims.html && \
  grep -q 'there is no incident count' $tmp/claims.html && ! grep -q 'Incidents' $tmp/claims.html && \
  ! grep -q 'By month' $tmp/claims.html && ! grep -q '[0-9] incident' $tmp/claims.html && \
  grep -q '<h1[^>]*>People killed, 1989' $tmp/claims.html"
t report_bad_claim 2 -- report --claim '2023 highest-since' $PBC -o x.pdf
t report_claim_since_not_before 2 -- report --claim '2023 highest-since 2024' $PBC -o x.pdf

# recognition with no options (issue 13): every published table and a fixture with the
# header of every other real file; inspect shows the mapping and its evidence
for f in tests/data/published/*.csv datasets/pbc_suicide_attacks_ver11_2017-11-30.csv \
         tests/data/recognise/*.csv tests/data/load/drone_macroman.csv \
         tests/data/load/acled_sample.csv tests/data/load/ucdp_sample.csv; do
  n=$(basename "$f" .csv)
  t "recognise_inspect_$n" 0 -- inspect "$f"
  case $n in
    *) t "recognise_summary_$n" 0 -- summary "$f" ;;
  esac
done
t recognise_inspect_json_hxl 0 -- inspect --format json tests/data/recognise/hxl_hdx.csv
# a wide table of counts by category: incidents is their sum; a missing cell makes the
# row's incidents unknown and is counted; --map counts one column instead
t recognise_wide_sum_pakistan 0 -- summary --quiet --where country=Pakistan --from 2010 tests/data/published/owid_gtd2018_attacks_by_type_country_year.csv
t recognise_wide_sum_missing 0 -- inspect tests/data/load/owid_attacks_missing.csv
t recognise_wide_sum_schema 0 -- schema tests/data/recognise/owid_attacks_by_type.csv
t recognise_world_where 0 -- summary --where country=Pakistan tests/data/recognise/owid_attacks_world.csv
t recognise_world_json 0 -- inspect --format json tests/data/recognise/owid_attacks_world.csv
t recognise_wide_counted 0 -- summary --quiet --where country=Pakistan --from 2010 --map 'incidents=Bombing/Explosion' tests/data/published/owid_gtd2018_attacks_by_type_country_year.csv
# a table of periods never prints incidents or an absent figure as 0
UCY=tests/data/published/ucdp_organized_violence_cy_v25_1_pakistan_afghanistan.csv
t periods_json 0 -- summary --quiet --format json --where country=Pakistan --from 2022 $UCY
t periods_md 0 -- summary --quiet --format md --where country=Pakistan --from 2022 $UCY
t periods_table 0 -- summary --quiet --format table --where country=Pakistan --from 2022 $UCY
t periods_headline 0 -- summary --quiet --headline --where country=Pakistan $UCY
t periods_total 0 -- summary --quiet --total --where country=Pakistan $UCY
t periods_list_country 0 -- summary --quiet --where country=Pakistan tests/data/recognise/ucdp_brd_dyad_year.csv
t periods_schema_incidents 0 -- summary --quiet --schema tests/data/recognise/rows_incidents.schema tests/data/recognise/ucdp_brd_dyad_year.csv
t recognise_off 1 -- summary --preset none tests/data/recognise/year_and_date.csv
t recognise_map_override 0 -- inspect --map killed= --map 'injured=People killed' tests/data/recognise/year_and_date.csv
# incstat schema: the mapping as a --schema file; read back, it gives the same figures
t schema_help 0 -- schema --help
t schema_newamerica 0 -- schema tests/data/recognise/newamerica_like.csv
t schema_gtd_renamed 0 -- schema tests/data/recognise/gtd_renamed.csv
t schema_ucdp_cy 0 -- schema tests/data/published/ucdp_organized_violence_cy_v25_1_pakistan_afghanistan.csv
t schema_no_file 2 -- schema
t schema_round_trip_write 0 -- schema --quiet --map 'injured=People injured' tests/data/recognise/year_and_date.csv
cp $golden/schema_round_trip_write.out $tmp/year_and_date.schema
t schema_round_trip_read 0 -- summary --quiet --schema $tmp/year_and_date.schema tests/data/recognise/year_and_date.csv
t schema_round_trip_plain 0 -- summary --quiet tests/data/recognise/year_and_date.csv
check schema_round_trip "cmp -s $golden/schema_round_trip_read.out $golden/schema_round_trip_plain.out"
# --recode: spellings merged; schema recode lines; errors name the field
t recode_admin1 0 -- summary --quiet --by admin1 --from 2017 --recode admin1:Baluchistan=Balochistan --recode admin1:Fata=FATA $PBC
t recode_inspect 0 -- inspect --recode admin1:Fata=FATA tests/data/recognise/gtd_renamed.csv
t recode_schema 0 -- summary --quiet --by admin1 --schema tests/data/recognise/recode.schema $PBC
t recode_bad_spec 1 -- summary --recode admin1 $PBC
t recode_not_text 1 -- summary --recode killed:1=2 $PBC
t periods_report_html 0 -- report --quiet --format html --where country=Pakistan $UCY -o $tmp/ucy.html
check periods_report_no_zero_incidents "grep -q 'there is no incident count' $tmp/ucy.html && ! grep -qE ' 0 incidents|killed in [0-9,]+ incidents' $tmp/ucy.html"
t spellings_by_admin1 0 -- summary --by admin1 tests/data/recognise/spellings.csv
# issue 21: every Unicode space (no-break, narrow no-break, tab), invisible
# characters (BOM, zero-width space) and case are folded when labels are
# merged; the --recode lines the notes suggest are quoted for a POSIX shell,
# and pasted as printed they merge what the hand-written options merge
SPU=tests/data/recognise/spellings_unicode.csv
t spellings_unicode 0 -- summary --by admin1 $SPU
t spellings_unicode_recoded 0 -- summary --by admin1 --recode "admin1:Baluchistan Province=Balochistan Province" --recode "admin1:N'Djaména=N'Djamena" $SPU
pasted_recode() {
  local lines
  lines=$("$bin" summary --by admin1 "$SPU" 2>&1 >/dev/null | sed -n 's/.* to count them as one: //p' | tr '\n' ' ')
  [ "$(printf '%s' "$lines" | grep -o -- '--recode ' | wc -l)" = 2 ] || return 1
  sh -c "\"\$0\" summary --by admin1 $lines \"\$1\"" "$bin" "$SPU" > "$tmp/pasted.out" 2> "$tmp/pasted.err" || return 1
  cmp -s "$tmp/pasted.out" "$golden/spellings_unicode_recoded.out" &&
    cmp -s "$tmp/pasted.err" "$golden/spellings_unicode_recoded.err" &&
    [ "$(wc -l < "$tmp/pasted.out")" = 4 ] && grep -q '^Balochistan Province,8,29,' "$tmp/pasted.out" &&
    grep -q "^N'Djamena,2,17," "$tmp/pasted.out" && ! grep -q 'look alike' "$tmp/pasted.err"
}
check spellings_recode_pasted pasted_recode

# number dialects (issue 17): each fixture's exact sums and the load report's wording
NUM=tests/data/numbers
t num_de_excel 0 -- summary --map date=Datum --map killed=Tote --map injured=Verletzte $NUM/de_excel.csv
t num_issue_example 0 -- summary --map year=Jahr --map "killed=Getötete" $NUM/issue_example.csv
t num_swiss 0 -- summary --map date=Datum --map killed=Tote --map injured=Verletzte $NUM/ch_swiss.csv
t num_french 0 -- summary --map date=Date --map "killed=Tués" --map "injured=Blessés" $NUM/fr.csv
t num_english 0 -- summary --map date=date --map killed=killed --map injured=injured $NUM/en.csv
t num_semicolon_ambiguous 0 -- summary --map year=Year --map killed=Killed $NUM/semicolon_ambiguous.csv
t num_semicolon_decimal_dot 0 -- summary --decimal . --map year=Year --map killed=Killed $NUM/semicolon_ambiguous.csv
t num_mixed_marks 0 -- summary --map date=Date --map killed=Killed --map injured=Injured $NUM/mixed_marks.csv
t num_quoted_comma 0 -- summary --map date=date --map killed=killed --map injured=injured $NUM/quoted_comma.csv
t num_odd_counts 0 -- summary --map date=date --map killed=killed $NUM/odd_counts.csv
t num_schema_decimal 0 -- summary --schema $NUM/dot.schema $NUM/mixed_marks.csv
t num_schema_bad_decimal 1 -- summary --schema $NUM/bad_decimal.schema --map date=Date $NUM/mixed_marks.csv
t num_bad_decimal 2 -- summary --decimal ';' $NUM/mixed_marks.csv
t num_stdin 0 $NUM/semicolon_ambiguous.csv -- summary --map year=Year --map killed=Killed -
t num_inspect_de 0 -- inspect $NUM/de_excel.csv
t num_inspect_fr_json 0 -- inspect --format json $NUM/fr.csv
t num_json_out 0 -- summary --format json --map date=Datum --map killed=Tote --map injured=Verletzte $NUM/de_excel.csv

# with no options: the loader recognises UCDP's country-years as a table of periods
t claim_ucdp_recognised 0 -- claim --quiet --year 2023 --highest-since 2015 --where country=Pakistan $UCDP
t claim_ucdp_recognised_incidents 4 -- claim --quiet --year 2023 --record --metric incidents --where country=Pakistan $UCDP
# a year the source does not cover: no verdict on it, and skipped (and said) inside a window
t claim_gap_year 4 -- claim --quiet --gap 1993 --year 1993 --record --metric incidents --map "incidents=Bombing/Explosion" --where country=Pakistan tests/data/published/owid_gtd2018_attacks_by_type_country_year.csv
t claim_gap_in_window 3 -- claim --quiet --gap 1993 --year 1995 --highest-since 1990 --metric incidents --map "incidents=Bombing/Explosion" --where country=Pakistan tests/data/published/owid_gtd2018_attacks_by_type_country_year.csv
# the headline names the record status on each estimate when they differ
t headline_ucdp_2023 0 -- summary --quiet --headline --year 2023 --where country=Pakistan $UCDP
t num_gz 0 -- summary --map date=date --map killed=killed --map injured=injured $NUM/quoted_comma.csv.gz
t num_stdin_comma 0 $NUM/quoted_comma.csv -- summary --map date=date --map killed=killed --map injured=injured -
# issue 25: a stream (standard input, gzip, a pipe) is read ahead once, and recognition,
# number formats and encodings decide from what was read ahead: the same report as the file
check stream_stdin_same_as_file "cmp -s <(\"$bin\" summary --format json $PBC 2>&1 | sed 's|$PBC|IN|') <(\"$bin\" summary --format json - < $PBC 2>&1 | sed 's|<stdin>|IN|; s| (gzip)||')"
check stream_gzip_pipe_same_as_file "cmp -s <(\"$bin\" inspect $PBC 2>&1 | sed 's|$PBC|IN|') <(gzip -c $PBC | \"$bin\" inspect - 2>&1 | sed 's|<stdin>|IN|; s| (gzip)||')"
check stream_num_stdin_same_as_file "cmp -s <(\"$bin\" summary --map date=date --map killed=killed --map injured=injured $NUM/quoted_comma.csv 2>&1 | sed 's|$NUM/quoted_comma.csv|IN|') <(\"$bin\" summary --map date=date --map killed=killed --map injured=injured - < $NUM/quoted_comma.csv 2>&1 | sed 's|<stdin>|IN|; s| (gzip)||')"
# past the read-ahead (4 MiB): the rows after it are read from the stream, none lost or doubled
check stream_past_read_ahead "awk 'BEGIN { print \"date,killed,injured,province\"; for (i = 0; i < 120000; i++) printf \"%d-%02d-%02d,%d,%d,Province number %d with a long name\\n\", 1990 + i % 30, 1 + i % 12, 1 + i % 28, i % 7, i % 5, i % 9 }' > $tmp/big.csv && \
  [ \$(stat -c %s $tmp/big.csv) -gt 5000000 ] && gzip -c $tmp/big.csv > $tmp/big.csv.gz && \
  \"$bin\" summary --quiet $tmp/big.csv > $tmp/big.plain && \
  \"$bin\" summary --quiet - < $tmp/big.csv > $tmp/big.stdin && \
  \"$bin\" summary --quiet $tmp/big.csv.gz > $tmp/big.gz && \
  cmp -s $tmp/big.plain $tmp/big.stdin && cmp -s $tmp/big.plain $tmp/big.gz && \
  [ \$(awk -F, 'NR > 1 { n += \$2 } END { print n }' $tmp/big.plain) = 120000 ]"
# outputs stay C-locale numbers ('.' decimal, no groups) whatever the input's dialect or the
# user's locale
check num_outputs_canonical "LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 $bin summary --quiet --format json --map date=Datum --map killed=Tote --map injured=Verletzte $NUM/de_excel.csv | grep -q '\"injured\": 1237.5,'"
# recognition with no options sees "2,5" and "1.300,5" as numbers: injured is found
t num_recognised 0 -- summary tests/data/numbers/recognised_semicolon.csv
# issue 22: a 'sep=;' file whose injured column writes English thousands ("1,240"): a
# decimal comma would make them fractions of a count, which outweighs the ';' prior
t num_semicolon_thousands 0 -- summary $NUM/semicolon_thousands.csv
t num_semicolon_thousands_inspect 0 -- inspect $NUM/semicolon_thousands.csv
t num_semicolon_thousands_json 0 -- inspect --format json $NUM/semicolon_thousands.csv
# issue 22: a publisher's totals row checked against the loaded rows above it: one line
# when it agrees; a data warning per figure that does not, with both numbers and the
# likeliest cause (another column's sum, one row's figure, a factor of 1,000; mixed_rows
# and schema show rows skipped for an extra field)
t totals_agree 0 -- summary tests/data/load/totals_agree.csv
t totals_disagree 0 -- summary tests/data/load/totals_disagree.csv
t totals_disagree_json 0 -- inspect --format json tests/data/load/totals_disagree.csv
t totals_thousand 0 -- summary --decimal . --map year=Year $NUM/years_total.csv
# a negative cell ("-4") is not understood as a count, but the publisher's total sums it
# (PBC's drone file does so in its civilians columns)
t totals_negative_cell 0 -- summary --map killed_low=civilians_min --map killed_high=civilians_max tests/data/load/totals_negative.csv
t totals_periods_agree 0 -- summary --total --map year=Year $NUM/years_total.csv

# incstat diff (issue 16): the PBC releases, each fixture situation, errors
V6=tests/data/diff/pbc_suicide_attacks_ver6_2017-10-10.csv
DD=tests/data/diff
t diff_help 0 -- diff --help
t diff_pbc_table 0 -- diff --format table $V6 $PBC
t diff_pbc_json 0 -- diff --quiet --format json $V6 $PBC
t diff_pbc_csv_whitespace 0 -- diff --quiet --whitespace --format csv $V6 $PBC
t diff_revised 0 -- diff --quiet --format table $DD/old.csv $DD/revised.csv
t diff_renamed 0 -- diff --quiet --format json $DD/old.csv $DD/renamed.csv
t diff_encoding 0 -- diff --format csv $DD/old.csv $DD/cp1252.csv

# encodings by plausibility (issue 21): the same text in Windows-1252 (’ = 0x92) and Mac
# Roman (’ = 0xD5), under the drone list's header (whose preset says Mac Roman) and under
# a header of no preset; each file is read in the encoding its text reads best in
ENC=tests/data/encoding
t enc_inspect_drone_cp1252 0 -- inspect $ENC/drone_cp1252.csv
t enc_inspect_drone_macroman 0 -- inspect $ENC/drone_macroman.csv
t enc_inspect_custom_cp1252 0 -- inspect $ENC/custom_cp1252.csv
t enc_inspect_custom_macroman_json 0 -- inspect --format json $ENC/custom_macroman.csv
t enc_inspect_close 0 -- inspect $ENC/close_cp1252.csv
t enc_summary_drone_cp1252 0 -- summary --format table --by location $ENC/drone_cp1252.csv
t enc_summary_drone_macroman 0 -- summary --format table --by location $ENC/drone_macroman.csv
t enc_summary_custom_macroman 0 -- summary --format csv --keep notes --by notes $ENC/custom_macroman.csv
t enc_diff_drone 0 -- diff --format table $ENC/drone_cp1252.csv $ENC/drone_macroman.csv
t enc_diff_custom 0 -- diff --format csv $ENC/custom_cp1252.csv $ENC/custom_macroman.csv
# --encoding wins over the text; from standard input the preset's encoding decides
t enc_encoding_option 0 -- summary --format table --by location --encoding mac-roman $ENC/drone_cp1252.csv
t enc_stdin 0 $ENC/drone_cp1252.csv -- inspect -
t diff_totals_row 0 -- diff --format csv $DD/old.csv $DD/totals.csv
t diff_key 0 -- diff --quiet --format table --map date=When --map location=Place --map city=Town --map killed=Killed $DD/noid_old.csv $DD/noid_new.csv
t diff_unrelated 1 -- diff --quiet $DD/old.csv $DD/unrelated.csv
t diff_blank_id 1 -- diff --quiet $DD/old.csv $DD/blank_id.csv
t diff_bad_key 2 -- diff --quiet --key Twn $DD/noid_old.csv $DD/noid_new.csv
t diff_one_file 2 -- diff $DD/old.csv
t diff_bad_format 2 -- diff --format md $DD/old.csv $DD/revised.csv
# the PBC cell changes are those of the independent R reference (read.csv of
# both files, tests/reference/pbc_v6_yearly.R), white space included
check diff_pbc_matches_reference "$bin diff --quiet --whitespace --format csv $V6 $PBC | python3 -c '
import csv, sys
got = [(r[\"id\"], r[\"column\"], r[\"old\"], r[\"new\"]) for r in csv.DictReader(sys.stdin) if r[\"change\"] in (\"changed\", \"whitespace\")]
want = [(r[\"sn\"], r[\"field\"], r[\"v6\"], r[\"v11\"]) for r in csv.DictReader(open(\"tests/reference/pbc_v6_v11_diff.csv\", encoding=\"utf-8\")) if r[\"change\"] == \"changed\"]
sys.exit(0 if sorted(got) == sorted(want) and len(got) == 15 else 1)'"

# incstat export (issue 16); the read-back by other tools is tests/export/run.sh
t export_help 0 -- export --help
t export_csv_from 0 -- export --from 2017-10 $PBC
t export_jsonl_where 0 -- export --quiet --format jsonl --keep Time --where admin1=Punjab --from 2017 $PBC
t export_raw_json 0 -- export --quiet --raw --format json tests/data/export/ragged.csv
t export_raw_tricky 0 -- export --quiet --raw tests/data/export/tricky.csv
t export_sqlite_needs_file 2 -- export --format sqlite $PBC
t export_raw_no_where 2 -- export --raw --where admin1=Punjab $PBC
t export_bad_format 2 -- export --format parquet $PBC
t export_where_unknown_field 2 -- export --where admn1=Punjab $PBC
t export_unwritable 1 -- export --quiet $PBC -o /nonexistent/dir/x.csv
# a UCDP BRD row naming several countries ("India, Pakistan") matches
# --where country=India in every command that takes --where, as in summary
BRD=tests/data/recognise/ucdp_brd_dyad_year.csv
t list_country_export 0 -- export --quiet --where country=India $BRD
t list_country_claim 0 -- claim --quiet --year 2023 --record --where country=Pakistan $BRD
t list_country_alerts 0 -- alerts --quiet --all --period year --metric killed --baseline 5 --where country=India tests/data/recognise/ucdp_brd_kashmir.csv
t list_country_report 0 -- report --quiet --format html --where country=India $BRD -o $tmp/brd_india.html
check list_country_report_figures "grep -q 'In 2019, 31 people were killed' $tmp/brd_india.html"
# --where compares labels as the summary merges them: case and blanks ignored
t where_spelling_case 0 -- summary --quiet --where admin1=FATA tests/data/recognise/spellings.csv
t where_spelling_blanks 0 -- summary --quiet --where 'admin1=north waziristan' tests/data/recognise/spellings.csv
t where_spelling_pbc 0 -- summary --quiet --total --where admin1=FATA $PBC
# a value typed with a no-break space matches cells with plain, no-break,
# narrow no-break or doubled spaces, in any case; so does ~TEXT
t where_nbsp 0 -- summary --quiet --where $'admin1=Balochistan\xc2\xa0Province' $SPU
t where_nbsp_substring 0 -- summary --quiet --where $'admin1=~CHISTAN\xe2\x80\xafprov' $SPU
# the report's record of the selection quotes each value as the shell would need it
t report_where_quoted 0 -- report --quiet --format html --where "admin1=Balochistan Province" --where "admin1=N'Djamena" $SPU -o $tmp/spu.html
check report_where_quoted_selection "grep -qF \"<td>--where &#39;admin1=Balochistan Province&#39;, --where &#39;admin1=N&#39;\\&#39;&#39;Djamena&#39;</td>\" $tmp/spu.html"
# a header that fits two presets nearly equally names the other in inspect's JSON too
t preset_near_tie_json 0 -- inspect --format json tests/data/recognise/pbc_near_tie.csv

# a table of periods whose count of incidents comes from its columns: a year
# without a row (Pakistan 1971-1973, 1977 in OWID's GTD table) is unknown, not 0
t periods_missing_year_unknown 0 -- summary --quiet --format csv --where country=Pakistan --to 1978 tests/data/published/owid_gtd2018_attacks_by_type_country_year.csv
# German and French headers (Jahr, Getötete, Datum, Tote, Tués, Blessés) recognised with
# no options, so the issue's '2.914' is 2,914 without a single --map
t num_issue_example_no_options 0 -- summary $NUM/issue_example.csv
t num_french_no_options 0 -- summary $NUM/fr.csv
t num_de_excel_no_options 0 -- summary $NUM/de_excel.csv
# a table of periods whose incidents cell is empty or NA in one row (Pakistan 2011):
# that period's incidents are unknown (empty, null, "unknown"), never 1 nor a partial
# sum; the changes from and to it are unknown, killed stays; the report counts the rows
PER1=tests/data/periods/events_empty_cell.csv
PER2=tests/data/periods/events_empty_two_countries.csv
t periods_incidents_empty 0 -- summary $PER1
t periods_incidents_empty_json 0 -- summary --quiet --format json $PER1
t periods_incidents_empty_table 0 -- summary --quiet --format table $PER1
t periods_incidents_empty_total 0 -- summary --quiet --total $PER1
t periods_incidents_empty_headline 0 -- summary --quiet --headline --to 2011 $PER1
t periods_incidents_empty_inspect 0 -- inspect $PER1
t periods_incidents_empty_by_year 0 -- summary --quiet $PER2
t periods_incidents_empty_by_country 0 -- summary --quiet --by country $PER2
t periods_incidents_empty_by_country_year 0 -- summary --quiet --by country --by year $PER2
# the same for a wide table's summed categories (was 1 incident, +10800% after it)
t periods_incidents_sum_missing 0 -- summary --quiet --by country --by year tests/data/load/owid_attacks_missing.csv
# the consumers: a gap, never 0
t periods_incidents_empty_alerts 0 -- alerts --quiet --all --period year --baseline 2 --by country $PER2
t periods_incidents_empty_alerts_baseline 4 -- alerts --quiet --period year --baseline 2 $PER1
t periods_incidents_empty_claim 4 -- claim --quiet --year 2011 --more-than 5 --metric incidents $PER1
t periods_incidents_empty_claim_after 0 -- claim --quiet --year 2013 --more-than 10 --metric incidents $PER1
t periods_incidents_empty_trend 0 -- trend --quiet --metric incidents $PER1
t periods_incidents_empty_chart 0 -- chart bar --quiet --metric incidents --format svg $PER1 -o $tmp/per1.svg
check periods_incidents_empty_chart_gap "grep -q 'n/a' $tmp/per1.svg && grep -q '2011: unknown' $tmp/per1.svg"
t periods_incidents_empty_report 0 -- report --quiet --format html $PER1 -o $tmp/per1.html
check periods_incidents_empty_report_text "grep -q 'the number of incidents is unknown for 1 year' $tmp/per1.html"
# What a row is and what a column means (issue 21): each shape written from scratch in
# tests/data/shapes/, with inspect (what decided), summary (the publisher's numbers with
# no options) and diff (rows matched on entity and period) goldens
SH=tests/data/shapes
for shape in country_year_ccode monthly_periods victim_split subgroup_injured gtd_date_parts; do
  t shape_${shape}_inspect 0 -- inspect $SH/$shape.csv
  t shape_${shape}_summary 0 -- summary $SH/$shape.csv
  t shape_${shape}_diff 0 -- diff --quiet $SH/$shape.csv $SH/${shape}_v2.csv
done
t shape_country_year_ccode_json 0 -- inspect --format json $SH/country_year_ccode.csv
t shape_country_year_ccode_where_code 0 -- summary --quiet --where country=770 $SH/country_year_ccode.csv
t shape_country_year_ccode_by_code 0 -- summary --quiet --by country --from 1994 $SH/country_year_ccode.csv
t shape_country_year_ccode_recode 0 -- summary --quiet --by country --recode country:770=Pakistan --from 1995 $SH/country_year_ccode.csv
t shape_monthly_periods_by_month 0 -- summary --quiet --by month --from 2011-01 --to 2011-06 $SH/monthly_periods.csv
t shape_monthly_periods_table 0 -- summary --quiet --format table $SH/monthly_periods.csv
t shape_year_month_columns 0 -- summary $SH/year_month_columns.csv
t shape_year_month_columns_inspect 0 -- inspect $SH/year_month_columns.csv
t shape_year_month_columns_by_month 0 -- summary --by month --from 2015-05 --to 2015-07 $SH/year_month_columns.csv
t shape_subgroup_only 0 -- summary $SH/subgroup_only.csv
t shape_subgroup_only_inspect 0 -- inspect $SH/subgroup_only.csv
# the advice is an option line that works as printed
t shape_subgroup_only_mapped 0 -- summary --map "injured=Number of Enforcement Injured" $SH/subgroup_only.csv
t shape_victim_split_as_injured 0 -- summary --map 'injured=Civilians+Security+Terrorists' --map killed= $SH/victim_split.csv
t shape_map_sum 0 -- summary --map 'killed=Civilians + Security' $SH/victim_split.csv
t shape_map_sum_missing_column 1 -- summary --map 'killed=Civilians+Police' $SH/victim_split.csv
t shape_map_sum_not_a_count 1 -- summary --map 'country=Civilians+Security' $SH/victim_split.csv
t shape_gtd_date_parts_by_month 0 -- summary --by month --from 2013-01 --to 2013-03 $SH/gtd_date_parts.csv
t shape_gtd_date_parts_export 0 -- export --quiet --format csv $SH/gtd_date_parts.csv
# a sum in a schema: written by incstat schema, read back to the same numbers
t shape_schema_sum 0 -- schema $SH/subgroup_injured.csv
"$bin" schema $SH/subgroup_injured.csv > $tmp/sum.schema 2>/dev/null
check shape_schema_sum_roundtrip "cmp -s <(\"$bin\" summary --quiet $SH/subgroup_injured.csv) <(\"$bin\" summary --quiet --schema $tmp/sum.schema $SH/subgroup_injured.csv)"
# one version: the header's INCSTAT_VERSION is what --version prints, CITATION.cff's
# version, the changelog's latest release and the man page's
hv=$(sed -n 's/^#define INCSTAT_VERSION "\(.*\)"/\1/p' include/incstat/util.h)
check version_header "[ \"\$(\"$bin\" --version)\" = \"incstat $hv\" ]"
check version_citation "grep -qx 'version: $hv' CITATION.cff"
check version_changelog "[ \"\$(grep -m1 '^## [0-9]' CHANGELOG.md | cut -d' ' -f2)\" = '$hv' ]"
check version_man "grep -q '^\\.TH INCSTAT 1 .* \"incstat $hv\"' docs/incstat.1"
# part years (tests/data/partyear, written by make.py there): the last year is
# partial when the data stop before its end by more than the usual gap between
# incidents (or --as-of says so); a part year is set against the same span of
# the year before, never ranked or compared with a whole year
PY=tests/data/partyear
t partyear_headline_april 0 -- summary --quiet --headline $PY/to_20_april.csv
t partyear_headline_december 0 -- summary --quiet --headline $PY/to_2_december.csv
t partyear_headline_whole 0 -- summary --quiet --headline $PY/whole_year.csv
t partyear_table_april 0 -- summary --quiet $PY/to_20_april.csv
t partyear_table_december 0 -- summary --quiet --format table $PY/to_2_december.csv
t partyear_same_span 0 -- summary --quiet --same-span $PY/to_20_april.csv
t partyear_same_span_left_out 0 -- summary --quiet --same-span --year 2024 $PY/to_20_april.csv
t partyear_same_span_json 0 -- summary --quiet --same-span --format json $PY/to_20_april.csv
t partyear_same_span_whole 0 -- summary --quiet --same-span $PY/whole_year.csv
t partyear_same_span_no_year_before 1 -- summary --quiet --same-span --year 2023 $PY/to_20_april.csv
t partyear_same_span_by_month 1 -- summary --quiet --same-span --by month $PY/to_20_april.csv
t partyear_as_of_whole 0 -- summary --quiet --headline --as-of 2025 $PY/to_20_april.csv
t partyear_as_of_month 0 -- summary --quiet --headline --as-of 2025-04 $PY/to_20_april.csv
t partyear_as_of_later 0 -- summary --quiet --headline --as-of 2025-06-30 $PY/to_20_april.csv
t partyear_as_of_before_data 1 -- summary --quiet --as-of 2025-03-01 $PY/to_20_april.csv
t partyear_as_of_bad 2 -- summary --quiet --as-of 2025-13-01 $PY/to_20_april.csv
t partyear_as_of_december 0 -- summary --quiet --headline --as-of 2015-12-31 $PY/to_2_december.csv
t partyear_pbc_as_of 0 -- summary --quiet --headline --as-of 2017-11-30 $PBC
t partyear_pbc_vintage 0 -- summary --quiet --headline --as-of 2016-06-30 --to 2016-06-30 $PBC
t partyear_trend_as_of 0 -- trend --as-of 2017-12-31 --quiet $PBC
t partyear_claim_as_of 3 -- claim --quiet --as-of 2017-12-31 --year 2017 --highest-since 2012 --boot 500 $PBC
t partyear_claim_month 4 -- claim --quiet --as-of 2025-04 --year 2025 --more-than 10 $PY/to_20_april.csv
t partyear_alerts_as_of 0 -- alerts --quiet --all --as-of 2017-11-30 $PBC
t partyear_chart_line 0 -- chart line --quiet --format svg $PY/to_20_april.csv -o $tmp/py_line.svg
check partyear_chart_line_marks "grep -q 'to 20 Apr' $tmp/py_line.svg && grep -q 'the open diamond marks 2024 over the same span' $tmp/py_line.svg"
t partyear_chart_bar 0 -- chart bar --quiet --format svg $PY/to_20_april.csv -o $tmp/py_bar.svg
check partyear_chart_bar_marks "grep -q '2025: partial year, to 20 Apr (hatched); the line across 2024 marks 2024 over the same span' $tmp/py_bar.svg"
t partyear_report 0 -- report --quiet --format html $PY/to_20_april.csv -o $tmp/py.html
check partyear_report_headline "grep -q '1 January to 20 April 2025: 43 people were killed in 113 incidents. In the same span of 2024, 120 were killed in 40 incidents. That is 77 fewer (64.2%).' $tmp/py.html"
# unknown is never 0 (issue 22): a GTD+ACLED-like mix (the ACLED rows have no
# injured, 2018's killed are all blank, some cells blank elsewhere) and
# open-ended values ("40+": low and best 40, high unknown).  An all-unknown sum
# is empty (null, "unknown", n/a); a sum of some known values says how many it
# leaves out; ranks, changes, records, claims, alerts and trends skip the unknown
UNK=tests/data/unknown
t unknown_mix_csv 0 -- summary $UNK/gtd_acled_mix.csv
t unknown_mix_json 0 -- summary --quiet --format json $UNK/gtd_acled_mix.csv
t unknown_mix_table 0 -- summary --quiet --format table $UNK/gtd_acled_mix.csv
t unknown_mix_md 0 -- summary --quiet --format md $UNK/gtd_acled_mix.csv
t unknown_mix_by_admin1 0 -- summary --quiet --format table --by admin1 $UNK/gtd_acled_mix.csv
t unknown_mix_by_month 0 -- summary --quiet --by month --from 2021 --to 2022 $UNK/gtd_acled_mix.csv
t unknown_mix_total 0 -- summary --quiet --total $UNK/gtd_acled_mix.csv
t unknown_mix_total_acled_only 0 -- summary --quiet --total --where admin1=Balochistan $UNK/gtd_acled_mix.csv
t unknown_mix_total_one_killed 0 -- summary --quiet --total --to 2021 --where admin1=Sindh $UNK/gtd_acled_mix.csv
t unknown_mix_headline 0 -- summary --quiet --headline $UNK/gtd_acled_mix.csv
t unknown_mix_headline_unknown_year 0 -- summary --quiet --headline --year 2018 $UNK/gtd_acled_mix.csv
t unknown_mix_headline_after_unknown 0 -- summary --quiet --headline --year 2019 $UNK/gtd_acled_mix.csv
t unknown_mix_claim_record 0 -- claim --quiet --year 2023 --record $UNK/gtd_acled_mix.csv
t unknown_mix_claim_injured 3 -- claim --quiet --year 2021 --record --metric injured $UNK/gtd_acled_mix.csv
t unknown_mix_claim_injured_unknown 4 -- claim --quiet --year 2023 --record --metric injured $UNK/gtd_acled_mix.csv
t unknown_mix_alerts_unknown_baseline 4 -- alerts --quiet --metric killed --period year --baseline 5 $UNK/gtd_acled_mix.csv
t unknown_mix_trend_injured 0 -- trend --metric injured $UNK/gtd_acled_mix.csv
t unknown_mix_trend_compare_unknown 1 -- trend --quiet --metric injured --compare 2021 2023 $UNK/gtd_acled_mix.csv
t unknown_mix_export 0 -- export --quiet --from 2021-11 --to 2022-04 $UNK/gtd_acled_mix.csv
t unknown_mix_chart_bar 0 -- chart bar --quiet --metric injured --format svg $UNK/gtd_acled_mix.csv -o $tmp/unk_bar.svg
check unknown_mix_chart_bar_text "grep -q 'n/a' $tmp/unk_bar.svg && grep -q '2022, 2023, 2024: unknown' $tmp/unk_bar.svg && grep -q 'sum of the known figures only: 2018 (1 unknown), 2019 (1 unknown)' $tmp/unk_bar.svg && grep -q '4\*' $tmp/unk_bar.svg"
t unknown_mix_chart_stacked 0 -- chart stacked --quiet --metric injured --by admin1 --format svg $UNK/gtd_acled_mix.csv -o $tmp/unk_stacked.svg
check unknown_mix_chart_stacked_text "grep -q '2022, 2023, 2024: unknown' $tmp/unk_stacked.svg"
t unknown_mix_report 0 -- report --quiet --format html $UNK/gtd_acled_mix.csv -o $tmp/unk.html
check unknown_mix_report_text "grep -q 'The number injured is unknown in 2022, 2023 and 2024' $tmp/unk.html && grep -q 'The number killed is unknown in 2018' $tmp/unk.html && grep -q '3 injured unknown' $tmp/unk.html"
t unknown_open_ended_csv 0 -- summary $UNK/open_ended.csv
t unknown_open_ended_table 0 -- summary --quiet --format table $UNK/open_ended.csv
t unknown_open_ended_total_high 0 -- summary --quiet --total --estimate high $UNK/open_ended.csv
t unknown_open_ended_chart_range 0 -- chart range --quiet --format svg $UNK/open_ended.csv -o $tmp/unk_range.svg
check unknown_open_ended_chart_range_text "grep -q 'sum of the known figures only: 2006 (1 unknown), 2007 (1 unknown)' $tmp/unk_range.svg"
t unknown_mix_diff 0 -- diff --quiet --format table --key date $UNK/gtd_acled_mix.csv $UNK/gtd_acled_mix_revised.csv
# a table of quarters: year and quarter columns, or "2019-Q1" labels; a year summed
# from quarters with one missing says so
t shape_quarters_inspect 0 -- inspect $SH/quarters.csv
t shape_quarters_summary 0 -- summary $SH/quarters.csv
t shape_quarters_by_quarter 0 -- summary --quiet --by quarter --from 2020 --to 2020 $SH/quarters.csv
t shape_quarter_labels 0 -- summary $SH/quarter_labels.csv
t shape_quarter_labels_inspect 0 -- inspect $SH/quarter_labels.csv
t shape_quarter_labels_export 0 -- export --quiet --format csv $SH/quarter_labels.csv
# a month column that names the months ("January"): a table of months by country
t shape_month_names_inspect 0 -- inspect $SH/month_names.csv
t shape_month_names_by_month 0 -- summary --quiet --by month --to 2020-03 $SH/month_names.csv
# splits with the publisher's initials ("Security Forces (SF)", "Not Specified (NS)"), with
# its own Total beside them, and with a part whose name is not read whole (said, not summed)
t shape_victim_split_initials 0 -- summary $SH/victim_split_initials.csv
t shape_victim_split_total 0 -- summary $SH/victim_split_total.csv
t shape_victim_split_left_out 0 -- summary $SH/victim_split_left_out.csv
# sentences a researcher can paste (issue 24): model comparisons in the AIC bands of
# Burnham & Anderson (2002, p. 70): <= 2 about as well, 2-4 somewhat worse, 4-7 clearly
# worse, 7-10 much worse, > 10 essentially no support; one fixture per band
# (tests/data/words/README.md says how they were drawn)
W=tests/data/words
t words_aic_as_well 0 -- trend --quiet $W/aic_as_well.csv
t words_aic_somewhat 0 -- trend --quiet $W/aic_somewhat.csv
t words_aic_clearly 0 -- trend --quiet $W/aic_clearly.csv
t words_aic_much 0 -- trend --quiet $W/aic_much.csv
t words_aic_no_support 0 -- trend --quiet $W/aic_no_support.csv
check words_aic_bands "grep -q 'A spline smooth fits about as well (AIC 182.2 against 183.1, a difference of 0.95: too small to separate them), so the single rate above is given.' $golden/words_aic_as_well.out && grep -q 'fits somewhat worse than' $golden/words_aic_somewhat.out && grep -q '^Warning: one log-linear trend .* fits clearly worse than' $golden/words_aic_clearly.out && grep -q 'fits much worse than' $golden/words_aic_much.out && grep -q 'fits far worse than .*essentially no support for it' $golden/words_aic_no_support.out && ! grep -q Warning $golden/words_aic_as_well.out $golden/words_aic_somewhat.out"
# the shape quotes the recorded counts and names the fitted ones; a smooth that rises,
# falls and rises again while no change in level is found says how both hold
t words_shape_no_change 0 -- trend --quiet $W/shape_no_change.csv
check words_shape_observed "grep -q 'killed rose from 54 in 2000 to a peak of 193 in 2005, fell to 16 in 2012, and has risen since, to 132 in 2019; the fitted smooth trend was' $golden/words_shape_no_change.out && grep -q '2019,132' $W/shape_no_change.csv && grep -q 'No change in level was found. This does not contradict the rises and falls above' $golden/words_shape_no_change.out"
# one log-linear trend (--smooth 1) against the change points
t words_loglinear_steady 0 -- trend --quiet --smooth 1 $W/loglinear_steady.csv
t words_loglinear_both_ways 0 -- trend --quiet --smooth 1 $W/loglinear_both_ways.csv
t words_loglinear_one_shift 0 -- trend --quiet --smooth 1 $W/loglinear_one_shift.csv
t words_loglinear_against 0 -- trend --quiet --smooth 1 $W/loglinear_against.csv
# by month: every rate with its unit and period (a month per year; a year and a month)
t words_monthly 0 -- trend --by month $W/monthly.csv
t words_monthly_incidents 0 -- trend --quiet --metric incidents --by month $W/monthly.csv
check words_monthly_units "grep -q 'a month per year' $golden/words_monthly.out && grep -q 'mean [0-9.]* a month' $golden/words_monthly.out && grep -q 'fell by about 38% a year or 3.9% a month (95% CI -50% to -22% a year' $golden/words_monthly_incidents.out"
t words_monthly_json 0 -- trend --quiet --format json --by month $W/monthly.csv
# one period of data: the headline, the trend's suggestion, the report's one line
t words_one_year_headline 0 -- summary --quiet --headline $W/one_year.csv
t words_one_year_trend 1 -- trend $W/one_year.csv
t words_one_year_by_month 0 -- trend --quiet --by month $W/one_year.csv
t words_one_part_year_trend 1 -- trend $W/one_part_year.csv
t words_one_year_rows_trend 1 -- trend $W/one_year_rows.csv
t words_one_year_rows_headline 0 -- summary --quiet --headline $W/one_year_rows.csv
t words_one_year_report 0 -- report --quiet --format html $W/one_year.csv -o $tmp/one_year.html
check words_one_year_report_text "grep -q 'It is the only year in the file.' $tmp/one_year.html && grep -q 'No trend is given: the data cover one year, 2021, and a trend needs at least three; incstat trend --by month fits one to the months.' $tmp/one_year.html && grep -q 'With one year in the file there is no change from a year before, no rank and no record: those columns are left out.' $tmp/one_year.html && grep -q '<title>People killed and injured in incidents, 2021</title>' $tmp/one_year.html && ! grep -q 'From 2021 to 2021\|2021 to 2021\|of the 1 on record\|could not be estimated' $tmp/one_year.html && ! grep -q '<th[^>]*>Rank</th>' $tmp/one_year.html"
t words_one_year_rows_report 0 -- report --quiet --format html $W/one_year_rows.csv -o $tmp/one_year_rows.html
check words_one_year_rows_report_text "grep -q 'the rows are years, with nothing finer to fit one to.' $tmp/one_year_rows.html"
t words_one_part_year_report 0 -- report --quiet --format html $W/one_part_year.csv -o $tmp/one_part_year.html
check words_one_part_year_report_text "grep -q 'No trend is given: the data cover only part of 2025, and a trend needs at least three whole years' $tmp/one_part_year.html"
# the report's trend prose: the AIC band with its source, the recorded counts, and
# the change points reconciled with the shape
t words_shape_report 0 -- report --quiet --format html $W/shape_no_change.csv -o $tmp/shape.html
check words_shape_report_text "grep -q 'The number killed rose from 54 in 2000 to a peak of 193 in 2005' $tmp/shape.html && grep -q 'A single log-linear trend fits far worse than it (AIC 211.1 against 200.8, a difference of 10.3: essentially no support for it, by the usual rules of Burnham and Anderson, 2002)' $tmp/shape.html && grep -q 'This does not contradict the rises and falls above' $tmp/shape.html && grep -q 'puts the change in the yearly number killed at' $tmp/shape.html"
t words_aic_as_well_report 0 -- report --quiet --format html $W/aic_as_well.csv -o $tmp/as_well.html
check words_aic_as_well_report_text "grep -q 'A spline smooth fits about as well (AIC 182.2 against 183.1, a difference of 1.0: too small to separate them, by the usual rules of Burnham and Anderson, 2002), so the single rate is given.' $tmp/as_well.html"
t words_one_year_claim 0 -- claim --quiet --year 2021 --record $W/one_year.csv
# issue 23, the command line's finish: one table of options per command drives the
# parser, --help, the man page and the completion (src/cli/options.h); every message
# below is new or changed
# a prefix ranks before edit distance: '--form' is '--format', not '--from'
t option_prefix_suggestion 2 -- summary --form table $PBC
t option_flag_with_value 2 -- summary --headline=yes $PBC
t option_two_values_missing 2 -- trend --compare 2012
t help_options_summary 0 -- help --options summary
t help_options_unknown 2 -- help --options sumary
# the load options may come before the command
t global_quiet 0 -- --quiet summary --from 2016 $PBC
t global_threads_value 0 -- --threads 2 -q summary --from 2016 $PBC
check global_same_as_after "cmp -s $golden/global_quiet.out $golden/global_threads_value.out"
t global_not_a_load_option 2 -- --format json summary $PBC
t global_no_command 2 -- --quiet
# options that do nothing in context are errors
t summary_year_alone 2 -- summary --year 2010 $PBC
t summary_headline_total 2 -- summary --headline --total $PBC
t summary_format_headline 2 -- summary --headline --format json $PBC
t summary_same_span_csv 2 -- summary --same-span --format csv $PBC
t trend_boot_without_compare 2 -- trend --boot 500 $PBC
t trend_window_with_compare 2 -- trend --compare 2012 2013 --window 3 $PBC
t trend_compare_by_month 2 -- trend --compare 2012 2013 --by month $PBC
t chart_trend_on_bar 2 -- chart bar --trend auto $PBC -o $tmp/x.png
t chart_band_on_line 2 -- chart line --band $PBC -o $tmp/x.png
t chart_top_on_bar 2 -- chart bar --top 3 $PBC -o $tmp/x.png
t chart_dpi_on_svg 2 -- chart bar --dpi 300 $PBC -o $tmp/x.svg
t claim_boot_no_incidents 2 -- claim --year 2023 --record --boot 500 "${UCDPS[@]}" $UCDP
t alerts_all_json 2 -- alerts --all --format json $PBC
t alerts_estimate_incidents 2 -- alerts --estimate high $PBC
t report_paper_html 2 -- report --paper letter $PBC -o $tmp/x.html
t report_top_no_incidents 2 -- report --no-incidents --top 3 $PBC -o $tmp/x.pdf
# comparisons that cannot be computed are errors with a reason
t trend_compare_same_year 2 -- trend --compare 2013 2013 $PBC
t trend_compare_both_zero 1 -- trend --quiet --compare 1997 1998 $PBC
t trend_compare_from_zero 0 -- trend --quiet --compare 1996 2002 $PBC
t trend_compare_partial 1 -- trend --quiet --compare 2016 2017 $PBC
t trend_compare_partial_included 0 -- trend --quiet --compare 2016 2017 --include-partial --boot 500 $PBC
# the report's --trend: auto (the default), negbin, poisson
t report_trend_auto 0 -- report --quiet --trend auto --format html $PBC -o $tmp/auto.html
check report_trend_auto_is_default "$bin report --quiet --format html $PBC -o $tmp/default.html && cmp -s $tmp/auto.html $tmp/default.html && grep -q 'The smooth trend is a negative-binomial GLM' $tmp/auto.html"
# one overwrite policy: every -o replaces OUT whole; -o - is standard output where the
# format allows; the input file is never the output
t export_force_refused 2 -- export --force $PBC -o $tmp/x.csv
t export_stdout_dash 0 -- export --quiet --from 2017-11 $PBC -o -
check export_stdout_dash_same "$bin export --quiet --from 2017-11 $PBC | cmp -s - $golden/export_stdout_dash.out"
t export_sqlite_stdout 2 -- export --format sqlite $PBC -o -
cp $MIX $tmp/input.csv
t output_is_input 2 -- export "${MIXMAP[@]}" $tmp/input.csv -o $tmp/input.csv
check output_is_input_kept "cmp -s $MIX $tmp/input.csv"
t chart_output_is_input 2 -- chart bar --format svg "${MIXMAP[@]}" $tmp/input.csv -o $tmp/input.csv
t chart_svg_stdout 0 -- chart bar --quiet --format svg $PBC -o -
check chart_svg_stdout_is_svg "head -c 5 $golden/chart_svg_stdout.out | grep -q '<?xml'"
printf 'old' > $tmp/replace.svg
t chart_replaces 0 -- chart bar --quiet $PBC -o $tmp/replace.svg
check chart_replaces_file "head -c 5 $tmp/replace.svg | grep -q '<?xml'"
if command -v script > /dev/null; then
  check chart_png_terminal_refused "script -qec '$bin chart bar --quiet --format png $PBC -o -' $tmp/pty3.out > /dev/null 2>&1; grep -q 'would write PNG to the terminal' $tmp/pty3.out && ! grep -q PNG.*IHDR $tmp/pty3.out"
  check report_pdf_terminal_refused "script -qec '$bin report --quiet --format pdf $PBC -o -' $tmp/pty4.out > /dev/null 2>&1; grep -q 'would write PDF to the terminal' $tmp/pty4.out"
fi
# the man page's option sections and the completion are made from the tables (make
# docs): stale files fail here; and every option agrees across --help, the man page,
# the completion and the commands in README.md, docs/*.md and the Makefile
check docs_generated_current "bash src/cli/docs.sh $bin check"
check options_consistent "python3 tests/cli/options.py $bin > $tmp/options.log 2>&1 || { cat $tmp/options.log; false; }"
# --by, --where and --recode take the file's own column name for a field (PBC's Province
# is admin1), or say what the column is instead; --where names the nearest values when
# nothing matches; messages about a table of periods name its rows (country-years)
t by_column_name 0 -- summary --quiet --by Province --from 2017 $PBC
check by_column_name_is_admin1 "tail -n +2 $golden/by_column_name.out | cmp -s - <(\"$bin\" summary --quiet --by admin1 --from 2017 $PBC | tail -n +2)"
t where_column_name 0 -- summary --quiet --where 'target type=Shia sect' --where Province=sindh $PBC
t recode_column_name 0 -- summary --quiet --by admin1 --from 2017 --recode Province:Baluchistan=Balochistan $PBC
check recode_column_name_same "cmp -s $golden/recode_column_name.out <(\"$bin\" summary --quiet --by admin1 --from 2017 --recode admin1:Baluchistan=Balochistan $PBC)"
t recode_column_not_read 1 -- summary --quiet --recode Time:Morning=AM $PBC
t by_column_number 2 -- summary --quiet --by 'Killed Max' $PBC
t by_column_not_read 2 -- summary --quiet --by Time $PBC
t by_column_misspelt 2 -- summary --quiet --by Provnice $PBC
t where_not_text 2 -- summary --quiet --where date=2010 $PBC
t where_nearest_country 1 -- summary --where country=Myanmar $UCDP
t where_nearest_two 1 -- summary --quiet --where admin1=Baluch --where city=Lahor $PBC
t where_nearest_stdin 1 $PBC -- summary --quiet --where admin1=Baluch -
t where_none_together 1 -- summary --quiet --where admin1=Punjab --where city=Quetta $PBC
t where_outside_dates 1 -- summary --quiet --where admin1=Punjab --to 1994 $PBC
t claim_where_nearest 4 -- claim --quiet --year 2023 --record --where country=Myanmar $UCDP
t export_where_column_name 0 -- export --quiet --where Province=Sindh --from 2017 $PBC
t report_by_column_name 0 -- report --quiet --by Province --format html $PBC -o $tmp/by_province.html
check report_by_column_name_chart "grep -q 'Province, 1995' $tmp/by_province.html"
# a table of periods has no incidents to resample: the comparison says so, not a
# bootstrap of one country-year against another
t trend_compare_periods 0 -- trend --quiet --compare 2022 2023 --where country=Pakistan $UCDP
t global_then_help 0 -- --quiet --help
check global_then_help_is_usage "cmp -s $golden/global_then_help.out $golden/help_flag.out"
t report_where_nearest 1 -- report --quiet --where country=Myanmar $UCDP -o $tmp/myanmar.html
t unknown_command_prefix 2 -- summ $PBC
check export_rows_written "$bin export --where country=Pakistan $UCY -o $tmp/pk.csv 2>&1 | grep -q ': 36 country-years written (csv)$'"
# every source file names its licence (SPDX), as LICENSE and the README say
check spdx_sources "[ -z \"\$(git ls-files 'src/*.[ch]' 'include/*.h' 'tests/*.[ch]' 'bench/*.c' 'r/src/*.[ch]' 'python/src/*.[ch]' 'python/incstat/*.py' 'r/R/*.R' 2>/dev/null | xargs grep -L 'SPDX-License-Identifier: GPL-3.0-or-later' 2>/dev/null)\" ]"
# workbooks (issue 25): read through the loader like a CSV; the sheet whose table is
# recognised best when several hold values; the same numbers as the CSV they hold
XL=tests/data/xlsx
t xlsx_inspect_gtd_like 0 -- inspect $XL/gtd_like.xlsx
t xlsx_summary_gtd_like 0 -- summary $XL/gtd_like.xlsx
t xlsx_inspect_json 0 -- inspect --format json $XL/gtd_parts.xlsx
t xlsx_summary_pbc 0 -- summary $XL/pbc.xlsx
check xlsx_same_as_csv_gtd "cmp -s <(\"$bin\" summary --quiet $SH/gtd_date_parts.csv) <(\"$bin\" summary --quiet $XL/gtd_parts.xlsx)"
check xlsx_same_as_csv_pbc "cmp -s <(\"$bin\" summary --quiet --format json $PBC) <(\"$bin\" summary --quiet --format json $XL/pbc.xlsx)"
t xlsx_sheet_by_name 0 -- inspect --sheet Notes $XL/gtd_like.xlsx
t xlsx_sheet_by_place 0 -- summary --quiet --sheet 3 $XL/pbc.xlsx
t xlsx_sheet_chart 1 -- summary --sheet 1 $XL/pbc.xlsx
t xlsx_sheet_unknown 1 -- summary --sheet Nope $XL/pbc.xlsx
t xlsx_zip_bomb 1 -- summary $XL/bad_bomb.xlsx
t xlsx_ole2 1 -- summary $XL/bad_ole2.xlsx
t xlsx_export_raw 0 -- export --quiet --raw $XL/gtd_parts.xlsx
t xlsx_export_tidy 0 -- export --quiet $XL/gtd_parts.xlsx
t xlsx_date1904 0 -- inspect $XL/date1904.xlsx
t xlsx_merged 0 -- inspect $XL/merged.xlsx
# statistics files (issue 25): Stata and SPSS through ReadStat, value labels as text,
# tagged missings missing; the same numbers as the CSV they hold
ST=tests/data/stats
SC=tests/data/stats_csv
t stats_inspect_labels 0 -- inspect $ST/generated/labels_tagged.dta
t stats_summary_gtd_dta 0 -- summary $SC/gtd_parts.dta
check stats_same_as_csv_dta "cmp -s <(\"$bin\" summary --quiet $SH/gtd_date_parts.csv) <(\"$bin\" summary --quiet $SC/gtd_parts.dta)"
check stats_same_as_csv_sav "cmp -s <(\"$bin\" summary --quiet $SH/gtd_date_parts.csv) <(\"$bin\" summary --quiet $SC/gtd_parts.sav)"
check stats_same_as_csv_pbc "cmp -s <(\"$bin\" summary --quiet --format json $PBC) <(\"$bin\" summary --quiet --format json $SC/pbc.dta)"
t stats_old_dta_encoding 0 -- inspect --encoding windows-1252 $ST/generated/old_cp1252.dta
t stats_export_tidy 0 -- export --quiet $SC/gtd_parts.dta

# maps (issue 27): golden SVGs of a dot map, a choropleth and panels on small
# fixtures (tests/data/map), and the figures and notes they must carry
MAPCSV=tests/data/map/incidents.csv
MAPGEO=tests/data/map/regions.geojson
t map_dots 0 -- chart map --quiet --boundaries $MAPGEO --color admin1 --north-arrow $MAPCSV -o $tmp/map_dots.svg
svg map_dots
# outside: (71.5, 34) between the regions, (74.3, 35.9), (73, 30.5) in Punjab's hole, (80, 30), (66.5, 29)
check map_dots_note "grep -q '11 of 12 incidents drawn, one dot each, area proportional to killed. 1 without coordinates is not drawn. 2 placed only roughly (province or country) are drawn hollow. 5 fall outside the boundaries drawn.' $tmp/map_dots.svg && grep -q 'Boundaries: regions.geojson' $tmp/map_dots.svg"
t map_dots_omit 0 -- chart map --quiet --boundaries $MAPGEO --precision omit $MAPCSV -o $tmp/map_dots_omit.svg
check map_dots_omit_note "grep -q '9 of 12 incidents drawn.*2 placed only roughly (province or country) are left out' $tmp/map_dots_omit.svg"
t map_fill 0 -- chart map --quiet --fill admin1 --boundaries $MAPGEO $MAPCSV -o $tmp/map_fill.svg
svg map_fill
# Punjab 12+4 (its spelling twice), K.P. NWFP 3 + KPK 40 + N.W.F.P. 1 + FATA 25 merged, Sind 0+7;
# Gilgit and Baluchistan are not regions of the file: named in the note
check map_fill_numbers "tr '\\n' '|' < $tmp/map_fill.svg | grep -q '|Punjab|16|K.P.|69|Sind|7|' && grep -q 'Not on the map (no region of that name): Baluchistan (1), Gilgit (1). 1 incident without a province is not on the map.' $tmp/map_fill.svg && grep -q 'FATA (merged into Khyber Pakhtunkhwa in 2018) is counted in Khyber Pakhtunkhwa' $tmp/map_fill.svg"
t map_fill_from_coords 0 -- chart map --quiet --fill admin1 --metric incidents --admin1-from-coordinates --boundaries $MAPGEO $MAPCSV -o $tmp/map_fill_coords.svg
t map_panels 0 -- chart map --quiet --by year --boundaries $MAPGEO $MAPCSV -o $tmp/map_panels.svg
svg map_panels
check map_panels_titles "tr '\\n' '|' < $tmp/map_panels.svg | grep -q '|2009|2010|2011|'"
t map_fill_periods 0 -- chart map --quiet --fill admin1 --periods 2009-2010,2011 --boundaries $MAPGEO $MAPCSV -o $tmp/map_fill_periods.svg
t map_pbc 0 -- chart map --quiet $PBC -o $tmp/map_pbc.png
t map_summary_from_coords 0 -- summary --quiet --by admin1 --admin1-from-coordinates --boundaries $MAPGEO --format csv $MAPCSV
# wrong input: clear errors
t map_bad_geojson 1 -- chart map --quiet --boundaries tests/fuzz/corpus/geojson/huge $MAPCSV -o $tmp/never.svg
t map_bad_name_field 1 -- chart map --quiet --boundaries $MAPGEO --name-field NAME $MAPCSV -o $tmp/never.svg
t map_bad_periods 2 -- chart map --quiet --periods 2011-2009 $MAPCSV -o $tmp/never.svg
t map_option_elsewhere 2 -- chart bar --quiet --fill admin1 $MAPCSV -o $tmp/never.svg
t map_population_needs_fill 2 -- chart map --quiet --population x.csv $MAPCSV -o $tmp/never.svg
