"""Real servers on loopback for the dispatcher tests, and letter-making helpers.

* an SMTP server: aiosmtpd's ``Controller`` on 127.0.0.1, on a port the OS picks
  (the socket is bound before the server starts, so no other process can take it);
* a Mastodon-protocol server: :mod:`.fake_mastodon` served by uvicorn in a thread.

Both are started once per module and reset before every test.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pytest
import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from cyberpatrol.actions import Letter, LetterContext, LetterRenderer

from .fake_mastodon import FakeMastodon

SMTP_USER = "patrol"
SMTP_PASSWORD = "correct horse"
DAY = date(2026, 5, 1)


@dataclass
class MailHandler:
    """Accepts every recipient except those starting with ``reject``; keeps what arrives."""

    received: list[Envelope] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.startswith("reject"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 2.0.0 Ok: queued"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


class LoopbackController(Controller):
    """aiosmtpd's Controller on a socket bound to 127.0.0.1 port 0 before it starts."""

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        port = self._sock.getsockname()[1]
        super().__init__(handler, hostname="127.0.0.1", port=port, **kwargs)

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


@pytest.fixture(scope="module")
def _smtp_controller() -> Iterator[LoopbackController]:
    controller = LoopbackController(
        MailHandler(),
        authenticator=_authenticate,
        auth_require_tls=False,
        ready_timeout=10.0,
    )
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp_server(_smtp_controller: LoopbackController) -> LoopbackController:
    """The loopback SMTP server, with nothing received yet."""
    _smtp_controller.handler.received.clear()
    return _smtp_controller


@pytest.fixture(scope="module")
def _mastodon_server() -> Iterator[FakeMastodon]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    fake = FakeMastodon(base=f"http://127.0.0.1:{sock.getsockname()[1]}")
    config = uvicorn.Config(fake.app, log_level="error", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the fake Mastodon server did not start")
        time.sleep(0.01)
    yield fake
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def mastodon(_mastodon_server: FakeMastodon) -> FakeMastodon:
    """The loopback Mastodon server, reset to its two known posts."""
    _mastodon_server.reset()
    return _mastodon_server


@pytest.fixture(scope="session")
def renderer() -> LetterRenderer:
    """The renderer over the packaged data files (the demo hotline.toml included)."""
    return LetterRenderer()


def make_context(**changes: Any) -> LetterContext:
    """A context for case 123 of 2026 on X, dated 2026-05-01, with ``changes`` applied."""
    base = LetterContext(
        reference="CP-2026-000123",
        post_url="https://x.com/kasegu_777/status/1790000000000000000",
        platform="x",
        excerpt="【高収入】ホワイト案件 即日即金 日給10万 詳細はテレグラム @kasegu_777 まで",
        date=DAY,
    )
    return replace(base, **changes)


@pytest.fixture
def letter_for(renderer: LetterRenderer) -> Callable[..., Letter]:
    """``letter_for(kind, **context changes)`` renders with the packaged data."""

    def make(kind: str, **changes: Any) -> Letter:
        return renderer.render(kind, make_context(**changes))

    return make
