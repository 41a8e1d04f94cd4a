"""Issue 16, `undo`: every write a buyer can see is taken back, newest first, ten steps and more."""

from __future__ import annotations

import json

import pytest

from aliorder import cli, idcache
from aliorder.storage import journal
from datetime import timedelta

from tests.conftest import T0, days, hours, refused


def iso(at) -> str:
    return at.isoformat(timespec="seconds")


def state(run, at) -> list:
    """What a buyer can see of every order (list --json: fields, status, events, deadlines)."""
    return run.ok("list", "--json", at=at).json()


def undo(run, at):
    return run.ok("undo", "--yes", at=at)


# (the commands that set the scene, the command that is taken back, when), all at T0 + offsets.
SCENES = {
    "place": ([], ["place", "Lamp", "--price", "5"]),
    "pay": ([["place", "Lamp", "--price", "5"]], ["pay", "1", "--method", "paypal"]),
    "cancel unpaid": ([["place", "Lamp", "--price", "5"]], ["cancel", "1", "--reason", "duplicate"]),
    "cancel paid": ([["place", "Lamp", "--price", "5", "--processing-days", "7"], ["pay", "1"]],
                    ["cancel", "1", "--reason", "out-of-stock", "--report-seller"]),
    "extend": ([["place", "Lamp", "--price", "5", "--processing-days", "7"], ["pay", "1"]],
               ["extend", "1", "--days", "5"]),
    "seller approve": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["cancel", "1", "--reason", "duplicate"]],
                       ["seller", "approve", "1"]),
    "seller reject": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["cancel", "1", "--reason", "duplicate"]],
                      ["seller", "reject", "1"]),
    "ship": ([["place", "Lamp", "--price", "5"], ["pay", "1"]], ["ship", "1", "--tracking", "LP1"]),
    "receive": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["ship", "1"]], ["receive", "1"]),
    "contact": ([["place", "Lamp", "--price", "5"]], ["contact", "1", "--via", "chat"]),
    "dispute open": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["ship", "1"]],
                     ["dispute", "open", "1", "--reason", "not-received"]),
    "dispute escalate": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["ship", "1"],
                          ["dispute", "open", "1", "--reason", "damaged"]], ["dispute", "escalate", "1"]),
    "dispute resolve": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["ship", "1"],
                         ["dispute", "open", "1", "--reason", "damaged"]],
                        ["dispute", "resolve", "1", "--refund", "2"]),
    "dispute withdraw": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["ship", "1"],
                          ["dispute", "open", "1", "--reason", "damaged"]], ["dispute", "withdraw", "1"]),
    "refund received": ([["place", "Lamp", "--price", "5"], ["pay", "1"], ["cancel", "1", "--reason", "duplicate"],
                         ["seller", "approve", "1"]], ["refund", "received", "1"]),
    "edit": ([["place", "Lamp", "--price", "5"]], ["edit", "1", "--price", "4", "--item", "Desk lamp"]),
    "note": ([["place", "Lamp", "--price", "5"]], ["note", "1", "remember this"]),
    "forget": ([["place", "Lamp", "--price", "5"], ["place", "Lamp", "--price", "5"]], ["forget", "2", "--yes"]),
    "tick": ([["place", "Lamp", "--price", "5"]], ["tick"]),
}


@pytest.mark.parametrize("name", list(SCENES))
def test_undo_takes_back_each_kind_of_write(run, name):
    setup, command = SCENES[name]
    for n, args in enumerate(setup):
        run.ok(*args, at=T0 + days(n + 1))
    at = T0 + days(30 if name == "tick" else len(setup) + 2)  # tick: the unpaid order is cancelled
    before = state(run, at)
    run.ok(*command, at=at)
    assert state(run, at) != before
    said = undo(run, at + hours(1)).stdout
    words = " ".join(a for a in command if not a.startswith("-"))
    assert said.startswith(f"Took back: {words.split(' ', 2 if command[0] in ('seller', 'dispute', 'refund') else 1)[0]}")
    assert state(run, at) == before


