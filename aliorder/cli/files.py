"""Files in and out, and the database's generations: import, export, sellers, backups, restore."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
import sys
from typing import Optional

import typer

from . import root_app as app
from .common import _out, _session


@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[str] = typer.Argument(..., metavar="FILE...", help="The exporters' files (CSV, tab-separated or JSON)."),
    format_: Optional[str] = typer.Option(None, "--format", metavar="NAME",
                                          help="Read the files as this format (else it is recognised): csv-export, "
                                          "csv-export-json, nrbrook, parcel-intelligence, orders-scrapper, "
                                          "order-downloader, aliorder."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="C",
                                           help="The currency, where the file names none or only \"$\" or \"¥\"."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would change; write nothing."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Import the rest when a row cannot be read, listing it."),
    as_json: bool = typer.Option(False, "--json", help="Print what was imported as JSON."),
) -> None:
    """Bring orders in from the files that order exporters write; again and again, forward only.

    Example: aliorder import ~/Downloads/aliexpress_orders_2025-01-01_to_2025-12-31.csv
    """
    from .. import import_again, render
    from ..settings import import_statuses

    session = _session(ctx)
    app_ = session.services()
    statuses = import_statuses()
    if currency is not None:
        from ..money import currency_code

        currency = currency_code(currency)
    raws = import_again.read_all(files)
    keys = None if raws is None else [import_again.file_key(raw, format_) for raw in raws]
    # The same files again into a database nothing changed since: answered without loading
    # the readers and the mapping (a third of such an import's time).
    report = None if raws is None else import_again.answer(app_.db.file, files, raws, keys, dry_run)
    if report is None:
        from .. import imports

        progress = None if as_json else render.import_progress()
        try:
            report = imports.import_files(app_, files, format_, currency, dry_run, skip_bad, statuses,
                                          progress.advance if progress else None, raws, keys)
        finally:
            if progress is not None:
                progress.stop()
    _out(as_json, lambda: render.import_document(report), lambda: render.imported(report))


@app.command()
def export(
    ctx: typer.Context,
    ics: str = typer.Option(..., "--ics", metavar="FILE",
                            help="The iCalendar file to write ('-' for standard output)."),
) -> None:
    """Write every future deadline to a calendar file, with alarms on your own.

    A newer export updates the same events when imported again.

    Example: aliorder export --ics ~/aliexpress-deadlines.ics
    """
    from .. import ics as calendar, render, services

    session = _session(ctx)
    app_ = session.services()
    if ics != "-":
        calendar.check_target(ics, app_.db.path)
    now, rows, calendar_id = services.future_deadlines(app_)
    data = calendar.calendar_bytes(rows, now, app_.rules.warning, calendar_id)
    if ics == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    written = calendar.write(ics, data, app_.db.path)
    render.exported(written, rows)


@app.command()
def sellers(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON.")) -> None:
    """Each seller's record: requests, answers, silences, complaints, late refunds.

    Example: aliorder sellers
    """
    from .. import render, services

    scores = services.sellers(_session(ctx).services())
    _out(as_json, lambda: [render.seller_document(s) for s in scores], lambda: render.seller_table(scores))


@app.command()
def backups(ctx: typer.Context,
            as_json: bool = typer.Option(False, "--json", help="Print the backups as JSON.")) -> None:
    """The database's last generations, kept as orders.json.1 (newest) to .3 beside it.

    Example: aliorder backups
    """
    from .. import render, services

    session = _session(ctx)
    kept = services.backups(session.services())
    _out(as_json, lambda: [render.backup_document(b) for b in kept],
         lambda: render.backup_list(kept, session.now()))


@app.command()
def restore(ctx: typer.Context,
            number: int = typer.Argument(..., metavar="N", help="Which backup: 1 is the newest.")) -> None:
    """Go back to backup N; the file it replaces becomes backup 1, so nothing is lost.

    Example: aliorder restore 1
    """
    from .. import render, services

    session = _session(ctx)
    backup = services.restore(session.services(), number)
    render.restored(backup, session.services().db.path)
