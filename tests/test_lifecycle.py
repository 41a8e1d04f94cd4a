"""The lifecycle table as a table, the deadline kinds' registry, and next actions as data.

tests/test_domain.py runs every command in every status; this file checks the table
itself (every status x every verb: allowed and where to, or the refusal's words and
its way out), that a rule or a deadline kind cannot be half added, and that whatever
aliorder suggests (next actions, a refusal's way out) is accepted when run.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from aliorder import commandline, domain, policy
from aliorder.domain import Action, Go, Refuse, Rule, Status
from aliorder.domain.actions import LOOKS
from aliorder.domain.deadlines import KINDS, DeadlineKind
from aliorder.domain.lifecycle import NEXT, RULE_EFFECTS, TABLE, accepts, command_for, next_actions
from aliorder.errors import AliorderError, NotAllowed
from aliorder.policy import Rules
from tests.conftest import T0, days, hours
from tests.test_domain import PATHS, act, fresh, order_in

RULES = Rules()
S = Status
AP, AS, CR, AD, DE, ID, CO, CA = (S.AWAITING_PAYMENT, S.AWAITING_SHIPMENT, S.CANCELLATION_REQUESTED,
                                  S.AWAITING_DELIVERY, S.DELIVERED, S.IN_DISPUTE, S.COMPLETED, S.CANCELLED)
STAYS = "stays"

# verb -> {status: where it leads (STAYS: the status stays)}; every other status refuses.
ALLOWED = {
    "pay": {AP: AS},
    "cancel": {AP: CA, AS: CR},
    "extend": {AS: STAYS},
    "seller approve": {CR: CA},
    "seller reject": {CR: AS},
    "ship": {AS: AD, CR: AD},
    "receive": {AD: DE, ID: STAYS},
    "contact": {s: STAYS for s in Status},
    "dispute open": {AD: ID, DE: ID},
    "dispute escalate": {ID: STAYS},
    "dispute resolve": {ID: CO},
    "dispute withdraw": {ID: CO},
    "refund received": {s: STAYS for s in Status},
    "edit": {s: STAYS for s in Status},
    "note": {s: STAYS for s in Status},
    "deadline": {s: STAYS for s in Status if s not in (CO, CA)},
    "dispute offer": {ID: STAYS},
    "dispute accept": {ID: STAYS},
    "dispute returned": {ID: STAYS},
    "protection extend": {AD: STAYS, DE: STAYS},
    Rule.DISPUTE_REPLY_TIMEOUT: {ID: CO},
    Rule.DISPUTE_ESCALATION: {ID: STAYS},
    Rule.RETURN_TIMEOUT: {ID: CO},
    Rule.UNPAID_TIMEOUT: {AP: CA},
    Rule.SHIP_TIMEOUT: {AS: CA, CR: CA},
    Rule.SELLER_TIMEOUT: {CR: CA},
    Rule.PROTECTION_END: {AD: CO, DE: CO},
    Rule.REFUND_OVERDUE: {s: STAYS for s in Status},
}

# (verb, status) -> (words of the refusal, the way out's verbs); a verb's default under None.
REFUSED = {
    ("pay", None): ("it was already paid", ["show"]),
    ("cancel", CR): ("already has a cancellation request waiting", ["seller approve", "seller reject"]),
    ("cancel", ID): ("is in dispute: it can no longer be cancelled", ["dispute resolve", "dispute withdraw"]),
    ("cancel", None): ("is shipped: it can no longer be cancelled", ["dispute open"]),
    ("extend", AP): ("not paid yet", ["pay"]),
    ("extend", CR): ("cancellation request waiting", ["seller reject"]),
    ("extend", None): ("already shipped, so there is no processing time", ["contact"]),
    **{(answer, status): ("no cancellation request to answer", way)
       for answer in ("seller approve", "seller reject")
       for status, way in ((None, ["cancel"]), (AD, ["dispute open"]), (DE, ["dispute open"]),
                           (ID, ["dispute resolve", "dispute withdraw"]))},
    ("ship", AP): ("not paid yet, so it cannot have been shipped", ["pay"]),
    ("ship", None): ("it was already shipped", ["show"]),
    ("receive", DE): ("already marked as received", ["show"]),
    ("receive", AP): ("has not been shipped yet", ["pay"]),
    ("receive", None): ("has not been shipped yet", ["ship"]),
    ("dispute open", ID): ("already has an open dispute", ["dispute escalate"]),
    ("dispute open", None): ("can be opened only once it has shipped", ["cancel"]),
    ("dispute open", CR): ("can be opened only once it has shipped", ["seller approve", "seller reject"]),
    **{(verb, status): ("has no open dispute", way)
       for verb in ("dispute escalate", "dispute resolve", "dispute withdraw", "dispute offer",
                    "dispute accept", "dispute returned")
       for status, way in ((None, ["dispute open"]), (AP, ["cancel"]), (AS, ["cancel"]),
                           (CR, ["seller approve", "seller reject"]))},
    ("protection extend", AP): ("not paid yet: purchase protection starts when it ships", ["pay"]),
    ("protection extend", AS): ("has not shipped yet", ["contact"]),
    ("protection extend", CR): ("has not shipped yet", ["seller approve", "seller reject"]),
    ("protection extend", None): ("is in dispute: the dispute's own clocks run now", ["show"]),
    **{(rule, None): ("does not apply", []) for rule in Rule},
}
FINISHED = ("nothing more can happen to it", ["show"])


def expected_refusal(verb, status):
    if status in (CO, CA) and not isinstance(verb, Rule):
        return FINISHED
    return REFUSED.get((verb, status)) or REFUSED[(verb, None)]


def test_the_table_has_a_row_for_every_verb_and_rule_and_a_cell_for_every_status():
    assert set(TABLE) == set(ALLOWED)
    assert all(set(row) == set(Status) for row in TABLE.values())


@pytest.mark.parametrize("verb", list(ALLOWED), ids=str)
@pytest.mark.parametrize("status", list(Status), ids=str)
def test_each_cell_of_the_table(verb, status):
    cell = TABLE[verb][status]
    if status in ALLOWED[verb]:
        assert isinstance(cell, Go), (verb, status, cell)
        target = ALLOWED[verb][status]
        assert cell.to == (None if target == STAYS else target)
        return
    assert not isinstance(cell, Go), (verb, status)
    words, way_out = expected_refusal(verb, status)
    order = fresh()._replace(status=status)
    refusal = cell.error(order, str(verb), RULES) if isinstance(cell, Refuse) \
        else cell(order, domain.ApplyRule(verb) if isinstance(verb, Rule) else _command(verb), RULES)
    assert words in refusal.message, (verb, status, refusal.message)
    assert [a.verb for a in refusal.way_out] == way_out
    assert all(a.order == 7 for a in refusal.way_out)
    if way_out:
        assert refusal.hint is not None and "aliorder " in refusal.hint and " 7" in refusal.hint


def _command(verb):
    return command_for(NEXT[verb], **{name: _choice(name) for name in NEXT[verb].to_choose})


def _choice(name, order=None):
    return {"reason": "not-received", "via": "chat", "days": 3,
            "refund": Decimal("1.00")}[name] if name != "reason" else "not-received"


# --- inside a dispute: the stage table ----------------------------------------------

OFFERED = ("offered:refund", "offered:return", "offered:rejected")
# verb -> state -> (status after, stage after) or (words of the refusal, [way out verbs]).
IN_DISPUTE = {
    "dispute offer": {"open": (ID, "offered"), **{o: (ID, "offered") for o in OFFERED},
                      "escalated": ("platform staff decide now", ["dispute resolve"]),
                      "returning": ("a return was agreed", ["dispute returned"]),
                      "returned": ("on its way back", ["dispute resolve"])},
    "dispute accept": {"open": ("has not answered the dispute yet", ["dispute offer"]),
                       "offered:refund": (CO, "resolved"), "offered:return": (ID, "returning"),
                       "offered:rejected": (CO, "rejected"),
                       "escalated": ("platform staff decide now", ["dispute resolve"]),
                       "returning": ("already accepted", ["dispute returned"]),
                       "returned": ("on its way back", ["dispute resolve"])},
    "dispute returned": {"open": ("no return was agreed", ["dispute offer"]),
                         "offered:return": ("have not accepted it yet", ["dispute accept"]),
                         "offered:refund": ("no return was agreed", ["dispute accept", "dispute escalate"]),
                         "offered:rejected": ("no return was agreed", ["dispute accept", "dispute escalate"]),
                         "escalated": ("platform staff decide now", ["dispute resolve"]),
                         "returning": (ID, "returning"),
                         "returned": ("already shipped", ["show"])},
    "dispute escalate": {**{s: (ID, "escalated") for s in ("open", *OFFERED, "returning", "returned")},
                         "escalated": ("already escalated", ["dispute resolve"])},
    "dispute resolve": {s: (CO, "resolved") for s in ("open", *OFFERED, "escalated", "returning", "returned")},
    "dispute withdraw": {s: (CO, "withdrawn") for s in ("open", *OFFERED, "escalated", "returning", "returned")},
    Rule.DISPUTE_REPLY_TIMEOUT: {"open": (CO, "resolved")},
    Rule.DISPUTE_ESCALATION: {o: (ID, "escalated") for o in OFFERED},
    Rule.RETURN_TIMEOUT: {"returning": (CO, "rejected")},
}
STATES = ("open", *OFFERED, "escalated", "returning", "returned")


def in_state(state):
    """An order in dispute, its dispute at `state`, by the buyer's and seller's own steps."""
    order = order_in(ID)
    at = T0 + days(2)
    offer = {"offered:refund": domain.DisputeOffer("refund", Decimal("5.00")),
             "offered:rejected": domain.DisputeOffer("rejected")}.get(state, domain.DisputeOffer("return"))
    if state == "escalated":
        return act(order, domain.EscalateDispute(), at)
    if state != "open":
        order = act(order, offer, at)
    if state in ("returning", "returned"):
        order = act(order, domain.AcceptOffer(), at)
    if state == "returned":
        order = act(order, domain.ReturnShipped("RT1"), at)
    assert order.dispute.state == state
    return order


def test_the_stage_table_has_a_cell_for_every_state():
    from aliorder.domain.lifecycle import DISPUTE_STATES, STAGES

    assert set(STAGES) == set(IN_DISPUTE)
    assert DISPUTE_STATES == STATES
    assert all(set(row) == set(STATES) for row in STAGES.values())


@pytest.mark.parametrize("verb", list(IN_DISPUTE), ids=str)
@pytest.mark.parametrize("state", STATES)
def test_each_dispute_state_of_the_table(verb, state):
    order = in_state(state)
    command = domain.ApplyRule(verb) if isinstance(verb, Rule) else _command(verb)
    if isinstance(command, domain.ResolveDispute) and state == "offered:rejected":
        command = domain.ResolveDispute(Decimal("1.00"))
    expected = IN_DISPUTE[verb].get(state, ("does not apply", []))
    if isinstance(expected[0], Status):
        after = domain.apply(order, command, T0 + days(3), RULES)
        assert (after.status, after.dispute.stage) == expected
        return
    with pytest.raises(NotAllowed) as refused:
        domain.apply(order, command, T0 + days(3), RULES)
    words, way_out = expected
    assert words in refused.value.message, refused.value.message
    assert [a.verb for a in refused.value.way_out] == way_out


# --- the deadline kinds ---------------------------------------------------------


def test_every_deadline_kind_is_complete():
    """Adding a kind: fill every field; a rule's kind says what the rule did, in words."""
    for kind in KINDS.values():
        for name in DeadlineKind._fields:
            if name in ("rule", "runs_while", "who_late", "fired"):
                continue
            value = getattr(kind, name)
            assert value is not None and value != "", (kind.name, name)
        assert kind.who in ("you", "seller") and kind.who_late in (None, "you", "seller"), kind.name
        assert kind.group in ("order", "dispute", "refund"), kind.name
        assert kind.name in policy._COUNTED, f"policy does not count {kind.name}"
        if kind.rule is not None:
            assert kind.fired, f"{kind.name}: say what rule {kind.rule} does"
            assert not kind.opening, f"{kind.name}: a rule fires at a must-do deadline, not an opening"
        if kind.while_verb is not None:
            assert kind.while_verb in TABLE, (kind.name, kind.while_verb)


