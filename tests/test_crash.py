"""kill -9 at random moments while aliorder writes a database of a few MB, 200 times.

After every kill the file parses and holds exactly the state before or after the
interrupted command: every acknowledged write, plus at most the one in flight.
Leftover temp files are swept by the next command.

Each writer is a child forked from the test process with aliorder already imported
(a real process, killed by SIGKILL), so a kill costs its random delay, not an
interpreter start-up. The child writes "begin TOKEN" to a pipe before each command
and "ack TOKEN" after it exits 0; each command adds exactly one TOKEN to the file
(a new order's item, or a note in order 1's history).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from aliorder.storage import DatabaseFile, backup_paths, read_backup

from tests.conftest import Cli

KILLS = 200
LONGEST_DELAY = 0.25        # seconds; several commands fit in it, so kills land anywhere
PADDING_ORDERS = 4000       # about 3 MB


def _build_big_database(run: Cli, db_path) -> int:
    import orjson

    run.ok("place", "Order one, whose history gets the notes", "--price", "1.00")
    data = orjson.loads(db_path.read_bytes())
    template = data["orders"]["1"]
    for n in range(2, PADDING_ORDERS + 2):
        data["orders"][str(n)] = {**template, "item": f"padding {n} " + "x" * 400}
    db_path.write_bytes(orjson.dumps(data))
    return db_path.stat().st_size


def _child(write_end: int, first: int) -> None:
    """Writes until killed; never returns."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    run = Cli()
    k = first
    while True:
        token = f"t{k}"
        os.write(write_end, f"begin {token}\n".encode())
        if k % 2:
            ran = run("contact", "1", "--via", "chat", "--note", token)
        else:
            ran = run("place", token, "--price", "1.00")
        if ran.exit_code == 0:
            os.write(write_end, f"ack {token}\n".encode())
        else:
            os.write(write_end, f"failed {token} {ran.exit_code}\n".encode())
        k += 1


def _tokens_in(db_path) -> tuple[set[str], int]:
    orders = DatabaseFile(db_path).read()["orders"]      # raises if the file does not parse
    tokens = {doc["item"] for doc in orders.values() if doc["item"].startswith("t")}
    tokens |= {e["note"] for e in orders["1"]["events"] if e["kind"] == "contacted"}
    return tokens, len(orders)


@pytest.mark.slow
def test_kill_9_during_writes_never_loses_an_acknowledged_write(run, db_path):
    size = _build_big_database(run, db_path)
    assert size > 2_000_000
    seed = int(os.environ.get("CRASH_SEED", time.time_ns()))
    print(f"CRASH_SEED={seed}")                            # shown on failure, to replay it
    rng = random.Random(seed)
    acked: set[str] = set()
    placed = 0
    mid_command = leftovers_seen = 0
    next_token = 0
    for kill in range(KILLS):
        lines = killed_after(lambda log, token=next_token: _child(log, token),
                             rng.uniform(0, LONGEST_DELAY))
        begun = [line[1] for line in lines if line[0] == "begin"]
        done = {line[1] for line in lines if line[0] == "ack"}
        in_flight = set(begun) - done
        assert len(in_flight) <= 1
        mid_command += bool(in_flight)
        acked |= done
        placed += sum(1 for t in done if int(t[1:]) % 2 == 0)
        next_token += len(begun)

        tokens, count = _tokens_in(db_path)
        # The state before the interrupted command, or the state after it: nothing else.
        assert acked <= tokens <= acked | in_flight, (kill, tokens ^ acked)
        placed_in_flight = sum(1 for t in tokens - acked if int(t[1:]) % 2 == 0)
        assert count == 1 + PADDING_ORDERS + placed + placed_in_flight
        acked |= tokens            # a command that landed before the kill is now history
        placed += placed_in_flight

        if list(db_path.parent.glob(".*.tmp")):
            leftovers_seen += 1
            assert run("show", "1").exit_code == 0      # the next command, a read, sweeps them
            assert not list(db_path.parent.glob(".*.tmp"))

    for backup in backup_paths(db_path):
        if backup.exists():
            read_backup(backup)                            # every kept generation parses too
    # The kills really landed inside commands (else this test would prove nothing).
    assert mid_command >= KILLS // 2, mid_command
    print(f"\ncrash: {KILLS} kills of a {size / 1e6:.1f} MB database, {mid_command} in the middle of "
          f"a command, {KILLS} whole files after them; {next_token} writes attempted, {len(acked)} "
          f"present (every acknowledged one, plus those that landed just before their kill); "
          f"temp files left {leftovers_seen} times, each swept by the next command")


def killed_after(child, delay: float) -> list[list[str]]:
    """Run `child(log_fd)` in a forked writer, kill -9 it after `delay` seconds, and return
    the words of each line it logged; a line "failed ..." fails the test."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the writer
        try:
            os.close(read_end)
            child(write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read_end) as log:
        lines = [line.split() for line in log.read().splitlines()]
    assert not [line for line in lines if line[0] == "failed"], lines
    return lines
