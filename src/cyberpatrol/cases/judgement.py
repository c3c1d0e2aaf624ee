"""Judgements: an analyst decides what a post is, against the taxonomy.

Every judgement is kept (``judgements`` table); the case carries the current
one. A case already judged can only be changed by someone who may review
(a supervisor), as an overturn with a reason — the earlier judgement stays in
the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from cyberpatrol.cases import audit
from cyberpatrol.cases.queue import CLOSED, JUDGED, OPEN, claim, get_case, holds_claim
from cyberpatrol.cases.roles import REVIEW, WORK, Actor
from cyberpatrol.cases.taxonomy import Taxonomy, load_taxonomy
from cyberpatrol.errors import Conflict, WorkflowError
from cyberpatrol.store.tables import cases, judgements

MAX_REASON_CHARS = 2000
JUDGEMENT, OVERTURN = "judgement", "overturn"


@dataclass(frozen=True, slots=True)
class Judgement:
    id: int
    case_id: int
    username: str
    kind: str
    category: str
    reason: str
    created_at: datetime


def judge(
    conn: Connection,
    actor: Actor,
    case_id: int,
    category: str,
    reason: str = "",
    *,
    taxonomy: Taxonomy | None = None,
    now: datetime | None = None,
) -> Judgement:
    """First judgement of an open case. The actor must hold (or be able to take) its claim."""
    actor.require(WORK)
    taxonomy = taxonomy or load_taxonomy()
    chosen = taxonomy.get(category)
    now = now or datetime.now(UTC)
    case = get_case(conn, case_id)
    if case.status != OPEN or case.judgement is not None:
        raise Conflict(
            f"案件 {case_id} は判断済みです（{taxonomy.label(case.judgement)}）。"
            "変更は監督者が「判断の変更」で行います"
        )
    if not holds_claim(case, actor, now=now):
        claim(conn, actor, case_id, now=now)
    j = _insert(conn, actor, case_id, JUDGEMENT, category, reason, now)
    conn.execute(
        update(cases)
        .where(cases.c.id == case_id)
        .values(
            judgement=category,
            status=JUDGED if chosen.actionable else CLOSED,
            judged_at=now,
            updated_at=now,
            claimed_by=None,
            claimed_at=None,
        )
    )
    audit.record(
        conn, actor, "case.judge", f"case:{case_id}", {"category": category, "reason": reason}
    )
    return j


def overturn(
    conn: Connection,
    actor: Actor,
    case_id: int,
    category: str,
    reason: str,
    *,
    taxonomy: Taxonomy | None = None,
    now: datetime | None = None,
) -> Judgement:
    """A supervisor replaces the current judgement; the reason is required."""
    actor.require(REVIEW)
    if not reason.strip():
        raise WorkflowError("判断を変更する理由を入力してください")
    taxonomy = taxonomy or load_taxonomy()
    chosen = taxonomy.get(category)
    now = now or datetime.now(UTC)
    case = get_case(conn, case_id)
    if case.judgement is None:
        raise Conflict(f"案件 {case_id} はまだ判断されていません")
    j = _insert(conn, actor, case_id, OVERTURN, category, reason, now)
    # Sent actions stay recorded; the status follows the new judgement unless
    # the case has already been acted on.
    status = case.status
    if status in (JUDGED, CLOSED):
        status = JUDGED if chosen.actionable else CLOSED
    conn.execute(
        update(cases)
        .where(cases.c.id == case_id)
        .values(judgement=category, status=status, judged_at=now, updated_at=now)
    )
    audit.record(
        conn,
        actor,
        "case.overturn",
        f"case:{case_id}",
        {"from": case.judgement, "to": category, "reason": reason},
    )
    return j


def history(conn: Connection, case_id: int) -> list[Judgement]:
    q = select(judgements).where(judgements.c.case_id == case_id).order_by(judgements.c.id)
    return [
        Judgement(r.id, r.case_id, r.username, r.kind, r.category, r.reason, r.created_at)
        for r in conn.execute(q)
    ]


def _insert(
    conn: Connection,
    actor: Actor,
    case_id: int,
    kind: str,
    category: str,
    reason: str,
    now: datetime,
) -> Judgement:
    reason = reason.strip()
    if len(reason) > MAX_REASON_CHARS:
        raise WorkflowError(f"理由は{MAX_REASON_CHARS}文字以内で入力してください")
    done = conn.execute(
        insert(judgements)
        .values(
            case_id=case_id,
            user_id=actor.user_id,
            username=actor.username,
            kind=kind,
            category=category,
            reason=reason,
            created_at=now,
        )
        .returning(judgements.c.id)
    )
    return Judgement(int(done.scalar_one()), case_id, actor.username, kind, category, reason, now)