def test_every_rule_has_a_row_an_effect_a_deadline_and_a_setting():
    for rule in Rule:
        assert rule in TABLE, f"rule {rule}: no row in the lifecycle table"
        assert rule in RULE_EFFECTS, f"rule {rule}: no effect in lifecycle.RULE_EFFECTS"
        kinds = [k for k in KINDS.values() if k.rule == rule]
        assert len(kinds) == 1, f"rule {rule}: needs exactly one deadline kind, has {kinds}"


def test_every_kind_policy_counts_is_registered():
    assert set(policy._COUNTED) == set(KINDS)


def test_render_and_the_calendar_read_the_registry():
    from aliorder import ics, render

    for name, kind in KINDS.items():
        assert render.DEADLINE_LABEL[name] == kind.label
        assert render.DEADLINE_SHORT[name] == kind.short
        assert ics.SUMMARY[name] == kind.summary


# --- next actions and ways out, as data --------------------------------------------

# Orders in every status, and in the corners of each (the Cancel button not there yet,
# no processing time, a dispute escalated or closed, a refund pending or received).
def _corners():
    yield "unpaid, just placed", order_in(AP), T0 + hours(1)
    for status in Status:
        yield str(status), order_in(status), T0 + days(3)
    paid = act(fresh(), domain.Pay("card"), T0 + hours(1))
    yield "paid an hour ago", paid, T0 + hours(2)
    yield "no processing time", act(fresh()._replace(processing_days=None),
                                    domain.Pay("card"), T0 + hours(1)), T0 + days(3)
    disputed = order_in(ID)
    yield "escalated", act(disputed, domain.EscalateDispute(), T0 + days(3)), T0 + days(3)
    yield "refunded", act(disputed, domain.ResolveDispute(Decimal("5.00")), T0 + days(3)), T0 + days(4)
    for state in STATES:
        yield f"dispute {state}", in_state(state), T0 + days(3)
    approved = act(order_in(CR), domain.SellerAnswer(True), T0 + days(3))
    yield "refund pending", approved, T0 + days(4)
    yield "refund received", act(approved, domain.ReceiveRefund(), T0 + days(5)), T0 + days(6)
    shipped = order_in(AD)
    yield "protection ended", domain.apply(shipped, domain.ApplyRule(Rule.PROTECTION_END),
                                           T0 + days(70), RULES), T0 + days(71)


