from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberpatrol.errors import ConfigError
from cyberpatrol.normalize import STEP_CLASSES, default_pipeline
from cyberpatrol.normalize.pipeline import build_pipeline, load_pipeline

PIPE = default_pipeline()


def canon(term: str) -> str:
    """How a lexicon term looks after normalisation."""
    return PIPE.run(term).text


@pytest.mark.parametrize(
    ("post", "term", "disguised", "step"),
    [
        ("これは 闇 バ イ ト です", "闇バイト", "闇 バ イ ト", "separators"),
        ("ﾔﾐﾊﾞｲﾄ募集", "やみばいと", "ﾔﾐﾊﾞｲﾄ", "nfkc"),
        ("やみばいと募集", "ヤミバイト", "やみばいと", "kana"),
        ("⚪️案件あります", "ホワイト案件", "⚪️案件", "emoji"),
        ("即　日　即　金！", "即日即金", "即　日　即　金", "separators"),
        ("日給十万", "日給100000", "日給十万", "numbers"),
        ("報酬①⓪万", "100000", "①⓪万", "numbers"),
        ("報酬100k", "100000", "100k", "numbers"),
        ("受.け.子 募集中", "受け子", "受.け.子", "splits"),
        ("ウケ\u200bコ", "ウケコ", "ウケ\u200bコ", "invisible"),
        ("連絡はtelegrаmで", "telegram", "telegrаm", "lookalike"),
        ("テレク゛ラムで連絡", "テレグラム", "テレク゛ラム", "voicing"),
        ("ホ ワ イ ト 案 件", "ホワイト案件", "ホ ワ イ ト 案 件", "separators"),
        ("ＬＩＮＥ交換", "line", "ＬＩＮＥ", "casefold"),
    ],
)
def test_disguised_posts(post: str, term: str, disguised: str, step: str) -> None:
    n = PIPE.run(post)
    target = canon(term)
    start = n.text.index(target)
    end = start + len(target)
    s, e, sub = n.original_span(start, end)
    assert sub == disguised
    assert post[s:e] == disguised
    assert step in n.steps_touching(start, end)


def test_light_view_keeps_words_and_folds_phones() -> None:
    n = PIPE.run("連絡 ０９０ー１２３４ー５６７８ ＬＩＮＥ")
    light = PIPE.view(n, "light")
    assert light.text == "連絡 090-1234-5678 LINE"
    start = light.text.index("090")
    assert light.original_span(start, start + 13)[2] == "０９０ー１２３４ー５６７８"
    assert PIPE.view(n, "match").text == n.text


def test_step_classes_and_labels() -> None:
    assert list(STEP_CLASSES) == [s.id for s in PIPE.steps]
    labels = PIPE.labels()
    assert labels["separators"] == "挿入された空白・記号を除去"
    assert labels["lookalike"] == "似た文字を置換"
    assert labels["kana"] == "ひらがな/カタカナを統一"
    assert labels["numbers"] == "金額を数値に変換"
    assert all(labels.values())
    assert PIPE.views == {"light": 4, "match": 11}
    assert default_pipeline() is PIPE


_JA = st.characters(min_codepoint=0x3000, max_codepoint=0x30FF)
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40)
_EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F)
_MARKS = st.sampled_from(["\u3099", "\u309a", "\u0301", "\ufe0f", "\u200b", "ﾞ", "゛", "\u20e3"])
_MISC = st.sampled_from(list(" \n\t.・/-ー〜0123456789万千十一〇円k①⓪ｱｲﾊﾞ⚪○案件аеоtelgrm"))
_TEXT = st.text(
    st.one_of(st.characters(), _JA, _CJK, _EMOJI, _MARKS, _MISC),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_pipeline_never_breaks_offsets(text: str) -> None:
    n = PIPE.run(text)
    size = len(n.text)
    for i in range(size):
        s, e = n.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
    s, e = n.to_original(0, size)
    assert 0 <= s <= e <= len(text)
    for r in n.results:
        if r.src_start is not None and r.src_end is not None:
            assert len(r.src_start) == len(r.src_end) == len(r.text)
            assert all(a <= b for a, b in zip(r.src_start, r.src_end, strict=True))
            assert r.src_start == sorted(r.src_start)
    for v in PIPE.views:
        PIPE.view(n, v).text  # noqa: B018


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")), max_size=40))
def test_plain_ascii_word_is_identity(word: str) -> None:
    n = PIPE.run(word)
    assert n.text == word
    assert all(not r.edits for r in n.results)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "normalize.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('steps = ["invisible", "nope"]\n', "unknown step id 'nope'"),
        ('steps = ["invisible"]\n[views]\nlight = 4\n', "view 'light'"),
        ('steps = ["invisible"]\n[views]\nlight = "kana"\n', "view 'light'"),
        ('steps = ["invisible"]\n[views]\nlight = true\n', "view 'light'"),
        ('steps = ["invisible"]\nviews = 3\n', "[views] must be a table"),
        ('steps = "invisible"\n', "'steps' must be a list"),
        ('steps = ["kana", "kana"]\n', "listed twice"),
        ("steps = [\n", "invalid TOML"),
    ],
)
def test_config_errors(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as err:
        load_pipeline(path)
    assert message in str(err.value)
    assert err.value.path == str(path)


def test_config_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_pipeline(tmp_path / "absent.toml")


def test_config_view_by_step_id() -> None:
    pipe = build_pipeline({"steps": ["invisible", "nfkc", "kana"], "views": {"early": "nfkc"}})
    assert pipe.views == {"early": 2}
    assert pipe.run("ｱ\u200bい").text == "アイ"
