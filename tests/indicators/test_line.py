"""LINE IDs from links and from 「LINE ID：…」-style mentions."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("https://line.me/ti/p/~Kasegu777", "kasegu777", "https://line.me/ti/p/~Kasegu777"),
    ("line.me/R/ti/p/@abc1234", "@abc1234", "line.me/R/ti/p/@abc1234"),
    ("https://line.me/R/ti/p/%40abc1234", "@abc1234", "https://line.me/R/ti/p/%40abc1234"),
    ("https://lin.ee/AbCd12", "lin.ee/AbCd12", "https://lin.ee/AbCd12"),
    ("LINE ID: abc1234", "abc1234", "abc1234"),
    ("ライン ID：@abc1234", "@abc1234", "@abc1234"),
    ("ＬＩＮＥ　ＩＤ：ｋａｓｅｇｕ７７７", "kasegu777", "ｋａｓｅｇｕ７７７"),
    ("LINE→xyz_99", "xyz_99", "xyz_99"),
    ("高収入💰LINE→kasegu.jp👈", "kasegu.jp", "kasegu.jp"),
    ("ID検索: abc1234 (LINE)", "abc1234", "abc1234"),
    ("ラインでID検索→kasegu-777", "kasegu-777", "kasegu-777"),
    ("公式ライン @abc1234 を追加", "@abc1234", "@abc1234"),
    ("連絡はLINEのIDがkasegu777です", "kasegu777", "kasegu777"),
    ("hxxps://line.me/ti/p/~kasegu777", "kasegu777", "hxxps://line.me/ti/p/~kasegu777"),
    ("ﾗｲﾝ ID: kase\u200bgu777", "kasegu777", "kase\u200bgu777"),
]

NEGATIVE = [
    "online shop: example",
    "オンライン @kasegu_777",
    "ID検索: abc1234",
    "LINE: 12",
    "deadline: tomorrow",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_line_found(text: str, value: str, original: str) -> None:
    assert_found(text, "line", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_line_not_found(text: str) -> None:
    assert_none(text, "line")


def test_line_official_is_not_also_handle() -> None:
    assert [i.type for i in found("公式ライン @abc1234 を追加")] == ["line"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("@ABC1234", "@abc1234"),
        ("Kasegu777", "kasegu777"),
        ("https://line.me/ti/p/~Kasegu777", "kasegu777"),
        ("line.me/R/ti/p/%40abc1234", "@abc1234"),
        ("https://lin.ee/AbCd12", "lin.ee/AbCd12"),
    ],
)
def test_line_canonical(raw: str, value: str) -> None:
    assert canonical("line", raw) == value


def test_line_keyword_then_spaces_then_an_id() -> None:
    assert [
        (i.type, i.value) for i in found("日当6万。LINE OKURI_DRIVE7 ／ TEL") if i.type == "line"
    ] == [("line", "okuri_drive7")]


def test_a_link_after_the_keyword_is_not_an_id() -> None:
    hits = [i.value for i in found("LINE→ https://line.me/ti/p/~nimo_uke55") if i.type == "line"]
    assert hits == ["nimo_uke55"]
