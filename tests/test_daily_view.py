"""The buyer's daily glance: deadlines, tick from cron, list and show."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from aliorder.render import output
from tests.conftest import T0, aliorder_exe, days, hours
from tests.handful import NOW, handful_of_orders

ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def terminal(monkeypatch):
    """Render as on a terminal of 80 x 40 (Rich reads COLUMNS and LINES; colour stays off)."""
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")


# --- deadlines ------------------------------------------------------------------------


def test_deadlines_json_lists_every_open_deadline_soonest_first(run):
    ids = handful_of_orders(run)
    rows = run.ok("deadlines", "--json", at=NOW).json()
    assert [(r["item"], r["kind"]) for r in rows] == [
        ("phone case", "refund_by"),          # 2 days late
        ("socks", "cancel_opens"),
        ("lamp", "pay_by"),
        ("drill", "ship_by"),
        ("shoes", "protection_ends"),
        ("watch", "seller_reply_by"),
        ("socks", "pay_by"),
    ]
    assert rows[2] == {"id": ids["lamp"], "item": "lamp", "kind": "pay_by",
                       "due": "2027-03-12T10:00:00+00:00", "status": "awaiting_payment"}
    assert [r["due"] for r in rows] == sorted(r["due"] for r in rows)


def test_the_table_puts_what_to_do_first_on_top_with_a_countdown(run, terminal):
    ids = handful_of_orders(run)
    out = run.ok("deadlines", at=NOW).stdout
    rows = [line for line in out.splitlines()[1:] if re.match(r"\s*(in \d|\d+ d (overdue|late))", line)]
    assert len(rows) == 7
    first = rows[0]
    assert "2 d overdue" in first and "you" in first and "phone case" in first
    advice = out.splitlines()[-1]                                  # what to do about the late refund
    assert advice == (f"Order {ids['phone case']} (phone case): the refund is 2 d late. Ask the seller: "
                      f"aliorder contact {ids['phone case']} --via chat")
    lamp = next(r for r in rows if "lamp" in r)
    assert re.search(rf"in 1 d\s+you\s+{ids['lamp']}\s+lamp\s+Pay, or it is cancelled", lamp)
    drill = next(r for r in rows if "drill" in r)
    assert re.search(r"in 2 d\s+seller", drill)
    order = [next(name for name in ids if name in row) for row in rows]
    # The must-do deadlines soonest first, then apart the openings (nothing anyone must do).
    assert order == ["phone case", "lamp", "drill", "shoes", "watch", "socks", "socks"]
    assert out.splitlines()[7] == "Openings (nothing you must do):"
    assert "Cancel button appears" in out.splitlines()[8]
    assert "12 Mar 10:00" in lamp


def test_the_countdown_is_coloured_by_urgency(run, terminal, monkeypatch):
    from rich.console import Console

    monkeypatch.delenv("NO_COLOR")
    handful_of_orders(run)
    monkeypatch.setattr(output, "console", lambda stream="stdout": Console(
        force_terminal=True, color_system="standard", width=120, highlight=False))
    out = run.ok("deadlines", at=NOW).stdout
    style_of = {}
    for line in out.splitlines():
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        for words in ("2 d overdue", "in 1 d", "in 11 d"):
            if plain.strip().startswith(words):
                style_of[words] = re.match(r"(\x1b\[[0-9;]*m)", line).group(1)
    assert style_of["2 d overdue"] == "\x1b[1;31m"      # red bold
    assert style_of["in 1 d"] == "\x1b[1;33m"           # yellow bold: within the warning horizon
    assert style_of["in 11 d"] == "\x1b[32m"            # green: time enough


def test_within_keeps_the_late_and_the_near(run):
    handful_of_orders(run)
    rows = run.ok("deadlines", "--within", "2", "--json", at=NOW).json()
    assert [(r["item"], r["kind"]) for r in rows] == [
        ("phone case", "refund_by"), ("socks", "cancel_opens"), ("lamp", "pay_by"), ("drill", "ship_by")]
    bad = run("deadlines", "--within", "-1", at=NOW)
    assert bad.exit_code == 2 and "--within" in bad.stderr


def test_deadlines_in_a_pipe_are_plain_tab_separated_lines(run):
    ids = handful_of_orders(run)
    out = run.ok("deadlines", at=NOW).stdout
    lines = out.splitlines()
    assert len(lines) == 7 and not ANSI.search(out)
    due, countdown, id_, who, item, what = lines[0].split("\t")
    assert (due, countdown, id_, who, item) == ("2027-03-09 10:00 UTC", "2 d overdue", str(ids["phone case"]),
                                                "you", "phone case")
    assert "Refund overdue" in what


def test_no_deadlines_says_so_on_stderr(run):
    ran = run.ok("deadlines", at=NOW)
    assert ran.stdout == "" and "No open deadlines" in ran.stderr
    assert run.ok("deadlines", "--json", at=NOW).json() == []


# --- tick -------------------------------------------------------------------------------


def test_tick_is_silent_on_a_quiet_day_and_one_paragraph_on_a_busy_one(run):
    ids = handful_of_orders(run)
    assert run.ok("tick", "--quiet", at=NOW).stdout.count("\n") == 2   # heading + the late refund
    busy = run.ok("tick", at=NOW + days(3)).stdout
    lines = busy.splitlines()
    assert lines[0] == "aliorder tick, 2027-03-14 10:00 UTC: 2 orders changed, 1 deadline coming."
    assert lines[1] == (f"Order {ids['lamp']} (lamp): awaiting_payment -> cancelled on 2027-03-12 10:00 UTC: "
                        "it was not paid in time, so the platform cancelled it (rule unpaid_timeout).")
    assert lines[2].startswith(f"Order {ids['drill']} (drill): awaiting_shipment -> cancelled on "
                               "2027-03-13 10:00 UTC: the seller did not ship in time")
    assert lines[3].startswith(f"Order {ids['shoes']} (shoes): Purchase protection ends")
    assert "(in 2 d)" in lines[3]
    assert "" not in lines                              # one paragraph: no blank line
    # Told once: an hour later, nothing is news.
    assert run.ok("tick", at=NOW + days(3) + hours(1)).stdout == ""
    assert run.ok("tick", "--quiet", at=NOW + days(3) + hours(1)).stdout == ""


def test_tick_json_reports_changes_and_what_is_coming(run):
    ids = handful_of_orders(run)
    report = run.ok("tick", "--json", at=NOW + days(3)).json()
    assert [(c["id"], c["rule"]) for c in report["changes"]] == [(ids["lamp"], "unpaid_timeout"),
                                                                   (ids["drill"], "ship_timeout")]
    assert [(u["id"], u["kind"]) for u in report["upcoming"]] == [(ids["shoes"], "protection_ends")]


def _utc(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def cron(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """aliorder as cron runs it: `env -i` with a minimal PATH, an absolute program and database."""
    program = aliorder_exe()
    assert os.path.isabs(program[0])
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={tmp_path}", f"ALIORDER_DB={tmp_path / 'orders.json'}",
           f"ALIORDER_CONFIG={tmp_path / 'none.toml'}"]
    return subprocess.run([*env, *program, *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def test_tick_under_cron_is_silent_then_writes_one_plain_paragraph(tmp_path):
    now = datetime.now(timezone.utc)
    placed = cron(tmp_path, "place", "Desk lamp", "--price", "12.99")
    assert placed.returncode == 0, placed.stderr
    quiet = cron(tmp_path, "tick")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")

    # Backfilled: an order placed 25 days ago and never paid fell to the 20-day rule.
    old = cron(tmp_path, "place", "Old cable", "--price", "3.50", "--at", _utc(now - timedelta(days=25)))
    assert old.returncode == 0, old.stderr
    news = cron(tmp_path, "tick")
    assert news.returncode == 0 and news.stderr == ""
    lines = news.stdout.splitlines()
    assert lines[0].startswith("aliorder tick, ") and "1 order changed" in lines[0]
    assert lines[1].startswith("Order 2 (Old cable): awaiting_payment -> cancelled on ")
    assert "not paid in time" in lines[1] and len(lines) == 2
    assert not ANSI.search(news.stdout)

    again = cron(tmp_path, "tick")
    assert (again.returncode, again.stdout) == (0, "")
    as_json = cron(tmp_path, "tick", "--json")
    assert json.loads(as_json.stdout)["changes"] == []


def test_tick_under_cron_reports_a_broken_database_on_stderr(tmp_path):
    (tmp_path / "orders.json").write_text("{ half a file")
    broken = cron(tmp_path, "tick")
    assert broken.returncode == 3
    assert broken.stdout == ""
    assert str(tmp_path / "orders.json") in broken.stderr and "Traceback" not in broken.stderr
    assert (tmp_path / "orders.json").read_text() == "{ half a file"


# --- list and show ----------------------------------------------------------------------


def _many(run, n: int) -> None:
    for i in range(n):
        run.ok("place", f"Item number {i + 1}", "--price", f"{i + 1}.50", at=T0 + hours(i))


def test_list_in_a_pipe_prints_every_order_as_a_plain_line(run):
    _many(run, 45)
    out = run.ok("list", at=T0 + days(3)).stdout
    lines = out.splitlines()
    assert len(lines) == 45 and not ANSI.search(out)
    assert lines[0].split("\t") == ["45", "awaiting_payment", "45.50", "USD", "2027-03-03 06:00 UTC",
                                    "Item number 45"]
    assert lines[-1].startswith("1\t")


def test_list_on_a_terminal_fits_one_screen_and_all_shows_the_rest(run, terminal, monkeypatch):
    monkeypatch.setenv("LINES", "14")
    _many(run, 45)
    one_screen = run.ok("list", at=T0 + days(3))
    rows = [line for line in one_screen.stdout.splitlines() if "Item number" in line]
    assert len(rows) == 10 and "Item number 45" in rows[0]
    assert "35 older orders not shown: aliorder list --all" in one_screen.stderr
    everything = run.ok("list", "--all", at=T0 + days(3))
    assert sum("Item number" in line for line in everything.stdout.splitlines()) == 45
    assert "not shown" not in everything.stderr


def test_list_aligns_money_cuts_long_names_and_shows_local_dates(run, terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    run.ok("place", "Stainless steel kitchen knife set with wooden block and sharpener, 15 pieces",
           "--price", "123.45", "--currency", "EUR", at=T0)
    run.ok("place", "Socks", "--price", "2", at=T0 + hours(20))
    out = run.ok("list", at=T0 + days(2)).stdout
    knives = next(line for line in out.splitlines() if "Stainless" in line)
    socks = next(line for line in out.splitlines() if "Socks" in line)
    assert "Stainless steel kitchen knife set with\u2026 " in knives     # cut at a word boundary
    assert knives.index("EUR") == socks.index("USD")                  # amounts line up
    assert knives.index("123.45") + len("123.45") == socks.index("2.00") + len("2.00")
    assert "01 Mar, 2 d ago" in knives                                 # 19:00 in Tokyo
    assert "02 Mar, 1 d 4 h ago" in socks                              # 06:00 next day in Tokyo


def test_show_gives_state_dates_in_the_local_zone_and_what_comes_next(run, terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    run.ok("place", "Desk lamp", "--price", "12.99", "--processing-days", "7", at=T0)
    run.ok("pay", "1", "--method", "paypal", at=T0 + hours(1))
    out = run.ok("show", "1", at=T0 + days(2)).stdout
    for words in ("Order 1: Desk lamp", "awaiting_shipment", "12.99 USD", "Placed",
                  "2027-03-01 10:00 UTC (2 d ago)", "Seller must ship by", "2027-03-08 11:00 UTC (in 5 d 1 h)"):
        assert words in out, words


def test_show_calls_a_late_refund_overdue_even_before_tick_runs(run, terminal):
    ids = handful_of_orders(run)
    out = " ".join(run.ok("show", ids["phone case"], at=NOW).stdout.split())
    assert "Refund of 9.90 USD: 2027-02-22 to 2027-03-09, OVERDUE by 2 d" in out
    assert f"aliorder contact {ids['phone case']} --via chat" in out
    assert "due any day now" not in out


def test_show_in_a_narrow_pipe_never_cuts_a_line_in_the_middle(run, monkeypatch):
    """Cron mails and pipes are read as lines: a countdown must not be split over two."""
    monkeypatch.setenv("COLUMNS", "60")
    item = "A very long item name that goes on and on about a braided USB-C cable"
    run.ok("place", item, "--price", "3.50", "--processing-days", "7")
    run.ok("pay", "1", at=T0 + hours(1))
    shown = run.ok("show", "1", at=T0 + hours(2)).stdout.splitlines()
    assert f"Order 1: {item}" in shown
    assert any(line.startswith("  Seller must ship by") and line.endswith("(in 6 d 23 h)") for line in shown), shown
