"""MISP exports: attribute types and categories, TLP tags, deterministic uuids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from pymisp import MISPEvent

from cyberpatrol.engine import Engine
from cyberpatrol.sharing import misp
from cyberpatrol.sharing.markings import set_marking
from cyberpatrol.sharing.orgs import LOCAL_ORG, create_org
from cyberpatrol.store import Store
from share_data import BANK, EXPECTED, indicator_id, save_posts, shared


@pytest.fixture
def store(store_url: str, engine: Engine) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        save_posts(opened, engine)
        yield opened


def _event(store: Store, org: int = LOCAL_ORG, **kwargs: Any) -> dict[str, Any]:
    with store.transaction("test") as conn:
        return misp.event(conn, org, **kwargs)["Event"]


def _tags(attr: dict[str, Any]) -> list[str]:
    return [t["name"] for t in attr.get("Tag", [])]


@pytest.mark.parametrize(
    ("kind", "value", "misp_type", "category", "type_tag"),
    [
        ("phone", "+819012345678", "phone-number", "Financial fraud", False),
        ("bank_account", BANK, "bank-account-nr", "Financial fraud", False),
        ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "btc", "Financial fraud", False),
        ("eth", "0x52908400098527886e0f7030069857d2e4169ee7", "text", "Financial fraud", True),
        ("tron", "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", "text", "Financial fraud", True),
        ("url", "https://evil.example/a", "url", "Network activity", False),
        ("domain", "evil.example", "domain", "Network activity", False),
        ("domain", "203.0.113.5", "ip-dst", "Network activity", False),
        ("email", "boss@evil-mail.jp", "email", "Social network", False),
        ("x", "yami_boss", "twitter-id", "Social network", False),
        ("telegram", "kasegu_777", "text", "Social network", True),
        ("line", "sokukin_88", "text", "Social network", True),
        ("handle", "yami", "text", "Social network", True),
    ],
)
def test_each_type_has_its_attribute(
    kind: str, value: str, misp_type: str, category: str, type_tag: bool
) -> None:
    event = misp.build_event([shared(kind, value)], producer="運用組織", recipient="A", key="k")
    (attr,) = event.attributes
    assert (attr.type, attr.value, attr.category) == (misp_type, value, category)
    tags = [t.name for t in attr.tags]
    assert "tlp:amber" in tags
    assert 'cyberpatrol:category="crime_recruitment"' in tags
    assert (f'cyberpatrol:indicator-type="{kind}"' in tags) is type_tag
    assert attr.first_seen.isoformat() == "2026-01-02T03:04:05.678000+00:00"
    assert attr.last_seen.isoformat() == "2026-02-03T04:05:06+00:00"
    assert "犯罪実行者募集情報" in attr.comment


def test_the_event_loads_in_pymisp(store: Store) -> None:
    raw = _event(store)
    event = MISPEvent()
    event.load(orjson.dumps({"Event": raw}))
    assert len(event.attributes) == len(EXPECTED)
    assert event.info.startswith("cyberpatrol 共有指標")
    assert event.distribution == 0
    assert [t.name for t in event.tags] == ["tlp:amber"]
    assert raw["Orgc"]["name"] == "運用組織"


def test_uuids_are_the_same_on_every_export(store: Store) -> None:
    first, second = _event(store), _event(store)
    assert first["uuid"] == second["uuid"]
    assert [a["uuid"] for a in first["Attribute"]] == [a["uuid"] for a in second["Attribute"]]
    assert _event(store, types=["phone"])["uuid"] != first["uuid"]


def test_tags_follow_markings_and_the_event_takes_the_strictest(store: Store) -> None:
    with store.transaction("test") as conn:
        partner = create_org(conn, "bank_a", "A銀行", "bank")
        phone = indicator_id(conn, "phone", "+819012345678")
        set_marking(
            conn,
            org_id=LOCAL_ORG,
            may_lower=False,
            object_type="indicator",
            object_id=phone,
            level="AMBER+STRICT",
        )
        bank = indicator_id(conn, "bank_account", BANK)
        set_marking(
            conn,
            org_id=LOCAL_ORG,
            may_lower=False,
            object_type="indicator",
            object_id=bank,
            level="RED",
        )
    mine = _event(store)
    by_value = {a["value"]: _tags(a) for a in mine["Attribute"]}
    assert "tlp:amber+strict" in by_value["+819012345678"]
    assert "tlp:red" in by_value[BANK]
    assert _tags(mine) == ["tlp:red"]
    theirs = _event(store, partner.id)
    assert BANK not in {a["value"] for a in theirs["Attribute"]}
    assert _tags(theirs) == ["tlp:amber+strict"]
    assert theirs["uuid"] != mine["uuid"]


def test_an_empty_event_is_clear() -> None:
    event = misp.build_event([], producer="運用組織", recipient="A", key="k")
    assert [t.name for t in event.tags] == ["tlp:clear"]
    assert event.attributes == []
