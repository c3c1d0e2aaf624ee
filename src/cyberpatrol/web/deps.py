"""Who is asking: the session cookie for pages, a bearer token for the API.

Every state-changing page request must carry the session's CSRF token (form
field ``csrf_token`` or header ``X-CSRF-Token``); API requests authenticated
by a bearer token need none (no browser sends that header on its own).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from cyberpatrol.cases import Actor, Hotline
from cyberpatrol.cases.sessions import Session
from cyberpatrol.errors import AccessDenied

SESSION_COOKIE = "cp_session"
LOGIN_CSRF_COOKIE = "cp_login_csrf"


@dataclass(frozen=True, slots=True)
class Visitor:
    """A logged-in person (pages) or token holder (API)."""

    actor: Actor
    session: Session | None
    """None for API-token requests."""

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""


def hotline(request: Request) -> Hotline:
    h: Hotline = request.app.state.hotline
    return h


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def page_visitor(request: Request) -> Visitor:
    """The logged-in visitor of a page, or AccessDenied(authenticated=False)."""
    session = hotline(request).session(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise AccessDenied("ログインしてください", authenticated=False)
    return Visitor(session.user.actor(client_ip(request)), session)


async def checked_visitor(request: Request) -> Visitor:
    """A page visitor whose state-changing request carries the session's CSRF token."""
    visitor = page_visitor(request)
    token = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        token = value if isinstance(value, str) else None
    assert visitor.session is not None
    if not visitor.session.csrf_ok(token):
        raise AccessDenied("フォームの有効期限が切れました。ページを再読み込みしてください（CSRF）")
    return visitor


def api_visitor(request: Request) -> Visitor:
    """A bearer-token holder, or a logged-in browser that sends its CSRF header."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        actor = hotline(request).authenticate_token(auth[7:].strip(), ip=client_ip(request))
        return Visitor(actor, None)
    visitor = page_visitor(request)
    if request.method not in ("GET", "HEAD"):
        assert visitor.session is not None
        if not visitor.session.csrf_ok(request.headers.get("x-csrf-token")):
            raise AccessDenied("CSRF トークンがありません")
    return visitor
