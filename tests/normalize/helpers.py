"""Shared checks for the normalisation step tests."""

from __future__ import annotations

from cyberpatrol.normalize import NormalizedText, Pipeline, Step


def run_one(step: Step, text: str) -> NormalizedText:
    return Pipeline([step]).run(text)


def check_row(step: Step, text: str, expected: str, term: str, original: str) -> None:
    """The step turns ``text`` into ``expected``; ``term`` maps back to ``original``."""
    n = run_one(step, text)
    assert n.text == expected
    if expected == text:
        assert not n.results[0].edits
        return
    start = n.text.index(term)
    end = start + len(term)
    s, e, sub = n.original_span(start, end)
    assert sub == original
    assert 0 <= s <= e <= len(text)
    assert step.id in n.steps_touching(start, end)
