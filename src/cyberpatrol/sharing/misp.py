"""MISP: what an organisation may receive, as one MISP event (pymisp).

Each shared indicator is an attribute of the MISP type and category that
``data/share_formats.toml`` names: ``phone-number``, ``bank-account-nr`` and ``btc`` in
"Financial fraud", ``url``/``domain``/``ip-dst`` in "Network activity", ``email`` and
``twitter-id`` in "Social network". MISP has no type for messaging IDs (Telegram, LINE,
Signal…), Ethereum or TRON addresses: those are ``text`` attributes with a comment and
the machine tag ``cyberpatrol:indicator-type="…"``, so that this project (and anyone
reading the tag) knows what they are.

Every attribute carries its TLP tag (``tlp:amber``…) and, when known, the category of
the posts that mention it (``cyberpatrol:category="crime_recruitment"``); the event
carries the strictest TLP of its attributes, and distribution 0 ("your organisation
only"): how far the recipient may pass it on is the TLP's to say. Uuids are UUIDv5, so
exporting again updates the recipient's event instead of duplicating it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import orjson
from pymisp import MISPEvent, MISPOrganisation
from sqlalchemy import Connection

from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.formats import MISP_CATEGORY_TAG, MISP_TYPE_TAG, written
from cyberpatrol.sharing.orgs import LOCAL_ORG, get_org
from cyberpatrol.sharing.shared import SharedIndicator, shared_indicators
from cyberpatrol.sharing.stix import NAMESPACE, description

DISTRIBUTION_ORG_ONLY = 0
ANALYSIS_ONGOING = 1
THREAT_LEVEL_MEDIUM = 2


def misp_uuid(*parts: str) -> str:
    """A UUIDv5 over ``parts`` (the same parts always give the same uuid)."""
    return str(uuid.uuid5(NAMESPACE, chr(31).join(("misp", *parts))))


def machine_tag(namespace: str, value: str) -> str:
    """``namespace="value"`` with the quotes in ``value`` dropped (tags are not escaped)."""
    return f'{namespace}="{value.replace(chr(34), "")}"'


def _attribute(e: MISPEvent, s: SharedIndicator) -> None:
    f = written(s.type, s.value)
    kwargs: dict[str, Any] = {
        "category": f.misp_category,
        "uuid": misp_uuid("attribute", s.type, s.value),
        "comment": description(s),
    }
    if s.first_seen:
        kwargs["first_seen"] = s.first_seen
        kwargs["last_seen"] = max(s.last_seen or s.first_seen, s.first_seen)
    attr = e.add_attribute(f.misp, s.value, **kwargs)
    assert not isinstance(attr, list)
    attr.add_tag(tlp.levels()[s.tlp].misp_tag)
    if f.misp == "text":
        attr.add_tag(machine_tag(MISP_TYPE_TAG, s.type))
    if s.category:
        attr.add_tag(machine_tag(MISP_CATEGORY_TAG, s.category))


def build_event(
    shared: Iterable[SharedIndicator], *, producer: str, recipient: str, key: str
) -> MISPEvent:
    """One event holding ``shared``; ``key`` (recipient and filter) fixes its uuid."""
    items = list(shared)
    e = MISPEvent()
    e.uuid = misp_uuid("event", key)
    e.info = (
        f"cyberpatrol 共有指標: 犯罪実行者募集情報等で確認された連絡先・送金先（{recipient} 向け）"
    )
    e.distribution = DISTRIBUTION_ORG_ONLY
    e.analysis = ANALYSIS_ONGOING
    e.threat_level_id = THREAT_LEVEL_MEDIUM
    seen = [when for s in items if (when := s.last_seen or s.first_seen) is not None]
    e.date = max(seen).date() if seen else datetime.now(UTC).date()
    orgc = MISPOrganisation()
    orgc.name = producer
    orgc.uuid = misp_uuid("organisation", producer)
    e.Orgc = orgc
    levels = [s.tlp for s in items] or ["CLEAR"]
    strictest = max(levels, key=tlp.rank)
    e.add_tag(tlp.levels()[strictest].misp_tag)
    for s in items:
        _attribute(e, s)
    return e


def event_for(
    conn: Connection, org_id: int, shared: list[SharedIndicator], *, key: str = ""
) -> dict[str, Any]:
    """``shared`` as the MISP JSON (``{"Event": {...}}``) organisation ``org_id`` receives."""
    recipient = get_org(conn, org_id)
    e = build_event(
        shared,
        producer=get_org(conn, LOCAL_ORG).label,
        recipient=recipient.label,
        key=chr(31).join((recipient.name, key)),
    )
    found: dict[str, Any] = orjson.loads(e.to_json())
    return {"Event": found}


def event(
    conn: Connection,
    org_id: int,
    *,
    types: list[str] | None = None,
    added_after: datetime | None = None,
) -> dict[str, Any]:
    """Every indicator ``org_id`` may receive, as one MISP event.

    The event's uuid depends on the organisation and ``types``: exporting again (later,
    or with ``added_after``) updates the same event at the recipient.
    """
    shared = shared_indicators(conn, org_id, types=types, added_after=added_after)
    return event_for(conn, org_id, shared, key=",".join(sorted(types or [])))


__all__ = ["build_event", "event", "event_for", "machine_tag", "misp_uuid"]
