"""What analysts ask of the campaigns in the store, answered in SQL.

The CLI (``cyberpatrol graph …``), the API (``/api/v1/campaigns``,
``/api/v1/indicators``, ``/api/v1/accounts``) and the web pages all read through
these functions; :mod:`cyberpatrol.linking.graph` turns their answers into
networkx graphs for centrality and export.

Every function takes an open :class:`~sqlalchemy.Connection` and returns plain
dataclasses; texts are returned as stored (callers escape them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, distinct, func, select

from cyberpatrol.indicators import tags as indicator_tags
from cyberpatrol.linking.campaigns import indicator_types
from cyberpatrol.store import tables
from cyberpatrol.store.tables import UTCDateTime

EXCERPT = 160
"""Characters of a post's text shown in lists."""


@dataclass(frozen=True)
class PostSummary:
    post_id: int
    case_id: int | None
    platform: str
    external_id: str
    author: str | None
    created_at: datetime | None
    url: str | None
    excerpt: str
    campaign: str | None = None


@dataclass(frozen=True)
class IndicatorSummary:
    id: int
    type: str
    value: str
    posts: int
    accounts: int
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        t = indicator_types().get(self.type)
        return t.label if t else self.type


@dataclass(frozen=True)
class CampaignSummary:
    key: str
    size: int
    accounts: int
    first_seen: datetime | None
    last_seen: datetime | None


@dataclass(frozen=True)
class LinkRow:
    a: int
    b: int
    rule: str
    indicator_id: int | None
    similarity: float | None


