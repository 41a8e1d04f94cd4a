"""Hostile input to every command and option: the documented exit codes, no traceback,
nothing written on failure, and no user text reaching the terminal as markup or escapes.

The commands and their options are read from the app itself, so a new command or
option is fuzzed without anyone remembering to add it here. Each example starts from
the same database (orders in several states, with backups) and runs in-process.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from aliorder import cli, render
from aliorder.domain import CANCEL_REASONS, DISPUTE_REASONS, Status
from aliorder.render import output
from aliorder.services import FixedClock

from tests.conftest import T0, days, hours

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", 40))   # per command; CI derandomizes them
NOW = T0 + days(30)
TRIED: Counter[str] = Counter()
CODES: dict[str, Counter[int]] = {}


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = dict(_commands(get_command(cli.app)))

# --- what a hostile buyer (or a hostile copy-paste) types ------------------------

NASTY = [
    "[/]", "[bold]", "[bold red]loud[/bold red]", "[link=https://example.com]x[/link]", "[", "]",
    ":smile:", ":thumbs_up:", "\x1b[31m", "\x1b[2J", "\x1b]0;owned\x07", "\x1b]8;;http://x\x1b\\",
    "\x9b31m", "\u202e", "\u202d", "\u2066", "\u2067", "\u200f", "\u200e", "\x00", "\x07", "\x08",
    "\r", "\t", "\n", "\x7f", "\u2028", "\ufeff", "\udcff", "🦄", "👩‍👩‍👧", "🇺🇦", "é", "日本",
    "NaN", "nan", "inf", "-inf", "Infinity", "1e999", "1e-999", "9" * 60, "-1", "0", "-0", "0.001",
    "  ", "", "%s", "%n", "{when}", "{0}", "{}", "\\", "'", '"', "--json", "-", "--", "²", "١٢",
    "１２", "0x10", "1_000", "+5", " 7 ",
]
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=5).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)
instants = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                        timezones=st.just(timezone.utc) | st.none())
at_text = st.one_of(
    instants.map(lambda d: d.isoformat()),
    instants.map(lambda d: d.date().isoformat()),
    st.sampled_from(["2027-03-15", "2027-03-15 14:30", "2027-03-31T10:00:00+14:00", "2027-02-29",
                     "2027-13-01", "0000-00-00", "9999-12-31T23:59:59-12:00", "now", "today"]),
)
number_text = st.one_of(st.integers(-10**30, 10**30).map(str), st.sampled_from(["1", "5", "365", "366"]))
amount_text = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["3.50", "1000000", "1000000.01", "0.01", "0.001", "12,99", "1e3", "٣"]),
)

near_now = st.datetimes(min_value=T0.replace(tzinfo=None), max_value=NOW.replace(tzinfo=None))
# Values that pass the parser, so that the rest of the command line gets its turn ...
VALID = {
    "ref": st.sampled_from(["1", "2", "3", "4", "5", "8181818181"]),
    "price": st.sampled_from(["3.50", "12.99", "1", "0.01", "999999.99"]),
    "refund": st.sampled_from(["1.00", "3.50", "0.01"]),
    "currency": st.sampled_from(["USD", "usd", "JPY", "KWD", "EUR"]),
    "reason": st.sampled_from([*CANCEL_REASONS, *DISPUTE_REASONS]),
    "via": st.sampled_from(["chat", "email"]),
    "status": st.sampled_from(list(map(str, Status))),
    "at": st.one_of(near_now.map(lambda d: d.isoformat() + "+00:00"), near_now.map(str)),
    "number": st.integers(1, 3).map(str),
    "days": st.integers(1, 30).map(str), "qty": st.integers(1, 5).map(str),
    "processing_days": st.integers(1, 30).map(str), "protection_days": st.integers(1, 90).map(str),
    "within": st.sampled_from(["0", "0.5", "7", "100"]),
}
# ... and values at the edge of what the parser takes.
EDGY = {
    "ref": st.sampled_from(["6", "007", "99", "0", "-1", " 1 ", "1.0", "１"]),
    "price": amount_text, "refund": amount_text,
    "currency": st.sampled_from(["XXX", "US", "usd ", "€"]),
    "reason": st.sampled_from(["Other", "wrong_item", "WRONG-ITEM"]),
    "via": st.sampled_from(["phone", "CHAT", "chat "]),
    "status": st.sampled_from(["open", "ALL", "Cancelled"]),
    "at": at_text,
    "within": st.sampled_from(["nan", "inf", "-inf", "1e308", "-0.0", "100001"]),
}
PATHS = {"ics"}   # options naming a file to write: only ever inside the test's folder


def _value(draw, param, folder):
    """Free text gets hostile text; a structured value is mostly plausible, so that the
    hostile text reaches the database and the screen instead of stopping at the parser."""
    if param.name in PATHS:
        return draw(st.sampled_from(["-", str(folder / "calendar.ics")]) | nasty_text.map(
            lambda t: str(folder / (re.sub(r"[/\x00\udc80-\udcff]", "", t)[:60] or "x"))))
    if param.name in VALID:
        # Hypothesis favours the ends of a range (and shrinks to 0): the rare cases sit inside.
        roll = draw(st.integers(0, 5))
        if roll == 1:
            return draw(EDGY.get(param.name, number_text))
        if roll != 2:
            return draw(VALID[param.name])
    return draw(nasty_text)


@st.composite
def invocation(draw, path, folder):
    """A command line for one command: its arguments, some of its options, maybe junk."""
    command = COMMANDS[path]
    args: list[str] = list(path)
    for param in command.params:
        if param.param_type_name == "argument":
            if param.required or draw(st.booleans()):
                args.append(_value(draw, param, folder))
            continue
        if not param.required and draw(st.integers(0, 2)) == 1:
            continue                                   # leave an option out a third of the time
        if getattr(param, "is_flag", False):
            args.append(draw(st.sampled_from(param.opts + param.secondary_opts)))
        else:
            args += [draw(st.sampled_from(param.opts)), _value(draw, param, folder)]
    if draw(st.integers(0, 9)) == 4:                   # now and then, a stray word anywhere
        args.insert(draw(st.integers(len(path), len(args))), draw(nasty_text))
    return args


# --- the database every example starts from ---------------------------------------


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    # Durability is test_crash's subject; here it only costs time, so the disk is not asked.
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def _invoke(args, at=NOW):
    render.reset()
    session = cli.Session(clock=FixedClock(at))
    # color=True: what a terminal would get; Click strips no escape codes for us.
    return CliRunner().invoke(cli.app, args, obj=session, color=True, catch_exceptions=True)


@pytest.fixture
def template(db_path, tmp_path):
    steps = [
        (T0, "place", "USB-C cable", "--price", "3.50", "--seller", "Shop A", "--order-no", "8181818181",
         "--processing-days", "7"),
        (T0, "place", "Lamp", "--price", "12.99", "--seller", "Shop B", "--processing-days", "7"),
        (T0 + hours(1), "pay", "2"),
        (T0, "place", "Desk", "--price", "80", "--pay-with", "paypal"),
        (T0 + hours(1), "pay", "3"),
        (T0 + days(2), "ship", "3", "--tracking", "LP123"),
        (T0, "place", "Mug", "--price", "5"),
        (T0 + hours(1), "pay", "4"),
        (T0 + days(2), "ship", "4"),
        (T0 + days(3), "dispute", "open", "4", "--reason", "not-received"),
        (T0, "place", "Pen", "--price", "1", "--seller", "Shop A", "--processing-days", "10"),
        (T0 + hours(1), "pay", "5"),
        (T0 + days(2), "cancel", "5", "--reason", "out-of-stock", "--no-report-seller"),
    ]
    for at, *args in steps:
        ran = _invoke(args, at)
        assert ran.exit_code == 0, (args, ran.output)
    saved = tmp_path / "template"
    shutil.copytree(db_path.parent, saved)
    return saved


def _reset(db_path, template) -> dict[str, bytes]:
    shutil.rmtree(db_path.parent)
    shutil.copytree(template, db_path.parent)
    return {p.name: p.read_bytes() for p in db_path.parent.iterdir() if not p.name.endswith(".lock")}


# Terminal controls and bidi overrides; a newline and a tab are the only ones allowed out.
UNSAFE_OUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _check(ran, args, db_path, before):
    output = ran.stdout + ran.stderr
    where = (args, ran.exit_code, output[-600:], repr(ran.exception))
    assert ran.exit_code in (0, 1, 2, 3), where
    assert ran.exception is None or isinstance(ran.exception, SystemExit), where
    assert "Traceback" not in output, where
    assert not UNSAFE_OUT.search(output), where
    if ran.exit_code != 0:
        after = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if not p.name.endswith(".lock")}
        assert after == before, where


def _fuzz(path, db_path, template, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
              suppress_health_check=list(HealthCheck))
    @given(args=invocation(path, folder))
    def one(args):
        before = _reset(db_path, template)
        ran = _invoke(args)
        TRIED[" ".join(path)] += 1
        CODES.setdefault(" ".join(path), Counter())[ran.exit_code] += 1
        _check(ran, args, db_path, before)

    one()


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_hostile_input_to_every_command(path, db_path, template, tmp_path):
    _fuzz(path, db_path, template, tmp_path)
    assert TRIED[" ".join(path)] >= 1
    name = " ".join(path)
    print(f"hostile input: {TRIED[name]} command lines tried for aliorder {name}, "
          f"exit codes {dict(sorted(CODES[name].items()))}")


def test_every_command_and_option_is_reached():
    # The fuzzer reads the app: this only guards against the walk finding nothing.
    assert {"place", "pay", "tick", "show", "list", "restore"} <= {p[-1] for p in COMMANDS}
    assert ("dispute", "resolve") in COMMANDS and ("seller", "approve") in COMMANDS


# --- user text is text, never markup or escape codes --------------------------------

MARKUP = "[bold]B[/bold] [/] [red]x :smile: [link=https://evil]y[/link]"


@pytest.mark.parametrize("field", ["item", "seller", "note", "order_no"])
def test_markup_in_user_text_is_shown_literally_everywhere(field, run, monkeypatch):
    text = f"{MARKUP} \x1b[31m\u202eend"
    shown = f"{MARKUP} [31mend"                    # ESC and the bidi override stripped: plain text
    place = ["place", text if field == "item" else "Lamp", "--price", "3.50"]
    if field in ("seller", "order_no"):
        place += ["--" + field.replace("_", "-"), text]
    run.ok(*place, at=T0)
    if field == "note":
        run.ok("contact", "1", "--via", "chat", "--note", text, at=T0 + hours(1))
    monkeypatch.setattr(output, "is_terminal", lambda: True)     # the Rich table, not the pipe lines
    outputs = [run.ok("show", "1", at=T0 + days(1)).stdout]
    if field in ("item", "seller"):
        outputs.append(run.ok("list", at=T0 + days(1)).stdout if field == "item" else
                       run.ok("sellers", at=T0 + days(1)).stdout)
    if field == "item":
        outputs.append(run.ok("deadlines", at=T0 + days(1)).stdout)
        outputs.append(run.ok("tick", at=T0 + days(19)).stdout)
        outputs.append(run.ok("tick", at=T0 + days(25)).stdout)
    for out in outputs:
        flat = " ".join(out.split())
        assert "[bold]B[/bold]" in flat or "[bold]B[/bol" in flat, out    # a table may cut it short
        assert "\x1b" not in out and "\u202e" not in out
    stored = run.ok("show", "1", "--json", at=T0 + days(1)).json()
    value = stored["events"][-1]["note"] if field == "note" else stored[field]
    assert value == shown


def test_markup_in_an_unknown_id_is_shown_literally_in_the_error(run):
    ran = run("show", "[bold]7[/] \x1b[2J")
    assert ran.exit_code == 2
    assert "[bold]7[/]" in ran.stderr and "\x1b" not in ran.stderr


def test_bytes_that_are_not_utf8_in_an_argument_are_refused_or_stored_safely(run, db_path):
    # A shell passes raw bytes; Python turns invalid ones into lone surrogates.
    ran = run("place", "caf\udce9", "--price", "1")
    assert ran.exit_code in (0, 2)
    assert "Traceback" not in ran.stderr
    if ran.exit_code == 0:
        assert run.ok("show", "1", "--json").json()["item"].startswith("caf")
    else:
        assert not db_path.exists()
