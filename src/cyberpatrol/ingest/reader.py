"""Entry point: read posts from files or stdin, one outcome per record.

The format follows the file name: ``.jsonl``, ``.ndjson`` and ``.json`` are
JSON Lines, ``.csv`` is CSV with a header row, and either may end in ``.gz``
(decompressed as a stream). ``-`` is standard input read as JSON Lines, with
``<stdin>`` as its source name.

Nothing here raises for bad input: an unknown extension, a missing or
unreadable file, or a read error part-way (a truncated gzip stream, an I/O
error) becomes a :class:`Rejected` and reading goes on with the next path.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, cast

from cyberpatrol.ingest.csvfile import read_csv
from cyberpatrol.ingest.jsonl import read_jsonl
from cyberpatrol.ingest.outcome import Accepted, Outcome, Rejected
from cyberpatrol.ingest.validate import excerpt

STDIN = "-"
STDIN_SOURCE = "<stdin>"
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".json")
CSV_EXTENSIONS = (".csv",)

_Format = Callable[..., Iterator[Outcome]]
_SUPPORTED = ", ".join(JSONL_EXTENSIONS + CSV_EXTENSIONS)


def _format_of(path: str) -> tuple[_Format, bool] | str:
    """``(reader function, gzipped)`` for ``path``, or a rejection reason."""
    name = os.path.basename(path).lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    if name.endswith(JSONL_EXTENSIONS):
        return read_jsonl, gzipped
    if name.endswith(CSV_EXTENSIONS):
        return read_csv, gzipped
    ext = os.path.splitext(name)[1] + (".gz" if gzipped else "")
    found = f"extension {excerpt(ext)}" if ext else "no extension"
    return (
        f"unsupported file type ({found}); supported: {_SUPPORTED},"
        f' each optionally followed by .gz, or "-" for JSON Lines on stdin'
    )


def _open_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "cannot open: file not found"
    if isinstance(error, IsADirectoryError):
        return "cannot open: is a directory"
    if isinstance(error, PermissionError):
        return "cannot open: permission denied"
    return f"cannot open: {error.strerror or error}"


def _read_stream(
    read: _Format,
    stream: BinaryIO,
    source: str,
    *,
    max_text_chars: int,
    max_line_bytes: int,
) -> Iterator[Outcome]:
    """Run one format reader, turning a read error part-way into a final Rejected."""
    last_line = 0
    try:
        for outcome in read(
            stream, source, max_text_chars=max_text_chars, max_line_bytes=max_line_bytes
        ):
            last_line = outcome.line
            yield outcome
    except (OSError, EOFError, zlib.error) as error:
        reason = str(error) or type(error).__name__
        yield Rejected(
            source,
            last_line + 1,
            f"read error after line {last_line}, rest of the input skipped: {reason}",
        )


def read_items(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_text_chars: int = 100_000,
    max_line_bytes: int = 8 * 2**20,
) -> Iterator[Accepted | Rejected]:
    """Yield an :class:`Accepted` or :class:`Rejected` for every record of
    every path, in order, streaming (memory does not grow with file size).

    ``max_text_chars``: longer texts are truncated (with a warning).
    ``max_line_bytes``: longer lines (CSV: records, in characters) are rejected
    without being held in memory.
    """
    if isinstance(paths, str | bytes):
        raise TypeError("read_items() takes a sequence of paths, not a single path")
    if max_text_chars < 1 or max_line_bytes < 1:
        raise ValueError("max_text_chars and max_line_bytes must be positive")
    limits = {"max_text_chars": max_text_chars, "max_line_bytes": max_line_bytes}
    for entry in paths:
        path = os.fspath(entry)
        if path == STDIN:
            yield from _read_stream(read_jsonl, sys.stdin.buffer, STDIN_SOURCE, **limits)
            continue
        fmt = _format_of(path)
        if isinstance(fmt, str):
            yield Rejected(path, 0, fmt)
            continue
        read, gzipped = fmt
        try:
            raw: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            yield Rejected(path, 0, _open_error(error))
            continue
        with raw:
            if not gzipped:
                yield from _read_stream(read, raw, path, **limits)
                continue
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield from _read_stream(read, cast(BinaryIO, unzipped), path, **limits)
