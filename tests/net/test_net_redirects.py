"""Redirects are followed by hand; every hop is checked again before connecting."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from local_server import FakeResolver, LocalServer, redirect, respond

from cyberpatrol.net import classify, fetch


def test_chain_within_the_limit_is_followed(
    server: LocalServer, connections: list[tuple[str, int]]
) -> None:
    server.routes["/a"] = redirect(server.url("/b"), 301)
    server.routes["/b"] = redirect("/c", 307)  # relative Location
    server.routes["/c"] = redirect("d", 308)  # relative to /c
    server.routes["/d"] = respond(200, b"final")
    result = fetch(server.url("/a"), server.policy(max_redirects=3))
    assert result.body == b"final" and classify(result) == "up"
    assert [h.url for h in result.redirect_chain] == [
        server.url(p) for p in ("/a", "/b", "/c", "/d")
    ]
    assert [h.status_code for h in result.redirect_chain] == [301, 307, 308, 200]
    assert result.final_url == server.url("/d")
    assert connections == [("127.0.0.1", server.port)] * 4  # a fresh connection per hop


def test_too_many_redirects_are_refused(
    server: LocalServer, connections: list[tuple[str, int]]
) -> None:
    for n in range(10):
        server.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    result = fetch(server.url("/r0"), server.policy(max_redirects=2))
    assert result.refused is not None and "too many redirects (limit 2)" in result.refused
    assert result.refused.startswith("hop 3 ")
    assert len(connections) == 3 and classify(result) == "refused"


def test_no_redirects_allowed(server: LocalServer) -> None:
    server.routes["/"] = redirect("/next")
    result = fetch(server.url("/"), server.policy(max_redirects=0))
    assert result.refused is not None and "too many redirects" in result.refused


def test_3xx_without_location_is_the_final_answer(server: LocalServer) -> None:
    server.routes["/"] = respond(302, b"")
    result = fetch(server.url("/"), server.policy())
    assert result.status_code == 302 and classify(result) == "error"


@pytest.fixture
def second_loopback_listener() -> Iterator[socket.socket]:
    """A listening socket on 127.0.0.2 that would accept a connection if one came."""
    sock = socket.socket()
    sock.bind(("127.0.0.2", 0))
    sock.listen(5)
    sock.setblocking(False)
    yield sock
    sock.close()


def test_redirect_to_127_0_0_2_is_refused_without_connecting(
    server: LocalServer,
    second_loopback_listener: socket.socket,
    connections: list[tuple[str, int]],
) -> None:
    port = second_loopback_listener.getsockname()[1]
    server.routes["/"] = redirect(f"http://127.0.0.2:{port}/admin")
    result = fetch(server.url("/"), server.policy(extra_ports=(server.port, port)))
    assert result.refused is not None
    assert result.refused.startswith(f"hop 2 (http://127.0.0.2:{port}/admin)")
    assert "127.0.0.0/8" in result.refused
    assert connections == [("127.0.0.1", server.port)]
    with pytest.raises(BlockingIOError):  # nothing ever knocked
        second_loopback_listener.accept()


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("http://10.0.0.1/", "10.0.0.0/8"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.0.0/16"),
        ("http://[fd00:ec2::254]/", "fc00::/7"),
        ("http://[::ffff:169.254.169.254]/", "169.254.0.0/16"),
        ("http://0xa9fea9fe/", "169.254.0.0/16"),
        ("http://metadata.test/computeMetadata/v1/", "169.254.0.0/16"),
        ("http://intranet.test/", "192.168.0.0/16"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("gopher://127.0.0.1:70/", "scheme 'gopher'"),
        ("http://example.test:6379/", "port 6379"),
        ("http://[::1", "invalid redirect Location"),
    ],
)
def test_redirect_to_refused_target_is_refused_without_connecting(
    server: LocalServer, connections: list[tuple[str, int]], location: str, expected: str
) -> None:
    resolver = FakeResolver(
        {"metadata.test": ["169.254.169.254"], "intranet.test": ["192.168.1.10"]}
    )
    server.routes["/"] = redirect(location)
    result = fetch(server.url("/"), server.policy(), resolver=resolver)
    assert result.refused is not None and expected in result.refused, result.refused
    assert result.refused.startswith("hop 2 ")
    assert result.status_code == 302  # the last answer received
    assert connections == [("127.0.0.1", server.port)]
    assert classify(result) == "refused"
