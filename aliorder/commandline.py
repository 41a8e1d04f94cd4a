"""How a buyer types an action: the one place an `Action` becomes `aliorder ...`.

The domain says what may be done as data (`aliorder.domain.actions.Action`);
render, hints and prompts show it through `line()`.
"""

from __future__ import annotations

import shlex
from typing import Any, Iterable

# What stands in for an option the buyer must still choose.
PLACEHOLDER = {"refund": "AMOUNT", "claim": "AMOUNT", "days": "N", "processing_days": "N",
               "tracking": "NO", "when": "WHEN"}
# Words a verb needs before its options, when it is about no order yet.
POSITIONAL = {"place": "..."}


def line(action: Any) -> str:
    """`aliorder VERB ID --option value ...`, shell-quoted so that it runs as shown."""
    words = ["aliorder", action.verb]
    if action.order is not None:
        words.append(str(action.order))
    elif action.verb in POSITIONAL:
        words.append(POSITIONAL[action.verb])
    for name, value in action.options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            words.append(flag)
        elif value is False:
            continue
        elif value is None:
            words += [flag, PLACEHOLDER.get(name, "...")]
        else:
            words += [flag, shlex.quote(str(value))]
    return " ".join(words)


def lines(actions: Iterable[Any]) -> str:
    """Several ways out in one: actions that differ only in the verb's last word share it
    (`aliorder seller approve|reject 12`); others are joined with "or"."""
    actions = list(actions)
    if not actions:
        return ""
    first = actions[0]
    group = first.verb.rsplit(" ", 1)
    if len(actions) > 1 and len(group) == 2 and all(
            a.verb.rsplit(" ", 1)[0] == group[0] and a.order == first.order and a.options == first.options
            and " " in a.verb for a in actions):
        from dataclasses import replace

        merged = "|".join(a.verb.rsplit(" ", 1)[1] for a in actions)
        return line(replace(first, verb=f"{group[0]} {merged}"))
    return " or ".join(line(a) for a in actions)