def test_undo_says_the_command_and_the_time(run):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(4) + timedelta(minutes=2))
    assert undo(run, T0 + hours(5)).stdout == "Took back: pay 1 at 14:02.\n"
    assert undo(run, T0 + days(3)).stdout == "Took back: place 1 at 2027-03-01 10:00 UTC.\n"


def test_ten_steps_back_and_more_each_to_the_state_before_it(run):
    steps = [["place", "Lamp", "--price", "5", "--processing-days", "9"], ["place", "Cable", "--price", "2"],
             ["pay", "1"], ["note", "2", "ask the seller"], ["edit", "2", "--price", "3"], ["pay", "2"],
             ["contact", "1", "--via", "chat"], ["extend", "1", "--days", "3"], ["ship", "1"],
             ["receive", "1"], ["ship", "2"], ["forget", "2", "--yes"], ["place", "Mug", "--price", "1"]]
    seen = []
    for n, args in enumerate(steps):
        seen.append(state(run, T0 + days(n)))
        run.ok(*args, at=T0 + days(n) + hours(1))
    end = T0 + days(len(steps))
    for n in reversed(range(len(steps))):
        undo(run, end)
        assert state(run, end - days(len(steps) - n)) == seen[n], steps[n]
    assert run("undo", "--yes", at=end).exit_code == 1


def test_nothing_to_undo_is_exit_1(run, db_path):
    assert run("undo", "--yes").exit_code == 1
    run.ok("place", "Lamp", "--price", "5")
    undo(run, T0)
    ran = refused(run, db_path, "undo", "--yes", at=T0, says=["nothing to undo"])
    assert "Traceback" not in ran


def test_undo_needs_yes_off_a_terminal(run, db_path):
    run.ok("place", "Lamp", "--price", "5")
    refused(run, db_path, "undo", at=T0, code=2, says=["undo needs --yes", "aliorder undo --yes"])


def test_undo_asks_on_a_terminal(run, db_path, monkeypatch):
    run.ok("place", "Lamp", "--price", "5")
    run.ok("pay", "1", at=T0 + hours(1))
    monkeypatch.setattr(cli, "on_terminal", lambda: True)
    before = db_path.read_bytes()
    kept = run("undo", at=T0 + hours(2), input="n\n")
    assert kept.exit_code == 0 and "Take back pay 1 at 11:00?" in kept.stderr
    assert db_path.read_bytes() == before
    taken = run("undo", at=T0 + hours(2), input="y\n")
    assert taken.exit_code == 0 and "Took back: pay 1" in taken.stdout
    assert state(run, T0)[0]["status"] == "awaiting_payment"


def test_undo_refuses_a_step_other_than_the_one_asked_about(run, db_path, monkeypatch):
    from aliorder import services

    run.ok("place", "Lamp", "--price", "5")
    run.ok("pay", "1", at=T0 + hours(1))
    asked = services.last_change

    def meanwhile(app):  # another shell writes while the buyer reads the question
        step = asked(app)
        run.ok("note", "1", "from cron", at=T0 + hours(2))
        return step

    monkeypatch.setattr(services, "last_change", meanwhile)
    monkeypatch.setattr(cli, "on_terminal", lambda: True)
    ran = run("undo", at=T0 + hours(2), input="y\n")
    assert ran.exit_code == 1 and "changed while you were asked" in ran.stderr and "note 1" in ran.stderr
    assert [e["kind"] for e in state(run, T0 + hours(2))[0]["events"]] == ["placed", "paid", "noted"]


