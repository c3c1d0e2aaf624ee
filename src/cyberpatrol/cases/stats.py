"""The hotline's figures, as the National Police Agency reports them.

For each analysed case — one whose current judgement is an actionable
category (e.g. 犯罪実行者募集情報), counted in the month it was judged (JST) —
the statistics follow the IHC wording: "N analysed; M deletion requests (posts
already gone before any request excluded); K deleted (K/M)". Precisely:

* **gone before request** — seen gone (``gone_at``) before the first deletion
  request was sent, or gone with no request at all;
* **requests sent** — a deletion request was sent and the post was not gone before;
* **deleted after request** — of those, seen gone at or after the first request;
* **not deleted** — requests sent minus deleted after request;
* **deletion rate** — deleted after request / requests sent;
* **median time to deletion** — from the first request to ``gone_at``;
* **warnings sent** — reply warnings with status "sent" (dry runs not counted).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from cyberpatrol.actions import JST
from cyberpatrol.cases.taxonomy import Taxonomy
from cyberpatrol.store.tables import case_actions, cases, posts

DELETION_REQUEST = "deletion_request"
WARNING = "warning"
SENT = "sent"
DIMENSIONS = ("month", "category", "platform")
COLUMNS = (
    ("analysed", "分析件数"),
    ("gone_before_request", "依頼前に削除"),
    ("requests_sent", "削除依頼件数"),
    ("deleted_after_request", "依頼後に削除"),
    ("not_deleted", "未削除"),
    ("deletion_rate", "削除率"),
    ("median_hours_to_deletion", "削除までの時間（中央値・時間）"),
    ("warnings_sent", "個別警告件数"),
)


@dataclass(slots=True)
class Figures:
    analysed: int = 0
    gone_before_request: int = 0
    requests_sent: int = 0
    deleted_after_request: int = 0
    warnings_sent: int = 0
    hours_to_deletion: list[float] = field(default_factory=list)

    @property
    def not_deleted(self) -> int:
        return self.requests_sent - self.deleted_after_request

    @property
    def deletion_rate(self) -> float | None:
        return self.deleted_after_request / self.requests_sent if self.requests_sent else None

    @property
    def median_hours_to_deletion(self) -> float | None:
        return statistics.median(self.hours_to_deletion) if self.hours_to_deletion else None

    def row(self) -> dict[str, Any]:
        rate = self.deletion_rate
        median = self.median_hours_to_deletion
        return {
            "analysed": self.analysed,
            "gone_before_request": self.gone_before_request,
            "requests_sent": self.requests_sent,
            "deleted_after_request": self.deleted_after_request,
            "not_deleted": self.not_deleted,
            "deletion_rate": round(rate, 4) if rate is not None else None,
            "median_hours_to_deletion": round(median, 2) if median is not None else None,
            "warnings_sent": self.warnings_sent,
        }


@dataclass(frozen=True, slots=True)
class Stats:
    since: datetime | None
    until: datetime | None
    total: dict[str, Any]
    by: dict[str, list[tuple[str, dict[str, Any]]]]
    """Dimension ("month", "category", "platform") → rows in order."""


def compute(
    conn: Connection,
    taxonomy: Taxonomy,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Stats:
    actionable = [c.key for c in taxonomy.categories if c.actionable]
    first_request = (
        select(case_actions.c.case_id, func.min(case_actions.c.sent_at).label("requested_at"))
        .where(case_actions.c.kind == DELETION_REQUEST, case_actions.c.status == SENT)
        .group_by(case_actions.c.case_id)
        .subquery()
    )
    warnings = (
        select(case_actions.c.case_id, func.count().label("n"))
        .where(case_actions.c.kind == WARNING, case_actions.c.status == SENT)
        .group_by(case_actions.c.case_id)
        .subquery()
    )
    q = (
        select(
            cases.c.judgement,
            cases.c.judged_at,
            cases.c.gone_at,
            posts.c.platform,
            first_request.c.requested_at,
            warnings.c.n,
        )
        .select_from(
            cases.join(posts, posts.c.id == cases.c.post_id)
            .outerjoin(first_request, first_request.c.case_id == cases.c.id)
            .outerjoin(warnings, warnings.c.case_id == cases.c.id)
        )
        .where(cases.c.judgement.in_(actionable), cases.c.judged_at.is_not(None))
    )
    if since is not None:
        q = q.where(cases.c.judged_at >= since)
    if until is not None:
        q = q.where(cases.c.judged_at < until)
    total = Figures()
    groups: dict[str, dict[str, Figures]] = {d: defaultdict(Figures) for d in DIMENSIONS}
    for r in conn.execute(q):
        keys = {
            "month": r.judged_at.astimezone(JST).strftime("%Y-%m"),
            "category": taxonomy.label(r.judgement),
            "platform": r.platform,
        }
        for fig in (total, *(groups[d][keys[d]] for d in DIMENSIONS)):
            _count(fig, r.gone_at, r.requested_at, int(r.n or 0))
    return Stats(
        since,
        until,
        total.row(),
        {d: [(k, f.row()) for k, f in sorted(groups[d].items())] for d in DIMENSIONS},
    )


def _count(
    fig: Figures, gone_at: datetime | None, requested_at: datetime | None, warnings: int
) -> None:
    fig.analysed += 1
    fig.warnings_sent += warnings
    if gone_at is not None and (requested_at is None or gone_at < requested_at):
        fig.gone_before_request += 1
        return
    if requested_at is None:
        return
    fig.requests_sent += 1
    if gone_at is not None:
        fig.deleted_after_request += 1
        fig.hours_to_deletion.append((gone_at - requested_at) / timedelta(hours=1))


def table(stats: Stats, dimension: str) -> Iterable[list[Any]]:
    """Header and rows of one dimension (then the total), for CSV and XLSX."""
    yield [dimension, *(label for _, label in COLUMNS)]
    for key, row in stats.by[dimension]:
        yield [key, *(row[c] for c, _ in COLUMNS)]
    yield ["合計", *(stats.total[c] for c, _ in COLUMNS)]
