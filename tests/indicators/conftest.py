"""Fixtures for the indicator tests: texts go through the engine's real "light" view
(invisible characters, voicing marks, NFKC, width/dash folding), so span mapping is tested
through the same offset-tracking steps as in production."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cyberpatrol.indicators import extract
from cyberpatrol.model import Indicator
from cyberpatrol.normalize import NormalizedText, default_pipeline

_PIPELINE = default_pipeline()


def light(text: str) -> NormalizedText:
    """The engine's "light" view of ``text`` (what extraction sees in production)."""
    return _PIPELINE.view(_PIPELINE.run(text), "light")


def identity(text: str) -> NormalizedText:
    """A NormalizedText with no steps: the text as written."""
    return NormalizedText(text)


def found(text: str) -> list[Indicator]:
    """Indicators of ``text`` through the local light view, with span sanity checks."""
    out = extract(light(text))
    for ind in out:
        assert 0 <= ind.start <= ind.end <= len(text)
        assert text[ind.start : ind.end] == ind.text
    return out


def assert_found(text: str, kind: str, value: str, original: str) -> None:
    """``text`` yields an indicator of ``kind`` with ``value`` read from ``original``."""
    hits = [i for i in found(text) if i.type == kind and i.value == value]
    assert hits, f"{kind}={value!r} not in {found(text)}"
    assert original in [i.text for i in hits], f"{[i.text for i in hits]} != {original!r}"


def assert_none(text: str, kind: str) -> None:
    """``text`` yields no indicator of ``kind``."""
    hits = [i for i in found(text) if i.type == kind]
    assert not hits, hits


@pytest.fixture
def view() -> Callable[[str], NormalizedText]:
    return light
