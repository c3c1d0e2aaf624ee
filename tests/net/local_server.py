"""Real HTTP(S) servers on loopback, a recording resolver, and route helpers.

Imported by conftest.py and the tests (tests/net is on sys.path because it
holds a conftest.py and no __init__.py).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network

from cyberpatrol.net import FetchPolicy

Route = Callable[[BaseHTTPRequestHandler], None]
LOOPBACK_ONLY = (ip_network("127.0.0.1/32"),)


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up early (body cap, timeouts) are expected; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        owner = self.server.owner
        owner.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = owner.routes.get(self.path.split("?", 1)[0], respond(404, b"no route"))
        route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


class LocalServer:
    """A ThreadingHTTPServer on ``host`` with a random port and per-path routes."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()  # set at close: wakes handlers that sleep
        self.httpd = _Server((host, 0), _Handler)
        self.httpd.owner = self
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.host = host
        self.port: int = self.httpd.server_address[1]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str = "/", *, host: str | None = None, scheme: str = "http") -> str:
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    def policy(self, **overrides: object) -> FetchPolicy:
        """A policy that may reach this server (and only 127.0.0.1 among refused addresses)."""
        options: dict[str, object] = {"allow_networks": LOOPBACK_ONLY, "extra_ports": (self.port,)}
        options.update(overrides)
        return FetchPolicy(**options)  # type: ignore[arg-type]

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def respond(status: int, body: bytes = b"", headers: Iterable[tuple[str, str]] = ()) -> Route:
    """A route that answers ``status`` with ``body`` (Content-Length set)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return respond(status, b"", [("Location", location)])


def stream(total: int, chunk: bytes = b"x" * 65536) -> Route:
    """A route that sends ``total`` bytes in chunks, stopping when the client hangs up."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(total))
        handler.end_headers()
        sent = 0
        try:
            while sent < total:
                piece = chunk[: total - sent]
                handler.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass

    return route


def sleep_then(seconds: float, release: threading.Event, then: Route) -> Route:
    """A route that waits (until ``seconds`` pass or the server closes) before ``then``."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        release.wait(seconds)
        with contextlib.suppress(OSError):  # the client may have given up
            then(handler)

    return route


def drip(interval: float, release: threading.Event, count: int = 1000) -> Route:
    """A route that sends one byte every ``interval`` seconds (slow-loris body)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(count))
        handler.end_headers()
        try:
            for _ in range(count):
                handler.wfile.write(b".")
                handler.wfile.flush()
                if release.wait(interval):
                    return
        except OSError:
            pass

    return route


@dataclass
class FakeResolver:
    """A resolver that answers from a table and records every question.

    An answer is a list of addresses, an exception to raise, or a tuple of
    those (one per call, the last repeated) for answers that change over time.
    """

    answers: dict[str, object] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    delay: float = 0.0

    def __call__(self, host: str) -> Sequence[str]:
        self.calls.append(host)
        if self.delay:
            time.sleep(self.delay)
        answer = self.answers.get(host)
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if isinstance(answer, tuple):  # changing answers: one per call
            answer = answer[min(self.calls.count(host), len(answer)) - 1]
        if isinstance(answer, BaseException):
            raise answer
        assert isinstance(answer, list)
        return answer


def refusing_resolver(host: str) -> list[str]:
    """For inputs that must be refused before any DNS question is asked."""
    raise AssertionError(f"resolver asked about {host!r}")
