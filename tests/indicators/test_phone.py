"""Phone numbers: every width and separator style, and the numbers that are not phones."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none

POSITIVE = [
    ("連絡は090-1234-5678まで", "+819012345678", "090-1234-5678"),
    ("090-0000-1234", "+819000001234", "090-0000-1234"),
    ("09000001234", "+819000001234", "09000001234"),
    ("電話０９０ー００００ー１２３４へ", "+819000001234", "０９０ー００００ー１２３４"),
    ("☎️090 0000 1234📞", "+819000001234", "090 0000 1234"),
    ("TEL：(090)0000-1234", "+819000001234", "(090)0000-1234"),
    ("090.0000.1234", "+819000001234", "090.0000.1234"),
    ("+81 90-0000-1234", "+819000001234", "+81 90-0000-1234"),
    ("＋８１９０００００１２３４", "+819000001234", "＋８１９０００００１２３４"),
    ("+819000001234です", "+819000001234", "+819000001234"),
    ("+81(0)90-1234-5678", "+819012345678", "+81(0)90-1234-5678"),
    ("フリーダイヤル0120-123-456", "+81120123456", "0120-123-456"),
    ("03-1234-5678（代表）", "+81312345678", "03-1234-5678"),
    ("IP電話050 1234 5678", "+815012345678", "050 1234 5678"),
    ("080‐1111‐2222", "+818011112222", "080‐1111‐2222"),
    ("070－1234－5678", "+817012345678", "070－1234－5678"),
    ("090\u200b1234\u200b5678", "+819012345678", "090\u200b1234\u200b5678"),
]

NEGATIVE = [
    "日給50000円",
    "日給５００００円以上",
    "2024-11-22に面接",
    "〒100-0001 東京都千代田区",
    "09:00-18:00 勤務",
    "注文番号：123456789012",
    "合計 1,234,567円",
    "2024.11.22 開始",
    "ver.2",
    "00-1234-5678",
    "090-1234",
    "ID 12345678901234",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_phone_found(text: str, value: str, original: str) -> None:
    assert_found(text, "phone", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_phone_not_found(text: str) -> None:
    assert_none(text, "phone")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("090-0000-1234", "+819000001234"),
        ("０９０（００００）１２３４", "+819000001234"),
        ("+81 3 1234 5678", "+81312345678"),
    ],
)
def test_phone_canonical(raw: str, value: str) -> None:
    assert canonical("phone", raw) == value


@pytest.mark.parametrize("raw", ["12345", "2024-11-22", "+1 415 555 0100"])
def test_phone_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("phone", raw)
