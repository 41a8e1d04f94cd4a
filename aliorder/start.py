"""The `aliorder` command's entry point: Ctrl-C while the program loads exits 130 quietly."""

from . import interrupts


def main() -> None:
    interrupts.quiet_start()
    from .cli import main as run

    run()
