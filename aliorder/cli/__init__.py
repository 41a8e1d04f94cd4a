"""The Typer app: parse, call one service, render. One handler maps errors to exit codes.

The commands live in the modules beside this one (COMMANDS says which); a run imports only
the one its command needs. `cli.app` is the whole app, every module imported."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
import gc
import sys
from typing import Any, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from .. import completion
from ..errors import AliorderError, Stopped
from .common import Session, _asking, _session, stdin_is_terminal


completion.adjust_typer_completion()


def _ascii_numbers() -> None:
    """Every number option takes ASCII digits only: int("١٢") and int("１２") are 12 in Python,
    and `--qty '١'` was taken as 1 while IDs refuse such digits. One check, in the conversion
    Click runs for every int and float option (so options added later have it too)."""
    from typer._click.types import _NumberParamTypeBase

    convert = _NumberParamTypeBase.convert

    def ascii_only(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            self.fail(f"{value!r} is not a valid {self.name}: use the digits 0-9.", param, ctx)
        return convert(self, value, param, ctx)

    _NumberParamTypeBase.convert = ascii_only  # type: ignore[method-assign]


_ascii_numbers()


def _shown_safely(err: TyperException) -> TyperException:
    """A usage error quotes what was typed: strip the controls and bidi overrides from it, line
    by line (a group run without its command, `aliorder dispute`, shows its help as the
    message: its newlines stay)."""
    from ..text import clean

    message = err.format_message
    err.format_message = lambda: "\n".join(map(clean, message().split("\n")))  # type: ignore[method-assign]
    return err


def _unprinted(err: OSError) -> int:
    """What the command could not print (stdout on a full disk): a change it made is saved
    all the same (exit 0); a command that only reads failed to give its answer (exit 3)."""
    from .. import interrupts, render
    from ..text import clean

    render.stdout_to_devnull()
    why = clean(err.strerror or err)
    if interrupts.landed():
        sys.stderr.write(f"The change is saved, but its report could not be printed: {why}.\n")
        return 0
    sys.stderr.write(f"Error: the output could not be written: {why}. Nothing was changed.\n")
    return 3


# Beyond the contract's 0-3: a bug in aliorder, and Ctrl-C (the shell's 128 + SIGINT).
INTERNAL_ERROR = 4
INTERRUPTED = 130


class Handled(TyperGroup):
    """The one place an AliorderError becomes words on stderr and an exit code."""

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except TyperException as err:
            raise _shown_safely(err)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.commands)  # the names only: TyperGroup's would build every command

    def invoke(self, ctx: typer.Context) -> Any:
        from .. import interrupts

        with interrupts.command():  # after a write landed, Ctrl-C changes nothing
            return self._invoke(ctx)

    def _invoke(self, ctx: typer.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk under stdout says so here, not as Python exits
            return result
        except Stopped as err:  # Ctrl-C, Esc or "no" at a question: nothing was written
            sys.stderr.write(("\n" if err.exit_code else "") + f"{err.message}\n")
            raise typer.Exit(err.exit_code) from None
        except AliorderError as err:
            from .. import render

            session = _session(ctx)
            render.error(err, session.at or session.now())
            raise typer.Exit(err.exit_code) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except OSError as err:  # the output could not be written (storage's errors are its own)
            raise typer.Exit(_unprinted(err)) from None
        except TyperException as err:
            raise _shown_safely(err)  # usage errors: Typer reports them itself
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            # A write is atomic, so an interrupt leaves the old file or the new one, whole.
            sys.stderr.write("Interrupted. The database holds every command that finished.\n")
            raise typer.Exit(INTERRUPTED) from None
        except Exception as bug:
            from .. import render

            render.internal_error(bug)
            raise typer.Exit(INTERNAL_ERROR) from None


HELP = dict(rich_markup_mode=None, pretty_exceptions_enable=False, no_args_is_help=True)
# Bare `aliorder` is today's view on a terminal, else the help (the root callback decides).
# Its commands register on it as their modules are imported (`app` below imports them all).
root_app = typer.Typer(cls=Handled, help="aliorder: the AliExpress buyer's deadlines, cancellations, "
                  "disputes and refunds, kept in a local database.", invoke_without_command=True,
                  **{**HELP, "no_args_is_help": False})
seller_app = typer.Typer(help="Record the seller's answer to a cancellation request.\n\n"
                         "Example: aliorder seller approve 3", **HELP)
dispute_app = typer.Typer(help="Open a dispute, record the seller's offer and your answer, a return, "
                          "the outcome.\n\n"
                          "Example: aliorder dispute open 3 --reason not-received", **HELP)
refund_app = typer.Typer(help="Record what happened to a refund.\n\nExample: aliorder refund received 3", **HELP)
root_app.add_typer(seller_app, name="seller")
root_app.add_typer(dispute_app, name="dispute")
root_app.add_typer(refund_app, name="refund")
protection_app = typer.Typer(help="Purchase protection: record an extension the seller agreed to.\n\n"
                             "Example: aliorder protection extend 3 --days 15", **HELP)
root_app.add_typer(protection_app, name="protection")

# The module beside this one that defines each command and group, in the order --help lists
# them. A run imports only its command's module (the other four cost ~1 ms of every start);
# --help, TAB on a command name and `cli.app` import them all. tests/test_help.py holds this
# table to what the modules register.
COMMANDS = {
    **dict.fromkeys(("place", "pay", "cancel", "extend", "ship", "receive", "contact"), "orders"),
    **dict.fromkeys(("edit", "note", "forget", "deadline", "undo"), "mistakes"),
    **dict.fromkeys(("list", "show", "deadlines", "reasons", "rules", "tick"), "views"),
    **dict.fromkeys(("import", "export", "sellers", "backups", "restore"), "files"),
    "seller": "orders", **dict.fromkeys(("dispute", "refund", "protection"), "disputes"),
}


@root_app.callback()
def root(
    ctx: typer.Context,
    db: Optional[str] = typer.Option(None, "--db", metavar="PATH",
                                     help="The database file (else $ALIORDER_DB, else the user data folder)."),
    no_input: bool = typer.Option(False, "--no-input",
                                  help="Never ask: a missing value is an error, as in a script "
                                       "(also $ALIORDER_NO_INPUT=1)."),
) -> None:
    """aliorder: the AliExpress buyer's deadlines, cancellations, disputes and refunds.

    On a terminal, a command that lacks something asks for it; aliorder alone shows today.

    Example: aliorder place "USB-C cable" --price 3.50 --currency USD
    """
    if not isinstance(ctx.obj, Session):
        ctx.obj = Session()
    ctx.obj.db_option = db
    ctx.obj.no_input = no_input
    from .. import commandline

    commandline.dialogs = _asking(ctx)  # suggestions leave out what a dialog asks, only where one can
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        _bare(ctx)


def _bare(ctx: typer.Context) -> None:
    """`aliorder` alone: today's view on a terminal with orders; else the help, exit 0."""
    if _asking(ctx):
        from .. import render, services

        app_ = _session(ctx).services()
        if services.has_orders(app_):
            view = services.today(app_)
            render.today(view, lambda order: services.next_actions(order, view.now, app_.rules))
            raise typer.Exit(0)
    sys.stdout.write(ctx.get_help() + "\n")
    raise typer.Exit(0)


