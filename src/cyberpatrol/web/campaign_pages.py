"""Pages of the link graph: campaigns, indicators, accounts and what ties them together.

Any logged-in role may read them. Each detail page shows its graph twice: drawn
by ``static/graph.js`` (Cytoscape.js, from the API's ``?format=cytoscape``) and
as a plain list of links beside it; the downloads are the API's graph URLs
(a logged-in browser may GET the API with its session).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cyberpatrol.linking import indicator_types
from cyberpatrol.web import graphview
from cyberpatrol.web.deps import Visitor, hotline, page_visitor
from cyberpatrol.web.pages import render

router = APIRouter()
Reader = Annotated[Visitor, Depends(page_visitor)]
PER_PAGE = 50


def _type_labels() -> dict[str, str]:
    return {k: t.label for k, t in indicator_types().items()}


def _searchable_types() -> dict[str, str]:
    """The types a value can be looked up by (those with an extractor to canonicalise it)."""
    from cyberpatrol.indicators import EXTRACTORS

    labels = _type_labels()
    return {k: labels.get(k, k) for k in EXTRACTORS}


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns_page(request: Request, visitor: Reader, page: int = 1) -> Response:
    page = max(1, min(page, 10_000))
    rows, total = hotline(request).campaigns(
        visitor.actor, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return render(
        request,
        "campaigns.html",
        {
            "visitor": visitor,
            "campaigns": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
        },
    )


@router.get("/campaigns/{key}", response_class=HTMLResponse)
def campaign_page(request: Request, key: str, visitor: Reader) -> Response:
    h = hotline(request)
    view, g = h.campaign(visitor.actor, key)
    marking = h.marking(visitor.actor, "campaign", h.campaign_id(visitor.actor, key))
    ids = {(i.type, i.value): i.id for i in view.indicators}
    return render(
        request,
        "campaign.html",
        {
            "visitor": visitor,
            "view": view,
            "why": graphview.why_lines(view.why, ids, _type_labels()),
            "graph": graphview.panel(g, "/api/v1" + graphview.campaign_path(key) + "/graph"),
            "marking": marking,
            "marking_action": graphview.campaign_path(key) + "/marking",
        },
    )


@router.get("/indicators")
def indicator_search(
    request: Request,
    visitor: Reader,
    kind: Annotated[str, Query(alias="type")] = "",
    value: str = "",
) -> Response:
    """Any spelling of a value → its indicator page (404 when unknown or unreadable)."""
    found = hotline(request).find_indicator(visitor.actor, kind[:64], value[:2000])
    return RedirectResponse(graphview.indicator_path(found), status_code=303)


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator_page(request: Request, indicator_id: int, visitor: Reader) -> Response:
    h = hotline(request)
    view, g = h.indicator(visitor.actor, indicator_id)
    api = "/api/v1" + graphview.indicator_path(indicator_id) + "/graph"
    return render(
        request,
        "indicator.html",
        {
            "visitor": visitor,
            "view": view,
            "graph": graphview.panel(g, api),
            "marking": h.marking(visitor.actor, "indicator", indicator_id),
            "marking_action": graphview.indicator_path(indicator_id) + "/marking",
        },
    )


@router.get("/accounts/{name:path}", response_class=HTMLResponse)
def account_page(request: Request, name: str, visitor: Reader) -> Response:
    view, g = hotline(request).account(visitor.actor, name)
    api = "/api/v1" + graphview.account_path(name) + "/graph"
    return render(
        request,
        "account.html",
        {"visitor": visitor, "view": view, "graph": graphview.panel(g, api)},
    )


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, visitor: Reader) -> Response:
    h = hotline(request)
    return render(
        request,
        "graph.html",
        {
            "visitor": visitor,
            "shared": h.shared_indicators(visitor.actor, limit=50),
            "bridges": h.bridges(visitor.actor, limit=50),
            "type_labels": _searchable_types(),
        },
    )
