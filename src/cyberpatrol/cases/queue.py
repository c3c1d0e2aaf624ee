"""The review queue: flagged posts become cases; analysts claim them one at a time.

A claim is taken with one conditional UPDATE (free, or already ours, or
expired), so two analysts can never both believe they hold the same case; the
loser is told who holds it. Claims expire after :data:`CLAIM_TTL` so an
abandoned case returns to the queue by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, and_, exists, func, insert, literal, or_, select, update

from cyberpatrol.actions import JST
from cyberpatrol.cases import audit
from cyberpatrol.cases.roles import REVIEW, WORK, Actor
from cyberpatrol.errors import Conflict, NotFound, WorkflowError
from cyberpatrol.sharing.markings import visible
from cyberpatrol.store.tables import cases, indicators, post_indicators, posts, users

CLAIM_TTL = timedelta(minutes=30)
OPEN, JUDGED, ACTIONED, CLOSED = "open", "judged", "actioned", "closed"
STATUSES = (OPEN, JUDGED, ACTIONED, CLOSED)
STATUS_LABELS = {OPEN: "未判断", JUDGED: "判断済み", ACTIONED: "措置済み", CLOSED: "終了"}
SOURCES = ("scan", "report", "api")
MAX_PAGE = 200
COUNT_CAP = 10_000
"""Queue totals are counted up to this; more shows as "10,000+"."""
FILTERED_COUNT_CAP = 1_000


@dataclass(frozen=True, slots=True)
class QueueFilter:
    status: str | None = OPEN
    category: str | None = None
    platform: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Bounds on when the case was opened (``until`` exclusive)."""
    limit: int = 50
    offset: int = 0
    organisation_id: int | None = None
    """Only the cases this organisation may see (set for other organisations' users:
    the local organisation owns every case, see :mod:`cyberpatrol.cases.visibility`)."""

    @property
    def count_cap(self) -> int:
        """Totals are counted up to this (more shows as "N+"). A platform filter
        joins every case to its post, so it counts less far."""
        return FILTERED_COUNT_CAP if self.platform else COUNT_CAP


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the queue (and the head of an item page)."""

    id: int
    post_id: int
    platform: str
    external_id: str
    url: str | None
    author: str | None
    text: str
    score: float
    category: str | None
    status: str
    judgement: str | None
    source: str
    claimed_by: str | None
    claimed_at: datetime | None
    created_at: datetime
    posted_at: datetime | None
    url_state: str
    gone_at: datetime | None


def enqueue_flagged(conn: Connection, *, now: datetime | None = None) -> int:
    """Open a case for every flagged post that has none; returns how many were opened."""
    now = now or datetime.now(UTC)
    pending = select(
        posts.c.id,
        literal("scan"),
        literal(OPEN),
        posts.c.score,
        posts.c.category,
        literal(now, cases.c.created_at.type),
        literal(now, cases.c.updated_at.type),
        literal("unknown"),
    ).where(posts.c.flagged.is_(True), ~exists().where(cases.c.post_id == posts.c.id))
    done = conn.execute(
        insert(cases)
        .from_select(
            [
                "post_id",
                "source",
                "status",
                "priority",
                "category",
                "created_at",
                "updated_at",
                "url_state",
            ],
            pending,
        )
        .returning(cases.c.id)
    )
    # (Counted from RETURNING: psycopg reports no rowcount for INSERT … SELECT.)
    return len(done.all())


def open_case(conn: Connection, post_id: int, *, source: str, now: datetime | None = None) -> int:
    """The case of ``post_id``, opened now if it has none (reports, API submissions)."""
    if source not in SOURCES:
        raise WorkflowError(f"unknown case source {source!r}")
    found = conn.execute(select(cases.c.id).where(cases.c.post_id == post_id)).scalar()
    if found is not None:
        return int(found)
    post = conn.execute(select(posts.c.score, posts.c.category).where(posts.c.id == post_id)).one()
    now = now or datetime.now(UTC)
    conn.execute(
        insert(cases).values(
            post_id=post_id,
            source=source,
            status=OPEN,
            priority=post.score,
            category=post.category,
            created_at=now,
            updated_at=now,
            url_state="unknown",
        )
    )
    return int(conn.execute(select(cases.c.id).where(cases.c.post_id == post_id)).scalar_one())


def case_id_of(conn: Connection, platform: str, external_id: str) -> int | None:
    q = (
        select(cases.c.id)
        .select_from(cases.join(posts, posts.c.id == cases.c.post_id))
        .where(posts.c.platform == platform, posts.c.external_id == external_id)
    )
    found = conn.execute(q).scalar()
    return int(found) if found is not None else None


@dataclass(frozen=True, slots=True)
class Related:
    """Another case whose post mentions one of this case's contact points."""

    case_id: int
    platform: str
    external_id: str
    author: str | None
    score: float
    status: str
    judgement: str | None
    shared: tuple[str, ...]
    """The shared indicators, as "type:value"."""


