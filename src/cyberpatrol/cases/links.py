"""What the hotline's pages need from the campaigns beyond :mod:`cyberpatrol.linking.queries`.

A count for paging the campaign list, and an item page's links: the campaign its
post belongs to and the store ids of the indicators it mentions (so each value can
link to its indicator page).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from cyberpatrol.linking.queries import CampaignSummary
from cyberpatrol.store import tables


@dataclass(frozen=True, slots=True)
class PostLinks:
    """An item page's way into the link graph."""

    campaign: CampaignSummary | None
    indicator_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    """Store id of each ``(type, value)`` the post mentions."""


def campaign_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(tables.campaigns)).scalar_one())


def post_links(conn: Connection, post_id: int) -> PostLinks:
    c, cp = tables.campaigns, tables.campaign_posts
    row = conn.execute(
        select(c.c.key, c.c.size, c.c.accounts, c.c.first_seen_at, c.c.last_seen_at)
        .join(cp, cp.c.campaign_id == c.c.id)
        .where(cp.c.post_id == post_id)
    ).first()
    summary = (
        CampaignSummary(row.key, row.size, row.accounts, row.first_seen_at, row.last_seen_at)
        if row is not None
        else None
    )
    pi, ind = tables.post_indicators, tables.indicators
    ids = conn.execute(
        select(ind.c.id, ind.c.type, ind.c.value)
        .join(pi, pi.c.indicator_id == ind.c.id)
        .where(pi.c.post_id == post_id)
        .distinct()
    )
    return PostLinks(summary, {(r.type, r.value): int(r.id) for r in ids})
