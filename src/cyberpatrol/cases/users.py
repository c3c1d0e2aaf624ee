"""User accounts, passwords (Argon2id) and API tokens.

Passwords are hashed with argon2-cffi's defaults (Argon2id, RFC 9106 low-memory
profile) and re-hashed on login when the parameters change. API tokens are
random 32-byte secrets shown once; only their SHA-256 is stored (a token is
already high-entropy, so a slow hash adds nothing but latency per request).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Row, insert, select, update
from sqlalchemy.exc import IntegrityError

from cyberpatrol.cases.roles import Actor, role
from cyberpatrol.errors import AccessDenied, Conflict, NotFound, WorkflowError
from cyberpatrol.store.tables import api_tokens, users

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024
"""Longer inputs are refused before hashing (a megabyte password is a denial-of-service)."""
TOKEN_PREFIX = "cpt_"  # noqa: S105 (a label, not a secret)
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so that a wrong user name
    takes as long as a wrong password. Made on first use: an Argon2 hash costs
    about 0.1 s, which every command importing this module would otherwise pay."""
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    organisation_id: int = 1
    """The organisation the user works for (1: the one that runs this installation)."""

    def actor(self, ip: str = "") -> Actor:
        return Actor(self.id, self.username, role(self.role), ip, self.organisation_id)


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WorkflowError(f"パスワードは{MIN_PASSWORD_CHARS}文字以上にしてください")
    if len(password) > MAX_PASSWORD_CHARS:
        raise WorkflowError(f"パスワードは{MAX_PASSWORD_CHARS}文字以下にしてください")


def create_user(
    conn: Connection,
    username: str,
    password: str,
    *,
    role_name: str,
    display_name: str = "",
    organisation_id: int = 1,
) -> User:
    """A new account; ``organisation_id`` must name an existing organisation (the caller
    checks: :func:`cyberpatrol.sharing.orgs.get_org`)."""
    if not _USERNAME.fullmatch(username):
        raise WorkflowError(
            "ユーザー名は英小文字・数字・「._-」の2〜64文字で、英数字で始めてください"
        )
    role(role_name)  # unknown roles fail here
    check_password_policy(password)
    now = datetime.now(UTC)
    try:
        conn.execute(
            insert(users).values(
                username=username,
                display_name=display_name or username,
                role=role_name,
                password_hash=_hasher.hash(password),
                active=True,
                created_at=now,
                organisation_id=organisation_id,
            )
        )
    except IntegrityError as exc:
        raise Conflict(f"ユーザー名「{username}」は既に使われています") from exc
    return get_user(conn, username)


def get_user(conn: Connection, username: str) -> User:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        raise NotFound(f"ユーザー「{username}」は存在しません")
    return _user(row)


def get_user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return _user(row) if row is not None else None


def list_users(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(select(users).order_by(users.c.username))]


def authenticate(conn: Connection, username: str, password: str) -> User:
    """The user if the password is right and the account active; else :class:`AccessDenied`.

    The message never says which of user name and password was wrong.
    """
    denied = AccessDenied("ユーザー名またはパスワードが違います", authenticated=False)
    if len(password) > MAX_PASSWORD_CHARS:
        raise denied
    row = conn.execute(select(users).where(users.c.username == username)).first()
    stored = row.password_hash if row is not None else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise denied from None
    if row is None or not row.active:
        raise denied
    now = datetime.now(UTC)
    values: dict[str, object] = {"last_login_at": now}
    if _hasher.check_needs_rehash(stored):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(users).where(users.c.id == row.id).values(**values))
    return get_user(conn, username)


def set_password(conn: Connection, username: str, password: str) -> None:
    check_password_policy(password)
    _update(conn, username, password_hash=_hasher.hash(password))


def set_role(conn: Connection, username: str, role_name: str) -> None:
    role(role_name)
    _update(conn, username, role=role_name)


def set_active(conn: Connection, username: str, active: bool) -> None:
    _update(conn, username, active=active)


def _update(conn: Connection, username: str, **values: object) -> None:
    done = conn.execute(update(users).where(users.c.username == username).values(**values))
    if done.rowcount == 0:
        raise NotFound(f"ユーザー「{username}」は存在しません")


# -- API tokens ---------------------------------------------------------------


def create_token(conn: Connection, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    conn.execute(
        insert(api_tokens).values(
            user_id=user.id,
            name=name[:200] or "token",
            token_sha256=_sha256(secret),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            created_at=now,
        )
    )
    row = conn.execute(select(api_tokens).where(api_tokens.c.token_sha256 == _sha256(secret))).one()
    return _token(row), secret


def authenticate_token(conn: Connection, secret: str) -> User:
    denied = AccessDenied("API トークンが無効です", authenticated=False)
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        raise denied
    row = conn.execute(
        select(api_tokens).where(api_tokens.c.token_sha256 == _sha256(secret))
    ).first()
    if row is None or row.revoked_at is not None:
        raise denied
    user = get_user_by_id(conn, row.user_id)
    if user is None or not user.active:
        raise denied
    conn.execute(
        update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=datetime.now(UTC))
    )
    return user


def list_tokens(conn: Connection, user: User) -> list[ApiToken]:
    q = select(api_tokens).where(api_tokens.c.user_id == user.id).order_by(api_tokens.c.id)
    return [_token(r) for r in conn.execute(q)]


def revoke_token(conn: Connection, token_id: int, *, owner: User | None = None) -> None:
    """Revoke a token (only ``owner``'s own when given)."""
    q = update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
    if owner is not None:
        q = q.where(api_tokens.c.user_id == owner.id)
    if conn.execute(q.values(revoked_at=datetime.now(UTC))).rowcount == 0:
        raise NotFound(f"トークン {token_id} は存在しないか、既に失効しています")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _user(r: Row[Any]) -> User:
    return User(
        r.id,
        r.username,
        r.display_name,
        r.role,
        bool(r.active),
        r.created_at,
        r.last_login_at,
        int(r.organisation_id),
    )


def _token(r: Row[Any]) -> ApiToken:
    return ApiToken(
        r.id,
        r.user_id,
        r.name,
        r.prefix,
        r.created_at,
        r.last_used_at,
        r.revoked_at,
    )
