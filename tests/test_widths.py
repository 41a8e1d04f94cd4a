"""The daily tables fit the terminal: 80 columns, and gracefully 60 (issue 15): one line per
row, every column kept (items shrink with an ellipsis, countdowns and words get shorter)."""

from __future__ import annotations

import pytest

from aliorder import render
from aliorder.render import output
from tests.conftest import days
from tests.handful import NOW, handful_of_orders

LONG = "Wireless mechanical keyboard with RGB backlight, 87 keys, hot-swappable switches"
WIDTHS = (60, 80, 120, 200)


@pytest.fixture
def orders(run, monkeypatch):
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("LINES", "40")
    ids = handful_of_orders(run)
    run.ok("place", LONG, "--price", "45.99", "--seller", "Shenzhen Technology Official Flagship Store",
           at=NOW - days(1))
    return ids


def screen(run, monkeypatch, width: int, *args: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    return run.ok(*args, at=NOW).stdout.splitlines()


@pytest.mark.parametrize("width", WIDTHS)
def test_deadlines_fit_one_line_a_row_with_every_column(run, orders, monkeypatch, width):
    lines = screen(run, monkeypatch, width, "deadlines")
    table = [line for line in lines if not line.startswith("Order ")]  # the advice below is copied whole
    assert all(len(line) <= width for line in table), [line for line in table if len(line) > width]
    assert table[0].split() == ["When", "Who", "ID", "Item", "What", "Due"]
    assert len(table) == 1 + 7 + 1 + 1                # heading, 7 must-dos, "Openings", 1 opening
    assert table[8] == "Openings (nothing you must do):"
    keyboard = next(line for line in table if "Wireless" in line)
    assert "\u2026" in keyboard and LONG not in keyboard
    lamp = next(line for line in table if " lamp " in line)
    if width >= 80:
        assert "in 1 d" in lamp and "Pay, or it is cancelled" in lamp
    else:
        assert lamp.split()[0] == "1d"                 # a shorter countdown, the same row


@pytest.mark.parametrize("width", WIDTHS)
def test_list_fits_with_the_next_deadline_and_statuses_in_words(run, orders, monkeypatch, width):
    lines = screen(run, monkeypatch, width, "list")
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    assert lines[0].split() == ["ID", "Item", "Total", "Status", "Placed", "Next", "deadline"]
    assert len(lines) == 1 + 8
    drill = next(line for line in lines if "drill" in line)
    keyboard = next(line for line in lines if "Wireless" in line)
    assert "\u2026" in keyboard
    if width >= 80:
        assert "awaiting shipment" in drill and "awaiting_shipment" not in drill
        assert "in 2 d" in drill
    else:
        assert "to ship" in drill and "2d" in drill
    mug = next(line for line in lines if "mug" in line)
    assert mug.rstrip().endswith("-")                  # cancelled and settled: no deadline


def test_list_in_a_pipe_keeps_its_plain_lines(run):
    handful_of_orders(run)
    run.ok("place", LONG, "--price", "45.99", at=NOW - days(1))
    lines = run.ok("list", at=NOW).stdout.splitlines()
    assert lines[0].split("\t")[:2] == ["7", "awaiting_payment"] and len(lines[0].split("\t")) == 6


def test_list_json_is_unchanged_by_the_screen(run, orders, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run.ok("list", "--json", at=NOW).stdout
    monkeypatch.setenv("COLUMNS", "200")
    assert run.ok("list", "--json", at=NOW).stdout == narrow
    assert "next_deadline" not in narrow


@pytest.mark.parametrize("width", WIDTHS)
def test_sellers_fit_and_count_orders_the_seller_failed_to_ship(run, orders, monkeypatch, width):
    run.ok("tick", at=NOW + days(3))                   # drill: not shipped in time
    monkeypatch.setenv("COLUMNS", str(width))
    lines = run.ok("sellers", at=NOW + days(3)).stdout.splitlines()
    table = lines[:3]
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    heads = table[0].split()
    assert len(heads) >= 10 and ("Not" in heads or "NoSh" in heads)
    unknown = table[1].split()
    assert unknown[:2] == ["(unknown", "seller)"] or unknown[0].startswith("(unknown")
    if "NoSh" in heads:                                  # short headings are explained below
        assert "NoSh: not shipped in time" in " ".join(" ".join(lines[3:]).split())
    assert run.ok("sellers", "--json", at=NOW + days(3)).json()[0]["not_shipped"] == 1


def test_every_deadline_kind_has_its_narrow_words():
    from aliorder.domain.deadlines import KINDS

    for table in (render.DEADLINE_TINY, render.DEADLINE_ONE_WORD):
        assert set(KINDS) <= set(table), sorted(set(KINDS) - set(table))


def _columns(line: str) -> int:
    """The columns a terminal gives `line`: East Asian wide and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


WIDE_ITEM = "漢字の商品名 とても長い 説明 防水 充電式 ワイヤレス イヤホン"
WIDE_SELLER = "深圳市科技有限公司官方旗舰店铺"


@pytest.mark.parametrize("width", (60, 80))
@pytest.mark.parametrize("command", ["list", "deadlines", "sellers"])
def test_chinese_and_japanese_names_keep_each_row_on_one_line(run, orders, monkeypatch, width, command):
    """A CJK character takes two columns of the terminal: the tables counted it as one, so a
    row with a Chinese seller or a Japanese item ran past the edge and wrapped."""
    run.ok("place", WIDE_ITEM, "--price", "3.20", "--seller", WIDE_SELLER, at=NOW - days(1))
    lines = [line for line in screen(run, monkeypatch, width, command)
             if not line.startswith("Order ")]            # the advice below is copied whole
    assert all(_columns(line) <= width for line in lines), [line for line in lines if _columns(line) > width]
    wide = [line for line in lines if "漢字" in line or "深圳" in line]
    assert wide
    if command != "sellers":                             # shortened, and the row keeps its columns
        assert all("\u2026" in line and line.rstrip()[-1] != "\u2026" for line in wide)
    if command == "list":                                # and its columns line up with the others'
        socks = next(line for line in lines if "socks" in line)
        assert _columns(wide[0][:wide[0].index("3.20") + 4]) == _columns(socks[:socks.index("9.90") + 4])
