"""How a buyer types an action: the one place an `Action` becomes `aliorder ...`.

The domain says what may be done as data (`aliorder.domain.actions.Action`);
render, hints and prompts show it through `spell()` / `line()` / `lines()`.

Every suggestion is one command line (two choices: two lines, never `a|b`), and
never a literal placeholder. What the buyer must still choose:
- on a terminal (`dialogs` is True), where the command's dialog asks for it, is
  left out (`aliorder cancel 2`: it asks the reason);
- off a terminal, an option with a natural value gets it (`--via chat`); any other
  is the last word of the line (`aliorder cancel 2 --reason`) and the line under it
  names what goes there (the slugs, or what the value is).
"""

from __future__ import annotations

from typing import Any, Iterable

# Whether a person at a terminal answers what a command leaves out (cli sets it for the run).
dialogs = False

# The options a command's dialog asks for on a terminal when they are left out.
ASKED = {"cancel": {"reason"}, "dispute open": {"reason"}, "contact": {"via"}, "extend": {"days"}}
# Values a suggestion may give an open option off a terminal.
NATURAL = {"via": "chat"}
# What goes after an option still to choose, for one with no list of choices.
MEANING = {"refund": "the amount agreed, like 4.50", "claim": "the amount claimed, like 4.50",
           "days": "a whole number of days, 1 to 365",
           "processing_days": "the processing time in days, as the order page shows it",
           "tracking": "the tracking number", "when": "a date and time, like 2027-03-02 10:00"}
# Words a verb needs before its options, when it is about no order yet.
POSITIONAL = {"place": '"ITEM NAME" --price 3.50'}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def spell(action: Any, terminal: bool | None = None) -> list[str]:
    """The command line for `action`, shell-quoted so that it runs as shown; and, when the
    buyer must still choose a value off a terminal, a line naming what goes there."""
    from .domain.actions import choices

    terminal = dialogs if terminal is None else terminal
    words = ["aliorder", action.verb]
    if action.order is not None:
        words.append(str(action.order))
    elif action.verb in POSITIONAL:
        words.append(POSITIONAL[action.verb])
    open_, notes = [], []
    for name, value in action.options.items():
        flag = _flag(name)
        if value is True:
            words.append(flag)
        elif value is False:
            continue
        elif value is None:
            if terminal and name in ASKED.get(action.verb, ()):
                continue
            if name in NATURAL:
                words += [flag, NATURAL[name]]
                continue
            listed = choices(action, name)
            open_.append(flag)
            notes.append(f"{flag}: one of {', '.join(listed)}" if listed
                         else f"{flag}: {MEANING.get(name, 'its value')}")
        else:
            words += [flag, quoted(value)]
    return [" ".join(words + open_), *notes]


def quoted(value: Any) -> str:
    import shlex  # only a suggestion with a value needs it

    return shlex.quote(str(value))


def line(action: Any, terminal: bool | None = None) -> str:
    """The command line alone (its first line: JSON, a single place in a sentence)."""
    return spell(action, terminal)[0]


def lines(actions: Iterable[Any], terminal: bool | None = None, indent: str = "  ") -> str:
    """Ways out, for a sentence ending in "...: {do}": one command inline, several each on a
    line of its own under it (never joined by `|` or "or" into something that does not run)."""
    spelled = [spell(a, terminal) for a in actions]
    if not spelled:
        return ""
    if len(spelled) == 1:
        first, *notes = spelled[0]
        return "\n".join([first, *(indent + n for n in notes)])
    out = []
    for first, *notes in spelled:
        out.append(indent + first)
        out += [indent + "  " + n for n in notes]
    return "\n" + "\n".join(out)
