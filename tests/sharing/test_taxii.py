"""TAXII paging: a stable order, no object skipped or repeated, whatever the page size."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from cyberpatrol.engine import Engine
from cyberpatrol.sharing import taxii
from cyberpatrol.sharing.orgs import LOCAL_ORG
from cyberpatrol.store import Store, tables
from share_data import EXPECTED, indicator_id, save_posts

LEGACY = datetime(2020, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


@pytest.fixture
def store(store_url: str, engine: Engine) -> Iterator[Store]:
    """The posts, all added at one instant, and one indicator added back in 2020."""
    with Store.open(store_url) as opened:
        save_posts(opened, engine)
        with opened.transaction("test") as conn:
            old = indicator_id(conn, "line", "sokukin_88")
            ind = tables.indicators
            conn.execute(update(ind).where(ind.c.id == old).values(added_at=LEGACY))
        yield opened


def _pages(store: Store, limit: int, added_after: datetime | None = None) -> list[taxii.Page]:
    pages: list[taxii.Page] = []
    token = None
    while True:
        with store.transaction("test") as conn:
            page = taxii.objects_page(
                conn, LOCAL_ORG, added_after=added_after, limit=limit, next_token=token
            )
        pages.append(page)
        if not page.more:
            return pages
        assert len(page.objects) == limit
        token = page.next
        assert len(pages) < 100


def _ids(pages: list[taxii.Page]) -> list[str]:
    return [o["id"] for p in pages for o in p.objects]


@pytest.mark.parametrize("limit", [1, 2, 5, 7])
def test_every_page_size_gives_the_same_sequence(store: Store, limit: int) -> None:
    (whole,) = _pages(store, 1000)
    assert len(whole.objects) == 6 + len(EXPECTED)
    assert _ids(_pages(store, limit)) == [o["id"] for o in whole.objects]


def test_the_order_is_by_date_added(store: Store) -> None:
    (whole,) = _pages(store, 1000)
    assert whole.added == sorted(whole.added)
    first = whole.objects[0]
    assert first["type"] == "indicator" and "sokukin_88" in first["pattern"]
    assert whole.added[0] == LEGACY
    assert [o["type"] for o in whole.objects[1:7]] == ["identity", *["marking-definition"] * 5]
    assert whole.added[1:7] == [taxii.FIXED_ADDED] * 6


def test_added_after(store: Store) -> None:
    (whole,) = _pages(store, 1000)
    after_fixed = _ids(_pages(store, 3, added_after=taxii.FIXED_ADDED))
    assert after_fixed == [o["id"] for o in whole.objects[7:]]
    assert _ids(_pages(store, 3, added_after=whole.added[-1])) == []
    before_all = _ids(_pages(store, 4, added_after=datetime(2000, 1, 1, tzinfo=UTC)))
    assert before_all == [o["id"] for o in whole.objects]


def test_manifest_and_envelope(store: Store) -> None:
    (first, *_) = _pages(store, 2)
    envelope = first.envelope()
    assert envelope["more"] is True and envelope["next"] == first.next
    (entry, _) = first.manifest()
    assert entry["id"] == first.objects[0]["id"]
    assert entry["date_added"] == "2020-05-06T07:08:09.123456Z"
    assert entry["media_type"] == "application/stix+json;version=2.1"


@pytest.mark.parametrize("token", ["bogus", "", "MjAyMHwzfDQ", "bm90IGEgZGF0ZXwxfDI"])
def test_next_tokens_not_ours_are_refused(token: str) -> None:
    with pytest.raises(ValueError, match="next"):
        taxii.decode_next(token)


def test_next_tokens_round_trip() -> None:
    cursor = (LEGACY, 1, 42)
    assert taxii.decode_next(taxii.encode_next(cursor)) == cursor
