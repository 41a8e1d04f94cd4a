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
