"""What TAB offers: reason slugs, statuses, methods and the IDs in the database.

Runs on every TAB press, so it imports little and never writes.
"""

# No `from __future__ import annotations`: Typer evaluates these functions' annotations
# on every run, once per option that completes with them.
import os
import re
import sys
from typing import Any, Callable


# The scripts read what the program offers as data, one "value<TAB>description" per line,
# and never evaluate it: Typer's own zsh script `eval`s a generated `_arguments` call, so an
# item such as `x\"); touch /tmp/PWNED; ws=( \"` (product titles are written by sellers)
# ran as shell code on TAB, and apostrophes in descriptions were eaten. Exit status 1 with
# no output means "this value is a file name": only then do the shells offer files.
#
# zsh: always registers with `compdef` when sourced; when compinit autoloads it from $fpath
# (where --install-completion puts it) it completes at once, or the first TAB of every new
# shell would offer nothing (Click's template tells the two apart). compadd quotes what it
# inserts; -U because the program has matched already (`--currency eu` offers EUR); -V keeps
# the program's order (IDs in numeric order).
ZSH_SCRIPT = """
#compdef %(prog_name)s

%(complete_func)s() {
  local out line
  local -a values shown
  out=$(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s) || {
    _files
    return
  }
  for line in "${(@f)out}"; do
    [[ -n $line ]] || continue
    values+=("${line%%%%$'\\t'*}")
    if [[ $line == *$'\\t'* ]]; then
      shown+=("${line%%%%$'\\t'*}  -- ${line#*$'\\t'}")
    else
      shown+=("${line%%%%$'\\t'*}")
    fi
  done
  compset -P '-*='
  (( ${#values} )) && compadd -U -V %(prog_name)s -l -d shown -a values
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # autoloaded from $fpath on the first TAB: complete now
  %(complete_func)s "$@"
else
  # sourced: register for the TABs to come
  compdef %(complete_func)s %(prog_name)s
fi
"""

# bash: mapfile reads the lines as they are (no word splitting, no globbing); the values come
# quoted for bash already; -o nosort keeps IDs in numeric order; files only when asked for.
BASH_SCRIPT = """
%(complete_func)s() {
    local out
    out=$(env COMP_WORDS="${COMP_WORDS[*]}" \\
              COMP_CWORD=$COMP_CWORD \\
              %(autocomplete_var)s=complete_bash $1) || {
        compopt -o default 2>/dev/null
        COMPREPLY=()
        return 0
    }
    COMPREPLY=()
    [[ -n $out ]] && mapfile -t COMPREPLY <<<"$out"
    return 0
}

complete -o nosort -F %(complete_func)s %(prog_name)s
"""

# fish: the condition says "not a file name here", so fish never falls back to file names
# where aliorder completes (an unknown currency prefix offers nothing, not the folder).
FISH_SCRIPT = (
    'complete --command %(prog_name)s --no-files --arguments "(env %(autocomplete_var)s=complete_fish '
    "_TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s)\" "
    '--condition "env %(autocomplete_var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args '
    '_TYPER_COMPLETE_ARGS=(commandline -cp) %(prog_name)s"\n')

# Parameters whose value is a file name (only there do the shells offer files); "FILE..." too.
FILE_METAVARS = frozenset({"FILE", "PATH"})


def adjust_typer_completion() -> None:
    """Our completion scripts and output, set on Typer's (0.28) modules, which typer.main has loaded.

    The scripts go in both places Typer keeps them: _completion_scripts (what --show-completion,
    --install-completion and scripts/gen_completions write) and each class's source_template
    (what `_ALIORDER_COMPLETE=source_zsh` prints); each class's `complete` writes the lines
    those scripts read. Descriptions are shown as they are: Typer reads each as Rich markup,
    importing Rich on every TAB (about 50 ms) and eating bracketed words of an item ("Hub [4
    ports]"); our help texts are plain (rich_markup_mode=None).
    Assigning to a name Typer no longer uses fails silently, so tests/test_completion.py checks
    each effect (the fpath TAB, "Cable [red] 2m", hostile items, no Rich on TAB); pyproject pins
    typer<0.29.
    """
    from typer import _completion_classes as classes, _completion_shared

    for shell, script, cls in (("zsh", ZSH_SCRIPT, classes.ZshComplete),
                               ("bash", BASH_SCRIPT, classes.BashComplete),
                               ("fish", FISH_SCRIPT, classes.FishComplete)):
        _completion_shared._completion_scripts[shell] = script
        cls.source_template = script
    classes.ZshComplete.complete = _complete_zsh
    classes.BashComplete.complete = _complete_bash
    classes.FishComplete.complete = _complete_fish
    classes._sanitize_help_text = _plain


def _plain(text: str) -> str:
    return text


