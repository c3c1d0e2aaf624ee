"""The public report form (通報フォーム): no login, abuse-protected.

Protections: a double-submit CSRF cookie, a honeypot field that people never
see (a bot that fills it is thanked and ignored), size limits on every field,
and the per-address rate limit and URL de-duplication of
:mod:`cyberpatrol.cases.reports`.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from cyberpatrol.cases.reports import MAX_DESCRIPTION_CHARS, MAX_URL_CHARS, RateLimited
from cyberpatrol.cases.service import REPORT_KINDS
from cyberpatrol.errors import AccessDenied, WorkflowError
from cyberpatrol.web.deps import client_ip, hotline

router = APIRouter()
FORM_COOKIE = "cp_form_csrf"


def _kinds(request: Request) -> list[tuple[str, str]]:
    taxonomy = hotline(request).taxonomy
    kinds = [(c.key, taxonomy.label(c.key)) for c in taxonomy.categories if c.actionable]
    return [*kinds, *REPORT_KINDS.items()]


def _form(request: Request, *, error: str | None = None, status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = request.app.state.templates.TemplateResponse(
        request,
        "report.html",
        {
            "csrf_token": token,
            "kinds": _kinds(request),
            "error": error,
            "max_url": MAX_URL_CHARS,
            "max_description": MAX_DESCRIPTION_CHARS,
        },
        status_code=status,
    )
    response.set_cookie(
        FORM_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.secure_cookies,
        max_age=3600,
    )
    return response  # type: ignore[no-any-return]


@router.get("/report", response_class=HTMLResponse)
def report_form(request: Request) -> Response:
    return _form(request)


@router.post("/report", response_class=HTMLResponse)
def report(
    request: Request,
    url: Annotated[str, Form(max_length=MAX_URL_CHARS)],
    kind: Annotated[str, Form(max_length=64)],
    description: Annotated[str, Form(max_length=MAX_DESCRIPTION_CHARS)] = "",
    website: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    expected = request.cookies.get(FORM_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise AccessDenied("フォームの有効期限が切れました。もう一度お試しください（CSRF）")
    templates = request.app.state.templates
    if website:
        # The honeypot: only a bot fills a field nobody sees. Thank it, store nothing.
        return templates.TemplateResponse(request, "report_done.html", {"receipt": None})  # type: ignore[no-any-return]
    try:
        receipt = hotline(request).submit_report(
            url=url,
            kind=kind,
            description=description,
            address=client_ip(request),
            secret=request.app.state.report_secret,
            analyze=request.app.state.engine().analyze,
        )
    except RateLimited as exc:
        return _form(request, error=str(exc), status=429)
    except WorkflowError as exc:
        return _form(request, error=str(exc), status=400)
    return templates.TemplateResponse(request, "report_done.html", {"receipt": receipt})  # type: ignore[no-any-return]
