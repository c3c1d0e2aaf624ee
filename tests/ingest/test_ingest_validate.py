"""Field conversion rules of :func:`cyberpatrol.ingest.validate.build_item`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from cyberpatrol.errors import InputError
from cyberpatrol.ingest.validate import build_item, excerpt


def build(record: Any, max_text_chars: int = 100) -> Any:
    item, _warnings = build_item(record, max_text_chars=max_text_chars)
    return item


def test_minimal_record_gets_defaults() -> None:
    item = build({"id": "a", "text": ""})
    assert (item.id, item.text, item.platform) == ("a", "", "unknown")
    assert (item.author, item.url, item.created_at, item.reply_to) == (None,) * 4
    assert item.images == ()
    assert item.meta == {}
    assert item.truncated_from is None


def test_full_record() -> None:
    item = build(
        {
            "id": 123,
            "text": "高額バイト",
            "platform": " X ",
            "author": "@someone",
            "url": "https://example.com/p/1",
            "created_at": "2024-05-01T12:30:00+09:00",
            "images": ["https://example.com/a.jpg"],
            "reply_to": 99,
            "lang": "ja",
            "likes": {"n": 3},
        }
    )
    assert item.id == "123"
    assert item.platform == "x"
    assert item.author == "@someone"
    assert item.url == "https://example.com/p/1"
    assert item.created_at == datetime(2024, 5, 1, 12, 30, tzinfo=timezone(timedelta(hours=9)))
    assert item.images == ("https://example.com/a.jpg",)
    assert item.reply_to == "99"
    assert item.meta == {"lang": "ja", "likes": {"n": 3}}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T03:00:00Z", datetime(2024, 5, 1, 3, tzinfo=UTC)),
        ("2024-05-01T03:00:00z", datetime(2024, 5, 1, 3, tzinfo=UTC)),
        ("2024-05-01T03:00:00.123456Z", datetime(2024, 5, 1, 3, 0, 0, 123456, tzinfo=UTC)),
        ("2024-05-01 03:00:00", datetime(2024, 5, 1, 3)),
        ("2024-05-01", datetime(2024, 5, 1)),
        (None, None),
        ("", None),
    ],
)
def test_created_at(value: str | None, expected: datetime | None) -> None:
    item = build({"id": "a", "text": "t", "created_at": value})
    assert item.created_at == expected
    if expected is not None:
        assert (item.created_at.tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-01", "2024-05-01T25:00", "Z", "２０２４-05-01"]
)
def test_created_at_rejected(value: str) -> None:
    with pytest.raises(InputError, match="created_at is not ISO 8601"):
        build({"id": "a", "text": "t", "created_at": value})


@pytest.mark.parametrize("value", [None, "", "  "])
def test_platform_defaults_to_unknown(value: str | None) -> None:
    assert build({"id": "a", "text": "t", "platform": value}).platform == "unknown"


def test_null_optionals_and_images() -> None:
    item = build({"id": "a", "text": "t", "author": None, "url": None, "images": None})
    assert (item.author, item.url, item.images) == (None, None, ())


def test_id_at_size_limit_is_accepted() -> None:
    assert build({"id": "i" * 256, "text": "t"}).id == "i" * 256


def test_truncation_warning() -> None:
    item, warnings = build_item({"id": "a", "text": "x" * 150}, max_text_chars=100)
    assert item.text == "x" * 100
    assert item.truncated_from == 150
    assert warnings == ("text truncated from 150 to 100 characters",)


def test_text_at_limit_is_not_truncated() -> None:
    item, warnings = build_item({"id": "a", "text": "x" * 100}, max_text_chars=100)
    assert (item.truncated_from, warnings) == (None, ())


def test_meta_keeps_extra_fields_as_is() -> None:
    extra = {"nested": [1, {"a": None}], "flag": True, "text_ja": "本文"}
    item = build({"id": "a", "text": "t", **extra})
    assert item.meta == extra


def test_input_error_reason_has_no_location() -> None:
    with pytest.raises(InputError) as info:
        build({"text": "t"})
    assert info.value.reason == 'missing required field "id"'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", '"plain"'),
        ('q"b\\', '"q\\"b\\\\"'),
        ("\x1b[31m", '"\\u001b[31m"'),
        ("a\u202eb", '"a\\u202eb"'),
        ("\x9b", '"\\u009b"'),
        ("全角　スペース", '"全角　スペース"'),
        ("x" * 50, '"' + "x" * 40 + '…"'),
    ],
)
def test_excerpt(value: str, expected: str) -> None:
    assert excerpt(value) == expected
