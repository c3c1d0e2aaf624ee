"""JSON Lines reader: every bad line is rejected with its line number and a
precise reason, and the good lines around it still come through in order."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from cyberpatrol.ingest import Accepted, Rejected, read_items

GOOD_BEFORE = b'{"id": "before", "text": "good line before"}'
GOOD_AFTER = b'{"id": "after", "text": "good line after"}'


def write(tmp_path: Path, content: bytes, name: str = "posts.jsonl") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def read(path: str, **limits: int) -> list[Accepted | Rejected]:
    return list(read_items([path], **limits))


# (case id, the bad line, substring expected in the reason)
BAD_LINES: list[tuple[str, bytes, str]] = [
    ("broken JSON", b'{"id": "x", "text": oops}', "invalid JSON: unexpected character"),
    ("truncated JSON", b'{"id": "x", "text": "ab', "invalid JSON: "),
    ("trailing garbage", b'{"id": "x", "text": "a"} tail', "unexpected content after document"),
    ("missing id", b'{"text": "no id"}', 'missing required field "id"'),
    ("missing text", b'{"id": "x"}', 'missing required field "text"'),
    ("text is a number", b'{"id": "x", "text": 42}', 'field "text" must be a string, got number'),
    ("text is null", b'{"id": "x", "text": null}', 'field "text" must be a string, got null'),
    (
        "id is a list",
        b'{"id": [1], "text": "t"}',
        'field "id" must be a string or integer, got list',
    ),
    ("id is a float", b'{"id": 1.5, "text": "t"}', "got number"),
    ("id is a boolean", b'{"id": true, "text": "t"}', "got boolean"),
    ("id is empty", b'{"id": " ", "text": "t"}', 'field "id" must not be empty'),
    ("id too long", b'{"id": "' + b"i" * 257 + b'", "text": "t"}', "at most 256 allowed"),
    ("id with newline", b'{"id": "a\\nb", "text": "t"}', "control character U+000A"),
    (
        "images not a list",
        b'{"id": "x", "text": "t", "images": "a.jpg"}',
        "images must be a list of strings",
    ),
    (
        "images of numbers",
        b'{"id": "x", "text": "t", "images": [1]}',
        "images must be a list of strings",
    ),
    (
        "too many images",
        b'{"id": "x", "text": "t", "images": ' + orjson.dumps(["i"] * 33) + b"}",
        "at most 32 allowed",
    ),
    (
        "image too long",
        b'{"id": "x", "text": "t", "images": ["' + b"u" * 2049 + b'"]}',
        "at most 2048 allowed",
    ),
    (
        "undecodable byte",
        b'{"id": "x", "text": "\xff"}',
        "not valid UTF-8 (byte 0xff at column 22)",
    ),
    (
        "undecodable after kana",
        b'{"id": "x", "text": "\xe3\x81\x82\xe3\x81\x82\xff"}',
        "(byte 0xff at column 24)",
    ),
    ("cut multibyte char", b'{"id": "x", "text": "\xe3\x81"}', "(byte 0xe3 at column 22)"),
    ("encoded surrogate", b'{"id": "x", "text": "\xed\xa0\x80"}', "not valid UTF-8 (byte 0xed"),
    ("lone surrogate escape", b'{"id": "x", "text": "\\ud800"}', "invalid JSON"),
    (
        "NUL in text",
        b'{"id": "x", "text": "a\\u0000b"}',
        "text contains a NUL character at column 2",
    ),
    (
        "NUL in author",
        b'{"id": "x", "text": "t", "author": "\\u0000"}',
        "author contains a NUL character",
    ),
    ("raw NUL byte", b'{"id": "x", "text": "a\x00b"}', "invalid JSON"),
    ("JSON array", b'[{"id": "x", "text": "t"}]', "record is a JSON array, expected an object"),
    ("JSON string", b'"just text"', "record is a JSON string, expected an object"),
    ("JSON number", b"12", "record is a JSON number, expected an object"),
    (
        "bad created_at",
        b'{"id": "x", "text": "t", "created_at": "yesterday"}',
        'created_at is not ISO 8601: "yesterday"',
    ),
    (
        "numeric created_at",
        b'{"id": "x", "text": "t", "created_at": 1700000000}',
        "must be an ISO 8601 string, got number",
    ),
    (
        "platform not a string",
        b'{"id": "x", "text": "t", "platform": 3}',
        'field "platform" must be a string or null',
    ),
    (
        "url not a string",
        b'{"id": "x", "text": "t", "url": {}}',
        'field "url" must be a string or null, got object',
    ),
    (
        "deep nesting",
        b'{"id": "x", "text": "t", "m": ' + b"[" * 2000 + b"]" * 2000 + b"}",
        "invalid JSON",
    ),
    ("NaN", b'{"id": "x", "text": "t", "n": NaN}', "invalid JSON"),
]


@pytest.mark.parametrize(
    ("bad", "reason"), [c[1:] for c in BAD_LINES], ids=[c[0] for c in BAD_LINES]
)
def test_bad_line_is_rejected_between_good_lines(tmp_path: Path, bad: bytes, reason: str) -> None:
    path = write(tmp_path, GOOD_BEFORE + b"\n" + bad + b"\n" + GOOD_AFTER + b"\n")
    out = read(path)
    assert len(out) == 3, out
    first, rejected, last = out
    assert isinstance(first, Accepted)
    assert (first.line, first.item.id) == (1, "before")
    assert isinstance(rejected, Rejected), rejected
    assert (rejected.source, rejected.line) == (path, 2)
    assert reason in rejected.reason
    assert isinstance(last, Accepted)
    assert (last.line, last.item.id) == (3, "after")


def test_rejection_reason_escapes_control_characters(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"id": "x", "text": "t", "created_at": "\\u001b[2J\\u202e"}\n')
    [rejected] = read(path)
    assert isinstance(rejected, Rejected)
    assert "\x1b" not in rejected.reason
    assert "\u202e" not in rejected.reason
    assert "\\u001b[2J\\u202e" in rejected.reason


def test_reason_quotes_long_values_only_in_part(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"id": "x", "text": "t", "created_at": "' + b"9" * 10_000 + b'"}\n')
    [rejected] = read(path)
    assert isinstance(rejected, Rejected)
    assert len(rejected.reason) < 200


@pytest.mark.parametrize(
    "blank", [b"", b"   ", b"\t", b"\r"], ids=["empty", "spaces", "tab", "carriage return"]
)
def test_blank_lines_are_skipped_but_counted(tmp_path: Path, blank: bytes) -> None:
    path = write(tmp_path, GOOD_BEFORE + b"\n" + blank + b"\n" + blank + b"\n" + GOOD_AFTER)
    out = read(path)
    assert [(type(o), o.line) for o in out] == [(Accepted, 1), (Accepted, 4)]


def test_overlong_line_is_rejected_with_its_length(tmp_path: Path) -> None:
    long_line = b'{"id": "x", "text": "' + b"a" * 5000 + b'"}'
    path = write(tmp_path, GOOD_BEFORE + b"\n" + long_line + b"\n" + GOOD_AFTER + b"\n")
    out = read(path, max_line_bytes=100)
    assert [(type(o), o.line) for o in out] == [(Accepted, 1), (Rejected, 2), (Accepted, 3)]
    rejected = out[1]
    assert isinstance(rejected, Rejected)
    assert f"line is {len(long_line)} bytes long" in rejected.reason
    assert "limit of 100 bytes" in rejected.reason


def test_overlong_last_line_without_newline(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_BEFORE + b"\n" + b"x" * 1000)
    out = read(path, max_line_bytes=100)
    assert [(type(o), o.line) for o in out] == [(Accepted, 1), (Rejected, 2)]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_line_exactly_at_the_limit_is_read(tmp_path: Path, newline: bytes) -> None:
    line = b'{"id": "x", "text": "' + b"a" * 50 + b'"}'
    path = write(tmp_path, line + newline + line + b"a" + newline)
    out = read(path, max_line_bytes=len(line))
    assert [(type(o), o.line) for o in out] == [(Accepted, 1), (Rejected, 2)]


def test_huge_text_is_truncated_not_dropped(tmp_path: Path) -> None:
    text = "あ" * 2**20
    line = orjson.dumps({"id": "big", "text": text})
    path = write(tmp_path, GOOD_BEFORE + b"\n" + line + b"\n" + GOOD_AFTER + b"\n")
    out = read(path)
    assert [(type(o), o.line) for o in out] == [(Accepted, 1), (Accepted, 2), (Accepted, 3)]
    big = out[1]
    assert isinstance(big, Accepted)
    assert big.item.text == "あ" * 100_000
    assert big.item.truncated_from == 2**20
    assert big.warnings == ("text truncated from 1048576 to 100000 characters",)
    assert out[0].item.truncated_from is None  # type: ignore[union-attr]


def test_bom_on_first_line_is_tolerated(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD_BEFORE + b"\n" + GOOD_AFTER)
    assert [o.line for o in read(path) if isinstance(o, Accepted)] == [1, 2]


def test_no_trailing_newline(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_BEFORE + b"\n" + GOOD_AFTER)
    assert [o.item.id for o in read(path) if isinstance(o, Accepted)] == ["before", "after"]


@pytest.mark.parametrize("name", ["posts.jsonl", "posts.ndjson", "posts.json", "POSTS.JSONL"])
def test_jsonl_extensions(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, GOOD_BEFORE + b"\n", name)
    assert [type(o) for o in read(path)] == [Accepted]
