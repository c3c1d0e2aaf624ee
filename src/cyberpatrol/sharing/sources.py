"""Storing what a partner reported: indicators, their sources and first markings.

Indicators are created (``added_at`` now) or their first/last seen widened; each
report is a row of ``indicator_sources`` keyed by indicator, organisation and the
partner's id (STIX id, MISP uuid), so importing the same file again adds nothing. A
new indicator is marked with the TLP it came with, owned by the partner; one that
existed keeps its marking.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.intake import Candidate, ImportReport
from cyberpatrol.store import tables
from cyberpatrol.store.tables import UTCDateTime

_CHUNK = 500


def _insert(conn: Connection, table: Any) -> postgresql.Insert | sqlite.Insert:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _existing(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    ind = tables.indicators
    by_type: dict[str, list[str]] = {}
    for kind, value in keys:
        by_type.setdefault(kind, []).append(value)
    found: dict[tuple[str, str], int] = {}
    for kind, values in by_type.items():
        for chunk in _chunks(sorted(set(values))):
            q = select(ind.c.id, ind.c.value).where(
                and_(ind.c.type == kind, ind.c.value.in_(chunk))
            )
            found.update({(kind, v): int(i) for i, v in conn.execute(q)})
    return found


def _upsert_indicators(
    conn: Connection, org_id: int, candidates: list[Candidate], now: datetime
) -> tuple[dict[tuple[str, str], int], set[int]]:
    """Ids of every candidate's indicator, and the ids created by this import."""
    seen: dict[tuple[str, str], tuple[datetime, datetime, str]] = {}
    for c in candidates:
        first, last, level = seen.get((c.type, c.value), (c.first_seen, c.last_seen, c.tlp))
        seen[(c.type, c.value)] = (
            min(first, c.first_seen),
            max(last, c.last_seen),
            tlp.stricter(level, c.tlp),
        )
    ids = _existing(conn, seen)
    ind = tables.indicators
    new = [k for k in sorted(seen) if k not in ids]
    created: set[int] = set()
    for chunk in _chunks(new):
        rows = [
            {
                "type": k[0],
                "value": k[1],
                "first_seen_at": seen[k][0],
                "last_seen_at": seen[k][1],
                "added_at": now,
            }
            for k in chunk
        ]
        stmt = (
            _insert(conn, ind)
            .on_conflict_do_nothing(index_elements=["type", "value"])
            .returning(ind.c.id, ind.c.type, ind.c.value)
        )
        for i, kind, value in conn.execute(stmt, rows):
            ids[(kind, value)] = int(i)
            created.add(int(i))
    ids.update(_existing(conn, [k for k in new if k not in ids]))  # inserted meanwhile
    widen = [
        {"b_id": ids[k], "b_first": first, "b_last": last}
        for k, (first, last, _) in seen.items()
        if ids[k] not in created
    ]
    if widen:
        last_col = func.coalesce(ind.c.last_seen_at, ind.c.first_seen_at)
        b_first = bindparam("b_first", type_=UTCDateTime)
        b_last = bindparam("b_last", type_=UTCDateTime)
        conn.execute(
            update(ind)
            .where(ind.c.id == bindparam("b_id"))
            .values(
                first_seen_at=case(
                    (ind.c.first_seen_at > b_first, b_first), else_=ind.c.first_seen_at
                ),
                last_seen_at=case((last_col < b_last, b_last), else_=last_col),
                # Reported again: it re-enters TAXII feeds (date_added) with new sightings.
                added_at=now,
            ),
            widen,
        )
    _mark_new(conn, org_id, {ids[k]: seen[k][2] for k in seen if ids[k] in created}, now)
    return ids, created


def _mark_new(conn: Connection, org_id: int, levels: dict[int, str], now: datetime) -> None:
    """Mark new indicators with the TLP they came with, owned by the partner."""
    if not levels:
        return
    m = tables.markings
    stmt = _insert(conn, m)
    stmt = stmt.on_conflict_do_update(
        index_elements=["object_type", "object_id"],
        set_={
            "owner_org_id": stmt.excluded.owner_org_id,
            "tlp": stmt.excluded.tlp,
            "sharing_group_id": None,
            "updated_at": stmt.excluded.updated_at,
        },
    )
    rows = [
        {
            "object_type": "indicator",
            "object_id": i,
            "owner_org_id": org_id,
            "tlp": level,
            "sharing_group_id": None,
            "updated_at": now,
        }
        for i, level in sorted(levels.items())
    ]
    for chunk in _chunks(rows):
        conn.execute(stmt, chunk)


def store_candidates(
    conn: Connection, org_id: int, fmt: str, candidates: list[Candidate], report: ImportReport
) -> None:
    """Write accepted candidates (indicators, sources, markings), counting into ``report``."""
    report.indicators = len(candidates)
    if not candidates:
        return
    now = datetime.now(UTC)
    ids, created = _upsert_indicators(conn, org_id, candidates, now)
    src = tables.indicator_sources
    before: dict[tuple[int, str], Any] = {}
    for chunk in _chunks(sorted({c.source_ref for c in candidates})):
        q = select(src).where(and_(src.c.organisation_id == org_id, src.c.source_ref.in_(chunk)))
        before.update({(int(r.indicator_id), r.source_ref): r for r in conn.execute(q)})
    fresh: set[int] = set()
    for c in candidates:
        indicator_id = ids[(c.type, c.value)]
        values = {
            "tlp": c.tlp,
            "category": c.category,
            "first_seen_at": c.first_seen,
            "last_seen_at": c.last_seen,
        }
        old = before.get((indicator_id, c.source_ref))
        if old is None:
            conn.execute(
                src.insert().values(
                    indicator_id=indicator_id,
                    organisation_id=org_id,
                    source_ref=c.source_ref,
                    format=fmt,
                    imported_at=now,
                    **values,
                )
            )
            if indicator_id in created and indicator_id not in fresh:
                report.created += 1
                fresh.add(indicator_id)
            else:
                report.linked += 1
        elif any(getattr(old, k) != v for k, v in values.items()):
            conn.execute(src.update().where(src.c.id == old.id).values(imported_at=now, **values))
            report.updated += 1
        else:
            report.unchanged += 1


__all__ = ["store_candidates"]
