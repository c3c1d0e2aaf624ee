"""A small server speaking the part of Mastodon's API the dispatcher uses.

Run on 127.0.0.1 by uvicorn in a thread (see ``conftest.py``). It behaves like
Mastodon where the dispatcher depends on it: bearer tokens, ``status`` required,
the character limit, ``in_reply_to_id`` that must exist (404 otherwise), the
``Idempotency-Key`` (the same key returns the same status, nothing new is created),
429 with ``Retry-After`` or ``X-RateLimit-Reset``, and ``/api/v2/search?resolve=true``
for posts on other servers. Status objects carry Mastodon's fields.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "test-token-0123456789"
ORIGINAL_ID = "110000000000000001"
REMOTE_URL = "https://remote.example/@boss/4242"
REMOTE_LOCAL_ID = "110000000000000002"


@dataclass
class FakeMastodon:
    """State of the fake server; tests read and steer it."""

    base: str
    max_chars: int = 500
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)
    throttle: list[dict[str, str]] = field(default_factory=list)
    """Headers of 429 answers to give to the next requests, one each."""

    def __post_init__(self) -> None:
        self._ids = itertools.count(110000000000001000)
        self.reset()

    def reset(self) -> None:
        self.max_chars = 500
        self.statuses.clear()
        self.by_key.clear()
        self.created.clear()
        self.posts.clear()
        self.searches.clear()
        self.throttle.clear()
        for status_id in (ORIGINAL_ID, REMOTE_LOCAL_ID):
            self.statuses[status_id] = self._status(
                status_id, "ホワイト案件 即日即金", None, "public", "ja"
            )

    @property
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/v1/statuses", self.post_status, methods=["POST"]),
                Route("/api/v2/search", self.search, methods=["GET"]),
            ]
        )

    async def post_status(self, request: Request) -> JSONResponse:
        if (denied := self._check(request)) is not None:
            return denied
        if request.headers.get("content-type", "").startswith("application/json"):
            params = dict(await request.json())
        else:
            params = dict(await request.form())
        key = request.headers.get("idempotency-key", "")
        self.posts.append({"params": params, "key": key})
        if key and key in self.by_key:
            return JSONResponse(self.statuses[self.by_key[key]])
        text = str(params.get("status") or "")
        if not text.strip():
            return _error(422, "Validation failed: Text can't be blank")
        if len(text) > self.max_chars:
            return _error(
                422, f"Validation failed: Text character limit of {self.max_chars} exceeded"
            )
        reply_to = params.get("in_reply_to_id")
        if reply_to and reply_to not in self.statuses:
            return _error(404, "Record not found")
        status_id = str(next(self._ids))
        status = self._status(
            status_id, text, reply_to, params.get("visibility", "public"), params.get("language")
        )
        self.statuses[status_id] = status
        self.created.append(status)
        if key:
            self.by_key[key] = status_id
        return JSONResponse(status)

    async def search(self, request: Request) -> JSONResponse:
        if (denied := self._check(request)) is not None:
            return denied
        q = request.query_params.get("q", "")
        self.searches.append(q)
        found = []
        if q == REMOTE_URL and request.query_params.get("resolve") == "true":
            found = [self.statuses[REMOTE_LOCAL_ID]]
        return JSONResponse({"accounts": [], "statuses": found, "hashtags": []})

    def _check(self, request: Request) -> JSONResponse | None:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _error(401, "The access token is invalid")
        if self.throttle:
            return JSONResponse({"error": "Too many requests"}, 429, headers=self.throttle.pop(0))
        return None

    def _status(
        self, status_id: str, text: str, reply_to: Any, visibility: Any, language: Any
    ) -> dict[str, Any]:
        return {
            "id": status_id,
            "created_at": "2026-05-01T01:00:00.000Z",
            "in_reply_to_id": reply_to,
            "in_reply_to_account_id": "2" if reply_to else None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": visibility,
            "language": language,
            "uri": f"{self.base}/users/patrol/statuses/{status_id}",
            "url": f"{self.base}/@patrol/{status_id}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "content": f"<p>{html.escape(text)}</p>",
            "reblog": None,
            "account": {"id": "1", "username": "patrol", "acct": "patrol"},
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, code)
