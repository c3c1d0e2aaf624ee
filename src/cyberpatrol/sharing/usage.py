"""Per-partner usage, read from the audit log: who called what, how often, and when last.

Every partner call (look-ups, exports, TAXII, imports) is an ``audit_log`` row whose
action starts with ``partner.`` and whose detail names the ``organisation`` and the
``token`` prefix (:func:`cyberpatrol.web.partner.audit`). Look-ups also record how many
values they ``asked`` and how many were ``flagged``; other calls count as asking none.
The supervisors' page and ``cyberpatrol usage`` both read :func:`partner_usage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, select

from cyberpatrol.store.tables import audit_log

PREFIX = "partner."
"""Audit actions of partner calls."""


@dataclass(frozen=True)
class PartnerUsage:
    """One organisation's calls of one kind in a period."""

    organisation: str
    action: str
    calls: int
    asked: int
    """Values asked about (look-ups; 0 for other calls)."""
    flagged: int
    """Of those, answered as flagged."""
    tokens: int
    """Distinct tokens that made the calls."""
    first_at: datetime
    last_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "action": self.action,
            "calls": self.calls,
            "asked": self.asked,
            "flagged": self.flagged,
            "tokens": self.tokens,
            "first_at": self.first_at.isoformat(),
            "last_at": self.last_at.isoformat(),
        }


def partner_usage(
    conn: Connection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    organisation: str | None = None,
) -> list[PartnerUsage]:
    """Calls per organisation and action in ``[since, until)``, by organisation name."""
    return [
        PartnerUsage(
            str(r.organisation),
            str(r.action),
            int(r.calls),
            int(r.asked),
            int(r.flagged),
            int(r.tokens),
            r.first_at,
            r.last_at,
        )
        for r in conn.execute(_query(since, until, organisation))
    ]


def _query(since: datetime | None, until: datetime | None, organisation: str | None) -> Select[Any]:
    a = audit_log
    calls = select(
        a.c.detail["organisation"].as_string().label("organisation"),
        a.c.action,
        a.c.at,
        a.c.detail["token"].as_string().label("token"),
        a.c.detail["asked"].as_integer().label("asked"),
        a.c.detail["flagged"].as_integer().label("flagged"),
    ).where(a.c.action.startswith(PREFIX, autoescape=True))
    if since is not None:
        calls = calls.where(a.c.at >= since)
    if until is not None:
        calls = calls.where(a.c.at < until)
    # Grouped outside: the JSON paths are bound parameters, which PostgreSQL cannot match
    # between a SELECT list and a GROUP BY.
    c = calls.subquery()
    q = (
        select(
            c.c.organisation,
            c.c.action,
            func.count().label("calls"),
            func.coalesce(func.sum(c.c.asked), 0).label("asked"),
            func.coalesce(func.sum(c.c.flagged), 0).label("flagged"),
            func.count(func.distinct(c.c.token)).label("tokens"),
            func.min(c.c.at).label("first_at"),
            func.max(c.c.at).label("last_at"),
        )
        .where(c.c.organisation.is_not(None))
        .group_by(c.c.organisation, c.c.action)
        .order_by(c.c.organisation, c.c.action)
    )
    if organisation is not None:
        q = q.where(c.c.organisation == organisation)
    return q


__all__ = ["PREFIX", "PartnerUsage", "partner_usage"]
