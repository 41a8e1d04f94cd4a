"""Off a terminal, render prints through aliorder/plain.py instead of Rich (Rich costs more to
import than the rest of `show`): the words must be exactly those Rich prints there."""

from __future__ import annotations

import pytest

from aliorder import render
from aliorder.render import output
from tests.conftest import days
from tests.handful import NOW, handful_of_orders

LONG_SELLER = "Shenzhen Technology Official Flagship Store of Very Long Names, Branch No. 12 of 40"


def _both(run, monkeypatch, *args: str) -> tuple[list[str], list[str]]:
    """The command's lines printed plain (a pipe), and through Rich's console as it prints on a
    terminal wide enough to cut nothing (styles are not printed into a captured stream)."""
    monkeypatch.setenv("COLUMNS", "400")
    plain = run.ok(*args, at=NOW).stdout.splitlines()
    with monkeypatch.context() as m:
        m.setattr(output, "is_terminal", lambda: True)
        render.reset()
        rich = [line.rstrip() for line in run.ok(*args, at=NOW).stdout.splitlines()]
    render.reset()
    return plain, rich


@pytest.fixture
def orders(run):
    ids = handful_of_orders(run)
    disputed = run.ok("place", "tent", "--price", "80", "--seller", LONG_SELLER, "--json",
                      at=NOW - days(30)).json()["id"]
    run.ok("pay", str(disputed), at=NOW - days(30))
    run.ok("ship", str(disputed), "--tracking", "LP0099", at=NOW - days(28))
    run.ok("dispute", "open", str(disputed), "--reason", "not-received", "--note", "nothing came",
           at=NOW - days(2))
    run.ok("dispute", "offer", str(disputed), "--refund", "20", at=NOW - days(1))
    return {**ids, "tent": disputed}


def test_show_in_a_pipe_says_what_rich_says_for_every_order(run, orders, monkeypatch):
    for name, order_id in orders.items():
        plain, rich = _both(run, monkeypatch, "show", str(order_id))
        assert plain == rich, name
        assert all(line == line.rstrip() for line in plain), name  # no padding after the values
    plain, _ = _both(run, monkeypatch, "show", str(orders["tent"]))
    seller = next(line for line in plain if line.startswith("Seller "))
    assert seller.split(None, 1)[1] == LONG_SELLER  # a long value whole, on its line
    assert any(line.startswith("  The seller offered a refund of 20.00") for line in plain)


def test_a_recorded_event_in_a_pipe_says_what_rich_says(run, orders, monkeypatch):
    """A write runs once: the same note twice, once each way, says the same words."""
    monkeypatch.setenv("COLUMNS", "400")
    plain = run.ok("note", str(orders["drill"]), "asked again", at=NOW).stdout.splitlines()
    with monkeypatch.context() as m:
        m.setattr(output, "is_terminal", lambda: True)
        render.reset()
        rich = [line.rstrip() for line in
                run.ok("note", str(orders["drill"]), "asked again", at=NOW).stdout.splitlines()]
    render.reset()
    assert plain == rich and plain[0].startswith("Order ")
