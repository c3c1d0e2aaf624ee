"""What an organisation may receive: flagged indicators visible to it, and look-ups.

An indicator is *flagged* — used in crime, as far as this installation knows — when a
flagged post mentions it or a partner shared it. Hub values (``data/hubs.toml``) are
never shared: they identify nobody. Look-ups, exports and TAXII all read through
:func:`shared_indicators` / :func:`lookup`, so one rule decides what leaves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, select

from cyberpatrol.indicators import canonical, default_hubs
from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.markings import visible
from cyberpatrol.sharing.orgs import LOCAL_ORG
from cyberpatrol.store import tables

MAX_BULK = 1000
"""Values one bulk look-up may ask about."""


@dataclass(frozen=True)
class SharedIndicator:
    id: int
    type: str
    value: str
    tlp: str
    owner_org_id: int
    first_seen: datetime | None
    last_seen: datetime | None
    added_at: datetime | None
    reports: int
    """Flagged posts that mention it plus partner reports of it."""
    category: str | None
    sources: tuple[int, ...] = ()
    """Organisations (other than the owner) that reported it."""

    def lookup_answer(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "value": self.value,
            "flagged": True,
            "category": self.category,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "reports": self.reports,
            "tlp": self.tlp,
        }


def _flagged_ids(ids: list[int] | None = None) -> Any:
    """Flagged indicator ids (among ``ids`` when given: a look-up then reads a few index
    entries instead of scanning every mention of every indicator)."""
    pi, p, src = tables.post_indicators, tables.posts, tables.indicator_sources
    from_posts = (
        select(pi.c.indicator_id).join(p, p.c.id == pi.c.post_id).where(p.c.flagged.is_(True))
    )
    from_partners = select(src.c.indicator_id)
    if ids is not None:
        from_posts = from_posts.where(pi.c.indicator_id.in_(ids))
        from_partners = from_partners.where(src.c.indicator_id.in_(ids))
    return from_posts.union(from_partners)


def shared_indicators(
    conn: Connection,
    org_id: int,
    *,
    types: list[str] | None = None,
    added_after: datetime | None = None,
    after_id: int | None = None,
    ids: list[int] | None = None,
    limit: int | None = None,
) -> list[SharedIndicator]:
    """Flagged, non-hub indicators ``org_id`` may see, oldest added first."""
    ind = tables.indicators
    where = and_(ind.c.id.in_(_flagged_ids(ids)), visible("indicator", ind.c.id, org_id))
    if types:
        where = and_(where, ind.c.type.in_(types))
    if ids is not None:
        where = and_(where, ind.c.id.in_(ids))
    if added_after is not None:
        added = func.coalesce(ind.c.added_at, ind.c.first_seen_at)
        where = and_(where, added > added_after)
    if after_id is not None:
        where = and_(where, ind.c.id > after_id)
    q = (
        select(ind)
        .where(where)
        .order_by(func.coalesce(ind.c.added_at, ind.c.first_seen_at), ind.c.id)
    )
    hubs = default_hubs()
    if limit is None:
        return _describe(conn, [r for r in conn.execute(q) if hubs.reason(r.type, r.value) is None])
    # Hubs are dropped after the query, so read on until the page is full or the rows end:
    # a page is never short while more rows exist (TAXII's `more` depends on it).
    rows: list[Any] = []
    offset = 0
    while len(rows) < limit:
        batch = conn.execute(q.offset(offset).limit(limit)).all()
        rows += [r for r in batch if hubs.reason(r.type, r.value) is None]
        if len(batch) < limit:
            break
        offset += len(batch)
    return _describe(conn, rows[:limit])


def _describe(conn: Connection, rows: list[Any]) -> list[SharedIndicator]:
    """Counts, categories and markings of ``rows``, a few thousand ids per query."""
    out: list[SharedIndicator] = []
    for start in range(0, len(rows), _CHUNK):
        out.extend(_describe_chunk(conn, rows[start : start + _CHUNK]))
    return out


_CHUNK = 5000


def _describe_chunk(conn: Connection, rows: list[Any]) -> list[SharedIndicator]:
    if not rows:
        return []
    ids = [int(r.id) for r in rows]
    pi, p, src = tables.post_indicators, tables.posts, tables.indicator_sources
    posts: dict[int, int] = {}
    categories: dict[int, Counter[str]] = {}
    for indicator_id, category, n in conn.execute(
        select(pi.c.indicator_id, p.c.category, func.count(func.distinct(p.c.id)))
        .join(p, p.c.id == pi.c.post_id)
        .where(and_(pi.c.indicator_id.in_(ids), p.c.flagged.is_(True)))
        .group_by(pi.c.indicator_id, p.c.category)
    ):
        posts[indicator_id] = posts.get(indicator_id, 0) + int(n)
        if category:
            categories.setdefault(indicator_id, Counter())[category] += int(n)
    sources: dict[int, list[tuple[int, str | None]]] = {}
    for indicator_id, org, category in conn.execute(
        select(src.c.indicator_id, src.c.organisation_id, src.c.category).where(
            src.c.indicator_id.in_(ids)
        )
    ):
        sources.setdefault(indicator_id, []).append((int(org), category))
        if category:
            categories.setdefault(indicator_id, Counter())[category] += 1
    mk = tables.markings
    marked = {
        int(object_id): (level, int(owner))
        for object_id, level, owner in conn.execute(
            select(mk.c.object_id, mk.c.tlp, mk.c.owner_org_id).where(
                and_(mk.c.object_type == "indicator", mk.c.object_id.in_(ids))
            )
        )
    }
    out = []
    for r in rows:
        level, owner = marked.get(int(r.id), (tlp.DEFAULT, LOCAL_ORG))
        cats = categories.get(int(r.id))
        reported = sources.get(int(r.id), [])
        out.append(
            SharedIndicator(
                int(r.id),
                r.type,
                r.value,
                level,
                owner,
                r.first_seen_at,
                r.last_seen_at or r.first_seen_at,
                r.added_at or r.first_seen_at,
                posts.get(int(r.id), 0) + len(reported),
                cats.most_common(1)[0][0] if cats else None,
                tuple(sorted({o for o, _ in reported})),
            )
        )
    return out


def lookup(conn: Connection, org_id: int, kind: str, raw: str) -> dict[str, Any]:
    """Is this value flagged? Any spelling; the answer for an unknown, unflagged, hub or
    invisible value is the same ``{"flagged": false}``, so nothing reveals an object the
    caller may not see. Raises :class:`ValueError` for an unreadable value."""
    try:
        value = canonical(kind, raw)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from exc
    ind = tables.indicators
    row_id = conn.execute(
        select(ind.c.id).where(and_(ind.c.type == kind, ind.c.value == value))
    ).scalar_one_or_none()
    found = shared_indicators(conn, org_id, ids=[int(row_id)]) if row_id is not None else []
    if found:
        return found[0].lookup_answer()
    return {"type": kind, "value": value, "flagged": False}


def lookup_many(
    conn: Connection, org_id: int, items: list[tuple[str, str]]
) -> Iterator[dict[str, Any]]:
    """:func:`lookup` for each ``(type, value)``; an unreadable one answers with its error."""
    if len(items) > MAX_BULK:
        raise ValueError(f"at most {MAX_BULK} values per request, not {len(items)}")
    for kind, raw in items:
        try:
            yield lookup(conn, org_id, kind, raw)
        except ValueError as exc:
            yield {"type": kind, "value": raw, "error": str(exc)}


__all__ = ["MAX_BULK", "SharedIndicator", "lookup", "lookup_many", "shared_indicators"]
