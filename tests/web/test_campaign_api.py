"""The link graph in the JSON API: campaigns, indicators, accounts, graphs and downloads."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import networkx as nx
import orjson
import pytest
from fastapi.testclient import TestClient
from web_helpers import HOSTILE, HOSTILE_AUTHOR, KASEGU, Linked, login

from cyberpatrol.cases import Hotline
from cyberpatrol.linking.graph import MEDIA_TYPES


@pytest.fixture
def auth(hotline: Hotline) -> dict[str, str]:
    _, secret = hotline.create_token(hotline.user("view"), "test")
    return {"Authorization": f"Bearer {secret}"}


def _account(name: str) -> str:
    return "/api/v1/accounts/" + quote(name, safe=":@")


def _endpoints(linked: Linked) -> list[str]:
    return [
        "/api/v1/campaigns",
        f"/api/v1/campaigns/{linked.campaign}",
        f"/api/v1/campaigns/{linked.campaign}/graph",
        f"/api/v1/indicators/{linked.indicator_id}",
        f"/api/v1/indicators/{linked.indicator_id}/graph",
        "/api/v1/indicators/search?type=telegram&value=kasegu_777",
        _account(linked.hostile_account),
        _account(linked.hostile_account) + "/graph",
        "/api/v1/graph/shared",
        "/api/v1/graph/bridges",
    ]


def test_every_endpoint_needs_a_token_or_a_session(
    client: TestClient, linked: Linked, auth: dict[str, str]
) -> None:
    for path in _endpoints(linked):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers={"Authorization": "Bearer cpt_nope"}).status_code == 401
        assert client.get(path, headers=auth).status_code == 200, path
    login(client, "view")
    for path in _endpoints(linked):
        assert client.get(path).status_code == 200, path


def test_campaigns_biggest_first_and_paged(
    client: TestClient, linked: Linked, auth: dict[str, str]
) -> None:
    everything = client.get("/api/v1/campaigns?limit=500", headers=auth).json()
    sizes = [c["size"] for c in everything["campaigns"]]
    assert everything["total"] == len(sizes) >= 10 and sizes == sorted(sizes, reverse=True)
    assert everything["campaigns"][0]["key"] == linked.campaign
    page = client.get("/api/v1/campaigns?limit=3&offset=3", headers=auth).json()
    assert page["total"] == everything["total"]
    assert page["campaigns"] == everything["campaigns"][3:6]
    assert client.get("/api/v1/campaigns?limit=0", headers=auth).status_code == 422


def test_a_campaign_in_detail(client: TestClient, linked: Linked, auth: dict[str, str]) -> None:
    c = client.get(f"/api/v1/campaigns/{linked.campaign}", headers=auth).json()
    assert c["key"] == linked.campaign and c["size"] == len(c["posts"])
    shared = [w for w in c["why"] if w["rule"] == "shared_contact"]
    assert {"type": KASEGU[0], "value": KASEGU[1]}.items() <= shared[0].items()
    assert any(w["rule"] == "near_duplicate_text" and w["threshold"] == 0.6 for w in c["why"])
    kasegu = next(i for i in c["indicators"] if i["id"] == linked.indicator_id)
    assert kasegu["label"] == "Telegram" and kasegu["posts"] >= 8
    assert linked.hostile_account in c["account_names"]
    # Texts are data: returned as written, never escaped or interpreted.
    hostile = next(p for p in c["posts"] if p["external_id"] == "evil-campaign")
    assert hostile["author"] == HOSTILE_AUTHOR and hostile["excerpt"].startswith(HOSTILE[:30])
    assert hostile["case_id"] == linked.hostile_case
    missing = client.get("/api/v1/campaigns/c-000000000000", headers=auth)
    assert missing.status_code == 404 and "存在しません" in missing.json()["detail"]


def test_cytoscape_elements_link_every_node_to_its_page(
    client: TestClient, linked: Linked, auth: dict[str, str]
) -> None:
    r = client.get(f"/api/v1/campaigns/{linked.campaign}/graph?format=cytoscape", headers=auth)
    assert r.headers["content-type"] == "application/json"
    elements = r.json()
    nodes = {n["data"]["id"]: n["data"] for n in elements["nodes"]}
    kinds = {d["kind"] for d in nodes.values()}
    assert kinds == {"campaign", "account", "indicator", "post"}
    assert nodes[f"campaign:{linked.campaign}"]["href"] == f"/campaigns/{linked.campaign}"
    assert nodes[f"indicator:{linked.indicator_id}"]["href"] == (
        f"/indicators/{linked.indicator_id}"
    )
    hostile = nodes[f"account:{linked.hostile_account}"]
    assert hostile["label"] == linked.hostile_account  # drawn as canvas text
    assert hostile["href"] == "/accounts/" + quote(linked.hostile_account, safe=":@")
    assert "/" not in hostile["href"].removeprefix("/accounts/")
    posts = [d for d in nodes.values() if d["kind"] == "post"]
    assert posts and all(d["href"].startswith("/cases/") for d in posts)
    assert all(
        e["data"]["source"] in nodes and e["data"]["target"] in nodes for e in elements["edges"]
    )
    # The hrefs lead to pages that exist.
    login(client, "view")
    for d in nodes.values():
        assert client.get(d["href"]).status_code == 200, d


@pytest.mark.parametrize("fmt", ["csv", "graphml", "json"])
def test_graph_downloads_parse_and_are_audited(
    client: TestClient, hotline: Hotline, linked: Linked, auth: dict[str, str], fmt: str
) -> None:
    r = client.get(f"/api/v1/campaigns/{linked.campaign}/graph?format={fmt}", headers=auth)
    assert r.status_code == 200
    assert r.headers["content-type"] == MEDIA_TYPES[fmt]
    assert r.headers["content-disposition"] == (
        f'attachment; filename="campaign_{linked.campaign}.{fmt}"'
    )
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(r.content))
    elif fmt == "json":
        g = nx.node_link_graph(orjson.loads(r.content), edges="edges")
    else:
        rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8"))))
        assert rows and {"source", "relation", "target"} <= set(rows[0])
        g = nx.Graph((row["source"], row["target"]) for row in rows)
    assert f"campaign:{linked.campaign}" in g and f"indicator:{linked.indicator_id}" in g
    assert f"account:{linked.hostile_account}" in g
    entries = hotline.audit_log(hotline.user("sup").actor())
    assert any(
        e.action == "graph.export"
        and e.target == f"campaign:{linked.campaign}"
        and e.detail == {"format": fmt}
        for e in entries
    )


def test_indicator_detail_search_and_graph(
    client: TestClient, linked: Linked, auth: dict[str, str]
) -> None:
    detail = client.get(f"/api/v1/indicators/{linked.indicator_id}", headers=auth).json()
    assert detail["indicator"]["value"] == "kasegu_777" and detail["indicator"]["tags"] == []
    assert linked.campaign in {c["key"] for c in detail["campaigns"]}
    assert linked.hostile_account in detail["accounts"]
    for spelling in ("@kasegu_777", "ｋａｓｅｇｕ＿７７７", "https://t.me/kasegu_777"):
        found = client.get(
            "/api/v1/indicators/search",
            params={"type": "telegram", "value": spelling},
            headers=auth,
        )
        assert found.status_code == 200 and found.json() == detail, spelling
    for params in (
        {"type": "telegram", "value": "nobody_here_42"},
        {"type": "phone", "value": "not a number"},
        {"type": "nonsense", "value": "x"},
    ):
        r = client.get("/api/v1/indicators/search", params=params, headers=auth)
        assert r.status_code == 404, params
    assert client.get("/api/v1/indicators/search?type=phone", headers=auth).status_code == 422
    assert client.get("/api/v1/indicators/999999", headers=auth).status_code == 404
    graph = client.get(f"/api/v1/indicators/{linked.indicator_id}/graph", headers=auth).json()
    assert f"indicator:{linked.indicator_id}" in {n["data"]["id"] for n in graph["nodes"]}
    download = client.get(
        f"/api/v1/indicators/{linked.indicator_id}/graph?format=graphml", headers=auth
    )
    assert download.headers["content-disposition"] == (
        f'attachment; filename="indicator_{linked.indicator_id}.graphml"'
    )
    bad = f"/api/v1/indicators/{linked.indicator_id}/graph?format=png"
    assert client.get(bad, headers=auth).status_code == 422


def test_an_account_whose_name_holds_markup_and_a_slash(
    client: TestClient, linked: Linked, auth: dict[str, str]
) -> None:
    path = _account(linked.hostile_account)
    account = client.get(path, headers=auth).json()
    assert account["account"] == linked.hostile_account
    assert {p["external_id"] for p in account["posts"]} >= {"evil-campaign", "evil-line"}
    assert len(account["campaigns"]) >= 2
    graph = client.get(path + "/graph", headers=auth).json()
    assert f"account:{linked.hostile_account}" in {n["data"]["id"] for n in graph["nodes"]}
    r = client.get(path + "/graph?format=csv", headers=auth)
    assert r.headers["content-disposition"].startswith('attachment; filename="account_x_')
    assert "<" not in r.headers["content-disposition"]
    for missing in ("x:nobody_at_all", "no-platform"):
        assert client.get(_account(missing), headers=auth).status_code == 404


def test_shared_indicators_and_bridges(
    client: TestClient, linked: Linked, auth: dict[str, str]
) -> None:
    shared = client.get("/api/v1/graph/shared?limit=5", headers=auth).json()
    assert len(shared) == 5 and shared[0]["id"] == linked.indicator_id
    assert all(i["accounts"] >= 2 and "hub" not in i["tags"] for i in shared)
    bridges = client.get("/api/v1/graph/bridges", headers=auth).json()
    (bridge,) = [b for b in bridges if b["account"] == linked.hostile_account]
    assert linked.campaign in bridge["campaigns"] and len(bridge["campaigns"]) == 2
    assert bridge["centrality"] > 0


def test_the_openapi_document_lists_the_graph_endpoints(client: TestClient) -> None:
    from openapi_spec_validator import validate

    doc = client.get("/api/openapi.json").json()
    validate(doc)
    assert {
        "/api/v1/campaigns",
        "/api/v1/campaigns/{key}",
        "/api/v1/campaigns/{key}/graph",
        "/api/v1/indicators/{indicator_id}",
        "/api/v1/indicators/{indicator_id}/graph",
        "/api/v1/indicators/search",
        "/api/v1/accounts/{name}",
        "/api/v1/accounts/{name}/graph",
        "/api/v1/graph/shared",
        "/api/v1/graph/bridges",
    } <= set(doc["paths"])
    # The look-up is the partners' (issue 6: web/partner_api.py), not the analysts' graph API.
    lookups = [op for p, ops in doc["paths"].items() if "lookup" in p for op in ops.values()]
    assert lookups and all(op["tags"] == ["partner"] for op in lookups)
    graph = doc["paths"]["/api/v1/campaigns/{key}/graph"]["get"]
    assert {"text/csv", "application/graphml+xml"} <= set(graph["responses"]["200"]["content"])
