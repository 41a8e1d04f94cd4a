"""Disputes in full (the seller's answer, the buyer's, a return) and protection extensions (issue 14)."""

from __future__ import annotations

from icalendar import Calendar

from tests.conftest import T0, days, hours, refused

PRICE = "30.00"
SHIPPED = T0 + days(1)
OPENED = T0 + days(10)


def iso(at) -> str:
    return at.isoformat()


def shipped_order(run, item="Desk lamp") -> str:
    run.ok("place", item, "--price", PRICE, "--seller", "Shop A", at=T0)
    ref = str(run.ok("list", "--json", at=T0).json()[0]["id"])
    run.ok("pay", ref, "--method", "card", at=T0 + hours(1))
    run.ok("ship", ref, "--tracking", "LP1", at=SHIPPED)
    return ref


def disputed(run, *extra, item="Desk lamp") -> str:
    ref = shipped_order(run, item)
    run.ok("dispute", "open", ref, "--reason", "damaged", *extra, at=OPENED)
    return ref


def show(run, ref, at):
    return run.ok("show", ref, "--json", at=at).json()


# --- the seller must answer within 5 days -----------------------------------------


def test_a_dispute_the_seller_ignores_is_refunded_in_full_at_day_5(run):
    ref = disputed(run, "--claim", "20")
    assert show(run, ref, OPENED)["deadlines"]["dispute_reply_by"] == iso(OPENED + days(5))
    assert run.ok("tick", "--json", at=OPENED + days(5) - hours(1)).json()["changes"] == []
    changes = run.ok("tick", "--json", at=OPENED + days(5)).json()["changes"]
    assert [(c["to"], c["rule"], c["at"]) for c in changes] == [("completed", "dispute_reply_timeout",
                                                                 iso(OPENED + days(5)))]
    order = show(run, ref, OPENED + days(5))
    assert order["dispute"]["stage"] == "resolved"
    assert (order["refund"]["amount"], order["refund"]["status"]) == ("20.00", "pending")
    assert order["events"][-2]["by"] == "dispute_reply_timeout"


def test_the_amount_claimed_defaults_to_the_total_and_cannot_exceed_it(run, db_path):
    ref = shipped_order(run)
    refused(run, db_path, "dispute", "open", ref, "--reason", "damaged", "--claim", "31", at=OPENED, code=2,
            says=["A claim of 31.00 USD is more than the 30.00 USD paid", "--claim 30.00"])
    run.ok("dispute", "open", ref, "--reason", "damaged", at=OPENED)
    assert show(run, ref, OPENED)["dispute"]["claim"] == PRICE
    run.ok("tick", at=OPENED + days(6))
    assert show(run, ref, OPENED + days(6))["refund"]["amount"] == PRICE


def test_an_answer_stops_the_reply_clock(run):
    ref = disputed(run)
    run.ok("dispute", "offer", ref, "--refund", "10", at=OPENED + days(2))
    assert run.ok("tick", "--json", at=OPENED + days(6)).json()["changes"] == []
    order = show(run, ref, OPENED + days(6))
    assert order["dispute"]["stage"] == "offered" and order["refund"] is None
    assert order["deadlines"]["dispute_reply_by"] is None


# --- no agreement 7 days after the seller's answer ----------------------------------


def test_an_offer_not_agreed_is_escalated_7_days_after_it(run):
    ref = disputed(run)
    run.ok("dispute", "offer", ref, "--rejected", at=OPENED + days(1))
    answered = OPENED + days(1)
    rows = run.ok("deadlines", "--json", at=answered).json()
    assert [(r["kind"], r["due"]) for r in rows] == [("dispute_escalates", iso(answered + days(7)))]
    run.ok("tick", at=answered + days(7) - hours(1))
    assert show(run, ref, answered + days(7) - hours(1))["dispute"]["stage"] == "offered"
    run.ok("tick", at=answered + days(7))
    order = show(run, ref, answered + days(7))
    assert (order["status"], order["dispute"]["stage"]) == ("in_dispute", "escalated")
    assert order["events"][-1] == {"at": iso(answered + days(7)), "kind": "dispute_escalated",
                                   "by": "dispute_escalation"}


