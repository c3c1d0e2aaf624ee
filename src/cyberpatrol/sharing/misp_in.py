"""Reading MISP events: attributes of the types ``data/share_formats.toml`` names.

A ``text`` attribute is read when its ``cyberpatrol:indicator-type`` tag names the type,
or when it sits in a ``telegram-account`` / ``instagram-account`` object. Deleted
attributes are skipped. The TLP is the attribute's tag, else its object's, else the
event's, else AMBER.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.formats import MISP_CATEGORY_TAG, MISP_TYPE_TAG, misp_types
from cyberpatrol.sharing.intake import (
    MAX_OBJECTS,
    BadImport,
    Candidate,
    ImportReport,
    Rejected,
    aware,
    check_value,
    level_of,
)

_MISP_OBJECT_TYPES = {"telegram-account": "telegram", "instagram-account": "instagram"}
"""MISP objects whose ``text`` attributes are accounts of one app."""


def _tag_names(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        return []
    return [str(t.get("name", "")) for t in raw if isinstance(t, dict)]


def _machine_tag(tags: list[str], namespace: str) -> str | None:
    prefix = namespace + "="
    for t in tags:
        if t.startswith(prefix):
            return t[len(prefix) :].strip('"')[:128] or None
    return None


def _misp_event(raw: Any, source: str) -> tuple[dict[str, Any], Any]:
    """The event's JSON and its pymisp ``MISPEvent`` (metadata and tags only)."""
    from pymisp import MISPEvent
    from pymisp.exceptions import PyMISPError

    ev = raw.get("Event", raw) if isinstance(raw, dict) else None
    if not isinstance(ev, dict):
        raise BadImport("not a MISP event (a JSON object with Event)", source=source)
    objects = ev.get("Object") or []
    lists = [ev.get("Attribute") or [], objects]
    if isinstance(objects, list):
        lists += [o.get("Attribute") or [] for o in objects if isinstance(o, dict)]
    if not all(isinstance(x, list) for x in lists):
        raise BadImport("not a MISP event: Attribute and Object must be lists", source=source)
    meta = {k: v for k, v in ev.items() if k not in ("Attribute", "Object", "EventReport")}
    event = MISPEvent()
    try:
        event.from_dict(**meta)
    except (PyMISPError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BadImport(f"not a valid MISP event: {exc}", source=source) from exc
    return ev, event


def _misp_attributes(ev: dict[str, Any]) -> Iterator[tuple[Any, str | None, list[str]]]:
    """Every attribute with the name and tags of the object holding it (None: the event)."""
    for a in ev.get("Attribute") or []:
        yield a, None, []
    for o in ev.get("Object") or []:
        if isinstance(o, dict):
            for a in o.get("Attribute") or []:
                yield a, str(o.get("name", "")), _tag_names(o.get("Tag"))


def _misp_candidate(
    raw: Any, object_name: str | None, inherited: str | None, event: Any
) -> Candidate | None:
    from pymisp import MISPAttribute
    from pymisp.exceptions import PyMISPError

    from cyberpatrol.sharing.misp import misp_uuid

    if not isinstance(raw, dict):
        raise Rejected("not a MISP attribute")
    attr = MISPAttribute()
    try:
        attr.from_dict(**raw)
    except (PyMISPError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise Rejected(f"not a valid MISP attribute: {exc}") from exc
    if attr.get("deleted"):
        return None
    tags = _tag_names(raw.get("Tag"))
    kinds = misp_types(str(attr.type))
    named = _machine_tag(tags, MISP_TYPE_TAG)
    if attr.type == "text":
        if named:
            kinds = [named]
        elif object_name in _MISP_OBJECT_TYPES:
            kinds = [_MISP_OBJECT_TYPES[object_name]]
    if not kinds:
        hint = f' without a {MISP_TYPE_TAG}="…" tag' if attr.type == "text" else ""
        raise Rejected(f"MISP type {attr.type!r}{hint} is not an indicator type read here")
    kind, value = check_value(kinds, attr.value)
    when = attr.get("first_seen") or attr.get("timestamp")
    first = aware(when) if isinstance(when, datetime) else _event_time(event)
    last_raw = attr.get("last_seen")
    last = max(aware(last_raw), first) if isinstance(last_raw, datetime) else first
    ref = str(raw.get("uuid") or misp_uuid("import", str(event.get("uuid")), kind, value))
    if len(ref) > 128:
        raise Rejected("uuid longer than 128 characters")
    return Candidate(
        kind,
        value,
        level_of(tags, {}) or inherited or tlp.DEFAULT,
        ref,
        first,
        last,
        _machine_tag(tags, MISP_CATEGORY_TAG),
    )


def _event_time(event: Any) -> datetime:
    when = event.get("date")
    if isinstance(when, date):
        return datetime(when.year, when.month, when.day, tzinfo=UTC)
    return datetime.now(UTC)


def misp_candidates(data: Any, report: ImportReport, source: str) -> list[Candidate]:
    """The indicators of one MISP event, or of a list of events."""
    events: Any = data
    if isinstance(data, dict):
        events = data.get("response", [data])
    if not isinstance(events, list):
        raise BadImport("not a MISP event (a JSON object with Event)", source=source)
    parsed = [_misp_event(e, source) for e in events]
    total = sum(len(ev.get("Attribute") or []) for ev, _ in parsed) + sum(
        len(o.get("Attribute") or [])
        for ev, _ in parsed
        for o in ev.get("Object") or []
        if isinstance(o, dict)
    )
    if total > MAX_OBJECTS:
        raise BadImport(f"{total} attributes: at most {MAX_OBJECTS}", source=source)
    out: dict[str, Candidate] = {}
    for ev, event in parsed:
        event_level = level_of([t.name for t in event.tags], {})
        for i, (raw, object_name, object_tags) in enumerate(_misp_attributes(ev)):
            report.objects += 1
            ref = str(raw.get("uuid") or f"#{i}") if isinstance(raw, dict) else f"#{i}"
            inherited = level_of(object_tags, {}) or event_level
            try:
                found = _misp_candidate(raw, object_name, inherited, event)
            except Rejected as exc:
                report.reject(ref, str(exc))
                continue
            if found is None:
                report.skipped += 1
            else:
                out[found.source_ref] = found
    return list(out.values())


__all__ = ["misp_candidates"]
