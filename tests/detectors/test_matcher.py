"""The matcher's shortcuts never lose or change a hit."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from cyberpatrol.detectors.recruitment import Lexicon
from cyberpatrol.detectors.recruitment.lexicon import AmountRule
from cyberpatrol.detectors.recruitment.matcher import _NUMBER, Matcher
from cyberpatrol.normalize import Pipeline, default_pipeline

EXAMPLES = Path(__file__).parent.parent.parent / "examples" / "posts.jsonl"


def test_regex_triggers_find_the_same_hits_as_running_every_regex() -> None:
    pipeline = default_pipeline()
    lexicon = Lexicon.load("recruitment.toml")
    assert any(rx.triggers for rx in lexicon.regexes)
    untriggered = dataclasses.replace(
        lexicon, regexes=tuple(dataclasses.replace(rx, triggers=()) for rx in lexicon.regexes)
    )
    fast, slow = Matcher(lexicon, pipeline), Matcher(untriggered, pipeline)
    texts = [json.loads(line)["text"] for line in EXAMPLES.open(encoding="utf-8")]
    assert len(texts) > 100
    for text in texts:
        norm = pipeline.run(text).text
        assert sorted(fast.hits(norm), key=repr) == sorted(slow.hits(norm), key=repr), text


def test_ascii_terms_need_word_boundaries() -> None:
    pipeline = default_pipeline()
    matcher = Matcher(Lexicon.load("recruitment.toml"), pipeline)
    entries = {h.entry for h in matcher.hits(pipeline.run("cloud signals loud").text)}
    assert not any(e.startswith("role.ud") for e in entries)


def _amount_hits_by_regex(
    lexicon: Lexicon, pipeline: Pipeline, text: str
) -> list[tuple[str, int, int, int]]:
    """Amount hits found the plain way: one regex scan of each rule's contexts."""
    out: list[tuple[str, int, int, int]] = []
    for rule in lexicon.amounts:
        keys = sorted({pipeline.run(c).text for c in rule.contexts} - {""}, key=len)
        if not keys:
            spans = [(m.start(), m.end(), float(m.group())) for m in _NUMBER.finditer(text)]
        else:
            spans = []
            context = re.compile("|".join(re.escape(k) for k in reversed(keys)))
            for m in context.finditer(text):
                limit = m.end() + rule.window + 16
                near = [n for n in _NUMBER.finditer(text, m.end(), limit)]
                near = [n for n in near if n.start() - m.end() <= rule.window]
                if near:
                    best = max(near, key=lambda n: float(n.group()))
                    spans.append((m.start(), best.end(), float(best.group())))
        out += [(rule.id, s, e, int(v)) for s, e, v in spans if v >= rule.min_yen]
    return out


AMOUNT_TEXTS = [
    "1日当60000",  # two contexts overlapping: the scan takes the leftmost
    "日給日当50000",
    "月収月給800000 月1000000",
    "1ヶ月で2000000 月に700000",
    "即日即金30000 1口座1口座40000",
    "報酬 1 2 3 40000",
    "時給5000 時給4999.9999999999999999",
    "9999.99999999999999 123456789012345678901234567890",
]


def test_amount_contexts_are_read_as_a_regex_scan_would() -> None:
    pipeline = default_pipeline()
    lexicon = Lexicon.load("recruitment.toml")
    matcher = Matcher(lexicon, pipeline)
    amount_ids = {a.id for a in lexicon.amounts}
    texts = [json.loads(line)["text"] for line in EXAMPLES.open(encoding="utf-8")]
    for text in [pipeline.run(t).text for t in texts] + AMOUNT_TEXTS:
        got = [
            (h.entry, h.start, h.end, h.value)
            for h in matcher._all_hits(text)
            if h.entry in amount_ids
        ]
        assert got == _amount_hits_by_regex(lexicon, pipeline, text), text


def test_an_amount_rounding_up_to_the_minimum_counts() -> None:
    # 99999999999.999999 reads as 1e11 although its integer part is a digit short.
    lexicon = Lexicon.load("recruitment.toml")
    rule = AmountRule("pay.test", "pay", (), 10**11, 0, 1.0, "", "")
    matcher = Matcher(dataclasses.replace(lexicon, amounts=(rule,)), default_pipeline())
    hits = [h for h in matcher.hits("報酬99999999999.999999円") if h.entry == "pay.test"]
    assert [h.value for h in hits] == [10**11]
    assert not [h for h in matcher.hits("報酬99999999999.99円") if h.entry == "pay.test"]
