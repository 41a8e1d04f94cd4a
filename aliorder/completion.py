"""What TAB offers: reason slugs, statuses, methods and the IDs in the database.

Runs on every TAB press, so it imports little and never writes.
"""

# No `from __future__ import annotations`: Typer evaluates these functions' annotations
# on every run, once per option that completes with them.
from typing import Any


# Typer's zsh script always registers itself with `compdef`: right when it is sourced, but
# when compinit autoloads it from $fpath (where --install-completion puts it) the first TAB
# of every new shell offers nothing. Click's template tells the two apart; use it.
ZSH_SCRIPT = """
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # autoloaded from $fpath on the first TAB: complete now
  %(complete_func)s "$@"
else
  # sourced: register for the TABs to come
  compdef %(complete_func)s %(prog_name)s
fi
"""


def adjust_typer_completion() -> None:
    """Two fixes to Typer's completion (0.28), set on its modules, which typer.main has loaded.

    zsh: ZSH_SCRIPT, in both places Typer keeps its script: _completion_scripts (what
    --show-completion, --install-completion and scripts/gen_completions write) and
    ZshComplete.source_template (what `_ALIORDER_COMPLETE=source_zsh` prints).
    zsh, fish (and PowerShell): Typer reads each description as Rich markup, importing Rich on
    every TAB (about 50 ms) and eating bracketed words of an item ("Hub [4 ports]"); our help
    texts are plain (rich_markup_mode=None), so descriptions are shown as they are.
    Assigning to a name Typer no longer uses fails silently, so tests/test_completion.py checks
    each effect (the fpath TAB, "Cable [red] 2m", no Rich on TAB); pyproject pins typer<0.29.
    """
    from typer import _completion_classes, _completion_shared

    _completion_shared._completion_scripts["zsh"] = ZSH_SCRIPT
    _completion_classes.ZshComplete.source_template = ZSH_SCRIPT
    _completion_classes._sanitize_help_text = _plain


def _plain(text: str) -> str:
    return text


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


def currencies(incomplete: str) -> list[tuple[str, str]]:
    from .money import ISO_4217

    return _matching([(c, "") for c in sorted(ISO_4217)], incomplete.upper())


def order_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The orders in the database the command line names, with their items."""
    from . import idcache
    from .paths import database_path, real_path

    path = database_path(ctx.find_root().params.get("db"))
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
