"""Builders shared by the hotline tests (staff, results)."""

from __future__ import annotations

from dataclasses import dataclass

from cyberpatrol.cases import Actor
from cyberpatrol.model import CRIME_RECRUITMENT, Finding, Item, Result

PASSWORD = "correct horse battery staple"


def result(post_id: str, score: float, *, flagged: bool = True, platform: str = "x") -> Result:
    item = Item(id=post_id, text=f"投稿 {post_id} <script>alert(1)</script>", platform=platform)
    finding = Finding("recruitment.model", "1", CRIME_RECRUITMENT, score)
    return Result(
        item=item,
        flagged=flagged,
        score=score,
        category=CRIME_RECRUITMENT if flagged else None,
        findings=(finding,),
        indicators=(),
    )


@dataclass
class Staff:
    admin: Actor
    supervisor: Actor
    analyst: Actor
    analyst2: Actor
    viewer: Actor
