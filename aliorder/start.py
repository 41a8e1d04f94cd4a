"""The `aliorder` command's entry point: Ctrl-C while the program loads exits 130 quietly."""

import gc

from . import interrupts


def main() -> None:
    # One command lives for a moment and makes no garbage cycles worth finding; the
    # collector's passes while the program loads (thousands of new functions, classes and
    # options) and over a freshly parsed database cost more than they free.
    gc.disable()
    _streams_open()
    interrupts.quiet_start()
    from .cli import main as run

    run()


def _streams_open() -> None:
    """A stream the shell closed (`aliorder pay 3 >&-`) is None in Python: what would go
    there goes nowhere instead, and the command runs as it would otherwise."""
    import os
    import sys

    for name in ("stdin", "stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "r" if name == "stdin" else "w"))
