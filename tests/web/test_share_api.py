"""Exports, imports and TAXII 2.1 over HTTP: scopes, distribution, paging, the audit log,
and a real TAXII client (taxii2-client) subscribing to a live server."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
import requests
import stix2
from fastapi.testclient import TestClient
from pymisp import MISPEvent
from web_helpers import serving

from cyberpatrol.cases import Hotline
from cyberpatrol.cases.audit import entries
from cyberpatrol.engine import Engine
from cyberpatrol.sharing import taxii
from cyberpatrol.sharing.stix import parse_timestamp
from cyberpatrol.sharing.stix_in import indicator_of_pattern
from cyberpatrol.sharing.tokens import create_token
from partner_data import GROUPED, PHONE, RED, Partners, add_partners, add_posts
from share_data import EXPECTED, save_posts

EXPORT = "/api/v1/share/export"
IMPORT = "/api/v1/share/import"
OBJECTS = f"/taxii2/api/collections/{taxii.COLLECTION_ID}/objects/"
TAXII_ACCEPT = {"Accept": taxii.MEDIA_TYPE}


@pytest.fixture
def partners(hotline: Hotline, engine: Engine) -> Partners:
    """bank_a, bank_b, telco_c; a RED phone of bank_a's, a phone shared with banks only."""
    found = add_partners(hotline.store)
    add_posts(hotline.store, engine, found)
    save_posts(hotline.store, engine)
    return found


def _auth(hotline: Hotline, org: str, *scopes: str) -> dict[str, str]:
    with hotline.store.transaction("test") as conn:
        _, secret = create_token(conn, org, "test", list(scopes), created_by="t")
    return {"Authorization": f"Bearer {secret}"}


def _stix_values(body: bytes) -> set[tuple[str, str]]:
    bundle = orjson.loads(body)
    return {
        indicator_of_pattern(o["pattern"]) for o in bundle["objects"] if o["type"] == "indicator"
    }


def _phones(values: set[tuple[str, str]]) -> set[str]:
    return {v for t, v in values if t == "phone"}


def test_each_endpoint_needs_its_scope(
    client: TestClient, hotline: Hotline, partners: Partners
) -> None:
    lookup = _auth(hotline, "bank_a", "lookup")
    for path in (EXPORT, "/taxii2/", OBJECTS):
        assert client.get(path).status_code == 401
        refused = client.get(path, headers={**lookup, **TAXII_ACCEPT})
        assert refused.status_code == 401
        assert "detail" in refused.json()  # JSON, never a login page
    assert client.post(f"{IMPORT}?format=stix", content=b"{}", headers=lookup).status_code == 401
    export = _auth(hotline, "bank_a", "export")
    assert client.get(EXPORT, headers=export).status_code == 200
    assert client.get("/taxii2/", headers=export).status_code == 401
    assert client.post(f"{IMPORT}?format=stix", content=b"{}", headers=export).status_code == 401


def test_exports_hold_what_the_organisation_may_see(
    client: TestClient, hotline: Hotline, partners: Partners
) -> None:
    seen = {}
    for org in ("bank_a", "bank_b", "telco_c"):
        r = client.get(EXPORT, params={"format": "stix"}, headers=_auth(hotline, org, "export"))
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/stix+json;version=2.1"
        assert r.headers["content-disposition"].startswith(
            f'attachment; filename="cyberpatrol-{org}-'
        )
        stix2.parse(r.content, allow_custom=True)
        seen[org] = _stix_values(r.content)
    assert seen["telco_c"] >= EXPECTED
    assert RED in _phones(seen["bank_a"]) and GROUPED in _phones(seen["bank_a"])
    assert RED not in _phones(seen["bank_b"]) and GROUPED in _phones(seen["bank_b"])
    assert {RED, GROUPED} & _phones(seen["telco_c"]) == set()
    assert PHONE in _phones(seen["telco_c"])


