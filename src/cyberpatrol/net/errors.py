"""The two signals that end a fetch early; they never leave :func:`fetch`.

CyberpatrolError
 ├── FetchRefused   policy said no: scheme, port, address, redirect limit, bad URL
 └── FetchFailed    the network said no: DNS, connect, TLS, timeout, protocol

A fetch turns either into a :class:`~cyberpatrol.net.result.FetchResult`
(``refused`` or ``error``), because the caller records outcomes for many URLs
and one hostile URL must not stop the batch.
"""

from __future__ import annotations

from cyberpatrol.errors import CyberpatrolError
from cyberpatrol.net.result import ErrorKind


class FetchRefused(CyberpatrolError):
    """The policy forbids this request; nothing was (or will be) sent."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class FetchFailed(CyberpatrolError):
    """The request was allowed but the network or the server failed it."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        self.kind: ErrorKind = kind
        self.message = message
        super().__init__(f"{kind}: {message}")
