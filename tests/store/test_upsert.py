"""Saving is idempotent; history is kept per detector version."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Table, func, select
from store_builders import make_result

from cyberpatrol.errors import StoreError
from cyberpatrol.model import Indicator
from cyberpatrol.store import Store, tables


def _count(store: Store, table: Table) -> int:
    with store._engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _counts(store: Store) -> dict[str, int]:
    return {
        t.name: _count(store, t)
        for t in (tables.posts, tables.scan_results, tables.indicators, tables.post_indicators)
    }


def test_saving_the_same_batch_twice_changes_nothing(store: Store) -> None:
    batch = [make_result(str(i)) for i in range(20)]
    store.save(batch)
    before = _counts(store)
    store.save(batch)
    assert before == {
        "posts": 20,
        "scan_results": 20,
        "indicators": 2,
        "post_indicators": 40,
    }
    assert _counts(store) == before


def test_resave_updates_post_and_last_seen_but_keeps_first_seen(store: Store) -> None:
    store.save([make_result("1", text="古い本文")])
    first = store.get_post("x", "1")
    time.sleep(0.01)
    store.save([make_result("1", text="新しい本文", flagged=False, score=0.2)])
    second = store.get_post("x", "1")
    assert first is not None
    assert second is not None
    assert second.first_seen_at == first.first_seen_at
    assert second.last_seen_at > first.last_seen_at
    assert second.result.item.text == "新しい本文"
    assert second.result.flagged is False
    assert store.count_posts() == 1


def test_duplicates_inside_one_batch_collapse_to_the_last(store: Store) -> None:
    store.save([make_result("1", text="一回目"), make_result("1", text="二回目")])
    stored = store.get_post("x", "1")
    assert stored is not None
    assert stored.result.item.text == "二回目"
    assert store.count_posts() == 1


def test_same_detector_version_updates_one_row(store: Store) -> None:
    store.save([make_result("1", score=0.7)])
    store.save([make_result("1", score=0.9)])
    stored = store.get_post("x", "1")
    assert stored is not None
    assert [r.finding.score for r in stored.history] == [0.9]


def test_new_detector_version_adds_a_history_row(store: Store) -> None:
    store.save([make_result("1", version="1.0", score=0.7)])
    time.sleep(0.01)
    store.save([make_result("1", version="2.0", score=0.4, flagged=False)])
    stored = store.get_post("x", "1")
    assert stored is not None
    assert [(r.finding.detector_version, r.flagged) for r in stored.history] == [
        ("1.0", True),
        ("2.0", False),
    ]
    # The latest result per detector is the newest version's.
    assert [f.detector_version for f in stored.result.findings] == ["2.0"]
    assert _count(store, tables.scan_results) == 2


def test_indicators_are_shared_across_posts_and_linked(store: Store) -> None:
    store.save([make_result("1"), make_result("2")])
    store.save([make_result("3", indicators=(Indicator("line", "abc123", 0, 6, "abc123"),))])
    assert _count(store, tables.indicators) == 3
    assert _count(store, tables.post_indicators) == 5
    three = store.get_post("x", "3")
    assert three is not None
    assert [(i.type, i.value) for i in three.result.indicators] == [("line", "abc123")]


def test_resave_replaces_indicator_links(store: Store) -> None:
    store.save([make_result("1")])
    store.save([make_result("1", indicators=(Indicator("phone", "+819012345678", 0, 5, "x"),))])
    stored = store.get_post("x", "1")
    assert stored is not None
    assert [i.type for i in stored.result.indicators] == ["phone"]
    assert _count(store, tables.indicators) == 2  # the indicator itself is kept


def test_failed_batch_writes_nothing(store: Store) -> None:
    store.save([make_result("kept")])
    good = make_result("new")
    bad = make_result("bad", text="NUL \x00 here")
    with pytest.raises(StoreError):
        store.save([good, bad])
    assert store.count_posts() == 1
    assert store.get_post("x", "new") is None
