"""Letters about a case: draft them from the case's facts, send them, record the outcome.

The letters themselves (templates, limits, dispatchers) are
:mod:`cyberpatrol.actions`; this module ties them to cases: only a case judged
into an actionable category gets letters, every send — dry run, sent or
failed — is recorded in ``case_actions`` with who sent what to whom, and a
case whose deletion or suspension request went out becomes "actioned".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from cyberpatrol.actions import (
    Dispatcher,
    DispatchResult,
    DryRunDispatcher,
    Letter,
    LetterContext,
    LetterRenderer,
    Message,
    reference_number,
)
from cyberpatrol.cases import audit
from cyberpatrol.cases.queue import ACTIONED, JUDGED, CaseRow
from cyberpatrol.cases.roles import Actor
from cyberpatrol.cases.taxonomy import Taxonomy
from cyberpatrol.errors import Conflict, WorkflowError
from cyberpatrol.store.tables import case_actions, cases

KINDS = {
    "warning": "個別警告",
    "deletion_request": "削除依頼",
    "suspension_request": "アカウント停止要請",
}
REQUESTS = ("deletion_request", "suspension_request")


@dataclass(frozen=True, slots=True)
class ActionRecord:
    id: int
    kind: str
    username: str
    channel: str
    recipient: str
    subject: str
    body: str
    status: str
    detail: str
    remote_id: str | None
    created_at: datetime
    sent_at: datetime | None


def platform_key(renderer: LetterRenderer, platform: str) -> str:
    """The ``platforms.toml`` key of a stored post's platform: the key itself or one of
    its ``hosts`` ("other" when unknown)."""
    name = platform.lower().removeprefix("www.")
    for key, p in renderer.platforms.items():
        if name == key or name in p.hosts:
            return key
    return "other"


def draft(renderer: LetterRenderer, taxonomy: Taxonomy, case: CaseRow, kind: str) -> Letter:
    """The letter ``kind`` for ``case``, rendered from its facts (nothing is stored)."""
    if kind not in KINDS:
        raise WorkflowError(f"unknown letter kind {kind!r}")
    if case.status not in (JUDGED, ACTIONED) or not case.judgement:
        raise Conflict("判断が「措置可能」な区分の案件にのみ文書を作成できます")
    category = taxonomy.get(case.judgement)
    if not category.actionable:
        raise Conflict(f"「{category.label}」の案件には措置を行いません")
    if not case.url:
        raise WorkflowError("投稿の URL が記録されていないため文書を作成できません")
    context = LetterContext(
        reference=reference_number(case.id, case.created_at.year),
        post_url=case.url,
        platform=platform_key(renderer, case.platform),
        excerpt=case.text,
        category=taxonomy.label(case.judgement),
        guideline=category.clause,
        account=case.author or "",
    )
    return renderer.render(kind, context)


def record(
    conn: Connection,
    actor: Actor,
    case: CaseRow,
    letter: Letter,
    to: str,
    result: DispatchResult,
) -> int:
    now = datetime.now(UTC)
    done = conn.execute(
        insert(case_actions)
        .values(
            case_id=case.id,
            user_id=actor.user_id,
            username=actor.username,
            kind=letter.kind,
            reference=letter.reference,
            channel=result.channel,
            recipient=(to or letter.default_recipient or letter.post_url)[:1000],
            subject=letter.subject,
            body=letter.body,
            status=result.status,
            detail=result.detail[:2000],
            remote_id=result.remote_id,
            created_at=now,
            sent_at=result.timestamp.astimezone(UTC) if result.status == "sent" else None,
        )
        .returning(case_actions.c.id)
    )
    if result.status == "sent" and letter.kind in REQUESTS and case.status == JUDGED:
        conn.execute(
            update(cases).where(cases.c.id == case.id).values(status=ACTIONED, updated_at=now)
        )
    audit.record(
        conn,
        actor,
        f"action.{letter.kind}",
        f"case:{case.id}",
        {"status": result.status, "channel": result.channel, "to": to, "ref": letter.reference},
    )
    return int(done.scalar_one())


def history(conn: Connection, case_id: int) -> list[ActionRecord]:
    q = select(case_actions).where(case_actions.c.case_id == case_id).order_by(case_actions.c.id)
    return [
        ActionRecord(
            r.id,
            r.kind,
            r.username,
            r.channel,
            r.recipient,
            r.subject,
            r.body,
            r.status,
            r.detail,
            r.remote_id,
            r.created_at,
            r.sent_at,
        )
        for r in conn.execute(q)
    ]


def dispatcher_for(letter: Letter, dispatchers: dict[str, Dispatcher]) -> Dispatcher:
    """The configured dispatcher for the letter's channel; a dry run when none is."""
    key = "email" if letter.channel == "email" else letter.delivery
    return dispatchers.get(key) or DryRunDispatcher()


def send(dispatcher: Dispatcher, letter: Letter, to: str) -> DispatchResult:
    return dispatcher.send(Message(letter, to=to.strip()))


def confirm_posted(conn: Connection, actor: Actor, case_id: int, action_id: int) -> int:
    """Record that the analyst posted a copy-ready warning by hand (platforms without an API).

    The dry-run record stays as it was; a new "sent" record over the "manual" channel
    is added, so the statistics count the warning and the history shows who confirmed it.
    """
    row = conn.execute(
        select(case_actions).where(
            case_actions.c.id == action_id, case_actions.c.case_id == case_id
        )
    ).first()
    if row is None:
        raise WorkflowError(f"措置 {action_id} は案件 {case_id} にありません")
    if row.kind != "warning" or row.status != "dry-run":
        raise Conflict("手動返信の確認は、送信していない個別警告にのみ行えます")
    now = datetime.now(UTC)
    done = conn.execute(
        insert(case_actions)
        .values(
            case_id=case_id,
            user_id=actor.user_id,
            username=actor.username,
            kind="warning",
            reference=row.reference,
            channel="manual",
            recipient=row.recipient,
            subject=row.subject,
            body=row.body,
            status="sent",
            detail=f"手動で返信済み（措置 {action_id} の文面）",
            remote_id=None,
            created_at=now,
            sent_at=now,
        )
        .returning(case_actions.c.id)
    )
    audit.record(conn, actor, "action.warning.manual", f"case:{case_id}", {"from": action_id})
    return int(done.scalar_one())
