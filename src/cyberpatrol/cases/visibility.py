"""What a user's organisation may see of the hotline's cases, campaigns and indicators.

The rule is :func:`cyberpatrol.sharing.markings.can_see`; this module applies it to the
desk's read paths:

* a case, campaign or indicator the organisation may not see does not exist for its
  users (:func:`require`: the same :class:`~cyberpatrol.errors.NotFound` as a missing
  one, so a refusal does not confirm that the object exists);
* the queue and the campaign list of another organisation's users are filtered in SQL
  (:func:`~cyberpatrol.sharing.markings.visible`), so pages and totals agree. The local
  organisation needs no filter there: it owns every case and campaign (they come from
  its own scans, reports and API calls, and no change of marking changes an owner);
* detail pages drop what their lists would show of hidden objects (:class:`Hidden`):
  posts of hidden cases, hidden campaigns and indicators. The counts inside a summary
  (posts, accounts of a campaign or an indicator) are the store's and still include them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, or_, select

from cyberpatrol.cases.roles import Actor
from cyberpatrol.errors import NotFound
from cyberpatrol.sharing.markings import can_see, get_marking, visible
from cyberpatrol.store import tables

if TYPE_CHECKING:
    from cyberpatrol.cases.links import PostLinks
    from cyberpatrol.cases.queue import Related
    from cyberpatrol.linking.graph import Bridge
    from cyberpatrol.linking.queries import (
        AccountView,
        CampaignSummary,
        CampaignView,
        IndicatorSummary,
        IndicatorView,
        PostSummary,
    )


def require(conn: Connection, actor: Actor, object_type: str, object_id: int, missing: str) -> None:
    """:class:`NotFound` (``missing``) unless ``actor``'s organisation may see the object."""
    if not can_see(conn, actor.organisation_id, get_marking(conn, object_type, object_id)):
        raise NotFound(missing)


def campaign_id(conn: Connection, key: str) -> int | None:
    c = tables.campaigns
    found = conn.execute(select(c.c.id).where(c.c.key == key)).scalar()
    return int(found) if found is not None else None


@dataclass(frozen=True)
class Hidden:
    """The objects one organisation may not see (usually none)."""

    cases: frozenset[int] = frozenset()
    indicators: frozenset[int] = frozenset()
    campaigns: frozenset[str] = frozenset()
    """By key: what the linking views name campaigns by."""

    def __bool__(self) -> bool:
        return bool(self.cases or self.indicators or self.campaigns)

    def posts(self, posts: list[PostSummary]) -> list[PostSummary]:
        """Posts of hidden cases left out; a hidden campaign no longer named."""
        return [
            dataclasses.replace(p, campaign=None) if p.campaign in self.campaigns else p
            for p in posts
            if p.case_id not in self.cases
        ]

    def indicator_list(self, rows: list[IndicatorSummary]) -> list[IndicatorSummary]:
        return [i for i in rows if i.id not in self.indicators]

    def campaign_list(self, rows: list[CampaignSummary]) -> list[CampaignSummary]:
        return [c for c in rows if c.key not in self.campaigns]


def hidden_from(conn: Connection, org_id: int) -> Hidden:
    """What ``org_id`` may not see: marked objects another organisation owns that are
    shared with a group it is not in, or are TLP:RED without a group (one query; the
    markings table holds only the objects somebody marked)."""
    m, members = tables.markings, tables.sharing_group_members
    my_groups = select(members.c.group_id).where(members.c.organisation_id == org_id)
    rows = conn.execute(
        select(m.c.object_type, m.c.object_id).where(
            m.c.owner_org_id != org_id,
            or_(
                and_(m.c.sharing_group_id.is_(None), m.c.tlp == "RED"),
                and_(m.c.sharing_group_id.is_not(None), m.c.sharing_group_id.not_in(my_groups)),
            ),
        )
    ).all()
    if not rows:
        return Hidden()
    by_type: dict[str, set[int]] = {"case": set(), "indicator": set(), "campaign": set()}
    for object_type, object_id in rows:
        by_type.setdefault(object_type, set()).add(int(object_id))
    keys: frozenset[str] = frozenset()
    if by_type["campaign"]:
        c = tables.campaigns
        ids = sorted(by_type["campaign"])
        keys = frozenset(conn.execute(select(c.c.key).where(c.c.id.in_(ids))).scalars())
    return Hidden(frozenset(by_type["case"]), frozenset(by_type["indicator"]), keys)


# -- detail views without what is hidden ---------------------------------------


def _accounts(kept: list[PostSummary], before: list[PostSummary], accounts: list[str]) -> list[str]:
    """``accounts`` less those that only wrote posts that were left out."""
    from cyberpatrol.linking.queries import account_name

    def names(posts: list[PostSummary]) -> set[str]:
        return {account_name(p.platform, p.author) for p in posts if p.author}

    dropped = names(before) - names(kept)
    return [a for a in accounts if a not in dropped]


def indicator_view(view: IndicatorView, hidden: Hidden) -> IndicatorView:
    if not hidden:
        return view
    posts = hidden.posts(view.posts)
    return dataclasses.replace(
        view,
        posts=posts,
        accounts=_accounts(posts, view.posts, view.accounts),
        campaigns=hidden.campaign_list(view.campaigns),
        related=hidden.indicator_list(view.related),
    )


def campaign_view(view: CampaignView, hidden: Hidden) -> CampaignView:
    if not hidden:
        return view
    posts = hidden.posts(view.posts)
    kept = {p.post_id for p in posts}
    gone = {(i.type, i.value) for i in view.indicators if i.id in hidden.indicators}
    return dataclasses.replace(
        view,
        posts=posts,
        indicators=hidden.indicator_list(view.indicators),
        links=[x for x in view.links if x.a in kept and x.b in kept],
        why=[w for w in view.why if (w.get("type"), w.get("value")) not in gone],
    )


def account_view(view: AccountView, hidden: Hidden) -> AccountView:
    if not hidden:
        return view
    return dataclasses.replace(
        view,
        posts=hidden.posts(view.posts),
        campaigns=hidden.campaign_list(view.campaigns),
        indicators=hidden.indicator_list(view.indicators),
    )


def post_links(links: PostLinks, hidden: Hidden) -> PostLinks:
    if not hidden:
        return links
    campaign = links.campaign
    return dataclasses.replace(
        links,
        campaign=None if campaign and campaign.key in hidden.campaigns else campaign,
        indicator_ids={k: i for k, i in links.indicator_ids.items() if i not in hidden.indicators},
    )


def related(rows: list[Related], hidden: Hidden) -> list[Related]:
    return [r for r in rows if r.case_id not in hidden.cases]


def bridges(rows: list[Bridge], hidden: Hidden) -> list[Bridge]:
    if not hidden:
        return rows
    out = []
    for b in rows:
        keys = tuple(k for k in b.campaigns if k not in hidden.campaigns)
        if len(keys) >= 2:
            out.append(dataclasses.replace(b, campaigns=keys))
    return out


# -- lists filtered in SQL (other organisations' users) ------------------------


def campaigns_page(
    conn: Connection, org_id: int, *, limit: int, offset: int
) -> tuple[list[CampaignSummary], int]:
    """The campaign list as :func:`cyberpatrol.linking.queries.list_campaigns` orders it,
    of the campaigns ``org_id`` may see, and how many there are."""
    from cyberpatrol.linking.queries import count_campaigns, list_campaigns

    where = visible("campaign", tables.campaigns.c.id, org_id)
    page = list_campaigns(conn, limit=limit, offset=offset, where=where)
    return page, count_campaigns(conn, where)
