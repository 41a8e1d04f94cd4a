"""Text from the database never reaches a shell as code, nor a terminal as controls, on TAB.

Product titles and order numbers are written by sellers (and by hand edits, and imports).
Typer's zsh script `eval`ed a generated `_arguments` call, so pressing TAB after
`aliorder show ` in a real interactive zsh (a line editor on a pseudo-terminal) ran the
item's shell code. Each shell here is the real one, as in tests/test_completion.py.
"""

from __future__ import annotations

import json

import pytest

from tests.test_completion import OFFERS, SHELLS, bash_offers, fish_offers, shell_env  # noqa: F401 (a fixture)


def _hostile(run, db_path) -> None:
    """Two orders whose item and order number would run `touch MARKER` if evaluated."""
    run.ok("place", "Lamp", "--price", "1")
    run.ok("place", "Cable", "--price", "2")
    data = json.loads(db_path.read_bytes())
    # Relative: the shells run in their HOME; short, as the ID cache keeps 60 characters.
    code = 'x\\"); touch PWNED; ws=( \\"'
    data["orders"]["1"]["item"] = code + " \x1b]0;owned\x07\x1b[31mred\u202e"
    data["orders"]["2"]["order_no"] = "9$(touch PWNED)`touch PWNED`;touch PWNED\x1b[2J"
    data["orders"]["2"]["item"] = "it's Tom's \"cable\" $HOME `id` [x] *"
    db_path.write_text(json.dumps(data))


@pytest.fixture(params=["parsed", "cached"])
def hostile(request, run, db_path, tmp_path):
    marker = tmp_path / "home" / "PWNED"  # shell_env's HOME, where the shells run
    _hostile(run, db_path)
    if request.param == "cached":
        run.ok("pay", "1")  # a write: the ID cache is made from the hostile records
        assert (db_path.parent / ".orders.json.ids").exists()
    return marker


@pytest.mark.parametrize("shell", SHELLS)
def test_tab_runs_nothing_from_the_database_and_shows_no_controls(hostile, shell_env, shell):
    for line in ("aliorder show ", "aliorder show 9", "aliorder pay "):
        offered = OFFERS[shell](line, shell_env)
        assert not hostile.exists(), f"{shell}: TAB after {line!r} ran the database's text"
        joined = "\n".join(offered)
        assert "\x1b" not in joined and "\x07" not in joined and "\u202e" not in joined, repr(joined)
    assert not hostile.exists()


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_items_are_described_as_written_apostrophes_and_all(hostile, shell_env, shell):
    joined = "\n".join(OFFERS[shell]("aliorder show ", shell_env))
    assert "it's Tom's \"cable\" $HOME `id` [x] *" in joined
    assert "touch" in joined  # shown as the text it is


def test_bash_quotes_a_hostile_order_number_so_the_line_stays_one_word(hostile, shell_env):
    offered = bash_offers("aliorder show 9", shell_env)
    assert len(offered) == 1
    word = offered[0]
    import shlex

    assert shlex.split(word) == ["9$(touch PWNED)`touch PWNED`;touch PWNED[2J"]


# --- small things a daily user notices (issue 15) ------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_a_lower_case_currency_prefix_offers_the_code(shell_env, shell):
    offered = {o.split("\t")[0].split("  -- ")[0].strip() for o in OFFERS[shell]("aliorder place x --price 1 --currency eu", shell_env)}
    assert "EUR" in offered


def test_fish_offers_no_file_names_where_aliorder_completes(shell_env):
    from pathlib import Path

    (Path(shell_env["HOME"]) / "zz-notes.txt").write_text("a file fish could offer")
    assert fish_offers("aliorder place x --price 1 --currency zz", shell_env) == []
    assert fish_offers("aliorder show zz", shell_env) == []
    # where a file name is what is asked for, files are offered
    assert "zz-notes.txt" in fish_offers("aliorder export --ics zz", shell_env)
    assert "zz-notes.txt" in fish_offers("aliorder import zz", shell_env)  # FILE...
    assert "zz-notes.txt" in fish_offers("aliorder --db zz", shell_env)
    zsh = OFFERS["zsh"]
    assert "zz-notes.txt" in "\n".join(zsh("aliorder import zz", shell_env))
    assert "zz-notes.txt" not in "\n".join(zsh("aliorder place x --price 1 --currency zz", shell_env))


def test_bash_offers_ids_in_numeric_order_and_keeps_that_order(run, shell_env):
    for n in range(12):
        run.ok("place", f"Thing {n}", "--price", "1")
    assert bash_offers("aliorder show ", shell_env) == [str(n) for n in range(1, 13)]
    import shutil
    import subprocess
    from tests.test_completion import SCRIPTS

    shown = subprocess.run([shutil.which("bash"), "--norc", "-c", f"source {SCRIPTS['bash']}; complete -p aliorder"],
                           capture_output=True, text=True).stdout
    assert "-o nosort" in shown  # bash would sort 1, 10, 11, 12, 2, ... otherwise


@pytest.mark.slow
def test_the_zsh_exploit_in_a_real_interactive_zsh_under_tmux(hostile, shell_env, tmp_path):
    """As a buyer meets it: an interactive zsh in a terminal (tmux), compinit, the script
    sourced, `aliorder show ` and TAB pressed twice (the second lists the matches)."""
    import shutil
    import subprocess
    import time

    from tests.test_completion import SCRIPTS, _shell

    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed")
    zsh = _shell("zsh")
    socket = str(tmp_path / "tmux.sock")
    home = shell_env["HOME"]
    env = {**shell_env, "TERM": "xterm-256color"}
    rc = tmp_path / "home" / ".zshrc"
    rc.write_text(f"autoload -Uz compinit && compinit -u -D\nsource {SCRIPTS['zsh']}\nPS1='ready> '\n")

    def tm(*args):
        return subprocess.run([tmux, "-S", socket, *args], capture_output=True, text=True, env=env, timeout=30)

    def screen() -> str:
        return tm("capture-pane", "-p", "-e", "-t", "buyer").stdout

    def wait_for(text: str) -> str:
        for _ in range(200):
            shown = screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        return screen()

    tm("new-session", "-d", "-s", "buyer", "-x", "160", "-y", "40", "-c", home,
       f"env ZDOTDIR={home} HOME={home} {zsh} -i")
    try:
        assert "ready>" in wait_for("ready>")
        tm("send-keys", "-t", "buyer", "aliorder show ", "Tab", "Tab")
        shown = wait_for("Tom")
        title = tm("display-message", "-p", "-t", "buyer", "#{pane_title}").stdout
        tm("send-keys", "-t", "buyer", "C-c", "")
        tm("send-keys", "-t", "buyer", "echo done-$((6*7))", "Enter")
        wait_for("done-42")
    finally:
        tm("kill-server")
    assert not hostile.exists(), "TAB in an interactive zsh ran the database's text"
    assert "Tom's" in shown  # the items were listed, apostrophes and all
    # the item's controls were dropped (their printable rest is shown as text): no red, no title
    assert "]0;owned[31mred" in shown and "\x1b[31mred" not in shown and "\x1b]0" not in shown
    assert "owned" not in title
