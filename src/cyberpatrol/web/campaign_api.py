"""The link graph in the JSON API (``/api/v1``): campaigns, indicators, accounts, graphs.

Authentication as for the rest of the API (bearer token, or a logged-in browser);
any role may read. Texts are returned as stored: they are data, never markup.
Graphs come as Cytoscape.js elements (``format=cytoscape``, what the pages draw)
or as downloads: a CSV edge list, GraphML or node-link JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from cyberpatrol.linking.graph import MEDIA_TYPES, Bridge, cytoscape
from cyberpatrol.linking.queries import (
    CampaignSummary,
    IndicatorSummary,
    PostSummary,
    account_name,
)
from cyberpatrol.web import graphview
from cyberpatrol.web.deps import Visitor, api_visitor, hotline

router = APIRouter(prefix="/api/v1", tags=["campaigns"])
GraphFormat = Literal["cytoscape", "csv", "graphml", "json"]
FormatQuery = Annotated[
    GraphFormat,
    Query(description="cytoscape: elements for Cytoscape.js; csv, graphml, json: a download"),
]
Reader = Annotated[Visitor, Depends(api_visitor)]
_GRAPH_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Cytoscape.js elements, or the graph as a file (Content-Disposition: "
        "attachment)",
        "content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
    }
}


class CampaignOut(BaseModel):
    key: str
    size: int = Field(description="Posts in the campaign")
    accounts: int
    first_seen: datetime | None
    last_seen: datetime | None

    @classmethod
    def of(cls, c: CampaignSummary) -> CampaignOut:
        return cls.model_validate(c, from_attributes=True)


class CampaignList(BaseModel):
    total: int
    campaigns: list[CampaignOut]


class IndicatorOut(BaseModel):
    id: int
    type: str
    label: str = Field(description="The type's Japanese name")
    value: str = Field(description="Canonical value")
    posts: int
    accounts: int
    first_seen: datetime | None
    last_seen: datetime | None
    tags: list[str] = Field(description="shortener, hub (a hub value never links posts)")

    @classmethod
    def of(cls, i: IndicatorSummary) -> IndicatorOut:
        return cls(
            id=i.id,
            type=i.type,
            label=i.label,
            value=i.value,
            posts=i.posts,
            accounts=i.accounts,
            first_seen=i.first_seen,
            last_seen=i.last_seen,
            tags=list(i.tags),
        )


class PostOut(BaseModel):
    post_id: int
    case_id: int | None
    platform: str
    external_id: str
    author: str | None
    account: str | None = Field(description="platform:author")
    created_at: datetime | None
    url: str | None
    excerpt: str
    campaign: str | None

    @classmethod
    def of(cls, p: PostSummary) -> PostOut:
        return cls(
            post_id=p.post_id,
            case_id=p.case_id,
            platform=p.platform,
            external_id=p.external_id,
            author=p.author,
            account=account_name(p.platform, p.author) if p.author else None,
            created_at=p.created_at,
            url=p.url,
            excerpt=p.excerpt,
            campaign=p.campaign,
        )


class WhyOut(BaseModel):
    """One rule that joined the campaign's posts, with its evidence."""

    rule: str = Field(description="shared_contact, near_duplicate_text or same_author_text")
    type: str | None = None
    value: str | None = None
    posts: int | None = None
    links: int | None = None
    min_similarity: float | None = None
    threshold: float | None = None


class CampaignDetail(CampaignOut):
    why: list[WhyOut]
    posts: list[PostOut] = Field(description="Members, oldest first")
    indicators: list[IndicatorOut]
    account_names: list[str] = Field(description="platform:author of the members")


class IndicatorDetail(BaseModel):
    indicator: IndicatorOut
    posts: list[PostOut]
    accounts: list[str]
    campaigns: list[CampaignOut]
    related: list[IndicatorOut] = Field(description="Other values mentioned in the same posts")


class AccountDetail(BaseModel):
    account: str
    posts: list[PostOut]
    campaigns: list[CampaignOut]
    indicators: list[IndicatorOut]


class BridgeOut(BaseModel):
    account: str
    campaigns: list[str]
    centrality: float = Field(description="Betweenness in the account–campaign graph")

    @classmethod
    def of(cls, b: Bridge) -> BridgeOut:
        return cls(account=b.account, campaigns=list(b.campaigns), centrality=b.centrality)


class NodeData(BaseModel):
    id: str
    kind: str = Field(description="post, account, indicator or campaign")
    label: str
    href: str = Field(description="The node's page in the web app (empty: none)")
    hub: bool


class Node(BaseModel):
    data: NodeData


class EdgeData(BaseModel):
    id: str
    source: str
    target: str
    relation: str


class Edge(BaseModel):
    data: EdgeData


