"""When aliorder's own output cannot be written (stdout on a full disk, or closed by the shell),
a change it made is saved and the command exits 0; a command that only reads says so and exits
3. Never a traceback, never "internal error" (issue: the holes a careless hand finds)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import aliorder_exe

FULL = "/dev/full"


def _run(*args: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run([*aliorder_exe(), *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ), timeout=60)


def _closed(*args: str) -> subprocess.CompletedProcess:
    """stdout closed, as `aliorder ... >&-` leaves it."""
    return subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *aliorder_exe(), *args],
                          stderr=subprocess.PIPE, text=True, env=dict(os.environ), timeout=60)


@pytest.fixture
def placed(run):
    """An order placed by the real program, at the real time (as the runs below are)."""
    assert _run("place", "Lamp", "--price", "5", stdout=subprocess.PIPE).returncode == 0
    return run


@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full")
def test_a_change_whose_report_cannot_be_printed_is_saved_and_exits_0(placed):
    with open(FULL, "w") as full:
        ran = _run("pay", "1", stdout=full)
    assert ran.returncode == 0, ran.stderr
    assert "saved" in ran.stderr and "No space left" in ran.stderr
    assert "internal error" not in ran.stderr and "Traceback" not in ran.stderr
    assert placed.ok("show", "1", "--json").json()["status"] == "awaiting_shipment"


@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("show", "1"), ("show", "1", "--json"), ("deadlines",),
                                  ("reasons",), ("rules",)])
def test_a_look_that_cannot_be_printed_exits_3_and_says_why(placed, args):
    with open(FULL, "w") as full:
        ran = _run(*args, stdout=full)
    assert ran.returncode == 3, ran.stderr
    assert ran.stderr == "Error: the output could not be written: No space left on device. Nothing was changed.\n"


def test_with_stdout_closed_a_command_still_runs(placed):
    assert _closed("note", "1", "asked the seller").returncode == 0
    ran = _closed("list")
    assert ran.returncode == 0 and ran.stderr == ""
    assert [e["kind"] for e in placed.ok("show", "1", "--json").json()["events"]][-1] == "noted"