def main() -> None:
    from .. import interrupts

    interrupts.started()
    # One command lives for a moment and makes no garbage cycles worth finding, while
    # the collector's passes over the freshly parsed database cost more than the
    # parse itself (at 100k orders: 1.2 s to parse with them, 0.5 s without). The
    # entry point (aliorder.start) has already disabled it; this is for other callers.
    gc.disable()
    click_group(root_app)(prog_name="aliorder")


def click_group(typer_app: typer.Typer) -> Any:
    """What `typer_app()` runs, with each command's module imported and the command built only
    when it is looked up: one run needs one command, and Typer building all thirty-odd of them
    cost ~6 ms of every start. `--help` and TAB on a command name list them all, so they build
    them all, as before."""
    from functools import partial

    from typer import main as typer_main

    commands, groups = typer_app.registered_commands, typer_app.registered_groups
    typer_app.registered_commands, typer_app.registered_groups = [], []
    try:
        group = typer_main.get_command(typer_app)  # the root: its options and callback
    finally:
        typer_app.registered_commands, typer_app.registered_groups = commands, groups
    group.commands = _BuiltOnUse({name: partial(_built, typer_app, name) for name in COMMANDS})
    return group


def _built(typer_app: typer.Typer, name: str) -> Any:
    """The Click command `name`, from the module that registers it on `typer_app`."""
    from importlib import import_module

    from typer import main as typer_main

    import_module(f"{__name__}.{COMMANDS[name]}")
    settings = dict(pretty_exceptions_short=typer_app.pretty_exceptions_short,
                    rich_markup_mode=typer_app.rich_markup_mode)
    for info in typer_app.registered_commands:
        if (info.name or typer_main.get_command_name(info.callback.__name__)) == name:
            return typer_main.get_command_from_info(info, **settings)
    for group in typer_app.registered_groups:
        if group.name == name:
            return typer_main.get_group_from_info(group, **settings, suggest_commands=typer_app.suggest_commands)
    raise LookupError(f"{COMMANDS[name]} registers no command {name!r}")  # COMMANDS is wrong: a bug


class _BuiltOnUse(dict):  # type: ignore[type-arg]
    """Command name -> Click command, each made by its maker when first looked up."""

    def __init__(self, makers: dict[str, Any]) -> None:
        super().__init__(dict.fromkeys(makers))
        self._makers = makers

    def __getitem__(self, name: str) -> Any:
        command = super().__getitem__(name)
        if command is None:
            command = self._makers[name]()
            super().__setitem__(name, command)
        return command

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default

    def values(self) -> Any:
        return [self[name] for name in self]

    def items(self) -> Any:
        return [(name, self[name]) for name in self]


class _Package(type(sys)):  # types.ModuleType, without importing types
    """`monkeypatch.setattr(cli, "stdin_is_terminal", ...)` reaches the code that calls it, as
    when cli was one file: setting a name this package re-exports from one of its modules sets
    it in that module too (and setting it back, back)."""

    def __setattr__(self, name: str, value: Any) -> None:
        old = vars(self).get(name, _Package)
        if old is not _Package and not isinstance(old, type(sys)):
            for module in list(vars(self).values()):
                if isinstance(module, type(sys)) and module.__name__.startswith(__name__ + ".") \
                        and vars(module).get(name, _Package) is old:
                    setattr(module, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """`cli.app`: the whole app, each command module imported (in the order Typer then lists
    their commands: the order of COMMANDS); `cli.on_terminal`: the one mistakes' commands ask."""
    from importlib import import_module

    if name == "app":
        for module in dict.fromkeys(COMMANDS.values()):
            import_module(f"{__name__}.{module}")
        value: Any = root_app
    elif name == "on_terminal":
        value = import_module(f"{__name__}.mistakes").on_terminal
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
