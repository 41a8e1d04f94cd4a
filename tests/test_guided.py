"""On a terminal, aliorder walks the buyer through: each dialog in a real pseudo-terminal.

The installed `aliorder` runs in a pty of 80 columns (pexpect); the test types numbers,
arrow keys, y/n, Esc and Ctrl-C as a buyer would, and checks what the screen shows, the
exit code and the database file afterwards. The orders are set up in-process, dated
before the real clock that the spawned process reads.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone

import pexpect
import pytest

from .conftest import Cli, aliorder_exe, days, hours

NOW = datetime.now(timezone.utc).replace(microsecond=0)
DOWN = "\x1b[B"
ESC = "\x1b"
CTRL_C = "\x03"
# The escape sequences a terminal program draws with (colours, cursor moves, clearing).
_CONTROLS = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")


@pytest.fixture
def setup() -> Cli:
    """aliorder in-process at the real moment (the pty's process reads the real clock)."""
    return Cli(NOW)


class Terminal:
    """aliorder in a pseudo-terminal: what was drawn so far, and keys typed into it."""

    def __init__(self, *args: str, env: dict | None = None, columns: int = 80):
        exe = aliorder_exe()
        environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        environ.update(TERM="xterm", **(env or {}))
        self.child = pexpect.spawn(exe[0], [*exe[1:], *args], env=environ, dimensions=(40, columns),
                                   encoding="utf-8", timeout=20)
        self.seen = ""

    def wait_for(self, text: str) -> None:
        """Until `text` is on the screen (escape sequences and line breaks aside)."""
        pattern = re.escape(" ".join(text.split()))
        while not re.search(pattern, " ".join(self.screen().split())):
            try:
                self.seen += self.child.read_nonblocking(4096, timeout=20)
            except pexpect.TIMEOUT:
                raise AssertionError(f"never shown: {text!r}\n--- screen ---\n{self.screen()}") from None

    def screen(self) -> str:
        return _CONTROLS.sub("", self.seen)

    def type(self, keys: str, then: str | None = None) -> None:
        self.child.send(keys)
        if then is not None:
            self.wait_for(then)

    def answer(self, question: str, keys: str) -> None:
        """Wait for `question`, then type `keys` and Enter."""
        self.wait_for(question)
        self.child.send(keys + "\r")

    def finish(self) -> int:
        """The exit code, once the program ends; the rest of what it drew is kept."""
        try:
            while True:
                self.seen += self.child.read_nonblocking(4096, timeout=20)
        except pexpect.EOF:
            pass
        self.child.close()
        return self.child.exitstatus


def stored(db_path, order_id: int = 1) -> dict:
    return Cli(NOW).ok("show", str(order_id), "--json").json()


def unpaid(setup, item: str = "Desk lamp") -> int:
    return setup.ok("place", item, "--price", "12.99", "--json", at=NOW - days(2)).json()["id"]


def paid(setup, item: str = "Desk lamp", processing: bool = True, method: str = "paypal") -> int:
    extra = ["--processing-days", "10"] if processing else []
    placed = setup.ok("place", item, "--price", "12.99", "--currency", "EUR", *extra, "--json",
                      at=NOW - days(3)).json()["id"]
    setup.ok("pay", str(placed), "--method", method, at=NOW - days(2))
    return placed


def shipped(setup, item: str = "Desk lamp") -> int:
    placed = paid(setup, item, processing=False)
    setup.ok("ship", str(placed), "--tracking", "LP1", at=NOW - days(1))
    return placed


# --- cancel ----------------------------------------------------------------------------------


def test_cancel_an_unpaid_order_by_typing_the_reasons_number(setup, db_path):
    unpaid(setup)
    term = Terminal("cancel", "1")
    term.wait_for("Why cancel?")
    for label in ("I ordered the wrong item", "I placed a duplicate order",
                  "I am not able to contact the supplier",
                  "Not available from seller: the supplier said the items are out of stock",
                  "The supplier refuses to ship the items", "Another reason"):
        term.wait_for(label)
    screen = term.screen()
    flat = " ".join(screen.split())  # a long title is broken between words
    order = [flat.index(label) for label in ("wrong item", "duplicate", "contact the supplier",
                                               "out of stock", "refuses to ship", "Another reason")]
    assert order == sorted(order), "the reasons come in the platform's order"
    faults = screen.split("Why cancel?")[1]
    assert faults.index("Your own reason") < faults.index("1  I ordered the wrong item")
    assert faults.index("2  I placed a duplicate order") < faults.index("The seller's fault") \
        < faults.index("3  I am not able to contact the supplier")
    assert faults.index("5  The supplier refuses") < faults.rindex("Your own reason") \
        < faults.index("6  Another reason")
    term.answer("Why cancel?", "2")
    term.wait_for("About to record, for order 1 (Desk lamp)")
    term.wait_for("The order is cancelled at once")
    term.answer("Record this?", "y")
    assert term.finish() == 0
    order = stored(db_path)
    assert order["status"] == "cancelled"
    assert order["events"][-1]["reason"] == "duplicate"
    assert "file a complaint against the seller too?" not in term.screen()


def test_cancel_a_paid_order_request_with_arrow_keys_and_a_complaint(setup, db_path):
    paid(setup)
    term = Terminal("cancel", "1")
    term.wait_for("Extend the processing time")
    term.wait_for("Request cancellation")
    term.answer("Request cancellation", "2")
    term.wait_for("Why cancel?")
    term.type(DOWN + DOWN)  # the third: I am not able to contact the supplier
    term.type("\r")
    term.answer("file a complaint against the seller", "y")
    term.wait_for("A cancellation request to the seller")
    term.wait_for("with a complaint against the seller")
    term.wait_for("The seller has until")
    term.wait_for("to answer")
    term.wait_for("refund of 12.99 EUR starts")
    term.answer("Record this?", "")  # Enter: yes
    assert term.finish() == 0
    order = stored(db_path)
    assert order["status"] == "cancellation_requested"
    assert order["cancel_request"]["reason"] == "no-contact"
    assert order["cancel_request"]["report_seller"] is True


def test_the_pop_up_extends_instead_and_asks_the_days(setup, db_path):
    paid(setup)
    term = Terminal("cancel", "1")
    term.answer("Request cancellation", "1")
    term.answer("How many more days", "5")
    assert term.finish() == 0
    order = stored(db_path)
    assert order["status"] == "awaiting_shipment"
    assert order["extension_days"] == 5
    assert "processing time extended by 5 days" in term.screen()


def test_no_pop_up_without_a_processing_time_and_other_asks_the_note(setup, db_path):
    paid(setup, processing=False)
    term = Terminal("cancel", "1")
    term.answer("Why cancel?", "6")
    term.answer("In a few words, why?", "found it cheaper nearby")
    term.wait_for('"Another reason: found it cheaper nearby"')
    term.answer("Record this?", "y")
    assert term.finish() == 0
    assert "Extend the processing time" not in term.screen()
    order = stored(db_path)
    assert order["cancel_request"]["reason"] == "other"
    assert order["cancel_request"]["note"] == "found it cheaper nearby"


def test_no_at_the_summary_records_nothing(setup, db_path):
    unpaid(setup)
    before = db_path.read_bytes()
    term = Terminal("cancel", "1")
    term.answer("Why cancel?", "1")
    term.answer("Record this?", "n")
    assert term.finish() == 0
    assert "Nothing recorded." in term.screen()
    assert db_path.read_bytes() == before


# Every question of the cancel dialog, and what is typed to reach it.
CANCEL_STEPS = [
    ("Request cancellation", []),
    ("Why cancel?", [("Request cancellation", "2")]),
    ("In a few words, why?", [("Request cancellation", "2"), ("Why cancel?", "6")]),
    ("file a complaint against the seller too?", [("Request cancellation", "2"), ("Why cancel?", "4")]),
    ("Record this?", [("Request cancellation", "2"), ("Why cancel?", "4"), ("against the seller too?", "n")]),
    ("How many more days", [("Request cancellation", "1")]),
]


@pytest.mark.parametrize("key", [CTRL_C, ESC], ids=["ctrl-c", "esc"])
@pytest.mark.parametrize("question, before", CANCEL_STEPS, ids=[q for q, _ in CANCEL_STEPS])
def test_ctrl_c_or_esc_at_any_cancel_question_records_nothing(setup, db_path, key, question, before):
    paid(setup)
    was = db_path.read_bytes()
    term = Terminal("cancel", "1")
    for asked, keys in before:
        term.answer(asked, keys)
    term.wait_for(question)
    term.type(key)
    assert term.finish() == 130
    assert "Nothing recorded." in term.screen()
    assert "Aborted" not in term.screen() and "Traceback" not in term.screen()
    assert db_path.read_bytes() == was


def test_ctrl_c_at_the_order_choice_records_nothing(setup, db_path):
    unpaid(setup)
    was = db_path.read_bytes()
    term = Terminal("cancel")
    term.wait_for("Which order?")
    term.type(CTRL_C)
    assert term.finish() == 130
    assert "Nothing recorded." in term.screen()
    assert db_path.read_bytes() == was


def test_a_refused_cancel_is_refused_before_any_question(setup, db_path):
    setup.ok("place", "Desk lamp", "--price", "12.99", at=NOW - hours(2))
    term = Terminal("cancel", "1")
    assert term.finish() == 1
    assert "cannot be cancelled yet" in term.screen()
    assert "aliorder cancel 1" in term.screen() and "wrong-item" not in term.screen()
    assert "Why cancel?" not in term.screen()


# --- which order -------------------------------------------------------------------------------


def test_without_an_id_only_the_orders_allowed_now_are_offered_newest_first(setup, db_path):
    unpaid(setup, "Old lamp")                      # 1: unpaid, Cancel open
    shipped(setup, "Shipped mug")                  # 2: shipped: cannot be cancelled
    setup.ok("place", "Fresh cable", "--price", "3.50", at=NOW - hours(1))  # 3: Cancel not open yet
    unpaid(setup, "Second lamp")                   # 4
    term = Terminal("cancel")
    term.wait_for("Which order?")
    term.wait_for("Order 1: Old lamp")
    screen = term.screen()
    assert "Shipped mug" not in screen and "Fresh cable" not in screen
    assert screen.index("Order 4: Second lamp") < screen.index("Order 1: Old lamp")
    assert "1  Order 4" in screen and "2  Order 1" in screen
    term.answer("Order 1: Old lamp", "2")
    term.answer("Why cancel?", "1")
    term.answer("Record this?", "y")
    assert term.finish() == 0
    assert stored(db_path, 1)["status"] == "cancelled"
    assert stored(db_path, 4)["status"] == "awaiting_payment"


def test_without_an_id_and_no_order_allowed_it_says_so(setup, db_path):
    unpaid(setup)
    term = Terminal("ship")
    assert term.finish() == 1
    assert "No order can be marked shipped now." in term.screen()


def test_other_event_commands_offer_their_orders_too(setup, db_path):
    shipped(setup)
    term = Terminal("receive")
    term.answer("Which order?", "1")
    assert term.finish() == 0
    assert stored(db_path)["status"] == "delivered"


# --- dispute open ------------------------------------------------------------------------------


def test_dispute_open_talks_first_lists_reasons_and_evidence_then_offers_the_draft(setup, db_path):
    shipped(setup)
    term = Terminal("dispute", "open", "1")
    term.answer("No conversation with the seller is logged", "y")
    term.wait_for("What is wrong?")
    term.wait_for("9  Another problem")
    term.answer("What is wrong?", "3")
    term.answer("Describe the problem", "I ordered blue")
    term.wait_for("gather what shows the problem")
    term.wait_for("photos showing the colour")
    term.wait_for("unboxing video")
    term.wait_for("the chat with the seller")
    term.answer("Open the dispute on order 1 now?", "y")
    term.answer("Show a message to paste", "y")
    term.wait_for("Hello")
    assert term.finish() == 0
    assert "different colour" in term.screen() and "I ordered blue" in term.screen()
    order = stored(db_path)
    assert order["status"] == "in_dispute"
    assert order["dispute"]["reason"] == "wrong-color"
    assert order["events"][-1]["note"] == "I ordered blue"


def test_dispute_open_not_received_names_the_tracking_page(setup, db_path):
    shipped(setup)
    setup.ok("contact", "1", "--via", "chat")
    term = Terminal("dispute", "open", "1")
    term.answer("What is wrong?", "1")
    term.answer("Describe the problem", "")
    term.wait_for("the tracking page")
    term.answer("Open the dispute on order 1 now?", "y")
    term.answer("Show a message to paste", "n")
    assert term.finish() == 0
    assert "No conversation" not in term.screen()
    assert stored(db_path)["dispute"]["reason"] == "not-received"


def test_dispute_talk_first_no_records_nothing(setup, db_path):
    shipped(setup)
    was = db_path.read_bytes()
    term = Terminal("dispute", "open", "1")
    term.answer("Open a dispute anyway?", "n")
    assert term.finish() == 0
    assert "Nothing recorded. Talk first: aliorder contact 1 --via chat --draft" in term.screen()
    assert db_path.read_bytes() == was


DISPUTE_STEPS = [
    ("Open a dispute anyway?", []),
    ("What is wrong?", [("Open a dispute anyway?", "y")]),
    ("Describe the problem", [("Open a dispute anyway?", "y"), ("What is wrong?", "2")]),
    ("Open the dispute on order 1 now?",
     [("Open a dispute anyway?", "y"), ("What is wrong?", "2"), ("Describe the problem", "")]),
]


@pytest.mark.parametrize("key", [CTRL_C, ESC], ids=["ctrl-c", "esc"])
@pytest.mark.parametrize("question, before", DISPUTE_STEPS, ids=[q for q, _ in DISPUTE_STEPS])
def test_ctrl_c_or_esc_at_any_dispute_question_records_nothing(setup, db_path, key, question, before):
    shipped(setup)
    was = db_path.read_bytes()
    term = Terminal("dispute", "open", "1")
    for asked, keys in before:
        term.answer(asked, keys)
    term.wait_for(question)
    term.type(key)
    assert term.finish() == 130
    assert "Nothing recorded." in term.screen()
    assert db_path.read_bytes() == was


# --- place ---------------------------------------------------------------------------------------


def test_place_asks_its_way_to_a_recorded_order_with_the_last_currency(setup, db_path):
    paid(setup)  # in EUR
    term = Terminal("place")
    term.answer("What did you order?", "Phone case")
    term.answer("The order's total", "abc")
    term.wait_for("is not an amount")
    term.type("\x15")  # Ctrl-U: the line cleared
    term.type("4.20\r")
    term.wait_for("Currency")
    term.wait_for("EUR")
    term.answer("Currency", "")
    term.answer("The store's name", "Shop B")
    term.answer("The AliExpress order number", "8123456789")
    term.answer("The processing time in days", "7")
    term.wait_for("About to record a new order")
    term.wait_for("Phone case, 4.20 EUR")
    term.answer("Record this order?", "y")
    assert term.finish() == 0
    assert "Placed order 2" in term.screen()
    order = stored(db_path, 2)
    assert (order["item"], order["price"], order["currency"], order["seller"], order["order_no"],
            order["processing_days"]) == ("Phone case", "4.20", "EUR", "Shop B", "8123456789", 7)


def test_an_escape_sequence_pasted_into_a_question_is_dropped_not_a_traceback(setup, db_path):
    term = Terminal("place")
    term.wait_for("What did you order?")
    term.type("\x1b[31m")  # as pasted from a coloured terminal: prompt_toolkit read it as a mouse event
    term.answer("What did you order?", "Cable")
    term.answer("The order's total", "3.50")
    term.answer("Currency", "")
    term.answer("The store's name", "")
    term.answer("The AliExpress order number", "")
    term.answer("The processing time in days", "")
    term.answer("Record this order?", "y")
    assert term.finish() == 0
    assert "Traceback" not in term.screen() and "Press ENTER" not in term.screen()
    assert stored(db_path, 1)["item"] == "Cable"


def test_place_skips_the_optional_questions_with_enter(setup, db_path):
    term = Terminal("place")
    term.answer("What did you order?", "Cable")
    term.answer("The order's total", "3.50")
    term.answer("Currency", "")  # no order yet: USD
    term.answer("The store's name", "")
    term.answer("The AliExpress order number", "")
    term.answer("The processing time in days", "")
    term.answer("Record this order?", "y")
    assert term.finish() == 0
    order = stored(db_path, 1)
    assert (order["currency"], order["seller"], order["order_no"], order["processing_days"]) == \
        ("USD", None, None, None)


@pytest.mark.parametrize("key", [CTRL_C, ESC], ids=["ctrl-c", "esc"])
@pytest.mark.parametrize("steps", [1, 2, 3, 4, 7])
def test_ctrl_c_or_esc_at_any_place_question_records_nothing(db_path, key, steps):
    answers = [("What did you order?", "Cable"), ("The order's total", "3.50"), ("Currency", ""),
               ("The store's name", ""), ("The AliExpress order number", ""),
               ("The processing time in days", ""), ("Record this order?", None)]
    term = Terminal("place")
    for question, keys in answers[:steps - 1]:
        term.answer(question, keys)
    term.wait_for(answers[steps - 1][0])
    term.type(key)
    assert term.finish() == 130
    assert "Nothing recorded." in term.screen()
    assert not db_path.exists() or Cli(NOW).ok("list", "--json").json() == []


# --- contact, extend, pay --------------------------------------------------------------------------


def test_contact_asks_the_channel(setup, db_path):
    shipped(setup)
    term = Terminal("contact", "1")
    term.wait_for("1  chat")
    term.answer("How did you talk to the seller?", "2")
    assert term.finish() == 0
    assert stored(db_path)["events"][-1]["via"] == "email"


def test_extend_asks_the_days(setup, db_path):
    paid(setup)
    term = Terminal("extend", "1")
    term.answer("How many more days", "0")
    term.wait_for("from 1 to 365")
    term.type("\x15")
    term.type("3\r")
    assert term.finish() == 0
    assert stored(db_path)["extension_days"] == 3


@pytest.mark.parametrize("keys, method", [("", None), ("2", "paypal"), (DOWN, "card")])
def test_pay_asks_the_method_and_enter_skips_it(setup, db_path, keys, method):
    unpaid(setup)
    term = Terminal("pay", "1")
    term.answer("How did you pay?", keys)
    assert term.finish() == 0
    order = stored(db_path)
    assert order["status"] == "awaiting_shipment"
    assert order["payment_method"] == method


@pytest.mark.parametrize("args", [("extend", "1"), ("contact", "1"), ("pay", "1")])
def test_ctrl_c_at_the_single_questions_records_nothing(setup, db_path, args):
    paid(setup) if args[0] != "pay" else unpaid(setup)
    was = db_path.read_bytes()
    term = Terminal(*args)
    term.wait_for("?")
    term.wait_for("Enter" if args[0] != "extend" else "How many")
    term.type(CTRL_C)
    assert term.finish() == 130
    assert db_path.read_bytes() == was


# --- never asked off a terminal ----------------------------------------------------------------------


@pytest.mark.parametrize("how", [["--no-input"], []], ids=["--no-input", "ALIORDER_NO_INPUT"])
def test_no_input_on_a_terminal_asks_nothing_and_lists_the_choices(setup, db_path, how):
    paid(setup)
    was = db_path.read_bytes()
    env = {} if how else {"ALIORDER_NO_INPUT": "1"}
    term = Terminal(*how, "cancel", "1", env=env)
    assert term.finish() == 2
    screen = term.screen()
    assert "Missing option '--reason'" in screen
    for slug in ("wrong-item", "duplicate", "no-contact", "out-of-stock", "refuses-to-ship", "other"):
        assert slug in screen
    assert "Why cancel?" not in screen
    assert db_path.read_bytes() == was


def test_the_complaint_question_alone_when_the_reason_is_given(setup, db_path):
    paid(setup)
    term = Terminal("cancel", "1", "--reason", "refuses-to-ship")
    term.answer("file a complaint against the seller", "n")
    assert term.finish() == 0
    assert "Record this?" not in term.screen()
    assert stored(db_path)["cancel_request"]["report_seller"] is False


# --- bare aliorder and show ----------------------------------------------------------------------------


def test_bare_aliorder_on_a_terminal_shows_today_with_the_commands(setup, db_path):
    setup.ok("place", "Unpaid lamp", "--price", "2", at=NOW - days(19))       # 1: pay-by within 2 days
    setup.ok("place", "Forgotten cable", "--price", "2", at=NOW - days(25))   # 2: pay-by passed
    setup.ok("place", "Quiet mug", "--price", "2", at=NOW - days(1))          # 3: nothing near
    term = Terminal()
    assert term.finish() == 0
    screen = term.screen()
    assert "Overdue" in screen and "Within 2 days" in screen
    assert "Order 2 (Forgotten cable)" in screen and "aliorder tick" in screen
    assert "Order 1 (Unpaid lamp)" in screen and "aliorder pay 1" in screen
    assert "Quiet mug" not in screen
    assert "Usage:" not in screen


def test_bare_aliorder_with_no_orders_shows_the_help_with_its_lines(db_path):
    term = Terminal()
    assert term.finish() == 0
    screen = term.screen()
    assert "Usage: aliorder [OPTIONS] COMMAND [ARGS]..." in screen
    assert "\n  place " in screen.replace("\r", "")


def test_show_ends_with_what_can_be_done_now(setup):
    paid(setup)
    term = Terminal("show", "1")
    assert term.finish() == 0
    tail = term.screen().split("What you can do now")[1]
    for command in ("aliorder cancel 1", "aliorder extend 1", "aliorder ship 1", "aliorder contact 1"):
        assert command in tail
    assert "aliorder pay 1" not in tail


def test_a_suggested_guided_command_is_accepted_at_the_terminal(setup, db_path):
    paid(setup)
    shown = Cli(NOW).ok("show", "1").stdout
    assert "aliorder extend 1" in shown.split("What you can do now")[1]
    term = Terminal("extend", "1")
    term.answer("How many more days", "2")
    assert term.finish() == 0
    assert json.loads(Cli(NOW).ok("show", "1", "--json").stdout)["extension_days"] == 2


# --- every suggestion is accepted ---------------------------------------------------------------

from .conftest import T0  # noqa: E402

# Orders in every status; show is read in-process (off a terminal), so each suggestion runs as printed.
SCENARIOS = {
    "unpaid, Cancel not open yet": [("place", "X", "--price", "5", 0)],
    "unpaid": [("place", "X", "--price", "5", 0)],
    "paid with a processing time": [("place", "X", "--price", "5", "--processing-days", "9", 0), ("pay", "1", 0)],
    "cancellation requested": [("place", "X", "--price", "5", "--processing-days", "9", 0), ("pay", "1", 0),
                               ("cancel", "1", "--reason", "out-of-stock", 2)],
    "shipped": [("place", "X", "--price", "5", 0), ("pay", "1", 0), ("ship", "1", 1)],
    "delivered": [("place", "X", "--price", "5", 0), ("pay", "1", 0), ("ship", "1", 1), ("receive", "1", 2)],
    "in dispute": [("place", "X", "--price", "5", 0), ("pay", "1", 0), ("ship", "1", 1),
                   ("dispute", "open", "1", "--reason", "damaged", 2)],
    "in dispute, an offer to answer": [("place", "X", "--price", "5", 0), ("pay", "1", 0), ("ship", "1", 1),
                                       ("dispute", "open", "1", "--reason", "damaged", 2),
                                       ("dispute", "offer", "1", "--refund", "3", 3)],
    "cancelled with a refund on its way": [("place", "X", "--price", "5", 0), ("pay", "1", 0),
                                           ("cancel", "1", "--reason", "wrong-item", 2),
                                           ("seller", "approve", "1", 3)],
    "completed": [("place", "X", "--price", "5", 0), ("pay", "1", 0), ("ship", "1", 1),
                  ("dispute", "open", "1", "--reason", "damaged", 2), ("dispute", "withdraw", "1", 3)],
}
LOOK_AT = {"unpaid, Cancel not open yet": hours(3), "unpaid": days(2), "cancelled with a refund on its way": days(40),
           "completed": days(5)}


def _suggestions(shown: str) -> list[list[str]]:
    import shlex

    tail = shown.split("What you can do now")[1]
    commands = []
    for line in tail.splitlines():
        if line.strip().startswith("aliorder "):
            commands.append(shlex.split(re.split(r"\s{2,}", line.strip())[0])[1:])
        elif line.strip().startswith("--"):  # what goes after the open option: its first choice
            flag, named = line.strip().split(": ", 1)
            commands[-1].append(named[len("one of "):].split(", ")[0] if named.startswith("one of ")
                                else {"--days": "1"}[flag])
    return commands


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("later", [None, days(25), days(70)], ids=["then", "25-days-on", "70-days-on"])
def test_every_command_show_suggests_is_accepted_then(run, db_path, scenario, later):
    for *args, day in SCENARIOS[scenario]:
        run.ok(*args, at=T0 + days(day))
    when = T0 + (later if later is not None else LOOK_AT.get(scenario, days(4)))
    suggested = _suggestions(run.ok("show", "1", at=when).stdout)
    assert suggested or scenario == "completed"
    kept = db_path.read_bytes()
    for command in suggested:
        words = command[:2] if command[0] in ("seller", "dispute", "refund") else command[:1]
        ran = run(*command, at=when)
        assert ran.exit_code == 0, (scenario, command, ran.stderr)
        db_path.write_bytes(kept)


# --- off a terminal: the same usage errors, with the choices ----------------------------------------


@pytest.mark.parametrize("args, says", [
    (["cancel", "1"], ["Missing option '--reason'", "wrong-item, duplicate, no-contact, out-of-stock, "
                                                    "refuses-to-ship, other"]),
    (["dispute", "open", "1"], ["Missing option '--reason'", "not-received", "not-as-described",
                                "wrong-color", "not-working"]),
    (["contact", "1"], ["Missing option '--via'", "chat, email"]),
    (["extend", "1"], ["Missing option '--days'"]),
    (["cancel"], ["Missing argument 'ID'"]),
    (["dispute", "resolve"], ["Missing argument 'ID'"]),
    (["ship"], ["Missing argument 'ID'"]),
    (["place"], ["Missing argument 'ITEM'"]),
    (["place", "Lamp"], ["Missing option '--price'"]),
])
def test_off_a_terminal_a_missing_value_is_exit_2_naming_it_and_its_choices(run, db_path, args, says):
    run.ok("place", "Desk lamp", "--price", "12.99", at=T0)
    before = db_path.read_bytes()
    ran = run(*args, at=T0 + days(2))
    assert ran.exit_code == 2, ran.stderr
    for words in says:
        assert words in ran.stderr, (words, ran.stderr)
    assert "?" not in ran.stdout and db_path.read_bytes() == before


@pytest.mark.parametrize("args", [["--help"], ["list"], ["cancel", "1", "--reason", "wrong-item"]])
def test_the_question_library_is_loaded_only_when_a_question_is_asked(setup, args):
    import subprocess
    import sys

    setup.ok("place", "Desk lamp", "--price", "12.99", at=NOW - days(2))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "aliorder", *args], capture_output=True,
                          text=True, env={**os.environ, "ALIORDER_NO_INPUT": ""})
    assert done.returncode == 0, done.stderr[-500:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not {"questionary", "prompt_toolkit", "aliorder.prompts", "aliorder.guided"} & loaded


# --- after a write, and what every row and question shows -------------------------------------


@pytest.mark.parametrize("key", [CTRL_C, ESC], ids=["ctrl-c", "esc"])
def test_ctrl_c_or_esc_at_the_draft_question_after_the_dispute_was_recorded_is_no(setup, db_path, key):
    shipped(setup)
    term = Terminal("dispute", "open", "1")
    term.answer("No conversation with the seller is logged", "y")
    term.answer("What is wrong?", "1")
    term.answer("Describe the problem", "")
    term.answer("Open the dispute on order 1 now?", "y")
    term.wait_for("Show a message to paste")
    term.type(key)
    assert term.finish() == 0
    assert "Nothing recorded" not in term.screen()
    assert stored(db_path)["status"] == "in_dispute"


def test_today_gives_a_pending_offer_its_commands(setup, db_path):
    placed = setup.ok("place", "Desk lamp", "--price", "12.99", "--json", at=NOW - days(20)).json()["id"]
    setup.ok("pay", str(placed), at=NOW - days(19))
    setup.ok("ship", str(placed), at=NOW - days(15))
    setup.ok("dispute", "open", str(placed), "--reason", "damaged", at=NOW - days(7))
    setup.ok("dispute", "offer", str(placed), "--refund", "3", at=NOW - days(6))
    term = Terminal()
    assert term.finish() == 0
    screen = term.screen()
    row = screen.index(f"Order {placed} (Desk lamp)")
    assert "aliorder dispute accept 1" in screen[row:] and "aliorder dispute escalate 1" in screen[row:]
    assert "|" not in screen


@pytest.mark.parametrize("columns", [60, 80])
def test_the_dialogs_words_are_wrapped_between_words_at_the_terminals_width(setup, db_path, columns):
    """Nothing is drawn up to the terminal's last column, where the terminal would cut it
    mid-word ('2027-03-0' / '8 12:00'): questions, choices, the chosen answer and the summary
    are broken between words."""
    paid(setup)
    term = Terminal("cancel", "1", columns=columns)
    term.answer("Order 1 is paid, not shipped yet", "2")
    term.answer("Why cancel?", "4")  # out of stock: the seller's fault, the longest title
    term.answer("file a complaint", "n")
    term.answer("Record this?", "n")
    assert term.finish() == 0
    assert f"\r\x1b[{columns - 1}C" not in term.seen  # prompt_toolkit's cut at the last column
    summary = term.screen().split("About to record")[1].split("Record this?")[0]
    assert max(len(line) for line in summary.split("\n")) < columns
    assert "the supplier said the items are out of stock" in " ".join(term.screen().split())


@pytest.mark.parametrize("typed", ["\u00b2", "\u0663"])
def test_extend_days_in_other_digits_are_asked_again(setup, db_path, typed):
    """"²" (AltGr+2 on a German keyboard) is a digit to str.isdigit() but no number to int():
    the question's check failed with a traceback and asked "Press ENTER to continue" for ever.
    "٣" is refused as `--days ٣` is."""
    paid(setup)
    term = Terminal("extend", "1")
    term.answer("How many more days", typed)
    term.wait_for("from 1 to 365")
    term.type("\x15")
    term.type("3\r")
    assert term.finish() == 0
    assert "Traceback" not in term.screen() and "Exception" not in term.screen()
    assert stored(db_path)["extension_days"] == 3


def test_backups_on_a_terminal_wrap_between_words(setup, db_path):
    """Its lines (a path, a date, what came after) ran past the terminal's edge, which cut
    them mid-word ("w / hat came after it")."""
    unpaid(setup)
    setup.ok("pay", "1", at=NOW - days(1))
    term = Terminal("backups", columns=100)
    assert term.finish() == 0
    lines = [line for line in term.screen().splitlines() if line.strip()]
    assert all(len(line) <= 100 for line in lines), [line for line in lines if len(line) > 100]
    assert any(line.startswith(f"1  {db_path}.1") for line in lines)   # the path whole
    assert any(line.startswith("aliorder restore 1 (the current file becomes backup 1).") or
               "like: aliorder restore 1 (the current file becomes backup 1)." in line for line in lines)
