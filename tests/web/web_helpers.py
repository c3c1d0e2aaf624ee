"""Helpers shared by the web tests: a hostile post, logging in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cyberpatrol.cases import Hotline
from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding, Item, Result

PASSWORD = "correct horse battery staple"
HOSTILE = (
    "<script>alert('xss')</script> 受け子募集 <img src=x onerror=alert(1)> "
    '<a href="javascript:alert(2)">詳細</a> 日給5万'
)


def hostile_result(post_id: str = "evil", score: float = 0.97) -> Result:
    start = HOSTILE.index("受け子")
    evidence = (
        Evidence(start, start + 3, "受け子", "役割: <b>受け子</b>", "role.ukeko", 1.0),
        Evidence(0, 8, HOSTILE[:8], "学習モデル", "model.ngrams", 0.5),
    )
    return Result(
        item=Item(
            id=post_id,
            text=HOSTILE,
            platform="x",
            url="javascript:alert(3)",
            author='"><script>alert(4)</script>',
        ),
        flagged=True,
        score=score,
        category=CRIME_RECRUITMENT,
        findings=(Finding("recruitment.model", "1", CRIME_RECRUITMENT, score, evidence),),
        indicators=(),
    )


def login(client: TestClient, username: str) -> str:
    """Log ``client`` in; returns the session's CSRF token (read from a page)."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    queue = client.get("/queue")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', queue.text)
    assert csrf
    return csrf.group(1)


def first_case(hotline: Hotline) -> int:
    found = hotline.case_id_of("x", "evil")
    assert found is not None
    return found
