"""What imports share: the report, the errors, and the checks every value passes.

A value is accepted only when it canonicalises as one of our indicator types
(:func:`cyberpatrol.indicators.canonical`), holds no control characters, is not too
long and is not a hub; the TLP of an object is the strictest TLP among its marking
refs or tags (TLP 2.0 and TLP 1.0 ids, ``tlp:`` tags), else the one it inherits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from cyberpatrol.errors import InputError
from cyberpatrol.indicators import canonical, default_hubs
from cyberpatrol.sharing import tlp

MAX_BYTES = 20 * 1024 * 1024
"""The largest bundle or event read (20 MB)."""
MAX_OBJECTS = 100_000
"""The most STIX objects or MISP attributes one import may hold."""
MAX_VALUE_CHARS = 2048
MAX_LISTED = 1000
"""Rejections listed one by one in a report (the rest are counted)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadImport(InputError):
    """A file that cannot be imported at all (its objects are never half-imported)."""

    def __init__(self, reason: str, *, source: str = "-") -> None:
        self.reason = reason
        self.source = source
        self.line = 0
        Exception.__init__(self, f"{source}: {reason}")


@dataclass(frozen=True)
class Rejection:
    ref: str
    """The STIX id or MISP uuid (or position) of the object."""
    reason: str


@dataclass
class ImportReport:
    format: str
    organisation: str
    objects: int = 0
    """STIX objects or MISP attributes read."""
    indicators: int = 0
    """Objects accepted as indicators."""
    created: int = 0
    """Indicators new here."""
    linked: int = 0
    """Indicators known here already, now also reported by the partner."""
    updated: int = 0
    """The partner's earlier report of an indicator, changed (TLP, times, category)."""
    unchanged: int = 0
    """Reports imported before, as they were (importing again adds nothing)."""
    skipped: int = 0
    """Objects that are not indicators (identities, markings, relationships, deleted…)."""
    rejected: list[Rejection] = field(default_factory=list)
    rejected_count: int = 0

    def reject(self, ref: str, reason: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_LISTED:
            self.rejected.append(Rejection(str(ref)[:200], reason[:500]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "organisation": self.organisation,
            "objects": self.objects,
            "indicators": self.indicators,
            "created": self.created,
            "linked": self.linked,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": self.rejected_count,
            "rejections": [{"ref": r.ref, "reason": r.reason} for r in self.rejected],
        }


@dataclass(frozen=True)
class Candidate:
    """One accepted object: an indicator as the partner reported it."""

    type: str
    value: str
    tlp: str
    source_ref: str
    first_seen: datetime
    last_seen: datetime
    category: str | None = None


class Rejected(ValueError):
    """One object cannot be imported (the message is the reason)."""


def load_json(raw: bytes | str | dict[str, Any] | list[Any], source: str) -> Any:
    if isinstance(raw, dict | list):
        return raw
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > MAX_BYTES:
        raise BadImport(
            f"{size / 1e6:.1f} MB: at most {MAX_BYTES // (1024 * 1024)} MB per import",
            source=source,
        )
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadImport(f"not JSON: {exc}", source=source) from exc


def aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def check_value(kind_hints: Iterable[str], raw: Any) -> tuple[str, str]:
    """``(type, canonical value)`` of the first hinted type ``raw`` is a value of."""
    if not isinstance(raw, str | int):
        raise Rejected("the value is not text")
    text = str(raw)
    if not text.strip():
        raise Rejected("empty value")
    if len(text) > MAX_VALUE_CHARS:
        raise Rejected(f"value longer than {MAX_VALUE_CHARS} characters")
    if _CONTROL.search(text):
        raise Rejected("value holds control characters (line breaks, tabs…)")
    kinds = list(kind_hints)
    errors = []
    for kind in kinds:
        try:
            value = canonical(kind, text)
        except KeyError:
            raise Rejected(f"unknown indicator type {kind!r}") from None
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if _CONTROL.search(value):
            raise Rejected("value holds control characters (line breaks, tabs…)")
        reason = default_hubs().reason(kind, value)
        if reason is not None:
            raise Rejected(f"{kind} {value!r} is a hub value ({reason}): it identifies nobody")
        return kind, value
    raise Rejected("; ".join(errors) or "no indicator type for this value")


def level_of(refs: Iterable[Any], known: dict[str, str]) -> str | None:
    """The strictest TLP among marking refs or tags (None when none is a TLP)."""
    found = []
    for ref in refs:
        if not isinstance(ref, str):
            continue
        if ref in known:
            found.append(known[ref])
            continue
        try:
            found.append(tlp.parse(ref))
        except ValueError:
            continue
    return max(found, key=tlp.rank) if found else None


__all__ = [
    "MAX_BYTES",
    "MAX_OBJECTS",
    "BadImport",
    "Candidate",
    "ImportReport",
    "Rejected",
    "Rejection",
    "aware",
    "check_value",
    "level_of",
    "load_json",
]
