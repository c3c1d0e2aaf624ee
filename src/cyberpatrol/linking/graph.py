"""The link graph: posts, accounts, indicators and campaigns as a networkx graph.

Built from the store's answers (:mod:`cyberpatrol.linking.queries`) for one
campaign, one indicator's neighbourhood or one account, and exported for other
analysis tools as CSV (an edge list), GraphML or node-link JSON, or as the
element list the web app's Cytoscape.js view draws. Centrality over the
account–campaign graph finds the accounts that bridge campaigns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import orjson
from sqlalchemy import Connection

from cyberpatrol.linking.queries import (
    AccountView,
    CampaignView,
    IndicatorSummary,
    IndicatorView,
    PostSummary,
    account_campaigns,
    account_name,
    mentions,
)

ExportFormat = Literal["csv", "graphml", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "graphml", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "graphml": "application/graphml+xml; charset=utf-8",
    "json": "application/json",
}

# Node ids: a kind prefix and the store's key, so ids never collide across kinds.


def post_node(post_id: int) -> str:
    return f"post:{post_id}"


def account_node(name: str) -> str:
    return f"account:{name}"


def indicator_node(indicator_id: int) -> str:
    return f"indicator:{indicator_id}"


def campaign_node(key: str) -> str:
    return f"campaign:{key}"


def _add_post(g: nx.Graph, p: PostSummary) -> None:
    g.add_node(
        post_node(p.post_id),
        kind="post",
        label=f"{p.platform}/{p.external_id}",
        platform=p.platform,
        external_id=p.external_id,
        created_at=p.created_at.isoformat() if p.created_at else "",
        excerpt=p.excerpt,
        case_id=p.case_id or 0,
    )
    if p.author:
        name = account_name(p.platform, p.author)
        g.add_node(account_node(name), kind="account", label=name)
        g.add_edge(account_node(name), post_node(p.post_id), relation="posted")
    if p.campaign:
        g.add_node(campaign_node(p.campaign), kind="campaign", label=p.campaign)
        g.add_edge(campaign_node(p.campaign), post_node(p.post_id), relation="member")


def _add_indicator(g: nx.Graph, i: IndicatorSummary) -> None:
    g.add_node(
        indicator_node(i.id),
        kind="indicator",
        label=f"{i.label}: {i.value}",
        type=i.type,
        value=i.value,
        hub="hub" in i.tags,
    )


def _posts_and_indicators(
    g: nx.Graph,
    conn: Connection,
    posts: list[PostSummary],
    indicators: list[IndicatorSummary],
) -> None:
    """Add ``posts`` (with accounts and campaigns) and ``indicators``, and an edge for
    each mention of a shown indicator by a shown post."""
    for p in posts:
        _add_post(g, p)
    shown = {i.id for i in indicators}
    for i in indicators:
        _add_indicator(g, i)
    for post_id, indicator_id in mentions(conn, [p.post_id for p in posts]):
        if indicator_id in shown:
            g.add_edge(post_node(post_id), indicator_node(indicator_id), relation="mentions")


def campaign_graph(conn: Connection, view: CampaignView) -> nx.Graph:
    """A campaign's posts, their accounts and indicators, and the mention edges."""
    g = nx.Graph(name=view.summary.key)
    _posts_and_indicators(g, conn, view.posts, view.indicators)
    for link in view.links:
        if link.rule != "shared_contact" and g.has_node(post_node(link.b)):
            g.add_edge(
                post_node(link.a),
                post_node(link.b),
                relation=link.rule,
                similarity=link.similarity or 0.0,
            )
    return g


def indicator_graph(conn: Connection, view: IndicatorView) -> nx.Graph:
    """An indicator, the posts that mention it, their accounts, campaigns and other values."""
    g = nx.Graph(name=f"{view.indicator.type}:{view.indicator.value}")
    _posts_and_indicators(g, conn, view.posts, [view.indicator, *view.related])
    return g


def account_graph(conn: Connection, view: AccountView) -> nx.Graph:
    """An account, its posts, their campaigns and indicators."""
    g = nx.Graph(name=view.account)
    g.add_node(account_node(view.account), kind="account", label=view.account)
    _posts_and_indicators(g, conn, view.posts, view.indicators)
    return g


@dataclass(frozen=True)
class Bridge:
    account: str
    campaigns: tuple[str, ...]
    centrality: float


def bridges(conn: Connection, *, limit: int = 50, sample: int = 500) -> list[Bridge]:
    """Accounts in two or more campaigns, by betweenness in the account–campaign graph.

    Exact betweenness is cubic; above ``sample`` nodes it is estimated from that
    many sampled sources (seeded, so reproducible).
    """
    memberships = account_campaigns(conn)
    g = nx.Graph()
    for name, keys in memberships.items():
        for key in keys:
            g.add_edge(account_node(name), campaign_node(key))
    if g.number_of_nodes() == 0:
        return []
    k = sample if g.number_of_nodes() > sample else None
    centrality = nx.betweenness_centrality(g, k=k, seed=1 if k else None)
    out = [
        Bridge(name, tuple(sorted(keys)), round(float(centrality[account_node(name)]), 6))
        for name, keys in memberships.items()
        if len(keys) >= 2
    ]
    out.sort(key=lambda b: (-b.centrality, -len(b.campaigns), b.account))
    return out[:limit]


def export(g: nx.Graph, fmt: ExportFormat) -> bytes:
    """``g`` as a CSV edge list, GraphML or node-link JSON."""
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(g, encoding="utf-8")).encode("utf-8")
    if fmt == "json":
        data = nx.node_link_data(g, edges="edges")
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(
            [
                "source",
                "source_kind",
                "source_label",
                "relation",
                "target",
                "target_kind",
                "target_label",
                "similarity",
            ]
        )
        for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
            na, nb = g.nodes[a], g.nodes[b]
            writer.writerow(
                [
                    spreadsheet_safe(x)
                    for x in (
                        a,
                        na.get("kind", ""),
                        na.get("label", ""),
                        data.get("relation", ""),
                        b,
                        nb.get("kind", ""),
                        nb.get("label", ""),
                        data.get("similarity", ""),
                    )
                ]
            )
        return buf.getvalue().encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}; use one of {EXPORT_FORMATS}")


def spreadsheet_safe(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (criminals write the text)."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def cytoscape(g: nx.Graph, hrefs: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The elements Cytoscape.js draws: nodes with kind, label and a link, and edges."""
    hrefs = hrefs or {}
    nodes = [
        {
            "data": {
                "id": n,
                "kind": d.get("kind", ""),
                "label": str(d.get("label", n)),
                "href": hrefs.get(n, ""),
                "hub": bool(d.get("hub", False)),
            }
        }
        for n, d in g.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{i}", "source": a, "target": b, "relation": d.get("relation", "")}}
        for i, (a, b, d) in enumerate(g.edges(data=True))
    ]
    return {"nodes": nodes, "edges": edges}
