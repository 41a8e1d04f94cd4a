"""Many aliorder processes on one database at once: no write is lost, no ID is given twice.

The big test runs 8 worker processes x 50 writes, with a ninth process running
`tick` and `list` in a loop beside them. Each worker is a real OS process that
imports aliorder once and runs its command line 50 times (the console script's own
entry point, `cli.app`), so the lock is contended between real processes while the
test does not pay 400 interpreter start-ups; a second test starts the installed
`aliorder` binary itself, 8 at a time.
"""

from __future__ import annotations

import json
from datetime import timedelta
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import aliorder_exe

WORKERS, WRITES_EACH = 8, 50

# Runs aliorder's command line in-process, as the console script does, and reports
# each command's exit code and output as one JSON line.
HARNESS = r"""
import io, json, sys
from aliorder import cli, render

class Kept(io.BytesIO):
    def close(self):  # the streams are read after the command, whoever closed them
        pass

def aliorder(*args):
    render.reset()
    out, err = Kept(), Kept()
    saved = sys.stdout, sys.stderr
    sys.stdout = io.TextIOWrapper(out, write_through=True)
    sys.stderr = io.TextIOWrapper(err, write_through=True)
    try:
        cli.app(args=list(args), prog_name="aliorder")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    finally:
        sys.stdout, sys.stderr = saved
    return code, out.getvalue().decode(), err.getvalue().decode()

def report(**fields):
    print(json.dumps(fields), flush=True)
"""

WRITER = HARNESS + r"""
worker, writes = int(sys.argv[1]), int(sys.argv[2])
for i in range(writes // 2):
    item = f"w{worker}-{i}"
    code, out, err = aliorder("place", item, "--price", "1.00", "--json")
    oid = json.loads(out)["id"] if code == 0 else None
    report(cmd="place", item=item, code=code, id=oid, err=err)
    if oid is not None:
        code, out, err = aliorder("pay", str(oid), "--json")
        report(cmd="pay", item=item, code=code, id=oid, err=err,
               status=json.loads(out)["status"] if code == 0 else None)
"""

TICKER = HARNESS + r"""
import os
stop = sys.argv[1]
while not os.path.exists(stop):
    code, out, err = aliorder("tick", "--json")
    report(cmd="tick", code=code, err=err, parsed=code == 0 and "changes" in json.loads(out))
    code, out, err = aliorder("list", "--json")
    report(cmd="list", code=code, err=err, parsed=code == 0 and isinstance(json.loads(out), list))
"""


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _busy(entry: dict) -> bool:
    """The documented lock timeout: exit 3 after lock_timeout_seconds, saying so."""
    return entry["code"] == 3 and "is busy" in entry["err"] and "lock_timeout_seconds" in entry["err"]


