"""Look-ups (``sharing.shared.lookup``): any spelling, and only what the caller may see."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert

from cyberpatrol.engine import Engine
from cyberpatrol.sharing.orgs import LOCAL_ORG
from cyberpatrol.sharing.shared import MAX_BULK, lookup, lookup_many
from cyberpatrol.store import Store, tables
from partner_data import (
    CATEGORY,
    GROUPED,
    HUB,
    LUNCH,
    PHONE,
    RED,
    TELEGRAM,
    UNKNOWN,
    Partners,
    add_partners,
    add_posts,
    indicator_id,
)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def partners(store: Store, engine: Engine) -> Partners:
    partners = add_partners(store)
    add_posts(store, engine, partners)
    return partners


def _lookup(store: Store, org: int, kind: str, raw: str) -> dict[str, Any]:
    with store.transaction("test") as conn:
        return lookup(conn, org, kind, raw)


def _unflagged(kind: str, value: str) -> dict[str, Any]:
    return {"type": kind, "value": value, "flagged": False}


@pytest.mark.parametrize(
    "spelling",
    [
        "090-0000-1234",
        "〇九〇・〇〇〇〇・一二三四",
        "０９０－００００－１２３４",
        "090 0000 1234",
        "09000001234",
        "+81 90-0000-1234",
        "(090)0000-1234",
    ],
)
def test_any_spelling_gives_the_canonical_answer(
    store: Store, partners: Partners, spelling: str
) -> None:
    answer = _lookup(store, partners.telco_c, "phone", spelling)
    assert answer == {
        **answer,
        "type": "phone",
        "value": PHONE,
        "flagged": True,
        "category": CATEGORY,
        "reports": 2,
        "tlp": "AMBER",
    }
    assert answer["first_seen"] is not None and answer["last_seen"] is not None
    datetime.fromisoformat(answer["first_seen"])


@pytest.mark.parametrize(
    "spelling", ["@KASEGU_777", "https://t.me/kasegu_777", "＠ｋａｓｅｇｕ＿７７７"]
)
def test_any_spelling_of_an_account(store: Store, partners: Partners, spelling: str) -> None:
    answer = _lookup(store, partners.bank_b, "telegram", spelling)
    assert answer["value"] == TELEGRAM and answer["flagged"] and answer["reports"] == 1


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("phone", "03-1234-5678", LUNCH),  # stored, but only in an ordinary post
        ("phone", "090-9999-8888", UNKNOWN),  # never seen
        ("url", "HTTPS://X.COM/", HUB),  # in a flagged post, but a hub
        ("domain", "X.com", "x.com"),  # the hub's domain
    ],
)
def test_unflagged_unknown_and_hub_values_answer_alike(
    store: Store, partners: Partners, kind: str, raw: str, value: str
) -> None:
    for org in (LOCAL_ORG, partners.bank_a, partners.telco_c):
        assert _lookup(store, org, kind, raw) == _unflagged(kind, value)


def test_red_is_seen_by_its_owner_only(store: Store, partners: Partners) -> None:
    mine = _lookup(store, partners.bank_a, "phone", RED)
    assert mine["flagged"] and mine["tlp"] == "RED" and mine["reports"] == 1
    for org in (LOCAL_ORG, partners.bank_b, partners.telco_c):
        assert _lookup(store, org, "phone", RED) == _unflagged("phone", RED)
        assert _lookup(store, org, "phone", RED) == _lookup(store, org, "phone", RED)


def test_a_group_object_is_seen_by_its_members_only(store: Store, partners: Partners) -> None:
    for org in (partners.bank_a, partners.bank_b):
        answer = _lookup(store, org, "phone", "070-3333-4444")
        assert answer["flagged"] and answer["tlp"] == "AMBER" and answer["category"] == CATEGORY
    for org in (LOCAL_ORG, partners.telco_c):
        assert _lookup(store, org, "phone", "070-3333-4444") == _unflagged("phone", GROUPED)


def test_partner_reports_count_and_can_flag_a_value(store: Store, partners: Partners) -> None:
    now = datetime.now(UTC)
    with store.transaction("test") as conn:
        rows = [
            (indicator_id(conn, "phone", PHONE), "fraud.investment"),
            (indicator_id(conn, "phone", LUNCH), "fraud.refund"),
        ]
        conn.execute(
            insert(tables.indicator_sources),
            [
                {
                    "indicator_id": i,
                    "organisation_id": partners.bank_b,
                    "source_ref": f"indicator--{n}",
                    "format": "stix",
                    "category": category,
                    "tlp": "AMBER",
                    "imported_at": now,
                }
                for n, (i, category) in enumerate(rows)
            ],
        )
    phone = _lookup(store, partners.telco_c, "phone", PHONE)
    assert phone["reports"] == 3 and phone["category"] == CATEGORY  # two posts outvote one
    lunch = _lookup(store, partners.telco_c, "phone", LUNCH)
    assert lunch["flagged"] and lunch["reports"] == 1 and lunch["category"] == "fraud.refund"


@pytest.mark.parametrize(
    ("kind", "raw"), [("phone", "not a number"), ("phone", "0000"), ("fax", "03-1234-5678")]
)
def test_an_unreadable_value_is_refused_the_same_for_everyone(
    store: Store, partners: Partners, kind: str, raw: str
) -> None:
    messages = set()
    for org in (LOCAL_ORG, partners.bank_a, partners.telco_c):
        with pytest.raises(ValueError) as caught:
            _lookup(store, org, kind, raw)
        messages.add(str(caught.value))
    assert len(messages) == 1


def test_lookup_many_answers_in_order_with_errors_inline(store: Store, partners: Partners) -> None:
    items = [
        ("phone", "〇九〇・〇〇〇〇・一二三四"),
        ("phone", "oops"),
        ("phone", RED),
        ("url", HUB),
    ]
    with store.transaction("test") as conn:
        a = list(lookup_many(conn, partners.bank_a, items))
        c = list(lookup_many(conn, partners.telco_c, items))
    assert [x.get("flagged") for x in a] == [True, None, True, False]
    assert [x.get("flagged") for x in c] == [True, None, False, False]
    assert a[1] == c[1] == {"type": "phone", "value": "oops", "error": a[1]["error"]}
    assert c[2] == _unflagged("phone", RED)


def test_lookup_many_refuses_more_than_max_bulk(store: Store, partners: Partners) -> None:
    with store.transaction("test") as conn, pytest.raises(ValueError, match=str(MAX_BULK)):
        list(lookup_many(conn, partners.bank_a, [("phone", UNKNOWN)] * (MAX_BULK + 1)))
