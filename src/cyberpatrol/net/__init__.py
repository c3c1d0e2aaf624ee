"""SSRF-safe HTTP fetching for outcome tracking ("is the reported post still up?").

Public API::

    from cyberpatrol.net import FetchPolicy, classify, fetch

    result = fetch("https://example.jp/post/123", FetchPolicy())
    outcome = classify(result, gone_markers=encoded_markers("このページは存在しません"))

* :func:`fetch` ``(url, policy=None, *, resolver=system_resolver) -> FetchResult``:
  one GET; never raises for network errors; refuses every address that is not
  globally routable, resolves each hop once and connects only to a checked
  address, follows redirects by hand, reads at most ``max_body_bytes``.
* :class:`FetchPolicy`: schemes, ports, redirects, timeouts, body cap, user
  agent, ``allow_networks`` (the only way to reach a refused address).
* :class:`FetchResult` and :class:`Hop`: what happened, hop by hop.
* :func:`classify` ``(result, *, gone_markers=()) -> "up" | "gone" | "error" | "refused"``.
* :func:`encoded_markers` ``(*texts) -> tuple[bytes, ...]``: deletion notices
  in UTF-8, Shift_JIS (cp932) and EUC-JP.
* :func:`refusal_reason` ``(address, allow=()) -> str | None``: the address rule alone.
* :data:`Resolver` and :func:`system_resolver`: the injectable DNS lookup.
* :data:`Outcome` and :data:`ErrorKind`: the literal types above.
"""

from __future__ import annotations

from cyberpatrol.net.addresses import refusal_reason
from cyberpatrol.net.classify import classify, encoded_markers
from cyberpatrol.net.fetch import fetch
from cyberpatrol.net.policy import FetchPolicy
from cyberpatrol.net.resolve import Resolver, system_resolver
from cyberpatrol.net.result import ErrorKind, FetchResult, Hop, Outcome

__all__ = [
    "ErrorKind",
    "FetchPolicy",
    "FetchResult",
    "Hop",
    "Outcome",
    "Resolver",
    "classify",
    "encoded_markers",
    "fetch",
    "refusal_reason",
    "system_resolver",
]
