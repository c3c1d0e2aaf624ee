"""Fixtures for the fetcher tests: loopback servers and a connection recorder."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from local_server import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """An HTTP server on 127.0.0.1 (random port), routes set by the test."""
    srv = LocalServer()
    yield srv
    srv.close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every outgoing TCP connect of the test, as ``(host, port)``, in order.

    Patching ``socket.socket.connect`` sees what httpx/httpcore really do,
    below any layer the fetcher controls.
    """
    seen: list[tuple[str, int]] = []
    original = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if isinstance(address, tuple):
            seen.append((str(address[0]), int(address[1])))
        original(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@pytest.fixture
def name_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every host passed to ``socket.getaddrinfo`` during the test."""
    seen: list[str] = []
    original = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        seen.append(host.decode() if isinstance(host, bytes) else str(host))
        return original(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen
