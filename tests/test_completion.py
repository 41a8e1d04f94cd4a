"""Shell completion, driven through the real shells the way a buyer's TAB does.

bash: source completions/aliorder.bash, set COMP_WORDS/COMP_CWORD, call the
function, read COMPREPLY. fish: `complete -C LINE`. zsh: a pseudo-terminal
zsh (zpty) types the line and TAB into `vared`, with `compadd` wrapped to
record what is offered (the technique of unix.stackexchange.com/a/668827).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import aliorder_exe, run_process

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = {"bash": ROOT / "completions" / "aliorder.bash",
           "zsh": ROOT / "completions" / "_aliorder",
           "fish": ROOT / "completions" / "aliorder.fish"}
SHELLS = sorted(SCRIPTS)

CANCEL_REASONS = ["duplicate", "no-contact", "other", "out-of-stock", "refuses-to-ship", "wrong-item"]
STATUSES = ["awaiting_delivery", "awaiting_payment", "awaiting_shipment", "cancellation_requested",
            "cancelled", "completed", "delivered", "in_dispute"]

# What the buyer has typed (ending where TAB is pressed) -> what must be offered.
CASES = {
    "commands": ("aliorder ", ["place", "pay", "cancel", "deadlines", "tick", "export", "dispute"]),
    "a command's prefix": ("aliorder dea", ["deadlines"]),
    "subcommands": ("aliorder dispute ", ["open", "escalate", "resolve", "withdraw"]),
    "options": ("aliorder cancel 1 --", ["--reason", "--note", "--report-seller", "--at", "--json"]),
    "reason slugs": ("aliorder cancel 12 --reason ", CANCEL_REASONS),
    "a reason's prefix": ("aliorder cancel 12 --reason out", ["out-of-stock"]),
    "dispute reasons": ("aliorder dispute open 2 --reason ", ["not-received", "not-as-described"]),
    "statuses": ("aliorder list --status ", STATUSES),
    "payment methods": ("aliorder pay 1 --method ", ["paypal", "card", "alipay"]),
    "order IDs": ("aliorder show ", ["1", "2", "3"]),
}


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # scripts/test installs them; a bare machine may lack one
        pytest.skip(f"{name} is not installed")
    return found


@pytest.fixture
def orders(run):
    """Three orders, in the database the shells' aliorder reads (ALIORDER_DB)."""
    run.ok("place", "USB-C cable", "--price", "3.50")
    run.ok("place", "Desk lamp with a very long name that goes on", "--price", "12.99")
    run.ok("place", "Shoes", "--price", "45", "--order-no", "8123456789")


