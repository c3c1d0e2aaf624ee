"""Explicit conversion between domain objects (:mod:`cyberpatrol.model`) and table rows.

Rows are plain dicts on the way in (ready for bulk ``INSERT``) and SQLAlchemy
``Row`` mappings on the way out. Nothing else in the package sees rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cyberpatrol.indicators import tags as indicator_tags
from cyberpatrol.model import TEXT_SOURCE, Evidence, Finding, Indicator, Item, Result


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text, to spot identical posts cheaply."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def post_row(result: Result, now: datetime) -> dict[str, Any]:
    """The ``posts`` row for one result (``first_seen_at`` = ``last_seen_at`` = ``now``)."""
    item = result.item
    return {
        "platform": item.platform,
        "external_id": item.id,
        "author": item.author,
        "url": item.url,
        "created_at": item.created_at,
        "text": item.text,
        "text_sha256": text_sha256(item.text),
        "images": list(item.images),
        "reply_to": item.reply_to,
        "meta": dict(item.meta),
        "truncated_from": item.truncated_from,
        "flagged": result.flagged,
        "score": result.score,
        "category": result.category,
        "first_seen_at": now,
        "last_seen_at": now,
    }


def scan_rows(result: Result, post_id: int, now: datetime) -> list[dict[str, Any]]:
    """``scan_results`` rows: one per (detector, version) among the result's findings.

    When a detector produced several findings, the highest-scoring one is kept.
    A row is ``flagged`` when the result is flagged and that detector's finding
    has the verdict's category.
    """
    top: dict[tuple[str, str], Finding] = {}
    for finding in result.findings:
        key = (finding.detector, finding.detector_version)
        best = top.get(key)
        if best is None or finding.score > best.score:
            top[key] = finding
    return [
        {
            "post_id": post_id,
            "detector": f.detector,
            "detector_version": f.detector_version,
            "score": f.score,
            "flagged": result.flagged and f.category == result.category,
            "category": f.category,
            "evidence": [evidence_to_json(e) for e in f.evidence],
            "explanation": list(f.explanation),
            "scanned_at": now,
        }
        for f in top.values()
    ]


def evidence_to_json(evidence: Evidence) -> dict[str, Any]:
    """Every field of one evidence span, losslessly (unlike :meth:`Evidence.to_dict`)."""
    return {
        "start": evidence.start,
        "end": evidence.end,
        "text": evidence.text,
        "reason": evidence.reason,
        "signal": evidence.signal,
        "weight": evidence.weight,
        "steps": list(evidence.steps),
        "source": evidence.source,
    }


def evidence_from_json(data: Mapping[str, Any]) -> Evidence:
    """Inverse of :func:`evidence_to_json`; tolerant of missing optional keys."""
    return Evidence(
        start=int(data["start"]),
        end=int(data["end"]),
        text=str(data["text"]),
        reason=str(data["reason"]),
        signal=str(data.get("signal", "")),
        weight=float(data.get("weight", 0.0)),
        steps=tuple(str(s) for s in data.get("steps", ())),
        source=str(data.get("source", TEXT_SOURCE)),
    )


def item_from_row(row: Mapping[Any, Any]) -> Item:
    """The domain item stored in a ``posts`` row."""
    return Item(
        id=row["external_id"],
        text=row["text"],
        platform=row["platform"],
        author=row["author"],
        url=row["url"],
        created_at=row["created_at"],
        images=tuple(row["images"]),
        reply_to=row["reply_to"],
        meta=dict(row["meta"]),
        truncated_from=row["truncated_from"],
    )


def finding_from_row(row: Mapping[Any, Any]) -> Finding:
    """The finding stored in a ``scan_results`` row."""
    return Finding(
        detector=row["detector"],
        detector_version=row["detector_version"],
        category=row["category"],
        score=float(row["score"]),
        evidence=tuple(evidence_from_json(e) for e in row["evidence"]),
        explanation=tuple(str(x) for x in row["explanation"]),
    )


def indicator_from_row(row: Mapping[Any, Any]) -> Indicator:
    """An indicator mention from a ``post_indicators`` ⨝ ``indicators`` row."""
    return Indicator(
        type=row["type"],
        value=row["value"],
        start=row["span_start"],
        end=row["span_end"],
        text=row["text"],
        source=row["source"],
        tags=indicator_tags(row["type"], row["value"]),
    )
