"""The partner look-up API: tokens, scopes, rate limits, the audit trail, and answers that
never reveal an object the caller may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from cyberpatrol.cases import Hotline
from cyberpatrol.cases.audit import entries
from cyberpatrol.engine import Engine
from cyberpatrol.sharing.shared import MAX_BULK
from cyberpatrol.sharing.tokens import create_token, revoke_token
from cyberpatrol.sharing.usage import partner_usage
from cyberpatrol.store import tables
from cyberpatrol.web.partner import RateLimiter
from partner_data import (
    CATEGORY,
    GROUPED,
    HUB,
    LUNCH,
    PHONE,
    RED,
    UNKNOWN,
    Partners,
    add_partners,
    add_posts,
)

LOOKUP = "/api/v1/indicators/lookup"


@pytest.fixture
def partners(hotline: Hotline) -> Partners:
    """The partner organisations and their groups, no posts yet."""
    return add_partners(hotline.store)


def _token(hotline: Hotline, org: str, *scopes: str, rate: int = 120) -> dict[str, str]:
    with hotline.store.transaction("test") as conn:
        _, secret = create_token(
            conn, org, "test", list(scopes or ["lookup"]), rate_per_minute=rate, created_by="t"
        )
    return {"Authorization": f"Bearer {secret}"}


def _one(client: TestClient, auth: dict[str, str], kind: str, value: str) -> httpx.Response:
    return client.get(LOOKUP, params={"type": kind, "value": value}, headers=auth)


def _bulk(client: TestClient, auth: dict[str, str], items: list[tuple[str, str]]) -> httpx.Response:
    body = {"items": [{"type": k, "value": v} for k, v in items]}
    return client.post(LOOKUP, json=body, headers=auth)


def test_a_flagged_value_in_any_spelling(
    client: TestClient, hotline: Hotline, engine: Engine, partners: Partners
) -> None:
    add_posts(hotline.store, engine, partners)
    auth = _token(hotline, "telco_c")
    for spelling in ("〇九〇・〇〇〇〇・一二三四", "090-0000-1234", "+81 90 0000 1234"):
        r = _one(client, auth, "phone", spelling)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body == {
            **body,
            "type": "phone",
            "value": PHONE,
            "flagged": True,
            "category": CATEGORY,
            "reports": 2,
            "tlp": "AMBER",
        }
        assert datetime.fromisoformat(body["first_seen"]) <= datetime.fromisoformat(
            body["last_seen"]
        )
    assert _one(client, auth, "phone", LUNCH).json() == {
        "type": "phone",
        "value": LUNCH,
        "flagged": False,
        "category": None,
        "first_seen": None,
        "last_seen": None,
        "reports": 0,
        "tlp": None,
    }


def test_invisible_answers_exactly_like_unknown(
    client: TestClient, hotline: Hotline, engine: Engine, partners: Partners
) -> None:
    telco, bank_b = _token(hotline, "telco_c"), _token(hotline, "bank_b")
    asked = [
        (telco, "phone", RED),  # RED of bank_a
        (telco, "phone", GROUPED),  # shared with the banks only
        (bank_b, "phone", RED),  # bank_b is in the group, but RED has none
        (telco, "phone", LUNCH),  # stored later, unflagged
        (telco, "url", HUB),  # flagged later, but a hub
    ]
    items = [(kind, value) for _, kind, value in asked]
    before = [_one(client, auth, kind, value) for auth, kind, value in asked]
    bulk_before = _bulk(client, telco, items)
    add_posts(hotline.store, engine, partners)
    after = [_one(client, auth, kind, value) for auth, kind, value in asked]
    bulk_after = _bulk(client, telco, items)
    for b, a in zip(before, after, strict=True):
        assert (a.status_code, a.content) == (b.status_code, b.content)
        assert a.headers == b.headers
    assert bulk_after.content == bulk_before.content and bulk_after.status_code == 200
    # … while those allowed to see them do.
    bank_a = _token(hotline, "bank_a")
    assert _one(client, bank_a, "phone", RED).json()["flagged"]
    assert _one(client, bank_b, "phone", GROUPED).json()["flagged"]
    flags = [r["flagged"] for r in _bulk(client, bank_a, items).json()["results"]]
    assert flags == [True, True, True, False, False]


def test_refusals_are_alike_and_never_say_why(
    client: TestClient, hotline: Hotline, partners: Partners
) -> None:
    assert client.get(LOOKUP, params={"type": "phone", "value": PHONE}).status_code == 401
    revoked = _token(hotline, "bank_a")
    expired = _token(hotline, "bank_a")
    with hotline.store.transaction("test") as conn:
        t = tables.partner_tokens
        ids = list(conn.execute(select(t.c.id).order_by(t.c.id)).scalars())
        revoke_token(conn, ids[0])
        past = datetime.now(UTC) - timedelta(days=1)
        conn.execute(update(t).where(t.c.id == ids[1]).values(expires_at=past))
    _, user_secret = hotline.create_token(hotline.user("admin"), "test")
    refused = [
        _one(client, auth, "phone", PHONE)
        for auth in (
            revoked,
            expired,
            _token(hotline, "bank_a", "export", "taxii"),  # no lookup scope
            {"Authorization": "Bearer cpp_unknown"},
            {"Authorization": f"Bearer {user_secret}"},  # an analyst's token
        )
    ]
    assert {r.status_code for r in refused} == {401}
    assert len({r.content for r in refused}) == 1
    with hotline.store.transaction("test") as conn:
        assert entries(conn, action="partner.lookup") == []


def test_lookup_is_not_taken_for_an_indicator_id(
    client: TestClient, hotline: Hotline, partners: Partners
) -> None:
    # Without a partner token: the partner route refuses (401), not the analysts' route
    # reading "lookup" as an indicator id (422).
    assert client.get(LOOKUP).status_code == 401
    analyst = {"Authorization": f"Bearer {hotline.create_token(hotline.user('ana'), 't')[1]}"}
    assert (
        client.get(LOOKUP, params={"type": "phone", "value": PHONE}, headers=analyst).status_code
        == 401
    )
    r = _one(client, _token(hotline, "bank_a"), "phone", PHONE)
    assert r.status_code == 200 and r.json()["value"] == PHONE
    # The analysts' routes still work beside it.
    assert client.get("/api/v1/indicators/999999", headers=analyst).status_code == 404
    search = client.get(
        "/api/v1/indicators/search", params={"type": "phone", "value": PHONE}, headers=analyst
    )
    assert search.status_code == 404


def test_unreadable_values_are_refused_alike(
    client: TestClient, hotline: Hotline, partners: Partners
) -> None:
    answers = {
        _one(client, _token(hotline, org), kind, value).content
        for org in ("bank_a", "telco_c")
        for kind, value in [("phone", "not a number")]
    }
    assert len(answers) == 1
    r = _one(client, _token(hotline, "bank_a"), "phone", "not a number")
    assert r.status_code == 422 and "not a phone number" in r.json()["detail"]
    assert _one(client, _token(hotline, "bank_a"), "fax", "03").status_code == 422
    assert _one(client, _token(hotline, "bank_a"), "phone", "x" * 2001).status_code == 422
    bulk = _bulk(
        client, _token(hotline, "telco_c"), [("phone", "oops"), ("fax", "1"), ("phone", UNKNOWN)]
    )
    results = bulk.json()["results"]
    assert [r["error"] is not None for r in results] == [True, True, False]
    assert results[0]["value"] == "oops" and not results[0]["flagged"]
    assert results[2] == {**results[2], "value": UNKNOWN, "flagged": False, "error": None}


def test_bulk_limits(client: TestClient, hotline: Hotline, partners: Partners) -> None:
    auth = _token(hotline, "bank_a")
    full = _bulk(client, auth, [("phone", f"090{i:08d}") for i in range(MAX_BULK)])
    assert full.status_code == 200 and len(full.json()["results"]) == MAX_BULK
    too_many = _bulk(client, auth, [("phone", UNKNOWN)] * (MAX_BULK + 1))
    assert too_many.status_code == 422
    assert client.post(LOOKUP, json={"values": []}, headers=auth).status_code == 422
    assert _bulk(client, auth, []).json() == {"results": []}


def test_rate_limit_per_token(client: TestClient, hotline: Hotline, partners: Partners) -> None:
    app = cast(FastAPI, client.app)
    app.state.partner_limiter = RateLimiter(clock=lambda: 60_000.0 + 45)  # 15 s left
    slow, other = _token(hotline, "bank_b", rate=3), _token(hotline, "bank_b", rate=3)
    codes = [_one(client, slow, "phone", PHONE).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    limited = _one(client, slow, "phone", PHONE)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "15"
    assert _bulk(client, slow, [("phone", PHONE)]).status_code == 429  # one budget per token
    assert _one(client, other, "phone", PHONE).status_code == 200  # another token's own
    with hotline.store.transaction("test") as conn:
        assert len(entries(conn, action="partner.lookup")) == 4  # refused calls are not looked up


def test_every_call_is_audited_with_its_organisation(
    client: TestClient, hotline: Hotline, engine: Engine, partners: Partners
) -> None:
    add_posts(hotline.store, engine, partners)
    auth = _token(hotline, "telco_c")
    secret = auth["Authorization"][7:]
    _one(client, auth, "phone", "〇九〇・〇〇〇〇・一二三四")
    _one(client, auth, "phone", "not a number")
    _bulk(client, auth, [("phone", "03-1234-5678"), ("telegram", "@KASEGU_777"), ("phone", "?")])
    with hotline.store.transaction("test") as conn:
        bulk, bad, single = entries(conn, action="partner.lookup")
        usage = partner_usage(conn)
    for e in (bulk, bad, single):
        assert e.username == f"partner:telco_c/{secret[:10]}"
        assert e.detail["organisation"] == "telco_c" and e.detail["token"] == secret[:10]
    assert single.target == f"phone:{PHONE}"
    assert single.detail == {
        **single.detail,
        "asked": 1,
        "flagged": 1,
        "values": [f"phone:{PHONE}"],
    }
    assert bad.detail == {**bad.detail, "asked": 1, "flagged": 0, "unreadable": 1}
    assert bad.detail["values"] == ["phone:not a number"]
    assert bulk.target == "bulk:3"
    assert bulk.detail["values"] == [f"phone:{LUNCH}", "telegram:kasegu_777", "phone:?"]
    assert (bulk.detail["asked"], bulk.detail["flagged"], bulk.detail["unreadable"]) == (3, 1, 1)
    (row,) = usage
    assert (row.organisation, row.action, row.calls, row.asked, row.flagged, row.tokens) == (
        "telco_c",
        "partner.lookup",
        3,
        5,
        2,
        1,
    )


def test_the_openapi_document_describes_the_lookup(client: TestClient) -> None:
    from openapi_spec_validator import validate

    doc = client.get("/api/openapi.json").json()
    validate(doc)
    path = doc["paths"]["/api/v1/indicators/lookup"]
    assert {"get", "post"} <= set(path)
    assert {"200", "401", "422", "429"} <= set(path["get"]["responses"])
    schemas = doc["components"]["schemas"]
    assert {"LookupAnswer", "BulkIn", "BulkOut", "BulkAnswer"} <= set(schemas)
    assert {p["name"] for p in path["get"]["parameters"]} == {"type", "value"}
