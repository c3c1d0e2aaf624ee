"""The acceptance bar on the held-out labelled campaign set (data/campaigns/test.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

from cyberpatrol.engine import Engine
from cyberpatrol.ingest import Accepted, read_items
from cyberpatrol.linking import CampaignGrouper, PostRef
from cyberpatrol.linking.evaluate import gold_of, score_grouping
from cyberpatrol.linking.persist import author_key

DATA = Path(__file__).parents[2] / "data" / "campaigns"


def measure(name: str) -> dict[str, object]:
    engine = Engine()
    grouper = CampaignGrouper()
    gold: dict[str, str | None] = {}
    lookalike: dict[str, str | None] = {}
    refs = []
    for record in read_items([str(DATA / name)]):
        assert isinstance(record, Accepted), record
        item = record.item
        r = engine.analyze(item)
        gold[item.id], lookalike[item.id] = gold_of(item.meta)
        refs.append(
            PostRef(
                item.id,
                item.text,
                author_key(item.platform, item.author),
                item.created_at,
                tuple((i.type, i.value) for i in r.indicators),
            )
        )
    grouper.add(refs)
    return score_grouping(gold, lookalike, grouper).to_dict()


def test_held_out_set_meets_the_bar() -> None:
    m = measure("test.jsonl")
    assert m["precision"] >= 0.95, json.dumps(m)
    assert m["recall"] >= 0.90, json.dumps(m)
    assert m["lookalike_merges"] == 0, json.dumps(m)
    assert m["merged_operations"] == []


def test_dev_set_keeps_look_alikes_apart() -> None:
    m = measure("dev.jsonl")
    assert m["lookalike_merges"] == 0, json.dumps(m)
    assert m["precision"] >= 0.95, json.dumps(m)
