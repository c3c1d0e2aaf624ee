"""Bulk, idempotent writes: dialect-specific ``INSERT … ON CONFLICT`` upserts.

Every statement is executed once per table per batch with a list of parameter
sets, which SQLAlchemy turns into multi-row ``VALUES`` ("insertmanyvalues").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from cyberpatrol.model import Result
from cyberpatrol.store import tables
from cyberpatrol.store.convert import post_row, scan_rows

_POST_KEY = ("platform", "external_id")
_POST_KEPT = {"id", "platform", "external_id", "first_seen_at"}
"""Columns an upsert leaves alone: identity and the first sighting."""
_SCAN_KEY = ("post_id", "detector", "detector_version")
_INDICATOR_KEY = ("type", "value")
_LINK_KEY = ("post_id", "indicator_id", "source", "span_start")


def write_batch(conn: Connection, results: Sequence[Result], now: datetime) -> None:
    """Upsert posts, scan results and indicators for ``results`` on ``conn``.

    The caller owns the transaction. Duplicate posts within the batch collapse
    to the last one, as if they had been saved one after the other.
    """
    latest: dict[tuple[str, str], Result] = {}
    for result in results:
        latest[(result.item.platform, result.item.id)] = result
    if not latest:
        return

    post_ids = _upsert_posts(conn, [post_row(r, now) for r in latest.values()])

    scans = [row for key, r in latest.items() for row in scan_rows(r, post_ids[key], now)]
    if scans:
        update = [c.name for c in tables.scan_results.c if c.name not in {"id", *_SCAN_KEY}]
        _execute(conn, _upsert(conn, tables.scan_results, _SCAN_KEY, update), scans)

    _write_indicators(conn, latest, post_ids, now)
    _write_images(conn, latest, post_ids)


def _write_images(
    conn: Connection, latest: dict[tuple[str, str], Result], post_ids: dict[tuple[str, str], int]
) -> None:
    """Replace the image text of posts whose images were read in this batch.

    A post scanned without OCR (no image notes) keeps what an earlier scan read.
    """
    read = {post_ids[k]: r for k, r in latest.items() if r.images}
    if not read:
        return
    conn.execute(delete(tables.post_images).where(tables.post_images.c.post_id.in_(list(read))))
    rows = [
        {
            "post_id": post_id,
            "idx": im.index,
            "path": im.path,
            "chars": im.chars,
            "warning": im.warning,
            "text": im.text,
        }
        for post_id, r in read.items()
        for im in r.images
    ]
    conn.execute(tables.post_images.insert(), rows)


def _upsert_posts(conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    update = [c.name for c in tables.posts.c if c.name not in _POST_KEPT]
    stmt = _upsert(conn, tables.posts, _POST_KEY, update).returning(
        tables.posts.c.id, tables.posts.c.platform, tables.posts.c.external_id
    )
    return {(p, e): i for i, p, e in conn.execute(stmt, rows)}


def _write_indicators(
    conn: Connection,
    latest: dict[tuple[str, str], Result],
    post_ids: dict[tuple[str, str], int],
    now: datetime,
) -> None:
    """Replace each saved post's indicator links with the ones in this batch."""
    conn.execute(
        delete(tables.post_indicators).where(
            tables.post_indicators.c.post_id.in_(list(post_ids.values()))
        )
    )
    # When each indicator was seen: the mentioning posts' publication times (the
    # time of this import for posts without one), widened on every later mention.
    seen: dict[tuple[str, str], tuple[datetime, datetime]] = {}
    for r in latest.values():
        when = _aware(r.item.created_at) if r.item.created_at else now
        for i in r.indicators:
            first, last = seen.get((i.type, i.value), (when, when))
            seen[(i.type, i.value)] = (min(first, when), max(last, when))
    if not seen:
        return
    # A flagged mention also moves ``added_at`` (TAXII's date_added) to now: the indicator
    # (re-)enters what partners receive, with a new last sighting.
    flagged = {(i.type, i.value) for r in latest.values() if r.flagged for i in r.indicators}
    indicator_ids: dict[tuple[str, str], int] = {}
    for bump in (True, False):
        rows = [
            {"type": t, "value": v, "first_seen_at": first, "last_seen_at": last, "added_at": now}
            for (t, v), (first, last) in sorted(seen.items())
            if ((t, v) in flagged) == bump
        ]
        if rows:
            upsert = _indicator_upsert(conn, bump_added=bump)
            indicator_ids.update({(t, v): i for i, t, v in conn.execute(upsert, rows)})

    links: dict[tuple[int, int, str, int], dict[str, Any]] = {}
    for key, result in latest.items():
        post_id = post_ids[key]
        for ind in result.indicators:
            indicator_id = indicator_ids[(ind.type, ind.value)]
            link: dict[str, Any] = {
                "post_id": post_id,
                "indicator_id": indicator_id,
                "source": ind.source,
                "span_start": ind.start,
                "span_end": ind.end,
                "text": ind.text,
            }
            links[(post_id, indicator_id, ind.source, ind.start)] = link
    _execute(
        conn,
        _insert(conn, tables.post_indicators).on_conflict_do_nothing(index_elements=_LINK_KEY),
        list(links.values()),
    )


def _indicator_upsert(conn: Connection, *, bump_added: bool) -> Any:
    """Insert indicators; on conflict widen first/last seen (and move added_at if asked)."""
    stmt = _insert(conn, tables.indicators)
    postgres = conn.dialect.name == "postgresql"
    lower, upper = (func.least, func.greatest) if postgres else (func.min, func.max)
    cols = tables.indicators.c
    set_: dict[str, Any] = {
        "first_seen_at": lower(cols.first_seen_at, stmt.excluded.first_seen_at),
        "last_seen_at": upper(
            func.coalesce(cols.last_seen_at, cols.first_seen_at), stmt.excluded.last_seen_at
        ),
    }
    if bump_added:
        set_["added_at"] = stmt.excluded.added_at
    return stmt.on_conflict_do_update(index_elements=list(_INDICATOR_KEY), set_=set_).returning(
        cols.id, cols.type, cols.value
    )


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _insert(conn: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _upsert(conn: Connection, table: Table, key: Iterable[str], update: Iterable[str]) -> Insert:
    """``INSERT … ON CONFLICT (key) DO UPDATE SET col = excluded.col`` for ``update``."""
    stmt = _insert(conn, table)
    return stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={name: stmt.excluded[name] for name in update},
    )


def _execute(conn: Connection, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(stmt, rows)
