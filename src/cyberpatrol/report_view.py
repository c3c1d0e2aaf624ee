"""Rendering the store's :class:`~cyberpatrol.store.Report` as JSON or tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from cyberpatrol.store import Report, Tally


def _tally(t: Tally) -> dict[str, int]:
    return {"scanned": t.scanned, "flagged": t.flagged}


def report_dict(r: Report) -> dict[str, Any]:
    return {
        "since": r.since.isoformat() if r.since else None,
        "until": r.until.isoformat() if r.until else None,
        "total": _tally(r.total),
        "by_category": r.by_category,
        "by_platform": {k: _tally(v) for k, v in r.by_platform.items()},
        "by_day": {k.isoformat(): _tally(v) for k, v in r.by_day.items()},
        "by_detector": {k: _tally(v) for k, v in r.by_detector.items()},
        "indicators_by_type": r.indicators_by_type,
        "imports": {
            "runs": r.imports.runs,
            "accepted": r.imports.accepted,
            "rejected": r.imports.rejected,
        },
    }


def _tally_table(title: str, key: str, rows: dict[str, Tally]) -> Table:
    t = Table(title=title)
    t.add_column(key)
    t.add_column("scanned", justify="right")
    t.add_column("flagged", justify="right")
    for k, v in rows.items():
        t.add_row(k, f"{v.scanned:,}", f"{v.flagged:,}")
    return t


def print_report(r: Report, console: Console) -> None:
    console.print(
        f"posts scanned: {r.total.scanned:,}   flagged: {r.total.flagged:,}   "
        f"imports: {r.imports.runs} (accepted {r.imports.accepted:,}, "
        f"rejected {r.imports.rejected:,})",
        markup=False,
    )
    cats = Table(title="flagged by category")
    cats.add_column("category")
    cats.add_column("posts", justify="right")
    for k, n in r.by_category.items():
        cats.add_row(k, f"{n:,}")
    console.print(cats)
    console.print(_tally_table("by platform", "platform", r.by_platform))
    console.print(_tally_table("by day", "day", {d.isoformat(): v for d, v in r.by_day.items()}))
    console.print(_tally_table("by detector", "detector", r.by_detector))
    inds = Table(title="distinct indicators")
    inds.add_column("type")
    inds.add_column("count", justify="right")
    for k, n in r.indicators_by_type.items():
        inds.add_row(k, f"{n:,}")
    console.print(inds)
