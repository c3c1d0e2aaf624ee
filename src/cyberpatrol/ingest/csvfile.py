"""CSV reader: a header row naming the fields, then one record per row.

* Decoded as UTF-8 with a tolerated byte order mark. Undecodable bytes are
  carried through as surrogate escapes and the record holding them is
  rejected, naming the byte, the column and its line; the rest of the file
  goes on.
* A record's line is the line it *starts* on (quoted fields may span lines).
* Rows with more or fewer columns than the header are rejected; blank lines
  are skipped.
* No record may exceed ``max_line_bytes`` characters in total (characters,
  not bytes, since CSV is read as text); the line reader enforces this before
  the ``csv`` module can buffer more.
* Empty cells of the optional fields mean "absent". The ``images`` cell is
  either a JSON list (``["a.jpg", "b.jpg"]``) or ``|``-separated
  (``a.jpg|b.jpg``). Other columns go to ``Item.meta`` as strings.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from cyberpatrol.errors import InputError
from cyberpatrol.ingest.outcome import Accepted, Outcome, Rejected
from cyberpatrol.ingest.validate import KNOWN_FIELDS, build_item, excerpt, type_name

_SURROGATE = re.compile("[\ud800-\udfff]")
_OPTIONAL = KNOWN_FIELDS - {"id", "text", "images"}


class _RecordTooLong(Exception):
    """Raised through ``csv.reader`` to abandon an oversized record."""

    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


class _LineFeeder:
    """Iterator of text lines for ``csv.reader`` that counts lines and bounds
    each record's size. A plain class (not a generator) so that raising from
    ``__next__`` does not end the iteration for good."""

    def __init__(self, text: io.TextIOBase, max_record_chars: int) -> None:
        self._readline = text.readline
        self._limit = max_record_chars
        self.line_no = 0
        self.record_chars = 0

    def __iter__(self) -> _LineFeeder:
        return self

    def __next__(self) -> str:
        room = self._limit - self.record_chars + 1
        line = self._readline(max(room, 1))
        if not line:
            raise StopIteration
        self.line_no += 1
        self.record_chars += len(line)
        if self.record_chars > self._limit:
            length = self.record_chars
            if not line.endswith(("\n", "\r")):
                length += self._skip_rest()
            raise _RecordTooLong(length)
        return line

    def _skip_rest(self) -> int:
        skipped = 0
        while True:
            chunk = self._readline(1 << 16)
            skipped += len(chunk)
            if not chunk or chunk.endswith(("\n", "\r")):
                return skipped


def _bad_bytes(header: list[str], row: list[str]) -> str | None:
    """Describe the first undecodable byte of a row, if any."""
    for name, value in zip(header, row, strict=False):
        match = _SURROGATE.search(value)
        if match:
            code = ord(match.group())
            byte = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "surrogate"
            return f'not valid UTF-8 ({byte} in column "{name}" at character {match.start() + 1})'
    return None


def _images_cell(value: str) -> list[str] | None:
    cell = value.strip()
    if not cell:
        return None
    if cell.startswith("["):
        try:
            parsed = orjson.loads(cell)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"images column is not a valid JSON list: {exc.msg}") from None
        if not isinstance(parsed, list):
            raise InputError(f"images must be a list of strings, got {type_name(parsed)}")
        return parsed
    return [part.strip() for part in cell.split("|") if part.strip()]


def _record(header: list[str], row: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, value in zip(header, row, strict=True):
        if name == "images":
            record[name] = _images_cell(value)
        elif name in _OPTIONAL and not value.strip():
            record[name] = None
        else:
            record[name] = value
    return record


def _check_header(row: list[str]) -> list[str]:
    header = [name.strip() for name in row]
    if _SURROGATE.search("".join(header)):
        raise InputError("CSV header is not valid UTF-8")
    seen: set[str] = set()
    for index, name in enumerate(header):
        if not name:
            header[index] = name = f"column_{index + 1}"
        if name in seen:
            raise InputError(f"CSV header repeats column {excerpt(name)}")
        seen.add(name)
    for required in ("id", "text"):
        if required not in seen:
            raise InputError(
                f'CSV header lacks required column "{required}"'
                f" (found: {', '.join(excerpt(n, 20) for n in header[:10])})"
            )
    return header


def _raise_field_limit(limit: int) -> None:
    """Let ``csv`` hold fields as large as our own record limit (which is the
    one that binds): the module default of 128 KiB is too small for long posts."""
    wanted = min(limit, sys.maxsize)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def read_csv(
    stream: BinaryIO,
    source: str,
    *,
    max_text_chars: int,
    max_line_bytes: int,
) -> Iterator[Outcome]:
    """Yield one outcome per data row of ``stream``.

    A missing or unusable header yields a single :class:`Rejected` for line 1
    and ends the file. I/O errors propagate to the caller.
    """
    _raise_field_limit(max_line_bytes)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _read_rows(text, source, max_text_chars, max_line_bytes)
    finally:
        # Hand the binary stream back so that the wrapper's finalizer cannot
        # close a stream the caller owns.
        with contextlib.suppress(ValueError, OSError):
            text.detach()


def _read_rows(
    text: io.TextIOWrapper, source: str, max_text_chars: int, max_line_bytes: int
) -> Iterator[Outcome]:
    feeder = _LineFeeder(text, max_line_bytes)
    reader = csv.reader(feeder, strict=True)
    header: list[str] | None = None
    while True:
        start = feeder.line_no + 1
        feeder.record_chars = 0
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RecordTooLong as exc:
            reason = (
                f"record is {exc.length} characters long, longer than the limit of"
                f" {max_line_bytes} (max_line_bytes); skipped"
            )
            if header is None:
                yield Rejected(source, start, f"CSV header unusable: {reason}")
                return
            yield Rejected(source, start, reason)
            continue
        except csv.Error as exc:
            reason = f"malformed CSV: {exc}"
            if str(exc) == "unexpected end of data":
                reason = "malformed CSV: quoted field not closed before end of file"
            if header is None:
                yield Rejected(source, start, f"CSV header unusable: {reason}")
                return
            yield Rejected(source, start, reason)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line
        if header is None:
            try:
                header = _check_header(row)
            except InputError as exc:
                yield Rejected(source, start, exc.reason)
                return
            continue
        if len(row) != len(header):
            yield Rejected(
                source, start, f"row has {len(row)} columns, the header has {len(header)}"
            )
            continue
        bad = _bad_bytes(header, row)
        if bad is not None:
            yield Rejected(source, start, bad)
            continue
        try:
            item, warnings = build_item(_record(header, row), max_text_chars=max_text_chars)
        except InputError as exc:
            yield Rejected(source, start, exc.reason)
            continue
        yield Accepted(source, start, item, warnings)