def related(conn: Connection, case_id: int, *, limit: int = 20) -> list[Related]:
    """Cases sharing an indicator (phone, Telegram ID, URL, account…) with ``case_id``.

    This is how an operation posting from many accounts shows itself on the
    item page: the same contact point behind different posters.
    """
    me = select(cases.c.post_id).where(cases.c.id == case_id).scalar_subquery()
    mine = select(post_indicators.c.indicator_id).where(post_indicators.c.post_id == me)
    other = post_indicators.alias("other")
    q = (
        select(
            cases.c.id,
            posts.c.platform,
            posts.c.external_id,
            posts.c.author,
            posts.c.score,
            cases.c.status,
            cases.c.judgement,
            indicators.c.type,
            indicators.c.value,
        )
        .select_from(
            other.join(cases, cases.c.post_id == other.c.post_id)
            .join(posts, posts.c.id == cases.c.post_id)
            .join(indicators, indicators.c.id == other.c.indicator_id)
        )
        .where(other.c.indicator_id.in_(mine), cases.c.id != case_id)
        .order_by(cases.c.id)
        .limit(limit * 10)
    )
    found: dict[int, Related] = {}
    for r in conn.execute(q):
        key = f"{r.type}:{r.value}"
        prev = found.get(r.id)
        shared = (*prev.shared, key) if prev and key not in prev.shared else (key,)
        found[r.id] = Related(
            r.id,
            r.platform,
            r.external_id,
            r.author,
            r.score,
            r.status,
            r.judgement,
            shared if prev is None or key not in prev.shared else prev.shared,
        )
    return sorted(found.values(), key=lambda x: (-len(x.shared), -x.score))[:limit]


def _columns() -> list[Any]:
    return [
        cases.c.id,
        cases.c.post_id,
        posts.c.platform,
        posts.c.external_id,
        posts.c.url,
        posts.c.author,
        posts.c.text,
        posts.c.score,
        cases.c.category,
        cases.c.status,
        cases.c.judgement,
        cases.c.source,
        users.c.username.label("claimed_by"),
        cases.c.claimed_at,
        cases.c.created_at,
        posts.c.created_at.label("posted_at"),
        cases.c.url_state,
        cases.c.gone_at,
    ]


def _joined() -> Any:
    return cases.join(posts, posts.c.id == cases.c.post_id).outerjoin(
        users, users.c.id == cases.c.claimed_by
    )


