"""Partner API tokens: per organisation, scoped, expiring, revocable; only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, and_, insert, select, update

from cyberpatrol.errors import AccessDenied
from cyberpatrol.sharing.orgs import Organisation, get_org
from cyberpatrol.store import tables

SCOPES = ("lookup", "export", "taxii", "import")
"""What a token may do: look values up, download exports, read TAXII, send imports."""
PREFIX = "cpp_"
DEFAULT_DAYS = 90
MAX_DAYS = 366
DEFAULT_RATE = 120
"""Requests a minute a token may make unless set otherwise."""


@dataclass(frozen=True)
class PartnerToken:
    id: int
    organisation: Organisation
    name: str
    prefix: str
    scopes: tuple[str, ...]
    rate_per_minute: int
    created_by: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def caller(self) -> str:
        """How the audit log names calls made with this token (at most 64 characters, the
        width of ``audit_log.username``: a long organisation name is cut, the prefix kept)."""
        return f"partner:{self.organisation.name[:45]}/{self.prefix}"

    def active(self, now: datetime | None = None) -> bool:
        now = now or datetime.now(UTC)
        return self.revoked_at is None and self.expires_at > now


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    conn: Connection,
    organisation: str | int,
    name: str,
    scopes: list[str],
    *,
    days: int = DEFAULT_DAYS,
    rate_per_minute: int = DEFAULT_RATE,
    created_by: str,
) -> tuple[PartnerToken, str]:
    """A new token; the secret is returned once and never stored."""
    org = get_org(conn, organisation)
    bad = sorted(set(scopes) - set(SCOPES))
    if bad or not scopes:
        raise ValueError(f"token scopes {bad or scopes}: use some of {', '.join(SCOPES)}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token lives 1 to {MAX_DAYS} days, not {days}")
    if not 1 <= rate_per_minute <= 10_000:
        raise ValueError("rate_per_minute must be between 1 and 10000")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    t = tables.partner_tokens
    token_id = conn.execute(
        insert(t)
        .values(
            organisation_id=org.id,
            name=name.strip()[:200] or "token",
            token_sha256=_sha256(secret),
            prefix=secret[: len(PREFIX) + 6],
            scopes=sorted(set(scopes)),
            rate_per_minute=rate_per_minute,
            created_by=created_by[:64],
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        .returning(t.c.id)
    ).scalar_one()
    return get_token(conn, int(token_id)), secret


def _token(conn: Connection, row: object) -> PartnerToken:
    r = row
    return PartnerToken(
        int(r.id),  # type: ignore[attr-defined]
        get_org(conn, int(r.organisation_id)),  # type: ignore[attr-defined]
        r.name,  # type: ignore[attr-defined]
        r.prefix,  # type: ignore[attr-defined]
        tuple(r.scopes),  # type: ignore[attr-defined]
        int(r.rate_per_minute),  # type: ignore[attr-defined]
        r.created_by,  # type: ignore[attr-defined]
        r.created_at,  # type: ignore[attr-defined]
        r.expires_at,  # type: ignore[attr-defined]
        r.last_used_at,  # type: ignore[attr-defined]
        r.revoked_at,  # type: ignore[attr-defined]
    )


def get_token(conn: Connection, token_id: int) -> PartnerToken:
    t = tables.partner_tokens
    row = conn.execute(select(t).where(t.c.id == token_id)).first()
    if row is None:
        raise ValueError(f"no partner token {token_id}")
    return _token(conn, row)


def list_tokens(conn: Connection, organisation: str | int | None = None) -> list[PartnerToken]:
    t = tables.partner_tokens
    q = select(t).order_by(t.c.id)
    if organisation is not None:
        q = q.where(t.c.organisation_id == get_org(conn, organisation).id)
    return [_token(conn, r) for r in conn.execute(q)]


def authenticate(conn: Connection, secret: str, scope: str) -> PartnerToken:
    """The active token with this secret and scope; :class:`AccessDenied` otherwise.

    The message never says whether the token exists: unknown, revoked, expired and
    out-of-scope tokens are refused alike.
    """
    t = tables.partner_tokens
    refused = AccessDenied("トークンが無効か、この操作の権限がありません")
    if not secret.startswith(PREFIX) or len(secret) > 200:
        raise refused
    row = conn.execute(select(t).where(t.c.token_sha256 == _sha256(secret))).first()
    if row is None:
        raise refused
    token = _token(conn, row)
    now = datetime.now(UTC)
    if not token.active(now) or scope not in token.scopes:
        raise refused
    conn.execute(update(t).where(t.c.id == token.id).values(last_used_at=now))
    return token


def revoke_token(conn: Connection, token_id: int, organisation: str | int | None = None) -> None:
    """Revoke a token (of ``organisation``, when given); revoking twice is harmless."""
    t = tables.partner_tokens
    where = t.c.id == token_id
    if organisation is not None:
        where = and_(where, t.c.organisation_id == get_org(conn, organisation).id)
    done = conn.execute(
        update(t).where(and_(where, t.c.revoked_at.is_(None))).values(revoked_at=datetime.now(UTC))
    )
    if done.rowcount == 0 and conn.execute(select(t.c.id).where(where)).first() is None:
        raise ValueError(f"no partner token {token_id}")
