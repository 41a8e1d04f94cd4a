"""Shared fixtures: every test gets its own database and settings, a fixed zone and no colour."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aliorder import cli, render
from aliorder.services import FixedClock

T0 = datetime(2027, 3, 1, 10, 0, tzinfo=timezone.utc)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches a real home: database, settings and data folders live in tmp_path."""
    monkeypatch.setenv("ALIORDER_DB", str(tmp_path / "data" / "orders.json"))
    monkeypatch.setenv("ALIORDER_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield tmp_path
    time.tzset()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "orders.json"


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


class Cli:
    """Runs aliorder in-process at a chosen instant, like a buyer at a terminal would."""

    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self, *args: str, at: datetime | None = None, input: str | None = None) -> Ran:
        render.reset()
        session = cli.Session(clock=FixedClock(at or self.now))
        result = CliRunner().invoke(cli.app, [str(a) for a in args], obj=session, input=input,
                                    catch_exceptions=False)
        return Ran(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, **kw) -> Ran:
        ran = self(*args, **kw)
        assert ran.exit_code == 0, (args, ran.stdout, ran.stderr)
        return ran


@pytest.fixture
def run() -> Cli:
    return Cli()


def aliorder_exe() -> list[str]:
    """The installed console script, or the module when run from a bare checkout."""
    found = shutil.which("aliorder")
    return [found] if found else [sys.executable, "-m", "aliorder"]


def run_process(*args: str, env: dict | None = None, input: str | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess:
    """aliorder as a real process, the way a shell or cron runs it."""
    return subprocess.run([*aliorder_exe(), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, input=input, timeout=timeout)


def refused(run, db_path, *args: str, at, says: list[str], code: int = 1) -> str:
    """The command exits `code`, says each of `says` on stderr, prints nothing and writes nothing."""
    before = db_path.read_bytes()
    ran = run(*args, at=at)
    assert ran.exit_code == code, (ran.stdout, ran.stderr)
    for words in says:
        assert words in ran.stderr, (words, ran.stderr)
    assert ran.stdout == ""
    assert "Traceback" not in ran.stderr
    assert db_path.read_bytes() == before
    return ran.stderr


def printed(ran, typed: str) -> str:
    """stdout without the answer CliRunner echoes there (a terminal shows what is typed)."""
    assert ran.stdout.startswith(" " + typed), ran.stdout
    return ran.stdout[len(typed) + 1:]
