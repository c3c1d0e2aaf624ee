"""The link-graph pages: campaigns, indicators, accounts, the item page's campaign."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_helpers import HOSTILE_AUTHOR, KASEGU, Linked, first_case, login

from cyberpatrol.cases import Hotline
from cyberpatrol.engine import Engine
from cyberpatrol.linking.persist import update_campaigns
from cyberpatrol.model import Item
from cyberpatrol.web import campaign_pages
from cyberpatrol.web.graphview import account_path, why_lines


def _account(name: str) -> str:
    return "/accounts/" + quote(name, safe=":@")


def _pages(linked: Linked) -> list[str]:
    return [
        "/campaigns",
        f"/campaigns/{linked.campaign}",
        f"/indicators/{linked.indicator_id}",
        _account(linked.hostile_account),
        "/graph",
        f"/cases/{linked.hostile_case}",
    ]


def test_the_pages_need_a_login(client: TestClient, linked: Linked) -> None:
    for path in [*_pages(linked), "/indicators?type=telegram&value=kasegu_777"]:
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path


def test_every_role_may_read_them(client: TestClient, linked: Linked) -> None:
    login(client, "view")
    for path in _pages(linked):
        assert client.get(path).status_code == 200, path


def test_the_header_links_to_the_campaigns(client: TestClient) -> None:
    login(client, "view")
    assert '<a href="/campaigns">キャンペーン</a>' in client.get("/queue").text


def test_campaigns_are_listed_biggest_first_and_paged(
    client: TestClient, linked: Linked, monkeypatch: pytest.MonkeyPatch
) -> None:
    login(client, "ana")
    page = client.get("/campaigns").text
    sizes = [
        int(s)
        for s in re.findall(r'href="/campaigns/c-[0-9a-f]+">[^<]+</a></td>\s*<td>(\d+)', page)
    ]
    assert len(sizes) >= 10 and sizes == sorted(sizes, reverse=True)
    assert f'href="/campaigns/{linked.campaign}"' in page  # the biggest
    monkeypatch.setattr(campaign_pages, "PER_PAGE", 4)
    first, second = client.get("/campaigns").text, client.get("/campaigns?page=2").text
    assert first.count('href="/campaigns/c-') == 4 and 'href="?page=2"' in first
    assert 'href="?page=1"' in second and "2 / " in second
    assert set(re.findall(r"/campaigns/(c-[0-9a-f]+)", first)).isdisjoint(
        re.findall(r"/campaigns/(c-[0-9a-f]+)", second)
    )


def test_a_campaign_page_shows_why_members_indicators_accounts_and_graph(
    client: TestClient, hotline: Hotline, linked: Linked
) -> None:
    login(client, "ana")
    r = client.get(f"/campaigns/{linked.campaign}")
    assert r.status_code == 200
    page = r.text
    # why, in Japanese, with the shared value linking to its page
    assert "共有された連絡先" in page and "Telegram" in page
    assert f'<a href="/indicators/{linked.indicator_id}">kasegu_777</a>' in page
    assert "文面の類似" in page and "しきい値 0.60 以上" in page
    # the timeline links members to their item pages
    view, _ = hotline.campaign(hotline.user("ana").actor(), linked.campaign)
    assert len(view.posts) == view.summary.size
    for p in view.posts:
        assert f"<td>{p.platform}/{p.external_id}</td>" in page
        if p.case_id:
            assert f'href="/cases/{p.case_id}"' in page
    # indicators table and accounts
    assert '<td class="value"><a href="/indicators/' in page
    for name in view.authors:
        assert f'href="{account_path(name)}"' in page
    # the graph: a container for graph.js, the node list, the downloads
    graph_url = f"/api/v1/campaigns/{linked.campaign}/graph"
    assert f'data-graph-url="{graph_url}?format=cytoscape"' in page
    for fmt in ("csv", "graphml", "json"):
        assert f'href="{graph_url}?format={fmt}"' in page
    assert 'class="node node-indicator"' in page and 'class="node node-post"' in page
    assert '<script src="/static/graph.js" defer></script>' in page
    assert 'id="__________cytoscape_stylesheet"' in page


def test_the_graph_pages_keep_the_strict_content_security_policy(
    client: TestClient, linked: Linked
) -> None:
    from cyberpatrol.web.app import CSP

    login(client, "view")
    for path in _pages(linked):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
    assert "'unsafe" not in CSP and "style-src 'self';" in CSP
    page = client.get(f"/campaigns/{linked.campaign}").text
    assert "<script>" not in page and "style=" not in page and "<style" not in page


def test_export_links_work_with_the_session(client: TestClient, linked: Linked) -> None:
    login(client, "view")
    page = client.get(f"/campaigns/{linked.campaign}").text
    for url in re.findall(r'<a class="button" href="([^"]+)" download>', page):
        r = client.get(url.replace("&amp;", "&"))
        assert r.status_code == 200, url
        assert r.headers["content-disposition"].startswith("attachment;")
    elements = client.get(f"/api/v1/campaigns/{linked.campaign}/graph?format=cytoscape")
    assert elements.status_code == 200 and elements.json()["nodes"]


def test_an_indicator_page_and_its_search(client: TestClient, linked: Linked) -> None:
    login(client, "ana")
    page = client.get(f"/indicators/{linked.indicator_id}").text
    assert "<h1>Telegram" in page and "<code>kasegu_777</code>" in page
    assert f'href="/campaigns/{linked.campaign}"' in page
    assert 'href="/cases/' in page and 'href="/accounts/x:' in page
    assert f"/api/v1/indicators/{linked.indicator_id}/graph?format=cytoscape" in page
    for spelling in ("kasegu_777", "@kasegu_777", "＠ｋａｓｅｇｕ＿７７７", "t.me/kasegu_777"):
        r = client.get("/indicators", params={"type": "telegram", "value": spelling})
        assert r.url.path == f"/indicators/{linked.indicator_id}", spelling
    for params in (
        {"type": "telegram", "value": "nobody_here_42"},
        {"type": "phone", "value": "not a number"},
        {"type": "nonsense", "value": "x"},
        {},
    ):
        r = client.get("/indicators", params=params)
        assert r.status_code == 404 and "<h1>エラー（404）</h1>" in r.text, params


def test_hub_and_shortener_values_are_marked(
    client: TestClient, hotline: Hotline, engine: Engine, linked: Linked
) -> None:
    text = "受け子募集 日給5万 https://bit.ly/3abcDEF 公式 https://www.internethotline.jp テレグラム @kasegu_777"
    hotline.store.save([engine.analyze(Item(id="hubpost", text=text, platform="x", author="h"))])
    update_campaigns(hotline.store)
    login(client, "ana")
    r = client.get("/indicators", params={"type": "domain", "value": "BIT.LY"})
    assert r.status_code == 200
    assert '<span class="tag tag-shortener">短縮URL</span>' in r.text
    assert '<span class="tag tag-hub">ハブ</span>' in r.text and "ハブ: " in r.text
    page = client.get(f"/campaigns/{linked.campaign}").text
    assert re.search(
        r'<tr class="hub">\s*<td>URL</td>\s*<td class="value"><a href="/indicators/\d+">https://www.internethotline.jp</a>',
        page,
    )
    assert 'class="node node-indicator hub"' in page


def test_an_account_page(client: TestClient, linked: Linked) -> None:
    login(client, "ana")
    page = client.get("/accounts/x:fukugyoworkx88").text
    assert "<small>x:fukugyoworkx88</small>" in page and "参加したキャンペーン" in page
    assert f'href="/campaigns/{linked.campaign}"' in page
    assert f'href="/indicators/{linked.indicator_id}"' in page
    assert "/api/v1/accounts/x:fukugyoworkx88/graph?format=cytoscape" in page


def test_the_graph_page_lists_shared_values_and_bridging_accounts(
    client: TestClient, linked: Linked
) -> None:
    login(client, "ana")
    page = client.get("/graph").text
    assert f'<a href="/indicators/{linked.indicator_id}">kasegu_777</a>' in page
    # The hostile account posted in two campaigns: a bridge, its name escaped.
    assert f'href="{account_path(linked.hostile_account)}"' in page
    assert "x:&#34;&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in page
    assert '<option value="telegram">Telegram</option>' in page


def test_the_item_page_links_to_its_campaign_and_indicators(
    client: TestClient, hotline: Hotline, linked: Linked
) -> None:
    login(client, "ana")
    page = client.get(f"/cases/{linked.hostile_case}").text
    view, _ = hotline.campaign(hotline.user("ana").actor(), linked.campaign)
    assert "<h2>キャンペーン</h2>" in page
    assert f'<a href="/campaigns/{linked.campaign}">キャンペーン {linked.campaign}</a>' in page
    assert f"投稿 {view.summary.size} 件" in page
    assert f'<a href="/indicators/{linked.indicator_id}">{KASEGU[1]}</a>' in page


def test_a_post_in_no_campaign_says_so(client: TestClient, hotline: Hotline) -> None:
    login(client, "ana")
    page = client.get(f"/cases/{first_case(hotline)}").text
    assert "この投稿はどのキャンペーンにも入っていません。" in page


def test_unknown_keys_are_404_pages_in_japanese(client: TestClient, linked: Linked) -> None:
    login(client, "ana")
    for path in (
        "/campaigns/c-000000000000",
        "/indicators/999999",
        "/accounts/x:nobody_at_all",
        "/accounts/no-platform",
        "/api/v1/campaigns/c-000000000000",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        if not path.startswith("/api/"):
            assert "<h1>エラー（404）</h1>" in r.text, path


def test_hostile_text_is_escaped_on_every_page(client: TestClient, linked: Linked) -> None:
    login(client, "ana")
    for path in _pages(linked):
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert 'href="javascript:' not in body and "<b>高収入</b>" not in body, path
        if path not in ("/campaigns",):
            assert "&lt;script&gt;" in body, path
    account = client.get(_account(linked.hostile_account)).text
    assert "&lt;b&gt;高収入&lt;/b&gt;" in account
    # Every account link stays one path segment, whatever the name holds.
    assert quote(HOSTILE_AUTHOR, safe=":@") in account and "%2F" in account


def test_why_entries_in_japanese() -> None:
    labels = {"telegram": "Telegram"}
    why = [
        {"rule": "shared_contact", "type": "telegram", "value": "kasegu_777", "posts": 8},
        {"rule": "shared_contact", "type": "line", "value": "<b>x</b>", "posts": 2},
        {"rule": "near_duplicate_text", "links": 3, "min_similarity": 0.8125, "threshold": 0.6},
        {"rule": "same_author_text", "links": 1, "min_similarity": 0.35, "threshold": 0.3},
        {"rule": "something_new", "weight": 2},
    ]
    lines = why_lines(why, {("telegram", "kasegu_777"): 34}, labels)
    assert [(w.title, w.detail, w.value, w.href, w.posts) for w in lines] == [
        ("共有された連絡先", "Telegram", "kasegu_777", "/indicators/34", 8),
        ("共有された連絡先", "line", "<b>x</b>", "", 2),
        ("文面の類似", "3組の投稿、最小類似度 0.81（しきい値 0.60 以上）", "", "", None),
        (
            "同一アカウントの類似投稿",
            "1組の投稿、最小類似度 0.35（しきい値 0.30 以上）",
            "",
            "",
            None,
        ),
        ("something_new", "weight=2", "", "", None),
    ]
