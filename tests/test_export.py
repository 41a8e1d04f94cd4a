"""export --ics: every future deadline as a calendar event with an alarm, read back by icalendar."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest

from tests.conftest import hours
from tests.handful import NOW, handful_of_orders

icalendar = pytest.importorskip("icalendar")


def read_calendar(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return calendar, list(calendar.walk("VEVENT"))


def future_deadlines(run, at=NOW) -> list[dict]:
    iso_now = at.isoformat()
    return [d for d in run.ok("deadlines", "--json", at=at).json() if d["due"] > iso_now]


def test_one_event_per_future_deadline_at_its_instant_with_an_alarm(run, tmp_path):
    handful_of_orders(run)
    target = tmp_path / "deadlines.ics"
    said = run.ok("export", "--ics", target, at=NOW).stdout
    assert "Wrote 6 deadlines of 5 orders" in " ".join(said.split())
    assert "an alarm on each of the 3 that are yours to meet" in " ".join(said.split())

    calendar, events = read_calendar(target)
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    expected = future_deadlines(run)
    assert len(events) == len(expected) == 6
    by_start = sorted(events, key=lambda e: e.decoded("dtstart"))
    for event, deadline in zip(by_start, expected):
        assert event.decoded("dtstart").isoformat() == deadline["due"]
        assert f"order {deadline['id']} ({deadline['item']})" in str(event["summary"])
        assert f"aliorder show {deadline['id']}" in str(event["description"])
        alarms = list(event.walk("VALARM"))
        # Only the buyer's own deadlines ring: not the seller's, not an opening.
        if deadline["kind"] in ("pay_by", "protection_ends"):
            assert len(alarms) == 1
            assert alarms[0]["action"] == "DISPLAY"
            assert alarms[0].decoded("trigger") == -timedelta(days=2)  # the warning horizon
        else:
            assert alarms == [], deadline
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_overdue_deadlines_and_finished_orders_are_not_in_the_calendar(run, tmp_path):
    ids = handful_of_orders(run)
    target = tmp_path / "deadlines.ics"
    run.ok("export", "--ics", target, at=NOW)
    summaries = " ".join(str(e["summary"]) for e in read_calendar(target)[1])
    assert f"order {ids['phone case']} " not in summaries      # its refund is 2 days late
    assert f"order {ids['mug']} " not in summaries             # cancelled before payment
    assert f"order {ids['lamp']} (lamp)" in summaries


def test_uids_are_stable_so_a_newer_export_updates_the_same_events(run, tmp_path):
    ids = handful_of_orders(run)
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    run.ok("export", "--ics", first, at=NOW)
    run.ok("pay", ids["lamp"], at=NOW + hours(1))
    run.ok("export", "--ics", second, at=NOW + hours(2))

    def uids(path):
        return {str(e["uid"]): e.decoded("dtstart") for e in read_calendar(path)[1]}

    before, after = uids(first), uids(second)
    lamp = f"order-{ids['lamp']}-"
    unchanged = {u: at for u, at in before.items() if not u.startswith(lamp)}
    assert unchanged and all(after[u] == at for u, at in unchanged.items())
    domain = next(iter(before)).split("@")[1]
    assert domain.endswith(".aliorder") and all(u.endswith("@" + domain) for u in [*before, *after])
    assert f"{lamp}pay-by@{domain}" in before and f"{lamp}pay-by@{domain}" not in after
    assert f"{lamp}cancel-opens@{domain}" in after   # paid: Cancel appears 24 h after payment


def test_uids_differ_from_one_database_to_another(run, tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    uids = []
    for db in (one, two):
        run.ok("--db", db, "place", "Lamp", "--price", "5", at=NOW)
        printed = run.ok("--db", db, "export", "--ics", "-", at=NOW).stdout
        uids.append({str(e["uid"]) for e in icalendar.Calendar.from_ical(printed).walk("VEVENT")})
        again = run.ok("--db", db, "export", "--ics", "-", at=NOW + hours(1)).stdout
        assert {str(e["uid"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")} == uids[-1]
    assert uids[0] and not uids[0] & uids[1]


def test_the_alarm_follows_the_warning_setting(run, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("warning_days = 3\n")
    monkeypatch.setenv("ALIORDER_CONFIG", str(config))
    run.ok("place", "Lamp", "--price", "5", at=NOW)
    target = tmp_path / "deadlines.ics"
    run.ok("export", "--ics", target, at=NOW)
    pay_by = [e for e in read_calendar(target)[1] if str(e["uid"]).startswith("order-1-pay-by@")]
    assert pay_by[0].walk("VALARM")[0].decoded("trigger") == -timedelta(days=3)


def test_a_dash_prints_the_calendar_on_stdout(run):
    run.ok("place", "Lamp", "--price", "5", at=NOW)
    printed = run.ok("export", "--ics", "-", at=NOW).stdout
    events = icalendar.Calendar.from_ical(printed).walk("VEVENT")
    assert sorted(str(e["uid"]).split("@")[0] for e in events) == ["order-1-cancel-opens", "order-1-pay-by"]


def test_an_existing_file_is_replaced_whole(run, tmp_path):
    target = tmp_path / "deadlines.ics"
    target.write_text("old calendar that was much longer than the new one " * 200)
    run.ok("place", "Lamp", "--price", "5", at=NOW)
    run.ok("export", "--ics", target, at=NOW)
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    assert len(read_calendar(target)[1]) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".deadlines")] == []


@pytest.mark.parametrize("where,says", [
    ("missing-folder/deadlines.ics", "cannot write it"),
    (".", "is a folder"),
])
def test_a_path_that_cannot_be_written_is_a_usage_error(run, tmp_path, where, says):
    run.ok("place", "Lamp", "--price", "5", at=NOW)
    before = sorted(p.name for p in tmp_path.iterdir())
    database = (tmp_path / "data" / "orders.json").read_bytes()
    ran = run("export", "--ics", tmp_path / where, at=NOW)
    assert ran.exit_code == 2
    assert (tmp_path / "data" / "orders.json").read_bytes() == database   # no calendar id kept
    assert says in ran.stderr and "Traceback" not in ran.stderr
    assert ran.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("onto", ["the database", "a backup", "the lock", "the ID cache",
                                  "a symlink to the database", "a hard link to the database",
                                  "the database by a ../ path"])
def test_the_calendar_is_never_written_onto_the_database_or_its_own_files(run, db_path, tmp_path, onto):
    run.ok("place", "Lamp", "--price", "5", at=NOW)
    run.ok("pay", "1", at=NOW)  # a write: orders.json.1, the lock and the ID cache exist
    folder = db_path.parent
    link = tmp_path / "calendar.ics"
    if onto == "a symlink to the database":
        link.symlink_to(db_path)
    elif onto == "a hard link to the database":
        os.link(db_path, link)
    target = {"the database": db_path, "a backup": folder / "orders.json.1",
              "the lock": folder / "orders.json.lock", "the ID cache": folder / ".orders.json.ids",
              "the database by a ../ path": folder / ".." / folder.name / "orders.json"}.get(onto, link)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    ran = run("export", "--ics", target, at=NOW)
    assert ran.exit_code == 2, ran.stderr
    assert "the database or one of its own files" in ran.stderr and "nothing was written" in ran.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    run.ok("list")


def test_a_replaced_calendar_keeps_its_mode(run, tmp_path):
    target = tmp_path / "deadlines.ics"
    target.write_text("old")
    target.chmod(0o644)
    run.ok("place", "Lamp", "--price", "5", at=NOW)
    run.ok("export", "--ics", target, at=NOW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
