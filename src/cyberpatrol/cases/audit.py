"""The audit log: every login, view, judgement, action, export and setting change.

Rows are only ever inserted; the database refuses UPDATE and DELETE on the
table (triggers created by migration 0003), so not even a bug in the app can
rewrite history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from cyberpatrol.cases.roles import Actor
from cyberpatrol.store.tables import audit_log

MAX_DETAIL_CHARS = 4000
"""Free text inside an entry is cut here: the log records decisions, not documents."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    target: str
    detail: dict[str, Any]
    ip: str


def record(
    conn: Connection,
    actor: Actor,
    action: str,
    target: str = "",
    detail: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> None:
    """Append one entry (inside the caller's transaction: it commits with the change)."""
    conn.execute(
        insert(audit_log).values(
            at=at or datetime.now(UTC),
            user_id=actor.user_id,
            username=actor.username,
            action=action,
            target=target[:500],
            detail={k: _cap(v) for k, v in (detail or {}).items()},
            ip=actor.ip[:100],
        )
    )


def entries(
    conn: Connection,
    *,
    limit: int = 100,
    before_id: int | None = None,
    action: str | None = None,
    username: str | None = None,
) -> list[AuditEntry]:
    """Newest first; page with ``before_id`` (the last id of the previous page)."""
    q = select(audit_log).order_by(audit_log.c.id.desc()).limit(max(1, min(limit, 1000)))
    if before_id is not None:
        q = q.where(audit_log.c.id < before_id)
    if action:
        q = q.where(audit_log.c.action == action)
    if username:
        q = q.where(audit_log.c.username == username)
    return [
        AuditEntry(r.id, r.at, r.username, r.action, r.target, dict(r.detail), r.ip)
        for r in conn.execute(q)
    ]


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())


def _cap(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_DETAIL_CHARS:
        return value[:MAX_DETAIL_CHARS] + "…"
    return value


def recent(
    conn: Connection,
    action: str,
    since: datetime,
    *,
    target: str | None = None,
    ip: str | None = None,
) -> int:
    """How many ``action`` entries since ``since`` (for one target or one address)."""
    q = (
        select(func.count())
        .select_from(audit_log)
        .where(audit_log.c.action == action, audit_log.c.at >= since)
    )
    if target is not None:
        q = q.where(audit_log.c.target == target)
    if ip is not None:
        q = q.where(audit_log.c.ip == ip)
    return int(conn.execute(q).scalar_one())
