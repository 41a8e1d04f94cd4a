"""A database that cannot be read is named, never touched, and the way back is a backup."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import T0, days

GOOD = {"orders": {"1": {"item": "Lamp"}}, "meta": {"1": {"schema_version": 1}}}
GOOD_TEXT = json.dumps(GOOD)

BROKEN = {
    "empty file": b"",
    "whitespace": b"  \n\t \r\n",
    "garbage": bytes(range(256)) * 4,
    "truncated JSON": GOOD_TEXT.encode()[: len(GOOD_TEXT) // 2],
    "NUL-padded tail": GOOD_TEXT.encode() + b"\0" * 4096,
    "NUL-filled file": b"\0" * 8192,
    "a JSON list": b"[]",
    "a JSON string": b'"orders"',
    "a table that is a list": b'{"orders": [], "meta": {"1": {"schema_version": 1}}}',
    "an order that is a list": b'{"orders": {"1": []}, "meta": {"1": {"schema_version": 1}}}',
    "an id that is not a number": b'{"orders": {"one": {}}, "meta": {"1": {"schema_version": 1}}}',
    "a superscript digit as id": '{"orders": {"²": {}}, "meta": {"1": {"schema_version": 1}}}'.encode(),
    "meta that is a list": b'{"orders": {}, "meta": {"1": []}}',
    "a schema version that is text": b'{"orders": {}, "meta": {"1": {"schema_version": "1"}}}',
    "a schema version that is true": b'{"orders": {}, "meta": {"1": {"schema_version": true}}}',
    "orders without a schema version": b'{"orders": {"1": {"item": "Lamp"}}}',
    "UTF-16": GOOD_TEXT.encode("utf-16"),
    "Latin-1": GOOD_TEXT.replace("Lamp", "Caf\u00e9").encode("latin-1"),
    "a newer schema": b'{"orders": {}, "meta": {"1": {"schema_version": 99}}}',
}

READS = [("list",), ("list", "--json"), ("show", "1"), ("deadlines",), ("sellers",)]
WRITES = [("place", "Cable", "--price", "3.50"), ("pay", "1"), ("tick",), ("tick", "--json")]


def _plant(db_path, content: bytes) -> tuple[bytes, int]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(content)
    os.utime(db_path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return content, db_path.stat().st_mtime_ns


@pytest.mark.parametrize("command", READS + WRITES, ids=" ".join)
@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_database_that_cannot_be_read_is_named_and_never_touched(run, db_path, kind, command):
    content, mtime = _plant(db_path, BROKEN[kind])
    before = sorted(p.name for p in db_path.parent.iterdir())
    ran = run(*command)
    assert ran.exit_code == 3, (ran.stdout, ran.stderr)
    assert str(db_path) in ran.stderr
    assert "untouched" in ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout
    assert ran.stdout == ""
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == mtime
    # Nothing new beside it but the lock file a writer takes.
    after = sorted(p.name for p in db_path.parent.iterdir() if not p.name.endswith(".lock"))
    assert after == before


NONSENSE = {
    "no price, no status": {"item": "Lamp"},
    "a price that is not a number": {
        "item": "Lamp", "price": "x", "currency": "USD", "status": "awaiting_payment",
        "placed_at": "2027-03-01T10:00:00+00:00"},
    "no such status": {
        "item": "Lamp", "price": "1.00", "currency": "USD", "status": "lost",
        "placed_at": "2027-03-01T10:00:00+00:00"},
    "a time that is not text": {
        "item": "Lamp", "price": "1.00", "currency": "USD", "status": "awaiting_payment",
        "placed_at": 12},
    "an event that is not an object": {
        "item": "Lamp", "price": "1.00", "currency": "USD", "status": "awaiting_payment",
        "placed_at": "2027-03-01T10:00:00+00:00", "events": [3]},
}
# `list` reads only the fields of its line (fast, for big databases), and stops at nonsense
# elsewhere in the order all the same, in a pipe as on a terminal, as every other read does.
CASES = [(kind, command) for kind in NONSENSE
         for command in (("show", "1"), ("deadlines",), ("pay", "1"), ("list",), ("list", "--json"))]


@pytest.mark.parametrize("kind, command", CASES, ids=[f"{k}-{' '.join(c)}" for k, c in CASES])
def test_an_order_edited_into_nonsense_is_a_storage_problem_naming_the_file(run, db_path, kind, command):
    content, mtime = _plant(db_path, json.dumps(
        {"orders": {"1": NONSENSE[kind]}, "meta": {"1": {"schema_version": 1}}}).encode())
    ran = run(*command)
    assert ran.exit_code == 3, (ran.stdout, ran.stderr)
    assert f"The database {db_path} holds order 1 in a shape aliorder cannot read" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert db_path.read_bytes() == content and db_path.stat().st_mtime_ns == mtime


def _history(run, n: int) -> list[bytes]:
    """n writes, returning the file's bytes after each."""
    states = []
    for i in range(n):
        run.ok("place", f"Item {i}", "--price", "1.00")
        states.append(run.db_path.read_bytes())
    return states


@pytest.fixture
def writer(run, db_path):
    run.db_path = db_path
    return run


