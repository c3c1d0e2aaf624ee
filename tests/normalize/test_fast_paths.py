"""Cases aimed at the shortcuts the steps take for speed.

Each shortcut must give exactly what the general path gives; these pin the
edges where the two could part: results of unchanged steps, astral
characters, line-break variants, texts with or without marks, and amounts on
both sides of the int/Decimal switch.
"""

from __future__ import annotations

import copy
import pickle
import unicodedata

import pytest

from cyberpatrol.normalize import Pipeline, StepResult, default_pipeline
from cyberpatrol.normalize.emoji import EmojiStep
from cyberpatrol.normalize.kana import KanaStep
from cyberpatrol.normalize.numbers import parse_amount
from cyberpatrol.normalize.separators import SeparatorsStep
from cyberpatrol.normalize.splits import SplitsStep
from cyberpatrol.normalize.unicode import NfkcStep

from .helpers import run_one


def test_unchanged_result_reads_like_any_step_result() -> None:
    r = KanaStep().apply("カタカナ")
    assert isinstance(r, StepResult)
    assert (r.step, r.text, r.input_length) == ("kana", "カタカナ", 4)
    assert not r.changed
    assert r.edits == ()
    assert r.src_start is None and r.src_end is None and r.source is None
    assert r.to_input(1, 3) == (1, 3)
    assert r.to_input(4, 4) == (4, 4)
    assert not r.touches(0, 4)
    assert repr(r) == "StepResult('kana', 'カタカナ', changed=False)"


def test_results_pickle_and_copy() -> None:
    n = default_pipeline().run("ﾔﾐ 闇 バ イ ト")
    for other in (pickle.loads(pickle.dumps(n)), copy.deepcopy(n)):
        assert other.text == n.text
        assert [(r.step, r.text, r.changed, r.edits) for r in other.results] == [
            (r.step, r.text, r.changed, r.edits) for r in n.results
        ]
        assert other.trace(0, 3) == n.trace(0, 3)
    r = KanaStep().apply("カナ")
    assert copy.copy(r).text == "カナ"


def test_trace_after_lazy_changed_steps() -> None:
    n = default_pipeline().run("闇 バ イ ト")
    assert n.text == "闇バイト"
    assert n.trace(0, 4) == (0, 7, ("separators",))
    light = n.prefix(4)
    assert light.trace(0, 1) == (0, 1, ())


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ひ😀ら", "ヒ😀ラ"),  # astral characters are kept as they are
        ("\U00020000ば", "\U00020000バ"),
    ],
)
def test_kana_keeps_astral_characters(text: str, want: str) -> None:
    assert KanaStep().apply(text).text == want


def test_emoji_skips_astral_characters_without_entry() -> None:
    step = EmojiStep()
    assert not step.apply("😀今日も😀").changed
    n = run_one(step, "😀💰😀")
    assert n.text == "😀金😀"
    assert n.original_span(1, 2) == (1, 2, "💰")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("受\r\nけ", "受け"),
        ("受\u3000\r\n\tけ", "受け"),
        ("受 \n け", "受け"),
        ("\nあ\n", "\nあ\n"),  # no Japanese character on the other side
        ("・報酬", "・報酬"),
        ("報・酬", "報酬"),
        ("D.M", "DM"),
        ("D M", "DM"),
        ("報\r酬", "報\r酬"),  # a lone carriage return is not a line break here
    ],
)
def test_splits_edges(text: str, want: str) -> None:
    assert SplitsStep().apply(text).text == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("闇 バ イ ト", "闇バイト"),  # the pair starts the text
        ("_闇 バ イ ト", "_闇バイト"),
        ("a\u0301 b\u0301 c", "a\u0301b\u0301c"),  # marks belong to their token
        ("長い文章です 長い文章です", "長い文章です 長い文章です"),
    ],
)
def test_separators_candidates(text: str, want: str) -> None:
    assert SeparatorsStep().apply(text).text == want


@pytest.mark.parametrize(
    "text",
    [
        "ＬＩＮＥ①で連絡",  # no marks: one character per cluster
        "ﾊﾞｲﾄＡ",  # marks: clusters of base + mark
        "ｶ\u3099ｷﾞ①",
    ],
)
def test_nfkc_clusters(text: str) -> None:
    n = run_one(NfkcStep(), text)
    assert n.text == unicodedata.normalize("NFKC", text)
    for e in n.results[0].edits:
        assert unicodedata.normalize("NFKC", e.before) == e.after


def test_nfkc_one_edit_per_changed_character_without_marks() -> None:
    r = NfkcStep().apply("ＡｂcＤ")
    assert [(e.start, e.end, e.before, e.after) for e in r.edits] == [
        (0, 1, "Ａ", "A"),
        (1, 2, "ｂ", "b"),
        (3, 4, "Ｄ", "D"),
    ]


@pytest.mark.parametrize(
    ("run", "value"),
    [
        ("123456789012", 123456789012),  # 12 characters: computed with ints
        ("12345678万9千", 123456789000),
        ("9999999999千兆", 9999999999 * 10**15),  # the largest value of the int path
        ("1234567890123万", 12345678901230000),  # longer: Decimal
        # past Decimal's 28 digits the product is rounded, as it always was
        ("12345678901234567890123456789万", 123456789012345678901234567900000),
        ("1.5万", 15000),
        ("1,234,567,890,123", 1234567890123),
    ],
)
def test_parse_amount_on_both_sides_of_the_int_path(run: str, value: int) -> None:
    assert parse_amount(run) == value


def test_pipeline_of_unchanged_steps() -> None:
    p = Pipeline([KanaStep(), NfkcStep()])
    n = p.run("abc")
    assert n.text == "abc"
    assert [r.changed for r in n.results] == [False, False]
    assert n.steps_touching(0, 3) == ()
    assert n.original_span(1, 2) == (1, 2, "b")
