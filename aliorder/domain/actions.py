"""What a buyer may do next, as data: a verb and its options, never a command line.

An `Action` is what `lifecycle.next_actions(order, at, rules)` suggests and what
a refusal (`NotAllowed.way_out`) offers as the way out. Only the CLI layer
(`aliorder.commandline`) spells one as `aliorder ...`; prompts may ask for the
options still to choose and then build the domain command with
`lifecycle.command_for(action, **chosen)`.

Options:
- a value: given (e.g. `{"reason": "wrong-item"}` on the "try again then" of a cancellation);
- `None`: the buyer must still choose it (`choices(action, name)` lists the slugs
  when the choice is from a list: reasons, channels; else it is free: an amount, days);
- `True`: a flag (`{"rejected": True}`).
Optional options the buyer did not give are left out.
"""

from __future__ import annotations

from typing import Any, Mapping
from ..tuples import Record


class Action(Record):
    verb: str                   # "pay", "cancel", "seller approve", "dispute open", "show", ...
    order: int | None = None    # the order it is about (None: a command of no order, like place)
    options: Mapping[str, Any] = {}  # never changed in place: a new Action has new options

    def about(self, order_id: int) -> "Action":
        return self._replace(order=order_id)

    @property
    def to_choose(self) -> list[str]:
        """The options the buyer must still choose, in order."""
        return [name for name, value in self.options.items() if value is None]


# Verbs that only look (no domain command behind them): a refusal may point at them.
LOOKS = frozenset({"show", "place", "tick", "list", "deadlines", "reasons"})


def choices(action: Action, name: str) -> tuple[str, ...] | None:
    """The values an option of `action` may take, when they come from a list (else None: free)."""
    from .slugs import CANCEL_REASONS, CONTACT_CHANNELS, DISPUTE_REASONS

    if name == "reason":
        return tuple(CANCEL_REASONS if action.verb == "cancel" else DISPUTE_REASONS)
    if name == "via":
        return CONTACT_CHANNELS
    return None
