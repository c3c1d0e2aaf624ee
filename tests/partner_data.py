"""Partners and flagged posts for the sharing tests (look-ups, the partner API).

Three partner organisations — ``bank_a``, ``bank_b`` and ``telco_c`` — and a sharing
group ``banks`` (bank_a and bank_b). The posts are analysed by the real engine:

* :data:`PHONE` is in two flagged posts (one writes it in kanji numerals);
* :data:`LUNCH` is in an ordinary post only (stored, not flagged);
* :data:`HUB` is x.com, in a flagged post (a hub: never shared);
* :data:`RED` is flagged and marked TLP:RED by bank_a (visible to bank_a only);
* :data:`GROUPED` is flagged and shared with ``banks`` (bank_a and bank_b only);
* :data:`UNKNOWN` is in no post at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, select

from cyberpatrol.engine import Engine
from cyberpatrol.model import Item
from cyberpatrol.sharing.markings import set_marking
from cyberpatrol.sharing.orgs import create_group, create_org
from cyberpatrol.store import Store, tables

POSTS = {
    "p1": "受け子募集 日給5万 即日払い 連絡は090-0000-1234まで テレグラム @kasegu_777",
    "p2": "受け子募集 日給3万 即日払い 電話は〇九〇・〇〇〇〇・一二三四",
    "lunch": "今日のランチは美味しかった 店の電話 03-1234-5678",
    "hub": "受け子募集 日給5万 即日払い 詳細は https://x.com/ で",
    "red": "受け子募集 日給10万 即日払い 連絡は080-1111-2222まで",
    "group": "受け子募集 日給10万 即日払い 連絡は070-3333-4444まで",
}
PHONE = "+819000001234"
TELEGRAM = "kasegu_777"
LUNCH = "+81312345678"
HUB = "https://x.com"
RED = "+818011112222"
GROUPED = "+817033334444"
UNKNOWN = "+819099998888"
CATEGORY = "crime_recruitment"


@dataclass(frozen=True)
class Partners:
    bank_a: int
    bank_b: int
    telco_c: int
    banks: int
    """The sharing group of bank_a (owner) and bank_b."""


def add_partners(store: Store) -> Partners:
    """The three organisations and the ``banks`` group (no posts yet)."""
    with store.transaction("test") as conn:
        a = create_org(conn, "bank_a", "A銀行", "bank")
        b = create_org(conn, "bank_b", "B銀行", "bank")
        c = create_org(conn, "telco_c", "C通信", "telecom")
        group = create_group(conn, "banks", "銀行グループ", a.id, [b.id])
    return Partners(a.id, b.id, c.id, group.id)


def indicator_id(conn: Connection, kind: str, value: str) -> int:
    ind = tables.indicators
    return int(
        conn.execute(
            select(ind.c.id).where(and_(ind.c.type == kind, ind.c.value == value))
        ).scalar_one()
    )


def add_posts(store: Store, engine: Engine, partners: Partners) -> None:
    """Analyse and store :data:`POSTS`; mark :data:`RED` and :data:`GROUPED` as bank_a."""
    results = [engine.analyze(Item(id=key, text=text, platform="x")) for key, text in POSTS.items()]
    assert [r.item.id for r in results if not r.flagged] == ["lunch"]
    store.save(results)
    with store.transaction("test") as conn:
        a = partners.bank_a
        red = indicator_id(conn, "phone", RED)
        set_marking(
            conn,
            org_id=a,
            may_lower=False,
            object_type="indicator",
            object_id=red,
            level="RED",
            owner_org_id=a,
        )
        grouped = indicator_id(conn, "phone", GROUPED)
        set_marking(
            conn,
            org_id=a,
            may_lower=False,
            object_type="indicator",
            object_id=grouped,
            level="AMBER",
            sharing_group=partners.banks,
            owner_org_id=a,
        )
