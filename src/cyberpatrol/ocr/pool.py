"""A bounded pool of OCR workers: one task per post, all its images in order.

Tesseract runs as a subprocess, so threads give real parallelism. At most
``max_in_flight`` posts are queued or running; :meth:`OcrPool.submit` blocks
until one finishes (backpressure), so a fast reader cannot pile up an
unbounded queue of images in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from cyberpatrol.ocr.reader import (
    ImageText,
    OcrConfig,
    image_warning,
    limit_tesseract_threads,
    read_image,
)


class OcrPool:
    """Reads the images of posts on ``config.workers`` threads.

    Use as a context manager, or call :meth:`close` when done. With
    ``config.enabled`` false no thread is started and every post gets an empty
    result at once (it is scored on its text alone).
    """

    def __init__(self, config: OcrConfig | None = None) -> None:
        self.config = config or OcrConfig()
        self._slots = threading.BoundedSemaphore(self.config.max_in_flight)
        self._lock = threading.Lock()
        self._closed = False
        self._executor: ThreadPoolExecutor | None = None
        if self.config.enabled:
            limit_tesseract_threads(self.config)
            self._executor = ThreadPoolExecutor(
                max_workers=self.config.workers, thread_name_prefix="cyberpatrol-ocr"
            )

    def submit(
        self, images: Sequence[str], *, base_dir: Path | None = None
    ) -> Future[tuple[ImageText, ...]]:
        """Queue the images of one post; the future holds one result per image, in order.

        Blocks while ``max_in_flight`` posts are pending. A post without images,
        or any post when OCR is disabled, gets an already-completed empty result.
        Raises :class:`RuntimeError` after :meth:`close`.
        """
        if self._closed:
            raise RuntimeError("OcrPool is closed")
        if isinstance(images, str):
            raise TypeError("submit() takes a sequence of paths, not one path string")
        paths = tuple(images)
        if self._executor is None or not paths:
            done: Future[tuple[ImageText, ...]] = Future()
            done.set_result(())
            return done
        self._slots.acquire()
        try:
            future = self._executor.submit(self._read_post, paths, base_dir)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(self._release)
        return future

    def _release(self, _future: Future[tuple[ImageText, ...]]) -> None:
        self._slots.release()

    def _read_post(self, paths: tuple[str, ...], base_dir: Path | None) -> tuple[ImageText, ...]:
        limit = self.config.max_images
        out = []
        for index, path in enumerate(paths, start=1):
            if index > limit:
                reason = f"not read: the post has more than {limit} images"
                out.append(ImageText(index, path, "", image_warning(index, path, reason)))
                continue
            try:
                out.append(read_image(path, index, self.config, base_dir=base_dir))
            except Exception as exc:  # a bug must not lose the post's other images
                reason = f"internal OCR error: {type(exc).__name__}: {exc}"
                out.append(ImageText(index, path, "", image_warning(index, path, reason)))
        return tuple(out)

    def close(self, *, wait: bool = True) -> None:
        """Stop accepting posts and let queued ones finish (when ``wait``). Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=wait)

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