def list_cases(conn: Connection, f: QueueFilter) -> tuple[list[CaseRow], int]:
    """A page of the queue, highest score first, then oldest; and the total matching."""
    if f.status is not None and f.status not in STATUSES:
        raise WorkflowError(f"unknown status {f.status!r}")
    conds = []
    if f.status:
        conds.append(cases.c.status == f.status)
    if f.category:
        conds.append(cases.c.category == f.category)
    if f.platform:
        conds.append(posts.c.platform == f.platform)
    if f.since:
        conds.append(cases.c.created_at >= f.since)
    if f.until:
        conds.append(cases.c.created_at < f.until)
    if f.organisation_id is not None:
        conds.append(visible("case", cases.c.id, f.organisation_id))
    where = and_(*conds) if conds else literal(True)
    source = cases.join(posts, posts.c.id == cases.c.post_id) if f.platform else cases
    # Two steps: the page's ids from the queue index alone (a deep page skips
    # index entries, not joined rows), then those 50 rows with their post.
    page_ids = (
        select(cases.c.id)
        .select_from(source)
        .where(where)
        .order_by(cases.c.priority.desc(), cases.c.created_at, cases.c.id)
        .limit(max(1, min(f.limit, MAX_PAGE)))
        .offset(max(0, f.offset))
    )
    ids = [int(i) for i in conn.execute(page_ids).scalars()]
    q = select(*_columns()).select_from(_joined()).where(cases.c.id.in_(ids))
    found = {r.id: r for r in conn.execute(q)} if ids else {}
    rows = [_row(found[i]) for i in ids if i in found]
    # Counted up to COUNT_CAP only: an exact count of a huge queue costs more than
    # the page itself, and "10,000+" is all a person needs to know.
    capped = select(literal(1)).select_from(source).where(where).limit(f.count_cap + 1).subquery()
    total = int(conn.execute(select(func.count()).select_from(capped)).scalar_one())
    return rows, total


def get_case(conn: Connection, case_id: int) -> CaseRow:
    row = conn.execute(
        select(*_columns()).select_from(_joined()).where(cases.c.id == case_id)
    ).first()
    if row is None:
        raise NotFound(f"案件 {case_id} は存在しません")
    return _row(row)


def claim(conn: Connection, actor: Actor, case_id: int, *, now: datetime | None = None) -> CaseRow:
    """Take ``case_id`` for ``actor`` unless another analyst holds a live claim."""
    actor.require(WORK)
    now = now or datetime.now(UTC)
    free = or_(
        cases.c.claimed_by.is_(None),
        cases.c.claimed_by == actor.user_id,
        cases.c.claimed_at < now - CLAIM_TTL,
    )
    done = conn.execute(
        update(cases)
        .where(cases.c.id == case_id, free)
        .values(claimed_by=actor.user_id, claimed_at=now)
    )
    case = get_case(conn, case_id)
    if done.rowcount == 0:
        raise Conflict(
            f"案件 {case_id} は {case.claimed_by} さんが担当中です"
            f"（{format_jst(case.claimed_at)} から）"
        )
    audit.record(conn, actor, "case.claim", f"case:{case_id}", at=now)
    return case


def release(conn: Connection, actor: Actor, case_id: int) -> None:
    """Give a claim back; a supervisor may release anyone's."""
    actor.require(WORK)
    q = update(cases).where(cases.c.id == case_id)
    if not actor.can(REVIEW):
        q = q.where(cases.c.claimed_by == actor.user_id)
    if conn.execute(q.values(claimed_by=None, claimed_at=None)).rowcount == 0:
        get_case(conn, case_id)  # NotFound when it does not exist
        raise Conflict(f"案件 {case_id} はあなたの担当ではありません")
    audit.record(conn, actor, "case.release", f"case:{case_id}")


def holds_claim(case: CaseRow, actor: Actor, *, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    return (
        case.claimed_by == actor.username
        and case.claimed_at is not None
        and case.claimed_at >= now - CLAIM_TTL
    )


def _row(r: Row[Any]) -> CaseRow:
    return CaseRow(*r)


def format_jst(at: object) -> str:
    """A timestamp as people at the desk read it (JST, to the minute); "-" when absent."""
    if not isinstance(at, datetime):
        return "-"
    return at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
