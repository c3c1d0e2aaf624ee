"""Fixtures for the indicator tests: a small local "light" normalisation.

The real pipeline lives in :mod:`cyberpatrol.normalize`; these tests build their own
tiny one (NFKC, invisible-character removal, dashes between digits → ``-``) so they
exercise span mapping through real offset-tracking steps.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cyberpatrol.indicators import extract
from cyberpatrol.model import Indicator


def _load_base() -> ModuleType:
    """``cyberpatrol.normalize._base``, even while the package's pipeline is unfinished."""
    try:
        from cyberpatrol.normalize import _base

        return _base
    except ImportError:
        path = Path(__file__).parents[2] / "src/cyberpatrol/normalize/_base.py"
        spec = importlib.util.spec_from_file_location("_indicator_tests_norm_base", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module


base = _load_base()
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_DASHES = re.compile(r"(?<=[0-9])[\-‐‑‒–—―−ー－ｰ](?=[0-9])")


class _Nfkc(base.Step):  # type: ignore[misc,name-defined]
    id = "test_nfkc"

    def apply(self, text: str) -> Any:
        b = base.Builder(self.id, text)
        for i, ch in enumerate(text):
            b.replace(i, i + 1, unicodedata.normalize("NFKC", ch))
        return b.build()


class _Regex(base.Step):  # type: ignore[misc,name-defined]
    def __init__(self, step_id: str, pattern: re.Pattern[str], repl: str) -> None:
        self.id = step_id
        self.pattern = pattern
        self.repl = repl

    def apply(self, text: str) -> Any:
        b = base.Builder(self.id, text)
        pos = 0
        for m in self.pattern.finditer(text):
            b.copy(pos, m.start())
            b.replace(m.start(), m.end(), self.repl)
            pos = m.end()
        b.copy(pos, len(text))
        return b.build()


_PIPELINE = base.Pipeline(
    [_Nfkc(), _Regex("test_invisible", _INVISIBLE, ""), _Regex("test_dash", _DASHES, "-")]
)


def light(text: str) -> Any:
    """The local stand-in for the engine's "light" view of ``text``."""
    return _PIPELINE.run(text)


def identity(text: str) -> Any:
    """A NormalizedText with no steps: the text as written."""
    return base.NormalizedText(original=text)


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
def view() -> Callable[[str], Any]:
    return light
