"""Scanning a stream of posts: read → analyse → store → emit, in batches.

Results are emitted only after their batch is committed to the store, so a
post that was reported on stdout is never lost, even after ``kill -9``; and
because the store upserts by (platform, id), re-running after a crash never
duplicates anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberpatrol.engine import Engine
from cyberpatrol.ingest import Accepted, Rejected
from cyberpatrol.model import Result

if TYPE_CHECKING:
    from cyberpatrol.store import Store


@dataclass(slots=True)
class ScanStats:
    """Counts for the closing summary line."""

    accepted: int = 0
    rejected: int = 0
    truncated: int = 0
    flagged: int = 0
    stored: int = 0


def run_scan(
    records: Iterable[Accepted | Rejected],
    *,
    engine: Engine,
    store: Store | None,
    emit: Callable[[Result], None],
    reject: Callable[[Rejected], None],
    warn: Callable[[Accepted, str], None],
    batch_size: int = 500,
) -> ScanStats:
    """Analyse every accepted record; report rejects and warnings as they come."""
    stats = ScanStats()
    batch: list[Result] = []

    def flush() -> None:
        if store is not None and batch:
            store.save(batch)
            stats.stored += len(batch)
        for r in batch:
            emit(r)
        batch.clear()

    for record in records:
        if isinstance(record, Rejected):
            stats.rejected += 1
            reject(record)
            continue
        stats.accepted += 1
        for w in record.warnings:
            warn(record, w)
        if record.item.truncated_from is not None:
            stats.truncated += 1
        result = engine.analyze(record.item)
        stats.flagged += result.flagged
        batch.append(result)
        if len(batch) >= batch_size:
            flush()
    flush()
    return stats
