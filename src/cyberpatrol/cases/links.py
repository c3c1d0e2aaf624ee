"""What the hotline's pages need from the campaigns beyond :mod:`cyberpatrol.linking.queries`.

An item page's links: the campaign its post belongs to and the store ids of the
indicators it mentions (so each value can link to its indicator page).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from cyberpatrol.linking.queries import CampaignSummary, post_campaign
from cyberpatrol.store import tables


@dataclass(frozen=True, slots=True)
class PostLinks:
    """An item page's way into the link graph."""

    campaign: CampaignSummary | None
    indicator_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    """Store id of each ``(type, value)`` the post mentions."""


def post_links(conn: Connection, post_id: int) -> PostLinks:
    summary = post_campaign(conn, post_id)
    pi, ind = tables.post_indicators, tables.indicators
    ids = conn.execute(
        select(ind.c.id, ind.c.type, ind.c.value)
        .join(pi, pi.c.indicator_id == ind.c.id)
        .where(pi.c.post_id == post_id)
        .distinct()
    )
    return PostLinks(summary, {(r.type, r.value): int(r.id) for r in ids})
