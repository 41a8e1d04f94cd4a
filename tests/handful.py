"""A buyer's handful of orders in different states, as seen at NOW (ten days after T0)."""

from __future__ import annotations

from tests.conftest import T0, days, hours

NOW = T0 + days(10)


def handful_of_orders(run) -> dict[str, int]:
    """Records, at the instants they happened, six orders; returns their IDs by name.

    Seen at NOW, soonest first: the refund of "phone case" is 2 days overdue, the
    Cancel button of "socks" appears in 22 h, "lamp" must be paid within 1 day,
    the seller of "drill" must ship within 2 days, protection of "shoes" ends in
    5 days, the seller of "watch" must answer within 11 days. "mug" is cancelled
    and finished: it has no deadline.
    """
    ids: dict[str, int] = {}

    def place(name: str, at, *extra: str) -> int:
        ids[name] = run.ok("place", name, "--price", "9.90", *extra, "--json", at=at).json()["id"]
        return ids[name]

    case = place("phone case", NOW - days(25))
    run.ok("pay", case, at=NOW - days(25))
    run.ok("cancel", case, "--reason", "wrong-item", at=NOW - days(24))
    run.ok("seller", "approve", case, at=NOW - days(22))          # refund window: 5-20 days

    lamp = place("lamp", NOW - days(19))                            # pay within 20 days

    drill = place("drill", NOW - days(5), "--processing-days", "7")
    run.ok("pay", drill, at=NOW - days(5))                          # ship within 7 days of payment

    shoes = place("shoes", NOW - days(56))
    run.ok("pay", shoes, at=NOW - days(56))
    run.ok("ship", shoes, at=NOW - days(55))                        # protection: 60 days

    watch = place("watch", NOW - days(6))
    run.ok("pay", watch, at=NOW - days(5))
    run.ok("cancel", watch, "--reason", "duplicate", at=NOW - days(3))  # seller answers within 14 days

    mug = place("mug", NOW - days(30))
    run.ok("cancel", mug, "--reason", "wrong-item", at=NOW - days(29))

    place("socks", NOW - hours(2))                                  # Cancel appears 24 h after placing
    assert lamp and shoes
    return ids
