"""Who is asking on the partner API: an organisation's token, its scope and its rate.

Partner endpoints (look-ups, exports, TAXII, imports) authenticate with
``Authorization: Bearer cpp_…`` — a token of :mod:`cyberpatrol.sharing.tokens`, never
a person's session — and every call is written to the audit log with the token's
organisation, so supervisors can see each partner's usage.

Rate limits are per token and per process: a fixed one-minute window counted in
memory (``rate_per_minute`` on the token). Behind several worker processes each keeps
its own count; put a shared limiter in front for a hard ceiling.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request

from cyberpatrol.cases import Actor
from cyberpatrol.cases.audit import record
from cyberpatrol.cases.roles import load_roles
from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing.tokens import PartnerToken, authenticate
from cyberpatrol.web.deps import client_ip, hotline


class RateLimiter:
    """Requests per token per minute (fixed window), thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[int, tuple[int, int]] = {}

    def allow(self, token: PartnerToken) -> tuple[bool, int]:
        """``(allowed, seconds until the window resets)``; counts the call when allowed."""
        now = self._clock()
        window = int(now // 60)
        with self._lock:
            start, used = self._windows.get(token.id, (window, 0))
            if start != window:
                start, used = window, 0
            if used >= token.rate_per_minute:
                return False, max(1, 60 - int(now % 60))
            self._windows[token.id] = (start, used + 1)
            return True, 0


@dataclass(frozen=True)
class PartnerCall:
    """An authenticated partner request."""

    token: PartnerToken
    ip: str

    @property
    def org_id(self) -> int:
        return self.token.organisation.id

    @property
    def actor(self) -> Actor:
        """The audit log's view of the caller (no person: the token)."""
        return Actor(
            None,
            self.token.caller,
            load_roles()["viewer"],
            self.ip,
            organisation_id=self.token.organisation.id,
        )


def limiter(request: Request) -> RateLimiter:
    state = request.app.state
    if not hasattr(state, "partner_limiter"):
        state.partner_limiter = RateLimiter()
    found: RateLimiter = state.partner_limiter
    return found


def partner(scope: str) -> Callable[[Request], PartnerCall]:
    """A FastAPI dependency: the partner token with ``scope``, within its rate limit."""

    def dependency(request: Request) -> PartnerCall:
        auth = request.headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            raise AccessDenied("パートナートークンが必要です", authenticated=False)
        store = hotline(request).store
        with store.transaction("cannot check partner token") as conn:
            try:
                token = authenticate(conn, auth[7:].strip(), scope)
            except AccessDenied as exc:
                raise AccessDenied(str(exc), authenticated=False) from exc
        allowed, retry = limiter(request).allow(token)
        if not allowed:
            raise HTTPException(
                status_code=429,
                detail="rate limit exceeded",
                headers={"Retry-After": str(retry)},
            )
        return PartnerCall(token, client_ip(request))

    return dependency


def audit(request: Request, call: PartnerCall, action: str, target: str, **detail: Any) -> None:
    """Record one partner call: who (organisation, token), what, when."""
    with hotline(request).store.transaction("cannot record partner call") as conn:
        record(
            conn,
            call.actor,
            action,
            target,
            {"organisation": call.token.organisation.name, "token": call.token.prefix, **detail},
        )
