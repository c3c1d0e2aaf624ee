"""Pages of sharing with partners: changing a marking, and the supervisors' partners page.

The 「共有範囲」 panel itself is part of the indicator, campaign and case pages
(``templates/_marking.html``); its form posts here. The server decides what a change
may do (:mod:`cyberpatrol.cases.markings`): a refused change ends on the error page
with the reason in Japanese.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cyberpatrol.web import graphview
from cyberpatrol.web.deps import Visitor, checked_visitor, hotline, page_visitor
from cyberpatrol.web.pages import render

router = APIRouter()
Writer = Annotated[Visitor, Depends(checked_visitor)]
Level = Annotated[str, Form(max_length=32)]
Group = Annotated[str, Form(max_length=64)]
USAGE_DAYS = 30


def _changed(href: str, changed: bool) -> Response:
    return RedirectResponse(f"{href}?n={'marking' if changed else 'marking-same'}", 303)


@router.post("/indicators/{indicator_id}/marking")
def indicator_marking(
    request: Request, indicator_id: int, visitor: Writer, tlp: Level, group: Group = ""
) -> Response:
    changed = hotline(request).set_marking(visitor.actor, "indicator", indicator_id, tlp, group)
    return _changed(graphview.indicator_path(indicator_id), changed)


@router.post("/campaigns/{key}/marking")
def campaign_marking(
    request: Request, key: str, visitor: Writer, tlp: Level, group: Group = ""
) -> Response:
    h = hotline(request)
    campaign_id = h.campaign_id(visitor.actor, key)
    changed = h.set_marking(visitor.actor, "campaign", campaign_id, tlp, group)
    return _changed(graphview.campaign_path(key), changed)


@router.post("/cases/{case_id}/marking")
def case_marking(
    request: Request, case_id: int, visitor: Writer, tlp: Level, group: Group = ""
) -> Response:
    changed = hotline(request).set_marking(visitor.actor, "case", case_id, tlp, group)
    return _changed(f"/cases/{case_id}", changed)


@router.get("/partners", response_class=HTMLResponse)
def partners_page(request: Request, visitor: Annotated[Visitor, Depends(page_visitor)]) -> Response:
    """Organisations, their partner tokens and their calls of the last 30 days."""
    rows = hotline(request).partners(visitor.actor, days=USAGE_DAYS)
    return render(
        request, "partners.html", {"visitor": visitor, "partners": rows, "days": USAGE_DAYS}
    )
