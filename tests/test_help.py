"""Every command, present and future, explains itself in one line and shows an example."""

from __future__ import annotations

import os
import re

import pytest
import typer

from aliorder import cli


def _is_group(command) -> bool:
    return hasattr(command, "list_commands")


def _commands(group, ctx: typer.Context, path: tuple[str, ...] = ()):
    """Every command under `group`, depth first, with its path of names (Typer's click tree)."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*path, name), command
        if _is_group(command):
            yield from _commands(command, typer.Context(command, info_name=name, parent=ctx), (*path, name))


def _all_commands() -> list:
    root = typer.main.get_command(cli.app)
    assert _is_group(root)
    return list(_commands(root, typer.Context(root, info_name="aliorder")))


ALL = _all_commands()


def test_the_walk_reaches_the_subcommands_of_every_group():
    names = {" ".join(path) for path, _ in ALL}
    assert {"place", "cancel", "deadlines", "tick", "export", "seller approve", "seller reject",
            "dispute open", "dispute resolve", "refund received"} <= names


@pytest.mark.parametrize("path,command", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_command_has_a_one_line_summary_and_an_example(run, path, command):
    summary = command.get_short_help_str(limit=200)
    assert summary and not summary.endswith("..."), f"{path}: the summary must fit on one line"
    assert len(summary) <= 100, f"{path}: keep the summary under 100 characters: {summary!r}"
    shown = run.ok(*path, "--help").stdout
    assert summary.split(";")[0] in " ".join(shown.split())
    if _is_group(command):
        return
    # An example is the paragraph that starts with "Example:" (the help may wrap it).
    examples = [" ".join(p.split()) for p in re.split(r"\n\s*\n", shown) if p.strip().startswith("Example:")]
    assert examples, f"aliorder {' '.join(path)} --help shows no 'Example:'"
    # Global options such as --db may come between the program and the command.
    runs_it = re.search(rf"\baliorder( --\S+ \S+)* {re.escape(' '.join(path))}\b", examples[0])
    assert runs_it, f"the example must run this command: {examples[0]}"


def test_each_command_is_built_from_the_module_the_cli_table_names_in_the_order_help_lists():
    import typer.main

    registered = {(info.name or typer.main.get_command_name(info.callback.__name__)): info.callback.__module__
                  for info in cli.app.registered_commands}
    for group in cli.app.registered_groups:
        modules = {info.callback.__module__ for info in group.typer_instance.registered_commands}
        assert len(modules) == 1, (group.name, modules)
        registered[group.name] = modules.pop()
    assert {name: f"aliorder.cli.{module}" for name, module in cli.COMMANDS.items()} == registered
    # Typer's own order (commands as registered, then groups) is the order --help lists.
    assert list(cli.COMMANDS) == list(registered)


def test_a_command_imports_only_its_own_module_of_commands(tmp_path):
    import subprocess
    import sys

    probe = ("import sys\nsys.argv = ['aliorder', *sys.argv[1:]]\nfrom aliorder.start import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('aliorder.cli.')), file=sys.stderr)\n")
    env = {**os.environ, "ALIORDER_DB": str(tmp_path / "orders.json")}
    for args, loaded in ((["list"], ["aliorder.cli.common", "aliorder.cli.views"]),
                         (["pay", "1"], ["aliorder.cli.common", "aliorder.cli.orders"]),
                         (["dispute", "open", "--help"], ["aliorder.cli.common", "aliorder.cli.disputes"])):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env)
        assert done.stderr.splitlines()[-1] == repr(loaded), (args, done.stderr)


@pytest.mark.parametrize("group", ["dispute", "seller", "refund", "protection"])
def test_a_group_without_its_command_shows_its_help_one_line_each(group):
    """`aliorder dispute` alone shows the group's help with its newlines, not one long line
    (the usage error's message was cleaned of controls, newlines included)."""
    from tests.conftest import run_process

    ran = run_process(group)
    lines = ran.stderr.splitlines()
    assert f"Usage: aliorder {group} [OPTIONS] COMMAND [ARGS]..." in lines
    assert "Commands:" in lines
    assert any(line.startswith("Example: aliorder ") for line in (line.strip() for line in lines))
    assert ran.stdout == ""
