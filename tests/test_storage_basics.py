"""Where the database lives and what it holds, as real processes see it: two writers at once, no traceback."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import T0, aliorder_exe, hours, run_process


def test_db_option_beats_the_environment_which_beats_the_data_folder(run, isolated, monkeypatch):
    chosen = isolated / "chosen" / "mine.json"
    run.ok("--db", str(chosen), "place", "Lamp", "--price", "1")
    assert chosen.exists()  # its missing folder was created
    env_db = isolated / "data" / "orders.json"
    assert not env_db.exists()
    run.ok("place", "Cable", "--price", "1")
    assert env_db.exists()
    monkeypatch.delenv("ALIORDER_DB")
    run.ok("place", "Mug", "--price", "1")
    default = isolated / "xdg-data" / "aliorder" / "orders.json"
    assert [o["item"] for o in json.loads(default.read_bytes())["orders"].values()] == ["Mug"]
    assert run.ok("--db", str(chosen), "show", "1", "--json").json()["item"] == "Lamp"


def test_the_file_is_utf8_json_with_a_schema_version_and_strings_for_time_and_money(run, db_path):
    run.ok("place", "Lämpchen 灯 🛒", "--price", "12.50", "--seller", "Shop Ä", at=T0)
    raw = db_path.read_bytes()
    assert "Lämpchen 灯 🛒".encode() in raw  # plain UTF-8, readable in any editor
    data = json.loads(raw.decode("utf-8"))
    assert data["meta"]["1"]["schema_version"] == 1
    order = data["orders"]["1"]
    assert (order["item"], order["price"], order["placed_at"]) == (
        "Lämpchen 灯 🛒", "12.50", "2027-03-01T10:00:00+00:00")
    assert run.ok("show", "1", "--json").json()["seller"] == "Shop Ä"


@pytest.mark.parametrize("args", [("list",), ("show", "1"), ("deadlines",), ("reasons",), ("list", "--json")])
def test_looking_never_creates_a_database(run, db_path, args):
    run(*args)
    assert not db_path.exists()


def test_one_read_command_leaves_the_file_untouched(run, db_path):
    run.ok("place", "Lamp", "--price", "1")
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    for args in (("list",), ("show", "1"), ("deadlines",), ("list", "--json"), ("show", "1", "--json")):
        run.ok(*args, at=T0 + hours(1))
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before


def test_two_processes_placing_at_once_lose_no_order(tmp_path, db_path):
    """Two shells each place 20 orders as fast as they can, on the same file."""
    loop = ("for i in $(seq 1 20); do {exe} place \"$1 $i\" --price 1.00 >/dev/null || exit 1; done")
    exe = " ".join(f"'{part}'" for part in aliorder_exe())
    script = loop.format(exe=exe)
    writers = [subprocess.Popen(["sh", "-c", script, "sh", name], stderr=subprocess.PIPE, text=True)
               for name in ("left", "right")]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert "Traceback" not in err
    data = json.loads(db_path.read_bytes())
    items = [o["item"] for o in data["orders"].values()]
    assert sorted(items) == sorted(f"{side} {i}" for side in ("left", "right") for i in range(1, 21))
    assert sorted(int(k) for k in data["orders"]) == list(range(1, 41))
    listed = json.loads(run_process("list", "--json").stdout)
    assert len({o["id"] for o in listed}) == 40


BAD_INVOCATIONS = [
    ("place", "Lamp", "--price", "NaN", "--json"),
    ("place", "Lamp", "--price", "1", "--at", "2027-02-30"),
    ("place", "Lamp", "--price", "1", "--at", "0001-01-01T00:00:00+14:00"),
    ("place", "Lamp", "--price", "1", "--qty", "many"),
    ("place", "Lamp"),
    ("pay", "99999999999999999999999"),
    ("cancel", "1", "--reason", "nope"),
    ("show", "-1"),
    ("list", "--status", "nope"),
    ("frobnicate",),
]


def test_no_traceback_ever_reaches_the_buyer(isolated, db_path):
    run_process("place", "Lamp", "--price", "1")
    before = db_path.read_bytes()
    (isolated / "broken.toml").write_text("unpaid_timeout_days = [")
    cases = [(args, None) for args in BAD_INVOCATIONS]
    cases.append((("tick",), {"ALIORDER_CONFIG": str(isolated / "broken.toml")}))
    cases.append((("show", "1"), {"ALIORDER_DB": str(isolated)}))  # a folder, not a file
    for args, env in cases:
        done = run_process(*args, env=env)
        assert done.returncode in (1, 2, 3), (args, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.stderr.strip(), args
    assert db_path.read_bytes() == before


def test_tick_on_a_database_that_does_not_exist_creates_none(run, db_path):
    """A cron line with a mistyped --db must not start a second, empty database."""
    assert run.ok("tick", "--json").json()["changes"] == []
    assert run.ok("tick").stdout == ""
    assert not db_path.exists()
