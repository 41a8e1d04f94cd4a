"""Faults during a write: a full disk, an I/O error, a read-only file or folder, a symlink, a bug.

Each fault is injected where the write meets the operating system. The buyer sees
exit 3 and the reason; the old bytes, the backups and the folder are as they were.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess

import pytest

from aliorder import services, storage

from tests.conftest import T0, hours


@pytest.fixture
def placed(run, db_path):
    run.ok("place", "Lamp", "--price", "12.99")
    run.ok("place", "Cable", "--price", "3.50")
    return db_path


def _folder(db_path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db_path.parent.iterdir()}


def _fail(number: int):
    def raiser(*args, **kwargs):
        raise OSError(number, os.strerror(number))
    return raiser


class _FullDisk:
    """A file object whose writes fail the way a full disk makes them fail."""

    def __init__(self, raw):
        self.raw = raw

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.raw.close()

    def write(self, data):
        self.raw.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.raw, name)


FAULTS = {
    "full disk on write": ("fdopen", lambda real: lambda fd, mode: _FullDisk(real(fd, mode)), "the disk is full"),
    "I/O error on fsync": ("fsync", lambda real: _fail(errno.EIO), "Input/output error"),
    "full disk on fsync": ("fsync", lambda real: _fail(errno.ENOSPC), "the disk is full"),
    "I/O error on rename": ("replace", lambda real: _fail(errno.EIO), "Input/output error"),
    "read-only filesystem on create": ("open", None, "Read-only file system"),
    "no hard link quota": ("link", lambda real: _fail(errno.EDQUOT), "Disk quota exceeded"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("command", [("place", "Desk", "--price", "80"), ("pay", "1"), ("tick",)], ids=" ".join)
def test_a_fault_during_the_write_exits_3_and_leaves_the_old_bytes(run, placed, monkeypatch, fault, command):
    before = _folder(placed)
    name, make, reason = FAULTS[fault]
    with monkeypatch.context() as patch:
        if name == "open":
            import tempfile
            patch.setattr(tempfile, "mkstemp", _fail(errno.EROFS))
        else:
            patch.setattr(os, name, make(getattr(os, name)))
        ran = run(*command, at=T0 + hours(30))
    assert ran.exit_code == 3, (ran.stdout, ran.stderr)
    assert f"Cannot write the database {placed}: {reason}" in ran.stderr
    assert "nothing was written" in ran.stderr
    assert "Traceback" not in ran.stderr
    # Same names, same bytes: no temp file, no rotated backup, the database as it was.
    assert _folder(placed) == before


def test_after_a_fault_the_next_write_works_and_keeps_the_order(run, placed, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", _fail(errno.EIO))
        assert run("pay", "1").exit_code == 3
    assert run.ok("pay", "1", "--json").json()["status"] == "awaiting_shipment"
    assert run.ok("show", "2", "--json").json()["item"] == "Cable"


def test_ctrl_c_in_the_middle_of_a_write_leaves_the_old_file_and_no_temp_file(run, placed, monkeypatch):
    before = _folder(placed)

    def interrupted(*args):
        raise KeyboardInterrupt
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", interrupted)
        ran = run("pay", "1")
    assert ran.exit_code == 130
    assert "Interrupted" in ran.stderr and "Traceback" not in ran.stderr
    assert _folder(placed) == before


def test_a_bug_prints_one_message_without_traceback_and_exits_4(run, placed, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something impossible")
    monkeypatch.setattr(services, "act", broken)
    ran = run("pay", "1")
    assert ran.exit_code == 4
    assert "internal error (RuntimeError: something impossible)" in ran.stderr
    assert "This is a bug in aliorder" in ran.stderr and "database is intact" in ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout


def test_a_folder_that_cannot_be_synced_after_the_rename_is_not_a_failure(run, placed, monkeypatch):
    real_fsync = os.fsync

    def files_only(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_fsync(fd)
    monkeypatch.setattr(os, "fsync", files_only)
    assert run.ok("pay", "1", "--json").json()["status"] == "awaiting_shipment"


def test_a_filesystem_without_hard_links_writes_without_a_backup(run, placed, monkeypatch):
    backup = placed.with_name("orders.json.1").read_bytes()
    monkeypatch.setattr(os, "link", _fail(errno.EPERM))
    assert run.ok("pay", "1", "--json").json()["status"] == "awaiting_shipment"
    assert placed.with_name("orders.json.1").read_bytes() == backup
    assert not list(placed.parent.glob(".*.tmp"))


# --- read-only ---------------------------------------------------------------
# Tests run as root, and root ignores permission bits. So: (1) aliorder itself refuses a
# file with no write bit (a rename would otherwise replace it, even for a normal user);
# (2) chattr +i makes a folder immutable even for root, where the filesystem allows it.


def test_a_read_only_database_reads_but_refuses_writes_with_the_reason(run, placed):
    placed.chmod(0o444)
    before = _folder(placed)
    assert [o["item"] for o in run.ok("list", "--json").json()] == ["Cable", "Lamp"]
    assert run.ok("show", "1").exit_code == 0
    for command in (("pay", "1"), ("place", "Desk", "--price", "80"), ("tick",)):
        ran = run(*command, at=T0 + hours(30))
        assert ran.exit_code == 3, command
        assert f"The database {placed} is read-only (mode 0444): nothing was written." in ran.stderr
        assert f"chmod u+w '{placed}'" in ran.stderr
    assert _folder(placed) == before
    placed.chmod(0o644)
    assert run.ok("pay", "1", "--json").json()["status"] == "awaiting_shipment"


@pytest.fixture
def immutable(placed):
    folder = placed.parent
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)],
                                                    capture_output=True).returncode != 0:
        pytest.skip("this filesystem or user cannot make a folder immutable (chattr +i)")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_reads_but_refuses_writes_with_the_reason(run, placed, immutable):
    before = _folder(placed)
    assert run.ok("show", "2", "--json").json()["item"] == "Cable"
    ran = run("pay", "1")
    assert ran.exit_code == 3
    assert f"Cannot write the database {placed}: Operation not permitted" in ran.stderr
    assert _folder(placed) == before


def test_a_read_only_folder_without_a_lock_file_yet_says_the_folder_cannot_be_written(run, placed, monkeypatch):
    monkeypatch.setenv("ALIORDER_DB", str(placed.with_name("other.json")))
    placed.with_name("other.json").write_bytes(placed.read_bytes())
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(placed.parent)]).returncode:
        pytest.skip("chattr +i not available here")
    try:
        ran = run("pay", "1")
    finally:
        subprocess.run(["chattr", "-i", str(placed.parent)], check=True)
    assert ran.exit_code == 3
    # issue 10: not "Cannot lock": the lock is not needed where nothing can be written
    assert f"its folder {placed.parent} cannot be written" in ran.stderr and "Nothing was written" in ran.stderr


# --- symlinks, modes, owners ----------------------------------------------------


def test_a_symlinked_database_stays_a_link_and_its_target_is_updated(run, tmp_path, monkeypatch):
    real = tmp_path / "synced" / "orders.json"
    real.parent.mkdir()
    link = tmp_path / "home" / "orders.json"
    link.parent.mkdir()
    link.symlink_to(real)
    monkeypatch.setenv("ALIORDER_DB", str(link))
    run.ok("place", "Lamp", "--price", "12.99")
    real.chmod(0o640)
    run.ok("pay", "1")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert run.ok("show", "1", "--json").json()["status"] == "awaiting_shipment"
    # Lock and backups live beside the real file, so two links to it share one lock.
    assert real.with_name("orders.json.lock").exists()
    assert real.with_name("orders.json.1").exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["orders.json"]

    real.write_bytes(b"{")
    ran = run("list")
    assert ran.exit_code == 3
    assert str(link) in ran.stderr
    assert f"The newest good backup is {real}.1" in ran.stderr


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o660])
def test_the_file_mode_is_kept_across_writes(run, placed, mode):
    placed.chmod(mode)
    run.ok("pay", "1")
    assert stat.S_IMODE(placed.stat().st_mode) == mode
    assert stat.S_IMODE(placed.with_name("orders.json.1").stat().st_mode) == mode


def test_a_new_database_is_private_to_its_owner(run, db_path):
    run.ok("place", "Lamp", "--price", "1")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_writing_a_users_database_leaves_it_theirs(run, placed):
    os.chown(placed, 4242, 4343)
    run.ok("pay", "1")
    assert (placed.stat().st_uid, placed.stat().st_gid) == (4242, 4343)


def test_the_storage_layer_reports_every_os_error_as_a_storage_problem(tmp_path, monkeypatch):
    # The same guarantee one layer down, for a caller that is not the CLI.
    file = storage.DatabaseFile(tmp_path / "orders.json")
    db = storage.Database(file)
    with db.transaction() as repo:
        repo.set_meta(note="first")
    before = file.path.read_bytes()
    monkeypatch.setattr(os, "fsync", _fail(errno.EIO))
    with pytest.raises(storage.StorageProblem, match="Input/output error"):
        with db.transaction() as repo:
            repo.set_meta(note="second")
    assert file.path.read_bytes() == before
