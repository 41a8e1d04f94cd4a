"""Cron mails only news: tick tells each thing once, remembers what it told, and writes
nothing when it has nothing new to tell (CONTRACT.md, "Cron mails only news")."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest

from tests.conftest import T0, aliorder_exe, days, hours
from tests.handful import NOW, handful_of_orders


def told(run, at, *args: str, before: tuple[str, ...] = ()) -> list[str]:
    """The lines of tick's report at `at` (the heading left out), a way out on a line of its own
    joined to its sentence with " |"."""
    lines: list[str] = []
    for line in run.ok(*before, "tick", *args, at=at).stdout.splitlines()[1:]:
        if line.startswith("    aliorder ") and lines:  # a way out of several, on a line of its own
            lines[-1] += " |" + line[3:]
        else:
            lines.append(line)
    return lines


def test_a_deadline_is_told_when_it_enters_the_horizon_and_within_24_hours_never_more(run):
    ids = handful_of_orders(run)
    first = told(run, NOW)
    lamp, drill = ids["lamp"], ids["drill"]
    # lamp's pay-by is 1 day away the first time tick sees it: told once only.
    assert [line.split(":")[0] for line in first] == [
        f"Order {ids['phone case']} (phone case)", f"Order {lamp} (lamp)", f"Order {drill} (drill)"]
    assert first[1].endswith(f"(in 1 d). Pay it, or the platform cancels it: aliorder pay {lamp}")
    # The seller's ship-by, while the buyer may still extend or cancel.
    assert first[2].endswith(f"(in 2 d). If it cannot wait, give the seller more time or ask to cancel:"
                             f" | aliorder extend {drill} --days 7 | aliorder cancel {drill} --reason refuses-to-ship")
    # Every half hour for a day (the README's crontab): nothing until drill is within 24 hours.
    for half_hours in range(1, 48):
        assert run.ok("tick", at=NOW + hours(half_hours / 2)).stdout == "", half_hours
    second = [line for line in told(run, NOW + days(1)) if "drill" in line]
    assert second == [f"Order {drill} (drill): Seller must ship by (else cancelled, full refund) "
                      f"2027-03-13 10:00 UTC (in 1 d). If it cannot wait, give the seller more time or ask "
                      f"to cancel: | aliorder extend {drill} --days 7 | aliorder cancel {drill} --reason "
                      "refuses-to-ship"]
    for later in (hours(1), hours(12), hours(23)):
        assert [line for line in told(run, NOW + days(1) + later) if "drill" in line] == []


def test_a_moved_deadline_is_a_new_one(run):
    run.ok("place", "Desk lamp", "--price", "20", "--processing-days", "5", at=T0)
    run.ok("pay", "1", at=T0)
    assert "Seller must ship by" in run.ok("tick", at=T0 + days(3) + hours(1)).stdout
    run.ok("extend", "1", "--days", "5", at=T0 + days(3) + hours(2))
    assert run.ok("tick", at=T0 + days(4)).stdout == ""
    assert "Seller must ship by" in run.ok("tick", at=T0 + days(8) + hours(1)).stdout   # 10 d: in 2 d
    assert run.ok("tick", at=T0 + days(8) + hours(2)).stdout == ""


def test_an_overdue_refund_is_told_when_it_falls_overdue_then_once_a_week(run):
    ids = handful_of_orders(run)
    case = ids["phone case"]
    first = [line for line in told(run, NOW, "--quiet") if "phone case" in line]
    assert first == [f"Order {case} (phone case): the refund of 9.90 USD is overdue (due 2027-03-09 10:00 UTC). "
                     f"Ask the seller: aliorder contact {case} --via chat"]
    quiet_week = [told(run, NOW + hours(12 * n), "--quiet") for n in range(1, 14)]
    assert [line for lines in quiet_week for line in lines if "phone case" in line] == []
    again = [line for line in told(run, NOW + days(7), "--quiet") if "phone case" in line]
    assert again == [f"Order {case} (phone case): the refund of 9.90 USD is still overdue, 9 d late (due "
                     f"2027-03-09 10:00 UTC). Ask the seller: aliorder contact {case} --via chat"]
    assert run.ok("tick", "--quiet", at=NOW + days(8)).stdout == ""
    run.ok("refund", "received", case, at=NOW + days(9))
    assert [line for line in told(run, NOW + days(21), "--quiet") if "phone case" in line] == []


def test_a_granted_cancellation_says_when_the_refund_is_expected(run):
    run.ok("place", "Desk lamp", "--price", "20", at=T0)
    run.ok("pay", "1", "--method", "paypal", at=T0)
    run.ok("cancel", "1", "--reason", "duplicate", at=T0 + days(2))
    lines = told(run, T0 + days(17))
    assert lines == ["Order 1 (Desk lamp): cancellation_requested -> cancelled on 2027-03-17 10:00 UTC: the "
                     "seller did not answer the cancellation request, so it is granted and the refund starts "
                     "(rule seller_timeout). The refund of 20.00 USD is expected 2027-03-22 to 2027-04-06; "
                     "once it arrives: aliorder refund received 1"]
    run.ok("place", "Cable", "--price", "3", at=T0)
    run.ok("pay", "2", at=T0)
    run.ok("cancel", "2", "--reason", "duplicate", at=T0 + days(2))
    report = run.ok("tick", "--json", at=T0 + days(17)).json()
    assert report["refunds_expected"] == [{"id": 2, "amount": "3.00", "currency": "USD",
                                           "eta_from": "2027-03-22T10:00:00+00:00",
                                           "eta_to": "2027-04-06T10:00:00+00:00"}]


def test_tick_json_tells_the_same_news_and_remembers_it_too(run, tmp_path):
    human_db, json_db = tmp_path / "human.json", tmp_path / "json.json"
    os.environ["ALIORDER_DB"] = str(human_db)
    ids = handful_of_orders(run)
    shutil.copyfile(human_db, json_db)
    for at in (NOW, NOW + days(1), NOW + days(3), NOW + days(3) + hours(1), NOW + days(7)):
        human = told(run, at, before=("--db", str(human_db)))
        report = run.ok("--db", json_db, "tick", "--json", at=at).json()
        told_ids = [c["id"] for c in report["changes"]] + [r["id"] for r in report["reminders"]] + \
            [u["id"] for u in report["upcoming"]]
        assert [int(line.split()[1]) for line in human] == told_ids, at
        assert all(any(a in line for a in u["advice"]) for u, line in
                   zip(report["upcoming"], human[-len(report["upcoming"]):] if report["upcoming"] else []))
    assert ids


def test_a_tick_that_tells_nothing_new_writes_nothing(run, db_path):
    handful_of_orders(run)
    run.ok("tick", at=NOW)
    before = (db_path.read_bytes(), db_path.stat().st_mtime_ns, db_path.stat().st_ino)
    assert run.ok("tick", at=NOW + hours(1)).stdout == ""
    assert run.ok("tick", "--json", at=NOW + hours(2)).json()["upcoming"] == []
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns, db_path.stat().st_ino) == before


def test_quiet_tells_no_deadline_so_a_later_tick_still_does(run):
    ids = handful_of_orders(run)
    assert all("lamp" not in line for line in told(run, NOW, "--quiet"))
    later = told(run, NOW + hours(1))
    assert any(line.startswith(f"Order {ids['lamp']} (lamp): Pay by") for line in later)
    assert run.ok("tick", at=NOW + hours(2)).stdout == ""


def test_only_settings_that_move_deadlines_reindex(run, db_path, tmp_path):
    config = tmp_path / "config.toml"
    handful_of_orders(run)
    run.ok("tick", at=NOW)
    before = db_path.read_bytes()
    config.write_text("lock_timeout_seconds = 30\n")
    assert run.ok("tick", at=NOW + hours(1)).stdout == ""
    assert db_path.read_bytes() == before              # not re-indexed, not rewritten
    config.write_text("warning_days = 6\n")
    moved = run.ok("tick", at=NOW + hours(2)).stdout
    assert "shoes" in moved and "Purchase protection ends" in moved  # 5 days ahead: now within 6
    assert db_path.read_bytes() != before


def test_every_command_tick_advises_is_accepted_then(run, db_path, tmp_path):
    handful_of_orders(run)
    tried = 0
    for at in (NOW, NOW + days(1), NOW + days(3), NOW + days(4), NOW + days(7)):
        report = run.ok("tick", "--json", at=at).json()
        for line in [a for entry in report["upcoming"] + report["reminders"] for a in entry["advice"]]:
            copy = tmp_path / f"copy-{tried}.json"
            shutil.copyfile(db_path, copy)
            words = shlex.split(line)
            assert words[0] == "aliorder"
            ran = run("--db", copy, *words[1:], at=at)
            assert ran.exit_code == 0, (line, ran.stderr)
            tried += 1
    assert tried >= 8


def test_no_warning_without_a_command_the_buyer_may_run(run):
    # A cancellation request waits for the seller: the buyer can neither extend nor cancel.
    run.ok("place", "Desk lamp", "--price", "20", "--processing-days", "5", at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("cancel", "1", "--reason", "duplicate", at=T0 + days(2))
    assert run.ok("tick", at=T0 + days(4)).stdout == ""


# --- the installed program, its clock moved from outside (as the acceptance tests do) ---

FAKETIME = shutil.which("faketime")


def faked(at: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([FAKETIME, at, *aliorder_exe(), *args], capture_output=True, text=True,
                          env=env, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(FAKETIME is None, reason="faketime (libfaketime) is not installed")
def test_the_installed_tick_under_a_moved_system_clock_tells_each_thing_once(tmp_path):
    env = {**os.environ, "ALIORDER_DB": str(tmp_path / "orders.json"), "TZ": "UTC"}
    assert faked("2027-03-01 09:00:00", "place", "Desk lamp", "--price", "20", "--processing-days", "5",
                 env=env).returncode == 0
    assert faked("2027-03-01 10:00:00", "pay", "1", env=env).returncode == 0
    mails = {at: faked(at, "tick", env=env) for at in
             ("2027-03-03 10:00:00", "2027-03-04 10:05:00", "2027-03-04 10:35:00", "2027-03-05 10:05:00",
              "2027-03-05 10:35:00", "2027-03-06 10:05:00", "2027-03-06 10:35:00")}
    assert all(r.returncode == 0 and r.stderr == "" for r in mails.values())
    said = {at: r.stdout for at, r in mails.items() if r.stdout}
    assert list(said) == ["2027-03-04 10:05:00", "2027-03-05 10:05:00", "2027-03-06 10:05:00"]
    assert "Seller must ship by" in said["2027-03-04 10:05:00"] and "(in 1 d 23 h)" in said["2027-03-04 10:05:00"]
    assert re.search(r"\(in 23 h 5\d min\)", said["2027-03-05 10:05:00"])  # the clock runs on from 10:05
    assert "awaiting_shipment -> cancelled" in said["2027-03-06 10:05:00"]
    assert "expected 2027-03-11 to 2027-03-26" in said["2027-03-06 10:05:00"]


def test_on_a_terminal_tick_wraps_at_words_and_keeps_each_command_whole(run, monkeypatch):
    """In a mail from cron tick's lines are whole; on a terminal 60 columns wide they wrap
    between words (the terminal itself would cut "ship_t / imeout"), a command on its own line."""
    from aliorder import render
    from aliorder.render import output

    ids = handful_of_orders(run)
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    render.reset()
    lines = run.ok("tick", at=NOW).stdout.splitlines()
    render.reset()
    words = " ".join(line.strip() for line in lines if not line.startswith("    aliorder "))
    assert all(len(line) <= 60 for line in lines if not line.startswith("    aliorder ")), lines
    assert "Seller must ship by (else cancelled, full refund)" in words
    assert f"    aliorder cancel {ids['drill']} --reason refuses-to-ship" in lines