CORNERS = list(_corners())


def _run(order, action, at):
    chosen = {name: _pick(order, action, name) for name in action.to_choose}
    return domain.apply(order, command_for(action, **chosen), at, RULES)


def _pick(order, action, name):
    listed = domain.choices(action, name)
    if listed:
        reasons = domain.CANCEL_REASONS if action.verb == "cancel" else domain.DISPUTE_REASONS
        return next(slug for slug in listed if name != "reason" or not reasons[slug].needs_note)
    return {"days": 2, "refund": order.price}[name]


@pytest.mark.parametrize(("what", "order", "at"), CORNERS, ids=[c[0] for c in CORNERS])
def test_every_next_action_is_accepted(what, order, at):
    actions = next_actions(order, at, RULES)
    assert actions, what
    for action in actions:
        assert action.order == order.id
        _run(order, action, at)  # raises if refused


@pytest.mark.parametrize(("what", "order", "at"), CORNERS, ids=[c[0] for c in CORNERS])
def test_every_refusal_offers_a_way_out_that_is_accepted(what, order, at):
    """Each verb refused for this order now: its way out runs (at the instant the refusal
    names, for one that says 'try again then'), or is only a look (show)."""
    for verb, action in NEXT.items():
        try:
            _run(order, action.about(order.id), at)
            continue
        except NotAllowed as refused:
            err = refused
        for way in err.way_out:
            if way.verb in LOOKS or way.verb == "edit":  # edit: a correction, it runs in any status
                continue
            when = err.when if err.when is not None and err.when > at else at
            try:
                _run_or_wait(order, way, when)
            except NotAllowed as again:
                pytest.fail(f"{what}: {verb} refused ({err.message}); its way out "
                            f"{commandline.line(way)} is refused too: {again.message}")