def test_every_format_downloads(client: TestClient, hotline: Hotline, partners: Partners) -> None:
    auth = _auth(hotline, "bank_b", "export")

    def get(fmt: str, **params: Any) -> Any:
        r = client.get(EXPORT, params={"format": fmt, **params}, headers=auth)
        assert r.status_code == 200, r.text
        assert r.headers["content-disposition"].startswith("attachment;")
        return r

    event = MISPEvent()
    event.load(get("misp").content)
    assert RED not in {a.value for a in event.attributes}
    rows = list(csv.reader(io.StringIO(get("csv").text)))
    assert rows[0][:3] == ["type", "value", "tlp"]
    assert ("phone", f"'{GROUPED}") in {(r[0], r[1]) for r in rows}  # "+": spreadsheet-safe
    assert get("domains").text.splitlines()[3:] == ["evil-job.co.jp", "evil.example"]
    assert "0.0.0.0 evil.example" in get("hosts").text
    assert "*.evil.example CNAME ." in get("rpz").text
    only = _stix_values(get("stix", type=["telegram", "line"]).content)
    assert {t for t, _ in only} == {"telegram", "line"}
    bad = client.get(EXPORT, params={"format": "csv", "type": "fax"}, headers=auth)
    assert bad.status_code == 422
    assert client.get(EXPORT, params={"format": "xml"}, headers=auth).status_code == 422
    (entry, *_) = _audit(hotline, "partner.export")
    assert entry.detail["organisation"] == "bank_b"
    assert entry.username.startswith("partner:bank_b/")


def _audit(hotline: Hotline, action: str) -> list[Any]:
    with hotline.store.transaction("test") as conn:
        return entries(conn, action=action)


def test_imports(client: TestClient, hotline: Hotline, partners: Partners) -> None:
    auth = _auth(hotline, "telco_c", "import")
    bundle = {
        "type": "bundle",
        "id": "bundle--6a1c3a16-4e8b-4a4e-8f0e-2f2b4f5e8f11",
        "objects": [
            {
                "type": "indicator",
                "spec_version": "2.1",
                "id": "indicator--4c8e3a1b-2d5f-4e6a-9b7c-8d9e0f1a2b3c",
                "created": "2026-01-01T00:00:00.000Z",
                "modified": "2026-01-01T00:00:00.000Z",
                "pattern": "[phone-number:value = '+817000000001']",
                "pattern_type": "stix",
                "valid_from": "2026-01-01T00:00:00Z",
                "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"],
            }
        ],
    }
    r = client.post(f"{IMPORT}?format=stix", content=orjson.dumps(bundle), headers=auth)
    assert r.status_code == 200, r.text
    assert (r.json()["created"], r.json()["rejected"]) == (1, 0)
    again = client.post(f"{IMPORT}?format=stix", content=orjson.dumps(bundle), headers=auth)
    assert again.json()["unchanged"] == 1
    # TLP:RED from telco_c: in telco_c's export only.
    mine = client.get(EXPORT, headers=_auth(hotline, "telco_c", "export"))
    theirs = client.get(EXPORT, headers=_auth(hotline, "bank_a", "export"))
    assert "+817000000001" in _phones(_stix_values(mine.content))
    assert "+817000000001" not in _phones(_stix_values(theirs.content))
    bad = client.post(f"{IMPORT}?format=misp", content=b"not json", headers=auth)
    assert bad.status_code == 400
    assert "not JSON" in bad.json()["detail"]
    big = client.post(
        f"{IMPORT}?format=stix",
        content=b"{}",
        headers={**auth, "Content-Length": str(30 * 1024 * 1024)},
    )
    assert big.status_code == 413
    logged = _audit(hotline, "partner.import")  # newest first
    assert [e.detail.get("created") for e in logged] == [None, None, 0, 1]
    assert "MB" in logged[0].detail["error"] and "not JSON" in logged[1].detail["error"]
    assert {e.detail["organisation"] for e in logged} == {"telco_c"}


