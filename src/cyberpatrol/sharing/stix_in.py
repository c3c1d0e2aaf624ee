"""Reading a STIX 2.1 bundle: indicators whose patterns name one value of ours.

A pattern is read when it is one observation of ``=`` comparisons joined by AND over
one observable type, e.g. ``[phone-number:value = '+81…']`` or
``[user-account:account_login = '…' AND user-account:account_type = 'telegram']``
(``data/share_formats.toml``). Other objects (identities, relationships, observables…)
are skipped; marking definitions are read for their TLP level.
"""

from __future__ import annotations

import re
from typing import Any

from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.formats import stix_type
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

_INDICATOR_VOCAB = frozenset(
    {
        "anomalous-activity",
        "anonymization",
        "attribution",
        "benign",
        "compromised",
        "malicious-activity",
        "unknown",
    }
)
"""STIX's indicator-type-ov: labels that are not a category."""


def _unescape(literal: str) -> str:
    """The text of a STIX pattern string literal (``\\'`` and ``\\\\`` undone)."""
    return re.sub(r"\\(.)", r"\1", literal, flags=re.DOTALL)


def _comparisons(pattern: str) -> dict[tuple[str, str], str]:
    """``{(object type, property): value}`` of a one-observation, all-``=``/AND pattern."""
    from stix2.pattern_visitor import create_pattern_object
    from stix2.patterns import (
        AndBooleanExpression,
        BasicObjectPathComponent,
        EqualityComparisonExpression,
        ObservationExpression,
        StringConstant,
    )

    try:
        obs = create_pattern_object(pattern, version="2.1")
    except Exception as exc:  # the pattern parser raises many kinds
        raise Rejected(f"not a STIX pattern: {str(exc)[:200]}") from exc
    if not isinstance(obs, ObservationExpression):
        raise Rejected("a pattern of several observations: send one indicator per value")
    expr = obs.operand
    parts = expr.operands if isinstance(expr, AndBooleanExpression) else [expr]
    out: dict[tuple[str, str], str] = {}
    for c in parts:
        if not (
            isinstance(c, EqualityComparisonExpression)
            and not c.negated
            and isinstance(c.rhs, StringConstant)
            and len(c.lhs.property_path) == 1
            and isinstance(c.lhs.property_path[0], BasicObjectPathComponent)
        ):
            raise Rejected("only '=' comparisons of values joined by AND are read")
        key = (str(c.lhs.object_type_name), str(c.lhs.property_path[0].property_name))
        if key in out:
            raise Rejected(f"{key[0]}:{key[1]} compared twice")
        out[key] = _unescape(str(c.rhs.value))
    if len({k[0] for k in out}) != 1:
        raise Rejected("a pattern over several observable types")
    return out


def indicator_of_pattern(pattern: str) -> tuple[str, str]:
    """``(type, canonical value)`` a STIX pattern matches; :class:`Rejected` otherwise."""
    found = _comparisons(pattern)
    obj = next(iter(found))[0]
    account_type = found.pop((obj, "account_type"), None) if obj == "user-account" else None
    if len(found) != 1:
        raise Rejected(f"{obj}: one property to compare, not {len(found)}")
    (_, prop), raw = next(iter(found.items()))
    kinds = stix_type(obj, prop, account_type)
    if not kinds:
        shown = f"{obj}:{prop}" + (f" ({account_type})" if account_type else "")
        raise Rejected(f"{shown} is not an indicator type this installation reads")
    return check_value(kinds, raw)


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


def _marking_levels(objects: list[Any]) -> dict[str, str]:
    """TLP level of each marking definition in the bundle (TLP 2.0, TLP 1.0, by name)."""
    out: dict[str, str] = {}
    for obj in objects:
        if not isinstance(obj, dict) or obj.get("type") != "marking-definition":
            continue
        for raw in (
            obj.get("id"),
            _get(_get(obj.get("extensions"), tlp.STIX_EXTENSION), "tlp_2_0"),
            _get(obj.get("definition"), "tlp"),
            obj.get("name"),
        ):
            try:
                out[str(obj.get("id"))] = tlp.parse(str(raw))
                break
            except ValueError:
                continue
    return out


def _stix_candidate(obj: dict[str, Any], marks: dict[str, str]) -> Candidate:
    import stix2

    try:
        parsed = stix2.parse(obj, allow_custom=True)
    except Exception as exc:  # stix2 raises many kinds on hostile input
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise Rejected(f"not valid STIX 2.1: {first_line[:300]}") from exc
    if parsed.get("revoked"):
        raise Rejected("revoked")
    if parsed.get("pattern_type") != "stix":
        raise Rejected(f"pattern type {parsed.get('pattern_type')!r}: only STIX patterns")
    kind, value = indicator_of_pattern(str(parsed["pattern"]))
    first = aware(parsed.get("valid_from") or parsed["created"])
    labels = [str(x) for x in parsed.get("labels", []) if str(x) not in _INDICATOR_VOCAB]
    return Candidate(
        kind,
        value,
        level_of(parsed.get("object_marking_refs", []), marks) or tlp.DEFAULT,
        str(parsed["id"]),
        first,
        first,
        labels[0][:128] if labels else None,
    )


def stix_candidates(data: Any, report: ImportReport, source: str) -> list[Candidate]:
    """The indicators of a bundle (or TAXII envelope, or single object)."""
    if not isinstance(data, dict):
        raise BadImport("not a STIX bundle (a JSON object with objects)", source=source)
    if data.get("type") == "bundle" or "objects" in data:
        objects = data.get("objects", [])  # a bundle or a TAXII envelope
    else:
        objects = [data] if "type" in data else None  # one object
    if not isinstance(objects, list):
        raise BadImport("not a STIX bundle: no list of objects", source=source)
    if len(objects) > MAX_OBJECTS:
        raise BadImport(f"{len(objects)} objects: at most {MAX_OBJECTS}", source=source)
    report.objects = len(objects)
    marks = _marking_levels(objects)
    latest: dict[str, tuple[str, Candidate]] = {}
    for i, obj in enumerate(objects):
        if not isinstance(obj, dict) or obj.get("type") != "indicator":
            report.skipped += 1
            continue
        ref = str(obj.get("id") or f"#{i}")
        try:
            found = _stix_candidate(obj, marks)
        except Rejected as exc:
            report.reject(ref, str(exc))
            continue
        modified = str(obj.get("modified", ""))
        if found.source_ref not in latest or latest[found.source_ref][0] <= modified:
            latest[found.source_ref] = (modified, found)
    return [c for _, c in latest.values()]


__all__ = ["indicator_of_pattern", "stix_candidates"]
