"""The link graph on the web: links for its nodes, the list beside the canvas, the why, downloads.

Every href is built here, on the server, from store keys (never from a post's
text), and account names are percent-encoded whole (a ``/`` or ``..`` in a
criminal's display name stays inside one path segment). Labels and values stay
plain text: the templates escape them and Cytoscape.js draws them on a canvas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from cyberpatrol.linking.graph import EXPORT_FORMATS, MEDIA_TYPES, ExportFormat, export

KIND_LABELS = {
    "campaign": "キャンペーン",
    "account": "アカウント",
    "indicator": "連絡先・識別子",
    "post": "投稿",
}
"""Node kinds in the order the node list shows them."""
EXPORT_LABELS: dict[ExportFormat, str] = {"csv": "CSV", "graphml": "GraphML", "json": "JSON"}
TAG_LABELS = {"shortener": "短縮URL", "hub": "ハブ"}
RULE_LABELS = {
    "shared_contact": "共有された連絡先",
    "near_duplicate_text": "文面の類似",
    "same_author_text": "同一アカウントの類似投稿",
}


def account_path(name: str) -> str:
    return "/accounts/" + quote(name, safe=":@")


def campaign_path(key: str) -> str:
    return "/campaigns/" + quote(key, safe="")


def indicator_path(indicator_id: int) -> str:
    return f"/indicators/{int(indicator_id)}"


def hrefs(g: Any) -> dict[str, str]:
    """The page of each node that has one (a post has one when it has a case)."""
    out: dict[str, str] = {}
    for node, data in g.nodes(data=True):
        kind, _, key = str(node).partition(":")
        if kind == "post" and data.get("case_id"):
            out[node] = f"/cases/{int(data['case_id'])}"
        elif kind == "account":
            out[node] = account_path(key)
        elif kind == "indicator":
            out[node] = indicator_path(int(key))
        elif kind == "campaign":
            out[node] = campaign_path(key)
    return out


@dataclass(frozen=True, slots=True)
class NodeLink:
    kind: str
    kind_label: str
    label: str
    href: str
    hub: bool


@dataclass(frozen=True, slots=True)
class GraphPanel:
    """What a page needs to show a graph: the element URL, the node list, the downloads."""

    url: str
    nodes: list[NodeLink]
    exports: list[tuple[str, str]]


def panel(g: Any, api_path: str) -> GraphPanel:
    """The graph panel of a page whose graph the API serves at ``api_path``."""
    links = hrefs(g)
    order = list(KIND_LABELS)
    nodes = sorted(
        (
            NodeLink(
                kind=str(d.get("kind", "")),
                kind_label=KIND_LABELS.get(str(d.get("kind", "")), ""),
                label=str(d.get("label", n)),
                href=links.get(n, ""),
                hub=bool(d.get("hub", False)),
            )
            for n, d in g.nodes(data=True)
        ),
        key=lambda x: (order.index(x.kind) if x.kind in order else len(order), x.label),
    )
    exports = [(EXPORT_LABELS[f], f"{api_path}?format={f}") for f in EXPORT_FORMATS]
    return GraphPanel(f"{api_path}?format=cytoscape", nodes, exports)


@dataclass(frozen=True, slots=True)
class WhyLine:
    """One ``why`` entry of a campaign, in words."""

    rule: str
    title: str
    detail: str
    value: str = ""
    href: str = ""
    posts: int | None = None


def why_lines(
    why: Iterable[Mapping[str, Any]],
    ids: Mapping[tuple[str, str], int],
    type_labels: Mapping[str, str],
) -> list[WhyLine]:
    """``why`` in Japanese; a shared value links to its indicator page when known."""
    out: list[WhyLine] = []
    for w in why:
        rule = str(w.get("rule", ""))
        title = RULE_LABELS.get(rule, rule)
        if rule == "shared_contact":
            kind, value = str(w.get("type", "")), str(w.get("value", ""))
            found = ids.get((kind, value))
            out.append(
                WhyLine(
                    rule,
                    title,
                    type_labels.get(kind, kind),
                    value,
                    indicator_path(found) if found is not None else "",
                    int(w["posts"]) if isinstance(w.get("posts"), int) else None,
                )
            )
        elif "links" in w:
            detail = (
                f"{w['links']}組の投稿、最小類似度 {float(w.get('min_similarity', 0)):.2f}"
                f"（しきい値 {float(w.get('threshold', 0)):.2f} 以上）"
            )
            out.append(WhyLine(rule, title, detail))
        else:
            rest = {k: v for k, v in w.items() if k != "rule"}
            out.append(WhyLine(rule, title, ", ".join(f"{k}={v}" for k, v in rest.items())))
    return out


def download(g: Any, fmt: ExportFormat, name: str) -> Response:
    """``g`` as an attachment ``<name>.<fmt>`` (the name reduced to safe characters)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")[:80] or "graph"
    return Response(
        export(g, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'},
    )
