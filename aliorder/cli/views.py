"""Looking: list, show, deadlines, reasons, rules, tick."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
from typing import Optional

import typer

from .. import completion
from ..errors import BadInput
from . import root_app as app
from .common import ID_HELP, _out, _session


# --- looking ------------------------------------------------------------------


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Optional[str] = typer.Option(None, "--status", metavar="S", help="Only orders in this status.",
                                         autocompletion=completion.statuses),
    show_all: bool = typer.Option(False, "--all", help="Every order, not just one screenful."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of orders."),
) -> None:
    """The orders, newest first.

    Example: aliorder list --status awaiting_shipment
    """
    from .. import render, services

    wanted = None
    if status is not None:
        from ..domain import status_named  # the commands module: only when a status is asked for

        wanted = status_named(status)
    session = _session(ctx)
    app_ = session.services()
    _out(as_json, lambda: (render.order_document(o) for o in services.list_orders(app_, wanted)),
         lambda: render.order_list(services.order_lines(app_, wanted), session.now(), show_all, wanted),
         many=True)


@app.command()
def show(ctx: typer.Context, ref: str = typer.Argument(..., metavar="ID", help=ID_HELP,
                                                      autocompletion=completion.order_ids),
         as_json: bool = typer.Option(False, "--json", help="Print the order as JSON.")) -> None:
    """One order: state, deadlines, refund, dispute and its whole history.

    Example: aliorder show 3
    """
    from .. import render, services

    session = _session(ctx)
    outcome = services.show(session.services(), ref)
    _out(as_json, lambda: render.order_document(outcome), lambda: render.order_detail(outcome, session.now()))


@app.command()
def deadlines(
    ctx: typer.Context,
    within: Optional[float] = typer.Option(None, "--within", metavar="DAYS", min=0, max=100_000,
                                           help="Only deadlines due within this many days."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of deadlines."),
) -> None:
    """Every open deadline, soonest first.

    Example: aliorder deadlines --within 7
    """
    from .. import render, services

    if within is not None and within != within:  # NaN passes the range check
        raise BadInput(f"--within {within} is not a number of days.", hint="Write it like --within 7")
    session = _session(ctx)
    rows = services.deadlines(session.services(), within)
    _out(as_json, lambda: [render.deadline_document(r) for r in rows],
         lambda: render.deadline_table(rows, session.now()))


@app.command()
def reasons(as_json: bool = typer.Option(False, "--json", help="Print the lists as JSON.")) -> None:
    """The prepared reason lists for cancelling and for disputes.

    Example: aliorder reasons
    """
    from .. import render

    _out(as_json, lambda: render.reasons_document(), lambda: render.reasons_table())


@app.command()
def rules(ctx: typer.Context,
          as_json: bool = typer.Option(False, "--json", help="Print the rules as JSON.")) -> None:
    """The platform's rules: each value, its setting, its source, and what your settings change.

    Example: aliorder rules --json
    """
    from .. import policy, render
    from ..settings import config_path

    lines = policy.listing(_session(ctx).services().rules)
    _out(as_json, lambda: [render.rule_document(line) for line in lines],
         lambda: render.rules_table(lines, config_path()))


@app.command()
def tick(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the changes and warnings as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Report changes only, not coming deadlines."),
) -> None:
    """Apply the time-based rules; silent when nothing changed and nothing is near (for cron).

    In a crontab, name the program and the database by absolute paths.

    Example: */30 * * * * /home/me/bin/aliorder --db /home/me/orders.json tick
    """
    from .. import render, ticking

    report = ticking.tick(_session(ctx).services(), quiet=quiet)
    _out(as_json, lambda: render.tick_document(report), lambda: render.tick_report(report))
