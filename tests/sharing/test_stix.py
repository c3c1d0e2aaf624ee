"""STIX 2.1 exports: patterns per type, TLP 2.0 markings, deterministic ids, hostile values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import stix2

from cyberpatrol.engine import Engine
from cyberpatrol.sharing import stix, tlp
from cyberpatrol.sharing.markings import set_marking
from cyberpatrol.sharing.orgs import LOCAL_ORG, create_org
from cyberpatrol.sharing.stix_in import indicator_of_pattern
from cyberpatrol.store import Store
from share_data import BANK, EXPECTED, HOSTILE_URL, indicator_id, save_posts, shared


@pytest.fixture
def store(store_url: str, engine: Engine) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        save_posts(opened, engine)
        yield opened


def _bundle(store: Store, org: int = LOCAL_ORG, **kwargs: Any) -> dict[str, Any]:
    with store.transaction("test") as conn:
        return stix.bundle(conn, org, **kwargs)


def _indicators(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in bundle["objects"] if o["type"] == "indicator"]


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("phone", "+819012345678", "[phone-number:value = '+819012345678']"),
        ("url", "https://evil.example/a", "[url:value = 'https://evil.example/a']"),
        ("domain", "evil.example", "[domain-name:value = 'evil.example']"),
        ("domain", "203.0.113.5", "[ipv4-addr:value = '203.0.113.5']"),
        ("email", "boss@evil-mail.jp", "[email-addr:value = 'boss@evil-mail.jp']"),
        (
            "telegram",
            "kasegu_777",
            "[user-account:account_login = 'kasegu_777' AND "
            "user-account:account_type = 'telegram']",
        ),
        (
            "x",
            "yami_boss",
            "[user-account:account_login = 'yami_boss' AND user-account:account_type = 'twitter']",
        ),
        ("handle", "yami", "[user-account:account_login = 'yami']"),
        ("bank_account", BANK, f"[bank-account:account_number = '{BANK}']"),
        ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", None),
        ("eth", "0x52908400098527886e0f7030069857d2e4169ee7", None),
        ("tron", "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", None),
    ],
)
def test_each_type_has_its_pattern(kind: str, value: str, expected: str | None) -> None:
    pattern = stix.pattern(kind, value)
    assert pattern == (expected or f"[cryptocurrency-wallet:value = '{value}']")
    assert indicator_of_pattern(pattern) == (kind, value)


@pytest.mark.parametrize(
    "value",
    [
        "https://evil.example/x'] OR [url:value = 'y",
        "https://evil.example/a\\b'c\\'",
        "https://evil.example/<script>alert(1)</script>",
        "https://evil.example/a\nb\r\tc",
        "https://evil.example/'",
        "https://evil.example/\\",
    ],
)
def test_hostile_values_stay_inside_the_quotes(value: str) -> None:
    from cyberpatrol.sharing.stix_in import _comparisons

    obj = stix.indicator_object(shared("url", value))
    parsed = stix2.parse(obj, allow_custom=True)  # the pattern grammar accepts it
    assert _comparisons(parsed.pattern) == {("url", "value"): value}


def test_the_bundle_is_valid_stix(store: Store) -> None:
    bundle = _bundle(store)
    parsed = stix2.parse(bundle, allow_custom=True)
    assert len(parsed.objects) == len(bundle["objects"])
    by_id = {o["id"]: o for o in bundle["objects"]}
    indicators = _indicators(bundle)
    assert {indicator_of_pattern(i["pattern"]) for i in indicators} == EXPECTED
    for obj in bundle["objects"]:
        if obj["type"] != "marking-definition":
            (ref,) = obj["object_marking_refs"]
            assert by_id[ref]["type"] == "marking-definition"
    for i in indicators:
        assert by_id[i["created_by_ref"]]["type"] == "identity"
        assert i["indicator_types"] == ["malicious-activity"]
        assert i["labels"] == ["crime_recruitment"]
        assert i["pattern_type"] == "stix"
        assert "犯罪実行者募集情報" in i["description"]


def test_marking_definitions_are_oasis_objects() -> None:
    # extension-definition-specifications/tlp-2.0/examples/tlp-amber+strict.json
    published = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "created": "2022-10-01T00:00:00.000Z",
        "name": "TLP:AMBER+STRICT",
        "extensions": {
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                "extension_type": "property-extension",
                "tlp_2_0": "amber+strict",
            }
        },
    }
    assert stix.marking_definition("amber+strict") == published
    defs = stix.marking_definitions()
    assert [d["name"] for d in defs] == [
        "TLP:CLEAR",
        "TLP:GREEN",
        "TLP:AMBER",
        "TLP:AMBER+STRICT",
        "TLP:RED",
    ]
    assert [d["id"] for d in defs] == [level.stix_id for level in tlp.levels().values()]
    for d in defs:
        stix2.parse(d)  # strict: no custom properties


def test_ids_are_the_same_on_every_export(store: Store) -> None:
    first, second = _bundle(store), _bundle(store)
    assert [o["id"] for o in first["objects"]] == [o["id"] for o in second["objects"]]
    assert first["id"] != second["id"]
    assert stix.indicator_id("phone", "+819012345678") == stix.indicator_id(
        "phone", "+819012345678"
    )
    assert stix.indicator_id("phone", "+819012345678") != stix.indicator_id(
        "phone", "+819012345679"
    )


def test_every_indicator_carries_its_own_tlp(store: Store) -> None:
    with store.transaction("test") as conn:
        phone = indicator_id(conn, "phone", "+819012345678")
        set_marking(
            conn,
            org_id=LOCAL_ORG,
            may_lower=True,
            object_type="indicator",
            object_id=phone,
            level="GREEN",
        )
    bundle = _bundle(store)
    levels = {
        indicator_of_pattern(i["pattern"]): i["object_marking_refs"][0] for i in _indicators(bundle)
    }
    assert levels[("phone", "+819012345678")] == tlp.levels()["GREEN"].stix_id
    assert levels[("url", HOSTILE_URL)] == tlp.levels()["AMBER"].stix_id
    names = {o["name"] for o in bundle["objects"] if o["type"] == "marking-definition"}
    assert names == {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"}


def test_types_and_added_after_filter(store: Store) -> None:
    only = _indicators(_bundle(store, types=["phone", "telegram"]))
    assert {indicator_of_pattern(i["pattern"])[0] for i in only} == {"phone", "telegram"}
    later = _bundle(store, added_after=stix.parse_timestamp("2999-01-01T00:00:00Z"))
    assert _indicators(later) == []


def test_valid_from_is_first_seen_and_times_are_stix() -> None:
    obj = stix.indicator_object(shared("phone", "+819012345678"))
    assert obj["valid_from"] == "2026-01-02T03:04:05.678Z"
    assert obj["created"] == "2026-01-02T03:04:05.678Z"
    assert obj["modified"] == "2026-02-03T04:05:06.000Z"


def test_a_partner_sees_its_own_view(store: Store) -> None:
    with store.transaction("test") as conn:
        partner = create_org(conn, "bank_a", "A銀行", "bank")
        phone = indicator_id(conn, "phone", "+819012345678")
        set_marking(
            conn,
            org_id=LOCAL_ORG,
            may_lower=False,
            object_type="indicator",
            object_id=phone,
            level="RED",
        )
    mine = {indicator_of_pattern(i["pattern"]) for i in _indicators(_bundle(store))}
    theirs = {indicator_of_pattern(i["pattern"]) for i in _indicators(_bundle(store, partner.id))}
    assert mine - theirs == {("phone", "+819012345678")}
