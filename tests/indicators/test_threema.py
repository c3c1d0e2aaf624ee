"""Threema IDs from threema.id links and from 「Threema: ABCD1234」-style mentions."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("https://threema.id/ABCD1234", "ABCD1234", "https://threema.id/ABCD1234"),
    ("threema.id/ABCD1234?text=hi", "ABCD1234", "threema.id/ABCD1234"),
    ("threema[.]id/abcd1234", "ABCD1234", "threema[.]id/abcd1234"),
    ("hxxps://threema(.)id/ABCD1234", "ABCD1234", "hxxps://threema(.)id/ABCD1234"),
    ("Threema: ABCD1234", "ABCD1234", "ABCD1234"),
    ("threema ID：ABCD1234 まで", "ABCD1234", "ABCD1234"),
    ("ThreemaID:ABCD1234", "ABCD1234", "ABCD1234"),
    ("スリーマ→abcd1234", "ABCD1234", "abcd1234"),
    ("連絡はスリーマでABCD1234に", "ABCD1234", "ABCD1234"),
    ("ＴｈｒｅｅｍａＩＤ：ＡＢＣＤ１２３４", "ABCD1234", "ＡＢＣＤ１２３４"),
    ("Threema: AB\u200bCD1234", "ABCD1234", "AB\u200bCD1234"),
    ("Threema: *GATEWAY", "*GATEWAY", "*GATEWAY"),
    ("Threema: ABCDEFGH", "ABCDEFGH", "ABCDEFGH"),
]

NEGATIVE = [
    "ABCD1234",
    "注文番号 ABCD1234",
    "Threema: download",
    "Threema: Official",
    "Threema: ABCD12345",
    "Threema: ABC1234",
    "スリーマンセル ABCD1234",
    "threemail: ABCD1234",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_threema_found(text: str, value: str, original: str) -> None:
    assert_found(text, "threema", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_threema_not_found(text: str) -> None:
    assert_none(text, "threema")


def test_threema_spellings_agree() -> None:
    texts = ["threema.id/ABCD1234", "Threema: abcd1234", "スリーマ　ＩＤ：ＡＢＣＤ１２３４"]
    values = {i.value for t in texts for i in found(t) if i.type == "threema"}
    assert values == {"ABCD1234"}


@pytest.mark.parametrize(
    "raw", ["ABCD1234", "abcd1234", "https://threema.id/ABCD1234", "threema[.]id/abcd1234/"]
)
def test_threema_canonical(raw: str) -> None:
    assert canonical("threema", raw) == "ABCD1234"


@pytest.mark.parametrize("raw", ["ABCD123", "ABCD12345", "ABCD-123", "", "threema.id/"])
def test_threema_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("threema", raw)


@pytest.mark.parametrize("value", sorted({v for _, v, _ in POSITIVE}))
def test_threema_found_value_is_canonical(value: str) -> None:
    assert canonical("threema", value) == value
