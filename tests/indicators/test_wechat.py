"""WeChat IDs written after the app's name (「WeChat ID：…」「微信号 …」「VX: …」)."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("WeChat: kasegu777", "kasegu777", "kasegu777"),
    ("WeChat ID：Kasegu_777", "kasegu_777", "Kasegu_777"),
    ("wechat id kasegu-777", "kasegu-777", "kasegu-777"),
    ("WECHAT→kasegu777", "kasegu777", "kasegu777"),
    ("Weixin: kasegu777", "kasegu777", "kasegu777"),
    ("ウィーチャット: kasegu777", "kasegu777", "kasegu777"),
    ("ウィチャットID kasegu777", "kasegu777", "kasegu777"),
    ("微信号 kasegu777", "kasegu777", "kasegu777"),
    ("加微信kasegu777", "kasegu777", "kasegu777"),
    ("薇信:kasegu777", "kasegu777", "kasegu777"),
    ("V信 kasegu777", "kasegu777", "kasegu777"),
    ("VX：kasegu777", "kasegu777", "kasegu777"),
    ("vx→kasegu777", "kasegu777", "kasegu777"),
    ("Ｗｅｃｈａｔ：ｋａｓｅｇｕ７７７", "kasegu777", "ｋａｓｅｇｕ７７７"),
    ("WeChat: kase\u200bgu777", "kasegu777", "kase\u200bgu777"),
]

NEGATIVE = [
    "kasegu777",
    "WeChat Payで支払い",
    "WeChat official account",
    "WeChat kasegu777",
    "WeChat: abc12",
    "WeChat: 12345678",
    "WeChat: kasegu7777777777777777",
    "威信 kasegu777",
    "VX-500 model",
    "wx: kasegu777",
    "NVX: kasegu777",
    "返信 kasegu777",
    "チャットで相談 kasegu777",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_wechat_found(text: str, value: str, original: str) -> None:
    assert_found(text, "wechat", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_wechat_not_found(text: str) -> None:
    assert_none(text, "wechat")


def test_wechat_spellings_agree() -> None:
    texts = ["WeChat: Kasegu777", "微信号：ＫＡＳＥＧＵ７７７", "VX→kasegu777"]
    values = {i.value for t in texts for i in found(t) if i.type == "wechat"}
    assert values == {"kasegu777"}


def test_wechat_email_is_not_also_wechat() -> None:
    kinds = {i.type for i in found("WeChat: kasegu777@example.com")}
    assert "wechat" not in kinds
    assert "email" in kinds


@pytest.mark.parametrize("raw", ["kasegu777", "Kasegu777", "ｋａｓｅｇｕ７７７", " KASEGU777 "])
def test_wechat_canonical(raw: str) -> None:
    assert canonical("wechat", raw) == "kasegu777"


@pytest.mark.parametrize("raw", ["777kasegu", "abc12", "kasegu 777", "kasegu.777", ""])
def test_wechat_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("wechat", raw)


@pytest.mark.parametrize("value", sorted({v for _, v, _ in POSITIVE}))
def test_wechat_found_value_is_canonical(value: str) -> None:
    assert canonical("wechat", value) == value
