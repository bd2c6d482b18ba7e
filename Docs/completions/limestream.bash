# bash completion for limestream (source it, or copy it to /etc/bash_completion.d/limestream).
# The tests check that it names every command and option of `limestream help COMMAND`.
_limestream() {
    local cur prev words cword
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="validate extract convert send check serve help"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local options
    case ${COMP_WORDS[1]} in
        validate) options="--allow-bom --sequence -s --progress --quiet -q --help -h" ;;
        extract) options="--jobs -j --output -o --progress --quiet -q --help -h" ;;
        convert) options="--mapping --jobs -j --output -o --progress --quiet -q --help -h" ;;
        send) options="--url --mapping --journal --dead-letter --replay --concurrency --rate --timeout --retries --backoff --dry-run --no-check --api-key-file --progress --quiet -q --help -h" ;;
        check) options="--url --mapping --api-key-file --timeout --help -h" ;;
        serve) options="--listen --url --mapping --spool --journal --dead-letter --secret-file --secret-header --path --max-body --deadline --concurrency --rate --timeout --retries --backoff --max-connections --header-timeout --body-timeout --idle-timeout --no-check --api-key-file --help -h" ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac
    case $prev in
        --mapping|--output|-o|--journal|--dead-letter|--replay|--api-key-file|--spool|--secret-file)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --jobs|-j|--url|--concurrency|--rate|--timeout|--retries|--backoff)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _limestream limestream
