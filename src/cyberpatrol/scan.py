"""Scanning a stream of posts: read → (OCR) → analyse → store → emit, in batches.

Results are emitted only after their batch is committed to the store, so a
post that was reported on stdout is never lost, even after ``kill -9``; and
because the store upserts by (platform, id), re-running after a crash never
duplicates anything.

Posts with images are handed to the OCR pool and analysed when their text has
been read; meanwhile the posts behind them are analysed as they come, so OCR
never holds up the text path. Results still leave in input order (the pool's
bounded queue limits how far ahead the text path runs).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cyberpatrol.engine import Engine
from cyberpatrol.ingest import Accepted, Rejected
from cyberpatrol.ingest.reader import STDIN_SOURCE
from cyberpatrol.model import Result

if TYPE_CHECKING:
    from cyberpatrol.ocr import ImageText as OcrImage
    from cyberpatrol.ocr import OcrPool
    from cyberpatrol.store import Store


@dataclass(slots=True)
class ScanStats:
    """Counts for the closing summary line."""

    accepted: int = 0
    rejected: int = 0
    truncated: int = 0
    flagged: int = 0
    stored: int = 0


MAX_PENDING = 10_000
"""Results held back (for input order) behind posts still in OCR, at most."""


def image_base(source: str) -> Path | None:
    """Relative image paths in a file resolve against that file's directory."""
    return None if source == STDIN_SOURCE else Path(source).resolve().parent


def run_scan(
    records: Iterable[Accepted | Rejected],
    *,
    engine: Engine,
    store: Store | None,
    emit: Callable[[Result], None],
    reject: Callable[[Rejected], None],
    warn: Callable[[Accepted, str], None],
    batch_size: int = 500,
    ocr: Callable[[], OcrPool] | None = None,
) -> ScanStats:
    """Analyse every accepted record; report rejects and warnings as they come.

    ``ocr`` makes the OCR pool; it is called when the first post with images
    arrives (a run without images never loads the OCR libraries), and the pool
    is closed when the run ends. Without it, posts are scored on their text.
    """
    stats = ScanStats()
    pool: OcrPool | None = None
    batch: list[Result] = []
    # Accepted records in input order, each with its finished result or its OCR job.
    pending: deque[tuple[Accepted, Result | Future[tuple[OcrImage, ...]]]] = deque()

    def flush() -> None:
        if store is not None and batch:
            store.save(batch)
            stats.stored += len(batch)
        for r in batch:
            emit(r)
        batch.clear()

    def settle(wait: bool) -> None:
        # wait=True finishes the head of the queue and everything ready behind it.
        while pending:
            record, outcome = pending[0]
            if isinstance(outcome, Future):
                if not wait and not outcome.done():
                    return
                images = outcome.result()
                for im in images:
                    if im.warning:
                        warn(record, im.warning)
                outcome = engine.analyze(record.item, images)
            pending.popleft()
            stats.flagged += outcome.flagged
            batch.append(outcome)
            if len(batch) >= batch_size:
                flush()

    try:
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
            if ocr is not None and record.item.images:
                pool = pool or ocr()
                job = pool.submit(record.item.images, base_dir=image_base(record.source))
                pending.append((record, job))
            else:
                pending.append((record, engine.analyze(record.item)))
            # Past MAX_PENDING results waiting behind an OCR job, wait for it.
            settle(wait=len(pending) > MAX_PENDING)
        settle(wait=True)
        flush()
    finally:
        if pool is not None:
            pool.close()
    return stats