def test_accepting_a_refund_offer_resolves_the_dispute_and_starts_the_refund(run):
    ref = disputed(run)
    run.ok("dispute", "offer", ref, "--refund", "12.50", at=OPENED + days(1))
    order = run.ok("dispute", "accept", ref, "--json", at=OPENED + days(2)).json()
    assert (order["status"], order["dispute"]["stage"]) == ("completed", "resolved")
    assert order["refund"]["amount"] == "12.50"
    assert [e["kind"] for e in order["events"][-2:]] == ["dispute_accepted", "refund_started"]
    assert run.ok("tick", "--json", at=OPENED + days(30)).json()["changes"] == []


def test_an_offer_is_told_as_an_amount_in_the_orders_currency_not_as_typed(run):
    ref = disputed(run)
    said = run.ok("dispute", "offer", ref, "--refund", "3", at=OPENED + days(1)).stdout
    currency = show(run, ref, OPENED + days(1))["currency"]
    assert f"the seller offered a refund of 3.00 {currency}. Now in_dispute." in said, said
    again = run.ok("dispute", "offer", ref, "--refund", "4,50", at=OPENED + days(2)).stdout
    assert f"the seller offered a refund of 4.50 {currency}." in again, again


def test_accepting_a_rejection_closes_the_dispute_without_refund(run):
    ref = disputed(run)
    run.ok("dispute", "offer", ref, "--rejected", at=OPENED + days(1))
    order = run.ok("dispute", "accept", ref, "--json", at=OPENED + days(2)).json()
    assert (order["status"], order["dispute"]["stage"], order["refund"]) == ("completed", "rejected", None)


# --- a return agreed: 10 days to ship it back ------------------------------------


def returning(run, item="Desk lamp"):
    ref = disputed(run, item=item)
    run.ok("dispute", "offer", ref, "--return", at=OPENED + days(1))
    order = run.ok("dispute", "accept", ref, "--json", at=OPENED + days(2)).json()
    assert (order["status"], order["dispute"]["stage"]) == ("in_dispute", "returning")
    assert order["deadlines"]["return_by"] == iso(OPENED + days(12))
    return ref


def test_an_accepted_return_not_shipped_in_10_days_closes_without_refund(run):
    ref = returning(run)
    assert run.ok("tick", "--json", at=OPENED + days(12) - hours(1)).json()["changes"] == []
    changes = run.ok("tick", "--json", at=OPENED + days(13)).json()["changes"]
    assert [(c["to"], c["rule"], c["at"]) for c in changes] == [("completed", "return_timeout",
                                                                 iso(OPENED + days(12)))]
    order = show(run, ref, OPENED + days(13))
    assert (order["dispute"]["stage"], order["refund"]) == ("rejected", None)


def test_a_return_shipped_in_time_keeps_the_dispute_open_until_the_refund(run):
    ref = returning(run)
    shipped_back = run.ok("dispute", "returned", ref, "--tracking", "RR1", "--json", at=OPENED + days(9)).json()
    assert shipped_back["events"][-1] == {"at": iso(OPENED + days(9)), "kind": "return_shipped", "by": "buyer",
                                          "tracking": "RR1"}
    assert shipped_back["deadlines"]["return_by"] is None
    assert run.ok("tick", "--json", at=OPENED + days(20)).json()["changes"] == []
    assert show(run, ref, OPENED + days(20))["status"] == "in_dispute"
    done = run.ok("dispute", "resolve", ref, "--refund", PRICE, "--json", at=OPENED + days(21)).json()
    assert (done["status"], done["dispute"]["stage"], done["refund"]["amount"]) == ("completed", "resolved", PRICE)


# --- one tick long after several dispute deadlines -----------------------------------


def test_a_tick_long_after_applies_each_dispute_rule_exactly_once(run):
    ignored = disputed(run, item="Ignored")
    offered = disputed(run, item="Offered")
    run.ok("dispute", "offer", offered, "--refund", "5", at=OPENED + days(1))
    back = returning(run, item="Returning")
    first = run.ok("tick", "--json", at=OPENED + days(90)).json()
    assert sorted((c["id"], c["rule"], c["at"]) for c in first["changes"]) == sorted([
        (int(ignored), "dispute_reply_timeout", iso(OPENED + days(5))),
        (int(back), "return_timeout", iso(OPENED + days(12)))])
    assert run.ok("tick", "--json", at=OPENED + days(91)).json()["changes"] == []
    for ref, kind in ((ignored, "dispute_resolved"), (offered, "dispute_escalated"), (back, "dispute_resolved")):
        events = show(run, ref, OPENED + days(91))["events"]
        assert sum(1 for e in events if e["kind"] == kind and e.get("by")) == 1, (ref, events)
    assert show(run, offered, OPENED + days(91))["dispute"]["stage"] == "escalated"
    assert sum(1 for e in show(run, ignored, OPENED + days(91))["events"] if e["kind"] == "refund_started") == 1


