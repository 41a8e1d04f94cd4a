"""The holes of issue 10 and the forgiving input of issue 16, each as a buyer meets it."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest

from tests.conftest import T0, days, hours


def _snapshot(db_path):
    folder = db_path.parent
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def _refused(run, db_path, *args, code=2, says=(), at=None):
    before = _snapshot(db_path)
    ran = run(*args, at=at)
    assert ran.exit_code == code, (args, ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr
    for words in says:
        assert words in ran.stderr, ran.stderr
    assert _snapshot(db_path) == before
    return ran.stderr


@pytest.fixture
def zone(monkeypatch):
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()
    return set_zone


# --- --db '' ------------------------------------------------------------------------------


def test_an_empty_db_option_never_falls_through_to_another_database(run, db_path):
    run.ok("place", "Lamp", "--price", "1")
    _refused(run, db_path, "--db", "", "place", "Cable", "--price", "2", says=["--db is empty"])
    _refused(run, db_path, "--db", "  ", "list", says=["--db is empty"])


def test_an_empty_aliorder_db_never_falls_through_to_the_default(run, db_path, monkeypatch):
    monkeypatch.setenv("ALIORDER_DB", "")
    _refused(run, db_path, "place", "Cable", "--price", "2", says=["ALIORDER_DB is empty"])
    assert list(db_path.parent.parent.rglob("orders.json")) == []


# --- ids ----------------------------------------------------------------------------------


def test_after_a_hand_edited_18_digit_id_the_next_id_is_one_that_is_read(run, db_path):
    run.ok("place", "Lamp", "--price", "1")
    data = json.loads(db_path.read_bytes())
    data["orders"]["999999999999999999"] = data["orders"].pop("1")
    db_path.write_text(json.dumps(data))
    placed = run.ok("place", "Cable", "--price", "2", "--json").json()
    assert 0 < placed["id"] <= 999999999999999999
    run.ok("show", str(placed["id"]))
    run.ok("list")
    run.ok("show", "999999999999999999")


# --- the DST gap and fold -------------------------------------------------------------------


@pytest.mark.parametrize("tz,at,offsets,what", [
    ("Europe/Berlin", "2026-03-29 02:30", ("+01:00", "+02:00"), "does not exist"),
    ("Europe/Berlin", "2026-10-25 02:30", ("+01:00", "+02:00"), "happened twice"),
    ("America/Sao_Paulo", "2018-11-04", ("-03:00", "-02:00"), "does not exist"),
])
def test_a_naive_at_the_zone_skips_or_has_twice_names_the_two_offsets(run, db_path, zone, tz, at, offsets, what):
    zone(tz)
    err = _refused(run, db_path, "place", "Lamp", "--price", "1", "--at", at,
                   at=datetime(2027, 1, 1, tzinfo=timezone.utc), says=[what, *offsets])
    chosen = err.split("--at ")[-1].split()[0]  # the hint's own example is accepted
    run.ok("place", "Lamp", "--price", "1", "--at", chosen, at=datetime(2027, 1, 1, tzinfo=timezone.utc))


def test_a_naive_at_beside_the_gap_is_taken_as_local_time(run, zone):
    zone("Europe/Berlin")
    placed = run.ok("place", "Lamp", "--price", "1", "--at", "2026-03-29 03:30", "--json",
                    at=datetime(2027, 1, 1, tzinfo=timezone.utc)).json()
    assert placed["events"][0]["at"].startswith("2026-03-29T01:30:00")


# --- ASCII digits, visible text ---------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("--price", "١٢"), ("--price", "１２"), ("--price", "12", "--qty", "١"), ("--price", "12", "--qty", "２"),
    ("--price", "12", "--processing-days", "٥"), ("--price", "12", "--at", "２０２０-01-01"),
])
def test_digits_that_only_look_like_digits_are_refused(run, db_path, args):
    _refused(run, db_path, "place", "Lamp", *args)


def test_an_item_of_only_zero_width_characters_is_refused(run, db_path):
    _refused(run, db_path, "place", "\u200b\u200d\u2060\ufeff", "--price", "1", says=["ITEM must not be empty"])


# --- forgiving input: prices ----------------------------------------------------------------


@pytest.mark.parametrize("typed,currency,amount,code", [
    (["--price", "12,99"], None, "12.99", "USD"),
    (["--price", "12,99", "--currency", "EUR"], None, "12.99", "EUR"),
    (["--price", "€4.50"], None, "4.50", "EUR"),
    (["--price", "4,50 €"], None, "4.50", "EUR"),
    (["--price", "US $5"], None, "5.00", "USD"),
    (["--price", "5 EUR"], None, "5.00", "EUR"),
    (["--price", "5 eur", "--currency", "eur"], None, "5.00", "EUR"),
    (["--price", "$5", "--currency", "CAD"], None, "5.00", "CAD"),
])
def test_prices_are_read_as_shops_and_europeans_write_them(run, typed, currency, amount, code):
    placed = run.ok("place", "Lamp", *typed, "--json").json()
    assert (placed["price"], placed["currency"]) == (amount, code)


@pytest.mark.parametrize("typed,says", [
    (["--price", "1,299"], "decimal comma only before exactly two digits"),
    (["--price", "12,9"], "not an amount"),
    (["--price", "€4.50", "--currency", "USD"], "is in EUR, but --currency is USD"),
    (["--price", "5 EUR", "--currency", "GBP"], "is in EUR, but --currency is GBP"),
    (["--price", "$5"], "Say which dollar"),
    (["--price", "5 XYZ"], "not a currency"),
    (["--price", "NaN"], "not an amount"),
])
def test_a_price_that_is_not_clear_is_refused(run, db_path, typed, says):
    _refused(run, db_path, "place", "Lamp", *typed, says=[says])


# --- forgiving input: --at ------------------------------------------------------------------

NOW = datetime(2027, 3, 10, 15, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("said,expected", [
    ("today", datetime(2027, 3, 10, 0, 0, tzinfo=timezone.utc)),
    ("yesterday", datetime(2027, 3, 9, 0, 0, tzinfo=timezone.utc)),
    ("today 14:30", datetime(2027, 3, 10, 14, 30, tzinfo=timezone.utc)),
    ("Yesterday 9:00", datetime(2027, 3, 9, 9, 0, tzinfo=timezone.utc)),
    ("3 hours ago", NOW - hours(3)),
    ("2 days ago", NOW - days(2)),
    ("1 day ago", NOW - days(1)),
])
def test_at_takes_what_people_say(run, said, expected):
    placed = run.ok("place", "Lamp", "--price", "1", "--at", said, "--json", at=NOW).json()
    assert datetime.fromisoformat(placed["events"][0]["at"]) == expected


def test_today_and_yesterday_are_local_days(run, zone):
    zone("Asia/Tokyo")  # 2027-03-10 15:00 UTC is 2027-03-11 00:00 in Tokyo
    placed = run.ok("place", "Lamp", "--price", "1", "--at", "yesterday 9:00", "--json", at=NOW).json()
    assert datetime.fromisoformat(placed["events"][0]["at"]) == datetime(2027, 3, 10, 0, 0, tzinfo=timezone.utc)


def test_every_event_command_takes_the_same_words(run):
    run.ok("place", "Lamp", "--price", "1", "--at", "2 days ago", at=NOW)
    paid = run.ok("pay", "1", "--at", "yesterday", "--json", at=NOW).json()
    assert paid["events"][-1]["at"].startswith("2027-03-09T00:00")


@pytest.mark.parametrize("said,says", [
    ("today 16:00", "in the future"),
    ("today 25:00", "not a time of day"),
    ("2009-12-31", "before 2010"),
    ("8000 days ago", "before 2010"),
    ("soon", "not a date"),
])
def test_at_words_that_cannot_be_are_refused(run, db_path, said, says):
    _refused(run, db_path, "place", "Lamp", "--price", "1", "--at", said, at=NOW, says=[says])


def test_at_words_before_the_previous_event_are_refused(run, db_path):
    run.ok("place", "Lamp", "--price", "1", "--at", "today", at=NOW)
    _refused(run, db_path, "pay", "1", "--at", "yesterday", at=NOW, says=["before the last event"])


def test_edit_takes_a_price_with_its_currency_as_place_does(run):
    run.ok("place", "Lamp", "--price", "5")
    edited = run.ok("edit", "1", "--price", "€4,50", "--json").json()
    assert (edited["price"], edited["currency"]) == ("4.50", "EUR")
