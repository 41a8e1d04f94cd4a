"""Text from outside (items, sellers, notes, typed values) made safe to print."""

from __future__ import annotations

import re
from typing import Any

# Terminal controls and the invisible characters that reorder text (bidi overrides).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: Any) -> str:
    """`text` without terminal controls and bidi overrides."""
    return _UNSAFE.sub("", str(text))