# --- the dispute's clocks in deadlines, show and the calendar -----------------------


def test_deadlines_is_never_empty_while_a_dispute_clock_runs(run):
    ref = disputed(run)
    who = lambda at: [(r["kind"], r["status"]) for r in run.ok("deadlines", "--json", at=at).json()]  # noqa: E731
    assert who(OPENED) == [("dispute_reply_by", "in_dispute")]
    table = run.ok("deadlines", at=OPENED).stdout
    assert "seller" in table and "Seller must answer the dispute" in table
    run.ok("dispute", "offer", ref, "--return", at=OPENED + days(1))
    assert who(OPENED + days(1)) == [("dispute_escalates", "in_dispute")]
    assert "you" in run.ok("deadlines", at=OPENED + days(1)).stdout
    run.ok("dispute", "accept", ref, at=OPENED + days(2))
    assert who(OPENED + days(2)) == [("return_by", "in_dispute")]
    shown = run.ok("show", ref, at=OPENED + days(2)).stdout
    assert "Ship the return by" in shown and "returning" in shown


def test_the_calendar_carries_the_dispute_clock(run, tmp_path):
    disputed(run)
    out = tmp_path / "d.ics"
    run.ok("export", "--ics", str(out), at=OPENED)
    events = [c for c in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert [str(e["SUMMARY"]).split(":")[0] for e in events] == ["Seller must answer the dispute"]


# --- refusals, each with its way out --------------------------------------------------


def test_refusals_name_the_way_out(run, db_path):
    ref = shipped_order(run)
    refused(run, db_path, "dispute", "offer", ref, "--refund", "5", at=T0 + days(2),
            says=["has no open dispute", f"aliorder dispute open {ref} --reason\n  --reason: one of not-received, "])
    refused(run, db_path, "dispute", "offer", ref, "--refund", "5", "--rejected", at=T0 + days(2), code=2,
            says=["exactly one answer"])
    run.ok("dispute", "open", ref, "--reason", "damaged", at=OPENED)
    refused(run, db_path, "dispute", "accept", ref, at=OPENED + hours(1),
            says=["the seller has not answered the dispute yet", f"aliorder dispute offer {ref} --refund\n  --refund: the amount agreed"])
    refused(run, db_path, "dispute", "returned", ref, at=OPENED + hours(1),
            says=["no return was agreed"])
    refused(run, db_path, "protection", "extend", ref, "--days", "10", at=OPENED + hours(1),
            says=["is in dispute", f"aliorder show {ref}"])
    refused(run, db_path, "dispute", "offer", ref, "--refund", "31", at=OPENED + hours(1), code=2,
            says=["more than the 30.00 USD paid"])
    run.ok("dispute", "offer", ref, "--return", at=OPENED + hours(2))
    refused(run, db_path, "dispute", "returned", ref, at=OPENED + hours(3),
            says=["you have not accepted it yet", f"aliorder dispute accept {ref}"])
    run.ok("dispute", "accept", ref, at=OPENED + hours(3))
    refused(run, db_path, "dispute", "accept", ref, at=OPENED + hours(4),
            says=["already accepted", f"aliorder dispute returned {ref}"])
    run.ok("dispute", "returned", ref, at=OPENED + hours(4))
    refused(run, db_path, "dispute", "returned", ref, at=OPENED + hours(5), says=["already shipped"])


def test_protection_extend_before_shipping_is_refused(run, db_path):
    run.ok("place", "Lamp", "--price", PRICE, at=T0)
    refused(run, db_path, "protection", "extend", "1", "--days", "5", at=T0 + hours(1),
            says=["not paid yet: purchase protection starts when it ships", "aliorder pay 1"])


# --- protection extensions --------------------------------------------------------


def test_an_extension_by_15_days_makes_a_dispute_on_day_61_possible(run, db_path):
    late = shipped_order(run, "Late parcel")
    plain = shipped_order(run, "Other parcel")
    day61 = SHIPPED + days(61)
    extended = run.ok("protection", "extend", late, "--days", "15", "--json", at=SHIPPED + days(50)).json()
    assert extended["deadlines"]["protection_ends"] == iso(SHIPPED + days(75))
    assert extended["events"][-1] == {"at": iso(SHIPPED + days(50)), "kind": "protection_extended",
                                      "by": "seller", "days": 15}
    changes = run.ok("tick", "--json", at=day61).json()["changes"]
    assert [(c["id"], c["to"]) for c in changes] == [(int(plain), "completed")]
    run.ok("dispute", "open", late, "--reason", "not-received", at=day61)
    refused(run, db_path, "dispute", "open", plain, "--reason", "not-received", at=day61,
            says=["purchase protection ended"])


def test_an_extension_moves_a_protection_end_read_off_the_order_page(run):
    ref = shipped_order(run)
    run.ok("deadline", ref, "protection-ends", iso(SHIPPED + days(40)), at=SHIPPED + days(2))
    run.ok("protection", "extend", ref, "--days", "10", at=SHIPPED + days(3))
    order = show(run, ref, SHIPPED + days(3))
    assert order["deadlines"]["protection_ends"] == iso(SHIPPED + days(50))


def test_tick_warns_before_protection_ends_to_ask_for_an_extension(run):
    ref = shipped_order(run)
    out = run.ok("tick", at=SHIPPED + days(59)).stdout
    assert "Purchase protection ends" in out and "extend" in out
    assert f"aliorder protection extend {ref} --days 30" in out


# --- drafts --------------------------------------------------------------------------


def test_protection_extend_draft_asks_the_seller_and_records_nothing(run, db_path):
    ref = shipped_order(run)
    before = db_path.read_bytes()
    ran = run.ok("protection", "extend", ref, "--days", "15", "--draft", at=SHIPPED + days(50))
    assert ran.stdout.startswith("Hello Shop A,")
    assert "extend the purchase protection by 15 days" in ran.stdout
    assert (SHIPPED + days(60)).strftime("%Y-%m-%d") in ran.stdout
    assert "nothing was recorded" in ran.stderr and f"aliorder protection extend {ref} --days 15" in ran.stderr
    assert db_path.read_bytes() == before


def test_dispute_offer_draft_answers_the_offer(run, db_path):
    ref = disputed(run)
    before = db_path.read_bytes()
    low = run.ok("dispute", "offer", ref, "--refund", "5", "--draft", at=OPENED + days(1)).stdout
    assert "offer of a refund of 5.00 USD" in low and "I asked for 30.00 USD" in low
    back = run.ok("dispute", "offer", ref, "--return", "--draft", at=OPENED + days(1)).stdout
    assert "return address" in back
    doc = run.ok("dispute", "offer", ref, "--rejected", "--draft", "--json", at=OPENED + days(1)).json()
    assert doc["draft"] == "offer" and "rejected my claim" in doc["text"]
    assert db_path.read_bytes() == before


# --- rules and the order page ------------------------------------------------------


def test_rules_lists_the_dispute_rules_with_their_sources(run):
    rules = {r["name"]: r for r in run.ok("rules", "--json").json()}
    assert (rules["dispute_reply_timeout"]["value"], rules["dispute_reply_timeout"]["setting"]) == \
        (5, "dispute_reply_timeout_days")
    assert "5 days, otherwise automatic refund" in rules["dispute_reply_timeout"]["source"]
    assert rules["dispute_escalation"]["value"] == 7 and "since 2017" in rules["dispute_escalation"]["source"]
    assert rules["return_timeout"]["value"] == 10 and "10 days" in rules["return_timeout"]["source"]


def test_the_dispute_rules_are_settings(run, tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text("dispute_reply_timeout_days = 2\n")
    ref = disputed(run)
    assert show(run, ref, OPENED)["deadlines"]["dispute_reply_by"] == iso(OPENED + days(2))


def test_a_reply_by_read_off_the_order_page_wins(run):
    ref = disputed(run)
    run.ok("deadline", ref, "dispute-reply-by", iso(OPENED + days(3)), at=OPENED + hours(1))
    changes = run.ok("tick", "--json", at=OPENED + days(4)).json()["changes"]
    assert [(c["rule"], c["at"]) for c in changes] == [("dispute_reply_timeout", iso(OPENED + days(3)))]
