"""Posting reply warnings through the Mastodon API (``POST /api/v1/statuses``).

The warning is a reply (``in_reply_to_id``), ``unlisted`` by default so it shows under
the post without filling the public timelines, in Japanese (``language=ja``). Every
request carries an ``Idempotency-Key`` derived from the reference number and the post,
so a retry (ours after a 429, or the caller's after a timeout) returns the status
already created instead of posting a second warning. Mastodon keeps the keys for a
limited time (about an hour), so the caller should still store the returned id.

A post on another server is known to ours under a different id; it is resolved with
``GET /api/v2/search?resolve=true`` first. Never raises for a delivery failure:
401, 404, 422, 429 and network errors come back as ``status="failed"`` with the reason.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import httpx

from cyberpatrol.actions import _text
from cyberpatrol.actions._dates import now_jst
from cyberpatrol.actions._dispatch import Clock, DispatchResult, Message, result
from cyberpatrol.actions._errors import LetterError
from cyberpatrol.actions._reference import check_reference
from cyberpatrol.actions._status_url import host_of, is_status_id, retry_after, status_id_from_url
from cyberpatrol.errors import ConfigError

VISIBILITIES = ("public", "unlisted", "private", "direct")
_REASONS = {
    401: "the access token was rejected",
    403: "the token lacks the write:statuses scope or the account is limited",
    404: "the post to reply to was not found (deleted, or not visible to this account)",
    410: "the post to reply to is gone",
    422: "the server refused the status",
    429: "rate limited",
}


class _Failure(Exception):
    """Internal: ends a send with a reason."""


def idempotency_key(reference: str, status_id: str) -> str:
    """The Idempotency-Key of the warning ``reference`` under status ``status_id``.

    >>> idempotency_key("CP-2026-000123", "1101")
    'cyberpatrol-CP-2026-000123-1101'
    """
    return f"cyberpatrol-{check_reference(reference)}-{status_id}"


class MastodonDispatcher:
    """Posts reply warnings as the account of ``token`` on the server at ``base_url``.

    A 429 is retried once, after the wait the server asks for (``Retry-After`` or
    ``X-RateLimit-Reset``) when that is at most ``max_retry_wait`` seconds; a longer
    wait, or a second 429, is a failure that says how long to wait.
    """

    channel = "mastodon"

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        visibility: str = "unlisted",
        language: str = "ja",
        timeout: float = 15.0,
        max_retry_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = now_jst,
    ) -> None:
        if not base_url.startswith(("https://", "http://")) or not host_of(base_url):
            raise ConfigError(f"Mastodon base URL must be http(s)://host: {base_url!r:.80}")
        if not token or not token.isascii() or not token.isprintable() or " " in token:
            raise ConfigError("Mastodon access token must be one printable ASCII word")
        if visibility not in VISIBILITIES:
            raise ConfigError(f"visibility must be one of {VISIBILITIES}")
        if not re.fullmatch(r"[a-z]{2,3}", language):
            raise ConfigError(f"language must be an ISO 639 code such as 'ja': {language!r:.20}")
        self.base_url = base_url.rstrip("/")
        self.host = host_of(base_url)
        self.visibility = visibility
        self.language = language
        self.timeout = timeout
        self.max_retry_wait = max_retry_wait
        self._token = token
        self._sleep = sleep
        self._transport = transport
        self._clock = clock

    def send(self, message: Message) -> DispatchResult:
        """Post ``message`` as a reply; ``remote_id``/``remote_url`` are the new status's."""
        letter = message.letter
        if letter.channel != "reply" or letter.platform != "mastodon":
            return self._failed(
                message, f"a {letter.kind} letter for {letter.platform} is not a Mastodon reply"
            )
        try:
            with self._client() as client:
                status_id = self._status_id(client, message.target)
                return self._post(client, message, status_id)
        except (_Failure, LetterError) as exc:
            return self._failed(message, str(exc))
        except httpx.HTTPError as exc:
            return self._failed(
                message, f"cannot reach {self.base_url}: {type(exc).__name__}: {exc}"
            )
        except Exception as exc:  # the contract: a failure is a result, never an exception
            return self._failed(message, f"unexpected {type(exc).__name__}: {exc}")

    def _client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
            timeout=self.timeout,
            transport=self._transport,
            follow_redirects=False,
        )

    def _status_id(self, client: httpx.Client, target: str) -> str:
        """The id, on this server, of the post ``target`` (an id or a URL) names."""
        if is_status_id(target):
            return target
        if not target.startswith(("https://", "http://")):
            raise _Failure(f"not a post URL or status id: {target!r:.80}")
        if host_of(target) == self.host:
            try:
                return status_id_from_url(target)
            except ValueError as exc:
                raise _Failure(str(exc)) from exc
        params = {"q": target, "type": "statuses", "resolve": "true", "limit": "1"}
        found = self._json(self._request(client, "GET", "/api/v2/search", params=params))
        statuses = found.get("statuses")
        if not isinstance(statuses, list) or not statuses or not isinstance(statuses[0], dict):
            raise _Failure(f"{self.host} cannot find the post {target:.120}")
        return _id(statuses[0])

    def _post(self, client: httpx.Client, message: Message, status_id: str) -> DispatchResult:
        letter = message.letter
        form = {
            "status": letter.body,
            "in_reply_to_id": status_id,
            "visibility": self.visibility,
            "language": self.language,
        }
        headers = {"Idempotency-Key": idempotency_key(letter.reference, status_id)}
        created = self._json(
            self._request(client, "POST", "/api/v1/statuses", json=form, headers=headers)
        )
        new_id = _id(created)
        url = created.get("url") or created.get("uri")
        detail = f"replied to status {status_id} on {self.host} ({self.visibility})"
        remote_url = url if isinstance(url, str) else None
        return result(
            "sent",
            self.channel,
            message,
            detail,
            self._clock,
            remote_id=new_id,
            remote_url=remote_url,
        )

    def _request(
        self, client: httpx.Client, method: str, path: str, **kwargs: Any
    ) -> httpx.Response:
        response = client.request(method, path, **kwargs)
        if response.status_code == 429:
            wait = retry_after(response.headers, self._clock())
            if wait is None or wait > self.max_retry_wait:
                after = "no time given" if wait is None else f"retry after {wait:.0f} s"
                raise _Failure(f"{_reason(response)} ({after})")
            self._sleep(wait)
            response = client.request(method, path, **kwargs)
        if not response.is_success:
            raise _Failure(_reason(response))
        return response

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise _Failure(
                f"the server's answer is not JSON (HTTP {response.status_code})"
            ) from exc
        if not isinstance(data, dict):
            raise _Failure("the server's answer is not a JSON object")
        return data

    def _failed(self, message: Message, reason: str) -> DispatchResult:
        return result("failed", self.channel, message, reason, self._clock)


def _id(status: dict[str, Any]) -> str:
    value = status.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not is_status_id(value):
        raise _Failure("the server's answer has no status id")
    return value


def _reason(response: httpx.Response) -> str:
    """Why the server refused, with its own ``error`` text (cleaned and cut: it is remote input)."""
    code = response.status_code
    reason = _REASONS.get(code, "the request failed")
    try:
        data = response.json()
        error = data.get("error") if isinstance(data, dict) else None
    except ValueError:
        error = None
    said = (
        f": {_text.cap(_text.one_line(error).text, 200)[0]}"
        if isinstance(error, str) and error
        else ""
    )
    return f"{reason} (HTTP {code}){said}"
