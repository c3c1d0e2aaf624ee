"""Helpers shared by the web tests: a hostile post, logging in, the examples' campaigns."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient

from cyberpatrol.cases import Hotline
from cyberpatrol.engine import Engine
from cyberpatrol.ingest import Accepted, read_items
from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding, Item, Result
from cyberpatrol.web import create_app

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


EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "posts.jsonl"
KASEGU = ("telegram", "kasegu_777")
"""The contact point of the examples' biggest campaign."""
HOSTILE_AUTHOR = '"><script>alert(4)</script>'


@dataclass(frozen=True)
class Linked:
    """What the campaign tests look at, in a store holding the examples' campaigns."""

    campaign: str
    """The kasegu_777 campaign, which the hostile post joined."""
    indicator_id: int
    hostile_case: int
    hostile_account: str
    """``x:"><script>…`` (its posts are in two campaigns: a bridge)."""


def example_results(engine: Engine) -> list[Result]:
    return [engine.analyze(r.item) for r in read_items([str(EXAMPLES)]) if isinstance(r, Accepted)]


def load_campaigns(hotline: Hotline, engine: Engine, results: list[Result]) -> Linked:
    """The examples, plus two hostile posts by one account: one in the kasegu_777
    campaign, one in the LINE sokukin_88 campaign; then the campaigns."""
    from sqlalchemy import select

    from cyberpatrol.linking import queries
    from cyberpatrol.linking.persist import update_campaigns
    from cyberpatrol.store.tables import posts

    hostile = [
        Item(
            id="evil-campaign",
            text=HOSTILE + " テレグラム @kasegu_777",
            platform="x",
            author=HOSTILE_AUTHOR,
        ),
        Item(
            id="evil-line",
            text="<b>高収入</b> 運び・荷受けの仕事あります。即日払い。ライン ID: sokukin_88",
            platform="x",
            author=HOSTILE_AUTHOR,
        ),
    ]
    analysed = [engine.analyze(item) for item in hostile]
    assert all(r.flagged for r in analysed)
    hotline.store.save([*results, *analysed])
    hotline.enqueue_flagged()
    update_campaigns(hotline.store)
    case = hotline.case_id_of("x", "evil-campaign")
    assert case is not None
    with hotline.store.transaction("test") as conn:
        indicator_id = queries.find_indicator(conn, *KASEGU)
        post_id = conn.execute(
            select(posts.c.id).where(posts.c.external_id == "evil-campaign")
        ).scalar_one()
        key = queries.campaign_of_post(conn, post_id)
    assert indicator_id is not None and key is not None
    return Linked(key, indicator_id, case, f"x:{HOSTILE_AUTHOR}")


def free_port() -> int:
    """A loopback port nothing listens on (for a live server in a test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(hotline: Hotline) -> Iterator[str]:
    """The hotline app served by uvicorn on loopback, in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(hotline, secure_cookies=False),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
