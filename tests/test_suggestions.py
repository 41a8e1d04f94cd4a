"""Every command aliorder suggests is one it would accept for that order at that moment, unless
the suggestion names the later moment: refusals' ways out, tick's advice, edit's example.

In-process, so off a terminal: a suggestion runs as printed, or ends with the option still to
choose and names its choices on the next line (never `a|b`, never a placeholder such as
`--reason ...`, `AMOUNT`, `N`)."""

from __future__ import annotations

import re
import shlex

import pytest

from .conftest import T0, days, hours

PLACEHOLDERS = re.compile(r"\|| \.\.\.|\bAMOUNT\b|\bN\b|\bWHEN\b|\bDAYS\b|\bNO\b")


def suggestions(text: str) -> list[list[str]]:
    """Each `aliorder ...` command in `text`, with the first choice named under an open option."""
    found: list[list[str]] = []
    for line in text.splitlines():
        if "aliorder " in line and not line.strip().startswith("--"):
            command = line[line.index("aliorder "):]
            assert not PLACEHOLDERS.search(command), line
            words = shlex.split(command.split("  ")[0])[1:]
            words = [w for w in words if not w.startswith("(")]
            found.append(words)
        elif line.strip().startswith("--") and found:
            flag, named = line.strip().split(": ", 1)
            assert found[-1][-1] == flag, (line, found[-1])
            found[-1].append(named[len("one of "):].split(", ")[0] if named.startswith("one of ") else "3")
    return found


def runs_then(run, db_path, text: str, at) -> int:
    """Run each suggestion of `text` at `at` (each on the database as it was): all exit 0."""
    kept = db_path.read_bytes()
    commands = suggestions(text)
    for command in commands:
        ran = run(*command, at=at)
        assert ran.exit_code == 0, (command, ran.stderr)
        db_path.write_bytes(kept)
    return len(commands)


@pytest.fixture
def paid_2h(run):
    run.ok("place", "Lamp", "--price", "5", "--processing-days", "9", at=T0)
    run.ok("pay", "1", at=T0 + hours(0.1))
    return T0 + hours(2)


@pytest.mark.parametrize("args", [
    ("seller", "approve", "1"), ("seller", "reject", "1"), ("dispute", "escalate", "1"),
    ("dispute", "resolve", "1", "--rejected"), ("dispute", "withdraw", "1"),
    ("dispute", "open", "1", "--reason", "not-received")])
def test_a_way_out_not_possible_yet_names_the_moment_and_runs_then(run, db_path, paid_2h, args):
    ran = run(*args, at=paid_2h)
    assert ran.exit_code == 1
    assert "2027-03-02 10:06" in ran.stderr and "{when}" not in ran.stderr, ran.stderr
    assert "aliorder cancel 1 --reason\n  --reason: one of wrong-item, " in ran.stderr
    assert runs_then(run, db_path, ran.stderr, T0 + days(1) + hours(1)) == 1


def test_cancel_of_a_shipped_order_points_at_a_dispute_that_runs(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("ship", "1", at=T0 + days(1))
    ran = run("cancel", "1", "--reason", "duplicate", at=T0 + days(2))
    assert ran.exit_code == 1
    assert "Open a dispute instead: aliorder dispute open 1 --reason\n  --reason: one of not-received," in ran.stderr
    assert runs_then(run, db_path, ran.stderr, T0 + days(2)) == 1


def test_extend_without_a_processing_time_points_at_edit_of_that_order(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("place", "Cable", "--price", "5", at=T0)
    run.ok("pay", "2", at=T0)
    ran = run("extend", "2", "--days", "3", at=T0 + days(1))
    assert ran.exit_code == 1
    assert "aliorder edit 2 --processing-days\n  --processing-days: the processing time" in ran.stderr
    assert "place" not in ran.stderr
    assert runs_then(run, db_path, ran.stderr, T0 + days(1)) == 1


def test_edit_with_nothing_to_change_gives_an_example_for_the_order_given(run, db_path):
    for item in ("A", "B", "C", "D"):
        run.ok("place", item, "--price", "5", at=T0)
    ran = run("edit", "1", at=T0)
    assert ran.exit_code == 2
    assert "aliorder edit 1 --price 3.50" in ran.stderr and "edit 3" not in ran.stderr


def test_two_ways_out_are_two_command_lines(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("cancel", "1", "--reason", "out-of-stock", at=T0 + days(2))
    ran = run("cancel", "1", "--reason", "wrong-item", at=T0 + days(3))
    assert "Record the answer:\n  aliorder seller approve 1\n  aliorder seller reject 1\n" in ran.stderr
    assert runs_then(run, db_path, ran.stderr, T0 + days(3)) == 2


def test_tick_gives_an_offer_to_accept_or_escalate_as_two_commands(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("ship", "1", at=T0 + days(1))
    run.ok("dispute", "open", "1", "--reason", "damaged", at=T0 + days(2))
    run.ok("dispute", "offer", "1", "--refund", "2", at=T0 + days(3))
    for day in range(4, 30):
        told = run.ok("tick", at=T0 + days(day)).stdout
        if "aliorder dispute" in told:
            break
    else:
        pytest.fail("tick never told of the offer")
    assert "|" not in told
    assert "aliorder dispute accept 1\n" in told and "aliorder dispute escalate 1\n" in told
    advice = told.split("\n", 1)[1]  # under the heading "aliorder tick, <date>: ..."
    assert runs_then(run, db_path, advice, T0 + days(day)) == 2


def test_an_empty_list_suggests_a_place_that_runs(run, db_path):
    ran = run("list", at=T0)
    assert "ITEM" not in ran.stderr and "--price P" not in ran.stderr
    command = shlex.split(ran.stderr[ran.stderr.index("aliorder place"):])[1:]
    assert run(*command, at=T0).exit_code == 0


def test_show_with_the_clock_behind_the_history_does_not_call_the_order_over(run):
    """A clock moved back: every event command is refused (before the last event), but an
    unpaid order is not over; show said "Nothing more: this order is over"."""
    run.ok("place", "Desk lamp", "--price", "9.90", at=T0)
    shown = run.ok("show", "1", at=T0 - days(3)).stdout
    assert "this order is over" not in shown
    assert "Nothing until 2027-03-01 10:00" in shown and "clock" in shown
    run.ok("place", "Mug", "--price", "2", at=T0)
    run.ok("cancel", "2", "--reason", "duplicate", at=T0 + days(2))
    assert "this order is over" in run.ok("show", "2", at=T0 + days(3)).stdout
