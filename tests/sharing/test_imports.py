"""Imports: round trips between stores, markings kept, idempotence, rejections, caps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select

from cyberpatrol.engine import Engine
from cyberpatrol.sharing import misp, stix, tlp
from cyberpatrol.sharing.imports import BadImport, ImportReport, import_misp, import_stix
from cyberpatrol.sharing.markings import get_marking, set_marking
from cyberpatrol.sharing.orgs import LOCAL_ORG, create_org
from cyberpatrol.sharing.shared import shared_indicators
from cyberpatrol.store import Store, tables
from share_data import BANK, EXPECTED, HOSTILE_URL, indicator_id, save_posts

LEVELS = {
    ("phone", "+819012345678"): "GREEN",
    ("bank_account", BANK): "RED",
    ("email", "boss@evil-mail.jp"): "AMBER+STRICT",
    ("line", "sokukin_88"): "CLEAR",
}
"""Markings set in the source store; everything else is the default AMBER."""


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[Store]:
    """A store holding the posts, with :data:`LEVELS` marked by the local organisation."""
    url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}"
    with Store.open(url) as store:
        save_posts(store, engine)
        with store.transaction("test") as conn:
            for (kind, value), level in LEVELS.items():
                set_marking(
                    conn,
                    org_id=LOCAL_ORG,
                    may_lower=True,
                    object_type="indicator",
                    object_id=indicator_id(conn, kind, value),
                    level=level,
                )
        yield store


@pytest.fixture
def target(store_url: str) -> Iterator[tuple[Store, int]]:
    """An empty store and the partner organisation (``bank_a``) imports come from."""
    with Store.open(store_url) as store:
        with store.transaction("test") as conn:
            partner = create_org(conn, "bank_a", "A銀行", "bank")
        yield store, partner.id


def _export(source: Store, fmt: str) -> bytes:
    with source.transaction("test") as conn:
        if fmt == "stix":
            return orjson.dumps(stix.bundle(conn, LOCAL_ORG))
        return orjson.dumps(misp.event(conn, LOCAL_ORG))


def _import(store: Store, org: int, fmt: str, data: Any) -> ImportReport:
    read = import_stix if fmt == "stix" else import_misp
    with store.transaction("test") as conn:
        return read(conn, org, data, source="test.json")


def _counts(store: Store) -> tuple[int, int, int]:
    with store.transaction("test") as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (tables.indicators, tables.indicator_sources, tables.markings)
        )


@pytest.mark.parametrize("fmt", ["stix", "misp"])
def test_round_trip_keeps_values_and_markings(
    source: Store, target: tuple[Store, int], fmt: str
) -> None:
    store, partner = target
    report = _import(store, partner, fmt, _export(source, fmt))
    assert report.rejected == []
    assert (report.created, report.indicators) == (len(EXPECTED), len(EXPECTED))
    with store.transaction("test") as conn:
        seen = {(s.type, s.value): s for s in shared_indicators(conn, partner)}
        assert set(seen) == EXPECTED
        for key, s in seen.items():
            assert s.tlp == LEVELS.get(key, "AMBER"), key
            assert s.owner_org_id == partner
            assert s.category == "crime_recruitment"
        marking = get_marking(conn, "indicator", indicator_id(conn, "bank_account", BANK))
        assert (marking.tlp, marking.owner_org_id) == ("RED", partner)
        # The partner's TLP:RED stays with the partner.
        local = {(s.type, s.value) for s in shared_indicators(conn, LOCAL_ORG)}
        assert local == EXPECTED - {("bank_account", BANK)}
        rows = conn.execute(select(tables.indicator_sources)).all()
        assert {r.format for r in rows} == {fmt}
        assert {r.organisation_id for r in rows} == {partner}


@pytest.mark.parametrize("fmt", ["stix", "misp"])
def test_importing_again_adds_nothing(source: Store, target: tuple[Store, int], fmt: str) -> None:
    store, partner = target
    data = _export(source, fmt)
    _import(store, partner, fmt, data)
    before = _counts(store)
    again = _import(store, partner, fmt, data)
    assert (again.created, again.linked, again.updated) == (0, 0, 0)
    assert again.unchanged == len(EXPECTED)
    assert _counts(store) == before
    # A fresh export (new bundle id, same object ids) is the same report again.
    assert _import(store, partner, fmt, _export(source, fmt)).unchanged == len(EXPECTED)
    assert _counts(store) == before


def test_an_indicator_known_here_keeps_its_marking(
    source: Store, target: tuple[Store, int], engine: Engine
) -> None:
    store, partner = target
    save_posts(store, engine)
    with store.transaction("test") as conn:
        phone = indicator_id(conn, "phone", "+819012345678")
        assert not get_marking(conn, "indicator", phone).explicit
    report = _import(store, partner, "stix", _export(source, "stix"))
    assert (report.created, report.linked) == (0, len(EXPECTED))
    with store.transaction("test") as conn:
        assert not get_marking(conn, "indicator", phone).explicit
        s = shared_indicators(conn, LOCAL_ORG, ids=[phone])[0]
        assert (s.tlp, s.reports, s.sources) == ("AMBER", 2, (partner,))


def test_a_changed_report_is_updated_not_duplicated(
    source: Store, target: tuple[Store, int]
) -> None:
    store, partner = target
    bundle = orjson.loads(_export(source, "stix"))
    _import(store, partner, "stix", bundle)
    red = tlp.levels()["RED"].stix_id
    for obj in bundle["objects"]:
        if obj["type"] == "indicator":
            obj["object_marking_refs"] = [red]
    before = _counts(store)
    report = _import(store, partner, "stix", bundle)
    changed = len(EXPECTED) - sum(1 for level in LEVELS.values() if level == "RED")
    assert (report.updated, report.unchanged) == (changed, len(EXPECTED) - changed)
    assert _counts(store) == before
    with store.transaction("test") as conn:
        phone = indicator_id(conn, "phone", "+819012345678")
        assert get_marking(conn, "indicator", phone).tlp == "GREEN"  # markings stay


def _indicator(pattern: str, ref: str, **extra: Any) -> dict[str, Any]:
    n = sum(map(ord, ref)) % 10**12
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--00000000-0000-4000-8000-{n:012d}",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "pattern": pattern,
        "pattern_type": "stix",
        "valid_from": "2025-12-01T00:00:00Z",
        **extra,
    }


def _bundle(*objects: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "bundle",
        "id": "bundle--6a1c3a16-4e8b-4a4e-8f0e-2f2b4f5e8f11",
        "objects": list(objects),
    }


def test_what_cannot_be_read_is_rejected_with_reasons(target: tuple[Store, int]) -> None:
    store, partner = target
    good = _indicator("[phone-number:value = '090-1234-5678']", "good")
    bad = {
        "two": _indicator(
            "[url:value = 'http://a.example/'] OR [url:value = 'http://b.example/']", "two"
        ),
        "file": _indicator("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", "file"),
        "phone": _indicator("[phone-number:value = 'not a number']", "phone"),
        "hub": _indicator("[domain-name:value = 't.me']", "hub"),
        "control": _indicator("[url:value = 'http://a.example/\nb']", "control"),
        "snort": _indicator("alert tcp any any", "snort", pattern_type="snort"),
        "revoked": _indicator("[url:value = 'http://c.example/']", "revoked", revoked=True),
        "notequal": _indicator("[url:value != 'http://d.example/']", "notequal"),
        "account": _indicator(
            "[user-account:account_login = 'x' AND user-account:account_type = 'skype']", "account"
        ),
        "broken": {"type": "indicator", "id": "indicator--broken", "pattern": "["},
    }
    identity = {"type": "identity", "id": "identity--8e6d3d7a-1e4c-4d1f-9f0a-6f6c7f1b2a3c"}
    report = _import(store, partner, "stix", _bundle(good, identity, *bad.values()))
    assert (report.created, report.skipped, report.rejected_count) == (1, 1, len(bad))
    reasons = {r.ref: r.reason for r in report.rejected}
    assert "several observations" in reasons[bad["two"]["id"]]
    assert "file:hashes" in reasons[bad["file"]["id"]] or "'='" in reasons[bad["file"]["id"]]
    assert "phone" in reasons[bad["phone"]["id"]].lower()
    assert "hub" in reasons[bad["hub"]["id"]]
    assert "control" in reasons[bad["control"]["id"]]
    assert "snort" in reasons[bad["snort"]["id"]]
    assert reasons[bad["revoked"]["id"]] == "revoked"
    assert "skype" in reasons[bad["account"]["id"]]
    assert "STIX" in reasons["indicator--broken"]
    assert report.to_dict()["rejected"] == len(bad)


@pytest.mark.parametrize(
    ("refs", "definitions", "level"),
    [
        ([], [], "AMBER"),
        (["marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"], [], "RED"),  # TLP 1.0
        (["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"], [], "CLEAR"),  # WHITE
        (
            ["marking-definition--11111111-2222-4333-8444-555555555555"],
            [
                {
                    "type": "marking-definition",
                    "id": "marking-definition--11111111-2222-4333-8444-555555555555",
                    "definition_type": "tlp",
                    "definition": {"tlp": "green"},
                }
            ],
            "GREEN",
        ),
        (
            [
                "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
                "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            ],
            [],
            "AMBER+STRICT",
        ),
    ],
)
def test_the_tlp_comes_from_the_markings(
    target: tuple[Store, int], refs: list[str], definitions: list[dict[str, Any]], level: str
) -> None:
    store, partner = target
    obj = _indicator("[url:value = 'http://marked.example/x']", "m", object_marking_refs=refs)
    _import(store, partner, "stix", _bundle(*definitions, obj))
    with store.transaction("test") as conn:
        (s,) = shared_indicators(conn, partner)
        assert (s.type, s.value, s.tlp) == ("url", "http://marked.example/x", level)


def test_hostile_values_survive_a_round_trip(
    target: tuple[Store, int], store_url: str, tmp_path: Path
) -> None:
    store, partner = target
    values = [
        "http://evil.example/x'] OR [url:value = 'y",
        "http://evil.example/a\\b'c",
        "http://evil.example/<script>alert(1)</script>",
        HOSTILE_URL,
    ]
    objects = [_indicator(stix.pattern("url", v), v) for v in values]
    assert _import(store, partner, "stix", _bundle(*objects)).created == len(values)
    with store.transaction("test") as conn:
        exported = stix.bundle(conn, partner)
    with Store.open(f"sqlite:///{tmp_path / 'third.db'}") as third:
        with third.transaction("test") as conn:
            other = create_org(conn, "telco_c", "C通信", "telecom")
        assert _import(third, other.id, "stix", orjson.dumps(exported)).created == len(values)
        with third.transaction("test") as conn:
            assert {s.value for s in shared_indicators(conn, other.id)} == set(values)


def test_misp_details(target: tuple[Store, int]) -> None:
    store, partner = target
    event = {
        "Event": {
            "info": "partner event",
            "uuid": "5b8c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4",
            "date": "2025-11-01",
            "Tag": [{"name": "tlp:green"}],
            "Attribute": [
                {
                    "type": "phone-number",
                    "value": "080-1111-2222",
                    "uuid": "a0000000-0000-4000-8000-000000000001",
                },
                {
                    "type": "text",
                    "value": "yami_boss",
                    "uuid": "a0000000-0000-4000-8000-000000000002",
                },
                {
                    "type": "text",
                    "value": "sokukin_77",
                    "uuid": "a0000000-0000-4000-8000-000000000003",
                    "Tag": [{"name": 'cyberpatrol:indicator-type="line"'}, {"name": "tlp:red"}],
                },
                {"type": "url", "value": "http://deleted.example/", "deleted": True},
                {
                    "type": "iban",
                    "value": "DE89370400440532013000",
                    "uuid": "a0000000-0000-4000-8000-000000000004",
                },
                {
                    "type": "nonsense-type",
                    "value": "x",
                    "uuid": "a0000000-0000-4000-8000-000000000005",
                },
            ],
            "Object": [
                {
                    "name": "telegram-account",
                    "Tag": [{"name": "tlp:amber+strict"}],
                    "Attribute": [
                        {
                            "type": "text",
                            "value": "@kakeko_99",
                            "object_relation": "username",
                            "uuid": "a0000000-0000-4000-8000-000000000006",
                        }
                    ],
                }
            ],
        }
    }
    report = _import(store, partner, "misp", event)
    assert (report.objects, report.created, report.skipped) == (7, 3, 1)
    reasons = {r.ref: r.reason for r in report.rejected}
    assert "cyberpatrol:indicator-type" in reasons["a0000000-0000-4000-8000-000000000002"]
    assert "iban" in reasons["a0000000-0000-4000-8000-000000000004"]
    assert "nonsense-type" in reasons["a0000000-0000-4000-8000-000000000005"]
    with store.transaction("test") as conn:
        got = {(s.type, s.value): s for s in shared_indicators(conn, partner)}
    assert got[("phone", "+818011112222")].tlp == "GREEN"
    assert got[("phone", "+818011112222")].first_seen.isoformat() == "2025-11-01T00:00:00+00:00"
    assert got[("line", "sokukin_77")].tlp == "RED"
    assert got[("telegram", "kakeko_99")].tlp == "AMBER+STRICT"


def test_whole_file_problems(target: tuple[Store, int], monkeypatch: pytest.MonkeyPatch) -> None:
    store, partner = target
    with pytest.raises(BadImport, match=r"^test\.json: not JSON"):
        _import(store, partner, "stix", b"{")
    with pytest.raises(BadImport, match="not a STIX bundle"):
        _import(store, partner, "stix", b"[1, 2]")
    with pytest.raises(BadImport, match="not a MISP event"):
        _import(store, partner, "misp", b'"text"')
    with pytest.raises(BadImport, match="info"):
        _import(store, partner, "misp", b'{"Event": {"Attribute": []}}')
    monkeypatch.setattr("cyberpatrol.sharing.intake.MAX_BYTES", 100)
    with pytest.raises(BadImport, match="at most 0 MB"):
        _import(store, partner, "stix", b" " * 101)
    monkeypatch.setattr("cyberpatrol.sharing.stix_in.MAX_OBJECTS", 2)
    with pytest.raises(BadImport, match="3 objects: at most 2"):
        _import(store, partner, "stix", {"type": "bundle", "objects": [{}, {}, {}]})
    assert _counts(store)[0] == 0


@pytest.mark.parametrize(
    ("fmt", "data", "rejected"),
    [
        ("stix", {"type": "bundle", "objects": ["text", 5, None, [], {"type": "indicator"}]}, 1),
        (
            "stix",
            {"type": "bundle", "objects": [{"type": "marking-definition", "extensions": "x"}]},
            0,
        ),
        ("stix", {"type": "bundle"}, 0),
        (
            "stix",
            _bundle(_indicator("[url:value = 'http://z.example/']", "z", object_marking_refs=[1])),
            1,
        ),
        (
            "misp",
            {"Event": {"info": "x", "Tag": "bad", "Attribute": [None, 5, {"type": "url"}]}},
            3,
        ),
        (
            "misp",
            {
                "Event": {
                    "info": "x",
                    "Attribute": [{"type": "url", "value": ["a"]}],
                    "Object": [None],
                }
            },
            1,
        ),
    ],
)
def test_hostile_structures_are_rejected_not_crashed_on(
    target: tuple[Store, int], fmt: str, data: Any, rejected: int
) -> None:
    store, partner = target
    report = _import(store, partner, fmt, data)
    assert (report.rejected_count, report.created) == (rejected, 0)


@pytest.mark.parametrize(
    "event",
    [
        {"Event": {"info": "x", "Attribute": "text"}},
        {"Event": {"info": "x", "Attribute": {"type": "url"}}},
        {"Event": {"info": "x", "Object": [{"Attribute": "text"}]}},
        {"Event": None},
        {"response": "x"},
    ],
)
def test_malformed_events_are_refused_whole(target: tuple[Store, int], event: Any) -> None:
    store, partner = target
    with pytest.raises(BadImport, match="not a MISP event"):
        _import(store, partner, "misp", event)