@pytest.fixture
def shell_env(tmp_path) -> dict[str, str]:
    """The environment a shell starts with: `aliorder` on PATH, a home of its own."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "aliorder"
    shim.write_text(f"#!/bin/sh\nexec {shlex.join(aliorder_exe())} \"$@\"\n")
    shim.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(home)}


def _run(argv: list[str], env: dict[str, str]) -> str:
    # In an empty folder, so that a shell falling back to file names offers none.
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=env["HOME"], timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def bash_offers(line: str, env: dict[str, str]) -> list[str]:
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    script = (f"source {shlex.quote(str(SCRIPTS['bash']))}\n"
              f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
              f"COMP_CWORD={len(words) - 1}\n"
              "_aliorder_completion aliorder\n"
              'printf "%s\\n" "${COMPREPLY[@]}"\n')
    return _run([_shell("bash"), "--norc", "--noprofile", "-c", script], env).splitlines()


def fish_offers(line: str, env: dict[str, str]) -> list[str]:
    script = f"source {SCRIPTS['fish']}; complete -C {shlex.quote(line)}"
    return _run([_shell("fish"), "--no-config", "-c", script], env).splitlines()


# Starts a zsh on a pseudo-terminal, types the line and TAB into `vared`, and
# prints every match offered (with its description where zsh shows one).
ZSH_CAPTURE = r"""
zmodload zsh/zpty || exit 3
tab_once() {
  COLUMNS=120 LINES=40  # a pty starts 0x0, which crashes the line editor
  if [[ $how == fpath ]]; then
    fpath=($completion_file:h $fpath)  # as --install-completion does: compinit autoloads it
    autoload -Uz compinit && compinit -u -D
  else
    autoload -Uz compinit && compinit -u -D
    source $completion_file
  fi
  typeset -ga offered=()
  compadd() {
    local -a matches
    builtin compadd -O matches "$@"
    local at=${@[(i)-d]}
    if (( at < $# )); then offered+=("${(@P)${@[at+1]}}"); else offered+=("${matches[@]}"); fi
    builtin compadd "$@"
  }
  bindkey '^I' complete-word
  zle -C complete-word complete-word print-offered
  print-offered() {
    unset 'compstate[vared]'
    _main_complete "$@"
    print -n $'\x02'
    print -nlr -- "${offered[@]}"
    print -n $'\x03'
    exit
  }
  vared -c line
}
completion_file=$1 how=$3
zpty capture tab_once
zpty -w capture "$2"$'\t'
zpty -r capture REPLY $'*\x02'
zpty -r capture REPLY $'*\x03'
zpty -d capture
print -r -- "${REPLY%$'\x03'}"
"""


def zsh_offers(line: str, env: dict[str, str], how: str = "source") -> list[str]:
    out = _run([_shell("zsh"), "-f", "-c", ZSH_CAPTURE, "capture", str(SCRIPTS["zsh"]), line, how], env)
    return [offered.rstrip("\r") for offered in out.splitlines()]


OFFERS = {"bash": bash_offers, "fish": fish_offers, "zsh": zsh_offers}


def _values(offered: list[str]) -> set[str]:
    """The completions themselves, without the descriptions fish and zsh show beside them."""
    return {o.split("\t")[0].split("  -- ")[0].strip() for o in offered}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("shell", SHELLS)
def test_tab_offers(orders, shell_env, shell, case):
    line, expected = CASES[case]
    offered = _values(OFFERS[shell](line, shell_env))
    assert set(expected) <= offered, f"{shell}: {line!r} offered {sorted(offered)}"


@pytest.mark.parametrize("shell", SHELLS)
def test_tab_after_reason_offers_exactly_the_cancellation_reasons(orders, shell_env, shell):
    offered = _values(OFFERS[shell]("aliorder cancel 12 --reason ", shell_env))
    assert offered == set(CANCEL_REASONS)


def test_zsh_offers_on_the_first_tab_when_installed_in_fpath(orders, shell_env):
    """compinit autoloads _aliorder on the first TAB of a new shell; that TAB completes too."""
    offered = _values(zsh_offers("aliorder cancel 12 --reason ", shell_env, how="fpath"))
    assert offered == set(CANCEL_REASONS)


@pytest.mark.parametrize("shell", ["fish", "zsh"])
def test_order_ids_come_with_their_items(orders, shell_env, shell):
    offered = OFFERS[shell]("aliorder show ", shell_env)
    joined = "\n".join(offered)
    assert "USB-C cable" in joined and "Shoes" in joined
    assert any(o.startswith("1") and "USB-C cable" in o for o in offered)


@pytest.mark.parametrize("shell", ["fish", "zsh"])
def test_an_item_is_described_as_typed_not_read_as_markup(run, shell_env, shell):
    run.ok("place", "Cable [red] 2m", "--price", "1.20")
    assert any("Cable [red] 2m" in o for o in OFFERS[shell]("aliorder show ", shell_env))


@pytest.mark.parametrize("shell", SHELLS)
def test_tab_does_not_load_the_output_libraries(orders, shell, tmp_path):
    """Typer runs the program on every TAB: Rich and pendulum stay unloaded (speed)."""
    probe = ("import sys\n"
             "from aliorder.cli import main\n"
             "try:\n    main()\n"
             "finally:\n"
             "    print(sorted(m for m in ('rich', 'pendulum') if m in sys.modules), file=sys.stderr)\n")
    env = {**os.environ, "_ALIORDER_COMPLETE": f"complete_{shell}", "COMP_WORDS": "aliorder show ",
           "COMP_CWORD": "2", "_TYPER_COMPLETE_ARGS": "aliorder show ", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert {"1", "2", "3"} <= set(re.findall(r"\b\d\b", done.stdout)), done.stdout  # the IDs were offered
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("shell", SHELLS)
def test_the_platform_order_number_completes_too(orders, shell_env, shell):
    assert "8123456789" in _values(OFFERS[shell]("aliorder show 812", shell_env))


@pytest.mark.parametrize("shell", SHELLS)
def test_a_broken_database_offers_no_ids_and_no_traceback(shell_env, shell, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_text("{ not json")
    offered = _values(OFFERS[shell]("aliorder show ", shell_env)) - {""}
    assert offered == set()
    assert db_path.read_text() == "{ not json"


@pytest.mark.parametrize("shell", SHELLS)
def test_scripts_in_the_repository_equal_what_the_program_generates(shell):
    generated = run_process("--show-completion", shell,
                            env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert generated.returncode == 0, generated.stderr
    assert SCRIPTS[shell].read_text() == generated.stdout, \
        f"{SCRIPTS[shell].name} is stale: run scripts/gen_completions"
