"""An indicator re-enters what partners receive (TAXII's date_added) when it changes."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from cyberpatrol.engine import Engine
from cyberpatrol.model import Item
from cyberpatrol.sharing import orgs, shared_indicators
from cyberpatrol.sharing.markings import set_marking
from cyberpatrol.store import Store

RECRUIT = "【即日即金】ホワイト案件、受け子募集。日給5万。DMは @kasegu_777 まで"
NEWS = "ニュース: 特殊詐欺事件で逮捕された男は @kasegu_777 というアカウントを使っていたと県警が発表"


def test_late_flagged_and_remarked_indicators_are_sent_again(store_url: str) -> None:
    engine = Engine()
    with Store.open(store_url) as store:
        with store.transaction("org") as conn:
            bank = orgs.create_org(conn, "bank_a", "A銀行", "bank")
        news = engine.analyze(Item("1", NEWS, "x", "newsdesk"))
        assert not news.flagged
        store.save([news])
        with store.transaction("read") as conn:
            assert shared_indicators(conn, bank.id) == []
        polled = datetime.now(UTC)
        time.sleep(0.01)
        store.save([engine.analyze(Item("2", RECRUIT, "x", "recruiter"))])
        with store.transaction("read") as conn:
            (fresh,) = shared_indicators(conn, bank.id, added_after=polled)
            assert (fresh.type, fresh.value) == ("handle", "kasegu_777")
            polled = datetime.now(UTC)
            time.sleep(0.01)
            assert shared_indicators(conn, bank.id, added_after=polled) == []
            set_marking(
                conn,
                org_id=orgs.LOCAL_ORG,
                may_lower=False,
                object_type="indicator",
                object_id=fresh.id,
                level="AMBER+STRICT",
            )
            (again,) = shared_indicators(conn, bank.id, added_after=polled)
            assert again.tlp == "AMBER+STRICT"


def test_a_page_is_never_short_while_hubs_are_dropped(store_url: str) -> None:
    from cyberpatrol.indicators import default_hubs

    engine = Engine()
    hub_links = " ".join(f"https://{d}/" for d in sorted(default_hubs().domains)[:20])
    with Store.open(store_url) as store:
        store.save([engine.analyze(Item("h", RECRUIT + " " + hub_links, "x", "hubby"))])
        store.save(
            [
                engine.analyze(
                    Item("r", "【高額】受け子 即日即金 日給5万 DMは @real_contact_9", "x", "r")
                )
            ]
        )
        with store.transaction("read") as conn:
            (first,) = shared_indicators(conn, orgs.LOCAL_ORG, limit=1)
            assert first.value in {"kasegu_777", "real_contact_9"}
            page = shared_indicators(conn, orgs.LOCAL_ORG, limit=2)
            assert {s.value for s in page} == {"kasegu_777", "real_contact_9"}
