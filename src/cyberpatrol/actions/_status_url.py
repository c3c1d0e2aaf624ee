"""Mastodon status ids from post URLs, and the wait a rate-limited server asks for."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

# /@user/123, /@user@remote.example/123, /users/user/statuses/123,
# /web/statuses/123, /web/@user/123, optionally followed by "/".
_PATHS = (
    re.compile(r"/(?:web/)?@[^/@\s]+(?:@[^/\s]+)?/(?P<id>[A-Za-z0-9]{1,32})/?"),
    re.compile(r"/users/[^/\s]+/statuses/(?P<id>[A-Za-z0-9]{1,32})/?"),
    re.compile(r"/web/statuses/(?P<id>[A-Za-z0-9]{1,32})/?"),
)
_STATUS_ID = re.compile(r"[A-Za-z0-9]{1,32}")


def status_id_from_url(url: str) -> str:
    """The status id in a Mastodon post URL; ``ValueError`` if it holds none.

    >>> status_id_from_url("https://mastodon.example/@patrol/110123456789012345")
    '110123456789012345'
    >>> status_id_from_url("https://mastodon.example/users/patrol/statuses/1101")
    '1101'

    The id is only valid on the server named in the URL: another server knows the
    same post under its own id (see :class:`MastodonDispatcher`, which resolves it).
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r:.80}")
    for pattern in _PATHS:
        m = pattern.fullmatch(parts.path)
        if m:
            return m.group("id")
    raise ValueError(f"no Mastodon status id in {url!r:.80}")


def is_status_id(value: str) -> bool:
    """True for a bare status id (digits on Mastodon, letters too on some other servers)."""
    return _STATUS_ID.fullmatch(value) is not None


def host_of(url: str) -> str:
    """The lowercased host of ``url`` (empty when it has none)."""
    return (urlsplit(url).hostname or "").lower()


def retry_after(headers: Mapping[str, str], now: datetime) -> float | None:
    """Seconds to wait before retrying, from ``Retry-After`` or Mastodon's ``X-RateLimit-Reset``.

    ``Retry-After`` is seconds or an HTTP date (RFC 9110); Mastodon itself sends
    ``X-RateLimit-Reset``, an ISO 8601 time. ``None`` when neither is usable. Header
    names are looked up in lower case (``httpx.Headers`` matches any case).
    """
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    when = None
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
    reset = headers.get("x-ratelimit-reset", "").strip()
    if when is None and reset:
        try:
            when = datetime.fromisoformat(reset)
        except ValueError:
            when = None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
