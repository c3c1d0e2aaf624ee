"""The analysts' questions over the store: neighbourhoods, shared indicators, bridges, export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import networkx as nx
import pytest

from cyberpatrol.engine import Engine
from cyberpatrol.linking import graph, queries
from cyberpatrol.linking.persist import update_campaigns
from cyberpatrol.model import Item
from cyberpatrol.store import Store

RECRUIT = "【即日即金】ホワイト案件、受け子募集。日給5万。"
POSTS = [
    # operation A: Telegram kasegu_777, three accounts (one of them the bridge)
    ("a1", "acct_a1", RECRUIT + "テレグラム: @kasegu_777"),
    ("a2", "acct_a2", "高額バイト 即日即金 受け子 t.me/kasegu_777"),
    ("a3", "bridge", "UD 受け子 即日払い ホワイト案件 連絡は テレ: kasegu_777"),
    # operation B: a phone number, three accounts (the bridge again)
    ("b1", "acct_b1", "【高額】出し子募集 カード渡すだけ 日給10万 090-0000-1234"),
    (
        "b2",
        "acct_b2",
        "【高額】出し子 カード渡すのでATMで下ろすだけ 日給10万 即日即金 〇九〇・〇〇〇〇・一二三四",
    ),
    ("b3", "bridge", "【急募】出し子 ATMで下ろすだけ 1割即払い ０９０ー００００ー１２３４"),
    # everyone mentions the police line and x.com: hubs
    ("h1", "acct_a1", RECRUIT + "x.com のDMは消されるので テレ: kasegu_777"),
    ("h2", "acct_b1", "【高額】出し子 日給10万 x.com じゃなくて電話 090-0000-1234"),
]


@pytest.fixture
def store(store_url: str) -> Store:
    engine = Engine()
    results = [
        engine.analyze(
            Item(pid, text, "x", author, created_at=datetime(2026, 10, i + 1, tzinfo=UTC))
        )
        for i, (pid, author, text) in enumerate(POSTS)
    ]
    assert all(r.flagged for r in results), [r.item.id for r in results if not r.flagged]
    s = Store.open(store_url)
    s.save(results)
    update_campaigns(s)
    return s


def test_indicator_neighbourhood(store: Store) -> None:
    with store.transaction("read") as conn:
        ident = queries.find_indicator(conn, "phone", "+819000001234")
        assert ident is not None
        view = queries.indicator(conn, ident)
        assert view is not None
        assert [p.external_id for p in view.posts] == ["b1", "b2", "b3", "h2"]
        assert view.accounts == ["x:acct_b1", "x:acct_b2", "x:bridge"]
        assert len(view.campaigns) == 1
        assert view.indicator.first_seen is not None
        assert view.indicator.first_seen.day == 4
        assert view.indicator.last_seen is not None
        assert view.indicator.last_seen.day == 8
        g = graph.indicator_graph(conn, view)
        assert g.has_edge(graph.post_node(view.posts[0].post_id), graph.indicator_node(ident))
    store.close()


def test_account_in_two_campaigns_is_a_bridge(store: Store) -> None:
    with store.transaction("read") as conn:
        view = queries.account(conn, "x:bridge")
        assert view is not None
        assert len(view.campaigns) == 2
        bridges = graph.bridges(conn)
        assert [b.account for b in bridges] == ["x:bridge"]
        assert bridges[0].centrality > 0
        assert len(bridges[0].campaigns) == 2
        assert queries.account(conn, "x:nobody") is None
        with pytest.raises(ValueError, match="platform:author"):
            queries.account(conn, "bridge")
    store.close()


def test_shared_indicators_leave_hubs_out(store: Store) -> None:
    with store.transaction("read") as conn:
        shared = queries.shared_indicators(conn)
        values = [(i.type, i.value) for i in shared]
        assert ("domain", "x.com") not in values
        assert values[:2] == [("phone", "+819000001234"), ("telegram", "kasegu_777")] or values[
            :2
        ] == [("telegram", "kasegu_777"), ("phone", "+819000001234")]
        assert all(i.accounts >= 2 for i in shared)
        with_hubs = queries.shared_indicators(conn, include_hubs=True)
        assert ("domain", "x.com") in [(i.type, i.value) for i in with_hubs]
    store.close()


def test_campaign_graph_exports(store: Store) -> None:
    with store.transaction("read") as conn:
        key = queries.list_campaigns(conn)[0].key
        view = queries.campaign(conn, key)
        assert view is not None
        g = graph.campaign_graph(conn, view)
    store.close()
    parsed = nx.parse_graphml(graph.export(g, "graphml").decode())
    assert parsed.number_of_nodes() == g.number_of_nodes()
    rows = list(csv.DictReader(io.StringIO(graph.export(g, "csv").decode())))
    assert len(rows) == g.number_of_edges()
    data = json.loads(graph.export(g, "json"))
    assert len(data["nodes"]) == g.number_of_nodes()
    elements = graph.cytoscape(g, {graph.campaign_node(key): f"/campaigns/{key}"})
    hrefs = {n["data"]["id"]: n["data"]["href"] for n in elements["nodes"]}
    assert hrefs[graph.campaign_node(key)] == f"/campaigns/{key}"
    with pytest.raises(ValueError, match="unknown export format"):
        graph.export(g, "xlsx")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+81", "'+81"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("ok", "ok"),
        (None, ""),
        (0.5, "0.5"),
    ],
)
def test_csv_cells_never_run_as_formulas(cell: object, safe: str) -> None:
    assert graph.spreadsheet_safe(cell) == safe
