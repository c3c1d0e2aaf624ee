"""Resolving a host name once per hop, with a deadline, into checked addresses.

The fetcher resolves names itself instead of letting the HTTP client do it:
the addresses it checks are then the addresses it connects to. A client that
resolves again at connect time can be sent elsewhere by a DNS server that
answers "public" to the check and "private" to the connect (DNS rebinding).

The resolver is a plain function so tests (and a caller with its own DNS) can
replace it. It raises :class:`socket.gaierror` the way ``getaddrinfo`` does;
``EAI_NONAME`` / ``EAI_NODATA`` mean the name does not exist (any more).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from ipaddress import ip_address

from cyberpatrol.net.addresses import IPAddress, refusal_reason
from cyberpatrol.net.errors import FetchFailed, FetchRefused
from cyberpatrol.net.policy import IPNetwork

Resolver = Callable[[str], Iterable[str]]
"""``resolver(host) -> addresses`` as text; raises ``socket.gaierror`` on failure."""

NOT_FOUND_CODES = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)


def system_resolver(host: str) -> list[str]:
    """The operating system's answer (``getaddrinfo``), TCP addresses only."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except UnicodeError as exc:  # Python's idna codec refused the name: it cannot exist
        raise socket.gaierror(socket.EAI_NONAME, f"invalid name: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def resolve(host: str, resolver: Resolver, timeout: float) -> list[IPAddress]:
    """Ask ``resolver`` once; return its distinct addresses in its order.

    ``getaddrinfo`` has no timeout of its own, so it runs in a daemon thread
    that is abandoned (not killed) when ``timeout`` passes.
    """
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["answer"] = list(resolver(host))
        except BaseException as exc:  # handed to the calling thread below
            box["error"] = exc

    worker = threading.Thread(target=run, name=f"resolve {host[:50]}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchFailed("timeout", f"resolving {host} took longer than {timeout:.1f}s")
    error = box.get("error")
    if isinstance(error, socket.gaierror):
        if error.errno in NOT_FOUND_CODES:
            raise FetchFailed("dns_not_found", f"{host} does not resolve: {error}")
        raise FetchFailed("dns", f"resolving {host} failed: {error}")
    if isinstance(error, OSError):
        raise FetchFailed("dns", f"resolving {host} failed: {error}")
    if isinstance(error, BaseException):
        raise error
    answer = box.get("answer")
    assert isinstance(answer, list)
    return _parse(host, answer)


def _parse(host: str, answer: list[object]) -> list[IPAddress]:
    addresses: list[IPAddress] = []
    for text in answer:
        try:
            address = ip_address(str(text))
        except ValueError as exc:
            raise FetchRefused(f"{host} resolved to an unusable address {text!r}") from exc
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchFailed("dns_not_found", f"{host} resolved to no address")
    return addresses


def check_all(host: str, addresses: list[IPAddress], allow: Iterable[IPNetwork]) -> None:
    """Refuse the host when ANY of its addresses is refused (all are possible targets)."""
    allow = tuple(allow)
    for address in addresses:
        why = refusal_reason(address, allow)
        if why is not None:
            raise FetchRefused(f"{host} resolves to a refused address: {why}")
