"""Japanese bank accounts: the spellings recruiters and account buyers use, one value each.

Every account number here is made up (1234567 and the like).
"""

from __future__ import annotations

import pytest

from cyberpatrol.errors import ConfigError
from cyberpatrol.indicators import canonical, find_all
from cyberpatrol.indicators.bank import default_banks, load_banks

from .conftest import assert_found, assert_none, found

RAKUTEN_JAZZ = "0036/ジャズ/普通/1234567"
SMBC_SHINJUKU = "0009/新宿/当座/7654321"
MIZUHO_001 = "0001/001/普通/1234567"
YUCHO_018 = "9900/018/普通/1234567"

POSITIVE = [
    # (text, value, original)
    ("楽天銀行 ジャズ支店 普通 1234567", RAKUTEN_JAZZ, "楽天銀行 ジャズ支店 普通 1234567"),
    ("楽天銀行 ジャズ支店（普通）1234567", RAKUTEN_JAZZ, "楽天銀行 ジャズ支店（普通）1234567"),
    ("楽天銀行　ｼﾞｬｽﾞ支店　普通　１２３４５６７", RAKUTEN_JAZZ, "楽天銀行　ｼﾞｬｽﾞ支店　普通　１２３４５６７"),
    ("楽天銀行\nジャズ支店\n普通\n1234567", RAKUTEN_JAZZ, "楽天銀行\nジャズ支店\n普通\n1234567"),
    ("楽天銀行 ジャズ支店 普通預金 1234567", RAKUTEN_JAZZ, "楽天銀行 ジャズ支店 普通預金 1234567"),
    ("楽天銀行 ジャズ支店 (普) 1234567", RAKUTEN_JAZZ, "楽天銀行 ジャズ支店 (普) 1234567"),
    ("楽天 ジャズ 普通 1234567", RAKUTEN_JAZZ, "楽天 ジャズ 普通 1234567"),
    ("楽天銀行ジャズ支店普通1234567です", RAKUTEN_JAZZ, "楽天銀行ジャズ支店普通1234567"),
    ("楽天銀行\u200bジャズ支店 普通 123\u200b4567", RAKUTEN_JAZZ, "楽天銀行\u200bジャズ支店 普通 123\u200b4567"),
    (
        "銀行名：楽天銀行\n支店名：ジャズ\n口座種別：普通\n口座番号：1234567",
        RAKUTEN_JAZZ,
        "楽天銀行\n支店名：ジャズ\n口座種別：普通\n口座番号：1234567",
    ),
    ("【振込先】楽天銀行 ジャズ支店 普通口座 No.1234567", RAKUTEN_JAZZ, "楽天銀行 ジャズ支店 普通口座 No.1234567"),
    ("三井住友 新宿支店 当座 7654321", SMBC_SHINJUKU, "三井住友 新宿支店 当座 7654321"),
    ("三井住友銀行 新宿支店 当座預金 7654321", SMBC_SHINJUKU, "三井住友銀行 新宿支店 当座預金 7654321"),
    ("ＳＭＢＣ 新宿支店 当座 ７６５４３２１", SMBC_SHINJUKU, "ＳＭＢＣ 新宿支店 当座 ７６５４３２１"),
    ("三井住友銀行の新宿支店、当座 7654321", SMBC_SHINJUKU, "三井住友銀行の新宿支店、当座 7654321"),
    ("みずほ銀行 001 普通預金 1234567", MIZUHO_001, "みずほ銀行 001 普通預金 1234567"),
    ("みずほ 店番：001 普通 1234567", MIZUHO_001, "みずほ 店番：001 普通 1234567"),
    ("みずほ銀行 店番号001 (普通) 口座番号1234567", MIZUHO_001, "みずほ銀行 店番号001 (普通) 口座番号1234567"),
    ("ゆうちょ銀行 記号10180 番号12345671", YUCHO_018, "ゆうちょ銀行 記号10180 番号12345671"),
    ("ゆうちょ 10180-12345671", YUCHO_018, "ゆうちょ 10180-12345671"),
    ("ゆうちょ銀行 記号番号：１０１８０－１２３４５６７１", YUCHO_018, "ゆうちょ銀行 記号番号：１０１８０－１２３４５６７１"),
    ("ゆうちょ銀行\n記号：10180\n番号：12345671", YUCHO_018, "ゆうちょ銀行\n記号：10180\n番号：12345671"),
    ("ゆうちょ銀行 〇一八店 普通 1234567", YUCHO_018, "ゆうちょ銀行 〇一八店 普通 1234567"),
    ("ゆうちょ銀行 店番018 普通 1234567", YUCHO_018, "ゆうちょ銀行 店番018 普通 1234567"),
    ("ゆうちょ銀行の口座です。記号10180 番号12345671", YUCHO_018, "ゆうちょ銀行の口座です。記号10180 番号12345671"),
    ("振込先は楽天銀行です。口座番号：1234567", "0036///1234567", "楽天銀行です。口座番号：1234567"),
    ("みずほ銀行 1234567", "0001///1234567", "みずほ銀行 1234567"),
    ("みずほ銀行(0001) 新宿支店(220) 普通 1234567", "0001/新宿/普通/1234567", "みずほ銀行(0001) 新宿支店(220) 普通 1234567"),
    ("みずほ銀行の口座番号は、1234567です", "0001///1234567", "みずほ銀行の口座番号は、1234567"),
    ("MUFG 渋谷支店 普通 1234567", "0005/渋谷/普通/1234567", "MUFG 渋谷支店 普通 1234567"),
    ("三菱UFJ銀行 渋谷支店(普)1234567", "0005/渋谷/普通/1234567", "三菱UFJ銀行 渋谷支店(普)1234567"),
    ("三菱ＵＦＪ 渋谷支店 普通 1234567", "0005/渋谷/普通/1234567", "三菱ＵＦＪ 渋谷支店 普通 1234567"),
    ("りそな銀行 東京営業部 普通 1234567", "0010/東京営業部/普通/1234567", "りそな銀行 東京営業部 普通 1234567"),
    ("PayPay銀行 ビジネス営業部 普通 1234567", "0033/ビジネス営業部/普通/1234567", "PayPay銀行 ビジネス営業部 普通 1234567"),
    ("ジャパンネット銀行 本店営業部 普通 1234567", "0033/本店営業部/普通/1234567", "ジャパンネット銀行 本店営業部 普通 1234567"),
    ("住信SBIネット銀行 法人第一支店 普通 1234567", "0038/法人第一/普通/1234567", "住信SBIネット銀行 法人第一支店 普通 1234567"),
    ("auじぶん銀行 あいいろ支店 普通 1234567", "0039/あいいろ/普通/1234567", "auじぶん銀行 あいいろ支店 普通 1234567"),
    ("ＧＭＯあおぞらネット銀行 法人営業部 普通 1234567", "0310/法人営業部/普通/1234567", "ＧＭＯあおぞらネット銀行 法人営業部 普通 1234567"),
    ("ソニー銀行 本店 普通 1234567", "0035/本店/普通/1234567", "ソニー銀行 本店 普通 1234567"),
    ("セブン銀行 マーガレット支店 普通 1234567", "0034/マーガレット/普通/1234567", "セブン銀行 マーガレット支店 普通 1234567"),
    ("イオン銀行 本店 普通 1234567", "0040/本店/普通/1234567", "イオン銀行 本店 普通 1234567"),
    ("三井住友銀行 新宿支店 普通 一二三四五六七", "0009/新宿/普通/1234567", "三井住友銀行 新宿支店 普通 一二三四五六七"),
    ("静岡銀行 本店 普通 1234567", "静岡銀行/本店/普通/1234567", "静岡銀行 本店 普通 1234567"),
    ("送金先静岡銀行 本店 普通 1234567", "静岡銀行/本店/普通/1234567", "静岡銀行 本店 普通 1234567"),
    ("城南信金 本店営業部 普通 1234567", "城南信用金庫/本店営業部/普通/1234567", "城南信金 本店営業部 普通 1234567"),
    ("城南信用金庫 本店営業部 普通 1234567", "城南信用金庫/本店営業部/普通/1234567", "城南信用金庫 本店営業部 普通 1234567"),
    ("埼玉りそな銀行 浦和支店 普通 1234567", "埼玉りそな銀行/浦和/普通/1234567", "埼玉りそな銀行 浦和支店 普通 1234567"),
    ("三井住友信託銀行 本店営業部 普通 1234567", "三井住友信託銀行/本店営業部/普通/1234567", "三井住友信託銀行 本店営業部 普通 1234567"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_account_found(text: str, value: str, original: str) -> None:
    assert_found(text, "bank_account", value, original)


@pytest.mark.parametrize(("text", "value", "_original"), POSITIVE)
def test_found_value_is_canonical(text: str, value: str, _original: str) -> None:
    assert canonical("bank_account", value) == value
    assert canonical("bank_account", text) == value


NEGATIVE = [
    "口座番号 1234567",
    "日給50000円 即日払い 1234567",
    "注文番号：1234567",
    "〒100-0001 東京都千代田区",
    "2024-11-22 りそな銀行で手続き",
    "楽天銀行 090-1234-5678",
    "みずほ銀行 TEL 03-1234-5678",
    "楽天銀行 1234567円",
    "みずほ銀行 2024年",
    "みずほ 1234567",
    "楽天で買った 注文番号 1234567",
    "楽天市場 新宿店 普通 1234567",
    "三井住友カード 新宿支店 普通 1234567",
    "みずほ証券 新宿支店 1234567",
    "楽天銀行 ジャズ支店 普通 12345678",
    "楽天銀行 ジャズ支店 普通 123456",
    "楽天銀行 ジャズ支店 普通 1,234,567",
    "ネット銀行の口座番号 1234567",
    "銀行 普通 1234567",
    "楽天銀行に口座を作りました。今日は寒いです。会員番号は1234567です",
    "ゆうちょ 〒100-0001",
    "普通 1234567 の口座を買います",
    "〇〇銀行 △△支店 普通 1234567",
    "XX銀行 XX支店 普通 1234567",
    "A銀行 B支店 普通 1234567",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_an_account(text: str) -> None:
    assert_none(text, "bank_account")


def test_account_number_is_not_also_a_phone_number() -> None:
    text = "楽天銀行 ジャズ支店 普通 0901234\n連絡 090-1234-5678"
    got = [(k, v) for k, _, _, v in find_all(text)]
    assert got == [("bank_account", "0036/ジャズ/普通/0901234"), ("phone", "+819012345678")]


@pytest.mark.parametrize(
    "spellings",
    [
        [
            "楽天銀行 ジャズ支店 普通 1234567",
            "楽天銀行ジャズ支店（普通）１２３４５６７",
            "楽天 ｼﾞｬｽﾞ 普通預金 1234567",
            "楽天銀行\nジャズ\n普通\n1234567",
            "銀行名：楽天銀行 支店名：ジャズ支店 口座種別：普通 口座番号：1234567",
            "0036/ジャズ/普通/1234567",
            "楽天銀行/ジャズ支店/普通/1234567",
        ],
        [
            "ゆうちょ銀行 記号10180 番号12345671",
            "ゆうちょ 10180-12345671",
            "ゆうちょ銀行 〇一八店 普通 1234567",
            "ゆうちょ銀行 018 普通 1234567",
            "9900/018/普通/1234567",
        ],
        [
            "三井住友 新宿支店 当座 7654321",
            "SMBC 新宿 当座 7654321",
            "三井住友銀行/新宿/当座/7654321",
        ],
    ],
)
def test_one_account_many_spellings(spellings: list[str]) -> None:
    assert len({canonical("bank_account", s) for s in spellings}) == 1


def test_branch_by_name_and_by_number_differ() -> None:
    # Documented: 「新宿支店」 and 「店番 220」 may be one branch, but the text cannot say so.
    assert canonical("bank_account", "三井住友 新宿支店 普通 1234567") != canonical(
        "bank_account", "三井住友 店番220 普通 1234567"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ゆうちょ 記号 01230 番号 123456", "9900/記号01230//00123456"),
        ("ゆうちょ銀行 記号10180 番号12345678", "9900/記号10180//12345678"),
        ("ゆうちょ銀行 記号10180 番号1234561", "9900/018/普通/0123456"),
    ],
)
def test_yucho_other_numbers(text: str, value: str) -> None:
    assert canonical("bank_account", text) == value
    assert canonical("bank_account", value) == value


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1234567",
        "楽天銀行",
        "楽天銀行 1234567 みずほ銀行 7654321",
        "0036/ジャズ/普通/123456",
        "9999999/ジャズ/普通/1234567",
        "0036/ジャズ/普通/12345678",
        "不明/ジャズ/普通/1234567",
    ],
)
def test_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("bank_account", raw)


def test_two_accounts_in_one_post() -> None:
    text = "①楽天銀行 ジャズ支店 普通 1234567 ②みずほ銀行 001 普通 7654321"
    got = [i.value for i in found(text) if i.type == "bank_account"]
    assert got == [RAKUTEN_JAZZ, "0001/001/普通/7654321"]


def test_bank_table_is_loaded_once() -> None:
    assert default_banks() is default_banks()
    table = default_banks()
    assert table.bank_key("ＭＵＦＧ".lower()) is None  # callers normalise first
    assert table.bank_key("mufg") == "0005"
    assert table.bank_key("城南信金") == "城南信用金庫"


def test_bank_table_errors(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "banks.toml"  # type: ignore[operator]
    path.write_text('[[banks]]\nname = "A銀行"\ncode = "12"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="4 digits"):
        load_banks(path)
    path.write_text(
        '[generic]\nsuffixes = { "銀行" = "銀行" }\n'
        '[[banks]]\nname = "A銀行"\naliases = ["X"]\n[[banks]]\nname = "B銀行"\naliases = ["X"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="two banks"):
        load_banks(path)
