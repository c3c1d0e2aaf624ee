"""Telegram usernames from links, keywords and keyword-qualified @handles."""

from __future__ import annotations

import pytest

from cyberpatrol.indicators import canonical

from .conftest import assert_found, assert_none, found

POSITIVE = [
    ("https://t.me/Kasegu_777", "kasegu_777", "https://t.me/Kasegu_777"),
    ("詳細はt.me/kasegu_777まで", "kasegu_777", "t.me/kasegu_777"),
    ("t[.]me/kasegu_777", "kasegu_777", "t[.]me/kasegu_777"),
    ("telegram.me/kasegu_777", "kasegu_777", "telegram.me/kasegu_777"),
    ("ｔ．ｍｅ／ｋａｓｅｇｕ＿７７７", "kasegu_777", "ｔ．ｍｅ／ｋａｓｅｇｕ＿７７７"),
    ("tg://resolve?domain=Kasegu_777", "kasegu_777", "tg://resolve?domain=Kasegu_777"),
    ("テレグラム: @kasegu_777", "kasegu_777", "@kasegu_777"),
    ("テレグラム：＠ｋａｓｅｇｕ＿７７７", "kasegu_777", "＠ｋａｓｅｇｕ＿７７７"),
    ("Telegram ID：Kasegu777", "kasegu777", "Kasegu777"),
    ("テレ @NAMEabc", "nameabc", "@NAMEabc"),
    ("tele:kasegu_x", "kasegu_x", "kasegu_x"),
    ("連絡はテレグラムで→@yami_job01へ🙏", "yami_job01", "@yami_job01"),
    ("テレグラムのIDは kasegu_777 です", "kasegu_777", "kasegu_777"),
    ("Telegramからお気軽に @kasegu_777", "kasegu_777", "@kasegu_777"),
    # odd spellings
    ("テレ: kasegu", "kasegu", "kasegu"),
    ("ﾃﾚｸﾞﾗﾑ→kasegu_777", "kasegu_777", "kasegu_777"),
    ("ﾃﾚ→kasegu_777", "kasegu_777", "kasegu_777"),
    ("ｔ．ｍｅ／kasegu_777", "kasegu_777", "ｔ．ｍｅ／kasegu_777"),
    ("t。me/kasegu_777", "kasegu_777", "t。me/kasegu_777"),
    ("t ドット me/kasegu_777", "kasegu_777", "t ドット me/kasegu_777"),
    ("t(.)me/kasegu_777", "kasegu_777", "t(.)me/kasegu_777"),
    ("hxxps://t.me/kasegu_777", "kasegu_777", "hxxps://t.me/kasegu_777"),
    ("hxxps://t[.]me/kasegu_777", "kasegu_777", "hxxps://t[.]me/kasegu_777"),
    ("https://telegram.dog/kasegu_777", "kasegu_777", "https://telegram.dog/kasegu_777"),
    ("tg→@kasegu_777", "kasegu_777", "@kasegu_777"),
    ("ＴＧ＠kasegu_777", "kasegu_777", "＠kasegu_777"),
    ("テレグラム ＠ｋａｓｅｇｕ", "kasegu", "＠ｋａｓｅｇｕ"),
    ("てれぐらむ→kasegu_777", "kasegu_777", "kasegu_777"),
    ("テレグラム: kase\u200bgu_777", "kasegu_777", "kase\u200bgu_777"),
    ("t.me/kase\u200cgu_777", "kasegu_777", "t.me/kase\u200cgu_777"),
    ("テレ(kasegu_777)", "kasegu_777", "kasegu_777"),
    ("テレグラム（＠kasegu_777）", "kasegu_777", "＠kasegu_777"),
]

NEGATIVE = [
    "テレワーク可能 @kasegu_777",
    "テレビで見た",
    "telephone: 0312345678",
    "Telegram contact please",
    "テレグラム: @abc",
    "t.me/abc",
    "テレグラム: 12345678",
    "テレビ(kasegu_777)",
    "テレワーク(kasegu_777)",
    "テレフォンアポ→kasegu_777",
    "box.me/kasegu_777",
]


@pytest.mark.parametrize(("text", "value", "original"), POSITIVE)
def test_telegram_found(text: str, value: str, original: str) -> None:
    assert_found(text, "telegram", value, original)


@pytest.mark.parametrize("text", NEGATIVE)
def test_telegram_not_found(text: str) -> None:
    assert_none(text, "telegram")


def test_telegram_handle_is_not_also_handle() -> None:
    kinds = [i.type for i in found("テレグラム: @kasegu_777")]
    assert kinds == ["telegram"]


def test_telegram_link_is_also_url() -> None:
    kinds = {i.type for i in found("https://t.me/kasegu_777")}
    assert kinds == {"telegram", "url", "domain"}


@pytest.mark.parametrize(
    "raw", ["@Kasegu_777", "kasegu_777", "https://t.me/kasegu_777", "t.me/Kasegu_777/"]
)
def test_telegram_canonical(raw: str) -> None:
    assert canonical("telegram", raw) == "kasegu_777"


@pytest.mark.parametrize("raw", ["@abc", "1kasegu", "kasegu-777"])
def test_telegram_canonical_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        canonical("telegram", raw)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("だしこ 今夜 関東 1わり テレ yoru_atm_kanto", "yoru_atm_kanto"),
        ("ﾃﾚ KEITAI_BUYER_Q まで", "keitai_buyer_q"),
        ("てれ→ kasegu_777", "kasegu_777"),
        ("テレグラム→ https://t.me/kasegu_777", "kasegu_777"),
    ],
)
def test_keyword_then_only_spaces_before_an_id_looking_name(text: str, value: str) -> None:
    assert [i.value for i in found(text) if i.type == "telegram"] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "テレ Premium 使ってる",
        "テレグラム Desktop版",
        "テレ 2024年の話",
        "照れる てれる",
        "てれ隠し",
    ],
)
def test_spaces_alone_do_not_make_a_word_an_id(text: str) -> None:
    assert [i for i in found(text) if i.type == "telegram"] == []
