"""Recruitment text hidden in images: render labelled posts into images, read
them back with OCR, and measure what the engine still catches.

Each chosen post becomes an image-only post (empty text, one image), so every
flag depends on OCR. Recall is reported on recruitment posts and the
false-positive rate on hard negatives, next to the same posts' figures as text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cyberpatrol.engine import Engine
from cyberpatrol.learn.dataset import Example
from cyberpatrol.model import Item
from cyberpatrol.ocr import OcrConfig, OcrPool, render_text_image
from cyberpatrol.robustness.suite import Rates, suite_examples


def image_eval(
    engine: Engine,
    examples: Sequence[Example],
    workdir: Path,
    *,
    background: str = "plain",
    fmt: str = "PNG",
    workers: int = 1,
    limit: int | None = None,
    tick: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    chosen = suite_examples(examples)
    if limit is not None:
        # Keep both classes: alternate positives and negatives up to the limit.
        pos = [e for e in chosen if e.label == 1]
        neg = [e for e in chosen if e.label == 0]
        chosen = [*pos[: (limit + 1) // 2], *neg[: limit // 2]]
    suffix = ".jpg" if fmt.upper() in ("JPEG", "JPG") else f".{fmt.lower()}"
    paths = []
    for n, ex in enumerate(chosen):
        path = workdir / f"post-{n:05d}{suffix}"
        render_text_image(ex.item.text, path, fmt=fmt, background=background, seed=n)  # type: ignore[arg-type]
        paths.append(path)
    as_text = Rates()
    as_image = Rates()
    unreadable = 0
    started = time.perf_counter()
    with OcrPool(OcrConfig(workers=workers)) as pool:
        jobs = [pool.submit([str(p)]) for p in paths]
        for ex, job in zip(chosen, jobs, strict=True):
            images = job.result()
            unreadable += sum(1 for im in images if not im.text)
            post = Item(id=ex.item.id, text="", images=tuple(im.path for im in images))
            image_result = engine.analyze(post, images)
            text_result = engine.analyze(ex.item)
            as_image.add(ex.label, image_result.flagged)
            as_text.add(ex.label, text_result.flagged)
            if tick:
                tick(1)
    seconds = time.perf_counter() - started
    return {
        "background": background,
        "format": fmt,
        "images": len(paths),
        "unreadable": unreadable,
        "as_image": _rates(as_image),
        "as_text": _rates(as_text),
        "ocr_workers": workers,
        "seconds": round(seconds, 1),
        "images_per_second": round(len(paths) / seconds, 2) if seconds else None,
        "images_per_second_per_worker": round(len(paths) / seconds / workers, 2)
        if seconds
        else None,
    }


def _rates(r: Rates) -> dict[str, Any]:
    d = r.to_dict()
    del d["changed"]
    return d
