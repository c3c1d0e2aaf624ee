"""Summary counts for ``cyberpatrol report``.

A post is counted once, by its latest verdict (the last time it was saved).
Its *day* is the day it was published (``created_at``, UTC), or the day the
patrol first saw it when the source gave no timestamp; ``since``/``until``
filter on that same instant (``since`` inclusive, ``until`` exclusive).
Per-detector counts use the latest result per post per detector, whatever the
detector version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Integer,
    String,
    and_,
    case,
    distinct,
    func,
    select,
)

from cyberpatrol.store import tables
from cyberpatrol.store.tables import UTCDateTime

_K = TypeVar("_K", str, date)
_V = TypeVar("_V")


@dataclass(frozen=True, slots=True)
class Tally:
    """How many posts were scanned, and how many of them were flagged."""

    scanned: int = 0
    flagged: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.scanned + other.scanned, self.flagged + other.flagged)


@dataclass(frozen=True, slots=True)
class ImportTotals:
    """Import runs that finished inside the report window."""

    runs: int = 0
    accepted: int = 0
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class Report:
    """What the store holds for a time window. Mappings are sorted by key."""

    since: datetime | None
    until: datetime | None
    total: Tally
    by_category: dict[str, int] = field(default_factory=dict)
    """Flagged posts per verdict category."""
    by_platform: dict[str, Tally] = field(default_factory=dict)
    by_day: dict[date, Tally] = field(default_factory=dict)
    by_detector: dict[str, Tally] = field(default_factory=dict)
    """Posts a detector reported on (``scanned``) and flagged, latest result each."""
    indicators_by_type: dict[str, int] = field(default_factory=dict)
    """Distinct indicators mentioned by posts in the window."""
    imports: ImportTotals = field(default_factory=ImportTotals)


def build_report(
    conn: Connection,
    since: datetime | None,
    until: datetime | None,
    utc_offset_minutes: int = 0,
) -> Report:
    """Run the report queries on ``conn``."""
    posts = tables.posts
    when = func.coalesce(posts.c.created_at, posts.c.first_seen_at, type_=UTCDateTime)
    window = _window(when, since, until)
    flagged_int = case((posts.c.flagged, 1), else_=0)

    day = _day(conn, when, utc_offset_minutes)
    groups = conn.execute(
        select(
            posts.c.platform,
            day,
            posts.c.category,
            func.count(),
            func.sum(flagged_int, type_=Integer),
        )
        .where(window)
        .group_by(posts.c.platform, day, posts.c.category)
    ).all()

    total = Tally()
    by_category: dict[str, int] = {}
    by_platform: dict[str, Tally] = {}
    by_day: dict[date, Tally] = {}
    for platform, day_value, category, scanned, flagged in groups:
        tally = Tally(int(scanned), int(flagged or 0))
        total += tally
        by_platform[platform] = by_platform.get(platform, Tally()) + tally
        key = day_value if isinstance(day_value, date) else date.fromisoformat(str(day_value))
        by_day[key] = by_day.get(key, Tally()) + tally
        if tally.flagged and category is not None:
            by_category[category] = by_category.get(category, 0) + tally.flagged

    return Report(
        since=since,
        until=until,
        total=total,
        by_category=_sorted(by_category),
        by_platform=_sorted(by_platform),
        by_day=_sorted(by_day),
        by_detector=_by_detector(conn, window),
        indicators_by_type=_indicators(conn, window),
        imports=_imports(conn, since, until),
    )


def _window(
    when: ColumnElement[datetime], since: datetime | None, until: datetime | None
) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = []
    if since is not None:
        clauses.append(when >= since)
    if until is not None:
        clauses.append(when < until)
    return and_(True, *clauses)


def _day(conn: Connection, when: ColumnElement[datetime], offset: int) -> ColumnElement[Any]:
    """The calendar day of ``when`` at ``offset`` minutes from UTC.

    A ``date`` on PostgreSQL, ISO text on SQLite.
    """
    if conn.dialect.name == "postgresql":
        shifted = func.timezone("UTC", when) + func.make_interval(0, 0, 0, 0, 0, offset)
        return func.date(shifted, type_=Date).label("day")
    return func.date(when, f"{offset:+d} minutes", type_=String).label("day")


def _by_detector(conn: Connection, window: ColumnElement[bool]) -> dict[str, Tally]:
    scans = tables.scan_results
    ranked = select(
        scans.c.post_id,
        scans.c.detector,
        scans.c.flagged,
        func.row_number()
        .over(
            partition_by=(scans.c.post_id, scans.c.detector),
            order_by=(scans.c.scanned_at.desc(), scans.c.id.desc()),
        )
        .label("rank"),
    ).subquery()
    rows = conn.execute(
        select(
            ranked.c.detector,
            func.count(),
            func.sum(case((ranked.c.flagged, 1), else_=0), type_=Integer),
        )
        .join_from(ranked, tables.posts, ranked.c.post_id == tables.posts.c.id)
        .where(ranked.c.rank == 1, window)
        .group_by(ranked.c.detector)
    ).all()
    return _sorted({d: Tally(int(n), int(f or 0)) for d, n, f in rows})


def _indicators(conn: Connection, window: ColumnElement[bool]) -> dict[str, int]:
    links, inds = tables.post_indicators, tables.indicators
    rows = conn.execute(
        select(inds.c.type, func.count(distinct(inds.c.id)))
        .join_from(links, inds, links.c.indicator_id == inds.c.id)
        .join(tables.posts, links.c.post_id == tables.posts.c.id)
        .where(window)
        .group_by(inds.c.type)
    ).all()
    return _sorted({t: int(n) for t, n in rows})


def _imports(conn: Connection, since: datetime | None, until: datetime | None) -> ImportTotals:
    runs = tables.import_runs
    row = conn.execute(
        select(
            func.count(),
            func.coalesce(func.sum(runs.c.accepted), 0),
            func.coalesce(func.sum(runs.c.rejected), 0),
        ).where(_window(runs.c.finished_at, since, until))
    ).one()
    return ImportTotals(int(row[0]), int(row[1]), int(row[2]))


def _sorted(mapping: dict[_K, _V]) -> dict[_K, _V]:
    return dict(sorted(mapping.items()))
