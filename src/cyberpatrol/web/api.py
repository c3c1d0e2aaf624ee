"""The JSON API (``/api/v1``): everything the pages do, for scripts and partner systems.

Authenticate with ``Authorization: Bearer <token>`` (``cyberpatrol user token``);
a logged-in browser may call it too, sending its CSRF token in ``X-CSRF-Token``.
The OpenAPI document is at ``/api/openapi.json`` and browsable at ``/api/docs``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from cyberpatrol.cases import CaseRow, QueueFilter
from cyberpatrol.cases.judgement import Judgement
from cyberpatrol.cases.roles import WORK
from cyberpatrol.engine import Engine
from cyberpatrol.model import Item
from cyberpatrol.web.deps import Visitor, api_visitor, hotline

router = APIRouter(prefix="/api/v1", tags=["hotline"])
MAX_ITEMS = 500
MAX_TEXT = 20_000


class CaseOut(BaseModel):
    id: int
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
    created_at: datetime
    url_state: str

    @classmethod
    def of(cls, c: CaseRow) -> CaseOut:
        return cls.model_validate(c, from_attributes=True)


class CasePage(BaseModel):
    total: int = Field(description="Matching cases, counted up to a cap (see total_capped)")
    total_capped: bool = Field(description="True when more than `total` cases match")
    cases: list[CaseOut]


class JudgementIn(BaseModel):
    category: str = Field(max_length=64, description="A key of data/taxonomy.toml")
    reason: str = Field(default="", max_length=2000)


class JudgementOut(BaseModel):
    id: int
    case_id: int
    username: str
    kind: str
    category: str
    reason: str
    created_at: datetime

    @classmethod
    def of(cls, j: Judgement) -> JudgementOut:
        return cls.model_validate(j, from_attributes=True)


class ItemIn(BaseModel):
    id: str = Field(min_length=1, max_length=512)
    text: str = Field(max_length=MAX_TEXT)
    platform: str = Field(default="api", min_length=1, max_length=64)
    author: str | None = Field(default=None, max_length=512)
    url: str | None = Field(default=None, max_length=4096)
    created_at: datetime | None = None


class ItemsIn(BaseModel):
    items: list[ItemIn] = Field(max_length=MAX_ITEMS)


class ItemOut(BaseModel):
    id: str
    platform: str
    flagged: bool
    score: float
    category: str | None
    case_id: int | None
    result: dict[str, Any]


@router.get("/cases", response_model=CasePage)
def list_cases(
    request: Request,
    visitor: Annotated[Visitor, Depends(api_visitor)],
    status: str | None = "open",
    platform: str | None = None,
    category: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CasePage:
    f = QueueFilter(status or None, category, platform, since, until, limit, offset)
    rows, total = hotline(request).queue(visitor.actor, f)
    capped = total > f.count_cap
    return CasePage(
        total=min(total, f.count_cap), total_capped=capped, cases=[CaseOut.of(r) for r in rows]
    )


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(api_visitor)]
) -> CaseOut:
    return CaseOut.of(hotline(request).case(visitor.actor, case_id))


@router.get("/cases/{case_id}/judgements", response_model=list[JudgementOut])
def judgements(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(api_visitor)]
) -> list[JudgementOut]:
    hotline(request).case(visitor.actor, case_id)
    return [JudgementOut.of(j) for j in hotline(request).history(visitor.actor, case_id)]


@router.post("/cases/{case_id}/claim", response_model=CaseOut)
def claim(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(api_visitor)]
) -> CaseOut:
    return CaseOut.of(hotline(request).claim(visitor.actor, case_id))


@router.post("/cases/{case_id}/release", status_code=204)
def release(
    request: Request, case_id: int, visitor: Annotated[Visitor, Depends(api_visitor)]
) -> None:
    hotline(request).release(visitor.actor, case_id)


@router.post("/cases/{case_id}/judgement", response_model=JudgementOut, status_code=201)
def judge(
    request: Request,
    case_id: int,
    body: JudgementIn,
    visitor: Annotated[Visitor, Depends(api_visitor)],
) -> JudgementOut:
    j = hotline(request).judge(visitor.actor, case_id, body.category, body.reason)
    return JudgementOut.of(j)


@router.post("/cases/{case_id}/overturn", response_model=JudgementOut, status_code=201)
def overturn(
    request: Request,
    case_id: int,
    body: JudgementIn,
    visitor: Annotated[Visitor, Depends(api_visitor)],
) -> JudgementOut:
    j = hotline(request).overturn(visitor.actor, case_id, body.category, body.reason)
    return JudgementOut.of(j)


@router.post("/items", response_model=list[ItemOut])
def submit_items(
    request: Request, body: ItemsIn, visitor: Annotated[Visitor, Depends(api_visitor)]
) -> list[ItemOut]:
    """Scan posts with the engine, store them, and open a case for each flagged one."""
    visitor.actor.require(WORK)
    engine: Engine = request.app.state.engine()
    items = [
        Item(
            id=i.id,
            text=i.text,
            platform=i.platform,
            author=i.author,
            url=i.url,
            created_at=i.created_at,
        )
        for i in body.items
    ]
    results = [engine.analyze(it) for it in items]
    h = hotline(request)
    h.store.save(results)
    h.enqueue_flagged(visitor.actor)
    out = []
    for r in results:
        case_id = h.case_id_of(r.item.platform, r.item.id) if r.flagged else None
        out.append(
            ItemOut(
                id=r.item.id,
                platform=r.item.platform,
                flagged=r.flagged,
                score=r.score,
                category=r.category,
                case_id=case_id,
                result=r.to_dict(),
            )
        )
    return out
