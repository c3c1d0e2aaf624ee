"""The public report form: no login, CSRF cookie, honeypot, rate limit, de-duplication."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cyberpatrol.cases import Hotline
from cyberpatrol.cases.reports import RATE_LIMIT, canonical_url
from cyberpatrol.cases.roles import Actor, role
from cyberpatrol.store.tables import reports


def _token(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/report").text)
    assert found
    return found.group(1)


def _report(client: TestClient, **fields: str) -> int:
    data = {"url": "https://x.com/yami/status/1", "kind": "crime_recruitment", **fields}
    data.setdefault("csrf_token", _token(client))
    return client.post("/report", data=data).status_code


def _count(hotline: Hotline) -> int:
    with hotline.store.transaction("t") as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def test_a_report_opens_a_scanned_case(client: TestClient, hotline: Hotline) -> None:
    text = "【即日即金】ホワイト案件！受け子できる人募集。日給5万円、テレグラム @white_88"
    assert _report(client, description=text) == 200
    with hotline.store.transaction("t") as conn:
        case_id = conn.execute(select(reports.c.case_id)).scalar_one()
    case = hotline.case(Actor(None, "t", role("viewer")), case_id)
    assert case.source == "report" and case.score > 0.7 and case.platform == "x.com"


def test_the_same_url_joins_one_case(client: TestClient, hotline: Hotline) -> None:
    assert _report(client) == 200
    assert _report(client, url="HTTPS://X.com:443/yami/status/1?utm_source=line#top") == 200
    with hotline.store.transaction("t") as conn:
        cases = conn.execute(select(reports.c.case_id)).scalars().all()
    assert len(cases) == 2 and cases[0] == cases[1]


def test_the_rate_limit_holds(client: TestClient, hotline: Hotline) -> None:
    for i in range(RATE_LIMIT):
        assert _report(client, url=f"https://x.com/a/status/{i}") == 200
    assert _report(client, url="https://x.com/a/status/999") == 429
    assert _count(hotline) == RATE_LIMIT


def test_the_honeypot_is_thanked_and_ignored(client: TestClient, hotline: Hotline) -> None:
    assert _report(client, website="http://spam.example") == 200
    assert _count(hotline) == 0


def test_bad_input_is_refused_clearly(client: TestClient, hotline: Hotline) -> None:
    assert _report(client, url="javascript:alert(1)") == 400
    assert _report(client, url="file:///etc/passwd") == 400
    assert _report(client, kind="nonsense") == 400
    assert _report(client, description="x" * 5000) == 422
    assert _report(client, csrf_token="forged") == 403
    assert _count(hotline) == 0


def test_canonical_urls() -> None:
    assert canonical_url("HTTPS://Example.COM:443/a?utm_medium=x&id=3#f") == (
        "https://example.com/a?id=3"
    )
    assert canonical_url("http://example.com:8080") == "http://example.com:8080/"