@dataclass(frozen=True)
class CampaignView:
    summary: CampaignSummary
    why: list[dict[str, Any]]
    posts: list[PostSummary]
    indicators: list[IndicatorSummary]
    links: list[LinkRow]

    @property
    def authors(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self.posts:
            if p.author:
                seen[account_name(p.platform, p.author)] = None
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        """The same shape as :meth:`cyberpatrol.linking.Campaign.to_dict`, from the store."""
        s = self.summary
        return {
            "campaign": s.key,
            "members": [p.external_id for p in self.posts],
            "authors": self.authors,
            "indicators": [
                {"type": i.type, "value": i.value, "posts": i.posts}
                for i in self.indicators
                if "hub" not in i.tags
            ],
            "first_seen": s.first_seen.isoformat() if s.first_seen else None,
            "last_seen": s.last_seen.isoformat() if s.last_seen else None,
            "why": self.why,
        }


@dataclass(frozen=True)
class IndicatorView:
    indicator: IndicatorSummary
    posts: list[PostSummary]
    accounts: list[str]
    campaigns: list[CampaignSummary]
    related: list[IndicatorSummary] = field(default_factory=list)
    """Other indicators mentioned in the same posts."""


@dataclass(frozen=True)
class AccountView:
    account: str
    posts: list[PostSummary]
    campaigns: list[CampaignSummary]
    indicators: list[IndicatorSummary]


def account_name(platform: str | None, author: str) -> str:
    """``platform:author``: how accounts are named everywhere in campaigns."""
    return f"{platform or 'unknown'}:{author}"


def split_account(name: str) -> tuple[str, str]:
    """``platform:author`` → ``(platform, author)``; ValueError without a platform."""
    platform, sep, author = name.partition(":")
    if not sep or not platform or not author:
        raise ValueError(f"an account is written platform:author, not {name!r}")
    return platform, author


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _posts(conn: Connection, where: Any, limit: int) -> list[PostSummary]:
    p, c, cp, cm = tables.posts, tables.cases, tables.campaign_posts, tables.campaigns
    rows = conn.execute(
        select(
            p.c.id,
            c.c.id.label("case_id"),
            p.c.platform,
            p.c.external_id,
            p.c.author,
            func.coalesce(p.c.created_at, p.c.first_seen_at, type_=UTCDateTime).label("at"),
            p.c.url,
            p.c.text,
            cm.c.key,
        )
        .outerjoin(c, c.c.post_id == p.c.id)
        .outerjoin(cp, cp.c.post_id == p.c.id)
        .outerjoin(cm, cm.c.id == cp.c.campaign_id)
        .where(where)
        .order_by("at", p.c.id)
        .limit(limit)
    )
    return [
        PostSummary(
            r.id,
            r.case_id,
            r.platform,
            r.external_id,
            r.author,
            r.at,
            r.url,
            _excerpt(r.text),
            r.key,
        )
        for r in rows
    ]


def _summary(r: Any) -> CampaignSummary:
    return CampaignSummary(r.key, r.size, r.accounts, r.first_seen_at, r.last_seen_at)


def list_campaigns(
    conn: Connection, *, limit: int = 100, offset: int = 0, where: Any = None
) -> list[CampaignSummary]:
    """Campaigns (those matching ``where``, when given), biggest first."""
    c = tables.campaigns
    query = select(c.c.key, c.c.size, c.c.accounts, c.c.first_seen_at, c.c.last_seen_at)
    if where is not None:
        query = query.where(where)
    rows = conn.execute(query.order_by(c.c.size.desc(), c.c.key).limit(limit).offset(offset))
    return [_summary(r) for r in rows]


def count_campaigns(conn: Connection, where: Any = None) -> int:
    """How many campaigns (match ``where``, when given)."""
    query = select(func.count()).select_from(tables.campaigns)
    if where is not None:
        query = query.where(where)
    return int(conn.execute(query).scalar_one())


def _counted(post_where: Any) -> tuple[Select[Any], Any, Any]:
    """Indicators of the posts matching ``post_where`` with their post and account counts:
    ``(query, posts, accounts)``; callers add the order, the limit and any HAVING."""
    p, pi, ind = tables.posts, tables.post_indicators, tables.indicators
    posts = func.count(distinct(pi.c.post_id))
    accounts = func.count(distinct(p.c.platform + ":" + p.c.author))
    query = (
        select(
            ind.c.id,
            ind.c.type,
            ind.c.value,
            posts.label("posts"),
            accounts.label("accounts"),
            ind.c.first_seen_at,
            ind.c.last_seen_at,
        )
        .join(pi, pi.c.indicator_id == ind.c.id)
        .join(p, p.c.id == pi.c.post_id)
        .where(post_where)
        .group_by(ind.c.id, ind.c.type, ind.c.value, ind.c.first_seen_at, ind.c.last_seen_at)
    )
    return query, posts, accounts


def _indicator_summary(r: Any, tags: tuple[str, ...]) -> IndicatorSummary:
    return IndicatorSummary(
        r.id, r.type, r.value, r.posts, r.accounts, r.first_seen_at, r.last_seen_at, tags
    )


def _indicator_counts(conn: Connection, post_where: Any, limit: int) -> list[IndicatorSummary]:
    """Indicators of the posts matching ``post_where``, with post and account counts."""
    query, posts, _ = _counted(post_where)
    ind = tables.indicators
    rows = conn.execute(query.order_by(posts.desc(), ind.c.type, ind.c.value).limit(limit))
    return [_indicator_summary(r, indicator_tags(r.type, r.value)) for r in rows]


def campaign(conn: Connection, key: str, *, limit: int = 1000) -> CampaignView | None:
    """One campaign with its posts (oldest first), indicators and links."""
    c, cp = tables.campaigns, tables.campaign_posts
    row = conn.execute(select(c).where(c.c.key == key)).first()
    if row is None:
        return None
    summary = CampaignSummary(row.key, row.size, row.accounts, row.first_seen_at, row.last_seen_at)
    members = select(cp.c.post_id).where(cp.c.campaign_id == row.id)
    posts = _posts(conn, tables.posts.c.id.in_(members), limit)
    indicators = _indicator_counts(conn, tables.posts.c.id.in_(members), 200)
    cl = tables.campaign_links
    links = [
        LinkRow(r.post_a, r.post_b, r.rule, r.indicator_id, r.similarity)
        for r in conn.execute(
            select(cl).where(cl.c.post_a.in_(members)).order_by(cl.c.id).limit(limit)
        )
    ]
    return CampaignView(summary, list(row.why), posts, indicators, links)


def post_campaign(conn: Connection, post_id: int) -> CampaignSummary | None:
    """The campaign a post belongs to, or None."""
    c, cp = tables.campaigns, tables.campaign_posts
    row = conn.execute(
        select(c.c.key, c.c.size, c.c.accounts, c.c.first_seen_at, c.c.last_seen_at)
        .join(cp, cp.c.campaign_id == c.c.id)
        .where(cp.c.post_id == post_id)
    ).first()
    return _summary(row) if row is not None else None


def campaign_of_post(conn: Connection, post_id: int) -> str | None:
    found = post_campaign(conn, post_id)
    return found.key if found is not None else None


def find_indicator(conn: Connection, kind: str, value: str) -> int | None:
    ind = tables.indicators
    return conn.execute(
        select(ind.c.id).where(and_(ind.c.type == kind, ind.c.value == value))
    ).scalar_one_or_none()


def indicator(conn: Connection, indicator_id: int, *, limit: int = 500) -> IndicatorView | None:
    """Everything linked to one indicator: posts, accounts, campaigns, co-mentioned values."""
    ind, pi, p = tables.indicators, tables.post_indicators, tables.posts
    row = conn.execute(select(ind).where(ind.c.id == indicator_id)).first()
    if row is None:
        return None
    mentioning = select(pi.c.post_id).where(pi.c.indicator_id == indicator_id)
    posts = _posts(conn, p.c.id.in_(mentioning), limit)
    accounts = sorted({account_name(x.platform, x.author) for x in posts if x.author})
    counts = _indicator_counts(conn, p.c.id.in_(mentioning), 200)
    me = next((i for i in counts if i.id == indicator_id), None)
    summary = me or IndicatorSummary(
        row.id,
        row.type,
        row.value,
        0,
        0,
        row.first_seen_at,
        row.last_seen_at,
        indicator_tags(row.type, row.value),
    )
    keys = sorted({x.campaign for x in posts if x.campaign})
    campaigns = list_campaigns(conn, where=tables.campaigns.c.key.in_(keys)) if keys else []
    related = [i for i in counts if i.id != indicator_id]
    return IndicatorView(summary, posts, accounts, campaigns, related)


def account(conn: Connection, name: str, *, limit: int = 500) -> AccountView | None:
    """One account's posts, the campaigns it took part in and the indicators it used."""
    platform, author = split_account(name)
    p = tables.posts
    where = and_(p.c.platform == platform, p.c.author == author)
    posts = _posts(conn, where, limit)
    if not posts:
        return None
    keys = sorted({x.campaign for x in posts if x.campaign})
    campaigns = list_campaigns(conn, where=tables.campaigns.c.key.in_(keys)) if keys else []
    return AccountView(name, posts, campaigns, _indicator_counts(conn, where, 200))


def shared_indicators(
    conn: Connection, *, limit: int = 50, include_hubs: bool = False
) -> list[IndicatorSummary]:
    """The indicators of flagged posts mentioned by the most accounts (hubs left out)."""
    query, posts, accounts = _counted(tables.posts.c.flagged.is_(True))
    rows = conn.execute(
        query.having(accounts >= 2)
        .order_by(accounts.desc(), posts.desc(), tables.indicators.c.id)
        .limit(limit * 4 if not include_hubs else limit)
    )
    out: list[IndicatorSummary] = []
    for r in rows:
        tags = indicator_tags(r.type, r.value)
        if "hub" in tags and not include_hubs:
            continue
        out.append(_indicator_summary(r, tags))
        if len(out) >= limit:
            break
    return out


def account_campaigns(conn: Connection) -> dict[str, set[str]]:
    """Account → the campaigns its posts belong to (accounts of grouped posts only)."""
    p, cp, c = tables.posts, tables.campaign_posts, tables.campaigns
    out: dict[str, set[str]] = defaultdict(set)
    rows = conn.execute(
        select(p.c.platform, p.c.author, c.c.key)
        .join(cp, cp.c.post_id == p.c.id)
        .join(c, c.c.id == cp.c.campaign_id)
        .where(p.c.author.is_not(None))
    )
    for platform, author, key in rows:
        out[account_name(platform, author)].add(key)
    return out


def mentions(conn: Connection, post_ids: list[int]) -> list[tuple[int, int]]:
    """``(post_id, indicator_id)`` for every indicator the given posts mention."""
    pi = tables.post_indicators
    out: set[tuple[int, int]] = set()
    for start in range(0, len(post_ids), 1000):
        chunk = post_ids[start : start + 1000]
        rows = conn.execute(
            select(pi.c.post_id, pi.c.indicator_id).where(pi.c.post_id.in_(chunk)).distinct()
        )
        out.update((int(a), int(b)) for a, b in rows)
    return sorted(out)
