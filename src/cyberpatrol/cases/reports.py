"""Reports from the public (通報フォーム): anyone may report a URL, nobody may flood the desk.

Abuse protection, all enforced here rather than in the web layer:

* the reporter is stored only as a keyed hash of their address (HMAC-SHA256
  with the installation's secret), enough to rate-limit, not to identify;
* at most :data:`RATE_LIMIT` reports per reporter per :data:`RATE_WINDOW`,
  counted in the database so the limit holds across workers and restarts;
* sizes are capped, the URL must be http(s);
* reports of the same URL (compared after canonicalisation: scheme and host
  in lower case, default port, fragment and tracking parameters dropped)
  join one case instead of opening another.

A report with a description is scanned by the engine like any post, so the
queue orders it by the same score.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, func, insert, select

from cyberpatrol.cases.queue import open_case
from cyberpatrol.errors import WorkflowError
from cyberpatrol.store.tables import reports

MAX_URL_CHARS = 2048
MAX_DESCRIPTION_CHARS = 2000
RATE_LIMIT = 10
RATE_WINDOW = timedelta(hours=1)
_TRACKING = ("utm_", "fbclid", "gclid", "igshid", "si", "ref_src")


class RateLimited(WorkflowError):
    """Too many reports from one address in the window."""


@dataclass(frozen=True, slots=True)
class ReportReceipt:
    report_id: int
    case_id: int
    duplicate: bool
    """True when the URL had already been reported (the report joined that case)."""


def canonical_url(url: str) -> str:
    """The URL as compared for duplicates; raises :class:`WorkflowError` when unusable."""
    url = url.strip()
    if not url or len(url) > MAX_URL_CHARS:
        raise WorkflowError(f"URL は1〜{MAX_URL_CHARS}文字で入力してください")
    if any(ord(c) < 0x20 or c == "\x7f" for c in url):
        raise WorkflowError("URL に制御文字が含まれています")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WorkflowError(f"URL を解釈できません: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise WorkflowError("http:// または https:// で始まる URL を入力してください")
    host = parts.hostname.lower().rstrip(".")
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING)
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def url_key(url: str) -> str:
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()


def reporter_key(secret: bytes, address: str) -> str:
    return hmac.new(secret, address.encode("utf-8"), hashlib.sha256).hexdigest()


def check_rate(conn: Connection, reporter: str, *, now: datetime) -> None:
    recent = conn.execute(
        select(func.count())
        .select_from(reports)
        .where(reports.c.reporter == reporter, reports.c.created_at > now - RATE_WINDOW)
    ).scalar_one()
    if recent >= RATE_LIMIT:
        raise RateLimited("短時間に多数の通報を受け付けたため、しばらくしてから再度お試しください")


def existing_case(conn: Connection, key: str) -> int | None:
    found = conn.execute(
        select(reports.c.case_id)
        .where(reports.c.url_key == key, reports.c.case_id.is_not(None))
        .order_by(reports.c.id)
        .limit(1)
    ).scalar()
    return int(found) if found is not None else None


def record(
    conn: Connection,
    *,
    url: str,
    kind: str,
    description: str,
    reporter: str,
    post_id: int | None,
    now: datetime | None = None,
) -> ReportReceipt:
    """Store one report and attach it to its URL's case (opened from ``post_id`` if new)."""
    now = now or datetime.now(UTC)
    key = url_key(url)
    case_id = existing_case(conn, key)
    duplicate = case_id is not None
    if case_id is None:
        if post_id is None:
            raise WorkflowError("post_id is needed to open the case of a new report")
        case_id = open_case(conn, post_id, source="report", now=now)
    done = conn.execute(
        insert(reports)
        .values(
            url=url.strip()[:MAX_URL_CHARS],
            url_key=key,
            kind=kind[:64],
            description=description[:MAX_DESCRIPTION_CHARS],
            reporter=reporter,
            case_id=case_id,
            created_at=now,
        )
        .returning(reports.c.id)
    )
    return ReportReceipt(int(done.scalar_one()), case_id, duplicate)
