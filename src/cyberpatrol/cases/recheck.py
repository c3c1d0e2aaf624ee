"""Outcome tracking: is the reported post still up?

Each due case's URL is fetched through :mod:`cyberpatrol.net` (SSRF-safe) —
never inside a database transaction, since a fetch can take seconds — and the
outcome is recorded: every check in ``url_checks``, the latest state on the
case, and ``gone_at`` the first time the post is seen gone. Whether it went
before or after a deletion request is decided from ``gone_at`` and the
requests' ``sent_at`` when statistics are made, so it never goes stale.

"refused" (the URL points at an address the policy forbids) and "error"
(timeouts, 5xx) leave the case's state as it was: only "up" and "gone" are
evidence about the post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, insert, or_, select, update

from cyberpatrol.cases import audit
from cyberpatrol.cases.roles import Actor
from cyberpatrol.net import FetchPolicy, FetchResult, classify, fetch
from cyberpatrol.store.tables import cases, posts, url_checks

DEFAULT_INTERVAL = timedelta(hours=6)
UP, GONE = "up", "gone"


@dataclass(frozen=True, slots=True)
class Due:
    case_id: int
    url: str
    platform: str


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    case_id: int
    url: str
    outcome: str
    http_status: int | None
    detail: str
    checked_at: datetime


def due(conn: Connection, *, now: datetime, interval: timedelta, limit: int) -> list[Due]:
    """Cases with a URL, not known to be gone, not checked within ``interval``; oldest first."""
    q = (
        select(cases.c.id, posts.c.url, posts.c.platform)
        .select_from(cases.join(posts, posts.c.id == cases.c.post_id))
        .where(
            posts.c.url.is_not(None),
            posts.c.url != "",
            cases.c.url_state != GONE,
            or_(cases.c.last_checked_at.is_(None), cases.c.last_checked_at < now - interval),
        )
        .order_by(cases.c.last_checked_at.is_not(None), cases.c.last_checked_at, cases.c.id)
        .limit(max(1, limit))
    )
    return [Due(r.id, r.url, r.platform) for r in conn.execute(q)]


def describe(result: FetchResult, outcome: str) -> str:
    if result.refused:
        return f"refused: {result.refused}"
    if result.error:
        return f"{result.error_kind or 'error'}: {result.error}"
    hops = len(result.redirect_chain)
    return f"HTTP {result.status_code}" + (f" after {hops - 1} redirect(s)" if hops > 1 else "")


def record(conn: Connection, actor: Actor, check: CheckOutcome) -> None:
    conn.execute(
        insert(url_checks).values(
            case_id=check.case_id,
            url=check.url[:4096],
            checked_at=check.checked_at,
            outcome=check.outcome,
            http_status=check.http_status,
            detail=check.detail[:1000],
        )
    )
    values: dict[str, object] = {"last_checked_at": check.checked_at}
    if check.outcome in (UP, GONE):
        values["url_state"] = check.outcome
    q = update(cases).where(cases.c.id == check.case_id)
    conn.execute(q.values(**values))
    if check.outcome == GONE:
        conn.execute(
            update(cases)
            .where(cases.c.id == check.case_id, cases.c.gone_at.is_(None))
            .values(gone_at=check.checked_at)
        )
    audit.record(
        conn,
        actor,
        "url.recheck",
        f"case:{check.case_id}",
        {"outcome": check.outcome, "status": check.http_status},
    )


def check_one(
    target: Due,
    policy: FetchPolicy,
    *,
    markers: Callable[[str], Iterable[bytes]] = lambda _platform: (),
    fetcher: Callable[[str, FetchPolicy], FetchResult] = fetch,
) -> CheckOutcome:
    result = fetcher(target.url, policy)
    outcome = classify(result, gone_markers=markers(target.platform))
    return CheckOutcome(
        target.case_id,
        target.url,
        outcome,
        result.status_code,
        describe(result, outcome),
        datetime.now(UTC),
    )
