"""The matcher's shortcuts never lose a hit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from cyberpatrol.detectors.recruitment import Lexicon
from cyberpatrol.detectors.recruitment.matcher import Matcher
from cyberpatrol.normalize import default_pipeline

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
