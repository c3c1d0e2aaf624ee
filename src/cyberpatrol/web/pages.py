"""Server-rendered pages: login, the review queue, the item page and its forms.

Routes are thin: they read the form, call :class:`~cyberpatrol.cases.Hotline`
and render a template. Every post text reaches the page through Jinja2's
autoescape (see :mod:`cyberpatrol.web.highlight`).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cyberpatrol.cases import QueueFilter
from cyberpatrol.cases.letters import KINDS
from cyberpatrol.cases.queue import STATUS_LABELS, STATUSES, holds_claim
from cyberpatrol.errors import AccessDenied
from cyberpatrol.web.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Visitor,
    checked_visitor,
    client_ip,
    hotline,
    page_visitor,
)
from cyberpatrol.web.highlight import segments

router = APIRouter()
NOTICES = {
    "judged": "判断を記録しました。",
    "claimed": "この案件を担当にしました。",
    "released": "担当を外しました。",
    "overturned": "判断を変更しました。",
    "loggedout": "ログアウトしました。",
    "sent": "送信しました。",
    "posted": "手動で返信したことを記録しました。",
    "dryrun": "送信せずに記録しました（ドライラン: 送信先が設定されていません）。",
    "failed": "送信に失敗しました。措置履歴の詳細を確認してください。",
    "marking": "共有範囲を変更しました。",
    "marking-same": "共有範囲は変わっていません。",
}
"""Messages shown after a redirect, by key: no user text is ever reflected."""


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        name,
        {"notice": NOTICES.get(request.query_params.get("n", "")), **context},
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"csrf_token": token, "error": None})
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.secure_cookies,
        max_age=1800,
    )
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise AccessDenied("フォームの有効期限が切れました。もう一度お試しください（CSRF）")
    try:
        _, secret = hotline(request).login(username, password, ip=client_ip(request))
    except AccessDenied as exc:
        return render(
            request, "login.html", {"csrf_token": csrf_token, "error": str(exc)}, status=401
        )
    response = RedirectResponse("/queue", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="strict",
        secure=request.app.state.secure_cookies,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, visitor: Annotated[Visitor, Depends(checked_visitor)]) -> Response:
    hotline(request).logout(request.cookies.get(SESSION_COOKIE), visitor.actor)
    response = RedirectResponse("/login?n=loggedout", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home() -> Response:
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    visitor: Annotated[Visitor, Depends(page_visitor)],
    status: str = "open",
    platform: str = "",
    category: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Response:
    per_page = 50
    page = max(1, min(page, 10_000))
    f = QueueFilter(
        status=status if status in STATUSES else None,
        platform=platform[:64] or None,
        category=category[:128] or None,
        since=_date(since),
        until=_date(until),
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    rows, total = hotline(request).queue(visitor.actor, f)
    return render(
        request,
        "queue.html",
        {
            "visitor": visitor,
            "rows": rows,
            "total": total,
            "count_cap": f.count_cap,
            "page": page,
            "pages": max(1, -(-total // per_page)),
            "filters": {
                "status": status,
                "platform": platform,
                "category": category,
                "since": since,
                "until": until,
            },
            "statuses": STATUS_LABELS,
            "taxonomy": hotline(request).taxonomy,
        },
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(page_visitor)]
) -> Response:
    h = hotline(request)
    case = h.case(visitor.actor, case_id)
    stored = h.store.get_post(case.platform, case.external_id)
    evidence = stored.result.evidence if stored else ()
    return render(
        request,
        "case.html",
        {
            "visitor": visitor,
            "case": case,
            "segments": segments(case.text, evidence),
            "result": stored.result if stored else None,
            "history": h.history(visitor.actor, case_id),
            "taxonomy": h.taxonomy,
            "suggested": h.taxonomy.suggest.get(case.category or "", ""),
            "holds_claim": holds_claim(case, visitor.actor),
            "statuses": STATUS_LABELS,
            "letters": h.letter_history(visitor.actor, case_id),
            "related": h.related(visitor.actor, case_id),
            "links": h.post_links(visitor.actor, case.post_id),
            "marking": h.marking(visitor.actor, "case", case_id),
            "letter_kinds": KINDS,
            "can_act": bool(
                case.judgement
                and case.status in ("judged", "actioned")
                and h.taxonomy.get(case.judgement).actionable
            ),
        },
    )


@router.get("/cases/{case_id}/letters/{kind}", response_class=HTMLResponse)
def letter_preview(
    request: Request, case_id: int, kind: str, visitor: Annotated[Visitor, Depends(page_visitor)]
) -> Response:
    h = hotline(request)
    letter = h.draft_letter(visitor.actor, case_id, kind)
    return render(
        request,
        "letter.html",
        {
            "visitor": visitor,
            "case_id": case_id,
            "kind": kind,
            "kind_label": KINDS[kind],
            "letter": letter,
            "channel": "email" if letter.channel == "email" else letter.delivery,
            "configured": ("email" if letter.channel == "email" else letter.delivery)
            in h.dispatchers,
        },
    )


@router.post("/cases/{case_id}/letters/{kind}")
def letter_send(
    request: Request,
    case_id: int,
    kind: str,
    visitor: Annotated[Visitor, Depends(checked_visitor)],
    to: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    _, outcome = hotline(request).send_letter(visitor.actor, case_id, kind, to=to)
    notice = {"sent": "sent", "dry-run": "dryrun"}.get(outcome.status, "failed")
    return RedirectResponse(f"/cases/{case_id}?n={notice}", status_code=303)


@router.post("/cases/{case_id}/claim")
def claim(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(checked_visitor)]
) -> Response:
    hotline(request).claim(visitor.actor, case_id)
    return RedirectResponse(f"/cases/{case_id}?n=claimed", status_code=303)


@router.post("/cases/{case_id}/release")
def release(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(checked_visitor)]
) -> Response:
    hotline(request).release(visitor.actor, case_id)
    return RedirectResponse(f"/cases/{case_id}?n=released", status_code=303)


@router.post("/cases/{case_id}/judge")
def judge(
    request: Request,
    case_id: int,
    visitor: Annotated[Visitor, Depends(checked_visitor)],
    category: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    hotline(request).judge(visitor.actor, case_id, category, reason)
    return RedirectResponse(f"/cases/{case_id}?n=judged", status_code=303)


@router.post("/cases/{case_id}/overturn")
def overturn(
    request: Request,
    case_id: int,
    visitor: Annotated[Visitor, Depends(checked_visitor)],
    category: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    hotline(request).overturn(visitor.actor, case_id, category, reason)
    return RedirectResponse(f"/cases/{case_id}?n=overturned", status_code=303)


@router.post("/cases/{case_id}/actions/{action_id}/posted")
def confirm_posted(
    request: Request,
    case_id: int,
    action_id: int,
    visitor: Annotated[Visitor, Depends(checked_visitor)],
) -> Response:
    hotline(request).confirm_posted(visitor.actor, case_id, action_id)
    return RedirectResponse(f"/cases/{case_id}?n=posted", status_code=303)


@router.get("/stats", response_class=HTMLResponse)
def stats_page(
    request: Request,
    visitor: Annotated[Visitor, Depends(page_visitor)],
    since: str = "",
    until: str = "",
) -> Response:
    from cyberpatrol.actions import JST
    from cyberpatrol.cases.stats import COLUMNS

    start, end = _date(since), _date(until)
    figures = hotline(request).stats(
        visitor.actor,
        since=start.replace(tzinfo=JST) if start else None,
        until=end.replace(tzinfo=JST) if end else None,
    )
    months = figures.by["month"]
    peak = max([1, *(max(r["analysed"], r["requests_sent"]) for _, r in months)])
    return render(
        request,
        "stats.html",
        {
            "visitor": visitor,
            "stats": figures,
            "columns": COLUMNS,
            "months": months,
            "peak": peak,
            "filters": {"since": since, "until": until},
        },
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    visitor: Annotated[Visitor, Depends(page_visitor)],
    before: int | None = None,
) -> Response:
    entries = hotline(request).audit_log(visitor.actor, limit=100, before_id=before)
    return render(request, "audit.html", {"visitor": visitor, "entries": entries})


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