def _run_or_wait(order, action, at):
    """Run `action`; one refused only until an instant it names ("try again then") runs then."""
    try:
        return _run(order, action, at)
    except NotAllowed as refused:
        if refused.when is None or refused.when <= at or [a.verb for a in refused.way_out] != [action.verb]:
            raise
        return _run(order, action, refused.when)


def test_next_actions_are_data_and_the_cli_spells_them():
    unpaid = order_in(AP)
    actions = next_actions(unpaid, T0 + days(2), RULES)
    assert [a.verb for a in actions] == ["pay", "cancel", "contact"]
    assert actions[1] == Action("cancel", 7, {"reason": None})
    assert actions[1].to_choose == ["reason"]
    assert commandline.line(actions[1], terminal=True) == "aliorder cancel 7"
    assert commandline.spell(actions[1], terminal=False)[0] == "aliorder cancel 7 --reason"
    assert commandline.spell(actions[1], terminal=False)[1].startswith("--reason: one of wrong-item, duplicate, ")
    # Before the Cancel button appears, cancelling is not offered.
    assert [a.verb for a in next_actions(unpaid, T0 + hours(2), RULES)] == ["pay", "contact"]


def test_a_refusal_carries_its_way_out_as_an_action():
    shipped = order_in(AD)
    with pytest.raises(NotAllowed) as refused:
        act(shipped, domain.Cancel("wrong-item"), T0 + days(3))
    assert refused.value.way_out == (Action("dispute open", 7, {"reason": None}),)
    assert refused.value.hint.startswith("Open a dispute instead: aliorder dispute open 7 --reason\n"
                                         "  --reason: one of not-received, ")


