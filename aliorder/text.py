"""Text from outside (items, sellers, notes, typed values) made safe to print."""

from __future__ import annotations

import re
from typing import Any

# Terminal controls and the invisible characters that reorder text (bidi overrides). A
# pattern, not a compiled regex: re compiles it on first need, not at every start (~0.5 ms).
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def clean(text: Any) -> str:
    """`text` without terminal controls and bidi overrides."""
    text = str(text)
    if text.isprintable():  # no control or format character (the common case): nothing to drop
        return text
    return re.sub(_UNSAFE, "", text)


def order_number(text: str) -> str:
    """An AliExpress order number as one spelling: digits typed full-width or in another script
    ("８１２３", from an Asian input method) or grouped with spaces ("8123 4567") are the
    number 81234567, as the platform and the exporters write it. Anything else stays as it is."""
    joined = "".join(text.split())
    if joined.isdecimal() and not joined.isascii():
        import unicodedata

        return "".join(str(unicodedata.decimal(c)) for c in joined)
    return joined if joined.isdecimal() else text
