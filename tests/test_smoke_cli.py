"""The first walk of a buyer through place, cancel and tick (issue 2's 'done when')."""

from datetime import timedelta

from tests.conftest import T0, days, hours


def test_an_order_cannot_be_cancelled_before_the_button_appears(run, db_path):
    run.ok("place", "USB-C cable", "--price", "3.50", "--seller", "Shop A")
    before = db_path.read_bytes()
    refused = run("cancel", "1", "--reason", "wrong-item", at=T0 + hours(23))
    assert refused.exit_code == 1
    assert "cannot be cancelled yet" in refused.stderr
    assert "2027-03-02 10:00" in refused.stderr
    assert db_path.read_bytes() == before
    done = run("cancel", "1", "--reason", "wrong-item", "--json", at=T0 + hours(24))
    assert done.exit_code == 0
    assert done.json()["status"] == "cancelled"


def test_tick_cancels_an_unpaid_order_dated_at_day_20_even_weeks_later(run):
    run.ok("place", "Lamp", "--price", "12.99")
    assert run("tick", at=T0 + days(17)).stdout == ""
    warned = run.ok("tick", at=T0 + days(19)).stdout
    assert "Order 1 (Lamp): Pay by" in warned and "in 1 d" in warned
    report = run.ok("tick", "--json", at=T0 + days(45)).json()
    assert report["changes"] == [{"id": 1, "item": "Lamp", "from": "awaiting_payment", "to": "cancelled",
                                  "rule": "unpaid_timeout", "at": "2027-03-21T10:00:00+00:00"}]
    again = run.ok("tick", at=T0 + days(46))
    assert again.stdout == ""
    order = run.ok("show", "1", "--json").json()
    assert order["status"] == "cancelled"
    assert order["events"][-1] == {"at": "2027-03-21T10:00:00+00:00", "kind": "cancelled",
                                   "by": "unpaid_timeout"}


class TickingClock:
    """A clock that moves on 90 s each time it is asked, like a slow machine's."""

    def __init__(self, start):
        self.at = start

    def now(self):
        self.at += timedelta(seconds=90)
        return self.at


def test_one_command_reads_the_clock_once_so_its_dates_and_countdowns_agree():
    from typer.testing import CliRunner

    from aliorder import cli, render

    render.reset()
    session = cli.Session(clock=TickingClock(T0))
    ran = CliRunner().invoke(cli.app, ["place", "Lamp", "--price", "9"], obj=session)
    assert ran.exit_code == 0, ran.stderr
    # Placed at the command's instant, and counted down from that same instant.
    assert "Cancel button appears: 2027-03-02 10:01 UTC (in 1 d)" in ran.stdout
