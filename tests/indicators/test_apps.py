"""The shared app-trigger scan, and the gate in front of every extractor."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberpatrol import indicators
from cyberpatrol.indicators import find_all
from cyberpatrol.indicators._apps import APP_WORDS, apps_named
from cyberpatrol.indicators._base import any_of

from . import test_instagram, test_telegram, test_threema, test_wechat, test_x
from .conftest import light

_WORDS = [w for words in APP_WORDS.values() for w in words]
_NAIVE = {app: any_of(words) for app, words in APP_WORDS.items()}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS, *"abcdeilmnrstx./[]( テレグライン"]), max_size=8))
def test_apps_named_equals_one_search_per_app(parts: list[str]) -> None:
    text = "".join(parts)
    expected = {app for app, pattern in _NAIVE.items() if pattern.search(text.lower())}
    assert apps_named(text) == expected


@pytest.mark.parametrize(
    ("text", "apps"),
    [
        ("", set()),
        ("日給5万円 2024-11-22", set()),
        ("TELEGRAM", {"telegram"}),
        ("WeChat と LINE", {"wechat", "line"}),
        ("signaline", {"signal", "line"}),
        ("x.com/abc", {"x"}),
        ("インスタ", {"instagram"}),
    ],
)
def test_apps_named(text: str, apps: set[str]) -> None:
    assert apps_named(text) == apps


_KEYWORD_FORMS = [
    text
    for module in (test_telegram, test_threema, test_wechat, test_instagram, test_x)
    for text, _, _ in module.POSITIVE
]


def test_the_gate_never_drops_a_keyword_form(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [light(t).text for t in _KEYWORD_FORMS]
    gated = [find_all(t) for t in texts]
    assert all(gated)
    monkeypatch.setattr(indicators, "_ANY_CHAR", re.compile(""))
    monkeypatch.setattr(indicators, "_ANY_WORD", re.compile(""))
    assert [find_all(t) for t in texts] == gated
