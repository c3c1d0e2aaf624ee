"""read_capped(): the cap holds for plain and compressed bodies; the deadline holds."""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator

import pytest

from cyberpatrol.net.body import read_capped
from cyberpatrol.net.errors import FetchFailed

FAR = float("inf")


def _chunks(data: bytes, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize(
    ("size", "limit", "body_length", "truncated"),
    [(0, 10, 0, False), (9, 10, 9, False), (10, 10, 10, False), (11, 10, 10, True)],
)
def test_plain_body(size: int, limit: int, body_length: int, truncated: bool) -> None:
    body, cut = read_capped(_chunks(b"x" * size, 3), limit=limit, content_encoding="", deadline=FAR)
    assert (len(body), cut) == (body_length, truncated)


def test_reading_stops_after_the_cap() -> None:
    pulled = []

    def endless() -> Iterator[bytes]:
        while True:
            pulled.append(1)
            yield b"y" * 1000

    body, truncated = read_capped(endless(), limit=5000, content_encoding="", deadline=FAR)
    assert truncated and len(body) == 5000 and len(pulled) == 6


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # raw deflate
        (" GZIP ", gzip.compress),
    ],
)
def test_compressed_body_is_decoded(encoding: str, compress: object) -> None:
    data = "このページは存在しません".encode() * 100
    wire = compress(data)  # type: ignore[operator]
    body, truncated = read_capped(
        _chunks(wire), limit=10**6, content_encoding=encoding, deadline=FAR
    )
    assert (body, truncated) == (data, False)


def test_decompression_bomb_is_bounded() -> None:
    wire = gzip.compress(b"\0" * (64 * 1024 * 1024))  # about 64 KiB on the wire
    body, truncated = read_capped(
        _chunks(wire, 65536), limit=1024 * 1024, content_encoding="gzip", deadline=FAR
    )
    assert truncated and len(body) == 1024 * 1024


def test_corrupt_compressed_body_ends_as_truncated() -> None:
    wire = gzip.compress(b"hello world" * 100)
    corrupt = wire[:2] + b"\x09" + wire[3:]  # unknown compression method
    body, truncated = read_capped([corrupt], limit=10**6, content_encoding="gzip", deadline=FAR)
    assert (body, truncated) == (b"", True)


def test_unknown_encoding_is_kept_as_received() -> None:
    body, truncated = read_capped([b"\x8b\x00br"], limit=100, content_encoding="br", deadline=FAR)
    assert (body, truncated) == (b"\x8b\x00br", False)


def test_deadline() -> None:
    with pytest.raises(FetchFailed) as caught:
        read_capped([b"a"], limit=10, content_encoding="", deadline=time.monotonic() - 1)
    assert caught.value.kind == "timeout"
