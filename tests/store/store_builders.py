"""Builders of domain results for the store tests (no engine involved)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding, Indicator, Item, Result

RECRUIT_TEXT = "【高額バイト】即日5万円💰 詳細はテレグラム @yami_job まで 090-1234-5678"


def make_result(
    post_id: str = "1",
    *,
    platform: str = "x",
    text: str = RECRUIT_TEXT,
    flagged: bool = True,
    score: float = 0.93,
    category: str | None = CRIME_RECRUITMENT,
    detector: str = "recruitment",
    version: str = "1.0",
    created_at: datetime | None = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    indicators: tuple[Indicator, ...] | None = None,
    findings: tuple[Finding, ...] | None = None,
    **item_fields: Any,
) -> Result:
    """A result with one finding and two indicators unless told otherwise."""
    item = Item(id=post_id, text=text, platform=platform, created_at=created_at, **item_fields)
    if findings is None:
        findings = (
            Finding(
                detector=detector,
                detector_version=version,
                category=category or CRIME_RECRUITMENT,
                score=score,
                evidence=(
                    Evidence(0, 7, text[:7], "高額報酬の誘い", signal="lex:high_pay", weight=1.25),
                    Evidence(8, 13, text[8:13], "即日払い", signal="lex:same_day", steps=("nfkc",)),
                ),
                explanation=("高額 + 連絡先の組み合わせ",),
            ),
        )
    if indicators is None:
        indicators = (
            Indicator("telegram", "yami_job", 28, 37, "@yami_job"),
            Indicator("phone", "+819012345678", 41, 54, "090-1234-5678"),
        )
    return Result(
        item=item,
        flagged=flagged,
        score=score if findings else 0.0,
        category=category if flagged else None,
        findings=findings,
        indicators=indicators,
    )
