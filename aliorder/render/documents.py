"""The JSON shapes of `--json`, built from the services' and domain's objects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import commandline, records
from ..domain import CANCEL_REASONS, DISPUTE_REASONS

if TYPE_CHECKING:
    from ..services import Change, DeadlineRow, Outcome, SellerScore
    from ..ticking import DeadlineNews, TickReport


def order_document(outcome: Outcome) -> dict[str, Any]:
    return records.order_json(outcome.order, outcome.deadlines)


def change_document(change: Change) -> dict[str, Any]:
    return {"id": change.id, "item": change.item, "from": str(change.from_status),
            "to": str(change.to_status), "rule": None if change.rule is None else str(change.rule),
            "at": records.iso(change.at)}


def deadline_document(row: DeadlineRow | DeadlineNews) -> dict[str, Any]:
    return {"id": row.order.id, "item": row.order.item, "kind": row.kind,
            "due": records.iso(row.due), "status": str(row.order.status)}


def tick_document(report: TickReport) -> dict[str, Any]:
    """The same news as the plain report: `events` the refunds that fell overdue in this run,
    `reminders` every overdue refund told (then and weekly), `upcoming` the deadlines told,
    `refunds_expected` when the refunds that a change started (a granted cancellation) come."""
    return {
        "now": records.iso(report.now),
        "changes": [change_document(c) for c in report.changes],
        "refunds_expected": [{"id": c.id, **expected} for c in report.changes
                             if (expected := _refund_expected(report, c))],
        "events": [{"id": r.order.id, "item": r.order.item, "at": records.iso(r.since),
                    "kind": "refund_overdue", "by": "refund_overdue"} for r in report.reminders if r.first],
        "reminders": [{"id": r.order.id, "item": r.order.item, "overdue_since": records.iso(r.since),
                       "first": r.first, "advice": [commandline.line(a) for a in r.advice]}
                      for r in report.reminders],
        "upcoming": [{**deadline_document(w), "last": w.last, "advice": [commandline.line(a) for a in w.advice]}
                     for w in report.warnings],
    }


def _refund_expected(report: TickReport, change: Change) -> dict[str, Any]:
    """A change that started a refund (a granted cancellation) says when it is expected."""
    order = report.orders.get(change.id)
    refund = order.refund if order is not None else None
    if refund is None or refund.started_at != change.at:
        return {}
    return {"amount": str(refund.amount), "currency": refund.currency,
            "eta_from": records.iso(refund.eta_from), "eta_to": records.iso(refund.eta_to)}


def seller_document(score: SellerScore) -> dict[str, Any]:
    return score._asdict()


def reasons_document() -> dict[str, Any]:
    return {
        "cancel": [{"slug": r.slug, "label": r.label, "fault": r.fault, "needs_note": r.needs_note}
                   for r in CANCEL_REASONS.values()],
        "dispute": [{"slug": r.slug, "label": r.label, "needs_note": r.needs_note}
                    for r in DISPUTE_REASONS.values()],
    }


def took_back_document(took: Any) -> dict[str, Any]:
    return {"took_back": took.what, "at": records.iso(took.at),
            "orders": [order_document(o) for o in took.orders], "removed": took.removed,
            "due_again": [change_document(c) for c in took.due_again]}


def rule_document(line: Any) -> dict[str, Any]:
    return {"name": line.name, "value": line.value, "unit": line.unit, "setting": line.setting,
            "source": line.source, "overridden": line.overridden}


def _import_file_document(report: Any) -> dict[str, Any]:
    return {"file": report.file, "format": report.format, "new": report.new, "updated": report.updated,
            "unchanged": report.unchanged, "kept": report.kept,
            "skipped": [{"file": s.file, "line": s.line, "why": s.why} for s in report.skipped]}


def import_document(report: Any) -> dict[str, Any]:
    """The contract's object, for one file or many: `new`, `updated`, `kept` and `unchanged`
    over all the files, each order counted once (new before updated before kept before
    unchanged: an order the first file added and the second moved is new), `skipped` of every
    file, `format` the files' common one or their formats joined by "+", and `files` with
    the per-file objects."""
    files = [_import_file_document(f) for f in report.files]
    for document in files:
        document["dry_run"] = report.dry_run
    placed: set[int] = set()
    buckets: dict[str, list[int]] = {"new": [], "updated": [], "kept": []}
    for bucket in buckets:
        for file in report.files:
            for order_id in getattr(file, bucket):
                if order_id not in placed:
                    placed.add(order_id)
                    buckets[bucket].append(order_id)
    unchanged = {i for file in report.files for i in file.unchanged_ids} - placed
    formats = list(dict.fromkeys(f.format for f in report.files))
    document: dict[str, Any] = {"format": "+".join(formats), **buckets, "unchanged": len(unchanged),
                                "skipped": [s for f in files for s in f["skipped"]],
                                "dry_run": report.dry_run}
    if len(files) == 1:
        return {"file": files[0]["file"], **document}
    document["files"] = files
    return document


def backup_document(backup: Any) -> dict[str, Any]:
    return {"number": backup.number, "path": str(backup.path),
            "written_at": records.iso(backup.written_at), "orders": backup.orders,
            "problem": backup.problem, "changed": backup.changed}
