# bash completion for incstat (installed as share/bash-completion/completions/incstat)
_incstat()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    local load="--preset --map --schema --keep --encoding --delimiter --date-order --strict --threads --quiet --help"
    local select="--by --where --from --to --estimate --gap"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "inspect summary trend chart report diff export help --help --version" -- "$cur"))
        return
    fi
    case $prev in
        --preset) COMPREPLY=($(compgen -W "gtd acled ucdp-ged pbc-suicide pbc-drone none" -- "$cur")); return ;;
        --encoding) COMPREPLY=($(compgen -W "utf-8 windows-1252 iso-8859-1 mac-roman" -- "$cur")); return ;;
        --date-order) COMPREPLY=($(compgen -W "dmy mdy ymd" -- "$cur")); return ;;
        --estimate) COMPREPLY=($(compgen -W "low best high" -- "$cur")); return ;;
        --metric) COMPREPLY=($(compgen -W "killed injured incidents" -- "$cur")); return ;;
        --by) COMPREPLY=($(compgen -W "year month quarter country admin1 admin2 city location perpetrator target type" -- "$cur")); return ;;
        --trend) COMPREPLY=($(compgen -W "poisson negbin ols sen" -- "$cur")); return ;;
        --theme) COMPREPLY=($(compgen -W "light dark" -- "$cur")); return ;;
        --paper) COMPREPLY=($(compgen -W "a4 letter" -- "$cur")); return ;;
        --penalty) COMPREPLY=($(compgen -W "bic aic" -- "$cur")); return ;;
        --format)
            case $cmd in
                summary) COMPREPLY=($(compgen -W "table csv tsv json md" -- "$cur")) ;;
                inspect|trend) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
                chart) COMPREPLY=($(compgen -W "png pdf svg" -- "$cur")) ;;
                report) COMPREPLY=($(compgen -W "pdf html" -- "$cur")) ;;
                diff) COMPREPLY=($(compgen -W "table json csv tsv" -- "$cur")) ;;
                export) COMPREPLY=($(compgen -W "csv tsv jsonl json sqlite" -- "$cur")) ;;
            esac
            return ;;
        --schema|--population|-o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --map|--keep|--where|--from|--to|--gap|--threads|--year|--window|--top|--title|--subtitle|--source|--width|--height|--dpi|--boot|--seed|--min-segment|--palette|--delimiter)
            return ;;
    esac
    local opts
    case $cmd in
        inspect) opts="$load --format" ;;
        summary) opts="$load $select --format --headline --year --total" ;;
        trend) opts="$load $select --metric --window --population --penalty --min-segment --format --compare --boot --seed --include-partial" ;;
        chart)
            if [ "$COMP_CWORD" -eq 2 ]; then
                COMPREPLY=($(compgen -W "bar line range stacked heatmap multiples" -- "$cur"))
                return
            fi
            opts="$load $select -o --output --format --metric --title --subtitle --source --width --height --dpi --theme --palette --trend --window --changepoints --top --band" ;;
        report) opts="$load $select -o --output --format --title --paper --trend --top" ;;
        diff) opts="$load --key --whitespace --format" ;;
        export) opts="$load --where --from --to -o --output --format --force --raw" ;;
        help) COMPREPLY=($(compgen -W "inspect summary trend chart report diff export" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _incstat incstat