def test_the_command_line_quotes_what_the_buyer_typed():
    again = Action("cancel", 4, {"reason": "other", "note": "changed my mind; sorry", "report_seller": True})
    assert commandline.line(again) == "aliorder cancel 4 --reason other --note 'changed my mind; sorry' --report-seller"
    assert commandline.lines([Action("seller approve", 3), Action("seller reject", 3)]) == \
        "\n  aliorder seller approve 3\n  aliorder seller reject 3"


def test_command_for_asks_for_what_is_still_to_choose():
    with pytest.raises(AliorderError, match="choose reason"):
        command_for(Action("cancel", 7, {"reason": None}))
    assert command_for(Action("cancel", 7, {"reason": None}), reason="duplicate") == domain.Cancel("duplicate")


def test_accepts_matches_apply():
    for what, order, at in CORNERS:
        for action in NEXT.values():
            action = action.about(order.id)
            try:
                _run(order, action, at)
                ran = True
            except AliorderError:
                ran = False
            assert accepts(order, action, at, RULES) == ran, (what, action)


def test_every_kind_tick_warns_of_has_its_words_and_its_actions():
    """tick reads TICK_ADVICE[kind] for each warning: a warned kind without it would fail at run time."""
    from aliorder import render, ticking

    for name, kind in KINDS.items():
        if kind.warn:
            assert name in ticking.WARNED, name
            assert render.TICK_ADVICE.get(name), f"render.TICK_ADVICE lacks {name}"
            assert ticking.dealing_with(order_in(AP), name), f"ticking.dealing_with lacks {name}"


@pytest.mark.parametrize("state", [*(str(s) for s in Status), *(f"dispute {s}" for s in STATES)])
def test_the_deadlines_of_an_order_are_those_rules_deadline_gives_kind_by_kind(state):
    """policy reads which kinds run for an order from the table once per status (an open
    dispute: kind by kind, as its state may narrow a verb): the same deadlines, the same rules."""
    if state.startswith("dispute "):
        order = in_state(state.removeprefix("dispute "))
    else:
        order = order_in(Status(state))
    one_by_one = {name: RULES.deadline(name, order) for name in KINDS}
    shown = policy.deadlines(order, RULES)
    assert shown == {name: one_by_one[name] for name in shown}
    assert [(d.kind, d.due) for d in policy.open_deadlines(order, T0, RULES)] == [
        (name, at) for name, at in one_by_one.items() if at is not None and not (KINDS[name].opening and at <= T0)]
    assert policy.pending_rules(order, RULES) == sorted(
        (policy.Due(at, KINDS[name].rule) for name, at in one_by_one.items()
         if at is not None and KINDS[name].rule is not None),
        key=lambda d: (d.at, d.rule is Rule.REFUND_OVERDUE))
