"""The partner look-up API: is this phone number, account or site flagged here?

``GET /api/v1/indicators/lookup?type=phone&value=090-0000-1234`` answers for one value,
``POST /api/v1/indicators/lookup`` for up to :data:`~cyberpatrol.sharing.shared.MAX_BULK`.
Callers are partner organisations with a token of scope ``lookup``
(``Authorization: Bearer cpp_…``, :mod:`cyberpatrol.web.partner`), within the token's
rate (429 with ``Retry-After`` past it).

Any spelling is accepted: the canonical form is computed here. Only what the caller's
organisation may see is answered (:func:`cyberpatrol.sharing.shared.lookup`): a value
that is unknown, unflagged, a hub, or flagged but invisible to the caller gets one and
the same answer, so nothing reveals that an object exists. Every call is written to the
audit log (``partner.lookup``) with the organisation, the token and the canonical
values asked: who asked what, and when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from cyberpatrol.sharing.shared import MAX_BULK, lookup, lookup_many
from cyberpatrol.web.deps import hotline
from cyberpatrol.web.partner import PartnerCall, audit, partner

router = APIRouter(prefix="/api/v1", tags=["partner"])
MAX_TYPE = 32
MAX_VALUE = 2000
AUDIT_VALUE_CHARS = 300
"""A value longer than this is cut in the audit log (an unreadable one can be any text)."""

Caller = Annotated[PartnerCall, Depends(partner("lookup"))]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {
        "description": "No token, or a token that is unknown, expired, revoked or lacks "
        "the lookup scope (one answer for all)"
    },
    422: {"description": "An unknown type or a value that cannot be read as one"},
    429: {"description": "Past the token's rate per minute; see Retry-After"},
}


class LookupAnswer(BaseModel):
    """What a partner learns about one value."""

    type: str = Field(description="Indicator type: phone, telegram, line, url, …")
    value: str = Field(description="The canonical form of the value asked")
    flagged: bool = Field(
        description="True when the value is used in crime as far as this installation knows "
        "and the caller's organisation may see it; false otherwise, including when unknown"
    )
    category: str | None = Field(default=None, description="The most frequent category")
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    reports: int = Field(default=0, description="Flagged posts and partner reports of it")
    tlp: str | None = Field(default=None, description="TLP 2.0 level the answer carries")


class BulkItem(BaseModel):
    type: str = Field(max_length=MAX_TYPE)
    value: str = Field(max_length=MAX_VALUE)


class BulkIn(BaseModel):
    items: list[BulkItem] = Field(max_length=MAX_BULK)


class BulkAnswer(LookupAnswer):
    error: str | None = Field(
        default=None,
        description="Why the value could not be read (then `value` is as sent and `flagged` false)",
    )


class BulkOut(BaseModel):
    results: list[BulkAnswer] = Field(description="One per item, in the order asked")


@router.get("/indicators/lookup", response_model=LookupAnswer, responses=_RESPONSES)
def lookup_one(
    request: Request,
    call: Caller,
    kind: Annotated[
        str, Query(alias="type", max_length=MAX_TYPE, description="phone, telegram, …")
    ],
    value: Annotated[str, Query(max_length=MAX_VALUE, description="Any spelling")],
) -> LookupAnswer | JSONResponse:
    """Whether one value is flagged, within what the caller's organisation may see."""
    with hotline(request).store.transaction("cannot look up") as conn:
        try:
            answer = lookup(conn, call.org_id, kind, value)
        except ValueError as exc:
            answer = {"type": kind, "value": value, "error": str(exc)}
    _audit(request, call, [answer], target=f"{kind}:{answer['value']}")
    if "error" in answer:
        return JSONResponse({"detail": answer["error"]}, status_code=422)
    return LookupAnswer.model_validate(answer)


@router.post("/indicators/lookup", response_model=BulkOut, responses=_RESPONSES)
def lookup_bulk(request: Request, body: BulkIn, call: Caller) -> BulkOut:
    """Up to 1000 values at once; an unreadable one gets an entry with its ``error``."""
    with hotline(request).store.transaction("cannot look up") as conn:
        answers = list(lookup_many(conn, call.org_id, [(i.type, i.value) for i in body.items]))
    _audit(request, call, answers, target=f"bulk:{len(answers)}")
    return BulkOut(results=[BulkAnswer.model_validate({"flagged": False, **a}) for a in answers])


def _audit(request: Request, call: PartnerCall, answers: list[dict[str, Any]], target: str) -> None:
    """Who asked what: the canonical values (as sent when unreadable), counts of each."""
    audit(
        request,
        call,
        "partner.lookup",
        target[:AUDIT_VALUE_CHARS],
        asked=len(answers),
        flagged=sum(1 for a in answers if a.get("flagged")),
        unreadable=sum(1 for a in answers if "error" in a),
        values=[f"{a['type']}:{a['value']}"[:AUDIT_VALUE_CHARS] for a in answers],
    )
