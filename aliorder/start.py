"""The `aliorder` command's entry point: Ctrl-C while the program loads exits 130 quietly."""

import gc

from . import interrupts


def main() -> None:
    # One command lives for a moment and makes no garbage cycles worth finding; the
    # collector's passes while the program loads (thousands of new functions, classes and
    # options) and over a freshly parsed database cost more than they free.
    gc.disable()
    interrupts.quiet_start()
    from .cli import main as run

    run()
