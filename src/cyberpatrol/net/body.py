"""Reading at most N bytes of a response body, whatever the server sends.

The body is read as a stream and reading stops once the cap is passed; the
rest is never read (the connection is closed instead). The fetcher asks for
``Accept-Encoding: identity``; a server that compresses anyway is decoded here
with a bounded ``zlib`` call, because httpx's own decoder inflates a whole
chunk at once and a 64 KiB gzip chunk can expand to tens of megabytes.
Encodings other than gzip and deflate are kept as received.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable

from cyberpatrol.net.errors import FetchFailed

_ZLIB_WBITS = {
    "gzip": 16 + zlib.MAX_WBITS,
    "x-gzip": 16 + zlib.MAX_WBITS,
    "deflate": zlib.MAX_WBITS,
}


class _Inflater:
    """Bounded incremental gzip/deflate decoding (deflate with or without zlib header)."""

    def __init__(self, encoding: str) -> None:
        self._raw_fallback = encoding == "deflate"
        self._zlib = zlib.decompressobj(_ZLIB_WBITS[encoding])

    @property
    def finished(self) -> bool:
        return self._zlib.eof

    def decode(self, data: bytes, limit: int) -> bytes:
        """Up to ``limit`` decoded bytes of ``data`` (``limit`` must be >= 1)."""
        try:
            return self._zlib.decompress(data, limit)
        except zlib.error:
            if not self._raw_fallback:
                raise
            # Some servers send raw deflate without the zlib header.
            self._raw_fallback = False
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._zlib.decompress(data, limit)
        finally:
            self._raw_fallback = False


def read_capped(
    chunks: Iterable[bytes], *, limit: int, content_encoding: str, deadline: float
) -> tuple[bytes, bool]:
    """``(body, truncated)``: at most ``limit`` bytes, and whether there was more.

    Both the bytes read from the network and the decoded bytes are bounded by
    ``limit``. A corrupt compressed body ends the read as truncated. Raises
    :class:`FetchFailed` when ``deadline`` (``time.monotonic()``) passes.
    """
    encoding = content_encoding.strip().lower()
    inflater = _Inflater(encoding) if encoding in _ZLIB_WBITS else None
    pieces: list[bytes] = []  # joined once at the end: the body is held once, plus one copy
    size = raw_read = 0
    for chunk in chunks:
        if time.monotonic() > deadline:
            raise FetchFailed("timeout", "total time limit passed while reading the body")
        raw_read += len(chunk)
        if inflater is None:
            piece = chunk
        else:
            try:
                piece = inflater.decode(chunk, limit + 1 - size)
            except zlib.error:
                return b"".join(pieces), True
        pieces.append(piece)
        size += len(piece)
        if size > limit or raw_read > limit:
            return _join(pieces, limit), True
        if inflater is not None and inflater.finished:
            break
    return b"".join(pieces), False


def _join(pieces: list[bytes], limit: int) -> bytes:
    overflow = sum(map(len, pieces)) - limit
    if overflow > 0:
        pieces[-1] = pieces[-1][: len(pieces[-1]) - overflow]
    return b"".join(pieces)
