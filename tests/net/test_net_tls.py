"""HTTPS through a pinned address: SNI and certificate checks use the URL's name."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import FakeResolver, LocalServer, respond

from cyberpatrol.errors import ConfigError
from cyberpatrol.net import classify, fetch

TLS = Path(__file__).parent / "tls"


@pytest.fixture
def tls_server() -> Iterator[tuple[LocalServer, list[str | None]]]:
    """An HTTPS server on 127.0.0.1 whose certificate names only ``pinned.test``."""
    names: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "server.pem", TLS / "server-key.pem")
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)  # type: ignore[assignment,func-returns-value]
    server = LocalServer(tls=context)
    server.routes["/"] = respond(200, b"secure")
    yield server, names
    server.close()


def test_pinned_https_sends_sni_and_verifies_the_name(
    tls_server: tuple[LocalServer, list[str | None]], connections: list[tuple[str, int]]
) -> None:
    server, names = tls_server
    resolver = FakeResolver({"pinned.test": ["127.0.0.1"]})
    policy = server.policy(ca_file=str(TLS / "ca.pem"))
    result = fetch(f"https://pinned.test:{server.port}/", policy, resolver=resolver)
    assert result.status_code == 200 and result.body == b"secure", result.error
    assert names == ["pinned.test"]
    assert server.seen[-1].headers["host"] == f"pinned.test:{server.port}"
    assert connections == [("127.0.0.1", server.port)]
    assert classify(result) == "up"


def test_certificate_for_another_name_is_a_tls_error(
    tls_server: tuple[LocalServer, list[str | None]],
) -> None:
    """Same pinned address, different name: the check is against the name, not the IP."""
    server, _ = tls_server
    resolver = FakeResolver({"other.test": ["127.0.0.1"]})
    policy = server.policy(ca_file=str(TLS / "ca.pem"))
    result = fetch(f"https://other.test:{server.port}/", policy, resolver=resolver)
    assert result.error_kind == "tls" and result.status_code is None
    assert classify(result) == "error"
    assert server.seen == []


def test_untrusted_certificate_is_a_tls_error(
    tls_server: tuple[LocalServer, list[str | None]],
) -> None:
    server, _ = tls_server
    resolver = FakeResolver({"pinned.test": ["127.0.0.1"]})
    result = fetch(f"https://pinned.test:{server.port}/", server.policy(), resolver=resolver)
    assert result.error_kind == "tls"


def test_unreadable_ca_file_is_a_config_error(tmp_path: Path) -> None:
    resolver = FakeResolver({"pinned.test": ["127.0.0.1"]})
    server = LocalServer()
    try:
        policy = server.policy(ca_file=str(tmp_path / "missing.pem"))
        with pytest.raises(ConfigError):
            fetch(f"https://pinned.test:{server.port}/", policy, resolver=resolver)
    finally:
        server.close()
