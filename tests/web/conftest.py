"""The web app over a fresh store (SQLite and PostgreSQL), with staff and queued posts
(and, for the campaign tests, the examples grouped into campaigns)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_helpers import PASSWORD, Linked, example_results, hostile_result, load_campaigns

from cyberpatrol.cases import Hotline
from cyberpatrol.engine import Engine
from cyberpatrol.model import Result
from cyberpatrol.web import create_app


@pytest.fixture
def hotline(store_url: str) -> Iterator[Hotline]:
    with Hotline.open(store_url) as h:
        for name, role in [
            ("admin", "admin"),
            ("sup", "supervisor"),
            ("ana", "analyst"),
            ("ana2", "analyst"),
            ("view", "viewer"),
        ]:
            h.create_user(name, PASSWORD, role_name=role)
        h.store.save([hostile_result("evil", 0.97), hostile_result("second", 0.90)])
        h.enqueue_flagged()
        yield h


@pytest.fixture
def client(hotline: Hotline) -> Iterator[TestClient]:
    with TestClient(create_app(hotline, secure_cookies=False)) as c:
        yield c


@pytest.fixture(scope="session")
def examples_scanned(engine: Engine) -> list[Result]:
    """``examples/posts.jsonl`` analysed once per session."""
    return example_results(engine)


@pytest.fixture
def linked(hotline: Hotline, engine: Engine, examples_scanned: list[Result]) -> Linked:
    """:func:`hotline` with the examples and two hostile posts grouped into campaigns."""
    return load_campaigns(hotline, engine, examples_scanned)
