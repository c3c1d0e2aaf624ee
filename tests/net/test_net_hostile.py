"""Hostile paths and hostile servers: always a FetchResult, never another connection."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from local_server import FakeResolver, LocalServer, redirect, respond

from cyberpatrol.net import fetch, system_resolver


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    """One server for all examples (Hypothesis reruns the test body, not fixtures)."""
    srv = LocalServer()
    yield srv
    srv.close()


@settings(max_examples=150, deadline=None)
@given(path=st.text(max_size=80))
def test_any_path_and_query(shared_server: LocalServer, path: str) -> None:
    shared_server.routes["/"] = respond(200, b"ok")
    result = fetch(shared_server.url("/") + path, shared_server.policy())
    assert result.status_code is not None or result.refused or result.error, result


@settings(max_examples=150, deadline=None)
@given(location=st.text(max_size=80))
def test_any_redirect_location(shared_server: LocalServer, location: str) -> None:
    """Whatever a server puts in Location, only checked addresses are connected to."""
    shared_server.routes["/hop"] = redirect(location)
    seen: list[object] = []
    original = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        seen.append(address)
        original(self, address)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        result = fetch(shared_server.url("/hop"), shared_server.policy(), resolver=FakeResolver())
    assert result.redirect_chain
    assert all(a == ("127.0.0.1", shared_server.port) for a in seen), seen


def test_system_resolver_turns_unencodable_names_into_not_found() -> None:
    with pytest.raises(socket.gaierror) as caught:
        system_resolver("a" * 64 + ".test")
    assert caught.value.errno == socket.EAI_NONAME
