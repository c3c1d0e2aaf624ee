"""Server-side login sessions for the web app, with their CSRF tokens.

The browser holds a random secret in an HttpOnly cookie; the database holds
only its SHA-256, so a leaked database cannot be replayed as a login. Each
session has its own CSRF token (synchroniser-token pattern): every form and
every state-changing request must echo it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from cyberpatrol.cases.users import User, get_user_by_id
from cyberpatrol.store.tables import web_sessions

LIFETIME = timedelta(hours=8)
"""A working shift; after that the analyst logs in again."""


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf_token: str
    expires_at: datetime

    def csrf_ok(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token, str(token))


def start(conn: Connection, user: User, *, ip: str, now: datetime | None = None) -> str:
    """Open a session; returns the cookie secret (never stored)."""
    now = now or datetime.now(UTC)
    secret = secrets.token_urlsafe(32)
    conn.execute(
        insert(web_sessions).values(
            id=_key(secret),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + LIFETIME,
            ip=ip[:100],
        )
    )
    return secret


def lookup(conn: Connection, secret: str | None, *, now: datetime | None = None) -> Session | None:
    """The live session of ``secret``, or None (unknown, expired, or user disabled)."""
    if not secret or len(secret) > 200:
        return None
    row = conn.execute(select(web_sessions).where(web_sessions.c.id == _key(secret))).first()
    if row is None or row.expires_at <= (now or datetime.now(UTC)):
        return None
    user = get_user_by_id(conn, row.user_id)
    if user is None or not user.active:
        return None
    return Session(user, row.csrf_token, row.expires_at)


def end(conn: Connection, secret: str | None) -> None:
    if secret:
        conn.execute(delete(web_sessions).where(web_sessions.c.id == _key(secret)))


def purge_expired(conn: Connection, *, now: datetime | None = None) -> int:
    done = conn.execute(
        delete(web_sessions).where(web_sessions.c.expires_at <= (now or datetime.now(UTC)))
    )
    return int(done.rowcount or 0)


def _key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
