"""STIX 2.1: what an organisation may receive, as indicators with patterns and TLP 2.0.

Each shared indicator is a STIX ``indicator`` with a pattern over the observable that
holds its value (``data/share_formats.toml``): STIX 2.1's own observables where it has
one, OpenCTI's custom observables (``phone-number``, ``bank-account``,
``cryptocurrency-wallet``) where it has not. Every object is marked with the TLP 2.0
``marking-definition`` OASIS published for its level (``data/tlp.toml``), and created
by this installation's ``identity``.

Ids are UUIDv5 over the type and canonical value, so exporting again gives the same
ids and a recipient updates what it has instead of duplicating it. Values are
criminals' text: quotes and backslashes are escaped in patterns (see :func:`escape`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.formats import written
from cyberpatrol.sharing.orgs import LOCAL_ORG
from cyberpatrol.sharing.shared import SharedIndicator, shared_indicators
from cyberpatrol.store import tables

NAMESPACE = uuid.UUID("60e06af9-baf9-481c-91ed-baa7d80c23bc")
"""The UUIDv5 namespace of this project's STIX and MISP ids."""
TLP_CREATED = "2022-10-01T00:00:00.000Z"
"""When OASIS created the TLP 2.0 marking definitions."""
MEDIA_TYPE = "application/stix+json;version=2.1"
INDICATOR_TYPES = ["malicious-activity"]


def timestamp(when: datetime, *, micro: bool = False) -> str:
    """A STIX timestamp in UTC (milliseconds, or microseconds for TAXII's date_added)."""
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    frac = f"{when.microsecond:06d}" if micro else f"{when.microsecond // 1000:03d}"
    return f"{when:%Y-%m-%dT%H:%M:%S}.{frac}Z"


def parse_timestamp(raw: str) -> datetime:
    """A STIX/TAXII timestamp (``2026-01-02T03:04:05.678Z``) as an aware datetime.

    Raises :class:`ValueError` for anything else.
    """
    s = raw.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    when = datetime.fromisoformat(s)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def object_id(kind: str, *parts: str) -> str:
    """``kind--<UUIDv5>`` over ``parts``: the same parts always give the same id."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, chr(31).join(parts))}"


def indicator_id(kind: str, value: str) -> str:
    return object_id("indicator", kind, value)


def marking_definition(level: str) -> dict[str, Any]:
    """The TLP 2.0 marking definition of ``level`` exactly as OASIS published it.

    (cti-stix-common-objects, extension-definition-specifications/tlp-2.0/examples.)
    """
    found = tlp.levels()[tlp.parse(level)]
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": found.stix_id,
        "created": TLP_CREATED,
        "name": f"TLP:{found.name}",
        "extensions": {
            tlp.STIX_EXTENSION: {
                "extension_type": "property-extension",
                "tlp_2_0": found.name.lower(),
            }
        },
    }


def marking_definitions() -> list[dict[str, Any]]:
    """The five TLP 2.0 marking definitions, least restrictive first."""
    return [marking_definition(name) for name in tlp.levels()]


def identity(conn: Connection) -> dict[str, Any]:
    """This installation (the organisation that runs it) as a STIX ``identity``."""
    o = tables.organisations
    row = conn.execute(select(o).where(o.c.id == LOCAL_ORG)).one()
    created = timestamp(row.created_at or datetime(2022, 10, 1, tzinfo=UTC))
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": object_id("identity", "organisation", row.name),
        "created": created,
        "modified": created,
        "name": row.label,
        "identity_class": "organization",
        "description": "cyberpatrol（犯罪実行者募集情報等のサイバーパトロール）を運用する組織",
        "object_marking_refs": [tlp.levels()["CLEAR"].stix_id],
    }


def escape(value: str) -> str:
    """``value`` as the inside of a STIX pattern string literal ('…').

    The grammar knows two escapes, ``\\'`` and ``\\\\``; anything else (line breaks,
    brackets, ``'] OR [``) is plain text inside the quotes once these are escaped.
    """
    return value.replace("\\", "\\\\").replace("'", "\\'")


def pattern(kind: str, value: str) -> str:
    """The STIX pattern matching the canonical ``value`` of indicator type ``kind``."""
    f = written(kind, value)
    compare = f"{f.stix_object}:{f.stix_property} = '{escape(value)}'"
    if f.account_type:
        compare += f" AND {f.stix_object}:account_type = '{escape(f.account_type)}'"
    return f"[{compare}]"


def _labels(kind: str) -> str:
    from cyberpatrol.linking.campaigns import indicator_types

    t = indicator_types().get(kind)
    return t.label if t else kind


def _category_label(category: str | None) -> str | None:
    from cyberpatrol.cases.taxonomy import load_taxonomy

    return load_taxonomy().label(category) if category else None


def description(s: SharedIndicator) -> str:
    """What the indicator is, in Japanese, for the people who read the bundle."""
    kind = _labels(s.type)
    category = _category_label(s.category)
    what = f"「{category}」に該当する投稿等で" if category else "パートナーの報告で"
    return f"{what}確認された{kind}（報告 {s.reports} 件、TLP:{s.tlp}）"


def indicator_object(s: SharedIndicator, *, created_by: str | None = None) -> dict[str, Any]:
    """One shared indicator as a STIX ``indicator``."""
    first = s.first_seen or s.added_at or datetime.now(UTC)
    created = s.added_at or first
    modified = max(created, s.last_seen or first)
    obj: dict[str, Any] = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": indicator_id(s.type, s.value),
        "created": timestamp(created),
        "modified": timestamp(modified),
        "name": f"{_labels(s.type)}: {s.value}"[:300],
        "description": description(s),
        "indicator_types": INDICATOR_TYPES,
        "pattern": pattern(s.type, s.value),
        "pattern_type": "stix",
        "pattern_version": "2.1",
        "valid_from": timestamp(first),
        "object_marking_refs": [tlp.levels()[s.tlp].stix_id],
    }
    if created_by:
        obj["created_by_ref"] = created_by
    if s.category:
        obj["labels"] = [s.category]
    return obj


def indicator_objects(
    shared: Iterable[SharedIndicator], *, created_by: str | None = None
) -> list[dict[str, Any]]:
    return [indicator_object(s, created_by=created_by) for s in shared]


def bundle_of(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}


def bundle_for(conn: Connection, shared: list[SharedIndicator]) -> dict[str, Any]:
    """A bundle of ``shared`` with this installation's identity and the markings used."""
    me = identity(conn)
    used = {s.tlp for s in shared} | {"CLEAR"}
    markings = [marking_definition(name) for name in tlp.levels() if name in used]
    return bundle_of([me, *markings, *indicator_objects(shared, created_by=me["id"])])


def bundle(
    conn: Connection,
    org_id: int,
    *,
    types: list[str] | None = None,
    added_after: datetime | None = None,
) -> dict[str, Any]:
    """Every indicator ``org_id`` may receive, with the identity and markings they use."""
    return bundle_for(conn, shared_indicators(conn, org_id, types=types, added_after=added_after))


__all__ = [
    "MEDIA_TYPE",
    "NAMESPACE",
    "bundle",
    "bundle_for",
    "bundle_of",
    "escape",
    "identity",
    "indicator_id",
    "indicator_object",
    "indicator_objects",
    "marking_definition",
    "marking_definitions",
    "object_id",
    "parse_timestamp",
    "pattern",
    "timestamp",
]
