# bash completion for incstat (installed as share/bash-completion/completions/incstat)
_incstat()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    local load="--preset --map --schema --keep --recode --encoding --delimiter --date-order --decimal --strict --threads --quiet --help"
    local select="--by --where --from --to --estimate --gap --as-of"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "inspect summary trend chart report claim alerts schema diff export help --help --version" -- "$cur"))
        return
    fi
    case $prev in
        --preset) COMPREPLY=($(compgen -W "gtd acled ucdp-ged pbc-suicide pbc-drone ucdp-cy ucdp-brd owid none" -- "$cur")); return ;;
        --encoding) COMPREPLY=($(compgen -W "utf-8 windows-1252 iso-8859-1 mac-roman" -- "$cur")); return ;;
        --date-order) COMPREPLY=($(compgen -W "dmy mdy ymd" -- "$cur")); return ;;
        --decimal) COMPREPLY=($(compgen -W ", ." -- "$cur")); return ;;
        --estimate) COMPREPLY=($(compgen -W "low best high" -- "$cur")); return ;;
        --metric) COMPREPLY=($(compgen -W "killed injured incidents" -- "$cur")); return ;;
        --by) COMPREPLY=($(compgen -W "year month quarter country admin1 admin2 city location perpetrator target type" -- "$cur")); return ;;
        --trend) COMPREPLY=($(compgen -W "auto poisson negbin ols sen" -- "$cur")); return ;;
        --changepoint-cost) COMPREPLY=($(compgen -W "negbin poisson" -- "$cur")); return ;;
        --smooth) COMPREPLY=($(compgen -W "auto 1 2 3 4 5 6 7" -- "$cur")); return ;;
        --theme) COMPREPLY=($(compgen -W "light dark" -- "$cur")); return ;;
        --palette) COMPREPLY=($(compgen -W "okabe-ito greys" -- "$cur")); return ;;
        --paper) COMPREPLY=($(compgen -W "a4 letter" -- "$cur")); return ;;
        --penalty) COMPREPLY=($(compgen -W "bic aic" -- "$cur")); return ;;
        --period) COMPREPLY=($(compgen -W "month quarter year" -- "$cur")); return ;;
        --format)
            case $cmd in
                summary) COMPREPLY=($(compgen -W "table csv tsv json md" -- "$cur")) ;;
                inspect|trend|alerts) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
                claim) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
                chart) COMPREPLY=($(compgen -W "png pdf svg" -- "$cur")) ;;
                report) COMPREPLY=($(compgen -W "pdf html" -- "$cur")) ;;
                diff) COMPREPLY=($(compgen -W "table json csv tsv" -- "$cur")) ;;
                export) COMPREPLY=($(compgen -W "csv tsv jsonl json sqlite" -- "$cur")) ;;
            esac
            return ;;
        --schema|--population|-o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --map|--keep|--recode|--where|--from|--to|--gap|--as-of|--threads|--year|--window|--top|--title|--subtitle|--source|--width|--height|--dpi|--boot|--seed|--min-segment|--delimiter|--key|--compare|--highest-since|--highest-in|--more-than|--fewer-than|--rise-pct|--baseline|--min-count|--claim)
            return ;;
    esac
    local opts
    case $cmd in
        inspect) opts="$load --format" ;;
        schema) opts="$load" ;;
        summary) opts="$load $select --format --headline --same-span --year --total" ;;
        trend) opts="$load $select --metric --window --population --penalty --min-segment --changepoint-cost --smooth --format --compare --boot --seed --include-partial" ;;
        chart)
            if [ "$COMP_CWORD" -eq 2 ]; then
                COMPREPLY=($(compgen -W "bar line range stacked heatmap multiples" -- "$cur"))
                return
            fi
            opts="$load $select -o --output --format --metric --title --subtitle --source --width --height --dpi --theme --palette --trend --window --changepoints --top --band" ;;
        report) opts="$load $select -o --output --format --title --paper --trend --top --claim --no-incidents" ;;
        claim) opts="$load $select --year --highest-since --record --highest-in --more-than --fewer-than --rise-pct --metric --format --include-partial --no-incidents --boot --seed" ;;
        alerts) opts="$load $select --period --baseline --min-count --metric --format --all --no-incidents" ;;
        diff) opts="$load --key --whitespace --format" ;;
        export) opts="$load --where --from --to -o --output --format --force --raw" ;;
        help) COMPREPLY=($(compgen -W "inspect summary trend chart report claim alerts schema diff export" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _incstat incstat