def _taxii_all(client: TestClient, auth: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every object, page by page, following ``next``."""
    out: list[dict[str, Any]] = []
    nxt = None
    for _ in range(100):
        query = {**params, **({"next": nxt} if nxt else {})}
        r = client.get(OBJECTS, params=query, headers={**auth, **TAXII_ACCEPT})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == taxii.MEDIA_TYPE
        body = r.json()
        page = body.get("objects", [])
        if page:
            added = [parse_timestamp(r.headers["X-TAXII-Date-Added-First"])]
            added.append(parse_timestamp(r.headers["X-TAXII-Date-Added-Last"]))
            assert added[0] <= added[1]
        out += page
        if not body["more"]:
            return out
        nxt = body["next"]
    raise AssertionError("paging never ended")


def test_taxii_endpoints(client: TestClient, hotline: Hotline, partners: Partners) -> None:
    auth = {**_auth(hotline, "bank_b", "taxii"), **TAXII_ACCEPT}
    discovery = client.get("/taxii2/", headers=auth).json()
    assert discovery["api_roots"] == ["http://testserver/taxii2/api/"]
    root = client.get("/taxii2/api/", headers=auth).json()
    assert root["versions"] == [taxii.MEDIA_TYPE]
    (coll,) = client.get("/taxii2/api/collections/", headers=auth).json()["collections"]
    assert (coll["id"], coll["can_read"], coll["can_write"]) == (taxii.COLLECTION_ID, True, False)
    assert client.get("/taxii2/api/collections/indicators/", headers=auth).json() == coll
    assert client.get("/taxii2/api/collections/nope/objects/", headers=auth).status_code == 404
    assert client.get("/taxii2/", headers={**auth, "Accept": "text/html"}).status_code == 406
    whole = _taxii_all(client, auth, limit=1000)
    paged = _taxii_all(client, auth, limit=2)
    assert [o["id"] for o in paged] == [o["id"] for o in whole]
    assert len({o["id"] for o in paged}) == len(paged)
    assert [o["type"] for o in whole[:6]] == ["identity", *["marking-definition"] * 5]
    phones = _phones(
        {indicator_of_pattern(o["pattern"]) for o in whole if o["type"] == "indicator"}
    )
    assert GROUPED in phones and RED not in phones
    manifest = client.get(OBJECTS.replace("objects", "manifest"), headers=auth).json()
    assert [m["id"] for m in manifest["objects"]] == [o["id"] for o in whole[:100]]
    r = client.get(OBJECTS, params={"limit": 3}, headers=auth)
    last = r.headers["X-TAXII-Date-Added-Last"]
    after = _taxii_all(client, auth, added_after=last)
    assert {o["id"] for o in after} <= {o["id"] for o in whole[3:]}
    assert client.get(OBJECTS, params={"next": "bogus"}, headers=auth).status_code == 400
    assert client.get(OBJECTS, params={"added_after": "yesterday"}, headers=auth).status_code == 400
    logged = _audit(hotline, "partner.taxii")
    assert {e.detail["organisation"] for e in logged} == {"bank_b"}
    assert any(e.target == "objects:indicators" and e.detail["count"] == 2 for e in logged)


class _Bearer(requests.auth.AuthBase):
    def __init__(self, secret: str) -> None:
        self.secret = secret

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self.secret}"
        return r


@pytest.fixture
def live(hotline: Hotline, partners: Partners) -> Iterator[str]:
    with serving(hotline) as url:
        yield url


def test_a_taxii_client_subscribes(live: str, hotline: Hotline) -> None:
    from taxii2client.v21 import Server, as_pages

    auth = _auth(hotline, "bank_a", "taxii")["Authorization"].removeprefix("Bearer ")
    server = Server(f"{live}/taxii2/", auth=_Bearer(auth))
    (root,) = server.api_roots
    assert root.url == f"{live}/taxii2/api/"
    (collection,) = root.collections
    assert collection.id == taxii.COLLECTION_ID and collection.can_read
    everything = collection.get_objects()
    assert everything["more"] is False
    ids = [o["id"] for o in everything["objects"]]
    pages = list(as_pages(collection.get_objects, per_request=4))
    assert len(pages) == -(-len(ids) // 4)
    assert [o["id"] for p in pages for o in p.get("objects", [])] == ids
    phones = _phones(
        {
            indicator_of_pattern(o["pattern"])
            for o in everything["objects"]
            if o["type"] == "indicator"
        }
    )
    assert {RED, GROUPED} <= phones
    later = collection.get_objects(added_after="2999-01-01T00:00:00.000Z")
    assert later.get("objects", []) == []
    manifest = collection.get_manifest()
    assert [m["id"] for m in manifest["objects"]] == ids
    stix2.parse(
        {
            "type": "bundle",
            "id": "bundle--6a1c3a16-4e8b-4a4e-8f0e-2f2b4f5e8f11",
            "objects": everything["objects"],
        },
        allow_custom=True,
    )
