"""Flagged posts with every kind of indicator, for the export, import and TAXII tests.

The posts are analysed by the real engine. Besides phone numbers, URLs, domains and
e-mail addresses they hold a Japanese bank account, BTC and ETH addresses, LINE, X and
Telegram IDs, a URL on a hub (t.me/…, never blocked by domain), a bare-IP URL and two
hostile values: a URL with ``'];--`` and an e-mail address with a quote.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, select

from cyberpatrol.engine import Engine
from cyberpatrol.model import Item, Result
from cyberpatrol.sharing.shared import SharedIndicator
from cyberpatrol.store import Store, tables

POSTS = {
    "s1": "受け子募集 日給10万 即日即金 テレグラム @kasegu_777 連絡は 090-1234-5678 "
    "詳細 https://apply.evil-job.co.jp/form?id=1",
    "s2": "高額バイト 受け子 運び 即日払い 三菱UFJ銀行 渋谷支店 普通 1234567 に振込 "
    "BTC 1BoatSLRHtKNngkdXEeobR76b53LETtpyT ライン ID: sokukin_88 メール boss@evil-mail.jp",
    "s3": "闇バイト募集 出し子 日給5万 t.me/kasegu_777 x.com/yami_boss "
    "0x52908400098527886E0F7030069857D2E4169EE7 http://203.0.113.5/x",
    "s4": "受け子募集 日給10万 即日即金 詳細は https://evil.example/a'];--<script>x</script> "
    "メール o'brien@evil-mail.example",
}
HOSTILE_URL = "https://evil.example/a'];--"
HOSTILE_EMAIL = "o'brien@evil-mail.example"
BANK = "0005/渋谷/普通/1234567"
EXPECTED = {
    ("telegram", "kasegu_777"),
    ("phone", "+819012345678"),
    ("url", "https://apply.evil-job.co.jp/form?id=1"),
    ("domain", "evil-job.co.jp"),
    ("bank_account", BANK),
    ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
    ("line", "sokukin_88"),
    ("email", "boss@evil-mail.jp"),
    ("url", "t.me/kasegu_777"),
    ("url", "x.com/yami_boss"),
    ("x", "yami_boss"),
    ("eth", "0x52908400098527886e0f7030069857d2e4169ee7"),
    ("url", "http://203.0.113.5/x"),
    ("domain", "203.0.113.5"),
    ("url", HOSTILE_URL),
    ("domain", "evil.example"),
    ("email", HOSTILE_EMAIL),
}
"""What the organisations see (hubs such as t.me and x.com are never shared)."""


def save_posts(store: Store, engine: Engine) -> list[Result]:
    results = [engine.analyze(Item(id=key, text=text, platform="x")) for key, text in POSTS.items()]
    assert all(r.flagged for r in results)
    store.save(results)
    return results


def indicator_id(conn: Connection, kind: str, value: str) -> int:
    ind = tables.indicators
    found = conn.execute(
        select(ind.c.id).where(and_(ind.c.type == kind, ind.c.value == value))
    ).scalar_one()
    return int(found)


def shared(
    kind: str,
    value: str,
    *,
    level: str = "AMBER",
    category: str | None = "crime_recruitment",
    id: int = 1,
) -> SharedIndicator:
    """A shared indicator as :func:`~cyberpatrol.sharing.shared.shared_indicators` gives."""
    from datetime import UTC, datetime

    first = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    last = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    return SharedIndicator(id, kind, value, level, 1, first, last, first, 2, category)