def test_undo_of_forget_brings_the_order_back_whole(run, db_path):
    run.ok("place", "Lamp", "--price", "5", "--order-no", "8101", "--processing-days", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    run.ok("note", "1", "blue one", at=T0 + hours(2))
    shown = run.ok("show", "1", "--json", at=T0 + hours(3)).json()
    run.ok("forget", "8101", "--yes", at=T0 + hours(3))
    said = undo(run, T0 + hours(4)).stdout
    assert said == "Took back: forget 8101 (order 1) at 13:00.\n"
    assert run.ok("show", "1", "--json", at=T0 + hours(3)).json() == shown
    assert "8101" in idcache.read(db_path)
    # Its deadlines are tick's again: unshipped after 5 days, the rule cancels it.
    report = run.ok("tick", "--json", at=T0 + days(6)).json()
    assert [(c["id"], c["rule"]) for c in report["changes"]] == [(1, "ship_timeout")]


def test_undo_of_place_leaves_the_id_cache_and_the_next_id_right(run, db_path):
    run.ok("place", "Lamp", "--price", "5")
    run.ok("place", "Cable", "--price", "5", "--order-no", "8102")
    undo(run, T0)
    assert "8102" not in idcache.read(db_path)
    assert run.ok("place", "Mug", "--price", "1", "--json").json()["id"] == 2


def test_undo_of_a_tick_says_the_next_tick_applies_the_rule_again_and_it_does(run):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    report = run.ok("tick", "--json", at=T0 + days(21)).json()
    assert [c["rule"] for c in report["changes"]] == ["unpaid_timeout"]
    said = undo(run, T0 + days(21)).stdout.splitlines()
    assert said[0] == "Took back: tick (order 1) at 10:00."
    assert said[1] == ("Order 1 (Lamp): the platform's rule unpaid_timeout fell due on 2027-03-21 10:00 UTC; "
                       "the next aliorder tick applies it again.")
    assert state(run, T0 + days(21))[0]["status"] == "awaiting_payment"
    again = run.ok("tick", "--json", at=T0 + days(21)).json()
    assert [(c["rule"], c["at"]) for c in again["changes"]] == [("unpaid_timeout", iso(T0 + days(20)))]


def test_undo_of_a_command_that_caught_up_a_rule_says_so(run):
    run.ok("place", "Lamp", "--price", "5", "--processing-days", "3", at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("contact", "1", "--via", "chat", at=T0 + days(4))  # ship_timeout applied first, on day 3
    said = undo(run, T0 + days(4)).stdout
    assert "contact 1" in said and "rule ship_timeout fell due" in said
    assert state(run, T0 + days(4))[0]["status"] == "awaiting_shipment"


def test_a_tick_that_changes_nothing_a_buyer_sees_is_no_step(run, isolated):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("note", "1", "first", at=T0)
    run.ok("tick", at=T0 + hours(1))
    (isolated / "config.toml").write_text("warning_days = 5\n")  # tick re-indexes every order
    run.ok("tick", at=T0 + hours(2))
    assert undo(run, T0 + hours(3)).stdout.startswith("Took back: note 1")


def test_undo_keeps_the_tick_index_right(run):
    """A pay taken back: the order is unpaid again, and the next tick's index finds its pay-by."""
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("place", "Cable", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    undo(run, T0 + hours(2))
    report = run.ok("tick", "--json", at=T0 + days(21)).json()
    assert sorted(c["id"] for c in report["changes"]) == [1, 2]


def test_undo_of_restore(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    paid = state(run, T0 + hours(2))
    run.ok("restore", "1", at=T0 + hours(2))  # back to before the pay
    assert state(run, T0 + hours(2))[0]["status"] == "awaiting_payment"
    assert undo(run, T0 + hours(3)).stdout.startswith("Took back: restore 1 at 12:00")
    assert state(run, T0 + hours(2)) == paid
    assert undo(run, T0 + hours(3)).stdout.startswith("Took back: pay 1")


def test_the_journal_is_bounded_in_steps(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    for n in range(journal.MAX_STEPS + 10):
        run.ok("note", "1", f"n{n}", at=T0 + hours(n))
    stored = json.loads(db_path.read_text())
    assert len(stored["journal"]) == journal.MAX_STEPS
    for _ in range(journal.MAX_STEPS):
        undo(run, T0 + days(3))
    assert run("undo", "--yes", at=T0 + days(3)).exit_code == 1
    notes = [e["note"] for e in state(run, T0 + days(3))[0]["events"] if e["kind"] == "noted"]
    assert notes == [f"n{n}" for n in range(10)]


def test_the_journal_is_bounded_in_bytes_and_a_step_too_big_stops_undo(run, db_path, monkeypatch):
    monkeypatch.setattr(journal, "MAX_BYTES", 2_000)
    run.ok("place", "Lamp", "--price", "5", at=T0)
    for n in range(30):
        run.ok("note", "1", f"note {n}", at=T0 + hours(n))
    stored = json.loads(db_path.read_text())
    assert len(json.dumps(stored["journal"], separators=(",", ":"))) <= 2_000
    run.ok("note", "1", "x" * 450, at=T0 + days(2))
    run.ok("forget", "1", "--yes", at=T0 + days(2))  # the whole record: more than the bound
    ran = run("undo", "--yes", at=T0 + days(2))
    assert ran.exit_code == 1 and "too many for the undo journal" in ran.stderr


def test_undo_refuses_an_order_changed_outside_aliorder(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    data = json.loads(db_path.read_text())
    data["orders"]["1"]["item"] = "Edited by hand"
    db_path.write_text(json.dumps(data))
    refused(run, db_path, "undo", "--yes", at=T0 + hours(2), says=["Order 1 is no longer as pay 1 left it"])


def test_undo_json(run):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("place", "Cable", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    took = run.ok("undo", "--yes", "--json", at=T0 + hours(2)).json()
    assert took["took_back"] == "pay 1" and took["at"] == iso(T0 + hours(1))
    assert [o["status"] for o in took["orders"]] == ["awaiting_payment"] and took["removed"] == []
    assert run.ok("undo", "--yes", "--json", at=T0 + hours(2)).json()["removed"] == [2]


def test_a_stock_tinydb_reads_a_database_with_a_journal(run, db_path):
    from tinydb import TinyDB

    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    with TinyDB(db_path) as db:
        assert db.table("orders").get(doc_id=1)["status"] == "awaiting_shipment"
        assert len(db.table("journal")) == 2


def test_undo_of_import_takes_the_whole_import_back(run):
    from pathlib import Path

    fixture = str(Path(__file__).parent / "fixtures" / "import" / "csv-export.csv")
    run.ok("place", "Lamp", "--price", "5", at=T0)
    before = state(run, T0)
    run.ok("import", fixture, at=T0 + hours(1))
    assert len(state(run, T0)) == 6
    run.ok("import", fixture, at=T0 + hours(2))  # nothing new: no write, so no step
    run.ok("note", "1", "after the import", at=T0 + hours(3))
    assert undo(run, T0 + hours(4)).stdout.startswith("Took back: note 1")
    assert undo(run, T0 + hours(4)).stdout == "Took back: import csv-export.csv (5 orders) at 11:00.\n"
    assert state(run, T0) == before
    # And again: the same file imports the same orders as new.
    assert "5 new" in run.ok("import", fixture, at=T0 + hours(5)).stdout


@pytest.mark.parametrize("mistake", [["note", "1", "oops"], ["forget", "1", "--yes"], ["edit", "1", "--item", "Lamp 2"]])
def test_undo_does_not_make_tick_tell_its_news_again(run, mistake):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    soon = T0 + days(19)  # pay-by within the warning horizon: tick tells it, once
    assert "Lamp" in run.ok("tick", at=soon).stdout
    assert run.ok("tick", at=soon).stdout == ""
    run.ok(*mistake, at=soon)
    undo(run, soon)
    assert run.ok("tick", at=soon + hours(1)).stdout == ""


def test_undo_of_a_change_to_a_record_an_older_version_wrote_without_some_fields(run, db_path):
    run.ok("place", "Lamp", "--price", "5", at=T0)
    data = json.loads(db_path.read_text())
    for missing in ("tracking", "extension_days", "dispute"):
        del data["orders"]["1"][missing]
    data.pop("journal")
    db_path.write_text(json.dumps(data))
    before = state(run, T0)
    run.ok("pay", "1", at=T0 + hours(1))
    undo(run, T0 + hours(2))
    assert state(run, T0) == before