def test_the_last_three_generations_are_kept_by_renames_and_one_hard_link(writer, db_path):
    states = _history(writer, 6)
    assert db_path.read_bytes() == states[-1]
    for n in (1, 2, 3):
        assert db_path.with_name(f"orders.json.{n}").read_bytes() == states[-1 - n]
    assert not db_path.with_name("orders.json.4").exists()
    # Each name is its own inode: the link never aliases the live file, so the next
    # write (a new inode at orders.json) cannot change a backup.
    inodes = {p.stat().st_ino for p in db_path.parent.glob("orders.json*") if not p.name.endswith(".lock")}
    assert len(inodes) == 4
    assert all(p.stat().st_nlink == 1 for p in db_path.parent.glob("orders.json*"))
    assert not list(db_path.parent.glob(".*.tmp"))


def test_the_newest_backup_is_the_file_as_it_was_before_the_last_write(writer, db_path):
    writer.ok("place", "Lamp", "--price", "1.00")
    before = db_path.read_bytes()
    inode_before = db_path.stat().st_ino
    writer.ok("pay", "1")
    backup = db_path.with_name("orders.json.1")
    assert backup.read_bytes() == before
    assert backup.stat().st_ino == inode_before != db_path.stat().st_ino


def test_a_refused_command_rotates_nothing(writer, db_path):
    states = _history(writer, 3)
    listing = {p.name: p.read_bytes() for p in db_path.parent.iterdir()}
    assert writer("pay", "99").exit_code == 2
    assert writer("cancel", "1", "--reason", "wrong-item").exit_code == 1
    assert {p.name: p.read_bytes() for p in db_path.parent.iterdir()} == listing
    assert db_path.read_bytes() == states[-1]


def test_a_corrupt_file_names_the_newest_good_backup_and_restore_brings_it_back(writer, db_path):
    states = _history(writer, 4)
    db_path.with_name("orders.json.1").write_bytes(b"{broken")   # the newest backup is bad too
    db_path.write_bytes(b"\0" * 100)
    ran = writer("list")
    assert ran.exit_code == 3
    backup2 = db_path.with_name("orders.json.2")
    assert f"The newest good backup is {backup2}" in ran.stderr
    assert "aliorder restore 2" in ran.stderr

    listed = writer.ok("backups", "--json").json()
    assert [(b["number"], b["orders"], b["problem"]) for b in listed] == [
        (1, None, "not valid JSON"), (2, 2, None), (3, 1, None)]

    assert writer("restore", "1").exit_code == 2          # the bad one is refused
    assert db_path.read_bytes() == b"\0" * 100

    done = writer.ok("restore", "2")
    assert "Restored" in done.stdout and "backup 2" in done.stdout and "2 orders)" in done.stdout
    assert db_path.read_bytes() == states[1]
    # Nothing is lost: the corrupt file is now backup 1, so restore 1 would undo the restore.
    assert db_path.with_name("orders.json.1").read_bytes() == b"\0" * 100
    assert [o["item"] for o in writer.ok("list", "--json").json()] == ["Item 1", "Item 0"]


def test_without_any_good_backup_the_message_says_how_to_start_over(run, db_path):
    _plant(db_path, b"{")
    ran = run("show", "1")
    assert ran.exit_code == 3
    assert "No good backup" in ran.stderr and f"move {db_path} aside" in ran.stderr


def test_restore_of_a_backup_that_does_not_exist_is_a_usage_error(run, db_path):
    run.ok("place", "Lamp", "--price", "1.00")
    for number in ("1", "3", "4", "0"):
        ran = run("restore", number)
        assert ran.exit_code == 2, number
        assert "backup" in ran.stderr
    assert not db_path.with_name("orders.json.1").exists()


def test_a_database_from_a_newer_aliorder_says_to_upgrade(run, db_path):
    _plant(db_path, BROKEN["a newer schema"])
    ran = run("list")
    assert ran.exit_code == 3
    assert "newer aliorder" in ran.stderr and "pip install --upgrade aliorder" in ran.stderr


def test_a_folder_where_the_database_should_be_is_named(run, db_path):
    db_path.mkdir(parents=True)
    for command in (("list",), ("place", "Lamp", "--price", "1")):
        ran = run(*command)
        assert ran.exit_code == 3
        assert f"{db_path}" in ran.stderr


def test_a_good_database_written_long_ago_still_reads_after_the_matrix(run, db_path):
    # The control: the same bytes with valid content read fine, so the matrix above
    # fails for the content and not for the way the file was planted.
    run.ok("place", "Lamp", "--price", "1.00", at=T0)
    content = db_path.read_bytes()
    _plant(db_path, content)
    assert run.ok("show", "1", "--json", at=T0 + days(1)).json()["item"] == "Lamp"


def test_a_deleted_database_with_backups_beside_it_is_not_silently_started_afresh(writer, db_path):
    states = _history(writer, 3)
    db_path.unlink()
    for command in (("list",), ("place", "Desk", "--price", "80"), ("tick",)):
        ran = writer(*command)
        assert ran.exit_code == 3, command
        assert f"The database {db_path} is missing, but backups of it are beside it" in ran.stderr
        assert "aliorder restore 1" in ran.stderr
        assert not db_path.exists()
    listed = writer.ok("backups", "--json").json()
    assert [b["orders"] for b in listed] == [2, 1, None]
    writer.ok("restore", "1")
    assert db_path.read_bytes() == states[1]
    assert [o["item"] for o in writer.ok("list", "--json").json()] == ["Item 1", "Item 0"]