class Elements(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


def _graph(request: Request, visitor: Visitor, g: Any, fmt: GraphFormat, target: str) -> Any:
    """Elements to draw, or a download (audited, like other exports)."""
    if fmt == "cytoscape":
        return cytoscape(g, graphview.hrefs(g))
    hotline(request).record_graph_export(visitor.actor, target, fmt)
    return graphview.download(g, fmt, target)


@router.get("/campaigns", response_model=CampaignList)
def list_campaigns(
    request: Request,
    visitor: Reader,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CampaignList:
    """Campaigns, biggest first."""
    rows, total = hotline(request).campaigns(visitor.actor, limit=limit, offset=offset)
    return CampaignList(total=total, campaigns=[CampaignOut.of(c) for c in rows])


@router.get("/campaigns/{key}", response_model=CampaignDetail)
def get_campaign(request: Request, key: str, visitor: Reader) -> CampaignDetail:
    """One campaign: why its posts were grouped, its posts, indicators and accounts."""
    view, _ = hotline(request).campaign(visitor.actor, key)
    return CampaignDetail(
        **CampaignOut.of(view.summary).model_dump(),
        why=[WhyOut.model_validate(w) for w in view.why],
        posts=[PostOut.of(p) for p in view.posts],
        indicators=[IndicatorOut.of(i) for i in view.indicators],
        account_names=view.authors,
    )


@router.get("/campaigns/{key}/graph", response_model=Elements, responses=_GRAPH_RESPONSES)
def campaign_graph(
    request: Request, key: str, visitor: Reader, format: FormatQuery = "cytoscape"
) -> Any:
    _, g = hotline(request).campaign(visitor.actor, key)
    return _graph(request, visitor, g, format, f"campaign:{key}")


@router.get("/indicators/search", response_model=IndicatorDetail)
def search_indicator(
    request: Request,
    visitor: Reader,
    kind: Annotated[str, Query(alias="type", max_length=64, description="phone, telegram, …")],
    value: Annotated[str, Query(max_length=2000, description="The value, in any spelling")],
) -> IndicatorDetail:
    """The indicator a value of any spelling canonicalises to (404 when unknown)."""
    return _indicator(request, visitor, hotline(request).find_indicator(visitor.actor, kind, value))


@router.get("/indicators/{indicator_id}", response_model=IndicatorDetail)
def get_indicator(request: Request, indicator_id: int, visitor: Reader) -> IndicatorDetail:
    """One indicator: the posts, accounts and campaigns that mention it, and its neighbours."""
    return _indicator(request, visitor, indicator_id)


def _indicator(request: Request, visitor: Visitor, indicator_id: int) -> IndicatorDetail:
    view, _ = hotline(request).indicator(visitor.actor, indicator_id)
    return IndicatorDetail(
        indicator=IndicatorOut.of(view.indicator),
        posts=[PostOut.of(p) for p in view.posts],
        accounts=view.accounts,
        campaigns=[CampaignOut.of(c) for c in view.campaigns],
        related=[IndicatorOut.of(i) for i in view.related],
    )


@router.get("/indicators/{indicator_id}/graph", response_model=Elements, responses=_GRAPH_RESPONSES)
def indicator_graph(
    request: Request, indicator_id: int, visitor: Reader, format: FormatQuery = "cytoscape"
) -> Any:
    _, g = hotline(request).indicator(visitor.actor, indicator_id)
    return _graph(request, visitor, g, format, f"indicator:{indicator_id}")


# The graph route first: an account name may hold a "/", so {name:path} would take it.
@router.get("/accounts/{name:path}/graph", response_model=Elements, responses=_GRAPH_RESPONSES)
def account_graph(
    request: Request, name: str, visitor: Reader, format: FormatQuery = "cytoscape"
) -> Any:
    _, g = hotline(request).account(visitor.actor, name)
    return _graph(request, visitor, g, format, f"account:{name}")


@router.get("/accounts/{name:path}", response_model=AccountDetail)
def get_account(request: Request, name: str, visitor: Reader) -> AccountDetail:
    """An account (``platform:author``): its posts, campaigns and indicators."""
    view, _ = hotline(request).account(visitor.actor, name)
    return AccountDetail(
        account=view.account,
        posts=[PostOut.of(p) for p in view.posts],
        campaigns=[CampaignOut.of(c) for c in view.campaigns],
        indicators=[IndicatorOut.of(i) for i in view.indicators],
    )


@router.get("/graph/shared", response_model=list[IndicatorOut])
def shared(
    request: Request, visitor: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[IndicatorOut]:
    """The indicators of flagged posts mentioned by the most accounts (hubs left out)."""
    rows = hotline(request).shared_indicators(visitor.actor, limit=limit)
    return [IndicatorOut.of(i) for i in rows]


@router.get("/graph/bridges", response_model=list[BridgeOut])
def bridges(
    request: Request, visitor: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[BridgeOut]:
    """Accounts in two or more campaigns, by betweenness centrality."""
    return [BridgeOut.of(b) for b in hotline(request).bridges(visitor.actor, limit=limit)]
