_aliorder_completion() {
    local out
    out=$(env COMP_WORDS="${COMP_WORDS[*]}" \
              COMP_CWORD=$COMP_CWORD \
              _ALIORDER_COMPLETE=complete_bash $1) || {
        compopt -o default 2>/dev/null
        COMPREPLY=()
        return 0
    }
    COMPREPLY=()
    [[ -n $out ]] && mapfile -t COMPREPLY <<<"$out"
    return 0
}

complete -o nosort -F _aliorder_completion aliorder
