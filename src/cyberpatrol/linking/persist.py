"""Campaigns in the store: group the flagged posts not grouped yet, keep the rest.

:func:`update_campaigns` loads what earlier runs left (each grouped post's
signature and indicators, and the unions made), adds the flagged posts that
arrived since, and writes back only what changed: new signatures and links, the
campaigns that grew or merged, and their members. Old posts are never
normalised or hashed again; ``rebuild=True`` starts over (after a rule change).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, select, update

from cyberpatrol.linking.campaigns import Campaign, CampaignGrouper, Link, PostRef
from cyberpatrol.linking.queries import count_campaigns
from cyberpatrol.store import Store, tables

_CHUNK = 5_000


@dataclass(frozen=True)
class CampaignUpdate:
    """What one :func:`update_campaigns` run did."""

    restored: int
    grouped: int
    links: int
    campaigns: int
    changed: tuple[str, ...]
    """Keys of the campaigns created, grown or merged into by this run."""


def author_key(platform: str | None, author: str | None) -> str | None:
    """How the grouper names an account: ``platform:author``."""
    return f"{platform or 'unknown'}:{author}" if author else None


def update_campaigns(
    store: Store,
    grouper: CampaignGrouper | None = None,
    *,
    rebuild: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CampaignUpdate:
    """Bring the store's campaigns up to date with its flagged posts."""
    grouper = grouper or CampaignGrouper()
    now = datetime.now(UTC)
    with store.transaction("cannot update campaigns") as conn:
        if rebuild:
            # Campaign ids are reused after a rebuild: their markings go with them.
            conn.execute(delete(tables.markings).where(tables.markings.c.object_type == "campaign"))
            for table in (tables.campaign_links, tables.campaign_posts, tables.campaigns):
                conn.execute(delete(table))
            conn.execute(delete(tables.post_signatures))
        before = _membership(conn)
        restored = 0
        for posts, sigs in _grouped_posts(conn):
            grouper.restore_batch(posts, sigs)
            restored += len(posts)
        grouper.replay(_stored_links(conn))
        mark = grouper.link_count
        grouped = 0
        for batch in _new_posts(conn):
            grouper.add_batch(batch)
            _save_signatures(conn, grouper, batch, now)
            grouped += len(batch)
            if progress is not None:
                progress(len(batch))
        links = grouper.links_since(mark)
        _save_links(conn, links)
        after = grouper.membership()
        changed = {after[k] for k in after if before.get(k) != after[k]}
        changed |= {before[k] for k in before if k not in after}
        campaigns = [c for c in grouper.campaigns() if c.key in changed]
        _save_campaigns(conn, campaigns, after, before, now)
        total = count_campaigns(conn)
    return CampaignUpdate(
        restored=restored,
        grouped=grouped,
        links=len(links),
        campaigns=int(total),
        changed=tuple(sorted(c.key for c in campaigns)),
    )


def _membership(conn: Connection) -> dict[str, str]:
    cp, c = tables.campaign_posts, tables.campaigns
    rows = conn.execute(select(cp.c.post_id, c.c.key).join(c, c.c.id == cp.c.campaign_id))
    return {str(post_id): key for post_id, key in rows}


def _post_refs(conn: Connection, rows: Sequence[Any], *, with_text: bool) -> list[PostRef]:
    ids = [r.id for r in rows]
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    pi, ind = tables.post_indicators, tables.indicators
    query = (
        select(pi.c.post_id, ind.c.type, ind.c.value)
        .join(ind, ind.c.id == pi.c.indicator_id)
        .where(pi.c.post_id.in_(ids))
        .order_by(pi.c.post_id, pi.c.source, pi.c.span_start)
    )
    for post_id, kind, value in conn.execute(query):
        found[post_id].append((kind, value))
    return [
        PostRef(
            key=str(r.id),
            text=r.text if with_text else "",
            author=author_key(r.platform, r.author),
            created_at=r.created_at or r.first_seen_at,
            indicators=tuple(found.get(r.id, ())),
        )
        for r in rows
    ]


