"""Say it right (issue 15): instants in messages as the buyer would type them, in the local
zone; a refusal about a past --at counts from that --at; the hint's example is never in the
future; `show | head -1` exits 0 like `list | head -1`."""

from __future__ import annotations

import re
import subprocess
import time

import pytest

from tests.conftest import T0, aliorder_exe, days, hours


def test_instants_in_messages_are_local_as_typed(run, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    run.ok("place", "Cable", "--price", "3", at=T0)
    run.ok("pay", "1", at=T0 + hours(5))
    early = run("receive", "1", "--at", "2027-03-01T12:00:00+00:00", at=T0 + days(1))
    assert early.exit_code == 2
    # 12:00 UTC is 21:00 in Tokyo; paid at 15:00 UTC, 00:00 the next day there.
    assert "--at 2027-03-01 21:00 is before the last event of Order 1 (paid at 2027-03-02 00:00)" \
        in early.stderr
    assert "+00:00" not in early.stderr
    future = run("pay", "1", "--at", "2027-03-09", at=T0 + days(1))
    assert "--at 2027-03-09 00:00 is in the future (now is 2027-03-02 19:00)" in future.stderr


def test_a_refusal_for_a_past_at_counts_from_that_at(run):
    run.ok("place", "Cable", "--price", "3", at=T0)
    refused = run("cancel", "1", "--reason", "duplicate", "--at", "2027-03-01T11:00:00+00:00",
                  at=T0 + days(5))
    assert refused.exit_code == 1
    assert "2027-03-02 10:00 UTC (in 23 h)" in refused.stderr     # from --at, not "4 d ago"
    assert "ago" not in refused.stderr


def test_the_hints_example_is_never_in_the_future(run):
    run.ok("place", "Cable", "--price", "3", at=T0)
    bad = run("pay", "1", "--at", "last tuesday", at=T0)
    assert bad.exit_code == 2
    examples = re.findall(r"\d{4}-\d{2}-\d{2}", bad.stderr)
    assert examples and all(day < "2027-03-01" for day in examples), bad.stderr
    assert "--at 2027-02-28" in bad.stderr


def test_show_into_a_closed_pipe_exits_0_as_list_does(tmp_path):
    env = {"ALIORDER_DB": str(tmp_path / "orders.json")}
    import os

    env = {**os.environ, **env}
    exe = " ".join(aliorder_exe())
    subprocess.run([*aliorder_exe(), "place", "Cable", "--price", "3"], env=env, check=True,
                   capture_output=True)
    for command in ("show 1", "list", "show 1 --json", "deadlines", "sellers"):
        piped = subprocess.run(["bash", "-c", f"{exe} {command} | head -c 0; exit ${{PIPESTATUS[0]}}"],
                               env=env, capture_output=True, text=True, timeout=60)
        assert (piped.returncode, piped.stderr) == (0, ""), (command, piped.stderr)


def test_backups_show_each_generations_time_and_what_came_after_it(run, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    run.ok("place", "Cable", "--price", "3", at=T0)
    run.ok("place", "Lamp", "--price", "9", at=T0 + hours(1))
    run.ok("pay", "1", at=T0 + hours(2))
    run.ok("tick", at=T0 + days(1))                        # bookkeeping only: nothing news-worthy
    listed = run.ok("backups", "--json", at=T0 + days(1)).json()
    assert [(b["number"], b["orders"]) for b in listed] == [(1, 2), (2, 2), (3, 1)]
    assert listed[2]["changed"] == "order 2 added"
    assert listed[1]["changed"] == "order 1: paid"
    lines = run.ok("backups", at=T0 + days(1)).stdout.splitlines()
    assert "written " in lines[2] and "what came after it: order 1: paid" in lines[1]


def test_the_public_json_is_built_from_the_order_not_the_stored_record(run, monkeypatch):
    from aliorder import records

    shown = run.ok("place", "Cable", "--price", "3", "--json", at=T0).json()
    stored_shape, reading = records.to_record, records.from_record

    def renamed(order):  # as a migration might store it
        record = stored_shape(order)
        record["title"] = record.pop("item")
        record["total"] = record.pop("price")
        return record

    monkeypatch.setattr(records, "to_record", renamed)
    monkeypatch.setattr(records, "from_record", lambda oid, r: reading(
        oid, {**r, "item": r.get("title", r.get("item")), "price": r.get("total", r.get("price"))}))
    run.ok("contact", "1", "--via", "chat", at=T0 + hours(1))
    again = run.ok("show", "1", "--json", at=T0 + hours(1)).json()
    assert {k: again[k] for k in shown if k != "events"} == {k: shown[k] for k in shown if k != "events"}
    assert "title" not in again and "total" not in again


@pytest.mark.parametrize("columns", [60, 80])
def test_an_error_on_a_terminal_wraps_between_words_at_its_width(columns):
    from tests.test_guided import NOW, Terminal, unpaid
    from tests.conftest import Cli

    unpaid(Cli(NOW))
    term = Terminal("dispute", "open", "1", "--reason", "damaged", columns=columns)
    assert term.finish() == 1
    lines = [line for line in term.screen().split("\n") if line.strip()]
    assert lines and all(len(line) <= columns for line in lines), lines
    said = " ".join(" ".join(lines).split())  # a word the terminal cut would read "sh ipped"
    assert "Error: Order 1 is awaiting_payment: a dispute can be opened only once it has shipped." in said
    assert lines[-1] == "Before shipping, cancel instead: aliorder cancel 1", lines


def test_a_long_line_wraps_between_words_and_a_command_stays_whole():
    from aliorder.render.output import wrapped

    line = "Before shipping, cancel instead, once it is possible, on 2027-03-02 10:00 CET: aliorder cancel 1 --reason"
    assert wrapped(line, 80) == ["Before shipping, cancel instead, once it is possible, on 2027-03-02 10:00 CET:",
                                 "aliorder cancel 1 --reason"]
    assert wrapped(line, 60) == ["Before shipping, cancel instead, once it is possible, on",
                                 "2027-03-02 10:00 CET: aliorder cancel 1 --reason"]
    assert wrapped("  --reason: one of wrong-item, duplicate, no-contact, out-of-stock, other", 40) == [
        "  --reason: one of wrong-item,", "  duplicate, no-contact, out-of-stock,", "  other"]
    assert wrapped("A cable \u00a0two  spaces", 80) == ["A cable \u00a0two  spaces"]
    prose = "Error: The database /tmp/o.json holds order 1 in a shape aliorder cannot read (an amount)."
    assert wrapped(prose, 60) == ["Error: The database /tmp/o.json holds order 1 in a shape",
                                  "aliorder cannot read (an amount)."]
    assert wrapped("Nothing to list yet (aliorder place adds an order).", 30) == [
        "Nothing to list yet", "(aliorder place adds an order)."]


def test_a_terminal_that_gives_no_width_gets_lines_of_80(tmp_path):
    import os
    import shutil

    if not shutil.which("script"):
        pytest.skip("needs script(1), a pty that reports no width")
    command = " ".join([*aliorder_exe(), "--db", str(tmp_path / "o.json"), "show", "9"])
    done = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "", "LINES": ""}, timeout=30)
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stdout and "Error: There is no order '9'." in done.stdout


def test_an_error_off_a_terminal_keeps_whole_lines(run):
    run.ok("place", "Desk lamp", "--price", "12.99", at=T0)
    refused = run("dispute", "open", "1", "--reason", "damaged", at=T0 + hours(1))
    assert refused.exit_code == 1
    assert any(line.startswith("Before shipping, cancel instead") and line.endswith("aliorder cancel 1 --reason")
               for line in refused.stderr.splitlines()), refused.stderr
