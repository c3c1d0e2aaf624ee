"""Shared pieces of the extractors: the trigger pattern agrees with plain ``in`` tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberpatrol.indicators._base import any_of

_NEEDLES = ("@", "[at]", "(at)", "t(.)me", "a.b", "^$", "アット", "\\d")
_PIECES = st.sampled_from([*_NEEDLES, *list("@[]().atbm^$\\dアット x")])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_any_of_finds_exactly_the_texts_holding_a_needle(text: str) -> None:
    expected = any(n in text for n in _NEEDLES)
    assert (any_of(_NEEDLES).search(text) is not None) == expected