def _grouped_posts(conn: Connection) -> Iterator[tuple[list[PostRef], list[bytes]]]:
    p, s = tables.posts, tables.post_signatures
    last = 0
    while True:
        rows = conn.execute(
            select(
                p.c.id, p.c.platform, p.c.author, p.c.created_at, p.c.first_seen_at, s.c.signature
            )
            .join(s, s.c.post_id == p.c.id)
            .where(p.c.id > last)
            .order_by(p.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        yield _post_refs(conn, rows, with_text=False), [bytes(r.signature) for r in rows]


def _new_posts(conn: Connection) -> Iterator[list[PostRef]]:
    p, s = tables.posts, tables.post_signatures
    last = 0
    while True:
        rows = conn.execute(
            select(p.c.id, p.c.platform, p.c.author, p.c.created_at, p.c.first_seen_at, p.c.text)
            .outerjoin(s, s.c.post_id == p.c.id)
            .where(and_(p.c.flagged.is_(True), s.c.post_id.is_(None), p.c.id > last))
            .order_by(p.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        yield _post_refs(conn, rows, with_text=True)


def _stored_links(conn: Connection) -> Iterator[Link]:
    cl, ind = tables.campaign_links, tables.indicators
    query = (
        select(cl.c.post_a, cl.c.post_b, cl.c.rule, ind.c.type, ind.c.value, cl.c.similarity)
        .outerjoin(ind, ind.c.id == cl.c.indicator_id)
        .order_by(cl.c.id)
    )
    for a, b, rule, kind, value, sim in conn.execute(query):
        indicator = (kind, value) if kind is not None else None
        yield Link(str(a), str(b), rule, indicator=indicator, similarity=sim)


def _save_signatures(
    conn: Connection, grouper: CampaignGrouper, batch: Sequence[PostRef], now: datetime
) -> None:
    rows = [
        {"post_id": int(p.key), "signature": grouper.signature(p.key), "grouped_at": now}
        for p in batch
    ]
    conn.execute(tables.post_signatures.insert(), rows)


def _save_links(conn: Connection, links: Sequence[Link]) -> None:
    if not links:
        return
    wanted = {link.indicator for link in links if link.indicator is not None}
    ids: dict[tuple[str, str], int] = {}
    ind = tables.indicators
    values = sorted({value for _, value in wanted})
    for start in range(0, len(values), _CHUNK):  # one query a chunk, not one a value
        found = conn.execute(
            select(ind.c.id, ind.c.type, ind.c.value).where(
                ind.c.value.in_(values[start : start + _CHUNK])
            )
        )
        ids.update({(r.type, r.value): r.id for r in found if (r.type, r.value) in wanted})
    rows = [
        {
            "post_a": int(link.a),
            "post_b": int(link.b),
            "rule": link.rule,
            "indicator_id": ids.get(link.indicator) if link.indicator else None,
            "similarity": link.similarity,
        }
        for link in links
    ]
    conn.execute(tables.campaign_links.insert(), rows)


def _save_campaigns(
    conn: Connection,
    campaigns: Sequence[Campaign],
    after: dict[str, str],
    before: dict[str, str],
    now: datetime,
) -> None:
    c, cp, mk = tables.campaigns, tables.campaign_posts, tables.markings
    gone = set(before.values()) - set(after.values())
    inherited: dict[str, list[Any]] = defaultdict(list)
    if gone:
        # A merged campaign's marking is carried to the campaign that absorbed it (the
        # stricter one wins, so merging never widens who may see the posts), then
        # deleted with it: campaign ids may be reused.
        survivor = {before[k]: after[k] for k in before if before[k] in gone and k in after}
        gone_ids = select(c.c.id).where(c.c.key.in_(sorted(gone)))
        for marked in conn.execute(
            select(c.c.key, mk.c.tlp, mk.c.owner_org_id, mk.c.sharing_group_id)
            .join(mk, and_(mk.c.object_type == "campaign", mk.c.object_id == c.c.id))
            .where(c.c.key.in_(sorted(gone)))
        ):
            if marked.key in survivor:
                inherited[survivor[marked.key]].append(marked)
        conn.execute(
            delete(mk).where(and_(mk.c.object_type == "campaign", mk.c.object_id.in_(gone_ids)))
        )
        conn.execute(delete(c).where(c.c.key.in_(sorted(gone))))
    for campaign in campaigns:
        values = {
            "size": len(campaign.members),
            "accounts": len(campaign.authors),
            "first_seen_at": campaign.first_seen,
            "last_seen_at": campaign.last_seen,
            "why": list(campaign.why),
            "updated_at": now,
        }
        row = conn.execute(select(c.c.id).where(c.c.key == campaign.key)).first()
        if row is None:
            campaign_id = conn.execute(
                c.insert().values(key=campaign.key, **values).returning(c.c.id)
            ).scalar_one()
        else:
            campaign_id = row.id
            conn.execute(update(c).where(c.c.id == campaign_id).values(**values))
        if campaign.key in inherited:
            _inherit_marking(conn, int(campaign_id), inherited[campaign.key], now)
        members = [int(k) for k in campaign.members]
        for start in range(0, len(members), _CHUNK):
            chunk = members[start : start + _CHUNK]
            conn.execute(delete(cp).where(cp.c.post_id.in_(chunk)))
            conn.execute(cp.insert(), [{"post_id": m, "campaign_id": campaign_id} for m in chunk])


def _inherit_marking(
    conn: Connection, campaign_id: int, absorbed: list[Any], now: datetime
) -> None:
    """Raise a campaign's marking to the strictest of the campaigns it absorbed."""
    from cyberpatrol.sharing import tlp
    from cyberpatrol.sharing.markings import get_marking

    mine = get_marking(conn, "campaign", campaign_id)
    level, owner, group = mine.tlp, mine.owner_org_id, mine.sharing_group_id
    for row in absorbed:
        if tlp.rank(row.tlp) > tlp.rank(level):
            level = row.tlp
        if group is None and row.sharing_group_id is not None:
            group, owner = int(row.sharing_group_id), int(row.owner_org_id)
    if (level, group) == (mine.tlp, mine.sharing_group_id):
        return
    mk = tables.markings
    values = {"tlp": level, "owner_org_id": owner, "sharing_group_id": group, "updated_at": now}
    if mine.explicit:
        conn.execute(
            update(mk)
            .where(and_(mk.c.object_type == "campaign", mk.c.object_id == campaign_id))
            .values(**values)
        )
    else:
        conn.execute(mk.insert().values(object_type="campaign", object_id=campaign_id, **values))