def _offered(shell: Any) -> tuple[list[Any], bool]:
    """What to offer, and whether the value being completed is a file name."""
    args, incomplete = shell.get_completion_args()
    from typer._click.shell_completion import _resolve_context, _resolve_incomplete

    ctx = _resolve_context(shell.cli, shell.ctx_args, shell.prog_name, args)
    obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
    items = obj.shell_complete(ctx, incomplete)
    if not items and incomplete and hasattr(obj, "param_type_name"):
        # A value typed in the other case still completes: `--currency eu` offers EUR (Typer
        # matches prefixes case-sensitively); the shells are told to take it as it is.
        for other in (incomplete.upper(), incomplete.lower()):
            if other != incomplete and not items:
                items = obj.shell_complete(ctx, other)
    wants_files = (getattr(obj, "metavar", None) or "").rstrip(".") in FILE_METAVARS or \
        getattr(getattr(obj, "type", None), "name", None) in ("path", "file")
    return items, wants_files


def safe(text: Any) -> str:
    """One line of plain text: no terminal controls, tabs or newlines (they separate the lines)."""
    from .text import clean

    return clean(" ".join(str(text).split()))


def _lines(items: list[Any], value: Callable[[str], str]) -> str:
    out = []
    for item in items:
        shown = safe(item.value)
        if not shown:
            continue
        help_ = safe(item.help) if item.help else ""
        out.append(f"{value(shown)}\t{help_}" if help_ else value(shown))
    return "\n".join(out)


def _done(items: list[Any], wants_files: bool, text: str) -> str:
    if not items and wants_files:
        sys.exit(1)  # "offer files here"
    return text


def _complete_zsh(self: Any) -> str:
    items, wants_files = _offered(self)
    return _done(items, wants_files, _lines(items, str))


def _complete_fish(self: Any) -> str:
    items, wants_files = _offered(self)
    if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        sys.exit(1 if wants_files and not items else 0)
    return _lines(items, str)


_BASH_PLAIN = r"[\w@%+=:,./-]+"  # compiled by re on first use: completion loads on every run


def bash_quoted(value: str) -> str:
    """`value` as bash must see it on the command line (bash inserts COMPREPLY as it is)."""
    if re.fullmatch(_BASH_PLAIN, value):
        return value
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", value)


def _complete_bash(self: Any) -> str:
    items, wants_files = _offered(self)
    # bash shows no descriptions: the values only.
    return _done(items, wants_files, "\n".join(bash_quoted(v) for v in (safe(i.value) for i in items) if v))


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    return [(value, help_) for value, help_ in pairs if value.startswith(incomplete)]


def cancel_reasons(incomplete: str) -> list[tuple[str, str]]:
    from .domain.slugs import CANCEL_REASONS

    return _matching([(r.slug, r.label) for r in CANCEL_REASONS.values()], incomplete)


def dispute_reasons(incomplete: str) -> list[tuple[str, str]]:
    from .domain.slugs import DISPUTE_REASONS

    return _matching([(r.slug, r.label) for r in DISPUTE_REASONS.values()], incomplete)


def statuses(incomplete: str) -> list[tuple[str, str]]:
    from .domain.slugs import Status

    return _matching([(s.value, "") for s in Status], incomplete)


def payment_methods(incomplete: str) -> list[tuple[str, str]]:
    from .domain.slugs import PAYMENT_METHODS

    return _matching([(m, "") for m in PAYMENT_METHODS], incomplete)


def channels(incomplete: str) -> list[tuple[str, str]]:
    from .domain.slugs import CONTACT_CHANNELS

    return _matching([(c, "") for c in CONTACT_CHANNELS], incomplete)


def deadline_kinds(incomplete: str) -> list[tuple[str, str]]:
    from .domain.deadlines import KINDS

    return _matching([(k.page_name, k.label) for k in KINDS.values() if k.page], incomplete)


def currencies(incomplete: str) -> list[tuple[str, str]]:
    from .money import ISO_4217

    return _matching([(c, "") for c in sorted(ISO_4217)], incomplete.upper())


def order_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The orders in the database the command line names, with their items."""
    from . import idcache
    from .paths import database_path, real_path

    try:
        path = database_path(ctx.find_root().params.get("db"))
    except Exception:  # --db '' and such: no IDs to offer, and no traceback on TAB
        return []
    text = idcache.read(real_path(path))
    if text is None:  # no cache, or one made from another version of the file
        from .storage import DatabaseFile

        try:
            text = idcache.lines(DatabaseFile(path).load().records())
        except Exception:  # a broken database must not break the shell's TAB
            return []
    found = idcache.matching(text, incomplete)
    found.sort(key=lambda pair: (len(pair[0]), pair[0]))
    return found
