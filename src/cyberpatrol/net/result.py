"""What one fetch found out, recorded whether it succeeded, failed or was refused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

ErrorKind = Literal["timeout", "dns_not_found", "dns", "connect", "tls", "protocol"]
"""Why a fetch failed. ``dns_not_found`` (NXDOMAIN) is the only one that says
something about the post itself: the domain is gone."""

Outcome = Literal["up", "gone", "error", "refused"]
"""What outcome tracking records for a reported URL (see :func:`classify`)."""


@dataclass(frozen=True)
class Hop:
    """One request of a fetch: the first URL, then one per redirect followed.

    ``address`` is the IP address the connection was pinned to, kept for the
    audit trail ("which machine did we talk to?"); ``None`` when the hop was
    refused or failed before a connection was made.
    """

    url: str
    address: str | None = None
    status_code: int | None = None


@dataclass(frozen=True)
class FetchResult:
    """The outcome of :func:`~cyberpatrol.net.fetch`; exactly one of three shapes.

    * success: ``status_code`` set, ``refused`` and ``error`` ``None``;
    * refused: ``refused`` says which rule and which hop; nothing more was sent;
    * error: ``error`` and ``error_kind`` say what failed.

    ``status_code`` and ``headers`` are those of the last response received,
    so they may be set on a refusal (the redirect that was not followed) or an
    error (a body that timed out).

    ``redirect_chain`` holds every hop in order: the first is ``url``, the last
    is ``final_url``. ``body`` holds at most ``FetchPolicy.max_body_bytes``
    bytes (decoded when the server compressed it anyway); ``truncated`` says
    the server had more. ``headers`` keeps only the few response headers worth
    recording (lower-case names).
    """

    url: str
    final_url: str
    status_code: int | None = None
    redirect_chain: tuple[Hop, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    elapsed: float = 0.0
    refused: str | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None
