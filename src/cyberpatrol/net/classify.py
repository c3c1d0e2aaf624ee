"""Turning a :class:`FetchResult` into the outcome the hotline records.

Outcome tracking asks one question of a reported URL: is the post still up?

* ``refused``: the policy would not fetch it (the URL itself is suspicious);
* ``gone``: 404 or 410, a domain that no longer resolves (NXDOMAIN), or a 2xx
  page showing one of the platform's "this post was deleted" markers;
* ``up``: any other 2xx;
* ``error``: everything else (timeouts, 5xx, 403, ...) - try again later.

Many platforms answer 200 with a notice instead of 404, so markers matter.
They are compared as bytes against the (capped) body, which may be in
Shift_JIS or EUC-JP on older Japanese sites: :func:`encoded_markers` turns
one text into the byte strings for each encoding.
"""

from __future__ import annotations

from collections.abc import Iterable

from cyberpatrol.net.result import FetchResult, Outcome

GONE_STATUSES = frozenset({404, 410})
MARKER_ENCODINGS = ("utf-8", "cp932", "euc-jp")
"""Encodings of Japanese web pages, most common first (cp932 = Windows Shift_JIS)."""


def classify(result: FetchResult, *, gone_markers: Iterable[bytes] = ()) -> Outcome:
    """The outcome of ``result``; ``gone_markers`` are the platform's deletion notices.

    Empty markers are ignored (an empty marker would match every page).
    """
    if result.refused is not None:
        return "refused"
    if result.error is not None:
        return "gone" if result.error_kind == "dns_not_found" else "error"
    status = result.status_code
    if status in GONE_STATUSES:
        return "gone"
    if status is not None and 200 <= status < 300:
        if any(marker and marker in result.body for marker in gone_markers):
            return "gone"
        return "up"
    return "error"


def encoded_markers(*texts: str, encodings: Iterable[str] = MARKER_ENCODINGS) -> tuple[bytes, ...]:
    """Each text in each encoding that can represent it, without duplicates.

    >>> encoded_markers("deleted")
    (b'deleted',)
    >>> len(encoded_markers("このページは存在しません"))
    3
    """
    found: list[bytes] = []
    for text in texts:
        for encoding in encodings:
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            if data and data not in found:
                found.append(data)
    return tuple(found)
