"""Campaigns in the store: incremental updates equal one-shot grouping, reruns change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from cyberpatrol.engine import Engine
from cyberpatrol.ingest import Accepted, read_items
from cyberpatrol.linking import CampaignGrouper, PostRef
from cyberpatrol.linking.persist import author_key, update_campaigns
from cyberpatrol.model import Result
from cyberpatrol.store import Store, tables

EXAMPLES = Path(__file__).parents[2] / "examples" / "posts.jsonl"


@pytest.fixture(scope="module")
def results() -> list[Result]:
    engine = Engine()
    return [engine.analyze(r.item) for r in read_items([str(EXAMPLES)]) if isinstance(r, Accepted)]


def memory_groups(results: list[Result]) -> set[frozenset[tuple[str, str]]]:
    """What the in-memory grouper makes of the flagged posts, as (platform, id) sets."""
    grouper = CampaignGrouper()
    by_key = {}
    refs = []
    for r in results:
        if r.flagged:
            key = f"{r.item.platform}/{r.item.id}"
            by_key[key] = (r.item.platform, r.item.id)
            refs.append(
                PostRef(
                    key,
                    r.item.text,
                    author_key(r.item.platform, r.item.author),
                    r.item.created_at,
                    tuple((i.type, i.value) for i in r.indicators),
                )
            )
    grouper.add(refs)
    return {frozenset(by_key[m] for m in c.members) for c in grouper.campaigns()}


def stored_groups(store: Store) -> set[frozenset[tuple[str, str]]]:
    p, cp = tables.posts, tables.campaign_posts
    groups: dict[int, set[tuple[str, str]]] = {}
    with store.transaction("read") as conn:
        rows = conn.execute(
            select(cp.c.campaign_id, p.c.platform, p.c.external_id).join(p, p.c.id == cp.c.post_id)
        )
        for campaign_id, platform, external_id in rows:
            groups.setdefault(campaign_id, set()).add((platform, external_id))
    return {frozenset(g) for g in groups.values()}


def count(store: Store, table: object) -> int:
    with store.transaction("count") as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_incremental_updates_equal_one_shot_grouping(store_url: str, results: list[Result]) -> None:
    expected = memory_groups(results)
    assert len(expected) >= 5
    with Store.open(store_url) as store:
        half = len(results) // 2
        store.save(results[:half])
        first = update_campaigns(store)
        assert first.restored == 0
        assert first.grouped == sum(r.flagged for r in results[:half])
        store.save(results[half:])
        second = update_campaigns(store)
        assert second.restored == first.grouped
        assert second.grouped == sum(r.flagged for r in results[half:])
        assert stored_groups(store) == expected
        assert second.campaigns == len(expected) == count(store, tables.campaigns)


def test_rerun_changes_nothing_and_rebuild_gives_the_same(
    store_url: str, results: list[Result]
) -> None:
    with Store.open(store_url) as store:
        store.save(results)
        update_campaigns(store)
        before = stored_groups(store)
        links = count(store, tables.campaign_links)
        again = update_campaigns(store)
        assert (again.grouped, again.links, again.changed) == (0, 0, ())
        assert count(store, tables.campaign_links) == links
        rebuilt = update_campaigns(store, rebuild=True)
        assert rebuilt.restored == 0
        assert stored_groups(store) == before


def test_campaign_rows_carry_size_accounts_times_and_why(
    store_url: str, results: list[Result]
) -> None:
    with Store.open(store_url) as store:
        store.save(results)
        update_campaigns(store)
        with store.transaction("read") as conn:
            rows = conn.execute(select(tables.campaigns)).all()
        for row in rows:
            assert row.size >= 2
            assert 1 <= row.accounts <= row.size
            assert row.first_seen_at <= row.last_seen_at
            assert row.why and row.why[0]["rule"] in {
                "shared_contact",
                "near_duplicate_text",
                "same_author_text",
            }


def test_indicator_first_and_last_seen_follow_the_posts(store_url: str, engine: Engine) -> None:
    from datetime import UTC, datetime

    from cyberpatrol.model import Item

    def result(pid: str, day: int) -> Result:
        when = datetime(2026, 10, day, tzinfo=UTC)
        return engine.analyze(Item(pid, "テレグラム: @kasegu_777 まで", "x", created_at=when))

    with Store.open(store_url) as store:
        store.save([result("b", 10)])
        store.save([result("a", 3), result("c", 20)])
        store.save([result("b", 10)])
        ind = tables.indicators
        with store.transaction("read") as conn:
            row = conn.execute(select(ind).where(ind.c.value == "kasegu_777")).one()
        assert row.first_seen_at.day == 3
        assert row.last_seen_at.day == 20


def test_a_merged_campaigns_stricter_marking_carries_over(store_url: str, engine: Engine) -> None:
    from datetime import UTC, datetime

    from cyberpatrol.model import Item
    from cyberpatrol.sharing.markings import get_marking, set_marking

    recruit = "【即日即金】ホワイト案件、受け子募集。日給5万。"

    def result(pid: str, day: int, contact: str) -> Result:
        when = datetime(2026, 10, day, tzinfo=UTC)
        return engine.analyze(Item(pid, recruit + contact, "x", f"acct_{pid}", created_at=when))

    with Store.open(store_url) as store:
        store.save([result("a1", 1, "テレ: kasegu_777"), result("a2", 2, "テレ: kasegu_777")])
        store.save([result("b1", 3, "電話 090-0000-1234"), result("b2", 4, "電話 090-0000-1234")])
        update_campaigns(store)
        c = tables.campaigns
        with store.transaction("mark") as conn:
            ids = dict(conn.execute(select(c.c.key, c.c.id)).all())
            assert len(ids) == 2
            newer = max(ids, key=lambda k: ids[k])
            set_marking(
                conn,
                org_id=1,
                may_lower=False,
                object_type="campaign",
                object_id=ids[newer],
                level="RED",
            )
        store.save([result("bridge", 5, "テレ: kasegu_777 / 090-0000-1234")])
        update_campaigns(store)
        with store.transaction("read") as conn:
            ((_, survivor),) = conn.execute(select(c.c.key, c.c.id)).all()
            assert get_marking(conn, "campaign", int(survivor)).tlp == "RED"
            mk = tables.markings
            rows = conn.execute(select(mk.c.object_id).where(mk.c.object_type == "campaign"))
            assert [int(r.object_id) for r in rows] == [int(survivor)]
