"""JSON Lines reader: one JSON object per line, streamed from a binary file.

Lines are read with a bounded ``readline`` so that an endless line never sits
in memory whole: whatever lies beyond ``max_line_bytes`` is read in chunks and
thrown away, and the line is rejected with its real length.

Each line must be strict UTF-8 (a byte order mark on line 1 is tolerated).
Blank lines (only ASCII whitespace) are skipped silently: they carry no
record, and line numbers still count them. Lines are separated by ``\\n``
alone; a ``\\r`` before it is JSON whitespace and harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

import orjson

from cyberpatrol.errors import InputError
from cyberpatrol.ingest.outcome import Accepted, Outcome, Rejected
from cyberpatrol.ingest.validate import build_item

_BOM = b"\xef\xbb\xbf"
_SKIP_CHUNK = 1 << 16


def _skip_rest_of_line(readline: Callable[[int], bytes], first: bytes) -> int:
    """Discard the remainder of an overlong line; return its full length in bytes
    (without the line terminator)."""
    length = len(first)
    while True:
        chunk = readline(_SKIP_CHUNK)
        if not chunk:
            return length
        if chunk.endswith(b"\n"):
            return length + len(chunk.rstrip(b"\r\n"))
        length += len(chunk)


def describe_bad_line(raw: bytes, error: orjson.JSONDecodeError) -> str:
    """Precise reason for a line orjson refused: bad UTF-8 first, else bad JSON."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
        return f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {column})"
    return f"invalid JSON: {error.msg} at column {error.colno}"


def read_jsonl(
    stream: BinaryIO,
    source: str,
    *,
    max_text_chars: int,
    max_line_bytes: int,
) -> Iterator[Outcome]:
    """Yield one outcome per non-blank line of ``stream``.

    I/O errors propagate to the caller, which knows how far we got from the
    outcomes already yielded.
    """
    readline = stream.readline
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    # Room for the content, "\r" and "\n": a longer read means an overlong line.
    limit = max_line_bytes + 2
    line_no = 0
    while True:
        raw = readline(limit)
        if not raw:
            return
        line_no += 1
        if line_no == 1 and raw.startswith(_BOM):
            raw = raw[3:]
        if len(raw) > max_line_bytes:
            if len(raw) == limit and not raw.endswith(b"\n"):
                length = _skip_rest_of_line(readline, raw)
            else:
                length = len(raw.rstrip(b"\r\n"))
            if length > max_line_bytes:
                yield Rejected(
                    source,
                    line_no,
                    f"line is {length} bytes long, longer than the limit of"
                    f" {max_line_bytes} bytes (max_line_bytes); skipped",
                )
                continue
        try:
            record = loads(raw)
        except decode_error as exc:
            if raw.isspace() or not raw:
                continue
            yield Rejected(source, line_no, describe_bad_line(raw, exc))
            continue
        try:
            item, warnings = build_item(record, max_text_chars=max_text_chars)
        except InputError as exc:
            yield Rejected(source, line_no, exc.reason)
            continue
        yield Accepted(source, line_no, item, warnings)
