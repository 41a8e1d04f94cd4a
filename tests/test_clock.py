"""The system clock moved backwards: a later tick undoes nothing and fires nothing twice."""

from __future__ import annotations

import pytest

from tests.conftest import T0, days, hours


def _kinds(run, ref: str, at) -> list[str]:
    return [e["kind"] for e in run.ok("show", ref, "--json", at=at).json()["events"]]


def _back_and_forth(run, db_path, late, early):
    """tick late, then with the clock moved back to `early`, then late again."""
    first = run.ok("tick", "--json", at=late).json()
    after_first = db_path.read_bytes()
    back = run.ok("tick", "--json", at=early).json()
    assert back["changes"] == [] and back["events"] == []
    assert db_path.read_bytes() == after_first          # nothing undone, nothing rewritten
    again = run.ok("tick", "--json", at=late + hours(1)).json()
    assert again["changes"] == [] and again["events"] == []
    assert db_path.read_bytes() == after_first          # nothing fired twice
    return first


def test_an_unpaid_order_cancelled_by_the_platform_stays_cancelled_once(run, db_path):
    run.ok("place", "Lamp", "--price", "12.99", at=T0)
    run.ok("place", "Desk", "--price", "80.00", at=T0 + days(10))
    first = _back_and_forth(run, db_path, late=T0 + days(31), early=T0 + days(5))
    assert [(c["id"], c["rule"], c["at"]) for c in first["changes"]] == [
        (1, "unpaid_timeout", "2027-03-21T10:00:00+00:00"),
        (2, "unpaid_timeout", "2027-03-31T10:00:00+00:00")]
    for ref in ("1", "2"):
        assert _kinds(run, ref, T0 + days(40)) == ["placed", "cancelled"]


def test_protection_end_completes_an_order_once(run, db_path):
    run.ok("place", "Cable", "--price", "3.50", "--protection-days", "15", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    run.ok("ship", "1", at=T0 + days(2))
    first = _back_and_forth(run, db_path, late=T0 + days(30), early=T0 + days(3))
    assert [(c["to"], c["rule"]) for c in first["changes"]] == [("completed", "protection_end")]
    assert _kinds(run, "1", T0 + days(40)).count("completed") == 1


def test_an_overdue_refund_is_reported_once(run, db_path):
    run.ok("place", "Cable", "--price", "3.50", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    run.ok("cancel", "1", "--reason", "out-of-stock", "--no-report-seller", at=T0 + days(2))
    run.ok("seller", "approve", "1", at=T0 + days(3))
    first = _back_and_forth(run, db_path, late=T0 + days(40), early=T0 + days(4))
    assert [e["kind"] for e in first["events"]] == ["refund_overdue"]
    assert _kinds(run, "1", T0 + days(41)).count("refund_overdue") == 1
    assert run.ok("show", "1", "--json", at=T0 + days(41)).json()["refund"]["status"] == "overdue"


@pytest.mark.parametrize("command", [("pay", "1"), ("ship", "1"), ("contact", "1", "--via", "chat")],
                         ids=" ".join)
def test_an_event_recorded_while_the_clock_is_behind_is_refused_with_the_reason(run, db_path, command):
    run.ok("place", "Lamp", "--price", "12.99", at=T0 + days(2))
    if command[0] == "ship":
        run.ok("pay", "1", at=T0 + days(2))
    before = db_path.read_bytes()
    ran = run(*command, at=T0 + days(1))
    assert ran.exit_code == 2
    assert "before the last event of Order 1" in ran.stderr
    assert "has the system clock moved back?" in ran.stderr
    assert "--at" in ran.stderr and "Traceback" not in ran.stderr
    assert db_path.read_bytes() == before


def test_the_clock_behind_leaves_deadlines_and_listing_readable(run):
    run.ok("place", "Lamp", "--price", "12.99", at=T0 + days(2))
    rows = run.ok("deadlines", "--json", at=T0).json()
    assert [r["kind"] for r in rows] == ["cancel_opens", "pay_by"]
    assert run.ok("list", "--json", at=T0).json()[0]["item"] == "Lamp"
