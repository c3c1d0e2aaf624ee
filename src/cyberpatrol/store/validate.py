"""Checks run by :meth:`Store.save` before anything is written.

They reject what one of the databases would refuse (NUL characters, over-long
keys, non-finite scores), so both dialects accept exactly the same input and a
bad record never aborts a batch half-way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, String

from cyberpatrol.errors import StoreError
from cyberpatrol.model import Result
from cyberpatrol.store import tables


def _limit(column: Column[Any]) -> int | None:
    return column.type.length if isinstance(column.type, String) else None


_KEY_LIMITS = {
    "platform": _limit(tables.posts.c.platform),
    "id": _limit(tables.posts.c.external_id),
    "detector": _limit(tables.scan_results.c.detector),
    "detector_version": _limit(tables.scan_results.c.detector_version),
    "category": _limit(tables.scan_results.c.category),
    "indicator type": _limit(tables.indicators.c.type),
}
_INDICATOR_VALUE_LIMIT = 2000
"""Indicator values sit in a unique index; PostgreSQL B-tree entries are limited."""


def validate_results(results: Sequence[Result]) -> None:
    """Raise :class:`StoreError` (or ``TypeError``) naming the first unusable result."""
    if isinstance(results, (str, bytes)) or not isinstance(results, Sequence):
        raise TypeError(f"save() expects a sequence of Result, got {type(results).__name__}")
    for index, result in enumerate(results):
        if not isinstance(result, Result):
            raise TypeError(f"save(): element {index} is {type(result).__name__}, not Result")
        _validate_one(result)


def _validate_one(result: Result) -> None:
    item = result.item
    where = f"post {item.platform!r}/{item.id!r}"
    if not item.id:
        raise StoreError(f"{where}: empty id")
    if not item.platform:
        raise StoreError(f"{where}: empty platform")
    _check_key("platform", item.platform, where)
    _check_key("id", item.id, where)
    if not _finite_unit(result.score):
        raise StoreError(f"{where}: score {result.score!r} outside [0, 1]")
    if result.category is not None:
        _check_key("category", result.category, where)
    for finding in result.findings:
        _check_key("detector", finding.detector, where)
        _check_key("detector_version", finding.detector_version, where)
        _check_key("category", finding.category, where)
        if not _finite_unit(finding.score):
            raise StoreError(f"{where}: {finding.detector} score {finding.score!r} not finite")
        for ev in finding.evidence:
            _check_text(ev.text, where, "evidence text")
            _check_text(ev.reason, where, "evidence reason")
            if not math.isfinite(ev.weight):
                raise StoreError(f"{where}: evidence weight {ev.weight!r} not finite")
        _check_all(finding.explanation, where, "explanation")
    for ind in result.indicators:
        _check_key("indicator type", ind.type, where)
        if len(ind.value) > _INDICATOR_VALUE_LIMIT:
            raise StoreError(f"{where}: indicator value longer than {_INDICATOR_VALUE_LIMIT}")
        _check_text(ind.value, where, "indicator value")
        _check_text(ind.text, where, "indicator text")
    _check_text(item.text, where, "text")
    _check_all((s for s in (item.author, item.url, item.reply_to) if s is not None), where, "field")
    _check_all(item.images, where, "image")
    _check_json(item.meta, where)


def _finite_unit(score: float) -> bool:
    return math.isfinite(score) and 0.0 <= score <= 1.0


def _check_key(name: str, value: str, where: str) -> None:
    limit = _KEY_LIMITS[name]
    if limit is not None and len(value) > limit:
        raise StoreError(f"{where}: {name} longer than {limit} characters")
    _check_text(value, where, name)


def _check_text(value: str, where: str, what: str) -> None:
    if "\x00" in value:
        raise StoreError(f"{where}: {what} contains a NUL character, which cannot be stored")


def _check_all(values: Iterable[str], where: str, what: str) -> None:
    for value in values:
        _check_text(value, where, what)


def _check_json(value: Any, where: str) -> None:
    """NUL characters anywhere in ``meta`` (keys or values) are refused as well."""
    if isinstance(value, str):
        _check_text(value, where, "meta")
    elif isinstance(value, Mapping):
        for key, sub in value.items():
            _check_json(str(key), where)
            _check_json(sub, where)
    elif isinstance(value, (list, tuple)):
        for sub in value:
            _check_json(sub, where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise StoreError(f"{where}: meta contains a non-finite number")