@pytest.mark.slow
def test_eight_writers_and_a_ticker_lose_nothing(db_path, tmp_path):
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    ticker = subprocess.Popen([sys.executable, "-c", TICKER, str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(n), str(WRITES_EACH)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for n in range(WORKERS)]
    results = [w.communicate(timeout=300) for w in writers]
    stop.touch()
    tick_out, tick_err = ticker.communicate(timeout=120)

    assert [w.returncode for w in writers] == [0] * WORKERS, [err for _, err in results]
    assert ticker.returncode == 0, tick_err
    entries = [e for out, _ in results for e in _lines(out)]
    ticks = _lines(tick_out)
    assert len(entries) == WORKERS * WRITES_EACH

    # Every command finished: done, or the documented lock timeout; nothing else.
    assert all(e["code"] == 0 or _busy(e) for e in entries + ticks), \
        [e for e in entries + ticks if e["code"] != 0 and not _busy(e)][:3]
    assert all(e["parsed"] for e in ticks if e["code"] == 0)

    from aliorder.storage import DatabaseFile
    stored = DatabaseFile(db_path).read()["orders"]          # parses, and is an aliorder database
    placed = [e for e in entries if e["cmd"] == "place" and e["code"] == 0]
    paid = [e for e in entries if e["cmd"] == "pay" and e["code"] == 0]
    ids = [e["id"] for e in placed]
    assert len(set(ids)) == len(ids), "an ID was given twice"
    # Every acknowledged write is there, and nothing that was not acknowledged.
    assert {int(k): doc["item"] for k, doc in stored.items()} == {e["id"]: e["item"] for e in placed}
    for e in paid:
        assert stored[str(e["id"])]["status"] == "awaiting_shipment", e
        assert [ev["kind"] for ev in stored[str(e["id"])]["events"]] == ["placed", "paid"]
    assert not list(db_path.parent.glob(".*.tmp"))
    print(f"\nconcurrency: {len(entries)} writes attempted by {WORKERS} processes, "
          f"{len(placed)} places + {len(paid)} pays acknowledged, {len(stored)} orders present, "
          f"{sum(_busy(e) for e in entries)} lock timeouts; {len(ticks)} tick/list runs beside them")


@pytest.mark.slow
def test_real_aliorder_binaries_started_together_all_land(db_path):
    rounds = 3
    for r in range(rounds):
        procs = [subprocess.Popen([*aliorder_exe(), "place", f"r{r}-p{n}", "--price", "2.00", "--json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n in range(WORKERS)]
        procs.append(subprocess.Popen([*aliorder_exe(), "tick"], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
    orders = json.loads(subprocess.run([*aliorder_exe(), "list", "--json"], capture_output=True,
                                       text=True, check=True).stdout)
    assert sorted(o["id"] for o in orders) == list(range(1, rounds * WORKERS + 1))
    assert {o["item"] for o in orders} == {f"r{r}-p{n}" for r in range(rounds) for n in range(WORKERS)}


HOLDER = r"""
import sys, time
from pathlib import Path
from aliorder.storage import DatabaseFile
with DatabaseFile(Path(sys.argv[1])).locked():
    print("locked", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def short_lock_wait(tmp_path):
    (tmp_path / "config.toml").write_text("lock_timeout_seconds = 0.5\n")


def _hold_lock(db_path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE,
                              text=True, env=env)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_held_lock_times_out_with_exit_3_and_the_documented_message(run, db_path, short_lock_wait):
    run.ok("place", "Lamp", "--price", "1")
    before = db_path.read_bytes()
    holder = _hold_lock(db_path)
    try:
        ran = run("pay", "1")
        # Reads take no lock: they work while a writer holds it.
        assert run.ok("show", "1", "--json").json()["status"] == "awaiting_payment"
    finally:
        holder.kill()
        holder.wait()
    assert ran.exit_code == 3
    assert f"The database {db_path} is busy" in ran.stderr
    assert "held its lock for 0.5 s (setting lock_timeout_seconds)" in ran.stderr
    assert db_path.read_bytes() == before


def test_a_lock_held_by_a_killed_process_is_released_at_once(run, db_path, short_lock_wait):
    run.ok("place", "Lamp", "--price", "1")
    holder = _hold_lock(db_path)
    assert run("pay", "1").exit_code == 3            # held: the next writer waits, then gives up
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    # The kernel drops a dead process's flock: within the 0.5 s wait the write goes through.
    assert run.ok("pay", "1", "--json").json()["status"] == "awaiting_shipment"


def test_ctrl_c_while_waiting_for_the_lock_exits_130_and_writes_nothing(run, db_path):
    run.ok("place", "Lamp", "--price", "1")
    before = db_path.read_bytes()
    holder = _hold_lock(db_path)
    try:
        waiting = subprocess.Popen([*aliorder_exe(), "pay", "1"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(2.5)                   # long enough to be waiting on the lock, past start-up
        waiting.send_signal(signal.SIGINT)
        out, err = waiting.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert waiting.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert db_path.read_bytes() == before


def test_an_event_recorded_a_moment_after_another_aliorder_wrote_a_later_one_is_kept(run):
    """Two commands typed at the same moment: the one that waited for the lock finds the
    other's event a second later than its own clock. It is recorded (at that instant), not
    refused as a clock that moved back; a clock an hour behind still is."""
    from tests.conftest import T0, hours

    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("note", "1", "first", at=T0 + hours(1))
    waited = run.ok("note", "1", "second", "--json", at=T0 + hours(1) - timedelta(seconds=2)).json()
    assert [e.get("note") for e in waited["events"]][-2:] == ["first", "second"]
    assert waited["events"][-1]["at"] == waited["events"][-2]["at"]
    behind = run("note", "1", "third", at=T0)
    assert behind.exit_code == 2 and "has the system clock moved back?" in behind.stderr
