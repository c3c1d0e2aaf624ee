"""TAXII 2.1 (read only): one collection, "indicators", paged by date added.

The collection holds this installation's ``identity``, the five TLP 2.0
``marking-definition`` objects (dated 2022-10-01, when OASIS published them) and every
indicator the requesting organisation may receive, dated by ``indicators.added_at``.
Objects come in a stable order — date added, then identity and markings before
indicators, then id — so paging with ``next`` never skips nor repeats one, even when
thousands share one date added. ``next`` is opaque to clients: it encodes the position
of the last object of the page.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from cyberpatrol.sharing.shared import SharedIndicator, shared_indicators
from cyberpatrol.sharing.stix import (
    NAMESPACE,
    identity,
    indicator_object,
    marking_definitions,
    timestamp,
)

MEDIA_TYPE = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
COLLECTION_ALIAS = "indicators"
COLLECTION_ID = str(uuid.uuid5(NAMESPACE, "taxii-collection\x1findicators"))
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_CONTENT_LENGTH = 20 * 1024 * 1024
FIXED_ADDED = datetime(2022, 10, 1, tzinfo=UTC)
"""Date added of the identity and the TLP 2.0 marking definitions."""
_TICK = timedelta(microseconds=1)

Cursor = tuple[datetime, int, int]
"""(date added, 0 for identity and markings / 1 for indicators / 2 for "after that date",
index or indicator id)."""


@dataclass(frozen=True)
class Page:
    objects: list[dict[str, Any]]
    added: list[datetime]
    """The date added of each object."""
    more: bool
    next: str | None

    @property
    def first_added(self) -> datetime | None:
        return self.added[0] if self.added else None

    @property
    def last_added(self) -> datetime | None:
        return self.added[-1] if self.added else None

    def envelope(self) -> dict[str, Any]:
        out: dict[str, Any] = {"more": self.more}
        if self.next:
            out["next"] = self.next
        if self.objects:
            out["objects"] = self.objects
        return out

    def manifest(self) -> list[dict[str, Any]]:
        """The manifest entries of the page's objects."""
        return [
            {
                "id": obj["id"],
                "date_added": timestamp(when, micro=True),
                "version": obj.get("modified", obj["created"]),
                "media_type": STIX_MEDIA_TYPE,
            }
            for obj, when in zip(self.objects, self.added, strict=True)
        ]


def discovery(base_url: str) -> dict[str, Any]:
    root = base_url.rstrip("/") + "/taxii2/api/"
    return {
        "title": "cyberpatrol TAXII",
        "description": "犯罪実行者募集情報等で確認された連絡先・送金先の共有（読み取り専用）",
        "default": root,
        "api_roots": [root],
    }


def api_root() -> dict[str, Any]:
    return {
        "title": "cyberpatrol",
        "description": "共有指標（TLP 2.0 マーキング付き STIX 2.1 インジケーター）",
        "versions": [MEDIA_TYPE],
        "max_content_length": MAX_CONTENT_LENGTH,
    }


def collection() -> dict[str, Any]:
    return {
        "id": COLLECTION_ID,
        "title": "indicators",
        "alias": COLLECTION_ALIAS,
        "description": "貴組織が受け取れる指標（電話番号、URL、口座、メッセージアプリのID など）",
        "can_read": True,
        "can_write": False,
        "media_types": [STIX_MEDIA_TYPE],
    }


def is_collection(collection_id: str) -> bool:
    return collection_id in (COLLECTION_ID, COLLECTION_ALIAS)


def encode_next(cursor: Cursor) -> str:
    raw = f"{cursor[0].isoformat()}|{cursor[1]}|{cursor[2]}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_next(token: str) -> Cursor:
    """The position a ``next`` token names; :class:`ValueError` for a token not ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        when, rank, key = raw.split("|")
        at = datetime.fromisoformat(when)
        cursor = (at if at.tzinfo else at.replace(tzinfo=UTC), int(rank), int(key))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("not a next value this server gave") from exc
    if cursor[1] not in (0, 1):
        raise ValueError("not a next value this server gave")
    return cursor


def _indicators_after(conn: Connection, org_id: int, cursor: Cursor | None, n: int) -> list[Any]:
    """The first ``n`` shared indicators after ``cursor`` in (date added, id) order."""
    if cursor is None:
        return shared_indicators(conn, org_id, limit=n)
    at, rank, key = cursor
    if rank == 2:
        return shared_indicators(conn, org_id, added_after=at, limit=n)
    if rank == 0:
        return shared_indicators(conn, org_id, added_after=at - _TICK, limit=n)
    same = shared_indicators(conn, org_id, added_after=at - _TICK, after_id=key, limit=n)
    ties = [s for s in same if s.added_at == at][:n]
    if len(ties) == n:
        return ties
    later = shared_indicators(conn, org_id, added_after=at, limit=n - len(ties))
    return ties + later[: n - len(ties)]


def _added(s: SharedIndicator) -> datetime:
    found = s.added_at or s.first_seen
    assert found is not None
    return found


def objects_page(
    conn: Connection,
    org_id: int,
    *,
    added_after: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    next_token: str | None = None,
) -> Page:
    """One page of the collection for organisation ``org_id``."""
    limit = max(1, min(limit, MAX_LIMIT))
    cursors: list[Cursor] = []
    if added_after is not None:
        cursors.append((added_after.astimezone(UTC), 2, 0))
    if next_token:
        cursors.append(decode_next(next_token))
    cursor = max(cursors) if cursors else None
    me = identity(conn)
    fixed = [(FIXED_ADDED, 0, i, obj) for i, obj in enumerate([me, *marking_definitions()])]
    rows: list[tuple[datetime, int, int, Any]] = [
        f for f in fixed if cursor is None or f[:3] > cursor
    ]
    rows += [(_added(s), 1, s.id, s) for s in _indicators_after(conn, org_id, cursor, limit + 1)]
    rows.sort(key=lambda r: r[:3])
    page, more = rows[:limit], len(rows) > limit
    objects = [r[3] if r[1] == 0 else indicator_object(r[3], created_by=me["id"]) for r in page]
    return Page(objects, [r[0] for r in page], more, encode_next(page[-1][:3]) if more else None)


def header_time(when: datetime) -> str:
    return timestamp(when, micro=True)


__all__ = [
    "COLLECTION_ALIAS",
    "COLLECTION_ID",
    "MEDIA_TYPE",
    "Page",
    "api_root",
    "collection",
    "decode_next",
    "discovery",
    "encode_next",
    "is_collection",
    "objects_page",
]
