"""kill -9 at random moments while aliorder writes notes and takes them back, on a database of a
few MB: the undo journal and the orders are always from the same moment.

After every kill the file parses and holds the notes of every acknowledged command, with the
one in flight either done or not; and the whole journal still fits the file: each of its steps,
newest first, can be taken back from the state the steps after it leave (a journal one write
ahead of or behind the orders would fail that). The children are forked as in test_crash.py.
"""

from __future__ import annotations

import os
import random
import time

import pytest

from aliorder.storage import DatabaseFile, journal

from tests.conftest import Cli
from tests.test_crash import _build_big_database, killed_after

KILLS = 60
LONGEST_DELAY = 0.4


def _child(write_end: int, first: int, undoable: int) -> None:
    """Note, undo, note, ... until killed; never returns. It undoes only while the journal holds
    a note to take back (`undoable` of them when it starts), so an undo never reaches the
    order's placing, nor an empty journal."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    run = Cli()
    k = first
    while True:
        token = f"t{k}"
        kind = "undo" if k % 2 and undoable > 0 else "note"
        os.write(write_end, f"begin {token} {kind}\n".encode())
        ran = run("undo", "--yes") if kind == "undo" else run("note", "1", token)
        undoable = undoable - 1 if kind == "undo" else min(undoable + 1, journal.MAX_STEPS)
        os.write(write_end, f"{'ack' if ran.exit_code == 0 else 'failed'} {token} {kind}\n".encode())
        k += 1


def _undoable(db_path) -> int:
    """How many notes the journal can take back, newest first, before it reaches another step."""
    stored = DatabaseFile(db_path).load()
    steps = stored.tables.get(journal.JOURNAL, {})
    n = 0
    for seq in sorted(steps, key=int, reverse=True):
        if not steps[seq]["what"].startswith("note"):
            break
        n += 1
    return n


def _notes(stored) -> list[str]:
    return [e["note"] for e in stored.record("1")["events"] if e["kind"] == "noted"]


def _whole_journal_fits(db_path) -> int:
    stored = DatabaseFile(db_path).load()
    steps = 0
    while (step := journal.last(stored)) is not None:
        journal.take_back(stored, step)  # raises if the step does not fit the orders
        steps += 1
    return steps


@pytest.mark.slow
def test_kill_9_never_parts_the_journal_from_the_orders(run, db_path):
    size = _build_big_database(run, db_path)
    seed = int(os.environ.get("CRASH_SEED", time.time_ns()))
    print(f"CRASH_SEED={seed}")
    rng = random.Random(seed)
    # Kills must land inside commands, on a machine as loaded as it is now: time one first.
    started = time.perf_counter()
    run.ok("note", "1", "before the kills")
    longest = max(LONGEST_DELAY, 2 * (time.perf_counter() - started))
    expected: list[str] = ["before the kills"]
    next_token = mid_command = undos = undos_killed = 0
    for kill in range(KILLS):
        undoable = _undoable(db_path)
        lines = killed_after(lambda log, token=next_token, can=undoable: _child(log, token, can),
                             rng.uniform(0, longest))
        in_flight = None
        for word, token, kind in lines:
            if word == "begin":
                in_flight = (token, kind)
            elif word == "ack":
                in_flight = None
                if kind == "undo":
                    expected.pop()
                    undos += 1
                else:
                    expected.append(token)
        next_token += sum(1 for line in lines if line[0] == "begin")
        mid_command += in_flight is not None
        undos_killed += in_flight is not None and in_flight[1] == "undo"

        notes = _notes(DatabaseFile(db_path).load())  # raises if the file does not parse
        allowed = [expected]
        if in_flight is not None:
            allowed.append(expected[:-1] if in_flight[1] == "undo" else expected + [in_flight[0]])
        assert notes in allowed, (kill, in_flight, notes[-3:], expected[-3:])
        expected = notes
        assert _whole_journal_fits(db_path) >= 1

    assert mid_command >= KILLS // 2, mid_command
    assert undos_killed >= KILLS // 10, undos_killed  # kills inside an undo, too
    print(f"\nundo crash: {KILLS} kills of a {size / 1e6:.1f} MB database, {mid_command} mid-command "
          f"({undos_killed} inside an undo); {next_token} commands, {undos} acknowledged undos; "
          "after every kill the notes were those "
          "before or after the command in flight, and every step of the journal could be taken back")
