"""One export for one organisation, in any format: what the API and the CLI download.

Every format reads :func:`~cyberpatrol.sharing.shared.shared_indicators` for the
requesting organisation, so each holds only what that organisation may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import Connection

from cyberpatrol.indicators import EXTRACTORS
from cyberpatrol.sharing import feeds, misp, stix
from cyberpatrol.sharing.orgs import get_org
from cyberpatrol.sharing.shared import shared_indicators

FORMATS = ("stix", "misp", "csv", "domains", "hosts", "rpz")
_MEDIA = {
    "stix": (stix.MEDIA_TYPE, "stix.json"),
    "misp": ("application/json", "misp.json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "domains": ("text/plain; charset=utf-8", "domains.txt"),
    "hosts": ("text/plain; charset=utf-8", "hosts.txt"),
    "rpz": ("text/plain; charset=utf-8", "rpz.zone"),
}


@dataclass(frozen=True)
class Export:
    format: str
    body: bytes
    media_type: str
    filename: str
    count: int
    """Indicators in it (distinct domains for a block list)."""


def export(
    conn: Connection,
    org_id: int,
    fmt: str,
    *,
    types: list[str] | None = None,
    added_after: datetime | None = None,
    now: datetime | None = None,
) -> Export:
    """What organisation ``org_id`` may receive, as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r}: use one of {', '.join(FORMATS)}")
    unknown = sorted(set(types or []) - set(EXTRACTORS))
    if unknown:
        raise ValueError(f"unknown indicator types {unknown}; known: {sorted(EXTRACTORS)}")
    now = now or datetime.now(UTC)
    if fmt in ("domains", "hosts", "rpz"):
        types = [t for t in feeds.BLOCKLIST_TYPES if not types or t in types] or ["-"]
    shared = shared_indicators(conn, org_id, types=types, added_after=added_after)
    count = len(shared)
    if fmt == "stix":
        body = orjson.dumps(stix.bundle_for(conn, shared))
    elif fmt == "misp":
        key = ",".join(sorted(types or []))
        body = orjson.dumps(misp.event_for(conn, org_id, shared, key=key))
    elif fmt == "csv":
        body = feeds.csv_text(shared).encode("utf-8")
    else:
        count = len(feeds.blocklist(shared)[0])
        render = {"domains": feeds.domain_list, "hosts": feeds.hosts, "rpz": feeds.rpz}[fmt]
        body = render(shared, now=now).encode("utf-8")
    media, ext = _MEDIA[fmt]
    name = f"cyberpatrol-{get_org(conn, org_id).name}-{now:%Y%m%dT%H%M%SZ}.{ext}"
    return Export(fmt, body, media, name, count)


__all__ = ["FORMATS", "Export", "export"]
